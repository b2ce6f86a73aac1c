// Generality set, round 6 (part 2 of 2): a Django app behind Gunicorn, a Laravel app's Monolog
// file. Written before any round-6 miner change; UNTOUCHED (see formats-round6.ts, README.md).
import { Gen, T, v, USER_AGENTS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

// ---------------------------------------------------------------------------------------------
// 44. Django 5.0 app under Gunicorn 22 (one container's stdout/stderr): Django's documented
// "verbose" formatter `{levelname} {asctime} {module} {process:d} {thread:d} {message}`, Gunicorn's
// error log (`[time] [pid] [LEVEL] message`) and access log (its default format), interleaved;
// `django.request` errors print their traceback after the line, one line each.

function djTime(g: Gen): string {
  const d = new Date(g.now);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())},${p3(d.getUTCMilliseconds())}`;
}
const DJ_PIDS = [8, 9, 10, 11];
function dj(g: Gen, level: string, module: string, msg: Made): Made {
  return cat(
    T`${level} ${v(djTime(g))} ${module} ${v(g.pick(DJ_PIDS))} ${v(g.pick(['140213948411648', '140213931626240', '140213923233536']))} `,
    msg
  );
}
function guniTime(g: Gen): string {
  return new Date(g.now).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' +0000');
}
function guni(g: Gen, pid: number, level: string, msg: Made): Made {
  return cat(T`[${v(guniTime(g))}] [${v(pid)}] [${level}] `, msg);
}
const DJ_PATHS = (g: Gen) =>
  g.pickSkewed([
    `/api/orders/${g.int(1000, 99999)}/`,
    `/api/products/?category=${g.pick(['shoes', 'bags', 'hats'])}&page=${g.int(1, 30)}`,
    '/api/cart/',
    `/static/admin/css/base.${g.hex(12)}.css`,
    '/healthz/',
    `/admin/shop/order/${g.int(1000, 99999)}/change/`,
  ]);
const clf = (g: Gen) => g.clf();

function pyTraceback(g: Gen): Made[] {
  const frames: Array<[string, number, string, string]> = [
    ['/usr/local/lib/python3.12/site-packages/django/core/handlers/exception.py', 55, 'inner', 'response = get_response(request)'],
    ['/usr/local/lib/python3.12/site-packages/django/core/handlers/base.py', 197, '_get_response', 'response = wrapped_callback(request, *callback_args, **callback_kwargs)'],
    ['/usr/local/lib/python3.12/site-packages/rest_framework/views.py', 506, 'dispatch', 'response = handler(request, *args, **kwargs)'],
    ['/app/shop/api/views.py', g.int(30, 400), g.pick(['create', 'retrieve', 'checkout']), g.pick(['order = Order.objects.select_for_update().get(pk=pk)', 'intent = stripe.PaymentIntent.create(**params)', 'cart.recalculate()'])],
    ['/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py', 105, '_execute', 'return self.cursor.execute(sql, params)'],
  ];
  const n = g.int(3, frames.length);
  const out: Made[] = [T`Traceback (most recent call last):`];
  for (const [file, line, fn, src] of frames.slice(0, n)) out.push(T`  File "${v(file)}", line ${v(line)}, in ${v(fn)}`, T`    ${v(src)}`);
  const [cls, m] = g.pick([
    ['django.db.utils.OperationalError', `connection to server at "db" (10.0.2.14), port 5432 failed: FATAL:  sorry, too many clients already`],
    ['stripe._error.APIConnectionError', 'Request req_' + g.alnum(14) + ': Unexpected error communicating with Stripe.'],
    ['shop.models.Order.DoesNotExist', 'Order matching query does not exist.'],
    ['KeyError', `'${g.pick(['shipping_address', 'currency'])}'`],
  ]);
  out.push(T`${v(cls)}: ${v(m)}`);
  return out;
}

const djangoFmt: FormatSpec = {
  name: 'django-gunicorn',
  split: 'tuned',
  description:
    "Django 5.0 under Gunicorn 22: Django's verbose formatter (app, request, security, SQL debug lines), Gunicorn error and access logs, tracebacks line by line",
  tickMs: 500,
  templates: [
    {
      w: 40,
      make: (g) => {
        const m = g.pickSkewed(['GET', 'GET', 'POST', 'PATCH', 'DELETE']);
        const path = DJ_PATHS(g);
        return T`${v(g.privateIp())} - ${v(g.chance(0.8) ? '-' : g.pick(['alice', 'bob']))} [${v(clf(g))}] "${m} ${v(path)} HTTP/1.1" ${v(g.pickSkewed([200, 200, 201, 204, 302, 400, 403, 404, 500]))} ${v(g.int(0, 40000))} "${v(g.chance(0.6) ? '-' : `https://shop.example.com${DJ_PATHS(g)}`)}" "${v(g.pickSkewed(USER_AGENTS))}"`;
      },
    },
    {
      w: 18,
      make: (g) =>
        dj(
          g,
          'DEBUG',
          'utils',
          T`(${v(g.float(0, 0.4, 3))}) ${v(
            g.pick([
              `SELECT "shop_order"."id", "shop_order"."customer_id", "shop_order"."status", "shop_order"."total" FROM "shop_order" WHERE "shop_order"."id" = ${g.int(1000, 99999)} LIMIT 21`,
              `SELECT "shop_product"."id", "shop_product"."sku", "shop_product"."price" FROM "shop_product" WHERE "shop_product"."category" = '${g.pick(['shoes', 'bags', 'hats'])}' ORDER BY "shop_product"."id" ASC LIMIT 20 OFFSET ${g.int(0, 30) * 20}`,
              `UPDATE "shop_cart" SET "updated_at" = '${g.iso()}'::timestamptz WHERE "shop_cart"."id" = ${g.int(1, 90000)}`,
              `INSERT INTO "shop_orderline" ("order_id", "product_id", "quantity") VALUES (${g.int(1000, 99999)}, ${g.int(1, 999)}, ${g.int(1, 5)}) RETURNING "shop_orderline"."id"`,
            ])
          )}; args=${v(`(${g.int(1000, 99999)},)`)}; alias=${v('default')}`
        ),
    },
    {
      w: 14,
      make: (g) =>
        dj(
          g,
          'INFO',
          'views',
          T`Order ${v(g.int(1000, 99999))} created for customer ${v(g.int(1, 9999))} (${v(g.int(1, 9))} items, total ${v(g.float(5, 600, 2))} ${v(g.pickSkewed(['EUR', 'EUR', 'GBP', 'CHF']))})`
        ),
    },
    {
      w: 10,
      make: (g) =>
        dj(
          g,
          'WARNING',
          'log',
          T`Not Found: ${v(g.pick(['/wp-login.php', '/.env', `/api/orders/${g.int(1000, 99999)}/`, '/favicon.ico', '/xmlrpc.php', `/api/products/${g.int(1, 999)}/`]))}`
        ),
    },
    {
      w: 6,
      make: (g) =>
        dj(
          g,
          'WARNING',
          'log',
          T`Forbidden (${v(g.pick(['CSRF token missing.', 'CSRF cookie not set.', 'Origin checking failed - https://evil.example does not match any trusted origins.']))}): ${v(g.pick(['/api/cart/', '/account/login/', '/api/checkout/']))}`
        ),
    },
    {
      w: 5,
      make: (g) => dj(g, 'WARNING', 'log', T`Unauthorized: ${v(g.pick(['/api/orders/', '/api/cart/', `/api/orders/${g.int(1000, 99999)}/`]))}`),
    },
    {
      w: 6,
      make: (g) => [
        dj(g, 'ERROR', 'log', T`Internal Server Error: ${v(g.pick(['/api/checkout/', `/api/orders/${g.int(1000, 99999)}/`, '/api/cart/']))}`),
        ...pyTraceback(g),
      ],
    },
    {
      w: 4,
      make: (g) => {
        const host = g.pick([g.publicIp(), 'shop-internal.local', g.privateIp()]);
        return dj(
          g,
          'ERROR',
          'exception',
          T`Invalid HTTP_HOST header: '${v(`${host}${g.chance(0.5) ? ':8000' : ''}`)}'. You may need to add ${v(`'${host}'`)} to ALLOWED_HOSTS.`
        );
      },
    },
    {
      w: 8,
      make: (g) =>
        dj(
          g,
          'INFO',
          'webhooks',
          T`Stripe webhook received: ${v(g.pickSkewed(['payment_intent.succeeded', 'charge.refunded', 'payment_intent.payment_failed', 'customer.subscription.updated']))} (${v(`evt_${g.alnum(24, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789')}`)})`
        ),
    },
    {
      w: 6,
      make: (g) =>
        dj(
          g,
          'WARNING',
          'inventory',
          T`Stock low for ${v(`SKU-${g.int(1000, 9999)}`)}: ${v(g.int(0, 5))} left in ${v(g.pick(['warehouse-eu', 'warehouse-us']))}`
        ),
    },
    {
      w: 4,
      make: (g) =>
        dj(
          g,
          'INFO',
          'tasks',
          T`Sent order confirmation to ${v(`${g.pick(['anna', 'ben', 'chloe', 'david', 'emma'])}${g.int(1, 999)}@${g.pick(['example.com', 'mail.example.org'])}`)}`
        ),
    },
    {
      w: 4,
      make: (g) => {
        const pid = g.int(12, 900);
        const npid = pid + g.int(1, 40);
        return [
          guni(g, 1, 'CRITICAL', T`WORKER TIMEOUT (pid:${v(pid)})`),
          guni(g, pid, 'INFO', T`Worker exiting (pid: ${v(pid)})`),
          guni(g, 1, 'ERROR', T`Worker (pid:${v(pid)}) was sent SIGKILL! Perhaps out of memory?`),
          guni(g, npid, 'INFO', T`Booting worker with pid: ${v(npid)}`),
        ];
      },
    },
    {
      w: 1,
      make: (g) => [
        guni(g, 1, 'INFO', T`Starting gunicorn ${v('22.0.0')}`),
        guni(g, 1, 'INFO', T`Listening at: ${v('http://0.0.0.0:8000')} (${v(1)})`),
        guni(g, 1, 'INFO', T`Using worker: ${v('sync')}`),
        ...DJ_PIDS.map((p) => guni(g, p, 'INFO', T`Booting worker with pid: ${v(p)}`)),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 45. Laravel 11 app, `storage/logs/laravel.log` (Monolog's LineFormatter as Laravel configures
// it: `[%datetime%] %channel%.%level_name%: %message% %context% %extra%`, `Y-m-d H:i:s`, empty
// context and extra left out, JSON context with unescaped slashes; an exception's trace follows
// on its own lines: `[stacktrace]`, `#0 file(line): call`, `#N {main}`, and `"} ` closing the JSON).

