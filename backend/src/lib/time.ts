/** RFC 3339 with nanoseconds, as Loki prints times: 2026-11-24T14:05:02.123456789Z. */
export function rfc3339Nano(tsNs: bigint): string {
  const ms = tsNs / 1_000_000n;
  const iso = new Date(Number(ms)).toISOString(); // ...SS.mmmZ
  const nanos = (tsNs % 1_000_000_000n).toString().padStart(9, '0');
  return `${iso.slice(0, 19)}.${nanos}Z`;
}

/** HH:MM:SS in UTC, for answer prose. */
export function clock(tsNs: bigint): string {
  return new Date(Number(tsNs / 1_000_000n)).toISOString().slice(11, 19);
}
