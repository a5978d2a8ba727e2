// The module's first call, in a task of its own once the module is in: an empty
// configuration's check, queued before the buttons' own (tasks.js), takes the first call's
// cost (Embind, the core's first run, the browser's compilation of the functions it
// reaches) out of the first button's task, which then checks that button and makes it
// ready (`started`). Nothing else comes before a button's ready.
//
// The work a click needs, done before the click:
// - once a button is ready, one attempt is rehearsed in the core on a complete
//   configuration and the API's own example answer, through an XMLHttpRequest that has no
//   connection (guards.js, rehearse): the buyer's click and answer no longer wait for the
//   browser's compilation of that part of the module, and nothing the buyer waits for (the
//   buttons' own checks, their mixpay:ready) is queued behind it;
// - while the pointer or the focus is on a button, its attempt's Web Lock is taken, so the
//   click runs its attempt at once instead of waiting for the browser to grant the lock.
//   It is let go when the pointer or focus leaves, or after HOLD_MS, so another tab's
//   click on the same configuration never waits long for a button that is only pointed at.
//   The attempt's key is found once for the attributes as they are (attempts.js, keyOf):
//   the press and the focus that come with the click (in the same moment as it) only
//   compare the attributes' text with it, and the click does the same.
import { check, checkout, encode, ready } from './api.js';
import { keyOf, liveTraceId, readEntry } from './attempts.js';
import { snapshot } from './config.js';
import { ObjectCreate, defer, lock, rehearse } from './guards.js';
import { later, task } from './tasks.js';

const HOLD_MS = 3000;
const UUID = '00000000-0000-4000-8000-000000000000';
// Never sent (the rehearsal's XMLHttpRequest has no connection), never retried, and on a
// host that cannot be reached; without a prototype, as every configuration the core reads.
const REHEARSAL = Object.assign(ObjectCreate(null), {
  payeeId: UUID, quoteAmount: '1', quoteAssetId: 'usd', settlementAssetId: UUID,
  apiBase: 'https://mixpay.invalid', retries: '0',
});

// Settles once the module's first call is made (or rejects as ready does).
export const started = ready.then(() => new Promise((resolve) => later(() => {
  try {
    check(ObjectCreate(null));
  } finally {
    resolve(); // (the buttons' own checks say what is wrong, if anything is)
  }
})));
started.catch(() => {}); // the reason is the module's (index.js logs it; the buttons show it)

let rehearsed = false;
// The lock taken for the attempt pointed at: { key, entry and release (once granted) }.
let held = null;

function letGo() {
  const hold = held;
  held = null;
  if (hold && hold.release) hold.release();
}

function take(key) {
  if (held && held.key === key) return;
  letGo();
  const hold = (held = { key });
  defer(() => held === hold && letGo(), HOLD_MS);
  // Once granted, the attempt is looked up: nothing else changes it while the lock is held,
  // so the click finds it here.
  lock(key, () => readEntry(key).then((entry) => new Promise((release) => {
    hold.entry = entry;
    hold.release = release;
    if (held !== hold) release();
  })));
}

// A click's part under the attempt's lock (attempts.js, exclusive): with the lock already
// granted for `key`, `fn(traceId)` runs now with the attempt looked up then, and the lock
// is kept until the promise it returns settles; otherwise undefined (any lock taken is let
// go, and the click asks for one).
export function claim(key, fn) {
  const hold = held;
  if (!hold || hold.key !== key || !hold.release) return void letGo();
  held = null;
  const result = new Promise((resolve) => resolve(fn(liveTraceId(hold.entry))));
  hold.release(result.catch(() => {}));
  return result;
}

// The rehearsal: the attempt, and (a task later, guards.js) its answer; in a task of its
// own, queued behind the buttons' own work once the first button is ready.
export function rehearseOnce() {
  if (!rehearsed) {
    rehearsed = true;
    later(() => task(() => rehearse('{"code":0,"success":true,"data":{"code":"' + UUID + '"}}', () => {
      checkout(REHEARSAL, () => true);
    })));
  }
}

// A button's warm-up: the lock while the pointer or focus is on the button, for an attempt
// whose traceId the widget chooses (the ones the lock is for).
export function warm(state) {
  if (!lock) return;
  const point = () => {
    if (state.phase !== 'ready' && state.phase !== 'error') return;
    const params = snapshot(state.element);
    if (params.traceId === undefined) take(keyOf(encode(params)));
  };
  for (const name of ['pointerenter', 'pointerdown', 'focus']) state.button.addEventListener(name, point);
  // (A finger lifted leaves the button before its click: the timer lets that one go.)
  state.button.addEventListener('pointerleave', (event) => event.pointerType !== 'touch' && letGo());
  state.button.addEventListener('blur', letGo);
}
