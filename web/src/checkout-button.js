// A checkout button: first drawn with the element's fallback, enabled once the module and
// the element's configuration are good, and the click path: snapshot the attributes, one
// call into the core (which checks, asks the page through mixpay:request and sends), then
// mixpay:created and the payment page, or mixpay:error and the reason.
import { core, errorsOf, fieldErrors, nowSeconds, randomBytes, ready, UNREADABLE } from './api.js';
import { attemptKey, forgetAttempt, readAttempt, refused, rememberAttempt } from './attempts.js';
import { debugging, snapshot } from './config.js';
import { assignLocation, defer, own } from './guards.js';
import { fire, render, show } from './view.js';
import { failureText, language, loadWords, say } from './words.js';

export const states = new WeakMap();
export const busyStates = new Set();
// How long the page may still be here after it was sent to the payment page before the
// button is given back (the buyer stayed, e.g. through a beforeunload prompt).
const NAVIGATION_GRACE_MS = 8000;

function setBusy(state, busy) {
  state.busy = busy;
  if (busy) busyStates.add(state);
  else busyStates.delete(state);
  if (busy) show(state, { enabled: false, busy: true });
}

// The attempt is over and the page stays: the button is usable again, or shows what the
// configuration, changed meanwhile, now says.
export function release(state, message = '') {
  setBusy(state, false);
  if (state.changed) {
    state.changed = false;
    refresh(state);
    if (state.disabled) return;
  }
  show(state, { enabled: true, message });
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
export function refresh(state) {
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
  release(state, failureText(state, detail, debugging(element)));
}

// Renders a button into `element` (once), its translation fetched from the folder `base`.
export function mountButton(element, base) {
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
  const words = loadWords(language(element), base).then((table) => {
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
