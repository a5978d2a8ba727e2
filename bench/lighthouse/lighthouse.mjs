// Lighthouse on a product page, with and without the button: Lighthouse 12.2.3 (its
// default `mobile` settings: a Moto G Power screen, simulated slow 4G and 4× CPU) drives
// Debian's Chromium through chrome-launcher, one fresh browser per run. The pages
// (written by make-pages.sh at each run into --pages DIR, or a temporary folder removed
// afterwards) are one product page in three variants: a plain link to
// MixPay's payment page (the baseline), the README's embed of one button, and twenty
// buttons. Their largest paint is the product photo (image.mjs, made here). A small
// static server on 127.0.0.1 serves them, the photo and dist/, compressed as a real host
// would (brotli or gzip, whichever the browser asks for; precompressed at the highest
// levels), or uncompressed (--uncompressed-runs).
//
// Writes one JSON file of per-run figures (--out) and every Lighthouse report beside it
// (--reports DIR); bench/report.mjs turns the figures into table rows.
//
//   node lighthouse.mjs --dist DIR --out FILE [--reports DIR] [--pages DIR] [--runs 5]
//                       [--uncompressed-runs 1] [--variants link,button,buttons-20]
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { productJpeg } from './image.mjs';
import { CHROMIUM_ARGS, parseArgs, withTimeout } from '../browser/common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
const RUNS = Number(args.runs || 5);
const UNCOMPRESSED_RUNS = Number(args['uncompressed-runs'] ?? 1);
const VARIANTS = String(args.variants || 'link,button,buttons-20').split(',');
// Lighthouse's own limit per page is 45 s to load; this bounds the whole run of one page.
const RUN_TIMEOUT_MS = 120_000;
if (!args.dist || !args.out) {
  console.error('usage: node lighthouse.mjs --dist DIR --out FILE [--reports DIR] [--pages DIR] [--runs N] [--uncompressed-runs N]');
  process.exit(2);
}
if (!VARIANTS.includes('link')) throw new Error('--variants must include link, the baseline');

// The project's headless flags (TOOLCHAIN.md, the same as the other browser benchmarks');
// chrome-launcher adds its own defaults.
const CHROMIUM_FLAGS = CHROMIUM_ARGS;

// ---- static server ---------------------------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.jpg': 'image/jpeg',
};
// What hosts compress: text and WebAssembly; never the JPEG (already compressed).
const COMPRESSED_TYPES = new Set(['.html', '.js', '.json', '.wasm']);

// url path -> { type, identity, gzip, br }: every file read and compressed once, up front.
function loadFiles(pages, dist, photo) {
  const files = new Map();
  const add = (urlPath, body) => {
    const ext = path.extname(urlPath);
    const entry = { type: TYPES[ext] || 'application/octet-stream', identity: body };
    if (COMPRESSED_TYPES.has(ext)) {
      entry.gzip = zlib.gzipSync(body, { level: 9 });
      entry.br = zlib.brotliCompressSync(body, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      });
    }
    files.set(urlPath, entry);
  };
  for (const name of fs.readdirSync(pages)) {
    add(`/${name}`, fs.readFileSync(path.join(pages, name)));
  }
  for (const name of fs.readdirSync(dist)) {
    if (TYPES[path.extname(name)]) add(`/dist/${name}`, fs.readFileSync(path.join(dist, name)));
  }
  add('/product.jpg', photo);
  return files;
}

function startServer(files) {
  const state = { compress: true, served: [] };
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url, 'http://127.0.0.1').pathname;
    const entry = files.get(urlPath);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (!entry) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    const accepted = String(req.headers['accept-encoding'] || '').split(',').map((s) => s.trim().split(';')[0]);
    let encoding = 'identity';
    if (state.compress && entry.br && accepted.includes('br')) encoding = 'br';
    else if (state.compress && entry.gzip && accepted.includes('gzip')) encoding = 'gzip';
    const body = entry[encoding];
    const headers = { 'Content-Type': entry.type, 'Content-Length': body.length, 'Cache-Control': 'no-cache' };
    if (entry.gzip) headers.Vary = 'Accept-Encoding';
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
    state.served.push({ path: urlPath, encoding, bytes: body.length });
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, state, port: server.address().port }));
  });
}

