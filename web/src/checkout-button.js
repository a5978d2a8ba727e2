// A checkout button: drawn and clickable at once (a click before the module is ready waits
// for it), with the element's fallback until it is ready; and the click path: snapshot the
// attributes, one call into the core (which checks, asks the page through mixpay:request
// and sends), then mixpay:created and the payment page, or mixpay:error and the reason.
import { check, checkout, encode, errorsOf, failureOf, fieldErrors, startCore } from './api.js';
import { attemptKey, exclusive, forgetAttempt, keyOf, readAttempt, rememberAttempt } from './attempts.js';
import { debugging, snapshot } from './config.js';
import { assignLocation, defer, own } from './guards.js';
import { later } from './tasks.js';
import { fire, hasFallback, render, show } from './view.js';
import { rehearseOnce, started, warm } from './warm.js';
import { failureText, language, loadWords, say } from './words.js';

export const states = new WeakMap();
export const busyStates = new Set();
// How long the page may still be here after it was sent to the payment page before the
// button is given back (the buyer stayed, e.g. through a beforeunload prompt).
const NAVIGATION_GRACE_MS = 8000;

// Where the button stands, on the element as data-mixpay-state (the widget's own
// attribute): loading, ready, invalid, busy, error or unavailable.
function mark(state, phase) {
  state.phase = phase;
  state.element.setAttribute('data-mixpay-state', phase);
}

function enter(state, phase, options) {
  mark(state, phase);
  show(state, options);
}

function setBusy(state, busy) {
  state.busy = busy;
  if (busy) busyStates.add(state);
  else busyStates.delete(state);
  if (busy) enter(state, 'busy', { enabled: false, busy: true });
}

// The attempt is over and the page stays: the button shows what the configuration, maybe
// changed meanwhile, now says, and the attempt's failure if it is still usable.
export function release(state, message = '') {
  setBusy(state, false);
  refresh(state);
  if (message && state.phase === 'ready') enter(state, 'error', { enabled: true, message });
}

// The element left the document: its attempt goes on without it and never moves the page
// (its traceId stays remembered, so a button with the same configuration resumes it).
export function abandon(state) {
  if (state.busy) {
    state.attempt++;
    state.queued = false;
    release(state);
  }
}

