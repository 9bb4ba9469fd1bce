// What every phase of dashboard.mjs shares: the settings from the environment, a browser, a
// signed-in page, an axe check of each screen in both languages with their screenshots, waiting
// for the backend, and finding an applicant in a queue through its search field. Selectors are
// by role and label (as a screen reader finds things), so a missing label fails here too.
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

// A failure with a message for the person reading the test's output.
export class Failure extends Error {}

export function need(name) {
  const value = process.env[name];
  if (!value) throw new Failure(`${name} is not set`);
  return value;
}

export const settings = {
  get baseUrl() {
    return need('AMSTEST_GATEWAY_URL').replace(/\/+$/, '');
  },
  get password() {
    return need('AMSTEST_PASSWORD');
  },
  get applicant() {
    return need('AMSTEST_APPLICANT');
  },
  get reason() {
    return need('AMSTEST_REASON');
  },
  // parked-mail: the address the mail server refused for good, and the corrected one.
  get parkedTo() {
    return need('AMSTEST_PARKED_TO');
  },
  get correctedTo() {
    return need('AMSTEST_CORRECTED_TO');
  },
  // auditor: "applications/{uuid}" of an application that went through steps 1 to 5;
  // applicant-status: of one waiting at some step.
  get application() {
    return need('AMSTEST_APPLICATION');
  },
  screenshots: process.env.AMSTEST_SCREENSHOT_DIR || '/tmp/ams-screenshots',
  // Where a phase leaves the authenticator keys it enrolled for the later phases of the run.
  state: process.env.AMSTEST_STATE_DIR || join(tmpdir(), 'ams-dashboard-e2e'),
};

export async function launch() {
  mkdirSync(settings.screenshots, { recursive: true });
  return chromium.launch({
    executablePath: process.env.AMSTEST_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
}

// A page in a context of its own (cookies of its own: one operator each), watching for what
// must never happen: a CSP violation or an uncaught error in the app. `options` are the
// context's (e.g. userAgent, to look like another device).
export async function newPage(browser, viewport = { width: 1280, height: 900 }, options = {}) {
  const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta', ...options });
  // A ceiling, not a target: the whole pipeline and Chromium share two cores in CI.
  context.setDefaultTimeout(30000);
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) page.problems.push(`CSP: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`uncaught: ${e.message}`));
  return page;
}

// Signs in on the sign-in page; resolves with the operator's display name (from the session,
// as the shell shows it).
export async function signIn(page, operator) {
  await submitSignIn(page, operator);
  await page.getByRole('heading', { name: /^Selamat datang/, level: 1 }).waitFor().catch(() => {
    throw new Failure(`${operator} could not sign in (no home page after "Masuk")`);
  });
  return displayName(page);
}

// Opens the sign-in page and sends the operator's name and password; what comes next is the
// caller's to wait for.
export async function submitSignIn(page, operator) {
  await page.goto(`${settings.baseUrl}/masuk`);
  await page.getByRole('heading', { name: 'Masuk', level: 1 }).waitFor();
  await page.getByLabel('Nama operator').fill(operator);
  await page.getByLabel('Kata sandi').fill(settings.password);
  await page.getByRole('button', { name: 'Masuk' }).click();
}

// RFC 6238 as the authenticator app does it: HMAC-SHA1 over the 30-second step, 6 digits, from
// the key in base32 (RFC 4648, no padding) as the enrolment page shows it.
export function totpStep(now = Date.now()) {
  return Math.floor(now / 30000);
}

export function totpCode(base32, step) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = [];
  let buffer = 0;
  let bits = 0;
  for (const c of base32.replace(/[\s=]+/g, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Failure(`"${c}" is not base32`);
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// An admin's authenticator key, kept between the phases of one run: each phase is a process of
// its own, and an admin who enrolled in one signs in with a code in the next. One file per
// gateway (its address, a new port each run) and operator, readable by this user only; `step` is
// the last 30-second step whose code was spent (the gateway takes each step's code once).
function authenticatorFile(operator) {
  const gateway = createHash('sha256').update(settings.baseUrl).digest('hex').slice(0, 16);
  return join(settings.state, `totp-${gateway}-${operator}.json`);
}

export function rememberAuthenticator(operator, secret, step) {
  mkdirSync(settings.state, { recursive: true, mode: 0o700 });
  writeFileSync(authenticatorFile(operator), JSON.stringify({ secret, step }), { mode: 0o600 });
}

function recalledAuthenticator(operator) {
  try {
    const { secret, step } = JSON.parse(readFileSync(authenticatorFile(operator), 'utf8'));
    return typeof secret === 'string' && Number.isInteger(step) ? { secret, step } : undefined;
  } catch {
    return undefined;
  }
}

// Signs in an operator who must have an authenticator app (an admin) and resolves once the home
// page is there. Without one yet, they enrol it, as signing in then shows (and its key is kept
// for later phases); with one, the code of a step not spent yet, from the key an earlier phase
// of this run kept. Either way the phase does not depend on which phases ran before it.
export async function signInWithAuthenticator(page, operator) {
  await submitSignIn(page, operator);
  const enrolment = page.getByRole('heading', { name: 'Aplikasi autentikator', level: 1 });
  const code = page.getByLabel('Kode dari aplikasi autentikator');
  await enrolment.or(code).first().waitFor().catch(() => {
    throw new Failure(`${operator} is asked neither to enrol an authenticator app nor for its code after signing in`);
  });
  if ((await enrolment.count()) > 0) {
    await enrolAuthenticator(page, operator);
    await page.getByRole('link', { name: 'Lanjut ke beranda' }).click();
  } else {
    const kept = recalledAuthenticator(operator);
    if (!kept) {
      throw new Failure(
        `${operator} has an authenticator app, but no earlier phase of this run kept its key (in ${settings.state})`,
      );
    }
    // The gateway takes the code of its step, the step before or the step after, each once.
    const step = Math.max(totpStep(), kept.step + 1);
    await poll('a 30-second step whose code is not spent yet', async () => totpStep() >= step - 1, 65000, 250);
    rememberAuthenticator(operator, kept.secret, step);
    await code.fill(totpCode(kept.secret, step));
    await page.getByRole('button', { name: 'Masuk' }).click();
  }
  await page.getByRole('heading', { name: /^Selamat datang/, level: 1 }).waitFor().catch(() => {
    throw new Failure(`${operator} could not sign in with the authenticator app's code`);
  });
  return displayName(page);
}

