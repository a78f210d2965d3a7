// Resilience plans in a real browser without JavaScript: an officer starts a plan for
// two Chorley LSOAs (told what is wrong first), adds a milestone that was due last
// week, sees it overdue on the plan and across plans, and opens the printable version
// (no forms; print styles hide the menus). axe checks each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessibleAs, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const accessibleAs = (role, url) => expectAccessibleAs(browser, role, url);
const stamp = Date.now().toString(36);

test('an officer makes a plan, adds a milestone, sees it overdue and prints the plan', { timeout: 180000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'officer@demo.kith.test', 'kith-demo-officer');
  await page.goto(base + '/plans');
  await accessibleAs('officer', page.url());

  // Nothing typed: the GOV.UK error summary names each field.
  await page.getByRole('button', { name: 'Start the plan' }).click();
  const summary = await page.locator('.govuk-error-summary').innerText();
  assert.match(summary, /Enter the plan's name/);
  assert.match(summary, /Enter at least one area/);
  await page.getByLabel('Name of the plan').fill(`Browser test estate (${stamp})`);
  await page.getByLabel('Areas the plan covers').fill('E01024915, E01024916');
  await page.getByRole('button', { name: 'Start the plan' }).click();
  assert.match(page.url(), /\/plans\/\d+$/);
  const planUrl = page.url();
  assert.match(await page.locator('#where-we-are').innerText(), /0 of 6 steps done\. No milestones set yet\./);
  await accessibleAs('officer', planUrl);

  // A milestone due a week ago.
  const due = new Date(Date.now() - 7 * 86400000);
  await page.getByLabel('Milestone', { exact: true }).fill('Walk the estate with residents');
  await page.getByLabel('Owner').fill('Communities team');
  const dueOn = page.getByRole('group', { name: 'Due' });
  await dueOn.getByLabel('Day').fill(String(due.getUTCDate()));
  await dueOn.getByLabel('Month').fill(String(due.getUTCMonth() + 1));
  await dueOn.getByLabel('Year').fill(String(due.getUTCFullYear()));
  await page.getByLabel('RAG status').selectOption('amber');
  await page.getByRole('button', { name: 'Add the milestone' }).click();
  assert.match(await page.locator('#milestone-table').innerText(), /Walk the estate with residents[\s\S]*7 days overdue/);
  assert.match(await page.locator('#where-we-are').innerText(), /0 of 1 milestone done; 1 is overdue\./);
  await accessibleAs('officer', planUrl);

  // The date slips and the work changes hands: changed on the milestone's own page.
  await page.getByRole('link', { name: /^Change the milestone, owner or date\W+Walk the estate with residents$/ }).click();
  assert.match(page.url(), /\/plans\/\d+\/milestones\/\d+$/);
  await accessibleAs('officer', page.url());
  await page.getByLabel('Owner').fill('Neighbourhood team');
  await page.getByRole('button', { name: 'Save the milestone' }).click();
  assert.equal(page.url(), planUrl + '#milestones');
  assert.match(await page.locator('#milestone-table').innerText(), /Walk the estate with residents\s+Neighbourhood team/);

  // The focus community grows: the plan's areas change, a wrong code named first.
  await page.getByText("Change the plan's areas").click();
  await page.getByLabel('Area codes').fill('E01024915 E01999999');
  await page.getByRole('button', { name: 'Save the areas' }).click();
  await page.locator('.govuk-error-summary a', { hasText: 'There is no area E01999999' }).click();
  assert.match(page.url(), /#areas$/);
  assert.equal(await page.getByLabel('Area codes').inputValue(), 'E01024915 E01999999');
  await accessibleAs('officer', page.url());
  await page.getByLabel('Area codes').fill('E01024915 E01024916 E01024917');
  await page.getByRole('button', { name: 'Save the areas' }).click();
  assert.equal(page.url(), planUrl);
  assert.match(await page.locator('main').innerText(), /Areas saved\./);
  assert.equal(await page.locator('main p', { hasText: /^Areas:/ }).locator('a').count(), 3);

  // Across plans: listed with its plan.
  await page.goto(base + '/plans/overdue');
  const overdue = await page.locator('#overdue').innerText();
  assert.match(overdue, new RegExp(`Walk the estate with residents\\s+Browser test estate \\(${stamp}\\)`));
  await accessibleAs('officer', page.url());

  // The printable version: the story, no forms, and the menus hidden when printed.
  await page.goto(planUrl);
  await page.getByRole('link', { name: 'Printable version for councillors' }).click();
  assert.match(page.url(), /\/plans\/\d+\/print$/);
  assert.equal(await page.locator('main form').count(), 0);
  assert.match(await page.locator('main').innerText(), /What we are doing[\s\S]*Walk the estate with residents/);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.govuk-service-navigation').isVisible(), false);
  assert.equal(await page.locator('#story').isVisible(), true);
  await accessibleAs('officer', page.url());
  await closePage(page);
});

test('the demo plan tells what the engagement log heard there, and from whom not enough', { timeout: 120000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'officer@demo.kith.test', 'kith-demo-officer');
  await page.goto(base + '/plans');
  await page.getByRole('link', { name: 'Chorley focus neighbourhood resilience plan (demo)' }).click();
  const engaged = await page.locator('#story-engaged').innerText();
  assert.match(engaged, /The engagement log holds \d+ engagements? with [\d,]+ people in the plan's areas\./);
  assert.match(engaged, /What people talked about most/);
  assert.match(await page.locator('#story-under-heard').innerText(), /Residents .* of the area/);
  await page.getByRole('link', { name: 'Who we have heard from, group by group' }).click();
  assert.match(page.url(), /\/plans\/\d+\/heard$/);
  assert.match(await page.locator('h1').innerText(), /Who have we heard from for Chorley focus neighbourhood resilience plan/);
  assert.match(await page.locator('#heard-summary').innerText(), /From \d+ engagements? with/);
  assert.ok(await page.locator('#records ~ div tbody tr').count() > 0);
  await accessibleAs('officer', page.url());
  await closePage(page);
});
