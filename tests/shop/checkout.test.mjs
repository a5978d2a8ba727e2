// The demo shop as a buyer and an attacker meet it: its pages served by mixpay-demo-shop,
// which creates each payment itself (server-created mode) and verifies it with MixPay,
// against a sandbox. Pages come from the shop's origin; the sandbox (API and payment page) is
// another origin. Nothing leaves loopback.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import { Harness, T, UUID, UUID_V4, sleep, waitFor } from '../browser/harness.mjs';
import { CATALOGUE, PAYEE, ShopServer, USDT } from './shop-server.mjs';

// The browser suite's harness (one sandbox and one Chromium for the file, a context per
// test), wired here so that the shop starts after the sandbox it talks to.
const h = new Harness();
const shop = new ShopServer();
process.env.SSL_CERT_FILE = shop.certFile; // the sandbox calls the shop back over https

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

const OTHER_PAYEE = '0123456789abcdef0123456789abcdef';
const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
const ORDER_ID = /^NW-\d+-[0-9a-f]{6}$/;

// What the sandbox was asked to create, with the fields every shop payment has.
function assertCharged(request, product, traceId) {
  const p = request.params;
  assert.equal(p.traceId, traceId);
  assert.equal(p.payeeId, PAYEE, 'the merchant\'s payee');
  assert.equal(p.quoteAmount, CATALOGUE[product].amount, 'the catalogue\'s amount');
  assert.equal(p.quoteAssetId, 'usd');
  assert.equal(p.settlementAssetId, USDT);
  assert.equal(p.remark, CATALOGUE[product].name);
  assert.equal(p.isTemp, '1');
  assert.match(p.orderId, ORDER_ID, 'the shop numbers its orders itself');
  assert.equal(p.returnTo, `${shop.origin}/thanks.html?traceId=${traceId}`);
  assert.equal(p.failedReturnTo, `${shop.origin}/failed.html?traceId=${traceId}`);
  assert.equal(p.callbackUrl, shop.callbackUrl);
  assert.match(p.callbackUrl, /^https:\/\/127\.0\.0\.1:\d+\/callbacks\/mixpay$/);
}

async function lookups() {
  return (await h.allRequests()).filter((r) => r.path === '/v1/payments_result').length;
}

async function callbacks(traceId) {
  return ((await h.control('GET', '/__sandbox/callbacks')) || []).filter((c) => c.traceId === traceId);
}

function waitDelivered(traceId) {
  return waitFor(async () => (await callbacks(traceId)).find((c) => c.delivered), {
    timeoutMs: 10_000, what: `the callback of ${traceId} delivered`,
  });
}

// The sandbox's payment page buttons, without a browser.
async function sandboxAction(traceId, action, body = {}) {
  const res = await fetch(`${h.origin}/code/${traceId}/${action}`, {
    method: 'POST', body: new URLSearchParams(body), redirect: 'manual', signal: AbortSignal.timeout(5_000),
  });
  assert.equal(res.status, 303, `${action} on the sandbox's page`);
  return res.headers.get('location');
}

async function openShop(path = '/') {
  const page = await h.newPage();
  await page.goto(`${shop.origin}${path}`);
  return page;
}

function buyButton(page, product) {
  return page.locator(`#buy-${product} button`);
}

async function clickToCodePage(page, product) {
  await buyButton(page, product).click();
  await page.waitForURL((u) => u.href.startsWith(`${h.origin}/code/`), { timeout: 20_000 });
  return new URL(page.url()).pathname.slice('/code/'.length);
}

const verdict = (page) => page.locator('#order-status').textContent();
const buyerStatus = (page) => page.evaluate(() => {
  const root = document.getElementById('mixpay-result').shadowRoot;
  const line = root && root.querySelector('[role=status]');
  return line ? line.textContent : null;
});

// (a) -------------------------------------------------------------------------------------

