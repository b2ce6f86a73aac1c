// A LogQL subset: one stream selector followed by line filters. Everything else LogQL offers
// (parsers, label filters, formatting, metric queries) is rejected with a 400 parse error, which
// reference section 8 allows for a stand-in.

import type { LabelMatcher, Labels } from '../../src/types.js';

export class LogQLParseError extends Error {}

export interface LineFilter {
  op: '|=' | '!=' | '|~' | '!~';
  value: string;
}

export interface CompiledMatcher extends LabelMatcher {
  test(value: string): boolean;
}

export interface LogQuery {
  matchers: CompiledMatcher[];
  filters: Array<LineFilter & { test(line: string): boolean }>;
  matchesStream(labels: Labels): boolean;
  matchesLine(line: string): boolean;
}

type TokKind = 'LBRACE' | 'RBRACE' | 'COMMA' | 'IDENT' | 'STRING' | 'OP' | 'PIPE' | 'END' | 'OTHER';
interface Token {
  kind: TokKind;
  text: string;
  line: number;
  col: number;
}

/** How goyacc names tokens in Loki's "unexpected X" messages. */
function tokName(t: Token): string {
  switch (t.kind) {
    case 'END':
      return '$end';
    case 'STRING':
      return 'STRING';
    case 'IDENT':
      return 'IDENTIFIER';
    case 'OP':
      return t.text;
    default:
      return t.text;
  }
}

function errAt(t: Token, msg: string): LogQLParseError {
  return new LogQLParseError(`parse error at line ${t.line}, col ${t.col}: ${msg}`);
}

function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = () => ({ line, col: i - lineStart + 1 });
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const p = pos();
    if (c === '{' || c === '}' || c === ',') {
      out.push({ kind: c === '{' ? 'LBRACE' : c === '}' ? 'RBRACE' : 'COMMA', text: c, ...p });
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let val = '';
      let closed = false;
      while (j < src.length) {
        const d = src[j];
        if (d === '\n') break;
        if (d === '"') {
          closed = true;
          break;
        }
        if (d === '\\') {
          const e = src[j + 1];
          const simple: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', "'": "'" };
          if (e !== undefined && e in simple) {
            val += simple[e];
            j += 2;
            continue;
          }
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(j + 2, j + 6))) {
            val += String.fromCharCode(parseInt(src.slice(j + 2, j + 6), 16));
            j += 6;
            continue;
          }
          throw new LogQLParseError(`parse error at line ${p.line}, col ${p.col}: invalid char escape`);
        }
        val += d;
        j++;
      }
      if (!closed) throw new LogQLParseError(`parse error at line ${p.line}, col ${p.col}: literal not terminated`);
      out.push({ kind: 'STRING', text: val, ...p });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = src.indexOf('`', i + 1);
      if (j < 0) throw new LogQLParseError(`parse error at line ${p.line}, col ${p.col}: literal not terminated`);
      const raw = src.slice(i + 1, j);
      out.push({ kind: 'STRING', text: raw, ...p });
      for (const ch of raw) if (ch === '\n') line++;
      if (raw.includes('\n')) lineStart = i + 1 + raw.lastIndexOf('\n') + 1;
      i = j + 1;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '|=' || two === '|~' || two === '!=' || two === '!~' || two === '=~' || two === '|>' || two === '!>') {
      out.push({ kind: 'OP', text: two, ...p });
      i += 2;
      continue;
    }
    if (c === '=') {
      out.push({ kind: 'OP', text: '=', ...p });
      i++;
      continue;
    }
    if (c === '|') {
      out.push({ kind: 'PIPE', text: '|', ...p });
      i++;
      continue;
    }
    const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(src.slice(i));
    if (m) {
      out.push({ kind: 'IDENT', text: m[0], ...p });
      i += m[0].length;
      continue;
    }
    out.push({ kind: 'OTHER', text: c, ...p });
    i++;
  }
  out.push({ kind: 'END', text: '', line, col: i - lineStart + 1 });
  return out;
}

/**
 * Go RE2 patterns as JS RegExp. Leading inline flags (?i) (?s) (?is) become JS flags; RE2
 * syntax JS lacks (\z, [[:alpha:]], \pN) is not translated: the README lists this gap.
 */
export function compileRe2(pattern: string, anchored: boolean): RegExp {
  let flags = '';
  let body = pattern;
  const m = /^\(\?([imsU]+)\)/.exec(body);
  if (m) {
    body = body.slice(m[0].length);
    for (const f of m[1]) if (f === 'i' || f === 's' || f === 'm') flags += f;
  }
  return new RegExp(anchored ? `^(?:${body})$` : body, flags);
}

