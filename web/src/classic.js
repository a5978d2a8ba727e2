// The classic script, dist/mixpay-checkout.js: <script src=… defer>. The Emscripten glue
// is bundled inside, so its factory stays private and the page fetches one file.
import createMixPayCore from 'mixpay:core';
import { start } from './index.js';

// Everything else is loaded relative to this script's own URL (a copy without a src of
// its own finds the files beside the page).
const script = document.currentScript || document.querySelector('script[src*="mixpay-checkout.js"]');
start(createMixPayCore, script && script.src);
