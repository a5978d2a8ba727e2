// Time to ready: navigation start -> enabled button (mixpay:ready), vs the same page with
// a plain <a> link (DOMContentLoaded); the same with a preload hint for the .wasm, and
// both without throttling; the widget of other dist/ folders (--variants) beside it. For
// every widget load, the first paint's figure too: the script's start (the later of its
// arrival and the end of the page's parsing, when a deferred script runs) to the first
// button drawn, labelled, focusable and listening for its click. And the check that the
// CPU throttle holds on the page.
import { enabledButtons, loadAndTime, openPage, wasmFetches } from './common.mjs';

// Where the widget's time to ready goes: its two downloads and the ready event, in ms
// after navigation start.
async function readyTimeline(p) {
  return p.page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const entry = (name) => performance.getEntriesByType('resource').find((e) => e.name.includes(name));
    const out = { domContentLoaded: nav.domContentLoadedEventEnd, ready: window.__bench.readyAt,
      domInteractive: nav.domInteractive, drawn: window.__bench.drawnAt,
      fcp: (performance.getEntriesByName('first-contentful-paint')[0] || { startTime: NaN }).startTime };
    for (const [key, name] of [['shim', 'mixpay-checkout.js'], ['wasm', 'mixpay-checkout.wasm']]) {
      const e = entry(name);
      out[`${key}Start`] = e ? e.startTime : NaN;
      out[`${key}End`] = e ? e.responseEnd : NaN;
    }
    out.scriptStart = Math.max(out.domInteractive, out.shimEnd);
    out.usable = out.drawn - out.scriptStart;
    return out;
  });
}

// o: { runs, throttle }
export async function benchReady(browser, origin, o) {
  // widget1x / link1x: the same pages without CPU throttling, for reference.
  // variants: { name: { ms: [], timeline: [] } }, the widget of other dist/ folders.
  const out = { widget: [], link: [], preload: [], widget1x: [], link1x: [], timeline: [], preloadWasmFetches: [], variants: {} };
  const names = Object.keys(o.variants || {});
  for (const name of names) out.variants[name] = { ms: [], timeline: [] };
  const orders = [
    ['link', 'widget', ...names, 'preload', 'link1x', 'widget1x'],
    ['widget', ...names, 'preload', 'link', 'widget1x', 'link1x'],
    [...names, 'preload', 'link', 'widget', 'link1x', 'widget1x'],
  ];
  for (let run = -1; run < o.runs; run += 1) { // run -1 warms up and is not kept
    for (const kind of orders[(run + 3) % 3]) {
      if (out.variants[kind]) {
        const p = await openPage(browser, o.throttle);
        try {
          const ms = await loadAndTime(p, `${origin}/ready-${kind}.html`, 1);
          if (run >= 0) {
            out.variants[kind].ms.push(ms);
            out.variants[kind].timeline.push(await readyTimeline(p));
          }
        } finally {
          await p.context.close();
        }
        continue;
      }
      const unthrottled = kind.endsWith('1x');
      const file = kind.replace('1x', '');
      const p = await openPage(browser, unthrottled ? 1 : o.throttle);
      try {
        const ms = await loadAndTime(p, `${origin}/ready-${file}.html`, file === 'link' ? 0 : 1);
        if (file !== 'link' && (await enabledButtons(p)) !== 1) throw new Error('button not enabled');
        if (run >= 0) out[kind].push(ms);
        if (run >= 0 && kind === 'widget') out.timeline.push(await readyTimeline(p));
        if (run >= 0 && kind === 'preload') {
          out.preloadWasmFetches.push(wasmFetches(p));
        }
      } finally {
        await p.context.close();
      }
    }
  }
  return out;
}

// A busy loop timed in the page with and without throttling: proves the throttle holds on
// the page's own renderer after the navigation.
export async function throttleCheck(browser, origin, o) {
  const p = await openPage(browser, o.throttle);
  try {
    await p.page.goto(`${origin}/ready-link.html`, { waitUntil: 'load', timeout: 30_000 });
    const loop = () => p.page.evaluate(() => {
      const t = performance.now();
      let x = 0;
      for (let i = 0; i < 2e7; i += 1) x = (x + i * 7) % 1000003;
      return [performance.now() - t, x];
    });
    await loop(); // warm-up: the JIT optimizes the loop before it is timed
    const throttled = (await loop())[0];
    await p.cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const plain = (await loop())[0];
    return { throttledMs: throttled, plainMs: plain, factor: throttled / plain };
  } finally {
    await p.context.close();
  }
}
