// Generality set, round 15 (part 2): UFW's kernel log, Icinga 2's main log and slurmctld.
// Written before any round-15 miner change; UNTOUCHED (see formats-round15.ts).
import { Gen, T, v, MONTHS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';
import { ROUND15_FORMATS_A } from './formats-round15.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
const hms = (d: Date) => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;

// ---------------------------------------------------------------------------------------------
// 104. UFW 0.36 on Ubuntu 22.04, `/var/log/ufw.log` (rsyslog, kernel facility): the iptables LOG
// target's record after UFW's prefix, from "Understanding UFW log" answers and iptables LOG
// examples. The prefix (`[UFW BLOCK]`, `[UFW ALLOW]`, `[UFW AUDIT]`, `[UFW LIMIT BLOCK]`) names the
// event; the record is its key set (as fortigate-kv / pfsense): TCP, UDP, ICMP and IPv6 layouts
// differ, the bare `DF` flag is a field when present (another key set), an outbound packet has
// no `MAC=`; every value a variable, the TCP flag run (`SYN`, `ACK PSH`) one parameter, an empty
// `OUT=` an empty value.

const HOSTS = ['web-01', 'web-02', 'bastion'];
const MACS: Record<string, string> = { 'web-01': 'a6:8d:e2:51:62:4c', 'web-02': 'a6:8d:e2:51:70:11', bastion: '96:00:02:1f:3c:5a' };
const SCAN_PORTS = [22, 23, 445, 3389, 8080, 5900, 6379, 1433, 3306, 8443, 2375, 9200, 5432, 81, 8888];
function ufwHead(g: Gen, host: string): Made {
  const d = new Date(g.now);
  const up = `${Math.floor((g.now - Date.UTC(2024, 5, 1)) / 1000)}.${p3(new Date(g.now).getUTCMilliseconds())}${p3(g.int(0, 999))}`;
  return T`${v(`${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms(d)}`)} ${v(host)} kernel: [${v(up.padStart(12, ' '))}] `;
}
const v4mac = (g: Gen, host: string) => `${MACS[host]}:${g.pick(['f0:4b:3a:4f:80:30', 'fe:00:00:00:01:01'])}:08:00`;
function ufwTcp(g: Gen, prefix: string, df: boolean): Made {
  const host = g.pick(HOSTS);
  const dpt = g.pick(SCAN_PORTS);
  const ip = T`${prefix} IN=${v('eth0')} OUT=${v('')} MAC=${v(v4mac(g, host))} SRC=${v(g.publicIp())} DST=${v(`157.230.${g.int(0, 60)}.${g.int(2, 250)}`)} LEN=${v(g.pick([40, 44, 52, 60]))} TOS=${v(g.pick(['0x00', '0x08', '0x28']))} PREC=${v('0x00')} TTL=${v(g.int(40, 250))} ID=${v(g.int(0, 65535))} `;
  return cat(ufwHead(g, host), ip, df ? T`DF ` : T``, T`PROTO=TCP SPT=${v(g.int(1024, 65535))} DPT=${v(dpt)} WINDOW=${v(g.pick([1024, 65535, 29200, 14600]))} RES=${v('0x00')} ${v(g.pick(['SYN', 'SYN', 'SYN', 'ACK RST', 'ACK FIN', 'ACK PSH']))} URGP=${v(0)} `);
}
function ufwUdp(g: Gen, prefix: string): Made {
  const host = g.pick(HOSTS);
  const len = g.int(28, 400);
  return cat(ufwHead(g, host), T`${prefix} IN=${v('eth0')} OUT=${v('')} MAC=${v(v4mac(g, host))} SRC=${v(g.publicIp())} DST=${v(`157.230.${g.int(0, 60)}.${g.int(2, 250)}`)} LEN=${v(len + 20)} TOS=${v('0x00')} PREC=${v('0x00')} TTL=${v(g.int(40, 250))} ID=${v(g.int(0, 65535))} PROTO=UDP SPT=${v(g.int(1024, 65535))} DPT=${v(g.pick([53, 123, 161, 1900, 5060, 11211, 137]))} LEN=${v(len)} `);
}
const ufw: FormatSpec = {
  name: 'ufw-kernel',
  split: 'tuned',
  description: 'UFW 0.36 on Ubuntu 22.04, `/var/log/ufw.log` via rsyslog (`date host kernel: [uptime] [UFW ...] IN= OUT= MAC= SRC= ...`): BLOCK records for TCP (with and without DF, flag runs), UDP, ICMP and IPv6, LIMIT BLOCK on ssh, ALLOW and AUDIT records, outbound records without MAC',
  tickMs: 2500,
  templates: [
    { w: 34, make: (g) => ufwTcp(g, '[UFW BLOCK]', false) },
    { w: 12, make: (g) => ufwTcp(g, '[UFW BLOCK]', true) },
    { w: 12, make: (g) => ufwUdp(g, '[UFW BLOCK]') },
    {
      w: 5,
      make: (g) => {
        const host = g.pick(HOSTS);
        return cat(ufwHead(g, host), T`[UFW BLOCK] IN=${v('eth0')} OUT=${v('')} MAC=${v(v4mac(g, host))} SRC=${v(g.publicIp())} DST=${v(`157.230.${g.int(0, 60)}.${g.int(2, 250)}`)} LEN=${v(g.pick([28, 84]))} TOS=${v('0x00')} PREC=${v('0x00')} TTL=${v(g.int(40, 250))} ID=${v(g.int(0, 65535))} PROTO=ICMP TYPE=${v(8)} CODE=${v(0)} ID=${v(g.int(0, 65535))} SEQ=${v(g.int(0, 999))} `);
      },
    },
    {
      w: 5,
      make: (g) => {
        const host = g.pick(HOSTS);
        return cat(ufwHead(g, host), T`[UFW BLOCK] IN=${v('eth0')} OUT=${v('')} MAC=${v(`33:33:00:00:00:01:${g.pick(['fe:00:00:00:01:01', 'f0:4b:3a:4f:80:30'])}:86:dd`)} SRC=${v(`2a0${g.int(1, 9)}:${g.hex(4)}:${g.hex(4)}::${g.hex(3)}`)} DST=${v(`2a03:b0c0:3:d0::${g.hex(4)}:${g.hex(4)}`)} LEN=${v(g.pick([60, 80]))} TC=${v(0)} HOPLIMIT=${v(g.int(40, 64))} FLOWLBL=${v(g.int(0, 999999))} PROTO=TCP SPT=${v(g.int(1024, 65535))} DPT=${v(g.pick(SCAN_PORTS))} WINDOW=${v(g.pick([1024, 64800]))} RES=${v('0x00')} ${v('SYN')} URGP=${v(0)} `);
      },
    },
    { w: 8, make: (g) => { const m = ufwTcp(g, '[UFW LIMIT BLOCK]', true); return { line: m.line.replace(/DPT=\d+/, 'DPT=22'), template: m.template }; } },
    {
      w: 6,
      make: (g) => {
        const host = g.pick(HOSTS);
        return cat(ufwHead(g, host), T`[UFW ALLOW] IN=${v('eth0')} OUT=${v('')} MAC=${v(v4mac(g, host))} SRC=${v(g.publicIp())} DST=${v(`157.230.${g.int(0, 60)}.${g.int(2, 250)}`)} LEN=${v(60)} TOS=${v('0x00')} PREC=${v('0x00')} TTL=${v(g.int(40, 64))} ID=${v(g.int(0, 65535))} DF PROTO=TCP SPT=${v(g.int(1024, 65535))} DPT=${v(g.pick([80, 443, 443, 22]))} WINDOW=${v(64240)} RES=${v('0x00')} ${v('SYN')} URGP=${v(0)} `);
      },
    },
    {
      w: 5,
      make: (g) => {
        const host = g.pick(HOSTS);
        return cat(ufwHead(g, host), T`[UFW ALLOW] IN=${v('')} OUT=${v('eth0')} SRC=${v(`157.230.${g.int(0, 60)}.${g.int(2, 250)}`)} DST=${v(g.pick(['1.1.1.1', '8.8.8.8', '185.125.190.36', '91.189.91.157']))} LEN=${v(g.pick([60, 76]))} TOS=${v('0x00')} PREC=${v('0x00')} TTL=${v(64)} ID=${v(g.int(0, 65535))} DF PROTO=${v(g.pick(['TCP', 'UDP']))} SPT=${v(g.int(32768, 60999))} DPT=${v(g.pick([53, 123, 443, 80]))} ${v(g.pick(['WINDOW=64240 RES=0x00 SYN URGP=0', 'LEN=56']))} `);
      },
    },
    { w: 3, make: (g) => { const m = ufwUdp(g, '[UFW AUDIT]'); return m; } },
  ],
};

// ---------------------------------------------------------------------------------------------
// 105. Icinga 2.14 main log `/var/log/icinga2/icinga2.log` (severity information), from Icinga
// issues and a Wazuh decoder PR with pasted lines: `[date time +zone] severity/Facility: text`.
// Severity and facility are part of the statement; object names, endpoints, zones, PIDs, plugin
// arguments and outputs are parameters; the periodic `WorkQueue` and `IcingaDB` lines are
// statements like any other.

const icTime = (g: Gen) => { const d = new Date(g.now); return `${ymd(d)} ${hms(d)} +0000`; };
const ic = (g: Gen, sf: string, msg: Made) => cat(T`[${v(icTime(g))}] ${sf}: `, msg);
const IC_ENDPOINTS = ['satellite-eu-1.example.com', 'satellite-eu-2.example.com', 'web-01.example.com', 'web-02.example.com', 'db-01.example.com', 'win-dc01.example.com'];
const IC_ZONES = ['satellite-eu', 'web-01.example.com', 'db-01.example.com', 'global-templates', 'director-global'];
const IC_CHECKS: Array<[string, string]> = [
  ['disk', "'/usr/lib/nagios/plugins/check_disk' '-c' '10%' '-w' '20%' '-X' 'tmpfs' '-X' 'overlay' '-m'"],
  ['http', "'/usr/lib/nagios/plugins/check_http' '-H' 'shop.example.com' '-I' '10.0.1.20' '-S' '--sni' '-u' '/healthz'"],
  ['iftraffic', "'/usr/lib/nagios/plugins/check_iftraffic64.pl' '-H' 'localhost' '-b' '1000' '-i' 'ens3' '-u' 'g'"],
  ['postgres_locks', "'/usr/lib/nagios/plugins/check_postgres.pl' '--action' 'locks' '--host' 'db-01' '--dbuser' 'nagios'"],
];
const icinga2: FormatSpec = {
  name: 'icinga2',
  split: 'tuned',
  description: 'Icinga 2.14 main log (`[date time +zone] severity/Facility: message`): API client connections, reconnects and disconnects, config and runtime object sync, plugin check timeouts with arguments and output, notifications, WorkQueue and IcingaDB statistics, state dumps, reloads',
  tickMs: 6000,
  templates: [
    { w: 16, make: (g) => ic(g, 'information/WorkQueue', T`#${v(g.int(3, 12))} (${v(g.pick(['ApiListener, RelayQueue', 'ApiListener, SyncQueue', 'JsonRpcConnection, #0', 'IcingaDB, Redis']))}) items: ${v(g.int(0, 40))}, rate: ${v(g.float(0, 30, 2))}/s (${v(g.int(0, 1800))}/min ${v(g.int(0, 9000))}/5min ${v(g.int(0, 27000))}/15min);`) },
    { w: 8, make: (g) => ic(g, 'information/IcingaDB', T`Pending queries: ${v(g.int(0, 60))} (Input: ${v(g.int(0, 200))}/s; Output: ${v(g.int(0, 200))}/s)`) },
    { w: 7, make: (g) => ic(g, 'information/ApiListener', T`New client connection for identity '${v(g.pick(IC_ENDPOINTS))}' from [${v(`10.0.${g.int(0, 3)}.${g.int(2, 250)}`)}]:${v(g.int(32768, 60999))}`) },
    {
      w: 5,
      make: (g) => {
        const ep = g.pick(IC_ENDPOINTS);
        return [
          ic(g, 'information/ApiListener', T`Reconnecting to endpoint '${v(ep)}' via host '${v(ep)}' and port '${v(5665)}'`),
          ic(g, 'information/ApiListener', T`New client connection for identity '${v(ep)}' to [${v(`10.0.${g.int(0, 3)}.${g.int(2, 250)}`)}]:${v(5665)}`),
          ic(g, 'information/ApiListener', T`Sending config updates for endpoint '${v(ep)}' in zone '${v(g.pick(IC_ZONES))}'.`),
          ic(g, 'information/ApiListener', T`Finished sending config file updates for endpoint '${v(ep)}' in zone '${v(g.pick(IC_ZONES))}'.`),
          ic(g, 'information/ApiListener', T`Syncing runtime objects to endpoint '${v(ep)}'.`),
          ic(g, 'information/ApiListener', T`Finished syncing runtime objects to endpoint '${v(ep)}'.`),
          ic(g, 'information/ApiListener', T`Finished sending runtime config updates for endpoint '${v(ep)}' in zone '${v(g.pick(IC_ZONES))}'.`),
          ic(g, 'information/ApiListener', T`Finished reconnecting to endpoint '${v(ep)}' via host '${v(ep)}' and port '${v(5665)}'`),
        ];
      },
    },
    {
      w: 5,
      make: (g) => {
        const ep = g.pick(IC_ENDPOINTS);
        return [
          ic(g, 'information/JsonRpcConnection', T`No messages for identity '${v(ep)}' have been received in the last ${v(60)} seconds.`),
          ic(g, 'warning/JsonRpcConnection', T`API client disconnected for identity '${v(ep)}'`),
          ic(g, 'warning/ApiListener', T`Removing API client for endpoint '${v(ep)}'. ${v(g.int(0, 5))} API clients left.`),
        ];
      },
    },
    {
      w: 3,
      make: (g) => {
        const ep = g.pick(IC_ENDPOINTS);
        return [
          ic(g, 'critical/TcpSocket', T`Invalid socket: ${v(g.pick(['Connection refused', 'Connection timed out', 'No route to host']))}`),
          ic(g, 'critical/ApiListener', T`Cannot connect to host '${v(ep)}' on port '${v(5665)}': ${v(g.pick(['Connection refused', 'Connection timed out', 'No route to host']))}`),
        ];
      },
    },
    {
      w: 6,
      make: (g) => {
        const [svc, args] = g.pick(IC_CHECKS);
        const host = g.pick(IC_ENDPOINTS);
        const pid = g.int(1000, 4000000);
        return [
          ic(g, 'warning/Process', T`Terminating process ${v(pid)} (${v(args)}) after timeout of ${v(60)} seconds`),
          ic(g, 'warning/Process', T`PID ${v(pid)} was terminated by signal ${v(15)} (${v('Terminated')})`),
          ic(g, 'warning/PluginCheckTask', T`Check command for object '${v(`${host}!${svc}`)}' (PID: ${v(pid)}, arguments: ${v(args)}) terminated with exit code ${v(128)}, output: ${v('<Timeout exceeded.><Terminated by signal 15 (Terminated).>')}`),
        ];
      },
    },
    {
      w: 2,
      make: (g) => {
        const [svc, args] = g.pick(IC_CHECKS);
        return ic(g, 'warning/PluginCheckTask', T`Check command for object '${v(`${g.pick(IC_ENDPOINTS)}!${svc}`)}' (PID: ${v(g.int(1000, 4000000))}, arguments: ${v(args)}) terminated with exit code ${v(128)}, output: ${v(`execvpe(${args.split("'")[1]}) failed: No such file or directory`)}`);
      },
    },
    {
      w: 4,
      make: (g) => {
        const kind = g.pick(['Problem', 'Problem', 'Recovery', 'Acknowledgement']);
        const obj = `${g.pick(IC_ENDPOINTS)}!${g.pick(IC_CHECKS)[0]}`;
        const user = g.pick(['oncall', 'ops', 'icingaadmin']);
        const cmd = g.pick(['mail-service-notification', 'telegram-service-notification']);
        return [
          ic(g, 'information/Notification', T`Sending '${v(kind)}' notification '${v(`${obj}!${cmd}`)}' for user '${v(user)}'`),
          ic(g, 'information/Notification', T`Completed sending '${v(kind)}' notification '${v(`${obj}!${cmd}`)}' for checkable '${v(obj)}' and user '${v(user)}' using command '${v(cmd)}'.`),
        ];
      },
    },
    { w: 1, make: (g) => ic(g, 'warning/PluginNotificationTask', T`Notification command for object '${v(`${g.pick(IC_ENDPOINTS)}!${g.pick(IC_CHECKS)[0]}`)}' (PID: ${v(g.int(1000, 4000000))}, arguments: ${v(`'/etc/icinga2/scripts/mail-service-notification.sh' '-4' '10.0.1.20' '-d' '${icTime(g)}' '-e' 'http'`)}) terminated with exit code ${v(1)}, output: ${v('sendmail: Cannot open mail:25')}`) },
    { w: 2, make: (g) => ic(g, 'information/ConfigObject', T`Dumping program state to file '${v('/var/lib/icinga2/icinga2.state')}'`) },
    {
      w: 0.4,
      make: (g) => [
        ic(g, 'information/Application', T`Received request to shut down.`),
        ic(g, 'information/Application', T`Got reload command: Started new instance with PID '${v(g.int(1000, 4000000))}' (timeout is ${v(300)}s).`),
        ic(g, 'information/Application', T`Reload requested, letting new process take over.`),
        ic(g, 'information/ApiListener', T`'${v('api')}' stopped.`),
        ic(g, 'information/CheckerComponent', T`'${v('checker')}' stopped.`),
        ic(g, 'information/ConfigObject', T`Dumping program state to file '${v('/var/lib/icinga2/icinga2.state')}'`),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 106. Slurm 23.11 `slurmctld.log` (SlurmctldDebug=info, `[ISO time.ms]`), from cluster issues
// with pasted controller lines: each RPC handler's or scheduler's line (`_slurm_rpc_*:`, `sched:`,
// `sched/backfill:`, `_job_complete:`) is a statement; job ids (plain or array `123_4(130)`),
// node lists, partitions, uids, usec and exit codes are parameters; `WEXITSTATUS` against
// `WTERMSIG` are different statements, as are `error:` lines.

const sl = (g: Gen, msg: Made) => cat(T`[${v(`${new Date(g.now).toISOString().slice(0, 23)}`)}] `, msg);
const PARTS = ['cpu', 'cpu', 'gpu', 'bigmem', 'debug'];
const node = (g: Gen) => `${g.pick(['c', 'c', 'g'])}${p3(g.int(1, 64))}`;
const nodeList = (g: Gen) => (g.chance(0.6) ? node(g) : `c[${p3(g.int(1, 30))}-${p3(g.int(31, 64))}]`);
const jobId = (g: Gen) => (g.chance(0.85) ? String(g.int(4100000, 4199999)) : `${g.int(4100000, 4199999)}_${g.int(0, 99)}(${g.int(4100000, 4199999)})`);
const slurmctld: FormatSpec = {
  name: 'slurmctld',
  split: 'tuned',
  description: 'Slurm 23.11 `slurmctld.log` (`[time] function: ...`): batch submissions, allocations (main scheduler and backfill), job completions with exit status or signal, cancellations, time limits, node not responding / drained, RPC errors, slow RPC warnings, requeues',
  tickMs: 1500,
  templates: [
    { w: 22, make: (g) => sl(g, T`_slurm_rpc_submit_batch_job: JobId=${v(g.int(4100000, 4199999))} InitPrio=${v(g.int(1000, 99999))} usec=${v(g.int(200, 9000))}`) },
    { w: 14, make: (g) => sl(g, T`sched: Allocate JobId=${v(jobId(g))} NodeList=${v(nodeList(g))} #CPUs=${v(g.pick([1, 2, 4, 8, 16, 32, 64, 128]))} Partition=${v(g.pick(PARTS))}`) },
    { w: 8, make: (g) => sl(g, T`sched/backfill: _start_job: Started JobId=${v(jobId(g))} in ${v(g.pick(PARTS))} on ${v(nodeList(g))}`) },
    {
      w: 18,
      make: (g) => {
        const j = jobId(g);
        return [sl(g, T`_job_complete: JobId=${v(j)} WEXITSTATUS ${v(g.pick([0, 0, 0, 0, 1, 2, 137]))}`), sl(g, T`_job_complete: JobId=${v(j)} done`)];
      },
    },
    {
      w: 2,
      make: (g) => {
        const j = jobId(g);
        return [sl(g, T`_job_complete: JobId=${v(j)} WTERMSIG ${v(g.pick([9, 15, 6]))}`), sl(g, T`_job_complete: JobId=${v(j)} done`)];
      },
    },
    {
      w: 3,
      make: (g) => {
        const j = g.int(4100000, 4199999);
        return [sl(g, T`_slurm_rpc_kill_job: REQUEST_KILL_JOB JobId=${v(j)} uid ${v(g.int(1000, 1400))}`), sl(g, T`job_signal: ${v(9)} of running JobId=${v(j)} successful ${v('0x8004')}`)];
      },
    },
    { w: 2, make: (g) => sl(g, T`Time limit exhausted for JobId=${v(jobId(g))}`) },
    { w: 3, make: (g) => sl(g, T`sched: _slurm_rpc_allocate_resources JobId=${v(g.int(4100000, 4199999))} NodeList=${v(nodeList(g))} usec=${v(g.int(300, 9000))}`) },
    { w: 1.5, make: (g) => sl(g, T`_pick_best_nodes: JobId=${v(g.int(4100000, 4199999))} never runnable in partition ${v(g.pick(PARTS))}`) },
    { w: 1.5, make: (g) => sl(g, T`_build_node_list: No nodes satisfy JobId=${v(g.int(4100000, 4199999))} requirements in partition ${v(g.pick(PARTS))}`) },
    {
      w: 1.2,
      make: (g) => {
        const n = node(g);
        return [sl(g, T`error: Nodes ${v(n)} not responding`), sl(g, T`Node ${v(n)} now responding`)];
      },
    },
    {
      w: 0.8,
      make: (g) => {
        const n = node(g);
        return [
          sl(g, T`error: Nodes ${v(n)} not responding, setting DOWN`),
          sl(g, T`Batch JobId=${v(g.int(4100000, 4199999))} missing from batch node ${v(n)} (not found BatchStartTime after startup), Requeuing job`),
          sl(g, T`_job_complete: requeue JobId=${v(g.int(4100000, 4199999))} per user/system request`),
        ];
      },
    },
    { w: 1, make: (g) => sl(g, T`update_node: node ${v(node(g))} reason set to: ${v(g.pick(['Kill task failed', 'maintenance', 'not responding', 'GPU XID 79']))}`) },
    { w: 1, make: (g) => sl(g, T`update_node: node ${v(node(g))} state set to ${v(g.pick(['DRAINING', 'DRAINED', 'IDLE']))}`) },
    { w: 2, make: (g) => sl(g, T`error: slurm_receive_msg [${v(`10.1.${g.int(0, 3)}.${g.int(2, 250)}:${g.int(32768, 60999)}`)}]: ${v(g.pick(['Zero Bytes were transmitted or received', 'Socket timed out on send/recv operation', 'Insane message length']))}`) },
    { w: 1, make: (g) => sl(g, T`agent/is_node_resp: node:${v(node(g))} RPC:${v(g.pick(['REQUEST_PING', 'REQUEST_TERMINATE_JOB', 'REQUEST_NODE_REGISTRATION_STATUS']))} : ${v(g.pick(['Communication connection failure', 'Can\'t find an address, check slurm.conf']))}`) },
    { w: 1.2, make: (g) => sl(g, T`Warning: Note very large processing time from ${v(g.pick(['_slurm_rpc_dump_jobs', '_slurmctld_background', 'load_part_uid_allow_list', 'dump_all_job_state']))}: usec=${v(g.int(1000000, 9000000))} began=${v(`${hms(new Date(g.now - 4000))}.${p3(g.int(0, 999))}`)}`) },
    { w: 1, make: (g) => sl(g, T`job_time_limit: inactivity time limit reached for JobId=${v(g.int(4100000, 4199999))}`) },
    { w: 0.8, make: (g) => sl(g, T`cleanup_completing: JobId=${v(jobId(g))} completion process took ${v(g.int(11, 300))} seconds`) },
    { w: 0.6, make: (g) => sl(g, T`error: _slurm_rpc_node_registration node=${v(node(g))}: ${v(g.pick(['Invalid argument', 'Invalid node name specified']))}`) },
    { w: 0.6, make: (g) => sl(g, T`_slurm_rpc_update_partition: ${v(`PartitionName=${g.pick(PARTS)}`)} uid=${v(0)}`) },
    {
      w: 0.2,
      make: (g) => [
        sl(g, T`slurmctld version ${v('23.11.4')} started on cluster ${v('hpc')}`),
        sl(g, T`Recovered state of ${v(g.int(60, 70))} nodes`),
        sl(g, T`Recovered information about ${v(g.int(100, 4000))} jobs`),
        sl(g, T`Recovered state of ${v(g.int(0, 20))} reservations`),
        sl(g, T`read_slurm_conf: backup_controller not specified`),
        sl(g, T`Running as primary controller`),
      ],
    },
  ],
};

export const ROUND15_FORMATS: readonly FormatSpec[] = [...ROUND15_FORMATS_A, ufw, icinga2, slurmctld];
