import { BackendUnavailableError, type BackendAskService } from '../ask-backend/ask.js';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { RetrieveRequest } from '../retrieve/retriever.js';
import { rateLimit } from 'express-rate-limit';
import { TENANT_RE } from '../config/schema.js';
import type { AskService, AskEvent } from '../answer/ask.js';
import type { Ingest } from '../ingest/writer.js';
import { SelectorError } from '../retrieve/selector.js';
import { streamCatalog } from '../retrieve/catalog.js';
import { checkTimePhrases, QueryError } from '../retrieve/query.js';
import { yieldToLoop } from '../retrieve/retriever.js';
import { AskSlots, CallerGoneError, QueueTimeoutError, SlotsFullError } from './slots.js';
import { safeJson, shapeAnswer, shapePatterns } from './shape.js';
import { neutralizeProse } from '../answer/extractive.js';
import type { Store } from '../store/store.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { LogEntry } from '../types.js';
import { ApiError, errorHandler, fromZod } from './errors.js';
import { askSchema, explainAlertSchema, GO_ZERO_TIME, INT64_MAX, MAX_QUESTION_CHARS, parseTime, patternsSchema, pushSchema } from './schemas.js';
import { DEFAULT_BASELINE_NS, patternChanges, patternWhatChanged } from '../retrieve/patterns.js';
import { InProcessChangeAnalysis, type ChangeAnalysis } from '../whatchanged/analysis.js';
import { exploreUrl, type ExploreTarget } from '../answer/explore.js';
import { rfc3339Nano } from '../lib/time.js';
import { selectorFor } from '../retrieve/selector.js';

/** An API key as configured: any tenant, or only some. */
export type ApiKeySpec = string | { key: string; tenants: string[] };

export interface Limits {
  askPerMinute: number;
  ingestPerMinute: number;
  maxConcurrentAsks: number;
  askQueue: number;
  /** A queued ask gives up after this long: 503 + Retry-After (default 15 s). */
  askQueueTimeoutMs?: number;
  /** How far past its arrival a pushed line may be stamped (default 600 s); later: a 400. */
  maxFutureSeconds?: number;
}

/** Explain-alert window: 15 min before startsAt covers a "for: 5m" rule plus the build-up to it. */
const ALERT_LOOKBACK_NS = 15n * 60_000_000_000n;
/** ...and 5 min past the end (or the start, while firing) to include what the alert coincided with. */
const ALERT_LOOKAHEAD_NS = 5n * 60_000_000_000n;
/** Labels every Grafana/Prometheus alert carries that name no stream. */
const ALERT_BOOKKEEPING_LABELS = new Set(['alertname', 'severity', 'grafana_folder', 'rule_uid', 'ref_id', 'datasource_uid']);

/** Seconds a client should wait after the ask queue was full: about one short ask. */
const BUSY_RETRY_AFTER_S = 2;
/** Defaults of the config's limits (config/schema.ts), for callers that build the API directly. */
const DEFAULT_ASK_QUEUE_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_FUTURE_SECONDS = 600;

interface Principal {
  /** Short, non-secret id of the key (for rate-limit buckets and logs). */
  keyId: string;
  tenants?: ReadonlySet<string>;
}

export interface ReadinessCheck {
  name: string;
  /** Checks see the caller's tenant, so a detail never counts or names another tenant's data. */
  /** ok: fine; degraded: serving with less (BM25 only, extractive only); down: cannot serve. */
  check(tenant: string):
    | { state: 'ok' | 'degraded' | 'down'; detail?: Record<string, unknown> }
    | Promise<{ state: 'ok' | 'degraded' | 'down'; detail?: Record<string, unknown> }>;
}

