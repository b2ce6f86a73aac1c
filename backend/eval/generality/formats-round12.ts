// Generality set, round 12: formats written from their own documentation and real output before
// any miner change of round 12, and UNTOUCHED: their per-format scores are printed only by
// `eval:templates --untouched` (README.md). None of them is in LogHub or in rounds 1-11: Zeek's
// conn.log (TSV), MinIO's JSON server log, Grafana Loki's own logfmt, Samba's smbd log, Nagios
// Core's nagios.log, chronyd through syslog and PgBouncer's log.
//
// Truth conventions are README.md's: a template is one log statement, its parameters variables
// however few values they take; header fields are variables; a logger, program or source location
// written in a line is part of the statement; structured lines (JSON, logfmt) are their message
// template plus their key set, or their key set where the record has no top-level message.
import { Gen, T, v, jsonLine, logfmtLine, MONTHS, USER_AGENTS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';

const p2 = (n: number) => String(n).padStart(2, '0');
function bsdTime(g: Gen): string {
  const d = new Date(g.now);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}
const nanoIso = (g: Gen) => new Date(g.now).toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(g.int(0, 999999)).padStart(6, '0')}Z`);

// ---------------------------------------------------------------------------------------------
// 79. Zeek 6 conn.log, TSV with its `#` header block written when a file is opened (rotation).
// A record is one statement per protocol layout (tcp, udp, icmp: as pfSense's filterlog), every
// field a variable; a header line is constant but for its value (`#open`'s time).

