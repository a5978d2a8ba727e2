// One attempt is one intent to pay for one configuration. Its generated traceId is
// remembered for this origin under a key made of the attempt's identity (the core's text of
// everything that is sent, prepare()'s `identity`), so a second
// click, a reload, the Back button or a second tab resumes the same payment (MixPay
// answers the same traceId and body with the same code) instead of creating another.
// It is forgotten when MixPay refuses the attempt, or after ATTEMPT_TTL_MS. Every
// lookup and change is a promise, settled once it is done where other tabs read it.
import { check } from './api.js';
import { UUID, inert, lock, own } from './guards.js';
import { claim } from './warm.js';

const ATTEMPT_TTL_MS = 30 * 60 * 1000;
const ATTEMPT_PREFIX = 'mixpay-checkout:attempt:';
// This page's copy, for when localStorage is blocked too (it is written beside IndexedDB).
const memoryAttempts = new Map();
const DB_NAME = 'mixpay-checkout';
const STORE = 'attempts';

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

// The attempts are kept in IndexedDB: the browser runs its transactions in order across
// the origin's tabs, so a read begun after another tab's write has committed finds it.
// localStorage makes no such promise: each tab reads its own copy, which another tab's
// write reaches some time later, and a tab granted the attempt's lock right after
// another's write could read the old copy and send a second traceId. Opened once, on the
// first lookup (a button becoming ready); null where IndexedDB cannot be used.
let opened = null;
function database() {
  if (!opened) {
    opened = new Promise((resolve) => {
      const request = window.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = request.onblocked = () => resolve(null);
    }).catch(() => null);
  }
  return opened;
}

// One transaction on the store: `use(store)` makes its request; resolves with that
// request's result once the transaction has committed, or with `failed` where IndexedDB
// cannot be used or the transaction fails.
const transact = (mode, use, failed) => database().then((db) => new Promise((resolve) => {
  const transaction = db.transaction(STORE, mode);
  const request = use(transaction.objectStore(STORE));
  transaction.oncomplete = () => resolve(request.result);
  transaction.onerror = transaction.onabort = () => resolve(failed);
})).catch(() => failed);

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

// What localStorage (or memory) holds for the key: the fallback, and what a version that
// kept attempts there remembered.
function localAttempt(key) {
  const kept = stored((storage) => storage.getItem(key));
  return kept === undefined ? memoryAttempts.get(key) : kept;
}

// The remembered attempt for the key, { traceId, expires } without a prototype, or null
// (an unreadable or expired entry is forgotten): a promise.
export function readEntry(key) {
  return transact('readonly', (store) => store.get(key), null).then((kept) => {
    const text = kept || localAttempt(key);
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
      return inert({ traceId, expires });
    }
    return text ? forgetAttempt(key).then(() => null) : null;
  });
}

// The traceId of an entry, while it has not expired.
export const liveTraceId = (entry) => (entry && entry.expires > Date.now() ? entry.traceId : null);

// The remembered traceId for the key, or null: a promise.
export const readAttempt = (key) => readEntry(key).then(liveTraceId);

// The attempt lives no longer than its payment code could be used.
export function attemptExpiry(params, now) {
  let ms = ATTEMPT_TTL_MS;
  if (/^\d{1,9}$/.test(params.expireSeconds || '')) ms = Math.min(ms, params.expireSeconds * 1000);
  if (/^\d{1,12}$/.test(params.expiredTimestamp || '')) {
    ms = Math.min(ms, params.expiredTimestamp * 1000 - now);
  }
  return now + ms;
}

// Both resolve once the change is where another tab reads it (IndexedDB's transaction
// committed), or could not be made.
export function rememberAttempt(key, traceId, params) {
  const text = JSON.stringify({ traceId, expires: attemptExpiry(params, Date.now()) });
  memoryAttempts.set(key, text);
  // localStorage at once too (full or blocked: this page still remembers it): what this
  // tab's next page reads if the page leaves before IndexedDB's transaction is done.
  stored((storage) => storage.setItem(key, text));
  return transact('readwrite', (store) => store.put(text, key));
}

export function forgetAttempt(key) {
  memoryAttempts.delete(key);
  stored((storage) => storage.removeItem(key));
  return transact('readwrite', (store) => store.delete(key));
}

// One attempt across tabs: `fn(traceId)` (the click's part: given the attempt's remembered
// traceId or null, it remembers the traceId it sends and returns the promise of its outcome
// and of that record) runs under this origin's Web Lock for the attempt, with the attempt
// looked up once the lock is granted, so a tab clicking the same configuration at the
// same moment as another waits, then finds the traceId the first one chose. A promise
// either way. (A lock already taken while the button was pointed at, warm.js, serves at
// once, with the attempt it looked up then.) Without a key (the merchant's traceId) there
// is nothing to look up.
export function exclusive(key, fn) {
  if (!key) return Promise.resolve(null).then(fn);
  const lookUp = () => readAttempt(key).then(fn);
  return lock ? claim(key, fn) || lock(key, lookUp) : lookUp();
}
