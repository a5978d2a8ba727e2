// The asset table: the setting/*_assets listings, payments_estimated, the amounts a payment
// is quoted in, the business errors of one_time_payment, and strictMode / callbackEvent.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import { BTC, control, createForm, createJson, json, params, press, request, result, startSandbox, stopSandbox } from './helpers.mjs';

const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
const ETH = '43d61dcd-e413-450d-80b8-101d5e903357';
const XIN = 'c94ac88f-4671-3976-b60a-09064f1811e8';
const DOGE = '6770a1e5-6086-44d5-b60f-545f9d9e8ffd';

let sb;
before(async () => {
  sb = await startSandbox(['--no-rate-limit', '--quiet']);
});
after(() => stopSandbox(sb));
beforeEach(() => control(sb, 'POST', '/__sandbox/reset'));

const data = async (path) => {
  const { body } = await json(sb, path);
  assert.equal(body.success, true, body.message);
  return body.data;
};

describe('listings', () => {
  test('quote assets: fiat currencies and tokens, with their limits and decimals', async () => {
    const list = await data('/v1/setting/quote_assets');
    const by = Object.fromEntries(list.map((a) => [a.assetId, a]));
    for (const id of ['usd', 'eur', 'gbp', 'jpy', USDT, BTC, ETH, XIN]) assert.ok(by[id], id);
    assert.deepEqual([by.usd.symbol, by.usd.isAsset, by.usd.decimalDigit, by.usd.minQuoteAmount], ['USD', 0, 2, '0.01']);
    assert.deepEqual([by.jpy.decimalDigit, by[BTC].isAsset, by[BTC].decimalDigit], [0, 1, 8]);
    assert.equal(by[USDT].chainAsset.symbol, 'ETH', 'USDT (ERC20) lives on Ethereum');
    assert.equal(by[DOGE], undefined, 'DOGE pays and settles but is no quote asset');
  });

  test('payment assets: maxPaymentAmount 0 where a quote is out of the asset\'s range', async () => {
    const plain = Object.fromEntries((await data('/v1/setting/payment_assets')).map((a) => [a.assetId, a]));
    assert.deepEqual([plain[DOGE].minPaymentAmount, plain[DOGE].maxPaymentAmount], ['10', '100000']);
    assert.equal(plain.usd, undefined, 'payments are crypto only');
    const quoted = Object.fromEntries((await data('/v1/setting/payment_assets?quoteAssetId=usd&quoteAmount=0.5')).map((a) => [a.assetId, a]));
    assert.equal(quoted[DOGE].maxPaymentAmount, '0', '0.5 USD is 5 DOGE, under its minimum of 10');
    assert.equal(quoted[USDT].maxPaymentAmount, '50000');
  });

  test('settlement assets: isAvailable for a quote', async () => {
    const quoted = Object.fromEntries((await data('/v1/setting/settlement_assets?quoteAssetId=USD&quoteAmount=0.01')).map((a) => [a.assetId, a]));
    assert.equal(quoted[BTC].isAvailable, false, '0.01 USD is below what BTC settles');
    assert.equal(quoted[USDT].isAvailable, true);
    const errors = [
      ['/v1/setting/settlement_assets?quoteAssetId=xyz&quoteAmount=1', 10002],
      [`/v1/setting/settlement_assets?quoteAssetId=${DOGE}&quoteAmount=1`, 10003],
      ['/v1/setting/settlement_assets?quoteAssetId=usd&quoteAmount=ten', 1017],
      ['/v1/setting/settlement_assets?quoteAssetId=usd', 1017],
    ];
    for (const [path, code] of errors) assert.equal((await json(sb, path)).body.code, code, path);
  });

  test('payments_estimated: exact amounts from the table\'s prices', async () => {
    const usd = await data(`/v1/payments_estimated?paymentAssetId=${USDT}&settlementAssetId=${BTC}&quoteAssetId=usd&quoteAmount=10`);
    assert.deepEqual(
      [usd.paymentAmount, usd.price, usd.estimatedSettlementAmount, usd.settlementAssetSymbol, usd.quoteAssetSymbol, usd.quoteAmount],
      ['10', '1', '0.00016666', 'BTC', 'USD', '10'],
    );
    const eth = await data(`/v1/payments_estimated?paymentAssetId=${ETH}&settlementAssetId=${USDT}&quoteAssetId=eur&quoteAmount=30`);
    assert.deepEqual([eth.paymentAmount, eth.estimatedSettlementAmount], ['0.0108', '32.4'], '30 EUR = 32.40 USD = 0.0108 ETH');
    const byPayment = await data(`/v1/payments_estimated?paymentAssetId=${BTC}&settlementAssetId=${BTC}&quoteAssetId=usd&quoteAmount=1&paymentAmount=0.001`);
    assert.deepEqual([byPayment.paymentAmount, byPayment.quoteAmount], ['0.001', '60'], 'paymentAmount wins over quoteAmount');
    const low = await json(sb, `/v1/payments_estimated?paymentAssetId=${DOGE}&settlementAssetId=${BTC}&quoteAssetId=usd&quoteAmount=0.5`);
    assert.equal(low.body.code, 10069);
  });
});

