// Network truth: no answer does not prove that no payment was made, so such an attempt is
// retried and resumed only with its own traceId and body, and the buyer is told; a late
// answer is ignored; an oversized, endless or oddly shaped answer is refused without
// harming the module, which goes on working for the rest of the page's life.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  T, UUID_V4, button, buttonState, events, sleep, useHarness, waitEvent, waitFor, waitOutcome,
} from './harness.mjs';

const h = useHarness();

// Records how each API request of the page ended: read to its end, or aborted.
function watchApiRequests(page) {
  const ends = [];
  const api = (r) => r.url().endsWith('/v1/one_time_payment');
  page.on('requestfinished', (r) => api(r) && ends.push('finished'));
  page.on('requestfailed', (r) => api(r) && ends.push(r.failure().errorText));
  return ends;
}

const enabled = (page) =>
  waitFor(async () => (await buttonState(page)).disabled === false, { what: 'the button enabled again' });

// Queues a `body` fault: the next answer is `body` with `status`.
async function queueBody(body, status = 200) {
  const res = await fetch(`${h.origin}/__sandbox/fault?mode=body&count=1&status=${status}`, {
    method: 'POST', body, signal: AbortSignal.timeout(5_000),
  });
  assert.equal(res.status, 200, await res.text());
}

test('the answer is lost after the payment was made: retried with the same traceId, one payment', T, async () => {
  await h.fault('drop', 1);
  const page = await h.open('drop-once', { cancel: ['mixpay:created'] });
  await button(page).click();
  const outcome = await waitOutcome(page);
  assert.equal(outcome.type, 'mixpay:created', JSON.stringify(outcome.detail));
  const traceId = await h.assertOneAttempt(2);
  assert.equal(outcome.detail.code, traceId, 'the code of the payment the lost answer made');
  const result = await h.paymentResult(traceId);
  assert.equal(result.success, true);
});

test('no answer at all: kind network, the buyer is told the outcome is unknown, the next click continues it', T, async () => {
  await h.fault('drop', 2);
  const page = await h.open('drop-all', {
    elements: [{ id: 'checkout', attrs: { retries: '1' } }],
    cancel: ['mixpay:created', 'mixpay:error'],
  });
  await button(page).click();
  const err = await waitOutcome(page);
  assert.equal(err.type, 'mixpay:error');
  assert.equal(err.detail.kind, 'network');
  assert.equal(err.detail.status, 0);
  assert.match(err.detail.message, /not known whether the payment was created/);
  await enabled(page);
  assert.match((await buttonState(page)).alert, /continues the same payment/);
  await button(page).click();
  const [created] = await waitEvent(page, 'mixpay:created');
  const traceId = await h.assertOneAttempt(3);
  assert.equal(created.detail.code, traceId, 'the payment the lost answers made');
});

test('a late answer after a timeout is ignored; the next click resumes the payment it made', T, async () => {
  await h.fault('hang', 1, { seconds: '3' });
  const page = await h.open('late-answer', {
    elements: [{ id: 'checkout', attrs: { timeout: '1000', retries: '0', orderId: 'order_late' } }],
    cancel: ['mixpay:created', 'mixpay:error'],
  });
  await button(page).click();
  const err = await waitOutcome(page);
  assert.equal(err.detail.kind, 'timeout');
  assert.match(err.detail.message, /not known whether the payment was created/);
  // The hung request is answered (and creates the payment) after the attempt ended.
  await sleep(3_000);
  assert.deepEqual((await events(page)).filter((e) => e.type !== 'mixpay:ready').map((e) => e.type),
    ['mixpay:request', 'mixpay:error'], 'nothing happened on the late answer');
  await enabled(page);
  await button(page).click();
  const [created] = await waitEvent(page, 'mixpay:created');
  const traceId = await h.assertOneAttempt(2);
  assert.equal(created.detail.code, traceId);
});

test('an oversized answer (8 MiB) is cut off: kind response, "too large", long before the timeout', T, async () => {
  await h.fault('oversized', 1, { kib: '8192' });
  const page = await h.open('oversized', { cancel: ['mixpay:created', 'mixpay:error'] });
  const ends = watchApiRequests(page);
  const started = Date.now();
  await button(page).click();
  const err = await waitOutcome(page);
  assert.equal(err.type, 'mixpay:error');
  assert.equal(err.detail.kind, 'response');
  assert.equal(err.detail.status, 200);
  assert.match(err.detail.message, /too large/);
  assert.ok(Date.now() - started < 5_000, 'well before the 15 s timeout');
  await waitFor(() => ends.length === 1, { what: 'the end of the request' });
  assert.match(ends[0], /ERR_ABORTED/, 'aborted on its Content-Length, not read to its end');
  await enabled(page);
  await button(page).click();
  await waitEvent(page, 'mixpay:created');
  await h.assertOneAttempt(2);
});

test('an endless answer is cut off at once, and the module goes on working', T, async () => {
  await h.fault('endless', 1, { seconds: '30' });
  const page = await h.open('endless', {
    elements: [{ id: 'checkout', attrs: { timeout: '20000' } }],
    cancel: ['mixpay:created', 'mixpay:error'],
  });
  const ends = watchApiRequests(page);
  const started = Date.now();
  await button(page).click();
  const err = await waitOutcome(page);
  assert.equal(err.detail.kind, 'response');
  assert.match(err.detail.message, /too large/);
  assert.ok(Date.now() - started < 5_000, `cut off in ${Date.now() - started} ms, not at the 20 s timeout`);
  await waitFor(() => ends.length === 1, { what: 'the end of the request' });
  assert.match(ends[0], /ERR_ABORTED/, 'the endless answer was aborted');
  await enabled(page);
  await button(page).click();
  await waitEvent(page, 'mixpay:created');
});

const ODD_ANSWERS = [
  ['"code" as a string', (code) => `{"code":"0","success":true,"message":"","data":{"code":"${code}"}}`],
  ['"data" as an array', () => '{"code":0,"success":true,"message":"","data":[]}'],
  ['"success" as a string', (code) => `{"code":0,"success":"true","data":{"code":"${code}"}}`],
  ['8 KiB of [', () => '['.repeat(8192)],
  ['a huge number as "code"', (code) => `{"code":1e999999,"success":true,"data":{"code":"${code}"}}`],
  ['a 40-digit "code"', (code) => `{"code":${'9'.repeat(40)},"success":true,"data":{"code":"${code}"}}`],
  ['a NUL byte inside', (code) => `{"code":0,"success":true,"data":{"code":"${code}"}}\u0000{"x":1}`],
];

test('answers of the wrong shape are refused one after another, and the module still works after them all', T, async () => {
  const page = await h.open('odd-answers', { cancel: ['mixpay:created', 'mixpay:error'] });
  let clicks = 0;
  for (const [name, body] of ODD_ANSWERS) {
    await queueBody(body('6f1e4b5a-2c3d-4e5f-8a9b-0c1d2e3f4a5b'));
    await enabled(page);
    await button(page).click();
    clicks++;
    const list = await waitEvent(page, 'mixpay:error', { count: clicks });
    assert.equal(list[clicks - 1].detail.kind, 'response', name);
  }
  await enabled(page);
  await button(page).click();
  const [created] = await waitEvent(page, 'mixpay:created');
  assert.match(created.detail.code, UUID_V4);
  assert.equal((await events(page, 'mixpay:created')).length, 1);
  await h.assertOneAttempt(ODD_ANSWERS.length + 1);
});
