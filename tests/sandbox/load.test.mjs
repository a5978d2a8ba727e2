// A bounded load test on loopback: concurrent clients create payments with their own
// traceIds and amounts, then read them back; nothing may be lost or mixed up.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';

import { control, params, startSandbox, stopSandbox } from './helpers.mjs';

const CLIENTS = 8;
const PER_CLIENT = 50;
const HARD_TIMEOUT_MS = 60_000;

let sb;
before(async () => {
  sb = await startSandbox(['--no-rate-limit', '--quiet']);
});
after(() => stopSandbox(sb));

async function post(fields, signal) {
  const res = await fetch(`${sb.url}/v1/one_time_payment`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    signal,
  });
  return res.json();
}

async function read(traceId, signal) {
  const res = await fetch(`${sb.url}/v1/payments_result?traceId=${traceId}`, { signal });
  return res.json();
}

test(`${CLIENTS} concurrent clients x ${PER_CLIENT} payments: each answer is its own`, { timeout: HARD_TIMEOUT_MS + 5_000 }, async (t) => {
  const signal = AbortSignal.timeout(HARD_TIMEOUT_MS);
  const latencies = [];
  const created = [];

  async function client(c) {
    for (let i = 0; i < PER_CLIENT; i++) {
      // A distinct amount per payment, so a mix-up shows in payments_result.
      const amount = `${c + 1}.${String(i).padStart(2, '0')}`; // usd takes two decimals
      const p = params({ traceId: randomUUID(), quoteAmount: amount, orderId: `load_${c}_${i}_${randomUUID().slice(0, 8)}` });
      const started = performance.now();
      const body = await post(p, signal);
      latencies.push(performance.now() - started);
      assert.equal(body.success, true, body.message);
      assert.equal(body.data.code, p.traceId);
      // Every other payment is posted twice (a retry): the same code, no second payment.
      if (i % 2 === 0) assert.equal((await post(p, signal)).data.code, p.traceId);
      created.push(p);
    }
  }

  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const createMs = performance.now() - started;
  assert.equal(created.length, CLIENTS * PER_CLIENT);

  const readStarted = performance.now();
  const queue = [...created];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const r = await read(p.traceId, signal);
        assert.equal(r.success, true);
        assert.equal(r.data.traceId, p.traceId);
        assert.equal(r.data.quoteAmount, p.quoteAmount);
        assert.equal('orderId' in r.data, false);
      }
    }),
  );
  const readMs = performance.now() - readStarted;

  for (const p of created.slice(0, 20)) {
    assert.equal((await control(sb, 'GET', `/__sandbox/payments/${p.traceId}`)).orderId, p.orderId);
  }

  const log = await control(sb, 'GET', '/__sandbox/requests');
  const posts = log.filter((r) => r.method === 'POST').length;
  assert.equal(posts, CLIENTS * PER_CLIENT * 1.5, 'every POST was received exactly once');

  latencies.sort((a, b) => a - b);
  const pct = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
  const total = CLIENTS * PER_CLIENT;
  t.diagnostic(
    `created ${total} payments (+${total / 2} retries) in ${createMs.toFixed(0)} ms ` +
      `(${((total * 1.5) / (createMs / 1000)).toFixed(0)} req/s), read back in ${readMs.toFixed(0)} ms; ` +
      `POST latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`,
  );
});
