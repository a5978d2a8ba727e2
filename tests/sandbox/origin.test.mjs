// The control API (/__sandbox) and the payment page's Pay and Fail answer only requests
// that name the sandbox in Host and carry the control token or come from no other site;
// GET /pay is rate-limited like the API.
import assert from 'node:assert/strict';
import http from 'node:http';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { CHROMIUM_ARGS } from '../browser/chromium-args.mjs';
import { control, createForm, params, rawRequest, request, startSandbox, stopSandbox, waitFor } from './helpers.mjs';

const TOKEN = 'test-control-token-0123456789';

// A request with exactly these headers (fetch would not send a foreign Host).
const raw = rawRequest;

async function statusOf(sb, traceId) {
  return (await control(sb, 'GET', `/__sandbox/payments/${traceId}`)).status;
}

async function newPayment(sb) {
  const created = await createForm(sb, params());
  assert.equal(created.body.success, true);
  return created.body.data.code;
}

const setSuccess = (traceId) => `/__sandbox/status?traceId=${traceId}&status=success`;

function assertRefused(res, what) {
  assert.equal(res.status, 403, what);
  assert.match(res.headers['content-type'], /application\/json/, what);
  assert.equal(typeof JSON.parse(res.body).error, 'string', what);
  assert.equal(res.headers['access-control-allow-origin'], undefined, what);
}

