// Where the time to ready goes: the bench's widget page (or one of its long-task pages of
// N buttons) loaded under the same CPU throttle, traced (devtools.timeline, v8, the wasm
// compiler) and sampled (the DevTools Profiler, 50 µs), from the moment the script starts
// to the last mixpay:ready. Prints the stretch's main-thread events (wall and thread time,
// nested), the functions the samples fell in, and the moments in between: the .wasm's
// arrival, its compilation and instantiation, the first button drawn, each mixpay:ready.
//
//   node profile-load.mjs --sandbox BIN --dist DIR [--buttons 1] [--throttle 4] [--loads 3]
//                         [--min-ms 1] [--trace FILE]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, loadAndTime, openPage, parseArgs, startSandbox } from './common.mjs';
import { writePages } from './pages.mjs';
import { describe, mainThread, ms, traced } from './trace.mjs';

const args = parseArgs(process.argv.slice(2));
const throttle = Number(args.throttle || 4);
const loads = Number(args.loads || 3);
const buttons = Number(args.buttons || 1);
const minMs = Number(args['min-ms'] || 1);
if (!args.sandbox || !args.dist) {
  console.error('usage: node profile-load.mjs --sandbox BIN --dist DIR [options]');
  process.exit(2);
}

// Marks on the trace's clock: the first button drawn (its data-mixpay-state set), every
// mixpay:ready.
const MARKS = `(() => {
  const set = Element.prototype.setAttribute;
  let drawn = false;
  Element.prototype.setAttribute = function (name, value) {
    if (!drawn && name === 'data-mixpay-state') {
      drawn = true;
      performance.mark('profile:drawn');
    }
    return set.call(this, name, value);
  };
  document.addEventListener('mixpay:ready', () => performance.mark('profile:ready'));
})();`;

function analyse(events, cpuProfile, label) {
  const marks = events.filter((e) => e.cat.includes('user_timing') && /^profile:/.test(e.name) && e.ph !== 'e');
  const ready = marks.filter((e) => e.name === 'profile:ready');
  if (!ready.length) throw new Error('no mixpay:ready in the trace');
  const pid = ready[0].pid;
  const onMain = mainThread(events, pid);
  const script = onMain.find((e) => e.name === 'EvaluateScript' && e.args.data && String(e.args.data.url).includes('mixpay-checkout.js'));
  const from = script.ts;
  const to = ready[ready.length - 1].ts;
  const wasm = (e) => e.args && e.args.data && String(e.args.data.url || '').includes('mixpay-checkout.wasm');
  const wasmFinish = events.find((e) => e.name === 'ResourceFinish' && e.args.data && events.some((s) =>
    s.name === 'ResourceSendRequest' && wasm(s) && s.args.data.requestId === e.args.data.requestId));
  const at = (e) => (e ? `${ms(e.ts - from)} ms` : '-');
  const drawn = marks.find((e) => e.name === 'profile:drawn');
  const out = [`== ${label}: script start → first button drawn ${at(drawn)}; .wasm in ${at(wasmFinish)}; ` +
    `first mixpay:ready ${at(ready[0])}; last ${at(ready[ready.length - 1])} (${ready.length})`];
  // The wasm compiler's work, on any thread (background compilation included).
  const compile = events.filter((e) => e.ph === 'X' && e.ts >= from && e.ts <= to && /wasm/i.test(e.cat));
  const byName = new Map();
  for (const e of compile) {
    const k = `${e.name}${e.tid === script.tid ? ' (main)' : ''}`;
    const v = byName.get(k) || { n: 0, wall: 0, first: e.ts };
    v.n += 1;
    v.wall += e.dur;
    byName.set(k, v);
  }
  out.push('-- wasm events (count, wall ms, first at)');
  for (const [k, v] of [...byName].sort((a, b) => b[1].wall - a[1].wall).slice(0, 20)) {
    out.push(`   ${k}: ${v.n}, ${ms(v.wall)} ms, first ${ms(v.first - from)}`);
  }
  out.push(...describe(events, onMain, cpuProfile, { name: 'script start → last mixpay:ready', from, to, minMs, pid }));
  return out.join('\n');
}

const pagesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpay-profile-'));
let sandbox;
let browser;
try {
  sandbox = await startSandbox(args.sandbox, pagesDir, args.dist);
  const origin = `http://127.0.0.1:${sandbox.port}`;
  writePages(pagesDir, `http://localhost:${sandbox.port}`, { dist: args.dist, scale: [], long: buttons > 1 ? [buttons] : [] });
  const file = buttons > 1 ? `long-widget-${buttons}.html` : 'ready-widget.html';
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 });
  for (let i = 0; i < loads; i += 1) {
    const p = await openPage(browser, throttle);
    try {
      await p.context.addInitScript({ content: MARKS });
      // A page of the same origin first, so the renderer the profiler samples is the one
      // the widget's page loads in.
      await p.page.goto(`${origin}/ready-link.html`, { waitUntil: 'load' });
      const { trace, profile } = await traced(browser, p, () => loadAndTime(p, `${origin}/${file}`, buttons), 200);
      if (args.trace) fs.writeFileSync(`${args.trace}.${i}.json`, JSON.stringify({ trace, profile }));
      console.log(analyse(trace.traceEvents, profile, `${file} load ${i + 1}`));
    } finally {
      await p.context.close();
    }
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  if (sandbox) await sandbox.stop();
  fs.rmSync(pagesDir, { recursive: true, force: true });
}
