// The .wasm waits for the page's own loading (CONTRACT §4.0): it is fetched once the page
// has loaded and its largest paint (here a product photo, held back by the test) is done,
// so it never shares the network with that photo; sooner when the buyer points at or
// focuses a button; and within a few seconds of the script's start whatever the page is
// still loading.
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { test } from 'node:test';
import { T, button, useHarness, waitEvent } from './harness.mjs';

const h = useHarness();

// A 400 × 400 PNG of one colour: the page's largest paint.
function png() {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const size = 400;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, 0x6a)]);
  const pixels = zlib.deflateSync(Buffer.concat(Array(size).fill(row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

// A product page: the photo, then the button. The photo is answered when the returned
// function is called.
async function productPage(name) {
  const page = await h.newPage();
  let send;
  const gate = new Promise((resolve) => {
    send = resolve;
  });
  await page.route('**/photo.png', async (route) => {
    await gate;
    await route.fulfill({ status: 200, contentType: 'image/png', body: png() }).catch(() => {});
  });
  const url = h.writePage(name, {
    elements: [
      { id: 'photo', tag: 'img', raw: { src: '/photo.png', width: '400', height: '400', alt: 'The product' } },
      { id: 'checkout' },
    ],
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return { page, send };
}

// The page's clock: when the .wasm was requested (null: not yet), when the photo's answer
// ended, the page's load event, and its latest largest paint (time and element id).
const timeline = (page) => page.evaluate(() => new Promise((resolve) => {
  const entry = (suffix) => performance.getEntriesByType('resource').find((e) => e.name.endsWith(suffix));
  new PerformanceObserver((list, observer) => {
    const all = list.getEntries();
    const lcp = all[all.length - 1];
    observer.disconnect();
    const wasm = entry('mixpay-checkout.wasm');
    const photo = entry('photo.png');
    const nav = performance.getEntriesByType('navigation')[0];
    resolve({
      wasm: wasm ? wasm.startTime : null,
      photo: photo ? photo.responseEnd : null,
      load: nav.loadEventStart || null,
      lcp: lcp ? lcp.startTime : null,
      lcpElement: lcp && lcp.element ? lcp.element.id : null,
    });
  }).observe({ type: 'largest-contentful-paint', buffered: true });
}));

test('the .wasm is requested after the page has loaded and painted its photo', T, async () => {
  const { page, send } = await productPage('after-paint');
  await new Promise((resolve) => setTimeout(resolve, 800));
  const early = await timeline(page);
  assert.equal(early.wasm, null, 'no .wasm request while the photo is still loading');
  send();
  await waitEvent(page, 'mixpay:ready');
  const t = await timeline(page);
  assert.equal(t.lcpElement, 'photo', 'the photo is the largest paint');
  assert.ok(t.wasm > t.photo, `requested at ${t.wasm} ms, after the photo's answer (${t.photo} ms)`);
  assert.ok(t.wasm > t.load, `requested at ${t.wasm} ms, after the load event (${t.load} ms)`);
  assert.ok(t.wasm > t.lcp, `requested at ${t.wasm} ms, after the largest paint (${t.lcp} ms)`);
});

test('a buyer pointing at the button while the page loads starts the module at once', T, async () => {
  const { page, send } = await productPage('after-paint-point');
  try {
    const box = await (await button(page)).boundingBox();
    const pointed = await page.evaluate(() => performance.now());
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await waitEvent(page, 'mixpay:ready');
    const t = await timeline(page);
    assert.equal(t.photo, null, 'the photo is still loading');
    assert.ok(t.wasm >= pointed, `requested at ${t.wasm} ms, once pointed at (${pointed} ms)`);
  } finally {
    send();
  }
});

test('a page still loading gets its module within a few seconds of the script', T, async () => {
  const { page, send } = await productPage('after-paint-late');
  try {
    await waitEvent(page, 'mixpay:ready', { timeoutMs: 15_000 });
    const t = await timeline(page);
    assert.equal(t.photo, null, 'the photo is still loading');
    assert.equal(t.load, null, 'the page has not loaded');
    assert.ok(t.wasm !== null, 'the .wasm was requested');
  } finally {
    send();
  }
});
