// The button inside real framework apps: React 19 (development build, under StrictMode),
// Vue 3 and Preact shops, built from apps/ and the README's recipes with esbuild, importing
// the package as `import { MixPayCheckout } from 'mixpay-checkout'`, in headless Chromium
// against the sandbox (tests/browser's harness). Each app is built three ways: the package's
// assets copied beside the bundle, configure({ assetsUrl: '/dist/' }) with nothing beside
// it, and neither (the module cannot start).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { T, button, buttonState, consoleErrors, events, stayedFor, useHarness, waitEvent, waitFor } from '../browser/harness.mjs';
import { FRAMEWORKS, buildApp, copyAssets, dist, makeProject } from './project.mjs';

const h = useHarness();
let project;
const VARIANTS = ['beside', 'configured', 'bare'];

// Built once, on first use (after the harness's sandbox is up: the apps name its bases).
let built = null;
function buildAll() {
  built ||= (async () => {
    project = makeProject('mixpay-frameworks-apps-');
    const shop = { apiBase: h.apiBase, payBase: h.payBase };
    await Promise.all(FRAMEWORKS.flatMap((framework) => VARIANTS.map(async (variant) => {
      const out = path.join(h.dir, `${framework}-${variant}`);
      const inputs = await buildApp(project, framework, out, { ...shop, assetsUrl: variant === 'configured' ? '/dist/' : '' });
      assert.ok(inputs.includes(path.join(dist, 'mixpay-checkout.mjs')), `the package's ES module entry is bundled: ${inputs}`);
      if (variant === 'beside') copyAssets(out);
    })));
  })();
  return built;
}
after(() => project && project.remove());

// Opens the app's page at `route` (a fresh context and page of the harness).
async function openApp(framework, variant, route) {
  await buildAll();
  const url = h.writePage(`${framework}-${variant}`, {
    elements: [{ id: 'app', raw: {} }],
    // (An icon of its own: no request for /favicon.ico, whose 404 the console would show.)
    scripts: ['<link rel="icon" href="data:,">', `<script type="module" src="/${framework}-${variant}/app.js"></script>`],
  });
  const page = await h.newPage();
  await page.goto(`${url}?route=${encodeURIComponent(route)}`);
  page.navCountAtStart = page.rec.navRequests.length;
  return page;
}

const wasmFetched = (page) => page.rec.responses.filter((r) => r.url.endsWith('.wasm')).map((r) => new URL(r.url).pathname);
const navigate = (page, route) => page.evaluate((r) => window.__navigate(r), route);
const ready = (page, ...ids) => waitEvent(page, 'mixpay:ready', { targets: ids });
const text = (page, selector) => page.locator(selector).textContent();
const cleanPage = (page) => {
  assert.deepEqual(page.rec.pageErrors, [], 'no uncaught error');
  assert.deepEqual(consoleErrors(page), [], 'nothing in the console\'s errors');
};

const ROUTES = ['product/mug', 'cart', 'product/tee', 'home', 'product/cap'];

