// The buyer's language, the failure text and the result element's words, in every
// translation.
import './build-globals.mjs';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const { ENGLISH, chooseLanguage, failureText, say } = await import('../src/words.js');
const { RESULT_ENGLISH, STATUSES, resultText, resultWords } = await import('../src/statuses.js');

const here = path.dirname(fileURLToPath(import.meta.url));
const LOCALES = Object.fromEntries(['es', 'ja', 'ru', 'zh'].map((lang) =>
  [lang, JSON.parse(fs.readFileSync(path.join(here, '..', 'locales', `${lang}.json`), 'utf8'))]));
const AVAILABLE = { es: 'h', ja: 'h', ru: 'h', zh: 'h' };
// A button's or a result element's words.
const in_ = (words) => ({ words });
const EN = in_(ENGLISH);
// The result element's English: its own words (statuses.js) and the button's lang.
const EN_RESULT = in_(resultWords());
// Every English sentence, the button's and the result element's.
const ALL_ENGLISH = { ...ENGLISH, ...RESULT_ENGLISH };

test('language: the page\'s data-locale when there is a translation, else English', () => {
  assert.equal(chooseLanguage('ja', ['ru'], AVAILABLE), 'ja');
  assert.equal(chooseLanguage('zh-Hant-TW', [], AVAILABLE), 'zh');
  assert.equal(chooseLanguage('pt_BR', ['es'], AVAILABLE), 'en', "the page's language, not the buyer's");
  assert.equal(chooseLanguage('EN', ['ja'], AVAILABLE), 'en');
});

test('language: else the first of the browser\'s languages with a translation, by primary subtag', () => {
  assert.equal(chooseLanguage(null, ['fr-FR', 'es-MX', 'ja'], AVAILABLE), 'es');
  assert.equal(chooseLanguage(null, ['fr', 'en-GB', 'ja'], AVAILABLE), 'en');
  assert.equal(chooseLanguage(null, ['fr', 'de'], AVAILABLE), 'en');
  assert.equal(chooseLanguage(null, [], AVAILABLE), 'en');
  assert.equal(chooseLanguage(null, [undefined, 'RU-ru'], AVAILABLE), 'ru');
  assert.equal(chooseLanguage(null, ['ja'], {}), 'en', 'no translation built in');
  assert.equal(chooseLanguage('', ['zh-CN'], AVAILABLE), 'zh', 'an empty data-locale is none');
});

test('say: the translation\'s sentence, else English, placeholders filled', () => {
  assert.equal(say(EN, 'invalid', { fields: 'payeeId' }), 'payeeId is invalid');
  assert.equal(say(in_(LOCALES.es), 'label'), LOCALES.es.label);
  assert.equal(say(in_(Object.create(null)), 'label'), 'Pay with crypto');
  assert.equal(say(EN, 'invalid', {}), '{fields} is invalid', 'an unknown placeholder stays');
});

test('failure text: by MixPay\'s code, else by kind, else the core\'s message', () => {
  const api = { kind: 'api', status: 200, code: 10008, message: 'maintenance' };
  assert.equal(failureText(in_(LOCALES.ja), api, false), LOCALES.ja['e.api.10008']);
  assert.equal(failureText(in_(LOCALES.ja), { ...api, code: 99999 }, false), LOCALES.ja['e.api']);
  assert.equal(failureText(EN, api, false), 'maintenance');
  assert.equal(failureText(EN, { ...api, message: '' }, false), ENGLISH.generic);
  assert.equal(failureText(in_(LOCALES.ru), { kind: 'timeout', status: 0, code: 0, message: 'Timed out' }, false),
    LOCALES.ru['e.timeout']);
  assert.equal(failureText(EN, { kind: 'http', status: 503, code: 0, message: 'HTTP 503' }, true),
    'HTTP 503\n(http, HTTP 503, code 0)');
});

test('every documented payments_result status has words, in English and in every translation', () => {
  assert.deepEqual([...STATUSES].sort(),
    ['auditing', 'confirming', 'failed', 'paid_less', 'pending', 'success', 'unpaid']);
  for (const [lang, words] of [['en', ALL_ENGLISH], ...Object.entries(LOCALES)]) {
    const texts = new Set();
    for (const status of STATUSES) {
      assert.equal(typeof words['r.' + status], 'string', `${lang}: r.${status}`);
      texts.add(words['r.' + status]);
    }
    assert.equal(texts.size, STATUSES.length, `${lang}: each status its own words`);
  }
});

test('the words say what each status means to a buyer', () => {
  assert.match(resultText(EN_RESULT, 'pending'), /received.*being processed/i);
  assert.match(resultText(EN_RESULT, 'auditing'), /under review/i);
  assert.match(resultText(EN_RESULT, 'confirming'), /waiting for network confirmations/i);
  assert.match(resultText(EN_RESULT, 'paid_less'), /paid less than the amount due/i);
  assert.doesNotMatch(resultText(EN_RESULT, 'pending'), /thank you/i, 'pending is not success');
});

test('a failure in the buyer\'s words: MixPay\'s code translated, else MixPay\'s own reason', () => {
  assert.equal(resultText(in_(resultWords(LOCALES.ja)), 'failed', '40024', 'Paid the wrong amount'),
    LOCALES.ja['r.failed'].replace('{reason}', LOCALES.ja['f.40024']));
  assert.equal(resultText(EN_RESULT, 'failed', '40024', 'Paid the wrong amount'), 'The payment failed: Paid the wrong amount');
  assert.equal(resultText(in_(resultWords(LOCALES.zh)), 'failed', '12345', 'Something new'),
    LOCALES.zh['r.failed'].replace('{reason}', 'Something new'));
});

test('every translation has the keys English has (but lang, its file\'s name), and no key English lacks but e./f. ones', () => {
  assert.equal(say({ words: ENGLISH }, 'lang'), 'en');
  assert.equal(say(EN_RESULT, 'lang'), 'en', 'the result element\'s English is marked English');
  for (const [lang, words] of Object.entries(LOCALES)) {
    assert.equal(words.lang, undefined, `${lang}: the file's name is its language`);
    for (const key of Object.keys(ALL_ENGLISH)) {
      if (key !== 'lang') assert.equal(typeof words[key], 'string', `${lang}: ${key}`);
    }
    for (const key of Object.keys(words)) {
      assert.ok(key in ALL_ENGLISH || /^(e|f)\./.test(key), `${lang}: unknown key ${key}`);
    }
  }
});
