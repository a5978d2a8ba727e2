// Every parameter of POST /v1/one_time_payment set through its data-* attribute reaches
// MixPay exactly: the script reads the attributes by the core's own table of names, so a
// name the script and the core disagree on shows here as a body that differs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, VALID, button, useHarness, waitEvent } from './harness.mjs';

const h = useHarness();

const TRACE_ID = '6f1c1b5e-8f0e-4c5b-9a57-3b8c0f3c2f11';

// Sets every parameter (and traceId given or left to the widget), clicks, and returns the
// one body the sandbox received with the traceId it carried.
async function sendEverything(name, { traceId }) {
  const expiredTimestamp = String(Math.floor(Date.now() / 1000) + 3600);
  const attrs = {
    ...VALID,
    isTemp: 'false',
    paymentAssetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
    remark: 'Mug & tea, 2 × €5',
    expireSeconds: '900',
    traceId,
    settlementMemo: 'memo: order_1001/A+B',
    returnTo: `${h.origin}/thanks.html?order={orderId}&trace={traceId}`,
    failedReturnTo: `${h.origin}/failed.html?trace={traceId}&order={orderId}`,
    callbackUrl: 'https://shop.example/mixpay/callback?x=1',
    expiredTimestamp,
  };
  const page = await h.open(name, { elements: [{ id: 'checkout', attrs }], cancel: ['mixpay:created'] });
  await button(page).click();
  const [created] = await waitEvent(page, 'mixpay:created');
  const sent = await h.payments();
  assert.equal(sent.length, 1, 'exactly one POST');
  const trace = sent[0].params.traceId;
  assert.equal(created.detail.traceId, trace);
  // In the API document's order, each value as given (isTemp as 1/0, the placeholders
  // filled and URL-encoded), form-encoded as a browser's URLSearchParams writes it.
  const expected = new URLSearchParams([
    ['payeeId', VALID.payeeId],
    ['quoteAmount', VALID.quoteAmount],
    ['quoteAssetId', VALID.quoteAssetId],
    ['settlementAssetId', VALID.settlementAssetId],
    ['isTemp', '0'],
    ['paymentAssetId', attrs.paymentAssetId],
    ['remark', attrs.remark],
    ['expireSeconds', '900'],
    ['traceId', trace],
    ['orderId', VALID.orderId],
    ['settlementMemo', attrs.settlementMemo],
    ['returnTo', `${h.origin}/thanks.html?order=${VALID.orderId}&trace=${trace}`],
    ['failedReturnTo', `${h.origin}/failed.html?trace=${trace}&order=${VALID.orderId}`],
    ['callbackUrl', attrs.callbackUrl],
    ['expiredTimestamp', expiredTimestamp],
  ]).toString();
  assert.equal(sent[0].body, expected, 'the exact form body');
  return trace;
}

test('every parameter through its data-* attribute: the exact form body', T, async () => {
  assert.equal(await sendEverything('every-parameter', { traceId: TRACE_ID }), TRACE_ID);
});

test('every parameter but traceId: the generated one fills the placeholders', T, async () => {
  assert.notEqual(await sendEverything('every-parameter-generated', { traceId: null }), TRACE_ID);
});
