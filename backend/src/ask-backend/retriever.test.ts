// Asking through LogBackend (ask-backend/), over the embedded backend (real SQLite, faiss and the
// MiniLM model): the hybrid list is the reciprocal rank fusion of the backend's two lists, the
// chunk holding the answer comes first, and the answer cites its line. The same code over a real
// OpenSearch cluster: test/opensearch-ask.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FollowDeriver } from '../backend/derive.js';
import { EmbeddedBackend, embeddedBackendMigration } from '../backend/embedded.js';
import { MINILM_DIM, OnnxEmbedder } from '../embed/index.js';
import { provisionedMiniLmDir } from '../embed/test-model-dir.js';
import { loadFaiss } from '../index/faiss.js';
import { RRF_K } from '../retrieve/retriever.js';
import { Store } from '../store/store.js';
import { templatesMigration } from '../templates/index.js';
import type { LogEntry } from '../types.js';
import { valuesKeysMigration, valuesMigration } from '../values/migration.js';
import { BackendAskService, NotBuiltError } from './ask.js';
import { BackendRetriever } from './retriever.js';

const T0 = BigInt(Date.UTC(2026, 10, 24, 14, 0, 0)) * 1_000_000n;
const ANSWER = 'payment gateway timeout after 31 s for order 7005, card declined by upstream';
const QUESTION = 'was there a payment gateway timeout for an order?';

function lines(): LogEntry[] {
  const out: LogEntry[] = [];
  for (let i = 0; i < 60; i++) {
    const ts = (k: number) => T0 + BigInt(3 * i + k) * 1_000_000_000n;
    out.push({ tenant: 'acme', labels: { app: 'web' }, tsNs: ts(0), line: `GET /static/app.${i % 9}.js 200 ${(i % 40) + 3} ms` });
    out.push({ tenant: 'acme', labels: { app: 'disk' }, tsNs: ts(1), line: `volume /dev/sd${'abc'[i % 3]} usage ${60 + (i % 30)}% inodes ${i * 11}` });
    out.push({ tenant: 'acme', labels: { app: 'payments' }, tsNs: ts(2), line: i === 30 ? ANSWER : `payment accepted for order ${7000 + i}` });
  }
  return out;
}

describe('asking through LogBackend (embedded backend)', () => {
  let store: Store;
  let backend: EmbeddedBackend;
  let embedder: OnnxEmbedder;

  before(async () => {
    store = Store.open(':memory:', { migrations: [templatesMigration, valuesMigration, valuesKeysMigration, embeddedBackendMigration] });
    backend = new EmbeddedBackend(store, { dim: MINILM_DIM, faiss: loadFaiss() });
    embedder = await OnnxEmbedder.create({ modelDir: provisionedMiniLmDir(), workers: 0 });
    // Small chunks, so the streams make several each and the ranking has something to order.
    const deriver = new FollowDeriver({ chunking: { maxTokens: 40, maxGapNs: 60_000_000_000n }, embedder });
    for (const b of await deriver.batches(lines(), 1000)) await backend.write(b);
  });
  after(async () => {
    await embedder?.close();
    store?.close();
  });

  test('hybrid = reciprocal rank fusion of searchText and searchVector; the answer chunk first, its lines read back', async () => {
    const k = 20;
    const retriever = new BackendRetriever(backend, { candidates: k, clockWindowMinutes: 15 }, embedder);
    const r = await retriever.retrieve({ tenant: 'acme', question: QUESTION, nowNs: T0 });
    assert.equal(r.mode, 'hybrid');
    const scope = { tenant: 'acme' };
    const lexical = await backend.searchText(scope, r.parsed.terms, k);
    const [q] = await embedder.embed([QUESTION]);
    const semantic = await backend.searchVector(scope, q!, k);
    assert.ok(lexical.length > 1 && semantic.length > 1);
    const fused = new Map<string, number>();
    for (const list of [lexical, semantic]) list.forEach((h, i) => fused.set(h.id, (fused.get(h.id) ?? 0) + 1 / (RRF_K + i + 1)));
    assert.deepEqual(
      r.hits.map((h) => h.score),
      [...fused.values()].sort((a, b) => b - a).slice(0, k),
    );
    for (const h of r.hits) assert.equal(h.score, fused.get(h.id));
    assert.match(r.hits[0]!.text, /payment gateway timeout/);
    const read = await backend.chunkEntries('acme', [r.hits[0]!.id]);
    assert.ok(read.get(r.hits[0]!.id)!.some((e) => e.line === ANSWER && e.tsNs === T0 + 92n * 1_000_000_000n));
    assert.equal((await backend.chunkEntries('other', [r.hits[0]!.id])).size, 0, 'another tenant reads no lines of it');
  });

  test('BackendAskService cites the answer line with the extractive composer; why questions are refused', async () => {
    const ask = new BackendAskService(async () => backend, { evidenceChunks: 5, candidates: 20, clockWindowMinutes: 15, explore: { grafanaUrl: 'http://grafana', datasourceUid: 'loki', orgId: 1 }, kind: 'embedded (test)' }, embedder);
    const res = await ask.ask({ tenant: 'acme', question: QUESTION, nowNs: T0 });
    const cited = res.citations.filter((c) => c.reason === 'match');
    assert.equal(cited[0]?.line, ANSWER);
    assert.match(res.answer.text, /payment gateway timeout after 31 s for order 7005.*\[1\]/);
    assert.equal(res.answer.mode, 'extractive');
    // Exact questions are answered (src/ask-backend/exact.test.ts).
    await assert.rejects(ask.ask({ tenant: 'acme', question: 'why did the payment fail?' }), NotBuiltError);
    // A look-up is answered by the lines that hold it.
    assert.equal(ask.refusal('what happened at 14:05?'), undefined);
  });
});
