// Generality set, round 13: formats written from their own documentation and real output before
// any miner change of round 13, and UNTOUCHED: their per-format scores are printed only by
// `eval:templates --untouched` (README.md). None of them is in LogHub or in rounds 1-12:
// Nextcloud's JSON log, the Cilium agent's logrus text, the Windows DHCP Server audit log (CSV),
// Ceph's cluster log, Apache Solr, Ansible's log_path file and ClamAV (clamd + freshclam).
//
// Truth conventions are README.md's: a template is one log statement, its parameters variables
// however few values they take; header fields are variables; a logger, program, channel or level
// written in a text line is part of the statement; structured lines (JSON, logfmt) are their
// message template plus their key set.
import { Gen, T, v, jsonLine, USER_AGENTS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------------------------
// 86. Nextcloud 28 `nextcloud.log` (PHP json_encode: `/` written `\/`): reqId, numeric level,
// ISO time with offset, request fields (`--` and "" from cron), message, version; `exception`
// (nested: one value) on exceptions, `data` on some. PHP errors are logged by Nextcloud's error
// handler as `<message> at <file>#<line>` (app `PHP`): that handler is the statement.

const NC_USERS = ['alice', 'bob', 'carol', 'admin', 'svc-backup'];
const NC_FILES = ['Documents/Q3 report.docx', 'Photos/IMG_2041.jpg', 'Notes/todo.md', 'Shared/budget.xlsx', 'Talk/recording.webm'];
const ncTime = (g: Gen) => new Date(g.now).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const slashes = (m: Made): Made => ({ line: m.line.replace(/\//g, '\\/'), template: m.template.replace(/\//g, '\\/') });
function nc(g: Gen, level: number, app: string, msg: Made, opts: { cron?: boolean; user?: string; exception?: unknown; data?: unknown } = {}): Made {
  const web = !opts.cron;
  const user = opts.user ?? g.pick(NC_USERS);
  const fields: Array<[string, unknown]> = [
    ['reqId', g.alnum(20, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')],
    ['level', level],
    ['time', ncTime(g)],
    ['remoteAddr', web ? g.publicIp() : ''],
    ['user', web ? user : '--'],
    ['app', app],
    ['method', web ? g.pick(['GET', 'PROPFIND', 'PUT', 'POST']) : ''],
    ['url', !web ? '--' : user === '--' ? g.pick(['/login', '/remote.php/dav/', '/ocs/v2.php/cloud/user?format=json']) : g.pick([`/remote.php/dav/files/${user}/${g.pick(NC_FILES)}`, '/ocs/v2.php/apps/notifications/api/v2/notifications?format=json', '/index.php/apps/files/'])],
    ['message', null],
    ['userAgent', web ? g.pick([...USER_AGENTS.slice(0, 4), 'Mozilla/5.0 (Windows) mirall/3.12.3 (Nextcloud, windows-10.0.22631 ClientArchitecture: x86_64 OsArchitecture: x86_64)', 'Mozilla/5.0 (Android) Nextcloud-android/3.28.2']) : '--'],
    ['version', '28.0.6.1'],
  ];
  if (opts.exception !== undefined) fields.push(['exception', opts.exception]);
  if (opts.data !== undefined) fields.push(['data', opts.data]);
  return slashes(jsonLine(fields, 'message', msg));
}
const ncException = (g: Gen, cls: string, message: string, file: string, line: number) => ({
  Exception: cls,
  Message: message,
  Code: 0,
  Trace: [
    { file: '/var/www/html/3rdparty/sabre/dav/lib/DAV/Tree.php', line: g.pick([78, 113]), function: 'getNodeForPath', class: 'OCA\\DAV\\Connector\\Sabre\\ObjectTree', type: '->' },
    { file: '/var/www/html/3rdparty/sabre/dav/lib/DAV/Server.php', line: 472, function: 'emit', class: 'Sabre\\DAV\\Server', type: '->' },
  ],
  File: file,
  Line: line,
  message: message,
  exception: {},
  CustomMessage: message,
});
const PHP_ERRORS = [
  (g: Gen) => [`Undefined array key "${g.pick(['size', 'etag', 'mimetype', 'displayname'])}"`, '/var/www/html/lib/private/Files/Cache/Cache.php', 184],
  (g: Gen) => [`fopen(/var/www/html/data/${g.pick(NC_USERS)}/files/${g.pick(NC_FILES)}): Failed to open stream: No such file or directory`, '/var/www/html/lib/private/Files/Storage/Local.php', 355],
  () => ['Redis::connect(): php_network_getaddresses: getaddrinfo for redis failed: Name or service not known', '/var/www/html/lib/private/RedisFactory.php', 137],
  (g: Gen) => [`Trying to access array offset on value of type ${g.pick(['null', 'bool'])}`, `/var/www/html/custom_apps/${g.pick(['calendar', 'deck', 'mail'])}/lib/Service/SyncService.php`, g.int(40, 400)],
] as const;
const NC_JOBS = ['OCA\\Files\\BackgroundJob\\ScanFiles', 'OCA\\Files_Trashbin\\BackgroundJob\\ExpireTrash', 'OCA\\Files_Versions\\BackgroundJob\\ExpireVersions', 'OC\\Preview\\BackgroundCleanupJob', 'OCA\\DAV\\BackgroundJob\\CalendarRetentionCleanupJob'];
const nextcloud: FormatSpec = {
  name: 'nextcloud-json',
  split: 'tuned',
  description: 'Nextcloud 28 nextcloud.log (JSON, escaped slashes): failed logins, brute-force throttling, trusted-domain errors, WebDAV exceptions with nested exception objects, PHP errors, long background jobs, admin_audit lines',
  tickMs: 4000,
  templates: [
    { w: 14, make: (g) => { const u = g.pick(NC_USERS); return nc(g, 1, 'admin_audit', T`Login attempt: "${v(u)}"`, { user: '--' }); } },
    { w: 12, make: (g) => { const u = g.pick(NC_USERS); return nc(g, 1, 'admin_audit', T`Login successful: "${v(u)}"`, { user: u }); } },
    { w: 12, make: (g) => { const u = g.pick(NC_USERS); return nc(g, 1, 'admin_audit', T`File written to: "${v(`/${u}/files/${g.pick(NC_FILES)}`)}"`, { user: u }); } },
    { w: 8, make: (g) => { const u = g.pick(NC_USERS); return nc(g, 1, 'admin_audit', T`Preview accessed: "${v(`/${u}/files/${g.pick(NC_FILES)}`)}" (width: "${v(g.pick([64, 256, 1024]))}", height: "${v(g.pick([64, 256, 1024]))}")`, { user: u }); } },
    { w: 10, make: (g) => { const u = g.pick(NC_USERS); const ip = g.publicIp(); return nc(g, 2, 'core', T`Login failed: ${v(u)} (Remote IP: ${v(ip)})`, { user: '--', data: { app: 'core' } }); } },
    { w: 4, make: (g) => nc(g, 1, 'core', T`Bruteforce attempt from "${v(g.publicIp())}" detected for action "${v(g.pick(['login', 'sharePublicLink', 'ocsapi']))}".`, { user: '--', data: { app: 'core' } }) },
    { w: 3, make: (g) => nc(g, 2, 'core', T`Trusted domain error. "${v(g.publicIp())}" tried to access using "${v(g.pick(['cloud.example.org', '192.168.1.20', 'nextcloud.local']))}" as host.`, { user: '--' }) },
    {
      w: 7,
      make: (g) => {
        const u = g.pick(NC_USERS);
        const p = `/${u}/files/${g.pick(NC_FILES).replace(/[^/]+$/, 'old-name.txt')}`;
        const m = `File with name ${p} could not be located`;
        return nc(g, 0, 'webdav', T`File with name ${v(p)} could not be located`, { user: u, exception: ncException(g, 'Sabre\\DAV\\Exception\\NotFound', m, '/var/www/html/apps/dav/lib/Connector/Sabre/Directory.php', 242) });
      },
    },
    {
      w: 4,
      make: (g) => {
        const u = g.pick(NC_USERS);
        const p = `files/${g.hex(32)}`;
        const m = `"${p}" is locked, existing lock on file: ${g.pick(['exclusive', '1 shared locks'])}`;
        return nc(g, 3, 'webdav', T`"${v(p)}" is locked, existing lock on file: ${v(m.split(': ')[1])}`, { user: u, exception: ncException(g, 'OCA\\DAV\\Connector\\Sabre\\Exception\\FileLocked', m, '/var/www/html/apps/dav/lib/Connector/Sabre/File.php', 668) });
      },
    },
    {
      w: 8,
      make: (g) => {
        const [m, f, l] = g.pick(PHP_ERRORS)(g);
        return nc(g, 3, 'PHP', T`${v(m)} at ${v(f)}#${v(l)}`, { cron: g.chance(0.3) });
      },
    },
    { w: 5, make: (g) => nc(g, 2, 'cron', T`Background job ${v(g.pick(NC_JOBS))} (id: ${v(g.int(1, 400))}, arguments: ${v(g.pick(['null', `{"userId":"${g.pick(NC_USERS)}"}`]))}) ran for ${v(g.int(301, 4000))} seconds`, { cron: true, data: { app: 'cron' } }) },
  ],
};

// ---------------------------------------------------------------------------------------------
// 87. Cilium 1.15 agent (`kubectl logs ds/cilium`): logrus text without a time field, `level= msg=`
// then the fields sorted by key, `subsys=` last by its name. logrus quotes a value only when it
// holds a character outside [A-Za-z0-9-._/@^+] and writes an empty value bare (`ipv6=`).

const logrusQ = (s: string) => (/^[A-Za-z0-9\-._/@^+]*$/.test(s) ? s : JSON.stringify(s));
function cil(level: string, msg: Made, fields: Array<[string, string | number]>): Made {
  const sorted = [...fields].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const qm = /^[A-Za-z0-9\-._/@^+]*$/.test(msg.line) ? msg : { line: JSON.stringify(msg.line), template: JSON.stringify(msg.template) };
  const line = [`level=${level}`, `msg=${qm.line}`, ...sorted.map(([k, x]) => `${k}=${logrusQ(String(x))}`)].join(' ');
  const template = ['level=<*>', `msg=${qm.template}`, ...sorted.map(([k]) => `${k}=<*>`)].join(' ');
  return { line, template };
}
const CIL_PODS = ['payments/api-7d9f8c6b5-x2x4q', 'payments/worker-5b8c9d7f4-kq9zt', 'web/frontend-6c7d8e9f0-lm3np', 'monitoring/prometheus-k8s-0', 'kube-system/coredns-76f75df574-9hjkl'];
const epFields = (g: Gen): Array<[string, string | number]> => [
  ['containerID', g.hex(10)],
  ['datapathPolicyRevision', g.int(0, 40)],
  ['desiredPolicyRevision', g.int(0, 40)],
  ['endpointID', g.int(100, 4000)],
  ['identity', g.int(1000, 65000)],
  ['ipv4', `10.0.${g.int(0, 3)}.${g.int(2, 250)}`],
  ['ipv6', ''],
  ['k8sPodName', g.pick(CIL_PODS)],
  ['subsys', 'endpoint'],
];
const cilium: FormatSpec = {
  name: 'cilium-agent',
  split: 'tuned',
  description: 'Cilium 1.15 agent (logrus text, no time field, sorted fields): endpoint create/regenerate/delete, identities, BPF compilation, policy imports, ipcache warnings, conntrack GC, Hubble',
  tickMs: 1200,
  templates: [
    { w: 22, make: (g) => cil('info', T`Rewrote endpoint BPF program`, [...epFields(g), ['containerInterface', 'eth0']]) },
    { w: 8, make: (g) => cil('info', T`Create endpoint request`, [['addressing', `&{10.0.${g.int(0, 3)}.${g.int(2, 250)} ${g.uuid()} default   }`], ['containerID', g.hex(64)], ['datapathConfiguration', '&{false false false false false <nil>}'], ['interface', `lxc${g.hex(8)}`], ['k8sPodName', g.pick(CIL_PODS)], ['labels', '[]'], ['subsys', 'daemon'], ['sync-build', 'true']]) },
    { w: 8, make: (g) => cil('info', T`New endpoint`, epFields(g)) },
    { w: 6, make: (g) => cil('info', T`Resolving identity labels (blocking)`, [...epFields(g), ['identityLabels', `k8s:app=${g.pick(['api', 'worker', 'frontend'])},k8s:io.kubernetes.pod.namespace=${g.pick(['payments', 'web'])}`]]) },
    { w: 6, make: (g) => cil('info', T`Identity of endpoint changed`, [...epFields(g), ['identityLabels', `k8s:app=${g.pick(['api', 'worker'])},k8s:io.kubernetes.pod.namespace=payments`], ['oldIdentity', g.pick(['no identity', 'reserved:init'])]]) },
    { w: 6, make: (g) => cil('info', T`Delete endpoint request`, [['containerID', g.hex(10)], ['endpointID', g.int(100, 4000)], ['k8sNamespace', g.pick(['payments', 'web'])], ['k8sPodName', g.pick(CIL_PODS).split('/')[1]], ['subsys', 'daemon']]) },
    { w: 6, make: (g) => cil('info', T`Removed endpoint`, epFields(g)) },
    { w: 5, make: (g) => cil('info', T`Compiled new BPF template`, [['BPFCompilationTime', `${g.float(0.5, 4, 9)}s`], ['file-path', `/var/run/cilium/state/templates/${g.hex(64)}/bpf_lxc.o`], ['subsys', 'datapath-loader']]) },
    { w: 5, make: (g) => cil('info', T`regenerating all endpoints`, [['reason', g.pick(['one or more identities created or deleted', 'Named ports changed', 'policy rules added'])], ['subsys', 'endpoint-manager']]) },
    { w: 5, make: (g) => cil('info', T`Imported CiliumNetworkPolicy`, [['ciliumNetworkPolicyName', g.pick(['allow-api', 'default-deny', 'allow-dns', 'allow-prometheus'])], ['k8sApiVersion', ''], ['k8sNamespace', g.pick(['payments', 'web', 'monitoring'])], ['subsys', 'k8s-watcher']]) },
    { w: 5, make: (g) => { const ip = `10.0.${g.int(0, 3)}.${g.int(2, 250)}`; return cil('warning', T`Unable to update ipcache map entry on pod add`, [['error', `ipcache entry for podIP ${ip} owned by kvstore or agent`], ['hostIP', `10.10.0.${g.int(10, 20)}`], ['k8sNamespace', g.pick(['payments', 'web'])], ['k8sPodName', g.pick(CIL_PODS).split('/')[1]], ['podIP', ip], ['podIPs', `[{${ip}}]`], ['subsys', 'k8s-watcher']]); } },
    { w: 4, make: (g) => cil('info', T`Conntrack garbage collector interval recalculated`, [['deleteRatio', g.float(0, 0.3, 16)], ['newInterval', g.pick(['7m30s', '11m15s', '5m0s'])], ['subsys', 'map-ct']]) },
    { w: 2, make: (g) => cil('warning', T`Regeneration of endpoint failed`, [['bpfCompilation', '0s'], ['bpfWaitForELF', `${g.float(1, 90, 3)}µs`], ['containerID', g.hex(10)], ['endpointID', g.int(100, 4000)], ['error', g.pick(['Error while configuring proxy redirects: context canceled', 'failed to load BPF program: context deadline exceeded'])], ['k8sPodName', g.pick(CIL_PODS)], ['subsys', 'endpoint'], ['total', `${g.float(1, 900, 3)}ms`]]) },
    { w: 1, make: () => cil('info', T`Starting Hubble server`, [['address', ':4244'], ['subsys', 'hubble'], ['tls', 'true']]) },
  ],
};

// ---------------------------------------------------------------------------------------------
// 88. Windows Server 2022 DHCP Server audit log (`DhcpSrvLog-Wed.log`, CSV): the header block a
// file starts with (title, event id legend, QResult note, column names; blank lines left out),
// then `ID,Date,Time,Description,...` records. The event id and its description are the
// statement; every other field a variable, a field the event always leaves empty constant (empty).

const DHCP_LEGEND = [
  'Event ID  Meaning',
  '00\tThe log was started.',
  '01\tThe log was stopped.',
  '02\tThe log was temporarily paused due to low disk space.',
  '10\tA new IP address was leased to a client.',
  '11\tA lease was renewed by a client.',
  '12\tA lease was released by a client.',
  '13\tAn IP address was found to be in use on the network.',
  "14\tA lease request could not be satisfied because the scope's address pool was exhausted.",
  '15\tA lease was denied.',
  '16\tA lease was deleted.',
  '17\tA lease was expired and DNS records for an expired leases have not been deleted.',
  '18\tA lease was expired and DNS records were deleted.',
  '20\tA BOOTP address was leased to a client.',
  '21\tA dynamic BOOTP address was leased to a client.',
  "22\tA BOOTP request could not be satisfied because the scope's address pool for BOOTP was exhausted.",
  '23\tA BOOTP IP address was deleted after checking to see it was not in use.',
  '24\tIP address cleanup operation has began.',
  '25\tIP address cleanup statistics.',
  '30\tDNS update request to the named DNS server.',
  '31\tDNS update failed.',
  '32\tDNS update successful.',
  '33\tPacket dropped due to NAP policy.',
  '34\tDNS update request failed.as the DNS update request queue limit exceeded.',
  '35\tDNS update request failed.',
  '36\tPacket dropped because the server is in failover standby role or the hash of the client ID does not match.',
  '50+\tCodes above 50 are used for Rogue Server Detection information.',
  'QResult: 0: NoQuarantine, 1:Quarantine, 2:Drop Packet, 3:Probation,6:No Quarantine Information ProbationTime:Year-Month-Day Hour:Minute:Second:MilliSecond.',
  'ID,Date,Time,Description,IP Address,Host Name,MAC Address,User Name, TransactionID, QResult,Probationtime, CorrelationID,Dhcid,VendorClass(Hex),VendorClass(ASCII),UserClass(Hex),UserClass(ASCII),RelayAgentInformation,DnsRegError.',
];
const dhcpDate = (g: Gen) => { const d = new Date(g.now); return `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(d.getUTCFullYear() % 100)}`; };
const dhcpTime = (g: Gen) => { const d = new Date(g.now); return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`; };
const CLIENTS = ['LAPTOP-7H2KQ1', 'DESKTOP-4F9MZ2', 'PC-FIN-023', 'iPhone', 'Galaxy-S23', 'PRN-HP-3F', 'MR-ROOM-12'];
const VENDOR = [['0x4D53465420352E30', 'MSFT 5.0'], ['0x616E64726F69642D646863702D3134', 'android-dhcp-14'], ['0x48502050726F437572766520', 'HP ProCurve ']];
const dhcpIp = (g: Gen) => `10.20.${g.pick([10, 20, 30])}.${g.int(20, 250)}`;
const fqdn = (g: Gen) => `${g.pick(CLIENTS)}.corp.example.com`;
const mac = (g: Gen) => g.hex(12).toUpperCase();
/** A lease record: id, date, time, description, ip, host, mac, user, transaction id, qresult, then the class columns. */
function lease(g: Gen, id: string, desc: string): Made {
  const [vh, va] = g.pick(VENDOR);
  return T`${id},${v(dhcpDate(g))},${v(dhcpTime(g))},${desc},${v(dhcpIp(g))},${v(fqdn(g))},${v(mac(g))},,${v(g.int(10000000, 4294967295))},${v(0)},,,,${v(vh)},${v(va)},,,,${v(0)}`;
}
/** A record with no client: ip, host and mac as the event fills them, transaction id 0, qresult 6. */
const dnsRec = (g: Gen, id: string, desc: string, err: number): Made =>
  T`${id},${v(dhcpDate(g))},${v(dhcpTime(g))},${desc},${v(dhcpIp(g))},${v(fqdn(g))},,,${v(0)},${v(6)},,,,,,,,,${v(err)}`;
const windowsDhcp: FormatSpec = {
  name: 'windows-dhcp',
  split: 'tuned',
  description: 'Windows Server 2022 DHCP Server audit log (CSV, DhcpSrvLog-*.log): the header block and legend, Assign/Renew/Release, NACK, DNS update request/success/failure, expired and deleted leases, database cleanup, scope full, rogue detection',
  tickMs: 15000,
  templates: [
    { w: 20, make: (g) => lease(g, '10', 'Assign') },
    { w: 30, make: (g) => lease(g, '11', 'Renew') },
    { w: 8, make: (g) => lease(g, '12', 'Release') },
    { w: 20, make: (g) => dnsRec(g, '30', 'DNS Update Request', 0) },
    { w: 16, make: (g) => dnsRec(g, '32', 'DNS Update Successful', 0) },
    { w: 3, make: (g) => dnsRec(g, '31', 'DNS Update Failed', g.pick([9005, 9002, 1460])) },
    { w: 4, make: (g) => T`15,${v(dhcpDate(g))},${v(dhcpTime(g))},NACK,${v(dhcpIp(g))},,${v(mac(g))},,${v(g.int(10000000, 4294967295))},${v(0)},,,,,,,,,${v(0)}` },
    { w: 4, make: (g) => dnsRec(g, '18', 'Expired', 0) },
    { w: 2, make: (g) => T`16,${v(dhcpDate(g))},${v(dhcpTime(g))},Deleted,${v(dhcpIp(g))},${v(fqdn(g))},${v(mac(g))},,${v(0)},${v(6)},,,,,,,,,${v(0)}` },
    { w: 1, make: (g) => T`14,${v(dhcpDate(g))},${v(dhcpTime(g))},Scope Full,${v(`10.20.${g.pick([10, 20, 30])}.0`)},,,,${v(0)},${v(6)},,,,,,,,,${v(0)}` },
    { w: 1, make: (g) => T`36,${v(dhcpDate(g))},${v(dhcpTime(g))},Packet dropped because of Client ID hash mismatch or standby server.,${v(dhcpIp(g))},,${v(mac(g))},,${v(g.int(10000000, 4294967295))},${v(0)},,,,,,,,,${v(0)}` },
    {
      w: 1,
      make: (g) => [
        T`24,${v(dhcpDate(g))},${v(dhcpTime(g))},Database Cleanup Begin,,,,,${v(0)},${v(6)},,,,,,,,,${v(0)}`,
        T`25,${v(dhcpDate(g))},${v(dhcpTime(g))},${v(g.int(0, 40))} leases expired and ${v(g.int(0, 40))} leases deleted,,,,,${v(0)},${v(6)},,,,,,,,,${v(0)}`,
      ],
    },
    {
      w: 0.1,
      make: (g) => [
        T`\t\tMicrosoft DHCP Service Activity Log`,
        ...DHCP_LEGEND.map((l) => ({ line: l, template: l })),
        T`00,${v(dhcpDate(g))},${v(dhcpTime(g))},Started,,,,,${v(0)},${v(6)},,,,,,,,,${v(0)}`,
        T`55,${v(dhcpDate(g))},${v(dhcpTime(g))},Authorized(servicing),,${v('corp.example.com')},,,${v(0)},${v(6)},,,,,,,,,${v(0)}`,
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 89. Ceph 18 (Reef) cluster log (`/var/log/ceph/ceph.log`: `stamp who (name) seq : channel
// [LEVEL] message`), written by the monitors for every daemon: pgmap summaries, osdmap epochs,
// health checks, OSD failures and boots, scrubs, audit lines for admin commands. The channel and
// level are part of the statement (a logger and a level in a text line); a health check's summary
// and code are its parameters, and pgmap's I/O / recovery tail (built from parts) is one.

const cephStamp = (g: Gen) => new Date(g.now).toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(g.int(0, 999)).padStart(3, '0')}+0000`);
const MONS = [['mon.ceph-a', 'mon.0'], ['mon.ceph-b', 'mon.1'], ['mon.ceph-c', 'mon.2']];
function ceph(g: Gen, who: [string, string], channel: string, level: string, msg: Made): Made {
  // the per-daemon entry sequence number: grows with time, as each daemon's counter does
  const seq = Math.floor((g.now - Date.UTC(2024, 5, 12)) / 700) + g.int(0, 3);
  return cat(T`${v(cephStamp(g))} ${v(who[0])} (${v(who[1])}) ${v(seq)} : ${channel} [${level}] `, msg);
}
const mon = (g: Gen): [string, string] => (g.chance(0.8) ? ['mon.ceph-a', 'mon.0'] : (g.pick(MONS) as [string, string]));
const mgr = (): [string, string] => ['mgr.ceph-a.xkzrbq', 'mgr.14152'];
const osdWho = (g: Gen): [string, string] => { const n = `osd.${g.int(0, 11)}`; return [n, n]; };
const pgid = (g: Gen) => `${g.int(1, 9)}.${g.int(0, 255).toString(16)}`;
const HEALTH = [
  (g: Gen) => [`${g.int(1, 3)} osds down`, 'OSD_DOWN'],
  (g: Gen) => [`Degraded data redundancy: ${g.int(100, 90000)}/${g.int(100000, 900000)} objects degraded (${g.float(0.1, 20, 3)}%), ${g.int(1, 90)} pgs degraded`, 'PG_DEGRADED'],
  (g: Gen) => [`${g.int(1, 400)} slow ops, oldest one blocked for ${g.int(30, 900)} sec, daemons [osd.${g.int(0, 11)},osd.${g.int(0, 11)}] have slow ops.`, 'SLOW_OPS'],
  (g: Gen) => [`Reduced data availability: ${g.int(1, 9)} pgs inactive, ${g.int(1, 9)} pgs peering`, 'PG_AVAILABILITY'],
  () => ['1 host (3 osds) down', 'OSD_HOST_DOWN'],
] as const;
function pgmap(g: Gen): Made {
  const pgs = 321;
  const bad = g.chance(0.25) ? g.int(1, 40) : 0;
  const states = bad ? `${pgs - bad} active+clean, ${bad} active+undersized+degraded` : `${pgs} active+clean`;
  const io = `${g.float(0.1, 90, 1)} MiB/s rd, ${g.float(0.1, 40, 1)} MiB/s wr, ${g.int(10, 4000)} op/s${bad ? `; ${g.int(100, 9000)}/${g.int(100000, 900000)} objects degraded (${g.float(0.1, 9, 3)}%); ${g.float(1, 90, 1)} MiB/s, ${g.int(1, 40)} objects/s recovering` : ''}`;
  return ceph(g, mgr(), 'cluster', 'DBG', T`pgmap v${v(g.int(10000, 900000))}: ${v(pgs)} pgs: ${v(states)}; ${v(`${g.float(1, 3, 1)} TiB`)} data, ${v(`${g.float(3, 9, 1)} TiB`)} used, ${v(`${g.float(5, 12, 1)} TiB`)} / ${v('15 TiB')} avail; ${v(io)}`);
}
const cephCluster: FormatSpec = {
  name: 'ceph',
  split: 'tuned',
  description: 'Ceph 18 (Reef) cluster log ceph.log: pgmap summaries, osdmap epochs, health checks failed/updated/cleared, OSD failure reports and boots, scrubs and deep scrubs, audit lines for admin commands (dispatch/finished)',
  tickMs: 2500,
  templates: [
    { w: 30, make: (g) => pgmap(g) },
    { w: 6, make: (g) => ceph(g, mon(g), 'cluster', 'DBG', T`osdmap e${v(g.int(1000, 9000))}: ${v(12)} total, ${v(g.int(9, 12))} up, ${v(g.int(11, 12))} in`) },
    { w: 4, make: (g) => { const [s, c] = g.pick(HEALTH)(g); return ceph(g, mon(g), 'cluster', 'WRN', T`Health check failed: ${v(s)} (${v(c)})`); } },
    { w: 6, make: (g) => { const [s, c] = g.pick(HEALTH)(g); return ceph(g, mon(g), 'cluster', 'WRN', T`Health check update: ${v(s)} (${v(c)})`); } },
    { w: 4, make: (g) => { const [s, c] = g.pick(HEALTH)(g); return ceph(g, mon(g), 'cluster', 'INF', T`Health check cleared: ${v(c)} (was: ${v(s)})`); } },
    { w: 2, make: (g) => ceph(g, mon(g), 'cluster', 'INF', T`Cluster is now healthy`) },
    { w: 3, make: (g) => ceph(g, mon(g), 'cluster', 'INF', T`overall HEALTH_OK`) },
    { w: 2, make: (g) => ceph(g, mon(g), 'cluster', 'WRN', T`overall HEALTH_WARN ${v(g.pick([`${g.int(1, 3)} osds down`, 'noout flag(s) set', `${g.int(1, 40)} pgs not deep-scrubbed in time`]))}`) },
    { w: 3, make: (g) => { const o = g.int(0, 11); return ceph(g, mon(g), 'cluster', 'INF', T`osd.${v(o)} failed (${v(`root=default,host=ceph-node${g.int(1, 4)}`)}) (${v(g.int(2, 3))} reporters from different host after ${v(g.float(20, 24, 6))} >= grace ${v('20.000000')})`); } },
    { w: 3, make: (g) => { const o = g.int(0, 11); const ip = `10.30.0.${g.int(11, 14)}`; const port = 6800 + 2 * g.int(0, 5); const n = g.int(1000, 99999); return ceph(g, mon(g), 'cluster', 'INF', T`osd.${v(o)} [${v(`v2:${ip}:${port}/${n},v1:${ip}:${port + 1}/${n}`)}] boot`); } },
    { w: 7, make: (g) => ceph(g, osdWho(g), 'cluster', 'DBG', T`${v(pgid(g))} scrub starts`) },
    { w: 7, make: (g) => ceph(g, osdWho(g), 'cluster', 'DBG', T`${v(pgid(g))} scrub ok`) },
    { w: 3, make: (g) => ceph(g, osdWho(g), 'cluster', 'DBG', T`${v(pgid(g))} deep-scrub starts`) },
    { w: 3, make: (g) => ceph(g, osdWho(g), 'cluster', 'DBG', T`${v(pgid(g))} deep-scrub ok`) },
    {
      w: 5,
      make: (g) => {
        const from = g.chance(0.5) ? `client.? 10.30.0.${g.int(2, 9)}:0/${g.int(100000000, 4000000000)}` : `mgr.14152 10.30.0.11:0/${g.int(1000, 9999)}`;
        const cmd = g.pick([`[{"prefix": "osd pool set", "pool": "rbd", "var": "size", "val": "3"}]`, `[{"prefix": "osd set", "key": "noout"}]`, `[{"prefix": "config set", "who": "osd", "name": "osd_max_backfills", "value": "2"}]`, `[{"prefix": "auth get-or-create", "entity": "client.k8s", "caps": ["mon", "profile rbd", "osd", "profile rbd pool=kube"]}]`]);
        const who = mon(g);
        const ent = g.pick(['client.admin', 'mgr.ceph-a.xkzrbq']);
        return [ceph(g, who, 'audit', 'INF', T`from='${v(from)}' entity='${v(ent)}' cmd=${v(cmd)}: dispatch`), ceph(g, who, 'audit', 'INF', T`from='${v(from)}' entity='${v(ent)}' cmd='${v(cmd)}': finished`)];
      },
    },
  ],
};

export const ROUND13_FORMATS_A: readonly FormatSpec[] = [nextcloud, cilium, windowsDhcp, cephCluster];
