// A resident adds their group without JavaScript; a moderator approves it and it
// appears in the directory. Every page passes axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessible, expectAccessibleAt, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a group added by a resident reaches the directory once a moderator approves it', { timeout: 120000 }, async () => {
  const name = 'Knit and Natter ' + Date.now().toString(36);
  const resident = await openPage(browser, { javaScriptEnabled: false });
  await resident.goto(base + '/directory');
  await resident.getByRole('link', { name: 'Add your group or activity' }).click();
  await expectAccessibleAt(browser, resident.url());
  await resident.getByRole('button', { name: 'Send for checking' }).click();
  const summary = resident.locator('.govuk-error-summary');
  assert.match(await summary.innerText(), /Enter the name of the group or activity/);
  assert.match(await summary.innerText(), /Enter the postcode, like S1 2HH/);
  await resident.getByLabel('Name of the group or activity').fill(name);
  await resident.getByLabel('What happens there').fill('Knitting, crochet and a good chat. Wool provided.');
  await resident.getByLabel('Category').selectOption({ label: 'Places to meet' });
  await resident.getByLabel('Street address or building').fill('Astley Hall');
  await resident.getByLabel('Town or city').fill('Chorley');
  await resident.getByLabel('Postcode').fill('pr6 7tw');
  await resident.getByLabel('Wednesday').check();
  await resident.getByLabel('Starts at (optional)').fill('14:00');
  await resident.getByLabel('Finishes at (optional)').fill('16:00');
  await resident.getByLabel('Your email address (optional)').fill('knitter@example.org');
  await resident.getByRole('button', { name: 'Send for checking' }).click();
  assert.match(await resident.locator('.govuk-notification-banner').innerText(), /A moderator will check/);
  await resident.goto(base + '/directory?search=' + encodeURIComponent(name));
  assert.equal(await resident.locator('#results-heading').innerText(), '0 results');

  const moderator = await openPage(browser);
  await signIn(moderator, 'moderator@demo.kith.test', 'kith-demo-moderator');
  await moderator.waitForURL(base + '/account');
  await moderator.goto(base + '/moderate/directory');
  await expectAccessible(moderator);
  await moderator.getByRole('link', { name }).click();
  const details = await moderator.locator('.govuk-summary-list').innerText();
  assert.match(details, /When\s+Wednesdays, 2pm to 4pm/);
  assert.match(await moderator.locator('main').innerText(), /knitter@example\.org/);
  await expectAccessible(moderator);
  await moderator.getByLabel('Reject').check();
  await moderator.getByRole('button', { name: 'Record decision' }).click();
  assert.match(await moderator.locator('.govuk-error-summary').innerText(), /Say why it is rejected/);
  await expectAccessible(moderator);
  await moderator.getByLabel('Approve: it goes into the directory').check();
  await moderator.getByRole('button', { name: 'Record decision' }).click();
  assert.match(await moderator.locator('.govuk-notification-banner').innerText(), /Approved/);
  await closePage(moderator);

  await resident.goto(base + '/directory?search=' + encodeURIComponent(name));
  assert.equal(await resident.locator('#results-heading').innerText(), '1 result');
  await resident.getByRole('link', { name }).click();
  assert.match(await resident.locator('.govuk-summary-list').innerText(), /Wednesdays, 2pm to 4pm/);
  await closePage(resident);
});
