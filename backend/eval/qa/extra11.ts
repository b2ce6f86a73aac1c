// dev-extra11 (backend/eval/qa/dev-extra11.jsonl) and its holdout (dev-extra11-holdout.jsonl): round 11
// of the question rounds, WHOLE-LOG questions. Round 10 found that about a third of the test split comes
// from generate.ts families with one candidate (one question over a whole log: "which X appears most",
// "total Y", "largest Z") in families no dev set asks, and a dev-side probe of such questions scores like
// test (0.890 / ~0.94), not like the dev sets. This set asks NEW whole-log families, picked by reading the
// LogHub-2k logs: a slot of a known line kind nobody asks (HDFS `src:` beside the asked `dest:`, Zookeeper
// election addresses beside the asked sids, Proxifier bytes sent beside the asked bytes received), or
// another line kind of a log (BGL per-rank ddr lines beside the asked "total of N ddr error(s)", Spark
// result bytes, OpenStack deallocation times). Weighted to topk and sum.
//
// Each family is asked in several phrasings: generate.ts's own phrasing patterns ("which X had the most
// Y?", "Which X has the most "Z" lines?", "top X by Y?", "most Y came from which X", "what is the total
// ...?", "Total of the ... values?", "sum of ...", "... added up?") and on-call wordings, rendered by
// generate.ts's `render` (lowercase, question mark, system mention). Answers from each `_structured.csv`
// only (generate.ts's align, no tie at the top, values that differ for max/min, two lines or more for a
// sum), never from product code.
//
// Refusals, so no test question is asked twice: a question text an earlier set asks; a family whose
// answer signature (kind, system, answer and lines) a test row or an earlier row has; a family for which
// a test row of the same system and kind has the same answer value or the same lines (the same slot of
// the same kind of line, read in memory only, never printed). Its own PRNG streams ('extra11:'), so every
// other file stays byte-identical; one row in four of each kind goes, by extra9/extra10's seeded hash of
// its id, to the holdout, never tuned on and scored once at the end.
import { join } from 'node:path';
import { aggregate, Builder, corpus, countOf, generate, loadLines, QA_DIR, render, topOf, withSplit, type Candidate, type Family, type Generated, type Kind, type QaRow, type Rec } from './generate.js';
import { answerKey, familiesOf, splitHoldout, writeSet } from './draw.js';
import { earlierRows as beforeExtra10, generateExtra10 } from './extra10.js';

export const DEV_EXTRA11_FILE = join(QA_DIR, 'dev-extra11.jsonl');
export const DEV_EXTRA11_HOLDOUT_FILE = join(QA_DIR, 'dev-extra11-holdout.jsonl');

/** Phrasings asked per family, by kind: most for topk and sum (test's weakest: topk 0.667, sum 0.727). */
const PER_FAMILY: Record<Kind, number> = { topk: 4, sum: 4, max: 3, min: 3, count: 2, lookup: 3, avg: 2, first: 2, last: 2 };
/** One in this many rows of each kind goes to the holdout (scored once, at the end). */
const HOLDOUT_EVERY = 4;

const num = (k: string) => (r: Rec) => Number(r.f[k]);

