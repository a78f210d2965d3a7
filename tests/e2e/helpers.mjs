// Shared set-up for the browser tests: Debian's Chromium through playwright-core,
// and an axe-core check for WCAG 2.2 AA on every page a test visits.
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';

export const base = process.env.KITH_E2E_URL || 'http://127.0.0.1:8090';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync']
  });
}

// Fails with the list of violations, each with the elements it found them on.
export async function expectAccessible(page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const report = results.violations.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  assert.deepEqual(report, [], `axe found WCAG 2.2 AA violations on ${page.url()}`);
}

// A page in its own browser context (its own cookies), as axe-core needs.
export async function openPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(30000);  // a shared, busy machine: a first view can take seconds in a Debug build
  return page;
}

export async function closePage(page) {
  await page.context().close();
}

// axe-core runs inside the page, so a page opened without JavaScript is checked by
// loading the same address in a page with it.
export async function expectAccessibleAt(browser, url) {
  const page = await openPage(browser);
  await page.goto(url);
  await expectAccessible(page);
  await closePage(page);
}

export async function signIn(page, email, password) {
  await page.goto(base + '/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

// Signs a JavaScript-enabled page in as a demo role and checks `url` with axe (for
// pages behind sign-in, where expectAccessibleAt's fresh page would be turned away).
export async function expectAccessibleAs(browser, role, url) {
  const page = await openPage(browser);
  await signIn(page, `${role}@demo.kith.test`, `kith-demo-${role}`);
  await page.goto(url);
  await expectAccessible(page);
  await closePage(page);
}

// The newest email the server sent to `email` (through the mail sink scripts/e2e.sh
// starts; waits up to 30 s for the sender) whose plain text holds a link to `path`
// (a RegExp on the path): answers that link. Asserts the mail went over TLS.
export async function emailedLink(email, path) {
  const dir = process.env.KITH_E2E_MAIL_DIR;
  assert.ok(dir, 'KITH_E2E_MAIL_DIR names the mail sink\'s folder (scripts/e2e.sh)');
  const { readdirSync, readFileSync } = await import('node:fs');
  const deadline = Date.now() + 30000;
  for (;;) {
    const names = readdirSync(dir).filter((n) => n.endsWith('.eml'))
      .sort((a, b) => parseInt(b, 10) - parseInt(a, 10));
    for (const name of names) {
      const raw = readFileSync(`${dir}/${name}`, 'utf8');
      const to = /^X-Envelope-To: (.*)$/m.exec(raw)?.[1] ?? '';
      if (!to.split(',').includes(email)) continue;
      // Quoted-printable: join soft breaks, then decode each =XX byte.
      const text = Buffer.from(raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g,
        (_, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
      const link = text.match(/https?:\/\/[^\s"<>]+/g)?.find((u) => path.test(new URL(u).pathname));
      if (!link) continue;
      assert.match(raw, /^X-Was-TLS: yes$/m, 'the email went over STARTTLS');
      assert.ok(link.startsWith(base + '/'), `${link} is not a link to ${base}`);
      return link;
    }
    assert.ok(Date.now() < deadline, `no email to ${email} with a link to ${path}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
