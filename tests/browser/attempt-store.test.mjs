// The remembered attempts across tabs (web/src/attempts.js, the widget's own module, in two
// tabs of one origin): a tab granted an attempt's lock right after another tab remembered
// a traceId under it and let it go reads that traceId. This is the moment a second payment
// would come from: the second tab's click waits for the lock while the first one's request
// is on its way, and then looks the attempt up. A store each tab reads from its own copy
// (localStorage, which another tab's write reaches a moment later) gives the old value
// there; the widget's (IndexedDB, whose transactions the browser orders across tabs) never.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { T, useHarness } from './harness.mjs';

const h = useHarness();
const ROUNDS = 20;

test('a tab granted the attempt right after another remembered it reads that traceId', T, async () => {
  fs.cpSync(path.resolve(import.meta.dirname, '..', '..', 'web', 'src'), path.join(h.dir, 'src'), { recursive: true });
  const url = h.writePage('attempt-store', {
    widget: false,
    // (The build's one constant those modules read as they load, as the classic script has it.)
    scripts: ['<script>var MIXPAY_CLASSIC = true;</script>',
      '<script type="module">import * as attempts from "/src/attempts.js"; window.attempts = attempts;</script>'],
  });
  const first = await h.newPage();
  const second = await first.context().newPage();
  await Promise.all([first.goto(url), second.goto(url)]);
  await Promise.all([first, second].map((p) => p.waitForFunction(() => window.attempts)));
  const stale = [];
  for (let round = 0; round < ROUNDS; round++) {
    const identity = `attempt-store ${round} ${Date.now()}`;
    const traceId = crypto.randomUUID();
    // The first tab holds the attempt's lock until told to remember the traceId; the lock
    // is let go when remembering is done (at once, for a store that does not say).
    await first.evaluate(([identity, traceId]) => new Promise((held) => {
      const { attemptKey, exclusive, rememberAttempt } = window.attempts;
      exclusive(attemptKey(identity), () => new Promise((go) => {
        window.remember = go;
        held();
      }).then(() => rememberAttempt(attemptKey(identity), traceId, {})));
    }), [identity, traceId]);
    // The second asks for the lock, to look the attempt up.
    await second.evaluate((identity) => {
      const { attemptKey, exclusive, readAttempt } = window.attempts;
      window.found = exclusive(attemptKey(identity), () => readAttempt(attemptKey(identity)));
      return navigator.locks.query().then(function wait(state) {
        return state.pending.length ? null : navigator.locks.query().then(wait);
      });
    }, identity);
    await first.evaluate(() => window.remember());
    const found = await second.evaluate(() => window.found);
    if (found !== traceId) stale.push(`round ${round}: read ${found}`);
  }
  assert.deepEqual(stale, [], `the second tab read the attempt as it was before in ${stale.length} of ${ROUNDS} rounds`);
});
