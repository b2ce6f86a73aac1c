import type { TimeWindow } from '../types.js';
import { rfc3339Nano } from '../lib/time.js';

// Question understanding: time expressions become a window, words that name a label value (a
// service, a host) become selector hints, the rest become search terms. All of it is returned to
// the caller so the user sees how the question was read.

const NS_PER_MIN = 60_000_000_000n;
const NS_PER_DAY = 24n * 60n * NS_PER_MIN;
/** Largest nanosecond time SQLite stores (int64). */
const INT64_MAX = 9223372036854775807n;
/**
 * Farthest back a relative phrase may reach: 100 years (36,500 days). No stored line is older than
 * 1970, and a count like "the last 1000000 days" (or 400 digits) is a typo or an attack, not a window.
 */
export const MAX_LOOKBACK_DAYS = 36_500;
const MAX_LOOKBACK_MIN = BigInt(MAX_LOOKBACK_DAYS) * 1440n;

/** A time phrase in the question that names no real time ("since 25:00", "last 1000000 days"): a 400. */
export class QueryError extends Error {
  readonly field = 'question';
}

/**
 * A window every later stage can use: inside int64 nanoseconds (SQLite's INTEGER) and not
 * empty. Undefined stays undefined. Windows come from question phrases, the dashboard's range and
 * the data's own span; near the ends of the int64 range their arithmetic can leave it.
 */
export function validWindow(w: TimeWindow | undefined): TimeWindow | undefined {
  if (!w) return undefined;
  const clamp = (t: bigint) => (t < 0n ? 0n : t > INT64_MAX ? INT64_MAX : t);
  let startNs = clamp(w.startNs);
  const endNs = clamp(w.endNs);
  if (startNs >= endNs) startNs = endNs === 0n ? 0n : endNs - 1n;
  return { startNs, endNs: startNs === endNs ? endNs + 1n : endNs };
}

/** Question phrasing that carries no evidence; log words like "error" or "failed" stay. */
const STOPWORDS = new Set(
  `a about above after again all am an and any are as at be been before being below between both but by
  can could did do does doing down during each few for from further had has have having how i if in into
  is it its itself just me more most my no nor not now of off on once only or other our out over own same
  she should so some such than that the their them then there these they this those through to too under
  until up very was we were what when where which while who whom why will with would you your
  show tell find give list explain happened happen happening going cause caused causes reason
  today yesterday minutes minute hours hour seconds since last past ago am pm utc logs log lines line
  alert alerts fire fired firing`
    .split(/\s+/)
    .filter(Boolean),
);

export interface ParsedQuestion {
  terms: string[];
  window?: TimeWindow;
  /** How the window was derived, e.g. "at 14:05 -> 13:50..14:20 UTC". */
  timeHint?: string;
  /** label name -> value for label values the question names. */
  selectorHints: Record<string, string>;
  /** The instant the question points at ("at 14:05"), when it names one. */
  focusNs?: bigint;
  /** "why", "what changed", "since when": ask for change evidence. */
  asksForCause: boolean;
}

export interface QueryContext {
  /** "Now" for relative expressions ("last 30 minutes"). */
  nowNs: bigint;
  /**
   * Clock times resolve to their latest occurrence at or before this: the newest data of the
   * streams the question is about (given the label hints read from it), or the dashboard's end.
   */
  referenceNs: bigint | ((hints: Readonly<Record<string, string>>) => bigint);
  /**
   * Whether the question's streams hold data inside a window. With it, a clock time without a date
   * takes the latest day, at most CLOCK_DAYS_BACK back, that has data then; without it, the
   * reference's day.
   */
  hasData?: (hints: Readonly<Record<string, string>>, w: TimeWindow) => boolean;
  clockWindowMinutes: number;
  /** label name -> known values of the tenant's streams. */
  labelValues: Map<string, Set<string>>;
}

/**
 * Days looked back for a clock time with data. A week covers "at 14:05" asked the Monday after a
 * Friday incident without letting a daily cron line from a month ago decide the day.
 */
export const CLOCK_DAYS_BACK = 7;

function clockNs(ref: bigint, h: number, m: number): bigint {
  // Floor, not truncation: a reference before 1970 still has its day start before it.
  const dayStart = ref - (((ref % NS_PER_DAY) + NS_PER_DAY) % NS_PER_DAY);
  let t = dayStart + BigInt(h * 60 + m) * NS_PER_MIN;
  if (t > ref) t -= NS_PER_DAY;
  return t;
}

interface DayChoice {
  /** The chosen occurrence's offset back from the reference day's, in days. */
  back: number;
  /** Other days of the look-back that also have data at that time. */
  others: number;
  /** No day of the look-back has data at that time. */
  none: boolean;
}

