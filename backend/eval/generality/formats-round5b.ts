// Generality set, round 5 (part 2 of 2; see formats-round5.ts): Keycloak's Quarkus console log,
// Squid's access and cache logs, etcd's zap JSON log. Written from the formats' documentation and
// real output before any miner change of round 5; untouched in round 5, tuned from round 6 on.
import { Gen, T, v, jsonLine, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

// ---------------------------------------------------------------------------------------------
// 38. Keycloak 24 on Quarkus, default console format `%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t)
// %s%e%n`: login events from the jboss-logging event listener (`type="LOGIN", realmId="..."`, its
// key list depending on the event; success events configured at INFO), Infinispan cluster views,
// Vert.x blocked threads, uncaught errors with their stack trace one frame a line.

function kcTime(g: Gen): string {
  const d = new Date(g.now);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())},${p3(d.getUTCMilliseconds())}`;
}

function kc(g: Gen, level: string, category: string, thread: string, msg: Made): Made {
  return cat(T`${v(kcTime(g))} ${level.padEnd(5, ' ')} [${category}] (${v(thread)}) `, msg);
}

const execThread = (g: Gen) => `executor-thread-${g.int(1, 64)}`;
const REALMS = ['shop', 'internal', 'partners'];
const CLIENTS = ['web-app', 'mobile-app', 'admin-console', 'grafana', 'account-console'];

/** The event listener's line: `key="value"` pairs, comma separated; keys constant, values variables. */
function kcEvent(g: Gen, level: string, pairs: Array<[string, string]>): Made {
  const parts: Made[] = [];
  pairs.forEach(([k, val], i) => {
    parts.push(i === 0 ? T`${k}="${v(val)}"` : T`, ${k}="${v(val)}"`);
  });
  return kc(g, level, 'org.keycloak.events', execThread(g), cat(...parts));
}

const kcUser = (g: Gen) => g.uuid();
const kcRedirect = (g: Gen) =>
  g.pick([
    'https://shop.example.com/auth/callback',
    'https://grafana.example.com/login/generic_oauth',
    'com.example.shop:/oauth2redirect',
    'https://id.example.com/realms/shop/account/#/',
  ]);

const keycloakFmt: FormatSpec = {
  name: 'keycloak',
  split: 'tuned',
  description:
    'Keycloak 24 (Quarkus) console log: login/token events as key="value" lists, Infinispan views, Vert.x warnings, uncaught errors',
  tickMs: 700,
  templates: [
    {
      w: 48,
      make: (g) => {
        const realm = g.uuid();
        const user = kcUser(g);
        const session = g.uuid();
        const ip = g.publicIp();
        const client = g.pickSkewed(CLIENTS);
        return [
          kcEvent(g, 'INFO', [
            ['type', 'LOGIN'],
            ['realmId', realm],
            ['clientId', client],
            ['userId', user],
            ['sessionId', session],
            ['ipAddress', ip],
            ['auth_method', 'openid-connect'],
            ['auth_type', 'code'],
            ['response_type', 'code'],
            ['redirect_uri', kcRedirect(g)],
            ['consent', g.pick(['no_consent_required', 'consent_granted'])],
            ['code_id', session],
            ['response_mode', g.pick(['query', 'fragment'])],
            [
              'username',
              g.pick([`${g.pick(['alice', 'bob', 'carol', 'dan'])}@example.com`, g.pick(['admin', 'svc-grafana'])]),
            ],
            ['authSessionParentId', session],
            ['authSessionTabId', g.alnum(11)],
          ]),
          kcEvent(g, 'INFO', [
            ['type', 'CODE_TO_TOKEN'],
            ['realmId', realm],
            ['clientId', client],
            ['userId', user],
            ['sessionId', session],
            ['ipAddress', ip],
            ['token_id', g.uuid()],
            ['grant_type', 'authorization_code'],
            ['refresh_token_type', g.pick(['Refresh', 'Offline'])],
            ['scope', g.pick(['openid email profile', 'openid profile offline_access', 'openid'])],
            ['refresh_token_id', g.uuid()],
            ['code_id', session],
            ['client_auth_method', g.pick(['client-secret', 'client-jwt'])],
          ]),
        ];
      },
    },
    {
      w: 30,
      make: (g) =>
        kcEvent(g, 'INFO', [
          ['type', 'REFRESH_TOKEN'],
          ['realmId', g.uuid()],
          ['clientId', g.pickSkewed(CLIENTS)],
          ['userId', kcUser(g)],
          ['sessionId', g.uuid()],
          ['ipAddress', g.publicIp()],
          ['token_id', g.uuid()],
          ['grant_type', 'refresh_token'],
          ['refresh_token_type', 'Refresh'],
          ['scope', g.pick(['openid email profile', 'openid profile offline_access', 'openid'])],
          ['refresh_token_id', g.uuid()],
          ['updated_refresh_token_id', g.uuid()],
          ['client_auth_method', g.pick(['client-secret', 'client-jwt'])],
        ]),
    },
    {
      w: 21,
      make: (g) =>
        kcEvent(g, 'WARN', [
          ['type', 'LOGIN_ERROR'],
          ['realmId', g.uuid()],
          ['clientId', g.pickSkewed(CLIENTS)],
          ['userId', g.chance(0.5) ? 'null' : kcUser(g)],
          ['ipAddress', g.publicIp()],
          [
            'error',
            g.pickSkewed(['invalid_user_credentials', 'user_not_found', 'user_temporarily_disabled', 'expired_code']),
          ],
          ['auth_method', 'openid-connect'],
          ['auth_type', 'code'],
          ['response_type', 'code'],
          ['redirect_uri', kcRedirect(g)],
          ['code_id', g.uuid()],
          ['response_mode', 'query'],
          [
            'username',
            `${g.pick(['alice', 'bob', 'carol', 'dan', 'root', 'test'])}${g.chance(0.5) ? '@example.com' : ''}`,
          ],
          ['authSessionParentId', g.uuid()],
          ['authSessionTabId', g.alnum(11)],
        ]),
    },
    {
      w: 12,
      make: (g) =>
        kcEvent(g, 'WARN', [
          ['type', 'REFRESH_TOKEN_ERROR'],
          ['realmId', g.uuid()],
          ['clientId', g.pickSkewed(CLIENTS)],
          ['userId', 'null'],
          ['ipAddress', g.publicIp()],
          ['error', g.pick(['invalid_token', 'session_expired'])],
          ['reason', g.pick(['Token is not active', 'Invalid refresh token', 'Session not active', 'Stale token'])],
          ['grant_type', 'refresh_token'],
          ['client_auth_method', 'client-secret'],
        ]),
    },
    {
      w: 9,
      make: (g) =>
        kcEvent(g, 'INFO', [
          ['type', 'LOGOUT'],
          ['realmId', g.uuid()],
          ['clientId', g.pickSkewed(CLIENTS)],
          ['userId', kcUser(g)],
          ['sessionId', g.uuid()],
          ['ipAddress', g.publicIp()],
          ['redirect_uri', kcRedirect(g)],
        ]),
    },
    {
      w: 9,
      make: (g) =>
        kc(
          g,
          'WARN',
          'org.keycloak.services',
          execThread(g),
          T`KC-SERVICES0013: Failed authentication: ${v(g.pick(['org.keycloak.authentication.AuthenticationFlowException', 'org.keycloak.authentication.AuthenticationFlowException: Invalid user credentials']))}`
        ),
    },
    {
      w: 9,
      make: (g) => {
        const n = g.int(3, 9);
        const a = `keycloak-${g.int(0, 2)}-${g.int(10000, 65000)}`;
        const b = `keycloak-${g.int(0, 2)}-${g.int(10000, 65000)}`;
        return kc(
          g,
          'INFO',
          'org.infinispan.CLUSTER',
          `jgroups-${g.int(4, 40)},${a}`,
          T`ISPN000094: Received new cluster view for channel ${v('ISPN')}: ${v(`[${a}|${n}] (2) [${a}, ${b}]`)}`
        );
      },
    },
    {
      w: 6,
      make: (g) => {
        const ms = g.int(2001, 9000);
        return kc(
          g,
          'WARN',
          'io.vertx.core.impl.BlockedThreadChecker',
          'vertx-blocked-thread-checker',
          T`Thread ${v(`Thread[vert.x-eventloop-thread-${g.int(0, 7)},5,main]`)} has been blocked for ${v(ms)} ms, time limit is ${v(2000)} ms`
        );
      },
    },
    {
      w: 6,
      make: (g) => {
        const out: Made[] = [
          kc(
            g,
            'ERROR',
            'org.keycloak.services.error.KeycloakErrorHandler',
            execThread(g),
            T`Uncaught server error: ${v(g.pick(['java.lang.NullPointerException: Cannot invoke "org.keycloak.models.UserModel.getId()" because "user" is null', 'org.keycloak.models.ModelDuplicateException: User exists with same username', 'jakarta.persistence.PersistenceException: org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection']))}`
          ),
        ];
        const frames = [
          'org.keycloak.services.resources.admin.UserResource.updateUser(UserResource.java:183)',
          'org.keycloak.services.resources.admin.UserResource$quarkusrestinvoker$updateUser_4f1e.invoke(Unknown Source)',
          'org.jboss.resteasy.reactive.server.handlers.InvocationHandler.handle(InvocationHandler.java:29)',
          'io.quarkus.vertx.core.runtime.VertxCoreRecorder$14.runWith(VertxCoreRecorder.java:582)',
          'org.jboss.threads.EnhancedQueueExecutor$Task.run(EnhancedQueueExecutor.java:2513)',
          'java.base/java.lang.Thread.run(Thread.java:1583)',
        ];
        const s = g.int(0, 2);
        for (const f of frames.slice(s, s + g.int(2, 4))) out.push(T`\tat ${v(f)}`);
        return out;
      },
    },
    {
      w: 1,
      make: (g) => [
        kc(
          g,
          'INFO',
          'org.keycloak.quarkus.runtime.hostname.DefaultHostnameProvider',
          'main',
          T`Hostname settings: Base URL: ${v('<unset>')}, Hostname: ${v('id.example.com')}, Strict HTTPS: ${v('true')}, Path: ${v('<request>')}, Strict BackChannel: ${v('false')}, Admin URL: ${v('<unset>')}, Admin: ${v('<request>')}, Port: ${v(-1)}, Proxied: ${v('true')}`
        ),
        kc(
          g,
          'INFO',
          'org.keycloak.connections.infinispan.DefaultInfinispanConnectionProviderFactory',
          'main',
          T`Node name: ${v(`keycloak-${g.int(0, 2)}-${g.int(10000, 65000)}`)}, Site name: ${v('null')}`
        ),
        kc(
          g,
          'INFO',
          'io.quarkus',
          'main',
          T`Keycloak ${v('24.0.5')} on JVM (powered by Quarkus ${v('3.8.4')}) started in ${v(`${g.float(8, 40, 3)}s`)}. Listening on: ${v('http://0.0.0.0:8080')}`
        ),
        kc(g, 'INFO', 'io.quarkus', 'main', T`Profile ${v('prod')} activated.`),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 39. Squid 6.6 in a container, access.log (native format `%ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm
// %ru %[un %Sh/%<a %mt`) and cache.log (`2024/06/12 10:00:00 kid1| message`) interleaved on stdout.

const SITES = [
  'http://deb.debian.org/debian/dists/bookworm/InRelease',
  'http://archive.ubuntu.com/ubuntu/pool/main/o/openssl/libssl3_3.0.2-0ubuntu1.15_amd64.deb',
  'http://example.com/',
  'http://detectportal.firefox.com/canonical.html',
  'http://ocsp.digicert.com/MFEwTzBNMEswSTAJBgUrDgMCGgUABBQ',
  'http://dl-cdn.alpinelinux.org/alpine/v3.20/main/x86_64/APKINDEX.tar.gz',
];
const CONNECT_HOSTS = [
  'api.github.com:443',
  'registry.npmjs.org:443',
  'pypi.org:443',
  'files.pythonhosted.org:443',
  'update.googleapis.com:443',
  'objects.githubusercontent.com:443',
  's3.eu-west-1.amazonaws.com:443',
];

function squidTs(g: Gen): string {
  return `${Math.floor(g.now / 1000)}.${p3(g.now % 1000)}`;
}

function squidAccess(g: Gen, method: string): Made {
  const elapsed = String(g.pickSkewed([g.int(0, 99), g.int(100, 2000), g.int(2000, 600000)])).padStart(6, ' ');
  const client = g.privateIp();
  if (method === 'CONNECT') {
    const host = g.pickSkewed(CONNECT_HOSTS);
    const denied = g.chance(0.08);
    return T`${v(squidTs(g))} ${v(elapsed)} ${v(client)} ${v(denied ? 'TCP_DENIED/403' : 'TCP_TUNNEL/200')} ${v(denied ? 3915 : g.int(300, 9000000))} CONNECT ${v(host)} ${v(g.pick(['-', '-', 'ci-runner']))} ${v(denied ? 'HIER_NONE/-' : `HIER_DIRECT/${g.publicIp()}`)} ${v('-')}`;
  }
  const url = g.pickSkewed(SITES);
  const code = g.pickSkewed([
    'TCP_MISS/200',
    'TCP_HIT/200',
    'TCP_REFRESH_UNMODIFIED/200',
    'TCP_MEM_HIT/200',
    'TCP_MISS/304',
    'TCP_MISS/404',
    'TCP_DENIED/403',
  ]);
  const hier =
    code.startsWith('TCP_MISS') || code.startsWith('TCP_REFRESH') ? `HIER_DIRECT/${g.publicIp()}` : 'HIER_NONE/-';
  const mime = url.endsWith('.deb')
    ? 'application/vnd.debian.binary-package'
    : url.endsWith('.gz')
      ? 'application/octet-stream'
      : g.pick(['text/html', 'text/plain', 'application/ocsp-response']);
  return T`${v(squidTs(g))} ${v(elapsed)} ${v(client)} ${v(code)} ${v(g.int(200, 5000000))} ${method} ${v(url)} ${v('-')} ${v(hier)} ${v(code === 'TCP_MISS/304' ? '-' : mime)}`;
}

