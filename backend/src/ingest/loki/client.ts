// Loki HTTP client: query_range, labels, label values, ready and WebSocket tail, with retries
// (exponential backoff + jitter, Retry-After honoured), a circuit breaker and per-attempt timeouts.
// Credentials only ever go into request headers; errors and events never carry them.

import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IBackoff,
  type IBackoffFactory,
  type IPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { Labels } from '../../types.js';
import { TailSession, type TailOptions } from './tail.js';

export type LokiAuth = { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

export interface LokiClientOptions {
  /** Loki base URL, e.g. http://loki:3100 (a path prefix is kept: proxies mount Loki under one). */
  baseUrl: string;
  /** X-Scope-OrgID; omit for a single-tenant Loki (auth_enabled: false). */
  tenant?: string;
  auth?: LokiAuth;
  /** Per-attempt timeout, including reading the whole body. */
  timeoutMs?: number;
  retry?: {
    maxAttempts?: number;
    initialDelayMs?: number;
    maxDelayMs?: number;
    /** Upper bound on a server's Retry-After, so a hostile value cannot park us for hours. */
    maxRetryAfterMs?: number;
  };
  breaker?: { consecutiveFailures?: number; halfOpenAfterMs?: number };
  /**
   * Ask for `categorize-labels` so `stream` holds only indexed labels and structured metadata
   * comes separately; Lokis that ignore the flag answer in the classic shape, parsed the same.
   */
  categorizeLabels?: boolean;
  /** Observability hook for retries; receives no secrets. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** Observability hook: how each HTTP attempt ended, by endpoint (query_range, labels, label_values). */
  onAttempt?: (endpoint: string, outcome: 'ok' | 'error' | 'timeout') => void;
  fetch?: typeof fetch;
}

export type Direction = 'forward' | 'backward';

export interface QueryRangeParams {
  query: string;
  startNs: bigint;
  endNs: bigint;
  limit: number;
  direction: Direction;
}

export interface LokiEntry {
  tsNs: bigint;
  line: string;
  metadata?: Labels;
}

export interface LokiStream {
  labels: Labels;
  /** In the requested direction's order, as Loki returns them. */
  entries: LokiEntry[];
}

export interface QueryRangeResult {
  streams: LokiStream[];
  entryCount: number;
}

/** An HTTP answer other than success. `retryable` covers 429 and 5xx. */
export class LokiHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly path: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`Loki ${path} answered ${status}: ${body.slice(0, 300).trim()}`);
    this.name = 'LokiHttpError';
  }
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** Connection refused/reset, truncated or unparsable body: worth a retry. */
export class LokiTransportError extends Error {
  constructor(message: string, readonly path: string) {
    super(`Loki ${path}: ${message}`);
    this.name = 'LokiTransportError';
  }
}

export function isRetryableLokiError(e: unknown): boolean {
  if (e instanceof LokiHttpError) return e.retryable;
  return e instanceof LokiTransportError || e instanceof TaskCancelledError || e instanceof BrokenCircuitError;
}

/** Retry-After as seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(v: string | null, nowMs = Date.now()): number | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - nowMs);
}

/** Exponential backoff with jitter, replaced by the server's Retry-After when one was sent. */
class RetryAfterBackoff implements IBackoff<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly inner: IBackoff<unknown>,
    readonly duration: number,
    private readonly maxRetryAfterMs: number,
  ) {}

  static factory(expo: IBackoffFactory<unknown>, maxRetryAfterMs: number): IBackoffFactory<IRetryBackoffContext<unknown>> {
    return {
      next(ctx) {
        const inner = expo.next(ctx);
        return new RetryAfterBackoff(inner, RetryAfterBackoff.pick(ctx, inner.duration, maxRetryAfterMs), maxRetryAfterMs);
      },
    };
  }

  private static pick(ctx: IRetryBackoffContext<unknown>, fallback: number, cap: number): number {
    const err = 'error' in ctx.result ? ctx.result.error : undefined;
    if (err instanceof LokiHttpError && err.retryAfterMs !== undefined) {
      // A little jitter on top, so many clients told "1s" do not return in lockstep.
      return Math.min(err.retryAfterMs, cap) + Math.floor(Math.random() * 100);
    }
    return fallback;
  }

  next(ctx: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const inner = this.inner.next(ctx);
    return new RetryAfterBackoff(inner, RetryAfterBackoff.pick(ctx, inner.duration, this.maxRetryAfterMs), this.maxRetryAfterMs);
  }
}

interface Shared {
  base: URL;
  auth: LokiAuth | undefined;
  policy: IPolicy<{ signal: AbortSignal }>;
  fetch: typeof fetch;
  timeoutMs: number;
  categorize: boolean;
  onAttempt?: LokiClientOptions['onAttempt'];
}

