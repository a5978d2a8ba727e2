// The element's attributes (and a script's parameters) → the core's params: strings only,
// in an object without a prototype, so nothing on Object.prototype is ever read as a
// parameter; values pass unchanged.
import { DOM, ObjectCreate, URLClass, getAttribute, own } from './guards.js';

// The API's parameters and the widget options the core reads, by dataset key: the
// core's own table, given by the module once it is loaded (useNames()).
let KEYS = [];
let ATTRIBUTES = [];
// Server-created payments: the attribute naming the element's other data-* attributes
// that go to the merchant's endpoint with the order reference.
const CODE_PARAMS = 'codeParams';
// A dataset key's attribute: payeeId → data-payee-id.
export const kebab = (key) => 'data-' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
export const LABEL_ATTRIBUTE = kebab('label');
const CODE_PARAMS_ATTRIBUTE = kebab(CODE_PARAMS);
export const useNames = (names) => {
  KEYS = names;
  ATTRIBUTES = names.map(kebab);
};
export const names = () => KEYS;
// The attributes a button follows (the core's once the module is loaded).
export const watched = () => [LABEL_ATTRIBUTE, CODE_PARAMS_ATTRIBUTE].concat(ATTRIBUTES);

// The page's own word (the script tag's data-payee-ids, data-api-base, data-pay-base, or
// configure()): `read(key)` gives each, or null/undefined where the page says nothing.
export const pins = ObjectCreate(null);
export function pin(read) {
  for (const key of ['payeeIds', 'apiBase', 'payBase']) {
    const value = read(key);
    if (value === null || value === undefined) continue;
    if (key !== 'payeeIds') {
      pins[key] = String(value);
      continue;
    }
    const ids = pins.payeeIds = ObjectCreate(null);
    for (const id of [].concat(value).join(' ').split(/[\s,]+/)) if (id) ids[id] = true;
  }
}

// Against the pins: a pinned base fills an element that sets none; a different value, a
// payee not in the list, or (with pinned payees or API) a code endpoint on another origin
// than the page's (it would decide the payee) is refused on that field. The value is replaced by one the core refuses
// under the same field, so nothing is ever sent, and `pinned` names the fields.
const NOT_PINNED = 'not allowed on this page';
export const PINNED = " is not what this page pins (a code endpoint must be on the page's origin)";
function pinned(out) {
  const refused = [];
  for (const key of ['apiBase', 'payBase']) {
    if (pins[key] === undefined) continue;
    if (out[key] === undefined) out[key] = pins[key];
    else if (out[key] !== pins[key]) refused.push(key);
  }
  if (out.codeEndpoint === undefined) {
    if (pins.payeeIds && out.payeeId !== undefined && pins.payeeIds[out.payeeId] !== true) refused.push('payeeId');
  } else if ((pins.payeeIds || pins.apiBase) &&
      out.codeEndpoint.slice(0, location.origin.length + 1) !== location.origin + '/') {
    refused.push('codeEndpoint');
  }
  for (let i = 0; i < refused.length; i++) out[refused[i]] = NOT_PINNED;
  if (refused.length) out.pinned = refused;
  return out;
}

// A relative codeEndpoint is resolved against the page's own address (never a <base
// href>), and the fields sent with it become the alternating names and values the core
// reads.
function completed(out, fields) {
  if (out.codeEndpoint !== undefined) {
    try {
      out.codeEndpoint = new URLClass(out.codeEndpoint, DOM ? location.href : undefined).href;
    } catch (error) {
      // left as it is: the core names the field
    }
    out.codeFields = fields;
  }
  return DOM ? pinned(out) : out;
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
