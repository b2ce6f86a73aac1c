// The OpenSearch backend (issue #20): the LogBackend interface over a cluster, with the official
// client and no state of its own, so any sidecar can write or answer for any tenant.
//
// - Layout (layout.ts): one index per tenant per UTC day from an index template; a read names only
//   the tenant's indices (naming.ts), retention deletes whole old indices.
// - Exactly once without local state: document ids are functions of content (naming.ts), so a
//   replayed bulk overwrites; the cursor document is written only after a bulk came back with no
//   item in error, so it never passes a line that was not acknowledged.
// - Refresh: data bulks use `refresh: false` by default. An acknowledged bulk is durable (translog
//   fsynced on the primary and its replica before the reply, index.translog.durability=request);
//   visibility follows at the next periodic refresh (1 s). The cursor is about durability, so it
//   needs no refresh, and GET (cursors, leases) is real-time. `wait_for` would hold every batch up
//   to a second and `true` makes a tiny segment per batch. flush() refreshes for callers (tests)
//   that must read their own writes at once.
// - Leases: one document per source, changed only with if_seq_no/if_primary_term (OpenSearch's
//   optimistic concurrency); expiry judged by the caller's clock, passed in.
import { COORD_POOL } from '../lib/search-terms.js';
import { Client, errors } from '@opensearch-project/opensearch';
import { labelsKey } from '../store/labels.js';
import { labelsText } from '../store/fts.js';
import { rfc3339Nano } from '../lib/time.js';
import {
  TooBroadError,
  type Aggregate,
  type AggregateResult,
  type ChunkHit,
  type EntryHit,
  type EntryQuery,
  type Lease,
  type LeaseAttempt,
  type LogBackend,
  type RetentionResult,
  type ScannedEntry,
  type Scope,
  type SlotLineQuery,
  type SlotRef,
  type SlotValue,
  type SlotValueInfo,
  type TemplateText,
  type UnitStats,
  type WriteBatch,
  type WriteResult,
} from '../backend/types.js';
import { parseSelector } from '../retrieve/selector.js';
import type { Labels } from '../types.js';
import { cosineOfScore, entryQueryFilter, scopeFilter, searchTerms, slotFilter, textQuery, vectorQuery, type Clause } from './dsl.js';
import { ADDED_FIELDS, dataTemplate, KEY_SEP, stateIndexBody } from './layout.js';
import { chunkDocId, dayStartNs, entryDocId, IndexNames, templateDocId, valueDocId } from './naming.js';

/** Composite buckets per page: exact paging through every group, 1,000 a request. */
const COMPOSITE_PAGE = 1000;
const NS_PER_DAY = 86_400_000_000_000n;
/** index.max_result_window's default: a look-up lists at most this many lines (its total stays exact). */
export const MAX_LOOKUP_LINES = 10_000;
/** Value documents read per line asked by slotLines (a line holding the slot's value twice takes two). */
const SLOT_LINE_READ = 4;
/** Documents per scroll page of a scan (the search page cap). */
const SCAN_PAGE = 10_000;
/** How long a scan's scroll context lives between two pages. */
const SCROLL_KEEP = '1m';
/** Leases listed at most: sources plus sidecars, far below a search page's default cap. */
const MAX_LISTED_LEASES = 10_000;

export interface OpenSearchBackendOptions {
  /** Node URLs (credentials go in `auth`, never in the URL: they are never logged either way). */
  nodes: string[];
  auth?: { username: string; password: string };
  /** Index name prefix; `loglens` by default. */
  prefix?: string;
  dim: number;
  shards?: number;
  replicas?: number;
  /** Refresh policy of data bulks; see the top of the file. */
  refresh?: 'false' | 'wait_for' | 'true';
  /** Per-request timeout (ms). */
  requestTimeoutMs?: number;
}