export class LokiClient {
  private readonly s: Shared;
  readonly tenant: string | undefined;

  constructor(opts: LokiClientOptions, shared?: Shared) {
    this.tenant = opts.tenant;
    if (shared) {
      this.s = shared;
      return;
    }
    const base = new URL(opts.baseUrl);
    let auth = opts.auth;
    // fetch refuses URLs with credentials; move them to a header and out of every message.
    if (base.username || base.password) {
      auth ??= { kind: 'basic', username: decodeURIComponent(base.username), password: decodeURIComponent(base.password) };
      base.username = '';
      base.password = '';
    }
    const r = opts.retry ?? {};
    const b = opts.breaker ?? {};
    const retryPolicy = retry(handleWhen(isRetryableLokiError), {
      maxAttempts: r.maxAttempts ?? 5,
      backoff: RetryAfterBackoff.factory(new ExponentialBackoff({ initialDelay: r.initialDelayMs ?? 200, maxDelay: r.maxDelayMs ?? 10_000 }), r.maxRetryAfterMs ?? 60_000),
    });
    if (opts.onRetry) {
      const cb = opts.onRetry;
      retryPolicy.onRetry((ev) => cb({ attempt: ev.attempt, delayMs: ev.delay, reason: 'error' in ev ? String((ev.error as Error)?.message ?? ev.error) : 'result' }));
    }
    const breakerPolicy = circuitBreaker(
      handleWhen((e) => isRetryableLokiError(e) && !(e instanceof BrokenCircuitError)),
      { halfOpenAfter: b.halfOpenAfterMs ?? 5_000, breaker: new ConsecutiveBreaker(b.consecutiveFailures ?? 8) },
    );
    const timeoutMs = opts.timeoutMs ?? 15_000;
    const timeoutPolicy = timeout(timeoutMs, TimeoutStrategy.Aggressive);
    this.s = {
      base,
      auth,
      policy: wrap(retryPolicy, breakerPolicy, timeoutPolicy) as unknown as IPolicy<{ signal: AbortSignal }>,
      fetch: opts.fetch ?? fetch,
      timeoutMs,
      categorize: opts.categorizeLabels ?? true,
      onAttempt: opts.onAttempt,
    };
  }

  /** Same endpoint, credentials, breaker and retry budget; another X-Scope-OrgID. */
  forTenant(tenant: string | undefined): LokiClient {
    return new LokiClient({ baseUrl: this.s.base.href, tenant }, this.s);
  }

  /** Base URL without credentials, safe to log. */
  get safeBaseUrl(): string {
    return this.s.base.href;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { ...extra };
    if (this.tenant) h['X-Scope-OrgID'] = this.tenant;
    const a = this.s.auth;
    if (a?.kind === 'basic') h.Authorization = `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`;
    else if (a?.kind === 'bearer') h.Authorization = `Bearer ${a.token}`;
    return h;
  }

  url(path: string, params?: Record<string, string>): URL {
    const u = new URL(this.s.base.href);
    u.pathname = `${u.pathname.replace(/\/+$/, '')}${path}`;
    if (params) for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u;
  }

  /** One resilient GET returning parsed JSON. The whole body is read inside the attempt's timeout. */
  private async getJson(path: string, params: Record<string, string>, signal?: AbortSignal, extraHeaders?: Record<string, string>): Promise<unknown> {
    const url = this.url(path, params);
    const endpoint = path.startsWith('/loki/api/v1/label/') ? 'label_values' : path.slice(path.lastIndexOf('/') + 1);
    return this.s.policy.execute(async ({ signal: attemptSignal }) => {
      try {
        const out = await this.attempt(url, path, attemptSignal, extraHeaders);
        this.s.onAttempt?.(endpoint, 'ok');
        return out;
      } catch (e) {
        this.s.onAttempt?.(endpoint, attemptSignal.aborted && !signal?.aborted ? 'timeout' : 'error');
        throw e;
      }
    }, signal);
  }

  private async attempt(url: URL | string, path: string, attemptSignal: AbortSignal, extraHeaders?: Record<string, string>): Promise<unknown> {
    {
      let res: Response;
      try {
        res = await this.s.fetch(url, { headers: this.headers(extraHeaders), signal: attemptSignal });
      } catch (e) {
        if (attemptSignal.aborted) throw e;
        throw new LokiTransportError(describeFetchError(e), path);
      }
      let text: string;
      try {
        text = await res.text();
      } catch (e) {
        if (attemptSignal.aborted) throw e;
        throw new LokiTransportError(`body read failed: ${describeFetchError(e)}`, path);
      }
      if (!res.ok) throw new LokiHttpError(res.status, text, path, parseRetryAfter(res.headers.get('retry-after')));
      try {
        return JSON.parse(text);
      } catch {
        // A 200 whose body does not parse was cut short (proxy or Loki restart): retry.
        throw new LokiTransportError(`unparsable body (${text.length} bytes)`, path);
      }
    }
  }

