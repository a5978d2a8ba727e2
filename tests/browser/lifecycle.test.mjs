// The button follows its element: removed during an attempt it never moves the page (and
// its traceId is resumed by a button with the same configuration), moved it keeps its
// attempt, content put inside later is fallback, a changed data-locale takes effect, and
// mixpay:ready fires when the button becomes ready, not on every change. With a hundred
// buttons the widget's per-element work is spread over several tasks.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { T, button, buttonState, consoleErrors, events, sleep, stayedFor, useHarness, waitEvent, waitFor } from './harness.mjs';

const h = useHarness();
const here = path.dirname(fileURLToPath(import.meta.url));
const locale = (lang) => JSON.parse(fs.readFileSync(path.join(here, '..', '..', 'web', 'locales', `${lang}.json`), 'utf8'));

// Adds a checkout element with these attributes to the page.
function addElement(page, id, attrs, parent = 'body') {
  return page.evaluate(({ id, attrs, parent }) => {
    const el = document.createElement('div');
    el.id = id;
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.querySelector(parent).appendChild(el);
  }, { id, attrs, parent });
}

// Records the outcome events on the element itself: once it is detached, nothing bubbles
// to the document's recorder.
function listenOnElement(page, id) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    window.__onElement = [];
    for (const type of ['mixpay:created', 'mixpay:error']) el.addEventListener(type, () => window.__onElement.push(type));
  }, id);
}

test('an element removed during its attempt never navigates; a button with the same configuration resumes its traceId', T, async () => {
  await h.fault('hang', 1, { seconds: '2' });
  const page = await h.open('removed-in-flight'); // mixpay:created is not canceled
  await listenOnElement(page, 'checkout');
  await button(page).click();
  const [first] = await h.waitPayments(1);
  await page.evaluate(() => document.getElementById('checkout').remove());
  const stay = await stayedFor(page, 3500); // the answer arrives after 2 s
  assert.equal(stay.url, page.startUrl, 'the page stayed');
  assert.deepEqual(stay.navigations, []);
  assert.deepEqual(await page.evaluate(() => window.__onElement), [], 'no outcome event for a removed element');

  await page.evaluate(() => document.documentElement.setAttribute('data-cancel', 'mixpay:created'));
  await addElement(page, 'again', h.attrs());
  await waitEvent(page, 'mixpay:ready', { targets: ['again'] });
  await button(page, 'again').click();
  const [created] = await waitEvent(page, 'mixpay:created');
  assert.equal(created.target, 'again');
  const sent = await h.waitPayments(2);
  assert.equal(sent[1].params.traceId, first.params.traceId, 'the same attempt');
  assert.equal(sent[1].body, first.body);
  assert.equal(created.detail.traceId, first.params.traceId);
});

test('an element removed during a failing attempt does not go to failedReturnTo', T, async () => {
  await h.fault('hang', 1, { seconds: '3' });
  const page = await h.open('removed-failing', {
    elements: [{ id: 'checkout', attrs: { failedReturnTo: `${h.origin}/failed.html`, timeout: '1500', retries: '0' } }],
  });
  await listenOnElement(page, 'checkout');
  await button(page).click();
  await h.waitPayments(1);
  await page.evaluate(() => document.getElementById('checkout').remove());
  const stay = await stayedFor(page, 2500); // the timeout ends the attempt after 1.5 s
  assert.equal(stay.url, page.startUrl);
  assert.deepEqual(stay.navigations, []);
  assert.deepEqual(await page.evaluate(() => window.__onElement), []);
});

test('a mixpay:created listener that removes the element keeps the page', T, async () => {
  const page = await h.open('removed-by-listener');
  await page.evaluate(() => {
    const el = document.getElementById('checkout');
    el.addEventListener('mixpay:created', () => el.remove());
  });
  await button(page).click();
  await waitFor(async () => (await h.payments()).length === 1, { what: 'the request' });
  const stay = await stayedFor(page, 1500);
  assert.equal(stay.url, page.startUrl);
  assert.deepEqual(stay.navigations, []);
});

