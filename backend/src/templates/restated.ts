// A structured line's message that restates another field of the same line: the restated words
// are that field's value, so they are a parameter of the message's statement.
import { WILDCARD } from './group.js';
import type { Token } from './mask.js';
import { fieldRole, type StructuredLine } from './structured.js';

/**
 * RESTATED_FIELD_VALUES: a run of the message's tokens that spells the whole value of another
 * field of the line (a word, or up to RESTATED_MAX_WORDS words) is one variable: a message built
 * from the record's fields (`session closed TCP FIN: ...` beside `reason="TCP FIN"`, `session
 * created ... trust untrust` beside `source-zone-name="trust"`, `user alice logged in` beside
 * `user=alice`) holds a parameter there, however few values it takes. Evidence: syslog-rfc5424
 * (round 9's untouched format, tuned from round 10): a Juniper session message split by its
 * close reason and its zone pair.
 */
export const RESTATED_FIELD_VALUES = true;
/** Longest restated value, in words: a reason or a state, not a sentence. */
export const RESTATED_MAX_WORDS = 4;
/**
 * A CamelCase compound (`NodeReady`, `NodeNotReady`, `BackOff`) is how a program names an event
 * kind (Kubernetes' event reasons): a message restating it names that kind, two kinds of line for
 * a reader (README: "NodeReady" and "NodeNotReady" are different templates), not a parameter.
 * Evidence: k8s-events (tuned) 0.951 -> 0.920 without this exception.
 */
const EVENT_NAME = /^[A-Z][a-z]+(?:[A-Z][a-z]*)+$/;
/** A value a message can restate: starts with a letter, at most 40 characters. */
const RESTATABLE = /^[A-Za-z][\w.-]*(?: [\w.-]+)*$/;
const MAX_VALUE_CHARS = 40;

/** The message's tokens with every restated field value made one variable (the same array when none). */
export function maskRestated(st: StructuredLine, tokens: Token[]): Token[] {
  let values: string[][] | undefined;
  for (const [k, v] of st.fields) {
    if (!restatable(st, k, v)) continue;
    const words = v.split(' ');
    if (words.length >= 2 && words.length <= RESTATED_MAX_WORDS) (values ??= []).push(words);
  }
  if (!values) return tokens;
  // longest values first, so `TCP FIN` is taken whole before a field holding `TCP`
  values.sort((a, b) => b.length - a.length);
  let out: Token[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let taken = 0;
    if (!t.isVar) {
      for (const words of values) {
        if (spells(tokens, i, words)) {
          taken = words.length;
          break;
        }
      }
    }
    if (taken === 0) {
      out?.push(t);
      continue;
    }
    out ??= tokens.slice(0, i);
    out.push({ text: WILDCARD, isVar: true, pre: t.pre });
    i += taken - 1;
  }
  return out ?? tokens;
}

/** Whether tokens from `at` are `words`, one space apart. */
function spells(tokens: readonly Token[], at: number, words: readonly string[]): boolean {
  if (at + words.length > tokens.length) return false;
  for (let j = 0; j < words.length; j++) {
    const t = tokens[at + j];
    if (t.isVar || t.text !== words[j] || (j > 0 && t.pre !== ' ')) return false;
  }
  return true;
}

/** The one-word values of the line's fields other than its message (undefined when none). */
export function restatedWords(st: StructuredLine): Set<string> | undefined {
  let out: Set<string> | undefined;
  for (const [k, v] of st.fields) {
    if (restatable(st, k, v) && !v.includes(' ') && !EVENT_NAME.test(v)) (out ??= new Set()).add(v);
  }
  return out;
}

/** A field other than the message, whose value a message can restate (RESTATABLE, MAX_VALUE_CHARS, not a role field). */
function restatable(st: StructuredLine, k: string, v: unknown): v is string {
  return k !== st.messageKey && typeof v === 'string' && v.length <= MAX_VALUE_CHARS && RESTATABLE.test(v) && !fieldRole(k);
}
