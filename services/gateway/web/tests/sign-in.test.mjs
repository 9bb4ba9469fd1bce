// The operators' sign-in, in Debian's Chromium driven by playwright-core, against a real
// ams-gateway and redis-server started here on free ports (ctest: gateway_browser_test).
// Every screen it reaches is checked with axe (no serious or critical violation) in both languages
// and saved as a screenshot in $AMSTEST_SCREENSHOT_DIR.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

const gatewayBinary = process.env.AMSTEST_GATEWAY_BINARY;
const screenshots = process.env.AMSTEST_SCREENSHOT_DIR ?? '/tmp/ams-screenshots';
const webRoot = fileURLToPath(new URL('../dist', import.meta.url));
const password = 'browser-test-password-2026';
const children = [];
let browser;
let baseUrl;

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(command, args, env) {
  const child = spawn(command, args, { env: { ...process.env, ...env } });
  children.push(child);
  return child;
}

// Resolves with the first match of `pattern` in the child's output.
function waitForOutput(child, pattern) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in: ${seen}`)), 20000);
    const onData = (data) => {
      seen += data;
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

before(async () => {
  assert.ok(gatewayBinary, 'AMSTEST_GATEWAY_BINARY names the ams-gateway to test');
  mkdirSync(screenshots, { recursive: true });
  const redisPort = await freePort();
  const redis = run('redis-server', ['--port', `${redisPort}`, '--save', '', '--appendonly', 'no']);
  await waitForOutput(redis, /Ready to accept connections/);
  const env = {
    AMS_REDIS_ADDR: `127.0.0.1:${redisPort}`,
    AMS_ARGON2_MEMORY_KIB: '8',
    AMS_ARGON2_ITERATIONS: '1',
    AMS_GATEWAY_ADDR: '127.0.0.1:0',
    AMS_GATEWAY_WEB_ROOT: webRoot,
    // No service runs here: the sign-in screens do not call them.
    AMS_GATEWAY_API_KEY: 'no-service-in-this-test',
    // Nothing listens there (not even a `make run` on this machine): calls fail at once.
    AMS_INTAKE_ADDR: '127.0.0.1:1',
    AMS_FORWARDING_ADDR: '127.0.0.1:1',
    AMS_ENROLLMENT_ADDR: '127.0.0.1:1',
    AMS_VERIFICATION_ADDR: '127.0.0.1:1',
    AMS_AUDIT_ADDR: '127.0.0.1:1',
    AMS_KAFKA_BROKERS: '127.0.0.1:1',
    AMS_GATEWAY_SECRET_KEY: 'ab'.repeat(32),
  };
  for (const [id, name, roles] of [
    ['verifikator', 'Dewi Lestari', 'VERIFIER'],
    ['siti', 'Siti Rahmawati', 'DISKOMINFO_OP,AUDITOR'],
  ]) {
    const made = spawnSync(gatewayBinary, ['admin', 'create', `operators/${id}`, name, roles], {
      input: `${password}\n`,
      env: { ...process.env, ...env },
    });
    assert.equal(made.status, 0, `${made.stderr}`);
  }
  const gateway = run(gatewayBinary, [], env);
  const [, port] = await waitForOutput(gateway, /ams-gateway http=(\d+)/);
  baseUrl = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  for (const child of children) child.kill('SIGTERM');
});

// A page in a context of its own (no cookies from another test; axe needs the context).
async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  page.cspViolations = violations;
  return page;
}

// No serious or critical axe violation, in Bahasa Indonesia (screenshot `name`), then in English
// with the header's language switch (`<name>-en`), then back.
async function expectAccessible(page, name) {
  await expectAccessibleAsIs(page, name);
  await page.getByRole('radio', { name: 'English', exact: true }).click();
  await page.locator('html[lang="en"]').waitFor();
  await expectAccessibleAsIs(page, `${name}-en`);
  await page.getByRole('radio', { name: 'Bahasa Indonesia', exact: true }).click();
  await page.locator('html[lang="id"]').waitFor();
}

async function expectAccessibleAsIs(page, name) {
  // react-aria's live announcer leaves, for a few seconds after a pending button, a role="img"
  // node labelled by an element that is gone: announced already, never seen on the page.
  const result = await new AxeBuilder({ page }).exclude('[data-live-announcer]').analyze();
  const serious = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.html).join(", ")})`),
    [],
    `axe on ${name}`,
  );
  await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true });
}

async function signIn(page, operator, secret) {
  await page.getByLabel('Nama operator').fill(operator);
  await page.getByLabel('Kata sandi').fill(secret);
  await page.getByRole('button', { name: 'Masuk' }).click();
}

test('a wrong password is told plainly, on an accessible sign-in page', async () => {
  const page = await newPage();
  await page.goto(baseUrl);
  await page.getByRole('heading', { name: 'Masuk' }).waitFor();
  await expectAccessible(page, 'sign-in');
  await signIn(page, 'verifikator', 'not-the-password');
  await page.getByText(/salah/).first().waitFor();
  await expectAccessible(page, 'sign-in-wrong-password');
  assert.deepEqual(page.cspViolations, []);
  await page.context().close();
});

test('an operator signs in to the queues of their roles, stays signed in, and signs out', async () => {
  const page = await newPage();
  await page.goto(`${baseUrl}/antrian/verifikasi`);
  await signIn(page, 'verifikator', password);
  await page.getByText('Dewi Lestari').first().waitFor();
  const nav = page.getByRole('navigation');

  assert.equal(await nav.getByRole('link', { name: /^Kasus verifikasi/ }).count(), 1);
  assert.equal(await nav.getByRole('link', { name: /Diskominfo/ }).count(), 0);
  await expectAccessible(page, 'verifier-shell');

  const cookies = await page.context().cookies();
  assert.deepEqual(
    cookies.map((c) => [c.name, c.secure, c.httpOnly, c.sameSite]),
    [['__Host-ams_session', true, true, 'Strict']],
  );
  await page.reload();
  await page.getByText('Dewi Lestari').first().waitFor();

  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.getByRole('heading', { name: 'Masuk' }).waitFor();
  const status = await page.evaluate(async () => {
    const r = await fetch('/ams.gateway.v1.SessionService/GetSession', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Connect-Protocol-Version': '1' },
      body: '{}',
    });
    return r.status;
  });
  assert.equal(status, 401, 'the session ended on the server');
  assert.deepEqual(page.cspViolations, []);
  await page.context().close();
});

test('a call without the Connect header is refused (CSRF)', async () => {
  const page = await newPage();
  await page.goto(baseUrl);
  const status = await page.evaluate(async () => {
    const r = await fetch('/ams.gateway.v1.SessionService/GetSession', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    return r.status;
  });
  assert.equal(status, 403);
  await page.context().close();
});
