// The lease keeper on the embedded backend's real lease table, with a fake clock: every round,
// renewal and expiry happens when the test moves time, never by sleeping. A tracker of who runs
// work on which source checks the safety property throughout: never two sidecars on one source.
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Store } from '../store/store.js';
import { templatesMigration } from '../templates/index.js';
import { valuesKeysMigration, valuesMigration } from '../values/migration.js';
import { EmbeddedBackend, embeddedBackendMigration } from './embedded.js';
import { LeaseKeeper, MEMBER_LEASE, SOURCE_LEASE, type KeeperClock, type LeaseBackend, type LossReason } from './lease-keeper.js';

const TTL = 3_000;
const ROUND = 1_000;

/** One time line shared by every sidecar; each sidecar's timers die with it (a SIGKILL). */
class World {
  t = 1_000_000;
  private seq = 0;
  private readonly timers: { at: number; seq: number; fn: () => void; owner: FakeClock }[] = [];

  clock(): FakeClock {
    return new FakeClock(this);
  }

  add(owner: FakeClock, ms: number, fn: () => void): number {
    const seq = ++this.seq;
    this.timers.push({ at: this.t + ms, seq, fn, owner });
    return seq;
  }

  remove(seq: number) {
    const i = this.timers.findIndex((x) => x.seq === seq);
    if (i >= 0) this.timers.splice(i, 1);
  }

