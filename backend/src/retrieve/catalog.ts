import type { Database } from 'better-sqlite3';
import type { StreamInfo } from '../types.js';
import {
  compileSelector,
  compileSelectorAsync,
  MAX_SELECTOR_WORK,
  MAX_STREAM_MATCHER_WORK,
  regexRunCost,
  SelectorBudgetError,
  type CompiledSelector,
} from './selector.js';

// A tenant's streams as the request path needs them: their labels, an inverted index of label
// values, and the lower-cased values question understanding looks for. Reading and parsing 40k
// streams' labels took ~100 ms per request, and matching a selector stream by stream cost
// streams x matchers regex runs; here the streams are loaded once (then only the new ones), and a
// selector is matched per distinct label value, with its cost checked against a budget first.

/**
 * Bytes of catalogs kept across tenants (least recently used tenant evicted first). 64 MiB holds
 * ~200k streams with a few labels each; a tenant evicted is reloaded (one query) on its next ask.
 */
const MAX_CATALOG_BYTES = 64 * 1024 * 1024;
/** Selector results kept per tenant (dashboards repeat a handful of selectors); dropped when streams change. */
const SELECTIONS_PER_TENANT = 16;
/** Longest stretch of selector matching, or of reading streams, between two turns of the event loop (selectAsync, getAsync). */
const SLICE_MS = 8;
/**
 * Streams read per query by getAsync: ~15 us each to read, parse and index, so a page is ~4 ms
 * and a slice one or two pages (40k streams, ~0.6 s of CPU, become ~100 slices).
 */
const PAGE_ROWS = 256;
/**
 * Stream ids a getAsync query looks through at most (other tenants' among them): a range of the
 * primary key, ~1 ms to scan, so a page costs the same whether the tenant's streams are dense or sparse.
 */
const PAGE_IDS = 4096;
/** getAsync starts over at most this many times (streams came or went while it read); then get() finishes the job. */
const MAX_ROUNDS = 3;
/** Regex runs between checks of the slice's time (a run is ~1 us; a check costs about as much). */
const CHECK_EVERY = 256;
/** Label names whose streams-without-it lists are kept per tenant (selectors name a few labels). */
const MISSING_LISTS_PER_TENANT = 16;
/** Rough JS heap bytes per stream beyond its labels' text (objects, index postings, map entries). */
const STREAM_OVERHEAD_BYTES = 200;

export interface TenantCatalog {
  readonly tenant: string;
  /** Streams in id order. */
  readonly streams: readonly StreamInfo[];
  /** Stream ids in id order. */
  readonly ids: readonly number[];
  /** label name -> value -> positions (into `streams`) of the streams carrying it. */
  readonly index: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
  /** label name -> lower-cased values (question understanding reads label values from questions). */
  readonly labelValues: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A tenant's stream count and highest stream id. */
interface State {
  n: number;
  m: number | null;
}

interface Entry {
  tenant: string;
  streams: StreamInfo[];
  ids: number[];
  index: Map<string, Map<string, number[]>>;
  /** label name -> total characters of its distinct values (the regex budget reads it). */
  chars: Map<string, number>;
  /** label name -> streams carrying it. */
  present: Map<string, number>;
  /** label name -> positions of streams without it (see missingOf). */
  missing: Map<string, number[]>;
  labelValues: Map<string, Set<string>>;
  maxId: number;
  /** Bumped whenever streams are added (a selection made before is stale). */
  version: number;
  bytes: number;
  selections: Map<string, readonly number[]>;
}

export class StreamCatalog {
  private readonly tenants = new Map<string, Entry>();
  private readonly stateStmt;
  private readonly rowsStmt;
  private readonly pageStmt;

