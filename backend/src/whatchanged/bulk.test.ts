// The analysis reads in bulk and bounds its exact look-ups (rates.ts, values.ts): these prove the
// reads give what a row-by-row, unbounded read gives, and that the bound is used.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../telemetry/logger.js';
import type { LogEntry } from '../types.js';
import { toBase } from '../values/extract.js';
import { analyzeWhatChanged } from './analyze.js';
import { kindRates, rateGrid } from './rates.js';
import type { WhatChanged } from './types.js';
import { EXACT_WHERE, sampleKinds, UNNAMED } from './values.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const MIN = 60_000;
const ns = (t: number) => BigInt(t) * 1_000_000n;
const WINDOW = { startNs: ns(T0 + 60 * MIN), endNs: ns(T0 + 120 * MIN) };
const BASELINE = { startNs: ns(T0), endNs: ns(T0 + 60 * MIN) };

async function withApp(fn: (app: App) => void | Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-wc-bulk-'));
  const app = createApp(loadConfig({}, { dataDir: dir, auth: { disabled: true }, embedding: { enabled: false } }), { logger: createLogger('silent'), processMetrics: false });
  try {
    await fn(app);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** web answers 502 from 10:13 on every other line; api's config changes at 10:10. */
function incident(): LogEntry[] {
  const out: LogEntry[] = [];
  const push = (job: string, t: number, line: string) => out.push({ tenant: 't', labels: { job }, tsNs: ns(t), line });
  for (let m = 0; m < 120; m += 10) push('api', T0 + m * MIN + 7000, `level=info msg="config loaded" ttl=${m >= 70 ? '0s' : '300s'} version=${m >= 70 ? '2.3.1' : '2.3.0'}`);
  for (let i = 0; i < 720; i++) {
    const t = T0 + i * 10_000 + 1234;
    const failing = t - T0 >= 72 * MIN;
    push('api', t, `level=${failing && i % 2 ? 'error' : 'info'} msg="${failing && i % 2 ? 'query failed' : 'query served'}" upstream=postgres:5432 duration=${failing ? 400 + (i % 50) : 10 + (i % 7)}ms req=r${i}`);
    // a 502 now and then in the baseline too: the window's is a surge, counted exactly
    const status = (t - T0 >= 73 * MIN && i % 2) || i % 97 === 0 ? 502 : 200;
    push('web', t + 5, `method=GET path=/api/items/${i % 40} status=${status} bytes=512 upstream=api:8080`);
  }
  return out.sort((a, b) => (a.tsNs < b.tsNs ? -1 : 1));
}

const withoutTimings = ({ timings: _, ...wc }: WhatChanged) => wc;

test('exact look-ups read the value text index inside an entry id range', async () => {
  await withApp((app) => {
    const plan = app.store.db.prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM entry_values WHERE ${EXACT_WHERE}`).all('a', 1, 1, 2, 'k', 0, 9, '[1]', 0, 1) as { detail: string }[];
    assert.ok(
      plan.some((p) => /USING INDEX value_rows_text \(text_id=\? AND stream_id=\? AND entry_id>\? AND entry_id<\?\)/.test(p.detail)),
      JSON.stringify(plan),
    );
  });
});

test('bounded exact look-ups count what unbounded ones count, lines stored out of order included', async () => {
  await withApp((app) => {
    const all = incident();
    // The baseline's web lines arrive last (a shipper catching up): their ids are the highest.
    const late = all.filter((e) => e.labels.job === 'web' && e.tsNs < WINDOW.startNs);
    app.pipeline.ingest('push', all.filter((e) => !late.includes(e)), { final: false });
    app.pipeline.ingest('push', late, { final: false });
    app.pipeline.chunkPending(true);
    const db = app.store.db;
    const q = { tenant: 't', window: WINDOW };
    const bounded = analyzeWhatChanged(db, q);
    const unbounded = analyzeWhatChanged(db, q, { boundLookups: false });
    assert.deepEqual(withoutTimings(bounded), withoutTimings(unbounded));
    // The 502 onset's counts are exact (web's kind holds more lines per side than its sample).
    const web = db.prepare("SELECT id FROM streams WHERE labels_json LIKE '%\"web\"%'").pluck().get() as number;
    const o = bounded.onsets.find((x) => x.streamId === web && x.kind === 'value' && x.value === '502');
    assert.ok(o, bounded.onsets.map((x) => `${x.kind} ${x.key}=${x.value}`).join(', '));
    const count = (w: { startNs: bigint; endNs: bigint }) =>
      db.prepare("SELECT count(*) FROM entries WHERE stream_id = ? AND ts_ns >= ? AND ts_ns < ? AND line LIKE '% status=502 %'").pluck().get(web, w.startNs, w.endNs) as number;
    assert.equal(o.windowCount, count(WINDOW));
    assert.equal(o.baselineCount, count(BASELINE));
    assert.ok(o.baselineCount > 0);
  });
});

test('the sample\'s values read in bulk equal a row-by-row read, odd texts and numbers included', async () => {
  await withApp((app) => {
    const odd = ['back\\slash \\"q\\"', 'tab\there', 'ünïcödé ✓ 𝄞', 'line\u0001ctl', '[]{},:', 'null', '1e309'];
    const entries: LogEntry[] = [];
    for (let i = 0; i < 400; i++) {
      const t = T0 + i * 18_000;
      entries.push({ tenant: 't', labels: { job: 'odd' }, tsNs: ns(t), line: `level=info dir=C:\\tmp\\d${i % 5} msg="${odd[i % odd.length]}" size=${(i * 1.1).toFixed(3)}KB ratio=${i % 7}/${7} pi=${Math.PI * i} big=${2 ** 60 + i}` });
    }
    app.pipeline.ingest('push', entries, { final: false });
    const db = app.store.db;
    const grid = rateGrid(WINDOW, BASELINE);
    const rates = kindRates(db, { tenant: 't', window: WINDOW, baseline: BASELINE }, grid);
    const { samples } = sampleKinds(db, rates.kinds, WINDOW, BASELINE);
    const one = db.prepare('SELECT pos, key, kind, text, num, unit FROM entry_values WHERE entry_id = ? ORDER BY pos');
    let n = 0;
    for (const s of samples.values()) {
      for (const e of s.entries) {
        const rows = one.all(e.id) as { pos: number; key: string; kind: string; text: string; num: number | null; unit: string | null }[];
        const want = rows.map((r) => ({ key: r.key || `${UNNAMED}${r.pos}`, kind: r.kind, text: r.text, num: r.num !== null && r.unit ? (toBase(r.num, r.unit) ?? r.num) : r.num }));
        assert.deepEqual(e.values, want);
        n += want.length;
      }
    }
    // the odd characters were among the values compared
    const texts = [...samples.values()].flatMap((s) => s.entries.flatMap((e) => e.values.map((v) => v.text)));
    for (const c of ['\\', '\t', '𝄞', '\u0001', '{', '"']) assert.ok(texts.some((t) => t.includes(c)), JSON.stringify(c));
    assert.ok(n > 1000, `${n} values compared`);
  });
});
