// Every fault mode of the sandbox with the outcome CONTRACT §4.3–4.5 promises: transient
// failures are retried with the same traceId and body, the rest end the attempt at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, UUID_V4, button, closedPort, events, sleep, stayedFor, useHarness, waitOutcome } from './harness.mjs';

const h = useHarness();

function assertSameAttempt(sent) {
  const first = sent[0];
  assert.match(first.params.traceId, UUID_V4);
  for (const r of sent.slice(1)) {
    assert.equal(r.params.traceId, first.params.traceId, 'every try carries the same traceId');
    assert.equal(r.body, first.body, 'every try sends the same body');
  }
}

// One attempt that must end in mixpay:created (canceled, to read its detail) after `tries`.
async function expectRecovered(name, tries, attrs = {}) {
  const page = await h.open(name, { elements: [{ id: 'checkout', attrs }], cancel: ['mixpay:created', 'mixpay:error'] });
  await button(page).click();
  const created = await waitOutcome(page);
  assert.equal(created.type, 'mixpay:created', `the attempt recovers: ${JSON.stringify(created.detail)}`);
  await h.waitPayments(tries, 8_000);
  await sleep(300);
  const sent = await h.payments();
  assert.equal(sent.length, tries, `${tries} tries`);
  assertSameAttempt(sent);
  assert.equal(created.detail.traceId, sent[0].params.traceId);
  assert.equal((await events(page, 'mixpay:error')).length, 0);
  return { page, sent };
}

// One attempt that must end in mixpay:error (canceled: the page stays) after `tries`.
async function expectFailed(name, tries, attrs = {}) {
  const page = await h.open(name, { elements: [{ id: 'checkout', attrs }], cancel: ['mixpay:error'] });
  await button(page).click();
  const err = await waitOutcome(page, { timeoutMs: 25_000 });
  assert.equal(err.type, 'mixpay:error', `the attempt fails: ${JSON.stringify(err.detail)}`);
  // A hung request may be recorded only when it is answered: wait for the expected tries,
  // then long enough for a retry that should not happen to show up (backoff is ≥300 ms).
  if (tries > 0) await h.waitPayments(tries, 8_000);
  await sleep(800);
  const sent = await h.payments();
  assert.equal(sent.length, tries, `${tries} tries`);
  if (tries > 0) assertSameAttempt(sent);
  assert.equal(typeof err.detail.message, 'string');
  assert.ok(err.detail.message.length > 0, 'the error has a message');
  assert.equal((await events(page, 'mixpay:created')).length, 0);
  const stay = await stayedFor(page, 0);
  assert.equal(stay.url, page.startUrl, 'no navigation');
  assert.deepEqual(stay.navigations, []);
  return { page, err: err.detail, sent };
}

test('http500 once: retried and succeeds with the same traceId and body', T, async () => {
  await h.fault('http500', 1);
  await expectRecovered('http500-once', 2);
});

test('a merchant-given data-trace-id is sent unchanged on every try', T, async () => {
  const traceId = '6f1e4b5a-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
  await h.fault('http500', 1);
  const { sent } = await expectRecovered('given-trace-id', 2, { traceId });
  assert.equal(sent[0].params.traceId, traceId);
});

test('http500 every time: 1 + 3 default retries with growing backoff, then kind http 500', T, async () => {
  await h.fault('http500', 10);
  const { err, sent } = await expectFailed('http500-many', 4);
  assert.equal(err.kind, 'http');
  assert.equal(err.status, 500);
  // Backoff 400 ms × 2^n ± 25%: gaps of at least 300, 600 and 1200 ms.
  const gaps = sent.slice(1).map((r, i) => r.timeMs - sent[i].timeMs);
  assert.ok(gaps[0] >= 300 && gaps[1] >= 600 && gaps[2] >= 1200, `backoff gaps ${gaps}`);
});

test('data-retries="1": http500 every time gives exactly two tries', T, async () => {
  await h.fault('http500', 10);
  const { err } = await expectFailed('http500-retries-1', 2, { retries: '1' });
  assert.equal(err.kind, 'http');
  assert.equal(err.status, 500);
});

test('malformed JSON: kind response, not retried', T, async () => {
  await h.fault('malformed', 5);
  const { err } = await expectFailed('malformed', 1);
  assert.equal(err.kind, 'response');
});

