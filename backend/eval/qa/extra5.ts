// dev-extra5 (backend/eval/qa/dev-extra5.jsonl): a fifth held-in set for round 5 of issue #12,
// written before any round-5 change and scored on the code as it was. Four rounds of planner rules
// lifted their own sets and left the test split where it was; this set asks what a slot key should
// carry in every kind of line: the ENTITY a question names by its kind ("which user", "which
// host", "what port", "which client IP", "which node"), wherever the line writes it:
//  - after a preposition ("for root from", "connection from <ip> (<host>)"), as `key=` (rhost=,
//    user=), inside an address (`/ip:port`, `host:port`), or in a header field (a node, a host);
//  - rankings (which user / host / node / IP has the most ...), look-ups of one entity by another
//    (the host name of an IP, the client of a session, the port of a server), and min/max/sum over
//    a number named by its kind ("lowest port", "total failures on node ...").
// Answers from each `_structured.csv` only (never product code), with generate.ts's align and
// ambiguity rules: no tie at the top, one value per look-up, values that differ for max/min, two
// lines or more for a sum. Its own PRNG streams ('extra5:'), so every other file stays
// byte-identical. It refuses (throws) a question that repeats an earlier set's or asks what a test
// question asks (same kind, system, answer and lines): test rows are read only as data, in memory.
import { join } from 'node:path';
import { aggregate, Builder, corpus, groupBy, loadLines, lookupOf, QA_DIR, topOf, type Corpus, type Family, type Generated, type QaRow, type Rec } from './generate.js';
import { drawExtra, familiesOf } from './draw.js';

export const DEV_EXTRA5_FILE = join(QA_DIR, 'dev-extra5.jsonl');

/** Questions drawn per family with an entity (several entities each, bounded so no family dominates). */
const NEW_CAP = 3;

const num = (k: string) => (r: Rec) => Number(r.f[k]);
/** "/10.10.34.11:52139" or "10.10.34.11:52139" -> [ip, port]. */
const ipPort = (s: string): [string, string] => {
  const m = /^\/?(\d{1,3}(?:\.\d{1,3}){3}):(\d+)$/.exec(s.trim());
  if (!m) throw new Error(`not ip:port: ${s}`);
  return [m[1], m[2]];
};

function openssh(b: Builder): void {
  const c = corpus('OpenSSH', loadLines('OpenSSH'));
  const accepted = c.recs(['E1'], (p) => ({ user: p[0], ip: p[1], port: p[2] }));
  b.one('top-accepted-user', 'topk', ['which user logged in with an accepted password most often?', 'which account had the most successful password logins?'], topOf(accepted, (r) => r.f.user));
  b.each('accepted-ip-user', 'lookup', NEW_CAP, groupBy(accepted, (r) => r.f.ip), ['which user logged in from {ip}?', 'which account was a password accepted for from {ip}?'], (k) => ({ ip: k }), (rs) => lookupOf(rs, (r) => r.f.user, 'span'));
  b.each('accepted-ip-port', 'lookup', 2, groupBy(accepted, (r) => r.f.ip), ['what port did the accepted login from {ip} come from?'], (k) => ({ ip: k }), (rs) => lookupOf(rs, (r) => r.f.port, 'number'));
  const failed = c.recs(['E9', 'E10'], (p) => ({ user: p[0], ip: p[1], port: p[2] }));
  const byIp = groupBy(failed, (r) => r.f.ip);
  b.each('failed-port-min', 'min', 4, byIp, ['lowest source port {ip} used for a failed password?', 'smallest port number of a failed password from {ip}?'], (k) => ({ ip: k }), (rs) => aggregate('min', rs, num('port')));
  b.each('failed-port-max', 'max', 3, byIp, ['highest port a failed password from {ip} came from?'], (k) => ({ ip: k }), (rs) => aggregate('max', rs, num('port')));
  const opened = c.recs(['E23'], (p) => ({ user: p[0] }));
  b.one('top-session-user', 'topk', ['which user had the most ssh sessions opened?'], topOf(opened, (r) => r.f.user));
  const pam = c.recs(['E19', 'E20'], (p, l) => ({ rhost: p[2], user: l.event === 'E20' ? p[3] : '' }));
  b.one('top-rhost-authfail', 'topk', ['which remote host had the most pam authentication failures?', 'which rhost shows up in the most authentication failure lines?'], topOf(pam, (r) => r.f.rhost));
  b.each('user-rhost-top', 'topk', 2, groupBy(pam, (r) => r.f.user || undefined), ['which host did user {user} fail to authenticate from most often?'], (k) => ({ user: k }), (rs) => topOf(rs, (r) => r.f.rhost));
  b.each('failed-ip-user', 'lookup', NEW_CAP, byIp, ['which user name did {ip} fail a password for?', 'what account did {ip} get a failed password on?'], (k) => ({ ip: k }), (rs) => lookupOf(rs, (r) => r.f.user, 'span'));
  b.each('failed-user-port-min', 'min', 2, groupBy(failed, (r) => r.f.user), ['lowest port a failed password for {user} came from?'], (k) => ({ user: k }), (rs) => aggregate('min', rs, num('port')));
  const invalid = c.recs(['E13'], (p) => ({ user: p[0], ip: p[1] }));
  b.each('invalid-ip-user', 'lookup', NEW_CAP, groupBy(invalid, (r) => r.f.ip), ['which invalid user name came from {ip}?'], (k) => ({ ip: k }), (rs) => lookupOf(rs, (r) => r.f.user, 'span'));
}