test('a product bought in the page: one payment at the catalogue price, Pay, the callback, "paid (verified by the shop)"', T, async () => {
  const page = await openShop();
  const code = await clickToCodePage(page, 'hoodie');
  assert.match(code, UUID_V4);

  const sent = await h.payments();
  assert.equal(sent.length, 1, 'exactly one one_time_payment');
  assertCharged(sent[0], 'hoodie', code);
  assert.equal(sent[0].origin, '', 'made by the shop\'s server, not by the page');
  const asked = page.rec.responses.filter((r) => r.url === `${shop.origin}/checkout/mixpay`);
  assert.deepEqual(asked.map((r) => r.status), [200], 'the page asked the shop once');

  await page.getByRole('button', { name: /^\s*Pay\b/ }).click();
  await page.waitForURL(`${shop.origin}/thanks.html?traceId=${code}`, { timeout: 15_000 });
  const delivered = await waitDelivered(code);
  assert.equal(delivered.status, 200);
  assert.equal(delivered.url, shop.callbackUrl);

  await waitFor(async () => (await verdict(page)) === 'paid (verified by the shop)', { what: 'the shop\'s verdict' });
  await waitFor(async () => (await buyerStatus(page)) === 'Payment received. Thank you!', { what: 'the result element' });
  assert.equal(await page.locator('#order-amount').textContent(), '49.00 USD');
  assert.match(await page.locator('#order-id').textContent(), ORDER_ID);
  assert.deepEqual(page.rec.pageErrors, []);
  assert.deepEqual(page.rec.console.filter((m) => m.type === 'error'), [], 'no CSP violation, no error');
});

test('MixPay\'s callback verifies the order: paid before anyone asks, and asking costs no other lookup', T, async () => {
  const traceId = randomUUID();
  const created = await shop.checkout({ traceId, product: 'mug' });
  assert.deepEqual(created, { status: 200, body: { code: traceId } });
  assert.equal(await lookups(), 0);

  await sandboxAction(traceId, 'pay');
  await waitDelivered(traceId);
  assert.equal(await lookups(), 1, 'the callback looked the payment up');
  const { status, body } = await shop.order(traceId);
  assert.equal(status, 200);
  assert.deepEqual(body, {
    traceId, orderId: body.orderId, product: 'mug', amount: '12.50', asset: 'usd', status: 'paid', mismatches: [],
  });
  assert.match(body.orderId, ORDER_ID);
  assert.equal(await lookups(), 1, 'a verified paid order is not looked up again');
});

test('Fail on the payment page: the failed page, with the shop\'s verdict and MixPay\'s reason', T, async () => {
  const page = await openShop();
  const code = await clickToCodePage(page, 'notebook');
  assertCharged((await h.payments())[0], 'notebook', code);

  await page.getByRole('button', { name: /^\s*Fail\b/ }).click();
  await page.waitForURL(`${shop.origin}/failed.html?traceId=${code}`, { timeout: 15_000 });
  await waitFor(async () => (await verdict(page)) === 'failed', { what: 'the shop\'s verdict' });
  await waitFor(async () => /^The payment failed: .+/.test(await buyerStatus(page) || ''), { what: 'the result element' });
  assert.deepEqual((await callbacks(code)).map((c) => c.event), ['fail'], 'MixPay calls back the fail event by default');
  await waitFor(async () => (await callbacks(code))[0].delivered, { what: 'the fail callback acknowledged by the shop' });
  assert.equal((await shop.order(code)).body.status, 'failed');
});

// (b) -------------------------------------------------------------------------------------