for (const code of [-1, 1429]) {
  test(`api ${code} once: transient, retried with the same traceId and succeeds`, T, async () => {
    await h.fault('api', 1, { code: String(code) });
    await expectRecovered(`api${code}-once`, 2);
  });
}

test('api -1 every time: kind api code -1 after the retries', T, async () => {
  await h.fault('api', 10, { code: '-1' });
  const { err } = await expectFailed('api-1-many', 2, { retries: '1' });
  assert.equal(err.kind, 'api');
  assert.equal(err.code, -1);
});

for (const code of [1017, 10008]) {
  test(`api ${code}: kind api code ${code}, not retried`, T, async () => {
    await h.fault('api', 5, { code: String(code) });
    const { err } = await expectFailed(`api${code}`, 1);
    assert.equal(err.kind, 'api');
    assert.equal(err.code, code);
    assert.equal(err.status, 200);
  });
}

test('api 1017 through create(): it rejects with an Error carrying kind, status, code and the message', T, async () => {
  await h.fault('api', 5, { code: '1017' });
  const page = await h.open('api1017-create', { elements: [{ id: 'checkout' }] });
  const error = await page.evaluate(() => MixPayCheckout.create({ ...document.getElementById('checkout').dataset })
    .then(() => null, (e) => ({ isError: e instanceof Error, kind: e.kind, status: e.status, code: e.code, message: e.message })));
  assert.ok(error, 'create() rejects');
  const { message, ...rest } = error;
  assert.deepEqual(rest, { isError: true, kind: 'api', status: 200, code: 1017 });
  assert.equal(typeof message, 'string');
  assert.ok(message.length > 0, 'the error has a message');
  assert.equal((await h.payments()).length, 1, 'sent once, not retried');
});

test('hang beyond data-timeout: kind timeout after the retries, same traceId', T, async () => {
  await h.fault('hang', 2, { seconds: '4' });
  const started = Date.now();
  // Own orderIds: a hung try is answered (and creates its payment) after the test moved on.
  const { err } = await expectFailed('hang', 2, { timeout: '1500', retries: '1', orderId: 'order_hang_many' });
  assert.equal(err.kind, 'timeout');
  assert.ok(Date.now() - started < 12_000, 'the timeout ends the attempt, not the hang');
});

test('hang once: the timed-out try is retried and succeeds', T, async () => {
  await h.fault('hang', 1, { seconds: '4' });
  await expectRecovered('hang-once', 2, { timeout: '1500', retries: '1', orderId: 'order_hang_once' });
});

test('badcode: kind response and no navigation anywhere', T, async () => {
  await h.fault('badcode', 5);
  const { err } = await expectFailed('badcode', 1);
  assert.equal(err.kind, 'response');
});

test('badcode with failedReturnTo: only the merchant page is ever navigated to', T, async () => {
  await h.fault('badcode', 5);
  const page = await h.open('badcode-failed', {
    elements: [{ id: 'checkout', attrs: { failedReturnTo: `${h.origin}/failed.html?trace={traceId}` } }],
  });
  await button(page).click();
  await page.waitForURL((u) => u.pathname === '/failed.html', { timeout: 15_000 });
  const navs = page.rec.navRequests.slice(page.navCountAtStart);
  assert.equal(navs.length, 1, `one navigation: ${navs}`);
  assert.equal(new URL(navs[0]).origin, h.origin);
  assert.equal(new URL(navs[0]).pathname, '/failed.html');
});

test('network error (closed port): kind network after retries, nothing reached the sandbox', T, async () => {
  const port = await closedPort();
  const { err } = await expectFailed('network', 0, { apiBase: `http://127.0.0.1:${port}/v1`, retries: '1' });
  assert.equal(err.kind, 'network');
});

test('final failure with failedReturnTo set: navigates there with {traceId} filled', T, async () => {
  await h.fault('http500', 10);
  const page = await h.open('failed-return', {
    elements: [{ id: 'checkout', attrs: { retries: '0', failedReturnTo: `${h.origin}/failed.html?trace={traceId}` } }],
  });
  await button(page).click();
  await page.waitForURL((u) => u.pathname === '/failed.html', { timeout: 15_000 });
  const sent = await h.payments();
  assert.equal(sent.length, 1, 'data-retries="0": one try');
  assert.equal(new URL(page.url()).searchParams.get('trace'), sent[0].params.traceId);
});
