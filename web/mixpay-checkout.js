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
  const RESULT_ATTRIBUTE = 'data-mixpay-result';

  // Subresource Integrity of the files this script loads, filled in when dist/ is
  // assembled: a changed .wasm or translation is refused by the browser instead of used.
  const WASM_INTEGRITY = 'sha384-MIXPAY_WASM_SHA384';
  // The translations beside it, as "lang=hash;lang=hash".
  const LOCALE_INTEGRITY = 'MIXPAY_LOCALE_SHA384S';

  // The page's own scripts may later replace globals or pollute Object.prototype. What
  // decides where the buyer goes is read through these, taken before any of that.
  const ObjectCreate = Object.create;
  const ownDescriptor = Object.getOwnPropertyDescriptor;
  const hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty);
  const getAttribute = Function.prototype.call.bind(Element.prototype.getAttribute);
  const assignLocation = location.assign.bind(location);
  const URLClass = URL;
  const defer = setTimeout;

  // An own data property of an object, never one found on (or computed by) a prototype.
  function own(object, key) {
    if (object === null || (typeof object !== 'object' && typeof object !== 'function')) {
      return undefined;
    }
    const descriptor = ownDescriptor(object, key);
    return descriptor && hasOwn(descriptor, 'value') ? descriptor.value : undefined;
  }

  // The API's parameters and the widget options the core reads, by dataset key.
  const KEYS = [
    'payeeId', 'quoteAmount', 'quoteAssetId', 'settlementAssetId', 'isTemp',
    'paymentAssetId', 'remark', 'expireSeconds', 'traceId', 'orderId', 'settlementMemo',
    'returnTo', 'failedReturnTo', 'callbackUrl', 'expiredTimestamp',
    'apiBase', 'payBase', 'timeout', 'retries', 'codeEndpoint',
  ];
  // Server-created payments: the attribute naming the element's other data-* attributes
  // that go to the merchant's endpoint with the order reference.
  const CODE_PARAMS = 'codeParams';
  const kebab = (key) => 'data-' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
  const ATTRIBUTES = KEYS.map(kebab);
  const LABEL_ATTRIBUTE = kebab('label');
  const WATCHED = [ATTRIBUTE, LABEL_ATTRIBUTE, kebab(CODE_PARAMS)].concat(ATTRIBUTES);

  // Everything else is loaded relative to this script's own URL.
  const ownScript = document.currentScript ||
    document.querySelector('script[src*="mixpay-checkout.js"]');
  // (A bundled copy has no src of its own: then the files sit beside the page.)
  const baseUrl = new URL('.', (ownScript && ownScript.src) || document.baseURI).href;

  // ---- the module ----------------------------------------------------------------

  // A module that cannot start says why, on the button and in the console.
  function unavailable(reason, cause) {
    const error = new Error('mixpay-checkout: checkout unavailable: ' + reason);
    error.reason = reason;
    if (cause !== undefined) error.cause = cause;
    return error;
  }

  // A file that failed to load: was it unreachable, or there but not the published one?
  // (Browsers report both the same way.) The probe's bytes are never used.
  function notLoaded(what, url, cause) {
    return fetch(url, { credentials: 'same-origin', cache: 'no-store' }).then(
      (response) => unavailable(response.ok
        ? 'the ' + what + ' does not match its published integrity hash'
        : 'the ' + what + ' could not be loaded (HTTP ' + response.status + ')', cause),
      () => unavailable('the ' + what + ' could not be loaded', cause));
  }

  function compileFailure(error) {
    const text = String(error && error.message);
    if (/Content.Security.Policy|unsafe-eval|CSP/i.test(text)) {
      return unavailable("this page's Content-Security-Policy blocks WebAssembly " +
        "(script-src needs 'wasm-unsafe-eval')", error);
    }
    return unavailable('the payment module could not be started', error);
  }

  // The .wasm is fetched at once, checked against its hash and compiled while the glue is
  // still on its way.
  function compileWasm(url) {
    return fetch(url, { credentials: 'same-origin', integrity: WASM_INTEGRITY }).then(
      (response) => {
        if (!response.ok) {
          throw unavailable('the payment module could not be loaded (HTTP ' + response.status + ')');
        }
        return response.arrayBuffer();
      },
      (error) => notLoaded('payment module', url, error).then((e) => { throw e; }))
      .then((bytes) => WebAssembly.compile(bytes).catch((error) => {
        throw compileFailure(error);
      }));
  }

  // The Emscripten glue, which defines the module's factory createMixPayCore, is put here
  // when dist/ is assembled: one script to fetch, and the factory stays private.
  /* @mixpay-core@ */

  function loadModule() {
    if (typeof WebAssembly !== 'object' || WebAssembly === null ||
        typeof WebAssembly.instantiate !== 'function') {
      return Promise.reject(unavailable('this browser has WebAssembly turned off'));
    }
    if (typeof createMixPayCore !== 'function') {
      return Promise.reject(unavailable('this copy of the script was not built with its module'));
    }
    const wasm = compileWasm(new URL('mixpay-checkout.wasm', baseUrl).href);
    return new Promise((resolve, reject) => {
      createMixPayCore({
        instantiateWasm(imports, receiveInstance) {
          wasm.then((module) => WebAssembly.instantiate(module, imports))
            .then((instance) => receiveInstance(instance)).catch(reject);
          return {}; // the exports arrive through receiveInstance
        },
      }).then(resolve, (error) => reject(error && error.reason ? error : compileFailure(error)));
    });
  }

  let core = null;
  const ready = loadModule().then((module) => {
    core = module;
  }, (error) => {
    throw error.reason ? error : unavailable('the payment module could not be started', error);
  });
  ready.catch((error) => console.error(error.message, error.cause || ''));

  // ---- parameters -----------------------------------------------------------------

  // The core takes strings only, from an object without a prototype (so nothing on
  // Object.prototype is ever read as a parameter); values pass unchanged. A relative
  // codeEndpoint is resolved against the page, and the fields sent with it become the
  // alternating names and values the core reads.
  function completed(out, fields) {
    if (out.codeEndpoint !== undefined) {
      try {
        out.codeEndpoint = new URLClass(out.codeEndpoint, document.baseURI).href;
      } catch (error) {
        // left as it is: the core names the field
      }
      out.codeFields = fields;
    }
    return out;
  }

  function normalize(params) {
    if (params === null || typeof params !== 'object') return params;
    const out = ObjectCreate(null);
    for (let i = 0; i < KEYS.length; i++) {
      const value = own(params, KEYS[i]);
      if (value !== undefined && value !== null) out[KEYS[i]] = String(value);
    }
    const fields = [];
    const given = own(params, 'codeFields');
    if (given !== null && typeof given === 'object') {
      for (const name of Object.keys(given)) fields.push(name, String(own(given, name)));
    }
    return completed(out, fields);
  }

  // The element's configuration, read once per use from its attributes (not `dataset`,
  // which falls back to Object.prototype for an attribute that is absent).
  function snapshot(element) {
    const out = ObjectCreate(null);
    for (let i = 0; i < KEYS.length; i++) {
      const value = getAttribute(element, ATTRIBUTES[i]);
      if (value !== null) out[KEYS[i]] = value;
    }
    const fields = [];
    const marked = getAttribute(element, kebab(CODE_PARAMS));
    for (const name of marked ? marked.split(/[\s,]+/) : []) {
      const value = name && getAttribute(element, 'data-' + name);
      if (value !== null && value !== '') {
        fields.push(name.replace(/-([a-z])/g, (m, c) => c.toUpperCase()), value);
      }
    }
    return completed(out, fields);
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

  function fieldErrors(list) {
    const out = [];
    for (let i = 0; i < list.length; i++) {
      out.push({ field: own(list[i], 'field'), message: own(list[i], 'message') });
    }
    return out;
  }

  // The errors of parameters already in the core's form (normalize() or snapshot()).
  function errorsOf(params) {
    return fieldErrors(own(requireCore('validate').prepare(params, nowSeconds(), randomBytes()), 'errors'));
  }

  const validate = (params) => errorsOf(normalize(params));

  // A success whose code or URL could not be read as the core's own values (something on
  // the page intercepts property writes): treated as an unusable answer, never followed.
  const UNREADABLE = Object.freeze({
    kind: 'response', status: 0, code: 0, message: 'The payment code could not be read on this page.',
  });

  // One checkout attempt in the core: resolves with its single result.
  const checkout = (params, now, random) => new Promise((resolve) => {
    core.checkout(params, now, random, resolve, null);
  });

  function attemptError(result) {
    if (own(result, 'kind') === 'invalid') {
      const errors = fieldErrors(own(result, 'errors'));
      const error = new Error('mixpay-checkout: invalid ' + errors.map((e) => e.field).join(', '));
      error.kind = 'invalid';
      error.errors = errors;
      return error;
    }
    const error = new Error(own(result, 'message'));
    error.kind = own(result, 'kind');
    error.status = own(result, 'status');
    error.code = own(result, 'code');
    return error;
  }

  function create(params) {
    return ready.then(() => checkout(normalize(params), nowSeconds(), randomBytes()))
      .then((result) => {
        const url = own(result, 'url');
        if (own(result, 'ok') !== true) throw attemptError(result);
        if (typeof url !== 'string') throw attemptError(UNREADABLE);
        return { code: own(result, 'code'), url, traceId: own(result, 'traceId') };
      });
  }

  // ---- attempts -------------------------------------------------------------------

  // One attempt is one intent to pay for one configuration. Its generated traceId is
  // remembered for this origin under a key made of everything that is sent, so a second
  // click, a reload, the Back button or a second tab resumes the same payment (MixPay
  // answers the same traceId and body with the same code) instead of creating another.
  // It is forgotten when MixPay refuses the attempt, or after ATTEMPT_TTL_MS.
  const ATTEMPT_TTL_MS = 30 * 60 * 1000;
  const ATTEMPT_PREFIX = 'mixpay-checkout:attempt:';
  const ATTEMPT_KEYS = KEYS.filter((key) => !/^(traceId|payBase|timeout|retries)$/.test(key));
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const memoryAttempts = new Map(); // when the page may not use localStorage

  function attemptStorage() {
    try {
      return window.localStorage || null;
    } catch (error) {
      return null; // storage blocked for this page
    }
  }

  // 53-bit string hash (cyrb53): keys stay short and hold no parameter in clear.
  function hash(text) {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  }

  function attemptKey(params) {
    let text = '';
    const parts = ATTEMPT_KEYS.map((key) => params[key]).concat(params.codeFields || []);
    for (let i = 0; i < parts.length; i++) {
      text += parts[i] === undefined ? '-\n' : parts[i].length + ':' + parts[i] + '\n';
    }
    return ATTEMPT_PREFIX + hash(text);
  }

  function readAttempt(key) {
    let text = memoryAttempts.get(key);
    const storage = attemptStorage();
    try {
      if (storage) text = storage.getItem(key);
    } catch (error) {
      // unreadable storage: the in-memory copy stands
    }
    let entry = null;
    try {
      entry = text ? JSON.parse(text) : null;
    } catch (error) {
      entry = null;
    }
    const traceId = own(entry, 'traceId');
    const expires = own(entry, 'expires');
    if (typeof traceId === 'string' && UUID.test(traceId) && typeof expires === 'number' &&
        expires > Date.now()) {
      return traceId;
    }
    if (text) forgetAttempt(key);
    return null;
  }

  // The attempt lives no longer than its payment code could be used.
  function attemptExpiry(params) {
    let ms = ATTEMPT_TTL_MS;
    if (/^\d{1,9}$/.test(params.expireSeconds || '')) ms = Math.min(ms, params.expireSeconds * 1000);
    if (/^\d{1,12}$/.test(params.expiredTimestamp || '')) {
      ms = Math.min(ms, params.expiredTimestamp * 1000 - Date.now());
    }
    return Date.now() + ms;
  }

  function rememberAttempt(key, traceId, params) {
    const text = JSON.stringify({ traceId, expires: attemptExpiry(params) });
    memoryAttempts.set(key, text);
    const storage = attemptStorage();
    try {
      if (storage) storage.setItem(key, text);
    } catch (error) {
      // full or blocked storage: this page still remembers it
    }
  }

  function forgetAttempt(key) {
    memoryAttempts.delete(key);
    const storage = attemptStorage();
    try {
      if (storage) storage.removeItem(key);
    } catch (error) {
      // nothing to forget there
    }
  }

  // MixPay refused the attempt, so it created nothing: the next click may start afresh.
  // Any other failure (no answer, timeout, a server error, an unreadable answer) may
  // have created the payment, so its traceId is kept for the next click.
  function refused(result) {
    const kind = own(result, 'kind');
    const status = own(result, 'status');
    const code = own(result, 'code');
    if (kind === 'api') return code !== -1 && code !== 1429;
    return kind === 'http' && status >= 400 && status < 500 && status !== 429;
  }

  // ---- words ----------------------------------------------------------------------

  // What the buyer reads. English is built in; another language is fetched (checked
  // against its hash) only for a buyer who reads it. English errors are the core's own
  // messages; a translation names them by kind (e.network, e.api.1017, ...) and MixPay's
  // failure codes (f.40000, ...), and anything it lacks falls back to English.
  const ENGLISH = {
    label: 'Pay with crypto',
    busy: 'Creating payment\u2026',
    unavailable: 'Checkout unavailable',
    invalid: '{fields} is invalid',
    invalidMany: '{fields} are invalid',
    generic: 'Something went wrong. Please try again.',
    'r.checking': 'Checking your payment\u2026',
    'r.unpaid': 'Waiting for your payment.',
    'r.pending': 'Payment received, waiting for confirmation\u2026',
    'r.success': 'Payment received. Thank you!',
    'r.failed': 'The payment failed: {reason}',
    'r.unknown': 'This payment could not be found.',
    'r.error': 'The payment status could not be checked. Reload the page to try again.',
    'r.waiting': 'Still waiting for the payment. Reload the page to check again.',
  };
  const LANGUAGES = LOCALE_INTEGRITY.split(';').reduce((map, pair) => {
    const at = pair.indexOf('=');
    if (at > 0) map[pair.slice(0, at)] = pair.slice(at + 1);
    return map;
  }, ObjectCreate(null));
  const translations = ObjectCreate(null);

  // The element's data-locale (English when there is no translation of it: that is the
  // page's language, not the buyer's), else the first of the browser's languages there is
  // a translation of (by primary subtag), else English.
  function language(element) {
    const given = getAttribute(element, 'data-locale');
    const wanted = given ? [given] : navigator.languages || [navigator.language];
    for (const tag of wanted) {
      const primary = String(tag || '').toLowerCase().split(/[-_]/)[0];
      if (primary === 'en' || LANGUAGES[primary]) return primary;
    }
    return 'en';
  }

  function loadWords(lang) {
    if (!translations[lang]) {
      translations[lang] = lang === 'en' ? Promise.resolve(ObjectCreate(null)) : fetch(
        new URL('mixpay-checkout.' + lang + '.json', baseUrl).href,
        { credentials: 'same-origin', integrity: LANGUAGES[lang] },
      ).then((response) => response.json()).then((table) => {
        const words = ObjectCreate(null);
        for (const key of Object.keys(table)) {
          if (typeof table[key] === 'string') words[key] = table[key];
        }
        return words;
      }).catch((error) => {
        console.error('mixpay-checkout: the ' + lang + ' translation could not be loaded; using English', error);
        return ObjectCreate(null);
      });
    }
    return translations[lang];
  }

  // A sentence in the element's language, with {name} filled from `values`.
  function say(state, key, values) {
    const text = state.words[key] || ENGLISH[key];
    return text.replace(/\{(\w+)\}/g, (m, name) => (values && values[name] !== undefined ? values[name] : m));
  }

  const debugging = (element) => {
    const value = getAttribute(element, 'data-debug');
    return value !== null && value !== 'false';
  };

  // ---- rendering ------------------------------------------------------------------

  const CSS = `
:host{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
--_bg:var(--mixpay-checkout-background,#3451d1);--_fg:var(--mixpay-checkout-color,#fff);
--_hover:var(--mixpay-checkout-hover-background,#2a41ab);--_ring:#1d2b6b;--_error:#b3261e}
:host([hidden]),[hidden]{display:none!important}
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
.status{margin:.5em 0 0;max-width:22em;font-size:.875rem;line-height:1.4;color:var(--_error);
white-space:pre-line}
.status:empty{display:none}
.result{margin:0;font-size:1rem;line-height:1.4;color:var(--mixpay-checkout-text,inherit)}
@media (prefers-color-scheme:dark){:host(:not([data-theme=light])){--_bg:var(--mixpay-checkout-background,#8da2ff);
--_fg:var(--mixpay-checkout-color,#0b1030);--_hover:var(--mixpay-checkout-hover-background,#b0bfff);
--_ring:#dfe5ff;--_error:#ffb4ab}}
:host([data-theme=dark]){--_bg:var(--mixpay-checkout-background,#8da2ff);
--_fg:var(--mixpay-checkout-color,#0b1030);--_hover:var(--mixpay-checkout-hover-background,#b0bfff);
--_ring:#dfe5ff;--_error:#ffb4ab}
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
  // How long the page may still be here after it was sent to the payment page before the
  // button is given back (the buyer stayed, e.g. through a beforeunload prompt).
  const NAVIGATION_GRACE_MS = 8000;

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
    // The element's own content (a plain link to pay, say) stays the way to pay until the
    // button works, and stays when it cannot.
    const fallback = root && element.children.length > 0 ? document.createElement('slot') : null;
    if (root) {
      // ids are scoped to the shadow root, so every button can use the same one.
      status.id = 'status';
      button.setAttribute('aria-describedby', 'status');
    }
    host.append(button, status);
    if (fallback) {
      host.prepend(fallback);
      button.hidden = true;
    }
    // `attempt` counts attempts: a result that arrives for an attempt the page gave up
    // (the page came back from the back/forward cache) is ignored.
    return {
      element, button, text, status, fallback, words: ENGLISH,
      busy: false, unavailable: false, changed: false, attempt: 0,
    };
  }

  const label = (state) => getAttribute(state.element, LABEL_ATTRIBUTE) || say(state, 'label');

  // `fallback`: show the element's own content instead of the button (or beside it).
  function show(state, { enabled, busy = false, message = '', fallback = false }) {
    state.button.disabled = !enabled;
    if (busy) state.button.setAttribute('aria-busy', 'true');
    else state.button.removeAttribute('aria-busy');
    state.text.textContent = busy ? say(state, 'busy') : label(state);
    state.status.textContent = message;
    if (state.fallback) {
      state.fallback.hidden = !fallback;
      state.button.hidden = fallback && !message;
    }
  }

  function setBusy(state, busy) {
    state.busy = busy;
    if (busy) busyStates.add(state);
    else busyStates.delete(state);
    if (busy) show(state, { enabled: false, busy: true });
  }

  // The attempt is over and the page stays: the button is usable again, or shows what the
  // configuration, changed meanwhile, now says.
  function release(state, message = '') {
    setBusy(state, false);
    if (state.changed) {
      state.changed = false;
      refresh(state);
      if (state.button.disabled) return;
    }
    show(state, { enabled: true, message });
  }

  function fire(element, name, detail, cancelable) {
    return element.dispatchEvent(new CustomEvent(name, { bubbles: true, cancelable, detail }));
  }

  // The merchant's configuration is wrong: the buyer reads which fields (and uses the
  // fallback, if any); with data-debug the page shows every message too.
  function showInvalid(state, errors) {
    const fields = errors.map((e) => e.field);
    const details = debugging(state.element) ? errors.map((e) => '\n' + e.field + ': ' + e.message).join('') : '';
    show(state, {
      enabled: false,
      fallback: true,
      message: say(state, 'unavailable') + ': ' +
        say(state, fields.length > 1 ? 'invalidMany' : 'invalid', { fields: fields.join(', ') }) + details,
    });
    for (const error of errors) {
      console.error('mixpay-checkout: ' + error.field + ': ' + error.message, state.element);
    }
    fire(state.element, 'mixpay:invalid', { errors }, false);
  }

  // Checks the element's configuration and shows ready or invalid (not during an attempt).
  function refresh(state) {
    if (!core || state.unavailable) return;
    if (state.busy) {
      state.changed = true;
      return;
    }
    const params = snapshot(state.element);
    const errors = errorsOf(params);
    if (errors.length) {
      showInvalid(state, errors);
    } else {
      show(state, { enabled: true });
      fire(state.element, 'mixpay:ready', null, false);
      // Opens the page's storage (the first access loads it, in the browser process) and
      // runs the click's own lookup once now, not when the buyer clicks.
      defer(() => readAttempt(attemptKey(params)));
    }
  }

  // Leaves for the payment page (or the merchant's failure page). If the page is still
  // here after a while, the navigation did not happen and the button is given back; the
  // attempt is remembered, so a new click resumes the same payment.
  function leave(state, url) {
    const attempt = state.attempt;
    assignLocation(url);
    defer(() => {
      if (state.busy && state.attempt === attempt) {
        state.attempt++;
        release(state);
      }
    }, NAVIGATION_GRACE_MS);
  }

  async function onClick(state) {
    if (!core || state.busy || state.unavailable) return;
    const element = state.element;
    const params = snapshot(element);
    // A merchant-given traceId is the attempt itself; otherwise resume or start one.
    const key = params.traceId === undefined ? attemptKey(params) : null;
    const resumed = key && readAttempt(key);
    if (resumed) params.traceId = resumed;
    // Busy from here (a second click, or one from a request listener, does nothing), but
    // drawn busy only once the request is on its way: the click's work before the request
    // leaves is kept to the core's checks and the page's event.
    state.busy = true;
    busyStates.add(state);
    const attempt = ++state.attempt;
    let traceId = null;
    let orderId = null;
    let sent = false;
    let settle;
    const outcome = new Promise((resolve) => {
      settle = resolve;
    });
    core.checkout(params, nowSeconds(), randomBytes(), settle, (trace, order) => {
      traceId = trace;
      orderId = order || null;
      if (!fire(element, 'mixpay:request', { traceId, orderId }, true)) return false;
      if (key && !resumed) rememberAttempt(key, traceId, params);
      sent = true;
      return true;
    });
    if (!sent) {
      if (traceId !== null) {
        release(state); // the page's request listener stopped it: nothing was sent
        return;
      }
      const result = await outcome; // invalid: settled during the call, nothing was sent
      setBusy(state, false);
      showInvalid(state, fieldErrors(own(result, 'errors')));
      return;
    }
    show(state, { enabled: false, busy: true });
    const result = await outcome;
    if (attempt !== state.attempt) return; // given up: the page came back without it
    const code = own(result, 'code');
    const url = own(result, 'url');
    if (own(result, 'ok') === true && typeof url === 'string' && typeof code === 'string') {
      if (fire(element, 'mixpay:created', { code, url, traceId, orderId }, true)) {
        // Only ever <payBase>/code/<uuid>, made by the core from a checked UUID.
        leave(state, url);
        return; // stays busy while the page leaves
      }
      release(state);
      return;
    }
    if (own(result, 'kind') === 'invalid') {
      setBusy(state, false);
      showInvalid(state, fieldErrors(own(result, 'errors')));
      return;
    }
    const failure = own(result, 'ok') === true ? UNREADABLE : result;
    if (key && refused(failure)) forgetAttempt(key);
    const message = own(failure, 'message');
    const detail = {
      kind: own(failure, 'kind'), status: own(failure, 'status'), code: own(failure, 'code'), message,
    };
    const failedReturnTo = own(failure, 'failedReturnTo');
    if (fire(element, 'mixpay:error', detail, true) && typeof failedReturnTo === 'string' &&
        failedReturnTo) {
      leave(state, failedReturnTo); // the merchant's own URL, placeholders filled by the core
      return;
    }
    release(state, failureText(state, detail));
  }

  // The failure in the buyer's language: by MixPay's code, else by kind, else the core's
  // own (English) message; with data-debug, what happened exactly.
  function failureText(state, { kind, status, code, message }) {
    const text = state.words['e.' + kind + '.' + code] || state.words['e.' + kind] || message ||
      say(state, 'generic');
    return debugging(state.element) ? text + '\n(' + kind + ', HTTP ' + status + ', code ' + code + ')' : text;
  }

  function mount(element) {
    if (!(element instanceof Element)) {
      throw new TypeError('mixpay-checkout: mount() needs an element');
    }
    if (states.has(element)) return;
    const state = render(element);
    states.set(element, state);
    show(state, { enabled: false, fallback: true });
    state.button.addEventListener('click', () => {
      onClick(state).catch((error) => {
        console.error(error);
        state.attempt++;
        release(state, say(state, 'generic'));
      });
    });
    const words = loadWords(language(element)).then((table) => {
      state.words = table;
    });
    Promise.all([ready, words]).then(() => refresh(state), (error) => {
      // The reason is in the console; a page with a fallback keeps showing only that.
      state.unavailable = true;
      show(state, {
        enabled: false,
        fallback: true,
        message: state.fallback && !debugging(element) ? '' : say(state, 'unavailable') + ': ' + error.reason + '.',
      });
    });
  }

  // ---- the result element ---------------------------------------------------------

  // [data-mixpay-result] on the merchant's return page tells the buyer what became of the
  // payment named by the page's URL (?traceId=, or the parameter data-trace-param names;
  // or data-trace-id), asking payments_result again while it is unpaid or pending. It is
  // for the buyer's information only: the merchant's server verifies before it ships.
  // It only reads and shows text, so it reads the answer itself instead of starting the
  // module: the lookup costs the page no WebAssembly.
  const RESULT_POLL_MS = 3000;
  const RESULT_POLLS = 100;
  const RESULT_TRIES = 4;
  const RESULT_TIMEOUT_MS = 15000;
  const STATUSES = ['unpaid', 'pending', 'success', 'failed'];
  const results = new WeakSet();

  function text(value) {
    return typeof value === 'string' ? value : '';
  }

  // One GET payments_result: {status, ...} or a failure {kind, status, code, message}.
  function lookup(url) {
    const abort = new AbortController();
    const timer = defer(() => abort.abort(), RESULT_TIMEOUT_MS);
    return fetch(url, { credentials: 'omit', cache: 'no-store', signal: abort.signal }).then(
      (response) => response.text().then((body) => {
        let answer = null;
        try {
          answer = body.length <= 65536 ? JSON.parse(body) : null;
        } catch (error) {
          answer = null;
        }
        const data = own(answer, 'data');
        if (own(answer, 'success') === true && data !== null && typeof data === 'object' &&
            STATUSES.indexOf(own(data, 'status')) >= 0) {
          const read = ObjectCreate(null);
          for (const key of ['status', 'traceId', 'orderId', 'quoteAmount', 'quoteSymbol',
            'failureCode', 'failureReason']) read[key] = text(own(data, key));
          return read;
        }
        const code = own(answer, 'code');
        if (own(answer, 'success') === false && typeof code === 'number') {
          return { kind: 'api', status: response.status, code, message: text(own(answer, 'message')) };
        }
        return { kind: response.ok ? 'response' : 'http', status: response.status, code: 0, message: '' };
      }),
      () => ({ kind: abort.signal.aborted ? 'timeout' : 'network', status: 0, code: 0, message: '' }),
    ).finally(() => clearTimeout(timer));
  }

  function resultUrl(element) {
    const traceId = getAttribute(element, 'data-trace-id') ||
      new URLClass(location.href).searchParams.get(getAttribute(element, 'data-trace-param') || 'traceId');
    const base = getAttribute(element, 'data-api-base') || 'https://api.mixpay.me/v1';
    if (!traceId || !UUID.test(traceId.toLowerCase())) throw new Error('traceId: not a UUID: ' + traceId);
    const url = new URLClass(base.replace(/\/*$/, '/payments_result'));
    if (!/^https?:$/.test(url.protocol) || url.search || url.hash) throw new Error('apiBase: not an http(s) base URL: ' + base);
    url.searchParams.set('traceId', traceId.toLowerCase());
    return url.href;
  }

  function mountResult(element) {
    if (results.has(element)) return;
    results.add(element);
    let root = null;
    try {
      root = element.shadowRoot || element.attachShadow({ mode: 'open' });
      styleShadowRoot(root);
    } catch (error) {
      root = null;
    }
    const line = document.createElement('p');
    line.className = 'result';
    line.setAttribute('part', 'result');
    line.setAttribute('role', 'status');
    (root || element).append(line);
    const state = { element, words: ENGLISH };
    let url;
    try {
      url = resultUrl(element);
    } catch (error) {
      console.error('mixpay-checkout: data-mixpay-result: ' + error.message, element);
      line.textContent = say(state, 'r.unknown');
      return;
    }
    let polls = 0;
    let failures = 0;
    const poll = () => {
      if (!element.isConnected) return;
      lookup(url).then((read) => {
        if (read.kind) {
          if (read.kind === 'api' && read.code === 40022) {
            line.textContent = say(state, 'r.unknown');
          } else if (++failures < RESULT_TRIES && read.kind !== 'api') {
            defer(poll, RESULT_POLL_MS * failures);
            return;
          } else {
            line.textContent = say(state, 'r.error');
          }
          fire(element, 'mixpay:error', read, false);
          return;
        }
        failures = 0;
        const reason = state.words['f.' + read.failureCode] || read.failureReason;
        line.textContent = say(state, 'r.' + read.status, { reason });
        fire(element, 'mixpay:result', Object.assign({}, read), false);
        if ((read.status === 'unpaid' || read.status === 'pending')) {
          if (++polls < RESULT_POLLS) defer(poll, RESULT_POLL_MS);
          else line.textContent = say(state, 'r.waiting');
        }
      });
    };
    loadWords(language(element)).then((table) => {
      state.words = table;
      line.textContent = say(state, 'r.checking');
      poll();
    });
  }

  // ---- discovery ------------------------------------------------------------------

  function scan(node) {
    if (node.nodeType !== 1) return;
    if (node.hasAttribute(ATTRIBUTE)) mount(node);
    if (node.hasAttribute(RESULT_ATTRIBUTE)) mountResult(node);
    for (const element of node.querySelectorAll('[' + ATTRIBUTE + ']')) mount(element);
    for (const element of node.querySelectorAll('[' + RESULT_ATTRIBUTE + ']')) mountResult(element);
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

  // Back from the payment page through the back/forward cache: whatever attempt was
  // running is over for this page (its payment, if any, is resumed by the next click).
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    for (const state of Array.from(busyStates)) {
      state.attempt++;
      release(state);
    }
  });

  Object.defineProperty(window, 'MixPayCheckout', {
    value: Object.freeze({ ready, validate, create, mount, version: VERSION }),
    enumerable: true,
  });
})();
