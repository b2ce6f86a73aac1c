// Questions about a line's header rather than its message: "how many ERROR lines did WindowManager
// log?", "how many warnings are there?", "which level is most common for nova.compute.manager?",
// "which component logged the most WARN lines?", "when did QuorumCnxManager last log a line?",
// "where did xinetd log most (host)?". The level and the logger are constant text of each kind of
// line (templateField), so the lines meant are every kind whose header names them, whatever its
// message: no message word describes them, and the best-fitting message would be a guess.
import type { Candidate } from './candidates.js';
import { asksAllLines, FIELD_NOUNS, GENERIC_LINE_WORDS, fieldTargets, templateField, WRITER_NOUNS } from './lines-of.js';
import { stem, type QuestionReading } from './question.js';
import type { Filter, Intent, Slot, TargetTemplate } from './types.js';

/** A level as a question says it -> the spellings templates write for it (logcat's letters included). */
const LEVEL_FAMILIES: readonly (readonly string[])[] = [
  ['info', 'information', 'i'],
  ['debug', 'd'],
  ['verbose', 'v', 'trace'],
  ['warn', 'warning', 'w'],
  ['error', 'err', 'e'],
  ['fatal', 'f', 'emerg', 'emergency'],
  ['notice'],
  ['severe'],
  ['critical', 'crit'],
];
/** Words a question names a level with (plural: "warnings", "errors"). */
const QUESTION_LEVELS: ReadonlyMap<string, readonly string[]> = new Map(
  LEVEL_FAMILIES.flatMap((fam) => fam.filter((w) => w.length > 1).flatMap((w) => [[w, fam] as const, [`${w}s`, fam] as const])),
);

/**
 * Words that say when, how often or what is ranked, not what a line says ("when did X last show up",
 * "what level does X mostly log at", "busiest tag in process N"); with GENERIC_LINE_WORDS, a question
 * holding only these and the header's names asks about every line of that header.
 */
const HEADER_QUESTION_WORDS = new Set(
  ['level', 'levels', 'severity', 'mostly', 'usually', 'most', 'common', 'recent', 'latest', 'last', 'first', 'earliest', 'show', 'showed', 'shows', 'up', 'time', 'times', 'busiest', 'noisiest', 'top', 'tagged', 'tag', 'tags', 'thread', 'tid', 'pid', 'id', 'number', 'count', 'many', 'lines', 'kind', 'logger', 'where', 'who', 'when', 'under', 'messages', 'logs', 'logged', 'ever', 'anything', 'something', 'output', 'recently', 'finally', 'report', 'reported', 'print', 'printed', 'raise', 'raised', 'throw', 'threw'].map(stem),
);

export interface HeaderReading {
  /** Spellings of the level named ("warn", "warning", "w"), lower-case. */
  level?: readonly string[];
  /** The logger named, as a template writes it. */
  component?: string;
}

const nameChar = /[\w$]/;
const describesLines = (name: string) => {
  const w = name.toLowerCase();
  return GENERIC_LINE_WORDS.has(stem(w)) || HEADER_QUESTION_WORDS.has(stem(w)) || QUESTION_LEVELS.has(w);
};

/** The level and the logger a question names, among those the kinds of line in scope write. */
export function readHeader(question: string, candidates: Iterable<Candidate>): HeaderReading {
  const out: HeaderReading = {};
  for (const m of question.toLowerCase().matchAll(/[a-z]+/g)) {
    const fam = QUESTION_LEVELS.get(m[0]);
    if (fam) {
      out.level = fam;
      break;
    }
  }
  const names = new Set<string>();
  for (const c of candidates) {
    const name = templateField(c.template, 'component');
    // a logger named like a word questions use about lines ("line:", "time:") is not told apart from that word
    if (name && name.length > 2 && !describesLines(name)) names.add(name);
  }
  const q = question.toLowerCase();
  let best: string | undefined;
  for (const name of names) {
    if (best && best.length >= name.length) continue;
    const n = name.toLowerCase();
    for (let at = q.indexOf(n); at >= 0; at = q.indexOf(n, at + 1)) {
      const before = q[at - 1];
      const after = q.slice(at + n.length);
      // a whole name: not inside a longer one ("Client" in "org.apache.hadoop.ipc.Client" is not asked)
      if ((before === undefined || !(nameChar.test(before) || before === '.')) && !(after && (nameChar.test(after[0]) || /^\.\w/.test(after)))) {
        best = name;
        break;
      }
    }
  }
  if (best) out.component = best;
  return out;
}

/** "pid", "process id" ask for the header's process id; "tid", "thread id" for its thread id (their keys, values/extract.ts). */
export function headerIdKey(question: string): 'pid' | 'tid' | undefined {
  if (/\bprocess(?:es)? ids?\b|\bpids?\b/i.test(question)) return 'pid';
  if (/\bthread ids?\b|\btids?\b/i.test(question)) return 'tid';
  return undefined;
}

/** The kinds of line whose header writes the level and logger named. */
function matching(candidates: Iterable<Candidate>, h: HeaderReading): Candidate[] {
  const out: Candidate[] = [];
  for (const c of candidates) {
    if (h.level) {
      const lv = templateField(c.template, 'level')?.toLowerCase();
      if (!lv || !h.level.includes(lv)) continue;
    }
    if (h.component && templateField(c.template, 'component')?.toLowerCase() !== h.component.toLowerCase()) continue;
    out.push(c);
  }
  return out;
}

