// The page's own scripts may later replace globals or pollute Object.prototype. What
// decides where the buyer goes is read through these, taken when the script loads. Where
// there is no DOM (Node, server-side rendering) the DOM's are null, and nothing starts.

/* global MIXPAY_CLASSIC */
// (The classic script, MIXPAY_CLASSIC in its build, only ever runs from a <script> tag.)
export const DOM = MIXPAY_CLASSIC || (typeof window === 'object' && typeof document === 'object');

export const ObjectCreate = Object.create;
const ownDescriptor = Object.getOwnPropertyDescriptor;
const setPrototype = Object.setPrototypeOf;
const call = Function.prototype.call;
const hasOwn = call.bind(Object.prototype.hasOwnProperty);
export const getAttribute = DOM ? call.bind(Element.prototype.getAttribute) : null;
export const assignLocation = DOM ? location.assign.bind(location) : null;
export const URLClass = URL;
// What crosses into the module and back is JSON text: parsed and written by the JSON of load time.
export const JSONParse = JSON.parse;
export const JSONStringify = JSON.stringify;
export const defer = setTimeout;
// An object nothing on Object.prototype can reach: never resolved as a thenable.
export const inert = (object) => setPrototype(object, null);
// The Web Locks of this origin (one attempt across tabs), where the browser has them.
export const lock = DOM && navigator.locks ? navigator.locks.request.bind(navigator.locks) : null;

// The XMLHttpRequest the module's glue uses: the browser's own, its methods and accessors
// taken now, so replacing XMLHttpRequest or its prototype later changes nothing. It says
// whether the answer came from another address than the one asked (a redirect).
const xhrPart = (name, part) => call.bind(ownDescriptor(XMLHttpRequest.prototype, name)[part]);
function captureXHR() {
  const RealXHR = XMLHttpRequest;
  const open = xhrPart('open', 'value');
  const header = xhrPart('setRequestHeader', 'value');
  const send = xhrPart('send', 'value');
  const abort = xhrPart('abort', 'value');
  const listen = call.bind(EventTarget.prototype.addEventListener);
  const setTimeout_ = xhrPart('timeout', 'set');
  const setType = xhrPart('responseType', 'set');
  const read = ['readyState', 'status', 'response', 'responseURL'].map((name) => [name, xhrPart(name, 'get')]);
  const events = ['load', 'error', 'timeout', 'progress', 'readystatechange'];
  function GlueXHR() {
    if (rehearsal) return rehearsed(rehearsal);
    const xhr = new RealXHR();
    const self = this;
    let asked;
    self.open = (method, url) => {
      asked = new URLClass(url, location.href).href;
      open(xhr, method, asked);
    };
    self.setRequestHeader = (name, value) => header(xhr, name, value);
    self.abort = () => abort(xhr);
    self.send = (body) => {
      setTimeout_(xhr, self.timeout);
      setType(xhr, self.responseType);
      for (let i = 0; i < events.length; i++) {
        const handler = self['on' + events[i]];
        listen(xhr, events[i], (event) => {
          for (let j = 0; j < read.length; j++) self[read[j][0]] = read[j][1](xhr);
          self.redirected = self.responseURL !== asked;
          if (handler) handler(event);
        });
      }
      send(xhr, body);
    };
  }
  GlueXHR.prototype = ObjectCreate(null);
  return GlueXHR;
}
export const GlueXHR = DOM ? captureXHR() : null;

// A rehearsal of the click (warm.js): every XMLHttpRequest the glue makes while `run` runs
// has no connection at all: it sends nothing and answers 200 with `answer` a task later.
let rehearsal = null;
export function rehearse(answer, run) {
  rehearsal = answer;
  try {
    run();
  } finally {
    rehearsal = null;
  }
}
function rehearsed(answer) {
  const self = ObjectCreate(null);
  self.open = (method, url) => {
    self.responseURL = url;
  };
  self.setRequestHeader = () => {};
  self.send = () => defer(() => {
    self.response = new TextEncoder().encode(answer).buffer;
    self.readyState = 4;
    self.status = 200;
    self.redirected = false;
    const progress = { loaded: answer.length, total: answer.length };
    self.onreadystatechange(progress);
    self.onprogress(progress);
    self.onload(progress);
  });
  return self;
}

// An own data property of an object, never one found on (or computed by) a prototype.
export function own(object, key) {
  if (object === null || (typeof object !== 'object' && typeof object !== 'function')) {
    return undefined;
  }
  const descriptor = ownDescriptor(object, key);
  return descriptor && hasOwn(descriptor, 'value') ? descriptor.value : undefined;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
