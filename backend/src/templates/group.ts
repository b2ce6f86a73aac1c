// The miner's data model. Lines of one namespace (plain text, or one structured key set) and one
// token count share a bucket; a bucket holds groups (coarse clusters, in the manner of Drain);
// a group holds sub-templates: its variable positions are <*>, every other position keeps a
// line's token. Keys and scores over these are pure functions here.

import { WILDCARD as WILDCARD_EXPORT, type Token } from './mask.js';
import type { FamilyKeys } from './variables.js';

// a module-local copy: imported bindings are read through a getter in hot loops
export const WILDCARD: string = WILDCARD_EXPORT;

/** Joins key parts; cannot occur in a line's tokens. */
export const SEP = '\u0001';

export interface Sub {
  id: number;
  /** Per position: the token text (a masked value's display, e.g. `<*>`, `blk_<*>`). */
  values: string[];
  /** Separators before each position and after the last, from the sub-template's first line. */
  pres: string[];
  post: string;
  count: number;
}

export interface Group {
  /** Structured lines: the key-set namespace (structured.ts); '' for plain text. */
  ns: string;
  length: number;
  /** Creation order within its length (ties between equally similar groups go to the oldest). */
  ord: number;
  /** Number of variable positions. */
  flipped: number;
  /** Per position: made variable by the sibling rule (families.ts)? */
  isVar: boolean[];
  /** Per variable position: its display (`<*>`, or e.g. `blk_<*>` while all lines agree). */
  display: string[];
  /** Live sub-templates by key (the non-variable positions' values). */
  subs: Map<string, Sub>;
  /**
   * The sibling rule's families (variables.ts FamilyIndex): derived, rebuilt on demand, not
   * serialised; null when they must be rebuilt from the sub-templates.
   */
  families: FamilyIndex | null;
}

/** What variables.ts keeps of a group's families between sub-templates (see buildFamilies). */
export interface FamilyIndex {
  /** The group's sub-template map and variable count they were built for (either changing voids them). */
  subs: Map<string, Sub>;
  flipped: number;
  /** Sub-templates in them and the newest one's id (new ones come later, with larger ids). */
  count: number;
  maxId: number;
  /** family key (variables.ts FamilyKeys) -> the values seen at its position (one: the value itself) */
  families: Map<number | string, string | Set<string>>;
  /** Interns the runs of values the family keys name. */
  keys: FamilyKeys;
  /** Checks that found no variable but read state a later sub-template or learned word can change. */
  checks: Array<{ s: Sub; p: number; vals: string[] }>;
  /** The learned words' count when every check was last asked (the set only grows). */
  knownSize: number;
  /** Positions of the checks at a value context (they ask whether another slot varies). */
  contextChecks: Set<number>;
  /** Per position, at a value context: the one value seen there, or true once it varies (otherValueVaries). */
  contextValues: Array<string | true | undefined>;
  /** The positions whose contextValues are true. */
  varying: number[];
  /** Checks at a `key=` that found nothing: asked again once their key spreads (key-spread.ts). */
  keyChecks: Array<{ p: number; key: string }>;
  /** The spread keys' count when the key checks were last asked (the set only grows). */
  spreadSize: number;
}

/** Key of the groups of one namespace and length (plain text: the length alone). */
export type BucketKey = number | string;

export function bucketKey(ns: string, n: number): BucketKey {
  return ns === '' ? n : ns + SEP + n;
}

export function newGroup(ns: string, length: number, ord: number, isVar?: boolean[], display?: string[]): Group {
  const v = isVar ?? new Array<boolean>(length).fill(false);
  return {
    ns,
    length,
    ord,
    flipped: v.filter(Boolean).length,
    isVar: v,
    display: display ?? new Array<string>(length).fill(''),
    subs: new Map(),
    families: null,
  };
}

export function isMasked(v: string): boolean {
  return v.includes(WILDCARD);
}

/** The value a position contributes to a key: all masked values are one value. */
export function keyValue(v: string): string {
  return isMasked(v) ? WILDCARD : v;
}

/** A line's exact-match signature (the cache key within its namespace). */
export function signature(tokens: readonly Token[]): string {
  let s = '';
  for (const t of tokens) s += t.text + SEP;
  return s;
}

/** The key of the sub-template a line falls into within a group: its non-variable positions. */
export function subKey(g: Group, tokens: readonly Token[]): string {
  let k = '';
  for (let i = 0; i < g.length; i++) if (!g.isVar[i]) k += (tokens[i].isVar ? WILDCARD : tokens[i].text) + SEP;
  return k;
}

export function subKeyOfValues(g: Group, values: readonly string[]): string {
  let k = '';
  for (let i = 0; i < g.length; i++) if (!g.isVar[i]) k += keyValue(values[i]) + SEP;
  return k;
}

/** Positions where the line fits a sub-template: a variable position fits anything. */
export function subScore(g: Group, s: Sub, lv: readonly string[]): number {
  let score = 0;
  for (let i = 0; i < g.length; i++) if (g.isVar[i] || keyValue(s.values[i]) === lv[i]) score++;
  return score;
}

/** A sub-template as tokens: variable positions and masked values are variables. */
export function templateTokens(g: Group, s: Sub): Token[] {
  return s.values.map((v, i) => {
    const isVar = g.isVar[i] || isMasked(v);
    return { text: isVar ? WILDCARD : v, isVar, pre: s.pres[i] };
  });
}