  constructor(private readonly db: Database) {
    this.stateStmt = db.prepare('SELECT count(*) AS n, max(id) AS m FROM streams WHERE tenant = ?');
    this.rowsStmt = db.prepare('SELECT id, labels_json FROM streams WHERE tenant = ? AND id > ? ORDER BY id');
    // By the primary key (`+tenant`: not the (tenant, labels) index, which would sort all the tenant's rows per page).
    this.pageStmt = db.prepare('SELECT id, labels_json FROM streams WHERE +tenant = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?');
  }

  /** The tenant's streams as of now: one cheap count query when nothing changed, new rows only when some were added. */
  get(tenant: string): TenantCatalog {
    return this.current(tenant, this.stateStmt.get(tenant) as State);
  }

  private current(tenant: string, state: State): TenantCatalog {
    let e = this.tenants.get(tenant);
    // Streams went away (the highest id, or fewer than we hold): read them all again.
    if (e && (state.n < e.streams.length || (state.m ?? 0) < e.maxId)) e = undefined;
    if (e && state.n !== e.streams.length) {
      for (const r of this.rowsStmt.all(tenant, e.maxId) as { id: number; labels_json: string }[]) add(e, r.id, r.labels_json);
      grown(e);
      // Some stream below maxId went away while others came.
      if (e.streams.length !== state.n) e = undefined;
    }
    if (!e) {
      e = emptyEntry(tenant);
      for (const r of this.rowsStmt.all(tenant, 0) as { id: number; labels_json: string }[]) add(e, r.id, r.labels_json);
    }
    // Most recently used last; the least recently used other tenants go past the byte bound.
    this.tenants.delete(tenant);
    this.tenants.set(tenant, e);
    let bytes = 0;
    for (const x of this.tenants.values()) bytes += x.bytes;
    for (const [t, x] of this.tenants) {
      if (bytes <= MAX_CATALOG_BYTES || t === tenant) break;
      this.tenants.delete(t);
      bytes -= x.bytes;
    }
    return e;
  }

  /**
   * get(), with the streams it would read (all of a tenant's on its first request or after an
   * eviction: ~0.6 s of CPU for 40k; or a burst of new ones) read in pages between which the event
   * loop turns. Request paths call it first: the get() that follows is then one count query.
   */
  async getAsync(tenant: string): Promise<TenantCatalog> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const state = this.stateStmt.get(tenant) as State;
      let e = this.tenants.get(tenant);
      // Streams went away (the highest id, or fewer than we hold): read them all again.
      if (e && (state.n < e.streams.length || (state.m ?? 0) < e.maxId)) {
        this.tenants.delete(tenant);
        e = undefined;
      }
      if (e && state.n === e.streams.length) return this.current(tenant, state);
      if (!e) this.tenants.set(tenant, (e = emptyEntry(tenant)));
      // The streams past the ones held, up to the tenant's highest id now. The partial catalog is
      // kept as it grows: a synchronous get() meanwhile reads the rest at once.
      const end = state.m ?? 0;
      let cursor = e.maxId;
      let slice = performance.now();
      while (cursor < end) {
        const upTo = Math.min(end, cursor + PAGE_IDS);
        const rows = this.pageStmt.all(tenant, cursor, upTo, PAGE_ROWS) as { id: number; labels_json: string }[];
        for (const r of rows) add(e, r.id, r.labels_json);
        if (rows.length > 0) grown(e);
        cursor = rows.length === PAGE_ROWS ? e.maxId : upTo;
        if (cursor < end && performance.now() - slice > SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          slice = performance.now();
          // A synchronous get() may have replaced it (then that one is current), or made room by evicting it.
          const now = this.tenants.get(tenant);
          if (now === undefined) this.tenants.set(tenant, e);
          else e = now;
          cursor = Math.max(cursor, e.maxId);
        }
      }
    }
    return this.get(tenant);
  }

  /**
   * Ids of the tenant's streams a selector matches. Regexes run once per distinct label value,
   * not per stream; the cost is checked first, and a selector over budget is a SelectorBudgetError.
   * Synchronous: the request path uses selectAsync, which yields to the event loop as it goes.
   */
  select(tenant: string, selector: string): readonly number[] {
    const { e, sel, hit } = this.lookup(tenant, selector);
    if (hit) return hit;
    const run = match(e, sel);
    for (let r = run.next(); ; r = run.next()) if (r.done) return this.keep(e, sel, r.value);
  }

  /**
   * select, in slices of at most SLICE_MS of event loop between which other requests (and
   * /healthz) are served: the heaviest selector the budget allows takes a few hundred ms of CPU.
   */
  async selectAsync(tenant: string, selector: string): Promise<readonly number[]> {
    // Compiled first (a malformed selector is a 400 before the streams are read), in slices too.
    await compileSelectorAsync(selector, SLICE_MS);
    await this.getAsync(tenant);
    const { e, sel, hit } = this.lookup(tenant, selector);
    if (hit) return hit;
    const version = e.version;
    const run = match(e, sel);
    let slice = performance.now();
    for (let r = run.next(); ; r = run.next()) {
      if (r.done) {
        // Streams may have come while this ran: keep the result only for the catalog it was made from.
        return this.tenants.get(tenant) === e && e.version === version ? this.keep(e, sel, r.value) : r.value;
      }
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
    }
  }

  private lookup(tenant: string, selector: string): { e: Entry; sel: CompiledSelector; hit?: readonly number[] } {
    const sel = compileSelector(selector);
    const e = this.get(tenant) as unknown as Entry;
    return { e, sel, hit: e.selections.get(sel.text) };
  }

  private keep(e: Entry, sel: CompiledSelector, ids: readonly number[]): readonly number[] {
    e.selections.set(sel.text, ids);
    e.bytes += 8 * ids.length;
    if (e.selections.size > SELECTIONS_PER_TENANT) {
      const oldest = e.selections.keys().next().value!;
      e.bytes -= 8 * e.selections.get(oldest)!.length;
      e.selections.delete(oldest);
    }
    return ids;
  }
}