/** Picks the latest day whose window (made by win(offset)) has data. */
function chooseDay(win: (back: number) => TimeWindow, has?: (w: TimeWindow) => boolean): DayChoice {
  if (!has) return { back: 0, others: 0, none: false };
  let chosen = -1;
  let others = 0;
  for (let back = 0; back <= CLOCK_DAYS_BACK; back++) {
    if (!has(win(back))) continue;
    if (chosen < 0) chosen = back;
    else others++;
  }
  return chosen < 0 ? { back: 0, others: 0, none: true } : { back: chosen, others, none: false };
}

function dayNote(t: bigint, c: DayChoice): string {
  const day = rfc3339Nano(t).slice(0, 10);
  if (c.none) return ` on ${day} (no data at that time in the ${CLOCK_DAYS_BACK} days before)`;
  return c.others > 0 ? ` on ${day} (the latest of ${c.others + 1} days with data then)` : ` on ${day}`;
}

function to24h(h: number, ampm?: string): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase() === 'pm';
  if (h === 12) return pm ? 12 : 0;
  return pm ? h + 12 : h;
}

function fmt(ns: bigint): string {
  return rfc3339Nano(ns).slice(11, 16);
}

/** A clock time: hours, minutes, seconds, am/pm (4 groups). */
const CLOCK = String.raw`(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*(am|pm)?`;

interface Clock {
  h: number;
  m: number;
  /** Written as a time (minutes or am/pm), not a bare number. */
  explicit: boolean;
  valid: boolean;
}

/** The clock time in groups i..i+3 of a match: valid when it names a real time of day. */
function clockAt(g: RegExpExecArray, i: number): Clock {
  const h = +g[i];
  const m = +(g[i + 1] ?? 0);
  const s = +(g[i + 2] ?? 0);
  const ampm = g[i + 3];
  const valid = m <= 59 && s <= 59 && (ampm ? h >= 1 && h <= 12 : h <= 23);
  return { h: valid ? to24h(h, ampm) : h, m, explicit: g[i + 1] !== undefined || ampm !== undefined, valid };
}

