// Generality set, round 14: formats written from their own documentation and real output before
// any miner change of round 14, and UNTOUCHED: their per-format scores are printed only by
// `eval:templates --untouched` (README.md). None of them is in LogHub or in rounds 1-13:
// Vector's own log (Rust tracing), Patroni, JupyterHub on Kubernetes, the NATS server, Gitea,
// dnsmasq as Pi-hole writes it and Home Assistant.
//
// Truth conventions are README.md's: a template is one log statement, its parameters variables
// however few values they take; header fields are variables; a logger, program, source location
// or level written in a text line is part of the statement; `key=value` fields after a message
// follow the structured rule (keys constant, values variables).
import { Gen, T, v, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');
const micro = (g: Gen) => `${p3(new Date(g.now).getUTCMilliseconds())}${p3(g.int(0, 999))}`;
const ymd = (d: Date, sep: string) => `${d.getUTCFullYear()}${sep}${p2(d.getUTCMonth() + 1)}${sep}${p2(d.getUTCDate())}`;
const hms = (d: Date) => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;

// ---------------------------------------------------------------------------------------------
// 93. Vector 0.39 agent (Kubernetes DaemonSet, `kubectl logs`): tracing's fmt layer without ANSI,
// `time LEVEL span{fields}:span: target: message key=value ...`. The level is right-aligned to
// five columns; a component span carries `component_kind="..." component_id=.. component_type=..`
// (a span's fields follow the key=value rule: keys constant, values variables); the target (the
// Rust module) is a logger; the fields after the message are key=value.

const vecTime = (g: Gen) => `${new Date(g.now).toISOString().slice(0, 19)}.${micro(g)}Z`;
type Span = [kind: 'source' | 'transform' | 'sink', id: string, type: string];
const SRC: Span = ['source', 'k8s_pods', 'kubernetes_logs'];
const REMAP: Span = ['transform', 'parse_app_json', 'remap'];
const LOKI: Span = ['sink', 'loki', 'loki'];
const ES: Span = ['sink', 'es_archive', 'elasticsearch'];
function span(s: Span): Made {
  return T`${s[0]}{component_kind="${v(s[0])}" component_id=${v(s[1])} component_type=${v(s[2])}}:`;
}
function vec(g: Gen, level: string, spans: Made[], target: string, msg: Made, fields: Array<[string, string]> = []): Made {
  const head = T`${v(vecTime(g))} ${level.padStart(5)} `;
  const sp = spans.length ? cat(...spans, T` `) : T``;
  const tail = fields.map(([k, x]) => T` ${k}=${v(x)}`);
  return cat(head, sp, T`${target}: `, msg, ...tail);
}
const req = (g: Gen) => T`request{request_id=${v(g.int(1, 90000))}}:`;
const POD_LOGS = ['payments_api-7d9f8c6b5-x2x4q', 'payments_worker-5b8c9d7f4-kq9zt', 'web_frontend-6c7d8e9f0-lm3np', 'monitoring_prometheus-k8s-0', 'kube-system_coredns-76f75df574-9hjkl', 'ingress_nginx-controller-5d88495688-2xw7p'];
const podFile = (g: Gen) => {
  const [ns, pod] = g.pick(POD_LOGS).split('_');
  const c = pod.split('-')[0] === 'nginx' ? 'controller' : pod.split('-')[0];
  return `/var/log/pods/${ns}_${pod}_${g.uuid()}/${c}/${g.int(0, 3)}.log`;
};
const LOKI_ERRORS = ['Server responded with an error: 429 Too Many Requests', 'Server responded with an error: 500 Internal Server Error', 'Server responded with an error: 502 Bad Gateway', 'Failed to make HTTP(S) request: error trying to connect: tcp connect error: Connection refused (os error 111)', 'Failed to make HTTP(S) request: operation timed out'];
const vector: FormatSpec = {
  name: 'vector',
  split: 'tuned',
  description: 'Vector 0.39 agent on Kubernetes (tracing fmt: right-aligned level, component spans with key=value fields, module target, key=value fields after the message): files watched and unwatched, Loki retries and log suppression, remap failures, Elasticsearch errors and dropped events, watcher errors, start-up and config reloads',
  tickMs: 1500,
  templates: [
    { w: 18, make: (g) => vec(g, 'INFO', [span(SRC), T`file_server:`], 'vector::internal_events::file::source', T`Found new file to watch.`, [['file', podFile(g)]]) },
    { w: 10, make: (g) => vec(g, 'INFO', [span(SRC), T`file_server:`], 'vector::internal_events::file::source', T`Stopped watching file.`, [['file', podFile(g)]]) },
    { w: 16, make: (g) => vec(g, 'WARN', [span(LOKI), req(g)], 'vector::sinks::util::retries', T`Retrying after error.`, [['error', g.pickSkewed(LOKI_ERRORS)], ['internal_log_rate_limit', 'true']]) },
    { w: 8, make: (g) => vec(g, 'WARN', [span(LOKI), req(g)], 'vector::sinks::util::retries', T`Internal log [${v('Retrying after error.')}] is being suppressed to avoid flooding.`) },
    { w: 6, make: (g) => vec(g, 'WARN', [span(LOKI), req(g)], 'vector::sinks::util::retries', T`Internal log [${v('Retrying after error.')}] has been suppressed ${v(g.int(1, 400))} times.`) },
    {
      w: 9,
      make: (g) => {
        const err = g.pick([
          `function call error for "parse_json" at (${g.int(3, 9)}:${g.int(10, 40)}): unable to parse json: expected value at line 1 column 1`,
          `function call error for "parse_json" at (${g.int(3, 9)}:${g.int(10, 40)}): unable to parse json: EOF while parsing a string at line 1 column ${g.int(80, 4000)}`,
          `function call error for "parse_timestamp" at (${g.int(10, 20)}:${g.int(10, 40)}): Invalid timestamp "${g.int(1, 28)}/Jun/2024:10:${p2(g.int(0, 59))}:${p2(g.int(0, 59))}": input contains invalid characters`,
        ]);
        return vec(g, 'ERROR', [span(REMAP)], 'vector::internal_events::remap', T`Mapping failed with event.`, [['error', JSON.stringify(err)], ['error_type', '"conversion_failed"'], ['stage', '"processing"'], ['internal_log_rate_limit', 'true']]);
      },
    },
    {
      w: 4,
      make: (g) => {
        const id = g.int(1, 90000);
        const err = g.pick(['Some(Request(ResponseError { status: 413 }))', 'Some(Request(ResponseError { status: 400 }))', 'Some(Request(CallRequest { source: hyper::Error(Connect, ConnectError("tcp connect error", Os { code: 111, kind: ConnectionRefused, message: "Connection refused" })) }))']);
        return [
          vec(g, 'ERROR', [span(ES), T`request{request_id=${v(id)}}:`], 'vector_common::internal_event::service', T`Service call failed. No retries or retries exhausted.`, [['error', err], ['request_id', String(id)], ['error_type', '"request_failed"'], ['stage', '"sending"'], ['internal_log_rate_limit', 'true']]),
          vec(g, 'ERROR', [span(ES), T`request{request_id=${v(id)}}:`], 'vector_common::internal_event::component_events_dropped', T`Events dropped`, [['intentional', 'false'], ['count', String(g.int(1, 1000))], ['reason', '"Service call failed. No retries or retries exhausted."'], ['internal_log_rate_limit', 'true']]),
        ];
      },
    },
    {
      w: 4,
      make: (g) =>
        vec(g, 'WARN', [span(ES), req(g)], 'vector::sinks::elasticsearch::service', T`Response contained errors.`, [
          ['error_code', '"http_response_200"'],
          ['response', `Response { status: 200, version: HTTP/1.1, headers: {"content-type": "application/json", "content-length": "${g.int(300, 9000)}"}, body: b"{\\"took\\":${g.int(2, 900)},\\"errors\\":true,\\"items\\":[{\\"create\\":{\\"_index\\":\\"logs-${g.pick(['payments', 'web', 'monitoring'])}-2024.06.12\\",\\"status\\":400,\\"error\\":{\\"type\\":\\"document_parsing_exception\\"}}}]}" }`],
        ]),
    },
    { w: 3, make: (g) => vec(g, 'WARN', [span(SRC), T`file_server:`], 'vector::internal_events::file::source', T`Currently ignoring file too small to fingerprint.`, [['file', podFile(g)]]) },
    {
      w: 3,
      make: (g) => {
        const f = podFile(g);
        const ev = `Log(LogEvent { inner: Inner { fields: Object({"file": Bytes(b"${f}"), "message": Bytes(b"${g.pick(['GET /healthz 200', 'level=info msg=\\"reconciling\\"', 'Started worker'])}"), "source_type": Bytes(b"kubernetes_logs"), "stream": Bytes(b"${g.pick(['stdout', 'stderr'])}"), "timestamp": Timestamp(${new Date(g.now).toISOString()})}), size_cache: AtomicCell { value: None }, json_encoded_size_cache: AtomicCell { value: None } }, metadata: EventMetadata { .. } })`;
        return vec(g, 'ERROR', [span(SRC)], 'vector::internal_events::kubernetes_logs', T`Failed to annotate event with pod metadata.`, [['event', ev], ['error_code', '"annotation_failed"'], ['error_type', '"reader_failed"'], ['stage', '"processing"'], ['internal_log_rate_limit', 'true']]);
      },
    },
    {
      w: 2,
      make: (g) =>
        vec(g, 'WARN', [span(SRC)], 'vector::kubernetes::reflector', T`Watcher Stream received an error. Retrying.`, [
          ['error', g.pick([`InitialListFailed(Api(ErrorResponse { status: "Failure", message: "the server has received too many requests and has asked us to try again later", reason: "TooManyRequests", code: 429 }))`, `WatchStartFailed(HyperError(hyper::Error(Connect, ConnectError("tcp connect error", Os { code: 110, kind: TimedOut, message: "Connection timed out" }))))`, `WatchError(ErrorResponse { status: "Failure", message: "too old resource version: ${g.int(1000000, 9000000)} (${g.int(1000000, 9000000)})", reason: "Expired", code: 410 })`])],
        ]),
    },
    {
      w: 0.6,
      make: (g) => [
        vec(g, 'INFO', [], 'vector::config::watcher', T`Configuration file changed.`),
        vec(g, 'INFO', [], 'vector::topology::running', T`Reloading running topology with new configuration.`),
        vec(g, 'INFO', [], 'vector::topology::builder', T`Healthcheck passed.`),
        vec(g, 'INFO', [], 'vector::topology::running', T`New configuration loaded successfully.`),
      ],
    },
    {
      w: 0.3,
      make: (g) => [
        vec(g, 'INFO', [], 'vector::app', T`Log level is enabled.`, [['level', '"info"']]),
        vec(g, 'INFO', [], 'vector::app', T`Loading configs.`, [['paths', '["/etc/vector"]']]),
        vec(g, 'INFO', [span(SRC)], 'vector::sources::kubernetes_logs', T`Obtained Kubernetes Node name to collect logs for (self).`, [['self_node_name', `"ip-10-0-${g.int(1, 9)}-${g.int(10, 250)}.eu-west-1.compute.internal"`]]),
        vec(g, 'INFO', [], 'vector::topology::running', T`Running healthchecks.`),
        vec(g, 'INFO', [], 'vector::topology::builder', T`Healthcheck passed.`),
        vec(g, 'INFO', [], 'vector::topology::builder', T`Healthcheck passed.`),
        vec(g, 'INFO', [], 'vector', T`Vector has started.`, [['debug', '"false"'], ['version', '"0.39.0"'], ['arch', '"x86_64"'], ['revision', '"73da9bb 2024-06-17 16:00:23.791735272"']]),
        vec(g, 'INFO', [], 'vector::app', T`API is disabled, enable by setting \`api.enabled\` to \`true\` and use commands like \`vector top\`.`),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 94. Patroni 3.3 on Kubernetes (DCS = Kubernetes), its default format `%(asctime)s
// %(levelname)s: %(message)s`, the three members' pods on one stream, with PostgreSQL 16's own
// stderr lines between (`%m [%p] `) and its `server promoting` line, which has no prefix at all.
// HA-loop lines once per member per loop_wait, REST-API errors, Kubernetes API errors with Python
// tracebacks (line by line), a switchover.

const MEMBERS = ['pg-main-0', 'pg-main-1', 'pg-main-2'];
const memberIp = (m: string) => `10.0.${MEMBERS.indexOf(m) + 1}.${MEMBERS.indexOf(m) * 7 + 12}`;
const patTime = (g: Gen) => { const d = new Date(g.now); return `${ymd(d, '-')} ${hms(d)},${p3(d.getUTCMilliseconds())}`; };
const pat = (g: Gen, level: string, msg: Made): Made => cat(T`${v(patTime(g))} ${level}: `, msg);
const pgLine = (g: Gen, msg: Made): Made => { const d = new Date(g.now); return cat(T`${v(`${ymd(d, '-')} ${hms(d)}.${p3(d.getUTCMilliseconds())} UTC`)} [${v(g.int(60, 4000))}] LOG:  `, msg); };
const lsn = (g: Gen) => `${g.int(0, 2).toString(16).toUpperCase()}/${g.int(0x1000000, 0xfffffff).toString(16).toUpperCase()}`;
function memberJson(g: Gen, m: string, role: 'primary' | 'replica'): string {
  const loc = g.int(50000000, 900000000);
  const xlog = role === 'primary' ? `{"location": ${loc}}` : `{"received_location": ${loc}, "replayed_location": ${loc - g.int(0, 4000)}, "replayed_timestamp": "2024-06-12 10:${p2(g.int(0, 59))}:${p2(g.int(0, 59))}.${g.int(100000, 999999)}+00:00", "paused": false}`;
  return `{"state": "running", "postmaster_start_time": "2024-06-11 22:${p2(g.int(0, 59))}:${p2(g.int(0, 59))}.${g.int(100000, 999999)}+00:00", "role": "${role}", "server_version": 160003, "xlog": ${xlog}, "timeline": ${g.int(3, 4)}, "dcs_last_seen": ${Math.floor(g.now / 1000) - g.int(0, 9)}, "database_system_identifier": "7379284651028475921", "patroni": {"version": "3.3.0", "scope": "pg-main", "name": "${m}"}}`;
}
const TB_K8S: Array<[string, number, string, string]> = [
  ['/usr/local/lib/python3.11/site-packages/patroni/dcs/kubernetes.py', 1040, '_load_cluster', 'self._wait_caches(stop_time)'],
  ['/usr/local/lib/python3.11/site-packages/patroni/dcs/kubernetes.py', 988, '_wait_caches', "raise RetryFailedError('Exceeded retry deadline')"],
];
const patroni: FormatSpec = {
  name: 'patroni',
  split: 'tuned',
  description: "Patroni 3.3 on Kubernetes, three members on one stream (`%(asctime)s %(levelname)s: %(message)s`): HA-loop 'no action' lines, lock owners, new connections, REST and Kubernetes API failures, member responses as JSON, PostgreSQL checkpoint lines between, a switchover, tracebacks line by line",
  tickMs: 2500,
  templates: [
    { w: 28, make: (g) => pat(g, 'INFO', T`no action. I am (${v('pg-main-0')}), the leader with the lock`) },
    { w: 50, make: (g) => { const m = g.pick(MEMBERS.slice(1)); return pat(g, 'INFO', T`no action. I am (${v(m)}), a secondary, and following a leader (${v('pg-main-0')})`); } },
    { w: 4, make: (g) => { const m = g.pick(MEMBERS); return pat(g, 'INFO', T`Lock owner: ${v('pg-main-0')}; I am ${v(m)}`); } },
    { w: 2, make: (g) => pat(g, 'INFO', T`establishing a new patroni heartbeat connection to postgres`) },
    { w: 2, make: (g) => pat(g, 'INFO', T`establishing a new patroni restapi connection to postgres`) },
    {
      w: 3,
      make: (g) => {
        const m = g.pick(MEMBERS);
        const ip = memberIp(m);
        const why = g.pick([`Max retries exceeded with url: /patroni (Caused by ProtocolError('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer')))`, `Read timed out. (read timeout=2)`, `Max retries exceeded with url: /patroni (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f${g.hex(10)}>: Failed to establish a new connection: [Errno 111] Connection refused'))`]);
        return pat(g, 'WARNING', T`Request failed to ${v(m)}: GET ${v(`http://${ip}:8008/patroni`)} (${v(`HTTPConnectionPool(host='${ip}', port=8008): ${why}`)})`);
      },
    },
    { w: 3, make: (g) => pat(g, 'ERROR', T`Request to server ${v('https://10.96.0.1:443')} failed: ${v(g.pick([`ReadTimeoutError("HTTPSConnectionPool(host='10.96.0.1', port=443): Read timed out. (read timeout=${g.float(2, 5, 14)})")`, `MaxRetryError("HTTPSConnectionPool(host='10.96.0.1', port=443): Max retries exceeded with url: /api/v1/namespaces/db/pods?labelSelector=application%3Dspilo%2Ccluster-name%3Dpg-main (Caused by ProtocolError('Connection aborted.', RemoteDisconnected('Remote end closed connection without response')))")`]))}`) },
    { w: 2, make: (g) => pat(g, 'WARNING', T`Loop time exceeded, rescheduling immediately.`) },
    { w: 1.5, make: (g) => { const m = g.pick(MEMBERS.slice(1)); return pat(g, 'INFO', T`Got response from ${v(m)} ${v(`http://${memberIp(m)}:8008/patroni`)}: ${v(memberJson(g, m, 'replica'))}`); } },
    { w: 3, make: (g) => pgLine(g, T`checkpoint starting: ${v(g.pick(['time', 'time', 'wal', 'immediate force wait']))}`) },
    {
      w: 3,
      make: (g) => {
        const s = () => `${g.int(0, 30)}.${p3(g.int(0, 999))}`;
        return pgLine(g, T`checkpoint complete: wrote ${v(g.int(1, 9000))} buffers (${v(g.float(0, 9, 1))}%); ${v(0)} WAL file(s) added, ${v(g.int(0, 3))} removed, ${v(g.int(0, 9))} recycled; write=${v(s())} s, sync=${v(s())} s, total=${v(s())} s; sync files=${v(g.int(1, 90))}, longest=${v(s())} s, average=${v(s())} s; distance=${v(g.int(100, 90000))} kB, estimate=${v(g.int(100, 90000))} kB; lsn=${v(lsn(g))}, redo lsn=${v(lsn(g))}`);
      },
    },
    {
      w: 0.8,
      make: (g) => {
        const out = [pat(g, 'ERROR', T`get_cluster`), T`Traceback (most recent call last):`];
        for (const [f, l, fn, src] of TB_K8S) out.push(T`  File "${v(f)}", line ${v(l)}, in ${v(fn)}`, T`    ${v(src)}`);
        out.push(T`${v('patroni.utils.RetryFailedError')}: ${v("'Exceeded retry deadline'")}`);
        out.push(pat(g, 'ERROR', T`Error communicating with DCS`));
        if (g.chance(0.5)) out.push(pat(g, 'INFO', T`DCS is not accessible`));
        return out;
      },
    },
    {
      w: 0.25,
      make: (g) => [
        pat(g, 'INFO', T`received switchover request with leader=${v('pg-main-0')} candidate=${v(g.pick(['pg-main-1', 'pg-main-2']))} scheduled_at=${v('None')}`),
        pat(g, 'INFO', T`Got response from ${v('pg-main-1')} ${v(`http://${memberIp('pg-main-1')}:8008/patroni`)}: ${v(memberJson(g, 'pg-main-1', 'replica'))}`),
        pat(g, 'INFO', T`Lock owner: ${v('pg-main-0')}; I am ${v('pg-main-0')}`),
        pat(g, 'INFO', T`switchover: demoting myself`),
        pat(g, 'INFO', T`Demoting self (${v('graceful')})`),
        pat(g, 'INFO', T`Leader key released`),
        pat(g, 'INFO', T`switchover: demote in progress`),
        pat(g, 'INFO', T`Lock owner: ${v('None')}; I am ${v('pg-main-0')}`),
        pat(g, 'INFO', T`promoted self to leader by acquiring session lock`),
        T`server promoting`,
        pat(g, 'INFO', T`cleared rewind state after becoming the leader`),
        pat(g, 'INFO', T`Local timeline=${v(g.int(3, 4))} lsn=${v(lsn(g))}`),
        pat(g, 'INFO', T`primary_timeline=${v(g.int(4, 5))}`),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 95. JupyterHub 4.1 hub pod on Kubernetes (zero-to-jupyterhub, KubeSpawner), Tornado's log
// format `[L yyyy-mm-dd hh:mm:ss.ms JupyterHub module:line] message`; the idle culler (a hub
// service) writes Tornado's default `[L yymmdd hh:mm:ss module:line]` on the same stream. The
// header's module:line is a source location (part of the statement), its level letter a level.
// Request lines follow the access-log rule (one template per method); `uri -> location` of a
// redirect is one parameter (log_request builds it from parts). Tracebacks line by line.

const jhTime = (g: Gen) => { const d = new Date(g.now); return `${ymd(d, '-')} ${hms(d)}.${p3(d.getUTCMilliseconds())}`; };
const jh = (g: Gen, lvl: string, loc: string, msg: Made): Made => cat(T`[${lvl} ${v(jhTime(g))} JupyterHub ${loc}] `, msg);
const culler = (g: Gen, lvl: string, loc: string, msg: Made): Made => {
  const d = new Date(g.now);
  return cat(T`[${lvl} ${v(`${ymd(d, '').slice(2)} ${hms(d)}`)} ${loc}] `, msg);
};
const JH_USERS = ['alice', 'bob', 'carol', 'dmitri', 'erin', 'farah', 'guo', 'hana', 'ines', 'jonas'];
const podIp = (g: Gen) => `10.244.${g.int(1, 6)}.${g.int(2, 250)}`;
const ms = (g: Gen, lo: number, hi: number) => `${g.float(lo, hi, 2)}ms`;
const access = (g: Gen, lvl: string, status: number, method: string, uri: string, who: string): Made => {
  const [user, ip] = who.split('@');
  return jh(g, lvl, 'log:192', T`${v(status)} ${method} ${v(uri)} (${v(user)}@${v(ip)}) ${v(ms(g, 0.8, 400))}`);
};
const JH_TB: Array<[string, number, string, string]> = [
  ['/usr/local/lib/python3.11/site-packages/jupyterhub/user.py', 884, 'spawn', 'raise e'],
  ['/usr/local/lib/python3.11/site-packages/jupyterhub/user.py', 780, 'spawn', 'url = await gen.with_timeout(timedelta(seconds=spawner.start_timeout), f)'],
  ['/usr/local/lib/python3.11/site-packages/kubespawner/spawner.py', 2658, '_start', 'await exponential_backoff('],
  ['/usr/local/lib/python3.11/site-packages/jupyterhub/utils.py', 265, 'exponential_backoff', 'raise asyncio.TimeoutError(fail_message)'],
];
const jupyterhub: FormatSpec = {
  name: 'jupyterhub',
  split: 'tuned',
  description: "JupyterHub 4.1 hub on Kubernetes (KubeSpawner; Tornado `[L date JupyterHub module:line]` header) with the idle culler's own Tornado lines: request lines per method, activity posts, logins and failed logins, spawns (pvc, pod, proxy routes), culling and stops, slow and failed spawns with tracebacks line by line",
  tickMs: 3000,
  templates: [
    { w: 22, make: (g) => { const u = g.pick(JH_USERS); return access(g, 'I', 200, 'POST', `/hub/api/users/${u}/activity`, `${u}@${podIp(g)}`); } },
    { w: 12, make: (g) => { const u = g.pick(JH_USERS); return access(g, 'I', 200, 'GET', g.pick(['/hub/home', `/hub/spawn-pending/${u}`, '/hub/token', `/hub/api/users/${u}`, '/hub/api/user']), `${u}@${g.publicIp()}`); } },
    { w: 6, make: (g) => access(g, 'I', 200, 'GET', '/hub/api/users?state=ready', `jupyterhub-idle-culler@127.0.0.1`) },
    { w: 6, make: (g) => { const u = g.pick(JH_USERS); return access(g, 'I', 302, 'GET', g.pick(['/hub/ -> /hub/spawn', `/hub/user/${u}/lab -> /user/${u}/lab`, `/user/${u}/ -> /hub/user/${u}/`, `/hub/spawn -> /hub/spawn-pending/${u}`]), `${u}@${g.publicIp()}`); } },
    { w: 5, make: (g) => jh(g, 'I', 'proxy:939', T`Checking routes`) },
    { w: 3, make: (g) => access(g, 'W', g.pick([403, 404, 404]), 'GET', g.pick(['/hub/api/users', '/user/admin/api/kernels', '/hub/api/oauth2/token', '/hub/login?next=%2Fhub%2Fadmin']), `@${g.publicIp()}`) },
    {
      w: 3,
      make: (g) => {
        const u = g.pick(JH_USERS);
        const ip = g.publicIp();
        return [jh(g, 'I', 'base:837', T`User logged in: ${v(u)}`), access(g, 'I', 302, 'POST', `/hub/login?next=%2Fhub%2F -> /hub/`, `${u}@${ip}`)];
      },
    },
    { w: 1.5, make: (g) => { const u = g.pick([...JH_USERS, 'admin', 'root', 'test']); return [jh(g, 'W', 'login:156', T`Failed login for ${v(u)}`), access(g, 'I', 200, 'POST', '/hub/login?next=%2Fhub%2F', `@${g.publicIp()}`)]; } },
    {
      w: 3,
      make: (g) => {
        const u = g.pick(JH_USERS);
        const out = [jh(g, 'I', 'provider:661', T`Creating oauth client ${v(`jupyterhub-user-${u}`)}`)];
        out.push(g.chance(0.7) ? jh(g, 'I', 'spawner:2566', T`PVC ${v(`claim-${u}`)} already exists, so did not create new pvc.`) : jh(g, 'I', 'spawner:2550', T`Attempting to create pvc ${v(`claim-${u}`)}, with timeout ${v(3)}`));
        out.push(jh(g, 'I', 'spawner:2510', T`Attempting to create pod ${v(`jupyter-${u}`)}, with timeout ${v(3)}`));
        out.push(jh(g, 'I', 'pages:399', T`${v(u)} is pending spawn`));
        if (g.chance(0.15)) out.push(jh(g, 'W', 'base:1151', T`User ${v(u)} is slow to start (timeout=${v(10)})`));
        out.push(jh(g, 'I', 'base:1090', T`User ${v(u)} took ${v(g.float(4, 90, 3))} seconds to start`));
        out.push(jh(g, 'I', 'proxy:356', T`Adding user ${v(u)} to proxy ${v(`/user/${u}/`)} => ${v(`http://${podIp(g)}:8888`)}`));
        out.push(jh(g, 'I', 'users:776', T`Server ${v(u)} is ready`));
        return out;
      },
    },
    {
      w: 2.5,
      make: (g) => {
        const u = g.pick(JH_USERS);
        const h = g.int(1, 9);
        return [
          culler(g, 'I', '__init__:156', T`Culling server ${v(u)} (inactive for ${v(`${h}:${p2(g.int(0, 59))}:${p2(g.int(0, 59))}`)})`),
          jh(g, 'I', 'proxy:379', T`Removing user ${v(u)} from proxy (${v(`/user/${u}/`)})`),
          jh(g, 'I', 'spawner:2880', T`Deleting pod ${v(`jhub/jupyter-${u}`)}`),
          jh(g, 'I', 'base:1276', T`User ${v(u)} server took ${v(g.float(0.5, 12, 3))} seconds to stop`),
          access(g, 'I', 204, 'DELETE', `/hub/api/users/${u}/server`, 'jupyterhub-idle-culler@127.0.0.1'),
        ];
      },
    },
    { w: 1, make: (g) => culler(g, 'W', '__init__:132', T`Not culling server ${v(g.pick(JH_USERS))} with pending ${v(g.pick(['spawn', 'stop']))}`) },
    {
      w: 0.8,
      make: (g) => {
        const u = g.pick(JH_USERS);
        const m = `pod jhub/jupyter-${u} did not start in 300 seconds!`;
        const out = [jh(g, 'E', 'user:884', T`Unhandled error starting ${v(u)}'s server: ${v(m)}`), T`Traceback (most recent call last):`];
        for (const [f, l, fn, src] of JH_TB) out.push(T`  File "${v(f)}", line ${v(l)}, in ${v(fn)}`, T`    ${v(src)}`);
        out.push(T`${v('TimeoutError')}: ${v(m)}`);
        out.push(jh(g, 'I', 'pages:399', T`${v(u)} is pending stop`));
        out.push(access(g, 'W', 500, 'GET', `/hub/api/users/${u}/server/progress`, `${u}@${g.publicIp()}`));
        return out;
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 96. NATS server 2.10 with JetStream, one node of a three-node cluster in Kubernetes (`[pid]
// yyyy/mm/dd hh:mm:ss.micro [LVL] `). Client lines carry `addr - cid:N - "vX:lang:name" - `, route
// lines `addr - rid:N - ` (header-like values); JetStream assets are written `'$G > STREAM'`. The
// start-up banner and its settings block are printed line by line.

const natsTime = (g: Gen) => { const d = new Date(g.now); return `${ymd(d, '/')} ${hms(d)}.${micro(g)}`; };
const nats = (g: Gen, lvl: string, msg: Made): Made => cat(T`[${v(1)}] ${v(natsTime(g))} [${lvl}] `, msg);
// a client that sets no connection name is written `"vX:lang"`
const CLIENTS: Array<[string, string, string]> = [['1.31.0', 'go', 'orders-api'], ['1.31.0', 'go', 'billing-worker'], ['2.28.0', 'nats.js', 'web-gateway'], ['2.7.2', 'python3', ''], ['1.35.0', 'go', 'NATS CLI Version v0.1.4']];
function client(g: Gen, msg: Made): Made {
  const [ver, lang, name] = g.pickSkewed(CLIENTS);
  return cat(T`${v(`${podIp(g)}:${g.int(32768, 60999)}`)} - cid:${v(g.int(5, 90000))} - "${v(`v${ver}:${lang}${name ? `:${name}` : ''}`)}" - `, msg);
}
const route = (g: Gen, msg: Made): Made => cat(T`${v(`10.244.${g.int(1, 6)}.${g.int(2, 250)}:6222`)} - rid:${v(g.int(1, 900))} - `, msg);
const STREAMS = ['ORDERS', 'PAYMENTS', 'EVENTS', 'KV_sessions'];
const CONSUMERS = ['billing', 'shipping', 'audit-sink', 'ml-features'];
const asset = (g: Gen) => `$G > ${g.pick(STREAMS)}`;
const NATS_BANNER = ['', '  _ ___ _____ ___ _____ ___ ___   _   __  __', ' _ | | __|_   _/ __|_   _| _ \\ __| /_\\ |  \\/  |', '| || | _|  | | \\__ \\ | | |   / _| / _ \\| |\\/| |', ' \\__/|___| |_| |___/ |_| |_|_\\___/_/ \\_\\_|  |_|', '', '         https://docs.nats.io/jetstream', '', '---------------- JETSTREAM ----------------'];
const natsServer: FormatSpec = {
  name: 'nats-server',
  split: 'tuned',
  description: 'NATS server 2.10 with JetStream, one cluster node ([pid] date [LVL]): slow consumers, readloop warnings, authentication and permission violations, stream/consumer/meta leader changes, lost quorum, catch-up, route connections and dial errors, health checks, reloads, the start-up banner line by line',
  tickMs: 4000,
  templates: [
    { w: 14, make: (g) => nats(g, 'INF', client(g, T`Slow Consumer Detected: WriteDeadline of ${v('10s')} exceeded with ${v(g.int(1, 40))} chunks of ${v(g.int(2000, 9000000))} total bytes.`)) },
    { w: 10, make: (g) => nats(g, 'WRN', client(g, T`Readloop processing time: ${v(`${g.float(2, 9, 6)}s`)}`)) },
    { w: 9, make: (g) => nats(g, 'ERR', client(g, T`authentication error - User ${v(JSON.stringify(g.pick(['guest', 'orders', 'grafana', 'admin', ''])))}`)) },
    { w: 6, make: (g) => nats(g, 'ERR', client(g, T`Publish Violation - User ${v(JSON.stringify(g.pick(['orders', 'billing', 'web'])))}, Subject ${v(JSON.stringify(g.pick(['payments.settled', 'orders.cancel', '$JS.API.STREAM.DELETE.ORDERS', 'admin.reload'])))}`)) },
    { w: 3, make: (g) => nats(g, 'ERR', client(g, T`Subscription Violation - User ${v(JSON.stringify(g.pick(['orders', 'web'])))}, Subject ${v(JSON.stringify(g.pick(['payments.>', '$SYS.>', 'admin.*'])))}, SID ${v(g.int(1, 40))}`)) },
    { w: 5, make: (g) => nats(g, 'INF', T`JetStream cluster new consumer leader for '${v(`${asset(g)} > ${g.pick(CONSUMERS)}`)}'`) },
    { w: 4, make: (g) => nats(g, 'INF', T`JetStream cluster new stream leader for '${v(asset(g))}'`) },
    { w: 1.5, make: (g) => nats(g, 'WRN', T`JetStream cluster consumer '${v(`${asset(g)} > ${g.pick(CONSUMERS)}`)}' has NO quorum, stalled.`) },
    { w: 1, make: (g) => nats(g, 'WRN', T`JetStream cluster stream '${v(asset(g))}' has NO quorum, stalled`) },
    { w: 2, make: (g) => nats(g, 'INF', T`Catchup for stream '${v(asset(g))}' complete`) },
    { w: 2, make: (g) => nats(g, 'WRN', T`Healthcheck failed: ${v(JSON.stringify(g.pick([`JetStream stream '${asset(g)}' is not current`, `JetStream consumer '${asset(g)} > ${g.pick(CONSUMERS)}' is not current`])))}`) },
    { w: 2, make: (g) => nats(g, 'WRN', T`Internal subscription on ${v(JSON.stringify(`$JS.API.CONSUMER.INFO.${g.pick(STREAMS)}.${g.pick(CONSUMERS)}`))} took too long: ${v(`${g.float(2, 12, 6)}s`)}`) },
    { w: 1.5, make: (g) => nats(g, 'INF', T`JetStream cluster new metadata leader: ${v(`nats-${g.int(0, 2)}/nats`)}`) },
    { w: 2, make: (g) => nats(g, 'INF', route(g, T`Route connection created`)) },
    { w: 2, make: (g) => nats(g, 'INF', route(g, T`Router connection closed: ${v(g.pick(['Client Closed', 'Read Error', 'Stale Connection', 'Duplicate Route']))}`)) },
    { w: 2, make: (g) => { const ip = `10.244.${g.int(1, 6)}.${g.int(2, 250)}`; return nats(g, 'ERR', T`Error trying to connect to route (attempt ${v(g.int(1, 60))}): ${v(`dial tcp ${ip}:6222: ${g.pick(['connect: connection refused', 'i/o timeout', 'connect: no route to host'])}`)}`); } },
    { w: 0.6, make: (g) => [nats(g, 'INF', T`Reloaded: ${v(g.pick(['authorization users', 'accounts', 'cluster routes']))}`), nats(g, 'INF', T`Reloaded server configuration`)] },
    {
      w: 0.15,
      make: (g) => [
        nats(g, 'INF', T`Starting nats-server`),
        nats(g, 'INF', T`  Version:  ${v('2.10.16')}`),
        nats(g, 'INF', T`  Git:      [${v('80aa7bd')}]`),
        nats(g, 'INF', T`  Cluster:  ${v('nats')}`),
        nats(g, 'INF', T`  Name:     ${v(`nats-${g.int(0, 2)}`)}`),
        nats(g, 'INF', T`  Node:     ${v(g.alnum(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'))}`),
        nats(g, 'INF', T`  ID:       ${v(`N${g.alnum(55, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`)}`),
        nats(g, 'INF', T`Using configuration file: ${v('/etc/nats-config/nats.conf')}`),
        nats(g, 'INF', T`Starting http monitor on ${v('0.0.0.0:8222')}`),
        nats(g, 'INF', T`Starting JetStream`),
        ...NATS_BANNER.map((l) => nats(g, 'INF', { line: l, template: l })),
        nats(g, 'INF', T`  Max Memory:      ${v('1.00 GB')}`),
        nats(g, 'INF', T`  Max Storage:     ${v('10.00 GB')}`),
        nats(g, 'INF', T`  Store Directory: "${v('/data/jetstream')}"`),
        nats(g, 'INF', T`-------------------------------------------`),
        nats(g, 'INF', T`Listening for client connections on ${v('0.0.0.0:4222')}`),
        nats(g, 'INF', T`Server is ready`),
      ],
    },
  ],
};

export const ROUND14_FORMATS_A: readonly FormatSpec[] = [vector, patroni, jupyterhub, natsServer];
