// Generality set, round 11 (part 2 of 2): OpenLDAP's slapd, the Unbound resolver and the Kea
// DHCPv4 server. Written before any round-11 miner change; UNTOUCHED (see formats-round11.ts).
import { Gen, T, v, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

// ---------------------------------------------------------------------------------------------
// 76. OpenLDAP 2.6 slapd with `logfile` and `loglevel stats` (its own file: `%08lx.%08x %p `,
// hex seconds, hex microseconds and the thread): per-connection ACCEPT, StartTLS, BIND, SRCH
// with its attribute list, MOD, RESULT / SEARCH RESULT with qtime and etime, UNBIND and close.
// Each line is one printf of slapd: its keys and words are the statement, every value a variable
// (`dn="..."` keeps its quotes; an empty `text=` is an empty value).

const SUFFIX = 'dc=acme,dc=example';
const LDAP_USERS = ['alice', 'bob', 'carol', 'svc-gitlab', 'svc-jenkins', 'j.doe', 'm.rossi'];
const THREADS = ['0x7f3a2c1ff640', '0x7f3a2b9fe640', '0x7f3a2b1fd640', '0x7f3a2a9fc640'];
const sl = (g: Gen, msg: Made) => {
  const s = Math.floor(g.now / 1000);
  return cat(T`${v(`${s.toString(16)}.${g.int(0, 999999).toString(16).padStart(8, '0')}`)} ${v(g.pick(THREADS))} `, msg);
};
const times = (g: Gen) => [g.float(0.000005, 0.00004, 6), g.float(0.00004, 0.02, 6)];
const userDn = (u: string) => (u.startsWith('svc-') ? `cn=${u},ou=services,${SUFFIX}` : `uid=${u},ou=people,${SUFFIX}`);

function ldapSession(g: Gen): Made[] {
  const conn = g.int(1000, 250000);
  const fd = g.int(12, 80);
  const ip = g.pick([`10.20.${g.int(0, 3)}.${g.int(2, 250)}`, `192.168.10.${g.int(2, 250)}`]);
  const out: Made[] = [];
  const result = (op: number, tag: number, err: number, text = '') => {
    const [q, e] = times(g);
    return sl(g, T`conn=${v(conn)} op=${v(op)} RESULT tag=${v(tag)} err=${v(err)} qtime=${v(q)} etime=${v(e)} text=${v(text)}`);
  };
  out.push(sl(g, T`conn=${v(conn)} fd=${v(fd)} ACCEPT from IP=${v(`${ip}:${g.int(32768, 60999)}`)} (IP=${v(g.pick(['0.0.0.0:389', '0.0.0.0:636', '[::]:389']))})`));
  let op = 0;
  const tls = g.chance(0.7);
  if (tls) {
    out.push(sl(g, T`conn=${v(conn)} op=${v(op)} EXT oid=${v('1.3.6.1.4.1.1466.20037')}`));
    out.push(sl(g, T`conn=${v(conn)} op=${v(op)} STARTTLS`));
    const [q, e] = times(g);
    out.push(sl(g, T`conn=${v(conn)} op=${v(op)} RESULT oid= err=${v(0)} qtime=${v(q)} etime=${v(e)} text=${v('')}`));
    out.push(sl(g, T`conn=${v(conn)} fd=${v(fd)} TLS established tls_ssf=${v(256)} ssf=${v(256)} tls_proto=${v(g.pick(['TLSv1.3', 'TLSv1.2']))} tls_cipher=${v(g.pick(['TLS_AES_256_GCM_SHA384', 'ECDHE-RSA-AES256-GCM-SHA384']))}`));
    op++;
  }
  const user = g.pickSkewed(LDAP_USERS);
  const dn = userDn(user);
  out.push(sl(g, T`conn=${v(conn)} op=${v(op)} BIND dn="${v(dn)}" method=${v(128)}`));
  const bad = g.chance(0.15);
  if (bad) {
    out.push(result(op, 97, 49));
    out.push(sl(g, T`conn=${v(conn)} op=${v(op + 1)} UNBIND`));
    out.push(sl(g, T`conn=${v(conn)} fd=${v(fd)} closed`));
    return out;
  }
  out.push(sl(g, T`conn=${v(conn)} op=${v(op)} BIND dn="${v(dn)}" mech=${v('SIMPLE')} bind_ssf=${v(0)} ssf=${v(tls ? 256 : 0)}`));
  out.push(result(op, 97, 0));
  for (let i = g.int(1, 3); i > 0; i--) {
    op++;
    if (g.chance(0.85)) {
      const who = g.pick(LDAP_USERS.filter((u) => !u.startsWith('svc-')));
      const filter = g.pick([
        `(&(objectClass=posixAccount)(uid=${who}))`,
        `(&(objectClass=groupOfNames)(member=uid=${who},ou=people,${SUFFIX}))`,
        `(|(mail=${who}@acme.example)(uid=${who}))`,
        '(objectClass=*)',
      ]);
      const n = filter === '(objectClass=*)' ? g.int(0, 400) : g.int(0, 3);
      out.push(sl(g, T`conn=${v(conn)} op=${v(op)} SRCH base="${v(g.pick([SUFFIX, `ou=people,${SUFFIX}`, `ou=groups,${SUFFIX}`]))}" scope=${v(g.pick([1, 2]))} deref=${v(g.pick([0, 3]))} filter="${v(filter)}"`));
      if (g.chance(0.8)) out.push(sl(g, T`conn=${v(conn)} op=${v(op)} SRCH attr=${v(g.pick(['uid cn mail memberOf', 'dn', 'cn member', 'uid uidNumber gidNumber homeDirectory loginShell', '1.1']))}`));
      const [q, e] = times(g);
      out.push(sl(g, T`conn=${v(conn)} op=${v(op)} SEARCH RESULT tag=${v(101)} err=${v(g.chance(0.05) ? 32 : 0)} qtime=${v(q)} etime=${v(e)} nentries=${v(n)} text=${v('')}`));
    } else {
      const target = userDn(g.pick(LDAP_USERS));
      out.push(sl(g, T`conn=${v(conn)} op=${v(op)} MOD dn="${v(target)}"`));
      out.push(sl(g, T`conn=${v(conn)} op=${v(op)} MOD attr=${v(g.pick(['userPassword shadowLastChange', 'mail', 'telephoneNumber displayName', 'pwdFailureTime']))}`));
      const denied = g.chance(0.2);
      out.push(result(op, 103, denied ? 50 : 0, denied ? 'no write access to parent' : ''));
    }
  }
  out.push(sl(g, T`conn=${v(conn)} op=${v(op + 1)} UNBIND`));
  out.push(sl(g, T`conn=${v(conn)} fd=${v(fd)} closed`));
  return out;
}

const slapd: FormatSpec = {
  name: 'openldap-slapd',
  split: 'tuned',
  description:
    'OpenLDAP 2.6 slapd, loglevel stats, its own logfile (hex time, thread): connections with StartTLS, simple BINDs (failed with err=49), searches with filters and attribute lists, modifications, RESULT lines with qtime/etime, UNBIND and close',
  tickMs: 300,
  templates: [
    { w: 20, make: (g) => ldapSession(g) },
    {
      w: 1,
      make: (g) => {
        const conn = g.int(1000, 250000);
        const fd = g.int(12, 80);
        return [
          sl(g, T`conn=${v(conn)} fd=${v(fd)} ACCEPT from IP=${v(`10.20.${g.int(0, 3)}.${g.int(2, 250)}:${g.int(32768, 60999)}`)} (IP=${v('0.0.0.0:389')})`),
          sl(g, T`conn=${v(conn)} fd=${v(fd)} closed (connection lost)`),
        ];
      },
    },
    { w: 1, make: (g) => sl(g, T`connection_input: conn=${v(g.int(1000, 250000))} deferring operation: ${v(g.pick(['too many executing', 'pending operations']))}`) },
  ],
};

// ---------------------------------------------------------------------------------------------
// 77. Unbound 1.19 resolver with `log-queries` and `log-replies`, its own logfile (`[epoch]
// unbound[pid:thread] level: `): query and reply lines (the qtype, class and rcode are the
// statement's parameters, as CoreDNS's query line), SERVFAILs and validation failures, network
// errors, and the statistics block written at each `statistics-interval`.

const DOMAINS = ['www.google.com.', 'api.github.com.', 'registry-1.docker.io.', 'acme.example.', 'login.microsoftonline.com.', 'cdn.jsdelivr.net.', 'time.cloudflare.com.', 'grafana.obs.acme.example.'];
const ub = (g: Gen, level: string, msg: Made, thread = g.int(0, 3)) => cat(T`[${v(Math.floor(g.now / 1000))}] unbound[${v(812)}:${v(thread)}] ${level}: `, msg);
const QTYPES = ['A', 'AAAA', 'A', 'HTTPS', 'PTR', 'MX', 'TXT', 'SRV'];
const UB_VERSION = '1.19.3';

const unbound: FormatSpec = {
  name: 'unbound',
  split: 'tuned',
  description:
    'Unbound 1.19 resolver (log-queries, log-replies, own logfile with epoch stamps): query and reply lines, SERVFAIL and DNSSEC validation failures, sendto errors with the remote address, per-thread statistics and the recursion-time histogram, restarts',
  tickMs: 500,
  templates: [
    {
      w: 40,
      make: (g) => {
        const client = g.pick([`10.8.${g.int(0, 3)}.${g.int(2, 250)}`, '127.0.0.1', `fd00:8::${g.hex(3)}`]);
        const d = g.pickSkewed(DOMAINS);
        const qt = g.pickSkewed(QTYPES);
        const th = g.int(0, 3);
        const cached = g.chance(0.6);
        return [
          ub(g, 'info', T`${v(client)} ${v(d)} ${v(qt)} ${v('IN')}`, th),
          ub(g, 'info', T`${v(client)} ${v(d)} ${v(qt)} ${v('IN')} ${v(g.pickSkewed(['NOERROR', 'NOERROR', 'NXDOMAIN', 'SERVFAIL']))} ${v(cached ? '0.000000' : g.float(0.002, 0.4, 6))} ${v(cached ? 1 : 0)} ${v(g.int(40, 600))}`, th),
        ];
      },
    },
    { w: 3, make: (g) => ub(g, 'error', T`SERVFAIL <${v(g.pick(['broken.acme-legacy.example.', 'dnssec-failed.org.', 'ns-down.example.net.']))} ${v(g.pick(['A', 'AAAA']))} IN>: ${v(g.pick(['all servers for this domain failed, at zone acme-legacy.example. upstream server timeout', 'exceeded the maximum nameserver nxdomains', 'all the configured stub or forward servers failed, at zone .']))}`) },
    { w: 2, make: (g) => ub(g, 'info', T`validation failure <${v(g.pick(['dnssec-failed.org.', 'www.dnssec-failed.org.', 'rhybar.cz.']))} ${v(g.pick(['A', 'AAAA', 'DS']))} IN>: ${v(g.pick(['no keys have a DS with algorithm RSASHA1 from 68.87.85.132 for key dnssec-failed.org. while building chain of trust', 'signature expired from 193.29.206.1 for trust anchor rhybar.cz. while building chain of trust', 'no signatures from 69.252.80.75 for DNSKEY dnssec-failed.org. while building chain of trust']))}`) },
    {
      w: 3,
      make: (g) => [
        ub(g, 'notice', T`sendto failed: ${v(g.pick(['Network is unreachable', 'Permission denied', 'Cannot assign requested address']))}`),
        ub(g, 'notice', T`remote address is ${v(g.pick(['2001:500:2f::f', '199.7.83.42', '2001:7fd::1', '192.5.5.241']))} port ${v(53)}`),
      ],
    },
    {
      w: 1,
      make: (g) => {
        const out: Made[] = [];
        for (let th = 0; th < 4; th++) {
          const q = g.int(2000, 40000);
          const cache = Math.floor(q * Number(g.float(0.5, 0.8, 3)));
          out.push(ub(g, 'info', T`server stats for thread ${v(th)}: ${v(q)} queries, ${v(cache)} answers from cache, ${v(q - cache)} recursions, ${v(g.int(0, 300))} prefetch, ${v(0)} rejected by ip ratelimiting`, th));
          out.push(ub(g, 'info', T`server stats for thread ${v(th)}: requestlist max ${v(g.int(5, 60))} avg ${v(g.float(0.5, 9, 5))} exceeded ${v(0)} jostled ${v(0)}`, th));
          out.push(ub(g, 'info', T`average recursion processing time ${v(g.float(0.02, 0.2, 6))} sec`, th));
          out.push(ub(g, 'info', T`histogram of recursion processing times`, th));
          out.push(ub(g, 'info', T`[25%]=${v(g.float(0.001, 0.01, 6))} median[50%]=${v(g.float(0.01, 0.05, 6))} [75%]=${v(g.float(0.05, 0.2, 6))}`, th));
          out.push(ub(g, 'info', T`lower(secs) upper(secs) recursions`, th));
          let lo = 0;
          for (let b = g.int(3, 7); b > 0; b--) {
            const hi = lo === 0 ? 0.000001 : lo * 2;
            const f = (x: number) => x.toFixed(6).padStart(11, ' ');
            out.push(ub(g, 'info', T`${v(f(lo))} ${v(f(hi))} ${v(g.int(1, 900))}`, th));
            lo = lo === 0 ? 0.001 : hi * 2;
          }
        }
        return out;
      },
    },
    {
      w: 0.3,
      make: (g) => [
        ub(g, 'info', T`service stopped (unbound ${v(UB_VERSION)}).`, 0),
        ub(g, 'notice', T`Restart of unbound ${v(UB_VERSION)}.`, 0),
        ub(g, 'notice', T`init module ${v(0)}: ${v('validator')}`, 0),
        ub(g, 'notice', T`init module ${v(1)}: ${v('iterator')}`, 0),
        ub(g, 'info', T`start of service (unbound ${v(UB_VERSION)}).`, 0),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 78. ISC Kea 2.4 DHCPv4 server (`kea-dhcp4`, output to a file, default pattern `%d{%Y-%m-%d
// %H:%M:%S.%q} %-5p [%c/%i.%t] %m`): each message opens with its message id (part of the
// statement), client identification `[hwtype=1 <mac>], cid=[<id>|no info], tid=0x..:` and the
// message text; leases allocated, renewed and released, declines, allocation failures, packet
// debug lines, lease file cleanup, HA heartbeats, reconfiguration.

const kea = (g: Gen, level: string, logger: string, id: string, msg: Made) => {
  const d = new Date(g.now).toISOString().replace('T', ' ').replace('Z', '');
  return cat(T`${v(d)} ${level.padEnd(5, ' ')} [kea-dhcp4.${logger}/${v(1187)}.${v(g.pick(['140183372711936', '140183364319232', '140183355926528']))}] ${id} `, msg);
};
const keaMac = (g: Gen) => ['00', g.hex(2), g.hex(2), g.hex(2), g.hex(2), g.hex(2)].join(':');
function clientId(g: Gen, mac: string): Made {
  const cid = g.chance(0.7) ? `01:${mac}` : 'no info';
  return T`[hwtype=1 ${v(mac)}], cid=[${v(cid)}], tid=${v(`0x${g.hex(8)}`)}: `;
}
const SUBNETS: Array<[string, number]> = [
  ['192.168.10.0/24', 1],
  ['192.168.20.0/24', 2],
  ['10.50.0.0/22', 3],
];
const leaseIp = (g: Gen) => {
  const [net] = g.pickSkewed(SUBNETS);
  return net.startsWith('10.') ? `10.50.${g.int(0, 3)}.${g.int(2, 254)}` : `${net.slice(0, net.lastIndexOf('.'))}.${g.int(20, 250)}`;
};

const keaDhcp4: FormatSpec = {
  name: 'kea-dhcp4',
  split: 'tuned',
  description:
    'ISC Kea 2.4 kea-dhcp4 log file: message ids with client identification (hwtype/MAC, client id or "no info", transaction id), leases advertised, allocated, renewed, released and declined, allocation failures, packet debug lines, lease file cleanup, HA heartbeat failures, reconfiguration',
  tickMs: 900,
  templates: [
    {
      w: 30,
      make: (g) => {
        const mac = keaMac(g);
        const c = clientId(g, mac);
        const ip = leaseIp(g);
        const iface = g.pick(['eth0', 'eth1', 'vlan20']);
        const out: Made[] = [];
        if (g.chance(0.4)) out.push(kea(g, 'DEBUG', 'packets', 'DHCP4_PACKET_RECEIVED', cat(c, T`${v('DHCPDISCOVER')} (type ${v(1)}) received from ${v('0.0.0.0')} to ${v('255.255.255.255')} on interface ${v(iface)}`)));
        out.push(kea(g, 'INFO', 'leases', 'DHCP4_LEASE_ADVERT', cat(c, T`lease ${v(ip)} will be advertised`)));
        out.push(kea(g, 'INFO', 'leases', 'DHCP4_LEASE_ALLOC', cat(c, T`lease ${v(ip)} has been allocated for ${v(g.pick([3600, 7200, 86400]))} seconds`)));
        return out;
      },
    },
    {
      w: 18,
      make: (g) => {
        const mac = keaMac(g);
        return kea(g, 'INFO', 'leases', 'DHCP4_LEASE_ALLOC', cat(clientId(g, mac), T`lease ${v(leaseIp(g))} has been allocated for ${v(g.pick([3600, 7200, 86400]))} seconds`));
      },
    },
    { w: 5, make: (g) => kea(g, 'INFO', 'leases', 'DHCP4_RELEASE', cat(clientId(g, keaMac(g)), T`address ${v(leaseIp(g))} was released properly.`)) },
    {
      w: 3,
      make: (g) => {
        const [net, id] = g.pick(SUBNETS);
        const mac = keaMac(g);
        return [
          kea(g, 'WARN', 'alloc-engine', 'ALLOC_ENGINE_V4_ALLOC_FAIL_SUBNET', cat(clientId(g, mac), T`failed to allocate an IPv4 lease in the subnet ${v(net)}, subnet-id ${v(id)}, shared network ${v('(none)')}`)),
          kea(g, 'WARN', 'alloc-engine', 'ALLOC_ENGINE_V4_ALLOC_FAIL', cat(clientId(g, mac), T`failed to allocate an IPv4 address after ${v(g.int(200, 1020))} attempt(s)`)),
        ];
      },
    },
    { w: 2, make: (g) => kea(g, 'INFO', 'leases', 'DHCP4_DECLINE_LEASE', T`Received DHCPDECLINE for addr ${v(leaseIp(g))} from client ${v(`[hwtype=1 ${keaMac(g)}], cid=[no info], tid=0x${g.hex(8)}`)}. The lease will be unavailable for ${v(86400)} seconds.`) },
    { w: 3, make: (g) => kea(g, 'DEBUG', 'bad-packets', 'DHCP4_PACKET_DROP_0001', T`${v(`[hwtype=1 ${keaMac(g)}], cid=[no info], tid=0x${g.hex(8)}`)}: failed to parse packet from ${v(g.pick(['0.0.0.0', '192.168.20.1']))} to ${v('255.255.255.255')}, received over interface ${v(g.pick(['eth0', 'vlan20']))}, reason: ${v(g.pick(['Option 82 truncated', 'Invalid packet: hlen too large', 'truncated packet (length 201)']))}`) },
    {
      w: 1,
      make: (g) => [
        kea(g, 'INFO', 'dhcpsrv', 'DHCPSRV_MEMFILE_LFC_START', T`starting Lease File Cleanup`),
        kea(g, 'INFO', 'dhcpsrv', 'DHCPSRV_MEMFILE_LFC_EXECUTE', T`executing Lease File Cleanup using: ${v('/usr/sbin/kea-lfc -4 -x /var/lib/kea/kea-leases4.csv.2 -i /var/lib/kea/kea-leases4.csv.1 -o /var/lib/kea/kea-leases4.csv.output -f /var/lib/kea/kea-leases4.csv.completed -p /run/kea/kea-dhcp4.kea-lfc.pid -c ignored-path')}`),
      ],
    },
    { w: 2, make: (g) => kea(g, 'WARN', 'ha-hooks', 'HA_HEARTBEAT_COMMUNICATIONS_FAILED', T`${v('kea-dhcp4-b')}: failed to send heartbeat to ${v('kea-dhcp4-b (http://10.0.0.12:8004/)')}: ${v(g.pick(['Connection refused', 'Connection timed out', 'No route to host']))}`) },
    {
      w: 0.4,
      make: (g) => [
        kea(g, 'INFO', 'dhcp4', 'DHCP4_DYNAMIC_RECONFIGURATION', T`initiate server reconfiguration using file: ${v('/etc/kea/kea-dhcp4.conf')}, after receiving SIGHUP signal or config-reload command`),
        kea(g, 'INFO', 'dhcp4', 'DHCP4_CONFIG_COMPLETE', T`DHCPv4 server has completed configuration: ${v(`added IPv4 subnets: ${SUBNETS.length}; DDNS: disabled`)}`),
      ],
    },
  ],
};

export const ROUND11_FORMATS_B: readonly FormatSpec[] = [slapd, unbound, keaDhcp4];
