// The timebank in a real browser without JavaScript: a member accepts an exchange
// waiting for them, records a new one with someone found by name, sees it on their
// statement page; errors are named; axe-core checks each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessible, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// axe runs in a page with JavaScript, signed in as the same person.
async function checkAs(email, password, url) {
  const page = await openPage(browser);
  await signIn(page, email, password);
  await page.goto(url);
  await expectAccessible(page);
  await closePage(page);
}

test('a member accepts an exchange, records another and finds it on their account', { timeout: 120000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'member@demo.kith.test', 'kith-demo-member');
  await page.goto(base + '/timebank');
  await checkAs('member@demo.kith.test', 'kith-demo-member', page.url());
  const balance = await page.locator('#accounts tbody tr').first().locator('td').last().innerText();
  assert.match(balance, /^-?\d+ (h|min)/);
  await page.locator('#waiting a').filter({ hasText: 'knit' }).click();
  assert.match(await page.locator('#state').innerText(), /Waiting to be accepted/);
  await checkAs('member@demo.kith.test', 'kith-demo-member', page.url());
  await page.getByRole('button', { name: 'Accept' }).click();
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Agreed: waiting to happen/);
  assert.match(await page.locator('#state').innerText(), /Agreed: waiting to happen/);

  await page.goto(base + '/timebank');
  await page.locator('#accounts a').first().click();
  await page.getByRole('link', { name: 'Record an exchange' }).click();
  await page.getByLabel('Who was it with?').fill('Sam');
  await page.getByRole('button', { name: 'Find' }).click();
  await checkAs('member@demo.kith.test', 'kith-demo-member', page.url());
  await page.getByLabel(/^Sam \(demo, not online\)/).check();
  await page.getByLabel('I gave the help').check();
  await page.getByLabel('Hours').fill('30');
  await page.getByLabel('What was it?').fill('Painted the fence');
  await page.getByRole('button', { name: 'Record the exchange' }).click();
  const summary = await page.locator('.govuk-error-summary').innerText();
  assert.match(summary, /One exchange can be at most 24 hours/);
  assert.equal(await page.getByLabel('What was it?').inputValue(), 'Painted the fence');
  await page.getByLabel(/^Sam \(demo, not online\)/).check();
  await page.getByLabel('I gave the help').check();
  await page.getByLabel('Hours').fill('1');
  await page.getByLabel('Minutes').fill('30');
  await page.getByLabel('Kind of help').selectOption({ label: 'Home and garden' });
  await page.getByRole('button', { name: 'Record the exchange' }).click();
  assert.match(await page.locator('h1').innerText(), /^Home and garden: 1 h 30 min$/);
  assert.match(await page.locator('#state').innerText(), /Waiting to be accepted/);
  await closePage(page);
});

test('a coordinator sees the ledger balanced and manages a timebank', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'coordinator@demo.kith.test', 'kith-demo-coordinator');
  await page.goto(base + '/timebank/tilbury-chadwell');
  await page.getByRole('link', { name: 'Manage this timebank' }).click();
  assert.match(await page.locator('h1').innerText(), /^Manage Tilbury and Chadwell Timebank/);
  await checkAs('coordinator@demo.kith.test', 'kith-demo-coordinator', page.url());
  await page.getByLabel('Hours').fill('2');
  await page.getByRole('button', { name: 'Gift the hours' }).click();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter what the gift is for/);
  await page.getByLabel('What it is for').fill('Welcome gift');
  await page.getByRole('button', { name: 'Gift the hours' }).click();
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /The hours are gifted/);
  const ledger = await (await page.request.get(base + '/api/v1/timebank/ledger')).json();
  assert.equal(ledger.sum, 0);
  assert.equal(ledger.mismatched_accounts, 0);
  await closePage(page);
});

