// The page around the button is not trusted (README, "A page that is not trusted"), for what
// its scripts do once the widget's script has run: XMLHttpRequest's methods replaced after
// mixpay:ready, a `then` on Object.prototype, redirects of the API or of the code endpoint,
// and an endless payments_result answer.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { OTHER_CODE, Elsewhere, answerCode } from './elsewhere.mjs';
import { T, button, events, sleep, useHarness, waitEvent, waitFor } from './harness.mjs';

const h = useHarness();
const elsewhere = new Elsewhere();
let handler = (req, res) => answerCode(res);
before(() => elsewhere.start((req, res, body) => handler(req, res, body)));
after(() => elsewhere.stop());

// A page with `code` run once the button is ready (or, with `first`, right after the
// widget's own script, which comes first and without defer, before the page is parsed).
function untrustedPage(name, code, { first = false, cancel = [], attrs = {} } = {}) {
  const file = `${name}.js`;
  fs.writeFileSync(path.join(h.dir, file), first
    ? `${code}\n`
    : `window.addEventListener('mixpay:ready', () => {\n${code}\n}, { once: true });\n`);
  return h.open(name, {
    cancel,
    elements: [{ id: 'checkout', attrs }],
    scripts: first
      ? ['<script src="/dist/mixpay-checkout.js"></script>', `<script src="/${file}"></script>`]
      : [`<script src="/${file}"></script>`, '<script src="/dist/mixpay-checkout.js" defer></script>'],
  });
}

