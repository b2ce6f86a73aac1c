// Generality set, round 4 (part 1 of 3; formats-round4c.ts and formats-round4b.ts hold the rest): six formats written from their own documentation and real output
// before any miner change of round 4; untouched in round 4 (scored once, at its end), tuned from
// round 5 on (README.md). None of them is in LogHub or in rounds 1-3: Caddy's
// JSON logs, ClickHouse's server log, Cassandra's system.log, an Airflow task log, a Go service on
// the standard library's `log` package, and dockerd's logrus text log.
//
// Truth conventions are README.md's: a template is one log statement, its parameters variables
// however few values they take; structured lines are their message template plus their key set;
// header fields are variables; a level written in a plain line is part of its statement.
import { Gen, T, v, jsonLine, USER_AGENTS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat, constMessage } from './formats-round3.js';
import { ROUND4_FORMATS_B } from './formats-round4b.js';
import { ROUND4_FORMATS_C } from './formats-round4c.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p6 = (n: number) => String(n).padStart(6, '0');

// ---------------------------------------------------------------------------------------------
// 29. Caddy 2.8: zap JSON (`ts` as float seconds), the access log (`http.log.access.log0`, nested
// request with headers and tls), error log lines whose message is the error text, and runtime
// lines from the tls, http and admin loggers.

const CADDY_HOSTS = ['shop.example.com', 'api.example.com', 'static.example.com'];
const caddyTs = (g: Gen) => Number((g.now / 1000 + g.int(0, 999) / 1e6).toFixed(6));

function caddyRequest(g: Gen, host: string, method: string, uri: string): Record<string, unknown> {
  const ip = g.chance(0.85) ? g.publicIp() : g.privateIp();
  const headers: Record<string, string[]> = { 'User-Agent': [g.pickSkewed(USER_AGENTS)] };
  if (g.chance(0.7)) headers['Accept'] = [g.pick(['*/*', 'text/html,application/xhtml+xml', 'application/json'])];
  if (g.chance(0.5)) headers['Accept-Encoding'] = ['gzip, deflate, br'];
  if (g.chance(0.3)) headers['Cookie'] = ['REDACTED'];
  const req: Record<string, unknown> = {
    remote_ip: ip,
    remote_port: String(g.int(1024, 65535)),
    client_ip: ip,
    proto: g.pickSkewed(['HTTP/2.0', 'HTTP/1.1', 'HTTP/3.0']),
    method,
    host,
    uri,
    headers,
  };
  if (g.chance(0.9))
    req.tls = { resumed: g.chance(0.2), version: 772, cipher_suite: 4865, proto: 'h2', server_name: host };
  return req;
}

function caddyUri(g: Gen, host: string): string {
  if (host === 'api.example.com')
    return g.pickSkewed([
      `/v1/products/${g.int(1, 9999)}`,
      `/v1/cart/${g.uuid()}`,
      '/v1/orders',
      `/v1/search?q=${g.alnum(5)}`,
    ]);
  if (host === 'static.example.com') return `/img/${g.hex(12)}.${g.pick(['webp', 'png', 'jpg'])}`;
  return g.pickSkewed(['/', '/cart', `/products/${g.int(1, 9999)}`, '/checkout', '/favicon.ico']);
}

function caddyAccess(g: Gen): Made {
  const host = g.pickSkewed(CADDY_HOSTS);
  const method = g.pickSkewed(['GET', 'GET', 'GET', 'POST', 'HEAD', 'PUT']);
  const status = g.pickSkewed([200, 200, 200, 304, 201, 404, 502, 301]);
  return jsonLine(
    [
      ['level', status >= 500 ? 'error' : 'info'],
      ['ts', caddyTs(g)],
      ['logger', 'http.log.access.log0'],
      ['msg', ''],
      ['request', caddyRequest(g, host, method, caddyUri(g, host))],
      ['bytes_read', method === 'POST' || method === 'PUT' ? g.int(20, 8000) : 0],
      ['user_id', ''],
      ['duration', Number(g.float(0.0002, 1.8, 6))],
      ['size', g.int(0, 300000)],
      ['status', status],
      [
        'resp_headers',
        { Server: ['Caddy'], 'Content-Type': [g.pick(['text/html; charset=utf-8', 'application/json', 'image/webp'])] },
      ],
    ],
    'msg',
    constMessage('handled request')
  );
}

