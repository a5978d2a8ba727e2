// The bench's pages, written into the folder the sandbox serves: the widget and a plain
// link (time to ready), the widget and a hand-written fetch button (the click), 1..N
// buttons or links (scale). Attribute values are escaped; nothing else is interpolated.
import fs from 'node:fs';
import path from 'node:path';

export const PARAMS = {
  payeeId: 'a0d7791408776b47eb1dd3f94ed15d6a',
  quoteAmount: '10.50',
  quoteAssetId: 'usd',
  settlementAssetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
};

// In every page, first thing: counts mixpay:ready / mixpay:invalid and notes the time the
// expected number of buttons is ready; logs the time of every click (epoch ms).
const RECORDER = `<script>
(() => {
  const expected = Number(document.documentElement.dataset.expect || 0);
  const b = (window.__bench = { ready: 0, invalid: 0, readyAt: NaN, drawnAt: NaN });
  // The first button drawn: the widget sets data-mixpay-state on its element right after
  // drawing it (labelled, focusable, its click listened to), in the same task.
  const set = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (name === 'data-mixpay-state' && !(b.drawnAt >= 0)) b.drawnAt = performance.now();
    return set.call(this, name, value);
  };
  let done;
  b.done = new Promise((resolve) => { done = resolve; });
  document.addEventListener('mixpay:ready', () => {
    b.ready += 1;
    if (b.ready === expected) { b.readyAt = performance.now(); done(); }
  });
  document.addEventListener('mixpay:invalid', () => { b.invalid += 1; done(); });
  addEventListener('click', (e) => {
    console.log('bench:click ' + JSON.stringify({ at: e.timeStamp, epoch: performance.timeOrigin + e.timeStamp }));
  }, true);
  // The page starts to leave (location.assign): the API request's resource timing with it.
  if (window.navigation) {
    navigation.addEventListener('navigate', () => {
      const at = performance.now();
      const api = performance.getEntriesByType('resource')
        .filter((e) => e.name.includes('/v1/one_time_payment')).pop();
      console.log('bench:navigate ' + JSON.stringify({
        at, requestStart: api ? api.startTime : null, responseEnd: api ? api.responseEnd : null,
      }));
    });
  }
})();
</script>`;

// Counts WebAssembly module instances and keeps their memories (both page kinds get it).
export const WASM_PROBE = `(() => {
  const W = WebAssembly;
  const probe = (window.__wasm = { instances: 0, memories: new Set() });
  const note = (instance) => {
    probe.instances += 1;
    for (const value of Object.values(instance.exports)) {
      if (value instanceof W.Memory) probe.memories.add(value);
    }
  };
  const streaming = W.instantiateStreaming;
  if (streaming) {
    W.instantiateStreaming = function (...a) {
      return streaming.apply(this, a).then((r) => { note(r.instance); return r; });
    };
  }
  const instantiate = W.instantiate;
  W.instantiate = function (...a) {
    return instantiate.apply(this, a).then((r) => { note(r.instance || r); return r; });
  };
  W.Instance = new Proxy(W.Instance, {
    construct(target, a, newTarget) {
      const instance = Reflect.construct(target, a, newTarget);
      note(instance);
      return instance;
    },
  });
  W.Memory = new Proxy(W.Memory, {
    construct(target, a, newTarget) {
      const memory = Reflect.construct(target, a, newTarget);
      probe.memories.add(memory);
      return memory;
    },
  });
})();`;