function lvTime(g: Gen): string {
  return new Date(g.now).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}
function lv(g: Gen, level: string, msg: Made): Made {
  return cat(T`[${v(lvTime(g))}] ${v('production')}.${level}: `, msg);
}
/** Monolog's JSON context: keys constant, values variables (JSON_UNESCAPED_SLASHES|UNICODE). */
function ctx(fields: Array<[string, string | number]>, open = false): Made {
  const line = fields.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(',');
  const truth = fields.map(([k]) => `${JSON.stringify(k)}:<*>`).join(',');
  return open ? { line: `{${line}`, template: `{${truth}` } : { line: `{${line}}`, template: `{${truth}}` };
}
const esc = (s: string) => JSON.stringify(s).slice(1, -1);

const LV_TRACES: Array<[string, string]> = [
  ['/var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php(767)', "Illuminate\\Database\\Connection->runQueryCallback('select * from `...', Array, Object(Closure))"],
  ['/var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php(398)', "Illuminate\\Database\\Connection->run('select * from `...', Array, Object(Closure))"],
  ['/var/www/html/vendor/laravel/framework/src/Illuminate/Database/Query/Builder.php(3106)', 'Illuminate\\Database\\Connection->select(\'select * from `...\', Array, true)'],
  ['/var/www/html/app/Http/Controllers/OrderController.php(58)', 'Illuminate\\Database\\Eloquent\\Builder->firstOrFail()'],
  ['/var/www/html/vendor/laravel/framework/src/Illuminate/Routing/Controller.php(54)', "App\\Http\\Controllers\\OrderController->show(Object(Illuminate\\Http\\Request), '" + '48213' + "')"],
  ['/var/www/html/vendor/laravel/framework/src/Illuminate/Pipeline/Pipeline.php(183)', 'Illuminate\\Routing\\Middleware\\SubstituteBindings->handle(Object(Illuminate\\Http\\Request), Object(Closure))'],
];

