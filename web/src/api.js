// The module and what a script asks of it: ready, validate(), create(). The checkout
// itself is the core's: it validates, fills the traceId, sends (with retries) and reads
// the answer, and settles once with one result.
import { PINNED, normalize } from './config.js';
import { loadModule } from './loader.js';
import { inert, own } from './guards.js';

export let core = null;
let begin;
// Settles once the module is loaded (after loadCore()), or rejects with the reason.
export const ready = new Promise((resolve) => {
  begin = resolve;
}).then((args) => loadModule(...args)).then((module) => {
  // Each result reaches the page without a prototype: a `then` put on Object.prototype
  // never turns it into a thenable that a promise would follow.
  core = {
    prepare: module.prepare,
    checkout: (params, now, random, done, beforeSend) =>
      module.checkout(params, now, random, (result) => done(inert(result)), beforeSend),
  };
});

export const loadCore = (factory, url, integrity) => begin([factory, url, integrity]);

export const nowSeconds = () => Math.floor(Date.now() / 1000);
// Bytes 0-15 become the traceId when none is given, 16-23 jitter the retries' backoff.
export const randomBytes = () => crypto.getRandomValues(new Uint8Array(24));

function requireCore(name) {
  if (!core) {
    throw new Error('mixpay-checkout: ' + name + '() needs the module; await MixPayCheckout.ready');
  }
  return core;
}

export function fieldErrors(list) {
  const out = [];
  for (let i = 0; i < list.length; i++) {
    out.push({ field: own(list[i], 'field'), message: own(list[i], 'message') });
  }
  return out;
}

// The errors of parameters already in the core's form (normalize() or snapshot()); a
// field the page's pins refuse is reported as that.
export function errorsOf(params) {
  const pinned = own(params, 'pinned') || [];
  const errors = fieldErrors(own(requireCore('validate').prepare(params, nowSeconds(), randomBytes()), 'errors'))
    .filter((e) => pinned.indexOf(e.field) < 0);
  return pinned.map((field) => ({ field, message: field + PINNED })).concat(errors);
}

export const validate = (params) => errorsOf(normalize(params));

// A success whose code or URL could not be read as the core's own values (something on
// the page intercepts property writes): treated as an unusable answer, never followed.
export const UNREADABLE = Object.freeze({
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

export function create(params) {
  return ready.then(() => checkout(normalize(params), nowSeconds(), randomBytes()))
    .then((result) => {
      const url = own(result, 'url');
      if (own(result, 'ok') !== true) throw attemptError(result);
      if (typeof url !== 'string') throw attemptError(UNREADABLE);
      return inert({ code: own(result, 'code'), url, traceId: own(result, 'traceId') });
    });
}
