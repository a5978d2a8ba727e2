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
      res.writeHead(answer === 'ok' ? 200 : 500, { 'Content-Type': 'application/json' });
      res.end(answer === 'ok' ? '{"code":"SUCCESS"}' : '{"code":"FAIL"}');
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
    await waitFor(async () => (await control(sb, 'GET', '/__sandbox/callbacks'))[0]?.nextTryMs, { what: 'the first try failed' });
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