export interface HeaderPlan {
  intent: Intent;
  reason: string;
  targets: TargetTemplate[];
  slot?: Slot;
  k?: number;
  /** Filters that named the logger (its dotted name read as an identifier): the header says it, no value does. */
  dropFilters: Filter[];
}

/**
 * A plan over every kind of line whose header writes the level and/or logger the question names,
 * where nothing else in the question describes the lines: a count or first/last of those lines, or
 * a ranking by the other header field, the writing machine, or (no header named, a value filter)
 * by a header field of the lines holding it. Undefined where the question is about a message.
 */
export function headerPlan(question: string, reading: QuestionReading, words: readonly string[], candidates: Map<number, Candidate>, filters: readonly Filter[], holding: ReadonlySet<number> | undefined): HeaderPlan | undefined {
  const h = readHeader(question, candidates.values());
  const nameWords = new Set((h.component ?? '').toLowerCase().replace(/_/g, ' ').match(/[a-z][a-z0-9]*/g) ?? []);
  const dropFilters = h.component ? filters.filter((f) => f.text.toLowerCase() === h.component!.toLowerCase() || h.component!.toLowerCase().includes(f.text.toLowerCase())) : [];
  const rest = words.filter((w) => !nameWords.has(w) && !QUESTION_LEVELS.has(w) && !FIELD_NOUNS.has(w) && !WRITER_NOUNS.has(w) && !HEADER_QUESTION_WORDS.has(stem(w)) && !HEADER_QUESTION_WORDS.has(w));
  if (!asksAllLines(rest)) return undefined;
  const asked = [reading.asked, ...reading.slotWords, ...words].filter((w): w is string => !!w);
  // "process id", "pid": a number of the line, not the process's name
  const byId = /\bprocess(?:es)? ids?\b|\bpids?\b/i.test(question);
  const fields = asked.map((w) => (byId && /^process/.test(w) ? undefined : FIELD_NOUNS.get(w))).filter((f): f is 'level' | 'component' => !!f);
  // the field ranked is one the question asks and does not name (a named level or logger filters)
  const field = fields.find((f) => !(f === 'level' && h.level) && !(f === 'component' && h.component));
  const byWriter = asked.some((w) => WRITER_NOUNS.has(w));
  const most = /\bmost(ly)?\b|\bbusiest\b|\bnoisiest\b|\btop\b/i.test(question);
  let intent = reading.intent;
  // "what level does X mostly log at", "where did X log most (host)": a ranking by the field asked
  if ((fields.length || byWriter) && most && intent !== 'count' && intent !== 'first' && intent !== 'last') intent = 'topk';
  if (!intent) return undefined;
  const remaining = filters.filter((f) => !dropFilters.includes(f));
  if (!h.level && !h.component) {
    // "busiest tag in process 1702": the lines holding the value, ranked by the header field asked
    if (intent !== 'topk' || !field || !remaining.length || !holding) return undefined;
    const by = fieldTargets([...candidates.values()].filter((c) => holding.has(c.id)), field);
    return by ? { intent, reason: `topk over ${by.targets.length} kind(s) of line holding ${remaining.map((f) => `"${f.text}"`).join(', ')}, by the ${field} each writes`, targets: by.targets, slot: by.slot, k: reading.k ?? 5, dropFilters } : undefined;
  }
  let kinds = matching(candidates.values(), h);
  if (holding && remaining.length) kinds = kinds.filter((c) => holding.has(c.id));
  if (!kinds.length) return undefined;
  const named = [h.level ? `level ${h.level[0]}` : '', h.component ? `logger ${h.component}` : ''].filter(Boolean).join(', ');
  const targets = kinds.map((c): TargetTemplate => ({ templateId: c.id, streamId: c.streamId, template: c.template, score: 0 }));
  if (intent === 'count' || intent === 'first' || intent === 'last') {
    return { intent, reason: `${intent} over the ${kinds.length} kind(s) of line whose header writes ${named}`, targets, dropFilters };
  }
  if (intent !== 'topk') return undefined;
  // "which pid wrote the most MediaPlayer messages?": the header's process (thread) id, a value of its own (values/extract.ts)
  const idKey = headerIdKey(question);
  if (idKey && !field) {
    return { intent, reason: `topk over the ${kinds.length} kind(s) of line whose header writes ${named}, by the ${idKey} each line's header writes`, targets, slot: { key: idKey, kind: 'int' }, k: reading.k ?? 5, dropFilters };
  }
  // ranked by the field the question does not name (a named field is the filter)
  const rankField = field ?? (fields.length && h.component && !h.level ? 'level' : fields.length && h.level && !h.component ? 'component' : undefined);
  if (byWriter && !field) {
    return { intent, reason: `topk over the ${kinds.length} kind(s) of line whose header writes ${named}, by the machine that wrote each`, targets, slot: { key: '', kind: 'id', writer: true }, k: reading.k ?? 5, dropFilters };
  }
  if (!rankField) return undefined;
  const by = fieldTargets(kinds, rankField);
  if (!by) return undefined;
  return { intent, reason: `topk over the ${kinds.length} kind(s) of line whose header writes ${named}, by the ${rankField} each writes`, targets: by.targets, slot: by.slot, k: reading.k ?? 5, dropFilters };
}
