// What every browser measurement shares: Chromium's flags (the browser tests' list), the
// sandbox process, one throttled page load in a new context, and bounded waits.
import { spawn } from 'node:child_process';
import { WASM_PROBE } from './pages.mjs';

export { CHROMIUM_ARGS } from '../../tests/browser/chromium-args.mjs';

export function parseArgs(list) {
  const out = {};
  for (let i = 0; i < list.length; i += 1) {
    const m = list[i].match(/^--([a-z-]+)(?:=(.*))?$/);
    if (!m) throw new Error(`unknown argument ${list[i]}`);
    out[m[1]] = m[2] !== undefined ? m[2] : list[(i += 1)];
  }
  return out;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(fn, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// ---- sandbox ------------------------------------------------------------------------

// The sandbox serves the bench's pages (--demo) and the distributable at /dist/.
export async function startSandbox(binary, pagesDir, dist) {
  const proc = spawn(binary,
    ['--port', '0', '--no-rate-limit', '--quiet', '--demo', pagesDir, '--dist', dist],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log = (log + d).slice(-4000); });
  const port = await withTimeout(new Promise((resolve, reject) => {
    let out = '';
    proc.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${out}${log}`)));
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/[^:\s]+:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
  }), 10_000, 'sandbox start');
  proc.removeAllListeners('exit');
  proc.stdout.resume();
  return {
    port,
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function sandboxRequests(origin) {
  const res = await withTimeout(fetch(`${origin}/__sandbox/requests`), 5000, 'sandbox requests');
  return res.json();
}

// ---- one page load -------------------------------------------------------------------

// A page in a new context (a fresh connection, nothing cached), its CPU throttled `rate`×,
// WebAssembly counted (WASM_PROBE).
export async function openPage(browser, rate, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  await context.addInitScript({ content: WASM_PROBE });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  return { context, page, cdp, requests };
}

// Loads `url`; returns the time (ms after navigation start) it was ready: for pages that
// expect buttons, when the last mixpay:ready fired; otherwise DOMContentLoaded's end.
export async function loadAndTime(p, url, expect) {
  await p.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
  if (expect > 0) {
    const state = await p.page.evaluate(
      (ms) => Promise.race([window.__bench.done, new Promise((r) => setTimeout(r, ms))])
        .then(() => ({ ready: window.__bench.ready, invalid: window.__bench.invalid, at: window.__bench.readyAt })),
      60_000);
    if (state.invalid || state.ready !== expect) {
      throw new Error(`${url}: ${state.ready}/${expect} ready, ${state.invalid} invalid`);
    }
    return state.at;
  }
  return p.page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
}

export async function enabledButtons(p) {
  return p.page.evaluate(() => Array.from(document.querySelectorAll('[data-mixpay-checkout]'))
    .filter((e) => e.shadowRoot && e.shadowRoot.querySelector('button:enabled')).length);
}

export const wasmFetches = (p) => p.requests.filter((u) => /\.wasm(\?|$)/.test(u)).length;
