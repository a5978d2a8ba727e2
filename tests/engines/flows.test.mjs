// The contract's core flows in Firefox and WebKit (Safari's engine): ready and the exact
// request, an invalid configuration, a double click, a retried fault, the strict CSP of
// CONTRACT §6. The same steps run in each engine through the adapters of drivers.mjs;
// MIXPAY_ENGINES=firefox (or webkit) runs one of them.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SandboxPages, UUID_V4, VALID, closedPort, sleep, waitFor } from '../browser/sandbox-pages.mjs';
import { ENGINES, cleanUpOnExit, cleanedUp } from './drivers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

// Per-test timeout; every wait inside a test is bounded well below it.
const T = { timeout: 60_000 };

const names = (process.env.MIXPAY_ENGINES || 'firefox,webkit')
  .split(',')
  .map((n) => n.trim())
  .filter(Boolean);
for (const n of names) {
  if (!ENGINES[n]) throw new Error(`MIXPAY_ENGINES: unknown engine ${n} (known: ${Object.keys(ENGINES)})`);
}

// record.js (from tests/browser/pages) comes first; then the console and CSP keeper, then the
// widget, deferred as a merchant would load it.
const SCRIPTS = ['<script src="/engines-record.js"></script>', '<script src="/dist/mixpay-checkout.js" defer></script>'];

