// The buyer's way through: click, one cross-origin form POST, the sandbox's code page, then
// Pay back to returnTo or Fail back to failedReturnTo.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, UUID, UUID_V4, VALID, button, events, sleep, stayedFor, useHarness, waitEvent } from './harness.mjs';

const h = useHarness();

function returnUrls() {
  return {
    returnTo: `${h.origin}/thanks.html?order={orderId}&trace={traceId}`,
    failedReturnTo: `${h.origin}/failed.html?trace={traceId}`,
  };
}

// The sandbox's stand-in payment page offers "Pay" and "Fail" (as buttons or links).
function sandboxAction(page, name) {
  const re = new RegExp(`^\\s*${name}\\b`, 'i');
  return page.getByRole('button', { name: re }).or(page.getByRole('link', { name: re })).first();
}

async function clickToCodePage(page) {
  await button(page).click();
  await page.waitForURL((u) => u.href.startsWith(`${h.payBase}/code/`), { timeout: 15_000 });
  const code = new URL(page.url()).pathname.slice('/code/'.length);
  return code;
}

test('click sends one form-encoded POST with the exact parameters and opens the code page', T, async () => {
  const page = await h.open('happy', { elements: [{ id: 'checkout', attrs: returnUrls() }] });
  const code = await clickToCodePage(page);

  assert.match(code, UUID, 'the page goes to <payBase>/code/<uuid>');
  assert.equal(page.url(), `${h.payBase}/code/${code}`);
  const codeResponse = page.rec.responses.find((r) => r.url === page.url());
  assert.equal(codeResponse?.status, 200, 'the sandbox knows the code the widget navigated to');

  const sent = await h.payments();
  assert.equal(sent.length, 1, 'exactly one POST');
  const r = sent[0];
  assert.match(r.contentType, /^application\/x-www-form-urlencoded/);
  assert.equal(r.origin, h.origin, 'the call is cross-origin, from the page origin');

  const traceId = r.params.traceId;
  assert.match(traceId, UUID_V4, 'a generated traceId is a UUID v4');
  const expected = {
    ...VALID,
    isTemp: '1',
    traceId,
    returnTo: `${h.origin}/thanks.html?order=order_1001&trace=${traceId}`,
    failedReturnTo: `${h.origin}/failed.html?trace=${traceId}`,
  };
  assert.deepEqual(r.params, expected, 'the parameters, exactly, and nothing else');
  assert.deepEqual(Object.fromEntries(new URLSearchParams(r.body)), expected, 'the raw body encodes the same');
  assert.match(r.body, /(^|&)quoteAmount=10\.50(&|$)/, 'the amount travels as the exact string');

  const preflights = (await h.allRequests()).filter((x) => x.method === 'OPTIONS');
  assert.equal(preflights.length, 0, 'a CORS simple request: no preflight');
});

test('Pay on the code page lands on returnTo with {orderId} and {traceId} filled', T, async () => {
  const page = await h.open('pay', { elements: [{ id: 'checkout', attrs: returnUrls() }] });
  await clickToCodePage(page);
  const [{ params }] = await h.payments();
  await sandboxAction(page, 'Pay').click();
  await page.waitForURL((u) => u.pathname === '/thanks.html', { timeout: 10_000 });
  const u = new URL(page.url());
  assert.equal(u.origin, h.origin);
  assert.equal(u.searchParams.get('order'), 'order_1001');
  assert.equal(u.searchParams.get('trace'), params.traceId);
});

test('Fail on the code page lands on failedReturnTo with {traceId} filled', T, async () => {
  const page = await h.open('fail', { elements: [{ id: 'checkout', attrs: returnUrls() }] });
  await clickToCodePage(page);
  const [{ params }] = await h.payments();
  await sandboxAction(page, 'Fail').click();
  await page.waitForURL((u) => u.pathname === '/failed.html', { timeout: 10_000 });
  const u = new URL(page.url());
  assert.equal(u.origin, h.origin);
  assert.equal(u.searchParams.get('trace'), params.traceId);
});

test('isTemp, orderId and placeholders: false is sent as 0, no orderId still works', T, async () => {
  const page = await h.open('is-temp', {
    elements: [{ id: 'checkout', attrs: { isTemp: 'false', orderId: null, returnTo: `${h.origin}/thanks.html?t={traceId}` } }],
    cancel: ['mixpay:created'],
  });
  await button(page).click();
  const [created] = await waitEvent(page, 'mixpay:created');
  const [r] = await h.payments();
  assert.equal(r.params.isTemp, '0');
  assert.equal('orderId' in r.params, false, 'no orderId is sent when none is configured');
  assert.equal(r.params.returnTo, `${h.origin}/thanks.html?t=${r.params.traceId}`);
  assert.equal(created.detail.traceId, r.params.traceId);
});

test('a double click sends exactly one request', T, async () => {
  // The answer waits a second, so both clicks land during the attempt (on loopback a whole
  // attempt can end between the two clicks of a double click, and the page stays).
  await h.fault('hang', 1, { seconds: '1' });
  const page = await h.open('dblclick', { cancel: ['mixpay:created'] });
  await button(page).dblclick();
  await waitEvent(page, 'mixpay:created');
  await sleep(500);
  assert.equal((await h.payments()).length, 1);
  assert.equal((await events(page, 'mixpay:request')).length, 1);
});

test('rapid clicks (ten in one task) send exactly one request', T, async () => {
  const page = await h.open('rapid', { cancel: ['mixpay:created'] });
  await page.evaluate(() => {
    const b = document.getElementById('checkout').shadowRoot.querySelector('button');
    for (let i = 0; i < 10; i++) b.click();
  });
  await waitEvent(page, 'mixpay:created');
  await sleep(500);
  assert.equal((await h.payments()).length, 1);
  assert.equal((await events(page, 'mixpay:request')).length, 1);
  const stay = await stayedFor(page, 0);
  assert.equal(stay.navigations.length, 0, 'mixpay:created was canceled: no navigation');
});
