// CORS, the rate limit, fault injection, the request log and reset, static files, and the
// process itself (port taken, signals).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';

import {
  BINARY,
  UUID,
  control,
  createForm,
  json,
  params,
  rawGet,
  request,
  result,
  startSandbox,
  stopSandbox,
} from './helpers.mjs';

describe('CORS', () => {
  let sb;
  before(async () => {
    sb = await startSandbox(['--no-rate-limit', '--quiet']);
  });
  after(() => stopSandbox(sb));

  test('API answers carry Access-Control-Allow-Origin: *, control answers no CORS header', async () => {
    const origin = { Origin: 'https://shop.example' };
    const created = await createForm(sb, params());
    assert.equal(created.res.headers.get('access-control-allow-origin'), '*');
    const res = await request(sb, `/v1/payments_result?traceId=${created.body.data.code}`, { headers: origin });
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    for (const p of ['/__sandbox/requests', '/__sandbox/config', '/__sandbox/fault']) {
      assert.equal((await request(sb, p)).headers.get('access-control-allow-origin'), null, p);
    }
    // The payment page is not an API: no CORS there.
    assert.equal((await request(sb, `/code/${created.body.data.code}`)).headers.get('access-control-allow-origin'), null);
  });

  test('a preflight is answered with the allowed methods and headers, and logged', async () => {
    await control(sb, 'POST', '/__sandbox/reset');
    const res = await request(sb, '/v1/one_time_payment', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://shop.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-methods'), /POST/);
    assert.match(res.headers.get('access-control-allow-headers'), /content-type/i);
    const log = await control(sb, 'GET', '/__sandbox/requests');
    assert.deepEqual(
      log.map((r) => [r.method, r.path, r.origin]),
      [['OPTIONS', '/v1/one_time_payment', 'https://shop.example']],
    );
    // The control API allows no other origin.
    const control_ = await request(sb, '/__sandbox/fault', { method: 'OPTIONS', headers: { Origin: 'https://x.example' } });
    assert.equal(control_.status, 403);
    assert.equal(control_.headers.get('access-control-allow-origin'), null);
    assert.equal(control_.headers.get('access-control-allow-methods'), null);
  });
});

describe('rate limit', () => {
  test('on by default: the 61st request in a minute gets code 1429; it can be switched off and on', async () => {
    const sb = await startSandbox(['--quiet']);
    try {
      const query = `/v1/payments_result?traceId=${params().traceId}`;
      for (let i = 1; i <= 60; i++) {
        const { res, body } = await json(sb, query);
        assert.notEqual(body.code, 1429, `request ${i}`);
        assert.equal(res.headers.get('x-ratelimit-remaining'), String(60 - i));
      }
      const limited = await json(sb, query);
      assert.equal(limited.res.status, 200);
      assert.equal(limited.body.code, 1429);
      assert.equal(limited.body.success, false);
      assert.match(limited.body.message, /frequency/);
      assert.equal(limited.res.headers.get('access-control-allow-origin'), '*');
      const post = await createForm(sb, params());
      assert.equal(post.body.code, 1429, 'one_time_payment is limited too');

      assert.deepEqual(await control(sb, 'POST', '/__sandbox/config?rateLimit=0'), { rateLimit: false });
      for (let i = 0; i < 10; i++) assert.notEqual((await json(sb, query)).body.code, 1429);
      assert.equal((await createForm(sb, params())).body.success, true);

      assert.deepEqual(await control(sb, 'POST', '/__sandbox/config?rateLimit=1'), { rateLimit: true });
      const counts = { limited: 0, allowed: 0 };
      for (let i = 0; i < 61; i++) counts[(await json(sb, query)).body.code === 1429 ? 'limited' : 'allowed']++;
      assert.deepEqual(counts, { limited: 1, allowed: 60 });

      // reset forgets the window.
      await control(sb, 'POST', '/__sandbox/reset');
      assert.notEqual((await json(sb, query)).body.code, 1429);

      const bad = await request(sb, '/__sandbox/config?rateLimit=maybe', { method: 'POST' });
      assert.equal(bad.status, 400);
    } finally {
      await stopSandbox(sb);
    }
  });

  test('--no-rate-limit: 100 requests, none limited', async () => {
    const sb = await startSandbox(['--quiet', '--no-rate-limit']);
    try {
      assert.deepEqual(await control(sb, 'GET', '/__sandbox/config'), { rateLimit: false });
      const query = `/v1/payments_result?traceId=${params().traceId}`;
      for (let i = 0; i < 100; i++) assert.notEqual((await json(sb, query)).body.code, 1429, `request ${i}`);
    } finally {
      await stopSandbox(sb);
    }
  });
});

describe('faults', () => {
  let sb;
  before(async () => {
    sb = await startSandbox(['--no-rate-limit', '--quiet']);
  });
  after(() => stopSandbox(sb));
  beforeEach(() => control(sb, 'POST', '/__sandbox/reset'));

  const post = (p = params()) =>
    request(sb, '/v1/one_time_payment', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(p).toString(),
    });

  async function assertNormal(p = params()) {
    const res = await post(p);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.success, true);
    assert.equal(body.data.code, p.traceId);
  }

  test('http500: HTTP 500 with a plain-text body, for `count` answers, then normal', async () => {
    assert.deepEqual(await control(sb, 'POST', '/__sandbox/fault?mode=http500&count=2'), { queued: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await post();
      assert.equal(res.status, 500);
      assert.match(res.headers.get('content-type'), /^text\/plain/);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.equal(await res.text(), 'Internal Server Error');
    }
    await assertNormal();
  });

  test('malformed: HTTP 200 with a body that is not JSON, once', async () => {
    await control(sb, 'POST', '/__sandbox/fault?mode=malformed');
    const p = params();
    const res = await post(p);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.throws(() => JSON.parse(text));
    // The faulted attempt created nothing: the same traceId works afterwards.
    await assertNormal(p);
  });

  test('api: every documented code with the API\'s message', async () => {
    const messages = { '-1': /Server error/, 1429: /frequency/, 1017: /Parameter error/, 10008: /maintenance/ };
    for (const [code, message] of Object.entries(messages)) {
      await control(sb, 'POST', `/__sandbox/fault?mode=api&code=${code}`);
      const res = await post();
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.deepEqual([body.success, body.code], [false, Number(code)]);
      assert.match(body.message, message);
      assert.ok('timestampMs' in body && 'data' in body);
    }
    await assertNormal();
  });

  test('badcode: success:true with a data.code that is not a UUID', async () => {
    await control(sb, 'POST', '/__sandbox/fault?mode=badcode');
    await control(sb, 'POST', `/__sandbox/fault?mode=badcode&value=${encodeURIComponent('https://evil.example/')}`);
    const first = await (await post()).json();
    assert.equal(first.success, true);
    assert.equal(first.data.code, '../../evil');
    const second = await (await post()).json();
    assert.equal(second.data.code, 'https://evil.example/');
    assert.doesNotMatch(second.data.code, UUID);
    await assertNormal();
  });

  test('hang: the answer waits `seconds`, then is normal; other requests are not held up', async () => {
    await control(sb, 'POST', '/__sandbox/fault?mode=hang&seconds=2');
    const p = params();
    const started = Date.now();
    const hanging = post(p).then(async (res) => ({ res, body: await res.json(), ms: Date.now() - started }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const quickStart = Date.now();
    const other = await result(sb, { traceId: params().traceId });
    assert.equal(other.success, false);
    assert.ok(Date.now() - quickStart < 1_000, 'a request during the hang is answered at once');
    await assertNormal(); // the fault was used up by the hanging request
    const { res, body, ms } = await hanging;
    assert.ok(ms >= 1_900, `answered after ${ms} ms`);
    assert.equal(res.status, 200);
    assert.equal(body.data.code, p.traceId);
  });

  test('faults are FIFO and DELETE clears them', async () => {
    await control(sb, 'POST', '/__sandbox/fault?mode=http500');
    assert.deepEqual(await control(sb, 'POST', '/__sandbox/fault?mode=api&code=10008'), { queued: 2 });
    assert.equal((await post()).status, 500);
    assert.equal((await (await post()).json()).code, 10008);
    await assertNormal();
    await control(sb, 'POST', '/__sandbox/fault?mode=http500&count=5');
    assert.deepEqual(await control(sb, 'GET', '/__sandbox/fault'), { queued: 5 });
    assert.deepEqual(await control(sb, 'DELETE', '/__sandbox/fault'), { queued: 0 });
    await assertNormal();
  });

  test('faults touch only POST /v1/one_time_payment', async () => {
    await control(sb, 'POST', '/__sandbox/fault?mode=http500');
    const r = await result(sb, { traceId: params().traceId });
    assert.equal(r.success, false);
    assert.notEqual(r.code, 0);
    assert.deepEqual(await control(sb, 'GET', '/__sandbox/fault'), { queued: 1 });
  });

  test('bad fault requests are refused with 400 naming the part', async () => {
    for (const [q, part] of [
      ['mode=explode', 'mode'],
      ['mode=api&code=42', 'code'],
      ['mode=http500&count=0', 'count'],
      ['mode=hang&seconds=-1', 'seconds'],
    ]) {
      const { res, body } = await json(sb, `/__sandbox/fault?${q}`, { method: 'POST' });
      assert.equal(res.status, 400, q);
      assert.match(body.error, new RegExp(part), q);
    }
  });

  test('a faulted request is still recorded', async () => {
    await control(sb, 'POST', '/__sandbox/fault?mode=http500');
    const p = params();
    await post(p);
    const log = await control(sb, 'GET', '/__sandbox/requests');
    assert.equal(log.length, 1);
    assert.equal(log[0].params.traceId, p.traceId);
  });
});

describe('--fault flags', () => {
  test('queue faults at start, in order', async () => {
    const sb = await startSandbox(['--no-rate-limit', '--quiet', '--fault', 'http500:2', '--fault', 'api:1:10008',
      '--fault', 'badcode:1:https://evil.example/x', '--fault', 'malformed', '--fault', 'hang:1:1']);
    try {
      assert.deepEqual(await control(sb, 'GET', '/__sandbox/fault'), { queued: 6 });
      const send = () => createFormRaw(sb);
      assert.equal((await send()).status, 500);
      assert.equal((await send()).status, 500);
      assert.equal((await (await send()).json()).code, 10008);
      assert.equal((await (await send()).json()).data.code, 'https://evil.example/x');
      assert.throws(() => JSON.parse(''), SyntaxError);
      const malformed = await (await send()).text();
      assert.throws(() => JSON.parse(malformed));
      const started = Date.now();
      const hung = await (await send()).json();
      assert.ok(Date.now() - started >= 900);
      assert.equal(hung.success, true);
      assert.equal((await (await send()).json()).success, true);
    } finally {
      await stopSandbox(sb);
    }
  });

  test('a bad --fault spec is refused at start with exit code 1', async () => {
    const proc = spawn(BINARY, ['--port', '0', '--fault', 'api:1:42'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => proc.on('exit', resolve));
    assert.equal(code, 1);
    assert.match(stderr, /--fault api:1:42: code/);
  });
});

function createFormRaw(sb) {
  return request(sb, '/v1/one_time_payment', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params()).toString(),
  });
}

describe('requests log and reset', () => {
  let sb;
  before(async () => {
    sb = await startSandbox(['--no-rate-limit', '--quiet']);
  });
  after(() => stopSandbox(sb));

  test('lists API requests oldest first with method, path, contentType, body, params, origin, timeMs', async () => {
    await control(sb, 'POST', '/__sandbox/reset');
    const p = params({ remark: 'a b&c' });
    const before = Date.now();
    await json(sb, '/v1/one_time_payment', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://shop.example' },
      body: new URLSearchParams(p).toString(),
    });
    await createJson(sb, { traceId: p.traceId, remark: 'json' });
    await result(sb, { traceId: p.traceId });
    await request(sb, '/__sandbox/config'); // control calls are not logged
    await request(sb, '/'); // nor static files
    const log = await control(sb, 'GET', '/__sandbox/requests');
    assert.deepEqual(
      log.map((r) => [r.method, r.path]),
      [['POST', '/v1/one_time_payment'], ['POST', '/v1/one_time_payment'], ['GET', '/v1/payments_result']],
    );
    assert.equal(log[0].contentType, 'application/x-www-form-urlencoded');
    assert.equal(log[0].body, new URLSearchParams(p).toString());
    assert.deepEqual(log[0].params, p);
    assert.equal(log[0].origin, 'https://shop.example');
    assert.ok(log[0].timeMs >= before - 1_000 && log[0].timeMs <= Date.now() + 1_000);
    assert.equal(log[1].contentType, 'application/json');
    assert.deepEqual(log[1].params, { traceId: p.traceId, remark: 'json' });
    assert.deepEqual(log[2].params, { traceId: p.traceId });
    assert.ok(log[1].timeMs >= log[0].timeMs && log[2].timeMs >= log[1].timeMs);
  });

  test('reset clears payments, requests and faults', async () => {
    const p = params();
    await createForm(sb, p);
    await control(sb, 'POST', '/__sandbox/fault?mode=http500&count=3');
    assert.deepEqual(await control(sb, 'POST', '/__sandbox/reset'), { reset: true });
    assert.deepEqual(await control(sb, 'GET', '/__sandbox/requests'), []);
    assert.deepEqual(await control(sb, 'GET', '/__sandbox/fault'), { queued: 0 });
    assert.equal((await result(sb, { traceId: p.traceId })).success, false);
    // The traceId is free again.
    assert.equal((await createForm(sb, { ...p, quoteAmount: '99' })).body.success, true);
  });
});