  async queryRange(p: QueryRangeParams, signal?: AbortSignal): Promise<QueryRangeResult> {
    const body = await this.getJson(
      '/loki/api/v1/query_range',
      { query: p.query, start: p.startNs.toString(), end: p.endNs.toString(), limit: String(p.limit), direction: p.direction },
      signal,
      this.s.categorize ? { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' } : undefined,
    );
    return parseStreamsResponse(body, '/loki/api/v1/query_range');
  }

  async labels(opts: { startNs?: bigint; endNs?: bigint; query?: string } = {}, signal?: AbortSignal): Promise<string[]> {
    return parseStringList(await this.getJson('/loki/api/v1/labels', timeParams(opts), signal), '/loki/api/v1/labels');
  }

  async labelValues(name: string, opts: { startNs?: bigint; endNs?: bigint; query?: string } = {}, signal?: AbortSignal): Promise<string[]> {
    const path = `/loki/api/v1/label/${encodeURIComponent(name)}/values`;
    return parseStringList(await this.getJson(path, timeParams(opts), signal), path);
  }

  /** GET /ready once (no retries): true only on 200. */
  async ready(signal?: AbortSignal): Promise<boolean> {
    try {
      const t = AbortSignal.timeout(this.s.timeoutMs);
      const res = await this.s.fetch(this.url('/ready'), { headers: this.headers(), signal: signal ? AbortSignal.any([signal, t]) : t });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  }

  /** Opens a WebSocket tail; resolves once the server accepted the upgrade. */
  async tail(opts: TailOptions): Promise<TailSession> {
    const params: Record<string, string> = { query: opts.query };
    if (opts.startNs !== undefined) params.start = opts.startNs.toString();
    if (opts.delayForS !== undefined) params.delay_for = String(opts.delayForS);
    if (opts.limit !== undefined) params.limit = String(opts.limit);
    const url = this.url('/loki/api/v1/tail', params);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return TailSession.open(url, this.headers(this.s.categorize ? { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' } : {}), {
      handshakeTimeoutMs: this.s.timeoutMs,
      ...opts,
    });
  }
}

function timeParams(o: { startNs?: bigint; endNs?: bigint; query?: string }): Record<string, string> {
  const p: Record<string, string> = {};
  if (o.startNs !== undefined) p.start = o.startNs.toString();
  if (o.endNs !== undefined) p.end = o.endNs.toString();
  if (o.query) p.query = o.query;
  return p;
}

function describeFetchError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}

function parseStringList(body: unknown, path: string): string[] {
  const b = body as { status?: string; data?: unknown };
  if (b?.status !== 'success') throw new LokiTransportError('response without status "success"', path);
  // Loki omits `data` when empty (omitempty in its Go struct).
  if (b.data === undefined || b.data === null) return [];
  if (!Array.isArray(b.data)) throw new LokiTransportError('`data` is not a list', path);
  return b.data.map(String);
}

/** Parses a `streams` result, classic or categorize-labels shape. */
export function parseStreamsResponse(body: unknown, path: string): QueryRangeResult {
  const b = body as { status?: string; data?: { resultType?: string; result?: unknown } };
  if (b?.status !== 'success' || !b.data) throw new LokiTransportError('response without status "success"', path);
  if (b.data.resultType !== 'streams') throw new LokiTransportError(`unexpected resultType ${String(b.data.resultType)}`, path);
  const result = b.data.result;
  if (!Array.isArray(result)) throw new LokiTransportError('`data.result` is not a list', path);
  let entryCount = 0;
  const streams: LokiStream[] = result.map((r: { stream?: Labels; values?: unknown[] }) => {
    if (!r || typeof r.stream !== 'object' || !Array.isArray(r.values)) throw new LokiTransportError('malformed stream object', path);
    const entries = r.values.map((v) => toEntry(v, path));
    entryCount += entries.length;
    return { labels: r.stream, entries };
  });
  return { streams, entryCount };
}

export function toEntry(v: unknown, path: string): LokiEntry {
  if (!Array.isArray(v) || typeof v[0] !== 'string' || typeof v[1] !== 'string' || !/^\d+$/.test(v[0])) {
    throw new LokiTransportError('malformed value', path);
  }
  const e: LokiEntry = { tsNs: BigInt(v[0]), line: v[1] };
  const meta = (v[2] as { structuredMetadata?: Labels } | undefined)?.structuredMetadata;
  if (meta && Object.keys(meta).length > 0) e.metadata = meta;
  return e;
}