function hdfs(b: Builder): void {
  const c = corpus('HDFS', loadLines('HDFS'));
  // Receiving block blk_<*> src: /<*>:<*> dest: /<*>:<*>   (dest is asked by generate.ts; src is not)
  const recv = c.recs(['E13'], (p) => ({ src: p[1] }));
  b.one('top-src', 'topk', ['which source IP sent the most blocks?', 'Which src appears most in "Receiving block" lines?', 'top sending node by blocks?', 'most blocks were received from which src ip'], topOf(recv, (r) => r.f.src));
  // Received block blk_<*> of size <*> from /<*>; E12 is the same receive written with src/dest (generate.ts reads both)
  const got = c.recs(['E11', 'E12'], (p, l) => ({ size: l.event === 'E11' ? p[1] : p[5] }));
  b.one('received-size-sum', 'sum', ['what is the total size of all blocks received?', 'Total bytes of the "Received block" lines?', 'sum of received block sizes', 'all received block sizes added up (bytes)?'], aggregate('sum', got, num('size'), 'B'));
  b.one('received-size-max', 'max', ['what is the largest block received?', 'Max size in the "Received block ... of size" lines?', 'biggest block received, in bytes'], aggregate('max', got, num('size'), 'B'));
  // BLOCK* NameSystem.addStoredBlock: blockMap updated: <*>:<*> is added to blk_<*> size <*>
  const added = c.recs(['E6'], (p) => ({ size: p[3] }));
  b.one('added-size-min', 'min', ['what is the smallest block added to the blockMap?', 'Min size of a block in the addStoredBlock lines?', 'smallest blockMap update size in bytes'], aggregate('min', added, num('size'), 'B'));
  b.one('added-size-sum', 'sum', ['what is the total size of the blocks added to the blockMap?', 'Total bytes in the addStoredBlock updates?', 'sum of block sizes added to the blockMap', 'all blockMap update sizes added up'], aggregate('sum', added, num('size'), 'B'));
  // BLOCK* NameSystem.delete: blk_<*> is added to invalidSet of <*>:<*>
  const invalid = c.recs(['E8'], (p) => ({ node: `${p[1]}:${p[2]}` }));
  b.one('top-invalid-node', 'topk', ['which datanode had the most blocks added to its invalidSet?', 'Which node appears most in the "added to invalidSet" lines?', 'top datanode by invalidated blocks?', 'most blocks were invalidated on which datanode'], topOf(invalid, (r) => r.f.node));
  // PacketResponder <*> for block blk_<*> terminating
  const responder = c.recs(['E10'], (p) => ({ n: p[0] }));
  b.one('top-responder', 'topk', ['which PacketResponder terminated the most?', 'Which PacketResponder number has the most "terminating" lines?', 'top packet responder by terminations?'], topOf(responder, (r) => r.f.n));
}

function openssh(b: Builder): void {
  const c = corpus('OpenSSH', loadLines('OpenSSH'));
  // error: Received disconnect from <*>: <*>: No more user authentication methods available. [preauth]
  const noMore = c.recs(['E7'], (p) => ({ ip: p[0] }));
  b.one('top-no-more-methods', 'topk', ['which IP ran out of user authentication methods most often?', 'Which address has the most "No more user authentication methods available" lines?', 'top IP by no more authentication methods?', 'most "no more user authentication methods" disconnects came from which IP'], topOf(noMore, (r) => r.f.ip));
  // reverse mapping checking getaddrinfo for <*> [<*>] failed - POSSIBLE BREAK-IN ATTEMPT!   (the IP is asked; the host name is not)
  const breakin = c.recs(['E27'], (p) => ({ host: p[0] }));
  b.one('top-breakin-host', 'topk', ['which host name failed reverse mapping the most?', 'Which hostname has the most POSSIBLE BREAK-IN ATTEMPT warnings?', 'top reverse-mapped host name for break-in attempts?'], topOf(breakin, (r) => r.f.host));
  // Failed password for [invalid user] <*> from <*> port <*> ssh2
  const failed = c.recs(['E9', 'E10'], (p) => ({ port: p[2] }));
  b.one('failed-port-max', 'max', ['what is the highest source port of a failed password?', 'Max port in the "Failed password" lines?', 'largest client port a failed password came from'], aggregate('max', failed, num('port')));
  b.one('failed-port-min', 'min', ['what is the lowest source port of a failed password?', 'Min port in the "Failed password" lines?', 'smallest client port a failed password came from'], aggregate('min', failed, num('port')));
  // Did not receive identification string from <*>
  const noIdent = c.recs(['E3'], (p) => ({ ip: p[0] }));
  b.one('top-no-ident', 'topk', ['which IP sent no identification string most often?', 'Which address has the most "Did not receive identification string" lines?', 'top IP by missing identification strings?', 'most missing identification strings came from which IP'], topOf(noIdent, (r) => r.f.ip));
  // pam_unix(sshd:auth): authentication failure; ... rhost=<*>   (no user= on the line; the kind with a user is asked)
  const anon = c.recs(['E19'], (p) => ({ rhost: p[2] }));
  b.one('top-anon-rhost', 'topk', ['which rhost had the most authentication failures with no user named?', 'top rhost in the pam authentication failures without a user?', 'most user-less pam auth failures came from which rhost'], topOf(anon, (r) => r.f.rhost));
  // PAM service(sshd) ignoring max retries; <*> > <*>
  const retries = c.recs(['E18'], (p) => ({ n: p[0] }));
  b.one('retries-sum', 'sum', ['what do the "ignoring max retries" counts add up to?', 'Total of the retry counts PAM logged when ignoring max retries?', 'sum of the ignoring max retries counts'], aggregate('sum', retries, num('n')));
}

