// The directory in a real browser: a resident searches near a postcode without
// JavaScript, opens a service, and meets clear errors; axe-core checks each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessible, expectAccessibleAt, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a resident finds a warm space near their postcode and opens it, without JavaScript', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(base + '/');
  await page.getByRole('link', { name: 'Directory' }).first().click();
  assert.equal(await page.locator('h1').innerText(), 'Find activities, groups and help near you');
  await page.getByLabel('What are you looking for?').fill('warm space');
  await page.getByLabel('Postcode', { exact: true }).fill('s10 2fd');
  await page.getByLabel('Distance from the postcode').selectOption({ label: '2 miles' });
  await page.getByLabel('Day', { exact: true }).selectOption({ label: 'Tuesday' });
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
  assert.match(await page.locator('main').innerText(), /In the neighbourhood .+ \(Sheffield \d{3}[A-Z]\)/);
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
  // A related category that has something here is offered first.
  assert.equal(await page.getByRole('link', { name: /^Search Food instead \(\d+ results?\)$/ }).count(), 1);
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
  await page.goto(base + '/directory?postcode=S10+2FD&proximity=3219&search=pantry');
  await page.locator('[data-kith-map][data-map-ready="true"]').waitFor({ timeout: 15000 });
  const shown = await page.locator('.kith-result').count();
  assert.ok(shown >= 2, `${shown} results`);
  assert.equal(await page.locator('.leaflet-overlay-pane path.kith-map__point').count(), shown);
  // The neighbourhoods of the postcode's ward are drawn too, so the map has context without tiles.
  assert.ok(await page.locator('.leaflet-overlay-pane path.kith-map__area').count() > 3);
  await page.locator('.leaflet-overlay-pane path.kith-map__point').first().click();
  assert.match(await page.locator('.leaflet-popup-content').innerText(), /Pantry \(demo\)/);
  await expectAccessible(page);
  if (process.env.KITH_E2E_SCREENSHOTS) await page.screenshot({ path: process.env.KITH_E2E_SCREENSHOTS + '/directory-map.png', fullPage: true });
  await closePage(page);
});

test('access needs narrow the search, without JavaScript', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(base + '/directory?search=tuesday');
  await page.getByLabel('Hearing loop').check();
  await page.getByRole('button', { name: 'Search' }).click();
  // The Broomhall Centre says it has a hearing loop; the other Tuesday sessions' places do not.
  assert.deepEqual(await page.locator('.kith-result h3').allInnerTexts(), ['Tuesday Warm Space (demo)']);
  assert.equal(await page.getByLabel('Hearing loop').isChecked(), true);
  await page.goto(base + '/directory?search=money+advice');
  const all = Number((await page.locator('#results-heading').innerText()).match(/^(\d+) results$/)[1]);
  await page.getByLabel('Hearing loop').check();
  await page.getByLabel('Step-free or wheelchair access').check();
  await page.getByRole('button', { name: 'Search' }).click();
  const narrowed = Number((await page.locator('#results-heading').innerText()).match(/^(\d+) results?$/)[1]);
  assert.ok(narrowed >= 1 && narrowed < all, `${narrowed} of ${all}`);
  // Of those, Dudley Library's drop-in (a lift and a hearing loop) is the one in the morning.
  await page.getByLabel('Time of day').selectOption({ label: 'Morning (finishes by 12pm)' });
  await page.getByRole('button', { name: 'Search' }).click();
  assert.deepEqual(await page.locator('.kith-result h3').allInnerTexts(), ['Money advice drop-in (demo)']);
  // It says nothing of an accessible toilet.
  await page.getByLabel('Accessible toilet').check();
  await page.getByRole('button', { name: 'Search' }).click();
  assert.equal(await page.locator('#results-heading').innerText(), '0 results');
  await expectAccessibleAt(browser, page.url());
  await closePage(page);
});

