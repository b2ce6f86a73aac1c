// Generality set, round 9 (part 1 of 2; formats-round9b.ts holds the rest): formats written from
// their own documentation and real output before any miner change of round 9, untouched in round 9
// (scored once at its end) and TUNED from round 10 on (README.md). None of them is
// in LogHub or in rounds 1-8: RFC 5424 syslog with structured data (rsyslog forwarding a Juniper
// SRX, sshd and a Java service), the Linux audit log (auditd), Suricata's EVE JSON and the Zabbix
// server log; OpenVPN, uWSGI and Mosquitto are in part 2.
//
// Truth conventions are README.md's: a template is one log statement, its parameters variables
// however few values they take; header fields are variables; text request lines are one template
// per method; structured lines (JSON, and text lines listing key=value pairs) are their message
// template plus their key set, or their event-name field where the record has no message.
import { Gen, T, v, jsonLine, USER_AGENTS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';
import { ROUND9_FORMATS_B } from './formats-round9b.js';

// ---------------------------------------------------------------------------------------------
// 58. RFC 5424 syslog as rsyslog forwards it (`RSYSLOG_SyslogProtocol23Format`: `<PRI>1 TIMESTAMP
// HOSTNAME APP-NAME PROCID MSGID [SD-ID param="value" ...] MSG`). PRI, time, host and procid are
// header values (variables); the app name and MSGID name the event (part of the statement, as the
// journal's identifier is); an SD element's id and parameter names are the statement, its values
// variables (the structured rule). Sources: a Juniper SRX (`RT_FLOW` with `junos@2636...` data and
// a text message repeating the values), sshd with no structured data (`-`), a Java service through
// logback's syslog appender with its MDC as `[mdc@18060 ...]`, and rsyslogd's own start line.

function rfc3339(g: Gen): string {
  return new Date(g.now).toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(g.int(0, 999)).padStart(3, '0')}+00:00`);
}
function s5424(g: Gen, pri: number, host: string, app: string, procid: string, msgid: string, sd: Made, msg: Made): Made {
  return cat(T`<${v(pri)}>1 ${v(rfc3339(g))} ${v(host)} ${app} ${v(procid)} ${msgid} `, sd, msg.line === '' ? msg : cat(T` `, msg));
}
const NOSD: Made = { line: '-', template: '-' };
const ZONES_SRX = ['trust', 'untrust', 'dmz'];
const SRX_APPS = ['junos-https', 'junos-http', 'junos-dns-udp', 'junos-ssh', 'junos-ntp'];
function srxFlow(g: Gen, kind: 'create' | 'close' | 'deny'): Made {
  const src = `10.${g.int(0, 3)}.${g.int(0, 40)}.${g.int(2, 250)}`;
  const sport = g.int(1024, 65535);
  const dst = g.chance(0.7) ? g.publicIp() : g.privateIp();
  const app = g.pickSkewed(SRX_APPS);
  const dport = { 'junos-https': 443, 'junos-http': 80, 'junos-dns-udp': 53, 'junos-ssh': 22, 'junos-ntp': 123 }[app] ?? 443;
  const proto = app === 'junos-dns-udp' || app === 'junos-ntp' ? 17 : 6;
  const policy = g.pick(['allow-web', 'allow-dns', 'default-deny', 'allow-mgmt']);
  const zs = g.pick(ZONES_SRX);
  const zd = g.pick(ZONES_SRX);
  const sid = g.int(10000, 999999);
  const host = g.pick(['srx-fw-01', 'srx-fw-02']);
  const pri = 14;
  if (kind === 'create') {
    const sd = T`[junos@2636.1.1.1.2.129 source-address="${v(src)}" source-port="${v(sport)}" destination-address="${v(dst)}" destination-port="${v(dport)}" service-name="${v(app)}" protocol-id="${v(proto)}" policy-name="${v(policy)}" source-zone-name="${v(zs)}" destination-zone-name="${v(zd)}" session-id-32="${v(sid)}" packet-incoming-interface="${v(g.pick(['ge-0/0/1.0', 'ge-0/0/2.0', 'reth0.100']))}"]`;
    return s5424(g, pri, host, 'RT_FLOW', '-', 'RT_FLOW_SESSION_CREATE', sd, T`session created ${v(`${src}/${sport}->${dst}/${dport}`)} ${v(app)} ${v(proto)} ${v(policy)} ${v(zs)} ${v(zd)} ${v(sid)}`);
  }
  if (kind === 'close') {
    const reason = g.pick(['TCP FIN', 'TCP RST', 'idle Timeout', 'unset']);
    const sd = T`[junos@2636.1.1.1.2.129 reason="${v(reason)}" source-address="${v(src)}" source-port="${v(sport)}" destination-address="${v(dst)}" destination-port="${v(dport)}" service-name="${v(app)}" protocol-id="${v(proto)}" policy-name="${v(policy)}" session-id-32="${v(sid)}" packets-from-client="${v(g.int(1, 900))}" bytes-from-client="${v(g.int(60, 900000))}" packets-from-server="${v(g.int(1, 900))}" bytes-from-server="${v(g.int(60, 9000000))}" elapsed-time="${v(g.int(0, 3600))}"]`;
    return s5424(g, pri, host, 'RT_FLOW', '-', 'RT_FLOW_SESSION_CLOSE', sd, T`session closed ${v(reason)}: ${v(`${src}/${sport}->${dst}/${dport}`)} ${v(app)} ${v(proto)} ${v(policy)} ${v(sid)}`);
  }
  const sd = T`[junos@2636.1.1.1.2.129 source-address="${v(src)}" source-port="${v(sport)}" destination-address="${v(dst)}" destination-port="${v(dport)}" service-name="${v(app)}" protocol-id="${v(proto)}" icmp-type="${v(0)}" policy-name="${v(policy)}" source-zone-name="${v(zs)}" destination-zone-name="${v(zd)}"]`;
  return s5424(g, pri, host, 'RT_FLOW', '-', 'RT_FLOW_SESSION_DENY', sd, T`session denied ${v(`${src}/${sport}->${dst}/${dport}`)} ${v(app)} ${v(proto)}(${v(0)}) ${v(policy)} ${v(zs)} ${v(zd)}`);
}
const SSH_USERS = ['deploy', 'alice', 'bob', 'ansible', 'root'];
const mdc = (g: Gen) =>
  T`[mdc@18060 requestId="${v(g.hex(16))}" userId="${v(g.int(1, 90000))}" tenant="${v(g.pick(['acme', 'globex', 'initech']))}"]`;
const javaHost = (g: Gen) => g.pick(['billing-7d9f-1', 'billing-7d9f-2', 'billing-7d9f-3']);

const syslog5424: FormatSpec = {
  name: 'syslog-rfc5424',
  split: 'tuned',
  description:
    'RFC 5424 syslog via rsyslog (SyslogProtocol23Format): Juniper SRX RT_FLOW sessions with junos@ structured data, sshd without structured data, a Java service with MDC as [mdc@18060 ...], rsyslogd start lines',
  tickMs: 400,
  templates: [
    { w: 30, make: (g) => srxFlow(g, 'create') },
    { w: 26, make: (g) => srxFlow(g, 'close') },
    { w: 8, make: (g) => srxFlow(g, 'deny') },
    {
      w: 6,
      make: (g) =>
        s5424(g, 38, g.pick(['bastion-1', 'bastion-2']), 'sshd', String(g.int(1000, 60000)), '-', NOSD, T`Accepted publickey for ${v(g.pickSkewed(SSH_USERS))} from ${v(g.privateIp())} port ${v(g.int(1024, 65535))} ssh2: ${v(g.pick(['ED25519', 'RSA']))} SHA256:${v(g.alnum(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'))}`),
    },
    {
      w: 5,
      make: (g) =>
        s5424(g, 38, g.pick(['bastion-1', 'bastion-2']), 'sshd', String(g.int(1000, 60000)), '-', NOSD, T`Invalid user ${v(g.pick(['admin', 'test', 'oracle', 'ubuntu', 'git', 'postgres']))} from ${v(g.publicIp())} port ${v(g.int(1024, 65535))}`),
    },
    {
      w: 4,
      make: (g) =>
        s5424(g, 86, g.pick(['bastion-1', 'bastion-2']), 'sshd', String(g.int(1000, 60000)), '-', NOSD, T`pam_unix(sshd:session): session opened for user ${v(g.pickSkewed(SSH_USERS))}(uid=${v(g.int(0, 1005))}) by ${v('(uid=0)')}`),
    },
    {
      w: 6,
      make: (g) =>
        s5424(g, 134, javaHost(g), 'billing', String(g.int(1, 9)), 'com.example.billing.InvoiceService', mdc(g), T`Invoice ${v(`INV-${g.int(100000, 999999)}`)} issued for customer ${v(g.int(1000, 99999))}, total ${v(g.float(5, 9000, 2))} ${v(g.pick(['EUR', 'USD', 'GBP']))}`),
    },
    {
      w: 4,
      make: (g) =>
        s5424(g, 132, javaHost(g), 'billing', String(g.int(1, 9)), 'com.example.billing.PaymentClient', mdc(g), T`Payment provider call failed after ${v(g.int(1, 5))} attempts: ${v(g.pick(['Read timed out', 'Connection refused', 'HTTP 502 Bad Gateway', 'HTTP 429 Too Many Requests']))}`),
    },
    {
      w: 3,
      make: (g) =>
        s5424(g, 135, javaHost(g), 'billing', String(g.int(1, 9)), 'org.hibernate.SQL', NOSD, T`${v(g.pick([`select i1_0.id,i1_0.customer_id,i1_0.total from invoice i1_0 where i1_0.id=?`, `update invoice set status=? where id=?`, `insert into payment (amount,invoice_id,status,id) values (?,?,?,?)`]))}`),
    },
    {
      w: 1,
      make: (g) =>
        s5424(g, 46, g.pick(['log-relay-1', 'log-relay-2']), 'rsyslogd', '-', '-', T`[origin software="rsyslogd" swVersion="${v('8.2302.0')}" x-pid="${v(g.int(300, 9000))}" x-info="https://www.rsyslog.com"]`, T`start`),
    },
    {
      w: 1,
      make: (g) =>
        s5424(g, 43, g.pick(['log-relay-1', 'log-relay-2']), 'rsyslogd', '-', '-', NOSD, T`omfwd: remote server at ${v(g.pick(['10.0.9.10', '10.0.9.11']))}:${v(6514)} seems to have closed connection. This often happens when the remote peer (or an interim system like a load balancer or firewall) shuts down or aborts a connection. Rsyslog will re-open the connection if configured to do so (we could not determine if it is configured to do so). [v${v('8.2302.0')} try https://www.rsyslog.com/e/${v(2027)} ]`),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 59. The Linux audit log (`/var/log/audit/audit.log`, auditd 3.1, raw format): `type=T
// msg=audit(EPOCH.MS:SERIAL): key=value ...`, the user-space records with their own
// `msg='key=value ...'`. Each record is a list of key=value pairs: its keys are the statement,
// every value a variable (README's structured rule for text key/value lines); `type=` names the
// record (constant, as CloudTrail's eventName). One event writes several records (SYSCALL, CWD,
// PATH..., PROCTITLE), each its own statement.

const auditStamp = (g: Gen) => `${Math.floor(g.now / 1000)}.${String(g.now % 1000).padStart(3, '0')}:${g.int(100000, 999999)}`;
const rec = (g: Gen, type: string, stamp: string, body: Made) => cat(T`type=${type} msg=audit(${v(stamp)}): `, body);
const USERS_A = ['alice', 'bob', 'deploy', 'root', 'backup'];
const UNIT_A = ['nginx', 'docker', 'cron', 'sshd', 'systemd-tmpfiles-clean', 'apt-daily', 'logrotate', 'user@1000'];
const hexTitle = (g: Gen) => g.pick(['2F7573722F62696E2F6375726C002D73002D4F', '7375646F0073797374656D63746C0072657374617274006E67696E78', '2F62696E2F62617368002D63', '707974686F6E33002F6F70742F6A6F62732F6261636B75702E7079', 'sshd: alice [priv]']);
const exes: Array<[string, string]> = [
  ['curl', '/usr/bin/curl'],
  ['bash', '/usr/bin/bash'],
  ['python3', '/usr/bin/python3.11'],
  ['sudo', '/usr/bin/sudo'],
  ['ssh', '/usr/bin/ssh'],
];

function syscallEvent(g: Gen): Made[] {
  const s = auditStamp(g);
  const [comm, exe] = g.pickSkewed(exes);
  const pid = g.int(1000, 90000);
  const auid = g.pick([1000, 1001, 1002, 4294967295]);
  const out: Made[] = [
    rec(g, 'SYSCALL', s, T`arch=${v('c000003e')} syscall=${v(g.pick([59, 257, 2, 42]))} success=${v(g.pick(['yes', 'yes', 'no']))} exit=${v(g.pick([0, 3, -13, -2]))} a0=${v(g.hex(12))} a1=${v(g.hex(12))} a2=${v(g.hex(12))} a3=${v(g.hex(2))} items=${v(g.int(1, 2))} ppid=${v(g.int(1, 9000))} pid=${v(pid)} auid=${v(auid)} uid=${v(g.pick([0, 1000, 1001]))} gid=${v(g.pick([0, 1000]))} euid=${v(0)} suid=${v(0)} fsuid=${v(0)} egid=${v(0)} sgid=${v(0)} fsgid=${v(0)} tty=${v(g.pick(['pts0', 'pts1', '(none)']))} ses=${v(g.int(1, 40))} comm="${v(comm)}" exe="${v(exe)}" subj=${v('unconfined')} key="${v(g.pick(['exec_log', 'priv_esc', 'etc_write']))}"`),
    rec(g, 'CWD', s, T`cwd="${v(g.pick(['/home/alice', '/root', '/opt/jobs', '/']))}"`),
    rec(g, 'PATH', s, T`item=${v(0)} name="${v(exe)}" inode=${v(g.int(1000, 9999999))} dev=${v(g.pick(['fd:00', '08:01']))} mode=${v('0100755')} ouid=${v(0)} ogid=${v(0)} rdev=${v('00:00')} nametype=${v(g.pick(['NORMAL', 'NORMAL', 'CREATE']))} cap_fp=${v(0)} cap_fi=${v(0)} cap_fe=${v(0)} cap_fver=${v(0)} cap_frootid=${v(0)}`),
    rec(g, 'PROCTITLE', s, T`proctitle=${v(hexTitle(g))}`),
  ];
  return out;
}
const pamMsg = (g: Gen, op: string, user: string, exe: string, ok: boolean) =>
  T`pid=${v(g.int(1000, 90000))} uid=${v(0)} auid=${v(g.pick([1000, 4294967295]))} ses=${v(g.pick([3, 4294967295]))} subj=${v('unconfined')} msg='op=${v(op)} grantors=${v(ok ? g.pick(['pam_unix', 'pam_permit,pam_unix', 'pam_env,pam_unix']) : '?')} acct="${v(user)}" exe="${v(exe)}" hostname=${v(g.pick(['?', g.publicIp()]))} addr=${v(g.publicIp())} terminal=${v(g.pick(['ssh', '/dev/pts/1', 'cron']))} res=${v(ok ? 'success' : 'failed')}'`;

const auditd: FormatSpec = {
  name: 'linux-auditd',
  split: 'tuned',
  description:
    'Linux audit log (auditd 3.1 raw records): SYSCALL/CWD/PATH/PROCTITLE events from watch rules, PAM records (USER_AUTH, USER_ACCT, CRED_ACQ, USER_START, USER_END), USER_CMD, SERVICE_START/STOP, LOGIN, AppArmor AVC denials, ANOM_ABEND crashes',
  tickMs: 900,
  templates: [
    { w: 12, make: (g) => syscallEvent(g) },
    { w: 6, make: (g) => rec(g, 'USER_AUTH', auditStamp(g), pamMsg(g, 'PAM:authentication', g.pick(USERS_A), '/usr/sbin/sshd', g.chance(0.6))) },
    { w: 5, make: (g) => rec(g, 'USER_ACCT', auditStamp(g), pamMsg(g, 'PAM:accounting', g.pick(USERS_A), g.pick(['/usr/sbin/sshd', '/usr/sbin/cron', '/usr/bin/sudo']), true)) },
    { w: 5, make: (g) => rec(g, 'CRED_ACQ', auditStamp(g), pamMsg(g, 'PAM:setcred', g.pick(USERS_A), g.pick(['/usr/sbin/sshd', '/usr/sbin/cron']), true)) },
    { w: 5, make: (g) => rec(g, 'USER_START', auditStamp(g), pamMsg(g, 'PAM:session_open', g.pick(USERS_A), g.pick(['/usr/sbin/sshd', '/usr/sbin/cron', '/usr/bin/sudo']), true)) },
    { w: 5, make: (g) => rec(g, 'USER_END', auditStamp(g), pamMsg(g, 'PAM:session_close', g.pick(USERS_A), g.pick(['/usr/sbin/sshd', '/usr/sbin/cron', '/usr/bin/sudo']), true)) },
    {
      w: 3,
      make: (g) =>
        rec(g, 'USER_LOGIN', auditStamp(g), T`pid=${v(g.int(1000, 90000))} uid=${v(0)} auid=${v(g.pick([1000, 1001, 4294967295]))} ses=${v(g.int(1, 40))} subj=${v('unconfined')} msg='op=${v('login')} id=${v(g.pick([1000, 1001, 0]))} exe="${v('/usr/sbin/sshd')}" hostname=${v('?')} addr=${v(g.publicIp())} terminal=${v('/dev/pts/1')} res=${v(g.pick(['success', 'failed']))}'`),
    },
    {
      w: 4,
      make: (g) =>
        rec(g, 'USER_CMD', auditStamp(g), T`pid=${v(g.int(1000, 90000))} uid=${v(g.pick([1000, 1001]))} auid=${v(g.pick([1000, 1001]))} ses=${v(g.int(1, 40))} subj=${v('unconfined')} msg='cwd="${v(g.pick(['/home/alice', '/home/bob', '/opt/app']))}" cmd=${v(g.pick(['73797374656D63746C2072657374617274206E67696E78', '6A6F75726E616C63746C202D75206170692D736572766572', '636174202F6574632F736861646F77']))} exe="${v('/usr/bin/sudo')}" terminal=${v(g.pick(['pts/0', 'pts/1']))} res=${v(g.pick(['success', 'success', 'failed']))}'`),
    },
    {
      w: 4,
      make: (g) =>
        rec(g, 'SERVICE_START', auditStamp(g), T`pid=${v(1)} uid=${v(0)} auid=${v(4294967295)} ses=${v(4294967295)} subj=${v('unconfined')} msg='unit=${v(g.pick(UNIT_A))} comm="${v('systemd')}" exe="${v('/usr/lib/systemd/systemd')}" hostname=${v('?')} addr=${v('?')} terminal=${v('?')} res=${v(g.pick(['success', 'success', 'failed']))}'`),
    },
    {
      w: 4,
      make: (g) =>
        rec(g, 'SERVICE_STOP', auditStamp(g), T`pid=${v(1)} uid=${v(0)} auid=${v(4294967295)} ses=${v(4294967295)} subj=${v('unconfined')} msg='unit=${v(g.pick(UNIT_A))} comm="${v('systemd')}" exe="${v('/usr/lib/systemd/systemd')}" hostname=${v('?')} addr=${v('?')} terminal=${v('?')} res=${v('success')}'`),
    },
    {
      w: 3,
      make: (g) =>
        rec(g, 'LOGIN', auditStamp(g), T`pid=${v(g.int(1000, 90000))} uid=${v(0)} subj=${v('unconfined')} old-auid=${v(4294967295)} auid=${v(g.pick([1000, 1001, 0]))} tty=${v('(none)')} old-ses=${v(4294967295)} ses=${v(g.int(1, 40))} res=${v(1)}`),
    },
    {
      w: 3,
      make: (g) => {
        const [prof, name] = g.pick([
          ['/usr/sbin/mysqld', '/etc/ssl/openssl.cnf'],
          ['/usr/sbin/nginx', '/srv/www/uploads/'],
          ['docker-default', '/proc/sys/kernel/core_pattern'],
        ]);
        return rec(g, 'AVC', auditStamp(g), T`apparmor="${v('DENIED')}" operation="${v(g.pick(['open', 'mkdir', 'file_mmap']))}" profile="${v(prof)}" name="${v(name)}" pid=${v(g.int(300, 90000))} comm="${v(prof.split('/').pop() ?? 'runc')}" requested_mask="${v(g.pick(['r', 'wc', 'rw']))}" denied_mask="${v(g.pick(['r', 'wc', 'rw']))}" fsuid=${v(g.pick([0, 111, 33]))} ouid=${v(0)}`);
      },
    },
    {
      w: 1,
      make: (g) => {
        const [comm, exe] = g.pick([['python3', '/usr/bin/python3.11'], ['php-fpm8.3', '/usr/sbin/php-fpm8.3'], ['node', '/usr/bin/node']]);
        return rec(g, 'ANOM_ABEND', auditStamp(g), T`auid=${v(g.pick([1000, 4294967295]))} uid=${v(g.pick([1000, 33]))} gid=${v(g.pick([1000, 33]))} ses=${v(g.pick([3, 4294967295]))} subj=${v('unconfined')} pid=${v(g.int(300, 90000))} comm="${v(comm)}" exe="${v(exe)}" sig=${v(g.pick([11, 6]))} res=${v(1)}`);
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 60. Suricata 7 EVE JSON (`eve.json`): every record has `timestamp`, `flow_id`, `in_iface`,
// `event_type`, the 5-tuple and `proto`, then its event's object (`alert`, `dns`, `http`, `tls`,
// `flow`, `anomaly`, `fileinfo`); `stats` records have no 5-tuple. No message field: `event_type`
// names the record (constant, as CloudTrail's eventName) and the key set is the statement; an
// alert raised on HTTP traffic carries the `http` object too, so it is a key set of its own.

const suriTs = (g: Gen) => new Date(g.now).toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(g.int(0, 999)).padStart(3, '0')}+0000`);
function tuple(g: Gen, proto: 'TCP' | 'UDP', dport: number, inbound = g.chance(0.5)): Array<[string, unknown]> {
  const inside = `10.${g.int(0, 3)}.${g.int(0, 40)}.${g.int(2, 250)}`;
  const outside = g.publicIp();
  return [
    ['src_ip', inbound ? outside : inside],
    ['src_port', g.int(1024, 65535)],
    ['dest_ip', inbound ? inside : outside],
    ['dest_port', dport],
    ['proto', proto],
  ];
}
function eve(g: Gen, type: string, body: Array<[string, unknown]>, t: Array<[string, unknown]> | null): Made {
  const head: Array<[string, unknown]> = [
    ['timestamp', suriTs(g)],
    ['flow_id', g.int(100000000000000, 2200000000000000)],
    ['in_iface', g.pick(['eth0', 'eth1', 'ens5'])],
    ['event_type', null],
  ];
  const fields = t ? [...head, ...t, ...body] : [['timestamp', suriTs(g)] as [string, unknown], ['event_type', null] as [string, unknown], ...body];
  return jsonLine(fields, 'event_type', T`${type}`);
}
const SIGS: Array<[number, string, string, number]> = [
  [2010935, 'ET SCAN Suspicious inbound to MSSQL port 1433', 'Potentially Bad Traffic', 2],
  [2001219, 'ET SCAN Potential SSH Scan', 'Attempted Information Leak', 2],
  [2024897, 'ET USER_AGENTS Go HTTP Client User-Agent', 'Misc activity', 3],
  [2013028, 'ET POLICY curl User-Agent Outbound', 'Attempted Information Leak', 2],
  [2100498, 'GPL ATTACK_RESPONSE id check returned root', 'Potentially Bad Traffic', 2],
];
const HOSTS_HTTP = ['shop.example.com', 'api.example.com', 'updates.vendor.example', 'ocsp.digicert.com'];
function httpObj(g: Gen): Record<string, unknown> {
  return {
    hostname: g.pick(HOSTS_HTTP),
    url: g.pick(['/', '/api/v1/cart', `/products/${g.int(1, 9999)}`, '/wp-login.php', '/.env', `/static/app.${g.hex(8)}.js`]),
    http_user_agent: g.pickSkewed(USER_AGENTS),
    http_content_type: g.pick(['text/html', 'application/json', 'application/javascript']),
    http_method: g.pickSkewed(['GET', 'POST', 'GET', 'HEAD']),
    protocol: 'HTTP/1.1',
    status: g.pickSkewed([200, 200, 304, 404, 301, 403, 500]),
    length: g.int(0, 90000),
  };
}
function alertObj(g: Gen): Record<string, unknown> {
  const [sid, sig, category, sev] = g.pickSkewed(SIGS);
  return { action: 'allowed', gid: 1, signature_id: sid, rev: g.int(1, 12), signature: sig, category, severity: sev };
}

const suricata: FormatSpec = {
  name: 'suricata-eve',
  split: 'tuned',
  description:
    'Suricata 7 EVE JSON: alerts (with and without HTTP metadata), dns queries and answers, http, tls, flow and anomaly records, periodic stats',
  tickMs: 300,
  templates: [
    {
      w: 22,
      make: (g) =>
        eve(g, 'dns', [['dns', { type: 'query', id: g.int(1, 65535), rrname: g.pick(['shop.example.com', 'api.github.com', 'time.cloudflare.com', 'login.microsoftonline.com']), rrtype: g.pick(['A', 'AAAA', 'HTTPS']), tx_id: 0, opcode: 0 }]], tuple(g, 'UDP', 53, false)),
    },
    {
      w: 18,
      make: (g) =>
        eve(g, 'dns', [['dns', { version: 2, type: 'answer', id: g.int(1, 65535), flags: g.pick(['8180', '8183']), qr: true, rd: true, ra: true, opcode: 0, rrname: g.pick(['shop.example.com', 'api.github.com', 'time.cloudflare.com']), rrtype: 'A', rcode: g.pick(['NOERROR', 'NXDOMAIN']) }]], tuple(g, 'UDP', 53, false)),
    },
    { w: 16, make: (g) => eve(g, 'http', [['tx_id', g.int(0, 9)], ['http', httpObj(g)]], tuple(g, 'TCP', 80)) },
    {
      w: 12,
      make: (g) =>
        eve(g, 'tls', [['tls', { subject: `CN=${g.pick(HOSTS_HTTP)}`, issuerdn: g.pick(["C=US, O=Let's Encrypt, CN=R11", 'C=US, O=DigiCert Inc, CN=DigiCert TLS RSA SHA256 2020 CA1']), serial: `${g.hex(2).toUpperCase()}:${g.hex(2).toUpperCase()}:${g.hex(2).toUpperCase()}`, fingerprint: `${g.hex(2)}:${g.hex(2)}:${g.hex(2)}:${g.hex(2)}`, sni: g.pick(HOSTS_HTTP), version: g.pick(['TLS 1.2', 'TLS 1.3']), notbefore: '2024-05-01T00:00:00', notafter: '2024-07-30T23:59:59' }]], tuple(g, 'TCP', 443, false)),
    },
    {
      w: 14,
      make: (g) =>
        eve(g, 'flow', [['app_proto', g.pick(['tls', 'http', 'dns', 'failed'])], ['flow', { pkts_toserver: g.int(1, 900), pkts_toclient: g.int(0, 900), bytes_toserver: g.int(60, 90000), bytes_toclient: g.int(0, 900000), start: suriTs(g), end: suriTs(g), age: g.int(0, 600), state: g.pick(['closed', 'established', 'new']), reason: g.pick(['timeout', 'shutdown']), alerted: g.chance(0.05) }]], tuple(g, 'TCP', g.pick([443, 80, 22]))),
    },
    {
      w: 6,
      make: (g) => eve(g, 'alert', [['alert', alertObj(g)], ['app_proto', g.pick(['failed', 'ssh', 'tls'])], ['flow', { pkts_toserver: g.int(1, 20), pkts_toclient: g.int(0, 20), bytes_toserver: g.int(60, 9000), bytes_toclient: g.int(0, 9000), start: suriTs(g) }]], tuple(g, 'TCP', g.pick([1433, 22, 3389]), true)),
    },
    {
      w: 5,
      make: (g) => eve(g, 'alert', [['tx_id', 0], ['alert', alertObj(g)], ['http', httpObj(g)], ['app_proto', 'http'], ['flow', { pkts_toserver: g.int(1, 20), pkts_toclient: g.int(0, 20), bytes_toserver: g.int(60, 9000), bytes_toclient: g.int(0, 9000), start: suriTs(g) }]], tuple(g, 'TCP', 80)),
    },
    {
      w: 3,
      make: (g) => eve(g, 'anomaly', [['anomaly', { type: g.pick(['decode', 'stream', 'applayer']), event: g.pick(['stream.pkt_invalid_ack', 'decoder.ipv4.trunc_pkt', 'APPLAYER_DETECT_PROTOCOL_ONLY_ONE_DIRECTION']), layer: g.pick(['proto_detect', 'tcp']) }]], tuple(g, 'TCP', g.pick([443, 8443]))),
    },
    {
      w: 3,
      make: (g) =>
        eve(g, 'fileinfo', [['http', httpObj(g)], ['app_proto', 'http'], ['fileinfo', { filename: g.pick(['/download/setup.exe', '/static/app.js', '/images/logo.png']), gaps: false, state: 'CLOSED', stored: false, size: g.int(100, 9000000), tx_id: 0 }]], tuple(g, 'TCP', 80, false)),
    },
    {
      w: 1,
      make: (g) =>
        eve(g, 'stats', [['stats', { uptime: g.int(60, 900000), capture: { kernel_packets: g.int(1000, 90000000), kernel_drops: g.int(0, 9000) }, decoder: { pkts: g.int(1000, 90000000), bytes: g.int(100000, 9000000000), ipv4: g.int(1000, 90000000) }, flow: { tcp: g.int(100, 900000), udp: g.int(100, 900000) } }]], null),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 61. Zabbix 7.0 server log (`zabbix_server.log`): `%6d:%Y%m%d:%H%M%S.%03d message`, pid first
// (a header value). Unreachable agents, unsupported items, housekeeper runs, active-check
// requests from unknown hosts, slow queries, alert scripts, configuration syncs.

function zbxTime(g: Gen): string {
  const d = new Date(g.now);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}:${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
}
const zbx = (g: Gen, msg: Made) => {
  const pid = String(g.pick([1201, 1202, 1230, 1231, 1244, 1260, 1261, 1262, 1290]));
  return cat({ line: `${pid.padStart(6, ' ')}:`, template: `${' '.repeat(6 - pid.length)}<*>:` }, T`${v(zbxTime(g))} `, msg);
};
const ZHOSTS = ['web-01', 'web-02', 'db-01', 'db-replica-02', 'cache-01', 'lb-edge-1', 'printer-3f'];
const ZITEMS = ['system.cpu.load[all,avg1]', 'vfs.fs.size[/var,pfree]', 'net.if.in[eth0]', 'proc.num[nginx]', 'mysql.ping', 'vfs.file.cksum[/etc/passwd]', 'log[/var/log/app/error.log,ERROR]'];

const zabbix: FormatSpec = {
  name: 'zabbix-server',
  split: 'tuned',
  description:
    'Zabbix 7.0 server log (pid:date:time.ms): unreachable/restored agents, unsupported items, housekeeper, active checks from unknown hosts, slow queries, failed alert scripts, configuration cache syncs',
  tickMs: 6000,
  templates: [
    {
      w: 10,
      make: (g) => {
        const h = g.pick(ZHOSTS);
        return zbx(g, T`${v('Zabbix agent')} item "${v(g.pick(ZITEMS))}" on host "${v(h)}" failed: first network error, wait for ${v(15)} seconds`);
      },
    },
    { w: 6, make: (g) => zbx(g, T`${v('Zabbix agent')} item "${v(g.pick(ZITEMS))}" on host "${v(g.pick(ZHOSTS))}" failed: another network error, wait for ${v(15)} seconds`) },
    { w: 5, make: (g) => zbx(g, T`temporarily disabling ${v('Zabbix agent')} checks on host "${v(g.pick(ZHOSTS))}": interface unavailable`) },
    { w: 6, make: (g) => zbx(g, T`enabling ${v('Zabbix agent')} checks on host "${v(g.pick(ZHOSTS))}": interface became available`) },
    {
      w: 9,
      make: (g) =>
        zbx(g, T`item "${v(`${g.pick(ZHOSTS)}:${g.pick(ZITEMS)}`)}" became not supported: ${v(g.pick(['Cannot obtain filesystem information: [2] No such file or directory', 'Cannot open file: [13] Permission denied', 'Unsupported item key.', 'Cannot find information for this network interface in /proc/net/dev.', 'Timeout while executing a shell script.']))}`),
    },
    { w: 6, make: (g) => zbx(g, T`item "${v(`${g.pick(ZHOSTS)}:${g.pick(ZITEMS)}`)}" became supported`) },
    {
      w: 8,
      make: (g) =>
        zbx(g, T`cannot send list of active checks to "${v(g.privateIp())}": host [${v(g.pick(['web-09', 'tmp-build-3', 'DESKTOP-4KQ2J1', 'old-db']))}] not found`),
    },
    { w: 3, make: (g) => zbx(g, T`executing housekeeper`) },
    {
      w: 3,
      make: (g) =>
        zbx(g, T`housekeeper [deleted ${v(g.int(0, 900000))} hist/trends, ${v(g.int(0, 20))} items/triggers, ${v(g.int(0, 9000))} events, ${v(g.int(0, 900))} problems, ${v(g.int(0, 90))} sessions, ${v(g.int(0, 900))} alarms, ${v(g.int(0, 90))} audit items, ${v(0)} autoreg_host, ${v(0)} records in ${v(g.float(0.01, 40, 6))} sec, idle for ${v(1)} hour(s)]`),
    },
    {
      w: 4,
      make: (g) =>
        zbx(g, T`slow query: ${v(g.float(3, 40, 6))} sec, "${v(g.pick([`select clock,ns,value from history_uint where itemid=${g.int(10000, 99999)} and clock>${Math.floor(g.now / 1000) - 3600}`, `delete from history where itemid=${g.int(10000, 99999)} and clock<${Math.floor(g.now / 1000) - 86400}`, `update items set lastlogsize=${g.int(0, 99999)} where itemid=${g.int(10000, 99999)}`]))}"`),
    },
    {
      w: 3,
      make: (g) =>
        zbx(g, T`Failed to execute command "${v(g.pick(['/usr/lib/zabbix/alertscripts/slack.sh', '/usr/lib/zabbix/alertscripts/pagerduty.py']))} '${v(g.pick(['#ops', 'P1X2Y3']))}' '${v(g.pick(['Problem: High CPU load on web-01', 'Resolved: Disk space is low on db-01']))}'": ${v(g.pick(['Timeout while executing a shell script.', 'exit code 1']))}`),
    },
    { w: 3, make: (g) => zbx(g, T`forced reloading of the configuration cache`) },
    {
      w: 2,
      make: (g) =>
        zbx(g, T`failed to accept an incoming connection: from ${v(g.privateIp())}: ${v(g.pick(['TLS handshake set result code to 1: file ssl/record/rec_layer_s3.c line 321: error:0A000126:SSL routines::unexpected eof while reading: SSL_get_error() returned SSL_ERROR_SSL', 'connection of type "unencrypted" is not allowed for host "web-02"', 'reading first byte from connection failed: [104] Connection reset by peer']))}`),
    },
    {
      w: 2,
      make: (g) =>
        zbx(g, T`${v('SNMP agent')} item "${v(g.pick(['ifInOctets[eth0]', 'sysUpTime', 'hrStorageUsed[1]']))}" on host "${v(g.pick(['switch-core-1', 'printer-3f', 'ups-rack2']))}" failed: first network error, wait for ${v(15)} seconds`),
    },
  ],
};

export const ROUND9_FORMATS: readonly FormatSpec[] = [syslog5424, auditd, suricata, zabbix, ...ROUND9_FORMATS_B];