/** A bulk that came back with items in error: nothing of it counts, the cursor did not move. */
export class BulkRejectedError extends Error {
  constructor(
    readonly failed: number,
    readonly firstError: unknown,
  ) {
    super(`bulk write rejected: ${failed} item(s) failed, first: ${JSON.stringify(firstError)}`);
  }
}

type Hit = { _id: string; _score?: number; matched_queries?: string[]; _source: Record<string, unknown>; _seq_no?: number; _primary_term?: number };

const status = (err: unknown) => (err instanceof errors.ResponseError ? err.meta.statusCode : undefined);

export class OpenSearchBackend implements LogBackend {
  readonly kind = 'opensearch' as const;
  readonly names: IndexNames;
  private readonly client: Client;
  private readonly refresh: 'false' | 'wait_for' | 'true';

  private constructor(private readonly opts: OpenSearchBackendOptions) {
    this.names = new IndexNames(opts.prefix ?? 'loglens');
    this.refresh = opts.refresh ?? 'false';
    this.client = new Client({ nodes: opts.nodes, auth: opts.auth, maxRetries: 3, requestTimeout: opts.requestTimeoutMs ?? 30_000 });
  }

  /** Connects and makes sure the template and the state indices exist (idempotent: any sidecar may run it). */
  static async open(opts: OpenSearchBackendOptions): Promise<OpenSearchBackend> {
    const b = new OpenSearchBackend(opts);
    await b.client.indices.putIndexTemplate({
      name: b.names.template,
      body: dataTemplate(b.names.dataPattern, { dim: opts.dim, shards: opts.shards, replicas: opts.replicas }) as never,
    });
    // Day indices made from an older template lack the fields added since (strict mappings refuse
    // unknown fields): added in place, as the template now has them. Idempotent.
    await b.client.indices.putMapping({ index: b.names.dataPattern, allow_no_indices: true, ignore_unavailable: true, body: { properties: ADDED_FIELDS } as never });
    for (const index of [b.names.cursors, b.names.leases]) {
      try {
        await b.client.indices.create({ index, body: stateIndexBody as never });
      } catch (err) {
        if (!(err instanceof errors.ResponseError && JSON.stringify(err.meta.body).includes('resource_already_exists_exception'))) throw err;
      }
    }
    return b;
  }

  /** The bulk operations of a batch (pure but for ids): entries, their values, chunks. */
  private operations(batch: WriteBatch): { body: unknown[]; entryIds: string[] } {
    const body: unknown[] = [];
    const entryIds: string[] = [];
    // Each entry names its chunk: what an answer citing the chunk reads its lines by (chunkEntries).
    const chunkOf = new Map<number, string>();
    for (const c of batch.chunks ?? []) {
      const id = chunkDocId(c.tenant, c.labels, c.startNs, c.endNs, c.text);
      for (const i of c.entries) chunkOf.set(i, id);
    }
    // A template's text once per day index it has lines in: retention drops it with its lines.
    const templates = new Set<string>();
    for (const [i, e] of batch.entries.entries()) {
      const id = entryDocId(e.tenant, e.labels, e.tsNs, e.line, e.seq ?? 0);
      entryIds.push(id);
      const index = this.names.data(e.tenant, e.tsNs);
      if (e.template !== undefined && e.templateId !== null) {
        const tid = templateDocId(e.tenant, e.templateId);
        if (!templates.has(`${index}/${tid}`)) {
          templates.add(`${index}/${tid}`);
          body.push({ index: { _index: index, _id: tid } }, { doc: 'template', tenant: e.tenant, stream: labelsKey(e.labels), labels: e.labels, template_id: e.templateId, ttext: e.template });
        }
      }
      const vals = [...new Set(e.values.map((v) => v.text.toLowerCase()))];
      const kvals = [...new Set(e.values.map((v) => `${v.key}${KEY_SEP}${v.text.toLowerCase()}`))];
      const common = { tenant: e.tenant, stream: labelsKey(e.labels), labels: e.labels, ts: rfc3339Nano(e.tsNs), ts_ns: e.tsNs.toString(), template_id: e.templateId, vals, kvals };
      const chunk = chunkOf.get(i);
      body.push({ index: { _index: index, _id: id } }, { doc: 'entry', ...common, eid: id, line: e.line, line_w: e.line, seq: e.seq ?? 0, ...(chunk ? { chunk } : {}) });
      for (const v of e.values) {
        body.push(
          { index: { _index: index, _id: valueDocId(id, v.pos) } },
          {
            doc: 'value',
            ...common,
            entry: id,
            pos: v.pos,
            key: v.key,
            kind: v.kind,
            vtext: v.text.toLowerCase(),
            vcased: v.text,
            num: v.num ?? null,
            unit: v.unit ?? null,
            ...(v.after !== undefined ? { after: v.after } : {}),
          },
        );
      }
    }
    for (const c of batch.chunks ?? []) {
      body.push(
        { index: { _index: this.names.data(c.tenant, c.startNs), _id: chunkDocId(c.tenant, c.labels, c.startNs, c.endNs, c.text) } },
        {
          doc: 'chunk',
          tenant: c.tenant,
          stream: labelsKey(c.labels),
          labels: c.labels,
          labels_text: labelsText(c.labels),
          text: c.text,
          start: rfc3339Nano(c.startNs),
          end: rfc3339Nano(c.endNs),
          start_ns: c.startNs.toString(),
          end_ns: c.endNs.toString(),
          template_ids: [...c.templateIds],
          ...(c.vector ? { vec: Array.from(c.vector) } : {}),
        },
      );
    }
    return { body, entryIds };
  }

