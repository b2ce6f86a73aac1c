// dev-extra7 (backend/eval/qa/dev-extra7.jsonl) and its holdout (dev-extra7-holdout.jsonl): round 7
// of issue #12, written before any round-7 change and scored on the code as it was. Weighted to the
// kinds the test split scores lowest (topk, lookup, sum, min), asked the way an on-call engineer
// types them rather than the way the earlier sets did:
//  - rankings: "busiest ...", "top 3 ...", "who ... the most", "which X had the most Y", "X with the
//    highest number of Y", per entity ("which destination did chrome.exe hit most?") and over whole
//    logs, including a ranking by a total ("which program received the most bytes?");
//  - look-ups of a named entity ("what's the session id of client <ip:port>?", "<blk> lives on which
//    datanode?", "status code of the GET that ...");
//  - sums and minimums per entity ("bytes <program> pulled down in all", "fastest GET that returned
//    404", "lowest TID finished in stage 3.0").
// New families over systems every earlier set asks (HDFS, OpenSSH, Spark, Zookeeper, OpenStack,
// Hadoop, Linux, Apache, Proxifier) and a few others (HealthApp, Thunderbird), plus new phrasings of
// generate.ts's families (drawn only over candidates no test question asks about). Answers from each
// `_structured.csv` only (never product code), with generate.ts's align and ambiguity rules (no tie
// at the top, one value per look-up, values that differ for max/min, two lines or more for a sum).
// "Top 3" questions expect the first of the three (the scorer reads result.top[0]). Its own PRNG
// streams ('extra7:'), so every other file stays byte-identical. It refuses (throws) a question an
// earlier set asks or one with a test question's kind, system, answer and lines (drawExtra's check;
// test rows only in memory, as generated).
//
// The split: every row is drawn once, then a seeded hash of its id sends one in four of each kind to
// dev-extra7-holdout.jsonl, never tuned on and scored once after round 7's changes.
import { join } from 'node:path';
import { aggregate, Builder, corpus, generate, groupBy, loadLines, lookupOf, QA_DIR, topOf, type Computed, type Family, type Generated, type QaRow, type Rec } from './generate.js';
import { drawExtra, familiesOf, splitHoldout, writeSet } from './draw.js';
import { earlierRows as beforeExtra6, generateExtra6 } from './extra6.js';

export const DEV_EXTRA7_FILE = join(QA_DIR, 'dev-extra7.jsonl');
export const DEV_EXTRA7_HOLDOUT_FILE = join(QA_DIR, 'dev-extra7-holdout.jsonl');

/** Questions drawn per family with an entity (several entities each, bounded so no family dominates). */
const NEW_CAP = 3;
/** Questions per re-phrased generate.ts family (a handful of entities, new words). */
const REPHRASE_CAP = 2;
/** One in this many rows of each kind goes to the holdout (scored once, at the end). */
const HOLDOUT_EVERY = 4;

const num = (k: string) => (r: Rec) => Number(r.f[k]);

/** The group with the greatest total of `val` (a ranking by bytes, not by lines); undefined on a tie. */
function topByTotal(rs: Rec[], key: (r: Rec) => string | undefined, val: (r: Rec) => number): Computed | undefined {
  return topOf(rs, key, val);
}

function proxifier(b: Builder): void {
  const c = corpus('Proxifier', loadLines('Proxifier'));
  const opened = c.recs(['E2', 'E1'], (p, l) => ({ target: `${p[0]}:${p[1]}`, program: l.h.Program }));
  const closed = c.recs(['E8'], (p, l) => {
    // the optional "(x KB)" after a byte count falls in the template's slots; the counts are the numbers before "bytes"
    const m = /^(\S+) close, (\d+) bytes(?: \([^)]*\))? sent, (\d+) bytes(?: \([^)]*\))? received, lifetime (.+)$/.exec(l.content);
    return m ? { target: m[1], sent: m[2], recv: m[3], program: l.h.Program } : null;
  });
  const byProgram = (rs: Rec[]) => groupBy(rs, (r) => r.f.program);
  const program = (k: string) => ({ program: k });
  b.each('program-top-target', 'topk', NEW_CAP, byProgram(opened), ['which destination did {program} open the most connections to?', 'top 3 targets {program} reached through the proxy?', 'busiest destination for {program}?'], program, (rs) => topOf(rs, (r) => r.f.target));
  b.each('program-recv-sum', 'sum', NEW_CAP, byProgram(closed), ['how many bytes did {program} receive in total?', 'total bytes received by {program} over all its connections?', 'bytes {program} pulled down in all?'], program, (rs) => (new Set(rs.map(num('recv'))).size > 1 ? aggregate('sum', rs, num('recv'), 'B') : undefined));
  b.each('program-sent-min', 'min', NEW_CAP, byProgram(closed), ['fewest bytes {program} sent on one connection?', 'smallest number of bytes sent by {program} in a closed connection?'], program, (rs) => aggregate('min', rs, num('sent'), 'B'));
  b.one('top-program-recv', 'topk', ['which program received the most bytes through the proxy?', 'top 3 programs by bytes received?'], topByTotal(closed, (r) => r.f.program, num('recv')));
  b.one('top-program-closed', 'topk', ['which program closed the most proxy connections?', 'busiest program by closed connections?'], topOf(closed, (r) => r.f.program));
}

