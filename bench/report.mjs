// Prints bench/run's one table from the raw results in a folder:
//   sizes.tsv (file, raw, gzip -9, brotli bytes), machine.json, browser.json (bench/browser/bench.mjs), load.json (bench/load/load.mjs),
//   core-native.json (Google Benchmark), core-wasm-*.json and core-loop-native.json
//   (bench/core/bench_loop.cpp), lighthouse.json (bench/lighthouse/lighthouse.mjs).
// Every figure is the median over the runs with its spread [min–max]; ratio = figure /
// baseline, both measured in the same bench/run.
//
//   node bench/report.mjs RESULTS_DIR
import fs from 'node:fs';
import path from 'node:path';
import { summary } from './browser/stats.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/report.mjs RESULTS_DIR');
  process.exit(2);
}
const read = (name) => {
  const file = path.join(dir, name);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
};

const machine = read('machine.json') || {};
const browser = read('browser.json');
const load = read('load.json');
const gb = read('core-native.json');
const lh = read('lighthouse.json');

const rows = [];
const checks = [];
const notes = [];

function fmt(x, digits) {
  if (!Number.isFinite(x)) return '-';
  const d = digits !== undefined ? digits : Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}
function cell(values, digits) {
  const s = summary(values);
  if (!s.n) return '-';
  if (s.n === 1) return fmt(s.median, digits);
  return `${fmt(s.median, digits)} [${fmt(s.min, digits)}–${fmt(s.max, digits)}]`;
}
const med = (values) => summary(values).median;
function ratio(a, b) {
  // (A baseline at or below zero, e.g. a per-link cost lost in the noise, has no ratio.)
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${fmt(a / b, 2)}×` : '-';
}
function row(item, measure, unit, figure, baseline, r, note = '') {
  rows.push([item, measure, unit, figure, baseline, r, note]);
}
function check(ok, text) {
  checks.push(`${ok ? 'PASS' : 'FAIL'}  ${text}`);
  return ok ? 'ok' : 'MISSED';
}

// ---- 1. size -------------------------------------------------------------------------
const sizesFile = path.join(dir, 'sizes.tsv');
if (fs.existsSync(sizesFile)) {
  const files = fs.readFileSync(sizesFile, 'utf8').trim().split('\n').map((line) => {
    const [name, raw, gzip, brotli] = line.split('\t');
    return { name, raw: Number(raw), gzip: Number(gzip), brotli: Number(brotli) };
  });
  const named = (name) => files.find((f) => f.name === name);
  // The button page loads the script and the .wasm; the return page only mixpay-result.js.
  const code = ['mixpay-checkout.js', 'mixpay-checkout.wasm'].map(named).filter(Boolean);
  const resultScript = named('mixpay-result.js');
  const translations = files.filter((f) => f.name.endsWith('.json'));
  const sum = (list, key) => list.reduce((total, f) => total + f[key], 0);
  const bytes = (f) => `${fmt(f.raw, 0)} raw, ${fmt(f.brotli, 0)} brotli`;
  for (const f of files) {
    row('1', `${f.name}: gzip -9${f.name.endsWith('.json') ? ' (one buyer fetches at most one)' : ''}`,
      'B', fmt(f.gzip, 0), '', '', bytes(f));
  }
  const goal = (bytes, limit, what) =>
    `goal ≤ ${fmt(limit, 0)}: ${check(bytes <= limit, `${what}: ${fmt(bytes, 0)} B gzip (goal ${fmt(limit, 0)})`)}`;
  const largest = translations.reduce((a, b) => (b.gzip > (a ? a.gzip : -1) ? b : a), null);
  const total = { raw: sum(code, 'raw'), gzip: sum(code, 'gzip'), brotli: sum(code, 'brotli') };
  row('1', 'button page, English (script + .wasm), vs mixpayjs 2.x (28.1 + 2.2 KB)',
    'B', fmt(total.gzip, 0), fmt(30300, 0), ratio(total.gzip, 30300),
    `${bytes(total)}; ${goal(total.gzip, 30000, 'button page, English')}`);
  if (largest) {
    const most = total.gzip + largest.gzip;
    row('1', `button page with the largest translation (${largest.name}), vs English`, 'B', fmt(most, 0),
      fmt(total.gzip, 0), ratio(most, total.gzip), goal(most, 31000, 'button page, largest translation'));
  }
  if (resultScript) {
    row('1', 'return page (mixpay-result.js alone), vs the button page', 'B', fmt(resultScript.gzip, 0),
      fmt(total.gzip, 0), ratio(resultScript.gzip, total.gzip),
      `${bytes(resultScript)}; ${goal(resultScript.gzip, 5000, 'return page')}`);
  }
}

// ---- 2. time to ready ----------------------------------------------------------------
if (browser && browser.ready) {
  const w = browser.ready.widget;
  const l = browser.ready.link;
  const added = med(w) - med(l);
  row('2', 'time to ready: navigation start → button enabled, vs <a> (DOMContentLoaded)', 'ms',
    cell(w), cell(l), ratio(med(w), med(l)),
    `+${fmt(added, 0)} ms added, goal ≤ 50: ${check(added <= 50, `time to ready adds ${fmt(added, 0)} ms (goal ≤ 50 ms)`)}`);
  const pre = browser.ready.preload || [];
  if (pre.length) {
    const fetches = Math.max(...(browser.ready.preloadWasmFetches || [NaN]));
    row('2', 'same, page with <link rel=preload> for the .wasm, vs <a>', 'ms', cell(pre), cell(l),
      ratio(med(pre), med(l)), `+${fmt(med(pre) - med(l), 0)} ms added; .wasm downloads ${fetches}`);
  }
  const w1 = browser.ready.widget1x || [];
  const l1 = browser.ready.link1x || [];
  if (w1.length && l1.length) {
    row('2', 'same, without CPU throttling (reference), vs <a>', 'ms', cell(w1), cell(l1),
      ratio(med(w1), med(l1)), `+${fmt(med(w1) - med(l1), 0)} ms added`);
  }
  const t = browser.ready.timeline || [];
  if (t.length) {
    const m = (key) => fmt(med(t.map((x) => x[key])), 0);
    notes.push(`time to ready, widget page, medians in ms after navigation start: shim ${m('shimStart')}→${m('shimEnd')}, ` +
      `DOMContentLoaded ${m('domContentLoaded')}, ` +
      `wasm ${m('wasmStart')}→${m('wasmEnd')}, ready ${m('ready')}`);
  }
}

// ---- 3. click to navigation ------------------------------------------------------------
if (browser && browser.click) {
  const w = browser.click.widget;
  const f = browser.click.fetch;
  const col = (list, key) => list.map((s) => s[key]);
  const parts = [
    ['click → request started (page)', 'clickToRequest'],
    ['click → request at the sandbox (its clock)', 'clickToSandbox'],
    ['request started → response end (page)', 'requestToResponse'],
    ['response end → navigation start (page)', 'responseToNavigation'],
  ];
  for (const [label, key] of parts) {
    row('3', `${label}, vs hand-written fetch`, 'ms', cell(col(w, key)), cell(col(f, key)),
      ratio(med(col(w, key)), med(col(f, key))));
  }
  for (const f of browser.click.failures || []) notes.push(`click sample failed and was taken again: ${f}`);
  const total = 'clickToNavigation';
  const r = med(col(w, total)) / med(col(f, total));
  row('3', 'click → navigation start, vs hand-written fetch', 'ms', cell(col(w, total)),
    cell(col(f, total)), ratio(med(col(w, total)), med(col(f, total))),
    `goal ≤ 1.10: ${check(r <= 1.1, `click → navigation ratio ${fmt(r, 2)} (goal ≤ 1.10)`)}`);
  // Other builds of the widget measured alongside (bench.mjs --variants).
  for (const kind of Object.keys(browser.click).filter((k) => !['widget', 'fetch', 'still', 'warm', 'failures'].includes(k))) {
    const v = browser.click[kind];
    row('3', `same, widget of ${kind} (--variants), vs hand-written fetch`, 'ms', cell(col(v, total)), cell(col(f, total)),
      ratio(med(col(v, total)), med(col(f, total))),
      `click → request ${fmt(med(col(v, 'clickToRequest')))} ms, response end → navigation ${fmt(med(col(v, 'responseToNavigation')))} ms`);
  }
  const still = browser.click.still || [];
  if (still.length) {
    row('3', 'same, widget with prefers-reduced-motion (no busy spinner)', 'ms',
      cell(col(still, 'clickToNavigation')), cell(col(f, 'clickToNavigation')), ratio(med(col(still, 'clickToNavigation')), med(col(f, 'clickToNavigation'))),
      `response end → navigation ${fmt(med(col(still, 'responseToNavigation')))} ms`);
  }
}

// ---- 4. scale ----------------------------------------------------------------------------
if (browser && browser.scale) {
  const ns = Object.keys(browser.scale).map(Number).sort((a, b) => a - b);
  const col = (n, kind, key) => browser.scale[n][kind].map((s) => s[key]);
  let instancesOk = true;
  let fetchesOk = true;
  for (const n of ns) {
    row('4', `${n} buttons: all ready, vs ${n} <a> (DOMContentLoaded)`, 'ms',
      cell(col(n, 'widget', 'ms')), cell(col(n, 'link', 'ms')),
      ratio(med(col(n, 'widget', 'ms')), med(col(n, 'link', 'ms'))));
    const kb = (list) => list.map((b) => b / 1024);
    row('4', `${n} buttons: JS heap after GC, vs ${n} <a>`, 'KiB',
      cell(kb(col(n, 'widget', 'heapBytes')), 0), cell(kb(col(n, 'link', 'heapBytes')), 0),
      ratio(med(col(n, 'widget', 'heapBytes')), med(col(n, 'link', 'heapBytes'))),
      `wasm memory ${cell(kb(col(n, 'widget', 'wasmBytes')), 0)} KiB`);
    instancesOk &&= col(n, 'widget', 'wasmInstances').every((x) => x === 1);
    fetchesOk &&= col(n, 'widget', 'wasmFetches').every((x) => x === 1);
  }
  // Cost of each button beyond the first, from the medians.
  const first = ns[0];
  // (Only counts far enough from the first for the difference to stand out of the noise.)
  for (const n of ns.filter((x) => x - first >= 99)) {
    const dt = (med(col(n, 'widget', 'ms')) - med(col(first, 'widget', 'ms'))) / (n - first);
    const dl = (med(col(n, 'link', 'ms')) - med(col(first, 'link', 'ms'))) / (n - first);
    const dh = (med(col(n, 'widget', 'heapBytes')) - med(col(first, 'widget', 'heapBytes'))) / (n - first);
    const dhl = (med(col(n, 'link', 'heapBytes')) - med(col(first, 'link', 'heapBytes'))) / (n - first);
    row('4', `per extra button, ${first}→${n}: time, vs per extra <a>`, 'ms', fmt(dt, 3), fmt(dl, 3),
      ratio(dt, dl), `heap ${fmt(dh / 1024, 2)} KiB vs ${fmt(dhl / 1024, 2)} KiB per <a>`);
  }
  // Linear or better: ten times the buttons take at most ten times the time (25% allowed
  // for noise), and each extra button costs no more heap at the larger counts.
  const big = ns[ns.length - 1];
  const mid = ns[ns.length - 2];
  const small = ns[ns.length - 3];
  if (small !== undefined) {
    const t = (n) => med(col(n, 'widget', 'ms'));
    const h = (n) => med(col(n, 'widget', 'heapBytes'));
    const growth = t(big) / t(mid);
    const linear = big / mid;
    const okTime = growth <= linear * 1.25;
    row('4', `linear or better: time at ${big} / time at ${mid} buttons`, '×', fmt(growth, 2),
      `${fmt(linear, 0)} if linear`, ratio(growth, linear),
      `≤ ${fmt(linear, 0)}: ${check(okTime, `time grows ${fmt(growth, 2)}× from ${mid} to ${big} buttons (linear: ${fmt(linear, 0)}×)`)}`);
    const heapBig = (h(big) - h(mid)) / (big - mid);
    const heapMid = (h(mid) - h(small)) / (mid - small);
    const okHeap = heapBig <= heapMid * 1.25 + 64;
    row('4', `linear or better: heap per extra button ${mid}→${big} vs ${small}→${mid}`, 'B',
      fmt(heapBig, 0), fmt(heapMid, 0), ratio(heapBig, heapMid),
      `≤ 1.25: ${check(okHeap, `heap per extra button ${fmt(heapBig, 0)} B at ${mid}→${big} vs ${fmt(heapMid, 0)} B at ${small}→${mid}`)}`);
  }
  row('4', 'module instances / .wasm downloads per page, every count', '', '1 / 1 expected', '', '',
    check(instancesOk && fetchesOk, `one module instance (${instancesOk}) and one .wasm download (${fetchesOk}) on every page`));
}

// ---- 4. long tasks with many buttons --------------------------------------------------------
if (browser && browser.long) {
  for (const n of Object.keys(browser.long).map(Number).sort((a, b) => a - b)) {
    const { widget, link } = browser.long[n];
    // Per load: every long task, and those the widget's script ran in.
    const all = (list) => list.map((s) => s.tasks.length);
    const ours = (list) => list.map((s) => s.tasks.filter((t) => t.widgetMs > 0));
    const longest = (list) => list.map((tasks) => Math.max(0, ...tasks.map((t) => t.ms)));
    const w = ours(widget);
    row('4', `${n} buttons: long tasks (≥ 50 ms) with the widget's script in them, vs all of ${n} <a>'s`, '',
      cell(w.map((t) => t.length), 0), cell(all(link), 0), '',
      `all of the page's: ${cell(all(widget), 0)}`);
    const worst = longest(w);
    const max = Math.max(...worst);
    row('4', `${n} buttons: longest of those, vs the longest of ${n} <a>'s`, 'ms', cell(worst),
      cell(longest(link.map((s) => s.tasks))), '',
      `goal none ≥ 50 ms: ${check(!(max >= 50), `${n} buttons: ${w.flat().length} long tasks of the widget in ${w.length} loads, the longest ${fmt(max, 0)} ms (goal none)`)}`);
    // The trace's view: the CPU time of the widget's own work in each load's largest share.
    const share = widget.map((s) => Math.max(0, ...(s.trace || []).map((t) => t.widgetCpuMs)));
    if (widget.some((s) => s.trace)) {
      notes.push(`${n} buttons, traced: the widget's largest share of one main-thread task, CPU ms ${cell(share)} ` +
        `(its tasks over 20 ms CPU: ${cell(widget.map((s) => (s.trace || []).filter((t) => t.widgetCpuMs >= 20).length), 0)} a load)`);
    }
    const by = new Map();
    for (const t of w.flat()) for (const b of t.by) by.set(b.replace(/ \d+ ms$/, ''), (by.get(b.replace(/ \d+ ms$/, '')) || 0) + 1);
    if (by.size) notes.push(`${n} buttons: the widget's scripts in its long tasks (how often): ${[...by].map(([k, c]) => `${k} ×${c}`).join('; ')}`);
  }
}