  /** Moves time forward by ms, firing due timers in order and letting each one's work finish. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await turn(); // the embedded backend answers in microtasks: one turn settles a round
      const live = this.timers.filter((x) => !x.owner.dead && x.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = live[0];
      if (!next) break;
      this.remove(next.seq);
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = end;
    await turn();
  }
}

class FakeClock implements KeeperClock {
  dead = false;
  constructor(private readonly world: World) {}
  now = () => this.world.t;
  setTimeout = (fn: () => void, ms: number) => this.world.add(this, ms, fn);
  clearTimeout = (h: unknown) => this.world.remove(h as number);
}

/** Who runs work on which source; a second runner on a source is recorded as a violation. */
class Tracker {
  readonly running = new Map<string, string>();
  readonly violations: string[] = [];
  readonly lost: [string, string, LossReason][] = [];
  onAcquired(owner: string, s: string) {
    const other = this.running.get(s);
    if (other !== undefined && other !== owner) this.violations.push(`${s}: ${owner} started while ${other} runs`);
    this.running.set(s, owner);
  }
  onLost(owner: string, s: string, reason: LossReason) {
    this.lost.push([owner, s, reason]);
    if (this.running.get(s) === owner) this.running.delete(s);
  }
  /** A sidecar process died: its work died with it. */
  crash(owner: string) {
    for (const [s, o] of this.running) if (o === owner) this.running.delete(s);
  }
  of(owner: string) {
    return [...this.running].filter(([, o]) => o === owner).map(([s]) => s).sort();
  }
}

/** The real backend, with renewals of chosen sources made to fail or hang (a cluster in trouble). */
class Faulty implements LeaseBackend {
  failing = new Set<string>();
  hanging = new Set<string>();
  private release: (() => void)[] = [];
  constructor(private readonly b: EmbeddedBackend) {}
  acquireLease: LeaseBackend['acquireLease'] = async (id, owner, now, ttl) => {
    if (this.failing.has(id)) throw new Error('connection refused');
    if (this.hanging.has(id)) await new Promise<void>((r) => this.release.push(r));
    return this.b.acquireLease(id, owner, now, ttl);
  };
  releaseLease: LeaseBackend['releaseLease'] = (id, owner) => this.b.releaseLease(id, owner);
  listLeases: LeaseBackend['listLeases'] = (p) => this.b.listLeases(p);
  unhang() {
    this.hanging.clear();
    for (const r of this.release.splice(0)) r();
  }
}

describe('lease keeper', () => {
  let store: Store;
  let backend: EmbeddedBackend;
  let world: World;
  let tracker: Tracker;
  const keepers: LeaseKeeper[] = [];

  beforeEach(() => {
    store = Store.open(':memory:', { migrations: [templatesMigration, valuesMigration, valuesKeysMigration, embeddedBackendMigration] });
    backend = new EmbeddedBackend(store, { dim: 4 });
    world = new World();
    tracker = new Tracker();
  });
  afterEach(async () => {
    for (const k of keepers.splice(0)) await k.stop();
    store.close();
  });

  const sidecar = (owner: string, sources: string[], lb: LeaseBackend = backend) => {
    const clock = world.clock();
    const k = new LeaseKeeper({
      backend: lb,
      owner,
      sources,
      ttlMs: TTL,
      roundMs: ROUND,
      clock,
      onAcquired: (s) => tracker.onAcquired(owner, s),
      onLost: (s, reason) => tracker.onLost(owner, s, reason),
    });
    keepers.push(k);
    return { k, clock };
  };
  const sourceLeases = async () => (await backend.listLeases(SOURCE_LEASE)).map((l) => [l.sourceId.slice(SOURCE_LEASE.length), l.owner, l.expiresMs - world.t]);

  test('acquire: a lone sidecar leases every source, starts each one\'s work once, and joins as a member', async () => {
    const { k } = sidecar('a', ['s1', 's2', 's3']);
    k.start();
    await world.advance(0);
    assert.deepEqual(tracker.of('a'), ['s1', 's2', 's3']);
    assert.deepEqual(await sourceLeases(), [['s1', 'a', TTL], ['s2', 'a', TTL], ['s3', 'a', TTL]]);
    assert.deepEqual((await backend.listLeases(MEMBER_LEASE)).map((l) => l.owner), ['a']);
    assert.ok(['s1', 's2', 's3'].every((s) => k.isHeld(s)));
    assert.equal(k.isHeld('s4'), false);
    assert.equal(k.status().acquired, 3);
  });

  test('renew: every round moves the expiry on, so another owner is refused for as long as the holder lives', async () => {
    const { k } = sidecar('a', ['s1', 's2']);
    k.start();
    await world.advance(0);
    for (let i = 0; i < 10; i++) {
      await world.advance(ROUND);
      // Past the first lease's end (after 3 rounds) only a renewal keeps it.
      const other = await backend.acquireLease(SOURCE_LEASE + 's1', 'intruder', world.t, TTL);
      assert.equal(other.ok, false, `round ${i}: taken from a live holder`);
    }
    assert.deepEqual(await sourceLeases(), [['s1', 'a', TTL], ['s2', 'a', TTL]]);
    assert.deepEqual(tracker.of('a'), ['s1', 's2']);
    assert.equal(k.status().acquired, 2, 'renewed, not re-acquired');
    assert.deepEqual(tracker.lost, []);
  });

  test('lose: a refused renewal stops that source\'s work at the next round; the others go on', async () => {
    const { k } = sidecar('a', ['s1', 's2']);
    k.start();
    await world.advance(0);
    // Another sidecar wins the lease (as after a pause of this one past its lease).
    await backend.releaseLease(SOURCE_LEASE + 's1', 'a');
    assert.equal((await backend.acquireLease(SOURCE_LEASE + 's1', 'b', world.t, 100 * TTL)).ok, true);
    await world.advance(ROUND);
    assert.deepEqual(tracker.lost, [['a', 's1', 'refused']]);
    assert.equal(k.isHeld('s1'), false);
    assert.deepEqual(tracker.of('a'), ['s2']);
    await world.advance(5 * ROUND);
    assert.deepEqual(tracker.of('a'), ['s2'], 'not taken back while b holds it');
  });

  test('lose: a renewal that fails stops the work at once, long before the lease would run out', async () => {
    const faulty = new Faulty(backend);
    const { k } = sidecar('a', ['s1', 's2'], faulty);
    k.start();
    await world.advance(0);
    faulty.failing.add(SOURCE_LEASE + 's1');
    await world.advance(ROUND);
    assert.deepEqual(tracker.lost, [['a', 's1', 'renewal-failed']]);
    assert.equal(k.isHeld('s1'), false);
    // The backend is back: the lease (still this owner's) is taken again and the work restarts.
    faulty.failing.clear();
    await world.advance(ROUND);
    assert.deepEqual(tracker.of('a'), ['s1', 's2']);
  });

  test('lose: a renewal that hangs stops the work when the lease runs out by the local clock', async () => {
    const faulty = new Faulty(backend);
    const { k } = sidecar('a', ['s1'], faulty);
    k.start();
    await world.advance(0);
    const expires = world.t + TTL;
    faulty.hanging.add(SOURCE_LEASE + 's1');
    await world.advance(TTL - 1);
    assert.equal(k.isHeld('s1'), true);
    assert.deepEqual(tracker.lost, []);
    await world.advance(1);
    assert.equal(world.t, expires);
    assert.equal(k.isHeld('s1'), false);
    assert.deepEqual(tracker.lost, [['a', 's1', 'expired']]);
    // The renewal comes back granted after all (the backend names this sidecar; no work runs on
    // it until a round takes it again), and the sidecar is stopped right then: a graceful stop
    // releases that lease too, not only the ones with work on them.
    faulty.unhang();
    await k.stop();
    assert.deepEqual(tracker.of('a'), []);
    assert.deepEqual(await sourceLeases(), []);
    assert.deepEqual(await backend.listLeases(MEMBER_LEASE), []);
  });

  test('a round that takes long does not push the next renewal back: rounds start at a fixed rate', async () => {
    const faulty = new Faulty(backend);
    const { k } = sidecar('a', ['s1'], faulty);
    k.start();
    await world.advance(0);
    // Each round's lease list takes 2.5 rounds (a loaded cluster). Started a round after the last
    // one ended, renewals would be 3.5 rounds apart, past the ttl (3 rounds): the watchdog would
    // stop the work. Started at a fixed rate (at once when late), they stay 2.5 rounds apart.
    const list = faulty.listLeases;
    faulty.listLeases = async (p) => {
      await new Promise<void>((r) => world.add(new FakeClock(world), 2.5 * ROUND, r));
      return list(p);
    };
    for (let i = 0; i < 40; i++) await world.advance(ROUND / 4);
    assert.deepEqual(tracker.lost, []);
    assert.ok(k.isHeld('s1'));
    faulty.listLeases = list;
    await world.advance(3 * ROUND); // the list in flight ends
  });

  test('split and take over: two sidecars share four sources; one is SIGKILLed; after its leases expire the other takes them over', async () => {
    const sources = ['s1', 's2', 's3', 's4'];
    const a = sidecar('a', sources);
    const b = sidecar('b', sources);
    a.k.start();
    b.k.start();
    await world.advance(5 * ROUND);
    assert.equal(tracker.of('a').length, 2, JSON.stringify([...tracker.running]));
    assert.equal(tracker.of('b').length, 2);
    assert.deepEqual([...tracker.of('a'), ...tracker.of('b')].sort(), sources);
    const aHad = tracker.of('a');

    // SIGKILL: a's timers stop, its work dies, nothing is released.
    a.clock.dead = true;
    tracker.crash('a');
    await world.advance(TTL - ROUND);
    assert.equal(tracker.of('b').length, 2, 'taken before the dead one\'s leases ran out');
    await world.advance(2 * ROUND);
    assert.deepEqual(tracker.of('b'), sources);
    assert.equal(b.k.status().takenOver, 2);
    assert.deepEqual(aHad.every((s) => b.k.isHeld(s)), true);
    assert.deepEqual(tracker.violations, []);
    keepers.splice(keepers.indexOf(a.k), 1);
  });

  test('rebalance: sidecars joining one that holds everything end with equal shares, never two on one source', async () => {
    const sources = ['s1', 's2', 's3', 's4', 's5', 's6'];
    const a = sidecar('a', sources);
    a.k.start();
    await world.advance(2 * ROUND);
    assert.equal(tracker.of('a').length, 6);
    const b = sidecar('b', sources);
    const c = sidecar('c', sources);
    b.k.start();
    await world.advance(ROUND / 2);
    c.k.start();
    for (let i = 0; i < 8; i++) {
      await world.advance(ROUND / 2);
      assert.deepEqual(tracker.violations, []);
    }
    assert.deepEqual(['a', 'b', 'c'].map((o) => tracker.of(o).length), [2, 2, 2]);
    assert.ok(tracker.lost.every(([o, , r]) => o === 'a' && r === 'rebalance'), JSON.stringify(tracker.lost));
    // A graceful stop releases at once: the others need not wait for expiry.
    await c.k.stop();
    keepers.splice(keepers.indexOf(c.k), 1);
    await world.advance(2 * ROUND);
    assert.deepEqual(['a', 'b'].map((o) => tracker.of(o).length), [3, 3]);
    assert.deepEqual(tracker.violations, []);
  });
});
