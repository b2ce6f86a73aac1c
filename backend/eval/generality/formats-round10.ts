// Generality set, round 10 (part 1 of 2; formats-round10b.ts holds the rest): formats written from
// their own documentation and real output before any miner change of round 10; untouched in round
// 10 (scored once at its end), tuned from round 11 on (README.md). None of them is
// in LogHub or in rounds 1-9: a Cisco ASA firewall's syslog, Exim's mainlog, Dovecot through
// syslog and a FortiGate's key=value syslog; pfSense, Asterisk and Vault's audit log are in part 2.
//
// Truth conventions are README.md's: a template is one log statement, its parameters variables
// however few values they take; header fields are variables; a logger, program or message id
// written in a line is part of the statement; structured lines (JSON, and text lines listing
// key=value pairs) are their message template plus their key set, or their event-name field
// where the record has no message.
import { Gen, T, v, MONTHS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';
import { ROUND10_FORMATS_B } from './formats-round10b.js';

const p2 = (n: number) => String(n).padStart(2, '0');
/** rsyslog's traditional time (`Jun  2 10:00:01`, day padded with a space). */
function bsdTime(g: Gen): string {
  const d = new Date(g.now);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

// ---------------------------------------------------------------------------------------------
// 65. Cisco ASA 9.18 through rsyslog (`logging device-id hostname`, `logging trap informational`):
// `time host %ASA-<sev>-<id>: message`. The severity and message id name the statement (one id is
// one format string in Cisco's message guide); connection ids, interfaces, addresses, durations,
// byte counts, teardown reasons, ACL names and users are its parameters. Connections come as
// built/teardown pairs, with a dynamic PAT translation on the way out.

const ASA_HOSTS = ['asa-edge-01', 'asa-edge-02'];
const asa = (g: Gen, sev: number, id: number, msg: Made) => cat(T`${v(bsdTime(g))} ${v(g.pick(ASA_HOSTS))} %ASA-${sev}-${id}: `, msg);
const inside = (g: Gen) => `10.${g.pick([10, 20, 30])}.${g.int(0, 40)}.${g.int(2, 250)}`;
const NAT_IP = ['198.51.100.10', '198.51.100.11'];
const TCP_TEARDOWN = ['TCP FINs', 'TCP FINs', 'TCP Reset-O', 'TCP Reset-I', 'Conn-timeout', 'SYN Timeout', 'Flow closed by inspection', 'FIN Timeout'];
const ACLS = ['outside_access_in', 'OUTSIDE_IN', 'dmz_access_in'];
const dur = (g: Gen) => `${g.int(0, 2)}:${p2(g.int(0, 59))}:${p2(g.int(0, 59))}`;
const VPN_GROUPS = ['GP-Employees', 'GP-Contractors', 'DfltGrpPolicy'];
const VPN_USERS = ['alice', 'bob', 'carol.smith', 'dave', 'ext-erin', 'frank'];

function asaTcp(g: Gen): Made[] {
  const id = g.int(100000000, 999999999);
  const src = inside(g);
  const sport = g.int(1024, 65535);
  const nat = g.pick(NAT_IP);
  const dst = g.publicIp();
  const dport = g.pickSkewed([443, 443, 80, 22, 8443, 25, 993]);
  const out: Made[] = [
    asa(g, 6, 305011, T`Built dynamic ${v('TCP')} translation from ${v(`inside:${src}/${sport}`)} to ${v(`outside:${nat}/${sport}`)}`),
    asa(g, 6, 302013, T`Built ${v('outbound')} TCP connection ${v(id)} for ${v(`outside:${dst}/${dport}`)} (${v(`${dst}/${dport}`)}) to ${v(`inside:${src}/${sport}`)} (${v(`${nat}/${sport}`)})`),
  ];
  out.push(
    asa(g, 6, 302014, T`Teardown TCP connection ${v(id)} for ${v(`outside:${dst}/${dport}`)} to ${v(`inside:${src}/${sport}`)} duration ${v(dur(g))} bytes ${v(g.int(0, 9000000))} ${v(g.pickSkewed(TCP_TEARDOWN))}`)
  );
  if (g.chance(0.5)) out.push(asa(g, 6, 305012, T`Teardown dynamic ${v('TCP')} translation from ${v(`inside:${src}/${sport}`)} to ${v(`outside:${nat}/${sport}`)} duration ${v(dur(g))}`));
  return out;
}

function asaTcpIn(g: Gen): Made[] {
  const id = g.int(100000000, 999999999);
  const src = g.publicIp();
  const sport = g.int(1024, 65535);
  const dmz = `172.16.${g.int(1, 3)}.${g.int(10, 40)}`;
  const pub = g.pick(['198.51.100.20', '198.51.100.21']);
  const dport = g.pick([443, 80, 25]);
  return [
    asa(g, 6, 302013, T`Built ${v('inbound')} TCP connection ${v(id)} for ${v(`outside:${src}/${sport}`)} (${v(`${src}/${sport}`)}) to ${v(`dmz:${dmz}/${dport}`)} (${v(`${pub}/${dport}`)})`),
    asa(g, 6, 302014, T`Teardown TCP connection ${v(id)} for ${v(`outside:${src}/${sport}`)} to ${v(`dmz:${dmz}/${dport}`)} duration ${v(dur(g))} bytes ${v(g.int(0, 900000))} ${v(g.pickSkewed(TCP_TEARDOWN))}`),
  ];
}

function asaUdp(g: Gen): Made[] {
  const id = g.int(100000000, 999999999);
  const src = inside(g);
  const sport = g.int(1024, 65535);
  const [dst, dport] = g.pickSkewed<[string, number]>([['10.10.0.2', 53], ['8.8.8.8', 53], ['1.1.1.1', 53], ['162.159.200.1', 123], [g.publicIp(), 443]]);
  const iface = dst.startsWith('10.') ? 'dmz' : 'outside';
  return [
    asa(g, 6, 302015, T`Built ${v('outbound')} UDP connection ${v(id)} for ${v(`${iface}:${dst}/${dport}`)} (${v(`${dst}/${dport}`)}) to ${v(`inside:${src}/${sport}`)} (${v(`${g.pick(NAT_IP)}/${sport}`)})`),
    asa(g, 6, 302016, T`Teardown UDP connection ${v(id)} for ${v(`${iface}:${dst}/${dport}`)} to ${v(`inside:${src}/${sport}`)} duration ${v(dur(g))} bytes ${v(g.int(40, 9000))}`),
  ];
}

const ciscoAsa: FormatSpec = {
  name: 'cisco-asa',
  split: 'tuned',
  description:
    'Cisco ASA 9.18 via rsyslog (%ASA-sev-id): built/teardown TCP and UDP connections, dynamic PAT translations, ACL denies with hit counts, threat-detection rates, AAA and AnyConnect sessions, SSH logins, commands',
  tickMs: 300,
  templates: [
    { w: 30, make: (g) => asaTcp(g) },
    { w: 8, make: (g) => asaTcpIn(g) },
    { w: 18, make: (g) => asaUdp(g) },
    {
      w: 12,
      make: (g) =>
        asa(g, 4, 106023, T`Deny ${v(g.pickSkewed(['tcp', 'udp', 'tcp', 'icmp']))} src ${v(`outside:${g.publicIp()}/${g.int(1024, 65535)}`)} dst ${v(`dmz:172.16.1.${g.int(10, 40)}/${g.pickSkewed([22, 3389, 23, 445, 1433, 5060])}`)} by access-group "${v(g.pick(ACLS))}" [${v(`0x${g.hex(8)}`)}, ${v('0x0')}]`),
    },
    {
      w: 8,
      make: (g) =>
        asa(g, 6, 106100, T`access-list ${v(g.pick(ACLS))} ${v('denied')} ${v(g.pick(['tcp', 'udp']))} ${v(`outside/${g.publicIp()}(${g.int(1024, 65535)})`)} -> ${v(`dmz/172.16.1.${g.int(10, 40)}(${g.pick([22, 3389, 445])})`)} hit-cnt ${v(g.pickSkewed([1, 1, 1, 2, 5, 17]))} ${v(g.pick(['first hit', '300-second interval']))} [${v(`0x${g.hex(8)}`)}, ${v(`0x${g.hex(8)}`)}]`),
    },
    {
      w: 4,
      make: (g) =>
        asa(g, 6, 106015, T`Deny TCP (no connection) from ${v(`${g.publicIp()}/${g.int(1024, 65535)}`)} to ${v(`172.16.1.${g.int(10, 40)}/${g.pick([443, 80])}`)} flags ${v(g.pick(['FIN ACK', 'RST ACK', 'ACK', 'PSH ACK']))}  on interface ${v('outside')}`),
    },
    {
      w: 3,
      make: (g) =>
        asa(g, 4, 733100, T`[${v(g.pick([' Scanning', ' SYN Attack', ' Interface outside']))}] drop rate-${v(g.pick([1, 2]))} exceeded. Current burst rate is ${v(g.int(1, 90))} per second, max configured rate is ${v(10)}; Current average rate is ${v(g.int(1, 40))} per second, max configured rate is ${v(5)}; Cumulative total count is ${v(g.int(100, 90000))}`),
    },
    {
      w: 3,
      make: (g) =>
        asa(g, 2, 106001, T`Inbound TCP connection denied from ${v(`${g.publicIp()}/${g.int(1024, 65535)}`)} to ${v(`198.51.100.${g.pick([10, 20, 21])}/${g.pick([8080, 23, 3389])}`)} flags ${v('SYN')}  on interface ${v('outside')}`),
    },
    {
      w: 4,
      make: (g) => {
        const user = g.pick(VPN_USERS);
        const grp = g.pick(VPN_GROUPS);
        const ip = g.publicIp();
        const vip = `10.250.${g.int(0, 3)}.${g.int(2, 250)}`;
        return [
          asa(g, 6, 113004, T`AAA user authentication Successful : server = ${v('10.10.0.15')} : user = ${v(user)}`),
          asa(g, 6, 113008, T`AAA transaction status ACCEPT : user = ${v(user)}`),
          asa(g, 6, 113039, T`Group <${v(grp)}> User <${v(user)}> IP <${v(ip)}> AnyConnect parent session started.`),
          asa(g, 5, 722037, T`Group <${v(grp)}> User <${v(user)}> IP <${v(ip)}> SVC closing connection: ${v(g.pick(['Transport closing.', 'DPD failure.', 'Idle timeout.']))}`),
          asa(g, 4, 722051, T`Group <${v(grp)}> User <${v(user)}> IP <${v(ip)}> IPv4 Address <${v(vip)}> IPv6 address <${v('::')}> assigned to session`),
        ].slice(0, g.pick([3, 5]));
      },
    },
    {
      w: 3,
      make: (g) =>
        asa(g, 6, 113015, T`AAA user authentication Rejected : reason = ${v(g.pick(['AAA failure', 'Invalid password', 'Unspecified']))} : server = ${v('10.10.0.15')} : user = ${v('*****')} : user IP = ${v(g.publicIp())}`),
    },
    {
      w: 2,
      make: (g) =>
        asa(g, 4, 113019, T`Group = ${v(g.pick(VPN_GROUPS))}, Username = ${v(g.pick(VPN_USERS))}, IP = ${v(g.publicIp())}, Session disconnected. Session Type: ${v('AnyConnect-Parent')}, Duration: ${v(`${g.int(0, 9)}h:${p2(g.int(0, 59))}m:${p2(g.int(0, 59))}s`)}, Bytes xmt: ${v(g.int(1000, 900000000))}, Bytes rcv: ${v(g.int(1000, 90000000))}, Reason: ${v(g.pick(['User Requested', 'Idle Timeout', 'Max time exceeded', 'Lost Service']))}`),
    },
    {
      w: 2,
      make: (g) =>
        asa(g, 6, 605005, T`Login permitted from ${v(`10.10.0.${g.int(5, 30)}/${g.int(1024, 65535)}`)} to ${v(`inside:10.10.0.1/${g.pick(['ssh', 'https'])}`)} for user "${v(g.pick(['admin', 'netops', 'enable_15']))}"`),
    },
    {
      w: 2,
      make: (g) =>
        asa(g, 5, 111008, T`User '${v(g.pick(['admin', 'netops', 'enable_15']))}' executed the '${v(g.pick(['write memory', 'show running-config', 'clear xlate', 'packet-tracer input inside tcp 10.10.1.5 1234 8.8.8.8 443']))}' command.`),
    },
    {
      w: 2,
      make: (g) =>
        asa(g, 6, 110002, T`Failed to locate egress interface for ${v(g.pick(['TCP', 'UDP']))} from ${v(`inside:${inside(g)}/${g.int(1024, 65535)}`)} to ${v(`${g.privateIp()}/${g.pick([443, 53])}`)}`),
    },
    {
      w: 1,
      make: (g) =>
        asa(g, 3, 710003, T`${v('TCP')} access denied by ACL from ${v(`${g.publicIp()}/${g.int(1024, 65535)}`)} to ${v(`outside:198.51.100.10/${g.pick([22, 443])}`)}`),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 66. Exim 4.96 `mainlog` (Debian's exim4-daemon-heavy, default log_selector plus
// +smtp_connection and +tls_peerdn): `date time [msgid] <flag> ...`. A line that lists
// `X=value` fields after its flag follows the key/value rule (the keys are the statement, each
// set its own template, every value a variable); the rest are Exim's printf statements.

const eximTime = (g: Gen) => new Date(g.now).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Exim 4.96 message id: base-62 time, pid and fraction (`1sHJkl-0003Xy-Ab`). */
const eximId = (g: Gen) => `1s${g.alnum(4, B62)}-000${g.alnum(3, B62)}-${g.alnum(2, B62)}`;
const ex = (g: Gen, msg: Made) => cat(T`${v(eximTime(g))} `, msg);
const exm = (g: Gen, id: string, msg: Made) => cat(T`${v(eximTime(g))} ${v(id)} `, msg);
const DOMAINS_EX = ['example.com', 'mail.example.org', 'lists.example.net'];
const LOCAL_USERS = ['alice', 'bob', 'carol', 'billing', 'support', 'noreply'];
const SUBJECTS = [
  'Your invoice INV-2024-0611 is ready',
  'Re: quarterly numbers',
  'Weekly digest: 14 new posts',
  '[JIRA] (OPS-4412) Disk usage on db-02 above 90%',
  'Password reset request',
  'Fwd: contract draft v3',
  'Cron <root@mx-01> /usr/local/bin/backup.sh',
];
const REMOTE_MX: Array<[string, string]> = [
  ['aspmx.l.google.com', '142.250.102.27'],
  ['mx1.hotmail.com', '52.101.68.20'],
  ['mx.gmx.net', '212.227.15.9'],
  ['example-org.mail.protection.outlook.com', '52.101.73.4'],
];
const TLS_SUITES = ['TLS1.3:TLS_AES_256_GCM_SHA384:256', 'TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256', 'TLS1.3:TLS_AES_128_GCM_SHA256:128'];
const sender = (g: Gen) => `${g.pick(['news', 'jane.doe', 'billing', 'no-reply', 'm.rossi'])}@${g.pick(['vendor.example', 'gmail.com', 'shop.example.net', 'uni-example.de'])}`;
const rcptLocal = (g: Gen) => `${g.pick(LOCAL_USERS)}@${g.pick(DOMAINS_EX)}`;
const heloHost = (g: Gen, ip: string) =>
  g.pickSkewed([`mail-${g.alnum(3)}.vendor.example [${ip}]`, `smtp.shop.example.net [${ip}]`, `(${g.pick(['User', 'ylmf-pc', 'WIN-3KJ2'])}) [${ip}]`, `mout.gmx.net (mout.gmx.net) [${ip}]`]);

function eximReceive(g: Gen): Made[] {
  const id = eximId(g);
  const ip = g.publicIp();
  const msgId = `${g.alnum(12, B62)}@${g.pick(['vendor.example', 'mail.gmail.com', 'shop.example.net'])}`;
  const out: Made[] = [];
  const kind = g.pickSkewed(['tls', 'tls', 'plain', 'auth', 'local']);
  const subject = g.pick(SUBJECTS);
  if (kind === 'tls')
    out.push(exm(g, id, T`<= ${v(sender(g))} H=${v(heloHost(g, ip))} P=${v('esmtps')} X=${v(g.pick(TLS_SUITES))} CV=${v('no')} S=${v(g.int(900, 900000))} id=${v(msgId)} T="${v(subject)}"`));
  else if (kind === 'plain') out.push(exm(g, id, T`<= ${v(sender(g))} H=${v(heloHost(g, ip))} P=${v('esmtp')} S=${v(g.int(900, 90000))} id=${v(msgId)} T="${v(subject)}"`));
  else if (kind === 'auth')
    out.push(exm(g, id, T`<= ${v(rcptLocal(g))} H=${v(`(${g.pick(['[192.168.1.23]', 'laptop-alice', 'Mac-mini.local'])}) [${ip}]`)} P=${v('esmtpsa')} X=${v(g.pick(TLS_SUITES))} CV=${v('no')} A=${v(`dovecot_plain:${g.pick(LOCAL_USERS)}`)} S=${v(g.int(900, 900000))} id=${v(msgId)} T="${v(subject)}"`));
  else {
    const u = g.pick(['root', 'www-data', 'nagios']);
    out.push(exm(g, id, T`<= ${v(`${u}@mx-01.example.com`)} U=${v(u)} P=${v('local')} S=${v(g.int(400, 9000))} T="${v(subject)}"`));
  }
  const n = g.pickSkewed([1, 1, 1, 2, 3]);
  const remote = kind === 'auth' || kind === 'local';
  for (let i = 0; i < n; i++) {
    if (remote && g.chance(0.8)) {
      const [mx, mxip] = g.pick(REMOTE_MX);
      const r = `${g.pick(['j.smith', 'info', 'team', 'orders'])}@${g.pick(['gmail.com', 'outlook.com', 'gmx.de', 'example.org'])}`;
      out.push(
        exm(g, id, T`${i === 0 ? '=>' : '->'} ${v(r)} R=${v('dnslookup')} T=${v('remote_smtp')} H=${v(`${mx} [${mxip}]`)} X=${v(g.pick(TLS_SUITES))} CV=${v('yes')} DN="${v(`CN=${mx}`)}" C="${v(`250 2.0.0 OK  ${Math.floor(g.now / 1000)} ${g.alnum(12, B62)}.${g.int(100, 999)} - gsmtp`)}"`)
      );
    } else {
      const u = g.pick(LOCAL_USERS);
      out.push(exm(g, id, T`${i === 0 ? '=>' : '->'} ${v(u)} <${v(`${u}@${g.pick(DOMAINS_EX)}`)}> R=${v('local_user')} T=${v(g.pick(['maildir_home', 'dovecot_lmtp']))}`));
    }
  }
  out.push(exm(g, id, T`Completed`));
  return out;
}

const exim: FormatSpec = {
  name: 'exim-mainlog',
  split: 'tuned',
  description:
    'Exim 4.96 mainlog (+smtp_connection +tls_peerdn): arrivals (TLS, plain, authenticated, local), deliveries and additional addresses, Completed, deferrals and bounces, relay and RBL rejects, failed authenticators, connection and queue-run lines',
  tickMs: 2500,
  templates: [
    { w: 30, make: (g) => eximReceive(g) },
    { w: 14, make: (g) => ex(g, T`SMTP connection from ${v(heloHost(g, g.publicIp()).replace(/\]$/, `]:${g.int(1024, 65535)}`))} (TCP/IP connection count = ${v(g.int(1, 12))})`) },
    { w: 8, make: (g) => ex(g, T`SMTP connection from ${v(heloHost(g, g.publicIp()).replace(/\]$/, `]:${g.int(1024, 65535)}`))} closed by QUIT`) },
    { w: 5, make: (g) => ex(g, T`SMTP connection from ${v(`[${g.publicIp()}]:${g.int(1024, 65535)}`)} lost D=${v(`${g.int(0, 30)}s`)}`) },
    {
      w: 6,
      make: (g) =>
        ex(g, T`H=${v(heloHost(g, g.publicIp()).replace(/\]$/, `]:${g.int(1024, 65535)}`))} F=<${v(sender(g))}> rejected RCPT <${v(`${g.pick(['admin', 'info', 'sales'])}@${g.pick(['gmail.com', 'yahoo.com', 'example.org'])}`)}>: relay not permitted`),
    },
    {
      w: 6,
      make: (g) => {
        const ip = g.publicIp();
        return ex(g, T`H=${v(`(${g.pick(['User', 'ylmf-pc', 'WIN-3KJ2', 'localhost'])}) [${ip}]:${g.int(1024, 65535)}`)} F=<${v(sender(g))}> rejected RCPT <${v(rcptLocal(g))}>: JunkMail rejected - ${v(ip)} is listed at ${v(g.pick(['zen.spamhaus.org', 'bl.spamcop.net']))}`);
      },
    },
    {
      w: 5,
      make: (g) =>
        ex(g, T`${v(g.pick(['dovecot_plain', 'dovecot_login']))} authenticator failed for ${v(`(${g.pick(['User', 'ylmf-pc', 'WIN-3KJ2'])}) [${g.publicIp()}]:${g.int(1024, 65535)}`)}: 535 Incorrect authentication data (set_id=${v(g.pick(['admin', 'test', 'info@example.com', 'alice@example.com', 'sales']))})`),
    },
    {
      w: 4,
      make: (g) => {
        const id = eximId(g);
        const [mx, mxip] = g.pick(REMOTE_MX);
        const r = `${g.pick(['j.smith', 'info', 'team'])}@${g.pick(['gmx.de', 'example.org', 'outlook.com'])}`;
        return exm(g, id, T`== ${v(r)} R=${v('dnslookup')} T=${v('remote_smtp')} defer (${v(g.pick([-44, -53, -45]))}) H=${v(`${mx} [${mxip}]`)}: SMTP error from remote mail server after RCPT TO:<${v(r)}>: ${v(g.pick(['451 4.7.1 Greylisted, see https://postgrey.schweikert.ch/help/example.org.html', '421 4.7.0 Try again later, closing connection.', '450 4.2.0 Mailbox temporarily unavailable']))}`);
      },
    },
    {
      w: 3,
      make: (g) => {
        const id = eximId(g);
        const [mx, mxip] = g.pick(REMOTE_MX);
        const r = `${g.pick(['jsmith', 'old.account', 'helpdesk'])}@${g.pick(['gmail.com', 'outlook.com', 'example.org'])}`;
        return [
          exm(g, id, T`** ${v(r)} R=${v('dnslookup')} T=${v('remote_smtp')} H=${v(`${mx} [${mxip}]`)} X=${v(g.pick(TLS_SUITES))} CV=${v('yes')} DN="${v(`CN=${mx}`)}": SMTP error from remote mail server after RCPT TO:<${v(r)}>: ${v(g.pick(['550 5.1.1 The email account that you tried to reach does not exist.', '550 5.4.1 Recipient address rejected: Access denied.', '552 5.2.2 Mailbox full']))}`),
          exm(g, eximId(g), T`<= ${v('<>')} R=${v(id)} U=${v('Debian-exim')} P=${v('local')} S=${v(g.int(2000, 9000))}`),
        ];
      },
    },
    {
      w: 3,
      make: (g) =>
        ex(g, T`TLS error on connection from ${v(heloHost(g, g.publicIp()).replace(/\]$/, `]:${g.int(1024, 65535)}`))} (${v('SSL_accept')}): ${v(g.pick(['error:0A000416:SSL routines::sslv3 alert certificate unknown', 'error:0A00006C:SSL routines::bad key share', 'timed out']))}`),
    },
    { w: 3, make: (g) => ex(g, T`no host name found for IP address ${v(g.publicIp())}`) },
    {
      w: 2,
      make: (g) =>
        ex(g, T`SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=${v(`[${g.publicIp()}]:${g.int(1024, 65535)}`)} input="${v(g.pick(['GET / HTTP/1.1\\r\\n', 'EHLO User\\r\\n', '\\026\\003\\001\\002']))}"`),
    },
    {
      w: 2,
      make: (g) => {
        const pid = g.int(10000, 99999);
        return [ex(g, T`Start queue run: pid=${v(pid)}`), ex(g, T`End queue run: pid=${v(pid)}`)];
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 67. Dovecot 2.3.21 logging to syslog (Debian's mail.log): `time host dovecot: service: msg`, a
// mail process's prefix carrying its user, pid and session (`imap(alice)<4211><k3J2...>: `: its
// parameters). login processes' `Login:` / `Disconnected` lines with their `key=<value>` tails,
// auth failures per passdb, logouts with their counters, LMTP deliveries through Sieve.

const DV_USERS = ['alice@example.com', 'bob@example.com', 'carol@example.org', 'support@example.com', 'j.doe@example.org'];
const dvHost = (g: Gen) => g.pick(['mx-01', 'mx-02']);
const dv = (g: Gen, service: string, msg: Made) => cat(T`${v(bsdTime(g))} ${v(dvHost(g))} dovecot: ${service}: `, msg);
const sess = (g: Gen) => g.alnum(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const dvProc = (g: Gen, service: string, user: string, msg: Made) =>
  cat(T`${v(bsdTime(g))} ${v(dvHost(g))} dovecot: ${service}(${v(user)})<${v(g.int(1000, 99999))}><${v(sess(g))}>: `, msg);
const rip = (g: Gen) => (g.chance(0.3) ? `10.${g.int(0, 3)}.${g.int(0, 255)}.${g.int(2, 250)}` : g.publicIp());

const dovecot: FormatSpec = {
  name: 'dovecot',
  split: 'tuned',
  description:
    'Dovecot 2.3.21 via syslog: IMAP/POP3 logins and login-process disconnects, auth failures (pam, passwd-file, unknown user), logouts with counters, LMTP + Sieve deliveries, quota and mailbox errors, process limits',
  tickMs: 1500,
  templates: [
    {
      w: 18,
      make: (g) =>
        dv(g, 'imap-login', T`Login: user=<${v(g.pickSkewed(DV_USERS))}>, method=${v(g.pick(['PLAIN', 'PLAIN', 'LOGIN']))}, rip=${v(rip(g))}, lip=${v('10.0.0.25')}, mpid=${v(g.int(1000, 99999))}, ${v(g.pick(['TLS', 'TLS', 'secured']))}, session=<${v(sess(g))}>`),
    },
    {
      w: 4,
      make: (g) =>
        dv(g, 'pop3-login', T`Login: user=<${v(g.pickSkewed(DV_USERS))}>, method=${v('PLAIN')}, rip=${v(rip(g))}, lip=${v('10.0.0.25')}, mpid=${v(g.int(1000, 99999))}, ${v('TLS')}, session=<${v(sess(g))}>`),
    },
    {
      w: 14,
      make: (g) =>
        dvProc(g, 'imap', g.pickSkewed(DV_USERS), T`Disconnected: ${v(g.pickSkewed(['Logged out', 'Logged out', 'Connection closed (IDLE running for 0.001 + waiting input for 1795.2 secs, 2 B in + 10+10 B out, state=wait-input)', 'Inactivity - no input for 1800 secs']))} in=${v(g.int(20, 90000))} out=${v(g.int(300, 9000000))} deleted=${v(g.int(0, 9))} expunged=${v(g.int(0, 9))} trashed=${v(g.int(0, 9))} hdr_count=${v(g.int(0, 400))} hdr_bytes=${v(g.int(0, 900000))} body_count=${v(g.int(0, 40))} body_bytes=${v(g.int(0, 9000000))}`),
    },
    {
      w: 3,
      make: (g) => {
        const r = g.int(0, 6);
        return dvProc(g, 'pop3', g.pickSkewed(DV_USERS), T`Disconnected: ${v(g.pickSkewed(['Logged out', 'Logged out', 'Connection closed']))} top=${v(`0/0`)}, retr=${v(`${r}/${r * g.int(2000, 90000)}`)}, del=${v(`${r}/${r + g.int(0, 3)}`)}, size=${v(g.int(0, 9000000))}`);
      },
    },
    {
      w: 8,
      make: (g) =>
        dv(g, 'imap-login', T`Disconnected: Connection closed (auth failed, ${v(g.int(1, 3))} attempts in ${v(g.int(2, 20))} secs): user=<${v(g.pick(['admin', 'test', 'info@example.com', 'alice@example.com', 'postmaster']))}>, method=${v('PLAIN')}, rip=${v(g.publicIp())}, lip=${v('10.0.0.25')}, ${v('TLS')}, session=<${v(sess(g))}>`),
    },
    {
      w: 4,
      make: (g) =>
        dv(g, g.pick(['imap-login', 'pop3-login']), T`Disconnected: ${v(g.pick(['Inactivity', 'Connection closed', 'Too many invalid commands.']))} (no auth attempts in ${v(g.int(0, 180))} secs): user=<>, rip=${v(g.publicIp())}, lip=${v('10.0.0.25')}, ${v(g.pick(['TLS handshaking: SSL_accept() failed: error:0A00006C:SSL routines::bad key share', 'TLS', 'TLS handshaking: Connection closed']))}, session=<${v(sess(g))}>`),
    },
    {
      w: 6,
      make: (g) =>
        dv(g, 'auth', T`pam(${v(g.pick(['admin', 'test', 'info', 'alice@example.com']))},${v(g.publicIp())},<${v(sess(g))}>): pam_authenticate() failed: ${v(g.pick(['Authentication failure (password mismatch?)', 'User not known to the underlying authentication module']))}`),
    },
    {
      w: 4,
      make: (g) => dv(g, 'auth', T`passwd-file(${v(g.pick(['sales@example.com', 'webmaster@example.org', 'root@example.com']))},${v(g.publicIp())},<${v(sess(g))}>): unknown user`),
    },
    {
      w: 10,
      make: (g) => {
        const pid = g.int(1000, 99999);
        const user = g.pickSkewed(DV_USERS);
        const s = sess(g);
        const mid = `<${g.alnum(12, B62)}@${g.pick(['vendor.example', 'mail.gmail.com'])}>`;
        const lmtpPid = (m: Made) => cat(T`${v(bsdTime(g))} ${v(dvHost(g))} dovecot: lmtp(${v(pid)}): `, m);
        return [
          lmtpPid(T`Connect from local`),
          cat(T`${v(bsdTime(g))} ${v(dvHost(g))} dovecot: lmtp(${v(user)})<${v(pid)}><${v(s)}>: `, g.chance(0.6)
            ? T`sieve: msgid=${v(mid)}: stored mail into mailbox '${v(g.pickSkewed(['INBOX', 'INBOX', 'Junk', 'Lists/ops', 'Invoices']))}'`
            : T`sieve: msgid=${v(mid)}: fileinto action: stored mail into mailbox '${v(g.pick(['Junk', 'Lists/ops']))}'`),
          lmtpPid(T`Disconnect from local: ${v(g.pick(['Logged out', 'Client has quit the connection']))} (state=${v('READY')})`),
        ];
      },
    },
    {
      w: 3,
      make: (g) =>
        dvProc(g, 'lmtp', g.pick(DV_USERS), T`Error: sieve: msgid=${v(`<${g.alnum(12, B62)}@vendor.example>`)}: failed to store into mailbox '${v('INBOX')}': ${v('Quota exceeded (mailbox for user is full)')}`),
    },
    {
      w: 2,
      make: (g) =>
        dvProc(g, 'imap', g.pick(DV_USERS), T`Error: Mailbox ${v(g.pick(['Sent', 'INBOX', 'Drafts']))}: UID=${v(g.int(1, 90000))}: read(${v(`/var/vmail/example.com/${g.pick(['alice', 'bob'])}/Maildir/cur/${Math.floor(g.now / 1000)}.M${g.int(100000, 999999)}P${g.int(1000, 99999)}.mx-01,S=${g.int(1000, 90000)}:2,S`)}) failed: ${v('Cached message size larger than expected (5033 > 4996, box=INBOX, UID=1204)')}`),
    },
    {
      w: 2,
      make: (g) =>
        dv(g, 'master', T`Warning: service(${v(g.pick(['imap-login', 'imap', 'auth']))}): process_limit (${v(g.pick([100, 1024]))}) reached, client connections are being dropped`),
    },
    {
      w: 1,
      make: (g) => dv(g, 'imap-login', T`Warning: Auth process not responding, delayed sending initial response (greeting): user=<>, rip=${v(rip(g))}, lip=${v('10.0.0.25')}, ${v('TLS')}, session=<${v(sess(g))}>`),
    },
    { w: 0.3, make: (g) => dv(g, 'master', T`Dovecot v${v('2.3.21')} (${v('47349e2482')}) starting up for ${v('imap, pop3, lmtp, sieve')} (core dumps disabled)`) },
  ],
};

// ---------------------------------------------------------------------------------------------
// 68. FortiGate (FortiOS 7.2) syslog in its default key=value format: `date=.. time=.. devname=".."
// devid=".." eventtime=.. tz=".." logid=".." type=".." subtype=".." level=".." vd=".." ...`, string
// values quoted, numbers and addresses bare. Each record is a key=value list (README's structured
// rule: the key set is the statement, values variables); an event or UTM record's `msg` is its
// message (its own template), and a traffic record, which has none, is named by its `logid`
// (constant, as CloudTrail's eventName).

interface Kv {
  k: string;
  val: string | number;
  /** quoted in the line (FortiOS quotes strings, not numbers or addresses) */
  q?: boolean;
  /** constant in the truth (the event-name field of a record with no message) */
  c?: boolean;
  /** the message: its own template */
  msg?: Made;
}
const s = (k: string, val: string | number): Kv => ({ k, val, q: true });
const b = (k: string, val: string | number): Kv => ({ k, val });
function kvLine(fields: Kv[]): Made {
  const line: string[] = [];
  const truth: string[] = [];
  for (const f of fields) {
    if (f.msg) {
      line.push(`${f.k}="${f.msg.line}"`);
      truth.push(`${f.k}="${f.msg.template}"`);
      continue;
    }
    const text = f.q ? `"${f.val}"` : String(f.val);
    line.push(`${f.k}=${text}`);
    truth.push(f.c ? `${f.k}=${text}` : `${f.k}=<*>`);
  }
  return { line: line.join(' '), template: truth.join(' ') };
}
const FGT = [
  ['FGT-HQ-01', 'FG100FTK21004417'],
  ['FGT-HQ-02', 'FG100FTK21004552'],
];
function fgHead(g: Gen, logid: string, type: string, subtype: string, level: string, named: boolean): Kv[] {
  const d = new Date(g.now);
  const [dev, sn] = g.pick(FGT);
  return [
    b('date', `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`),
    b('time', `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`),
    s('devname', dev),
    s('devid', sn),
    b('eventtime', `${g.now}${String(g.int(0, 999999)).padStart(6, '0')}`),
    s('tz', '+0000'),
    { k: 'logid', val: logid, q: true, c: named },
    s('type', type),
    s('subtype', subtype),
    s('level', level),
    s('vd', 'root'),
  ];
}
const COUNTRIES = ['United States', 'Germany', 'Netherlands', 'Ireland', 'Reserved'];
const SERVICES: Array<[string, number, number]> = [
  ['HTTPS', 443, 6],
  ['HTTPS', 443, 6],
  ['HTTP', 80, 6],
  ['DNS', 53, 17],
  ['NTP', 123, 17],
  ['SSH', 22, 6],
  ['tcp/8443', 8443, 6],
];
const POLICIES: Array<[number, string]> = [
  [5, 'LAN-to-WAN'],
  [7, 'Guest-Internet'],
  [12, 'Servers-Outbound'],
];

function fgTraffic(g: Gen): Made {
  const [svc, port, proto] = g.pickSkewed(SERVICES);
  const [pid, pname] = g.pick(POLICIES);
  const src = `10.${g.int(10, 12)}.${g.int(0, 40)}.${g.int(2, 250)}`;
  const sport = g.int(1024, 65535);
  const sent = g.int(40, 900000);
  return kvLine([
    ...fgHead(g, '0000000013', 'traffic', 'forward', 'notice', true),
    b('srcip', src),
    b('srcport', sport),
    s('srcintf', g.pick(['port2', 'port3', 'guest-ssid'])),
    s('srcintfrole', 'lan'),
    b('dstip', g.publicIp()),
    b('dstport', port),
    s('dstintf', g.pick(['wan1', 'wan2'])),
    s('dstintfrole', 'wan'),
    s('srccountry', 'Reserved'),
    s('dstcountry', g.pick(COUNTRIES.slice(0, 4))),
    b('sessionid', g.int(1000000, 99999999)),
    b('proto', proto),
    s('action', g.pickSkewed(['close', 'close', 'timeout', 'accept', 'client-rst', 'server-rst'])),
    b('policyid', pid),
    s('policytype', 'policy'),
    s('poluuid', g.uuid()),
    s('policyname', pname),
    s('service', svc),
    s('trandisp', 'snat'),
    b('transip', g.pick(['198.51.100.10', '203.0.113.4'])),
    b('transport', sport),
    s('appcat', 'unscanned'),
    s('applist', 'default'),
    b('duration', g.int(0, 3600)),
    b('sentbyte', sent),
    b('rcvdbyte', g.int(0, 9000000)),
    b('sentpkt', Math.max(1, Math.floor(sent / 700))),
    b('rcvdpkt', g.int(0, 9000)),
  ]);
}
function fgDeny(g: Gen): Made {
  return kvLine([
    ...fgHead(g, '0000000013', 'traffic', 'forward', 'notice', true),
    b('srcip', g.publicIp()),
    b('srcport', g.int(1024, 65535)),
    s('srcintf', 'wan1'),
    s('srcintfrole', 'wan'),
    b('dstip', g.pick(['198.51.100.10', '203.0.113.4'])),
    b('dstport', g.pickSkewed([23, 445, 3389, 22, 5060, 8080])),
    s('dstintf', 'unknown-0'),
    s('dstintfrole', 'undefined'),
    s('srccountry', g.pick(COUNTRIES)),
    s('dstcountry', 'Reserved'),
    b('sessionid', g.int(1000000, 99999999)),
    b('proto', 6),
    s('action', 'deny'),
    b('policyid', 0),
    s('policytype', 'policy'),
    s('service', g.pick(['TELNET', 'SMB', 'RDP', 'SSH', 'SIP', 'tcp/8080'])),
    s('trandisp', 'noop'),
    b('duration', 0),
    b('sentbyte', 0),
    b('rcvdbyte', 0),
    b('sentpkt', 0),
    b('rcvdpkt', 0),
    s('appcat', 'unscanned'),
    b('crscore', 30),
    b('craction', 131072),
    s('crlevel', 'high'),
  ]);
}
function fgLocal(g: Gen): Made {
  return kvLine([
    ...fgHead(g, '0001000014', 'traffic', 'local', 'notice', true),
    b('srcip', g.publicIp()),
    b('srcport', g.int(1024, 65535)),
    s('srcintf', 'wan1'),
    s('srcintfrole', 'wan'),
    b('dstip', '198.51.100.10'),
    b('dstport', g.pick([443, 10443, 500, 4500])),
    s('dstintf', 'root'),
    s('dstintfrole', 'undefined'),
    b('sessionid', g.int(1000000, 99999999)),
    b('proto', g.pick([6, 17])),
    s('action', g.pick(['deny', 'accept', 'close'])),
    b('policyid', 0),
    s('policytype', 'local-in-policy'),
    s('service', g.pick(['HTTPS', 'IKE', 'tcp/10443'])),
    s('dstcountry', 'Reserved'),
    s('srccountry', g.pick(COUNTRIES)),
    s('trandisp', 'noop'),
    s('app', g.pick(['Web Management(HTTPS)', 'IKE', 'SSL-VPN'])),
    b('duration', g.int(0, 200)),
    b('sentbyte', g.int(0, 9000)),
    b('rcvdbyte', g.int(0, 9000)),
    b('sentpkt', g.int(0, 30)),
    b('rcvdpkt', g.int(0, 30)),
  ]);
}
const ADMINS = ['admin', 'netops', 'fw-backup'];

const fortigate: FormatSpec = {
  name: 'fortigate-kv',
  split: 'tuned',
  description:
    'FortiGate (FortiOS 7.2) syslog, default key=value format: forward and local-in traffic (no msg: logid names it), policy denies, admin logins and config changes, SSL-VPN tunnels, IPsec negotiation, web filter blocks, IPS signatures, system events',
  tickMs: 500,
  templates: [
    { w: 40, make: (g) => fgTraffic(g) },
    { w: 12, make: (g) => fgDeny(g) },
    { w: 6, make: (g) => fgLocal(g) },
    {
      w: 4,
      make: (g) => {
        const user = g.pick(ADMINS);
        const ip = `10.10.0.${g.int(5, 30)}`;
        const method = g.pick(['https', 'ssh']);
        return kvLine([
          ...fgHead(g, '0100032001', 'event', 'system', 'information', false),
          s('logdesc', 'Admin login successful'),
          s('sn', Math.floor(g.now / 1000)),
          s('user', user),
          s('ui', `${method}(${ip})`),
          s('method', method),
          b('srcip', ip),
          b('dstip', '10.10.0.1'),
          s('action', 'login'),
          s('status', 'success'),
          s('reason', 'none'),
          s('profile', 'super_admin'),
          { k: 'msg', val: '', msg: T`Administrator ${v(user)} logged in successfully from ${v(`${method}(${ip})`)}` },
        ]);
      },
    },
    {
      w: 4,
      make: (g) => {
        const user = g.pick(['admin', 'root', 'fortinet', 'test']);
        const ip = g.publicIp();
        return kvLine([
          ...fgHead(g, '0100032002', 'event', 'system', 'alert', false),
          s('logdesc', 'Admin login failed'),
          s('sn', 0),
          s('user', user),
          s('ui', `https(${ip})`),
          s('method', 'https'),
          b('srcip', ip),
          b('dstip', '198.51.100.10'),
          s('action', 'login'),
          s('status', 'failed'),
          s('reason', g.pick(['name_invalid', 'passwd_invalid'])),
          { k: 'msg', val: '', msg: T`Administrator ${v(user)} login failed from ${v(`https(${ip})`)} because of ${v(g.pick(['invalid user name', 'invalid password']))}` },
        ]);
      },
    },
    {
      w: 3,
      make: (g) => {
        const user = g.pick(ADMINS);
        const path = g.pick(['firewall.policy', 'firewall.address', 'system.interface', 'router.static']);
        const obj = String(g.int(1, 40));
        const attr = g.pick(['action[accept->deny]', 'status[enable->disable]', `subnet[10.20.${g.int(0, 9)}.0 255.255.255.0]`, `comments[${g.pick(['ticket OPS-4412', 'temp rule'])}]`]);
        return kvLine([
          ...fgHead(g, '0100044547', 'event', 'system', 'information', false),
          s('logdesc', 'Object attribute configured'),
          s('user', user),
          s('ui', `GUI(10.10.0.${g.int(5, 30)})`),
          s('action', 'Edit'),
          s('cfgtid', g.int(1000000, 99999999)),
          s('cfgpath', path),
          s('cfgobj', obj),
          s('cfgattr', attr),
          { k: 'msg', val: '', msg: T`Edit ${v(path)} ${v(obj)}` },
        ]);
      },
    },
    {
      w: 4,
      make: (g) => {
        const user = g.pick(['alice', 'bob', 'carol.smith', 'ext-erin']);
        const ip = g.publicIp();
        const ok = g.chance(0.75);
        return kvLine([
          ...fgHead(g, ok ? '0101039947' : '0101039426', 'event', 'vpn', ok ? 'information' : 'alert', false),
          s('logdesc', ok ? 'SSL VPN tunnel up' : 'SSL VPN login fail'),
          s('action', ok ? 'tunnel-up' : 'ssl-login-fail'),
          s('tunneltype', ok ? 'ssl-tunnel' : 'ssl-web'),
          b('tunnelid', ok ? g.int(100000000, 999999999) : 0),
          b('remip', ip),
          ...(ok ? [b('tunnelip', `10.212.134.${g.int(200, 250)}`)] : []),
          s('user', user),
          s('group', ok ? 'vpn-users' : 'N/A'),
          s('dst_host', 'N/A'),
          s('reason', ok ? 'N/A' : g.pick(['sslvpn_login_unknown_user', 'sslvpn_login_permission_denied'])),
          { k: 'msg', val: '', msg: ok ? T`SSL tunnel established` : T`SSL user failed to logged in` },
        ]);
      },
    },
    {
      w: 3,
      make: (g) =>
        kvLine([
          ...fgHead(g, '0101037127', 'event', 'vpn', 'notice', false),
          s('logdesc', 'Progress IPsec phase 1'),
          { k: 'msg', val: '', msg: T`progress IPsec phase 1` },
          s('action', 'negotiate'),
          b('remip', g.pick(['203.0.113.77', '192.0.2.41'])),
          b('locip', '198.51.100.10'),
          b('remport', 500),
          b('locport', 500),
          s('outintf', 'wan1'),
          s('cookies', `${g.hex(16)}/${g.pick(['0000000000000000', g.hex(16)])}`),
          s('user', 'N/A'),
          s('group', 'N/A'),
          s('useralt', 'N/A'),
          s('xauthuser', 'N/A'),
          s('xauthgroup', 'N/A'),
          s('assignip', 'N/A'),
          s('vpntunnel', g.pick(['to-branch-ams', 'to-aws-vgw'])),
          s('status', g.pick(['success', 'failure'])),
          s('init', g.pick(['local', 'remote'])),
          s('mode', 'main'),
          s('dir', g.pick(['outbound', 'inbound'])),
          b('stage', g.int(1, 3)),
          s('role', g.pick(['initiator', 'responder'])),
          s('result', g.pick(['OK', 'DONE', 'ERROR'])),
        ]),
    },
    {
      w: 5,
      make: (g) => {
        const host = g.pick(['bet365.example', 'freegames.example.net', 'proxy-unblock.example', 'casino-royal.example']);
        return kvLine([
          ...fgHead(g, '0316013056', 'utm', 'webfilter', 'warning', false),
          s('eventtype', 'ftgd_blk'),
          b('policyid', g.pick([5, 7])),
          b('sessionid', g.int(1000000, 99999999)),
          b('srcip', `10.${g.int(10, 12)}.${g.int(0, 40)}.${g.int(2, 250)}`),
          b('srcport', g.int(1024, 65535)),
          b('dstip', g.publicIp()),
          b('dstport', 443),
          s('srcintf', 'port2'),
          s('dstintf', 'wan1'),
          b('proto', 6),
          s('service', 'HTTPS'),
          s('hostname', host),
          s('profile', 'default'),
          s('action', 'blocked'),
          s('reqtype', 'direct'),
          s('url', `https://${host}/`),
          b('sentbyte', g.int(100, 900)),
          b('rcvdbyte', 0),
          s('direction', 'outgoing'),
          s('msg', ''),
          s('method', 'domain'),
          b('cat', g.pick([20, 11, 59])),
          s('catdesc', g.pick(['Gambling', 'Games', 'Proxy Avoidance'])),
        ].map((f) => (f.k === 'msg' ? { ...f, msg: T`URL belongs to a denied category in policy` } : f)));
      },
    },
    {
      w: 3,
      make: (g) => {
        const [attack, cat_] = g.pick([
          ['Apache.Log4j.Error.Log.Remote.Code.Execution', 'applications'],
          ['WordPress.xmlrpc.php.System.Multicall.Amplification.Attack', 'web_app'],
          ['PHPUnit.Eval-stdin.PHP.Remote.Code.Execution', 'web_app'],
          ['Nmap.Script.Scanner', 'scanner'],
        ]);
        return kvLine([
          ...fgHead(g, '0419016384', 'utm', 'ips', 'alert', false),
          s('eventtype', 'signature'),
          s('severity', g.pick(['critical', 'high', 'medium'])),
          b('srcip', g.publicIp()),
          s('srccountry', g.pick(COUNTRIES)),
          b('dstip', `172.16.1.${g.int(10, 40)}`),
          s('srcintf', 'wan1'),
          s('dstintf', 'dmz'),
          b('sessionid', g.int(1000000, 99999999)),
          s('action', g.pick(['dropped', 'detected'])),
          b('proto', 6),
          s('service', 'HTTPS'),
          b('policyid', 21),
          s('attack', attack),
          b('srcport', g.int(1024, 65535)),
          b('dstport', 443),
          s('hostname', g.pick(['www.example.com', 'shop.example.com'])),
          s('url', g.pick(['/', '/xmlrpc.php', '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php', '/api/login'])),
          s('direction', 'outgoing'),
          b('attackid', g.int(10000, 60000)),
          s('profile', 'protect_http_server'),
          s('ref', `http://www.fortinet.com/ids/VID${g.int(10000, 60000)}`),
          s('incidentserialno', g.int(100000000, 999999999)),
          { k: 'msg', val: '', msg: T`${v(cat_)}: ${v(attack)},` },
        ]);
      },
    },
    {
      w: 1,
      make: (g) =>
        kvLine([
          ...fgHead(g, '0100022907', 'event', 'system', 'notice', false),
          s('logdesc', 'FortiGuard update succeeded'),
          s('status', 'update'),
          s('msg', ''),
        ].map((f) => (f.k === 'msg' ? { ...f, msg: T`Fortigate scheduled update ${v(g.pick(['av=92.04512', 'ips=28.00801', 'ffdb=27.00711']))}(updated) ${v(g.pick(['avai=1.00000', 'isdb=28.00801', 'mudb=27.00711']))}(current)` } : f))),
    },
    {
      w: 1,
      make: (g) =>
        kvLine([
          ...fgHead(g, '0100020202', 'event', 'system', 'warning', false),
          s('logdesc', 'Conserve mode'),
          { k: 'msg', val: '', msg: T`Kernel enters memory conserve mode` },
          s('action', 'enter'),
          b('total', 1895812),
          b('used', g.int(1600000, 1800000)),
          b('red', 1706232),
          b('green', 1516650),
        ]),
    },
  ],
};

export const ROUND10_FORMATS: readonly FormatSpec[] = [ciscoAsa, exim, dovecot, fortigate, ...ROUND10_FORMATS_B];