  async write(batch: WriteBatch): Promise<WriteResult> {
    const { body, entryIds } = this.operations(batch);
    let inserted = 0;
    let duplicates = 0;
    if (body.length > 0) {
      const res = await this.client.bulk({ body: body as never, refresh: this.refresh });
      const items = res.body.items as Record<string, { _id?: string; status: number; result?: string; error?: unknown }>[];
      const failed = items.map((i) => Object.values(i)[0]!).filter((r) => r.error !== undefined || r.status >= 300);
      // Any failed item fails the batch: the cursor stays, and the retry overwrites what went in.
      if (res.body.errors || failed.length > 0) throw new BulkRejectedError(failed.length, failed[0]?.error);
      const entrySet = new Set(entryIds);
      for (const i of items) {
        const r = Object.values(i)[0]!;
        if (!r._id || !entrySet.has(r._id)) continue;
        if (r.result === 'created') inserted++;
        else duplicates++;
      }
    }
    if (batch.cursor) {
      await this.client.index({ index: this.names.cursors, id: batch.cursor.sourceId, body: { cursor: batch.cursor.cursor } });
    }
    return { inserted, duplicates, chunks: batch.chunks?.length ?? 0 };
  }

  async cursor(sourceId: string): Promise<string | undefined> {
    const res = await this.client.get({ index: this.names.cursors, id: sourceId }, { ignore: [404] });
    const body = res.body as { found?: boolean; _source?: { cursor: string } };
    return body.found ? body._source?.cursor : undefined;
  }

  async flush(): Promise<void> {
    await this.client.indices.refresh({ index: this.names.dataPattern, ignore_unavailable: true, allow_no_indices: true });
  }

  private async search(tenantScope: Scope, body: Record<string, unknown>): Promise<{ hits: Hit[]; total: number; aggregations?: Record<string, unknown> }> {
    const res = await this.client.search({
      index: this.names.forRead(tenantScope.tenant, tenantScope.window).join(','),
      ignore_unavailable: true,
      allow_no_indices: true,
      body: body as never,
    });
    const b = res.body as { hits: { hits: Hit[]; total: { value: number } | number }; aggregations?: Record<string, unknown> };
    return { hits: b.hits.hits, total: typeof b.hits.total === 'number' ? b.hits.total : b.hits.total.value, aggregations: b.aggregations };
  }

