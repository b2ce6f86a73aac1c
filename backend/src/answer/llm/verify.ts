// Citation checks on a model answer: which [n] point at evidence actually shown to the model,
// which sentences state something without a valid citation, and whether the answer must be
// replaced by the extractive one.

export interface CitationSpan {
  /** Offsets of the bracket group in the answer text. */
  start: number;
  end: number;
  numbers: number[];
}

export interface FlaggedSentence {
  text: string;
  start: number;
  end: number;
  reason: 'uncited' | 'invalid_citation' | 'unsupported_number';
  /** Citation numbers in the sentence that match no evidence block shown to the model. */
  invalid?: number[];
  /** With 'unsupported_number': numbers the sentence states that none of its cited blocks holds. */
  numbers?: string[];
}

/**
 * What the model was shown, for checking the numbers it states: the text of each evidence block
 * (lines, times, counts, labels) and text every sentence may draw on (the question, pattern summaries).
 */
export interface NumberSupport {
  blockText(n: number): string | undefined;
  common: string;
}

export interface Verification {
  /** Valid citation numbers, in order of first use. */
  citations: number[];
  /** Cited numbers that were not among the evidence shown, in order of first use. */
  invalidCitations: number[];
  flaggedSentences: FlaggedSentence[];
  spans: CitationSpan[];
  replace: boolean;
  reason?: 'no_valid_citation' | 'unsupported_claims';
}

/** Digit runs as numbers ("05" = "5"); "1000.788" gives 1000 and 788, "14:04:41" gives 14, 4, 41. */
function numberSet(text: string): Set<string> {
  return new Set((text.match(/\d+/g) ?? []).map((d) => String(Number(d))));
}

// [3]  [1, 2]  [1,2;4]  [2-4]  [2–4]. Anything else in brackets ([ERROR], [pid 12]) is log text.
const GROUP = /\[\s*(\d{1,4}(?:\s*(?:[,;]|[-–])\s*\d{1,4})*)\s*\]/g;
// A range wider than this is not a citation a model means ("[1-200]" is more likely log text).
const MAX_RANGE = 20;

// Quoted log text is not a citation: `sshd[4242]` inside backticks, or `worker[3]` glued to a word.
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;

export function parseCitations(text: string): CitationSpan[] {
  const spans: CitationSpan[] = [];
  const code = [...text.matchAll(CODE)].map((m) => [m.index!, m.index! + m[0].length] as const);
  for (const m of text.matchAll(GROUP)) {
    const at = m.index!;
    if (at > 0 && /[\p{L}\p{N}_]/u.test(text[at - 1])) continue;
    if (code.some(([a, b]) => at >= a && at < b)) continue;
    const numbers: number[] = [];
    let ok = true;
    for (const part of m[1].split(/\s*[,;]\s*/)) {
      const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(part);
      if (range) {
        const a = Number(range[1]);
        const b = Number(range[2]);
        if (b < a || b - a > MAX_RANGE) {
          ok = false;
          break;
        }
        for (let i = a; i <= b; i++) numbers.push(i);
      } else numbers.push(Number(part));
    }
    if (ok) spans.push({ start: m.index!, end: m.index! + m[0].length, numbers });
  }
  return spans;
}

// Statements of missing evidence need no citation: the system prompt asks for them.
const INSUFFICIENT = /\b(insufficient|not enough (?:evidence|information|data)|no (?:evidence|log lines?|logs?) (?:show|mention|indicate)|does not (?:show|contain|mention|include)|do not (?:show|contain|mention|include)|cannot (?:determine|tell|be determined))\b/i;

interface Sentence {
  text: string;
  start: number;
  end: number;
}

/**
 * Quoted log text inside backticks is one unit: its periods ("after 5000ms.", "m...") are not
 * sentence ends. Segment a copy with code spans blanked (same length, so offsets hold), then read
 * the original text at those offsets.
 */
