// An app's project in a temporary folder, as a merchant's would be: src/ holds the apps of
// apps/ and the README's recipes (the fenced blocks of "Frameworks and bundlers" whose first
// line names a file), node_modules/ the pinned frameworks of this folder and the package
// (`mixpay-checkout`, a link to the built dist/). Apps are bundled with esbuild's API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
export const dist = path.resolve(process.env.MIXPAY_DIST || path.join(repo, 'dist'));

export const FRAMEWORKS = ['react', 'vue', 'preact'];
const MAIN = { react: 'react-main.jsx', vue: 'vue-main.js', preact: 'preact-main.jsx' };
const SERVER = { react: 'react-server.jsx', vue: 'vue-server.js', preact: 'preact-server.jsx' };

// Every fenced js/ts/tsx block of README.md: { lang, code, file (the name its first line
// gives, inside "Frameworks and bundlers"; else null), line }.
export function readmeBlocks() {
  const text = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
  const section = text.indexOf('### Frameworks and bundlers\n');
  if (section < 0) throw new Error('README.md has no "Frameworks and bundlers" section');
  const end = text.indexOf('\n### ', section + 1);
  const blocks = [];
  const fence = /^```(js|ts|tsx)\n([\s\S]*?)^```$/gm;
  for (let m; (m = fence.exec(text)); ) {
    const inSection = m.index > section && (end < 0 || m.index < end);
    const named = /^\/\/ ([a-z-]+\.(?:tsx|ts))\b/.exec(m[2]);
    blocks.push({
      lang: m[1],
      code: m[2],
      file: inSection && named ? named[1] : null,
      inSection,
      line: text.slice(0, m.index).split('\n').length,
    });
  }
  return blocks;
}

export function makeProject(prefix = 'mixpay-frameworks-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules);
  const own = path.join(here, 'node_modules');
  if (!fs.existsSync(own)) throw new Error(`${own} is missing: run tools/install-deps (npm ci in tests/frameworks)`);
  for (const name of fs.readdirSync(own)) {
    if (!name.startsWith('.')) fs.symlinkSync(path.join(own, name), path.join(modules, name), 'dir');
  }
  fs.symlinkSync(dist, path.join(modules, 'mixpay-checkout'), 'dir');
  const src = path.join(dir, 'src');
  fs.mkdirSync(src);
  for (const name of fs.readdirSync(path.join(here, 'apps'))) {
    fs.copyFileSync(path.join(here, 'apps', name), path.join(src, name));
  }
  const recipes = [];
  for (const block of readmeBlocks()) {
    if (!block.file) continue;
    fs.writeFileSync(path.join(src, block.file), block.code);
    recipes.push(block.file);
  }
  return { dir, src, recipes, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

// Bundles one framework's app for the browser into `outdir`/app.js. `shop`: the sandbox's
// apiBase and payBase, and assetsUrl for configure() (empty: not called). React is built
// for development, where StrictMode mounts, unmounts and mounts again every effect.
export async function buildApp(project, framework, outdir, { apiBase, payBase, assetsUrl = '' }) {
  const result = await esbuild.build({
    absWorkingDir: project.dir,
    entryPoints: [path.join(project.src, MAIN[framework])],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    outfile: path.join(outdir, 'app.js'),
    jsx: 'automatic',
    jsxImportSource: framework === 'preact' ? 'preact' : 'react',
    jsxDev: framework === 'react',
    define: {
      'process.env.NODE_ENV': JSON.stringify(framework === 'react' ? 'development' : 'production'),
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      MIXPAY_API_BASE: JSON.stringify(apiBase),
      MIXPAY_PAY_BASE: JSON.stringify(payBase),
      MIXPAY_ASSETS_URL: JSON.stringify(assetsUrl),
    },
    metafile: true,
    logLevel: 'error',
  });
  return Object.keys(result.metafile.inputs).map((f) => path.resolve(project.dir, f));
}

// Copies the package's assets (the .wasm and the translations) beside a bundle, as the
// README tells an app without configure({ assetsUrl }) to.
export function copyAssets(outdir) {
  for (const f of fs.readdirSync(dist).filter((f) => /\.(wasm|json)$/.test(f) && f !== 'package.json')) {
    fs.copyFileSync(path.join(dist, f), path.join(outdir, f));
  }
}

// Bundles one framework's server render for Node into the project (packages left to
// Node's own resolution, as a server does); returns the file to run.
export async function buildServer(project, framework) {
  const outfile = path.join(project.dir, `server-${framework}.mjs`);
  await esbuild.build({
    absWorkingDir: project.dir,
    entryPoints: [path.join(project.src, SERVER[framework])],
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    jsx: 'automatic',
    jsxImportSource: framework === 'preact' ? 'preact' : 'react',
    define: {
      MIXPAY_API_BASE: JSON.stringify('https://api.mixpay.me/v1'),
      MIXPAY_PAY_BASE: JSON.stringify('https://mixpay.me'),
      MIXPAY_ASSETS_URL: JSON.stringify('/assets/mixpay/'),
    },
    logLevel: 'error',
  });
  return outfile;
}
