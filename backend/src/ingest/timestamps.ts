// Finds the timestamp a log line starts with, for the common formats of servers, syslog, JVM,
// Python, Go and the LogHub systems. Times without a zone are read as UTC; times without a year
// take the caller's default year (syslog and Android omit it).

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

/** Only the head of a line is searched: a time deep inside a message is data, not the entry's time. */
const HEAD_CHARS = 96;

/** 2001-09-09 .. 2286: plain 10-digit epoch seconds in that range are timestamps, not ids. */
const EPOCH_MIN = 1_000_000_000;

export interface ParsedTime {
  tsNs: bigint;
  /** Offset in the line just after the timestamp text. */
  end: number;
}

/** Date.UTC's milliseconds plus the sub-millisecond digits the line carries. */
function ns(ms: number, fracDigits = ''): bigint {
  const subMs = BigInt((fracDigits + '000000000').slice(3, 9));
  return BigInt(ms) * 1_000_000n + subMs;
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, frac = ''): bigint | undefined {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const msPart = Number((frac + '000').slice(0, 3));
  const ms = Date.UTC(y, mo, d, h, mi, s, msPart);
  if (Number.isNaN(ms)) return undefined;
  return ns(ms, frac);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return 0;
  const mins = Number(m[2]) * 60 + Number(m[3]);
  return (m[1] === '+' ? 1 : -1) * mins * 60_000;
}

type Rule = (head: string, defaultYear: number) => ParsedTime | undefined;

const RULES: Rule[] = [
  // ISO 8601 / RFC 3339 and the "2015-10-18 18:01:47,978" of log4j, Python logging and Go.
  (head) => {
    const m = /(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?/.exec(head);
    if (!m || m.index > 64) return undefined;
    const t = utc(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7] ?? '');
    if (t === undefined) return undefined;
    return { tsNs: t - BigInt(zoneOffsetMs(m[8])) * 1_000_000n, end: m.index + m[0].length };
  },
  // Apache error log: [Sun Dec 04 04:47:44 2005]
  (head) => {
    const m = /^\[(?:\w{3}) (\w{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))? (\d{4})\]/.exec(head);
    if (!m) return undefined;
    const mo = MONTHS[m[1].toLowerCase()];
    if (mo === undefined) return undefined;
    const t = utc(+m[7], mo, +m[2], +m[3], +m[4], +m[5], m[6] ?? '');
    return t === undefined ? undefined : { tsNs: t, end: m[0].length };
  },
  // Common log format: [10/Oct/2000:13:55:36 -0700]
  (head) => {
    const m = /\[(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\]/.exec(head);
    if (!m) return undefined;
    const mo = MONTHS[m[2].toLowerCase()];
    if (mo === undefined) return undefined;
    const t = utc(+m[3], mo, +m[1], +m[4], +m[5], +m[6]);
    return t === undefined ? undefined : { tsNs: t - BigInt(zoneOffsetMs(m[7])) * 1_000_000n, end: m.index + m[0].length };
  },
  // BGL / Thunderbird / HPC: epoch seconds as an early field.
  (head) => {
    const m = /(?:^|\s)(\d{10})(?=\s)/.exec(head.slice(0, 48));
    if (!m || Number(m[1]) < EPOCH_MIN) return undefined;
    return { tsNs: BigInt(m[1]) * 1_000_000_000n, end: m.index + m[0].length };
  },
  // Syslog: "Jun 14 15:16:01" (no year).
  (head, year) => {
    const m = /^(\w{3}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/.exec(head);
    if (!m) return undefined;
    const mo = MONTHS[m[1].toLowerCase()];
    if (mo === undefined) return undefined;
    const t = utc(year, mo, +m[2], +m[3], +m[4], +m[5], m[6] ?? '');
    return t === undefined ? undefined : { tsNs: t, end: m[0].length };
  },
  // Spark / yy/MM/dd HH:mm:ss
  (head) => {
    const m = /^(\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(head);
    if (!m) return undefined;
    const t = utc(2000 + +m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    return t === undefined ? undefined : { tsNs: t, end: m[0].length };
  },
  // HDFS: yyMMdd HHmmss
  (head) => {
    const m = /^(\d{2})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2})\b/.exec(head);
    if (!m) return undefined;
    const t = utc(2000 + +m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    return t === undefined ? undefined : { tsNs: t, end: m[0].length };
  },
  // Android logcat: MM-dd HH:mm:ss.SSS (no year).
  (head, year) => {
    const m = /^(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})/.exec(head);
    if (!m) return undefined;
    const t = utc(year, +m[1] - 1, +m[2], +m[3], +m[4], +m[5], m[6]);
    return t === undefined ? undefined : { tsNs: t, end: m[0].length };
  },
  // yyyyMMdd-HH:mm:ss:SSS
  (head) => {
    const m = /^(\d{4})(\d{2})(\d{2})-(\d{1,2}):(\d{1,2}):(\d{1,2}):(\d{1,3})/.exec(head);
    if (!m) return undefined;
    const t = utc(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7].padStart(3, '0'));
    return t === undefined ? undefined : { tsNs: t, end: m[0].length };
  },
  // [MM.dd HH:mm:ss] (no year).
  (head, year) => {
    const m = /^\[(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2})\]/.exec(head);
    if (!m) return undefined;
    const t = utc(year, +m[1] - 1, +m[2], +m[3], +m[4], +m[5]);
    return t === undefined ? undefined : { tsNs: t, end: m[0].length };
  },
];

/** Nanosecond times SQLite stores (int64): a line stamped 9999-12-31 is past it and failed its whole batch. */
const INT64_MAX = 9223372036854775807n;
const storable = (ns: bigint | undefined): bigint | undefined => (ns !== undefined && ns <= INT64_MAX && ns >= -INT64_MAX ? ns : undefined);

/** The timestamp at the head of a line, or undefined when the line carries none there (or one no int64 holds). */
export function parseLeadingTimestamp(line: string, defaultYear: number): ParsedTime | undefined {
  const head = line.slice(0, HEAD_CHARS);
  for (const rule of RULES) {
    const t = rule(head, defaultYear);
    if (t) return storable(t.tsNs) === undefined ? undefined : t;
  }
  return undefined;
}

/** A timestamp in a structured field: RFC 3339 text, epoch s/ms/us/ns number or digit string. */
export function parseTimestampValue(v: unknown): bigint | undefined {
  return storable(timestampValue(v));
}

function timestampValue(v: unknown): bigint | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return epochToNs(v);
  if (typeof v !== 'string' || v.length === 0) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) {
    if (/^\d{19}$/.test(v)) return BigInt(v);
    return epochToNs(Number(v));
  }
  const t = parseLeadingTimestamp(v, new Date().getUTCFullYear());
  return t?.tsNs;
}

function epochToNs(v: number): bigint | undefined {
  // Magnitude tells the unit: seconds ~1e9, ms ~1e12, us ~1e15, ns ~1e18.
  if (v < 1e11) return BigInt(Math.round(v * 1000)) * 1_000_000n;
  if (v < 1e14) return BigInt(Math.round(v)) * 1_000_000n;
  if (v < 1e17) return BigInt(Math.round(v)) * 1_000n;
  return BigInt(Math.round(v));
}
