// The shadow DOM: the button, its status line and the stylesheet. Text only ever goes in
// as textContent, never as markup.
import BUTTON_CSS from './styles.css';
import { LABEL_ATTRIBUTE } from './config.js';
import { getAttribute } from './guards.js';
import { ENGLISH, say } from './words.js';

// One constructed sheet per stylesheet (the button's, styles.css; the result element's,
// result.css), shared by every shadow root that uses it.
const sheets = {};
export function styleShadowRoot(root, css) {
  try {
    if (!sheets[css]) {
      sheets[css] = new CSSStyleSheet();
      sheets[css].replaceSync(css);
    }
    root.adoptedStyleSheets = root.adoptedStyleSheets.concat(sheets[css]);
    return;
  } catch (error) {
    sheets[css] = null;
  }
  // Browsers without constructable stylesheets (a strict CSP may block this one).
  const style = document.createElement('style');
  style.textContent = css;
  root.appendChild(style);
}

export function fire(element, name, detail, cancelable) {
  return element.dispatchEvent(new CustomEvent(name, { bubbles: true, cancelable, detail }));
}

// The button's state: its parts, the words it speaks, and where its attempt stands.
export function render(element) {
  let root = element.shadowRoot;
  if (!root) {
    try {
      root = element.attachShadow({ mode: 'open' });
    } catch (error) {
      root = null; // e.g. a <p> or <a>: render into the element itself
    }
  }
  if (root) styleShadowRoot(root, BUTTON_CSS);
  const host = root || element;
  const button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('part', 'button');
  const icon = document.createElement('span');
  icon.className = 'icon';
  icon.setAttribute('aria-hidden', 'true');
  const text = document.createElement('span');
  text.className = 'label';
  button.append(icon, text);
  const status = document.createElement('p');
  status.className = 'status';
  status.setAttribute('part', 'status');
  status.setAttribute('role', 'alert');
  // The element's own content (a plain link to pay, say), there now or put in later, stays
  // the way to pay until the button works, and stays when it cannot.
  const fallback = root ? document.createElement('slot') : null;
  if (root) {
    // ids are scoped to the shadow root, so every button can use the same one.
    status.id = 'status';
    button.setAttribute('aria-describedby', 'status');
  }
  host.append(button, status);
  if (fallback) host.prepend(fallback);
  // `attempt` counts attempts: a result that arrives for an attempt the page gave up (the
  // element left the page, or the page came back from the back/forward cache) is ignored.
  // The rest of the button's state is set as it goes (checkout-button.js).
  const state = { element, button, text, status, fallback, words: ENGLISH, attempt: 0 };
  // aria-disabled, not disabled: the button keeps focus and its place in the tab order
  // (its reason is its description), and a click on it does nothing, as on a disabled one.
  button.addEventListener('click', (event) => {
    if (state.disabled) event.stopImmediatePropagation();
  });
  return state;
}

// Whether the element has content of its own to show (a link, an image, some text).
export const hasFallback = (state) => state.fallback &&
  (state.element.children.length > 0 || state.element.textContent.trim() !== '');

// Text written only when it changes: a write of the same text still makes the browser
// lay the button out again.
const setText = (node, value) => {
  if (node.textContent !== value) node.textContent = value;
};

// `fallback`: show the element's own content instead of the button (or beside it).
export function show(state, { enabled, busy = false, message = '', fallback = false }) {
  const { button, text, status } = state;
  const custom = getAttribute(state.element, LABEL_ATTRIBUTE);
  const lang = say(state, 'lang');
  button.setAttribute('aria-disabled', state.disabled = !enabled);
  if (busy) button.setAttribute('aria-busy', 'true');
  else button.removeAttribute('aria-busy');
  setText(text, busy ? say(state, 'busy') : custom || say(state, 'label'));
  // Our words carry their language; a data-label is the page's own.
  if (busy || !custom) text.lang = lang;
  else text.removeAttribute('lang');
  status.lang = lang;
  setText(status, message);
  paint(state);
  if (state.fallback) {
    state.fallback.hidden = !fallback;
    button.hidden = fallback && !message && hasFallback(state);
  }
}

// The auto theme follows the page where the button is, whatever the system prefers:
// light text there (the page's color-scheme, or its own dark style) is a dark page. (An
// element out of the document has no colour.) Asked at each show() and whenever the page's
// scheme changes (index.js); done once the running code is through (a microtask), for every
// button asked for meanwhile: their colours are all read, then all written, so the page's
// style is computed once for them, not once for each button (a forced style recalculation
// per button made a page of many buttons quadratic).
const unpainted = new Set();
const soon = queueMicrotask;
export function paint(state) {
  if (unpainted.add(state).size === 1) soon(paintAll);
}
function paintAll() {
  const list = Array.from(unpainted);
  unpainted.clear();
  list.map(({ element }) => getComputedStyle(element).color.match(/[\d.]+/g) || [])
    .forEach(([r, g, b], i) => list[i].button.toggleAttribute('dark', r * 2 + g * 7 + +b > 1280));
}
