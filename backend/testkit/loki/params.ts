// Parameter parsing with Loki's rules and error texts (reference sections 1.1, 1.2, 3).

export class ParamError extends Error {}

const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;
/** Loki's threshold between "epoch seconds" and "epoch nanoseconds" for bare numbers. */
const SECONDS_MAX = 1e10;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses `start`/`end`/`time`: RFC3339(Nano), float (seconds or ns), integer (seconds or ns). */
export function parseTimeParam(name: string, raw: string): bigint {
  const m = RFC3339.exec(raw);
  if (m) {
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
    if (zone !== 'Z' && zone !== 'z') {
      const sign = zone[0] === '-' ? -1 : 1;
      ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
    }
    const fracNs = frac ? BigInt(frac.slice(1, 10).padEnd(9, '0')) : 0n;
    return BigInt(ms) * NS_PER_MS + fracNs;
  }
  if (raw.includes('.')) {
    const f = Number(raw);
    if (!Number.isFinite(f) || !/^-?\d*\.\d*$/.test(raw)) {
      throw new ParamError(`could not parse '${name}' parameter: strconv.ParseFloat: parsing ${JSON.stringify(raw)}: invalid syntax`);
    }
    const [intPart, fracPart = ''] = raw.split('.');
    if (Math.abs(Number(intPart)) <= SECONDS_MAX) {
      const ms = Math.round(Number(`0.${fracPart || '0'}`) * 1000);
      return BigInt(intPart || '0') * NS_PER_S + BigInt(ms) * NS_PER_MS;
    }
    return BigInt(intPart);
  }
  if (!/^-?\d+$/.test(raw)) {
    throw new ParamError(`could not parse '${name}' parameter: strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  }
  const v = BigInt(raw);
  return (v < 0n ? -v : v) <= BigInt(SECONDS_MAX) ? v * NS_PER_S : v;
}

const DURATION_UNITS: Record<string, bigint> = {
  ms: NS_PER_MS,
  s: NS_PER_S,
  m: 60n * NS_PER_S,
  h: 3600n * NS_PER_S,
  d: 86400n * NS_PER_S,
  w: 7n * 86400n * NS_PER_S,
  y: 365n * 86400n * NS_PER_S,
};

/** Prometheus duration (`1h30m`), as Loki's `since` accepts it. Returns nanoseconds. */
export function parsePromDuration(name: string, raw: string): bigint {
  if (raw === '' || !/^(\d+(ms|s|m|h|d|w|y))+$/.test(raw)) {
    throw new ParamError(`could not parse '${name}' parameter: not a valid duration string: ${JSON.stringify(raw)}`);
  }
  let total = 0n;
  for (const m of raw.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += BigInt(m[1]) * DURATION_UNITS[m[2]];
  return total;
}

/** `step` / `interval`: float seconds or a Prometheus duration. Returns nanoseconds. */
export function parseStep(raw: string): bigint {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) {
    return BigInt(Math.round(Number(raw) * 1e9));
  }
  try {
    return parsePromDuration('step', raw);
  } catch {
    throw new ParamError(`cannot parse ${JSON.stringify(raw)} to a valid duration`);
  }
}

/** Go's time.Time formatting used in Loki's validation messages: RFC3339, second precision. */
export function nsToRfc3339(ns: bigint): string {
  return new Date(Number(ns / NS_PER_MS)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Go's time.Duration.String() for whole hours/minutes/seconds, enough for limit messages. */
export function goDuration(ns: bigint): string {
  let s = ns / NS_PER_S;
  const h = s / 3600n;
  s -= h * 3600n;
  const m = s / 60n;
  s -= m * 60n;
  if (h > 0n) return `${h}h${m}m${s}s`;
  if (m > 0n) return `${m}m${s}s`;
  return `${s}s`;
}
