// The partnership matrix in a real browser, without JavaScript: an officer chooses
// Thurrock, ticks two wards, gets an error for a date that does not exist with every
// choice kept, saves, and finds the initiative in the matrix (whole and part) and on
// a ward's page; a resident on a 390 px phone reads the matrix, which scrolls in its
// own region, not the page. axe-core on each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, signIn, expectAccessibleAt, expectAccessibleAs } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an officer adds an initiative by ward and sees it in the matrix', { timeout: 120000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'officer@demo.kith.test', 'kith-demo-officer');
  await page.goto(base + '/initiatives');
  await page.getByRole('link', { name: 'Add an initiative' }).click();
  await page.getByLabel('Which local authority does it work in?').selectOption({ label: 'Thurrock' });
  await page.getByRole('button', { name: 'Choose its wards' }).click();
  const name = `Warm Spaces ${Date.now()}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Led by residents').check();
  await page.getByLabel('Which organisation leads it?').fill('Grays Residents Association');
  await page.getByLabel('Running').check();
  await page.getByLabel('Grays Riverside').check();
  await page.getByLabel('Other areas (optional)').fill('E01015960');
  await page.locator('#starts_on_day').fill('30');
  await page.locator('#starts_on_month').fill('2');
  await page.locator('#starts_on_year').fill('2026');
  await page.getByRole('button', { name: 'Save' }).click();
  // The error summary names the date and links to its first field; choices are kept.
  const summary = page.locator('.govuk-error-summary');
  assert.match(await summary.innerText(), /Start date must be a real date/);
  assert.equal(await summary.locator('a[href="#starts_on_day"]').count(), 1);
  assert.equal(await page.getByLabel('Led by residents').isChecked(), true);
  assert.equal(await page.getByLabel('Grays Riverside').isChecked(), true);
  assert.equal(await page.getByLabel('Other areas (optional)').inputValue(), 'E01015960');
  await page.locator('#starts_on_day').fill('28');
  await page.getByRole('button', { name: 'Save' }).click();
  assert.equal(await page.locator('h1').innerText(), name);
  assert.match(await page.locator('main').innerText(), /28 February 2026/);
  await page.getByRole('link', { name: 'Every initiative by ward in Thurrock' }).click();
  const column = await page.locator('#matrix thead th').allInnerTexts();
  const at = column.findIndex((t) => t.trim() === name);
  assert.ok(at > 0, `the matrix has a column for ${name}`);
  const cell = async (ward) => page.locator(`#matrix tr[data-ward="${ward}"] > *`).nth(at).innerText();
  assert.equal((await cell('E05002235')).trim(), 'Whole');  // Grays Riverside
  assert.equal((await cell('E05002236')).trim(), 'Part');   // Grays Thurrock: one of its LSOAs
  await page.goto(base + '/areas/E05002235');
  assert.match(await page.locator('#area-initiatives').innerText(), new RegExp(name));
  await closePage(page);
  await expectAccessibleAs(browser, 'officer', base + '/initiatives/new?authority=E06000034');
});

test('a resident reads the matrix on a phone', { timeout: 60000 }, async () => {
  const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
  await page.goto(base + '/areas/E06000034/initiatives');
  assert.match(await page.locator('#crowded').innerText(), /Chadwell St Mary/);
  assert.ok(await page.locator('#matrix tbody tr').count() >= 20);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'the page scrolls sideways');
  await closePage(page);
  await expectAccessibleAt(browser, base + '/areas/E06000034/initiatives');
  await expectAccessibleAt(browser, base + '/initiatives');
});