// ---- one Lighthouse run --------------------------------------------------------------------

const isOurs = (url) => /\/dist\/[^?#]*$/.test(new URL(url, 'http://x').pathname);

// The paint that counted as largest: the last LCP candidate of the main frame in the trace
// (Lighthouse's own largest-contentful-paint-element audit errors with Chromium 156).
function lcpElement(artifacts) {
  const events = (artifacts && artifacts.Trace && artifacts.Trace.traceEvents) || [];
  const last = events.filter((e) => e.name === 'largestContentfulPaint::Candidate' &&
    e.args && e.args.data && e.args.data.isMainFrame).pop();
  return last ? { type: last.args.data.type, node: String(last.args.data.nodeName || '') } : null;
}

// The figures of one report. Audits that errored (six do with Chromium 156, see
// TOOLCHAIN.md) or are missing give null, never a failure.
function figures(lhr, artifacts) {
  const audit = (id) => {
    const a = lhr.audits[id];
    return a && a.scoreDisplayMode !== 'error' && a.scoreDisplayMode !== 'notApplicable' ? a : null;
  };
  const numeric = (id) => {
    const a = audit(id);
    return a && Number.isFinite(a.numericValue) ? a.numericValue : null;
  };
  const items = (id) => {
    const a = audit(id);
    return a && a.details && Array.isArray(a.details.items) ? a.details.items : null;
  };
  const perf = lhr.categories.performance;
  const bootup = items('bootup-time');
  const ourBootup = bootup ? bootup.filter((i) => typeof i.url === 'string' && isOurs(i.url)) : null;
  const sum = (list, key) => list.reduce((s, i) => s + (Number.isFinite(i[key]) ? i[key] : 0), 0);
  const longTasks = items('long-tasks');
  const requests = items('network-requests');
  return {
    score: perf && Number.isFinite(perf.score) ? perf.score * 100 : null,
    fcpMs: numeric('first-contentful-paint'),
    lcpMs: numeric('largest-contentful-paint'),
    tbtMs: numeric('total-blocking-time'),
    cls: numeric('cumulative-layout-shift'),
    speedIndexMs: numeric('speed-index'),
    bytes: numeric('total-byte-weight'),
    lcpElement: lcpElement(artifacts),
    // Main-thread time of our files (the script; the .wasm's compile shows under it).
    bootup: ourBootup && {
      totalMs: sum(ourBootup, 'total'),
      scriptingMs: sum(ourBootup, 'scripting'),
      parseCompileMs: sum(ourBootup, 'scriptParseCompile'),
      urls: ourBootup.map((i) => i.url),
    },
    mainThreadMs: numeric('mainthread-work-breakdown'),
    longTasks: longTasks && {
      count: longTasks.length,
      ms: sum(longTasks, 'duration'),
      ours: longTasks.filter((t) => typeof t.url === 'string' && isOurs(t.url)).length,
    },
    // What was fetched, how big on the wire and with what priority (the photo against the
    // .wasm, which the script fetches).
    requests: requests && requests.map((r) => ({
      path: new URL(r.url).pathname, transferSize: r.transferSize, resourceSize: r.resourceSize,
      priority: r.priority, startMs: r.networkRequestTime, endMs: r.networkEndTime,
    })),
    errored: Object.values(lhr.audits).filter((a) => a.scoreDisplayMode === 'error')
      .map((a) => ({ id: a.id, message: String(a.errorMessage || '').slice(0, 200) })),
    runWarnings: lhr.runWarnings || [],
  };
}

async function runOnce(url) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpay-lighthouse-'));
  let chrome;
  try {
    chrome = await chromeLauncher.launch({
      chromePath: '/usr/bin/chromium', chromeFlags: CHROMIUM_FLAGS, userDataDir, logLevel: 'silent',
    });
    const result = await withTimeout(lighthouse(url, {
      port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'],
    }), RUN_TIMEOUT_MS, `lighthouse ${url}`);
    if (!result || !result.lhr) throw new Error(`lighthouse gave no report for ${url}`);
    if (result.lhr.runtimeError) {
      throw new Error(`lighthouse ${url}: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
    }
    return result;
  } finally {
    if (chrome) await chrome.kill();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

// ---- main -----------------------------------------------------------------------------------

// The pages, written now by make-pages.sh (kept in --pages DIR, else in a temporary folder
// removed once they are read).
const pages = args.pages || fs.mkdtempSync(path.join(os.tmpdir(), 'mixpay-lighthouse-pages-'));
const photo = productJpeg();
let files;
try {
  execFileSync(path.join(here, 'make-pages.sh'), [pages], { stdio: ['ignore', 'inherit', 'inherit'] });
  files = loadFiles(pages, args.dist, photo);
} finally {
  if (!args.pages) fs.rmSync(pages, { recursive: true, force: true });
}
for (const v of VARIANTS) if (!files.has(`/${v}.html`)) throw new Error(`make-pages.sh wrote no page ${v}.html`);
if (!files.has('/dist/mixpay-checkout.js')) throw new Error(`${args.dist} has no mixpay-checkout.js`);
if (args.reports) fs.mkdirSync(args.reports, { recursive: true });
const { server, state, port } = await startServer(files);
const origin = `http://127.0.0.1:${port}`;
const result = {
  lighthouse: null,
  chromium: null,
  settings: null,
  runs: RUNS,
  uncompressedRuns: UNCOMPRESSED_RUNS,
  variants: VARIANTS,
  photoBytes: photo.length,
  files: Object.fromEntries([...files].filter(([p]) => p.startsWith('/dist/') || p === '/product.jpg')
    .map(([p, e]) => [p, { identity: e.identity.length, gzip: e.gzip ? e.gzip.length : null, br: e.br ? e.br.length : null }])),
  samples: { compressed: {}, uncompressed: {} },
  encodings: { compressed: {}, uncompressed: {} },
  failures: [],
};
try {
  for (const [mode, runs] of [['compressed', RUNS], ['uncompressed', UNCOMPRESSED_RUNS]]) {
    state.compress = mode === 'compressed';
    for (const v of VARIANTS) result.samples[mode][v] = [];
    for (let run = 0; run < runs; run += 1) {
      // The variants take turns, so none always goes first on a machine whose load drifts.
      const shift = run % VARIANTS.length;
      for (const v of VARIANTS.slice(shift).concat(VARIANTS.slice(0, shift))) {
        for (let attempt = 1; ; attempt += 1) {
          state.served = [];
          try {
            const started = Date.now();
            const { lhr, report, artifacts } = await runOnce(`${origin}/${v}.html`);
            result.lighthouse ||= lhr.lighthouseVersion;
            result.chromium ||= lhr.environment && lhr.environment.hostUserAgent;
            result.settings ||= {
              formFactor: lhr.configSettings.formFactor,
              throttlingMethod: lhr.configSettings.throttlingMethod,
              throttling: lhr.configSettings.throttling,
              screenEmulation: lhr.configSettings.screenEmulation,
            };
            const sample = { run, seconds: (Date.now() - started) / 1000, ...figures(lhr, artifacts) };
            result.samples[mode][v].push(sample);
            for (const s of state.served) result.encodings[mode][s.path] = s.encoding;
            if (args.reports) fs.writeFileSync(path.join(args.reports, `${mode}-${v}-${run + 1}.json`), report);
            console.error(`lighthouse: ${mode} ${v} run ${run + 1}/${runs}: score ${sample.score}, ` +
              `LCP ${Math.round(sample.lcpMs)} ms, TBT ${Math.round(sample.tbtMs)} ms, ${sample.bytes} B (${sample.seconds} s)`);
            break;
          } catch (error) {
            // A run that fails is tried again, at most 3 failures in all, and reported.
            result.failures.push(`${mode} ${v} run ${run + 1}: ${error.message}`);
            console.error(`lighthouse: run failed, trying again: ${error.message}`);
            if (result.failures.length >= 3) throw error;
          }
        }
      }
    }
  }
  fs.writeFileSync(args.out, JSON.stringify(result, null, 2));
} finally {
  server.close();
  server.closeAllConnections();
}
