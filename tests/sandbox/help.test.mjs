// The sandbox's README says what `mixpay-sandbox --help` says: the fault modes with their
// parameters (both come from the one table in sandbox/faults/faults.cpp) and the options.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { BINARY } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const readme = fs.readFileSync(path.join(here, '..', '..', 'sandbox', 'README.md'), 'utf8');
const help = execFileSync(BINARY, ['--help'], { encoding: 'utf8', timeout: 5_000 });

// mode -> parameter ('' for none), from the help's "Fault modes" section.
function helpModes() {
  const section = help.slice(help.indexOf('Fault modes'));
  assert.ok(section.length > 0, 'the help lists the fault modes');
  const modes = new Map();
  for (const line of section.split('\n').slice(1)) {
    const m = /^ {2}([a-z0-9]+)(?: {2,}(.+))?$/.exec(line);
    if (m) modes.set(m[1], m[2] ?? '');
  }
  return modes;
}

// mode -> parameter, from the README's table under "## Faults", without the code marks.
function readmeModes() {
  const section = readme.slice(readme.indexOf('## Faults'), readme.indexOf('\n## ', readme.indexOf('## Faults') + 1));
  const modes = new Map();
  for (const line of section.split('\n')) {
    const m = /^\| `([a-z0-9]+)` \|([^|]*)\|/.exec(line);
    if (m) modes.set(m[1], m[2].replaceAll('`', '').trim());
  }
  return modes;
}

test('the README lists exactly the fault modes of --help, with the same parameters', () => {
  const fromHelp = helpModes();
  const fromReadme = readmeModes();
  assert.ok(fromHelp.size >= 9, `modes in --help: ${[...fromHelp.keys()]}`);
  assert.deepEqual([...fromReadme.keys()], [...fromHelp.keys()]);
  for (const [mode, parameter] of fromHelp) assert.equal(fromReadme.get(mode), parameter, mode);
});

test('the control API refuses an unknown mode naming every mode of the table', () => {
  const modes = [...helpModes().keys()].join(', ');
  const run = spawnSync(BINARY, ['--port', '0', '--fault', 'nosuchmode'], { encoding: 'utf8', timeout: 5_000 });
  assert.equal(run.status, 1);
  assert.match(run.stderr, new RegExp(`--fault nosuchmode: mode: must be one of ${modes}\\n`));
});

test('every option of the README\'s synopsis is in --help, and the other way round', () => {
  const synopsis = readme.slice(readme.indexOf('```'), readme.indexOf('```', readme.indexOf('```') + 3));
  const inReadme = new Set(synopsis.match(/--[a-z-]+/g));
  const inHelp = new Set(help.match(/^ {2}(?:-h,)?--[a-z-]+/gm).map((o) => o.replace(/^ +(-h,)?/, '')));
  inHelp.delete('--help');
  assert.deepEqual([...inReadme].sort(), [...inHelp].sort());
});

test('bad values are refused naming the option, with exit code 1', () => {
  for (const [args, pattern] of [
    [['--port', '70000'], /--port/],
    [['--port', 'x'], /--port/],
    [['--host', ''], /--host/],
    [['--demo', '/nonexistent/folder'], /--demo/],
    [['--control-token', 'short'], /--control-token/],
    [['--port'], /--port/],
  ]) {
    const run = spawnSync(BINARY, args, { encoding: 'utf8', timeout: 5_000 });
    assert.equal(run.status, 1, args.join(' '));
    assert.match(run.stderr, pattern, args.join(' '));
    assert.match(run.stderr, /Usage:/, args.join(' '));
  }
});
