// Conformance of the two storage backends (issue #20): the same LogHub-2k scenario (HDFS, OpenSSH
// and Zookeeper lines, one stream per system, two tenants whose names collide as prefixes: "acme"
// and "acme-eu") written through the embedded backend (SQLite/FTS5/faiss) and the OpenSearch
// backend on a real 2-node cluster, then asked the same things. Value look-ups and aggregates must
// equal what the data says (computed here in plain JS from the scenario, not by either backend);
// BM25 top hits are compared and their overlap reported (the engines score differently).
//
// Then faults on the same cluster, with the Loki stand-in holding 2 tenants x 3 sources and
// src/backend/follow-main.ts sidecars as child processes: one of two sidecars SIGKILLed and its
// sources taken over after lease expiry, and one OpenSearch node SIGKILLed and restarted. Both
// times the stored multiset of (tenant, labels, ts, line) must equal what was pushed to Loki.
//
// Skipped, with the reason, when LOGLENS_OPENSEARCH_HOME does not name an installed OpenSearch
// (fails instead under LOGLENS_REQUIRE_OPENSEARCH=1), like test/opensearch-cluster.test.ts.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@opensearch-project/opensearch';
import { parse } from 'csv-parse/sync';
import { EmbeddedBackend, embeddedBackendMigration } from '../src/backend/embedded.js';
import type { ChunkWrite, EntryQuery, EntryWrite, LogBackend, Scope, SlotRef, WriteBatch } from '../src/backend/types.js';
import { MINILM_DIM } from '../src/embed/index.js';
import { faiss } from '../src/index/test-faiss.js';
import { BulkRejectedError, OpenSearchBackend } from '../src/opensearch/backend.js';
import { matchesLabels } from '../src/retrieve/selector.js';
import { labelsKey } from '../src/store/labels.js';
import { Store } from '../src/store/store.js';
import { templatesMigration } from '../src/templates/index.js';
import type { LabelMatcher, TimeWindow } from '../src/types.js';
import { extractValues } from '../src/values/extract.js';
import { valuesKeysMigration, valuesMigration } from '../src/values/migration.js';
import { NUMERIC_KINDS } from '../src/values/types.js';
import { findOpenSearch, startOpenSearch, type OpenSearchCluster } from '../testkit/opensearch.js';
import { startLokiServer, type LokiServerHandle } from '../testkit/loki/server.js';

const install = findOpenSearch();
if ('missing' in install && process.env.LOGLENS_REQUIRE_OPENSEARCH === '1') {
  test('OpenSearch is installed (LOGLENS_REQUIRE_OPENSEARCH=1)', () => {
    throw new Error(install.missing);
  });
}
const skip = 'missing' in install ? `OpenSearch not installed, skipping: ${install.missing}` : false;

// ---- the scenario ------------------------------------------------------------------------------

const LOGHUB = join(import.meta.dirname, '../../../shared/data/loghub-2k');
const DIM = 64;
const NS_PER_DAY = 86_400_000_000_000n;
/** 2026-11-01 00:00 UTC: the scenario spans three days, so three tenant-day indices per tenant. */
const DAY0 = BigInt(Date.UTC(2026, 10, 1)) * 1_000_000n;
const SPAN_DAYS = 3n;
/** Lines per chunk (the chunker's packing is not what this test is about). */
const CHUNK_LINES = 8;
/** Chunks per write batch: each batch is whole chunks with their lines and the cursor they advance. */
const BATCH_CHUNKS = 80;

const TENANT_A = 'acme';
/** A tenant whose name starts with the other's and '-': the collision the index names must guard. */
const TENANT_B = 'acme-eu';

interface Part {
  tenant: string;
  system: string;
  /** Which of the system's 2,000 lines (LineId - 1): 1,000 a stream keeps the file's run short. */
  from: number;
  to: number;
  /** Template ids of a system are offset so two systems never share one. */
  templateBase: number;
}
const PARTS: Part[] = [
  { tenant: TENANT_A, system: 'HDFS', from: 0, to: 1000, templateBase: 1000 },
  { tenant: TENANT_A, system: 'OpenSSH', from: 0, to: 1000, templateBase: 2000 },
  // Template ids are never shared between streams (derive.ts hashes tenant and stream into them).
  { tenant: TENANT_B, system: 'HDFS', from: 1000, to: 2000, templateBase: 4000 },
  { tenant: TENANT_B, system: 'Zookeeper', from: 0, to: 1000, templateBase: 3000 },
];

