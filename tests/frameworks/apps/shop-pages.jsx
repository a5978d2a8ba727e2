// The pages the React and Preact shops share: a product page (the button, then a late
// fallback link and a late line reading the button's state), a cart that re-prices and
// reorders, a home page. JSX here compiles to whichever framework bundles it (esbuild's
// jsxImportSource), and the framework's hooks and recipe come in as arguments:
// `refProp` names the recipe's prop that receives the element's ref.
import { LATER_MS, PRODUCTS, REPRICED, dataset, product } from './shop.js';

export function shopPages({ useEffect, useRef, useState, Checkout, useMixPayState, refProp }) {
  function useLater() {
    const [later, setLater] = useState(false);
    useEffect(() => {
      const timer = setTimeout(() => setLater(true), LATER_MS);
      return () => clearTimeout(timer);
    }, []);
    return later;
  }

  function StateLine({ target, id }) {
    const state = useMixPayState(target);
    return <p id={id}>{state ?? 'none'}</p>;
  }

  function Product({ id, visit }) {
    const ref = useRef(null);
    const later = useLater();
    const key = `${id}-${visit}`;
    return (
      <section>
        <h2>{id}</h2>
        <Checkout id={`checkout-${key}`} {...{ [refProp]: ref }} dataset={dataset(product(id))}>
          {later ? <a id={`link-${key}`} href={`/pay-by-link/${id}`}>Pay by link</a> : null}
        </Checkout>
        {later ? <StateLine target={ref} id={`state-${key}`} /> : null}
      </section>
    );
  }

  function Cart({ visit }) {
    const [items, setItems] = useState(PRODUCTS);
    const reprice = () => setItems((list) => list.map((p) => ({ ...p, price: REPRICED[p.id] })).reverse());
    return (
      <section>
        <button id="reprice" type="button" onClick={reprice}>Re-price</button>
        <ul>
          {items.map((p) => (
            <li key={p.id}><Checkout id={`checkout-cart-${p.id}-${visit}`} dataset={dataset(p)} /></li>
          ))}
        </ul>
      </section>
    );
  }

  // The page of a router snapshot ({route, visit}).
  return function page({ route, visit }) {
    if (route.startsWith('product/')) return <Product key={route + visit} id={route.slice(8)} visit={visit} />;
    if (route === 'cart') return <Cart key={visit} visit={visit} />;
    return <p id="home">Home</p>;
  };
}
