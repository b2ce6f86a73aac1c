// Generates the "exact answers" question set (backend/eval/qa/{dev,test}.jsonl) from ground truth
// only: LogHub-2k's structured CSVs (Content, EventId/EventTemplate, header fields) and the demo
// scenario's generated lines. Nothing here calls the product's retrieval or answering code, so the
// expected answers cannot inherit its mistakes.
//
//   cd backend && npx tsx eval/qa/generate.ts [--out-dir DIR]
//
// Deterministic: same data, same seed -> byte-identical files (the test in backend/test checks it).
import { seededRandom } from '../../src/lib/random.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { generateScenario, SERVICES, type Service } from '../../src/demo/scenario.js';
import { defaultLoghubDir, loghubAvailable } from '../templates-data.js';
import { EXTRA_PHRASINGS } from './extra.js';

export const QA_DIR = dirname(fileURLToPath(import.meta.url));
export const DEV_FILE = join(QA_DIR, 'dev.jsonl');
export const TEST_FILE = join(QA_DIR, 'test.jsonl');
export const DEV_EXTRA_FILE = join(QA_DIR, 'dev-extra.jsonl');
const README_FILE = join(QA_DIR, 'README.md');

export const KINDS = ['lookup', 'count', 'sum', 'max', 'min', 'avg', 'topk', 'first', 'last'] as const;
export type Kind = (typeof KINDS)[number];

export type Answer = { type: 'number'; value: number; unit?: string } | { type: 'span'; value: string } | { type: 'time'; value: string };

export interface QaRow {
  id: string;
  split: 'dev' | 'test';
  kind: Kind;
  dataset: string;
  /** Demo rows only: the service whose file `expected_lines` number into. */
  file?: string;
  question: string;
  answer: Answer;
  expected_lines: number[];
  window?: { start: string; end: string };
}

/** Changing the seed reshuffles phrasings, samples and the split: bump it only with a reason. */
const SEED = 'loglens-qa-v1';
/** Share of questions typed all lowercase (template text only: entities keep their case). */
const LOWERCASE_P = 0.3;
/** Share of questions typed without the trailing question mark. */
const NO_QMARK_P = 0.25;
/** Share of questions naming their system even when their entity already pins it down. */
const SYSTEM_MENTION_P = 0.3;
/** Significant digits kept in computed numbers: far below the runner's 1e-6 tolerance. */
const NUMBER_PRECISION = 12;
/**
 * Year assumed for logs that do not write one (syslog, sshd): a leap year so Feb 29 parses. Only
 * ordering uses it; answers are MM-DD HH:MM:SS.
 */
const NO_YEAR = 2000;
/** A yearless log jumping back by more than this is a year wrap we would order wrongly. */
const MAX_BACKWARDS_MS = 90 * 24 * 3600 * 1000;

/** Systems the set draws from; the others have little an on-call engineer would ask exactly. */
export const SYSTEMS = ['HDFS', 'OpenSSH', 'Spark', 'BGL', 'Hadoop', 'Zookeeper', 'OpenStack', 'Linux', 'Apache', 'Proxifier', 'Thunderbird'] as const;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** FNV-1a with murmur3's finaliser: plain FNV keeps ids like qa-0001, qa-0002 in nearly the same order. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The project's seeded PRNG, seeded from a string, so each family gets its own stream independent of the others. */
export function rng(label: string): () => number {
  return seededRandom(fnv1a(`${SEED}:${label}`));
}

export function shuffled<T>(xs: readonly T[], r: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Ground truth: lines, wall clocks, template parameters

interface Clock {
  /** Milliseconds, for ordering only. */
  key: number;
  /** The answer form: MM-DD HH:MM:SS of the wall clock as the log wrote it. */
  text: string;
}

export interface Line {
  /** 1-based line number in the raw file (LogHub's LineId). */
  n: number;
  raw: string;
  content: string;
  event: string;
  template: string;
  h: Record<string, string>;
  clock?: Clock;
}

const MONTHS: Record<string, number> = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };
const p2 = (x: number) => String(x).padStart(2, '0');

function clock(y: number, mo: number, d: number, hh: number, mi: number, ss: number, ms = 0): Clock | undefined {
  if (![y, mo, d, hh, mi, ss, ms].every(Number.isFinite) || mo < 1 || mo > 12) return undefined;
  return { key: Date.UTC(y, mo - 1, d, hh, mi, ss, ms), text: `${p2(mo)}-${p2(d)} ${p2(hh)}:${p2(mi)}:${p2(ss)}` };
}

/** "HH:MM:SS" with an optional ",mmm" / ".mmm" tail. */
function hms(t: string): [number, number, number, number] {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?$/.exec(t.trim());
  if (!m) return [NaN, NaN, NaN, NaN];
  return [+m[1], +m[2], +m[3], m[4] ? Number(m[4].padEnd(3, '0').slice(0, 3)) : 0];
}

function ymd(d: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d.trim());
  return m ? [+m[1], +m[2], +m[3]] : [NaN, NaN, NaN];
}

/**
 * The wall clock of each system from its parsed header fields. BGL, Thunderbird and HPC are left
 * out on purpose: their lines lead with an epoch that disagrees with the local wall clock they
 * also write (BGL's 15:42:50 is epoch 22:42:50 UTC), so a time answer there would be ambiguous.
 * Proxifier too: it is two yearless captures back to back (10.30, then 07.26-07.27), so "first"
 * depends on a year nobody wrote.
 */
const CLOCKS: Record<string, (h: Record<string, string>) => Clock | undefined> = {
  HDFS: (h) => {
    const d = /^(\d{2})(\d{2})(\d{2})$/.exec(h.Date);
    const t = /^(\d{2})(\d{2})(\d{2})$/.exec(h.Time.padStart(6, '0'));
    return d && t ? clock(2000 + +d[1], +d[2], +d[3], +t[1], +t[2], +t[3]) : undefined;
  },
  OpenSSH: (h) => clock(NO_YEAR, MONTHS[h.Date], +h.Day, ...hms(h.Time)),
  Spark: (h) => {
    const d = /^(\d{2})\/(\d{2})\/(\d{2})$/.exec(h.Date);
    return d ? clock(2000 + +d[1], +d[2], +d[3], ...hms(h.Time)) : undefined;
  },
  Hadoop: (h) => clock(...ymd(h.Date), ...hms(h.Time)),
  Zookeeper: (h) => clock(...ymd(h.Date), ...hms(h.Time)),
  OpenStack: (h) => clock(...ymd(h.Date), ...hms(h.Time)),
  Windows: (h) => clock(...ymd(h.Date), ...hms(h.Time)),
  Linux: (h) => clock(NO_YEAR, MONTHS[h.Month], +h.Date, ...hms(h.Time)),
  Mac: (h) => clock(NO_YEAR, MONTHS[h.Month], +h.Date, ...hms(h.Time)),
  Apache: (h) => {
    const m = /^\w{3} (\w{3}) (\d{1,2}) (\d{2}:\d{2}:\d{2}) (\d{4})$/.exec(h.Time);
    return m ? clock(+m[4], MONTHS[m[1]], +m[2], ...hms(m[3])) : undefined;
  },
  HealthApp: (h) => {
    const m = /^(\d{4})(\d{2})(\d{2})-(\d{1,2}):(\d{1,2}):(\d{1,2}):(\d{1,3})$/.exec(h.Time);
    return m ? clock(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], +m[7]) : undefined;
  },
  Android: (h) => {
    const m = /^(\d{2})-(\d{2})$/.exec(h.Date);
    return m ? clock(NO_YEAR, +m[1], +m[2], ...hms(h.Time)) : undefined;
  },
};

export function loadLines(name: string, dir: string = defaultLoghubDir()): Line[] {
  const raw = readFileSync(join(dir, name, `${name}_2k.log`), 'utf8').split(/\r?\n/);
  if (raw[raw.length - 1] === '') raw.pop();
  const rows = parse(readFileSync(join(dir, name, `${name}_2k.log_structured.csv`), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    relax_quotes: true,
  }) as Record<string, string>[];
  const toClock = CLOCKS[name];
  let prev: Clock | undefined;
  return rows.map((r) => {
    const n = Number(r.LineId);
    const line: Line = { n, raw: raw[n - 1] ?? '', content: r.Content ?? '', event: r.EventId, template: r.EventTemplate ?? '', h: r };
    if (!line.raw.includes(line.content.trim())) throw new Error(`${name}:${n}: structured Content is not in the raw line`);
    if (toClock) {
      line.clock = toClock(r);
      if (!line.clock) throw new Error(`${name}:${n}: cannot read the wall clock from ${JSON.stringify(r)}`);
      if (prev && prev.key - line.clock.key > MAX_BACKWARDS_MS) throw new Error(`${name}:${n}: clock jumps back (year wrap?)`);
      prev = line.clock;
    }
    return line;
  });
}

const templateRegexes = new Map<string, RegExp>();

/** Parameters of a line: its Content aligned with its EventTemplate's `<*>` slots. */
export function align(content: string, template: string): string[] | null {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  for (const [c, t] of [
    [content, template],
    [norm(content), norm(template)],
  ]) {
    let re = templateRegexes.get(t);
    if (!re) {
      re = new RegExp(
        '^' +
          t
            .split('<*>')
            .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('(.*?)') +
          '$',
        's',
      );
      templateRegexes.set(t, re);
    }
    const m = re.exec(c);
    // Slots never carry edge whitespace that matters; a lazy slot before a double space would.
    if (m) return m.slice(1).map((x) => x.trim());
  }
  return null;
}

/** Index of the `<*>` slot that `marker` (a piece of the template holding one `<*>`) names. */
function slotOf(template: string, marker: string): number {
  const at = template.indexOf(marker);
  if (at < 0) throw new Error(`"${marker}" not in template "${template}"`);
  return template.slice(0, at + marker.indexOf('<*>')).split('<*>').length - 1;
}

export interface Rec {
  line: Line;
  f: Record<string, string>;
}

export interface Corpus {
  name: string;
  lines: Line[];
  /** Extracts named fields from every line of `events`; throws when one does not fit. */
  recs(events: string[], pick: (p: string[], l: Line) => Record<string, string> | null): Rec[];
}

