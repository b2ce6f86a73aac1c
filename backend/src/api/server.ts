import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { bulkhead, isBulkheadRejectedError } from 'cockatiel';
import type { z } from 'zod';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { RetrieveRequest } from '../retrieve/retriever.js';
import { rateLimit } from 'express-rate-limit';
import { TENANT_RE } from '../config/schema.js';
import type { AskService, AskEvent } from '../answer/ask.js';
import type { IngestPipeline } from '../ingest/pipeline.js';
import { parseSelector, SelectorError } from '../retrieve/selector.js';
import type { Store } from '../store/store.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { LogEntry } from '../types.js';
import { ApiError, errorHandler, fromZod } from './errors.js';
import { askSchema, explainAlertSchema, GO_ZERO_TIME, INT64_MAX, MAX_QUESTION_CHARS, parseTime, patternsSchema, pushSchema } from './schemas.js';
import { DEFAULT_BASELINE_NS, patternChanges } from '../retrieve/patterns.js';
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
}

/** Explain-alert window: 15 min before startsAt covers a "for: 5m" rule plus the build-up to it. */
const ALERT_LOOKBACK_NS = 15n * 60_000_000_000n;
/** ...and 5 min past the end (or the start, while firing) to include what the alert coincided with. */
const ALERT_LOOKAHEAD_NS = 5n * 60_000_000_000n;
/** Labels every Grafana/Prometheus alert carries that name no stream. */
const ALERT_BOOKKEEPING_LABELS = new Set(['alertname', 'severity', 'grafana_folder', 'rule_uid', 'ref_id', 'datasource_uid']);

/** Seconds a client should wait after the ask queue was full: about one short ask. */
const BUSY_RETRY_AFTER_S = 2;

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
  pipeline: IngestPipeline;
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

  const tenantOf = (req: Request): string => {
    const raw = req.header('x-scope-orgid');
    const t = raw === undefined || raw === '' ? deps.defaultTenant : raw;
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
      // Per key and tenant: one noisy dashboard does not lock out another team.
      keyGenerator: (req) => `${principalOf(req)?.keyId ?? 'none'}|${req.header('x-scope-orgid') ?? ''}`,
      handler: (_req, _res, next, options) =>
        next(
          new ApiError(429, 'rate_limited', `too many ${what} requests; limit ${options.limit} per minute`, 'authorization', {
            'Retry-After': String(Math.ceil(options.windowMs / 1000)),
          }),
        ),
    });
  const askLimiter = limiter(deps.limits.askPerMinute, 'ask');
  const ingestLimiter = limiter(deps.limits.ingestPerMinute, 'ingest');
  const askSlots = bulkhead(deps.limits.maxConcurrentAsks, deps.limits.askQueue);
  const busy = () =>
    new ApiError(429, 'busy', 'too many questions in flight; retry shortly', 'question', { 'Retry-After': String(BUSY_RETRY_AFTER_S) });

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

  app.post('/api/v1/patterns', askLimiter, (req, res) => {
    const { tenant, body: b } = jsonRequest(req, patternsSchema);
    const window = { startNs: parseTime(b.start)!, endNs: parseTime(b.end)! };
    const baseline = {
      startNs: b.baselineStart ? parseTime(b.baselineStart)! : window.startNs - DEFAULT_BASELINE_NS,
      endNs: b.baselineEnd ? parseTime(b.baselineEnd)! : window.startNs,
    };
    let changes;
    try {
      changes = patternChanges(deps.store, { tenant, selector: b.selector, window, baseline, limit: b.limit ?? 50 });
    } catch (err) {
      if (err instanceof SelectorError) throw new ApiError(400, 'invalid_selector', `selector: ${err.message}`, 'selector');
      throw err;
    }
    res.json({
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
    });
  });

  app.post('/api/v1/ingest', ingestLimiter, (req, res) => {
    const { tenant, body } = jsonRequest(req, pushSchema);
    const entries: LogEntry[] = [];
    for (const s of body.streams) {
      for (const v of s.values) entries.push({ tenant, labels: s.stream, tsNs: parseTime(v[0])!, line: v[1] });
    }
    const r = deps.pipeline.ingest('push', entries, { final: true });
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
      if (!wantsStream) {
        res.json(jsonSafe(await askSlots.execute(() => deps.ask.ask(request, { signal: abort.signal }))));
        return;
      }
      // Validate before committing to a 200 event stream, so bad input still gets a 4xx; the
      // slot is taken before the headers go out too, so a full queue is still a 429.
      if (request.selector) parseSelector(request.selector);
      await askSlots.execute(async () => {
        res.status(200).setHeader('Content-Type', 'text/event-stream; charset=utf-8');
        res.setHeader('Cache-Control', 'no-cache, no-transform');
        res.setHeader('X-Accel-Buffering', 'no');
        res.flushHeaders();
        const send = (e: AskEvent) => {
          if (!res.writableEnded) res.write(`event: ${e.type}\ndata: ${JSON.stringify(jsonSafe(e.data))}\n\n`);
        };
        try {
          await deps.ask.ask(request, { onEvent: send, signal: abort.signal });
        } catch (err) {
          if (!abort.signal.aborted) deps.log.error({ err }, 'ask failed mid-stream');
          if (!res.writableEnded) res.write(`event: error\ndata: ${JSON.stringify({ error: { code: 'internal', message: 'internal error' } })}\n\n`);
        }
        res.end();
      });
    } catch (err) {
      if (err instanceof SelectorError) throw new ApiError(400, 'invalid_selector', `selector: ${err.message}`, 'selector');
      if (isBulkheadRejectedError(err)) throw busy();
      throw err;
    }
  };

  app.post('/api/v1/ask', askLimiter, async (req, res) => {
    const { tenant, body: b } = jsonRequest(req, askSchema);
    const window =
      b.start || b.end
        ? { startNs: b.start ? parseTime(b.start)! : 0n, endNs: b.end ? parseTime(b.end)! : BigInt(Date.now()) * 1_000_000n }
        : undefined;
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