function linux(b: Builder): void {
  const c = corpus('Linux', loadLines('Linux'));
  const ftp = c.recs(['E29'], (p) => ({ ip: p[0], host: p[1] }));
  const named = ftp.filter((r) => r.f.host);
  b.one('top-ftp-host', 'topk', ['which host name opened the most ftp connections?', 'which remote host connected to ftpd most often?'], topOf(named, (r) => r.f.host));
  b.each('ftp-host-ip', 'lookup', 4, groupBy(named, (r) => r.f.host), ['what IP address does ftp client host {host} have?', 'which IP did {host} connect to ftp from?'], (k) => ({ host: k }), (rs) => lookupOf(rs, (r) => r.f.ip, 'span'));
  b.each('ftp-ip-host', 'lookup', 4, groupBy(named, (r) => r.f.ip), ['which host name did the ftp connection from {ip} resolve to?', 'what host is {ip} in the ftp connection lines?'], (k) => ({ ip: k }), (rs) => lookupOf(rs, (r) => r.f.host, 'span'));
  const opened = c.recs(['E102', 'E103'], (p) => ({ user: p[0] }));
  b.one('top-session-user', 'topk', ['which user had the most sessions opened?'], topOf(opened, (r) => r.f.user));
  // "user=guest", "user=root", "user=test": LogHub writes the user as constant text in three templates; one slot to a reader
  const authfail = c.recs(['E16', 'E17', 'E18', 'E19'], (p, l) => ({ rhost: p[0], user: /\buser=(\S+)/.exec(l.content)?.[1] ?? '' }));
  b.one('top-authfail-user', 'topk', ['which user had the most authentication failures?', 'account named in the most authentication failure lines?'], topOf(authfail, (r) => r.f.user || undefined));
  b.one('top-authfail-rhost', 'topk', ['which remote host caused the most authentication failures?'], topOf(authfail, (r) => r.f.rhost));
  b.each('authfail-rhost-user', 'topk', 2, groupBy(authfail, (r) => r.f.rhost), ['which user did {rhost} fail to authenticate as most often?'], (k) => ({ rhost: k }), (rs) => topOf(rs, (r) => r.f.user || undefined));
  const klog = c.recs(['E13', 'E14'], (p) => ({ host: p[0], ip: p[1] }));
  b.each('klog-ip-host', 'lookup', 2, groupBy(klog.filter((r) => r.f.host !== r.f.ip), (r) => r.f.ip), ['which host name goes with the klogind failures from {ip}?'], (k) => ({ ip: k }), (rs) => lookupOf(rs, (r) => r.f.host, 'span'));
}

