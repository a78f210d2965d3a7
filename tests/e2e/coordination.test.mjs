// Coordination in a real browser without JavaScript: a resident asks for support and
// is told what is wrong, then sends it; an admin makes the demo coordinator a team
// lead too; she makes a team, allocates the referral to herself and records a
// good-life conversation and a plan, then a wellbeing measure. axe checks each page.
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
  // Answers chosen before an error are still chosen after it; the form speaks to "you".
  await resident.locator('#prefer-phone').check();
  await resident.locator('#may_leave_message-no').check();
  await resident.getByLabel('Loneliness or isolation').check();
  await resident.locator('#consent_contact-yes').check();
  await resident.locator('#dob_day').fill('14');
  await resident.locator('#dob_year').fill('1952');
  await resident.getByRole('button', { name: 'Send' }).click();
  const summary = await resident.locator('.govuk-error-summary').innerText();
  assert.match(summary, /Enter your full name/);
  assert.doesNotMatch(summary, /the person/);
  assert.match(summary, /Date of birth must include a month/);
  assert.match(summary, /Give at least one safe way to get in touch/);
  assert.ok(await resident.locator('#prefer-phone').isChecked());
  assert.ok(await resident.locator('#may_leave_message-no').isChecked());
  assert.ok(await resident.getByLabel('Loneliness or isolation').isChecked());
  assert.ok(await resident.locator('#consent_contact-yes').isChecked());
  assert.equal(await resident.locator('#dob_day').inputValue(), '14');
  // Each link in the summary reaches its field: the month of the date of birth here.
  await resident.locator('.govuk-error-summary a', { hasText: 'must include a month' }).click();
  assert.match(resident.url(), /#dob_month$/);
  for (const href of await resident.locator('.govuk-error-summary a').evaluateAll(as => as.map(a => a.getAttribute('href'))))
    assert.equal(await resident.locator(href).count(), 1, `${href} is not on the page`);
  await expectAccessibleAt(browser, base + '/coordination/refer');
  await resident.getByLabel('Your full name').fill('Rosa Browser (test)');
  await resident.locator('#dob_month').fill('6');
  await resident.getByLabel('Phone number (optional)').fill('01632 960123');
  await resident.getByLabel('When is it safe to call?').fill('Weekday mornings');
  await resident.getByLabel('What matters to you, and what would you like help with?').fill('I miss the allotment since my hip operation');
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
  // Declining without a reason: the summary's link reaches this card's reason field.
  await card.getByRole('button', { name: 'Decline' }).click();
  await cara.locator('.govuk-error-summary a', { hasText: 'Say why the referral is declined' }).click();
  assert.match(cara.url(), /#reason$/);
  assert.equal(await cara.locator('#reason').count(), 1);
  assert.match(await cara.locator('main').innerText(), /Referred (on|themselves on) \d{1,2} [A-Z][a-z]+ \d{4} at (\d{1,2}(:\d\d)?[ap]m|midday|midnight)/);
  // To herself: the suggestion may be the demo team's other coordinator, with fewer cases.
  const select = card.locator('select[name="coordinator"]');
  await select.selectOption(await select.locator('option', { hasText: 'Cara Coordinator' }).first().getAttribute('value'));
  await card.getByRole('button', { name: 'Allocate' }).click();
  await cara.goto(base + '/coordination/caseload');
  await expectAccessibleAs(browser, 'coordinator', base + '/coordination/caseload');
  await cara.getByRole('link', { name: 'Rosa Browser (test)' }).click();
  const record = cara.url();
  await cara.getByText('Record a conversation').click();
  await cara.locator('#held_on_day').fill('20');
  await cara.locator('#held_on_month').fill('11');
  await cara.locator('#held_on_year').fill('2026');
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
  assert.match(page, /20 November 2026/);
  assert.match(page, /Get a raised bed at the community garden/);
  assert.match(page, /Visit the garden on Saturday together: Both/);
  await expectAccessibleAs(browser, 'coordinator', record);

  // Wellbeing on the outcomes page: its date is a GOV.UK date input, and a date that
  // does not exist is named on its day, with what was written kept.
  await cara.goto(record + '/outcomes');
  await cara.getByText('Record ONS personal wellbeing (ONS4)').click();
  const ons = cara.locator('form', { has: cara.getByRole('button', { name: 'Save ONS4' }) });
  const measured = ons.getByRole('group', { name: 'Date' });
  await measured.getByLabel('Day').fill('31');
  await measured.getByLabel('Month').fill('11');
  await measured.getByLabel('Year').fill('2026');
  for (const score of await ons.locator('input[name^="item_"]').all()) await score.fill('6');
  await ons.getByRole('button', { name: 'Save ONS4' }).click();
  await cara.locator('.govuk-error-summary a', { hasText: 'Date it was measured must be a real date' }).click();
  assert.match(cara.url(), /#ons_taken_on_day$/);
  assert.equal(await cara.locator('#ons_taken_on_day').inputValue(), '31');
  assert.equal(await cara.locator('#ons_taken_on_year').inputValue(), '2026');
  await cara.locator('#ons_taken_on_day').fill('20');
  await cara.getByRole('button', { name: 'Save ONS4' }).click();
  assert.match(await cara.locator('main').innerText(), /ONS4, Start, 20 November 2026/);
  await expectAccessibleAs(browser, 'coordinator', record + '/outcomes');

  // A community hub from the search: connected, then told she is coming. Without her
  // say-so nothing is told; with it, the row says the hub has not seen her yet.
  await cara.getByLabel('Search the directory, timebank offers, the gift board and community hubs').fill('Ockendon');
  await cara.getByRole('button', { name: 'Search', exact: true }).click();
  await cara.getByRole('button', { name: 'Connect to Ockendon Community Hub (demo)' }).click();
  const row = cara.locator('tr', { hasText: 'Ockendon Community Hub (demo)' });
  await row.getByText('Tell the hub they are coming').click();
  assert.equal(await row.getByLabel('Their first name or initials').inputValue(), 'Rosa');
  await row.getByLabel('Company and someone to talk to').check();
  await row.getByRole('button', { name: 'Tell the hub' }).click();
  await cara.locator('.govuk-error-summary a', { hasText: 'Confirm the person agreed' }).click();
  assert.match(cara.url(), /#consent-\d+$/);
  const again = cara.locator('tr', { hasText: 'Ockendon Community Hub (demo)' });
  assert.ok(await again.getByLabel('Company and someone to talk to').isChecked());
  await again.getByLabel('They agreed to the hub being told they are coming').check();
  await again.getByRole('button', { name: 'Tell the hub' }).click();
  assert.match(await cara.locator('main').innerText(), /The hub was told on .*; it has not seen them yet\./);
  await expectAccessibleAs(browser, 'coordinator', record + '/outcomes');
  await closePage(cara);
});
