#!/usr/bin/env node
// Builds dist/ from the module build and web/, in one step (run by the wasm preset's
// mixpay_dist target):
//  1. the .wasm (optimized once more) and the translations (mixpay-checkout.<lang>.json)
//     are copied and hashed;
//  2. esbuild bundles web/src twice, with the Emscripten glue inside and those hashes
//     built in: the classic script (an IIFE, what the README embeds) and the ES module
//     entry for bundlers;
//  3. terser minifies both (it is smaller than esbuild's minifier on this code);
//  4. integrity.json publishes the SHA-384 of the script, the .wasm and the translations,
//     and the package metadata and types are copied beside them.
// Files are rewritten only when their bytes change.
//   node tools/dist/build.mjs --module-dir DIR --web DIR --dist DIR
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'package.json'));
let esbuild;
let terser;
try {
  esbuild = require('esbuild');
  terser = require('terser');
} catch (error) {
  console.error(`build.mjs: ${error.message}\nRun tools/install-deps (npm ci in tools/dist).`);
  process.exit(1);
}

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

const sri = (bytes) => 'sha384-' + crypto.createHash('sha384').update(bytes).digest('base64');

function writeIfChanged(file, bytes) {
  const data = Buffer.from(bytes);
  if (fs.existsSync(file) && fs.readFileSync(file).equals(data)) return;
  fs.writeFileSync(file + '.tmp', data);
  fs.renameSync(file + '.tmp', file);
}

// The glue ends with a UMD footer that calls an AMD define() when the page has one. The
// glue only ever runs inside the bundle, so the footer can only do harm: an anonymous
// define() breaks pages that use RequireJS. It is cut off, and the factory exported.
function glueModule() {
  const glue = fs.readFileSync(path.join(moduleDir, 'mixpay-checkout.js'), 'utf8');
  const umd = glue.lastIndexOf("if (typeof exports === 'object' && typeof module === 'object')");
  if (umd < 0) throw new Error('the Emscripten glue has no UMD footer where one was expected');
  return glue.slice(0, umd) + '\nexport default createMixPayCore;\n';
}

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

// 2. The bundles. `mixpay:core` is the glue; styles.css is inlined as minified text.
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
    },
    plugins: [sources],
  });
  const code = result.outputFiles[0].text;
  const base = entry.replace(/\.js$/, '');
  fs.writeFileSync(path.join(moduleDir, `mixpay-checkout.${base}.bundle.js`), code); // for reading
  const minified = await terser.minify(code, { ...TERSER, module: format === 'esm' });
  return minified.code + '\n';
}

const script = await bundle('classic.js', 'iife');
const moduleEntry = await bundle('module.js', 'esm');
writeIfChanged(path.join(dist, 'mixpay-checkout.js'), script);
writeIfChanged(path.join(dist, 'mixpay-checkout.mjs'), moduleEntry);

// 3. The translations, one file per language, fetched only by the buyers who read it.
for (const [name, bytes] of Object.entries(locales)) writeIfChanged(path.join(dist, name), bytes);

// 4. What pages pin with <script integrity>, and the package.
published['mixpay-checkout.js'] = sri(script);
published['mixpay-checkout.wasm'] = wasmIntegrity;
for (const [lang, hash] of Object.entries(localeIntegrity)) published[`mixpay-checkout.${lang}.json`] = hash;
writeIfChanged(path.join(dist, 'integrity.json'), JSON.stringify(published, null, 2) + '\n');
for (const name of ['mixpay-checkout.d.ts', 'package.json']) {
  writeIfChanged(path.join(dist, name), fs.readFileSync(path.join(web, name)));
}