test('a resident puts a need on the gift board and a connector introduces someone from another generation', { timeout: 120000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'member@demo.kith.test', 'kith-demo-member');
  await page.goto(base + '/timebank/gifts');
  await checkAs('member@demo.kith.test', 'kith-demo-member', page.url());
  await page.getByLabel('Something I need').check();
  await page.getByRole('button', { name: 'Add to the board' }).click();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter what you need/);
  await page.getByLabel('Something I need').check();
  await page.getByLabel('Kind of help').selectOption({ label: 'Computers and phones' });
  await page.getByLabel('In your own words').fill('Help setting up video calls on my tablet (browser test)');
  await page.getByLabel('Weekday afternoons').check();
  await page.getByLabel('Your age group (optional)').selectOption({ label: '65 and over' });
  await page.getByLabel(/another generation/).check();
  await page.getByRole('button', { name: 'Add to the board' }).click();
  assert.match(await page.locator('#my-needs').innerText(), /video calls on my tablet/);
  await closePage(page);

  const connector = await openPage(browser, { javaScriptEnabled: false });
  await signIn(connector, 'coordinator@demo.kith.test', 'kith-demo-coordinator');
  await connector.goto(base + '/timebank/connect?intergenerational=yes');
  await checkAs('coordinator@demo.kith.test', 'kith-demo-coordinator', connector.url());
  const card = connector.locator('.govuk-summary-card').filter({ hasText: 'Kyle' });
  assert.match(await card.innerText(), /Ray \(demo, not online\)/);
  assert.match(await card.innerText(), /Why: the same kind of help/);
  await card.getByRole('button', { name: /^Introduce Ray/ }).click();
  assert.match(await connector.locator('.govuk-notification-banner').innerText(), /introduction is recorded/);
  const row = connector.locator('#introductions tbody tr').filter({ hasText: 'Kyle' });
  await row.getByRole('button', { name: 'It lasted' }).click();
  assert.match(await connector.locator('#introductions tbody tr').filter({ hasText: 'Kyle' }).innerText(), /It lasted/);
  await checkAs('coordinator@demo.kith.test', 'kith-demo-coordinator', base + '/timebank/thurrock-hub/manage');
  await checkAs('coordinator@demo.kith.test', 'kith-demo-coordinator', base + '/timebank/thurrock-hub');
  await closePage(connector);
});

test('a member posts an offer without JavaScript and finds it near a postcode', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'member@demo.kith.test', 'kith-demo-member');
  await page.goto(base + '/timebank');
  await page.getByRole('link', { name: 'Offers and requests' }).click();
  await checkAs('member@demo.kith.test', 'kith-demo-member', page.url());
  await page.getByRole('link', { name: 'Post an offer or request' }).first().click();
  await checkAs('member@demo.kith.test', 'kith-demo-member', page.url());
  await page.getByLabel('I can offer this').check();
  await page.getByLabel('Kind of help').selectOption({ label: 'Repairs and DIY' });
  await page.getByLabel('Title').fill('Bike repairs on Saturdays (browser test)');
  await page.getByRole('button', { name: 'Post it' }).click();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a description/);
  await page.getByLabel('I can offer this').check();
  await page.getByLabel('Description').fill('Punctures, brakes and gears. Bring your bike to the community hub.');
  await page.getByLabel('Postcode of where (optional)').fill('RM17 5AB');
  await page.getByRole('button', { name: 'Post it' }).click();
  assert.equal(await page.locator('h1').innerText(), 'Bike repairs on Saturdays (browser test)');
  await checkAs('member@demo.kith.test', 'kith-demo-member', page.url());
  await page.goto(base + '/timebank/posts');
  await page.getByLabel('Near postcode').fill('RM17 5AB');
  await page.getByLabel('Within').selectOption({ label: '1 km' });
  await page.getByRole('button', { name: 'Find' }).click();
  const found = page.locator('#posts li').filter({ hasText: 'Bike repairs on Saturdays (browser test)' });
  assert.match(await found.innerText(), /0\.0 km away/);
  await closePage(page);
});
