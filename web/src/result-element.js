// [data-mixpay-result] on the merchant's return page tells the buyer what became of the
// payment named by the page's URL (?traceId=, or the parameter data-trace-param names; or
// data-trace-id), asking payments_result again until the payment is final (success or
// failed). It is for the buyer's information only: the merchant's server verifies before
// it ships. It only reads and shows text, so it reads the answer itself instead of
// starting the module: the lookup costs the page no WebAssembly.
import { URLClass, UUID, defer, getAttribute, own } from './guards.js';
import { isFinal, readResult, resultText, resultWords } from './statuses.js';
import RESULT_CSS from './result.css';
import { fire, styleShadowRoot } from './view.js';
import { language, loadWords, say } from './words.js';

const RESULT_POLL_MS = 3000;
const RESULT_POLLS = 100;
/* global MIXPAY_RESULT_WAITS */
// The waits before each retry of a lookup that got no answer, [[shortest, longest -
// shortest] ms, …]: the core's result_retry_policy (mixpay/retry.hpp), built in by
// tools/bundle/build.mjs.
const RESULT_WAITS = MIXPAY_RESULT_WAITS;
const RESULT_TIMEOUT_MS = 15000;
// The mark of an element drawn, the same for every copy of this code on the page (the
// return page's own mixpay-result.js and the one mixpay-checkout.js loads): whichever
// finds an element first draws it, once.
const DRAWN = Symbol.for('mixpay-checkout.result');
const drawn = new WeakSet();

// At most 64 KiB of an answer is read: a longer one (announced or streamed) is cancelled
// there, the rest never downloaded, and it reads as no answer (null).
const RESULT_MAX_BYTES = 65536;
function capped(response) {
  const reader = response.body && response.body.getReader();
  const bytes = new Uint8Array(RESULT_MAX_BYTES);
  let size = 0;
  const next = () => (reader ? reader.read() : Promise.resolve({ done: true })).then(({ done, value }) => {
    if (done) return new TextDecoder().decode(bytes.subarray(0, size));
    if (size + value.length > RESULT_MAX_BYTES) return reader.cancel().then(() => null, () => null);
    bytes.set(value, size);
    size += value.length;
    return next();
  });
  return next();
}

// One GET payments_result.
function lookup(url) {
  const abort = new AbortController();
  const timer = defer(() => abort.abort(), RESULT_TIMEOUT_MS);
  return fetch(url, { credentials: 'omit', cache: 'no-store', signal: abort.signal }).then(
    (response) => capped(response).then((body) => {
      let answer = null;
      try {
        answer = JSON.parse(body);
      } catch (error) {
        answer = null;
      }
      return readResult(answer, response.status, response.ok);
    }),
    () => ({ kind: abort.signal.aborted ? 'timeout' : 'network', status: 0, code: 0, message: '' }),
  ).finally(() => clearTimeout(timer));
}

// `pinned`: the API the page pins (the script tag's data-api-base, or configure()): it
// fills an element without its own, and an element naming another is refused (nothing is
// asked).
function resultUrl(element, pinned) {
  const traceId = getAttribute(element, 'data-trace-id') ||
    new URLClass(location.href).searchParams.get(getAttribute(element, 'data-trace-param') || 'traceId');
  const base = getAttribute(element, 'data-api-base') || pinned || 'https://api.mixpay.me/v1';
  if (pinned && base !== pinned) throw new Error('apiBase: not what this page pins: ' + base);
  if (!traceId || !UUID.test(traceId.toLowerCase())) throw new Error('traceId: not a UUID: ' + traceId);
  const url = new URLClass(base.replace(/\/*$/, '/payments_result'));
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash) throw new Error('apiBase: not an http(s) base URL: ' + base);
  url.searchParams.set('traceId', traceId.toLowerCase());
  return url.href;
}

// Shows the result in `element` (once), its translation fetched from the folder `base`.
export function mountResult(element, base, pinned) {
  if (drawn.has(element) || own(element, DRAWN)) return;
  drawn.add(element);
  try {
    Object.defineProperty(element, DRAWN, { value: true });
  } catch (error) {
    // an element the page made non-extensible: this copy's own set still knows it
  }
  let root = null;
  try {
    root = element.shadowRoot || element.attachShadow({ mode: 'open' });
    styleShadowRoot(root, RESULT_CSS);
  } catch (error) {
    root = null;
  }
  const line = document.createElement('p');
  line.className = 'result';
  line.setAttribute('part', 'result');
  line.setAttribute('role', 'status');
  (root || element).append(line);
  const state = { words: resultWords() };
  // A live region announces every write, the same words again too: only changes are written.
  const write = (text) => {
    if (line.textContent !== text) {
      line.lang = say(state, 'lang');
      line.textContent = text;
    }
  };
  let url;
  try {
    url = resultUrl(element, pinned);
  } catch (error) {
    console.error('mixpay-checkout: data-mixpay-result: ' + error.message, element);
    write(say(state, 'r.unknown'));
    return;
  }
  let polls = 0;
  let failures = 0;
  let wait;
  const poll = () => {
    if (!element.isConnected) return;
    lookup(url).then((read) => {
      if (read.kind) {
        if (read.kind === 'api' && read.code === 40022) {
          write(say(state, 'r.unknown'));
        } else if (read.kind !== 'api' && (wait = RESULT_WAITS[failures++])) {
          defer(poll, wait[0] + Math.random() * wait[1]);
          return;
        } else {
          write(say(state, 'r.error'));
        }
        fire(element, 'mixpay:error', read, false);
        return;
      }
      failures = 0;
      write(resultText(state, read.status, read.failureCode, read.failureReason));
      fire(element, 'mixpay:result', Object.assign({}, read), false);
      if (!isFinal(read.status)) {
        if (++polls < RESULT_POLLS) defer(poll, RESULT_POLL_MS);
        else write(say(state, 'r.waiting'));
      }
    });
  };
  loadWords(language(element), base).then((table) => {
    state.words = resultWords(table);
    write(say(state, 'r.checking'));
    poll();
  });
}