// The merchant's configuration is wrong: the buyer reads which fields (and uses the
// fallback, if any); with data-debug the page shows every message too.
function showInvalid(state, errors) {
  const fields = errors.map((e) => e.field);
  const details = debugging(state.element) ? errors.map((e) => '\n' + e.field + ': ' + e.message).join('') : '';
  state.valid = false;
  enter(state, 'invalid', {
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

// The words of the element's language, then the button drawn in them.
function setLanguage(state) {
  const lang = (state.lang = language(state.element));
  return loadWords(lang, state.base).then((table) => {
    if (state.lang === lang) {
      state.words = table;
      later(() => refresh(state)); // in a slice of its own (tasks.js), not in a microtask
    }
  });
}

// Draws the button as it stands: loading until the module and the words are in (the
// button works and a click waits), then ready or invalid; not during an attempt. A click
// made while loading starts its attempt here. mixpay:ready fires when the configuration
// becomes usable, not each time it is checked.
export function refresh(state) {
  const queued = state.queued;
  if (state.busy && !(queued && (state.live || state.reason))) return;
  state.queued = false;
  setBusy(state, false);
  if (state.reason) {
    // The reason is in the console; a page with a fallback keeps showing only that.
    const quiet = hasFallback(state) && !debugging(state.element);
    enter(state, 'unavailable', {
      enabled: false, fallback: true, message: quiet ? '' : say(state, 'unavailable') + ': ' + state.reason + '.',
    });
    return;
  }
  if (!state.live) {
    enter(state, 'loading', { enabled: true, fallback: true });
    return;
  }
  if (language(state.element) !== state.lang) setLanguage(state);
  const params = snapshot(state.element);
  const checked = check(params);
  const errors = errorsOf(params, checked);
  if (errors.length) {
    showInvalid(state, errors);
    return;
  }
  if (!queued) enter(state, 'ready', { enabled: true });
  if (!state.valid) {
    state.valid = true;
    fire(state.element, 'mixpay:ready', null, false);
    rehearseOnce();
  }
  if (queued) {
    click(state);
  } else {
    // Opens the page's storage (the first access loads it, in the browser process) and
    // runs the click's own lookup once now, not when the buyer clicks. (The job keeps the
    // short key, not the check's whole result, while it waits its turn.)
    const key = attemptKey(own(checked, 'identity'));
    later(() => readAttempt(key));
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

// A click: while loading it waits for the module (busy meanwhile); while busy, or when
// the button cannot work, it does nothing.
function click(state) {
  if (state.busy || state.reason || state.phase === 'invalid') return;
  if (!state.live) {
    state.queued = true;
    setBusy(state, true);
    return;
  }
  onClick(state).catch((error) => {
    console.error(error);
    state.attempt++;
    release(state, say(state, 'generic'));
  });
}

// One attempt: the attributes as they are now, the attempt's remembered traceId (under
// its Web Lock: another tab's click on the same configuration waits, then resumes the same
// payment), one call into the core, and what its one result says. The traceId the core
// chose is remembered as soon as the request is on its way, in the same task, and the lock
// is let go only once that is stored (attempts.js), so another tab finds it.
async function onClick(state) {
  const element = state.element;
  // Busy from here (a second click, or one from a request listener, does nothing), but
  // drawn busy only once the request is on its way: the click's work before the request
  // leaves is kept to the core's checks and the page's event.
  state.busy = true;
  busyStates.add(state);
  mark(state, 'busy');
  const attempt = ++state.attempt;
  const params = snapshot(element);
  let text = encode(params);
  // A merchant-given traceId is the attempt itself; otherwise resume or start one (the key
  // found when the button was pointed at, if the attributes still give the same text).
  const key = params.traceId === undefined ? keyOf(text) : null;
  let sent = ''; // the traceId the core sent
  // The attempt's one result, as soon as it is in (the lock may be kept a moment longer).
  let settle;
  let fail;
  const outcome = new Promise((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  exclusive(key, (resumed) => {
    if (attempt !== state.attempt) return settle(null); // given up while another tab held the attempt
    if (resumed) {
      params.traceId = resumed;
      text = encode(params);
    }
    let stored = null;
    try {
      settle(checkout(params, (traceId, orderId) => {
        if (!fire(element, 'mixpay:request', { traceId, orderId: orderId || null }, true)) return false;
        sent = traceId;
        return true;
      }, text));
    } finally {
      if (sent) {
        if (key && !resumed) stored = rememberAttempt(key, sent, params);
        show(state, { enabled: false, busy: true });
      }
    }
    // The lock is kept until the traceId is stored where another tab reads it and the
    // attempt is over. Only MixPay refusing it proves no payment exists: then it is
    // forgotten (under the lock too), and the next click starts afresh; any other failure
    // keeps the traceId for the next click.
    return Promise.all([outcome, stored]).then(([done]) =>
      key && own(done, 'createdNothing') === true && forgetAttempt(key));
  }).catch(fail);
  const result = await outcome;
  // Given up: the element left the document, or the page came back without the attempt.
  if (attempt !== state.attempt) return;
  const status = own(result, 'status');
  if (status === 'invalid') {
    setBusy(state, false);
    showInvalid(state, fieldErrors(own(result, 'errors')));
    return;
  }
  if (status === 'canceled') {
    release(state); // the page's request listener stopped it: nothing was sent
    return;
  }
  const traceId = own(result, 'traceId');
  const orderId = own(result, 'orderId') || null;
  if (status === 'created') {
    const url = own(result, 'url');
    // (A listener may have taken the element out of the page: then the page stays.)
    if (fire(element, 'mixpay:created', { code: own(result, 'code'), url, traceId, orderId }, true) &&
        element.isConnected) {
      // Only ever <payBase>/code/<uuid>, made by the core from a checked UUID.
      leave(state, url);
      return; // stays busy while the page leaves
    }
    release(state);
    return;
  }
  // Failed (a refused attempt is forgotten above).
  const detail = failureOf(result);
  const failedReturnTo = own(result, 'failedReturnTo');
  if (fire(element, 'mixpay:error', detail, true) && element.isConnected && failedReturnTo) {
    leave(state, failedReturnTo); // the merchant's own URL, placeholders filled by the core
    return;
  }
  release(state, failureText(state, detail, debugging(element)));
}

// Renders a button into `element` (once), its translation fetched from the folder `base`.
export function mountButton(element, base) {
  if (states.has(element)) return;
  const state = render(element);
  state.base = base;
  states.set(element, state);
  warm(state);
  refresh(state);
  state.button.addEventListener('click', () => click(state));
  // A buyer about to click needs the module now, whatever the page is still loading.
  for (const name of ['pointerenter', 'pointerdown', 'focus', 'click']) state.button.addEventListener(name, startCore);
  // Content put inside later is fallback too: shown while the button cannot work.
  if (state.fallback) state.fallback.addEventListener('slotchange', () => state.live || refresh(state));
  // Ready at its own first check once the module (its first call made, warm.js) and the
  // words are in; the click's warm-up comes after the first ready.
  Promise.all([started, setLanguage(state)]).then(() => {
    state.live = true;
  }, (error) => {
    state.reason = error.reason;
  }).then(() => later(() => refresh(state)));
}
