// Scale: 1..N buttons on one page, vs the same number of plain links: time to all ready,
// JS heap, wasm memory, module instances and .wasm downloads.
import { enabledButtons, loadAndTime, openPage, wasmFetches } from './common.mjs';

// The heap once the page has settled: the widget's work after the last mixpay:ready (the
// stored attempts' lookups, the click's rehearsal) done, that is, three idle periods of the
// page's main thread in a row with nothing due (at most SETTLE_MS of waiting), then
// collected until two readings agree (a single collection right after ready read objects
// that were about to go: 1,000 buttons read 1,575-2,653 KiB in one run).
const SETTLE_MS = 10_000;
const IDLE = (ms) => new Promise((resolve) => {
  const until = performance.now() + ms;
  let quiet = 0;
  const idle = (deadline) => {
    quiet = deadline.timeRemaining() >= 40 ? quiet + 1 : 0;
    if (quiet >= 3 || performance.now() > until) resolve(quiet >= 3);
    else requestIdleCallback(idle);
  };
  requestIdleCallback(idle);
});

async function settledHeap(p) {
  // (The reading this bench took before, one collection right after the last ready, kept
  // beside it: heapAtReadyBytes.)
  await p.cdp.send('HeapProfiler.collectGarbage');
  const atReady = (await p.cdp.send('Runtime.getHeapUsage')).usedSize;
  const settled = await p.page.evaluate(IDLE, SETTLE_MS);
  let last = -1;
  for (let i = 0; i < 6; i += 1) {
    await p.cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await p.cdp.send('Runtime.getHeapUsage');
    if (Math.abs(usedSize - last) <= usedSize / 200) return { heapBytes: usedSize, heapAtReadyBytes: atReady, settled, collections: i + 1 };
    last = usedSize;
  }
  return { heapBytes: last, heapAtReadyBytes: atReady, settled, collections: 6 };
}

async function memoryOf(p) {
  const heap = await settledHeap(p);
  const wasm = await p.page.evaluate(() => ({
    instances: window.__wasm.instances,
    bytes: Array.from(window.__wasm.memories).reduce((s, m) => s + m.buffer.byteLength, 0),
  }));
  return { ...heap, wasmInstances: wasm.instances, wasmBytes: wasm.bytes };
}

// o: { throttle, scale, scaleRuns }
export async function benchScale(browser, origin, o) {
  const out = {};
  for (const n of o.scale) {
    out[n] = { widget: [], link: [] };
    for (let run = 0; run < o.scaleRuns; run += 1) {
      for (const kind of run % 2 ? ['widget', 'link'] : ['link', 'widget']) {
        const p = await openPage(browser, o.throttle);
        try {
          const ms = await loadAndTime(p, `${origin}/scale-${kind}-${n}.html`, kind === 'widget' ? n : 0);
          const mem = await memoryOf(p);
          const sample = { ms, ...mem, wasmFetches: wasmFetches(p) };
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
