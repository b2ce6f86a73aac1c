// A Loki /tail WebSocket as a pull-based reader with bounded buffering: when the consumer falls
// behind, the socket is paused (TCP back-pressure); Loki then drops entries and says so in
// `dropped_entries`, which the follower answers with a range catch-up.

import WebSocket from 'ws';
import type { Labels } from '../../types.js';
import { LokiHttpError, LokiTransportError, parseRetryAfter, toEntry, type LokiEntry } from './client.js';

export interface TailOptions {
  query: string;
  startNs?: bigint;
  delayForS?: number;
  limit?: number;
  /** Pause the socket when this many entries wait unread. */
  highWaterEntries?: number;
  /** No frame and no ping for this long means the connection is dead (Loki pings every 1 s). */
  idleTimeoutMs?: number;
  handshakeTimeoutMs?: number;
}

export interface TailBatch {
  entries: Array<LokiEntry & { labels: Labels }>;
  dropped: Array<{ labels: Labels; tsNs: bigint }>;
}

/** The tail ended: server close frame, network loss or idle timeout. */
export class LokiTailClosedError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`Loki tail closed (code ${code}${reason ? `: ${reason}` : ''})`);
    this.name = 'LokiTailClosedError';
  }
}

const PATH = '/loki/api/v1/tail';

export class TailSession {
  private readonly queue: TailBatch[] = [];
  private queued = 0;
  private ended: Error | null = null;
  private closedByUs = false;
  private waiter: (() => void) | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private paused = false;

  private constructor(
    private readonly ws: WebSocket,
    private readonly highWater: number,
    private readonly idleTimeoutMs: number,
  ) {
    ws.on('message', (raw) => this.onMessage(raw.toString()));
    ws.on('ping', () => this.touch());
    ws.on('close', (code, reason) => this.finish(this.closedByUs ? null : new LokiTailClosedError(code, reason.toString())));
    ws.on('error', (e) => this.finish(new LokiTransportError(e.message, PATH)));
    this.touch();
  }

  static open(url: URL, headers: Record<string, string>, opts: TailOptions): Promise<TailSession> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers, handshakeTimeout: opts.handshakeTimeoutMs ?? 15_000 });
      let settled = false;
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.terminate();
        reject(e);
      };
      ws.once('unexpected-response', (_req, res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        const done = () => fail(new LokiHttpError(res.statusCode ?? 0, Buffer.concat(parts).toString('utf8'), PATH, parseRetryAfter(res.headers['retry-after'] ?? null)));
        res.on('end', done);
        res.on('error', done);
        res.on('close', done);
      });
      ws.once('error', (e) => fail(new LokiTransportError(e.message, PATH)));
      ws.once('close', (code, reason) => fail(new LokiTailClosedError(code, reason.toString())));
      ws.once('open', () => {
        if (settled) return;
        settled = true;
        ws.removeAllListeners();
        resolve(new TailSession(ws, opts.highWaterEntries ?? 10_000, opts.idleTimeoutMs ?? 10_000));
      });
    });
  }

  private touch() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.ended) return;
    this.idleTimer = setTimeout(() => {
      this.ws.terminate();
      this.finish(new LokiTailClosedError(1006, `no frame or ping for ${this.idleTimeoutMs} ms`));
    }, this.idleTimeoutMs);
  }

  private onMessage(text: string) {
    this.touch();
    let msg: { streams?: Array<{ stream: Labels; values: unknown[] }>; dropped_entries?: Array<{ labels: Labels; timestamp: string }> };
    try {
      msg = JSON.parse(text);
    } catch {
      this.ws.terminate();
      this.finish(new LokiTransportError('unparsable tail frame', PATH));
      return;
    }
    const batch: TailBatch = { entries: [], dropped: [] };
    try {
      for (const s of msg.streams ?? []) for (const v of s.values ?? []) batch.entries.push({ ...toEntry(v, PATH), labels: s.stream });
      for (const d of msg.dropped_entries ?? []) batch.dropped.push({ labels: d.labels, tsNs: BigInt(d.timestamp) });
    } catch (e) {
      this.ws.terminate();
      this.finish(e as Error);
      return;
    }
    this.queue.push(batch);
    this.queued += batch.entries.length;
    if (!this.paused && this.queued >= this.highWater) {
      this.paused = true;
      this.ws.pause();
    }
    this.wake();
  }

  private finish(err: Error | null) {
    if (this.ended) return;
    this.ended = err ?? new LokiTailClosedError(1000, 'closed by client');
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.wake();
  }

  private wake() {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /**
   * Next batch, or null when nothing arrived within `timeoutMs`. Throws once the tail has ended
   * and every queued batch was read.
   */
  async read(timeoutMs: number): Promise<TailBatch | null> {
    if (this.queue.length === 0 && !this.ended) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.waiter = null;
          resolve();
        }, timeoutMs);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    const b = this.queue.shift();
    if (b) {
      this.queued -= b.entries.length;
      if (this.paused && this.queued < this.highWater / 2) {
        this.paused = false;
        this.ws.resume();
      }
      return b;
    }
    if (this.ended) throw this.ended;
    return null;
  }

  close(): void {
    this.closedByUs = true;
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
    this.finish(null);
  }
}
