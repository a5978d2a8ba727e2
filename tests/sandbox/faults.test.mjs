// The fault modes that go wrong at the network level or in the answer's shape: drop,
// oversized, endless and body. Raw node:net / node:http clients, so that what reaches the
// wire (no byte at all, a body that never ends) can be seen as it is.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';

import {
  BINARY,
  PAYEE,
  UUID,
  control,
  json,
  params,
  request,
  result,
  sleep,
  startSandbox,
  stopSandbox,
} from './helpers.mjs';

const MiB = 1024 * 1024;

const form = (p) => new URLSearchParams(p).toString();

function post(sb, p = params()) {
  return request(sb, '/v1/one_time_payment', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form(p),
  });
}

async function assertCreated(sb, p, code = p.traceId) {
  const res = await post(sb, p);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.success, true, JSON.stringify(body));
  assert.equal(body.data.code, code);
}

// One request on its own TCP connection; resolves with every byte the server sent once it
// closed the connection (or after timeoutMs, with timedOut set).
function rawPost(sb, p, { timeoutMs = 3_000 } = {}) {
  const body = form(p);
  return new Promise((resolve) => {
    const chunks = [];
    let error = null;
    const sock = net.connect({ host: '127.0.0.1', port: sb.port }, () => {
      sock.write(
        'POST /v1/one_time_payment HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
          'Content-Type: application/x-www-form-urlencoded\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
    const timer = setTimeout(() => {
      sock.destroy();
      resolve({ bytes: Buffer.concat(chunks), error, timedOut: true });
    }, timeoutMs);
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', (e) => (error = e));
    sock.on('close', () => {
      clearTimeout(timer);
      resolve({ bytes: Buffer.concat(chunks), error, timedOut: false });
    });
  });
}

// POSTs with node:http and resolves at the answer's headers; the body is the caller's.
function openPost(port, p = params()) {
  const body = form(p);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/one_time_payment',
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
        timeout: 10_000,
      },
      (res) => {
        res.on('error', () => {}); // a body cut short is expected here; 'close' reports it
        resolve({ req, res });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

// Reads the body until `atLeast` bytes came, it ended, or timeoutMs passed. `delayMs`
// pauses after every piece, for a slow reader. Resolves with what was seen.
function readBody(res, { atLeast = Infinity, delayMs = 0, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    let received = 0;
    let head = Buffer.alloc(0);
    let settled = false;
    const finish = (how) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      res.removeListener('data', onData);
      res.pause();
      resolve({ received, head: head.toString('latin1'), how, complete: res.complete, ms: Date.now() - started });
    };
    const onData = (d) => {
      if (head.length < 64) head = Buffer.concat([head, d.subarray(0, 64)]);
      received += d.length;
      if (received >= atLeast) return finish('enough');
      if (delayMs > 0) {
        res.pause();
        setTimeout(() => !settled && res.resume(), delayMs);
      }
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    res.on('data', onData);
    res.once('close', () => finish('closed'));
  });
}

describe('drop', () => {
  let sb;
  before(async () => {
    sb = await startSandbox(['--no-rate-limit', '--quiet']);
  });
  after(() => stopSandbox(sb));
  beforeEach(() => control(sb, 'POST', '/__sandbox/reset'));

  test('the payment is made, then the connection closes without a byte of answer', async () => {
    assert.deepEqual(await control(sb, 'POST', '/__sandbox/fault?mode=drop'), { queued: 1 });
    const p = params();
    const { bytes, timedOut } = await rawPost(sb, p);
    assert.equal(timedOut, false, 'the server closed the connection');
    assert.equal(bytes.length, 0, `no status line, nothing: got ${JSON.stringify(bytes.toString())}`);

    const made = await result(sb, { traceId: p.traceId });
    assert.equal(made.success, true);
    assert.deepEqual([made.data.traceId, made.data.status, made.data.quoteAmount], [p.traceId, 'unpaid', '10']);

    // The retry the widget makes: same traceId, same body, same code; still one payment.
    await assertCreated(sb, p);
    await assertCreated(sb, p);
    const again = await result(sb, { traceId: p.traceId });
    assert.deepEqual(again.data, made.data);
    const other = await post(sb, { ...p, quoteAmount: '11' });
    const refused = await other.json();
    assert.equal(refused.code, 1017, 'the traceId is taken by the dropped attempt');
    assert.match(refused.message, /traceId/);

    const log = await control(sb, 'GET', '/__sandbox/requests');
    assert.equal(log[0].params.traceId, p.traceId, 'the dropped request is recorded');
  });

  test('fetch sees a network error, not an HTTP status', async () => {
    await control(sb, 'POST', '/__sandbox/fault?mode=drop');
    const p = params();
    await assert.rejects(post(sb, p), TypeError);
    assert.equal((await result(sb, { traceId: p.traceId })).success, true);
  });

  test('without a traceId: a retry with the same orderId finds the one payment the drop made', async () => {
    await control(sb, 'POST', '/__sandbox/fault?mode=drop');
    const p = params({ traceId: null, orderId: 'order-dropped-1' });
    assert.equal((await rawPost(sb, p)).bytes.length, 0);
    const made = await result(sb, { orderId: p.orderId, payeeId: PAYEE });
    assert.equal(made.success, true);
    assert.match(made.data.traceId, UUID);
    await assertCreated(sb, p, made.data.traceId);
  });

  test('an invalid request creates nothing and is still dropped', async () => {
    await control(sb, 'POST', '/__sandbox/fault?mode=drop');
    const p = params({ payeeId: null });
    const { bytes, timedOut } = await rawPost(sb, p);
    assert.deepEqual([bytes.length, timedOut], [0, false]);
    const missing = await result(sb, { traceId: p.traceId });
    assert.deepEqual([missing.success, missing.code], [false, 40022]);
  });

  test('count: the next N answers are dropped, then normal', async () => {
    assert.deepEqual(await control(sb, 'POST', '/__sandbox/fault?mode=drop&count=2'), { queued: 2 });
    const p = params();
    assert.equal((await rawPost(sb, p)).bytes.length, 0);
    assert.equal((await rawPost(sb, p)).bytes.length, 0);
    await assertCreated(sb, p);
  });
});

describe('oversized', () => {
  let sb;
  before(async () => {
    sb = await startSandbox(['--no-rate-limit', '--quiet']);
  });
  after(() => stopSandbox(sb));
  beforeEach(() => control(sb, 'POST', '/__sandbox/reset'));

  test('a whole success envelope with the real code, padded to the KiB asked', async () => {
    await control(sb, 'POST', '/__sandbox/fault?mode=oversized&kib=100');
    const p = params();
    const res = await post(sb, p);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.ok(Number(res.headers.get('content-length')) >= 100 * 1024, res.headers.get('content-length'));
    const text = await res.text();
    assert.equal(text.length, Number(res.headers.get('content-length')));
    const body = JSON.parse(text);
    assert.deepEqual([body.code, body.success, body.data.code], [0, true, p.traceId]);
    assert.match(body.padding, /^x+$/);
    assert.equal((await result(sb, { traceId: p.traceId })).data.status, 'unpaid', 'the payment was made');
    await assertCreated(sb, p); // and a retry gets the same code
  });

  test('2048 KiB by default; an invalid request gets its error envelope padded', async () => {
    await control(sb, 'POST', '/__sandbox/fault?mode=oversized');
    const res = await post(sb, params({ payeeId: null }));
    assert.equal(res.headers.get('content-length'), String(2048 * 1024));
    const body = JSON.parse(await res.text());
    assert.deepEqual([body.success, body.code], [false, 1017]);
    assert.match(body.message, /payeeId/);
  });

  test('kib outside 65..65536 is refused naming kib', async () => {
    for (const kib of ['64', '65537', 'big', '-1']) {
      const { res, body } = await json(sb, `/__sandbox/fault?mode=oversized&kib=${kib}`, { method: 'POST' });
      assert.equal(res.status, 400, kib);
      assert.match(body.error, /^kib: /, kib);
    }
    assert.deepEqual(await control(sb, 'POST', '/__sandbox/fault?mode=oversized&kib=65'), { queued: 1 });
  });
});

describe('endless', () => {
  let sb;
  before(async () => {
    sb = await startSandbox(['--no-rate-limit', '--quiet']);
  });
  after(() => stopSandbox(sb));
  beforeEach(() => control(sb, 'POST', '/__sandbox/reset'));

  test('HTTP 200, chunked JSON that keeps coming; the server stays healthy after the client leaves', async () => {
    await control(sb, 'POST', '/__sandbox/fault?mode=endless');
    const { req, res } = await openPost(sb.port);
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.equal(res.headers['transfer-encoding'], 'chunked');
    assert.equal(res.headers['access-control-allow-origin'], '*');
    const first = await readBody(res, { atLeast: 2 * MiB });
    assert.equal(first.how, 'enough');
    assert.ok(first.head.startsWith('{"padding":"xxxx'), first.head);
    assert.equal(first.complete, false);
    res.resume();
    const more = await readBody(res, { atLeast: MiB });
    assert.equal(more.how, 'enough', 'still going after 2 MiB');
    req.destroy();

    const started = Date.now();
    await assertCreated(sb, params());
    assert.ok(Date.now() - started < 2_000, `next answer in ${Date.now() - started} ms`);
  });

  test('seconds: a slow reader sees the stream end by itself, never completed', async () => {
    await control(sb, 'POST', '/__sandbox/fault?mode=endless&seconds=2');
    const { res } = await openPost(sb.port);
    const seen = await readBody(res, { delayMs: 2, timeoutMs: 10_000 });
    assert.equal(seen.how, 'closed');
    assert.equal(seen.complete, false, 'no last chunk');
    assert.ok(seen.ms >= 1_500 && seen.ms < 6_000, `ended after ${seen.ms} ms (${seen.received} bytes)`);
    assert.ok(seen.received < 512 * MiB, `${seen.received} bytes`);
  });

  test('a fast reader is cut off at 512 MiB', async () => {
    await control(sb, 'POST', '/__sandbox/fault?mode=endless&seconds=600');
    const { res } = await openPost(sb.port);
    const seen = await readBody(res, { timeoutMs: 60_000 });
    assert.equal(seen.how, 'closed');
    assert.equal(seen.complete, false);
    assert.ok(seen.received >= 512 * MiB && seen.received <= 512 * MiB + 16 * 1024 + 12, `${seen.received} bytes`);
  });

  test('seconds outside 1..600 is refused naming seconds', async () => {
    for (const s of ['0', '601', 'x']) {
      const { res, body } = await json(sb, `/__sandbox/fault?mode=endless&seconds=${s}`, { method: 'POST' });
      assert.equal(res.status, 400, s);
      assert.match(body.error, /^seconds: /, s);
    }
  });
});

describe('endless and stopping', () => {
  for (const reader of ['reading', 'stalled']) {
    test(`SIGTERM stops the server promptly while a ${reader} client gets an endless answer`, async () => {
      const sb = await startSandbox(['--quiet', '--fault', 'endless:1:60']);
      try {
        const { res } = await openPost(sb.port);
        assert.equal((await readBody(res, { atLeast: MiB })).how, 'enough');
        if (reader === 'reading') res.resume();
        else await sleep(300); // long enough for the server's writes to block
        const started = Date.now();
        sb.proc.kill('SIGTERM');
        const { code } = await Promise.race([sb.exited, sleep(6_000).then(() => ({ code: 'still running' }))]);
        const ms = Date.now() - started;
        assert.equal(code, 0);
        assert.ok(ms < 3_000, `stopped in ${ms} ms`);
        res.destroy();
      } finally {
        await stopSandbox(sb);
      }
    });
  }
});

describe('body', () => {
  let sb;
  before(async () => {
    sb = await startSandbox(['--no-rate-limit', '--quiet']);
  });
  after(() => stopSandbox(sb));
  beforeEach(() => control(sb, 'POST', '/__sandbox/reset'));

  const queue = (query, body) => json(sb, `/__sandbox/fault?mode=body&${query}`, { method: 'POST', body });

  test('answers of the wrong shape come back byte for byte with the status asked', async () => {
    const cases = [
      ['status=200', '{"code":"0","success":true,"data":{"code":"3f0e7a4c-0000-4000-8000-000000000000"}}', 200, 'application/json'],
      ['', '{"success":true,"code":0,"data":[]}', 200, 'application/json'],
      ['status=200&type=text/plain', '['.repeat(8 * 1024), 200, 'text/plain'],
      ['status=502&type=text/html', '<html><body>Bad gateway</body></html>', 502, 'text/html'],
      ['status=200', '{"code":0,"success":true,"data":{"code":1e999999},"timestampMs":123456789012345678901234567890}', 200, 'application/json'],
      ['status=500', '', 500, 'application/json'],
    ];
    for (const [query, text] of cases) {
      const queued = await queue(query, text);
      assert.equal(queued.res.status, 200, `${query}: ${JSON.stringify(queued.body)}`);
    }
    for (const [query, text, status, type] of cases) {
      const p = params();
      const res = await post(sb, p);
      assert.equal(res.status, status, query);
      assert.equal(res.headers.get('content-type'), type, query);
      assert.equal(res.headers.get('access-control-allow-origin'), '*', query);
      assert.equal(await res.text(), text, query);
      assert.equal((await result(sb, { traceId: p.traceId })).success, false, 'nothing is created');
    }
  });

  test('bytes that are not UTF-8 are sent as they are', async () => {
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x22, 0x7d]);
    const queued = await request(sb, '/__sandbox/fault?mode=body', { method: 'POST', body: bytes });
    assert.equal(queued.status, 200);
    const res = await post(sb);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
  });

  test('a bad status, type or body is refused with 400 naming the part', async () => {
    for (const [query, body, part] of [
      ['status=199', '{}', 'status'],
      ['status=600', '{}', 'status'],
      ['status=20x', '{}', 'status'],
      ['type=text', '{}', 'type'],
      ['type=text/plain;charset=utf-8', '{}', 'type'],
      ['type=text/plain%0d%0aX-Evil:%201', '{}', 'type'],
      ['type=a/b/c', '{}', 'type'],
      ['', 'x'.repeat(64 * 1024 + 1), 'body'],
      ['status=204', 'x', 'body'],
    ]) {
      const { res, body: answer } = await queue(query, body);
      assert.equal(res.status, 400, query);
      assert.match(answer.error, new RegExp(`^${part}: `), query);
    }
    assert.deepEqual(await control(sb, 'GET', '/__sandbox/fault'), { queued: 0 });
    assert.equal((await queue('', 'x'.repeat(64 * 1024))).res.status, 200, '64 KiB exactly is fine');
  });

  test('a chunked body over 64 KiB is refused too, and the connection stays usable', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (path, chunks) =>
      new Promise((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: sb.port, path, method: 'POST', agent, timeout: 5_000 }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode, text, reused: req.reusedSocket }));
        });
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', reject);
        for (const c of chunks) req.write(c);
        req.end();
      });
    try {
      const big = await send('/__sandbox/fault?mode=body', Array(5).fill('['.repeat(16 * 1024)));
      assert.equal(big.status, 400);
      assert.match(JSON.parse(big.text).error, /^body: /);
      const next = await send('/__sandbox/fault?mode=body', ['ok']);
      assert.deepEqual([next.status, JSON.parse(next.text), next.reused], [200, { queued: 1 }, true]);
    } finally {
      agent.destroy();
    }
  });
});

