// The package where there is no window: server-side rendering imports (or requires) it
// through its package.json, and that does nothing and throws nothing. Each import runs in
// a Node process of its own, bounded in time, so nothing it left running goes unnoticed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.env.MIXPAY_DIST || path.join(here, '..', '..', 'dist'));
let project;

before(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpay-ssr-'));
  fs.mkdirSync(path.join(project, 'node_modules'));
  fs.symlinkSync(dist, path.join(project, 'node_modules', 'mixpay-checkout'), 'dir');
});
after(() => fs.rmSync(project, { recursive: true, force: true }));

// Runs `code` in a new Node process in the project; it prints what it saw as JSON and must
// exit by itself (nothing left scheduled) within 10 s.
function run(code, type = 'module') {
  const file = path.join(project, type === 'module' ? 'server.mjs' : 'server.cjs');
  fs.writeFileSync(file, code);
  const child = spawnSync(process.execPath, [file], { cwd: project, encoding: 'utf8', timeout: 10_000 });
  assert.equal(child.signal, null, `exited by itself: ${child.stderr}`);
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stderr, '', 'nothing on stderr (no warning, no unhandled rejection)');
  return JSON.parse(child.stdout);
}

test('import { MixPayCheckout } from "mixpay-checkout" under Node: no throw, no window made, undefined', () => {
  const seen = run(`import { MixPayCheckout } from 'mixpay-checkout';
import * as all from 'mixpay-checkout';
await new Promise((resolve) => setTimeout(resolve, 200));
console.log(JSON.stringify({
  type: typeof MixPayCheckout, names: Object.keys(all),
  window: typeof window, document: typeof document, global: typeof globalThis.MixPayCheckout,
}));
`);
  assert.deepEqual(seen, { type: 'undefined', names: ['MixPayCheckout'], window: 'undefined', document: 'undefined', global: 'undefined' });
});

test('the ES module file itself, imported by path: the same', () => {
  const seen = run(`const m = await import(${JSON.stringify(path.join(dist, 'mixpay-checkout.mjs'))});
console.log(JSON.stringify({ type: typeof m.MixPayCheckout }));
`);
  assert.deepEqual(seen, { type: 'undefined' });
});

test('require("mixpay-checkout") (a CommonJS server) gets the ES module, which does nothing', () => {
  const seen = run(`const m = require('mixpay-checkout');
console.log(JSON.stringify({ names: Object.keys(m), type: typeof m.MixPayCheckout, resolved: require.resolve('mixpay-checkout').endsWith('.mjs') }));
`, 'commonjs');
  assert.deepEqual(seen, { names: ['MixPayCheckout'], type: 'undefined', resolved: true });
});

test('the package: exports for bundlers (import), the classic script, the types, and side effects', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(dist, 'package.json'), 'utf8'));
  const entry = pkg.exports['.'];
  assert.equal(entry.import, './mixpay-checkout.mjs');
  assert.equal(entry.default, './mixpay-checkout.js');
  assert.equal(entry.script, './mixpay-checkout.js');
  assert.equal(entry.types, './mixpay-checkout.d.ts');
  assert.equal(Object.keys(entry)[0], 'types', 'types first, as TypeScript wants');
  assert.equal(pkg.module, 'mixpay-checkout.mjs');
  assert.equal(pkg.types, 'mixpay-checkout.d.ts');
  assert.ok(Array.isArray(pkg.sideEffects) && pkg.sideEffects.includes('./mixpay-checkout.mjs'));
  for (const file of [...new Set(Object.values(entry))]) assert.ok(fs.existsSync(path.join(dist, file)), file);
  for (const f of pkg.files) {
    const re = new RegExp('^' + f.replace(/\./g, '\\.').replace(/\*/g, '[^/]+') + '$');
    assert.ok(fs.readdirSync(dist).some((name) => re.test(name)), `files: ${f}`);
  }
  const types = fs.readFileSync(path.join(dist, 'mixpay-checkout.d.ts'), 'utf8');
  assert.match(types, /export declare const MixPayCheckout: MixPayCheckoutApi \| undefined;/);
  assert.match(types, /configure\(options: MixPayCheckoutOptions\): void;/);
});