function spark(b: Builder): void {
  const c = corpus('Spark', loadLines('Spark'));
  // Finished task <*> in stage <*> (TID <*>). <*> bytes result sent to driver
  const finished = c.recs(['E9'], (p) => ({ bytes: p[3] }));
  b.one('result-bytes-sum', 'sum', ['how many result bytes were sent to the driver in total?', 'Total bytes of results sent to the driver?', 'sum of result bytes sent to driver', 'all result bytes sent to the driver added up'], aggregate('sum', finished, num('bytes'), 'B'));
  b.one('result-bytes-max', 'max', ['what is the largest result sent to the driver?', 'Max bytes result sent to driver?', 'biggest task result sent to the driver, in bytes'], aggregate('max', finished, num('bytes'), 'B'));
  // Running task <*> in stage <*> (TID <*>)
  const running = c.recs(['E24'], (p) => ({ stage: p[1], tid: p[2] }));
  b.one('top-running-stage', 'topk', ['which stage started running the most tasks?', 'Which stage appears most in "Running task" lines?', 'top stage by running tasks?', 'most tasks ran in which stage'], topOf(running, (r) => r.f.stage));
  b.one('tid-max', 'max', ['what is the highest TID of a running task?', 'Max TID in the "Running task" lines?', 'largest task id (TID) started'], aggregate('max', running, num('tid')));
  // Times: total = <*>, boot = <*>, init = <*>, finish = <*>
  const times = c.recs(['E35'], (p) => ({ boot: p[1], init: p[2] }));
  b.one('boot-sum', 'sum', ['how much boot time did the PythonRunner Times lines report in total?', 'Total of the "boot" times in the PythonRunner Times lines?', 'sum of python worker boot times', 'all boot times added up (ms)'], aggregate('sum', times, num('boot'), 'ms'));
  b.one('init-sum', 'sum', ['what is the total init time in the PythonRunner Times lines?', 'sum of init times reported by PythonRunner', 'all python init times added up (ms)?'], aggregate('sum', times, num('init'), 'ms'));
  // Found block rdd_<*> locally
  const local = c.recs(['E10'], (p) => ({ rdd: `rdd_${p[0]}` }));
  b.one('top-local-rdd', 'topk', ['which rdd block was found locally most often?', 'Which block has the most "Found block ... locally" lines?', 'top rdd block found locally?'], topOf(local, (r) => r.f.rdd));
}

function bgl(b: Builder): void {
  const c = corpus('BGL', loadLines('BGL'));
  // <*> floating point alignment exceptions / <*> double-hummer alignment exceptions
  const fp = c.recs(['E4'], (p) => ({ n: p[0] }));
  b.one('fp-sum', 'sum', ['what do the floating point alignment exception counts add up to?', 'Total of the "floating point alignment exceptions" values?', 'sum of floating point alignment exceptions', 'all floating point alignment exceptions added up'], aggregate('sum', fp, num('n')));
  const dh = c.recs(['E3'], (p) => ({ n: p[0] }));
  b.one('hummer-sum', 'sum', ['what is the total of the double-hummer alignment exception counts?', 'Total "double-hummer alignment exceptions" reported?', 'sum of double-hummer alignment exceptions', 'all double-hummer exceptions added up'], aggregate('sum', dh, num('n')));
  // <*> ddr errors(s) detected and corrected on rank <*>, symbol <*>, bit <*>   (the "total of N ddr error(s)" lines are asked; these are not)
  const ddrRank = c.recs(['E2'], (p) => ({ n: p[0], rank: p[1], symbol: p[2], bit: p[3] }));
  b.one('top-ddr-symbol', 'topk', ['which symbol had the most ddr errors corrected?', 'Which symbol appears most in "ddr errors(s) detected and corrected on rank" lines?', 'top symbol by corrected ddr errors?'], topOf(ddrRank, (r) => r.f.symbol));
  b.one('top-ddr-bit', 'topk', ['which bit had the most ddr errors corrected on a rank?', 'top bit in the ddr errors(s) detected and corrected on rank lines?', 'most corrected ddr errors were on which bit'], topOf(ddrRank, (r) => r.f.bit));
  // generating core.<*>
  const core = c.recs(['E67'], (p) => ({ n: `core.${p[0]}` }));
  b.one('top-core-file', 'topk', ['which core file was generated most often?', 'Which core appears most in the "generating core" lines?', 'top core file by generating lines?'], topOf(core, (r) => r.f.n));
  // iar <*> dear <*>
  const iar = c.recs(['E70'], (p) => ({ iar: p[0], dear: p[1] }));
  b.one('top-iar', 'topk', ['which iar shows up most in the iar/dear lines?', 'Most common instruction address (iar) in the "iar ... dear" lines?', 'top iar value?'], topOf(iar, (r) => r.f.iar));
  b.one('top-dear', 'topk', ['which dear shows up most in the iar/dear lines?', 'Most common data address (dear) in the "iar ... dear" lines?', 'top dear value?'], topOf(iar, (r) => r.f.dear));
  // <*> total interrupts. 0 critical input interrupts. ...   (its max and min are asked; the total is not)
  const intr = c.recs(['E12'], (p) => ({ n: p[0] }));
  b.one('interrupts-sum', 'sum', ['what do the total interrupts reports add up to?', 'Total of the "N total interrupts" values?', 'sum of total interrupts reported', 'all interrupt totals added up'], aggregate('sum', intr, num('n')));
  // <*> microseconds spent in the rbs signal handler during <*> calls. <*> microseconds was the maximum time ...
  const rbs = c.recs(['E7'], (p) => ({ us: p[0], calls: p[1] }));
  b.one('rbs-us-sum', 'sum', ['how many microseconds were spent in the rbs signal handler in total?', 'Total microseconds spent in the rbs signal handler?', 'sum of microseconds in the rbs signal handler'], aggregate('sum', rbs, num('us')));
  b.one('rbs-calls-max', 'max', ['what is the most calls in one rbs signal handler report?', 'Max calls in the "rbs signal handler during N calls" lines?', 'largest number of rbs signal handler calls'], aggregate('max', rbs, num('calls')));
}

