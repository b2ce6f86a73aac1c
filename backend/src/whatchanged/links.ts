// Links between services read from the logs themselves: a service named in another's lines
// (`upstream=inventory:8080`, "payment-svc responded 503", `deployment/payments`), and identifiers
// (trace ids, order ids) that one stream's failing lines share with another stream's lines.
import type { Database } from 'better-sqlite3';
import type { Labels, TimeWindow } from '../types.js';
import type { KindSample } from './values.js';
import type { ServiceLink } from './types.js';

/** Service names shorter than this are not looked for in text: "db" or "ui" is any word's part. */
export const MIN_NAME_CHARS = 3;
/** Identifiers of a failing kind probed for in other streams: a few show a shared request... */
export const SHARED_ID_PROBES = 4;
/** ...and this many per analysis, each an index probe. */
export const SHARED_ID_PROBES_TOTAL = 24;
/** An identifier on more lines than this in another stream is a constant there, not one request's. */
export const SHARED_ID_MAX_LINES = 20;
/** Texts whose mentions are remembered per analysis: a sample holds ~100k values, most of them distinct. */
const MENTION_CACHE_MAX = 200_000;

/** The label that names a stream's service, in the order Loki agents set them. */
export function serviceName(labels: Labels): string | undefined {
  return labels.job ?? labels.service ?? labels.app ?? labels.service_name ?? labels.container ?? labels.app_kubernetes_io_name;
}

export class ServiceNames {
  /** lower-case name -> streams carrying it */
  readonly byName = new Map<string, number[]>();
  readonly names = new Map<number, string>();
  readonly labels = new Map<number, Labels>();

  constructor(db: Database, streamIds: Iterable<number>) {
    const ids = [...new Set(streamIds)];
    const rows = db.prepare('SELECT id, labels_json FROM streams WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { id: number; labels_json: string }[];
    for (const r of rows) {
      const labels = JSON.parse(r.labels_json) as Labels;
      this.labels.set(r.id, labels);
      const name = serviceName(labels);
      if (!name) continue;
      this.names.set(r.id, name);
      const l = name.toLowerCase();
      if (l.length < MIN_NAME_CHARS) continue;
      this.byName.set(l, [...(this.byName.get(l) ?? []), r.id]);
    }
  }

  /**
   * Streams a text names: a word equal to a service name, or starting with it and a separator
   * (`payment-svc`, `payments-7c5d8f9b6-q8xkz`, `mysql-primary:3306`, `deployment/payments`).
   */
  mentioned(text: string): { streamId: number; token: string }[] {
    // The same texts recur on many sampled lines (a host, a status): read each once per analysis.
    let out = this.seen.get(text);
    if (out) return out;
    out = this.read(text);
    if (this.seen.size < MENTION_CACHE_MAX) this.seen.set(text, out);
    return out;
  }

  private readonly seen = new Map<string, { streamId: number; token: string }[]>();

  private read(text: string): { streamId: number; token: string }[] {
    const out: { streamId: number; token: string }[] = [];
    const seen = new Set<number>();
    for (const token of text.toLowerCase().split(/[^a-z0-9_-]+/)) {
      if (token.length < MIN_NAME_CHARS) continue;
      // the token itself and each prefix ending before a - or _
      const cands = [token];
      for (let i = 0; i < token.length; i++) if ((token[i] === '-' || token[i] === '_') && i >= MIN_NAME_CHARS) cands.push(token.slice(0, i));
      for (const c of cands) {
        for (const id of this.byName.get(c) ?? []) {
          if (seen.has(id)) continue;
          seen.add(id);
          out.push({ streamId: id, token });
        }
      }
    }
    return out;
  }
}

const ID_KINDS = new Set(['id', 'uuid']);

/**
 * Links from every sampled kind: the services its template and its window values name. Links
 * read from failing lines (a failing kind, or the lines holding a slot's error value) are marked
 * `onFailure`; for failing kinds, shared identifiers are probed in other streams too.
 */
export function findLinks(
  db: Database,
  samples: Iterable<KindSample>,
  names: ServiceNames,
  window: TimeWindow,
  failing: (s: KindSample) => { all: boolean; entries: Set<number> },
): ServiceLink[] {
  const links = new Map<string, ServiceLink>();
  // A name with a port or in an address field says "calls" more clearly than a word of a path.
  const clarity = (l: ServiceLink) => (l.onFailure ? 4 : 0) + (/[\w-]:\d{2,5}\b/.test(l.evidence) ? 2 : 0) + (/^(upstream|host|addr|address|server|backend|target|endpoint|url|db|database|dsn)\b/i.test(l.evidence) ? 1 : 0);
  const add = (l: ServiceLink) => {
    const key = `${l.from}>${l.to}:${l.via}`;
    const had = links.get(key);
    if (!had || clarity(l) > clarity(had)) links.set(key, l);
  };
  // Other streams holding an identifier: only the analysed (the tenant's) streams, and only a few
  // lines of it there (a value on every line, "x86_64" in a user agent, identifies nothing).
  const scope = JSON.stringify([...names.labels.keys()]);
  const probe = db.prepare(
    `SELECT stream_id, count(*) AS n FROM (SELECT stream_id FROM entry_values WHERE norm = lower(?) AND stream_id IN (SELECT value FROM json_each(?))
        AND stream_id != ? AND ts_ns >= ? AND ts_ns < ? LIMIT ${SHARED_ID_MAX_LINES * 4}) GROUP BY stream_id`,
  );
  let probes = 0;
  for (const s of samples) {
    const from = s.kind.streamId;
    const f = failing(s);
    for (const m of names.mentioned(s.kind.template.replace(/<\*>/g, ' '))) {
      if (m.streamId !== from) add({ from, to: m.streamId, via: 'named', evidence: m.token, onFailure: f.all });
    }
    const ids: string[] = [];
    // An identifier names one request: seen on one sampled line of the kind, not on many.
    const seen = new Map<string, number>();
    for (const e of s.entries) for (const v of e.values) if (ID_KINDS.has(v.kind)) seen.set(v.text, (seen.get(v.text) ?? 0) + 1);
    for (const e of s.entries) {
      if (e.side !== 1) continue;
      const onFailure = f.all || f.entries.has(e.id);
      for (const v of e.values) {
        for (const m of names.mentioned(v.text)) {
          if (m.streamId === from) continue;
          // The evidence as written: the word holding the name in a message, key=value for a field.
          const word = /\s/.test(v.text) ? v.text.split(/\s+/).find((w) => w.toLowerCase().includes(m.token)) ?? m.token : v.key ? `${v.key}=${v.text}` : v.text;
          add({ from, to: m.streamId, via: 'named', evidence: word.slice(0, 120), onFailure });
        }
        if (onFailure && ID_KINDS.has(v.kind) && v.text.length >= 6 && seen.get(v.text) === 1 && ids.length < SHARED_ID_PROBES && !ids.includes(v.text)) ids.push(v.text);
      }
    }
    for (const id of ids) {
      if (probes++ >= SHARED_ID_PROBES_TOTAL) break;
      for (const r of probe.all(id, scope, from, window.startNs, window.endNs) as { stream_id: number; n: number }[]) {
        if (r.n <= SHARED_ID_MAX_LINES) add({ from, to: r.stream_id, via: 'shared-id', evidence: id, onFailure: true });
      }
    }
  }
  return [...links.values()];
}
