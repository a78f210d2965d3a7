// Closing an account in a real browser: a resident (invited by an admin, so no mail
// sink is needed) reads what happens to each kind of record, gets the password wrong,
// then closes their account; they land on the confirmation, are signed out, and can
// no longer sign in. Each page passes axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessible, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a resident closes their account and can no longer sign in', { timeout: 90000 }, async () => {
  const stamp = Date.now().toString(36);
  const email = `closing-${stamp}@example.org`;
  const password = 'lantern orchard pebble';

  const admin = await openPage(browser);
  await signIn(admin, 'admin@demo.kith.test', 'kith-demo-admin');
  await admin.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  const invited = await admin.request.post(base + '/api/v1/admin/users/invite', {
    data: { email, display_name: `Robin Closing ${stamp}`, roles: ['member'] }
  });
  assert.ok(invited.ok(), await invited.text());
  const url = (await invited.json()).invitation_url;
  await closePage(admin);

  const page = await openPage(browser);
  await page.goto(base + url.slice(url.indexOf('/invite/')));
  await page.getByLabel('Create a password').fill(password);
  await page.getByLabel('Confirm your password').fill(password);
  await page.getByRole('button', { name: 'Set password' }).click();
  await signIn(page, email, password);
  await page.waitForURL(base + '/account');

  await page.getByRole('link', { name: 'Close your account and erase your data' }).click();
  await page.waitForURL(base + '/account/close');
  assert.match(await page.locator('#what-happens').innerText(), /Timebank/);
  await expectAccessible(page);

  await page.getByLabel('Enter your password to confirm').fill('not the password');
  await page.getByRole('button', { name: 'Close my account and erase my data' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /The password is not right/);
  await expectAccessible(page);

  await page.getByLabel('Enter your password to confirm').fill(password);
  await page.getByRole('button', { name: 'Close my account and erase my data' }).click();
  await page.waitForURL(base + '/account/closed');
  assert.match(await page.locator('.govuk-panel__title').innerText(), /Your account is closed/);
  await expectAccessible(page);

  // Signed out, and the password no longer opens anything.
  await page.goto(base + '/account');
  assert.match(page.url(), /\/sign-in/);
  await signIn(page, email, password);
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.locator('main').innerText(), /Enter a correct email address or mobile number, and password/);
  await closePage(page);
});
