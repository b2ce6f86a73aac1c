// What leaves the API: bounded in size, and safe to print. Log lines are data the sidecar does not
// control: a 256 KiB line cited a hundred times made one answer 39 MB, and bidi, zero-width and
// control characters in a line could reorder or fake the text around it wherever it is shown.
import { neutralizeProse } from '../answer/extractive.js';

/**
 * Bytes of a log line (or template) a response carries; the rest is cut, the object flagged
 * (`truncated: true`, `lineBytes`: the whole line's size) and the full line is one Explore link
 * away. 4 KiB shows any ordinary line whole, stack traces in one JSON line included mostly; an
 * answer's ~105 quoted lines stay under half a megabyte.
 */
export const MAX_RESPONSE_LINE_BYTES = 4096;

/** A string cut to at most `max` UTF-8 bytes, never inside a character. */
export function cutUtf8(s: string, max: number): string {
  // Cheap exit: even 3 bytes per UTF-16 unit fits.
  if (s.length * 3 <= max) return s;
  const buf = Buffer.from(s, 'utf8');
  if (buf.length <= max) return s;
  let end = max;
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

/** A line as a response carries it: cut past MAX_RESPONSE_LINE_BYTES, flagged when cut. */
export function boundedLine(line: string): { line: string; truncated?: true; lineBytes?: number } {
  const cut = cutUtf8(line, MAX_RESPONSE_LINE_BYTES);
  return cut === line ? { line } : { line: cut, truncated: true, lineBytes: Buffer.byteLength(line) };
}

function boundedTemplate<T extends { template?: unknown }>(o: T): T {
  if (typeof o.template !== 'string') return o;
  const cut = cutUtf8(o.template, MAX_RESPONSE_LINE_BYTES);
  return cut === o.template ? o : { ...o, template: cut, templateTruncated: true };
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An ask response (or a streamed event's data) as it goes out: citation lines and templates
 * bounded, the answer's prose neutralised (newlines kept: they are the answer's own). Citation
 * lines keep every character; safeJson escapes the invisible ones on the wire.
 */
export function shapeAnswer(v: unknown): unknown {
  if (!isObj(v)) return v;
  const out: Json = { ...v };
  if (Array.isArray(out.citations)) {
    out.citations = out.citations.map((c) => (isObj(c) && typeof c.line === 'string' ? { ...c, ...boundedLine(c.line) } : c));
  }
  if (isObj(out.answer)) {
    const a = { ...out.answer };
    if (typeof a.text === 'string') a.text = neutralizeProse(a.text, { keepNewlines: true });
    if (Array.isArray(a.flaggedSentences)) a.flaggedSentences = a.flaggedSentences.map((s) => (typeof s === 'string' ? neutralizeProse(s) : s));
    out.answer = a;
  }
  if (isObj(out.series) && Array.isArray(out.series.items)) {
    // Each charted kind of line names its template: bounded like every template here.
    out.series = { ...out.series, items: out.series.items.map((it) => (isObj(it) ? boundedTemplate(it) : it)) };
  }
  if (isObj(out.plan)) {
    const p = { ...out.plan };
    for (const k of ['targets', 'alternatives']) if (Array.isArray(p[k])) p[k] = (p[k] as unknown[]).map((t) => (isObj(t) ? boundedTemplate(t) : t));
    out.plan = p;
  }
  return out;
}

/** A patterns response: example lines and templates bounded. */
export function shapePatterns(v: { changes: Json[] } & Json): unknown {
  return {
    ...v,
    changes: v.changes.map((c) => {
      const examples = Array.isArray(c.examples) ? c.examples.map((e) => (isObj(e) && typeof e.line === 'string' ? { ...e, ...boundedLine(e.line) } : e)) : c.examples;
      return { ...boundedTemplate(c), examples };
    }),
  };
}

/**
 * Characters that render invisibly or move other text (C1 controls, DEL, soft hyphen, bidi
 * embeddings, overrides and isolates, zero-width and joiners, line and paragraph separators, BOM,
 * interlinear annotations, Unicode tags). JSON.stringify already escapes C0 controls.
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/g;

/**
 * JSON text of a value with bigints as strings and every UNSAFE_IN_JSON character written as a
 * \u escape: the value a client parses is unchanged, the bytes on the wire print harmlessly.
 */
export function safeJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)).replace(UNSAFE_IN_JSON, (c) =>
    Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}