function caddyError(g: Gen): Made {
  const up = `${g.privateIp()}:${g.pick([8080, 3000])}`;
  const err = g.pickSkewed([
    `dial tcp ${up}: connect: connection refused`,
    `dial tcp ${up}: i/o timeout`,
    'context canceled',
    'EOF',
  ]);
  const host = g.pick(['shop.example.com', 'api.example.com']);
  return jsonLine(
    [
      ['level', 'error'],
      ['ts', caddyTs(g)],
      ['logger', 'http.log.error.log0'],
      ['msg', ''],
      ['request', caddyRequest(g, host, g.pick(['GET', 'POST']), caddyUri(g, host))],
      ['duration', Number(g.float(0.0005, 3, 6))],
      ['status', 502],
      ['err_id', g.alnum(9, 'abcdefghijklmnopqrstuvwxyz0123456789')],
      ['err_trace', 'reverseproxy.statusError (reverseproxy.go:1269)'],
    ],
    'msg',
    T`${v(err)}`
  );
}

function caddyRuntime(g: Gen, logger: string, msg: Made, extra: Array<[string, unknown]>, level = 'info'): Made {
  return jsonLine([['level', level], ['ts', caddyTs(g)], ['logger', logger], ['msg', ''], ...extra], 'msg', msg);
}

