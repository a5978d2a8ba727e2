// mixpay-checkout.js (and the ES module) without the result element's code: a page with a
// [data-mixpay-result] element, there at start or added later, makes it load
// mixpay-result.js once, from the folder of the .wasm, checked against the hash built into
// the script (crossorigin, the button tag's CSP nonce, the page's pinned API on its tag);
// a page without one never asks for it. A file that is missing, changed or refused by the
// page's policy draws nothing, asks the API nothing and says why in the console.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { T, VALID, assertResultsShow, consoleErrors, events, resultLines, sleep, useHarness, waitEvent, waitFor } from './harness.mjs';

const h = useHarness();
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const dist = path.resolve(process.env.MIXPAY_DIST || path.join(repo, 'dist'));
const published = () => JSON.parse(fs.readFileSync(path.join(dist, 'integrity.json'), 'utf8'));
const fixture = JSON.parse(fs.readFileSync(
  path.join(repo, 'tests', 'fixtures', 'mixpay-api', 'payments_result.current.json'), 'utf8'));
const SUCCESS = 'Payment received. Thank you!';
const UNPAID = 'Waiting for your payment.';

// A payment the sandbox made, in `status`.
async function payment(status = 'success') {
  const traceId = randomUUID();
  const body = new URLSearchParams({ ...VALID, orderId: `order_${traceId.slice(0, 8)}`, traceId });
  const res = await fetch(`${h.apiBase}/one_time_payment`, { method: 'POST', body, signal: AbortSignal.timeout(5_000) });
  assert.equal((await res.json()).success, true);
  if (status !== 'unpaid') await h.control('POST', `/__sandbox/status?traceId=${traceId}&status=${status}`);
  return traceId;
}

const resultElement = (id, traceId, apiBase = h.apiBase, more = {}) => ({
  id, raw: { 'data-mixpay-result': '', 'data-trace-id': traceId, ...(apiBase ? { 'data-api-base': apiBase } : {}), ...more },
});

// Adds a result element to the page (in a wrapper when `wrapped`).
const addResult = (page, id, traceId, wrapped = false) => page.evaluate(({ id, traceId, apiBase, wrapped }) => {
  const element = document.createElement('div');
  element.id = id;
  element.setAttribute('data-mixpay-result', '');
  element.setAttribute('data-api-base', apiBase);
  element.setAttribute('data-trace-id', traceId);
  if (!wrapped) return void document.body.append(element);
  const wrapper = document.createElement('section');
  wrapper.append(element);
  document.body.append(wrapper);
}, { id, traceId, apiBase: h.apiBase, wrapped });


// The requests for mixpay-result.js the page made (by path).
const resultScriptRequests = (page) => page.rec.requests.filter((u) => new URL(u).pathname.endsWith('/mixpay-result.js'));

async function newPage() {
  const page = await h.newPage();
  page.rec.requests = [];
  page.on('request', (r) => page.rec.requests.push(r.url()));
  return page;
}

// What the sandbox was asked of payments_result.
const lookups = async () => (await h.allRequests()).filter((r) => r.path === '/v1/payments_result');

test('the button script carries no result element; a button page without one never asks for mixpay-result.js', T, async () => {
  const hash = published()['mixpay-result.js'];
  for (const file of ['mixpay-checkout.js', 'mixpay-checkout.mjs']) {
    const code = fs.readFileSync(path.join(dist, file), 'utf8');
    assert.ok(!code.includes('payments_result') && !code.includes('Checking your payment'), `${file}: no result element`);
    assert.ok(code.includes(hash), `${file}: mixpay-result.js's hash built in`);
  }
  const page = await newPage();
  await page.goto(h.writePage('no-results', {}));
  await waitEvent(page, 'mixpay:ready');
  // Elements that are not result elements, added later, change nothing.
  await page.evaluate(() => {
    const other = document.createElement('div');
    other.setAttribute('data-mixpay-results', '');
    other.innerHTML = '<p data-result>text</p>';
    document.body.append(other);
  });
  await sleep(500);
  assert.deepEqual(resultScriptRequests(page), [], 'mixpay-result.js never asked for');
  assert.equal(await page.evaluate(() => document.querySelectorAll('script[src*="mixpay-result"]').length), 0);
});

test('result elements added after start: mixpay-result.js loaded once, with integrity and crossorigin; each drawn once', T, async () => {
  const first = await payment('success');
  const second = await payment('unpaid');
  const page = await newPage();
  await page.goto(h.writePage('results-later', {}));
  await waitEvent(page, 'mixpay:ready');
  assert.deepEqual(resultScriptRequests(page), [], 'not before a result element is there');
  await addResult(page, 'later', first);
  await assertResultsShow(page, { later: SUCCESS });
  // More of them, one inside another element: the script already there draws them.
  await addResult(page, 'later-2', second);
  await addResult(page, 'later-3', first, true);
  await assertResultsShow(page, { later: SUCCESS, 'later-2': UNPAID, 'later-3': SUCCESS });
  await sleep(300);
  assert.deepEqual(resultScriptRequests(page).map((u) => new URL(u).pathname), ['/dist/mixpay-result.js'], 'once, beside the .wasm');
  const tag = await page.evaluate(() => {
    const scripts = document.querySelectorAll('script[src$="mixpay-result.js"]');
    return { count: scripts.length, integrity: scripts[0].integrity, crossOrigin: scripts[0].crossOrigin, pinned: scripts[0].hasAttribute('data-api-base') };
  });
  assert.deepEqual(tag, { count: 1, integrity: published()['mixpay-result.js'], crossOrigin: 'anonymous', pinned: false });
  const results = await events(page, 'mixpay:result');
  for (const id of ['later', 'later-3']) assert.equal(results.filter((e) => e.target === id).length, 1, `${id}: one answer, final`);
  assert.deepEqual(page.rec.pageErrors, []);
});

