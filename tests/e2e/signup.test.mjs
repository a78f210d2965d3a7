// Accounts people make and mend themselves, in a real browser: sign up, follow the
// emailed link (the email as a council's mail relay would receive it, over SMTP
// with STARTTLS, from the sink scripts/e2e.sh starts), land signed in; then forget the
// password, follow the reset link, and sign in with the new one. Someone without email
// is invited by mobile number and signs in with it. Each page passes axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessible, expectAccessibleAt, signIn, emailedLink } from './helpers.mjs';

let browser;
let madeAccount;  // the address the first test signs up with; the second resets its password
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a resident signs up, confirms their address by the emailed link and is signed in', { timeout: 90000 }, async () => {
  if (!process.env.KITH_E2E_MAIL_DIR) return;  // needs the mail sink (scripts/e2e.sh)
  const email = `sam.${Date.now()}@example.org`;
  madeAccount = email;
  const page = await openPage(browser);
  await page.goto(base + '/sign-in');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.waitForURL(base + '/sign-up');
  await expectAccessible(page);
  // Forgetting to agree is named and linked from the summary.
  await page.getByLabel('Your name').fill('Sam Signup');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Create a password').fill('harbour violet compass');
  await page.getByLabel('Confirm your password').fill('harbour violet compass');
  await page.getByRole('button', { name: 'Create account' }).click();
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /Agree to the terms of use and privacy notice/);
  await expectAccessible(page);
  await page.getByLabel('Create a password').fill('harbour violet compass');
  await page.getByLabel('Confirm your password').fill('harbour violet compass');
  await page.getByLabel('I agree to the terms of use and the privacy notice').check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(base + '/sign-up/check-your-email');
  assert.match(await page.locator('h1').innerText(), /Check your email/);
  await expectAccessible(page);

  // Not confirmed yet: signing in says so.
  await signIn(page, email, 'harbour violet compass');
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.locator('main').innerText(), /Confirm your email address first/);

  await page.goto(await emailedLink(email, /^\/verify\/[^/]+$/));
  assert.match(await page.locator('h1').innerText(), /Confirm your email address/);
  await expectAccessible(page);
  await page.getByLabel('Password').fill('harbour violet compass');
  await page.getByRole('button', { name: 'Confirm my email address' }).click();
  await page.waitForURL(base + '/account');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /You are signed in as Sam Signup/);
  await expectAccessible(page);
  await closePage(page);
});

test('a member who forgot their password resets it by the emailed link and signs in with the new one', { timeout: 90000 }, async () => {
  if (!process.env.KITH_E2E_MAIL_DIR) return;
  assert.ok(madeAccount, 'the sign-up test made an account');  // not a demo one: other tests sign in with those
  const page = await openPage(browser);
  await page.goto(base + '/sign-in');
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await page.waitForURL(base + '/password/forgot');
  await expectAccessible(page);
  await page.getByLabel('Email address').fill(madeAccount);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.waitForURL(base + '/password/check-your-email');
  await expectAccessible(page);

  await page.goto(await emailedLink(madeAccount, /^\/password\/reset\/[^/]+$/));
  assert.match(await page.locator('h1').innerText(), /Choose a new password/);
  await expectAccessible(page);
  await page.getByLabel('New password', { exact: true }).fill('meadow lantern quartz');
  await page.getByLabel('Confirm your new password').fill('meadow lantern quartz');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.waitForURL(base + '/sign-in');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Your password has been changed/);
  await signIn(page, madeAccount, 'harbour violet compass');
  await page.locator('.govuk-error-summary').waitFor();  // the old password no longer works
  await signIn(page, madeAccount, 'meadow lantern quartz');
  await page.waitForURL(base + '/account');
  await closePage(page);
});

test('someone without email is invited by mobile number, sets a password from the link and signs in with the number', { timeout: 90000 }, async () => {
  const digits = String(Date.now() % 1000).padStart(3, '0');
  const admin = await openPage(browser);
  await signIn(admin, 'admin@demo.kith.test', 'kith-demo-admin');
  await admin.waitForURL(/\/account$/);
  await admin.goto(base + '/admin/users/invite');
  await admin.getByLabel('Name').fill('Mo Without Email');
  await admin.getByLabel('UK mobile number (optional)').fill(`07700 900 ${digits}`);
  await admin.getByRole('button', { name: 'Create invitation' }).click();
  await admin.waitForURL(/\/admin\/users\/\d+$/);
  const told = await admin.locator('.govuk-notification-banner').innerText();
  assert.match(told, new RegExp(`\\+447700900${digits}`));
  assert.match(told, /They sign in with this number/);
  assert.match(await admin.locator('main').innerText(), /None: they sign in with their mobile number/);
  await expectAccessible(admin);
  const link = told.match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/)[0];
  await closePage(admin);
  await expectAccessibleAt(browser, link);

  // Their own journey works without JavaScript.
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(base + new URL(link).pathname);
  assert.match(await page.locator('main').innerText(), /You will sign in with this mobile number/);
  await page.getByLabel('Create a password').fill('pebble orchard lantern');
  await page.getByLabel('Confirm your password').fill('pebble orchard lantern');
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.waitForURL(base + '/sign-in');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Sign in with your mobile number/);
  await signIn(page, `07700900${digits}`, 'pebble orchard lantern');
  await page.waitForURL(base + '/account');
  assert.match(await page.locator('main').innerText(), new RegExp(`Mobile number \\(you sign in with it\\)\\s+\\+447700900${digits}`));
  await page.goto(base + '/account/messages');
  assert.match(await page.locator('main').innerText(), /Your account has no email address, so messages come by text/);
  assert.equal(await page.getByLabel('Email me').count(), 0);
  await closePage(page);
});
