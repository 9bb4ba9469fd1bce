// The gateway under the dashboard's load (issue 14), against the running stack (make run's):
//   1. the first load of the sign-in page and of the applicant's activation page: what Chromium
//      fetches, in bytes over the wire (the gateway gzips text) and unpacked;
//   2. JSON calls from 200 concurrent signed-in sessions (GetQueueCounts, ListReviewItems),
//      latency p50/p99 and calls per second;
//   3. 500 open live-update streams (50 operators x 10 tabs, the per-operator limit) while
//      ams-sop-driver runs applications through steps 1-5: messages delivered per stream and
//      the fan-out spread (first to last stream) of each message.
// Usage: node deploy/bench-gateway.mjs BUILD_DIR (operators bench-op-1..50 are created once).
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const build = path.resolve(process.argv[2] ?? path.join(root, 'build'));
const base = process.env.AMS_GATEWAY_URL ?? 'http://127.0.0.1:8080';
const password = 'bench-only-operator-2026';
const operators = 50;
const sessionsWanted = 200;
const streamsWanted = 500;
const callSeconds = Number(process.env.BENCH_GATEWAY_SECONDS ?? 20);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (v) => `${v.toFixed(1)} ms`;

async function firstLoad(browser, route) {
  const page = await browser.newPage();
  const sizes = [];
  page.on('requestfinished', async (request) => {
    const response = await request.response();
    const body = await response.body().catch(() => Buffer.alloc(0));
    const sent = await request.sizes();
    sizes.push({ url: request.url(), raw: body.length, sent: sent.responseBodySize + sent.responseHeadersSize });
  });
  await page.goto(`${base}${route}`, { waitUntil: 'networkidle' });
  await page.close();
  const raw = sizes.reduce((a, s) => a + s.raw, 0);
  const sent = sizes.reduce((a, s) => a + s.sent, 0);
  const kinds = [...new Set(sizes.map((s) => path.extname(new URL(s.url).pathname) || 'page'))].join(', ');
  console.log(`  first load of ${route}: ${sizes.length} requests (${kinds}), ${(sent / 1024).toFixed(0)} KiB over the wire (gzip), ${(raw / 1024).toFixed(0)} KiB unpacked`);
}

async function call(cookie, method, body = {}) {
  const start = performance.now();
  const response = await fetch(`${base}/ams.gateway.v1.${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'connect-protocol-version': '1', cookie },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - start, cookie: response.headers.get('set-cookie') };
}

function createOperators() {
  for (let i = 1; i <= operators; i++) {
    try {
      execFileSync(path.join(build, 'services/gateway/ams-gateway'),
        ['admin', 'create', `operators/bench-op-${i}`, `Bench ${i}`, 'DISKOMINFO_OP'],
        { input: `${password}\n`, stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, AMS_REDIS_ADDR: process.env.AMS_REDIS_ADDR ?? '127.0.0.1:6379' } });
    } catch (e) {
      if (e.status !== 3) throw e; // 3: exists already
    }
  }
}

async function signIn(i) {
  const r = await call('', 'SessionService/SignIn', { operator: `bench-op-${i}`, password });
  if (r.status !== 200) throw new Error(`sign-in of bench-op-${i} answered ${r.status}`);
  return r.cookie.split(';')[0];
}

async function jsonCalls(cookies) {
  const latencies = [];
  let failures = 0;
  const until = performance.now() + callSeconds * 1000;
  await Promise.all(cookies.map(async (cookie, n) => {
    while (performance.now() < until) {
      const r = n % 2 === 0
        ? await call(cookie, 'WorkService/GetQueueCounts')
        : await call(cookie, 'WorkService/ListReviewItems', { pageSize: 20 });
      if (r.status === 200) latencies.push(r.ms);
      else failures++;
    }
  }));
  latencies.sort((a, b) => a - b);
  console.log(`  JSON calls, ${cookies.length} sessions at once for ${callSeconds} s: ${latencies.length} answered` +
    ` (${(latencies.length / callSeconds).toFixed(0)}/s), p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, ${failures} refused or failed`);
}

async function openStream(cookie, seen) {
  const controller = new AbortController();
  const response = await fetch(`${base}/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
  if (response.status !== 200) throw new Error(`/events answered ${response.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  let count = 0;
  (async () => {
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (.*)$/m.exec(message)?.[1];
          if (!id) continue;
          count++;
          const at = performance.now();
          const times = seen.get(id) ?? { first: at, last: at, streams: 0 };
          times.last = at;
          times.streams++;
          seen.set(id, times);
        }
      }
    } catch {
      // aborted at the end
    }
  })();
  return { close: () => controller.abort(), count: () => count };
}

async function streams(cookiesByOperator) {
  const seen = new Map();
  const open = [];
  for (const cookies of cookiesByOperator) {
    for (let tab = 0; tab < streamsWanted / operators; tab++) open.push(await openStream(cookies[tab % cookies.length], seen));
  }
  const runs = Number(process.env.BENCH_GATEWAY_RUNS ?? 200);
  const driver = spawn(path.join(build, 'tests/ams-sop-driver'), ['--runs', String(runs), '--rate', '20', '--last_step', '5'], { stdio: 'ignore' });
  const started = performance.now();
  await new Promise((resolve) => driver.on('exit', resolve));
  await new Promise((resolve) => setTimeout(resolve, 3000)); // the last messages
  const seconds = (performance.now() - started) / 1000;
  const counts = open.map((s) => s.count()).sort((a, b) => a - b);
  const spreads = [...seen.values()].map((t) => t.last - t.first).sort((a, b) => a - b);
  const delivered = counts.reduce((a, b) => a + b, 0);
  console.log(`  ${open.length} live-update streams while ${runs} applications went through steps 1-5 (${seconds.toFixed(0)} s):` +
    ` ${seen.size} messages, ${delivered} deliveries (${(delivered / seconds).toFixed(0)}/s); per stream min ${counts[0]}, max ${counts[counts.length - 1]};` +
    ` fan-out spread p50 ${ms(percentile(spreads, 50))}, p99 ${ms(percentile(spreads, 99))}`);
  for (const s of open) s.close();
}

const require = createRequire(path.join(root, 'services/gateway/web/package.json'));
const { chromium } = require('playwright-core');
console.log(`gateway at ${base}, ${(await import('node:os')).cpus().length} cores`);
const browser = await chromium.launch({ executablePath: process.env.AMS_CHROMIUM ?? '/usr/bin/chromium' });
await firstLoad(browser, '/masuk');
await firstLoad(browser, '/aktivasi');
await browser.close();
createOperators();
const cookiesByOperator = [];
for (let i = 1; i <= operators; i++) {
  const mine = [];
  for (let s = 0; s < sessionsWanted / operators; s++) mine.push(await signIn(i));
  cookiesByOperator.push(mine);
}
await jsonCalls(cookiesByOperator.flat());
await streams(cookiesByOperator);
