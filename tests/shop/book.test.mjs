// The order book under a client that makes orders it never pays, and other sites' pages:
// refused and unpaid orders expire (short --failed-ttl / --order-ttl), the cap refuses only
// while live unpaid orders fill it, paid orders are kept; cross-site POSTs (from Chromium on
// another origin, and by hand) create nothing and look nothing up.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import { Harness, T, waitFor } from '../browser/harness.mjs';
import { NO_LIMITS, PAYEE, ShopServer, USDT } from './shop-server.mjs';

const MAX = 5;
const h = new Harness();
const shop = new ShopServer([...NO_LIMITS, '--max-orders', String(MAX), '--order-ttl', '2', '--failed-ttl', '1']);
process.env.SSL_CERT_FILE = shop.certFile;

before(async () => {
  await h.start();
  await shop.start(h.origin);
}, { timeout: 60_000 });
after(async () => {
  await shop.stop();
  await h.stop();
  assert.equal(shop.exit.code, 0, `the shop stops cleanly on SIGTERM\n${shop.log}`);
}, { timeout: 30_000 });
beforeEach(() => h.reset(), { timeout: 10_000 });
afterEach(() => h.closeContexts(), { timeout: 10_000 });

const status = async (traceId) => (await shop.fetch(`/orders/${traceId}`)).status;
const order = (product = 'notebook') => shop.checkout({ traceId: randomUUID(), product });

// Until every order of the list is forgotten (the shop's sweep runs every half second).
function forgotten(traceIds, what) {
  return waitFor(async () => {
    for (const t of traceIds) if ((await status(t)) !== 404) return false;
    return true;
  }, { timeoutMs: 6_000, what });
}

test('refused and unpaid orders expire, the cap refuses only while live unpaid orders fill it, paid orders are kept', T, async () => {
  // An order MixPay refuses: its traceId already has another payment.
  const refusedId = randomUUID();
  const made = await fetch(`${h.origin}/v1/one_time_payment`, {
    method: 'POST', signal: AbortSignal.timeout(5_000),
    body: new URLSearchParams({ payeeId: PAYEE, quoteAmount: '1', quoteAssetId: 'usd', settlementAssetId: USDT, traceId: refusedId }),
  }).then((r) => r.json());
  assert.equal(made.success, true);
  assert.equal((await shop.checkout({ traceId: refusedId, product: 'mug' })).body.error, 'mixpay_refused');
  assert.equal(await status(refusedId), 200, 'kept for a moment');

  // The rest of the book, by a client that never pays.
  const unpaid = [];
  for (let i = 1; i < MAX; i++) {
    const answer = await order();
    assert.equal(answer.status, 200);
    unpaid.push(answer.body.code);
  }
  const full = await order();
  assert.equal(full.status, 503);
  assert.equal(full.body.error, 'too_many_orders', 'five live orders fill it');
  const buyer = randomUUID();
  assert.equal((await shop.checkout({ traceId: buyer, product: 'hoodie' })).status, 503, 'a real buyer too, while it is full');
  assert.deepEqual((await h.payments()).map((p) => p.params.traceId).filter((t) => t === buyer), [], 'nothing sent for a refused order');

  await forgotten([refusedId], 'the refused order forgotten after --failed-ttl');
  assert.deepEqual(await shop.checkout({ traceId: buyer, product: 'hoodie' }), { status: 200, body: { code: buyer } },
    'the buyer\'s retry with the same traceId gets the freed place');
  const pay = await fetch(`${h.origin}/code/${buyer}/pay`, { method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(5_000) });
  assert.equal(pay.status, 303);
  await waitFor(async () => (await shop.order(buyer)).body.status === 'paid', { what: 'the buyer\'s order paid' });

  await forgotten(unpaid, 'the unpaid orders forgotten after --order-ttl');
  assert.equal((await shop.order(buyer)).body.status, 'paid', 'a paid order is kept');

  // A client making orders in a loop for three seconds: the book never holds more than it
  // may, and once the loop's orders have expired a real buyer is served again (the paid
  // order does not count against the cap).
  const looped = [];
  let refused = 0;
  for (const end = Date.now() + 3_000; Date.now() < end;) {
    const answer = await order('mug');
    if (answer.status === 200) looped.push(answer.body.code);
    else if (answer.body.error === 'too_many_orders') refused++;
    else assert.fail(JSON.stringify(answer));
  }
  assert.ok(refused > 0, 'the loop met the cap');
  assert.ok(looped.length >= MAX, `${looped.length} orders made, as earlier ones expired`);
  const live = [];
  for (const t of looped) if ((await status(t)) === 200) live.push(t);
  assert.ok(live.length <= MAX, `${live.length} of the loop's orders live`);
  await forgotten(looped, 'the loop\'s orders forgotten');
  const late = await order('hoodie');
  assert.equal(late.status, 200, 'a real buyer once the loop\'s orders expired');
  assert.equal((await shop.order(buyer)).body.status, 'paid');
  console.log(`loop: ${looped.length} orders made in 3 s, ${refused} refused at the cap, at most ${MAX} live`);
});