// A copy of dist/ (the script, the .wasm and, unless `change` removes it, mixpay-result.js)
// served at /<name>/, changed by `change(folder)`.
function distCopy(name, change) {
  const folder = path.join(h.dir, name);
  fs.mkdirSync(folder, { recursive: true });
  for (const f of ['mixpay-checkout.js', 'mixpay-checkout.wasm', 'mixpay-result.js']) {
    fs.copyFileSync(path.join(dist, f), path.join(folder, f));
  }
  change(folder);
  return `/${name}/mixpay-checkout.js`;
}

// A page with a button and a result element whose mixpay-result.js cannot be used: the
// button still works, the result element stays empty, payments_result is never asked and
// the console names the file and says why.
async function assertNotDrawn(name, { src, csp, why }) {
  const traceId = await payment('success');
  const page = await newPage();
  await page.goto(h.writePage(name, {
    elements: [{ id: 'checkout' }, resultElement('result', traceId)],
    scripts: [`<script src="${src}" defer></script>`],
    csp,
  }));
  await waitEvent(page, 'mixpay:ready');
  const said = await waitFor(() => consoleErrors(page).find((t) => /mixpay-result\.js/.test(t) && /not drawn/.test(t)),
    { what: 'the console error' });
  assert.match(said, why);
  await sleep(500);
  assert.deepEqual(await resultLines(page, ['result']), { result: [] }, 'nothing drawn');
  assert.equal(await page.evaluate(() => document.getElementById('result').shadowRoot), null);
  assert.deepEqual(await lookups(), [], 'nothing asked of the API');
  assert.deepEqual(await events(page, 'mixpay:result'), []);
  return page;
}

test('a tampered mixpay-result.js (its bytes changed) is refused by its integrity: nothing drawn, nothing asked', T, async () => {
  const src = distCopy('tampered-result', (folder) => {
    const file = path.join(folder, 'mixpay-result.js');
    const code = fs.readFileSync(file, 'utf8');
    assert.ok(code.includes(SUCCESS));
    fs.writeFileSync(file, code.replace(SUCCESS, 'Payment received. Ship it!'));
  });
  await assertNotDrawn('tampered-result', { src, why: /does not match its published integrity hash/ });
});

test('mixpay-result.js missing (404): nothing drawn, nothing asked, the console says so', T, async () => {
  const src = distCopy('missing-result', (folder) => fs.rmSync(path.join(folder, 'mixpay-result.js')));
  await assertNotDrawn('missing-result', { src, why: /could not be loaded \(HTTP 404\)/ });
});

test('a page policy that allows the button script but not mixpay-result.js: nothing drawn, the console names the policy', T, async () => {
  const csp = `default-src 'self'; script-src ${h.origin}/record.js ${h.origin}/dist/mixpay-checkout.js 'wasm-unsafe-eval'; ` +
    `style-src 'self'; connect-src 'self' ${h.apiOrigin}`;
  const page = await assertNotDrawn('csp-result', { src: '/dist/mixpay-checkout.js', csp, why: /Content-Security-Policy refuses/ });
  assert.ok((await page.evaluate(() => window.__violations)).some((v) => /mixpay-result\.js$/.test(v.blockedURI)), 'the policy refused it');
});

test('a nonce policy (no host, no unsafe-inline): the button tag\'s nonce goes to mixpay-result.js, which draws', T, async () => {
  const traceId = await payment('success');
  const nonce = 'n0nce' + randomUUID().replace(/-/g, '');
  const csp = `default-src 'self'; script-src 'nonce-${nonce}' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' ${h.apiOrigin}`;
  const url = h.writePage('nonce-result', {
    elements: [{ id: 'checkout' }, resultElement('result', traceId, null), resultElement('result-ja', traceId, null, { 'data-locale': 'ja' })],
    scripts: [`<script nonce="${nonce}" src="/dist/mixpay-checkout.js" data-api-base="${h.apiBase}" defer></script>`],
    csp,
  });
  // The recorder needs the nonce too.
  const file = path.join(h.dir, path.basename(new URL(url).pathname));
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('<script src="/record.js">', `<script nonce="${nonce}" src="/record.js">`));
  const page = await newPage();
  await page.goto(url);
  await waitEvent(page, 'mixpay:ready');
  const ja = JSON.parse(fs.readFileSync(path.join(repo, 'web', 'locales', 'ja.json'), 'utf8'));
  await assertResultsShow(page, { result: SUCCESS, 'result-ja': ja['r.success'] });
  const tag = await page.evaluate(() => {
    const script = document.querySelector('script[src$="mixpay-result.js"]');
    return { nonce: script.nonce, pinned: script.getAttribute('data-api-base') };
  });
  assert.deepEqual(tag, { nonce, pinned: h.apiBase }, 'the nonce and the pinned API on its tag');
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no violation');
  assert.deepEqual(consoleErrors(page).filter((t) => /Content Security Policy|Refused|mixpay/i.test(t)), []);
});