function squidTime(g: Gen): string {
  const d = new Date(g.now);
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

const squidCache = (g: Gen, msg: Made): Made => cat(T`${v(squidTime(g))} ${v('kid1')}| `, msg);

const squidFmt: FormatSpec = {
  name: 'squid',
  split: 'tuned',
  description: 'Squid 6.6: native access.log (CONNECT tunnels, cached GETs, denials) and cache.log, interleaved',
  tickMs: 300,
  templates: [
    { w: 200, make: (g) => squidAccess(g, 'CONNECT') },
    { w: 150, make: (g) => squidAccess(g, 'GET') },
    { w: 20, make: (g) => squidAccess(g, 'HEAD') },
    { w: 15, make: (g) => squidAccess(g, 'POST') },
    {
      w: 15,
      make: (g) => squidCache(g, T`WARNING: Closing client connection due to lifetime timeout`),
    },
    {
      w: 15,
      make: (g) =>
        squidCache(
          g,
          T`ERROR: failure while accepting a TLS connection on ${v(`conn${g.int(1000, 999999)} local=${g.privateIp()}:3128 remote=${g.privateIp()}:${g.int(30000, 60999)} FD ${g.int(10, 900)} flags=1`)}: ${v(g.pick(['SQUID_TLS_ERR_ACCEPT+TLS_LIB_ERR=A000418+TLS_IO_ERR=1', 'SQUID_TLS_ERR_ACCEPT+TLS_IO_ERR=5+errno=104']))}`
        ),
    },
    {
      w: 10,
      make: (g) =>
        squidCache(
          g,
          T`local=${v(`${g.privateIp()}:3128`)} remote=${v(`${g.privateIp()}:${g.int(30000, 60999)}`)} FD ${v(g.int(10, 900))} flags=${v(1)}: read/write failure: ${v(g.pick(['(32) Broken pipe', '(104) Connection reset by peer']))}`
        ),
    },
    {
      w: 10,
      make: (g) =>
        squidCache(
          g,
          T`WARNING: ${v(g.pick(['ipcache_nbgethostbyname', 'fqdncache_nbgethostbyaddr']))}: '${v(g.pick(['internal-mirror.corp', 'artifacts.local', '10.0.3.9']))}': DNS failure: ${v(g.pick(['Name Error: The domain name does not exist.', 'Timeout']))}`
        ),
    },
    {
      w: 1,
      make: (g) => [
        squidCache(g, T`storeDirWriteCleanLogs: Starting...`),
        squidCache(g, T`  Finished.  Wrote ${v(g.int(100, 90000))} entries.`),
        squidCache(g, T`  Took ${v(g.float(0, 2, 2))} seconds (${v(g.float(1000, 900000, 2))} entries/sec).`),
        squidCache(g, T`logfileRotate: ${v('daemon:/var/log/squid/access.log')}`),
      ],
    },
    {
      w: 1,
      make: (g) => [
        squidCache(g, T`Starting Squid Cache version ${v('6.6')} for ${v('x86_64-pc-linux-gnu')}...`),
        squidCache(g, T`Service Name: ${v('squid')}`),
        squidCache(g, T`Process ID ${v(g.int(10, 900))}`),
        squidCache(g, T`With ${v(1048576)} file descriptors available`),
        squidCache(
          g,
          T`Accepting HTTP Socket connections at ${v(`conn${g.int(5, 30)} local=[::]:3128 remote=[::] FD ${g.int(10, 30)} flags=9`)}`
        ),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 40. etcd 3.5 (zap JSON): `{"level":"info","ts":"...","caller":"file.go:12","msg":"...",...}`;
// compactions, slow applies with their request, traces, peer probing, raft elections (the raft
// logger's messages start with the member id), TLS rejects.

const MEMBERS = ['8e9e05c52164694d', 'fd422379fda50e48', '91bc3c398fb3c146'];
const ETCD_KEYS = [
  '/registry/pods/default/',
  '/registry/leases/kube-node-lease/',
  '/registry/events/shop/',
  '/registry/configmaps/kube-system/',
  '/registry/services/specs/',
  '/registry/minions/',
];
const etcdDur = (g: Gen) => g.pickSkewed([`${g.float(100, 999, 6)}ms`, `${g.float(1, 4, 9)}s`]);

function etcd(
  g: Gen,
  level: string,
  caller: string,
  msg: Made,
  fields: Array<[string, unknown]> = [],
  logger?: string
): Made {
  const head: Array<[string, unknown]> = [
    ['level', level],
    ['ts', g.isoMicro()],
  ];
  if (logger) head.push(['logger', logger]);
  head.push(['caller', caller], ['msg', '']);
  return jsonLine([...head, ...fields], 'msg', msg);
}

const etcdFmt: FormatSpec = {
  name: 'etcd',
  split: 'tuned',
  description: 'etcd 3.5 zap JSON: compactions, slow applies, traces, peer probes, raft elections, TLS rejects',
  tickMs: 900,
  templates: [
    {
      w: 10,
      make: (g) => {
        const rev = g.int(100000, 9999999);
        const mb = g.float(10, 900, 1);
        return [
          etcd(g, 'info', 'mvcc/index.go:214', T`compact tree index`, [['revision', rev]]),
          etcd(g, 'info', 'mvcc/kvstore_compaction.go:66', T`finished scheduled compaction`, [
            ['compact-revision', rev],
            ['took', etcdDur(g)],
            ['hash', g.int(100000000, 4294967295)],
            ['current-db-size-bytes', Math.round(Number(mb) * 1e6)],
            ['current-db-size', `${mb} MB`],
            ['current-db-size-in-use-bytes', Math.round(Number(mb) * 6e5)],
            ['current-db-size-in-use', `${(Number(mb) * 0.6).toFixed(1)} MB`],
          ]),
          etcd(g, 'info', 'mvcc/hash.go:137', T`storing new hash`, [
            ['hash', g.int(100000000, 4294967295)],
            ['revision', rev],
            ['compact-revision', rev - g.int(1000, 90000)],
          ]),
        ];
      },
    },
    {
      w: 14,
      make: (g) => {
        const key = g.pickSkewed(ETCD_KEYS);
        const ro = g.chance(0.7);
        return etcd(g, 'warn', 'etcdserver/util.go:170', T`apply request took too long`, [
          ['took', etcdDur(g)],
          ['expected-duration', '100ms'],
          ['prefix', ro ? 'read-only range ' : ''],
          [
            'request',
            ro
              ? `key:"${key}" range_end:"${key.slice(0, -1)}0" `
              : `header:<ID:${g.int(1e17, 9e17)} username:"kube-apiserver-etcd-client" auth_revision:1 > txn:<compare:<target:MOD key:"${key}${g.alnum(8)}" mod_revision:${g.int(1e5, 9e6)} > success:<request_put:<key:"${key}${g.alnum(8)}" value_size:${g.int(100, 9000)} >> failure:<>>`,
          ],
          ['response', ro ? `range_response_count:${g.int(0, 400)} size:${g.int(0, 900000)}` : 'size:20'],
        ]);
      },
    },
    {
      w: 10,
      make: (g) => {
        const id = g.int(100000000, 999999999);
        const key = g.pickSkewed(ETCD_KEYS);
        const op = g.pick(['range', 'transaction']);
        return etcd(g, 'info', 'traceutil/trace.go:171', T`trace[${v(id)}] ${v(op)}`, [
          [
            'detail',
            op === 'range'
              ? `{range_begin:${key}; range_end:${key.slice(0, -1)}0; response_count:${g.int(0, 400)}; response_revision:${g.int(1e5, 9e6)}; }`
              : `{read_only:false; response_revision:${g.int(1e5, 9e6)}; number_of_response:1; }`,
          ],
          ['duration', etcdDur(g)],
          ['start', g.isoMicro(g.now - 500)],
          ['end', g.isoMicro()],
          [
            'steps',
            [
              `trace[${id}] 'agreement among raft nodes before linearized reading'  (duration: ${etcdDur(g)})`,
              `trace[${id}] 'range keys from in-memory index tree'  (duration: ${g.float(0.01, 9, 3)}ms)`,
            ],
          ],
          ['step_count', 2],
        ]);
      },
    },
    {
      w: 6,
      make: (g) => {
        const peer = g.pick(MEMBERS);
        const ip = `10.0.${g.int(0, 3)}.${g.pick([11, 12, 13])}`;
        return [
          etcd(g, 'warn', 'rafthttp/probing_status.go:68', T`prober detected unhealthy status`, [
            ['round-tripper-name', g.pick(['ROUND_TRIPPER_RAFT_MESSAGE', 'ROUND_TRIPPER_SNAPSHOT'])],
            ['remote-peer-id', peer],
            ['rtt', g.pick(['0s', `${g.float(0.1, 9, 6)}ms`])],
            [
              'error',
              `dial tcp ${ip}:2380: ${g.pick(['connect: connection refused', 'i/o timeout', 'connect: no route to host'])}`,
            ],
          ]),
          etcd(g, 'warn', 'etcdserver/cluster_util.go:288', T`failed to reach the peer URL`, [
            ['address', `https://${ip}:2380/version`],
            ['remote-member-id', peer],
            ['error', `Get "https://${ip}:2380/version": dial tcp ${ip}:2380: connect: connection refused`],
          ]),
        ];
      },
    },
    {
      w: 4,
      make: (g) =>
        etcd(g, 'warn', 'wal/wal.go:805', T`slow fdatasync`, [
          ['took', `${g.float(1, 4, 9)}s`],
          ['expected-duration', '1s'],
        ]),
    },
    {
      w: 4,
      make: (g) =>
        etcd(g, 'warn', 'embed/config_logging.go:169', T`rejected connection`, [
          ['remote-addr', `${g.privateIp()}:${g.int(30000, 60999)}`],
          ['server-name', ''],
          [
            'error',
            g.pick([
              'remote error: tls: bad certificate',
              'tls: failed to verify certificate: x509: certificate signed by unknown authority',
              'EOF',
            ]),
          ],
        ]),
    },
    {
      w: 1,
      make: (g) => {
        const me = g.pick(MEMBERS);
        const other = MEMBERS.filter((m) => m !== me);
        const term = g.int(2, 60);
        return [
          etcd(
            g,
            'info',
            'etcdserver/zap_raft.go:77',
            T`${v(me)} is starting a new election at term ${v(term - 1)}`,
            [],
            'raft'
          ),
          etcd(
            g,
            'info',
            'etcdserver/zap_raft.go:77',
            T`${v(me)} became pre-candidate at term ${v(term - 1)}`,
            [],
            'raft'
          ),
          etcd(
            g,
            'info',
            'etcdserver/zap_raft.go:77',
            T`${v(me)} received ${v('MsgPreVoteResp')} from ${v(other[0])} at term ${v(term - 1)}`,
            [],
            'raft'
          ),
          etcd(g, 'info', 'etcdserver/zap_raft.go:77', T`${v(me)} became candidate at term ${v(term)}`, [], 'raft'),
          etcd(
            g,
            'info',
            'etcdserver/zap_raft.go:77',
            T`${v(me)} received ${v('MsgVoteResp')} from ${v(other[1])} at term ${v(term)}`,
            [],
            'raft'
          ),
          etcd(g, 'info', 'etcdserver/zap_raft.go:77', T`${v(me)} became leader at term ${v(term)}`, [], 'raft'),
          etcd(
            g,
            'info',
            'etcdserver/zap_raft.go:77',
            T`raft.node: ${v(me)} elected leader ${v(me)} at term ${v(term)}`,
            [],
            'raft'
          ),
        ];
      },
    },
    {
      w: 2,
      make: (g) =>
        etcd(g, 'info', 'etcdserver/server.go:1413', T`triggering snapshot`, [
          ['local-member-id', g.pick(MEMBERS)],
          ['local-member-applied-index', g.int(1e6, 9e7)],
          ['local-member-snapshot-index', g.int(1e6, 9e7)],
          ['local-member-snapshot-count', 10000],
        ]),
    },
    {
      w: 2,
      make: (g) =>
        etcd(g, 'info', 'etcdserver/server.go:2458', T`saved snapshot`, [['snapshot-index', g.int(1e6, 9e7)]]),
    },
  ],
};

export const ROUND5_FORMATS_B: readonly FormatSpec[] = [keycloakFmt, squidFmt, etcdFmt];
