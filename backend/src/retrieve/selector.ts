import { RE2JS } from 're2js';
import type { LabelMatcher, Labels } from '../types.js';
import { labelsKey } from '../store/labels.js';

/** Longest regex a selector may carry: bounds the cost of a hostile pattern. */
const MAX_REGEX_LENGTH = 512;

/**
 * Work one selector may cost against a tenant's streams, in units of about a nanosecond of RE2:
 * each distinct label value a regex matcher runs on costs (value length + REGEX_RUN_OVERHEAD) x
 * (the compiled program's size + 8). Measured with re2js on a 2-core machine: 0.5-1 ns per unit
 * warm, from 12-instruction programs on 10-1000 character values to 1000-instruction ones. 400M
 * units is at most ~0.4 s of CPU (a dozen regexes over 40k distinct pod names), run in slices
 * that leave the event loop free (StreamCatalog.selectAsync); beyond it the request is a 400
 * (`selector_too_costly`) before any regex runs: 255 regexes over 40k pods would take minutes.
 */
export const MAX_SELECTOR_WORK = 400_000_000;
/** Per-run cost of an RE2 match beyond its characters (measured ~0.5 us per call). */
const REGEX_RUN_OVERHEAD = 32;
/**
 * Streams x matchers: the set operations after the regexes (one counter bump per matching stream
 * per matcher, ~1 ns each). 16M covers every selector the 2 KiB limit allows over 40k streams.
 */
export const MAX_STREAM_MATCHER_WORK = 16_000_000;
/** Compiled selectors kept (LRU): dashboards repeat a handful of selectors. */
const COMPILED_CACHE_ENTRIES = 256;

export class SelectorError extends Error {
  /** The API error code: invalid_selector unless the selector is valid but too costly. */
  readonly code: string = 'invalid_selector';
}

/** A valid selector whose matching would cost more than MAX_SELECTOR_WORK: answered with a 400. */
export class SelectorBudgetError extends SelectorError {
  override readonly code = 'selector_too_costly';
}

/** A matcher with its regex compiled once (never per stream, never per check). */
export interface CompiledMatcher extends LabelMatcher {
  /** RE2 program, anchored at both ends (Loki's semantics), for =~ and !~. */
  re?: RE2JS;
  /** Cost of one regex run per character of the value (program size + 8); 0 for = and !=. */
  weight: number;
  /** Whether a label value satisfies this matcher. */
  test(value: string): boolean;
}

export interface CompiledSelector {
  text: string;
  matchers: CompiledMatcher[];
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34 };
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A double-quoted LogQL string value, as Loki reads it (Go's strconv.Unquote): \a \b \f \n \r \t
 * \v \\ \' \" \xHH \OOO \uHHHH \UHHHHHHHH. Anything else, or bytes that are not UTF-8, is a
 * SelectorError (JSON.parse here used to throw a SyntaxError: a 500).
 */
export function unquote(raw: string, name: string): string {
  const body = raw.slice(1, -1);
  if (!body.includes('\\')) return body;
  const bytes: number[] = [];
  const bad = (what: string) => new SelectorError(`invalid escape ${what} in the value of ${name}`);
  for (let i = 0; i < body.length; ) {
    const c = body[i];
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) throw bad('\\ at the end');
    if (e in ESCAPES) {
      bytes.push(ESCAPES[e]);
      i += 2;
    } else if (e === 'x') {
      const h = body.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) throw bad(`\\x${h}`);
      bytes.push(parseInt(h, 16));
      i += 4;
    } else if (e >= '0' && e <= '7') {
      const o = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(o) || parseInt(o, 8) > 255) throw bad(`\\${o}`);
      bytes.push(parseInt(o, 8));
      i += 4;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const h = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) throw bad(`\\${e}${h}`);
      const cp = parseInt(h, 16);
      // Go refuses surrogate halves and code points past U+10FFFF.
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw bad(`\\${e}${h}`);
      bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      i += 2 + n;
    } else {
      throw bad(`\\${e}`);
    }
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    throw new SelectorError(`the value of ${name} is not valid UTF-8`);
  }
}

/** Parses a LogQL stream selector such as {job="checkout", level=~"err|warn"}. */
export function parseSelector(text: string): readonly CompiledMatcher[] {
  return compileSelector(text).matchers;
}

const compiled = new Map<string, CompiledSelector>();

/**
 * Parses and compiles a selector once: regexes compile here, not per stream per check (which
 * recompiled 255 regexes for each of 40k streams: 330 s of blocked event loop). Cached by text.
 */
