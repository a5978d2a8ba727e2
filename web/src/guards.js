// The page's own scripts may later replace globals or pollute Object.prototype. What
// decides where the buyer goes is read through these, taken when the script loads. Where
// there is no DOM (Node, server-side rendering) the DOM's are null, and nothing starts.

/* global MIXPAY_CLASSIC */
// (The classic script, MIXPAY_CLASSIC in its build, only ever runs from a <script> tag.)
export const DOM = MIXPAY_CLASSIC || (typeof window === 'object' && typeof document === 'object');

export const ObjectCreate = Object.create;
const ownDescriptor = Object.getOwnPropertyDescriptor;
const hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty);
export const getAttribute = DOM ? Function.prototype.call.bind(Element.prototype.getAttribute) : null;
export const assignLocation = DOM ? location.assign.bind(location) : null;
export const URLClass = URL;
export const defer = setTimeout;

// An own data property of an object, never one found on (or computed by) a prototype.
export function own(object, key) {
  if (object === null || (typeof object !== 'object' && typeof object !== 'function')) {
    return undefined;
  }
  const descriptor = ownDescriptor(object, key);
  return descriptor && hasOwn(descriptor, 'value') ? descriptor.value : undefined;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
