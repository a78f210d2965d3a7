// Who lives here: an area page's Census 2021 section in a real browser, without
// JavaScript (the bars are drawn by the server), its tables read beside England's,
// the CSV download, and axe-core on the page and the census page of a ward.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessibleAt } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
  await fetch(base + '/areas/E01007823');  // the first area page fills the server's caches
});
after(async () => { await browser?.close(); });

test('a resident reads who lives in their neighbourhood, without JavaScript', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(base + '/areas/E01007823');  // Sheffield 069A
  const heading = page.getByRole('heading', { name: 'Who lives here' });
  assert.equal(await heading.count(), 1);
  // ts038: 155 of 1,678 people are disabled and limited a lot: 9.2 per 100.
  const row = page.locator('#census-disability-table tr', { hasText: 'Disabled: day-to-day activities limited a lot' });
  assert.match(await row.innerText(), /155\s+9\.2\s+\d+\.\d/);
  assert.match(await page.locator('#census-disability-table caption').innerText(), /the 1,678 residents counted here/);
  assert.match(await page.locator('#census-unpaid_care-table caption').innerText(), /the 1,598 residents aged 5 and over counted here/);
  assert.match(await page.locator('main').innerText(), /Census 2021, Office for National Statistics, Open Government Licence/);
  // The bars are drawn without JavaScript: one per group, here and in England.
  assert.equal(await page.locator('#census-sex-table .kith-bar').count(), 4);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'the whole profile as CSV' }).click()
  ]);
  assert.equal(download.suggestedFilename(), 'census-E01007823.csv');
  await expectAccessibleAt(browser, page.url());
  await page.goto(base + '/areas/E05010857/census');  // Beauchief and Greenhill ward
  assert.match(await page.locator('h1').innerText(), /^Who lives in Beauchief and Greenhill/);
  assert.match(await page.locator('#census-disability-table caption').innerText(), /the 18,465 residents counted here/);
  await expectAccessibleAt(browser, page.url());
  await closePage(page);
});

test('on a 390 px phone every census table fits, its groups readable', { timeout: 60000 }, async () => {
  const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
  await page.goto(base + '/areas/E05010857/census');
  const tables = await page.locator('table.kith-bar-chart').evaluateAll((all) => all.map((t) => ({
    id: t.id,
    overflow: t.parentElement.scrollWidth - t.parentElement.clientWidth,
    group: Math.min(...[...t.querySelectorAll('tbody th')].map((th) => th.getBoundingClientRect().width))
  })));
  assert.ok(tables.length >= 7, `census tables: ${tables.length}`);
  for (const t of tables) {
    assert.ok(t.overflow <= 1, `${t.id} is ${t.overflow} px wider than its region`);
    assert.ok(t.group >= 100, `${t.id}: the group column is only ${t.group} px wide`);
  }
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'the page scrolls sideways');
  await closePage(page);
});
