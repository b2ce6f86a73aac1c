// A Loki-compatible HTTP server for tests and the demo: the v1 push/query/tail/metadata API with
// Loki's status codes and plain-text error bodies (see README.md beside this file for coverage).

import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Labels } from '../../src/types.js';
import { LokiData, type Direction, type PushStream, type Selected, type StoredLine, type StreamData, type ValidationLimits } from './data.js';
import { decideFault, latencyFor, noFaults, seededRandom, type FaultConfig, type FaultCounters, type FaultRoute } from './faults.js';
import { LogQLParseError, lokiLabelString, parseLogQuery, type LogQuery } from './logql.js';
import { goDuration, ParamError, parsePromDuration, parseStep, parseTimeParam } from './params.js';

export interface LokiServerOptions {
  port?: number;
  host?: string;
  /** Loki's auth_enabled: require X-Scope-OrgID (401 "no org id"); false = every tenant is `fake`. */
  authEnabled?: boolean;
  /** Loki's max_entries_limit_per_query. */
  maxEntriesLimitPerQuery?: number;
  /** Loki's max_query_length (721h). */
  maxQueryLengthMs?: number;
  limits?: Partial<ValidationLimits>;
  /** Largest accepted push body, bytes (decompressed too). */
  maxPushBytes?: number;
  /** /ready answers 503 for this long after start, like an ingester's min_ready_duration. */
  readyDelayMs?: number;
  /** Loki's max_concurrent_tail_requests per tenant. */
  maxConcurrentTails?: number;
  /** Loki's tail_max_duration. */
  tailMaxDurationMs?: number;
  /** A tail client whose socket buffers more than this gets entries dropped (dropped_entries). */
  tailMaxBufferedBytes?: number;
  /** Seed of the fault PRNG. */
  seed?: number;
  faults?: Partial<FaultConfig>;
  /** Clock, injectable for deterministic validation tests. */
  nowNs?: () => bigint;
}

export interface PushInput {
  stream: Labels;
  values: Array<[string | bigint, string] | [string | bigint, string, Labels]>;
}

export interface LokiServerHandle {
  url: string;
  port: number;
  /** Live fault settings: mutate fields directly or use setFaults(). */
  faults: FaultConfig;
  setFaults(partial: Partial<FaultConfig>): void;
  clearFaults(): void;
  faultCounters: FaultCounters;
  /** In-process push with the same validation and dedup as the HTTP route. */
  push(tenant: string, streams: PushInput[]): { accepted: number; duplicates: number; errors: string[] };
  data: LokiData;
  /** Closes every open tail WebSocket abruptly (no close frame); returns how many. */
  dropTails(): number;
  /** Stops listening, drops all connections and tails, then listens again on the same port. */
  restart(opts?: { downMs?: number; clearData?: boolean }): Promise<void>;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=UTF-8';
const DEFAULT_SINCE_NS = 3600n * 1_000_000_000n;
/** Entries per tail message: Loki batches at most 100. */
const TAIL_BATCH = 100;
/** Dropped entries listed per tail message: Loki lists at most 1000. */
const TAIL_DROPPED_LIST_MAX = 1000;
const TAIL_PING_MS = 1000;
const TENANT_RE = /^[a-zA-Z0-9!\-_.*'()]+$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Push and auth errors come from Go's http.Error and end in "\n"; query errors do not. */
    readonly newline: boolean,
  ) {
    super(message);
  }
}

