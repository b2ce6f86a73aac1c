// "How many lines did node-35 log?", "how many messages came from dn38?": a count of an entity's
// lines of every kind, not of the kind of line the question's other words happen to fit best
// ("log" and "host" fit "My unqualified host name" lines, which dn38 never wrote). Also which of the
// entity's slots is meant when the question asks what it logged: the one it writes itself (the
// line's header), not a line of another machine that mentions it.
import type { Database } from 'better-sqlite3';
import type { Candidate } from './candidates.js';
import type { Slot, TargetTemplate } from './types.js';
import { HOST_KEY } from '../values/extract.js';
import { stem } from './question.js';
import { valueEquals } from './sql.js';

/**
 * Words that describe lines in general, not a kind of line ("log entries", "messages written"),
 * and nouns naming the entity's own kind ("host", "node"): a question holding only these asks
 * about every line of the entity.
 */
export const GENERIC_LINE_WORDS: ReadonlySet<string> = new Set(
  ['line', 'log', 'logged', 'frequent', 'common', 'often', 'name', 'logging', 'message', 'entry', 'entries', 'record', 'event', 'write', 'wrote', 'written', 'came', 'come', 'emitted', 'emit', 'produced', 'altogether', 'total', 'overall', 'all', 'mention', 'mentioned', 'contain', 'appear', 'hold', 'host', 'node', 'machine', 'server', 'client', 'ip', 'address', 'component', 'process', 'program', 'pid', 'source'].map(stem),
);

/** Every word the question describes lines with is generic: it asks about all lines of its entity. */
export function asksAllLines(words: readonly string[]): boolean {
  return words.every((w) => GENERIC_LINE_WORDS.has(stem(w)) || GENERIC_LINE_WORDS.has(w));
}

/** Nouns that ask for the machine writing a line ("which node wrote the most lines"). */
export const WRITER_NOUNS: ReadonlySet<string> = new Set(['host', 'hosts', 'node', 'nodes', 'machine', 'machines', 'hostname', 'server', 'servers']);

/** Verbs of mentioning: "lines that mention X" count X wherever a line writes it. */
const MENTIONS = /\b(mention(?:s|ed|ing)?|contain(?:s|ed|ing)?|appear(?:s|ed|ing)?|include[sd]?|hold(?:s|ing)?|refer(?:s|red)? to|with)\b/i;
/** "did X log", "X wrote", "came from X", "logged by X": X is the line's writer. */
const WRITES = /\b(log|logs|logged|write|writes|wrote|written|emit(?:s|ted)?|produce[sd]?|report(?:s|ed)?|came from|come from|from|by)\b/i;

/** The question asks for the lines an entity wrote (not every line that mentions it). */
export function asksWriter(question: string): boolean {
  return WRITES.test(question) && !MENTIONS.test(question);
}

/** Lines read per key when telling an entity's own slot from mentions of it. */
const WRITER_ROWS = 20_000;

/**
 * The slot an entity writes its own lines under: the header host where the value is one (the
 * extractor keys a syslog header's host so), else the key holding it in strictly the most lines
 * (a node's header field in all of its lines; a mention in another node's line is keyed by the
 * words around it there). Undefined when the value is held under one key only, or no key leads.
 */
export function writerKey(db: Database, text: string, streamIds: readonly number[]): string | undefined {
  const eq = valueEquals(text);
  const rows = db
    .prepare(
      `SELECT key, count(*) AS n FROM (SELECT key FROM entry_values WHERE ${eq.sql} AND stream_id IN (SELECT value FROM json_each(?)) LIMIT ?)
       GROUP BY key ORDER BY n DESC`,
    )
    .all(...eq.params, JSON.stringify(streamIds), WRITER_ROWS) as { key: string; n: number }[];
  if (rows.length < 2) return undefined;
  if (rows.some((r) => r.key === HOST_KEY)) return HOST_KEY;
  return rows[0].n > rows[1].n ? rows[0].key : undefined;
}

/** Nouns that ask for a field every line of a kind writes alike: its level, or the component that logs it. */
export const FIELD_NOUNS: ReadonlyMap<string, 'level' | 'component'> = new Map([
  ...['level', 'levels', 'severity', 'severities'].map((w) => [w, 'level'] as const),
  ...['component', 'components', 'logger', 'loggers', 'tag', 'tags', 'program', 'programs', 'process', 'processes', 'module', 'modules'].map((w) => [w, 'component'] as const),
]);

