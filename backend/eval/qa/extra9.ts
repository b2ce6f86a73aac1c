// dev-extra9 (backend/eval/qa/dev-extra9.jsonl) and its holdout (dev-extra9-holdout.jsonl): round 9
// of the question rounds, written before any planner change of that round and scored on the code as
// it was. Aimed at the kinds the test split scores lowest (topk, sum, min, lookup) and at evidence,
// in the words an on-call engineer types into a chat box rather than a form:
//  - lowercase and abbreviations ("tot", "#", "sz", "dn", "pw", "secs", "conn", "bcast"), the entity
//    first ("ip 1.2.3.4: how many ...", "{blk}: size?"), trailing context ("... on the hdfs logs",
//    "... in spark"), "top 3 ...", "least ...", "smallest", "biggest", "total bytes";
//  - new families over systems and events the earlier rounds ask little about: Android wake locks
//    (the uid holding a tag, a uid's most acquired tag), cancelled notifications (a package's lowest
//    id and its pid), display brightness targets; Apache directory-index denials per client;
//    Windows cached package applicability states; Mac Thunderbolt HPD ports; HealthApp altitudes;
//  - new phrasings of generate.ts's families over candidates no test question asks about.
// Answers from each `_structured.csv` only (never product code), with generate.ts's align and
// ambiguity rules (no tie at the top, one value per look-up, values that differ for max/min, two
// lines or more for a sum). "Top 3" questions expect the first of the three (the scorer reads
// result.top[0]). Its own PRNG streams ('extra9:'), so every other file stays byte-identical;
// drawExtra refuses a question an earlier set asks or one with a test question's kind, system,
// answer and lines.
//
// The split: every row is drawn once, then a seeded hash of its id sends one in four of each kind to
// dev-extra9-holdout.jsonl, never tuned on and scored once after the round's changes.
import { join } from 'node:path';
import { aggregate, Builder, corpus, countOf, generate, groupBy, loadLines, lookupOf, QA_DIR, topOf, type Family, type Generated, type QaRow, type Rec } from './generate.js';
import { drawExtra, familiesOf, splitHoldout, writeSet } from './draw.js';
import { earlierRows as beforeExtra8, generateExtra8 } from './extra8.js';

export const DEV_EXTRA9_FILE = join(QA_DIR, 'dev-extra9.jsonl');
export const DEV_EXTRA9_HOLDOUT_FILE = join(QA_DIR, 'dev-extra9-holdout.jsonl');

/** Questions drawn per new family with an entity (a few entities each, so no family dominates). */
const NEW_CAP = 3;
/** Questions per re-phrased generate.ts family (a couple of entities, new words). */
const REPHRASE_CAP = 2;
/** One in this many rows of each kind goes to the holdout (scored once, at the end). */
const HOLDOUT_EVERY = 4;

const num = (k: string) => (r: Rec) => Number(r.f[k]);

function android(b: Builder): void {
  const c = corpus('Android', loadLines('Android'));
  // acquire lock=<*>, flags=<*>, tag="<*>", name=<*>, ws=<*>, uid=<*>, pid=<*>
  const acquire = c.recs(['E10'], (p) => ({ tag: p[2], uid: p[5], pid: p[6] }));
  b.each('tag-uid', 'lookup', NEW_CAP, groupBy(acquire, (r) => r.f.tag), ['wakelock "{tag}": which uid acquires it?', 'uid holding the {tag} wake lock?'], (k) => ({ tag: k }), (rs) => lookupOf(rs, (r) => r.f.uid, 'number'));
  b.each('uid-top-tag', 'topk', NEW_CAP, groupBy(acquire, (r) => r.f.uid), ['uid {uid}: most acquired wake lock tag?', 'top 3 wakelock tags acquired by uid {uid}'], (k) => ({ uid: k }), (rs) => topOf(rs, (r) => r.f.tag));
  // cancelNotificationWithTag pid <*>,uid = <*>,tag = null,pkg =<*>,id =<*>
  const cancel = c.recs(['E33'], (p) => ({ pid: p[0], uid: p[1], pkg: p[2], id: p[3] }));
  const byPkg = groupBy(cancel, (r) => r.f.pkg);
  b.each('pkg-id-min', 'min', NEW_CAP, byPkg, ['smallest notification id cancelled for {pkg}', '{pkg}: lowest cancelled notification id?'], (k) => ({ pkg: k }), (rs) => aggregate('min', rs, num('id')));
  b.each('pkg-pid', 'lookup', NEW_CAP, byPkg, ['pid that cancelled notifications for {pkg}?', '{pkg} notification cancels came from which pid'], (k) => ({ pkg: k }), (rs) => lookupOf(rs, (r) => r.f.pid, 'number'));
  const bright = c.recs(['E21'], (p) => ({ target: p[0], rate: p[1] }));
  b.one('brightness-target-min', 'min', ['least brightness target the display animated to?', 'smallest brightness target in the animating brightness lines'], aggregate('min', bright, num('target')));
  b.one('top-acquire-tag', 'topk', ['top 3 wake lock tags by # of acquires', 'most acquired wakelock tag'], topOf(acquire, (r) => r.f.tag));
}

