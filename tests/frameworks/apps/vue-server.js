import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { MixPayCheckout } from 'mixpay-checkout';
import { App } from './vue-app.js';

const html = await renderToString(createSSRApp(App, { initial: { route: 'product/mug', visit: 0 } }));
console.log(JSON.stringify({ html, imported: typeof MixPayCheckout }));