// The enrolment signing in shows an admin without an authenticator app, done as the admin-totp
// phase does it: the key as the page writes it, the code an app would show now (kept for later
// phases). Then the navigation is there.
export async function enrolAuthenticator(page, operator) {
  await page.getByRole('heading', { name: 'Aplikasi autentikator', level: 1 }).waitFor().catch(() => {
    throw new Failure(`${operator} is not shown the authenticator enrolment after signing in`);
  });
  const key = page.locator('[data-totp-secret]');
  await key.waitFor();
  const secret = ((await key.textContent()) ?? '').replace(/\s+/g, '');
  if (!/^[A-Z2-7]{16,}$/.test(secret)) throw new Failure(`no base32 key on the enrolment page (${secret})`);
  const step = totpStep();
  await page.getByLabel('Kode dari aplikasi autentikator').fill(totpCode(secret, step));
  await page.getByRole('button', { name: 'Aktifkan' }).click();
  await statusSays(page, 'Aplikasi autentikator aktif');
  rememberAuthenticator(operator, secret, step);
  await page.getByRole('navigation', { name: 'Pekerjaan' }).waitFor().catch(() => {
    throw new Failure(`no navigation once ${operator}'s authenticator app is on`);
  });
}

export async function displayName(page) {
  return page.evaluate(async () => {
    const r = await fetch('/ams.gateway.v1.SessionService/GetSession', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Connect-Protocol-Version': '1' },
      body: '{}',
    });
    const body = await r.json();
    return body.operator?.displayName || body.operator?.name || '';
  });
}

// No serious or critical axe violation on the screen as it is now, in both languages: as it is
// (screenshot `name`), then, where the screen has the language switch (the operators' shell and
// the applicants' frame), in the other language (screenshot `<name>-en`, or `<name>-id`), and back
// to the first. Switching is a re-render: what the screen holds (a form's values, an open dialog,
// a message) stays.
export async function expectAccessible(page, name) {
  await expectAccessibleAsIs(page, name);
  const first = (await page.evaluate(() => document.documentElement.lang)) === 'en' ? 'en' : 'id';
  const other = first === 'en' ? 'id' : 'en';
  if (!(await switchLanguage(page, other))) return;
  await expectAccessibleAsIs(page, `${name}-${other}`);
  await switchLanguage(page, first);
}