function apache(b: Builder): void {
  const c = corpus('Apache', loadLines('Apache'));
  const denied = c.recs(['E4'], (p) => ({ client: p[0], rule: p[1] }));
  b.each('client-denied-count', 'count', NEW_CAP, groupBy(denied, (r) => r.f.client), ['ip {client}: how many directory index forbidden errors?', '# of "Directory index forbidden" hits for client {client}'], (k) => ({ client: k }), countOf);
  b.one('top-denied-client', 'topk', ['top 3 clients denied a directory index', 'which client ip got directory index forbidden the most'], topOf(denied, (r) => r.f.client));
  const state = c.recs(['E3'], (p) => ({ state: p[0] }));
  b.one('state-sum', 'sum', ['tot of all workerEnv error states in apache'], aggregate('sum', state, num('state')));
}

function windows(b: Builder): void {
  const c = corpus('Windows', loadLines('Windows'));
  // Read out cached package applicability for package: <*>, ApplicableState: <*>, CurrentState:<*>
  const appl = c.recs(['E29'], (p) => ({ pkg: p[0], applicable: p[1], current: p[2] }));
  b.one('top-applicable', 'topk', ['most common ApplicableState in the cached package applicability lines?', 'top 3 ApplicableState values read out for packages'], topOf(appl, (r) => r.f.applicable));
  b.one('current-min', 'min', ['smallest CurrentState read out for a package?', 'least CurrentState in the cached applicability read-outs'], aggregate('min', appl, num('current')));
  b.each('applicable-count', 'count', 2, groupBy(appl, (r) => r.f.applicable), ['# of packages read out with ApplicableState: {state}?', 'how many cached applicability lines say ApplicableState: {state}'], (k) => ({ state: k }), countOf);
}

function mac(b: Builder): void {
  const c = corpus('Mac', loadLines('Mac'));
  // IOThunderboltSwitch<<*>>(<*>)::listenerCallback - Thunderbolt HPD packet for route = <*> port = <*> unplug = <*>
  const hpd = c.recs(['E252'], (p) => ({ route: p[2], port: p[3], unplug: p[4] }));
  b.one('top-hpd-port', 'topk', ['which thunderbolt port had the most HPD packets?', 'top 3 ports in the thunderbolt hpd packet lines'], topOf(hpd, (r) => r.f.port));
  b.one('hpd-port-min', 'min', ['smallest port number in a thunderbolt HPD packet?'], aggregate('min', hpd, num('port')));
}

function healthapp(b: Builder): void {
  const c = corpus('HealthApp', loadLines('HealthApp'));
  const alt = c.recs(['E3'], (p) => ({ alt: p[0] }));
  b.one('altitude-min', 'min', ['least totalAltitude calculateAltitudeWithCache computed?', 'smallest total altitude the step counter calculated'], aggregate('min', alt, num('alt')));
}

function openssh(b: Builder): void {
  const c = corpus('OpenSSH', loadLines('OpenSSH'));
  const failed = c.recs(['E9', 'E10'], (p) => ({ user: p[0], ip: p[1], port: p[2] }));
  b.each('ip-failed-count', 'count', NEW_CAP, groupBy(failed, (r) => r.f.ip), ['ip {ip}: how many failed pw attempts?', '{ip} - # of failed passwords?'], (k) => ({ ip: k }), countOf);
  b.each('user-port-max-ip', 'topk', 2, groupBy(failed, (r) => r.f.user), ['user {user}: top source ip for failed pw', 'biggest offender ip for {user} (failed passwords)'], (k) => ({ user: k }), (rs) => topOf(rs, (r) => r.f.ip));
}