test('the README\'s strict policy: a button page\'s result element drawn without a violation', T, async () => {
  const traceId = await payment('success');
  const csp = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' ${h.apiOrigin}`;
  const page = await newPage();
  await page.goto(h.writePage('strict-result', { elements: [{ id: 'checkout' }, resultElement('result', traceId)], csp }));
  await waitEvent(page, 'mixpay:ready');
  await assertResultsShow(page, { result: SUCCESS });
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
});

test('mixpay-result.js on the page first, mixpay-checkout.js added after the page loaded: each element drawn once', T, async () => {
  const traceId = await payment('success');
  const page = await newPage();
  await page.goto(h.writePage('result-then-button', {
    elements: [resultElement('result', traceId)],
    scripts: ['<script src="/dist/mixpay-result.js" defer></script>'],
  }));
  await assertResultsShow(page, { result: SUCCESS });
  await page.evaluate(() => {
    const button = document.createElement('div');
    button.id = 'checkout';
    document.body.append(button);
    const script = document.createElement('script');
    script.src = '/dist/mixpay-checkout.js';
    document.head.append(script);
  });
  await waitFor(() => page.evaluate(() => typeof window.MixPayCheckout === 'object'), { what: 'the button script' });
  // The copy it loads (its tag marked), given the time to run over the page.
  await waitFor(() => page.evaluate(() => document.querySelectorAll('script[data-loaded-by]').length === 1), { what: 'the loaded copy' });
  await sleep(500);
  await assertResultsShow(page, { result: SUCCESS });
  await addResult(page, 'later', traceId);
  await assertResultsShow(page, { result: SUCCESS, later: SUCCESS });
  await sleep(500);
  await assertResultsShow(page, { result: SUCCESS, later: SUCCESS });
  const results = await events(page, 'mixpay:result');
  for (const id of ['result', 'later']) assert.equal(results.filter((e) => e.target === id).length, 1, `${id}: asked by one copy`);
});

// The ES module bundled into an app (the package linked into node_modules, bundled with
// esbuild into a folder that is not dist/), configured with assetsUrl and a pinned API.
const APP = `import { MixPayCheckout } from 'mixpay-checkout';
MixPayCheckout.configure({ assetsUrl: '/dist', apiBase: document.documentElement.getAttribute('data-pin') });
`;

test('the ES module under a bundler: result elements drawn by mixpay-result.js from assetsUrl, under the pinned API', T, async () => {
  const project = fs.mkdtempSync(path.join(h.dir, '.project-'));
  fs.mkdirSync(path.join(project, 'node_modules'));
  fs.symlinkSync(dist, path.join(project, 'node_modules', 'mixpay-checkout'), 'dir');
  fs.writeFileSync(path.join(project, 'app.js'), APP);
  await esbuild.build({
    entryPoints: [path.join(project, 'app.js')], bundle: true, format: 'esm', platform: 'browser',
    outfile: path.join(h.dir, 'result-app', 'app.js'), logLevel: 'error',
  });
  // Another API on the page's origin whose payments_result says `success`: an element
  // naming it is refused under the pin, never asked.
  const traceId = await payment('unpaid');
  const other = path.join(h.dir, 'other-api-esm');
  fs.mkdirSync(other, { recursive: true });
  fs.writeFileSync(path.join(other, 'payments_result'), JSON.stringify({ ...fixture, data: { ...fixture.data, status: 'success', traceId } }));
  const url = h.writePage('bundled-results', {
    elements: [resultElement('own', traceId, null), resultElement('injected', traceId, `${h.origin}/other-api-esm`)],
    scripts: ['<script type="module" src="/result-app/app.js"></script>'],
  });
  const file = path.join(h.dir, path.basename(new URL(url).pathname));
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('<html lang="en"', `<html lang="en" data-pin="${h.apiBase}"`));
  const page = await newPage();
  await page.goto(url);
  await assertResultsShow(page, { own: UNPAID, injected: 'This payment could not be found.' });
  assert.deepEqual(resultScriptRequests(page).map((u) => new URL(u).pathname), ['/dist/mixpay-result.js']);
  assert.ok(page.rec.requests.every((u) => !u.startsWith(`${h.origin}/other-api-esm`)), 'the other API never asked');
  assert.ok(consoleErrors(page).some((t) => /apiBase: not what this page pins/.test(t)));
});
