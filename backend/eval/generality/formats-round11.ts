// Generality set, round 11 (part 1 of 2; formats-round11b.ts holds the rest): formats written from
// their own documentation and real output before any miner change of round 11, and UNTOUCHED: their
// per-format scores are printed only by `eval:templates --untouched` (README.md). None of them is
// in LogHub or in rounds 1-10: a Google Cloud Logging JSON export, a Prometheus server's logfmt,
// vsftpd's own log and Keepalived through syslog; OpenLDAP's slapd, Unbound and Kea DHCPv4 are in
// part 2.
//
// Truth conventions are README.md's: a template is one log statement, its parameters variables
// however few values they take; header fields are variables; a logger, program or message id
// written in a line is part of the statement; structured lines (JSON, logfmt) are their message
// template plus their key set, or their key set where the record has no top-level message.
import { Gen, T, v, jsonLine, logfmtLine, MONTHS, USER_AGENTS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';
import { ROUND11_FORMATS_B } from './formats-round11b.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
function bsdTime(g: Gen): string {
  const d = new Date(g.now);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}
const nanoIso = (g: Gen, t = g.now) => new Date(t).toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(g.int(0, 999999)).padStart(6, '0')}Z`);

// ---------------------------------------------------------------------------------------------
// 72. Google Cloud Logging entries exported by a sink to Cloud Storage (one LogEntry JSON a line,
// the export's key order: insertId, payload, httpRequest, resource, timestamp, severity, labels,
// logName, trace, spanId, trace_sampled, receiveTimestamp). A Cloud Run service writes text to
// stdout/stderr (`textPayload`: the message), structured JSON (`jsonPayload`: a nested object,
// one value, so the record is its key set), and the platform writes request logs (`httpRequest`,
// no payload) and audit entries (`protoPayload`).

const PROJECT = 'acme-prod-4821';
const SERVICES = ['checkout-api', 'catalog', 'notifier'];
const runResource = (g: Gen, svc: string) => ({
  type: 'cloud_run_revision',
  labels: { configuration_name: svc, location: g.pick(['europe-west1', 'us-central1']), project_id: PROJECT, revision_name: `${svc}-000${g.int(41, 48)}-${g.alnum(3)}`, service_name: svc },
});
const insertId = (g: Gen) => `${g.hex(8)}000${g.hex(5)}${g.hex(8)}`.slice(0, 24);
const traceId = (g: Gen) => `projects/${PROJECT}/traces/${g.hex(32)}`;
const gcpSeverity = (sev: string) => sev;

function gcpText(g: Gen, sev: string, msg: Made, withTrace: boolean): Made {
  const svc = g.pick(SERVICES);
  const stream = sev === 'ERROR' || sev === 'WARNING' ? 'stderr' : 'stdout';
  const fields: Array<[string, unknown]> = [
    ['insertId', insertId(g)],
    ['textPayload', null],
    ['resource', runResource(g, svc)],
    ['timestamp', nanoIso(g)],
    ['severity', gcpSeverity(sev)],
    ['labels', { instanceId: `00${g.hex(60)}` }],
    ['logName', `projects/${PROJECT}/logs/run.googleapis.com%2F${stream}`],
  ];
  if (withTrace) fields.push(['trace', traceId(g)]);
  fields.push(['receiveTimestamp', nanoIso(g, g.now + g.int(20, 900))]);
  return jsonLine(fields, 'textPayload', msg);
}
const SKUS = ['SKU-10442', 'SKU-20931', 'SKU-77310', 'SKU-00418'];
const CARRIERS = ['dhl', 'ups', 'gls'];

function gcpRequest(g: Gen): Made {
  const svc = g.pick(SERVICES);
  const method = g.pickSkewed(['GET', 'GET', 'POST', 'PUT', 'DELETE']);
  const status = g.pickSkewed([200, 200, 200, 201, 204, 304, 404, 429, 500, 503]);
  const http = {
    requestMethod: method,
    requestUrl: `https://${svc}-q7xk2hfwla-ew.a.run.app${g.pick(['/v1/orders', '/v1/orders/' + g.int(10000, 99999), '/v1/products?page=' + g.int(1, 40), '/healthz', '/v1/notify'])}`,
    requestSize: String(g.int(200, 4000)),
    status,
    responseSize: String(g.int(0, 90000)),
    userAgent: g.pick(USER_AGENTS),
    remoteIp: g.publicIp(),
    serverIp: `169.254.${g.int(1, 254)}.${g.int(1, 254)}`,
    latency: `${g.float(0.001, 2.5, 6)}s`,
    protocol: g.pick(['HTTP/1.1', 'HTTP/2']),
  };
  const sev = status >= 500 ? 'ERROR' : status >= 400 ? 'WARNING' : 'INFO';
  return jsonLine(
    [
      ['insertId', insertId(g)],
      ['httpRequest', http],
      ['resource', runResource(g, svc)],
      ['timestamp', nanoIso(g)],
      ['severity', sev],
      ['labels', { instanceId: `00${g.hex(60)}` }],
      ['logName', `projects/${PROJECT}/logs/run.googleapis.com%2Frequests`],
      ['trace', traceId(g)],
      ['trace_sampled', g.chance(0.1)],
      ['receiveTimestamp', nanoIso(g, g.now + g.int(20, 900))],
    ],
    null
  );
}