function esc(value) {
  return String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function page({ title, expect = 0, head = '', body }) {
  return `<!doctype html>
<html lang="en" data-expect="${expect}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
${RECORDER}
${head}
</head>
<body>
<h1>Espresso beans, 1 kg</h1>
<p>Single origin, roasted this week. 10.50 USD.</p>
${body}
</body>
</html>
`;
}

const WIDGET_HEAD = '<script src="/dist/mixpay-checkout.js" defer></script>';

// Long tasks (PerformanceObserver 'longtask') and, to say whose they are, the scripts of
// long animation frames ('long-animation-frame': each script's URL, its time and what
// invoked it), from the start of the page (the long-tasks pages only).
const LONG_TASKS = `<script>
(() => {
  const b = (window.__long = { tasks: [], scripts: [], frames: 0 });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.tasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
    new PerformanceObserver((list) => {
      for (const f of list.getEntries()) {
        b.frames += 1;
        for (const s of f.scripts) b.scripts.push([s.startTime, s.duration, s.sourceURL, s.invokerType, s.invoker]);
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  }
})();
</script>`;

function widgetDiv(api, i) {
  const attrs = {
    'data-payee-id': PARAMS.payeeId,
    'data-quote-amount': PARAMS.quoteAmount,
    'data-quote-asset-id': PARAMS.quoteAssetId,
    'data-settlement-asset-id': PARAMS.settlementAssetId,
    'data-order-id': `bench_${String(i).padStart(6, '0')}`,
    'data-api-base': `${api}/v1`,
    'data-pay-base': api,
  };
  const list = Object.entries(attrs).map(([k, v]) => `${k}="${esc(v)}"`).join(' ');
  return `<div data-mixpay-checkout ${list}></div>`;
}

function linkA(api, i) {
  const q = new URLSearchParams({ ...PARAMS, orderId: `bench_${String(i).padStart(6, '0')}` });
  return `<p><a href="${esc(`${api}/pay?${q}`)}">Pay with crypto</a></p>`;
}

// The baseline of the click: a hand-written button, ten lines of fetch + location.assign.
const HANDWRITTEN = `const pay = document.getElementById('pay');
pay.addEventListener('click', async () => {
  pay.disabled = true;
  const d = pay.dataset;
  const body = new URLSearchParams({ payeeId: d.payeeId, quoteAmount: d.quoteAmount,
    quoteAssetId: d.quoteAssetId, settlementAssetId: d.settlementAssetId, orderId: d.orderId,
    traceId: crypto.randomUUID() });
  const answer = await (await fetch(d.apiBase + '/one_time_payment', { method: 'POST', body })).json();
  if (answer.success && /^[0-9a-f-]{36}$/i.test(answer.data.code)) location.assign(d.payBase + '/code/' + answer.data.code);
  else pay.disabled = false;
});
`;

// `dist`: the folder whose integrity.json the preload hint quotes; `scale` and `long`:
// button counts; `variants`: { name: folder } of other distributables to compare the
// click, the time to ready and the long tasks with.
export function writePages(dir, api, { dist, scale, long = [], variants = {} }) {
  const files = {};
  files['ready-widget.html'] = page({ title: 'ready: widget', expect: 1, head: WIDGET_HEAD, body: widgetDiv(api, 1) });
  files['ready-link.html'] = page({ title: 'ready: link', body: linkA(api, 1) });
  // The same widget page with a hint that lets the browser fetch the .wasm while the
  // script is still loading (what a merchant can add to the page today). It carries the
  // published hash: the script fetches the .wasm with that integrity, and a preload only
  // serves a fetch with the same one.
  const { 'mixpay-checkout.wasm': wasmIntegrity } =
    JSON.parse(fs.readFileSync(path.join(dist, 'integrity.json'), 'utf8'));
  files['ready-preload.html'] = page({
    title: 'ready: widget with preload hints', expect: 1,
    head: `${WIDGET_HEAD}
<link rel="preload" href="/dist/mixpay-checkout.wasm" as="fetch" type="application/wasm" crossorigin integrity="${wasmIntegrity}">`,
    body: widgetDiv(api, 1),
  });
  for (const n of long) {
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    files[`long-widget-${n}.html`] = page({
      title: `long tasks: ${n} buttons`, expect: n, head: `${LONG_TASKS}\n${WIDGET_HEAD}`,
      body: ids.map((i) => widgetDiv(api, i)).join('\n'),
    });
    files[`long-link-${n}.html`] = page({
      title: `long tasks: ${n} links`, head: LONG_TASKS, body: ids.map((i) => linkA(api, i)).join('\n'),
    });
  }
  for (const n of scale) {
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    files[`scale-widget-${n}.html`] = page({
      title: `scale: ${n} buttons`, expect: n, head: WIDGET_HEAD,
      body: ids.map((i) => widgetDiv(api, i)).join('\n'),
    });
    files[`scale-link-${n}.html`] = page({
      title: `scale: ${n} links`, body: ids.map((i) => linkA(api, i)).join('\n'),
    });
  }
  // Click pages take their orderId from the query, so every run's request is its own.
  const clickBody = `${widgetDiv(api, 0)}
<script>document.querySelector('[data-mixpay-checkout]').dataset.orderId = new URLSearchParams(location.search).get('order');</script>`;
  files['click-widget.html'] = page({ title: 'click: widget', expect: 1, head: WIDGET_HEAD, body: clickBody });
  // The same page with the widget of other distributables (--variants, each served from
  // the pages' own folder), to compare a change with the build before it, back to back.
  for (const [name, folder] of Object.entries(variants)) {
    fs.cpSync(folder, path.join(dir, name), { recursive: true });
    const head = WIDGET_HEAD.replace('/dist/', `/${name}/`);
    files[`click-${name}.html`] = page({ title: `click: widget (${name})`, expect: 1, head, body: clickBody });
    files[`ready-${name}.html`] = page({ title: `ready: widget (${name})`, expect: 1, head, body: widgetDiv(api, 1) });
    for (const n of long) {
      files[`long-${name}-${n}.html`] = page({
        title: `long tasks: ${n} buttons (${name})`, expect: n, head: `${LONG_TASKS}\n${head}`,
        body: Array.from({ length: n }, (_, i) => widgetDiv(api, i + 1)).join('\n'),
      });
    }
  }
  const d = {
    'data-payee-id': PARAMS.payeeId, 'data-quote-amount': PARAMS.quoteAmount,
    'data-quote-asset-id': PARAMS.quoteAssetId, 'data-settlement-asset-id': PARAMS.settlementAssetId,
    'data-api-base': `${api}/v1`, 'data-pay-base': api,
  };
  files['click-fetch.html'] = page({
    title: 'click: hand-written fetch',
    body: `<button id="pay" type="button" ${Object.entries(d).map(([k, v]) => `${k}="${esc(v)}"`).join(' ')}>Pay with crypto</button>
<script>document.getElementById('pay').dataset.orderId = new URLSearchParams(location.search).get('order');</script>
<script src="handwritten.js"></script>`,
  });
  files['handwritten.js'] = HANDWRITTEN;
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
}
