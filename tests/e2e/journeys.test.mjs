// Core journeys in a real browser: sign in, a role-only page refused, an area page
// with its map (with and without JavaScript), and every page checked with axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessible, expectAccessibleAt, expectAccessibleAs, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the home page shows the four places and passes axe', { timeout: 90000 }, async () => {
  const page = await openPage(browser);
  await page.goto(base + '/');
  for (const place of ['Sheffield', 'Chorley', 'Dudley', 'Thurrock']) {
    assert.equal(await page.getByRole('link', { name: place, exact: true }).count(), 1, place);
  }
  await expectAccessible(page);
  await closePage(page);
});

test('a member signs in, sees their account and signs out', { timeout: 90000 }, async () => {
  const page = await openPage(browser);
  await signIn(page, 'member@demo.kith.test', 'kith-demo-member');
  await page.waitForURL(base + '/account');
  assert.match(await page.locator('h1').innerText(), /Your account/);
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /You are signed in as Mel Member/);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(base + '/');
  assert.equal(await page.getByRole('link', { name: 'Sign in' }).count(), 1);
  await closePage(page);
});

test('a wrong password shows the error summary linked to the field, and passes axe', { timeout: 90000 }, async () => {
  const page = await openPage(browser);
  await signIn(page, 'panel@demo.kith.test', 'not my password');
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /Enter a correct email address or mobile number, and password/);
  assert.match(await page.title(), /^Error: Sign in/);
  await summary.getByRole('link').first().click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
  await expectAccessible(page);
  await closePage(page);
});

test('a member is refused the admin pages, an admin is not', { timeout: 90000 }, async () => {
  const page = await openPage(browser);
  await signIn(page, 'member@demo.kith.test', 'kith-demo-member');
  await page.waitForURL(base + '/account');
  const response = await page.goto(base + '/admin/users');
  assert.equal(response.status(), 403);
  assert.match(await page.locator('main').innerText(), /This page is for: Admin\./);
  await expectAccessible(page);
  await closePage(page);

  const adminPage = await openPage(browser);
  await signIn(adminPage, 'admin@demo.kith.test', 'kith-demo-admin');
  await adminPage.waitForURL(base + '/account');
  // An admin's dozen staff tools sit behind one menu item and the account is in the
  // header, so the menu is one row on a desktop.
  const rows = async (p) => new Set(await p.locator('.govuk-service-navigation__item').evaluateAll(
    (items) => items.map((li) => li.getBoundingClientRect().top))).size;
  assert.equal(await rows(adminPage), 1, `the admin's menu wraps at ${adminPage.viewportSize()?.width} px`);
  const headerAccount = adminPage.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: /Your account/ });
  assert.equal(await headerAccount.count(), 1);
  await adminPage.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Staff tools' }).click();
  assert.equal(await adminPage.locator('h1').innerText(), 'Staff tools');
  await expectAccessible(adminPage);
  await adminPage.getByRole('main').getByRole('link', { name: 'Users' }).click();
  assert.equal(await adminPage.locator('h1').innerText(), 'Users');
  assert.ok(await adminPage.getByRole('cell', { name: 'member@demo.kith.test' }).count() === 1);
  await expectAccessible(adminPage);
  await adminPage.getByRole('button', { name: 'Invite a user' }).click();
  await expectAccessible(adminPage);
  await adminPage.getByRole('link', { name: 'Staff tools' }).click();
  await adminPage.getByRole('main').getByRole('link', { name: 'Audit log' }).click();
  assert.match(await adminPage.locator('main').innerText(), /user\.sign_in/);
  await expectAccessible(adminPage);
  await closePage(adminPage);
});

test('an authority page draws its wards on a Leaflet map without tiles, and passes axe', { timeout: 90000 }, async () => {
  const page = await openPage(browser);
  await page.goto(base + '/areas/E07000118');
  assert.equal(await page.locator('h1').innerText(), 'Chorley');
  await page.locator('[data-kith-map][data-map-ready="true"]').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('.leaflet-overlay-pane path').count(), 14);
  assert.equal(await page.locator('[data-kith-map] .kith-area-svg').isHidden(), true);
  assert.equal(await page.getByRole('row').filter({ hasText: 'Adlington & Anderton' }).count(), 1);
  await expectAccessible(page);
  await closePage(page);
});

test('without JavaScript, a postcode search reaches an area page with its boundary drawn', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(base + '/');
  await page.getByLabel('Find your area').fill('rm17 5ab');
  await page.getByRole('button', { name: 'Search' }).click();
  assert.match(await page.locator('main').innerText(), /Postcode RM17 5AB/);
  await expectAccessibleAt(browser, page.url());
  await page.getByRole('link', { name: /\(Thurrock \d{3}[A-Z]\)$/ }).click();
  assert.match(await page.locator('.govuk-caption-l').innerText(), /Neighbourhood \(LSOA\) in /);
  assert.equal(await page.locator('[data-kith-map] .kith-area-svg path').count(), 1);
  assert.equal(await page.locator('[data-kith-map] .kith-area-svg').isVisible(), true);
  await expectAccessibleAt(browser, page.url());
  await closePage(page);
});

test('an officer computes the resilience index on screen, saves a definition of their own, and both pass axe', { timeout: 120000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'officer@demo.kith.test', 'kith-demo-officer');
  await page.goto(base + '/areas/E07000118');
  await page.getByRole('link', { name: /Every neighbourhood of Chorley ranked/ }).click();
  assert.match(await page.locator('h1').innerText(), /Community resilience index/);
  assert.equal(await page.locator('#ranked tbody tr').count(), 70);
  assert.equal((await page.locator('#ranked tbody tr').first().locator('td').first().innerText()).trim(), '1');
  assert.equal(await page.locator('.kith-map svg').count(), 1);
  await expectAccessibleAt(browser, page.url());
  await page.getByRole('link', { name: 'Change the indicators or weights' }).click();
  await page.getByLabel('Name').fill('Weights from the ward forum');
  await page.getByLabel(/Then compute it for/).fill('E07000118');
  await page.getByRole('button', { name: 'Save the definition' }).click();
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Saved: Weights from the ward forum/);
  assert.match(await page.locator('.govuk-body-l').innerText(), /ranked by Weights from the ward forum/);
  await page.goto(base + '/indices/definitions/new');
  await page.getByLabel('Name').fill('Broken');
  await page.getByLabel('The definition, as JSON').fill('{"indicators": [');
  await page.getByRole('button', { name: 'Save the definition' }).click();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /The definition is not valid JSON: it ends too soon/);
  await closePage(page);
  await expectAccessibleAs(browser, 'officer', base + '/indices/definitions/new');
});