function lvException(g: Gen, level: string, msg: Made, extra: Array<[string, string | number]>, exc: [string, number, string, string]): Made[] {
  const [cls, code, message, at] = exc;
  const out: Made[] = [
    lv(
      g,
      level,
      cat(
        msg,
        T` `,
        ctx(extra, true),
        extra.length ? T`,` : T``,
        T`"exception":"[object] (${v(esc(cls))}(code: ${v(code)}): ${v(esc(message))} at ${v(at)})`
      )
    ),
    T`[stacktrace]`,
  ];
  const start = g.int(0, 2);
  const n = g.int(3, LV_TRACES.length - start);
  let i = 0;
  for (const [file, call] of LV_TRACES.slice(start, start + n)) {
    out.push(T`#${v(i++)} ${v(file.replace(/\(\d+\)$/, ''))}(${v(file.match(/\((\d+)\)$/)![1])}): ${v(esc(call))}`);
    if (g.chance(0.15)) out.push(T`#${v(i++)} [internal function]: ${v(esc('Illuminate\\Pipeline\\Pipeline->Illuminate\\Pipeline\\{closure}(Object(Illuminate\\Http\\Request))'))}`);
  }
  out.push(T`#${v(i)} {main}`, T`"} `);
  return out;
}
const SQL_EXC = (g: Gen): [string, number, string, string] => {
  const m = g.pick([
    `SQLSTATE[HY000] [2002] Connection refused (Connection: mysql, SQL: select * from \`sessions\` where \`id\` = ${g.alnum(40, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')} limit 1)`,
    `SQLSTATE[40001]: Serialization failure: 1213 Deadlock found when trying to get lock; try restarting transaction (Connection: mysql, SQL: update \`products\` set \`stock\` = ${g.int(0, 90)} where \`id\` = ${g.int(1, 999)})`,
  ]);
  return ['Illuminate\\Database\\QueryException', m.includes('2002') ? 2002 : 40001, m, '/var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php:813'];
};

