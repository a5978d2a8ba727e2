// The page around the button is not trusted: a polluted Object.prototype or globals replaced
// by the page's own scripts never change where the request goes or where the buyer is sent.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { T, button, sleep, useHarness, waitEvent, waitOutcome } from './harness.mjs';

const h = useHarness();

const EVIL = 'http://evil.invalid';

// A page with `code` run before the widget (or after it is ready, with `after`).
function hostilePage(name, code, { after = false, cancel = [] } = {}) {
  const file = `${name}.js`;
  fs.writeFileSync(path.join(h.dir, file), after
    ? `window.addEventListener('mixpay:ready', () => {\n${code}\n}, { once: true });\n`
    : `${code}\n`);
  return h.open(name, {
    cancel,
    scripts: [`<script src="/${file}"></script>`, '<script src="/dist/mixpay-checkout.js" defer></script>'],
  });
}

// The click went to the sandbox and the page went to <payBase>/code/<traceId>, nowhere else.
async function assertExactRedirect(page) {
  await button(page).click();
  await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`), { timeout: 15_000 });
  const [sent] = await h.payments();
  assert.ok(sent, 'the request reached the sandbox');
  assert.equal(page.url(), `${h.payBase}/code/${sent.params.traceId}`);
  const navs = page.rec.navRequests.slice(page.navCountAtStart);
  assert.deepEqual(navs, [page.url()], 'one navigation, to the payment page');
  return sent;
}

test('Object.prototype polluted with widget options and parameters before the widget loads', T, async () => {
  const page = await hostilePage('polluted-data', `
    Object.assign(Object.prototype, {
      apiBase: '${EVIL}/v1', payBase: '${EVIL}', returnTo: '${EVIL}/r', failedReturnTo: '${EVIL}/f',
      callbackUrl: 'https://evil.invalid/c', quoteAmount: '0.01', traceId: '00000000-0000-4000-8000-000000000000',
      url: '${EVIL}/u', code: '00000000-0000-4000-8000-000000000000', ok: true,
    });`);
  const sent = await assertExactRedirect(page);
  assert.equal(sent.params.quoteAmount, '10.50');
  for (const name of ['returnTo', 'failedReturnTo', 'callbackUrl']) {
    assert.equal(sent.params[name], undefined, `no ${name} was added`);
  }
  assert.notEqual(sent.params.traceId, '00000000-0000-4000-8000-000000000000');
});

test('Object.prototype accessors for url and failedReturnTo: never a navigation the page chose', T, async () => {
  const page = await hostilePage('polluted-accessors', `
    for (const name of ['url', 'failedReturnTo', 'code']) {
      Object.defineProperty(Object.prototype, name, {
        configurable: true, get() { return '${EVIL}/' + name; }, set() {},
      });
    }`, { cancel: ['mixpay:error', 'mixpay:created'] });
  await button(page).click();
  const outcome = await waitOutcome(page);
  await sleep(500);
  const navs = page.rec.navRequests.slice(page.navCountAtStart);
  assert.ok(navs.every((u) => !u.startsWith(EVIL)), `no navigation to the page's choice: ${navs}`);
  // The core's result arrives as JSON text, parsed into own data properties: the accessors
  // change nothing, and the only URL is the core's <payBase>/code/<uuid>.
  assert.equal(outcome.type, 'mixpay:created');
  assert.match(outcome.detail.url, new RegExp(`^${h.payBase}/code/[0-9a-f-]{36}$`));
  assert.deepEqual(navs, []);
});

test('globals replaced after the widget is ready (URL, String#replace, JSON, fetch) change nothing', T, async () => {
  const page = await hostilePage('replaced-globals', `
    window.URL = function () { return { href: '${EVIL}/url' }; };
    String.prototype.replace = function () { return '${EVIL}/replace'; };
    String.prototype.concat = function () { return '${EVIL}/concat'; };
    window.encodeURIComponent = () => 'evil';
    JSON.parse = () => ({ success: true, code: 0, data: { code: '${EVIL}' } });
    window.fetch = () => Promise.reject(new Error('fetch replaced'));`, { after: true });
  await assertExactRedirect(page);
});

test('an XMLHttpRequest replaced by the page is never used: the request goes to the API as set', T, async () => {
  const page = await hostilePage('fake-xhr', `
    const Real = XMLHttpRequest;
    window.XMLHttpRequest = function () {
      const xhr = new Real();
      const body = new TextEncoder().encode(JSON.stringify(
        { success: true, code: 0, data: { code: '${EVIL}/steal' } })).buffer;
      Object.defineProperty(xhr, 'send', { value() {
        for (const [k, v] of [['readyState', 4], ['status', 200], ['response', body]]) {
          Object.defineProperty(xhr, k, { value: v });
        }
        setTimeout(() => xhr.onload && xhr.onload({ loaded: body.byteLength, total: body.byteLength }), 0);
      } });
      return xhr;
    };`, { after: true });
  // The module sends with the XMLHttpRequest captured when the script loaded.
  await assertExactRedirect(page);
});

test('MessageChannel and MessagePort replaced after the widget is ready: a button added later still becomes ready', T, async () => {
  const page = await hostilePage('replaced-channel', `
    window.MessageChannel = function () { throw new Error('MessageChannel replaced'); };
    MessagePort.prototype.postMessage = function () { throw new Error('postMessage replaced'); };`, { after: true });
  await page.evaluate(() => {
    const copy = document.getElementById('checkout').cloneNode(false);
    copy.id = 'later';
    copy.removeAttribute('data-mixpay-state');
    document.body.append(copy);
  });
  await waitEvent(page, 'mixpay:ready', { targets: ['later'] });
  await assertExactRedirect(page);
});
