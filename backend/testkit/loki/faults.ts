// Runtime-controllable fault injection for the Loki stand-in. All rates are probabilities per
// request in [0, 1], drawn from a seeded PRNG so a failing run can be replayed with the same seed.
import { seededRandom } from '../../src/lib/random.js';

export { seededRandom };

export type FaultRoute = 'push' | 'query' | 'meta' | 'tail';

export interface FaultConfig {
  /** Fraction of requests answered with `errorStatus` (5xx). */
  errorRate: number;
  errorStatus: number;
  /** Fraction of requests answered 429. */
  rateLimitRate: number;
  /** Retry-After seconds sent with injected 429/503; null sends none (real Loki sends none). */
  retryAfterSeconds: number | null;
  /** Added latency before any answer: latencyMs + uniform [0, latencyJitterMs). */
  latencyMs: number;
  latencyJitterMs: number;
  /** Fraction of requests whose TCP connection is destroyed before any response byte. */
  resetRate: number;
  /** Fraction of successful JSON answers cut mid-body (headers promise the full length). */
  truncateRate: number;
  /** Which routes faults apply to; push is excluded by default so seeding data stays simple. */
  routes: FaultRoute[];
}

export function noFaults(): FaultConfig {
  return {
    errorRate: 0,
    errorStatus: 500,
    rateLimitRate: 0,
    retryAfterSeconds: null,
    latencyMs: 0,
    latencyJitterMs: 0,
    resetRate: 0,
    truncateRate: 0,
    routes: ['query', 'meta', 'tail'],
  };
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'reset' }
  | { kind: 'status'; status: number; retryAfter: number | null }
  | { kind: 'truncate' };

export interface FaultCounters {
  resets: number;
  errors: number;
  rateLimited: number;
  truncated: number;
  delayed: number;
}

/** Decides the fault for one request; `truncate` is only acted on for a successful answer. */
export function decideFault(cfg: FaultConfig, route: FaultRoute, rand: () => number): FaultDecision {
  if (!cfg.routes.includes(route)) return { kind: 'none' };
  if (cfg.resetRate > 0 && rand() < cfg.resetRate) return { kind: 'reset' };
  if (cfg.rateLimitRate > 0 && rand() < cfg.rateLimitRate) return { kind: 'status', status: 429, retryAfter: cfg.retryAfterSeconds };
  if (cfg.errorRate > 0 && rand() < cfg.errorRate) {
    return { kind: 'status', status: cfg.errorStatus, retryAfter: cfg.errorStatus === 503 ? cfg.retryAfterSeconds : null };
  }
  if (cfg.truncateRate > 0 && rand() < cfg.truncateRate) return { kind: 'truncate' };
  return { kind: 'none' };
}

export function latencyFor(cfg: FaultConfig, route: FaultRoute, rand: () => number): number {
  if (!cfg.routes.includes(route)) return 0;
  return cfg.latencyMs + (cfg.latencyJitterMs > 0 ? Math.floor(rand() * cfg.latencyJitterMs) : 0);
}
