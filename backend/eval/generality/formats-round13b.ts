// Generality set, round 13 (part 2): Apache Solr, Ansible's log_path file and ClamAV (clamd and
// freshclam). Written before any round-13 miner change; UNTOUCHED (see formats-round13.ts).
import { Gen, T, v, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';
import { ROUND13_FORMATS_A } from './formats-round13.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MON3 = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// ---------------------------------------------------------------------------------------------
// 90. Apache Solr 9.6 SolrCloud node, `solr.log` (log4j2 pattern `%d %-5p (%t) [MDC] %c{1.} %m`
// with ` =>%ex{short}` after a message that carries an exception, then the full trace line by
// line). The MDC bracket (`c: s: r: x:`) is a header: its values are variables. Request lines
// (`webapp= path= params= hits= status= QTime=`) are key=value lists: the keys are the statement.

const COLLS = ['products', 'logs', 'customers'];
const solrTime = (g: Gen) => new Date(g.now).toISOString().replace('T', ' ').replace('Z', '');
function mdc(g: Gen): Made {
  const c = g.pick(COLLS);
  const s = `shard${g.int(1, 2)}`;
  const r = `core_node${g.pick([2, 4, 6])}`;
  return T`[c:${v(c)} s:${v(s)} r:${v(r)} x:${v(`${c}_${s}_replica_n${g.pick([1, 3, 5])}`)}]`;
}
const qtp = (g: Gen) => `qtp${g.pick([1543525494, 1820313785])}-${g.int(14, 240)}`;
function solr(g: Gen, level: string, thread: string, core: boolean, logger: string, msg: Made): Made {
  return cat(T`${v(solrTime(g))} ${level.padEnd(5)} (${v(thread)}) `, core ? mdc(g) : T`[]`, T` ${logger} `, msg);
}
const selectParams = (g: Gen) =>
  g.pick([
    `{q=*:*&rows=${g.pick([0, 10, 50])}&wt=json}`,
    `{q=name:${g.pick(['shoes', 'lamp', 'usb'])}&fq=category:${g.pick(['home', 'sport'])}&facet=true&facet.field=brand&rows=24&start=${g.int(0, 9) * 24}&wt=json}`,
    `{df=_text_&distrib=false&fl=id&fl=score&shards.purpose=16404&start=0&fsv=true&shard.url=http://solr-${g.int(0, 2)}.solr-headless:8983/solr/products_shard1_replica_n1/&rows=10&version=2&q=*:*&NOW=${g.now}&isShard=true&wt=javabin}`,
    `{sort=timestamp+desc&q=level:ERROR+AND+service:${g.pick(['api', 'checkout'])}&rows=100&wt=json}`,
  ]);
const SOLR_FRAMES = [
  'org.apache.solr.schema.IndexSchema.getField(IndexSchema.java:1401) ~[?:?]',
  'org.apache.solr.search.SolrQueryParser.getField(SolrQueryParser.java:88) ~[?:?]',
  'org.apache.solr.parser.SolrQueryParserBase.handleBareTokenQuery(SolrQueryParserBase.java:779) ~[?:?]',
  'org.apache.solr.handler.component.QueryComponent.prepare(QueryComponent.java:179) ~[?:?]',
  'org.apache.solr.handler.component.SearchHandler.handleRequestBody(SearchHandler.java:437) ~[?:?]',
  'org.apache.solr.handler.RequestHandlerBase.handleRequest(RequestHandlerBase.java:226) ~[?:?]',
  'org.apache.solr.core.SolrCore.execute(SolrCore.java:2901) ~[?:?]',
  'org.apache.solr.servlet.HttpSolrCall.execute(HttpSolrCall.java:875) ~[?:?]',
];
const solrNode: FormatSpec = {
  name: 'solr',
  split: 'tuned',
  description: 'Apache Solr 9.6 SolrCloud node solr.log: select/update request lines with params, slow requests, admin requests, commits and searchers, ZooKeeper state changes, recovery, client exceptions with `=>` and Java frames line by line',
  tickMs: 900,
  templates: [
    { w: 30, make: (g) => solr(g, 'INFO', qtp(g), true, 'o.a.s.c.S.Request', T`webapp=${v('/solr')} path=${v('/select')} params=${v(selectParams(g))} hits=${v(g.int(0, 90000))} status=${v(0)} QTime=${v(g.int(0, 300))}`) },
    {
      w: 12,
      make: (g) => {
        const ids = Array.from({ length: g.int(1, 3) }, () => `sku-${g.int(10000, 99999)} (${g.int(1800000000, 1899999999)}${g.int(100000000, 999999999)})`).join(', ');
        return solr(g, 'INFO', qtp(g), true, 'o.a.s.u.p.LogUpdateProcessorFactory', T`webapp=${v('/solr')} path=${v('/update')} params=${v(`{update.distrib=${g.pick(['FROMLEADER', 'TOLEADER'])}&distrib.from=http://solr-${g.int(0, 2)}.solr-headless:8983/solr/products_shard1_replica_n1/&wt=javabin&version=2}{add=[${ids}]}`)} ${v(0)} ${v(g.int(1, 90))}`);
      },
    },
    { w: 8, make: (g) => solr(g, 'INFO', qtp(g), false, 'o.a.s.s.HttpSolrCall', T`[admin] webapp=${v('null')} path=${v(g.pick(['/admin/metrics', '/admin/info/system', '/admin/collections']))} params=${v(g.pick(['{wt=json}', '{group=solr.jvm,solr.node&prefix=CONTAINER.fs,gc.,memory.&wt=json}', '{action=CLUSTERSTATUS&wt=json}']))} status=${v(0)} QTime=${v(g.int(0, 90))}`) },
    { w: 4, make: (g) => solr(g, 'WARN', qtp(g), true, 'o.a.s.c.S.SlowRequest', T`slow: webapp=${v('/solr')} path=${v('/select')} params=${v(selectParams(g))} hits=${v(g.int(0, 900000))} status=${v(0)} QTime=${v(g.int(1000, 9000))}`) },
    { w: 4, make: (g) => solr(g, 'INFO', `commitScheduler-${g.int(10, 40)}-thread-1`, true, 'o.a.s.u.DirectUpdateHandler2', T`start commit{${v(`_version_=${g.int(1800000000, 1899999999)}${g.int(100000000, 999999999)},optimize=false,openSearcher=${g.pick(['true', 'false'])},waitSearcher=true,expungeDeletes=false,softCommit=${g.pick(['true', 'false'])},prepareCommit=false`)}}`) },
    { w: 4, make: (g) => solr(g, 'INFO', `commitScheduler-${g.int(10, 40)}-thread-1`, true, 'o.a.s.u.DirectUpdateHandler2', T`end_commit_flush`) },
    { w: 4, make: (g) => solr(g, 'INFO', `commitScheduler-${g.int(10, 40)}-thread-1`, true, 'o.a.s.s.SolrIndexSearcher', T`Opening [${v(`Searcher@${g.hex(8)}[${g.pick(COLLS)}_shard1_replica_n1] main`)}]`) },
    { w: 4, make: (g) => solr(g, 'INFO', `searcherExecutor-${g.int(10, 40)}-thread-1`, true, 'o.a.s.c.SolrCore', T`Registered new searcher autowarm time: ${v(g.int(0, 40))} ms`) },
    { w: 4, make: (g) => { const c = g.pick(COLLS); return solr(g, 'INFO', `zkCallback-${g.int(10, 20)}-thread-${g.int(1, 9)}`, false, 'o.a.s.c.c.ZkStateReader', T`A cluster state change: [${v(`WatchedEvent state:SyncConnected type:NodeDataChanged path:/collections/${c}/state.json zxid: ${g.int(4000000, 9000000)}`)}] for collection [${v(c)}] has occurred - updating... (live nodes size: [${v(g.int(2, 3))}])`); } },
    { w: 2, make: (g) => solr(g, 'INFO', `recoveryExecutor-${g.int(10, 20)}-thread-1-processing-${g.pick(COLLS)}_shard1_replica_n3`, true, 'o.a.s.c.RecoveryStrategy', T`Starting recovery process. recoveringAfterStartup=${v(g.pick(['true', 'false']))}`) },
    {
      w: 3,
      make: (g) => {
        const field = g.pick(['price_x', 'colour', 'created_at_dt']);
        const cls = 'org.apache.solr.common.SolrException';
        const text = `undefined field ${field}`;
        const n = g.int(3, SOLR_FRAMES.length);
        return [
          solr(g, 'ERROR', qtp(g), true, 'o.a.s.h.RequestHandlerBase', T`Client exception => ${v(cls)}: ${v(text)}`),
          T`\tat ${v(SOLR_FRAMES[0].replace(' ~[?:?]', ''))}`,
          T`${v(cls)}: ${v(text)}`,
          ...SOLR_FRAMES.slice(0, n).map((f) => T`\tat ${v(f)}`),
        ];
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 91. Ansible core 2.16 `ansible.log` (log_path: `%(asctime)s p=%(process)d u=%(user)s
// n=%(name)s | %(message)s`), the default stdout callback's display: PLAY/TASK/RUNNING HANDLER
// banners padded with `*` to 80 columns (the padding's length follows the name: a parameter),
// per-host results (`ok:`, `changed:`, `skipping:`, with `=> (item=...)` in loops), failures with
// their JSON result, the recap's `%-26s : ok=%-4s ...` lines, warnings.

const A_HOSTS = ['web01', 'web02', 'web03', 'db01', 'db02', 'lb01'];
const A_TASKS = ['Gathering Facts', 'common : Install base packages', 'common : Configure chrony', 'nginx : Install nginx', 'nginx : Template site config', 'app : Deploy release', 'app : Run migrations', 'postgres : Ensure databases exist'];
const A_HANDLERS = ['nginx : reload nginx', 'common : restart chronyd', 'app : restart app'];
function ans(g: Gen, msg: Made): Made {
  const d = new Date(g.now);
  const t = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())},${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
  return cat(T`${v(t)} p=${v(g.pick([48211, 51377, 60932]))} u=${v(g.pick(['deploy', 'jenkins']))} n=ansible | `, msg);
}
const stars = (head: string) => '*'.repeat(Math.max(3, 79 - head.length));
const banner = (g: Gen, kind: string, name: string) => ans(g, T`${kind} [${v(name)}] ${v(stars(`${kind} [${name}]`))}`);
const item = (g: Gen) => g.pick(['nginx', 'curl', 'htop', 'python3-psycopg2', "{'name': 'orders', 'owner': 'app'}", '/etc/nginx/sites-enabled/default']);
const ansible: FormatSpec = {
  name: 'ansible',
  split: 'tuned',
  description: "Ansible core 2.16 ansible.log (log_path, default callback): PLAY/TASK/RUNNING HANDLER banners, ok/changed/skipping per host and per loop item, FAILED! and UNREACHABLE! results with JSON, ignoring, included files, PLAY RECAP lines, interpreter and deprecation warnings",
  tickMs: 1500,
  templates: [
    { w: 14, make: (g) => banner(g, 'TASK', g.pick(A_TASKS)) },
    { w: 22, make: (g) => ans(g, T`ok: [${v(g.pick(A_HOSTS))}]`) },
    { w: 12, make: (g) => ans(g, T`changed: [${v(g.pick(A_HOSTS))}]`) },
    { w: 8, make: (g) => ans(g, T`skipping: [${v(g.pick(A_HOSTS))}]`) },
    { w: 6, make: (g) => ans(g, T`ok: [${v(g.pick(A_HOSTS))}] => (item=${v(item(g))})`) },
    { w: 6, make: (g) => ans(g, T`changed: [${v(g.pick(A_HOSTS))}] => (item=${v(item(g))})`) },
    { w: 2, make: (g) => banner(g, 'RUNNING HANDLER', g.pick(A_HANDLERS)) },
    { w: 2, make: (g) => ans(g, T`included: ${v(`/home/deploy/infra/roles/${g.pick(['app', 'nginx', 'common'])}/tasks/${g.pick(['install', 'config', 'debian'])}.yml`)} for ${v(g.pick(['web01, web02, web03', 'db01, db02', 'web01']))}`) },
    {
      w: 3,
      make: (g) => {
        const res = g.pick([
          `{"changed": false, "msg": "No package matching 'ngnix' is available"}`,
          `{"changed": true, "cmd": ["/opt/app/bin/migrate", "up"], "delta": "0:00:0${g.int(1, 9)}.${g.int(100000, 999999)}", "end": "2024-06-12 10:${p2(g.int(0, 59))}:${p2(g.int(0, 59))}.${g.int(100000, 999999)}", "msg": "non-zero return code", "rc": ${g.int(1, 2)}, "start": "2024-06-12 10:${p2(g.int(0, 59))}:${p2(g.int(0, 59))}.${g.int(100000, 999999)}", "stderr": "ERROR: relation \\"orders\\" already exists", "stderr_lines": ["ERROR: relation \\"orders\\" already exists"], "stdout": "", "stdout_lines": []}`,
          `{"changed": false, "checksum": "${g.hex(40)}", "msg": "Destination directory /etc/app does not exist"}`,
        ]);
        const out = [ans(g, T`fatal: [${v(g.pick(A_HOSTS))}]: FAILED! => ${v(res)}`)];
        if (g.chance(0.4)) out.push(ans(g, T`...ignoring`));
        return out;
      },
    },
    { w: 2, make: (g) => { const h = g.pick(A_HOSTS); return ans(g, T`fatal: [${v(h)}]: UNREACHABLE! => ${v(`{"changed": false, "msg": "Failed to connect to the host via ssh: ssh: connect to host ${h}.corp.example.com port 22: ${g.pick(['Connection timed out', 'No route to host'])}", "unreachable": true}`)}`); } },
    { w: 2, make: (g) => ans(g, T`[WARNING]: Platform linux on host ${v(g.pick(A_HOSTS))} is using the discovered Python interpreter at ${v(g.pick(['/usr/bin/python3.11', '/usr/bin/python3.12']))}, but future installation of another Python interpreter could change the meaning of that path. See https://docs.ansible.com/ansible-core/2.16/reference_appendices/interpreter_discovery.html for more information.`) },
    {
      w: 1.5,
      make: (g) => {
        const play = g.pick(['Configure web tier', 'Configure databases', 'Deploy application', 'all']);
        const hosts = A_HOSTS.slice(0, g.int(2, A_HOSTS.length));
        return [
          banner(g, 'PLAY', play),
          ans(g, T`PLAY RECAP *********************************************************************`),
          ...hosts.map((h) => {
            const n = (x: number) => v(String(x).padEnd(4));
            const failed = g.chance(0.2) ? 1 : 0;
            return ans(g, T`${v(h.padEnd(26))} : ok=${n(g.int(3, 40))} changed=${n(g.int(0, 12))} unreachable=${n(0)} failed=${n(failed)} skipped=${n(g.int(0, 9))} rescued=${n(0)} ignored=${n(g.int(0, 1))}`);
          }),
        ];
      },
    },
    { w: 0.7, make: (g) => ans(g, T`[DEPRECATION WARNING]: ${v(g.pick(['community.general.yarn', 'ansible.builtin.include']))} has been deprecated. This feature will be removed from ansible-core in version ${v('2.19')}. Deprecation warnings can be disabled by setting deprecation_warnings=False in ansible.cfg.`) },
  ],
};

// ---------------------------------------------------------------------------------------------
// 92. ClamAV 1.3 in its official Docker image: clamd and freshclam daemons on one stream, both
// with `LogTime yes` (`Wed Jun 12 10:00:00 2024 -> message`): detections (file and INSTREAM),
// SelfCheck, reloads, LibClamAV warnings; freshclam's update runs with its `---` separator.

const clamTime = (g: Gen) => {
  const d = new Date(g.now);
  return `${DAYS[d.getUTCDay()]} ${MON3[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
};
const clam = (g: Gen, msg: Made): Made => cat(T`${v(clamTime(g))} -> `, msg);
const SIGS = ['Win.Test.EICAR_HDB-1', 'Doc.Dropper.Agent-1540415', 'Html.Phishing.Bank-2187', 'Win.Trojan.Emotet-9953357-0', 'Pdf.Exploit.CVE_2018_4993-6557433-0'];
const CVDS: Array<[string, number, number, string]> = [['daily.cld', 27302, 2061234, 'raynman'], ['main.cvd', 62, 6647427, 'sigmgr'], ['bytecode.cvd', 335, 86, 'raynman']];
const clamav: FormatSpec = {
  name: 'clamav',
  split: 'tuned',
  description: 'ClamAV 1.3 official Docker image (clamd + freshclam, LogTime): file and INSTREAM detections, SelfCheck, database reloads, LibClamAV limit warnings, freshclam update runs (up-to-date, patches, tests, CDN errors, clamd notified)',
  tickMs: 30000,
  templates: [
    { w: 25, make: (g) => clam(g, T`SelfCheck: Database status OK.`) },
    { w: 8, make: (g) => clam(g, T`instream(${v(`10.0.${g.int(0, 3)}.${g.int(2, 250)}@${g.int(32768, 60999)}`)}): ${v(g.pick(SIGS))} FOUND`) },
    { w: 6, make: (g) => clam(g, T`${v(`/scan/${g.pick(['uploads', 'mail', 'shared'])}/${g.pick(['invoice_2024', 'scan', 'statement', 'setup'])}${g.int(1, 999)}.${g.pick(['pdf', 'docx', 'zip', 'exe', 'html'])}`)}: ${v(g.pick(SIGS))} FOUND`) },
    { w: 4, make: (g) => clam(g, T`LibClamAV Warning: ${v(g.pick(['cli_scanxz', 'cli_scanrar_file', 'cli_scanzip']))}: decompress file size exceeds limits - only scanning ${v(g.pick([27262976, 104857600]))} bytes`) },
    { w: 3, make: (g) => clam(g, T`LibClamAV Warning: cli_realpath: Invalid arguments.`) },
    {
      w: 6,
      make: (g) => {
        const out = [clam(g, T`--------------------------------------`), clam(g, T`ClamAV update process started at ${v(clamTime(g))}`)];
        if (g.chance(0.3)) {
          const local = g.int(27290, 27310);
          out.push(clam(g, T`daily database available for update (local version: ${v(local)}, remote version: ${v(local + 1)})`));
          out.push(clam(g, T`Current database is ${v(1)} version behind.`));
          out.push(clam(g, T`Downloading database patch # ${v(local + 1)}...`));
          out.push(clam(g, T`Testing database: '${v(`/var/lib/clamav/tmp.${g.hex(10)}/clamav-${g.hex(32)}.tmp-daily.cld`)}' ...`));
          out.push(clam(g, T`Database test passed.`));
          out.push(clam(g, T`${v('daily.cld')} updated (version: ${v(local + 1)}, sigs: ${v(g.int(2060000, 2070000))}, f-level: ${v(90)}, builder: ${v('raynman')})`));
          for (const [db, ver, sigs, b] of CVDS.slice(1)) out.push(clam(g, T`${v(db)} database is up-to-date (version: ${v(ver)}, sigs: ${v(sigs)}, f-level: ${v(90)}, builder: ${v(b)})`));
          out.push(clam(g, T`Clamd successfully notified about the update.`));
        } else if (g.chance(0.15)) {
          out.push(clam(g, T`WARNING: FreshClam received error code 429 from the ClamAV Content Delivery Network (CDN).`));
          out.push(clam(g, T`This means that you have been rate limited by the CDN.`));
          out.push(clam(g, T`WARNING: FreshClam previously received error code 429 or 403 from the ClamAV Content Delivery Network (CDN).`));
        } else {
          for (const [db, ver, sigs, b] of CVDS) out.push(clam(g, T`${v(db)} database is up-to-date (version: ${v(db === 'daily.cld' ? ver + g.int(0, 8) : ver)}, sigs: ${v(sigs)}, f-level: ${v(90)}, builder: ${v(b)})`));
        }
        return out;
      },
    },
    { w: 3, make: (g) => clam(g, T`Received signal: wake up`) },
    {
      w: 1.5,
      make: (g) => [
        clam(g, T`SelfCheck: Database modification detected. Forcing reload.`),
        clam(g, T`Reading databases from ${v('/var/lib/clamav')}`),
        clam(g, T`Database correctly reloaded (${v(g.int(8690000, 8720000))} signatures)`),
        clam(g, T`Activating the newly loaded database...`),
      ],
    },
  ],
};

export const ROUND13_FORMATS: readonly FormatSpec[] = [...ROUND13_FORMATS_A, solrNode, ansible, clamav];
