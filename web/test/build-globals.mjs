// What tools/bundle/build.mjs builds into the script, for the modules imported unbundled:
// the translations' hashes by language (the values are not checked here).
globalThis.MIXPAY_LOCALE_INTEGRITY = { es: 'sha256-es', ja: 'sha256-ja', ru: 'sha256-ru', zh: 'sha256-zh' };
globalThis.MIXPAY_WASM_INTEGRITY = 'sha256-wasm';
// As in the ES module: imported anywhere, so it checks for a DOM.
globalThis.MIXPAY_CLASSIC = false;