test('places to meet near a postcode list each venue with what happens there', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(base + '/directory');
  await page.getByRole('link', { name: 'Places to meet' }).click();
  assert.equal(await page.locator('h1').innerText(), 'Places to meet');
  assert.match(await page.locator('#places-heading').innerText(), /^\d{3} places in the directory, A to Z$/);
  await page.getByLabel('Postcode', { exact: true }).fill('S10 2FD');
  await page.getByLabel('Distance from the postcode').selectOption({ label: '2 miles' });
  await page.getByRole('button', { name: 'Find places' }).click();
  assert.match(await page.locator('#places-heading').innerText(), /^\d+ places, nearest first$/);
  const first = page.locator('.kith-result').first();
  assert.match(await first.innerText(), /^Broomhall Centre/);
  assert.match(await first.innerText(), /hearing loop in the main hall/);
  assert.deepEqual(await first.getByRole('link').allInnerTexts(), ['Chatty Cafe for older people (demo)', 'Tuesday Warm Space (demo)']);
  await expectAccessibleAt(browser, page.url());
  await page.goto(base + '/directory/places-to-meet?postcode=XX1+1XX');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /We do not know the postcode XX1 1XX/);
  await closePage(page);
});

test('a service page maps its place among the neighbourhoods around it', { timeout: 90000 }, async () => {
  const page = await openPage(browser);
  await page.goto(base + '/directory?search=tuesday+warm+space');
  await page.getByRole('link', { name: 'Tuesday Warm Space (demo)' }).click();
  await page.locator('[data-kith-map][data-map-ready="true"]').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('.leaflet-overlay-pane path.kith-map__point').count(), 1);
  assert.ok(await page.locator('.leaflet-overlay-pane path.kith-map__area').count() > 1);
  await expectAccessible(page);
  await closePage(page);
});

test('the gap analysis ranks neighbourhoods, maps them and downloads', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(base + '/directory');
  await page.getByRole('link', { name: 'Where activities are missing' }).click();
  await page.getByLabel('Local authority').selectOption({ label: 'Chorley' });
  await page.getByLabel('Walking distance').selectOption({ label: '1,600 metres (about 20 minutes\' walk)' });
  await page.getByRole('button', { name: 'Show' }).click();
  assert.equal(await page.locator('h1').innerText(), 'Where activities are missing in Chorley');
  const rows = page.locator('table').first().locator('tbody tr');
  const count = await rows.count();
  assert.ok(count > 50, `expected Chorley's LSOAs, got ${count}`);
  // Ranked: the first rows have nothing within the walk; the last has the most for its people.
  assert.match(await rows.first().innerText(), /^1\s/);
  assert.match(await rows.first().innerText(), /\tEvery day\t/);
  // And how many there speak another language at home (Census 2021, TS029).
  assert.match(await rows.first().innerText(), /\t\d+\.\d%$/);
  const last = await rows.last().locator('td').allInnerTexts();
  assert.ok(Number(last[4]) >= 1, 'the best-provided neighbourhood has an activity within the walk');
  assert.equal(await page.locator('svg.kith-area-svg path').count(), count);
  assert.ok(await page.locator('svg.kith-area-svg path.kith-band-4, svg.kith-area-svg path.kith-band-3, svg.kith-area-svg path.kith-band-2, svg.kith-area-svg path.kith-band-1').count() >= 1);
  const csvHref = await page.getByRole('link', { name: 'spreadsheet (CSV)' }).getAttribute('href');
  const csv = await (await fetch(base + csvHref)).text();
  const lines = csv.trim().split('\n');
  assert.equal(lines.length, count + 1);
  assert.match(lines[0], /^rank,lsoa21_code,lsoa21_name,population,imd_decile,walk_m,activities/);
  assert.match(lines[1], /^1,E01\d{6},/);
  await expectAccessibleAt(browser, page.url());
  await closePage(page);
});

