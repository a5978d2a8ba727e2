// The element's attributes (and a script's parameters) → the core's params: strings only,
// in an object without a prototype, so nothing on Object.prototype is ever read as a
// parameter; values pass unchanged.
import { DOM, ObjectCreate, URLClass, getAttribute, own } from './guards.js';

// The API's parameters and the widget options the core reads, by dataset key.
export const KEYS = [
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
export const LABEL_ATTRIBUTE = kebab('label');
const CODE_PARAMS_ATTRIBUTE = kebab(CODE_PARAMS);
export const WATCHED = [LABEL_ATTRIBUTE, CODE_PARAMS_ATTRIBUTE].concat(ATTRIBUTES);

// A relative codeEndpoint is resolved against the page, and the fields sent with it become
// the alternating names and values the core reads.
function completed(out, fields) {
  if (out.codeEndpoint !== undefined) {
    try {
      out.codeEndpoint = new URLClass(out.codeEndpoint, DOM ? document.baseURI : undefined).href;
    } catch (error) {
      // left as it is: the core names the field
    }
    out.codeFields = fields;
  }
  return out;
}

// The parameters a script gives (validate(), create()).
export function normalize(params) {
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
export function snapshot(element) {
  const out = ObjectCreate(null);
  for (let i = 0; i < KEYS.length; i++) {
    const value = getAttribute(element, ATTRIBUTES[i]);
    if (value !== null) out[KEYS[i]] = value;
  }
  const fields = [];
  const marked = getAttribute(element, CODE_PARAMS_ATTRIBUTE);
  for (const name of marked ? marked.split(/[\s,]+/) : []) {
    const value = name && getAttribute(element, 'data-' + name);
    if (value !== null && value !== '') {
      fields.push(name.replace(/-([a-z])/g, (m, c) => c.toUpperCase()), value);
    }
  }
  return completed(out, fields);
}

export const debugging = (element) => {
  const value = getAttribute(element, 'data-debug');
  return value !== null && value !== 'false';
};