test('tampered attributes in the page still charge the catalogue\'s price to the merchant\'s payee', T, async () => {
  const page = await openShop();
  await buyButton(page, 'mug').waitFor();
  const sentToShop = [];
  page.on('request', (r) => {
    if (r.url() === `${shop.origin}/checkout/mixpay`) sentToShop.push(r.postData());
  });
  await page.evaluate(({ payee, btc }) => {
    const element = document.getElementById('buy-mug');
    const set = {
      'data-quote-amount': '0.01', 'data-payee-id': payee, 'data-quote-asset-id': btc,
      'data-settlement-asset-id': btc, 'data-remark': 'free', 'data-callback-url': 'https://evil.example/cb',
      'data-return-to': 'https://evil.example/thanks',
      'data-code-params': 'product quote-amount payee-id quote-asset-id settlement-asset-id remark',
    };
    for (const [name, value] of Object.entries(set)) element.setAttribute(name, value);
  }, { payee: OTHER_PAYEE, btc: BTC });
  await sleep(200); // the button reads the changed attributes
  const code = await clickToCodePage(page, 'mug');

  assert.equal(sentToShop.length, 1);
  const fields = Object.fromEntries(new URLSearchParams(sentToShop[0]));
  assert.equal(fields.quoteAmount, '0.01', 'the tampered amount reached the shop');
  assert.equal(fields.payeeId, OTHER_PAYEE, 'so did the tampered payee');

  const sent = await h.payments();
  assert.equal(sent.length, 1);
  assertCharged(sent[0], 'mug', code);

  await page.getByRole('button', { name: /^\s*Pay\b/ }).click();
  await page.waitForURL(`${shop.origin}/thanks.html?traceId=${code}`, { timeout: 15_000 });
  const result = await h.paymentResult(code);
  assert.equal(result.data.quoteAmount, '12.50', 'what was charged');
  assert.equal(result.data.payeeId, PAYEE, 'and to whom');
  assert.equal(result.data.quoteAssetId, 'usd');
  await waitFor(async () => (await verdict(page)) === 'paid (verified by the shop)', { what: 'the shop\'s verdict' });
});

test('a hand-made POST with an amount and a payee: ignored, the catalogue\'s price is charged', T, async () => {
  const traceId = randomUUID();
  const { status, body } = await shop.checkout({
    traceId, product: 'hoodie', orderId: 'order_cheap', quoteAmount: '0.01', amount: '0.01', payeeId: OTHER_PAYEE,
    quoteAssetId: BTC, settlementAssetId: BTC, callbackUrl: 'https://evil.example/cb', returnTo: 'https://evil.example/',
  });
  assert.equal(status, 200);
  assert.equal(body.code, traceId);
  const sent = await h.payments();
  assert.equal(sent.length, 1);
  assertCharged(sent[0], 'hoodie', traceId);
  const result = await h.paymentResult(traceId);
  assert.equal(result.data.quoteAmount, '49.00');
  assert.equal(result.data.payeeId, PAYEE);
});

test('refused before anything is created: an unknown or missing product, a traceId that is not a UUID, a field twice, not a form', T, async () => {
  const cases = [
    [{ traceId: randomUUID(), product: 'yacht', quoteAmount: '0.01' }, 400, 'unknown_product'],
    [{ traceId: randomUUID(), quoteAmount: '12.50' }, 400, 'missing_product'],
    [{ traceId: 'not-a-uuid', product: 'mug' }, 400, 'invalid_trace_id'],
    [{ product: 'mug' }, 400, 'invalid_trace_id'],
  ];
  for (const [fields, status, error] of cases) {
    const answer = await shop.checkout(fields);
    assert.equal(answer.status, status, JSON.stringify(fields));
    assert.equal(answer.body.error, error);
  }
  const post = (body, type) => shop.fetch('/checkout/mixpay', {
    method: 'POST', body, headers: { 'Content-Type': type, Origin: shop.origin },
  });
  const form = 'application/x-www-form-urlencoded';
  const twice = await post(`traceId=${randomUUID()}&product=mug&product=hoodie`, form);
  assert.equal(twice.status, 400);
  const jsonTwice = await post(`{"traceId":"${randomUUID()}","product":"mug","product":"hoodie"}`, 'application/json');
  assert.equal(jsonTwice.status, 400, 'a JSON member twice');
  const jsonNumber = await post(JSON.stringify({ traceId: 7, product: 'mug' }), 'application/json');
  assert.equal(jsonNumber.status, 400, 'a JSON traceId that is not a string');
  const plain = await post(`traceId=${randomUUID()}&product=mug`, 'text/plain');
  assert.equal(plain.status, 415, 'text/plain');
  assert.equal((await plain.json()).error, 'unsupported_media_type');
  assert.deepEqual(await h.payments(), [], 'nothing was sent to MixPay');
});

// (c) -------------------------------------------------------------------------------------

