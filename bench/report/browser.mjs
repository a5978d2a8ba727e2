// The browser's figures (bench/browser/bench.mjs's browser.json): time to ready and the
// first paint, the click, scale, long tasks with many buttons.
import { cell, fmt, med, ratio } from './format.mjs';
import { GOALS } from './goals.mjs';

export function readyRows(ctx) {
  const { dir, read, browser, load, gb, lh, row, check, notes } = ctx; // eslint-disable-line no-unused-vars
  // ---- 2. time to ready ----------------------------------------------------------------
  if (browser && browser.ready) {
    const w = browser.ready.widget;
    const l = browser.ready.link;
    const t = browser.ready.timeline || [];
    // The first paint: the script's start → the first button drawn (labelled, focusable,
    // its click queued before ready), vs the script's start → the page's first contentful
    // paint in the same loads (a button drawn before that is in the page's first paint).
    const usable = (list) => list.map((x) => x.usable);
    const firstPaint = (list) => list.map((x) => x.fcp - x.scriptStart);
    const usableRow = (label, list) => {
      const u = med(usable(list));
      row('2', label, 'ms', cell(usable(list)), cell(firstPaint(list)), ratio(u, med(firstPaint(list))),
        `goal ≤ ${GOALS.usableMs} ms: ${check(u <= GOALS.usableMs, `${label}: ${fmt(u, 0)} ms (goal ≤ ${GOALS.usableMs} ms)`)}`);
    };
    if (t.length && t.some((x) => Number.isFinite(x.usable))) {
      usableRow('usable button after the script starts (drawn, labelled, focusable, click queued), vs its first paint', t);
    }
    const readyRow = (label, list) => {
      const d = med(list) - med(l);
      row('2', label, 'ms', cell(list), cell(l), ratio(med(list), med(l)),
        `${d >= 0 ? '+' : '−'}${fmt(Math.abs(d), 0)} ms, goal ≤ +${GOALS.readyOverLinkMs}: ` +
        check(d <= GOALS.readyOverLinkMs, `${label}: +${fmt(d, 0)} ms (goal ≤ +${GOALS.readyOverLinkMs} ms)`));
    };
    readyRow("mixpay:ready vs the link's DOMContentLoaded (navigation start → button enabled)", w);
    for (const [name, v] of Object.entries(browser.ready.variants || {})) {
      if (!v.ms.length) continue;
      row('2', `same, widget of ${name} (--variants), vs <a>`, 'ms', cell(v.ms), cell(l), ratio(med(v.ms), med(l)),
        `+${fmt(med(v.ms) - med(l), 0)} ms; usable after the script starts ${cell(usable(v.timeline))} ms`);
    }
    const pre = browser.ready.preload || [];
    if (pre.length) {
      const fetches = Math.max(...(browser.ready.preloadWasmFetches || [NaN]));
      row('2', 'same, page with <link rel=preload> for the .wasm, vs <a>', 'ms', cell(pre), cell(l),
        ratio(med(pre), med(l)), `+${fmt(med(pre) - med(l), 0)} ms added; .wasm downloads ${fetches}`);
    }
    const w1 = browser.ready.widget1x || [];
    const l1 = browser.ready.link1x || [];
    if (w1.length && l1.length) {
      row('2', 'same, without CPU throttling (reference), vs <a>', 'ms', cell(w1), cell(l1),
        ratio(med(w1), med(l1)), `+${fmt(med(w1) - med(l1), 0)} ms added`);
    }
    if (t.length) {
      const m = (key) => fmt(med(t.map((x) => x[key])), 0);
      notes.push(`time to ready, widget page, medians in ms after navigation start: shim ${m('shimStart')}→${m('shimEnd')}, ` +
        `DOMContentLoaded ${m('domContentLoaded')}, ` +
        `wasm ${m('wasmStart')}→${m('wasmEnd')}, ready ${m('ready')}` +
        (t.some((x) => Number.isFinite(x.drawn)) ? `; script start ${m('scriptStart')}, first button drawn ${m('drawn')}` : ''));
    }
  }
}