// The click reached the sandbox, and only it, and the page went to <payBase>/code/<code of
// that request>, nowhere else.
async function assertExactRedirect(page) {
  handler = (req, res) => answerCode(res);
  elsewhere.requests.length = 0;
  await button(page).click();
  await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`), { timeout: 15_000 });
  const [sent] = await h.payments();
  assert.ok(sent, 'the request reached the sandbox');
  assert.equal(page.url(), `${h.payBase}/code/${sent.params.traceId}`);
  assert.deepEqual(page.rec.navRequests.slice(page.navCountAtStart), [page.url()], 'one navigation');
  assert.deepEqual(elsewhere.requests, [], 'nothing reached another server');
  return sent;
}

test('XMLHttpRequest.prototype.open replaced after mixpay:ready: the POST still goes to the API', T, async () => {
  const page = await untrustedPage('xhr-open', `
    const open = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (method, url, ...rest) {
      return open.call(this, method, '${elsewhere.origin}/v1/one_time_payment', ...rest);
    };`);
  await assertExactRedirect(page);
});

test('XMLHttpRequest.prototype.send wrapped: nothing copied while the page stays', T, async () => {
  const page = await untrustedPage('xhr-send-stay', `
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (body) {
      window.__stolen = body === null || body === undefined ? 'null' : String(body.byteLength);
      return send.call(this, body);
    };
    const setHeader = XMLHttpRequest.prototype.setRequestHeader;
    XMLHttpRequest.prototype.setRequestHeader = function (name, value) {
      window.__header = name;
      return setHeader.call(this, name, value);
    };`, { cancel: ['mixpay:created'] });
  await button(page).click();
  await waitEvent(page, 'mixpay:created');
  assert.equal(await page.evaluate(() => window.__stolen ?? null), null, 'send() of the page never saw the body');
  assert.equal(await page.evaluate(() => window.__header ?? null), null, 'nor setRequestHeader()');
  assert.equal((await h.payments()).length, 1);
});

// Object.prototype.then, as a getter so that only the widget's results are caught: it
// turns each into a thenable that "resolves" to the page's choice.
const THEN_HIJACK = `
  Object.defineProperty(Object.prototype, 'then', {
    configurable: true,
    get() {
      if (Object.prototype.hasOwnProperty.call(this, 'hijacked') || !('url' in this && 'code' in this)) return undefined;
      const traceId = this.traceId;
      return (resolve) => resolve({ hijacked: true, ok: true, code: '${OTHER_CODE}', traceId,
        url: '${elsewhere.origin}/steal', orderId: null });
    },
  });`;

test('a then on Object.prototype: the button\'s result is never resolved as a thenable', T, async () => {
  const page = await untrustedPage('then-button', THEN_HIJACK);
  await assertExactRedirect(page);
});

test('a then on Object.prototype: create() resolves with the payment it created', T, async () => {
  const page = await untrustedPage('then-create', THEN_HIJACK);
  // (An array comes back to the test: the page's then would catch an object with a url.)
  const [code, url, traceId] = await page.evaluate(() => MixPayCheckout.create(
    { ...document.getElementById('checkout').dataset }).then((r) => [r.code, r.url, r.traceId]));
  assert.equal(url, `${h.payBase}/code/${code}`);
  const [sent] = await h.payments();
  assert.equal(traceId, sent.params.traceId);
  assert.notEqual(code, OTHER_CODE);
});

test('Function.prototype.bind, Element.prototype.getAttribute and URL replaced once the script has run, before load', T, async () => {
  const page = await untrustedPage('before-load', `
    const get = Element.prototype.getAttribute;
    const bind = Function.prototype.bind;
    Function.prototype.bind = function (self, ...args) {
      const bound = bind.call(this, self, ...args);
      if (this !== Function.prototype.call || self !== get) return bound;
      return (element, name) => (name === 'data-api-base' ? '${elsewhere.origin}/v1' : bound(element, name));
    };
    Element.prototype.getAttribute = function (name) {
      if (name === 'data-api-base') return '${elsewhere.origin}/v1';
      if (name === 'data-pay-base') return '${elsewhere.origin}';
      return get.call(this, name);
    };
    window.URL = function () { return { href: '${elsewhere.origin}/url', origin: '${elsewhere.origin}' }; };`, { first: true });
  await assertExactRedirect(page);
});

// Redirects (CONTRACT §4.7) --------------------------------------------------------------

async function redirectedAttempt(name, attrs, redirect) {
  elsewhere.requests.length = 0;
  handler = (req, res) => {
    if (req.url.startsWith('/moved')) return answerCode(res, { envelope: !attrs.codeEndpoint });
    res.statusCode = redirect.status;
    res.setHeader('Location', `${redirect.to}/moved${req.url}`);
    res.end();
  };
  const page = await h.open(name, { elements: [{ id: 'checkout', attrs }], cancel: ['mixpay:error'] });
  await button(page).click();
  const [error] = await waitEvent(page, 'mixpay:error');
  await sleep(300);
  assert.equal(error.detail.kind, 'http', JSON.stringify(error.detail));
  assert.deepEqual(page.rec.navRequests.slice(page.navCountAtStart), [], 'no navigation');
  assert.deepEqual(await events(page, 'mixpay:created'), []);
  const moved = elsewhere.requests.filter((r) => r.url.startsWith('/moved'));
  assert.ok(moved.length >= 1, 'the browser followed the redirect (the answer is what is refused)');
  return error;
}

for (const status of [307, 308]) {
  test(`an API answer redirected (${status}) to another origin is never used: kind http`, T, async () => {
    await redirectedAttempt(`api-redirect-${status}`, { apiBase: `${elsewhere.origin}/v1` },
      { status, to: elsewhere.otherOrigin });
  });
}

test('an API answer redirected to another path of the same origin is never used either', T, async () => {
  await redirectedAttempt('api-redirect-path', { apiBase: `${elsewhere.origin}/v1` },
    { status: 307, to: elsewhere.origin });
});

test('a code endpoint\'s answer redirected to another origin is never used: kind http', T, async () => {
  await redirectedAttempt('code-redirect', {
    codeEndpoint: `${elsewhere.origin}/checkout/mixpay`, payeeId: null, quoteAmount: null,
  }, { status: 307, to: elsewhere.otherOrigin });
});

// The result element ----------------------------------------------------------------------

test('the result element reads at most 64 KiB of a payments_result answer that never ends', T, async () => {
  const CHUNK = Buffer.alloc(64 * 1024, 0x20);
  const total = 64 * 1024 * 1024;
  let written = 0;
  let closed = false;
  handler = (req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.write('{"code":0,"success":true,"data":{"status":"pending","x":"');
    const more = () => {
      while (written < total && !closed) {
        written += CHUNK.length;
        if (!res.write(CHUNK)) return res.once('drain', more);
      }
      if (!closed) res.end('"}}');
    };
    res.on('close', () => {
      closed = true;
    });
    more();
  };
  const url = h.writePage('result-endless', {
    elements: [{ id: 'result', raw: {
      'data-mixpay-result': '', 'data-trace-id': '6f1c1b5e-8f0e-4c5b-9a57-3b8c0f3c2f11',
      'data-api-base': `${elsewhere.origin}/v1`,
    } }],
  });
  const page = await h.newPage();
  await page.goto(url);
  await waitFor(() => closed, { timeoutMs: 15_000, what: 'the answer to end' });
  assert.ok(written < 16 * 1024 * 1024, `at most a few MiB in flight, not the whole answer: ${written} bytes written`);
});
