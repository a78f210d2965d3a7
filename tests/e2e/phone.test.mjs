// Every page shape on a 320 px phone: one page for each template in templates/
// (reached with the demo's real data, signed in as the role that sees it), none of
// which may scroll sideways or have an element wider than the screen outside a
// designated scroll region, and each of which passes axe-core (WCAG 2.2 AA). A new
// template without an entry here fails the test, so none is forgotten.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { base, launch, expectAccessible, signIn } from './helpers.mjs';

const WIDTH = 320;
const templatesDir = new URL('../../templates/', import.meta.url).pathname;
const stamp = Date.now().toString(36);
// A name as long as Kith allows (120 characters) without a space: wherever a name is
// shown (an account, a timebank's members, a story's teller, the users list) it must wrap.
const longName = ('Wolfeschlegelsteinhausenbergerdorff' + stamp).repeat(4).slice(0, 120);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Every page template: partials (`_name.html`) and the layout are parts of pages, not pages.
function pageTemplates() {
  const out = [];
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.html') && !name.startsWith('_') && name !== 'layout.html')
        out.push(path.relative(templatesDir, p).replace(/\.html$/, ''));
    }
  };
  walk(templatesDir);
  return out.sort();
}

// One signed-in page per role (and per checking worker), kept for the whole run (one
// sign-in each), 320 px wide.
const pages = new Map();
async function pageAs(role, worker = 0) {
  const key = `${worker} ${role}`;
  if (pages.has(key)) return pages.get(key);
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 640 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  if (role !== 'anyone') {
    await signIn(page, `${role}@demo.kith.test`, `kith-demo-${role}`);
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  }
  pages.set(key, page);
  return page;
}

// The first link on `from` whose address matches `pattern` (demo ids differ between loads).
async function firstLink(role, from, pattern) {
  const page = await pageAs(role);
  await page.goto(base + from);
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const found = hrefs.find((h) => pattern.test(h));
  assert.ok(found, `no link matching ${pattern} on ${from}`);
  return found;
}

