// The generality set's formats: today's log formats, none of them in LogHub, each a list of log
// statements (templates) with weights and realistic parameters. See README.md for the truth
// conventions and the tuned / untouched split (fixed before any tuning).
import { Gen, T, v, jsonLine, logfmtLine, podName, USER_AGENTS, MONTHS, type Made } from './gen-lib.js';
import { INFRA_FORMATS } from './formats-infra.js';
import { ROUND3_FORMATS_A } from './formats-round3.js';
import { ROUND3_FORMATS_B } from './formats-round3b.js';
import { ROUND3_FORMATS_C } from './formats-round3c.js';
import { ROUND3_FORMATS_D } from './formats-round3d.js';
import { ROUND4_FORMATS } from './formats-round4.js';
import { ROUND5_FORMATS } from './formats-round5.js';
import { ROUND6_FORMATS } from './formats-round6.js';
import { ROUND7_FORMATS } from './formats-round7.js';
import { ROUND8_FORMATS } from './formats-round8.js';
import { ROUND9_FORMATS } from './formats-round9.js';
import { ROUND10_FORMATS } from './formats-round10.js';
import { ROUND11_FORMATS } from './formats-round11.js';
import { ROUND12_FORMATS } from './formats-round12b.js';
import { ROUND13_FORMATS } from './formats-round13b.js';
import { ROUND14_FORMATS } from './formats-round14b.js';
import { ROUND15_FORMATS } from './formats-round15b.js';
import { ROUND16_FORMATS } from './formats-round16b.js';
import { ROUND17_FORMATS } from './formats-round17b.js';
import { ROUND18_FORMATS } from './formats-round18b.js';

export type Split = 'tuned' | 'untouched';

export interface TemplateSpec {
  w: number;
  make: (g: Gen) => Made | Made[];
}

export interface FormatSpec {
  name: string;
  split: Split;
  description: string;
  templates: TemplateSpec[];
  /** Largest clock step between lines, ms. */
  tickMs?: number;
}

// ---------------------------------------------------------------------------------------------
// shared pools: enumerations with few values (names: variables in the truth) and free values

const DBS = ['orders', 'users', 'inventory', 'billing'];
const POOLS = ['primary', 'replica'];
const QUEUES = ['emails', 'webhooks', 'reports'];
const NET_ERRORS = [
  'connection refused',
  'i/o timeout',
  'context deadline exceeded',
  'connection reset by peer',
  'no such host',
];
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar'];
const NAMESPACES = ['default', 'payments', 'monitoring', 'kube-system'];
const APPS = ['web', 'api', 'worker', 'checkout', 'cart', 'search'];
const NODES = ['node-1', 'node-2', 'node-3', 'node-4', 'node-5'];
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const CURRENCIES = ['USD', 'EUR', 'GBP'];
const CACHES = ['sessions', 'products'];
const TOPICS = ['orders.created', 'orders.paid', 'users.updated'];
const IMAGES = ['nginx:1.25', 'redis:7.2', 'ghcr.io/acme/api:v2.14.1', 'ghcr.io/acme/worker:v2.14.1', 'postgres:16.3'];

function route(g: Gen): string {
  const id = g.int(1, 99999);
  return g.pickSkewed([
    `/api/v1/orders/${id}`,
    `/api/v1/products/${id}`,
    `/api/v1/users/${id}/cart`,
    '/api/v1/orders',
    `/api/v1/search?q=${g.pick(['shoes', 'red+dress', 'usb-c', 'lamp'])}&page=${g.int(1, 9)}`,
    '/healthz',
    '/metrics',
    `/static/js/app.${g.hex(8)}.js`,
    `/images/products/${id}.jpg`,
  ]);
}

// ---------------------------------------------------------------------------------------------
// 1. Go zap (production JSON encoder)

function zap(
  g: Gen,
  level: string,
  caller: string,
  msg: Made,
  fields: Array<[string, unknown]>,
  logger?: string
): Made {
  const f: Array<[string, unknown]> = [
    ['level', level],
    ['ts', Number((g.now / 1000).toFixed(6))],
    ...(logger ? [['logger', logger] as [string, unknown]] : []),
    ['caller', caller],
    ['msg', null],
    ...fields,
  ];
  return jsonLine(f, 'msg', msg);
}

