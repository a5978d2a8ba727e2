// POST /v1/one_time_payment and GET /v1/payments_result over real HTTP.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';

import {
  BTC,
  PAYEE,
  UUID,
  control,
  createForm,
  createJson,
  json,
  params,
  press,
  request,
  result,
  startSandbox,
  stopSandbox,
} from './helpers.mjs';

let sb;
before(async () => {
  sb = await startSandbox(['--no-rate-limit', '--quiet']);
});
after(() => stopSandbox(sb));
beforeEach(() => control(sb, 'POST', '/__sandbox/reset'));

function assertEnvelope(body) {
  assert.deepEqual(Object.keys(body).slice(0, 5), ['code', 'success', 'message', 'data', 'timestampMs']);
  assert.equal(typeof body.timestampMs, 'number');
  assert.ok(Math.abs(body.timestampMs - Date.now()) < 60_000, 'timestampMs is now, in milliseconds');
}

// The parameter error for `fields`: code 1017 and a message naming every field in `names`.
async function assertRefused(fields, names) {
  const { res, body } = await createForm(sb, fields);
  assert.equal(res.status, 200, 'API errors travel with HTTP 200');
  assertEnvelope(body);
  assert.equal(body.success, false);
  assert.equal(body.code, 1017);
  for (const name of names) assert.match(body.message, new RegExp(`\\b${name}\\b`), `message names ${name}`);
  // The errors by field are not in the API's answer (MixPay documents none there): the
  // request log has them.
  assert.equal('errors' in body, false);
  const logged = (await control(sb, 'GET', '/__sandbox/requests')).at(-1);
  assert.deepEqual(logged.errors.map((e) => e.field).sort(), [...names].sort());
  return body;
}

