/*! mixpay-checkout 0.1.0 | MIT | a drop-in MixPay checkout button */
// Renders a checkout button into every [data-mixpay-checkout] element. The WebAssembly
// core validates the element's parameters, sends POST /v1/one_time_payment (with retries)
// and reads the answer; this script only renders, fires events and navigates.
(() => {
  'use strict';

  // A second copy of the script on the page leaves the first one in charge.
  if (window.MixPayCheckout) return;

  const VERSION = '0.1.0';
  const ATTRIBUTE = 'data-mixpay-checkout';
  const DEFAULT_LABEL = 'Pay with crypto';
  const BUSY_TEXT = 'Creating payment\u2026';

  // The API's parameters and the widget options the core reads, by dataset key.
  const KEYS = [
    'payeeId', 'quoteAmount', 'quoteAssetId', 'settlementAssetId', 'isTemp',
    'paymentAssetId', 'remark', 'expireSeconds', 'traceId', 'orderId', 'settlementMemo',
    'returnTo', 'failedReturnTo', 'callbackUrl', 'expiredTimestamp',
    'apiBase', 'payBase', 'timeout', 'retries',
  ];
  const kebab = (key) => 'data-' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
  const WATCHED = [ATTRIBUTE, kebab('label')].concat(KEYS.map(kebab));

  // Everything else is loaded relative to this script's own URL.
  const ownScript = document.currentScript ||
    document.querySelector('script[src*="mixpay-checkout.js"]');
  // (A bundled copy has no src of its own: then the files sit beside the page.)
  const baseUrl = new URL('.', (ownScript && ownScript.src) || document.baseURI).href;

  let core = null;
  const ready = new Promise((resolve, reject) => {
    const glue = document.createElement('script');
    glue.src = new URL('mixpay-core.js', baseUrl).href;
    glue.async = true;
    glue.onload = () => {
      const factory = window.createMixPayCore;
      if (typeof factory !== 'function') {
        reject(new Error('mixpay-checkout: ' + glue.src + ' did not define the module'));
        return;
      }
      factory({ locateFile: (path) => new URL(path, baseUrl).href }).then((module) => {
        core = module;
        resolve();
      }, reject);
    };
    glue.onerror = () => reject(new Error('mixpay-checkout: could not load ' + glue.src));
    (document.head || document.documentElement).appendChild(glue);
  });
  ready.catch((error) => console.error(error));

  // ---- parameters -----------------------------------------------------------------

  // The core takes strings only; values pass unchanged (numbers as their usual text).
  function normalize(params) {
    if (params === null || typeof params !== 'object') return params;
    const out = {};
    for (const key of KEYS) {
      const value = params[key];
      if (value !== undefined && value !== null) out[key] = String(value);
    }
    return out;
  }

  function snapshot(element) {
    const out = {};
    for (const key of KEYS) {
      const value = element.dataset[key];
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  const nowSeconds = () => Math.floor(Date.now() / 1000);
  // Bytes 0-15 become the traceId when none is given, 16-23 jitter the retries' backoff.
  const randomBytes = () => crypto.getRandomValues(new Uint8Array(24));

  function requireCore(name) {
    if (!core) {
      throw new Error('mixpay-checkout: ' + name + '() needs the module; await MixPayCheckout.ready');
    }
    return core;
  }

  function validate(params) {
    return requireCore('validate').prepare(normalize(params), nowSeconds(), randomBytes()).errors;
  }

  // One checkout attempt in the core: resolves with its single result.
  const checkout = (params, now, random) => new Promise((resolve) => {
    core.checkout(params, now, random, resolve);
  });

  function attemptError(result) {
    if (result.kind === 'invalid') {
      const error = new Error('mixpay-checkout: invalid ' +
        result.errors.map((e) => e.field).join(', '));
      error.kind = 'invalid';
      error.errors = result.errors;
      return error;
    }
    const error = new Error(result.message);
    error.kind = result.kind;
    error.status = result.status;
    error.code = result.code;
    return error;
  }

  function create(params) {
    return ready.then(() => checkout(normalize(params), nowSeconds(), randomBytes()))
      .then((result) => {
        if (!result.ok) throw attemptError(result);
        return { code: result.code, url: result.url, traceId: result.traceId };
      });
  }

  // ---- rendering ------------------------------------------------------------------

  const CSS = `
:host{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
--_bg:var(--mixpay-checkout-background,#3451d1);--_fg:var(--mixpay-checkout-color,#fff);
--_hover:var(--mixpay-checkout-hover-background,#2a41ab);--_ring:#1d2b6b;--_error:#b3261e}
:host([hidden]){display:none}
button{display:inline-flex;align-items:center;justify-content:center;gap:.6em;
box-sizing:border-box;min-width:13.5em;max-width:100%;min-height:48px;margin:0;padding:.75em 1.5em;
border:0;border-radius:var(--mixpay-checkout-radius,12px);background:var(--_bg);color:var(--_fg);
font:inherit;font-size:1rem;font-weight:600;line-height:1.25;letter-spacing:.01em;
cursor:pointer;box-shadow:0 1px 2px rgba(16,24,40,.18),0 2px 6px rgba(52,81,209,.22);
transition:background-color .15s ease,box-shadow .15s ease,transform .05s ease}
button:hover:not(:disabled){background:var(--_hover)}
button:active:not(:disabled){transform:translateY(1px)}
button:focus-visible{outline:3px solid var(--_ring);outline-offset:3px}
button:disabled{cursor:not-allowed;opacity:.55;box-shadow:none}
button[aria-busy="true"]{cursor:progress;opacity:.85}
.icon{flex:none;width:1.15em;height:1.15em;border-radius:50%;border:2px solid currentColor;
box-sizing:border-box;position:relative}
.icon::after{content:"";position:absolute;inset:22% 30%;border:2px solid currentColor;
border-width:0 2px 2px 0;transform:rotate(45deg) translate(-10%,-10%)}
button[aria-busy="true"] .icon{border-right-color:transparent;animation:spin .8s linear infinite}
button[aria-busy="true"] .icon::after{display:none}
@keyframes spin{to{transform:rotate(360deg)}}
.status{margin:.5em 0 0;max-width:22em;font-size:.875rem;line-height:1.4;color:var(--_error)}
.status:empty{display:none}
@media (prefers-color-scheme:dark){:host{--_bg:var(--mixpay-checkout-background,#8da2ff);
--_fg:var(--mixpay-checkout-color,#0b1030);--_hover:var(--mixpay-checkout-hover-background,#b0bfff);
--_ring:#dfe5ff;--_error:#ffb4ab}}
@media (prefers-reduced-motion:reduce){button{transition:none}
button[aria-busy="true"] .icon{animation:none;border-right-color:currentColor;opacity:.6}}
`;

  let sheet = null;
  function styleShadowRoot(root) {
    if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function') {
      try {
        if (!sheet) {
          sheet = new CSSStyleSheet();
          sheet.replaceSync(CSS);
        }
        root.adoptedStyleSheets = root.adoptedStyleSheets.concat(sheet);
        return;
      } catch (error) {
        sheet = null;
      }
    }
    // Browsers without constructable stylesheets (a strict CSP may block this one).
    const style = document.createElement('style');
    style.textContent = CSS;
    root.appendChild(style);
  }

  const states = new WeakMap();
  const busyStates = new Set();

  function render(element) {
    let root = element.shadowRoot;
    if (!root) {
      try {
        root = element.attachShadow({ mode: 'open' });
      } catch (error) {
        root = null; // e.g. a <p> or <a>: render into the element itself
      }
    }
    if (root) styleShadowRoot(root);
    const host = root || element;
    const button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('part', 'button');
    button.disabled = true;
    const icon = document.createElement('span');
    icon.className = 'icon';
    icon.setAttribute('aria-hidden', 'true');
    const text = document.createElement('span');
    text.className = 'label';
    button.append(icon, text);
    const status = document.createElement('p');
    status.className = 'status';
    status.setAttribute('part', 'status');
    status.setAttribute('role', 'alert');
    if (root) {
      // ids are scoped to the shadow root, so every button can use the same one.
      status.id = 'status';
      button.setAttribute('aria-describedby', 'status');
    }
    host.append(button, status);
    return { element, button, text, status, busy: false, unavailable: false };
  }

  const label = (state) => state.element.dataset.label || DEFAULT_LABEL;

  function show(state, { enabled, busy = false, message = '' }) {
    state.button.disabled = !enabled;
    if (busy) state.button.setAttribute('aria-busy', 'true');
    else state.button.removeAttribute('aria-busy');
    state.text.textContent = busy ? BUSY_TEXT : label(state);
    state.status.textContent = message;
  }

  function setBusy(state, busy) {
    state.busy = busy;
    if (busy) busyStates.add(state);
    else busyStates.delete(state);
    if (busy) show(state, { enabled: false, busy: true });
  }

  function fire(element, name, detail, cancelable) {
    return element.dispatchEvent(new CustomEvent(name, { bubbles: true, cancelable, detail }));
  }

  function showInvalid(state, errors) {
    const fields = errors.map((e) => e.field);
    show(state, {
      enabled: false,
      message: 'Checkout unavailable: ' + fields.join(', ') +
        (fields.length > 1 ? ' are invalid' : ' is invalid'),
    });
    for (const error of errors) {
      console.error('mixpay-checkout: ' + error.field + ': ' + error.message, state.element);
    }
    fire(state.element, 'mixpay:invalid', { errors }, false);
  }

  // Checks the element's configuration and shows ready or invalid (not during an attempt).
  function refresh(state) {
    if (!core || state.busy || state.unavailable) return;
    const errors = validate(snapshot(state.element));
    if (errors.length) {
      showInvalid(state, errors);
    } else {
      show(state, { enabled: true });
      fire(state.element, 'mixpay:ready', null, false);
    }
  }

  async function onClick(state) {
    if (!core || state.busy) return;
    const element = state.element;
    const params = snapshot(element);
    const now = nowSeconds();
    const random = randomBytes(); // one traceId per attempt, reused by its retries
    const prepared = core.prepare(params, now, random);
    if (prepared.errors.length) {
      showInvalid(state, prepared.errors);
      return;
    }
    setBusy(state, true);
    const orderId = prepared.orderId || null;
    if (!fire(element, 'mixpay:request', { traceId: prepared.traceId, orderId }, true)) {
      setBusy(state, false);
      show(state, { enabled: true });
      return;
    }
    const result = await checkout(params, now, random);
    if (result.ok) {
      const detail = { code: result.code, url: result.url, traceId: result.traceId, orderId };
      if (fire(element, 'mixpay:created', detail, true)) {
        // Only ever <payBase>/code/<uuid>, made by the core from a checked UUID.
        location.assign(result.url);
        return; // stays busy while the page leaves
      }
      setBusy(state, false);
      show(state, { enabled: true });
      return;
    }
    setBusy(state, false);
    if (result.kind === 'invalid') {
      showInvalid(state, result.errors);
      return;
    }
    const detail = {
      kind: result.kind, status: result.status, code: result.code, message: result.message,
    };
    if (fire(element, 'mixpay:error', detail, true) && result.failedReturnTo) {
      setBusy(state, true);
      location.assign(result.failedReturnTo); // the merchant's own URL, placeholders filled
      return;
    }
    show(state, { enabled: true, message: result.message });
  }

  function mount(element) {
    if (!(element instanceof Element)) {
      throw new TypeError('mixpay-checkout: mount() needs an element');
    }
    if (states.has(element)) return;
    const state = render(element);
    states.set(element, state);
    show(state, { enabled: false });
    state.button.addEventListener('click', () => {
      onClick(state).catch((error) => {
        console.error(error);
        setBusy(state, false);
        show(state, { enabled: true, message: 'Something went wrong. Please try again.' });
      });
    });
    ready.then(() => refresh(state), () => {
      state.unavailable = true;
      show(state, {
        enabled: false,
        message: 'Checkout unavailable: the payment module could not be loaded.',
      });
    });
  }

  // ---- discovery ------------------------------------------------------------------

  function scan(node) {
    if (node.nodeType !== 1) return;
    if (node.hasAttribute(ATTRIBUTE)) mount(node);
    for (const element of node.querySelectorAll('[' + ATTRIBUTE + ']')) mount(element);
  }

  const observer = new MutationObserver((records) => {
    const changed = new Set();
    for (const record of records) {
      if (record.type === 'childList') {
        record.addedNodes.forEach(scan);
      } else if (record.attributeName === ATTRIBUTE) {
        if (record.target.hasAttribute(ATTRIBUTE)) mount(record.target);
      } else if (states.has(record.target)) {
        changed.add(states.get(record.target));
      }
    }
    changed.forEach(refresh);
  });
  observer.observe(document, {
    childList: true, subtree: true, attributes: true, attributeFilter: WATCHED,
  });
  scan(document.documentElement);

  // Back from the payment page through the back/forward cache: no attempt is running.
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    for (const state of Array.from(busyStates)) {
      setBusy(state, false);
      show(state, { enabled: true });
    }
  });

  window.MixPayCheckout = Object.freeze({ ready, validate, create, mount, version: VERSION });
})();
