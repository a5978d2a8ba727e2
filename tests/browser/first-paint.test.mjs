// The button before the module is ready (CONTRACT §4.0): drawn, labelled, focusable and
// clickable at once; a click then is queued and starts the attempt when the module is
// ready, or shows why it cannot; fallback content stays until ready; data-mixpay-state and
// MixPayCheckout.state() say where the button stands. The .wasm is held back by the test
// (page.route) until it lets it through.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { T, button, buttonState, events, sleep, useHarness, waitEvent, waitFor } from './harness.mjs';

const h = useHarness();
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = process.env.MIXPAY_DIST || path.resolve(here, '..', '..', 'dist');
const FALLBACK = '<a id="fallback" href="/fallback.html">Pay by link</a>';

// Holds every request for the .wasm until the returned function is called with 'ok' (the
// real file) or a status (that answer instead).
async function holdWasm(page) {
  let release;
  const gate = new Promise((resolve) => {
    release = resolve;
  });
  const bytes = fs.readFileSync(path.join(dist, 'mixpay-checkout.wasm'));
  await page.route('**/dist/mixpay-checkout.wasm', async (route) => {
    const how = await gate;
    if (how === 'ok') await route.fulfill({ status: 200, contentType: 'application/wasm', body: bytes });
    else await route.fulfill({ status: how, contentType: 'text/plain', body: 'no module here' });
  });
  return release;
}

// data-mixpay-state, MixPayCheckout.state() and the button as the buyer meets it.
function stateOf(page, id = 'checkout') {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    const b = el.shadowRoot && el.shadowRoot.querySelector('button');
    return {
      attribute: el.getAttribute('data-mixpay-state'),
      api: window.MixPayCheckout ? window.MixPayCheckout.state(el) : 'no API',
      disabled: b ? b.disabled : null,
      ariaDisabled: b ? b.getAttribute('aria-disabled') : null,
      ariaBusy: b ? b.getAttribute('aria-busy') : null,
      text: b ? b.textContent.trim() : null,
    };
  }, id);
}

async function waitState(page, wanted, id = 'checkout') {
  return waitFor(async () => {
    const s = await stateOf(page, id);
    return s.attribute === wanted ? s : null;
  }, { what: `data-mixpay-state="${wanted}" on #${id}` });
}

async function openHeld(name, options) {
  const page = await h.newPage();
  const release = await holdWasm(page);
  await page.goto(h.writePage(name, options));
  const s = await waitState(page, 'loading');
  return { page, release, s };
}

test('before the module is ready the button is drawn, labelled, focusable and clickable (state loading)', T, async () => {
  const { page, release, s } = await openHeld('first-paint');
  assert.equal(s.api, 'loading', 'MixPayCheckout.state() says the same');
  assert.equal(s.text, 'Pay with crypto');
  assert.equal(s.disabled, false, 'not disabled');
  assert.ok(s.ariaDisabled === null || s.ariaDisabled === 'false', 'not aria-disabled');
  assert.equal(await button(page).isVisible(), true);
  await page.keyboard.press('Tab');
  assert.equal(await button(page).evaluate((b) => b.matches(':focus')), true, 'focusable with Tab');
  assert.deepEqual(await events(page), [], 'no event before the module is ready');
  release('ok');
  await waitEvent(page, 'mixpay:ready');
  assert.equal((await stateOf(page)).attribute, 'ready');
  assert.equal((await stateOf(page)).api, 'ready');
});

test('the buttons the script finds are drawn in its own task, before the page\'s first paint', T, async () => {
  const page = await h.newPage();
  await holdWasm(page);
  // DOMContentLoaded comes right after the deferred script's task, before the first frame
  // (rendering waits for it): the button is there by then, labelled and focusable.
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const el = document.getElementById('checkout');
      const b = el && el.shadowRoot && el.shadowRoot.querySelector('button');
      window.__atDOMContentLoaded = {
        state: el && el.getAttribute('data-mixpay-state'),
        text: b ? b.textContent.trim() : null,
        painted: performance.getEntriesByType('paint').length,
      };
    });
  });
  await page.goto(h.writePage('drawn-at-once'));
  await waitState(page, 'loading');
  const at = await page.evaluate(() => window.__atDOMContentLoaded);
  assert.deepEqual(at, { state: 'loading', text: 'Pay with crypto', painted: 0 });
});