// axe and a screenshot of the screen in the language it is in.
async function expectAccessibleAsIs(page, name) {
  // react-aria's live announcer leaves, for a few seconds after a pending button, a role="img"
  // node labelled by an element that is gone: announced already, never seen on the page.
  const result = await new AxeBuilder({ page }).exclude('[data-live-announcer]').analyze();
  const serious = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  await page.screenshot({ path: `${settings.screenshots}/${name}.png`, fullPage: true });
  if (serious.length > 0) {
    throw new Failure(
      `axe on ${name}:\n${serious.map((v) => `  ${v.id}: ${v.help} (${v.nodes.map((n) => n.html).join(', ')})`).join('\n')}`,
    );
  }
  if (page.problems.length > 0) throw new Failure(`on ${name}:\n  ${page.problems.join('\n  ')}`);
}

// The language switch's choices, each named in its own language.
const languageNames = { id: 'Bahasa Indonesia', en: 'English' };

// Chooses `language` on the language switch and waits until the page is in it (html[lang]);
// false when the screen has no switch. As a person does: the radio pressed. With a modal dialog
// open the page behind it is inert, so the switch is pressed from a script (element.click(),
// which react-aria takes as a press) and the dialog stays open.
export async function switchLanguage(page, language) {
  const modal = page.locator('[role="dialog"], [role="alertdialog"]');
  if ((await modal.count()) > 0) {
    const button = page.locator(`.language-switch [lang="${language}"]`);
    if ((await button.count()) !== 1) return false;
    await button.evaluate((b) => b.click());
  } else {
    const radio = page.getByRole('radio', { name: languageNames[language], exact: true });
    if ((await radio.count()) !== 1) return false;
    await radio.click();
  }
  await page.locator(`html[lang="${language}"]`).waitFor();
  return true;
}

// Calls `attempt` until it returns something truthy, for up to `timeoutMs`.
export async function poll(what, attempt, timeoutMs = 30000, intervalMs = 1000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result) return result;
    if (Date.now() > deadline) throw new Failure(`gave up after ${timeoutMs / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// The table row of an applicant (its row header is the name).
export function rowOf(page, name) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

// Searches the queue shown for `name` with its search field, and waits for the answer.
export async function search(page, name) {
  await page.getByLabel('Cari nama atau NIP').fill(name);
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await resultsShown(page, name);
}

async function resultsShown(page, name) {
  await page.getByRole('status').filter({ hasText: `cocok dengan “${name}”` }).waitFor();
}

// Opens a queue, chooses a view (tab) if given, searches `name` and, until `timeoutMs`, loads
// the page again until the applicant's row is there. Resolves with the row.
export async function findInQueue(page, { path, view, name, timeoutMs = 30000 }) {
  await page.goto(`${settings.baseUrl}${path}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  if (view) await chooseView(page, view);
  await search(page, name);
  const row = rowOf(page, name);
  await poll(
    `"${name}" in ${path}${view ? ` (${view})` : ''}`,
    async () => {
      if ((await row.count()) > 0) return true;
      await page.reload();
      await resultsShown(page, name);
      return (await row.count()) > 0;
    },
    timeoutMs,
  );
  return row.first();
}

export async function chooseView(page, view) {
  const tab = page.getByRole('tab', { name: view });
  await tab.click();
  await poll(`tab "${view}" selected`, async () => (await tab.getAttribute('aria-selected')) === 'true', 5000, 100);
}

// Opens an item from its row (the name links to its page) and waits for its heading.
export async function openFromRow(page, row, name) {
  await row.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

export async function statusSays(page, text) {
  await page.getByRole('status').filter({ hasText: text }).waitFor().catch(() => {
    throw new Failure(`no status message "${text}"`);
  });
}

export async function alertSays(page, text) {
  await page.getByRole('alert').filter({ hasText: text }).waitFor().catch(() => {
    throw new Failure(`no alert "${text}"`);
  });
}

export async function expectDisabled(locator, what) {
  if (!(await locator.isDisabled())) throw new Failure(`${what} should be disabled`);
}

// The reason shown on a returned or rejected item, exactly as the operator wrote it.
export async function expectReasonText(page, reason) {
  const quote = page.getByRole('blockquote');
  await quote.waitFor().catch(() => {
    throw new Failure('no reason shown');
  });
  const shown = await quote.textContent();
  if (shown !== reason) throw new Failure(`reason shown as ${JSON.stringify(shown)}, written ${JSON.stringify(reason)}`);
}