export function corpus(name: string, lines: Line[]): Corpus {
  return {
    name,
    lines,
    recs(events, pick) {
      const out: Rec[] = [];
      for (const l of lines) {
        if (!events.includes(l.event)) continue;
        const p = align(l.content, l.template);
        const f = p && pick(p, l);
        // A silently dropped line would make every count and sum over this family wrong.
        if (!f) throw new Error(`${name}:${l.n} (${l.event}): cannot extract fields from ${JSON.stringify(l.content)}`);
        out.push({ line: l, f });
      }
      return out;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Answer computation (each returns undefined when the answer would be ambiguous)

export interface Computed {
  answer: Answer;
  lines: number[];
}

const round = (v: number) => Number(v.toPrecision(NUMBER_PRECISION));
const lineNos = (rs: Rec[]) => [...new Set(rs.map((r) => r.line.n))].sort((a, b) => a - b);

export function groupBy(rs: Rec[], key: (r: Rec) => string | undefined): Map<string, Rec[]> {
  const m = new Map<string, Rec[]>();
  for (const r of rs) {
    const k = key(r);
    if (k === undefined) continue;
    const g = m.get(k);
    if (g) g.push(r);
    else m.set(k, [r]);
  }
  return m;
}

export function countOf(rs: Rec[]): Computed | undefined {
  return rs.length ? { answer: { type: 'number', value: rs.length }, lines: lineNos(rs) } : undefined;
}

export function aggregate(kind: 'sum' | 'max' | 'min' | 'avg', rs: Rec[], val: (r: Rec) => number, unit?: string): Computed | undefined {
  const vs = rs.map(val);
  if (vs.some((v) => !Number.isFinite(v))) throw new Error(`non-numeric value in ${rs[0]?.line.content}`);
  // One value is a lookup, not an aggregate; max/min over one repeated value says nothing.
  if (rs.length < 2) return undefined;
  if ((kind === 'max' || kind === 'min') && new Set(vs).size < 2) return undefined;
  const u = unit ? { unit } : {};
  if (kind === 'sum' || kind === 'avg') {
    const sum = vs.reduce((a, b) => a + b, 0);
    return { answer: { type: 'number', value: round(kind === 'sum' ? sum : sum / vs.length), ...u }, lines: lineNos(rs) };
  }
  const best = kind === 'max' ? Math.max(...vs) : Math.min(...vs);
  return { answer: { type: 'number', value: round(best), ...u }, lines: lineNos(rs.filter((_, i) => vs[i] === best)) };
}

/** The single most frequent key; undefined on a tie at the top or with one key only. */
export function topOf(rs: Rec[], key: (r: Rec) => string | undefined, weight: (r: Rec) => number = () => 1): Computed | undefined {
  const g = groupBy(rs, key);
  if (g.size < 2) return undefined;
  const ranked = [...g.entries()].map(([k, v]) => ({ k, v, w: v.reduce((a, r) => a + weight(r), 0) })).sort((a, b) => b.w - a.w);
  if (ranked[0].w === ranked[1].w) return undefined;
  return { answer: { type: 'span', value: ranked[0].k }, lines: lineNos(ranked[0].v) };
}

/** The wall clock of the earliest/latest line; every line in that same second is expected. */
export function timeOf(kind: 'first' | 'last', rs: Rec[]): Computed | undefined {
  if (!rs.length || rs.some((r) => !r.line.clock)) return undefined;
  const keys = rs.map((r) => r.line.clock!.key);
  const best = kind === 'first' ? Math.min(...keys) : Math.max(...keys);
  const text = rs[keys.indexOf(best)].line.clock!.text;
  return { answer: { type: 'time', value: text }, lines: lineNos(rs.filter((r) => r.line.clock!.text === text)) };
}

/** The one value the lines agree on; undefined when they name more than one. */
export function lookupOf(rs: Rec[], val: (r: Rec) => string, as: 'span' | 'number', unit?: string): Computed | undefined {
  const vs = new Set(rs.map(val));
  if (rs.length === 0 || vs.size !== 1) return undefined;
  const v = [...vs][0];
  if (as === 'span') return { answer: { type: 'span', value: v }, lines: lineNos(rs) };
  const num = Number(v);
  if (!Number.isFinite(num)) throw new Error(`lookup value ${v} is not a number`);
  return { answer: { type: 'number', value: num, ...(unit ? { unit } : {}) }, lines: lineNos(rs) };
}

// ---------------------------------------------------------------------------------------------
// Candidates and phrasing

export interface Candidate {
  family: string;
  kind: Kind;
  dataset: string;
  file?: string;
  /** Phrasings with {var} slots (var names lowercase: a lowercased template keeps its slots). */
  say: string[];
  vars: Record<string, string>;
  computed: Computed;
  window?: { start: string; end: string };
}

export interface Family {
  name: string;
  /** At most this many questions are drawn from the family, so no one pattern dominates. */
  cap: number;
  candidates: Candidate[];
}

export class Builder {
  readonly families: Family[] = [];
  constructor(readonly dataset: string) {}

  /** One question per group key; `make` returns the computed answer or undefined to skip. */
  each(
    name: string,
    kind: Kind,
    cap: number,
    groups: Map<string, Rec[]>,
    say: string[],
    vars: (key: string, rs: Rec[]) => Record<string, string>,
    make: (rs: Rec[], key: string) => Computed | undefined,
  ): void {
    const candidates: Candidate[] = [];
    for (const [key, rs] of groups) {
      const computed = make(rs, key);
      if (computed) candidates.push({ family: `${this.dataset}/${name}`, kind, dataset: this.dataset, say, vars: vars(key, rs), computed });
    }
    this.families.push({ name: `${this.dataset}/${name}`, cap, candidates });
  }

  /** A question about the whole log (no entity in it). */
  one(name: string, kind: Kind, say: string[], computed: Computed | undefined, vars: Record<string, string> = {}): void {
    const candidates = computed ? [{ family: `${this.dataset}/${name}`, kind, dataset: this.dataset, say, vars, computed }] : [];
    this.families.push({ name: `${this.dataset}/${name}`, cap: 1, candidates });
  }
}

// ---------------------------------------------------------------------------------------------
// LogHub families

function hdfs(c: Corpus): Builder {
  const b = new Builder('HDFS');
  const served = c.recs(['E1'], (p) => ({ node: `${p[0]}:${p[1]}`, blk: `blk_${p[2]}`, to: p[3] }));
  const servErr = c.recs(['E3'], (p) => ({ node: `${p[0]}:${p[1]}`, blk: `blk_${p[2]}`, to: p[3] }));
  const added = c.recs(['E6'], (p) => ({ node: `${p[0]}:${p[1]}`, blk: `blk_${p[2]}`, size: p[3] }));
  const alloc = c.recs(['E7'], (p) => ({ path: `/${p[0]}/part-${p[1]}`, blk: `blk_${p[2]}` }));
  // E12 is the same receive written in one line with src/dest: the sender is its src IP.
  const received = c.recs(['E11', 'E12'], (p, l) => (l.event === 'E11' ? { blk: `blk_${p[0]}`, size: p[1], from: p[2] } : { blk: `blk_${p[0]}`, size: p[5], from: p[1] }));
  const receiving = c.recs(['E13'], (p) => ({ blk: `blk_${p[0]}`, src: p[1], dest: `${p[3]}:${p[4]}` }));
  const deleting = c.recs(['E9'], (p) => ({ blk: `blk_${p[0]}` }));
  const invalid = c.recs(['E8'], (p) => ({ blk: `blk_${p[0]}`, node: `${p[1]}:${p[2]}` }));
  const verified = c.recs(['E14'], (p) => ({ blk: `blk_${p[0]}` }));

  const byBlk = (rs: Rec[]) => groupBy(rs, (r) => r.f.blk);
  const byNode = (rs: Rec[]) => groupBy(rs, (r) => r.f.node);
  const blk = (k: string) => ({ blk: k });
  const node = (k: string) => ({ node: k });

  b.each(
    'served-count',
    'count',
    3,
    groupBy(served, (r) => r.f.blk),
    [
      'how many times was {blk} served?',
      'How many times did a datanode serve block {blk}?',
      'number of times block {blk} got served to a client',
      'count the "Served block" lines for {blk}',
    ],
    blk,
    (rs) => countOf(rs),
  );
  b.each(
    'added-count',
    'count',
    3,
    byNode(added),
    [
      'how many blocks were added to the blockMap on {node}?',
      'How many addStoredBlock updates name datanode {node}?',
      'number of blockMap updates for {node}',
      'count addStoredBlock updates for {node}',
    ],
    node,
    (rs) => countOf(rs),
  );
  b.each(
    'serve-error-count',
    'count',
    2,
    byNode(servErr),
    [
      'how many "Got exception while serving" errors did {node} log?',
      'How many exceptions while serving blocks on {node}?',
      'number of block-serving exceptions from datanode {node}',
      '{node}: how many times did serving a block throw?',
    ],
    node,
    (rs) => (rs.length >= 2 ? countOf(rs) : undefined),
  );
  b.each(
    'invalid-count',
    'count',
    2,
    byNode(invalid),
    [
      'how many blocks were added to the invalidSet of {node}?',
      'How many deletes put blocks in the invalidSet of {node}?',
      'number of invalidSet additions for {node}',
      'count of NameSystem.delete lines for {node}',
    ],
    node,
    (rs) => (rs.length >= 2 ? countOf(rs) : undefined),
  );
  // Size of a block: every line that states one must agree.
  const sizes = groupBy([...received, ...added], (r) => r.f.blk);
  b.each('block-size', 'lookup', 3, sizes, ['what is the size of block {blk}?', 'How big is {blk}?', 'block size of {blk}?', 'what size was {blk} received with?'], blk, (rs) =>
    lookupOf(rs, (r) => r.f.size, 'number', 'B'),
  );
  b.each(
    'alloc-file',
    'lookup',
    3,
    byBlk(alloc),
    ['which file was {blk} allocated for?', 'What path is block {blk} part of?', 'allocateBlock {blk}: for which file?', '{blk} belongs to which file?'],
    blk,
    (rs) => lookupOf(rs, (r) => r.f.path, 'span'),
  );
  // "Which datanode received X" is only unambiguous when every receive/store line names one node.
  const dests = groupBy([...receiving.map((r) => ({ ...r, f: { ...r.f, node: r.f.dest } })), ...added], (r) => r.f.blk);
  b.each(
    'receiver',
    'lookup',
    2,
    dests,
    ['which datanode received block {blk}?', 'Which datanode got {blk}?', 'where was {blk} stored - which datanode?', 'what datanode received {blk}'],
    blk,
    (rs) => (rs.some((r) => r.line.event === 'E13') ? lookupOf(rs, (r) => r.f.node, 'span') : undefined),
  );
  // The sender as both the receive line and the "Receiving block ... src:" line name it.
  const senders = groupBy([...received, ...receiving.map((r) => ({ ...r, f: { ...r.f, from: r.f.src } }))], (r) => r.f.blk);
  b.each(
    'received-from',
    'lookup',
    2,
    senders,
    ['{blk} was received from which address?', 'Where did block {blk} come from (source IP)?', 'which host sent block {blk}?', 'source address of the received block {blk}?'],
    blk,
    (rs) => (rs.some((r) => r.line.event !== 'E13') ? lookupOf(rs, (r) => r.f.from, 'span') : undefined),
  );
  // Sizes per datanode: almost all are 64 MiB, the groups with smaller tail blocks are the interesting ones.
  const size = (r: Rec) => Number(r.f.size);
  b.each(
    'node-size-sum',
    'sum',
    3,
    byNode(added),
    [
      'what is the total size of blocks added on {node}?',
      'Total bytes of blocks stored on {node}?',
      'sum of block sizes added to the blockMap on {node}',
      'how many bytes of blocks went to {node} in total?',
    ],
    node,
    (rs) => (new Set(rs.map(size)).size > 1 ? aggregate('sum', rs, size, 'B') : undefined),
  );
  b.each(
    'node-size-max',
    'max',
    2,
    byNode(added),
    [
      'what is the largest block size added on {node}?',
      'Biggest block stored on {node}?',
      'max block size in the addStoredBlock lines for {node}',
      'largest block {node} was added to?',
    ],
    node,
    (rs) => aggregate('max', rs, size, 'B'),
  );
  b.each(
    'node-size-min',
    'min',
    3,
    byNode(added),
    [
      'what is the smallest block size added on {node}?',
      'Smallest block stored on {node}?',
      'min block size among addStoredBlock updates for {node}',
      'tiniest block that was added on {node}?',
    ],
    node,
    (rs) => aggregate('min', rs, size, 'B'),
  );
  b.each(
    'node-size-avg',
    'avg',
    3,
    byNode(added),
    [
      'what is the average block size added on {node}?',
      'Mean size of blocks stored on {node}?',
      'avg block size for addStoredBlock on {node}',
      'on average how big were the blocks added to {node}?',
    ],
    node,
    (rs) => (new Set(rs.map(size)).size > 1 ? aggregate('avg', rs, size, 'B') : undefined),
  );
  b.each(
    'from-size-sum',
    'sum',
    2,
    groupBy(received, (r) => r.f.from),
    [
      'total size of blocks received from {ip}?',
      'How many bytes were received from /{ip} in total?',
      'sum of "Received block" sizes from {ip}',
      'what is the total of block sizes received from {ip}',
    ],
    (k) => ({ ip: k }),
    (rs) => (new Set(rs.map(size)).size > 1 ? aggregate('sum', rs, size, 'B') : undefined),
  );
  b.one(
    'top-added',
    'topk',
    [
      'which datanode had the most blocks added to the blockMap?',
      'Which node got the most addStoredBlock updates?',
      'top datanode by blocks added',
      'datanode with the most blockMap updates?',
    ],
    topOf(added, (r) => r.f.node),
  );
  b.one(
    'top-serving',
    'topk',
    ['which datanode served the most blocks?', 'Which node logged the most "Served block" lines?', 'top serving datanode?', 'who served blocks most often'],
    topOf(served, (r) => r.f.node),
  );
  b.one(
    'top-serve-error',
    'topk',
    [
      'which datanode had the most exceptions while serving blocks?',
      'Which node threw the most "Got exception while serving" errors?',
      'top datanode by serving exceptions',
      'worst datanode for block serving errors?',
    ],
    topOf(servErr, (r) => r.f.node),
  );
  b.one(
    'top-invalid',
    'topk',
    [
      'which datanode had the most blocks added to its invalidSet?',
      'Which node got the most invalidSet additions?',
      'top datanode by invalidated blocks',
      'most invalidSet entries went to which datanode?',
    ],
    topOf(invalid, (r) => r.f.node),
  );
  b.one(
    'top-source',
    'topk',
    [
      'which IP sent the most received blocks?',
      'Which source address appears most in "Received block ... from" lines?',
      'top block source by count?',
      'from which host were the most blocks received',
    ],
    topOf(received, (r) => r.f.from),
  );
  b.one(
    'top-served-block',
    'topk',
    ['which block was served the most?', 'Which blk_ id has the most "Served block" lines?', 'most served block?', 'top block by times served'],
    topOf(served, (r) => r.f.blk),
  );
  b.one(
    'top-dest',
    'topk',
    ['which datanode received the most blocks?', 'Which dest appears most in "Receiving block" lines?', 'top receiving datanode?', 'datanode that received blocks most often'],
    topOf(receiving, (r) => r.f.dest),
  );
  b.each(
    'served-first',
    'first',
    2,
    byBlk(served),
    ['when was {blk} first served?', 'When did a datanode first serve block {blk}?', 'first time {blk} got served?', 'time of the first "Served block" for {blk}'],
    blk,
    (rs) => timeOf('first', rs),
  );
  // "Deleted" is the datanode's "Deleting block" (the namenode's invalidSet line comes earlier):
  // the phrasings say so, and only blocks deleted once are asked about.
  b.each(
    'deleted-at',
    'first',
    2,
    byBlk(deleting),
    [
      'when did a datanode delete {blk} from disk?',
      'When did the datanode start deleting block {blk}?',
      'time of the "Deleting block" line for {blk}?',
      'at what time was block {blk} deleted from disk',
    ],
    blk,
    (rs) => (rs.length === 1 ? timeOf('first', rs) : undefined),
  );
  b.each(
    'node-served-last',
    'last',
    2,
    byNode(served),
    [
      'when did {node} last serve a block?',
      'When was the last "Served block" from {node}?',
      'last time datanode {node} served a block?',
      'most recent block served by {node}: when?',
    ],
    node,
    (rs) => (rs.length >= 2 ? timeOf('last', rs) : undefined),
  );
  b.one(
    'first-serve-error',
    'first',
    [
      'when did the first "Got exception while serving" happen?',
      'When did a datanode first fail while serving a block?',
      'time of the first block-serving exception?',
      'first serving exception - when?',
    ],
    timeOf('first', servErr),
  );
  b.one(
    'last-verification',
    'last',
    [
      'when was the last "Verification succeeded" for a block?',
      'When did block verification last succeed?',
      'time of the most recent successful block verification?',
      'last verification succeeded: when?',
    ],
    timeOf('last', verified),
  );
  b.each(
    'verified-at',
    'last',
    1,
    byBlk(verified),
    ['when was {blk} last verified?', 'When did verification of {blk} last succeed?', 'last successful verification of {blk}?', 'time {blk} was last verified'],
    blk,
    (rs) => timeOf('last', rs),
  );
  return b;
}

function openssh(c: Corpus): Builder {
  const b = new Builder('OpenSSH');
  const failed = c.recs(['E9', 'E10'], (p, l) => (l.event === 'E9' ? { user: p[0], ip: p[1], port: p[2] } : { user: p[0], ip: p[1], port: p[2] }));
  const repeated = c.recs(['E14'], (p) => ({ times: p[0], ip: p[1], port: p[2] }));
  const invalidUser = c.recs(['E13'], (p) => ({ user: p[0], ip: p[1] }));
  const disconnect = c.recs(['E24', 'E25', 'E7', 'E6'], (p) => ({ ip: p[0] }));
  const reverse = c.recs(['E27'], (p) => ({ host: p[0], ip: p[1] }));
  const noIdent = c.recs(['E3'], (p) => ({ ip: p[0] }));
  const accepted = c.recs(['E1'], (p) => ({ user: p[0], ip: p[1], port: p[2] }));
  const authUser = c.recs(['E20'], (p) => ({ ip: p[2], user: p[3] }));
  const withPort = c.recs(['E9', 'E10', 'E8', 'E1'], (p) => ({ user: p[0], ip: p[1], port: p[2] }));

  // A "message repeated N times" line hides N failures in one line: IPs with one are ambiguous to count.
  const repeatedIps = new Set(repeated.map((r) => r.f.ip));
  const byIp = (rs: Rec[]) => groupBy(rs, (r) => (repeatedIps.has(r.f.ip) ? undefined : r.f.ip));
  const ip = (k: string) => ({ ip: k });

  b.each(
    'failed-count',
    'count',
    4,
    byIp(failed),
    [
      'how many failed passwords came from {ip}?',
      'How many failed password attempts from {ip}?',
      'count of "Failed password" lines for {ip}',
      'number of failed ssh passwords from {ip}?',
      '{ip} - how many failed passwords?',
    ],
    ip,
    (rs) => countOf(rs),
  );
  b.each(
    'disconnect-count',
    'count',
    2,
    groupBy(disconnect, (r) => r.f.ip),
    ['how many times did {ip} disconnect?', 'How many "Received disconnect" lines from {ip}?', 'number of disconnects from {ip}', 'count disconnects received from {ip}'],
    ip,
    (rs) => (rs.length >= 2 ? countOf(rs) : undefined),
  );
  b.each(
    'breakin-count',
    'count',
    2,
    groupBy(reverse, (r) => r.f.ip),
    [
      'how many POSSIBLE BREAK-IN ATTEMPT warnings for {ip}?',
      'How many times did reverse mapping fail for {ip}?',
      'number of possible break-in attempts from {ip}',
      'count of reverse mapping failures for {ip}?',
    ],
    ip,
    (rs) => countOf(rs),
  );
  // The user an IP tried: every line naming a user for that IP must name the same one.
  const users = groupBy([...failed, ...invalidUser, ...authUser], (r) => r.f.ip);
  b.each(
    'ip-user',
    'lookup',
    3,
    users,
    ['which user tried to log in from {ip}?', 'What username did {ip} try?', 'which account was {ip} attacking?', 'user targeted by {ip}?'],
    ip,
    (rs) => (rs.some((r) => r.line.event === 'E9' || r.line.event === 'E10') && !repeatedIps.has(rs[0].f.ip) ? lookupOf(rs, (r) => r.f.user, 'span') : undefined),
  );
  // "First port": the earliest line with a port must be alone in its second, or "first" is a tie.
  b.each(
    'first-port',
    'lookup',
    2,
    groupBy(withPort, (r) => r.f.ip),
    [
      'what port did {ip} connect from first?',
      'Which source port did {ip} use on its first attempt?',
      'first source port seen for {ip}?',
      'port of the first login attempt from {ip}',
    ],
    ip,
    (rs) => {
      const t = timeOf('first', rs);
      if (!t || t.lines.length !== 1 || rs.length < 2) return undefined;
      return lookupOf(
        rs.filter((r) => r.line.n === t.lines[0]),
        (r) => r.f.port,
        'number',
      );
    },
  );
  b.each(
    'reverse-host',
    'lookup',
    3,
    groupBy(reverse, (r) => r.f.ip),
    ['what hostname does {ip} reverse-map to?', 'Which host name was checked for {ip} in the reverse mapping?', 'reverse DNS name of {ip}?', 'what is the hostname behind {ip}'],
    ip,
    (rs) => lookupOf(rs, (r) => r.f.host, 'span'),
  );
  b.one(
    'accepted-user',
    'lookup',
    ['which user logged in successfully?', 'Who got an accepted password?', 'which account had a successful password login?', 'user with an accepted ssh password?'],
    lookupOf(accepted, (r) => r.f.user, 'span'),
  );
  b.each(
    'max-port',
    'max',
    2,
    byIp(failed),
    [
      'what is the highest source port {ip} used for a failed password?',
      'Max port in the failed passwords from {ip}?',
      'highest port number seen from {ip} on failed passwords',
      'largest source port used by {ip}?',
    ],
    ip,
    (rs) => aggregate('max', rs, (r) => Number(r.f.port)),
  );
  b.each(
    'min-port',
    'min',
    2,
    byIp(failed),
    [
      'what is the lowest source port {ip} used for a failed password?',
      'Min port among failed logins from {ip}?',
      'smallest source port in failed passwords from {ip}',
      'lowest port {ip} connected from on a failed password?',
    ],
    ip,
    (rs) => aggregate('min', rs, (r) => Number(r.f.port)),
  );
  // Top questions count "message repeated N times" both ways: the answer must not depend on it.
  const topFailedIp = (() => {
    const plain = topOf(failed, (r) => r.f.ip);
    const weighted = topOf(
      [...failed, ...repeated],
      (r) => r.f.ip,
      (r) => (r.line.event === 'E14' ? Number(r.f.times) : 1),
    );
    return plain && weighted && plain.answer.value === weighted.answer.value ? plain : undefined;
  })();
  b.one(
    'top-failed-ip',
    'topk',
    [
      'which IP had the most failed passwords?',
      'Which address failed the most password attempts?',
      'top source of failed ssh passwords?',
      'what IP hammered us with the most failed passwords',
    ],
    topFailedIp,
  );
  const invalidPw = failed.filter((r) => r.line.event === 'E10');
  const userauth = c.recs(['E12'], (p) => ({ user: p[0] }));
  const agreeing = (...tops: (Computed | undefined)[]) => (tops.every((t) => t && t.answer.value === tops[0]!.answer.value) ? tops[0] : undefined);
  // Three lines say "invalid user" (Invalid user, Failed password for invalid user, input_userauth_request):
  // the top is asked only when all three agree on it.
  b.one(
    'top-invalid-user',
    'topk',
    ['which invalid username was tried the most?', 'What is the most common "Invalid user" name?', 'most tried invalid user?', 'top invalid user name attempted'],
    agreeing(
      topOf(invalidUser, (r) => r.f.user),
      topOf(invalidPw, (r) => r.f.user),
      topOf(userauth, (r) => r.f.user),
    ),
  );
  b.one(
    'top-disconnect',
    'topk',
    ['which IP disconnected the most?', 'Which address has the most "Received disconnect" lines?', 'top IP by disconnects?', 'who disconnected most often'],
    topOf(disconnect, (r) => r.f.ip),
  );
  b.one(
    'top-breakin',
    'topk',
    [
      'which IP had the most POSSIBLE BREAK-IN ATTEMPT warnings?',
      'Which address failed reverse mapping the most?',
      'top IP for possible break-in attempts?',
      'most break-in warnings came from which IP',
    ],
    topOf(reverse, (r) => r.f.ip),
  );
  b.one(
    'top-invalid-ip',
    'topk',
    [
      'which IP made the most invalid-user login attempts?',
      'Which address has the most "Invalid user" lines?',
      'top source of invalid user attempts?',
      'who made the most attempts as an invalid user',
    ],
    agreeing(
      topOf(invalidUser, (r) => r.f.ip),
      topOf(invalidPw, (r) => r.f.ip),
    ),
  );
  const authNoUser = c.recs(['E19'], (p) => ({ ip: p[2] }));
  b.one(
    'top-auth-ip',
    'topk',
    [
      'which rhost had the most pam authentication failures?',
      'Which address has the most pam_unix authentication failure lines?',
      'top rhost by pam auth failures?',
      'most pam_unix auth failures came from which rhost',
    ],
    agreeing(
      topOf(authUser, (r) => r.f.ip),
      topOf([...authUser, ...authNoUser], (r) => r.f.ip),
    ),
  );
  b.each(
    'failed-first',
    'first',
    3,
    byIp(failed),
    [
      'when did {ip} first fail a password?',
      'When was the first failed password from {ip}?',
      'first failed password from {ip} - when?',
      'time of the earliest failed password for {ip}',
    ],
    ip,
    (rs) => timeOf('first', rs),
  );
  b.each(
    'failed-last',
    'last',
    3,
    byIp(failed),
    ['when was the last failed password from {ip}?', 'When did {ip} last fail a password?', 'most recent failed password from {ip}?', 'last time {ip} failed a password'],
    ip,
    (rs) => (rs.length >= 2 ? timeOf('last', rs) : undefined),
  );
  b.one(
    'accepted-at',
    'first',
    ['when was a password accepted?', 'When did the successful password login happen?', 'time of the accepted password?', 'when did someone log in successfully'],
    timeOf('first', accepted),
  );
  b.one(
    'first-no-ident',
    'first',
    [
      'when did the first "Did not receive identification string" happen?',
      'When was an identification string first missing?',
      'first missing identification string - when?',
      'time of the earliest "did not receive identification string"',
    ],
    timeOf('first', noIdent),
  );
  b.one(
    'last-no-ident',
    'last',
    [
      'when was the last "Did not receive identification string"?',
      'When did a client last fail to send an identification string?',
      'most recent missing identification string?',
      'last "did not receive identification string" time',
    ],
    timeOf('last', noIdent),
  );
  return b;
}

function spark(c: Corpus): Builder {
  const b = new Builder('Spark');
  const running = c.recs(['E24'], (p) => ({ task: p[0], stage: p[1], tid: p[2] }));
  const finished = c.recs(['E9'], (p) => ({ task: p[0], stage: p[1], tid: p[2], bytes: p[3] }));
  const bcastRead = c.recs(['E20'], (p) => ({ v: p[0], ms: p[1] }));
  const found = c.recs(['E10'], (p) => ({ rdd: `rdd_${p[0]}` }));
  const notFound = c.recs(['E19'], (p) => ({ rdd: `rdd_${p[0]}` }));
  const times = c.recs(['E35'], (p) => ({ total: p[0] }));
  const saved = c.recs(['E25'], (p) => ({ attempt: `attempt_${p[0]}`, path: `hdfs://${p[1]}` }));

  const byStage = (rs: Rec[]) => groupBy(rs, (r) => r.f.stage);
  const stage = (k: string) => ({ stage: k });
  b.each(
    'bcast-read',
    'lookup',
    4,
    groupBy(bcastRead, (r) => r.f.v),
    [
      'how long did reading broadcast variable {v} take?',
      'How many ms did broadcast variable {v} take to read?',
      'read time of broadcast variable {v}?',
      'broadcast variable {v}: how long was the read',
    ],
    (k) => ({ v: k }),
    (rs) => lookupOf(rs, (r) => r.f.ms, 'number', 'ms'),
  );
  b.each(
    'stage-running',
    'count',
    2,
    byStage(running),
    [
      'how many tasks ran in stage {stage}?',
      'How many "Running task" lines for stage {stage}?',
      'number of tasks started in stage {stage}',
      'count tasks running in stage {stage}',
    ],
    stage,
    (rs) => countOf(rs),
  );
  b.each(
    'stage-finished',
    'count',
    2,
    byStage(finished),
    [
      'how many tasks finished in stage {stage}?',
      'How many tasks completed in stage {stage}?',
      'number of finished tasks in stage {stage}',
      'count of "Finished task" for stage {stage}?',
    ],
    stage,
    (rs) => countOf(rs),
  );
  b.each(
    'rdd-found',
    'count',
    2,
    groupBy(found, (r) => r.f.rdd),
    ['how many times was {rdd} found locally?', 'How often was block {rdd} found locally?', 'number of local hits for {rdd}', 'count "Found block {rdd} locally"'],
    (k) => ({ rdd: k }),
    (rs) => (rs.length >= 2 ? countOf(rs) : undefined),
  );
  const bytes = (r: Rec) => Number(r.f.bytes);
  b.each(
    'stage-bytes-sum',
    'sum',
    3,
    byStage(finished),
    [
      'what was the total bytes of results sent to the driver in stage {stage}?',
      'Total result bytes sent to driver for stage {stage}?',
      'sum of result sizes sent to driver in stage {stage}',
      'how many bytes did stage {stage} send to the driver in total',
    ],
    stage,
    (rs) => aggregate('sum', rs, bytes, 'B'),
  );
  b.each(
    'stage-bytes-max',
    'max',
    3,
    byStage(finished),
    [
      'what was the largest result sent to the driver in stage {stage}?',
      'Biggest task result (bytes) in stage {stage}?',
      'max bytes result sent to driver in stage {stage}',
      'largest result size from a task in stage {stage}',
    ],
    stage,
    (rs) => aggregate('max', rs, bytes, 'B'),
  );
  b.each(
    'stage-bytes-min',
    'min',
    3,
    byStage(finished),
    [
      'what was the smallest result sent to the driver in stage {stage}?',
      'Smallest task result in stage {stage} (bytes)?',
      'min result bytes sent to driver in stage {stage}',
      'lowest result size for a task in stage {stage}',
    ],
    stage,
    (rs) => aggregate('min', rs, bytes, 'B'),
  );
  b.each(
    'stage-bytes-avg',
    'avg',
    3,
    byStage(finished),
    [
      'what was the average result size sent to the driver in stage {stage}?',
      'Mean bytes of task results in stage {stage}?',
      'avg result bytes sent to driver for stage {stage}',
      'on average how many bytes did a task in stage {stage} send to the driver',
    ],
    stage,
    (rs) => aggregate('avg', rs, bytes, 'B'),
  );
  const ms = (r: Rec) => Number(r.f.ms);
  b.one(
    'bcast-max',
    'max',
    [
      'what was the slowest broadcast variable read?',
      'Longest time to read a broadcast variable?',
      'max broadcast variable read time (ms)',
      'slowest "Reading broadcast variable" took how long',
    ],
    aggregate('max', bcastRead, ms, 'ms'),
  );
  b.one(
    'bcast-min',
    'min',
    ['what was the fastest broadcast variable read?', 'Shortest broadcast variable read time?', 'min time to read a broadcast variable', 'quickest broadcast read in ms?'],
    aggregate('min', bcastRead, ms, 'ms'),
  );
  b.one(
    'bcast-avg',
    'avg',
    [
      'what was the average broadcast variable read time?',
      'Mean time to read a broadcast variable?',
      'avg "Reading broadcast variable" time in ms',
      'on average how long did broadcast reads take',
    ],
    aggregate('avg', bcastRead, ms, 'ms'),
  );
  b.one(
    'bcast-sum',
    'sum',
    [
      'how much time was spent reading broadcast variables in total?',
      'Total ms spent reading broadcast variables?',
      'sum of broadcast variable read times',
      'total broadcast read time',
    ],
    aggregate('sum', bcastRead, ms, 'ms'),
  );
  b.one(
    'python-total-max',
    'max',
    [
      'what was the highest PythonRunner total time?',
      'Max "Times: total" reported by the Python runner?',
      'largest total in the PythonRunner Times lines (ms)',
      'longest python worker total time?',
    ],
    aggregate('max', times, (r) => Number(r.f.total), 'ms'),
  );
  b.one(
    'top-stage',
    'topk',
    ['which stage had the most finished tasks?', 'Which stage completed the most tasks?', 'stage with the most "Finished task" lines?', 'top stage by finished tasks'],
    topOf(finished, (r) => r.f.stage),
  );
  b.one(
    'top-notfound',
    'topk',
    [
      'which rdd partition was not found and recomputed the most?',
      'Which partition had the most "not found, computing it"?',
      'most recomputed rdd partition?',
      'top partition by cache misses',
    ],
    topOf(notFound, (r) => r.f.rdd),
  );
  b.one(
    'top-found',
    'topk',
    [
      'which rdd block was found locally the most?',
      'Which block has the most "Found block ... locally" lines?',
      'most frequently found local rdd block?',
      'top rdd block by local hits',
    ],
    topOf(found, (r) => r.f.rdd),
  );
  b.one(
    'top-running-stage',
    'topk',
    ['which stage started the most tasks?', 'Which stage has the most "Running task" lines?', 'stage with the most running tasks?', 'top stage by tasks started'],
    topOf(running, (r) => r.f.stage),
  );
  b.each(
    'stage-start',
    'first',
    3,
    byStage(running),
    [
      'when did stage {stage} start?',
      'When did the first task of stage {stage} start running?',
      'stage {stage}: first task started when?',
      'time stage {stage} began running tasks',
    ],
    stage,
    (rs) => timeOf('first', rs),
  );
  b.each(
    'stage-end',
    'last',
    3,
    byStage(finished),
    [
      'when did the last task in stage {stage} finish?',
      'When did stage {stage} finish its last task?',
      'time of the last "Finished task" in stage {stage}?',
      'stage {stage} last finished task - when?',
    ],
    stage,
    (rs) => timeOf('last', rs),
  );
  b.each(
    'attempt-saved',
    'first',
    2,
    groupBy(saved, (r) => r.f.attempt),
    ['when was the output of {attempt} saved?', 'When did task {attempt} save its output?', 'time {attempt} saved output to hdfs?', 'at what time was {attempt} output saved'],
    (k) => ({ attempt: k }),
    (rs) => timeOf('first', rs),
  );
  return b;
}

function bgl(c: Corpus): Builder {
  const b = new Builder('BGL');
  // BGL's node is a header field (Node), which the raw line carries too.
  const core = c.recs(['E67'], (p, l) => ({ node: l.h.Node }));
  const tlb = c.recs(['E55'], (p, l) => ({ node: l.h.Node }));
  const parity = c.recs(['E77'], (p, l) => ({ node: l.h.Node }));
  const storage = c.recs(['E52'], (p, l) => ({ node: l.h.Node }));
  const fp = c.recs(['E4'], (p, l) => ({ node: l.h.Node, n: p[0] }));
  const hummer = c.recs(['E3'], (p, l) => ({ node: l.h.Node, n: p[0] }));
  const coreFiles = c.recs(['E34'], (p, l) => ({ node: l.h.Node, n: p[0], program: p[1] }));
  const ddr = c.recs(['E118'], (p, l) => ({ node: l.h.Node, n: p[0] }));

  const byNode = (rs: Rec[]) => groupBy(rs, (r) => r.f.node);
  const node = (k: string) => ({ node: k });
  b.each(
    'core-count',
    'count',
    3,
    byNode(core),
    ['how many cores did {node} generate?', 'How many "generating core" lines from node {node}?', 'number of core dumps generated on {node}', 'count core generations on {node}'],
    node,
    (rs) => (rs.length >= 2 ? countOf(rs) : undefined),
  );
  b.each(
    'tlb-count',
    'count',
    2,
    byNode(tlb),
    [
      'how many data TLB error interrupts did {node} log?',
      'How many data TLB errors on {node}?',
      'number of "data TLB error interrupt" on node {node}',
      'count TLB error interrupts for {node}',
    ],
    node,
    (rs) => countOf(rs),
  );
  b.each(
    'parity-count',
    'count',
    2,
    byNode(parity),
    [
      'how many instruction cache parity errors were corrected on {node}?',
      'How many icache parity errors on {node}?',
      'number of corrected instruction cache parity errors for {node}',
      'count of "instruction cache parity error corrected" on {node}',
    ],
    node,
    (rs) => countOf(rs),
  );
  b.each(
    'storage-count',
    'count',
    1,
    byNode(storage),
    [
      'how many data storage interrupts did {node} have?',
      'How many "data storage interrupt" lines on {node}?',
      'number of data storage interrupts on {node}',
      'count data storage interrupts for {node}',
    ],
    node,
    (rs) => (rs.length >= 2 ? countOf(rs) : undefined),
  );
  b.each(
    'coreprog-lookup',
    'lookup',
    2,
    byNode(coreFiles),
    [
      'which program did ciod generate core files for on {node}?',
      'What program dumped core files on {node}?',
      'program behind the core files generated on {node}?',
      'core files on {node} were for which program',
    ],
    node,
    (rs) => lookupOf(rs, (r) => r.f.program, 'span'),
  );
  const n = (r: Rec) => Number(r.f.n);
  b.each(
    'program-corefiles-sum',
    'sum',
    2,
    groupBy(coreFiles, (r) => r.f.program),
    [
      'how many core files were generated in total for program {program}?',
      'Total core files ciod generated for {program}?',
      'sum of core files for program {program}',
      'core files generated for {program}, all nodes together?',
    ],
    (k) => ({ program: k }),
    (rs) => aggregate('sum', rs, n),
  );
  b.one(
    'fp-max',
    'max',
    [
      'what is the highest floating point alignment exception count reported?',
      'Max "floating point alignment exceptions" value?',
      'largest number of floating point alignment exceptions in one line',
      'biggest floating point alignment exception count?',
    ],
    aggregate('max', fp, n),
  );
  b.one(
    'fp-min',
    'min',
    [
      'what is the lowest floating point alignment exception count reported?',
      'Min "floating point alignment exceptions" value?',
      'smallest floating point alignment exception count',
      'fewest floating point alignment exceptions reported in a line?',
    ],
    aggregate('min', fp, n),
  );
  b.one(
    'hummer-max',
    'max',
    [
      'what is the highest double-hummer alignment exception count?',
      'Max "double-hummer alignment exceptions" value?',
      'largest double-hummer alignment exception count reported',
      'biggest double-hummer exception number?',
    ],
    aggregate('max', hummer, n),
  );
  b.one(
    'hummer-min',
    'min',
    [
      'what is the lowest double-hummer alignment exception count?',
      'Min double-hummer alignment exceptions in a line?',
      'smallest double-hummer alignment exception count',
      'fewest double-hummer alignment exceptions reported?',
    ],
    aggregate('min', hummer, n),
  );
  b.one(
    'ddr-sum',
    'sum',
    [
      'what do the "total of N ddr error(s) detected and corrected" reports add up to?',
      'Total of the "total of N ddr error(s)" counts?',
      'sum the "total of ... ddr error(s)" reports',
      'add up the reported ddr error totals',
    ],
    aggregate('sum', ddr, n),
  );
  b.one(
    'corefiles-avg',
    'avg',
    [
      'what is the average number of core files ciod generated per report?',
      'Mean core files per "ciod: generated" line?',
      'avg core files generated per ciod report',
      'on average how many core files did ciod generate',
    ],
    aggregate('avg', coreFiles, n),
  );
  b.one(
    'corefiles-max',
    'max',
    [
      'what is the most core files ciod generated in one go?',
      'Max core files in a "ciod: generated" line?',
      'largest number of core files generated for a program',
      'biggest ciod core file count?',
    ],
    aggregate('max', coreFiles, n),
  );
  b.each(
    'node-fp-sum',
    'sum',
    2,
    byNode(fp),
    [
      'how many floating point alignment exceptions did {node} report in total?',
      'Total floating point alignment exceptions on {node}?',
      'sum of floating point alignment exceptions for {node}',
      '{node}: floating point alignment exceptions, summed',
    ],
    node,
    (rs) => aggregate('sum', rs, n),
  );
  b.one(
    'top-core',
    'topk',
    ['which node generated the most cores?', 'Which node has the most "generating core" lines?', 'top node by core generation?', 'node that dumped core most often'],
    topOf(core, (r) => r.f.node),
  );
  b.one(
    'top-tlb',
    'topk',
    ['which node logged the most data TLB error interrupts?', 'Which node had the most data TLB errors?', 'top node by TLB error interrupts', 'worst node for data TLB errors?'],
    topOf(tlb, (r) => r.f.node),
  );
  b.one(
    'top-parity',
    'topk',
    [
      'which node had the most instruction cache parity errors?',
      'Which node corrected the most icache parity errors?',
      'top node for instruction cache parity errors?',
      'node with the most parity errors corrected',
    ],
    topOf(parity, (r) => r.f.node),
  );
  b.one(
    'top-storage',
    'topk',
    [
      'which node had the most data storage interrupts?',
      'Which node logged "data storage interrupt" most?',
      'top node by data storage interrupts?',
      'node with the most data storage interrupts',
    ],
    topOf(storage, (r) => r.f.node),
  );
  b.one(
    'top-fp-node',
    'topk',
    [
      'which node reported floating point alignment exceptions most often?',
      'Which node has the most "floating point alignment exceptions" lines?',
      'top node by floating point alignment exception reports?',
      'node that logged floating point alignment exceptions most',
    ],
    topOf(fp, (r) => r.f.node),
  );
  b.one(
    'top-program',
    'topk',
    [
      'which program had core files generated most often?',
      'Which program appears in the most "ciod: generated ... core files" lines?',
      'top program by core file reports?',
      'program with the most ciod core file reports',
    ],
    topOf(coreFiles, (r) => r.f.program),
  );
  return b;
}

function hadoop(c: Corpus): Builder {
  const b = new Builder('Hadoop');
  const lease = c.recs(['E44'], (p) => ({ client: `DFSClient_NONMAPREDUCE_${p[0]}_${p[1]}`, secs: p[2] }));
  const retry = c.recs(['E91'], (p) => ({ server: `${p[0]}:${p[1]}`, tried: p[2] }));
  const rmErr = c.recs(['E38'], () => ({}));
  const progress = c.recs(['E80'], (p) => ({ attempt: `attempt_${p[0]}`, v: `${p[1]}.${p[2]}` }));
  const assigned = c.recs(['E13'], (p) => ({ container: `container_${p[0]}`, attempt: `attempt_${p[1]}` }));
  const nm = c.recs(['E105'], (p) => ({ attempt: `attempt_${p[0]}`, nm: `${p[5]}:${p[6]}` }));
  const resolved = c.recs(['E90'], (p) => ({ host: p[0] }));

  const byAttempt = (rs: Rec[]) => groupBy(rs, (r) => r.f.attempt);
  const attempt = (k: string) => ({ attempt: k });
  const secs = (r: Rec) => Number(r.f.secs);
  const prog = (r: Rec) => Number(r.f.v);
  b.each(
    'lease-count',
    'count',
    1,
    groupBy(lease, (r) => r.f.client),
    [
      'how many times did lease renewal fail for {client}?',
      'How many "Failed to renew lease" for {client}?',
      'number of failed lease renewals for {client}',
      'count lease renew failures of {client}',
    ],
    (k) => ({ client: k }),
    (rs) => countOf(rs),
  );
  b.each(
    'retry-count',
    'count',
    1,
    groupBy(retry, (r) => r.f.server),
    [
      'how many times did it retry connecting to {server}?',
      'How many "Retrying connect to server" lines for {server}?',
      'number of connection retries to {server}',
      'count retries connecting to {server}',
    ],
    (k) => ({ server: k }),
    (rs) => countOf(rs),
  );
  b.one(
    'rm-errors',
    'count',
    ['how many ERROR IN CONTACTING RM were logged?', 'How many times did it fail contacting the RM?', 'number of "ERROR IN CONTACTING RM" errors', 'count of RM contact errors'],
    countOf(rmErr),
  );
  b.each(
    'progress-count',
    'count',
    2,
    byAttempt(progress),
    [
      'how many progress reports did {attempt} send?',
      'How many "Progress of TaskAttempt" lines for {attempt}?',
      'number of progress updates from {attempt}',
      'count progress reports of {attempt}',
    ],
    attempt,
    (rs) => countOf(rs),
  );
  b.each(
    'container',
    'lookup',
    3,
    byAttempt(assigned),
    ['which container was assigned to {attempt}?', 'What container did {attempt} get?', 'container id assigned to {attempt}?', '{attempt} ran in which container'],
    attempt,
    (rs) => lookupOf(rs, (r) => r.f.container, 'span'),
  );
  b.each(
    'nm',
    'lookup',
    2,
    byAttempt(nm),
    ['which NM did {attempt} use?', 'What node manager was {attempt} on?', 'NM host:port for {attempt}?', '{attempt} ran on which NodeManager'],
    attempt,
    (rs) => lookupOf(rs, (r) => r.f.nm, 'span'),
  );
  b.each(
    'progress-max',
    'max',
    2,
    byAttempt(progress),
    [
      'what is the highest progress reported for {attempt}?',
      'Max progress of TaskAttempt {attempt}?',
      'highest progress value {attempt} reached',
      'how far did {attempt} get (max progress)?',
    ],
    attempt,
    (rs) => aggregate('max', rs, prog),
  );
  b.each(
    'progress-min',
    'min',
    2,
    byAttempt(progress),
    [
      'what is the lowest progress reported for {attempt}?',
      'Min progress of TaskAttempt {attempt}?',
      'smallest progress value reported by {attempt}',
      'lowest progress {attempt} ever reported?',
    ],
    attempt,
    (rs) => aggregate('min', rs, prog),
  );
  b.each(
    'progress-avg',
    'avg',
    2,
    byAttempt(progress),
    [
      'what is the average progress reported for {attempt}?',
      'Mean progress value of {attempt}?',
      'avg progress across reports from {attempt}',
      'on average what progress did {attempt} report',
    ],
    attempt,
    (rs) => aggregate('avg', rs, prog),
  );
  b.one(
    'lease-max',
    'max',
    [
      'what is the longest time lease renewal kept failing (seconds)?',
      'Max seconds in "Failed to renew lease ... for N seconds"?',
      'longest failed lease renewal duration?',
      'highest "for N seconds" in lease renewal failures',
    ],
    aggregate('max', lease, secs, 's'),
  );
  b.one(
    'lease-min',
    'min',
    [
      'what is the shortest time reported in a failed lease renewal?',
      'Min seconds in "Failed to renew lease" lines?',
      'shortest failed lease renewal duration?',
      'lowest "for N seconds" in lease renewal failures',
    ],
    aggregate('min', lease, secs, 's'),
  );
  b.one(
    'retry-max',
    'max',
    [
      'what is the highest retry count when connecting to the server?',
      'Max "Already tried N time(s)"?',
      'most connection attempts already tried?',
      'highest already-tried count in the connect retries',
    ],
    aggregate('max', retry, (r) => Number(r.f.tried)),
  );
  b.one(
    'top-progress',
    'topk',
    [
      'which task attempt reported progress the most?',
      'Which attempt has the most progress lines?',
      'attempt with the most progress reports?',
      'top TaskAttempt by progress updates',
    ],
    topOf(progress, (r) => r.f.attempt),
  );
  b.one(
    'top-resolved',
    'topk',
    [
      'which host was resolved to /default-rack most often?',
      'Which host has the most "Resolved ... to /default-rack"?',
      'most frequently resolved host?',
      'top host in the rack resolver lines',
    ],
    topOf(resolved, (r) => r.f.host),
  );
  b.one(
    'top-proxy',
    'topk',
    ['which host:port did it open a proxy to most often?', 'Which address has the most "Opening proxy" lines?', 'top NM proxy target?', 'most opened container manager proxy'],
    topOf(
      c.recs(['E74'], (p) => ({ addr: `${p[0]}:${p[1]}` })),
      (r) => r.f.addr,
    ),
  );
  b.one(
    'top-nm',
    'topk',
    ['which NM ran the most task attempts?', 'Which node manager appears most in "using containerId ... on NM"?', 'top NM by attempts?', 'node manager with the most attempts'],
    topOf(nm, (r) => r.f.nm),
  );
  b.one(
    'first-rm-error',
    'first',
    [
      'when did the first ERROR IN CONTACTING RM happen?',
      'When did contacting the RM first fail?',
      'first RM contact error - when?',
      'time of the earliest "ERROR IN CONTACTING RM"',
    ],
    timeOf('first', rmErr),
  );
  b.one(
    'last-rm-error',
    'last',
    ['when was the last ERROR IN CONTACTING RM?', 'When did contacting the RM last fail?', 'most recent RM contact error?', 'time of the last "ERROR IN CONTACTING RM"'],
    timeOf('last', rmErr),
  );
  b.each(
    'assigned-at',
    'first',
    2,
    byAttempt(assigned),
    [
      'when was a container assigned to {attempt}?',
      'When did {attempt} get its container?',
      'time {attempt} was assigned a container?',
      'container assignment for {attempt}: when',
    ],
    attempt,
    (rs) => timeOf('first', rs),
  );
  b.each(
    'progress-last',
    'last',
    2,
    byAttempt(progress),
    [
      'when did {attempt} last report progress?',
      'When was the last progress update of {attempt}?',
      'last progress report from {attempt} - time?',
      'most recent progress of {attempt}: when',
    ],
    attempt,
    (rs) => timeOf('last', rs),
  );
  b.one(
    'lease-first',
    'first',
    ['when did lease renewal first fail?', 'When was the first "Failed to renew lease"?', 'first failed lease renewal - when?', 'time lease renewals started failing'],
    timeOf('first', lease),
  );
  return b;
}

function zookeeper(c: Corpus): Builder {
  const b = new Builder('Zookeeper');
  const connReq = c.recs(['E40'], (p) => ({ ip: p[0], port: p[1] }));
  const established = c.recs(['E13'], (p) => ({ session: p[0], timeout: p[1], ip: p[2], client: `${p[2]}:${p[3]}` }));
  const expiring = c.recs(['E15'], (p) => ({ session: p[0], timeout: p[1] }));
  const notif = c.recs(['E31'], (p) => ({ ms: p[0] }));
  const channel = c.recs(['E5'], (p) => ({ sid: p[0], addr: `${p[1]}:${p[2]}` }));
  const goodbye = c.recs(['E1'], (p) => ({ ip: p[0] }));
  const accepted = c.recs(['E2'], (p) => ({ ip: p[0] }));

  const ip = (k: string) => ({ ip: k });
  b.each(
    'connreq-count',
    'count',
    3,
    groupBy(connReq, (r) => r.f.ip),
    [
      'how many quorum connection requests came from {ip}?',
      'How many "Received connection request" from /{ip}?',
      'number of quorum connection requests from {ip}',
      'count "Received connection request" lines from {ip}',
    ],
    ip,
    (rs) => countOf(rs),
  );
  b.each(
    'channel-count',
    'count',
    2,
    groupBy(channel, (r) => r.f.sid),
    [
      'how many times could it not open a channel to server {sid}?',
      'How many "Cannot open channel" warnings for server {sid}?',
      'number of failed channel opens to server {sid}',
      'count "Cannot open channel to {sid} at election address" warnings',
    ],
    (k) => ({ sid: k }),
    (rs) => countOf(rs),
  );
  b.each(
    'accepted-count',
    'count',
    2,
    groupBy(accepted, (r) => r.f.ip),
    [
      'how many socket connections were accepted from {ip}?',
      'How many "Accepted socket connection" from /{ip}?',
      'number of accepted client connections from {ip}',
      'count accepted sockets from {ip}',
    ],
    ip,
    (rs) => countOf(rs),
  );
  const bySession = (rs: Rec[]) => groupBy(rs, (r) => r.f.session);
  b.each(
    'session-timeout',
    'lookup',
    2,
    bySession(established),
    [
      'what timeout was negotiated for session {session}?',
      'Negotiated timeout of session {session}?',
      'session {session}: what timeout did it get?',
      'which timeout was negotiated for {session}',
    ],
    (k) => ({ session: k }),
    (rs) => lookupOf(rs, (r) => r.f.timeout, 'number', 'ms'),
  );
  b.each(
    'session-client',
    'lookup',
    3,
    bySession(established),
    [
      'which client established session {session}?',
      'What client address got session {session}?',
      'session {session} belongs to which client?',
      'client ip:port for session {session}',
    ],
    (k) => ({ session: k }),
    (rs) => lookupOf(rs, (r) => r.f.client, 'span'),
  );
  const ms = (r: Rec) => Number(r.f.ms);
  b.one(
    'notif-max',
    'max',
    ['what is the highest notification timeout?', 'Max "Notification time out" value?', 'largest notification time out in ms', 'longest notification timeout logged?'],
    aggregate('max', notif, ms, 'ms'),
  );
  b.one(
    'notif-min',
    'min',
    ['what is the lowest notification timeout?', 'Min "Notification time out" value?', 'smallest notification time out in ms', 'shortest notification timeout logged?'],
    aggregate('min', notif, ms, 'ms'),
  );
  b.one(
    'notif-avg',
    'avg',
    ['what is the average notification timeout?', 'Mean "Notification time out" value?', 'avg notification time out (ms)', 'on average what was the notification timeout'],
    aggregate('avg', notif, ms, 'ms'),
  );
  b.one(
    'notif-sum',
    'sum',
    ['what is the sum of all notification timeouts?', 'Total of the "Notification time out" values?', 'sum of notification time outs in ms', 'all notification timeouts added up?'],
    aggregate('sum', notif, ms, 'ms'),
  );
  b.one(
    'top-connreq',
    'topk',
    [
      'which IP sent the most quorum connection requests?',
      'Which address has the most "Received connection request" lines?',
      'top source of quorum connection requests?',
      'who sent the most quorum connection requests',
    ],
    topOf(connReq, (r) => r.f.ip),
  );
  b.one(
    'top-session-ip',
    'topk',
    [
      'which client IP established the most sessions?',
      'Which address got the most sessions established?',
      'top client IP by established sessions?',
      'client with the most sessions',
    ],
    topOf(established, (r) => r.f.ip),
  );
  b.one(
    'top-channel',
    'topk',
    [
      'which server id could not be reached most often?',
      'Which sid has the most "Cannot open channel" warnings?',
      'top unreachable server by channel failures?',
      'most failed channel opens were to which server',
    ],
    topOf(channel, (r) => r.f.sid),
  );
  b.one(
    'top-goodbye',
    'topk',
    ['which learner IP said GOODBYE the most?', 'Which address has the most GOODBYE lines?', 'top IP by GOODBYE?', 'most GOODBYEs came from which IP'],
    topOf(goodbye, (r) => r.f.ip),
  );
  b.one(
    'top-accepted',
    'topk',
    [
      'which IP had the most socket connections accepted?',
      'Which client has the most "Accepted socket connection" lines?',
      'top client IP by accepted sockets?',
      'who connected to the server most',
    ],
    topOf(accepted, (r) => r.f.ip),
  );
  b.each(
    'session-expired',
    'first',
    3,
    bySession(expiring),
    ['when did session {session} expire?', 'When was session {session} expired?', 'time session {session} expired?', 'expiry of {session}: when'],
    (k) => ({ session: k }),
    (rs) => timeOf('first', rs),
  );
  b.one(
    'first-expire',
    'first',
    ['when did a session first expire?', 'When was the first "Expiring session"?', 'first session expiry - when?', 'time of the earliest session expiry'],
    timeOf('first', expiring),
  );
  b.one(
    'last-goodbye',
    'last',
    ['when was the last GOODBYE?', 'When did a learner last say GOODBYE?', 'most recent GOODBYE from a learner?', 'time of the last "GOODBYE"'],
    timeOf('last', goodbye),
  );
  b.one(
    'last-expire',
    'last',
    ['when did a session last expire?', 'When was the last "Expiring session"?', 'most recent session expiry?', 'time of the latest session expiry'],
    timeOf('last', expiring),
  );
  b.each(
    'ip-accepted-last',
    'last',
    2,
    groupBy(accepted, (r) => r.f.ip),
    [
      'when was the last socket connection accepted from {ip}?',
      'When did {ip} last get a socket accepted?',
      'last accepted connection from {ip} - when?',
      'time of the most recent accepted socket from {ip}',
    ],
    ip,
    (rs) => (rs.length >= 2 ? timeOf('last', rs) : undefined),
  );
  return b;
}

function openstack(c: Corpus): Builder {
  const b = new Builder('OpenStack');
  const inst = (p: string[], extra: Record<string, string> = {}) => ({ instance: p[0], ...extra });
  const spawn = c.recs(['E15'], (p) => inst(p, { s: `${p[1]}.${p[2]}` }));
  const build = c.recs(['E12'], (p) => inst(p, { s: `${p[1]}.${p[2]}` }));
  const destroy = c.recs(['E14'], (p) => inst(p, { s: `${p[1]}.${p[2]}` }));
  const dealloc = c.recs(['E13'], (p) => inst(p, { s: `${p[1]}.${p[2]}` }));
  const terminating = c.recs(['E11'], (p) => inst(p));
  const spawned = c.recs(['E9'], (p) => inst(p));
  const paused = c.recs(['E20'], (p) => inst(p));
  const req = (method: string) => (p: string[]) => ({ method, client: p[0], path: p[1].replace(/ HTTP\/1\.1$/, ''), status: p[2], len: p[3], s: `${p[4]}.${p[5]}` });
  const gets = c.recs(['E25'], req('GET'));
  const posts = c.recs(['E26'], req('POST'));
  const deletes = c.recs(['E24'], req('DELETE'));

  const byInst = (rs: Rec[]) => groupBy(rs, (r) => r.f.instance);
  const instance = (k: string) => ({ instance: k });
  const s = (r: Rec) => Number(r.f.s);
  b.each(
    'spawn-time',
    'lookup',
    2,
    byInst(spawn),
    [
      'how long did instance {instance} take to spawn?',
      'Spawn time on the hypervisor for {instance}?',
      'how many seconds to spawn {instance}?',
      '{instance}: time to spawn on the hypervisor',
    ],
    instance,
    (rs) => lookupOf(rs, (r) => r.f.s, 'number', 's'),
  );
  b.each(
    'build-time',
    'lookup',
    2,
    byInst(build),
    ['how long did it take to build instance {instance}?', 'Build time of {instance}?', 'seconds taken to build {instance}?', '{instance} took how long to build'],
    instance,
    (rs) => lookupOf(rs, (r) => r.f.s, 'number', 's'),
  );
  b.each(
    'destroy-time',
    'lookup',
    1,
    byInst(destroy),
    ['how long did destroying {instance} on the hypervisor take?', 'Destroy time of {instance}?', 'seconds to destroy {instance}?', '{instance} took how long to destroy'],
    instance,
    (rs) => lookupOf(rs, (r) => r.f.s, 'number', 's'),
  );
  b.each(
    'dealloc-time',
    'lookup',
    1,
    byInst(dealloc),
    [
      'how long did it take to deallocate the network for {instance}?',
      'Network deallocation time of {instance}?',
      'seconds to deallocate network for {instance}?',
      '{instance}: network deallocation took how long',
    ],
    instance,
    (rs) => lookupOf(rs, (r) => r.f.s, 'number', 's'),
  );
  b.one(
    'get-404',
    'count',
    ['how many GET requests returned 404?', 'How many 404s did the API return for GETs?', 'number of GET requests with status 404', 'count of 404 GETs'],
    countOf(gets.filter((r) => r.f.status === '404')),
  );
  b.one('deletes', 'count', ['how many DELETE requests were made?', 'How many DELETE calls hit the API?', 'number of DELETE requests', 'count DELETE requests'], countOf(deletes));
  b.one('paused', 'count', ['how many times was a VM paused?', 'How many "VM Paused" lifecycle events?', 'number of VM paused events', 'count of paused VMs'], countOf(paused));
  b.each(
    'instance-paused',
    'count',
    2,
    byInst(paused),
    [
      'how many times was {instance} paused?',
      'How many "VM Paused" events for {instance}?',
      'number of pauses for instance {instance}',
      'count paused lifecycle events of {instance}',
    ],
    instance,
    (rs) => countOf(rs),
  );
  b.one(
    'spawn-max',
    'max',
    ['what is the longest time an instance took to spawn?', 'Max spawn time on the hypervisor?', 'slowest instance spawn in seconds', 'longest "seconds to spawn the instance"?'],
    aggregate('max', spawn, s, 's'),
  );
  b.one(
    'spawn-min',
    'min',
    ['what is the shortest spawn time of an instance?', 'Min seconds to spawn an instance on the hypervisor?', 'fastest instance spawn?', 'quickest spawn time'],
    aggregate('min', spawn, s, 's'),
  );
  b.one(
    'spawn-avg',
    'avg',
    [
      'what is the average spawn time of an instance?',
      'Mean seconds to spawn an instance on the hypervisor?',
      'avg instance spawn time',
      'on average how long did spawning an instance take',
    ],
    aggregate('avg', spawn, s, 's'),
  );
  b.one(
    'build-max',
    'max',
    ['what is the longest instance build time?', 'Max seconds to build an instance?', 'slowest instance build', 'longest "seconds to build instance"?'],
    aggregate('max', build, s, 's'),
  );
  b.one(
    'build-avg',
    'avg',
    ['what is the average instance build time?', 'Mean seconds to build an instance?', 'avg build time of instances', 'on average how long did building an instance take'],
    aggregate('avg', build, s, 's'),
  );
  b.one(
    'destroy-sum',
    'sum',
    [
      'how much time was spent destroying instances on the hypervisor in total?',
      'Total seconds to destroy instances?',
      'sum of destroy times on the hypervisor',
      'total time spent destroying instances',
    ],
    aggregate('sum', destroy, s, 's'),
  );
  b.one(
    'post-time-max',
    'max',
    ['what is the slowest POST request time?', 'Max response time of a POST?', 'longest POST request in seconds', 'slowest POST to the API?'],
    aggregate('max', posts, s, 's'),
  );
  b.one(
    'delete-time-avg',
    'avg',
    ['what is the average time of a DELETE request?', 'Mean response time of DELETE calls?', 'avg DELETE request time in seconds', 'on average how long did DELETEs take'],
    aggregate('avg', deletes, s, 's'),
  );
  b.one(
    'post-len-sum',
    'sum',
    [
      'what is the total len of all POST responses?',
      'Total bytes (len) returned by POST requests?',
      'sum of response lengths for POSTs',
      'how many bytes did POST responses return in total',
    ],
    aggregate('sum', posts, (r) => Number(r.f.len), 'B'),
  );
  b.one(
    'get-time-min',
    'min',
    ['what is the fastest GET request time?', 'Min response time of a GET?', 'quickest GET request in seconds', 'shortest GET time?'],
    aggregate('min', gets, s, 's'),
  );
  b.one(
    'top-status',
    'topk',
    ['which status code did GET requests return most?', 'Most common status for GETs?', 'top GET response status?', 'what status code was returned most for GET requests'],
    topOf(gets, (r) => r.f.status),
  );
  b.one(
    'top-paused',
    'topk',
    ['which instance was paused the most?', 'Which instance has the most "VM Paused" events?', 'most paused VM?', 'top instance by pauses'],
    topOf(paused, (r) => r.f.instance),
  );
  b.one(
    'top-resumed',
    'topk',
    ['which instance was resumed the most?', 'Which instance has the most "VM Resumed" events?', 'most resumed VM?', 'top instance by resumes'],
    topOf(
      c.recs(['E21'], (p) => inst(p)),
      (r) => r.f.instance,
    ),
  );
  b.one(
    'get-len-avg',
    'avg',
    ['what is the average len of GET responses?', 'Mean response length of GET requests?', 'avg bytes (len) returned by GETs', 'on average how big was a GET response'],
    aggregate('avg', gets, (r) => Number(r.f.len), 'B'),
  );
  b.one(
    'get-time-sum',
    'sum',
    ['what is the total time spent serving GET requests?', 'Total seconds of all GET request times?', 'sum of GET response times', 'all GET request times added up (seconds)'],
    aggregate('sum', gets, s, 's'),
  );
  b.each(
    'terminated-at',
    'first',
    2,
    byInst(terminating),
    ['when did termination of {instance} begin?', 'When did {instance} start terminating?', 'time {instance} began terminating?', '"Terminating instance" for {instance}: when'],
    instance,
    (rs) => timeOf('first', rs),
  );
  b.each(
    'spawned-at',
    'first',
    2,
    byInst(spawned),
    ['when did {instance} spawn successfully?', 'When was instance {instance} spawned?', 'time {instance} spawned?', 'spawned successfully: {instance} at what time'],
    instance,
    (rs) => timeOf('first', rs),
  );
  b.each(
    'paused-last',
    'last',
    2,
    byInst(paused),
    ['when was {instance} last paused?', 'When was the last "VM Paused" of {instance}?', 'last pause of {instance}?', 'most recent pause of instance {instance} - when'],
    instance,
    (rs) => timeOf('last', rs),
  );
  b.one(
    'last-delete',
    'last',
    ['when was the last DELETE request?', 'When did the last DELETE hit the API?', 'time of the most recent DELETE?', 'last DELETE call - when'],
    timeOf('last', deletes),
  );
  b.one(
    'first-404',
    'first',
    ['when did the first GET 404 happen?', 'When did a GET first return 404?', 'time of the first 404 on a GET?', 'first 404 response to a GET - when'],
    timeOf(
      'first',
      gets.filter((r) => r.f.status === '404'),
    ),
  );
  return b;
}

function linux(c: Corpus): Builder {
  const b = new Builder('Linux');
  // Every "authentication failure ... rhost=X [user=Y]" template: with or without a user.
  const authEvents = [...new Set(c.lines.filter((l) => /^authentication failure; .*rhost=<\*>/.test(l.template)).map((l) => l.event))];
  const authFailAll = c.recs(authEvents, (p, l) => ({ rhost: p[slotOf(l.template, 'rhost=<*>')] }));
  // klogind's "Authentication failed from X" is another kind of failure: hosts it names are left out.
  const klog = new Set(c.lines.filter((l) => /^Authentication failed from /.test(l.template)).map((l) => align(l.content, l.template)?.[0]));
  const authFail = authFailAll.filter((r) => !klog.has(r.f.rhost));
  const conn = c.recs(['E29'], (p) => ({ ip: p[0], host: p[1] }));
  const opened = c.recs(['E102'], (p) => ({ user: p[0] }));
  const closed = c.recs(['E101'], (p) => ({ user: p[0] }));
  const cupsStop = c.recs(['E37'], () => ({}));
  const cupsStart = c.recs(['E38'], () => ({}));

  const ip = (k: string) => ({ ip: k });
  b.each(
    'auth-count',
    'count',
    3,
    groupBy(authFail, (r) => r.f.rhost),
    [
      'how many authentication failures came from {rhost}?',
      'How many sshd auth failures with rhost={rhost}?',
      'number of authentication failures from {rhost}',
      'count auth failures from {rhost}',
    ],
    (k) => ({ rhost: k }),
    (rs) => (rs.length >= 2 ? countOf(rs) : undefined),
  );
  b.each(
    'conn-count',
    'count',
    3,
    groupBy(conn, (r) => r.f.ip),
    ['how many ftp connections came from {ip}?', 'How many times did {ip} connect?', 'number of "connection from {ip}" lines', 'count connections from {ip}'],
    ip,
    (rs) => (rs.length >= 2 ? countOf(rs) : undefined),
  );
  b.each(
    'hostname',
    'lookup',
    2,
    groupBy(conn, (r) => (r.f.host ? r.f.ip : undefined)),
    ['what hostname does {ip} have?', 'Which host name was logged for {ip}?', 'reverse name of {ip} in the ftp connections?', 'hostname behind {ip}'],
    ip,
    (rs) => lookupOf(rs, (r) => r.f.host, 'span'),
  );
  b.each(
    'sessions-opened',
    'count',
    2,
    groupBy(opened, (r) => r.f.user),
    ['how many sessions were opened for user {user}?', 'How many su sessions opened for {user}?', 'number of "session opened for user {user}"', 'count sessions opened for {user}'],
    (k) => ({ user: k }),
    (rs) => countOf(rs),
  );
  b.one(
    'top-rhost',
    'topk',
    [
      'which rhost had the most authentication failures?',
      'Which remote host failed authentication the most?',
      'top rhost by auth failures?',
      'who failed sshd authentication most often',
    ],
    topOf(authFail, (r) => r.f.rhost),
  );
  b.one(
    'top-conn',
    'topk',
    ['which IP connected the most?', 'Which address has the most "connection from" lines?', 'top connecting IP?', 'most frequent ftp client IP'],
    topOf(conn, (r) => r.f.ip),
  );
  b.one(
    'top-session-user',
    'topk',
    ['which user had the most sessions opened?', 'Which user opened the most su sessions?', 'top user by sessions opened?', 'user with the most sessions opened'],
    topOf(opened, (r) => r.f.user),
  );
  b.one(
    'top-closed-user',
    'topk',
    ['which user had the most sessions closed?', 'Which user has the most "session closed" lines?', 'top user by sessions closed?', 'user whose sessions closed most often'],
    topOf(closed, (r) => r.f.user),
  );
  b.each(
    'conn-first',
    'first',
    3,
    groupBy(conn, (r) => r.f.ip),
    ['when did {ip} first connect?', 'When was the first connection from {ip}?', 'first connection from {ip} - when?', 'time of the earliest connection from {ip}'],
    ip,
    (rs) => timeOf('first', rs),
  );
  b.each(
    'auth-last',
    'last',
    3,
    groupBy(authFail, (r) => r.f.rhost),
    [
      'when was the last authentication failure from {rhost}?',
      'When did {rhost} last fail authentication?',
      'most recent auth failure from {rhost}?',
      'last auth failure for rhost {rhost} - when',
    ],
    (k) => ({ rhost: k }),
    (rs) => (rs.length >= 2 ? timeOf('last', rs) : undefined),
  );
  b.one(
    'cups-last-stop',
    'last',
    ['when did cupsd last shut down?', 'When was the last "cupsd shutdown succeeded"?', 'most recent cupsd shutdown?', 'last cups shutdown time'],
    timeOf('last', cupsStop),
  );
  b.one(
    'cups-first-start',
    'first',
    ['when did cupsd first start up?', 'When was the first "cupsd startup succeeded"?', 'first cupsd startup - when?', 'earliest cups startup time'],
    timeOf('first', cupsStart),
  );
  b.each(
    'session-closed-last',
    'last',
    1,
    groupBy(closed, (r) => r.f.user),
    ['when was the last session closed for {user}?', 'When did a session for {user} last close?', 'last "session closed for user {user}"?', 'most recent session close for {user}'],
    (k) => ({ user: k }),
    (rs) => timeOf('last', rs),
  );
  return b;
}

function apache(c: Corpus): Builder {
  const b = new Builder('Apache');
  const forbidden = c.recs(['E4'], (p) => ({ ip: p[0], path: p[1] }));
  const child = c.recs(['E1'], (p) => ({ child: p[0], slot: p[1] }));
  const errState = c.recs(['E3'], (p) => ({ state: p[0] }));
  const childInit = c.recs(['E6'], () => ({}));
  const cantFind = c.recs(['E5'], (p) => ({ child: p[0] }));

  b.each(
    'child-slot',
    'lookup',
    2,
    groupBy(child, (r) => r.f.child),
    [
      'which scoreboard slot was child {child} found in?',
      'What slot does child {child} have in the scoreboard?',
      'scoreboard slot of child {child}?',
      'child {child}: which scoreboard slot',
    ],
    (k) => ({ child: k }),
    (rs) => lookupOf(rs, (r) => r.f.slot, 'number'),
  );
  b.one(
    'forbidden',
    'count',
    [
      'how many "Directory index forbidden by rule" errors were there?',
      'How many directory index forbidden errors?',
      'number of directory index forbidden lines',
      'count forbidden directory index requests',
    ],
    countOf(forbidden),
  );
  b.one(
    'cant-find',
    'count',
    [
      'how many times could jk2_init not find a child in the scoreboard?',
      'How many "Can\'t find child" errors?',
      'number of children missing from the scoreboard',
      "count jk2_init() can't find child",
    ],
    countOf(cantFind),
  );
  b.one(
    'state-max',
    'max',
    ['what is the highest workerEnv error state?', 'Max "workerEnv in error state" value?', 'largest error state of mod_jk workerEnv', 'highest mod_jk error state?'],
    aggregate('max', errState, (r) => Number(r.f.state)),
  );
  b.one(
    'state-min',
    'min',
    ['what is the lowest workerEnv error state?', 'Min "workerEnv in error state" value?', 'smallest error state of mod_jk workerEnv', 'lowest mod_jk error state?'],
    aggregate('min', errState, (r) => Number(r.f.state)),
  );
  b.one(
    'state-avg',
    'avg',
    ['what is the average workerEnv error state?', 'Mean "workerEnv in error state" value?', 'avg mod_jk workerEnv error state', 'on average what error state was workerEnv in'],
    aggregate('avg', errState, (r) => Number(r.f.state)),
  );
  b.one(
    'top-slot',
    'topk',
    ['which scoreboard slot was used most?', 'Which slot has the most "Found child" lines?', 'most common scoreboard slot?', 'top scoreboard slot'],
    topOf(child, (r) => r.f.slot),
  );
  b.one(
    'top-state',
    'topk',
    ['which workerEnv error state shows up most?', 'Most common "workerEnv in error state" value?', 'top mod_jk error state?', 'which error state was workerEnv in most often'],
    topOf(errState, (r) => r.f.state),
  );
  b.one(
    'first-forbidden',
    'first',
    [
      'when was the first "Directory index forbidden by rule"?',
      'When did a directory index first get forbidden?',
      'first forbidden directory index - when?',
      'earliest directory index forbidden error',
    ],
    timeOf('first', forbidden),
  );
  b.one(
    'last-forbidden',
    'last',
    [
      'when was the last "Directory index forbidden by rule"?',
      'When did a directory index last get forbidden?',
      'most recent forbidden directory index?',
      'latest directory index forbidden error',
    ],
    timeOf('last', forbidden),
  );
  b.one(
    'last-child-init',
    'last',
    ['when was mod_jk child init last logged?', 'When was the last "mod_jk child init" line?', 'most recent mod_jk child init?', 'last mod_jk child init - when'],
    timeOf('last', childInit),
  );
  b.each(
    'forbidden-ip',
    'first',
    1,
    groupBy(forbidden, (r) => r.f.ip),
    [
      'when was {ip} refused a directory index?',
      'When did client {ip} hit "Directory index forbidden"?',
      'time {ip} got directory index forbidden?',
      'directory index forbidden for {ip}: when',
    ],
    (k) => ({ ip: k }),
    (rs) => timeOf('first', rs),
  );
  return b;
}

function proxifier(c: Corpus): Builder {
  const b = new Builder('Proxifier');
  const opened = c.recs(['E2', 'E1'], (p, l) => ({ target: `${p[0]}:${p[1]}`, program: l.h.Program }));
  const closed = c.recs(['E8'], (p, l) => {
    // "close, 1190 bytes (1.16 KB) sent, 276 bytes received, lifetime 00:27": the template splits
    // the optional "(x KB)" into its slots; the byte counts are the numbers before "bytes".
    const m = /^(\S+) close, (\d+) bytes(?: \([^)]*\))? sent, (\d+) bytes(?: \([^)]*\))? received, lifetime (.+)$/.exec(l.content);
    return m ? { target: m[1], sent: m[2], recv: m[3], program: l.h.Program } : null;
  });
  const errorEvents = [...new Set(c.lines.filter((l) => /^<\*>:<\*> error : /.test(l.template)).map((l) => l.event))];
  const errors = c.recs(errorEvents, (p, l) => ({ target: `${p[0]}:${p[1]}`, program: l.h.Program }));

  const byTarget = (rs: Rec[]) => groupBy(rs, (r) => r.f.target);
  const target = (k: string) => ({ target: k });
  b.each(
    'open-count',
    'count',
    2,
    byTarget(opened),
    [
      'how many connections to {target} were opened through the proxy?',
      'How many times was {target} opened through the proxy?',
      'number of proxy opens for {target}',
      'count "open through proxy" for {target}',
    ],
    target,
    (rs) => (rs.length >= 2 ? countOf(rs) : undefined),
  );
  b.each(
    'sent-sum',
    'sum',
    3,
    byTarget(closed),
    [
      'how many bytes were sent to {target} in total?',
      'Total bytes sent to {target}?',
      'sum of bytes sent on closed connections to {target}',
      'bytes sent to {target}, all connections together',
    ],
    target,
    (rs) => aggregate('sum', rs, (r) => Number(r.f.sent), 'B'),
  );
  b.each(
    'recv-max',
    'max',
    2,
    byTarget(closed),
    [
      'what is the most bytes received in one connection from {target}?',
      'Max bytes received from {target}?',
      'largest download from {target} in bytes',
      'biggest received byte count for {target}',
    ],
    target,
    (rs) => aggregate('max', rs, (r) => Number(r.f.recv), 'B'),
  );
  b.each(
    'recv-min',
    'min',
    2,
    byTarget(closed),
    [
      'what is the fewest bytes received in a connection from {target}?',
      'Min bytes received from {target}?',
      'smallest received byte count for {target}',
      'least bytes received from {target}',
    ],
    target,
    (rs) => aggregate('min', rs, (r) => Number(r.f.recv), 'B'),
  );
  b.each(
    'sent-avg',
    'avg',
    2,
    byTarget(closed),
    [
      'what is the average bytes sent per connection to {target}?',
      'Mean bytes sent to {target}?',
      'avg bytes sent on connections to {target}',
      'on average how many bytes were sent to {target}',
    ],
    target,
    (rs) => aggregate('avg', rs, (r) => Number(r.f.sent), 'B'),
  );
  b.one(
    'top-error-program',
    'topk',
    [
      'which program had the most proxy errors?',
      'Which program logged the most connection errors?',
      'top program by proxy errors?',
      'program with the most errors through the proxy',
    ],
    topOf(errors, (r) => r.f.program),
  );
  b.one(
    'top-target',
    'topk',
    [
      'which host was opened through the proxy the most?',
      'Which target has the most "open through proxy" lines?',
      'most proxied destination?',
      'top target host:port through the proxy',
    ],
    topOf(opened, (r) => r.f.target),
  );
  b.one(
    'top-open-program',
    'topk',
    [
      'which program opened the most connections through the proxy?',
      'Which program has the most "open through proxy" lines?',
      'top program by proxied connections?',
      'program that used the proxy most',
    ],
    topOf(opened, (r) => r.f.program),
  );
  b.one(
    'top-recv-target',
    'topk',
    [
      'which target received the most bytes in total?',
      'Which host:port downloaded the most bytes through the proxy?',
      'top target by bytes received?',
      'biggest download destination through the proxy',
    ],
    topOf(
      closed,
      (r) => r.f.target,
      (r) => Number(r.f.recv),
    ),
  );
  b.one(
    'recv-sum',
    'sum',
    [
      'how many bytes were received through the proxy in total?',
      'Total bytes received over all closed connections?',
      'sum of bytes received through the proxy',
      'all received bytes added up',
    ],
    aggregate('sum', closed, (r) => Number(r.f.recv), 'B'),
  );
  b.one(
    'sent-avg-all',
    'avg',
    [
      'what is the average bytes sent per proxied connection?',
      'Mean bytes sent per closed connection?',
      'avg bytes sent through the proxy per connection',
      'on average how many bytes did a connection send',
    ],
    aggregate('avg', closed, (r) => Number(r.f.sent), 'B'),
  );
  b.one(
    'first-error',
    'first',
    ['when did the first proxy connection error happen?', 'When was the first "error :" line?', 'first proxy error - when?', 'earliest connection error through the proxy'],
    timeOf('first', errors),
  );
  b.one(
    'last-error',
    'last',
    ['when did the last proxy connection error happen?', 'When was the most recent proxy error?', 'last proxy error - when?', 'latest connection error through the proxy'],
    timeOf('last', errors),
  );
  return b;
}

function thunderbird(c: Corpus): Builder {
  const b = new Builder('Thunderbird');
  const ntp = c.recs(['E125'], (p) => ({ server: p[0], stratum: p[1] }));
  // LogHub anonymised some servers to "#3#"-style tokens: not something anyone would ask about.
  const named = (k: string) => (k.includes('#') ? undefined : k);
  const dhcp = c.recs(['E37'], (p) => ({ mac: p[0] }));
  b.each(
    'ntp-count',
    'count',
    2,
    groupBy(ntp, (r) => named(r.f.server)),
    ['how many times did ntpd synchronize to {server}?', 'How many "synchronized to {server}" lines?', 'number of ntp syncs to {server}', 'count syncs to {server}'],
    (k) => ({ server: k }),
    (rs) => countOf(rs),
  );
  b.one(
    'top-ntp',
    'topk',
    ['which server did ntpd synchronize to most?', 'Which NTP server has the most "synchronized to" lines?', 'top ntp sync server?', 'most used NTP server'],
    topOf(ntp, (r) => r.f.server),
  );
  b.one(
    'dhcp-count',
    'count',
    [
      'how many DHCPDISCOVER requests got no free leases?',
      'How many "no free leases" DHCPDISCOVERs?',
      'number of DHCPDISCOVER with no free leases',
      'count of DHCP discovers that found no free lease',
    ],
    countOf(dhcp),
  );
  return b;
}

const BUILDERS: Record<(typeof SYSTEMS)[number], (c: Corpus) => Builder> = {
  HDFS: hdfs,
  OpenSSH: openssh,
  Spark: spark,
  BGL: bgl,
  Hadoop: hadoop,
  Zookeeper: zookeeper,
  OpenStack: openstack,
  Linux: linux,
  Apache: apache,
  Proxifier: proxifier,
  Thunderbird: thunderbird,
};

// ---------------------------------------------------------------------------------------------
// Demo incident: the scenario's generated lines are the ground truth

/** The wall clock of a demo line (all written in UTC), or undefined for a stack-trace frame. */
function demoClock(service: Service, line: string): Clock | undefined {
  let m: RegExpExecArray | null;
  if (service === 'frontend') {
    m = /\[(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) \+0000\]/.exec(line);
    return m ? clock(+m[3], MONTHS[m[2]], +m[1], +m[4], +m[5], +m[6]) : undefined;
  }
  if (service === 'checkout') {
    if (!line.startsWith('{')) return undefined;
    const ts = String((JSON.parse(line) as { ts: string }).ts);
    m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/.exec(ts);
  } else {
    m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})[.,](\d{3})/.exec(line);
  }
  return m ? clock(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], +m[7]) : undefined;
}