function zookeeper(b: Builder): void {
  const c = corpus('Zookeeper', loadLines('Zookeeper'));
  const established = c.recs(['E13'], (p) => {
    const [ip, port] = ipPort(`${p[2]}:${p[3]}`);
    return { session: p[0], ip, port };
  });
  const bySession = groupBy(established, (r) => r.f.session);
  b.each('session-client-ip', 'lookup', 5, bySession, ['which client IP was session {session} established for?', 'client address of session {session}?'], (k) => ({ session: k }), (rs) => lookupOf(rs, (r) => r.f.ip, 'span'));
  b.each('session-client-port', 'lookup', 5, bySession, ['what port was session {session} established for?', 'which client port did session {session} get?'], (k) => ({ session: k }), (rs) => lookupOf(rs, (r) => r.f.port, 'number'));
  const accepted = c.recs(['E2'], (p) => {
    const [ip, port] = ipPort(`${p[0]}:${p[1]}`);
    return { ip, port };
  });
  const byIp = groupBy(accepted, (r) => r.f.ip);
  b.one('top-accepted-ip', 'topk', ['which client IP had the most socket connections accepted?'], topOf(accepted, (r) => r.f.ip));
  b.each('accepted-port-min', 'min', NEW_CAP, byIp, ['lowest port a socket connection from {ip} was accepted on?', 'smallest client port of an accepted connection from {ip}?'], (k) => ({ ip: k }), (rs) => aggregate('min', rs, num('port')));
  b.each('accepted-port-max', 'max', 2, byIp, ['highest port of an accepted socket connection from {ip}?'], (k) => ({ ip: k }), (rs) => aggregate('max', rs, num('port')));
  const channel = c.recs(['E5'], (p) => {
    const [, port] = ipPort(`${p[1]}:${p[2]}`);
    return { sid: p[0], port };
  });
  b.each('sid-election-port', 'lookup', 2, groupBy(channel, (r) => r.f.sid), ['what port is the election address of server {sid} on?'], (k) => ({ sid: k }), (rs) => lookupOf(rs, (r) => r.f.port, 'number'));
  const closed = c.recs(['E9', 'E10'], (p) => {
    const [ip, port] = ipPort(`${p[0]}:${p[1]}`);
    return { ip, port };
  });
  b.each('closed-port-min', 'min', 2, groupBy(closed, (r) => r.f.ip), ['lowest client port of a closed socket connection for {ip}?'], (k) => ({ ip: k }), (rs) => aggregate('min', rs, num('port')));
  const requests = c.recs(['E40'], (p) => {
    const [ip, port] = ipPort(`${p[0]}:${p[1]}`);
    return { ip, port };
  });
  b.each('request-port-max', 'max', 2, groupBy(requests, (r) => r.f.ip), ['highest port a connection request from {ip} came from?'], (k) => ({ ip: k }), (rs) => aggregate('max', rs, num('port')));
  const renew = c.recs(['E8'], (p) => {
    const [ip] = ipPort(`${p[1]}:${p[2]}`);
    return { session: p[0], ip };
  });
  b.each('renew-session-ip', 'lookup', 2, groupBy(renew, (r) => r.f.session), ['which client IP tried to renew session {session}?'], (k) => ({ session: k }), (rs) => lookupOf(rs, (r) => r.f.ip, 'span'));
}

function hadoop(b: Builder): void {
  const c = corpus('Hadoop', loadLines('Hadoop'));
  const failures = c.recs(['E1'], (p) => ({ n: p[0], node: `MININT-${p[1]}` }));
  const byNode = groupBy(failures, (r) => r.f.node);
  b.each('node-failures-sum', 'sum', NEW_CAP, byNode, ['total failures reported on node {node}?', 'how many failures altogether on node {node}?'], (k) => ({ node: k }), (rs) => aggregate('sum', rs, num('n')));
  b.each('node-failures-max', 'max', 2, byNode, ['highest failure count reported for node {node}?'], (k) => ({ node: k }), (rs) => aggregate('max', rs, num('n')));
  b.one('top-failure-node', 'topk', ['which node had failures reported most often?'], topOf(failures, (r) => r.f.node));
  const retry = c.recs(['E91'], (p) => ({ host: p[0], port: p[1], tried: p[2] }));
  b.one('top-retry-server', 'topk', ['which server did it retry connecting to most often?', 'host with the most "Retrying connect to server" lines?'], topOf(retry, (r) => r.f.host));
  b.each('retry-server-port', 'lookup', 2, groupBy(retry, (r) => r.f.host), ['on what port did it retry connecting to server {host}?'], (k) => ({ host: k }), (rs) => lookupOf(rs, (r) => r.f.port, 'number'));
  b.each('retry-server-tried-max', 'max', 2, groupBy(retry, (r) => r.f.host), ['most times already tried when retrying server {host}?'], (k) => ({ host: k }), (rs) => aggregate('max', rs, num('tried')));
  const rm = c.recs(['E27'], (p) => ({ host: p[0], ip: p[1], port: p[2] }));
  b.one('rm-port', 'lookup', ['what port is the ResourceManager at?'], lookupOf(rm, (r) => r.f.port, 'number'));
}