function proxifier(b: Builder): void {
  const c = corpus('Proxifier', loadLines('Proxifier'));
  const opened = c.recs(['E2', 'E1'], (p, l) => ({ target: `${p[0]}:${p[1]}`, program: l.h.Program }));
  const closed = c.recs(['E8'], (p, l) => {
    // the optional "(x KB)" after a byte count falls in the template's slots; the counts are the numbers before "bytes"
    const m = /^(\S+) close, (\d+) bytes(?: \([^)]*\))? sent, (\d+) bytes(?: \([^)]*\))? received, lifetime (.+)$/.exec(l.content);
    return m ? { target: m[1], sent: m[2], recv: m[3], program: l.h.Program } : null;
  });
  b.each('program-sent-sum', 'sum', NEW_CAP, groupBy(closed, (r) => r.f.program), ['total bytes {program} sent through the proxy', 'tot bytes sent by {program}, all conns'], (k) => ({ program: k }), (rs) => (new Set(rs.map(num('sent'))).size > 1 ? aggregate('sum', rs, num('sent'), 'B') : undefined));
  b.each('target-top-program', 'topk', NEW_CAP, groupBy(opened, (r) => r.f.target), ['{target}: which program connects to it most?', 'top 3 apps opening conns to {target}'], (k) => ({ target: k }), (rs) => topOf(rs, (r) => r.f.program));
}

function openstack(b: Builder): void {
  const c = corpus('OpenStack', loadLines('OpenStack'));
  const gets = c.recs(['E25'], (p) => ({ client: p[0].split(',')[0], status: p[2], len: p[3] }));
  b.each('status-len-min', 'min', 2, groupBy(gets, (r) => r.f.status), ['least len of a GET that returned {status}?', 'status {status}: smallest GET response len'], (k) => ({ status: k }), (rs) => aggregate('min', rs, num('len')));
  b.each('client-len-sum', 'sum', 2, groupBy(gets, (r) => r.f.client), ['client {client}: tot len of its GET responses?', 'total GET response len served to {client}'], (k) => ({ client: k }), (rs) => aggregate('sum', rs, num('len')));
}

function hdfs(b: Builder): void {
  const c = corpus('HDFS', loadLines('HDFS'));
  const added = c.recs(['E6'], (p) => ({ node: `${p[0]}:${p[1]}`, ip: p[0], blk: `blk_${p[2]}`, size: p[3] }));
  b.each('node-size-max', 'max', 2, groupBy(added, (r) => r.f.node), ['{node}: biggest block added?', 'biggest blk in the blockmap of {node} on the hdfs logs'], (k) => ({ node: k }), (rs) => aggregate('max', rs, num('size'), 'B'));
}

