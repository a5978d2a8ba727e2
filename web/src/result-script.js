// The button's script does not carry the result element: the first [data-mixpay-result]
// it finds makes it load mixpay-result.js, once per page, from the folder it takes the
// .wasm from, checked against the hash built in (Subresource Integrity). That script's own
// tag carries what this page pinned (data-api-base, read by it as a return page's own tag
// is) and the page's CSP nonce (the button's script tag's, where it has one). A script
// that cannot be used draws nothing, and the console says why.
import { URLClass } from './guards.js';
import { notLoadedReason } from './loader.js';

// The hash of dist/mixpay-result.js, filled in by the build (tools/bundle/build.mjs).
/* global MIXPAY_RESULT_INTEGRITY */
const WHAT = "result elements' script (mixpay-result.js)";

// `pinned`: the page's pinned API, or undefined; `nonce`: the page's, or undefined.
export function loadResults(base, pinned, nonce) {
  const url = new URLClass('mixpay-result.js', base).href;
  const script = document.createElement('script');
  let refused = false;
  script.src = url;
  script.integrity = MIXPAY_RESULT_INTEGRITY;
  script.crossOrigin = 'anonymous';
  if (nonce) script.nonce = nonce;
  if (pinned !== undefined) script.setAttribute('data-api-base', pinned);
  // Loaded by this script: mixpay-result.js draws at once, where its copy in the page's own
  // tag leaves a page with mixpay-checkout.js alone.
  script.setAttribute('data-loaded-by', 'mixpay-checkout');
  // The page's policy reports its refusal with the address (or, for another origin, maybe
  // only the origin).
  document.addEventListener('securitypolicyviolation', (event) => {
    if (event.blockedURI && url.indexOf(event.blockedURI) === 0) refused = true;
  });
  // Why: the policy's refusal, else a plain request for the file tells a missing one from
  // a changed one (its bytes are never used).
  script.onerror = () => fetch(url, { credentials: 'same-origin', cache: 'no-store' })
    .then((response) => response.status, () => 0)
    .then((status) => console.error('mixpay-checkout: the result elements are not drawn: ' + (refused
      ? "this page's Content-Security-Policy refuses the " + WHAT + ' (script-src needs ' +
        new URLClass(base).origin + ", or the button script tag's nonce)"
      : notLoadedReason(WHAT, status)), url));
  (document.head || document.documentElement).append(script);
}
