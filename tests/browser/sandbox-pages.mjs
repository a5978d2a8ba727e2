// The engine-neutral half of the browser tests, shared by the Chromium suite (harness.mjs)
// and the Firefox and WebKit suite (tests/engines): one sandbox server per test file and the
// pages each test writes into a temporary folder that the sandbox serves at /. Pages load
// from http://127.0.0.1:PORT while the API answers at http://localhost:PORT/v1, so every API
// call is cross-origin, as in production.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

export class SandboxPages {
  constructor() {
    this.pageCount = 0;
  }

  // Copies pages/ (record.js and the return pages) and every folder of `pageDirs` into a new
  // temporary folder, and starts the sandbox serving it at / and the built dist/ at /dist/.
  async start({ pageDirs = [], prefix = 'mixpay-browser-' } = {}) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    for (const from of [path.join(here, 'pages'), ...pageDirs]) {
      for (const f of fs.readdirSync(from)) {
        fs.copyFileSync(path.join(from, f), path.join(this.dir, f));
      }
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
  }

  async stop() {
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

  // Asserts that the first `count` payment requests (waited for) are one attempt: one
  // traceId (a UUID v4) and byte for byte the same body. Returns the traceId.
  async assertOneAttempt(count) {
    const sent = await this.waitPayments(count);
    assert.equal(sent.length, count, `${count} requests`);
    assert.match(sent[0].params.traceId, UUID_V4);
    for (const r of sent) {
      assert.equal(r.params.traceId, sent[0].params.traceId, 'the same traceId');
      assert.equal(r.body, sent[0].body, 'the same body');
    }
    return sent[0].params.traceId;
  }

  // The sandbox's GET /v1/payments_result for a traceId.
  async paymentResult(traceId) {
    const res = await fetch(`${this.origin}/v1/payments_result?traceId=${traceId}`, { signal: AbortSignal.timeout(5_000) });
    return res.json();
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
  // elements: [{id, attrs?: camelCase overrides, raw?: attributes as given, tag?, html?: the
  // element's own content, as markup}]
  // options: csp (string), cancel (event types to preventDefault), scripts (the script tags
  // after record.js, in place of the widget's), widget (false: no widget script tag), title.
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
      return `<${tag} id="${escapeAttr(e.id)}"${text}>${e.html || ''}</${tag}>`;
    });
    const cancelAttr = cancel.length ? ` data-cancel="${escapeAttr(cancel.join(' '))}"` : '';
    const html = `<!doctype html>\n<html lang="en"${cancelAttr}>\n<head>\n${head.join('\n')}\n</head>\n<body>\n<h1>${escapeAttr(title)}</h1>\n${body.join('\n')}\n</body>\n</html>\n`;
    fs.writeFileSync(path.join(this.dir, file), html);
    return `${this.origin}/${file}`;
  }
}