export interface ApiDeps {
  store: Store;
  pipeline: Ingest;
  ask: AskService;
  metrics: Metrics;
  log: Logger;
  apiKeys: ApiKeySpec[];
  metricsKey?: string;
  authDisabled: boolean;
  limits: Limits;
  defaultTenant: string;
  bodyLimitBytes: number;
  readiness: ReadinessCheck[];
  /** Where Explore links in pattern examples point. */
  explore: ExploreTarget;
  /** Status of the Loki followers (GET /api/v1/sources shows those of the caller's tenant). */
  sources?: () => { sourceId: string; tenant: string }[];
  /** Where the patterns route's change analyses run (worker threads in the app); the calling thread when absent. */
  analysis?: ChangeAnalysis;
  /**
   * Why this sidecar does not serve asks and pushes (backend.kind opensearch: followed lines go to
   * the cluster, which nothing asks yet). Those routes answer 501 with it, naming backend.kind.
   */
  notServed?: string;
  /**
   * With notServed: asks answered through the backend instead (ask-backend/), retrieval questions
   * only; the others answer 501 with its refusal.
   */
  backendAsk?: BackendAskService;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Compares against every key without an early exit, so timing reveals neither match nor index. */
export function keyMatches(given: string, keys: readonly Buffer[]): boolean {
  const g = digest(given);
  let ok = false;
  for (const k of keys) ok = timingSafeEqual(g, k) || ok;
  return ok;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

export function buildApi(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const keys = deps.apiKeys.map((k) => {
    const key = typeof k === 'string' ? k : k.key;
    return {
      digest: digest(key),
      keyId: digest(key).subarray(0, 4).toString('hex'),
      tenants: typeof k === 'string' ? undefined : new Set(k.tenants),
    };
  });
  const keyDigests = keys.map((k) => k.digest);
  // /metrics counts every tenant's lines: open to the metrics key and to keys not limited to tenants.
  const metricsDigests = [
    ...(deps.metricsKey ? [digest(deps.metricsKey)] : []),
    ...keys.filter((k) => k.tenants === undefined).map((k) => k.digest),
  ];
  const principalOf = (req: Request) => (req as Request & { principal?: Principal }).principal;

  const presentedKey = (req: Request): string | undefined => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
    return m?.[1] ?? req.header('x-api-key');
  };
  const unauthorized = () =>
    new ApiError(401, 'unauthorized', 'missing or invalid API key', 'authorization', { 'WWW-Authenticate': 'Bearer' });

  app.use((req, res, next) => {
    (req as Request & { id: string }).id = randomUUID();
    res.on('finish', () => {
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      deps.metrics.httpRequests.inc({ route, status: String(res.statusCode) });
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // The metrics key opens /metrics and nothing else, so a scraper's key cannot read logs.
  app.get('/metrics', async (req, res, next) => {
    const given = presentedKey(req);
    const ok = deps.authDisabled || (given !== undefined && keyMatches(given, metricsDigests));
    if (!ok) return next(unauthorized());
    try {
      res.setHeader('Content-Type', deps.metrics.registry.contentType);
      res.send(await deps.metrics.registry.metrics());
    } catch (err) {
      next(err);
    }
  });

  app.use((req, _res, next) => {
    if (deps.authDisabled) {
      (req as Request & { principal?: Principal }).principal = { keyId: 'none' };
      return next();
    }
    const given = presentedKey(req);
    if (!given || keyDigests.length === 0 || !keyMatches(given, keyDigests)) return next(unauthorized());
    const g = digest(given);
    const k = keys.find((x) => x.digest.equals(g))!;
    (req as Request & { principal?: Principal }).principal = { keyId: k.keyId, tenants: k.tenants };
    next();
  });

  app.use(
    express.json({
      limit: deps.bodyLimitBytes,
      strict: true,
      type: ['application/json', 'application/*+json'],
      verify: (_req, _res, buf) => {
        try {
          fatalUtf8.decode(buf);
        } catch {
          throw new ApiError(400, 'invalid_utf8', 'request body is not valid UTF-8', 'body');
        }
      },
    }),
  );

  /** The tenant a request means (the default one without a header), valid or not. */
  const resolvedTenant = (req: Request): string => {
    const raw = req.header('x-scope-orgid');
    return raw === undefined || raw === '' ? deps.defaultTenant : raw;
  };

  const tenantOf = (req: Request): string => {
    const t = resolvedTenant(req);
    if (!TENANT_RE.test(t) || t === '.' || t === '..') {
      throw new ApiError(400, 'invalid_tenant', "X-Scope-OrgID must be 1-150 of [A-Za-z0-9_.!*'()-]", 'X-Scope-OrgID');
    }
    const allowed = principalOf(req)?.tenants;
    if (allowed && !allowed.has(t)) throw new ApiError(403, 'forbidden_tenant', 'this API key may not use that tenant', 'X-Scope-OrgID');
    return t;
  };

  const limiter = (perMinute: number, what: string): RequestHandler =>
    rateLimit({
      windowMs: 60_000,
      limit: perMinute,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      // Per key and tenant: one noisy dashboard does not lock out another team. The tenant as
      // resolved (no header and the default tenant's name are one bucket, not two).
      keyGenerator: (req) => `${principalOf(req)?.keyId ?? 'none'}|${resolvedTenant(req)}`,
      handler: (_req, _res, next, options) =>
        next(
          new ApiError(429, 'rate_limited', `too many ${what} requests; limit ${options.limit} per minute`, 'authorization', {
            'Retry-After': String(Math.ceil(options.windowMs / 1000)),
          }),
        ),
    });
  const askLimiter = limiter(deps.limits.askPerMinute, 'ask');
  const ingestLimiter = limiter(deps.limits.ingestPerMinute, 'ingest');
  const askQueueTimeoutMs = deps.limits.askQueueTimeoutMs ?? DEFAULT_ASK_QUEUE_TIMEOUT_MS;
  const askSlots = new AskSlots(deps.limits.maxConcurrentAsks, deps.limits.askQueue, askQueueTimeoutMs);
  const maxFutureNs = BigInt(deps.limits.maxFutureSeconds ?? DEFAULT_MAX_FUTURE_SECONDS) * 1_000_000_000n;
  const busy = () =>
    new ApiError(429, 'busy', 'too many questions in flight; retry shortly', 'question', { 'Retry-After': String(BUSY_RETRY_AFTER_S) });

  /** Errors of reading a request's selector and question, as the 4xx (or 503) they are. */
  const asApiError = (err: unknown): unknown => {
    if (err instanceof SelectorError) return new ApiError(400, err.code, `selector: ${err.message}`, 'selector');
    if (err instanceof QueryError) return new ApiError(400, 'invalid_time', `question: ${err.message}`, err.field);
    if (err instanceof SlotsFullError) return busy();
    if (err instanceof CallerGoneError) return new ApiError(400, 'aborted', 'request aborted', 'body');
    if (err instanceof BackendUnavailableError) return new ApiError(503, 'backend_unavailable', err.message, 'backend.kind', { 'Retry-After': String(BUSY_RETRY_AFTER_S) });
    if (err instanceof QueueTimeoutError) {
      return new ApiError(503, 'queue_timeout', `waited ${askQueueTimeoutMs} ms for a free ask slot; retry shortly`, 'question', {
        'Retry-After': String(BUSY_RETRY_AFTER_S),
      });
    }
    return err;
  };

  /** JSON with invisible and reordering characters escaped (the parsed value is unchanged). */
  const sendJson = (res: Response, body: unknown) => {
    res.type('application/json').send(safeJson(body));
  };

  const requireJson = (req: Request) => {
    if (!req.is('application/json') && !req.is('application/*+json')) {
      throw new ApiError(415, 'unsupported_media_type', 'send Content-Type: application/json', 'content-type');
    }
    if (req.body === undefined || req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      throw new ApiError(400, 'invalid_request', 'body must be a JSON object', 'body');
    }
  };

  /** A JSON body checked against its schema, with the caller's tenant (checked first: 403 beats 400). */
  const jsonRequest = <S extends z.ZodType>(req: Request, schema: S): { tenant: string; body: z.infer<S> } => {
    requireJson(req);
    const tenant = tenantOf(req);
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) throw fromZod(parsed.error);
    return { tenant, body: parsed.data };
  };

  app.get('/readyz', async (req, res) => {
    const tenant = tenantOf(req);
    const checks: Record<string, unknown> = {};
    let status: 'ready' | 'degraded' | 'not_ready' = 'ready';
    const results = await Promise.all(deps.readiness.map((c) => c.check(tenant)));
    for (const [i, c] of deps.readiness.entries()) {
      const r = results[i];
      checks[c.name] = { status: r.state, ...(r.detail ?? {}) };
      if (r.state === 'down') status = 'not_ready';
      else if (r.state === 'degraded' && status === 'ready') status = 'degraded';
    }
    res.status(status === 'not_ready' ? 503 : 200).json({ status, checks });
  });

  app.get('/api/v1/sources', (req, res) => {
    const tenant = tenantOf(req);
    res.json({ sources: jsonSafe((deps.sources?.() ?? []).filter((s) => s.tenant === tenant)) });
  });

  // An answer from this sidecar's own store would look complete and miss every followed line.
  if (deps.notServed) {
    const why = deps.notServed;
    app.use(['/api/v1/patterns', '/api/v1/ingest', ...(deps.backendAsk ? [] : ['/api/v1/ask']), '/api/v1/explain-alert'], (_req, _res, next) =>
      next(new ApiError(501, 'not_implemented', why, 'backend.kind')),
    );
  }

  app.post('/api/v1/patterns', askLimiter, async (req, res) => {
    const { tenant, body: b } = jsonRequest(req, patternsSchema);
    const window = { startNs: parseTime(b.start)!, endNs: parseTime(b.end)! };
    // The baseline as it will be used, defaults filled in, must be a window: a baselineStart after
    // start (the default end) or a baselineEnd an hour before start (the default start) is not.
    const baseline = {
      startNs: b.baselineStart ? parseTime(b.baselineStart)! : window.startNs - DEFAULT_BASELINE_NS,
      endNs: b.baselineEnd ? parseTime(b.baselineEnd)! : window.startNs,
    };
    if (baseline.startNs >= baseline.endNs) {
      throw b.baselineEnd
        ? new ApiError(400, 'invalid_request', 'baselineEnd: must be after baselineStart (which defaults to an hour before start)', 'baselineEnd')
        : new ApiError(400, 'invalid_request', 'baselineStart: must be before start when baselineEnd is not given (the baseline ends at start)', 'baselineStart');
    }
    let changes;
    let whatChanged;
    try {
      // The selector is matched in slices (the event loop stays free), then both analyses run off
      // the event loop (worker threads; on it, between turns, for an in-memory store).
      const selectedStreamIds = b.selector ? await streamCatalog(deps.store.db).selectAsync(tenant, b.selector) : undefined;
      const analysis = deps.analysis ?? new InProcessChangeAnalysis(deps.store.db);
      const q = { tenant, selector: b.selector, selectedStreamIds, window, baseline, limit: b.limit ?? 50 };
      // Value-level changes and onsets of the same streams (whatchanged/): additive response fields.
      [changes, whatChanged] = await Promise.all([patternChanges(deps.store, analysis, q), patternWhatChanged(deps.store, analysis, q)]);
    } catch (err) {
      throw asApiError(err);
    }
    sendJson(res, shapePatterns({
      window: { start: rfc3339Nano(window.startNs), end: rfc3339Nano(window.endNs) },
      baseline: { start: rfc3339Nano(baseline.startNs), end: rfc3339Nano(baseline.endNs) },
      changes: changes.map((c) => ({
        stream: c.labels,
        selector: selectorFor(c.labels),
        template: c.template,
        kind: c.kind === 'surge' ? 'surging' : c.kind === 'drop' ? 'dropped' : 'new',
        count: c.windowCount,
        baselineCount: c.baselineCount,
        ratePerSecond: c.windowRate,
        baselineRatePerSecond: c.baselineRate,
        firstSeen: c.firstSeenNs === null ? null : rfc3339Nano(c.firstSeenNs),
        examples: c.examples.map((e) => ({
          ts: rfc3339Nano(e.tsNs),
          tsNs: e.tsNs.toString(),
          line: e.line,
          exploreUrl: exploreUrl(deps.explore, c.labels, e.tsNs),
        })),
      })),
      valueChanges: whatChanged?.valueChanges ?? [],
      onsets: whatChanged?.onsets ?? [],
      ...(whatChanged ? { story: whatChanged.story, links: whatChanged.links } : {}),
    }));
  });

  app.post('/api/v1/ingest', ingestLimiter, async (req, res) => {
    const { tenant, body } = jsonRequest(req, pushSchema);
    const entries: LogEntry[] = [];
    // A line stamped past its arrival (plus the allowed skew) is refused, like Loki's "timestamp
    // too new": stored, it would become the newest data that clock times in questions resolve against.
    const latestNs = BigInt(Date.now()) * 1_000_000n + maxFutureNs;
    for (const [i, s] of body.streams.entries()) {
      for (const [j, v] of s.values.entries()) {
        const tsNs = parseTime(v[0])!;
        if (tsNs > latestNs) {
          const field = `streams[${i}].values[${j}][0]`;
          throw new ApiError(400, 'timestamp_too_new', `${field}: stamped more than ${maxFutureNs / 1_000_000_000n} s past its arrival (limits.maxFutureSeconds)`, field);
        }
        entries.push({ tenant, labels: s.stream, tsNs, line: v[1] });
      }
    }
    const r = await deps.pipeline.ingestSliced('push', entries, { final: true });
    res.status(200).json({ accepted: entries.length, inserted: r.inserted, duplicates: r.duplicates, chunks: r.chunks });
  });

  /** Answers in JSON, or as server-sent events when the client accepts text/event-stream. */
  const respond = async (req: Request, res: Response, request: RetrieveRequest) => {
    const wantsStream = (req.header('accept') ?? '').includes('text/event-stream');
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) abort.abort();
    });
    try {
      // Validated before a slot is taken (and before a 200 event stream is committed to), so bad
      // input is a 4xx that waits for nobody: the selector, its syntax and its cost over the
      // tenant's streams (the match is cached for the ask itself), and the question's time phrases.
      checkTimePhrases(request.question);
      if (request.selector) request.selectedStreamIds = await streamCatalog(deps.store.db).selectAsync(request.tenant, request.selector);
      // On the backend: what is not built there is a 501 before any work (or any event is sent).
      const refused = deps.backendAsk?.refusal(request.question);
      if (refused) throw new ApiError(501, 'not_implemented', refused, 'backend.kind');
      const asker = deps.backendAsk ?? deps.ask;
      if (!wantsStream) {
        const answer = await askSlots.run(async () => {
          // Other requests get a turn before the ask's first synchronous stretch.
          await yieldToLoop();
          return asker.ask(request, { signal: abort.signal });
        }, abort.signal);
        sendJson(res, shapeAnswer(answer));
        return;
      }
      // The slot is taken before the headers go out too, so a full queue is still a 429 and a
      // timed-out wait a 503.
      await askSlots.run(async () => {
        await yieldToLoop();
        res.status(200).setHeader('Content-Type', 'text/event-stream; charset=utf-8');
        res.setHeader('Cache-Control', 'no-cache, no-transform');
        res.setHeader('X-Accel-Buffering', 'no');
        res.flushHeaders();
        const send = (e: AskEvent) => {
          if (res.writableEnded) return;
          const data = e.type === 'token' ? { text: neutralizeProse(e.data.text, { keepNewlines: true }) } : shapeAnswer(e.data);
          res.write(`event: ${e.type}\ndata: ${safeJson(data)}\n\n`);
        };
        try {
          await asker.ask(request, { onEvent: send, signal: abort.signal });
        } catch (err) {
          if (!abort.signal.aborted) deps.log.error({ err }, 'ask failed mid-stream');
          if (!res.writableEnded) res.write(`event: error\ndata: ${JSON.stringify({ error: { code: 'internal', message: 'internal error' } })}\n\n`);
        }
        res.end();
      }, abort.signal);
    } catch (err) {
      throw asApiError(err);
    }
  };

  app.post('/api/v1/ask', askLimiter, async (req, res) => {
    const { tenant, body: b } = jsonRequest(req, askSchema);
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const window =
      b.start || b.end
        ? { startNs: b.start ? parseTime(b.start)! : 0n, endNs: b.end ? parseTime(b.end)! : nowNs }
        : undefined;
    // Without an end the window runs to now: a start after now leaves no window at all.
    if (window && !b.end && window.startNs >= window.endNs) {
      throw new ApiError(400, 'invalid_request', 'start: is in the future; give an end as well', 'start');
    }
    await respond(req, res, { tenant, question: b.question, selector: b.selector, labels: b.labels, window, limit: b.limit });
  });

  app.post('/api/v1/explain-alert', askLimiter, async (req, res) => {
    const { tenant, body: b } = jsonRequest(req, explainAlertSchema);
    const startsAt = parseTime(b.startsAt)!;
    const endsAt = b.endsAt && !GO_ZERO_TIME.test(b.endsAt) ? parseTime(b.endsAt)! : undefined;
    // An alert fires after its "for" duration and the cause comes before that: look back from
    // startsAt, and up to its end (or a little past the start while it still fires).
    // Clamped: an alert stamped near the end of int64 time must not overflow the SQLite integer.
    const lookahead = (endsAt ?? startsAt) + ALERT_LOOKAHEAD_NS;
    const window = { startNs: startsAt - ALERT_LOOKBACK_NS, endNs: lookahead > INT64_MAX ? INT64_MAX : lookahead };
    const name = b.labels.alertname ?? b.labels.__alert_rule_title__ ?? 'this alert';
    const about = [b.annotations?.summary, b.annotations?.description].filter(Boolean).join(' ');
    // Every label but the alert's own bookkeeping is a hint that lifts matching streams; none
    // filters, because the cause is often in another service than the one alerting.
    const hints = Object.fromEntries(
      Object.entries(b.labels).filter(([k]) => !ALERT_BOOKKEEPING_LABELS.has(k) && !k.startsWith('__')),
    );
    const question = `why did the alert "${name}" fire? ${about}`.slice(0, MAX_QUESTION_CHARS);
    await respond(req, res, { tenant, question, labels: hints, window, limit: b.limit });
  });

  app.use((req, _res, next) => next(new ApiError(404, 'not_found', `no route for ${req.method} ${req.path}`, 'path')));
  app.use(errorHandler(deps.log));
  return app;
}

/** bigint -> string for JSON (timestamps in ns exceed 2^53). */
export function jsonSafe<T>(v: T): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));
}