function spark(b: Builder): void {
  const c = corpus('Spark', loadLines('Spark'));
  const executors = c.recs(['E30'], (p) => ({ id: p[0], host: p[1] }));
  b.one('top-executor-host', 'topk', ['which host started the most executors?'], topOf(executors, (r) => r.f.host));
  const services = c.recs(['E33', 'E34'], (p) => ({ port: p[0] }));
  b.one('service-port-min', 'min', ['lowest port a service started on?'], aggregate('min', services, num('port')));
  b.one('service-port-max', 'max', ['highest port a service successfully started on?'], aggregate('max', services, num('port')));
}

function thunderbird(b: Builder): void {
  const c = corpus('Thunderbird', loadLines('Thunderbird'));
  const requests = c.recs(['E39', 'E40'], (p) => ({ ip: p[0], server: p[1], mac: p[2] }));
  b.one('top-request-ip', 'topk', ['which IP address was asked for in the most DHCPREQUESTs?'], topOf(requests, (r) => r.f.ip));
  b.each('request-mac-ip', 'lookup', 2, groupBy(requests, (r) => r.f.mac), ['which IP address did {mac} request?'], (k) => ({ mac: k }), (rs) => lookupOf(rs, (r) => r.f.ip, 'span'));
  const closed = c.recs(['E117'], () => ({}));
  b.one('top-closed-host', 'topk', ['which host logged the most "session closed for user root" lines?'], topOf(closed, (r) => r.line.h.User));
  hostEvents(b, c, 'User', ['which host logged the most "{event}" lines?', 'host with the most "{event}" messages?']);
  const acks = c.recs(['E35'], (p) => ({ ip: p[0], mac: p[1] }));
  b.each('ack-ip-mac', 'lookup', NEW_CAP, groupBy(acks, (r) => r.f.ip), ['which MAC address was given {ip} in a DHCPACK?'], (k) => ({ ip: k }), (rs) => lookupOf(rs, (r) => r.f.mac, 'span'));
}

/** Shortest constant text an event is quoted by (a shorter prefix names too many kinds of line). */
const MIN_EVENT_TEXT = 12;
/** Lines an event needs before "which host logged it most" means something. */
const MIN_EVENT_LINES = 4;

/**
 * "Which host/node logged the most '<event>' lines?" for every event whose template starts with a
 * constant text: the machine is the log's header field (`column`), the same entity in every kind of line.
 */
