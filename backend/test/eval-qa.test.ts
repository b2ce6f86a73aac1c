import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateScenario, SERVICES } from '../src/demo/scenario.js';
import { DEV_EXTRA_FILE, DEV_FILE, generate, KINDS, TEST_FILE, type QaRow } from '../eval/qa/generate.js';
import { exactMatch, firstSentence, normSpan, statesValue, wallClock } from '../eval/qa.js';
import { DEV_EXTRA2_FILE, generateExtra2 } from '../eval/qa/extra2.js';
import { DEV_EXTRA3_FILE, generateExtra3 } from '../eval/qa/extra3.js';
import { DEV_EXTRA4_FILE, generateExtra4 } from '../eval/qa/extra4.js';
import { DEV_EXTRA5_FILE, generateExtra5 } from '../eval/qa/extra5.js';
import { DEV_EXTRA6_FILE, DEV_EXTRA6_HOLDOUT_FILE, earlierRows, generateExtra6 } from '../eval/qa/extra6.js';
import { DEV_EXTRA7_FILE, DEV_EXTRA7_HOLDOUT_FILE, earlierRows as earlierThanExtra7, generateExtra7 } from '../eval/qa/extra7.js';
import { DEV_EXTRA8_FILE, DEV_EXTRA8_HOLDOUT_FILE, earlierRows as earlierThanExtra8, generateExtra8 } from '../eval/qa/extra8.js';
import { DEV_EXTRA9_FILE, DEV_EXTRA9_HOLDOUT_FILE, earlierRows as earlierThanExtra9, generateExtra9 } from '../eval/qa/extra9.js';
import { DEV_EXTRA10_FILE, DEV_EXTRA10_HOLDOUT_FILE, devWholeLogProbe, earlierRows as earlierThanExtra10, generateExtra10 } from '../eval/qa/extra10.js';
import { DEV_EXTRA11_FILE, DEV_EXTRA11_HOLDOUT_FILE, earlierRows as earlierThanExtra11, generateExtra11 } from '../eval/qa/extra11.js';
import { DEV_EXTRA12_FILE, DEV_EXTRA12_HOLDOUT_FILE, earlierRows as earlierThanExtra12, generateExtra12, keyOfExtreme } from '../eval/qa/extra12.js';
import { LOGHUB_DIR, sharedMissing } from './paths.js';

// The exact-answers question set is ground truth for the planner: a generator bug would silently
// score right answers as wrong. So: the committed files are what the generator makes, every row is
// well formed, and a sample of answers is recomputed here from the raw .log text alone (regexes on
// the lines as written, no CSV, no templates) and must agree.

const skip = sharedMissing();
const REQUIRED_SYSTEMS = ['HDFS', 'OpenSSH', 'Spark', 'BGL', 'Hadoop', 'Zookeeper', 'OpenStack', 'Linux'];
const MIN_QUESTIONS = 240;
const MIN_PER_KIND_PER_SPLIT = 8;
const MIN_DEMO = 15;
const MIN_SYSTEMS = 10;

const committed = (): QaRow[] =>
  [DEV_FILE, TEST_FILE].flatMap((f) =>
    readFileSync(f, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as QaRow),
  );
const rawLog = (name: string): string[] =>
  readFileSync(join(LOGHUB_DIR, name, `${name}_2k.log`), 'utf8')
    .replace(/\r?\n$/, '')
    .split(/\r?\n/);
const IP = /\b\d{1,3}(?:\.\d{1,3}){3}\b/;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('regenerating the QA set gives byte-identical dev/test files', { skip }, () => {
  const a = generate();
  assert.equal(a.dev, readFileSync(DEV_FILE, 'utf8'), 'dev.jsonl differs from the generator output: run `npx tsx eval/qa/generate.ts`');
  assert.equal(a.test, readFileSync(TEST_FILE, 'utf8'), 'test.jsonl differs from the generator output: run `npx tsx eval/qa/generate.ts`');
  const b = generate();
  assert.equal(b.dev + b.test, a.dev + a.test, 'two runs in one process differ');
  assert.equal(a.extra, readFileSync(DEV_EXTRA_FILE, 'utf8'), 'dev-extra.jsonl differs from the generator output: run `npx tsx eval/qa/generate.ts`');
  assert.equal(b.extra, a.extra, 'two runs of dev-extra differ');
});

test('dev-extra: dev rows only, own ids, never a test question or a test entity asked again', { skip }, () => {
  const { rows, extraRows } = generate();
  const test = rows.filter((r) => r.split === 'test');
  const testQuestions = new Set(test.map((r) => r.question.toLowerCase()));
  const testAnswers = new Set(test.map((r) => `${r.kind}|${r.dataset}|${JSON.stringify(r.answer)}|${r.expected_lines.join(',')}`));
  assert.ok(extraRows.length >= 60, `dev-extra has ${extraRows.length} questions`);
  for (const r of extraRows) {
    assert.match(r.id, /^qx-\d{4}$/);
    assert.equal(r.split, 'dev');
    assert.ok(!testQuestions.has(r.question.toLowerCase()), `${r.id} repeats a test question`);
    assert.ok(!testAnswers.has(`${r.kind}|${r.dataset}|${JSON.stringify(r.answer)}|${r.expected_lines.join(',')}`), `${r.id} asks what a test question asks`);
  }
});