/** A deterministic text embedding: letter words hashed into DIM signed buckets, L2-normalised. */
function embed(text: string): Float32Array {
  const v = new Float32Array(DIM);
  for (const w of text.toLowerCase().match(/[a-z]{2,}/g) ?? []) {
    const h = createHash('md5').update(w).digest();
    v[h[0]! % DIM]! += h[1]! & 1 ? 1 : -1;
  }
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

interface Stream {
  tenant: string;
  labels: Record<string, string>;
  entries: EntryWrite[];
  chunks: { startNs: bigint; endNs: bigint; text: string; templateIds: number[]; members: number[] }[];
}

function loadScenario(): Stream[] {
  return PARTS.map((p, si) => {
    const rows = (
      parse(readFileSync(join(LOGHUB, p.system, `${p.system}_2k.log_structured.csv`), 'utf8'), { columns: true, skip_empty_lines: true, relax_quotes: true }) as Record<string, string>[]
    ).slice(p.from, p.to);
    const labels = { job: p.system.toLowerCase(), env: 'prod' };
    const n = BigInt(rows.length);
    const entries: EntryWrite[] = rows.map((r, i) => {
      const line = r.Content!;
      const template = r.EventTemplate!;
      return {
        tenant: p.tenant,
        labels,
        // spread over SPAN_DAYS, the streams a few ms apart
        tsNs: DAY0 + (BigInt(i) * SPAN_DAYS * NS_PER_DAY) / n + BigInt(si) * 1_000_000n,
        line,
        seq: 0,
        templateId: p.templateBase + Number(r.EventId!.slice(1)),
        template,
        values: extractValues(line, template),
      };
    });
    // Chunks of CHUNK_LINES lines, cut at day boundaries (a chunk lives in its start's day).
    const chunks: Stream['chunks'] = [];
    let cur: number[] = [];
    const close = () => {
      if (cur.length === 0) return;
      const es = cur.map((i) => entries[i]!);
      chunks.push({
        startNs: es[0]!.tsNs,
        endNs: es[es.length - 1]!.tsNs,
        text: es.map((e) => e.line).join('\n'),
        templateIds: [...new Set(es.map((e) => e.templateId!))],
        members: cur,
      });
      cur = [];
    };
    entries.forEach((e, i) => {
      if (cur.length > 0 && (cur.length === CHUNK_LINES || e.tsNs / NS_PER_DAY !== entries[cur[0]!]!.tsNs / NS_PER_DAY)) close();
      cur.push(i);
    });
    close();
    return { tenant: p.tenant, labels, entries, chunks };
  });
}

/** Each stream's chunks, BATCH_CHUNKS at a time, with their entries and the stream's cursor. */
function batchesOf(s: Stream): WriteBatch[] {
  const out: WriteBatch[] = [];
  for (let c = 0; c < s.chunks.length; c += BATCH_CHUNKS) {
    const cs = s.chunks.slice(c, c + BATCH_CHUNKS);
    const entries: EntryWrite[] = [];
    const chunks: ChunkWrite[] = cs.map((ch) => {
      const first = entries.length;
      entries.push(...ch.members.map((i) => s.entries[i]!));
      return { tenant: s.tenant, labels: s.labels, startNs: ch.startNs, endNs: ch.endNs, text: ch.text, templateIds: ch.templateIds, vector: embed(ch.text), entries: ch.members.map((_, k) => first + k) };
    });
    out.push({ entries, chunks, cursor: { sourceId: sourceOf(s), cursor: String(entries[entries.length - 1]!.tsNs) } });
  }
  return out;
}
const sourceOf = (s: Stream) => `${s.tenant}/${s.labels.job}`;

// ---- expectations, from the scenario alone -----------------------------------------------------

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** The look-up semantics of plan/sql.ts valueEquals, in JS: equal case-insensitively; an IPv4 also as ip:port. */
const holds = (e: EntryWrite, text: string, key?: string) => {
  const t = text.toLowerCase();
  return e.values.some((v) => (key === undefined || v.key === key) && (v.text.toLowerCase() === t || (IPV4.test(t) && v.text.toLowerCase().startsWith(`${t}:`))));
};

function inQuery(e: EntryWrite, q: EntryQuery): boolean {
  if (e.tenant !== q.scope.tenant) return false;
  if (q.scope.selector && !matchesLabels(e.labels, q.scope.selector)) return false;
  if (q.scope.window && (e.tsNs < q.scope.window.startNs || e.tsNs >= q.scope.window.endNs)) return false;
  if (q.templateIds && !q.templateIds.includes(e.templateId!)) return false;
  return (q.values ?? []).every((f) => holds(e, f.text, f.key));
}

const inSlot = (slot: SlotRef) => (v: EntryWrite['values'][number]) => slot.keys.includes(v.key) && slot.kinds.includes(v.kind);

function expectStats(all: EntryWrite[], q: EntryQuery, slot: SlotRef) {
  const by = new Map<string, { unit: string; values: number; sum: number; min: number; max: number }>();
  for (const e of all.filter((x) => inQuery(x, q))) {
    for (const v of e.values.filter(inSlot(slot))) {
      if (v.num === undefined) continue;
      const u = by.get(v.unit ?? '') ?? { unit: v.unit ?? '', values: 0, sum: 0, min: Infinity, max: -Infinity };
      u.values++;
      u.sum += v.num;
      u.min = Math.min(u.min, v.num);
      u.max = Math.max(u.max, v.num);
      by.set(u.unit, u);
    }
  }
  return [...by.values()].sort((a, b) => (a.unit < b.unit ? -1 : 1));
}

function expectTop(all: EntryWrite[], q: EntryQuery, slot: SlotRef, k: number) {
  const lines = new Map<string, number>();
  for (const e of all.filter((x) => inQuery(x, q))) {
    for (const t of new Set(e.values.filter(inSlot(slot)).map((v) => v.text.toLowerCase()))) lines.set(t, (lines.get(t) ?? 0) + 1);
  }
  const groups = [...lines.entries()].map(([value, n]) => ({ value, lines: n })).sort((a, b) => b.lines - a.lines || (a.value < b.value ? -1 : 1));
  return { op: 'top', top: groups.slice(0, k), groups: groups.length };
}

function expectTemplates(all: EntryWrite[], q: EntryQuery) {
  const n = new Map<number, number>();
  for (const e of all.filter((x) => inQuery(x, q) && x.templateId !== null)) n.set(e.templateId!, (n.get(e.templateId!) ?? 0) + 1);
  return { op: 'templates', counts: [...n.entries()].sort((a, b) => a[0] - b[0]).map(([templateId, lines]) => ({ templateId, lines })) };
}

/** Sums of doubles in another order differ in the last bits: compare at 12 significant digits. */
const nice = <T extends { sum: number }>(xs: T[]) => xs.map((x) => ({ ...x, sum: Number(x.sum.toPrecision(12)) }));

const entryKey = (e: { labels: Record<string, string>; tsNs: bigint; line: string }) => `${labelsKey(e.labels)}\u0000${e.tsNs}\u0000${e.line}`;
const chunkKey = (c: { labels: Record<string, string>; startNs: bigint }) => `${labelsKey(c.labels)}@${c.startNs}`;
const sorted = (xs: string[]) => [...xs].sort();

// ---- sidecars following Loki into OpenSearch (src/backend/follow-main.ts as child processes) ----

const FOLLOW_MAIN = join(import.meta.dirname, '../src/backend/follow-main.ts');
const FAULT_TENANTS = ['acme', 'globex'];
const APPS_PER_TENANT = 3;
/** Lines per stream pushed before the sidecars start (their backfill). */
const BACKFILL_PER_STREAM = 80;
/** Lines per stream per live batch, pushed every LIVE_EVERY_MS while the faults happen. */
const LIVE_PER_STREAM = 2;
const LIVE_EVERY_MS = 500;
/** Short, so a dead sidecar's sources are taken over within seconds. */
const LEASE_TTL_MS = 4_000;
/** Given as the OpenSearch password (the test cluster has no security plugin and ignores it): must never be printed. */
const SECRET = 'never-print-me-5c1d';
/** Small pages: a sidecar is mid-backfill for many writes, so a kill lands between them. */
const FOLLOW_TUNING = { pageLimit: 100, settleMs: 1000, pollIntervalMs: 500, catchUpIntervalMs: 1500, tailFlushMs: 100, backoffInitialMs: 100, backoffMaxMs: 1000, tailRetryMs: 2000 };
/** A wait fails only after this long with no progress at all (a stall, not a slow machine). */
const STALL_MS = 90_000;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` until it holds; fails after timeoutMs. */
async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await cond())) {
    if (performance.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await pause(250);
  }
}

interface Pushed {
  tenant: string;
  labels: Record<string, string>;
  tsNs: bigint;
  line: string;
}

/** Lines pushed to the Loki stand-in: 2 tenants x 3 streams, one source per stream. */
class LokiFeed {
  readonly pushed: Pushed[] = [];
  private n = 0;
  constructor(private readonly srv: LokiServerHandle) {}

  static labels(i: number) {
    // service_name given, so the stand-in adds none and stored labels equal pushed labels.
    return { app: `svc-${i}`, env: 'prod', service_name: `svc-${i}` };
  }

  static sources() {
    return FAULT_TENANTS.flatMap((tenant) => Array.from({ length: APPS_PER_TENANT }, (_, i) => ({ id: `${tenant}.svc-${i}`, tenant, selector: `{app="svc-${i}"}`, backfillSeconds: 3600 })));
  }

  /** `perStream` lines in every stream, 1 ms apart from startNs. */
  push(perStream: number, startNs: bigint): void {
    for (const tenant of FAULT_TENANTS) {
      for (let i = 0; i < APPS_PER_TENANT; i++) {
        const labels = LokiFeed.labels(i);
        const values: [string, string][] = [];
        for (let k = 0; k < perStream; k++) {
          const n = this.n++;
          const line = `${tenant} svc-${i} #${n} user=u${n % 13} took ${n % 50} ms from 10.1.${i}.${n % 7}`;
          const tsNs = startNs + BigInt(k) * 1_000_000n;
          values.push([tsNs.toString(), line]);
          this.pushed.push({ tenant, labels, tsNs, line });
        }
        const r = this.srv.push(tenant, [{ stream: labels, values }]);
        assert.deepEqual([r.accepted, r.errors], [perStream, []]);
      }
    }
  }

  of(tenant: string) {
    return this.pushed.filter((p) => p.tenant === tenant);
  }
}

