// One attempt, one payment: fast clicks, Enter with a click, a second tab, a reload, the Back
// button (with and without the back/forward cache) and attribute edits never create a second
// payment for one attempt, and never leave the button stuck busy.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  T, button, buttonState, events, sleep, stayedFor, useHarness, waitEvent, waitFor, waitOutcome,
} from './harness.mjs';

const h = useHarness();
const bfcache = useHarness({ backForwardCache: true });

test('Enter and a click during one attempt send one request', T, async () => {
  await h.fault('hang', 1, { seconds: '1' });
  const page = await h.open('enter-click', { cancel: ['mixpay:created'] });
  await button(page).focus();
  await page.keyboard.press('Enter');
  await button(page).click({ force: true });
  await page.keyboard.press('Enter');
  await waitEvent(page, 'mixpay:created');
  await sleep(300);
  assert.equal((await h.payments()).length, 1);
  assert.equal((await events(page, 'mixpay:request')).length, 1);
});

test('a second tab with the same configuration resumes the payment in flight', T, async () => {
  await h.fault('hang', 1, { seconds: '2' });
  const url = h.writePage('two-tabs', { cancel: ['mixpay:created'] });
  const context = await h.browser.newContext();
  h.contexts.push(context);
  const first = await context.newPage();
  const second = await context.newPage();
  for (const page of [first, second]) {
    await page.goto(url);
    await waitEvent(page, 'mixpay:ready');
  }
  await button(first).click();
  await h.waitPayments(1);
  await button(second).click();
  const [a] = await waitEvent(first, 'mixpay:created', { timeoutMs: 10_000 });
  const [b] = await waitEvent(second, 'mixpay:created');
  assert.equal(b.detail.traceId, a.detail.traceId, 'the second tab sent the same traceId');
  assert.equal(b.detail.code, a.detail.code, 'and got the same payment code');
  await h.assertOneAttempt(2);
});

test('a reload during the attempt, then a click: the same traceId and body', T, async () => {
  await h.fault('hang', 1, { seconds: '2' });
  const page = await h.open('reload', { cancel: ['mixpay:created'] });
  await button(page).click();
  await h.waitPayments(1);
  await page.reload();
  await waitEvent(page, 'mixpay:ready');
  await button(page).click();
  const [created] = await waitEvent(page, 'mixpay:created');
  // The first try is answered (and creates the payment) after the page forgot it.
  await sleep(2_500);
  const traceId = await h.assertOneAttempt(2);
  assert.equal(created.detail.traceId, traceId);
  const result = await h.paymentResult(traceId);
  assert.equal(result.success, true);
  assert.equal(result.data.traceId, traceId);
});

test('after a canceled mixpay:created a new click resumes the same payment (same code, no 1017)', T, async () => {
  const page = await h.open('created-canceled', { cancel: ['mixpay:created'] });
  await button(page).click();
  await waitEvent(page, 'mixpay:created');
  await waitFor(async () => (await buttonState(page)).disabled === false, { what: 'button enabled' });
  await button(page).click();
  const created = await waitEvent(page, 'mixpay:created', { count: 2 });
  assert.equal(created[1].detail.code, created[0].detail.code);
  assert.equal((await events(page, 'mixpay:error')).length, 0);
  await h.assertOneAttempt(2);
});

test('an outcome that may have created the payment (HTTP 500) is resumed with the same traceId', T, async () => {
  await h.fault('http500', 1);
  const page = await h.open('http500-resume', {
    elements: [{ id: 'checkout', attrs: { retries: '0' } }],
    cancel: ['mixpay:created', 'mixpay:error'],
  });
  await button(page).click();
  const err = await waitOutcome(page);
  assert.equal(err.type, 'mixpay:error');
  await waitFor(async () => (await buttonState(page)).disabled === false, { what: 'button enabled' });
  await button(page).click();
  const [created] = await waitEvent(page, 'mixpay:created');
  const traceId = await h.assertOneAttempt(2);
  assert.equal(created.detail.traceId, traceId);
});

test('a refusal by MixPay (api 1017) ends the attempt: the next click is a new one', T, async () => {
  await h.fault('api', 1, { code: '1017' });
  const page = await h.open('refused-new', { cancel: ['mixpay:created', 'mixpay:error'] });
  await button(page).click();
  await waitEvent(page, 'mixpay:error');
  await waitFor(async () => (await buttonState(page)).disabled === false, { what: 'button enabled' });
  await button(page).click();
  await waitEvent(page, 'mixpay:created');
  const sent = await h.waitPayments(2);
  assert.notEqual(sent[1].params.traceId, sent[0].params.traceId);
});

