// Every event of CONTRACT §4 with its detail, its bubbling to document and what
// preventDefault() changes. The page's recorder listens on document, so each recorded
// event has bubbled there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, UUID, UUID_V4, button, buttonState, events, stayedFor, useHarness, waitEvent, waitFor } from './harness.mjs';

const h = useHarness();

function assertShape(e, { cancelable }) {
  assert.equal(e.isCustomEvent, true, `${e.type} is a CustomEvent`);
  assert.equal(e.bubbles, true, `${e.type} bubbles`);
  if (cancelable !== undefined) assert.equal(e.cancelable, cancelable, `${e.type} cancelable is ${cancelable}`);
  assert.equal(e.target, 'checkout', `${e.type} is dispatched on the element`);
}

test('mixpay:ready fires once on each element and bubbles to document', T, async () => {
  const page = await h.open('ready', { elements: [{ id: 'checkout' }, { id: 'second' }] });
  const ready = await events(page, 'mixpay:ready');
  assert.deepEqual(ready.map((e) => e.target).sort(), ['checkout', 'second']);
  for (const e of ready) {
    assert.equal(e.isCustomEvent, true);
    assert.equal(e.bubbles, true);
  }
  assertShape(ready.find((e) => e.target === 'checkout'), {});
  const s = await buttonState(page);
  assert.equal(s.disabled, false, 'a ready button is enabled');
  assert.equal(s.text.trim(), 'Pay with crypto', 'the default label');
});

test('mixpay:request carries {traceId, orderId} matching the request sent', T, async () => {
  const page = await h.open('request', { cancel: ['mixpay:created'] });
  await button(page).click();
  const [req] = await waitEvent(page, 'mixpay:request');
  assertShape(req, { cancelable: true });
  assert.match(req.detail.traceId, UUID_V4);
  assert.equal(req.detail.orderId, 'order_1001');
  const [sent] = await h.waitPayments(1);
  assert.equal(sent.params.traceId, req.detail.traceId);
});

test('mixpay:request preventDefault() stops the attempt: nothing sent, button usable', T, async () => {
  const page = await h.open('request-cancel', { cancel: ['mixpay:request'] });
  await button(page).click();
  const [req] = await waitEvent(page, 'mixpay:request');
  assert.equal(req.canceled, true);
  const stay = await stayedFor(page, 1000);
  assert.equal((await h.allRequests()).length, 0, 'nothing reached the API');
  assert.equal(stay.navigations.length, 0);
  assert.equal((await events(page, 'mixpay:created')).length, 0);
  assert.equal((await events(page, 'mixpay:error')).length, 0);
  await waitFor(async () => (await buttonState(page)).disabled === false, { what: 'button enabled again' });
});

test('mixpay:created carries {code, url, traceId, orderId}; preventDefault() keeps the page', T, async () => {
  const page = await h.open('created', { cancel: ['mixpay:created'] });
  await button(page).click();
  const [created] = await waitEvent(page, 'mixpay:created');
  assertShape(created, { cancelable: true });
  assert.equal(created.canceled, true);
  const { code, url, traceId, orderId } = created.detail;
  assert.match(code, UUID);
  assert.equal(url, `${h.payBase}/code/${code}`);
  assert.equal(orderId, 'order_1001');
  const [req] = await events(page, 'mixpay:request');
  assert.equal(traceId, req.detail.traceId, 'the same attempt');
  const [sent] = await h.payments();
  assert.equal(sent.params.traceId, traceId);
  const stay = await stayedFor(page, 1500);
  assert.equal(stay.url, page.startUrl, 'the page stays');
  assert.deepEqual(stay.navigations, []);
});

test('mixpay:created not canceled: the page navigates to detail.url', T, async () => {
  const page = await h.open('created-nav');
  await button(page).click();
  await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`), { timeout: 15_000 });
  const [sent] = await h.payments();
  assert.equal(page.rec.navRequests.length, 2, 'the page, then the code page, nothing else');
  assert.match(page.url(), new RegExp(`^${h.payBase}/code/[0-9a-f-]{36}$`, 'i'));
  assert.equal(typeof sent.params.traceId, 'string');
});

test('mixpay:error carries {kind, status, code, message} and navigates to failedReturnTo', T, async () => {
  await h.fault('api', 1, { code: '10008' });
  const page = await h.open('error-nav', {
    elements: [{ id: 'checkout', attrs: { failedReturnTo: `${h.origin}/failed.html?trace={traceId}&order={orderId}` } }],
  });
  await button(page).click();
  await page.waitForURL((u) => u.pathname === '/failed.html', { timeout: 15_000 });
  const [sent] = await h.payments();
  const u = new URL(page.url());
  assert.equal(u.origin, h.origin);
  assert.equal(u.searchParams.get('trace'), sent.params.traceId);
  assert.equal(u.searchParams.get('order'), 'order_1001');
});

test('mixpay:error preventDefault() keeps the page and shows the error in an alert', T, async () => {
  await h.fault('api', 1, { code: '10008' });
  const page = await h.open('error-cancel', {
    elements: [{ id: 'checkout', attrs: { failedReturnTo: `${h.origin}/failed.html?trace={traceId}` } }],
    cancel: ['mixpay:error'],
  });
  await button(page).click();
  const [err] = await waitEvent(page, 'mixpay:error');
  assertShape(err, { cancelable: true });
  assert.equal(err.canceled, true);
  assert.equal(err.detail.kind, 'api');
  assert.equal(err.detail.code, 10008);
  assert.equal(err.detail.status, 200, 'the HTTP status of the answer');
  assert.equal(typeof err.detail.message, 'string');
  assert.ok(err.detail.message.length > 0, 'a message');
  const stay = await stayedFor(page, 1500);
  assert.equal(stay.url, page.startUrl);
  assert.deepEqual(stay.navigations, [], 'no navigation to failedReturnTo');
  const s = await buttonState(page);
  assert.ok(s.alert && s.alert.trim().length > 0, 'role=alert holds the reason');
  assert.equal(s.disabled, false, 'the buyer can try again');
});

test('after an error without failedReturnTo the button can be clicked again', T, async () => {
  await h.fault('api', 1, { code: '1017' });
  const page = await h.open('error-retry', { cancel: ['mixpay:created'] });
  await button(page).click();
  await waitEvent(page, 'mixpay:error');
  assert.equal((await stayedFor(page, 300)).navigations.length, 0);
  await waitFor(async () => (await buttonState(page)).disabled === false, { what: 'button enabled again' });
  await button(page).click();
  const [created] = await waitEvent(page, 'mixpay:created');
  const sent = await h.payments();
  assert.equal(sent.length, 2);
  assert.equal(created.detail.traceId, sent[1].params.traceId);
});
