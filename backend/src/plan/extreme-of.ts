// The entity of an extreme line: "which source IP sent the smallest block?", "the slowest network
// deallocation was for which instance?", "datanode with the tiniest stored block", "client behind the
// slowest GET". The question asks who or what, not how much: the groups of one slot ranked by the
// largest (smallest) number of their lines, the winner being the group holding the extreme line, and
// that line the one to cite. Read as a plain maximum it answers with the number and cites the lines of
// every group alike.
import type { QuestionReading } from './question.js';
import { stem } from './question.js';
import type { Database } from 'better-sqlite3';
import { slotNum, slotWhere } from './sql.js';
import type { Plan, Slot } from './types.js';

const SUP_MAX = ['largest', 'biggest', 'highest', 'longest', 'slowest', 'greatest', 'heaviest'];
const SUP_MIN = ['smallest', 'tiniest', 'lowest', 'shortest', 'fastest', 'quickest'];
const SUP = `(${[...SUP_MAX, ...SUP_MIN].join('|')})`;
/** Nouns naming the number itself ("what size was the largest block"): the question asks for the number, a maximum. */
const QUANTITY_NOUNS: ReadonlySet<string> = new Set(['size', 'time', 'value', 'number', 'amount', 'duration', 'length', 'len', 'total', 'count', 'bytes', 'byte', 'ms', 'seconds', 'latency', 'much', 'many', 'big', 'long', 'day', 'date', 'hour', 'minute']);
/** Verbs that make "which X <verb> ..." a statement about the lines rather than the entity ("which is"). */
const COPULA = /^(?:is|was|are|were|be|does|did|do|has|had)$/;
/** "which X ... the largest Y": the asked noun first, the superlative within a few words. */
const WHICH_FIRST = new RegExp(String.raw`\b(?:which|what)\s+([a-z][\w-]*)(?:\s+[a-z][\w-]*){0,4}?\s+(?:the\s+)?${SUP}\b`, 'i');
/** "who sent the tiniest block": the asked entity unnamed (the user or the address, as "who" reads). */
const WHO_FIRST = new RegExp(String.raw`\bwho\s+(?:[a-z][\w-]*\s+){1,3}?(?:the\s+)?${SUP}\b`, 'i');
/** "the smallest received block came from which IP", "the slowest build was for which instance". */
const SUP_FIRST = new RegExp(String.raw`\bthe\s+${SUP}(?:-[a-z]+)?\b[^?]*?\b(?:which|what)\s+([a-z][\w-]*)`, 'i');
/** "datanode with the tiniest stored block", "client behind the slowest GET": the noun opening the question. */
const NOUN_FIRST = new RegExp(String.raw`^([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:with|behind|on|of|for|holding|having|that|whose)\b[^?]*?\bthe\s+${SUP}\b`, 'i');
/** "highest number of", "largest count of": the superlative of a count of lines. */
const COUNT_OF = /^\s+(?:number|count|amount|share|total|tally)\s+of\b/i;
/** "[hdfs] ...", "in openstack, ...", "hdfs: ...": a system named before the question. */
const SYSTEM_PREFIX = /^\s*(?:\[[^\]]*\]\s*|in\s+[\w-]+,\s*|[\w-]+:\s+)/i;
/** Words after the superlative that end the measured noun ("the smallest block came from ..."). */
const END_OF_NOUN: ReadonlySet<string> = new Set(['to', 'from', 'for', 'in', 'on', 'of', 'was', 'were', 'is', 'came', 'belonged', 'which', 'what', 'through', 'by', 'at', 'and', 'sent', 'added', 'that', 'with', 'ever', 'seen', 'reported', 'logged']);

export interface ExtremeAsk {
  dir: 'max' | 'min';
  /** The noun naming the entity asked ("instance" in "the slowest instance build was for which instance"), where one does. */
  asked?: string;
  /** The words naming the measured number ("source port", "block", "get request"): not the entity asked. */
  measured: string[];
}

