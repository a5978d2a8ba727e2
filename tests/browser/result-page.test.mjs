// The return page's own script, dist/mixpay-result.js: a page with only that script and a
// result element shows every status MixPay documents, in every language, without the
// button's script, the .wasm or any WebAssembly (it runs under a CSP without
// 'wasm-unsafe-eval'). With mixpay-checkout.js on the same page, in either order, each
// result element is drawn once. The pages are those of result.test.mjs and
// result-statuses.test.mjs, with the other script.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { T, VALID, assertResultsShow, consoleErrors, events, resultLines, useHarness, waitFor } from './harness.mjs';

const h = useHarness();
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const RESULT_SCRIPT = '<script src="/dist/mixpay-result.js" defer></script>';
const FULL_SCRIPT = '<script src="/dist/mixpay-checkout.js" defer></script>';
const LANGS = ['en', 'zh', 'es', 'ja', 'ru'];
const words = Object.fromEntries(['zh', 'es', 'ja', 'ru'].map((lang) =>
  [lang, JSON.parse(fs.readFileSync(path.join(repo, 'web', 'locales', `${lang}.json`), 'utf8'))]));
const fixture = JSON.parse(fs.readFileSync(
  path.join(repo, 'tests', 'fixtures', 'mixpay-api', 'payments_result.current.json'), 'utf8'));
const ENGLISH = {
  unpaid: 'Waiting for your payment.',
  pending: 'Payment received, being processed\u2026',
  success: 'Payment received. Thank you!',
  auditing: 'Payment received, under review\u2026',
  confirming: 'Waiting for network confirmations\u2026',
  paid_less: 'You paid less than the amount due.',
};
// No WebAssembly at all: a page whose CSP would refuse to compile it.
const NO_WASM_CSP = () =>
  `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ${h.apiOrigin}`;

async function sandboxPayment(status) {
  const traceId = randomUUID();
  const body = new URLSearchParams({ ...VALID, orderId: `order_${traceId.slice(0, 8)}`, traceId });
  const res = await fetch(`${h.apiBase}/one_time_payment`, { method: 'POST', body, signal: AbortSignal.timeout(5_000) });
  assert.equal((await res.json()).success, true);
  if (status === 'failed') {
    const fail = await fetch(`${h.payBase}/code/${traceId}/fail`, {
      method: 'POST', body: new URLSearchParams({ failureCode: '40000' }), redirect: 'manual',
    });
    assert.equal(fail.status, 303);
  } else if (status !== 'unpaid') {
    await h.control('POST', `/__sandbox/status?traceId=${traceId}&status=${status}`);
  }
  return { traceId, apiBase: h.apiBase };
}

// MixPay's documented answer with `status`, as <apiBase>/payments_result on the page's origin.
function scriptedPayment(status) {
  const traceId = randomUUID();
  const folder = path.join(h.dir, 'scripted', status);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'payments_result'),
    JSON.stringify({ ...fixture, data: { ...fixture.data, status, traceId } }));
  return { traceId, apiBase: `${h.origin}/scripted/${status}` };
}

const resultElement = (id, { traceId, apiBase }, lang) => ({
  id, raw: { 'data-mixpay-result': '', 'data-api-base': apiBase, 'data-trace-id': traceId, 'data-locale': lang },
});


const wasmOrButton = (page) => page.rec.responses.filter((r) => /mixpay-checkout\.(js|mjs|wasm)$/.test(new URL(r.url).pathname));