test('dev-extra2: byte-identical, dev rows only, own ids, weak kinds covered, never a test question or answer', { skip }, () => {
  const g = generate();
  const { rows: x2, text } = generateExtra2(g);
  assert.equal(text, readFileSync(DEV_EXTRA2_FILE, 'utf8'), 'dev-extra2.jsonl differs from the generator output: run `npx tsx eval/qa/generate.ts`');
  assert.equal(generateExtra2(g).text, text, 'two runs of dev-extra2 differ');
  const test = g.rows.filter((r) => r.split === 'test');
  const asked = new Set([...g.rows, ...g.extraRows].map((r) => r.question.toLowerCase()));
  const testAnswers = new Set(test.map((r) => `${r.kind}|${r.dataset}|${JSON.stringify(r.answer)}|${r.expected_lines.join(',')}`));
  assert.ok(x2.length >= 100, `dev-extra2 has ${x2.length} questions`);
  for (const k of ['topk', 'lookup', 'min', 'max', 'sum'] as const) assert.ok(x2.filter((r) => r.kind === k).length >= 8, `dev-extra2 has few ${k}`);
  assert.ok(new Set(x2.map((r) => r.dataset)).size >= 12, 'dev-extra2 covers few systems');
  for (const r of x2) {
    assert.match(r.id, /^qy-\d{4}$/);
    assert.equal(r.split, 'dev');
    assert.ok(!asked.has(r.question.toLowerCase()), `${r.id} repeats a dev/test/dev-extra question`);
    assert.ok(!testAnswers.has(`${r.kind}|${r.dataset}|${JSON.stringify(r.answer)}|${r.expected_lines.join(',')}`), `${r.id} asks what a test question asks`);
  }
  // Recomputed from the raw text: HPC ambient extremes per node, Thunderbird sendmail sizes.
  const hpc = rawLog('HPC');
  for (const r of x2.filter((q) => q.dataset === 'HPC' && (q.kind === 'max' || q.kind === 'min'))) {
    const node = /node-\d+/.exec(r.question)![0];
    const vs = hpc.filter((l) => l.split(' ')[1] === node).map((l) => /ambient=(\d+)$/.exec(l)).filter((m) => m).map((m) => Number(m![1]));
    assert.equal(r.answer.value, r.kind === 'max' ? Math.max(...vs) : Math.min(...vs), r.question);
  }
  const sizes = rawLog('Thunderbird').map((l) => / sendmail\[\d+\]: \w+: from=root, size=(\d+),/.exec(l)).filter((m) => m).map((m) => Number(m![1]));
  const sum = x2.find((q) => q.dataset === 'Thunderbird' && q.kind === 'sum');
  if (sum) assert.equal(sum.answer.value, sizes.reduce((a, b) => a + b, 0));
});

/** A test question's answer, as a held-in set must never ask it again (kind, system, answer, lines). */
const answerSig = (r: QaRow) => `${r.kind}|${r.dataset}|${JSON.stringify(r.answer)}|${r.expected_lines.join(',')}`;

/**
 * What every held-in set after dev-extra2 promises: the committed file is the generator's output
 * (twice the same), at least `minRows` dev rows (100 unless the set says) with their own ids, 8 or more of each kind it aims at,
 * no earlier question asked again, no test answer asked.
 */
function assertHeldIn(g: ReturnType<typeof generate>, name: string, file: string, made: () => { rows: QaRow[]; text: string }, earlier: QaRow[], id: RegExp, kinds: readonly string[], minRows = 100): QaRow[] {
  const { rows, text } = made();
  assert.equal(text, readFileSync(file, 'utf8'), `${name}.jsonl differs from the generator output: run \`npx tsx eval/qa/generate.ts\``);
  assert.equal(made().text, text, `two runs of ${name} differ`);
  const asked = new Set([...g.rows, ...g.extraRows, ...earlier].map((r) => r.question.toLowerCase()));
  const testAnswers = new Set(g.rows.filter((r) => r.split === 'test').map(answerSig));
  assert.ok(rows.length >= minRows, `${name} has ${rows.length} questions`);
  for (const k of kinds) assert.ok(rows.filter((r) => r.kind === k).length >= 8, `${name} has few ${k}`);
  for (const r of rows) {
    assert.match(r.id, id);
    assert.equal(r.split, 'dev');
    assert.ok(!asked.has(r.question.toLowerCase()), `${r.id} repeats an earlier question`);
    assert.ok(!testAnswers.has(answerSig(r)), `${r.id} asks what a test question asks`);
  }
  return rows;
}

test('dev-extra3: byte-identical, dev rows only, own ids, weak kinds covered, never an earlier question nor a test answer', { skip }, () => {
  const g = generate();
  const x2 = generateExtra2(g).rows;
  assertHeldIn(g, 'dev-extra3', DEV_EXTRA3_FILE, () => generateExtra3(g, x2), x2, /^qz-\d{4}$/, ['topk', 'lookup', 'min', 'max', 'sum']);
});

test('dev-extra4: byte-identical, dev rows only, own ids, entity and slot kinds covered, never an earlier question nor a test answer', { skip }, () => {
  const g = generate();
  const x2 = generateExtra2(g).rows;
  const x3 = generateExtra3(g, x2).rows;
  const x4 = assertHeldIn(g, 'dev-extra4', DEV_EXTRA4_FILE, () => generateExtra4(g, [...x2, ...x3]), [...x2, ...x3], /^qw-\d{4}$/, ['topk', 'count', 'lookup', 'min', 'max']);
  // "lines that mention X": recomputed from the raw .log text (a plain substring count per line)
  for (const r of x4.filter((q) => q.kind === 'count' && /mention (?:datanode )?(blk_-?\d+|\d+\.\d+\.\d+\.\d+|attempt_\S+?)\??(?: |$)/.test(q.question))) {
    const id = /mention (?:datanode )?(blk_-?\d+|\d+\.\d+\.\d+\.\d+|attempt_\S+?)\??(?: |$)/.exec(r.question)![1];
    const re = new RegExp(`(?<![\\w.])${id.replace(/\./g, '\\.')}(?![\\d])`);
    assert.equal(rawLog(r.dataset).filter((l) => re.test(l)).length, r.answer.value, r.question);
  }
});

