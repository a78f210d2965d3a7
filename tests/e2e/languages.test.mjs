// Kith in the languages of its places, in a real browser: a Welsh browser gets Welsh
// and can switch to English on any page; Urdu lays out right to left on a phone; each
// language's pages pass axe, and the resident's search still works in them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessible } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function languageOf(page) {
  return page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
}

test('a browser set to Welsh gets Welsh, and the switcher goes back to English', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { locale: 'cy-GB' });
  await page.goto(base + '/stories');
  assert.deepEqual(await languageOf(page), { lang: 'cy', dir: 'ltr' });
  const welshHeading = await page.locator('h1').innerText();
  await expectAccessible(page);
  // The menu is in Welsh, and English is one link away, marked as English.
  await page.getByRole('link', { name: 'Cyfeiriadur' }).first().click();
  await page.waitForURL(/\/directory/);
  assert.equal((await languageOf(page)).lang, 'cy');
  const english = page.locator('.kith-language-select a[hreflang="en"]');
  assert.equal(await english.getAttribute('lang'), 'en');
  await english.click();
  await page.waitForURL(/lang=en/);
  assert.deepEqual(await languageOf(page), { lang: 'en-GB', dir: 'ltr' });
  // Kept for the next page, whatever the browser says.
  await page.goto(base + '/stories');
  assert.notEqual(await page.locator('h1').innerText(), welshHeading, 'the stories heading was in Welsh');
  assert.equal((await languageOf(page)).lang, 'en-GB');
  await closePage(page);
});

test('Urdu reads right to left on a phone, and a search works in it', { timeout: 90000 }, async () => {
  const page = await openPage(browser, { viewport: { width: 320, height: 640 } });
  await page.goto(base + '/directory?lang=ur');
  assert.deepEqual(await languageOf(page), { lang: 'ur', dir: 'rtl' });
  await expectAccessible(page);
  // Nothing is wider than the phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await page.locator('input[name="search"]').fill('library');
  await page.locator('input[name="search"]').press('Enter');
  await page.waitForURL(/search=library/);
  assert.deepEqual(await languageOf(page), { lang: 'ur', dir: 'rtl' });
  assert.ok(await page.locator('main a[href^="/directory/services/"]').count() > 0, 'the search found libraries');
  // The program's own words are Urdu too: the count of results and the day options.
  assert.doesNotMatch(await page.locator('#results-heading').innerText(), /results?\b/);
  const days = await page.locator('#day option').allInnerTexts();
  assert.ok(!days.includes('Monday') && days.length === 8, `the days are in Urdu: ${days.join(', ')}`);
  await expectAccessible(page);
  await closePage(page);
});

test('breadcrumbs run from the right in Urdu, their arrows pointing the way it reads', { timeout: 60000 }, async () => {
  const page = await openPage(browser);
  await page.goto(base + '/directory/gaps?lang=ur');
  const crumbs = page.locator('.govuk-breadcrumbs__list-item');
  assert.ok(await crumbs.count() >= 2, 'the gap analysis has a trail of breadcrumbs');
  const first = await crumbs.nth(0).boundingBox();
  const second = await crumbs.nth(1).boundingBox();
  assert.ok(first.x > second.x, `the first crumb (x ${first.x}) is right of the second (x ${second.x})`);
  const arrow = await crumbs.nth(1).evaluate((li) => getComputedStyle(li, '::before').transform);
  assert.notEqual(arrow, 'none');
  // A 45-degree turn points right; the mirrored arrow is turned the other way (its matrix's a < 0).
  assert.ok(Number(arrow.match(/matrix\(([-0-9.e]+)/)[1]) < 0, `the arrow points left: ${arrow}`);
  await closePage(page);
});

test('each language the switcher offers turns the resident pages into it', { timeout: 120000 }, async () => {
  const page = await openPage(browser);
  await page.goto(base + '/stories?lang=en');
  const englishHeading = await page.locator('h1').innerText();
  const codes = await page.locator('.kith-language-select a').evaluateAll((links) => links.map((a) => a.lang));
  assert.ok(codes.includes('cy'), 'Welsh is offered');
  for (const code of codes) {
    await page.goto(`${base}/stories?lang=${code}`);
    assert.equal((await languageOf(page)).lang, code);
    assert.notEqual(await page.locator('h1').innerText(), englishHeading, `the stories page has a heading in ${code}`);
    await expectAccessible(page);
  }
  await closePage(page);
});
