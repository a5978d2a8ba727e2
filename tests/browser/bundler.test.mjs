// dist/ as an npm package in a bundled app: `import { MixPayCheckout } from
// 'mixpay-checkout'`, resolved through a node_modules link to dist/ and its package.json
// `exports`, bundled with esbuild into a folder that is not dist/. The .wasm and the
// translations are found beside the bundle, or where configure({ assetsUrl }) says; the
// ES module served as it is finds them beside itself.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { T, button, buttonState, consoleErrors, events, useHarness, waitFor } from './harness.mjs';

const h = useHarness();
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.env.MIXPAY_DIST || path.join(here, '..', '..', 'dist'));
const ja = JSON.parse(fs.readFileSync(path.join(here, '..', '..', 'web', 'locales', 'ja.json'), 'utf8'));

// The app: it configures the package when the page says so (<html data-assets-url>), and
// leaves the API where the test can reach it.
const APP = `import { MixPayCheckout } from 'mixpay-checkout';
const assetsUrl = document.documentElement.getAttribute('data-assets-url');
if (assetsUrl) MixPayCheckout.configure({ assetsUrl });
window.__imported = MixPayCheckout;
`;

// Bundles the app the way an app's build does (the package linked into node_modules) into
// /<name>/, and copies the package's assets beside the bundle when `withAssets`.
async function buildApp(name, { withAssets }) {
  const project = fs.mkdtempSync(path.join(h.dir, '.project-'));
  fs.mkdirSync(path.join(project, 'node_modules'));
  fs.symlinkSync(dist, path.join(project, 'node_modules', 'mixpay-checkout'), 'dir');
  fs.writeFileSync(path.join(project, 'app.js'), APP);
  const out = path.join(h.dir, name);
  const result = await esbuild.build({
    entryPoints: [path.join(project, 'app.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outfile: path.join(out, 'app.js'),
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs);
  // (esbuild names the link's target.)
  assert.ok(inputs.some((f) => path.resolve(f) === path.join(dist, 'mixpay-checkout.mjs')), `the ES module entry: ${inputs}`);
  if (withAssets) {
    for (const f of fs.readdirSync(dist).filter((f) => /\.(wasm|json)$/.test(f) && f !== 'package.json')) {
      fs.copyFileSync(path.join(dist, f), path.join(out, f));
    }
  }
  return `/${name}/app.js`;
}

// A page with the bundle as its only script; `assetsUrl` goes on <html data-assets-url>.
function appPage(name, src, { assetsUrl, attrs = {} } = {}) {
  const url = h.writePage(name, {
    elements: [{ id: 'checkout', attrs }],
    scripts: [`<script type="module" src="${src}"></script>`],
  });
  if (assetsUrl) {
    const file = path.join(h.dir, path.basename(new URL(url).pathname));
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('<html lang="en"', `<html lang="en" data-assets-url="${assetsUrl}"`));
  }
  return url;
}

const wasmFetched = (page) => page.rec.responses.filter((r) => r.url.endsWith('.wasm')).map((r) => new URL(r.url).pathname);

test('bundled without configure(): the .wasm beside the bundle, ready resolves, a click creates the payment', T, async () => {
  const src = await buildApp('shop-app', { withAssets: true });
  const page = await h.newPage();
  await page.goto(appPage('bundled-beside', src));
  assert.equal(await page.evaluate(() => MixPayCheckout.ready.then(() => 'ready')), 'ready');
  assert.equal(await page.evaluate(() => window.__imported === window.MixPayCheckout), true, 'the export is the page\'s API');
  await waitFor(async () => (await events(page, 'mixpay:ready')).length === 1, { what: 'mixpay:ready' });
  assert.deepEqual(wasmFetched(page), ['/shop-app/mixpay-checkout.wasm']);
  await button(page).click();
  await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`));
  const [sent] = await h.waitPayments(1);
  assert.equal(sent.params.quoteAmount, '10.50');
});

test('bundled with configure({ assetsUrl }): the .wasm and the translation from there; create() makes a payment', T, async () => {
  const src = await buildApp('shop-app-cdn', { withAssets: false });
  const page = await h.newPage();
  await page.goto(appPage('bundled-assets-url', src, { assetsUrl: '/dist', attrs: { locale: 'ja' } }));
  await page.evaluate(() => MixPayCheckout.ready);
  await waitFor(async () => (await events(page, 'mixpay:ready')).length === 1, { what: 'mixpay:ready' });
  assert.deepEqual(wasmFetched(page), ['/dist/mixpay-checkout.wasm']);
  assert.ok(page.rec.responses.some((r) => new URL(r.url).pathname === '/dist/mixpay-checkout.ja.json'));
  assert.equal((await buttonState(page)).text.trim(), ja.label);
  const created = await page.evaluate(({ apiBase, payBase }) => MixPayCheckout.create({
    payeeId: 'a0d7791408776b47eb1dd3f94ed15d6a', quoteAmount: '3', quoteAssetId: 'usd',
    settlementAssetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa', orderId: 'order_bundled', apiBase, payBase,
  }), { apiBase: h.apiBase, payBase: h.payBase });
  assert.ok(created.url.startsWith(`${h.payBase}/code/`));
  const [sent] = await h.waitPayments(1);
  assert.equal(sent.params.orderId, 'order_bundled');
});

test('bundled without the assets and without configure(): "could not be loaded (HTTP 404)", not an integrity failure', T, async () => {
  const src = await buildApp('shop-app-bare', { withAssets: false });
  const page = await h.newPage();
  await page.goto(appPage('bundled-missing', src));
  const reason = await page.evaluate(() => MixPayCheckout.ready.then(() => 'ready', (e) => e.reason));
  assert.equal(reason, 'the payment module could not be loaded (HTTP 404)');
  const s = await waitFor(async () => {
    const state = await buttonState(page);
    return state.alert ? state : null;
  }, { what: 'the reason on the button' });
  assert.equal(s.disabled, true);
  assert.match(s.alert, /could not be loaded \(HTTP 404\)/);
  assert.ok(consoleErrors(page).some((t) => /HTTP 404/.test(t)));
  assert.deepEqual(await h.payments(), []);
});

test('the ES module served as it is finds its files beside itself; with the classic script too, one API', T, async () => {
  const page = await h.open('module-as-is', {
    scripts: [
      '<script src="/dist/mixpay-checkout.js" defer></script>',
      '<script type="module">import { MixPayCheckout } from "/dist/mixpay-checkout.mjs"; window.__imported = MixPayCheckout;</script>',
    ],
  });
  await waitFor(() => page.evaluate(() => window.__imported !== undefined), { what: 'the import' });
  assert.equal(await page.evaluate(() => window.__imported === window.MixPayCheckout), true);
  assert.deepEqual(wasmFetched(page), ['/dist/mixpay-checkout.wasm'], 'one module loaded, once');
  assert.equal((await events(page, 'mixpay:ready')).length, 1, 'one button, one ready');

  const alone = await h.open('module-alone', {
    scripts: ['<script type="module">import { MixPayCheckout } from "/dist/mixpay-checkout.mjs"; window.__imported = MixPayCheckout;</script>'],
  });
  assert.equal(await alone.evaluate(() => window.__imported === window.MixPayCheckout), true);
  assert.deepEqual(wasmFetched(alone), ['/dist/mixpay-checkout.wasm']);
});

test('configure(): refused after the first button, for an unknown option, and for a URL that is not http(s)', T, async () => {
  const page = await h.open('configure-late', {});
  const errors = await page.evaluate(() => {
    const attempt = (options) => {
      try {
        MixPayCheckout.configure(options);
        return 'accepted';
      } catch (error) {
        return error.message;
      }
    };
    return [attempt({ assetsUrl: '/elsewhere/' }), attempt({ payeeIds: 'x' }), attempt({ colour: 'x' })];
  });
  for (const message of errors) assert.match(message, /configure\(\) takes assetsUrl, payeeIds, apiBase and payBase, before the first button is drawn/);

  const src = await buildApp('shop-app-bad-url', { withAssets: true });
  const bad = await h.newPage();
  await bad.goto(appPage('bundled-bad-url', src, { assetsUrl: 'javascript:alert(1)' }));
  await waitFor(async () => bad.rec.pageErrors.length > 0, { what: 'the error of configure()' });
  assert.match(bad.rec.pageErrors[0], /assetsUrl is not an http\(s\) URL/);
});