interface SidecarStatus {
  owner: string;
  keeper: { held: string[]; takenOver: number; acquired: number; lost: Record<string, number>; errors: number; lastError: string | null };
  followers: { sourceId: string; lines: number; errors: number; lastError: string | null; state: string }[];
}

/** Sidecar processes alive; killed on any exit of this process (a cancelled test, --test-force-exit). */
const LIVE_SIDECARS = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of LIVE_SIDECARS) c.kill('SIGKILL');
});

/** One follow-main.ts process and the last status line it printed. */
class Sidecar {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  last: SidecarStatus | undefined;
  output = '';

  constructor(
    readonly name: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', FOLLOW_MAIN], { cwd: join(import.meta.dirname, '..'), env: { ...env, LOGLENS_SIDECAR_ID: name }, stdio: ['ignore', 'pipe', 'pipe'] });
    LIVE_SIDECARS.add(this.child);
    this.exited = new Promise((r) =>
      this.child.once('exit', () => {
        LIVE_SIDECARS.delete(this.child);
        r();
      }),
    );
    let buf = '';
    this.child.stdout!.on('data', (d: Buffer) => {
      this.output += d.toString();
      buf += d.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          this.last = JSON.parse(line) as SidecarStatus;
        } catch {
          /* a line cut by a SIGKILL */
        }
      }
    });
    this.child.stderr!.on('data', (d: Buffer) => {
      this.output += d.toString();
      if (this.output.length > 4_000_000) this.output = this.output.slice(-2_000_000);
    });
  }

  held(): string[] {
    // Before the sidecar reached the cluster its status has no keeper yet.
    return this.last?.keeper?.held ?? [];
  }

  /** Lines this sidecar's followers wrote (their own count, since they started). */
  lines(): number {
    return (this.last?.followers ?? []).reduce((n, f) => n + f.lines, 0);
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}

function sidecarEnv(lokiUrl: string, urls: string[], prefix: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // The sidecar's own config (config/schema.ts): backend.opensearch, loki, loki.tuning.
    LOGLENS_BACKEND: 'opensearch',
    LOGLENS_LOKI_URL: lokiUrl,
    LOGLENS_LOKI_SOURCES: JSON.stringify(LokiFeed.sources()),
    LOGLENS_OPENSEARCH_URL: urls.join(','),
    LOGLENS_OPENSEARCH_USERNAME: 'loglens',
    LOGLENS_OPENSEARCH_PASSWORD: SECRET,
    LOGLENS_OPENSEARCH_INDEX_PREFIX: prefix,
    LOGLENS_LEASE_TTL_MS: String(LEASE_TTL_MS),
    LOGLENS_LOKI_TUNING: JSON.stringify(FOLLOW_TUNING),
    LOGLENS_STATUS_MS: '250',
    // Templates and chunks are made (backend/derive.ts); vectors are not what these faults are
    // about, and two sidecars each running the model beside 2 JVMs would crowd 2 cores.
    LOGLENS_EMBEDDING_ENABLED: 'false',
  };
}

/** Entries stored for all fault tenants (refreshed first). */
async function storedLines(reader: OpenSearchBackend): Promise<number> {
  await reader.flush();
  let n = 0;
  for (const tenant of FAULT_TENANTS) {
    const r = await reader.aggregate({ scope: { tenant } }, { op: 'count' });
    n += r.op === 'count' ? r.lines : 0;
  }
  return n;
}

/** Waits until every pushed line is stored; fails only after STALL_MS without one more. */
async function waitStored(reader: OpenSearchBackend, feed: LokiFeed): Promise<void> {
  let n = -1;
  let progress = performance.now();
  for (;;) {
    const m = await storedLines(reader);
    if (m >= feed.pushed.length) return;
    if (m > n) [n, progress] = [m, performance.now()];
    if (performance.now() - progress > STALL_MS) throw new Error(`stored ${m} of ${feed.pushed.length} lines, no progress for ${STALL_MS} ms`);
    await pause(250);
  }
}