export function clickRows(ctx) {
  const { dir, read, browser, load, gb, lh, row, check, notes } = ctx; // eslint-disable-line no-unused-vars
  // ---- 3. click to navigation ------------------------------------------------------------
  if (browser && browser.click) {
    const w = browser.click.widget;
    const f = browser.click.fetch;
    const col = (list, key) => list.map((s) => s[key]);
    const parts = [
      ['click → request started (page)', 'clickToRequest'],
      ['click → request at the sandbox (its clock)', 'clickToSandbox'],
      ['request started → response end (page)', 'requestToResponse'],
      ['response end → navigation start (page)', 'responseToNavigation'],
    ];
    for (const [label, key] of parts) {
      row('3', `${label}, vs hand-written fetch`, 'ms', cell(col(w, key)), cell(col(f, key)),
        ratio(med(col(w, key)), med(col(f, key))));
    }
    for (const f of browser.click.failures || []) notes.push(`click sample failed and was taken again: ${f}`);
    const total = 'clickToNavigation';
    const r = med(col(w, total)) / med(col(f, total));
    row('3', 'click → navigation start, vs hand-written fetch', 'ms', cell(col(w, total)),
      cell(col(f, total)), ratio(med(col(w, total)), med(col(f, total))),
      `goal ≤ ${fmt(GOALS.clickRatio, 2)}: ${check(r <= GOALS.clickRatio, `click → navigation ratio ${fmt(r, 2)} (goal ≤ ${fmt(GOALS.clickRatio, 2)})`)}`);
    // Other builds of the widget measured alongside (bench.mjs --variants).
    for (const kind of Object.keys(browser.click).filter((k) => !['widget', 'fetch', 'still', 'warm', 'failures'].includes(k))) {
      const v = browser.click[kind];
      row('3', `same, widget of ${kind} (--variants), vs hand-written fetch`, 'ms', cell(col(v, total)), cell(col(f, total)),
        ratio(med(col(v, total)), med(col(f, total))),
        `click → request ${fmt(med(col(v, 'clickToRequest')))} ms, response end → navigation ${fmt(med(col(v, 'responseToNavigation')))} ms`);
    }
    const still = browser.click.still || [];
    if (still.length) {
      row('3', 'same, widget with prefers-reduced-motion (no busy spinner)', 'ms',
        cell(col(still, 'clickToNavigation')), cell(col(f, 'clickToNavigation')), ratio(med(col(still, 'clickToNavigation')), med(col(f, 'clickToNavigation'))),
        `response end → navigation ${fmt(med(col(still, 'responseToNavigation')))} ms`);
    }
  }
}

export function scaleRows(ctx) {
  const { dir, read, browser, load, gb, lh, row, check, notes } = ctx; // eslint-disable-line no-unused-vars
  // ---- 4. scale ----------------------------------------------------------------------------
  if (browser && browser.scale) {
    const ns = Object.keys(browser.scale).map(Number).sort((a, b) => a - b);
    const col = (n, kind, key) => browser.scale[n][kind].map((s) => s[key]);
    let instancesOk = true;
    let fetchesOk = true;
    for (const n of ns) {
      row('4', `${n} buttons: all ready, vs ${n} <a> (DOMContentLoaded)`, 'ms',
        cell(col(n, 'widget', 'ms')), cell(col(n, 'link', 'ms')),
        ratio(med(col(n, 'widget', 'ms')), med(col(n, 'link', 'ms'))));
      const kb = (list) => list.map((b) => b / 1024);
      row('4', `${n} buttons: JS heap after GC, vs ${n} <a>`, 'KiB',
        cell(kb(col(n, 'widget', 'heapBytes')), 0), cell(kb(col(n, 'link', 'heapBytes')), 0),
        ratio(med(col(n, 'widget', 'heapBytes')), med(col(n, 'link', 'heapBytes'))),
        `wasm memory ${cell(kb(col(n, 'widget', 'wasmBytes')), 0)} KiB`);
      instancesOk &&= col(n, 'widget', 'wasmInstances').every((x) => x === 1);
      fetchesOk &&= col(n, 'widget', 'wasmFetches').every((x) => x === 1);
    }
    // Cost of each button beyond the first, from the medians.
    const first = ns[0];
    // (Only counts far enough from the first for the difference to stand out of the noise.)
    for (const n of ns.filter((x) => x - first >= 99)) {
      const dt = (med(col(n, 'widget', 'ms')) - med(col(first, 'widget', 'ms'))) / (n - first);
      const dl = (med(col(n, 'link', 'ms')) - med(col(first, 'link', 'ms'))) / (n - first);
      const dh = (med(col(n, 'widget', 'heapBytes')) - med(col(first, 'widget', 'heapBytes'))) / (n - first);
      const dhl = (med(col(n, 'link', 'heapBytes')) - med(col(first, 'link', 'heapBytes'))) / (n - first);
      row('4', `per extra button, ${first}→${n}: time, vs per extra <a>`, 'ms', fmt(dt, 3), fmt(dl, 3),
        ratio(dt, dl), `heap ${fmt(dh / 1024, 2)} KiB vs ${fmt(dhl / 1024, 2)} KiB per <a>`);
    }
    // Linear or better: ten times the buttons take at most ten times the time (25% allowed
    // for noise), and each extra button costs no more heap at the larger counts.
    const big = ns[ns.length - 1];
    const mid = ns[ns.length - 2];
    const small = ns[ns.length - 3];
    if (small !== undefined) {
      const t = (n) => med(col(n, 'widget', 'ms'));
      const h = (n) => med(col(n, 'widget', 'heapBytes'));
      const growth = t(big) / t(mid);
      const linear = big / mid;
      const okTime = growth <= linear * 1.25;
      row('4', `linear or better: time at ${big} / time at ${mid} buttons`, '×', fmt(growth, 2),
        `${fmt(linear, 0)} if linear`, ratio(growth, linear),
        `≤ ${fmt(linear, 0)}: ${check(okTime, `time grows ${fmt(growth, 2)}× from ${mid} to ${big} buttons (linear: ${fmt(linear, 0)}×)`)}`);
      const heapBig = (h(big) - h(mid)) / (big - mid);
      const heapMid = (h(mid) - h(small)) / (mid - small);
      const okHeap = heapBig <= heapMid * 1.25 + 64;
      row('4', `linear or better: heap per extra button ${mid}→${big} vs ${small}→${mid}`, 'B',
        fmt(heapBig, 0), fmt(heapMid, 0), ratio(heapBig, heapMid),
        `≤ 1.25: ${check(okHeap, `heap per extra button ${fmt(heapBig, 0)} B at ${mid}→${big} vs ${fmt(heapMid, 0)} B at ${small}→${mid}`)}`);
    }
    row('4', 'module instances / .wasm downloads per page, every count', '', '1 / 1 expected', '', '',
      check(instancesOk && fetchesOk, `one module instance (${instancesOk}) and one .wasm download (${fetchesOk}) on every page`));
  }
}

