// Community hubs in a real browser, without JavaScript: a resident finds a hub, reads
// when it is open in words, how to get there and how to volunteer; a volunteer finds
// a shift that needs cover, signs up, sees it counted, and withdraws. axe-core on each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, signIn, expectAccessibleAt, expectAccessibleAs } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a resident reads when a hub is open and how to get there', { timeout: 60000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(base + '/hubs');
  await page.getByRole('link', { name: 'Ockendon Community Hub (demo)' }).click();
  assert.equal(await page.locator('h1').innerText(), 'Ockendon Community Hub (demo)');
  assert.match(await page.locator('#open-state').innerText(), /^(Open now until|Closed now: opens) /);
  const opening = await page.locator('#opening').innerText();
  assert.match(opening, /Monday\s+10am to 1pm/);
  assert.match(opening, /Wednesday\s+10am to 1pm and 2pm to 4pm/);
  assert.match(await page.locator('main').innerText(), /Ockendon Community Room \(demo\)[\s\S]*RM15 5LY/);
  assert.match(await page.locator('#services').innerText(), /Ockendon Community Pantry \(demo\)/);
  assert.match(await page.locator('#volunteer').innerText(), /How to volunteer/);
  const url = page.url();
  await closePage(page);
  await expectAccessibleAt(browser, url);
  await expectAccessibleAt(browser, base + '/hubs');
});

test('a volunteer signs up for a shift that needs cover, then withdraws', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'team_lead@demo.kith.test', 'kith-demo-team_lead');
  await page.goto(base + '/hubs/cover-needed');
  const first = page.locator('#cover tbody tr').first();
  await first.getByRole('link').click();
  const before = await page.locator('#people-count').innerText();
  const [had] = before.match(/^\d+/);
  await page.getByRole('button', { name: 'Sign up for this shift' }).click();
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /You are signed up/);
  assert.match(await page.locator('#people-count').innerText(), new RegExp(`^${Number(had) + 1} of`));
  const shift = page.url();
  await closePage(page);
  await expectAccessibleAs(browser, 'team_lead', shift);
  const again = await openPage(browser, { javaScriptEnabled: false });
  await signIn(again, 'team_lead@demo.kith.test', 'kith-demo-team_lead');
  await again.goto(shift);
  await again.getByRole('button', { name: 'I can no longer come' }).click();
  assert.match(await again.locator('.govuk-notification-banner').innerText(), /no longer signed up/);
  assert.match(await again.locator('#people-count').innerText(), new RegExp(`^${had} of`));
  await closePage(again);
});
