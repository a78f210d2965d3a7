// An officer imports a spreadsheet of places through the upload page, without
// JavaScript: the dry run shows what would happen and the columns not imported, a
// column is mapped by hand, and confirming adds the listings. Every page passes axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { base, launch, openPage, closePage, expectAccessible, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an officer uploads a CSV, checks the dry run, maps a column and imports it', { timeout: 120000 }, async () => {
  const stamp = Date.now().toString(36);
  // Two real Chorley libraries (LibrariesHacked, CC0), under headings a council might use.
  const csv = 'Library name,Street,Post code,Y,X,Notes\n' +
    `Adlington Library ${stamp},Railway Road,PR6 9RG,53.61456,-2.60286,Closed on Wednesdays\n` +
    `Clayton Green Library ${stamp},Library Road,PR6 7EN,53.70754,-2.64169,\n`;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kith-import-')), 'libraries.csv');
  fs.writeFileSync(file, csv);

  // axe runs inside a page, so the pages of the journey without JavaScript are checked
  // again in a page with it, signed in as the same officer.
  const checker = await openPage(browser);
  await signIn(checker, 'officer@demo.kith.test', 'kith-demo-officer');
  await checker.waitForURL(base + '/account');
  await checker.goto(base + '/directory/import');
  await expectAccessible(checker);
  await checker.getByRole('button', { name: 'Check the file' }).click();
  assert.match(await checker.locator('.govuk-error-summary').innerText(), /Choose a CSV or JSON file to upload/);
  await expectAccessible(checker);
  const check = async (url) => { await checker.goto(url); await expectAccessible(checker); };

  const officer = await openPage(browser, { javaScriptEnabled: false });
  await signIn(officer, 'officer@demo.kith.test', 'kith-demo-officer');
  await officer.waitForURL(base + '/account');
  await officer.goto(base + '/directory/import');
  await officer.getByRole('button', { name: 'Check the file' }).click();
  assert.match(await officer.locator('.govuk-error-summary').innerText(), /Choose a CSV or JSON file to upload/);

  await officer.getByLabel(/A spreadsheet saved as CSV/).setInputFiles(file);
  await officer.getByRole('button', { name: 'Check the file' }).click();
  await officer.waitForURL(/\/directory\/import\/[A-Za-z0-9_-]+$/);
  // No heading Kith knows holds the name: refused with the reason, every column offered.
  assert.match(await officer.locator('#refusal').innerText(), /no column holds the name/);
  await check(officer.url());
  await officer.getByLabel('Column “Library name”').selectOption('name');
  await officer.getByRole('button', { name: 'Check again' }).click();
  assert.match(await officer.locator('#import-summary').innerText(), /Would be added\s+2/);
  assert.match(await officer.locator('#unmapped').innerText(), /Y.*X.*Notes/);
  await check(officer.url());

  await officer.getByLabel('Column “Y”').selectOption('latitude');
  await officer.getByLabel('Column “X”').selectOption('longitude');
  await officer.getByRole('button', { name: 'Check again' }).click();
  assert.match(await officer.locator('#preview').innerText(), /53\.61456/);
  assert.match(await officer.locator('#unmapped').innerText(), /Notes/);
  await check(officer.url());

  await officer.getByRole('button', { name: 'Import', exact: true }).click();
  await officer.waitForURL(base + '/directory/import');
  assert.match(await officer.locator('.govuk-notification-banner').innerText(), /2 added/);
  await officer.goto(base + '/directory?search=' + encodeURIComponent('Adlington Library ' + stamp));
  assert.equal(await officer.locator('#results-heading').innerText(), '1 result');
  await check(base + '/directory/import');
  await closePage(officer);
  await closePage(checker);
});
