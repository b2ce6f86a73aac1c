// dev-extra8 (backend/eval/qa/dev-extra8.jsonl) and its holdout (dev-extra8-holdout.jsonl): round 8
// of issue #12's question rounds (the README's "dev-extra8"), written before any planner change of
// that round and scored on the code as it was. It asks about the line's header rather than its
// message, the way an SRE filters a log viewer:
//  - counts by log level, of a whole log and of one component ("how many ERROR lines did
//    <component> log?", "how many warnings are there?"), Android's one-letter levels asked by
//    their word (W is "warning", E "error", I "info", D "debug", V "verbose");
//  - rankings over header fields ("which level is most common for <component>?", "which component
//    logged the most WARN lines?", "which host did <program> log the most lines on?");
//  - a process or thread id's own lines ("how many lines did pid 1702 log?", "which component
//    logged the most under pid N?");
//  - when a component or a level last/first logged ("when did <component> last log a line?",
//    "when was the first WARN line from <component>?"), on the systems whose wall clock is
//    unambiguous (generate.ts's CLOCKS).
// Answers from each `_structured.csv` header columns only (never product code), with generate.ts's
// ambiguity rules (no tie at the top, every line of the extreme second expected). "Top 3" questions
// expect the first of the three (the scorer reads result.top[0]). Its own PRNG streams ('extra8:'),
// so every other file stays byte-identical; drawExtra refuses a question an earlier set asks or one
// with a test question's kind, system, answer and lines.
//
// The split: every row is drawn once, then a seeded hash of its id sends one in four of each kind to
// dev-extra8-holdout.jsonl, never tuned on and scored once after the round's changes.
import { join } from 'node:path';
import { Builder, countOf, generate, groupBy, loadLines, QA_DIR, timeOf, topOf, type Family, type Generated, type QaRow, type Rec } from './generate.js';
import { drawExtra, familiesOf, splitHoldout, writeSet } from './draw.js';
import { earlierRows as beforeExtra7, generateExtra7 } from './extra7.js';

export const DEV_EXTRA8_FILE = join(QA_DIR, 'dev-extra8.jsonl');
export const DEV_EXTRA8_HOLDOUT_FILE = join(QA_DIR, 'dev-extra8-holdout.jsonl');

/** Questions drawn per family with an entity (a few entities each, so no family dominates). */
const NEW_CAP = 2;
/** One in this many rows of each kind goes to the holdout (scored once, at the end). */
const HOLDOUT_EVERY = 4;

type Lines = ReturnType<typeof loadLines>;
const all = (lines: Lines): Rec[] => lines.map((line) => ({ line, f: {} }));
const col = (column: string) => (r: Rec) => r.line.h[column] || undefined;
/** Android's one-letter levels, asked by the word an engineer says. */
const ANDROID_LEVEL: Record<string, string> = { W: 'warning', E: 'error', I: 'info', D: 'debug', V: 'verbose' };

/** Level columns: `word` is how a question names the level (as written, except Android's letters). */
function levels(b: Builder, lines: Lines, word: (level: string) => string = (l) => l, component: (r: Rec) => string | undefined = col('Component')): void {
  const rs = all(lines);
  const level = col('Level');
  const byLevel = groupBy(rs, level);
  // a level every line has says nothing
  if (byLevel.size < 2) return;
  b.each('level-count', 'count', NEW_CAP, byLevel, ['how many {level} lines are there?', 'number of {level} messages in the log?', 'count of {level}-level log lines?'], (k) => ({ level: word(k) }), countOf);
  const byComponent = groupBy(rs, component);
  const pairs = new Map<string, Rec[]>();
  for (const [comp, crs] of byComponent) {
    if (new Set(crs.map(level)).size < 2) continue;
    for (const [lv, lrs] of groupBy(crs, level)) pairs.set(`${comp}\u0000${lv}`, lrs);
  }
  const split = (k: string) => k.split('\u0000');
  b.each('component-level-count', 'count', 3, pairs, ['how many {level} lines did {component} log?', 'number of {level} messages from {component}?', 'how many times did {component} log at {level} level?'], (k) => ({ component: split(k)[0], level: word(split(k)[1]) }), countOf);
  b.each('component-top-level', 'topk', NEW_CAP, byComponent, ['which log level is most common for {component}?', 'what level does {component} mostly log at?'], (k) => ({ component: k }), (crs) => topOf(crs, level));
  b.each('level-top-component', 'topk', NEW_CAP, byLevel, ['which component logged the most {level} lines?', 'top 3 components by {level} messages?', 'who logs the most at {level} level (component)?'], (k) => ({ level: word(k) }), (lrs) => topOf(lrs, component));
}

/** When a component last/first logged, and a level's first/last line (clocked systems only). */
function times(b: Builder, lines: Lines, word: (level: string) => string = (l) => l, component: (r: Rec) => string | undefined = col('Component')): void {
  const rs = all(lines);
  const byComponent = groupBy(rs, component);
  b.each('component-last', 'last', NEW_CAP, byComponent, ['when did {component} last log a line?', 'time of the most recent message from {component}?'], (k) => ({ component: k }), (crs) => (crs.length >= 2 ? timeOf('last', crs) : undefined));
  b.each('component-first', 'first', NEW_CAP, byComponent, ['when did {component} first show up in the log?', 'earliest line from {component}, when?'], (k) => ({ component: k }), (crs) => (crs.length >= 2 ? timeOf('first', crs) : undefined));
  if (!lines.some((l) => l.h.Level)) return;
  const byLevel = groupBy(rs, col('Level'));
  if (byLevel.size < 2) return;
  b.each('level-last', 'last', 1, byLevel, ['when was the last {level} line?', 'most recent {level} message, at what time?'], (k) => ({ level: word(k) }), (lrs) => timeOf('last', lrs));
  b.each('level-first', 'first', 1, byLevel, ['when did the first {level} line appear?'], (k) => ({ level: word(k) }), (lrs) => timeOf('first', lrs));
}

