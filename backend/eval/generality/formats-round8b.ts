// Generality set, round 8 (part 2 of 2): a standalone Envoy, BIND 9's named and fail2ban. Written
// before any round-8 miner change; untouched in round 8, tuned from round 9 on (see formats-round8.ts).
import { Gen, T, v, USER_AGENTS, MONTHS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

// ---------------------------------------------------------------------------------------------
// 55. Envoy 1.30 as an edge proxy: the default access log format on stdout (`[%START_TIME%]
// "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
// %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%
// "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%"
// "%UPSTREAM_HOST%"`), a TCP proxy listener on the same format (`"- - -"`), and Envoy's own log
// (`[%Y-%m-%d %T.%e][%t][%l][%n] [%g:%#] %v`): the source location is part of the statement.

function envoyTime(g: Gen): string {
  return new Date(g.now).toISOString().replace('T', ' ').replace('Z', '');
}
function envoyLog(g: Gen, level: string, logger: string, loc: string, msg: Made): Made {
  return cat(T`[${v(envoyTime(g))}][${v(g.int(1, 40))}][${level}][${logger}] [${loc}] `, msg);
}
const ENVOY_PATHS = (g: Gen) =>
  g.pickSkewed([`/api/v1/orders/${g.int(1, 99999)}`, '/api/v1/orders', `/api/v1/products?page=${g.int(1, 20)}`, '/', '/healthz', `/assets/app.${g.hex(8)}.js`]);
const AUTHORITIES = ['shop.example.com', 'api.example.com', 'admin.example.com'];
function envoyAccess(g: Gen, method: string): Made {
  const failed = g.chance(0.08);
  const flags = failed ? g.pick(['UF,URX', 'UH', 'UT', 'NR', 'UC']) : '-';
  const code = failed ? (flags === 'NR' ? 404 : flags === 'UT' ? 504 : 503) : g.pickSkewed([200, 200, 200, 204, 301, 304, 404]);
  const upstream = failed && flags !== 'UT' ? '-' : `${g.privateIp()}:${g.pick([8080, 3000])}`;
  const svcTime = upstream === '-' ? '-' : String(g.int(1, 900));
  const xff = g.chance(0.2) ? '-' : g.publicIp();
  return T`[${v(new Date(g.now).toISOString())}] "${method} ${v(ENVOY_PATHS(g))} ${v(g.pickSkewed(['HTTP/1.1', 'HTTP/2', 'HTTP/1.1']))}" ${v(code)} ${v(flags)} ${v(method === 'GET' ? 0 : g.int(20, 9000))} ${v(g.int(0, 90000))} ${v(g.int(1, 3000))} ${v(svcTime)} "${v(xff)}" "${v(g.pickSkewed(USER_AGENTS))}" "${v(g.uuid())}" "${v(g.pick(AUTHORITIES))}" "${v(upstream)}"`;
}

const envoy: FormatSpec = {
  name: 'envoy-edge',
  split: 'tuned',
  description:
    "Envoy 1.30 edge proxy: default text access log (response flags, '-' upstreams), a TCP proxy listener's '- - -' lines, and Envoy's own log (xDS updates, gRPC stream warnings, deprecations)",
  tickMs: 250,
  templates: [
    { w: 50, make: (g) => envoyAccess(g, 'GET') },
    { w: 14, make: (g) => envoyAccess(g, 'POST') },
    { w: 3, make: (g) => envoyAccess(g, 'PUT') },
    { w: 2, make: (g) => envoyAccess(g, 'DELETE') },
    { w: 3, make: (g) => envoyAccess(g, 'OPTIONS') },
    {
      w: 8,
      make: (g) =>
        T`[${v(new Date(g.now).toISOString())}] "- - -" ${v(0)} ${v(g.pick(['-', 'UF,URX', 'UC']))} ${v(g.int(100, 900000))} ${v(g.int(100, 900000))} ${v(g.int(10, 900000))} ${v('-')} "${v('-')}" "${v('-')}" "${v('-')}" "${v('-')}" "${v(`10.3.${g.int(0, 9)}.${g.int(2, 250)}:5432`)}"`,
    },
    {
      w: 4,
      make: (g) =>
        envoyLog(g, 'info', 'upstream', 'source/common/upstream/cds_api_helper.cc:32', T`cds: add ${v(g.int(1, 40))} cluster(s), remove ${v(g.int(0, 4))} cluster(s)`),
    },
    {
      w: 4,
      make: (g) =>
        envoyLog(g, 'info', 'upstream', 'source/common/upstream/cds_api_helper.cc:71', T`cds: added/updated ${v(g.int(0, 5))} cluster(s), skipped ${v(g.int(0, 40))} unmodified cluster(s)`),
    },
    {
      w: 3,
      make: (g) =>
        envoyLog(g, 'info', 'upstream', 'source/extensions/listener_managers/listener_manager/lds_api.cc:99', T`lds: add/update listener '${v(g.pick(['listener_https', 'listener_http', 'listener_pg']))}'`),
    },
    {
      w: 4,
      make: (g) =>
        envoyLog(g, 'warning', 'config', 'source/extensions/config_subscription/grpc/grpc_stream.h:152', T`StreamAggregatedResources gRPC config stream to ${v('xds_cluster')} closed since ${v(g.int(1, 900))}s ago: ${v(14)}, ${v(g.pick(['upstream connect error or disconnect/reset before headers. reset reason: connection failure', 'connection error: desc = "transport: Error while dialing"', 'Connection termination']))}`),
    },
    {
      w: 2,
      make: (g) =>
        envoyLog(g, 'warning', 'misc', 'source/common/protobuf/message_validator_impl.cc:21', T`Deprecated field: type ${v(g.pick(['envoy.config.route.v3.HeaderMatcher', 'envoy.type.matcher.v3.StringMatcher']))} Using deprecated option '${v(g.pick(['envoy.config.route.v3.HeaderMatcher.exact_match', 'envoy.type.matcher.v3.StringMatcher.hidden_envoy_deprecated_regex']))}' from file ${v(g.pick(['route_components.proto', 'string.proto']))}. This configuration will be removed from Envoy soon. Please see https://www.envoyproxy.io/docs/envoy/latest/version_history/version_history for details. If continued use of this field is absolutely necessary, see https://www.envoyproxy.io/docs/envoy/latest/configuration/operations/runtime#using-runtime-overrides-for-deprecated-features for how to apply a temporary and highly discouraged override.`),
    },
    {
      w: 2,
      make: (g) =>
        envoyLog(g, 'info', 'main', 'source/server/server.cc:932', T`all clusters initialized. initializing init manager`),
    },
    {
      w: 2,
      make: (g) =>
        envoyLog(g, 'info', 'main', 'source/server/drain_manager_impl.cc:75', T`shutting down parent after drain`),
    },
    {
      w: 3,
      make: (g) =>
        envoyLog(g, 'warning', 'connection', 'source/common/tls/ssl_socket.cc:246', T`[${v(`Tags: "ConnectionId":"${g.int(100, 99999)}"`)}] remote address:${v(`${g.publicIp()}:${g.int(1024, 65535)}`)},TLS_error:|${v(g.pick(['268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER', '268436498:SSL routines:OPENSSL_internal:SSLV3_ALERT_BAD_CERTIFICATE', '268435612:SSL routines:OPENSSL_internal:HTTP_REQUEST']))}:TLS_error_end`),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 56. BIND 9.18 named with `print-time yes; print-category yes; print-severity yes;` on one
// channel: `dd-Mon-yyyy HH:MM:SS.mmm category: severity: message`. The category and severity are
// part of the statement (one call logs to one category at one level). The query line is one
// statement (`query: <name> <class> <type> <flags> (<server>)`), as CoreDNS's is.

function namedTime(g: Gen): string {
  const d = new Date(g.now);
  return `${p2(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p3(d.getUTCMilliseconds())}`;
}
const named = (g: Gen, cat_: string, sev: string, msg: Made) => cat(T`${v(namedTime(g))} ${cat_}: ${sev}: `, msg);
const QNAMES = ['shop.example.com', 'api.example.com', 'www.google.com', 'cdn.jsdelivr.net', 'login.microsoftonline.com', 'github.com', '_ldap._tcp.dc.corp.example.com', 'mx.example.org'];
const ZONES = ['example.com', 'corp.example.com', '10.in-addr.arpa'];
const client = (g: Gen) => `@0x7f${g.hex(10)} ${g.privateIp()}#${g.int(1024, 65535)}`;
const serial = (g: Gen) => `2024061${g.int(100, 299)}`;

const bind9: FormatSpec = {
  name: 'bind9-named',
  split: 'tuned',
  description:
    'BIND 9.18 named (print-time/category/severity): query log, denied queries, zone loads and transfers, notifies, resolver errors, lame servers, DNSSEC validation, EDNS fallbacks',
  tickMs: 500,
  templates: [
    {
      w: 55,
      make: (g) => {
        const q = g.pickSkewed(QNAMES);
        return named(g, 'queries', 'info', T`client ${v(client(g))} (${v(q)}): query: ${v(q)} ${v('IN')} ${v(g.pickSkewed(['A', 'AAAA', 'A', 'SRV', 'MX', 'PTR', 'TXT']))} ${v(g.pick(['+E(0)K', '+', '-E(0)', '+E(0)DCK', '-E(0)K']))} (${v(g.pick(['10.0.0.53', '10.0.0.54']))})`);
      },
    },
    {
      w: 6,
      make: (g) => {
        const z = g.pick(['example.org', 'version.bind', 'internal.example.com']);
        return named(g, 'security', 'info', T`client ${v(`@0x7f${g.hex(10)} ${g.publicIp()}#${g.int(1024, 65535)}`)} (${v(z)}): query (cache) '${v(`${z}/${g.pick(['A', 'ANY', 'TXT'])}/IN`)}' denied`);
      },
    },
    {
      w: 4,
      make: (g) => named(g, 'general', 'info', T`zone ${v(`${g.pick(ZONES)}/IN`)}: loaded serial ${v(serial(g))}`),
    },
    {
      w: 4,
      make: (g) => named(g, 'notify', 'info', T`zone ${v(`${g.pick(ZONES)}/IN`)}: sending notifies (serial ${v(serial(g))})`),
    },
    {
      w: 3,
      make: (g) => {
        const z = `${g.pick(ZONES)}/IN`;
        const c = `@0x7f${g.hex(10)} 10.0.1.${g.int(2, 9)}#${g.int(30000, 60000)}`;
        return [
          named(g, 'xfer-out', 'info', T`client ${v(c)} (${v(z.split('/')[0])}): transfer of '${v(z)}': ${v(g.pick(['AXFR', 'IXFR']))} started (serial ${v(serial(g))})`),
          named(g, 'xfer-out', 'info', T`client ${v(c)} (${v(z.split('/')[0])}): transfer of '${v(z)}': ${v('AXFR')} ended: ${v(g.int(1, 4))} messages, ${v(g.int(10, 900))} records, ${v(g.int(500, 90000))} bytes, ${v(g.float(0, 0.05, 3))} secs (${v(g.int(100000, 9000000))} bytes/sec) (serial ${v(serial(g))})`),
        ];
      },
    },
    {
      w: 8,
      make: (g) =>
        named(g, 'resolver', 'info', T`DNS format error from ${v(`${g.publicIp()}#53`)} resolving ${v(`${g.pick(['cdn.example.net', 'tracker.adsrv.io', 'img.shop-cdn.com'])}/${g.pick(['A', 'AAAA'])}`)} for client ${v(`${g.privateIp()}#${g.int(1024, 65535)}`)}: ${v(g.pick(['reply has no answer', 'non-improving referral', 'invalid response']))}`),
    },
    {
      w: 6,
      make: (g) =>
        named(g, 'lame-servers', 'info', T`${v(g.pick(['SERVFAIL unexpected RCODE', 'broken trust chain', 'timed out']))} resolving '${v(`${g.pick(['old.partner.example', 'mail.legacy.example.net', 'ns.broken.example'])}/${g.pick(['A', 'MX', 'DS'])}/IN`)}': ${v(`${g.publicIp()}#53`)}`),
    },
    {
      w: 4,
      make: (g) =>
        named(g, 'dnssec', 'info', T`validating ${v(`${g.pick(['example.net', 'badsig.example.org', 'expired.example.com'])}/${g.pick(['A', 'SOA', 'DNSKEY'])}`)}: ${v(g.pick(['no valid signature found', 'verify failed due to bad signature (keyid=12345): RRSIG has expired', 'got insecure response; parent indicates it should be secure']))}`),
    },
    {
      w: 3,
      make: (g) =>
        named(g, 'edns-disabled', 'info', T`success resolving '${v(`${g.pick(QNAMES)}/${g.pick(['A', 'AAAA'])}`)}' after reducing the advertised EDNS UDP packet size to ${v(512)} octets`),
    },
    {
      w: 2,
      make: (g) => named(g, 'general', 'info', T`received control channel command '${v(g.pick(['reload', 'flush', 'status', 'reconfig']))}'`),
    },
    {
      w: 2,
      make: (g) => named(g, 'network', 'info', T`listening on ${v(g.pick(['eth0', 'lo']))}, ${v(g.pick(['10.0.0.53#53', '127.0.0.1#53']))}`),
    },
    {
      w: 2,
      make: (g) => named(g, 'general', 'warning', T`zone ${v(`${g.pick(ZONES)}/IN`)}: refresh: retry limit for primary ${v(`10.0.1.${g.int(2, 9)}#53`)} exceeded (source ${v('0.0.0.0#0')})`),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 57. fail2ban 1.0 (`logtarget = /var/log/fail2ban.log`, the default `%(asctime)s %(name)-24s
// [%(process)d]: %(levelname)-7s %(message)s`): filters finding failures, actions banning and
// unbanning, jail start/stop, restored bans, failing ban commands. The jail name in brackets is a
// parameter (a few values), `Ban` and `Unban` are different statements.

function f2bTime(g: Gen): string {
  return new Date(g.now).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
}
function f2b(g: Gen, logger: string, level: string, msg: Made): Made {
  return cat(T`${v(f2bTime(g))} ${`fail2ban.${logger}`.padEnd(24)} [${v(g.pick([812, 812, 813]))}]: ${level.padEnd(7)} `, msg);
}
const JAILS = ['sshd', 'sshd', 'nginx-http-auth', 'postfix-sasl', 'recidive'];
const banIp = (g: Gen) => (g.chance(0.85) ? g.publicIp() : `2001:db8:${g.hex(4)}::${g.hex(2)}`);

const fail2ban: FormatSpec = {
  name: 'fail2ban',
  split: 'tuned',
  description:
    'fail2ban 1.0 log (default format): Found lines, bans and unbans, already banned, restored bans, jail start/stop, added log files, failing iptables/nftables commands',
  tickMs: 3000,
  templates: [
    {
      w: 50,
      make: (g) => {
        const t = new Date(g.now - g.int(0, 2000)).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
        return f2b(g, 'filter', 'INFO', T`[${v(g.pickSkewed(JAILS))}] Found ${v(banIp(g))} - ${v(t)}`);
      },
    },
    { w: 12, make: (g) => f2b(g, 'actions', 'NOTICE', T`[${v(g.pickSkewed(JAILS))}] Ban ${v(banIp(g))}`) },
    { w: 10, make: (g) => f2b(g, 'actions', 'NOTICE', T`[${v(g.pickSkewed(JAILS))}] Unban ${v(banIp(g))}`) },
    { w: 4, make: (g) => f2b(g, 'actions', 'NOTICE', T`[${v(g.pickSkewed(JAILS))}] Restore Ban ${v(banIp(g))}`) },
    { w: 4, make: (g) => f2b(g, 'actions', 'WARNING', T`[${v(g.pickSkewed(JAILS))}] ${v(banIp(g))} already banned`) },
    { w: 2, make: (g) => f2b(g, 'jail', 'INFO', T`Jail '${v(g.pick(JAILS))}' started`) },
    { w: 2, make: (g) => f2b(g, 'jail', 'INFO', T`Jail '${v(g.pick(JAILS))}' stopped`) },
    { w: 2, make: (g) => f2b(g, 'jail', 'INFO', T`Creating new jail '${v(g.pick(JAILS))}'`) },
    {
      w: 2,
      make: (g) =>
        f2b(g, 'filter', 'INFO', T`Added logfile: '${v(g.pick(['/var/log/auth.log', '/var/log/nginx/error.log', '/var/log/mail.log', '/var/log/fail2ban.log']))}' (pos = ${v(g.int(0, 9000000))}, hash = ${v(g.hex(40))})`),
    },
    { w: 2, make: (g) => f2b(g, 'filter', 'INFO', T`  maxRetry: ${v(g.pick([3, 5]))}`) },
    { w: 2, make: (g) => f2b(g, 'filter', 'INFO', T`  findtime: ${v(g.pick([600, 3600]))}`) },
    { w: 2, make: (g) => f2b(g, 'actions', 'INFO', T`banTime: ${v(g.pick([600, 3600, 604800]))}`) },
    {
      w: 2,
      make: (g) => {
        const j = g.pick(JAILS);
        return [
          f2b(g, 'utils', 'ERROR', T`${v(`7f${g.hex(10)}`)} -- exec: ${v(`iptables -w -I f2b-${j} 1 -s ${g.publicIp()} -j REJECT --reject-with icmp-port-unreachable`)}`),
          f2b(g, 'utils', 'ERROR', T`${v(`7f${g.hex(10)}`)} -- stderr: ${v("'iptables: No chain/target/match by that name.'")}`),
          f2b(g, 'utils', 'ERROR', T`${v(`7f${g.hex(10)}`)} -- returned ${v(1)}`),
          f2b(g, 'actions', 'ERROR', T`Failed to execute ban jail '${v(j)}' action '${v(g.pick(['iptables-multiport', 'nftables-multiport']))}' info '${v(`ActionInfo({'ip': '${g.publicIp()}', 'family': 'inet4', 'fid': <function Actions.ActionInfo.<lambda> at 0x7f${g.hex(10)}>, 'raw-ticket': <function Actions.ActionInfo.<lambda> at 0x7f${g.hex(10)}>})`)}': Error banning ${v(g.publicIp())}`),
        ];
      },
    },
    { w: 1, make: (g) => f2b(g, 'server', 'INFO', T`Starting Fail2ban v${v('1.0.2')}`) },
    { w: 1, make: (g) => f2b(g, 'observer', 'INFO', T`Observer start...`) },
  ],
};

export const ROUND8_FORMATS_B: readonly FormatSpec[] = [envoy, bind9, fail2ban];
