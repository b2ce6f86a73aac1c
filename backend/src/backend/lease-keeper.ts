// Splits Loki sources between any number of sidecars with no state of their own (issue #20), using
// only the backend's optimistic-concurrency leases: no consensus code here.
//
// Every round (ttl/3 by default) a sidecar renews what it holds, renews its membership lease
// (`member/<owner>`), counts the live members from the lease list, and moves towards its share,
// ceil(sources / members): it takes free or expired sources while under it, and releases its
// least-preferred ones while over it (the work stops first, then the lease goes). Which sources a
// sidecar prefers is a rendezvous hash of (owner, source), so sidecars starting together reach for
// different sources first. A sidecar that dies stops renewing; its sources' leases and its
// membership expire after the ttl, and the others take them over at their next rounds.
//
// Safety does not rest on the rounds: work on a source runs only while the lease is held by the
// local clock. A renewal that is refused or fails stops the work at once, and a watchdog stops it
// when the lease runs out while a renewal hangs; writers check `isHeld` before every write. A
// sidecar that is paused past its lease (a GC pause, a frozen VM) can still finish one write in
// flight after another took over: writes are idempotent by content id, so that is a replay, and a
// stale cursor it leaves only makes the next owner read a span again.
import { createHash } from 'node:crypto';
import type { LogBackend } from './types.js';

/** The time and timers of a keeper; injected so tests run rounds and expiries without sleeping. */
export interface KeeperClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: KeeperClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export type LeaseBackend = Pick<LogBackend, 'acquireLease' | 'releaseLease' | 'listLeases'>;

/** Why the work on a source stopped. */
export type LossReason = 'refused' | 'renewal-failed' | 'expired' | 'rebalance' | 'stopping';

export interface LeaseKeeperOptions {
  backend: LeaseBackend;
  /** This sidecar's id: unique among the sidecars sharing the backend (a restarted one gets a new one). */
  owner: string;
  /** Source ids, the same list on every sidecar. */
  sources: readonly string[];
  ttlMs: number;
  /** Period of the renew-and-balance round; ttl/3 by default (two rounds may fail before expiry). */
  roundMs?: number;
  clock?: KeeperClock;
  /** Starts the work on a source just leased. */
  onAcquired: (sourceId: string) => void | Promise<void>;
  /** Stops the work on a source; awaited before its lease is released. */
  onLost: (sourceId: string, reason: LossReason) => void | Promise<void>;
  log?: (level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>) => void;
}

export interface KeeperStatus {
  owner: string;
  held: string[];
  /** Live members seen at the last round (this one included). */
  members: number;
  share: number;
  rounds: number;
  acquired: number;
  takenOver: number;
  lost: Partial<Record<LossReason, number>>;
  errors: number;
  lastError: string | null;
}

/** Lease ids of sources and members: two name spaces, so a source id can never pass as a member. */
export const SOURCE_LEASE = 'source/';
export const MEMBER_LEASE = 'member/';

/** The rendezvous weight of (owner, source): higher is preferred by that owner. */
function weight(owner: string, sourceId: string): bigint {
  return createHash('sha256').update(owner).update('\u0000').update(sourceId).digest().readBigUInt64BE(0);
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 300);

export class LeaseKeeper {
  private readonly roundMs: number;
  private readonly clock: KeeperClock;
  private readonly held = new Map<string, { expiresMs: number; watchdog: unknown }>();
  /** Sources this sidecar prefers first (rendezvous order). */
  private readonly preference: string[];
  private timer: unknown = undefined;
  private started = false;
  private stopping = false;
  private current: Promise<void> | null = null;
  private readonly pending = new Set<Promise<void>>();
  private readonly st: KeeperStatus;

