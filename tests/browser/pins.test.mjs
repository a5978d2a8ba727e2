// Pins, the page's own word over any element's (CONTRACT §1): the script tag's
// data-payee-ids, data-api-base and data-pay-base, or the same keys in configure(). HTML
// injected into the page (a review keeps its data-* attributes through a sanitizer) cannot
// make a working button that pays someone else or posts somewhere else; a relative
// data-code-endpoint resolves against the page's address, never against a <base href>.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { T, VALID, button, buttonState, events, sleep, useHarness, waitEvent, waitFor } from './harness.mjs';

const h = useHarness();

const OTHER_PAYEE = 'ffffffffffffffffffffffffffffffff';
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const fixture = JSON.parse(fs.readFileSync(
  path.join(repo, 'tests', 'fixtures', 'mixpay-api', 'payments_result.current.json'), 'utf8'));

function escape(value) {
  return String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

// The classic script with pins on its tag (camelCase keys → data-* attributes).
function pinnedScript(pins) {
  const attrs = Object.entries(pins)
    .map(([k, v]) => ` data-${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}="${escape(v)}"`)
    .join('');
  return `<script src="/dist/mixpay-checkout.js"${attrs} defer></script>`;
}

const PINS = () => ({ payeeIds: `0123456789abcdef0123456789abcdef ${VALID.payeeId}`, apiBase: h.apiBase, payBase: h.payBase });

// The shop's own button (no bases of its own: the pins fill them in) beside an injected one.
async function pinnedPage(name, injected, { pins = PINS(), scripts } = {}) {
  return h.open(name, {
    elements: [
      { id: 'shop', attrs: { apiBase: null, payBase: null } },
      { id: 'review', attrs: injected },
    ],
    scripts: scripts || [pinnedScript(pins)],
  }, { ids: [] });
}

async function settled(page) {
  await waitEvent(page, 'mixpay:ready', { targets: ['shop'] });
  await waitEvent(page, 'mixpay:invalid', { targets: ['review'] });
  const [invalid] = (await events(page, 'mixpay:invalid')).filter((e) => e.target === 'review');
  return invalid.detail.errors;
}

// The injected button is drawn disabled, says why, and a click sends nothing.
async function assertRefused(page, field) {
  const errors = await settled(page);
  assert.deepEqual(errors.map((e) => e.field), [field]);
  assert.match(errors[0].message, /this page pins|own origin/);
  const state = await buttonState(page, 'review');
  assert.equal(state.disabled, true);
  assert.match(state.rootText, new RegExp(field));
  await button(page, 'review').click({ force: true }).catch(() => {});
  await sleep(300);
  assert.deepEqual(await h.payments(), [], 'nothing was sent');
}

test('a payee that is not in data-payee-ids is invalid (payeeId); the shop\'s own button works', T, async () => {
  const page = await pinnedPage('pin-payee', { payeeId: OTHER_PAYEE, apiBase: null, payBase: null });
  await assertRefused(page, 'payeeId');
  await button(page, 'shop').click();
  await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`), { timeout: 15_000 });
  const [sent] = await h.payments();
  assert.equal(sent.params.payeeId, VALID.payeeId);
  assert.equal(page.url(), `${h.payBase}/code/${sent.params.traceId}`, 'the pinned payment page');
});

test('an element that posts to another API than data-api-base is invalid (apiBase)', T, async () => {
  const page = await pinnedPage('pin-api', { apiBase: `${h.origin}/v1` });
  await assertRefused(page, 'apiBase');
});

test('an element that sends the buyer to another data-pay-base is invalid (payBase)', T, async () => {
  const page = await pinnedPage('pin-pay', { payBase: h.origin });
  await assertRefused(page, 'payBase');
});

test('with pins, a server-created button whose endpoint is on another origin is invalid (codeEndpoint)', T, async () => {
  const page = await pinnedPage('pin-code', { codeEndpoint: `${h.apiOrigin}/checkout/mixpay` });
  await assertRefused(page, 'codeEndpoint');
});

test('configure({ payeeIds, apiBase, payBase }) pins like the script tag', T, async () => {
  const file = 'pins-configure.js';
  fs.writeFileSync(path.join(h.dir, file), `import { MixPayCheckout } from '/dist/mixpay-checkout.mjs';
MixPayCheckout.configure(${JSON.stringify({ payeeIds: [VALID.payeeId], apiBase: h.apiBase, payBase: h.payBase })});
`);
  const page = await pinnedPage('pin-configure', { payeeId: OTHER_PAYEE }, {
    scripts: [`<script type="module" src="/${file}"></script>`],
  });
  await assertRefused(page, 'payeeId');
  await button(page, 'shop').click();
  await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`), { timeout: 15_000 });
});

