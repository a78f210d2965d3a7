// A newcomer's whole way into the timebank, in a browser without JavaScript: an admin
// invites them, they set a password, ask to join a timebank and are told they are
// waiting (also when they try to post an offer); a coordinator approves them; their
// offer then shows on the timebank's offers. axe-core checks every page on the way,
// in a twin page with JavaScript signed in as the same person.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessible, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A person in two pages: one without JavaScript that walks the journey, and one with
// it, signed in alike, where axe-core checks each page the journey reaches.
async function person(email, password) {
  const walker = await openPage(browser, { javaScriptEnabled: false });
  const checker = await openPage(browser);
  if (email) {
    for (const page of [walker, checker]) {
      await signIn(page, email, password);
      await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    }
  }
  return {
    page: walker,
    checker,
    async check() {
      await checker.goto(walker.url());
      await expectAccessible(checker);
    },
    async close() { await closePage(walker); await closePage(checker); }
  };
}

test('a newcomer joins a timebank, waits, is approved by a coordinator and posts an offer', { timeout: 180000 }, async () => {
  const stamp = Date.now().toString(36);
  const name = `Jo Newcomer ${stamp}`;
  const email = `jo-${stamp}@example.org`;
  const password = 'a long passphrase of my own 42';

  // The admin invites Jo.
  const admin = await person('admin@demo.kith.test', 'kith-demo-admin');
  await admin.page.goto(base + '/admin/users/invite');
  await admin.check();
  await admin.page.getByLabel('Name').fill(name);
  await admin.page.getByLabel('Email address').fill(email);
  await admin.page.getByRole('button', { name: 'Create invitation' }).click();
  const banner = await admin.page.locator('.govuk-notification-banner').innerText();
  const invitation = banner.match(/\/invite\/[A-Za-z0-9_-]+/);
  assert.ok(invitation, `no invitation link in “${banner}”`);
  await admin.close();

  // Jo sets a password and signs in.
  const newcomer = await person();
  await newcomer.page.goto(base + invitation[0]);
  await newcomer.checker.goto(base + invitation[0]);
  await expectAccessible(newcomer.checker);
  await newcomer.page.getByLabel('Create a password').fill(password);
  await newcomer.page.getByLabel('Confirm your password').fill(password);
  await newcomer.page.getByRole('button', { name: 'Set password' }).click();
  await newcomer.page.waitForURL(/\/sign-in/);
  await newcomer.close();
  const jo = await person(email, password);

  // Jo asks to join Tilbury and Chadwell's timebank.
  await jo.page.goto(base + '/timebank');
  await jo.check();
  await jo.page.getByRole('link', { name: /^Tilbury and Chadwell Timebank/ }).first().click();
  assert.match(await jo.page.locator('h1').innerText(), /^Tilbury and Chadwell Timebank/);
  await jo.check();
  assert.equal(await jo.page.getByLabel('The name other members see').inputValue(), name);
  await jo.page.getByLabel('Your postcode (optional)').fill('RM17 5AB');
  await jo.page.getByRole('button', { name: 'Ask to join' }).click();
  assert.match(await jo.page.locator('.govuk-notification-banner').innerText(), /a coordinator will be in touch/);
  assert.match(await jo.page.locator('#membership').innerText(), /You have asked to join, as .*: a coordinator will approve you soon/);
  await jo.check();

  // Waiting: "Post an offer" says so, and offers no form yet.
  await jo.page.goto(base + '/timebank/posts/new');
  const waiting = await jo.page.locator('main').innerText();
  assert.match(waiting, /You have asked to join Tilbury and Chadwell Timebank/);
  assert.doesNotMatch(waiting, /Join a timebank first/);
  assert.equal(await jo.page.getByRole('button', { name: 'Post it' }).count(), 0);
  await jo.check();

  // A coordinator approves Jo.
  const coordinator = await person('coordinator@demo.kith.test', 'kith-demo-coordinator');
  await coordinator.page.goto(base + '/timebank/tilbury-chadwell');
  await coordinator.page.getByRole('link', { name: 'Manage this timebank' }).click();
  await coordinator.check();
  const form = coordinator.page.locator('form').filter({ hasText: name });
  await form.getByLabel('References have been taken').check();
  await form.getByRole('button', { name: `Approve ${name}` }).click();
  assert.match(new URL(coordinator.page.url()).pathname, /^\/timebank\/tilbury-chadwell\/manage$/);
  assert.doesNotMatch(await coordinator.page.locator('main').innerText(), new RegExp(`Approve ${name}`));
  // Approved a minute ago is not among the members who may be isolated.
  const quiet = coordinator.page.locator('#quiet');
  if (await quiet.count()) assert.doesNotMatch(await quiet.innerText(), new RegExp(name));
  await coordinator.check();
  await coordinator.close();

  // Jo is a member now, and posts an offer that shows on the timebank's offers.
  await jo.page.goto(base + '/timebank/tilbury-chadwell');
  assert.doesNotMatch(await jo.page.locator('#membership').innerText(), /waiting/);
  const title = `Dog walking in Chadwell (${stamp})`;
  await jo.page.goto(base + '/timebank/posts/new');
  await jo.check();
  await jo.page.getByLabel('I can offer this').check();
  await jo.page.getByLabel('Kind of help').selectOption({ label: 'Home and garden' });
  await jo.page.getByLabel('Title').fill(title);
  await jo.page.getByLabel('Description').fill('I walk my own dog twice a day and can take yours along, weekday mornings.');
  await jo.page.getByRole('button', { name: 'Post it' }).click();
  assert.equal(await jo.page.locator('h1').innerText(), title);
  await jo.check();
  await jo.page.goto(base + '/timebank/posts');
  assert.match(await jo.page.locator('#posts').innerText(), new RegExp(title.replace(/[()]/g, '\\$&')));
  await jo.check();
  await jo.close();
});