export function compileSelector(text: string): CompiledSelector {
  const hit = cached(text);
  if (hit) return hit;
  const run = parseAndCompile(text);
  for (let r = run.next(); ; r = run.next()) if (r.done) return keep(text, r.value);
}

/**
 * compileSelector, with turns of the event loop between regexes once `sliceMs` has passed: 255
 * regexes (a 2 KiB selector) take ~10 ms to compile, more on a loaded machine.
 */
export async function compileSelectorAsync(text: string, sliceMs: number): Promise<CompiledSelector> {
  const hit = cached(text);
  if (hit) return hit;
  const run = parseAndCompile(text);
  let slice = performance.now();
  for (let r = run.next(); ; r = run.next()) {
    if (r.done) return keep(text, r.value);
    if (performance.now() - slice > sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      slice = performance.now();
    }
  }
}

function cached(text: string): CompiledSelector | undefined {
  const hit = compiled.get(text);
  if (hit) {
    compiled.delete(text);
    compiled.set(text, hit);
  }
  return hit;
}

function keep(text: string, matchers: CompiledMatcher[]): CompiledSelector {
  const sel: CompiledSelector = { text, matchers };
  compiled.set(text, sel);
  if (compiled.size > COMPILED_CACHE_ENTRIES) compiled.delete(compiled.keys().next().value!);
  return sel;
}

/** Parses and compiles, pausing after each regex compiled (compileSelectorAsync turns the event loop there). */
function* parseAndCompile(text: string): Generator<void, CompiledMatcher[]> {
  const s = text.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) throw new SelectorError('a stream selector is {name="value", ...}');
  const body = s.slice(1, -1).trim();
  if (body === '') throw new SelectorError('a stream selector needs at least one matcher');
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\[\s\S])*"|`[^`]*`)\s*(,|$)/y;
  const out: CompiledMatcher[] = [];
  const seen = new Set<string>();
  let pos = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const m = re.exec(body);
    if (!m) throw new SelectorError(`cannot parse matcher at "${body.slice(pos, pos + 20)}"`);
    const raw = m[3];
    const name = m[1];
    const value = raw.startsWith('`') ? raw.slice(1, -1) : unquote(raw, name);
    const op = m[2] as LabelMatcher['op'];
    pos = re.lastIndex;
    if (m[4] === '' && pos < body.length) throw new SelectorError('matchers must be separated by commas');
    // A repeated matcher changes nothing but the cost: match it once.
    const key = `${name}\u0000${op}\u0000${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(compileMatcher(name, op, value));
    if (op === '=~' || op === '!~') yield;
  }
  return out;
}

function compileMatcher(name: string, op: LabelMatcher['op'], value: string): CompiledMatcher {
  if (op === '=') return { name, op, value, weight: 0, test: (v) => v === value };
  if (op === '!=') return { name, op, value, weight: 0, test: (v) => v !== value };
  if (value.length > MAX_REGEX_LENGTH) throw new SelectorError('regex too long');
  let re: RE2JS;
  try {
    // Loki's semantics: RE2 syntax, anchored at both ends. RE2 matches in time linear in the label
    // value; a backtracking engine (RegExp) lets {job=~"(a+)+"} block the event loop for hours.
    re = RE2JS.compile(`(?:${value})`);
  } catch {
    throw new SelectorError(`invalid regex for ${name}`);
  }
  const weight = programSize(re, value) + 8;
  return op === '=~'
    ? { name, op, value, re, weight, test: (v) => re.matches(v) }
    : { name, op, value, re, weight, test: (v) => !re.matches(v) };
}

/** Instructions in the compiled RE2 program (re2js internals, with the pattern length as fallback). */
function programSize(re: RE2JS, pattern: string): number {
  const n = (re as unknown as { re2Input?: { prog?: { inst?: unknown[] } } }).re2Input?.prog?.inst?.length;
  return typeof n === 'number' && n > 0 ? n : pattern.length + 2;
}

/** Cost of running a regex matcher once on a value (see MAX_SELECTOR_WORK). */
export function regexRunCost(m: CompiledMatcher, value: string): number {
  return (value.length + REGEX_RUN_OVERHEAD) * m.weight;
}

/** Whether a label set satisfies every matcher (a missing label reads as ""). */
export function matchesLabels(labels: Labels, matchers: readonly LabelMatcher[]): boolean {
  return matchers.every((m) => {
    const v = Object.hasOwn(labels, m.name) ? labels[m.name] : '';
    return ('test' in m ? (m as CompiledMatcher) : compileMatcher(m.name, m.op, m.value)).test(v);
  });
}

/** A LogQL selector text for a label set, as Explore wants it: the store's canonical stream key. */
export const selectorFor: (labels: Labels) => string = labelsKey;
