#!/usr/bin/env node
// dist/'s precompressed copies: every file has FILE.gz and FILE.br beside it, each decodes
// to exactly that file's bytes, no copy is left whose file is gone, and integrity.json's
// hashes are of the uncompressed files (what the browser checks after decoding).
//   node tests/size/precompressed.mjs [DIST_DIR]
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const dist = process.argv[2] || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const names = fs.readdirSync(dist).filter((name) => fs.statSync(path.join(dist, name)).isFile());
const originals = names.filter((name) => !/\.(br|gz)$/.test(name));
assert.ok(originals.includes('mixpay-checkout.js'), `${dist}: build the wasm preset first`);
for (const name of originals) {
  const bytes = fs.readFileSync(path.join(dist, name));
  for (const [suffix, decode] of [['.gz', zlib.gunzipSync], ['.br', zlib.brotliDecompressSync]]) {
    const copy = path.join(dist, name + suffix);
    assert.ok(fs.existsSync(copy), `${name}${suffix} is missing`);
    const packed = fs.readFileSync(copy);
    assert.ok(decode(packed).equals(bytes), `${name}${suffix} does not decode to ${name}`);
    assert.ok(packed.length < bytes.length || bytes.length < 1024, `${name}${suffix} is not smaller`);
  }
  console.log(`${name.padEnd(28)} ${String(bytes.length).padStart(7)} ` +
    `${String(fs.statSync(path.join(dist, name + '.gz')).size).padStart(7)} .gz ` +
    `${String(fs.statSync(path.join(dist, name + '.br')).size).padStart(7)} .br`);
}
for (const name of names.filter((n) => /\.(br|gz)$/.test(n))) {
  assert.ok(originals.includes(name.replace(/\.(br|gz)$/, '')), `${name}: its file is gone`);
}
const integrity = JSON.parse(fs.readFileSync(path.join(dist, 'integrity.json'), 'utf8'));
for (const [name, hash] of Object.entries(integrity)) {
  const sri = 'sha256-' + crypto.createHash('sha256').update(fs.readFileSync(path.join(dist, name))).digest('base64');
  assert.equal(hash, sri, `integrity.json: ${name} is not the hash of the uncompressed file`);
}
console.log(`${originals.length} files, each with a .gz and a .br that decode to it`);