describe('POST /v1/one_time_payment', () => {
  test('a form body creates a payment whose code is the traceId', async () => {
    const p = params();
    const { res, body } = await createForm(sb, p);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assertEnvelope(body);
    assert.equal(body.code, 0);
    assert.equal(body.success, true);
    assert.equal(body.message, '');
    assert.deepEqual(body.data, { code: p.traceId });
  });

  test('a JSON body is accepted, numbers keep their source text', async () => {
    const p = params();
    const { body } = await createJson(sb, `{"payeeId":"${p.payeeId}","settlementAssetId":"${BTC}",
      "quoteAssetId":"usd","quoteAmount":10.50,"isTemp":true,"traceId":"${p.traceId}"}`);
    assert.equal(body.success, true, body.message);
    assert.equal(body.data.code, p.traceId);
    const r = await result(sb, { traceId: p.traceId });
    assert.equal(r.data.quoteAmount, '10.50');
  });

  test('a multipart body is accepted', async () => {
    const p = params();
    const form = new FormData();
    for (const [k, v] of Object.entries(p)) form.append(k, v);
    const { body } = await json(sb, '/v1/one_time_payment', { method: 'POST', body: form });
    assert.equal(body.success, true, body.message);
    assert.equal(body.data.code, p.traceId);
  });

  test('an uppercase traceId gives the lowercase code', async () => {
    const id = randomUUID();
    const { body } = await createForm(sb, params({ traceId: id.toUpperCase() }));
    assert.equal(body.data.code, id);
  });

  test('without traceId an orderId is enough and a random UUID becomes the code', async () => {
    const { body } = await createForm(sb, params({ traceId: null, orderId: 'order_1001' }));
    assert.equal(body.success, true, body.message);
    assert.match(body.data.code, UUID);
    const r = await result(sb, { orderId: 'order_1001', payeeId: PAYEE });
    assert.equal(r.data.traceId, body.data.code);
  });

  test('the same traceId with the same parameters returns the same code', async () => {
    const p = params({ orderId: 'order_same_1' });
    const first = await createForm(sb, p);
    const second = await createForm(sb, p);
    const third = await createJson(sb, p);
    assert.equal(first.body.data.code, p.traceId);
    assert.equal(second.body.success, true);
    assert.equal(second.body.data.code, p.traceId);
    assert.equal(third.body.data.code, p.traceId);
  });

  test('the same traceId with different parameters is refused', async () => {
    const p = params();
    await createForm(sb, p);
    const body = await assertRefused({ ...p, quoteAmount: '11' }, ['traceId']);
    assert.match(body.message, /already used/);
    // The first payment is untouched.
    assert.equal((await result(sb, { traceId: p.traceId })).data.quoteAmount, '10');
  });

  test('the same orderId under another traceId is refused; without traceId it is the same payment', async () => {
    const p = params({ traceId: null, orderId: 'order_dup_1' });
    const first = await createForm(sb, p);
    const again = await createForm(sb, p);
    assert.equal(again.body.data.code, first.body.data.code);
    await assertRefused({ ...p, traceId: randomUUID() }, ['orderId']);
    await assertRefused({ ...p, quoteAmount: '12' }, ['orderId']);
  });

  test('each invalid parameter is refused with code 1017 naming it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      [{ payeeId: null }, ['payeeId']],
      [{ payeeId: '<b>x</b>' }, ['payeeId']],
      [{ quoteAmount: null }, ['quoteAmount']],
      [{ quoteAmount: '-1' }, ['quoteAmount']],
      [{ quoteAmount: '1e3' }, ['quoteAmount']],
      [{ quoteAmount: '0' }, ['quoteAmount']],
      [{ quoteAssetId: null }, ['quoteAssetId']],
      [{ settlementAssetId: 'btc' }, ['settlementAssetId']],
      [{ isTemp: 'yes' }, ['isTemp']],
      [{ paymentAssetId: 'nope' }, ['paymentAssetId']],
      [{ traceId: 'not-a-uuid' }, ['traceId']],
      [{ traceId: null }, ['orderId']],
      [{ orderId: 'short' }, ['orderId']],
      [{ orderId: 'has space in it' }, ['orderId']],
      [{ remark: 'x'.repeat(51) }, ['remark']],
      [{ settlementMemo: 'y'.repeat(201) }, ['settlementMemo']],
      [{ expireSeconds: '0' }, ['expireSeconds']],
      [{ expireSeconds: '31536001' }, ['expireSeconds']],
      [{ expiredTimestamp: String(now + 5) }, ['expiredTimestamp']],
      [{ expiredTimestamp: String(now + 241 * 60) }, ['expiredTimestamp']],
      [{ returnTo: 'javascript:alert(1)' }, ['returnTo']],
      [{ failedReturnTo: '/relative' }, ['failedReturnTo']],
      [{ callbackUrl: 'http://merchant.example/cb' }, ['callbackUrl']],
      [{ payeeId: null, quoteAmount: 'ten', returnTo: 'ftp://x' }, ['payeeId', 'quoteAmount', 'returnTo']],
    ];
    for (const [over, names] of cases) await assertRefused(params(over), names);
    // Nothing was stored by the refused requests.
    assert.equal((await result(sb, { traceId: randomUUID() })).success, false);
  });

  test('a remark of 50 characters counts characters, not bytes', async () => {
    const { body } = await createForm(sb, params({ remark: 'é'.repeat(50) }));
    assert.equal(body.success, true, body.message);
  });

  test('a JSON body that is not an object, or a nested value, is a parameter error', async () => {
    for (const text of ['[1,2]', '"x"', '{"payeeId":', 'not json', '{"quoteAmount":"\udc00"}']) {
      const { body } = await createJson(sb, text);
      assert.equal(body.success, false, text);
      assert.equal(body.code, 1017, text);
    }
    const { body } = await createJson(sb, { ...params(), remark: { nested: true } });
    assert.equal(body.code, 1017);
    assert.match(body.message, /remark/);
  });

  test('a malformed percent-escape is a parameter error', async () => {
    const { body } = await json(sb, '/v1/one_time_payment', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'payeeId=%zz',
    });
    assert.equal(body.code, 1017);
    assert.match(body.message, /percent/);
  });

  test('a body over 64 KiB is answered 413, and the server keeps answering', async () => {
    const res = await request(sb, '/v1/one_time_payment', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'remark=' + 'a'.repeat(100 * 1024),
    });
    assert.equal(res.status, 413);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    await res.arrayBuffer();
    const { body } = await createForm(sb, params());
    assert.equal(body.success, true);
  });

  test('deeply nested JSON and invalid UTF-8 do not break the server', async () => {
    const deep = '{"a":' + '['.repeat(50_000) + ']'.repeat(50_000) + '}';
    const { res } = await createJson(sb, deep);
    assert.ok(res.status === 200 || res.status === 413);
    const bad = await json(sb, '/v1/one_time_payment', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new Uint8Array([0x72, 0x65, 0x6d, 0x61, 0x72, 0x6b, 0x3d, 0xff, 0xfe]),
    });
    assert.equal(bad.body.code, 1017);
    const requests = await control(sb, 'GET', '/__sandbox/requests');
    assert.ok(requests.length >= 1);
    assert.equal((await createForm(sb, params())).body.success, true);
  });

  test('an unknown /v1 endpoint answers 404 with an envelope', async () => {
    const { res, body } = await json(sb, '/v1/nothing_here');
    assert.equal(res.status, 404);
    assert.equal(body.success, false);
  });
});

