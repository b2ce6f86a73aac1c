// A ranking by a total rather than by lines: "which target received the most bytes in total?", "top
// program by bytes sent", "biggest download destination": the groups of one slot ranked by the sum of
// a numeric slot of their lines (the bytes, the time), not by how many lines name them. Without it the
// question reads as a maximum of one line ("the most bytes") or ranks the byte counts themselves.
import type { QuestionReading } from './question.js';

/** Quantities a ranking can add up (what "the most <q>" / "by <q>" names). */
const QUANTITY = String.raw`(?:bytes?|data|traffic|volume|time|seconds|secs|ms|milliseconds|memory)`;
/** "which target received the most bytes", "which program sent the most data overall". */
const WHICH_THE_MOST = new RegExp(String.raw`\b(?:which|what)\s+(?:[\w:.\-]+\s+){1,4}?(?:\w+ed|sent|got|had|has|made|took|spent|used|moved|did)\s+the\s+most\s+(${QUANTITY})\b`, 'i');
/** "top target by bytes received", "top 3 programs by total bytes sent". */
const TOP_BY = new RegExp(String.raw`\btop\s+(?:\d+\s+)?[\w:.\-]+(?:\s+[\w:.\-]+)?\s+by\s+(?:total\s+|the\s+)?(${QUANTITY})\b`, 'i');
/** "most bytes were sent by which program", "most data went to which host". */
const MOST_BY_WHICH = new RegExp(String.raw`\bmost\s+(${QUANTITY})\b[^?]*\b(?:by|to|from|for)\s+(?:which|what)\s+[a-z]`, 'i');
/** "biggest download destination", "top upload target", "heaviest uploader": a transfer's direction and the end ranked ("biggest download" alone is one transfer). */
const FLOW_END = /\b(?:biggest|largest|top|heaviest|main)\s+(upload|download)(?:ers?\b|\s+(?:destinations?|targets?|hosts?|servers?|sites?|clients?|programs?|apps?|sources?|peers?)\b)/i;
/** "in one connection", "a single request": the most of one line, a maximum, not a total. */
const ONE_LINE = /\b(?:in|on|for|of|per)\s+(?:one|a single|a|any single|each)\s+(?:\w+\s+)?(?:connection|request|line|session|transfer|call|message|block|task|run)\b/i;
/** The word each direction of a transfer is written with in the lines ("N bytes sent, M bytes received"). */
const FLOW_WORDS: Readonly<Record<string, string>> = { upload: 'sent', uploaded: 'sent', uploads: 'sent', download: 'received', downloaded: 'received', downloads: 'received' };

/** The words naming the quantity summed per group, when the question ranks by a total; else undefined. */
export function weightedRanking(question: string): { words: string[] } | undefined {
  const q = question.toLowerCase();
  if (ONE_LINE.test(q)) return undefined;
  const flow = FLOW_END.exec(q);
  if (flow) return { words: ['bytes', FLOW_WORDS[flow[1]]] };
  const m = WHICH_THE_MOST.exec(q) ?? TOP_BY.exec(q) ?? MOST_BY_WHICH.exec(q);
  if (!m) return undefined;
  const words = [m[1].replace(/s$/, '') === 'byte' ? 'bytes' : m[1]];
  // the direction the question writes ("received", "sent", "uploaded"), wherever it stands
  for (const w of q.match(/[a-z]+/g) ?? []) {
    const flowWord = FLOW_WORDS[w] ?? (w === 'sent' || w === 'received' || w === 'recv' ? w : undefined);
    if (flowWord && !words.includes(flowWord)) words.push(flowWord);
  }
  return { words };
}

/** The reading for the weight slot (only the quantity's words) and for the group slot (those words left out). */
export function weightReadings(reading: QuestionReading, words: readonly string[]): { weight: QuestionReading; group: QuestionReading } {
  const drop = new Set([...words, 'bytes', 'byte', 'upload', 'uploaded', 'download', 'downloaded', 'total']);
  const weight: QuestionReading = { ...reading, intent: 'sum', slotWords: words.filter((w) => w === 'bytes' || w === 'time'), words: [...words], asked: undefined, heads: [] };
  const group: QuestionReading = { ...reading, groupsOnly: true, slotWords: reading.slotWords.filter((w) => !drop.has(w)), words: reading.words.filter((w) => !drop.has(w)) };
  return { weight, group };
}

/** Kinds of line, of those that fit, holding a number the total can be read from (a `sent` slot, or a size for "bytes"). */
export function holdsWeight(slots: readonly { key: string; kind: string }[], words: readonly string[]): boolean {
  return slots.some((p) => NUMERIC.has(p.kind) && (words.includes(p.key) || (words.includes('bytes') && p.kind === 'size') || (words.includes('time') && p.kind === 'duration')));
}
const NUMERIC: ReadonlySet<string> = new Set(['int', 'float', 'size', 'duration', 'percent']);