describe('control API: own Host, and the token or no other site', () => {
  let sb;
  let own;
  before(async () => {
    sb = await startSandbox(['--no-rate-limit', '--quiet', '--control-token', TOKEN]);
    own = `127.0.0.1:${sb.port}`;
  });
  after(() => stopSandbox(sb));

  test('the token is printed at start: the one given, else a random one', async () => {
    const line = /^control token \(X-Sandbox-Token\): (\S+)\n/m;
    const given = await waitFor(() => sb.stdout.match(line), { timeoutMs: 5_000, what: 'the token line' });
    assert.equal(given[1], TOKEN);
    const other = await startSandbox(['--no-rate-limit', '--quiet']);
    try {
      const m = await waitFor(() => other.stdout.match(line), { timeoutMs: 5_000, what: 'the token line' });
      assert.match(m[1], /^[0-9a-f]{32}$/);
      const traceId = await newPayment(other);
      const path = setSuccess(traceId);
      assertRefused(await raw(other, 'POST', path, { Origin: 'https://evil.example', 'X-Sandbox-Token': TOKEN }));
      const ok = await raw(other, 'POST', path, { Origin: 'https://evil.example', 'X-Sandbox-Token': m[1] });
      assert.equal(ok.status, 200, ok.body);
    } finally {
      await stopSandbox(other);
    }
  });

  test('a cross-site Origin is refused and changes nothing', async () => {
    const traceId = await newPayment(sb);
    for (const origin of ['https://evil.example', `http://127.0.0.2:${sb.port}`, 'http://127.0.0.1:1', 'null']) {
      assertRefused(await raw(sb, 'POST', setSuccess(traceId), { Origin: origin }), origin);
    }
    for (const path of ['/__sandbox/reset', '/__sandbox/clock?advance=60', '/__sandbox/fault?mode=http500']) {
      assertRefused(await raw(sb, 'POST', path, { Origin: 'https://evil.example' }), path);
    }
    assertRefused(await raw(sb, 'GET', '/__sandbox/requests', { Origin: 'https://evil.example' }), 'requests');
    assert.equal(await statusOf(sb, traceId), 'unpaid');
    assert.equal((await control(sb, 'GET', '/__sandbox/fault')).queued, 0);
  });

  test('Sec-Fetch-Site cross-site or same-site is refused; none and same-origin are not', async () => {
    const traceId = await newPayment(sb);
    for (const site of ['cross-site', 'same-site']) {
      assertRefused(await raw(sb, 'POST', setSuccess(traceId), { 'Sec-Fetch-Site': site }), site);
    }
    assert.equal(await statusOf(sb, traceId), 'unpaid');
    for (const site of ['none', 'same-origin']) {
      const res = await raw(sb, 'GET', '/__sandbox/config', { 'Sec-Fetch-Site': site, Origin: `http://${own}` });
      assert.equal(res.status, 200, site);
    }
    const res = await raw(sb, 'POST', setSuccess(traceId), { 'Sec-Fetch-Site': 'same-origin', Origin: `http://${own}` });
    assert.equal(res.status, 200, res.body);
    assert.equal(await statusOf(sb, traceId), 'success');
  });

  test('a foreign Host (DNS rebinding) is refused, even with the token', async () => {
    const traceId = await newPayment(sb);
    for (const host of [`evil.example:${sb.port}`, 'evil.example', `127.0.0.1:${sb.port + 1}`, `127.0.0.2:${sb.port}`]) {
      assertRefused(await raw(sb, 'POST', setSuccess(traceId), { Host: host }), host);
      assertRefused(await raw(sb, 'POST', setSuccess(traceId), { Host: host, 'X-Sandbox-Token': TOKEN }), `${host} + token`);
      // The rebinding page's own origin is the foreign name.
      assertRefused(await raw(sb, 'POST', setSuccess(traceId), { Host: host, Origin: `http://${host}` }), `${host} + origin`);
    }
    assert.equal(await statusOf(sb, traceId), 'unpaid');
    for (const host of [own, `localhost:${sb.port}`, `LOCALHOST:${sb.port}`, `[::1]:${sb.port}`]) {
      assert.equal((await raw(sb, 'GET', '/__sandbox/config', { Host: host })).status, 200, host);
    }
  });

  test('the token lets another origin in; a wrong token does not', async () => {
    const traceId = await newPayment(sb);
    const cross = { Origin: 'https://tests.example', 'Sec-Fetch-Site': 'cross-site' };
    assertRefused(await raw(sb, 'POST', setSuccess(traceId), { ...cross, 'X-Sandbox-Token': TOKEN.slice(1) + 'x' }));
    assertRefused(await raw(sb, 'POST', setSuccess(traceId), { 'X-Sandbox-Token': 'wrong' }));
    assert.equal(await statusOf(sb, traceId), 'unpaid');
    const res = await raw(sb, 'POST', setSuccess(traceId), { ...cross, 'X-Sandbox-Token': TOKEN });
    assert.equal(res.status, 200, res.body);
    assert.equal(await statusOf(sb, traceId), 'success');
    // Even then another site's page could not read the answer.
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  });

  test('no CORS header on control answers; preflights get no allow headers', async () => {
    for (const path of ['/__sandbox/requests', '/__sandbox/config', '/__sandbox/fault', '/__sandbox/callbacks', '/__sandbox/lifecycle']) {
      const res = await raw(sb, 'GET', path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['access-control-allow-origin'], undefined, path);
    }
    const preflight = await raw(sb, 'OPTIONS', '/__sandbox/status', {
      Origin: 'https://evil.example',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'x-sandbox-token',
    });
    assert.equal(preflight.status, 403);
    for (const name of ['origin', 'methods', 'headers']) {
      assert.equal(preflight.headers[`access-control-allow-${name}`], undefined, name);
    }
    // The API keeps its CORS.
    const api = await request(sb, `/v1/payments_result?traceId=${params().traceId}`, { headers: { Origin: 'https://shop.example' } });
    assert.equal(api.headers.get('access-control-allow-origin'), '*');
  });

  test("the payment page's Pay and Fail refuse another site's form", async () => {
    const traceId = await newPayment(sb);
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    for (const action of ['pay', 'fail']) {
      for (const headers of [
        { Origin: 'https://evil.example' },
        { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' },
        { 'Sec-Fetch-Site': 'same-site' },
        { Host: 'evil.example' },
      ]) {
        assertRefused(await raw(sb, 'POST', `/code/${traceId}/${action}`, { ...form, ...headers }), `${action} ${JSON.stringify(headers)}`);
      }
    }
    assert.equal(await statusOf(sb, traceId), 'unpaid');
    // The page's own form: no-referrer makes its Origin "null", Sec-Fetch-Site same-origin.
    const own_ = await raw(sb, 'POST', `/code/${traceId}/fail`, { ...form, Origin: 'null', 'Sec-Fetch-Site': 'same-origin' });
    assert.equal(own_.status, 303, own_.body);
    assert.equal(await statusOf(sb, traceId), 'failed');
  });
});

describe('GET /pay is rate-limited like the API', () => {
  test('the 61st /pay in a minute gets code 1429', async () => {
    const sb = await startSandbox(['--quiet']);
    try {
      const link = () => `/pay?${new URLSearchParams(params())}`;
      for (let i = 1; i <= 60; i++) {
        const res = await request(sb, link(), { redirect: 'manual' });
        assert.equal(res.status, 303, `request ${i}`);
        await res.arrayBuffer();
      }
      const res = await request(sb, link(), { redirect: 'manual' });
      const body = await res.json();
      assert.equal(body.code, 1429);
      assert.equal(body.success, false);
      assert.equal(res.headers.get('x-ratelimit-remaining'), '0');
      // The same window as /v1: the API is over the limit too.
      const api = await request(sb, `/v1/payments_result?traceId=${params().traceId}`);
      assert.equal((await api.json()).code, 1429);
    } finally {
      await stopSandbox(sb);
    }
  });
});

describe('a real cross-site page in Chromium', () => {
  const require = createRequire(new URL('../browser/package.json', import.meta.url));
  let sb;
  let browser;
  let evil;
  let evilOrigin;
  before(async () => {
    const { chromium } = require('playwright-core');
    sb = await startSandbox(['--no-rate-limit', '--quiet']);
    // Another site's page: 127.0.0.2 is another host, so another site.
    evil = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>other site</title><iframe name="sink"></iframe>');
    });
    await new Promise((resolve, reject) => {
      evil.once('error', reject);
      evil.listen(0, '127.0.0.2', resolve);
    });
    evilOrigin = `http://127.0.0.2:${evil.address().port}`;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      timeout: 30_000,
    });
  });
  after(async () => {
    if (browser) await browser.close().catch(() => {});
    if (evil) evil.close();
    await stopSandbox(sb);
  });

  test("its fetch and form POSTs to /__sandbox/status and Pay change nothing; the sandbox's own page can", async () => {
    const traceId = await newPayment(sb);
    const target = `${sb.url}${setSuccess(traceId)}`;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${evilOrigin}/`);
      const fetched = await page.evaluate(async (url) => {
        const out = [];
        // A simple request is sent even without CORS; its answer stays opaque.
        const opaque = await fetch(url, { method: 'POST', mode: 'no-cors' });
        out.push(opaque.type);
        try {
          await fetch(url, { method: 'POST' });
          out.push('read');
        } catch {
          out.push('unreadable');
        }
        return out;
      }, target);
      assert.deepEqual(fetched, ['opaque', 'unreadable']);
      // A form into the frame, then one that navigates the page itself.
      const framed = page.waitForResponse((r) => r.url() === target);
      await page.evaluate((url) => {
        const f = Object.assign(document.createElement('form'), { method: 'post', action: url, target: 'sink' });
        document.body.append(f);
        f.submit();
      }, target);
      assert.equal((await framed).status(), 403);
      const payUrl = `${sb.url}/code/${traceId}/pay`;
      const navigated = page.waitForResponse((r) => r.url() === payUrl);
      await page.evaluate((url) => {
        const f = Object.assign(document.createElement('form'), { method: 'post', action: url });
        document.body.append(f);
        f.submit();
      }, payUrl);
      assert.equal((await navigated).status(), 403);
      await page.waitForURL(payUrl);
      assert.equal(await statusOf(sb, traceId), 'unpaid');
      const log = await control(sb, 'GET', '/__sandbox/payments/' + traceId);
      assert.equal(log.history.length, 1, JSON.stringify(log.history));

      // The sandbox's own pages still work: its payment page's Pay, then a same-origin fetch.
      await page.goto(`${sb.url}/code/${traceId}`);
      await Promise.all([page.waitForNavigation(), page.click('#pay')]);
      assert.equal(await statusOf(sb, traceId), 'success');
      const pending = `${sb.url}/__sandbox/status?traceId=${traceId}&status=pending`;
      await page.goto(`${sb.url}/__sandbox/config`); // a page of the sandbox without a CSP
      const own = await page.evaluate(async (url) => (await fetch(url, { method: 'POST' })).status, pending);
      assert.equal(own, 200);
      assert.equal(await statusOf(sb, traceId), 'pending');
    } finally {
      await context.close();
    }
  });
});
