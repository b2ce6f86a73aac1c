// Generality set, round 18 (second file): Trino's server.log, supervisord's own log and AWS VPC
// Flow Logs. See formats-round18.ts for the round and the truth conventions.
import { Gen, T, v, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';
import { ROUND18_FORMATS_A } from './formats-round18.js';

// ---------------------------------------------------------------------------------------------
// 125. Trino 449 coordinator `server.log` (Airlift's tab-separated `time\tLEVEL\tthread\tlogger\t
// message`, time with its zone offset), from the lines pasted in trinodb/trino issues and pull
// requests (TIMELINE lines with the query state since #13698, JMX GC lines, JdbcClient debug
// lines). Level and logger are part of the statement, the thread a header value. A Java exception
// logged with a message continues on header-less lines: the exception line, `\tat` frames,
// `Caused by:` and `\t... n more`, each a statement of its printer.

const trTime = (g: Gen) => g.iso();
const tr = (g: Gen, level: string, thread: string, logger: string, msg: Made): Made => cat(T`${v(trTime(g))}\t${level}\t${v(thread)}\t${logger}\t`, msg);
const queryId = (g: Gen) => {
  const d = new Date(g.now - g.int(0, 60000)).toISOString();
  return `${d.slice(0, 10).replace(/-/g, '')}_${d.slice(11, 19).replace(/:/g, '')}_${String(g.int(0, 99999)).padStart(5, '0')}_${g.alnum(5, 'abcdefghijklmnopqrstuvwxyz')}`;
};
const WORKERS = ['10.20.1.11', '10.20.1.12', '10.20.1.13', '10.20.1.14', '10.20.2.21', '10.20.2.22'];

const trino: FormatSpec = {
  name: 'trino',
  split: 'untouched',
  description: 'Trino 449 coordinator `server.log` (tab-separated `time LEVEL thread logger message`): TIMELINE lines of finished and failed queries, JMX GC lines, remote task errors with Java exceptions and frames line by line, missing and added workers, memory kills, JDBC connector debug lines',
  tickMs: 1500,
  templates: [
    {
      w: 14,
      make: (g) => {
        const el = g.int(30, 90000);
        const parts = [g.int(1, 400), g.int(0, 2000), g.int(1, 800), Math.max(0, el - 1200), g.int(0, 60)];
        const begin = new Date(g.now - el).toISOString();
        const head = T`TIMELINE: Query ${v(queryId(g))} :: `;
        const tail = T` :: elapsed ${v(el)}ms :: planning ${v(parts[0])}ms :: waiting ${v(parts[1])}ms :: scheduling ${v(parts[2])}ms :: running ${v(parts[3])}ms :: finishing ${v(parts[4])}ms :: begin ${v(begin)} :: end ${v(new Date(g.now).toISOString())}`;
        const state = g.chance(0.88) ? T`${v('FINISHED')}` : T`${v('FAILED')} (${v(g.pick(['SYNTAX_ERROR', 'TABLE_NOT_FOUND', 'EXCEEDED_TIME_LIMIT', 'COLUMN_NOT_FOUND', 'HIVE_METASTORE_ERROR', 'REMOTE_TASK_ERROR']))})`;
        return tr(g, 'INFO', `dispatcher-query-${g.int(1, 120)}`, 'io.trino.event.QueryMonitor', cat(head, state, tail));
      },
    },
    {
      w: 2,
      make: (g) => {
        const gc = g.chance(0.8) ? 'Major' : 'Minor';
        const before = g.float(8000, 60000, 2);
        return tr(g, 'INFO', 'Notification Thread', 'io.airlift.stats.JmxGcMonitor', T`${v(gc)} GC: application ${v(g.int(0, 900))}ms, stopped ${v(g.int(20, 4000))}ms:: ${v(`${before}MB`)} -> ${v(`${g.float(2000, Number(before), 2)}MB`)}`);
      },
    },
    {
      w: 1.4,
      make: (g) => {
        const q = queryId(g);
        const w = g.pick(WORKERS);
        const task = `${q}.${g.int(0, 6)}.${g.int(0, 3)}.0`;
        const out = [
          tr(g, 'WARN', `http-client-exchange-${g.int(1, 200)}`, 'io.trino.server.remotetask.RequestErrorTracker', T`Error getting task status ${v(task)}: ${v(`java.net.SocketTimeoutException: Connect Timeout: http://${w}:8080/v1/task/${task}`)}`),
          T`${v('java.io.UncheckedIOException')}: ${v(`java.net.SocketTimeoutException: Connect Timeout`)}`,
        ];
        for (const f of TR_FRAMES.slice(0, g.int(3, TR_FRAMES.length))) out.push(T`\tat ${v(f)}`);
        out.push(T`Caused by: ${v('java.net.SocketTimeoutException')}: ${v('Connect Timeout')}`, T`\tat ${v('org.eclipse.jetty.io.ManagedSelector$Connect.run(ManagedSelector.java:990)')}`, T`\t... ${v(g.int(3, 9))} more`);
        return out;
      },
    },
    {
      w: 0.8,
      make: (g) =>
        tr(g, 'WARN', `node-state-poller-${g.int(0, 3)}`, 'io.trino.metadata.DiscoveryNodeManager', T`Previously active node is missing: ${v(g.uuid())} (last seen at ${v(g.pick(WORKERS))})`),
    },
    {
      w: 0.5,
      make: (g) => tr(g, 'INFO', `node-state-poller-${g.int(0, 3)}`, 'io.trino.metadata.DiscoveryNodeManager', T`Node ${v(g.uuid())} (${v(`http://${g.pick(WORKERS)}:8080`)}) is now ${v(g.pick(['ACTIVE', 'ACTIVE', 'DRAINING']))}`),
    },
    {
      w: 0.5,
      make: (g) =>
        tr(g, 'INFO', 'ClusterMemoryManager', 'io.trino.memory.ClusterMemoryManager', T`Killing query ${v(queryId(g))}, with policy ${v('total-reservation-on-blocked-nodes')}, because it is using ${v(`${g.float(10, 60, 2)}GB`)} of memory and the cluster is out of memory`),
    },
    {
      w: 3,
      make: (g) => {
        const q = queryId(g);
        const t = `Query-${q}-${g.int(100, 9999)}`;
        const table = `${g.pick(['sales', 'crm', 'finance'])}.${g.pick(['orders', 'customers', 'invoices', 'payments'])}`;
        return [
          tr(g, 'DEBUG', t, 'io.trino.plugin.jdbc.JdbcClient', T`Invocation of getTableHandle(session=${v(`FullConnectorSession{queryId=${q}, user=${g.pick(['etl', 'analyst', 'superset'])}, source=${g.pick(['trino-cli', 'superset', 'dbt-trino-1.8.0'])}}`)}, schemaTableName=${v(table)}) succeeded in ${v(`${g.float(0.2, 80, 2)}${g.pick(['ms', 'us'])}`)}`),
          tr(g, 'DEBUG', t, 'io.trino.plugin.jdbc.JdbcClient', T`Invocation of getColumns(session=${v(`FullConnectorSession{queryId=${q}}`)}, tableHandle=${v(`${table} ${table.split('.').join('.public.')}`)}) succeeded in ${v(`${g.float(0.2, 80, 2)}ms`)}`),
        ];
      },
    },
    {
      w: 0.5,
      make: (g) => [
        tr(g, 'ERROR', `hive-hive-${g.int(0, 40)}`, 'io.trino.plugin.hive.metastore.thrift.ThriftHiveMetastore', T`Failed to get table ${v(`${g.pick(['raw', 'lake', 'staging'])}.${g.pick(['events', 'clicks', 'sessions'])}`)}`),
        T`${v('org.apache.thrift.transport.TTransportException')}: ${v('java.net.SocketException: Connection reset')}`,
        T`\tat ${v('org.apache.thrift.transport.TIOStreamTransport.read(TIOStreamTransport.java:179)')}`,
        T`\tat ${v('org.apache.thrift.transport.TTransport.readAll(TTransport.java:109)')}`,
        T`\tat ${v('io.trino.hive.thrift.metastore.ThriftHiveMetastore$Client.recv_get_table(ThriftHiveMetastore.java:2115)')}`,
      ],
    },
  ],
};

const TR_FRAMES = [
  'io.trino.server.remotetask.SimpleHttpResponseHandler.onFailure(SimpleHttpResponseHandler.java:80)',
  'com.google.common.util.concurrent.Futures$CallbackListener.run(Futures.java:1137)',
  'io.airlift.concurrent.BoundedExecutor.drainQueue(BoundedExecutor.java:79)',
  'java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)',
  'java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
];

// ---------------------------------------------------------------------------------------------
// 126. supervisord 4.2 `supervisord.log` (`loglevel=debug`) in a container running a PHP app's
// queue workers, a scheduler and nginx, from the lines pasted in Supervisor issues and the
// projects that run it (`%(asctime)s %(levelname)s %(message)s`, DEBG for debug). The level is part
// of the statement, a program name, pid and exit status parameters; `exited` lines with `expected`
// and `not expected` are different events (constant, as supervisord writes them from two
// branches), as `success:`, `gave up:`, `stopped:` and `spawned:`. With debug on, a child's output
// is written after a `DEBG 'name' stderr output:` line, raw: here a Laravel worker's lines and PHP
// fatal errors, each a statement of their own printer.

const sv = (g: Gen, level: string, msg: Made): Made => cat(T`${v(g.sqlTime().replace('.', ','))} ${level} `, msg);
const PROGS = ['queue-worker_00', 'queue-worker_01', 'queue-worker_02', 'queue-worker_03', 'scheduler', 'nginx', 'php-fpm', 'horizon'];
const svPid = (g: Gen) => g.int(30, 32000);
/** `success:` comes once the program has stayed up for startsecs (1 s here). */
const svRunning = (g: Gen, p: string): Made => {
  g.tick(1100);
  g.now += 1000;
  return sv(g, 'INFO', T`success: ${v(p)} entered RUNNING state, process has stayed up for > than ${v(1)} seconds (startsecs)`);
};

const supervisord: FormatSpec = {
  name: 'supervisord',
  split: 'untouched',
  description: "supervisord 4.2 (`loglevel=debug`) in a PHP app container: spawned / success / exited (expected, not expected, by signal) / gave up / stopped lines per program, SIGCLD and fd-closed debug lines, children's stdout/stderr output after `DEBG 'name' stderr output:`, start-up and shutdown lines",
  tickMs: 3000,
  templates: [
    {
      w: 6,
      make: (g) => {
        const p = g.pick(PROGS.slice(0, 5));
        const pid = svPid(g);
        const out = [
          sv(g, 'DEBG', T`fd ${v(g.int(7, 40))} closed, stopped monitoring ${v(`<POutputDispatcher at 1397${g.int(10000000000, 99999999999)} for <Subprocess at 1397${g.int(10000000000, 99999999999)} with name ${p} in state RUNNING> (${g.pick(['stdout', 'stderr'])})>`)}`),
          g.chance(0.8) ? sv(g, 'INFO', T`exited: ${v(p)} (exit status ${v(g.pick([0, 0, 1]))}; expected)`) : sv(g, 'WARN', T`exited: ${v(p)} (exit status ${v(g.pick([1, 255, 137]))}; not expected)`),
          sv(g, 'DEBG', T`received SIGCHLD indicating a child quit`),
        ];
        if (p !== 'scheduler' || g.chance(0.3)) {
          out.push(sv(g, 'INFO', T`spawned: '${v(p)}' with pid ${v(pid)}`));
          out.push(svRunning(g, p));
        }
        return out;
      },
    },
    {
      w: 5,
      make: (g) => {
        const p = g.pick(PROGS.slice(0, 4));
        const out = [sv(g, 'DEBG', T`'${v(p)}' stdout output:`)];
        const job = g.pick(['App\\Jobs\\SendOrderConfirmation', 'App\\Jobs\\SyncInventory', 'App\\Jobs\\GenerateInvoicePdf', 'App\\Notifications\\ShipmentDispatched', 'App\\Listeners\\ReindexProduct']);
        const t = g.sqlTime().slice(0, 19);
        const n = g.int(1, 4);
        // Laravel pads the job name with dots to the terminal width (80): the dots go with the name
        const padded = (tail: string) => `${job} ${'.'.repeat(Math.max(3, 80 - 2 - t.length - 1 - job.length - 2 - tail.length))}`;
        for (let i = 0; i < n; i++) {
          out.push(T`  ${v(t)} ${v(padded('RUNNING'))} RUNNING`);
          const ms = `${g.float(1, 900, 2)}ms`;
          out.push(g.chance(0.92) ? T`  ${v(t)} ${v(padded(`${ms} DONE`))} ${v(ms)} DONE` : T`  ${v(t)} ${v(padded(`${ms} FAIL`))} ${v(ms)} FAIL`);
        }
        out.push(T``);
        return out;
      },
    },
    {
      w: 1.2,
      make: (g) => {
        const p = g.pick(PROGS.slice(0, 4));
        const pid = svPid(g);
        const file = g.pick(['/var/www/html/app/Services/StockSync.php', '/var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php', '/var/www/html/app/Jobs/GenerateInvoicePdf.php']);
        return [
          sv(g, 'DEBG', T`'${v(p)}' stderr output:`),
          T`PHP Fatal error:  ${v(g.pick([`Allowed memory size of 134217728 bytes exhausted (tried to allocate ${g.int(4096, 9e6)} bytes)`, 'Maximum execution time of 60 seconds exceeded']))} in ${v(file)} on line ${v(g.int(20, 900))}`,
          T``,
          sv(g, 'DEBG', T`fd ${v(g.int(7, 40))} closed, stopped monitoring ${v(`<POutputDispatcher at 1397${g.int(10000000000, 99999999999)} for <Subprocess at 1397${g.int(10000000000, 99999999999)} with name ${p} in state RUNNING> (stdout)>`)}`),
          sv(g, 'WARN', T`exited: ${v(p)} (exit status ${v(255)}; not expected)`),
          sv(g, 'DEBG', T`received SIGCHLD indicating a child quit`),
          sv(g, 'INFO', T`spawned: '${v(p)}' with pid ${v(pid)}`),
          svRunning(g, p),
        ];
      },
    },
    {
      w: 0.5,
      make: (g) => {
        const p = 'horizon';
        const out: Made[] = [];
        const tries = g.int(2, 4);
        for (let i = 0; i < tries; i++) {
          out.push(sv(g, 'INFO', T`spawned: '${v(p)}' with pid ${v(svPid(g))}`));
          out.push(sv(g, 'DEBG', T`'${v(p)}' stderr output:`), T`In ${v(g.pick(['Connection.php', 'PhpRedisConnector.php', 'StreamConnection.php']))} line ${v(g.pick([72, 159, 829]))}:`, T``);
          out.push(sv(g, 'WARN', T`exited: ${v(p)} (exit status ${v(1)}; not expected)`));
        }
        out.push(sv(g, 'INFO', T`gave up: ${v(p)} entered FATAL state, too many start retries too quickly`));
        return out;
      },
    },
    {
      w: 0.4,
      make: (g) => {
        const p = g.pick(PROGS.slice(0, 4));
        return [
          sv(g, 'INFO', T`waiting for ${v(p)} to stop`),
          g.chance(0.7) ? sv(g, 'INFO', T`stopped: ${v(p)} (exit status ${v(0)})`) : sv(g, 'WARN', T`stopped: ${v(p)} (terminated by ${v('SIGTERM')})`),
          sv(g, 'INFO', T`spawned: '${v(p)}' with pid ${v(svPid(g))}`),
          svRunning(g, p),
        ];
      },
    },
    {
      w: 0.3,
      make: (g) => [sv(g, 'WARN', T`killing '${v(g.pick(PROGS.slice(0, 4)))}' (${v(svPid(g))}) with SIGKILL`), sv(g, 'WARN', T`stopped: ${v(g.pick(PROGS.slice(0, 4)))} (terminated by ${v('SIGKILL')})`)],
    },
    {
      w: 0.15,
      make: (g) => {
        const out = [
          sv(g, 'WARN', T`received SIGTERM indicating exit request`),
          sv(g, 'INFO', T`waiting for ${v(PROGS.slice(0, 7).join(', '))} to die`),
        ];
        for (const p of PROGS.slice(0, 3)) out.push(sv(g, 'INFO', T`stopped: ${v(p)} (exit status ${v(0)})`));
        out.push(sv(g, 'CRIT', T`Supervisor is running as root.  Privileges were not dropped because no user is specified in the config file.  If you intend to run as root, you can set user=root in the config file to avoid this message.`));
        out.push(sv(g, 'INFO', T`Included extra file "${v('/etc/supervisor/conf.d/app.conf')}" during parsing`));
        out.push(sv(g, 'INFO', T`RPC interface '${v('supervisor')}' initialized`));
        out.push(sv(g, 'CRIT', T`Server '${v('unix_http_server')}' running without any HTTP authentication checking`));
        out.push(sv(g, 'INFO', T`supervisord started with pid ${v(1)}`));
        for (const p of PROGS) out.push(sv(g, 'INFO', T`spawned: '${v(p)}' with pid ${v(svPid(g))}`));
        return out;
      },
    },
    { w: 0.4, make: (g) => sv(g, 'INFO', T`reaped unknown pid ${v(svPid(g))} (exit status ${v(0)})`) },
  ],
};

// ---------------------------------------------------------------------------------------------
// 127. AWS VPC Flow Logs delivered to S3 with a custom format (the default fields, then
// `vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr flow-direction
// traffic-path`), from the AWS flow-log record reference and its examples, and the files pasted in
// gists and blog posts. Each delivered file starts with its header line of field names (one
// statement). A record has no message: its layout is the statement and every field a variable,
// but `action` and `log-status` name what happened (as UFW's BLOCK/ALLOW): ACCEPT/REJECT and
// OK/NODATA/SKIPDATA are constant. A NODATA or SKIPDATA record writes `-` for the flow fields.

const VPC_HEADER = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr flow-direction traffic-path';
const ACCOUNT = '418295711934';
/** 17-hex-digit resource ids (`eni-0...`), fixed per index so every run names the same interfaces. */
const rid17 = (i: number, salt: number) => `0${[1, 2].map((k) => ((Math.imul(i + 1, 2654435761) ^ Math.imul(salt + k, 40503)) >>> 0).toString(16).padStart(8, '0')).join('')}`;
const ENIS = Array.from({ length: 14 }, (_, i) => [`eni-${rid17(i, 1)}`, `subnet-${rid17(i % 4, 7)}`, i % 5 === 4 ? '-' : `i-${rid17(i, 13)}`] as const);
const VPC = 'vpc-0b12c3d4e5f60718a';

function vpcRecord(g: Gen): Made {
  const [eni, subnet, inst] = g.pick(ENIS);
  const end = Math.floor(g.now / 1000);
  const start = end - g.int(5, 60);
  const reject = g.chance(0.22);
  const ingress = reject || g.chance(0.5);
  const v6 = g.chance(0.08);
  const local = v6 ? `2600:1f18:${g.hex(4)}:${g.hex(4)}:${g.hex(4)}:${g.hex(4)}:${g.hex(4)}:${g.hex(4)}` : g.privateIp();
  const remote = v6 ? `2a01:4f8:${g.hex(4)}::${g.hex(3)}` : g.chance(0.6) ? g.publicIp() : g.privateIp();
  const proto = g.pickSkewed([6, 6, 6, 17, 17, 1]);
  const svc = proto === 1 ? 0 : g.pick([443, 443, 22, 53, 5432, 6379, 8080, 3389, 123]);
  const eph = proto === 1 ? 0 : g.int(1024, 65535);
  const [src, dst, sp, dp] = ingress ? [remote, local, eph, svc] : [local, remote, eph, svc];
  const pk = reject ? g.int(1, 3) : g.int(1, 9000);
  const flags = proto !== 6 ? 0 : reject ? 2 : g.pick([2, 3, 18, 19, 1, 27]);
  const action = reject ? 'REJECT' : 'ACCEPT';
  const pathV = ingress ? '-' : String(g.pick([1, 1, 2, 8]));
  return T`${v(5)} ${v(ACCOUNT)} ${v(eni)} ${v(src)} ${v(dst)} ${v(sp)} ${v(dp)} ${v(proto)} ${v(pk)} ${v(pk * g.int(40, 1400))} ${v(start)} ${v(end)} ${action} OK ${v(VPC)} ${v(subnet)} ${v(inst)} ${v(flags)} ${v(v6 ? 'IPv6' : 'IPv4')} ${v(src)} ${v(dst)} ${v(ingress ? 'ingress' : 'egress')} ${v(pathV)}`;
}

const vpcFlow: FormatSpec = {
  name: 'aws-vpc-flow',
  split: 'untouched',
  description: 'AWS VPC Flow Logs in S3, custom format (the 14 default fields, then vpc-id, subnet-id, instance-id, tcp-flags, type, pkt-srcaddr, pkt-dstaddr, flow-direction, traffic-path): ACCEPT and REJECT records (TCP, UDP, ICMP, IPv6), NODATA and SKIPDATA records with `-` fields, a header line per delivered file',
  tickMs: 120,
  templates: [
    { w: 60, make: (g) => vpcRecord(g) },
    {
      w: 1.5,
      make: (g) => {
        const [eni, subnet, inst] = g.pick(ENIS);
        const end = Math.floor(g.now / 1000);
        return T`${v(5)} ${v(ACCOUNT)} ${v(eni)} - - - - - - - ${v(end - g.int(40, 60))} ${v(end)} - NODATA ${v(VPC)} ${v(subnet)} ${v(inst)} - - - - - -`;
      },
    },
    {
      w: 0.3,
      make: (g) => {
        const [eni, subnet, inst] = g.pick(ENIS);
        const end = Math.floor(g.now / 1000);
        return T`${v(5)} ${v(ACCOUNT)} ${v(eni)} - - - - - - - ${v(end - g.int(40, 60))} ${v(end)} - SKIPDATA ${v(VPC)} ${v(subnet)} ${v(inst)} - - - - - -`;
      },
    },
    { w: 0.6, make: () => T`${VPC_HEADER}` },
  ],
};

export const ROUND18_FORMATS: readonly FormatSpec[] = [...ROUND18_FORMATS_A, trino, supervisord, vpcFlow];
