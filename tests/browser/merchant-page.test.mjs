// What a merchant's page gets beyond the contract: a fallback that keeps the page usable
// when the button cannot be, the buyer's language, themes and styling hooks, and a debug
// mode that shows configuration errors on the page.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { T, button, buttonState, consoleErrors, sleep, useHarness, waitEvent, waitFor } from './harness.mjs';

const h = useHarness();
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = process.env.MIXPAY_DIST || path.resolve(here, '..', '..', 'dist');
const locale = (lang) => JSON.parse(fs.readFileSync(path.join(here, '..', '..', 'web', 'locales', `${lang}.json`), 'utf8'));

const FALLBACK = '<a id="fallback" href="/fallback.html">Pay by link</a>';

// The fallback link and the button as the buyer sees them.
async function visibility(page) {
  return {
    link: await page.locator('#fallback').isVisible(),
    button: await button(page).isVisible(),
  };
}

test('fallback: the element\'s own link is shown until the button is ready, then the button', T, async () => {
  const page = await h.open('fallback-upgraded', { elements: [{ id: 'checkout', html: FALLBACK }] });
  assert.deepEqual(await visibility(page), { link: false, button: true });
  assert.equal((await buttonState(page)).disabled, false);
});

test('fallback: with WebAssembly blocked the link stays and works, the reason is in the console', T, async () => {
  fs.writeFileSync(path.join(h.dir, 'fallback.html'), '<!doctype html><title>fallback</title><p>Pay here</p>\n');
  const csp = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' " + h.apiOrigin;
  const page = await h.newPage();
  await page.goto(h.writePage('fallback-blocked', { csp, elements: [{ id: 'checkout', html: FALLBACK }] }));
  await waitFor(() => consoleErrors(page).some((t) => /Content-Security-Policy blocks WebAssembly/.test(t)),
    { what: 'the reason in the console' });
  assert.deepEqual(await visibility(page), { link: true, button: false });
  await page.locator('#fallback').click();
  await page.waitForURL((u) => u.pathname === '/fallback.html');
  assert.deepEqual(await h.payments(), [], 'nothing sent');
});

test('fallback: an invalid configuration shows the reason and keeps the link', T, async () => {
  const page = await h.open('fallback-invalid', {
    elements: [{ id: 'checkout', attrs: { quoteAmount: 'ten' }, html: FALLBACK }],
  }, { expect: 'invalid' });
  assert.deepEqual(await visibility(page), { link: true, button: true });
  const s = await buttonState(page);
  assert.equal(s.disabled, true);
  assert.match(s.alert, /quoteAmount/);
});

for (const lang of ['zh', 'es', 'ja', 'ru']) {
  test(`locale ${lang}: label, busy text, API error and invalid configuration in ${lang}`, T, async () => {
    const words = locale(lang);
    const page = await h.open(`locale-${lang}`, {
      elements: [
        { id: 'checkout', attrs: { locale: lang } },
        { id: 'broken', attrs: { locale: lang, quoteAmount: '-1' } },
      ],
      cancel: ['mixpay:error', 'mixpay:created'],
    }, { ids: ['checkout'] });
    assert.equal((await buttonState(page)).text.trim(), words.label);
    await waitEvent(page, 'mixpay:invalid');
    assert.equal((await buttonState(page, 'broken')).alert,
      `${words.unavailable}: ${words.invalid.replace('{fields}', 'quoteAmount')}`);
    await h.fault('api', 1, { code: '10008' });
    await button(page).click();
    await waitEvent(page, 'mixpay:error');
    await waitFor(async () => (await buttonState(page)).alert === words['e.api.10008'], { what: 'the error' });
    await h.fault('hang', 1, { seconds: '1' });
    await button(page).click();
    await waitFor(async () => (await buttonState(page)).text.trim() === words.busy, { what: 'the busy text' });
    await waitEvent(page, 'mixpay:created');
  });
}

test('locale: the browser\'s language by default; a data-locale without a translation gets English', T, async () => {
  const url = h.writePage('locale-browser', {
    elements: [{ id: 'checkout' }, { id: 'french', attrs: { locale: 'fr-CA' } }],
  });
  const context = await h.browser.newContext({ locale: 'ja-JP' });
  h.contexts.push(context);
  const page = await context.newPage();
  await page.goto(url);
  await waitEvent(page, 'mixpay:ready', { targets: ['checkout', 'french'] });
  assert.equal((await buttonState(page)).text.trim(), locale('ja').label);
  assert.equal((await buttonState(page, 'french')).text.trim(), 'Pay with crypto');
});