// ---- 5. core throughput --------------------------------------------------------------------
if (gb) {
  const native = {};
  for (const b of gb.benchmarks.filter((x) => x.run_type === 'iteration')) {
    const name = b.run_name.replace(/^BM_/, '');
    (native[name] ||= []).push(b.items_per_second);
  }
  const wasmBuilds = fs.readdirSync(dir).filter((f) => /^core-wasm-.*\.json$/.test(f)).sort();
  const labels = {
    validate: 'params_from_pairs + validate',
    encode: 'encode_form',
    parse: 'parse_create_response',
    checkout: 'one attempt (from_pairs + prepare_request + parse + code_url)',
  };
  for (const [name, values] of Object.entries(native)) {
    for (const file of wasmBuilds) {
      const flavour = file.replace(/^core-wasm-|\.json$/g, '');
      const wasm = read(file)[name] || [];
      row('5', `${labels[name] || name}: wasm ${flavour} (Node), vs native`, 'op/s',
        cell(wasm, 0), cell(values, 0), ratio(med(wasm), med(values)));
    }
  }
}

// ---- 6. sandbox under load --------------------------------------------------------------
if (load) {
  let errors = 0;
  for (const [c, r] of Object.entries(load.load)) {
    const col = (mode, key) => r[mode].map((s) => s[key]);
    const err = col('api', 'errors').reduce((a, b) => a + b, 0) + col('static', 'errors').reduce((a, b) => a + b, 0);
    errors += err;
    const reqs = col('api', 'requests').reduce((a, b) => a + b, 0);
    row('6', `${c} conn: POST /v1/one_time_payment, vs GET small static file`, 'req/s', cell(col('api', 'rps'), 0),
      cell(col('static', 'rps'), 0), ratio(med(col('api', 'rps')), med(col('static', 'rps'))),
      `errors ${err} of ${reqs} API requests`);
    row('6', `${c} conn: latency p50, same`, 'ms', cell(col('api', 'p50Ms')), cell(col('static', 'p50Ms')),
      ratio(med(col('api', 'p50Ms')), med(col('static', 'p50Ms'))));
    row('6', `${c} conn: latency p99, same`, 'ms', cell(col('api', 'p99Ms')), cell(col('static', 'p99Ms')),
      ratio(med(col('api', 'p99Ms')), med(col('static', 'p99Ms'))));
  }
  check(errors === 0, `sandbox under load: ${errors} errors (non-2xx, API failures, socket errors; goal 0)`);
}