test('a merchant-given data-trace-id is the attempt: every click sends it', T, async () => {
  const traceId = '0b0a8e7c-1d2e-4f3a-9b8c-7d6e5f4a3b2c';
  const page = await h.open('given-trace', {
    elements: [{ id: 'checkout', attrs: { traceId } }],
    cancel: ['mixpay:created'],
  });
  for (let i = 1; i <= 2; i++) {
    await waitFor(async () => (await buttonState(page)).disabled === false, { what: 'button enabled' });
    await button(page).click();
    await waitEvent(page, 'mixpay:created', { count: i });
  }
  assert.equal(await h.assertOneAttempt(2), traceId);
});

test('attribute edits during the attempt change nothing in flight, and count for the next one', T, async () => {
  await h.fault('hang', 1, { seconds: '1' });
  const page = await h.open('edit-in-flight', { cancel: ['mixpay:created'] });
  await button(page).click();
  await page.evaluate(() => {
    const el = document.getElementById('checkout');
    // A new order: MixPay refuses a second payment with the first one's orderId.
    el.setAttribute('data-quote-amount', '99');
    el.setAttribute('data-order-id', 'order_1002');
    el.setAttribute('data-pay-base', 'http://127.0.0.1:9/elsewhere');
  });
  const [created] = await waitEvent(page, 'mixpay:created');
  const [first] = await h.payments();
  assert.equal(first.params.quoteAmount, '10.50', 'the amount of the click');
  assert.equal(created.detail.url, `${h.payBase}/code/${first.params.traceId}`, 'the pay base of the click');
  // The edit is validated once the attempt is over, and the next click is a new attempt.
  await waitFor(async () => (await buttonState(page)).disabled === false, { what: 'button enabled' });
  await button(page).click();
  const created2 = await waitEvent(page, 'mixpay:created', { count: 2 });
  const sent = await h.waitPayments(2);
  assert.equal(sent[1].params.quoteAmount, '99');
  assert.equal(sent[1].params.orderId, 'order_1002');
  assert.notEqual(sent[1].params.traceId, sent[0].params.traceId);
  assert.equal(created2[1].detail.url, `http://127.0.0.1:9/elsewhere/code/${sent[1].params.traceId}`);
});

test('the page stays after the redirect (beforeunload: stay): the button comes back and resumes', T, async () => {
  fs.writeFileSync(path.join(h.dir, 'stay.js'),
    "addEventListener('beforeunload', (e) => { e.preventDefault(); e.returnValue = ''; });\n");
  const page = await h.open('stay', {
    scripts: ['<script src="/stay.js"></script>', '<script src="/dist/mixpay-checkout.js" defer></script>'],
  });
  await button(page).click();
  await waitEvent(page, 'mixpay:created');
  await waitFor(async () => page.rec.dialogs.length > 0, { what: 'the beforeunload prompt' });
  assert.equal((await buttonState(page)).ariaBusy, 'true', 'busy while the page may still leave');
  await waitFor(async () => (await buttonState(page)).disabled === false, { timeoutMs: 15_000, what: 'button back' });
  assert.equal((await stayedFor(page, 0)).url, page.startUrl);
  await page.evaluate(() => { document.documentElement.dataset.cancel = 'mixpay:created'; });
  await button(page).click();
  await waitEvent(page, 'mixpay:created', { count: 2 });
  await h.assertOneAttempt(2);
});

test('Back from the payment page (no back/forward cache): a click resumes the same payment', T, async () => {
  const page = await h.open('back-reload');
  await button(page).click();
  await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`));
  const codeUrl = page.url();
  await page.goBack();
  await waitEvent(page, 'mixpay:ready');
  await button(page).click();
  await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`));
  assert.equal(page.url(), codeUrl, 'the same payment page');
  await h.assertOneAttempt(2);
});

test('Back from the payment page through the back/forward cache: not stuck busy, resumes the payment', T, async () => {
  const page = await bfcache.open('back-bfcache');
  await page.evaluate(() => { window.__beforeLeaving = true; });
  await button(page).click();
  await page.waitForURL((u) => u.href.startsWith(`${bfcache.payBase}/code/`));
  const codeUrl = page.url();
  // A page restored from the cache fires no load event: wait for the commit only.
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForURL(page.startUrl, { waitUntil: 'commit' });
  assert.equal(await page.evaluate(() => window.__beforeLeaving === true), true,
    'the page came back from the back/forward cache');
  // At once, not when the 8 s after leaving are over.
  await waitFor(async () => (await buttonState(page)).disabled === false,
    { timeoutMs: 2_000, what: 'button enabled after Back' });
  const s = await buttonState(page);
  assert.equal(s.ariaBusy, null, 'not busy');
  await button(page).click();
  await page.waitForURL((u) => u.href.startsWith(`${bfcache.payBase}/code/`));
  assert.equal(page.url(), codeUrl, 'the same payment page');
  const sent = await bfcache.waitPayments(2);
  assert.equal(sent[1].params.traceId, sent[0].params.traceId);
  assert.equal(sent[1].body, sent[0].body);
});