describe('GET /v1/payments_result', () => {
  const FIELDS = [
    'status', 'quoteAmount', 'quoteSymbol', 'quoteAssetId', 'paymentAmount', 'paymentSymbol',
    'paymentAssetId', 'payee', 'payeeId', 'payeeMixinNumber', 'payeeAvatarUrl', 'txid', 'date',
    'surplusAmount', 'surplusStatus', 'confirmations', 'payableAmount', 'failureCode',
    'failureReason', 'returnTo', 'traceId',
  ];

  test('unpaid: every documented field, with the payment\'s own values', async () => {
    const p = params({ quoteAmount: '12.50', orderId: 'order_unpaid', returnTo: 'https://shop.example/ok' });
    await createForm(sb, p);
    const before = Math.floor(Date.now() / 1000);
    const r = await result(sb, { traceId: p.traceId });
    assertEnvelope(r);
    assert.equal(r.success, true);
    for (const f of FIELDS) assert.ok(f in r.data, `data.${f}`);
    assert.equal(r.data.status, 'unpaid');
    assert.equal(r.data.quoteAmount, '12.50');
    assert.equal(r.data.quoteSymbol, 'USD');
    assert.equal(r.data.quoteAssetId, 'usd');
    assert.equal(r.data.payeeId, PAYEE);
    assert.equal(r.data.traceId, p.traceId);
    assert.equal('orderId' in r.data, false, 'MixPay documents no orderId in data');
    assert.equal((await control(sb, 'GET', `/__sandbox/payments/${p.traceId}`)).orderId, 'order_unpaid');
    assert.equal(r.data.payableAmount, '12.5');
    assert.equal(r.data.confirmations, -1);
    assert.equal(r.data.failureCode, '0');
    assert.equal(r.data.returnTo, '');
    assert.ok(Math.abs(r.data.date - before) <= 2);
    // The same payment by orderId + payeeId.
    const byOrder = await result(sb, { orderId: 'order_unpaid', payeeId: PAYEE });
    assert.equal(byOrder.data.traceId, p.traceId);
  });

  test('pending (set through the control endpoint)', async () => {
    const p = params();
    await createForm(sb, p);
    await control(sb, 'POST', `/__sandbox/status?traceId=${p.traceId}&status=pending`);
    const r = await result(sb, { traceId: p.traceId });
    assert.equal(r.data.status, 'pending');
    assert.ok(r.data.confirmations > -1);
  });

  test('success after Pay: paymentAmount, returnTo', async () => {
    const p = params({ quoteAmount: '3.30', returnTo: 'https://shop.example/thanks?t=1' });
    await createForm(sb, p);
    assert.equal((await press(sb, p.traceId, 'pay')).status, 303);
    const r = await result(sb, { traceId: p.traceId });
    assert.equal(r.data.status, 'success');
    assert.equal(r.data.paymentAmount, '3.3');
    assert.equal(r.data.paymentSymbol, 'USDT');
    assert.equal(r.data.returnTo, 'https://shop.example/thanks?t=1');
    assert.equal(r.data.failureCode, '0');
  });

  test('failed after Fail: failureCode, failureReason, failedReturnTo', async () => {
    const p = params({ failedReturnTo: 'https://shop.example/failed' });
    await createForm(sb, p);
    assert.equal((await press(sb, p.traceId, 'fail', { failureCode: '40024' })).status, 303);
    const r = await result(sb, { traceId: p.traceId });
    assert.equal(r.data.status, 'failed');
    assert.equal(r.data.failureCode, '40024');
    assert.equal(r.data.failureReason, 'Wrong Amount paid');
    assert.equal(r.data.returnTo, 'https://shop.example/failed');
  });

  test('failed with "Payment overtime" once expiredTimestamp has passed', async () => {
    const p = params({ expiredTimestamp: String(Math.floor(Date.now() / 1000) + 60) });
    await createForm(sb, p);
    assert.equal((await result(sb, { traceId: p.traceId })).data.status, 'unpaid');
    await control(sb, 'POST', '/__sandbox/clock?advance=61');
    const r = await result(sb, { traceId: p.traceId });
    assert.equal(r.data.status, 'failed');
    assert.equal(r.data.failureCode, '40000');
    assert.equal(r.data.failureReason, 'Payment overtime');
  });

  test('unknown payments and bad queries are errors, not crashes', async () => {
    const unknown = await result(sb, { traceId: randomUUID() });
    assert.equal(unknown.success, false);
    assert.notEqual(unknown.code, 0);
    const notUuid = await result(sb, { traceId: '../x' });
    assert.equal(notUuid.code, 1017);
    assert.match(notUuid.message, /traceId/);
    const noPayee = await result(sb, { orderId: 'order_1001' });
    assert.equal(noPayee.code, 1017);
    assert.match(noPayee.message, /payeeId/);
    const nothing = await result(sb, {});
    assert.equal(nothing.code, 1017);
    const unknownOrder = await result(sb, { orderId: 'order_none', payeeId: PAYEE });
    assert.equal(unknownOrder.success, false);
  });
});
