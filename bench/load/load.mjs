// The sandbox under load on loopback: wrk with load.lua at each connection count, the API
// (POST /v1/one_time_payment, a new traceId per request) and, as the baseline, a small
// static file from the same server. Writes one JSON file of raw samples (--out).
//
//   node load.mjs --sandbox BIN --out FILE [--connections 1,8,64] [--seconds 4] [--runs 3]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!args.sandbox || !args.out) {
  console.error('usage: node load.mjs --sandbox BIN --out FILE [--connections 1,8,64] [--seconds 4] [--runs 3]');
  process.exit(2);
}
const CONNECTIONS = String(args.connections || '1,8,64').split(',').map(Number);
const SECONDS = Number(args.seconds || 4);
const RUNS = Number(args.runs || 3);
if (!(SECONDS > 0 && SECONDS <= 30) || !(RUNS >= 1 && RUNS <= 10)) throw new Error('seconds 1-30, runs 1-10');

async function startSandbox(dir) {
  const proc = spawn(args.sandbox, ['--port', '0', '--no-rate-limit', '--quiet', '--demo', dir],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('sandbox did not start in 10 s')), 10_000);
    let out = '';
    proc.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/[^:\s]+:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  proc.removeAllListeners('exit');
  proc.stdout.resume();
  return { proc, port };
}

function wrk(url, connections, mode) {
  // Two client threads at most: the machine's other core serves the requests.
  const threads = Math.min(connections, 2);
  const r = spawnSync('wrk', [
    '-t', String(threads), '-c', String(connections), '-d', `${SECONDS}s`, '--latency',
    '--timeout', '5s', '-s', path.join(here, 'load.lua'), url, '--', mode,
  ], { encoding: 'utf8', timeout: (SECONDS + 20) * 1000 });
  if (r.status !== 0) throw new Error(`wrk failed (${r.status}): ${r.stderr}${r.stdout}`);
  const line = r.stdout.split('\n').find((l) => l.startsWith('{"requests"'));
  if (!line) throw new Error(`no result from wrk: ${r.stdout}`);
  const s = JSON.parse(line);
  const errors = s.connect + s.read + s.write + s.timeout + s.failed;
  return {
    rps: s.requests / (s.duration_us / 1e6),
    p50Ms: s.p50_us / 1000,
    p99Ms: s.p99_us / 1000,
    maxMs: s.max_us / 1000,
    requests: s.requests,
    errors,
  };
}

const reset = (origin) =>
  fetch(`${origin}/__sandbox/reset`, { method: 'POST', signal: AbortSignal.timeout(5000) });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpay-load-'));
fs.writeFileSync(path.join(dir, 'bench.txt'), 'ok\n');
const { proc, port } = await startSandbox(dir);
try {
  const origin = `http://127.0.0.1:${port}`;
  const version = spawnSync('wrk', ['-v'], { encoding: 'utf8', timeout: 5000 });
  const result = { wrk: `${version.stdout}${version.stderr}`.split(' Copyright')[0].trim(), seconds: SECONDS, runs: RUNS, load: {} };
  for (const c of CONNECTIONS) {
    result.load[c] = { api: [], static: [] };
    for (let run = 0; run < RUNS; run += 1) {
      for (const mode of run % 2 ? ['static', 'api'] : ['api', 'static']) {
        const url = mode === 'api' ? `${origin}/v1/one_time_payment` : `${origin}/bench.txt`;
        result.load[c][mode].push(wrk(url, c, mode));
      }
      // Forget the payments and recorded requests of this run. Once more if the pooled
      // connection was one the server had closed (its keep-alive timeout is 2 s, a wrk run
      // is longer): a reset does the same twice.
      await reset(origin).catch(() => reset(origin));
    }
  }
  fs.writeFileSync(args.out, JSON.stringify(result, null, 2));
} finally {
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
  await new Promise((resolve) => (proc.exitCode !== null ? resolve() : proc.once('exit', resolve)));
  clearTimeout(timer);
  fs.rmSync(dir, { recursive: true, force: true });
}
