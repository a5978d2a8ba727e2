// The attempt's identity (what makes two clicks one payment), its expiry, and which
// failures end it.
import './build-globals.mjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';

const { attemptExpiry, attemptKey, refused } = await import('../src/attempts.js');

const PARAMS = Object.freeze({
  payeeId: 'a0d7791408776b47eb1dd3f94ed15d6a', quoteAmount: '10.50', quoteAssetId: 'usd',
  settlementAssetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa', orderId: 'order_1001',
});
const key = (over = {}) => attemptKey({ ...PARAMS, ...over });

test('the same configuration is the same attempt; the key holds no parameter in clear', () => {
  assert.equal(key(), key());
  assert.match(key(), /^mixpay-checkout:attempt:[0-9a-z]+$/);
  assert.ok(!key().includes('order_1001'));
});

test('everything that is sent makes another attempt', () => {
  const sent = ['payeeId', 'quoteAmount', 'quoteAssetId', 'settlementAssetId', 'isTemp', 'paymentAssetId',
    'remark', 'expireSeconds', 'orderId', 'settlementMemo', 'returnTo', 'failedReturnTo', 'callbackUrl',
    'expiredTimestamp', 'apiBase', 'codeEndpoint'];
  const keys = new Set([key()]);
  for (const name of sent) keys.add(key({ [name]: 'x' + (PARAMS[name] || '') }));
  assert.equal(keys.size, sent.length + 1);
  // 10.5 and 10.50 are sent as different strings: different attempts.
  assert.notEqual(key({ quoteAmount: '10.5' }), key());
});

test('the traceId, payBase, timeout and retries are not the attempt', () => {
  for (const over of [{ traceId: '6f1c1b5e-8f0e-4c5b-9a57-3b8c0f3c2f11' }, { payBase: 'https://pay.example' },
    { timeout: '5000' }, { retries: '0' }]) {
    assert.equal(key(over), key(), JSON.stringify(over));
  }
});

test('values cannot run into each other: lengths separate them; absent is not empty', () => {
  assert.notEqual(key({ remark: 'ab', settlementMemo: 'c' }), key({ remark: 'a', settlementMemo: 'bc' }));
  assert.notEqual(key({ remark: '' }), key());
  assert.notEqual(key({ remark: '-' }), key());
});

test('server-created payments: the fields sent to the endpoint are the attempt', () => {
  const base = { codeEndpoint: 'https://shop.example/checkout', orderId: 'order_1001' };
  const mug = attemptKey({ ...base, codeFields: ['productId', 'mug'] });
  assert.equal(attemptKey({ ...base, codeFields: ['productId', 'mug'] }), mug);
  assert.notEqual(attemptKey({ ...base, codeFields: ['productId', 'cup'] }), mug);
  assert.notEqual(attemptKey({ ...base, codeFields: ['product', 'Idmug'] }), mug);
});

test('expiry: 30 minutes, or sooner with expireSeconds or expiredTimestamp', () => {
  const now = 1_700_000_000_000;
  assert.equal(attemptExpiry({}, now), now + 30 * 60_000);
  assert.equal(attemptExpiry({ expireSeconds: '600' }, now), now + 600_000);
  assert.equal(attemptExpiry({ expireSeconds: '86400' }, now), now + 30 * 60_000);
  assert.equal(attemptExpiry({ expiredTimestamp: String(now / 1000 + 120) }, now), now + 120_000);
  assert.equal(attemptExpiry({ expireSeconds: '600', expiredTimestamp: String(now / 1000 + 60) }, now), now + 60_000);
  // Not the core's forms: no effect (the core refuses them anyway).
  for (const expireSeconds of ['1e3', '-5', '10.5', ' 60', '1234567890']) {
    assert.equal(attemptExpiry({ expireSeconds }, now), now + 30 * 60_000, expireSeconds);
  }
});

test('refused: only MixPay saying no (an API error other than -1 and 1429, an HTTP 4xx but 429) ends an attempt', () => {
  assert.equal(refused({ kind: 'api', status: 200, code: 1017 }), true);
  assert.equal(refused({ kind: 'api', status: 200, code: -1 }), false);
  assert.equal(refused({ kind: 'api', status: 200, code: 1429 }), false);
  assert.equal(refused({ kind: 'http', status: 400, code: 0 }), true);
  assert.equal(refused({ kind: 'http', status: 404, code: 0 }), true);
  assert.equal(refused({ kind: 'http', status: 429, code: 0 }), false);
  assert.equal(refused({ kind: 'http', status: 502, code: 0 }), false);
  for (const kind of ['network', 'timeout', 'response']) {
    assert.equal(refused({ kind, status: 0, code: 0 }), false, kind);
  }
  // Read as own properties only.
  assert.equal(refused(Object.create({ kind: 'api', code: 1017 })), false);
});