function demoCandidates(): Family[] {
  const logs = generateScenario();
  const lines = {} as Record<Service, Line[]>;
  for (const s of SERVICES) lines[s] = logs[s].map((raw, i) => ({ n: i + 1, raw, content: raw, event: '', template: '', h: {}, clock: demoClock(s, raw) }));
  /** Lines of a service matching `re`; named groups become fields. */
  const recs = (s: Service, re: RegExp): Rec[] =>
    lines[s].flatMap((l) => {
      const m = re.exec(l.raw);
      return m ? [{ line: l, f: { ...(m.groups ?? {}) } }] : [];
    });
  const families: Family[] = [];
  const add = (
    name: string,
    kind: Kind,
    file: Service,
    say: string[],
    computed: Computed | undefined,
    vars: Record<string, string> = {},
    window?: { start: string; end: string },
  ) => {
    // The demo's services share words ("checkout" is a frontend path, a service and a 502 source):
    // naming the service in every phrasing is what keeps one right answer.
    const unnamed = say.find((q) => !q.toLowerCase().includes(file));
    if (unnamed) throw new Error(`demo/${name}: "${unnamed}" does not name the ${file} service`);
    // An ambiguous answer (a tie in this seed's data) drops the question; the generator reports it.
    const candidates: Candidate[] = computed ? [{ family: `demo/${name}`, kind, dataset: 'demo', file, say, vars, computed, ...(window ? { window } : {}) }] : [];
    families.push({ name: `demo/${name}`, cap: 1, candidates });
  };

  const checkout502 = recs('frontend', /^(?<ip>\S+) .*"POST \/api\/checkout HTTP\/1\.1" 502 (?<bytes>\d+) .* rt=(?<rt>[\d.]+)$/);
  const notFound = recs('frontend', /^\S+ .*" 404 \d+ /);
  const products = recs('frontend', /"GET (?<path>\/products\/\d+) HTTP\/1\.1" /);
  const authFailed = recs('checkout', /"msg":"payment authorization failed"/);
  const placed = recs('checkout', /"msg":"order placed","order_id":"(?<order>ord-[0-9a-f]+)","amount":(?<amount>[\d.]+)/);
  const email = recs('checkout', /"msg":"failed to send order confirmation email","error":"(?<error>[^"]+)"/);
  const authorized = recs('payment', /authorized pay-[0-9a-f]+ amount=[\d.]+ in (?<ms>\d+)ms$/);
  const payFailed = recs('payment', / ERROR .*authorization failed for pay-/);
  const pool = recs('payment', /Pool stats \(total=\d+, active=\d+, idle=\d+, waiting=(?<waiting>\d+)\)/);
  const tooMany = recs('payment-db', /FATAL: {2}sorry, too many clients already/);
  const shareLock = recs('payment-db', /still waiting for ShareLock on transaction (?<tx>\d+) after/);
  const reconcile = recs('payment-db', /\[(?<pid>\d+)\] LOG: {2}connection authorized: user=reconcile database=\S+ application_name=(?<app>\S+)/);
  const supplier = recs('inventory', /ERROR inventory\.supplier: supplier feed refresh failed/);

  add(
    '502-count',
    'count',
    'frontend',
    [
      'how many checkout requests returned 502 on the frontend?',
      'How many 502s did the frontend return for POST /api/checkout?',
      'count of 502 responses on /api/checkout in frontend',
      'number of failed checkout POSTs (502) in the frontend access log',
    ],
    countOf(checkout502),
  );
  // A rare windowed question: the window is the dashboard's time range, the question repeats it in words.
  const w = { start: '2026-11-24T14:10:00Z', end: '2026-11-24T14:15:00Z' };
  const inW = checkout502.filter((r) => r.line.clock!.key >= Date.parse(w.start) && r.line.clock!.key < Date.parse(w.end));
  add(
    '502-count-window',
    'count',
    'frontend',
    [
      'how many 502s did the frontend return on /api/checkout between 14:10 and 14:15?',
      'How many frontend 502s on POST /api/checkout from 14:10 to 14:15?',
      'number of 502 checkout responses in the frontend between 14:10 and 14:15',
      'count frontend 502s on POST /api/checkout, 14:10-14:15',
    ],
    countOf(inW),
    {},
    w,
  );
  add(
    '404-count',
    'count',
    'frontend',
    ['how many 404s did the frontend serve?', 'How many requests got a 404 on the frontend?', 'number of 404 responses in the frontend log', 'count frontend 404s'],
    countOf(notFound),
  );
  add(
    'auth-failed-count',
    'count',
    'checkout',
    [
      'how many payment authorization failures did checkout log?',
      'How many times did checkout fail payment authorization?',
      'number of "payment authorization failed" errors in checkout',
      'count checkout payment authorization failures',
    ],
    countOf(authFailed),
  );
  add(
    'too-many-count',
    'count',
    'payment-db',
    [
      'how many "too many clients" errors did payment-db log?',
      'How many times did payment-db refuse with too many clients?',
      'number of "sorry, too many clients already" in payment-db',
      'count too many clients errors on payment-db',
    ],
    countOf(tooMany),
  );
  add(
    'supplier-count',
    'count',
    'inventory',
    [
      'how many times did the supplier feed refresh fail in inventory?',
      'How many supplier feed refresh failures did inventory log?',
      'number of "supplier feed refresh failed" errors in inventory',
      'count inventory supplier feed failures',
    ],
    countOf(supplier),
  );
  const amount = (r: Rec) => Number(r.f.amount);
  const sumAmounts = aggregate('sum', placed, amount);
  if (sumAmounts && sumAmounts.answer.type === 'number') sumAmounts.answer.value = Math.round(sumAmounts.answer.value * 100) / 100;
  add(
    'order-sum',
    'sum',
    'checkout',
    [
      'what is the total amount of all orders placed in checkout?',
      'Total order amount placed in checkout?',
      'sum of amounts of placed orders in checkout',
      'how much did all orders placed in checkout add up to',
    ],
    sumAmounts,
  );
  add(
    'order-max',
    'max',
    'checkout',
    ['what is the largest order amount placed in checkout?', 'Biggest order placed in checkout?', 'max amount of an order placed in checkout', 'highest order amount in checkout'],
    aggregate('max', placed, amount),
  );
  add(
    'order-min',
    'min',
    'checkout',
    ['what is the smallest order amount placed in checkout?', 'Smallest order placed in checkout?', 'min amount of an order placed in checkout', 'lowest order amount in checkout'],
    aggregate('min', placed, amount),
  );
  add(
    'order-avg',
    'avg',
    'checkout',
    [
      'what is the average order amount placed in checkout?',
      'Mean amount of placed orders in checkout?',
      'avg order amount in checkout',
      'on average how much was an order in checkout',
    ],
    aggregate('avg', placed, amount),
  );
  const ms = (r: Rec) => Number(r.f.ms);
  add(
    'auth-ms-max',
    'max',
    'payment',
    [
      'what was the slowest successful authorization in payment (ms)?',
      'Max authorization time in payment?',
      'longest "authorized ... in Nms" in payment',
      'slowest payment authorization that succeeded in the payment service',
    ],
    aggregate('max', authorized, ms, 'ms'),
  );
  add(
    'auth-ms-min',
    'min',
    'payment',
    [
      'what was the fastest successful authorization in payment (ms)?',
      'Min authorization time in payment?',
      'quickest successful authorization in payment',
      'shortest "authorized ... in Nms" in payment',
    ],
    aggregate('min', authorized, ms, 'ms'),
  );
  add(
    'auth-ms-avg',
    'avg',
    'payment',
    [
      'what was the average successful authorization time in payment?',
      'Mean ms to authorize a payment in the payment service?',
      'avg authorization latency in payment',
      'on average how long did successful authorizations take in payment',
    ],
    aggregate('avg', authorized, ms, 'ms'),
  );
  add(
    'auth-ms-sum',
    'sum',
    'payment',
    [
      'how much time did successful authorizations in payment take in total?',
      'Total ms the payment service spent on successful authorizations?',
      'sum of successful authorization times in payment',
      'total authorization time in payment (ms)',
    ],
    aggregate('sum', authorized, ms, 'ms'),
  );
  add(
    'pool-waiting-max',
    'max',
    'payment',
    [
      "what was the highest number of threads waiting in payment's HikariPool?",
      'Max waiting in the payment HikariPool-1 pool stats?',
      'peak waiting count in HikariPool-1 on payment',
      'highest waiting= in the payment pool stats',
    ],
    aggregate('max', pool, (r) => Number(r.f.waiting)),
  );
  add(
    '502-rt-avg',
    'avg',
    'frontend',
    [
      'what was the average response time of the checkout requests the frontend answered with 502?',
      'Mean rt of POST /api/checkout that returned 502 on the frontend?',
      'avg response time of failed checkout requests on the frontend (s)',
      'on average how long did the frontend take on checkout requests that got 502',
    ],
    aggregate('avg', checkout502, (r) => Number(r.f.rt), 's'),
  );
  add(
    'top-product',
    'topk',
    'frontend',
    [
      'which product page was requested the most on the frontend?',
      'Most requested /products/ page on the frontend?',
      'top product page by requests in the frontend log',
      'which /products/ URL got the most GETs on the frontend',
    ],
    topOf(products, (r) => r.f.path),
  );
  add(
    'top-502-ip',
    'topk',
    'frontend',
    [
      'which client IP got the most 502s on checkout from the frontend?',
      'Which address received the most checkout 502s on the frontend?',
      'top client by 502 on /api/checkout in the frontend log',
      'who got the most 502 errors from the frontend',
    ],
    topOf(checkout502, (r) => r.f.ip),
  );
  const agents = recs('frontend', /" \d{3} \d+ "-" "(?<agent>[^"]+)" rt=/);
  add(
    'top-agent',
    'topk',
    'frontend',
    [
      'which user agent made the most requests to the frontend?',
      'Most common user agent in the frontend access log?',
      'top user agent by requests on the frontend',
      'what client software sent the most requests to the frontend',
    ],
    topOf(agents, (r) => r.f.agent),
  );
  add(
    'first-502',
    'first',
    'frontend',
    [
      'when did the frontend first return a 502 for checkout?',
      'When did the first 502 on POST /api/checkout happen on the frontend?',
      'first frontend 502 on POST /api/checkout - when?',
      'time of the earliest checkout 502 on the frontend',
    ],
    timeOf('first', checkout502),
  );
  add(
    'first-too-many',
    'first',
    'payment-db',
    [
      'when did payment-db first log too many clients?',
      'When was the first "too many clients already" in payment-db?',
      'first too many clients error on payment-db - when?',
      'earliest "sorry, too many clients" time on payment-db',
    ],
    timeOf('first', tooMany),
  );
  add(
    'first-sharelock',
    'first',
    'payment-db',
    [
      'when did the first ShareLock wait happen in payment-db?',
      'When did sessions on payment-db start waiting for a ShareLock?',
      'first "still waiting for ShareLock" in payment-db - when?',
      'time of the earliest ShareLock wait on payment-db',
    ],
    timeOf('first', shareLock),
  );
  add(
    'reconcile-at',
    'first',
    'payment-db',
    [
      'when did the reconcile user connect to payment-db?',
      'When was the ledger-reconcile connection authorized on payment-db?',
      'time the reconcile job connected to the payments database on payment-db?',
      'reconcile connection authorized on payment-db at what time',
    ],
    timeOf('first', reconcile),
  );
  add(
    'last-auth-failed',
    'last',
    'checkout',
    [
      'when was the last payment authorization failure in checkout?',
      'When did checkout last fail to authorize a payment?',
      'most recent "payment authorization failed" in checkout - when?',
      'last checkout authorization failure time',
    ],
    timeOf('last', authFailed),
  );
  add(
    'last-sharelock',
    'last',
    'payment-db',
    [
      'when was the last ShareLock wait in payment-db?',
      'When did payment-db last log a session waiting for the ShareLock?',
      'time of the last "still waiting for ShareLock" in payment-db?',
      'latest ShareLock wait on payment-db - when',
    ],
    timeOf('last', shareLock),
  );
  add(
    'last-502',
    'last',
    'frontend',
    [
      'when was the last checkout 502 on the frontend?',
      'When did the frontend last return 502 for /api/checkout?',
      'most recent frontend 502 on POST /api/checkout - when?',
      'time of the latest 502 on POST /api/checkout in the frontend log',
    ],
    timeOf('last', checkout502),
  );
  add(
    'last-pay-failed',
    'last',
    'payment',
    [
      'when did payment last log "authorization failed"?',
      'When was the last authorization failure in payment?',
      'most recent authorization failure in the payment service - when?',
      'latest "authorization failed for pay-" time in payment',
    ],
    timeOf('last', payFailed),
  );
  add(
    'reconcile-app',
    'lookup',
    'payment-db',
    [
      'which application_name did the reconcile user connect to payment-db with?',
      'What application connected to payment-db as user reconcile?',
      'application_name of the reconcile session on payment-db?',
      'reconcile user on payment-db: which application',
    ],
    lookupOf(reconcile, (r) => r.f.app, 'span'),
  );
  add(
    'reconcile-pid',
    'lookup',
    'payment-db',
    [
      'what pid did the reconcile session have in payment-db?',
      'Which backend pid was the ledger-reconcile connection on payment-db?',
      'pid of the reconcile connection on payment-db?',
      'process id of the reconcile session in payment-db',
    ],
    lookupOf(reconcile, (r) => r.f.pid, 'number'),
  );
  add(
    'sharelock-tx',
    'lookup',
    'payment-db',
    [
      'which transaction were payment-db sessions waiting on for a ShareLock?',
      'What transaction id held the ShareLock everyone waited for in payment-db?',
      'ShareLock waits in payment-db were on which transaction?',
      'transaction number in the payment-db ShareLock waits',
    ],
    lookupOf(shareLock, (r) => r.f.tx, 'number'),
  );
  add(
    'email-error',
    'lookup',
    'checkout',
    [
      'what error did checkout get sending the order confirmation email?',
      'Why did checkout fail to send the order confirmation email?',
      'error of the failed confirmation email in checkout?',
      'checkout confirmation email failure: what error',
    ],
    lookupOf(email, (r) => r.f.error, 'span'),
  );
  // Two orders by amount, drawn with the seeded PRNG so the choice is stable.
  const orders = shuffled(placed, rng('demo/orders')).slice(0, 2);
  for (const o of orders) {
    add(
      `order-amount-${o.f.order}`,
      'lookup',
      'checkout',
      [
        'what amount was order {order} placed for in checkout?',
        'How much was order {order} in checkout?',
        'checkout: amount of {order}?',
        'order {order} in checkout: what amount',
      ],
      lookupOf([o], (r) => r.f.amount, 'number'),
      { order: o.f.order },
    );
  }
  return families;
}

// ---------------------------------------------------------------------------------------------
// Rendering, sampling, split

export interface Rendered extends Candidate {
  question: string;
}

/** How a question names its system when it needs to (or, sometimes, when it does not). */
const SYSTEM_FORMS: ((q: string, name: string) => string)[] = [
  (q, n) => `in ${n}, ${lcFirst(q)}`,
  (q, n) => `${n}: ${q}`,
  (q, n) => `[${n}] ${q}`,
  (q, n) => `${stripQ(q)} in the ${n} logs${qTail(q)}`,
  (q, n) => `${stripQ(q)} on ${n}${qTail(q)}`,
  (q, n) => `${stripQ(q)} (${n})${qTail(q)}`,
];
const stripQ = (q: string) => q.replace(/\?$/, '');
const lcFirst = (q: string) => q.charAt(0).toLowerCase() + q.slice(1);
const qTail = (q: string) => (q.endsWith('?') ? '?' : '');

export function render(c: Candidate, foreign: (s: string) => boolean, stream = 'render'): Rendered {
  const r = rng(`${stream}:${c.family}:${JSON.stringify(c.vars)}`);
  let tpl = c.say[Math.floor(r() * c.say.length)];
  const lower = r() < LOWERCASE_P;
  if (lower) tpl = tpl.toLowerCase();
  if (!tpl.endsWith('?') && r() < 0.5) tpl += '?';
  let q = tpl.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = c.vars[k];
    if (v === undefined) throw new Error(`${c.family}: no value for {${k}} in "${tpl}"`);
    return v;
  });
  if (c.dataset !== 'demo') {
    // Without a system named, an entity-free question, or one whose entity also appears in another
    // system's log, would have more than one right answer across the 16 logs.
    const vals = Object.values(c.vars);
    const needs = vals.length === 0 || vals.some(foreign);
    if (needs || r() < SYSTEM_MENTION_P) {
      const form = SYSTEM_FORMS[Math.floor(r() * SYSTEM_FORMS.length)];
      q = form(q, lower ? c.dataset.toLowerCase() : c.dataset);
    }
  }
  if (q.endsWith('?') && r() < NO_QMARK_P) q = q.slice(0, -1);
  return { ...c, question: q };
}

