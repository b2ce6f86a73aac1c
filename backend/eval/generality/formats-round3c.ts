// Generality set, round 3 (part 3 of 4; see formats-round3.ts): RabbitMQ and .NET's Serilog
// compact JSON (CLEF). Written from the formats' documentation and real output before any miner
// change of round 3; untouched in round 3, tuned from round 4 on.
import { Gen, T, v, jsonLine, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat, constMessage } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

// ---------------------------------------------------------------------------------------------
// 24. RabbitMQ 3.13 (default log format: `time [level] <erlang pid> message`); messages that
// continue on a next line (a channel error's operation) arrive as lines of their own.

function rabbitTime(g: Gen): string {
  const d = new Date(g.now);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p3(d.getUTCMilliseconds())}${p3(g.int(0, 999))}+00:00`;
}
const erlPid = (g: Gen) => `<0.${g.int(200, 99999)}.0>`;
function rmq(g: Gen, level: string, msg: Made, pid = erlPid(g)): Made {
  return cat(T`${v(rabbitTime(g))} [${level}] ${v(pid)} `, msg);
}
const RMQ_USERS = ['orders', 'billing', 'notifier', 'monitoring'];
const RMQ_VHOSTS = ['/', 'shop', 'shop'];
const RMQ_QUEUES = ['orders.created', 'orders.paid', 'emails.outbound', 'invoices'];
const RMQ_NODES = [
  'rabbit@rabbitmq-0.rabbitmq-nodes.messaging',
  'rabbit@rabbitmq-1.rabbitmq-nodes.messaging',
  'rabbit@rabbitmq-2.rabbitmq-nodes.messaging',
];
const conn = (g: Gen) => `10.42.${g.int(0, 3)}.${g.int(2, 250)}:${g.int(30000, 60999)} -> 10.42.1.17:5672`;
const clientName = (g: Gen) => g.pickSkewed(['orders-service', 'billing-worker', 'notifier', 'rabbitmq-exporter']);

const rabbitmq: FormatSpec = {
  name: 'rabbitmq',
  split: 'tuned',
  description:
    'RabbitMQ 3.13 node log: AMQP connections, authentication, channel errors, quorum queues, cluster, alarms',
  templates: [
    { w: 20, make: (g) => rmq(g, 'info', T`accepting AMQP connection ${v(conn(g))}`) },
    {
      w: 14,
      make: (g) => {
        const p = erlPid(g);
        return rmq(g, 'info', T`connection ${v(p)} (${v(conn(g))}) has a client-provided name: ${v(clientName(g))}`, p);
      },
    },
    {
      w: 20,
      make: (g) => {
        const p = erlPid(g);
        return rmq(
          g,
          'info',
          T`connection ${v(p)} (${v(conn(g))} - ${v(clientName(g))}): user '${v(g.pick(RMQ_USERS))}' authenticated and granted access to vhost '${v(g.pick(RMQ_VHOSTS))}'`,
          p
        );
      },
    },
    {
      w: 14,
      make: (g) => {
        const p = erlPid(g);
        return rmq(
          g,
          'info',
          T`closing AMQP connection ${v(p)} (${v(conn(g))} - ${v(clientName(g))}, vhost: '${v(g.pick(RMQ_VHOSTS))}', user: '${v(g.pick(RMQ_USERS))}')`,
          p
        );
      },
    },
    {
      w: 8,
      make: (g) => {
        const p = erlPid(g);
        return [
          rmq(
            g,
            'warning',
            T`closing AMQP connection ${v(p)} (${v(conn(g))} - ${v(clientName(g))}, vhost: '${v(g.pick(RMQ_VHOSTS))}', user: '${v(g.pick(RMQ_USERS))}'):`,
            p
          ),
          T`client unexpectedly closed TCP connection`,
        ];
      },
    },
    {
      w: 5,
      make: (g) => {
        const p = erlPid(g);
        const q = g.pick(RMQ_QUEUES);
        const vh = g.pick(RMQ_VHOSTS);
        const [op, text] = g.pick([
          ['basic.publish', `not_found: no exchange '${g.pick(['orders', 'billing.events'])}' in vhost '${vh}'`],
          [
            'queue.declare',
            `precondition_failed: inequivalent arg 'x-queue-type' for queue '${q}' in vhost '${vh}': received none but current is the value 'quorum' of type 'longstr'`,
          ],
          [
            'basic.consume',
            `resource_locked: cannot obtain exclusive access to locked queue '${q}' in vhost '${vh}'. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.`,
          ],
        ]);
        return [
          rmq(
            g,
            'error',
            T`Channel error on connection ${v(p)} (${v(conn(g))}, vhost: '${v(vh)}', user: '${v(g.pick(RMQ_USERS))}'), channel ${v(g.int(1, 9))}:`,
            p
          ),
          T`operation ${v(op)} caused a channel exception ${v(text)}`,
        ];
      },
    },
    {
      w: 4,
      make: (g) =>
        rmq(
          g,
          'warning',
          T`HTTP access denied: user '${v(g.pick(['guest', 'admin', 'monitoring']))}' - invalid credentials`
        ),
    },
    {
      w: 4,
      make: (g) => {
        const q = g.pick(RMQ_QUEUES);
        const vh = g.pick(RMQ_VHOSTS);
        const term = g.int(2, 40);
        return rmq(
          g,
          'info',
          T`queue '${v(q)}' in vhost '${v(vh)}': detected a new leader {'${v(`%2F_${q}`)}','${v(g.pick(RMQ_NODES))}'} in term ${v(term)}`
        );
      },
    },
    {
      w: 3,
      make: (g) => {
        const q = g.pick(RMQ_QUEUES);
        return rmq(
          g,
          'info',
          T`queue '${v(q)}' in vhost '${v(g.pick(RMQ_VHOSTS))}': granting vote for {'${v(`%2F_${q}`)}','${v(g.pick(RMQ_NODES))}'} with last {index, term} {${v(g.int(1000, 90000))},${v(g.int(2, 40))}} for term ${v(g.int(2, 40))} previous term was ${v(g.int(2, 40))}`
        );
      },
    },
    { w: 2, make: (g) => rmq(g, 'info', T`rabbit on node '${v(g.pick(RMQ_NODES))}' up`) },
    { w: 2, make: (g) => rmq(g, 'info', T`rabbit on node '${v(g.pick(RMQ_NODES))}' down`) },
    {
      w: 2,
      make: (g) =>
        rmq(
          g,
          'info',
          T`node '${v(g.pick(RMQ_NODES))}' down: ${v(g.pick(['connection_closed', 'net_tick_timeout', 'disconnect']))}`
        ),
    },
    {
      w: 1,
      make: (g) => [
        rmq(g, 'warning', T`memory resource limit alarm set on node '${v(g.pick(RMQ_NODES))}'.`),
        rmq(g, 'info', T`vm_memory_high_watermark clear. Memory used:${v(g.int(1e9, 3e9))} allowed:${v(3435973836)}`),
        rmq(g, 'warning', T`memory resource limit alarm cleared on node '${v(g.pick(RMQ_NODES))}'`),
      ],
    },
    {
      w: 1,
      make: (g) => [
        rmq(g, 'info', T`Waiting for Mnesia tables for ${v(30000)} ms, ${v(g.int(5, 9))} retries left`),
        rmq(g, 'info', T`Successfully synced tables from a peer`),
        rmq(g, 'info', T`Ready to start client connection listeners`),
        rmq(g, 'info', T`started TCP listener on ${v('[::]:5672')}`),
        rmq(g, 'info', T`started TLS (SSL) listener on ${v('[::]:5671')}`),
        rmq(g, 'info', T`Server startup complete; ${v(5)} plugins started.`),
      ],
    },
    {
      w: 2,
      make: (g) => {
        const vh = g.pick(['shop', '/']);
        return rmq(
          g,
          'info',
          T`Message store "${v(`${g.alnum(25, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}/msg_store_${g.pick(['persistent', 'transient'])}`)}": using rabbit_msg_store_ets_index to provide index for vhost '${v(vh)}'`
        );
      },
    },
    {
      w: 3,
      make: (g) => rmq(g, 'info', T`Closing all channels from connection '${v(conn(g))}' because it has been closed`),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 25. .NET 8 ASP.NET Core API with Serilog's CompactJsonFormatter (CLEF): `@t`, `@mt` (the message
// template itself), `@l` only when not Information, `@r` renderings for formatted tokens, `@x`
// exceptions, `@tr`/`@sp` trace ids, then the properties and enrichers.

interface ClefExtra {
  r?: string[];
  x?: string;
  traced?: boolean;
}
/** CompactJsonFormatter's order: @t, @mt, @r, @l (not for Information), @x, @tr, @sp, properties. */
function clef(g: Gen, level: string | null, mt: string, props: Array<[string, unknown]>, extra: ClefExtra = {}): Made {
  const fields: Array<[string, unknown]> = [
    ['@t', `${new Date(g.now).toISOString().slice(0, 23)}${g.int(1000, 9999)}Z`],
    ['@mt', null],
  ];
  if (extra.r) fields.push(['@r', extra.r]);
  if (level) fields.push(['@l', level]);
  if (extra.x) fields.push(['@x', extra.x]);
  if (extra.traced) fields.push(['@tr', g.hex(32)], ['@sp', g.hex(16)]);
  fields.push(...props);
  return jsonLine(fields, '@mt', constMessage(mt));
}
const connId = (g: Gen) => `0HN4${g.alnum(9, 'ABCDEFGHIJKLMNOPQRSTUV0123456789')}`;
function reqProps(g: Gen): Array<[string, unknown]> {
  const c = connId(g);
  return [
    ['RequestId', `${c}:${String(g.int(1, 99)).padStart(8, '0')}`],
    [
      'RequestPath',
      g.pickSkewed([
        `/api/orders/${g.int(1000, 99999)}`,
        '/api/orders',
        `/api/customers/${g.int(1, 9999)}/orders`,
        '/health',
      ]),
    ],
    ['ConnectionId', c],
  ];
}
const enrich = (g: Gen): Array<[string, unknown]> => [
  ['MachineName', `orders-api-${g.alnum(10)}-${g.alnum(5)}`],
  ['Application', 'orders-api'],
];

const serilog: FormatSpec = {
  name: 'serilog-clef',
  split: 'tuned',
  description: '.NET 8 ASP.NET Core API, Serilog compact JSON (CLEF): request logging, EF Core, hosting, exceptions',
  templates: [
    {
      w: 60,
      make: (g) => {
        const status = g.pickSkewed([200, 200, 200, 201, 204, 400, 404, 500]);
        const el = g.r() * 900;
        return clef(
          g,
          status >= 500 ? 'Error' : null,
          'HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms',
          [
            ['RequestMethod', g.pickSkewed(['GET', 'GET', 'POST', 'PUT', 'DELETE'])],
            [
              'RequestPath',
              g.pickSkewed([
                `/api/orders/${g.int(1000, 99999)}`,
                '/api/orders',
                '/health',
                `/api/customers/${g.int(1, 9999)}/orders`,
              ]),
            ],
            ['StatusCode', status],
            ['Elapsed', Number(el.toFixed(6))],
            ['SourceContext', 'Serilog.AspNetCore.RequestLoggingMiddleware'],
            ['RequestId', `${connId(g)}:${String(g.int(1, 99)).padStart(8, '0')}`],
            ['ConnectionId', connId(g)],
            ...enrich(g),
          ],
          { r: [el.toFixed(4)], traced: true }
        );
      },
    },
    {
      w: 14,
      make: (g) => {
        const total = g.r() * 400;
        return clef(
          g,
          null,
          'Order {OrderId} placed by {CustomerId} for {Total:C}',
          [
            ['OrderId', g.int(100000, 999999)],
            ['CustomerId', `c-${g.int(1000, 9999)}`],
            ['Total', Number(total.toFixed(2))],
            ['SourceContext', 'Orders.Api.Controllers.OrdersController'],
            ['ActionId', g.uuid()],
            ['ActionName', 'Orders.Api.Controllers.OrdersController.Create (Orders.Api)'],
            ...reqProps(g),
            ...enrich(g),
          ],
          { r: [`€${total.toFixed(2)}`], traced: true }
        );
      },
    },
    {
      w: 10,
      make: (g) =>
        clef(
          g,
          null,
          'Cache miss for {CacheKey}, loading from database',
          [
            ['CacheKey', `${g.pick(['order', 'customer', 'price'])}:${g.int(1, 99999)}`],
            ['SourceContext', 'Orders.Api.Caching.RedisCache'],
            ...reqProps(g),
            ...enrich(g),
          ],
          { traced: true }
        ),
    },
    {
      w: 5,
      make: (g) =>
        clef(
          g,
          'Warning',
          'Retrying {Operation} in {Delay} after attempt {Attempt}: {Error}',
          [
            ['Operation', g.pick(['PaymentGateway.Authorize', 'Inventory.Reserve', 'Email.Send'])],
            ['Delay', `00:00:0${g.int(1, 8)}`],
            ['Attempt', g.int(1, 3)],
            [
              'Error',
              g.pick([
                'The operation was canceled.',
                'Response status code does not indicate success: 503 (Service Unavailable).',
                'Connection refused (payments:443)',
              ]),
            ],
            ['SourceContext', 'Orders.Api.Resilience.RetryPolicy'],
            ...enrich(g),
          ],
          { traced: true }
        ),
    },
    {
      w: 3,
      make: (g) =>
        clef(
          g,
          'Error',
          "Failed executing DbCommand ({elapsed}ms) [Parameters=[{parameters}], CommandType='{commandType}', CommandTimeout='{commandTimeout}']{newLine}{commandText}",
          [
            ['elapsed', String(g.int(1, 30000))],
            ['parameters', g.pick(["@p0='?' (DbType = Int32), @p1='?' (Size = 64)", "@__id_0='?' (DbType = Int64)"])],
            ['commandType', 'Text'],
            ['commandTimeout', 30],
            ['newLine', '\n'],
            [
              'commandText',
              g.pick([
                'INSERT INTO "Orders" ("CustomerId", "Total") VALUES (@p0, @p1) RETURNING "Id";',
                'SELECT o."Id", o."Total" FROM "Orders" AS o WHERE o."Id" = @__id_0 LIMIT 1',
              ]),
            ],
            ['EventId', { Id: 20102, Name: 'Microsoft.EntityFrameworkCore.Database.Command.CommandError' }],
            ['SourceContext', 'Microsoft.EntityFrameworkCore.Database.Command'],
            ...reqProps(g),
            ...enrich(g),
          ],
          { traced: true }
        ),
    },
    {
      w: 3,
      make: (g) =>
        clef(
          g,
          'Error',
          'An unhandled exception has occurred while executing the request.',
          [
            ['EventId', { Id: 1, Name: 'UnhandledException' }],
            ['SourceContext', 'Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware'],
            ...reqProps(g),
            ...enrich(g),
          ],
          {
            x: `${g.pick(['System.InvalidOperationException: Sequence contains no elements', "System.Collections.Generic.KeyNotFoundException: The given key 'tier' was not present in the dictionary.", 'Npgsql.NpgsqlException (0x80004005): Exception while reading from stream'])}\n   at Orders.Api.Services.OrderService.PlaceAsync(CreateOrder cmd) in /src/Orders.Api/Services/OrderService.cs:line ${g.int(40, 200)}\n   at Orders.Api.Controllers.OrdersController.Create(CreateOrder cmd) in /src/Orders.Api/Controllers/OrdersController.cs:line ${g.int(20, 80)}`,
            traced: true,
          }
        ),
    },
    {
      w: 2,
      make: (g) => {
        const unhealthy = g.chance(0.5);
        return clef(
          g,
          unhealthy ? 'Error' : null,
          "Health check {HealthCheckName} with status {HealthStatus} completed after {ElapsedMilliseconds}ms with message '{HealthCheckDescription}'",
          [
            ['HealthCheckName', g.pick(['npgsql', 'redis', 'rabbitmq'])],
            ['HealthStatus', unhealthy ? 'Unhealthy' : 'Degraded'],
            ['ElapsedMilliseconds', Number((g.r() * 5000).toFixed(4))],
            ['HealthCheckDescription', unhealthy ? 'Connection refused' : 'Slow response'],
            ['EventId', { Id: 103, Name: 'HealthCheckEnd' }],
            ['SourceContext', 'Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService'],
            ...enrich(g),
          ]
        );
      },
    },
    {
      w: 1,
      make: (g) => {
        const life = (mt: string, props: Array<[string, unknown]>, id: number, name: string) =>
          clef(g, null, mt, [
            ...props,
            ['EventId', { Id: id, Name: name }],
            ['SourceContext', 'Microsoft.Hosting.Lifetime'],
            ...enrich(g),
          ]);
        return [
          life('Now listening on: {address}', [['address', 'http://[::]:8080']], 14, 'ListeningOnAddress'),
          clef(g, null, 'Application started. Press Ctrl+C to shut down.', [
            ['SourceContext', 'Microsoft.Hosting.Lifetime'],
            ...enrich(g),
          ]),
          clef(g, null, 'Hosting environment: {EnvName}', [
            ['EnvName', 'Production'],
            ['SourceContext', 'Microsoft.Hosting.Lifetime'],
            ...enrich(g),
          ]),
          clef(g, null, 'Content root path: {ContentRoot}', [
            ['ContentRoot', '/app'],
            ['SourceContext', 'Microsoft.Hosting.Lifetime'],
            ...enrich(g),
          ]),
        ];
      },
    },
  ],
};

export const ROUND3_FORMATS_C: readonly FormatSpec[] = [rabbitmq, serilog];