test('cross-site POSTs create nothing: Chromium on another origin (no-cors text/plain and form bodies, a JSON fetch, a form), and by hand', T, async () => {
  const ids = Array.from({ length: 6 }, () => randomUUID());
  // A page on the sandbox's origin: another origin than the shop's (same site: 127.0.0.1).
  const page = await h.newPage();
  await page.goto(`${h.origin}/__sandbox/config`);
  const sent = await page.evaluate(async ({ shop, ids }) => {
    const out = [];
    const send = (init) => fetch(`${shop}/checkout/mixpay`, { method: 'POST', ...init }).then(
      (r) => out.push(r.type === 'opaque' ? 'opaque' : r.status), (e) => out.push(`error ${e.name}`));
    await send({ mode: 'no-cors', body: `traceId=${ids[0]}&product=mug`, headers: { 'Content-Type': 'text/plain' } });
    await send({ mode: 'no-cors', body: new URLSearchParams({ traceId: ids[1], product: 'mug' }) });
    await send({ body: JSON.stringify({ traceId: ids[2], product: 'mug' }), headers: { 'Content-Type': 'application/json' } });
    await fetch(`${shop}/callbacks/mixpay`, { method: 'POST', mode: 'no-cors', body: JSON.stringify({ traceId: ids[0] }), headers: { 'Content-Type': 'text/plain' } }).catch(() => {});
    return out;
  }, { shop: shop.origin, ids });
  assert.deepEqual(sent, ['opaque', 'opaque', 'error TypeError'], 'the JSON fetch needs a preflight the shop never approves');
  // A form of that page posting to the shop's no-JavaScript checkout.
  await page.evaluate(({ shop, id }) => {
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = `${shop}/buy/mug`;
    const input = document.createElement('input');
    input.name = 'traceId';
    input.value = id;
    form.append(input);
    document.body.append(form);
    form.submit();
  }, { shop: shop.origin, id: ids[3] });
  await page.waitForURL(`${shop.origin}/buy/mug`);
  assert.match(await page.locator('h1').textContent(), /Not from this shop/);

  // By hand: another Origin, a browser's cross-site fetch metadata, nothing at all.
  const byHand = [
    [{ Origin: 'https://evil.example', 'Content-Type': 'text/plain' }, ids[4]],
    [{ Origin: 'null' }, ids[4]],
    [{ 'Sec-Fetch-Site': 'cross-site' }, ids[5]],
    [{ 'Sec-Fetch-Site': 'same-site' }, ids[5]],
    [{}, ids[5]],
  ];
  for (const [headers, traceId] of byHand) {
    const answer = await shop.checkout({ traceId, product: 'mug' }, headers);
    assert.equal(answer.status, 403, JSON.stringify(headers));
    assert.equal(answer.body.error, 'cross_origin');
  }
  for (const id of ids) assert.equal(await status(id), 404, 'no order');
  assert.deepEqual(await h.payments(), [], 'nothing sent to MixPay');
  assert.deepEqual((await h.allRequests()).filter((r) => r.path === '/v1/payments_result'), [], 'nothing looked up');

  // The shop's own pages still check out: Origin, or Sec-Fetch-Site: same-origin without one.
  const same = randomUUID();
  assert.equal((await shop.checkout({ traceId: same, product: 'mug' }, { 'Sec-Fetch-Site': 'same-origin' })).status, 200);
});
