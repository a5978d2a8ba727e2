// A script's parameters (validate(), create()) in the core's form: own data properties
// only, strings only, in an object without a prototype.
import './build-globals.mjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';

const { normalize, pin, pins, useNames } = await import('../src/config.js');
// The names the module gives (the core's parameter table; every-parameter.test.mjs in the
// browser suite holds the two together).
useNames(['payeeId', 'quoteAmount', 'quoteAssetId', 'settlementAssetId', 'isTemp', 'paymentAssetId',
  'remark', 'expireSeconds', 'traceId', 'orderId', 'settlementMemo', 'returnTo', 'failedReturnTo',
  'callbackUrl', 'expiredTimestamp', 'apiBase', 'payBase', 'timeout', 'retries', 'codeEndpoint']);

test('parameters and widget options become strings; absent, null and undefined stay out', () => {
  const out = normalize({
    payeeId: 'a0d7791408776b47eb1dd3f94ed15d6a', quoteAmount: 10.5, isTemp: false, expireSeconds: 600,
    remark: null, orderId: undefined, timeout: 5000, label: 'Pay', somethingElse: 'x',
  });
  assert.equal(Object.getPrototypeOf(out), null);
  assert.deepEqual({ ...out }, {
    payeeId: 'a0d7791408776b47eb1dd3f94ed15d6a', quoteAmount: '10.5', isTemp: 'false', expireSeconds: '600',
    timeout: '5000',
  });
});

test('amounts given as text pass unchanged (never through a number)', () => {
  assert.equal(normalize({ quoteAmount: '10.50' }).quoteAmount, '10.50');
  assert.equal(normalize({ quoteAmount: '0.000000001' }).quoteAmount, '0.000000001');
});

test('nothing is read from a prototype or through a getter', () => {
  const proto = { payeeId: 'from-the-prototype' };
  const params = Object.create(proto);
  Object.defineProperty(params, 'quoteAmount', { get: () => '1000', enumerable: true });
  params.orderId = 'order_1001';
  Object.prototype.apiBase = 'https://evil.example/v1';
  try {
    assert.deepEqual({ ...normalize(params) }, { orderId: 'order_1001' });
  } finally {
    delete Object.prototype.apiBase;
  }
});

test('server-created payments: codeFields become name, value pairs; the endpoint stays absolute', () => {
  const out = normalize({
    codeEndpoint: 'https://shop.example/checkout/mixpay', orderId: 'order_1001',
    codeFields: { productId: 'mug', quantity: 2 },
  });
  assert.equal(out.codeEndpoint, 'https://shop.example/checkout/mixpay');
  assert.deepEqual(out.codeFields, ['productId', 'mug', 'quantity', '2']);
  assert.equal(normalize({ orderId: 'order_1001' }).codeFields, undefined);
});

test('not an object: passed on as it is, for the core to refuse', () => {
  assert.equal(normalize(null), null);
  assert.equal(normalize('payeeId=x'), 'payeeId=x');
});

test('pins: payeeIds as a space-separated string or a list, the bases as strings; absent keys leave pins alone', () => {
  pin((key) => ({ payeeIds: ' a0d7791408776b47eb1dd3f94ed15d6a\n\tffffffffffffffffffffffffffffffff ', apiBase: 'https://api.example/v1' })[key]);
  assert.deepEqual(Object.keys(pins.payeeIds), ['a0d7791408776b47eb1dd3f94ed15d6a', 'ffffffffffffffffffffffffffffffff']);
  assert.equal(Object.getPrototypeOf(pins.payeeIds), null);
  assert.equal(pins.apiBase, 'https://api.example/v1');
  assert.equal(pins.payBase, undefined);
  pin((key) => ({ payeeIds: ['c6d0c728-2624-429b-8e0d-d9d19b6592fa'], payBase: 'https://pay.example' })[key]);
  assert.deepEqual(Object.keys(pins.payeeIds), ['c6d0c728-2624-429b-8e0d-d9d19b6592fa']);
  assert.equal(pins.apiBase, 'https://api.example/v1');
  assert.equal(pins.payBase, 'https://pay.example');
});