export function longTaskRows(ctx) {
  const { dir, read, browser, load, gb, lh, row, check, notes } = ctx; // eslint-disable-line no-unused-vars
  // ---- 4. long tasks with many buttons --------------------------------------------------------
  if (browser && browser.long) {
    for (const n of Object.keys(browser.long).map(Number).sort((a, b) => a - b)) {
      const { widget, link } = browser.long[n];
      // Per load: every long task, and those the widget's script ran in.
      const all = (list) => list.map((s) => s.tasks.length);
      const ours = (list) => list.map((s) => s.tasks.filter((t) => t.widgetMs > 0));
      const longest = (list) => list.map((tasks) => Math.max(0, ...tasks.map((t) => t.ms)));
      const w = ours(widget);
      row('4', `${n} buttons: long tasks (≥ 50 ms) with the widget's script in them, vs all of ${n} <a>'s`, '',
        cell(w.map((t) => t.length), 0), cell(all(link), 0), '',
        `all of the page's: ${cell(all(widget), 0)}`);
      const worst = longest(w);
      const max = Math.max(...worst);
      row('4', `${n} buttons: longest of those, vs the longest of ${n} <a>'s`, 'ms', cell(worst),
        cell(longest(link.map((s) => s.tasks))), '',
        `goal none ≥ ${GOALS.longTaskMs} ms: ${check(!(max >= GOALS.longTaskMs), `${n} buttons: ${w.flat().length} long tasks of the widget in ${w.length} loads, the longest ${fmt(max, 0)} ms (goal none)`)}`);
      // The trace's view: the CPU time of the widget's own work in each load's largest share.
      const share = widget.map((s) => Math.max(0, ...(s.trace || []).map((t) => t.widgetCpuMs)));
      if (widget.some((s) => s.trace)) {
        notes.push(`${n} buttons, traced: the widget's largest share of one main-thread task, CPU ms ${cell(share)} ` +
          `(its tasks over 20 ms CPU: ${cell(widget.map((s) => (s.trace || []).filter((t) => t.widgetCpuMs >= 20).length), 0)} a load)`);
      }
      const by = new Map();
      for (const t of w.flat()) for (const b of t.by) by.set(b.replace(/ \d+ ms$/, ''), (by.get(b.replace(/ \d+ ms$/, '')) || 0) + 1);
      if (by.size) notes.push(`${n} buttons: the widget's scripts in its long tasks (how often): ${[...by].map(([k, c]) => `${k} ×${c}`).join('; ')}`);
    }
  }
}
