// Attribute values are text, never HTML; the widget works under the strict CSP of CONTRACT §6.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, button, buttonState, consoleErrors, events, useHarness, waitEvent } from './harness.mjs';

const h = useHarness();

const LABEL = '<img src=x onerror="window.__xss=1"><b>Pay</b>';
const REMARK = '<script>window.__xss=2</script><i>x</i>';

// CONTRACT §6, with the sandbox's API origin (cross-origin to the page) as connect-src.
const STRICT_CSP = () =>
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  `connect-src 'self' ${h.apiOrigin}`;

test('markup in data-label is shown as text: no element created, no script run', T, async () => {
  const page = await h.open('markup-label', {
    elements: [{ id: 'checkout', attrs: { label: LABEL, remark: REMARK } }],
    cancel: ['mixpay:created'],
  });
  const s = await buttonState(page);
  assert.equal(s.text.trim(), LABEL, 'the label, character for character');
  const counts = await page.evaluate(() => {
    const root = document.getElementById('checkout').shadowRoot;
    return {
      imgs: root.querySelectorAll('img').length + document.querySelectorAll('img').length,
      bold: root.querySelectorAll('b,i,script').length,
      xss: window.__xss ?? null,
    };
  });
  assert.deepEqual(counts, { imgs: 0, bold: 0, xss: null });
  await page.getByRole('button', { name: LABEL }).click();
  await waitEvent(page, 'mixpay:created');
  const [r] = await h.payments();
  assert.equal(r.params.remark, REMARK, 'the remark is sent unchanged');
  assert.equal(await page.evaluate(() => window.__xss ?? null), null);
  assert.deepEqual(page.rec.dialogs, []);
});

test('markup in the remark does not run on the code page either', T, async () => {
  const page = await h.open('markup-remark', { elements: [{ id: 'checkout', attrs: { remark: REMARK } }] });
  await button(page).click();
  await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`), { timeout: 15_000 });
  await page.waitForLoadState('load');
  assert.equal(await page.evaluate(() => window.__xss ?? null), null);
  assert.deepEqual(page.rec.pageErrors, []);
});

test('strict CSP of CONTRACT §6: works end to end without a single violation', T, async () => {
  const page = await h.open('strict-csp', { csp: STRICT_CSP() });
  await button(page).click();
  await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`), { timeout: 15_000 });
  const [r] = await h.payments();
  assert.equal(page.url(), `${h.payBase}/code/${r.params.traceId}`, 'the code page of this attempt');
  // The page's recorder turns each securitypolicyviolation event into a console error; the
  // console record outlives the navigation.
  const refused = consoleErrors(page).filter((t) => /Content Security Policy|CSP violation|Refused to/i.test(t));
  assert.deepEqual(refused, [], 'no CSP violation');
  assert.deepEqual(page.rec.pageErrors, []);
});

test('strict CSP: mixpay:created detail and no violation while the page stays', T, async () => {
  const page = await h.open('strict-csp-created', { csp: STRICT_CSP(), cancel: ['mixpay:created'] });
  await button(page).click();
  const [created] = await waitEvent(page, 'mixpay:created');
  assert.equal(created.detail.url, `${h.payBase}/code/${created.detail.code}`);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no securitypolicyviolation event');
});

test('strict CSP page: the widget styles itself (constructable stylesheet applies)', T, async () => {
  const strict = await h.open('strict-csp-style', { csp: STRICT_CSP() });
  const plain = await h.open('plain-style', {});
  const style = (p) =>
    button(p).evaluate((b) => {
      const s = getComputedStyle(b);
      return [s.backgroundColor, s.color, s.borderRadius, s.padding].join('|');
    });
  assert.equal(await style(strict), await style(plain), 'the same look with and without the CSP');
  assert.deepEqual(await strict.evaluate(() => window.__violations), []);
  assert.equal((await events(strict, 'mixpay:ready')).length, 1);
});
