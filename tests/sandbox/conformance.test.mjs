// Every /v1 answer of the sandbox held against MixPay's documented example answer
// (tests/fixtures/mixpay-api/): the same keys (none extra, none missing except where the
// page says a member is conditional) and the same JSON types, member by member; errors in
// the documented envelope. A field the sandbox invents would let our own code pass here and
// fail against MixPay.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, test } from 'node:test';

import { BTC, PAYEE, control, createForm, json, params, press, result, startSandbox, stopSandbox, waitFor } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '..', 'fixtures', 'mixpay-api');
const documented = (name) => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));

const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
const STATUSES = ['unpaid', 'confirming', 'paid_less', 'pending', 'auditing', 'success', 'failed'];

const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

// Holds `actual` against `doc` at `where`. `conditional` names paths (like "data.payment")
// the page documents as present only sometimes: they may be missing, and `extra` names
// members the page's text documents beyond its example, with their type.
function assertShape(actual, doc, { conditional = [], extra = {} } = {}, where = '') {
  assert.equal(typeOf(actual), typeOf(doc), `${where || 'answer'}: ${typeOf(actual)} where the example has ${typeOf(doc)}`);
  if (typeOf(doc) === 'object') {
    for (const key of Object.keys(actual)) {
      const at = where ? `${where}.${key}` : key;
      if (!(key in doc)) {
        assert.ok(at in extra, `${at}: not in the documented answer`);
        assert.equal(typeOf(actual[key]), extra[at], `${at}: the documented type`);
      }
    }
    for (const key of Object.keys(doc)) {
      const at = where ? `${where}.${key}` : key;
      if (!(key in actual)) {
        assert.ok(conditional.includes(at), `${at}: documented, missing`);
        continue;
      }
      assertShape(actual[key], doc[key], { conditional, extra }, at);
    }
  } else if (typeOf(doc) === 'array' && doc.length > 0) {
    actual.forEach((item, i) => assertShape(item, doc[0], { conditional, extra }, `${where}[${i}]`));
  }
}

// The documented error envelope: HTTP 200, success false, a numeric code, data [].
function assertError(res, body, code) {
  assert.equal(res.status, 200, 'errors travel with HTTP 200');
  assertShape(body, documented('error.json'));
  assert.equal(body.success, false);
  assert.deepEqual(body.data, []);
  if (code !== undefined) assert.equal(body.code, code, body.message);
}

let sb;
before(async () => {
  sb = await startSandbox(['--no-rate-limit', '--quiet', '--allow-http-callback']);
});
after(() => stopSandbox(sb));
beforeEach(() => control(sb, 'POST', '/__sandbox/reset'));

describe('one_time_payment', () => {
  test('a created payment: the documented answer', async () => {
    const { res, body } = await createForm(sb, params());
    assert.equal(res.status, 200);
    assertShape(body, documented('one_time_payment.json'));
  });

  test('every kind of refusal is the documented error envelope', async () => {
    const cases = [
      [{ quoteAmount: 'ten' }, 1017],
      [{ strictMode: 'maybe' }, 1017],
      [{ callbackEvent: 'settle|refund' }, 10131],
      [{ quoteAssetId: 'xyz' }, 10002],
      [{ quoteAssetId: '6770a1e5-6086-44d5-b60f-545f9d9e8ffd' }, 10003],
      [{ quoteAssetId: BTC, quoteAmount: '0.000001' }, 10004],
      [{ quoteAmount: '60000' }, 10005],
      [{ quoteAmount: '1000.01' }, 10006],
      [{ quoteAmount: '10.001' }, 40005],
    ];
    for (const [over, code] of cases) {
      const { res, body } = await createForm(sb, params(over));
      assertError(res, body, code);
    }
  });
});

