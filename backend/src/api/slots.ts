// A bulkhead for asks: at most `capacity` run at once, at most `queue` wait, and a waiting ask gives
// up after `queueTimeoutMs` (limits.askQueueTimeoutMs) instead of piling up behind slow ones. The
// one cockatiel offered has no queue timeout, and a caller that gave up kept its place in the queue.

/** The queue was full: answered 429 + Retry-After. */
export class SlotsFullError extends Error {}

/** Waited longer than queueTimeoutMs for a slot: answered 503 + Retry-After. */
export class QueueTimeoutError extends Error {}

/** The caller went away while its ask waited: nobody to answer. */
export class CallerGoneError extends Error {}

interface Waiter {
  start: () => void;
  fail: (err: Error) => void;
}

export class AskSlots {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly capacity: number,
    private readonly queue: number,
    private readonly queueTimeoutMs: number,
  ) {}

  /** Runs fn in a slot, waiting for one if all are taken. `signal`: the caller went away while waiting. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= this.capacity) await this.wait(signal);
    else this.active++;
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private wait(signal?: AbortSignal): Promise<void> {
    if (this.waiting.length >= this.queue) return Promise.reject(new SlotsFullError('ask queue full'));
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const i = this.waiting.indexOf(w);
        if (i >= 0) this.waiting.splice(i, 1);
      };
      const w: Waiter = {
        // The slot is handed over (active stays counted): no other caller can take it in between.
        start: () => {
          done();
          resolve();
        },
        fail: (err) => {
          done();
          reject(err);
        },
      };
      const timer = setTimeout(() => w.fail(new QueueTimeoutError(`waited ${this.queueTimeoutMs} ms for an ask slot`)), this.queueTimeoutMs);
      const onAbort = () => w.fail(new CallerGoneError('caller went away'));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(w);
    });
  }

  private release(): void {
    const next = this.waiting[0];
    if (next) next.start();
    else this.active--;
  }

  /** For tests and metrics: asks running and waiting. */
  get state(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }
}
