// Words whose variation the stream shows to be independent of the statement
// (VALUES_ACROSS_STATEMENTS): KEY_ACROSS_STATEMENTS (key-spread.ts) without the key. Two words
// that take turns at one position, all else equal, in several groups are values of a parameter
// the groups share (a device, a field, a service), not words of any one of them.
import type { Group } from './group.js';
import { groupId } from './key-spread.js';
import { MAX_KNOWN_VALUES } from './variables.js';

/**
 * VALUES_ACROSS_STATEMENTS: a pair of words that alternate at one position, all else equal, in
 * SPREAD_STATEMENTS groups is learned as values (the known-values rule then makes them variables
 * wherever they meet). One group alone never decides it (the sibling rule's case, which needs
 * variableAfter values). Evidence (GA): home-assistant 0.740 -> 0.774 (ESPHome devices in
 * `Successfully connected to <device> @`, `Can't connect to ESPHome API for <device> @` twice:
 * three devices, one below variableAfter), solr 0.920 -> 0.977 (`undefined field <name>` in
 * exception texts of several lengths), cisco-asa 0.493 -> 0.520, gitea 0.204 -> 0.217
 * (`RPC(upload-pack|receive-pack)`); LogHub-2k and every other format unchanged.
 */
export const VALUES_ACROSS_STATEMENTS = true;
/**
 * Groups a pair must alternate in: three. At two, jupyterhub's `Not culling server <user> with
 * pending stop|spawn` and `<user> is pending spawn|stop` (two statements by truth) merge, were the
 * words identifiers; Home Assistant's devices meet in three.
 */
export const SPREAD_STATEMENTS = 3;
/**
 * One word of the pair must be written as an identifier (IDENTIFIER_WORD: a `-` or `_` inside, a
 * digit, a capital after a lower-case letter): a pair of plain words names events as often as
 * values. All-caps words are plain: whole BGL lines learned `INFO`/`FATAL` (88 templates, not 115).
 * ceph's audit `cmd=[...]: dispatch` and `cmd='[...]': finished`, one statement split by the
 * command's length into several groups, made `dispatch` and `finished` values without it (0.657 ->
 * 0.540); cisco-asa's `tcp`/`udp` and `alice`/`bob` are held back too (the sibling rule has them).
 */
export const IDENTIFIER_PAIRS = true;
/**
 * PLAIN_SPREAD_STATEMENTS: a pair of plain words (IDENTIFIER_PAIRS) is learned too, once it
 * alternated in this many groups: twice SPREAD_STATEMENTS' evidence. Redis Sentinel's master names
 * (`mymaster`, `cache`, `sessions`) alternate in some 30 statements; jupyterhub's `stop|spawn` in 2.
 * Evidence (GA): redis-sentinel 0.183 -> 0.203, unbound 0.610 -> 0.633; at 4, cisco-asa's
 * templates moved (46 -> 51); LogHub and the other formats unchanged.
 */
export const PLAIN_SPREAD_STATEMENTS: number = 6;
const IDENTIFIER_WORD = /^.+[-_].|\d|[a-z][A-Z]/;
/** Pairs followed at most (a stream of ever new words must not grow the miner without bound). */
export const MAX_SPREAD_PAIRS = 8192;
/** Values a family must hold to be noted: two (Home Assistant's statements hold two devices each). */
export const MIN_SPREAD_VALUES = 2;
/** Values of one family paired at most (pairs grow as the square; a family past it flips anyway). */
const MAX_PAIRED_VALUES = 6;

export class ValueSpread {
  /** Sorted word pair -> the groups (groupId) it alternated in so far. */
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly known: Set<string>,
    private readonly learned: string[]
  ) {}

  /**
   * A family of `g` just gained `word` beside `others` (the caller has checked each is learnable):
   * only the new pairs are noted, those among `others` were when each of them came.
   */
  note(word: string, others: readonly string[], g: Group): void {
    if (others.length + 1 < MIN_SPREAD_VALUES || others.length + 1 > MAX_PAIRED_VALUES) return;
    const plain = IDENTIFIER_PAIRS && !IDENTIFIER_WORD.test(word);
    let id = -1;
    for (const other of others) {
      const plainPair = plain && !IDENTIFIER_WORD.test(other);
      if (other === word) continue;
      if (this.known.has(word) && this.known.has(other)) continue;
      const k = word < other ? word + '\u0000' + other : other + '\u0000' + word;
      let groups = this.seen.get(k);
      if (groups === undefined) {
        if (this.seen.size >= MAX_SPREAD_PAIRS) continue;
        this.seen.set(k, (groups = []));
      }
      if (id < 0) id = groupId(g);
      if (groups.includes(id)) continue;
      groups.push(id);
      if (groups.length < (plainPair ? PLAIN_SPREAD_STATEMENTS : SPREAD_STATEMENTS)) continue;
      this.seen.delete(k);
      for (const w of [word, other]) {
        if (this.known.size >= MAX_KNOWN_VALUES || this.known.has(w)) continue;
        this.known.add(w);
        this.learned.push(w);
      }
    }
  }

  toState(): Array<[string, number[]]> {
    return [...this.seen.entries()].map(([k, v]) => [k, [...v]]);
  }

  restore(state: Array<[string, number[]]> | undefined): void {
    for (const [k, v] of state ?? []) this.seen.set(k, [...v]);
  }
}
