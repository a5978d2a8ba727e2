// What the buyer reads. English is built in; another language is fetched (checked against
// its hash) only for a buyer who reads it. English errors are the core's own messages; a
// translation names them by kind (e.network, e.api.1017, ...) and MixPay's failure codes
// (f.40000, ...), and anything it lacks falls back to English.
import { ObjectCreate, URLClass, getAttribute } from './guards.js';

// `lang`: the language tag of the words (a translation's is its file's), on their text.
// The result element's English words are its own (statuses.js), not in the button's script.
export const ENGLISH = {
  lang: 'en',
  label: 'Pay with crypto',
  busy: 'Creating payment\u2026',
  unavailable: 'Checkout unavailable',
  invalid: '{fields} is invalid',
  invalidMany: '{fields} are invalid',
  generic: 'Something went wrong. Please try again.',
};

// The languages there is a translation of, and the translations' hashes: filled in by
// the build (tools/bundle/build.mjs) as {lang: 'sha256-…'}.
/* global MIXPAY_LOCALE_INTEGRITY */
const LANGUAGES = MIXPAY_LOCALE_INTEGRITY;
const translations = ObjectCreate(null);

// The page's data-locale (English when there is no translation of it: that is the page's
// language, not the buyer's), else the first of the browser's languages there is a
// translation of (by primary subtag), else English.
export function chooseLanguage(given, browserLanguages, available) {
  for (const tag of given ? [given] : browserLanguages) {
    const primary = String(tag || '').toLowerCase().split(/[-_]/)[0];
    if (primary === 'en' || available[primary]) return primary;
  }
  return 'en';
}

export const language = (element) => chooseLanguage(getAttribute(element, 'data-locale'),
  navigator.languages || [navigator.language], LANGUAGES);

// The translation for `lang` from the folder `base`, once per page.
export function loadWords(lang, base) {
  if (!translations[lang]) {
    translations[lang] = lang === 'en' ? Promise.resolve(ObjectCreate(null)) : fetch(
      new URLClass('mixpay-checkout.' + lang + '.json', base).href,
      { credentials: 'same-origin', integrity: LANGUAGES[lang] },
    ).then((response) => response.json()).then((table) => {
      const words = ObjectCreate(null);
      words.lang = lang;
      for (const key of Object.keys(table)) {
        if (typeof table[key] === 'string') words[key] = table[key];
      }
      return words;
    }).catch((error) => {
      console.error('mixpay-checkout: the ' + lang + ' translation could not be loaded; using English', error);
      return ObjectCreate(null);
    });
  }
  return translations[lang];
}

// A sentence in the words of `state` (a button's or a result element's; else English),
// with {name} filled from `values`.
export function say(state, key, values) {
  const text = state.words[key] || ENGLISH[key];
  return text.replace(/\{(\w+)\}/g, (m, name) => (values && values[name] !== undefined ? values[name] : m));
}

// A failed attempt in the buyer's words: by MixPay's code, else by kind, else the core's
// own (English) message; with `debug`, what happened exactly.
export function failureText(state, { kind, status, code, message }, debug) {
  const words = state.words;
  const text = words['e.' + kind + '.' + code] || words['e.' + kind] || message || say(state, 'generic');
  return debug ? text + '\n(' + kind + ', HTTP ' + status + ', code ' + code + ')' : text;
}
