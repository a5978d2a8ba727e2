// The stand-in payment page /code/<code>: what it shows, Pay / Fail, used and expired
// codes, escaping, its security headers, and the long payment link /pay.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';

import { PAYEE, control, createForm, params, press, request, result, startSandbox, stopSandbox } from './helpers.mjs';

let sb;
before(async () => {
  sb = await startSandbox(['--no-rate-limit', '--quiet']);
});
after(() => stopSandbox(sb));
beforeEach(() => control(sb, 'POST', '/__sandbox/reset'));

async function created(over = {}) {
  const p = params(over);
  const { body } = await createForm(sb, p);
  assert.equal(body.success, true, body.message);
  return p;
}

async function page(code) {
  const res = await request(sb, `/code/${code}`);
  return { res, html: await res.text() };
}

// The text of the element with `id`, markup left as it is in the source.
function field(html, id) {
  const m = html.match(new RegExp(`id="${id}"[^>]*>([^]*?)</`));
  return m ? m[1] : null;
}

describe('GET /code/<code>', () => {
  test('shows payee, amount, asset and remark, with Pay and Fail forms and no script', async () => {
    const p = await created({ quoteAmount: '25.5', remark: 'Blue mug', orderId: 'order_page_1' });
    const { res, html } = await page(p.traceId);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    assert.equal(field(html, 'payee'), PAYEE);
    assert.equal(field(html, 'amount'), '25.5 USD');
    assert.match(field(html, 'asset'), /BTC/);
    assert.equal(field(html, 'remark'), 'Blue mug');
    assert.equal(field(html, 'order'), 'order_page_1');
    assert.equal(field(html, 'status'), 'unpaid');
    assert.ok(html.includes(`<form method="post" action="/code/${p.traceId}/pay">`));
    assert.ok(html.includes(`<form method="post" action="/code/${p.traceId}/fail">`));
    assert.doesNotMatch(html, /<script|\sstyle=|\son[a-z]+=/i);
  });

  test('sends a strict Content-Security-Policy and serves its stylesheet', async () => {
    const p = await created();
    const { res, html } = await page(p.traceId);
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /style-src 'self'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const href = html.match(/<link rel="stylesheet" href="([^"]+)">/)[1];
    const css = await request(sb, href);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type'), /^text\/css/);
    assert.match(await css.text(), /button/);
  });

  test('escapes markup in the remark', async () => {
    const remark = `<script>alert(1)</script>"'&`;
    const p = await created({ remark });
    const { html } = await page(p.traceId);
    assert.ok(!html.includes('<script>'));
    assert.equal(field(html, 'remark'), '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  });

  test('markup cannot reach the page as payee: such a payeeId is refused', async () => {
    const { body } = await createForm(sb, params({ payeeId: '<img src=x onerror=alert(1)>' }));
    assert.equal(body.code, 1017);
    assert.match(body.message, /payeeId/);
  });

  test('an unknown or malformed code is a 404 page', async () => {
    for (const code of [randomUUID(), 'not-a-code', '%3Cscript%3E']) {
      const { res, html } = await page(code);
      assert.equal(res.status, 404, code);
      assert.match(html, /does not exist/);
      assert.ok(!html.includes('<script>'));
    }
  });
});

describe('Pay and Fail', () => {
  test('Pay sets success and redirects (303) to the stored returnTo', async () => {
    const p = await created({ returnTo: 'https://shop.example/thanks?order=1' });
    const res = await press(sb, p.traceId, 'pay');
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), 'https://shop.example/thanks?order=1');
    assert.equal((await result(sb, { traceId: p.traceId })).data.status, 'success');
  });

  test('Fail sets failed and redirects (303) to the stored failedReturnTo', async () => {
    const p = await created({ returnTo: 'https://shop.example/ok', failedReturnTo: 'https://shop.example/failed?x=1' });
    const res = await press(sb, p.traceId, 'fail');
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), 'https://shop.example/failed?x=1');
    const r = await result(sb, { traceId: p.traceId });
    assert.equal(r.data.status, 'failed');
    assert.equal(r.data.failureCode, '40000', 'the first documented reason is the default');
  });

  test('a failure code outside the documented list falls back to the default', async () => {
    const p = await created();
    await press(sb, p.traceId, 'fail', { failureCode: '<b>1</b>' });
    assert.equal((await result(sb, { traceId: p.traceId })).data.failureCode, '40000');
  });

  test('without returnTo the buyer is sent to the result page', async () => {
    const p = await created();
    const res = await press(sb, p.traceId, 'pay');
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/code/${p.traceId}`);
    const { html } = await page(p.traceId);
    assert.equal(field(html, 'title'), 'Payment successful');
    assert.equal(field(html, 'status'), 'success');
  });

  test('the redirect never goes anywhere but the stored URL, whatever the form sends', async () => {
    const p = await created({ returnTo: 'https://shop.example/mine' });
    const res = await press(sb, p.traceId, 'pay', { returnTo: 'https://evil.example/' });
    assert.equal(res.headers.get('location'), 'https://shop.example/mine');
  });

  test('a temporary code can be used once: afterwards the page says so and Pay is refused', async () => {
    const p = await created({ isTemp: '1', returnTo: 'https://shop.example/ok' });
    assert.equal((await press(sb, p.traceId, 'pay')).status, 303);
    const { res, html } = await page(p.traceId);
    assert.equal(res.status, 200);
    assert.match(html, /already been used/);
    assert.ok(!html.includes('/pay"'), 'no Pay form any more');
    const again = await press(sb, p.traceId, 'pay');
    assert.equal(again.status, 409);
    assert.equal(again.headers.get('location'), null);
    assert.match(await again.text(), /already been used/);
    const fail = await press(sb, p.traceId, 'fail');
    assert.equal(fail.status, 409);
    assert.equal((await result(sb, { traceId: p.traceId })).data.status, 'success');
  });

  test('a code with isTemp=0 can be paid again', async () => {
    const p = await created({ isTemp: '0' });
    assert.equal((await press(sb, p.traceId, 'pay')).status, 303);
    assert.equal((await press(sb, p.traceId, 'pay')).status, 303);
  });

  test('expireSeconds: after it the code is expired (410) and cannot be paid', async () => {
    const p = await created({ expireSeconds: '30' });
    assert.equal((await page(p.traceId)).res.status, 200);
    await control(sb, 'POST', '/__sandbox/clock?advance=31');
    const { res, html } = await page(p.traceId);
    assert.equal(res.status, 410);
    assert.match(html, /expired/);
    assert.equal((await press(sb, p.traceId, 'pay')).status, 410);
    assert.equal((await result(sb, { traceId: p.traceId })).data.status, 'unpaid');
  });

  test('expireSeconds=1 expires in real time too', async () => {
    const p = await created({ expireSeconds: '1' });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    assert.equal((await page(p.traceId)).res.status, 410);
  });

  test('expiredTimestamp: after it the page shows the overtime and Pay is refused', async () => {
    const p = await created({ expiredTimestamp: String(Math.floor(Date.now() / 1000) + 30) });
    await control(sb, 'POST', '/__sandbox/clock?advance=31');
    const { res, html } = await page(p.traceId);
    assert.equal(res.status, 410);
    assert.match(html, /Payment overtime/);
    assert.equal((await press(sb, p.traceId, 'pay')).status, 410);
  });

  test('Pay on an unknown code is a 404', async () => {
    assert.equal((await press(sb, randomUUID(), 'pay')).status, 404);
  });
});

describe('GET /pay (the long payment link)', () => {
  test('creates the payment, fills {traceId} and sends the buyer to its page', async () => {
    const q = new URLSearchParams({
      payeeId: PAYEE,
      quoteAmount: '8.99',
      quoteAssetId: 'usd',
      settlementAssetId: params().settlementAssetId,
      returnTo: 'https://shop.example/thanks?traceId={traceId}',
    });
    const res = await request(sb, `/pay?${q}`, { redirect: 'manual' });
    assert.equal(res.status, 303);
    const code = res.headers.get('location').match(/^\/code\/([0-9a-f-]{36})$/)[1];
    const r = await result(sb, { traceId: code });
    assert.equal(r.data.quoteAmount, '8.99');
    const pay = await press(sb, code, 'pay');
    assert.equal(pay.headers.get('location'), `https://shop.example/thanks?traceId=${code}`);
  });

  test('with an orderId: {traceId} is filled too, and the same link opens the same payment', async () => {
    const q = new URLSearchParams({
      payeeId: PAYEE,
      quoteAmount: '4',
      quoteAssetId: 'usd',
      settlementAssetId: params().settlementAssetId,
      orderId: 'order_link_1',
      failedReturnTo: 'https://shop.example/failed?t={traceId}&o={orderId}',
    });
    const first = await request(sb, `/pay?${q}`, { redirect: 'manual' });
    const second = await request(sb, `/pay?${q}`, { redirect: 'manual' });
    const code = first.headers.get('location').slice('/code/'.length);
    assert.equal(second.headers.get('location'), `/code/${code}`);
    const fail = await press(sb, code, 'fail');
    assert.equal(fail.headers.get('location'), `https://shop.example/failed?t=${code}&o=order_link_1`);
  });

  test('invalid parameters give a 400 page listing each field, escaped', async () => {
    const res = await request(sb, '/pay?payeeId=%3Cb%3E&quoteAmount=x', { redirect: 'manual' });
    assert.equal(res.status, 400);
    const html = await res.text();
    for (const f of ['payeeId', 'quoteAmount', 'quoteAssetId', 'settlementAssetId']) assert.match(html, new RegExp(f));
    assert.ok(!html.includes('<b>'));
  });
});