test('a click before ready is queued: busy, nothing sent, then the attempt starts when the module is ready', T, async () => {
  const { page, release } = await openHeld('queued-click', { cancel: ['mixpay:created'] });
  await button(page).click();
  const busy = await waitState(page, 'busy');
  assert.equal(busy.ariaBusy, 'true');
  assert.equal(busy.text, 'Creating payment…');
  await sleep(300);
  assert.deepEqual(await h.payments(), [], 'nothing sent before the module is ready');
  release('ok');
  const [created] = await waitEvent(page, 'mixpay:created');
  assert.equal(created.target, 'checkout');
  const sent = await h.payments();
  assert.equal(sent.length, 1, 'one request for the one click');
  assert.equal(sent[0].params.traceId, created.detail.traceId);
  const order = (await events(page)).map((e) => e.type);
  assert.deepEqual(order, ['mixpay:ready', 'mixpay:request', 'mixpay:created']);
  await waitState(page, 'ready'); // created was canceled: the page stays, the button is back
});

test('a click before ready on an invalid configuration shows the reason when the module is ready', T, async () => {
  const { page, release } = await openHeld('queued-invalid', {
    elements: [{ id: 'checkout', attrs: { quoteAmount: 'ten' } }],
  });
  await button(page).click();
  await waitState(page, 'busy');
  release('ok');
  const [invalid] = await waitEvent(page, 'mixpay:invalid');
  assert.deepEqual(invalid.detail.errors.map((e) => e.field), ['quoteAmount']);
  await waitState(page, 'invalid');
  assert.match((await buttonState(page)).alert, /quoteAmount/);
  await sleep(300);
  assert.deepEqual(await h.payments(), []);
  assert.deepEqual((await events(page)).map((e) => e.type), ['mixpay:invalid'], 'no request, never ready');
});

test('a click before ready when the module cannot start shows the reason (state unavailable)', T, async () => {
  const { page, release } = await openHeld('queued-unavailable');
  await button(page).click();
  await waitState(page, 'busy');
  release(404);
  const s = await waitState(page, 'unavailable');
  assert.notEqual(s.ariaBusy, 'true', 'no longer busy');
  assert.match((await buttonState(page)).alert, /^Checkout unavailable: the payment module could not be loaded \(HTTP 404\)/);
  await sleep(300);
  assert.deepEqual(await h.payments(), []);
  assert.deepEqual(await events(page), []);
});

test('fallback content stays the way to pay until the module is ready, then the button replaces it', T, async () => {
  const { page, release } = await openHeld('fallback-until-ready', { elements: [{ id: 'checkout', html: FALLBACK }] });
  assert.equal(await page.locator('#fallback').isVisible(), true, 'the fallback while loading');
  assert.equal(await button(page).isVisible(), false, 'no button beside it yet');
  release('ok');
  await waitEvent(page, 'mixpay:ready');
  assert.equal(await page.locator('#fallback').isVisible(), false);
  assert.equal(await button(page).isVisible(), true);
});