/** New phrasings of generate.ts's families (var names as the family's own phrasings use them). */
export const EXTRA9_PHRASINGS: Record<string, string[]> = {
  'HDFS/block-size': ['{blk}: size?', 'sz of {blk} in bytes on the hdfs logs'],
  'HDFS/receiver': ['{blk} landed on which dn?'],
  'HDFS/received-from': ['src ip for {blk}?'],
  'HDFS/node-size-sum': ['tot bytes added on {node}', 'total bytes in blocks added to {node} on the hdfs logs'],
  'HDFS/node-size-min': ['smallest blk added on {node}', '{node}: min block size?'],
  'HDFS/from-size-sum': ['ip {ip}: total bytes of blocks received from it', 'tot block bytes from {ip}'],
  'OpenSSH/ip-user': ['ip {ip}: which user was it trying?', 'user tried by {ip}'],
  'OpenSSH/first-port': ['ip {ip}: first src port?'],
  'OpenSSH/min-port': ['ip {ip}: lowest port on a failed pw?', 'least source port {ip} used for a bad password'],
  'Spark/bcast-read': ['bcast var {v} read time in spark?', 'how long to read bcast variable {v}'],
  'Spark/stage-bytes-sum': ['tot result bytes stage {stage}', 'total bytes sent to driver for stage {stage} in spark'],
  'Spark/stage-bytes-min': ['stage {stage}: smallest result sent to driver?', 'least result bytes in stage {stage}'],
  'BGL/coreprog-lookup': ['{node}: which program dumped core?'],
  'BGL/program-corefiles-sum': ['tot core files for {program}'],
  'Hadoop/container': ['attempt {attempt} -> which container?'],
  'Hadoop/progress-min': ['{attempt}: lowest progress?'],
  'Zookeeper/session-timeout': ['session {session}: negotiated timeout?'],
  'Zookeeper/session-client': ['who opened session {session}?'],
  'OpenStack/spawn-time': ['{instance}: spawn time in secs?'],
  'OpenStack/build-time': ['secs to build {instance}?'],
  'OpenStack/destroy-time': ['{instance}: how long did destroy on the hypervisor take?'],
  'OpenStack/dealloc-time': ['network dealloc time for {instance}?'],
  'Linux/hostname': ['ip {ip}: hostname?'],
  'Apache/child-slot': ['child {child}: scoreboard slot?'],
  'Proxifier/sent-sum': ['tot bytes sent to {target}', 'total bytes out to {target}'],
  'Proxifier/recv-min': ['{target}: smallest recv bytes on one conn?', 'least bytes received from {target}'],
  'OpenSSH/top-invalid-user': ['most tried bogus username on the openssh logs'],
  'OpenSSH/top-disconnect': ['top 3 ips by # of disconnects'],
  'OpenSSH/top-breakin': ['biggest source of break-in attempt warnings (ip)?'],
  'OpenSSH/top-auth-ip': ['top rhost for auth failures in sshd'],
  'Hadoop/top-progress': ['attempt with the most progress updates?'],
  'Hadoop/top-resolved': ['top 3 hosts resolved to /default-rack'],
  'Zookeeper/top-channel': ['sid we failed to open a channel to most?'],
  'Zookeeper/top-accepted': ['top ip by accepted socket conns'],
  'OpenStack/top-status': ['most frequent GET status code?'],
  'Linux/top-rhost': ['top 3 rhosts with auth failures'],
  'Proxifier/top-error-program': ['biggest proxy error offender (program)?'],
  'Proxifier/top-open-program': ['top 3 programs by # of proxy conns opened'],
  'Thunderbird/top-ntp': ['ntp server synced to most?'],
  'BGL/fp-min': ['least floating point alignment exceptions in one report?'],
  'BGL/hummer-min': ['smallest double-hummer alignment exception count?'],
  'Hadoop/lease-min': ['least time in a failed lease renewal?'],
  'Zookeeper/notif-min': ['smallest notification timeout?'],
  'OpenStack/spawn-min': ['least secs an instance took to spawn?'],
  'Apache/state-min': ['smallest workerEnv error state?'],
  'BGL/ddr-sum': ['tot ddr errors detected and corrected?'],
  'Zookeeper/notif-sum': ['tot of notification timeouts?'],
  'OpenStack/get-time-sum': ['total secs spent on GET requests?'],
  'Proxifier/recv-sum': ['total bytes received through the proxy, all conns?'],
};

export function newFamilies(): Family[] {
  const defs: [string, (b: Builder) => void][] = [
    ['Android', android],
    ['Apache', apache],
    ['Windows', windows],
    ['Mac', mac],
    ['HealthApp', healthapp],
    ['OpenSSH', openssh],
    ['HDFS', hdfs],
    ['Proxifier', proxifier],
    ['OpenStack', openstack],
  ];
  return familiesOf(defs, 'x9');
}

/**
 * dev-extra9 rows, split into dev (tune) and holdout (scored once): within each kind, rows ordered
 * by a seeded hash of their id, every HOLDOUT_EVERY-th to the holdout. `earlier`: dev-extra2..8 rows
 * (the holdouts included).
 */
export function generateExtra9(g: Generated, earlier: QaRow[]): { rows: QaRow[]; dev: QaRow[]; holdout: QaRow[]; text: string; holdoutText: string } {
  const { rows } = drawExtra(g, earlier, { stream: 'extra9', idPrefix: 'qr', families: newFamilies(), phrasings: EXTRA9_PHRASINGS, rephraseCap: REPHRASE_CAP });
  return { rows, ...splitHoldout(rows, 'extra9', HOLDOUT_EVERY) };
}

/** The rows of every held-in set before dev-extra9 (their questions are not asked again). */
export function earlierRows(g: Generated): QaRow[] {
  const before = beforeExtra8(g);
  return [...before, ...generateExtra8(g, before).rows];
}

function main(): void {
  const g = generate();
  const x9 = generateExtra9(g, earlierRows(g));
  writeSet('dev-extra9', DEV_EXTRA9_FILE, DEV_EXTRA9_HOLDOUT_FILE, x9);
  const empty = [...newFamilies()].filter((f) => !f.candidates.length).map((f) => f.name);
  if (empty.length) console.log(`families with no unambiguous question (skipped): ${empty.join(', ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
