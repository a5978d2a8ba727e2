// Browser benchmarks of the checkout button in headless Chromium (playwright-core driving
// /usr/bin/chromium), against the local sandbox on loopback, with the HTTP cache disabled
// and the CPU throttled through the DevTools protocol:
//   ready  navigation start -> enabled button (mixpay:ready), vs the same page with a plain
//          <a> link (DOMContentLoaded)
//   click  click -> request started / at the sandbox, request -> response end, response end
//          -> navigation start (the navigate event), on the page's own clock, vs a
//          hand-written fetch + location.assign on the same sandbox
//   scale  1..1000 buttons on one page: time to all ready, JS heap, wasm memory, module
//          instances and .wasm downloads, vs the same number of plain links
// Writes one JSON file of raw samples (--out); bench/report.mjs turns it into the table.
//
//   node bench.mjs --sandbox BIN --dist DIR --out FILE [--runs 11] [--scale-runs 5]
//                  [--scale 1,10,100,1000] [--throttle 4] [--only ready,click,scale]
//                  [--click-runs N] [--click-kinds widget,fetch[,still][,warm]]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const args = parseArgs(process.argv.slice(2));
const RUNS = Number(args.runs || 11);
const SCALE_RUNS = Number(args['scale-runs'] || 5);
const SCALE = String(args.scale || '1,10,100,1000').split(',').map(Number);
const THROTTLE = Number(args.throttle || 4);
const CLICK_RUNS = Number(args['click-runs'] || RUNS);
const CLICK_KINDS = String(args['click-kinds'] || 'widget,fetch').split(',');
const ONLY = new Set(String(args.only || 'ready,click,scale').split(','));
if (!args.sandbox || !args.dist || !args.out) {
  console.error('usage: node bench.mjs --sandbox BIN --dist DIR --out FILE [options]');
  process.exit(2);
}

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

const PARAMS = {
  payeeId: 'a0d7791408776b47eb1dd3f94ed15d6a',
  quoteAmount: '10.50',
  quoteAssetId: 'usd',
  settlementAssetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
};