function gcpJson(g: Gen): Made {
  const svc = g.pick(SERVICES);
  const kind = g.int(0, 3);
  const payload =
    kind === 0
      ? { message: `order ${g.int(10000, 99999)} paid`, order_id: g.int(10000, 99999), amount_cents: g.int(500, 90000), currency: g.pick(['EUR', 'USD']) }
      : kind === 1
        ? { message: 'inventory reserved', sku: g.pick(SKUS), quantity: g.int(1, 9), warehouse: g.pick(['ams-1', 'fra-2']) }
        : kind === 2
          ? { message: 'shipment label created', carrier: g.pick(CARRIERS), tracking: `${g.alnum(4).toUpperCase()}${g.int(100000, 999999)}` }
          : { message: 'payment provider timeout', provider: g.pick(['stripe', 'adyen']), attempt: g.int(1, 3), error: g.pick(['context deadline exceeded', 'read tcp: i/o timeout']) };
  const sev = kind === 3 ? 'WARNING' : 'INFO';
  return jsonLine(
    [
      ['insertId', insertId(g)],
      ['jsonPayload', payload],
      ['resource', runResource(g, svc)],
      ['timestamp', nanoIso(g)],
      ['severity', sev],
      ['labels', { instanceId: `00${g.hex(60)}` }],
      ['logName', `projects/${PROJECT}/logs/run.googleapis.com%2Fstdout`],
      ['trace', traceId(g)],
      ['spanId', g.hex(16)],
      ['receiveTimestamp', nanoIso(g, g.now + g.int(20, 900))],
    ],
    null
  );
}

