// Keys whose values the stream shows to be independent of the statement (KEY_ACROSS_STATEMENTS):
// learned from which positions vary across groups, the way Drain learns a position from its
// values. variables.ts notes every family at a `key=` whose values differ while the rest of the
// line agrees; once one key has done so in KEY_SPREAD_GROUPS groups, its value is a variable of
// every template that holds it.
import { WILDCARD, type Group } from './group.js';
import type { Token } from './mask.js';

/**
 * KEY_ACROSS_STATEMENTS: a `key=` whose value takes two or more values, all else equal, in
 * KEY_SPREAD_GROUPS different statements is a field of the line's header (the run's user, host,
 * node) whose values are independent of the statement: it is a variable in all of them. One
 * statement alone never decides it (LogHub Linux keeps `user=root` apart from `user=guest`: the two
 * meet in one statement only). Evidence: ansible (round 13's untouched format, tuned from round
 * 14), `p=<pid> u=<user> n=ansible | <message>`, every message split by `u=deploy` / `u=jenkins`:
 * 0.371 -> 0.804 (34 -> 21 templates, at 3 statements); LogHub and every other format unchanged.
 */
export const KEY_ACROSS_STATEMENTS = true;
/**
 * Statements a key must vary in: two. One is the sibling rule's case (LogHub Linux 0.993 -> 0.807,
 * openvpn-server 0.945 -> 0.834 at 1); 2 against 3: exim-mainlog 0.386 -> 0.587 (`T=<transport>`
 * varies in the `=>` and `->` delivery lines only), LogHub and the other formats the same.
 */
export const KEY_SPREAD_GROUPS = 2;
/** Keys followed at most (a stream of ever new keys must not grow the miner without bound). */
export const MAX_SPREAD_KEYS = 4096;

const KEY_NAME = /([A-Za-z_][\w.-]*)=$/;
const KEY_WORD = /^[A-Za-z_][\w.-]*$/;

/**
 * The key of position p when its separator ends with `=`: named in the separator, or the word
 * token right before it (`u=deploy` tokenizes as `u`, `=`, `deploy`); undefined otherwise.
 */
export function keyAt(values: readonly string[], pres: readonly string[], p: number): string | undefined {
  const pre = pres[p];
  if (pre.charCodeAt(pre.length - 1) !== 61 /* = */) return undefined;
  const named = KEY_NAME.exec(pre);
  if (named) return named[1];
  if (pre !== '=' || p === 0) return undefined;
  return KEY_WORD.test(values[p - 1]) ? values[p - 1] : undefined;
}

/** A group's identity that survives merges and reloads: its oldest sub-template's id. */
export function groupId(g: Group): number {
  let id = Infinity;
  for (const s of g.subs.values()) if (s.id < id) id = s.id;
  return id;
}

export class KeySpread {
  /** Keys noted and the groups (groupId) they varied in, up to KEY_SPREAD_GROUPS. */
  private readonly seen = new Map<string, number[]>();
  /** Keys that varied in KEY_SPREAD_GROUPS groups. */
  readonly spread = new Set<string>();
  /** Keys newly spread: the groups holding them are checked again (miner.ts). */
  readonly pending: string[] = [];

  note(key: string, g: Group): void {
    if (this.spread.has(key)) return;
    let groups = this.seen.get(key);
    if (!groups) {
      if (this.seen.size >= MAX_SPREAD_KEYS) return;
      this.seen.set(key, (groups = []));
    }
    const id = groupId(g);
    if (groups.includes(id)) return;
    groups.push(id);
    if (groups.length < KEY_SPREAD_GROUPS) return;
    this.seen.delete(key);
    this.spread.add(key);
    this.pending.push(key);
  }

  toState(): { seen: Array<[string, number[]]>; spread: string[] } {
    return { seen: [...this.seen.entries()].map(([k, v]) => [k, [...v]]), spread: [...this.spread] };
  }

  static fromState(state: { seen: Array<[string, number[]]>; spread: string[] } | undefined): KeySpread {
    const ks = new KeySpread();
    for (const [k, v] of state?.seen ?? []) ks.seen.set(k, [...v]);
    for (const k of state?.spread ?? []) ks.spread.add(k);
    return ks;
  }
}

/** A new group's positions at spread keys start as variables: the value is one from a statement's first line on. */
export function markSpreadKeys(g: Group, tokens: readonly Token[], spread: ReadonlySet<string>): void {
  const values = tokens.map((t) => t.text);
  const pres = tokens.map((t) => t.pre);
  for (let i = 0; i < g.length; i++) {
    if (g.isVar[i] || !spread.has(keyAt(values, pres, i) ?? '')) continue;
    g.isVar[i] = true;
    g.display[i] = WILDCARD;
    g.flipped++;
  }
}

/** The first constant position of a group at one of `keys`, or -1. */
export function spreadPosition(g: Group, keys: ReadonlySet<string>): number {
  const s = g.subs.values().next().value;
  if (!s) return -1;
  for (let i = 0; i < g.length; i++) if (!g.isVar[i] && keys.has(keyAt(s.values, s.pres, i) ?? '')) return i;
  return -1;
}