test('an authority\'s neighbourhoods by deprivation: chart, map and a table sorted without JavaScript', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(base + '/areas/E07000118');
  await page.getByRole('link', { name: 'Deprivation in every neighbourhood of Chorley' }).click();
  assert.equal(await page.locator('h1').innerText(), 'Deprivation in Chorley');
  const rows = page.locator('table').last().locator('tbody tr');
  assert.equal(await rows.count(), 70);
  assert.equal(await page.locator('svg.kith-area-svg path').count(), 70);
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await page.getByRole('link', { name: 'People', exact: true }).click();  // again: largest first
  const people = (await rows.locator('td:nth-child(2)').allInnerTexts()).map((t) => Number(t.replace(/,/g, '')));
  assert.deepEqual(people, [...people].sort((a, b) => b - a));
  assert.equal(await page.locator('th[aria-sort="descending"]').innerText(), 'People');
  await expectAccessibleAt(browser, page.url());
  await page.getByRole('link', { name: 'Focus neighbourhoods' }).click();
  await page.getByLabel('Which neighbourhoods').selectOption({ label: 'The lowest 20%' });
  await page.getByRole('button', { name: 'Show' }).click();
  assert.match(await page.locator('#focus-count').innerText(), /^\d+ neighbourhoods in \d+ groups?\.$/);
  assert.match(await page.locator('#group-1').innerText(), /^Group 1\s+\S/);  // then the places it covers
  assert.match(await page.locator('#group-1-size').innerText(), /^\d+ neighbourhoods?, [\d,]+ people\./);
  await expectAccessibleAt(browser, page.url());
  await closePage(page);
});

test('an officer names a focus group and it becomes a neighbourhood with its own page', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'officer@demo.kith.test', 'kith-demo-officer');
  await page.goto(base + '/areas/E07000118/focus?decile=2');
  // axe runs in a page with JavaScript, signed in as well, to see the forms.
  const checked = await openPage(browser);
  await signIn(checked, 'officer@demo.kith.test', 'kith-demo-officer');
  await checked.goto(page.url());
  await expectAccessible(checked);
  await closePage(checked);
  const count = await page.locator('#group-1-size').innerText();
  const lsoas = Number(count.match(/^(\d+) neighbourhood/)[1]);
  await page.getByLabel('Name group 1 as a neighbourhood').fill('Chorley South (browser test)');
  await page.getByRole('button', { name: 'Save group 1 as a neighbourhood' }).click();
  assert.equal(await page.locator('h1').innerText(), 'Chorley South (browser test)');
  assert.match(await page.locator('.govuk-caption-l').innerText(), /^Named neighbourhood in Chorley/);
  assert.equal(await page.locator('table').last().locator('tbody tr').count(), lsoas);
  await closePage(page);
});

test('an officer edits a saved neighbourhood without JavaScript: renames it and drops an LSOA', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'officer@demo.kith.test', 'kith-demo-officer');
  await page.goto(base + '/areas/E08000027/focus');
  await page.getByLabel('Name group 1 as a neighbourhood').fill('Dudley edit (browser test)');
  await page.getByRole('button', { name: 'Save group 1 as a neighbourhood' }).click();
  const before = await page.locator('table').last().locator('tbody tr').count();
  await page.getByRole('link', { name: 'Edit this neighbourhood' }).click();
  const checked = await openPage(browser);
  await signIn(checked, 'officer@demo.kith.test', 'kith-demo-officer');
  await checked.goto(page.url());
  await expectAccessible(checked);
  await closePage(checked);
  await page.getByLabel('Name', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Give the neighbourhood a name/);
  await page.getByLabel('Name', { exact: true }).fill('Dudley renamed (browser test)');
  await page.locator('input[name="lsoas"]:checked').first().uncheck();
  await page.getByRole('button', { name: 'Save changes' }).click();
  assert.equal(await page.locator('h1').innerText(), 'Dudley renamed (browser test)');
  assert.equal(await page.locator('table').last().locator('tbody tr').count(), before - 1);
  await page.getByRole('link', { name: 'Edit this neighbourhood' }).click();
  await page.getByRole('button', { name: /^Remove / }).click();
  assert.equal(await page.locator('h1').innerText(), 'Dudley');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /no longer a saved neighbourhood/);
  await closePage(page);
});

