// Grants and participatory budgeting in a real browser without JavaScript: a member
// applies by ideas canvas and is told what is wrong; a panel member scores with a
// running total; an officer sees the ranking; a resident votes; the count shows both
// methods side by side. axe checks each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessibleAs, expectAccessibleAt, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const accessibleAs = (role, url) => expectAccessibleAs(browser, role, url);

test('a member applies by canvas; the panel scores it; an officer ranks it', { timeout: 180000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'member@demo.kith.test', 'kith-demo-member');
  await page.goto(base + '/grants');
  await expectAccessibleAt(browser, page.url());
  await page.getByRole('link', { name: 'Small Sparks, winter 2026' }).first().click();
  await accessibleAs('member', page.url());
  await page.getByLabel("Your group's name").fill('Bench Friends (browser test)');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByLabel('A group of residents (not registered)').check();
  await page.getByLabel("Your group's postcode").fill('RM17 5AB');
  await page.getByLabel('The idea').fill('Paint and mend the benches on the green');
  await page.getByLabel('What it answers').fill('The benches are broken so older people stay in');
  await page.getByLabel('Who is involved').fill('Eight neighbours and the scouts');
  await page.getByLabel("Your community's own assets").fill("The scouts' tools and a retired carpenter");
  await page.getByLabel('A sense of belonging and community').check();
  await page.getByLabel('How it will last').fill('The scouts look after them each spring');
  await page.getByLabel('What the money pays for').fill('Wood, paint and fixings');
  await page.getByLabel('How much you ask for').fill('400');
  await page.getByLabel('Volunteer hours your community gives').fill('20');
  await page.getByLabel(/Materials and other things given/).fill('0');
  await page.getByRole('button', { name: 'Send it to the panel' }).click();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /This round gives at most £250: you asked for £400/);
  await accessibleAs('member', page.url().replace(/\?.*$/, ''));
  await page.getByLabel('How much you ask for').fill('240');
  await page.getByRole('button', { name: 'Send it to the panel' }).click();
  assert.match(await page.locator('#status').innerText(), /Sent/);
  await accessibleAs('member', page.url());
  await closePage(page);

  // The demo panel member has the demo street party to score.
  const panel = await openPage(browser, { javaScriptEnabled: false });
  await signIn(panel, 'panel@demo.kith.test', 'kith-demo-panel');
  await panel.goto(base + '/grants/panel');
  await accessibleAs('panel', panel.url());
  await panel.getByRole('link', { name: 'Friends of Orsett Road (demo)' }).click();
  await panel.locator('#score-community-involvement-4').check();
  await panel.locator('#score-relationships-5').check();
  await panel.getByRole('button', { name: 'Save the scores' }).click();
  assert.match(await panel.locator('#running-total').innerText(), /13\.0 of 25\.0/);  // 2 x 4 + 5
  await accessibleAs('panel', panel.url());
  // With JavaScript the total follows each choice before saving.
  const live = await openPage(browser);
  await signIn(live, 'panel@demo.kith.test', 'kith-demo-panel');
  await live.goto(panel.url());
  await live.locator('#score-community-involvement-1').check();
  assert.equal(await live.locator('#total-now').innerText(), '7.0');  // 2 x 1 + 5
  await closePage(live);
  await closePage(panel);

  const officer = await openPage(browser, { javaScriptEnabled: false });
  await signIn(officer, 'officer@demo.kith.test', 'kith-demo-officer');
  await officer.goto(base + '/grants');
  await officer.getByRole('link', { name: 'Small Sparks, winter 2026' }).first().click();
  await officer.goto(officer.url() + '/manage');
  const ranking = await officer.locator('#ranking').innerText();
  assert.match(ranking, /Friends of Orsett Road \(demo\)/);
  assert.match(ranking, /Bench Friends \(browser test\)/);
  await accessibleAs('officer', officer.url());
  await accessibleAs('officer', base + '/admin/grants');
  await closePage(officer);
});

test('a resident votes in the budget; the count shows both methods', { timeout: 180000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'member@demo.kith.test', 'kith-demo-member');
  await page.goto(base + '/pb');
  await expectAccessibleAt(browser, page.url());
  await page.getByRole('link', { name: 'Grays decides 2027 (demo)' }).click();
  await accessibleAs('member', page.url());
  await page.getByLabel(/Benches along the river walk/).check();
  await page.getByLabel(/Youth club kit/).check();
  await page.getByLabel(/Community fridge/).check();
  await page.getByLabel(/Street tree planting/).check();
  await page.getByLabel('Your home postcode').fill('RM17 5AB');
  await page.getByRole('button', { name: 'Cast your vote' }).click();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Choose 1 to 3 projects \(you chose 4\)/);
  // The form comes back with the ticks and the postcode kept; untick one, three this time.
  for (const kept of [/Benches along the river walk/, /Youth club kit/, /Community fridge/, /Street tree planting/])
    assert.equal(await page.getByLabel(kept).isChecked(), true);
  assert.equal(await page.getByLabel('Your home postcode').inputValue(), 'RM17 5AB');
  await page.getByLabel(/Street tree planting/).uncheck();
  await page.getByRole('button', { name: 'Cast your vote' }).click();
  assert.match(await page.locator('#voted').innerText(), /You have voted/);
  await closePage(page);

  const officer = await openPage(browser, { javaScriptEnabled: false });
  await signIn(officer, 'officer@demo.kith.test', 'kith-demo-officer');
  await officer.goto(base + '/pb');
  await officer.getByRole('link', { name: 'Grays decides 2027 (demo)' }).click();
  await officer.getByRole('link', { name: 'Run this budget' }).click();
  await accessibleAs('officer', officer.url());
  await officer.getByLabel("The ballot's printed reference").fill('G-0001');
  await officer.getByLabel("The voter's postcode").fill('RM17 5AB');
  await officer.locator('#paper-' + await officer.locator('input[name=projects]').first().getAttribute('value')).check();
  await officer.getByRole('button', { name: 'Enter the ballot' }).click();
  assert.match(await officer.locator('main').innerText(), /2 ballots so far/);
  // Closing cannot be undone: the first press asks, the second closes.
  await officer.getByRole('link', { name: 'Close voting and count' }).click();
  assert.match(await officer.locator('#confirm-close').innerText(), /cannot be undone/);
  await accessibleAs('officer', officer.url());
  await officer.getByRole('button', { name: 'Close voting and count' }).click();
  assert.match(await officer.locator('.govuk-notification-banner').innerText(), /Voting is closed and counted/);
  assert.match(await officer.locator('#greedy').innerText(), /Funded/);
  assert.match(await officer.locator('#equal-shares').innerText(), /supporters' shares/);
  assert.match(await officer.locator('#turnout').innerText(), /2 ballots \(1 online, 1 on paper\)/);
  assert.match(await officer.locator('#decided-by').innerText(), /equal shares decides what is funded/);
  await expectAccessibleAt(browser, officer.url());
  await closePage(officer);
});
