// Abuse: a hostile regex in a stream selector. A tenant may push a stream whose label value is up to
// 1 KiB long and then ask with {job=~"(a+)+"}: under a backtracking engine that match takes time
// exponential in the value's length and blocks the event loop, which stalls every tenant. The
// server runs in its own process so that a stall shows up as a timeout here, not as a hung runner.

import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { rawRequest, spawnServeApp } from './hardening-lib.js';

const KEY = 'redos-key-0123456789abcdef';
/** 2^60 backtracking steps for the patterns below: never finishes under a backtracking engine. */
const EVIL_VALUE = `${'a'.repeat(60)}!`;
/** A request that does not come back in this long means the server is stalled (a linear match takes microseconds). */
const STALL_MS = 15_000;

async function startServer(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const config = { dataDir: dir, server: { port: 0 }, auth: { apiKeys: [KEY] }, limits: { askPerMinute: 10_000, maxFutureSeconds: 100 * 365 * 86_400 } };
  return spawnServeApp(config);
}

test('hostile selector regexes are answered promptly and stall nobody', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-redos-'));
  const { url, child } = await startServer(dir);
  const h = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  try {
    const push = { streams: [{ stream: { job: EVIL_VALUE, app: EVIL_VALUE }, values: [['1764000000000000000', 'connection refused by upstream']] }] };
    assert.equal((await rawRequest(url, 'POST', '/api/v1/ingest', h, JSON.stringify(push))).status, 200);
    const selectors = ['{job=~"(a+)+"}', '{job=~"(a|a)*"}', '{app!~"(a|aa)+"}', '{job=~"(a*)*b"}', '{job=~"(.*a){20}"}', '{job=~"(x+x+)+y"}'];
    for (const selector of selectors) {
      for (const [path, body] of [
        ['/api/v1/ask', { question: 'connection refused', selector }],
        ['/api/v1/patterns', { start: '1763999000000000000', end: '1764001000000000000', selector }],
      ] as const) {
        const r = await rawRequest(url, 'POST', path, h, JSON.stringify(body), STALL_MS).catch((e: Error) => e);
        assert.ok(!(r instanceof Error), `${path} ${selector}: ${r instanceof Error ? r.message : ''}`);
        // Either answered or refused as a selector the engine does not take; never a 5xx.
        assert.ok(r.status === 200 || (r.status === 400 && JSON.parse(r.body).error.field === 'selector'), `${path} ${selector}: ${r.status} ${r.body.slice(0, 200)}`);
      }
    }
    // A pattern that does match still selects the stream: the engine is not just refusing everything.
    const ok = await rawRequest(url, 'POST', '/api/v1/ask', h, JSON.stringify({ question: 'connection refused', selector: '{job=~"a+!"}' }), STALL_MS);
    assert.equal(ok.status, 200);
    assert.ok(JSON.parse(ok.body).citations.length >= 1, ok.body.slice(0, 300));
    assert.equal((await rawRequest(url, 'GET', '/healthz', {}, undefined, STALL_MS)).status, 200);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

// Abuse through the log lines themselves: lines whose bracketed section holds many key="value"
// pairs, several of them new words on every line (echoed in the message), make every line a new
// template of one template-miner group in which nothing becomes a variable. The miner used to
// rebuild that group's sibling-rule families from all its templates for each new one, spelling
// each family's key out (O(templates^2 x length^2)): RFC 5424 syslog mined at ~650 lines/s, and
// a few pushes of lines like these held the event loop for minutes (src/templates/variables.ts
// buildFamilies; family-cost.test.ts counts that work). Pushes tag their lines before answering.
const PAIR_LINES = 1_200;
const PAIRS = 16;

function letters(i: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26);
  } while (i > 0);
  return s;
}

function structuredDataLine(i: number): string {
  const vary = [0, 1, 2, 3].map((j) => letters(2_000 + 4 * i + j));
  const pairs = Array.from({ length: PAIRS }, (_, j) => `${letters(26 + j)}="${j < vary.length ? vary[j] : 'fixed'}"`);
  return `<134>1 2026-03-01T10:00:00Z edge01 gateway - - [meta@32473 ${pairs.join(' ')}] session ${vary.join(' to ')} created`;
}

/**
 * Pairs of lines that differ only in a `user="..."` slot, each pair with two new free words: every
 * pair keeps a sibling-rule check open that asked, for each new template, whether another slot
 * varies by reading every template of the group (then linkAcrossLengths counted every posting of
 * the shared words): 500 such lines took over 100 s. 600 here, 150 a push.
 */
function userSlotLine(i: number): string {
  const pad = Array.from({ length: 20 }, (_, j) => `${letters(26 + j)}="fixed"`).join(' ');
  const user = i % 2 === 0 ? 'alice' : 'bob';
  const pair = Math.floor(i / 2);
  return `login [meta ${pad} user="${user}"] session ${letters(5_000 + 2 * pair)} ${letters(5_001 + 2 * pair)} opened`;
}

test('long lines of many key="value" pairs are mined promptly and stall nobody', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-redos-'));
  const { url, child } = await startServer(dir);
  const h = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  try {
    const t0 = 1_764_000_000_000_000_000n;
    for (let from = 0; from < PAIR_LINES; from += 300) {
      const at = (k: number) => String(t0 + BigInt(from + k) * 1_000_000n);
      const push = {
        streams: [
          { stream: { job: 'gateway' }, values: Array.from({ length: 300 }, (_, k) => [at(k), structuredDataLine(from + k)]) },
          { stream: { job: 'login' }, values: Array.from({ length: 150 }, (_, k) => [at(k), userSlotLine(from / 2 + k)]) },
        ],
      };
      const r = await rawRequest(url, 'POST', '/api/v1/ingest', h, JSON.stringify(push), STALL_MS).catch((e: Error) => e);
      assert.ok(!(r instanceof Error), `push of lines ${from}-${from + 299}: ${r instanceof Error ? r.message : ''}`);
      assert.equal(r.status, 200, r.body.slice(0, 200));
    }
    assert.equal((await rawRequest(url, 'GET', '/healthz', {}, undefined, STALL_MS)).status, 200);
    // the lines were mined: their templates are new in the window
    const body = { start: '1763999999000000000', end: '1764000002000000000', selector: '{job="gateway"}' };
    const r = await rawRequest(url, 'POST', '/api/v1/patterns', h, JSON.stringify(body), STALL_MS);
    assert.equal(r.status, 200, r.body.slice(0, 200));
    assert.ok(JSON.parse(r.body).changes.length >= 1, r.body.slice(0, 300));
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
