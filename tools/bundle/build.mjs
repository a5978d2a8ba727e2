#!/usr/bin/env node
// Builds dist/ from the module build and web/, in one step (run by the wasm preset's
// mixpay_dist target):
//  1. the .wasm (optimized once more) and the translations (mixpay-checkout.<lang>.json)
//     are copied and hashed;
//  2. esbuild bundles web/src: the return page's script (mixpay-result.js, no glue) first,
//     then twice with the Emscripten glue inside and those hashes (mixpay-result.js's
//     too) built in: the classic script (an IIFE, what the README embeds) and the ES
//     module entry for bundlers;
//  3. terser minifies them (it is smaller than esbuild's minifier on this code); the glue
//     has been through the closure compiler (ADVANCED, Emscripten's externs) before;
//  4. integrity.json publishes the SHA-256 of the scripts, the .wasm and the translations,
//     and the package metadata and types are copied beside them;
//  5. every file gets its precompressed copies beside it, FILE.gz (gzip -9) and FILE.br
//     (brotli at quality 11), for servers that send them as they are (the hashes are of
//     the uncompressed files, which is what the browser checks after decoding).
// Files are rewritten only when their bytes change.
//   node tools/bundle/build.mjs --module-dir DIR --web DIR --dist DIR
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'package.json'));
let esbuild;
let terser;
try {
  esbuild = require('esbuild');
  terser = require('terser');
} catch (error) {
  console.error(`build.mjs: ${error.message}\nRun tools/install-deps (npm ci in tools/bundle).`);
  process.exit(1);
}

// The native closure compiler from npm (no Java), pinned in package.json.
const CLOSURE = path.join(here, 'node_modules', 'google-closure-compiler-linux', 'compiler');
if (!fs.existsSync(CLOSURE)) {
  console.error(`build.mjs: ${CLOSURE} is missing.\nRun tools/install-deps (npm ci in tools/bundle).`);
  process.exit(1);
}
// Emscripten's externs for its glue (what emcc --closure 1 passes), from the Emscripten
// that built the module.
const EMSCRIPTEN_EXTERNS = '/usr/share/emscripten/src/closure-externs/closure-externs.js';

const { values: args } = parseArgs({
  options: { 'module-dir': { type: 'string' }, web: { type: 'string' }, dist: { type: 'string' } },
});
for (const name of ['module-dir', 'web', 'dist']) {
  if (!args[name]) {
    console.error('usage: build.mjs --module-dir DIR --web DIR --dist DIR');
    process.exit(2);
  }
}
const moduleDir = args['module-dir'];
const web = args.web;
const dist = args.dist;

// SHA-256, in integrity.json and in the script (the hashes it checks the files it loads
// against, which a page's preload hint must quote alike): a check as sound as SHA-384's for
// Subresource Integrity (a changed file needs a second preimage of SHA-256), and 20 base64
// characters shorter each, characters gzip cannot shrink: the button script carries six
// (about 118 bytes gzip), mixpay-result.js four.
const sri = (bytes) => 'sha256-' + crypto.createHash('sha256').update(bytes).digest('base64');

function writeIfChanged(file, bytes) {
  const data = Buffer.from(bytes);
  if (fs.existsSync(file) && fs.readFileSync(file).equals(data)) return;
  fs.writeFileSync(file + '.tmp', data);
  fs.renameSync(file + '.tmp', file);
}