function android(b: Builder): void {
  const lines = loadLines('Android');
  const word = (l: string) => ANDROID_LEVEL[l] ?? l;
  levels(b, lines, word);
  times(b, lines, word);
  const rs = all(lines);
  b.each('pid-lines-count', 'count', NEW_CAP, groupBy(rs, col('Pid')), ['how many lines did pid {pid} log?', 'number of log lines from process {pid}?'], (k) => ({ pid: k }), countOf);
  b.each('pid-top-component', 'topk', NEW_CAP, groupBy(rs, col('Pid')), ['which component logged the most lines under pid {pid}?', 'busiest tag in process {pid}?'], (k) => ({ pid: k }), (prs) => topOf(prs, col('Component')));
  b.each('tid-lines-count', 'count', NEW_CAP, groupBy(rs, col('Tid')), ['how many lines did thread {tid} log?', 'number of messages from tid {tid}?'], (k) => ({ tid: k }), countOf);
  b.each('component-top-pid', 'topk', NEW_CAP, groupBy(rs, col('Component')), ['which pid logged {component} lines the most?', 'which process id wrote the most {component} messages?'], (k) => ({ component: k }), (crs) => topOf(crs, col('Pid')));
}

function withLevels(name: string, clocked: boolean, component?: (r: Rec) => string | undefined) {
  return (b: Builder) => {
    const lines = loadLines(name);
    levels(b, lines, undefined, component);
    if (clocked) times(b, lines, undefined, component);
  };
}

/**
 * Zookeeper's CSV Component keeps the thread's address before the class
 * ("0.0.0.0/0.0.0.0:2181:NIOServerCnxn" of "[NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxn@1001]"):
 * an engineer names the class, so the class (after the last colon) is the component asked about.
 */
const zookeeperClass = (r: Rec) => r.line.h.Component?.split(':').pop() || undefined;

function openstack(b: Builder): void {
  const lines = loadLines('OpenStack');
  levels(b, lines);
  times(b, lines);
  b.each('pid-lines-count', 'count', NEW_CAP, groupBy(all(lines), col('Pid')), ['how many lines did pid {pid} log?', 'number of log lines from process {pid}?'], (k) => ({ pid: k }), countOf);
}

/** Hosts by the program that logged (Thunderbird's User column is the host, Component the program). */
function thunderbird(b: Builder): void {
  const rs = all(loadLines('Thunderbird'));
  const program = (r: Rec) => r.line.h.Component?.replace(/\[\d+\]$/, '') || undefined;
  b.each('program-top-host', 'topk', 3, groupBy(rs, program), ['which host did {program} log the most lines on?', 'where did {program} log most (host)?'], (k) => ({ program: k }), (prs) => topOf(prs, col('User')));
}

function mac(b: Builder): void {
  const lines = loadLines('Mac');
  times(b, lines);
}

function linux(b: Builder): void {
  const lines = loadLines('Linux');
  const rs = all(lines);
  const program = (r: Rec) => r.line.h.Component?.replace(/\(.*\)$/, '') || undefined;
  b.each('program-last', 'last', NEW_CAP, groupBy(rs, program), ['when did {program} last log?', 'last time {program} wrote a line?'], (k) => ({ program: k }), (prs) => (prs.length >= 2 ? timeOf('last', prs) : undefined));
}

export function newFamilies(): Family[] {
  const defs: [string, (b: Builder) => void][] = [
    ['Android', android],
    ['Hadoop', withLevels('Hadoop', true)],
    ['Zookeeper', withLevels('Zookeeper', true, zookeeperClass)],
    ['HDFS', withLevels('HDFS', true)],
    ['OpenStack', openstack],
    ['BGL', withLevels('BGL', false)],
    ['Apache', withLevels('Apache', false)],
    ['Spark', (b) => times(b, loadLines('Spark'))],
    ['HealthApp', (b) => times(b, loadLines('HealthApp'))],
    ['Thunderbird', thunderbird],
    ['Mac', mac],
    ['Linux', linux],
  ];
  return familiesOf(defs, 'x8');
}

/**
 * dev-extra8 rows, split into dev (tune) and holdout (scored once): within each kind, rows ordered
 * by a seeded hash of their id, every HOLDOUT_EVERY-th to the holdout. `earlier`: dev-extra2..7 rows
 * (the holdouts included).
 */
export function generateExtra8(g: Generated, earlier: QaRow[]): { rows: QaRow[]; dev: QaRow[]; holdout: QaRow[]; text: string; holdoutText: string } {
  const { rows } = drawExtra(g, earlier, { stream: 'extra8', idPrefix: 'qs', families: newFamilies() });
  return { rows, ...splitHoldout(rows, 'extra8', HOLDOUT_EVERY) };
}

/** The rows of every held-in set before dev-extra8 (their questions are not asked again). */
export function earlierRows(g: Generated): QaRow[] {
  const before = beforeExtra7(g);
  return [...before, ...generateExtra7(g, before).rows];
}

function main(): void {
  const g = generate();
  const x8 = generateExtra8(g, earlierRows(g));
  writeSet('dev-extra8', DEV_EXTRA8_FILE, DEV_EXTRA8_HOLDOUT_FILE, x8);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
