// The widget in the page: loaded twice, elements added later, many buttons with one module,
// the window.MixPayCheckout API of CONTRACT §5 and the keyboard.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, UUID, UUID_V4, VALID, button, buttonState, events, sleep, stayedFor, useHarness, waitEvent, waitFor } from './harness.mjs';

const h = useHarness();

const WIDGET = '<script src="/dist/mixpay-checkout.js" defer></script>';

test('script loaded twice: one button per element, one request per click, the same API object', T, async () => {
  const page = await h.open('twice', {
    elements: [{ id: 'checkout' }, { id: 'second' }],
    scripts: [WIDGET, '<script src="/capture-api.js" defer></script>', WIDGET.replace('.js"', '.js?again"')],
    cancel: ['mixpay:created'],
  });
  await sleep(500);
  const scripts = page.rec.responses.filter((r) => /\/dist\/mixpay-checkout\.js/.test(r.url));
  assert.equal(scripts.length, 2, 'the script really was loaded twice');
  for (const id of ['checkout', 'second']) {
    const s = await buttonState(page, id);
    assert.equal(s.buttons, 1, `${id}: one button in the shadow root`);
    assert.equal(s.lightButtons, 0, `${id}: none in the light DOM`);
  }
  const ready = await events(page, 'mixpay:ready');
  assert.equal(ready.length, 2, 'one mixpay:ready per element');
  const same = await page.evaluate(() => !!window.__firstApi && window.__firstApi === window.MixPayCheckout);
  assert.equal(same, true, 'window.MixPayCheckout is the object of the first load');
  assert.deepEqual(page.rec.pageErrors, []);
  await button(page).click();
  await waitEvent(page, 'mixpay:created');
  await sleep(500);
  assert.equal((await h.payments()).length, 1, 'one request for one click');
  assert.equal((await events(page, 'mixpay:request')).length, 1);
});

test('an element added after load gets a button, and so does one whose attribute is set later', T, async () => {
  const page = await h.open('late', { elements: [{ id: 'checkout' }], cancel: ['mixpay:created'] });
  const attrs = h.attrs({ orderId: 'order_late_1' });
  await page.evaluate((attrs) => {
    const wrap = document.createElement('section');
    const el = document.createElement('div');
    el.id = 'late';
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    wrap.appendChild(el);
    document.body.appendChild(wrap);
  }, attrs);
  await waitEvent(page, 'mixpay:ready', { targets: ['late'] });
  assert.equal((await buttonState(page, 'late')).buttons, 1);

  const rest = h.attrs({ orderId: 'order_later_2' });
  delete rest['data-mixpay-checkout'];
  await page.evaluate((attrs) => {
    const el = document.createElement('div');
    el.id = 'later';
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.body.appendChild(el);
  }, rest);
  await sleep(400);
  assert.equal((await buttonState(page, 'later')).shadow, false, 'no button without data-mixpay-checkout');
  await page.evaluate(() => document.getElementById('later').setAttribute('data-mixpay-checkout', ''));
  await waitEvent(page, 'mixpay:ready', { targets: ['later'] });
  assert.equal((await buttonState(page, 'later')).buttons, 1);

  await button(page, 'later').click();
  const [created] = await waitEvent(page, 'mixpay:created');
  assert.equal(created.target, 'later');
  assert.equal(created.detail.orderId, 'order_later_2');
  const [r] = await h.payments();
  assert.equal(r.params.orderId, 'order_later_2');
});

test('twenty buttons on one page: all ready, one .wasm fetched', T, async () => {
  const elements = Array.from({ length: 20 }, (_, i) => ({ id: `b${i}`, attrs: { orderId: `order_${1000 + i}` } }));
  const page = await h.open('many', { elements, cancel: ['mixpay:created'] });
  const ready = await events(page, 'mixpay:ready');
  assert.equal(ready.length, 20);
  for (const { id } of elements) {
    const s = await buttonState(page, id);
    assert.equal(s.buttons, 1);
    assert.equal(s.disabled, false);
  }
  const wasm = page.rec.responses.filter((r) => new URL(r.url).pathname.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `one module for the page: ${wasm.map((r) => r.url)}`);
  await button(page, 'b7').click();
  const [created] = await waitEvent(page, 'mixpay:created');
  assert.equal(created.target, 'b7');
  const sent = await h.payments();
  assert.equal(sent.length, 1);
  assert.equal(sent[0].params.orderId, 'order_1007');
});

test('JS API: ready, version, validate()', T, async () => {
  const page = await h.open('api-validate', { elements: [] });
  const out = await page.evaluate(async (valid) => {
    const api = window.MixPayCheckout;
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('ready timed out')), 10000));
    const isPromise = api.ready instanceof Promise;
    await Promise.race([api.ready, timeout]);
    return {
      isPromise,
      version: api.version,
      valid: api.validate(valid),
      empty: api.validate({}),
      amount: api.validate({ ...valid, quoteAmount: '1e3' }),
      two: api.validate({ ...valid, orderId: 'abc', payeeId: 'x' }),
    };
  }, VALID);
  assert.equal(out.isPromise, true, 'ready is a Promise');
  assert.equal(typeof out.version, 'string');
  assert.ok(out.version.length > 0);
  assert.deepEqual(out.valid, []);
  const emptyFields = out.empty.map((e) => e.field);
  for (const f of ['payeeId', 'quoteAmount', 'quoteAssetId', 'settlementAssetId']) {
    assert.ok(emptyFields.includes(f), `validate({}) names ${f}: ${emptyFields}`);
  }
  assert.deepEqual(out.amount.map((e) => e.field), ['quoteAmount']);
  assert.equal(typeof out.amount[0].message, 'string');
  assert.ok(out.amount[0].message.length > 0);
  assert.deepEqual(out.two.map((e) => e.field).sort(), ['orderId', 'payeeId']);
  assert.deepEqual(await h.allRequests(), [], 'validate() sends nothing');
});

