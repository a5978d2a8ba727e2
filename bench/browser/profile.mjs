// Where a click's time goes: one click on the bench's widget page (or the hand-written
// one) under the same CPU throttle, traced (devtools.timeline, v8, the wasm compiler) and
// sampled (the DevTools Profiler, 50 µs), from the click to the request and from the
// answer's end to location.assign. Prints, for each of the two stretches, the renderer's
// main-thread events in it (wall and thread time, nested) and the functions the samples
// fell in. The page's navigation is cancelled in its navigate event (after the bench's
// own listener has seen it), so the page stays for the profile to be read.
//
//   node profile.mjs --sandbox BIN --dist DIR [--kind widget|fetch] [--throttle 4]
//                    [--clicks 3] [--min-ms 0.2] [--trace FILE] [--hover-ms 300]
// (--hover-ms N: the pointer rests on the button N ms before the press, as bench.mjs's;
// a bare --hover, given last, means 300.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, loadAndTime, openPage, parseArgs, sleep, startSandbox, waitFor } from './common.mjs';
import { writePages } from './pages.mjs';
import { describe, mainThread, ms, traced } from './trace.mjs';

const args = parseArgs(process.argv.slice(2));
const kind = args.kind || 'widget';
const throttle = Number(args.throttle || 4);
const clicks = Number(args.clicks || 3);
const minMs = Number(args['min-ms'] || 0.2);
const hoverMs = Number(args['hover-ms'] || ('hover' in args ? 300 : 0));
if (!args.sandbox || !args.dist) {
  console.error('usage: node profile.mjs --sandbox BIN --dist DIR [options]');
  process.exit(2);
}

// Marks the bench's points on the trace's clock, and keeps the page (the navigate listener
// runs after the bench's own one, which was added first).
const KEEP_PAGE = `addEventListener('click', () => performance.mark('profile:click'), true);
if (window.navigation) {
  addEventListener('DOMContentLoaded', () => navigation.addEventListener('navigate', (e) => {
    performance.mark('profile:navigate');
    if (e.cancelable) e.preventDefault();
  }));
}`;

function analyse(events, cpuProfile, label) {
  const mark = (name) => events.find((e) => e.name === name && e.cat.includes('user_timing'));
  const click = mark('profile:click');
  const nav = mark('profile:navigate');
  if (!click || !nav) throw new Error('marks not in the trace');
  const onMain = mainThread(events, click.pid);
  // The click's input dispatch starts before the page's capture listener.
  const dispatch = onMain.find((e) => e.name === 'EventDispatch' && e.args.data && e.args.data.type === 'click' &&
    e.ts <= click.ts && e.ts + e.dur >= click.ts);
  const start = dispatch ? dispatch.ts : click.ts;
  const api = (e) => e.args && e.args.data && String(e.args.data.url || '').includes('one_time_payment');
  const send = events.find((e) => e.name === 'ResourceSendRequest' && api(e) && e.ts >= start);
  const finish = events.find((e) => e.name === 'ResourceFinish' && e.ts >= start &&
    e.args.data && send && e.args.data.requestId === send.args.data.requestId);
  const response = events.find((e) => e.name === 'ResourceReceiveResponse' && e.ts >= start &&
    e.args.data && send && e.args.data.requestId === send.args.data.requestId);
  const out = [];
  out.push(`== ${label}: click → request sent ${ms(send.ts - start)} ms; response → finish ${ms(finish.ts - response.ts)} ms; ` +
    `finish → navigate ${ms(nav.ts - finish.ts)} ms; click → navigate ${ms(nav.ts - start)} ms`);
  for (const [name, from, to] of [['click → request sent', start, send.ts], ['response received → navigate', response.ts, nav.ts]]) {
    out.push(...describe(events, onMain, cpuProfile, { name, from, to, minMs, pid: click.pid }));
  }
  return out.join('\n');
}

const pagesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpay-profile-'));
let sandbox;
let browser;
try {
  sandbox = await startSandbox(args.sandbox, pagesDir, args.dist);
  const origin = `http://127.0.0.1:${sandbox.port}`;
  writePages(pagesDir, `http://localhost:${sandbox.port}`, { dist: args.dist, scale: [] });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 });
  for (let i = 0; i < clicks; i += 1) {
    const p = await openPage(browser, throttle);
    try {
      await p.context.addInitScript({ content: KEEP_PAGE });
      let navigated = false;
      p.page.on('console', (m) => { if (m.text().startsWith('bench:navigate ')) navigated = true; });
      await loadAndTime(p, `${origin}/click-${kind}.html?order=profile_${process.pid}_${i}`, kind === 'widget' ? 1 : 0);
      await sleep(300);
      const { trace, profile } = await traced(browser, p, async () => {
        if (hoverMs) {
          await p.page.locator('button').hover();
          await sleep(hoverMs);
        }
        await p.page.locator('button').click({ timeout: 10_000, noWaitAfter: true });
        await waitFor(() => navigated, 15_000, 'navigate');
      }, 100);
      if (args.trace) fs.writeFileSync(`${args.trace}.${i}.json`, JSON.stringify({ trace, profile }));
      console.log(analyse(trace.traceEvents, profile, `${kind} click ${i + 1}`));
    } finally {
      await p.context.close();
    }
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  if (sandbox) await sandbox.stop();
  fs.rmSync(pagesDir, { recursive: true, force: true });
}
