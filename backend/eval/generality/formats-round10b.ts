// Generality set, round 10 (part 2 of 2): pfSense's filterlog and system log, Asterisk's full log
// and HashiCorp Vault's file audit device. Written before any round-10 miner change; untouched in
// round 10, tuned from round 11 on (see formats-round10.ts).
import { Gen, T, v, jsonLine, MONTHS, type Made, type Param } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');
function bsdTime(g: Gen): string {
  const d = new Date(g.now);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

// ---------------------------------------------------------------------------------------------
// 69. pfSense 2.7 remote syslog (BSD format): mostly `filterlog[pid]: ` lines, whose message is
// the documented filter-log CSV (rule, sub-rule, anchor, tracker, interface, reason, action,
// direction, IP version, then the IPv4 or IPv6 header fields, then the protocol's: TCP ports,
// length, flags, sequence, ack, window, urg, options; UDP ports and length; ICMP type and its
// fields). Every field is a parameter; which fields a line has (IP version, protocol, ICMP type)
// is filterlog's branch, so each layout is its own statement, and a field filterlog always leaves
// empty for that layout is constant (empty). Beside them, the system's own daemons: dhcpd,
// sshguard, the web GUI's logins, unbound, charon (strongSwan) and check_reload_status.

/** A CSV record: a Param is a field value (`<*>`), a string a field that is always this text. */
function csv(fields: Array<Param | string>): Made {
  return {
    line: fields.map((f) => (typeof f === 'string' ? f : f.v)).join(','),
    template: fields.map((f) => (typeof f === 'string' ? f : '<*>')).join(','),
  };
}
const PF_HOSTS = ['pfsense-gw', 'pfsense-gw-b'];
const pfs = (g: Gen, prog: string, pid: number | null, msg: Made) =>
  pid === null ? cat(T`${v(bsdTime(g))} ${v(g.pick(PF_HOSTS))} ${prog}: `, msg) : cat(T`${v(bsdTime(g))} ${v(g.pick(PF_HOSTS))} ${prog}[${v(pid)}]: `, msg);
const FILTERLOG_PID = [43127, 43127, 88412];
const RULES: Array<[number, string]> = [
  [4, '1000000103'],
  [5, '1000000104'],
  [61, '1718186401'],
  [72, '1718190022'],
  [9, '1000002620'],
];
function pfHead(g: Gen, ipv: 4 | 6, inbound: boolean): Array<Param | string> {
  const [rule, tracker] = g.pickSkewed(RULES);
  const block = g.chance(0.6);
  return [v(rule), '', '', v(tracker), v(g.pick(inbound ? ['igb0', 'pppoe0'] : ['igb1', 'igb1.20', 'ovpns1'])), v('match'), v(block ? 'block' : 'pass'), v(inbound ? 'in' : 'out'), v(ipv)];
}
function ipv4(g: Gen, protoId: number, proto: string, len: number, src: string, dst: string): Array<Param | string> {
  return [v('0x0'), '', v(g.pickSkewed([64, 128, 243, 51, 117])), v(g.int(0, 65535)), v(0), v(g.pick(['DF', 'none'])), v(protoId), v(proto), v(len), v(src), v(dst)];
}
const lan = (g: Gen) => `192.168.${g.pick([1, 20, 30])}.${g.int(2, 250)}`;
function filterlog(g: Gen): Made {
  const kind = g.pickSkewed(['tcp4', 'tcp4', 'udp4', 'tcp4', 'udp4', 'icmp4', 'icmp6', 'udp6']);
  const inbound = g.chance(0.7);
  const src = inbound ? g.publicIp() : lan(g);
  const dst = inbound ? g.pick(['203.0.113.10', '203.0.113.11']) : g.publicIp();
  let fields: Array<Param | string>;
  if (kind === 'tcp4') {
    const syn = g.chance(0.8);
    const len = g.pick([40, 44, 52, 60]);
    fields = [
      ...pfHead(g, 4, inbound),
      ...ipv4(g, 6, 'tcp', len, src, dst),
      v(g.int(1024, 65535)),
      v(g.pickSkewed([22, 3389, 23, 445, 8080, 443, 5900])),
      v(0),
      v(syn ? 'S' : g.pick(['A', 'FA', 'R', 'PA'])),
      v(g.int(0, 4294967295)),
      v(syn ? '' : g.int(0, 4294967295)),
      v(g.pick([1024, 29200, 64240, 65535])),
      '',
      v(len > 40 ? g.pick(['mss;sackOK;TS;nop;wscale', 'mss;nop;wscale;nop;nop;sackOK', 'mss']) : ''),
    ];
  } else if (kind === 'udp4') {
    const dlen = g.int(8, 512);
    fields = [...pfHead(g, 4, inbound), ...ipv4(g, 17, 'udp', dlen + 28, src, dst), v(g.int(1024, 65535)), v(g.pickSkewed([53, 123, 1900, 5060, 161, 51820])), v(dlen + 8)];
  } else if (kind === 'icmp4') {
    fields = [...pfHead(g, 4, inbound), ...ipv4(g, 1, 'icmp', 84, src, dst), v('request'), v(g.int(1, 65535)), v(g.int(0, 9000))];
  } else if (kind === 'icmp6') {
    fields = [
      ...pfHead(g, 6, true),
      v('0x00'),
      v(`0x${g.hex(5)}`),
      v(255),
      v('ipv6-icmp'),
      v(58),
      v(g.pick([24, 32, 56])),
      v(`fe80::${g.hex(4)}:${g.hex(4)}:${g.hex(4)}:${g.hex(4)}`),
      v(g.pick(['ff02::1', 'ff02::16', 'ff02::1:ff00:1'])),
    ];
  } else {
    const dlen = g.int(8, 512);
    fields = [
      ...pfHead(g, 6, inbound),
      v('0x00'),
      v(`0x${g.hex(5)}`),
      v(g.pick([64, 255, 57])),
      v('udp'),
      v(17),
      v(dlen + 8),
      v(`2001:db8:${g.hex(4)}::${g.hex(4)}`),
      v(`2a00:1450:${g.hex(4)}::${g.hex(3)}`),
      v(g.int(1024, 65535)),
      v(g.pick([53, 443, 123])),
      v(dlen + 8),
    ];
  }
  return pfs(g, 'filterlog', g.pick(FILTERLOG_PID), csv(fields));
}
const mac = (g: Gen) => Array.from({ length: 6 }, () => g.hex(2)).join(':');

const pfsense: FormatSpec = {
  name: 'pfsense',
  split: 'tuned',
  description:
    "pfSense 2.7 remote syslog (BSD): filterlog CSV records (IPv4 TCP/UDP/ICMP, IPv6 UDP and ICMPv6 layouts, pass/block, in/out) beside dhcpd, sshguard, web GUI logins, unbound, charon IPsec and check_reload_status lines",
  tickMs: 500,
  templates: [
    { w: 70, make: (g) => filterlog(g) },
    {
      w: 6,
      make: (g) => {
        const ip = `192.168.${g.pick([1, 20])}.${g.int(100, 199)}`;
        const m = mac(g);
        const name = g.pick(['iPhone', 'DESKTOP-4KQ2J1', 'printer-3f', 'Galaxy-S23', 'raspberrypi']);
        const iface = g.pick(['igb1', 'igb1.20']);
        const pid = g.int(10000, 99999);
        return [
          pfs(g, 'dhcpd', pid, T`DHCPREQUEST for ${v(ip)} from ${v(m)} (${v(name)}) via ${v(iface)}`),
          pfs(g, 'dhcpd', pid, T`DHCPACK on ${v(ip)} to ${v(m)} (${v(name)}) via ${v(iface)}`),
        ];
      },
    },
    {
      w: 2,
      make: (g) => {
        const ip = `192.168.${g.pick([1, 20])}.${g.int(100, 199)}`;
        const m = mac(g);
        const iface = g.pick(['igb1', 'igb1.20']);
        const pid = g.int(10000, 99999);
        return [
          pfs(g, 'dhcpd', pid, T`DHCPDISCOVER from ${v(m)} via ${v(iface)}`),
          pfs(g, 'dhcpd', pid, T`DHCPOFFER on ${v(ip)} to ${v(m)} via ${v(iface)}`),
        ];
      },
    },
    {
      w: 4,
      make: (g) => pfs(g, 'sshguard', g.pick([51320, 51320, 7781]), T`Attack from "${v(g.publicIp())}" on service ${v(g.pick(['SSH', 'Web GUI']))} with danger ${v(10)}.`),
    },
    {
      w: 2,
      make: (g) => pfs(g, 'sshguard', g.pick([51320, 7781]), T`Blocking "${v(`${g.publicIp()}/32`)}" for ${v(g.pick([120, 240, 480]))} secs (${v(g.int(3, 9))} attacks in ${v(g.int(1, 300))} secs, after ${v(g.int(1, 4))} abuses over ${v(g.int(1, 3000))} secs.)`),
    },
    {
      w: 2,
      make: (g) =>
        pfs(g, 'php-fpm', g.int(300, 900), T`/index.php: Successful login for user '${v(g.pick(['admin', 'netops']))}' from: ${v(`192.168.1.${g.int(2, 60)}`)} (${v('Local Database')})`),
    },
    {
      w: 2,
      make: (g) =>
        pfs(g, 'php-fpm', g.int(300, 900), T`/index.php: webConfigurator authentication error for user '${v(g.pick(['admin', 'root', 'pfsense']))}' from: ${v(g.pick([`192.168.1.${g.int(2, 60)}`, g.publicIp()]))}`),
    },
    {
      w: 3,
      make: (g) =>
        pfs(g, 'unbound', g.pick([7120, 7120]), T`[${v('7120:0')}] info: ${v(`192.168.1.${g.int(2, 250)}`)} ${v(g.pick(['api.github.com.', 'time.apple.com.', 'connectivitycheck.gstatic.com.', 'ads.doubleclick.example.']))} ${v(g.pick(['A', 'AAAA', 'HTTPS']))} ${v('IN')}`),
    },
    {
      w: 2,
      make: (g) => {
        const con = g.pick(['con1', 'con2']);
        const n = g.int(1, 400);
        return pfs(g, 'charon', g.int(40000, 60000), T`${v(p2(g.int(1, 16)))}[${v('IKE')}] <${v(`${con}|${n}`)}> IKE_SA ${v(`${con}[${n}]`)} established between ${v(`203.0.113.10[203.0.113.10]`)}...${v(`${g.pick(['192.0.2.41', '198.51.100.77'])}[${g.pick(['192.0.2.41', 'branch-ams.example.net'])}]`)}`);
      },
    },
    {
      w: 1,
      make: (g) => {
        const con = g.pick(['con1', 'con2']);
        return pfs(g, 'charon', g.int(40000, 60000), T`${v(p2(g.int(1, 16)))}[${v('IKE')}] <${v(`${con}|${g.int(1, 400)}`)}> giving up after ${v(5)} retransmits`);
      },
    },
    {
      w: 1,
      make: (g) =>
        pfs(g, 'check_reload_status', g.pick([412, 413]), g.pick([T`Syncing firewall`, T`Reloading filter`, T`Starting packages`, T`Linkup starting ${v(g.pick(['igb0', 'igb1']))}`])),
    },
    {
      w: 1,
      make: (g) => pfs(g, 'kernel', null, T`${v(g.pick(['igb0', 'igb1']))}: link state changed to ${v(g.pick(['DOWN', 'UP']))}`),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 70. Asterisk 20 full log (`logger.conf`: `full => notice,warning,error,verbose,security`,
// default dateformat `%b %e %T`): `[time] LEVEL[lwp][C-callid] file.c: message`. The level and
// source file are the statement's (one call site); the LWP thread id and the call id are header
// values. Calls through the dialplan (Executing, Dial, bridges), PJSIP registration failures and
// qualify results, outbound registration retries, security events (a `key="value"` list: the keys
// are the statement, `SecurityEvent` names it), AMI logins and task processor warnings.

function astTime(g: Gen): string {
  const d = new Date(g.now);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}
/** A channel's lines come from its own thread (one LWP per call); others from a pool of workers. */
const astLine = (g: Gen, level: string, file: string, msg: Made, call?: string, lwp = g.int(1000, 99999)) =>
  call === undefined
    ? cat(T`[${v(astTime(g))}] ${level}[${v(lwp)}] ${file}: `, msg)
    : cat(T`[${v(astTime(g))}] ${level}[${v(lwp)}][${v(call)}] ${file}: `, msg);
const EXTS = ['1001', '1002', '1003', '1004', '1010', '2001'];
const chan = (g: Gen, ext: string) => `PJSIP/${ext}-${g.hex(8)}`;
const scanner = (g: Gen) => g.pick(['"100" <sip:100@', '"admin" <sip:admin@', '"1000" <sip:1000@', '<sip:9999@', '"sipvicious" <sip:sipvicious@']);

function call(g: Gen): Made[] {
  const c = `C-${g.hex(8)}`;
  const from = g.pick(EXTS);
  const to = g.pick(EXTS.filter((e) => e !== from));
  const a = chan(g, from);
  const bch = chan(g, to);
  const bridge = g.uuid();
  const lwp = g.int(1000, 99999);
  const ast = (g: Gen, level: string, file: string, msg: Made, call: string) => astLine(g, level, file, msg, call, lwp);
  const out: Made[] = [
    ast(g, 'VERBOSE', 'pbx.c', T`Executing [${v(`${to}@from-internal:1`)}] ${v('Set')}("${v(a)}", "${v(`CALLERID(name)=${g.pick(['Reception', 'Alice Office', 'Warehouse'])}`)}") in new stack`, c),
    ast(g, 'VERBOSE', 'pbx.c', T`Executing [${v(`${to}@from-internal:2`)}] ${v('Dial')}("${v(a)}", "${v(`PJSIP/${to},30,tT`)}") in new stack`, c),
    ast(g, 'VERBOSE', 'app_dial.c', T`Called ${v(`PJSIP/${to}`)}`, c),
    ast(g, 'VERBOSE', 'app_dial.c', T`${v(bch)} is ringing`, c),
  ];
  if (g.chance(0.7)) {
    out.push(
      ast(g, 'VERBOSE', 'app_dial.c', T`${v(bch)} answered ${v(a)}`, c),
      ast(g, 'VERBOSE', 'bridge_channel.c', T`Channel ${v(bch)} joined '${v('simple_bridge')}' ${v('basic-bridge')} <${v(bridge)}>`, c),
      ast(g, 'VERBOSE', 'bridge_channel.c', T`Channel ${v(a)} joined '${v('simple_bridge')}' ${v('basic-bridge')} <${v(bridge)}>`, c),
      ast(g, 'VERBOSE', 'bridge_channel.c', T`Channel ${v(bch)} left '${v(g.pick(['native_rtp', 'simple_bridge']))}' ${v('basic-bridge')} <${v(bridge)}>`, c),
      ast(g, 'VERBOSE', 'bridge_channel.c', T`Channel ${v(a)} left '${v(g.pick(['native_rtp', 'simple_bridge']))}' ${v('basic-bridge')} <${v(bridge)}>`, c),
      ast(g, 'VERBOSE', 'pbx.c', T`Spawn extension (${v('from-internal')}, ${v(to)}, ${v(2)}) exited non-zero on '${v(a)}'`, c)
    );
  } else {
    out.push(
      ast(g, 'VERBOSE', 'app_dial.c', T`Nobody picked up in ${v(30000)} ms`, c),
      ast(g, 'VERBOSE', 'pbx.c', T`Executing [${v(`${to}@from-internal:3`)}] ${v('VoiceMail')}("${v(a)}", "${v(`${to}@default,u`)}") in new stack`, c),
      ast(g, 'VERBOSE', 'app_voicemail.c', T`Playing back message ${v('vm-intro')}`, c),
      ast(g, 'VERBOSE', 'app_voicemail.c', T`Recording the message`, c),
      ast(g, 'VERBOSE', 'app_voicemail.c', T`Message saved as ${v(`/var/spool/asterisk/voicemail/default/${to}/INBOX/msg${String(g.int(0, 40)).padStart(4, '0')}`)}`, c)
    );
  }
  return out;
}
function secEvent(g: Gen): Made {
  const event = g.pick(['InvalidAccountID', 'ChallengeResponseFailed', 'InvalidPassword']);
  const ip = g.publicIp();
  const port = g.int(1024, 65535);
  const tv = new Date(g.now).toISOString().replace('Z', `${String(g.int(0, 999)).padStart(3, '0')}+0000`);
  const common = T`SecurityEvent="${event}",EventTV="${v(tv)}",Severity="${v('Error')}",Service="${v('PJSIP')}",EventVersion="${v(event === 'InvalidAccountID' ? 1 : 2)}",AccountID="${v(g.pick(['100', 'admin', '1001', '2001', 'sipvicious']))}",SessionID="${v(`${g.hex(8)}-${g.hex(4)}`)}",LocalAddress="${v(`IPV4/UDP/203.0.113.10/5060`)}",RemoteAddress="${v(`IPV4/UDP/${ip}/${port}`)}"`;
  const tail =
    event === 'InvalidAccountID'
      ? T``
      : event === 'ChallengeResponseFailed'
        ? T`,Challenge="${v(g.hex(8))}",ReceivedChallenge="${v(g.hex(8))}",ReceivedHash="${v(g.hex(32))}"`
        : T`,SessionTV="${v(tv)}"`;
  return astLine(g, 'SECURITY', 'res_security_log.c', cat(common, tail));
}

const asterisk: FormatSpec = {
  name: 'asterisk',
  split: 'tuned',
  description:
    'Asterisk 20 full log ([time] LEVEL[lwp][C-call] file.c:): dialplan execution, dials, answers, bridges, voicemail, PJSIP REGISTER/INVITE failures from scanners, contact qualify status, outbound registration retries, security events, AMI logins, task processor warnings',
  tickMs: 1200,
  templates: [
    { w: 12, make: (g) => call(g) },
    {
      w: 18,
      make: (g) => {
        const ip = g.publicIp();
        return astLine(g, 'NOTICE', 'res_pjsip/pjsip_distributor.c', T`Request '${v(g.pickSkewed(['REGISTER', 'INVITE', 'OPTIONS']))}' from '${v(`${scanner(g)}${ip}>`)}' failed for '${v(`${ip}:${g.int(1024, 65535)}`)}' (callid: ${v(g.pick([g.hex(32), `${g.int(100000000, 999999999)}-${g.int(1000, 9999)}`, `${g.hex(16)}@${ip}`]))}) - ${v(g.pickSkewed(['No matching endpoint found', 'Failed to authenticate', 'No matching endpoint found after 5 tries in 0.121 ms']))}`);
      },
    },
    { w: 10, make: (g) => secEvent(g) },
    {
      w: 6,
      make: (g) => {
        const e = g.pick(EXTS);
        const ok = g.chance(0.5);
        return astLine(g, 'VERBOSE', 'res_pjsip/pjsip_options.c', T`Contact ${v(`${e}/sip:${e}@192.168.20.${g.int(20, 90)}:${g.pick([5060, 5062, 49160])}`)} is now ${v(ok ? 'Reachable' : 'Unreachable')}.  RTT: ${v(ok ? g.float(1, 80, 3) : '0.000')} msec`);
      },
    },
    {
      w: 4,
      make: (g) => astLine(g, 'VERBOSE', 'res_pjsip_registrar.c', T`Added contact '${v(`sip:${g.pick(EXTS)}@192.168.20.${g.int(20, 90)}:${g.pick([5060, 5062])};transport=udp`)}' to AOR '${v(g.pick(EXTS))}' with expiration of ${v(g.pick([60, 120, 3600]))} seconds`),
    },
    {
      w: 3,
      make: (g) => astLine(g, 'VERBOSE', 'res_pjsip_registrar.c', T`Removed contact '${v(`sip:${g.pick(EXTS)}@192.168.20.${g.int(20, 90)}:5060;transport=udp`)}' from AOR '${v(g.pick(EXTS))}' due to ${v(g.pick(['request', 'expiration']))}`),
    },
    {
      w: 2,
      make: (g) =>
        astLine(g, 'WARNING', 'res_pjsip_outbound_registration.c', T`No response received from '${v('sip:sip.provider.example:5060')}' on registration attempt to '${v(`sip:${g.pick(['4930123456', '4930123457'])}@sip.provider.example`)}', retrying in '${v(60)}'`),
    },
    {
      w: 2,
      make: (g) => astLine(g, 'NOTICE', 'res_pjsip_outbound_registration.c', T`Outbound registration to '${v('sip:sip.provider.example:5060')}' with client '${v(`sip:${g.pick(['4930123456', '4930123457'])}@sip.provider.example`)}' now registered`),
    },
    {
      w: 2,
      make: (g) => {
        const c = `C-${g.hex(8)}`;
        return astLine(g, 'WARNING', 'chan_pjsip.c', T`Unable to create PJSIP channel with endpoint '${v(g.pick(['2001', 'trunk-provider', '1010']))}' as ${v(g.pick(['endpoint has no available contacts', 'the endpoint is not configured']))}`, c);
      },
    },
    {
      w: 2,
      make: (g) => {
        const user = g.pick(['fop2', 'admin', 'monitoring']);
        const ip = g.pick(['127.0.0.1', '192.168.1.15']);
        return g.chance(0.5) ? astLine(g, 'VERBOSE', 'manager.c', T`Manager '${v(user)}' logged on from ${v(ip)}`) : astLine(g, 'VERBOSE', 'manager.c', T`Manager '${v(user)}' logged off from ${v(ip)}`);
      },
    },
    { w: 1, make: (g) => astLine(g, 'NOTICE', 'manager.c', T`${v(g.publicIp())} tried to authenticate with nonexistent user '${v(g.pick(['admin', 'manager', 'asterisk']))}'`) },
    {
      w: 1,
      make: (g) => astLine(g, 'WARNING', 'taskprocessor.c', T`The '${v(g.pick(['stasis/m:manager:core-00000006', 'pjsip/distributor-00000011', 'stasis/p:channel:all-0000012a']))}' task processor queue reached ${v(g.pick([500, 1000, 3000]))} scheduled tasks${v(g.pick(['', ' again']))}.`),
    },
    {
      w: 1,
      make: (g) => {
        const c = `C-${g.hex(8)}`;
        return astLine(g, 'WARNING', 'res_rtp_asterisk.c', T`${v(`0x7f${g.hex(10)}`)} -- Strict RTP learning complete - Locking on source address ${v(`${g.publicIp()}:${g.int(10000, 20000)}`)}`, c);
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 71. HashiCorp Vault 1.16 file audit device (`vault audit enable file`): one JSON object per
// request and per response (`time`, `type`, `auth`, `request`, `response`, `error`), strings
// HMAC'd. No message field: `type` names the record (constant, as CloudTrail's eventName); `auth`,
// `request` and `response` are nested objects (one value each); a record with `error` or without
// `response` is a key set of its own. Clients: Kubernetes-auth services reading KV secrets,
// database credential leases, AppRole logins, token renewals, denied reads and a health probe.

const hm = (g: Gen) => `hmac-sha256:${g.hex(64)}`;
const VAULT_ROLES: Array<[string, string[], string]> = [
  ['kubernetes-payments-api', ['default', 'payments-read'], 'secret/data/payments/'],
  ['kubernetes-orders-worker', ['default', 'orders-db'], 'secret/data/orders/'],
  ['approle-ci-deployer', ['default', 'ci-deploy'], 'secret/data/ci/'],
  ['kubernetes-grafana', ['default', 'grafana'], 'secret/data/grafana/'],
];
function vaultAuth(g: Gen, role: [string, string[], string]): Record<string, unknown> {
  return {
    client_token: hm(g),
    accessor: hm(g),
    display_name: role[0],
    policies: role[1],
    token_policies: role[1],
    policy_results: { allowed: true, granting_policies: [{ name: role[1][1], namespace_id: 'root', type: 'acl' }] },
    metadata: role[0].startsWith('kubernetes')
      ? { role: role[0].replace('kubernetes-', ''), service_account_name: role[0].replace('kubernetes-', ''), service_account_namespace: g.pick(['payments', 'orders', 'monitoring']), service_account_uid: g.uuid() }
      : { role_name: 'ci-deployer' },
    entity_id: g.uuid(),
    token_type: 'service',
    token_ttl: g.pick([3600, 86400, 2764800]),
    token_issue_time: new Date(g.now - g.int(60, 86400) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}
function vaultReq(g: Gen, id: string, op: string, path: string, mount: [string, string]): Record<string, unknown> {
  return {
    id,
    client_id: g.uuid(),
    operation: op,
    mount_point: mount[0],
    mount_type: mount[1],
    mount_accessor: `${mount[1]}_${g.hex(8)}`,
    mount_running_version: mount[1] === 'kv' ? 'v0.17.0+builtin' : 'v1.16.1+builtin.vault',
    mount_class: mount[1] === 'kv' || mount[1] === 'database' ? 'secret' : 'auth',
    client_token: hm(g),
    client_token_accessor: hm(g),
    namespace: { id: 'root' },
    path,
    remote_address: `10.${g.int(0, 3)}.${g.int(0, 255)}.${g.int(2, 250)}`,
    remote_port: g.int(30000, 65535),
  };
}
function vaultPair(g: Gen): Made[] {
  const id = g.uuid();
  const t = new Date(g.now).toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(g.int(0, 999999)).padStart(6, '0')}Z`);
  const kind = g.pickSkewed(['kv', 'kv', 'kv', 'db', 'renew', 'denied', 'login']);
  const role = g.pick(VAULT_ROLES);
  if (kind === 'login') {
    const req = vaultReq(g, id, 'update', g.pick(['auth/kubernetes/login', 'auth/approle/login']), ['auth/kubernetes/', 'kubernetes']);
    delete req.client_token;
    delete req.client_token_accessor;
    const auth = { policy_results: { allowed: true }, token_type: 'default' };
    return [
      jsonLine([['time', t], ['type', null], ['auth', auth], ['request', req]], 'type', T`request`),
      jsonLine([['time', t], ['type', null], ['auth', { ...vaultAuth(g, role), token_ttl: 3600 }], ['request', req], ['response', { auth: { client_token: hm(g), accessor: hm(g), display_name: role[0], policies: role[1], token_policies: role[1], metadata: { role: role[0] }, entity_id: g.uuid(), token_type: 'service', token_ttl: 3600 }, mount_type: 'kubernetes' }]], 'type', T`response`),
    ];
  }
  if (kind === 'denied') {
    const auth = vaultAuth(g, role);
    auth.policy_results = { allowed: false };
    const req = vaultReq(g, id, g.pick(['read', 'list']), `secret/data/${g.pick(['prod/root', 'payments/stripe', 'orders/db', 'shared/aws'])}`, ['secret/', 'kv']);
    return [
      jsonLine([['time', t], ['type', null], ['auth', auth], ['request', req], ['error', 'permission denied']], 'type', T`request`),
      jsonLine([['time', t], ['type', null], ['auth', auth], ['request', req], ['response', { mount_type: 'kv', mount_running_plugin_version: 'v0.17.0+builtin', data: { error: hm(g) } }], ['error', '1 error occurred:\n\t* permission denied\n\n']], 'type', T`response`),
    ];
  }
  const auth = vaultAuth(g, role);
  let req: Record<string, unknown>;
  let resp: Record<string, unknown>;
  if (kind === 'kv') {
    req = vaultReq(g, id, 'read', `${role[2]}${g.pick(['db', 'stripe', 'config', 'redis', 'smtp'])}`, ['secret/', 'kv']);
    resp = { mount_point: 'secret/', mount_type: 'kv', mount_accessor: `kv_${g.hex(8)}`, mount_running_plugin_version: 'v0.17.0+builtin', mount_class: 'secret', data: { data: { password: hm(g), username: hm(g) }, metadata: { created_time: hm(g), custom_metadata: null, deletion_time: hm(g), destroyed: false, version: g.int(1, 12) } } };
  } else if (kind === 'db') {
    req = vaultReq(g, id, 'read', `database/creds/${g.pick(['orders-rw', 'orders-ro', 'analytics-ro'])}`, ['database/', 'database']);
    resp = { mount_point: 'database/', mount_type: 'database', mount_accessor: `database_${g.hex(8)}`, mount_running_plugin_version: 'v1.16.1+builtin.vault', mount_class: 'secret', secret: { lease_id: `database/creds/orders-rw/${g.alnum(24, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}` }, data: { password: hm(g), username: hm(g) } };
  } else {
    req = vaultReq(g, id, 'update', 'auth/token/renew-self', ['auth/token/', 'token']);
    resp = { mount_point: 'auth/token/', mount_type: 'token', mount_accessor: `auth_token_${g.hex(8)}`, auth: { client_token: hm(g), accessor: hm(g), display_name: role[0], policies: role[1], token_policies: role[1], entity_id: g.uuid(), token_type: 'service', token_ttl: 3600, token_renewable: true } };
  }
  return [
    jsonLine([['time', t], ['type', null], ['auth', auth], ['request', req]], 'type', T`request`),
    jsonLine([['time', t], ['type', null], ['auth', auth], ['request', req], ['response', resp]], 'type', T`response`),
  ];
}

const vaultAudit: FormatSpec = {
  name: 'vault-audit',
  split: 'tuned',
  description:
    'HashiCorp Vault 1.16 file audit device (JSON, HMAC-ed strings): request and response records for KV reads, database credentials, token renewals, Kubernetes/AppRole logins and permission-denied errors (no message field: type names the record)',
  tickMs: 400,
  templates: [
    { w: 30, make: (g) => vaultPair(g) },
    {
      w: 1,
      make: (g) => {
        const t = new Date(g.now).toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(g.int(0, 999999)).padStart(6, '0')}Z`);
        const req = { id: g.uuid(), operation: 'update', namespace: { id: 'root' }, path: 'sys/audit-hash/file', remote_address: '127.0.0.1', remote_port: g.int(30000, 65535) };
        return jsonLine([['time', t], ['type', null], ['auth', { client_token: hm(g), accessor: hm(g), display_name: 'root', policies: ['root'], token_policies: ['root'], token_type: 'service' }], ['request', req]], 'type', T`request`);
      },
    },
  ],
};

export const ROUND10_FORMATS_B: readonly FormatSpec[] = [pfsense, asterisk, vaultAudit];