function hadoop(b: Builder): void {
  const c = corpus('Hadoop', loadLines('Hadoop'));
  // Retrying connect to server: <*>:<*>. Already tried <*> time(s); ...
  const retry = c.recs(['E91'], (p) => ({ tried: p[2] }));
  b.one('tried-sum', 'sum', ['what do the "Already tried N time(s)" counts add up to?', 'Total of the already-tried counts in the connect retries?', 'sum of already tried times when retrying connect to server'], aggregate('sum', retry, num('tried')));
  // Reduce slow start threshold not met. completedMapsForReduceSlowstart <*>
  const slow = c.recs(['E85'], (p) => ({ n: p[0] }));
  b.one('slowstart-max', 'max', ['what is the highest completedMapsForReduceSlowstart?', 'Max completedMapsForReduceSlowstart in the slow start lines?', 'largest completedMapsForReduceSlowstart value'], aggregate('max', slow, num('n')));
  // Recalculating schedule, headroom=<memory:<*>, vCores:<*>>   (memory is asked; vCores is not)
  const head = c.recs(['E83'], (p) => ({ vcores: p[1] }));
  b.one('top-headroom-vcores', 'topk', ['which headroom vCores value shows up most?', 'Most common vCores in the "Recalculating schedule, headroom" lines?', 'top vCores headroom when recalculating the schedule?'], topOf(head, (r) => r.f.vcores));
  b.one('headroom-vcores-min', 'min', ['what is the lowest vCores headroom?', 'Min vCores in the recalculating schedule headroom?', 'fewest vCores of headroom'], aggregate('min', head, num('vcores')));
}

