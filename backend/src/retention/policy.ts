// What each tenant keeps: an age and a size, with per-tenant overrides, as Loki's
// `retention_period` and its runtime overrides work. Zero means no limit of that kind.

export interface RetentionLimits {
  /** Lines older than this (by their own timestamp, against the wall clock) go; 0 keeps them. */
  maxAgeHours: number;
  /** Line bytes (UTF-8, as pushed) a tenant may hold; the oldest go past it; 0 = no limit. */
  maxBytes: number;
}

export interface RetentionPolicyConfig {
  maxAgeHours: number;
  maxBytesPerTenant: number;
  tenants: Record<string, Partial<RetentionLimits>>;
}

/**
 * After a size-triggered deletion the tenant is brought down to this fraction of its limit, so a
 * tenant at its limit is not trimmed by a sliver on every pass (each pass rewrites FTS segments
 * and the vector index file): 10% of headroom costs 10% of the history.
 */
export const SIZE_LOW_WATER = 0.9;

export const NS_PER_HOUR = 3_600_000_000_000n;

export function limitsFor(policy: RetentionPolicyConfig, tenant: string): RetentionLimits {
  const o = policy.tenants[tenant] ?? {};
  return { maxAgeHours: o.maxAgeHours ?? policy.maxAgeHours, maxBytes: o.maxBytes ?? policy.maxBytesPerTenant };
}

/** Entries stamped before this are past the tenant's age limit (undefined: no age limit). */
export function ageCutoffNs(limits: RetentionLimits, nowMs: number): bigint | undefined {
  if (limits.maxAgeHours <= 0) return undefined;
  return BigInt(Math.floor(nowMs)) * 1_000_000n - BigInt(Math.round(limits.maxAgeHours * 3600 * 1000)) * 1_000_000n;
}

/** Line bytes a tenant over its size limit is trimmed down to (undefined: within it, or no limit). */
export function sizeTarget(limits: RetentionLimits, lineBytes: number): number | undefined {
  if (limits.maxBytes <= 0 || lineBytes <= limits.maxBytes) return undefined;
  return Math.floor(limits.maxBytes * SIZE_LOW_WATER);
}
