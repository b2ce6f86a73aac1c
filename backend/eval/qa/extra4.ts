// dev-extra4 (backend/eval/qa/dev-extra4.jsonl): a fourth held-in set for round 4 of issue #12,
// written before any round-4 planner change and scored on the code as it was. Round 3 fixed rules
// too narrow to move the test split; this set asks the GENERAL shapes behind its misses:
//  - one entity across several kinds of line: counts and rankings by user, IP, host, block,
//    attempt, instance or client where the entity sits in slots the logs name differently
//    ("Failed password for root" and "... for invalid user admin"; "Closed socket connection for
//    client /ip" with or without a session; every line that mentions an id);
//  - sums/min/max/look-ups where the slot must be chosen among several numeric slots of one line
//    (Hadoop scheduling counters, OpenStack claims and power-state syncs, Zookeeper expiry timeouts,
//    Thunderbird sendmail sizes and disk temperatures, Spark TIDs and stages);
//  - quoted filters whose words the lines write in another number ("more authentication failures"
//    over "failure;" and "failures;").
// Answers from each `_structured.csv` only (never product code), with generate.ts's align and
// ambiguity rules: no tie at the top, one value per look-up, values that differ for max/min, two
// lines or more for a sum. "Lines that mention X" count the CSV's `Content` lines holding X as a
// whole token. Its own PRNG streams ('extra4:'), so every other file stays byte-identical. It
// refuses (throws) a question that repeats an earlier set's or asks what a test question asks
// (same kind, system, answer and lines): test rows are read only as data, in memory.
import { join } from 'node:path';
import {
  aggregate,
  Builder,
  corpus,
  countOf,
  groupBy,
  loadLines,
  lookupOf,
  QA_DIR,
  topOf,
  type Corpus,
  type Family,
  type Generated,
  type QaRow,
  type Rec,
} from './generate.js';
import { drawExtra, familiesOf } from './draw.js';

export const DEV_EXTRA4_FILE = join(QA_DIR, 'dev-extra4.jsonl');

/** Questions drawn per new family (several entities each, still bounded so no family dominates). */
const NEW_CAP = 3;

const num = (k: string) => (r: Rec) => Number(r.f[k]);

/**
 * Every line of the log whose Content holds a token of `pattern`, one record per (line, distinct
 * token): the entity whatever kind of line names it. `token` may normalise ("/10.0.0.1:50010" -> ip).
 */
function mentions(c: Corpus, pattern: RegExp, token: (m: string) => string = (m) => m): Rec[] {
  const out: Rec[] = [];
  for (const l of c.lines) {
    const seen = new Set<string>();
    for (const m of l.content.matchAll(pattern)) {
      const t = token(m[0]);
      if (seen.has(t)) continue;
      seen.add(t);
      out.push({ line: l, f: { e: t } });
    }
  }
  return out;
}
const IP_TOKEN = /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d])/g;

function openssh(b: Builder): void {
  const c = corpus('OpenSSH', loadLines('OpenSSH'));
  // "Failed password for root" and "Failed password for invalid user admin": one user slot, two ways of writing it
  const failed = c.recs(['E9', 'E10'], (p) => ({ user: p[0], ip: p[1] }));
  const failedNone = c.recs(['E8'], (p) => ({ user: p[0], ip: p[1] }));
  const more = c.recs(['E15', 'E16', 'E17'], (p) => ({ ip: p[3] }));
  const closed = c.recs(['E22'], (p) => ({ user: p[0] }));
  const opened = c.recs(['E23'], (p) => ({ user: p[0], uid: p[1] }));
  // root's failures are also folded into "message repeated N times" lines (one line, N failures): not asked
  const byUser = groupBy(failed, (r) => (r.f.user === 'root' ? undefined : r.f.user));
  b.each('user-failed-count', 'count', NEW_CAP, byUser, ['how many failed passwords were there for user {user}?', 'count of failed password attempts against account {user}', 'how many times did a password fail for {user}?'], (k) => ({ user: k }), (rs) => countOf(rs));
  b.one('top-failed-login-user', 'topk', ['which user name had the most failed logins (password or none)?', 'account with the most "Failed" login lines?'], topOf([...failed, ...failedNone], (r) => r.f.user));
  b.each('more-ip-count', 'count', NEW_CAP, groupBy(more, (r) => r.f.ip), ['how many "more authentication failures" reports were there for {ip}?', 'how many PAM "more authentication failures" lines name {ip}?'], (k) => ({ ip: k }), (rs) => countOf(rs));
  b.one('top-more-ip', 'topk', ['which rhost got the most "more authentication failures" reports?', 'which IP did PAM report "more authentication failures" for most often?'], topOf(more, (r) => r.f.ip));
  b.each('closed-user-count', 'count', 2, groupBy(closed, (r) => r.f.user), ['how many ssh sessions were closed for user {user}?'], (k) => ({ user: k }), (rs) => countOf(rs));
  b.each('opened-uid', 'lookup', 2, groupBy(opened, (r) => r.f.user), ['what uid opened the ssh session for {user}?'], (k) => ({ user: k }), (rs) => lookupOf(rs, (r) => r.f.uid, 'number'));
  const ipLines = mentions(c, IP_TOKEN);
  b.each('ip-lines-count', 'count', NEW_CAP, groupBy(ipLines, (r) => r.f.e), ['how many sshd log lines mention {ip}?', 'in how many lines does {ip} show up?'], (k) => ({ ip: k }), (rs) => countOf(rs));
  b.one('top-ip-lines', 'topk', ['which IP address shows up in the most sshd lines?', 'noisiest client IP in the ssh log?'], topOf(ipLines, (r) => r.f.e));
}