function parseArgs(list) {
  const out = {};
  for (let i = 0; i < list.length; i += 1) {
    const m = list[i].match(/^--([a-z-]+)(?:=(.*))?$/);
    if (!m) throw new Error(`unknown argument ${list[i]}`);
    out[m[1]] = m[2] !== undefined ? m[2] : list[(i += 1)];
  }
  return out;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(fn, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// ---- sandbox ------------------------------------------------------------------------

async function startSandbox(pagesDir) {
  const proc = spawn(args.sandbox,
    ['--port', '0', '--no-rate-limit', '--quiet', '--demo', pagesDir, '--dist', args.dist],
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

// ---- pages --------------------------------------------------------------------------

// In every page, first thing: counts mixpay:ready / mixpay:invalid and notes the time the
// expected number of buttons is ready; logs the time of every click (epoch ms).
const RECORDER = `<script>
(() => {
  const expected = Number(document.documentElement.dataset.expect || 0);
  const b = (window.__bench = { ready: 0, invalid: 0, readyAt: NaN });
  let done;
  b.done = new Promise((resolve) => { done = resolve; });
  document.addEventListener('mixpay:ready', () => {
    b.ready += 1;
    if (b.ready === expected) { b.readyAt = performance.now(); done(); }
  });
  document.addEventListener('mixpay:invalid', () => { b.invalid += 1; done(); });
  addEventListener('click', (e) => {
    console.log('bench:click ' + JSON.stringify({ at: e.timeStamp, epoch: performance.timeOrigin + e.timeStamp }));
  }, true);
  // The page starts to leave (location.assign): the API request's resource timing with it.
  if (window.navigation) {
    navigation.addEventListener('navigate', () => {
      const at = performance.now();
      const api = performance.getEntriesByType('resource')
        .filter((e) => e.name.includes('/v1/one_time_payment')).pop();
      console.log('bench:navigate ' + JSON.stringify({
        at, requestStart: api ? api.startTime : null, responseEnd: api ? api.responseEnd : null,
      }));
    });
  }
})();
</script>`;

// Counts WebAssembly module instances and keeps their memories (both page kinds get it).
const WASM_PROBE = `(() => {
  const W = WebAssembly;
  const probe = (window.__wasm = { instances: 0, memories: new Set() });
  const note = (instance) => {
    probe.instances += 1;
    for (const value of Object.values(instance.exports)) {
      if (value instanceof W.Memory) probe.memories.add(value);
    }
  };
  const streaming = W.instantiateStreaming;
  if (streaming) {
    W.instantiateStreaming = function (...a) {
      return streaming.apply(this, a).then((r) => { note(r.instance); return r; });
    };
  }
  const instantiate = W.instantiate;
  W.instantiate = function (...a) {
    return instantiate.apply(this, a).then((r) => { note(r.instance || r); return r; });
  };
  W.Instance = new Proxy(W.Instance, {
    construct(target, a, newTarget) {
      const instance = Reflect.construct(target, a, newTarget);
      note(instance);
      return instance;
    },
  });
  W.Memory = new Proxy(W.Memory, {
    construct(target, a, newTarget) {
      const memory = Reflect.construct(target, a, newTarget);
      probe.memories.add(memory);
      return memory;
    },
  });
})();`;

function esc(value) {
  return String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function page({ title, expect = 0, head = '', body }) {
  return `<!doctype html>
<html lang="en" data-expect="${expect}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
${RECORDER}
${head}
</head>
<body>
<h1>Espresso beans, 1 kg</h1>
<p>Single origin, roasted this week. 10.50 USD.</p>
${body}
</body>
</html>
`;
}

const WIDGET_HEAD = '<script src="/dist/mixpay-checkout.js" defer></script>';

function widgetDiv(api, i) {
  const attrs = {
    'data-payee-id': PARAMS.payeeId,
    'data-quote-amount': PARAMS.quoteAmount,
    'data-quote-asset-id': PARAMS.quoteAssetId,
    'data-settlement-asset-id': PARAMS.settlementAssetId,
    'data-order-id': `bench_${String(i).padStart(6, '0')}`,
    'data-api-base': `${api}/v1`,
    'data-pay-base': api,
  };
  const list = Object.entries(attrs).map(([k, v]) => `${k}="${esc(v)}"`).join(' ');
  return `<div data-mixpay-checkout ${list}></div>`;
}

function linkA(api, i) {
  const q = new URLSearchParams({ ...PARAMS, orderId: `bench_${String(i).padStart(6, '0')}` });
  return `<p><a href="${esc(`${api}/pay?${q}`)}">Pay with crypto</a></p>`;
}

// The baseline of the click: a hand-written button, ten lines of fetch + location.assign.
const HANDWRITTEN = `const pay = document.getElementById('pay');
pay.addEventListener('click', async () => {
  pay.disabled = true;
  const d = pay.dataset;
  const body = new URLSearchParams({ payeeId: d.payeeId, quoteAmount: d.quoteAmount,
    quoteAssetId: d.quoteAssetId, settlementAssetId: d.settlementAssetId, orderId: d.orderId,
    traceId: crypto.randomUUID() });
  const answer = await (await fetch(d.apiBase + '/one_time_payment', { method: 'POST', body })).json();
  if (answer.success && /^[0-9a-f-]{36}$/i.test(answer.data.code)) location.assign(d.payBase + '/code/' + answer.data.code);
  else pay.disabled = false;
});
`;

function writePages(dir, api) {
  const files = {};
  files['ready-widget.html'] = page({ title: 'ready: widget', expect: 1, head: WIDGET_HEAD, body: widgetDiv(api, 1) });
  files['ready-link.html'] = page({ title: 'ready: link', body: linkA(api, 1) });
  // The same widget page with a hint that lets the browser fetch the .wasm while the
  // script is still loading (what a merchant can add to the page today). It carries the
  // published hash: the script fetches the .wasm with that integrity, and a preload only
  // serves a fetch with the same one.
  const { 'mixpay-checkout.wasm': wasmIntegrity } =
    JSON.parse(fs.readFileSync(path.join(args.dist, 'integrity.json'), 'utf8'));
  files['ready-preload.html'] = page({
    title: 'ready: widget with preload hints', expect: 1,
    head: `${WIDGET_HEAD}
<link rel="preload" href="/dist/mixpay-checkout.wasm" as="fetch" type="application/wasm" crossorigin integrity="${wasmIntegrity}">`,
    body: widgetDiv(api, 1),
  });
  for (const n of SCALE) {
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    files[`scale-widget-${n}.html`] = page({
      title: `scale: ${n} buttons`, expect: n, head: WIDGET_HEAD,
      body: ids.map((i) => widgetDiv(api, i)).join('\n'),
    });
    files[`scale-link-${n}.html`] = page({
      title: `scale: ${n} links`, body: ids.map((i) => linkA(api, i)).join('\n'),
    });
  }
  // Click pages take their orderId from the query, so every run's request is its own.
  files['click-widget.html'] = page({
    title: 'click: widget', expect: 1, head: WIDGET_HEAD,
    body: `${widgetDiv(api, 0)}
<script>document.querySelector('[data-mixpay-checkout]').dataset.orderId = new URLSearchParams(location.search).get('order');</script>`,
  });
  const d = {
    'data-payee-id': PARAMS.payeeId, 'data-quote-amount': PARAMS.quoteAmount,
    'data-quote-asset-id': PARAMS.quoteAssetId, 'data-settlement-asset-id': PARAMS.settlementAssetId,
    'data-api-base': `${api}/v1`, 'data-pay-base': api,
  };
  files['click-fetch.html'] = page({
    title: 'click: hand-written fetch',
    body: `<button id="pay" type="button" ${Object.entries(d).map(([k, v]) => `${k}="${esc(v)}"`).join(' ')}>Pay with crypto</button>
<script>document.getElementById('pay').dataset.orderId = new URLSearchParams(location.search).get('order');</script>
<script src="handwritten.js"></script>`,
  });
  files['handwritten.js'] = HANDWRITTEN;
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
}

// ---- one page load -------------------------------------------------------------------

async function openPage(browser, rate = THROTTLE, contextOptions = {}) {
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
async function loadAndTime(p, url, expect) {
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

async function memoryOf(p) {
  await p.cdp.send('HeapProfiler.collectGarbage');
  const heap = await p.cdp.send('Runtime.getHeapUsage');
  const wasm = await p.page.evaluate(() => ({
    instances: window.__wasm.instances,
    bytes: Array.from(window.__wasm.memories).reduce((s, m) => s + m.buffer.byteLength, 0),
  }));
  return { heapBytes: heap.usedSize, wasmInstances: wasm.instances, wasmBytes: wasm.bytes };
}

async function enabledButtons(p) {
  return p.page.evaluate(() => Array.from(document.querySelectorAll('[data-mixpay-checkout]'))
    .filter((e) => e.shadowRoot && e.shadowRoot.querySelector('button:enabled')).length);
}

// ---- the three measurements ------------------------------------------------------------

// Where the widget's time to ready goes: its two downloads and the ready event, in ms
// after navigation start.
async function readyTimeline(p) {
  return p.page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const entry = (name) => performance.getEntriesByType('resource').find((e) => e.name.includes(name));
    const out = { domContentLoaded: nav.domContentLoadedEventEnd, ready: window.__bench.readyAt };
    for (const [key, name] of [['shim', 'mixpay-checkout.js'], ['wasm', 'mixpay-checkout.wasm']]) {
      const e = entry(name);
      out[`${key}Start`] = e ? e.startTime : NaN;
      out[`${key}End`] = e ? e.responseEnd : NaN;
    }
    return out;
  });
}

async function benchReady(browser, origin) {
  // widget1x / link1x: the same pages without CPU throttling, for reference.
  const out = { widget: [], link: [], preload: [], widget1x: [], link1x: [], timeline: [], preloadWasmFetches: [] };
  const orders = [
    ['link', 'widget', 'preload', 'link1x', 'widget1x'],
    ['widget', 'preload', 'link', 'widget1x', 'link1x'],
    ['preload', 'link', 'widget', 'link1x', 'widget1x'],
  ];
  for (let run = -1; run < RUNS; run += 1) { // run -1 warms up and is not kept
    for (const kind of orders[(run + 3) % 3]) {
      const unthrottled = kind.endsWith('1x');
      const file = kind.replace('1x', '');
      const p = await openPage(browser, unthrottled ? 1 : THROTTLE);
      try {
        const ms = await loadAndTime(p, `${origin}/ready-${file}.html`, file === 'link' ? 0 : 1);
        if (file !== 'link' && (await enabledButtons(p)) !== 1) throw new Error('button not enabled');
        if (run >= 0) out[kind].push(ms);
        if (run >= 0 && kind === 'widget') out.timeline.push(await readyTimeline(p));
        if (run >= 0 && kind === 'preload') {
          out.preloadWasmFetches.push(p.requests.filter((u) => /\.wasm(\?|$)/.test(u)).length);
        }
      } finally {
        await p.context.close();
      }
    }
  }
  return out;
}

async function sandboxRequests(origin) {
  const res = await withTimeout(fetch(`${origin}/__sandbox/requests`), 5000, 'sandbox requests');
  return res.json();
}

// kind: 'widget', 'fetch' (the hand-written baseline), 'still' (the widget on a context
// that prefers reduced motion: no spinner animation while the request runs) or 'warm' (the
// widget after one MixPayCheckout.create() on the page, so the click runs code that has
// run before).
async function clickOnce(browser, origin, kind, orderId) {
  const p = await openPage(browser, THROTTLE, kind === 'still' ? { reducedMotion: 'reduce' } : {});
  try {
    const ev = { post: null, response: null, done: null, nav: null, click: null, navigate: null };
    p.cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.method === 'POST' && e.request.url.includes('/v1/one_time_payment')) ev.post = e;
      if (e.type === 'Document' && e.request.url.includes('/code/')) ev.nav = e;
    });
    p.cdp.on('Network.responseReceived', (e) => {
      if (ev.post && e.requestId === ev.post.requestId) ev.response = e;
    });
    p.cdp.on('Network.loadingFinished', (e) => {
      if (ev.post && e.requestId === ev.post.requestId) ev.done = e;
    });
    const messages = [];
    p.page.on('console', (m) => {
      const t = m.text();
      if (t.startsWith('bench:click ')) ev.click = JSON.parse(t.slice(12));
      else if (t.startsWith('bench:navigate ')) ev.navigate = JSON.parse(t.slice(15));
      else messages.push(`${m.type()}: ${t}`.slice(0, 300));
    });
    p.page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`.slice(0, 300)));
    const page = kind === 'fetch' ? 'fetch' : 'widget';
    await loadAndTime(p, `${origin}/click-${page}.html?order=${orderId}`, page === 'widget' ? 1 : 0);
    if (kind === 'warm') {
      await p.page.evaluate((params) => window.MixPayCheckout.create(params), {
        ...PARAMS, orderId: `${orderId}_warm`, apiBase: `${origin.replace('127.0.0.1', 'localhost')}/v1`,
        payBase: origin.replace('127.0.0.1', 'localhost'),
      });
    }
    await sleep(300); // let the page settle before the click
    await p.page.locator('button').click({ timeout: 10_000, noWaitAfter: true });
    try {
      await waitFor(() => ev.nav && ev.click && ev.navigate, 15_000, `${kind}: navigation`);
    } catch (error) {
      const seen = (await sandboxRequests(origin).catch(() => []))
        .filter((r) => r.params && r.params.orderId === orderId).length;
      error.message += ` (click seen ${!!ev.click}, navigate event ${!!ev.navigate}, request sent ${!!ev.post}, ` +
        `response ${ev.response ? ev.response.response.status : 'none'}, finished ${!!ev.done}, ` +
        `navigation ${!!ev.nav}, requests at the sandbox ${seen}, page: ${messages.join(' | ') || 'no messages'})`;
      throw error;
    }
    const recorded = (await sandboxRequests(origin))
      .filter((r) => r.method === 'POST' && r.params && r.params.orderId === orderId);
    if (recorded.length !== 1) throw new Error(`${kind}: ${recorded.length} requests for ${orderId}`);
    if (!/\/code\/[0-9a-f-]{36}$/.test(ev.nav.request.url)) throw new Error(`${kind}: went to ${ev.nav.request.url}`);
    const n = ev.navigate;
    if (!Number.isFinite(n.requestStart) || !Number.isFinite(n.responseEnd)) {
      throw new Error(`${kind}: no resource timing of the API request when the page left`);
    }
    return {
      // The page's clock (performance.timeOrigin) against the sandbox's (system clock, ms).
      clickToSandbox: recorded[0].timeMs - ev.click.epoch,
      // The page's own clock from here on: click event, the request's resource timing, and
      // the navigate event that location.assign fires.
      clickToRequest: n.requestStart - ev.click.at,
      requestToResponse: n.responseEnd - n.requestStart,
      responseToNavigation: n.at - n.responseEnd,
      clickToNavigation: n.at - ev.click.at,
      // The browser's view (DevTools protocol), when its events came before the page left.
      browserResponseToNavigation: ev.done ? (ev.nav.timestamp - ev.done.timestamp) * 1000 : null,
    };
  } finally {
    await p.context.close();
  }
}

async function benchClick(browser, origin) {
  // A sample that fails is tried again (at most 3 failures in all) and reported.
  const out = { failures: [] };
  for (const kind of CLICK_KINDS) out[kind] = [];
  let n = 0;
  for (let run = -1; run < CLICK_RUNS; run += 1) {
    // Each run rotates the order of the kinds, so none always goes first.
    const shift = (run + 1) % CLICK_KINDS.length;
    for (const kind of CLICK_KINDS.slice(shift).concat(CLICK_KINDS.slice(0, shift))) {
      for (;;) {
        n += 1;
        try {
          const sample = await clickOnce(browser, origin, kind, `bench_click_${process.pid}_${n}`);
          if (run >= 0) out[kind].push(sample);
          break;
        } catch (error) {
          out.failures.push(`${kind}: ${error.message}`);
          console.error(`bench: click sample failed, trying again: ${kind}: ${error.message}`);
          if (out.failures.length >= 3) throw error;
        }
      }
    }
    await withTimeout(fetch(`${origin}/__sandbox/reset`, { method: 'POST' }), 5000, 'reset');
  }
  return out;
}

async function benchScale(browser, origin) {
  const out = {};
  for (const n of SCALE) {
    out[n] = { widget: [], link: [] };
    for (let run = 0; run < SCALE_RUNS; run += 1) {
      for (const kind of run % 2 ? ['widget', 'link'] : ['link', 'widget']) {
        const p = await openPage(browser);
        try {
          const ms = await loadAndTime(p, `${origin}/scale-${kind}-${n}.html`, kind === 'widget' ? n : 0);
          const mem = await memoryOf(p);
          const sample = { ms, ...mem, wasmFetches: p.requests.filter((u) => /\.wasm(\?|$)/.test(u)).length };
          if (kind === 'widget') {
            sample.enabled = await enabledButtons(p);
            if (sample.enabled !== n) throw new Error(`scale ${n}: ${sample.enabled} buttons enabled`);
          }
          out[n][kind].push(sample);
        } finally {
          await p.context.close();
        }
      }
    }
  }
  return out;
}

// A busy loop timed in the page with and without throttling: proves the throttle holds on
// the page's own renderer after the navigation.
async function throttleCheck(browser, origin) {
  const p = await openPage(browser);
  try {
    await p.page.goto(`${origin}/ready-link.html`, { waitUntil: 'load', timeout: 30_000 });
    const loop = () => p.page.evaluate(() => {
      const t = performance.now();
      let x = 0;
      for (let i = 0; i < 2e7; i += 1) x = (x + i * 7) % 1000003;
      return [performance.now() - t, x];
    });
    await loop(); // warm-up: the JIT optimizes the loop before it is timed
    const throttled = (await loop())[0];
    await p.cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const plain = (await loop())[0];
    return { throttledMs: throttled, plainMs: plain, factor: throttled / plain };
  } finally {
    await p.context.close();
  }
}

// ---- main ----------------------------------------------------------------------------------

const pagesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpay-bench-'));
let sandbox;
let browser;
try {
  sandbox = await startSandbox(pagesDir);
  const origin = `http://127.0.0.1:${sandbox.port}`; // pages
  const api = `http://localhost:${sandbox.port}`; // API and pay page: cross-origin
  writePages(pagesDir, api);
  // launch() starts Chromium on a new, empty --user-data-dir of its own.
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 });
  const result = {
    chromium: browser.version(),
    throttle: THROTTLE,
    runs: RUNS,
    clickRuns: CLICK_RUNS,
    scaleRuns: SCALE_RUNS,
    throttleCheck: await throttleCheck(browser, origin),
  };
  if (ONLY.has('ready')) result.ready = await benchReady(browser, origin);
  if (ONLY.has('click')) result.click = await benchClick(browser, origin);
  if (ONLY.has('scale')) result.scale = await benchScale(browser, origin);
  fs.writeFileSync(args.out, JSON.stringify(result, null, 2));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (sandbox) await sandbox.stop();
  fs.rmSync(pagesDir, { recursive: true, force: true });
}
