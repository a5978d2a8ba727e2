// Accessibility of the checkout button and the result element. axe-core (every rule it runs
// by default, every impact level) finds no violation in any state of the button, on light
// and dark pages with the system in light and in dark mode, in each language, and in each
// status of the result element. What axe cannot see is checked by hand: focus through busy
// and error, a disabled button reachable by keyboard with its reason as its description, a
// click on it doing nothing, the language of the words, the focus ring's contrast, and a
// live region written only when its words change.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { T, VALID, button, consoleErrors, events, sleep, useHarness, waitEvent, waitFor } from './harness.mjs';

const h = useHarness();
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const dist = process.env.MIXPAY_DIST || path.join(repo, 'dist');
const LANGS = ['en', 'zh', 'es', 'ja', 'ru'];
const words = Object.fromEntries(LANGS.slice(1).map((lang) =>
  [lang, JSON.parse(fs.readFileSync(path.join(repo, 'web', 'locales', `${lang}.json`), 'utf8'))]));
const fixture = JSON.parse(fs.readFileSync(
  path.join(repo, 'tests', 'fixtures', 'mixpay-api', 'payments_result.current.json'), 'utf8'));

// The pages a button meets: no colours of its own (the browser's white canvas), a dark
// color-scheme, its own dark style without any color-scheme, and one that follows the system.
// (The color-scheme pages paint their background in the system colour Canvas: axe takes a
// page without any background for white.)
const PAGES = {
  light: '',
  'dark-scheme': ':root { color-scheme: dark; background: Canvas; }',
  'dark-style': 'body { background: #15171c; color: #e8eaf0; } a { color: #9db4ff; }',
  'light-dark': ':root { color-scheme: light dark; background: Canvas; }',
};
const LIGHT_BUTTON = 'rgb(52, 81, 209)';
const DARK_BUTTON = 'rgb(141, 162, 255)';

// A page of the harness with its content in a <main> landmark and `css` in its head.
function writePage(name, options = {}, css = '') {
  const url = h.writePage(name, options);
  const file = path.join(h.dir, new URL(url).pathname.slice(1));
  const html = fs.readFileSync(file, 'utf8')
    .replace('</head>', `<style>${css}</style>\n</head>`)
    .replace('<body>\n', '<body>\n<main>\n')
    .replace('\n</body>', '\n</main>\n</body>');
  fs.writeFileSync(file, html);
  return url;
}

// Opens it with the system in `scheme` mode and waits for `wait` on every element named.
async function open(name, options, { css = '', scheme = 'light', wait = 'mixpay:ready', targets } = {}) {
  const url = writePage(name, options, css);
  const page = await h.newPage();
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(url);
  if (wait) await waitEvent(page, wait, { targets: targets || (options.elements || [{ id: 'checkout' }]).map((e) => e.id) });
  return page;
}

