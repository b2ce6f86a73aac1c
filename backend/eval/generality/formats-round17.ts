// Generality set, round 17: formats written from their own documentation and real output before
// any miner change of round 17, and UNTOUCHED: their per-format scores are printed only by
// `eval:templates --untouched` (README.md). None of them is in LogHub or in rounds 1-16: Varnish's
// varnishlog, MySQL's slow query log, Logstash's own log, Filebeat's own JSON log (this file), Snort
// 3's alert_fast, Proxmox VE nodes via syslog and Sysmon for Linux (formats-round17b.ts).
//
// Truth conventions are README.md's: a template is one log statement, its parameters variables
// however few values they take; header fields are variables; a logger, program or level written in
// a text line is part of the statement; a record's field names are the statement and its values
// variables (JSON, a Ruby hash after a message, XML elements); a field that names its record
// (auditd's `type=`) stays constant; lines a printer writes over several lines one statement each.
import { Gen, T, v, jsonLine, USER_AGENTS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

// ---------------------------------------------------------------------------------------------
// 114. Varnish Cache 7.4 `varnishlog` (default vxid grouping) in front of a shop, from the vsl(7)
// tag reference and varnishlog output pasted in varnish-cache and user issues. Each transaction is
// a `*   << Request  >> vxid` header, one `-   Tag            value` record per line and a blank
// line after `End`. The VSL tag names its record (as auditd's `type=`) and the transaction kind
// names its header: both constant; every field of a tag's documented format is a parameter (the
// VCL method of `VCL_call`, the action of `VCL_return`, the label of a `Timestamp`, a header's
// name and value), and the vxid's padding after it belongs to it (its width varies).

const VTAG_W = 14;
const vrec = (tag: string, fields: Made): Made => cat(T`-   ${tag.padEnd(VTAG_W)} `, fields);
const vhead = (kind: string, vxid: number): Made => T`*   << ${kind.padEnd(8)} >> ${v(String(vxid).padEnd(10))}`;
const vend = (): Made[] => [T`-   ${'End'.padEnd(VTAG_W)} `, T``];
/** A `Timestamp` record; times in microseconds: absolute, since the transaction's start, since the last one. */
const usEpoch = (us: number) => `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;
const vts = (label: string, t0: number, prev: number, at: number) =>
  vrec('Timestamp', T`${v(label)}: ${v(usEpoch(at))} ${v(((at - t0) / 1e6).toFixed(6))} ${v(((at - prev) / 1e6).toFixed(6))}`);
const vhdr = (tag: string, name: string, value: string) => vrec(tag, T`${v(name)}: ${v(value)}`);
const vcall = (method: string, ret: string) => [vrec('VCL_call', T`${v(method)}`), vrec('VCL_return', T`${v(ret)}`)];

const SHOP_PATHS = ['/', '/products/', '/category/', '/static/css/app.', '/static/js/bundle.', '/api/cart', '/search?q=', '/img/p/'];
const shopUrl = (g: Gen) => {
  const p = g.pickSkewed(SHOP_PATHS);
  if (p === '/products/' || p === '/category/') return `${p}${g.pick(['garden-chair', 'oak-table', 'led-lamp', 'wool-rug', 'desk-fan', 'sofa-bed'])}-${g.int(100, 9999)}`;
  if (p.startsWith('/static/')) return `${p}${g.hex(8)}.${p.includes('css') ? 'css' : 'js'}`;
  if (p === '/search?q=') return `${p}${g.pick(['chair', 'lamp+led', 'rug', 'table+oak', 'fan'])}`;
  if (p === '/img/p/') return `${p}${g.int(1, 9)}/${g.int(100, 9999)}-large.webp`;
  return p;
};
/** Per-run state (a WeakMap on the run's Gen, so every run of a seed draws the same lines). */
const runState = new WeakMap<Gen, { vxid: number; db: string }>();
const stateOf = (g: Gen) => {
  let s = runState.get(g);
  if (!s) runState.set(g, (s = { vxid: 32768, db: '' }));
  return s;
};
/** A client request transaction: a hit, a miss (with its backend transaction), a pass, or a 503. */
function varnishReq(g: Gen, kind: 'hit' | 'miss' | 'pass' | 'fail'): Made[] {
  const st = stateOf(g);
  const sess = (st.vxid += g.int(3, 40));
  const req = sess + 1;
  const bereq = sess + 2;
  const t0 = g.now * 1000 + g.int(0, 999);
  let t = t0;
  /** Advances the clock (µs) and returns [previous, now] for a `Timestamp`. */
  const step = (us: number): [number, number] => [t, (t += us)];
  const client = g.chance(0.7) ? g.publicIp() : g.privateIp();
  const clientPort = g.int(1024, 65535);
  const objVxid = req - g.int(1000, 30000);
  const url = kind === 'pass' ? g.pick(['/api/cart', '/checkout', '/account/orders']) : shopUrl(g);
  const method = kind === 'pass' && url !== '/account/orders' ? g.pick(['POST', 'GET']) : 'GET';
  const out: Made[] = [vhead('Request', req), vrec('Begin', T`${v('req')} ${v(sess)} ${v('rxreq')}`), vts('Start', t0, t0, t0), vts('Req', t0, t0, t0)];
  out.push(vrec('VCL_use', T`${v('boot')}`), vrec('ReqStart', T`${v(client)} ${v(clientPort)} ${v('a0')}`));
  out.push(vrec('ReqMethod', T`${v(method)}`), vrec('ReqURL', T`${v(url)}`), vrec('ReqProtocol', T`${v(g.pick(['HTTP/1.1', 'HTTP/1.1', 'HTTP/2.0']))}`));
  out.push(vhdr('ReqHeader', 'Host', 'shop.example.com'), vhdr('ReqHeader', 'User-Agent', g.pickSkewed(USER_AGENTS)));
  const ae = g.chance(0.6) ? g.pick(['gzip, deflate, br', 'gzip, deflate, br, zstd', 'gzip']) : null;
  if (ae !== null) out.push(vhdr('ReqHeader', 'Accept-Encoding', ae));
  if (kind === 'pass' || g.chance(0.3)) out.push(vhdr('ReqHeader', 'Cookie', `session=${g.hex(32)}; _ga=GA1.2.${g.int(100000000, 999999999)}.${Math.floor(t0 / 1000) - g.int(0, 9e6)}`));
  out.push(vhdr('ReqHeader', 'X-Forwarded-For', client));
  if (kind === 'pass') {
    out.push(...vcall('RECV', 'pass'), ...vcall('HASH', 'lookup'), ...vcall('PASS', 'fetch'));
  } else {
    // the builtin VCL normalises Accept-Encoding to gzip before the lookup
    out.push(...vcall('RECV', 'hash'));
    if (ae !== null && ae !== 'gzip') out.push(vrec('ReqUnset', T`${v('Accept-Encoding')}: ${v(ae)}`), vhdr('ReqHeader', 'Accept-Encoding', 'gzip'));
    out.push(...vcall('HASH', 'lookup'));
  }
  if (kind === 'hit') {
    out.push(vrec('Hit', T`${v(objVxid)} ${v(g.float(1, 3600, 6))} ${v('10.000000')} ${v('0.000000')}`), ...vcall('HIT', 'deliver'));
  } else if (kind !== 'pass') {
    out.push(vrec('VCL_call', T`${v('MISS')}`), vrec('VCL_return', T`${v('fetch')}`));
  }
  if (kind !== 'hit') {
    out.push(vrec('Link', T`${v('bereq')} ${v(bereq)} ${v(kind === 'pass' ? 'pass' : 'fetch')}`), vts('Fetch', t0, ...step(g.int(3000, 900000))));
  }
  const status = kind === 'fail' ? 503 : g.chance(0.05) ? 404 : 200;
  const reason = status === 503 ? 'Backend fetch failed' : status === 404 ? 'Not Found' : 'OK';
  out.push(vrec('RespProtocol', T`${v('HTTP/1.1')}`), vrec('RespStatus', T`${v(status)}`), vrec('RespReason', T`${v(reason)}`));
  out.push(vhdr('RespHeader', 'Date', new Date(t0).toUTCString()), vhdr('RespHeader', 'Content-Type', url.endsWith('.css') ? 'text/css' : url.endsWith('.js') ? 'application/javascript' : url.endsWith('.webp') ? 'image/webp' : 'text/html; charset=utf-8'));
  out.push(vhdr('RespHeader', 'X-Varnish', kind === 'hit' ? `${req} ${objVxid}` : `${req}`), vhdr('RespHeader', 'Age', String(kind === 'hit' ? g.int(1, 3600) : 0)));
  out.push(vhdr('RespHeader', 'Via', '1.1 cache-01 (Varnish/7.4)'), ...vcall('DELIVER', 'deliver'), vts('Process', t0, ...step(g.int(10, 2000))));
  out.push(vhdr('RespHeader', 'Accept-Ranges', 'bytes'), vhdr('RespHeader', 'Connection', 'keep-alive'), vts('Resp', t0, ...step(g.int(20, 40000))));
  const body = status === 503 ? 278 : g.int(200, 180000);
  out.push(vrec('ReqAcct', T`${v(g.int(280, 900))} ${v(0)} ${v(g.int(280, 900))} ${v(g.int(300, 420))} ${v(body)} ${v(body + g.int(300, 420))}`), ...vend());
  if (g.chance(0.25)) {
    out.push(vhead('Session', sess), vrec('Begin', T`${v('sess')} ${v(0)} ${v('HTTP/1')}`));
    out.push(vrec('SessOpen', T`${v(client)} ${v(clientPort)} ${v('a0')} ${v('10.0.0.10')} ${v(80)} ${v(usEpoch(t0 - g.int(100, 900)))} ${v(g.int(18, 40))}`));
    out.push(vrec('Link', T`${v('req')} ${v(req)} ${v('rxreq')}`), vrec('SessClose', T`${v(g.pick(['REM_CLOSE', 'REM_CLOSE', 'RX_TIMEOUT', 'TX_EOF']))} ${v(g.float(0, 60, 3))}`), ...vend());
  }
  // a backend transaction ends (and is printed) before the client transaction that waited for it
  return kind === 'hit' ? out : [...varnishBereq(g, bereq, req, method, url, kind, t0), ...out];
}
function varnishBereq(g: Gen, bereq: number, req: number, method: string, url: string, kind: string, t0: number): Made[] {
  let t = t0 + g.int(20, 400);
  const at0 = t;
  const step = (us: number): [number, number] => [t, (t += us)];
  const out: Made[] = [vhead('BeReq', bereq), vrec('Begin', T`${v('bereq')} ${v(req)} ${v(kind === 'pass' ? 'pass' : 'fetch')}`), vrec('VCL_use', T`${v('boot')}`), vts('Start', at0, at0, at0)];
  out.push(vrec('BereqMethod', T`${v(method)}`), vrec('BereqURL', T`${v(url)}`), vrec('BereqProtocol', T`${v('HTTP/1.1')}`));
  out.push(vhdr('BereqHeader', 'Host', 'shop.example.com'), vhdr('BereqHeader', 'X-Varnish', String(bereq)), ...vcall('BACKEND_FETCH', 'fetch'));
  const backend = g.pick(['app1', 'app2', 'app3']);
  if (kind === 'fail') {
    out.push(vrec('FetchError', T`${v(g.pick([`backend ${backend}: fail errno 111 (Connection refused)`, `first byte timeout`, `backend ${backend}: unhealthy`]))}`));
    out.push(vts('Beresp', at0, ...step(g.int(50, 60000000))), vts('Error', at0, t, t), vrec('BerespProtocol', T`${v('HTTP/1.1')}`), vrec('BerespStatus', T`${v(503)}`), vrec('BerespReason', T`${v('Backend fetch failed')}`));
    out.push(...vcall('BACKEND_ERROR', 'deliver'), vrec('Storage', T`${v('malloc')} ${v('Transient')}`), vrec('Length', T`${v(278)}`), vrec('BereqAcct', T`${v(0)} ${v(0)} ${v(0)} ${v(0)} ${v(0)} ${v(0)}`), ...vend());
    return out;
  }
  const port = g.int(40000, 60999);
  const fd = g.int(20, 90);
  out.push(vrec('BackendOpen', T`${v(fd)} ${v(backend)} ${v(`10.0.2.${g.int(10, 13)}`)} ${v(8080)} ${v('10.0.0.10')} ${v(port)} ${v(g.pick(['reuse', 'reuse', 'connect']))}`));
  out.push(vts('Bereq', at0, ...step(g.int(20, 2000))), vts('Beresp', at0, ...step(g.int(2000, 800000))));
  out.push(vrec('BerespProtocol', T`${v('HTTP/1.1')}`), vrec('BerespStatus', T`${v(200)}`), vrec('BerespReason', T`${v('OK')}`), vhdr('BerespHeader', 'Cache-Control', kind === 'pass' ? 'private, no-store' : `public, max-age=${g.pick([300, 3600, 86400])}`));
  out.push(...vcall('BACKEND_RESPONSE', 'deliver'), vrec('Storage', T`${v('malloc')} ${v(kind === 'pass' ? 'Transient' : 's0')}`));
  out.push(vrec('Fetch_Body', T`${v(3)} ${v(g.pick(['length', 'chunked']))} ${v('stream')}`), vrec('BackendClose', T`${v(fd)} ${v(backend)} ${v('recycle')}`));
  const len = g.int(200, 180000);
  out.push(vts('BerespBody', at0, ...step(g.int(10, 30000))), vrec('Length', T`${v(len)}`), vrec('BereqAcct', T`${v(g.int(300, 700))} ${v(0)} ${v(g.int(300, 700))} ${v(g.int(200, 400))} ${v(len)} ${v(len + g.int(200, 400))}`), ...vend());
  return out;
}
const varnishlog: FormatSpec = {
  name: 'varnishlog',
  split: 'tuned',
  description: 'Varnish Cache 7.4 `varnishlog` (vxid grouping): `*   << Request  >> vxid` headers, `-   Tag            value` records (Begin, Timestamp, ReqURL, Req/Resp/Bereq/Beresp headers, VCL_call/VCL_return, Hit, Link, BackendOpen, FetchError, ReqAcct) and a blank line after `End`; hits, misses with their backend transactions, passes, 503s, sessions',
  tickMs: 4000,
  templates: [
    { w: 10, make: (g) => varnishReq(g, 'hit') },
    { w: 4, make: (g) => varnishReq(g, 'miss') },
    { w: 1.5, make: (g) => varnishReq(g, 'pass') },
    { w: 0.6, make: (g) => varnishReq(g, 'fail') },
  ],
};

// ---------------------------------------------------------------------------------------------
// 115. MySQL 8.0 slow query log (`long_query_time=1`, `log_slow_extra=OFF`), from the MySQL manual's
// slow-log page, Percona's improved-slow-log examples and slow logs pasted in issues: per entry
// `# Time:`, `# User@Host: user[user] @ host [ip]  Id: n` (a TCP client with skip-name-resolve
// prints no host: `@  [ip]`; a socket client `@ localhost []`: two layouts), `# Query_time: ...`,
// `use db;` when the schema changes, `SET timestamp=n;` and the statement followed by `;`. A query
// written with newlines continues raw on the next lines: each such line is a whole-line parameter
// (`<*>`), the last one `<*>;`. A restart writes the file's three header lines.

const SLOW_USERS: Array<[string, string]> = [['shop', 'shop'], ['shop', 'shop'], ['report', 'report'], ['etl', 'etl'], ['root', 'root']];
const SLOW_QUERIES: Array<(g: Gen) => string[]> = [
  (g) => [`SELECT * FROM orders WHERE customer_id = ${g.int(1, 99999)} ORDER BY created_at DESC LIMIT 20`],
  (g) => [`SELECT p.id, p.sku, p.title, p.price FROM products p JOIN product_tags t ON t.product_id = p.id WHERE t.tag IN ('${g.pick(['garden', 'kitchen', 'office', 'sale'])}', '${g.pick(['new', 'outdoor', 'wood'])}') ORDER BY p.updated_at DESC LIMIT ${g.pick([24, 48, 96])}`],
  (g) => [`UPDATE inventory SET reserved = reserved + ${g.int(1, 5)} WHERE sku = 'SKU-${g.int(10000, 99999)}' AND warehouse_id = ${g.int(1, 6)}`],
  (g) => [`DELETE FROM sessions WHERE expires_at < '${new Date(g.now - g.int(1, 30) * 86400000).toISOString().slice(0, 19).replace('T', ' ')}' LIMIT 10000`],
  (g) => [`SELECT COUNT(*) FROM order_items WHERE product_id = ${g.int(1, 40000)} AND created_at > NOW() - INTERVAL ${g.pick([7, 30, 90])} DAY`],
  (g) => [`INSERT INTO audit_log (user_id, action, payload, created_at) SELECT id, 'export', '{}', NOW() FROM users WHERE last_login > '2024-0${g.int(1, 5)}-01'`],
  (g) => [`SELECT c.email, SUM(o.total) AS spent FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.status = '${g.pick(['paid', 'shipped', 'refunded'])}' GROUP BY c.email HAVING spent > ${g.int(100, 5000)}`],
  (g) => [
    'SELECT DATE(o.created_at) AS day,',
    '       COUNT(DISTINCT o.id) AS orders,',
    '       SUM(oi.quantity * oi.unit_price) AS revenue',
    'FROM orders o',
    '  JOIN order_items oi ON oi.order_id = o.id',
    `WHERE o.created_at >= '2024-0${g.int(1, 6)}-01' AND o.status <> 'cancelled'`,
    'GROUP BY DATE(o.created_at)',
    'ORDER BY day',
  ],
  (g) => [
    'SELECT w.name, i.sku, i.on_hand, i.reserved',
    'FROM inventory i JOIN warehouses w ON w.id = i.warehouse_id',
    `WHERE i.on_hand - i.reserved < ${g.int(1, 20)}`,
  ],
];
const sqlTime = (g: Gen) => `${new Date(g.now).toISOString().slice(0, 23)}${p3(g.int(0, 999))}Z`;
function slowEntry(g: Gen): Made[] {
  const [user, login] = g.pickSkewed(SLOW_USERS);
  const socket = user === 'root';
  const id = g.int(8, 99999);
  const out: Made[] = [T`# Time: ${v(sqlTime(g))}`];
  const idPad = String(id).padStart(5);
  out.push(socket ? T`# User@Host: ${v(user)}[${v(login)}] @ localhost []  Id: ${v(idPad)}` : T`# User@Host: ${v(user)}[${v(login)}] @  [${v(`10.0.${g.int(1, 4)}.${g.int(2, 250)}`)}]  Id: ${v(idPad)}`);
  const qt = user === 'report' ? g.float(3, 180, 6) : g.float(1, 12, 6);
  const q = (user === 'report' ? g.pick(SLOW_QUERIES.slice(6)) : g.pick(SLOW_QUERIES.slice(0, 7)))(g);
  const sent = /^(UPDATE|DELETE|INSERT)/.test(q[0]) ? 0 : g.int(0, 5000);
  out.push(T`# Query_time: ${v(qt)}  Lock_time: ${v(g.float(0, 0.002, 6))} Rows_sent: ${v(sent)}  Rows_examined: ${v(g.int(5000, 9000000))}`);
  const db = user === 'report' ? 'shop_reporting' : 'shop';
  const st = stateOf(g);
  if (db !== st.db || g.chance(0.05)) {
    st.db = db;
    out.push(T`use ${v(db)};`);
  }
  out.push(T`SET timestamp=${v(Math.floor(g.now / 1000) - Math.floor(Number(qt)))};`);
  q.forEach((line, i) => out.push(i === q.length - 1 ? T`${v(line)};` : T`${v(line)}`));
  return out;
}
const mysqlSlowlog: FormatSpec = {
  name: 'mysql-slowlog',
  split: 'tuned',
  description: 'MySQL 8.0 slow query log: `# Time:`, `# User@Host:` (TCP and socket layouts), `# Query_time: .. Lock_time: .. Rows_sent: .. Rows_examined: ..`, `use db;`, `SET timestamp=n;` and the statement (multi-line reporting queries continue raw over lines), the header block a restart writes',
  tickMs: 20000,
  templates: [
    { w: 30, make: (g) => slowEntry(g) },
    {
      w: 0.4,
      make: (g) => {
        stateOf(g).db = '';
        return [
          T`/usr/sbin/mysqld, Version: ${v('8.0.36')} (${v('MySQL Community Server - GPL')}). started with:`,
          T`Tcp port: ${v(3306)}  Unix socket: ${v('/var/run/mysqld/mysqld.sock')}`,
          T`Time                 Id Command    Argument`,
        ];
      },
    },
  ],
};


// ---------------------------------------------------------------------------------------------
// 116. Logstash 8.14 `logstash-plain.log` (the default log4j2 pattern
// `[%d{ISO8601}][%-5p][%-25c]%notEmpty{[%X{pipeline.id}]}%notEmpty{[%X{plugin.id}]} %m%n`), a beats
// -> filters -> Elasticsearch pipeline, from Logstash issues and pull requests with pasted logs.
// The level and the padded logger are part of the statement; the pipeline and plugin ids are MDC
// header values (written only on pipeline and plugin threads). The Ruby hash after a message
// (`{:url=>"...", :exception=>...}`) follows the round-6 rule: its keys are the statement, each
// value a variable (a nested hash or an array one value). A value whose inspect holds a newline
// (Jackson's ` at [Source: ...]`) continues on the next line: that line is the value's rest and
// the hash's closing `}`. Netty's uncaught exceptions print the exception and frames line by line.

const lsTime = (g: Gen) => {
  const d = new Date(g.now);
  return `${d.toISOString().slice(0, 19)},${p3(d.getUTCMilliseconds())}`;
};
const PIPELINES = ['main', 'main', 'main', 'syslog'];
const plugin = (g: Gen, kind: string) => (g.chance(0.7) ? g.hex(64) : `${kind}-${g.pick(['logs', 'apps', 'audit'])}`);
function ls(g: Gen, level: string, logger: string, pipeline: string | null, pluginId: string | null, msg: Made): Made {
  return cat(
    T`[${v(lsTime(g))}][${level.padEnd(5)}][${logger.padEnd(25)}]`,
    pipeline === null ? T`` : T`[${v(pipeline)}]`,
    pluginId === null ? T`` : T`[${v(pluginId)}]`,
    T` `,
    msg
  );
}
/** A Ruby hash as Logstash inspects it: keys constant (`:url=>`, `"pipeline.id"=>`), values parameters. */
function rb(pairs: Array<[string, string | number]>): Made {
  return cat(T`{`, ...pairs.map(([k, val], i) => T`${i ? ', ' : ''}${k}=>${v(String(val))}`), T`}`);
}
const ES_URL = (g: Gen) => `https://logstash_writer:xxxxxx@es0${g.int(1, 3)}:9200/`;
const INDEXES = ['logs-app', 'logs-nginx', 'logs-audit', 'syslog'];
const INDEX_ERRORS: Array<(g: Gen, id: string) => [number, string]> = [
  (g, id) => [400, `{"index"=>{"status"=>400, "error"=>{"type"=>"document_parsing_exception", "reason"=>"[1:${g.int(80, 900)}] failed to parse field [${g.pick(['http.response.bytes', 'event.duration', 'user.id'])}] of type [long] in document with id '${id}'. Preview of field's value: '${g.pick(['-', 'n/a', 'unknown'])}'", "caused_by"=>{"type"=>"illegal_argument_exception", "reason"=>"For input string: \\"-\\""}}}}`],
  (g) => {
    const f = g.pick(['error', 'host', 'user']);
    return [400, `{"index"=>{"status"=>400, "error"=>{"type"=>"mapper_parsing_exception", "reason"=>"object mapping for [${f}] tried to parse field [${f}] as object, but found a concrete value"}}}`];
  },
  () => [403, `{"index"=>{"status"=>403, "error"=>{"type"=>"cluster_block_exception", "reason"=>"index [.ds-logs-app-2024.06.12-000031] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block; for more information, see https://ela.st/es-8-14-disk-usage-flood-stage-watermark];"}}}`],
  (g, id) => [409, `{"create"=>{"status"=>409, "error"=>{"type"=>"version_conflict_engine_exception", "reason"=>"[${id}]: version conflict, document already exists (current version [1])", "index_uuid"=>"${g.alnum(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}", "shard"=>"${g.int(0, 2)}", "index"=>".ds-logs-audit-2024.06.12-000004"}}}`],
];
const NETTY_FRAMES = [
  'sun.nio.ch.SocketDispatcher.read0(Native Method) ~[?:?]',
  'sun.nio.ch.SocketDispatcher.read(SocketDispatcher.java:47) ~[?:?]',
  'sun.nio.ch.IOUtil.readIntoNativeBuffer(IOUtil.java:330) ~[?:?]',
  'sun.nio.ch.IOUtil.read(IOUtil.java:284) ~[?:?]',
  'sun.nio.ch.SocketChannelImpl.read(SocketChannelImpl.java:425) ~[?:?]',
  'io.netty.buffer.PooledByteBuf.setBytes(PooledByteBuf.java:254) ~[netty-buffer-4.1.109.Final.jar:4.1.109.Final]',
  'io.netty.channel.socket.nio.NioSocketChannel.doReadBytes(NioSocketChannel.java:357) ~[netty-transport-4.1.109.Final.jar:4.1.109.Final]',
  'io.netty.channel.nio.AbstractNioByteChannel$NioByteUnsafe.read(AbstractNioByteChannel.java:151) [netty-transport-4.1.109.Final.jar:4.1.109.Final]',
  'io.netty.channel.nio.NioEventLoop.run(NioEventLoop.java:566) [netty-transport-4.1.109.Final.jar:4.1.109.Final]',
  'io.netty.util.concurrent.SingleThreadEventExecutor$4.run(SingleThreadEventExecutor.java:997) [netty-common-4.1.109.Final.jar:4.1.109.Final]',
  'java.lang.Thread.run(Thread.java:840) [?:?]',
];
const logstash: FormatSpec = {
  name: 'logstash',
  split: 'tuned',
  description: 'Logstash 8.14 `logstash-plain.log` (`[time][LEVEL][logger                   ][pipeline][plugin-id] message {:ruby=>hash}`): Elasticsearch indexing failures, dead/restored ES connections, retries, JSON filter and codec errors (a wrapped Jackson message), Ruby filter exceptions, Beats input connection resets with Netty frames line by line, restarts',
  tickMs: 5000,
  templates: [
    {
      w: 20,
      make: (g) => {
        const id = g.alnum(20, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-');
        const [status, response] = g.pick(INDEX_ERRORS)(g, id);
        const index = `${g.pickSkewed(INDEXES)}-2024.06.${p2(new Date(g.now).getUTCDate())}`;
        const action = `["${status === 409 ? 'create' : 'index'}", {:_id=>${status === 409 ? `"${id}"` : 'nil'}, :_index=>"${index}", :routing=>nil}, {"@timestamp"=>${new Date(g.now - g.int(0, 5000)).toISOString()}, "event"=>{"original"=>"${g.privateIp()} - - [${g.clf()}] \\"GET ${shopUrl(g)} HTTP/1.1\\" 200 ${g.int(200, 90000)}"}, "@version"=>"1", "tags"=>["beats_input_codec_plain_applied"]}]`;
        return ls(g, 'WARN', 'logstash.outputs.elasticsearch', g.pick(PIPELINES), plugin(g, 'es'), T`Could not index event to Elasticsearch. status: ${v(status)}, action: ${v(action)}, response: ${v(response)}`);
      },
    },
    {
      w: 4,
      make: (g) => {
        const raw = g.pick(['<html><head><title>502 Bad Gateway</title></head>', `{"level":"info","msg":"request done","latency_ms":${g.int(1, 900)}`, `time="${new Date(g.now).toISOString()}" level=info msg="started"`]);
        const err = raw.startsWith('<') ? "Unexpected character ('<' (code 60)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" : raw.startsWith('{') ? 'Unexpected end-of-input: expected close marker for Object (start marker at [Source: (byte[])"' + raw.slice(0, 12) + '"; line: 1, column: 1])' : "Unrecognized token 'time': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
        const q = JSON.stringify(raw);
        return [
          ls(g, 'WARN', 'logstash.filters.json', 'main', plugin(g, 'json'), T`Error parsing json {:source=>${v('"message"')}, :raw=>${v(q)}, :exception=>${v(`#<LogStash::Json::ParserError: ${err}`)}`),
          T`${v(` at [Source: (byte[])${q}; line: 1, column: ${g.int(1, raw.length + 1)}]>`)}}`,
        ];
      },
    },
    {
      w: 2,
      make: (g) => {
        const raw = `{"ts":${Math.floor(g.now / 1000)},"level":"${g.pick(['info', 'warn'])}","msg":"${g.pick(['cache refreshed', 'job queued', 'request done'])}"`;
        return ls(g, 'WARN', 'logstash.codecs.json', 'syslog', plugin(g, 'tcp'), cat(T`JSON parse error, original data now in message field `, rb([[':message', JSON.stringify(`Unexpected end-of-input: expected close marker for Object (start marker at [Source: (byte[])"${raw}"; line: 1, column: 1])\n at [Source: (byte[])"${raw}"; line: 1, column: ${raw.length + 1}]`)], [':exception', 'LogStash::Json::ParserError'], [':data', JSON.stringify(raw)]])));
      },
    },
    {
      w: 2.5,
      make: (g) => {
        const err = g.pick(["undefined method `split' for nil:NilClass", "undefined method `[]' for nil:NilClass", 'no implicit conversion of nil into String']);
        const cls = err.startsWith('undefined') ? 'NoMethodError' : 'TypeError';
        const bt = `["(ruby filter code):${g.int(2, 9)}:in \`block in filter_method'", "/usr/share/logstash/vendor/bundle/jruby/3.1.0/gems/logstash-filter-ruby-3.1.8/lib/logstash/filters/ruby.rb:96:in \`inline_script'", "/usr/share/logstash/vendor/bundle/jruby/3.1.0/gems/logstash-filter-ruby-3.1.8/lib/logstash/filters/ruby.rb:89:in \`filter'"]`;
        return ls(g, 'ERROR', 'logstash.filters.ruby', 'main', plugin(g, 'ruby'), cat(T`Ruby exception occurred: ${v(err)} `, rb([[':class', `"${cls}"`], [':backtrace', bt]])));
      },
    },
    {
      w: 3,
      make: (g) => {
        const local = `10.0.3.${g.int(4, 6)}:5044`;
        const remote = `${g.privateIp()}:${g.int(32768, 60999)}`;
        const pid = plugin(g, 'beats');
        const reset = g.chance(0.7);
        const exc = reset ? 'java.net.SocketException: Connection reset' : 'io.netty.handler.codec.DecoderException: org.logstash.beats.InvalidFrameProtocolException: Invalid version of beats protocol: 69';
        const out: Made[] = [ls(g, 'INFO', 'org.logstash.beats.BeatsHandler', 'main', pid, T`[local: ${v(local)}, remote: ${v(remote)}] Handling exception: ${v(reset ? 'java.net.SocketException: Connection reset' : 'org.logstash.beats.InvalidFrameProtocolException: Invalid version of beats protocol: 69')} (caused by: ${v(reset ? 'java.net.SocketException: Connection reset' : 'org.logstash.beats.InvalidFrameProtocolException: Invalid version of beats protocol: 69')})`)];
        if (g.chance(0.6)) {
          out.push(ls(g, 'WARN', 'io.netty.channel.DefaultChannelPipeline', 'main', pid, T`An exceptionCaught() event was fired, and it reached at the tail of the pipeline. It usually means the last handler in the pipeline did not handle the exception.`));
          const i = exc.indexOf(': ');
          out.push(T`${v(exc.slice(0, i))}: ${v(exc.slice(i + 2))}`);
          // log4j2 prints every frame; a reset's trace starts in the JDK, a decoder error's in Netty
          for (const f of NETTY_FRAMES.slice(reset ? 0 : 5)) out.push(T`\tat ${v(f)}`);
        }
        return out;
      },
    },
    {
      w: 1.2,
      make: (g) => {
        const url = ES_URL(g);
        const host = url.slice(url.indexOf('@') + 1, url.lastIndexOf(':'));
        const err = `Elasticsearch Unreachable: [https://${host}:9200/][Manticore::SocketException] Connect to ${host}:9200 [${host}/10.0.4.${g.int(11, 13)}] failed: Connection refused`;
        const pl = g.pick(PIPELINES);
        return [
          ls(g, 'WARN', 'logstash.outputs.elasticsearch', pl, null, cat(T`Attempted to resurrect connection to dead ES instance, but got an error `, rb([[':url', JSON.stringify(url)], [':exception', 'LogStash::Outputs::ElasticSearch::HttpClient::Pool::HostUnreachableError'], [':message', JSON.stringify(err)]]))),
          ls(g, 'ERROR', 'logstash.outputs.elasticsearch', pl, plugin(g, 'es'), cat(T`Attempted to send a bulk request but there are no living connections in the pool (perhaps Elasticsearch is unreachable or down?) `, rb([[':message', '"No Available connections"'], [':exception', 'LogStash::Outputs::ElasticSearch::HttpClient::Pool::NoConnectionAvailableError'], [':will_retry_in_seconds', g.pick([2, 4, 8, 16, 32, 64])]]))),
        ];
      },
    },
    { w: 1.2, make: (g) => ls(g, 'WARN', 'logstash.outputs.elasticsearch', g.pick(PIPELINES), null, cat(T`Restored connection to ES instance `, rb([[':url', JSON.stringify(ES_URL(g))]]))) },
    {
      w: 1.5,
      make: (g) =>
        ls(g, 'INFO', 'logstash.outputs.elasticsearch', g.pick(PIPELINES), plugin(g, 'es'), cat(T`Retrying failed action `, rb([[':status', 429], [':action', `["index", {:_id=>nil, :_index=>"${g.pickSkewed(INDEXES)}-2024.06.${p2(new Date(g.now).getUTCDate())}", :routing=>nil}, {"message"=>"${g.pick(['GET /healthz 200', 'user login ok', 'cache miss'])}", "@version"=>"1"}]`], [':error', `{"type"=>"es_rejected_execution_exception", "reason"=>"rejected execution of coordinating operation [coordinating_and_primary_bytes=${g.int(100000000, 200000000)}, replica_bytes=0, all_bytes=${g.int(100000000, 200000000)}, coordinating_operation_bytes=${g.int(100000, 9000000)}, max_coordinating_and_primary_bytes=214748364]"}`]]))),
    },
    { w: 0.6, make: (g) => ls(g, 'INFO', 'logstash.outputs.elasticsearch', g.pick(PIPELINES), null, cat(T`Elasticsearch pool URLs updated `, rb([[':changes', `{:removed=>[], :added=>[${ES_URL(g)}]}`]]))) },
    {
      w: 0.3,
      make: (g) => [
        ls(g, 'WARN', 'logstash.runner', null, null, T`SIGTERM received. Shutting down.`),
        ls(g, 'INFO', 'logstash.javapipeline', 'main', null, cat(T`Pipeline terminated `, rb([['"pipeline.id"', '"main"']]))),
        ls(g, 'INFO', 'logstash.runner', null, null, T`Logstash shut down.`),
        ls(g, 'INFO', 'logstash.runner', null, null, T`Log4j configuration path used is: ${v('/usr/share/logstash/config/log4j2.properties')}`),
        ls(g, 'INFO', 'logstash.runner', null, null, cat(T`Starting Logstash `, rb([['"logstash.version"', '"8.14.1"'], ['"jruby.version"', '"jruby 9.4.7.0 (3.1.4) 2024-04-29 597ff08ac1 OpenJDK 64-Bit Server VM 17.0.11+9 on 17.0.11+9 +indy +jit [x86_64-linux]"']]))),
        ls(g, 'INFO', 'logstash.agent', null, null, cat(T`Successfully started Logstash API endpoint `, rb([[':port', 9600], [':ssl_enabled', 'false']]))),
        ls(g, 'INFO', 'logstash.javapipeline', 'main', null, cat(T`Starting pipeline `, rb([[':pipeline_id', '"main"'], ['"pipeline.workers"', 4], ['"pipeline.batch.size"', 125], ['"pipeline.batch.delay"', 50], ['"pipeline.max_inflight"', 500], ['"pipeline.sources"', '["/usr/share/logstash/pipeline/logstash.conf"]'], [':thread', `"#<Thread:0x${g.hex(8)} /usr/share/logstash/logstash-core/lib/logstash/java_pipeline.rb:134 run>"`]]))),
        ls(g, 'INFO', 'logstash.javapipeline', 'main', null, cat(T`Pipeline Java execution initialization time `, rb([['"seconds"', g.float(0.4, 1.5, 2)]]))),
        ls(g, 'INFO', 'logstash.inputs.beats', 'main', null, cat(T`Starting input listener `, rb([[':address', '"0.0.0.0:5044"']]))),
        ls(g, 'INFO', 'logstash.javapipeline', 'main', null, cat(T`Pipeline started `, rb([['"pipeline.id"', '"main"']]))),
        ls(g, 'INFO', 'logstash.agent', null, null, cat(T`Pipelines running `, rb([[':count', 2], [':running_pipelines', '[:main, :syslog]'], [':non_running_pipelines', '[]']]))),
        ls(g, 'INFO', 'org.logstash.beats.Server', 'main', plugin(g, 'beats'), T`Starting server on port: ${v(5044)}`),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 117. Filebeat 8.14 as a Kubernetes DaemonSet, its own log on stderr (ECS JSON: `log.level`,
// `@timestamp`, `log.logger`, a nested `log.origin` {function, file.name, file.line}, `message`,
// `service.name`, the call's fields, `ecs.version`), from elastic/beats issues and pull requests
// with pasted logs and the "metrics in logs" doc page. Structured rule: the message's template and
// the key set are the statement; every other value (nested objects: `log.origin`, `monitoring`)
// one variable.

const FB_ORIGIN = (fn: string, file: string, line: number) => ({ function: `github.com/elastic/beats/v7/${fn}`, 'file.name': file, 'file.line': line });
function fb(g: Gen, level: string, logger: string, origin: object, msg: Made, extra: Array<[string, unknown]> = []): Made {
  const ts = new Date(g.now).toISOString();
  return jsonLine(
    [['log.level', level], ['@timestamp', ts], ['log.logger', logger], ['log.origin', origin], ['message', null], ['service.name', 'filebeat'], ...extra, ['ecs.version', '1.6.0']],
    'message',
    msg
  );
}
const PODS = ['checkout-7d9f8b6c4-x2k9p', 'cart-5c8d7f9b6-q7w2z', 'search-6b7c8d9f5-m4n8r', 'ingress-nginx-controller-7fd8c9d6b-9jt5k', 'coredns-76f75df574-2hbxl', 'payments-84c6f9d7b-zt6qv'];
const containerLog = (g: Gen) => {
  const pod = g.pick(PODS);
  const ns = pod.startsWith('ingress') ? 'ingress-nginx' : pod.startsWith('coredns') ? 'kube-system' : 'shop';
  return `/var/log/containers/${pod}_${ns}_${pod.split('-')[0]}-${g.hex(64)}.log`;
};
const osId = (g: Gen) => `${g.int(100000, 9999999)}-${g.pick([2049, 66305, 64768])}`;
const ES_BACKOFF = (g: Gen) => `backoff(elasticsearch(https://es0${g.int(1, 3)}.logging.svc:9200))`;
const filebeat: FormatSpec = {
  name: 'filebeat-json',
  split: 'tuned',
  description: 'Filebeat 8.14 DaemonSet, its own ECS JSON log (`log.level`, `@timestamp`, `log.logger`, nested `log.origin`, `message`, `service.name`, call fields, `ecs.version`): 30 s metrics snapshots (nested `monitoring`), container harvesters started and closed, filestream readers closed and truncated files, Elasticsearch connection failures and reconnects, dropped events, autodiscover runner errors, start-up',
  tickMs: 6000,
  templates: [
    {
      w: 7,
      make: (g) => {
        const acked = g.int(200, 60000);
        const metrics = {
          beat: { cgroup: { memory: { mem: { usage: { bytes: g.int(80e6, 300e6) } } } }, cpu: { system: { ticks: g.int(1e5, 9e5), time: { ms: g.int(10, 900) } }, total: { ticks: g.int(1e6, 9e6), time: { ms: g.int(50, 3000) }, value: g.int(1e6, 9e6) }, user: { ticks: g.int(1e6, 8e6), time: { ms: g.int(40, 2000) } } }, handles: { limit: { hard: 1048576, soft: 1048576 }, open: g.int(20, 90) }, info: { ephemeral_id: g.uuid(), uptime: { ms: g.int(1e6, 9e8) }, version: '8.14.1' }, memstats: { gc_next: g.int(4e7, 9e7), memory_alloc: g.int(2e7, 8e7), memory_total: g.int(1e10, 9e11), rss: g.int(1e8, 3e8) }, runtime: { goroutines: g.int(90, 400) } },
          filebeat: { events: { active: g.int(0, 4200), added: acked + g.int(0, 300), done: acked }, harvester: { open_files: g.int(8, 60), running: g.int(8, 60) } },
          libbeat: { config: { module: { running: g.int(8, 60) } }, output: { events: { acked, active: g.int(0, 1600), batches: g.int(2, 60), total: acked + g.int(0, 50) }, read: { bytes: g.int(1000, 90000) }, write: { bytes: g.int(1e5, 6e7) } }, pipeline: { clients: g.int(8, 60), events: { active: g.int(0, 4200), published: acked, total: acked }, queue: { acked } } },
          registrar: { states: { current: g.int(40, 300) } },
          system: { load: { 1: Number(g.float(0, 8, 2)), 15: Number(g.float(0, 8, 2)), 5: Number(g.float(0, 8, 2)), norm: { 1: Number(g.float(0, 1, 4)), 15: Number(g.float(0, 1, 4)), 5: Number(g.float(0, 1, 4)) } } },
        };
        return fb(g, 'info', 'monitoring', FB_ORIGIN('libbeat/monitoring/report/log.(*reporter).logSnapshot', 'log/log.go', 187), T`Non-zero metrics in the last 30s`, [['monitoring', { metrics }]]);
      },
    },
    {
      w: 6,
      make: (g) => {
        const path = containerLog(g);
        const os = osId(g);
        return fb(g, 'info', 'input.harvester', FB_ORIGIN('filebeat/input/log.(*Harvester).Run', 'log/harvester.go', 310), T`Harvester started for paths: [${v(`/var/log/containers/*${path.slice(-68)}`)}]`, [['input_id', g.uuid()], ['source', path], ['state_id', `native::${os}`], ['finished', false], ['os_id', os], ['harvester_id', g.uuid()]]);
      },
    },
    {
      w: 5,
      make: (g) => {
        const path = containerLog(g);
        const os = osId(g);
        return fb(g, 'info', 'input.harvester', FB_ORIGIN('filebeat/input/log.(*Harvester).Run', 'log/harvester.go', 336), T`File is inactive. Closing because close_inactive of ${v('5m0s')} reached.`, [['input_id', g.uuid()], ['source', path], ['state_id', `native::${os}`], ['finished', false], ['os_id', os], ['old_source', path], ['old_finished', true], ['old_os_id', os], ['harvester_id', g.uuid()]]);
      },
    },
    {
      w: 2.5,
      make: (g) => {
        const path = `/var/log/nginx/${g.pick(['access.log', 'error.log', 'access.log.1'])}`;
        const os = osId(g);
        return fb(g, 'info', 'input.filestream', FB_ORIGIN('filebeat/input/filestream.(*filestream).readFromSource', 'filestream/input.go', 321), T`Reader was closed. Closing.`, [['id', 'host-nginx'], ['source_file', `filestream::host-nginx::native::${os}`], ['path', path], ['state-id', `native::${os}`]]);
      },
    },
    {
      w: 0.8,
      make: (g) => {
        const path = `/var/log/nginx/${g.pick(['access.log', 'error.log'])}`;
        const os = osId(g);
        return fb(g, 'info', 'input.filestream', FB_ORIGIN('filebeat/input/filestream.(*fileProspector).onFSEvent', 'filestream/prospector.go', 243), T`File was truncated. Reading file from offset 0. Path=${v(path)}`, [['id', 'host-nginx'], ['source_file', `filestream::host-nginx::native::${os}`], ['operation', 'truncate'], ['source_name', `native::${os}`], ['os_id', os], ['new_path', path], ['old_path', path]]);
      },
    },
    {
      w: 1.2,
      make: (g) => {
        const b = ES_BACKOFF(g);
        const host = b.slice(b.indexOf('//') + 2, b.indexOf(':9200'));
        const err = g.pick([`Get "https://${host}:9200": dial tcp 10.0.4.${g.int(11, 13)}:9200: connect: connection refused`, `Get "https://${host}:9200": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, `Get "https://${host}:9200": dial tcp: lookup ${host} on 10.96.0.10:53: no such host`]);
        return [
          fb(g, 'error', 'publisher_pipeline_output', FB_ORIGIN('libbeat/publisher/pipeline.(*netClientWorker).run', 'pipeline/client_worker.go', 148), T`Failed to connect to ${v(b)}: ${v(err)}`),
          fb(g, 'info', 'publisher_pipeline_output', FB_ORIGIN('libbeat/publisher/pipeline.(*netClientWorker).run', 'pipeline/client_worker.go', 139), T`Attempting to reconnect to ${v(b)} with ${v(g.int(1, 40))} reconnect attempt(s)`),
        ];
      },
    },
    {
      w: 0.8,
      make: (g) => {
        const b = ES_BACKOFF(g);
        return [
          fb(g, 'info', 'publisher_pipeline_output', FB_ORIGIN('libbeat/publisher/pipeline.(*netClientWorker).run', 'pipeline/client_worker.go', 147), T`Connecting to ${v(b)}`),
          fb(g, 'info', 'esclientleg', FB_ORIGIN('libbeat/esleg/eslegclient.(*Connection).Connect', 'eslegclient/connection.go', 304), T`Attempting to connect to Elasticsearch version ${v('8.14.1')} (default)`),
          fb(g, 'info', 'publisher_pipeline_output', FB_ORIGIN('libbeat/publisher/pipeline.(*netClientWorker).run', 'pipeline/client_worker.go', 145), T`Connection to ${v(b)} established`),
        ];
      },
    },
    { w: 1.5, make: (g) => fb(g, 'warn', 'elasticsearch', FB_ORIGIN('libbeat/outputs/elasticsearch.(*Client).bulkCollectPublishFails', 'elasticsearch/client.go', 454), T`Failed to index ${v(g.int(1, 40))} events in last 10s: events were dropped! Look at the event log to view the event and cause.`) },
    {
      w: 0.7,
      make: (g) => {
        const path = containerLog(g);
        const os = osId(g);
        const state = `{Id: native::${os}, Finished: false, Fileinfo: &{${path.split('/').pop()} ${g.int(1000, 9e6)} 416 {${g.int(100000000, 999999999)} ${g.int(1e10, 9e10)} 0x${g.hex(7)}} {${g.int(2049, 2049)} ${os.split('-')[0]} 1 33184 0 0 0 0 ${g.int(1000, 9e6)} 4096 ${g.int(8, 9000)} {${Math.floor(g.now / 1000) - g.int(0, 9000)} ${g.int(0, 999999999)}}}}, Source: ${path}, Offset: ${g.int(0, 9e6)}, Timestamp: ${new Date(g.now - g.int(1000, 60000)).toISOString()}, TTL: -1ns, Type: container, Meta: map[stream:${g.pick(['stdout', 'stderr'])}], FileStateOS: ${os}}`;
        return fb(g, 'error', 'autodiscover', FB_ORIGIN('libbeat/autodiscover.(*Autodiscover).handleStart', 'autodiscover/autodiscover.go', 209), T`Error creating runner from config: Can only start an input when all related states are finished: ${v(state)}`);
      },
    },
    {
      w: 0.2,
      make: (g) => [
        fb(g, 'info', 'instance', FB_ORIGIN('libbeat/cmd/instance.(*Beat).configure', 'instance/beat.go', 811), T`Home path: [${v('/usr/share/filebeat')}] Config path: [${v('/usr/share/filebeat')}] Data path: [${v('/usr/share/filebeat/data')}] Logs path: [${v('/usr/share/filebeat/logs')}]`),
        fb(g, 'info', 'instance', FB_ORIGIN('libbeat/cmd/instance.(*Beat).configure', 'instance/beat.go', 819), T`Beat ID: ${v(g.uuid())}`),
        fb(g, 'info', 'add_cloud_metadata', FB_ORIGIN('libbeat/processors/add_cloud_metadata.(*addCloudMetadata).init.func1', 'add_cloud_metadata/add_cloud_metadata.go', 104), T`add_cloud_metadata: hosting provider type detected as ${v('aws')}, metadata=${v(`{"account":{"id":"123456789012"},"availability_zone":"eu-west-1${g.pick(['a', 'b', 'c'])}","image":{"id":"ami-0${g.hex(16)}"},"instance":{"id":"i-0${g.hex(16)}"},"machine":{"type":"m6i.xlarge"},"provider":"aws","region":"eu-west-1","service":{"name":"EC2"}}`)}`),
        fb(g, 'info', 'crawler', FB_ORIGIN('filebeat/beater.(*crawler).Start', 'beater/crawler.go', 117), T`Loading and starting Inputs completed. Enabled inputs: ${v(1)}`),
      ],
    },
  ],
};

export const ROUND17_FORMATS_A: readonly FormatSpec[] = [varnishlog, mysqlSlowlog, logstash, filebeat];