const laravelFmt: FormatSpec = {
  name: 'laravel',
  split: 'tuned',
  description:
    'Laravel 11 laravel.log (Monolog LineFormatter, JSON context): orders, payments, logins, queue jobs, exceptions with [stacktrace] lines',
  tickMs: 1200,
  templates: [
    {
      w: 26,
      make: (g) =>
        lv(g, 'INFO', cat(T`Order placed `, ctx([
          ['order_id', g.int(10000, 99999)],
          ['user_id', g.int(1, 9999)],
          ['total', Number(g.float(5, 900, 2))],
          ['currency', g.pickSkewed(['EUR', 'EUR', 'USD'])],
        ]))),
    },
    {
      w: 20,
      make: (g) =>
        lv(g, 'INFO', cat(T`Payment captured `, ctx([
          ['order_id', g.int(10000, 99999)],
          ['provider', g.pickSkewed(['stripe', 'paypal', 'mollie'])],
          ['amount', Number(g.float(5, 900, 2))],
        ]))),
    },
    {
      w: 12,
      make: (g) =>
        lv(g, 'WARNING', cat(T`Failed login attempt `, ctx([
          ['email', `${g.pick(['a', 'j', 'm', 's', 't'])}***@${g.pick(['gmail.com', 'example.com', 'outlook.com'])}`],
          ['ip', g.publicIp()],
        ]))),
    },
    {
      w: 10,
      make: (g) =>
        lv(g, 'DEBUG', cat(T`Cache miss `, ctx([['key', `${g.pick(['product', 'category', 'cart'])}:${g.int(1, 99999)}`]]))),
    },
    {
      w: 8,
      make: (g) =>
        lv(g, 'NOTICE', cat(T`Slow request `, ctx([
          ['url', `https://shop.example.com/${g.pick(['api/orders', 'api/products', 'checkout', `orders/${g.int(10000, 99999)}`])}`],
          ['method', g.pickSkewed(['GET', 'POST'])],
          ['duration_ms', g.int(1000, 9000)],
        ]))),
    },
    {
      w: 8,
      make: (g) =>
        lv(
          g,
          'ERROR',
          cat(
            T`Stripe API error: ${v(g.pick([`No such customer: 'cus_${g.alnum(14, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789')}'`, 'Your card was declined.', 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.']))} `,
            ctx([['order_id', g.int(10000, 99999)]])
          )
        ),
    },
    {
      w: 5,
      make: (g) =>
        lv(g, 'WARNING', cat(T`Queue size exceeded threshold `, ctx([
          ['queue', g.pick(['default', 'emails', 'webhooks'])],
          ['size', g.int(1000, 20000)],
        ]))),
    },
    {
      w: 4,
      make: (g) => lv(g, 'INFO', T`Nightly sales report generated`),
    },
    {
      w: 5,
      make: (g) => {
        const e = SQL_EXC(g);
        return lvException(g, 'ERROR', T`${v(e[2])}`, [], e);
      },
    },
    {
      w: 4,
      make: (g) =>
        lvException(
          g,
          'ERROR',
          T`Job failed: ${v(g.pick(['App\\Jobs\\SyncInventory', 'App\\Jobs\\SendOrderConfirmation', 'App\\Jobs\\GenerateInvoicePdf']))}`,
          [
            ['job_id', g.uuid()],
            ['attempts', g.int(1, 5)],
          ],
          [
            'GuzzleHttp\\Exception\\ConnectException',
            0,
            `cURL error 28: Operation timed out after ${g.int(10000, 10010)} milliseconds with 0 bytes received (see https://curl.haxx.se/libcurl/c/libcurl-errors.html) for https://erp.example.com/api/stock`,
            '/var/www/html/vendor/guzzlehttp/guzzle/src/Handler/CurlFactory.php:275',
          ]
        ),
    },
  ],
};

export const ROUND6_FORMATS_B: readonly FormatSpec[] = [djangoFmt, laravelFmt];