test('JS API: create() resolves {code, url, traceId} without navigating', T, async () => {
  const page = await h.open('api-create', { elements: [] });
  const params = { ...VALID, apiBase: h.apiBase, payBase: h.payBase };
  const res = await page.evaluate(async (params) => {
    await window.MixPayCheckout.ready;
    return window.MixPayCheckout.create(params);
  }, params);
  assert.match(res.code, UUID);
  assert.equal(res.url, `${h.payBase}/code/${res.code}`);
  assert.match(res.traceId, UUID_V4);
  const sent = await h.payments();
  assert.equal(sent.length, 1);
  assert.equal(sent[0].params.traceId, res.traceId);
  assert.equal(sent[0].params.quoteAmount, '10.50');
  const stay = await stayedFor(page, 800);
  assert.equal(stay.url, page.startUrl);
  assert.deepEqual(stay.navigations, []);
});

test('JS API: create() with invalid params rejects naming the field and sends nothing', T, async () => {
  const page = await h.open('api-create-invalid', { elements: [] });
  const params = { ...VALID, quoteAmount: '-1', apiBase: h.apiBase, payBase: h.payBase };
  const res = await page.evaluate(async (params) => {
    await window.MixPayCheckout.ready;
    try {
      const value = await window.MixPayCheckout.create(params);
      return { resolved: value };
    } catch (e) {
      return { rejected: `${e && e.message} ${JSON.stringify(e && (e.errors || e.detail || null))}` };
    }
  }, params);
  assert.ok(res.rejected, `create() rejects: ${JSON.stringify(res)}`);
  assert.match(res.rejected, /quoteAmount/);
  await sleep(300);
  assert.deepEqual(await h.allRequests(), []);
});

test('JS API: mount(el) renders a working button into an element', T, async () => {
  const page = await h.open('api-mount', { elements: [], cancel: ['mixpay:created'] });
  const attrs = h.attrs({ orderId: 'order_mounted' });
  delete attrs['data-mixpay-checkout'];
  await page.evaluate(async (attrs) => {
    await window.MixPayCheckout.ready;
    const el = document.createElement('div');
    el.id = 'mounted';
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.body.appendChild(el);
    window.MixPayCheckout.mount(el);
  }, attrs);
  await waitFor(async () => (await buttonState(page, 'mounted')).buttons === 1, { what: 'mounted button' });
  await waitFor(async () => (await buttonState(page, 'mounted')).disabled === false, { what: 'enabled' });
  await button(page, 'mounted').click();
  const [created] = await waitEvent(page, 'mixpay:created');
  assert.equal(created.target, 'mounted');
  const [r] = await h.payments();
  assert.equal(r.params.orderId, 'order_mounted');
});

test('keyboard: Tab focuses the button and Enter activates it', T, async () => {
  const page = await h.open('kbd-enter', { cancel: ['mixpay:created'] });
  await page.keyboard.press('Tab');
  const focused = await button(page).evaluate((b) => b.matches(':focus'));
  assert.equal(focused, true, 'the button has focus after one Tab');
  await page.keyboard.press('Enter');
  await waitEvent(page, 'mixpay:created');
  assert.equal((await h.payments()).length, 1);
});

test('keyboard: Space activates; the error lands in the role=alert region', T, async () => {
  await h.fault('api', 1, { code: '1017' });
  const page = await h.open('kbd-space', { cancel: ['mixpay:error'] });
  const before = await buttonState(page);
  assert.ok(!before.alert || before.alert.trim() === '', 'no alert text before an error');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await waitEvent(page, 'mixpay:error');
  const alert = page.getByRole('alert');
  await waitFor(async () => ((await alert.textContent()) || '').trim().length > 0, { what: 'alert text' });
  assert.equal(await alert.count(), 1);
  assert.equal((await h.payments()).length, 1);
});

test('busy: disabled, aria-busy="true" and "Creating payment…" during the attempt; a click then sends nothing', T, async () => {
  await h.fault('hang', 1, { seconds: '3' });
  const page = await h.open('busy', {
    elements: [{ id: 'checkout', attrs: { timeout: '1500', retries: '0', orderId: 'order_busy' } }],
    cancel: ['mixpay:error'],
  });
  await button(page).click();
  const busy = await waitFor(
    async () => {
      const s = await buttonState(page);
      return s.ariaBusy === 'true' ? s : null;
    },
    { timeoutMs: 1000, intervalMs: 20, what: 'aria-busy="true"' },
  );
  assert.equal(busy.disabled, true);
  assert.equal(busy.text.trim(), 'Creating payment…');
  await page.evaluate(() => document.getElementById('checkout').shadowRoot.querySelector('button').click());
  const [err] = await waitEvent(page, 'mixpay:error');
  assert.equal(err.detail.kind, 'timeout');
  const after = await buttonState(page);
  assert.notEqual(after.ariaBusy, 'true', 'no longer busy');
  assert.equal(after.disabled, false, 'enabled again');
  assert.ok(after.alert && after.alert.trim().length > 0, 'the reason is in the alert region');
  await h.waitPayments(1, 5_000);
  await sleep(300);
  assert.equal((await h.payments()).length, 1, 'the click while busy sent nothing');
});