// The glue of the full runtime ends with a UMD footer that calls an AMD define() when the
// page has one (the minimal runtime's has none). The glue only ever runs inside the bundle,
// so the footer can only do harm: an anonymous define() breaks pages that use RequireJS. It
// is cut off, and the factory exported.
//
// The glue then goes through the closure compiler at ADVANCED, as emcc --closure 1 would
// run it: the glue is written for that (what the page or the module may name, it names by
// string, Module['wasm'], asm['malloc']), so closure renames its properties and
// drops what is unused, which terser cannot (about 190 bytes gzip of the shipped script;
// see BENCHMARKS.md). Emscripten's externs are passed without their WebGPU names, which
// this compiler declares itself (twice is an error). Only the factory's name is kept. The
// result is cached by the glue's and the externs' hash (the compiler takes 10-40 s here).
let glueCache = null;
function glueModule() {
  if (glueCache) return glueCache;
  const glue = fs.readFileSync(path.join(moduleDir, 'mixpay-checkout.js'), 'utf8');
  const umd = glue.lastIndexOf("if (typeof exports === 'object' && typeof module === 'object')");
  // The minimal runtime (-sMINIMAL_RUNTIME) leaves a failed instantiation (or a start
  // that throws) unanswered without ASSERTIONS: its promise would never settle, so the
  // loader could not say why. It rejects instead.
  const start = 'initRuntime(asm);ready()});';
  if (glue.indexOf(start) !== glue.lastIndexOf(start) || !glue.includes(start)) {
    throw new Error('the Emscripten glue does not start the module where one was expected');
  }
  const source = glue.slice(0, umd < 0 ? glue.length : umd).replace(start, 'initRuntime(asm);ready()}).catch(readyPromiseReject);') +
    '\nwindow["createMixPayCore"] = createMixPayCore;\n';
  const externs = fs.readFileSync(EMSCRIPTEN_EXTERNS, 'utf8').split('\n')
    .filter((line) => !/^var GPU\w*;$/.test(line)).join('\n');
  const key = crypto.createHash('sha256').update(source).update(externs).update(CLOSURE_FLAGS.join(' ')).digest('hex');
  const cached = path.join(moduleDir, 'closure-cache', key.slice(0, 32) + '.js');
  if (!fs.existsSync(cached)) {
    const work = fs.mkdtempSync(path.join(moduleDir, 'closure-'));
    try {
      fs.writeFileSync(path.join(work, 'glue.js'), source);
      fs.writeFileSync(path.join(work, 'externs.js'), externs);
      execFileSync(CLOSURE, [...CLOSURE_FLAGS, '--externs', path.join(work, 'externs.js'),
        '--js', path.join(work, 'glue.js'), '--js_output_file', path.join(work, 'out.js')],
      { stdio: ['ignore', 'inherit', 'inherit'], timeout: 300000 });
      fs.mkdirSync(path.dirname(cached), { recursive: true });
      fs.renameSync(path.join(work, 'out.js'), cached);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  const out = fs.readFileSync(cached, 'utf8').trim();
  const head = 'window.createMixPayCore=';
  if (!out.startsWith(head)) throw new Error('the closure compiler left the glue in an unexpected form');
  glueCache = 'var createMixPayCore=' + out.slice(head.length) + '\nexport default createMixPayCore;\n';
  return glueCache;
}

const CLOSURE_FLAGS = ['--compilation_level', 'ADVANCED', '--language_in', 'ECMASCRIPT_2020',
  '--language_out', 'ECMASCRIPT_2017', '--rewrite_polyfills=false', '--warning_level', 'QUIET'];

// 1. The files the script loads, and their hashes.
fs.mkdirSync(dist, { recursive: true });
const published = {};
// Already through binaryen 132 after the link (wasm/wasm-opt.cmake).
const wasm = fs.readFileSync(path.join(moduleDir, 'mixpay-checkout.wasm'));
writeIfChanged(path.join(dist, 'mixpay-checkout.wasm'), wasm);
const wasmIntegrity = sri(wasm);
const localeIntegrity = {};
const locales = {};
for (const name of fs.readdirSync(path.join(web, 'locales')).sort()) {
  const lang = /^([a-z]{2,3})\.json$/.exec(name);
  if (!lang) continue;
  // Without the source's indentation; a broken translation fails the build, not the page.
  const bytes = JSON.stringify(JSON.parse(fs.readFileSync(path.join(web, 'locales', name), 'utf8'))) + '\n';
  locales[`mixpay-checkout.${lang[1]}.json`] = bytes;
  localeIntegrity[lang[1]] = sri(bytes);
}
for (const name of fs.readdirSync(dist)) {
  if (/^mixpay-checkout\.[a-z]{2,3}\.json$/.test(name) && !locales[name]) fs.rmSync(path.join(dist, name));
}

// 2. The bundles. `mixpay:core` is the glue; the stylesheets (styles.css, result.css) are inlined as minified text.
const sources = {
  name: 'mixpay-sources',
  setup(build) {
    build.onResolve({ filter: /^mixpay:core$/ }, () => ({ path: 'core', namespace: 'mixpay' }));
    build.onLoad({ filter: /.*/, namespace: 'mixpay' }, () => ({ contents: glueModule(), loader: 'js' }));
    build.onLoad({ filter: /\.css$/ }, async (file) => {
      const css = await esbuild.transform(fs.readFileSync(file.path, 'utf8'), { loader: 'css', minify: true });
      // esbuild keeps the space after a custom property's colon (--_bg: var(…, #fff)), and
      // in its value after commas; neither means anything in these declarations.
      const code = css.code.trim().replace(/(--[\w-]+): /g, '$1:').replace(/, (?=[#\d])/g, ',');
      return { contents: `export default ${JSON.stringify(code)};`, loader: 'js' };
    });
  },
};

const BANNER = '/*! mixpay-checkout 0.1.0 | MIT | a drop-in MixPay checkout button */';

// Global names (window.MixPayCheckout) and property names are left as they are, and
// nothing is turned into eval or new Function, so the strict CSP pages keep working.
const TERSER = {
  ecma: 2017,
  compress: { passes: 5, unsafe: true, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
  mangle: true,
  format: { comments: /^!/ },
};

// The result element's waits before each retry, [[shortest, longest - shortest] ms, …]:
// mixpay/retry.hpp's result_retry_policy, printed beside the module by the wasm build
// (wasm/CMakeLists.txt, tools/bundle/result_waits.cpp).
const resultWaits = JSON.parse(fs.readFileSync(path.join(moduleDir, 'mixpay-result-waits.json'), 'utf8'));
if (!Array.isArray(resultWaits) || !resultWaits.every((w) => Array.isArray(w) && w.length === 2 &&
    w.every((ms) => Number.isInteger(ms) && ms >= 0))) {
  throw new Error('mixpay-result-waits.json: not a list of [shortest, longest - shortest] waits');
}

async function bundle(entry, format) {
  const result = await esbuild.build({
    entryPoints: [path.join(web, 'src', entry)],
    bundle: true,
    write: false,
    format,
    target: 'es2017',
    platform: 'browser',
    // The license line leads the file; terser keeps /*! … */ comments.
    banner: { js: BANNER },
    legalComments: 'none',
    // import.meta.url: the ES module's own address (the classic script does not use it).
    supported: { 'import-meta': true },
    charset: 'utf8',
    logLevel: 'warning',
    define: {
      MIXPAY_CLASSIC: String(format === 'iife'),
      MIXPAY_WASM_INTEGRITY: JSON.stringify(wasmIntegrity),
      MIXPAY_LOCALE_INTEGRITY: JSON.stringify(localeIntegrity),
      MIXPAY_RESULT_WAITS: JSON.stringify(resultWaits),
      MIXPAY_RESULT_INTEGRITY: JSON.stringify(resultIntegrity),
    },
    plugins: [sources],
  });
  const code = result.outputFiles[0].text;
  const base = entry.replace(/\.js$/, '');
  fs.writeFileSync(path.join(moduleDir, `mixpay-checkout.${base}.bundle.js`), code); // for reading
  const minified = await terser.minify(code, { ...TERSER, module: format === 'esm' });
  return minified.code + '\n';
}

// The return page's script, the result element only (no WebAssembly, no glue), first: the
// button's script loads it where it finds a result element, checked against this hash.
let resultIntegrity = null;
const resultScript = await bundle('result-entry.js', 'iife');
resultIntegrity = sri(resultScript);
const script = await bundle('classic.js', 'iife');
const moduleEntry = await bundle('module.js', 'esm');
writeIfChanged(path.join(dist, 'mixpay-checkout.js'), script);
writeIfChanged(path.join(dist, 'mixpay-checkout.mjs'), moduleEntry);
writeIfChanged(path.join(dist, 'mixpay-result.js'), resultScript);

// 3. The translations, one file per language, fetched only by the buyers who read it.
for (const [name, bytes] of Object.entries(locales)) writeIfChanged(path.join(dist, name), bytes);

// 4. What pages pin with <script integrity>, and the package.
published['mixpay-checkout.js'] = sri(script);
published['mixpay-result.js'] = resultIntegrity;
published['mixpay-checkout.wasm'] = wasmIntegrity;
for (const [lang, hash] of Object.entries(localeIntegrity)) published[`mixpay-checkout.${lang}.json`] = hash;
writeIfChanged(path.join(dist, 'integrity.json'), JSON.stringify(published, null, 2) + '\n');
for (const name of ['mixpay-checkout.d.ts', 'package.json']) {
  writeIfChanged(path.join(dist, name), fs.readFileSync(path.join(web, name)));
}

// 5. Precompressed copies. Deterministic (gzip's header carries no name and no time), so
// an unchanged file keeps its copies' bytes too; copies whose file is gone are removed.
const PRECOMPRESSED = /\.(br|gz)$/;
for (const name of fs.readdirSync(dist)) {
  if (PRECOMPRESSED.test(name)) {
    if (!fs.existsSync(path.join(dist, name.replace(PRECOMPRESSED, '')))) fs.rmSync(path.join(dist, name));
    continue;
  }
  if (name.endsWith('.tmp') || !fs.statSync(path.join(dist, name)).isFile()) continue;
  const bytes = fs.readFileSync(path.join(dist, name));
  writeIfChanged(path.join(dist, name + '.gz'), zlib.gzipSync(bytes, { level: 9 }));
  writeIfChanged(path.join(dist, name + '.br'), zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }));
}