// Records the demo does not hold, made once through the pages and API as people would.
const made = {};
async function make() {
  // A story told by a member: it waits for a moderator and has its withdrawal link.
  const member = await pageAs('member');
  const told = await member.request.post(base + '/api/v1/stories/tell', {
    data: {
      title: `The bench outside the library (phone test ${stamp})`,
      body: 'Someone put a bench outside the library and now the older people on our street sit and talk there every morning.',
      perspective: 'person', consent: 'named', teller_name: longName, postcode: 'RM17 5AB', outcomes: ['belonging']
    }
  });
  assert.ok(told.ok(), await told.text());
  const story = await told.json();
  made.withdraw = story.withdraw;
  made.review = `/moderate/stories/${story.id}`;

  // An offer on the timebank.
  await member.goto(base + '/timebank/posts/new');
  await member.getByLabel('I can offer this').check();
  await member.getByLabel('Kind of help').selectOption({ label: 'Repairs and DIY' });
  await member.getByLabel('Title').fill(`Fixing bikes on Saturday mornings (phone test ${stamp})`);
  await member.getByLabel('Description').fill('Punctures, brakes and gears.\n\nBring your bike to the community hub.\nTea provided.');
  await member.getByRole('button', { name: 'Post it' }).click();
  await member.waitForURL(/\/timebank\/posts\/\d+$/);
  made.post = new URL(member.url()).pathname;
  // The description keeps the lines and the blank line it was written with.
  assert.match(await member.locator('#description').innerText(), /^Punctures, brakes and gears\.\n\nBring your bike to the community hub\.\nTea provided\.$/);

  // The member asks to join another timebank under a long name: the coordinator sees it waiting.
  const joined = await member.request.post(base + '/api/v1/timebank/tilbury-chadwell', {
    data: { name: longName, kind: 'member', postcode: '' }
  });
  assert.ok(joined.ok(), await joined.text());

  // A group a resident sends for checking: a moderator's submission.
  const resident = await pageAs('anyone');
  const group = `Chorley Repair Café ${stamp}`;
  await resident.goto(base + '/directory/add');
  await resident.getByLabel('Name of the group or activity').fill(group);
  await resident.getByLabel('What happens there').fill('Bring broken things and fix them with volunteers. Tea and cake.');
  await resident.getByLabel('Category').selectOption({ label: 'Places to meet' });
  await resident.getByLabel('Street address or building').fill('Astley Hall');
  await resident.getByLabel('Town or city').fill('Chorley');
  await resident.getByLabel('Postcode').fill('PR6 7TW');
  await resident.getByRole('button', { name: 'Send for checking' }).click();
  made.submission = await firstLink('moderator', '/moderate/directory', /^\/moderate\/directory\/\d+$/);

  // An invitation an admin makes, opened by the person invited (signed out).
  const admin = await pageAs('admin');
  const invited = await admin.request.post(base + '/api/v1/admin/users/invite', {
    data: { email: `phone-${stamp}@example.org`, display_name: longName, roles: ['member'] }
  });
  assert.ok(invited.ok(), await invited.text());
  const invitation = await invited.json();
  const url = invitation.invitation_url;
  made.invitation = url.slice(url.indexOf('/invite/'));
  made.invitedUser = `/admin/users/${invitation.user.id}`;

  // A spreadsheet an officer checks before importing: the report of the dry run.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kith-phone-')), 'libraries.csv');
  fs.writeFileSync(file, 'name,address_1,postcode,latitude,longitude,description\n' +
    `Adlington Library ${stamp},Railway Road,PR6 9RG,53.61456,-2.60286,https://www.lancashire.gov.uk/libraries-and-archives/libraries/find-a-library/adlington-library/\n`);
  const officer = await pageAs('officer');
  await officer.goto(base + '/directory/import');
  await officer.getByLabel(/A spreadsheet saved as CSV/).setInputFiles(file);
  await officer.getByRole('button', { name: 'Check the file' }).click();
  await officer.waitForURL(/\/directory\/import\/[A-Za-z0-9_-]+$/);
  made.import = new URL(officer.url()).pathname;

  // A focus group an officer saves as a neighbourhood of their own.
  await officer.goto(base + '/areas/E06000034/focus');
  await officer.locator('#name-1').fill(`Tilbury focus ${stamp}`);
  await officer.getByRole('button', { name: 'Save group 1 as a neighbourhood' }).click();
  await officer.waitForURL(/\/areas\/[^/]+$/);
  made.neighbourhood = new URL(officer.url()).pathname;

  // A resilience index definition an officer saves, to see on the index page and delete.
  await officer.goto(base + '/indices/definitions/new');
  await officer.getByLabel('Name', { exact: true }).fill(`Phone index ${stamp}`);
  await officer.getByLabel(/Then compute it for/).fill('E06000034');
  await officer.getByRole('button', { name: 'Save the definition' }).click();
  await officer.waitForURL(/definition=\d+/);
  made.definition = new URL(officer.url()).searchParams.get('definition');
}

// SQL against the server's own database (scripts/e2e.sh sets KITH_DATA_DIR): the links
// an email would carry, which no page shows.
function sql(query) {
  return execFileSync('sqlite3', [`${process.env.KITH_DATA_DIR}/kith.db`, query]).toString().trim();
}
function emailedPath(kind, email) {
  const fields = sql(`SELECT fields FROM outbox WHERE kind = '${kind}' AND to_address = '${email}' ORDER BY id DESC LIMIT 1`);
  assert.ok(fields, `no ${kind} message for ${email}`);
  const url = JSON.parse(fields).link;
  return url.slice(url.indexOf('/', url.indexOf('//') + 2));
}

// A new resident's sign-up, its confirmation link and a reset link; the member's
// one-click unsubscribe link (signed with the place's secret, as the sender signs it).
async function makeAccountLinks() {
  const email = `phone-signup-${stamp}@example.org`;
  const resident = await pageAs('anyone');
  const signedUp = await resident.request.post(base + '/api/v1/sign-up', {
    data: { display_name: 'Phone Signup', email, password: 'harbour violet compass',
      confirm_password: 'harbour violet compass', agree: 'yes' }
  });
  assert.ok(signedUp.ok(), await signedUp.text());
  made.verify = emailedPath('verify_email', email);
  const asked = await resident.request.post(base + '/api/v1/password/forgot', { data: { email } });
  assert.ok(asked.ok(), await asked.text());
  made.reset = emailedPath('password_reset', email);
  sql(`INSERT INTO settings (key, value) VALUES ('messages.unsubscribe_secret', '"phone-test-secret"') ON CONFLICT (key) DO NOTHING`);
  const secret = JSON.parse(sql(`SELECT value FROM settings WHERE key = 'messages.unsubscribe_secret'`));
  const member = sql(`SELECT id FROM users WHERE email = 'member@demo.kith.test'`);
  const payload = `${member}.story_published`;
  made.unsubscribe = `/unsubscribe/${payload}.${crypto.createHmac('sha256', secret).update(payload).digest('hex').slice(0, 32)}`;
}

