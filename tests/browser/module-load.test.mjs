// The module either starts whole or not at all: a page that blocks WebAssembly, a browser
// without it, and a missing, changed or wrong file each leave a disabled button with the
// reason, send nothing, and make the JS API say so. The published integrity hashes are
// those of the files, and a page that pins the shim with them works.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { T, button, buttonState, consoleErrors, events, sleep, useHarness, waitEvent, waitFor } from './harness.mjs';

const h = useHarness();
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = process.env.MIXPAY_DIST || path.resolve(here, '..', '..', 'dist');
const FILES = ['mixpay-checkout.js', 'mixpay-checkout.wasm'];
const LOCALES = ['es', 'ja', 'ru', 'zh'].map((lang) => `mixpay-checkout.${lang}.json`);

const sri = (bytes) => 'sha256-' + crypto.createHash('sha256').update(bytes).digest('base64');

// A copy of dist/ served at /<name>/, changed by `change(folder)`; returns the shim's path.
function distCopy(name, change) {
  const folder = path.join(h.dir, name);
  fs.mkdirSync(folder, { recursive: true });
  for (const f of FILES) fs.copyFileSync(path.join(dist, f), path.join(folder, f));
  change(folder);
  return `/${name}/mixpay-checkout.js`;
}

// Opens a page whose widget cannot start and waits until the button says why.
async function openUnavailable(name, options) {
  const page = await h.newPage();
  await page.goto(h.writePage(name, options));
  const s = await waitFor(async () => {
    const state = await buttonState(page);
    return state.alert && state.alert.startsWith('Checkout unavailable') ? state : null;
  }, { what: 'the reason on the button' });
  return { page, s };
}

// Nothing was sent, no event but none fired, and the JS API refuses with the same reason.
async function assertInert(page, reasonPattern) {
  const s = await buttonState(page);
  assert.equal(s.disabled, true, 'the button is disabled');
  assert.match(s.alert, reasonPattern);
  await page.evaluate(() => document.getElementById('checkout').shadowRoot.querySelector('button').click());
  await sleep(300);
  assert.deepEqual(await h.payments(), [], 'nothing sent');
  assert.deepEqual(await events(page), [], 'no mixpay:* event');
  const api = await page.evaluate(async () => {
    const ready = await MixPayCheckout.ready.then(() => 'resolved', (e) => e.message);
    let validate;
    try {
      MixPayCheckout.validate({});
      validate = 'returned';
    } catch (e) {
      validate = e.message;
    }
    const create = await MixPayCheckout.create({}).then(() => 'resolved', (e) => e.message);
    return { ready, validate, create };
  });
  assert.match(api.ready, reasonPattern, 'ready rejects with the reason');
  assert.match(api.validate, /needs the module/);
  assert.match(api.create, reasonPattern);
  assert.ok(consoleErrors(page).some((t) => reasonPattern.test(t)), 'the reason is in the console');
}

test('dist/integrity.json publishes the SHA-256 of each file, and the shim carries those it loads', T, async () => {
  const published = JSON.parse(fs.readFileSync(path.join(dist, 'integrity.json'), 'utf8'));
  const listed = [...FILES, 'mixpay-result.js', ...LOCALES];
  assert.deepEqual(Object.keys(published).sort(), listed.sort());
  for (const f of listed) assert.equal(published[f], sri(fs.readFileSync(path.join(dist, f))), f);
  const shim = fs.readFileSync(path.join(dist, 'mixpay-checkout.js'), 'utf8');
  for (const f of ['mixpay-checkout.wasm', ...LOCALES]) assert.ok(shim.includes(published[f]), `${f}'s hash in the shim`);
  assert.ok(!shim.includes('MIXPAY_') && !shim.includes('@mixpay-core@'), 'no placeholder left');
  // (The glue's own names are the closure compiler's; the XHR method its Fetch library
  // calls is the browser's.)
  assert.ok(shim.includes('.overrideMimeType('), 'the glue (its Fetch library) is inside the shim');
});

test('a page that pins the shim with <script integrity> from integrity.json works', T, async () => {
  const { 'mixpay-checkout.js': hash } = JSON.parse(fs.readFileSync(path.join(dist, 'integrity.json'), 'utf8'));
  const page = await h.open('pinned', {
    scripts: [`<script src="/dist/mixpay-checkout.js" integrity="${hash}" crossorigin="anonymous" defer></script>`],
  });
  await button(page).click();
  await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`));
});

test('a page whose CSP does not allow WebAssembly: disabled, the reason names the policy, nothing sent', T, async () => {
  const csp = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' " + h.apiOrigin;
  const { page } = await openUnavailable('csp-no-wasm', { csp });
  await assertInert(page, /Content-Security-Policy blocks WebAssembly/);
});

test('a browser with WebAssembly turned off: disabled with the reason, nothing loaded or sent', T, async () => {
  fs.writeFileSync(path.join(h.dir, 'no-wasm.js'), 'delete window.WebAssembly;\n');
  const { page } = await openUnavailable('wasm-off', {
    scripts: ['<script src="/no-wasm.js"></script>', '<script src="/dist/mixpay-checkout.js" defer></script>'],
  });
  await assertInert(page, /WebAssembly turned off/);
  const loaded = page.rec.responses.map((r) => r.url).filter((u) => /\.wasm/.test(u));
  assert.deepEqual(loaded, [], 'the .wasm was not fetched');
});

const BROKEN = [
  {
    name: 'a missing .wasm (404)',
    change: (folder) => fs.rmSync(path.join(folder, 'mixpay-checkout.wasm')),
    reason: /payment module could not be loaded \(HTTP 404\)/,
  },
  {
    name: 'a .wasm changed by one byte',
    change: (folder) => {
      const file = path.join(folder, 'mixpay-checkout.wasm');
      const bytes = fs.readFileSync(file);
      bytes[bytes.length >> 1] ^= 0x01;
      fs.writeFileSync(file, bytes);
    },
    reason: /payment module does not match its published integrity hash/,
  },
  {
    name: 'an HTML page in place of the .wasm (the wrong file)',
    change: (folder) => fs.writeFileSync(path.join(folder, 'mixpay-checkout.wasm'),
      '<!doctype html><title>Shop</title><p>Welcome</p>\n'),
    reason: /payment module does not match its published integrity hash/,
  },
];

for (const c of BROKEN) {
  test(`${c.name}: disabled with the reason, never half-working, nothing sent`, T, async () => {
    const src = distCopy(c.name.replace(/[^a-z0-9]+/gi, '-'), c.change);
    const { page } = await openUnavailable(c.name, {
      scripts: [`<script src="${src}" defer></script>`],
    });
    await assertInert(page, c.reason);
    assert.equal(await page.evaluate(() => window.__changed ?? null), null, 'no changed code ran');
  });
}

test('the right .wasm served with another Content-Type still starts (its hash is what counts)', T, async () => {
  const page = await h.newPage();
  const bytes = fs.readFileSync(path.join(dist, 'mixpay-checkout.wasm'));
  await page.route('**/dist/mixpay-checkout.wasm', (route) =>
    route.fulfill({ status: 200, contentType: 'application/octet-stream', body: bytes }));
  await page.goto(h.writePage('wasm-octet-stream'));
  await waitEvent(page, 'mixpay:ready');
  assert.equal((await buttonState(page)).disabled, false);
});