function zookeeper(b: Builder): void {
  const c = corpus('Zookeeper', loadLines('Zookeeper'));
  // Cannot open channel to <*> at election address /<*>:<*>   (the sid is asked; the address is not)
  const channel = c.recs(['E5'], (p) => ({ addr: `${p[1]}:${p[2]}` }));
  b.one('top-channel-addr', 'topk', ['which election address could not be reached most often?', 'Which address has the most "Cannot open channel" warnings?', 'top unreachable election address?', 'most failed channel opens were to which election address'], topOf(channel, (r) => r.f.addr));
  // Connection broken for id <*>, my id = <*>, error =   (the first id is asked; "my id" is not)
  const broken = c.recs(['E11'], (p) => ({ me: p[1] }));
  b.one('top-broken-myid', 'topk', ['which "my id" logged the most broken connections?', 'Which my id appears most in "Connection broken for id" lines?', 'top my id by broken connections?'], topOf(broken, (r) => r.f.me));
  // Expiring session <*>, timeout of <*>ms exceeded
  const expire = c.recs(['E15'], (p) => ({ ms: p[1] }));
  b.one('expire-timeout-sum', 'sum', ['what do the expired session timeouts add up to?', 'Total of the "timeout of Nms exceeded" values?', 'sum of expiring session timeouts in ms', 'all expired session timeouts added up'], aggregate('sum', expire, num('ms'), 'ms'));
  b.one('expire-timeout-max', 'max', ['what is the longest timeout of an expired session?', 'Max "timeout of Nms exceeded" when expiring a session?', 'largest session expiry timeout in ms'], aggregate('max', expire, num('ms'), 'ms'));
  // Established session <*> with negotiated timeout <*> for client /<*>:<*>
  const est = c.recs(['E13'], (p) => ({ t: p[1] }));
  b.one('negotiated-sum', 'sum', ['what is the total of all negotiated session timeouts?', 'sum of negotiated timeouts of established sessions', 'all negotiated timeouts added up?'], aggregate('sum', est, num('t')));
}

function openstack(b: Builder): void {
  const c = corpus('OpenStack', loadLines('OpenStack'));
  // <*> "GET <*>" status: <*> len: <*> time: <*>.<*>
  const gets = c.recs(['E25'], (p) => ({ len: p[3] }));
  b.one('get-len-sum', 'sum', ['what is the total len of all GET responses?', 'Total bytes (len) returned by GET requests?', 'sum of response lengths for GETs', 'how many bytes did GET responses return in total'], aggregate('sum', gets, num('len')));
  const posts = c.recs(['E26'], (p) => ({ t: `${p[4]}.${p[5]}` }));
  b.one('post-time-sum', 'sum', ['what is the total time spent serving POST requests?', 'Total seconds of all POST request times?', 'sum of POST response times', 'all POST request times added up (seconds)'], aggregate('sum', posts, num('t'), 's'));
  const paths = c.recs(['E25'], (p) => ({ path: p[1].replace(/ HTTP\/[\d.]+$/, '') }));
  b.one('top-get-path', 'topk', ['which URL path got the most GET requests?', 'Most requested path in the GET lines?', 'top GET path by requests?', 'most GET requests went to which path'], topOf(paths, (r) => r.f.path));
  // [instance: <*>] Took <*>.<*> seconds to deallocate network for instance.
  const dealloc = c.recs(['E13'], (p) => ({ t: `${p[1]}.${p[2]}` }));
  b.one('dealloc-max', 'max', ['what is the longest time to deallocate network for an instance?', 'Max seconds to deallocate network?', 'slowest network deallocation in seconds'], aggregate('max', dealloc, num('t'), 's'));
  b.one('dealloc-sum', 'sum', ['how much time was spent deallocating networks in total?', 'Total seconds to deallocate network for instances?', 'sum of network deallocation times'], aggregate('sum', dealloc, num('t'), 's'));
  // [instance: <*>] Took <*>.<*> seconds to destroy the instance on the hypervisor.
  const destroy = c.recs(['E14'], (p) => ({ t: `${p[1]}.${p[2]}` }));
  b.one('destroy-min', 'min', ['what is the fastest instance destroy on the hypervisor?', 'Min seconds to destroy an instance on the hypervisor?', 'quickest destroy of an instance'], aggregate('min', destroy, num('t'), 's'));
  // [instance: <*>] Took <*>.<*> seconds to build instance.
  const build = c.recs(['E12'], (p) => ({ t: `${p[1]}.${p[2]}` }));
  b.one('build-min', 'min', ['what is the shortest instance build time?', 'Min seconds to build an instance?', 'fastest instance build'], aggregate('min', build, num('t'), 's'));
  b.one('posts', 'count', ['how many POST requests were made?', 'number of POST requests to the API', 'count POST requests'], countOf(posts));
}

function linux(b: Builder): void {
  const c = corpus('Linux', loadLines('Linux'));
  // connection from <*> (<*>) at <*>:<*>:<*>   (the host name is asked; the IP is not)
  const conn = c.recs(['E29'], (p) => ({ ip: p[0] }));
  b.one('top-ftp-ip', 'topk', ['which IP opened the most ftp connections?', 'Which address has the most "connection from" lines?', 'top ftp client IP by connections?', 'most ftp connections came from which IP'], topOf(conn, (r) => r.f.ip));
  // Authentication failed from <*> (<*>): ...   (klogind; the host is asked, the IP is not)
  const klog = c.recs(['E13', 'E14'], (p) => ({ ip: p[1] }));
  b.one('top-klogind-ip', 'topk', ['which IP failed klogind authentication most often?', 'Which address has the most "Authentication failed from" lines?', 'top IP by klogind authentication failures?'], topOf(klog, (r) => r.f.ip));
}