function emptyEntry(tenant: string): Entry {
  return { tenant, streams: [], ids: [], index: new Map(), chars: new Map(), present: new Map(), missing: new Map(), labelValues: new Map(), maxId: 0, version: 0, bytes: 0, selections: new Map() };
}

/** After streams were added: selections and streams-without-a-label lists made before are stale. */
function grown(e: Entry): void {
  clearSelections(e);
  for (const list of e.missing.values()) e.bytes -= 8 * list.length;
  e.missing.clear();
}

function clearSelections(e: Entry): void {
  for (const ids of e.selections.values()) e.bytes -= 8 * ids.length;
  e.selections.clear();
}

function add(e: Entry, id: number, labelsJson: string): void {
  const labels = JSON.parse(labelsJson) as Record<string, string>;
  const pos = e.streams.length;
  e.version++;
  e.streams.push({ id, tenant: e.tenant, labels });
  e.ids.push(id);
  e.maxId = id;
  e.bytes += 3 * labelsJson.length + STREAM_OVERHEAD_BYTES;
  for (const [k, v] of Object.entries(labels)) {
    e.present.set(k, (e.present.get(k) ?? 0) + 1);
    let values = e.index.get(k);
    if (!values) e.index.set(k, (values = new Map()));
    const postings = values.get(v);
    if (postings) postings.push(pos);
    else {
      values.set(v, [pos]);
      e.chars.set(k, (e.chars.get(k) ?? 0) + v.length);
    }
    let lower = e.labelValues.get(k);
    if (!lower) e.labelValues.set(k, (lower = new Set()));
    lower.add(v.toLowerCase());
  }
}

/**
 * Matches a selector against a catalog. A generator: it pauses every CHECK_EVERY regex runs or
 * stream marks so that selectAsync can give the event loop a turn; select runs it through.
 */
