// What the result element reads from a payments_result answer: every documented status,
// and failures by their kind.
import './build-globals.mjs';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const { STATUSES, isFinal, readResult } = await import('../src/statuses.js');

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name) => JSON.parse(fs.readFileSync(
  path.join(here, '..', '..', 'tests', 'fixtures', 'mixpay-api', name), 'utf8'));
const withStatus = (answer, status) => ({ ...answer, data: { ...answer.data, status } });

test('MixPay\'s documented answers (2022 and current) are read, for every status', () => {
  for (const name of ['payments_result.2022.json', 'payments_result.current.json']) {
    const answer = fixture(name);
    for (const status of STATUSES) {
      const read = readResult(withStatus(answer, status), 200, true);
      assert.equal(read.kind, undefined, `${name} ${status}`);
      assert.equal(read.status, status);
      assert.equal(read.quoteAmount, answer.data.quoteAmount);
      assert.equal(read.traceId, answer.data.traceId);
      assert.equal(read.orderId, '', 'no orderId in any documented answer');
    }
  }
});

test('only the shown fields are kept, as strings', () => {
  const read = readResult(withStatus(fixture('payments_result.current.json'), 'failed'), 200, true);
  assert.deepEqual(Object.keys(read).sort(),
    ['failureCode', 'failureReason', 'orderId', 'quoteAmount', 'quoteSymbol', 'status', 'traceId']);
  const odd = readResult({ success: true, data: { status: 'unpaid', quoteAmount: 10, traceId: {} } }, 200, true);
  assert.equal(odd.quoteAmount, '');
  assert.equal(odd.traceId, '');
});

test('an unknown status, a malformed answer, an API error and an HTTP error are failures', () => {
  const answer = fixture('payments_result.current.json');
  assert.deepEqual(readResult(withStatus(answer, 'refunded'), 200, true),
    { kind: 'response', status: 200, code: 0, message: '' });
  assert.deepEqual(readResult(null, 200, true), { kind: 'response', status: 200, code: 0, message: '' });
  assert.deepEqual(readResult({ success: false, code: 40022, message: 'not found' }, 200, true),
    { kind: 'api', status: 200, code: 40022, message: 'not found' });
  assert.deepEqual(readResult(null, 502, false), { kind: 'http', status: 502, code: 0, message: '' });
  assert.equal(readResult(Object.create({ success: true, data: { status: 'success' } }), 200, true).kind,
    'response', 'nothing read from a prototype');
});

test('only success and failed are final: the element keeps asking for every other status', () => {
  assert.deepEqual(STATUSES.filter(isFinal).sort(), ['failed', 'success']);
  assert.equal(isFinal('refunded'), false);
});
