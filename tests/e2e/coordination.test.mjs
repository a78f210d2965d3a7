// Coordination in a real browser without JavaScript: a resident asks for support and
// is told what is wrong, then sends it; an admin makes the demo coordinator a team
// lead too; she makes a team, allocates the referral to herself and records a
// good-life conversation and a plan. axe checks each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessibleAs, expectAccessibleAt, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('self-referral, allocation by a team lead, a conversation and a plan', { timeout: 180000 }, async () => {
  const resident = await openPage(browser, { javaScriptEnabled: false });
  await resident.goto(base + '/coordination/refer');
  await expectAccessibleAt(browser, resident.url());
  await resident.getByRole('button', { name: 'Send' }).click();
  const summary = await resident.locator('.govuk-error-summary').innerText();
  assert.match(summary, /Enter the name of the person being referred/);
  assert.match(summary, /Give at least one safe way to get in touch/);
  assert.match(summary, /Choose at least one reason/);
  await expectAccessibleAt(browser, base + '/coordination/refer');
  await resident.getByLabel('Full name').fill('Rosa Browser (test)');
  await resident.getByLabel('Date of birth').fill('1952-06-14');
  await resident.getByLabel('Phone number (optional)').fill('01632 960123');
  await resident.locator('#prefer-phone').check();
  await resident.getByLabel('When is it safe to call?').fill('Weekday mornings');
  await resident.locator('#may_leave_message-no').check();
  await resident.getByLabel('What matters, and why is support wanted?').fill('I miss the allotment since my hip operation');
  await resident.getByLabel('Loneliness or isolation').check();
  await resident.locator('#consent_contact-yes').check();
  await resident.getByRole('button', { name: 'Send' }).click();
  assert.match(await resident.locator('h1').innerText(), /Your request has been sent/);
  await expectAccessibleAt(browser, resident.url());
  await closePage(resident);

  // The admin makes the demo coordinator a team lead as well.
  const admin = await openPage(browser, { javaScriptEnabled: false });
  await signIn(admin, 'admin@demo.kith.test', 'kith-demo-admin');
  await admin.goto(base + '/admin/users');
  await admin.getByRole('link', { name: 'Cara Coordinator (demo)' }).click();
  await admin.locator('#roles-team_lead').check();
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await closePage(admin);

  const cara = await openPage(browser, { javaScriptEnabled: false });
  await signIn(cara, 'coordinator@demo.kith.test', 'kith-demo-coordinator');
  await cara.goto(base + '/coordination/teams');
  await cara.getByLabel("The team's name").fill('Browser test team');
  await cara.getByRole('button', { name: 'Make the team' }).click();
  for (const role of ['lead', 'coordinator']) {
    // The team's own form: the demo's Thurrock team is listed too.
    const form = cara.locator('form', { has: cara.getByRole('button', { name: 'Add to Browser test team' }) });
    await form.getByLabel('Add someone by email address').fill('coordinator@demo.kith.test');
    await form.getByLabel('As', { exact: true }).selectOption(role);
    await form.getByRole('button', { name: 'Add to Browser test team' }).click();
  }
  await expectAccessibleAs(browser, 'coordinator', base + '/coordination/teams');
  await cara.goto(base + '/coordination/queue');
  await expectAccessibleAs(browser, 'coordinator', base + '/coordination/queue');
  const card = cara.locator('.govuk-summary-card', { hasText: 'Rosa Browser (test)' });
  // To herself: the suggestion may be the demo team's other coordinator, with fewer cases.
  const select = card.locator('select[name="coordinator"]');
  await select.selectOption(await select.locator('option', { hasText: 'Cara Coordinator' }).first().getAttribute('value'));
  await card.getByRole('button', { name: 'Allocate' }).click();
  await cara.goto(base + '/coordination/caseload');
  await expectAccessibleAs(browser, 'coordinator', base + '/coordination/caseload');
  await cara.getByRole('link', { name: 'Rosa Browser (test)' }).click();
  const record = cara.url();
  await cara.getByText('Record a conversation').click();
  await cara.getByLabel('Date of the conversation').fill('2026-11-20');
  await cara.getByLabel('What matters to them, in their words').fill('Growing things again, and company');
  await cara.getByLabel('What a good life looks like to them, in their words').fill('Back at the allotment with friends');
  await cara.getByRole('button', { name: 'Save conversation' }).click();
  await cara.getByText('Add a goal').click();
  await cara.getByLabel('The goal, in their words').fill('Get a raised bed at the community garden');
  await cara.getByRole('button', { name: 'Add goal' }).click();
  await cara.getByText('Add a step').click();
  await cara.getByLabel('The step').fill('Visit the garden on Saturday together');
  await cara.locator('#owner-both').check();
  await cara.getByRole('button', { name: 'Add step' }).click();
  const page = await cara.locator('main').innerText();
  assert.match(page, /Growing things again, and company/);
  assert.match(page, /Get a raised bed at the community garden/);
  assert.match(page, /Visit the garden on Saturday together: Both/);
  await expectAccessibleAs(browser, 'coordinator', record);
  await closePage(cara);
});
