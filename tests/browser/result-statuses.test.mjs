// The result element in words a buyer understands, for every status MixPay documents for
// payments_result, in each of the five languages (one element per language on one page).
// unpaid, pending, success and failed are set on a real payment through the sandbox's
// control API; auditing, confirming and paid_less, which this sandbox does not set, come
// from a scripted answer: MixPay's documented example (tests/fixtures) with that status,
// served from the page's own origin.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { T, VALID, events, sleep, useHarness, waitFor } from './harness.mjs';

const h = useHarness();
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const LANGS = ['en', 'zh', 'es', 'ja', 'ru'];
const words = Object.fromEntries(['zh', 'es', 'ja', 'ru'].map((lang) =>
  [lang, JSON.parse(fs.readFileSync(path.join(repo, 'web', 'locales', `${lang}.json`), 'utf8'))]));
const fixture = JSON.parse(fs.readFileSync(
  path.join(repo, 'tests', 'fixtures', 'mixpay-api', 'payments_result.current.json'), 'utf8'));

// What the buyer reads, in English (the built-in words) and as each translation says it.
const ENGLISH = {
  unpaid: 'Waiting for your payment.',
  pending: 'Payment received, being processed\u2026',
  success: 'Payment received. Thank you!',
  auditing: 'Payment received, under review\u2026',
  confirming: 'Waiting for network confirmations\u2026',
  paid_less: 'You paid less than the amount due.',
};
const expected = (lang, status) => (lang === 'en' ? ENGLISH[status] : words[lang][`r.${status}`]);

async function sandboxPayment(status) {
  const traceId = randomUUID();
  const body = new URLSearchParams({ ...VALID, orderId: `order_${traceId.slice(0, 8)}`, traceId });
  const res = await fetch(`${h.apiBase}/one_time_payment`, { method: 'POST', body, signal: AbortSignal.timeout(5_000) });
  assert.equal((await res.json()).success, true);
  if (status !== 'unpaid') await h.control('POST', `/__sandbox/status?traceId=${traceId}&status=${status}`);
  return { traceId, apiBase: h.apiBase };
}

// MixPay's documented answer with `status`, as <apiBase>/payments_result on the page's origin.
function scriptedPayment(status) {
  const traceId = randomUUID();
  const folder = path.join(h.dir, 'scripted', status);
  fs.mkdirSync(folder, { recursive: true });
  const answer = { ...fixture, data: { ...fixture.data, status, traceId } };
  fs.writeFileSync(path.join(folder, 'payments_result'), JSON.stringify(answer));
  return { traceId, apiBase: `${h.origin}/scripted/${status}` };
}

// One result element per language, for the payment's traceId.
async function openResults(name, { traceId, apiBase }) {
  const url = h.writePage(name, {
    elements: LANGS.map((lang) => ({
      id: `result-${lang}`,
      raw: { 'data-mixpay-result': '', 'data-api-base': apiBase, 'data-trace-id': traceId, 'data-locale': lang },
    })),
  });
  const page = await h.newPage();
  await page.goto(url);
  return page;
}

const shown = (page) => page.evaluate((langs) => Object.fromEntries(langs.map((lang) => {
  const line = document.getElementById(`result-${lang}`).shadowRoot.querySelector('[role=status]');
  return [lang, line ? line.textContent : null];
})), LANGS);

async function assertShows(page, want) {
  try {
    await waitFor(async () => {
      const now = await shown(page);
      return LANGS.every((lang) => now[lang] === want[lang]);
    }, { what: 'every language' });
  } catch (error) {
    assert.deepEqual(await shown(page), want, error.message);
  }
}

const lookups = (page, apiBase) => page.rec.responses.filter((r) => r.url.startsWith(`${apiBase}/payments_result`)).length;

const CASES = [
  { status: 'unpaid', source: sandboxPayment, final: false },
  { status: 'pending', source: sandboxPayment, final: false },
  { status: 'success', source: sandboxPayment, final: true },
  { status: 'auditing', source: scriptedPayment, final: false },
  { status: 'confirming', source: scriptedPayment, final: false },
  { status: 'paid_less', source: scriptedPayment, final: false },
];

for (const c of CASES) {
  test(`${c.status}: "${ENGLISH[c.status]}" in every language; ${c.final ? 'final: no more asking' : 'not final: asked again'}`, T, async () => {
    const payment = await c.source(c.status);
    const page = await openResults(`result-${c.status}`, payment);
    await assertShows(page, Object.fromEntries(LANGS.map((lang) => [lang, expected(lang, c.status)])));
    const results = await events(page, 'mixpay:result');
    assert.ok(results.length >= LANGS.length);
    assert.deepEqual([...new Set(results.map((e) => e.detail.status))], [c.status]);
    assert.ok(results.every((e) => e.detail.traceId === payment.traceId));
    const asked = lookups(page, payment.apiBase);
    await sleep(3_500);
    if (c.final) assert.equal(lookups(page, payment.apiBase), asked, 'a final status is not asked again');
    else assert.ok(lookups(page, payment.apiBase) > asked, 'asked again while not final');
  });
}

test('failed: the failure in every language, by MixPay\'s failure code', T, async () => {
  const { traceId, apiBase } = await sandboxPayment('unpaid');
  const res = await fetch(`${h.payBase}/code/${traceId}/fail`, {
    method: 'POST', body: new URLSearchParams({ failureCode: '40000' }), redirect: 'manual',
  });
  assert.equal(res.status, 303);
  const page = await openResults('result-failed-all', { traceId, apiBase });
  const [first] = await waitFor(async () => {
    const list = await events(page, 'mixpay:result');
    return list.length ? list : null;
  }, { what: 'a result' });
  assert.equal(first.detail.status, 'failed');
  assert.equal(first.detail.failureCode, '40000');
  await assertShows(page, Object.fromEntries(LANGS.map((lang) => [lang, lang === 'en'
    ? `The payment failed: ${first.detail.failureReason}`
    : words[lang]['r.failed'].replace('{reason}', words[lang]['f.40000'])])));
});

test('a status MixPay does not document is not shown as anything: "could not be checked"', T, async () => {
  const payment = scriptedPayment('refunded');
  const page = await openResults('result-undocumented', payment);
  await waitFor(async () => (await shown(page)).en === 'The payment status could not be checked. Reload the page to try again.',
    { timeoutMs: 30_000, what: 'could not be checked' });
  const [err] = await events(page, 'mixpay:error');
  assert.equal(err.detail.kind, 'response');
  assert.deepEqual(await events(page, 'mixpay:result'), []);
});
