// Sidecars without state of their own following Loki into a LogBackend (issue #20): a lease keeper
// decides which sources this sidecar follows, and a LokiFollower runs for each source exactly while
// its lease is held, writing through the backend (ingest.ts) from the backend's stored cursor.
// Any number of sidecars given the same sources split them and take over a dead one's.
//
// followConfigFromEnv reads the process configuration (follow-main.ts runs it as a process);
// credentials come from the environment only and never appear in logs or status.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { LokiClient, type LokiAuth } from '../ingest/loki/client.js';
import { LokiFollower, type FollowerStatus, type LokiFollowerOptions, type LokiSourceConfig } from '../ingest/loki/follower.js';
import type { FollowerTuning } from '../ingest/loki/ingest.js';
import { backendCursor, backendSink } from './ingest.js';
import { LeaseKeeper, type KeeperClock, type KeeperStatus } from './lease-keeper.js';
import type { LogBackend } from './types.js';

/** Lease length when none is configured: a dead sidecar's sources wait this long for a new owner. */
export const DEFAULT_LEASE_TTL_MS = 15_000;

export interface BackendFollowOptions {
  backend: LogBackend;
  loki: { url: string; auth?: LokiAuth; timeoutMs?: number };
  sources: LokiSourceConfig[];
  /** This sidecar's id among those sharing the backend; unique per process by default. */
  owner?: string;
  leaseTtlMs?: number;
  roundMs?: number;
  tuning?: FollowerTuning;
  clock?: KeeperClock;
  log?: LokiFollowerOptions['log'];
}

export interface BackendFollowStatus {
  keeper: KeeperStatus;
  followers: FollowerStatus[];
}

export interface BackendFollow {
  readonly owner: string;
  start(): void;
  /** Stops every follower and releases the leases, so the other sidecars take over at once. */
  stop(): Promise<void>;
  status(): BackendFollowStatus;
}

/** A sidecar id no restarted process reuses (a new process must not renew a dead one's leases). */
export function newOwnerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export function startBackendFollow(o: BackendFollowOptions): BackendFollow {
  const owner = o.owner ?? newOwnerId();
  const sources = new Map(o.sources.map((s) => [s.id, s]));
  if (sources.size !== o.sources.length) throw new Error('duplicate Loki source id');
  const client = new LokiClient({ baseUrl: o.loki.url, auth: o.loki.auth, timeoutMs: o.loki.timeoutMs });
  const followers = new Map<string, LokiFollower>();
  const keeper: LeaseKeeper = new LeaseKeeper({
    backend: o.backend,
    owner,
    sources: o.sources.map((s) => s.id),
    ttlMs: o.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS,
    roundMs: o.roundMs,
    clock: o.clock,
    log: o.log,
    onAcquired: (id) => {
      const source = sources.get(id)!;
      const f = new LokiFollower({
        ...o.tuning,
        source,
        client,
        log: o.log,
        sink: backendSink({ backend: o.backend, sourceId: id, isHeld: () => keeper.isHeld(id) }),
        getCursor: backendCursor(o.backend, id),
      });
      followers.set(id, f);
      f.start();
    },
    onLost: async (id) => {
      const f = followers.get(id);
      followers.delete(id);
      await f?.stop();
    },
  });
  return {
    owner,
    start: () => keeper.start(),
    stop: () => keeper.stop(),
    status: () => ({ keeper: keeper.status(), followers: [...followers.values()].map((f) => f.status()) }),
  };
}

// ---- process configuration ----------------------------------------------------------------------

export interface FollowProcessConfig {
  lokiUrl: string;
  lokiAuth?: LokiAuth;
  sources: LokiSourceConfig[];
  openSearch: { nodes: string[]; auth?: { username: string; password: string }; prefix: string; dim: number; requestTimeoutMs: number };
  owner?: string;
  leaseTtlMs: number;
  tuning: FollowerTuning;
}

/** The embedding size of the default model (all-MiniLM-L6-v2): the index template's vector size. */
const DEFAULT_DIM = 384;
/** A request to OpenSearch gives up after this long, well inside a default lease. */
const DEFAULT_OPENSEARCH_TIMEOUT_MS = 10_000;