/** The stored multiset of (tenant, labels, ts, line) equals what was pushed to Loki, tenant by tenant. */
async function assertStoredEqualsPushed(reader: OpenSearchBackend, feed: LokiFeed): Promise<void> {
  await reader.flush();
  for (const tenant of FAULT_TENANTS) {
    const want = feed.of(tenant);
    const got = await reader.lookup({ scope: { tenant } }, 10_000);
    assert.equal(got.total, want.length, `${tenant}: stored ${got.total}, pushed ${want.length}`);
    assert.ok(got.entries.every((e) => e.line.startsWith(`${tenant} `)), `${tenant} holds another tenant's line`);
    assert.deepEqual(sorted(got.entries.map(entryKey)), sorted(want.map(entryKey)), `${tenant}: stored multiset = pushed`);
    // The typed values came along (extractValues in the sink): an address look-up equals the data.
    const ip = '10.1.1.3';
    const withIp = want.filter((p) => p.line.endsWith(` from ${ip}`)).length;
    assert.ok(withIp > 0);
    assert.equal((await reader.lookup({ scope: { tenant }, values: [{ text: ip }] }, 1)).total, withIp, `${tenant}: lines with ${ip}`);
  }
  for (const s of LokiFeed.sources()) assert.notEqual(await reader.cursor(s.id), undefined, `no cursor for ${s.id}`);
  // Through kills and takeovers every line kept a template and its chunk (backend/derive.ts): a
  // replay by another sidecar overwrites them, never leaves a line without.
  for (const tenant of FAULT_TENANTS) {
    const per = await reader.aggregate({ scope: { tenant } }, { op: 'templates' });
    assert.equal(per.op === 'templates' ? per.counts.reduce((n, c) => n + c.lines, 0) : -1, feed.of(tenant).length, `${tenant}: every line has a template`);
    const hits = await reader.searchText({ tenant }, [`${tenant}`, 'took'], 3);
    assert.ok(hits.length > 0 && hits.every((h) => h.text.startsWith(`${tenant} `)), `${tenant}: BM25 finds its followed lines`);
  }
}

// ---- the test ------------------------------------------------------------------------------------