  private chunkHit(h: Hit, score: number): ChunkHit {
    const s = h._source;
    return { id: h._id, score, labels: s.labels as Record<string, string>, startNs: BigInt(s.start_ns as string), endNs: BigInt(s.end_ns as string), text: s.text as string };
  }

  /**
   * BM25, then coord as the embedded engine (retrieve/bm25.ts): over the best COORD_POOL hits,
   * each score times the share of the question's terms the chunk holds, so one rare word does not
   * outrank a chunk holding most of the question.
   */
  async searchText(scope: Scope, terms: readonly string[], k: number): Promise<ChunkHit[]> {
    const words = searchTerms(terms);
    if (words.length === 0) return [];
    const pool = words.length > 1 ? Math.min(Math.max(k, COORD_POOL), MAX_LOOKUP_LINES) : k;
    const r = await this.search(scope, { size: pool, query: textQuery(scope, words), _source: { excludes: ['vec'] } });
    const hits = r.hits.map((h) => this.chunkHit(h, ((h._score ?? 0) * (words.length > 1 ? (h.matched_queries?.length ?? 1) : 1)) / (words.length > 1 ? words.length : 1)));
    // A stable sort: equal scores keep the engine's order.
    return hits.sort((a, b) => b.score - a.score).slice(0, k);
  }

  async searchVector(scope: Scope, vector: Float32Array, k: number): Promise<ChunkHit[]> {
    const r = await this.search(scope, { size: k, query: vectorQuery(scope, vector, k), _source: { excludes: ['vec'] } });
    return r.hits.map((h) => this.chunkHit(h, cosineOfScore(h._score ?? 0)));
  }

  async chunkEntries(tenant: string, chunkIds: readonly string[]): Promise<Map<string, EntryHit[]>> {
    const out = new Map<string, EntryHit[]>();
    if (chunkIds.length === 0) return out;
    const r = await this.search({ tenant }, {
      size: MAX_LOOKUP_LINES,
      query: { bool: { filter: [...scopeFilter({ tenant }, 'entry'), { terms: { chunk: [...chunkIds] } }] } },
      sort: [{ ts: 'asc' }, { seq: 'asc' }],
      _source: ['labels', 'ts_ns', 'line', 'seq', 'template_id', 'chunk'],
    });
    for (const h of r.hits) {
      const chunk = h._source.chunk as string;
      let lines = out.get(chunk);
      if (!lines) out.set(chunk, (lines = []));
      lines.push(this.entryHit(h));
    }
    return out;
  }

  async streams(tenant: string): Promise<Labels[]> {
    // Streams with chunks: what searches can find (entries and values are ~10x as many documents).
    const buckets = await this.composite({ tenant }, scopeFilter({ tenant }, 'chunk'), [{ s: { terms: { field: 'stream' } } }]);
    // The stream key is labelsKey's `{a="x", b="y"}`, values JSON-quoted: a selector of equalities.
    return buckets.map((b) => (b.key.s === '{}' ? {} : Object.fromEntries(parseSelector(b.key.s as string).map((m) => [m.name, m.value]))));
  }

  async templates(tenant: string): Promise<TemplateText[]> {
    const out = new Map<number, TemplateText>();
    for await (const page of this.scroll(tenant, 'template', ['labels', 'template_id', 'ttext'], SCAN_PAGE)) {
      for (const h of page) {
        const id = h._source.template_id as number;
        if (!out.has(id)) out.set(id, { templateId: id, labels: h._source.labels as Labels, text: h._source.ttext as string });
      }
    }
    return [...out.values()].sort((a, b) => a.templateId - b.templateId);
  }