describe('payments_result', () => {
  const current = documented('payments_result.current.json');
  const legacy = documented('payments_result.2022.json');
  const withParts = ['data.transactions', 'data.payment'];

  async function lookup(traceId, withValue) {
    const query = new URLSearchParams({ traceId });
    if (withValue) query.set('with', withValue);
    return json(sb, `/v1/payments_result?${query}`);
  }

  test('in each of the seven statuses, without `with`: the current example less its conditional parts, and every 2022 field', async () => {
    for (const status of STATUSES) {
      const p = params({ callbackUrl: 'https://merchant.example/cb' });
      await createForm(sb, p);
      if (status !== 'unpaid') await control(sb, 'POST', `/__sandbox/status?traceId=${p.traceId}&status=${status}`);
      const { res, body } = await lookup(p.traceId);
      assert.equal(res.status, 200);
      assert.equal(body.data.status, status);
      assertShape(body, current, { conditional: withParts });
      assert.equal('transactions' in body.data, false, `${status}: transactions only with=transactions`);
      assert.equal('payment' in body.data, false, `${status}: payment only with=payment`);
      assertShape(body, legacy, { extra: Object.fromEntries(Object.keys(current.data).map((k) => [`data.${k}`, typeOf(current.data[k])])) });
    }
  });

  test('with=payment, with=transactions and with=payment,transactions: exactly the parts asked for', async () => {
    const p = params({ quoteAmount: '12.50' });
    await createForm(sb, p);
    await control(sb, 'POST', `/__sandbox/status?traceId=${p.traceId}&status=paid_less`);
    await control(sb, 'POST', `/__sandbox/status?traceId=${p.traceId}&status=success`);
    const both = (await lookup(p.traceId, 'payment,transactions')).body;
    assertShape(both, current);
    assert.equal(both.data.transactions.length, 2, 'half paid, then the rest');
    assert.equal(both.data.payment.isMultiPay, true);
    assert.equal(both.data.payment.isFullyPaid, true);
    assert.equal(both.data.payment.totalTransactionsAmount, '12.5');

    const payment = (await lookup(p.traceId, 'payment')).body;
    assertShape(payment, current, { conditional: ['data.transactions'] });
    assert.equal('transactions' in payment.data, false);

    const transactions = (await lookup(p.traceId, 'transactions')).body;
    assertShape(transactions, current, { conditional: ['data.payment'] });
    assert.equal('payment' in transactions.data, false);
  });

  test('looked up by orderId + payeeId: the same shape, no orderId in data', async () => {
    const p = params({ orderId: 'order_conformance_1' });
    await createForm(sb, p);
    const { body } = await json(sb, `/v1/payments_result?orderId=order_conformance_1&payeeId=${PAYEE}`);
    assertShape(body, current, { conditional: withParts });
    assert.equal(body.data.traceId, p.traceId);
  });

  test('an unknown payment and a bad query: the error envelope', async () => {
    const unknown = await json(sb, `/v1/payments_result?traceId=${params().traceId}`);
    assertError(unknown.res, unknown.body, 40022);
    const bad = await json(sb, '/v1/payments_result?traceId=not-a-uuid');
    assertError(bad.res, bad.body, 1017);
    const none = await json(sb, '/v1/payments_result');
    assertError(none.res, none.body, 1017);
  });
});

describe('payments_info and payments_estimated', () => {
  test('payments_info: the documented answer (the Mixin and the on-chain example share their keys)', async () => {
    assert.deepEqual(Object.keys(documented('payments_info.json').data), Object.keys(documented('payments_info.onchain.json').data));
    const p = params();
    await createForm(sb, p);
    const { body } = await json(sb, `/v1/payments_info?traceId=${p.traceId}`);
    assertShape(body, documented('payments_info.json'));
    assertShape(body, documented('payments_info.onchain.json'));
    assert.equal(body.data.traceId, p.traceId);
    const unknown = await json(sb, `/v1/payments_info?traceId=${params().traceId}`);
    assertError(unknown.res, unknown.body, 40022);
    const none = await json(sb, '/v1/payments_info');
    assertError(none.res, none.body, 1017);
  });

  test('payments_estimated: the documented answer, by quoteAmount or by paymentAmount; errors in the envelope', async () => {
    const doc = documented('payments_estimated.json');
    for (const amount of [{ quoteAmount: '10' }, { paymentAmount: '10' }]) {
      const query = new URLSearchParams({ paymentAssetId: USDT, settlementAssetId: BTC, quoteAssetId: 'usd', ...amount });
      const { body } = await json(sb, `/v1/payments_estimated?${query}`);
      assertShape(body, doc);
    }
    const missing = await json(sb, `/v1/payments_estimated?paymentAssetId=${USDT}`);
    assertError(missing.res, missing.body, 1017);
    const unknown = await json(sb, `/v1/payments_estimated?paymentAssetId=${USDT}&settlementAssetId=${BTC}&quoteAssetId=xyz&quoteAmount=1`);
    assertError(unknown.res, unknown.body, 10002);
  });
});

