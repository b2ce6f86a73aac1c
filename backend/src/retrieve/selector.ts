import { RE2JS } from 're2js';
import type { LabelMatcher, Labels } from '../types.js';
import { labelsKey } from '../store/labels.js';

/** Longest regex a selector may carry: bounds the cost of a hostile pattern. */
const MAX_REGEX_LENGTH = 512;

export class SelectorError extends Error {}

/** Parses a LogQL stream selector such as {job="checkout", level=~"err|warn"}. */
export function parseSelector(text: string): LabelMatcher[] {
  const s = text.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) throw new SelectorError('a stream selector is {name="value", ...}');
  const body = s.slice(1, -1).trim();
  if (body === '') throw new SelectorError('a stream selector needs at least one matcher');
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|`[^`]*`)\s*(,|$)/y;
  const out: LabelMatcher[] = [];
  let pos = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const m = re.exec(body);
    if (!m) throw new SelectorError(`cannot parse matcher at "${body.slice(pos, pos + 20)}"`);
    const raw = m[3];
    const value = raw.startsWith('`') ? raw.slice(1, -1) : (JSON.parse(raw) as string);
    const op = m[2] as LabelMatcher['op'];
    if (op === '=~' || op === '!~') {
      if (value.length > MAX_REGEX_LENGTH) throw new SelectorError('regex too long');
      try {
        RE2JS.compile(value);
      } catch {
        throw new SelectorError(`invalid regex for ${m[1]}`);
      }
    }
    out.push({ name: m[1], op, value });
    pos = re.lastIndex;
    if (m[4] === '' && pos < body.length) throw new SelectorError('matchers must be separated by commas');
  }
  return out;
}

/**
 * A selector regex as Loki reads it: RE2 syntax, anchored at both ends. RE2 matches in time linear
 * in the label value; a backtracking engine (RegExp) lets {job=~"(a+)+"} against a long label value
 * block the event loop for hours, for every tenant.
 */
function fullMatch(pattern: string): RE2JS {
  return RE2JS.compile(`(?:${pattern})`);
}

export function matchesLabels(labels: Labels, matchers: readonly LabelMatcher[]): boolean {
  return matchers.every((m) => {
    const v = labels[m.name] ?? '';
    switch (m.op) {
      case '=':
        return v === m.value;
      case '!=':
        return v !== m.value;
      case '=~':
        return fullMatch(m.value).matches(v);
      case '!~':
        return !fullMatch(m.value).matches(v);
    }
  });
}

/** A LogQL selector text for a label set, as Explore wants it: the store's canonical stream key. */
export const selectorFor: (labels: Labels) => string = labelsKey;