for (const framework of FRAMEWORKS) {
  const strict = framework === 'react' ? ' (StrictMode)' : '';

  test(`${framework}${strict}: mount, then 50 route changes: one button and one mixpay:ready per element, nothing sent, the last one pays`, T, async () => {
    const page = await openApp(framework, 'beside', 'home');
    await page.locator('#home').waitFor();
    // Each change waits until the new page's elements (and only they) are there, with a
    // mixpay:ready each, before the next one.
    const seen = await page.evaluate(async (routes) => {
      const ids = [];
      for (let visit = 1; visit <= 50; visit++) {
        const route = routes[(visit - 1) % routes.length];
        window.__navigate(route);
        const wanted = route === 'cart' ? ['mug', 'tee', 'cap'].map((p) => `checkout-cart-${p}-${visit}`)
          : route === 'home' ? [] : [`checkout-${route.slice(8)}-${visit}`];
        const deadline = performance.now() + 10_000;
        for (;;) {
          const present = Array.from(document.querySelectorAll('[data-mixpay-checkout]'), (el) => el.id).sort();
          const readied = new Set(window.__events.filter((e) => e.type === 'mixpay:ready').map((e) => e.target));
          const drawn = route !== 'home' || document.getElementById('home');
          if (drawn && present.join() === [...wanted].sort().join() && wanted.every((id) => readied.has(id))) break;
          if (performance.now() > deadline) throw new Error(`visit ${visit} (${route}): present ${present}, wanted ${wanted}`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        ids.push(...wanted);
      }
      return ids;
    }, ROUTES);
    assert.equal(seen.length, 10 * (1 + 3 + 1 + 0 + 1));
    const readies = (await events(page, 'mixpay:ready')).map((e) => e.target);
    assert.deepEqual([...readies].sort(), [...seen].sort(), 'one mixpay:ready per element, none more');
    const last = 'checkout-cap-50';
    const s = await buttonState(page, last);
    assert.equal(s.buttons, 1, 'one button in the element');
    assert.equal(s.lightButtons, 0, 'nothing drawn among the app\'s own children');
    assert.equal(s.disabled, false);
    assert.deepEqual(wasmFetched(page), [`/${framework}-beside/mixpay-checkout.wasm`], 'the module, once, from beside the bundle');
    assert.deepEqual(await h.payments(), [], 'mounting and routing send nothing');
    cleanPage(page);

    await button(page, last).click();
    await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`));
    const sent = await h.waitPayments(1);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].params.quoteAmount, '7.25');
    assert.equal(sent[0].params.orderId, 'order_cap');
  });

  test(`${framework}: a cart re-priced and reordered by the app: the POST carries the new amount`, T, async () => {
    const page = await openApp(framework, 'beside', 'cart');
    await ready(page, 'checkout-cart-mug-0', 'checkout-cart-tee-0', 'checkout-cart-cap-0');
    await page.locator('#reprice').click();
    await waitFor(() => page.evaluate(() => {
      const ids = Array.from(document.querySelectorAll('[data-mixpay-checkout]'), (el) => el.id);
      const tee = document.getElementById('checkout-cart-tee-0');
      return ids[0] === 'checkout-cart-cap-0' && tee.getAttribute('data-quote-amount') === '19.99';
    }), { what: 'the new prices, in the new order' });
    await waitFor(async () => (await buttonState(page, 'checkout-cart-tee-0')).disabled === false, { what: 'the button usable' });
    await button(page, 'checkout-cart-tee-0').click();
    await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`));
    const sent = await h.waitPayments(1);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].params.quoteAmount, '19.99', 'the amount the app shows now');
    assert.equal(sent[0].params.orderId, 'order_tee');
    cleanPage(page);
  });

  test(`${framework}: leaving mid-payment: the router removes the element, the answer comes, the page stays; coming back resumes the attempt`, T, async () => {
    await h.fault('hang', 1, { seconds: '1' });
    const page = await openApp(framework, 'beside', 'product/mug');
    await ready(page, 'checkout-mug-0');
    await button(page, 'checkout-mug-0').click();
    const [first] = await h.waitPayments(1);
    await navigate(page, 'home');
    await page.locator('#home').waitFor();
    const stayed = await stayedFor(page, 2_500);
    assert.deepEqual(stayed.navigations, [], 'no navigation after the element was removed');
    assert.ok(!stayed.url.startsWith(h.payBase), stayed.url);

    await navigate(page, 'product/mug');
    await ready(page, 'checkout-mug-2');
    await button(page, 'checkout-mug-2').click();
    const sent = await h.waitPayments(2);
    assert.equal(sent[1].params.traceId, first.params.traceId, 'the same configuration resumes the attempt');
    await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`));
  });

  test(`${framework}${strict}: a late effect reads the state the button is in (after mixpay:ready fired) and follows it`, T, async () => {
    const page = await openApp(framework, 'beside', 'product/tee');
    await ready(page, 'checkout-tee-0');
    await page.locator('#state-tee-0').waitFor();
    assert.equal(await text(page, '#state-tee-0'), 'ready', 'the component, mounted after mixpay:ready, reads ready');
    assert.equal(await page.evaluate(() => document.getElementById('checkout-tee-0').getAttribute('data-mixpay-state')), 'ready');
    await h.fault('hang', 1, { seconds: '1' });
    await button(page, 'checkout-tee-0').click();
    await waitFor(async () => (await text(page, '#state-tee-0')) === 'busy', { what: 'the line to follow the attempt' });
    await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`));
  });

  test(`${framework}: a fallback the app renders late is shown while the module cannot start, hidden once the button works`, T, async () => {
    const broken = await openApp(framework, 'bare', 'product/mug');
    await broken.locator('#link-mug-0').waitFor({ state: 'attached' });
    await waitFor(() => broken.locator('#link-mug-0').isVisible(), { what: 'the late fallback link, visible' });
    await waitFor(async () => (await text(broken, '#state-mug-0')) === 'unavailable', { what: 'the state unavailable' });
    assert.equal((await buttonState(broken, 'checkout-mug-0')).disabled, true);
    assert.deepEqual(await h.payments(), []);

    const working = await openApp(framework, 'beside', 'product/mug');
    await ready(working, 'checkout-mug-0');
    await working.locator('#link-mug-0').waitFor({ state: 'attached' });
    await working.locator('#state-mug-0').waitFor();
    assert.equal(await working.locator('#link-mug-0').isVisible(), false, 'the button works: the fallback is hidden');
    assert.equal(await button(working, 'checkout-mug-0').isVisible(), true);
    assert.equal((await buttonState(working, 'checkout-mug-0')).disabled, false);
    cleanPage(working);
  });

  test(`${framework}: the bundle with configure({ assetsUrl }): the .wasm from there, and a click pays`, T, async () => {
    const page = await openApp(framework, 'configured', 'product/cap');
    await ready(page, 'checkout-cap-0');
    assert.deepEqual(wasmFetched(page), ['/dist/mixpay-checkout.wasm']);
    assert.ok(!fs.existsSync(path.join(h.dir, `${framework}-configured`, 'mixpay-checkout.wasm')), 'nothing beside this bundle');
    await button(page, 'checkout-cap-0').click();
    await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`));
    const [sent] = await h.waitPayments(1);
    assert.equal(sent.params.quoteAmount, '7.25');
    cleanPage(page);
  });
}