test('every QA row is well formed and the set covers what it promises', () => {
  const rows = committed();
  const ids = new Set<string>();
  const demoLen = Object.fromEntries(Object.entries(generateScenario()).map(([s, ls]) => [s, ls.length]));
  for (const r of rows) {
    const where = `${r.id}: ${r.question}`;
    assert.match(r.id, /^qa-\d{4}$/, where);
    assert.ok(!ids.has(r.id), `duplicate id ${r.id}`);
    ids.add(r.id);
    assert.ok((KINDS as readonly string[]).includes(r.kind), where);
    assert.ok(r.question.trim().length > 10, where);
    assert.ok(r.expected_lines.length > 0 && r.expected_lines.every((n) => Number.isInteger(n) && n >= 1), where);
    assert.deepEqual(
      [...r.expected_lines].sort((x, y) => x - y),
      r.expected_lines,
      `${where}: lines sorted`,
    );
    if (r.dataset === 'demo') {
      assert.ok(r.file && (SERVICES as readonly string[]).includes(r.file), where);
      assert.ok(
        r.expected_lines.every((n) => n <= demoLen[r.file!]),
        where,
      );
    } else {
      assert.equal(r.file, undefined, where);
      assert.ok(
        r.expected_lines.every((n) => n <= 2000),
        where,
      );
    }
    const type = { first: 'time', last: 'time', topk: 'span', lookup: r.answer.type }[r.kind as string] ?? 'number';
    assert.equal(r.answer.type, type, `${where}: answer type for ${r.kind}`);
    if (r.answer.type === 'time') assert.match(r.answer.value, /^\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, where);
    if (r.answer.type === 'number') assert.ok(Number.isFinite(r.answer.value), where);
    if (r.answer.type === 'span') assert.ok(normSpan(r.answer.value).length > 0, where);
    if (r.kind === 'count') assert.equal(r.expected_lines.length, r.answer.value, `${where}: a count's lines are what it counts`);
    if (r.window) assert.ok(Date.parse(r.window.start) < Date.parse(r.window.end), where);
  }
  for (const [file, split] of [
    [DEV_FILE, 'dev'],
    [TEST_FILE, 'test'],
  ] as const) {
    const of = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as QaRow);
    assert.ok(
      of.every((r) => r.split === split),
      `${file} holds only ${split} rows`,
    );
    for (const k of KINDS) assert.ok(of.filter((r) => r.kind === k).length >= MIN_PER_KIND_PER_SPLIT, `${split}: at least ${MIN_PER_KIND_PER_SPLIT} ${k} questions`);
  }
  assert.ok(rows.length >= MIN_QUESTIONS, `${rows.length} questions`);
  const systems = new Set(rows.map((r) => r.dataset).filter((d) => d !== 'demo'));
  assert.ok(systems.size >= MIN_SYSTEMS, [...systems].join(','));
  for (const s of REQUIRED_SYSTEMS) assert.ok(systems.has(s), `has ${s}`);
  assert.ok(rows.filter((r) => r.dataset === 'demo').length >= MIN_DEMO);
  assert.ok(new Set(rows.map((r) => r.question.toLowerCase())).size === rows.length, 'questions are distinct');
});

test('a sample of answers agrees with a recount of the raw logs', { skip }, () => {
  const rows = committed();
  let checked = 0;
  const check = (r: QaRow, got: number | string, lines: number[]) => {
    assert.deepEqual(r.answer.value, got, `${r.id}: ${r.question}`);
    assert.deepEqual(r.expected_lines, lines, `${r.id}: expected lines`);
    checked++;
  };
  const matching = (log: string[], re: RegExp) => log.flatMap((l, i) => (re.test(l) ? [i + 1] : []));

  const ssh = rawLog('OpenSSH');
  for (const r of rows.filter((x) => x.dataset === 'OpenSSH' && x.kind === 'count' && /password|login/i.test(x.question))) {
    const ip = IP.exec(r.question)![0];
    const lines = matching(ssh, new RegExp(`sshd\\[\\d+\\]: Failed password for .+ from ${esc(ip)} port \\d+ ssh2$`));
    check(r, lines.length, lines);
  }
  const failedBy = new Map<string, number>();
  for (const l of ssh) {
    const m = /sshd\[\d+\]: Failed password for .+ from (\S+) port \d+ ssh2$/.exec(l);
    if (m) failedBy.set(m[1], (failedBy.get(m[1]) ?? 0) + 1);
  }
  const topIp = [...failedBy.entries()].sort((a, b) => b[1] - a[1])[0][0];
  for (const r of rows.filter((x) => x.dataset === 'OpenSSH' && x.kind === 'topk' && /password|login/i.test(x.question))) {
    assert.equal(r.answer.value, topIp, r.question);
    checked++;
  }

  const hdfs = rawLog('HDFS');
  for (const r of rows.filter((x) => x.dataset === 'HDFS' && x.kind === 'count' && /blk_/.test(x.question))) {
    const blk = /blk_-?\d+/.exec(r.question)![0];
    const lines = matching(hdfs, new RegExp(`Served block ${blk} to /`));
    check(r, lines.length, lines);
  }
  for (const r of rows.filter((x) => x.dataset === 'HDFS' && x.kind === 'sum' && /\d+:\d+/.test(x.question))) {
    const node = /(\d{1,3}(?:\.\d{1,3}){3}:\d+)/.exec(r.question)![1];
    const re = new RegExp(`blockMap updated: ${esc(node)} is added to blk_-?\\d+ size (\\d+)$`);
    const lines = matching(hdfs, re);
    check(
      r,
      lines.reduce((a, n) => a + Number(re.exec(hdfs[n - 1])![1]), 0),
      lines,
    );
  }

  const spark = rawLog('Spark');
  for (const r of rows.filter((x) => x.dataset === 'Spark' && x.kind === 'lookup' && /broadcast variable \d+/.test(x.question))) {
    const v = /broadcast variable (\d+)/.exec(r.question)![1];
    const re = new RegExp(`Reading broadcast variable ${v} took (\\d+) ms$`);
    const lines = matching(spark, re);
    assert.equal(lines.length, 1, r.question);
    check(r, Number(re.exec(spark[lines[0] - 1])![1]), lines);
  }

  const zk = rawLog('Zookeeper');
  for (const r of rows.filter((x) => x.dataset === 'Zookeeper' && x.kind === 'count' && /connection request/i.test(x.question))) {
    const ip = IP.exec(r.question)![0];
    const lines = matching(zk, new RegExp(`Received connection request /${esc(ip)}:\\d+$`));
    check(r, lines.length, lines);
  }

  // Times: the expected lines' own heads, read here with one regex per format, give the answer.
  const heads: Record<string, (l: string) => string | undefined> = {
    HDFS: (l) =>
      /^\d{2}(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2}) /
        .exec(l)
        ?.slice(1)
        .reduce((s, x, i) => s + x + ['-', ' ', ':', ':', ''][i], ''),
    OpenSSH: (l) => syslogHead(l),
    Linux: (l) => syslogHead(l),
    Spark: (l) =>
      /^\d{2}\/(\d{2})\/(\d{2}) (\d{2}:\d{2}:\d{2}) /
        .exec(l)
        ?.slice(1)
        .reduce((s, x, i) => s + x + ['-', ' ', ''][i], ''),
    Hadoop: (l) => isoHead(l),
    Zookeeper: (l) => isoHead(l),
    OpenStack: (l) => isoHead(l),
    Apache: (l) => {
      const m = /^\[\w{3} (\w{3}) (\d{2}) (\d{2}:\d{2}:\d{2}) \d{4}\]/.exec(l);
      return m ? `${month(m[1])}-${m[2]} ${m[3]}` : undefined;
    },
  };
  for (const r of rows.filter((x) => (x.kind === 'first' || x.kind === 'last') && x.dataset !== 'demo')) {
    const head = heads[r.dataset];
    assert.ok(head, `${r.id}: no raw time reader for ${r.dataset}`);
    const log = rawLog(r.dataset);
    for (const n of r.expected_lines) assert.equal(head(log[n - 1]), r.answer.value, `${r.id} line ${n}: ${log[n - 1]}`);
    checked++;
  }

  // Demo: recount the checkout 502s straight from the generated frontend lines.
  const frontend = generateScenario().frontend;
  for (const r of rows.filter((x) => x.dataset === 'demo' && x.kind === 'count' && /502/.test(x.question))) {
    const w = r.window ? [Date.parse(r.window.start), Date.parse(r.window.end)] : [-Infinity, Infinity];
    const lines = frontend.flatMap((l, i) => {
      const m = /\[(\d{2})\/Nov\/(\d{4}):(\d{2}:\d{2}:\d{2}) \+0000\] "POST \/api\/checkout HTTP\/1\.1" 502 /.exec(l);
      const t = m ? Date.parse(`${m[2]}-11-${m[1]}T${m[3]}Z`) : NaN;
      return t >= w[0] && t < w[1] ? [i + 1] : [];
    });
    check(r, lines.length, lines);
  }
  assert.ok(checked >= 40, `only ${checked} answers recomputed`);
});