/** Moves user:password out of a URL (where it would be logged with the URL) into auth. */
export function splitCredentials(url: string): { url: string; auth?: { username: string; password: string } } {
  const u = new URL(url);
  if (!u.username && !u.password) return { url: u.origin + u.pathname.replace(/\/$/, '') };
  const auth = { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  u.username = '';
  u.password = '';
  return { url: u.origin + u.pathname.replace(/\/$/, ''), auth };
}

const need = (env: NodeJS.ProcessEnv, name: string) => {
  const v = env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

/**
 * The sidecar's follow configuration from the environment: LOGLENS_LOKI_URL, LOGLENS_LOKI_SOURCES
 * (JSON), LOGLENS_LOKI_USERNAME + LOGLENS_LOKI_PASSWORD or LOGLENS_LOKI_BEARER_TOKEN,
 * LOGLENS_OPENSEARCH_URLS (comma-separated), LOGLENS_OPENSEARCH_USERNAME + LOGLENS_OPENSEARCH_PASSWORD,
 * LOGLENS_OPENSEARCH_PREFIX, LOGLENS_OPENSEARCH_DIM, LOGLENS_OPENSEARCH_TIMEOUT_MS,
 * LOGLENS_LEASE_TTL_MS, LOGLENS_SIDECAR_ID, LOGLENS_FOLLOW_TUNING (JSON of follower options).
 */
export function followConfigFromEnv(env: NodeJS.ProcessEnv): FollowProcessConfig {
  const lokiAuth: LokiAuth | undefined = env.LOGLENS_LOKI_BEARER_TOKEN
    ? { kind: 'bearer', token: env.LOGLENS_LOKI_BEARER_TOKEN }
    : env.LOGLENS_LOKI_USERNAME
      ? { kind: 'basic', username: env.LOGLENS_LOKI_USERNAME, password: env.LOGLENS_LOKI_PASSWORD ?? '' }
      : undefined;
  let osAuth = env.LOGLENS_OPENSEARCH_USERNAME ? { username: env.LOGLENS_OPENSEARCH_USERNAME, password: env.LOGLENS_OPENSEARCH_PASSWORD ?? '' } : undefined;
  const nodes = need(env, 'LOGLENS_OPENSEARCH_URLS')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((raw) => {
      const { url, auth } = splitCredentials(raw);
      osAuth ??= auth;
      return url;
    });
  const sources = JSON.parse(need(env, 'LOGLENS_LOKI_SOURCES')) as LokiSourceConfig[];
  if (!Array.isArray(sources) || sources.some((s) => typeof s?.id !== 'string' || typeof s.selector !== 'string')) throw new Error('LOGLENS_LOKI_SOURCES: a JSON array of {id, tenant, selector, backfillSeconds}');
  const num = (name: string, dflt: number) => {
    const v = env[name];
    if (v === undefined || v === '') return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}: a positive number`);
    return n;
  };
  return {
    lokiUrl: need(env, 'LOGLENS_LOKI_URL'),
    lokiAuth,
    sources,
    openSearch: { nodes, auth: osAuth, prefix: env.LOGLENS_OPENSEARCH_PREFIX || 'loglens', dim: num('LOGLENS_OPENSEARCH_DIM', DEFAULT_DIM), requestTimeoutMs: num('LOGLENS_OPENSEARCH_TIMEOUT_MS', DEFAULT_OPENSEARCH_TIMEOUT_MS) },
    owner: env.LOGLENS_SIDECAR_ID || undefined,
    leaseTtlMs: num('LOGLENS_LEASE_TTL_MS', DEFAULT_LEASE_TTL_MS),
    tuning: env.LOGLENS_FOLLOW_TUNING ? (JSON.parse(env.LOGLENS_FOLLOW_TUNING) as FollowerTuning) : {},
  };
}

/** What may be printed of a configuration: no password, token or credential-bearing URL. */
export function describeFollowConfig(c: FollowProcessConfig): Record<string, unknown> {
  return {
    loki: new URL(c.lokiUrl).origin,
    lokiAuth: c.lokiAuth?.kind ?? 'none',
    sources: c.sources.map((s) => s.id),
    openSearch: c.openSearch.nodes,
    openSearchAuth: c.openSearch.auth ? 'basic' : 'none',
    prefix: c.openSearch.prefix,
    leaseTtlMs: c.leaseTtlMs,
  };
}