// ---- 7. Lighthouse ------------------------------------------------------------------------
if (lh) {
  const samples = lh.samples.compressed || {};
  const base = samples.link || [];
  const col = (list, key) => list.map((s) => (s[key] === null || s[key] === undefined ? NaN : s[key]));
  const signed = (x, digits) => (Number.isFinite(x) ? `${x > 0 ? '+' : x < 0 ? '−' : '±'}${fmt(Math.abs(x), digits)}` : '-');
  const labels = { button: 'one button', 'buttons-20': '20 buttons', 'button-onload': 'one button, script after load' };
  const metrics = [
    // key, label, unit, digits, goal on the delta against the link (or null)
    ['score', 'performance score', '', 0, null],
    ['lcpMs', 'largest contentful paint (the photo)', 'ms', 0, { max: 50, text: 'LCP delta ≤ +50 ms' }],
    ['tbtMs', 'total blocking time', 'ms', 0, { max: 0, text: 'TBT delta 0' }],
    ['cls', 'cumulative layout shift', '', 3, { absolute: 0, text: 'CLS 0' }],
    ['bytes', 'total byte weight (transfer)', 'B', 0, null],
    ['fcpMs', 'first contentful paint', 'ms', 0, null],
  ];
  for (const v of (lh.variants || []).filter((x) => x !== 'link')) {
    const s = samples[v] || [];
    const name = labels[v] || v;
    for (const [key, label, unit, digits, goal] of metrics) {
      const w = col(s, key);
      const l = col(base, key);
      const delta = med(w) - med(l);
      let note = `Δ ${signed(delta, digits)}`;
      if (goal && goal.max !== undefined) {
        note += `, goal ${goal.text}: ${check(delta <= goal.max, `Lighthouse, ${name}: ${label} Δ ${signed(delta, digits)} ${unit} (goal ${goal.text})`)}`;
      } else if (goal && goal.absolute !== undefined) {
        const worst = summary(w).max;
        note += `, goal ${goal.text}: ${check(worst <= goal.absolute, `Lighthouse, ${name}: ${label} ${fmt(med(w), digits)}, worst run ${fmt(worst, digits)} (goal ${goal.text})`)}`;
      }
      row('7', `Lighthouse mobile, ${name}: ${label}, vs plain link`, unit, cell(w, digits), cell(l, digits),
        key === 'cls' ? '-' : ratio(med(w), med(l)), note);
    }
    const boot = s.map((x) => (x.bootup ? x.bootup.totalMs : NaN));
    const scripting = s.map((x) => (x.bootup ? x.bootup.scriptingMs : NaN));
    row('7', `Lighthouse mobile, ${name}: bootup time of mixpay-checkout.js (bootup-time audit)`, 'ms',
      cell(boot, 0), '', '', `scripting ${cell(scripting, 0)} ms`);
    const tasks = s.map((x) => (x.longTasks ? x.longTasks.count : NaN));
    const ours = s.map((x) => (x.longTasks ? x.longTasks.ours : NaN));
    const baseTasks = base.map((x) => (x.longTasks ? x.longTasks.count : NaN));
    row('7', `Lighthouse mobile, ${name}: long tasks (long-tasks audit), vs plain link`, '', cell(tasks, 0),
      cell(baseTasks, 0), '', `of them attributed to mixpay-checkout.js: ${cell(ours, 0)}`);
  }
  const un = lh.samples.uncompressed || {};
  if (Object.values(un).some((list) => list.length)) {
    const parts = Object.entries(un).filter(([, list]) => list.length).map(([v, list]) =>
      `${labels[v] || 'plain link'}: ${fmt(med(col(list, 'bytes')), 0)} B, LCP ${fmt(med(col(list, 'lcpMs')), 0)} ms, ` +
      `TBT ${fmt(med(col(list, 'tbtMs')), 0)} ms`);
    const n = Math.max(...Object.values(un).map((list) => list.length));
    notes.push(`Lighthouse, served uncompressed (${n} run${n === 1 ? '' : 's'} each, medians): ${parts.join('; ')}`);
  }
  // Which request the browser put first: the photo against the .wasm (network-requests).
  const one = (samples.button || [])[0];
  if (one && one.requests) {
    const show = (re) => one.requests.filter((r) => re.test(r.path))
      .map((r) => `${r.path} ${r.priority} ${fmt(r.transferSize, 0)} B`).join(', ');
    notes.push(`Lighthouse, one button, requests (priority, bytes on the wire): ${show(/\.(jpg|js|wasm)$/)}`);
  }
  // The largest paint must be the photo on every page, or LCP measures something else.
  const elements = new Map();
  for (const [v, list] of Object.entries(samples)) {
    for (const s of list) {
      const e = s.lcpElement ? `${s.lcpElement.type} ${s.lcpElement.node}` : 'unknown';
      const key = `${labels[v] || 'plain link'}: ${e}`;
      elements.set(key, (elements.get(key) || 0) + 1);
    }
  }
  const allPhoto = [...Object.values(samples)].every((list) => list.every((s) => s.lcpElement &&
    s.lcpElement.type === 'image' && s.lcpElement.node.includes('product-image')));
  check(allPhoto, `Lighthouse: the largest paint is the product photo in every run (${[...elements].map(([k, n]) => `${k} ×${n}`).join('; ')})`);
  const errored = new Map();
  let reports = 0;
  for (const list of [...Object.values(lh.samples.compressed || {}), ...Object.values(lh.samples.uncompressed || {})]) {
    for (const s of list) {
      reports += 1;
      for (const e of s.errored || []) errored.set(e.id, (errored.get(e.id) || 0) + 1);
    }
  }
  if (errored.size) {
    notes.push(`Lighthouse audits that errored (in how many of ${reports} reports; the metrics above do not depend on them): ` +
      [...errored].map(([id, n]) => `${id} ${n}`).join(', '));
  }
  for (const f of lh.failures || []) notes.push(`Lighthouse run failed and was taken again: ${f}`);
}

