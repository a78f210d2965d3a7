// Stories in a real browser without JavaScript: a resident tells a story, a
// moderator redacts and publishes it, it shows on the story site; axe checks each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { base, launch, openPage, closePage, expectAccessible, expectAccessibleAt, signIn } from './helpers.mjs';

// A small real PNG (left half green, right half white), made here with zlib.
function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; header[9] = 2;  // 8-bit RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push(...(x < width / 2 ? [0, 112, 60] : [255, 255, 255]));
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a resident tells a story with a photo, a moderator publishes it redacted, anyone reads it', { timeout: 120000 }, async () => {
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
  await page.getByLabel('Mostly people themselves').check();
  await page.getByLabel('A photo (optional)').setInputFiles({ name: 'bench.png', mimeType: 'image/png', buffer: png(80, 40) });
  await page.getByLabel(/what it shows, for people who cannot see it/).fill('A green bench beside the canal towpath');
  await page.getByRole('button', { name: 'Send your story' }).click();
  assert.match(await page.locator('#withdraw-link').innerText(), /Keep this page's address/);
  // The whole address, to copy and keep, not a path.
  assert.match(await page.locator('#withdraw-link a').innerText(), /^https?:\/\/[^/]+\/stories\/withdraw\/\S+$/);
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
  assert.equal(await mod.locator('.kith-story-photo img').getAttribute('alt'), 'A green bench beside the canal towpath');
  await mod.getByLabel(/Publish the photo with the story/).check();
  await mod.getByLabel('Publish the text above').check();
  await mod.getByRole('button', { name: 'Decide' }).click();
  await closePage(mod);

  const reader = await openPage(browser, { javaScriptEnabled: false });
  await reader.goto(base + '/stories?q=canal');
  await reader.getByRole('link', { name: 'The bench by the canal (browser test)' }).click();
  const text = await reader.locator('main').innerText();
  assert.match(text, /meet a neighbour every morning/);
  assert.doesNotMatch(text, /Mrs Example/);
  assert.equal(await reader.locator('#teller').innerText(), 'Anonymous');
  const photo = reader.getByRole('img', { name: 'A green bench beside the canal towpath' });
  assert.equal(await photo.evaluate((img) => img.naturalWidth), 80);  // served, and a real image
  await expectAccessibleAt(browser, reader.url());
  await closePage(reader);
});
