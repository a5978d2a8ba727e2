// The work a click needs, done before it (web/src/warm.js): the attempt rehearsed once in
// the core without any request, and the attempt's Web Lock taken while the pointer or the
// focus is on the button, so the click sends its request in its own task. Pointing at a
// button never sends anything, and never keeps another tab's click waiting for long.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, button, buttonState, events, sleep, useHarness, waitEvent, waitFor } from './harness.mjs';

const h = useHarness();

// Every request the page makes, and whether the glue's XMLHttpRequest was sent while the
// click was being dispatched (window's capture listener runs first, its bubble one last).
const WATCH = `(() => {
  window.__sent = [];
  let inClick = false;
  addEventListener('click', () => { inClick = true; }, true);
  addEventListener('click', () => { inClick = false; });
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (body) {
    window.__sent.push({ inClick });
    return send.call(this, body);
  };
})();`;

async function openWatched(name, options) {
  const url = h.writePage(name, { cancel: ['mixpay:created'], ...options });
  const page = await h.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
  await page.addInitScript({ content: WATCH });
  await page.goto(url);
  await waitEvent(page, 'mixpay:ready');
  return { page, requests };
}

const heldLocks = (page) => page.evaluate(async () => (await navigator.locks.query()).held
  .map((l) => l.name).filter((n) => n.startsWith('mixpay-checkout:attempt:')));

const waitHeld = (page, n, timeoutMs = 5_000) => waitFor(async () => (await heldLocks(page)).length === n,
  { timeoutMs, what: `${n} attempt lock(s) held` });

// Let go when the pointer or focus leaves: well before the 3 s bound that lets go anyway.
const LEFT_MS = 1_500;

test('warming sends no request; the first click sends one, in the click\'s own task', T, async () => {
  const { page, requests } = await openWatched('warm-no-request');
  // The rehearsal runs a task after ready, its answer a task later; pointing takes the lock.
  await sleep(1_000);
  await button(page).hover();
  await waitHeld(page, 1);
  await sleep(300);
  const before = requests.filter((r) => !/\/dist\/|\/record\.js$|\.html$/.test(r));
  assert.deepEqual(before, [], 'nothing but the page and its files was requested');
  assert.equal((await h.allRequests()).filter((r) => r.method === 'POST').length, 0, 'nothing reached the sandbox');
  assert.deepEqual(await page.evaluate(() => window.__sent), [], 'no XMLHttpRequest was sent');
  await button(page).click();
  await waitEvent(page, 'mixpay:created');
  assert.equal((await h.payments()).length, 1, 'one request for the click');
  assert.deepEqual(await page.evaluate(() => window.__sent), [{ inClick: true }],
    'sent while the click was dispatched: the lock was already held');
  assert.equal(requests.filter((r) => r.includes('mixpay.invalid')).length, 0);
});

test('the pointer or the focus on the button holds its attempt\'s lock; leaving lets it go', T, async () => {
  const { page } = await openWatched('warm-lock');
  assert.deepEqual(await heldLocks(page), []);
  await button(page).hover();
  await waitHeld(page, 1);
  await page.mouse.move(0, 0);
  await waitHeld(page, 0, LEFT_MS);
  await button(page).focus();
  await waitHeld(page, 1);
  await page.evaluate(() => document.activeElement.blur());
  await waitHeld(page, 0, LEFT_MS);
  // A click without a lock taken first (no pointer, no focus) still works, a task later.
  await page.evaluate(() => document.getElementById('checkout').shadowRoot.querySelector('button').click());
  await waitEvent(page, 'mixpay:created');
  assert.deepEqual(await page.evaluate(() => window.__sent), [{ inClick: false }]);
  assert.equal((await h.payments()).length, 1);
});

test('another tab\'s click waits for a pointed-at button at most a few seconds, then one attempt', T, async () => {
  const url = h.writePage('warm-tabs', { cancel: ['mixpay:created'] });
  const first = await h.newPage();
  const second = await first.context().newPage();
  for (const page of [first, second]) {
    await page.goto(url);
    await waitEvent(page, 'mixpay:ready');
  }
  await button(first).hover();
  await waitHeld(first, 1);
  const clickedAt = Date.now();
  await second.evaluate(() => document.getElementById('checkout').shadowRoot.querySelector('button').click());
  await sleep(300);
  assert.equal((await h.payments()).length, 0, 'the second tab waits while the first one holds the lock');
  // The first tab's pointer stays: the lock is let go after its bound all the same.
  await h.waitPayments(1, 8_000);
  assert.ok(Date.now() - clickedAt < 8_000);
  await waitEvent(second, 'mixpay:created');
  // The first tab, clicked now, resumes the second tab's attempt.
  await button(first).click();
  await waitEvent(first, 'mixpay:created');
  await h.assertOneAttempt(2);
  const [a] = await events(first, 'mixpay:created');
  const [b] = await events(second, 'mixpay:created');
  assert.equal(a.detail.code, b.detail.code, 'one payment code');
});

// The key found when the pointer reached the button serves the click only while the
// attributes say the same: the click reads them as they are at the click (here changed in
// the same task as the click, before any observer could see it), and their attempt is
// their own. Back to the first configuration, the click resumes the first attempt.
test('attributes changed after the pointer reached the button: the click sends them, as their own attempt', T, async () => {
  await h.fault('http500', 1);
  const { page } = await openWatched('warm-changed', {
    elements: [{ id: 'checkout', attrs: { retries: '0' } }],
    cancel: ['mixpay:created', 'mixpay:error'],
  });
  const enabled = () => waitFor(async () => (await buttonState(page)).disabled === false, { what: 'button enabled' });
  // The first attempt may have created the payment (HTTP 500): its traceId is kept.
  await button(page).click();
  await waitEvent(page, 'mixpay:error');
  await enabled();
  await page.mouse.move(0, 0);
  await button(page).hover();
  await waitHeld(page, 1);
  const set = (amount, orderId) => page.evaluate(([a, o]) => {
    const el = document.getElementById('checkout');
    el.setAttribute('data-quote-amount', a);
    el.setAttribute('data-order-id', o);
    el.shadowRoot.querySelector('button').click();
  }, [amount, orderId]);
  await set('99', 'order_changed_1');
  await waitEvent(page, 'mixpay:created');
  const [first, second] = await h.waitPayments(2);
  assert.equal(second.params.quoteAmount, '99', 'the amount at the click');
  assert.equal(second.params.orderId, 'order_changed_1', 'the orderId at the click');
  assert.notEqual(second.params.traceId, first.params.traceId, 'another configuration, another attempt');
  await enabled();
  await set(first.params.quoteAmount, first.params.orderId);
  await waitEvent(page, 'mixpay:created', { count: 2 });
  const sent = await h.waitPayments(3);
  assert.equal(sent[2].params.traceId, first.params.traceId, 'the first configuration resumes its attempt');
  assert.equal(sent[2].body, first.body, 'with the same body');
});