/** Tokens of a template's start read as its header: a level or logger name further on is message text ("... FATAL ciod: failed"). */
const HEADER_TOKENS = 5;
const LEVEL_WORDS = new Set(['trace', 'debug', 'info', 'notice', 'warn', 'warning', 'error', 'err', 'severe', 'fatal', 'critical', 'crit', 'alert', 'emerg', 'emergency']);
/** "kernel[<*>]:", "executor.Executor:", "sshd(pam_unix)[<*>]:", "/usr/sbin/gmetad[<*>]:": the name a logger writes before its message. */
const COMPONENT_TOKEN = /^([A-Za-z/][\w.$()/-]*?)(?:\[[^\]]*\])?:$/;
/** A constant logger name beside a level: dotted, with $ _ or /, or capitals past its first letter ("CBS", "nova.api.wsgi"). */
const NAME_AT_LEVEL = /^[A-Za-z][\w.$/-]*$/;
const looksLikeName = (tok: string) => NAME_AT_LEVEL.test(tok) && (/[.$_/]/.test(tok) || /[A-Z]/.test(tok.slice(1)));
/** Android logcat's one-letter levels (verbose, debug, info, warn, error, fatal, assert). */
const LOGCAT_LEVEL = /^[VDIWEFA]$/;
/** "[<thread>:<Class>@<line>]" right after the level: the class logged. */
const THREAD_CLASS = /^\[\S.*?[:\s/]([A-Za-z][\w$]*)@[\w<>*]*\]/;
/** "[<thread words>] <logger>:" right after the level: the logger after the thread. */
const AFTER_THREAD = /^\[[^\]]*\]\s+([A-Za-z][\w.$/-]*):/;
const levelWord = (tok: string) => tok.replace(/^[[(|]+|[\])|:,]+$/g, '');

/**
 * The level or component a kind of line writes as constant text ("<*> INFO executor.Executor: ..."):
 * the first level word; for the component, the capitals word before an upper-case level ("RAS
 * KERNEL INFO"), else a name right after the level ("Info CBS", "INFO nova.osapi_compute.wsgi.server"),
 * else the first "name:" / "name[pid]:" token. Undefined where the template holds it as a slot or
 * writes none. A plain word after the level is message text ("INFO instruction cache ...").
 */
export function templateField(template: string, field: 'level' | 'component'): string | undefined {
  const key = `${field}\u0000${template}`;
  if (fieldCache.has(key)) return fieldCache.get(key);
  if (fieldCache.size >= FIELD_CACHE_ENTRIES) fieldCache.clear();
  const v = readField(template, field);
  fieldCache.set(key, v);
  return v;
}

/**
 * Header fields read per template text, kept across questions: every question naming a level or a
 * logger reads them for every kind of line in scope (~1.5 us each, a few ms per question on the
 * LogHub store); a template's text never changes, so its fields do not.
 */
const fieldCache = new Map<string, string | undefined>();
/** Entries kept before the cache starts over (two fields of the 10k-50k kinds of line a large store holds). */
const FIELD_CACHE_ENTRIES = 100_000;

function readField(template: string, field: 'level' | 'component'): string | undefined {
  const toks = template.split(/\s+/);
  const header = toks.slice(0, HEADER_TOKENS);
  let li = header.findIndex((t) => !t.includes('<*>') && LEVEL_WORDS.has(levelWord(t).toLowerCase()));
  // logcat: "<*> D WindowManager: ...", a one-letter level right before the tag
  if (li < 0) li = header.findIndex((t, i) => LOGCAT_LEVEL.test(t) && COMPONENT_TOKEN.test(toks[i + 1] ?? '') && !(toks[i + 1] ?? '').includes('<'));
  if (field === 'level') return li >= 0 ? levelWord(header[li]) : undefined;
  if (li >= 0) {
    // log4j's thread in brackets after the level: "[SessionTracker:ZooKeeperServer@<*>]" names the
    // class at its end; "[IPC Server Responder] org.apache.hadoop.ipc.Server:" names it after
    const rest = toks.slice(li + 1).join(' ');
    const inThread = THREAD_CLASS.exec(rest);
    if (inThread) return inThread[1];
    const afterThread = AFTER_THREAD.exec(rest);
    if (afterThread && looksLikeName(afterThread[1])) return afterThread[1];
    const level = levelWord(header[li]);
    const before = li > 0 ? header[li - 1] : undefined;
    if (before && level === level.toUpperCase() && /^[A-Z][A-Z0-9_]+$/.test(before)) return before;
    const after = toks[li + 1]?.replace(/:$/, '');
    if (after && looksLikeName(after)) return after;
  }
  for (const tok of header) {
    const m = COMPONENT_TOKEN.exec(tok);
    if (m && !m[1].includes('<')) return m[1];
  }
  return undefined;
}

/**
 * Every kind of line that writes the field as constant text, and the slot grouping their lines by
 * it (each copy and merged member of a kind carries its text). Undefined when no kind writes it.
 */
export function fieldTargets(candidates: Iterable<Candidate>, field: 'level' | 'component'): { targets: TargetTemplate[]; slot: Slot } | undefined {
  const labels: Record<string, string> = {};
  const targets: TargetTemplate[] = [];
  for (const c of candidates) {
    const label = templateField(c.template, field);
    if (label === undefined) continue;
    for (const id of [...c.members, ...c.copies.map((x) => x.id)]) labels[id] = label;
    targets.push({ templateId: c.id, streamId: c.streamId, template: c.template, score: 0 });
  }
  return targets.length ? { targets, slot: { key: field, kind: 'word', labels } } : undefined;
}

/** "<*> node temperature <*> ambient=<*>": the word is written as the next value's `key=` (it names that value, not the number before it). */
export function namesNextValue(template: string, word: string): boolean {
  const w = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[^A-Za-z0-9_])${w}\\s*[=:]`, 'i').test(template);
}
