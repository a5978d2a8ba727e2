// Reading a Chromium trace: the renderer's main-thread events in a stretch of time, nested,
// with their wall and thread time, the instant events in it, and the functions the
// DevTools Profiler's samples fell in (profile.mjs, profile-load.mjs).

export const CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading',
  'v8', 'v8.execute', 'disabled-by-default-v8.compile', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed',
  'blink', 'toplevel', 'disabled-by-default-devtools.timeline.stack',
];

export const ms = (us) => (us / 1000).toFixed(2);

// Runs `run()` with the page `p` traced (CATEGORIES) and sampled by the DevTools Profiler
// every 50 µs; `settleMs` after it, returns { trace, profile }.
export async function traced(browser, p, run, settleMs) {
  await browser.startTracing(p.page, { categories: CATEGORIES });
  await p.cdp.send('Profiler.enable');
  await p.cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await p.cdp.send('Profiler.start');
  await run();
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const { profile } = await p.cdp.send('Profiler.stop');
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
  return { trace, profile };
}

// The main thread of the renderer `pid` and its complete events.
export function mainThread(events, pid) {
  const main = events.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain' && e.pid === pid);
  return events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
}

// Lines describing [from, to] (trace µs) on the main thread: every event of at least minMs,
// indented by nesting, then the time the thread was busy, the instant events matching
// `instants`, and the most frequent functions of `cpuProfile` (if any) in it.
export function describe(events, onMain, cpuProfile, { name, from, to, minMs, pid, instants = /Resource|profile:|XHR|Lock/ }) {
  const out = [`-- ${name} (${ms(to - from)} ms wall)`];
  const inside = onMain.filter((e) => e.ts < to && e.ts + e.dur > from).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  let busyWall = 0;
  let busyThread = 0;
  for (const e of inside) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    if (!stack.length) {
      busyWall += Math.min(e.ts + e.dur, to) - Math.max(e.ts, from);
      busyThread += e.tdur || 0;
    }
    const depth = stack.length;
    stack.push(e);
    if (e.dur / 1000 < minMs || depth > 40) continue;
    const d = e.args && (e.args.data || e.args.beginData) || {};
    const what = [d.type, d.functionName, d.url && String(d.url).replace(/^.*\//, ''), d.lineNumber, e.args && e.args.name]
      .filter((x) => x !== undefined && x !== '').join(' ');
    out.push(`${'  '.repeat(depth)}${ms(e.ts - from).padStart(7)} +${ms(e.dur).padStart(6)} (cpu ${e.tdur !== undefined ? ms(e.tdur) : '-'}) ${e.name}${what ? ' ' + what : ''}`);
  }
  out.push(`   main thread busy ${ms(busyWall)} ms wall, ${ms(busyThread)} ms cpu of ${ms(to - from)} ms`);
  for (const e of events.filter((x) => x.ph !== 'X' && x.ts >= from && x.ts <= to && x.pid === pid && instants.test(x.name))) {
    out.push(`   ${ms(e.ts - from).padStart(7)} ${e.name} ${e.args && e.args.data && e.args.data.url ? String(e.args.data.url).replace(/^.*\/\/[^/]*/, '') : ''}`);
  }
  if (cpuProfile) {
    const self = new Map();
    const byId = new Map(cpuProfile.nodes.map((n) => [n.id, n]));
    let t = cpuProfile.startTime;
    let counted = 0;
    for (let i = 0; i < cpuProfile.samples.length; i += 1) {
      t += cpuProfile.timeDeltas[i];
      if (t < from || t > to) continue;
      const node = byId.get(cpuProfile.samples[i]);
      const f = node.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url ? f.url.replace(/^.*\//, '') : ''}:${f.lineNumber}:${f.columnNumber}`;
      self.set(key, (self.get(key) || 0) + 1);
      counted += 1;
    }
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
    out.push(`   samples: ${counted} (${cpuProfile.samples.length ? 'interval 50 µs' : ''}); most frequent:`);
    for (const [key, n] of top) out.push(`     ${String(n).padStart(5)}  ${key}`);
  }
  return out;
}
