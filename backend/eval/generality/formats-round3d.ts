// Generality set, round 3 (part 4 of 4; see formats-round3.ts): Traefik v3's JSON access and
// application logs, and Fluent Bit's own log. Written from the formats' documentation and real
// output before any miner change of round 3; untouched in round 3, tuned from round 4 on.
import { Gen, T, v, jsonLine, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat, constMessage } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

// ---------------------------------------------------------------------------------------------
// 22. Traefik v3: the access log with `--accesslog.format=json` (logrus JSONFormatter: keys sorted,
// `msg` empty, default fields, headers dropped) and the application log with `--log.format=json`
// (zerolog: level first, context and event fields, time, message last), `--log.level=INFO`.

const TRAEFIK_ROUTES: Array<{ host: string; router: string; service: string; paths: (g: Gen) => string }> = [
  {
    host: 'shop.example.com',
    router: 'websecure-shop-web-shop-example-com@kubernetes',
    service: 'shop-web-80@kubernetes',
    paths: (g) =>
      g.pickSkewed(['/', '/cart', `/products/${g.int(1, 9999)}`, `/assets/app.${g.hex(8)}.js`, '/favicon.ico']),
  },
  {
    host: 'api.example.com',
    router: 'shop-api-5f3c2b1a9e@kubernetescrd',
    service: 'shop-api-8080@kubernetescrd',
    paths: (g) =>
      g.pickSkewed([
        `/v1/carts/${g.uuid()}`,
        `/v1/products?page=${g.int(1, 40)}`,
        '/v1/orders',
        `/v1/orders/${g.int(10000, 99999)}`,
        '/v1/auth/token',
      ]),
  },
  {
    host: 'grafana.example.com',
    router: 'websecure-monitoring-grafana-grafana-example-com@kubernetes',
    service: 'monitoring-grafana-3000@kubernetes',
    paths: (g) => g.pickSkewed(['/api/ds/query', '/api/live/ws', `/d/${g.alnum(9)}/overview`, '/public/build/app.js']),
  },
];

