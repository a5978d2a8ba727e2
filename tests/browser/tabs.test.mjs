// One attempt across tabs (CONTRACT §4.8): two tabs of one browser clicking the same
// configuration at the same moment send one traceId (Web Locks, with the attempt
// remembered in IndexedDB; attempt-store.test.mjs: the store itself), so they make one payment.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { T, UUID_V4, useHarness, waitEvent } from './harness.mjs';

const h = useHarness();

// The page's mixpay:request listener takes WINDOW_MS: a click in the other tab during that
// time is "at the same moment" (the moment between a tab looking for the attempt and
// remembering the traceId it sends), whatever the load of the machine.
const WINDOW_MS = 400;

// Two pages of one context (one origin's storage and locks), the same configuration.
async function twoTabs(name) {
  const file = 'slow-request.js';
  fs.writeFileSync(path.join(h.dir, file), `document.addEventListener('mixpay:request', () => {
  window.__requestAt = Date.now();
  const end = Date.now() + ${WINDOW_MS};
  while (Date.now() < end);
});
`);
  const url = h.writePage(name, {
    cancel: ['mixpay:created'],
    scripts: [`<script src="/${file}"></script>`, '<script src="/dist/mixpay-checkout.js" defer></script>'],
  });
  const first = await h.newPage();
  const second = await first.context().newPage();
  await Promise.all([first.goto(url), second.goto(url)]);
  await Promise.all([waitEvent(first, 'mixpay:ready'), waitEvent(second, 'mixpay:ready')]);
  return [first, second];
}

// Both buttons clicked at one agreed instant, each page spinning on its own clock until then.
async function clickTogether(pages) {
  const at = Date.now() + 300;
  const clicked = await Promise.all(pages.map((p) => p.evaluate((at) => {
    const b = document.getElementById('checkout').shadowRoot.querySelector('button');
    while (Date.now() < at);
    const t = Date.now();
    b.click();
    return t;
  }, at)));
  return Math.abs(clicked[0] - clicked[1]);
}

test('two tabs clicking the same configuration at the same moment send one traceId', T, async () => {
  for (let round = 0; round < 2; round++) {
    await h.reset();
    const pages = await twoTabs(`tabs-${round}`);
    const apart = await clickTogether(pages);
    assert.ok(apart < WINDOW_MS / 2, `clicked ${apart} ms apart`);
    const sent = await h.waitPayments(2);
    assert.equal(sent.length, 2, 'each tab sent its request');
    assert.match(sent[0].params.traceId, UUID_V4);
    assert.equal(sent[1].params.traceId, sent[0].params.traceId, `round ${round}: one traceId`);
    const created = await Promise.all(pages.map((p) => waitEvent(p, 'mixpay:created')));
    assert.equal(created[0][0].detail.code, created[1][0].detail.code, 'one payment code');
    await Promise.all(pages.map((p) => p.close()));
  }
});