describe('--fault with the new modes', () => {
  test('drop, oversized, endless and body queue at start, in order', async () => {
    const text = '{"code":"0","data":{"code":"a:b:c"}}';
    const sb = await startSandbox(['--no-rate-limit', '--quiet', '--fault', 'drop', '--fault', 'oversized:1:70',
      '--fault', 'endless:1:1', '--fault', `body:1:${text}`]);
    try {
      assert.deepEqual(await control(sb, 'GET', '/__sandbox/fault'), { queued: 4 });
      const p = params();
      assert.equal((await rawPost(sb, p)).bytes.length, 0);
      assert.equal((await result(sb, { traceId: p.traceId })).success, true);
      const big = await post(sb, p);
      assert.equal(big.headers.get('content-length'), String(70 * 1024));
      assert.equal(JSON.parse(await big.text()).data.code, p.traceId);
      const { res } = await openPost(sb.port);
      assert.equal(res.headers['transfer-encoding'], 'chunked');
      const seen = await readBody(res, { delayMs: 2, timeoutMs: 10_000 });
      assert.deepEqual([seen.how, seen.complete], ['closed', false]);
      const odd = await post(sb);
      assert.deepEqual([odd.status, await odd.text()], [200, text]);
      await assertCreated(sb, params());
    } finally {
      await stopSandbox(sb);
    }
  });

  for (const [spec, part] of [
    ['drop:1:x', /mode drop takes no argument/],
    ['oversized:1:64', /kib/],
    ['endless:1:0', /seconds/],
    [`body:1:${'x'.repeat(64 * 1024 + 1)}`, /body/],
    ['explode', /mode: must be one of .*drop, oversized, endless, body/],
  ]) {
    test(`a bad --fault ${spec.slice(0, 20)} exits with code 1`, async () => {
      const proc = spawn(BINARY, ['--port', '0', '--fault', spec], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      proc.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      const code = await new Promise((resolve) => proc.on('exit', resolve));
      clearTimeout(timer);
      assert.equal(code, 1);
      assert.match(stderr, part);
    });
  }
});
