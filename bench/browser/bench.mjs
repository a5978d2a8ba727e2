// Browser benchmarks of the checkout button in headless Chromium (playwright-core driving
// /usr/bin/chromium), against the local sandbox on loopback, with the HTTP cache disabled
// and the CPU throttled through the DevTools protocol:
//   ready  navigation start -> enabled button (mixpay:ready), vs the same page with a plain
//          <a> link (DOMContentLoaded)                                       (ready.mjs)
//   click  click -> request started / at the sandbox, request -> response end, response end
//          -> navigation start (the navigate event), on the page's own clock, vs a
//          hand-written fetch + location.assign on the same sandbox          (click.mjs)
//   scale  1..1000 buttons on one page: time to all ready, JS heap, wasm memory, module
//          instances and .wasm downloads, vs the same number of plain links  (scale.mjs)
//   long   20 and 100 buttons: the long tasks of the page and the widget's share of them,
//          vs the same number of plain links                            (long-tasks.mjs)
// The pages are pages.mjs's; the sandbox and the page loads common.mjs's. Writes one JSON
// file of raw samples (--out); bench/report.mjs turns it into the table.
//
//   node bench.mjs --sandbox BIN --dist DIR --out FILE [--runs 11] [--scale-runs 5]
//                  [--scale 1,10,100,1000] [--throttle 4] [--only ready,click,scale,long]
//                  [--long 20,100] [--long-runs 5]
//                  [--click-runs N] [--click-kinds widget,fetch[,still][,warm][,NAME]]
//                  [--variants NAME=DIR,...] (the widget of other dist/ folders: click kinds
//                  of their own, and beside the widget in ready and long)
//                  [--hover-ms N] (the pointer rests on the button N ms before the press)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { benchClick } from './click.mjs';
import { benchLongTasks } from './long-tasks.mjs';
import { CHROMIUM_ARGS, parseArgs, startSandbox } from './common.mjs';
import { writePages } from './pages.mjs';
import { benchReady, throttleCheck } from './ready.mjs';
import { benchScale } from './scale.mjs';

const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs || 11);
const o = {
  runs,
  throttle: Number(args.throttle || 4),
  clickRuns: Number(args['click-runs'] || runs),
  clickKinds: String(args['click-kinds'] || 'widget,fetch').split(','),
  hoverMs: Number(args['hover-ms'] || 0),
  variants: Object.fromEntries(String(args.variants || '').split(',').filter(Boolean).map((v) => v.split('='))),
  scaleRuns: Number(args['scale-runs'] || 5),
  scale: String(args.scale || '1,10,100,1000').split(',').map(Number),
  long: String(args.long || '20,100').split(',').map(Number),
};
o.longRuns = Number(args['long-runs'] || o.scaleRuns);
const ONLY = new Set(String(args.only || 'ready,click,scale,long').split(','));
if (!args.sandbox || !args.dist || !args.out) {
  console.error('usage: node bench.mjs --sandbox BIN --dist DIR --out FILE [options]');
  process.exit(2);
}

const pagesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpay-bench-'));
let sandbox;
let browser;
try {
  sandbox = await startSandbox(args.sandbox, pagesDir, args.dist);
  const origin = `http://127.0.0.1:${sandbox.port}`; // pages
  const api = `http://localhost:${sandbox.port}`; // API and pay page: cross-origin
  writePages(pagesDir, api, { dist: args.dist, scale: o.scale, long: o.long, variants: o.variants });
  // launch() starts Chromium on a new, empty --user-data-dir of its own.
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 });
  const result = {
    chromium: browser.version(),
    throttle: o.throttle,
    runs: o.runs,
    clickRuns: o.clickRuns,
    hoverMs: o.hoverMs,
    scaleRuns: o.scaleRuns,
    longRuns: o.longRuns,
    throttleCheck: await throttleCheck(browser, origin, o),
  };
  if (ONLY.has('ready')) result.ready = await benchReady(browser, origin, o);
  if (ONLY.has('click')) result.click = await benchClick(browser, origin, o);
  if (ONLY.has('scale')) result.scale = await benchScale(browser, origin, o);
  if (ONLY.has('long')) result.long = await benchLongTasks(browser, origin, o);
  fs.writeFileSync(args.out, JSON.stringify(result, null, 2));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (sandbox) await sandbox.stop();
  fs.rmSync(pagesDir, { recursive: true, force: true });
}