test('answer comparison follows the documented rules', () => {
  assert.ok(exactMatch({ type: 'number', value: 1367, unit: 'ms' }, { intent: 'sum', value: 1.367, unit: 's' }));
  assert.ok(exactMatch({ type: 'number', value: 67108864, unit: 'B' }, { intent: 'lookup', value: 64, unit: 'MiB' }));
  assert.ok(!exactMatch({ type: 'number', value: 5, unit: 'ms' }, { intent: 'max', value: 5, unit: 'B' }));
  assert.ok(exactMatch({ type: 'number', value: 0.1, unit: undefined }, { intent: 'avg', value: 0.1 + 1e-9 }));
  assert.ok(!exactMatch({ type: 'number', value: 3 }, undefined));
  assert.ok(exactMatch({ type: 'span', value: 'root' }, { intent: 'lookup', value: ' "Root". ' }));
  assert.ok(exactMatch({ type: 'span', value: '10.0.0.1' }, { intent: 'topk', value: null, top: [{ key: '10.0.0.1', value: 3 }] }));
  assert.ok(exactMatch({ type: 'time', value: '11-24 14:05:06' }, { intent: 'first', value: null, at: '2026-11-24T14:05:06.123456789Z' }));
  assert.ok(exactMatch({ type: 'time', value: '11-24 14:05:06' }, { intent: 'first', value: '2026-11-24T15:05:06+01:00' }));
  assert.equal(wallClock('not a time'), undefined);
  assert.equal(firstSentence('It was 3.5 s. Then more.'), 'It was 3.5 s.');
  assert.ok(statesValue('There were 1,234 failures.', { type: 'number', value: 1234 }));
  assert.ok(!statesValue('There were 127 failures.', { type: 'number', value: 12 }));
  assert.ok(statesValue('Average is: 0.275, over 17 lines.', { type: 'number', value: 0.275140137059 }));
  assert.ok(!statesValue('Average is: 0.274, over 17 lines.', { type: 'number', value: 0.275140137059 }));
  assert.ok(!statesValue('Seen from 10.251.65.203 twice.', { type: 'number', value: 10.251 + 1e-4 }));
  assert.ok(statesValue('First at 2026-11-24T14:05:06Z.', { type: 'time', value: '11-24 14:05:06' }));
});

function month(m: string): string {
  return String(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m) + 1).padStart(2, '0');
}
function syslogHead(l: string): string | undefined {
  const m = /^(\w{3}) +(\d{1,2}) (\d{2}:\d{2}:\d{2}) /.exec(l);
  return m ? `${month(m[1])}-${m[2].padStart(2, '0')} ${m[3]}` : undefined;
}
/** The first "YYYY-MM-DD HH:MM:SS" in the line (OpenStack's lines lead with a file name). */
function isoHead(l: string): string | undefined {
  const m = /\d{4}-(\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})[.,]/.exec(l);
  return m ? `${m[1]} ${m[2]}` : undefined;
}