function nowNsDefault(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

interface TailClient {
  ws: WebSocket;
  tenant: string;
  query: LogQuery;
  categorize: boolean;
  delayMs: number;
  pending: Array<{ stream: StreamData; entry: StoredLine }>;
  dropped: Array<{ labels: Labels; timestamp: string }>;
  flushScheduled: boolean;
  timers: Set<NodeJS.Timeout>;
}

export async function startLokiServer(opts: LokiServerOptions = {}): Promise<LokiServerHandle> {
  const authEnabled = opts.authEnabled ?? true;
  const maxEntries = opts.maxEntriesLimitPerQuery ?? 5000;
  const maxQueryLengthNs = BigInt(opts.maxQueryLengthMs ?? 721 * 3600_000) * 1_000_000n;
  const maxPushBytes = opts.maxPushBytes ?? 64 * 1024 * 1024;
  const maxConcurrentTails = opts.maxConcurrentTails ?? 10;
  const tailMaxDurationMs = opts.tailMaxDurationMs ?? 3600_000;
  const tailMaxBuffered = opts.tailMaxBufferedBytes ?? 4 * 1024 * 1024;
  const nowNs = opts.nowNs ?? nowNsDefault;
  const data = new LokiData({
    rejectOldSamplesMaxAgeMs: 168 * 3600_000,
    creationGracePeriodMs: 10 * 60_000,
    maxLineSize: 262144,
    discoverServiceName: true,
    ...opts.limits,
  });
  const faults: FaultConfig = { ...noFaults(), ...opts.faults };
  const faultCounters: FaultCounters = { resets: 0, errors: 0, rateLimited: 0, truncated: 0, delayed: 0 };
  const rand = seededRandom(opts.seed ?? 1);
  let startedAt = Date.now();
  const tails = new Set<TailClient>();
  const linesReceived = new Map<string, number>();
  const requestCounts = new Map<string, number>();

  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<Socket>();

  // ---------- helpers ----------
  const tenantOf = (req: http.IncomingMessage, allowMulti: boolean): string => {
    if (!authEnabled) return 'fake';
    const raw = req.headers['x-scope-orgid'];
    const v = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
    if (v === '') throw new HttpError(401, 'no org id', true);
    const ids = v.split('|');
    if (ids.length > 1) {
      throw new HttpError(400, allowMulti ? 'multi-tenant queries are not supported by this Loki stand-in' : 'multiple org IDs present', true);
    }
    if (v.length > 150) throw new HttpError(400, 'tenant ID is too long: max 150 characters', true);
    if (!TENANT_RE.test(v)) {
      const bad = [...v].find((c) => !TENANT_RE.test(c));
      throw new HttpError(400, `tenant ID '${v}' contains unsupported character '${bad}'`, true);
    }
    return v;
  };

  const count = (route: string, status: number) => {
    const k = `${route} ${status}`;
    requestCounts.set(k, (requestCounts.get(k) ?? 0) + 1);
  };

  const sendText = (res: http.ServerResponse, status: number, msg: string, newline: boolean) => {
    const body = newline ? `${msg}\n` : msg;
    res.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  };

  const sendJson = (res: http.ServerResponse, obj: unknown, truncate: boolean) => {
    const body = Buffer.from(JSON.stringify(obj));
    res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': body.length });
    if (truncate && body.length > 1) {
      faultCounters.truncated++;
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(body);
  };

  const readBody = (req: http.IncomingMessage, max: number): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const parts: Buffer[] = [];
      let n = 0;
      req.on('data', (c: Buffer) => {
        n += c.length;
        if (n > max) {
          reject(new HttpError(413, `request body too large: ${n} bytes, limit: ${max} bytes`, true));
          req.resume();
          return;
        }
        parts.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(parts)));
      req.on('error', reject);
    });

  const params = async (req: http.IncomingMessage, url: URL): Promise<URLSearchParams> => {
    if (req.method === 'POST') {
      const ct = req.headers['content-type'] ?? '';
      if (ct.startsWith('application/x-www-form-urlencoded')) {
        const body = (await readBody(req, 1024 * 1024)).toString('utf8');
        const p = new URLSearchParams(url.search);
        for (const [k, v] of new URLSearchParams(body)) p.append(k, v);
        return p;
      }
    }
    return url.searchParams;
  };

  // ---------- push ----------
  const decodePush = (body: Buffer, contentType: string | undefined, encoding: string | undefined): PushStream[] => {
    const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (mediaType === '') throw new HttpError(400, 'mime: no media type', true);
    let raw = body;
    const enc = (encoding ?? '').trim().toLowerCase();
    try {
      if (enc === 'gzip') raw = gunzipSync(body, { maxOutputLength: maxPushBytes });
      else if (enc === 'deflate') raw = inflateSync(body, { maxOutputLength: maxPushBytes });
      else if (enc !== '' && enc !== 'snappy') throw new HttpError(400, `Content-Encoding "${encoding}" not supported`, true);
    } catch (e) {
      if (e instanceof HttpError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new HttpError(413, `request body too large: decompressed size exceeds ${maxPushBytes} bytes`, true);
      throw new HttpError(400, code === 'Z_BUF_ERROR' ? 'unexpected EOF' : (e as Error).message, true);
    }
    if (mediaType !== 'application/json') {
      // Real Loki decodes snappy-compressed protobuf here; this stand-in only speaks JSON.
      throw new HttpError(415, `unsupported push Content-Type "${mediaType}": this Loki stand-in accepts only application/json (Loki's snappy protobuf push is not implemented)`, true);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      throw new HttpError(400, `loghttp.PushRequest.Streams: ReadObject: ${(e as Error).message}`, true);
    }
    const streamsRaw = doc !== null && typeof doc === 'object' ? (doc as { streams?: unknown }).streams : undefined;
    if (streamsRaw === undefined || streamsRaw === null) return [];
    if (!Array.isArray(streamsRaw)) throw new HttpError(400, 'loghttp.PushRequest.Streams: []loghttp.LogProtoStream: decode slice: expect [ or n', true);
    const out: PushStream[] = [];
    for (const s of streamsRaw) {
      const stream = (s as { stream?: unknown })?.stream;
      const values = (s as { values?: unknown })?.values;
      if (stream === null || typeof stream !== 'object' || Array.isArray(stream)) {
        throw new HttpError(400, 'loghttp.PushRequest.Streams: []loghttp.LogProtoStream: unmarshalerDecoder: stream: expect { or n', true);
      }
      const labels: Labels = {};
      let col = 2;
      for (const [k, v] of Object.entries(stream as Record<string, unknown>)) {
        const bad = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(k);
        const okLen = bad ? bad[0].length : 0;
        if (okLen !== k.length) {
          throw new HttpError(400, `couldn't parse labels: 1:${col + okLen}: parse error: unexpected character inside braces: '${k[okLen]}'`, true);
        }
        if (typeof v !== 'string') throw new HttpError(400, `loghttp.PushRequest.Streams: []loghttp.LogProtoStream: unmarshalerDecoder: label value of ${k} is not a string`, true);
        labels[k] = v;
        col += k.length + JSON.stringify(v).length + 3;
      }
      if (values === undefined || values === null) continue;
      if (!Array.isArray(values)) throw new HttpError(400, 'loghttp.PushRequest.Streams: []loghttp.LogProtoStream: unmarshalerDecoder: values: expect [ or n', true);
      const vals: PushStream['values'] = [];
      for (const v of values) {
        if (!Array.isArray(v) || v.length < 2) throw new HttpError(400, 'loghttp.PushRequest.Streams: []loghttp.LogProtoStream: unmarshalerDecoder: Unknown value type', true);
        const [ts, line, meta] = v as unknown[];
        if (typeof ts !== 'string' || !/^\d+$/.test(ts)) {
          throw new HttpError(400, `loghttp.PushRequest.Streams: []loghttp.LogProtoStream: unmarshalerDecoder: strconv.ParseInt: parsing ${JSON.stringify(String(ts))}: invalid syntax`, true);
        }
        if (typeof line !== 'string') throw new HttpError(400, 'loghttp.PushRequest.Streams: []loghttp.LogProtoStream: unmarshalerDecoder: Unknown value type', true);
        let m: Labels | undefined;
        if (meta !== undefined && meta !== null) {
          if (typeof meta !== 'object' || Array.isArray(meta) || Object.values(meta).some((x) => typeof x !== 'string')) {
            throw new HttpError(400, 'loghttp.PushRequest.Streams: []loghttp.LogProtoStream: unmarshalerDecoder: structured metadata must be a flat object of strings', true);
          }
          m = meta as Labels;
        }
        vals.push({ ts: BigInt(ts), line, meta: m });
      }
      out.push({ labels, values: vals });
    }
    return out;
  };

  const applyPush = (tenant: string, streams: PushStream[]) => {
    const res = data.push(tenant, streams, nowNs());
    linesReceived.set(tenant, (linesReceived.get(tenant) ?? 0) + res.accepted);
    if (res.added.length > 0) for (const t of tails) if (t.tenant === tenant) offerTail(t, res.added);
    return res;
  };

  const groupedErrors = (errors: string[]): string => {
    if (errors.length === 1) return errors[0];
    const groups = new Map<string, { n: number; first: string }>();
    for (const e of errors) {
      const kind = e.replace(/'[^']*'|\d{4}-\d\d-\d\dT[\d:]+Z/g, '');
      const g = groups.get(kind);
      if (g) g.n++;
      else groups.set(kind, { n: 1, first: e });
    }
    return [...groups.values()].map((g) => `${g.n} errors like: ${g.first}`).join('; ');
  };

  const handlePush = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const tenant = tenantOf(req, false);
    const body = await readBody(req, maxPushBytes);
    const streams = decodePush(body, req.headers['content-type'], req.headers['content-encoding'] as string | undefined);
    if (streams.length === 0) throw new HttpError(422, 'error at least one valid stream is required for ingestion', true);
    const out = applyPush(tenant, streams);
    if (out.errors.length > 0) throw new HttpError(400, groupedErrors(out.errors), true);
    res.writeHead(204);
    res.end();
  };

  // ---------- query ----------
  const parseQuery = (src: string | null): LogQuery => {
    try {
      return parseLogQuery(src ?? '');
    } catch (e) {
      if (e instanceof LogQLParseError) throw new HttpError(400, e.message, false);
      throw e;
    }
  };

  const timeRange = (p: URLSearchParams, defaultSinceNs: bigint): { start: bigint; end: bigint } => {
    const now = nowNs();
    const endRaw = p.get('end');
    const end = endRaw ? parseTimeParam('end', endRaw) : now;
    const startRaw = p.get('start');
    let start: bigint;
    if (startRaw) start = parseTimeParam('start', startRaw);
    else {
      const sinceRaw = p.get('since');
      const since = sinceRaw ? parsePromDuration('since', sinceRaw) : defaultSinceNs;
      start = (end < now ? end : now) - since;
    }
    return { start, end };
  };

  const categorize = (req: http.IncomingMessage): boolean => {
    const flags = req.headers['x-loki-response-encoding-flags'];
    const s = Array.isArray(flags) ? flags.join(',') : flags ?? '';
    return s.split(',').some((f) => f.trim() === 'categorize-labels');
  };

  const streamsResult = (sel: Selected[], cat: boolean) => {
    const groups = new Map<string, { stream: Labels; values: unknown[] }>();
    for (const { stream, entry } of sel) {
      const labels = cat || !entry.meta ? stream.labels : { ...stream.labels, ...entry.meta };
      const key = cat || !entry.meta ? stream.key : lokiLabelString(labels);
      let g = groups.get(key);
      if (!g) {
        g = { stream: labels, values: [] };
        groups.set(key, g);
      }
      g.values.push(cat ? [entry.ts.toString(), entry.line, entry.meta ? { structuredMetadata: entry.meta } : {}] : [entry.ts.toString(), entry.line]);
    }
    return [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, g]) => g);
  };

  const statsFor = (sel: Selected[], execS: number) => {
    const bytes = sel.reduce((n, s) => n + s.entry.line.length, 0);
    return {
      summary: {
        bytesProcessedPerSecond: execS > 0 ? Math.round(bytes / execS) : 0,
        linesProcessedPerSecond: execS > 0 ? Math.round(sel.length / execS) : 0,
        totalBytesProcessed: bytes,
        totalLinesProcessed: sel.length,
        execTime: execS,
        queueTime: 0,
        subqueries: 0,
        totalEntriesReturned: sel.length,
        splits: 0,
        shards: 0,
        totalPostFilterLines: sel.length,
        totalStructuredMetadataBytesProcessed: 0,
      },
      querier: { store: { totalChunksRef: 0, totalChunksDownloaded: 0, chunksDownloadTime: 0, chunk: {} } },
      ingester: { totalReached: 1, totalChunksMatched: 0, totalBatches: 0, totalLinesSent: 0, store: { chunk: {} } },
      cache: {},
      index: { totalChunks: 0, postFilterChunks: 0, shardsDuration: 0 },
    };
  };

  const handleQueryRange = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL, truncate: boolean) => {
    const t0 = process.hrtime.bigint();
    const tenant = tenantOf(req, true);
    const p = await params(req, url);
    let limit = 100;
    const limitRaw = p.get('limit');
    if (limitRaw !== null && limitRaw !== '') {
      if (!/^[+-]?\d+$/.test(limitRaw)) throw new HttpError(400, `strconv.Atoi: parsing ${JSON.stringify(limitRaw)}: invalid syntax`, false);
      limit = Number(limitRaw);
      if (limit <= 0) throw new HttpError(400, 'limit must be a positive value', false);
    }
    const { start, end } = timeRange(p, DEFAULT_SINCE_NS);
    if (end < start) throw new HttpError(400, 'end timestamp must not be before or equal to start time', false);
    const dirRaw = p.get('direction');
    let direction: Direction = 'backward';
    if (dirRaw) {
      const d = dirRaw.toLowerCase();
      if (d !== 'forward' && d !== 'backward') throw new HttpError(400, `invalid direction '${dirRaw}'`, false);
      direction = d;
    }
    const stepRaw = p.get('step');
    if (stepRaw) {
      const step = parseStep(stepRaw);
      if (step <= 0n) throw new HttpError(400, 'zero or negative query resolution step widths are not accepted. Try a positive integer', false);
      if ((end - start) / step > 11000n) {
        throw new HttpError(400, 'exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter', false);
      }
    }
    let interval = 0n;
    const intervalRaw = p.get('interval');
    if (intervalRaw) {
      interval = parseStep(intervalRaw);
      if (interval < 0n) throw new HttpError(400, 'interval must be >= 0', false);
    }
    const q = parseQuery(p.get('query'));
    if (limit > maxEntries) {
      throw new HttpError(400, `max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${maxEntries})`, false);
    }
    if (end - start > maxQueryLengthNs) {
      throw new HttpError(400, `the query time range exceeds the limit (query length: ${goDuration(end - start)}, limit: ${goDuration(maxQueryLengthNs)})`, false);
    }
    const sel = data.select(tenant, q, start, end, limit, direction, interval);
    const cat = categorize(req);
    const execS = Number(process.hrtime.bigint() - t0) / 1e9;
    const body: { status: string; data: Record<string, unknown> } = {
      status: 'success',
      data: { resultType: 'streams', result: streamsResult(sel, cat), stats: statsFor(sel, execS) },
    };
    if (cat) body.data.encodingFlags = ['categorize-labels'];
    sendJson(res, body, truncate);
  };

  const handleInstant = async (req: http.IncomingMessage, _res: http.ServerResponse, url: URL) => {
    tenantOf(req, true);
    const p = await params(req, url);
    parseQuery(p.get('query'));
    throw new HttpError(400, 'log queries are not supported as an instant query type, please change your query to a range query type', false);
  };

  const handleLabels = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL, name: string | null, truncate: boolean) => {
    const tenant = tenantOf(req, true);
    const p = await params(req, url);
    const { start, end } = timeRange(p, DEFAULT_SINCE_NS);
    const qs = p.get('query');
    const q = qs ? parseQuery(qs) : null;
    const set = new Set<string>();
    for (const s of data.matchingStreams(tenant, q, start, end)) {
      if (name === null) for (const k of Object.keys(s.labels)) set.add(k);
      else if (s.labels[name] !== undefined) set.add(s.labels[name]);
    }
    const values = [...set].sort();
    sendJson(res, values.length > 0 ? { status: 'success', data: values } : { status: 'success' }, truncate);
  };

  const handleSeries = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL, truncate: boolean) => {
    const tenant = tenantOf(req, true);
    const p = await params(req, url);
    const { start, end } = timeRange(p, DEFAULT_SINCE_NS);
    const matches = [...p.getAll('match[]'), ...p.getAll('match')].filter((m) => m !== '{}');
    const queries = matches.map((m) => {
      const q = parseQuery(m);
      if (q.filters.length > 0) throw new HttpError(400, 'only label matchers are supported', false);
      return q;
    });
    const out = new Map<string, Labels>();
    for (const s of data.matchingStreams(tenant, null, start, end)) {
      if (queries.length === 0 || queries.some((q) => q.matchesStream(s.labels))) out.set(s.key, s.labels);
    }
    sendJson(res, { status: 'success', data: [...out.values()] }, truncate);
  };

  const metricsText = (): string => {
    const lines = ['# TYPE loki_distributor_lines_received_total counter'];
    for (const [t, n] of linesReceived) lines.push(`loki_distributor_lines_received_total{tenant=${JSON.stringify(t)}} ${n}`);
    lines.push('# TYPE loki_request_total counter');
    for (const [k, n] of requestCounts) {
      const [route, status] = k.split(' ');
      lines.push(`loki_request_total{route=${JSON.stringify(route)},status_code="${status}"} ${n}`);
    }
    lines.push('# TYPE loki_build_info gauge', 'loki_build_info{version="3.5.0-loglens-standin"} 1');
    return `${lines.join('\n')}\n`;
  };

  // ---------- routing ----------
  const routeOf = (path: string): { name: string; fault: FaultRoute | null } => {
    if (path === '/loki/api/v1/push' || path === '/api/prom/push') return { name: 'push', fault: 'push' };
    if (path === '/loki/api/v1/query_range') return { name: 'query_range', fault: 'query' };
    if (path === '/loki/api/v1/query') return { name: 'query', fault: 'query' };
    if (path === '/loki/api/v1/tail') return { name: 'tail', fault: 'tail' };
    if (path === '/loki/api/v1/labels' || /^\/loki\/api\/v1\/label\/[^/]+\/values$/.test(path) || path === '/loki/api/v1/series') {
      return { name: path.startsWith('/loki/api/v1/label/') ? 'label_values' : path.slice('/loki/api/v1/'.length), fault: 'meta' };
    }
    return { name: path, fault: null };
  };

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const route = routeOf(path);
    res.on('finish', () => count(route.name, res.statusCode));
    let truncate = false;
    if (route.fault) {
      const delay = latencyFor(faults, route.fault, rand);
      if (delay > 0) {
        faultCounters.delayed++;
        await new Promise((r) => setTimeout(r, delay));
      }
      const f = decideFault(faults, route.fault, rand);
      if (f.kind === 'reset') {
        faultCounters.resets++;
        req.socket.destroy();
        return;
      }
      if (f.kind === 'status') {
        if (f.status === 429) faultCounters.rateLimited++;
        else faultCounters.errors++;
        if (f.retryAfter !== null) res.setHeader('Retry-After', String(f.retryAfter));
        const msg = f.status === 429 ? 'too many outstanding requests' : f.status === 503 ? 'circuit breaker open, request denied' : 'internal server error (injected fault)';
        sendText(res, f.status, msg, route.fault === 'push');
        return;
      }
      truncate = f.kind === 'truncate';
    }
    const get = req.method === 'GET' || req.method === 'HEAD';
    const getOrPost = get || req.method === 'POST';
    switch (true) {
      case path === '/ready':
        if (Date.now() - startedAt < (opts.readyDelayMs ?? 0)) {
          sendText(res, 503, `Ingester not ready: waiting for ${Math.ceil((opts.readyDelayMs ?? 0) / 1000)}s after being ready`, true);
        } else sendText(res, 200, 'ready', true);
        return;
      case path === '/metrics':
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(metricsText());
        return;
      case path === '/loki/api/v1/status/buildinfo':
        sendJson(res, { version: '3.5.0-loglens-standin', revision: 'standin', branch: 'main', buildUser: 'loglens', buildDate: '', goVersion: 'n/a' }, false);
        return;
      case route.name === 'push' && req.method === 'POST':
        return handlePush(req, res);
      case route.name === 'query_range' && getOrPost:
        return handleQueryRange(req, res, url, truncate);
      case route.name === 'query' && getOrPost:
        return handleInstant(req, res, url);
      case path === '/loki/api/v1/labels' && getOrPost:
        return handleLabels(req, res, url, null, truncate);
      case route.name === 'label_values' && getOrPost:
        return handleLabels(req, res, url, decodeURIComponent(path.split('/')[5]), truncate);
      case path === '/loki/api/v1/series' && getOrPost:
        return handleSeries(req, res, url, truncate);
      case route.name === 'tail':
        throw new HttpError(400, 'tail requires a WebSocket upgrade', false);
      case route.fault !== null:
        res.writeHead(405);
        res.end();
        return;
      default:
        sendText(res, 404, '404 page not found', true);
    }
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handler(req, res).catch((e: unknown) => {
      if (res.headersSent || req.socket.destroyed) return;
      if (e instanceof HttpError) sendText(res, e.status, e.message, e.newline);
      else if (e instanceof ParamError) sendText(res, 400, e.message, false);
      else sendText(res, 500, (e as Error).message ?? 'internal error', false);
    });
  };

  // ---------- tail ----------
  const rawHttpError = (socket: Socket, status: number, msg: string, extra: Record<string, string> = {}) => {
    const body = `${msg}\n`;
    const head = [
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}`,
      'Content-Type: text/plain; charset=utf-8',
      'X-Content-Type-Options: nosniff',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  };

  const sendTail = (t: TailClient) => {
    t.flushScheduled = false;
    if (t.ws.readyState !== t.ws.OPEN) return;
    while (t.pending.length > 0 || t.dropped.length > 0) {
      const batch = t.pending.splice(0, TAIL_BATCH);
      const msg: Record<string, unknown> = {
        streams: batch.map(({ stream, entry }) => ({
          stream: t.categorize || !entry.meta ? stream.labels : { ...stream.labels, ...entry.meta },
          values: [t.categorize ? [entry.ts.toString(), entry.line, entry.meta ? { structuredMetadata: entry.meta } : {}] : [entry.ts.toString(), entry.line]],
        })),
      };
      if (t.dropped.length > 0) msg.dropped_entries = t.dropped.splice(0, TAIL_DROPPED_LIST_MAX);
      if (t.categorize) msg.encodingFlags = ['categorize-labels'];
      t.ws.send(JSON.stringify(msg));
    }
  };

  const deliver = (t: TailClient, items: Array<{ stream: StreamData; entry: StoredLine }>) => {
    if (t.ws.readyState !== t.ws.OPEN) return;
    if (t.ws.bufferedAmount > tailMaxBuffered) {
      for (const { stream, entry } of items) {
        if (t.dropped.length < TAIL_DROPPED_LIST_MAX * 10) t.dropped.push({ labels: stream.labels, timestamp: entry.ts.toString() });
      }
    } else t.pending.push(...items);
    if (!t.flushScheduled) {
      t.flushScheduled = true;
      setImmediate(() => sendTail(t));
    }
  };

  function offerTail(t: TailClient, added: Array<{ stream: StreamData; entry: StoredLine }>) {
    const items = added.filter(({ stream, entry }) => t.query.matchesStream(stream.labels) && t.query.matchesLine(entry.line));
    if (items.length === 0) return;
    if (t.delayMs <= 0) {
      deliver(t, items);
      return;
    }
    const timer = setTimeout(() => {
      t.timers.delete(timer);
      deliver(t, items);
    }, t.delayMs);
    t.timers.add(timer);
  }

  const onUpgrade = (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    // An upgrading socket has no error listener of the HTTP server's any more, and ws adds its own
    // only once the upgrade completes: a client that resets in between (a follower SIGKILLed while
    // its tail waits out injected latency) would raise an uncaught ECONNRESET in the test process.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/loki/api/v1/tail') {
      rawHttpError(socket, 404, '404 page not found');
      return;
    }
    const run = async () => {
      const delay = latencyFor(faults, 'tail', rand);
      if (delay > 0) {
        faultCounters.delayed++;
        await new Promise((r) => setTimeout(r, delay));
      }
      const f = decideFault(faults, 'tail', rand);
      if (f.kind === 'reset') {
        faultCounters.resets++;
        socket.destroy();
        return;
      }
      if (f.kind === 'status') {
        if (f.status === 429) faultCounters.rateLimited++;
        else faultCounters.errors++;
        rawHttpError(socket, f.status, f.status === 429 ? 'too many outstanding requests' : 'internal server error (injected fault)', f.retryAfter !== null ? { 'Retry-After': String(f.retryAfter) } : {});
        return;
      }
      let tenant: string;
      let query: LogQuery;
      let limit = 100;
      let startNs: bigint;
      let delayFor = 0;
      try {
        tenant = tenantOf(req, false);
        const p = url.searchParams;
        query = parseQuery(p.get('query'));
        const lr = p.get('limit');
        if (lr) {
          if (!/^\d+$/.test(lr)) throw new HttpError(400, `strconv.Atoi: parsing ${JSON.stringify(lr)}: invalid syntax`, false);
          limit = Number(lr);
        }
        const sr = p.get('start');
        startNs = sr ? parseTimeParam('start', sr) : nowNs() - DEFAULT_SINCE_NS;
        const dr = p.get('delay_for');
        if (dr) {
          if (!/^\d+$/.test(dr)) throw new HttpError(400, `strconv.Atoi: parsing ${JSON.stringify(dr)}: invalid syntax`, false);
          delayFor = Number(dr);
          if (delayFor > 5) throw new HttpError(400, "delay_for can't be greater than 5", false);
        }
      } catch (e) {
        if (e instanceof HttpError) rawHttpError(socket, e.status, e.message);
        else if (e instanceof ParamError) rawHttpError(socket, 400, e.message);
        else rawHttpError(socket, 500, String(e));
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const t: TailClient = { ws, tenant, query, categorize: categorize(req), delayMs: delayFor * 1000, pending: [], dropped: [], flushScheduled: false, timers: new Set() };
        const active = [...tails].filter((x) => x.tenant === tenant).length;
        if (active >= maxConcurrentTails) {
          ws.close(1011, `max concurrent tail requests limit exceeded, count > limit (${active + 1} > ${maxConcurrentTails})`);
          return;
        }
        tails.add(t);
        // The initial back-fill and the subscription happen in one tick: no entry falls between them.
        const initial = data.select(tenant, query, startNs, nowNs() + 1n, limit, 'backward').reverse();
        if (initial.length > 0) deliver(t, initial);
        const ping = setInterval(() => ws.ping(), TAIL_PING_MS);
        const maxDur = setTimeout(() => ws.close(1011, 'reached tail max duration limit'), tailMaxDurationMs);
        ws.on('close', () => {
          tails.delete(t);
          clearInterval(ping);
          clearTimeout(maxDur);
          for (const tm of t.timers) clearTimeout(tm);
        });
        ws.on('error', () => ws.terminate());
      });
    };
    run().catch(() => socket.destroy());
  };

  // ---------- lifecycle ----------
  let server: http.Server;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = http.createServer(onRequest);
      server.keepAliveTimeout = 5000;
      server.on('upgrade', onUpgrade);
      server.on('connection', (s: Socket) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      server.once('error', reject);
      server.listen(port, opts.host ?? '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });

  const port = await listen(opts.port ?? 0);
  const host = opts.host ?? '127.0.0.1';

  const dropTails = () => {
    const n = tails.size;
    for (const t of [...tails]) t.ws.terminate();
    return n;
  };

  const stop = () =>
    new Promise<void>((resolve) => {
      dropTails();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
    });

  const handle: LokiServerHandle = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    faults,
    setFaults(partial) {
      Object.assign(faults, partial);
    },
    clearFaults() {
      Object.assign(faults, noFaults());
    },
    faultCounters,
    data,
    push(tenant, streams) {
      const ps: PushStream[] = streams.map((s) => ({
        labels: s.stream,
        values: s.values.map((v) => ({ ts: BigInt(v[0]), line: v[1], meta: v[2] })),
      }));
      const r = applyPush(tenant, ps);
      return { accepted: r.accepted, duplicates: r.duplicates, errors: r.errors };
    },
    dropTails,
    async restart(o = {}) {
      await stop();
      if (o.clearData) data.clear();
      if (o.downMs) await new Promise((r) => setTimeout(r, o.downMs));
      startedAt = Date.now();
      await listen(port);
    },
    async close() {
      await stop();
      wss.close();
    },
  };
  return handle;
}
