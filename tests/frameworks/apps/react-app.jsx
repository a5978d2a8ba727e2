// The React 19 shop: the shared pages (shop-pages.jsx) on React's hooks and the README's
// React recipe, routed through useSyncExternalStore.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Checkout, useMixPayState } from './checkout-react';
import { shopPages } from './shop-pages.jsx';
import { current, subscribe } from './router.js';

const page = shopPages({ useEffect, useRef, useState, Checkout, useMixPayState, refProp: 'ref' });

export function App({ initial }) {
  return page(useSyncExternalStore(subscribe, current, () => initial));
}
