// The shop killed (SIGKILL) at each point of a checkout and started again on the same
// database and ports: the buyer's retry, their payment and MixPay's callback delivered again
// still end with the order verified paid, and MixPay only ever saw one payment: every create
// request for the traceId carries the same bytes, and no other traceId was created.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, test } from 'node:test';
import { SandboxPages, closedPort, waitFor } from '../browser/sandbox-pages.mjs';
import { CATALOGUE, PAYEE, ShopServer } from './shop-server.mjs';

const T = { timeout: 45_000 };
const sb = new SandboxPages();
const shop = new ShopServer();
process.env.SSL_CERT_FILE = shop.certFile; // the sandbox calls the shop back over https

before(async () => {
  await sb.start({ prefix: 'mixpay-shop-crash-' });
  await shop.start(sb.origin);
}, { timeout: 60_000 });
after(async () => {
  await shop.stop();
  await sb.stop();
  assert.equal(shop.exit.code, 0, `the shop stops cleanly on SIGTERM\n${shop.log}`);
}, { timeout: 30_000 });
beforeEach(() => sb.reset(), { timeout: 10_000 });

async function lookups() {
  return (await sb.allRequests()).filter((r) => r.path === '/v1/payments_result').length;
}

async function callbackOf(traceId) {
  return ((await sb.control('GET', '/__sandbox/callbacks')) || []).find((c) => c.traceId === traceId);
}

// The sandbox's first try of the success callback, failed (the shop is down).
async function firstTryFailed(traceId) {
  return waitFor(async () => {
    const c = await callbackOf(traceId);
    return c && c.event === 'success' && c.attempts >= 1 && !c.delivered && c.nextTryMs ? c : null;
  }, { what: 'the sandbox\'s first try of the callback, failed' });
}

// MixPay's own retry (15 s later on its schedule: the sandbox clock moved on) reaches the
// shop, which acknowledges it only now that the verified result is stored.
async function retriedByMixPay(traceId) {
  await sb.control('POST', '/__sandbox/clock?advance=15');
  const done = await waitFor(async () => {
    const c = await callbackOf(traceId);
    return c && c.delivered ? c : null;
  }, { what: 'the callback tried again and acknowledged' });
  assert.ok(done.attempts >= 2, `acknowledged on a retry (${done.attempts} tries)`);
}

async function pay(traceId) {
  const res = await fetch(`${sb.origin}/code/${traceId}/pay`, {
    method: 'POST', body: new URLSearchParams(), redirect: 'manual', signal: AbortSignal.timeout(5_000),
  });
  assert.equal(res.status, 303, 'Pay on the sandbox\'s page');
}

// A checkout the shop does not live to answer; resolves with the orderId it had stored.
async function checkoutKilled(traceId, product) {
  await assert.rejects(shop.checkout({ traceId, product }), 'no answer from a killed shop');
  const { signal } = await shop.died();
  assert.equal(signal, 'SIGKILL');
  const stored = shop.log.match(new RegExp(`order (NW-\\d+-[0-9a-f]{6}) \\(${product}\\) for traceId ${traceId}`));
  assert.ok(stored, `the order was stored before the kill\n${shop.log}`);
  return stored[1];
}

// One payment at MixPay: every create request is this order's, byte for byte the same.
async function assertOnePayment(traceId, product, requests) {
  const sent = await sb.payments();
  assert.equal(sent.length, requests, `${requests} create request(s)`);
  for (const r of sent) {
    assert.equal(r.params.traceId, traceId, 'no payment under another traceId');
    assert.equal(r.body, sent[0].body, 'the same parameters every time');
  }
  assert.equal(sent[0].params.quoteAmount, CATALOGUE[product].amount);
  assert.match(sent[0].params.expiredTimestamp, /^\d+$/, 'the code expires');
  const result = await sb.paymentResult(traceId);
  assert.equal(result.success, true);
  return { orderId: sent[0].params.orderId, result: result.data };
}

// Paid once MixPay's callback is handled; GET /orders then needs no lookup of its own.
async function assertPaidByCallback(traceId, orderId) {
  const { body } = await shop.order(traceId);
  assert.equal(body.status, 'paid', JSON.stringify(body));
  assert.equal(body.orderId, orderId, 'the order that was stored before MixPay was called');
  const before = await lookups();
  assert.equal((await shop.order(traceId)).body.status, 'paid');
  assert.equal(await lookups(), before, 'a stored paid verdict');
}

test('killed after the order is stored, before MixPay is called: the retry creates its one payment and it is paid', T, async () => {
  await shop.restart(['--kill-at', 'order-stored']);
  const traceId = randomUUID();
  const stored = await checkoutKilled(traceId, 'hoodie');
  assert.deepEqual(await sb.payments(), [], 'MixPay was not called');

  await shop.restart();
  const retry = await shop.checkout({ traceId, product: 'hoodie' });
  assert.deepEqual(retry, { status: 200, body: { code: traceId } });
  const { orderId } = await assertOnePayment(traceId, 'hoodie', 1);
  assert.equal(orderId, stored, 'the order stored before the kill, not a new one');

  await pay(traceId);
  await waitFor(async () => (await callbackOf(traceId))?.delivered, { what: 'the callback delivered' });
  await assertPaidByCallback(traceId, orderId);
});

