// The result element on the merchant's return page: it tells the buyer every status of the
// payment named in the page's URL, keeps asking while it is unpaid or pending, and says
// clearly when it failed or cannot be found. (Only the merchant's server, verifying, says an
// order is paid; this element is for the buyer's information.)
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { T, VALID, closedPort, consoleErrors, events, useHarness, waitEvent, waitFor } from './harness.mjs';

const h = useHarness();
const here = path.dirname(fileURLToPath(import.meta.url));
const ja = JSON.parse(fs.readFileSync(path.join(here, '..', '..', 'web', 'locales', 'ja.json'), 'utf8'));

// A payment made straight at the sandbox's API, as the merchant's page would have.
async function createPayment() {
  const traceId = randomUUID();
  const body = new URLSearchParams({ ...VALID, orderId: `order_${traceId.slice(0, 8)}`, traceId });
  const res = await fetch(`${h.apiBase}/one_time_payment`, { method: 'POST', body, signal: AbortSignal.timeout(5_000) });
  const answer = await res.json();
  assert.equal(answer.success, true, JSON.stringify(answer));
  return traceId;
}

async function setStatus(traceId, status) {
  await h.control('POST', `/__sandbox/status?traceId=${traceId}&status=${status}`);
}

// The return page: a result element for the traceId in its URL.
async function openResult(name, query, attrs = {}) {
  const url = h.writePage(name, {
    elements: [{ id: 'result', raw: { 'data-mixpay-result': '', 'data-api-base': h.apiBase, ...attrs } }],
  });
  const page = await h.newPage();
  await page.goto(`${url}?${query}`);
  return page;
}

const shown = (page) => page.evaluate(() => {
  const line = document.getElementById('result').shadowRoot.querySelector('[role=status]');
  return line ? line.textContent : null;
});

const showsAt = (page, text, timeoutMs = 10_000) =>
  waitFor(async () => (await shown(page)) === text, { timeoutMs, what: `"${text}"` });

test('unpaid, then pending, then success: each shown in turn while the page keeps asking', T, async () => {
  const traceId = await createPayment();
  const page = await openResult('result-progress', `traceId=${traceId}`);
  await showsAt(page, 'Waiting for your payment.');
  await setStatus(traceId, 'pending');
  await showsAt(page, 'Payment received, being processed\u2026');
  await setStatus(traceId, 'success');
  await showsAt(page, 'Payment received. Thank you!');
  const results = await events(page, 'mixpay:result');
  assert.deepEqual([...new Set(results.map((e) => e.detail.status))], ['unpaid', 'pending', 'success']);
  const last = results.at(-1).detail;
  assert.equal(last.traceId, traceId);
  assert.equal(last.quoteAmount, VALID.quoteAmount);
  // Once it is final, the page stops asking.
  const asked = (await h.allRequests()).filter((r) => r.path === '/v1/payments_result').length;
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  assert.equal((await h.allRequests()).filter((r) => r.path === '/v1/payments_result').length, asked);
});

test('failed: the buyer reads why (MixPay\'s failure reason)', T, async () => {
  const traceId = await createPayment();
  const res = await fetch(`${h.payBase}/code/${traceId}/fail`, {
    method: 'POST', body: new URLSearchParams({ failureCode: '40024' }), redirect: 'manual',
  });
  assert.equal(res.status, 303);
  const page = await openResult('result-failed', `traceId=${traceId}`);
  await waitFor(async () => /^The payment failed: .+/.test(await shown(page)), { what: 'the failure' });
  const [event] = await events(page, 'mixpay:result');
  assert.equal(event.detail.status, 'failed');
  assert.equal(event.detail.failureCode, '40024');
  assert.equal(await shown(page), `The payment failed: ${event.detail.failureReason}`);
});

test('failed, in Japanese: the failure code in the buyer\'s language', T, async () => {
  const traceId = await createPayment();
  await fetch(`${h.payBase}/code/${traceId}/fail`, {
    method: 'POST', body: new URLSearchParams({ failureCode: '40024' }), redirect: 'manual',
  });
  const page = await openResult('result-failed-ja', `traceId=${traceId}`, { 'data-locale': 'ja' });
  await showsAt(page, ja['r.failed'].replace('{reason}', ja['f.40024']));
});

test('an unknown payment, and a traceId that is not a UUID: "could not be found", nothing asked for the latter', T, async () => {
  const unknown = await openResult('result-unknown', `traceId=${randomUUID()}`);
  await showsAt(unknown, 'This payment could not be found.');
  const [err] = await events(unknown, 'mixpay:error');
  assert.equal(err.detail.kind, 'api');
  assert.equal(err.detail.code, 40022);

  await h.reset();
  const bad = await openResult('result-bad-trace', 'traceId=../../evil');
  await showsAt(bad, 'This payment could not be found.');
  assert.ok(consoleErrors(bad).some((t) => /traceId/.test(t)));
  assert.deepEqual((await h.allRequests()).filter((r) => r.path === '/v1/payments_result'), []);
});

test('data-trace-param names the URL parameter that holds the traceId', T, async () => {
  const traceId = await createPayment();
  await setStatus(traceId, 'success');
  const page = await openResult('result-param', `trace=${traceId}`, { 'data-trace-param': 'trace' });
  await showsAt(page, 'Payment received. Thank you!');
});

test('the payment service cannot be reached: asked a few times, then "could not be checked"', T, async () => {
  const port = await closedPort();
  const page = await openResult('result-unreachable', `traceId=${randomUUID()}`,
    { 'data-api-base': `http://127.0.0.1:${port}/v1` });
  await showsAt(page, 'The payment status could not be checked. Reload the page to try again.', 30_000);
  const [err] = await waitEvent(page, 'mixpay:error');
  assert.equal(err.detail.kind, 'network');
});
