// Scale: 1..N buttons on one page, vs the same number of plain links: time to all ready,
// JS heap, wasm memory, module instances and .wasm downloads.
import { enabledButtons, loadAndTime, openPage, wasmFetches } from './common.mjs';

async function memoryOf(p) {
  await p.cdp.send('HeapProfiler.collectGarbage');
  const heap = await p.cdp.send('Runtime.getHeapUsage');
  const wasm = await p.page.evaluate(() => ({
    instances: window.__wasm.instances,
    bytes: Array.from(window.__wasm.memories).reduce((s, m) => s + m.buffer.byteLength, 0),
  }));
  return { heapBytes: heap.usedSize, wasmInstances: wasm.instances, wasmBytes: wasm.bytes };
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
