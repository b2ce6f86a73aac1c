const NS_PER_S = 1_000_000_000n;

/** Floor division: -1 ns is in the second before 1970-01-01T00:00:00, not in that second. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * RFC 3339 with nanoseconds, as Loki prints times: 2026-11-24T14:05:02.123456789Z. Correct for
 * every int64 nanosecond value (years 1677-2262), before 1970 included: the seconds are floored
 * and the fraction is always 0-999999999 (a negative time used to print ".-413000000"). Values
 * beyond what a Date holds (±8.64e21 ns) are a RangeError: no window or line carries one.
 */
export function rfc3339Nano(tsNs: bigint): string {
  const secs = floorDiv(tsNs, NS_PER_S);
  const nanos = tsNs - secs * NS_PER_S;
  const iso = new Date(Number(secs) * 1000).toISOString(); // ...SS.000Z, or ±YYYYYY-... outside 0000-9999
  return `${iso.slice(0, iso.length - 5)}.${nanos.toString().padStart(9, '0')}Z`;
}

/** HH:MM:SS in UTC, for answer prose. */
export function clock(tsNs: bigint): string {
  const t = rfc3339Nano(tsNs);
  return t.slice(t.indexOf('T') + 1, t.indexOf('T') + 9);
}
