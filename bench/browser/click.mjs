// Click to navigation: click -> request started / at the sandbox, request -> response
// end, response end -> navigation start (the navigate event), on the page's own clock, vs
// a hand-written fetch + location.assign on the same sandbox.
import { loadAndTime, openPage, sandboxRequests, sleep, waitFor, withTimeout } from './common.mjs';
import { PARAMS } from './pages.mjs';

// kind: 'widget', 'fetch' (the hand-written baseline), a name of --variants (the widget of
// another dist/),
// 'still' (the widget on a context
// that prefers reduced motion: no spinner animation while the request runs) or 'warm' (the
// widget after one MixPayCheckout.create() on the page, so the click runs code that has
// run before).
export async function clickOnce(browser, origin, kind, orderId, o) {
  const p = await openPage(browser, o.throttle, kind === 'still' ? { reducedMotion: 'reduce' } : {});
  try {
    const ev = { post: null, response: null, done: null, nav: null, click: null, navigate: null };
    p.cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.method === 'POST' && e.request.url.includes('/v1/one_time_payment')) ev.post = e;
      if (e.type === 'Document' && e.request.url.includes('/code/')) ev.nav = e;
    });
    p.cdp.on('Network.responseReceived', (e) => {
      if (ev.post && e.requestId === ev.post.requestId) ev.response = e;
    });
    p.cdp.on('Network.loadingFinished', (e) => {
      if (ev.post && e.requestId === ev.post.requestId) ev.done = e;
    });
    const messages = [];
    p.page.on('console', (m) => {
      const t = m.text();
      if (t.startsWith('bench:click ')) ev.click = JSON.parse(t.slice(12));
      else if (t.startsWith('bench:navigate ')) ev.navigate = JSON.parse(t.slice(15));
      else messages.push(`${m.type()}: ${t}`.slice(0, 300));
    });
    p.page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`.slice(0, 300)));
    const page = kind === 'fetch' || o.variants[kind] ? kind : 'widget';
    await loadAndTime(p, `${origin}/click-${page}.html?order=${orderId}`, page === 'fetch' ? 0 : 1);
    if (kind === 'warm') {
      await p.page.evaluate((params) => window.MixPayCheckout.create(params), {
        ...PARAMS, orderId: `${orderId}_warm`, apiBase: `${origin.replace('127.0.0.1', 'localhost')}/v1`,
        payBase: origin.replace('127.0.0.1', 'localhost'),
      });
    }
    await sleep(300); // let the page settle before the click
    // The pointer rests on the button first, as a buyer's does before pressing (--hover-ms).
    if (o.hoverMs) {
      await p.page.locator('button').hover({ timeout: 10_000 });
      await sleep(o.hoverMs);
    }
    await p.page.locator('button').click({ timeout: 10_000, noWaitAfter: true });
    try {
      await waitFor(() => ev.nav && ev.click && ev.navigate, 15_000, `${kind}: navigation`);
    } catch (error) {
      const seen = (await sandboxRequests(origin).catch(() => []))
        .filter((r) => r.params && r.params.orderId === orderId).length;
      error.message += ` (click seen ${!!ev.click}, navigate event ${!!ev.navigate}, request sent ${!!ev.post}, ` +
        `response ${ev.response ? ev.response.response.status : 'none'}, finished ${!!ev.done}, ` +
        `navigation ${!!ev.nav}, requests at the sandbox ${seen}, page: ${messages.join(' | ') || 'no messages'})`;
      throw error;
    }
    const recorded = (await sandboxRequests(origin))
      .filter((r) => r.method === 'POST' && r.params && r.params.orderId === orderId);
    if (recorded.length !== 1) throw new Error(`${kind}: ${recorded.length} requests for ${orderId}`);
    if (!/\/code\/[0-9a-f-]{36}$/.test(ev.nav.request.url)) throw new Error(`${kind}: went to ${ev.nav.request.url}`);
    const n = ev.navigate;
    if (!Number.isFinite(n.requestStart) || !Number.isFinite(n.responseEnd)) {
      throw new Error(`${kind}: no resource timing of the API request when the page left`);
    }
    return {
      // The page's clock (performance.timeOrigin) against the sandbox's (system clock, ms).
      clickToSandbox: recorded[0].timeMs - ev.click.epoch,
      // The page's own clock from here on: click event, the request's resource timing, and
      // the navigate event that location.assign fires.
      clickToRequest: n.requestStart - ev.click.at,
      requestToResponse: n.responseEnd - n.requestStart,
      responseToNavigation: n.at - n.responseEnd,
      clickToNavigation: n.at - ev.click.at,
      // The browser's view (DevTools protocol), when its events came before the page left.
      browserResponseToNavigation: ev.done ? (ev.nav.timestamp - ev.done.timestamp) * 1000 : null,
    };
  } finally {
    await p.context.close();
  }
}

// o: { throttle, clickRuns, clickKinds, hoverMs, variants }
export async function benchClick(browser, origin, o) {
  // A sample that fails is tried again (at most 3 failures in all) and reported.
  const out = { failures: [] };
  for (const kind of o.clickKinds) out[kind] = [];
  let n = 0;
  for (let run = -1; run < o.clickRuns; run += 1) {
    // Each run rotates the order of the kinds, so none always goes first.
    const shift = (run + 1) % o.clickKinds.length;
    for (const kind of o.clickKinds.slice(shift).concat(o.clickKinds.slice(0, shift))) {
      for (;;) {
        n += 1;
        try {
          const sample = await clickOnce(browser, origin, kind, `bench_click_${process.pid}_${n}`, o);
          if (run >= 0) out[kind].push(sample);
          break;
        } catch (error) {
          out.failures.push(`${kind}: ${error.message}`);
          console.error(`bench: click sample failed, trying again: ${kind}: ${error.message}`);
          if (out.failures.length >= 3) throw error;
        }
      }
    }
    await withTimeout(fetch(`${origin}/__sandbox/reset`, { method: 'POST' }), 5000, 'reset');
  }
  return out;
}