test('a fault on the shop\'s create call (http500, then a dropped answer after the payment was made): still one payment', T, async () => {
  for (const mode of ['http500', 'drop']) {
    await h.reset();
    await h.fault(mode, 1);
    const traceId = randomUUID();
    const { status, body } = await shop.checkout({ traceId, product: 'mug' });
    assert.equal(status, 200, mode);
    assert.equal(body.code, traceId);
    const sent = await h.payments();
    assert.equal(sent.length, 2, `${mode}: the library tried again`);
    assert.equal(sent[1].body, sent[0].body, `${mode}: the same bytes, the same traceId`);
    assertCharged(sent[1], 'mug', traceId);
    assert.equal((await h.paymentResult(traceId)).data.quoteAmount, '12.50');
  }
});

test('MixPay unreachable through the library\'s retries: 502, and the button\'s retry with the same traceId makes the one payment', T, async () => {
  await h.fault('http500', 4); // every attempt of the shop's first create call
  const page = await openShop();
  const code = await clickToCodePage(page, 'notebook');
  const asked = page.rec.responses.filter((r) => r.url === `${shop.origin}/checkout/mixpay`).map((r) => r.status);
  assert.equal(asked[0], 502);
  assert.equal(asked.at(-1), 200);
  const sent = await h.payments();
  assert.ok(sent.length >= 5, 'four failed attempts, then the one that made it');
  for (const r of sent) assert.equal(r.body, sent[0].body, 'one traceId, one body');
  assertCharged(sent.at(-1), 'notebook', code);
});

test('the same traceId twice, or five times at once: one payment, the same code; another product with it: 409', T, async () => {
  const traceId = randomUUID();
  const first = await shop.checkout({ traceId, product: 'mug' });
  const second = await shop.checkout({ traceId, product: 'mug' });
  assert.deepEqual(second, first);
  assert.equal((await h.payments()).length, 1);

  const burst = randomUUID();
  const answers = await Promise.all(Array.from({ length: 5 }, () => shop.checkout({ traceId: burst.toUpperCase(), product: 'hoodie' })));
  for (const a of answers) assert.deepEqual(a, { status: 200, body: { code: burst } });
  assert.equal((await h.payments()).length, 2, 'one more payment for the burst');

  const other = await shop.checkout({ traceId, product: 'notebook' });
  assert.equal(other.status, 409);
  assert.equal(other.body.error, 'trace_id_in_use');
  assert.equal((await h.payments()).length, 2);
});

// (d) -------------------------------------------------------------------------------------

test('a payment under an order\'s traceId with another amount: mismatch (amount_mismatch), never paid, callback or not', T, async () => {
  // The attacker makes the payment first, at 0.01, with the traceId the order will have,
  // and has MixPay call the shop back when it is paid.
  const traceId = randomUUID();
  const made = await fetch(`${h.origin}/v1/one_time_payment`, {
    method: 'POST',
    body: new URLSearchParams({
      payeeId: PAYEE, quoteAmount: '0.01', quoteAssetId: 'usd', settlementAssetId: USDT, traceId,
      callbackUrl: shop.callbackUrl,
    }),
    signal: AbortSignal.timeout(5_000),
  }).then((r) => r.json());
  assert.equal(made.success, true, JSON.stringify(made));

  const refused = await shop.checkout({ traceId, product: 'mug' });
  assert.equal(refused.status, 409, 'MixPay refuses the shop\'s payment under a used traceId');
  assert.equal(refused.body.error, 'mixpay_refused');

  await sandboxAction(traceId, 'pay');
  await waitDelivered(traceId);
  const { body } = await shop.order(traceId);
  assert.equal(body.status, 'mismatch');
  assert.ok(body.mismatches.includes('amount_mismatch'), JSON.stringify(body.mismatches));
  assert.ok(!body.mismatches.includes('payee_mismatch'));
  assert.equal(body.amount, '12.50', 'the order keeps its own amount');
  assert.equal((await h.paymentResult(traceId)).data.status, 'success', 'although MixPay says success');

  // The thank-you page says so.
  const page = await openShop(`/thanks.html?traceId=${traceId}`);
  await waitFor(async () => (await verdict(page)) === 'does not match the order', { what: 'the shop\'s verdict' });
  assert.match(await page.locator('#order-note').textContent(), /amount_mismatch/);
});