function blankCodeSpans(text: string): string {
  return text.replace(/`[^`\n]*`/g, (m) => '`' + 'x'.repeat(m.length - 2) + '`');
}

function sentences(text: string): Sentence[] {
  const seg = new Intl.Segmenter('en', { granularity: 'sentence' });
  const out: Sentence[] = [];
  for (const s of seg.segment(blankCodeSpans(text))) {
    const start = s.index;
    const end = s.index + s.segment.length;
    const body = text.slice(start, end).trim();
    if (!body) continue;
    // "... failed. [2]" puts the citation in its own segment: it belongs to the sentence before.
    if (/^(?:\[[^\]]*\]\s*[.,;]?\s*)+$/.test(body) && out.length) {
      out[out.length - 1] = { ...out[out.length - 1], end, text: text.slice(out[out.length - 1].start, end).trim() };
      continue;
    }
    out.push({ text: body, start, end });
  }
  return out;
}

/** A sentence that asserts nothing checkable: a heading, a list marker, a one-word line. */
function isFiller(s: string): boolean {
  const words = s.replace(/\[[^\]]*\]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length < 3 || /:\s*$/.test(s);
}

/**
 * `support` given: a cited sentence stating a number that none of its cited blocks (nor the question
 * or pattern summaries) holds is flagged `unsupported_number`, the telltale of a small model
 * copying evidence and changing its values ("after 3 ms" for "after 1000.788 ms"); an answer whose
 * every checkable sentence is flagged, one of them for that, is replaced (`unsupported_claims`).
 * Computed numbers ("3 services failed") are flagged too: flagged is "check this", not "wrong".
 */
export function verifyCitations(answer: string, validNumbers: Iterable<number>, support?: NumberSupport): Verification {
  const valid = new Set(validNumbers);
  const spans = parseCitations(answer);
  const citations: number[] = [];
  const invalidCitations: number[] = [];
  for (const sp of spans) {
    for (const n of sp.numbers) {
      const list = valid.has(n) ? citations : invalidCitations;
      if (!list.includes(n)) list.push(n);
    }
  }
  const flaggedSentences: FlaggedSentence[] = [];
  const common = support ? numberSet(support.common) : undefined;
  const blockNumbers = new Map<number, Set<string>>();
  const numbersOf = (n: number) => {
    let set = blockNumbers.get(n);
    if (!set) blockNumbers.set(n, (set = numberSet(support?.blockText(n) ?? '')));
    return set;
  };
  let checkable = 0;
  for (const s of sentences(answer)) {
    const inside = spans.filter((sp) => sp.start >= s.start && sp.end <= s.end);
    const nums = inside.flatMap((sp) => sp.numbers);
    const bad = [...new Set(nums.filter((n) => !valid.has(n)))];
    const hasValid = nums.some((n) => valid.has(n));
    const filler = isFiller(s.text) || INSUFFICIENT.test(s.text);
    if (!filler) checkable++;
    if (bad.length) flaggedSentences.push({ ...s, reason: 'invalid_citation', invalid: bad });
    else if (!hasValid && !filler) flaggedSentences.push({ ...s, reason: 'uncited' });
    else if (hasValid && support && common) {
      // The sentence's own numbers: citation brackets and quoted code spans' bracket numbers removed.
      let own = answer.slice(s.start, s.end);
      for (const sp of [...inside].reverse()) own = own.slice(0, sp.start - s.start) + ' ' + own.slice(sp.end - s.start);
      const stated = numberSet(own);
      if (!stated.size) continue;
      const missing = [...stated].filter((d) => !common.has(d) && !nums.some((n) => numbersOf(n).has(d)));
      if (missing.length) flaggedSentences.push({ ...s, reason: 'unsupported_number', numbers: missing });
    }
  }
  if (citations.length === 0) return { citations, invalidCitations, flaggedSentences, spans, replace: true, reason: 'no_valid_citation' };
  const unsupported = flaggedSentences.some((f) => f.reason === 'unsupported_number');
  const replace = unsupported && checkable > 0 && flaggedSentences.length >= checkable;
  return { citations, invalidCitations, flaggedSentences, spans, replace, ...(replace ? { reason: 'unsupported_claims' as const } : {}) };
}
