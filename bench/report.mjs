// Prints bench/run's one table from the raw results in a folder:
//   sizes.tsv (file, raw, gzip -9, brotli bytes), machine.json, browser.json (bench/browser/bench.mjs), load.json (bench/load/load.mjs),
//   core-native.json (Google Benchmark), core-wasm-*.json and core-loop-native.json
//   (bench/core/bench_loop.cpp), lighthouse.json (bench/lighthouse/lighthouse.mjs).
// Every figure is the median over the runs with its spread [min–max]; ratio = figure /
// baseline, both measured in the same bench/run. The figures are report/browser.mjs's and
// report/others.mjs's, their cells report/format.mjs's; the goals, and the PASS/FAIL lines
// under the table, report/goals.mjs's.
//
//   node bench/report.mjs RESULTS_DIR
import fs from 'node:fs';
import path from 'node:path';
import { readyRows, clickRows, scaleRows, longTaskRows } from './report/browser.mjs';
import { fmt, table } from './report/format.mjs';
import { goalChecks } from './report/goals.mjs';
import { coreRows, lighthouseRows, loadRows, sizeRows } from './report/others.mjs';

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
const notes = [];
const { check, checks } = goalChecks();
const row = (item, measure, unit, figure, baseline, r, note = '') => rows.push([item, measure, unit, figure, baseline, r, note]);
const ctx = { dir, read, browser, load, gb, lh, row, check, notes };
for (const section of [sizeRows, readyRows, clickRows, scaleRows, longTaskRows, coreRows, loadRows, lighthouseRows]) section(ctx);

// ---- print ------------------------------------------------------------------------------------
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
out.push(...table(rows));
out.push('');
out.push(...notes.map((n) => `note: ${n}`));
if (notes.length) out.push('');
out.push(...checks);
console.log(out.join('\n'));