test('locale: a translation that does not match its published hash is not used (English instead)', T, async () => {
  const folder = path.join(h.dir, 'changed-locale');
  fs.mkdirSync(folder, { recursive: true });
  for (const f of fs.readdirSync(dist)) fs.copyFileSync(path.join(dist, f), path.join(folder, f));
  const file = path.join(folder, 'mixpay-checkout.ru.json');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(locale('ru').label, 'Changed'));
  const page = await h.open('locale-changed', {
    elements: [{ id: 'checkout', attrs: { locale: 'ru' } }],
    scripts: ['<script src="/changed-locale/mixpay-checkout.js" defer></script>'],
  });
  assert.equal((await buttonState(page)).text.trim(), 'Pay with crypto');
  assert.ok(consoleErrors(page).some((t) => /ru translation could not be loaded/.test(t)));
});

test('theme: data-theme forces dark or light whatever the color scheme; auto follows the page, not the system', T, async () => {
  const elements = [
    { id: 'auto' },
    { id: 'dark', attrs: { theme: 'dark' } },
    { id: 'light', attrs: { theme: 'light' } },
  ];
  const url = h.writePage('themes', { elements });
  const darkUrl = h.writePage('themes-dark', { elements });
  const darkFile = path.join(h.dir, new URL(darkUrl).pathname.slice(1));
  fs.writeFileSync(darkFile, fs.readFileSync(darkFile, 'utf8').replace('<html lang="en"', '<html lang="en" style="color-scheme: dark"'));
  const background = (page, id) => button(page, id).evaluate((b) => getComputedStyle(b).backgroundColor);
  const LIGHT = 'rgb(52, 81, 209)';
  const DARK = 'rgb(141, 162, 255)';
  for (const colorScheme of ['light', 'dark']) {
    for (const [page, auto] of [[url, LIGHT], [darkUrl, DARK]]) {
      const context = await h.browser.newContext({ colorScheme });
      h.contexts.push(context);
      const tab = await context.newPage();
      await tab.goto(page);
      await waitEvent(tab, 'mixpay:ready', { targets: ['auto', 'dark', 'light'] });
      const where = `a ${auto === DARK ? 'dark' : 'light'} page, the system in ${colorScheme} mode`;
      assert.equal(await background(tab, 'auto'), auto, `auto on ${where}`);
      assert.equal(await background(tab, 'dark'), DARK, `dark on ${where}`);
      assert.equal(await background(tab, 'light'), LIGHT, `light on ${where}`);
    }
  }
});

test('styling hooks: ::part(button), ::part(status) and the custom properties apply from the page', T, async () => {
  fs.writeFileSync(path.join(h.dir, 'brand.css'), [
    '#checkout { --mixpay-checkout-background: rgb(1, 2, 3); --mixpay-checkout-color: rgb(4, 5, 6); }',
    '#checkout::part(button) { border-radius: 0px; text-transform: uppercase; }',
    '#broken::part(status) { color: rgb(7, 8, 9); }',
    '',
  ].join('\n'));
  const page = await h.open('styling', {
    elements: [{ id: 'checkout' }, { id: 'broken', attrs: { quoteAmount: 'x' } }],
    scripts: ['<link rel="stylesheet" href="/brand.css">', '<script src="/dist/mixpay-checkout.js" defer></script>'],
  }, { ids: ['checkout'] });
  const style = await button(page).evaluate((b) => {
    const s = getComputedStyle(b);
    return [s.backgroundColor, s.color, s.borderRadius, s.textTransform];
  });
  assert.deepEqual(style, ['rgb(1, 2, 3)', 'rgb(4, 5, 6)', '0px', 'uppercase']);
  await waitEvent(page, 'mixpay:invalid');
  const status = await page.evaluate(() =>
    getComputedStyle(document.getElementById('broken').shadowRoot.querySelector('[part=status]')).color);
  assert.equal(status, 'rgb(7, 8, 9)');
});

test('data-debug shows every configuration error\'s message on the page; without it only the fields', T, async () => {
  const page = await h.open('debug', {
    elements: [
      { id: 'checkout', attrs: { debug: '', quoteAmount: '1e3', orderId: 'abc' } },
      { id: 'quiet', attrs: { quoteAmount: '1e3', orderId: 'abc' } },
    ],
  }, { expect: 'invalid' });
  const debug = (await buttonState(page)).alert;
  assert.match(debug, /quoteAmount: quoteAmount must be a positive decimal/);
  assert.match(debug, /orderId: orderId must be 6 to 36 characters/);
  const quiet = (await buttonState(page, 'quiet')).alert;
  assert.equal(quiet, 'Checkout unavailable: quoteAmount, orderId are invalid');
  assert.ok(await page.locator('#checkout').getByText('quoteAmount must be a positive decimal').isVisible());
  await sleep(100);
});
