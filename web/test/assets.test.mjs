// Where the .wasm and the translations are fetched from, and what a file that was not
// used is reported as.
import './build-globals.mjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';

const { assetsBase } = await import('../src/assets.js');
const { notLoadedReason } = await import('../src/loader.js');

const PAGE = 'https://shop.example/checkout/cart.html?step=2';

test('by default: beside the script or module itself, else beside the page', () => {
  assert.equal(assetsBase(undefined, 'https://cdn.example/mixpay/0.1.0/mixpay-checkout.mjs', PAGE),
    'https://cdn.example/mixpay/0.1.0/');
  assert.equal(assetsBase(undefined, 'https://shop.example/assets/app.js?v=3', PAGE), 'https://shop.example/assets/');
  assert.equal(assetsBase(undefined, undefined, PAGE), 'https://shop.example/checkout/');
  assert.equal(assetsBase(undefined, '', PAGE), 'https://shop.example/checkout/');
});

test('assetsUrl: a folder, absolute or relative to the page; its query and fragment are dropped', () => {
  const own = 'https://shop.example/app.mjs';
  assert.equal(assetsBase('https://cdn.example/mixpay/', own, PAGE), 'https://cdn.example/mixpay/');
  assert.equal(assetsBase('https://cdn.example/mixpay', own, PAGE), 'https://cdn.example/mixpay/');
  assert.equal(assetsBase('/static/mixpay', own, PAGE), 'https://shop.example/static/mixpay/');
  assert.equal(assetsBase('vendor/', own, PAGE), 'https://shop.example/checkout/vendor/');
  assert.equal(assetsBase('/m/?v=1#x', own, PAGE), 'https://shop.example/m/');
  assert.equal(new URL('mixpay-checkout.wasm', assetsBase('/m', own, PAGE)).href, 'https://shop.example/m/mixpay-checkout.wasm');
});

test('assetsUrl: anything but http(s) is refused', () => {
  for (const url of ['javascript:alert(1)', 'data:application/wasm;base64,AGFzbQ==', 'file:///etc/', 'blob:https://shop.example/x']) {
    assert.throws(() => assetsBase(url, undefined, PAGE), /assetsUrl is not an http\(s\) URL/, url);
  }
});

test('a file that was not used: not there (with the HTTP status), not the published one, or unreachable', () => {
  assert.equal(notLoadedReason('payment module', 404), 'the payment module could not be loaded (HTTP 404)');
  assert.equal(notLoadedReason('payment module', 403), 'the payment module could not be loaded (HTTP 403)');
  assert.equal(notLoadedReason('payment module', 500), 'the payment module could not be loaded (HTTP 500)');
  assert.equal(notLoadedReason('payment module', 200), 'the payment module does not match its published integrity hash');
  assert.equal(notLoadedReason('payment module', 0), 'the payment module could not be loaded');
});
