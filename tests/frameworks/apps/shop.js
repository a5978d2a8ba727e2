// The shop every app draws: three products, a cart whose prices change, and the bases of
// the sandbox that stands in for MixPay (fixed when the app is built, as an app's
// environment is). The package is configured right after its import, as the README says.
import { MixPayCheckout } from 'mixpay-checkout';

/* global MIXPAY_API_BASE, MIXPAY_PAY_BASE, MIXPAY_ASSETS_URL */
if (MIXPAY_ASSETS_URL) MixPayCheckout?.configure({ assetsUrl: MIXPAY_ASSETS_URL });

export const PRODUCTS = [
  { id: 'mug', price: '10.50' },
  { id: 'tee', price: '25' },
  { id: 'cap', price: '7.25' },
];
export const REPRICED = { mug: '11.75', tee: '19.99', cap: '8' };

export const product = (id) => PRODUCTS.find((p) => p.id === id);

// The element's dataset for one product.
export function dataset(item) {
  return {
    payeeId: 'a0d7791408776b47eb1dd3f94ed15d6a',
    quoteAmount: item.price,
    quoteAssetId: 'usd',
    settlementAssetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
    orderId: `order_${item.id}`,
    apiBase: MIXPAY_API_BASE,
    payBase: MIXPAY_PAY_BASE,
  };
}

// How long after a product page mounts its late parts come: the fallback link (as if
// fetched) and the line that reads the button's state.
export const LATER_MS = 300;
