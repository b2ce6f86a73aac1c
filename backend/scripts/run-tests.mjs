#!/usr/bin/env node
// Runs every *.test.ts of the sidecar with node's test runner (through tsx), one file per process,
// as many at once as there are cores but one (at least one). Arguments narrow the set:
// `npm test -- src/store` runs only files under src/store; `--`-options go to node's runner.
// Each file's duration is printed when it ends, and all of them, slowest first, at the end.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const roots = ['src', 'testkit', 'test'].map((d) => join(root, d));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const passthrough = process.argv.slice(2).filter((a) => a.startsWith('--'));
const jobs = Math.max(1, Number(process.env.LOGLENS_TEST_JOBS) || availableParallelism() - 1);

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
  .map((f) => relative(root, f))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

const fmt = (ms) => (ms >= 60_000 ? `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s` : `${(ms / 1000).toFixed(1)}s`);

/** A hung test fails after 5 minutes instead of holding CI until its 90-minute limit. */
const FILE_TIMEOUT_MS = 300_000;
/**
 * Files that do real work longer than that on a loaded machine. The real Ollama tests load a model
 * and generate on 2 shared cores: a cold load took 120 s and the warm-up 93 s at load 6-9, and the
 * file 300 s before its last tests ran; 7m42s at load 12-14, with first tokens allowed 240 s. The OpenSearch cluster test starts two JVM nodes, kills and
 * restarts one: 2m30s-2m49s at load 8-14, of which ~45 s per cluster start and ~60 s per recovery.
 * The backend conformance test starts its own cluster and writes through both backends: 2m10s-3m04s
 * at load 6-19. The crash loop starts 21 worker processes (tsx, the store, the ONNX model each):
 * 4m21s at load ~15, and over 300 s once at load 14-17.
 */
const SLOW_FILE_TIMEOUT_MS = {
  'test/ollama-real.test.ts': 1_200_000,
  'test/opensearch-cluster.test.ts': 900_000,
  'test/opensearch-backend.test.ts': 600_000,
  'test/hardening-crash.test.ts': 900_000,
};

/**
 * The tests' temporary directory for this run: every file's stores, sockets and child processes
 * (Prometheus, OpenSearch as nobody, chromium) make their temp dirs under it through TMPDIR, and
 * it is removed when every file passed, so repeated runs do not fill /tmp (1,100 leaked dirs, 2 GB,
 * were found after a day of runs). A failed run keeps it for a look and prints where it is.
 * Sticky and world-writable like /tmp itself: the OpenSearch nodes run as another user.
 */
const runTmp = mkdtempSync(join(tmpdir(), 'loglens-tests-'));
chmodSync(runTmp, 0o1777);
const childEnv = { ...process.env, TMPDIR: runTmp };

/** Runs one file; with one job at a time its output streams, otherwise it is printed whole at the end. */
function runFile(file) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-timeout=${SLOW_FILE_TIMEOUT_MS[file] ?? FILE_TIMEOUT_MS}`, '--test-force-exit', ...passthrough, file],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv },
    );
    // With one job the output streams as it comes; the tail is kept either way, for the summary.
    let out = '';
    const take = (d) => {
      if (jobs === 1) process.stdout.write(d);
      out += d;
      if (jobs === 1 && out.length > 2 * KEPT_OUTPUT_CHARS) out = out.slice(-KEPT_OUTPUT_CHARS);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code, signal) => {
      const ms = performance.now() - t0;
      if (out && jobs !== 1) process.stdout.write(out);
      const ok = code === 0;
      console.log(`[file] ${file} ... ${ok ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`} ${fmt(ms)}`);
      resolve({ file, ok, ms, why: ok ? '' : failureLines(out) });
    });
  });
}

/** How much of a file's output is kept for its failure summary (the spec reporter's list comes last). */
const KEPT_OUTPUT_CHARS = 200_000;
/**
 * A failed file's reasons, repeated after the duration table: CI shows the end of a long log, and a
 * soak failure's assertion message was lost in the middle of it (CI on d2d8fa8 said only which test).
 * The spec reporter ends with "✖ failing tests:" and each failure's message and stack.
 */
const FAILURE_LINES = 40;
function failureLines(out) {
  const at = out.lastIndexOf('✖ failing tests:');
  // Node's own frames say nothing about the failure.
  const lines = (at >= 0 ? out.slice(at) : out).split('\n').filter((l) => l.trim() !== '' && !/\(node:|at node:/.test(l));
  return (at >= 0 ? lines.slice(0, FAILURE_LINES) : lines.slice(-FAILURE_LINES)).join('\n');
}

// The clock the tests see: a run under libfaketime (scripts/test.sh --faketime) shows the moved date here.
console.log(`sidecar tests: ${files.length} files, ${jobs} at a time; clock ${new Date().toISOString()}${process.env.FAKETIME ? ` (FAKETIME=${process.env.FAKETIME})` : ''}`);
const t0 = performance.now();
const queue = [...files];
const results = [];
await Promise.all(
  Array.from({ length: Math.min(jobs, files.length) }, async () => {
    for (let f = queue.shift(); f; f = queue.shift()) results.push(await runFile(f));
  }),
);
const failed = results.filter((r) => !r.ok);
console.log(`\n--- sidecar test files by duration (${files.length} files, ${jobs} at a time, ${fmt(performance.now() - t0)} in all)`);
for (const r of [...results].sort((a, b) => b.ms - a.ms)) console.log(`${r.ok ? 'ok    ' : 'FAILED'} ${fmt(r.ms).padStart(7)}  ${r.file}`);
if (failed.length) {
  console.log(`\n${failed.length} file(s) failed: ${failed.map((r) => r.file).join(', ')}`);
  console.log(`their temporary files are kept in ${runTmp}`);
  for (const r of failed) console.log(`\n--- why ${r.file} failed\n${r.why}`);
} else {
  try {
    rmSync(runTmp, { recursive: true, force: true, maxRetries: 3 });
  } catch (e) {
    console.log(`could not remove ${runTmp}: ${e.message}`);
  }
}
process.exit(failed.length ? 1 : 0);
