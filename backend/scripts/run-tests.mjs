#!/usr/bin/env node
// Runs every *.test.ts of the sidecar with node's test runner (through tsx), one file at a time
// per core. Arguments narrow the set: `npm test -- src/store` runs only files under src/store.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const roots = ['src', 'testkit', 'test'].map((d) => join(root, d));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const passthrough = process.argv.slice(2).filter((a) => a.startsWith('--'));

function walk(dir, out) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = roots
  .flatMap((d) => walk(d, []))
  .filter((f) => filters.length === 0 || filters.some((flt) => relative(root, f).startsWith(flt.replace(/^\.\//, ''))))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  // A hung test fails after 5 minutes instead of holding CI until its 90-minute limit.
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=300000', '--test-force-exit', ...passthrough, ...files.map((f) => relative(root, f))],
  { cwd: root, stdio: 'inherit', env: process.env },
);
process.exit(r.status ?? 1);