test('killed after MixPay created the payment, before the shop answered: the retry gets the same code, one payment, paid', T, async () => {
  await shop.restart(['--kill-at', 'payment-created']);
  const traceId = randomUUID();
  const stored = await checkoutKilled(traceId, 'mug');
  const first = await assertOnePayment(traceId, 'mug', 1);
  assert.equal(first.orderId, stored);
  assert.equal(first.result.status, 'unpaid', 'the payment exists at MixPay');

  await shop.restart();
  const retry = await shop.checkout({ traceId, product: 'mug' });
  assert.deepEqual(retry, { status: 200, body: { code: traceId } }, 'MixPay\'s answer for the same traceId and parameters');
  const { orderId } = await assertOnePayment(traceId, 'mug', 2);
  assert.equal(orderId, first.orderId);
  const again = await shop.checkout({ traceId, product: 'mug' });
  assert.deepEqual(again, retry);
  await assertOnePayment(traceId, 'mug', 2); // the stored code: MixPay is not asked again

  await pay(traceId);
  await waitFor(async () => (await callbackOf(traceId))?.delivered, { what: 'the callback delivered' });
  await assertPaidByCallback(traceId, orderId);
});

test('killed while MixPay is still answering the create call (kill -9 from outside): the retry and the late answer make one payment', T, async () => {
  await sb.fault('hang', 1, { seconds: '2' });
  const traceId = randomUUID();
  const answered = shop.checkout({ traceId, product: 'notebook' }).then(() => 'answered', () => 'no answer');
  await sb.waitPayments(1);
  await shop.kill();
  assert.equal(await answered, 'no answer');

  await shop.restart();
  const retry = await shop.checkout({ traceId, product: 'notebook' });
  assert.deepEqual(retry, { status: 200, body: { code: traceId } });
  await new Promise((resolve) => setTimeout(resolve, 2_500)); // the hung request ends too
  const { orderId } = await assertOnePayment(traceId, 'notebook', 2);
  await pay(traceId);
  await waitFor(async () => (await callbackOf(traceId))?.delivered, { what: 'the callback delivered' });
  await assertPaidByCallback(traceId, orderId);
});

test('down when the buyer pays: MixPay\'s callback fails, the shop comes back, the callback delivered again makes it paid', T, async () => {
  const traceId = randomUUID();
  assert.equal((await shop.checkout({ traceId, product: 'hoodie' })).status, 200);
  await shop.kill();
  await pay(traceId);
  const failed = await firstTryFailed(traceId);
  assert.equal(failed.delivered, false, 'nobody acknowledged it');

  await shop.restart();
  await retriedByMixPay(traceId);
  const { orderId } = await assertOnePayment(traceId, 'hoodie', 1);
  await assertPaidByCallback(traceId, orderId);
});

test('killed after the callback\'s lookup, before its verdict is stored: not acknowledged, and delivered again it is', T, async () => {
  await shop.restart(['--kill-at', 'verified']);
  const traceId = randomUUID();
  assert.equal((await shop.checkout({ traceId, product: 'mug' })).status, 200);
  await pay(traceId);
  const { signal } = await shop.died();
  assert.equal(signal, 'SIGKILL', 'killed while handling the callback');
  assert.equal(await lookups(), 1, 'it had looked the payment up');
  const failed = await firstTryFailed(traceId);
  assert.equal(failed.delivered, false);

  await shop.restart();
  await retriedByMixPay(traceId);
  assert.equal(await lookups(), 2, 'looked up again: the first verdict was never stored');
  const { orderId } = await assertOnePayment(traceId, 'mug', 1);
  await assertPaidByCallback(traceId, orderId);
});

test('MixPay unreachable when the callback comes: not acknowledged (503), so MixPay calls again; the order is not paid', T, async () => {
  const lonely = new ShopServer();
  await lonely.start(`http://127.0.0.1:${await closedPort()}`);
  try {
    const traceId = randomUUID();
    const made = await lonely.checkout({ traceId, product: 'mug' });
    assert.equal(made.status, 502, 'stored, then MixPay could not be reached');
    const answer = await lonely.callback({ orderId: 'NW-1-000000', traceId, payeeId: PAYEE });
    assert.deepEqual(answer, { status: 503, body: { code: 'RETRY' } });
    const { body } = await lonely.order(traceId);
    assert.equal(body.status, 'unknown');
  } finally {
    await lonely.stop();
  }
  assert.equal(lonely.exit.code, 0);
});
