// A history-based switch: `?route=<name>` decides the page; navigate() pushes a history
// entry and Back/Forward (popstate) are followed. Each change counts a visit, so a page
// seen twice is drawn with new elements (their ids carry the visit).
const listeners = new Set();
let snapshot = null;
let visit = 0;

function read() {
  const route = new URLSearchParams(location.search).get('route') || 'home';
  snapshot = { route, visit };
  return snapshot;
}

export function current() {
  return snapshot || read();
}

function changed() {
  visit++;
  read();
  listeners.forEach((listener) => listener());
}

export function navigate(route) {
  history.pushState(null, '', '?route=' + encodeURIComponent(route));
  changed();
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

if (typeof window !== 'undefined') window.addEventListener('popstate', changed);
