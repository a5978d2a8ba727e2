// mixpay-demo-shop as a child process for the tests: started on a free port of 127.0.0.1
// against a sandbox, with its https callback listener and its own orders database in a
// temporary folder; stopped with SIGTERM, or killed (SIGKILL) and started again on the same
// ports and the same database.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');

export const PAYEE = 'a0d7791408776b47eb1dd3f94ed15d6a';
export const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
// The shop's catalogue, as its server charges it.
export const CATALOGUE = Object.freeze({
  mug: { name: 'Aurora Mug', amount: '12.50' },
  hoodie: { name: 'Genesis Hoodie', amount: '49.00' },
  notebook: { name: 'Ledger Notebook', amount: '8.99' },
});

export function binary(variable, fallback) {
  const file = process.env[variable] || path.join(repo, fallback);
  if (!fs.existsSync(file)) throw new Error(`${file} not found (set ${variable})`);
  return file;
}

export function distDir() {
  const dir = process.env.MIXPAY_DIST || path.join(repo, 'dist');
  if (!fs.existsSync(path.join(dir, 'mixpay-checkout.js'))) {
    throw new Error(`${dir}/mixpay-checkout.js not found: build the wasm preset (set MIXPAY_DIST)`);
  }
  return dir;
}

// Resolves with the first match of `pattern` in what `stream` prints, within `timeoutMs`.
export function firstMatch(proc, stream, pattern, what, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const done = (fn, value) => {
      clearTimeout(timer);
      stream.off('data', onData);
      proc.off('exit', onExit);
      fn(value);
    };
    const onData = (chunk) => {
      seen += chunk;
      const m = seen.match(pattern);
      if (m) done(resolve, m);
    };
    const onExit = (code) => done(reject, new Error(`${what} exited with ${code}: ${seen}`));
    const timer = setTimeout(() => done(reject, new Error(`${what}: nothing in ${timeoutMs} ms: ${seen}`)), timeoutMs);
    stream.on('data', onData);
    proc.on('exit', onExit);
  });
}

// Waits at most `timeoutMs` for the process to end; SIGKILL after that. Resolves with its
// exit code or signal.
export function ended(proc, timeoutMs = 5_000) {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

// The shop's budget at MixPay when the sandbox has no rate limit: enough for a test file.
export const NO_LIMITS = ['--rate-limit', '0'];

export class ShopServer {
  // args: more options for every start (e.g. NO_LIMITS, '--order-ttl', '2').
  constructor(args = NO_LIMITS) {
    // The certificate of the shop's callback listener is written here; the sandbox must be
    // told to trust it (SSL_CERT_FILE) before it starts. The database lives beside it.
    this.certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpay-shop-'));
    this.certFile = path.join(this.certDir, 'callbacks.pem');
    this.dataDir = path.join(this.certDir, 'data');
    this.args = args;
  }

  // sandboxOrigin: where the sandbox answers (its API at /v1 and its payment page). Once
  // started, later starts keep the ports (so the returnTo and callbackUrl of stored orders
  // still lead here) and the database. `once`: options for this start only.
  async start(sandboxOrigin, once = []) {
    this.sandboxOrigin = sandboxOrigin;
    const args = [
      '--port', String(this.port || 0), '--dist', distDir(), '--api-base', `${sandboxOrigin}/v1`,
      '--callback-cert', this.certFile, '--callback-port', String(this.callbackPort || 0),
      '--data-dir', this.dataDir, '--verbose', ...this.args, ...once,
    ];
    this.proc = spawn(binary('MIXPAY_SHOP', 'build/native/demo/shop-server/mixpay-demo-shop'), args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.log = '';
    this.proc.stderr.on('data', (d) => {
      this.log = (this.log + d).slice(-50_000);
    });
    const callbacks = firstMatch(this.proc, this.proc.stderr, /callbacks: (https:\/\/\S+)/, 'mixpay-demo-shop');
    const [, port] = await firstMatch(this.proc, this.proc.stdout, /mixpay-demo-shop listening on http:\/\/127\.0\.0\.1:(\d+)/, 'mixpay-demo-shop');
    this.proc.stdout.resume();
    this.port = Number(port);
    this.origin = `http://127.0.0.1:${port}`;
    this.callbackUrl = (await callbacks)[1];
    this.callbackPort = Number(new URL(this.callbackUrl).port);
  }

  // kill -9, as a crash would; resolves once it is gone.
  async kill() {
    this.proc.kill('SIGKILL');
    return ended(this.proc);
  }

  // Resolves once the shop ended on its own (--kill-at): {code, signal}.
  died(timeoutMs = 15_000) {
    return ended(this.proc, timeoutMs);
  }

  async restart(once = []) {
    if (this.proc.exitCode === null && this.proc.signalCode === null) await this.kill();
    await this.start(this.sandboxOrigin, once);
  }

  async stop() {
    if (this.proc) {
      this.proc.kill('SIGTERM');
      this.exit = await ended(this.proc);
    }
    fs.rmSync(this.certDir, { recursive: true, force: true });
  }

  fetch(pathAndQuery, init = {}) {
    return fetch(`${this.origin}${pathAndQuery}`, { redirect: 'manual', signal: AbortSignal.timeout(20_000), ...init });
  }

  // POST /checkout/mixpay as the button sends it from the shop's page (form-encoded, with
  // the page's Origin): {status, body}.
  async checkout(fields, headers = { Origin: this.origin }) {
    const res = await this.fetch('/checkout/mixpay', { method: 'POST', body: new URLSearchParams(fields), headers });
    return { status: res.status, body: await res.json() };
  }

  // MixPay's callback as MixPay posts it, to the shop's port (the https listener serves the
  // same endpoint): {status, body}.
  async callback(body, { type = 'application/json' } = {}) {
    const res = await this.fetch('/callbacks/mixpay', {
      method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'Content-Type': type },
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  }

  async order(traceId) {
    const res = await this.fetch(`/orders/${traceId}`);
    return { status: res.status, body: await res.json() };
  }
}
