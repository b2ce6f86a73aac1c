// Generality set, round 8 (part 1 of 2; formats-round8b.ts holds the rest): formats written from
// their own documentation and real output before any miner change of round 8, untouched in round 8
// (scored once at its end) and TUNED from round 9 on (README.md). None of them is
// in LogHub or in rounds 1-7: Tomcat's catalina.out (JUL OneLineFormatter), a Python service on
// python-json-logger, the Kubernetes API server's audit log, IIS's W3C extended access log, a
// standalone Envoy, BIND 9's named and fail2ban.
//
// Truth conventions are README.md's: a template is one log statement, its parameters variables
// however few values they take; header fields are variables; text request lines are one template
// per method; structured lines are their message template plus their key set.
import { Gen, T, v, jsonLine, USER_AGENTS, MONTHS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';
import { ROUND8_FORMATS_B } from './formats-round8b.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

// ---------------------------------------------------------------------------------------------
// 51. Apache Tomcat 10.1 `catalina.out` (JULI OneLineFormatter, the default): `dd-MMM-yyyy
// HH:mm:ss.SSS LEVEL [thread] logger.method message`. The thread is a header value (a variable);
// the class and method the formatter writes are the call site (part of the statement). Deploys,
// connector start/stop, leaked threads, header parse errors, a servlet exception with its frames
// (each `\tat` line a statement of the printer), and an application's own JUL lines.

function julTime(g: Gen): string {
  const d = new Date(g.now);
  return `${p2(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p3(d.getUTCMilliseconds())}`;
}
const execThread = (g: Gen) => `http-nio-8080-exec-${g.int(1, 40)}`;
function tc(g: Gen, level: string, thread: string, source: string, msg: Made): Made {
  return cat(T`${v(julTime(g))} ${level} [${v(thread)}] ${source} `, msg);
}
const WEBAPPS = ['shop', 'admin', 'api', 'ROOT'];
const TC_FRAMES = [
  'com.example.shop.web.CartServlet.doPost(CartServlet.java:88)',
  'jakarta.servlet.http.HttpServlet.service(HttpServlet.java:590)',
  'org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:205)',
  'org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:167)',
  'org.apache.coyote.http11.Http11Processor.service(Http11Processor.java:391)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
];

const tomcat: FormatSpec = {
  name: 'tomcat-catalina',
  split: 'tuned',
  description:
    'Apache Tomcat 10.1 catalina.out (JULI OneLineFormatter): deploys, connectors, leaked threads, header parse errors, servlet exceptions with frames, application JUL lines',
  tickMs: 2500,
  templates: [
    {
      w: 3,
      make: (g) => {
        const app = g.pick(WEBAPPS);
        return [
          tc(g, 'INFO', 'main', 'org.apache.catalina.startup.HostConfig.deployWAR', T`Deploying web application archive [${v(`/usr/local/tomcat/webapps/${app}.war`)}]`),
          tc(g, 'INFO', 'main', 'org.apache.catalina.startup.HostConfig.deployWAR', T`Deployment of web application archive [${v(`/usr/local/tomcat/webapps/${app}.war`)}] has finished in [${v(g.int(400, 9000))}] ms`),
        ];
      },
    },
    {
      w: 2,
      make: (g) => tc(g, 'INFO', 'main', 'org.apache.coyote.AbstractProtocol.start', T`Starting ProtocolHandler [${v(g.pick(['"http-nio-8080"', '"https-jsse-nio-8443"', '"ajp-nio-8009"']))}]`),
    },
    {
      w: 1,
      make: (g) => tc(g, 'INFO', 'main', 'org.apache.catalina.startup.Catalina.start', T`Server startup in [${v(g.int(900, 20000))}] milliseconds`),
    },
    {
      w: 3,
      make: (g) =>
        tc(g, 'WARNING', g.pick(['main', 'Catalina-utility-1', 'Catalina-utility-2']), 'org.apache.catalina.loader.WebappClassLoaderBase.clearReferencesThreads', T`The web application [${v(g.pick(WEBAPPS))}] appears to have started a thread named [${v(g.pick(['HikariPool-1 housekeeper', 'Abandoned connection cleanup thread', 'pool-3-thread-1', 'OkHttp ConnectionPool']))}] but has failed to stop it. This is very likely to create a memory leak. Stack trace of thread:`),
    },
    {
      w: 4,
      make: (g) => [
        tc(g, 'INFO', execThread(g), 'org.apache.coyote.http11.Http11Processor.service', T`Error parsing HTTP request header`),
        T` Note: further occurrences of HTTP request parsing errors will be logged at DEBUG level.`,
        T`\t${v('java.lang.IllegalArgumentException')}: ${v(g.pick(['Invalid character found in method name [0x160x030x010x020x000x010x000x01...]. HTTP method names must be tokens', 'Invalid character found in the request target [/api/v1/search?q={}]. The valid characters are defined in RFC 7230 and RFC 3986']))}`,
      ],
    },
    {
      w: 4,
      make: (g) => {
        const out: Made[] = [
          tc(g, 'SEVERE', execThread(g), 'org.apache.catalina.core.StandardWrapperValve.invoke', T`Servlet.service() for servlet [${v(g.pick(['dispatcherServlet', 'CartServlet', 'jsp']))}] in context with path [${v(g.pick(['/shop', '/api', '']))}] threw exception`),
          ((e: [string, string]) => T`${v(e[0])}: ${v(e[1])}`)(
            g.pick([
              ['java.lang.NullPointerException', 'Cannot invoke "com.example.shop.Cart.total()" because "cart" is null'],
              ['java.sql.SQLTransientConnectionException', 'HikariPool-1 - Connection is not available, request timed out after 30000ms.'],
              ['java.lang.IllegalStateException', 'Cannot create a session after the response has been committed'],
            ])
          ),
        ];
        const n = g.int(2, TC_FRAMES.length);
        for (let i = 0; i < n; i++) out.push(T`\tat ${v(TC_FRAMES[i])}`);
        return out;
      },
    },
    {
      w: 6,
      make: (g) => tc(g, 'INFO', 'Catalina-utility-' + g.int(1, 2), 'org.apache.catalina.startup.HostConfig.deployDirectory', T`Deploying web application directory [${v(`/usr/local/tomcat/webapps/${g.pick(WEBAPPS)}`)}]`),
    },
    {
      w: 5,
      make: (g) =>
        tc(g, 'WARNING', execThread(g), 'org.apache.catalina.util.SessionIdGeneratorBase.createSecureRandom', T`Creation of SecureRandom instance for session ID generation using [${v(g.pick(['SHA1PRNG', 'NativePRNG']))}] took [${v(g.int(120, 9000))}] milliseconds.`),
    },
    {
      w: 30,
      make: (g) =>
        tc(g, 'INFO', execThread(g), 'com.example.shop.web.OrderServlet.doPost', T`Order ${v(g.int(100000, 999999))} created for customer ${v(g.int(1, 90000))}, ${v(g.int(1, 12))} items, total ${v(g.float(5, 900, 2))}`),
    },
    {
      w: 22,
      make: (g) =>
        tc(g, 'INFO', execThread(g), 'com.example.shop.web.CartServlet.doGet', T`Cart ${v(g.uuid())} loaded in ${v(g.int(1, 400))} ms (${v(g.int(0, 30))} items)`),
    },
    {
      w: 10,
      make: (g) =>
        tc(g, 'WARNING', execThread(g), 'com.example.shop.payment.PaymentClient.charge', T`Payment provider ${v(g.pick(['stripe', 'adyen']))} answered ${v(g.pick([429, 500, 502, 503]))} for order ${v(g.int(100000, 999999))}, retry ${v(g.int(1, 3))} of 3`),
    },
    {
      w: 6,
      make: (g) =>
        tc(g, 'SEVERE', execThread(g), 'com.example.shop.payment.PaymentClient.charge', T`Payment for order ${v(g.int(100000, 999999))} failed after 3 attempts: ${v(g.pick(['Read timed out', 'Connection reset', 'HTTP 502 Bad Gateway']))}`),
    },
    {
      w: 4,
      make: (g) =>
        tc(g, 'INFO', 'Catalina-utility-' + g.int(1, 2), 'com.example.shop.jobs.StockSync.run', T`Stock sync finished: ${v(g.int(0, 5000))} updated, ${v(g.int(0, 40))} skipped in ${v(g.int(100, 60000))} ms`),
    },
    {
      w: 2,
      make: (g) => tc(g, 'INFO', 'Thread-' + g.int(1, 9), 'org.apache.coyote.AbstractProtocol.pause', T`Pausing ProtocolHandler [${v('"http-nio-8080"')}]`),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 52. A Python (FastAPI) service on python-json-logger 2.0 (`JsonFormatter('%(asctime)s %(name)s
// %(levelname)s %(message)s')`, json.dumps spacing `", "` / `": "`): the message key is
// `message`, `extra=` fields follow it, exceptions add `exc_info` (the traceback in one string).

function pj(g: Gen, name: string, level: string, msg: Made, extra: Array<[string, unknown]> = []): Made {
  const d = new Date(g.now);
  const asctime = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())},${p3(d.getUTCMilliseconds())}`;
  return jsonLine(
    [['asctime', asctime], ['name', name], ['levelname', level], ['message', null], ...extra],
    'message',
    msg,
    { item: ', ', kv: ': ' }
  );
}
const SKUS = ['SKU-1042', 'SKU-2291', 'SKU-7730', 'SKU-0093', 'SKU-5512'];
const WAREHOUSES = ['fra-1', 'ams-2', 'dub-1'];

const pyJson: FormatSpec = {
  name: 'python-json-logger',
  split: 'tuned',
  description:
    'Python FastAPI inventory service on python-json-logger (asctime/name/levelname/message, extra fields, exc_info tracebacks): reservations, stock, uvicorn access, Celery calls, DB retries',
  tickMs: 600,
  templates: [
    {
      w: 30,
      make: (g) =>
        pj(g, 'uvicorn.access', 'INFO', T`${v(`${g.privateIp()}:${g.int(30000, 60000)}`)} - "${g.pickSkewed(['GET', 'GET', 'POST'])} ${v(g.pick([`/v1/stock/${g.pick(SKUS)}`, '/v1/reservations', '/healthz', `/v1/reservations/${g.uuid()}`]))} HTTP/1.1" ${v(g.pickSkewed([200, 200, 201, 404, 409, 422]))}`),
    },
    {
      w: 18,
      make: (g) =>
        pj(g, 'inventory.reservations', 'INFO', T`Reserved ${v(g.int(1, 9))} x ${v(g.pick(SKUS))} in ${v(g.pick(WAREHOUSES))}`, [
          ['reservation_id', g.uuid()],
          ['order_id', g.int(100000, 999999)],
          ['ttl_s', g.pick([300, 900])],
        ]),
    },
    {
      w: 8,
      make: (g) =>
        pj(g, 'inventory.reservations', 'WARNING', T`Insufficient stock for ${v(g.pick(SKUS))}: requested ${v(g.int(2, 20))}, available ${v(g.int(0, 1))}`, [
          ['order_id', g.int(100000, 999999)],
          ['warehouse', g.pick(WAREHOUSES)],
        ]),
    },
    {
      w: 10,
      make: (g) =>
        pj(g, 'inventory.reservations', 'INFO', T`Reservation ${v(g.uuid())} expired`, [['sku', g.pick(SKUS)], ['quantity', g.int(1, 9)]]),
    },
    {
      w: 8,
      make: (g) =>
        pj(g, 'inventory.sync', 'INFO', T`Stock snapshot applied`, [
          ['warehouse', g.pick(WAREHOUSES)],
          ['skus', g.int(100, 9000)],
          ['duration_ms', g.int(40, 9000)],
        ]),
    },
    {
      w: 5,
      make: (g) =>
        pj(g, 'sqlalchemy.pool', 'WARNING', T`Connection ${v(`<asyncpg.connection.Connection object at 0x7f${g.hex(10)}>`)} invalidated, retrying (${v(g.int(1, 3))}/3)`),
    },
    {
      w: 4,
      make: (g) =>
        pj(g, 'inventory.api', 'ERROR', T`Unhandled error on ${v(g.pick(['POST /v1/reservations', 'GET /v1/stock/SKU-1042', 'DELETE /v1/reservations/8c1e']))}`, [
          ['request_id', g.uuid()],
          [
            'exc_info',
            `Traceback (most recent call last):\n  File "/app/inventory/api.py", line ${g.int(40, 300)}, in ${g.pick(['reserve', 'get_stock', 'cancel'])}\n    ${g.pick(['await repo.reserve(sku, qty)', 'row = await db.fetchrow(q, sku)'])}\n${g.pick(['asyncpg.exceptions.DeadlockDetectedError: deadlock detected', 'TimeoutError', 'KeyError: \'warehouse\''])}`,
          ],
        ]),
    },
    {
      w: 6,
      make: (g) =>
        pj(g, 'inventory.events', 'INFO', T`Published ${v(g.pick(['stock.changed', 'reservation.created', 'reservation.expired']))} event`, [
          ['topic', 'inventory'],
          ['partition', g.int(0, 11)],
          ['offset', g.int(1000, 9999999)],
        ]),
    },
    {
      w: 4,
      make: (g) =>
        pj(g, 'inventory.events', 'ERROR', T`Kafka delivery failed: ${v(g.pick(['KafkaError{code=_MSG_TIMED_OUT,val=-192,str="Local: Message timed out"}', 'KafkaError{code=_TRANSPORT,val=-195,str="Local: Broker transport failure"}']))}`, [
          ['topic', 'inventory'],
        ]),
    },
    {
      w: 3,
      make: (g) => pj(g, 'uvicorn.error', 'INFO', T`Waiting for application startup.`),
    },
    {
      w: 3,
      make: (g) => pj(g, 'uvicorn.error', 'INFO', T`Uvicorn running on ${v(`http://0.0.0.0:${g.pick([8000, 8080])}`)} (Press CTRL+C to quit)`),
    },
    {
      w: 3,
      make: (g) =>
        pj(g, 'inventory.cache', 'DEBUG', T`Cache ${g.pick(['hit', 'miss'])} for ${v(`stock:${g.pick(SKUS)}:${g.pick(WAREHOUSES)}`)}`),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 53. Kubernetes 1.29 API server audit log (`--audit-log-path`, audit.k8s.io/v1 Event per line,
// policy level Metadata for most, RequestResponse for secrets' writes): no message field, so a
// line's template is its key set (README.md). Stages RequestReceived (no responseStatus nor
// stageTimestamp... both present from ResponseStarted on), ResponseComplete; non-resource requests
// (`/healthz`, `/metrics`) have no objectRef; denied requests carry a responseStatus with a reason.

const AUDIT_USERS: Array<[string, string[]]> = [
  ['system:serviceaccount:kube-system:replicaset-controller', ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated']],
  ['system:kube-scheduler', ['system:authenticated']],
  ['system:node:worker-2', ['system:nodes', 'system:authenticated']],
  ['alice@example.com', ['devs', 'system:authenticated']],
  ['system:serviceaccount:monitoring:prometheus', ['system:serviceaccounts', 'system:serviceaccounts:monitoring', 'system:authenticated']],
];
const AUDIT_AGENTS = ['kube-controller-manager/v1.29.4 (linux/amd64) kubernetes/55019c8/system:serviceaccount:kube-system:replicaset-controller', 'kubectl/v1.29.3 (darwin/arm64) kubernetes/6813625', 'kubelet/v1.29.4 (linux/amd64) kubernetes/55019c8', 'kube-scheduler/v1.29.4 (linux/amd64) kubernetes/55019c8/scheduler', 'Prometheus/2.52.0'];
const RESOURCES: Array<[string, string, string]> = [
  ['pods', 'v1', ''],
  ['deployments', 'apps/v1', 'apps'],
  ['configmaps', 'v1', ''],
  ['leases', 'coordination.k8s.io/v1', 'coordination.k8s.io'],
  ['secrets', 'v1', ''],
  ['events', 'v1', ''],
];
const NAMESPACES = ['default', 'kube-system', 'shop', 'monitoring'];

function auditLine(g: Gen, opts: { stage: 'RequestReceived' | 'ResponseComplete'; nonResource?: boolean; denied?: boolean; body?: boolean }): Made {
  const [user, groups] = g.pick(AUDIT_USERS);
  const [resource, apiVersion, apiGroup] = g.pick(RESOURCES);
  const ns = g.pick(NAMESPACES);
  const verb = opts.nonResource ? 'get' : g.pickSkewed(['get', 'list', 'watch', 'update', 'patch', 'create', 'delete']);
  const name = `${resource === 'leases' ? 'kube-scheduler' : `shop-web-${g.alnum(5)}`}`;
  const uri = opts.nonResource
    ? g.pick(['/healthz', '/livez', '/readyz', '/metrics', '/version'])
    : `/api${apiGroup ? `s/${apiVersion}` : '/v1'}/namespaces/${ns}/${resource}${verb === 'list' || verb === 'watch' ? `?limit=500${verb === 'watch' ? '&watch=true' : ''}` : `/${name}`}`;
  const received = new Date(g.now - g.int(1, 400)).toISOString().replace('Z', `${p3(g.int(0, 999))}Z`);
  const fields: Array<[string, unknown]> = [
    ['kind', 'Event'],
    ['apiVersion', 'audit.k8s.io/v1'],
    ['level', opts.body ? 'RequestResponse' : 'Metadata'],
    ['auditID', g.uuid()],
    ['stage', opts.stage],
    ['requestURI', uri],
    ['verb', verb],
    ['user', { username: user, groups }],
    ['sourceIPs', [g.privateIp()]],
    ['userAgent', g.pick(AUDIT_AGENTS)],
  ];
  if (!opts.nonResource) {
    const ref: Record<string, unknown> = { resource, namespace: ns };
    if (verb !== 'list' && verb !== 'watch' && verb !== 'create') ref.name = name;
    if (apiGroup) ref.apiGroup = apiGroup;
    ref.apiVersion = apiVersion.split('/').pop();
    fields.push(['objectRef', ref]);
  }
  if (opts.stage === 'ResponseComplete') {
    fields.push([
      'responseStatus',
      opts.denied
        ? { metadata: {}, status: 'Failure', message: `${resource} "${name}" is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${apiGroup}" in the namespace "${ns}"`, reason: 'Forbidden', details: { name, kind: resource }, code: 403 }
        : { metadata: {}, code: g.pickSkewed([200, 200, 201, 404, 409]) },
    ]);
  }
  if (opts.body) {
    fields.push(['requestObject', { kind: 'Secret', apiVersion: 'v1', metadata: { name, namespace: ns }, type: 'Opaque' }]);
    fields.push(['responseObject', { kind: 'Secret', apiVersion: 'v1', metadata: { name, namespace: ns, resourceVersion: String(g.int(100000, 9999999)) } }]);
  }
  fields.push(['requestReceivedTimestamp', received]);
  fields.push(['stageTimestamp', new Date(g.now).toISOString().replace('Z', `${p3(g.int(0, 999))}Z`)]);
  const ann: Record<string, string> = { 'authorization.k8s.io/decision': opts.denied ? 'forbid' : 'allow', 'authorization.k8s.io/reason': opts.denied ? '' : `RBAC: allowed by ClusterRoleBinding "${g.pick(['system:kube-scheduler', 'system:controller:replicaset-controller', 'prometheus'])}"` };
  fields.push(['annotations', ann]);
  return jsonLine(fields, null);
}

