// The seven statuses of MixPay's payment lifecycle, set directly or run by a script on the
// sandbox clock; deadlines (expiredTimestamp, an unused code's expiry) and settlement; and
// the callback events each change sends.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';

import { PAYEE, control, createForm, json, params, press, result, startSandbox, stopSandbox, waitFor } from './helpers.mjs';

// A merchant endpoint that acknowledges every callback and keeps what it got.
function receiver() {
  const r = { received: [] };
  r.server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      r.received.push(JSON.parse(body));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"code":"SUCCESS"}');
    });
  });
  return new Promise((resolve) =>
    r.server.listen(0, '127.0.0.1', () => {
      r.url = `http://127.0.0.1:${r.server.address().port}/cb`;
      resolve(r);
    }),
  );
}

let sb;
let merchant;
before(async () => {
  sb = await startSandbox(['--no-rate-limit', '--quiet', '--allow-http-callback']);
  merchant = await receiver();
});
after(async () => {
  merchant.server.closeAllConnections();
  await new Promise((resolve) => merchant.server.close(resolve));
  await stopSandbox(sb);
});
beforeEach(async () => {
  await control(sb, 'POST', '/__sandbox/reset');
  merchant.received.length = 0;
});

const advance = (s) => control(sb, 'POST', `/__sandbox/clock?advance=${s}`);
const status = async (traceId) => (await result(sb, { traceId })).data;
const view = (traceId) => control(sb, 'GET', `/__sandbox/payments/${traceId}`);
// The callback events the sandbox made for a payment, delivered ones only, in order.
async function events(traceId, count) {
  return waitFor(async () => {
    const made = (await view(traceId)).callbacks.filter((c) => c.delivered).map((c) => c.event);
    return made.length >= count ? made : null;
  }, { what: `${count} callbacks of ${traceId}` });
}

async function made(over = {}) {
  const p = params(over);
  const { body } = await createForm(sb, p);
  assert.equal(body.success, true, body.message);
  return p;
}

describe('statuses', () => {
  test('each of the seven statuses can be set, with what it shows', async () => {
    const p = await made({ quoteAmount: '10' });
    const expect = {
      unpaid: { paymentAmount: '0', confirmations: -1, failureCode: '0' },
      confirming: { paymentAmount: '10', confirmations: 0, failureCode: '0' },
      paid_less: { paymentAmount: '5', confirmations: -1, failureCode: '0' },
      pending: { paymentAmount: '10', confirmations: 1, failureCode: '0' },
      auditing: { paymentAmount: '10', confirmations: -1, failureCode: '0' },
      success: { paymentAmount: '10', confirmations: -1, failureCode: '0', settleStatus: 'success' },
      failed: { failureCode: '40000', failureReason: 'Payment overtime', settleStatus: 'pending' },
    };
    for (const [s, fields] of Object.entries(expect)) {
      if (s === 'unpaid') await control(sb, 'POST', `/__sandbox/status?traceId=${p.traceId}&status=confirming`);
      const answer = await control(sb, 'POST', `/__sandbox/status?traceId=${p.traceId}&status=${s}`);
      assert.equal(answer.status, s);
      const data = await status(p.traceId);
      assert.equal(data.status, s);
      for (const [k, v] of Object.entries(fields)) assert.equal(data[k], v, `${s}: ${k}`);
    }
  });

  test('failed takes every documented failure code; anything else is refused', async () => {
    const p = await made();
    for (const code of ['40000', '40020', '40021', '40024', '40025', '40027', '40032', '10095']) {
      await control(sb, 'POST', `/__sandbox/status?traceId=${p.traceId}&status=failed&failureCode=${code}`);
      const data = await status(p.traceId);
      assert.equal(data.failureCode, code);
      assert.ok(data.failureReason.length > 0, `${code} has a reason`);
    }
    for (const query of ['status=refunded', 'status=failed&failureCode=12345', 'status=success&failureCode=40000']) {
      const { res, body } = await json(sb, `/__sandbox/status?traceId=${p.traceId}&${query}`, { method: 'POST' });
      assert.equal(res.status, 400, query);
      assert.ok(body.error, query);
    }
  });

  test('only the seven documented words set a status: "unknown" (the core\'s word for any other) is refused like any other word', async () => {
    const p = await made();
    for (const word of ['unknown', 'refunded', 'Success', 'settled', '']) {
      const { res, body } = await json(sb, `/__sandbox/status?traceId=${p.traceId}&status=${word}`, { method: 'POST' });
      assert.equal(res.status, 400, word);
      assert.equal(body.error, 'status: must be unpaid, confirming, paid_less, pending, auditing, success or failed', word);
    }
    for (const [steps, part] of [['unknown:0', 'unknown:0'], ['confirming:0,unknown:30', 'unknown:30']]) {
      const { res, body } = await json(sb, `/__sandbox/lifecycle?traceId=${p.traceId}&steps=${encodeURIComponent(steps)}`, { method: 'POST' });
      assert.equal(res.status, 400, steps);
      assert.equal(body.error, `steps: '${part}': a status (unpaid, confirming, paid_less, pending, auditing, success, failed[/code]) or settle, then :seconds`);
    }
    const data = await status(p.traceId);
    assert.equal(data.status, 'unpaid', 'nothing changed');
    assert.deepEqual((await view(p.traceId)).history.map((h) => h.status), ['unpaid']);
  });
});

