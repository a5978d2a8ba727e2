// What tools/bundle/build.mjs builds into the script, for the modules imported unbundled:
// the translations' hashes by language (the values are not checked here).
globalThis.MIXPAY_LOCALE_INTEGRITY = { es: 'sha384-es', ja: 'sha384-ja', ru: 'sha384-ru', zh: 'sha384-zh' };
globalThis.MIXPAY_WASM_INTEGRITY = 'sha384-wasm';
// As in the ES module: imported anywhere, so it checks for a DOM.
globalThis.MIXPAY_CLASSIC = false;
