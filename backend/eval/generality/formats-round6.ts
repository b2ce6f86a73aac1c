// Generality set, round 6 (part 1 of 2; formats-round6b.ts holds the rest): formats written from
// their own documentation and real output before any miner change of round 6, and UNTOUCHED: their
// per-format scores are printed only by `eval:templates --untouched` (README.md). None of them is
// in LogHub or in rounds 1-5: a Java service on Log4j2's JsonLayout, Grafana's logfmt server log,
// the OpenTelemetry Collector's console log (zap console encoder, JSON fields after the message),
// a Django app behind Gunicorn, a Laravel app's Monolog file.
//
// Truth conventions are README.md's (round 6 section included): a template is one log statement,
// its parameters variables however few values they take; header fields are variables; text
// request lines are one template per method; structured lines are their message template plus
// their key set; a stack-trace or traceback line is one statement of its printer; a JSON object
// of fields written after a text message (zap console, Monolog context) keeps its keys as part
// of the statement, every value a variable.
import { Gen, T, v, jsonLine, logfmtLine, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';
import { ROUND6_FORMATS_B } from './formats-round6b.js';

// ---------------------------------------------------------------------------------------------
// 41. A Java order service (Spring, Kafka, HikariCP) on Log4j2's JsonLayout (`compact="true"
// eventEol="true" properties="true"`): `instant` as an object, thread, level, loggerName, message,
// `thrown` (with `extendedStackTrace`) on failures, `contextMap` where MDC is set (requests).

const PROVIDERS = ['stripe', 'adyen', 'paypal'];
const CARRIERS = ['DHL', 'UPS', 'DPD', 'GLS'];
const COUNTRIES = ['DE', 'FR', 'NL', 'AT', 'PL', 'IT'];
const J_THREADS = (g: Gen) =>
  g.pick([
    `http-nio-8080-exec-${g.int(1, 200)}`,
    `http-nio-8080-exec-${g.int(1, 200)}`,
    `org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1`,
    `scheduling-1`,
    `task-${g.int(1, 8)}`,
  ]);

function l4j(
  g: Gen,
  level: string,
  logger: string,
  msg: Made,
  opts: { thread?: string; thrown?: unknown; mdc?: boolean } = {}
): Made {
  const ms = g.now;
  const fields: Array<[string, unknown]> = [
    ['instant', { epochSecond: Math.floor(ms / 1000), nanoOfSecond: (ms % 1000) * 1_000_000 + g.int(0, 999) * 1000 }],
    ['thread', opts.thread ?? J_THREADS(g)],
    ['level', level],
    ['loggerName', logger],
    ['message', null],
  ];
  if (opts.thrown) fields.push(['thrown', opts.thrown]);
  fields.push(['endOfBatch', false], ['loggerFqcn', 'org.apache.logging.slf4j.Log4jLogger']);
  if (opts.mdc) fields.push(['contextMap', { spanId: g.hex(16), traceId: g.hex(32), userId: String(g.int(1, 99999)) }]);
  fields.push(['threadId', g.int(20, 240)], ['threadPriority', 5]);
  return jsonLine(fields, 'message', msg);
}

function thrown(g: Gen, name: string, message: string, frames: string[][]): unknown {
  return {
    commonElementCount: 0,
    localizedMessage: message,
    message,
    name,
    extendedStackTrace: frames.slice(0, g.int(2, frames.length)).map(([cls, method, file, line, jar]) => ({
      class: cls,
      method,
      file,
      line: Number(line),
      exact: false,
      location: jar,
      version: jar === 'classes' ? '?' : '5.1.0',
    })),
  };
}

const HIKARI_FRAMES = [
  ['com.zaxxer.hikari.pool.HikariPool', 'createTimeoutException', 'HikariPool.java', '686', 'HikariCP-5.1.0.jar'],
  ['com.zaxxer.hikari.pool.HikariPool', 'getConnection', 'HikariPool.java', '179', 'HikariCP-5.1.0.jar'],
  ['com.zaxxer.hikari.HikariDataSource', 'getConnection', 'HikariDataSource.java', '128', 'HikariCP-5.1.0.jar'],
  ['com.acme.orders.repo.OrderRepository', 'save', 'OrderRepository.java', '88', 'classes'],
];
const HTTP_FRAMES = [
  ['java.net.http.HttpClient', 'send', 'HttpClient.java', '912', 'java.net.http'],
  ['com.acme.orders.payment.StripeClient', 'capture', 'StripeClient.java', '141', 'classes'],
  ['com.acme.orders.payment.PaymentService', 'charge', 'PaymentService.java', '67', 'classes'],
];

const log4j2Json: FormatSpec = {
  name: 'log4j2-json',
  split: 'tuned',
  description:
    'Java order service on Log4j2 JsonLayout (instant object, loggerName, contextMap, thrown with extendedStackTrace): requests, Kafka, Hikari, payments',
  tickMs: 400,
  templates: [
    {
      w: 30,
      make: (g) =>
        l4j(
          g,
          'INFO',
          'com.acme.orders.api.OrderController',
          T`Received order ${v(g.int(10000, 99999))} from customer ${v(g.int(1, 99999))} with ${v(g.int(1, 12))} items`,
          { mdc: true }
        ),
    },
    {
      w: 24,
      make: (g) =>
        l4j(
          g,
          'INFO',
          'com.acme.orders.payment.PaymentService',
          T`Payment captured for order ${v(g.int(10000, 99999))} via ${v(g.pickSkewed(PROVIDERS))}: ${v(`${g.float(5, 900, 2)}`)} ${v(g.pickSkewed(['EUR', 'EUR', 'PLN', 'GBP']))}`,
          { mdc: true }
        ),
    },
    {
      w: 14,
      make: (g) =>
        l4j(
          g,
          'DEBUG',
          'com.acme.orders.cache.ProductCache',
          T`Cache miss for product ${v(`SKU-${g.int(1000, 9999)}`)}, loading from ${v(g.pick(['catalog-service', 'database']))}`
        ),
    },
    {
      w: 16,
      make: (g) =>
        l4j(
          g,
          'INFO',
          'com.acme.orders.shipping.ShipmentListener',
          T`Order ${v(g.int(10000, 99999))} shipped to ${v(g.pickSkewed(COUNTRIES))} by ${v(g.pickSkewed(CARRIERS))} (tracking ${v(`00340434${g.int(10000000, 99999999)}`)})`,
          { thread: 'org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1' }
        ),
    },
    {
      w: 6,
      make: (g) => {
        const parts = [0, 1, 2, 3, 4, 5].filter(() => g.chance(0.4)).map((p) => `orders-${p}`);
        return l4j(
          g,
          'INFO',
          'org.springframework.kafka.listener.KafkaMessageListenerContainer',
          T`orders-service: partitions assigned: [${v(parts.join(', '))}]`,
          { thread: 'org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1' }
        );
      },
    },
    {
      w: 4,
      make: (g) =>
        l4j(
          g,
          'INFO',
          'org.apache.kafka.clients.consumer.internals.ConsumerCoordinator',
          T`[Consumer clientId=${v(`consumer-orders-service-${g.int(1, 3)}`)}, groupId=${v('orders-service')}] Request joining group due to: ${v(g.pick(['need to re-join with the given member-id: consumer-orders-service-1-' + g.uuid(), 'rebalance failed due to \'The group is rebalancing, so a rejoin is needed.\' (RebalanceInProgressException)']))}`,
          { thread: 'org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1' }
        ),
    },
    {
      w: 8,
      make: (g) =>
        l4j(
          g,
          'WARN',
          'com.acme.orders.payment.PaymentService',
          T`Payment declined for order ${v(g.int(10000, 99999))}: ${v(g.pickSkewed(['card_declined', 'insufficient_funds', 'expired_card', 'do_not_honor']))}`,
          { mdc: true }
        ),
    },
    {
      w: 5,
      make: (g) =>
        l4j(
          g,
          'WARN',
          'com.zaxxer.hikari.pool.HikariPool',
          T`HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=${v(`${g.int(1, 5)}m${g.int(1, 59)}s${g.int(1, 999)}ms`)}).`,
          { thread: 'HikariPool-1 housekeeper' }
        ),
    },
    {
      w: 5,
      make: (g) =>
        l4j(
          g,
          'ERROR',
          'com.acme.orders.api.GlobalExceptionHandler',
          T`Request failed: ${v('HikariPool-1 - Connection is not available, request timed out after 30000ms.')}`,
          {
            mdc: true,
            thrown: thrown(
              g,
              'java.sql.SQLTransientConnectionException',
              'HikariPool-1 - Connection is not available, request timed out after 30000ms.',
              HIKARI_FRAMES
            ),
          }
        ),
    },
    {
      w: 5,
      make: (g) => {
        const m = g.pick([
          'HTTP connect timed out',
          `Connection reset`,
          `request timed out`,
        ]);
        return l4j(
          g,
          'ERROR',
          'com.acme.orders.payment.PaymentService',
          T`Payment provider ${v(g.pickSkewed(PROVIDERS))} unavailable, order ${v(g.int(10000, 99999))} queued for retry`,
          { mdc: true, thrown: thrown(g, g.pick(['java.net.http.HttpTimeoutException', 'java.net.ConnectException']), m, HTTP_FRAMES) }
        );
      },
    },
    {
      w: 6,
      make: (g) =>
        l4j(
          g,
          'INFO',
          'com.acme.orders.jobs.AbandonedCartJob',
          T`Abandoned cart sweep finished: ${v(g.int(0, 400))} carts expired in ${v(g.int(20, 9000))} ms`,
          { thread: 'scheduling-1' }
        ),
    },
    {
      w: 3,
      make: (g) =>
        l4j(
          g,
          'WARN',
          'org.hibernate.engine.jdbc.spi.SqlExceptionHelper',
          T`SQL Error: ${v(g.pick([0, 1205]))}, SQLState: ${v(g.pick(['40001', '40P01', '08006']))}`
        ),
    },
    {
      w: 1,
      make: (g) => [
        l4j(g, 'INFO', 'com.acme.orders.OrdersApplication', T`Starting OrdersApplication v${v('3.8.2')} using Java ${v('21.0.3')} with PID ${v(g.int(1, 90))}`, { thread: 'main' }),
        l4j(g, 'INFO', 'org.springframework.boot.web.embedded.tomcat.TomcatWebServer', T`Tomcat started on port ${v(8080)} (http) with context path '${v('')}'`, { thread: 'main' }),
        l4j(g, 'INFO', 'com.acme.orders.OrdersApplication', T`Started OrdersApplication in ${v(g.float(4, 19, 3))} seconds (process running for ${v(g.float(5, 21, 3))})`, { thread: 'main' }),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 42. Grafana 11 server log, logfmt (`logger=... t=... level=... msg=...`): contextual loggers
// put their context keys first (`userId orgId uname`, alerting's `rule_uid org_id`), then `t`,
// `level`, `msg` and the call's fields. The logger name is a field value like any other.

const GF_DASH = (g: Gen) => g.pick(['a1b2c3d4', 'k8s-cluster', 'nginx-overview', 'slo-api', 'b7e9f0aa', 'node-exporter-full']);
const GF_USERS = ['admin', 'alice', 'bob', 'sre-bot', 'grafana-oncall', 'carol'];
const GF_PATHS = (g: Gen) =>
  g.pick([
    `/api/dashboards/uid/${GF_DASH(g)}`,
    '/api/ds/query',
    `/api/datasources/proxy/uid/${g.alnum(9)}/api/v1/query_range`,
    '/api/search',
    '/api/alertmanager/grafana/api/v2/alerts',
    `/api/annotations?dashboardUID=${GF_DASH(g)}&from=${g.int(1.718e12, 1.719e12)}`,
  ]);
const GF_HANDLERS: Record<string, string> = {
  '/api/ds/query': '/api/ds/query',
  '/api/search': '/api/search',
};
const gfTime = (g: Gen) => new Date(g.now).toISOString().replace(/\.(\d{3})Z$/, (_, ms) => `.${ms}${g.int(100, 999)}${g.int(100, 999)}Z`);

function gf(g: Gen, ctx: Array<[string, string | number]>, level: string, msg: Made, fields: Array<[string, string | number]>): Made {
  return logfmtLine([...ctx, ['t', gfTime(g)], ['level', level], ['msg', ''], ...fields], 'msg', msg);
}

const grafana: FormatSpec = {
  name: 'grafana-logfmt',
  split: 'tuned',
  description:
    'Grafana 11 server log (logfmt, contextual loggers): request completed, alerting scheduler/state/sender, datasource errors, cleanup, auth',
  tickMs: 700,
  templates: [
    {
      w: 30,
      make: (g) => {
        const path = GF_PATHS(g);
        const status = g.pickSkewed([200, 200, 404, 500, 400, 502, 401]);
        return gf(
          g,
          [
            ['logger', 'context'],
            ['userId', g.int(1, 40)],
            ['orgId', g.pick([1, 1, 2])],
            ['uname', g.pickSkewed(GF_USERS)],
          ],
          'info',
          T`Request Completed`,
          [
            ['method', g.pickSkewed(['GET', 'POST', 'GET', 'DELETE'])],
            ['path', path.split('?')[0]],
            ['status', status],
            ['remote_addr', g.privateIp()],
            ['time_ms', g.int(1, 30000)],
            ['duration', `${g.float(0.5, 30000, 3)}ms`],
            ['size', g.int(0, 90000)],
            ['referer', g.chance(0.5) ? `https://grafana.example.com/d/${GF_DASH(g)}` : ''],
            ['handler', GF_HANDLERS[path] ?? path.replace(/\/uid\/[^/]+/, '/uid/:uid').split('?')[0]],
            ['status_source', status >= 500 ? 'downstream' : 'server'],
          ]
        );
      },
    },
    {
      w: 8,
      make: (g) =>
        gf(
          g,
          [
            ['logger', 'context'],
            ['userId', 0],
            ['orgId', 0],
          ],
          'info',
          T`Request Completed`,
          [
            ['method', 'GET'],
            ['path', g.pick(['/api/live/ws', '/login', '/api/health', '/public/build/app.js'])],
            ['status', g.pick([401, 302, 404])],
            ['remote_addr', g.publicIp()],
            ['time_ms', g.int(0, 20)],
            ['duration', `${g.float(0.2, 20, 3)}ms`],
            ['size', g.int(0, 600)],
            ['referer', ''],
            ['handler', g.pick(['/api/live/ws', '/login', 'notfound'])],
            ['status_source', 'server'],
          ]
        ),
    },
    {
      w: 18,
      make: (g) =>
        gf(
          g,
          [
            ['logger', 'ngalert.scheduler'],
            ['rule_uid', g.alnum(14)],
            ['org_id', 1],
            ['version', g.int(1, 40)],
            ['fingerprint', g.hex(16)],
            ['now', new Date(Math.floor(g.now / 10000) * 10000).toISOString().replace('.000Z', 'Z')],
          ],
          'error',
          T`Failed to evaluate rule`,
          [
            [
              'error',
              g.pick([
                'failed to execute query A: Post "http://prometheus:9090/api/v1/query_range": dial tcp 10.0.3.7:9090: connect: connection refused',
                'failed to execute query B: context deadline exceeded',
                `failed to build query 'A': data source not found`,
              ]),
            ],
            ['duration', `${g.float(1, 30000, 2)}ms`],
          ]
        ),
    },
    {
      w: 16,
      make: (g) =>
        gf(
          g,
          [
            ['logger', 'ngalert.state.manager'],
            ['rule_uid', g.alnum(14)],
            ['org_id', 1],
          ],
          'info',
          T`State manager processing evaluation results`,
          [['resultCount', g.int(1, 40)]]
        ),
    },
    {
      w: 10,
      make: (g) =>
        gf(
          g,
          [
            ['logger', 'ngalert.sender.router'],
            ['rule_uid', g.alnum(14)],
            ['org_id', 1],
          ],
          'info',
          T`Sending alerts to local notifier`,
          [['count', g.int(1, 9)]]
        ),
    },
    {
      w: 8,
      make: (g) =>
        gf(
          g,
          [
            ['logger', 'tsdb.prometheus'],
            ['endpoint', 'queryData'],
            ['pluginId', 'prometheus'],
            ['dsName', g.pick(['Prometheus', 'Mimir', 'Thanos'])],
            ['dsUID', g.alnum(9)],
            ['uname', g.pickSkewed(GF_USERS)],
            ['fromAlert', String(g.chance(0.3))],
          ],
          'error',
          T`Error received from Prometheus`,
          [
            ['status', g.pick([400, 422, 503])],
            ['error', g.pick(['execution: query timed out in expression evaluation', 'bad_data: 1:14: parse error: unexpected "}"', 'too many samples: query processing would load too many samples into memory'])],
          ]
        ),
    },
    {
      w: 6,
      make: (g) =>
        gf(g, [['logger', 'cleanup']], 'info', T`Completed cleanup jobs`, [['duration', `${g.float(2, 90, 6)}ms`]]),
    },
    {
      w: 6,
      make: (g) =>
        gf(g, [['logger', g.pick(['plugins.update.checker', 'grafana.update.checker'])]], 'info', T`Update check succeeded`, [
          ['duration', `${g.float(20, 900, 6)}ms`],
        ]),
    },
    {
      w: 6,
      make: (g) =>
        gf(g, [['logger', 'authn.service']], 'warn', T`Failed to authenticate request`, [
          ['client', g.pick(['auth.client.session', 'auth.client.api-key', 'auth.client.basic'])],
          ['error', g.pick(['user token not found', '[api-key.invalid] API key is invalid', '[password-auth.failed] failed to authenticate identity: invalid username or password'])],
        ]),
    },
    {
      w: 4,
      make: (g) =>
        gf(g, [['logger', 'sqlstore.transactions']], 'info', T`Database locked, sleeping then retrying`, [
          ['error', 'database is locked'],
          ['retry', g.int(0, 5)],
          ['code', 'database is locked'],
        ]),
    },
    {
      w: 4,
      make: (g) =>
        gf(g, [['logger', 'live']], 'info', T`Initialized channel handler`, [
          ['channel', `grafana/dashboard/uid/${GF_DASH(g)}`],
          ['address', `grafana/dashboard/uid/${GF_DASH(g)}`],
        ]),
    },
    {
      w: 3,
      make: (g) =>
        gf(g, [['logger', 'infra.usagestats']], 'info', T`Usage stats are ready to report`, []),
    },
    {
      w: 1,
      make: (g) => [
        gf(g, [['logger', 'settings']], 'info', T`Starting Grafana`, [
          ['version', '11.1.0'],
          ['commit', g.hex(10)],
          ['branch', 'HEAD'],
          ['compiled', new Date(g.now - 86400e3 * 9).toISOString().replace('.000Z', 'Z')],
        ]),
        gf(g, [['logger', 'http.server']], 'info', T`HTTP Server Listen`, [
          ['address', '[::]:3000'],
          ['protocol', 'http'],
          ['subUrl', ''],
          ['socket', ''],
        ]),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 43. OpenTelemetry Collector (contrib 0.102) console log: zap's console encoder, tab-separated
// `time level caller message` and, after a tab, the fields as a JSON object with `": "` and `", "`
// spacing (the component's `kind`, `name`, `data_type` first, then the call's fields).

function otel(g: Gen, level: string, caller: string | null, msg: Made, fields: Array<[string, unknown]>): Made {
  const head = caller === null ? T`${v(g.iso())}\t${level}\t` : T`${v(g.iso())}\t${level}\t${caller}\t`;
  const parts = [head, msg];
  if (fields.length > 0) {
    parts.push(T`\t`, jsonLine(fields, null, undefined, { item: ', ', kv: ': ' }));
  }
  return cat(...parts);
}

const EXPORTERS: Array<[string, string]> = [
  ['otlp/tempo', 'traces'],
  ['loki', 'logs'],
  ['prometheusremotewrite', 'metrics'],
];

const otelCollector: FormatSpec = {
  name: 'otel-collector',
  split: 'tuned',
  description:
    'OpenTelemetry Collector contrib 0.102 console log (zap console encoder: tab-separated header, JSON fields): exporter retries and drops, scrapes, filelog, memory limiter',
  tickMs: 900,
  templates: [
    {
      w: 24,
      make: (g) => {
        const [name, dt] = g.pickSkewed(EXPORTERS);
        return otel(g, 'info', 'exporterhelper/retry_sender.go:118', T`Exporting failed. Will retry the request after interval.`, [
          ['kind', 'exporter'],
          ['data_type', dt],
          ['name', name],
          [
            'error',
            g.pick([
              'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.0.4.12:4317: connect: connection refused"',
              `Permanent error: HTTP 429 "Too Many Requests": Ingestion rate limit exceeded for user fake (limit: 4194304 bytes/sec) while attempting to ingest '${g.int(100, 4000)}' lines totaling '${g.int(10000, 900000)}' bytes`,
              'context deadline exceeded',
              `Post "https://mimir.example.com/api/v1/push": net/http: request canceled (Client.Timeout exceeded while awaiting headers)`,
            ]),
          ],
          ['interval', `${g.float(1, 30, 2)}s`],
        ]);
      },
    },
    {
      w: 10,
      make: (g) => {
        const [name, dt] = g.pickSkewed(EXPORTERS);
        return otel(g, 'error', 'exporterhelper/queue_sender.go:101', T`Exporting failed. Dropping data.`, [
          ['kind', 'exporter'],
          ['data_type', dt],
          ['name', name],
          [
            'error',
            g.pick([
              'no more retries left: rpc error: code = Unavailable desc = connection error',
              `not retryable error: Permanent error: HTTP 400 "Bad Request": entry for stream '{job="${g.pick(['ingress', 'api', 'worker'])}"}' has timestamp too old: ${g.iso(g.now - 86400e3 * 8)}`,
            ]),
          ],
          ['dropped_items', g.int(1, 8192)],
        ]);
      },
    },
    {
      w: 16,
      make: (g) =>
        otel(g, 'info', 'fileconsumer/file.go:256', T`Started watching file`, [
          ['kind', 'receiver'],
          ['name', 'filelog'],
          ['data_type', 'logs'],
          ['component', 'fileconsumer'],
          [
            'path',
            `/var/log/pods/${g.pick(['default', 'payments', 'monitoring'])}_${g.pick(['web', 'api', 'worker'])}-${g.alnum(10)}-${g.alnum(5)}_${g.uuid()}/${g.pick(['web', 'api', 'worker'])}/${g.int(0, 3)}.log`,
          ],
        ]),
    },
    {
      w: 12,
      make: (g) =>
        otel(g, 'warn', 'internal/transaction.go:125', T`Failed to scrape Prometheus endpoint`, [
          ['kind', 'receiver'],
          ['name', 'prometheus'],
          ['data_type', 'metrics'],
          ['scrape_timestamp', g.now],
          [
            'target_labels',
            `{__name__="up", instance="${g.privateIp()}:${g.pick([9100, 8080, 9090])}", job="${g.pick(['node-exporter', 'kubernetes-pods', 'kube-state-metrics'])}"}`,
          ],
        ]),
    },
    {
      w: 14,
      make: (g) =>
        otel(g, 'info', null, T`MetricsExporter`, [
          ['kind', 'exporter'],
          ['data_type', 'metrics'],
          ['name', 'debug'],
          ['resource metrics', g.int(1, 6)],
          ['metrics', g.int(1, 200)],
          ['data points', g.int(1, 2000)],
        ]),
    },
    {
      w: 10,
      make: (g) =>
        otel(g, 'info', null, T`TracesExporter`, [
          ['kind', 'exporter'],
          ['data_type', 'traces'],
          ['name', 'debug'],
          ['resource spans', g.int(1, 6)],
          ['spans', g.int(1, 900)],
        ]),
    },
    {
      w: 8,
      make: (g) => {
        const pipeline = g.pick(['traces', 'metrics', 'logs']);
        const hi = g.int(380, 520);
        return [
          otel(g, 'warn', 'memorylimiter/memorylimiter.go:222', T`Memory usage is above soft limit. Forcing a GC.`, [
            ['kind', 'processor'],
            ['name', 'memory_limiter'],
            ['pipeline', pipeline],
            ['cur_mem_mib', hi],
          ]),
          otel(g, 'info', 'memorylimiter/memorylimiter.go:192', T`Memory usage after GC.`, [
            ['kind', 'processor'],
            ['name', 'memory_limiter'],
            ['pipeline', pipeline],
            ['cur_mem_mib', hi - g.int(40, 200)],
          ]),
        ];
      },
    },
    {
      w: 6,
      make: (g) =>
        otel(g, 'error', 'kube/client.go:131', T`object received was not of type api_v1.Pod`, [
          ['kind', 'processor'],
          ['name', 'k8sattributes'],
          ['pipeline', g.pick(['traces', 'metrics', 'logs'])],
          ['received', `cache.DeletedFinalStateUnknown{Key:"${g.pick(['default', 'payments'])}/${g.pick(['web', 'api'])}-${g.alnum(10)}-${g.alnum(5)}", Obj:(*v1.Pod)(0xc00${g.hex(7)})}`],
        ]),
    },
    {
      w: 4,
      make: (g) =>
        otel(g, 'warn', 'internal/warning.go:40', T`Using the 0.0.0.0 address exposes this server to every network interface, which may facilitate Denial of Service attacks.`, [
          ['kind', 'receiver'],
          ['name', g.pick(['otlp', 'zipkin', 'jaeger'])],
          ['data_type', g.pick(['traces', 'metrics', 'logs'])],
          ['documentation', 'https://github.com/open-telemetry/opentelemetry-collector/blob/main/docs/security-best-practices.md#safeguards-against-denial-of-service-attacks'],
        ]),
    },
    {
      w: 1,
      make: (g) => [
        otel(g, 'info', 'service@v0.102.1/service.go:113', T`Setting up own telemetry...`, []),
        otel(g, 'info', 'service@v0.102.1/telemetry.go:96', T`Serving metrics`, [
          ['address', ':8888'],
          ['level', 'Normal'],
        ]),
        otel(g, 'info', 'service@v0.102.1/service.go:195', T`Starting otelcol-contrib...`, [
          ['Version', '0.102.1'],
          ['NumCPU', g.pick([2, 4, 8])],
        ]),
        otel(g, 'info', 'service@v0.102.1/service.go:221', T`Everything is ready. Begin running and processing data.`, []),
      ],
    },
  ],
};

export const ROUND6_FORMATS: readonly FormatSpec[] = [log4j2Json, grafana, otelCollector, ...ROUND6_FORMATS_B];
