// The return page's script, dist/mixpay-result.js: <script src=… defer>. Only the result
// element ([data-mixpay-result], in the page at load or added later): no button, no
// WebAssembly, no Emscripten glue. The translations are fetched from beside this script.
// mixpay-checkout.js does not draw result elements itself: it loads this script (its tag
// marked data-loaded-by, with the page's pinned API), which then draws them at once; a
// copy in the page's own tag on a page that also has mixpay-checkout.js does nothing.
import { assetsBase } from './assets.js';
import { getAttribute } from './guards.js';
import { mountResult } from './result-element.js';

const RESULT_ATTRIBUTE = 'data-mixpay-result';
const script = document.currentScript || document.querySelector('script[src*="mixpay-result.js"]');
const base = assetsBase(undefined, script && script.src, document.baseURI);
// The script tag's data-api-base holds for the whole page, as mixpay-checkout.js's does.
const pinned = script && getAttribute(script, 'data-api-base');
const loaded = script && getAttribute(script, 'data-loaded-by') === 'mixpay-checkout';

function scan(node) {
  if (node.nodeType !== 1) return;
  if (node.hasAttribute(RESULT_ATTRIBUTE)) mountResult(node, base, pinned);
  for (const element of node.querySelectorAll('[' + RESULT_ATTRIBUTE + ']')) mountResult(element, base, pinned);
}

// Once the page is parsed (DOMContentLoaded, after every deferred script), so that a
// mixpay-checkout.js anywhere in the page has run and, if it is there, is the one in
// charge (through the copy it loads). (A deferred script runs while readyState is already
// "interactive", so that alone does not tell; added after DOMContentLoaded, this script
// starts at the page's load.) The copy mixpay-checkout.js loads starts at once.
let started = false;
function start() {
  if (started) return;
  started = true;
  if (window.MixPayCheckout && !loaded) return;
  new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach(scan);
  }).observe(document, { childList: true, subtree: true });
  scan(document.documentElement);
}

if (loaded || document.readyState === 'complete') {
  start();
} else {
  document.addEventListener('DOMContentLoaded', start);
  window.addEventListener('load', start);
}
