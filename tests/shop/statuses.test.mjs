// The shop's verdict for every status MixPay documents, against MixPay's documented
// answers: mixpay-demo-shop talks to a scripted API on 127.0.0.1 that answers
// payments_result with tests/fixtures/mixpay-api's examples (varied here, never in the
// file). Only success is paid; failed is failed; every other status is not paid yet.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PAYEE, ShopServer, repo } from './shop-server.mjs';

const FIXTURES = path.join(repo, 'tests', 'fixtures', 'mixpay-api');
const documented = (file) => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));

// traceId -> [fixture file, status] the scripted API answers with; every lookup's query.
const payments = new Map();
const lookups = [];

function answer(res, body) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const api = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => {
    body += chunk;
    if (body.length > 16_384) req.destroy();
  });
  req.on('end', () => {
    if (req.method === 'POST' && url.pathname === '/v1/one_time_payment') {
      // The code of a one-time payment is its traceId.
      const traceId = new URLSearchParams(body).get('traceId');
      answer(res, { code: 0, success: true, message: '', data: { code: traceId }, timestampMs: Date.now() });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/v1/payments_result') {
      lookups.push(Object.fromEntries(url.searchParams));
      const traceId = url.searchParams.get('traceId');
      const found = payments.get(traceId);
      if (!found) {
        answer(res, { code: 40022, success: false, message: 'TraceID does not exist.', data: [] });
        return;
      }
      const [file, status] = found;
      const sent = documented(file);
      Object.assign(sent.data, { status, payeeId: PAYEE, traceId, quoteAmount: '12.50', quoteAssetId: 'usd' });
      if (status === 'failed') Object.assign(sent.data, { failureCode: '40000', failureReason: 'Payment overtime' });
      answer(res, sent);
      return;
    }
    res.writeHead(404).end();
  });
});

const shop = new ShopServer();

before(async () => {
  await new Promise((resolve) => api.listen(0, '127.0.0.1', resolve));
  await shop.start(`http://127.0.0.1:${api.address().port}`);
}, { timeout: 30_000 });
after(async () => {
  await shop.stop();
  await new Promise((resolve) => api.close(resolve));
  assert.equal(shop.exit.code, 0, `the shop stops cleanly on SIGTERM\n${shop.log}`);
}, { timeout: 30_000 });

// [MixPay's status, the shop's status, the library's code]
const VERDICTS = [
  ['success', 'paid', null],
  ['unpaid', 'unpaid', 'status_unpaid'],
  ['confirming', 'confirming', 'status_confirming'],
  ['paid_less', 'paid_less', 'status_paid_less'],
  ['pending', 'pending', 'status_pending'],
  ['auditing', 'auditing', 'status_auditing'],
  ['failed', 'failed', 'status_failed'],
  ['refunded', 'unknown', 'status_unknown'],
];

for (const file of ['payments_result.2022.json', 'payments_result.current.json']) {
  test(`${file}: every status gets its own verdict, looked up by traceId`, { timeout: 60_000 }, async () => {
    for (const [status, verdict, code] of VERDICTS) {
      const traceId = randomUUID();
      const created = await shop.checkout({ traceId, product: 'mug' });
      assert.equal(created.status, 200, `checkout: ${JSON.stringify(created.body)}`);
      payments.set(traceId, [file, status]);
      const from = lookups.length;
      const { status: answered, body } = await shop.order(traceId);
      assert.equal(answered, 200);
      assert.equal(body.status, verdict, `${status}: ${JSON.stringify(body)}`);
      assert.deepEqual(body.mismatches, code ? [code] : [], status);
      const asked = lookups.slice(from);
      assert.ok(asked.length >= 1, 'the shop asked MixPay');
      for (const query of asked) assert.deepEqual(query, { traceId }, 'by the traceId alone');
    }
  });
}
