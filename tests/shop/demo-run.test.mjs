// demo/run (README command 1) starts the sandbox and the shop, says where the shop is, and
// stops both on Ctrl+C or SIGTERM. It runs on the binaries the tests were given (MIXPAY_*),
// so nothing is installed or built here.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { T, closedPort, waitFor } from '../browser/harness.mjs';
import { binary, distDir, ended, firstMatch, repo } from './shop-server.mjs';

function startDemo(args) {
  const env = {
    ...process.env,
    MIXPAY_SANDBOX: binary('MIXPAY_SANDBOX', 'build/native/sandbox/mixpay-sandbox'),
    MIXPAY_SHOP: binary('MIXPAY_SHOP', 'build/native/demo/shop-server/mixpay-demo-shop'),
    MIXPAY_DIST: distDir(),
  };
  delete env.SSL_CERT_FILE;
  // A process group of its own, as a terminal's foreground job is: Ctrl+C reaches it whole.
  const proc = spawn(path.join(repo, 'demo', 'run'), args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.log = '';
  proc.stderr.on('data', (d) => {
    proc.log = (proc.log + d).slice(-50_000);
  });
  return proc;
}

// The processes demo/run started (its children), by pid.
function children(pid) {
  const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text ? text.split(/\s+/).map(Number) : [];
}

const alive = (pid) => fs.existsSync(`/proc/${pid}`);

function command(pid) {
  return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
}

async function shopUp(proc) {
  const [, shopUrl] = await firstMatch(proc, proc.stdout, /Demo shop: (http:\/\/127\.0\.0\.1:\d+\/)/, 'demo/run', 20_000);
  const [, apiBase] = proc.stdoutSeen.match(/MixPay sandbox: (\S+)/);
  return { shopUrl, apiBase };
}

function recordStdout(proc) {
  proc.stdoutSeen = '';
  proc.stdout.on('data', (d) => {
    proc.stdoutSeen += d;
  });
}

// Both servers answer: the shop's page with its CSP naming the sandbox, a payment made
// through the shop, the sandbox's API.
async function assertServing(shopUrl, apiBase) {
  const page = await fetch(shopUrl, { signal: AbortSignal.timeout(5_000) });
  assert.equal(page.status, 200);
  assert.match(await page.text(), /data-code-endpoint="\/checkout\/mixpay"/);
  assert.match(page.headers.get('content-security-policy'), new RegExp(`connect-src 'self' ${new URL(apiBase).origin};`));
  const traceId = randomUUID();
  const made = await fetch(`${shopUrl}checkout/mixpay`, {
    method: 'POST', body: new URLSearchParams({ traceId, product: 'mug' }), signal: AbortSignal.timeout(10_000),
    headers: { Origin: new URL(shopUrl).origin }, // as the shop's own page sends it
  });
  assert.deepEqual(await made.json(), { code: traceId });
  const result = await fetch(`${apiBase}/payments_result?traceId=${traceId}`, { signal: AbortSignal.timeout(5_000) });
  assert.equal((await result.json()).data.quoteAmount, '12.50');
}

async function assertStopped(proc, pids, signal) {
  const exit = await ended(proc, 10_000);
  assert.notEqual(exit.signal, 'SIGKILL', `demo/run ended by itself after ${signal}\n${proc.log}`);
  await waitFor(() => pids.every((pid) => !alive(pid)), { timeoutMs: 5_000, what: 'both servers gone' });
}

test('demo/run --port 0: both servers on free ports, the shop\'s URL printed, SIGTERM stops both', T, async () => {
  const proc = startDemo(['--port', '0']);
  recordStdout(proc);
  try {
    const { shopUrl, apiBase } = await shopUp(proc);
    const pids = children(proc.pid);
    assert.equal(pids.length, 2, 'the sandbox and the shop');
    assert.deepEqual(pids.map((pid) => path.basename(command(pid)[0])).sort(), ['mixpay-demo-shop', 'mixpay-sandbox']);
    await assertServing(shopUrl, apiBase);
    process.kill(proc.pid, 'SIGTERM');
    await assertStopped(proc, pids, 'SIGTERM');
  } finally {
    if (proc.exitCode === null) process.kill(-proc.pid, 'SIGKILL');
  }
});

// A port whose next one is free too (both are released again before demo/run binds them).
async function freePortPair() {
  for (let i = 0; i < 20; i++) {
    const port = await closedPort();
    if (port >= 65535) continue;
    const next = await new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port + 1, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (next) return port;
  }
  throw new Error('no two free ports in a row');
}

test('demo/run --port N: the shop on N, the sandbox on N+1; Ctrl+C stops both', T, async () => {
  const port = await freePortPair();
  const proc = startDemo(['--port', String(port)]);
  recordStdout(proc);
  try {
    const { shopUrl, apiBase } = await shopUp(proc);
    assert.equal(shopUrl, `http://127.0.0.1:${port}/`);
    assert.equal(apiBase, `http://127.0.0.1:${port + 1}/v1`);
    const pids = children(proc.pid);
    await assertServing(shopUrl, apiBase);
    process.kill(-proc.pid, 'SIGINT'); // Ctrl+C: the whole foreground group
    await assertStopped(proc, pids, 'SIGINT');
  } finally {
    if (proc.exitCode === null) process.kill(-proc.pid, 'SIGKILL');
  }
});

test('demo/run with the shop\'s port taken: says so, exits, leaves no sandbox behind', T, async () => {
  const blocker = net.createServer();
  await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const proc = startDemo(['--port', String(blocker.address().port)]);
  proc.stdout.resume();
  try {
    const exit = await ended(proc, 20_000);
    assert.notEqual(exit.code, 0);
    assert.match(proc.log, /already in use/);
  } finally {
    blocker.close();
    if (proc.exitCode === null) process.kill(-proc.pid, 'SIGKILL');
  }
  await waitFor(() => {
    try {
      process.kill(-proc.pid, 0);
      return false;
    } catch {
      return true;
    }
  }, { timeoutMs: 5_000, what: 'no process left in demo/run\'s group' });
});