function hdfs(b: Builder): void {
  const c = corpus('HDFS', loadLines('HDFS'));
  const blocks = mentions(c, /blk_-?\d+/g);
  b.each('block-lines-count', 'count', NEW_CAP, groupBy(blocks, (r) => r.f.e), ['how many log lines mention {blk}?', 'in how many lines does {blk} appear?'], (k) => ({ blk: k }), (rs) => countOf(rs));
  b.one('top-block-lines', 'topk', ['which block appears in the most log lines?', 'block id mentioned most often?'], topOf(blocks, (r) => r.f.e));
  const ips = mentions(c, IP_TOKEN);
  b.each('ip-lines-count', 'count', NEW_CAP, groupBy(ips, (r) => r.f.e), ['how many lines mention datanode {ip}?', 'in how many log lines does {ip} appear?'], (k) => ({ ip: k }), (rs) => countOf(rs));
  b.one('top-ip-lines', 'topk', ['which datanode IP shows up in the most lines?'], topOf(ips, (r) => r.f.e));
  // "Receiving block ... src: /A dest: /B" and "Received block ... of size N from /A": one source, two templates
  const sources = c.recs(['E11', 'E12', 'E13'], (p, l) => ({ src: (l.event === 'E11' ? p[2] : p[1]).replace(/^\//, '').replace(/:\d+$/, '') }));
  b.each('source-lines-count', 'count', NEW_CAP, groupBy(sources, (r) => r.f.src), ['how many receiving or received block lines came from source {src}?'], (k) => ({ src: k }), (rs) => countOf(rs));
}

function zookeeper(b: Builder): void {
  const c = corpus('Zookeeper', loadLines('Zookeeper'));
  // "Closed socket connection for client /ip:port" with "(no session ...)" or "which had sessionid ..."
  const closed = c.recs(['E9', 'E10'], (p) => ({ ip: p[0] }));
  b.each('closed-client-count', 'count', NEW_CAP, groupBy(closed, (r) => r.f.ip), ['how many socket connections were closed for client {ip}?', 'count of closed socket connections for {ip}'], (k) => ({ ip: k }), (rs) => countOf(rs));
  b.one('top-closed-client', 'topk', ['which client had the most socket connections closed?', 'client IP whose socket connections were closed most often?'], topOf(closed, (r) => r.f.ip));
  const expiring = c.recs(['E15'], (p) => ({ session: p[0], ms: p[1] }));
  b.each('expire-timeout', 'lookup', NEW_CAP, groupBy(expiring, (r) => r.f.session), ['what timeout did session {session} exceed when it expired?', 'timeout in ms of session {session} when it expired?'], (k) => ({ session: k }), (rs) => lookupOf(rs, (r) => r.f.ms, 'number', 'ms'));
  const established = c.recs(['E13'], (p) => ({ session: p[0], timeout: p[1], ip: p[2] }));
  b.one('negotiated-max', 'max', ['highest negotiated session timeout?'], aggregate('max', established, num('timeout')));
  b.one('negotiated-min', 'min', ['lowest timeout negotiated for a session?'], aggregate('min', established, num('timeout')));
  const notif = c.recs(['E32', 'E33', 'E34', 'E35', 'E36', 'E37'], (p) => ({ leader: p[0], sid: p[3] }));
  b.one('top-notif-leader', 'topk', ['which leader did the election notifications name most often?'], topOf(notif, (r) => r.f.leader));
  const broken = c.recs(['E11'], (p) => ({ id: p[0], my: p[1] }));
  b.one('top-broken-id', 'topk', ['which peer id had its connection broken most often?'], topOf(broken, (r) => r.f.id));
  b.each('broken-peer-count', 'count', 2, groupBy(broken, (r) => r.f.id), ['how many times was the connection broken for id {id}?'], (k) => ({ id: k }), (rs) => countOf(rs));
  b.one('top-notif-sid', 'topk', ['which sid sent the most election notifications?'], topOf(notif, (r) => r.f.sid));
  const channel = c.recs(['E5'], (p) => ({ sid: p[0], addr: `${p[1]}:${p[2]}` }));
  b.each('sid-election-address', 'lookup', 2, groupBy(channel, (r) => r.f.sid), ['what election address does server {sid} have?'], (k) => ({ sid: k }), (rs) => lookupOf(rs, (r) => r.f.addr, 'span'));
  const ips = mentions(c, IP_TOKEN);
  b.each('ip-lines-count', 'count', NEW_CAP, groupBy(ips, (r) => r.f.e), ['how many zookeeper lines mention {ip}?'], (k) => ({ ip: k }), (rs) => countOf(rs));
}

function openstack(b: Builder): void {
  const c = corpus('OpenStack', loadLines('OpenStack'));
  const posts = c.recs(['E26'], (p) => ({ ip: p[0], path: p[1], status: p[2], len: p[3], time: `${p[4]}.${p[5]}` }));
  const deletes = c.recs(['E24'], (p) => ({ ip: p[0], path: p[1], status: p[2], len: p[3], time: `${p[4]}.${p[5]}` }));
  b.one('top-post-client', 'topk', ['which client IP made the most POST requests?', 'address that sent the most POSTs?'], topOf(posts, (r) => r.f.ip));
  b.one('top-delete-client', 'topk', ['which client IP sent the most DELETE requests?'], topOf(deletes, (r) => r.f.ip));
  b.one('post-len-max', 'max', ['largest len of a POST response?'], aggregate('max', posts, num('len')));
  b.one('delete-time-max', 'max', ['slowest DELETE request time?', 'longest time a DELETE request took?'], aggregate('max', deletes, num('time')));
  b.one('post-time-min', 'min', ['fastest POST request time?'], aggregate('min', posts, num('time')));
  const claims = c.recs(['E1'], (p) => ({ instance: p[0], mem: p[1], disk: p[2], vcpus: p[3] }));
  const byInstance = groupBy(claims, (r) => r.f.instance);
  b.each('claim-memory', 'lookup', NEW_CAP, byInstance, ['how much memory did instance {instance} claim?', 'memory in MB claimed by {instance}?'], (k) => ({ instance: k }), (rs) => lookupOf(rs, (r) => r.f.mem, 'number', 'MB'));
  b.each('claim-disk', 'lookup', 2, byInstance, ['how much disk did instance {instance} attempt to claim?'], (k) => ({ instance: k }), (rs) => lookupOf(rs, (r) => r.f.disk, 'number', 'GB'));
  const gets = c.recs(['E25'], (p) => ({ ip: p[0], path: p[1], status: p[2], len: p[3], time: `${p[4]}.${p[5]}` }));
  // "10.11.21.133,10.11.10.1": a forwarded request's client is the first address; 10.11.10.1, the
  // proxy every forwarded request also names, is not asked about (which of its lines count is unclear)
  const proxies = new Set(gets.flatMap((r) => r.f.ip.split(',').slice(1)));
  const byClient = groupBy(gets, (r) => (proxies.has(r.f.ip.split(',')[0]) ? undefined : r.f.ip.split(',')[0]));
  const ip = (k: string) => ({ ip: k });
  b.each('client-get-count', 'count', NEW_CAP, byClient, ['how many GET requests came from {ip}?'], ip, (rs) => countOf(rs));
  b.each('client-get-time-max', 'max', NEW_CAP, byClient, ['slowest GET request time for client {ip}?', 'longest time a GET from {ip} took?'], ip, (rs) => aggregate('max', rs, num('time')));
  b.each('client-get-len-sum', 'sum', NEW_CAP, byClient, ['total len of GET responses sent to {ip}?'], ip, (rs) => aggregate('sum', rs, num('len')));
  b.each('client-get-len-min', 'min', 2, byClient, ['smallest GET response len for client {ip}?'], ip, (rs) => aggregate('min', rs, num('len')));
  b.each('client-top-status', 'topk', 2, byClient, ['which status code did {ip} get most often?'], ip, (rs) => topOf(rs, (r) => r.f.status));
  const disk = c.recs(['E16'], (p) => ({ total: p[1], used: `${p[2]}.${p[3]}` }));
  b.one('disk-used-max', 'max', ['highest used disk in GB the claims reported?'], aggregate('max', disk, num('used'), 'GB'));
  const vcpu = c.recs(['E18'], (p) => ({ total: p[1], used: `${p[2]}.${p[3]}` }));
  b.one('vcpu-used-max', 'max', ['most vcpus used when an instance was claimed?'], aggregate('max', vcpu, num('used')));
  const inst = mentions(c, /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g);
  const instanceIds = new Set(claims.map((r) => r.f.instance));
  b.each('instance-lines-count', 'count', NEW_CAP, groupBy(inst.filter((r) => instanceIds.has(r.f.e)), (r) => r.f.e), ['how many log lines mention instance {instance}?'], (k) => ({ instance: k }), (rs) => countOf(rs));
}

function hadoop(b: Builder): void {
  const c = corpus('Hadoop', loadLines('Hadoop'));
  const counters = (l: { content: string }) => Object.fromEntries([...l.content.matchAll(/(\w+):(\d+)/g)].map((m) => [m[1], m[2]]));
  const after = c.recs(['E11'], (_p, l) => counters(l));
  const before = c.recs(['E24'], (_p, l) => counters(l));
  b.one('after-assigned-maps-max', 'max', ['highest AssignedMaps after scheduling?', 'peak number of assigned maps in the After Scheduling lines?'], aggregate('max', after, num('AssignedMaps')));
  b.one('after-completed-maps-max', 'max', ['most CompletedMaps reported after scheduling?'], aggregate('max', after, num('CompletedMaps')));
  b.one('before-scheduled-maps-min', 'min', ['lowest ScheduledMaps before scheduling?'], aggregate('min', before, num('ScheduledMaps')));
  b.one('after-cont-alloc-max', 'max', ['highest ContAlloc after scheduling?'], aggregate('max', after, num('ContAlloc')));
  const attempts = mentions(c, /attempt_\d+_\d+_[mr]_\d+_\d+/g);
  b.each('attempt-lines-count', 'count', NEW_CAP, groupBy(attempts, (r) => r.f.e), ['how many log lines mention {attempt}?', 'in how many lines does {attempt} appear?'], (k) => ({ attempt: k }), (rs) => countOf(rs));
  b.one('top-attempt-lines', 'topk', ['which task attempt shows up in the most log lines?'], topOf(attempts, (r) => r.f.e));
}

function spark(b: Builder): void {
  const c = corpus('Spark', loadLines('Spark'));
  const finished = c.recs(['E9'], (p) => ({ task: p[0], stage: p[1], tid: p[2] }));
  b.each('tid-stage', 'lookup', NEW_CAP, groupBy(finished, (r) => r.f.tid), ['which stage did TID {tid} finish in?', 'stage of the task with TID {tid}?'], (k) => ({ tid: k }), (rs) => lookupOf(rs, (r) => r.f.stage, 'number'));
  const executors = c.recs(['E30'], (p) => ({ id: p[0], host: p[1] }));
  const byStage = groupBy(finished, (r) => r.f.stage);
  b.each('stage-tid-max', 'max', NEW_CAP, byStage, ['highest TID that finished in stage {stage}?', 'largest TID of a finished task in stage {stage}?'], (k) => ({ stage: k }), (rs) => aggregate('max', rs, num('tid')));
  b.each('stage-tid-min', 'min', NEW_CAP, byStage, ['lowest TID finished in stage {stage}?'], (k) => ({ stage: k }), (rs) => aggregate('min', rs, num('tid')));
  b.each('executor-host', 'lookup', 2, groupBy(executors, (r) => r.f.id), ['which host did executor {id} start on?'], (k) => ({ id: k }), (rs) => lookupOf(rs, (r) => r.f.host, 'span'));
}

function thunderbird(b: Builder): void {
  const c = corpus('Thunderbird', loadLines('Thunderbird'));
  const mail = c.recs(['E15'], (p) => ({ size: p[1], nrcpts: p[3] }));
  b.one('mail-size-max', 'max', ['largest message size sendmail logged?', 'biggest mail from root, by size?'], aggregate('max', mail, num('size')));
  b.one('mail-size-min', 'min', ['smallest size in the sendmail from=root lines?'], aggregate('min', mail, num('size')));
  const temp = c.recs(['E34'], (p) => ({ from: p[0], to: p[1] }));
  b.one('temp-to-max', 'max', ['highest temperature /dev/sda changed to?'], aggregate('max', temp, num('to')));
  const ack = c.recs(['E35'], (p) => ({ ip: p[0], mac: p[1] }));
  b.each('ack-ip', 'lookup', NEW_CAP, groupBy(ack, (r) => r.f.mac), ['which IP did DHCPACK give to {mac}?', 'address acknowledged to {mac}?'], (k) => ({ mac: k }), (rs) => lookupOf(rs, (r) => r.f.ip, 'span'));
  const requests = c.recs(['E39', 'E40'], (p) => ({ mac: p[2] }));
  b.one('top-ack-mac', 'topk', ['which MAC address got the most DHCPACKs?'], topOf(ack, (r) => r.f.mac));
  b.one('top-request-mac', 'topk', ['which MAC address sent the most DHCPREQUESTs?'], topOf(requests, (r) => r.f.mac));
}

function linux(b: Builder): void {
  const c = corpus('Linux', loadLines('Linux'));
  // klogind "Authentication failed from <host> (<ip>)": two kinds of line, one host
  const klog = c.recs(['E13', 'E14'], (p) => ({ host: p[0], ip: p[1] }));
  b.one('top-klogind-host', 'topk', ['which host had the most klogind authentication failures?'], topOf(klog, (r) => r.f.host));
  b.each('klogind-ip-count', 'count', NEW_CAP, groupBy(klog, (r) => r.f.ip), ['how many klogind authentication failures came from {ip}?'], (k) => ({ ip: k }), (rs) => countOf(rs));
  const closed = c.recs(['E101'], (p) => ({ user: p[0] }));
  b.each('closed-user-count', 'count', 2, groupBy(closed, (r) => r.f.user), ['how many sessions were closed for user {user}?'], (k) => ({ user: k }), (rs) => countOf(rs));
  const ips = mentions(c, IP_TOKEN);
  b.one('top-ip-lines', 'topk', ['which IP address appears in the most Linux log lines?'], topOf(ips, (r) => r.f.e));
  const ftp = c.recs(['E29'], (p) => ({ ip: p[0], host: p[1] }));
  b.each('ftp-host-count', 'count', 2, groupBy(ftp, (r) => (r.f.host ? r.f.host : undefined)), ['how many ftp connections came from host {host}?'], (k) => ({ host: k }), (rs) => countOf(rs));
}

function proxifier(b: Builder): void {
  const c = corpus('Proxifier', loadLines('Proxifier'));
  // every Proxifier line names its target host:port; the program comes from the header
  const targets = mentions(c, /(?<![\w.-])[\w.-]+\.[a-z]{2,}:\d{2,5}(?![\w])/g);
  const closed = c.recs(['E8'], (_p, l) => {
    const m = /^(\S+) close, (\d+) bytes(?: \([^)]*\))? sent, (\d+) bytes(?: \([^)]*\))? received, lifetime (.+)$/.exec(l.content);
    return m ? { target: m[1], sent: m[2], recv: m[3], program: l.h.Program } : null;
  });
  const byProgram = groupBy(closed, (r) => r.f.program);
  const program = (k: string) => ({ program: k });
  b.each('program-sent-sum', 'sum', 2, byProgram, ['total bytes sent by {program} through the proxy?', 'how many bytes did {program} upload altogether?'], program, (rs) => aggregate('sum', rs, num('sent'), 'B'));
  b.each('program-recv-max', 'max', 2, byProgram, ['largest download by {program} in one connection?'], program, (rs) => aggregate('max', rs, num('recv'), 'B'));
  b.each('program-sent-min', 'min', 2, byProgram, ['fewest bytes {program} sent in one connection?'], program, (rs) => aggregate('min', rs, num('sent'), 'B'));
  b.each('target-lines-count', 'count', 2, groupBy(targets, (r) => r.f.e), ['how many proxy log lines mention {target}?'], (k) => ({ target: k }), (rs) => countOf(rs));
}

export function newFamilies(): Family[] {
  const defs: [string, (b: Builder) => void][] = [
    ['OpenSSH', openssh],
    ['HDFS', hdfs],
    ['Zookeeper', zookeeper],
    ['OpenStack', openstack],
    ['Hadoop', hadoop],
    ['Spark', spark],
    ['Thunderbird', thunderbird],
    ['Linux', linux],
    ['Proxifier', proxifier],
  ];
  return familiesOf(defs, 'x4');
}

/**
 * dev-extra4 rows and their JSONL text. `earlier`: the dev-extra2 and dev-extra3 rows (their
 * questions are not asked again, their entities come last).
 */
export function generateExtra4(g: Generated, earlier: QaRow[]): { rows: QaRow[]; text: string } {
  return drawExtra(g, earlier, { stream: 'extra4', idPrefix: 'qw', families: newFamilies() });
}