const k8sAudit: FormatSpec = {
  name: 'k8s-audit',
  split: 'tuned',
  description:
    'Kubernetes 1.29 API server audit log (audit.k8s.io/v1 Events): resource and non-resource requests, RequestReceived / ResponseComplete stages, 403 denials, RequestResponse bodies for secrets',
  tickMs: 150,
  templates: [
    { w: 60, make: (g) => auditLine(g, { stage: 'ResponseComplete' }) },
    { w: 12, make: (g) => auditLine(g, { stage: 'RequestReceived' }) },
    { w: 12, make: (g) => auditLine(g, { stage: 'ResponseComplete', nonResource: true }) },
    { w: 5, make: (g) => auditLine(g, { stage: 'ResponseComplete', denied: true }) },
    { w: 3, make: (g) => auditLine(g, { stage: 'ResponseComplete', body: true }) },
  ],
};

// ---------------------------------------------------------------------------------------------
// 54. IIS 10 W3C extended log (the default field set: `date time s-ip cs-method cs-uri-stem
// cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus
// sc-win32-status time-taken`), spaces in the user agent written as `+`, `-` for empty fields.
// One template per method (the access-log convention); the `#` directives a new file starts
// with are statements of their own.

function iisTime(g: Gen): string {
  return new Date(g.now).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
}
const IIS_STEMS = ['/shop/default.aspx', '/shop/cart.aspx', '/api/orders', '/api/products', '/Content/site.css', '/Scripts/app.js', '/login.aspx', '/favicon.ico'];
function iisLine(g: Gen, method: string): Made {
  const stem = g.pickSkewed(IIS_STEMS);
  const query = g.chance(0.6) ? '-' : `id=${g.int(1, 9999)}${g.chance(0.3) ? `&page=${g.int(1, 9)}` : ''}`;
  const port = g.pickSkewed([443, 443, 80]);
  const user = g.chance(0.8) ? '-' : g.pick(['CORP\\jsmith', 'CORP\\mlopez', 'api-client']);
  const ua = g.pickSkewed(USER_AGENTS).replace(/ /g, '+');
  const ref = g.chance(0.5) ? '-' : `https://shop.example.com${g.pick(IIS_STEMS)}`;
  const status = g.pickSkewed([200, 200, 200, 304, 302, 404, 401, 500]);
  const sub = status === 401 ? g.pick([1, 2]) : 0;
  const win32 = status === 500 ? g.pick([0, 64, 1236]) : 0;
  return T`${v(iisTime(g))} ${v('10.0.4.21')} ${method} ${v(stem)} ${v(query)} ${v(port)} ${v(user)} ${v(g.publicIp())} ${v(ua)} ${v(ref)} ${v(status)} ${v(sub)} ${v(win32)} ${v(g.int(0, 4000))}`;
}

const iis: FormatSpec = {
  name: 'iis-w3c',
  split: 'tuned',
  description:
    'IIS 10 W3C extended access log (default fields, `+` for spaces in the user agent): GET/POST/HEAD/PUT/DELETE, Windows users, 401 substatus, win32 errors, the file directives',
  tickMs: 400,
  templates: [
    { w: 62, make: (g) => iisLine(g, 'GET') },
    { w: 20, make: (g) => iisLine(g, 'POST') },
    { w: 5, make: (g) => iisLine(g, 'HEAD') },
    { w: 4, make: (g) => iisLine(g, 'PUT') },
    { w: 3, make: (g) => iisLine(g, 'DELETE') },
    {
      w: 1,
      make: (g) => [
        T`#Software: Microsoft Internet Information Services 10.0`,
        T`#Version: 1.0`,
        T`#Date: ${v(iisTime(g))}`,
        T`#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken`,
      ],
    },
  ],
};

export const ROUND8_FORMATS: readonly FormatSpec[] = [tomcat, pyJson, k8sAudit, iis, ...ROUND8_FORMATS_B];
