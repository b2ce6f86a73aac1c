// Generality set, round 7 (part 2 of 2): an AWS Application Load Balancer's access log and SQL
// Server's ERRORLOG. Written before any round-7 miner change; untouched in round 7, tuned from round 8 on (see
// formats-round7.ts).
import { Gen, T, v, USER_AGENTS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------------------------
// 48. AWS ALB access log (the documented field order, as the files in S3 hold them): type, time,
// elb, client:port, target:port, three processing times, ELB and target status, bytes, the quoted
// request line, user agent, TLS cipher and protocol, target group ARN, trace id, SNI domain,
// certificate ARN, rule priority, creation time, actions, redirect URL, error reason, target
// lists, classification (desync mitigation), conn_trace_id. One template per request method (the
// access-log convention); `-` for what a request did not have (no target on a 460/502, no TLS on
// `http`); a request the ALB could not parse is logged with `"- <url>- "` as its request line.

const ALB = 'app/shop-prod-alb/50dc6c495c0c9188';
const TG = [
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-web/73e2d6bc24d8a067',
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-api/2e1f4b0c9d8a7765',
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-static/9b8c7d6e5f4a3b21',
];
const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/3f8e2a1b-7c6d-4e5f-9a0b-1c2d3e4f5a6b';
const HOSTS = ['shop.example.com', 'api.shop.example.com', 'static.shop.example.com'];
const albPath = (g: Gen) =>
  g.pickSkewed([
    `/api/v2/products/${g.int(1, 9999)}`,
    `/api/v2/cart/${g.uuid()}`,
    '/',
    `/static/js/main.${g.hex(8)}.js`,
    `/search?q=${g.pick(['shoes', 'red+dress', 'bag', 'hat'])}&page=${g.int(1, 9)}`,
    '/api/v2/checkout',
    `/images/p/${g.int(1, 9999)}_${g.pick(['s', 'm', 'l'])}.webp`,
  ]);

function albTimes(g: Gen, failed: boolean): string {
  return failed ? `${g.float(0, 0.002, 3)} -1 -1` : `${g.float(0, 0.002, 3)} ${g.float(0.001, 1.8, 3)} ${g.float(0, 0.001, 3)}`;
}

function albLine(g: Gen, method: string | null): Made {
  const type = g.pickSkewed(['https', 'https', 'h2', 'http', 'wss']);
  const tls = type === 'http' ? '- -' : `${g.pick(['ECDHE-RSA-AES128-GCM-SHA256', 'TLS_AES_128_GCM_SHA256', 'ECDHE-RSA-AES256-GCM-SHA384'])} ${g.pick(['TLSv1.2', 'TLSv1.3'])}`;
  const failed = g.chance(0.06);
  const status = failed ? g.pick(['502', '504', '460']) : String(g.pickSkewed([200, 200, 200, 304, 201, 301, 404, 403, 500]));
  const target = failed && status === '460' ? '-' : `${g.privateIp()}:${g.pick([80, 8080, 3000])}`;
  const host = g.pickSkewed(HOSTS);
  const scheme = type === 'http' ? 'http' : 'https';
  const port = type === 'http' ? 80 : 443;
  const ts = new Date(g.now).toISOString().replace(/\.(\d{3})Z$/, (_, m: string) => `.${m}${String(g.int(0, 999)).padStart(3, '0')}Z`);
  const created = new Date(g.now - g.int(1, 1900)).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  const proto = type === 'h2' ? 'HTTP/2.0' : 'HTTP/1.1';
  const action = g.pickSkewed(['forward', 'forward', 'waf,forward', 'redirect', 'fixed-response']);
  const head = T`${v(type)} ${v(ts)} ${v(ALB)} ${v(`${g.publicIp()}:${g.int(1024, 65535)}`)} ${v(target)} ${v(albTimes(g, failed))} ${v(status)} ${v(failed ? '-' : status)} ${v(g.int(30, 4000))} ${v(g.int(0, 90000))} `;
  const request =
    method === null
      ? T`"- ${v(`${scheme}://${host}:${port}`)}- " `
      : T`"${method} ${v(`${scheme}://${host}:${port}${albPath(g)}`)} ${v(proto)}" `;
  const rest = T`"${v(g.pickSkewed(USER_AGENTS))}" ${v(tls)} ${v(target === '-' ? '-' : g.pick(TG))} "${v(`Root=1-${g.hex(8)}-${g.hex(24)}`)}" "${v(type === 'http' ? '-' : host)}" "${v(type === 'http' ? '-' : CERT)}" ${v(g.pick(['0', '1', '5', '10', '-1']))} ${v(created)} "${v(action)}" "${v(action === 'redirect' ? `https://${host}:443${albPath(g)}` : '-')}" "${v(failed ? g.pick(['TargetConnectionError', 'TargetResponseError', 'TargetTimeout']) : '-')}" "${v(target)}" "${v(failed ? '-' : status)}" "${v(g.chance(0.9) ? '-' : 'Acceptable')}" "${v(g.chance(0.9) ? '-' : 'HeaderContainsSpace')}" ${v(`TID_${g.hex(32)}`)}`;
  return cat(head, request, rest);
}

const awsAlb: FormatSpec = {
  name: 'aws-alb',
  split: 'tuned',
  description:
    "AWS Application Load Balancer access log (documented field order, 30 fields): http/https/h2/wss, forwards, redirects, WAF, 460/502/504 without targets, unparsable requests",
  tickMs: 300,
  templates: [
    { w: 60, make: (g) => albLine(g, 'GET') },
    { w: 16, make: (g) => albLine(g, 'POST') },
    { w: 5, make: (g) => albLine(g, 'PUT') },
    { w: 4, make: (g) => albLine(g, 'DELETE') },
    { w: 3, make: (g) => albLine(g, 'HEAD') },
    { w: 3, make: (g) => albLine(g, 'OPTIONS') },
    { w: 1, make: (g) => albLine(g, null) },
  ],
};

// ---------------------------------------------------------------------------------------------
// 49. SQL Server 2022 on Linux, `/var/opt/mssql/log/errorlog`: `date time.cc source message`, the
// source column padded to 12 (`spid52`, `spid12s` for system sessions, `Logon`, `Backup`,
// `Server`): a header field, a variable like a pid. Error lines (`Error: 18456, Severity: 14,
// State: 8.`) precede their message line; logins, backups, slow I/O, autogrow, kills, DBCC,
// AppDomain unloads, recovery.

function msTime(g: Gen): string {
  const d = new Date(g.now);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p2(Math.floor(d.getUTCMilliseconds() / 10))}`;
}
function ms(g: Gen, source: string, msg: Made): Made {
  return cat(T`${v(msTime(g))} ${v(source.padEnd(12))}`, msg);
}
const spid = (g: Gen) => `spid${g.int(51, 140)}`;
const sysSpid = (g: Gen) => `spid${g.int(9, 48)}s`;
const DBS = ['shop', 'shop', 'reports', 'identity', 'msdb'];
const LOGINS = ['sa', 'shop_app', 'reporting', 'CORP\\svc-etl', 'admin'];
const LOGIN_REASONS: Array<[number, string]> = [
  [8, 'Password did not match that for the login provided.'],
  [5, 'Could not find a login matching the name provided.'],
  [38, "Failed to open the explicitly specified database 'shop_archive'."],
  [7, 'The account is disabled.'],
];
const INFO = 'This is an informational message only. No user action is required.';
const lsn = (g: Gen) => `${g.int(100, 9999)}:${g.int(100, 99999)}:${g.int(1, 40)}`;

const mssql: FormatSpec = {
  name: 'mssql-errorlog',
  split: 'tuned',
  description:
    'SQL Server 2022 on Linux ERRORLOG: failed logins (Error/Severity/State then the reason), database and log backups, long I/O, autogrow, kills, DBCC CHECKDB, AppDomain unloads, recovery',
  tickMs: 4000,
  templates: [
    {
      w: 26,
      make: (g) => {
        const [state, reason] = g.pickSkewed(LOGIN_REASONS);
        return [
          ms(g, 'Logon', T`Error: ${v(18456)}, Severity: ${v(14)}, State: ${v(state)}.`),
          ms(g, 'Logon', T`Login failed for user '${v(g.pickSkewed(LOGINS))}'. Reason: ${v(reason)} [CLIENT: ${v(g.chance(0.7) ? g.privateIp() : '<local machine>')}]`),
        ];
      },
    },
    {
      w: 14,
      make: (g) => {
        const db = g.pickSkewed(DBS);
        const d = new Date(g.now - 60000);
        const when = `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}(${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())})`;
        return ms(
          g,
          'Backup',
          T`Log was backed up. Database: ${v(db)}, creation date(time): ${v(when)}, first LSN: ${v(lsn(g))}, last LSN: ${v(lsn(g))}, number of dump devices: ${v(1)}, device information: (${v(`FILE=1, TYPE=DISK: {'/var/opt/mssql/backup/${db}_log_${g.int(10000000, 99999999)}.trn'}`)}). ${INFO}`
        );
      },
    },
    {
      w: 4,
      make: (g) => {
        const db = g.pickSkewed(DBS);
        const d = new Date(g.now - 600000);
        const when = `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}(${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())})`;
        return [
          ms(
            g,
            'Backup',
            T`Database backed up. Database: ${v(db)}, creation date(time): ${v(when)}, pages dumped: ${v(g.int(400, 900000))}, first LSN: ${v(lsn(g))}, last LSN: ${v(lsn(g))}, number of dump devices: ${v(1)}, device information: (${v(`FILE=1, TYPE=DISK: {'/var/opt/mssql/backup/${db}_full.bak'}`)}). ${INFO}`
          ),
          ms(g, 'Backup', T`BACKUP DATABASE successfully processed ${v(g.int(400, 900000))} pages in ${v(g.float(0.1, 90, 3))} seconds (${v(g.float(5, 400, 3))} MB/sec).`),
        ];
      },
    },
    {
      w: 6,
      make: (g) =>
        ms(
          g,
          sysSpid(g),
          T`SQL Server has encountered ${v(g.int(1, 40))} occurrence(s) of I/O requests taking longer than ${v(15)} seconds to complete on file [${v(`/var/opt/mssql/data/${g.pickSkewed(DBS)}${g.pick(['.mdf', '_log.ldf'])}`)}] in database id ${v(g.int(5, 9))}.  The OS file handle is ${v(`0x${g.hex(16).toUpperCase()}`)}.  The offset of the latest long I/O is: ${v(`0x${g.hex(12)}`)}.  The duration of the long I/O is: ${v(g.int(15000, 90000))} ms.`
        ),
    },
    {
      w: 4,
      make: (g) =>
        ms(
          g,
          sysSpid(g),
          T`Autogrow of file '${v(`${g.pickSkewed(DBS)}${g.pick(['', '_log'])}`)}' in database '${v(g.pickSkewed(DBS))}' was cancelled by user or timed out after ${v(g.int(3000, 60000))} milliseconds.  Use ALTER DATABASE to set a smaller FILEGROWTH value for this file or to explicitly set a new file size.`
        ),
    },
    {
      w: 6,
      make: (g) => ms(g, spid(g), T`Process ID ${v(g.int(51, 140))} was killed by hostname ${v(g.pick(['APP01', 'APP02', 'ETL-01', 'DBA-LAPTOP']))}, host process ID ${v(g.int(100, 30000))}.`),
    },
    {
      w: 8,
      make: (g) => {
        const n = g.int(51, 140);
        return [
          ms(g, `spid${n}`, T`Error: ${v(1205)}, Severity: ${v(13)}, State: ${v(51)}.`),
          ms(
            g,
            `spid${n}`,
            T`Transaction (Process ID ${v(n)}) was deadlocked on ${v(g.pick(['lock', 'lock | communication buffer', 'thread | communication buffer']))} resources with another process and has been chosen as the deadlock victim. Rerun the transaction.`
          ),
        ];
      },
    },
    {
      w: 3,
      make: (g) =>
        ms(
          g,
          spid(g),
          T`DBCC CHECKDB (${v(g.pickSkewed(DBS))}) WITH no_infomsgs executed by ${v(g.pick(['sa', 'CORP\\svc-maint']))} found ${v(0)} errors and repaired ${v(0)} errors. Elapsed time: ${v(`${0} hours ${g.int(0, 59)} minutes ${g.int(0, 59)} seconds`)}.  Internal database snapshot has split point LSN = ${v(`${g.hex(8)}:${g.hex(8)}:${g.hex(4)}`)} and first LSN = ${v(`${g.hex(8)}:${g.hex(8)}:${g.hex(4)}`)}.`
        ),
    },
    {
      w: 4,
      make: (g) => {
        const n = g.int(2, 40);
        const dom = `${g.pick(['mssqlsystemresource', 'shop', 'reports'])}.dbo[runtime].${g.int(1, 60)}`;
        return g.chance(0.5)
          ? ms(g, sysSpid(g), T`AppDomain ${v(n)} (${v(dom)}) is marked for unload due to memory pressure.`)
          : ms(g, sysSpid(g), T`AppDomain ${v(n)} (${v(dom)}) unloaded.`);
      },
    },
    {
      w: 4,
      make: (g) => ms(g, spid(g), T`Setting database option ${v(g.pick(['RECOVERY', 'AUTO_CLOSE', 'SINGLE_USER', 'READ_ONLY']))} to ${v(g.pick(['SIMPLE', 'FULL', 'OFF', 'ON']))} for database '${v(g.pickSkewed(DBS))}'.`),
    },
    {
      w: 4,
      make: (g) => ms(g, spid(g), T`Starting up database '${v(g.pickSkewed(DBS))}'.`),
    },
    {
      w: 3,
      make: (g) => ms(g, spid(g), T`Parallel redo is started for database '${v(g.pickSkewed(DBS))}' with worker pool size [${v(g.pick([2, 4, 8]))}].`),
    },
    {
      w: 3,
      make: (g) => ms(g, spid(g), T`Parallel redo is shutdown for database '${v(g.pickSkewed(DBS))}' with worker pool size [${v(g.pick([2, 4, 8]))}].`),
    },
    {
      w: 3,
      make: (g) => {
        const n = g.int(51, 140);
        return [
          ms(g, `spid${n}`, T`Error: ${v(18056)}, Severity: ${v(20)}, State: ${v(g.pick([29, 46]))}.`),
          ms(
            g,
            `spid${n}`,
            T`The client was unable to reuse a session with SPID ${v(n)}, which had been reset for connection pooling. The failure ID is ${v(g.pick([29, 46]))}. This error may have been caused by an earlier operation failing. Check the error logs for failed operations immediately before this error message.`
          ),
        ];
      },
    },
    {
      w: 3,
      make: (g) => ms(g, spid(g), T`Using '${v(g.pick(['xpstar.dll', 'xplog70.dll', 'xpsqlbot.dll']))}' version '${v('2022.160.4125')}' to execute extended stored procedure '${v(g.pick(['xp_instance_regread', 'xp_msver', 'xp_qv', 'xp_cmdshell']))}'. ${INFO}`),
    },
    {
      w: 2,
      make: (g) => ms(g, sysSpid(g), T`Recovery completed for database ${v(g.pickSkewed(DBS))} (database ID ${v(g.int(5, 9))}) in ${v(g.int(0, 9))} second(s) (analysis ${v(g.int(0, 900))} ms, redo ${v(g.int(0, 900))} ms, undo ${v(g.int(0, 90))} ms [system undo ${v(0)} ms, regular undo ${v(g.int(0, 90))} ms].) ${INFO}`),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 50. PHP-FPM 8.3 in the official Docker image (error log, access log and slow log all on stderr):
// `[12-Jun-2024 10:00:00] LEVEL: [pool www] message`; the access log's default format
// `%R - %u %t "%m %r%Q%q" %s` (one template per method); a worker's stderr quoted after `said
// into stderr:` (a parameter); the slow log's trace (`[pool www] pid N`, `script_filename = ...`,
// `[0x...] function() file:line` frames: one statement each of its printer).