test('dev-extra5: byte-identical, dev rows only, own ids, entity-noun kinds covered, never an earlier question nor a test answer', { skip }, () => {
  const g = generate();
  const x2 = generateExtra2(g).rows;
  const x3 = generateExtra3(g, x2).rows;
  const x4 = generateExtra4(g, [...x2, ...x3]).rows;
  const earlier = [...x2, ...x3, ...x4];
  const x5 = assertHeldIn(g, 'dev-extra5', DEV_EXTRA5_FILE, () => generateExtra5(g, earlier), earlier, /^qv-\d{4}$/, ['topk', 'lookup', 'min', 'max'], 80);
  // "lowest/highest port ... from <ip>" in Zookeeper: recomputed from the raw .log text (the port of /ip:port in the lines)
  for (const r of x5.filter((q) => q.dataset === 'Zookeeper' && (q.kind === 'min' || q.kind === 'max'))) {
    const ip = /(\d+\.\d+\.\d+\.\d+)/.exec(r.question)![1];
    const event = /closed socket/.test(r.question) ? /Closed socket connection for client \/([\d.]+):(\d+)/ : /connection request/.test(r.question) ? /Received connection request \/([\d.]+):(\d+)/ : /Accepted socket connection from \/([\d.]+):(\d+)/;
    const ports = rawLog('Zookeeper').map((l) => event.exec(l)).filter((m) => m && m[1] === ip).map((m) => Number(m![2]));
    assert.equal(r.answer.value, r.kind === 'max' ? Math.max(...ports) : Math.min(...ports), r.question);
  }
});

test('dev-extra6 and its holdout: byte-identical, disjoint, rankings/counts/look-ups covered, never an earlier question nor a test answer', { skip }, () => {
  const g = generate();
  const earlier = earlierRows(g);
  const made = generateExtra6(g, earlier);
  assert.equal(made.holdoutText, readFileSync(DEV_EXTRA6_HOLDOUT_FILE, 'utf8'), 'dev-extra6-holdout.jsonl differs from the generator output: run `npx tsx eval/qa/generate.ts`');
  const dev = assertHeldIn(g, 'dev-extra6', DEV_EXTRA6_FILE, () => ({ rows: made.dev, text: made.text }), earlier, /^qu-\d{4}$/, ['topk', 'count', 'lookup'], 80);
  const ids = new Set(dev.map((r) => r.id));
  assert.ok(made.holdout.length >= 15, `holdout has ${made.holdout.length} questions`);
  for (const r of made.holdout) assert.ok(!ids.has(r.id), `${r.id} is in both dev-extra6 and its holdout`);
  assert.ok(new Set(made.rows.map((r) => r.dataset)).size >= 10, 'dev-extra6 covers few systems');
  // "how many lines did <node> log": recomputed from the raw .log text (BGL's node is the 4th field)
  for (const r of made.rows.filter((q) => q.dataset === 'BGL' && q.kind === 'count' && /lines did node|messages from|log entries does/.test(q.question))) {
    const node = /(R\d\d-M\d-N\w-[\w:-]+)/.exec(r.question)![1];
    assert.equal(r.answer.value, rawLog('BGL').filter((l) => l.split(' ')[3] === node).length, r.question);
  }
});

test('dev-extra7 and its holdout: byte-identical, disjoint, weak kinds covered, never an earlier question nor a test answer', { skip }, () => {
  const g = generate();
  const earlier = earlierThanExtra7(g);
  const made = generateExtra7(g, earlier);
  assert.equal(made.holdoutText, readFileSync(DEV_EXTRA7_HOLDOUT_FILE, 'utf8'), 'dev-extra7-holdout.jsonl differs from the generator output: run `npx tsx eval/qa/generate.ts`');
  const dev = assertHeldIn(g, 'dev-extra7', DEV_EXTRA7_FILE, () => ({ rows: made.dev, text: made.text }), earlier, /^qt-\d{4}$/, ['topk', 'lookup', 'min', 'sum'], 80);
  const ids = new Set(dev.map((r) => r.id));
  assert.ok(made.holdout.length >= 20, `holdout has ${made.holdout.length} questions`);
  for (const r of made.holdout) assert.ok(!ids.has(r.id), `${r.id} is in both dev-extra7 and its holdout`);
  assert.ok(new Set(made.rows.map((r) => r.dataset)).size >= 10, 'dev-extra7 covers few systems');
  // per-program bytes received / fewest sent (Proxifier) and lowest TID per stage (Spark): recomputed from the raw .log text
  const closes = rawLog('Proxifier').flatMap((l) => {
    const m = /^\[[^\]]+\] (.+?) - \S+ close, (\d+) bytes(?: \([^)]*\))? sent, (\d+) bytes(?: \([^)]*\))? received/.exec(l);
    return m ? [{ program: m[1], sent: Number(m[2]), recv: Number(m[3]) }] : [];
  });
  let checked = 0;
  for (const r of made.rows.filter((q) => q.dataset === 'Proxifier' && /pulled down|received by \S+ over|did \S+( \*64)? receive/.test(q.question))) {
    const program = /(?:bytes|by|did) (\S+(?: \*64)?) (?:pulled|over|receive)/.exec(r.question)![1];
    assert.equal(r.answer.value, closes.filter((c) => c.program.toLowerCase() === program.toLowerCase()).reduce((a, c) => a + c.recv, 0), r.question);
    checked++;
  }
  for (const r of made.rows.filter((q) => q.dataset === 'Proxifier' && q.kind === 'min' && /sent/.test(q.question))) {
    const program = /(?:bytes|by) (\S+(?: \*64)?) sent/.exec(r.question)![1];
    assert.equal(r.answer.value, Math.min(...closes.filter((c) => c.program.toLowerCase() === program.toLowerCase()).map((c) => c.sent)), r.question);
    checked++;
  }
  for (const r of made.rows.filter((q) => q.dataset === 'Spark' && q.kind === 'min' && /tid/i.test(q.question))) {
    const stage = /stage (\d+\.\d+)/.exec(r.question)![1];
    const tids = rawLog('Spark').flatMap((l) => {
      const m = /Finished task \S+ in stage (\S+) \(TID (\d+)\)/.exec(l);
      return m && m[1] === stage ? [Number(m[2])] : [];
    });
    assert.equal(r.answer.value, Math.min(...tids), r.question);
    checked++;
  }
  assert.ok(checked >= 5, `only ${checked} dev-extra7 answers recomputed`);
});