// axe over the whole page, inside the open shadow roots: no violation at all. Returns the
// results, so a test can check what axe looked at.
async function assertAxe(page, what) {
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map((v) => ({
    id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary}`),
  }));
  assert.deepEqual(found, [], `axe violations: ${what}`);
  return results;
}

// Whether axe's rule `id` passed on a node inside the shadow root of #`host`, whose own
// selector contains `inner`.
const checked = (results, id, host, inner) => results.passes.some((rule) => rule.id === id &&
  rule.nodes.some((n) => Array.isArray(n.target[0]) && n.target[0][0] === `#${host}` && n.target[0].at(-1).includes(inner)));

// What the button in #id looks like to the buyer and to assistive technology.
const look = (page, id = 'checkout') => page.evaluate(async (id) => {
  const root = document.getElementById(id).shadowRoot;
  const b = root.querySelector('button');
  const status = root.querySelector('[part=status]');
  // The colours once a transition (focus, a state drawn in the page's palette) has ended.
  await Promise.all(b.getAnimations().concat(status.getAnimations()).map((a) => a.finished));
  const style = getComputedStyle(b);
  return {
    nativeDisabled: b.disabled,
    ariaDisabled: b.getAttribute('aria-disabled'),
    describedBy: b.getAttribute('aria-describedby'),
    description: (root.getElementById(b.getAttribute('aria-describedby')) || {}).textContent,
    status: status.textContent,
    background: style.backgroundColor,
    ring: style.outlineColor,
    error: getComputedStyle(status).color,
    focused: document.activeElement === root.host && root.activeElement === b,
  };
}, id);

// WCAG 2 contrast of two rgb()/rgba() colours (the second opaque).
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// The colour a page paints behind its body: the body's or the root's background, else the
// canvas in the root's color-scheme.
const pageBackground = (page) => page.evaluate(() => {
  for (const el of [document.body, document.documentElement]) {
    const c = getComputedStyle(el).backgroundColor;
    if (c !== 'rgba(0, 0, 0, 0)') return c;
  }
  const probe = document.createElement('div');
  probe.style.background = 'Canvas';
  document.documentElement.append(probe);
  const c = getComputedStyle(probe).backgroundColor;
  probe.remove();
  return c;
});

// Tabs until the button in #id has focus (at most `max` presses).
async function tabTo(page, id, max = 4) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await look(page, id)).focused) return;
  }
  assert.fail(`Tab never reached the button in #${id}`);
}

// The buttons of the page's accessibility tree (Chromium's own): name, description, state.
async function axButtons(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => n.role && n.role.value === 'button' && !n.ignored).map((n) => ({
    name: n.name && n.name.value,
    description: n.description && n.description.value,
    disabled: (n.properties || []).some((p) => p.name === 'disabled' && p.value.value === true),
    focusable: (n.properties || []).some((p) => p.name === 'focusable' && p.value.value === true),
  }));
}