test('only mixpay-result.js: every documented status in every language, no WebAssembly, no CSP violation', T, async () => {
  const payments = {};
  for (const status of ['unpaid', 'pending', 'success', 'failed']) payments[status] = await sandboxPayment(status);
  for (const status of ['auditing', 'confirming', 'paid_less']) payments[status] = scriptedPayment(status);
  const elements = [];
  const want = {};
  let failed = null;
  for (const [status, payment] of Object.entries(payments)) {
    for (const lang of LANGS) {
      const id = `${status}-${lang}`;
      elements.push(resultElement(id, payment, lang));
      if (status !== 'failed') want[id] = lang === 'en' ? ENGLISH[status] : words[lang][`r.${status}`];
      else if (lang !== 'en') want[id] = words[lang]['r.failed'].replace('{reason}', words[lang]['f.40000']);
      else failed = id;
    }
  }
  const page = await h.newPage();
  await page.goto(h.writePage('result-page-all', { elements, scripts: [RESULT_SCRIPT], csp: NO_WASM_CSP() }));
  await assertResultsShow(page, want);
  const results = await events(page, 'mixpay:result');
  const failure = results.find((e) => e.target === failed);
  assert.ok(failure, 'mixpay:result for the failed payment');
  assert.equal(failure.detail.failureCode, '40000');
  assert.deepEqual((await resultLines(page, [failed]))[failed], [`The payment failed: ${failure.detail.failureReason}`]);
  for (const [status, payment] of Object.entries(payments)) {
    assert.ok(results.some((e) => e.detail.status === status && e.detail.traceId === payment.traceId), status);
  }
  assert.deepEqual(wasmOrButton(page), [], 'neither the button\'s script nor the .wasm is fetched');
  assert.equal(await page.evaluate(() => typeof window.MixPayCheckout), 'undefined');
  assert.deepEqual(consoleErrors(page).filter((t) => /Content Security Policy|Refused to/i.test(t)), []);
  assert.deepEqual(page.rec.pageErrors, []);
});

test('only mixpay-result.js: the traceId from the URL, asked again until final; an unknown payment; an element added later', T, async () => {
  const { traceId } = await sandboxPayment('unpaid');
  const page = await h.newPage();
  const url = h.writePage('result-page-progress', {
    elements: [{ id: 'result', raw: { 'data-mixpay-result': '', 'data-api-base': h.apiBase } }],
    scripts: [RESULT_SCRIPT],
  });
  await page.goto(`${url}?traceId=${traceId}`);
  await assertResultsShow(page, { result: ENGLISH.unpaid });
  await h.control('POST', `/__sandbox/status?traceId=${traceId}&status=success`);
  await assertResultsShow(page, { result: ENGLISH.success });

  await page.evaluate(({ apiBase, unknown }) => {
    const element = document.createElement('div');
    element.id = 'later';
    element.setAttribute('data-mixpay-result', '');
    element.setAttribute('data-api-base', apiBase);
    element.setAttribute('data-trace-id', unknown);
    document.body.append(element);
  }, { apiBase: h.apiBase, unknown: randomUUID() });
  await assertResultsShow(page, { result: ENGLISH.success, later: 'This payment could not be found.' });
  const [error] = await events(page, 'mixpay:error');
  assert.equal(error.detail.code, 40022);
  assert.deepEqual(wasmOrButton(page), []);
});

for (const order of [[RESULT_SCRIPT, FULL_SCRIPT], [FULL_SCRIPT, RESULT_SCRIPT]]) {
  const name = order[0] === RESULT_SCRIPT ? 'mixpay-result.js first' : 'mixpay-checkout.js first';
  test(`both scripts on one page (${name}): the full script draws the result element, once`, T, async () => {
    const payment = await sandboxPayment('success');
    const page = await h.newPage();
    await page.goto(h.writePage(`result-page-both-${order[0] === RESULT_SCRIPT ? 'result' : 'full'}`, {
      elements: [resultElement('result-en', payment, 'en'), resultElement('result-ja', payment, 'ja'), { id: 'checkout' }],
      scripts: order,
    }));
    await assertResultsShow(page, { 'result-en': ENGLISH.success, 'result-ja': words.ja['r.success'] });
    await waitFor(async () => (await events(page, 'mixpay:ready')).length === 1, { what: 'the button ready' });
    assert.equal((await events(page, 'mixpay:result')).filter((e) => e.target === 'result-en').length, 1);
    assert.equal(await page.evaluate(() => typeof window.MixPayCheckout), 'object');
  });
}
