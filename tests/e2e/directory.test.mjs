// The directory in a real browser: a resident searches near a postcode without
// JavaScript, opens a service, and meets clear errors; axe-core checks each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessible, expectAccessibleAt } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a resident finds a warm space near their postcode and opens it, without JavaScript', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(base + '/');
  await page.getByRole('link', { name: 'Directory' }).first().click();
  assert.equal(await page.locator('h1').innerText(), 'Find activities, groups and help near you');
  await page.getByLabel('Postcode', { exact: true }).fill('s10 2fd');
  await page.getByLabel('Distance from the postcode').selectOption({ label: '2 miles' });
  await page.getByLabel('Day').selectOption({ label: 'Tuesday' });
  await page.getByRole('button', { name: 'Search' }).click();
  assert.equal(await page.locator('#results-heading').innerText(), '1 result');
  const result = page.locator('.kith-result').first();
  assert.match(await result.innerText(), /Tuesdays, 10am to 2pm/);
  assert.match(await result.innerText(), /less than 0\.1 miles away/);
  await expectAccessibleAt(browser, page.url());
  await result.getByRole('link', { name: 'Tuesday Warm Space (demo)' }).click();
  assert.equal(await page.locator('h1').innerText(), 'Tuesday Warm Space (demo)');
  const facts = await page.locator('.govuk-summary-list').innerText();
  assert.match(facts, /When\s+Tuesdays, 10am to 2pm/);
  assert.match(facts, /Cost\s+Free/);
  assert.match(await page.locator('main').innerText(), /In the neighbourhood Sheffield \d{3}[A-Z]/);
  await expectAccessibleAt(browser, page.url());
  await page.getByRole('link', { name: 'Broomhall Community Hub (demo)' }).click();
  await page.waitForURL(/\/directory\/organisations\//);
  assert.equal(await page.locator('h1').innerText(), 'Broomhall Community Hub (demo)');
  assert.equal(await page.locator('h2').first().innerText(), 'What they run (2)');
  assert.equal(await page.getByRole('link', { name: 'Chatty Cafe for older people (demo)' }).count(), 1);
  await expectAccessibleAt(browser, page.url());
  await closePage(page);
});

test('a search that finds nothing suggests a way on, and passes axe', { timeout: 90000 }, async () => {
  const page = await openPage(browser);
  await page.goto(base + '/directory?postcode=RM17+5AB&proximity=800&taxonomy_term_id=none');
  assert.equal(await page.locator('#results-heading').innerText(), '0 results');
  await page.getByRole('link', { name: 'Search a wider distance (10 miles)' }).click();
  await page.getByRole('link', { name: 'Search every category' }).click();
  assert.match(await page.locator('#results-heading').innerText(), /^[1-9]\d* results?$/);
  assert.match(await page.locator('.kith-results').innerText(), /Grays Community Kitchen \(demo\)/);
  await expectAccessible(page);
  await closePage(page);
});

test('bad search input is named in the error summary, linked to its field', { timeout: 90000 }, async () => {
  const page = await openPage(browser);
  await page.goto(base + '/directory');
  await page.getByLabel('Age of the person it is for').fill('old');
  await page.getByRole('button', { name: 'Search' }).click();
  const summary = page.locator('.govuk-error-summary');
  assert.match(await summary.innerText(), /Enter an age from 0 to 150, like 35/);
  assert.match(await page.title(), /^Error: /);
  await summary.getByRole('link').first().click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'age');
  await expectAccessible(page);
  await closePage(page);
});

test('with JavaScript, a postcode search shows its places on a map without tiles', { timeout: 90000 }, async () => {
  const page = await openPage(browser);
  await page.goto(base + '/directory?postcode=S10+2FD&proximity=3219');
  await page.locator('[data-kith-map][data-map-ready="true"]').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('.kith-result').count(), 3);
  assert.equal(await page.locator('.leaflet-overlay-pane path').count(), 3);
  await page.locator('.leaflet-overlay-pane path').last().click();
  assert.match(await page.locator('.leaflet-popup-content').innerText(), /Sharrow Food Pantry \(demo\), Sharrow Old Church/);
  await expectAccessible(page);
  if (process.env.KITH_E2E_SCREENSHOTS) await page.screenshot({ path: process.env.KITH_E2E_SCREENSHOTS + '/directory-map.png', fullPage: true });
  await closePage(page);
});