function* match(e: Entry, sel: CompiledSelector): Generator<void, readonly number[]> {
  const n = e.streams.length;
  const ms = sel.matchers;
  if (n * ms.length > MAX_STREAM_MATCHER_WORK) {
    throw new SelectorBudgetError(
      `selector too costly: ${ms.length} matchers over ${n} streams exceeds ${MAX_STREAM_MATCHER_WORK} stream x matcher checks; use fewer matchers`,
    );
  }
  // The budget first, from per-label totals: the regex work if every distinct value (and "" for
  // streams without the label) is tried once.
  let work = 0;
  for (const m of ms) {
    if (!m.re) continue;
    const values = e.index.get(m.name);
    const distinct = (values?.size ?? 0) + 1;
    work += regexRunCost(m, '') * distinct + m.weight * (e.chars.get(m.name) ?? 0);
  }
  if (work > MAX_SELECTOR_WORK) {
    throw new SelectorBudgetError(
      `selector too costly over this tenant's ${n} streams (regex work ${Math.round(work / 1e6)}M > ${MAX_SELECTOR_WORK / 1e6}M): ` +
        'use = matchers or fewer regexes on labels with fewer distinct values',
    );
  }
  // Per matcher, the label values it accepts (a regex runs once per distinct value). A matcher every
  // stream satisfies narrows nothing and is dropped; one no stream satisfies empties the result.
  // Each other matcher marks whichever side is smaller: the streams it accepts (a stream must be
  // marked by all of those) or those it refuses (a stream must be marked by none), so one matcher
  // costs at most half the streams.
  const hits = new Uint16Array(n);
  const refused = new Uint8Array(n);
  let needed = 0;
  let steps = 0;
  for (const m of ms) {
    const values = e.index.get(m.name);
    const present = e.present.get(m.name) ?? 0;
    const emptyOk = m.test('');
    const yes: (readonly number[])[] = [];
    const no: (readonly number[])[] = [];
    let count = emptyOk ? n - present : 0;
    if (values) {
      if (m.op === '=') {
        const p = values.get(m.value);
        if (p) yes.push(p);
        count += p?.length ?? 0;
        for (const [v, q] of values) if (v !== m.value) no.push(q);
      } else {
        for (const [v, p] of values) {
          if (m.test(v)) {
            yes.push(p);
            count += p.length;
          } else no.push(p);
          if (++steps % CHECK_EVERY === 0) yield;
        }
      }
    }
    if (count === 0) return [];
    if (count === n) continue;
    if (count <= n - count) {
      needed++;
      for (const p of yes) for (const i of p) hits[i]++;
      if (emptyOk) for (const i of missingOf(e, m.name)) hits[i]++;
      steps += count;
    } else {
      for (const p of no) for (const i of p) refused[i] = 1;
      if (!emptyOk) for (const i of missingOf(e, m.name)) refused[i] = 1;
      steps += n - count;
    }
    yield;
  }
  if (needed === 0 && refused.every((r) => r === 0)) return e.ids;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (hits[i] === needed && refused[i] === 0) out.push(e.ids[i]);
  return out;
}

/** Positions of the streams without a label (they read it as "", Loki's semantics); cached for a few names. */
function missingOf(e: Entry, name: string): readonly number[] {
  let m = e.missing.get(name);
  if (!m) {
    m = [];
    for (let i = 0; i < e.streams.length; i++) if (!Object.hasOwn(e.streams[i].labels, name)) m.push(i);
    e.missing.set(name, m);
    e.bytes += 8 * m.length;
    if (e.missing.size > MISSING_LISTS_PER_TENANT) {
      const [oldest, list] = e.missing.entries().next().value!;
      e.bytes -= 8 * list.length;
      e.missing.delete(oldest);
    }
  }
  return m;
}

const catalogs = new WeakMap<Database, StreamCatalog>();

/** The catalog of a store's database (one per connection, shared by asks and patterns). */
export function streamCatalog(db: Database): StreamCatalog {
  let c = catalogs.get(db);
  if (!c) catalogs.set(db, (c = new StreamCatalog(db)));
  return c;
}
