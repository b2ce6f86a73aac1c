// The question planner's reads on a backend that is not this sidecar's store (issue #20).
//
// plan/planner.ts takes a better-sqlite3 Database and reads it with SQL (templates, entry_values,
// value_slots/value_rows, entries.line). Until it takes a reader interface instead (the plan/ lines
// that would change are listed in src/opensearch/README.md, "Planning"), a backend-routed ask plans
// over a planning copy: an in-memory store holding the tenant's templates (texts from
// LogBackend.templates, line counts from the lines read), entries and slot values (LogBackend.scan),
// written through EmbeddedBackend.write, so the planner reads the same tables it reads on the
// embedded path and chooses the same kinds of line and slots for the same templates and values.
// The plan is then executed on the backend (ask-backend/exact.ts), never on the copy.
//
// A copy is kept per tenant while the tenant's line count is unchanged (one count request per
// question), and rebuilt when it changed. It costs a read of every line of the tenant: tenants past
// MAX_COPY_LINES are refused (TooLargeError), never planned over a part of their lines.
import { EmbeddedBackend, embeddedBackendMigration } from '../backend/embedded.js';
import type { EntryWrite, LogBackend } from '../backend/types.js';
import { labelsKey } from '../store/labels.js';
import { Store } from '../store/store.js';
import { templatesMigration } from '../templates/index.js';
import type { Labels } from '../types.js';
import { valuesKeysMigration, valuesMigration } from '../values/migration.js';

/**
 * Lines a planning copy holds at most. LogHub-2k and the demo (~35k lines) copy in a few seconds
 * here (eval/QA-BACKENDS.md); a copy of 200k lines is ~10x that and some 200 MB of heap, past
 * which planning must read through the backend instead (the README's list).
 */
export const MAX_COPY_LINES = 200_000;
/** Entries per scan page and per write into the copy. */
const COPY_PAGE = 5000;

/** The tenant holds more lines than a planning copy may. */
export class TooLargeError extends Error {}

export class PlanningCopy {
  private readonly labelsById = new Map<number, Labels>();

  private constructor(
    readonly store: Store,
    readonly tenant: string,
    /** Lines of the tenant when copied (the cache key). */
    readonly lines: number,
  ) {
    for (const s of store.streams(tenant)) this.labelsById.set(s.id, s.labels);
  }

  /** Reads the tenant from the backend into a new in-memory store. */
  static async build(backend: LogBackend, tenant: string, lines: number): Promise<PlanningCopy> {
    if (lines > MAX_COPY_LINES) throw new TooLargeError(`the tenant holds ${lines} lines, more than a planning copy holds (${MAX_COPY_LINES})`);
    const texts = new Map((await backend.templates(tenant)).map((t) => [t.templateId, t.text]));
    const entries: EntryWrite[] = [];
    for await (const page of backend.scan(tenant, COPY_PAGE)) {
      for (const e of page) {
        const template = e.templateId === null ? undefined : texts.get(e.templateId);
        entries.push({ tenant, labels: e.labels, tsNs: e.tsNs, line: e.line, seq: e.seq, templateId: template === undefined ? null : e.templateId, ...(template !== undefined ? { template } : {}), values: e.values });
      }
      if (entries.length > MAX_COPY_LINES) throw new TooLargeError(`the tenant holds more than ${MAX_COPY_LINES} lines, more than a planning copy holds`);
    }
    // In time order, as the embedded store receives a stream: the planner samples values in entry order.
    entries.sort((a, b) => (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : (a.seq ?? 0) - (b.seq ?? 0)));
    const store = Store.open(':memory:', { migrations: [templatesMigration, valuesMigration, valuesKeysMigration, embeddedBackendMigration] });
    try {
      const writer = new EmbeddedBackend(store, { dim: 1 });
      for (let i = 0; i < entries.length; i += COPY_PAGE) await writer.write({ entries: entries.slice(i, i + COPY_PAGE) });
      // The miner's counts are the lines of each template (what the planner reads as `count`).
      store.db.exec('UPDATE templates SET count = (SELECT count(*) FROM entries e WHERE e.template_id = templates.id)');
      return new PlanningCopy(store, tenant, lines);
    } catch (err) {
      store.close();
      throw err;
    }
  }

  /** The copy's id of each stream the label sets pick (by exact labels). */
  streamIds(labels: readonly Labels[]): number[] {
    const keys = new Set(labels.map(labelsKey));
    return [...this.labelsById].filter(([, l]) => keys.has(labelsKey(l))).map(([id]) => id);
  }

  labels(streamId: number): Labels | undefined {
    return this.labelsById.get(streamId);
  }

  /** Every stream of the copy. */
  streams(): { id: number; labels: Labels }[] {
    return [...this.labelsById].map(([id, labels]) => ({ id, labels }));
  }

  close(): void {
    this.store.close();
  }
}

/** One planning copy per tenant, rebuilt when the tenant's line count changes. */
export class PlanningCopies {
  private readonly copies = new Map<string, PlanningCopy>();
  private readonly building = new Map<string, Promise<PlanningCopy>>();

  constructor(private readonly backend: LogBackend) {}

  async get(tenant: string): Promise<PlanningCopy> {
    const agg = await this.backend.aggregate({ scope: { tenant } }, { op: 'count' });
    const lines = agg.op === 'count' ? agg.lines : 0;
    const held = this.copies.get(tenant);
    if (held && held.lines === lines) return held;
    const key = `${tenant}\u0000${lines}`;
    let pending = this.building.get(key);
    if (!pending) {
      pending = PlanningCopy.build(this.backend, tenant, lines).finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    const copy = await pending;
    // The one it replaces is not closed here: an ask may still be planning over it (an in-memory
    // database is freed with its last reference).
    this.copies.set(tenant, copy);
    return copy;
  }

  close(): void {
    for (const c of this.copies.values()) c.close();
    this.copies.clear();
  }
}