function fpmTime(g: Gen): string {
  const d = new Date(g.now);
  return `${p2(d.getUTCDate())}-${MONTHS_[d.getUTCMonth()]}-${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}
const MONTHS_ = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const POOLS = ['www', 'www', 'api'];
const fpm = (g: Gen, level: string, msg: Made): Made => cat(T`[${v(fpmTime(g))}] ${level}: `, msg);
const fpmPool = (g: Gen, level: string, msg: Made): Made => cat(T`[${v(fpmTime(g))}] ${level}: [pool ${v(g.pickSkewed(POOLS))}] `, msg);
const child = (g: Gen) => g.int(20, 4000);
const SCRIPTS = ['/var/www/html/public/index.php', '/var/www/html/public/index.php', '/var/www/html/cron.php', '/var/www/html/wp-admin/admin-ajax.php'];
const STDERR = (g: Gen) =>
  g.pick([
    `PHP Warning:  Undefined array key "${g.pick(['id', 'sku', 'email'])}" in /var/www/html/app/Http/Controllers/${g.pick(['OrderController', 'CartController'])}.php on line ${g.int(20, 300)}`,
    `PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate ${g.int(4096, 9000000)} bytes) in /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php on line ${g.int(300, 900)}`,
    `PHP Deprecated:  strlen(): Passing null to parameter #1 ($string) of type string is deprecated in /var/www/html/app/Support/helpers.php on line ${g.int(10, 90)}`,
    `PHP Notice:  Trying to access array offset on value of type null in /var/www/html/app/Services/${g.pick(['Shipping', 'Tax'])}Service.php on line ${g.int(10, 200)}`,
  ]);