// ---- print ------------------------------------------------------------------------------------
const header = ['#', 'measure', 'unit', 'figure: median [min–max]', 'baseline: median [min–max]', 'ratio', 'note'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
const out = [];
out.push(`mixpay-checkout benchmarks, ${machine.date || new Date().toISOString()}`);
if (machine.cpu) {
  out.push(`machine: ${machine.nproc} cores, ${machine.cpu}, ${machine.memory}; load average ${machine.loadStart} at start, ${machine.loadEnd || '?'} at end`);
  out.push(`software: ${machine.chromium}; node ${machine.node}; ${machine.emscripten}; ${load ? load.wrk : ''}`);
}
if (browser) {
  const t = browser.throttleCheck;
  out.push(`browser: cache disabled, CPU throttled ${browser.throttle}× (busy loop measured ${fmt(t.factor, 1)}× slower), ` +
    `${browser.runs} runs per page kind for time to ready and ${browser.clickRuns || browser.runs} for the click (+1 warm-up each), ` +
    `${browser.scaleRuns} per scale point` + (browser.longRuns ? `, ${browser.longRuns} per long-task count` : '') +
    (browser.hoverMs ? `; the pointer rests on the button ${browser.hoverMs} ms before each click` : ''));
}
if (load) out.push(`load: wrk, ${load.seconds} s per run, ${load.runs} runs per connection count`);
if (lh) {
  const t = lh.settings ? lh.settings.throttling : {};
  out.push(`lighthouse: ${lh.lighthouse}, ${lh.settings ? `${lh.settings.formFactor}, ${lh.settings.throttlingMethod}d` : ''} ` +
    `(RTT ${t.rttMs} ms, ${fmt(t.throughputKbps / 1024, 1)} Mbit/s, CPU ${t.cpuSlowdownMultiplier}×), ${lh.runs} runs per page ` +
    `served with brotli/gzip and ${lh.uncompressedRuns} uncompressed; product photo ${fmt(lh.photoBytes, 0)} B`);
}
out.push('');
out.push(line(header));
out.push(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) out.push(line(r));
out.push('');
out.push(...notes.map((n) => `note: ${n}`));
if (notes.length) out.push('');
out.push(...checks);
console.log(out.join('\n'));
