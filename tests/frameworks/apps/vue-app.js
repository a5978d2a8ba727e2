// The Vue 3 shop (render functions, no template compiler): the same pages as the React one.
import { defineComponent, h, onBeforeUnmount, onMounted, ref, shallowRef } from 'vue';
import { Checkout, useMixPayState } from './checkout-vue';
import { LATER_MS, PRODUCTS, REPRICED, dataset, product } from './shop.js';
import { current, subscribe } from './router.js';

function useLater() {
  const later = ref(false);
  let timer;
  onMounted(() => {
    timer = setTimeout(() => (later.value = true), LATER_MS);
  });
  onBeforeUnmount(() => clearTimeout(timer));
  return later;
}

const StateLine = defineComponent({
  props: { target: { type: String, required: true }, id: { type: String, required: true } },
  setup(props) {
    const state = useMixPayState(shallowRef(document.getElementById(props.target)));
    return () => h('p', { id: props.id }, state.value ?? 'none');
  },
});

const Product = defineComponent({
  props: { id: { type: String, required: true }, visit: { type: Number, required: true } },
  setup(props) {
    const later = useLater();
    return () => {
      const key = `${props.id}-${props.visit}`;
      const link = () => (later.value ? [h('a', { id: `link-${key}`, href: `/pay-by-link/${props.id}` }, 'Pay by link')] : []);
      return h('section', [
        h('h2', props.id),
        h(Checkout, { id: `checkout-${key}`, dataset: dataset(product(props.id)) }, { default: link }),
        later.value ? h(StateLine, { target: `checkout-${key}`, id: `state-${key}` }) : null,
      ]);
    };
  },
});

const Cart = defineComponent({
  props: { visit: { type: Number, required: true } },
  setup(props) {
    const items = ref(PRODUCTS.slice());
    const reprice = () => {
      items.value = items.value.map((p) => ({ ...p, price: REPRICED[p.id] })).reverse();
    };
    return () => h('section', [
      h('button', { id: 'reprice', type: 'button', onClick: reprice }, 'Re-price'),
      h('ul', items.value.map((p) => h('li', { key: p.id }, [
        h(Checkout, { id: `checkout-cart-${p.id}-${props.visit}`, dataset: dataset(p) }),
      ]))),
    ]);
  },
});

export const App = defineComponent({
  props: { initial: { type: Object, default: null } },
  setup(props) {
    const snapshot = shallowRef(props.initial || current());
    let off;
    onMounted(() => {
      off = subscribe(() => (snapshot.value = current()));
    });
    onBeforeUnmount(() => off && off());
    return () => {
      const { route, visit } = snapshot.value;
      if (route.startsWith('product/')) return h(Product, { key: route + visit, id: route.slice(8), visit });
      if (route === 'cart') return h(Cart, { key: visit, visit });
      return h('p', { id: 'home' }, 'Home');
    };
  },
});
