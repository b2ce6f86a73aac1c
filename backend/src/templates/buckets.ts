// Where the miner's groups and sub-templates live, and the indexes that find candidates for a
// line: by bucket (namespace + token count), by position and value (the counterpart of Drain's
// prefix tree), and by constant token (for links across lengths). Postings may go stale when
// sub-templates merge; readers re-check through `entry()`.

import type { Token } from './mask.js';
import {
  SEP as SEP_,
  WILDCARD as WILDCARD_,
  bucketKey as bucketKey_,
  isMasked as isMasked_,
  keyValue as keyValue_,
  newGroup,
  subScore as subScore_,
  type BucketKey,
  type Group,
  type Sub,
} from './group.js';

// module-local copies: imported bindings are read through a getter in hot loops
const bucketKey = bucketKey_;
const isMasked = isMasked_;
const keyValue = keyValue_;
const subScore = subScore_;
const SEP: string = SEP_;
const WILDCARD: string = WILDCARD_;

export interface SubEntry {
  sub: Sub;
  group: Group;
}

export class Buckets {
  private readonly byKey = new Map<BucketKey, Group[]>();
  private readonly subById = new Map<number, SubEntry>();
  /** Constant token -> ids of sub-templates holding it (for cross-length candidates). */
  private readonly postings = new Map<string, number[]>();
  /** Per bucket: position + key value -> ids of sub-templates with that value there. */
  private readonly positional = new Map<BucketKey, Map<string, number[]>>();
  /** Per bucket: groups that have variable positions (they match beyond their postings). */
  private readonly withVariables = new Map<BucketKey, Group[]>();
  /** Per bucket: most variable positions in any group. */
  private readonly maxFlipped = new Map<BucketKey, number>();

  /** The groups of a bucket, in creation order (created empty on first use). */
  groups(bk: BucketKey): Group[] {
    let groups = this.byKey.get(bk);
    if (!groups) this.byKey.set(bk, (groups = []));
    return groups;
  }

  /** A new empty group at the end of its bucket. */
  addGroup(ns: string, n: number): Group {
    const groups = this.groups(bucketKey(ns, n));
    const g = newGroup(ns, n, groups.length);
    groups.push(g);
    return g;
  }

  /** A restored group (state.ts), with its variable positions already set. */
  restoreGroup(g: Group): void {
    const bk = bucketKey(g.ns, g.length);
    if (g.flipped > 0) {
      this.maxFlipped.set(bk, Math.max(this.maxFlipped.get(bk) ?? 0, g.flipped));
      const wv = this.withVariables.get(bk);
      if (wv) wv.push(g);
      else this.withVariables.set(bk, [g]);
    }
    this.groups(bk).push(g);
  }

  /** After restoring: postings must list ids in creation order (bestGroup and sharingAtLeast rely on it). */
  sortPostings(): void {
    for (const idx of this.positional.values()) for (const list of idx.values()) list.sort((a, b) => a - b);
    for (const list of this.postings.values()) list.sort((a, b) => a - b);
  }

  /** Bucket keys in a stable order: plain buckets by length, then structured ones by key. */
  keys(): BucketKey[] {
    return [...this.byKey.keys()].sort((a, b) =>
      typeof a === 'number' && typeof b === 'number'
        ? a - b
        : typeof a === 'number'
          ? -1
          : typeof b === 'number'
            ? 1
            : a < b
              ? -1
              : a > b
                ? 1
                : 0
    );
  }

  entry(id: number): SubEntry | undefined {
    return this.subById.get(id);
  }

  entries(): IterableIterator<SubEntry> {
    return this.subById.values();
  }

  /** A sub-template merged into another (rekey): gone from lookups; postings go stale. */
  removeSub(id: number): void {
    this.subById.delete(id);
  }

  /** Register and index a new (or restored) sub-template of a group. */
  addSub(sub: Sub, g: Group): void {
    this.subById.set(sub.id, { sub, group: g });
    const bk = bucketKey(g.ns, g.length);
    let idx = this.positional.get(bk);
    if (!idx) this.positional.set(bk, (idx = new Map()));
    for (let p = 0; p < g.length; p++) {
      if (g.isVar[p]) continue;
      const k = p + SEP + keyValue(sub.values[p]);
      const list = idx.get(k);
      if (list) list.push(sub.id);
      else idx.set(k, [sub.id]);
    }
    const seen = new Set<string>();
    for (const v of sub.values) {
      if (isMasked(v) || seen.has(v)) continue;
      seen.add(v);
      const list = this.postings.get(v);
      if (list) list.push(sub.id);
      else this.postings.set(v, [sub.id]);
    }
  }