test('focus groups are named after their places, coloured and numbered on the map with a key', { timeout: 90000 }, async () => {
  const page = await openPage(browser);
  await page.goto(base + '/areas/E08000019/focus');
  const groups = await page.locator('h2[id^="group-"]').count();
  assert.ok(groups > 3);
  assert.match(await page.locator('main').innerText(), /Parson Cross/);
  const key = page.locator('ul[aria-labelledby="focus-key"] li');
  assert.equal(await key.count(), groups + 1);  // each group, and the rest
  assert.equal(await page.locator('svg.kith-area-svg text.kith-map-label').count(), groups);
  // A group's number on the map reads dark on a light halo.
  const label = page.locator('svg.kith-area-svg text.kith-map-label').first();
  assert.equal(await label.evaluate((t) => getComputedStyle(t).fill), 'rgb(11, 12, 12)');
  await key.first().getByRole('link').click();
  assert.match(page.url(), /#group-1$/);
  await expectAccessible(page);
  await closePage(page);
});

test('an area of neighbourhoods (MSOA) is found by the name people use and has its own page', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(base + '/areas?q=Heeley');
  await page.getByRole('link', { name: 'Heeley & Newfield Green (Sheffield 051)', exact: true }).click();
  assert.equal(await page.locator('h1').innerText(), 'Heeley & Newfield Green (Sheffield 051)');
  assert.match(await page.locator('.govuk-caption-l').innerText(), /^Local area \(MSOA\) in Sheffield/);
  assert.equal(await page.locator('table').last().locator('tbody tr').count(), 5);
  assert.equal(await page.locator('[data-kith-map] .kith-area-svg path').count(), 5);
  await expectAccessibleAt(browser, page.url());
  await page.getByRole('link', { name: 'Heeley & Newfield Green (Sheffield 051E)' }).click();
  assert.equal(await page.locator('#msoa-link').innerText(), 'Heeley & Newfield Green (Sheffield 051)');
  await closePage(page);
});

test('an area profile opens with what meets there, then deprivation beside its parents and resilience', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(base + '/directory?postcode=S11%208SP');
  await page.getByRole('link', { name: 'Sharrow Food Pantry (demo)' }).first().click();
  await page.getByRole('link', { name: /\(Sheffield \d{3}[A-Z]\)$/ }).first().click();
  const headings = await page.locator('main h2').allInnerTexts();
  assert.equal(headings[0], 'What is strong here');
  assert.ok(headings.indexOf('Deprivation') > 0 && headings.indexOf('Community resilience') > headings.indexOf('Deprivation'));
  assert.match(await page.locator('#strength-directory').innerText(), /^\d+ activit(y|ies)/);
  assert.equal(await page.getByRole('link', { name: 'Sharrow Food Pantry (demo)' }).count(), 1);
  const columns = await page.locator('#imd-comparison thead th').allInnerTexts();
  assert.equal(columns.length, 5);
  assert.deepEqual(columns.slice(3), ['Sheffield', 'England']);
  assert.match(await page.locator('#imd-summary').innerText(), /ranks [\d,]+ of England's 33,755/);
  assert.match(await page.locator('#resilience-summary').innerText(), /ranks \d+ of \d+ in Sheffield/);
  assert.ok(await page.locator('svg.kith-area-svg path.kith-outlined').count() === 1);
  await expectAccessibleAt(browser, page.url());
  await closePage(page);
});

test('local authorities compared: sorted by a column without JavaScript, 2019 as published', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(base + '/areas');
  await page.getByRole('link', { name: 'How England\'s local authorities compare on deprivation' }).click();
  await page.getByLabel('Edition').selectOption('2019');
  await page.getByRole('button', { name: 'Show' }).click();
  const rows = page.locator('#authorities tbody tr');
  assert.equal(await rows.count(), 317);
  assert.match(await rows.first().innerText(), /^Blackpool/);
  await page.locator('#authorities').getByRole('link', { name: 'In most deprived 10%' }).click();
  assert.match(await rows.first().innerText(), /^Middlesbrough\s.*48\.8%/);
  assert.equal(await page.locator('#authorities th[aria-sort="ascending"]').innerText(), 'In most deprived 10%');
  await expectAccessibleAt(browser, page.url());
  await closePage(page);
});