describe('scripted lifecycles on the sandbox clock', () => {
  test('unpaid -> confirming -> pending -> success -> settled, each step when the clock gets there', async () => {
    const p = await made();
    const started = await control(sb, 'POST', `/__sandbox/lifecycle?traceId=${p.traceId}&steps=confirming:0,pending:30,success:30,settle:60`);
    assert.equal(started.status, 'confirming', 'a step with delay 0 happens at once');
    assert.deepEqual(started.lifecycle.map((s) => s.status), ['pending', 'success', 'settled']);
    await advance(25);
    assert.equal((await status(p.traceId)).status, 'confirming');
    await advance(5);
    assert.equal((await status(p.traceId)).status, 'pending');
    await advance(30);
    const paid = await status(p.traceId);
    assert.equal(paid.status, 'success');
    assert.equal(paid.settleStatus, 'pending', 'success before settlement');
    assert.equal(paid.settleAmount, '', 'settle fields empty while pending');
    await advance(60);
    const settled = await status(p.traceId);
    assert.equal(settled.settleStatus, 'success');
    assert.equal(settled.settleSymbol, 'BTC');
    assert.equal(settled.settleAmount, '0.00016666');
    const history = (await view(p.traceId)).history.map((h) => `${h.status}:${h.source}`);
    assert.deepEqual(history, ['unpaid:create', 'confirming:lifecycle', 'pending:lifecycle', 'success:lifecycle', 'settled:lifecycle']);
  });

  test('one big clock jump runs every step in order, each at its own time', async () => {
    const p = await made();
    const start = (await control(sb, 'POST', `/__sandbox/lifecycle?traceId=${p.traceId}&steps=confirming:10,pending:20,success:30`)).createdAt;
    await advance(3600);
    const history = (await view(p.traceId)).history.slice(1);
    assert.deepEqual(history.map((h) => h.status), ['confirming', 'pending', 'success']);
    const gaps = history.map((h) => h.time - start);
    assert.ok(gaps[0] >= 10 && gaps[1] - gaps[0] === 20 && gaps[2] - gaps[1] === 30, JSON.stringify(gaps));
    assert.equal((await status(p.traceId)).date, history[2].time);
  });

  test('paid less, then the rest: paid_less -> confirming -> pending -> success, two transactions', async () => {
    const p = await made({ quoteAmount: '12.50' });
    await control(sb, 'POST', `/__sandbox/lifecycle?traceId=${p.traceId}&steps=paid_less`);
    await advance(30);
    const less = (await json(sb, `/v1/payments_result?traceId=${p.traceId}&with=payment,transactions`)).body.data;
    assert.equal(less.status, 'paid_less');
    assert.equal(less.paymentAmount, '6.25');
    assert.equal(less.payment.isFullyPaid, false);
    await advance(3600);
    const done = (await json(sb, `/v1/payments_result?traceId=${p.traceId}&with=payment,transactions`)).body.data;
    assert.equal(done.status, 'success');
    assert.equal(done.paymentAmount, '12.5');
    assert.deepEqual(done.transactions.map((t) => t.paymentAmount), ['6.25', '6.25']);
    assert.equal(done.payment.isMultiPay, true);
    assert.equal(done.payment.isFullyPaid, true);
  });

  test('underpaid and rejected scripts end failed with 40024 and 10095', async () => {
    for (const [script, code] of [['underpaid', '40024'], ['rejected', '10095']]) {
      const p = await made();
      await control(sb, 'POST', `/__sandbox/lifecycle?traceId=${p.traceId}&steps=${script}`);
      await advance(7200);
      const data = await status(p.traceId);
      assert.deepEqual([data.status, data.failureCode], ['failed', code], script);
    }
  });

  test('a terminal status ends the script; refused scripts name their part', async () => {
    const p = await made();
    await control(sb, 'POST', `/__sandbox/lifecycle?traceId=${p.traceId}&steps=success:0,failed:10`);
    await advance(60);
    assert.equal((await status(p.traceId)).status, 'success', 'success is final');
    for (const steps of ['paid', 'pending:x', 'success/40000:1', 'failed/99999:1', Array(21).fill('pending:1').join(',')]) {
      const { res, body } = await json(sb, `/__sandbox/lifecycle?traceId=${p.traceId}&steps=${encodeURIComponent(steps)}`, { method: 'POST' });
      assert.equal(res.status, 400, steps);
      assert.match(body.error, /^steps: /);
    }
  });

  test('the Pay button runs the Pay lifecycle when one is set', async () => {
    await control(sb, 'POST', '/__sandbox/lifecycle?steps=success');
    assert.deepEqual((await control(sb, 'GET', '/__sandbox/lifecycle')).pay.map((s) => s.status), ['confirming', 'pending', 'success', 'settled']);
    const p = await made();
    assert.equal((await press(sb, p.traceId, 'pay')).status, 303);
    assert.equal((await status(p.traceId)).status, 'confirming');
    await advance(60);
    assert.equal((await status(p.traceId)).status, 'success');
    await control(sb, 'POST', '/__sandbox/reset');
    const q = await made();
    await press(sb, q.traceId, 'pay');
    assert.equal((await status(q.traceId)).status, 'success', 'reset forgets the Pay lifecycle');
  });
});