test('an element moved during its attempt (removed and put back at once) keeps it and goes to the payment page', T, async () => {
  await h.fault('hang', 1, { seconds: '1' });
  const page = await h.open('moved-in-flight', {
    elements: [{ id: 'checkout' }, { id: 'other', attrs: { orderId: 'order_other' } }],
  });
  await button(page).click();
  await h.waitPayments(1);
  await page.evaluate(() => {
    const el = document.getElementById('checkout');
    document.body.insertBefore(el, document.getElementById('other').nextSibling);
  });
  await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`), { timeout: 15_000 });
});

test('a removed element that is put back later is ready again and resumes its attempt', T, async () => {
  await h.fault('hang', 1, { seconds: '1' });
  const page = await h.open('back-later', { cancel: ['mixpay:created'] });
  await listenOnElement(page, 'checkout');
  await button(page).click();
  const [first] = await h.waitPayments(1);
  await page.evaluate(() => {
    window.__kept = document.getElementById('checkout');
    window.__kept.remove();
  });
  await sleep(1500);
  await page.evaluate(() => document.body.appendChild(window.__kept));
  await waitFor(async () => (await page.evaluate(() => window.__kept.getAttribute('data-mixpay-state'))) === 'ready',
    { what: 'ready again' });
  assert.deepEqual(await page.evaluate(() => window.__onElement), [], 'the first answer was dropped');
  await button(page).click();
  await waitEvent(page, 'mixpay:created');
  const sent = await h.waitPayments(2);
  assert.equal(sent[1].params.traceId, first.params.traceId);
});

test('content put inside the element later is fallback: shown when the module cannot start', T, async () => {
  const csp = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' " + h.apiOrigin;
  const page = await h.newPage();
  await page.goto(h.writePage('late-fallback', { csp }));
  await waitFor(async () => /^Checkout unavailable/.test((await buttonState(page)).alert || ''), { what: 'the reason' });
  assert.equal(await button(page).isVisible(), true, 'without a fallback the button says why');
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.id = 'fallback';
    a.href = '/elsewhere.html';
    a.textContent = 'Pay by link';
    document.getElementById('checkout').appendChild(a);
  });
  await waitFor(() => page.locator('#fallback').isVisible(), { what: 'the late fallback' });
  assert.equal(await button(page).isVisible(), false, 'the fallback stands in for the button');
  assert.ok(consoleErrors(page).some((t) => /Content-Security-Policy blocks WebAssembly/.test(t)));
});

test('content put inside a ready button later is fallback: hidden while the button works', T, async () => {
  const page = await h.open('late-fallback-ready');
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.id = 'fallback';
    a.href = '/elsewhere.html';
    a.textContent = 'Pay by link';
    document.getElementById('checkout').appendChild(a);
  });
  await sleep(300);
  assert.equal(await page.locator('#fallback').isVisible(), false);
  assert.equal(await button(page).isVisible(), true);
});

test('data-locale changed on a mounted button takes effect', T, async () => {
  const page = await h.open('locale-change');
  assert.equal((await buttonState(page)).text.trim(), 'Pay with crypto');
  const ja = locale('ja');
  await page.evaluate(() => document.getElementById('checkout').setAttribute('data-locale', 'ja'));
  await waitFor(async () => (await buttonState(page)).text.trim() === ja.label, { what: 'the Japanese label' });
  await page.evaluate(() => document.getElementById('checkout').setAttribute('data-locale', 'en'));
  await waitFor(async () => (await buttonState(page)).text.trim() === 'Pay with crypto', { what: 'English again' });
  assert.equal((await events(page, 'mixpay:ready')).length, 1, 'still the one mixpay:ready');
});

test('mixpay:ready fires when the button becomes ready, not when a ready list is re-priced', T, async () => {
  const elements = Array.from({ length: 20 }, (_, i) => ({ id: `b${i}`, attrs: { orderId: `order_${1000 + i}` } }));
  const page = await h.open('reprice', { elements });
  assert.equal((await events(page, 'mixpay:ready')).length, 20);
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('[data-mixpay-checkout]')) el.setAttribute('data-quote-amount', '12.25');
  });
  await sleep(500);
  assert.equal((await events(page, 'mixpay:ready')).length, 20, 'no new mixpay:ready for a new price');
  // Invalid, then valid again: ready once more.
  await page.evaluate(() => document.getElementById('b3').setAttribute('data-quote-amount', 'ten'));
  await waitFor(async () => (await events(page, 'mixpay:invalid')).length === 1, { what: 'mixpay:invalid' });
  assert.equal(await page.evaluate(() => document.getElementById('b3').getAttribute('data-mixpay-state')), 'invalid');
  await page.evaluate(() => document.getElementById('b3').setAttribute('data-quote-amount', '11'));
  await waitEvent(page, 'mixpay:ready', { count: 21 });
  await sleep(300);
  const ready = await events(page, 'mixpay:ready');
  assert.equal(ready.length, 21);
  assert.equal(ready[20].target, 'b3');
});

test('a hundred buttons: the widget\'s per-element work is spread over several tasks', T, async () => {
  const elements = Array.from({ length: 100 }, (_, i) => ({ id: `b${i}`, attrs: { orderId: `order_${1000 + i}` } }));
  const url = h.writePage('hundred', { elements });
  const page = await h.newPage();
  // A slow phone's CPU, so the work cannot all fit in one short task.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    // How many buttons were ready when the task that made the first one ready had ended.
    let n = 0;
    document.addEventListener('mixpay:ready', () => {
      if (++n === 1) setTimeout(() => { window.__readyInFirstTask = n; });
    });
  });
  await page.goto(url);
  await waitEvent(page, 'mixpay:ready', { count: 100, timeoutMs: 30_000 });
  const first = await page.evaluate(() => window.__readyInFirstTask);
  assert.ok(first < 100, `${first} of 100 buttons made ready in one task`);
});

test('a hundred buttons: their colours are read together, then written (no style computation per button)', T, async () => {
  const elements = Array.from({ length: 100 }, (_, i) => ({ id: `c${i}`, attrs: { orderId: `order_${2000 + i}` } }));
  const url = h.writePage('hundred-colours', { elements });
  const page = await h.newPage();
  await page.addInitScript(() => {
    // R: the page's colour read for a button; W: its palette written. A read right after a
    // write makes the browser compute the page's style again.
    const seq = (window.__colours = []);
    const read = window.getComputedStyle;
    window.getComputedStyle = function (...args) {
      seq.push('R');
      return read.apply(this, args);
    };
    const toggle = Element.prototype.toggleAttribute;
    Element.prototype.toggleAttribute = function (name, ...rest) {
      if (name === 'dark') seq.push('W');
      return toggle.call(this, name, ...rest);
    };
  });
  await page.goto(url);
  await waitEvent(page, 'mixpay:ready', { count: 100, timeoutMs: 30_000 });
  const seq = (await page.evaluate(() => window.__colours.join(''))) || '';
  const reads = seq.split('R').length - 1;
  const readsAfterWrite = seq.split('WR').length - 1;
  assert.ok(reads >= 200, `every button's colour read when drawn and when ready (${reads} reads)`);
  assert.ok(readsAfterWrite * 5 < reads, `${readsAfterWrite} of ${reads} reads right after a write`);
});