// A copy of dist/ at /<name>/ without its .wasm: the module cannot start.
function distWithoutWasm(name) {
  const folder = path.join(h.dir, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(path.join(dist, 'mixpay-checkout.js'), path.join(folder, 'mixpay-checkout.js'));
  return `<script src="/${name}/mixpay-checkout.js" defer></script>`;
}

const unavailableText = (page, id) => waitFor(async () => {
  const s = await look(page, id);
  return s.status.startsWith('Checkout unavailable') ? s : null;
}, { what: `the reason in #${id}` });

// The button's states -----------------------------------------------------------------------

test('axe: ready and invalid, in a light page; native disabled is never used', T, async () => {
  const page = await open('a11y-ready-invalid', {
    elements: [{ id: 'checkout' }, { id: 'broken', attrs: { quoteAmount: '1e3' } }],
  }, { targets: ['checkout'] });
  await waitEvent(page, 'mixpay:invalid', { targets: ['broken'] });
  const results = await assertAxe(page, 'ready and invalid');
  assert.ok(checked(results, 'button-name', 'checkout', 'button'), 'axe checked the button in the shadow root');
  assert.ok(checked(results, 'color-contrast', 'broken', 'status'), 'axe checked the reason\'s contrast');
  const ready = await look(page);
  assert.deepEqual([ready.nativeDisabled, ready.ariaDisabled], [false, 'false']);
  const invalid = await look(page, 'broken');
  assert.deepEqual([invalid.nativeDisabled, invalid.ariaDisabled], [false, 'true']);
  assert.match(invalid.description, /^Checkout unavailable: quoteAmount is invalid/);
});

test('axe: busy (aria-busy, aria-disabled, focus kept) and error', T, async () => {
  await h.fault('hang', 1, { seconds: '6' });
  await h.fault('api', 1, { code: '1017' });
  const page = await open('a11y-busy-error', {
    elements: [{ id: 'checkout', attrs: { timeout: '5000', retries: '0' } }],
    cancel: ['mixpay:error'],
  });
  await tabTo(page, 'checkout');
  await page.keyboard.press('Enter');
  await waitFor(async () => (await page.evaluate(() =>
    document.getElementById('checkout').shadowRoot.querySelector('button').getAttribute('aria-busy'))) === 'true',
  { what: 'busy' });
  const busy = await look(page);
  assert.deepEqual([busy.nativeDisabled, busy.ariaDisabled, busy.focused], [false, 'true', true], 'busy keeps focus');
  await assertAxe(page, 'busy');
  await waitEvent(page, 'mixpay:error');
  const error = await waitFor(async () => {
    const s = await look(page);
    return s.status ? s : null;
  }, { what: 'the error' });
  assert.deepEqual([error.ariaDisabled, error.focused], ['false', true], 'the error keeps focus on a usable button');
  assert.equal(error.description, error.status, 'the error is the button\'s description');
  const results = await assertAxe(page, 'error');
  assert.ok(checked(results, 'color-contrast', 'checkout', 'status'), 'axe checked the error\'s contrast');
  // The keyboard goes on from where it was: Enter tries again.
  await page.keyboard.press('Enter');
  await h.waitPayments(2, 10_000);
});

test('axe: fallback content and unavailable module', T, async () => {
  const script = distWithoutWasm('no-wasm');
  const page = await open('a11y-fallback-unavailable', {
    elements: [
      { id: 'fallback', html: '<a href="/pay/1001">Pay with crypto</a>' },
      { id: 'checkout' },
    ],
    scripts: [script],
  }, { wait: null });
  const s = await unavailableText(page, 'checkout');
  assert.deepEqual([s.nativeDisabled, s.ariaDisabled], [false, 'true']);
  await waitFor(() => page.locator('#fallback a').isVisible(), { what: 'the fallback link' });
  const hidden = await page.evaluate(() => document.getElementById('fallback').shadowRoot.querySelector('button').hidden);
  assert.equal(hidden, true, 'with fallback content the button stays out of the way');
  await assertAxe(page, 'fallback and unavailable');
});

// Keyboard and focus ------------------------------------------------------------------------

test('an invalid or unavailable button is in the tab order; its reason is its description', T, async () => {
  const script = distWithoutWasm('no-wasm-kbd');
  const page = await open('a11y-kbd-invalid', {
    elements: [{ id: 'checkout', attrs: { quoteAmount: '-1' } }],
  }, { wait: 'mixpay:invalid' });
  await tabTo(page, 'checkout', 1);
  const [ax] = await axButtons(page);
  assert.equal(ax.name, 'Pay with crypto');
  assert.equal(ax.disabled, true, 'announced as disabled (aria-disabled)');
  assert.equal(ax.focusable, true);
  assert.equal(ax.description, 'Checkout unavailable: quoteAmount is invalid');

  const other = await open('a11y-kbd-unavailable', { scripts: [script] }, { wait: null });
  await unavailableText(other, 'checkout');
  await tabTo(other, 'checkout', 1);
  const [unavailable] = await axButtons(other);
  assert.match(unavailable.description, /^Checkout unavailable: /);
});

test('a click on an aria-disabled button does nothing: no event, no log, nothing sent', T, async () => {
  const page = await open('a11y-click-disabled', {
    elements: [{ id: 'checkout', attrs: { quoteAmount: '-1' } }],
  }, { wait: 'mixpay:invalid' });
  await page.evaluate(() => {
    window.__clicks = 0;
    document.getElementById('checkout').addEventListener('click', () => window.__clicks++);
  });
  const logged = consoleErrors(page).length;
  await tabTo(page, 'checkout', 1);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Space');
  await button(page).click({ force: true });
  await page.evaluate(() => document.getElementById('checkout').shadowRoot.querySelector('button').click());
  await sleep(500);
  assert.equal((await events(page, 'mixpay:invalid')).length, 1, 'no second mixpay:invalid');
  assert.deepEqual(await events(page, 'mixpay:request'), []);
  assert.equal(consoleErrors(page).length, logged, 'nothing logged again');
  assert.equal(await page.evaluate(() => window.__clicks), 0, 'as with a disabled button, the click goes nowhere');
  assert.deepEqual(await h.allRequests(), [], 'nothing reached the API');
});

test('an element removed during its attempt: the attempt ends without an error on the page', T, async () => {
  await h.fault('hang', 1, { seconds: '3' });
  const page = await open('a11y-removed', {
    elements: [{ id: 'checkout', attrs: { timeout: '1500', retries: '0' } }],
  });
  await button(page).click();
  await h.waitPayments(1, 5_000);
  await page.evaluate(() => document.getElementById('checkout').remove());
  await sleep(3_000);
  assert.deepEqual(page.rec.pageErrors, []);
  assert.deepEqual(consoleErrors(page).filter((t) => /TypeError/.test(t)), []);
});

// Themes ------------------------------------------------------------------------------------

for (const [kind, css] of Object.entries(PAGES)) {
  for (const scheme of ['light', 'dark']) {
    const dark = kind.startsWith('dark') || (kind === 'light-dark' && scheme === 'dark');
    test(`theme auto: a ${kind} page, the system in ${scheme} mode -> the ${dark ? 'dark' : 'light'} palette; axe clean, focus ring >= 3:1`, T, async () => {
      const page = await open(`a11y-theme-${kind}-${scheme}`, {
        elements: [{ id: 'checkout' }, { id: 'broken', attrs: { quoteAmount: 'x' } }],
      }, { css, scheme, targets: ['checkout'] });
      await waitEvent(page, 'mixpay:invalid', { targets: ['broken'] });
      await tabTo(page, 'checkout');
      const s = await look(page);
      const broken = await look(page, 'broken');
      assert.equal(s.background, dark ? DARK_BUTTON : LIGHT_BUTTON, 'the palette follows the page');
      const ground = await pageBackground(page);
      const ring = contrast(s.ring, ground);
      assert.ok(ring >= 3, `focus ring ${s.ring} on ${ground}: ${ring.toFixed(2)}:1`);
      const reason = contrast(broken.error, ground);
      assert.ok(reason >= 4.5, `reason ${broken.error} on ${ground}: ${reason.toFixed(2)}:1`);
      await assertAxe(page, `${kind} page, ${scheme} system`);
    });
  }
}

// The page's scheme changing after the button is drawn: the system's (on a page that
// follows it), or the page's own dark mode switched by a class or a style on <html> or
// <body>, instantly or through a transition of its colours.
const LIVE_PAGE = `:root { color-scheme: light dark; background: Canvas; }
  :root.night { color-scheme: dark; }
  :root.day { color-scheme: light; }
  body.dark { background: #15171c; color: #e8eaf0; }
  body.fade { transition: color .3s, background-color .3s; }`;

// Waits until the buttons of #checkout and #broken have the palette, then asserts the
// contrast of the reason on the page and axe with no violation.
async function assertPalette(page, dark, what) {
  const want = dark ? DARK_BUTTON : LIGHT_BUTTON;
  await waitFor(async () => (await look(page)).background === want && (await look(page, 'broken')).background === want,
    { timeoutMs: 3_000, what: `the ${dark ? 'dark' : 'light'} palette: ${what}` });
  const ground = await pageBackground(page);
  const broken = await look(page, 'broken');
  const reason = contrast(broken.error, ground);
  assert.ok(reason >= 4.5, `${what}: reason ${broken.error} on ${ground}: ${reason.toFixed(2)}:1`);
  await assertAxe(page, what);
}

test('theme auto follows the system when it changes (prefers-color-scheme): axe clean after each switch', T, async () => {
  const page = await open('a11y-theme-live-system', {
    elements: [{ id: 'checkout' }, { id: 'broken', attrs: { quoteAmount: 'x' } }],
  }, { css: LIVE_PAGE, scheme: 'light', targets: ['checkout'] });
  await waitEvent(page, 'mixpay:invalid', { targets: ['broken'] });
  await assertPalette(page, false, 'system light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await assertPalette(page, true, 'system switched to dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await assertPalette(page, false, 'system switched back to light');
});

test('theme auto follows the page\'s own dark mode switch (<html> and <body>, with and without a transition)', T, async () => {
  const page = await open('a11y-theme-live-page', {
    elements: [{ id: 'checkout' }, { id: 'broken', attrs: { quoteAmount: 'x' } }],
  }, { css: LIVE_PAGE, scheme: 'light', targets: ['checkout'] });
  await waitEvent(page, 'mixpay:invalid', { targets: ['broken'] });
  await assertPalette(page, false, 'light page');
  await page.evaluate(() => document.documentElement.classList.add('night'));
  await assertPalette(page, true, 'color-scheme: dark on <html>');
  await page.evaluate(() => document.documentElement.classList.replace('night', 'day'));
  await assertPalette(page, false, 'color-scheme: light on <html>');
  await page.evaluate(() => document.body.classList.add('dark'));
  await assertPalette(page, true, 'a dark class on <body>');
  await page.evaluate(() => document.body.classList.remove('dark'));
  await assertPalette(page, false, 'the class removed');
  await page.evaluate(() => document.body.classList.add('fade', 'dark'));
  await assertPalette(page, true, 'a dark class on <body> whose colours take 0.3 s');
});

test('data-theme still forces the palette whatever the page', T, async () => {
  const page = await open('a11y-theme-forced', {
    elements: [{ id: 'dark', attrs: { theme: 'dark' } }, { id: 'light', attrs: { theme: 'light' } }],
  }, { css: PAGES['dark-style'] });
  assert.equal((await look(page, 'dark')).background, DARK_BUTTON);
  assert.equal((await look(page, 'light')).background, LIGHT_BUTTON);
});

// Languages ---------------------------------------------------------------------------------

test('each language: axe clean, and the words carry the locale\'s tag (a data-label keeps the page\'s)', T, async () => {
  const elements = LANGS.flatMap((lang) => [
    { id: `ok-${lang}`, attrs: { locale: lang } },
    { id: `bad-${lang}`, attrs: { locale: lang, quoteAmount: '-1' } },
  ]);
  elements.push({ id: 'custom', attrs: { locale: 'ja', label: 'Buy the mug', quoteAmount: '-1' } });
  const page = await open('a11y-locales', { elements }, { targets: LANGS.map((l) => `ok-${l}`) });
  await waitEvent(page, 'mixpay:invalid', { targets: [...LANGS.map((l) => `bad-${l}`), 'custom'] });
  await assertAxe(page, 'every language');
  for (const lang of LANGS) {
    const marks = await page.evaluate(({ lang }) => ['ok', 'bad'].map((kind) => {
      const root = document.getElementById(`${kind}-${lang}`).shadowRoot;
      return {
        label: root.querySelector('.label').matches(`:lang(${lang})`),
        status: root.querySelector('[part=status]').matches(`:lang(${lang})`),
        text: root.querySelector('.label').textContent,
      };
    }), { lang });
    assert.equal(marks[0].text, lang === 'en' ? 'Pay with crypto' : words[lang].label);
    assert.deepEqual(marks.map((m) => [m.label, m.status]), [[true, true], [true, true]], `${lang} words marked ${lang}`);
  }
  const custom = await page.evaluate(() => {
    const root = document.getElementById('custom').shadowRoot;
    return {
      label: root.querySelector('.label').matches(':lang(en)'),
      status: root.querySelector('[part=status]').matches(':lang(ja)'),
    };
  });
  assert.deepEqual(custom, { label: true, status: true }, 'the merchant\'s label is in the page\'s language');
});

// The result element ------------------------------------------------------------------------

// payments_result as a file on the page's origin: MixPay's documented answer with `data`
// changed, or `answer` as given.
function scripted(name, { data, answer } = {}) {
  const traceId = randomUUID();
  const folder = path.join(h.dir, 'scripted-a11y', name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'payments_result'),
    JSON.stringify(answer || { ...fixture, data: { ...fixture.data, traceId, ...data } }));
  return { 'data-mixpay-result': '', 'data-api-base': `${h.origin}/scripted-a11y/${name}`, 'data-trace-id': traceId };
}

const STATUSES = ['unpaid', 'pending', 'confirming', 'auditing', 'paid_less', 'success', 'failed'];

test('result element: every status, not found and unreadable, in each language: axe clean, lang on the words', T, async () => {
  const elements = [];
  for (const lang of LANGS) {
    for (const status of STATUSES) {
      elements.push({ id: `${status}-${lang}`, raw: { ...scripted(status, { data: { status, failureCode: '40000', failureReason: 'Payment timeout' } }), 'data-locale': lang } });
    }
    elements.push({ id: `unknown-${lang}`, raw: { ...scripted('unknown', { answer: { code: 40022, success: false, message: 'Payment does not exist', data: {} } }), 'data-locale': lang } });
    elements.push({ id: `error-${lang}`, raw: { ...scripted('refused', { answer: { code: 10001, success: false, message: 'Invalid', data: {} } }), 'data-locale': lang } });
  }
  const page = await open('a11y-results', { elements }, { wait: null, css: PAGES['dark-style'] });
  const want = (lang, key) => (lang === 'en' ? null : words[lang][key]);
  const checking = Object.fromEntries(LANGS.map((lang) => [lang, want(lang, 'r.checking') || 'Checking your payment\u2026']));
  await waitFor(async () => page.evaluate(({ langs, checking }) => langs.every((lang) =>
    [...document.querySelectorAll(`[data-locale=${lang}]`)].every((el) => {
      const line = el.shadowRoot && el.shadowRoot.querySelector('[role=status]');
      return line && line.textContent && line.textContent !== checking[lang];
    })), { langs: LANGS, checking }), { timeoutMs: 15_000, what: 'every result shown' });
  await assertAxe(page, 'every result');
  for (const lang of LANGS) {
    const lines = await page.evaluate(({ lang, ids }) => ids.map((id) => {
      const line = document.getElementById(`${id}-${lang}`).shadowRoot.querySelector('[role=status]');
      return { text: line.textContent, marked: line.matches(`:lang(${lang})`) };
    }), { lang, ids: [...STATUSES, 'unknown', 'error'] });
    assert.ok(lines.every((l) => l.marked), `${lang}: every line marked ${lang}`);
    if (lang !== 'en') {
      assert.equal(lines[0].text, want(lang, 'r.unpaid'));
      assert.equal(lines[7].text, want(lang, 'r.unknown'));
      assert.equal(lines[8].text, want(lang, 'r.error'));
    }
  }
});

test('result element: the live region is written only when its words change', T, async () => {
  const traceId = randomUUID();
  const body = new URLSearchParams({ ...VALID, orderId: `order_${traceId.slice(0, 8)}`, traceId });
  const res = await fetch(`${h.apiBase}/one_time_payment`, { method: 'POST', body, signal: AbortSignal.timeout(5_000) });
  assert.equal((await res.json()).success, true);
  const page = await open('a11y-result-live', {
    elements: [{ id: 'result', raw: { 'data-mixpay-result': '', 'data-api-base': h.apiBase, 'data-trace-id': traceId } }],
  }, { wait: 'mixpay:result' });
  await page.evaluate(() => {
    window.__writes = 0;
    const line = document.getElementById('result').shadowRoot.querySelector('[role=status]');
    new MutationObserver((records) => {
      window.__writes += records.length;
    }).observe(line, { childList: true, characterData: true, subtree: true });
  });
  const lookups = () => page.rec.responses.filter((r) => r.url.includes('/payments_result')).length;
  const asked = lookups();
  await waitFor(() => lookups() >= asked + 2, { timeoutMs: 12_000, what: 'two more lookups' });
  await sleep(200);
  assert.equal(await page.evaluate(() => window.__writes), 0, 'the same "unpaid" is not written again');
  await h.control('POST', `/__sandbox/status?traceId=${traceId}&status=success`);
  await waitFor(async () => (await page.evaluate(() => window.__writes)) > 0, { timeoutMs: 8_000, what: 'the change written' });
  assert.equal(await page.evaluate(() =>
    document.getElementById('result').shadowRoot.querySelector('[role=status]').textContent), 'Payment received. Thank you!');
});
