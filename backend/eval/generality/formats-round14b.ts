// Generality set, round 14 (part 2): Gitea, dnsmasq as Pi-hole writes it, and Home Assistant.
// Written before any round-14 miner change; UNTOUCHED (see formats-round14.ts).
import { Gen, T, v, USER_AGENTS, MONTHS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';
import { ROUND14_FORMATS_A } from './formats-round14.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');
const ymd = (d: Date, sep: string) => `${d.getUTCFullYear()}${sep}${p2(d.getUTCMonth() + 1)}${sep}${p2(d.getUTCDate())}`;
const hms = (d: Date) => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;

// ---------------------------------------------------------------------------------------------
// 97. Gitea 1.22 in its Docker image, the default console logger (`stdflags`: date, time,
// medfile (the call site's path cut to its last 20 characters behind `...`), shortfuncname,
// level initial). The call site and the level are part of the statement. The router logger's
// `router: completed|slow|polling|failed` lines are request lines (one template per method); the
// handler after `@` is a location inside the message (a parameter). A recovered panic's stack
// (`file:line (0xpc)` then `\tfunc: source`) is printed line by line.

const gtTime = (g: Gen) => { const d = new Date(g.now); return `${ymd(d, '/')} ${hms(d)}`; };
const gt = (g: Gen, site: string, lvl: string, msg: Made): Made => cat(T`${v(gtTime(g))} ${site} [${lvl}] `, msg);
const ORGS = ['platform/infra', 'platform/helm-charts', 'web/storefront', 'web/design-system', 'data/pipelines', 'alice/dotfiles'];
const remote = (g: Gen) => `${g.chance(0.6) ? `10.0.${g.int(0, 3)}.${g.int(2, 250)}` : g.publicIp()}:${g.chance(0.7) ? 0 : g.int(32768, 60999)}`;
const dur = (g: Gen, lo: number, hi: number) => `${g.float(lo, hi, 1)}ms`;
function getRoute(g: Gen): [string, string, string] {
  const r = g.pick(ORGS);
  return g.pickSkewed([
    [`/${r}.git/info/refs?service=git-upload-pack`, '200 OK', 'repo/githttp.go:532(repo.GetInfoRefs)'],
    [`/${r}`, '200 OK', 'repo/view.go:1042(repo.Home)'],
    [`/api/v1/repos/${r}/pulls?state=open&limit=50`, '200 OK', 'repo/pull.go:107(repo.ListPullRequests)'],
    [`/${r}/src/branch/main/${g.pick(['README.md', 'charts/api/values.yaml', 'src/index.ts', '.gitea/workflows/ci.yaml'])}`, '200 OK', 'repo/view.go:1042(repo.Home)'],
    [`/${r}/pulls/${g.int(1, 900)}/files`, '200 OK', 'repo/pull.go:952(repo.ViewPullFiles)'],
    [`/${r}/commit/${g.hex(40)}`, '200 OK', 'repo/commit.go:288(repo.Diff)'],
    [`/${r}/issues/${g.int(1, 900)}`, g.pick(['200 OK', '404 Not Found']), 'repo/issue.go:1321(repo.ViewIssue)'],
    ['/api/healthz', '200 OK', 'healthcheck/check.go:67(healthcheck.Check)'],
    ['/user/login', '200 OK', 'auth/auth.go:164(auth.SignIn)'],
  ]);
}
function postRoute(g: Gen): [string, string, string] {
  const r = g.pick(ORGS);
  return g.pickSkewed([
    [`/${r}.git/git-upload-pack`, '200 OK', 'repo/githttp.go:484(repo.ServiceUploadPack)'],
    [`/${r}.git/git-receive-pack`, g.pick(['200 OK', '200 OK', '401 Unauthorized']), 'repo/githttp.go:492(repo.ServiceReceivePack)'],
    ['/api/actions/runner.v1.RunnerService/UpdateLog', '200 OK', 'actions/actions.go:20(actions.Routes.func1)'],
    ['/user/login', g.pick(['303 See Other', '200 OK']), 'auth/auth.go:189(auth.SignInPost)'],
    [`/${r}/issues/${g.int(1, 900)}/comments`, '303 See Other', 'repo/issue.go:3001(repo.NewComment)'],
    [`/api/v1/repos/${r}/statuses/${g.hex(40)}`, '201 Created', 'repo/status.go:57(repo.NewCommitStatus)'],
  ]);
}
const PANIC_STACK: Array<[string, number, string, string]> = [
  ['/go/src/code.gitea.io/gitea/routers/api/v1/repo/pull.go', 904, 'MergePullRequest', 'if pr.HeadRepo.IsArchived {'],
  ['/go/src/code.gitea.io/gitea/modules/web/handler.go', 176, 'wrapHandlerProvider[...].func1.1', 'fn(respWriter, req)'],
  ['/usr/local/go/src/net/http/server.go', 2171, 'HandlerFunc.ServeHTTP', 'f(w, r)'],
  ['/go/src/code.gitea.io/gitea/modules/web/routing/logger_manager.go', 123, 'requestRecord.func1', 'next.ServeHTTP(w, req)'],
];
const gitea: FormatSpec = {
  name: 'gitea',
  split: 'tuned',
  description: 'Gitea 1.22 in Docker, default console log (`date time ...medfile:line:func() [L]`): router completed lines per method with status, duration and handler, slow and long-polling requests, SSH and web authentication failures, RPC errors, mailer errors, a recovered panic with its stack line by line, start-up lines',
  tickMs: 1500,
  templates: [
    { w: 40, make: (g) => { const [u, s, h] = getRoute(g); return gt(g, '...eb/routing/logger.go:102:func1()', 'I', T`router: completed GET ${v(u)} for ${v(remote(g))}, ${v(s.split(' ')[0])} ${v(s.split(' ').slice(1).join(' '))} in ${v(dur(g, 0.2, 400))} @ ${v(h)}`); } },
    { w: 14, make: (g) => { const [u, s, h] = postRoute(g); return gt(g, '...eb/routing/logger.go:102:func1()', 'I', T`router: completed POST ${v(u)} for ${v(remote(g))}, ${v(s.split(' ')[0])} ${v(s.split(' ').slice(1).join(' '))} in ${v(dur(g, 1, 4000))} @ ${v(h)}`); } },
    {
      w: 2,
      make: (g) => {
        const r = g.pick(ORGS);
        const [u, code, text, h] = g.pick([
          [`/${r}/branches/delete?name=feature%2F${g.alnum(6)}`, '200', 'OK', 'repo/branch.go:92(repo.DeleteBranchPost)'],
          [`/api/v1/repos/${r}/issues/comments/${g.int(100, 9000)}`, '204', 'No Content', 'repo/issue_comment.go:553(repo.DeleteIssueComment)'],
        ]);
        return gt(g, '...eb/routing/logger.go:102:func1()', 'I', T`router: completed DELETE ${v(u)} for ${v(remote(g))}, ${v(code)} ${v(text)} in ${v(dur(g, 2, 300))} @ ${v(h)}`);
      },
    },
    { w: 5, make: (g) => gt(g, '...eb/routing/logger.go:68:func1()', 'I', T`router: polling   GET ${v('/user/events')} for ${v(remote(g))}, elapsed ${v(dur(g, 3000, 3100))} @ ${v('events/events.go:18(events.Events)')}`) },
    { w: 3, make: (g) => { const [u, , h] = getRoute(g); return gt(g, '...eb/routing/logger.go:68:func1()', 'W', T`router: slow      GET ${v(u)} for ${v(remote(g))}, elapsed ${v(dur(g, 3000, 9000))} @ ${v(h)}`); } },
    {
      w: 4,
      make: (g) => {
        const addr = `${g.publicIp()}:${g.int(32768, 60999)}`;
        return [
          gt(g, 'modules/ssh/ssh.go:325:sshConnectionFailed()', 'W', T`Failed connection from ${v(addr)} with error: ${v(g.pick(['[ssh: no auth passed yet, publickey: permission denied]', 'EOF', 'ssh: disconnect, reason 11: Bye Bye', 'read tcp 172.18.0.3:22->' + addr + ': read: connection reset by peer']))}`),
          gt(g, 'modules/ssh/ssh.go:327:sshConnectionFailed()', 'W', T`Failed authentication attempt from ${v(addr)}`),
        ];
      },
    },
    { w: 2, make: (g) => { const u = g.pick(['admin', 'root', 'alice', 'deploy', 'jenkins']); return gt(g, '...ers/web/auth/auth.go:235:SignInPost()', 'I', T`Failed authentication attempt for ${v(u)} from ${v(remote(g))}: ${v(g.pick([`user does not exist [uid: 0, name: ${u}]`, `password is invalid [uid: ${g.int(1, 40)}, name: ${u}]`]))}`); } },
    { w: 1.5, make: (g) => gt(g, '...ers/web/repo/githttp.go:484:serviceRPC()', 'E', T`Fail to serve RPC(${v(g.pick(['upload-pack', 'receive-pack']))}) in ${v(`/data/git/repositories/${g.pick(ORGS)}.git`)}: ${v('exit status 128')} - ${v(g.pick(['fatal: the remote end hung up unexpectedly', 'fatal: early EOF', 'error: remote unpack failed: index-pack abnormal exit']))}`) },
    { w: 1, make: (g) => gt(g, '...s/mailer/mailer.go:421:func1()', 'E', T`Failed to send emails [${v(`${g.pick(['alice', 'bob', 'ops'])}@example.com`)}]: ${v(g.pick(['Issue Comment', 'Pull Request Review', 'Reset your password']))} - ${v(g.pick(['dial tcp 10.0.0.25:587: connect: connection refused', 'failed to send email: 421 4.7.0 Try again later, closing connection.']))}`) },
    {
      w: 0.5,
      make: (g) => {
        const r = g.pick(ORGS);
        // the recovery handler logs the panic and its stack first, the router logger the request after
        const out = [gt(g, '...es/context/base.go:288:func1()', 'E', T`PANIC: ${v('runtime error: invalid memory address or nil pointer dereference')}`)];
        for (const [f, l, fn, src] of PANIC_STACK) out.push(T`${v(f)}:${v(l)} (0x${v(g.hex(7))})`, T`\t${v(fn)}: ${v(src)}`);
        out.push(gt(g, '...eb/routing/logger.go:102:func1()', 'W', T`router: failed    POST ${v(`/api/v1/repos/${r}/pulls/${g.int(1, 900)}/merge`)} for ${v(remote(g))}, panic in ${v(dur(g, 5, 90))} @ ${v('repo/pull.go:842(repo.MergePullRequest)')}, err=${v('runtime error: invalid memory address or nil pointer dereference')}`));
        return out;
      },
    },
    {
      w: 0.12,
      make: (g) => [
        gt(g, 'cmd/web.go:242:runWeb()', 'I', T`Starting Gitea on PID: ${v(g.int(7, 30))}`),
        gt(g, 'cmd/web.go:111:showWebStartupMessage()', 'I', T`Gitea version: ${v('1.22.0 built with GNU Make 4.4.1, go1.22.3 : bindata, timetzdata, sqlite, sqlite_unlock_notify')}`),
        gt(g, 'cmd/web.go:112:showWebStartupMessage()', 'I', T`* RunMode: ${v('prod')}`),
        gt(g, 'cmd/web.go:113:showWebStartupMessage()', 'I', T`* AppPath: ${v('/usr/local/bin/gitea')}`),
        gt(g, 'cmd/web.go:114:showWebStartupMessage()', 'I', T`* WorkPath: ${v('/data/gitea')}`),
        gt(g, 'cmd/web.go:115:showWebStartupMessage()', 'I', T`* CustomPath: ${v('/data/gitea')}`),
        gt(g, 'cmd/web.go:116:showWebStartupMessage()', 'I', T`* ConfigFile: ${v('/data/gitea/conf/app.ini')}`),
        gt(g, '...s/graceful/server.go:50:NewServer()', 'I', T`Starting new SSH server: ${v('tcp::22')} on PID: ${v(g.int(7, 30))}`),
        gt(g, '...s/graceful/server.go:50:NewServer()', 'I', T`Starting new Web server: ${v('tcp:0.0.0.0:3000')} on PID: ${v(g.int(7, 30))}`),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 98. dnsmasq 2.90 as Pi-hole 5 runs it (`log-queries`, `log-dhcp` off, `log-facility=
// /var/log/pihole.log`: `Mmm dd hh:mm:ss dnsmasq[pid]: `): each query, then where its answer came
// from (`forwarded`, `reply`, `cached`, Pi-hole's `gravity blocked`, a hosts file), then DHCP
// lines under `dnsmasq-dhcp[pid]`. The program name is part of the statement; the query type
// (`query[AAAA]`) and the answer (an address, `NXDOMAIN`, `NODATA-IPv6`, `<CNAME>`) are parameters;
// `query`, `forwarded`, `reply`, `cached` and the DHCP message types name different events.

const dmTime = (g: Gen) => { const d = new Date(g.now); return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms(d)}`; };
const PID = 1187;
const dm = (g: Gen, msg: Made): Made => cat(T`${v(dmTime(g))} dnsmasq[${v(PID)}]: `, msg);
const dhcp = (g: Gen, msg: Made): Made => cat(T`${v(dmTime(g))} dnsmasq-dhcp[${v(PID)}]: `, msg);
const LAN = ['192.168.1.23', '192.168.1.31', '192.168.1.40', '192.168.1.52', '192.168.1.77', '192.168.1.108', '127.0.0.1'];
const DOMAINS: Array<[string, string[]]> = [
  ['api.github.com', ['140.82.121.6']],
  ['www.google.com', ['142.250.185.100']],
  ['connectivitycheck.gstatic.com', ['142.250.181.227']],
  ['graph.facebook.com', ['<CNAME>', '157.240.17.35']],
  ['time.cloudflare.com', ['162.159.200.1', '162.159.200.123']],
  ['updates.signal.org', ['<CNAME>', '13.248.212.111', '76.223.92.165']],
  ['open.spotify.com', ['<CNAME>', '<CNAME>', '35.186.224.25']],
  ['s3.eu-central-1.amazonaws.com', ['52.219.170.58', '52.219.169.110']],
  ['ntp.ubuntu.com', ['185.125.190.57', '185.125.190.58']],
  ['home-assistant.io', ['<CNAME>', '104.26.10.132']],
];
const BLOCKED = ['ads.doubleclick.net', 'googleads.g.doubleclick.net', 'telemetry.microsoft.com', 'app-measurement.com', 'ssl.google-analytics.com', 'tracking.tiktok.com', 'device-metrics-us.amazon.com'];
const UPSTREAMS = ['1.1.1.1', '9.9.9.9'];
const HOSTS: Array<[string, string]> = [['nas.lan', '192.168.1.10'], ['pi.hole', '192.168.1.2'], ['printer.lan', '192.168.1.60'], ['homeassistant.lan', '192.168.1.5']];
const DEVICES: Array<[string, string]> = [['a4:83:e7:1c:22:9f', 'MacBook-Air'], ['3c:22:fb:9a:10:0e', 'Pixel-8'], ['b8:27:eb:45:aa:01', 'octopi'], ['f0:18:98:3e:77:c2', 'iPad'], ['dc:a6:32:0b:5e:19', 'esphome-living-room'], ['00:11:32:9f:ab:cd', 'DS920']];
const dnsmasq: FormatSpec = {
  name: 'dnsmasq',
  split: 'tuned',
  description: 'dnsmasq 2.90 under Pi-hole 5 (pihole.log, `dnsmasq[pid]:`): queries by type, forwarded/reply/cached answers (addresses, CNAME chains, NXDOMAIN, NODATA), gravity-blocked domains, hosts-file answers, PTR lookups, DHCP DISCOVER/OFFER/REQUEST/ACK/RELEASE under `dnsmasq-dhcp`, cache and packet-size warnings, list reloads',
  tickMs: 700,
  templates: [
    {
      w: 30,
      make: (g) => {
        const [name, answers] = g.pickSkewed(DOMAINS);
        const aaaa = g.chance(0.35);
        const from = g.pick(LAN);
        const out = [dm(g, T`query[${v(aaaa ? 'AAAA' : 'A')}] ${v(name)} from ${v(from)}`)];
        const cached = g.chance(0.55);
        if (!cached) out.push(dm(g, T`forwarded ${v(name)} to ${v(g.pick(UPSTREAMS))}`));
        const emit = (x: string) => (cached ? dm(g, T`cached ${v(name)} is ${v(x)}`) : dm(g, T`reply ${v(name)} is ${v(x)}`));
        if (aaaa && g.chance(0.6)) out.push(emit('NODATA-IPv6'));
        else for (const a of answers) out.push(emit(aaaa && !a.startsWith('<') ? `2a00:1450:4001:${g.hex(3)}::${g.hex(4)}` : a));
        return out;
      },
    },
    {
      w: 10,
      make: (g) => {
        const name = g.pick(BLOCKED);
        return [dm(g, T`query[${v(g.pick(['A', 'A', 'AAAA', 'HTTPS']))}] ${v(name)} from ${v(g.pick(LAN))}`), dm(g, T`gravity blocked ${v(name)} is ${v(g.pick(['0.0.0.0', '0.0.0.0', '::']))}`)];
      },
    },
    {
      w: 3,
      make: (g) => {
        const name = `${g.pick(['wpad', 'kubernetes.default.svc', 'printer', '_ldap._tcp.dc._msdcs'])}.${g.pick(['lan', 'home'])}`;
        return [dm(g, T`query[${v(g.pick(['A', 'SRV']))}] ${v(name)} from ${v(g.pick(LAN))}`), dm(g, T`forwarded ${v(name)} to ${v(g.pick(UPSTREAMS))}`), dm(g, T`reply ${v(name)} is ${v('NXDOMAIN')}`)];
      },
    },
    {
      w: 4,
      make: (g) => {
        const [name, ip] = g.pick(HOSTS);
        return [dm(g, T`query[${v('A')}] ${v(name)} from ${v(g.pick(LAN))}`), dm(g, T`${v(g.pick(['/etc/pihole/custom.list', '/etc/hosts']))} ${v(name)} is ${v(ip)}`)];
      },
    },
    {
      w: 4,
      make: (g) => {
        const known = g.chance(0.6);
        const [host, ip] = known ? g.pick(HOSTS) : ['', `192.168.1.${g.int(100, 199)}`];
        const rev = `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
        const answer = known ? dm(g, T`${v('/etc/pihole/custom.list')} ${v(ip)} is ${v(host)}`) : dm(g, T`config ${v(ip)} is ${v('NXDOMAIN')}`);
        return [dm(g, T`query[${v('PTR')}] ${v(rev)} from ${v(g.pick(LAN))}`), answer];
      },
    },
    {
      w: 4,
      make: (g) => {
        const [mac, host] = g.pick(DEVICES);
        const ip = `192.168.1.${g.int(100, 199)}`;
        return [dhcp(g, T`DHCPREQUEST(${v('eth0')}) ${v(ip)} ${v(mac)}`), dhcp(g, T`DHCPACK(${v('eth0')}) ${v(ip)} ${v(mac)} ${v(host)}`)];
      },
    },
    {
      w: 1,
      make: (g) => {
        const [mac, host] = g.pick(DEVICES);
        const ip = `192.168.1.${g.int(100, 199)}`;
        return [dhcp(g, T`DHCPDISCOVER(${v('eth0')}) ${v(mac)}`), dhcp(g, T`DHCPOFFER(${v('eth0')}) ${v(ip)} ${v(mac)}`), dhcp(g, T`DHCPREQUEST(${v('eth0')}) ${v(ip)} ${v(mac)}`), dhcp(g, T`DHCPACK(${v('eth0')}) ${v(ip)} ${v(mac)} ${v(host)}`)];
      },
    },
    { w: 0.8, make: (g) => { const [mac] = g.pick(DEVICES); return dhcp(g, T`DHCPRELEASE(${v('eth0')}) ${v(`192.168.1.${g.int(100, 199)}`)} ${v(mac)}`); } },
    { w: 0.8, make: (g) => dm(g, T`Maximum number of concurrent DNS queries reached (max: ${v(150)})`) },
    { w: 0.5, make: (g) => dm(g, T`reducing DNS packet size for nameserver ${v(g.pick(UPSTREAMS))} to ${v(1280)}`) },
    {
      w: 0.3,
      make: (g) => [
        dm(g, T`read ${v('/etc/hosts')} - ${v(8)} names`),
        dm(g, T`read ${v('/etc/pihole/custom.list')} - ${v(g.int(3, 6))} names`),
        dm(g, T`read ${v('/etc/pihole/local.list')} - ${v(2)} names`),
      ],
    },
    {
      w: 0.08,
      make: (g) => [
        dm(g, T`exiting on receipt of SIGTERM`),
        dm(g, T`started, version ${v('pi-hole-v2.90+1')} cachesize ${v(10000)}`),
        dm(g, T`DNSSEC validation ${v('disabled')}`),
        dm(g, T`using nameserver ${v('1.1.1.1#53')}`),
        dm(g, T`using nameserver ${v('9.9.9.9#53')}`),
        dm(g, T`read ${v('/etc/hosts')} - ${v(8)} names`),
        dm(g, T`read ${v('/etc/pihole/custom.list')} - ${v(4)} names`),
        dm(g, T`read ${v('/etc/pihole/local.list')} - ${v(2)} names`),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 99. Home Assistant Core 2024.6 `home-assistant.log` (`%(asctime)s.%(msecs)03d %(levelname)s
// (%(threadName)s) [%(name)s] %(message)s`): the level and the logger are part of the statement,
// the thread a header variable; tracebacks follow their error line line by line. A coordinator's
// "Error fetching" is written by each integration's own logger, so each integration's line is a
// template of its own.

const haTime = (g: Gen) => { const d = new Date(g.now); return `${ymd(d, '-')} ${hms(d)}.${p3(d.getUTCMilliseconds())}`; };
const ha = (g: Gen, level: string, thread: string, logger: string, msg: Made): Made => cat(T`${v(haTime(g))} ${level} (${v(thread)}) [${logger}] `, msg);
const worker = (g: Gen) => `SyncWorker_${g.int(0, 11)}`;
const ESP = [['living-room-sensor', '192.168.1.61'], ['garage-door', '192.168.1.64'], ['bedroom-climate', '192.168.1.67']];
const COORDS: Array<[string, string, (g: Gen) => string]> = [
  ['homeassistant.components.met', 'met', () => 'Timeout fetching weather data'],
  ['homeassistant.components.shelly', 'shellyplus1pm-kitchen', (g) => g.pick(['Error fetching data: DeviceConnectionError()', 'Timeout fetching data'])],
  ['custom_components.solcast_solar', 'solcast_solar', (g) => `Solcast API is busy, status ${g.pick([429, 502])}`],
];
const HA_TB: Array<[string, number, string, string]> = [
  ['/usr/local/lib/python3.12/site-packages/aiohttp/connector.py', 1025, '_wrap_create_connection', 'return await self._loop.create_connection(*args, **kwargs)'],
  ['/usr/local/lib/python3.12/asyncio/base_events.py', 1133, 'create_connection', 'raise OSError(\'Multiple exceptions: {}\'.format('],
  ['/usr/src/homeassistant/homeassistant/components/cast/helpers.py', 298, 'fetch_playlist', 'async with session.get(url, timeout=aiohttp.ClientTimeout(total=10)) as resp:'],
];
const SENSORS = ['sensor.outdoor_temperature', 'sensor.nas_cpu_load', 'sensor.washing_machine_power', 'binary_sensor.front_door', 'climate.bedroom', 'media_player.living_room_tv'];
const homeAssistant: FormatSpec = {
  name: 'home-assistant',
  split: 'tuned',
  description: 'Home Assistant Core 2024.6 home-assistant.log (`time LEVEL (thread) [logger] message`): slow updates and polling, coordinator fetch errors and recoveries per integration, invalid-auth bans, ESPHome reconnects, MQTT disconnects, template warnings, unretrieved task exceptions with tracebacks line by line, custom-integration warnings at start-up',
  tickMs: 5000,
  templates: [
    { w: 12, make: (g) => ha(g, 'WARNING', 'MainThread', 'homeassistant.components.sensor', T`Updating ${v(g.pick(['systemmonitor', 'speedtestdotnet', 'synology_dsm', 'fritzbox_callmonitor']))} sensor took longer than the scheduled update interval ${v(g.pick(['0:00:30', '0:01:00', '0:00:15']))}`) },
    { w: 10, make: (g) => ha(g, 'WARNING', 'MainThread', 'homeassistant.helpers.entity', T`Update of ${v(g.pick(SENSORS))} is taking over ${v(10)} seconds`) },
    ...COORDS.map(([logger, name, err]) => ({ w: 4, make: (g: Gen) => ha(g, 'ERROR', 'MainThread', logger, T`Error fetching ${v(name)} data: ${v(err(g))}`) })),
    ...COORDS.map(([logger, name]) => ({ w: 3, make: (g: Gen) => ha(g, 'INFO', 'MainThread', logger, T`Fetching ${v(name)} data recovered`) })),
    { w: 5, make: (g) => { const ip = g.chance(0.5) ? `192.168.1.${g.int(20, 199)}` : g.publicIp(); return ha(g, 'WARNING', 'MainThread', 'homeassistant.components.http.ban', T`Login attempt or request with invalid authentication from ${v(ip)} (${v(ip)}). Requested URL: '${v(g.pick(['/auth/token', '/api/websocket', '/api/states', '/auth/login_flow/' + g.hex(32)]))}'. (${v(g.pick(USER_AGENTS))})`); } },
    { w: 6, make: (g) => { const [n, ip] = g.pick(ESP); return ha(g, 'WARNING', 'MainThread', 'aioesphomeapi.reconnect_logic', T`Can't connect to ESPHome API for ${v(`${n} @ ${ip}`)}: ${v(g.pick([`Error connecting to [AddrInfo(family=<AddressFamily.AF_INET: 2>, type=<SocketKind.SOCK_STREAM: 1>, proto=6, sockaddr=IPv4Sockaddr(address='${ip}', port=6053))]: [Errno 113] Connect call failed ('${ip}', 6053)`, `Timeout while connecting to [AddrInfo(family=<AddressFamily.AF_INET: 2>, type=<SocketKind.SOCK_STREAM: 1>, proto=6, sockaddr=IPv4Sockaddr(address='${ip}', port=6053))]`]))} (${v(g.pick(['SocketAPIError', 'TimeoutAPIError']))})`); } },
    { w: 3, make: (g) => { const [n, ip] = g.pick(ESP); return ha(g, 'INFO', 'MainThread', 'homeassistant.components.esphome.manager', T`Successfully connected to ${v(`${n} @ ${ip}`)} in ${v(g.float(0.01, 2, 3))}s`); } },
    { w: 2, make: (g) => ha(g, 'WARNING', 'MainThread', 'homeassistant.components.mqtt.client', T`Disconnected from MQTT server ${v('core-mosquitto')}:${v(1883)} (${v(g.pick([7, 16]))})`) },
    { w: 2, make: (g) => ha(g, 'INFO', 'MainThread', 'homeassistant.components.mqtt.client', T`Connected to MQTT server ${v('core-mosquitto')}:${v(1883)} (${v(0)})`) },
    { w: 4, make: (g) => ha(g, 'WARNING', 'MainThread', 'homeassistant.helpers.template', T`Template variable warning: ${v(g.pick(["'dict object' has no attribute 'temperature'", "'None' has no attribute 'attributes'", "'value_json' is undefined"]))} when rendering '${v(g.pick(['{{ value_json.temperature }}', "{{ states.sensor.outdoor_temperature.attributes.unit }}", '{{ value_json.battery | int }}']))}'`) },
    {
      w: 1.5,
      make: (g) => {
        const host = g.pick(['192.168.1.80', 'radio.example.net']);
        const port = g.pick([80, 8009, 443]);
        const out = [ha(g, 'ERROR', 'MainThread', 'homeassistant', T`Error doing job: ${v('Task exception was never retrieved')}`), T`Traceback (most recent call last):`];
        for (const [f, l, fn, src] of HA_TB) out.push(T`  File "${v(f)}", line ${v(l)}, in ${v(fn)}`, T`    ${v(src)}`);
        out.push(T`${v('aiohttp.client_exceptions.ClientConnectorError')}: ${v(`Cannot connect to host ${host}:${port} ssl:default [Connect call failed ('${host}', ${port})]`)}`);
        return out;
      },
    },
    {
      w: 0.4,
      make: (g) => [
        ...['hacs', 'solcast_solar', 'alexa_media', 'browser_mod'].map((c) => ha(g, 'WARNING', worker(g), 'homeassistant.loader', T`We found a custom integration ${v(c)} which has not been tested by Home Assistant. This component might cause stability problems, be sure to disable it if you experience issues with Home Assistant`)),
        ha(g, 'WARNING', 'MainThread', 'homeassistant.bootstrap', T`Waiting on integrations to complete setup: ${v(g.pick(['shelly', 'esphome, cast', 'synology_dsm']))}`),
        ha(g, 'INFO', 'MainThread', 'homeassistant.bootstrap', T`Home Assistant initialized in ${v(g.float(8, 60, 2))}s`),
      ],
    },
  ],
};

export const ROUND14_FORMATS: readonly FormatSpec[] = [...ROUND14_FORMATS_A, gitea, dnsmasq, homeAssistant];
