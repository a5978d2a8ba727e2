// Fetches the .wasm, checks it against its published hash and compiles it while the glue
// is still on its way, then starts the module; or says why it cannot start.

import { GlueXHR } from './guards.js';
import { task } from './tasks.js';

// A module that cannot start says why, on the button and in the console.
export function unavailable(reason, cause) {
  const error = new Error('mixpay-checkout: checkout unavailable: ' + reason);
  error.reason = reason;
  if (cause !== undefined) error.cause = cause;
  return error;
}

// Why a file was not used, from the HTTP status of a plain request for it: a file that is
// not there (404, or any other non-2xx) is "could not be loaded", with the status; one that
// is there is not the published one. (fetch() rejects both the same way when it checks
// integrity.) No status at all: the server could not be reached.
export function notLoadedReason(what, status) {
  if (status === 0) return 'the ' + what + ' could not be loaded';
  return status >= 200 && status < 300
    ? 'the ' + what + ' does not match its published integrity hash'
    : 'the ' + what + ' could not be loaded (HTTP ' + status + ')';
}

// The probe's bytes are never used.
function notLoaded(what, url, cause) {
  return fetch(url, { credentials: 'same-origin', cache: 'no-store' }).then(
    (response) => unavailable(notLoadedReason(what, response.status), cause),
    () => unavailable(notLoadedReason(what, 0), cause));
}

function compileFailure(error) {
  const text = String(error && error.message);
  if (/Content.Security.Policy|unsafe-eval|CSP/i.test(text)) {
    return unavailable("this page's Content-Security-Policy blocks WebAssembly " +
      "(script-src needs 'wasm-unsafe-eval')", error);
  }
  return unavailable('the payment module could not be started', error);
}

// At low priority: the page's own largest paint (a product photo, say) comes first. The
// bytes are used once they are all in: a fetch with `integrity` gives them only after
// checking the whole file, so there is nothing to compile while streaming.
function fetchWasm(url, integrity) {
  return fetch(url, { credentials: 'same-origin', integrity, priority: 'low' }).then(
    (response) => {
      if (!response.ok) throw unavailable(notLoadedReason('payment module', response.status));
      return response.arrayBuffer();
    },
    (error) => notLoaded('payment module', url, error).then((e) => { throw e; }));
}

// `factory` is the Emscripten glue's createMixPayCore (its minimal runtime), bundled in
// privately: it compiles and instantiates the checked bytes it is given as `wasm` (a
// failure rejects its promise: tools/bundle/build.mjs), and its requests go through the
// XMLHttpRequest captured at load (GlueXHR). The bytes are fetched while the rest of the
// script runs.
export function loadModule(factory, url, integrity) {
  if (typeof WebAssembly !== 'object' || WebAssembly === null ||
      typeof WebAssembly.instantiate !== 'function') {
    return Promise.reject(unavailable('this browser has WebAssembly turned off'));
  }
  return fetchWasm(url, integrity)
    .then((wasm) => factory({ xhr: GlueXHR, wasm }).then(null, (error) => {
      throw compileFailure(error);
    }))
    // The module's own start (its instance, Embind's registrations) in one task and its
    // first call (api.js, names()) in the next: two shorter tasks instead of one long one.
    .then((module) => new Promise((resolve) => task(() => resolve(module))))
    .catch((error) => {
      throw error && error.reason ? error : unavailable('the payment module could not be started', error);
    });
}
