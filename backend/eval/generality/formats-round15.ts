// Generality set, round 15: formats written from their own documentation and real output before
// any miner change of round 15, and UNTOUCHED: their per-format scores are printed only by
// `eval:templates --untouched` (README.md). None of them is in LogHub or in rounds 1-14:
// CockroachDB's crdb-v2 log file, Redis Sentinel, the ingress-nginx controller, cloudflared, UFW's
// kernel log, Icinga 2's main log and slurmctld.
//
// Truth conventions are README.md's: a template is one log statement, its parameters variables
// however few values they take; header fields are variables; a logger, program, source location
// or level written in a text line is part of the statement; `key=value` fields after a message
// follow the structured rule (keys constant, values variables); request lines one template per
// method.
import { Gen, T, v, jsonLine, USER_AGENTS, MONTHS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');
const hms = (d: Date) => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
const micro = (g: Gen) => `${p3(new Date(g.now).getUTCMilliseconds())}${p3(g.int(0, 999))}`;

// ---------------------------------------------------------------------------------------------
// 100. CockroachDB 24.1 `cockroach.log` (crdb-v2 file format, from the docs' log-formats page and
// a pasted v22 file): `Lyymmdd hh:mm:ss.uuuuuu goid [chan@]file:line ⋮ [tags] counter msg`. The
// level letter and the source location (with its channel number, `2@` HEALTH, `4@` SESSIONS,
// `10@` SQL_PERF) are part of the statement; goroutine id, tags (`[n1,s1,r88/1:/Table/..]`, one
// context value) and the entry counter are header values. Redaction markers `‹…›` are printed by
// the formatter around each unsafe argument, so they are constant around a parameter. Structured
// events (`={...}`) follow the JSON rule, `EventType` naming the event; a multi-line message
// repeats the header and marks its continuation lines with `+`: each is a statement of its own.

const crTags = (g: Gen, queue?: string) => {
  const r = g.int(40, 900);
  const table = g.int(104, 131);
  return `n1${queue ? `,${queue}` : ''},s1,r${r}/${g.int(1, 4)}:‹/Table/${table}/${g.pick(['1', '{1-2}', '2/‹…›'])}›`;
};
function crdb(g: Gen, lvl: string, site: string, tags: string, msg: Made, cont = '', counter?: number): Made {
  const d = new Date(g.now);
  const date = `${String(d.getUTCFullYear()).slice(2)}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}`;
  const n = counter ?? Math.floor((g.now % 1e9) / 97);
  return cat(T`${lvl}${v(date)} ${v(`${hms(d)}.${micro(g)}`)} ${v(g.int(180, 990000))} ${site} ⋮ [${v(tags)}] ${v(n)} ${cont}`, msg);
}
const SQL_CLIENTS = ['orders-api', 'billing-worker', 'cockroach sql', 'metabase'];
const clientTag = (g: Gen, ip: string, user: string) => `T1,n1,client=${ip}:${g.int(32768, 60999)},hostssl,user=${user}`;
const crEvent = (g: Gen, fields: Array<[string, unknown]>): Made => {
  const ts = g.now * 1e6 + g.int(0, 999999);
  return jsonLine([['Timestamp', ts], ...fields], 'EventType', { line: String(fields[0][1]), template: String(fields[0][1]) });
};
function crEventLine(g: Gen, chan: string, tags: string, fields: Array<[string, unknown]>): Made {
  return crdb(g, 'I', `${chan}@util/log/event_log.go:32`, tags, cat(T`=`, crEvent(g, fields)));
}
const GIB = (g: Gen, lo: number, hi: number) => `${g.float(lo, hi, 1)} GiB`;
const MIB = (g: Gen, lo: number, hi: number) => `${g.int(lo, hi)} MiB`;
const cockroach: FormatSpec = {
  name: 'cockroachdb',
  split: 'tuned',
  description: 'CockroachDB 24.1 `cockroach.log` (crdb-v2: `Lyymmdd time goid [chan@]file:line ⋮ [tags] counter`, `‹…›` redaction markers): runtime stats, range splits and replica changes, slow RPCs and heartbeats, queue timeouts, structured session and slow-query events (`={...}`), the multi-line start-up block with `+` continuation lines',
  tickMs: 1400,
  templates: [
    {
      w: 30,
      make: (g) =>
        crdb(g, 'I', '2@server/status/runtime_log.go:47', 'T1,n1', T`runtime stats: ${v(GIB(g, 1.2, 6))} RSS, ${v(g.int(480, 2400))} goroutines (stacks: ${v(MIB(g, 6, 40))}), ${v(GIB(g, 0.4, 3))}/${v(GIB(g, 0.2, 2))} Go alloc/idle (heap fragmentation: ${v(MIB(g, 20, 200))}, heap reserved: ${v(MIB(g, 50, 600))}, heap released: ${v(MIB(g, 50, 900))}), ${v(GIB(g, 0.5, 4))}/${v(GIB(g, 0.6, 5))} CGO alloc/total (${v(g.float(0, 40, 1))} CGO/sec), ${v(g.float(5, 380, 1))}/${v(g.float(1, 60, 1))} %(u/s)time, ${v(g.float(0, 3, 1))} %gc (${v(g.int(0, 9))}x), ${v(MIB(g, 1, 90))}/${v(MIB(g, 1, 90))} (r/w)net`),
    },
    {
      w: 9,
      make: (g) =>
        crdb(g, 'I', 'kv/kvserver/replica_command.go:439', crTags(g, 'split'), T`initiating a split of this range at key ‹${v(`/Table/${g.int(104, 131)}/1/${g.int(10000, 9999999)}`)}› [r${v(g.int(900, 4000))}] (${v(g.pick([`load at ${g.float(2500, 9000, 2)} above threshold 2500.00`, `${g.int(512, 700)} MiB above threshold size 512 MiB`, 'manual']))})`),
    },
    {
      w: 7,
      make: (g) => {
        const from = g.int(2, 5);
        const to = g.pick([2, 3, 4, 5].filter((x) => x !== from));
        const r = g.int(40, 900);
        return [
          crdb(g, 'I', 'kv/kvserver/replica_command.go:2380', crTags(g, 'replicate'), T`change replicas (add [(n${v(to)},s${v(to)}):${v(g.int(4, 9))}LEARNER] remove []): existing descriptor r${v(r)}:‹${v(`/Table/${g.int(104, 131)}/{1-2}`)}› [${v(`(n1,s1):1, (n${from},s${from}):2, (n${g.int(2, 5)},s${g.int(2, 5)}):3, next=4, gen=${g.int(3, 90)}`)}]`),
          crdb(g, 'I', 'kv/kvserver/store_snapshot.go:1742', crTags(g, 'replicate'), T`streamed INITIAL snapshot ${v(`${g.hex(8)}`)} at applied index ${v(g.int(10, 99999))} to (n${v(to)},s${v(to)}):${v(g.int(4, 9))}LEARNER with ${v(MIB(g, 1, 512))} in ${v(g.float(0.1, 12, 2))}s @ ${v(`${g.float(8, 64, 0)} MiB/s`)}: kvs=${v(g.int(100, 900000))} rangeKVs=${v(g.int(0, 3))}, rate-limit: ${v('32 MiB/s')}, queued: ${v(g.float(0, 2, 2))}s`),
        ];
      },
    },
    {
      w: 4,
      make: (g) =>
        crdb(g, 'W', 'kv/kvclient/kvcoord/dist_sender.go:1868', `n1,client=${g.privateIp()}:${g.int(32768, 60999)},hostssl,user=${g.pick(['app', 'billing'])}`, T`slow range RPC: have been waiting ${v(g.float(60, 190, 2))}s (${v(g.int(1, 4))} attempts) for RPC ${v(g.pick(['Get', 'Scan', 'ConditionalPut, EndTxn', 'QueryIntent, Put']))} [‹${v(`/Table/${g.int(104, 131)}/1/${g.int(10000, 9999999)}/0`)}›,/Min), [txn: ${v(g.hex(8))}] to r${v(g.int(40, 900))}:‹${v(`/Table/${g.int(104, 131)}/{1-2}`)}› [${v(`(n1,s1):1, (n${g.int(2, 5)},s${g.int(2, 5)}):2, (n${g.int(2, 5)},s${g.int(2, 5)}):3, next=4, gen=${g.int(3, 90)}`)}]; resp: ‹${v(g.pick(['(err: <nil>), *kvpb.GetResponse', 'result is ambiguous: error=rpc error: code = Unavailable desc = error reading from server: EOF', '(err: context canceled)']))}›`),
    },
    { w: 3, make: (g) => crdb(g, 'W', 'kv/kvserver/liveness/liveness.go:758', 'n1,liveness-hb', T`slow heartbeat took ${v(g.float(1, 4.5, 2))}s; err=${v(g.pick(['<nil>', '<nil>', 'context deadline exceeded', 'disk write stall detected: unable to sync log files within 20s']))}`) },
    {
      w: 2,
      make: (g) => {
        const q = g.pick(['replicaGC', 'mvccGC', 'consistencyChecker', 'raftlog']);
        const r = g.int(40, 900);
        return crdb(g, 'W', 'kv/kvserver/queue.go:1163', crTags(g, q), T`operation ‹"${v(`${q} queue process replica ${r}`)}"› timed out after ${v(`1m${g.float(0, 1, 3)}s`)} (given timeout ${v('1m0s')}): ${v(g.pick(['aborted during DistSender.Send: context deadline exceeded', 'operation "consistency check" timed out: context deadline exceeded', 'result is ambiguous: context deadline exceeded']))}`);
      },
    },
    {
      w: 6,
      make: (g) => {
        const ip = g.privateIp();
        const port = g.int(32768, 60999);
        const user = g.pick(['app', 'app', 'billing', 'root', 'metabase_ro']);
        const tags = `T1,n1,client=${ip}:${port},hostssl,user=${user}`;
        const sess = g.hex(32);
        const out: Made[] = [
          crEventLine(g, '4', `T1,n1,client=${ip}:${port}`, [['EventType', 'client_connection_start'], ['InstanceID', 1], ['Network', 'tcp'], ['RemoteAddress', `‹${ip}:${port}›`], ['SessionID', sess]]),
        ];
        if (g.chance(0.2)) {
          out.push(crEventLine(g, '4', tags, [['EventType', 'client_authentication_failed'], ['InstanceID', 1], ['Network', 'tcp'], ['RemoteAddress', `‹${ip}›`], ['SessionID', sess], ['Transport', 'hostssl'], ['User', `‹${user}›`], ['SystemIdentity', `‹${user}›`], ['Reason', g.pick([3, 6])], ['Detail', `‹password authentication failed for user ${user}›`], ['Method', 'password']]));
        } else {
          out.push(crEventLine(g, '4', tags, [['EventType', 'client_authentication_ok'], ['InstanceID', 1], ['Network', 'tcp'], ['RemoteAddress', `‹${ip}›`], ['SessionID', sess], ['Transport', 'hostssl'], ['User', `‹${user}›`], ['SystemIdentity', `‹${user}›`], ['Method', g.pick(['password', 'cert-password'])]]));
        }
        return out;
      },
    },
    {
      w: 4,
      make: (g) => {
        const addr = `${g.privateIp()}:${g.int(32768, 60999)}`;
        return crEventLine(g, '4', `T1,n1,client=${addr}`, [['EventType', 'client_session_end'], ['InstanceID', 1], ['Network', 'tcp'], ['RemoteAddress', `‹${addr}›`], ['SessionID', g.hex(32)], ['Duration', g.int(1e6, 9e12)]]);
      },
    },
    {
      w: 5,
      make: (g) => {
        const stmt = g.pick([
          `SELECT * FROM ‹orders› WHERE ‹customer_id› = ‹${g.int(1, 99999)}› ORDER BY ‹created_at› DESC`,
          `UPDATE ‹inventory› SET ‹qty› = ‹qty› - ‹1› WHERE ‹sku› = ‹'SKU-${g.int(1000, 9999)}'›`,
          `SELECT count(*) FROM ‹events› WHERE ‹ts› > ‹now()› - ‹'1h':::INTERVAL›`,
          `DELETE FROM ‹sessions› WHERE ‹expires_at› < ‹now()›`,
        ]);
        const tag = stmt.split(' ')[0];
        return crEventLine(g, '10', clientTag(g, g.privateIp(), g.pick(['app', 'billing'])), [['EventType', 'slow_query'], ['Statement', stmt], ['Tag', tag], ['User', g.pick(['app', 'billing'])], ['ApplicationName', g.pick(SQL_CLIENTS)], ['ExecMode', 'exec'], ['NumRows', g.int(0, 5000)], ['Age', Number(g.float(500, 40000, 3))], ['FullTableScan', g.chance(0.4)], ['TxnCounter', g.int(1, 900)]]);
      },
    },
    { w: 2, make: (g) => crdb(g, 'I', 'jobs/registry.go:1584', 'T1,n1', T`${v(g.pick(['AUTO CREATE STATS', 'AUTO SPAN CONFIG RECONCILIATION', 'KEY VISUALIZER', 'POLL JOBS STATS']))} job ${v(g.int(900000000, 999999999) * 1000 + g.int(0, 999))}: stepping through state ${v(g.pick(['running', 'succeeded']))}`) },
    { w: 1, make: (g) => crdb(g, 'W', 'server/status/health_check.go:130', 'n1,summaries', T`health alerts detected: ‹${v(`{Alerts:[{StoreID:1 Category:METRICS Description:${g.pick(['requests.slow.latch', 'requests.slow.raft', 'ranges.underreplicated', 'liveness.heartbeatfailures'])} Value:${g.int(1, 90)}}]}`)}›`) },
    {
      w: 0.15,
      make: (g) => {
        const site = '1@cli/start.go:1195';
        const n = Math.floor((g.now % 1e9) / 97);
        const lines: Array<[string, string]> = [
          ['CockroachDB node starting at ', `${new Date(g.now).toISOString().replace('T', ' ').slice(0, 23)} +0000 UTC (took ${g.float(2, 30, 1)}s)`],
          ['build:               ', 'CCL v24.1.3 @ 2024/07/31 16:59:03 (go1.22.5 X:nocoverageredesign)'],
          ['webui:               ', 'https://cockroachdb-0.cockroachdb.db.svc.cluster.local:8080'],
          ['sql:                 ', 'postgresql://root@cockroachdb-0.cockroachdb.db.svc.cluster.local:26257/defaultdb?sslcert=certs%2Fclient.root.crt&sslkey=certs%2Fclient.root.key&sslmode=verify-full&sslrootcert=certs%2Fca.crt'],
          ['store[0]:            ', 'path=‹/cockroach/cockroach-data›'],
          ['storage engine:      ', 'pebble'],
          ['clusterID:           ', g.uuid()],
          ['nodeID:              ', '1'],
        ];
        return [
          crdb(g, 'I', site, 'T1,n1', T`node startup completed:`, ' ', n),
          ...lines.map(([k, x]) => crdb(g, 'I', site, 'T1,n1', T`${k}${v(x)}`, '+', n)),
        ];
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 101. Redis Sentinel 7.2 (Bitnami chart sidecar, `kubectl logs -c sentinel`), from redis/redis
// issues with pasted failovers and the Sentinel docs' event list: `pid:X dd Mon yyyy time.ms <c>`
// (`#` warning, `*` notice). Each event name (`+sdown`, `-sdown`, `+odown`, `+switch-master`...)
// is a statement of its own; the instance description an event prints (`master <name> <ip>
// <port>`, or `slave|sentinel <addr> <ip> <port> @ <master> <ip> <port>`) has a fixed layout per
// instance kind, so the kind word is written as constant text and each kind is its own template
// (a choice, see README); names, addresses, ports, epochs and run ids are parameters.

const SENT_MASTERS = ['mymaster', 'cache', 'sessions'];
const sentHead = (g: Gen, c: string) => {
  const d = new Date(g.now);
  return T`${v(1)}:X ${v(`${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hms(d)}.${p3(d.getUTCMilliseconds())}`)} ${c} `;
};
const podIp = (g: Gen) => `10.244.${g.int(0, 5)}.${g.int(2, 250)}`;
const sentMaster = (m: string, ip: string, port: number) => T`master ${v(m)} ${v(ip)} ${v(port)}`;
const sentAt = (m: string, ip: string, port: number) => T` @ ${v(m)} ${v(ip)} ${v(port)}`;
const sentSlave = (ip: string, port: number, m: string, mip: string, mport: number) => cat(T`slave ${v(`${ip}:${port}`)} ${v(ip)} ${v(port)}`, sentAt(m, mip, mport));
const sentSentinel = (g: Gen, ip: string, m: string, mip: string, mport: number) => cat(T`sentinel ${v(g.hex(40))} ${v(ip)} ${v(26379)}`, sentAt(m, mip, mport));
function sentFailover(g: Gen): Made[] {
  const m = g.pick(SENT_MASTERS);
  const old = podIp(g);
  const neu = podIp(g);
  const other = podIp(g);
  const port = 6379;
  const epoch = g.int(1, 400);
  const me = g.hex(40);
  const s = (c: string, x: Made) => cat(sentHead(g, c), x);
  const out: Made[] = [
    s('#', cat(T`+sdown `, sentMaster(m, old, port))),
    s('#', cat(T`+odown `, sentMaster(m, old, port), T` #quorum ${v(`${g.int(2, 3)}/2`)}`)),
    s('#', T`+new-epoch ${v(epoch)}`),
  ];
  if (g.chance(0.7)) {
    out.push(
      s('#', cat(T`+try-failover `, sentMaster(m, old, port))),
      s('*', T`Sentinel new configuration saved on disk`),
      s('#', T`+vote-for-leader ${v(me)} ${v(epoch)}`),
      s('#', T`${v(`${podIp(g)}:26379`)} voted for ${v(me)} ${v(epoch)}`),
      s('#', cat(T`+elected-leader `, sentMaster(m, old, port))),
      s('#', cat(T`+failover-state-select-slave `, sentMaster(m, old, port))),
      s('#', cat(T`+selected-slave `, sentSlave(neu, port, m, old, port))),
      s('*', cat(T`+failover-state-send-slaveof-noone `, sentSlave(neu, port, m, old, port))),
      s('*', cat(T`+failover-state-wait-promotion `, sentSlave(neu, port, m, old, port))),
      s('#', cat(T`+promoted-slave `, sentSlave(neu, port, m, old, port))),
      s('#', cat(T`+failover-state-reconf-slaves `, sentMaster(m, old, port))),
      s('*', cat(T`+slave-reconf-sent `, sentSlave(other, port, m, old, port))),
      s('*', cat(T`+slave-reconf-inprog `, sentSlave(other, port, m, old, port))),
      s('*', cat(T`+slave-reconf-done `, sentSlave(other, port, m, old, port))),
      s('#', cat(T`+failover-end `, sentMaster(m, old, port))),
    );
  } else {
    out.push(
      s('#', T`+vote-for-leader ${v(g.hex(40))} ${v(epoch)}`),
      s('#', T`Next failover delay: I will not start a failover before ${v(`${g.pick(['Mon', 'Tue', 'Wed', 'Thu'])} Dec  ${g.int(1, 9)} ${hms(new Date(g.now + 360000))} 2024`)}`),
      s('#', cat(T`+config-update-from `, sentSentinel(g, podIp(g), m, old, port))),
    );
  }
  out.push(
    s('#', T`+switch-master ${v(m)} ${v(old)} ${v(port)} ${v(neu)} ${v(port)}`),
    s('*', cat(T`+slave `, sentSlave(other, port, m, neu, port))),
    s('*', cat(T`+slave `, sentSlave(old, port, m, neu, port))),
    s('*', T`Sentinel new configuration saved on disk`),
    s('#', cat(T`+sdown `, sentSlave(old, port, m, neu, port))),
  );
  return out;
}
const redisSentinel: FormatSpec = {
  name: 'redis-sentinel',
  split: 'tuned',
  description: 'Redis Sentinel 7.2 on Kubernetes (`pid:X date time.ms #|*`): +sdown/-sdown of masters, replicas and sentinels, full failovers (odown, epochs, votes, leader, promotion, reconf, switch-master), aborted ones, +reboot, +convert-to-slave, TILT mode, config save failures, start-up lines',
  tickMs: 4000,
  templates: [
    { w: 1.4, make: sentFailover },
    {
      w: 12,
      make: (g) => {
        const m = g.pick(SENT_MASTERS);
        const mip = podIp(g);
        const ip = podIp(g);
        return [cat(sentHead(g, '#'), T`+sdown `, sentSlave(ip, 6379, m, mip, 6379)), cat(sentHead(g, '#'), T`-sdown `, sentSlave(ip, 6379, m, mip, 6379))];
      },
    },
    {
      w: 5,
      make: (g) => {
        const m = g.pick(SENT_MASTERS);
        const mip = podIp(g);
        const ip = podIp(g);
        return [cat(sentHead(g, '#'), T`+sdown `, sentSentinel(g, ip, m, mip, 6379)), cat(sentHead(g, '#'), T`-sdown `, sentSentinel(g, ip, m, mip, 6379))];
      },
    },
    { w: 2, make: (g) => { const m = g.pick(SENT_MASTERS); return cat(sentHead(g, '#'), T`-sdown `, sentMaster(m, podIp(g), 6379)); } },
    { w: 6, make: (g) => cat(sentHead(g, '*'), T`+reboot `, sentSlave(podIp(g), 6379, g.pick(SENT_MASTERS), podIp(g), 6379)) },
    { w: 5, make: (g) => cat(sentHead(g, '*'), T`+convert-to-slave `, sentSlave(podIp(g), 6379, g.pick(SENT_MASTERS), podIp(g), 6379)) },
    { w: 4, make: (g) => cat(sentHead(g, '*'), T`+sentinel `, sentSentinel(g, podIp(g), g.pick(SENT_MASTERS), podIp(g), 6379)) },
    { w: 3, make: (g) => cat(sentHead(g, '*'), T`+fix-slave-config `, sentSlave(podIp(g), 6379, g.pick(SENT_MASTERS), podIp(g), 6379)) },
    { w: 2, make: (g) => cat(sentHead(g, '#'), T`-dup-sentinel `, sentMaster(g.pick(SENT_MASTERS), podIp(g), 6379), T` #duplicate of ${v(`${podIp(g)}:26379`)} or ${v(g.hex(40))}`) },
    { w: 1.5, make: (g) => cat(sentHead(g, '*'), T`+role-change `, sentSlave(podIp(g), 6379, g.pick(SENT_MASTERS), podIp(g), 6379), T` new reported role is ${v(g.pick(['master', 'slave']))}`) },
    {
      w: 3,
      make: (g) => [
        cat(sentHead(g, '#'), T`Could not rename tmp config file (${v(g.pick(['Device or resource busy', 'Read-only file system']))})`),
        cat(sentHead(g, '#'), T`WARNING: Sentinel was not able to save the new configuration on disk!!!: ${v(g.pick(['Device or resource busy', 'Read-only file system']))}`),
      ],
    },
    { w: 1, make: (g) => [cat(sentHead(g, '#'), T`+tilt #tilt mode entered`), cat(sentHead(g, '#'), T`-tilt #tilt mode exited`)] },
    {
      w: 0.6,
      make: (g) => {
        const m = g.pick(SENT_MASTERS);
        const mip = podIp(g);
        return [
          cat(sentHead(g, '#'), T`oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`),
          cat(sentHead(g, '#'), T`Redis version=${v('7.2.4')}, bits=${v(64)}, commit=${v('00000000')}, modified=${v(0)}, pid=${v(1)}, just started`),
          cat(sentHead(g, '#'), T`Configuration loaded`),
          cat(sentHead(g, '*'), T`monotonic clock: ${v('POSIX clock_gettime')}`),
          cat(sentHead(g, '*'), T`Running mode=${v('sentinel')}, port=${v(26379)}.`),
          cat(sentHead(g, '*'), T`Sentinel ID is ${v(g.hex(40))}`),
          cat(sentHead(g, '#'), T`+monitor `, sentMaster(m, mip, 6379), T` quorum ${v(2)}`),
          cat(sentHead(g, '*'), T`+slave `, sentSlave(podIp(g), 6379, m, mip, 6379)),
        ];
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 102. ingress-nginx controller 1.10 (`kubectl logs`): nginx's access log in the chart's default
// `upstreaminfo` format (docs' log-format page: `... $request_length $request_time
// [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr
// $upstream_response_length $upstream_response_time $upstream_status $req_id`), one template per
// method (the access-log rule; an upstream-less redirect or 503 writes `- - - -`: its own shape,
// still per method), nginx's error log (the request inside it a parameter, as in the nginx
// format), and the controller's klog lines (`Lmmdd time pid file:line]`, source location part of
// the statement, quoted structured messages with `key="value"` pairs).

const ingTime = (g: Gen) => { const d = new Date(g.now); return `${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${hms(d)}.${micro(g)}`; };
const ingKlog = (g: Gen, lvl: string, site: string, msg: Made) => cat(T`${lvl}${v(ingTime(g))}       ${v(7)} ${site}] `, msg);
const ING_HOSTS: Array<[string, string, string[]]> = [
  ['shop.example.com', 'shop-storefront-80', ['/', '/products', `/products/sku-${'{n}'}`, '/cart', '/static/js/main.4f1c2a.js', '/static/css/app.css', '/favicon.ico']],
  ['api.example.com', 'shop-api-8080', ['/v1/products?page={n}', '/v1/cart/{n}', '/v1/orders/{n}', '/healthz', '/v1/search?q=shoes']],
  ['grafana.example.com', 'monitoring-grafana-80', ['/api/ds/query', '/api/live/ws', '/d/node-exporter/nodes', '/public/build/app.js']],
];
function ingAccess(g: Gen, method: string): Made {
  const [host, up, paths] = g.pickSkewed(ING_HOSTS);
  const path = g.pick(paths).replace('{n}', String(g.int(1, 9999)));
  const proto = g.pick(['HTTP/1.1', 'HTTP/2.0', 'HTTP/2.0']);
  const noUp = g.chance(0.04);
  const status = noUp ? g.pick([308, 503]) : method === 'GET' ? g.pick([200, 200, 200, 200, 304, 404, 499]) : g.pick([200, 201, 204, 400, 401, 502]);
  const rt = g.float(0.001, 0.9, 3);
  const bytes = noUp ? g.int(150, 200) : g.int(0, 90000);
  const head = T`${v(g.chance(0.8) ? g.publicIp() : podIp(g))} - ${v(g.chance(0.95) ? '-' : 'admin')} [${v(g.clf())}] "${method} ${v(path)} ${v(proto)}" ${v(status)} ${v(bytes)} "${v(g.chance(0.5) ? '-' : `https://${host}/`)}" "${v(g.pick(USER_AGENTS))}" ${v(g.int(30, 1500))} ${v(rt)} [${v(up)}] [${v('')}] `;
  if (noUp) return cat(head, T`- - - - ${v(g.hex(32))}`);
  return cat(head, T`${v(`10.244.${g.int(0, 5)}.${g.int(2, 250)}:${up.split('-').pop()}`)} ${v(bytes)} ${v(rt)} ${v(status === 499 ? '-' : status)} ${v(g.hex(32))}`);
}
const ngxErrTime = (g: Gen) => { const d = new Date(g.now); return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${hms(d)}`; };
const ingressNginx: FormatSpec = {
  name: 'ingress-nginx',
  split: 'tuned',
  description: 'ingress-nginx controller 1.10 (`kubectl logs`): default `upstreaminfo` access log per method (upstream name, address, timings, request id; `- - - -` without an upstream), nginx error lines (upstream timeouts, refused connects, buffered bodies), controller klog lines (reloads, missing endpoints, certificates, Ingress status, events)',
  tickMs: 500,
  templates: [
    { w: 60, make: (g) => ingAccess(g, 'GET') },
    { w: 14, make: (g) => ingAccess(g, 'POST') },
    { w: 3, make: (g) => ingAccess(g, 'PUT') },
    { w: 1.5, make: (g) => ingAccess(g, 'DELETE') },
    { w: 1.5, make: (g) => ingAccess(g, 'OPTIONS') },
    {
      w: 2.5,
      make: (g) => {
        const [host, , paths] = g.pick(ING_HOSTS);
        const path = g.pick(paths).replace('{n}', String(g.int(1, 9999)));
        const up = `http://10.244.${g.int(0, 5)}.${g.int(2, 250)}:8080${path}`;
        return g.chance(0.6)
          ? T`${v(ngxErrTime(g))} [error] ${v(`${g.int(30, 60)}#${g.int(30, 60)}`)}: *${v(g.int(1, 9999999))} upstream timed out (110: Operation timed out) while reading response header from upstream, client: ${v(g.publicIp())}, server: ${v(host)}, request: "${v(`${g.pick(['GET', 'POST'])} ${path} HTTP/1.1`)}", upstream: "${v(up)}", host: "${v(host)}"`
          : T`${v(ngxErrTime(g))} [error] ${v(`${g.int(30, 60)}#${g.int(30, 60)}`)}: *${v(g.int(1, 9999999))} connect() failed (111: Connection refused) while connecting to upstream, client: ${v(g.publicIp())}, server: ${v(host)}, request: "${v(`${g.pick(['GET', 'POST'])} ${path} HTTP/2.0`)}", upstream: "${v(up)}", host: "${v(host)}"`;
      },
    },
    { w: 1, make: (g) => T`${v(ngxErrTime(g))} [warn] ${v(`${g.int(30, 60)}#${g.int(30, 60)}`)}: *${v(g.int(1, 9999999))} a client request body is buffered to a temporary file ${v(`/tmp/nginx/client-body/00000${g.int(10000, 99999)}`)}, client: ${v(g.publicIp())}, server: ${v('api.example.com')}, request: "${v(`POST /v1/uploads HTTP/2.0`)}", host: "${v('api.example.com')}"` },
    {
      w: 1.2,
      make: (g) => [
        ingKlog(g, 'I', 'controller.go:190', T`"Configuration changes detected, backend reload required"`),
        ingKlog(g, 'I', 'event.go:364', T`Event(v1.ObjectReference{Kind:"Pod", Namespace:"${v('ingress-nginx')}", Name:"${v(`ingress-nginx-controller-${g.alnum(10)}-${g.alnum(5)}`)}", UID:"${v(g.uuid())}", APIVersion:"v1", ResourceVersion:"${v(g.int(1000, 9999999))}", FieldPath:""}): type: 'Normal' reason: 'RELOAD' NGINX reload triggered due to a change in configuration`),
        ingKlog(g, 'I', 'controller.go:210', T`"Backend successfully reloaded"`),
      ],
    },
    { w: 1.5, make: (g) => ingKlog(g, 'W', 'controller.go:1214', T`Service "${v(g.pick(['shop/cart', 'shop/recommendations', 'monitoring/grafana']))}" does not have any active Endpoint.`) },
    { w: 1, make: (g) => ingKlog(g, 'I', 'store.go:440', T`"Found valid IngressClass" ingress="${v(g.pick(['shop/storefront', 'shop/api', 'monitoring/grafana']))}" ingressclass="${v('nginx')}"`) },
    { w: 0.6, make: (g) => ingKlog(g, 'W', 'backend_ssl.go:47', T`Error obtaining X.509 certificate: no object matching key "${v(g.pick(['shop/storefront-tls', 'monitoring/grafana-tls']))}" in local store`) },
    { w: 0.6, make: (g) => ingKlog(g, 'I', 'status.go:304', T`"updating Ingress status" namespace="${v(g.pick(['shop', 'monitoring']))}" ingress="${v(g.pick(['storefront', 'api', 'grafana']))}" currentValue=${v('null')} newValue=${v(`[{"ip":"${g.publicIp()}"}]`)}`) },
    { w: 0.4, make: (g) => ingKlog(g, 'E', 'annotations.go:197', T`"error reading Ingress annotation" err="${v(g.pick(['location denied, reason: annotation contains invalid value', 'annotation nginx.ingress.kubernetes.io/configuration-snippet contains risky characters']))}" name="${v(g.pick(['shop/legacy', 'shop/api']))}" kind="${v('configuration-snippet')}"`) },
  ],
};

// ---------------------------------------------------------------------------------------------
// 103. cloudflared 2024.10 (`tunnel run`, default console output: zerolog's ConsoleWriter without
// colour), from cloudflared and Home Assistant add-on issues with pasted logs: `time LVL message
// key=value...`, the `error=` field first and the others sorted; an empty message leaves two
// spaces. Keys are constant, values variables (the structured rule inside text).

const cfd = (g: Gen, lvl: string, msg: Made, fields: Array<[string, string | number]> = []): Made => {
  const tail = fields.map(([k, x]) => T` ${k}=${v(typeof x === 'string' && /[\s"]/.test(x) ? JSON.stringify(x) : x)}`);
  return cat(T`${v(new Date(g.now).toISOString().slice(0, 19) + 'Z')} ${lvl} `, msg, ...tail);
};
const EDGE = () => ['198.41.192.7', '198.41.192.67', '198.41.200.13', '198.41.200.53', '198.41.192.227', '198.41.200.113'];
const LOCS = ['ams08', 'fra12', 'lhr01', 'cdg14', 'ams15', 'fra08'];
const ORIGINS = ['http://localhost:8123', 'http://homeassistant:8123', 'http://grafana.monitoring:3000', 'https://nextcloud:443'];
const QUIC_ERR = ['timeout: no recent network activity', 'failed to accept QUIC stream: timeout: no recent network activity', 'Application error 0x0 (remote)', 'failed to accept QUIC stream: Application error 0x0 (remote)'];
const cloudflared: FormatSpec = {
  name: 'cloudflared',
  split: 'tuned',
  description: 'cloudflared 2024.10 `tunnel run` (zerolog console: `time LVL message key=value`, `error=` first): connection registration and loss, QUIC serve errors and retries, origin dial failures (empty message), failed requests and streams, config updates, version warnings, start-up lines',
  tickMs: 3000,
  templates: [
    {
      w: 5,
      make: (g) => {
        const ci = g.int(0, 3);
        const ip = g.pick(EDGE());
        const err = g.pick(QUIC_ERR);
        const lvl = g.pick(['WRN', 'WRN', 'ERR']);
        return [
          cfd(g, 'INF', T`Unregistered tunnel connection`, [['connIndex', ci], ['event', 0], ['ip', ip]]),
          cfd(g, lvl, T`Failed to serve tunnel connection`, [['error', err], ['connIndex', ci], ['event', 0], ['ip', ip]]),
          cfd(g, lvl, T`Serve tunnel error`, [['error', err], ['connIndex', ci], ['event', 0], ['ip', ip]]),
          cfd(g, 'INF', T`Retrying connection in up to ${v(g.pick(['1s', '2s', '4s', '8s']))}`, [['connIndex', ci], ['event', 0], ['ip', ip]]),
          cfd(g, 'WRN', T`Connection terminated`, [['error', err.replace('failed to accept QUIC stream: ', '')], ['connIndex', ci]]),
          cfd(g, 'INF', T`Registered tunnel connection`, [['connIndex', ci], ['connection', g.uuid()], ['event', 0], ['ip', g.pick(EDGE())], ['location', g.pick(LOCS)], ['protocol', 'quic']]),
        ];
      },
    },
    {
      w: 22,
      make: (g) =>
        cfd(g, 'ERR', T``, [
          ['error', `Unable to reach the origin service. The service may be down or it may not be responding to traffic from cloudflared: ${g.pick(['dial tcp 127.0.0.1:8123: connect: connection refused', 'dial tcp: lookup grafana.monitoring on 10.96.0.10:53: no such host', 'EOF', 'net/http: timeout awaiting response headers'])}`],
          ['cfRay', `${g.hex(16)}-${g.pick(['AMS', 'FRA', 'LHR', 'CDG'])}`],
          ['event', 1],
          ['ingressRule', g.int(0, 3)],
          ['originService', g.pick(ORIGINS)],
        ]),
    },
    {
      w: 18,
      make: (g) =>
        cfd(g, 'ERR', T`Request failed`, [
          ['error', g.pick(['Incoming request ended abruptly: context canceled', 'stream 1409 canceled by remote with error code 0', 'Incoming request ended abruptly: Application error 0x0 (remote)'])],
          ['connIndex', g.int(0, 3)],
          ['dest', `https://${g.pick(['ha.example.com', 'grafana.example.com', 'cloud.example.com'])}${g.pick(['/api/websocket', '/api/live/ws', '/remote.php/dav/files/alice/', '/'])}`],
          ['event', 0],
          ['ip', g.pick(EDGE())],
          ['type', g.pick(['ws', 'http'])],
        ]),
    },
    {
      w: 6,
      make: (g) =>
        cfd(g, 'ERR', T`${v(g.pick(['failed to run the datagram handler', 'Failed to handle QUIC stream']))}`, [['error', g.pick(['timeout: no recent network activity', 'context canceled', 'Application error 0x0 (remote)'])], ['connIndex', g.int(0, 3)], ['event', 0], ['ip', g.pick(EDGE())]]),
    },
    {
      w: 3,
      make: (g) =>
        cfd(g, 'ERR', T`Failed to dial a quic connection`, [
          ['error', 'failed to dial to edge with quic: timeout: no recent network activity'],
          ['addr', `${g.pick(EDGE())}:7844`],
          ['connIndex', g.int(0, 3)],
          ['event', 0],
          ['ip', g.pick(EDGE())],
        ]),
    },
    { w: 2, make: (g) => cfd(g, 'INF', T`Updated to new configuration`, [['config', JSON.stringify({ ingress: [{ hostname: 'ha.example.com', service: g.pick(ORIGINS) }, { service: 'http_status:404' }], 'warp-routing': { enabled: false } })], ['version', g.int(2, 40)]]) },
    { w: 1, make: (g) => cfd(g, 'WRN', T`Your version ${v('2024.10.0')} is outdated. We recommend upgrading it to ${v(g.pick(['2024.12.1', '2024.11.1']))}`) },
    { w: 1.5, make: (g) => cfd(g, 'WRN', T`Failed to create new quic connection`, [['error', 'failed to dial to edge with quic: timeout: no recent network activity'], ['connIndex', g.int(0, 3)], ['event', 0], ['ip', g.pick(EDGE())]]) },
    {
      w: 0.4,
      make: (g) => {
        const tid = g.uuid();
        return [
          cfd(g, 'INF', T`Starting tunnel`, [['tunnelID', tid]]),
          cfd(g, 'INF', T`Version ${v('2024.10.0')} (Checksum ${v(g.hex(64))})`),
          cfd(g, 'INF', T`GOOS: ${v('linux')}, GOVersion: ${v('go1.22.5')}, GoArch: ${v('amd64')}`),
          cfd(g, 'INF', T`Settings: ${v(`map[cred-file:/etc/cloudflared/${tid}.json credentials-file:/etc/cloudflared/${tid}.json metrics:0.0.0.0:2000 no-autoupdate:true]`)}`),
          cfd(g, 'INF', T`Generated Connector ID: ${v(g.uuid())}`),
          cfd(g, 'INF', T`Initial protocol ${v('quic')}`),
          cfd(g, 'INF', T`ICMP proxy will use ${v('10.244.2.17')} as source for IPv4`),
          cfd(g, 'INF', T`Starting metrics server on ${v('[::]:2000/metrics')}`),
          ...[0, 1, 2, 3].map((ci) => cfd(g, 'INF', T`Registered tunnel connection`, [['connIndex', ci], ['connection', g.uuid()], ['event', 0], ['ip', g.pick(EDGE())], ['location', g.pick(LOCS)], ['protocol', 'quic']])),
        ];
      },
    },
  ],
};

export const ROUND15_FORMATS_A: readonly FormatSpec[] = [cockroach, redisSentinel, ingressNginx, cloudflared];