test('dev-extra8 and its holdout: byte-identical, disjoint, header kinds covered, Android level counts recomputed from the raw log', { skip }, () => {
  const g = generate();
  const earlier = earlierThanExtra8(g);
  const made = generateExtra8(g, earlier);
  assert.equal(made.holdoutText, readFileSync(DEV_EXTRA8_HOLDOUT_FILE, 'utf8'), 'dev-extra8-holdout.jsonl differs from the generator output: run `npx tsx eval/qa/generate.ts`');
  const dev = assertHeldIn(g, 'dev-extra8', DEV_EXTRA8_FILE, () => ({ rows: made.dev, text: made.text }), earlier, /^qs-\d{4}$/, ['count', 'topk', 'first', 'last'], 80);
  const ids = new Set(dev.map((r) => r.id));
  assert.ok(made.holdout.length >= 20, `holdout has ${made.holdout.length} questions`);
  for (const r of made.holdout) assert.ok(!ids.has(r.id), `${r.id} is in both dev-extra8 and its holdout`);
  // logcat "<date> <time> <pid> <tid> <level> <tag>: ...": counts by level word, and by level and tag
  const letter: Record<string, string> = { warning: 'W', error: 'E', info: 'I', debug: 'D', verbose: 'V' };
  const logcat = rawLog('Android').flatMap((l) => {
    const m = /^\S+ \S+\s+\d+\s+\d+ ([VDIWEF]) ([^:]+?)\s*:/.exec(l);
    return m ? [{ level: m[1], tag: m[2] }] : [];
  });
  let checked = 0;
  for (const r of made.rows.filter((q) => q.dataset === 'Android' && q.kind === 'count')) {
    const lv = /\b(warning|error|info|debug|verbose)\b/.exec(r.question)?.[1];
    if (!lv) continue;
    const tag = /(?:messages from|did) (\w+)/.exec(r.question)?.[1];
    assert.equal(r.answer.value, logcat.filter((x) => x.level === letter[lv] && (!tag || x.tag === tag)).length, r.question);
    checked++;
  }
  assert.ok(checked >= 3, `only ${checked} dev-extra8 answers recomputed`);
});

test('dev-extra9 and its holdout: byte-identical, disjoint, weak kinds covered, wake-lock uids, denial counts and bytes sent recomputed from the raw logs', { skip }, () => {
  const g = generate();
  const earlier = earlierThanExtra9(g);
  const made = generateExtra9(g, earlier);
  assert.equal(made.holdoutText, readFileSync(DEV_EXTRA9_HOLDOUT_FILE, 'utf8'), 'dev-extra9-holdout.jsonl differs from the generator output: run `npx tsx eval/qa/generate.ts`');
  const dev = assertHeldIn(g, 'dev-extra9', DEV_EXTRA9_FILE, () => ({ rows: made.dev, text: made.text }), earlier, /^qr-\d{4}$/, ['topk', 'lookup', 'min', 'sum'], 80);
  const ids = new Set(dev.map((r) => r.id));
  assert.ok(made.holdout.length >= 20, `holdout has ${made.holdout.length} questions`);
  for (const r of made.holdout) assert.ok(!ids.has(r.id), `${r.id} is in both dev-extra9 and its holdout`);
  assert.ok(new Set(made.rows.map((r) => r.dataset)).size >= 12, 'dev-extra9 covers few systems');
  let checked = 0;
  // Android 'acquire lock=..., tag="<tag>", ..., uid=<uid>': the one uid of a tag
  const acquires = rawLog('Android').flatMap((l) => {
    const m = /acquire lock=\S+ flags=\S+ tag="([^"]*)", .* uid=(\d+), pid=\d+/.exec(l);
    return m ? [{ tag: m[1], uid: Number(m[2]) }] : [];
  });
  for (const r of made.rows.filter((q) => q.dataset === 'Android' && q.kind === 'lookup' && /wake ?lock/i.test(q.question))) {
    const tag = /wakelock "([^"]+)"|the (.+) wake lock/i.exec(r.question)!;
    const uids = new Set(acquires.filter((a) => a.tag.toLowerCase() === (tag[1] ?? tag[2]).toLowerCase()).map((a) => a.uid));
    assert.deepEqual([...uids], [r.answer.value], r.question);
    checked++;
  }
  // Apache "[client <ip>] Directory index forbidden by rule": lines per client
  for (const r of made.rows.filter((q) => q.dataset === 'Apache' && q.kind === 'count')) {
    const ip = IP.exec(r.question)![0];
    assert.equal(r.answer.value, rawLog('Apache').filter((l) => l.includes(`[client ${ip}] Directory index forbidden`)).length, r.question);
    checked++;
  }
  // Proxifier "<program> - <target> close, <n> bytes sent": bytes sent per program
  const closes = rawLog('Proxifier').flatMap((l) => {
    const m = /^\[[^\]]+\] (.+?) - \S+ close, (\d+) bytes(?: \([^)]*\))? sent/.exec(l);
    return m ? [{ program: m[1], sent: Number(m[2]) }] : [];
  });
  for (const r of made.rows.filter((q) => q.dataset === 'Proxifier' && q.kind === 'sum' && /(?:bytes|by) \S+(?: \*64)? sent|sent by \S+/.test(q.question) && !/sent to/.test(q.question))) {
    const program = /bytes (\S+(?: \*64)?) sent|sent by (\S+(?: \*64)?),/.exec(r.question)!;
    const name = (program[1] ?? program[2]).toLowerCase();
    assert.equal(r.answer.value, closes.filter((c) => c.program.toLowerCase() === name).reduce((a, c) => a + c.sent, 0), r.question);
    checked++;
  }
  assert.ok(checked >= 5, `only ${checked} dev-extra9 answers recomputed`);
});