describe('one_time_payment against the table', () => {
  const refused = async (over, code) => {
    const { res, body } = await createForm(sb, params(over));
    assert.equal(res.status, 200);
    assert.deepEqual([body.success, body.code], [false, code], `${JSON.stringify(over)}: ${body.message}`);
    assert.deepEqual(body.data, []);
    assert.equal(typeof body.message, 'string');
    return body;
  };

  test('each business error with its documented code and message', async () => {
    assert.match((await refused({ quoteAssetId: 'chf' }, 10002)).message, /currency does not exist/);
    assert.match((await refused({ quoteAssetId: DOGE }, 10003)).message, /quote asset/);
    assert.match((await refused({ quoteAssetId: BTC, quoteAmount: '0.000001' }, 10004)).message, /too low/);
    assert.match((await refused({ quoteAmount: '50000.01' }, 10005)).message, /too high/);
    assert.match((await refused({ quoteAmount: '1000.01' }, 10006)).message, /1000 USDT/);
    await refused({ quoteAssetId: 'jpy', quoteAmount: '149254' }, 10006);
    assert.match((await refused({ quoteAmount: '10.001' }, 40005)).message, /decimal places/);
    await refused({ quoteAssetId: 'jpy', quoteAmount: '100.5' }, 40005);
    await refused({ quoteAmount: '0.5', paymentAssetId: DOGE }, 10069);
    await refused({ quoteAmount: '900', paymentAssetId: XIN }, 10070);
    await refused({ paymentAssetId: '11111111-2222-4333-8444-555555555555' }, 10002);
    const none = await control(sb, 'GET', '/__sandbox/requests');
    assert.equal(none.length, 11);
    assert.equal((await result(sb, { traceId: params().traceId })).code, 40022);
  });

  test('1000 USD is allowed, 1000.01 is not; 0.01 USD is the smallest', async () => {
    assert.equal((await createForm(sb, params({ quoteAmount: '1000' }))).body.success, true);
    assert.equal((await createForm(sb, params({ quoteAmount: '0.01' }))).body.success, true);
    assert.equal((await createForm(sb, params({ quoteAmount: '0.009' }))).body.code, 40005);
  });

  test('what the sandbox reads in the core\'s rules (2022 page) is still a 1017, before the table', async () => {
    const { body } = await createForm(sb, params({ quoteAmount: '-5', quoteAssetId: 'chf' }));
    assert.equal(body.code, 1017);
    assert.match(body.message, /quoteAmount/);
  });

  test('amounts in the payment asset: 10.50 EUR paid in USDT is 11.34 USDT', async () => {
    const p = params({ quoteAssetId: 'eur', quoteAmount: '10.50', settlementAssetId: USDT });
    await createForm(sb, p);
    await press(sb, p.traceId, 'pay');
    const r = (await result(sb, { traceId: p.traceId })).data;
    assert.deepEqual([r.quoteSymbol, r.payableAmount, r.paymentAmount, r.paymentSymbol, r.paymentAssetVersion], ['EUR', '11.34', '11.34', 'USDT', 'ERC20']);
    assert.deepEqual([r.settleStatus, r.settleAmount, r.settleSymbol, r.settleAsset, r.settleAssetVersion], ['success', '11.34', 'USDT', USDT, 'ERC20']);
  });
});

describe('strictMode and callbackEvent', () => {
  test('strictMode: without it a settlement the asset cannot take falls back to USDT; with it the payment is refused', async () => {
    const loose = params({ quoteAmount: '0.01' });
    assert.equal((await createForm(sb, loose)).body.success, true);
    await press(sb, loose.traceId, 'pay');
    assert.equal((await result(sb, { traceId: loose.traceId })).data.settleSymbol, 'USDT', 'settled in USDT instead of BTC');
    const strict = await createForm(sb, params({ quoteAmount: '0.01', strictMode: 'true' }));
    assert.equal(strict.body.code, 10071);
    const unknown = await createForm(sb, params({ settlementAssetId: '11111111-2222-4333-8444-555555555555', strictMode: '1' }));
    assert.equal(unknown.body.code, 10002);
    const json_ = await createJson(sb, params({ strictMode: true }));
    assert.equal(json_.body.success, true, 'a JSON boolean');
  });

  test('invalid strictMode is 1017 naming it; invalid callbackEvent is 10131', async () => {
    for (const value of ['yes', 'TRUE', '2']) {
      const { body } = await createForm(sb, params({ strictMode: value }));
      assert.equal(body.code, 1017, value);
      assert.match(body.message, /strictMode/);
    }
    for (const value of ['refund', 'settle|', '|pending', 'settle,pending', 'Settle', 'x'.repeat(101)]) {
      const { body } = await createForm(sb, params({ callbackEvent: value }));
      assert.equal(body.code, 10131, value);
      assert.equal(body.message, 'The requested callback event is invalid.');
    }
    for (const value of ['settle', 'pending', 'paid_less', 'settle|pending|paid_less', 'success|fail']) {
      assert.equal((await createForm(sb, params({ callbackEvent: value }))).body.success, true, value);
    }
  });

  test('both are stored: part of "the same parameters", and shown on the payment page', async () => {
    const p = params({ strictMode: 'true', callbackEvent: 'settle|pending', callbackUrl: 'https://merchant.example/cb?a=1&b=2' });
    assert.equal((await createForm(sb, p)).body.success, true);
    const view = await control(sb, 'GET', `/__sandbox/payments/${p.traceId}`);
    assert.deepEqual([view.strictMode, view.callbackEvent], [true, ['settle', 'pending']]);
    assert.equal((await createForm(sb, p)).body.success, true, 'the same again: the same code');
    assert.equal((await createForm(sb, { ...p, strictMode: 'false' })).body.code, 1017, 'another strictMode is another payment');
    assert.equal((await createForm(sb, { ...p, callbackEvent: 'settle' })).body.code, 1017);
    const html = await (await request(sb, `/code/${p.traceId}`)).text();
    assert.match(html, /id="strict">on</);
    assert.match(html, /id="events">success\|fail\|settle\|pending</);
  });
});