function splitOf(rows: Omit<QaRow, 'split'>[]): QaRow[] {
  // Stratified: within each kind, order by a seeded hash of the id and send the first half to dev.
  const out: QaRow[] = [];
  for (const kind of KINDS) {
    const ofKind = rows.filter((r) => r.kind === kind).sort((a, b) => fnv1a(`${SEED}:split:${a.id}`) - fnv1a(`${SEED}:split:${b.id}`) || a.id.localeCompare(b.id));
    const dev = Math.floor(ofKind.length / 2);
    ofKind.forEach((r, i) => out.push(withSplit(r, i < dev ? 'dev' : 'test')));
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** Fixed key order, so the JSONL is stable and readable. */
export function withSplit(r: Omit<QaRow, 'split'>, split: 'dev' | 'test'): QaRow {
  return {
    id: r.id,
    split,
    kind: r.kind,
    dataset: r.dataset,
    ...(r.file ? { file: r.file } : {}),
    question: r.question,
    answer: r.answer,
    expected_lines: r.expected_lines,
    ...(r.window ? { window: r.window } : {}),
  };
}

export interface Generated {
  rows: QaRow[];
  dev: string;
  test: string;
  /** Families that produced no question (all candidates ambiguous), for the generator's report. */
  empty: string[];
  /** dev-extra.jsonl: the extra phrasings (extra.ts) over candidates that are not test questions. */
  extra: string;
  extraRows: QaRow[];
  /** What dev-extra2 (extra2.ts) draws from: every family, log texts, the candidates each split asks, question texts taken. */
  families: Family[];
  texts: Map<string, string>;
  testKeys: Set<string>;
  devKeys: Set<string>;
  seen: Set<string>;
  dir: string;
}

/** Questions drawn per family for dev-extra (fewer than dev/test draw: many families, one pattern each). */
const EXTRA_CAP = 2;

export const candidateKey = (c: Pick<Candidate, 'family' | 'vars'>) => `${c.family}|${JSON.stringify(c.vars)}`;

/**
 * dev-extra: each family with extra phrasings asks about candidates no test question asks about,
 * those in neither split first (fresh entities), then dev's. Its own PRNG streams, so dev/test stay
 * byte-identical whatever is added here.
 */
function generateExtra(families: Family[], texts: Map<string, string>, testKeys: Set<string>, devKeys: Set<string>, seen: Set<string>): QaRow[] {
  const out: QaRow[] = [];
  for (const fam of families) {
    const say = EXTRA_PHRASINGS[fam.name];
    if (!say || fam.candidates.length === 0) continue;
    const pool = shuffled(fam.candidates, rng(`extra:sample:${fam.name}`)).filter((c) => !testKeys.has(candidateKey(c)));
    const ordered = [...pool.filter((c) => !devKeys.has(candidateKey(c))), ...pool.filter((c) => devKeys.has(candidateKey(c)))];
    for (const c of ordered.slice(0, Math.min(fam.cap, EXTRA_CAP))) {
      const foreign = (v: string) => [...texts.entries()].some(([n, t]) => n !== c.dataset && t.includes(v));
      const q = render({ ...c, say }, foreign, 'extra:render');
      if (seen.has(q.question.toLowerCase())) continue;
      seen.add(q.question.toLowerCase());
      out.push(
        withSplit(
          {
            id: `qx-${String(out.length + 1).padStart(4, '0')}`,
            kind: c.kind,
            dataset: c.dataset,
            ...(c.file ? { file: c.file } : {}),
            question: q.question,
            answer: c.computed.answer,
            expected_lines: c.computed.lines,
            ...(c.window ? { window: c.window } : {}),
          },
          'dev',
        ),
      );
    }
  }
  return out;
}

/** Every family of every system and the demo, and the text of every log (for the system-mention rule). */
export function buildFamilies(dir: string = defaultLoghubDir()): { families: Family[]; texts: Map<string, string> } {
  const texts = new Map<string, string>();
  const families: Family[] = [];
  for (const name of SYSTEMS) {
    const lines = loadLines(name, dir);
    texts.set(name, lines.map((l) => l.raw).join('\n'));
    families.push(...BUILDERS[name](corpus(name, lines)).families);
  }
  // Text of every LogHub log, so an entity shared with another system forces a system mention.
  for (const name of ['Android', 'HPC', 'HealthApp', 'Mac', 'Windows']) {
    texts.set(name, readFileSync(join(dir, name, `${name}_2k.log`), 'utf8'));
  }
  const demoFamilies = demoCandidates();
  texts.set('demo', Object.values(generateScenario()).flat().join('\n'));
  families.push(...demoFamilies);
  return { families, texts };
}

export function generate(dir: string = defaultLoghubDir()): Generated {
  const { families, texts } = buildFamilies(dir);
  const rendered: Rendered[] = [];
  const empty: string[] = [];
  const seen = new Set<string>();
  for (const fam of families) {
    if (fam.candidates.length === 0) {
      empty.push(fam.name);
      continue;
    }
    const picked = shuffled(fam.candidates, rng(`sample:${fam.name}`)).slice(0, fam.cap);
    for (const c of picked) {
      const foreign = (v: string) => [...texts.entries()].some(([n, t]) => n !== c.dataset && t.includes(v));
      const q = render(c, foreign);
      if (seen.has(q.question.toLowerCase())) continue;
      seen.add(q.question.toLowerCase());
      rendered.push(q);
    }
  }
  const rows = splitOf(
    rendered.map((c, i) => ({
      id: `qa-${String(i + 1).padStart(4, '0')}`,
      kind: c.kind,
      dataset: c.dataset,
      ...(c.file ? { file: c.file } : {}),
      question: c.question,
      answer: c.computed.answer,
      expected_lines: c.computed.lines,
      ...(c.window ? { window: c.window } : {}),
    })),
  );
  const jsonl = (split: 'dev' | 'test') =>
    rows
      .filter((r) => r.split === split)
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n';
  const keyOf = new Map(rendered.map((c, i) => [`qa-${String(i + 1).padStart(4, '0')}`, candidateKey(c)]));
  const keysOf = (split: 'dev' | 'test') => new Set(rows.filter((r) => r.split === split).map((r) => keyOf.get(r.id)!));
  const extraRows = generateExtra(families, texts, keysOf('test'), keysOf('dev'), seen);
  const extra = extraRows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  return { rows, dev: jsonl('dev'), test: jsonl('test'), empty, extra, extraRows, families, texts, testKeys: keysOf('test'), devKeys: keysOf('dev'), seen, dir };
}

/** Markdown tables of counts per kind and per dataset, by split (the README embeds them). */
export function countsTable(rows: QaRow[]): string {
  const table = (keyName: string, keys: string[], key: (r: QaRow) => string) => {
    const lines = [`| ${keyName} | dev | test | total |`, '|---|---|---|---|'];
    for (const k of keys) {
      const of = rows.filter((r) => key(r) === k);
      lines.push(`| ${k} | ${of.filter((r) => r.split === 'dev').length} | ${of.filter((r) => r.split === 'test').length} | ${of.length} |`);
    }
    lines.push(`| **all** | ${rows.filter((r) => r.split === 'dev').length} | ${rows.filter((r) => r.split === 'test').length} | ${rows.length} |`);
    return lines.join('\n');
  };
  const datasets = [...SYSTEMS, 'demo'].filter((d) => rows.some((r) => r.dataset === d));
  return `${table('kind', [...KINDS], (r) => r.kind)}\n\n${table('dataset', datasets, (r) => r.dataset)}`;
}

const COUNTS_START = '<!-- counts:start (written by generate.ts) -->';
const COUNTS_END = '<!-- counts:end -->';

async function main(): Promise<void> {
  const { generateExtra2 } = await import('./extra2.js');
  const { generateExtra3 } = await import('./extra3.js');
  const { generateExtra4 } = await import('./extra4.js');
  const { generateExtra5 } = await import('./extra5.js');
  const { generateExtra6 } = await import('./extra6.js');
  const { generateExtra7 } = await import('./extra7.js');
  const { generateExtra8 } = await import('./extra8.js');
  const { generateExtra9 } = await import('./extra9.js');
  const { generateExtra10 } = await import('./extra10.js');
  const { generateExtra11 } = await import('./extra11.js');
  const { generateExtra12 } = await import('./extra12.js');
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
  if (!loghubAvailable()) {
    console.error(`LogHub-2k not found at ${defaultLoghubDir()} (the team material ../shared beside the repository): cannot generate the question set`);
    process.exit(2);
  }
  const g = generate();
  const outDir = values['out-dir'] ? resolve(values['out-dir']) : QA_DIR;
  writeFileSync(join(outDir, 'dev.jsonl'), g.dev);
  writeFileSync(join(outDir, 'test.jsonl'), g.test);
  writeFileSync(join(outDir, 'dev-extra.jsonl'), g.extra);
  const extra2 = generateExtra2(g);
  writeFileSync(join(outDir, 'dev-extra2.jsonl'), extra2.text);
  console.log(`\ndev-extra2: ${extra2.rows.length} questions (${KINDS.map((k) => `${k} ${extra2.rows.filter((r) => r.kind === k).length}`).join(', ')})`);
  const extra3 = generateExtra3(g, extra2.rows);
  writeFileSync(join(outDir, 'dev-extra3.jsonl'), extra3.text);
  console.log(`\ndev-extra3: ${extra3.rows.length} questions (${KINDS.map((k) => `${k} ${extra3.rows.filter((r) => r.kind === k).length}`).join(', ')})`);
  const extra4 = generateExtra4(g, [...extra2.rows, ...extra3.rows]);
  writeFileSync(join(outDir, 'dev-extra4.jsonl'), extra4.text);
  console.log(`\ndev-extra4: ${extra4.rows.length} questions (${KINDS.map((k) => `${k} ${extra4.rows.filter((r) => r.kind === k).length}`).join(', ')})`);
  const extra5 = generateExtra5(g, [...extra2.rows, ...extra3.rows, ...extra4.rows]);
  writeFileSync(join(outDir, 'dev-extra5.jsonl'), extra5.text);
  console.log(`\ndev-extra5: ${extra5.rows.length} questions (${KINDS.map((k) => `${k} ${extra5.rows.filter((r) => r.kind === k).length}`).join(', ')})`);
  const extra6 = generateExtra6(g, [...extra2.rows, ...extra3.rows, ...extra4.rows, ...extra5.rows]);
  writeFileSync(join(outDir, 'dev-extra6.jsonl'), extra6.text);
  writeFileSync(join(outDir, 'dev-extra6-holdout.jsonl'), extra6.holdoutText);
  console.log(`\ndev-extra6: ${extra6.dev.length} questions, holdout ${extra6.holdout.length}`);
  const extra7 = generateExtra7(g, [...extra2.rows, ...extra3.rows, ...extra4.rows, ...extra5.rows, ...extra6.rows]);
  writeFileSync(join(outDir, 'dev-extra7.jsonl'), extra7.text);
  writeFileSync(join(outDir, 'dev-extra7-holdout.jsonl'), extra7.holdoutText);
  console.log(`\ndev-extra7: ${extra7.dev.length} questions, holdout ${extra7.holdout.length}`);
  const extra8 = generateExtra8(g, [...extra2.rows, ...extra3.rows, ...extra4.rows, ...extra5.rows, ...extra6.rows, ...extra7.rows]);
  writeFileSync(join(outDir, 'dev-extra8.jsonl'), extra8.text);
  writeFileSync(join(outDir, 'dev-extra8-holdout.jsonl'), extra8.holdoutText);
  console.log(`\ndev-extra8: ${extra8.dev.length} questions, holdout ${extra8.holdout.length}`);
  const extra9 = generateExtra9(g, [...extra2.rows, ...extra3.rows, ...extra4.rows, ...extra5.rows, ...extra6.rows, ...extra7.rows, ...extra8.rows]);
  writeFileSync(join(outDir, 'dev-extra9.jsonl'), extra9.text);
  writeFileSync(join(outDir, 'dev-extra9-holdout.jsonl'), extra9.holdoutText);
  console.log(`\ndev-extra9: ${extra9.dev.length} questions, holdout ${extra9.holdout.length}`);
  const extra10 = generateExtra10(g, [...extra2.rows, ...extra3.rows, ...extra4.rows, ...extra5.rows, ...extra6.rows, ...extra7.rows, ...extra8.rows, ...extra9.rows]);
  writeFileSync(join(outDir, 'dev-extra10.jsonl'), extra10.text);
  writeFileSync(join(outDir, 'dev-extra10-holdout.jsonl'), extra10.holdoutText);
  console.log(`\ndev-extra10: ${extra10.dev.length} questions, holdout ${extra10.holdout.length}`);
  const extra11 = generateExtra11(g, [...extra2.rows, ...extra3.rows, ...extra4.rows, ...extra5.rows, ...extra6.rows, ...extra7.rows, ...extra8.rows, ...extra9.rows, ...extra10.rows]);
  writeFileSync(join(outDir, 'dev-extra11.jsonl'), extra11.text);
  writeFileSync(join(outDir, 'dev-extra11-holdout.jsonl'), extra11.holdoutText);
  console.log(`\ndev-extra11: ${extra11.dev.length} questions, holdout ${extra11.holdout.length}`);
  const extra12 = generateExtra12(g, [...extra2.rows, ...extra3.rows, ...extra4.rows, ...extra5.rows, ...extra6.rows, ...extra7.rows, ...extra8.rows, ...extra9.rows, ...extra10.rows, ...extra11.rows]);
  writeFileSync(join(outDir, 'dev-extra12.jsonl'), extra12.text);
  writeFileSync(join(outDir, 'dev-extra12-holdout.jsonl'), extra12.holdoutText);
  console.log(`\ndev-extra12: ${extra12.dev.length} questions, holdout ${extra12.holdout.length}`);
  const counts = countsTable(g.rows);
  if (outDir === QA_DIR && existsSync(README_FILE)) {
    const readme = readFileSync(README_FILE, 'utf8');
    const a = readme.indexOf(COUNTS_START);
    const b = readme.indexOf(COUNTS_END);
    if (a >= 0 && b > a) writeFileSync(README_FILE, `${readme.slice(0, a + COUNTS_START.length)}\n${counts}\n${readme.slice(b)}`);
  }
  console.log(counts);
  if (g.empty.length) console.log(`\nfamilies with no unambiguous question (skipped): ${g.empty.join(', ')}`);
  const kinds = KINDS.map((k) => `${k} ${g.extraRows.filter((r) => r.kind === k).length}`).join(', ');
  console.log(`\ndev-extra: ${g.extraRows.length} questions (${kinds})`);
  console.log(`\nwrote ${join(outDir, 'dev.jsonl')}, ${join(outDir, 'test.jsonl')} and ${join(outDir, 'dev-extra.jsonl')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
