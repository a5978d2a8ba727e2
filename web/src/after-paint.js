// The moment the page's own loading is done: once it has loaded and two frames have passed
// without a new largest paint (the product photo painted, say), or after `ms` at the
// latest. The .wasm is fetched then (index.js): its bytes would otherwise share the
// network with that photo, and Lighthouse counts the requests begun before the page's
// largest paint as delaying it.
import { defer } from './guards.js';

export function afterLargestPaint(go, ms) {
  let frames = 0;
  let done = false;
  let observer = null;
  const finish = () => {
    if (done) return;
    done = true;
    if (observer) observer.disconnect();
    go();
  };
  try {
    if (PerformanceObserver.supportedEntryTypes.indexOf('largest-contentful-paint') >= 0) {
      observer = new PerformanceObserver(() => {
        frames = 0;
      });
      observer.observe({ type: 'largest-contentful-paint' });
    }
  } catch (error) {
    observer = null; // (the frames alone, then)
  }
  const frame = () => {
    if (++frames >= 2) finish();
    else requestAnimationFrame(frame);
  };
  const load = () => requestAnimationFrame(frame);
  if (document.readyState === 'complete') load();
  else addEventListener('load', load, { once: true });
  defer(finish, ms);
}