const link = (role, from, pattern, suffix = '') => async () => (await firstLink(role, from, pattern)) + suffix;

// template -> the pages that show it: [role, path or function giving the path].
const entries = {
  'accounts/account': [['member', '/account']],
  'accounts/data': [['member', '/account/data']],
  'accounts/close': [['member', '/account/close']],
  'accounts/closed': [['anyone', '/account/closed']],
  'accounts/correction': [['member', '/account/correction']],
  'accounts/corrections': [['admin', '/admin/corrections']],
  'accounts/erasure': [['admin', '/admin/erasure']],
  'accounts/invitation': [['anyone', () => made.invitation]],
  'accounts/invite': [['admin', '/admin/users/invite']],
  'accounts/sign_in': [['anyone', '/sign-in']],
  'accounts/sign_up': [['anyone', '/sign-up']],
  'accounts/check_email': [['anyone', '/sign-up/check-your-email']],
  'accounts/verify': [['anyone', () => made.verify]],
  'accounts/verify_again': [['anyone', '/verify']],
  'accounts/forgot': [['anyone', '/password/forgot']],
  'accounts/forgot_sent': [['anyone', '/password/check-your-email']],
  'accounts/reset': [['anyone', () => made.reset]],
  'accounts/terms': [['anyone', '/terms'], ['anyone', '/privacy']],
  'messages/admin': [['admin', '/admin/messages']],
  'messages/message': [['admin', () => '/admin/messages/' + sql("SELECT MAX(id) FROM outbox WHERE kind = 'password_reset'")]],
  'messages/settings': [['member', '/account/messages']],
  'messages/unsubscribe': [['anyone', () => made.unsubscribe]],
  'accounts/moderation': [['moderator', '/moderate']],
  'accounts/user': [['admin', link('admin', '/admin/users', /^\/admin\/users\/\d+$/)], ['admin', () => made.invitedUser]],
  'accounts/users': [['admin', '/admin/users']],
  'app/home': [['anyone', '/'], ['member', '/']],
  'app/problem': [['anyone', link('anyone', '/problems', /^\/problems\/[a-z-]+$/)]],
  'app/problems': [['anyone', '/problems']],
  'app/tools': [['admin', '/tools'], ['member', '/tools']],
  'areas/area': [['anyone', '/areas/E92000001'], ['anyone', '/areas/E07000118'], ['anyone', '/areas/E06000034'],
    ['anyone', '/areas/E02001661'], ['officer', '/areas/E01024915'], ['officer', () => made.neighbourhood]],
  'areas/census': [['anyone', '/areas/E01007823/census'], ['anyone', '/areas/E08000019/census']],
  'areas/edit': [['officer', () => made.neighbourhood + '/edit']],
  'areas/index': [['anyone', '/areas'], ['anyone', '/areas?q=Heeley'], ['anyone', '/areas?q=rm17+5ab']],
  'audit/log': [['admin', '/admin/audit']],
  'i18n/languages': [['admin', '/admin/languages']],
  // Coordination: the demo's Thurrock team; coordinator2 breaks glass on the first coordinator's person.
  'coordination/break_glass': [['coordinator2', link('coordinator', '/coordination/caseload', /^\/coordination\/people\/\d+$/, '/break-glass')]],
  'coordination/caseload': [['coordinator', '/coordination/caseload']],
  'coordination/erasure': [['team_lead', '/coordination/erasure']],
  'coordination/coordinator': [['team_lead', link('team_lead', '/coordination/teams', /^\/coordination\/coordinators\/\d+$/)]],
  'coordination/index': [['anyone', '/coordination'], ['team_lead', '/coordination']],
  'coordination/my_record': [['member', '/coordination/my-record']],
  'coordination/outcome_settings': [['admin', '/coordination/outcome-settings']],
  'coordination/outcomes': [['coordinator', link('coordinator', '/coordination/caseload', /^\/coordination\/people\/\d+$/, '/outcomes')]],
  'coordination/person': [['coordinator', link('coordinator', '/coordination/caseload', /^\/coordination\/people\/\d+$/)],
    ['team_lead', link('coordinator', '/coordination/caseload', /^\/coordination\/people\/\d+$/)]],
  'coordination/queue': [['team_lead', '/coordination/queue']],
  'coordination/refer': [['anyone', '/coordination/refer'], ['referrer', '/coordination/referrals/new']],
  'coordination/referrals': [['referrer', '/coordination/referrals']],
  'coordination/report': [['team_lead', '/coordination/reports'], ['officer', '/coordination/reports']],
  'coordination/sent': [['anyone', '/coordination/refer/sent']],
  'coordination/teams': [['team_lead', '/coordination/teams']],
  'coordination/unit_costs': [['admin', '/coordination/unit-costs']],
  'directory/add': [['anyone', '/directory/add']],
  'directory/duplicates': [['moderator', '/moderate/directory/duplicates']],
  'directory/gaps': [['anyone', '/directory/gaps'], ['anyone', '/directory/gaps?area=E06000034']],
  'directory/import': [['officer', '/directory/import']],
  'directory/import_report': [['officer', () => made.import]],
  'directory/organisation': [['anyone', async () => firstLink('anyone',
    await firstLink('anyone', '/directory?postcode=RM17+5AB', /^\/directory\/services\/[^/]+$/), /^\/directory\/organisations\//)]],
  'directory/places_to_meet': [['anyone', '/directory/places-to-meet?postcode=RM17+5AB']],
  'directory/queue': [['moderator', '/moderate/directory']],
  'directory/search': [['anyone', '/directory'], ['anyone', '/directory?postcode=RM17+5AB']],
  'directory/service': [['anyone', link('anyone', '/directory?postcode=RM17+5AB', /^\/directory\/services\/[^/]+$/)]],
  'directory/submission': [['moderator', () => made.submission]],
  'directory/suggest': [['anyone', link('anyone', '/directory?postcode=RM17+5AB', /^\/directory\/services\/[^/]+$/, '/suggest')]],
  'engagement/form': [['officer', '/engagement/new']],
  'engagement/list': [['officer', '/engagement']],
  'engagement/not_heard': [['officer', '/engagement/not-heard'],
    ['officer', link('officer', '/engagement/not-heard', /^\/engagement\/not-heard\?area=/)]],
  'engagement/record': [['officer', link('officer', '/engagement', /^\/engagement\/\d+$/)]],
  'engagement/themes': [['officer', '/engagement/themes']],
  'error': [['anyone', '/areas/E99999999']],
  'grants/admin': [['admin', '/admin/grants']],
  'grants/application': [['member', link('member', '/grants/mine', /^\/grants\/applications\/\d+$/)]],
  'grants/index': [['anyone', '/grants']],
  'grants/manage': [['officer', link('officer', '/grants', /^\/grants\/rounds\/\d+$/, '/manage')]],
  'grants/mine': [['member', '/grants/mine']],
  'grants/panel': [['panel', '/grants/panel']],
  'grants/project': [['officer', link('officer', '/grants/projects', /^\/grants\/projects\/\d+$/)]],
  'grants/projects': [['officer', '/grants/projects']],
  'grants/round': [['anyone', link('anyone', '/grants', /^\/grants\/rounds\/\d+$/)]],
  'grants/score': [['panel', link('panel', '/grants/panel', /^\/grants\/panel\/\d+$/)]],
  'indices/authorities': [['anyone', '/areas/authorities']],
  'indices/definition': [['officer', '/indices/definitions/new']],
  'indices/index': [['officer', '/indices']],
  'indices/delete': [['officer', () => `/indices/definitions/${made.definition}/delete`]],
  'indices/focus': [['anyone', '/areas/E06000034/focus']],
  'indices/resilience': [['anyone', '/areas/E06000034/resilience']],
  'indices/table': [['anyone', '/areas/E06000034/deprivation']],
  'hubs/cover': [['anyone', '/hubs/cover-needed']],
  'hubs/form': [['officer', '/hubs/new'], ['coordinator2', link('anyone', '/hubs', /^\/hubs\/\d+$/, '/edit')]],
  'hubs/hub': [['anyone', link('anyone', '/hubs', /^\/hubs\/\d+$/)]],
  'hubs/index': [['anyone', '/hubs']],
  'hubs/manage': [['coordinator2', link('anyone', '/hubs', /^\/hubs\/\d+$/, '/manage')]],  // Chadwell, Kofi's
  'hubs/refer': [['referrer', link('anyone', '/hubs', /^\/hubs\/\d+$/, '/referrals/new')]],
  'hubs/referral': [['coordinator', async () => {
    // Ockendon's organiser opens the demo referral waiting there.
    const page = await pageAs('coordinator');
    await page.goto(base + '/hubs');
    const hub = await page.getByRole('link', { name: 'Ockendon Community Hub (demo)' }).getAttribute('href');
    return firstLink('coordinator', hub + '/manage', /^\/hubs\/referrals\/\d+$/);
  }]],
  'hubs/referrals': [['referrer', '/hubs/referrals']],
  'hubs/shift': [['member', link('anyone', '/hubs/cover-needed', /^\/hubs\/shifts\/\d+$/)]],
  'initiatives/form': [['officer', '/initiatives/new'], ['officer', '/initiatives/new?authority=E06000034']],
  'initiatives/index': [['anyone', '/initiatives']],
  'initiatives/initiative': [['anyone', link('anyone', '/initiatives', /^\/initiatives\/\d+$/)]],
  'initiatives/matrix': [['anyone', '/areas/E06000034/initiatives']],
  'outcomes/admin': [['admin', '/admin/outcomes']],
  'pb/list': [['anyone', '/pb']],
  'pb/manage': [['officer', link('officer', '/pb', /^\/pb\/\d+$/, '/manage')]],
  'pb/process': [['anyone', link('anyone', '/pb', /^\/pb\/\d+$/)], ['anyone', '/pb/1'], ['anyone', '/pb/2']],
  'plans/heard': [['officer', link('officer', '/plans', /^\/plans\/\d+$/, '/heard')]],
  'plans/list': [['officer', '/plans']],
  'plans/milestone': [['officer', async () =>
    firstLink('officer', await link('officer', '/plans', /^\/plans\/\d+$/)(), /^\/plans\/\d+\/milestones\/\d+$/)]],
  'plans/overdue': [['officer', '/plans/overdue']],
  'plans/plan': [['officer', link('officer', '/plans', /^\/plans\/\d+$/)]],
  'plans/print': [['coordinator', link('coordinator', '/plans', /^\/plans\/\d+$/, '/print')]],
  'stories/dashboard': [['officer', '/evaluate/stories']],
  'stories/evaluate_list': [['officer', '/evaluate/stories/list']],
  'stories/evaluate_story': [['officer', link('officer', '/evaluate/stories/list', /^\/evaluate\/stories\/\d+$/)]],
  'stories/list': [['anyone', '/stories'], ['anyone', '/case-studies']],
  'stories/mine': [['member', '/stories/mine']],
  'stories/queue': [['moderator', '/moderate/stories']],
  'stories/review': [['moderator', () => made.review]],
  'stories/round': [['officer', link('officer', '/evaluate/msc', /^\/evaluate\/msc\/\d+$/)]],
  'stories/rounds': [['officer', '/evaluate/msc']],
  'stories/signifiers': [['admin', '/admin/signifiers']],
  'stories/story': [['anyone', link('anyone', '/stories', /^\/stories\/\d+$/)]],
  'stories/tell': [['anyone', '/stories/tell']],
  'stories/withdraw': [['anyone', () => made.withdraw]],
  'timebank/account': [['member', link('member', '/timebank', /^\/timebank\/accounts\/\d+$/)]],
  'timebank/connect': [['coordinator', '/timebank/connect']],
  'timebank/exchange': [['member', link('member', '/timebank', /^\/timebank\/exchanges\/\d+$/)]],
  'timebank/gifts': [['member', '/timebank/gifts']],
  'timebank/home': [['anyone', '/timebank'], ['member', '/timebank']],
  'timebank/manage': [['coordinator', '/timebank/thurrock-hub/manage'], ['coordinator', '/timebank/tilbury-chadwell/manage']],
  'timebank/new_exchange': [['member', async () => '/timebank/exchanges/new?account=' +
    (await firstLink('member', '/timebank', /^\/timebank\/accounts\/\d+$/)).split('/').pop()]],
  'timebank/new_post': [['member', '/timebank/posts/new']],
  'timebank/post': [['member', () => made.post]],
  'timebank/posts': [['member', '/timebank/posts']],
  'timebank/timebank': [['anyone', '/timebank/thurrock-hub'], ['coordinator', '/timebank/thurrock-hub']]
};

// What sticks out past the screen's right or left edge, outermost first: elements
// inside a scroll region, a map or a drawing are the region's business, and content
// hidden for screen readers only (clipped to a pixel) does not show.
function overflowing() {
  const width = document.documentElement.clientWidth;
  const regions = '.kith-table-scroll, .kith-map, .leaflet-container, svg';
  const inside = (el) => el.parentElement?.closest(regions) != null;
  // Hidden, or inside something clipped to a pixel (GOV.UK's visually hidden text and
  // the headings of a table stacked on a phone).
  const hidden = (el) => {
    if (getComputedStyle(el).visibility === 'hidden') return true;
    for (let a = el; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      const r = a.getBoundingClientRect();
      if (s.position === 'absolute' && (r.width <= 1 || r.height <= 1 || s.clipPath !== 'none')) return true;
    }
    return false;
  };
  const sticksOut = (el) => {
    if (!(el instanceof Element) || inside(el)) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || (r.right <= width + 0.5 && r.left >= -0.5)) return false;
    return !hidden(el);
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!sticksOut(el) || sticksOut(el.parentElement)) continue;
    const r = el.getBoundingClientRect();
    out.push(`${name(el)} from ${Math.round(r.left)} to ${Math.round(r.right)} px: “${(el.innerText || '').trim().slice(0, 40)}”`);
  }
  // Every scroll region is one a keyboard can reach and a screen reader can name.
  for (const region of document.querySelectorAll('.kith-table-scroll'))
    if (region.getAttribute('tabindex') !== '0' || region.getAttribute('role') !== 'region' ||
        !(region.getAttribute('aria-labelledby') || region.getAttribute('aria-label')))
      out.push(`${name(region)} is a scroll region without tabindex="0", role="region" and a label`);
  return out;
}

test('every page shape fits a 320 px phone and passes axe', { timeout: 1200000 }, async () => {
  const templates = pageTemplates();
  assert.deepEqual(templates.filter((t) => !entries[t]), [], 'templates with no page in this test: add one');
  assert.deepEqual(Object.keys(entries).filter((t) => !templates.includes(t)), [], 'entries for templates that no longer exist');

  await make();
  await makeAccountLinks();
  // Every address first (finding one follows links), then the checks, two pages at a
  // time: while one page's axe run keeps the browser busy, the server draws the next.
  const jobs = [];
  for (const template of templates)
    for (const [role, where] of entries[template])
      jobs.push({ template, role, address: typeof where === 'function' ? await where() : where });
  const problems = [];
  const check = async ({ template, role, address }, worker) => {
    const page = await pageAs(role, worker);
    const response = await page.goto(base + address);
    const label = `${template} at ${address} as ${role}`;
    if (template !== 'error' && !response.ok()) { problems.push(`${label}: HTTP ${response.status()}`); return; }
    if (template === 'error' && response.status() !== 404) problems.push(`${label}: expected 404, got ${response.status()}`);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > WIDTH) problems.push(`${label}: the page is ${scrollWidth} px wide`);
    for (const what of await page.evaluate(overflowing)) problems.push(`${label}: ${what}`);
    try {
      await expectAccessible(page);
    } catch (e) {
      problems.push(`${label}: ${e.message.split('\n').slice(0, 8).join('\n')}`);
    }
  };
  let next = 0;
  const worker = async (n) => { while (next < jobs.length) await check(jobs[next++], n); };
  await Promise.all([worker(0), worker(1)]);
  for (const page of pages.values()) await page.context().close();
  assert.deepEqual(problems, [], problems.join('\n'));
});
