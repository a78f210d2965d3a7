// Stories in a real browser without JavaScript: a resident tells a story, a
// moderator redacts and publishes it, it shows on the story site; axe checks each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, launch, openPage, closePage, expectAccessible, expectAccessibleAt, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a resident tells a story, a moderator publishes it redacted, anyone reads it', { timeout: 120000 }, async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(base + '/stories');
  await expectAccessibleAt(browser, page.url());
  await page.getByRole('link', { name: 'Tell your story' }).click();
  await expectAccessibleAt(browser, page.url());
  await page.getByLabel('A title').fill('The bench by the canal (browser test)');
  await page.getByRole('button', { name: 'Send your story' }).click();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Tell your story in 20 to 10,000 characters/);
  await page.getByLabel('Your story').fill('The new bench by the canal is where I meet Mrs Example from number 12 every morning.');
  await page.getByLabel('Relationships and connections with others').check();
  await page.getByLabel('My own story').check();
  await page.getByLabel('Publish it without my name').check();
  await page.getByRole('button', { name: 'Send your story' }).click();
  assert.match(await page.locator('#withdraw-link').innerText(), /Keep this page's address/);
  await expectAccessibleAt(browser, page.url());
  await closePage(page);

  const mod = await openPage(browser, { javaScriptEnabled: false });
  await signIn(mod, 'moderator@demo.kith.test', 'kith-demo-moderator');
  await mod.goto(base + '/moderate/stories');
  await mod.getByRole('link', { name: 'The bench by the canal (browser test)' }).click();
  const checked = await openPage(browser);
  await signIn(checked, 'moderator@demo.kith.test', 'kith-demo-moderator');
  await checked.goto(mod.url());
  await expectAccessible(checked);
  await closePage(checked);
  await mod.getByLabel(/The text to publish/).fill('The new bench by the canal is where I meet a neighbour every morning.');
  await mod.getByLabel('Publish the text below').check();
  await mod.getByRole('button', { name: 'Decide' }).click();
  await closePage(mod);

  const reader = await openPage(browser, { javaScriptEnabled: false });
  await reader.goto(base + '/stories?q=canal');
  await reader.getByRole('link', { name: 'The bench by the canal (browser test)' }).click();
  const text = await reader.locator('main').innerText();
  assert.match(text, /meet a neighbour every morning/);
  assert.doesNotMatch(text, /Mrs Example/);
  assert.equal(await reader.locator('#teller').innerText(), 'Anonymous');
  await expectAccessibleAt(browser, reader.url());
  await closePage(reader);
});
