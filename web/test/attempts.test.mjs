// The key of an attempt (made of the core's identity of it) and its expiry.
import './build-globals.mjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';

const { attemptExpiry, attemptKey } = await import('../src/attempts.js');

// The identity itself is the core's (attempt_identity(), tests/core/checkout.cpp): what
// is left here is the key made of it.
test('the same identity is the same attempt; the key holds no parameter in clear', () => {
  const identity = '32:a0d7791408776b47eb1dd3f94ed15d6a\n2:10\n-\n10:order_1001\n';
  assert.equal(attemptKey(identity), attemptKey(identity));
  assert.match(attemptKey(identity), /^mixpay-checkout:attempt:[0-9a-z]+$/);
  assert.ok(!attemptKey(identity).includes('order_1001'));
  assert.notEqual(attemptKey(identity.replace('2:10', '4:10.5')), attemptKey(identity));
});

test('expiry: 30 minutes, or sooner with expireSeconds or expiredTimestamp', () => {
  const now = 1_700_000_000_000;
  assert.equal(attemptExpiry({}, now), now + 30 * 60_000);
  assert.equal(attemptExpiry({ expireSeconds: '600' }, now), now + 600_000);
  assert.equal(attemptExpiry({ expireSeconds: '86400' }, now), now + 30 * 60_000);
  assert.equal(attemptExpiry({ expiredTimestamp: String(now / 1000 + 120) }, now), now + 120_000);
  assert.equal(attemptExpiry({ expireSeconds: '600', expiredTimestamp: String(now / 1000 + 60) }, now), now + 60_000);
  // Not the core's forms: no effect (the core refuses them anyway).
  for (const expireSeconds of ['1e3', '-5', '10.5', ' 60', '1234567890']) {
    assert.equal(attemptExpiry({ expireSeconds }, now), now + 30 * 60_000, expireSeconds);
  }
});
