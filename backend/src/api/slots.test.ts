import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AskSlots, CallerGoneError, QueueTimeoutError, SlotsFullError } from './slots.js';

/** A task that runs until released. */
function held(): { run: () => Promise<string>; release: () => void; started: Promise<void> } {
  let release!: () => void;
  let started!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const s = new Promise<void>((r) => (started = r));
  return {
    run: async () => {
      started();
      await gate;
      return 'done';
    },
    release,
    started: s,
  };
}

test('ask slots: a full queue refuses, a queued ask times out and leaves the queue, a freed slot passes on', async () => {
  const slots = new AskSlots(1, 2, 50);
  const a = held();
  const first = slots.run(a.run);
  await a.started;
  // Queued, then given up on after the queue timeout: its place is free again.
  await assert.rejects(slots.run(async () => 'never'), QueueTimeoutError);
  assert.deepEqual(slots.state, { active: 1, waiting: 0 });
  // The queue holds two; a third waiter is refused at once.
  const b = held();
  const slotsLong = new AskSlots(1, 2, 60_000);
  const x = held();
  const running = slotsLong.run(x.run);
  await x.started;
  const q1 = slotsLong.run(b.run);
  const abort = new AbortController();
  const q2 = slotsLong.run(async () => 'aborted one', abort.signal);
  await assert.rejects(slotsLong.run(async () => 'third'), SlotsFullError);
  // A caller that leaves while queued frees its place.
  abort.abort();
  await assert.rejects(q2, CallerGoneError);
  assert.deepEqual(slotsLong.state, { active: 1, waiting: 1 });
  // Releasing the running task hands the slot to the next in line.
  x.release();
  assert.equal(await running, 'done');
  await b.started;
  b.release();
  assert.equal(await q1, 'done');
  assert.deepEqual(slotsLong.state, { active: 0, waiting: 0 });
  a.release();
  assert.equal(await first, 'done');
  assert.deepEqual(slots.state, { active: 0, waiting: 0 });
});

test('ask slots: a task that throws frees its slot', async () => {
  const slots = new AskSlots(1, 0, 1000);
  await assert.rejects(slots.run(async () => Promise.reject(new Error('boom'))), /boom/);
  assert.equal(await slots.run(async () => 7), 7);
  assert.deepEqual(slots.state, { active: 0, waiting: 0 });
});
