// The engagement log in a real browser without JavaScript: an officer is told what is
// wrong with an empty form, records a conversation by postcode with a quote given with
// consent and who took part, reads it back, and then asks who the Chorley demo log has
// not heard from. axe checks each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessibleAs, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an officer records an engagement and sees who has not been heard from', { timeout: 180000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await signIn(page, 'officer@demo.kith.test', 'kith-demo-officer');
  await page.goto(base + '/engagement/new');
  await page.getByRole('button', { name: 'Record it' }).click();
  const summary = await page.locator('.govuk-error-summary').innerText();
  assert.match(summary, /Choose what kind of engagement it was/);
  assert.match(summary, /Enter the postcode where it happened/);
  assert.match(summary, /Enter how many people took part/);
  await expectAccessibleAs(browser, 'officer', base + '/engagement/new');

  await page.locator('#kind-conversation').check();
  await page.getByLabel('What it was').fill('Chat outside the family centre (browser test)');
  await page.getByLabel('Where: a postcode or an area code').fill('PR7 2RJ');
  await page.getByLabel('How many people took part').fill('10');
  await page.locator('#level-involve').check();
  await page.getByLabel('Things for young people').check();
  await page.getByLabel('What you heard').fill('Parents want the youth club open on Saturdays.');
  await page.locator('#quote_1').fill('Give them somewhere to go and they will come.');
  await page.locator('#quote_1_who').fill('a dad at the school gate');
  await page.locator('#quote_1_consent').check();
  await page.getByText('Who took part (optional, anonymous)').click();
  await page.locator('#count_sex_female').fill('6');
  await page.locator('#count_sex_male').fill('4');
  await page.getByRole('button', { name: 'Record it' }).click();

  assert.match(await page.locator('h1').innerText(), /Chat outside the family centre \(browser test\)/);
  const main = await page.locator('main').innerText();
  assert.match(main, /Give them somewhere to go and they will come\./);
  assert.match(main, /Things for young people/);
  assert.match(main, /PR7 2RJ/);
  await expectAccessibleAs(browser, 'officer', page.url());

  // The log lists it, filtered by kind.
  await page.goto(base + '/engagement?kind=conversation&area=E07000118');
  assert.match(await page.locator('#engagement-log').innerText(), /Chat outside the family centre \(browser test\)/);
  await expectAccessibleAs(browser, 'officer', page.url());

  // Who have we not heard from in the demo's focus neighbourhood?
  await page.goto(base + '/engagement/not-heard');
  await page.locator('#area-choices a').first().click();
  assert.match(await page.locator('h1').innerText(), /Who have we not heard from in .+\?/);
  const under = await page.locator('#under-heard').innerText();
  assert.match(under, /Residents aged 15 to 24 are about \d+% of the area but \d+(\.\d)?% of the people we have heard from/);
  assert.match(under, /Men and boys are about/);
  assert.equal(await page.locator('svg.kith-gap-chart').count() >= 4, true);
  assert.match(await page.locator('#gap-sex').innerText(), /Under-heard/);
  await expectAccessibleAs(browser, 'officer', page.url());
  await closePage(page);
});