function spark(b: Builder): void {
  const c = corpus('Spark', loadLines('Spark'));
  const finished = c.recs(['E9'], (p) => ({ task: p[0], stage: p[1], tid: p[2], bytes: p[3] }));
  const byStage = groupBy(finished, (r) => r.f.stage);
  b.each('stage-tid-min', 'min', NEW_CAP, byStage, ['lowest TID that finished in stage {stage}?', 'smallest task id (TID) among finished tasks of stage {stage}?'], (k) => ({ stage: k }), (rs) => aggregate('min', rs, num('tid')));
  b.one('top-stage-finished', 'topk', ['which stage finished the most tasks?', 'top 3 stages by finished tasks?'], topOf(finished, (r) => r.f.stage));
  b.each('tid-bytes', 'lookup', NEW_CAP, groupBy(finished, (r) => r.f.tid), ['how many bytes of result did TID {tid} send to the driver?', 'result size of TID {tid}?'], (k) => ({ tid: k }), (rs) => lookupOf(rs, (r) => r.f.bytes, 'number', 'B'));
}

function openstack(b: Builder): void {
  const c = corpus('OpenStack', loadLines('OpenStack'));
  const req = (p: string[]) => ({ client: p[0].split(',')[0], status: p[2], len: p[3], s: `${p[4]}.${p[5]}` });
  const gets = c.recs(['E25'], req);
  const byStatus = groupBy(gets, (r) => r.f.status);
  const status = (k: string) => ({ status: k });
  b.each('status-len-sum', 'sum', 2, byStatus, ['total response length of GET requests that returned {status}?', 'sum of len over GETs with status {status}?'], status, (rs) => aggregate('sum', rs, num('len')));
  b.each('status-time-min', 'min', 2, byStatus, ['fastest GET request that returned {status}, in seconds?', 'shortest time of a GET with status {status}?'], status, (rs) => aggregate('min', rs, num('s'), 's'));
  b.one('top-get-client', 'topk', ['busiest client by GET requests?', 'client address with the highest number of GET requests?'], topOf(gets, (r) => r.f.client));
}

function zookeeper(b: Builder): void {
  const c = corpus('Zookeeper', loadLines('Zookeeper'));
  const established = c.recs(['E13'], (p) => ({ session: p[0], addr: `${p[2]}:${p[3]}`, ip: p[2] }));
  b.each('addr-session', 'lookup', NEW_CAP, groupBy(established, (r) => r.f.addr), ['what session id was established for client {addr}?', "what's the session of {addr}?"], (k) => ({ addr: k }), (rs) => lookupOf(rs, (r) => r.f.session, 'span'));
  b.one('top-established-ip', 'topk', ['which client IP had the most sessions established?', 'top 3 client IPs by established sessions?'], topOf(established, (r) => r.f.ip));
}

function hdfs(b: Builder): void {
  const c = corpus('HDFS', loadLines('HDFS'));
  const added = c.recs(['E6'], (p) => ({ node: `${p[0]}:${p[1]}`, ip: p[0], blk: `blk_${p[2]}`, size: p[3] }));
  b.each('blk-node', 'lookup', NEW_CAP, groupBy(added, (r) => r.f.blk), ['{blk} lives on which datanode?', 'which datanode (ip:port) holds {blk} in its blockMap?'], (k) => ({ blk: k }), (rs) => lookupOf(rs, (r) => r.f.node, 'span'));
  b.each('ip-size-min', 'min', NEW_CAP, groupBy(added, (r) => r.f.ip), ['smallest block stored on datanode {ip}?', 'min size of a block added on {ip}?'], (k) => ({ ip: k }), (rs) => aggregate('min', rs, num('size'), 'B'));
  b.each('ip-size-sum', 'sum', NEW_CAP, groupBy(added, (r) => r.f.ip), ['how many bytes of blocks does {ip} hold in total?', 'total size of all blocks added on {ip}?'], (k) => ({ ip: k }), (rs) => (new Set(rs.map(num('size'))).size > 1 ? aggregate('sum', rs, num('size'), 'B') : undefined));
}