test('a callback for a traceId the shop has no order for changes nothing; one for an unpaid order does not make it paid', T, async () => {
  const traceId = randomUUID();
  await shop.checkout({ traceId, product: 'notebook' });
  const before = await lookups();

  const post = (body, type = 'application/json') => shop.fetch('/callbacks/mixpay', {
    method: 'POST', body, headers: { 'Content-Type': type },
  });
  const fake = await post(JSON.stringify({ orderId: 'NW-1-000000', traceId: randomUUID(), payeeId: PAYEE }));
  assert.equal(fake.status, 404, 'not acknowledged: MixPay would call again');
  assert.deepEqual(await fake.json(), { code: 'UNKNOWN_ORDER' });
  assert.equal(await lookups(), before, 'nothing looked up for an unknown traceId');
  assert.equal((await shop.fetch(`/orders/${randomUUID()}`)).status, 404);

  const early = await post(JSON.stringify({ orderId: 'x', traceId, payeeId: PAYEE }));
  assert.equal(early.status, 503, 'unpaid is not final: not acknowledged');
  assert.deepEqual(await early.json(), { code: 'RETRY' });
  assert.equal(await lookups(), before + 1, 'a known order is verified');
  assert.equal((await shop.order(traceId)).body.status, 'unpaid', 'a callback alone never makes an order paid');
  const again = await post(JSON.stringify({ orderId: 'x', traceId, payeeId: PAYEE }));
  assert.equal(again.status, 503);
  assert.equal(await lookups(), before + 1, 'the verdict just stored is reused, not looked up again');
  for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
    const simple = await post(JSON.stringify({ traceId }), type);
    assert.equal(simple.status, 415, `${type}: what any page can post without a preflight`);
  }
  assert.equal(await lookups(), before + 1);

  for (const garbage of ['{"traceId": 42}', 'not json', '['.repeat(60_000)]) {
    assert.equal((await post(garbage)).status, 400, garbage.slice(0, 20));
  }
  assert.equal((await shop.fetch('/orders/not-a-uuid')).status, 400);
});

// Pages, files and the checkout without JavaScript ---------------------------------------

test('pages carry the strict CSP with the API\'s origin; files their types; no traversal', T, async () => {
  for (const path of ['/', '/thanks.html', '/failed.html', '/direct.html', '/buy/mug']) {
    const res = await shop.fetch(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' (\S+);/, path);
    assert.equal(csp.match(/connect-src 'self' (\S+);/)[1], h.origin);
  }
  const types = { '/dist/mixpay-checkout.js': 'text/javascript; charset=utf-8', '/dist/mixpay-checkout.wasm': 'application/wasm', '/shop.css': 'text/css; charset=utf-8', '/img/mug.svg': 'image/svg+xml' };
  for (const [path, type] of Object.entries(types)) {
    const res = await shop.fetch(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), type, path);
  }
  for (const path of ['/..%2f..%2fetc/passwd', '/%2e%2e/CMakeLists.txt', '/.hidden', '/dist/..%2fREADME.md', '/buy/yacht']) {
    assert.equal((await shop.fetch(path)).status, 404, path);
  }
  assert.deepEqual(await (await shop.fetch('/config.json')).json(), { apiBase: `${h.origin}/v1`, payBase: h.origin });
});

test('without JavaScript: the fallback link, the shop\'s own checkout page, one payment at the catalogue price', T, async () => {
  const context = await h.browser.newContext({ javaScriptEnabled: false });
  h.contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${shop.origin}/`);
  await page.locator('#buy-mug a.fallback').click();
  await page.waitForURL(`${shop.origin}/buy/mug`);
  await page.getByRole('button', { name: 'Pay with crypto' }).click();
  await page.waitForURL((u) => u.href.startsWith(`${h.origin}/code/`), { timeout: 15_000 });
  const code = new URL(page.url()).pathname.slice('/code/'.length);
  assert.match(code, UUID);
  const sent = await h.payments();
  assert.equal(sent.length, 1);
  assertCharged(sent[0], 'mug', code);

  // The form sent again (the buyer went back and pressed it once more): the same payment.
  const again = await shop.fetch('/buy/mug', { method: 'POST', body: new URLSearchParams({ traceId: code }), headers: { Origin: shop.origin } });
  assert.equal(again.status, 303);
  assert.equal(again.headers.get('location'), `${h.origin}/code/${code}`);
  assert.equal((await h.payments()).length, 1);
});