const caddy: FormatSpec = {
  name: 'caddy-json',
  split: 'tuned',
  description: 'Caddy 2.8 zap JSON: access log (nested request, headers, tls), error log, tls/http/admin runtime lines',
  tickMs: 300,
  templates: [
    { w: 60, make: caddyAccess },
    { w: 4, make: caddyError },
    {
      w: 3,
      make: (g) => {
        const id = g.pick(CADDY_HOSTS);
        return [
          caddyRuntime(g, 'tls.obtain', constMessage('acquiring lock'), [['identifier', id]]),
          caddyRuntime(g, 'tls.obtain', constMessage('lock acquired'), [['identifier', id]]),
          caddyRuntime(g, 'tls.obtain', constMessage('obtaining certificate'), [['identifier', id]]),
          caddyRuntime(g, 'tls.obtain', constMessage('certificate obtained successfully'), [
            ['identifier', id],
            ['issuer', g.pick(['acme-v02.api.letsencrypt.org-directory', 'acme.zerossl.com-v2-DV90'])],
          ]),
          caddyRuntime(g, 'tls.obtain', constMessage('releasing lock'), [['identifier', id]]),
        ];
      },
    },
    {
      w: 3,
      make: (g) =>
        caddyRuntime(
          g,
          'tls',
          constMessage('stapling OCSP'),
          [
            ['error', `no OCSP stapling for [${g.pick(CADDY_HOSTS)}]: no OCSP server specified in certificate`],
            ['identifiers', [g.pick(CADDY_HOSTS)]],
          ],
          'warn'
        ),
    },
    {
      w: 3,
      make: (g) =>
        caddyRuntime(
          g,
          'http.handlers.reverse_proxy',
          constMessage('selected upstream'),
          [
            ['dial', `${g.privateIp()}:8080`],
            ['total_upstreams', g.int(2, 4)],
          ],
          'debug'
        ),
    },
    {
      w: 2,
      make: (g) =>
        caddyRuntime(
          g,
          'http.handlers.reverse_proxy',
          constMessage('upstream health check failed'),
          [
            ['host', `${g.privateIp()}:8080`],
            ['error', g.pick(['dial tcp: connection refused', 'status code 503 outside tolerated range'])],
          ],
          'warn'
        ),
    },
    {
      w: 1,
      make: (g) => [
        caddyRuntime(g, 'admin.api', constMessage('received request'), [
          ['method', 'POST'],
          ['host', 'localhost:2019'],
          ['uri', '/load'],
          ['remote_ip', '127.0.0.1'],
          ['remote_port', String(g.int(30000, 60000))],
          ['headers', { 'Content-Type': ['text/caddyfile'], 'User-Agent': ['Go-http-client/1.1'] }],
        ]),
        caddyRuntime(g, 'admin', constMessage('admin endpoint started'), [
          ['address', 'localhost:2019'],
          ['enforce_origin', false],
          ['origins', ['//localhost:2019', '//[::1]:2019', '//127.0.0.1:2019']],
        ]),
        caddyRuntime(
          g,
          'http.auto_https',
          constMessage(
            'server is listening only on the HTTPS port but has no TLS connection policies; adding one to enable TLS'
          ),
          [
            ['server_name', 'srv0'],
            ['https_port', 443],
          ]
        ),
        caddyRuntime(g, 'http', constMessage('enabling HTTP/3 listener'), [['addr', ':443']]),
        caddyRuntime(g, '', constMessage('autosaved config (load with --resume flag)'), [
          ['file', '/config/caddy/autosave.json'],
        ]),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 30. ClickHouse 24.3 server log (`clickhouse-server.log`): `yyyy.MM.dd HH:mm:ss.micro [ tid ]
// {query_id} <Level> Source: message`; queries, merges, system-log flushes, exceptions.

function chTime(g: Gen): string {
  const d = new Date(g.now);
  return `${d.getUTCFullYear()}.${p2(d.getUTCMonth() + 1)}.${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p6(d.getUTCMilliseconds() * 1000 + g.int(0, 999))}`;
}

function ch(g: Gen, tid: number, qid: string, level: string, msg: Made): Made {
  return cat(T`${v(chTime(g))} [ ${v(tid)} ] {${v(qid)}} <${level}> `, msg);
}

const CH_TABLES = ['analytics.events', 'analytics.sessions', 'shop.orders', 'system.query_log'];
const CH_USERS = ['default', 'grafana', 'etl'];
const chPart = (g: Gen) => {
  const a = g.int(1, 900);
  return `202406_${a}_${a + g.int(0, 40)}_${g.int(0, 4)}`;
};

function chQuery(g: Gen): Made[] {
  const tid = g.int(100, 9999);
  const qid = g.uuid();
  const from = `${g.privateIp()}:${g.int(30000, 60000)}`;
  const sql = g.pickSkewed([
    `SELECT count() FROM analytics.events WHERE event_date = today() AND event_type = '${g.pick(['click', 'view', 'purchase'])}'`,
    `SELECT toStartOfMinute(ts) AS t, count() FROM analytics.sessions WHERE ts > now() - INTERVAL ${g.int(1, 24)} HOUR GROUP BY t ORDER BY t`,
    `INSERT INTO analytics.events (event_date, ts, user_id, event_type, props) FORMAT RowBinary`,
    `SELECT * FROM shop.orders WHERE order_id = ${g.int(100000, 999999)}`,
  ]);
  const out = [
    ch(
      g,
      tid,
      '',
      'Debug',
      T`TCP-Session: ${v(g.uuid())} Authenticating user '${v(g.pickSkewed(CH_USERS))}' from ${v(from)}`
    ),
    ch(
      g,
      tid,
      qid,
      'Debug',
      T`executeQuery: (from ${v(from)}, user: ${v(g.pickSkewed(CH_USERS))}) ${v(sql)} (stage: ${v(g.chance(0.9) ? 'Complete' : 'WithMergeableState')})`
    ),
  ];
  if (sql.startsWith('INSERT')) {
    out.push(
      ch(
        g,
        tid,
        qid,
        'Debug',
        T`${v('analytics.events')} (${v(g.uuid())}): Wrote block with ID '${v(`202406_${g.hex(16)}_${g.hex(16)}`)}', ${v(g.int(100, 90000))} rows`
      )
    );
  } else {
    out.push(
      ch(
        g,
        tid,
        qid,
        'Debug',
        T`${v(g.pick(CH_TABLES.slice(0, 3)))} (${v(g.uuid())}) (SelectExecutor): Selected ${v(g.int(1, 40))}/${v(g.int(40, 90))} parts by partition key, ${v(g.int(1, 40))} parts by primary key, ${v(g.int(1, 4000))}/${v(g.int(4000, 9000))} marks by primary key, ${v(g.int(1, 4000))} marks to read from ${v(g.int(1, 60))} ranges`
      ),
      ch(
        g,
        tid,
        qid,
        'Information',
        T`executeQuery: Read ${v(g.int(1, 9e6))} rows, ${v(`${g.float(0.01, 900, 2)} ${g.pick(['KiB', 'MiB', 'GiB'])}`)} in ${v(g.float(0.001, 9, 6))} sec., ${v(g.int(1e4, 9e7))} rows/sec., ${v(`${g.float(1, 999, 2)} MiB`)}/sec.`
      )
    );
  }
  out.push(
    ch(
      g,
      tid,
      qid,
      'Debug',
      T`MemoryTracker: Peak memory usage (for query): ${v(`${g.float(0.1, 900, 2)} ${g.pick(['KiB', 'MiB'])}`)}.`
    ),
    ch(g, tid, '', 'Debug', T`TCPHandler: Processed in ${v(g.float(0.001, 9, 6))} sec.`)
  );
  return out;
}

function chFailed(g: Gen): Made[] {
  const tid = g.int(100, 9999);
  const qid = g.uuid();
  const from = `${g.privateIp()}:${g.int(30000, 60000)}`;
  const [code, text, name, sql] = g.pick([
    ['60', 'Table analytics.event does not exist', 'UNKNOWN_TABLE', 'SELECT * FROM analytics.event LIMIT 10'],
    [
      '47',
      "Missing columns: 'userid' while processing query: 'SELECT userid FROM analytics.sessions'",
      'UNKNOWN_IDENTIFIER',
      'SELECT userid FROM analytics.sessions',
    ],
    [
      '241',
      'Memory limit (for query) exceeded: would use 9.31 GiB (attempt to allocate chunk of 4194304 bytes), maximum: 9.31 GiB',
      'MEMORY_LIMIT_EXCEEDED',
      'SELECT user_id, groupArray(props) FROM analytics.events GROUP BY user_id',
    ],
  ]);
  return [
    ch(
      g,
      tid,
      qid,
      'Debug',
      T`executeQuery: (from ${v(from)}, user: ${v(g.pickSkewed(CH_USERS))}) ${v(sql)} (stage: ${v('Complete')})`
    ),
    ch(
      g,
      tid,
      qid,
      'Error',
      T`executeQuery: Code: ${v(code)}. DB::Exception: ${v(text)}. (${v(name)}) (version ${v('24.3.2.23 (official build)')}) (from ${v(from)}) (in query: ${v(sql)}), Stack trace (when copying this message, always include the lines below):`
    ),
    ch(
      g,
      tid,
      qid,
      'Error',
      T`TCPHandler: Code: ${v(code)}. DB::Exception: ${v(text)}. (${v(name)}), Stack trace (when copying this message, always include the lines below):`
    ),
  ];
}

function chMerge(g: Gen): Made[] {
  const tid = g.int(100, 9999);
  const table = g.pick(CH_TABLES);
  const uuid = g.uuid();
  const a = chPart(g);
  const b = chPart(g);
  const n = g.int(2, 12);
  return [
    ch(
      g,
      tid,
      '',
      'Debug',
      T`${v(table)} (${v(uuid)}) (MergerMutator): Selected ${v(n)} parts from ${v(a)} to ${v(b)}`
    ),
    ch(
      g,
      tid,
      '',
      'Debug',
      T`DiskLocal: Reserving ${v(`${g.float(0.01, 900, 2)} MiB`)} on disk \`${v('default')}\`, having unreserved ${v(`${g.float(10, 900, 2)} GiB`)}.`
    ),
    ch(
      g,
      tid,
      `${uuid}::${b}`,
      'Debug',
      T`MergeTask::PrepareStage: Merging ${v(n)} parts: from ${v(a)} to ${v(b)} into ${v(g.pick(['Compact', 'Wide']))} with storage ${v('Full')}`
    ),
    ch(
      g,
      tid,
      `${uuid}::${b}`,
      'Debug',
      T`MergeTask::MergeProjectionsStage: Merge sorted ${v(g.int(100, 9e6))} rows, containing ${v(g.int(3, 40))} columns (${v(g.int(3, 40))} merged, ${v(0)} gathered) in ${v(g.float(0.01, 30, 6))} sec., ${v(g.float(1e3, 9e6, 2))} rows/sec., ${v(`${g.float(1, 999, 2)} MiB`)}/sec.`
    ),
    ch(g, tid, `${uuid}::${b}`, 'Debug', T`MergedBlockOutputStream: filled checksums ${v(b)} (state Temporary)`),
  ];
}

const clickhouse: FormatSpec = {
  name: 'clickhouse',
  split: 'tuned',
  description:
    'ClickHouse 24.3 server log: queries (executeQuery, SelectExecutor, MemoryTracker), merges, system-log flushes, exceptions',
  tickMs: 500,
  templates: [
    { w: 30, make: chQuery },
    { w: 4, make: chFailed },
    { w: 10, make: chMerge },
    {
      w: 8,
      make: (g) => {
        const tid = g.int(100, 9999);
        const log = g.pick(['system.query_log', 'system.part_log', 'system.metric_log', 'system.trace_log']);
        const off = g.int(1000, 9e6);
        return [
          ch(
            g,
            tid,
            '',
            'Trace',
            T`SystemLog (${v(log)}): Flushing system log, ${v(g.int(1, 9000))} entries to flush up to offset ${v(off)}`
          ),
          ch(g, tid, '', 'Trace', T`SystemLog (${v(log)}): Flushed system log up to offset ${v(off)}`),
        ];
      },
    },
    {
      w: 4,
      make: (g) =>
        ch(
          g,
          g.int(100, 9999),
          '',
          'Information',
          T`${v(g.pick(CH_TABLES))} (${v(g.uuid())}): Removing ${v(g.int(1, 30))} parts from filesystem (serially): Parts: [${v(Array.from({ length: g.int(1, 3) }, () => chPart(g)).join(', '))}]`
        ),
    },
    {
      w: 3,
      make: (g) =>
        ch(
          g,
          g.int(100, 9999),
          '',
          'Warning',
          T`${v(g.pick(CH_TABLES))} (${v(g.uuid())}): Delaying inserting block by ${v(g.int(1, 900))} ms. because there are ${v(g.int(150, 299))} parts and their average size is ${v(`${g.float(1, 900, 2)} KiB`)}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        ch(
          g,
          g.int(100, 9999),
          '',
          'Information',
          T`Application: ${v(g.pick(['Listening for http://0.0.0.0:8123', 'Listening for native protocol (tcp): 0.0.0.0:9000', 'Listening for replica communication (interserver): http://0.0.0.0:9009']))}`
        ),
    },
  ],
};

export const ROUND4_FORMATS: readonly FormatSpec[] = [caddy, clickhouse, ...ROUND4_FORMATS_C, ...ROUND4_FORMATS_B];