  /**
   * The tenant's documents of one kind, a scroll page at a time, index by index: one scroll over
   * the tenant's pattern makes the coordinating node merge `size` hits from every shard per page
   * (LogHub-2k spans 568 day indices: 5.7M hits a page, and a 512 MiB node spent its time in GC).
   */
  private async *scroll(tenant: string, doc: 'entry' | 'value' | 'template', fields: string[], size: number): AsyncGenerator<Hit[]> {
    const listed = await this.client.cat.indices({ index: this.names.tenantPattern(tenant), format: 'json', h: 'index' } as never, { ignore: [404] });
    const indices = ((Array.isArray(listed.body) ? listed.body : []) as { index: string }[]).map((r) => r.index).filter((i) => this.names.dayOfIndex(tenant, i) !== undefined).sort();
    for (const index of indices) {
      let res = await this.client.search({
        index,
        ignore_unavailable: true,
        scroll: SCROLL_KEEP,
        body: { size, query: { bool: { filter: scopeFilter({ tenant }, doc) } }, sort: ['_doc'], _source: fields } as never,
      });
      let id = (res.body as { _scroll_id?: string })._scroll_id;
      try {
        for (;;) {
          const hits = (res.body as { hits?: { hits: Hit[] } }).hits?.hits ?? [];
          if (hits.length === 0) break;
          yield hits;
          if (!id || hits.length < size) break;
          res = await this.client.scroll({ scroll_id: id, scroll: SCROLL_KEEP } as never);
          id = (res.body as { _scroll_id?: string })._scroll_id ?? id;
        }
      } finally {
        if (id) await this.client.clearScroll({ scroll_id: id } as never).catch(() => undefined);
      }
    }
  }

  /**
   * Values first (grouped by entry, held in memory: the caller bounds the tenant's size), then the
   * entries page by page with theirs.
   */
  async *scan(tenant: string, pageSize: number): AsyncIterable<ScannedEntry[]> {
    const values = new Map<string, SlotValue[]>();
    for await (const page of this.scroll(tenant, 'value', ['entry', 'pos', 'key', 'kind', 'vtext', 'vcased', 'num', 'unit', 'after'], SCAN_PAGE)) {
      for (const h of page) {
        const s = h._source;
        const v: SlotValue = { pos: s.pos as number, key: s.key as string, kind: s.kind as SlotValue['kind'], text: (s.vcased as string | undefined) ?? (s.vtext as string) };
        if (s.num !== null && s.num !== undefined) v.num = s.num as number;
        if (s.unit !== null && s.unit !== undefined) v.unit = s.unit as string;
        if (s.after !== null && s.after !== undefined) v.after = s.after as string;
        const list = values.get(s.entry as string);
        if (list) list.push(v);
        else values.set(s.entry as string, [v]);
      }
    }
    for await (const page of this.scroll(tenant, 'entry', ['labels', 'ts_ns', 'line', 'seq', 'template_id'], pageSize)) {
      const entries = page.map((h) => ({ ...this.entryHit(h), values: (values.get(h._id) ?? []).sort((a, b) => a.pos - b.pos) }));
      entries.sort((a, b) => (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : a.seq - b.seq));
      yield entries;
    }
  }

  private entryHit(h: Hit): EntryHit {
    return {
      id: h._id,
      labels: h._source.labels as Record<string, string>,
      tsNs: BigInt(h._source.ts_ns as string),
      line: h._source.line as string,
      seq: h._source.seq as number,
      templateId: (h._source.template_id as number | null) ?? null,
    };
  }

  async lookup(q: EntryQuery, limit: number, order: 'oldest' | 'newest' = 'oldest'): Promise<{ total: number; entries: EntryHit[] }> {
    const dir = order === 'oldest' ? 'asc' : 'desc';
    const r = await this.search(q.scope, {
      size: Math.min(limit, MAX_LOOKUP_LINES),
      track_total_hits: true,
      query: { bool: { filter: entryQueryFilter(q) } },
      // Lines of one timestamp in a stable order (the first and the last of 23 lines stamped alike are two lines).
      sort: [{ ts: dir }, { seq: dir }, { eid: { order: dir, unmapped_type: 'keyword' } }],
      _source: ['labels', 'ts_ns', 'line', 'seq', 'template_id'],
    });
    return { total: r.total, entries: r.hits.map((h) => this.entryHit(h)) };
  }

