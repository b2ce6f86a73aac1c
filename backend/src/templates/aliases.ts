// Template ids are handed out (and stored) as soon as a line is placed; when templates merge, the
// absorbed id becomes an alias of the survivor, so every id ever returned stays resolvable. A
// union-find without path compression (the stored parent pointers are the state), plus a log of
// unions not yet reported to the store.

export class Aliases {
  /** Absorbed id -> surviving id (a parent pointer). */
  private readonly parent = new Map<number, number>();
  /** Unions not yet reported by drain(). */
  private readonly pending: Array<[number, number]> = [];

  /** The live id for an id handed out earlier. */
  resolve(id: number): number {
    let cur = id;
    for (let a = this.parent.get(cur); a !== undefined; a = this.parent.get(cur)) cur = a;
    return cur;
  }

  /** Join two ids; the older (smaller) root survives. Returns [absorbed, survivor], or undefined. */
  union(a: number, b: number): [number, number] | undefined {
    const ra = this.resolve(a);
    const rb = this.resolve(b);
    if (ra === rb) return undefined;
    const pair: [number, number] = ra < rb ? [rb, ra] : [ra, rb];
    this.parent.set(pair[0], pair[1]);
    this.pending.push(pair);
    return pair;
  }

  /** Unions since the last call, as [absorbed id, live id]. */
  drain(): Array<[number, number]> {
    const out = this.pending.map(([from]) => [from, this.resolve(from)] as [number, number]);
    this.pending.length = 0;
    return out;
  }

  /** Absorbed id -> live id, for every absorbed id. */
  map(): Map<number, number> {
    const out = new Map<number, number>();
    for (const k of this.parent.keys()) out.set(k, this.resolve(k));
    return out;
  }

  /** The parent pointers, by absorbed id (the serialised form). */
  entries(): Array<[number, number]> {
    return [...this.parent.entries()].sort((a, b) => a[0] - b[0]);
  }

  static fromEntries(entries: ReadonlyArray<[number, number]>): Aliases {
    const a = new Aliases();
    for (const [from, to] of entries) a.parent.set(from, to);
    return a;
  }
}