function gcpAudit(g: Gen): Made {
  const method = g.pick(['google.cloud.run.v2.Services.UpdateService', 'google.cloud.run.v1.Services.ReplaceService', 'storage.objects.create']);
  const who = g.pick(['deploy@acme-prod-4821.iam.gserviceaccount.com', 'alice@acme.example', 'bob@acme.example']);
  return jsonLine(
    [
      ['protoPayload', { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', status: {}, authenticationInfo: { principalEmail: who }, requestMetadata: { callerIp: g.publicIp(), callerSuppliedUserAgent: g.pick(['google-cloud-sdk gcloud/478.0.0', 'Terraform/1.8.5 google-provider/5.33.0']) }, serviceName: method.startsWith('storage') ? 'storage.googleapis.com' : 'run.googleapis.com', methodName: method, resourceName: `projects/${PROJECT}/locations/europe-west1/services/${g.pick(SERVICES)}` }],
      ['insertId', g.alnum(12)],
      ['resource', { type: method.startsWith('storage') ? 'gcs_bucket' : 'cloud_run_revision', labels: { project_id: PROJECT, location: 'europe-west1' } }],
      ['timestamp', nanoIso(g)],
      ['severity', 'NOTICE'],
      ['logName', `projects/${PROJECT}/logs/cloudaudit.googleapis.com%2Factivity`],
      ['receiveTimestamp', nanoIso(g, g.now + g.int(100, 2000))],
    ],
    null
  );
}

const gcpLogging: FormatSpec = {
  name: 'gcp-logging-json',
  split: 'tuned',
  description:
    'Google Cloud Logging entries of a Cloud Run project exported by a sink (LogEntry JSON, one a line): textPayload messages from stdout/stderr, jsonPayload records, request logs (httpRequest), audit entries (protoPayload)',
  tickMs: 700,
  templates: [
    { w: 26, make: (g) => gcpRequest(g) },
    { w: 10, make: (g) => gcpJson(g) },
    { w: 1, make: (g) => gcpAudit(g) },
    { w: 8, make: (g) => gcpText(g, 'INFO', T`Processed order ${v(g.int(10000, 99999))} in ${v(g.int(3, 900))} ms`, true) },
    { w: 5, make: (g) => gcpText(g, 'INFO', T`Cache miss for key product:${v(g.pick(SKUS))}, loading from Firestore`, true) },
    { w: 3, make: (g) => gcpText(g, 'DEFAULT', T`Listening on port ${v(8080)}`, false) },
    { w: 2, make: (g) => gcpText(g, 'INFO', T`Connected to Cloud SQL instance ${v(`${PROJECT}:europe-west1:${g.pick(['orders-db', 'catalog-db'])}`)} via ${v(g.pick(['private IP', 'public IP']))}`, false) },
    { w: 3, make: (g) => gcpText(g, 'WARNING', T`Retrying Pub/Sub publish to topic ${v(g.pick(['orders-paid', 'stock-changed']))} after ${v(g.pick(['DEADLINE_EXCEEDED', 'UNAVAILABLE']))} (attempt ${v(g.int(1, 4))} of 5)`, true) },
    { w: 2, make: (g) => gcpText(g, 'ERROR', T`Error: failed to fetch exchange rates: ${v(g.pick(['Request failed with status code 503', 'getaddrinfo ENOTFOUND rates.example.net', 'socket hang up']))}`, true) },
    { w: 2, make: (g) => gcpText(g, 'INFO', T`Sent ${v(g.pick(['order-confirmation', 'shipping-update', 'password-reset']))} email to ${v(`${g.pick(['j.smith', 'mia', 'k.tanaka', 'o.ndiaye'])}@${g.pick(['gmail.com', 'example.org'])}`)} (message id ${v(`<${g.hex(16)}@mail.acme.example>`)})`, true) },
    {
      w: 1,
      make: (g) =>
        gcpText(g, 'WARNING', T`Container called exit(${v(g.pick([0, 1, 137]))}).`, false),
    },
    {
      w: 1,
      make: (g) =>
        gcpText(g, 'ERROR', T`The request failed because either the HTTP response was malformed or connection to the instance had an error. Additional troubleshooting documentation can be found at: ${v('https://cloud.google.com/run/docs/troubleshooting#malformed-response-or-connection-error')}`, false),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 73. Prometheus 2.53 server, its default go-kit logfmt (`ts caller level [component] msg ...`):
// scrape failures and appends out of bounds, remote write retries and resharding, the notifier,
// rule evaluation, TSDB head compaction, WAL checkpoints and block writes, config reloads,
// Kubernetes service discovery.

const TARGETS = ['http://10.4.1.17:9100/metrics', 'http://10.4.2.33:8080/metrics', 'http://10.4.0.9:9113/metrics', 'https://10.4.3.2:10250/metrics/cadvisor'];
const POOLS = ['node-exporter', 'kubernetes-pods', 'nginx', 'kubelet-cadvisor'];
const ulid = (g: Gen) => `01J${g.alnum(23, '0123456789ABCDEFGHJKMNPQRSTVWXYZ')}`;
const promLine = (g: Gen, caller: string, level: string, component: string | null, msg: Made, rest: Array<[string, string | number]>) =>
  logfmtLine([['ts', g.iso()], ['caller', caller], ['level', level], ...(component ? ([['component', component]] as Array<[string, string]>) : []), ['msg', ''], ...rest], 'msg', msg);
const dur = (g: Gen, lo: number, hi: number) => `${g.float(lo, hi, 3)}ms`;

const prometheus: FormatSpec = {
  name: 'prometheus-server',
  split: 'tuned',
  description:
    'Prometheus 2.53 server, go-kit logfmt: scrape failures and out-of-bounds appends, remote write retries and resharding, notifier errors, failed rule evaluations, TSDB compaction / WAL checkpoints / block writes, config reloads, Kubernetes SD',
  tickMs: 1500,
  templates: [
    {
      w: 14,
      make: (g) => {
        const t = g.pick(TARGETS);
        return promLine(g, 'scrape.go:1393', 'debug', 'scrape manager', T`Scrape failed`, [
          ['scrape_pool', g.pick(POOLS)],
          ['target', t],
          ['err', g.pick([`Get "${t}": context deadline exceeded`, `Get "${t}": dial tcp ${t.split('/')[2]}: connect: connection refused`, 'server returned HTTP status 503 Service Unavailable', 'body size limit exceeded'])],
        ]);
      },
    },
    {
      w: 6,
      make: (g) =>
        promLine(g, 'scrape.go:1777', 'warn', 'scrape manager', T`Error on ingesting samples that are too old or are too far into the future`, [
          ['scrape_pool', g.pick(POOLS)],
          ['target', g.pick(TARGETS)],
          ['num_dropped', g.int(1, 400)],
        ]),
    },
    {
      w: 8,
      make: (g) =>
        promLine(g, 'dedupe.go:112', 'warn', 'remote', T`Failed to send batch, retrying`, [
          ['remote_name', g.pick(['3f9a1c', 'b72e04'])],
          ['url', g.pick(['https://mimir.obs.acme.example/api/v1/push', 'https://prometheus-prod-24.grafana.net/api/prom/push'])],
          ['err', g.pick(['server returned HTTP status 429 Too Many Requests: the request has been rejected because the tenant exceeded the ingestion rate limit', 'Post "https://mimir.obs.acme.example/api/v1/push": context deadline exceeded', 'server returned HTTP status 500 Internal Server Error: upstream connect error'])],
        ]),
    },
    {
      w: 4,
      make: (g) => {
        const from = g.int(1, 20);
        return promLine(g, 'dedupe.go:112', 'info', 'remote', T`Remote storage resharding`, [
          ['remote_name', g.pick(['3f9a1c', 'b72e04'])],
          ['url', 'https://mimir.obs.acme.example/api/v1/push'],
          ['from', from],
          ['to', from + g.int(1, 12)],
        ]);
      },
    },
    {
      w: 3,
      make: (g) =>
        promLine(g, 'notifier.go:587', 'error', 'notifier', T`Error sending alert`, [
          ['alertmanager', g.pick(['http://10.4.5.11:9093/api/v2/alerts', 'http://10.4.5.12:9093/api/v2/alerts'])],
          ['count', g.int(1, 12)],
          ['err', g.pick(['Post "http://10.4.5.11:9093/api/v2/alerts": context deadline exceeded', 'bad response status 503 Service Unavailable'])],
        ]),
    },
    {
      w: 4,
      make: (g) =>
        promLine(g, 'manager.go:187', 'warn', 'rule manager', T`Evaluating rule failed`, [
          ['file', g.pick(['/etc/prometheus/rules/node.yml', '/etc/prometheus/rules/kubernetes-apps.yml'])],
          ['group', g.pick(['node.rules', 'kubernetes-apps'])],
          ['name', g.pick(['NodeHighLoad', 'KubePodCrashLooping', 'instance:node_cpu:rate5m'])],
          ['index', g.int(0, 14)],
          ['err', g.pick(['found duplicate series for the match group {instance="10.4.1.17:9100"} on the right hand-side of the operation', 'query timed out in expression evaluation', 'many-to-many matching not allowed: matching labels must be unique on one side'])],
        ]),
    },
    {
      w: 3,
      make: (g) => {
        const mint = 1718172000000 + g.int(0, 9) * 7200000;
        return promLine(g, 'compact.go:576', 'info', 'tsdb', T`write block`, [['mint', mint], ['maxt', mint + 7200000], ['ulid', ulid(g)], ['duration', `${g.float(0.4, 9, 3)}s`], ['ooo', 'false']]);
      },
    },
    {
      w: 3,
      make: (g) => [
        promLine(g, 'head.go:1296', 'info', 'tsdb', T`Head GC completed`, [['caller', 'truncateMemory'], ['duration', dur(g, 2, 90)]]),
        promLine(g, 'checkpoint.go:101', 'info', 'tsdb', T`Creating checkpoint`, [['from_segment', g.int(100, 300)], ['to_segment', g.int(301, 400)], ['mint', 1718179200000 + g.int(0, 9) * 7200000]]),
        promLine(g, 'head.go:1266', 'info', 'tsdb', T`WAL checkpoint complete`, [['first', g.int(100, 300)], ['last', g.int(301, 400)], ['duration', dur(g, 40, 900)]]),
      ],
    },
    {
      w: 1,
      make: (g) => promLine(g, 'db.go:1661', 'info', 'tsdb', T`Deleting obsolete block`, [['block', ulid(g)]]),
    },
    {
      w: 1,
      make: (g) =>
        promLine(g, 'main.go:1372', 'info', null, T`Completed loading of configuration file`, [
          ['filename', '/etc/prometheus/prometheus.yml'],
          ['totalDuration', dur(g, 10, 80)],
          ['db_storage', `${g.float(1, 3, 1)}µs`],
          ['remote_storage', dur(g, 0.1, 2)],
          ['web_handler', '812ns'],
          ['query_engine', '1.02µs'],
          ['scrape', dur(g, 0.5, 5)],
          ['scrape_sd', dur(g, 0.5, 5)],
          ['notify', `${g.float(20, 90, 1)}µs`],
          ['notify_sd', `${g.float(10, 40, 1)}µs`],
          ['rules', dur(g, 1, 30)],
          ['tracing', '4.1µs'],
        ]),
    },
    {
      w: 1,
      make: (g) =>
        promLine(g, 'kubernetes.go:331', 'info', 'discovery manager scrape', T`Using pod service account via in-cluster config`, [
          ['discovery', 'kubernetes'],
          ['config', g.pick(['kubernetes-pods', 'kubelet-cadvisor'])],
        ]),
    },
    {
      w: 2,
      make: (g) =>
        promLine(g, 'klog.go:108', 'warn', 'k8s_client_runtime', T`pkg/mod/k8s.io/client-go@v0.29.3/tools/cache/reflector.go:229: watch of ${v(`*v1.${g.pick(['Pod', 'Endpoints', 'Service'])}`)} ended with: ${v(g.pick(['an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding', 'very short watch: pkg/mod/k8s.io/client-go@v0.29.3/tools/cache/reflector.go:229: Unexpected watch close - watch lasted less than a second and no items received']))}`, [['func', 'Warningf']]),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 74. vsftpd 3.0.5's own log (`vsftpd_log_file`, `dual_log_enable`, `log_ftp_protocol=NO`; the
// xferlog is a separate file): `%a %b %e %T %Y [pid N] [user] OK|FAIL EVENT: Client "addr"`,
// then the event's fields (path, bytes, rate). OK and FAIL are different statements, as are the
// events; anonymous logins record the password given.

const vsTime = (g: Gen) => {
  const d = new Date(g.now);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
};
const FTP_USERS = ['alice', 'backup-svc', 'ftpuser1', 'designer', 'w.kowalski', 'scanner'];
const client = (g: Gen) => (g.chance(0.7) ? `::ffff:${g.publicIp()}` : g.publicIp());
const FTP_FILES = ['uploads/invoice-2024-06.pdf', 'backups/db-20240612.sql.gz', 'pub/firmware v2.1.bin', 'scans/scan 0042.tif', 'www/index.html', 'incoming/Product Catalogue 2024.xlsx'];
const vs = (g: Gen, pid: number, user: string | null, rest: Made) =>
  user === null ? cat(T`${v(vsTime(g))} [pid ${v(pid)}] `, rest) : cat(T`${v(vsTime(g))} [pid ${v(pid)}] [${v(user)}] `, rest);
const rate = (g: Gen) => `${g.float(0.5, 9000, 2)}Kbyte/sec`;

const vsftpd: FormatSpec = {
  name: 'vsftpd',
  split: 'tuned',
  description:
    'vsftpd 3.0.5 vsftpd.log: CONNECT, OK/FAIL LOGIN (anonymous with its password), OK/FAIL UPLOAD and DOWNLOAD with path, bytes and rate, MKDIR, DELETE, RENAME, RMDIR, and the session-limit / pam lines',
  tickMs: 3000,
  templates: [
    {
      w: 30,
      make: (g) => {
        const pid = g.int(2000, 60000);
        const c = client(g);
        const user = g.pickSkewed(FTP_USERS);
        const out: Made[] = [vs(g, pid, null, T`CONNECT: Client "${v(c)}"`)];
        if (g.chance(0.2)) {
          out.push(vs(g, pid + 1, user, T`FAIL LOGIN: Client "${v(c)}"`));
          return out;
        }
        out.push(vs(g, pid + 1, user, T`OK LOGIN: Client "${v(c)}"`));
        for (let i = g.int(0, 4); i > 0; i--) {
          const path = `/home/${user}/${g.pick(FTP_FILES)}`;
          const k = g.pickSkewed(['up', 'down', 'up', 'mkdir', 'del', 'failup', 'faildown', 'ren', 'rmdir']);
          const p = pid + 2;
          if (k === 'up') out.push(vs(g, p, user, T`OK UPLOAD: Client "${v(c)}", "${v(path)}", ${v(g.int(0, 90000000))} bytes, ${v(rate(g))}`));
          else if (k === 'down') out.push(vs(g, p, user, T`OK DOWNLOAD: Client "${v(c)}", "${v(path)}", ${v(g.int(0, 90000000))} bytes, ${v(rate(g))}`));
          else if (k === 'mkdir') out.push(vs(g, p, user, T`OK MKDIR: Client "${v(c)}", "${v(`/home/${user}/${g.pick(['uploads/2024-06', 'scans/new', 'tmp', 'www/assets'])}`)}"`));
          else if (k === 'del') out.push(vs(g, p, user, T`OK DELETE: Client "${v(c)}", "${v(path)}"`));
          else if (k === 'failup') out.push(vs(g, p, user, T`FAIL UPLOAD: Client "${v(c)}", "${v(path)}", ${v(g.int(0, 4096))} bytes, ${v(rate(g))}`));
          else if (k === 'faildown') out.push(vs(g, p, user, T`FAIL DOWNLOAD: Client "${v(c)}", "${v(path)}", ${v(0)} bytes, ${v('0.00Kbyte/sec')}`));
          else if (k === 'ren') out.push(vs(g, p, user, T`OK RENAME: Client "${v(c)}", "${v(`${path} /home/${user}/archive/${g.pick(FTP_FILES)}`)}"`));
          else out.push(vs(g, p, user, T`FAIL RMDIR: Client "${v(c)}", "${v(`/home/${user}/${g.pick(['uploads', 'scans', 'www'])}`)}"`));
        }
        return out;
      },
    },
    {
      w: 6,
      make: (g) => {
        const pid = g.int(2000, 60000);
        const c = client(g);
        return [
          vs(g, pid, null, T`CONNECT: Client "${v(c)}"`),
          vs(g, pid + 1, 'ftp', T`OK LOGIN: Client "${v(c)}", anon password "${v(g.pick(['mozilla@example.com', 'anonymous@', 'guest', '', 'IEUser@', 'wget@']))}"`),
          vs(g, pid + 2, 'ftp', T`OK DOWNLOAD: Client "${v(c)}", "${v(`/pub/${g.pick(['README', 'mirror/debian/ls-lR.gz', 'drivers/x64 setup.exe'])}`)}", ${v(g.int(0, 900000000))} bytes, ${v(rate(g))}`),
        ];
      },
    },
    { w: 3, make: (g) => vs(g, g.int(2000, 60000), null, T`FAIL LOGIN: Client "${v(client(g))}", anon password "${v(g.pick(['admin', 'root', 'test']))}"`) },
  ],
};

// ---------------------------------------------------------------------------------------------
// 75. Keepalived 2.2 on two load balancers via syslog (BSD): the VRRP process (state changes,
// adverts, gratuitous ARPs, tracked scripts, priority changes) and the checker process (TCP and
// HTTP checks, real servers added to and removed from virtual servers).

const LB_HOSTS = ['lb-1', 'lb-2'];
const ka = (g: Gen, proc: string, pid: number, msg: Made) => cat(T`${v(bsdTime(g))} ${v(g.pick(LB_HOSTS))} ${proc}[${v(pid)}]: `, msg);
const VIS = ['VI_1', 'VI_WEB', 'VI_DB'];
const VIPS = ['10.0.0.100', '10.0.0.101', '192.168.50.10'];
const IFACES = ['eth0', 'ens192', 'bond0'];
const RS = ['10.0.1.21', '10.0.1.22', '10.0.1.23', '10.0.1.24'];
const rsv = (g: Gen) => `[${g.pick(RS)}]:tcp:${g.pick([8080, 8443, 3306])}`;
const vsv = (g: Gen) => `[${g.pick(VIPS)}]:tcp:${g.pick([80, 443, 3306])}`;
const SCRIPTS = ['chk_haproxy', 'chk_nginx', 'check_mysql'];

const keepalived: FormatSpec = {
  name: 'keepalived',
  split: 'tuned',
  description:
    'Keepalived 2.2 via syslog on two load balancers: VRRP state transitions, adverts with higher/lower priority, gratuitous ARPs, tracked script results and priority changes, TCP/HTTP health checks and real servers removed from / added to virtual servers',
  tickMs: 4000,
  templates: [
    { w: 18, make: (g) => ka(g, 'Keepalived_vrrp', 1391, T`Sending gratuitous ARP on ${v(g.pick(IFACES))} for ${v(g.pick(VIPS))}`) },
    {
      w: 4,
      make: (g) => {
        const vi = g.pick(VIS);
        const ifc = g.pick(IFACES);
        const vip = g.pick(VIPS);
        return [
          ka(g, 'Keepalived_vrrp', 1391, T`(${v(vi)}) Receive advertisement timeout`),
          ka(g, 'Keepalived_vrrp', 1391, T`(${v(vi)}) Entering MASTER STATE`),
          ka(g, 'Keepalived_vrrp', 1391, T`(${v(vi)}) setting VIPs.`),
          ka(g, 'Keepalived_vrrp', 1391, T`(${v(vi)}) Sending/queueing gratuitous ARPs on ${v(ifc)} for ${v(vip)}`),
        ];
      },
    },
    {
      w: 3,
      make: (g) => {
        const vi = g.pick(VIS);
        return [
          ka(g, 'Keepalived_vrrp', 1391, T`(${v(vi)}) Master received advert from ${v(`10.0.0.${g.int(2, 3)}`)} with higher priority ${v(g.pick([150, 110, 101]))}, ours ${v(g.pick([100, 90, 80]))}`),
          ka(g, 'Keepalived_vrrp', 1391, T`(${v(vi)}) Entering BACKUP STATE`),
        ];
      },
    },
    { w: 6, make: (g) => ka(g, 'Keepalived_vrrp', 1391, T`(${v(g.pick(VIS))}) received lower priority (${v(g.pick([90, 80, 100]))}) advert from ${v(`10.0.0.${g.int(2, 3)}`)} - discarding`) },
    {
      w: 4,
      make: (g) => {
        const s = g.pick(SCRIPTS);
        const vi = g.pick(VIS);
        const from = g.pick([100, 150]);
        return g.chance(0.5)
          ? [
              ka(g, 'Keepalived_vrrp', 1391, T`Script \`${v(s)}\` now returning ${v(g.pick([1, 2, 127]))}`),
              ka(g, 'Keepalived_vrrp', 1391, T`VRRP_Script(${v(s)}) failed (exited with status ${v(g.pick([1, 2, 127]))})`),
              ka(g, 'Keepalived_vrrp', 1391, T`(${v(vi)}) Changing effective priority from ${v(from)} to ${v(from - 20)}`),
            ]
          : [
              ka(g, 'Keepalived_vrrp', 1391, T`VRRP_Script(${v(s)}) succeeded`),
              ka(g, 'Keepalived_vrrp', 1391, T`(${v(vi)}) Changing effective priority from ${v(from - 20)} to ${v(from)}`),
            ];
      },
    },
    { w: 12, make: (g) => ka(g, 'Keepalived_healthcheckers', 1392, T`TCP connection to ${v(rsv(g))} success.`) },
    {
      w: 5,
      make: (g) => {
        const r = rsv(g);
        const vsn = vsv(g);
        return [
          g.chance(0.5)
            ? ka(g, 'Keepalived_healthcheckers', 1392, T`TCP_CHECK on service ${v(r)} failed.`)
            : ka(g, 'Keepalived_healthcheckers', 1392, T`HTTP_CHECK on service ${v(r)} failed after ${v(g.pick([1, 3]))} retries.`),
          ka(g, 'Keepalived_healthcheckers', 1392, T`Removing service ${v(r)} to VS ${v(vsn)}`),
          ...(g.chance(0.6) ? [ka(g, 'Keepalived_healthcheckers', 1392, T`Adding service ${v(r)} to VS ${v(vsn)}`)] : []),
        ];
      },
    },
    { w: 3, make: (g) => ka(g, 'Keepalived_healthcheckers', 1392, T`Error connecting server ${v(rsv(g))}.`) },
    { w: 2, make: (g) => ka(g, 'Keepalived_healthcheckers', 1392, T`HTTP status code error to ${v(rsv(g))} url(${v(g.pick(['/health', '/status', '/ready']))}), status_code [${v(g.pick([500, 502, 503, 404]))}].`) },
    { w: 1, make: (g) => ka(g, 'Keepalived', 1390, T`Reloading ...`) },
  ],
};

export const ROUND11_FORMATS: readonly FormatSpec[] = [gcpLogging, prometheus, vsftpd, keepalived, ...ROUND11_FORMATS_B];
