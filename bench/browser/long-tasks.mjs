// Long tasks with many buttons: pages of 20 and 100 buttons (and the same number of plain
// links, the baseline), each loaded throttled until every button is ready and SETTLE_MS
// more (the click's rehearsal runs then). Two views of the same load:
// - what the page saw: every long task (PerformanceObserver 'longtask', 50 ms or more of
//   wall time), the widget's when a script of a long animation frame from
//   mixpay-checkout.js ran in it (its URL, what invoked it, how long);
// - what the renderer's main thread did (a trace, devtools.timeline): each task's CPU
//   time, and the widget's part of it (its script's evaluation, functions, timers and
//   WebAssembly compilation). On a machine other processes keep busy, a task's wall time
//   holds the time it waited for a core; CPU time × the throttle is what it would take on
//   an idle one, so that is the figure the 50 ms goal is read against.
import { loadAndTime, openPage, sleep } from './common.mjs';

const SETTLE_MS = 1500;
const WIDGET = 'mixpay-checkout';
const CATEGORIES = ['devtools.timeline', 'toplevel', 'v8.execute', 'v8.wasm'];

// The tasks the page observed, the widget's marked: [{ start, ms, widgetMs, by }].
export function attribute(long) {
  return long.tasks.map(([start, ms]) => {
    const end = start + ms;
    const ours = long.scripts.filter(([s, d, url]) => String(url).includes(WIDGET) && s < end && s + d > start);
    const widgetMs = ours.reduce((sum, [s, d]) => sum + Math.min(s + d, end) - Math.max(s, start), 0);
    const by = ours.map(([, d, , type, invoker]) => `${type} ${String(invoker).slice(0, 60)} ${Math.round(d)} ms`);
    return { start, ms, widgetMs, by };
  });
}

const widgetEvent = (e) => {
  const d = e.args && e.args.data;
  return (d && String(d.url || d.scriptName || '').includes(WIDGET)) || e.cat.includes('wasm');
};

// The main thread's tasks of the page in a trace: [{ wallMs, cpuMs, widgetCpuMs, what }],
// those of at least `minCpuMs` CPU time.
export function traceTasks(events, pageFile, minCpuMs = 2) {
  const parse = events.find((e) => (e.name === 'ParseHTML' || e.name === 'EvaluateScript') &&
    e.args && e.args.beginData && String(e.args.beginData.url || '').includes(pageFile)) ||
    events.find((e) => e.args && e.args.data && String(e.args.data.url || '').includes(pageFile) && e.name === 'ResourceSendRequest');
  if (!parse) return null;
  const main = events.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain' && e.pid === parse.pid);
  if (!main) return null;
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const out = [];
  let task = null;
  let covered = 0; // end of the last widget event counted in this task
  for (const e of onMain) {
    if (!task || e.ts >= task.end) {
      task = { end: e.ts + e.dur, wallMs: e.dur / 1000, cpuMs: (e.tdur || 0) / 1000, widgetCpuMs: 0, what: new Set() };
      covered = 0;
      out.push(task);
      continue;
    }
    if (e.ts >= covered && widgetEvent(e)) {
      task.widgetCpuMs += (e.tdur || 0) / 1000;
      covered = e.ts + e.dur;
      const d = e.args && e.args.data;
      // (The script's column tells which function it was: the script is one line.)
      task.what.add(`${e.name}${d && d.functionName ? ' ' + d.functionName : ''}${d && d.columnNumber ? ':' + d.columnNumber : ''}`);
    }
  }
  return out.filter((t) => t.cpuMs >= minCpuMs).map((t) => ({ ...t, end: undefined, what: [...t.what].slice(0, 6) }));
}

// o: { throttle, long, longRuns, variants } (each of --variants is a kind of its own)
export async function benchLongTasks(browser, origin, o) {
  const out = {};
  for (const n of o.long) {
    const names = Object.keys(o.variants || {});
    out[n] = { widget: [], link: [] };
    for (const name of names) out[n][name] = [];
    for (let run = 0; run < o.longRuns; run += 1) {
      for (const kind of run % 2 ? ['widget', ...names, 'link'] : ['link', ...names, 'widget']) {
        const p = await openPage(browser, o.throttle);
        const file = `long-${kind}-${n}.html`;
        try {
          await browser.startTracing(p.page, { categories: CATEGORIES });
          let trace;
          try {
            await loadAndTime(p, `${origin}/${file}`, kind === 'link' ? 0 : n);
            await sleep(SETTLE_MS);
          } finally {
            trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
          }
          const long = await p.page.evaluate(() => window.__long);
          out[n][kind].push({ tasks: attribute(long), frames: long.frames, trace: traceTasks(trace.traceEvents, file) });
        } finally {
          await p.context.close();
        }
      }
    }
  }
  return out;
}