function linuxSessions(b: Builder): void {
  const c = corpus('Linux', loadLines('Linux'));
  // session closed for user <*>   (sessions opened are asked; closed are not)
  const closed = c.recs(['E101'], (p) => ({ user: p[0] }));
  b.one('top-closed-user', 'topk', ['which user had the most sessions closed?', 'Which user has the most "session closed for user" lines?', 'top user by closed sessions?'], topOf(closed, (r) => r.f.user));
}

function apache(b: Builder): void {
  const c = corpus('Apache', loadLines('Apache'));
  // jk2_init() Found child <*> in scoreboard slot <*>
  const found = c.recs(['E1'], (p) => ({ child: p[0] }));
  b.one('found-child-max', 'max', ['what is the highest child pid jk2_init found in the scoreboard?', 'Max child in the "Found child ... in scoreboard slot" lines?', 'largest child pid found in a scoreboard slot'], aggregate('max', found, num('child')));
  b.one('found-child-min', 'min', ['what is the lowest child pid found in the scoreboard?', 'Min child in the "Found child" lines?', 'smallest child pid jk2_init found'], aggregate('min', found, num('child')));
  b.one('found', 'count', ['how many times did jk2_init find a child in the scoreboard?', 'number of "Found child" lines', 'count jk2_init() found child'], countOf(found));
}

function proxifier(b: Builder): void {
  const c = corpus('Proxifier', loadLines('Proxifier'));
  const closed = c.recs(['E8'], (p, l) => {
    // the optional "(x KB)" after a byte count falls in the template's slots; the counts are the numbers before "bytes"
    const m = /^(\S+) close, (\d+) bytes(?: \([^)]*\))? sent, (\d+) bytes(?: \([^)]*\))? received, lifetime (.+)$/.exec(l.content);
    return m ? { target: m[1], sent: m[2], recv: m[3], program: l.h.Program } : null;
  });
  b.one('sent-sum', 'sum', ['how many bytes were sent through the proxy in total?', 'Total bytes sent over all closed connections?', 'sum of bytes sent through the proxy', 'all sent bytes added up'], aggregate('sum', closed, num('sent'), 'B'));
  b.one('sent-max', 'max', ['what is the most bytes one proxied connection sent?', 'Max bytes sent on a closed connection?', 'biggest upload through the proxy, in bytes'], aggregate('max', closed, num('sent'), 'B'));
  b.one('recv-max', 'max', ['what is the most bytes one proxied connection received?', 'Max bytes received on a closed connection?', 'biggest download through the proxy, in bytes'], aggregate('max', closed, num('recv'), 'B'));
  b.one('top-sent-target', 'topk', ['which target was sent the most bytes in total?', 'Which host:port uploaded the most bytes through the proxy?', 'top target by bytes sent?', 'biggest upload destination through the proxy'], topOf(closed, (r) => r.f.target, num('sent')));
  b.one('top-sent-program', 'topk', ['which program sent the most bytes through the proxy?', 'Which program uploaded the most bytes?', 'top program by bytes sent?', 'most bytes were sent by which program'], topOf(closed, (r) => r.f.program, num('sent')));
  // <*>:<*> error : Could not connect to proxy <*>:<*> - ... / through proxy ... / canceled
  const errors = c.recs(['E3', 'E4', 'E5', 'E7'], (p) => ({ target: `${p[0]}:${p[1]}` }));
  b.one('top-error-target', 'topk', ['which target had the most proxy errors?', 'Which host:port has the most connection error lines?', 'top target by proxy errors?', 'most proxy errors were for which target'], topOf(errors, (r) => r.f.target));
}

