import type { TimeWindow } from '../types.js';

// Question understanding: time expressions become a window, words that name a label value (a
// service, a host) become selector hints, the rest become search terms. All of it is returned to
// the caller so the user sees how the question was read.

const NS_PER_MIN = 60_000_000_000n;
const NS_PER_DAY = 24n * 60n * NS_PER_MIN;

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
  const dayStart = (ref / NS_PER_DAY) * NS_PER_DAY;
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
  const day = new Date(Number(t / 1_000_000n)).toISOString().slice(0, 10);
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
  return new Date(Number(ns / 1_000_000n)).toISOString().slice(11, 16);
}

const CLOCK = String.raw`(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*(am|pm)?`;

interface TimeParse {
  window: TimeWindow;
  hint: string;
  focusNs?: bigint;
  matched: string;
}

function parseTime(q: string, ctx: QueryContext, hints: Readonly<Record<string, string>>): TimeParse | undefined {
  const halfWin = BigInt(Math.round(ctx.clockWindowMinutes)) * NS_PER_MIN;
  const ref = typeof ctx.referenceNs === 'function' ? ctx.referenceNs(hints) : ctx.referenceNs;
  const has = ctx.hasData ? (w: TimeWindow) => ctx.hasData!(hints, w) : undefined;
  const back = (t: bigint, days: number) => t - BigInt(days) * NS_PER_DAY;
  let m = new RegExp(String.raw`\bbetween\s+${CLOCK}\s+and\s+${CLOCK}`, 'i').exec(q);
  if (m) {
    const a0 = clockNs(ref, to24h(+m[1], m[3]), +(m[2] ?? 0));
    let b0 = a0 - (a0 % NS_PER_DAY) + BigInt(to24h(+m[4], m[6]) * 60 + +(m[5] ?? 0)) * NS_PER_MIN;
    if (b0 <= a0) b0 += NS_PER_DAY;
    const c = chooseDay((d) => ({ startNs: back(a0, d), endNs: back(b0, d) }), has);
    const a = back(a0, c.back);
    const b = back(b0, c.back);
    return { window: { startNs: a, endNs: b }, hint: `between ${fmt(a)} and ${fmt(b)} UTC${dayNote(a, c)}`, matched: m[0] };
  }
  m = /\b(?:in the |over the |during the )?(?:last|past)\s+(\d+)?\s*(minute|min|hour|hr|day)s?\b/i.exec(q);
  if (m) {
    const n = BigInt(m[1] ? +m[1] : 1);
    const unit = m[2].toLowerCase().startsWith('h') ? 60n : m[2].toLowerCase().startsWith('d') ? 1440n : 1n;
    const start = ctx.nowNs - n * unit * NS_PER_MIN;
    return { window: { startNs: start, endNs: ctx.nowNs + 1n }, hint: `last ${m[1] ?? 1} ${m[2]}(s)`, matched: m[0] };
  }
  m = new RegExp(String.raw`\bsince\s+${CLOCK}`, 'i').exec(q);
  if (m && (m[2] || m[3])) {
    const a0 = clockNs(ref, to24h(+m[1], m[3]), +(m[2] ?? 0));
    // "since" runs to the newest data; a day counts when it has data in the first window after the time.
    const c = chooseDay((d) => ({ startNs: back(a0, d), endNs: back(a0, d) + 2n * halfWin }), has);
    const a = back(a0, c.back);
    return { window: { startNs: a, endNs: ref + 1n }, hint: `since ${fmt(a)} UTC${dayNote(a, c)}`, focusNs: a, matched: m[0] };
  }
  m = new RegExp(String.raw`\b(?:at|around|about|near|by|after|before)?\s*${CLOCK}`, 'i').exec(q);
  // A bare number is not a time ("502 errors"): require minutes or am/pm.
  if (m && (m[2] || m[3]) && +m[1] < 24) {
    const t0 = clockNs(ref, to24h(+m[1], m[3]), +(m[2] ?? 0));
    const c = chooseDay((d) => ({ startNs: back(t0, d) - halfWin, endNs: back(t0, d) + halfWin }), has);
    const t = back(t0, c.back);
    return {
      window: { startNs: t - halfWin, endNs: t + halfWin },
      hint: `at ${fmt(t)} UTC${dayNote(t, c)} -> ${fmt(t - halfWin)}..${fmt(t + halfWin)}`,
      focusNs: t,
      matched: m[0],
    };
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
  const rest = time ? question.replace(time.matched, ' ') : question;
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
