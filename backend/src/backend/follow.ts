// Sidecars without state of their own following Loki into a LogBackend (issue #20): a lease keeper
// decides which sources this sidecar follows, and a LokiFollower runs for each source exactly while
// its lease is held, writing through the backend (ingest.ts) from the backend's stored cursor.
// Any number of sidecars given the same sources split them and take over a dead one's.
//
// Configuration comes from the validated config (config/schema.ts `backend`, `loki`); credentials
// never appear in logs or status.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { LokiClient, type LokiAuth } from '../ingest/loki/client.js';
import { LokiFollower, type FollowerStatus, type LokiFollowerOptions, type LokiSourceConfig } from '../ingest/loki/follower.js';
import type { FollowerTuning } from '../ingest/loki/ingest.js';
import { backendCursor, backendSink, type BackendSinkOptions } from './ingest.js';
import { LeaseKeeper, type KeeperClock, type KeeperStatus } from './lease-keeper.js';
import type { LogBackend } from './types.js';
import type { FollowDeriver } from './derive.js';
import type { OpenSearchBackendOptions } from '../opensearch/backend.js';
import type { BackendConfig, Config } from '../config/schema.js';

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
  /** Templates, chunks and vectors of each page (derive.ts); none: entries only. */
  derive?: FollowDeriver;
  /** Each acknowledged page (ingest.ts BackendSinkOptions.onWritten). */
  onWritten?: BackendSinkOptions['onWritten'];
}

export interface BackendFollowStatus {
  keeper: KeeperStatus;
  followers: FollowerStatus[];
  derive?: ReturnType<FollowDeriver['stats']>;
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
        sink: backendSink({ backend: o.backend, sourceId: id, isHeld: () => keeper.isHeld(id), derive: o.derive, onWritten: o.onWritten }),
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
    status: () => ({ keeper: keeper.status(), followers: [...followers.values()].map((f) => f.status()), ...(o.derive ? { derive: o.derive.stats() } : {}) }),
  };
}

// ---- configuration (config/schema.ts backend.opensearch) ----------------------------------------

/** Moves user:password out of a URL (where it would be logged with the URL) into auth. */
export function splitCredentials(url: string): { url: string; auth?: { username: string; password: string } } {
  const u = new URL(url);
  if (!u.username && !u.password) return { url: u.origin + u.pathname.replace(/\/$/, '') };
  const auth = { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  u.username = '';
  u.password = '';
  return { url: u.origin + u.pathname.replace(/\/$/, ''), auth };
}

/**
 * The OpenSearch client options of the validated config: credentials from username/password, else
 * out of a node URL (never left in a URL the client could log). `dim` is the embedder's.
 */
export function openSearchOptions(c: BackendConfig['opensearch'], dim: number): OpenSearchBackendOptions {
  let auth = c.username !== undefined ? { username: c.username, password: c.password ?? '' } : undefined;
  const nodes = c.urls.map((raw) => {
    const { url, auth: inUrl } = splitCredentials(raw);
    auth ??= inUrl;
    return url;
  });
  return { nodes, auth, prefix: c.indexPrefix, dim, shards: c.shards, replicas: c.replicas, requestTimeoutMs: c.requestTimeoutMs };
}

/** The Loki client's auth of the validated config. */
export function lokiAuthOf(c: Config['loki']): LokiAuth | undefined {
  if (c.bearerToken) return { kind: 'bearer', token: c.bearerToken };
  if (c.username) return { kind: 'basic', username: c.username, password: c.password ?? '' };
  return undefined;
}