  /** A group gained a variable position (g.flipped not yet incremented). */
  noteVariable(g: Group): void {
    const bk = bucketKey(g.ns, g.length);
    this.maxFlipped.set(bk, Math.max(this.maxFlipped.get(bk) ?? 0, g.flipped + 1));
    if (g.flipped === 0) {
      const list = this.withVariables.get(bk);
      if (list) list.push(g);
      else this.withVariables.set(bk, [g]);
    }
  }

  /** Sub-template ids holding each of `constants`, counted (stale ids included). */
  sharing(constants: Iterable<string>): Map<number, number> {
    const shared = new Map<number, number>();
    for (const c of constants) {
      for (const id of this.postings.get(c) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    return shared;
  }

  /**
   * The sub-template ids holding at least `atLeast` of `constants`, counted (stale ids included):
   * what sharing() gives, less the ids below that count. sharing() reads every posting of every
   * constant: a word common to a stream's templates (a program or host name) makes that O(templates)
   * per new template. An id in `atLeast` of m lists is in one of the m - atLeast + 1 shortest, so
   * only those are read whole; the longer ones are searched (postings are in creation order, ids
   * ascending) for the ids found.
   */
  sharingAtLeast(constants: Iterable<string>, atLeast: number): Map<number, number> {
    const lists: number[][] = [];
    for (const c of constants) lists.push(this.postings.get(c) ?? []);
    const t = Math.ceil(atLeast);
    if (t <= 1) return this.sharing(constants);
    lists.sort((a, b) => a.length - b.length);
    const read = lists.length - t + 1;
    const shared = new Map<number, number>();
    if (read <= 0) return shared;
    for (let i = 0; i < read; i++) for (const id of lists[i]) shared.set(id, (shared.get(id) ?? 0) + 1);
    for (let i = read; i < lists.length; i++) {
      const list = lists[i];
      for (const [id, n] of shared) if (holds(list, id)) shared.set(id, n + 1);
    }
    for (const [id, n] of shared) if (n < t) shared.delete(id);
    return shared;
  }

  /**
   * The group holding the sub-template most similar to the line, if at or above `required` (ties:
   * the oldest sub-template). Candidates come from the positional index (position + value ->
   * sub-templates, in creation order): lists are read shortest first and reading stops once no
   * unread sub-template can beat the best so far (one that is in none of the first k of m lists
   * matches at most m - k positions plus its variables). Groups with variable positions are also
   * scored directly, since a variable matches anything.
   */
  bestGroup(bk: BucketKey, tokens: readonly Token[], required: number): Group | undefined {
    const n = tokens.length;
    if (n === 0) return this.byKey.get(bk)?.[0];
    const idx = this.positional.get(bk);
    const lv = tokens.map((t) => (t.isVar ? WILDCARD : t.text));
    const maxFlipped = this.maxFlipped.get(bk) ?? 0;
    const lists: number[][] = [];
    if (idx) {
      for (let p = 0; p < n; p++) {
        const list = idx.get(p + SEP + lv[p]);
        if (list) lists.push(list);
      }
    }
    lists.sort((a, b) => a.length - b.length);
    let best: Group | undefined;
    let bestScore = -1;
    let bestId = Infinity;
    const seen = new Set<number>();
    for (let k = 0; k < lists.length; k++) {
      const bound = lists.length - k + maxFlipped;
      if (bound < bestScore) break;
      for (const id of lists[k]) {
        if (seen.has(id)) continue;
        seen.add(id);
        const e = this.subById.get(id);
        if (!e) continue;
        const score = subScore(e.group, e.sub, lv);
        if (score > bestScore || (score === bestScore && id < bestId)) {
          best = e.group;
          bestScore = score;
          bestId = id;
          // ids ascend within a list: nothing later in it can beat or tie-break this one
          if (score >= bound) break;
        }
      }
    }
    for (const g of this.withVariables.get(bk) ?? []) {
      if (g.flipped < bestScore) continue;
      for (const sub of g.subs.values()) {
        const score = subScore(g, sub, lv);
        if (score > bestScore || (score === bestScore && sub.id < bestId)) {
          best = g;
          bestScore = score;
          bestId = sub.id;
        }
      }
    }
    return best && bestScore / n >= required ? best : undefined;
  }
}

/** Binary search of an ascending id list. */
function holds(list: readonly number[], id: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid];
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
