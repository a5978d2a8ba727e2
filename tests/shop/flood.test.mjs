// A flood of forged callbacks naming the attacker's own unpaid orders, while real buyers
// check out, against a sandbox that keeps MixPay's 60 requests a minute: the callbacks'
// lookups stay within their share of the budget, no buyer's checkout fails or waits on
// them, and nothing forged is acknowledged. The shop runs with its default budget.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { SandboxPages, sleep } from '../browser/sandbox-pages.mjs';
import { PAYEE, ShopServer } from './shop-server.mjs';

const sb = new SandboxPages();
const shop = new ShopServer([]); // --rate-limit 60, --callback-lookups 20, --status-lookups 20
process.env.SSL_CERT_FILE = shop.certFile;

const ATTACKER_ORDERS = 15;
const FORGED = 150;
const WAVES = 5; // the flood lasts longer than a verdict is reused
const BUYERS = 10;
const CALLBACK_SHARE = 20;

before(async () => {
  await sb.start({ prefix: 'mixpay-shop-flood-' });
  await sb.control('POST', '/__sandbox/config?rateLimit=1');
  await shop.start(sb.origin);
}, { timeout: 60_000 });
after(async () => {
  await shop.stop();
  await sb.stop();
  assert.equal(shop.exit.code, 0, `the shop stops cleanly on SIGTERM\n${shop.log}`);
}, { timeout: 30_000 });

// Only the control API from here on: /v1 calls of the test would count against the
// sandbox's limit of 127.0.0.1, which the shop uses.
async function v1(path) {
  return (await sb.allRequests()).filter((r) => r.path === path);
}

test('150 forged callbacks while buyers check out: lookups within the callbacks\' share, every checkout answered at once, nothing forged acknowledged', { timeout: 60_000 }, async () => {
  const attacker = [];
  for (let i = 0; i < ATTACKER_ORDERS; i++) {
    const traceId = randomUUID();
    assert.equal((await shop.checkout({ traceId, product: 'notebook' })).status, 200);
    attacker.push(traceId);
  }

  const forgedAnswers = [];
  const flood = (async () => {
    for (let wave = 0; wave < WAVES; wave++) {
      const batch = Array.from({ length: FORGED / WAVES }, (_, i) => {
        const traceId = attacker[(wave * 7 + i) % ATTACKER_ORDERS];
        return shop.callback({ orderId: 'NW-1-000000', traceId, payeeId: PAYEE }).then((a) => forgedAnswers.push(a.status));
      });
      await Promise.all(batch);
      await sleep(600);
    }
  })();
  const buyers = (async () => {
    const answers = [];
    for (let i = 0; i < BUYERS; i++) {
      const traceId = randomUUID();
      const started = Date.now();
      const answer = await shop.checkout({ traceId, product: 'mug' });
      answers.push({ traceId, ...answer, ms: Date.now() - started });
      await sleep(250);
    }
    return answers;
  })();
  const [, bought] = await Promise.all([flood, buyers]);

  for (const b of bought) assert.deepEqual({ status: b.status, body: b.body }, { status: 200, body: { code: b.traceId } });
  const slowest = Math.max(...bought.map((b) => b.ms));
  assert.ok(slowest < 1_500, `no buyer waited on the flood (slowest checkout ${slowest} ms)`);
  assert.equal(forgedAnswers.length, FORGED);
  assert.equal(forgedAnswers.filter((s) => s === 200).length, 0, 'no forged callback acknowledged');

  const lookups = (await v1('/v1/payments_result')).length;
  assert.ok(lookups <= CALLBACK_SHARE, `${lookups} lookups for ${FORGED} forged callbacks`);
  assert.ok(lookups >= ATTACKER_ORDERS, 'the flood did reach the lookups');
  const creates = (await v1('/v1/one_time_payment')).length;
  assert.equal(creates, ATTACKER_ORDERS + BUYERS, 'one create per order, none retried after a 1429');

  // The buyers pay; their orders read paid (GET /orders has its own share of the budget).
  for (const b of bought) {
    const res = await fetch(`${sb.origin}/code/${b.traceId}/pay`, { method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(5_000) });
    assert.equal(res.status, 303);
  }
  for (const b of bought) {
    const { body } = await shop.order(b.traceId);
    assert.equal(body.status, 'paid', JSON.stringify(body));
  }
  const total = (await sb.allRequests()).filter((r) => r.path.startsWith('/v1/')).length;
  assert.ok(total <= 60, `${total} requests at MixPay in the minute: within its limit`);
  console.log(`forged: ${FORGED}, lookups for them: ${lookups}, buyers: ${BUYERS}, slowest checkout: ${slowest} ms, requests at MixPay: ${total}`);
});
