// Shared harness of the browser tests: one sandbox server and one headless Chromium per test
// file, a fresh browser context per test, pages generated into a temporary folder that the
// sandbox serves at /. Pages load from http://127.0.0.1:PORT while the API answers at
// http://localhost:PORT/v1, so every API call is cross-origin, as in production. The sandbox
// and the pages come from sandbox-pages.mjs, which the Firefox and WebKit suite shares.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './chromium-args.mjs';
import { SandboxPages, sleep, waitFor } from './sandbox-pages.mjs';

export { UUID, UUID_V4, VALID, closedPort, dataAttr, sleep, waitFor } from './sandbox-pages.mjs';

// Per-test timeout for node:test; every wait inside a test is bounded well below it.
export const T = { timeout: 45_000 };

export class Harness extends SandboxPages {
  // backForwardCache: keep Chromium's back/forward cache, which Playwright turns off by
  // default, for the tests of what a page restored from it does.
  constructor({ backForwardCache = false } = {}) {
    super();
    this.contexts = [];
    this.backForwardCache = backForwardCache;
  }

  async start() {
    await super.start();
    this.browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      ignoreDefaultArgs: this.backForwardCache ? ['--disable-back-forward-cache'] : [],
      timeout: 30_000,
    });
  }

  async stop() {
    await Promise.allSettled(this.contexts.map((c) => c.close()));
    if (this.browser) await this.browser.close().catch(() => {});
    await super.stop();
  }

  // A new context and page that records console messages, main-frame navigations
  // (requests and commits) and responses.
  async newPage() {
    const context = await this.browser.newContext();
    context.setDefaultTimeout(10_000);
    context.setDefaultNavigationTimeout(15_000);
    this.contexts.push(context);
    const page = await context.newPage();
    const rec = { console: [], navRequests: [], navigated: [], responses: [], pageErrors: [], dialogs: [] };
    page.on('console', (m) => rec.console.push({ type: m.type(), text: m.text() }));
    page.on('pageerror', (e) => rec.pageErrors.push(String(e)));
    page.on('dialog', (d) => {
      rec.dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    page.on('request', (r) => {
      if (r.isNavigationRequest() && r.frame() === page.mainFrame()) rec.navRequests.push(r.url());
    });
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) rec.navigated.push(f.url());
    });
    page.on('response', (r) => rec.responses.push({ url: r.url(), status: r.status() }));
    page.rec = rec;
    return page;
  }

  // Writes a page, opens it and waits until every checkout element named in `readyIds` (by
  // default all elements) fired mixpay:ready (or mixpay:invalid when `expect` is 'invalid').
  async open(name, options = {}, { expect = 'ready', ids } = {}) {
    const url = this.writePage(name, options);
    const page = await this.newPage();
    await page.goto(url);
    const wanted = ids || (options.elements || [{ id: 'checkout' }]).map((e) => e.id);
    const type = expect === 'invalid' ? 'mixpay:invalid' : 'mixpay:ready';
    if (wanted.length) await waitEvent(page, type, { targets: wanted });
    page.startUrl = url;
    page.navCountAtStart = page.rec.navRequests.length;
    return page;
  }

  closeContexts() {
    const list = this.contexts;
    this.contexts = [];
    return Promise.allSettled(list.map((c) => c.close()));
  }
}

// node:test wiring: one harness per test file; the sandbox is reset before each test and
// every context is closed after it.
export function useHarness(options) {
  const h = new Harness(options);
  before(() => h.start(), { timeout: 60_000 });
  after(() => h.stop(), { timeout: 30_000 });
  beforeEach(() => h.reset(), { timeout: 10_000 });
  afterEach(() => h.closeContexts(), { timeout: 10_000 });
  return h;
}

// Page helpers -----------------------------------------------------------------------------

export function events(page, type) {
  return page.evaluate((t) => (window.__events || []).filter((e) => !t || e.type === t), type || null);
}

// Waits until events of `type` were recorded for each of `targets` (or `count` of them).
export async function waitEvent(page, type, { targets, count = 1, timeoutMs = 15_000 } = {}) {
  await page.waitForFunction(
    ({ type, targets, count }) => {
      const list = (window.__events || []).filter((e) => e.type === type);
      if (targets) return targets.every((id) => list.some((e) => e.target === id));
      return list.length >= count;
    },
    { type, targets: targets || null, count },
    { timeout: timeoutMs, polling: 50 },
  );
  return events(page, type);
}

// Waits for the end of the first attempt: mixpay:created or mixpay:error, so a test expecting
// one outcome fails at once, with the detail, on the other.
export async function waitOutcome(page, { timeoutMs = 20_000 } = {}) {
  await page.waitForFunction(
    () => (window.__events || []).some((e) => e.type === 'mixpay:created' || e.type === 'mixpay:error'),
    null,
    { timeout: timeoutMs, polling: 50 },
  );
  const list = await events(page);
  return list.find((e) => e.type === 'mixpay:created' || e.type === 'mixpay:error');
}

// The checkout button in the element's (open) shadow root.
export function button(page, id = 'checkout') {
  return page.locator(`#${id} button`);
}

export function buttonState(page, id = 'checkout') {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    const root = el && el.shadowRoot;
    const buttons = root ? root.querySelectorAll('button') : [];
    const b = buttons[0];
    const alert = root && root.querySelector('[role="alert"]');
    return {
      shadow: !!root,
      buttons: buttons.length,
      lightButtons: el ? el.querySelectorAll('button').length : 0,
      // Disabled for the buyer: aria-disabled (the button keeps focus), never `disabled`.
      disabled: b ? b.disabled || b.getAttribute('aria-disabled') === 'true' : null,
      ariaBusy: b ? b.getAttribute('aria-busy') : null,
      text: b ? b.textContent : null,
      rootText: root ? root.textContent : null,
      alert: alert ? alert.textContent : null,
    };
  }, id);
}

// Asserts-by-waiting that the page neither starts a navigation nor leaves its URL during ms.
export async function stayedFor(page, ms) {
  await sleep(ms);
  return {
    url: page.url(),
    navigations: page.rec.navRequests.slice(page.navCountAtStart ?? 0),
  };
}

export function consoleErrors(page) {
  return page.rec.console.filter((m) => m.type === 'error').map((m) => m.text);
}

// The status lines of the result elements `ids` (in the shadow root, or the element
// itself where it has none): each drawn once shows exactly one.
export function resultLines(page, ids) {
  return page.evaluate((list) => Object.fromEntries(list.map((id) => {
    const element = document.getElementById(id);
    const root = element.shadowRoot || element;
    return [id, Array.from(root.querySelectorAll('[role=status]'), (p) => p.textContent)];
  })), ids);
}

// Waits until each result element of `want` (id → text) shows exactly its one line.
export async function assertResultsShow(page, want) {
  const ids = Object.keys(want);
  const same = (now) => ids.every((id) => now[id].length === 1 && now[id][0] === want[id]);
  try {
    await waitFor(async () => same(await resultLines(page, ids)), { timeoutMs: 15_000, what: 'every result element' });
  } catch (error) {
    assert.deepEqual(await resultLines(page, ids), Object.fromEntries(ids.map((id) => [id, [want[id]]])), error.message);
  }
}
