// The ES module entry, dist/mixpay-checkout.mjs, for bundlers: import { MixPayCheckout }
// from 'mixpay-checkout'. The .wasm and the translations are found beside the module, or
// where MixPayCheckout.configure({ assetsUrl }) says. Imported where there is no window
// (Node, server-side rendering), it does nothing and MixPayCheckout is undefined. It has no
// script tag of its own, so no nonce to give mixpay-result.js (a nonce policy allows that
// script by 'strict-dynamic' or by the assets' origin).
import createMixPayCore from 'mixpay:core';
import { start } from './index.js';

export const MixPayCheckout = start(createMixPayCore, import.meta.url);
