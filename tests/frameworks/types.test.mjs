// A strict `tsc --noEmit` of TypeScript consumers against the types the package ships
// (dist/mixpay-checkout.d.ts, found through package.json `exports`): types/consumer.ts,
// the README's recipes (the files the apps are built from) and every other js/ts block of
// the README. A README block that imports nothing is a page script: it is compiled on a
// page where the script tag has run, with the page's own `analytics`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeProject, readmeBlocks } from './project.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PAGE_SCRIPT = `import type { MixPayCheckoutApi } from 'mixpay-checkout';
declare const MixPayCheckout: MixPayCheckoutApi;
declare const analytics: { track(event: string, id: string): void };
`;

let project;
before(() => {
  project = makeProject('mixpay-frameworks-types-');
});
after(() => project && project.remove());

// The frameworks' own declarations are not checked (skipLibCheck: they are most of the
// time); the package's are, on their own, by the second run.
function tsc(files, { name = 'tsconfig.json', skipLibCheck = true } = {}) {
  const tsconfig = {
    compilerOptions: {
      skipLibCheck,
      skipDefaultLibCheck: true,
      strict: true,
      noEmit: true,
      noFallthroughCasesInSwitch: true,
      noImplicitOverride: true,
      noImplicitReturns: true,
      target: 'es2022',
      module: 'esnext',
      moduleResolution: 'bundler',
      lib: ['es2022', 'dom', 'dom.iterable'],
      jsx: 'react-jsx',
      types: [],
      isolatedModules: true,
      forceConsistentCasingInFileNames: true,
    },
    files,
  };
  fs.writeFileSync(path.join(project.dir, name), JSON.stringify(tsconfig, null, 2));
  const bin = path.join(project.dir, 'node_modules', 'typescript', 'bin', 'tsc');
  return spawnSync(process.execPath, [bin, '-p', name, '--pretty', 'false'], {
    cwd: project.dir, encoding: 'utf8', timeout: 240_000,
  });
}

test('tsc --strict: the consumer, the README\'s recipes and examples against the shipped types', { timeout: 300_000 }, () => {
  const files = [];
  fs.copyFileSync(path.join(here, 'types', 'consumer.ts'), path.join(project.src, 'consumer.ts'));
  files.push('src/consumer.ts');
  const blocks = readmeBlocks();
  assert.deepEqual(project.recipes.sort(), ['checkout-preact.ts', 'checkout-react.tsx', 'checkout-vue.ts', 'mixpay-attributes.ts']);
  for (const name of project.recipes) files.push(`src/${name}`);
  let examples = 0;
  for (const block of blocks.filter((b) => !b.file)) {
    const name = `readme-line-${block.line}.${block.lang === 'tsx' ? 'tsx' : 'ts'}`;
    const pageScript = !/^(import|export) /m.test(block.code);
    fs.writeFileSync(path.join(project.src, name), (pageScript ? PAGE_SCRIPT : '') + block.code + (pageScript ? 'export {};\n' : ''));
    files.push(`src/${name}`);
    examples++;
  }
  assert.ok(examples >= 4, `the README's examples: ${examples}`);
  const run = tsc(files);
  assert.equal(run.signal, null, 'tsc ended in time');
  assert.equal(run.status, 0, `tsc:\n${run.stdout}${run.stderr}`);
  assert.equal(run.stdout.trim(), '');
});

test('tsc --strict: the shipped declarations themselves', { timeout: 300_000 }, () => {
  const run = tsc(['node_modules/mixpay-checkout/mixpay-checkout.d.ts'], { name: 'tsconfig.types.json', skipLibCheck: false });
  assert.equal(run.signal, null, 'tsc ended in time');
  assert.equal(run.status, 0, `tsc:\n${run.stdout}${run.stderr}`);
});

test('the types are the package\'s: dist/mixpay-checkout.d.ts, named in exports', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(project.dir, 'node_modules', 'mixpay-checkout', 'package.json'), 'utf8'));
  assert.equal(pkg.exports['.'].types, './mixpay-checkout.d.ts');
  const shipped = fs.readFileSync(path.join(project.dir, 'node_modules', 'mixpay-checkout', 'mixpay-checkout.d.ts'), 'utf8');
  assert.equal(shipped, fs.readFileSync(path.join(here, '..', '..', 'web', 'mixpay-checkout.d.ts'), 'utf8'), 'dist/ has the current types (rebuild the wasm preset)');
});
