import { renderToString } from 'react-dom/server';
import { MixPayCheckout } from 'mixpay-checkout';
import { App } from './react-app.jsx';

const html = renderToString(<App initial={{ route: 'product/mug', visit: 0 }} />);
console.log(JSON.stringify({ html, imported: typeof MixPayCheckout }));
