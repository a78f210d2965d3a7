// Evaluating from stories in a real browser without JavaScript: an officer reads the
// dashboard and follows a bar to its stories, makes a story a case study that anyone
// then finds; a panel member records a Most Significant Change pick; a member finds
// their own stories; an admin adds a question for tellers. axe checks each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessibleAs, expectAccessibleAt, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const accessibleAs = (role, url) => expectAccessibleAs(browser, role, url);

test('an officer follows the dashboard to a story and makes it a case study', { timeout: 120000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'officer@demo.kith.test', 'kith-demo-officer');
  await page.getByRole('link', { name: 'Staff tools' }).click();
  await page.getByRole('main').getByRole('link', { name: 'Evaluation' }).click();
  assert.match(await page.locator('h1').innerText(), /What stories show/);
  assert.equal(await page.locator('svg.kith-triad').count() >= 1, true);
  await accessibleAs('officer', page.url());
  // The top bin of "who made the difference" holds the allotment story (answered 100).
  const section = page.locator('section.kith-signifier').first();
  await section.locator('summary').click();  // native details: opens without JavaScript
  await section.getByRole('link', { name: '90–100' }).click();
  assert.match(await page.locator('h1').innerText(), /Stories answering/);
  await accessibleAs('officer', page.url());
  await page.getByRole('link', { name: 'The allotment that came to us' }).click();
  await accessibleAs('officer', page.url());
  await page.getByLabel(/The approach/).fill('Pupils and a teacher spent one Saturday morning with each household that asked, and came back once a month.');
  await page.getByRole('button', { name: 'Save the case study' }).click();
  assert.match(await page.locator('.govuk-notification-banner, .kith-flash').first().innerText(), /case study/i);
  await closePage(page);

  const reader = await openPage(browser, { javaScriptEnabled: false });
  await reader.goto(base + '/case-studies?q=allotment');
  await reader.getByRole('link', { name: 'The allotment that came to us' }).click();
  assert.match(await reader.locator('#case-study').innerText(), /came back once a month/);
  await expectAccessibleAt(browser, reader.url());
  await expectAccessibleAt(browser, base + '/case-studies');
  await closePage(reader);
});

test('a panel member records the most significant story, with why', { timeout: 120000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'panel@demo.kith.test', 'kith-demo-panel');
  await page.goto(base + '/evaluate/msc');
  await accessibleAs('panel', page.url());
  await page.getByRole('link', { name: "Dudley residents' panel, autumn 2026" }).click();
  await accessibleAs('panel', page.url());
  const domain = page.locator('#domain-learn');
  await domain.getByLabel('What we learned running the pop-up living room').check();
  await domain.getByLabel('Why the panel chose it').fill('It changed how a whole team plans its visits.');
  await domain.getByRole('button', { name: /Record the pick/ }).click();
  assert.match(await page.locator('#domain-learn .kith-pick').innerText(), /changed how a whole team plans/);
  await closePage(page);
});

test('a member sees their own stories and their data; an admin adds a question for tellers', { timeout: 120000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'member@demo.kith.test', 'kith-demo-member');
  await page.goto(base + '/stories/mine');
  assert.match(await page.locator('main').innerText(), /Your stories/);
  await accessibleAs('member', page.url());
  await page.goto(base + '/account');
  await page.getByRole('link', { name: /Your data/ }).click();
  assert.match(await page.locator('#parts').innerText(), /Stories/);
  await accessibleAs('member', page.url());
  await closePage(page);

  const admin = await openPage(browser, { javaScriptEnabled: false });
  await signIn(admin, 'admin@demo.kith.test', 'kith-demo-admin');
  await admin.goto(base + '/admin/signifiers');
  await admin.getByRole('button', { name: 'Add the question' }).click();
  assert.match(await admin.locator('.govuk-error-summary').innerText(), /Choose a slider or a three-way choice/);
  await admin.getByLabel('A slider between two ends').check();
  await admin.getByLabel('The question').fill('How did it feel? (browser test)');
  await admin.getByLabel(/First end/).fill('Hard going');
  await admin.getByLabel(/Second end/).fill('Easy');
  await admin.getByRole('button', { name: 'Add the question' }).click();
  assert.match(await admin.locator('#signifiers').innerText(), /How did it feel\? \(browser test\)/);
  await accessibleAs('admin', admin.url());
  await admin.goto(base + '/stories/tell');
  assert.match(await admin.locator('main').innerText(), /How did it feel\? \(browser test\)/);
  await closePage(admin);
});