test('an injected <base href> does not move a relative data-code-endpoint: it is the page\'s', T, async () => {
  const posts = [];
  const file = 'base-href.js';
  // What an injected fragment does: a <base> before the widget reads the element.
  fs.writeFileSync(path.join(h.dir, file), `const base = document.createElement('base');
base.href = '${h.apiOrigin}/elsewhere/';
document.head.prepend(base);
`);
  const url = h.writePage('base-href', {
    elements: [{ id: 'checkout', raw: { 'data-mixpay-checkout': '', 'data-code-endpoint': 'checkout/mixpay', 'data-order-id': 'order_1001', 'data-pay-base': h.payBase } }],
    // (The widget's own address is absolute: the <base> would move a relative one too.)
    scripts: [`<script src="/${file}"></script>`, `<script src="${h.origin}/dist/mixpay-checkout.js" defer></script>`],
    cancel: ['mixpay:error'],
  });
  const page = await h.newPage();
  page.on('request', (r) => {
    if (r.method() === 'POST') posts.push(r.url());
  });
  await page.goto(url);
  await waitEvent(page, 'mixpay:ready');
  assert.equal(await page.evaluate(() => document.baseURI), `${h.apiOrigin}/elsewhere/`, 'the <base> is in force');
  await button(page).click();
  await waitEvent(page, 'mixpay:error');
  assert.ok(posts.length >= 1, 'the endpoint was asked');
  for (const asked of posts) assert.equal(asked, `${h.origin}/checkout/mixpay`);
});

// The result element --------------------------------------------------------------------

// A payment the sandbox made (unpaid), and "another API" on the page's origin whose
// payments_result says `success` for the same traceId (MixPay's documented answer).
async function resultPages(name) {
  const traceId = randomUUID();
  const body = new URLSearchParams({ ...VALID, orderId: `order_${traceId.slice(0, 8)}`, traceId });
  const res = await fetch(`${h.apiBase}/one_time_payment`, { method: 'POST', body, signal: AbortSignal.timeout(5_000) });
  assert.equal((await res.json()).success, true);
  const folder = path.join(h.dir, 'other-api', name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'payments_result'),
    JSON.stringify({ ...fixture, data: { ...fixture.data, status: 'success', traceId } }));
  const result = (id, apiBase) => ({ id, raw: { 'data-mixpay-result': '', 'data-trace-id': traceId, ...(apiBase ? { 'data-api-base': apiBase } : {}) } });
  return { other: `${h.origin}/other-api/${name}`, elements: [result('own', null), result('pinned', h.apiBase), result('injected', `${h.origin}/other-api/${name}`)] };
}

async function assertResultsPinned(script, name) {
  const { other, elements } = await resultPages(name);
  const url = h.writePage(name, { elements, scripts: [script] });
  const page = await h.newPage();
  const asked = [];
  page.on('request', (r) => asked.push(r.url()));
  await page.goto(url);
  const line = (id) => page.evaluate((id) => document.getElementById(id).shadowRoot.querySelector('[role=status]').textContent, id);
  // Without its own data-api-base the element asks the pinned API; the same one is fine.
  await waitFor(async () => (await line('own')) === 'Waiting for your payment.' && (await line('pinned')) === 'Waiting for your payment.',
    { timeoutMs: 15_000, what: 'the pinned API\'s answer in both' });
  // Another API is refused: nothing asked there, no status shown, the field logged.
  assert.equal(await line('injected'), 'This payment could not be found.');
  await sleep(500);
  assert.deepEqual(asked.filter((u) => u.startsWith(other)), [], 'nothing was asked of the other API');
  assert.ok(page.rec.console.some((m) => m.type === 'error' && /apiBase: not what this page pins/.test(m.text)), 'the field is logged');
}

test('the result element honours the pinned data-api-base: none gets the pinned one, another is refused and never asked', T, async () => {
  await assertResultsPinned(pinnedScript({ apiBase: h.apiBase }), 'pin-result');
});

test('mixpay-result.js alone: its own tag\'s data-api-base pins the result elements the same way', T, async () => {
  await assertResultsPinned(`<script src="/dist/mixpay-result.js" data-api-base="${escape(h.apiBase)}" defer></script>`, 'pin-result-alone');
});