function hostEvents(b: Builder, c: Corpus, column: string, say: string[]): void {
  const byEvent = groupBy(
    c.lines.map((line) => ({ line, f: {} })),
    (r) => r.line.event,
  );
  const groups = new Map<string, Rec[]>();
  for (const rs of byEvent.values()) {
    const text = rs[0].line.template.split('<*>')[0].replace(/[\s:;,.(\[=-]+$/, '').trim();
    // quoted as a reader quotes a message: from its first word, without quotes of its own
    if (text.length < MIN_EVENT_TEXT || !/^[A-Za-z]/.test(text) || text.includes('"') || rs.length < MIN_EVENT_LINES) continue;
    // the text must be in this event's lines only, else the question names several kinds
    if (c.lines.some((l) => l.event !== rs[0].line.event && l.content.includes(text))) continue;
    groups.set(text, rs);
  }
  b.each('host-event-top', 'topk', 4, groups, say, (k) => ({ event: k }), (rs) => topOf(rs, (r) => r.line.h[column]));
}

function hpc(b: Builder): void {
  const c = corpus('HPC', loadLines('HPC'));
  const available = c.recs(['E28', 'E29', 'E30'], (p) => ({ node: `node-${p[0]}` }));
  b.one('top-available-node', 'topk', ['which node detected an available network connection most often?'], topOf(available, (r) => r.f.node));
  const unavailable = c.recs(['E13'], () => ({}));
  b.one('top-unavailable-node', 'topk', ['which node had the most components change to the unavailable state?'], topOf(unavailable, (r) => r.line.h.Node));
  hostEvents(b, c, 'Node', ['which node logged the most "{event}" lines?', 'node with the most "{event}" messages?']);
}

function bgl(b: Builder): void {
  const c = corpus('BGL', loadLines('BGL'));
  const parity = c.recs(['E77'], () => ({}));
  b.one('top-parity-node', 'topk', ['which node logged the most "instruction cache parity error corrected" lines?'], topOf(parity, (r) => r.line.h.Node));
  hostEvents(b, c, 'Node', ['which node logged the most "{event}" lines?', 'node reporting "{event}" most often?']);
}

function mac(b: Builder): void {
  const c = corpus('Mac', loadLines('Mac'));
  hostEvents(b, c, 'User', ['which host logged the most "{event}" lines?', 'which machine wrote "{event}" most often?']);
}

function apache(b: Builder): void {
  const c = corpus('Apache', loadLines('Apache'));
  const denied = c.recs(['E4'], (p) => ({ ip: p[0], rule: p[1] }));
  b.each('client-rule', 'lookup', 2, groupBy(denied, (r) => r.f.ip), ['which rule path was client {ip} denied a directory index by?'], (k) => ({ ip: k }), (rs) => lookupOf(rs, (r) => r.f.rule, 'span'));
}

function proxifier(b: Builder): void {
  const c = corpus('Proxifier', loadLines('Proxifier'));
  const closed = c.recs(['E8'], (_p, l) => {
    const m = /^(\S+) close, (\d+) bytes(?: \([^)]*\))? sent, (\d+) bytes(?: \([^)]*\))? received, lifetime (.+)$/.exec(l.content);
    return m ? { target: m[1], sent: m[2], recv: m[3] } : null;
  });
  const byTarget = groupBy(closed, (r) => r.f.target);
  b.each('target-recv-max', 'max', 3, byTarget, ['largest number of bytes received from host {target} in one connection?'], (k) => ({ target: k }), (rs) => aggregate('max', rs, num('recv'), 'B'));
  b.each('target-sent-sum', 'sum', 3, byTarget, ['total bytes sent to host {target}?', 'how many bytes went out to {target} altogether?'], (k) => ({ target: k }), (rs) => aggregate('sum', rs, num('sent'), 'B'));
  b.each('target-recv-sum', 'sum', 4, byTarget, ['total bytes received from host {target}?', 'how many bytes came back from {target} altogether?'], (k) => ({ target: k }), (rs) => aggregate('sum', rs, num('recv'), 'B'));
  b.each('target-sent-min', 'min', 3, byTarget, ['fewest bytes sent to host {target} in one connection?'], (k) => ({ target: k }), (rs) => aggregate('min', rs, num('sent'), 'B'));
}

export function newFamilies(): Family[] {
  const defs: [string, (b: Builder) => void][] = [
    ['OpenSSH', openssh],
    ['Linux', linux],
    ['Zookeeper', zookeeper],
    ['Hadoop', hadoop],
    ['Spark', spark],
    ['Thunderbird', thunderbird],
    ['HPC', hpc],
    ['BGL', bgl],
    ['Apache', apache],
    ['Proxifier', proxifier],
    ['Mac', mac],
  ];
  return familiesOf(defs, 'x5');
}

/**
 * dev-extra5 rows and their JSONL text. `earlier`: the dev-extra2, dev-extra3 and dev-extra4 rows
 * (their questions are not asked again, their entities come last).
 */
export function generateExtra5(g: Generated, earlier: QaRow[]): { rows: QaRow[]; text: string } {
  return drawExtra(g, earlier, { stream: 'extra5', idPrefix: 'qv', families: newFamilies() });
}