const ZEEK_FIELDS = 'ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents';
const ZEEK_TYPES = 'time\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]';
const zeekTs = (g: Gen) => (g.now / 1000).toFixed(6);
const zuid = (g: Gen) => `C${g.alnum(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`;
function zeekConn(g: Gen, proto: 'tcp' | 'udp' | 'icmp'): Made {
  const orig = g.privateIp();
  const resp = g.chance(0.6) ? g.publicIp() : g.privateIp();
  const [op, rp, svc] =
    proto === 'tcp'
      ? [g.int(32768, 60999), ...g.pick([[443, 'ssl'], [80, 'http'], [22, 'ssh'], [5432, '-'], [8443, 'ssl']] as Array<[number, string]>)]
      : proto === 'udp'
        ? [g.int(32768, 60999), ...g.pick([[53, 'dns'], [123, 'ntp'], [443, 'quic'], [514, '-']] as Array<[number, string]>)]
        : [g.pick([8, 3, 11]), g.pick([0, 3, 1]), '-'];
  const state = proto === 'tcp' ? g.pick(['SF', 'SF', 'S0', 'REJ', 'RSTO', 'RSTR', 'SH', 'OTH']) : g.pick(['SF', 'S0', 'OTH']);
  const hist = proto === 'tcp' ? g.pick(['ShADadFf', 'ShADadfF', 'S', 'Sr', 'ShADadR', 'ShAdDaFf', 'Dd']) : g.pick(['Dd', 'D', 'd']);
  const short = state === 'S0' || state === 'REJ';
  const ob = short ? '0' : String(g.int(0, 90000));
  const rb = short ? '0' : String(g.int(0, 900000));
  const op2 = g.int(1, 120);
  const rp2 = short ? g.int(0, 1) : g.int(1, 200);
  const f = [zeekTs(g), zuid(g), orig, op, resp, rp, svc, short && g.chance(0.5) ? '-' : g.float(0.0001, 120, 6), short && g.chance(0.5) ? '-' : ob, short && g.chance(0.5) ? '-' : rb, state, g.pick(['T', 'F']), g.pick(['T', 'F']), 0, hist, op2, op2 * g.int(40, 900), rp2, rp2 * g.int(40, 1400)];
  const p = f.map((x) => v(x));
  return T`${p[0]}\t${p[1]}\t${p[2]}\t${p[3]}\t${p[4]}\t${p[5]}\t${proto}\t${p[6]}\t${p[7]}\t${p[8]}\t${p[9]}\t${p[10]}\t${p[11]}\t${p[12]}\t${p[13]}\t${p[14]}\t${p[15]}\t${p[16]}\t${p[17]}\t${p[18]}\t(empty)`;
}
const zeekHeader = (g: Gen): Made[] => {
  const d = new Date(g.now);
  const open = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}-${p2(d.getUTCHours())}-${p2(d.getUTCMinutes())}-${p2(d.getUTCSeconds())}`;
  return [
    T`#separator \\x09`,
    T`#set_separator\t,`,
    T`#empty_field\t(empty)`,
    T`#unset_field\t-`,
    T`#path\tconn`,
    T`#open\t${v(open)}`,
    T`#fields\t${ZEEK_FIELDS}`,
    T`#types\t${ZEEK_TYPES}`,
  ];
};
const zeek: FormatSpec = {
  name: 'zeek-conn',
  split: 'tuned',
  description: 'Zeek 6 conn.log (TSV, 21 fields): tcp/udp/icmp connections with services, states and histories, `#` header blocks at rotation, `#close` lines',
  tickMs: 200,
  templates: [
    { w: 60, make: (g) => zeekConn(g, 'tcp') },
    { w: 30, make: (g) => zeekConn(g, 'udp') },
    { w: 5, make: (g) => zeekConn(g, 'icmp') },
    {
      w: 0.3,
      make: (g) => {
        const d = new Date(g.now);
        const close = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}-${p2(d.getUTCHours())}-${p2(d.getUTCMinutes())}-${p2(d.getUTCSeconds())}`;
        return [T`#close\t${v(close)}`, ...zeekHeader(g)];
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 80. MinIO RELEASE.2024 server with `--json` (console log): INFO lines carry `message`; error
// entries carry no message, only `api` and `error` objects (nested: one value each), so they
// are their key set.

const BUCKETS = ['loki-chunks', 'thanos', 'backups', 'gitlab-artifacts', 'velero'];
const minioInfo = (g: Gen, msg: Made): Made => jsonLine([['level', 'INFO'], ['errKind', ''], ['time', nanoIso(g)], ['message', null]], 'message', msg);
const minio: FormatSpec = {
  name: 'minio-json',
  split: 'tuned',
  description: 'MinIO 2024 server `--json` log: startup and healing INFO lines, API errors (api/error objects with source frames), disk and lock warnings, notification target errors',
  tickMs: 4000,
  templates: [
    {
      w: 30,
      make: (g) => {
        const b = g.pick(BUCKETS);
        const api = g.pick(['PutObject', 'GetObject', 'CompleteMultipartUpload', 'DeleteMultipleObjects', 'ListObjectsV2']);
        const err = g.pick([
          { message: 'The specified key does not exist.', source: ['internal/logger/logger.go:258:logger.LogIf()', 'cmd/object-handlers.go:611:cmd.objectAPIHandlers.getObjectHandler()'] },
          { message: 'context canceled', source: ['internal/logger/logger.go:258:logger.LogIf()', 'cmd/api-errors.go:2271:cmd.toAPIErrorCode()'] },
          { message: `Storage resources are insufficient for the write operation ${b}/${g.hex(8)}`, source: ['cmd/erasure-object.go:1297:cmd.erasureObjects.putObject()'] },
        ]);
        return jsonLine(
          [
            ['deploymentid', '5e7b1c4a-8f1e-4d6a-9a3c-2b1f0e9d7c6b'],
            ['level', 'ERROR'],
            ['errKind', 'ALL'],
            ['time', nanoIso(g)],
            ['api', { name: api, args: { bucket: b, object: `${g.pick(['fake', 'tenant-a', 'daily'])}/${g.hex(16)}` } }],
            ['remotehost', g.privateIp()],
            ['host', `minio-${g.int(0, 3)}.minio.storage.svc.cluster.local:9000`],
            ['requestID', g.hex(16).toUpperCase()],
            ['userAgent', g.pick(['MinIO (linux; amd64) minio-go/v7.0.70', 'aws-sdk-go/1.50.0 (go1.22.3; linux; amd64)', g.pick(USER_AGENTS)])],
            ['error', err],
          ],
          null
        );
      },
    },
    { w: 10, make: (g) => minioInfo(g, T`Healing drive '${v(`/data${g.int(1, 4)}`)}' complete (healed: ${v(g.int(0, 90000))}, skipped: ${v(g.int(0, 50))}, failed: ${v(g.int(0, 3))}).`) },
    { w: 8, make: (g) => minioInfo(g, T`Unable to connect to ${v(`http://minio-${g.int(0, 3)}.minio.storage.svc.cluster.local:9000/data${g.int(1, 4)}`)}: ${v(g.pick(['dial tcp: i/o timeout', 'connection refused', 'drive not found']))}`) },
    { w: 6, make: (g) => minioInfo(g, T`Client ${v(`http://minio-${g.int(0, 3)}.minio.storage.svc.cluster.local:9000/minio/lock/v1`)} online`) },
    { w: 6, make: (g) => minioInfo(g, T`Scanner cycle ${v(g.int(100, 9000))} completed, took ${v(`${g.int(1, 59)}m${g.int(0, 59)}.${g.int(100, 999)}s`)}`) },
    { w: 4, make: (g) => minioInfo(g, T`Automatically expiring ${v(g.int(1, 5000))} objects in bucket ${v(g.pick(BUCKETS))} per lifecycle rule ${v(g.alnum(12))}`) },
    { w: 2, make: (g) => minioInfo(g, T`Waiting for all MinIO sub-systems to be initialize... trying to acquire lock`) },
    { w: 2, make: (g) => minioInfo(g, T`All MinIO sub-systems initialized successfully in ${v(`${g.float(0.1, 9, 3)}s`)}`) },
  ],
};

// ---------------------------------------------------------------------------------------------
// 81. Grafana Loki 3.0's own log (go-kit logfmt: `level ts caller [component] msg ...`): querier
// metrics lines (`latency= query= ...`, no msg: the key set), ingester flushes, distributor
// rejects, compactor and table manager lines.

const loki = (g: Gen, level: string, caller: string, fields: Array<[string, string | number]>, msg?: Made): Made =>
  logfmtLine([['level', level], ['ts', g.iso().replace(/Z$/, `${String(g.int(0, 999999)).padStart(6, '0')}Z`)], ['caller', caller], ...(msg ? ([['msg', '']] as Array<[string, string]>) : []), ...fields], msg ? 'msg' : null, msg);
const LOKI_QUERIES = ['{app="checkout"} |= "error"', 'sum by (level) (count_over_time({namespace="prod"}[5m]))', '{job="nginx"} | json | status >= 500', 'rate({app="api"}[1m])'];
const lokiFmt: FormatSpec = {
  name: 'loki-logfmt',
  split: 'tuned',
  description: "Grafana Loki 3.0's own go-kit logfmt: querier metrics lines (no msg), ingester flushes, distributor rate-limit rejects, compactor, table manager, HTTP errors",
  tickMs: 1500,
  templates: [
    {
      w: 30,
      make: (g) => {
        const q = g.pick(LOKI_QUERIES);
        return loki(g, 'info', 'metrics.go:159', [
          ['component', 'frontend'],
          ['org_id', g.pick(['fake', 'tenant-a', 'tenant-b'])],
          ['traceID', g.hex(16)],
          ['latency', g.pick(['fast', 'fast', 'slow'])],
          ['query', q],
          ['query_hash', g.int(100000000, 4294967295)],
          ['query_type', q.startsWith('{') ? g.pick(['filter', 'limited']) : 'metric'],
          ['range_type', g.pick(['range', 'instant'])],
          ['length', g.pick(['1h0m0s', '6h0m0s', '5m0s', '24h0m0s'])],
          ['step', g.pick(['15s', '1m0s', '2s'])],
          ['duration', `${g.float(1, 9000, 2)}ms`],
          ['status', g.pick([200, 200, 200, 400, 499, 500])],
          ['limit', g.pick([100, 1000, 5000])],
          ['returned_lines', g.int(0, 5000)],
          ['throughput', `${g.float(1, 900, 1)}MB`],
          ['total_bytes', `${g.float(0.1, 900, 1)}MB`],
        ]);
      },
    },
    { w: 12, make: (g) => loki(g, 'info', 'flush.go:167', [['component', 'ingester']], T`flushing stream`) },
    { w: 6, make: (g) => loki(g, 'info', 'table_manager.go:136', [['index-store', 'tsdb-2024-04-01']], T`uploading tables`) },
    { w: 6, make: (g) => loki(g, 'info', 'checkpoint.go:611', [], T`starting checkpoint`) },
    { w: 6, make: (g) => loki(g, 'info', 'checkpoint.go:336', [['elapsed', `${g.float(1, 900, 3)}ms`]], T`checkpoint done`) },
    {
      w: 8,
      make: (g) =>
        loki(g, 'warn', 'grpc_logging.go:76', [['method', '/logproto.Pusher/Push'], ['duration', `${g.float(10, 900, 3)}µs`], ['err', `rpc error: code = Code(429) desc = entry with timestamp ${g.iso()} ignored, reason: 'Per stream rate limit exceeded (limit: 3MB/sec) while attempting to ingest for stream '{app="${g.pick(['api', 'checkout'])}"}' totaling ${g.int(1000, 90000)}B, consider splitting a stream via additional labels or contact your Loki administrator to see if the limit can be increased' for stream`]], T`gRPC`),
    },
    { w: 4, make: (g) => loki(g, 'info', 'compactor.go:688', [], T`compacting table`) },
    { w: 2, make: (g) => loki(g, 'error', 'retry.go:95', [['org_id', 'fake'], ['traceID', g.hex(16)], ['err', 'context canceled']], T`error processing request`) },
  ],
};

export const ROUND12_FORMATS_A: readonly FormatSpec[] = [zeek, minio, lokiFmt];

