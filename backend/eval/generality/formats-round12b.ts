// Generality set, round 12 (part 2): Samba's smbd log, Nagios Core's nagios.log, chronyd through
// syslog and PgBouncer. Written before any round-12 miner change; UNTOUCHED (see formats-round12.ts).
import { Gen, T, v, MONTHS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';
import { ROUND12_FORMATS_A } from './formats-round12.js';

const p2 = (n: number) => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------------------------
// 82. Samba 4.19 `log.smbd` (debug header line `[date time,  level] file:line(function)` and the
// indented message on the next line): the header's source location is part of its statement.

const SHARES = ['data', 'homes', 'scans', 'public', 'IPC$'];
const sambaTime = (g: Gen) => {
  const d = new Date(g.now);
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(g.int(0, 999999)).padStart(6, '0')}`;
};
const smb = (g: Gen, level: number, loc: string, msg: Made): Made[] => [T`[${v(sambaTime(g))}, ${` ${level}`}] ${loc}`, cat(T`  `, msg)];
const samba: FormatSpec = {
  name: 'samba',
  split: 'tuned',
  description: 'Samba 4.19 log.smbd: two-line entries (debug header with source location, indented message): connects, closes, auth failures, share path errors, oplock breaks, client disconnects',
  tickMs: 3000,
  templates: [
    { w: 20, make: (g) => smb(g, 1, '../../source3/smbd/service.c:1114(make_connection_snum)', T`${v(`ws-${g.int(100, 240)}`)} (ipv4:${v(`${g.privateIp()}:${g.int(49152, 65535)}`)}) connect to service ${v(g.pick(SHARES))} initially as user ${v(g.pick(['alice', 'bob', 'scanner', 'ACME\\carol']))} (uid=${v(g.int(1000, 1200))}, gid=${v(g.int(100, 1200))}) (pid ${v(g.int(2000, 40000))})`) },
    { w: 15, make: (g) => smb(g, 1, '../../source3/smbd/service.c:1168(close_cnum)', T`${v(`ws-${g.int(100, 240)}`)} (ipv4:${v(`${g.privateIp()}:${g.int(49152, 65535)}`)}) closed connection to service ${v(g.pick(SHARES))}`) },
    { w: 6, make: (g) => smb(g, 2, '../../source3/auth/auth.c:343(auth_check_ntlm_password)', T`check_ntlm_password:  Authentication for user [${v(g.pick(['admin', 'guest', 'bob', 'Administrator']))}] -> [${v(g.pick(['admin', 'guest', 'bob', 'Administrator']))}] FAILED with error NT_STATUS_${v(g.pick(['WRONG_PASSWORD', 'NO_SUCH_USER', 'ACCOUNT_LOCKED_OUT']))}, authoritative=${v(1)}`) },
    { w: 4, make: (g) => smb(g, 0, '../../source3/smbd/service.c:852(make_connection_snum)', T`make_connection_snum: canonicalize_connect_path failed for service ${v(g.pick(SHARES))}, path ${v(`/srv/samba/${g.pick(SHARES)}`)}`) },
    { w: 4, make: (g) => smb(g, 0, '../../source3/smbd/smb2_server.c:5087(smbd_smb2_connection_handler)', T`smbd_smb2_connection_handler: ${v(g.pick(['NT_STATUS_CONNECTION_RESET', 'NT_STATUS_CONNECTION_DISCONNECTED', 'NT_STATUS_IO_TIMEOUT']))}`) },
    { w: 3, make: (g) => smb(g, 1, '../../source3/smbd/oplock.c:1093(process_oplock_break_message)', T`process_oplock_break_message: ${v(`${g.pick(['data', 'homes'])}/${g.pick(['report.xlsx', 'Q3/plan.docx', 'db.mdb'])}`)} oplock break timed out for fnum ${v(g.int(1000, 99999))}`) },
    { w: 2, make: (g) => smb(g, 0, '../../source3/lib/util_sock.c:491(read_fd_with_timeout)', T`read_fd_with_timeout: client ${v(g.privateIp())} read error = ${v(g.pick(['Connection reset by peer', 'Connection timed out']))}.`) },
  ],
};

// ---------------------------------------------------------------------------------------------
// 83. Nagios Core 4.5 `nagios.log` (`[epoch] EVENT: a;b;c;...`): host and service alerts,
// notifications, external commands, plugin warnings, log rotation with the CURRENT STATE lines.

const HOSTS = ['web01', 'web02', 'db01', 'db02', 'lb01', 'mail01', 'nas01'];
const SVCS = ['HTTP', 'SSH', 'Disk /', 'Load', 'PING', 'Swap', 'MySQL', 'SSL cert'];
const ng = (g: Gen, msg: Made) => cat(T`[${v(Math.floor(g.now / 1000))}] `, msg);
const svcOut = (g: Gen, st: string) =>
  st === 'OK'
    ? g.pick([`HTTP OK: HTTP/1.1 200 OK - ${g.int(300, 90000)} bytes in ${g.float(0.001, 2, 3)} second response time`, `OK - load average: ${g.float(0, 2, 2)}, ${g.float(0, 2, 2)}, ${g.float(0, 2, 2)}`, `DISK OK - free space: / ${g.int(4000, 40000)} MiB (${g.int(20, 80)}% inode=${g.int(50, 99)}%);`])
    : g.pick([`CRITICAL - Socket timeout after 10 seconds`, `DISK ${st} - free space: / ${g.int(100, 3000)} MiB (${g.int(1, 9)}% inode=${g.int(50, 99)}%);`, `PING CRITICAL - Packet loss = 100%`, `WARNING - load average: ${g.float(4, 20, 2)}, ${g.float(4, 20, 2)}, ${g.float(4, 20, 2)}`, `(Service check timed out after 60.01 seconds)`]);
const nagios: FormatSpec = {
  name: 'nagios-core',
  split: 'tuned',
  description: 'Nagios Core 4.5 nagios.log: SERVICE/HOST ALERT and NOTIFICATION lines (semicolon fields), external commands, passive checks, out-of-bounds return codes, log rotation with CURRENT HOST/SERVICE STATE',
  tickMs: 8000,
  templates: [
    {
      w: 30,
      make: (g) => {
        const st = g.pick(['OK', 'WARNING', 'CRITICAL', 'CRITICAL', 'UNKNOWN']);
        return ng(g, T`SERVICE ALERT: ${v(g.pick(HOSTS))};${v(g.pick(SVCS))};${v(st)};${v(g.pick(['SOFT', 'HARD']))};${v(g.int(1, 4))};${v(svcOut(g, st))}`);
      },
    },
    { w: 6, make: (g) => ng(g, T`HOST ALERT: ${v(g.pick(HOSTS))};${v(g.pick(['DOWN', 'UP', 'UNREACHABLE']))};${v(g.pick(['SOFT', 'HARD']))};${v(g.int(1, 10))};${v(g.pick(['PING OK - Packet loss = 0%, RTA = 0.41 ms', 'CRITICAL - Host Unreachable (10.0.0.5)', 'PING CRITICAL - Packet loss = 100%']))}`) },
    {
      w: 10,
      make: (g) => {
        const st = g.pick(['CRITICAL', 'WARNING', 'OK']);
        return ng(g, T`SERVICE NOTIFICATION: ${v(g.pick(['oncall', 'nagiosadmin', 'dba-team']))};${v(g.pick(HOSTS))};${v(g.pick(SVCS))};${v(st)};${v(g.pick(['notify-service-by-email', 'notify-service-by-slack']))};${v(svcOut(g, st))}`);
      },
    },
    { w: 3, make: (g) => ng(g, T`HOST NOTIFICATION: ${v(g.pick(['oncall', 'nagiosadmin']))};${v(g.pick(HOSTS))};${v(g.pick(['DOWN', 'UP']))};${v('notify-host-by-email')};${v(g.pick(['CRITICAL - Host Unreachable (10.0.0.5)', 'PING OK - Packet loss = 0%, RTA = 0.52 ms']))}`) },
    { w: 5, make: (g) => ng(g, T`EXTERNAL COMMAND: SCHEDULE_FORCED_SVC_CHECK;${v(g.pick(HOSTS))};${v(g.pick(SVCS))};${v(Math.floor(g.now / 1000))}`) },
    { w: 3, make: (g) => ng(g, T`EXTERNAL COMMAND: ACKNOWLEDGE_SVC_PROBLEM;${v(g.pick(HOSTS))};${v(g.pick(SVCS))};${v(2)};${v(1)};${v(0)};${v(g.pick(['alice', 'bob']))};${v(g.pick(['working on it', 'disk cleanup scheduled', 'known issue, ticket OPS-1422']))}`) },
    { w: 4, make: (g) => ng(g, T`Warning: Return code of ${v(g.pick([255, 126, 127]))} for check of service '${v(g.pick(SVCS))}' on host '${v(g.pick(HOSTS))}' was out of bounds.`) },
    { w: 3, make: (g) => ng(g, T`Auto-save of retention data completed successfully.`) },
    {
      w: 0.5,
      make: (g) => [
        ng(g, T`LOG ROTATION: DAILY`),
        ng(g, T`LOG VERSION: 2.0`),
        ...HOSTS.map((h) => ng(g, T`CURRENT HOST STATE: ${v(h)};${v('UP')};${v('HARD')};${v(1)};${v(`PING OK - Packet loss = 0%, RTA = ${g.float(0.1, 2, 2)} ms`)}`)),
        ...SVCS.slice(0, 3).map((s) => ng(g, T`CURRENT SERVICE STATE: ${v(g.pick(HOSTS))};${v(s)};${v('OK')};${v('HARD')};${v(1)};${v(svcOut(g, 'OK'))}`)),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 84. chronyd 4.5 via rsyslog on three hosts (`Mon dd hh:mm:ss host chronyd[pid]: message`).

const bsd = (g: Gen) => {
  const d = new Date(g.now);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
};
const NTP = ['162.159.200.1', '162.159.200.123', '193.11.166.20', '51.145.123.29', '10.0.0.2', '2a01:4f8:141:282::5:1'];
const ch = (g: Gen, msg: Made) => cat(T`${v(bsd(g))} ${v(g.pick(['node-a1', 'node-a2', 'db-03']))} chronyd[${v(g.pick([611, 702, 688]))}]: `, msg);
const chrony: FormatSpec = {
  name: 'chrony',
  split: 'tuned',
  description: 'chronyd 4.5 via rsyslog: source selection and replacement, online/offline, clock steps and wrong-by, no selectable sources, frequency reads, NTS-KE errors, start-up lines',
  tickMs: 20000,
  templates: [
    { w: 20, make: (g) => ch(g, T`Selected source ${v(g.pick(NTP))} (${v(g.pick(['2.pool.ntp.org', 'time.cloudflare.com', '0.debian.pool.ntp.org', '10.0.0.2']))})`) },
    { w: 12, make: (g) => ch(g, T`Source ${v(g.pick(NTP))} replaced with ${v(g.pick(NTP))} (${v(g.pick(['2.pool.ntp.org', '0.debian.pool.ntp.org']))})`) },
    { w: 8, make: (g) => ch(g, T`Source ${v(g.pick(NTP))} online`) },
    { w: 8, make: (g) => ch(g, T`Source ${v(g.pick(NTP))} offline`) },
    { w: 6, make: (g) => ch(g, T`Can't synchronise: no selectable sources`) },
    { w: 5, make: (g) => ch(g, T`System clock wrong by ${v(g.float(-3, 3, 6))} seconds`) },
    { w: 4, make: (g) => ch(g, T`System clock was stepped by ${v(g.float(-3, 3, 6))} seconds`) },
    { w: 3, make: (g) => ch(g, T`Forward time jump detected!`) },
    { w: 3, make: (g) => ch(g, T`Could not connect to NTS-KE server ${v(`${g.pick(['time.cloudflare.com', 'nts.netnod.se'])}:4460`)} : ${v(g.pick(['Connection refused', 'Network is unreachable']))}`) },
    {
      w: 1,
      make: (g) => [
        ch(g, T`chronyd version ${v('4.5')} starting (${v('+CMDMON +NTP +REFCLOCK +RTC +PRIVDROP +SCFILTER +SIGND +ASYNCDNS +NTS +SECHASH +IPV6 -DEBUG')})`),
        ch(g, T`Frequency ${v(g.float(-30, 30, 3))} +/- ${v(g.float(0.001, 2, 3))} ppm read from ${v('/var/lib/chrony/chrony.drift')}`),
        ch(g, T`Using right/UTC timezone to obtain leap second data`),
        ch(g, T`Loaded seccomp filter (level ${v(1)})`),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 85. PgBouncer 1.22 log (`date time.ms TZ [pid] LEVEL C-0x..:/S-0x..: db/user@addr:port message`).

const pgb = (g: Gen, level: string, msg: Made) => {
  const d = new Date(g.now);
  const t = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
  return cat(T`${v(t)} UTC [${v(1)}] ${level} `, msg);
};
const ptr = (g: Gen) => `0x55${g.hex(10)}`;
const dbu = (g: Gen) => `${g.pick(['appdb', 'orders', 'reporting'])}/${g.pick(['app', 'orders_rw', 'grafana'])}`;
const pgbouncer: FormatSpec = {
  name: 'pgbouncer',
  split: 'tuned',
  description: 'PgBouncer 1.22: client logins and closes with reasons, server connections, periodic stats lines, pooler errors (max_client_conn), auth failures, config reloads',
  tickMs: 1500,
  templates: [
    { w: 20, make: (g) => { const u = dbu(g); return pgb(g, 'LOG', T`C-${v(ptr(g))}: ${v(u)}@${v(`${g.privateIp()}:${g.int(32768, 60999)}`)} login attempt: db=${v(u.split('/')[0])} user=${v(u.split('/')[1])} tls=${v(g.pick(['no', 'TLSv1.3/TLS_AES_256_GCM_SHA384/ECDH=X25519']))}`); } },
    { w: 18, make: (g) => pgb(g, 'LOG', T`C-${v(ptr(g))}: ${v(dbu(g))}@${v(`${g.privateIp()}:${g.int(32768, 60999)}`)} closing because: ${v(g.pick(['client close request', 'client unexpected eof', 'query_wait_timeout']))} (age=${v(`${g.int(0, 900)}s`)})`) },
    { w: 8, make: (g) => pgb(g, 'LOG', T`S-${v(ptr(g))}: ${v(dbu(g))}@${v(`10.0.${g.int(0, 3)}.${g.int(10, 20)}:5432`)} new connection to server (from ${v(`${g.privateIp()}:${g.int(32768, 60999)}`)})`) },
    { w: 8, make: (g) => pgb(g, 'LOG', T`S-${v(ptr(g))}: ${v(dbu(g))}@${v(`10.0.${g.int(0, 3)}.${g.int(10, 20)}:5432`)} closing because: ${v(g.pick(['server idle timeout', 'server lifetime over', 'client disconnect while server was not ready']))} (age=${v(`${g.int(0, 3600)}s`)})`) },
    { w: 10, make: (g) => pgb(g, 'LOG', T`stats: ${v(g.int(0, 900))} xacts/s, ${v(g.int(0, 4000))} queries/s, ${v(0)} client parses/s, ${v(0)} server parses/s, ${v(0)} binds/s, in ${v(g.int(0, 900000))} B/s, out ${v(g.int(0, 9000000))} B/s, xact ${v(g.int(100, 90000))} us, query ${v(g.int(50, 9000))} us, wait ${v(g.int(0, 9000))} us`) },
    { w: 4, make: (g) => pgb(g, 'WARNING', T`C-${v(ptr(g))}: ${v(dbu(g))}@${v(`${g.privateIp()}:${g.int(32768, 60999)}`)} pooler error: ${v(g.pick(['no more connections allowed (max_client_conn)', 'query_wait_timeout', 'server login has been failing, try again later (server_login_retry)']))}`) },
    { w: 3, make: (g) => pgb(g, 'ERROR', T`C-${v(ptr(g))}: ${v(dbu(g))}@${v(`${g.privateIp()}:${g.int(32768, 60999)}`)} password authentication failed`) },
    { w: 1, make: (g) => [pgb(g, 'LOG', T`got SIGHUP, re-reading config`), pgb(g, 'LOG', T`reloading config`)] },
  ],
};

export const ROUND12_FORMATS: readonly FormatSpec[] = [...ROUND12_FORMATS_A, samba, nagios, chrony, pgbouncer];
