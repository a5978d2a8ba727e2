import { renderToString } from 'preact-render-to-string';
import { MixPayCheckout } from 'mixpay-checkout';
import { App } from './preact-app.jsx';

const html = renderToString(<App initial={{ route: 'product/mug', visit: 0 }} />);
console.log(JSON.stringify({ html, imported: typeof MixPayCheckout }));