  /** Every bucket of a composite aggregation, page by page (exact across shards and indices). */
  private async composite(scope: Scope, filter: Clause[], sources: unknown[], metrics: Record<string, unknown> = {}): Promise<{ key: Record<string, unknown>; doc_count: number; [m: string]: unknown }[]> {
    const out: { key: Record<string, unknown>; doc_count: number }[] = [];
    let after: Record<string, unknown> | undefined;
    for (;;) {
      const r = await this.search(scope, {
        size: 0,
        query: { bool: { filter } },
        aggs: { g: { composite: { size: COMPOSITE_PAGE, sources, ...(after ? { after } : {}) }, aggs: metrics } },
      });
      const g = r.aggregations?.g as { buckets: { key: Record<string, unknown>; doc_count: number }[]; after_key?: Record<string, unknown> } | undefined;
      if (!g || g.buckets.length === 0) return out;
      out.push(...g.buckets);
      if (!g.after_key || g.buckets.length < COMPOSITE_PAGE) return out;
      after = g.after_key;
    }
  }

  async aggregate(q: EntryQuery, agg: Aggregate): Promise<AggregateResult> {
    if (agg.op === 'count') {
      const res = await this.client.count({
        index: this.names.forRead(q.scope.tenant, q.scope.window).join(','),
        ignore_unavailable: true,
        allow_no_indices: true,
        body: { query: { bool: { filter: entryQueryFilter(q) } } } as never,
      });
      return { op: 'count', lines: (res.body as { count: number }).count };
    }
    if (agg.op === 'templates') {
      const buckets = await this.composite(q.scope, [...entryQueryFilter(q), { exists: { field: 'template_id' } }], [{ t: { terms: { field: 'template_id' } } }]);
      return { op: 'templates', counts: buckets.map((b) => ({ templateId: b.key.t as number, lines: b.doc_count })) };
    }
    const filter = [...(await this.valueFilter(q)), ...slotFilter(agg.slot)];
    if (agg.op === 'stats') {
      const buckets = await this.composite(
        q.scope,
        [...filter, { exists: { field: 'num' } }],
        [{ unit: { terms: { field: 'unit', missing_bucket: true } } }],
        { sum: { sum: { field: 'num' } }, min: { min: { field: 'num' } }, max: { max: { field: 'num' } } },
      );
      const byUnit: UnitStats[] = buckets.map((b) => ({
        unit: (b.key.unit as string | null) ?? '',
        values: b.doc_count,
        sum: (b.sum as { value: number }).value,
        min: (b.min as { value: number }).value,
        max: (b.max as { value: number }).value,
      }));
      byUnit.sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
      return { op: 'stats', byUnit };
    }
    // Lines, not values: (value, entry) pairs, so a line holding a value twice counts once.
    const pairs = await this.composite(q.scope, filter, [{ v: { terms: { field: 'vtext' } } }, { e: { terms: { field: 'entry' } } }]);
    const lines = new Map<string, number>();
    for (const p of pairs) lines.set(p.key.v as string, (lines.get(p.key.v as string) ?? 0) + 1);
    const groups = [...lines.entries()].map(([value, n]) => ({ value, lines: n }));
    groups.sort((a, b) => b.lines - a.lines || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return { op: 'top', top: groups.slice(0, agg.k), groups: groups.length };
  }

  /**
   * The filter of an entry query over value documents. Value documents do not carry the line: a
   * literal filter is read on the entries first and applied as their ids (at most
   * MAX_LOOKUP_LINES lines; more is refused, never cut).
   */
  private async valueFilter(q: EntryQuery): Promise<Clause[]> {
    const out = entryQueryFilter(q, 'value');
    if (!q.literals?.length) return out;
    const r = await this.search(q.scope, { size: MAX_LOOKUP_LINES, track_total_hits: true, query: { bool: { filter: entryQueryFilter(q) } }, _source: false });
    if (r.total > MAX_LOOKUP_LINES) throw new TooBroadError(`a text filter matching ${r.total} lines (at most ${MAX_LOOKUP_LINES} are read for a slot)`);
    out.push({ terms: { entry: r.hits.map((h) => h._id) } });
    return out;
  }

  /** Value documents of a slot, narrowed as a SlotLineQuery asks. */
  private async slotValueFilter(q: EntryQuery, slot: SlotRef, lq?: Omit<SlotLineQuery, 'slot' | 'order'> & { order?: SlotLineQuery['order'] }): Promise<Clause[]> {
    const out = [...(await this.valueFilter(q)), ...slotFilter(slot)];
    if (lq?.value !== undefined) out.push({ term: { vtext: lq.value.toLowerCase() } });
    if (lq?.unit !== undefined) out.push(lq.unit === '' ? { bool: { must_not: [{ exists: { field: 'unit' } }] } } : { term: { unit: lq.unit } });
    if (lq?.numeric || lq?.unit !== undefined || lq?.order === 'largest' || lq?.order === 'smallest') out.push({ exists: { field: 'num' } });
    return out;
  }

  /**
   * Value documents in the order asked, their entries distinct in that order, then the entries
   * read by id. A line holding the slot twice takes two value documents: read a few more than asked.
   */
  async slotLines(q: EntryQuery, lq: SlotLineQuery, limit: number): Promise<EntryHit[]> {
    const time = lq.order === 'newest' ? 'desc' : 'asc';
    const sort = [
      ...(lq.order === 'largest' ? [{ num: 'desc' }] : lq.order === 'smallest' ? [{ num: 'asc' }] : []),
      { ts: time },
      { seq: time },
      { entry: time },
    ];
    const r = await this.search(q.scope, { size: Math.min(limit * SLOT_LINE_READ, MAX_LOOKUP_LINES), query: { bool: { filter: await this.slotValueFilter(q, lq.slot, lq) } }, sort, _source: ['entry'] });
    const ids = [...new Set(r.hits.map((h) => h._source.entry as string))].slice(0, limit);
    if (ids.length === 0) return [];
    const got = await this.search(q.scope, {
      size: ids.length,
      query: { bool: { filter: [...scopeFilter(q.scope, 'entry'), { ids: { values: ids } }] } },
      _source: ['labels', 'ts_ns', 'line', 'seq', 'template_id'],
    });
    const byId = new Map(got.hits.map((h) => [h._id, this.entryHit(h)]));
    return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  }

  async slotValues(q: EntryQuery, slot: SlotRef, values: readonly string[]): Promise<Map<string, SlotValueInfo>> {
    const out = new Map<string, SlotValueInfo>();
    if (values.length === 0) return out;
    const r = await this.search(q.scope, {
      size: 0,
      query: { bool: { filter: [...(await this.slotValueFilter(q, slot)), { terms: { vtext: values.map((v) => v.toLowerCase()) } }] } },
      aggs: {
        v: {
          terms: { field: 'vtext', size: values.length },
          aggs: {
            text: { terms: { field: 'vcased', size: 1, order: { _key: 'asc' } } },
            num: { min: { field: 'num' } },
            unit: { terms: { field: 'unit', size: 1, order: { _key: 'asc' } } },
          },
        },
      },
    });
    type Bucket = { key: string; text: { buckets: { key: string }[] }; num: { value: number | null }; unit: { buckets: { key: string }[] } };
    for (const b of (r.aggregations?.v as { buckets: Bucket[] } | undefined)?.buckets ?? []) {
      out.set(b.key, { text: b.text.buckets[0]?.key ?? b.key, num: b.num.value ?? null, unit: b.unit.buckets[0]?.key ?? null });
    }
    return out;
  }

  /** Deletes the tenant's indices whose whole day is before `beforeNs`. */
  async dropBefore(tenant: string, beforeNs: bigint): Promise<RetentionResult> {
    const res = await this.client.cat.indices({ index: this.names.tenantPattern(tenant), format: 'json', h: 'index' } as never, { ignore: [404] });
    const rows = (Array.isArray(res.body) ? res.body : []) as { index: string }[];
    const old = rows
      .map((r) => r.index)
      .filter((index) => {
        const day = this.names.dayOfIndex(tenant, index);
        return day !== undefined && dayStartNs(day)! + NS_PER_DAY <= beforeNs;
      })
      .sort();
    // Named one by one (never a wildcard): a delete cannot reach past the list just checked. One
    // another sidecar deleted since the listing is not an error (every sidecar runs retention).
    if (old.length > 0) await this.client.indices.delete({ index: old.join(','), ignore_unavailable: true });
    return { dropped: old };
  }

  async acquireLease(sourceId: string, owner: string, nowMs: number, ttlMs: number): Promise<LeaseAttempt> {
    const lease = { sourceId, owner, expiresMs: nowMs + ttlMs };
    const body = { owner, expires_ms: lease.expiresMs };
    const got = await this.client.get({ index: this.names.leases, id: sourceId }, { ignore: [404] });
    const cur = got.body as { found?: boolean; _seq_no?: number; _primary_term?: number; _source?: { owner: string; expires_ms: number } };
    try {
      if (!cur.found) {
        await this.client.index({ index: this.names.leases, id: sourceId, op_type: 'create', body });
        return { ok: true, lease, takenOver: false };
      }
      const held = { sourceId, owner: cur._source!.owner, expiresMs: cur._source!.expires_ms };
      if (held.owner !== owner && held.expiresMs > nowMs) return { ok: false, held, conflict: false };
      await this.client.index({ index: this.names.leases, id: sourceId, if_seq_no: cur._seq_no, if_primary_term: cur._primary_term, body });
      return { ok: true, lease, takenOver: held.owner !== owner };
    } catch (err) {
      if (status(err) !== 409) throw err;
      // A conflict is usually another sidecar writing between our read and our write (it won);
      // but the client retries a request whose first attempt was applied when a node dies
      // mid-reply, and then the conflict is with our own write: the lease reads as ours.
      const again = await this.client.get({ index: this.names.leases, id: sourceId }, { ignore: [404] });
      const now = again.body as { found?: boolean; _source?: { owner: string; expires_ms: number } };
      if (now.found && now._source?.owner === owner && now._source.expires_ms === lease.expiresMs) return { ok: true, lease, takenOver: cur.found === true && cur._source!.owner !== owner };
      return { ok: false, conflict: true };
    }
  }

  async releaseLease(sourceId: string, owner: string): Promise<boolean> {
    const got = await this.client.get({ index: this.names.leases, id: sourceId }, { ignore: [404] });
    const cur = got.body as { found?: boolean; _seq_no?: number; _primary_term?: number; _source?: { owner: string } };
    if (!cur.found || cur._source?.owner !== owner) return false;
    try {
      await this.client.delete({ index: this.names.leases, id: sourceId, if_seq_no: cur._seq_no, if_primary_term: cur._primary_term });
      return true;
    } catch (err) {
      if (status(err) === 409) return false;
      throw err;
    }
  }

  /** Lease documents by search: refreshed first, so a lease written a moment ago is listed. */
  async listLeases(prefix: string): Promise<Lease[]> {
    await this.client.indices.refresh({ index: this.names.leases });
    const res = await this.client.search({ index: this.names.leases, body: { size: MAX_LISTED_LEASES, query: { match_all: {} } } as never });
    const hits = (res.body as { hits: { hits: { _id: string; _source: { owner: string; expires_ms: number } }[] } }).hits.hits;
    return hits
      .filter((h) => h._id.startsWith(prefix))
      .map((h) => ({ sourceId: h._id, owner: h._source.owner, expiresMs: h._source.expires_ms }))
      .sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0));
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