function openssh(b: Builder): void {
  const c = corpus('OpenSSH', loadLines('OpenSSH'));
  const failed = c.recs(['E9', 'E10'], (p) => ({ user: p[0], ip: p[1], port: p[2] }));
  b.each('user-top-ip', 'topk', NEW_CAP, groupBy(failed, (r) => r.f.user), ['who hammered the {user} account the most (source IP)?', 'which IP failed the password of {user} the most times?'], (k) => ({ user: k }), (rs) => topOf(rs, (r) => r.f.ip));
  b.each('user-port-min', 'min', NEW_CAP, groupBy(failed, (r) => r.f.user), ['lowest source port of a failed password for {user}?'], (k) => ({ user: k }), (rs) => aggregate('min', rs, num('port')));
  // every line that writes "Received disconnect from <ip>" (with or without the "error: " prefix)
  const disconnect = c.recs(['E6', 'E7', 'E24', 'E25', 'E26'], (p) => ({ ip: p[0] }));
  b.one('top-disconnect', 'topk', ['top 3 IPs by "Received disconnect" lines?', 'who disconnected from sshd the most?'], topOf(disconnect, (r) => r.f.ip));
}

function hadoop(b: Builder): void {
  const c = corpus('Hadoop', loadLines('Hadoop'));
  const retry = c.recs(['E91'], (p) => ({ server: p[0], port: p[1], tried: p[2] }));
  b.one('top-retry-server', 'topk', ['which server had the most connect retries?', 'top 3 servers by "Retrying connect" lines?'], topOf(retry, (r) => r.f.server));
  b.each('server-retry-sum', 'sum', 2, groupBy(retry, (r) => r.f.server), ['sum of "already tried" counts for {server}?'], (k) => ({ server: k }), (rs) => aggregate('sum', rs, num('tried')));
}

function linux(b: Builder): void {
  const c = corpus('Linux', loadLines('Linux'));
  const lines = c.lines.filter((l) => /^connection from <\*> \(<\*>\)/.test(l.template));
  const conns = c.recs([...new Set(lines.map((l) => l.event))], (p) => ({ ip: p[0], host: p[1] }));
  b.one('top-ftp-host', 'topk', ['which host name made the most ftp connections?', 'busiest ftp client by connections?'], topOf(conns, (r) => r.f.host || undefined));
  b.each('ip-host', 'lookup', NEW_CAP, groupBy(conns, (r) => r.f.ip), ['which host name goes with ftp client {ip}?', 'reverse name of {ip} in the ftp connection lines?'], (k) => ({ ip: k }), (rs) => (rs.every((r) => r.f.host) ? lookupOf(rs, (r) => r.f.host, 'span') : undefined));
}

function apache(b: Builder): void {
  const c = corpus('Apache', loadLines('Apache'));
  const found = c.recs(['E1'], (p) => ({ child: p[0], slot: p[1] }));
  b.one('top-slot', 'topk', ['which scoreboard slot had the most children found in it?', 'top 3 scoreboard slots by "Found child" lines?'], topOf(found, (r) => r.f.slot));
  b.each('slot-child-min', 'min', NEW_CAP, groupBy(found, (r) => r.f.slot), ['lowest child pid found in scoreboard slot {slot}?'], (k) => ({ slot: k }), (rs) => aggregate('min', rs, num('child')));
}

function healthApp(b: Builder): void {
  const c = corpus('HealthApp', loadLines('HealthApp'));
  const steps = c.recs(['E42'], (p) => ({ n: p[0] }));
  b.one('stand-step-min', 'min', ['lowest onStandStepChanged value?', 'minimum stand step count reported?'], aggregate('min', steps, num('n')));
  const calories = c.recs(['E4'], (p) => ({ n: p[0] }));
  b.one('calories-min', 'min', ['smallest totalCalories value computed?'], aggregate('min', calories, num('n')));
}

function thunderbird(b: Builder): void {
  const lines = loadLines('Thunderbird');
  const all: Rec[] = lines.map((line) => ({ line, f: {} }));
  b.one('top-program', 'topk', ['which program logged the most lines?', 'noisiest program in the logs?'], topOf(all, (r) => r.line.h.Component?.replace(/\[\d+\]$/, '') || undefined));
}

export function newFamilies(): Family[] {
  const defs: [string, (b: Builder) => void][] = [
    ['Proxifier', proxifier],
    ['Spark', spark],
    ['OpenStack', openstack],
    ['Zookeeper', zookeeper],
    ['HDFS', hdfs],
    ['OpenSSH', openssh],
    ['Hadoop', hadoop],
    ['Linux', linux],
    ['Apache', apache],
    ['HealthApp', healthApp],
    ['Thunderbird', thunderbird],
  ];
  return familiesOf(defs, 'x7');
}