export function parseLogQuery(src: string): LogQuery {
  const toks = lex(src);
  let k = 0;
  const peek = () => toks[k];
  const next = () => toks[k++];
  const first = peek();
  if (first.kind === 'END') throw errAt(first, 'syntax error: unexpected $end');
  if (first.kind === 'IDENT' && toks[k + 1]?.text === '(') {
    throw new LogQLParseError('parse error : metric queries are not supported by this Loki stand-in (only log queries: a stream selector and line filters)');
  }
  if (first.kind !== 'LBRACE') throw errAt(first, `syntax error: unexpected ${tokName(first)}`);
  next();
  const matchers: CompiledMatcher[] = [];
  if (peek().kind === 'RBRACE') {
    next();
  } else {
    for (;;) {
      const name = next();
      if (name.kind !== 'IDENT') throw errAt(name, `syntax error: unexpected ${tokName(name)}, expecting IDENTIFIER`);
      const op = next();
      if (op.kind !== 'OP' || !['=', '!=', '=~', '!~'].includes(op.text)) {
        throw errAt(op, `syntax error: unexpected ${tokName(op)}, expecting = or != or =~ or !~`);
      }
      const val = next();
      if (val.kind !== 'STRING') throw errAt(val, `syntax error: unexpected ${tokName(val)}, expecting STRING`);
      matchers.push(compileMatcher(name.text, op.text as LabelMatcher['op'], val.text, val));
      const sep = next();
      if (sep.kind === 'RBRACE') break;
      if (sep.kind !== 'COMMA') throw errAt(sep, `syntax error: unexpected ${tokName(sep)}, expecting } or ,`);
    }
  }
  if (matchers.length === 0 || matchers.every((m) => m.test(''))) {
    throw new LogQLParseError(
      'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will',
    );
  }
  const filters: LogQuery['filters'] = [];
  while (peek().kind !== 'END') {
    const t = next();
    if (t.kind === 'OP' && (t.text === '|=' || t.text === '!=' || t.text === '|~' || t.text === '!~')) {
      const s = next();
      if (s.kind !== 'STRING') throw errAt(s, `syntax error: unexpected ${tokName(s)}, expecting STRING or ip`);
      if (peek().kind === 'IDENT' && peek().text === 'or') {
        throw new LogQLParseError('parse error : "or" in line filters is not supported by this Loki stand-in');
      }
      filters.push(compileFilter(t.text as LineFilter['op'], s.text, s));
      continue;
    }
    if (t.kind === 'PIPE' || (t.kind === 'OP' && (t.text === '|>' || t.text === '!>'))) {
      const what = t.kind === 'PIPE' ? `| ${peek().text}` : t.text;
      throw new LogQLParseError(`parse error : pipeline stage '${what}' is not supported by this Loki stand-in (only line filters |= != |~ !~)`);
    }
    throw errAt(t, `syntax error: unexpected ${tokName(t)}`);
  }
  return {
    matchers,
    filters,
    matchesStream(labels) {
      return matchers.every((m) => m.test(labels[m.name] ?? ''));
    },
    matchesLine(line) {
      return filters.every((f) => f.test(line));
    },
  };
}

function compileMatcher(name: string, op: LabelMatcher['op'], value: string, at: Token): CompiledMatcher {
  if (op === '=') return { name, op, value, test: (v) => v === value };
  if (op === '!=') return { name, op, value, test: (v) => v !== value };
  let re: RegExp;
  try {
    re = compileRe2(value, true);
  } catch (e) {
    throw errAt(at, `error parsing regexp: ${(e as Error).message}`);
  }
  return op === '=~' ? { name, op, value, test: (v) => re.test(v) } : { name, op, value, test: (v) => !re.test(v) };
}

function compileFilter(op: LineFilter['op'], value: string, at: Token): LineFilter & { test(line: string): boolean } {
  if (op === '|=') return { op, value, test: (l) => l.includes(value) };
  if (op === '!=') return { op, value, test: (l) => !l.includes(value) };
  let re: RegExp;
  try {
    re = compileRe2(value, false);
  } catch (e) {
    throw errAt(at, `error parsing regexp: ${(e as Error).message}`);
  }
  return op === '|~' ? { op, value, test: (l) => re.test(l) } : { op, value, test: (l) => !re.test(l) };
}

/** Loki's label-string form: {a="1", b="2"} sorted by name (Prometheus labels.String()). */
export function lokiLabelString(labels: Labels): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(', ')}}`;
}