function createJson(sb, fields) {
  return json(sb, '/v1/one_time_payment', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fields),
  });
}

describe('static files', () => {
  let sb;
  let demo;
  let dist;
  before(async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpay-sandbox-static-'));
    demo = path.join(tmp, 'demo');
    dist = path.join(tmp, 'dist');
    fs.mkdirSync(path.join(demo, 'sub'), { recursive: true });
    fs.mkdirSync(dist);
    fs.writeFileSync(path.join(demo, 'index.html'), '<!doctype html><title>demo</title>');
    fs.writeFileSync(path.join(demo, 'sub', 'index.html'), 'sub');
    fs.writeFileSync(path.join(demo, 'shop.css'), 'body{}');
    fs.writeFileSync(path.join(demo, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    fs.writeFileSync(path.join(demo, '.secret'), 'hidden');
    fs.writeFileSync(path.join(tmp, 'outside.txt'), 'outside');
    fs.symlinkSync(path.join(tmp, 'outside.txt'), path.join(demo, 'link.txt'));
    fs.writeFileSync(path.join(dist, 'mixpay-checkout.js'), 'export {};');
    fs.writeFileSync(path.join(dist, 'mixpay-checkout.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    fs.writeFileSync(path.join(dist, 'package.json'), '{}');
    sb = await startSandbox(['--no-rate-limit', '--quiet', '--demo', demo, '--dist', dist]);
  });
  after(async () => {
    await stopSandbox(sb);
    fs.rmSync(path.dirname(demo), { recursive: true, force: true });
  });

  test('--demo at / and --dist at /dist/ with the right Content-Types', async () => {
    const expect = {
      '/': ['text/html', '<!doctype html><title>demo</title>'],
      '/index.html': ['text/html', '<!doctype html><title>demo</title>'],
      '/sub/': ['text/html', 'sub'],
      '/shop.css': ['text/css', 'body{}'],
      '/logo.svg': ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
      '/dist/mixpay-checkout.js': ['text/javascript', 'export {};'],
      '/dist/package.json': ['application/json', '{}'],
    };
    for (const [p, [type, body]] of Object.entries(expect)) {
      const res = await request(sb, p);
      assert.equal(res.status, 200, p);
      assert.equal(res.headers.get('content-type').split(';')[0], type, p);
      assert.equal(await res.text(), body, p);
    }
    const wasm = await request(sb, '/dist/mixpay-checkout.wasm');
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.deepEqual([...new Uint8Array(await wasm.arrayBuffer())], [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    // HEAD too.
    assert.equal((await request(sb, '/dist/mixpay-checkout.wasm', { method: 'HEAD' })).status, 200);
  });

  test('no directory traversal, no hidden files, no symlinks out of the folder', async () => {
    for (const raw of [
      '/../outside.txt',
      '/%2e%2e/outside.txt',
      '/dist/../../outside.txt',
      '/dist/%2e%2e/demo/index.html',
      '/dist/..%2f..%2foutside.txt',
      '/.secret',
      '/link.txt',
      '/missing.html',
      '/dist/',
      '/sub%00.html',
    ]) {
      const res = await rawGet(sb, raw);
      assert.ok(res.status === 404 || res.status === 400, `${raw} -> ${res.status}`);
      assert.ok(!res.body.includes('outside') && !res.body.includes('hidden'), raw);
    }
  });
});

describe('the process', () => {
  test('the listening line is printed once, flushed, with the real port, then the control token', async () => {
    const sb = await startSandbox(['--quiet']);
    try {
      // The token line may come in the same piece of output or the next.
      const listening = `mixpay-sandbox listening on http://127\\.0\\.0\\.1:${sb.port}\\n`;
      assert.match(sb.stdout, new RegExp(`^${listening}(control token \\(X-Sandbox-Token\\): [0-9a-f]{32}\\n)?$`));
      assert.ok(sb.port > 0);
    } finally {
      await stopSandbox(sb);
    }
  });

  test('a port already taken: a clear message and exit code 2', async () => {
    const sb = await startSandbox(['--quiet']);
    try {
      const proc = spawn(BINARY, ['--port', String(sb.port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let stdout = '';
      proc.stderr.on('data', (d) => (stderr += d));
      proc.stdout.on('data', (d) => (stdout += d));
      const code = await new Promise((resolve) => proc.on('exit', resolve));
      assert.equal(code, 2);
      assert.match(stderr, new RegExp(`127\\.0\\.0\\.1:${sb.port}.*already in use`));
      assert.equal(stdout, '');
    } finally {
      await stopSandbox(sb);
    }
  });

  test('an unknown option is refused with the usage and exit code 1', async () => {
    const proc = spawn(BINARY, ['--colour'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => (stderr += d));
    assert.equal(await new Promise((resolve) => proc.on('exit', resolve)), 1);
    assert.match(stderr, /unknown option --colour/);
    assert.match(stderr, /Usage:/);
  });

  for (const signal of ['SIGTERM', 'SIGINT']) {
    test(`${signal} stops it cleanly, even with an answer hanging`, async () => {
      const sb = await startSandbox(['--quiet', '--fault', 'hang:1:60']);
      const hanging = createFormRaw(sb).catch((e) => e);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      sb.proc.kill(signal);
      const { code } = await sb.exited;
      assert.equal(code, 0);
      assert.ok(Date.now() - started < 4_000, `stopped in ${Date.now() - started} ms`);
      await hanging;
    });
  }
});
