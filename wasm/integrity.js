#!/usr/bin/env node
// The last step of dist/: writes the Subresource Integrity hashes of the .wasm and the
// translations (mixpay-checkout.<lang>.json) into the (minified) shim, which checks each
// when it loads it, then publishes the SHA-384 of every file in dist/integrity.json, for
// pages that pin the shim with <script integrity>.
//   node wasm/integrity.js SHIM_MINIFIED DIST_DIR
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const sri = (bytes) => 'sha384-' + crypto.createHash('sha384').update(bytes).digest('base64');

// Replaces the one placeholder; a missing or repeated one would leave a file unchecked.
function fill(text, placeholder, value) {
  const parts = text.split(placeholder);
  if (parts.length !== 2) {
    throw new Error(`expected ${placeholder} once in the shim, found it ${parts.length - 1} times`);
  }
  return parts.join(value);
}

function writeIfChanged(file, text) {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  fs.writeFileSync(file + '.tmp', text);
  fs.renameSync(file + '.tmp', file);
}

const [shimMinified, dist] = process.argv.slice(2);
if (!shimMinified || !dist) {
  console.error('usage: integrity.js SHIM_MINIFIED DIST_DIR');
  process.exit(2);
}
const hashes = {};
for (const name of ['mixpay-checkout.wasm']) {
  hashes[name] = sri(fs.readFileSync(path.join(dist, name)));
}
const locales = [];
for (const name of fs.readdirSync(dist).sort()) {
  const lang = /^mixpay-checkout\.([a-z]{2,3})\.json$/.exec(name);
  if (lang) {
    hashes[name] = sri(fs.readFileSync(path.join(dist, name)));
    locales.push(`${lang[1]}=${hashes[name]}`);
  }
}
let shim = fs.readFileSync(shimMinified, 'utf8');
shim = fill(shim, 'sha384-MIXPAY_WASM_SHA384', hashes['mixpay-checkout.wasm']);
shim = fill(shim, 'MIXPAY_LOCALE_SHA384S', locales.join(';'));
writeIfChanged(path.join(dist, 'mixpay-checkout.js'), shim);
const published = { 'mixpay-checkout.js': sri(shim), ...hashes };
writeIfChanged(path.join(dist, 'integrity.json'), JSON.stringify(published, null, 2) + '\n');