describe('storage backends: embedded and OpenSearch give the same answers', { skip }, () => {
  const streams = skip ? [] : loadScenario();
  const all = streams.flatMap((s) => s.entries);
  let cluster: OpenSearchCluster;
  let admin: Client;
  let os: OpenSearchBackend;
  let embedded: EmbeddedBackend;
  let store: Store;
  let dir: string;
  let backends: LogBackend[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loglens-backend-'));
    store = Store.open(join(dir, 'loglens.db'), { migrations: [templatesMigration, valuesMigration, valuesKeysMigration, embeddedBackendMigration] });
    embedded = new EmbeddedBackend(store, { faiss: faiss ?? undefined, dim: DIM });
    cluster = await startOpenSearch({ nodes: 2 });
    admin = new Client({ nodes: cluster.urls, maxRetries: 5, requestTimeout: 60_000 });
    os = await OpenSearchBackend.open({ nodes: cluster.urls, dim: DIM, prefix: 'conf', refresh: 'false', requestTimeoutMs: 60_000 });
    backends = [embedded, os];
  });
  after(async () => {
    await os?.close();
    await embedded?.close();
    store?.close();
    await admin?.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const everything = (tenant: string): EntryQuery => ({ scope: { tenant } });

  test('the scenario is written through both backends; each stores exactly the pushed multiset, cursors at the last batch', async (t) => {
    const batches = streams.flatMap(batchesOf);
    for (const b of backends) {
      const t0 = performance.now();
      let inserted = 0;
      const ms: number[] = [];
      for (const batch of batches) {
        const t1 = performance.now();
        inserted += (await b.write(batch)).inserted;
        ms.push(performance.now() - t1);
      }
      ms.sort((x, y) => x - y);
      t.diagnostic(`${b.kind}: write() per batch of ~${CHUNK_LINES * BATCH_CHUNKS} lines: min ${ms[0]!.toFixed(0)} ms, median ${ms[ms.length >> 1]!.toFixed(0)} ms, max ${ms.at(-1)!.toFixed(0)} ms (the first into a new day index creates it)`);
      await b.flush();
      t.diagnostic(`${b.kind}: ${all.length} lines, ${batches.length} batches (refresh=false, then one flush): ${((all.length / (performance.now() - t0)) * 1000).toFixed(0)} lines/s`);
      assert.equal(inserted, all.length);
    }
    for (const b of backends) {
      for (const tenant of [TENANT_A, TENANT_B]) {
        const pushed = all.filter((e) => e.tenant === tenant);
        const got = await b.lookup(everything(tenant), 10_000);
        assert.equal(got.total, pushed.length, `${b.kind} ${tenant}`);
        assert.deepEqual(sorted(got.entries.map(entryKey)), sorted(pushed.map(entryKey)), `${b.kind} ${tenant}`);
      }
      for (const s of streams) {
        assert.equal(await b.cursor(sourceOf(s)), String(s.entries.at(-1)!.tsNs), `${b.kind} ${sourceOf(s)}`);
      }
      assert.equal(await b.cursor('never/written'), undefined);
    }
  });

  test('a replayed batch overwrites itself: the stored multiset is unchanged (refresh policies measured on the replay)', async (t) => {
    const replay = batchesOf(streams[0]!).slice(0, 2);
    // The same replay through a second OpenSearch client that waits for the refresh: what the
    // default (refresh=false) saves per batch, measured here as a diagnostic, not asserted.
    const waiting = await OpenSearchBackend.open({ nodes: cluster.urls, dim: DIM, prefix: 'conf', refresh: 'wait_for', requestTimeoutMs: 60_000 });
    try {
      for (const b of [...backends, waiting]) {
        const t0 = performance.now();
        for (const batch of replay) {
          const r = await b.write(batch);
          assert.deepEqual([r.inserted, r.duplicates], [0, batch.entries.length], b.kind);
        }
        if (b.kind === 'opensearch') t.diagnostic(`opensearch replay of ${replay.length} batches, refresh=${b === waiting ? 'wait_for' : 'false'}: ${(performance.now() - t0).toFixed(0)} ms`);
        await b.flush();
      }
    } finally {
      await waiting.close();
    }
    for (const b of backends) {
      const pushed = all.filter((e) => e.tenant === TENANT_A);
      const got = await b.lookup(everything(TENANT_A), 10_000);
      assert.equal(got.total, pushed.length, b.kind);
      assert.deepEqual(sorted(got.entries.map(entryKey)), sorted(pushed.map(entryKey)), b.kind);
      const chunks = streams.filter((s) => s.tenant === TENANT_A).reduce((n, s) => n + s.chunks.length, 0);
      const hits = await b.searchText({ tenant: TENANT_A }, ['block', 'user', 'session', 'connection', 'from'], 10_000);
      assert.ok(hits.length <= chunks, `${b.kind}: ${hits.length} chunks found, ${chunks} written`);
      assert.equal(new Set(hits.map(chunkKey)).size, hits.length, `${b.kind}: a chunk stored twice`);
    }
  });

  test('the cursor does not move past a write that was not acknowledged; the retry stores the line once and moves it', async () => {
    const s = streams[1]!;
    const before = String(s.entries.at(-1)!.tsNs);
    const later: EntryWrite = { ...s.entries.at(-1)!, tsNs: s.entries.at(-1)!.tsNs + 1_000n, line: 'a line after the last one', templateId: null, values: [] };
    const batch: WriteBatch = { entries: [later], cursor: { sourceId: sourceOf(s), cursor: String(later.tsNs) } };
    // OpenSearch: the day index refuses writes (a read-only block, as a full disk sets): the bulk's item fails.
    const index = os.names.data(s.tenant, later.tsNs);
    await admin.indices.putSettings({ index, body: { 'index.blocks.write': true } });
    await assert.rejects(os.write(batch), BulkRejectedError);
    assert.equal(await os.cursor(sourceOf(s)), before);
    await admin.indices.putSettings({ index, body: { 'index.blocks.write': false } });
    // Embedded: a batch that fails inside its transaction (a chunk naming a line outside the batch).
    await assert.rejects(embedded.write({ ...batch, chunks: [{ tenant: s.tenant, labels: s.labels, startNs: later.tsNs, endNs: later.tsNs, text: later.line, templateIds: [], entries: [5] }] }), RangeError);
    assert.equal(await embedded.cursor(sourceOf(s)), before);
    for (const b of backends) {
      await b.flush();
      assert.equal((await b.lookup(everything(s.tenant), 10_000)).entries.filter((e) => e.line === later.line).length, 0, b.kind);
      // The retry (as a follower re-reading from the cursor would send it) goes through.
      assert.deepEqual(await b.write(batch), { inserted: 1, duplicates: 0, chunks: 0 }, b.kind);
      assert.equal(await b.cursor(sourceOf(s)), String(later.tsNs));
      await b.flush();
      assert.equal((await b.lookup(everything(s.tenant), 10_000)).entries.filter((e) => e.line === later.line).length, 1, b.kind);
    }
    // From here on the scenario holds this line too (unchunked: no text or vector search finds it).
    s.entries.push(later);
    all.push(later);
  });

  test('exact value look-ups equal the data on both backends (identifiers, IPs as ip:port, keyed, windowed)', async (t) => {
    // Identifiers of 2-40 lines of each tenant, picked from the data (first by text, deterministic).
    const cases: EntryQuery[] = [];
    for (const tenant of [TENANT_A, TENANT_B]) {
      const lines = new Map<string, number>();
      for (const e of all.filter((x) => x.tenant === tenant)) {
        for (const v of new Set(e.values.filter((v) => ['id', 'ip', 'ipport', 'host'].includes(v.kind)).map((v) => v.text.toLowerCase()))) lines.set(v, (lines.get(v) ?? 0) + 1);
      }
      const picked = [...lines.entries()].filter(([, n]) => n >= 2 && n <= 40).map(([v]) => v).sort().filter((_, i) => i % 37 === 0).slice(0, 6);
      for (const text of picked) cases.push({ scope: { tenant }, values: [{ text: text.toUpperCase() }] });
      // an IP that the data mostly writes with a port
      const ip = [...lines.keys()].find((v) => /^\d+\.\d+\.\d+\.\d+:\d+$/.test(v))?.replace(/:\d+$/, '');
      if (ip) cases.push({ scope: { tenant }, values: [{ text: ip }] });
    }
    const blk = all.find((e) => e.tenant === TENANT_A && e.line.includes('blk_'))!.values.find((v) => v.kind === 'id')!;
    const day2: TimeWindow = { startNs: DAY0 + NS_PER_DAY, endNs: DAY0 + 2n * NS_PER_DAY };
    cases.push({ scope: { tenant: TENANT_A }, values: [{ text: blk.text, key: blk.key }] });
    cases.push({ scope: { tenant: TENANT_A }, values: [{ text: blk.text, key: 'not-' + blk.key }] });
    cases.push({ scope: { tenant: TENANT_A, window: day2, selector: [{ name: 'job', op: '=~', value: 'ssh|open.*' }] }, values: [{ text: 'root', key: 'user' }] });
    let nonEmpty = 0;
    for (const q of cases) {
      const want = all.filter((e) => inQuery(e, q));
      if (want.length > 0) nonEmpty++;
      for (const b of backends) {
        const got = await b.lookup(q, 100);
        assert.equal(got.total, want.length, `${b.kind} ${JSON.stringify(q.values)} in ${q.scope.tenant}`);
        assert.deepEqual(sorted(got.entries.map(entryKey)), sorted(want.map(entryKey)), `${b.kind} ${JSON.stringify(q.values)}`);
        // the last occurrences, newest first (what a "when did X last happen" cites)
        const newest = await b.lookup(q, 2, 'newest');
        assert.deepEqual(newest.entries.map(entryKey), [...want].sort((x, y) => (x.tsNs > y.tsNs ? -1 : 1)).slice(0, 2).map(entryKey), `${b.kind} newest`);
      }
    }
    t.diagnostic(`${cases.length} look-ups (${nonEmpty} with lines), equal on both backends and to the data`);
    assert.ok(nonEmpty >= 10, `only ${nonEmpty} look-ups find anything`);
  });

  test('aggregates (count, stats per unit, top values by lines, lines per template) equal the data on both backends', async (t) => {
    const day2: TimeWindow = { startNs: DAY0 + NS_PER_DAY, endNs: DAY0 + 2n * NS_PER_DAY };
    let checked = 0;
    for (const tenant of [TENANT_A, TENANT_B]) {
      const mine = all.filter((e) => e.tenant === tenant);
      // The tenant's commonest numeric slot and commonest other slot (key, kind), from the data.
      const freq = (numeric: boolean) => {
        const n = new Map<string, number>();
        for (const e of mine) for (const v of e.values) if (NUMERIC_KINDS.has(v.kind) === numeric && v.key) n.set(`${v.key}\u0000${v.kind}`, (n.get(`${v.key}\u0000${v.kind}`) ?? 0) + 1);
        const [key, kind] = [...n.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0].split('\u0000');
        return { keys: [key!], kinds: [kind!] } as SlotRef;
      };
      const numeric = freq(true);
      const word = freq(false);
      const tpl = mine.find((e) => e.values.some(inSlot(numeric)))!.templateId!;
      const selectors: (readonly LabelMatcher[] | undefined)[] = [undefined, [{ name: 'job', op: '!=', value: 'hdfs' }], [{ name: 'job', op: '=', value: 'hdfs' }]];
      for (const selector of selectors) {
        for (const window of [undefined, day2]) {
          const scope: Scope = { tenant, selector, window };
          for (const q of [{ scope }, { scope, templateIds: [tpl] }] as EntryQuery[]) {
            for (const b of backends) {
              const where = `${b.kind} ${tenant} ${JSON.stringify(selector)} ${window ? 'day2' : ''} ${q.templateIds ?? ''}`;
              assert.deepEqual(await b.aggregate(q, { op: 'count' }), { op: 'count', lines: mine.filter((e) => inQuery(e, q)).length }, where);
              const stats = await b.aggregate(q, { op: 'stats', slot: numeric });
              assert.equal(stats.op, 'stats');
              assert.deepEqual(nice(stats.op === 'stats' ? stats.byUnit : []), nice(expectStats(all, q, numeric)), `${where} stats ${JSON.stringify(numeric)}`);
              assert.deepEqual(await b.aggregate(q, { op: 'top', slot: word, k: 5 }), expectTop(all, q, word, 5), `${where} top ${JSON.stringify(word)}`);
              assert.deepEqual(await b.aggregate(q, { op: 'templates' }), expectTemplates(all, q), `${where} templates`);
              checked += 4;
            }
          }
        }
      }
      const total = expectTop(all, { scope: { tenant } }, word, 5);
      t.diagnostic(`${tenant}: stats over ${JSON.stringify(numeric)}, top over ${JSON.stringify(word)} (${total.groups} values, top ${total.top[0]?.value} in ${total.top[0]?.lines} lines)`);
    }
    t.diagnostic(`${checked} aggregates equal on both backends and to the data`);
  });

  test('template texts and a scan of the tenant (entries with their slot values, `after` included) equal the data on both backends', async () => {
    const valueKey = (v: EntryWrite['values'][number]) => JSON.stringify([v.pos, v.key, v.kind, v.text, v.num ?? null, v.unit ?? null, v.after ?? null]);
    const entryOf = (e: { labels: Record<string, string>; tsNs: bigint; line: string; templateId: number | null; values: readonly EntryWrite['values'][number][] }) =>
      JSON.stringify([labelsKey(e.labels), String(e.tsNs), e.line, e.templateId, e.values.map(valueKey).sort()]);
    for (const tenant of [TENANT_A, TENANT_B]) {
      const mine = all.filter((e) => e.tenant === tenant);
      // A template is stored with its id (an entry written without one, as the retry test's, has none).
      const texts = new Map(mine.filter((e) => e.templateId !== null).map((e) => [e.templateId!, JSON.stringify([e.templateId, labelsKey(e.labels), e.template])]));
      const expected = [...texts.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
      for (const b of backends) {
        const got = (await b.templates(tenant)).map((t) => JSON.stringify([t.templateId, labelsKey(t.labels), t.text]));
        assert.deepEqual(got, expected, `${b.kind} ${tenant} templates`);
        const scanned: string[] = [];
        for await (const page of b.scan(tenant, 700)) scanned.push(...page.map(entryOf));
        assert.equal(scanned.length, mine.length, `${b.kind} ${tenant} scan`);
        assert.deepEqual(scanned.sort(), mine.map(entryOf).sort(), `${b.kind} ${tenant} scan`);
        assert.ok(mine.some((e) => e.values.some((v) => v.after !== undefined)), 'the scenario has values with a word after them');
      }
    }
  });

  test('tenant isolation: the other tenant (a colliding prefix) never sees these lines', async () => {
    const onlyA = all.filter((e) => e.tenant === TENANT_A && e.labels.job === 'openssh').flatMap((e) => e.values.filter((v) => v.kind === 'ip').map((v) => v.text));
    const ids = [...new Set(onlyA)].slice(0, 10);
    assert.ok(ids.length >= 5);
    for (const b of backends) {
      for (const text of ids) {
        assert.equal((await b.lookup({ scope: { tenant: TENANT_B }, values: [{ text }] }, 10)).total, 0, `${b.kind}: ${TENANT_B} sees ${text}`);
        assert.ok((await b.lookup({ scope: { tenant: TENANT_A }, values: [{ text }] }, 10)).total > 0);
      }
      const bText = await b.searchText({ tenant: TENANT_B }, ['sshd', 'invalid', 'user', 'password', ...ids], 50);
      assert.ok(bText.every((h) => h.labels.job !== 'openssh'), `${b.kind}: ${TENANT_B} text search returned ${TENANT_A}'s chunks`);
      const aLines = new Set(all.filter((e) => e.tenant === TENANT_A).map((e) => e.line));
      const bAll = await b.lookup(everything(TENANT_B), 10_000);
      assert.equal(bAll.entries.filter((e) => e.labels.job === 'openssh').length, 0);
      // HDFS lines of the two tenants are different halves: none of A's in B's answers.
      assert.equal(bAll.entries.filter((e) => e.labels.job === 'hdfs' && aLines.has(e.line) && !all.some((x) => x.tenant === TENANT_B && x.line === e.line)).length, 0);
      const v = await b.searchVector({ tenant: TENANT_B }, embed(streams[1]!.chunks[0]!.text), 20);
      assert.ok(v.every((h) => h.labels.job !== 'openssh'), `${b.kind}: ${TENANT_B} k-NN returned ${TENANT_A}'s chunks`);
    }
    // The indices: each tenant's pattern lists its own three days only.
    for (const tenant of [TENANT_A, TENANT_B]) {
      const rows = (await admin.cat.indices({ index: os.names.tenantPattern(tenant), format: 'json', h: 'index' } as never)).body as { index: string }[];
      assert.deepEqual(sorted(rows.map((r) => r.index)), ['2026.11.01', '2026.11.02', '2026.11.03'].map((d) => `conf-data-${tenant === TENANT_A ? 'tacme' : 'tacme_00002deu'}-${d}`));
    }
  });

  test('BM25 and k-NN: top hits of both engines, in scope; overlap measured', async (t) => {
    const queries: [string, string[]][] = [
      [TENANT_A, ['received', 'block', 'size']],
      [TENANT_A, ['packetresponder', 'terminating']],
      [TENANT_A, ['authentication', 'failure', 'root']],
      [TENANT_A, ['invalid', 'user', 'admin']],
      [TENANT_A, ['connection', 'closed', 'preauth']],
      [TENANT_A, ['deleting', 'block', 'file']],
      [TENANT_B, ['connection', 'request']],
      [TENANT_B, ['exception', 'closing', 'socket']],
      [TENANT_B, ['leader', 'election', 'notification']],
      [TENANT_B, ['served', 'block', 'datanode']],
    ];
    const K = 10;
    const overlaps: number[] = [];
    const window: TimeWindow = { startNs: DAY0 + NS_PER_DAY / 2n, endNs: DAY0 + 2n * NS_PER_DAY };
    for (const [tenant, terms] of queries) {
      for (const scope of [{ tenant }, { tenant, window, selector: [{ name: 'env', op: '=', value: 'prod' } as LabelMatcher] }]) {
        const [e, o] = await Promise.all(backends.map((b) => b.searchText(scope, terms, K)));
        for (const hits of [e!, o!]) {
          assert.ok(hits.length > 0, `${terms} found nothing`);
          for (const h of hits) {
            assert.ok(streams.some((s) => s.tenant === tenant && labelsKey(s.labels) === labelsKey(h.labels)), 'a hit of another tenant');
            if (scope.window) assert.ok(h.endNs >= window.startNs && h.startNs < window.endNs, 'a hit outside the window');
          }
        }
        const ek = new Set(e!.map(chunkKey));
        overlaps.push(o!.filter((h) => ek.has(chunkKey(h))).length / Math.max(1, Math.min(e!.length, o!.length)));
      }
    }
    const mean = overlaps.reduce((a, b) => a + b, 0) / overlaps.length;
    t.diagnostic(`BM25 top-${K} overlap between engines over ${overlaps.length} searches: mean ${(mean * 100).toFixed(0)}%, min ${(Math.min(...overlaps) * 100).toFixed(0)}% (FTS5 porter + coord scaling vs Lucene BM25 with porter_stem; per-segment vs per-shard statistics)`);
    // Not equality (scoring differs), but the same kind of chunks: most searches share hits.
    assert.ok(mean >= 0.3, `mean BM25 overlap ${mean}`);

    if (!faiss) return t.diagnostic('faiss-node not built: embedded k-NN not compared');
    const probes = streams.map((s) => s.chunks[Math.floor(s.chunks.length / 2)]!);
    let same = 0;
    for (const [i, p] of probes.entries()) {
      const scope: Scope = { tenant: streams[i]!.tenant, selector: [{ name: 'job', op: '=', value: streams[i]!.labels.job! }], window: { startNs: p.startNs, endNs: p.startNs + NS_PER_DAY } };
      const [e, o] = await Promise.all(backends.map((b) => b.searchVector(scope, embed(p.text), K)));
      for (const hits of [e!, o!]) {
        assert.equal(hits.length, K);
        assert.ok(hits[0]!.score > 0.999, `nearest is not the probe itself: ${hits[0]!.score}`);
        assert.ok(hits.every((h) => h.labels.job === streams[i]!.labels.job && h.endNs >= p.startNs && h.startNs < p.startNs + NS_PER_DAY));
      }
      // Many chunks share a template set (equal vectors): compare the similarities, not which of equals.
      const round = (hs: { score: number }[]) => hs.map((h) => h.score.toFixed(4));
      if (JSON.stringify(round(e!)) === JSON.stringify(round(o!))) same++;
    }
    t.diagnostic(`k-NN (scoped, k=${K}): ${same}/${probes.length} probes with the same top-${K} similarities on faiss Flat and Lucene HNSW`);
    assert.ok(same >= probes.length - 1);
  });

  test('retention drops the tenant data before a day: OpenSearch deletes that day index, the embedded store its chunks', async () => {
    const cut = DAY0 + NS_PER_DAY;
    const dropped = await os.dropBefore(TENANT_A, cut);
    assert.deepEqual(dropped.dropped, ['conf-data-tacme-2026.11.01']);
    const emb = await embedded.dropBefore(TENANT_A, cut);
    assert.ok(emb.dropped.length > 0);
    for (const b of backends) {
      await b.flush();
      const left = all.filter((e) => e.tenant === TENANT_A && e.tsNs >= cut);
      const got = await b.lookup(everything(TENANT_A), 10_000);
      assert.equal(got.total, left.length, b.kind);
      assert.deepEqual(sorted(got.entries.map(entryKey)), sorted(left.map(entryKey)), b.kind);
      // the other tenant (whose name extends this one) keeps its first day
      assert.equal((await b.aggregate(everything(TENANT_B), { op: 'count' })).op === 'count' && (await b.lookup(everything(TENANT_B), 1)).total, all.filter((e) => e.tenant === TENANT_B).length, b.kind);
    }
  });

  test('leases: held by sidecar 1, refused to sidecar 2 until it expires by the injected clock, then taken over', async () => {
    for (const b of backends) {
      const src = `lease-test/${b.kind}`;
      const TTL = 30_000;
      assert.deepEqual(await b.acquireLease(src, 'sidecar-1', 0, TTL), { ok: true, lease: { sourceId: src, owner: 'sidecar-1', expiresMs: 30_000 }, takenOver: false });
      assert.deepEqual(await b.acquireLease(src, 'sidecar-2', 10_000, TTL), { ok: false, held: { sourceId: src, owner: 'sidecar-1', expiresMs: 30_000 }, conflict: false });
      assert.equal((await b.acquireLease(src, 'sidecar-1', 20_000, TTL)).ok, true); // renewed to 50 s
      assert.equal((await b.acquireLease(src, 'sidecar-2', 49_999, TTL)).ok, false);
      assert.deepEqual(await b.acquireLease(src, 'sidecar-2', 50_000, TTL), { ok: true, lease: { sourceId: src, owner: 'sidecar-2', expiresMs: 80_000 }, takenOver: true });
      assert.equal((await b.acquireLease(src, 'sidecar-1', 51_000, TTL)).ok, false);
      assert.equal(await b.releaseLease(src, 'sidecar-1'), false);
      assert.equal(await b.releaseLease(src, 'sidecar-2'), true);
      assert.equal((await b.acquireLease(src, 'sidecar-1', 52_000, TTL)).ok, true);
    }
    // Two sidecars racing for an expired lease on OpenSearch: if_seq_no lets exactly one win.
    const src = 'lease-test/race';
    await os.acquireLease(src, 'sidecar-1', 0, 1_000);
    for (let round = 0; round < 5; round++) {
      const now = 10_000 * (round + 1);
      const tries = await Promise.all(['sidecar-2', 'sidecar-3'].map((o) => os.acquireLease(src, o, now, 1_000)));
      assert.equal(tries.filter((r) => r.ok).length, 1, JSON.stringify(tries));
    }
  });
  test('sidecars without state: two follow 6 Loki sources into OpenSearch by leases; one SIGKILLed mid-ingest; the other takes its sources over after expiry; stored multiset = pushed', async (t) => {
    const srv = await startLokiServer({ port: 0 });
    const feed = new LokiFeed(srv);
    const reader = await OpenSearchBackend.open({ nodes: cluster.urls, dim: MINILM_DIM, prefix: 'fault1', requestTimeoutMs: 60_000 });
    const cars: Sidecar[] = [];
    let pushing = true;
    let batches = 0;
    let pusher: Promise<void> = Promise.resolve();
    try {
      feed.push(BACKFILL_PER_STREAM, (BigInt(Date.now()) - 600_000n) * 1_000_000n);
      pusher = (async () => {
        while (pushing) {
          feed.push(LIVE_PER_STREAM, BigInt(Date.now()) * 1_000_000n);
          batches++;
          await pause(LIVE_EVERY_MS);
        }
      })();
      const env = sidecarEnv(srv.url, cluster.urls, 'fault1');
      const [s1, s2] = [new Sidecar('sidecar-1', env), new Sidecar('sidecar-2', env)];
      cars.push(s1, s2);
      const t0 = performance.now();
      await waitFor('the two sidecars to split the 6 sources 3/3, sidecar-1 having written', () => s1.held().length === 3 && s2.held().length === 3 && s1.lines() > 0);
      const split = { s1: s1.held(), s2: s2.held() };
      assert.deepEqual(sorted([...split.s1, ...split.s2]), sorted(LokiFeed.sources().map((s) => s.id)));
      // Killed at a moment with lines pushed and not yet stored: the sidecars keep up with a 500 ms
      // feed, so a single reading could find everything stored (1 run in 12 failed on that).
      let atKill = { stored: 0, pushed: 0 };
      await waitFor('a moment with pushed lines not yet stored', async () => {
        atKill = { pushed: feed.pushed.length, stored: await storedLines(reader) };
        return atKill.stored < atKill.pushed;
      });
      await s1.kill('SIGKILL');
      const killedAt = performance.now();
      t.diagnostic(`split after ${((killedAt - t0) / 1000).toFixed(1)} s: sidecar-1 ${split.s1.join(',')}; sidecar-2 ${split.s2.join(',')}; SIGKILL sidecar-1 at ${atKill.stored} of ${atKill.pushed} pushed lines stored`);

      await waitFor('sidecar-2 to take over all 6 sources', () => s2.held().length === 6);
      t.diagnostic(`sidecar-2 holds all 6 sources ${((performance.now() - killedAt) / 1000).toFixed(1)} s after the SIGKILL (lease ttl ${LEASE_TTL_MS} ms)`);
      assert.ok(s2.last!.keeper.takenOver >= 3, 'the dead sidecar\'s 3 leases taken over after expiry');
      // Live lines keep arriving on the taken-over sources; then the feed stops.
      const b0 = batches;
      await waitFor('3 more live batches', () => batches >= b0 + 3);
      pushing = false;
      await pusher;
      await waitStored(reader, feed);
      const errors = s2.last!.followers.reduce((n, f) => n + f.errors, 0);
      await s2.kill('SIGTERM');
      assert.equal(s2.child.exitCode, 0);
      // A graceful stop releases every lease (another sidecar would not wait for expiry).
      assert.deepEqual((await reader.listLeases('source/')).map((l) => l.sourceId), []);
      await assertStoredEqualsPushed(reader, feed);
      t.diagnostic(`${feed.pushed.length} lines (${FAULT_TENANTS.length} tenants x ${APPS_PER_TENANT} sources): stored multiset = pushed, no loss, no duplicate, no cross-tenant line; sidecar-2 follower errors ${errors}`);
      for (const c of cars) assert.ok(!c.output.includes(SECRET), `${c.name} printed the OpenSearch password`);
    } finally {
      pushing = false;
      await pusher.catch(() => undefined);
      for (const c of cars) await c.kill('SIGKILL');
      await reader.close();
      await srv.close();
    }
  });

  test('an OpenSearch node SIGKILLed mid-ingest and restarted: the sidecar goes on through retries; stored multiset = pushed', async (t) => {
    const srv = await startLokiServer({ port: 0 });
    const feed = new LokiFeed(srv);
    const reader = await OpenSearchBackend.open({ nodes: cluster.urls, dim: MINILM_DIM, prefix: 'fault2', requestTimeoutMs: 60_000 });
    let car: Sidecar | undefined;
    let pushing = true;
    let batches = 0;
    let pusher: Promise<void> = Promise.resolve();
    try {
      feed.push(BACKFILL_PER_STREAM, (BigInt(Date.now()) - 600_000n) * 1_000_000n);
      pusher = (async () => {
        while (pushing) {
          feed.push(LIVE_PER_STREAM, BigInt(Date.now()) * 1_000_000n);
          batches++;
          await pause(LIVE_EVERY_MS);
        }
      })();
      car = new Sidecar('sidecar-3', sidecarEnv(srv.url, cluster.urls, 'fault2'));
      const s = car;
      await waitFor('the sidecar to hold every source and write', () => s.held().length === 6 && s.lines() > 0);
      // With 2 cluster-manager-eligible nodes the voting configuration holds one of them; losing
      // that one stops the cluster (a third eligible node is needed to survive it): kill the other.
      const manager = ((await admin.cat.clusterManager({ format: 'json' })).body as { node: string }[])[0]!.node;
      const victim = cluster.nodes.find((n) => n.name !== manager)!;
      // Every shard copied to both nodes first: a day index created a moment ago may still have
      // its only copy on the victim, and would be red (not lost: back with the node) meanwhile.
      await cluster.waitForHealth({ status: 'green', nodes: 2 });
      let atKill = { stored: 0, pushed: 0 };
      await waitFor('a moment with pushed lines not yet stored', async () => {
        atKill = { pushed: feed.pushed.length, stored: await storedLines(reader) };
        return atKill.stored < atKill.pushed;
      });
      await victim.kill();
      t.diagnostic(`SIGKILL node ${victim.name} (not the cluster manager) at ${atKill.stored} of ${atKill.pushed} pushed lines stored`);
      await cluster.waitForHealth({ status: 'yellow', nodes: 1 });
      const down = await storedLines(reader);
      await waitFor('ingest to go on with one node down', async () => (await storedLines(reader)) > down);
      const t0 = performance.now();
      await victim.restart();
      // Rejoined; its replicas recover in the background (green is not awaited: minutes at load).
      await cluster.waitForHealth({ status: 'yellow', nodes: 2 });
      t.diagnostic(`node restarted and rejoined after ${((performance.now() - t0) / 1000).toFixed(1)} s; ${await storedLines(reader)} lines stored meanwhile`);
      const b0 = batches;
      await waitFor('3 more live batches', () => batches >= b0 + 3);
      pushing = false;
      await pusher;
      await waitStored(reader, feed);
      const st = s.last!;
      await s.kill('SIGTERM');
      assert.equal(s.child.exitCode, 0);
      await assertStoredEqualsPushed(reader, feed);
      t.diagnostic(`${feed.pushed.length} lines: stored multiset = pushed; lease keeper errors ${st.keeper.errors}, leases lost ${JSON.stringify(st.keeper.lost)}, follower errors ${st.followers.reduce((n, f) => n + f.errors, 0)}`);
      assert.ok(!s.output.includes(SECRET), 'the sidecar printed the OpenSearch password');
    } finally {
      pushing = false;
      await pusher.catch(() => undefined);
      await car?.kill('SIGKILL');
      await reader.close();
      await srv.close();
    }
  });
});