describe('deadlines', () => {
  test('expiredTimestamp passes: unpaid fails 40000, paid_less fails 40024, a fully paid confirming payment waits for its confirmations', async () => {
    const now = (await control(sb, 'POST', '/__sandbox/clock?advance=0')).now;
    const unpaid = await made({ expiredTimestamp: String(now + 600) });
    const less = await made({ expiredTimestamp: String(now + 600) });
    const confirming = await made({ expiredTimestamp: String(now + 600) });
    await control(sb, 'POST', `/__sandbox/status?traceId=${less.traceId}&status=paid_less`);
    await control(sb, 'POST', `/__sandbox/status?traceId=${confirming.traceId}&status=confirming`);
    await advance(601);
    assert.deepEqual([(await status(unpaid.traceId)).status, (await status(unpaid.traceId)).failureCode], ['failed', '40000']);
    assert.equal((await status(less.traceId)).failureCode, '40024');
    assert.equal((await status(confirming.traceId)).status, 'confirming');
  });

  test('an unused temporary code with a callbackUrl expires into failed 40000 and the fail callback; without a callbackUrl it stays unpaid', async () => {
    const withUrl = await made({ expireSeconds: '60', orderId: 'order_expiry_1', callbackUrl: merchant.url });
    const without = await made({ expireSeconds: '60' });
    await advance(61);
    const data = await status(withUrl.traceId);
    assert.deepEqual([data.status, data.failureCode], ['failed', '40000']);
    assert.deepEqual(await events(withUrl.traceId, 1), ['fail']);
    assert.deepEqual(merchant.received, [{ orderId: 'order_expiry_1', traceId: withUrl.traceId, payeeId: PAYEE }]);
    assert.equal((await status(without.traceId)).status, 'unpaid');
  });

  test('the fail callback of an expired code also comes without a request: the clock alone', async () => {
    const p = await made({ expireSeconds: '1', callbackUrl: merchant.url });
    await waitFor(() => merchant.received.length >= 1, { timeoutMs: 5_000, what: 'the fail callback' });
    assert.equal(merchant.received[0].traceId, p.traceId);
  });
});

describe('callback events', () => {
  test('success and fail by default: no pending, paid_less or settle without callbackEvent', async () => {
    const p = await made({ callbackUrl: merchant.url });
    await control(sb, 'POST', `/__sandbox/lifecycle?traceId=${p.traceId}&steps=confirming:0,paid_less:10,pending:10,success:10,settle:10`);
    await advance(60);
    assert.deepEqual(await events(p.traceId, 1), ['success']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await view(p.traceId)).callbacks.length, 1);
  });

  test('callbackEvent=pending|paid_less|settle adds those events, in the order they happen', async () => {
    const p = await made({ callbackUrl: merchant.url, callbackEvent: 'pending|paid_less|settle' });
    await control(sb, 'POST', `/__sandbox/lifecycle?traceId=${p.traceId}&steps=confirming:0,paid_less:10,pending:10,auditing:10,success:10,settle:10`);
    await advance(60);
    // confirming and pending both send pending; auditing sends nothing.
    const list = await events(p.traceId, 5);
    assert.deepEqual([...list].sort(), ['paid_less', 'pending', 'pending', 'settle', 'success'].sort());
    const byTime = (await view(p.traceId)).callbacks.sort((a, b) => a.timeMs - b.timeMs).map((c) => c.event);
    assert.deepEqual(byTime, ['pending', 'paid_less', 'pending', 'success', 'settle']);
    for (const body of merchant.received) assert.deepEqual(Object.keys(body), ['orderId', 'traceId', 'payeeId']);
  });

  test('a payment without callbackUrl calls nobody', async () => {
    const p = await made({ callbackEvent: 'pending' });
    await control(sb, 'POST', `/__sandbox/lifecycle?traceId=${p.traceId}&steps=success`);
    await advance(3600);
    assert.deepEqual((await view(p.traceId)).callbacks, []);
  });
});