  constructor(private readonly o: LeaseKeeperOptions) {
    if (new Set(o.sources).size !== o.sources.length) throw new Error('duplicate source id in the lease keeper');
    if (!(o.ttlMs > 0)) throw new RangeError('ttlMs must be positive');
    this.roundMs = o.roundMs ?? Math.max(1, Math.floor(o.ttlMs / 3));
    if (this.roundMs >= o.ttlMs) throw new RangeError('roundMs must be shorter than ttlMs, or every lease lapses between renewals');
    this.clock = o.clock ?? systemClock;
    this.preference = [...o.sources].sort((a, b) => {
      const d = weight(o.owner, b) - weight(o.owner, a);
      return d > 0n ? 1 : d < 0n ? -1 : 0;
    });
    this.st = { owner: o.owner, held: [], members: 1, share: o.sources.length, rounds: 0, acquired: 0, takenOver: 0, lost: {}, errors: 0, lastError: null };
  }

  /** Runs the first round now and then one every roundMs. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.runRound();
  }

  /** True while this sidecar holds the source's lease by its own clock: writers check it first. */
  isHeld(sourceId: string): boolean {
    const h = this.held.get(sourceId);
    return h !== undefined && this.clock.now() < h.expiresMs;
  }

  status(): KeeperStatus {
    return { ...this.st, held: [...this.held.keys()].sort(), lost: { ...this.st.lost } };
  }

  /** Resolves once no round and no stop of work is under way (tests advance a fake clock, then wait here). */
  async idle(): Promise<void> {
    while (this.current || this.pending.size > 0) {
      await this.current;
      await Promise.all([...this.pending]);
    }
  }

