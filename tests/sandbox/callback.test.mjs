// The callback POST to callbackUrl after Pay, received by a small server on 127.0.0.1.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';

import { PAYEE, control, createForm, params, press, startSandbox, stopSandbox, waitFor } from './helpers.mjs';

// The merchant's endpoint: records every POST; `answers` says what to reply, in order
// ('ok' = 200 {"code":"SUCCESS"}, 'error' = 500, 'hold' = never reply).
function receiver() {
  const r = { received: [], answers: [], held: [] };
  r.server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      r.received.push({ method: req.method, url: req.url, type: req.headers['content-type'], body });
      const answer = r.answers.shift() || 'ok';
      if (answer === 'hold') {
        r.held.push(res);
        return;
      }
      // Near misses of the acknowledgement: a 2xx that is not 200, other JSON, more JSON.
      const [status, text] = {
        ok: [200, '{"code":"SUCCESS"}'],
        error: [500, '{"code":"FAIL"}'],
        created: [201, '{"code":"SUCCESS"}'],
        lower: [200, '{"code":"success"}'],
        more: [200, '{"code":"SUCCESS","extra":1}'],
        text: [200, 'SUCCESS'],
      }[answer];
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(text);
    });
  });
  return new Promise((resolve) =>
    r.server.listen(0, '127.0.0.1', () => {
      r.url = `http://127.0.0.1:${r.server.address().port}`;
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
  for (const res of merchant.held) res.destroy();
  merchant.server.closeAllConnections();
  await new Promise((resolve) => merchant.server.close(resolve));
  await stopSandbox(sb);
});
beforeEach(async () => {
  await control(sb, 'POST', '/__sandbox/reset');
  for (const res of merchant.held.splice(0)) res.destroy();
  merchant.received.length = 0;
  merchant.answers.length = 0;
});

describe('callback', () => {
  test('after Pay the documented JSON body is POSTed to callbackUrl', async () => {
    const p = params({ orderId: 'order_cb_1', callbackUrl: `${merchant.url}/mixpay/callback?shop=1` });
    assert.equal((await createForm(sb, p)).body.success, true);
    assert.equal((await press(sb, p.traceId, 'pay')).status, 303);
    await waitFor(() => merchant.received.length >= 1, { what: 'the callback' });
    const [call] = merchant.received;
    assert.equal(call.method, 'POST');
    assert.equal(call.url, '/mixpay/callback?shop=1');
    assert.match(call.type, /^application\/json/);
    assert.deepEqual(JSON.parse(call.body), { orderId: 'order_cb_1', traceId: p.traceId, payeeId: PAYEE });
    const log = await waitFor(async () => {
      const list = await control(sb, 'GET', '/__sandbox/callbacks');
      return list.length === 1 && list[0].delivered ? list : null;
    });
    assert.equal(log[0].attempts, 1);
    assert.equal(log[0].status, 200);
  });

  test('after Fail the fail event is called back, as MixPay does by default', async () => {
    const p = params({ orderId: 'order_cb_fail', callbackUrl: `${merchant.url}/cb` });
    await createForm(sb, p);
    await press(sb, p.traceId, 'fail');
    await waitFor(() => merchant.received.length >= 1, { what: 'the fail callback' });
    assert.deepEqual(JSON.parse(merchant.received[0].body), { orderId: 'order_cb_fail', traceId: p.traceId, payeeId: PAYEE });
    const log = await waitFor(async () => {
      const list = await control(sb, 'GET', '/__sandbox/callbacks');
      return list.length === 1 && list[0].delivered ? list : null;
    });
    assert.equal(log[0].event, 'fail');
  });

  test('an answer other than 200 {"code":"SUCCESS"} is retried', async () => {
    merchant.answers.push('error');
    const p = params({ callbackUrl: `${merchant.url}/cb` });
    await createForm(sb, p);
    await press(sb, p.traceId, 'pay');
    // The first try over (a record is due at once, so nextTryMs alone is no sign of it).
    await waitFor(async () => {
      const [c] = await control(sb, 'GET', '/__sandbox/callbacks');
      return c && c.attempts === 1 && !c.delivered && c.nextTryMs;
    }, { what: 'the first try failed' });
    // MixPay tries again 15 s later; the sandbox clock gets there at once.
    await control(sb, 'POST', '/__sandbox/clock?advance=15');
    await waitFor(() => merchant.received.length >= 2, { what: 'the retried callback' });
    assert.equal(merchant.received[0].body, merchant.received[1].body);
    const log = await waitFor(async () => {
      const list = await control(sb, 'GET', '/__sandbox/callbacks');
      return list[0]?.delivered ? list : null;
    });
    assert.equal(log[0].attempts, 2);
  });

  test('only HTTP 200 with exactly {"code":"SUCCESS"} is an acknowledgement', async () => {
    merchant.answers.push('created', 'lower', 'more', 'text');
    const p = params({ callbackUrl: `${merchant.url}/cb` });
    await createForm(sb, p);
    await press(sb, p.traceId, 'pay');
    for (let tries = 1; tries <= 4; tries++) {
      const entry = await waitFor(async () => {
        const [c] = await control(sb, 'GET', '/__sandbox/callbacks');
        return c && c.attempts === tries ? c : null;
      }, { what: `try ${tries}` });
      assert.equal(entry.delivered, false, `answer ${tries} is not an acknowledgement`);
      await control(sb, 'POST', '/__sandbox/clock?advance=180');
    }
    const done = await waitFor(async () => {
      const [c] = await control(sb, 'GET', '/__sandbox/callbacks');
      return c && c.delivered ? c : null;
    }, { what: 'the fifth try' });
    assert.equal(done.attempts, 5);
  });

  test('MixPay\'s schedule: 0 s, 15 s, 15 s, 30 s, 180 s, 1800 s four times, 3600 s, then no more', async () => {
    merchant.answers.push(...Array(12).fill('error'));
    const p = params({ callbackUrl: `${merchant.url}/cb` });
    await createForm(sb, p);
    await press(sb, p.traceId, 'pay');
    const gaps = [15, 15, 30, 180, 1800, 1800, 1800, 1800, 3600];
    for (let i = 0; i <= gaps.length; i++) {
      const entry = await waitFor(async () => {
        const [c] = await control(sb, 'GET', '/__sandbox/callbacks');
        return c && c.attempts === i + 1 && (i === gaps.length || c.nextTryMs) ? c : null;
      }, { what: `try ${i + 1}` });
      if (i < gaps.length) {
        const wait = (entry.nextTryMs - entry.triesMs[i]) / 1000;
        assert.ok(Math.abs(wait - gaps[i]) < 1, `try ${i + 2} is due ${wait} s after try ${i + 1}`);
        // A second short of the due time, nothing; then the try.
        await control(sb, 'POST', `/__sandbox/clock?advance=${gaps[i] - 2}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
        assert.equal(merchant.received.length, i + 1, `try ${i + 2} not before its time`);
        await control(sb, 'POST', '/__sandbox/clock?advance=2');
      } else {
        assert.equal(entry.nextTryMs, null, 'ten tries, then MixPay gives up');
      }
    }
    await control(sb, 'POST', '/__sandbox/clock?advance=86400');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(merchant.received.length, 10);
    const [last] = await control(sb, 'GET', '/__sandbox/callbacks');
    assert.equal(last.attempts, 10);
    assert.equal(last.delivered, false);
  });

  test('duplicates on request: the next callback is delivered twice, the same body', async () => {
    assert.deepEqual(await control(sb, 'POST', '/__sandbox/callbacks?duplicate=1'), { duplicates: 1 });
    const p = params({ orderId: 'order_dup_1', callbackUrl: `${merchant.url}/cb` });
    await createForm(sb, p);
    await press(sb, p.traceId, 'pay');
    await waitFor(() => merchant.received.length >= 2, { what: 'the duplicate' });
    assert.equal(merchant.received[0].body, merchant.received[1].body);
    const log = await waitFor(async () => {
      const list = await control(sb, 'GET', '/__sandbox/callbacks');
      return list.length === 2 && list.every((c) => c.delivered) ? list : null;
    });
    assert.deepEqual(log.map((c) => c.duplicate), [false, true]);
    assert.deepEqual((await control(sb, 'GET', '/__sandbox/callbacks'))[1].event, 'success');
    const q = params({ callbackUrl: `${merchant.url}/cb` });
    await createForm(sb, q);
    await press(sb, q.traceId, 'pay');
    await waitFor(() => merchant.received.length >= 3, { what: 'the next callback' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(merchant.received.length, 3, 'only the one asked for is doubled');
  });

  test('several callbacks at once: a slow merchant holds at most its own deliveries, and at most 8 are in flight', async () => {
    merchant.answers.push(...Array(10).fill('hold'));
    const slow = [];
    for (let i = 0; i < 10; i++) {
      const p = params({ callbackUrl: `${merchant.url}/slow` });
      await createForm(sb, p);
      await press(sb, p.traceId, 'pay');
      slow.push(p);
    }
    await waitFor(() => merchant.held.length >= 8, { what: '8 callbacks in flight' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(merchant.held.length, 8, 'a bounded pool of 8 workers');
    // Let two of them answer: the last two (and then a fast one) go out at once.
    const fast = params({ callbackUrl: `${merchant.url}/fast` });
    await createForm(sb, fast);
    await press(sb, fast.traceId, 'pay');
    const started = Date.now();
    for (const res of merchant.held.splice(0, 3)) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"code":"SUCCESS"}');
    }
    await waitFor(() => merchant.received.some((r) => r.url === '/fast'), { what: 'the fast callback' });
    assert.ok(Date.now() - started < 2_000, 'it did not wait for the slow ones');
  });

  test('a merchant that never answers does not hold up the payment page', async () => {
    merchant.answers.push('hold', 'hold', 'hold');
    const p = params({ returnTo: 'https://shop.example/ok', callbackUrl: `${merchant.url}/slow` });
    await createForm(sb, p);
    const started = Date.now();
    const res = await press(sb, p.traceId, 'pay');
    assert.equal(res.status, 303);
    assert.ok(Date.now() - started < 1_000, `Pay answered in ${Date.now() - started} ms`);
    await waitFor(() => merchant.received.length >= 1, { what: 'the callback' });
    // The next payment's page answers while the callback is still waiting.
    const q = params();
    await createForm(sb, q);
    assert.equal((await press(sb, q.traceId, 'pay')).status, 303);
  });

  test('an http callbackUrl off loopback is refused even with --allow-http-callback', async () => {
    const { body } = await createForm(sb, params({ callbackUrl: 'http://merchant.example/cb' }));
    assert.equal(body.code, 1017);
    assert.match(body.message, /callbackUrl/);
  });
});

describe('callback without --allow-http-callback', () => {
  let strict;
  before(async () => {
    strict = await startSandbox(['--no-rate-limit', '--quiet']);
  });
  after(() => stopSandbox(strict));

  test('an http callbackUrl is a parameter error, as the API document says (https only)', async () => {
    const { body } = await createForm(strict, params({ callbackUrl: `${merchant.url}/cb` }));
    assert.equal(body.code, 1017);
    assert.match(body.message, /callbackUrl/);
  });

  test('an https callbackUrl is accepted', async () => {
    const { body } = await createForm(strict, params({ callbackUrl: 'https://merchant.example/cb' }));
    assert.equal(body.success, true, body.message);
  });
});