const FRAMES: Array<[string, string]> = [
  ['curl_exec()', '/var/www/html/vendor/guzzlehttp/guzzle/src/Handler/CurlHandler.php:44'],
  ['__invoke()', '/var/www/html/vendor/guzzlehttp/guzzle/src/Handler/Proxy.php:28'],
  ['PDOStatement->execute()', '/var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php:414'],
  ['runQueryCallback()', '/var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php:753'],
  ['handle()', '/var/www/html/app/Http/Controllers/CheckoutController.php:88'],
  ['sleep()', '/var/www/html/app/Jobs/SyncInventory.php:51'],
];

const phpFpm: FormatSpec = {
  name: 'php-fpm',
  split: 'tuned',
  description:
    'PHP-FPM 8.3 (official Docker image, everything on stderr): pool warnings, children started/exited/killed, slow and timed-out requests, workers\' stderr, access log, slow-log traces',
  tickMs: 700,
  templates: [
    {
      w: 40,
      make: (g) =>
        T`${v(g.privateIp())} - ${v(g.chance(0.9) ? '' : 'admin')} ${v(g.clf())} "${g.pickSkewed(['GET', 'GET', 'POST', 'PUT', 'DELETE'])} ${v(g.pick(SCRIPTS))}${v(g.chance(0.5) ? '' : `?page=${g.int(1, 9)}`)}" ${v(g.pickSkewed([200, 200, 200, 302, 404, 500, 499]))}`,
    },
    { w: 8, make: (g) => fpmPool(g, 'NOTICE', T`child ${v(child(g))} started`) },
    { w: 8, make: (g) => fpmPool(g, 'NOTICE', T`child ${v(child(g))} exited with code ${v(g.pickSkewed([0, 0, 255, 1]))} after ${v(g.float(0.5, 7200, 6))} seconds from start`) },
    { w: 3, make: (g) => fpmPool(g, 'WARNING', T`child ${v(child(g))} exited on signal ${v(g.pick(['9 (SIGKILL)', '11 (SIGSEGV)', '15 (SIGTERM)']))} after ${v(g.float(0.5, 7200, 6))} seconds from start`) },
    { w: 5, make: (g) => fpmPool(g, 'WARNING', T`server reached pm.max_children setting (${v(g.pick([5, 20, 50]))}), consider raising it`) },
    {
      w: 5,
      make: (g) =>
        fpmPool(g, 'WARNING', T`seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning ${v(g.pick([8, 16, 32]))} children, there are ${v(g.int(0, 3))} idle, and ${v(g.int(5, 60))} total children`),
    },
    {
      w: 8,
      make: (g) =>
        fpmPool(g, 'WARNING', T`child ${v(child(g))} said into stderr: "${v(STDERR(g))}"`),
    },
    {
      w: 4,
      make: (g) => {
        const pid = child(g);
        const pool = g.pickSkewed(POOLS);
        const script = g.pick(SCRIPTS);
        const out: Made[] = [
          cat(T`[${v(fpmTime(g))}] WARNING: [pool ${v(pool)}] child ${v(pid)}, script '${v(script)}' (request: "${g.pickSkewed(['GET', 'POST'])} ${v(script.replace('/var/www/html/public', ''))}") executing too slow (${v(g.float(5, 30, 6))} sec), logging`),
          fpm(g, 'NOTICE', T`child ${v(pid)} stopped for tracing`),
          fpm(g, 'NOTICE', T`about to trace ${v(pid)}`),
          T`
`.line === '' ? T`` : T`[${v(fpmTime(g))}]  [pool ${v(pool)}] pid ${v(pid)}`,
          T`script_filename = ${v(script)}`,
        ];
        const n = g.int(2, FRAMES.length);
        for (const [fn, loc] of FRAMES.slice(0, n)) out.push(T`[${v(`0x0000${g.hex(12)}`)}] ${v(fn)} ${v(loc)}`);
        out.push(fpm(g, 'NOTICE', T`finished trace of ${v(pid)}`));
        return out;
      },
    },
    {
      w: 2,
      make: (g) => {
        const script = g.pick(SCRIPTS);
        return fpmPool(g, 'WARNING', T`child ${v(child(g))}, script '${v(script)}' (request: "${g.pickSkewed(['GET', 'POST'])} ${v(script.replace('/var/www/html/public', ''))}") execution timed out (${v(g.float(30, 31, 6))} sec), terminating`);
      },
    },
    {
      w: 1,
      make: (g) => [fpm(g, 'NOTICE', T`fpm is running, pid ${v(1)}`), fpm(g, 'NOTICE', T`ready to handle connections`)],
    },
    { w: 1, make: (g) => fpm(g, 'NOTICE', T`Reloading in progress ...`) },
  ],
};

export const ROUND7_FORMATS_B: readonly FormatSpec[] = [awsAlb, mssql, phpFpm];
