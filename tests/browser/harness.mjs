// Shared harness of the browser tests: one sandbox server and one headless Chromium per test
// file, a fresh browser context per test, pages generated into a temporary folder that the
// sandbox serves at /. Pages load from http://127.0.0.1:PORT while the API answers at
// http://localhost:PORT/v1, so every API call is cross-origin, as in production.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// A valid configuration in the contract's own terms; tests override or remove (null) entries.
export const VALID = Object.freeze({
  payeeId: 'a0d7791408776b47eb1dd3f94ed15d6a',
  quoteAmount: '10.50',
  quoteAssetId: 'usd',
  settlementAssetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
  orderId: 'order_1001',
});

// Per-test timeout for node:test; every wait inside a test is bounded well below it.
export const T = { timeout: 45_000 };

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function sandboxBinary() {
  const fromEnv = process.env.MIXPAY_SANDBOX;
  const candidate = fromEnv || path.join(repo, 'build', 'native', 'demo', 'sandbox', 'mixpay-sandbox');
  if (!fs.existsSync(candidate)) {
    throw new Error(`sandbox binary not found at ${candidate} (set MIXPAY_SANDBOX)`);
  }
  return candidate;
}

function distDir() {
  const dir = process.env.MIXPAY_DIST || path.join(repo, 'dist');
  if (!fs.existsSync(path.join(dir, 'mixpay-checkout.js'))) {
    throw new Error(`${dir}/mixpay-checkout.js not found: build the wasm preset (set MIXPAY_DIST)`);
  }
  return dir;
}

function escapeAttr(value) {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

// camelCase parameter name -> data-* attribute name (payeeId -> data-payee-id).
export function dataAttr(name) {
  return 'data-' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

// Bounded polling: resolves with the first truthy value of fn(), or throws after timeoutMs.
export async function waitFor(fn, { timeoutMs = 10_000, intervalMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

// A port on 127.0.0.1 that nothing listens on (bound, then released).
export function closedPort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export class Harness {
  constructor() {
    this.contexts = [];
    this.pageCount = 0;
  }

  async start() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpay-browser-'));
    for (const f of fs.readdirSync(path.join(here, 'pages'))) {
      fs.copyFileSync(path.join(here, 'pages', f), path.join(this.dir, f));
    }
    const dist = distDir();
    const args = ['--port', '0', '--no-rate-limit', '--demo', this.dir, '--dist', dist];
    this.proc = spawn(sandboxBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.sandboxLog = '';
    this.proc.stderr.on('data', (d) => {
      this.sandboxLog = (this.sandboxLog + d).slice(-20_000);
    });
    this.port = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`sandbox did not start in 10 s: ${out}${this.sandboxLog}`)), 10_000);
      this.proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sandbox exited with ${code}: ${out}${this.sandboxLog}`));
      });
      this.proc.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/mixpay-sandbox listening on http:\/\/[^:\s]+:(\d+)/);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    this.proc.removeAllListeners('exit');
    this.proc.stdout.resume();
    this.origin = `http://127.0.0.1:${this.port}`; // where pages come from
    this.apiOrigin = `http://localhost:${this.port}`; // the API and the pay page: cross-origin
    this.apiBase = `${this.apiOrigin}/v1`;
    this.payBase = this.apiOrigin;
    this.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 });
  }

  async stop() {
    await Promise.allSettled(this.contexts.map((c) => c.close()));
    if (this.browser) await this.browser.close().catch(() => {});
    if (this.proc && this.proc.exitCode === null) {
      const exited = new Promise((resolve) => this.proc.once('exit', resolve));
      this.proc.kill('SIGTERM');
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  // Sandbox control ------------------------------------------------------------------------

  async control(method, pathAndQuery) {
    const res = await fetch(`${this.origin}${pathAndQuery}`, { method, signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`${method} ${pathAndQuery} -> HTTP ${res.status}: ${await res.text()}`);
    return res.json().catch(() => null);
  }

  reset() {
    return this.control('POST', '/__sandbox/reset');
  }

  // Queue `count` faults of `mode` for the next POST /v1/one_time_payment answers.
  fault(mode, count = 1, extra = {}) {
    const q = new URLSearchParams({ mode, count: String(count), ...extra });
    return this.control('POST', `/__sandbox/fault?${q}`);
  }

  async allRequests() {
    return (await this.control('GET', '/__sandbox/requests')) || [];
  }

  // The POSTs to one_time_payment the sandbox received, oldest first.
  async payments() {
    return (await this.allRequests()).filter((r) => r.method === 'POST' && r.path === '/v1/one_time_payment');
  }

  async waitPayments(n, timeoutMs = 10_000) {
    return waitFor(
      async () => {
        const list = await this.payments();
        return list.length >= n ? list : null;
      },
      { timeoutMs, what: `${n} payment request(s)` },
    );
  }

  // Pages ---------------------------------------------------------------------------------

  // Attributes of a checkout element: the valid configuration plus the sandbox's bases,
  // with `over` applied (camelCase names; null removes an attribute).
  attrs(over = {}) {
    const all = { ...VALID, apiBase: this.apiBase, payBase: this.payBase, ...over };
    const out = { 'data-mixpay-checkout': '' };
    for (const [k, v] of Object.entries(all)) {
      if (v !== null && v !== undefined) out[dataAttr(k)] = v;
    }
    return out;
  }

  // Writes a page into the served folder and returns its URL (on the page origin).
  // elements: [{id, attrs?: camelCase overrides, raw?: attributes as given, tag?}]
  // options: csp (string), cancel (event types to preventDefault), scripts (extra script
  // tags after the widget), widget (false: no widget script tag), title.
  writePage(name, { elements = [{ id: 'checkout' }], csp, cancel = [], scripts, widget = true, title = name } = {}) {
    const file = `${String(++this.pageCount).padStart(3, '0')}-${name.replace(/[^a-z0-9-]+/gi, '-')}.html`;
    const head = [];
    head.push('<meta charset="utf-8">');
    if (csp) head.push(`<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">`);
    head.push(`<title>${escapeAttr(title)}</title>`);
    head.push('<script src="/record.js"></script>');
    const widgetTags = scripts || (widget ? ['<script src="/dist/mixpay-checkout.js" defer></script>'] : []);
    head.push(...widgetTags);
    const body = elements.map((e) => {
      const attributes = e.raw || this.attrs(e.attrs);
      const text = Object.entries(attributes)
        .map(([k, v]) => (v === '' ? ` ${k}` : ` ${k}="${escapeAttr(v)}"`))
        .join('');
      const tag = e.tag || 'div';
      return `<${tag} id="${escapeAttr(e.id)}"${text}></${tag}>`;
    });
    const cancelAttr = cancel.length ? ` data-cancel="${escapeAttr(cancel.join(' '))}"` : '';
    const html = `<!doctype html>\n<html lang="en"${cancelAttr}>\n<head>\n${head.join('\n')}\n</head>\n<body>\n<h1>${escapeAttr(title)}</h1>\n${body.join('\n')}\n</body>\n</html>\n`;
    fs.writeFileSync(path.join(this.dir, file), html);
    return `${this.origin}/${file}`;
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
export function useHarness() {
  const h = new Harness();
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
      disabled: b ? b.disabled : null,
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
