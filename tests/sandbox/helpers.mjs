// Shared helpers of the sandbox tests: start mixpay-sandbox on a free port, talk to it over
// real HTTP on 127.0.0.1, stop it. Every wait is bounded.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

export const BINARY =
  process.env.MIXPAY_SANDBOX || path.join(repo, 'build', 'native', 'demo', 'sandbox', 'mixpay-sandbox');

export const PAYEE = 'a0d7791408776b47eb1dd3f94ed15d6a';
export const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The API document's own example, plus a fresh traceId unless one is given.
export function params(over = {}) {
  const all = {
    payeeId: PAYEE,
    settlementAssetId: BTC,
    quoteAssetId: 'usd',
    quoteAmount: '10',
    isTemp: '1',
    traceId: randomUUID(),
    ...over,
  };
  for (const [k, v] of Object.entries(all)) if (v === null) delete all[k];
  return all;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Starts the sandbox with `args` (plus --port 0 unless a port is given) and resolves once it
// printed its listening line. `exited` resolves with {code, signal} when the process ends.
export function startSandbox(args = [], { timeoutMs = 10_000 } = {}) {
  if (!fs.existsSync(BINARY)) throw new Error(`sandbox binary not found at ${BINARY} (set MIXPAY_SANDBOX)`);
  const full = args.includes('--port') ? args : ['--port', '0', ...args];
  const proc = spawn(BINARY, full, { stdio: ['ignore', 'pipe', 'pipe'] });
  const sandbox = { proc, stdout: '', stderr: '' };
  sandbox.exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  proc.stderr.on('data', (d) => {
    sandbox.stderr = (sandbox.stderr + d).slice(-20_000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`sandbox did not start in ${timeoutMs} ms: ${sandbox.stdout}${sandbox.stderr}`));
    }, timeoutMs);
    sandbox.exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited with ${code}: ${sandbox.stderr}`));
    });
    proc.stdout.on('data', (d) => {
      sandbox.stdout += d;
      const m = sandbox.stdout.match(/^mixpay-sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))\n/m);
      if (m && !sandbox.url) {
        clearTimeout(timer);
        sandbox.url = m[1];
        sandbox.port = Number(m[2]);
        resolve(sandbox);
      }
    });
  });
}

// SIGTERM, then SIGKILL after `graceMs`; resolves with how the process ended.
export async function stopSandbox(sandbox, graceMs = 5_000) {
  if (!sandbox || sandbox.proc.exitCode !== null || sandbox.proc.signalCode !== null) return sandbox?.exited;
  sandbox.proc.kill('SIGTERM');
  const timer = setTimeout(() => sandbox.proc.kill('SIGKILL'), graceMs);
  const result = await sandbox.exited;
  clearTimeout(timer);
  return result;
}

export function request(sandbox, pathAndQuery, init = {}) {
  return fetch(sandbox.url + pathAndQuery, { signal: AbortSignal.timeout(10_000), ...init });
}

export async function json(sandbox, pathAndQuery, init = {}) {
  const res = await request(sandbox, pathAndQuery, init);
  return { res, body: await res.json() };
}

// POST /v1/one_time_payment, form-encoded as the widget sends it.
export function createForm(sandbox, fields) {
  return json(sandbox, '/v1/one_time_payment', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

export function createJson(sandbox, fields) {
  return json(sandbox, '/v1/one_time_payment', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof fields === 'string' ? fields : JSON.stringify(fields),
  });
}

export async function result(sandbox, query) {
  return (await json(sandbox, '/v1/payments_result?' + new URLSearchParams(query))).body;
}

export async function control(sandbox, method, pathAndQuery) {
  const { res, body } = await json(sandbox, pathAndQuery, { method });
  if (!res.ok) throw new Error(`${method} ${pathAndQuery} -> ${res.status} ${JSON.stringify(body)}`);
  return body;
}

// Presses Pay or Fail on the payment page, as the page's form does; the redirect is
// returned, not followed.
export function press(sandbox, code, action, form = {}) {
  return request(sandbox, `/code/${code}/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

// A raw HTTP request whose path is sent exactly as written (fetch would normalise "..")
// with exactly these headers (fetch would not send a foreign Host).
export function rawRequest(sandbox, method, rawPath, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: sandbox.port, path: rawPath, method, headers, timeout: 5_000, setHost: !('Host' in headers) },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export const rawGet = (sandbox, rawPath) => rawRequest(sandbox, 'GET', rawPath);

// Polls fn() until it returns a truthy value; throws after timeoutMs.
export async function waitFor(fn, { timeoutMs = 10_000, intervalMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
