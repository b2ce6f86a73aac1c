// Generality set, round 16 (part 2): GitLab Runner via journald, FreeRADIUS' radius.log, Wazuh's
// alerts.log and Puppet agents via rsyslog. Written before any round-16 miner change; UNTOUCHED
// (see formats-round16.ts).
import { Gen, T, v, USER_AGENTS, MONTHS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';
import { ROUND16_FORMATS_A } from './formats-round16.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const hms = (d: Date) => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** BSD syslog time (`Jun  2 10:00:00`, the day padded with a space). */
const bsd = (t: number) => {
  const d = new Date(t);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms(d)}`;
};

// ---------------------------------------------------------------------------------------------
// 110. GitLab Runner 17.0 (Docker executor) under systemd, `journalctl -u gitlab-runner` short
// format, from runner issues and workshop READMEs with pasted logs: the runner's text formatter
// pads the message (a `WARNING: `/`ERROR: ` prefix included) to 50 columns, then writes logrus'
// fields sorted by key, each ` key=value`, unquoted even with spaces (`status=202 Accepted`). Fields follow the structured rule: keys are
// the statement, values variables. Where the message holds a parameter, the padding after it
// belongs to that parameter (its width varies with the value); after a constant message it is
// constant text.

const RUNNER_HOSTS = ['ci-runner-01', 'ci-runner-02'];
const RUNNER_IDS: Record<string, string> = { 'ci-runner-01': 't3_Xk9PqZ', 'ci-runner-02': 't3_b7LmW2' };
const REPOS = ['platform/api', 'platform/web', 'platform/infra', 'data/etl-jobs', 'mobile/app'];
function glr(g: Gen, host: string, msg: Made, fields: Array<[string, string | number]>): Made {
  const d = new Date(g.now);
  const pad = ' '.repeat(Math.max(0, 50 - msg.line.length));
  let head: Made;
  if (pad === '' || !msg.template.includes('<*>')) head = { line: msg.line + pad, template: msg.template + pad };
  else if (msg.template.endsWith('<*>')) head = { line: msg.line + pad, template: msg.template };
  else head = cat(msg, T`${v(pad)}`);
  const parts: Made[] = fields.map(([k, val]) => T` ${k}=${v(String(val))}`);
  return cat(T`${v(`${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${hms(d)}`)} ${v(host)} gitlab-runner[${v(host === 'ci-runner-01' ? 1184 : 922)}]: `, head, T` `, ...parts);
}
const glJob = (g: Gen) => {
  const host = g.pick(RUNNER_HOSTS);
  const repo = g.pickSkewed(REPOS);
  return { host, runner: RUNNER_IDS[host], job: g.int(4812000, 4899999), project: 100 + REPOS.indexOf(repo) * 37, repo: `https://gitlab.example.com/${repo}.git` };
};
const gitlabRunner: FormatSpec = {
  name: 'gitlab-runner',
  split: 'tuned',
  description: 'GitLab Runner 17.0 (Docker executor) via journald (`date host gitlab-runner[pid]: message` padded to 50 columns, then sorted ` key=value` fields): jobs received, added and removed, trace appends and job updates, succeeded and failed jobs (exit codes, timeouts, system failures), request failures, canceled traces, configuration reloads',
  tickMs: 1200,
  templates: [
    { w: 8, make: (g) => { const j = glJob(g); return glr(g, j.host, T`Checking for jobs... received`, [['correlation_id', g.hex(32)], ['job', j.job], ['repo_url', j.repo], ['runner', j.runner]]); } },
    { w: 8, make: (g) => { const j = glJob(g); return glr(g, j.host, T`Added job to processing list`, [['builds', g.int(1, 4)], ['job', j.job], ['max_builds', 4], ['project', j.project], ['queue_depth', g.int(0, 3)], ['queue_size', g.int(0, 3)], ['repo_url', j.repo], ['time_in_queue_seconds', g.int(0, 40)]]); } },
    {
      w: 24,
      make: (g) => {
        const j = glJob(g);
        const a = g.int(0, 400000);
        const b = a + g.int(100, 9000);
        return glr(g, j.host, T`Appending trace to coordinator...ok`, [['code', 202], ['correlation_id', g.hex(32)], ['job', j.job], ['job-log', `0-${b}`], ['job-status', 'running'], ['runner', j.runner], ['sent-log', `${a}-${b}`], ['status', '202 Accepted'], ['update-interval', g.pick(['3s', '3s', '1m0s'])]]);
      },
    },
    { w: 6, make: (g) => { const j = glJob(g); return glr(g, j.host, T`Updating job...`, [['bytesize', g.int(800, 600000)], ['checksum', `crc32:${g.hex(8)}`], ['job', j.job], ['runner', j.runner]]); } },
    {
      w: 6,
      make: (g) => {
        const j = glJob(g);
        return glr(g, j.host, T`Submitting job to coordinator...ok`, [['bytesize', g.int(800, 600000)], ['checksum', `crc32:${g.hex(8)}`], ['code', 200], ['job', j.job], ['job-status', g.pick(['success', 'success', 'success', 'failed'])], ['runner', j.runner], ['update-interval', '0s']]);
      },
    },
    { w: 5, make: (g) => { const j = glJob(g); return glr(g, j.host, T`Job succeeded`, [['duration_s', g.float(8, 1800, 9)], ['job', j.job], ['project', j.project], ['runner', j.runner]]); } },
    { w: 2, make: (g) => { const j = glJob(g); return glr(g, j.host, T`WARNING: Job failed: exit code ${v(g.pick([1, 1, 1, 2, 125, 137]))}`, [['duration_s', g.float(8, 1800, 9)], ['job', j.job], ['project', j.project], ['runner', j.runner]]); } },
    { w: 0.4, make: (g) => { const j = glJob(g); return glr(g, j.host, T`ERROR: Job failed: execution took longer than ${v(g.pick(['1h0m0s', '30m0s', '2h0m0s']))} seconds`, [['duration_s', g.float(1800, 7300, 9)], ['job', j.job], ['project', j.project], ['runner', j.runner]]); } },
    {
      w: 0.4,
      make: (g) => {
        const j = glJob(g);
        return glr(g, j.host, T`ERROR: Job failed (system failure): ${v(g.pick(['Error response from daemon: no such image: registry.example.com/ci/build:latest (docker.go:624:0s)', 'failed to create container volume for "/builds": context deadline exceeded (docker.go:960:120s)', 'error during connect: Post "http://%2Fvar%2Frun%2Fdocker.sock/v1.44/containers/create": EOF (docker.go:570:0s)']))}`, [['duration_s', g.float(2, 130, 9)], ['job', j.job], ['project', j.project], ['runner', j.runner]]);
      },
    },
    { w: 8, make: (g) => { const j = glJob(g); return glr(g, j.host, T`Removed job from processing list`, [['builds', g.int(0, 3)], ['duration_s', g.float(8, 1800, 9)], ['job', j.job], ['max_builds', 4], ['project', j.project], ['repo_url', j.repo], ['time_in_queue_seconds', g.int(0, 40)]]); } },
    {
      w: 1.2,
      make: (g) => {
        const j = glJob(g);
        return glr(g, j.host, T`WARNING: Checking for jobs... failed`, [['runner', j.runner], ['status', `POST https://gitlab.example.com/api/v4/jobs/request: ${g.pick(['502 Bad Gateway', '500 Internal Server Error', '429 Too Many Requests', '409 Conflict'])}`]]);
      },
    },
    {
      w: 0.6,
      make: (g) => {
        const j = glJob(g);
        const a = g.int(0, 400000);
        return glr(g, j.host, T`WARNING: Appending trace to coordinator... job failed`, [['code', 403], ['job', j.job], ['job-log', `0-${a}`], ['job-status', 'canceled'], ['runner', j.runner], ['sent-log', `${a}-${a + g.int(100, 4000)}`], ['status', '403 Forbidden']]);
      },
    },
    {
      w: 0.4,
      make: (g) => {
        const j = glJob(g);
        return glr(g, j.host, T`WARNING: Failed to process runner`, [['builds', g.int(0, 4)], ['error', g.pick(['failed to update executor: docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', 'failed to request job: context deadline exceeded'])], ['executor', 'docker'], ['runner', j.runner]]);
      },
    },
    { w: 0.3, make: (g) => glr(g, g.pick(RUNNER_HOSTS), T`Configuration loaded`, [['builds', g.int(0, 4)], ['max_builds', 4]]) },
    {
      w: 1,
      make: (g) => {
        const j = glJob(g);
        return glr(g, j.host, T`Submitting job to coordinator...accepted, but not yet completed`, [['bytesize', g.int(800, 600000)], ['checksum', `crc32:${g.hex(8)}`], ['code', 202], ['job', j.job], ['job-status', ''], ['runner', j.runner], ['update-interval', '1s']]);
      },
    },
    {
      w: 0.2,
      make: (g) => {
        const j = glJob(g);
        return glr(g, j.host, T`ERROR: Runner "${v(`https://gitlab.example.com${j.runner}`)}" is unhealthy and will be disabled for ${v('1h0m0s')} seconds!`, [['unhealthy_requests', 3], ['unhealthy_requests_limit', 3]]);
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 111. FreeRADIUS 3.2 `radius.log` (`auth = yes`), a campus 802.1X / VPN server, from FreeRADIUS
// and PacketFence issues with pasted lines and the daloRADIUS PR quoting the default messages:
// `ctime : Type: (request) message`. The request number is a parameter; a module's prefix
// (`eap_peap:`, `mschap:`, `rlm_sql (sql):`) is part of the statement, as a logger is; the
// module's failure text in `Login incorrect (...)` is one parameter. The client description that
// `auth_name()` builds is written with its words (`from client <*> port <*> cli <*>`); the inner
// tunnel's ` via TLS tunnel` and a request without Calling-Station-Id (no ` cli `) print other
// layouts, so they are other templates.

const rTime = (g: Gen) => {
  const d = new Date(g.now);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${hms(d)} ${d.getUTCFullYear()}`;
};
const rad = (g: Gen, kind: string, msg: Made) => cat(T`${v(rTime(g))} : ${kind}: `, msg);
const NAS = ['wlc-hq-01', 'wlc-hq-02', 'wlc-lab', 'sw-core-01'];
const VPN_NAS = ['vpn-gw-01', 'vpn-gw-02'];
const RUSERS = ['alice', 'bob', 'carol', 'dmitri', 'erin', 'farah', 'gwen', 'hugo', 'ines', 'jonas', 'kenji', 'lena', 'mateo', 'nadia', 'oskar'];
const ruser = (g: Gen) => (g.chance(0.15) ? `host/LAPTOP-${g.alnum(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}.corp.example.com` : `${g.pick(RUSERS)}@corp.example.com`);
const mac = (g: Gen) => Array.from({ length: 6 }, () => g.hex(2).toUpperCase()).join('-');
/** Request numbers grow with the server's uptime (about four requests a second here). */
const reqNo = (g: Gen) => Math.floor((g.now - Date.UTC(2024, 5, 11)) / 250) + g.int(0, 40);
const FAIL_REASONS = ['mschap: MS-CHAP2-Response is incorrect', 'mschap: Program returned code (1) and output \'Logon failure (0xc000006d)\'', 'mschap: Program returned code (1) and output \'Account locked out (0xc0000234)\''];
function authPair(g: Gen, ok: boolean): Made[] {
  const n = reqNo(g);
  const user = ruser(g);
  const nas = g.pick(NAS);
  const port = g.pick([0, 0, 0, 1]);
  const cli = mac(g);
  const out: Made[] = [];
  if (ok) {
    out.push(rad(g, 'Auth', T`(${v(n)}) Login OK: [${v(user)}] (from client ${v(nas)} port ${v(port)} cli ${v(cli)} via TLS tunnel)`));
    out.push(rad(g, 'Auth', T`(${v(n + 1)}) Login OK: [${v(g.chance(0.5) ? user : 'anonymous@corp.example.com')}] (from client ${v(nas)} port ${v(port)} cli ${v(cli)})`));
  } else {
    const reason = g.pick(FAIL_REASONS);
    if (reason.includes('Program returned')) out.push(rad(g, 'Error', T`(${v(n)}) mschap: ERROR: Program returned code (${v(1)}) and output ${v(reason.slice(reason.indexOf("'")))}`));
    out.push(rad(g, 'Error', T`(${v(n)}) mschap: ERROR: MS-CHAP2-Response is incorrect`));
    out.push(rad(g, 'Auth', T`(${v(n)}) Login incorrect (${v(reason)}): [${v(user)}] (from client ${v(nas)} port ${v(port)} cli ${v(cli)} via TLS tunnel)`));
    out.push(rad(g, 'Auth', T`(${v(n + 1)}) Login incorrect (${v('eap_peap: The users session was previously rejected: returning reject (again.)')}): [${v(user)}] (from client ${v(nas)} port ${v(port)} cli ${v(cli)})`));
  }
  return out;
}
const TLS_ALERTS = ['unknown CA', 'certificate expired', 'bad certificate', 'handshake failure', 'access denied'];
const freeradius: FormatSpec = {
  name: 'freeradius',
  split: 'tuned',
  description: 'FreeRADIUS 3.2 `radius.log` with `auth = yes` (`ctime : Type: (n) message`): EAP-PEAP logins OK and incorrect (inner tunnel and outer), MS-CHAP and ntlm_auth errors, EAP-TLS alerts, VPN PAP logins, unknown clients, duplicate requests, unresponsive children, SQL/LDAP pool lines, home-server zombie/dead/alive, start-up',
  tickMs: 2200,
  templates: [
    { w: 44, make: (g) => authPair(g, true) },
    { w: 9, make: (g) => authPair(g, false) },
    {
      w: 6,
      make: (g) => {
        const n = reqNo(g);
        const user = `host/LAPTOP-${g.alnum(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}.corp.example.com`;
        const alert = g.pick(TLS_ALERTS);
        const dir = g.pick(['read', 'read', 'write']);
        return [
          rad(g, 'Error', T`(${v(n)}) eap_tls: ERROR: TLS Alert ${v(dir)}:${v('fatal')}:${v(alert)}`),
          rad(g, 'Error', T`(${v(n)}) eap_tls: ERROR: Failed in __FUNCTION__ (${v('SSL_read')}): ${v(g.pick(['error:0A000412:SSL routines::sslv3 alert bad certificate', 'error:0A000418:SSL routines::tlsv1 alert unknown ca', 'error:0A000086:SSL routines::certificate verify failed']))}`),
          rad(g, 'Auth', T`(${v(n)}) Login incorrect (${v(`eap_tls: TLS Alert ${dir}:fatal:${alert}`)}): [${v(user)}] (from client ${v(g.pick(NAS))} port ${v(0)} cli ${v(mac(g))})`),
        ];
      },
    },
    { w: 6, make: (g) => rad(g, 'Auth', T`(${v(reqNo(g))}) Login OK: [${v(g.pick(RUSERS))}] (from client ${v(g.pick(VPN_NAS))} port ${v(g.int(1, 40000))})`) },
    { w: 1.5, make: (g) => rad(g, 'Auth', T`(${v(reqNo(g))}) Login incorrect (${v(g.pick(['pap: Cleartext password does not match "known good" password', 'ldap: User not found', 'pap: User has no password']))}): [${v(g.pick([...RUSERS, 'admin', 'test', 'root']))}] (from client ${v(g.pick(VPN_NAS))} port ${v(g.int(1, 40000))})`) },
    { w: 2, make: (g) => rad(g, 'Error', T`Ignoring request to auth address * port ${v(1812)} bound to server ${v('default')} from unknown client ${v(`10.20.${g.int(0, 9)}.${g.int(2, 250)}`)} port ${v(g.int(1024, 65535))} proto ${v('udp')}`) },
    { w: 1.2, make: (g) => rad(g, 'Error', T`(${v(reqNo(g))}) Discarding duplicate request from client ${v(g.pick(NAS))} port ${v(g.int(32768, 60999))} - ID: ${v(g.int(0, 255))} due to unfinished request in component ${v('authenticate')} module ${v(g.pick(['eap', 'mschap']))}`) },
    { w: 0.4, make: (g) => rad(g, 'Warning', T`Unresponsive child for request ${v(reqNo(g))}, in component ${v('authenticate')} module ${v(g.pick(['mschap', 'eap']))}`) },
    { w: 2, make: (g) => rad(g, 'Info', T`Need ${v(g.int(1, 4))} more connections to reach ${v(10)} spares`) },
    { w: 1.5, make: (g) => rad(g, 'Info', T`rlm_sql (sql): Opening additional connection (${v(g.int(10, 400))}), ${v(1)} of ${v(g.int(20, 31))} pending slots used`) },
    { w: 1.5, make: (g) => rad(g, 'Info', T`rlm_sql (sql): Closing connection (${v(g.int(10, 400))}): Hit idle_timeout, was idle for ${v(g.int(61, 90))} seconds`) },
    { w: 1, make: (g) => rad(g, 'Info', T`rlm_ldap (ldap): Opening additional connection (${v(g.int(10, 400))}), ${v(1)} of ${v(g.int(20, 31))} pending slots used`) },
    { w: 0.5, make: (g) => rad(g, 'Error', T`(${v(reqNo(g))}) sql: ERROR: rlm_sql_postgresql: ${v(g.pick(['ERROR:  duplicate key value violates unique constraint "radacct_acctuniqueid_key"', 'FATAL:  remaining connection slots are reserved for non-replication superuser connections']))}`) },
    {
      w: 0.3,
      make: (g) => {
        const hs = g.pick(['10.10.0.5', '10.10.0.6']);
        return [
          rad(g, 'Proxy', T`Marking home server ${v(hs)} port ${v(1812)} as zombie (it has not responded in ${v('30.000000')} seconds).`),
          rad(g, 'Proxy', T`Marking home server ${v(hs)} port ${v(1812)} as dead.`),
          rad(g, 'Proxy', T`Received response to status check ${v(g.int(1, 40))} ID ${v(g.int(0, 255))} (${v(1)} in current sequence)`),
          rad(g, 'Proxy', T`Marking home server ${v(hs)} port ${v(1812)} alive`),
        ];
      },
    },
    {
      w: 0.1,
      make: (g) => [
        rad(g, 'Info', T`Signalled to terminate`),
        rad(g, 'Info', T`Exiting normally`),
        rad(g, 'Info', T`Debugger not attached`),
        rad(g, 'Info', T`Loaded virtual server ${v('<default>')}`),
        rad(g, 'Info', T`Loaded virtual server ${v('default')}`),
        rad(g, 'Info', T`Loaded virtual server ${v('inner-tunnel')}`),
        rad(g, 'Info', T`Ready to process requests`),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 112. Wazuh 4.7 manager `alerts.log` (`/var/ossec/logs/alerts/alerts.log`), from the Wazuh docs'
// alert samples, OSSEC docs and issues with pasted alerts. One alert is a block: `** Alert
// epoch.offset: - groups,`, the date and location line (`(agent) ip->location` for an agent,
// `host->location` for the manager itself), `Rule: id (level n) -> 'description'`, the decoded
// static fields (`Src IP:`, `Src Port:`, `User:`), the full log, dynamic fields after it
// (`tty: pts/0`), and a blank line. Each line is a statement of alerts.log's printer (groups,
// rule id, level and description parameters; the `mail` flag of an e-mailed alert another
// layout). The full log line is the original event as its program wrote it, so its truth is that
// program's statement (sshd's `Failed password for <*> from <*> port <*> ssh2`...), its syslog
// header variables; syscheck's `File '<*>' modified|added|deleted` and attribute lines are
// statements of their own, the event word constant.

const WZ_AGENTS: Array<[string, string]> = [
  ['web-01', 'any'],
  ['web-02', '10.0.1.22'],
  ['db-01', 'any'],
  ['bastion', '10.0.0.4'],
];
function wzHead(g: Gen, groups: string, rule: number, level: number, desc: string, location: string, agent?: [string, string]): Made[] {
  const d = new Date(g.now);
  const stamp = `${d.getUTCFullYear()} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${hms(d)}`;
  const id = `${Math.floor(g.now / 1000)}.${g.int(1000, 99999999)}`;
  const head = level >= 12 ? T`** Alert ${v(id)}: mail  - ${v(groups)}` : T`** Alert ${v(id)}: - ${v(groups)}`;
  const where = agent ? T`${v(stamp)} (${v(agent[0])}) ${v(agent[1])}->${v(location)}` : T`${v(stamp)} ${v('wazuh-manager')}->${v(location)}`;
  return [head, where, T`Rule: ${v(rule)} (level ${v(level)}) -> '${v(desc)}'`];
}
const BLANK: Made = { line: '', template: '' };
const syslogHead = (g: Gen, host: string, prog: string, pidNo?: number): Made =>
  pidNo === undefined
    ? T`${v(bsd(g.now - g.int(0, 1500)))} ${v(host)} ${prog}: `
    : T`${v(bsd(g.now - g.int(0, 1500)))} ${v(host)} ${prog}[${v(pidNo)}]: `;
const SSH_GROUPS = 'syslog,sshd,authentication_failed,gdpr_IV_35.7.d,gdpr_IV_32.2,gpg13_7.1,hipaa_164.312.b,nist_800_53_AU.14,nist_800_53_AC.7,pci_dss_10.2.4,pci_dss_10.2.5,tsc_CC6.1,tsc_CC6.8,tsc_CC7.2,tsc_CC7.3,';
const SCK_GROUPS = (kind: string) => `ossec,syscheck,syscheck_entry_${kind},syscheck_file,gdpr_II_5.1.f,gpg13_4.11,hipaa_164.312.c.1,hipaa_164.312.c.2,nist_800_53_SI.7,pci_dss_11.5,tsc_PI1.4,tsc_PI1.5,tsc_CC6.1,tsc_CC6.8,tsc_CC7.2,tsc_CC7.3,`;
const WATCHED = ['/etc/nginx/nginx.conf', '/etc/nginx/sites-enabled/shop.conf', '/etc/passwd', '/etc/shadow', '/etc/group', '/etc/sudoers.d/90-ops', '/usr/local/bin/backup.sh', '/etc/ssh/sshd_config', '/etc/cron.d/logrotate-shop'];
function sshFail(g: Gen): Made[] {
  const agent = g.pick(WZ_AGENTS.filter((a) => a[0] !== 'db-01'));
  const ip = g.publicIp();
  const port = g.int(1024, 65535);
  const invalid = g.chance(0.6);
  const user = invalid ? g.pick(['admin', 'test', 'ubuntu', 'oracle', 'git', 'postgres', 'user', 'support']) : g.pick(['root', 'root', 'deploy']);
  const brute = invalid && g.chance(0.15);
  const [rule, level, desc] = brute ? [5712, 10, 'sshd: brute force trying to get access to the system. Non existent user.'] : invalid ? [5710, 5, 'sshd: Attempt to login using a non-existent user'] : [5760, 5, 'sshd: authentication failed.'];
  const pidNo = g.int(1000, 99999);
  const full = invalid
    ? g.chance(0.5)
      ? cat(syslogHead(g, agent[0], 'sshd', pidNo), T`Invalid user ${v(user)} from ${v(ip)} port ${v(port)}`)
      : cat(syslogHead(g, agent[0], 'sshd', pidNo), T`Failed password for invalid user ${v(user)} from ${v(ip)} port ${v(port)} ssh2`)
    : cat(syslogHead(g, agent[0], 'sshd', pidNo), T`Failed password for ${v(user)} from ${v(ip)} port ${v(port)} ssh2`);
  const groups = invalid ? SSH_GROUPS.replace('sshd,', 'sshd,invalid_login,') : SSH_GROUPS;
  return [...wzHead(g, groups, rule, level, desc, '/var/log/auth.log', agent), T`Src IP: ${v(ip)}`, T`Src Port: ${v(port)}`, T`User: ${v(user)}`, full, BLANK];
}
function syscheck(g: Gen): Made[] {
  const agent = g.pick(WZ_AGENTS);
  const file = g.pick(WATCHED);
  const kind = g.pick(['modified', 'modified', 'modified', 'added', 'deleted']);
  const mode = g.pick(['realtime', 'realtime', 'scheduled', 'whodata']);
  const [rule, level, desc] = kind === 'modified' ? [550, 7, 'Integrity checksum changed.'] : kind === 'added' ? [554, 5, 'File added to the system.'] : [553, 7, 'File deleted.'];
  const out = [...wzHead(g, SCK_GROUPS(kind), rule, level, desc, 'syscheck', agent)];
  if (kind === 'modified') {
    const size = g.int(200, 9000);
    const mtime = Math.floor(g.now / 1000);
    out.push(
      T`File '${v(file)}' modified`,
      T`Mode: ${v(mode)}`,
      T`Changed attributes: ${v('size,mtime,md5,sha1,sha256')}`,
      T`Size changed from '${v(size)}' to '${v(size + g.int(-200, 400))}'`,
      T`Old modification time was: '${v(mtime - g.int(3600, 9e6))}', now it is '${v(mtime - g.int(0, 5))}'`,
      T`Old md5sum was: '${v(g.hex(32))}'`,
      T`New md5sum is : '${v(g.hex(32))}'`,
      T`Old sha1sum was: '${v(g.hex(40))}'`,
      T`New sha1sum is : '${v(g.hex(40))}'`,
      T`Old sha256sum was: '${v(g.hex(64))}'`,
      T`New sha256sum is : '${v(g.hex(64))}'`
    );
  } else out.push(kind === 'added' ? T`File '${v(file.replace(/[^/]+$/, g.pick(['.tmp-deploy', 'backup.sh.new', 'zz-local.conf'])))}' added` : T`File '${v(file.replace(/[^/]+$/, g.pick(['old.conf', 'backup.sh.bak'])))}' deleted`, T`Mode: ${v(mode)}`);
  out.push(BLANK);
  return out;
}
const wazuh: FormatSpec = {
  name: 'wazuh-alerts',
  split: 'tuned',
  description: 'Wazuh 4.7 manager `alerts.log` (multi-line blocks: `** Alert id: - groups`, date and `(agent) ip->location`, `Rule: id (level n) -> \'description\'`, `Src IP:`/`User:` fields, the full log, dynamic fields, a blank line): sshd failures and brute force, logins, sudo with tty/pwd/command, PAM sessions, syscheck modified/added/deleted with checksums, web 400s, rootcheck, dpkg installs, promiscuous mode',
  tickMs: 4000,
  templates: [
    { w: 30, make: sshFail },
    {
      w: 7,
      make: (g) => {
        const agent = g.pick(WZ_AGENTS);
        const ip = `10.0.${g.int(0, 3)}.${g.int(2, 250)}`;
        const user = g.pick(['deploy', 'ansible', 'maria', 'tom']);
        const port = g.int(1024, 65535);
        return [
          ...wzHead(g, 'syslog,sshd,authentication_success,gdpr_IV_32.2,gpg13_7.1,gpg13_7.2,hipaa_164.312.b,nist_800_53_AU.14,nist_800_53_AC.7,pci_dss_10.2.5,tsc_CC6.8,tsc_CC7.2,tsc_CC7.3,', 5715, 3, 'sshd: authentication success.', '/var/log/auth.log', agent),
          T`Src IP: ${v(ip)}`,
          T`Src Port: ${v(port)}`,
          T`User: ${v(user)}`,
          cat(syslogHead(g, agent[0], 'sshd', g.int(1000, 99999)), T`Accepted publickey for ${v(user)} from ${v(ip)} port ${v(port)} ssh2: ${v(`ED25519 SHA256:${g.alnum(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}`)}`),
          BLANK,
        ];
      },
    },
    {
      w: 10,
      make: (g) => {
        const agent = g.pick(WZ_AGENTS);
        const user = g.pick(['deploy', 'ansible', 'maria', 'tom']);
        const tty = g.pick(['pts/0', 'pts/1', 'pts/2', 'unknown']);
        const pwd = g.pick(['/home/' + user, '/', '/srv/shop', '/etc/nginx']);
        const cmd = g.pick(['/usr/bin/systemctl restart nginx', '/usr/bin/journalctl -u shop-api -n 200', '/usr/bin/apt-get upgrade -y', '/bin/bash', '/usr/bin/docker ps -a', '/usr/bin/tail -f /var/log/syslog']);
        return [
          ...wzHead(g, 'syslog,sudo,gdpr_IV_32.2,gpg13_7.6,gpg13_7.8,gpg13_7.13,hipaa_164.312.b,nist_800_53_AU.14,nist_800_53_AC.7,nist_800_53_AC.6,pci_dss_10.2.5,pci_dss_10.2.2,tsc_CC6.8,tsc_CC7.2,tsc_CC7.3,', 5402, 3, 'Successful sudo to ROOT executed.', '/var/log/auth.log', agent),
          T`User: ${v('root')}`,
          cat(syslogHead(g, agent[0], 'sudo'), T`${v(user.padStart(8, ' '))} : TTY=${v(tty)} ; PWD=${v(pwd)} ; USER=${v('root')} ; COMMAND=${v(cmd)}`),
          T`tty: ${v(tty)}`,
          T`pwd: ${v(pwd)}`,
          T`command: ${v(cmd.split(' ')[0])}`,
          BLANK,
        ];
      },
    },
    {
      w: 9,
      make: (g) => {
        const agent = g.pick(WZ_AGENTS);
        const via = g.pick(['sshd', 'sudo', 'cron', 'cron']);
        const user = via === 'cron' ? 'root' : g.pick(['deploy', 'ansible', 'root']);
        const uid = user === 'root' ? 0 : g.int(1000, 1004);
        return [
          ...wzHead(g, 'pam,syslog,authentication_success,gdpr_IV_32.2,gpg13_7.8,gpg13_7.9,hipaa_164.312.b,nist_800_53_AU.14,nist_800_53_AC.7,pci_dss_10.2.5,tsc_CC6.8,tsc_CC7.2,tsc_CC7.3,', 5501, 3, 'PAM: Login session opened.', '/var/log/auth.log', agent),
          T`User: ${v(user)}`,
          cat(syslogHead(g, agent[0], via === 'cron' ? 'CRON' : via, g.int(1000, 99999)), T`pam_unix(${v(`${via}:session`)}): session opened for user ${v(`${user}(uid=${uid})`)} by ${v(via === 'sudo' ? `deploy(uid=1001)` : '(uid=0)')}`),
          BLANK,
        ];
      },
    },
    { w: 12, make: syscheck },
    {
      w: 8,
      make: (g) => {
        const agent = g.pick(WZ_AGENTS.filter((a) => a[0].startsWith('web')));
        const ip = g.publicIp();
        const path = g.pick(['/wp-login.php', '/.env', '/.git/config', '/xmlrpc.php', '/phpmyadmin/index.php', '/cgi-bin/luci/;stok=/locale', '/actuator/health', '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php']);
        const status = g.pick([400, 403, 404, 404, 404]);
        const many = g.chance(0.15);
        return [
          ...wzHead(g, many ? 'web,accesslog,web_scan,recon,gdpr_IV_35.7.d,nist_800_53_SI.4,pci_dss_6.5,pci_dss_11.4,tsc_CC6.6,tsc_CC7.1,tsc_CC8.1,' : 'web,accesslog,attack,gdpr_IV_35.7.d,nist_800_53_SA.11,nist_800_53_SI.4,pci_dss_6.5,pci_dss_11.4,tsc_CC6.6,tsc_CC7.1,tsc_CC8.1,', many ? 31151 : 31101, many ? 10 : 5, many ? 'Multiple web server 400 error codes from same source ip.' : 'Web server 400 error code.', '/var/log/nginx/access.log', agent),
          T`Src IP: ${v(ip)}`,
          T`${v(ip)} - - [${v(g.clf())}] "GET ${v(path)} HTTP/1.1" ${v(status)} ${v(g.int(150, 600))} "-" "${v(g.pick(USER_AGENTS.slice(5)))}"`,
          BLANK,
        ];
      },
    },
    {
      w: 1.5,
      make: (g) => {
        const agent = g.pick(WZ_AGENTS);
        const file = g.pick(['/usr/bin/diff', '/bin/passwd', '/usr/bin/w']);
        return [...wzHead(g, 'ossec,rootcheck,gdpr_IV_35.7.d,', 510, 7, 'Host-based anomaly detection event (rootcheck).', 'rootcheck', agent), T`Trojaned version of file '${v(file)}' detected. Signature used: '${v('bash|^/bin/sh|file\\.h|proc\\.h|/dev/[^n]|^/bin/.*sh')}' (${v('Generic')}).`, BLANK];
      },
    },
    {
      w: 3,
      make: (g) => {
        const agent = g.pick(WZ_AGENTS);
        const pkg = g.pick(['nginx:amd64 1.24.0-2ubuntu7.1', 'openssl:amd64 3.0.13-0ubuntu3.1', 'linux-image-6.8.0-36-generic:amd64 6.8.0-36.36', 'libc6:amd64 2.39-0ubuntu8.2', 'curl:amd64 8.5.0-2ubuntu10.1']);
        const d = new Date(g.now - g.int(0, 1500));
        return [...wzHead(g, 'dpkg,config_changed,gdpr_II_5.1.f,gpg13_4.13,hipaa_164.312.b,nist_800_53_CM.3,nist_800_53_CM.5,pci_dss_10.6.1,tsc_CC8.1,tsc_CC7.1,tsc_CC7.2,tsc_CC7.3,', 2902, 7, 'New dpkg (Debian Package) installed.', '/var/log/dpkg.log', agent), T`${v(`${d.toISOString().slice(0, 10)} ${hms(d)}`)} status installed ${v(pkg.split(' ')[0])} ${v(pkg.split(' ')[1])}`, BLANK];
      },
    },
    {
      w: 0.8,
      make: (g) => {
        const agent = g.pick(WZ_AGENTS);
        const up = `${g.int(1000, 999999)}.${String(g.int(0, 999999)).padStart(6, '0')}`;
        return [...wzHead(g, 'syslog,linuxkernel,promisc,gdpr_IV_35.7.d,hipaa_164.312.b,nist_800_53_AU.6,pci_dss_10.6.1,pci_dss_11.4,tsc_CC7.2,tsc_CC7.3,tsc_CC6.1,tsc_CC6.8,', 5104, 8, 'Interface entered in promiscuous(sniffing) mode.', '/var/log/syslog', agent), cat(syslogHead(g, agent[0], 'kernel'), T`[${v(up.padStart(12, ' '))}] device ${v(g.pick(['eth0', 'ens5', 'veth3f2a1b9']))} entered promiscuous mode`), BLANK];
      },
    },
    {
      w: 1,
      make: (g) => {
        const user = g.pick(['root', 'admin']);
        const ip = g.publicIp();
        const port = g.int(1024, 65535);
        return [...wzHead(g, 'syslog,sshd,authentication_failures,gdpr_IV_35.7.d,gdpr_IV_32.2,hipaa_164.312.b,nist_800_53_SI.4,nist_800_53_AU.14,nist_800_53_AC.7,pci_dss_11.4,pci_dss_10.2.4,pci_dss_10.2.5,tsc_CC6.1,tsc_CC6.8,tsc_CC7.2,tsc_CC7.3,', 5763, 12, 'sshd: brute force trying to get access to the system. Authentication failed.', '/var/log/auth.log'), T`Src IP: ${v(ip)}`, T`Src Port: ${v(port)}`, T`User: ${v(user)}`, cat(syslogHead(g, 'wazuh-manager', 'sshd', g.int(1000, 99999)), T`Failed password for ${v(user)} from ${v(ip)} port ${v(port)} ssh2`), BLANK];
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 113. Puppet 8.6 agents (daemon, `--logdest syslog`) on Ubuntu 24.04, `/var/log/syslog` with
// rsyslog's RFC 3339 high-precision time (`2024-06-12T10:00:00.123456+00:00 host
// puppet-agent[pid]: message`), from Puppet docs and issue threads with pasted agent output.
// A resource event is `(<resource path>) <message>`: the path one parameter (Puppet's source),
// the message a statement (`content changed '<*>' to '<*>'`, `Triggered 'refresh' from <*>
// event`...); catalog retrievals and failures are statements with their error texts as
// parameters.

const PUP_HOSTS = ['web-01', 'web-02', 'web-03', 'cache-01', 'db-01', 'ci-runner-01'];
const pupTime = (g: Gen) => `${new Date(g.now).toISOString().slice(0, 19)}.${String(new Date(g.now).getUTCMilliseconds()).padStart(3, '0')}${String(g.int(0, 999)).padStart(3, '0')}+00:00`;
/** A line `afterMs` (or a moment) after the previous one: a run's lines follow each other. */
function pup(g: Gen, host: string, msg: Made, afterMs = 0): Made {
  g.now += afterMs || g.int(2, 900);
  return cat(T`${v(pupTime(g))} ${v(host)} puppet-agent[${v(1000 + PUP_HOSTS.indexOf(host) * 317)}]: `, msg);
}
const sha = (g: Gen) => `{sha256}${g.hex(64)}`;
const FILES = ['/etc/nginx/sites-enabled/shop.conf', '/etc/motd', '/etc/chrony/chrony.conf', '/etc/ssh/sshd_config', '/etc/logrotate.d/shop', '/etc/sysctl.d/60-net.conf', '/etc/default/node-exporter'];
const classFor = (f: string) => (f.includes('nginx') ? 'Profile::Nginx' : f.includes('chrony') ? 'Profile::Ntp' : f.includes('ssh') ? 'Profile::Ssh' : f.includes('shop') ? 'Profile::Shop' : 'Profile::Base');
const SERVICES: Array<[string, string]> = [
  ['Profile::Nginx', 'nginx'],
  ['Profile::Ntp', 'chrony'],
  ['Profile::Ssh', 'ssh'],
  ['Profile::Monitoring', 'node-exporter'],
  ['Profile::Shop', 'shop-api'],
];
function resourceEvent(g: Gen, host: string): Made {
  const k = g.int(0, 9);
  if (k <= 2) {
    const f = g.pick(FILES);
    return pup(g, host, T`(${v(`/Stage[main]/${classFor(f)}/File[${f}]/content`)}) content changed '${v(sha(g))}' to '${v(sha(g))}'`);
  }
  if (k <= 4) {
    const [cls, svc] = g.pick(SERVICES);
    return pup(g, host, T`(${v(`/Stage[main]/${cls}/Service[${svc}]`)}) Triggered 'refresh' from ${v(g.pickSkewed([1, 1, 1, 2, 3]))} event`);
  }
  if (k === 5) return pup(g, host, T`(${v(`/Stage[main]/Profile::Base::Packages/Package[${g.pick(['htop', 'jq', 'unattended-upgrades', 'prometheus-node-exporter', 'auditd'])}]/ensure`)}) created`);
  if (k === 6) return pup(g, host, T`(${v(`/Stage[main]/Profile::Base/Exec[${g.pick(['apt-update', 'sysctl-reload', 'update-ca-certificates'])}]/returns`)}) executed successfully`);
  if (k === 7) {
    const [cls, svc] = g.pick(SERVICES);
    return pup(g, host, T`(${v(`/Stage[main]/${cls}/Service[${svc}]/ensure`)}) ensure changed '${v('stopped')}' to '${v('running')}'`);
  }
  if (k === 8) return pup(g, host, T`(${v(`/Stage[main]/Profile::Base/File[${g.pick(['/etc/sudoers.d/90-ops', '/etc/cron.d/backup', '/usr/local/bin/healthcheck'])}]/ensure`)}) defined content as '${v(sha(g))}'`);
  return pup(g, host, T`(${v(`/Stage[main]/Profile::Shop/File[/opt/shop/${g.pick(['releases', 'shared', 'shared/log'])}]/mode`)}) mode changed '${v('0755')}' to '${v('0750')}'`);
}
const puppet: FormatSpec = {
  name: 'puppet-agent',
  split: 'tuned',
  description: 'Puppet 8.6 agents via rsyslog on Ubuntu 24.04 (`RFC3339.micro host puppet-agent[pid]: message`): catalog requests and compilations, applied runs, resource events `(/Stage[main]/...) content changed / Triggered \'refresh\' / created / ensure changed`, failed execs and skipped dependencies, catalog and report failures, lock-file skips, restarts',
  tickMs: 40000,
  templates: [
    {
      w: 40,
      make: (g) => {
        const host = g.pick(PUP_HOSTS);
        const out: Made[] = [pup(g, host, T`Requesting catalog from ${v('puppet.example.com:8140')} (${v('10.0.0.2')})`), pup(g, host, T`Catalog compiled by ${v(g.pick(['puppet.example.com', 'puppet-compiler-01.example.com']))}`)];
        const changes = g.chance(0.35) ? g.int(1, 4) : 0;
        for (let i = 0; i < changes; i++) out.push(resourceEvent(g, host));
        const secs = g.float(2, 40, 2);
        out.push(pup(g, host, T`Applied catalog in ${v(secs)} seconds`, Math.round(Number(secs) * 1000)));
        return out;
      },
    },
    {
      w: 3,
      make: (g) => {
        const host = g.pick(PUP_HOSTS.filter((h) => h.startsWith('web')));
        const cmd = g.pick(['docker system prune -af', '/opt/shop/bin/migrate --env production', 'systemctl reload nginx']);
        return [
          pup(g, host, T`Requesting catalog from ${v('puppet.example.com:8140')} (${v('10.0.0.2')})`),
          pup(g, host, T`Catalog compiled by ${v('puppet.example.com')}`),
          pup(g, host, T`(${v(`/Stage[main]/Profile::Shop/Exec[${cmd.includes('migrate') ? 'shop-migrate' : cmd.includes('prune') ? 'docker-prune' : 'nginx-reload'}]/returns`)}) change from '${v('notrun')}' to ${v("['0']")} failed: '${v(cmd)}' returned ${v(g.pick([1, 2, 127]))} instead of one of [${v(0)}]`),
          pup(g, host, T`(${v('/Stage[main]/Profile::Shop/Service[shop-api]')}) Dependency ${v('Exec[shop-migrate]')} has failures: ${v('true')}`),
          pup(g, host, T`(${v('/Stage[main]/Profile::Shop/Service[shop-api]')}) Skipping because of failed dependencies`),
          pup(g, host, T`Applied catalog in ${v(g.float(2, 40, 2))} seconds`, g.int(2000, 40000)),
        ];
      },
    },
    {
      w: 2,
      make: (g) => {
        const host = g.pick(PUP_HOSTS);
        return [
          pup(g, host, T`Requesting catalog from ${v('puppet.example.com:8140')} (${v('10.0.0.2')})`),
          pup(g, host, T`Could not retrieve catalog from remote server: ${v(`Error 500 on SERVER: Server Error: Evaluation Error: ${g.pick([`Error while evaluating a Resource Statement, Could not find declared class profile::redis (file: /etc/puppetlabs/code/environments/production/manifests/site.pp, line: ${g.int(3, 60)}, column: 3) on node ${host}.example.com`, `Error while evaluating a Function Call, Lookup of key 'profile::shop::db_password' failed: DataBinding 'hiera': No such key (file: /etc/puppetlabs/code/environments/production/site/profile/manifests/shop.pp, line: ${g.int(3, 60)}, column: 5) on node ${host}.example.com`])}`)}`),
          pup(g, host, T`Not using cache on failed catalog`),
          pup(g, host, T`Could not retrieve catalog; skipping run`),
        ];
      },
    },
    {
      w: 1.5,
      make: (g) => {
        const host = g.pick(PUP_HOSTS);
        const err = 'Failed to open TCP connection to puppet.example.com:8140 (Connection refused - connect(2) for "puppet.example.com" port 8140)';
        return [
          pup(g, host, T`Connection to ${v('https://puppet.example.com:8140/puppet/v3')} failed, trying next route: ${v(`Request to https://puppet.example.com:8140/puppet/v3 failed after ${g.float(0, 0.02, 3)} seconds: ${err}`)}`),
          pup(g, host, T`Unable to fetch my node definition, but the agent run will continue:`),
          pup(g, host, T`${v('No more routes to puppet')}`),
          pup(g, host, T`Could not send report: ${v(err)}`),
        ];
      },
    },
    { w: 1, make: (g) => pup(g, g.pick(PUP_HOSTS), T`Run of Puppet configuration client already in progress; skipping  (${v('/opt/puppetlabs/puppet/cache/state/agent_catalog_run.lock')} exists)`) },
    {
      w: 0.3,
      make: (g) => {
        const host = g.pick(PUP_HOSTS);
        return [pup(g, host, T`Caught TERM; exiting`), pup(g, host, T`Starting Puppet client version ${v('8.6.0')}`)];
      },
    },
  ],
};

export const ROUND16_FORMATS: readonly FormatSpec[] = [...ROUND16_FORMATS_A, gitlabRunner, freeradius, wazuh, puppet];