/** The direction and measured words, when the question asks for the entity of an extreme line; else undefined. */
export function extremeRanking(question: string): ExtremeAsk | undefined {
  const q = question.replace(/"[^"]*"/g, ' ').replace(SYSTEM_PREFIX, '').trim();
  let sup: string | undefined;
  let asked: string | undefined;
  const which = WHICH_FIRST.exec(q);
  if (which && !COPULA.test(which[1].toLowerCase()) && !QUANTITY_NOUNS.has(which[1].toLowerCase())) [sup, asked] = [which[2], which[1]];
  sup ??= WHO_FIRST.exec(q)?.[1];
  if (!sup) {
    const after = SUP_FIRST.exec(q);
    if (after && !QUANTITY_NOUNS.has(after[2].toLowerCase()) && !COPULA.test(after[2].toLowerCase())) [sup, asked] = [after[1], after[2]];
  }
  if (!sup) {
    const noun = NOUN_FIRST.exec(q);
    const first = noun?.[1].toLowerCase().split(/\s+/) ?? [];
    if (noun && !first.some((w) => QUANTITY_NOUNS.has(w) || SUP_MAX.includes(w) || SUP_MIN.includes(w) || /^(?:what|which|who|how|when|where|max|min|mean|avg|average|total|sum)$/.test(w))) [sup, asked] = [noun[2], first[first.length - 1]];
  }
  if (!sup) return undefined;
  const s = sup.toLowerCase();
  const dir = SUP_MAX.includes(s) ? 'max' : 'min';
  // the measured noun: the words after the superlative up to a preposition or verb ("lowest-port" too)
  const at = q.toLowerCase().indexOf(s);
  // "the highest number of GET requests": a count of lines, a ranking by how many (question.ts), not one line's value
  if (COUNT_OF.test(q.slice(at + s.length))) return undefined;
  // a parenthesis or a comma ends it ("the tiniest block (src ip)": the entity, said again)
  const rest = q.slice(at + s.length).split(/[(,;]/)[0].toLowerCase().match(/[a-z][a-z0-9_]*/g) ?? [];
  const measured: string[] = [];
  for (const w of rest) {
    if (END_OF_NOUN.has(w) || measured.length >= 3) break;
    measured.push(w);
  }
  return { dir, measured: measured.filter((w) => w !== asked?.toLowerCase()), ...(asked ? { asked: asked.toLowerCase() } : {}) };
}

/** Words a transfer's direction is written with in the lines ("N bytes received"): "download" names them. */
const FLOW_WORDS: Readonly<Record<string, string>> = { download: 'received', downloads: 'received', downloaded: 'received', upload: 'sent', uploads: 'sent', uploaded: 'sent' };

/** The words the lines write for a transfer's direction the words name ("biggest download": bytes received). */
export function flowLineWords(words: readonly string[]): string[] {
  const flow = [...new Set(words.map((w) => FLOW_WORDS[w.toLowerCase()]).filter(Boolean))];
  return flow.length === 1 ? ['bytes', ...flow] : [];
}

/** The words the lines write for the measured noun, to describe the kind of line ("biggest download": bytes received). */
export function measuredLineWords(ask: ExtremeAsk): string[] {
  return flowLineWords(ask.measured);
}

/** The reading the grouping slot is chosen with: the measured words and the superlatives left out. */
export function groupReading(reading: QuestionReading, ask: ExtremeAsk, measuredKey: string): QuestionReading {
  // (and the kind of number the superlative implied: "slowest" reads as a duration, "tiniest" as a size)
  const drop = new Set([...ask.measured, ...ask.measured.map(stem), ...SUP_MAX, ...SUP_MIN, ...measuredLineWords(ask), measuredKey.toLowerCase(), stem(measuredKey.toLowerCase()), 'duration', 'size']);
  const keep = (w: string) => !drop.has(w) && !drop.has(stem(w));
  return { ...reading, intent: 'topk', slotWords: reading.slotWords.filter(keep), words: reading.words.filter(keep), heads: (reading.heads ?? []).filter(keep), ...(reading.asked && !keep(reading.asked) ? { asked: undefined } : {}) };
}

/**
 * A maximum (minimum) plan turned into the ranking of `group` by each group's largest (smallest) value
 * of the measured slot; undefined where the group is the measured slot itself.
 */
export function rankedByExtreme(plan: Plan, group: Slot | undefined, ask: ExtremeAsk): Plan | undefined {
  const measured = plan.slot;
  if (!group || !measured || group.key === measured.key) return undefined;
  const reason = `topk over ${plan.targets.length} kind(s) of line, slot ${group.key || '(any)'} (${group.kind}), by the ${ask.dir === 'max' ? 'largest' : 'smallest'} ${measured.key} (${measured.kind}) of each`;
  return { ...plan, intent: 'topk', reason, slot: group, weight: measured, weightBy: ask.dir, k: 5 };
}

/**
 * The kind of line (template id) of the extreme line among these templates: the asked entity is read
 * where that line writes it ("Received block ... of size 3538321 from /10.250.15.198" keys it `from`,
 * where the other kinds that fit key their address `src`).
 */
export function extremeKind(db: Database, templateIds: number[], measured: Slot, dir: 'max' | 'min'): number | undefined {
  const w = slotWhere(measured);
  const row = db
    .prepare(
      `SELECT e.template_id AS t FROM entries e JOIN entry_values v ON v.entry_id = e.id
        WHERE e.template_id IN (SELECT value FROM json_each(?)) AND ${w.sql} AND ${slotNum(measured)} IS NOT NULL
        ORDER BY ${slotNum(measured)} ${dir === 'max' ? 'DESC' : 'ASC'}, e.id LIMIT 1`,
    )
    .get(JSON.stringify(templateIds), ...w.params) as { t: number | null } | undefined;
  return row?.t ?? undefined;
}
