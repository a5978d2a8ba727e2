// The classic script, dist/mixpay-checkout.js: <script src=… defer>. The Emscripten glue
// is bundled inside, so its factory stays private and the page fetches one file.
import createMixPayCore from 'mixpay:core';
import { kebab, pin } from './config.js';
import { getAttribute } from './guards.js';
import { start } from './index.js';

// Everything else is loaded relative to this script's own URL (a copy without a src of
// its own finds the files beside the page).
const script = document.currentScript || document.querySelector('script[src*="mixpay-checkout.js"]');
// The script tag's data-payee-ids, data-api-base and data-pay-base hold for the whole page.
if (script) pin((key) => getAttribute(script, kebab(key)));
// Its CSP nonce (the property: the attribute reads empty once the page has a policy) goes
// to the result elements' script, if that is loaded.
start(createMixPayCore, script && script.src, script && script.nonce);