function thunderbird(b: Builder): void {
  const c = corpus('Thunderbird', loadLines('Thunderbird'));
  // synchronized to <*>, stratum <*>   (the server is asked; the stratum is not)
  const sync = c.recs(['E125'], (p) => ({ stratum: p[1] }));
  b.one('top-stratum', 'topk', ['which stratum did ntpd synchronize at most?', 'Most common stratum in the "synchronized to" lines?', 'top ntp stratum?'], topOf(sync, (r) => r.f.stratum));
  b.one('stratum-max', 'max', ['what is the highest stratum ntpd synchronized at?', 'Max stratum in the "synchronized to" lines?', 'largest ntp stratum reported'], aggregate('max', sync, num('stratum')));
}

export function newFamilies(): Family[] {
  const defs: [string, (b: Builder) => void][] = [
    ['HDFS', hdfs],
    ['OpenSSH', openssh],
    ['Spark', spark],
    ['BGL', bgl],
    ['Hadoop', hadoop],
    ['Zookeeper', zookeeper],
    ['OpenStack', openstack],
    ['Linux', linux],
    ['Linux', linuxSessions],
    ['Apache', apache],
    ['Proxifier', proxifier],
    ['Thunderbird', thunderbird],
  ];
  return familiesOf(defs, 'x11');
}

/**
 * Why a family is not asked (reported by the generator), or undefined when it may be. One reason for
 * the test split and the earlier sets alike: the generator's output must not tell which slots test asks.
 */
const ASKED = 'asked already (by an earlier set or the test split)';

function refusal(c: Candidate, test: readonly QaRow[], earlier: readonly QaRow[]): string | undefined {
  const sig = answerKey({ kind: c.kind, dataset: c.dataset, answer: c.computed.answer, expected_lines: c.computed.lines });
  if (test.some((r) => answerKey(r) === sig) || earlier.some((r) => answerKey(r) === sig)) return ASKED;
  const lines = c.computed.lines.join(',');
  // same system and kind, and the same answer or the same lines: the same slot of the same kind of line
  const same = (r: QaRow) => r.dataset === c.dataset && r.kind === c.kind && (JSON.stringify(r.answer) === JSON.stringify(c.computed.answer) || r.expected_lines.join(',') === lines);
  if (test.some(same)) return ASKED;
  return undefined;
}

/** dev-extra11 rows split into dev (tune) and holdout (scored once). `earlier`: every held-in row before it (holdouts included). */
export function generateExtra11(g: Generated, earlier: QaRow[]): { rows: QaRow[]; dev: QaRow[]; holdout: QaRow[]; text: string; holdoutText: string; refused: string[] } {
  const test = g.rows.filter((r) => r.split === 'test');
  const before = [...g.rows.filter((r) => r.split === 'dev'), ...g.extraRows, ...earlier];
  const seen = new Set([...g.seen, ...before.map((r) => r.question.toLowerCase())]);
  const out: QaRow[] = [];
  const refused: string[] = [];
  for (const fam of newFamilies()) {
    const c = fam.candidates[0];
    if (!c) {
      refused.push(`${fam.name}: no unambiguous answer`);
      continue;
    }
    const why = refusal(c, test, before);
    if (why) {
      refused.push(`${fam.name}: ${why}`);
      continue;
    }
    let n = 0;
    for (const [i, tpl] of c.say.entries()) {
      if (n >= PER_FAMILY[c.kind]) break;
      const q = render({ ...c, say: [tpl] }, () => false, `extra11:render:${i}`);
      if (seen.has(q.question.toLowerCase())) continue;
      seen.add(q.question.toLowerCase());
      n++;
      const id = `qo-${String(out.length + 1).padStart(4, '0')}`;
      out.push(withSplit({ id, kind: c.kind, dataset: c.dataset, question: q.question, answer: c.computed.answer, expected_lines: c.computed.lines }, 'dev'));
    }
  }
  const testAnswers = new Set(test.map(answerKey));
  for (const r of out) if (testAnswers.has(answerKey(r))) throw new Error(`${r.id} asks what a test question asks`);
  return { rows: out, refused, ...splitHoldout(out, 'extra11', HOLDOUT_EVERY) };
}

/** The rows of every held-in set before dev-extra11 (their questions are not asked again). */
export function earlierRows(g: Generated): QaRow[] {
  const before = beforeExtra10(g);
  return [...before, ...generateExtra10(g, before).rows];
}

function main(): void {
  const g = generate();
  const x = generateExtra11(g, earlierRows(g));
  writeSet('dev-extra11', DEV_EXTRA11_FILE, DEV_EXTRA11_HOLDOUT_FILE, x);
  if (x.refused.length) console.log(`families not asked:\n  ${x.refused.join('\n  ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
