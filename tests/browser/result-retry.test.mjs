// The result element's waits before it asks again: after each lookup that got no answer,
// the return page's script waits what mixpay/retry.hpp's result_retry_policy gives (the
// native build of tools/bundle/result_waits.cpp prints it), in order, from the shortest
// to the longest of each wait as the random number goes from 0 to 1, and after the last
// retry it gives up. The page's timers run ten times faster, so this takes seconds.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { T, closedPort, useHarness, waitFor } from './harness.mjs';

const h = useHarness();
const SPEED = 10;

// The header's waits, [[shortest, longest - shortest] ms, …], one pair per retry.
function headerWaits() {
  const program = process.env.MIXPAY_RESULT_WAITS;
  assert.ok(program, 'MIXPAY_RESULT_WAITS names the native mixpay-result-waits (see CMakeLists.txt)');
  const waits = JSON.parse(execFileSync(program, { encoding: 'utf8', timeout: 5_000 }));
  assert.ok(waits.length > 0, 'the header gives at least one retry');
  return waits;
}

// The return page, with only its own script, for a payment whose service cannot be
// reached; Math.random() returns `random`, every timer is SPEED times shorter, and the
// delay each timer that ran was set with is recorded in order (the lookups' own time
// limits never run: a closed port refuses at once).
async function unreachable(name, random) {
  const port = await closedPort();
  const url = h.writePage(name, {
    scripts: ['<script src="/dist/mixpay-result.js" defer></script>'],
    elements: [{ id: 'result', raw: { 'data-mixpay-result': '', 'data-api-base': `http://127.0.0.1:${port}/v1` } }],
  });
  const page = await h.newPage();
  await page.addInitScript(({ value, speed }) => {
    const set = window.setTimeout;
    window.__ran = [];
    window.setTimeout = function (fn, ms, ...rest) {
      return set.call(window, () => {
        window.__ran.push(ms);
        fn(...rest);
      }, ms / speed);
    };
    Math.random = () => value;
  }, { value: random, speed: SPEED });
  const lookups = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/v1/payments_result') lookups.push(r.url());
  });
  await page.goto(`${url}?traceId=${randomUUID()}`);
  // Polled from here: a wait inside the page would add timers of its own.
  const error = await waitFor(() => page.evaluate(() =>
    (window.__events || []).find((e) => e.type === 'mixpay:error')), { timeoutMs: 20_000, what: 'mixpay:error' });
  const shown = await page.evaluate(() => document.getElementById('result').shadowRoot.querySelector('[role=status]').textContent);
  return { error, shown, ran: await page.evaluate(() => window.__ran), lookups };
}

for (const [what, random, pick] of [
  ['the shortest', 0, ([shortest]) => shortest],
  ['the longest', 1 - 2 ** -53, ([shortest, spread]) => shortest + spread],
  ['halfway', 0.5, ([shortest, spread]) => shortest + spread / 2],
]) {
  test(`no answer: the script waits ${what} of each of the header's waits, then gives up`, T, async () => {
    const waits = headerWaits();
    const page = await unreachable(`result-retry-${random}`, random);
    assert.deepEqual(page.ran.map((ms) => Math.round(ms)), waits.map((w) => Math.round(pick(w))));
    assert.equal(page.lookups.length, waits.length + 1, 'one lookup, then one per retry');
    assert.equal(page.error.detail.kind, 'network');
    assert.equal(page.shown, 'The payment status could not be checked. Reload the page to try again.');
  });
}