for (const name of names) {
  describe(name, () => {
    const s = new SandboxPages();
    let e = null;
    const stopSandbox = async () => {
      await s.stop();
      cleanedUp({ pid: s.proc?.pid, dir: s.dir });
    };

    before(
      async () => {
        await s.start({ pageDirs: [path.join(here, 'pages')], prefix: `mixpay-${name}-` });
        cleanUpOnExit({ pid: s.proc.pid, dir: s.dir });
        try {
          e = await ENGINES[name]({ blockedPort: await closedPort() });
        } catch (error) {
          await stopSandbox();
          throw error;
        }
        console.log(`${name}: ${e.version}`);
      },
      { timeout: 60_000 },
    );
    after(
      async () => {
        if (e) await e.close();
        await stopSandbox();
      },
      { timeout: 30_000 },
    );
    beforeEach(
      async () => {
        await s.reset();
        await e.newPage();
      },
      { timeout: 45_000 },
    );
    afterEach(() => e?.closePage(), { timeout: 30_000 });

    // Page helpers ---------------------------------------------------------------------------

    const events = (type) => e.evaluate((t) => (window.__events || []).filter((x) => !t || x.type === t), type || null);

    // Polls until `type` was recorded `count` times; a page still loading answers nothing yet.
    const waitEvent = (type, { count = 1, timeoutMs = 15_000 } = {}) =>
      waitFor(
        async () => {
          const list = await events(type).catch(() => null);
          return list && list.length >= count ? list : null;
        },
        { timeoutMs, what: `${count} ${type} event(s)` },
      );

    // The end of the first attempt, so a test expecting one outcome fails at once on the other.
    const waitOutcome = async (timeoutMs = 20_000) => {
      const list = await waitFor(
        async () => {
          const all = await events().catch(() => null);
          return all && all.some((x) => x.type === 'mixpay:created' || x.type === 'mixpay:error') ? all : null;
        },
        { timeoutMs, what: 'mixpay:created or mixpay:error' },
      );
      return list.find((x) => x.type === 'mixpay:created' || x.type === 'mixpay:error');
    };

    const waitUrl = (accept, what, timeoutMs = 15_000) =>
      waitFor(
        async () => {
          const u = await e.url().catch(() => null);
          return u && accept(u) ? u : null;
        },
        { timeoutMs, what },
      );

    // Writes a page, opens it and waits for mixpay:ready (or mixpay:invalid) on #checkout.
    async function open(pageName, options = {}, { expect = 'mixpay:ready' } = {}) {
      const url = s.writePage(pageName, { scripts: SCRIPTS, ...options });
      await e.goto(url);
      await waitEvent(expect);
      return url;
    }

    const buttonState = () =>
      e.evaluate(() => {
        const root = document.getElementById('checkout').shadowRoot;
        const buttons = root ? root.querySelectorAll('button') : [];
        return {
          shadow: !!root,
          buttons: buttons.length,
          disabled: buttons[0] ? buttons[0].disabled || buttons[0].getAttribute('aria-disabled') === 'true' : null,
          text: buttons[0] ? buttons[0].textContent.trim() : null,
        };
      });

    // The text of the innermost element of the shadow root that contains `needle` and that a
    // person sees: laid out, not hidden, not transparent. Null when there is none.
    const visibleText = (needle) =>
      e.evaluate((needle) => {
        const root = document.getElementById('checkout').shadowRoot;
        const seen = (el) => {
          if (!el.getClientRects().length) return false;
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) return false;
          for (let n = el; n && n.nodeType === 1; n = n.parentNode instanceof ShadowRoot ? n.parentNode.host : n.parentNode) {
            const cs = getComputedStyle(n);
            if (cs.visibility === 'hidden' || cs.display === 'none' || Number(cs.opacity) === 0) return false;
          }
          return true;
        };
        const all = Array.from(root.querySelectorAll('*')).filter((el) => el.textContent.includes(needle));
        const innermost = all.filter((el) => !Array.from(el.children).some((c) => c.textContent.includes(needle)));
        const hit = innermost.find(seen);
        return hit ? hit.textContent : null;
      }, needle);

    function returnUrls() {
      return {
        returnTo: `${s.origin}/thanks.html?order={orderId}&trace={traceId}`,
        failedReturnTo: `${s.origin}/failed.html?trace={traceId}`,
      };
    }

    function assertSameAttempt(sent) {
      assert.match(sent[0].params.traceId, UUID_V4, 'a generated traceId is a UUID v4');
      for (const r of sent.slice(1)) {
        assert.equal(r.params.traceId, sent[0].params.traceId, 'every try carries the same traceId');
        assert.equal(r.body, sent[0].body, 'every try sends the same body');
      }
    }

    // Flows -------------------------------------------------------------------------------

    test('ready, then a click sends one form-encoded POST with the exact parameters and opens <payBase>/code/<traceId>', T, async () => {
      await open('happy', { elements: [{ id: 'checkout', attrs: returnUrls() }] });
      const [ready] = await events('mixpay:ready');
      assert.equal(ready.target, 'checkout');
      assert.equal(ready.isCustomEvent, true);
      assert.equal(ready.bubbles, true, 'recorded on document: it bubbled');
      assert.deepEqual(await buttonState(), { shadow: true, buttons: 1, disabled: false, text: 'Pay with crypto' });
      assert.deepEqual(await s.allRequests(), [], 'nothing is sent before the click');

      await e.click('checkout');
      const landed = await waitUrl((u) => u.startsWith(`${s.payBase}/code/`), 'the code page');

      const sent = await s.payments();
      assert.equal(sent.length, 1, 'exactly one POST');
      const [r] = sent;
      assert.match(r.contentType, /^application\/x-www-form-urlencoded/);
      assert.equal(r.origin, s.origin, 'the call is cross-origin, from the page origin');
      const traceId = r.params.traceId;
      assert.match(traceId, UUID_V4, 'a generated traceId is a UUID v4');
      const expected = {
        ...VALID,
        isTemp: '1',
        traceId,
        returnTo: `${s.origin}/thanks.html?order=order_1001&trace=${traceId}`,
        failedReturnTo: `${s.origin}/failed.html?trace=${traceId}`,
      };
      assert.deepEqual(r.params, expected, 'the parameters, exactly, and nothing else');
      assert.deepEqual(Object.fromEntries(new URLSearchParams(r.body)), expected, 'the raw body encodes the same');
      assert.match(r.body, /(^|&)quoteAmount=10\.50(&|$)/, 'the amount travels as the exact string');
      const preflights = (await s.allRequests()).filter((x) => x.method === 'OPTIONS');
      assert.equal(preflights.length, 0, 'a CORS simple request: no preflight');

      assert.equal(landed, `${s.payBase}/code/${traceId}`, 'the code page of this attempt');
      const codePage = await waitFor(
        () =>
          e
            .evaluate(() => document.readyState === 'complete' && { title: document.title, trace: document.getElementById('trace')?.textContent })
            .catch(() => null),
        { timeoutMs: 10_000, what: 'the code page to load' },
      );
      assert.equal(codePage.trace.trim(), traceId, 'the sandbox shows the payment the widget created');
      assert.match(codePage.title, /^Pay 10\.50 USD/);
    });

    test('invalid data-quote-amount: disabled with a visible reason naming the field, mixpay:invalid, nothing sent', T, async () => {
      const url = await open('invalid-amount', { elements: [{ id: 'checkout', attrs: { quoteAmount: '1e3' } }] }, { expect: 'mixpay:invalid' });
      const [inv] = await events('mixpay:invalid');
      assert.equal(inv.target, 'checkout');
      assert.equal(inv.isCustomEvent, true);
      assert.equal(inv.bubbles, true);
      const errors = inv.detail.errors;
      assert.ok(Array.isArray(errors), 'detail.errors is an array');
      assert.deepEqual(
        errors.map((x) => x.field),
        ['quoteAmount'],
        'one error, naming its field',
      );
      assert.equal(typeof errors[0].message, 'string');
      assert.ok(errors[0].message.length > 0, 'with a message');
      assert.equal((await events('mixpay:ready')).length, 0, 'an invalid element is never ready');

      const state = await buttonState();
      assert.equal(state.buttons, 1, 'a button is still rendered');
      assert.equal(state.disabled, true, 'and disabled');
      const reason = await visibleText('quoteAmount');
      assert.ok(reason, 'a visible reason naming quoteAmount');
      const logged = await e.evaluate(() => window.__consoleErrors);
      assert.ok(
        logged.some((t) => t.includes('quoteAmount')),
        `console.error names quoteAmount; got ${JSON.stringify(logged)}`,
      );

      // Neither a pointer click on the disabled button nor a scripted one sends anything.
      await e.click('checkout');
      await e.evaluate(() => {
        const el = document.getElementById('checkout');
        el.shadowRoot.querySelector('button').click();
        el.click();
      });
      await sleep(400);
      assert.equal((await events('mixpay:request')).length, 0);
      assert.deepEqual(await s.allRequests(), [], 'nothing reached the API');
      assert.equal(await e.url(), url, 'no navigation');
    });

    test('a double click sends exactly one request', T, async () => {
      // On loopback a whole attempt takes ~10 ms, less than the gap between the two clicks
      // of a driver's double click (15–30 ms here): the second click would start a new
      // attempt after the first ended. The sandbox answers after 1 s, as a distant API
      // would, so that both clicks fall within one attempt.
      await s.fault('hang', 1, { seconds: '1' });
      // Its own orderId: should a try outlive the test, its late payment cannot collide with
      // the next test's order_1001 after the sandbox's reset.
      const url = await open('dblclick', { elements: [{ id: 'checkout', attrs: { orderId: 'order_dblclick' } }], cancel: ['mixpay:created'] });
      await e.evaluate(() => {
        window.__presses = 0;
        const b = document.getElementById('checkout').shadowRoot.querySelector('button');
        b.addEventListener('pointerdown', () => window.__presses++);
      });
      await e.click('checkout', { count: 2 });
      const [created] = await waitEvent('mixpay:created');
      await sleep(500);
      assert.equal(await e.evaluate(() => window.__presses), 2, 'both presses reached the button');
      const sent = await s.payments();
      assert.equal(sent.length, 1, 'exactly one POST');
      assert.equal((await events('mixpay:request')).length, 1, 'one attempt');
      assert.equal((await events('mixpay:created')).length, 1);
      assert.equal(created.detail.traceId, sent[0].params.traceId);
      assert.equal(await e.url(), url, 'mixpay:created was canceled: no navigation');
    });

    test('http500 once: retried with the same traceId and body, then mixpay:created', T, async () => {
      await s.fault('http500', 1);
      const url = await open('http500-once', { cancel: ['mixpay:created', 'mixpay:error'] });
      await e.click('checkout');
      const created = await waitOutcome();
      assert.equal(created.type, 'mixpay:created', `the attempt recovers: ${JSON.stringify(created.detail)}`);
      await s.waitPayments(2, 8_000);
      await sleep(300);
      const sent = await s.payments();
      assert.equal(sent.length, 2, 'two tries');
      assertSameAttempt(sent);
      // Backoff 400 ms × 2^n ± 25% before the first retry.
      assert.ok(sent[1].timeMs - sent[0].timeMs >= 300, `a backoff before the retry: ${sent[1].timeMs - sent[0].timeMs} ms`);

      const traceId = sent[0].params.traceId;
      assert.deepEqual(created.detail, { code: traceId, url: `${s.payBase}/code/${traceId}`, traceId, orderId: 'order_1001' });
      assert.equal(created.target, 'checkout');
      assert.equal(created.isCustomEvent, true);
      assert.equal(created.bubbles, true);
      assert.equal(created.cancelable, true);
      assert.equal(created.canceled, true, 'preventDefault() took');
      assert.equal((await events('mixpay:request')).length, 1, 'one attempt');
      assert.equal((await events('mixpay:error')).length, 0);
      assert.equal(await e.url(), url, 'canceled: the page stays');
    });

    test('strict CSP of CONTRACT §6: ready, POST and code page without a single violation', T, async () => {
      const csp =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
        `connect-src 'self' ${s.apiOrigin}`;
      await open('strict-csp', { csp });
      assert.deepEqual(await e.evaluate(() => window.__violations), [], 'none while loading');
      assert.equal((await buttonState()).disabled, false);

      await e.click('checkout');
      const landed = await waitUrl((u) => u.startsWith(`${s.payBase}/code/`), 'the code page');
      const sent = await s.payments();
      assert.equal(sent.length, 1, 'exactly one POST');
      assert.equal(landed, `${s.payBase}/code/${sent[0].params.traceId}`, 'the code page of this attempt');

      // The violations of the page's whole life, kept in this origin's sessionStorage.
      await e.goto(`${s.origin}/thanks.html`);
      const kept = await e.evaluate(() => sessionStorage.getItem('mixpay-test-violations'));
      assert.notEqual(kept, null, 'the record outlived the navigation');
      assert.deepEqual(JSON.parse(kept), [], 'no securitypolicyviolation');
    });
  });
}
