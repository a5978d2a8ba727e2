// The other figures: sizes (sizes.tsv), core throughput (Google Benchmark and
// bench_loop.cpp under Node), the sandbox under load (wrk), Lighthouse.
import fs from 'node:fs';
import path from 'node:path';
import { summary } from '../browser/stats.mjs';
import { cell, fmt, med, ratio, signed } from './format.mjs';
import { GOALS } from './goals.mjs';

export function sizeRows(ctx) {
  const { dir, read, browser, load, gb, lh, row, check, notes } = ctx; // eslint-disable-line no-unused-vars
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
      `${bytes(total)}; ${goal(total.gzip, GOALS.buttonPageBytes, 'button page, English')}`);
    if (largest) {
      const most = total.gzip + largest.gzip;
      row('1', `button page with the largest translation (${largest.name}), vs English`, 'B', fmt(most, 0),
        fmt(total.gzip, 0), ratio(most, total.gzip), goal(most, GOALS.translatedPageBytes, 'button page, largest translation'));
    }
    if (resultScript) {
      row('1', 'return page (mixpay-result.js alone), vs the button page', 'B', fmt(resultScript.gzip, 0),
        fmt(total.gzip, 0), ratio(resultScript.gzip, total.gzip),
        `${bytes(resultScript)}; ${goal(resultScript.gzip, GOALS.returnPageBytes, 'return page')}`);
    }
  }
}

export function coreRows(ctx) {
  const { dir, read, browser, load, gb, lh, row, check, notes } = ctx; // eslint-disable-line no-unused-vars
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
}

export function loadRows(ctx) {
  const { dir, read, browser, load, gb, lh, row, check, notes } = ctx; // eslint-disable-line no-unused-vars
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
}

export function lighthouseRows(ctx) {
  const { dir, read, browser, load, gb, lh, row, check, notes } = ctx; // eslint-disable-line no-unused-vars
  // ---- 7. Lighthouse ------------------------------------------------------------------------
  if (lh) {
    const samples = lh.samples.compressed || {};
    const base = samples.link || [];
    const col = (list, key) => list.map((s) => (s[key] === null || s[key] === undefined ? NaN : s[key]));
    const labels = { button: 'one button', 'buttons-20': '20 buttons', 'button-onload': 'one button, script after load' };
    const metrics = [
      // key, label, unit, digits, goal on the delta against the link (or null)
      ['score', 'performance score', '', 0, null],
      ['lcpMs', 'largest contentful paint (the photo)', 'ms', 0, GOALS.lighthouse.lcpMs],
      ['tbtMs', 'total blocking time', 'ms', 0, GOALS.lighthouse.tbtMs],
      ['cls', 'cumulative layout shift', '', 3, GOALS.lighthouse.cls],
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
}
