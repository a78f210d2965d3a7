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
  page.setDefaultTimeout(10000);
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