const goZap: FormatSpec = {
  name: 'go-zap-json',
  split: 'tuned',
  description: 'Go service, go.uber.org/zap production JSON (level, ts, caller, msg, fields)',
  templates: [
    {
      w: 30,
      make: (g) =>
        zap(g, 'info', 'server/http.go:142', T`request handled`, [
          ['method', g.pickSkewed(['GET', 'POST', 'PUT', 'DELETE'])],
          ['path', route(g)],
          ['status', g.pickSkewed([200, 201, 304, 404, 500])],
          ['duration', Number(g.float(0.0005, 0.8, 6))],
          ['bytes', g.int(0, 90000)],
          ['remote_addr', `${g.privateIp()}:${g.int(1024, 65535)}`],
          ['request_id', g.uuid()],
        ]),
    },
    {
      w: 6,
      make: (g) =>
        zap(
          g,
          'debug',
          'cache/redis.go:88',
          T`cache miss`,
          [
            ['cache', g.pick(CACHES)],
            ['key', `${g.pick(['sess', 'prod'])}:${g.hex(12)}`],
          ],
          'cache'
        ),
    },
    {
      w: 4,
      make: (g) =>
        zap(g, 'info', 'orders/service.go:211', T`order created`, [
          ['order_id', `ord_${g.alnum(10)}`],
          ['user_id', g.int(1000, 99999)],
          ['amount', Number(g.float(3, 900, 2))],
          ['currency', g.pickSkewed(CURRENCIES)],
          ['items', g.int(1, 12)],
        ]),
    },
    {
      w: 2,
      make: (g) =>
        zap(g, 'warn', 'payments/client.go:97', T`payment declined`, [
          ['order_id', `ord_${g.alnum(10)}`],
          ['reason', g.pickSkewed(['insufficient_funds', 'card_expired', 'suspected_fraud', 'do_not_honor'])],
          ['provider', g.pick(['stripe', 'adyen'])],
        ]),
    },
    {
      w: 2,
      make: (g) =>
        zap(
          g,
          'error',
          'db/pool.go:64',
          T`failed to connect to database`,
          [
            ['db', g.pick(DBS)],
            ['pool', g.pick(POOLS)],
            ['host', `${g.pick(DBS)}-db.internal:5432`],
            ['attempt', g.int(1, 5)],
            ['error', `dial tcp ${g.privateIp()}:5432: ${g.pick(NET_ERRORS)}`],
          ],
          'db'
        ),
    },
    {
      w: 3,
      make: (g) =>
        zap(
          g,
          'info',
          'db/pool.go:51',
          T`connected to database`,
          [
            ['db', g.pick(DBS)],
            ['pool', g.pick(POOLS)],
            ['max_conns', g.pick([10, 20, 50])],
          ],
          'db'
        ),
    },
    {
      w: 3,
      make: (g) =>
        zap(g, 'warn', 'httpclient/retry.go:40', T`retrying request`, [
          ['url', `http://${g.pick(APPS)}.${g.pick(NAMESPACES)}.svc:8080${route(g)}`],
          ['attempt', g.int(1, 4)],
          ['backoff', `${g.pick([100, 200, 400, 800])}ms`],
          ['error', g.pick(NET_ERRORS)],
        ]),
    },
    {
      w: 4,
      make: (g) =>
        zap(
          g,
          'info',
          'worker/pool.go:118',
          T`job completed`,
          [
            ['job_id', g.uuid()],
            ['queue', g.pick(QUEUES)],
            ['duration', Number(g.float(0.01, 30, 3))],
          ],
          'worker'
        ),
    },
    {
      w: 1,
      make: (g) =>
        zap(
          g,
          'error',
          'worker/pool.go:131',
          T`job failed`,
          [
            ['job_id', g.uuid()],
            ['queue', g.pick(QUEUES)],
            ['attempt', g.int(1, 5)],
            [
              'error',
              g.pick(['template not found', 'smtp: 421 too many connections', 'webhook returned 502', ...NET_ERRORS]),
            ],
          ],
          'worker'
        ),
    },
    {
      w: 2,
      make: (g) =>
        zap(g, 'info', 'auth/session.go:73', T`user ${v(g.pick(USERS))} logged in from ${v(g.publicIp())}`, [
          ['session_id', g.hex(32)],
          ['mfa', g.chance(0.6)],
        ]),
    },
    {
      w: 1,
      make: (g) =>
        zap(g, 'info', 'auth/session.go:99', T`user ${v(g.pick(USERS))} logged out`, [['session_id', g.hex(32)]]),
    },
    {
      w: 1,
      make: (g) =>
        zap(
          g,
          'error',
          'log/log.go:195',
          T`http: TLS handshake error from ${v(`${g.publicIp()}:${g.int(1024, 65535)}`)}: ${v(g.pick(['EOF', 'remote error: tls: bad certificate', 'tls: first record does not look like a TLS handshake', 'read tcp 10.0.0.5:443: connection reset by peer']))}`,
          []
        ),
    },
    {
      w: 0.3,
      make: (g) =>
        zap(g, 'info', 'cmd/server/main.go:57', T`starting server`, [
          ['addr', ':8080'],
          ['version', g.pick(['v2.14.0', 'v2.14.1'])],
          ['commit', g.hex(7)],
        ]),
    },
    {
      w: 0.3,
      make: (g) =>
        zap(g, 'info', 'cmd/server/main.go:88', T`shutting down`, [
          ['signal', g.pick(['terminated', 'interrupt'])],
          ['grace_period', '30s'],
        ]),
    },
    {
      w: 1,
      make: (g) =>
        zap(g, 'warn', 'ratelimit/limiter.go:45', T`rate limit exceeded`, [
          ['client_ip', g.publicIp()],
          ['limit', g.pick([100, 1000])],
          ['window', '1m0s'],
        ]),
    },
    {
      w: 1,
      make: (g) =>
        zap(
          g,
          'info',
          'kafka/consumer.go:160',
          T`partition rebalanced`,
          [
            ['topic', g.pick(TOPICS)],
            ['assigned', [g.int(0, 5), g.int(6, 11)]],
            ['generation', g.int(1, 300)],
          ],
          'kafka'
        ),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 2. Go zerolog (fields in call order, message last, Msgf messages)

function zl(g: Gen, level: string, fields: Array<[string, unknown]>, msg: Made): Made {
  return jsonLine(
    [
      ['level', level],
      ['service', 'inventory'],
      ...fields,
      ['time', g.iso().replace(/\.\d{3}Z$/, 'Z')],
      ['message', null],
    ],
    'message',
    msg
  );
}

const goZerolog: FormatSpec = {
  name: 'go-zerolog-json',
  split: 'tuned',
  description: 'Go service, github.com/rs/zerolog (level, fields, time, message; Msgf messages)',
  templates: [
    {
      w: 20,
      make: (g) =>
        zl(
          g,
          'info',
          [
            ['sku', `SKU-${g.int(10000, 99999)}`],
            ['warehouse', g.pick(['ams1', 'fra2', 'iad3'])],
          ],
          T`reserved ${v(g.int(1, 20))} units`
        ),
    },
    {
      w: 8,
      make: (g) =>
        zl(
          g,
          'info',
          [['warehouse', g.pick(['ams1', 'fra2', 'iad3'])]],
          T`processed ${v(g.int(1, 500))} events in ${v(`${g.int(1, 900)}ms`)}`
        ),
    },
    {
      w: 6,
      make: (g) =>
        zl(
          g,
          'debug',
          [['sku', `SKU-${g.int(10000, 99999)}`]],
          T`stock level ${v(g.int(0, 5000))} below reorder point ${v(g.pick([50, 100, 200]))}`
        ),
    },
    {
      w: 3,
      make: (g) =>
        zl(
          g,
          'warn',
          [
            ['db', g.pick(DBS)],
            ['pool', g.pick(POOLS)],
            ['in_use', g.int(18, 20)],
            ['max', 20],
          ],
          T`connection pool nearly exhausted`
        ),
    },
    {
      w: 2,
      make: (g) =>
        zl(
          g,
          'error',
          [
            ['error', g.pick(NET_ERRORS)],
            ['db', g.pick(DBS)],
          ],
          T`query failed`
        ),
    },
    {
      w: 4,
      make: (g) =>
        zl(
          g,
          'info',
          [
            ['topic', g.pick(TOPICS)],
            ['partition', g.int(0, 11)],
            ['offset', g.int(1000, 9999999)],
          ],
          T`message consumed`
        ),
    },
    {
      w: 1,
      make: (g) =>
        zl(
          g,
          'error',
          [
            ['topic', g.pick(TOPICS)],
            [
              'error',
              g.pick([
                'kafka: client has run out of available brokers to talk to',
                'kafka server: Request exceeded the user-specified time limit',
                'EOF',
              ]),
            ],
          ],
          T`failed to commit offset`
        ),
    },
    {
      w: 2,
      make: (g) =>
        zl(
          g,
          'info',
          [['warehouse', g.pick(['ams1', 'fra2', 'iad3'])]],
          T`sync with ${v(g.pick(['sap', 'netsuite']))} finished: ${v(g.int(0, 400))} updated, ${v(g.int(0, 20))} skipped`
        ),
    },
    {
      w: 1,
      make: (g) =>
        zl(
          g,
          'warn',
          [
            ['sku', `SKU-${g.int(10000, 99999)}`],
            ['requested', g.int(5, 40)],
            ['available', g.int(0, 4)],
          ],
          T`insufficient stock`
        ),
    },
    {
      w: 1,
      make: (g) =>
        zl(
          g,
          'info',
          [
            ['url', `https://${g.pick(['sap', 'netsuite'])}.acme-erp.com/api/stock`],
            ['status', g.pick([200, 429, 503])],
          ],
          T`upstream responded`
        ),
    },
    { w: 0.5, make: (g) => zl(g, 'info', [['port', 8081]], T`listening on :${v(8081)}`) },
    {
      w: 1,
      make: (g) =>
        zl(
          g,
          'error',
          [
            [
              'error',
              `open /var/lib/inventory/snapshots/${g.int(1, 400)}.db: ${g.pick(['no such file or directory', 'permission denied', 'too many open files'])}`,
            ],
          ],
          T`snapshot load failed`
        ),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 3. Python structlog (JSONRenderer over a dict: json.dumps spacing, event + key/values)

function slog(g: Gen, event: Made, level: string, logger: string, fields: Array<[string, unknown]>): Made {
  return jsonLine(
    [['event', null], ...fields, ['logger', logger], ['level', level], ['timestamp', g.isoMicro()]],
    'event',
    event,
    { item: ', ', kv: ': ' }
  );
}

const pyStructlog: FormatSpec = {
  name: 'python-structlog-json',
  split: 'tuned',
  description: 'Python service, structlog JSONRenderer (event, key/values, logger, level, timestamp)',
  templates: [
    {
      w: 20,
      make: (g) =>
        slog(g, T`request_finished`, 'info', 'django.request', [
          ['method', g.pickSkewed(['GET', 'POST'])],
          ['path', route(g)],
          ['status_code', g.pickSkewed([200, 302, 404, 500])],
          ['duration_ms', Number(g.float(1, 900, 1))],
          ['user_id', g.chance(0.5) ? g.int(1, 9999) : null],
        ]),
    },
    {
      w: 5,
      make: (g) =>
        slog(g, T`user_login_succeeded`, 'info', 'accounts.auth', [
          ['user', g.pick(USERS)],
          ['ip', g.publicIp()],
          ['method', g.pick(['password', 'sso', 'passkey'])],
        ]),
    },
    {
      w: 2,
      make: (g) =>
        slog(g, T`user_login_failed`, 'warning', 'accounts.auth', [
          ['user', g.pick(USERS)],
          ['ip', g.publicIp()],
          ['reason', g.pick(['bad_password', 'locked', 'unknown_user'])],
        ]),
    },
    {
      w: 6,
      make: (g) =>
        slog(g, T`task_succeeded`, 'info', 'celery.worker', [
          ['task', g.pick(['send_invoice', 'resize_image', 'sync_crm'])],
          ['task_id', g.uuid()],
          ['runtime', Number(g.float(0.01, 40, 3))],
        ]),
    },
    {
      w: 2,
      make: (g) =>
        slog(g, T`task_retry`, 'warning', 'celery.worker', [
          ['task', g.pick(['send_invoice', 'resize_image', 'sync_crm'])],
          ['task_id', g.uuid()],
          ['countdown', g.pick([10, 30, 60])],
          ['exc', g.pick(['ConnectionError', 'TimeoutError', 'SMTPServerDisconnected'])],
        ]),
    },
    {
      w: 1,
      make: (g) =>
        slog(g, T`task_failed`, 'error', 'celery.worker', [
          ['task', g.pick(['send_invoice', 'resize_image', 'sync_crm'])],
          ['task_id', g.uuid()],
          [
            'exception',
            `Traceback (most recent call last):\n  File "/app/tasks.py", line ${g.int(20, 300)}, in run\n    result = client.call(payload)\n${g.pick(["requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.crm.io', port=443): Read timed out. (read timeout=10)", "KeyError: 'customer_id'", "ValueError: invalid literal for int() with base 10: ''"])}`,
          ],
        ]),
    },
    {
      w: 3,
      make: (g) =>
        slog(
          g,
          T`Cache hit ratio ${v(g.float(0.5, 0.99, 2))} over last ${v(g.pick([1000, 5000]))} lookups`,
          'info',
          'app.cache',
          []
        ),
    },
    {
      w: 2,
      make: (g) =>
        slog(g, T`Retrying in ${v(g.pick([1, 2, 4, 8]))} seconds`, 'warning', 'app.http', [
          [
            'url',
            `https://api.${g.pick(['crm.io', 'stripe.com', 'sendgrid.net'])}/v1/${g.pick(['contacts', 'charges', 'mail/send'])}`,
          ],
          ['attempt', g.int(1, 5)],
        ]),
    },
    {
      w: 2,
      make: (g) =>
        slog(g, T`db_query_slow`, 'warning', 'app.db', [
          ['db', g.pick(DBS)],
          ['duration_ms', g.int(500, 9000)],
          [
            'query',
            g.pick([
              'SELECT * FROM orders WHERE user_id = %s',
              'UPDATE users SET last_seen = now() WHERE id = %s',
              'SELECT count(*) FROM events',
            ]),
          ],
        ]),
    },
    {
      w: 1,
      make: (g) =>
        slog(g, T`webhook_delivered`, 'info', 'app.webhooks', [
          ['endpoint', `https://hooks.${g.pick(['example.com', 'partner.io'])}/in/${g.hex(8)}`],
          ['status', g.pick([200, 202, 204])],
          ['attempt', g.int(1, 3)],
        ]),
    },
    {
      w: 1,
      make: (g) =>
        slog(
          g,
          T`Payment ${v(`pi_${g.alnum(14)}`)} refunded: ${v(g.float(1, 300, 2))} ${v(g.pick(CURRENCIES))}`,
          'info',
          'app.payments',
          [['order', g.int(10000, 99999)]]
        ),
    },
    {
      w: 0.5,
      make: (g) =>
        slog(g, T`worker_ready`, 'info', 'celery.worker', [
          ['hostname', `celery@${podName(g, 'worker')}`],
          ['concurrency', g.pick([4, 8])],
        ]),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 4. logfmt (Go kit / Prometheus-style components, and a Heroku-style router without msg)

function kit(
  g: Gen,
  caller: string,
  level: string,
  component: string,
  msg: Made,
  fields: Array<[string, string | number]>
): Made {
  return logfmtLine(
    [['ts', g.iso()], ['caller', caller], ['level', level], ['component', component], ['msg', ''], ...fields],
    'msg',
    msg
  );
}

const logfmt: FormatSpec = {
  name: 'logfmt',
  split: 'tuned',
  description: 'logfmt: Go kit / Prometheus-style components, and router lines without a message',
  templates: [
    {
      w: 15,
      make: (g) =>
        logfmtLine(
          [
            ['at', 'info'],
            ['method', g.pickSkewed(['GET', 'POST', 'PATCH'])],
            ['path', route(g)],
            ['host', 'shop.example.com'],
            ['request_id', g.uuid()],
            ['fwd', g.publicIp()],
            ['dyno', `web.${g.int(1, 4)}`],
            ['connect', `${g.int(0, 3)}ms`],
            ['service', `${g.int(1, 900)}ms`],
            ['status', g.pickSkewed([200, 201, 304, 404])],
            ['bytes', g.int(100, 90000)],
            ['protocol', 'https'],
          ],
          null
        ),
    },
    {
      w: 2,
      make: (g) =>
        logfmtLine(
          [
            ['at', 'error'],
            ['code', g.pick(['H12', 'H13', 'H27'])],
            ['desc', g.pick(['Request timeout', 'Connection closed without response', 'Client Request Interrupted'])],
            ['method', 'GET'],
            ['path', route(g)],
            ['host', 'shop.example.com'],
            ['request_id', g.uuid()],
            ['fwd', g.publicIp()],
            ['dyno', `web.${g.int(1, 4)}`],
            ['connect', `${g.int(0, 3)}ms`],
            ['service', `${g.int(1, 30000)}ms`],
            ['status', 503],
            ['bytes', 0],
            ['protocol', 'https'],
          ],
          null
        ),
    },
    {
      w: 6,
      make: (g) =>
        kit(g, 'compact.go:709', 'info', 'tsdb', T`write block`, [
          ['mint', g.int(1e12, 2e12)],
          ['maxt', g.int(2e12, 3e12)],
          ['ulid', g.alnum(26, '0123456789ABCDEFGHJKMNPQRSTVWXYZ')],
          ['duration', `${g.float(0.1, 9, 3)}s`],
        ]),
    },
    {
      w: 3,
      make: (g) =>
        kit(g, 'head.go:1234', 'info', 'tsdb', T`Head GC completed`, [['duration', `${g.float(1, 900, 3)}ms`]]),
    },
    {
      w: 6,
      make: (g) =>
        kit(
          g,
          'scrape.go:1290',
          'warn',
          'scrape manager',
          T`Error on ingesting samples that are too old or are too far into the future`,
          [
            ['scrape_pool', g.pick(['node', 'kubelet', 'cadvisor', 'api'])],
            ['target', `http://${g.privateIp()}:${g.pick([9100, 10250, 8080])}/metrics`],
            ['num_dropped', g.int(1, 300)],
          ]
        ),
    },
    {
      w: 4,
      make: (g) =>
        kit(g, 'notifier.go:530', 'error', 'notifier', T`Error sending alert`, [
          ['alertmanager', `http://alertmanager-${g.int(0, 2)}:9093/api/v2/alerts`],
          ['count', g.int(1, 40)],
          ['err', `Post "http://alertmanager-${g.int(0, 2)}:9093/api/v2/alerts": ${g.pick(NET_ERRORS)}`],
        ]),
    },
    {
      w: 3,
      make: (g) =>
        kit(g, 'main.go:1150', 'info', 'web', T`Loading configuration file`, [
          ['filename', g.pick(['/etc/prometheus/prometheus.yml', '/etc/prometheus/rules.yml'])],
        ]),
    },
    {
      w: 3,
      make: (g) =>
        kit(g, 'main.go:1187', 'info', 'web', T`Completed loading of configuration file`, [
          ['filename', '/etc/prometheus/prometheus.yml'],
          ['totalDuration', `${g.float(1, 90, 3)}ms`],
          ['db_storage', `${g.float(1, 9, 3)}µs`],
        ]),
    },
    {
      w: 4,
      make: (g) =>
        kit(g, 'checkpoint.go:100', 'info', 'tsdb', T`Creating checkpoint`, [
          ['from_segment', g.int(100, 900)],
          ['to_segment', g.int(900, 1000)],
          ['mint', g.int(1e12, 2e12)],
        ]),
    },
    {
      w: 2,
      make: (g) =>
        kit(g, 'manager.go:170', 'warn', 'rule manager', T`Evaluating rule failed`, [
          ['group', g.pick(['node.rules', 'api.rules'])],
          ['rule', g.pick(['alert: HighErrorRate', 'record: job:http_requests:rate5m'])],
          [
            'err',
            g.pick([
              'query timed out in expression evaluation',
              'many-to-many matching not allowed: matching labels must be unique on one side',
            ]),
          ],
        ]),
    },
    {
      w: 1,
      make: (g) =>
        kit(g, 'db.go:1100', 'info', 'tsdb', T`Deleting obsolete block`, [
          ['block', g.alnum(26, '0123456789ABCDEFGHJKMNPQRSTVWXYZ')],
        ]),
    },
    { w: 1, make: (g) => kit(g, 'tls_config.go:313', 'info', 'web', T`Listening on`, [['address', '[::]:9090']]) },
    {
      w: 1,
      make: (g) =>
        logfmtLine(
          [
            ['time', g.iso()],
            ['level', 'info'],
            ['msg', ''],
            ['user', g.pick(USERS)],
            ['org', g.pick(['acme', 'globex', 'initech'])],
            ['role', g.pick(['admin', 'viewer', 'editor'])],
          ],
          'msg',
          T`user ${v(g.pick(USERS))} granted role ${v(g.pick(['admin', 'viewer', 'editor']))}`
        ),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 5. nginx: combined access log (stdout) and error log (stderr) of one container

function nginxAccess(g: Gen, method: string): Made {
  const ref = g.chance(0.6) ? '-' : `https://shop.example.com${route(g).split('?')[0]}`;
  const user = g.chance(0.9) ? '-' : g.pick(USERS);
  return T`${v(g.chance(0.5) ? g.publicIp() : g.privateIp())} - ${v(user)} [${v(g.clf())}] "${method} ${v(route(g))} ${v(g.pickSkewed(['HTTP/1.1', 'HTTP/2.0', 'HTTP/1.0']))}" ${v(g.pickSkewed([200, 304, 404, 301, 500, 502]))} ${v(g.int(0, 90000))} "${v(ref)}" "${v(g.pickSkewed(USER_AGENTS))}"`;
}

function nginxWorker(g: Gen): string {
  const w = g.int(29, 32);
  return `${w}#${w}`;
}

function nginxErrTime(g: Gen): string {
  return new Date(g.now).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/');
}

const nginx: FormatSpec = {
  name: 'nginx',
  split: 'tuned',
  description: 'nginx container: combined access log and error log interleaved',
  templates: [
    { w: 50, make: (g) => nginxAccess(g, 'GET') },
    { w: 10, make: (g) => nginxAccess(g, 'POST') },
    { w: 3, make: (g) => nginxAccess(g, 'PUT') },
    { w: 2, make: (g) => nginxAccess(g, 'DELETE') },
    { w: 2, make: (g) => nginxAccess(g, 'HEAD') },
    {
      w: 1,
      make: (g) =>
        T`${v(g.publicIp())} - - [${v(g.clf())}] "${v(g.pick(['\\x16\\x03\\x01\\x00\\xCA\\x01\\x00\\x00\\xC6\\x03\\x03', '\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03', 'SSH-2.0-Go']))}" 400 ${v(g.pick([150, 157, 166]))} "-" "-"`,
    },
    {
      w: 3,
      make: (g) => {
        const r = route(g);
        const up = g.privateIp();
        return T`${v(nginxErrTime(g))} [error] ${v(nginxWorker(g))}: *${v(g.int(1, 999999))} connect() failed (111: Connection refused) while connecting to upstream, client: ${v(g.publicIp())}, server: shop.example.com, request: "${v(`GET ${r} HTTP/1.1`)}", upstream: "${v(`http://${up}:8080${r}`)}", host: "shop.example.com"`;
      },
    },
    {
      w: 2,
      make: (g) => {
        const r = route(g);
        return T`${v(nginxErrTime(g))} [error] ${v(nginxWorker(g))}: *${v(g.int(1, 999999))} upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${v(g.publicIp())}, server: shop.example.com, request: "${v(`POST ${r} HTTP/1.1`)}", upstream: "${v(`http://${g.privateIp()}:8080${r}`)}", host: "shop.example.com"`;
      },
    },
    {
      w: 2,
      make: (g) =>
        T`${v(nginxErrTime(g))} [error] ${v(nginxWorker(g))}: *${v(g.int(1, 999999))} open() "${v(g.pick(['/usr/share/nginx/html/favicon.ico', '/usr/share/nginx/html/robots.txt', '/usr/share/nginx/html/.env', '/usr/share/nginx/html/wp-login.php']))}" failed (2: No such file or directory), client: ${v(g.publicIp())}, server: shop.example.com, request: "${v(`GET /${g.pick(['favicon.ico', 'robots.txt', '.env', 'wp-login.php'])} HTTP/1.1`)}", host: "shop.example.com"`,
    },
    {
      w: 1,
      make: (g) =>
        T`${v(nginxErrTime(g))} [warn] ${v(nginxWorker(g))}: *${v(g.int(1, 999999))} an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/${v(`${g.int(1, 9)}/${g.int(10, 99)}/${String(g.int(1, 9999999999)).padStart(10, '0')}`)} while reading upstream, client: ${v(g.publicIp())}, server: shop.example.com, request: "${v(`GET ${route(g)} HTTP/1.1`)}", upstream: "${v(`http://${g.privateIp()}:8080/api/v1/export`)}", host: "shop.example.com"`,
    },
    {
      w: 1,
      make: (g) =>
        T`${v(nginxErrTime(g))} [error] ${v(nginxWorker(g))}: *${v(g.int(1, 999999))} limiting requests, excess: ${v(g.float(0.5, 30, 3))} by zone "${v(g.pick(['api', 'login']))}", client: ${v(g.publicIp())}, server: shop.example.com, request: "${v(`POST /api/v1/${g.pick(['login', 'orders'])} HTTP/1.1`)}", host: "shop.example.com"`,
    },
    {
      w: 0.3,
      make: (g) =>
        T`${v(nginxErrTime(g))} [notice] ${v('1#1')}: signal ${v(g.pick([1, 3, 17]))} (${v(g.pick(['SIGHUP', 'SIGQUIT', 'SIGCHLD']))}) received from ${v(g.int(100, 999))}, reconfiguring`,
    },
    { w: 0.3, make: (g) => T`${v(nginxErrTime(g))} [notice] ${v('1#1')}: start worker process ${v(g.int(30, 99))}` },
  ],
};

// ---------------------------------------------------------------------------------------------
// 6. Kubernetes events (kubernetes-event-exporter JSON, one event per line)

function k8sEvent(
  g: Gen,
  type: string,
  reason: string,
  component: string,
  kind: string,
  ns: string,
  obj: string,
  message: Made,
  fieldPath?: string
): Made {
  const host = g.pick(NODES);
  const first = g.iso(g.now - g.int(0, 600_000)).replace(/\.\d{3}Z$/, 'Z');
  return jsonLine(
    [
      [
        'metadata',
        {
          name: `${obj}.${g.hex(16)}`,
          namespace: ns,
          uid: g.uuid(),
          resourceVersion: String(g.int(100000, 9999999)),
          creationTimestamp: first,
        },
      ],
      ['reason', reason],
      ['message', null],
      ['source', component === 'kubelet' ? { component, host } : { component }],
      ['firstTimestamp', first],
      ['lastTimestamp', g.iso().replace(/\.\d{3}Z$/, 'Z')],
      ['count', g.pickSkewed([1, 1, 2, 3, 5, 12])],
      ['type', type],
      ['eventTime', null],
      ['reportingComponent', component],
      ['reportingInstance', component === 'kubelet' ? host : ''],
      [
        'involvedObject',
        {
          kind,
          namespace: ns,
          name: obj,
          uid: g.uuid(),
          apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1',
          resourceVersion: String(g.int(100000, 9999999)),
          ...(fieldPath ? { fieldPath } : {}),
        },
      ],
    ],
    'message',
    message
  );
}

function podOf(g: Gen): { app: string; ns: string; pod: string } {
  const app = g.pick(APPS);
  return { app, ns: g.pickSkewed(NAMESPACES), pod: podName(g, app) };
}

const k8sEvents: FormatSpec = {
  name: 'k8s-events',
  split: 'tuned',
  description: 'Kubernetes events as JSON (kubernetes-event-exporter), nested metadata and involvedObject',
  templates: [
    {
      w: 8,
      make: (g) => {
        const p = podOf(g);
        return k8sEvent(
          g,
          'Normal',
          'Scheduled',
          'default-scheduler',
          'Pod',
          p.ns,
          p.pod,
          T`Successfully assigned ${v(`${p.ns}/${p.pod}`)} to ${v(g.pick(NODES))}`
        );
      },
    },
    {
      w: 6,
      make: (g) => {
        const p = podOf(g);
        return k8sEvent(
          g,
          'Normal',
          'Pulling',
          'kubelet',
          'Pod',
          p.ns,
          p.pod,
          T`Pulling image "${v(g.pick(IMAGES))}"`,
          `spec.containers{${p.app}}`
        );
      },
    },
    {
      w: 5,
      make: (g) => {
        const p = podOf(g);
        const s = g.float(0.5, 40, 3);
        return k8sEvent(
          g,
          'Normal',
          'Pulled',
          'kubelet',
          'Pod',
          p.ns,
          p.pod,
          T`Successfully pulled image "${v(g.pick(IMAGES))}" in ${v(`${s}s`)} (${v(`${s}s`)} including waiting)`,
          `spec.containers{${p.app}}`
        );
      },
    },
    {
      w: 5,
      make: (g) => {
        const p = podOf(g);
        return k8sEvent(
          g,
          'Normal',
          'Pulled',
          'kubelet',
          'Pod',
          p.ns,
          p.pod,
          T`Container image "${v(g.pick(IMAGES))}" already present on machine`,
          `spec.containers{${p.app}}`
        );
      },
    },
    {
      w: 8,
      make: (g) => {
        const p = podOf(g);
        return k8sEvent(
          g,
          'Normal',
          'Created',
          'kubelet',
          'Pod',
          p.ns,
          p.pod,
          T`Created container ${v(p.app)}`,
          `spec.containers{${p.app}}`
        );
      },
    },
    {
      w: 8,
      make: (g) => {
        const p = podOf(g);
        return k8sEvent(
          g,
          'Normal',
          'Started',
          'kubelet',
          'Pod',
          p.ns,
          p.pod,
          T`Started container ${v(p.app)}`,
          `spec.containers{${p.app}}`
        );
      },
    },
    {
      w: 4,
      make: (g) => {
        const p = podOf(g);
        return k8sEvent(
          g,
          'Normal',
          'Killing',
          'kubelet',
          'Pod',
          p.ns,
          p.pod,
          T`Stopping container ${v(p.app)}`,
          `spec.containers{${p.app}}`
        );
      },
    },
    {
      w: 5,
      make: (g) => {
        const p = podOf(g);
        return k8sEvent(
          g,
          'Warning',
          'BackOff',
          'kubelet',
          'Pod',
          p.ns,
          p.pod,
          T`Back-off restarting failed container ${v(p.app)} in pod ${v(`${p.pod}_${p.ns}(${g.uuid()})`)}`,
          `spec.containers{${p.app}}`
        );
      },
    },
    {
      w: 5,
      make: (g) => {
        const p = podOf(g);
        const ip = `10.244.${g.int(0, 9)}.${g.int(2, 250)}`;
        return k8sEvent(
          g,
          'Warning',
          'Unhealthy',
          'kubelet',
          'Pod',
          p.ns,
          p.pod,
          T`Readiness probe failed: Get "${v(`http://${ip}:8080/healthz`)}": ${v(g.pick([`dial tcp ${ip}:8080: connect: connection refused`, 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)', `read tcp 10.244.0.1:${g.int(30000, 60000)}->${ip}:8080: read: connection reset by peer`]))}`,
          `spec.containers{${p.app}}`
        );
      },
    },
    {
      w: 2,
      make: (g) => {
        const p = podOf(g);
        return k8sEvent(
          g,
          'Warning',
          'Unhealthy',
          'kubelet',
          'Pod',
          p.ns,
          p.pod,
          T`Liveness probe failed: HTTP probe failed with statuscode: ${v(g.pick([500, 503]))}`,
          `spec.containers{${p.app}}`
        );
      },
    },
    {
      w: 3,
      make: (g) => {
        const p = podOf(g);
        const n = g.int(3, 9);
        const cpu = g.int(1, n);
        return k8sEvent(
          g,
          'Warning',
          'FailedScheduling',
          'default-scheduler',
          'Pod',
          p.ns,
          p.pod,
          T`0/${v(n)} nodes are available: ${v(cpu)} Insufficient ${v(g.pick(['cpu', 'memory']))}, ${v(n - cpu)} node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/${v(n)} nodes are available: ${v(n)} Preemption is not helpful for scheduling.`
        );
      },
    },
    {
      w: 4,
      make: (g) => {
        const p = podOf(g);
        return k8sEvent(
          g,
          'Normal',
          'SuccessfulCreate',
          'replicaset-controller',
          'ReplicaSet',
          p.ns,
          p.pod.replace(/-[^-]+$/, ''),
          T`Created pod: ${v(p.pod)}`
        );
      },
    },
    {
      w: 2,
      make: (g) => {
        const p = podOf(g);
        const rs = p.pod.replace(/-[^-]+$/, '');
        return k8sEvent(
          g,
          'Normal',
          'ScalingReplicaSet',
          'deployment-controller',
          'Deployment',
          p.ns,
          p.app,
          T`Scaled up replica set ${v(rs)} to ${v(g.int(1, 12))}`
        );
      },
    },
    {
      w: 2,
      make: (g) => {
        const p = podOf(g);
        const rs = p.pod.replace(/-[^-]+$/, '');
        return k8sEvent(
          g,
          'Normal',
          'ScalingReplicaSet',
          'deployment-controller',
          'Deployment',
          p.ns,
          p.app,
          T`Scaled down replica set ${v(rs)} to ${v(g.int(0, 6))}`
        );
      },
    },
    {
      w: 1,
      make: (g) => {
        const p = podOf(g);
        const vol = g.pick(['config', 'secrets', 'tls']);
        return k8sEvent(
          g,
          'Warning',
          'FailedMount',
          'kubelet',
          'Pod',
          p.ns,
          p.pod,
          T`MountVolume.SetUp failed for volume "${v(vol)}" : ${v(g.pick(['configmap', 'secret']))} "${v(`${p.app}-${vol}`)}" not found`
        );
      },
    },
    {
      w: 1,
      make: (g) => {
        const p = podOf(g);
        return k8sEvent(
          g,
          'Normal',
          'SandboxChanged',
          'kubelet',
          'Pod',
          p.ns,
          p.pod,
          T`Pod sandbox changed, it will be killed and re-created.`
        );
      },
    },
    {
      w: 1,
      make: (g) => {
        const n = g.pick(NODES);
        return k8sEvent(
          g,
          'Normal',
          'NodeNotReady',
          'node-controller',
          'Node',
          '',
          n,
          T`Node ${v(n)} status is now: NodeNotReady`
        );
      },
    },
    {
      w: 1,
      make: (g) => {
        const n = g.pick(NODES);
        return k8sEvent(g, 'Normal', 'NodeReady', 'kubelet', 'Node', '', n, T`Node ${v(n)} status is now: NodeReady`);
      },
    },
    {
      w: 1,
      make: (g) => {
        const p = podOf(g);
        return k8sEvent(
          g,
          'Warning',
          'Evicted',
          'kubelet',
          'Pod',
          p.ns,
          p.pod,
          T`The node was low on resource: ${v(g.pick(['memory', 'ephemeral-storage']))}. Threshold quantity: ${v(g.pick(['100Mi', '10%']))}, available: ${v(`${g.int(10, 99000)}Ki`)}.`
        );
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 7. PostgreSQL (stderr, log_line_prefix = '%m [%p] %q%u@%d ')

function pg(g: Gen, session: boolean, level: string, msg: Made, pid = g.int(100, 99999)): Made {
  const prefix = session
    ? T`${v(g.sqlTime())} UTC [${v(pid)}] ${v(g.pick(['app', 'report', 'migrator']))}@${v(g.pick(DBS))} `
    : T`${v(g.sqlTime())} UTC [${v(pid)}] `;
  return { line: `${prefix.line}${level}:  ${msg.line}`, template: `${prefix.template}${level}:  ${msg.template}` };
}

const STATEMENTS = [
  'SELECT id, status, total FROM orders WHERE user_id = $1 ORDER BY created_at DESC LIMIT 20',
  'UPDATE users SET last_seen = now() WHERE id = $1',
  'INSERT INTO order_items (order_id, sku, qty) VALUES ($1, $2, $3)',
  'SELECT count(*) FROM events WHERE created_at > $1',
];

const postgres: FormatSpec = {
  name: 'postgresql',
  split: 'tuned',
  description: 'PostgreSQL server log (stderr), %m [%p] %q%u@%d prefix, with DETAIL/STATEMENT lines',
  templates: [
    {
      w: 12,
      make: (g) => pg(g, false, 'LOG', T`connection received: host=${v(g.privateIp())} port=${v(g.int(30000, 65000))}`),
    },
    {
      w: 12,
      make: (g) =>
        pg(
          g,
          true,
          'LOG',
          T`connection authorized: user=${v(g.pick(['app', 'report', 'migrator']))} database=${v(g.pick(DBS))} application_name=${v(g.pick(['api', 'psql', 'metabase']))}`
        ),
    },
    {
      w: 10,
      make: (g) =>
        pg(
          g,
          true,
          'LOG',
          T`disconnection: session time: ${v(`0:${String(g.int(0, 59)).padStart(2, '0')}:${g.float(10, 59, 3)}`)} user=${v(g.pick(['app', 'report']))} database=${v(g.pick(DBS))} host=${v(g.privateIp())} port=${v(g.int(30000, 65000))}`
        ),
    },
    {
      w: 8,
      make: (g) =>
        pg(
          g,
          true,
          'LOG',
          T`duration: ${v(g.float(0.01, 900, 3))} ms  statement: ${v(g.pick(STATEMENTS).replace('$1', String(g.int(1, 9999))))}`
        ),
    },
    { w: 3, make: (g) => pg(g, false, 'LOG', T`checkpoint starting: ${v(g.pick(['time', 'wal']))}`) },
    {
      w: 3,
      make: (g) =>
        pg(
          g,
          false,
          'LOG',
          T`checkpoint complete: wrote ${v(g.int(1, 9000))} buffers (${v(g.float(0, 40, 1))}%); ${v(0)} WAL file(s) added, ${v(g.int(0, 3))} removed, ${v(g.int(0, 9))} recycled; write=${v(g.float(0, 270, 3))} s, sync=${v(g.float(0, 1, 3))} s, total=${v(g.float(0, 271, 3))} s; sync files=${v(g.int(0, 300))}, longest=${v(g.float(0, 1, 3))} s, average=${v(g.float(0, 0.1, 3))} s; distance=${v(g.int(0, 99999))} kB, estimate=${v(g.int(0, 99999))} kB`
        ),
    },
    {
      w: 2,
      make: (g) => {
        const pid = g.int(100, 99999);
        const t = g.pick(['orders', 'users', 'order_items']);
        const id = g.int(1, 99999);
        return [
          pg(g, true, 'ERROR', T`duplicate key value violates unique constraint "${v(`${t}_pkey`)}"`, pid),
          pg(g, true, 'DETAIL', T`Key (id)=(${v(id)}) already exists.`, pid),
          pg(g, true, 'STATEMENT', T`INSERT INTO ${v(t)} (id, payload) VALUES (${v(id)}, ${v(`'${g.hex(6)}'`)})`, pid),
        ];
      },
    },
    {
      w: 2,
      make: (g) => {
        const pid = g.int(100, 99999);
        return [
          pg(g, true, 'ERROR', T`canceling statement due to statement timeout`, pid),
          pg(g, true, 'STATEMENT', T`${v(g.pick(STATEMENTS))}`, pid),
        ];
      },
    },
    {
      w: 1,
      make: (g) =>
        pg(
          g,
          true,
          'ERROR',
          T`relation "${v(g.pick(['order_item', 'user_sessions', 'public.invoices']))}" does not exist at character ${v(g.int(10, 80))}`
        ),
    },
    {
      w: 2,
      make: (g) => {
        const pid = g.int(100, 99999);
        return [
          pg(
            g,
            true,
            'FATAL',
            T`password authentication failed for user "${v(g.pick(['report', 'app', 'postgres']))}"`,
            pid
          ),
          pg(
            g,
            true,
            'DETAIL',
            T`Connection matched pg_hba.conf line ${v(g.pick([95, 99, 102]))}: "${v(g.pick(['host all all 0.0.0.0/0 scram-sha-256', 'host all all 10.0.0.0/8 md5']))}"`,
            pid
          ),
        ];
      },
    },
    {
      w: 1,
      make: (g) =>
        pg(g, true, 'FATAL', T`database "${v(g.pick(['analytics', 'orders_test', 'postgres2']))}" does not exist`),
    },
    {
      w: 2,
      make: (g) =>
        pg(
          g,
          true,
          'LOG',
          T`process ${v(g.int(100, 99999))} still waiting for ${v(g.pick(['ShareLock', 'ExclusiveLock', 'AccessExclusiveLock']))} on ${v(g.pick([`transaction ${g.int(100000, 999999)}`, `relation ${g.int(16000, 17000)} of database ${g.int(16000, 17000)}`]))} after ${v(g.float(1000, 9000, 3))} ms`
        ),
    },
    {
      w: 1,
      make: (g) => {
        const pid = g.int(100, 99999);
        return [
          pg(g, true, 'ERROR', T`deadlock detected`, pid),
          pg(
            g,
            true,
            'DETAIL',
            T`Process ${v(pid)} waits for ShareLock on transaction ${v(g.int(100000, 999999))}; blocked by process ${v(g.int(100, 99999))}.`,
            pid
          ),
        ];
      },
    },
    {
      w: 2,
      make: (g) =>
        pg(
          g,
          false,
          'LOG',
          T`automatic analyze of table "${v(`${g.pick(DBS)}.public.${g.pick(['orders', 'users', 'order_items', 'events'])}`)}" system usage: CPU: user: ${v(g.float(0, 2, 2))} s, system: ${v(g.float(0, 1, 2))} s, elapsed: ${v(g.float(0, 9, 2))} s`
        ),
    },
    {
      w: 2,
      make: (g) =>
        pg(
          g,
          false,
          'LOG',
          T`automatic vacuum of table "${v(`${g.pick(DBS)}.public.${g.pick(['orders', 'users', 'order_items', 'events'])}`)}": index scans: ${v(g.int(0, 2))}`
        ),
    },
    { w: 1, make: (g) => pg(g, true, 'FATAL', T`sorry, too many clients already`) },
    { w: 1, make: (g) => pg(g, true, 'WARNING', T`there is no transaction in progress`) },
    { w: 0.5, make: (g) => pg(g, true, 'FATAL', T`terminating connection due to administrator command`) },
  ],
};

// ---------------------------------------------------------------------------------------------
// 8. Redis server log

function redisTime(g: Gen): string {
  const d = new Date(g.now);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}
function rd(g: Gen, role: string, mark: string, msg: Made, pid = 1): Made {
  const head = T`${v(pid)}:${v(role)} ${v(redisTime(g))} ${mark} `;
  return { line: head.line + msg.line, template: head.template + msg.template };
}
const replica = (g: Gen) => `${g.privateIp()}:6379`;

const redis: FormatSpec = {
  name: 'redis',
  split: 'tuned',
  description: 'Redis server log (pid:role timestamp level-mark message), primary with replicas',
  templates: [
    {
      w: 10,
      make: (g) =>
        rd(g, 'M', '*', T`${v(g.pick([1, 100, 10000]))} changes in ${v(g.pick([3600, 300, 60]))} seconds. Saving...`),
    },
    { w: 10, make: (g) => rd(g, 'M', '*', T`Background saving started by pid ${v(g.int(100, 99999))}`) },
    { w: 10, make: (g) => rd(g, 'C', '*', T`DB saved on disk`, g.int(100, 99999)) },
    {
      w: 8,
      make: (g) =>
        rd(
          g,
          'C',
          '*',
          T`Fork CoW for RDB: current ${v(g.int(0, 90))} MB, peak ${v(g.int(0, 90))} MB, average ${v(g.int(0, 60))} MB`,
          g.int(100, 99999)
        ),
    },
    { w: 10, make: (g) => rd(g, 'M', '*', T`Background saving terminated with success`) },
    { w: 3, make: (g) => rd(g, 'M', '*', T`Replica ${v(replica(g))} asks for synchronization`) },
    { w: 2, make: (g) => rd(g, 'M', '*', T`Full resync requested by replica ${v(replica(g))}`) },
    {
      w: 2,
      make: (g) => rd(g, 'M', '*', T`Starting BGSAVE for SYNC with target: ${v(g.pick(['disk', 'replicas sockets']))}`),
    },
    { w: 2, make: (g) => rd(g, 'M', '*', T`Synchronization with replica ${v(replica(g))} succeeded`) },
    { w: 2, make: (g) => rd(g, 'M', '#', T`Connection with replica ${v(replica(g))} lost.`) },
    {
      w: 1,
      make: (g) =>
        rd(
          g,
          'M',
          '#',
          T`Client id=${v(g.int(1, 99999))} addr=${v(`${g.privateIp()}:${g.int(30000, 65000)}`)} laddr=${v('10.0.0.2:6379')} fd=${v(g.int(8, 900))} name=${v(g.pick(['', 'sidekiq', 'celery']))} age=${v(g.int(0, 9999))} idle=${v(g.int(0, 99))} flags=N db=${v(g.int(0, 3))} sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=${v(g.int(0, 40000))} argv-mem=0 multi-mem=0 rbs=${v(1024)} rbp=${v(g.int(0, 9999))} obl=0 oll=${v(g.int(100, 9999))} omem=${v(g.int(1e6, 9e7))} tot-mem=${v(g.int(1e6, 9e7))} events=rw cmd=${v(g.pick(['subscribe', 'get', 'hgetall', 'lrange']))} user=default redir=-1 resp=2 lib-name= lib-ver= closed for overcoming of output buffer limits.`
        ),
    },
    {
      w: 2,
      make: (g) =>
        rd(g, 'S', '*', T`MASTER <-> REPLICA sync: receiving ${v(g.int(1e5, 9e8))} bytes from master to disk`, 7),
    },
    { w: 2, make: (g) => rd(g, 'S', '*', T`MASTER <-> REPLICA sync: Finished with success`, 7) },
    { w: 2, make: (g) => rd(g, 'S', '*', T`Connecting to MASTER ${v('10.0.0.2:6379')}`, 7) },
    {
      w: 1,
      make: (g) =>
        rd(
          g,
          'S',
          '#',
          T`Error condition on socket for SYNC: ${v(g.pick(['Connection refused', 'Connection reset by peer', 'Operation now in progress']))}`,
          7
        ),
    },
    { w: 1, make: (g) => rd(g, 'M', '*', T`DB loaded from disk: ${v(g.float(0, 20, 3))} seconds`) },
    {
      w: 1,
      make: (g) =>
        rd(g, 'M', '*', T`Done loading RDB, keys loaded: ${v(g.int(0, 999999))}, keys expired: ${v(g.int(0, 9999))}.`),
    },
    { w: 0.5, make: (g) => rd(g, 'M', '*', T`Ready to accept connections ${v(g.pick(['tcp', 'unix']))}`) },
    {
      w: 0.5,
      make: (g) =>
        rd(
          g,
          'M',
          '#',
          T`WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition.`
        ),
    },
    { w: 0.5, make: (g) => rd(g, 'M', '#', T`Server initialized`) },
  ],
};

// ---------------------------------------------------------------------------------------------
// 9. AWS-style audit JSON (CloudTrail records, one per line)

const ACCOUNT = '123456789012';
const BUCKETS = ['acme-logs-prod', 'acme-assets', 'acme-backups'];
function trail(
  g: Gen,
  source: string,
  name: string,
  readOnly: boolean,
  params: unknown,
  response: unknown,
  error?: [string, string]
): Made {
  const user = g.pick(USERS);
  return jsonLine(
    [
      ['eventVersion', '1.09'],
      [
        'userIdentity',
        {
          type: 'IAMUser',
          principalId: `AIDA${g.alnum(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
          arn: `arn:aws:iam::${ACCOUNT}:user/${user}`,
          accountId: ACCOUNT,
          accessKeyId: `AKIA${g.alnum(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
          userName: user,
        },
      ],
      ['eventTime', g.iso().replace(/\.\d{3}Z$/, 'Z')],
      ['eventSource', source],
      ['eventName', null],
      ['awsRegion', g.pickSkewed(REGIONS)],
      ['sourceIPAddress', g.publicIp()],
      [
        'userAgent',
        g.pick([
          'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/s3.cp',
          'Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.12.3',
          'aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.2 md/GOOS#linux md/GOARCH#amd64 api/s3#1.53.1',
          'console.amazonaws.com',
        ]),
      ],
      ...(error
        ? ([
            ['errorCode', error[0]],
            ['errorMessage', error[1]],
          ] as Array<[string, unknown]>)
        : []),
      ['requestParameters', params],
      ['responseElements', response],
      ['requestID', g.alnum(16, '0123456789ABCDEF')],
      ['eventID', g.uuid()],
      ['readOnly', readOnly],
      ['eventType', 'AwsApiCall'],
      ['managementEvent', !source.startsWith('s3') || name === 'ListBuckets'],
      ['recipientAccountId', ACCOUNT],
    ],
    'eventName',
    T`${name}`
  );
}
const s3key = (g: Gen) => `${g.pick(['app', 'nginx', 'db'])}/2024/06/${g.int(10, 12)}/${g.hex(8)}.log.gz`;

const awsAudit: FormatSpec = {
  name: 'aws-audit-json',
  split: 'tuned',
  description: 'AWS CloudTrail-style audit records as JSON lines (no message field: eventName names the event)',
  templates: [
    {
      w: 20,
      make: (g) =>
        trail(
          g,
          's3.amazonaws.com',
          'GetObject',
          true,
          { bucketName: g.pick(BUCKETS), Host: `${g.pick(BUCKETS)}.s3.amazonaws.com`, key: s3key(g) },
          null
        ),
    },
    {
      w: 10,
      make: (g) =>
        trail(
          g,
          's3.amazonaws.com',
          'PutObject',
          false,
          { bucketName: g.pick(BUCKETS), Host: `${g.pick(BUCKETS)}.s3.amazonaws.com`, key: s3key(g) },
          { 'x-amz-server-side-encryption': 'AES256' }
        ),
    },
    {
      w: 3,
      make: (g) =>
        trail(
          g,
          's3.amazonaws.com',
          'GetObject',
          true,
          { bucketName: g.pick(BUCKETS), Host: `${g.pick(BUCKETS)}.s3.amazonaws.com`, key: s3key(g) },
          null,
          ['AccessDenied', 'Access Denied']
        ),
    },
    {
      w: 3,
      make: (g) =>
        trail(
          g,
          's3.amazonaws.com',
          'DeleteObject',
          false,
          { bucketName: g.pick(BUCKETS), Host: `${g.pick(BUCKETS)}.s3.amazonaws.com`, key: s3key(g) },
          null
        ),
    },
    {
      w: 8,
      make: (g) =>
        trail(
          g,
          'sts.amazonaws.com',
          'AssumeRole',
          true,
          {
            roleArn: `arn:aws:iam::${ACCOUNT}:role/${g.pick(['deploy', 'readonly', 'ci-runner'])}`,
            roleSessionName: `${g.pick(USERS)}-${g.int(1e9, 2e9)}`,
            durationSeconds: g.pick([900, 3600]),
          },
          {
            credentials: { accessKeyId: `ASIA${g.alnum(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, expiration: g.iso() },
          }
        ),
    },
    {
      w: 8,
      make: (g) =>
        trail(
          g,
          'ec2.amazonaws.com',
          'DescribeInstances',
          true,
          {
            instancesSet: {},
            filterSet: { items: [{ name: 'tag:env', valueSet: { items: [{ value: g.pick(['prod', 'staging']) }] } }] },
          },
          null
        ),
    },
    {
      w: 2,
      make: (g) =>
        trail(
          g,
          'ec2.amazonaws.com',
          'RunInstances',
          false,
          {
            instanceType: g.pick(['t3.medium', 'm6i.large', 'c6g.xlarge']),
            minCount: 1,
            maxCount: g.int(1, 4),
            imageId: `ami-${g.hex(17)}`,
          },
          { reservationId: `r-${g.hex(17)}`, ownerId: ACCOUNT }
        ),
    },
    {
      w: 1,
      make: (g) =>
        trail(
          g,
          'ec2.amazonaws.com',
          'TerminateInstances',
          false,
          { instancesSet: { items: [{ instanceId: `i-${g.hex(17)}` }] } },
          {
            instancesSet: {
              items: [{ instanceId: `i-${g.hex(17)}`, currentState: { code: 32, name: 'shutting-down' } }],
            },
          }
        ),
    },
    {
      w: 6,
      make: (g) =>
        trail(
          g,
          'kms.amazonaws.com',
          'Decrypt',
          true,
          {
            encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
            encryptionContext: { 'aws:s3:arn': `arn:aws:s3:::${g.pick(BUCKETS)}` },
          },
          null
        ),
    },
    {
      w: 4,
      make: (g) =>
        trail(
          g,
          'kms.amazonaws.com',
          'GenerateDataKey',
          true,
          { keyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${g.uuid()}`, keySpec: 'AES_256' },
          null
        ),
    },
    {
      w: 1,
      make: (g) =>
        trail(
          g,
          'iam.amazonaws.com',
          'CreateUser',
          false,
          { userName: `${g.pick(USERS)}-${g.int(1, 99)}` },
          {
            user: {
              userName: g.pick(USERS),
              userId: `AIDA${g.alnum(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
              createDate: g.iso(),
            },
          }
        ),
    },
    {
      w: 1,
      make: (g) =>
        trail(
          g,
          'iam.amazonaws.com',
          'AttachRolePolicy',
          false,
          {
            roleName: g.pick(['deploy', 'ci-runner']),
            policyArn: `arn:aws:iam::aws:policy/${g.pick(['AmazonS3ReadOnlyAccess', 'AdministratorAccess'])}`,
          },
          null
        ),
    },
    { w: 2, make: (g) => trail(g, 's3.amazonaws.com', 'ListBuckets', true, { Host: 's3.amazonaws.com' }, null) },
    {
      w: 1,
      make: (g) =>
        trail(
          g,
          'sts.amazonaws.com',
          'AssumeRole',
          true,
          { roleArn: `arn:aws:iam::${ACCOUNT}:role/admin`, roleSessionName: `${g.pick(USERS)}-${g.int(1e9, 2e9)}` },
          null,
          [
            'AccessDenied',
            `User: arn:aws:iam::${ACCOUNT}:user/${g.pick(USERS)} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/admin`,
          ]
        ),
    },
  ],
};

// =============================================================================================
// Untouched formats: written before any tuning, scored only at the end (README.md).
// =============================================================================================

// 10. Node pino (and pino-http / fastify request logs)

const PINO_LEVEL: Record<string, number> = { debug: 20, info: 30, warn: 40, error: 50 };
function pino(g: Gen, level: string, fields: Array<[string, unknown]>, msg: Made): Made {
  return jsonLine(
    [
      ['level', PINO_LEVEL[level]],
      ['time', g.now],
      ['pid', 1],
      ['hostname', 'api-6d8c9f7b5-q2wxz'],
      ...fields,
      ['msg', null],
    ],
    'msg',
    msg
  );
}
function pinoReq(g: Gen): Record<string, unknown> {
  const ua = g.pickSkewed(USER_AGENTS);
  const headers: Record<string, unknown> = {
    host: 'api.example.com',
    'user-agent': ua,
    accept: g.pick(['*/*', 'application/json']),
  };
  if (g.chance(0.5)) headers['accept-encoding'] = 'gzip, deflate, br';
  if (g.chance(0.4)) headers.authorization = '[Redacted]';
  if (g.chance(0.3)) headers['x-request-id'] = g.uuid();
  if (g.chance(0.2)) headers['content-type'] = 'application/json';
  return {
    id: `req-${g.int(1, 99999).toString(36)}`,
    method: g.pickSkewed(['GET', 'POST', 'PUT', 'DELETE']),
    url: route(g),
    query: {},
    headers,
    remoteAddress: `::ffff:${g.privateIp()}`,
    remotePort: g.int(30000, 65000),
  };
}

const nodePino: FormatSpec = {
  name: 'node-pino-json',
  split: 'tuned',
  description: 'Node.js service, pino with pino-http (numeric levels, epoch ms, nested req/res/err)',
  templates: [
    {
      w: 25,
      make: (g) =>
        pino(
          g,
          'info',
          [
            ['req', pinoReq(g)],
            [
              'res',
              {
                statusCode: g.pickSkewed([200, 201, 204, 304, 404]),
                headers: {
                  'content-type': 'application/json; charset=utf-8',
                  'content-length': String(g.int(2, 90000)),
                },
              },
            ],
            ['responseTime', g.int(1, 900)],
          ],
          T`request completed`
        ),
    },
    {
      w: 3,
      make: (g) =>
        pino(
          g,
          'error',
          [
            ['req', pinoReq(g)],
            ['res', { statusCode: g.pick([500, 502, 503]), headers: {} }],
            [
              'err',
              {
                type: 'Error',
                message: `connect ECONNREFUSED ${g.privateIp()}:${g.pick([5432, 6379])}`,
                stack: `Error: connect ECONNREFUSED\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1605:16)`,
              },
            ],
            ['responseTime', g.int(1, 30000)],
          ],
          T`request errored`
        ),
    },
    {
      w: 6,
      make: (g) =>
        pino(
          g,
          'debug',
          [
            ['reqId', `req-${g.int(1, 99999).toString(36)}`],
            ['cacheKey', `product:${g.int(1, 99999)}`],
          ],
          T`cache ${'miss'}`
        ),
    },
    {
      w: 10,
      make: (g) =>
        pino(
          g,
          'debug',
          [
            ['reqId', `req-${g.int(1, 99999).toString(36)}`],
            ['cacheKey', `product:${g.int(1, 99999)}`],
          ],
          T`cache ${'hit'}`
        ),
    },
    {
      w: 5,
      make: (g) =>
        pino(
          g,
          'info',
          [
            ['module', 'db'],
            [
              'query',
              g.pick([
                'select * from "products" where "id" = $1',
                'select "id", "email" from "users" where "email" = $1 limit $2',
                'update "carts" set "updated_at" = $1 where "id" = $2',
              ]),
            ],
            ['durationMs', g.int(0, 400)],
            ['rows', g.int(0, 50)],
          ],
          T`query executed`
        ),
    },
    {
      w: 3,
      make: (g) =>
        pino(
          g,
          'info',
          [
            ['module', 'auth'],
            ['userId', g.int(1, 99999)],
          ],
          T`user ${v(g.int(1, 99999))} signed in via ${v(g.pick(['password', 'google', 'github']))}`
        ),
    },
    {
      w: 3,
      make: (g) =>
        pino(
          g,
          'info',
          [['module', 'jobs']],
          T`job ${v(g.pick(['cleanup-carts', 'send-digest', 'reindex-products']))} finished in ${v(g.int(5, 90000))}ms`
        ),
    },
    {
      w: 1,
      make: (g) =>
        pino(
          g,
          'error',
          [
            ['module', 'events'],
            ['topic', g.pick(TOPICS)],
            [
              'err',
              {
                type: g.pick(['KafkaJSConnectionError', 'KafkaJSRequestTimeoutError']),
                message: g.pick([
                  'Connection timeout',
                  'Request produce(key: 0, version: 7) timed out',
                  'Closed connection',
                ]),
              },
            ],
          ],
          T`failed to publish message`
        ),
    },
    {
      w: 2,
      make: (g) =>
        pino(
          g,
          'warn',
          [
            ['ip', g.publicIp()],
            ['route', g.pick(['/api/v1/login', '/api/v1/orders'])],
            ['limit', 100],
          ],
          T`rate limit exceeded`
        ),
    },
    {
      w: 1,
      make: (g) =>
        pino(
          g,
          'warn',
          [
            ['module', 'db'],
            ['total', 10],
            ['idle', 0],
            ['waiting', g.int(1, 40)],
          ],
          T`connection pool saturated`
        ),
    },
    {
      w: 0.3,
      make: (g) => pino(g, 'info', [], T`Server listening at ${v(`http://${g.pick(['0.0.0.0', '[::]'])}:3000`)}`),
    },
    { w: 0.3, make: (g) => pino(g, 'info', [['signal', g.pick(['SIGTERM', 'SIGINT'])]], T`graceful shutdown started`) },
    {
      w: 1,
      make: (g) =>
        pino(
          g,
          'warn',
          [
            ['module', 'payments'],
            ['orderId', `ord_${g.alnum(10)}`],
            ['attempt', g.int(1, 3)],
          ],
          T`payment provider responded ${v(g.pick([429, 502, 503]))}, retrying in ${v(g.pick([250, 500, 1000]))}ms`
        ),
    },
  ],
};

// 11. Apache httpd, vhost_combined access log

function apacheAccess(g: Gen, method: string): Made {
  const vhost = g.pick(['www.example.org:443', 'www.example.org:80', 'blog.example.org:443']);
  const path = g.pickSkewed([
    '/',
    `/index.php?option=com_content&view=article&id=${g.int(1, 400)}`,
    `/wp-content/uploads/2024/0${g.int(1, 6)}/${g.pick(['header', 'photo', 'banner'])}-${g.int(1, 99)}.jpg`,
    '/wp-admin/admin-ajax.php',
    '/wp-login.php',
    `/blog/${g.pick(['hello-world', 'release-notes', 'how-we-scaled'])}/`,
    '/feed/',
    `/assets/css/main.${g.hex(6)}.css`,
  ]);
  const bytes = g.chance(0.1) ? '-' : String(g.int(200, 120000));
  const ref = g.chance(0.5)
    ? '-'
    : g.pick([
        'https://www.google.com/',
        'https://www.example.org/',
        `https://www.example.org/blog/${g.pick(['hello-world', 'release-notes'])}/`,
        'https://t.co/' + g.alnum(10),
      ]);
  return T`${v(vhost)} ${v(g.chance(0.5) ? g.publicIp() : g.privateIp())} - ${v(g.chance(0.95) ? '-' : g.pick(USERS))} [${v(g.clf())}] "${method} ${v(path)} ${v(g.pickSkewed(['HTTP/1.1', 'HTTP/2.0', 'HTTP/1.0']))}" ${v(g.pickSkewed([200, 304, 301, 302, 404, 403, 500]))} ${v(bytes)} "${v(ref)}" "${v(g.pickSkewed(USER_AGENTS))}"`;
}

const apacheCombined: FormatSpec = {
  name: 'apache-combined',
  split: 'tuned',
  description: 'Apache httpd vhost_combined access log (PHP site, bots)',
  templates: [
    { w: 60, make: (g) => apacheAccess(g, 'GET') },
    { w: 12, make: (g) => apacheAccess(g, 'POST') },
    { w: 4, make: (g) => apacheAccess(g, 'HEAD') },
    { w: 2, make: (g) => apacheAccess(g, 'OPTIONS') },
    { w: 1, make: (g) => apacheAccess(g, 'PUT') },
    {
      w: 2,
      make: (g) =>
        T`${v(g.pick(['www.example.org:443', 'www.example.org:80']))} ${v(g.publicIp())} - - [${v(g.clf())}] "-" 408 ${v(g.pick(['-', '0']))} "-" "-"`,
    },
  ],
};

// 12. kubelet (klog: structured InfoS lines and older printf-style lines)

function klog(g: Gen, sev: string, file: string, msg: Made): Made {
  const d = new Date(g.now);
  const p = (n: number) => String(n).padStart(2, '0');
  const head = `${sev}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}${String(g.int(0, 999)).padStart(3, '0')}`;
  const h = T`${v(head)}    ${v(2187)} ${file}] `;
  return { line: h.line + msg.line, template: h.template + msg.template };
}
const q = (s: string) => JSON.stringify(s);

const kubelet: FormatSpec = {
  name: 'kubelet',
  split: 'tuned',
  description: 'kubelet (klog header; structured "message" key=value lines and printf-style lines)',
  templates: [
    {
      w: 12,
      make: (g) => {
        const p = podOf(g);
        return klog(
          g,
          'I',
          'kubelet.go:2430',
          T`"SyncLoop (PLEG): event for pod" pod=${v(q(`${p.ns}/${p.pod}`))} event={"ID":${v(q(g.uuid()))},"Type":${v(q(g.pick(['ContainerStarted', 'ContainerDied'])))},"Data":${v(q(g.hex(64)))}}`
        );
      },
    },
    {
      w: 5,
      make: (g) => {
        const p = podOf(g);
        return klog(g, 'I', 'kubelet.go:2361', T`"SyncLoop ADD" source="api" pods=[${v(q(`${p.ns}/${p.pod}`))}]`);
      },
    },
    {
      w: 4,
      make: (g) => {
        const p = podOf(g);
        return klog(g, 'I', 'kubelet.go:2383', T`"SyncLoop UPDATE" source="api" pods=[${v(q(`${p.ns}/${p.pod}`))}]`);
      },
    },
    {
      w: 3,
      make: (g) => {
        const p = podOf(g);
        return klog(g, 'I', 'kubelet.go:2377', T`"SyncLoop DELETE" source="api" pods=[${v(q(`${p.ns}/${p.pod}`))}]`);
      },
    },
    {
      w: 6,
      make: (g) => {
        const p = podOf(g);
        return klog(
          g,
          'I',
          'kubelet.go:2458',
          T`"SyncLoop (probe)" probe=${v(q(g.pick(['readiness', 'liveness'])))} status=${v(q(g.pick(['ready', ''])))} pod=${v(q(`${p.ns}/${p.pod}`))}`
        );
      },
    },
    {
      w: 5,
      make: (g) => {
        const p = podOf(g);
        const uid = g.uuid();
        return klog(
          g,
          'E',
          'pod_workers.go:1298',
          T`"Error syncing pod, skipping" err=${v(q(`failed to "StartContainer" for "${p.app}" with CrashLoopBackOff: "back-off ${g.pick(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s'])} restarting failed container=${p.app} pod=${p.pod}_${p.ns}(${uid})"`))} pod=${v(q(`${p.ns}/${p.pod}`))} podUID=${v(q(uid))}`
        );
      },
    },
    {
      w: 5,
      make: (g) => {
        const p = podOf(g);
        const ip = `10.244.${g.int(0, 9)}.${g.int(2, 250)}`;
        return klog(
          g,
          'I',
          'prober.go:107',
          T`"Probe failed" probeType=${v(q(g.pick(['Readiness', 'Liveness'])))} pod=${v(q(`${p.ns}/${p.pod}`))} podUID=${v(q(g.uuid()))} containerName=${v(q(p.app))} probeResult=${v('failure')} output=${v(q(g.pick([`Get "http://${ip}:8080/healthz": dial tcp ${ip}:8080: connect: connection refused`, 'HTTP probe failed with statuscode: 503', `Get "http://${ip}:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`])))}`
        );
      },
    },
    {
      w: 3,
      make: (g) => {
        const p = podOf(g);
        return klog(
          g,
          'I',
          'kuberuntime_container.go:779',
          T`"Killing container with a grace period" pod=${v(q(`${p.ns}/${p.pod}`))} podUID=${v(q(g.uuid()))} containerName=${v(q(p.app))} containerID=${v(q(`containerd://${g.hex(64)}`))} gracePeriod=${v(g.pick([30, 60, 5]))}`
        );
      },
    },
    {
      w: 4,
      make: (g) => {
        const p = podOf(g);
        const uid = g.uuid();
        const vol = g.pick([`kube-api-access-${g.alnum(5)}`, 'config', 'data']);
        return klog(
          g,
          'I',
          'reconciler_common.go:258',
          // klog quotes the message with %q: its inner quotes are escaped (round 1 wrote them bare)
          T`"operationExecutor.VerifyControllerAttachedVolume started for volume \\"${v(vol)}\\" (UniqueName: \\"${v(`kubernetes.io/${g.pick(['projected', 'configmap', 'secret'])}/${uid}-${vol}`)}\\") pod \\"${v(p.pod)}\\" (UID: \\"${v(uid)}\\") " pod=${v(q(`${p.ns}/${p.pod}`))}`
        );
      },
    },
    {
      w: 3,
      make: (g) => {
        const p = podOf(g);
        return klog(
          g,
          'I',
          'topology_manager.go:215',
          T`"Topology Admit Handler" podUID=${v(q(g.uuid()))} podNamespace=${v(q(p.ns))} podName=${v(q(p.pod))}`
        );
      },
    },
    {
      w: 2,
      make: (g) =>
        klog(
          g,
          'W',
          'cri_stats_provider.go:455',
          T`Failed to get the info of the filesystem with mountpoint "${v(g.pick(['/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs', '/var/lib/kubelet/pods']))}": unable to find data in memory cache.`
        ),
    },
    {
      w: 1,
      make: (g) =>
        klog(
          g,
          'E',
          'remote_runtime.go:193',
          T`"RunPodSandbox from runtime service failed" err=${v(q(`rpc error: code = Unknown desc = failed to setup network for sandbox "${g.hex(64)}": plugin type="calico" failed (add): ${g.pick(['error getting ClusterInformation: connection is unauthorized: Unauthorized', 'stat /var/lib/calico/nodename: no such file or directory: check that the calico/node container is running and has mounted /var/lib/calico/'])}`))}`
        ),
    },
    {
      w: 1,
      make: (g) =>
        klog(
          g,
          'I',
          'eviction_manager.go:366',
          T`"Eviction manager: attempting to reclaim" resourceName=${v(q(g.pick(['memory', 'ephemeral-storage', 'nodefs.inodes'])))}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        klog(
          g,
          'I',
          'image_gc_manager.go:305',
          T`"Disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold" usage=${v(g.int(86, 99))} highThreshold=${v(85)} amountToFree=${v(g.int(1e8, 9e9))} lowThreshold=${v(80)}`
        ),
    },
    { w: 1, make: (g) => klog(g, 'I', 'container_gc.go:88', T`"Attempting to delete unused containers"`) },
    {
      w: 1,
      make: (g) =>
        klog(
          g,
          'E',
          'kubelet.go:2855',
          T`"Container runtime network not ready" networkReady=${v(q('NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'))}`
        ),
    },
    {
      w: 0.5,
      make: (g) =>
        klog(g, 'I', 'kubelet_node_status.go:72', T`"Attempting to register node" node=${v(q(g.pick(NODES)))}`),
    },
  ],
};

// 13. MySQL 8 error log

function my(g: Gen, prio: string, code: string, sub: string, msg: Made): Made {
  const h = T`${v(g.isoMicro().replace(/(\.\d{6})\d*Z$/, '$1Z'))} ${v(g.int(0, 900))} [${prio}] [${code}] [${sub}] `;
  return { line: h.line + msg.line, template: h.template + msg.template };
}

const mysql: FormatSpec = {
  name: 'mysql',
  split: 'tuned',
  description: 'MySQL 8 error log (time, thread, priority, error code, subsystem, message)',
  templates: [
    {
      w: 15,
      make: (g) =>
        my(
          g,
          'Note',
          'MY-010914',
          'Server',
          T`Aborted connection ${v(g.int(1000, 999999))} to db: '${v(g.pick(['shop', 'wordpress', 'analytics']))}' user: '${v(g.pick(['app', 'wp', 'report']))}' host: '${v(g.privateIp())}' (${v(g.pick(['Got an error reading communication packets', 'Got timeout reading communication packets', 'Got an error writing communication packets']))}).`
        ),
    },
    {
      w: 8,
      make: (g) =>
        my(
          g,
          'Warning',
          'MY-010055',
          'Server',
          T`IP address '${v(g.privateIp())}' could not be resolved: ${v(g.pick(['Name or service not known', 'Temporary failure in name resolution']))}`
        ),
    },
    {
      w: 6,
      make: (g) =>
        my(
          g,
          'Note',
          'MY-010926',
          'Server',
          T`Access denied for user '${v(g.pick(['report', 'root', 'app', 'backup']))}'@'${v(g.privateIp())}' (using password: ${v(g.pick(['YES', 'NO']))})`
        ),
    },
    {
      w: 4,
      make: (g) =>
        my(
          g,
          'Note',
          'MY-011953',
          'InnoDB',
          T`Page cleaner took ${v(g.int(4000, 20000))}ms to flush ${v(g.int(10, 9000))} and evict ${v(g.int(0, 200))} pages`
        ),
    },
    {
      w: 3,
      make: (g) =>
        my(
          g,
          'Warning',
          'MY-012111',
          'InnoDB',
          T`Resizing redo log from ${v(g.int(1, 9))}*${v(g.int(1, 9))} to ${v(g.int(1, 9))}*${v(g.int(1, 9))} bytes, LSN=${v(g.int(1e6, 9e9))}`
        ),
    },
    {
      w: 3,
      make: (g) =>
        my(
          g,
          'ERROR',
          'MY-010584',
          'Repl',
          T`Slave SQL for channel '': Worker ${v(g.int(1, 4))} failed executing transaction '${v('ANONYMOUS')}' at master log ${v(`mysql-bin.${String(g.int(1, 999)).padStart(6, '0')}`)}, end_log_pos ${v(g.int(1000, 99999999))}; Could not execute ${v(g.pick(['Write_rows', 'Update_rows', 'Delete_rows']))} event on table ${v(`shop.${g.pick(['orders', 'customers', 'order_items'])}`)}; ${v(g.pick(["Duplicate entry '42' for key 'orders.PRIMARY', Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY", "Can't find record in 'customers', Error_code: 1032; handler error HA_ERR_KEY_NOT_FOUND"]))}; the event's master log ${v(`mysql-bin.${String(g.int(1, 999)).padStart(6, '0')}`)}, end_log_pos ${v(g.int(1000, 99999999))}, Error_code: ${v(g.pick(['MY-001062', 'MY-001032']))}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        my(
          g,
          'System',
          'MY-010931',
          'Server',
          T`/usr/sbin/mysqld: ready for connections. Version: '${v(g.pick(['8.0.36', '8.0.37']))}'  socket: '/var/run/mysqld/mysqld.sock'  port: ${v(3306)}  MySQL Community Server - GPL.`
        ),
    },
    {
      w: 2,
      make: (g) =>
        my(
          g,
          'System',
          'MY-010116',
          'Server',
          T`/usr/sbin/mysqld (mysqld ${v(g.pick(['8.0.36', '8.0.37']))}) starting as process ${v(g.int(1, 999))}`
        ),
    },
    {
      w: 1,
      make: (g) =>
        my(
          g,
          'Warning',
          'MY-010068',
          'Server',
          T`CA certificate ${v(g.pick(['ca.pem', 'ca-cert.pem']))} is self signed.`
        ),
    },
    {
      w: 2,
      make: (g) =>
        my(
          g,
          'Note',
          'MY-012366',
          'InnoDB',
          T`Buffer pool(s) load completed at ${v(`2406${g.int(10, 12)} ${String(g.int(0, 23)).padStart(2, '0')}:${String(g.int(10, 59))}:${String(g.int(10, 59))}`)}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        my(
          g,
          'Note',
          'MY-010559',
          'Repl',
          T`Slave I/O thread for channel '': connected to master '${v(`repl@${g.privateIp()}:3306`)}',replication started in log '${v(`mysql-bin.${String(g.int(1, 999)).padStart(6, '0')}`)}' at position ${v(g.int(4, 99999999))}`
        ),
    },
    {
      w: 1,
      make: (g) =>
        my(
          g,
          'Warning',
          'MY-013360',
          'Server',
          T`Plugin ${v('mysql_native_password')} reported: ''${v('mysql_native_password')}' is deprecated and will be removed in a future release. Please use caching_sha2_password instead'`
        ),
    },
    {
      w: 1,
      make: (g) =>
        my(
          g,
          'ERROR',
          'MY-012592',
          'InnoDB',
          T`Operating system error number ${v(g.pick([2, 13, 28]))} in a file operation.`
        ),
    },
    {
      w: 1,
      make: (g) =>
        my(
          g,
          'Warning',
          'MY-010957',
          'Server',
          T`The privilege system failed to initialize correctly. For complete instructions on how to upgrade MySQL to a new version please see the 'Upgrading MySQL' section from the MySQL manual.`
        ),
    },
  ],
};

// 14. systemd journal (journalctl -o short-iso of a small fleet)

const HOSTS = ['web-01', 'web-02', 'db-01'];
function jr(g: Gen, ident: string, pid: number | null, msg: Made, host = g.pick(HOSTS)): Made {
  const time = new Date(g.now).toISOString().replace(/\.\d{3}Z$/, '+0000');
  const h = pid === null ? T`${v(time)} ${v(host)} ${ident}: ` : T`${v(time)} ${v(host)} ${ident}[${v(pid)}]: `;
  return { line: h.line + msg.line, template: h.template + msg.template };
}
const UNITS: Array<[string, string]> = [
  ['apt-daily.service', 'Daily apt download activities'],
  ['apt-daily-upgrade.service', 'Daily apt upgrade and clean activities'],
  ['logrotate.service', 'Rotate log files'],
  ['systemd-tmpfiles-clean.service', 'Cleanup of Temporary Directories'],
  ['man-db.service', 'Daily man-db regeneration'],
  ['certbot.service', 'Certbot'],
];
const CRON_CMDS = [
  'cd / && run-parts --report /etc/cron.hourly',
  'command -v debian-sa1 > /dev/null && debian-sa1 1 1',
  '/usr/local/bin/backup.sh --incremental',
  '[ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; then /usr/lib/php/sessionclean; fi',
];

const journal: FormatSpec = {
  name: 'systemd-journal',
  split: 'tuned',
  description:
    'systemd journal (journalctl -o short-iso) of three hosts: systemd, logind, cron, sudo, kernel, dockerd, containerd',
  templates: [
    {
      w: 8,
      make: (g) => {
        const s = g.int(1, 9999);
        const u = g.pick(['deploy', 'ubuntu', 'root']);
        return jr(g, 'systemd', 1, T`Started session-${v(s)}.scope - Session ${v(s)} of User ${v(u)}.`);
      },
    },
    {
      w: 8,
      make: (g) => {
        const s = g.int(1, 9999);
        return jr(g, 'systemd-logind', 812, T`New session ${v(s)} of user ${v(g.pick(['deploy', 'ubuntu', 'root']))}.`);
      },
    },
    {
      w: 6,
      make: (g) =>
        jr(g, 'systemd-logind', 812, T`Session ${v(g.int(1, 9999))} logged out. Waiting for processes to exit.`),
    },
    { w: 6, make: (g) => jr(g, 'systemd-logind', 812, T`Removed session ${v(g.int(1, 9999))}.`) },
    {
      w: 5,
      make: (g) => {
        const [u, d] = g.pick(UNITS);
        return jr(g, 'systemd', 1, T`Starting ${v(u)} - ${v(d)}...`);
      },
    },
    {
      w: 5,
      make: (g) => {
        const [u, d] = g.pick(UNITS);
        return jr(g, 'systemd', 1, T`Finished ${v(u)} - ${v(d)}.`);
      },
    },
    {
      w: 5,
      make: (g) =>
        jr(
          g,
          'systemd',
          1,
          T`${v(g.pick([...UNITS.map((x) => x[0]), `session-${g.int(1, 9999)}.scope`]))}: Deactivated successfully.`
        ),
    },
    {
      w: 3,
      make: (g) => jr(g, 'systemd', 1, T`${v(g.pick(UNITS)[0])}: Consumed ${v(`${g.float(0.01, 9, 3)}s`)} CPU time.`),
    },
    {
      w: 8,
      make: (g) =>
        jr(
          g,
          'CRON',
          g.int(1000, 99999),
          T`pam_unix(cron:session): session opened for user ${v('root')}(uid=${v(0)}) by (uid=${v(0)})`
        ),
    },
    {
      w: 8,
      make: (g) => jr(g, 'CRON', g.int(1000, 99999), T`pam_unix(cron:session): session closed for user ${v('root')}`),
    },
    { w: 6, make: (g) => jr(g, 'CRON', g.int(1000, 99999), T`(${v('root')}) CMD (${v(g.pick(CRON_CMDS))})`) },
    {
      w: 3,
      make: (g) =>
        jr(
          g,
          'sudo',
          g.int(1000, 99999),
          T`  ${v(g.pick(['deploy', 'ubuntu']))} : TTY=${v(`pts/${g.int(0, 3)}`)} ; PWD=${v(g.pick(['/home/deploy', '/home/ubuntu', '/srv/app']))} ; USER=${v('root')} ; COMMAND=${v(g.pick(['/usr/bin/systemctl restart nginx', '/usr/bin/journalctl -u app -n 200', '/usr/bin/docker ps', '/usr/bin/apt-get update']))}`
        ),
    },
    {
      w: 3,
      make: (g) =>
        jr(
          g,
          'sudo',
          g.int(1000, 99999),
          T`pam_unix(sudo:session): session opened for user ${v('root')}(uid=${v(0)}) by ${v(g.pick(['deploy', 'ubuntu']))}(uid=${v(1000)})`
        ),
    },
    {
      w: 6,
      make: (g) =>
        jr(
          g,
          'kernel',
          null,
          T`[UFW BLOCK] IN=${v('eth0')} OUT= MAC=${v(`${g.hex(2)}:${g.hex(2)}:${g.hex(2)}:${g.hex(2)}:${g.hex(2)}:${g.hex(2)}:${g.hex(2)}:${g.hex(2)}:${g.hex(2)}:${g.hex(2)}:${g.hex(2)}:${g.hex(2)}:08:00`)} SRC=${v(g.publicIp())} DST=${v(g.privateIp())} LEN=${v(g.pick([40, 44, 60]))} TOS=${v('0x00')} PREC=${v('0x00')} TTL=${v(g.int(30, 250))} ID=${v(g.int(1, 65535))} PROTO=TCP SPT=${v(g.int(1024, 65535))} DPT=${v(g.pick([22, 23, 3389, 5432, 6379, 8080]))} WINDOW=${v(g.pick([1024, 65535, 29200]))} RES=${v('0x00')} SYN URGP=${v(0)}`
        ),
    },
    {
      w: 1,
      make: (g) =>
        jr(
          g,
          'kernel',
          null,
          T`Out of memory: Killed process ${v(g.int(1000, 99999))} (${v(g.pick(['java', 'node', 'postgres', 'python3']))}) total-vm:${v(`${g.int(1e5, 9e6)}kB`)}, anon-rss:${v(`${g.int(1e5, 9e6)}kB`)}, file-rss:${v(`${g.int(0, 9e4)}kB`)}, shmem-rss:${v(`${g.int(0, 9e3)}kB`)}, UID:${v(g.pick([0, 999, 1000]))} pgtables:${v(`${g.int(100, 9e4)}kB`)} oom_score_adj:${v(g.pick([0, 900]))}`
        ),
    },
    {
      w: 5,
      make: (g) =>
        jr(
          g,
          'dockerd',
          901,
          T`time="${v(g.isoMicro())}" level=info msg="ignoring event" container=${v(g.hex(64))} module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"`
        ),
    },
    {
      w: 5,
      make: (g) =>
        jr(
          g,
          'containerd',
          850,
          T`time="${v(g.isoMicro())}" level=info msg="shim disconnected" id=${v(g.hex(64))} namespace=moby`
        ),
    },
    {
      w: 1,
      make: (g) =>
        jr(
          g,
          'dockerd',
          901,
          T`time="${v(g.isoMicro())}" level=error msg="Handler for POST /v1.43/containers/${v(g.hex(12))}/start returned error: driver failed programming external connectivity on endpoint ${v(g.pick(['web', 'api', 'redis']))} (${v(g.hex(64))}): Bind for 0.0.0.0:${v(g.pick([80, 8080, 6379]))} failed: port is already allocated"`
        ),
    },
    {
      w: 2,
      make: (g) =>
        jr(
          g,
          'systemd-resolved',
          600,
          T`Using degraded feature set ${v(g.pick(['UDP', 'TCP']))} instead of ${v(g.pick(['UDP+EDNS0', 'UDP']))} for DNS server ${v(g.privateIp())}.`
        ),
    },
    {
      w: 1,
      make: (g) =>
        jr(
          g,
          'systemd-timesyncd',
          598,
          T`Initial synchronization to time server ${v(`${g.publicIp()}:123`)} (${v(g.pick(['ntp.ubuntu.com', '0.debian.pool.ntp.org']))}).`
        ),
    },
    {
      w: 1,
      make: (g) =>
        jr(
          g,
          'snapd',
          700,
          T`storehelpers.go:${v(769)}: cannot refresh: snap has no updates available: ${v(g.pick(['"core20", "lxd", "snapd"', '"core22", "snapd"', '"lxd"']))}`
        ),
    },
  ],
};

export const FORMATS: readonly FormatSpec[] = [
  goZap,
  goZerolog,
  pyStructlog,
  logfmt,
  nginx,
  k8sEvents,
  postgres,
  redis,
  awsAudit,
  nodePino,
  apacheCombined,
  kubelet,
  mysql,
  journal,
  // round 2 (formats-infra.ts): untouched in round 2, tuned from round 3 on
  ...INFRA_FORMATS,
  // round 3 (formats-round3.ts, formats-round3b/c/d.ts): untouched in round 3, tuned from round 4 on
  ...ROUND3_FORMATS_D,
  ...ROUND3_FORMATS_A,
  ...ROUND3_FORMATS_C,
  ...ROUND3_FORMATS_B,
  // round 4 (formats-round4.ts, formats-round4b/c.ts): untouched in round 4, tuned from round 5 on
  ...ROUND4_FORMATS,
  // round 5 (formats-round5.ts, formats-round5b.ts): untouched in round 5, tuned from round 6 on
  ...ROUND5_FORMATS,
  // round 6 (formats-round6.ts, formats-round6b.ts): untouched in round 6, tuned from round 7 on
  ...ROUND6_FORMATS,
  // round 7 (formats-round7.ts, formats-round7b.ts): untouched in round 7, tuned from round 8 on
  ...ROUND7_FORMATS,
  // round 8 (formats-round8.ts, formats-round8b.ts): untouched in round 8, tuned from round 9 on
  ...ROUND8_FORMATS,
  // round 9 (formats-round9.ts, formats-round9b.ts): untouched in round 9, tuned from round 10 on
  ...ROUND9_FORMATS,
  // round 10 (formats-round10.ts, formats-round10b.ts): untouched in round 10, tuned from round 11 on
  ...ROUND10_FORMATS,
  // round 11 (formats-round11.ts, formats-round11b.ts): untouched in round 11, tuned from round 12 on
  ...ROUND11_FORMATS,
  // round 12 (formats-round12.ts, formats-round12b.ts): untouched in round 12, tuned from round 13 on
  ...ROUND12_FORMATS,
  // round 13, untouched (formats-round13.ts, formats-round13b.ts)
  ...ROUND13_FORMATS,
  // round 14, untouched (formats-round14.ts, formats-round14b.ts)
  ...ROUND14_FORMATS,
  // round 15, untouched (formats-round15.ts, formats-round15b.ts)
  ...ROUND15_FORMATS,
  // round 16, untouched (formats-round16.ts, formats-round16b.ts)
  ...ROUND16_FORMATS,
  // round 17, untouched (formats-round17.ts, formats-round17b.ts)
  ...ROUND17_FORMATS,
  // round 18, untouched (formats-round18.ts, formats-round18b.ts)
  ...ROUND18_FORMATS,
];
