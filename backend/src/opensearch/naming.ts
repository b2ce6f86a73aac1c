// Index names and document ids of the OpenSearch layout. Pure functions (unit-tested beside).
//
// Tenant isolation rests on the index name: every read names only the tenant's own indices. The
// tenant is encoded into a token with no '-' in it, so the pattern of tenant "a" (`<p>-ta-*`) can
// never match an index of tenant "a-b" (`<p>-ta_00002db-<day>`), nor "A" the one of "a".
import { createHash } from 'node:crypto';
import { labelsKey } from '../store/labels.js';
import { lineHash } from '../store/store.js';
import type { Labels, TimeWindow } from '../types.js';

const NS_PER_DAY = 86_400_000_000_000n;
/**
 * Longest escaped tenant kept readable; a longer one is hashed. OpenSearch index names stop at
 * 255 bytes: prefix, '-data-', the token (at most 1 + 65 here) and '-yyyy.mm.dd' fit with room.
 */
export const MAX_TENANT_TOKEN = 120;
/** Day indices a windowed read names one by one; a longer window reads the tenant's pattern. */
export const MAX_NAMED_DAYS = 62;

/**
 * `t` + the tenant with [a-z0-9] kept and every other code point (upper case included) written
 * `_` + 6 hex digits: injective, lower case, no '-' or characters OpenSearch forbids. Past
 * MAX_TENANT_TOKEN: `h` + sha-256 hex (a different first letter, so the two forms never meet).
 */
export function tenantToken(tenant: string): string {
  if (tenant.length === 0) throw new RangeError('tenant must not be empty');
  let out = 't';
  for (const ch of tenant) {
    out += /^[a-z0-9]$/.test(ch) ? ch : `_${ch.codePointAt(0)!.toString(16).padStart(6, '0')}`;
    if (out.length > MAX_TENANT_TOKEN) return `h${createHash('sha256').update(tenant).digest('hex')}`;
  }
  return out;
}

/** Start (ns) of the UTC day holding `tsNs`. */
export function floorDay(tsNs: bigint): bigint {
  return tsNs - (((tsNs % NS_PER_DAY) + NS_PER_DAY) % NS_PER_DAY);
}

/** UTC day of a nanosecond timestamp as `yyyy.mm.dd`. */
export function dayOf(tsNs: bigint): string {
  const dayStartMs = Number(floorDay(tsNs) / 1_000_000n);
  return new Date(dayStartMs).toISOString().slice(0, 10).replace(/-/g, '.');
}

/** Start of a `yyyy.mm.dd` day in ns, or undefined when `day` is not one. */
export function dayStartNs(day: string): bigint | undefined {
  const m = /^(\d{4})\.(\d{2})\.(\d{2})$/.exec(day);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(ms) ? undefined : BigInt(ms) * 1_000_000n;
}

export class IndexNames {
  /** @param prefix lower case, no '*', e.g. `loglens`. */
  constructor(readonly prefix: string) {
    if (!/^[a-z0-9][a-z0-9_.]*$/.test(prefix)) throw new RangeError(`index prefix ${JSON.stringify(prefix)}: lower-case letters, digits, '_' and '.' only`);
  }

  /** What the index template applies to: every tenant-day data index. */
  get dataPattern(): string {
    return `${this.prefix}-data-*`;
  }
  get cursors(): string {
    return `${this.prefix}-cursors`;
  }
  get leases(): string {
    return `${this.prefix}-leases`;
  }
  get template(): string {
    return `${this.prefix}-data`;
  }

  /** The tenant's index for the day of `tsNs`. */
  data(tenant: string, tsNs: bigint): string {
    return `${this.prefix}-data-${tenantToken(tenant)}-${dayOf(tsNs)}`;
  }

  /** Every index of the tenant. */
  tenantPattern(tenant: string): string {
    return `${this.prefix}-data-${tenantToken(tenant)}-*`;
  }

  /**
   * The indices a read of the tenant names: the days a window touches, one by one (missing ones
   * are skipped by the request), or the tenant's pattern without a window or past MAX_NAMED_DAYS.
   * A chunk lives in its start's day, so a window reaches back one day for chunks begun before it.
   */
  forRead(tenant: string, window?: TimeWindow): string[] {
    if (!window) return [this.tenantPattern(tenant)];
    const first = floorDay(window.startNs - NS_PER_DAY);
    const last = floorDay(window.endNs - 1n);
    if (last < first || (last - first) / NS_PER_DAY + 1n > BigInt(MAX_NAMED_DAYS)) return [this.tenantPattern(tenant)];
    const out: string[] = [];
    for (let d = first; d <= last; d += NS_PER_DAY) out.push(this.data(tenant, d));
    return out;
  }

  /** The day of one of the tenant's indices, or undefined when the name is not one of them. */
  dayOfIndex(tenant: string, index: string): string | undefined {
    const head = `${this.prefix}-data-${tenantToken(tenant)}-`;
    if (!index.startsWith(head)) return undefined;
    const day = index.slice(head.length);
    return dayStartNs(day) === undefined ? undefined : day;
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * An entry's document id: a pure function of (tenant, stream, timestamp, line hash, seq), the
 * embedded store's unique key, so a replayed batch overwrites its documents instead of adding.
 */
export function entryDocId(tenant: string, labels: Labels, tsNs: bigint, line: string, seq = 0): string {
  return sha256(`${tenant}\u0000${labelsKey(labels)}\u0000${tsNs}\u0000${lineHash(line).toString('hex')}\u0000${seq}`);
}

/** A slot value's document id: its entry's and its position in the line. */
export function valueDocId(entryId: string, pos: number): string {
  return `${entryId}.${pos}`;
}

/** A chunk's document id: tenant, stream, span and text. */
export function chunkDocId(tenant: string, labels: Labels, startNs: bigint, endNs: bigint, text: string): string {
  return sha256(`${tenant}\u0000${labelsKey(labels)}\u0000${startNs}\u0000${endNs}\u0000${sha256(text)}`);
}

/** A template's document id within a tenant-day index: one per (tenant, template id). */
export function templateDocId(tenant: string, templateId: number): string {
  return sha256(`template\u0000${tenant}\u0000${templateId}`);
}
