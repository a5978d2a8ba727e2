// The Preact shop: the same pages as the React one (shop-pages.jsx) on Preact's hooks and
// the README's Preact recipe.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Checkout, useMixPayState } from './checkout-preact';
import { shopPages } from './shop-pages.jsx';
import { current, subscribe } from './router.js';

const page = shopPages({ useEffect, useRef, useState, Checkout, useMixPayState, refProp: 'elementRef' });

export function App({ initial }) {
  const [snapshot, setSnapshot] = useState(() => initial || current());
  useEffect(() => subscribe(() => setSnapshot(current())), []);
  return page(snapshot);
}