test('dev-extra10 and its holdout: byte-identical, disjoint, in distribution (a generate.ts candidate, in one of its own templates), unasked but for topk re-asks of dev', { skip }, () => {
  const g = generate();
  const earlier = earlierThanExtra10(g);
  const made = generateExtra10(g, earlier);
  assert.equal(made.holdoutText, readFileSync(DEV_EXTRA10_HOLDOUT_FILE, 'utf8'), 'dev-extra10-holdout.jsonl differs from the generator output: run `npx tsx eval/qa/generate.ts`');
  const dev = assertHeldIn(g, 'dev-extra10', DEV_EXTRA10_FILE, () => ({ rows: made.dev, text: made.text }), earlier, /^qp-\d{4}$/, ['topk', 'lookup', 'min', 'max', 'sum'], 100);
  const ids = new Set(dev.map((r) => r.id));
  assert.ok(made.holdout.length >= 25, `holdout has ${made.holdout.length} questions`);
  for (const r of made.holdout) assert.ok(!ids.has(r.id), `${r.id} is in both dev-extra10 and its holdout`);
  // every row is a generate.ts candidate rendered from one of its family's own templates
  const sig = (kind: string, dataset: string, answer: unknown, lines: number[]) => `${kind}|${dataset}|${JSON.stringify(answer)}|${lines.join(',')}`;
  const bySig = new Map<string, { say: string[]; vars: Record<string, string> }[]>();
  for (const f of g.families) for (const c of f.candidates) bySig.set(sig(c.kind, c.dataset, c.computed.answer, c.computed.lines), [...(bySig.get(sig(c.kind, c.dataset, c.computed.answer, c.computed.lines)) ?? []), c]);
  const heldIn = new Set([...g.rows.filter((r) => r.split === 'dev'), ...g.extraRows, ...earlier].map(answerSig));
  for (const r of made.rows) {
    const cands = bySig.get(answerSig(r));
    assert.ok(cands, `${r.id} is no generate.ts candidate`);
    const own = cands.some((c) =>
      c.say.some((t) => {
        const body = t.replace(/\?$/, '').replace(/\{(\w+)\}/g, (_, k: string) => c.vars[k]).toLowerCase();
        return r.question.toLowerCase().includes(body);
      }),
    );
    assert.ok(own, `${r.id} is not in its family's own words: ${r.question}`);
    if (r.kind !== 'topk') assert.ok(!heldIn.has(answerSig(r)), `${r.id} asks what dev or an earlier set asks`);
  }
  const kinds = (k: string) => made.rows.filter((r) => r.kind === k).length;
  assert.ok(kinds('topk') + kinds('sum') + kinds('min') + kinds('lookup') + kinds('max') > made.rows.length / 2, 'dev-extra10 is not weighted to the weak kinds');
  // the dev-only probe of whole-log families: dev's candidates only, never what a test question asks
  const probe = devWholeLogProbe(g);
  const testSigs = new Set(g.rows.filter((r) => r.split === 'test').map(answerSig));
  const devSigs = new Set(g.rows.filter((r) => r.split === 'dev').map(answerSig));
  assert.ok(probe.length >= 200, `probe has ${probe.length} questions`);
  for (const r of probe) {
    assert.ok(!testSigs.has(answerSig(r)), `${r.id} asks what a test question asks`);
    assert.ok(devSigs.has(answerSig(r)), `${r.id} is not a dev candidate`);
  }
});

test('dev-extra11 and its holdout: byte-identical, disjoint, whole-log questions weighted to topk and sum, never a test question\'s system, kind and answer or lines', { skip }, () => {
  const g = generate();
  const earlier = earlierThanExtra11(g);
  const made = generateExtra11(g, earlier);
  assert.equal(made.holdoutText, readFileSync(DEV_EXTRA11_HOLDOUT_FILE, 'utf8'), 'dev-extra11-holdout.jsonl differs from the generator output: run `npx tsx eval/qa/generate.ts`');
  const dev = assertHeldIn(g, 'dev-extra11', DEV_EXTRA11_FILE, () => ({ rows: made.dev, text: made.text }), earlier, /^qo-\d{4}$/, ['topk', 'sum', 'max'], 100);
  const ids = new Set(dev.map((r) => r.id));
  assert.ok(made.holdout.length >= 25, `holdout has ${made.holdout.length} questions`);
  for (const r of made.holdout) assert.ok(!ids.has(r.id), `${r.id} is in both dev-extra11 and its holdout`);
  const kinds = (k: string) => made.rows.filter((r) => r.kind === k).length;
  assert.ok(kinds('topk') + kinds('sum') > made.rows.length / 2, 'dev-extra11 is not weighted to topk and sum');
  // whole-log: no row names an identifier (every family is one question over a whole log)
  for (const r of made.rows) assert.ok(!IP.test(r.question) && !/blk_|attempt_|\d{4,}/.test(r.question), `${r.id} names an entity: ${r.question}`);
  // the slot of a test question is not asked again: no test row of the same system and kind has its answer or its lines
  const test = g.rows.filter((r) => r.split === 'test');
  for (const r of made.rows) {
    const same = test.find((t) => t.dataset === r.dataset && t.kind === r.kind && (JSON.stringify(t.answer) === JSON.stringify(r.answer) || t.expected_lines.join(',') === r.expected_lines.join(',')));
    assert.equal(same, undefined, `${r.id} asks a test question's slot`);
  }
  // answers recomputed from the raw .log text
  let checked = 0;
  const sentSum = rawLog('Proxifier').reduce((a, l) => a + Number(/ close, (\d+) bytes(?: \([^)]*\))? sent/.exec(l)?.[1] ?? 0), 0);
  const fpSum = rawLog('BGL').reduce((a, l) => a + Number(/ (\d+) floating point alignment exceptions$/.exec(l.trim())?.[1] ?? 0), 0);
  const expireSum = rawLog('Zookeeper').reduce((a, l) => a + Number(/Expiring session \S+, timeout of (\d+)ms exceeded/.exec(l)?.[1] ?? 0), 0);
  for (const r of made.rows.filter((q) => q.kind === 'sum')) {
    const want = r.dataset === 'Proxifier' && /sent/i.test(r.question) ? sentSum : r.dataset === 'BGL' && /floating point/i.test(r.question) ? fpSum : r.dataset === 'Zookeeper' && /expir/i.test(r.question) ? expireSum : undefined;
    if (want === undefined) continue;
    assert.equal(r.answer.value, want, r.question);
    checked++;
  }
  assert.ok(checked >= 5, `only ${checked} dev-extra11 answers recomputed`);
});

