// Invalid configuration (CONTRACT §4.1): nothing is sent, the button is disabled with a
// visible reason, each error is logged with its field and mixpay:invalid names them all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, buttonState, consoleErrors, events, sleep, stayedFor, useHarness, waitEvent } from './harness.mjs';

const h = useHarness();

const CASES = [
  { name: 'quoteAmount with an exponent', over: { quoteAmount: '1e3' }, fields: ['quoteAmount'] },
  { name: 'negative quoteAmount', over: { quoteAmount: '-5' }, fields: ['quoteAmount'] },
  { name: 'quoteAmount with a comma', over: { quoteAmount: '10,50' }, fields: ['quoteAmount'] },
  { name: 'missing payeeId', over: { payeeId: null }, fields: ['payeeId'] },
  { name: 'payeeId that is neither a UUID nor 32 hex digits', over: { payeeId: 'alice' }, fields: ['payeeId'] },
  { name: 'orderId too short', over: { orderId: 'abc' }, fields: ['orderId'] },
  { name: 'orderId with a space', over: { orderId: 'order 1001' }, fields: ['orderId'] },
  { name: 'settlementAssetId not a UUID', over: { settlementAssetId: 'usdt' }, fields: ['settlementAssetId'] },
  { name: 'isTemp not a boolean', over: { isTemp: 'yes' }, fields: ['isTemp'] },
  { name: 'returnTo with a javascript: URL', over: { returnTo: 'javascript:alert(1)' }, fields: ['returnTo'] },
  { name: 'callbackUrl over http', over: { callbackUrl: 'http://shop.example/cb' }, fields: ['callbackUrl'] },
  { name: 'remark of 51 characters', over: { remark: 'x'.repeat(51) }, fields: ['remark'] },
  { name: 'timeout out of range', over: { timeout: '10' }, fields: ['timeout'] },
  { name: 'retries out of range', over: { retries: '9' }, fields: ['retries'] },
  {
    name: 'three errors at once',
    over: { payeeId: null, quoteAmount: '1e3', orderId: 'abc' },
    fields: ['orderId', 'payeeId', 'quoteAmount'],
  },
];

for (const c of CASES) {
  test(`invalid: ${c.name} -> disabled with a reason, errors named, nothing sent`, T, async () => {
    const page = await h.open(`invalid-${c.name}`, { elements: [{ id: 'checkout', attrs: c.over }] }, { expect: 'invalid' });
    const [inv] = await events(page, 'mixpay:invalid');
    assert.equal(inv.isCustomEvent, true);
    assert.equal(inv.bubbles, true);
    assert.equal(inv.target, 'checkout');
    const errors = inv.detail.errors;
    assert.ok(Array.isArray(errors), 'detail.errors is an array');
    assert.deepEqual([...new Set(errors.map((e) => e.field))].sort(), c.fields, 'every error, each naming its field');
    for (const e of errors) {
      assert.equal(typeof e.message, 'string');
      assert.ok(e.message.length > 0, `a message for ${e.field}`);
    }
    assert.equal((await events(page, 'mixpay:ready')).length, 0, 'an invalid element is never ready');

    const s = await buttonState(page);
    assert.equal(s.buttons, 1, 'a button is still rendered');
    assert.equal(s.disabled, true, 'and disabled');
    const visible = page.locator('#checkout').getByText(new RegExp(c.fields[0]));
    assert.ok(await visible.first().isVisible(), `a visible reason naming ${c.fields[0]}`);

    const logged = consoleErrors(page);
    for (const f of c.fields) {
      assert.ok(
        logged.some((t) => t.includes(f)),
        `console.error names ${f}; got ${JSON.stringify(logged)}`,
      );
    }

    // Even a forced click (the button is disabled) or a click on the element sends nothing.
    await page.evaluate(() => {
      const el = document.getElementById('checkout');
      el.shadowRoot.querySelector('button').click();
      el.click();
    });
    await sleep(400);
    assert.equal((await events(page, 'mixpay:request')).length, 0);
    assert.deepEqual(await h.allRequests(), [], 'nothing reached the API');
    assert.equal((await stayedFor(page, 0)).navigations.length, 0);
  });
}

test('remark of 50 multi-byte characters is valid (characters, not bytes)', T, async () => {
  const remark = '€'.repeat(50);
  const page = await h.open('remark-50', { elements: [{ id: 'checkout', attrs: { remark } }], cancel: ['mixpay:created'] });
  await page.locator('#checkout button').click();
  await waitEvent(page, 'mixpay:created');
  const [r] = await h.payments();
  assert.equal(r.params.remark, remark, 'sent unchanged');
});

test('an invalid element does not affect a valid one on the same page', T, async () => {
  const page = await h.open(
    'invalid-and-valid',
    { elements: [{ id: 'bad', attrs: { quoteAmount: 'ten' } }, { id: 'checkout' }], cancel: ['mixpay:created'] },
    { expect: 'invalid', ids: ['bad'] },
  );
  await waitEvent(page, 'mixpay:ready', { targets: ['checkout'] });
  assert.equal((await buttonState(page, 'bad')).disabled, true);
  await page.locator('#checkout button').click();
  await waitEvent(page, 'mixpay:created');
  const sent = await h.payments();
  assert.equal(sent.length, 1, 'only the valid button sent a request');
  assert.equal(sent[0].params.quoteAmount, '10.50');
});
