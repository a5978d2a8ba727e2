// The module and what a script asks of it: ready, validate(), create(). The checkout
// itself is the core's: it validates, fills the traceId, sends (with retries) and reads
// the answer, and settles once with one result. Parameters cross as one JSON text, and so
// does every result.
import { PINNED, names, normalize, useNames } from './config.js';
import { loadModule } from './loader.js';
import { JSONParse, JSONStringify, ObjectCreate, inert, own } from './guards.js';

export let core = null;
let begin;
// The attempts in the module, by id: what ask() and settle() call back into.
const pending = new Map();
let nextId = 0;
// Each result reaches the page without a prototype: a `then` put on Object.prototype
// never turns it into a thenable that a promise would follow.
const parse = (json) => inert(JSONParse(json));
// Settles once the module is loaded (after loadCore()), or rejects with the reason.
export const ready = new Promise((resolve) => {
  begin = resolve;
}).then((args) => loadModule(...args)).then((module) => {
  useNames(module.names().split(' '));
  module.ask = (id, traceId, orderId) => pending.get(id).ask(traceId, orderId);
  module.settle = (id, json) => {
    const attempt = pending.get(id);
    pending.delete(id);
    attempt.done(parse(json));
  };
  core = module;
});

// The module is fetched and started once both are said: loadCore() (index.js, as the
// script starts: what to load) and startCore() (once the page's largest paint is done, or
// sooner when something needs the module: create(), a button pointed at, focused or
// clicked).
let load = null;
let wanted = false;
export function loadCore(factory, url, integrity) {
  load = [factory, url, integrity];
  if (wanted) begin(load);
}
export function startCore() {
  wanted = true;
  if (load) begin(load);
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
// Bytes 0-15 become the traceId when none is given, 16-23 jitter the retries' backoff.
export const randomBytes = () => crypto.getRandomValues(new Uint8Array(24));
// The parameters as the core reads them, one JSON text: only the core's names and the code
// fields (never the `pinned` list), the fields in an array without a prototype (no toJSON
// on Array.prototype changes them). The same parameters always give the same text.
export function encode(params) {
  const fields = own(params, 'codeFields');
  if (fields) params = Object.assign(ObjectCreate(null), params, { codeFields: inert(fields.slice()) });
  return JSONStringify(params, names().concat('codeFields'));
}

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

// What the core would send for parameters already in its form (normalize() or
// snapshot()), unsent: {errors, traceId, orderId, identity}. `text`: their encode(), when
// the caller has it already.
export const check = (params, text = encode(params)) =>
  parse(requireCore('validate').prepare(text, nowSeconds(), randomBytes()));

// The errors of a check(); a field the page's pins refuse is reported as that.
export function errorsOf(params, checked = check(params)) {
  const pinned = own(params, 'pinned') || [];
  const errors = fieldErrors(own(checked, 'errors')).filter((e) => pinned.indexOf(e.field) < 0);
  return pinned.map((field) => ({ field, message: field + PINNED })).concat(errors);
}

export const validate = (params) => errorsOf(normalize(params));

// One attempt in the core: `ask(traceId, orderId)` decides, before anything is sent,
// whether to send it; resolves with the attempt's one result. The core checks and encodes
// the parameters here, at the attempt, whatever was checked before. `text`: as in check().
export const checkout = (params, ask, text = encode(params)) => new Promise((done) => {
  const id = ++nextId;
  pending.set(id, { ask, done });
  core.checkout(text, nowSeconds(), randomBytes(), id);
});

// A failed attempt's result as the page reads it (mixpay:error's detail, create()'s error).
export const failureOf = (result) => ({
  kind: own(result, 'kind'), status: own(result, 'httpStatus'), code: own(result, 'apiCode'),
  message: own(result, 'message'),
});

function attemptError(result) {
  if (own(result, 'status') === 'invalid') {
    const errors = fieldErrors(own(result, 'errors'));
    const error = new Error('mixpay-checkout: invalid ' + errors.map((e) => e.field).join(', '));
    error.kind = 'invalid';
    error.errors = errors;
    return error;
  }
  const failure = failureOf(result);
  return Object.assign(new Error(failure.message), failure);
}

export function create(params) {
  startCore();
  return ready.then(() => checkout(normalize(params), () => true)).then((result) => {
    if (own(result, 'status') !== 'created') throw attemptError(result);
    return inert({ code: own(result, 'code'), url: own(result, 'url'), traceId: own(result, 'traceId') });
  });
}
