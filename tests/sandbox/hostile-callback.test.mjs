// A hostile callback receiver on 127.0.0.1: a 32 KiB or 1 MiB status line, endless headers,
// a huge body, a trickle of a byte every 200 ms. Each try must end within its bounds
// (headers 16 KiB / 100 lines, answer 64 KiB, 20 s for the whole try), the sandbox must keep
// answering meanwhile, and the next try must come on MixPay's schedule.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';

import { control, createForm, json, params, press, startSandbox, stopSandbox, waitFor } from './helpers.mjs';

const HEAD = 'HTTP/1.1 200 OK\r\n';
// What each hostile receiver writes once the request has arrived; `trickle` gets a timer.
const hostile = {
  'status-32k': (s) => s.write(`HTTP/1.1 200 ${'x'.repeat(32 * 1024)}\r\n`),
  'status-1m': (s) => s.write(`HTTP/1.1 200 ${'x'.repeat(1024 * 1024)}\r\n`),
  'endless-headers': (s) => {
    s.write(HEAD);
    const pump = () => {
      while (!s.destroyed && s.write(`X-More: ${'y'.repeat(60)}\r\n`));
      if (!s.destroyed) s.once('drain', pump);
    };
    pump();
  },
  'huge-body': (s) => {
    s.write(`${HEAD}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = `4000\r\n${'z'.repeat(0x4000)}\r\n`;
    const pump = () => {
      while (!s.destroyed && s.write(chunk));
      if (!s.destroyed) s.once('drain', pump);
    };
    pump();
  },
  // A header line that grows by a byte every 200 ms and never ends.
  trickle: (s) => {
    s.write(`${HEAD}X-Slow: `);
    const timer = setInterval(() => (s.destroyed ? clearInterval(timer) : s.write('a')), 200);
    s.on('close', () => clearInterval(timer));
  },
};

const receivers = [];
function listen(kind) {
  const r = { kind, connections: 0, sockets: [] };
  r.server = net.createServer((s) => {
    r.connections += 1;
    r.sockets.push(s);
    s.on('error', () => {});
    let seen = '';
    let started = false;
    s.on('data', (d) => {
      seen += d;
      // The whole request: headers and the small JSON body.
      if (!started && seen.includes('\r\n\r\n') && seen.trimEnd().endsWith('}')) {
        started = true;
        hostile[kind](s);
      }
    });
  });
  receivers.push(r);
  return new Promise((resolve) => r.server.listen(0, '127.0.0.1', () => resolve(r)));
}

let sb;
before(async () => {
  sb = await startSandbox(['--no-rate-limit', '--quiet', '--allow-http-callback']);
});
after(async () => {
  for (const r of receivers) {
    r.server.close();
    for (const s of r.sockets) s.destroy();
  }
  await stopSandbox(sb);
});

test('hostile callback receivers: each try ends in bounds, the sandbox answers, retries keep the schedule', { timeout: 90_000 }, async () => {
  const kinds = Object.keys(hostile);
  const traces = new Map();
  for (const kind of kinds) {
    const r = await listen(kind);
    const p = params({ orderId: `hostile_${kind}`, callbackUrl: `http://127.0.0.1:${r.server.address().port}/cb` });
    assert.equal((await createForm(sb, p)).body.success, true, kind);
    assert.equal((await press(sb, p.traceId, 'pay')).status, 303, kind);
    traces.set(p.traceId, kind);
  }
  const started = Date.now();
  // Meanwhile the API answers at once.
  for (let i = 0; i < 10; i++) {
    const t0 = Date.now();
    const { body } = await json(sb, `/v1/payments_result?traceId=${[...traces.keys()][0]}`);
    assert.equal(body.success, true);
    assert.ok(Date.now() - t0 < 1_000, `an API answer took ${Date.now() - t0} ms`);
  }
  // Every first try ends without a delivery: the trickle by the 20 s bound, the rest at once
  // (and those are tried again 15 s later, by the sandbox clock, meanwhile).
  let last = [];
  await waitFor(
    async () => {
      last = await control(sb, 'GET', '/__sandbox/callbacks');
      return last.length === kinds.length && last.every((c) => c.attempts >= 1 && c.nextTryMs > 0) ? last : null;
    },
    { timeoutMs: 30_000, what: 'every first try to end' },
  ).catch((e) => {
    throw new Error(`${e.message}: ${JSON.stringify(last.map((c) => [traces.get(c.traceId), c.attempts, c.error]))}`);
  });
  const took = Date.now() - started;
  assert.ok(took < 25_000, `the first tries took ${took} ms`);
  // The schedule goes on: advancing the sandbox clock brings every next try at once.
  await control(sb, 'POST', '/__sandbox/clock?advance=60');
  const log = await waitFor(
    async () => {
      last = await control(sb, 'GET', '/__sandbox/callbacks');
      return last.every((c) => c.attempts >= 2 && c.nextTryMs > 0) ? last : null;
    },
    { timeoutMs: 30_000, what: 'the second tries' },
  );
  // MixPay's schedule (15 s, 15 s, 30 s, ...): each try at least that long after the one
  // before; never a delivery, always a reason.
  const delays = [15, 15, 30, 180];
  for (const c of log) {
    const kind = traces.get(c.traceId);
    assert.equal(c.delivered, false, kind);
    assert.ok(c.error.length > 0, kind);
    for (let i = 1; i < c.triesMs.length; i++) {
      assert.ok(c.triesMs[i] - c.triesMs[i - 1] >= delays[i - 1] * 1000, `${kind}: try ${i + 1} after ${c.triesMs[i] - c.triesMs[i - 1]} ms`);
    }
  }
  for (const r of receivers) assert.ok(r.connections >= 2, `${r.kind}: ${r.connections} connections`);
});