  /** Stops every source's work, releases the leases (so others need not wait for expiry) and the membership. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.idle();
    await Promise.all(
      [...this.held.keys()].map(async (s) => {
        await this.drop(s, 'stopping');
        await this.o.backend.releaseLease(SOURCE_LEASE + s, this.o.owner).catch((e) => this.fail('release failed', e));
      }),
    );
    // Leases the backend says are ours but no work runs on: a renewal that came back after the
    // watchdog had stopped the work. Released too, or they would wait out their ttl.
    try {
      for (const l of await this.o.backend.listLeases(SOURCE_LEASE)) {
        if (l.owner === this.o.owner) await this.o.backend.releaseLease(l.sourceId, this.o.owner);
      }
    } catch (e) {
      this.fail('release failed', e);
    }
    await this.o.backend.releaseLease(MEMBER_LEASE + this.o.owner, this.o.owner).catch((e) => this.fail('release failed', e));
  }

  private runRound(): void {
    const started = this.clock.now();
    this.current = this.round()
      .catch((e) => this.fail('round failed', e))
      .finally(() => {
        this.current = null;
        // Fixed rate, not fixed delay: a slow round (a loaded cluster) must not stretch the
        // time between renewals past the ttl.
        if (!this.stopping) this.timer = this.clock.setTimeout(() => this.runRound(), Math.max(0, started + this.roundMs - this.clock.now()));
      });
  }

  private fail(msg: string, e: unknown) {
    this.st.errors++;
    this.st.lastError = message(e);
    this.o.log?.('warn', msg, { owner: this.o.owner, error: this.st.lastError });
  }

  private async round(): Promise<void> {
    this.st.rounds++;
    await Promise.all([...this.held.keys()].map((s) => this.renew(s)));
    if (this.stopping) return;
    const now = this.clock.now();
    // Membership first, so the others count this sidecar before it takes anything.
    const me = await this.o.backend.acquireLease(MEMBER_LEASE + this.o.owner, this.o.owner, now, this.o.ttlMs);
    if (!me.ok) throw new Error(`membership lease ${this.o.owner} is held by another sidecar: owner ids must be unique`);
    const leases = await this.o.backend.listLeases('');
    const members = new Set([this.o.owner]);
    const heldByOthers = new Set<string>();
    for (const l of leases) {
      if (l.expiresMs <= now || l.owner === this.o.owner) continue;
      if (l.sourceId.startsWith(MEMBER_LEASE)) members.add(l.owner);
      else if (l.sourceId.startsWith(SOURCE_LEASE)) heldByOthers.add(l.sourceId.slice(SOURCE_LEASE.length));
    }
    const share = Math.ceil(this.o.sources.length / members.size);
    this.st.members = members.size;
    this.st.share = share;
    if (this.stopping) return;
    if (this.held.size > share) {
      // Least preferred first; the work stops before the lease goes, so no source has two writers.
      const extra = this.preference.filter((s) => this.held.has(s)).slice(share);
      for (const s of extra) {
        await this.drop(s, 'rebalance');
        await this.o.backend.releaseLease(SOURCE_LEASE + s, this.o.owner);
      }
      return;
    }
    for (const s of this.preference) {
      if (this.held.size >= share || this.stopping) break;
      if (this.held.has(s) || heldByOthers.has(s)) continue;
      await this.acquire(s);
    }
  }

  private async acquire(sourceId: string): Promise<void> {
    const now = this.clock.now();
    const r = await this.o.backend.acquireLease(SOURCE_LEASE + sourceId, this.o.owner, now, this.o.ttlMs);
    // Refused: another sidecar took it since the list was read; the next round looks again.
    if (!r.ok || this.stopping) {
      if (r.ok) await this.o.backend.releaseLease(SOURCE_LEASE + sourceId, this.o.owner);
      return;
    }
    this.hold(sourceId, r.lease.expiresMs);
    this.st.acquired++;
    if (r.takenOver) this.st.takenOver++;
    this.o.log?.('info', r.takenOver ? 'source taken over' : 'source leased', { owner: this.o.owner, source: sourceId });
    await this.o.onAcquired(sourceId);
  }

  private async renew(sourceId: string): Promise<void> {
    const now = this.clock.now();
    let ok: boolean;
    let expiresMs = 0;
    try {
      const r = await this.o.backend.acquireLease(SOURCE_LEASE + sourceId, this.o.owner, now, this.o.ttlMs);
      // Granted with takenOver: another sidecar held it for a while (this one was paused past its
      // lease). It is ours again; the work goes on, and what the other wrote meanwhile is
      // written again by content id at worst.
      ok = r.ok;
      if (r.ok) expiresMs = r.lease.expiresMs;
    } catch (e) {
      this.fail('lease renewal failed', e);
      return this.drop(sourceId, 'renewal-failed');
    }
    if (!this.held.has(sourceId)) {
      // The watchdog stopped the work while the renewal was under way: the lease is taken anew
      // next round, and the work starts again from the stored cursor then.
      return;
    }
    if (!ok) return this.drop(sourceId, 'refused');
    this.hold(sourceId, expiresMs);
  }

  /** Records a lease and arms its watchdog: the work stops when it runs out unrenewed. */
  private hold(sourceId: string, expiresMs: number) {
    const prev = this.held.get(sourceId);
    if (prev) this.clock.clearTimeout(prev.watchdog);
    const watchdog = this.clock.setTimeout(
      () => {
        if (this.held.get(sourceId)?.expiresMs === expiresMs) void this.drop(sourceId, 'expired');
      },
      Math.max(0, expiresMs - this.clock.now()),
    );
    this.held.set(sourceId, { expiresMs, watchdog });
  }

  /**
   * Forgets a lease and stops its work. Before a release (rebalance, stopping) the stop is awaited:
   * the lease must outlive the work. A lease already lost needs no such wait (isHeld is false
   * from now on, so no write starts), and a stop that waits for a write in flight must not hold
   * up the round that renews the other leases: it runs on, and idle() waits for it.
   */
  private async drop(sourceId: string, reason: LossReason): Promise<void> {
    const h = this.held.get(sourceId);
    if (!h) return;
    this.clock.clearTimeout(h.watchdog);
    this.held.delete(sourceId);
    this.st.lost[reason] = (this.st.lost[reason] ?? 0) + 1;
    if (reason !== 'stopping') this.o.log?.('warn', 'source lease lost', { owner: this.o.owner, source: sourceId, reason });
    const stopped = (async () => {
      try {
        await this.o.onLost(sourceId, reason);
      } catch (e) {
        this.fail('stopping the work failed', e);
      }
    })();
    if (reason === 'rebalance' || reason === 'stopping') return stopped;
    const p = stopped.finally(() => this.pending.delete(p));
    this.pending.add(p);
  }
}
