// Discovery and lifecycle: every [data-mixpay-checkout] element, in the page at load or
// added later, gets its button, and the first [data-mixpay-result] element loads the
// script that draws them (result-script.js); and window.MixPayCheckout. Where there is no
// DOM (Node, server-side rendering) nothing starts and nothing throws.
import { create, loadCore, ready, startCore, validate } from './api.js';
import { afterLargestPaint } from './after-paint.js';
import { assetsBase } from './assets.js';
import { abandon, busyStates, mountButton, refresh, release, states } from './checkout-button.js';
import { pin, pins, watched } from './config.js';
import { DOM, URLClass, own } from './guards.js';
import { loadResults } from './result-script.js';
import { later, now } from './tasks.js';
import { paint } from './view.js';

const VERSION = '0.1.0';
const ATTRIBUTE = 'data-mixpay-checkout';
const RESULTS = '[data-mixpay-result]';
// The latest the .wasm is fetched after the script starts, whatever the page is still
// loading (after-paint.js).
const START_MS = 2500;
// The .wasm's hash, filled in by the build (tools/bundle/build.mjs).
/* global MIXPAY_WASM_INTEGRITY */

// `factory`: the Emscripten glue's createMixPayCore; `ownUrl`: the script's or the
// module's own address, beside which the other files are; `nonce`: the script tag's CSP
// nonce, if any (the result elements' script gets it).
export function start(factory, ownUrl, nonce) {
  if (!DOM) return undefined;
  // A second copy of the script on the page leaves the first one in charge.
  if (window.MixPayCheckout) return window.MixPayCheckout;

  // Where the files are: fixed when the first one is asked for, right after the script or
  // module has run (so the code that imported it may configure() first).
  let base = null;
  let configured = null;
  const assets = () => base || (base = configured || assetsBase(undefined, ownUrl, document.baseURI));

  // Page-wide settings, before the first button is drawn. An option this version does not
  // know is refused, not ignored.
  function configure(options) {
    if (base || Object.keys(options).some((key) => !/^(assetsUrl|payeeIds|apiBase|payBase)$/.test(key))) {
      throw new Error('mixpay-checkout: configure() takes assetsUrl, payeeIds, apiBase and payBase, before the first button is drawn');
    }
    configured = assetsBase(own(options, 'assetsUrl'), ownUrl, document.baseURI);
    pin((key) => own(options, key)); // page-wide pins (config.js)
  }

  function mount(element) {
    if (!(element instanceof Element)) {
      throw new TypeError('mixpay-checkout: mount() needs an element');
    }
    mountButton(element, assets());
    // The page's dark mode switch, an attribute of <html> or <body>, repaints the buttons
    // (the observer's callback below); <body> is there by the time a button is.
    observer.observe(document.documentElement, { attributes: true });
    if (document.body) observer.observe(document.body, { attributes: true });
  }

  // The element and those inside it, if it is an element.
  const within = (node, selector) => (node.nodeType !== 1 ? [] :
    (node.matches(selector) ? [node] : []).concat(Array.from(node.querySelectorAll(selector))));

  // Buttons are drawn a few per task (tasks.js), each as soon as its turn comes, if its
  // element is still in the page by then; the first one in the script's own task. The
  // first result element loads the script that draws it and every other one, with the
  // page's pinned API.
  let results = false;
  function scan(node) {
    for (const element of within(node, '[' + ATTRIBUTE + ']')) {
      later(() => element.isConnected && element.hasAttribute(ATTRIBUTE) && mount(element));
    }
    if (!results && within(node, RESULTS).length) {
      results = true;
      loadResults(assets(), pins.apiBase, nonce);
    }
  }

  // An element taken out of the page (not moved within it) gives up its attempt.
  const left = (node) => within(node, '[' + ATTRIBUTE + ']').forEach((element) => {
    if (!element.isConnected && states.has(element)) abandon(states.get(element));
  });

  // Every button's palette drawn again (view.js).
  const repaint = () => within(document.documentElement, '[' + ATTRIBUTE + ']').forEach((element) =>
    states.has(element) && paint(states.get(element)));

  const observer = new MutationObserver((records) => {
    const changed = new Set();
    for (const record of records) {
      if (record.type === 'childList') {
        record.addedNodes.forEach(scan);
        record.removedNodes.forEach(left);
      } else if (record.attributeName === ATTRIBUTE) {
        if (record.target.hasAttribute(ATTRIBUTE)) mount(record.target);
      } else if (states.has(record.target)) {
        changed.add(states.get(record.target));
      } else {
        repaint(); // an attribute of <html> or <body> (observed in mount())
      }
    }
    changed.forEach((state) => later(() => refresh(state)));
  });

  // Back from the payment page through the back/forward cache: whatever attempt was
  // running is over for this page (its payment, if any, is resumed by the next click).
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    for (const state of Array.from(busyStates)) {
      state.attempt++;
      release(state);
    }
  });

  // After the code that imported the module has run: the page is scanned, and the .wasm
  // fetched once the page's own largest paint is done (or sooner, api.js startCore()).
  Promise.resolve().then(() => {
    loadCore(factory, new URLClass('mixpay-checkout.wasm', assets()).href, MIXPAY_WASM_INTEGRITY);
    afterLargestPaint(startCore, START_MS);
    // The parameters' attributes are the core's: followed once the module names them (a
    // button reads them afresh when it becomes ready).
    const observe = () => observer.observe(document, {
      childList: true, subtree: true, attributes: true, attributeFilter: [ATTRIBUTE, 'data-locale'].concat(watched()),
    });
    observe();
    ready.then(observe, () => {});
    scan(document.documentElement);
    // The auto theme follows the page when its scheme changes: the system's, an attribute of
    // <html> or <body> (observed from the first button on, see mount()), or the end of a
    // transition in the page (its colours, read before the end, are the old ones; a read at
    // the end of another transition finds the style up to date, so it costs little).
    addEventListener('transitionend', repaint);
    matchMedia('(prefers-color-scheme:dark)').addEventListener('change', repaint);
    now();
  });
  ready.catch((error) => console.error(error.message, error.cause || ''));

  // The element's data-mixpay-state as the widget set it; null for an element without a button.
  function state(element) {
    const button = states.get(element);
    return button ? button.phase : null;
  }

  const api = Object.freeze({ ready, validate, create, mount, configure, state, version: VERSION });
  Object.defineProperty(window, 'MixPayCheckout', { value: api, enumerable: true });
  return api;
}