describe('setting/*_assets', () => {
  test('quote, payment and settlement assets: each item as the documented one', async () => {
    for (const [route, file] of [
      ['quote_assets', 'setting_quote_assets.json'],
      ['payment_assets', 'setting_payment_assets.json'],
      ['settlement_assets', 'setting_settlement_assets.json'],
    ]) {
      for (const query of ['', `?payeeId=${PAYEE}`]) {
        const { res, body } = await json(sb, `/v1/setting/${route}${query}`);
        assert.equal(res.status, 200);
        assertShape(body, documented(file));
        assert.ok(body.data.length >= 4, `${route}: a few assets`);
      }
    }
  });

  test('with quoteAssetId and quoteAmount: payment assets as documented, settlement assets with isAvailable (the page\'s conditional member)', async () => {
    const query = '?quoteAssetId=usd&quoteAmount=10';
    const pay = (await json(sb, `/v1/setting/payment_assets${query}`)).body;
    assertShape(pay, documented('setting_payment_assets.json'));
    const settle = (await json(sb, `/v1/setting/settlement_assets${query}`)).body;
    assertShape(settle, documented('setting_settlement_assets.json'), { extra: Object.fromEntries(settle.data.map((_, i) => [`data[${i}].isAvailable`, 'boolean'])) });
    for (const item of settle.data) assert.equal(typeof item.isAvailable, 'boolean');
    const plain = (await json(sb, '/v1/setting/settlement_assets')).body;
    for (const item of plain.data) assert.equal('isAvailable' in item, false, 'isAvailable only for a quote');
    const alone = await json(sb, '/v1/setting/payment_assets?quoteAmount=10');
    assertError(alone.res, alone.body, 1017);
  });
});

describe('the callback and the rate limit', () => {
  test('the callback body is the documented one, and only 200 {"code":"SUCCESS"} ends the tries', async () => {
    const bodies = [];
    const server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (d) => (text += d));
      req.on('end', () => {
        bodies.push(text);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(documented('payment_callback.answer.json')));
      });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const p = params({ callbackUrl: `http://127.0.0.1:${server.address().port}/cb` });
      await createForm(sb, p);
      await press(sb, p.traceId, 'pay');
      await waitFor(() => bodies.length >= 1, { what: 'the callback' });
      assertShape(JSON.parse(bodies[0]), documented('payment_callback.json'));
      const log = await waitFor(async () => (await control(sb, 'GET', '/__sandbox/callbacks')).find((c) => c.delivered));
      assert.equal(log.attempts, 1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('1429 over the rate limit, and an injected API error: the error envelope', async () => {
    const limited = await startSandbox(['--quiet']);
    try {
      let last;
      for (let i = 0; i < 61; i++) last = await json(limited, '/v1/setting/quote_assets');
      assertError(last.res, last.body, 1429);
    } finally {
      await stopSandbox(limited);
    }
    await control(sb, 'POST', '/__sandbox/fault?mode=api&code=10008');
    const { res, body } = await createForm(sb, params());
    assertError(res, body, 10008);
  });
});

describe('the checker itself', () => {
  test('it refuses an extra field, a missing field and a changed type', () => {
    const doc = documented('payments_result.current.json');
    const copy = () => JSON.parse(JSON.stringify(doc));
    const extra = copy();
    extra.data.orderId = 'x';
    assert.throws(() => assertShape(extra, doc), /data\.orderId: not in the documented answer/);
    const missing = copy();
    delete missing.data.settleStatus;
    assert.throws(() => assertShape(missing, doc), /data\.settleStatus: documented, missing/);
    const retyped = copy();
    retyped.data.date = '1656513302';
    assert.throws(() => assertShape(retyped, doc), /data\.date/);
    const item = copy();
    item.data.transactions[1].confirmations = '5';
    assert.throws(() => assertShape(item, doc), /data\.transactions\[1\]\.confirmations/);
  });
});