/** New phrasings of generate.ts's families (var names as the family's own phrasings use them). */
export const EXTRA7_PHRASINGS: Record<string, string[]> = {
  'Hadoop/top-progress': ['busiest task attempt by progress updates?', 'top 3 attempts reporting progress?'],
  'Hadoop/top-resolved': ['which host got resolved to the default rack the most times?', 'top 3 hosts by rack resolutions?'],
  'Linux/top-rhost': ['who failed authentication the most (remote host)?', 'remote host with the highest number of auth failures?'],
  'OpenSSH/top-auth-ip': ['top 3 remote hosts by pam authentication failures?', 'busiest rhost in the auth failure lines?'],
  'OpenSSH/top-breakin': ['which address triggered the most break-in attempt warnings?', 'top 3 IPs by POSSIBLE BREAK-IN ATTEMPT lines?'],
  'OpenSSH/top-disconnect': ['which IP disconnected the most times?'],
  'OpenSSH/top-invalid-user': ['top 3 invalid user names?', 'which bogus user name was tried the most?'],
  'OpenStack/top-status': ['top 3 status codes returned to GET requests?', 'commonest status of a GET?'],
  'Proxifier/top-error-program': ['top 3 programs by proxy errors?', 'which app failed to connect through the proxy the most?'],
  'Proxifier/top-open-program': ['busiest program by proxy connections opened?', 'which app opened the most connections through the proxy?'],
  'Thunderbird/top-ntp': ['top 3 time servers ntpd synced with?', 'which NTP server did hosts sync to the most?'],
  'Zookeeper/top-accepted': ['top 3 IPs by accepted socket connections?', 'busiest client by accepted connections?'],
  'Zookeeper/top-channel': ['which server id failed to open a channel the most?', 'top 3 server ids we could not open a channel to?'],
  'HDFS/block-size': ["what's the size of {blk} in bytes?", 'size of {blk}, please?'],
  'HDFS/alloc-file': ['{blk} was allocated for what path?'],
  'HDFS/received-from': ['who sent {blk} (source IP)?'],
  'HDFS/receiver': ['{blk} was received by which datanode?'],
  'Hadoop/container': ["what's the container of {attempt}?"],
  'Linux/hostname': ['host name for {ip}?'],
  'OpenSSH/ip-user': ['what user did {ip} try?'],
  'OpenSSH/first-port': ['first source port {ip} used?'],
  'OpenStack/spawn-time': ['spawn time of {instance}?'],
  'OpenStack/build-time': ['build time of instance {instance} in seconds?'],
  'Spark/bcast-read': ['time to read broadcast variable {v}?'],
  'Zookeeper/session-client': ['client address of session {session}?'],
  'Zookeeper/session-timeout': ['negotiated timeout of {session}?'],
  'HDFS/node-size-min': ['smallest block on {node}?'],
  'HDFS/node-size-sum': ['bytes of blocks on {node}, summed?'],
  'HDFS/from-size-sum': ['block bytes received from {ip} in total?'],
  'Hadoop/progress-min': ['lowest progress value of {attempt}?'],
  'OpenSSH/min-port': ['smallest port {ip} failed a password from?'],
  'Proxifier/recv-min': ['least bytes received from {target} on one connection?'],
  'Proxifier/sent-sum': ['bytes sent to {target} overall?'],
  'Spark/stage-bytes-min': ['smallest result size sent to the driver in stage {stage}?'],
  'Spark/stage-bytes-sum': ['result bytes sent to the driver in stage {stage}, summed?'],
  'BGL/program-corefiles-sum': ['core files generated for {program} overall?'],
};

/**
 * dev-extra7 rows, split into dev (tune) and holdout (scored once): within each kind, rows ordered
 * by a seeded hash of their id, every HOLDOUT_EVERY-th to the holdout. `earlier`: dev-extra2..6 rows
 * (dev-extra6's holdout included).
 */
export function generateExtra7(g: Generated, earlier: QaRow[]): { rows: QaRow[]; dev: QaRow[]; holdout: QaRow[]; text: string; holdoutText: string } {
  const { rows } = drawExtra(g, earlier, { stream: 'extra7', idPrefix: 'qt', families: newFamilies(), phrasings: EXTRA7_PHRASINGS, rephraseCap: REPHRASE_CAP });
  return { rows, ...splitHoldout(rows, 'extra7', HOLDOUT_EVERY) };
}

/** The rows of every held-in set before dev-extra7 (their questions are not asked again). */
export function earlierRows(g: Generated): QaRow[] {
  const before = beforeExtra6(g);
  return [...before, ...generateExtra6(g, before).rows];
}

function main(): void {
  const g = generate();
  const x7 = generateExtra7(g, earlierRows(g));
  writeSet('dev-extra7', DEV_EXTRA7_FILE, DEV_EXTRA7_HOLDOUT_FILE, x7);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
