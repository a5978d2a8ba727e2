// One attempt is one intent to pay for one configuration. Its generated traceId is
// remembered for this origin under a key made of the attempt's identity (the core's text of
// everything that is sent, prepare()'s `identity`), so a second
// click, a reload, the Back button or a second tab resumes the same payment (MixPay
// answers the same traceId and body with the same code) instead of creating another.
// It is forgotten when MixPay refuses the attempt, or after ATTEMPT_TTL_MS.
import { check } from './api.js';
import { UUID, lock, own } from './guards.js';
import { claim } from './warm.js';

const ATTEMPT_TTL_MS = 30 * 60 * 1000;
const ATTEMPT_PREFIX = 'mixpay-checkout:attempt:';
const memoryAttempts = new Map(); // when the page may not use localStorage

// `use(localStorage)`'s value; undefined where the page may not use it (storage blocked,
// full or unreadable: the in-memory copy stands).
function stored(use) {
  try {
    const storage = window.localStorage;
    if (storage) return use(storage);
  } catch (error) {
    // blocked, full or unreadable
  }
  return undefined;
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

export const attemptKey = (identity) => ATTEMPT_PREFIX + hash(identity);

// The key of the attempt for parameters as the core reads them (api.js encode()). The
// identity is the core's function of that text alone (no clock, no randomness), so the key
// found when the button was pointed at serves its click for as long as the attributes
// give the same text; any other text is checked afresh (the last one is kept).
let lastText;
let lastKey;
export function keyOf(text) {
  if (text !== lastText) {
    lastKey = attemptKey(own(check(null, text), 'identity'));
    lastText = text;
  }
  return lastKey;
}

export function readAttempt(key) {
  const kept = stored((storage) => storage.getItem(key));
  const text = kept === undefined ? memoryAttempts.get(key) : kept;
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
export function attemptExpiry(params, now) {
  let ms = ATTEMPT_TTL_MS;
  if (/^\d{1,9}$/.test(params.expireSeconds || '')) ms = Math.min(ms, params.expireSeconds * 1000);
  if (/^\d{1,12}$/.test(params.expiredTimestamp || '')) {
    ms = Math.min(ms, params.expiredTimestamp * 1000 - now);
  }
  return now + ms;
}

export function rememberAttempt(key, traceId, params) {
  const text = JSON.stringify({ traceId, expires: attemptExpiry(params, Date.now()) });
  memoryAttempts.set(key, text);
  stored((storage) => storage.setItem(key, text)); // full or blocked: this page still remembers it
}

export function forgetAttempt(key) {
  memoryAttempts.delete(key);
  stored((storage) => storage.removeItem(key));
}

// One attempt across tabs: `fn` (the click's lookup of the attempt, remembering the traceId
// it sends, and the promise of its outcome that it returns) runs under this origin's Web
// Lock for the attempt, so a tab clicking the same configuration at the same moment as
// another waits, then finds the traceId the first one chose. A promise either way. (A lock
// already taken while the button was pointed at, warm.js, serves at once.)
export const exclusive = (key, fn) => (key && lock ? claim(key, fn) || lock(key, fn) : Promise.resolve().then(fn));
