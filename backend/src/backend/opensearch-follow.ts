// backend.kind opensearch (issue #20): the OpenSearch backend and the lease-keeping follower of
// Loki into it, as one service the composition root (app.ts) builds and stops, for `serve` and for
// follow-main.ts.
import type { Config } from '../config/schema.js';
import type { Embedder } from '../embed/index.js';
import { MINILM_DIM } from '../embed/index.js';
import { OpenSearchBackend } from '../opensearch/backend.js';
import { ageCutoffNs, limitsFor } from '../retention/policy.js';
import { FollowDeriver } from './derive.js';
import { lokiAuthOf, openSearchOptions, startBackendFollow, type BackendFollow, type BackendFollowOptions } from './follow.js';

/** Waits between attempts to reach an OpenSearch cluster that did not answer (it may still be starting). */
const OPENSEARCH_CONNECT_RETRY_MS = 5_000;

type FollowLog = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export interface OpenSearchFollowStatus {
  state: 'idle' | 'connecting' | 'connected' | 'stopped';
  /** The last failure to reach the cluster (no credentials in it: the client never puts them in messages). */
  lastError: string | null;
  follow?: ReturnType<BackendFollow['status']>;
}

/**
 * backend.kind opensearch (issue #20): the OpenSearch backend and the lease-keeping follower of the
 * configured Loki sources into it, with templates, chunks and vectors (backend/derive.ts). start()
 * connects in the background, retrying while the cluster does not answer, so a sidecar started
 * with its cluster (docker compose) does not exit; stop() stops the followers and releases the leases.
 * app.ts (createApp) and follow-main.ts build it.
 */
export class OpenSearchFollow {
  private backend: OpenSearchBackend | undefined;
  private follow: BackendFollow | undefined;
  private readonly deriver: FollowDeriver;
  private st: OpenSearchFollowStatus = { state: 'idle', lastError: null };
  private running: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private retentionPassing: Promise<unknown> | undefined;

  constructor(
    private readonly config: Config,
    private readonly o: {
      embedder?: Embedder;
      log: FollowLog;
      /** Wall clock (ms) of retention; Date.now by default. */
      now?: () => number;
      onWritten?: BackendFollowOptions['onWritten'];
    },
  ) {
    this.deriver = new FollowDeriver({
      chunking: { maxTokens: config.chunking.maxTokens, maxGapNs: BigInt(Math.round(config.chunking.maxGapSeconds * 1e9)) },
      embedder: o.embedder,
      onEmbedFailure: (err) => o.log('warn', 'embedding failed: chunks written without vectors (BM25 finds them, k-NN does not)', { error: (err as Error).message }),
    });
  }

  get owner(): string | undefined {
    return this.follow?.owner;
  }

  /** The backend once connected (tests and callers that read what was followed). */
  get connected(): OpenSearchBackend | undefined {
    return this.backend;
  }

  status(): OpenSearchFollowStatus {
    return { ...this.st, ...(this.follow ? { follow: this.follow.status() } : {}) };
  }

  start(): void {
    if (this.running || this.stopped) return;
    this.st.state = 'connecting';
    this.running = this.connect();
  }

  private async connect(): Promise<void> {
    const c = this.config;
    while (!this.stopped) {
      try {
        const backend = await OpenSearchBackend.open(openSearchOptions(c.backend.opensearch, MINILM_DIM));
        if (this.stopped) {
          await backend.close();
          return;
        }
        this.backend = backend;
        this.follow = startBackendFollow({
          backend,
          loki: { url: c.loki.url!, auth: lokiAuthOf(c.loki), timeoutMs: c.loki.timeoutMs },
          sources: c.loki.sources,
          owner: c.backend.opensearch.sidecarId,
          leaseTtlMs: c.backend.opensearch.leaseTtlMs,
          tuning: c.loki.tuning,
          derive: this.deriver,
          onWritten: this.o.onWritten,
          log: (level, msg, fields) => this.o.log(level, msg, fields),
        });
        this.follow.start();
        this.startRetention();
        this.st = { state: 'connected', lastError: null };
        this.o.log('info', 'following Loki into OpenSearch', { owner: this.follow.owner, sources: c.loki.sources.length });
        return;
      } catch (err) {
        this.st.lastError = (err as Error).message;
        this.o.log('warn', 'OpenSearch not reachable; retrying', { error: this.st.lastError, retryMs: OPENSEARCH_CONNECT_RETRY_MS });
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, OPENSEARCH_CONNECT_RETRY_MS);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  }

  /**
   * Age retention on the cluster, every retention.intervalSeconds (the first one interval after
   * connecting): each followed tenant's whole day indices past its age limit go (so a day outlives
   * the limit by up to a day). Every sidecar runs it; deleting an index another sidecar deleted
   * first is not an error. Size limits (maxBytesPerTenant, maxBytes) are not applied here.
   */
  private startRetention(): void {
    const r = this.config.retention;
    const tenants = [...new Set(this.config.loki.sources.map((s) => s.tenant))];
    if (!tenants.some((t) => limitsFor(r, t).maxAgeHours > 0)) return;
    if (r.maxBytesPerTenant > 0 || Object.values(r.tenants).some((t) => (t.maxBytes ?? 0) > 0)) {
      this.o.log('warn', 'retention size limits are not applied on OpenSearch (age limits are)');
    }
    this.retentionTimer = setInterval(() => {
      if (this.retentionPassing) return;
      this.retentionPassing = this.retentionPass()
        .catch((err) => this.o.log('warn', 'OpenSearch retention pass failed; the next one retries', { error: (err as Error).message }))
        .finally(() => (this.retentionPassing = undefined));
    }, r.intervalSeconds * 1000);
    this.retentionTimer.unref();
  }

  /** One age-retention pass over the followed tenants; the indices dropped. */
  async retentionPass(): Promise<string[]> {
    const backend = this.backend;
    if (!backend) return [];
    const nowMs = (this.o.now ?? Date.now)();
    const dropped: string[] = [];
    for (const tenant of new Set(this.config.loki.sources.map((s) => s.tenant))) {
      const cut = ageCutoffNs(limitsFor(this.config.retention, tenant), nowMs);
      if (cut === undefined) continue;
      dropped.push(...(await backend.dropBefore(tenant, cut)).dropped);
    }
    if (dropped.length > 0) this.o.log('info', 'OpenSearch retention dropped day indices', { indices: dropped });
    return dropped;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    await this.running;
    await this.retentionPassing;
    await this.follow?.stop();
    await this.backend?.close();
    this.st.state = 'stopped';
  }
}