test('data-mixpay-state follows an attempt: busy when mixpay:request fires, error after a failure, ready again', T, async () => {
  await h.fault('api', 1, { code: '1017' });
  const page = await h.open('states', { cancel: ['mixpay:error', 'mixpay:created'] });
  assert.equal((await stateOf(page)).attribute, 'ready');
  await page.evaluate(() => {
    const el = document.getElementById('checkout');
    window.__seen = [];
    for (const type of ['mixpay:request', 'mixpay:created', 'mixpay:error']) {
      el.addEventListener(type, () => window.__seen.push(type + ' ' + window.MixPayCheckout.state(el)));
    }
  });
  await button(page).click();
  await waitEvent(page, 'mixpay:error');
  const error = await waitState(page, 'error');
  assert.equal(error.api, 'error');
  assert.ok((await buttonState(page)).alert.length > 0, 'the reason is shown');
  await button(page).click();
  await waitEvent(page, 'mixpay:created');
  await waitState(page, 'ready');
  assert.deepEqual(await page.evaluate(() => window.__seen), [
    'mixpay:request busy', 'mixpay:error busy', 'mixpay:request busy', 'mixpay:created busy',
  ]);
  assert.equal(await page.evaluate(() => window.MixPayCheckout.state(document.body)), null,
    'state() of an element without a button');
});

test('only the first button is drawn in the script\'s own task; the others in the tasks right after', T, async () => {
  const page = await h.newPage();
  await holdWasm(page);
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      window.__atDOMContentLoaded = Array.from(document.querySelectorAll('[data-mixpay-checkout]'))
        .map((el) => el.getAttribute('data-mixpay-state'));
    });
  });
  const ids = ['one', 'two', 'three', 'four'];
  await page.goto(h.writePage('first-only', { elements: ids.map((id) => ({ id })) }));
  for (const id of ids) await waitState(page, 'loading', id);
  assert.deepEqual(await page.evaluate(() => window.__atDOMContentLoaded), ['loading', null, null, null]);
});

// The core's checks are counted by the random bytes each one is given (api.js, randomBytes:
// 24 bytes per check or attempt).
const COUNT_CHECKS = () => {
  const get = crypto.getRandomValues.bind(crypto);
  window.__checks = 0;
  crypto.getRandomValues = (array) => {
    if (array.length === 24) window.__checks += 1;
    return get(array);
  };
  document.addEventListener('mixpay:ready', () => {
    if (window.__checksAtReady === undefined) window.__checksAtReady = window.__checks;
  });
};

// Before a button's ready come only the module's first call (an empty configuration's
// check, in a task of its own) and the button's own check; the rest of the warm-up after.
test('a button is ready at its own first check: two checks before mixpay:ready, the rehearsal after', T, async () => {
  const page = await h.newPage();
  await page.addInitScript(COUNT_CHECKS);
  await page.goto(h.writePage('ready-at-first-check'));
  await waitEvent(page, 'mixpay:ready');
  assert.equal(await page.evaluate(() => window.__checksAtReady), 2, 'the first call and the button\'s check');
  // Then the click's rehearsal (its attempt: one more).
  await waitFor(() => page.evaluate(() => window.__checks >= 3), { what: 'the rehearsal after ready' });
});

// Nested timers wait 4 ms each from the fifth level on: the widget's own tasks between the
// module's arrival and ready are asked for without them (tasks.js, task).
test('from the module\'s arrival to mixpay:ready the widget sets no timer', T, async () => {
  const page = await h.newPage();
  const release = await holdWasm(page);
  await page.addInitScript(() => {
    const set = window.setTimeout;
    window.__timers = [];
    window.__counting = false;
    // (Only the widget's: the test's own polling in the page sets timers too.)
    window.setTimeout = function (fn, ms, ...rest) {
      if (window.__counting && /mixpay-checkout\.js/.test(new Error().stack)) window.__timers.push(ms || 0);
      return set.call(this, fn, ms, ...rest);
    };
    document.addEventListener('mixpay:ready', () => {
      if (window.__counting) window.__atReady = window.__timers.slice();
      window.__counting = false;
    });
  });
  await page.goto(h.writePage('no-timers'));
  await waitState(page, 'loading');
  await page.evaluate(() => {
    window.__counting = true;
  });
  release('ok');
  await waitEvent(page, 'mixpay:ready');
  assert.deepEqual(await page.evaluate(() => window.__atReady), []);
});