function traefikTime(g: Gen): string {
  return new Date(g.now).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function traefikAccess(g: Gen): Made {
  const kind = g.pickSkewed(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'redirect', 'norouter', 'bad-gateway']);
  const r = g.pickSkewed(TRAEFIK_ROUTES);
  const client = g.chance(0.8) ? g.publicIp() : `10.42.${g.int(0, 3)}.${g.int(2, 250)}`;
  const port = String(g.int(1024, 65535));
  const method = g.pickSkewed(['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'OPTIONS']);
  const path = kind === 'norouter' ? g.pick(['/wp-login.php', '/.env', '/admin/config.php', '/']) : r.paths(g);
  const host = kind === 'norouter' ? g.pick([client, 'www.example.com', 'example.com']) : r.host;
  const upstream = `10.42.${g.int(0, 3)}.${g.int(2, 250)}:${r.service.includes('3000') ? 3000 : r.service.includes('8080') ? 8080 : 80}`;
  const dur = g.int(200_000, 900_000_000);
  const originDur = Math.max(0, dur - g.int(50_000, 400_000));
  const start = new Date(g.now - Math.floor(dur / 1e6))
    .toISOString()
    .replace('Z', `${p3(g.int(0, 999))}${p3(g.int(0, 999))}Z`);
  const status =
    kind === 'redirect'
      ? 308
      : kind === 'norouter'
        ? 404
        : kind === 'bad-gateway'
          ? 502
          : g.pickSkewed([200, 200, 200, 304, 201, 204, 401, 404, 500]);
  const rec: Record<string, unknown> = {
    ClientAddr: `${client}:${port}`,
    ClientHost: client,
    ClientPort: port,
    ClientUsername: '-',
    DownstreamContentSize:
      kind === 'redirect' ? 18 : kind === 'norouter' ? 19 : kind === 'bad-gateway' ? 11 : g.int(0, 250_000),
    DownstreamStatus: status,
    Duration: dur,
    OriginContentSize: kind === 'ok' ? g.int(0, 250_000) : 0,
    OriginDuration: kind === 'ok' ? originDur : 0,
    OriginStatus: kind === 'ok' ? status : 0,
    Overhead: dur - (kind === 'ok' ? originDur : 0),
    RequestAddr: host,
    RequestContentSize: method === 'POST' || method === 'PUT' ? g.int(20, 9000) : 0,
    RequestCount: g.int(1, 9_999_999),
    RequestHost: host,
    RequestMethod: method,
    RequestPath: path,
    RequestPort: '-',
    RequestProtocol: g.pickSkewed(['HTTP/2.0', 'HTTP/1.1', 'HTTP/2.0']),
    RequestScheme: kind === 'redirect' ? 'http' : 'https',
    RetryAttempts: kind === 'bad-gateway' ? g.int(0, 2) : 0,
    RouterName: kind === 'redirect' ? 'web-to-websecure@internal' : r.router,
    ServiceAddr: upstream,
    ServiceName: kind === 'redirect' ? 'noop@internal' : r.service,
    ServiceURL: `http://${upstream}`,
    StartLocal: start,
    StartUTC: start,
    TLSCipher: g.pick(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']),
    TLSVersion: '1.3',
    entryPointName: kind === 'redirect' ? 'web' : 'websecure',
    level: 'info',
    msg: '',
    time: traefikTime(g),
  };
  if (kind === 'redirect') {
    delete rec.ServiceAddr;
    delete rec.ServiceURL;
    delete rec.TLSCipher;
    delete rec.TLSVersion;
  }
  if (kind === 'norouter') {
    delete rec.RouterName;
    delete rec.ServiceAddr;
    delete rec.ServiceName;
    delete rec.ServiceURL;
  }
  return jsonLine(Object.entries(rec), 'msg', constMessage(''));
}

/** zerolog: level, then the fields (context, event), time, message. */
function traefikApp(g: Gen, level: string, fields: Array<[string, unknown]>, message: Made): Made {
  return jsonLine([['level', level], ...fields, ['time', traefikTime(g)], ['message', null]], 'message', message);
}

const TRAEFIK_SERVICES = [
  'shop-api-8080@kubernetescrd',
  'shop-web-80@kubernetes',
  'monitoring-grafana-3000@kubernetes',
];

const traefik: FormatSpec = {
  name: 'traefik-json',
  split: 'tuned',
  description:
    'Traefik v3 ingress: JSON access log (logrus, sorted keys, empty msg) and JSON application log (zerolog)',
  templates: [
    { w: 160, make: (g) => traefikAccess(g) },
    {
      w: 4,
      make: (g) => {
        const svc = g.pick(TRAEFIK_SERVICES);
        const target = `http://10.42.${g.int(0, 3)}.${g.int(2, 250)}:${svc.includes('3000') ? 3000 : 8080}`;
        return traefikApp(
          g,
          'warn',
          [
            ['serviceName', svc],
            ['targetURL', target],
            [
              'error',
              g.pick([
                `HTTP request failed: Get "${target}/healthz": dial tcp ${target.slice(7)}: connect: connection refused`,
                `received error status code: 503`,
                `HTTP request failed: Get "${target}/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
              ]),
            ],
          ],
          T`Health check failed.`
        );
      },
    },
    {
      w: 3,
      make: (g) =>
        traefikApp(
          g,
          'info',
          [
            ['serviceName', g.pick(TRAEFIK_SERVICES)],
            ['targetURL', `http://10.42.${g.int(0, 3)}.${g.int(2, 250)}:8080`],
          ],
          T`Health check succeeded.`
        ),
    },
    {
      w: 3,
      make: (g) => {
        const ns = g.pick(['shop', 'monitoring', 'payments']);
        const ing = g.pick(['cart', 'checkout', 'grafana', 'webhooks']);
        return traefikApp(
          g,
          'error',
          [
            ['providerName', 'kubernetes'],
            ['ingress', ing],
            ['namespace', ns],
            [
              'error',
              g.pick([
                `kubernetes service not found: ${ns}/${ing}-svc`,
                `service port not found: ${g.pick(['http', '8080', 'web'])}`,
              ]),
            ],
          ],
          T`Cannot create service`
        );
      },
    },
    {
      w: 2,
      make: (g) => {
        const domain = g.pick(['shop.example.com', 'api.example.com', 'status.example.com']);
        return traefikApp(
          g,
          'error',
          [
            ['providerName', 'letsencrypt.acme'],
            ['acmeCA', 'https://acme-v02.api.letsencrypt.org/directory'],
            ['routerName', `websecure-${domain.replace(/\./g, '-')}@kubernetes`],
            ['rule', `Host(\`${domain}\`)`],
            [
              'error',
              `unable to generate a certificate for the domains [${domain}]: error: one or more domains had a problem:\n[${domain}] acme: error: 400 :: urn:ietf:params:acme:error:${g.pick(['connection', 'dns', 'unauthorized'])} :: ${g.pick(['Timeout during connect (likely firewall problem)', `DNS problem: NXDOMAIN looking up A for ${domain} - check that a DNS record exists for this domain`, 'Invalid response from http://' + domain + '/.well-known/acme-challenge/' + g.alnum(43) + ': 404'])}`,
            ],
            ['domains', [domain]],
          ],
          T`Unable to obtain ACME certificate for domains`
        );
      },
    },
    {
      w: 2,
      make: (g) =>
        traefikApp(
          g,
          'error',
          [
            ['entryPointName', 'websecure'],
            ['routerName', g.pick(['shop-api-5f3c2b1a9e@kubernetescrd', 'admin-7a1b2c3d4e@kubernetescrd'])],
            [
              'error',
              `middleware "${g.pick(['shop-ratelimit', 'admin-basicauth', 'strip-prefix'])}@kubernetescrd" does not exist`,
            ],
          ],
          T`Error occurred during middleware creation`
        ),
    },
    {
      w: 2,
      make: (g) =>
        traefikApp(
          g,
          'error',
          [
            [
              'error',
              g.pick([
                'EOF',
                `read tcp 10.42.0.5:8443->${g.publicIp()}:${g.int(1024, 65535)}: read: connection reset by peer`,
                'i/o timeout',
              ]),
            ],
          ],
          T`Error while handling TCP connection`
        ),
    },
    {
      w: 1,
      make: (g) => [
        traefikApp(
          g,
          'info',
          [['version', '3.0.4']],
          T`Traefik version ${v('3.0.4')} built on ${v('2024-07-02T13:46:37Z')}`
        ),
        traefikApp(g, 'info', [], T`Stats collection is disabled.`),
        traefikApp(g, 'info', [['providerName', 'kubernetes']], T`label selector is: "${v('')}"`),
        traefikApp(g, 'info', [['providerName', 'kubernetes']], T`Creating in-cluster Provider client`),
        traefikApp(g, 'info', [['providerName', 'kubernetescrd']], T`Creating in-cluster Provider client`),
        traefikApp(
          g,
          'info',
          [['entryPointName', 'web']],
          T`Starting provider aggregator ${v('*aggregator.ProviderAggregator')}`
        ),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 28. Fluent Bit 3.0 (the agent shipping container logs to Loki), its own log: `[yyyy/mm/dd
// hh:mm:ss] [level] [component] message`, the level right-aligned in five (`[ info]`, `[ warn]`).

function fbTime(g: Gen): string {
  const d = new Date(g.now);
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}
function fb(g: Gen, level: string, component: string, msg: Made): Made {
  return cat(T`[${v(fbTime(g))}] [${level.padStart(5, ' ')}] [${component}] `, msg);
}
const containerLog = (g: Gen) =>
  `/var/log/containers/${g.pick(['web', 'api', 'worker', 'checkout', 'postgres'])}-${g.alnum(9)}-${g.alnum(5)}_${g.pick(['shop', 'payments', 'monitoring'])}_${g.pick(['web', 'api', 'worker', 'app'])}-${g.hex(64)}.log`;
const chunk = (g: Gen) => `1-${Math.floor(g.now / 1000)}.${g.int(100000000, 999999999)}.flb`;
const task = (g: Gen) =>
  `task_id=${g.int(0, 40)}, input=${g.pick(['tail.0', 'tail.0', 'systemd.1'])} > output=loki.0 (out_id=0)`;
const LOKI = 'loki-gateway.monitoring.svc.cluster.local';

const fluentBit: FormatSpec = {
  name: 'fluent-bit',
  split: 'tuned',
  description:
    'Fluent Bit 3.0 DaemonSet log: tail inotify, kubernetes filter, Loki output retries and errors, backpressure',
  templates: [
    {
      w: 16,
      make: (g) =>
        fb(
          g,
          'info',
          'input:tail:tail.0',
          T`inotify_fs_add(): inode=${v(g.int(100000, 99999999))} watch_fd=${v(g.int(1, 400))} name=${v(containerLog(g))}`
        ),
    },
    {
      w: 12,
      make: (g) =>
        fb(
          g,
          'info',
          'input:tail:tail.0',
          T`inotify_fs_remove(): inode=${v(g.int(100000, 99999999))} watch_fd=${v(g.int(1, 400))}`
        ),
    },
    {
      w: 6,
      make: (g) => {
        const f = containerLog(g);
        return fb(
          g,
          'info',
          'input:tail:tail.0',
          T`inode=${v(g.int(100000, 99999999))} handle rotation(): ${v(f)} => ${v(`${f}.${g.int(20240612, 20240613)}-${g.int(100000, 235959)}`)}`
        );
      },
    },
    {
      w: 14,
      make: (g) => {
        const c = chunk(g);
        const t = task(g);
        return [
          fb(g, 'warn', 'engine', T`failed to flush chunk '${v(c)}', retry in ${v(g.int(6, 60))} seconds: ${v(t)}`),
          ...(g.chance(0.8)
            ? [fb(g, 'info', 'engine', T`flush chunk '${v(c)}' succeeded at retry ${v(g.int(1, 3))}: ${v(t)}`)]
            : [fb(g, 'error', 'engine', T`chunk '${v(c)}' cannot be retried: ${v(t)}`)]),
        ];
      },
    },
    {
      w: 10,
      make: (g) => {
        const status = g.pickSkewed([429, 429, 400, 500, 502]);
        const body =
          status === 429
            ? `Ingestion rate limit exceeded for user fake (limit: ${g.pick([4194304, 8388608])} bytes/sec) while attempting to ingest '${g.int(100, 4000)}' lines totaling '${g.int(50000, 900000)}' bytes, reduce log volume or contact your Loki administrator to see if the limit can be increased`
            : status === 400
              ? `entry for stream '{namespace="${g.pick(['shop', 'payments'])}", pod="${g.pick(['web', 'api'])}-${g.alnum(9)}-${g.alnum(5)}"}' has timestamp too old: ${new Date(g.now - 8 * 86400000).toISOString()}, oldest acceptable timestamp is: ${new Date(g.now - 7 * 86400000).toISOString()}`
              : g.pick([
                  'upstream connect error or disconnect/reset before headers. reset reason: connection failure',
                  '<html><head><title>502 Bad Gateway</title></head></html>',
                ]);
        return [fb(g, 'error', 'output:loki:loki.0', T`${v(`${LOKI}:80`)}, HTTP status=${v(status)}`), T`${v(body)}`];
      },
    },
    {
      w: 4,
      make: (g) =>
        fb(
          g,
          'error',
          'net',
          T`TCP connection failed: ${v(`${LOKI}:80`)} (${v(g.pick(['Connection refused', 'Connection timed out']))})`
        ),
    },
    { w: 4, make: (g) => fb(g, 'error', 'output:loki:loki.0', T`no upstream connections available`) },
    {
      w: 3,
      make: (g) =>
        fb(
          g,
          'warn',
          'net',
          T`getaddrinfo(host='${v(LOKI)}', err=${v(12)}): ${v('Timeout while contacting DNS servers')}`
        ),
    },
    {
      w: 4,
      make: (g) => {
        const input = g.pick(['tail.0', 'systemd.1']);
        return [
          fb(g, 'warn', 'input', T`${v(input)} paused (mem buf overlimit)`),
          fb(g, 'info', 'input', T`${v(input)} resume (mem buf overlimit)`),
        ];
      },
    },
    {
      w: 5,
      make: (g) =>
        fb(
          g,
          'warn',
          'http_client',
          T`cannot increase buffer: current=${v(32000)} requested=${v(32000 + g.int(1, 9) * 4096)} max=${v(32000)}`
        ),
    },
    { w: 3, make: (g) => fb(g, 'info', 'filter:kubernetes:kubernetes.0', T`token updated`) },
    { w: 2, make: (g) => fb(g, 'error', 'filter:kubernetes:kubernetes.0', T`kubelet upstream connection error`) },
    {
      w: 1,
      make: (g) => [
        fb(g, 'info', 'fluent bit', T`version=${v('3.0.7')}, commit=${v('73e72bdf9e')}, pid=${v(1)}`),
        fb(
          g,
          'info',
          'storage',
          T`ver=${v('1.5.2')}, type=${v('memory')}, sync=${v('normal')}, checksum=${v('off')}, max_chunks_up=${v(128)}`
        ),
        fb(g, 'info', 'cmetrics', T`version=${v('0.9.1')}`),
        fb(g, 'info', 'input:tail:tail.0', T`multiline core started`),
        fb(
          g,
          'info',
          'filter:kubernetes:kubernetes.0',
          T`https=${v(1)} host=${v('kubernetes.default.svc')} port=${v(443)}`
        ),
        fb(g, 'info', 'filter:kubernetes:kubernetes.0', T`connectivity OK`),
        fb(g, 'info', 'output:loki:loki.0', T`configured, hostname ${v(`${LOKI}:80`)}`),
        fb(g, 'info', 'http_server', T`listen iface=${v('0.0.0.0')} tcp_port=${v(2020)}`),
        fb(g, 'info', 'sp', T`stream processor started`),
      ],
    },
  ],
};

export const ROUND3_FORMATS_D: readonly FormatSpec[] = [traefik, fluentBit];