function notAClock(phrase: string): QueryError {
  return new QueryError(`"${phrase.trim().slice(0, 40)}" is not a time of day (hours 0-23, or 1-12 with am/pm; minutes and seconds 0-59)`);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;

interface DateWritten {
  /** 0-11. */
  month: number;
  day: number;
  year?: number;
  index: number;
  text: string;
}

/** A calendar date the question writes: "july 29", "29 jul", "jul 29, 2015", "2015-07-29". */
function dateOf(q: string): DateWritten | undefined {
  let m = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(q);
  if (m) return checked({ month: +m[2] - 1, day: +m[3], year: +m[1], index: m.index, text: m[0] });
  m = new RegExp(String.raw`\b${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?`, 'i').exec(q);
  if (m) return checked({ month: MONTHS.indexOf(m[1].slice(0, 3).toLowerCase()), day: +m[2], year: m[3] ? +m[3] : undefined, index: m.index, text: m[0] });
  m = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH}(?:,?\s+(\d{4})\b)?`, 'i').exec(q);
  if (m) return checked({ month: MONTHS.indexOf(m[2].slice(0, 3).toLowerCase()), day: +m[1], year: m[3] ? +m[3] : undefined, index: m.index, text: m[0] });
  return undefined;
}

/** A date that names a real day of its month (a year without one: any leap year's), else none. */
function checked(d: DateWritten): DateWritten | undefined {
  const y = d.year ?? 2000;
  if (d.month < 0 || d.month > 11 || d.day < 1) return undefined;
  return d.day <= new Date(Date.UTC(y, d.month + 1, 0)).getUTCDate() ? d : undefined;
}

/**
 * The start of a written date's day. Without a year: its latest occurrence whose day starts at or
 * before the reference (log headers without a year, "Jul 29 17:41:02", are read into the year of the
 * data around them).
 */
function dateNs(d: DateWritten, refNs: bigint): bigint {
  const at = (y: number) => BigInt(Date.UTC(y, d.month, d.day)) * 1_000_000n;
  if (d.year !== undefined) return at(d.year);
  const refYear = new Date(Number(refNs / 1_000_000n)).getUTCFullYear();
  for (let y = refYear; y > refYear - 8; y--) {
    if (at(y) <= refNs && new Date(Date.UTC(y, d.month, d.day)).getUTCDate() === d.day) return at(y);
  }
  return at(refYear);
}

/** The text around a position up to white space or punctuation that ends a word. */
function tokenAt(q: string, i: number): string {
  let a = i;
  let b = i;
  while (a > 0 && /[\w.:-]/.test(q[a - 1])) a--;
  while (b < q.length && /[\w.:-]/.test(q[b])) b++;
  return q.slice(a, b);
}

/**
 * Digits and colons inside an address ("10.251.1.2:50010", a MAC "00:11:43:e3:ba:c3", a PCI slot
 * "0000:00:06.0") are no clock: a clock starts its word.
 */
function insideAddress(q: string, i: number): boolean {
  if (i > 0 && /[\d.:]/.test(q[i - 1])) return true;
  const t = tokenAt(q, i);
  return /\d+\.\d+\.\d+\.\d+/.test(t) || (t.match(/:/g)?.length ?? 0) > 2 || /:\d{3,}/.test(t);
}

interface TimeParse {
  window: TimeWindow;
  hint: string;
  focusNs?: bigint;
  /** The phrases that made the window (taken out of the search terms). */
  matched: string[];
}

function parseTime(q: string, ctx: QueryContext, hints: Readonly<Record<string, string>>): TimeParse | undefined {
  const halfWin = BigInt(Math.round(ctx.clockWindowMinutes)) * NS_PER_MIN;
  // Read only when a clock time needs it: over many streams it is a query of tens of ms.
  let refNs: bigint | undefined;
  const ref = () => (refNs ??= typeof ctx.referenceNs === 'function' ? ctx.referenceNs(hints) : ctx.referenceNs);
  // Probed windows are kept inside int64 too (a dashboard range ending at int64's end).
  const has = ctx.hasData ? (w: TimeWindow) => ctx.hasData!(hints, validWindow(w)!) : undefined;
  const back = (t: bigint, days: number) => t - BigInt(days) * NS_PER_DAY;
  let m = new RegExp(String.raw`\bbetween\s+${CLOCK}\s+and\s+${CLOCK}`, 'i').exec(q);
  const from = m && clockAt(m, 1);
  const to = m && clockAt(m, 5);
  // "between 50 and 60 requests" names no time; "between 25:00 and 26:00" names a wrong one.
  if (m && from && to && (!from.valid || !to.valid) && (from.explicit || to.explicit)) throw notAClock(m[0]);
  if (m && from && to && from.valid && to.valid) {
    const a0 = clockNs(ref(), from.h, from.m);
    let b0 = a0 - (((a0 % NS_PER_DAY) + NS_PER_DAY) % NS_PER_DAY) + BigInt(to.h * 60 + to.m) * NS_PER_MIN;
    if (b0 <= a0) b0 += NS_PER_DAY;
    const c = chooseDay((d) => ({ startNs: back(a0, d), endNs: back(b0, d) }), has);
    const a = back(a0, c.back);
    const b = back(b0, c.back);
    return { window: { startNs: a, endNs: b }, hint: `between ${fmt(a)} and ${fmt(b)} UTC${dayNote(a, c)}`, matched: [m[0]] };
  }
  m = /\b(?:in the |over the |during the )?(?:last|past)\s+(\d+)?\s*(minute|min|hour|hr|day)s?\b/i.exec(q);
  if (m) {
    const unit = m[2].toLowerCase().startsWith('h') ? 60n : m[2].toLowerCase().startsWith('d') ? 1440n : 1n;
    // Digits are counted before they are converted: 400 of them are no number of minutes.
    const digits = (m[1] ?? '1').replace(/^0+(?=\d)/, '');
    if (digits.length > 9 || BigInt(digits) * unit > MAX_LOOKBACK_MIN) {
      throw new QueryError(`"${m[0].trim().slice(0, 40)}" reaches back more than ${MAX_LOOKBACK_DAYS} days (100 years)`);
    }
    const n = BigInt(digits);
    if (n === 0n) throw new QueryError(`"${m[0].trim()}" is an empty window`);
    const start = ctx.nowNs - n * unit * NS_PER_MIN;
    return { window: { startNs: start, endNs: ctx.nowNs + 1n }, hint: `last ${m[1] ?? 1} ${m[2]}(s)`, matched: [m[0]] };
  }
  m = new RegExp(String.raw`\bsince\s+${CLOCK}`, 'i').exec(q);
  const since = m && clockAt(m, 1);
  if (m && since && since.explicit) {
    if (!since.valid) throw notAClock(m[0]);
    const a0 = clockNs(ref(), since.h, since.m);
    // "since" runs to the newest data; a day counts when it has data in the first window after the time.
    const c = chooseDay((d) => ({ startNs: back(a0, d), endNs: back(a0, d) + 2n * halfWin }), has);
    const a = back(a0, c.back);
    return { window: { startNs: a, endNs: ref() + 1n }, hint: `since ${fmt(a)} UTC${dayNote(a, c)}`, focusNs: a, matched: [m[0]] };
  }
  // The first clock written as one: a bare number before it is no time ("on july 29 at 17:41",
  // "502 errors at 14:05") and does not hide it.
  m = null;
  let at: Clock | null = null;
  for (const g of q.matchAll(new RegExp(String.raw`\b(at|around|about|near|by|after|before)?\s*${CLOCK}`, 'gi'))) {
    const c = clockAt(g as RegExpExecArray, 2);
    if (!c.explicit || insideAddress(q, g.index + g[0].indexOf(g[2]))) continue;
    m = g as RegExpExecArray;
    at = c;
    break;
  }
  // A bare number is not a time ("502 errors"): require minutes or am/pm. "at 23:61" is a wrong
  // time (a 400); an unintroduced "12:75" may be anything (a ratio, a version) and is left alone.
  if (m && at && !at.valid && m[1]) throw notAClock(m[0]);
  const date = m && at?.valid ? dateOf(q) : undefined;
  if (m && at && at.valid && date) {
    // A date written with the clock names the day: no look-back for the latest day with data.
    const t = dateNs(date, ref()) + BigInt(at.h * 60 + at.m) * NS_PER_MIN;
    return {
      window: { startNs: t - halfWin, endNs: t + halfWin },
      hint: `at ${fmt(t)} UTC on ${rfc3339Nano(t).slice(0, 10)} -> ${fmt(t - halfWin)}..${fmt(t + halfWin)}`,
      focusNs: t,
      matched: [m[0], date.text],
    };
  }
  if (m && at && at.valid) {
    const t0 = clockNs(ref(), at.h, at.m);
    const c = chooseDay((d) => ({ startNs: back(t0, d) - halfWin, endNs: back(t0, d) + halfWin }), has);
    const t = back(t0, c.back);
    return {
      window: { startNs: t - halfWin, endNs: t + halfWin },
      hint: `at ${fmt(t)} UTC${dayNote(t, c)} -> ${fmt(t - halfWin)}..${fmt(t + halfWin)}`,
      focusNs: t,
      matched: [m[0]],
    };
  }
  // "errors on july 29": a date written without a clock is its whole day (UTC, as the clock's day is)
  const day = dateOf(q);
  if (day) {
    const a = dateNs(day, ref());
    return { window: { startNs: a, endNs: a + NS_PER_DAY }, hint: `on ${rfc3339Nano(a).slice(0, 10)} (the whole day, UTC)`, matched: [day.text] };
  }
  return undefined;
}

const CAUSE = /\b(why|cause[sd]?|reason|root|what changed|since when|start(ed)? (to )?fail|began|broke|went wrong)\b/i;

const WORD = /[\p{L}\p{N}_][\p{L}\p{N}_.-]*[\p{L}\p{N}_]|[\p{L}\p{N}_]/gu;

export function parseQuestion(question: string, ctx: QueryContext, extraHints: Readonly<Record<string, string>> = {}): ParsedQuestion {
  // Hints first: a clock time's day comes from the streams the question is about.
  const selectorHints: Record<string, string> = {};
  const strength: Record<string, number> = {};
  // Words inside a path or URL ("POST /api/checkout") name a route, not a stream.
  const all = question.toLowerCase().replace(/\S*\/\S*/g, ' ').match(WORD) ?? [];
  all.forEach((w, i) => {
    if (/^\d{1,2}$/.test(w)) return;
    // Two services named: "failed checkout POSTs in the frontend access log" is about the frontend's
    // stream, the one after "in/on/from" or before "log/logs/service".
    const prep = /^(in|on|from|of)$/;
    const s =
      (prep.test(all[i - 1] ?? '') || (/^(the|a|an)$/.test(all[i - 1] ?? '') && prep.test(all[i - 2] ?? '')) ? 1 : 0) +
      (/^(log|logs|service|access|stream|server)$/.test(all[i + 1] ?? '') ? 1 : 0);
    for (const [name, values] of ctx.labelValues) {
      if (values.has(w) && (!(name in selectorHints) || s > strength[name])) {
        selectorHints[name] = w;
        strength[name] = s;
      }
    }
  });
  Object.assign(selectorHints, extraHints);
  const time = parseTime(question, ctx, selectorHints);
  const rest = time ? time.matched.reduce((r, p) => r.replace(p, ' '), question) : question;
  const words = rest.toLowerCase().match(WORD) ?? [];
  const terms = [...new Set(words.filter((w) => !STOPWORDS.has(w) && !/^\d{1,2}$/.test(w)))];
  return {
    terms,
    window: time?.window,
    timeHint: time?.hint,
    focusNs: time?.focusNs,
    selectorHints,
    asksForCause: CAUSE.test(question),
  };
}

/**
 * Throws the QueryError parseQuestion would for this text, without a store: a time phrase's
 * validity depends on its words alone, so a streamed answer can refuse it before its 200 goes out.
 */
export function checkTimePhrases(question: string): void {
  const t = 1n << 60n;
  parseQuestion(question, { nowNs: t, referenceNs: t, clockWindowMinutes: 15, labelValues: new Map() });
}