test('dev-extra12 and its holdout: byte-identical, disjoint, weighted to topk/max/avg/lookup, never a test question\'s system, kind and answer or a line of it', { skip }, () => {
  const g = generate();
  const earlier = earlierThanExtra12(g);
  const made = generateExtra12(g, earlier);
  assert.equal(made.holdoutText, readFileSync(DEV_EXTRA12_HOLDOUT_FILE, 'utf8'), 'dev-extra12-holdout.jsonl differs from the generator output: run `npx tsx eval/qa/generate.ts`');
  const dev = assertHeldIn(g, 'dev-extra12', DEV_EXTRA12_FILE, () => ({ rows: made.dev, text: made.text }), earlier, /^qn-\d{4}$/, ['topk', 'max', 'avg', 'lookup'], 100);
  const ids = new Set(dev.map((r) => r.id));
  assert.ok(made.holdout.length >= 25, `holdout has ${made.holdout.length} questions`);
  for (const r of made.holdout) assert.ok(!ids.has(r.id), `${r.id} is in both dev-extra12 and its holdout`);
  const weak = made.rows.filter((r) => ['topk', 'max', 'avg', 'lookup'].includes(r.kind)).length;
  assert.ok(weak > made.rows.length * 0.8, 'dev-extra12 is not weighted to topk, max, avg and lookup');
  // no test row of the same system and kind has its answer or shares one of its lines
  const test = g.rows.filter((r) => r.split === 'test');
  for (const r of made.rows) {
    const lines = new Set(r.expected_lines);
    const same = test.find((t) => t.dataset === r.dataset && t.kind === r.kind && (JSON.stringify(t.answer) === JSON.stringify(r.answer) || t.expected_lines.some((n) => lines.has(n))));
    assert.equal(same, undefined, `${r.id} asks a test question's slot`);
  }
  // answers recomputed from the raw .log text
  let checked = 0;
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const numbers = (name: string, re: RegExp) => rawLog(name).flatMap((l) => (re.exec(l) ? [Number(re.exec(l)![1])] : []));
  const notifAvg = avg(numbers('Zookeeper', /Notification time out: (\d+)/));
  const deallocAvg = avg(numbers('OpenStack', /Took (\d+\.\d+) seconds to deallocate network/));
  const fpAvg = avg(numbers('BGL', / (\d+) floating point alignment exceptions$/));
  for (const r of made.rows.filter((q) => q.kind === 'avg')) {
    const want = r.dataset === 'Zookeeper' && /notification/i.test(r.question) ? notifAvg : r.dataset === 'OpenStack' && /dealloc/i.test(r.question) ? deallocAvg : r.dataset === 'BGL' && /floating point/i.test(r.question) ? fpAvg : undefined;
    if (want === undefined) continue;
    assert.ok(Math.abs((r.answer.value as number) - want) <= 1e-6 * Math.abs(want), `${r.question}: ${r.answer.value} vs ${want}`);
    checked++;
  }
  // look-ups: the PacketResponder of a block, the stage of a TID, as the raw lines write them
  for (const r of made.rows.filter((q) => q.kind === 'lookup')) {
    const blk = /PacketResponder[^?]*(blk_-?\d+)/i.exec(r.question)?.[1];
    const tid = /tid (\d+)/i.exec(r.question)?.[1];
    let got: Set<string> | undefined;
    if (r.dataset === 'HDFS' && blk) got = new Set(rawLog('HDFS').flatMap((l) => [...l.matchAll(new RegExp(`PacketResponder (\\d+) for block ${esc(blk)} terminating`, 'g'))].map((m) => m[1])));
    if (r.dataset === 'Spark' && tid) got = new Set(rawLog('Spark').flatMap((l) => [...l.matchAll(new RegExp(`Running task \\S+ in stage (\\d+)\\.\\d+ \\(TID ${tid}\\)`, 'g'))].map((m) => m[1])));
    if (!got) continue;
    assert.deepEqual([...got], [String(r.answer.value)], r.question);
    checked++;
  }
  assert.ok(checked >= 8, `only ${checked} dev-extra12 answers recomputed`);
  // "which X had the largest Y": the key of the one extreme line; a tie across keys asks nothing
  const rec = (n: number, k: string, v: number) => ({ line: { n } as never, f: { k, v: String(v) } });
  const key = (r: { f: Record<string, string> }) => r.f.k;
  const val = (r: { f: Record<string, string> }) => Number(r.f.v);
  assert.deepEqual(keyOfExtreme('max', [rec(1, 'a', 5), rec(2, 'b', 9), rec(3, 'a', 7)], key, val), { answer: { type: 'span', value: 'b' }, lines: [2] });
  assert.equal(keyOfExtreme('max', [rec(1, 'a', 9), rec(2, 'b', 9), rec(3, 'a', 7)], key, val), undefined);
  assert.deepEqual(keyOfExtreme('min', [rec(1, 'a', 5), rec(2, 'b', 9), rec(3, 'a', 5)], key, val), { answer: { type: 'span', value: 'a' }, lines: [1, 3] });
});
