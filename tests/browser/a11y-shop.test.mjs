// axe-core over the demo shop's own pages, as mixpay-demo-shop serves them against a
// sandbox: the catalogue with its buttons, direct mode, and the return pages with the
// shop's verdict and the result element; with the system in light and in dark mode. No
// violation at any impact level.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { Harness, T, waitFor } from './harness.mjs';
import { ShopServer } from '../shop/shop-server.mjs';

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
}, { timeout: 30_000 });
beforeEach(() => h.reset(), { timeout: 10_000 });
afterEach(() => h.closeContexts(), { timeout: 10_000 });

async function assertAxe(page, what) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.map((v) => ({
    id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary}`),
  }));
  assert.deepEqual(found, [], `axe violations: ${what}`);
}

// Every button drawn and ready (or every result shown), then axe.
const buttonsReady = (page) => waitFor(() => page.evaluate(() =>
  [...document.querySelectorAll('[data-mixpay-checkout]')].every((el) => {
    const b = el.shadowRoot && el.shadowRoot.querySelector('button');
    return b && !b.hidden && !b.disabled && b.getAttribute('aria-disabled') !== 'true';
  })), { what: 'the buttons ready' });
const resultShown = (page) => waitFor(() => page.evaluate(() => {
  const el = document.querySelector('[data-mixpay-result]');
  const line = el && el.shadowRoot && el.shadowRoot.querySelector('[role=status]');
  return line && line.textContent && !line.textContent.startsWith('Checking') &&
    document.getElementById('order-status').textContent !== 'checking…';
}), { timeoutMs: 15_000, what: 'the result and the verdict' });

for (const scheme of ['light', 'dark']) {
  for (const path of ['/', '/direct.html']) {
    test(`demo shop ${path}, the system in ${scheme} mode`, T, async () => {
      const page = await h.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${shop.origin}${path}`);
      await buttonsReady(page);
      await assertAxe(page, `${path}, ${scheme} system`);
      if (path !== '/') return;
      // MixPay refuses the payment: the button's error, in the shop's light product card.
      await h.fault('api', 1, { code: '10008' });
      await page.locator('#buy-mug button').click();
      await waitFor(() => page.evaluate(() =>
        document.getElementById('buy-mug').shadowRoot.querySelector('[part=status]').textContent !== ''),
      { timeoutMs: 15_000, what: 'the error' });
      await assertAxe(page, `${path} with an error, ${scheme} system`);
    });
  }

  for (const path of ['/thanks.html', '/failed.html']) {
    test(`demo shop ${path}, the system in ${scheme} mode`, T, async () => {
      const traceId = randomUUID();
      const made = await shop.checkout({ traceId, product: 'mug' });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      const page = await h.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${shop.origin}${path}?traceId=${traceId}`);
      await resultShown(page);
      await assertAxe(page, `${path}, ${scheme} system`);
    });
  }
}
