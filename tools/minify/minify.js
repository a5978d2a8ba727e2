#!/usr/bin/env node
// Minifies one script for dist/ with terser: compressed and with local names mangled,
// keeping /*! ... */ license comments. Global names (the glue's createMixPayCore, the
// shim's window.MixPayCheckout) and property names are left as they are, and nothing is
// turned into eval or new Function, so the strict CSP pages keep working.
//   node tools/minify/minify.js INPUT OUTPUT
'use strict';
const fs = require('fs');
const path = require('path');
const { minify } = require(path.join(__dirname, 'node_modules', 'terser'));

async function main() {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: minify.js INPUT OUTPUT');
    process.exit(2);
  }
  const source = fs.readFileSync(input, 'utf8');
  const result = await minify(source, {
    ecma: 2017,
    compress: { passes: 3, unsafe: true, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
    mangle: true,
    format: { comments: /^!/ },
  });
  const tmp = output + '.tmp';
  fs.writeFileSync(tmp, result.code + '\n');
  fs.renameSync(tmp, output);
}

main().catch((error) => {
  console.error(error.message || error);
  process.exit(1);
});
