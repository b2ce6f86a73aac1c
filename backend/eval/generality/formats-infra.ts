// Generality set, round 2: seven formats of the infrastructure that Loki installs ship logs from
// (a load balancer, a service-mesh sidecar, a search cluster, service discovery and secrets, a
// message broker, a document database, cluster DNS). They were written from the formats' own
// documentation and real output, before any miner change of round 2, and were untouched in round 2
// (scored once at its end); from round 3 on they are tuned formats (README.md).
//
// Truth conventions are README.md's: a template is one log statement; its parameters are
// variables however few values they take; structured lines are their message template plus their
// key set; access-log request lines are one template per method.
import { Gen, T, v, podName, USER_AGENTS, MONTHS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

/** `Jun 12 10:00:00` (rsyslog's traditional file format). */
function syslogTime(g: Gen): string {
  const d = new Date(g.now);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** Concatenate made parts (a header and a message). */
function cat(...parts: Made[]): Made {
  return { line: parts.map((p) => p.line).join(''), template: parts.map((p) => p.template).join('') };
}

const SERVICES = ['checkout', 'cart', 'catalog', 'payments', 'shipping', 'recommendations'];
const K8S_NAMESPACES = ['shop', 'payments', 'default'];

function apiPath(g: Gen): string {
  const id = g.int(1, 99999);
  return g.pickSkewed([
    `/api/v2/carts/${id}`,
    `/api/v2/products/${id}`,
    '/api/v2/products',
    `/api/v2/orders/${id}/items`,
    `/api/v2/search?q=${g.pick(['boots', 'wool+scarf', 'hdmi', 'desk+lamp'])}&limit=${g.pick([10, 20, 50])}`,
    '/healthz',
    '/',
    `/assets/${g.pick(['app', 'vendor', 'main'])}.${g.hex(8)}.js`,
    `/img/p/${id}_${g.pick(['s', 'm', 'l'])}.webp`,
    '/favicon.ico',
  ]);
}

// ---------------------------------------------------------------------------------------------
// 15. HAProxy 2.x via rsyslog: `option httplog` lines with two captured request headers, TCP
// lines (`option tcplog`), health checks and server state changes.

function haHeader(g: Gen): Made {
  return T`${v(syslogTime(g))} ${v(g.pick(['lb-01', 'lb-02']))} haproxy[${v(g.pick([2211, 2214, 31877]))}]: `;
}

function haAcceptDate(g: Gen): string {
  const d = new Date(g.now - g.int(0, 30000));
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p3(d.getUTCMilliseconds())}`;
}

const HA_BACKENDS: Array<[string, string[]]> = [
  ['be_api', ['api1', 'api2', 'api3']],
  ['be_web', ['web1', 'web2']],
  ['be_static', ['static1']],
];

function haConns(g: Gen): string {
  const ac = g.int(20, 900);
  const fc = g.int(10, ac);
  const bc = g.int(1, fc);
  const sc = g.int(0, bc);
  return `${ac}/${fc}/${bc}/${sc}/${g.pickSkewed([0, 0, 0, 1, 2])}`;
}

function haHttp(g: Gen, method: string): Made {
  const [be, servers] = g.pickSkewed(HA_BACKENDS);
  const srv = g.pick(servers);
  // termination state and the status / timers that go with it
  const outcome = g.pickSkewed(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'CD', 'sH', 'SH', 'cD']);
  const tr = g.pickSkewed([0, 0, 0, 1, 2, 14, 120]);
  const tc = g.int(0, 3);
  let status: number;
  let timers: string;
  let tsc: string;
  let bytes: number;
  if (outcome === 'ok') {
    const trr = g.int(1, 900);
    status = g.pickSkewed([200, 200, 304, 201, 204, 302, 404, 401, 500]);
    timers = `${tr}/0/${tc}/${trr}/${tr + tc + trr + g.int(0, 4)}`;
    tsc = '----';
    bytes = g.int(150, 250000);
  } else if (outcome === 'sH') {
    status = 504;
    timers = `${tr}/0/${tc}/-1/${30000 + tc + tr}`;
    tsc = 'sH--';
    bytes = 194;
  } else if (outcome === 'SH') {
    status = 502;
    timers = `${tr}/0/${tc}/-1/${tc + tr + g.int(1, 40)}`;
    tsc = 'SH--';
    bytes = 209;
  } else {
    status = outcome === 'cD' ? -1 : g.pick([200, -1]);
    timers = `${tr}/0/${tc}/${g.int(1, 900)}/${g.int(1000, 60000)}`;
    tsc = `${outcome}--`;
    bytes = g.int(0, 9000);
  }
  const host = g.pickSkewed(['shop.example.com', 'api.example.com', 'static.example.com']);
  return cat(
    haHeader(g),
    T`${v(`${g.chance(0.7) ? g.publicIp() : g.privateIp()}:${g.int(1024, 65535)}`)} [${v(haAcceptDate(g))}] ${v('fe_https~')} ${v(be)}/${v(srv)} ${v(timers)} ${v(status)} ${v(bytes)} ${v('-')} ${v('-')} ${v(tsc)} ${v(haConns(g))} ${v(`0/${g.pickSkewed([0, 0, 0, 3])}`)} {${v(host)}|${v(g.pickSkewed(USER_AGENTS))}} "${method} ${v(apiPath(g))} ${v(g.pickSkewed(['HTTP/1.1', 'HTTP/2.0']))}"`
  );
}

const haproxy: FormatSpec = {
  name: 'haproxy',
  split: 'tuned',
  description:
    'HAProxy 2.x through rsyslog: httplog lines with captured Host and User-Agent, tcplog lines, health checks',
  templates: [
    { w: 60, make: (g) => haHttp(g, 'GET') },
    { w: 12, make: (g) => haHttp(g, 'POST') },
    { w: 2, make: (g) => haHttp(g, 'PUT') },
    { w: 1.5, make: (g) => haHttp(g, 'DELETE') },
    { w: 1, make: (g) => haHttp(g, 'OPTIONS') },
    {
      // the plain-HTTP frontend only redirects (no captures there)
      w: 6,
      make: (g) =>
        cat(
          haHeader(g),
          T`${v(`${g.publicIp()}:${g.int(1024, 65535)}`)} [${v(haAcceptDate(g))}] ${v('fe_http')} ${v('fe_http')}/${v('<NOSRV>')} ${v(`0/-1/-1/-1/${g.int(0, 2)}`)} ${v(301)} ${v(g.pick([112, 143]))} ${v('-')} ${v('-')} ${v('LR--')} ${v(haConns(g))} ${v('0/0')} "GET ${v(apiPath(g))} ${v('HTTP/1.1')}"`
        ),
    },
    {
      w: 1.5,
      make: (g) =>
        cat(
          haHeader(g),
          T`${v(`${g.publicIp()}:${g.int(1024, 65535)}`)} [${v(haAcceptDate(g))}] ${v('fe_https~')} ${v('fe_https')}/${v('<NOSRV>')} ${v(`-1/-1/-1/-1/${g.int(0, 5000)}`)} ${v(g.pick([400, 408]))} ${v(0)} ${v('-')} ${v('-')} ${v(g.pick(['CR--', 'cR--']))} ${v(haConns(g))} ${v('0/0')} {${v('')}|${v('')}} "<BADREQ>"`
        ),
    },
    {
      w: 5,
      make: (g) =>
        cat(
          haHeader(g),
          T`${v(`${g.privateIp()}:${g.int(1024, 65535)}`)} [${v(haAcceptDate(g))}] ${v('fe_pg')} ${v('be_pg')}/${v(g.pick(['pg1', 'pg2']))} ${v(`${g.int(0, 2)}/${g.int(0, 3)}/${g.int(5, 3600000)}`)} ${v(g.int(300, 9000000))} ${v(g.pickSkewed(['--', '--', '--', 'cD', 'sD', 'CD']))} ${v(haConns(g))} ${v('0/0')}`
        ),
    },
    {
      w: 1.5,
      make: (g) =>
        cat(
          haHeader(g),
          T`${v(`${g.publicIp()}:${g.int(1024, 65535)}`)} [${v(haAcceptDate(g))}] ${v('fe_https')}/${v(1)}: ${v(g.pickSkewed(['SSL handshake failure', 'Connection closed during SSL handshake', 'Timeout during SSL handshake']))}`
        ),
    },
    {
      w: 1,
      make: (g) => {
        const [be, servers] = g.pick(HA_BACKENDS.slice(0, 2));
        return cat(
          haHeader(g),
          T`Health check for server ${v(be)}/${v(g.pick(servers))} failed, reason: ${v('Layer4 connection problem')}, info: "${v(g.pick(['Connection refused', 'No route to host']))}", check duration: ${v(`${g.int(0, 3)}ms`)}, status: ${v(`${g.int(0, 2)}/3`)} ${v(g.pick(['UP', 'DOWN']))}.`
        );
      },
    },
    {
      w: 1,
      make: (g) => {
        const [be, servers] = g.pick(HA_BACKENDS.slice(0, 2));
        return cat(
          haHeader(g),
          T`Health check for server ${v(be)}/${v(g.pick(servers))} failed, reason: ${v('Layer7 wrong status')}, code: ${v(g.pick([500, 503]))}, info: "${v(g.pick(['Service Unavailable', 'Internal Server Error']))}", check duration: ${v(`${g.int(1, 40)}ms`)}, status: ${v(`${g.int(0, 2)}/3`)} ${v(g.pick(['UP', 'DOWN']))}.`
        );
      },
    },
    {
      w: 1,
      make: (g) => {
        const [be, servers] = g.pick(HA_BACKENDS.slice(0, 2));
        return cat(
          haHeader(g),
          T`Health check for server ${v(be)}/${v(g.pick(servers))} succeeded, reason: ${v('Layer7 check passed')}, code: ${v(200)}, check duration: ${v(`${g.int(1, 20)}ms`)}, status: ${v(`${g.int(1, 3)}/3`)} ${v(g.pick(['UP', 'DOWN']))}.`
        );
      },
    },
    {
      w: 0.6,
      make: (g) => {
        const [be, servers] = g.pick(HA_BACKENDS.slice(0, 2));
        return cat(
          haHeader(g),
          T`Server ${v(be)}/${v(g.pick(servers))} is DOWN, reason: ${v('Layer4 connection problem')}, info: "${v('Connection refused')}", check duration: ${v(`${g.int(0, 3)}ms`)}. ${v(g.int(0, 2))} active and ${v(0)} backup servers left. ${v(g.int(0, 40))} sessions active, ${v(0)} requeued, ${v(0)} remaining in queue.`
        );
      },
    },
    {
      w: 0.6,
      make: (g) => {
        const [be, servers] = g.pick(HA_BACKENDS.slice(0, 2));
        return cat(
          haHeader(g),
          T`Server ${v(be)}/${v(g.pick(servers))} is UP, reason: ${v('Layer7 check passed')}, code: ${v(200)}, check duration: ${v(`${g.int(1, 9)}ms`)}. ${v(g.int(1, 3))} active and ${v(0)} backup servers online. ${v(0)} sessions requeued, ${v(0)} total in queue.`
        );
      },
    },
    {
      w: 0.2,
      make: (g) => cat(haHeader(g), T`backend ${v(g.pick(['be_api', 'be_web']))} has no server available!`),
    },
    {
      w: 0.3,
      make: (g) =>
        cat(
          haHeader(g),
          T`Proxy ${v(g.pick(['fe_http', 'fe_https', 'fe_pg', 'be_api', 'be_web', 'be_static', 'be_pg']))} started.`
        ),
    },
    {
      w: 0.3,
      make: (g) =>
        cat(
          haHeader(g),
          T`Proxy ${v(g.pick(['fe_http', 'fe_https', 'be_api', 'be_web']))} stopped (cumulated conns: FE: ${v(g.int(0, 999999))}, BE: ${v(g.int(0, 999999))}).`
        ),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 16. istio-proxy container: Envoy access log in Istio's JSON encoding (keys sorted, nulls kept),
// and pilot-agent / Envoy's own lines (zap console encoder: tab-separated time, level, scope).

function podIp(g: Gen): string {
  return `10.244.${g.int(0, 7)}.${g.int(2, 250)}`;
}

function envoyAccess(g: Gen): Made {
  const inbound = g.chance(0.55);
  const svc = g.pick(SERVICES);
  const ns = g.pickSkewed(K8S_NAMESPACES);
  const port = g.pick([8080, 9080, 5000]);
  const me = podIp(g);
  const kind = g.pickSkewed(['http', 'http', 'http', 'http', 'http', 'http', 'tcp', 'uf', 'nr', 'dc']);
  const method = g.pickSkewed(['GET', 'GET', 'POST', 'PUT', 'DELETE']);
  const started = new Date(g.now - g.int(1, 3000)).toISOString();
  const rec: Record<string, unknown> = {
    authority: `${svc}${inbound ? '' : `.${ns}.svc.cluster.local`}:${port}`,
    bytes_received: method === 'GET' ? 0 : g.int(20, 9000),
    bytes_sent: g.int(0, 90000),
    connection_termination_details: null,
    downstream_local_address: inbound ? `${me}:${port}` : `10.96.${g.int(0, 255)}.${g.int(1, 254)}:${port}`,
    downstream_remote_address: `${podIp(g)}:${g.int(30000, 60999)}`,
    duration: g.int(0, 1500),
    method,
    path: apiPath(g),
    protocol: g.pickSkewed(['HTTP/1.1', 'HTTP/2']),
    request_id: g.uuid(),
    requested_server_name: inbound ? `outbound_.${port}_._.${svc}.${ns}.svc.cluster.local` : null,
    response_code: g.pickSkewed([200, 200, 200, 201, 204, 304, 404, 400, 500]),
    response_code_details: 'via_upstream',
    response_flags: '-',
    route_name: 'default',
    start_time: started,
    upstream_cluster: inbound ? `inbound|${port}||` : `outbound|${port}||${svc}.${ns}.svc.cluster.local`,
    upstream_host: `${inbound ? me : podIp(g)}:${port}`,
    upstream_local_address: inbound ? `127.0.0.6:${g.int(30000, 60999)}` : `${me}:${g.int(30000, 60999)}`,
    upstream_service_time: String(g.int(0, 1400)),
    upstream_transport_failure_reason: null,
    user_agent: g.pickSkewed([
      'Go-http-client/1.1',
      'okhttp/4.12.0',
      'python-requests/2.31.0',
      'grpc-go/1.63.2',
      ...USER_AGENTS,
    ]),
    x_forwarded_for: g.chance(0.3) ? g.publicIp() : null,
  };
  if (kind === 'tcp') {
    Object.assign(rec, {
      authority: null,
      method: null,
      path: null,
      protocol: null,
      request_id: null,
      response_code: 0,
      response_code_details: null,
      route_name: null,
      upstream_service_time: null,
      user_agent: null,
      x_forwarded_for: null,
      duration: g.int(5, 3600000),
      upstream_cluster: `outbound|${g.pick([5432, 6379])}||${g.pick(['postgres.db', 'redis.cache'])}.svc.cluster.local`,
    });
  } else if (kind === 'uf') {
    Object.assign(rec, {
      response_code: 503,
      response_flags: g.pick(['UF,URX', 'UF']),
      response_code_details: g.pick([
        'upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_Connection_refused}',
        'upstream_reset_before_response_started{connection_failure}',
      ]),
      upstream_service_time: null,
      bytes_sent: g.pick([91, 145]),
      upstream_transport_failure_reason: g.chance(0.3)
        ? 'TLS_error:_268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED'
        : null,
    });
  } else if (kind === 'nr') {
    Object.assign(rec, {
      response_code: 404,
      response_flags: 'NR',
      response_code_details: 'route_not_found',
      route_name: null,
      upstream_cluster: null,
      upstream_host: null,
      upstream_local_address: null,
      upstream_service_time: null,
      bytes_sent: 0,
    });
  } else if (kind === 'dc') {
    Object.assign(rec, {
      response_code: 0,
      response_flags: 'DC',
      response_code_details: 'downstream_remote_disconnect',
      upstream_service_time: null,
      bytes_sent: 0,
    });
  }
  const keys = Object.keys(rec);
  return {
    line: `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(rec[k])}`).join(',')}}`,
    template: `{${keys.map((k) => `${JSON.stringify(k)}:<*>`).join(',')}}`,
  };
}

function zapTime(g: Gen): string {
  return g.isoMicro();
}

/** pilot-agent / Envoy through pilot-agent: `time\tlevel\tscope\tmessage[\tkey=value ...]`. */
function agent(g: Gen, level: string, scope: string | null, msg: Made): Made {
  return cat(T`${v(zapTime(g))}\t${level}\t${scope === null ? '' : `${scope}\t`}`, msg);
}

const istioProxy: FormatSpec = {
  name: 'istio-proxy',
  split: 'tuned',
  description:
    'istio-proxy sidecar: Envoy JSON access log (Istio encoding) and pilot-agent / Envoy tab-separated lines',
  templates: [
    { w: 80, make: (g) => envoyAccess(g) },
    {
      w: 3,
      make: (g) =>
        agent(
          g,
          'info',
          'xdsproxy',
          T`connected to delta upstream XDS server: ${v('istiod.istio-system.svc:15012')}\tid=${v(g.int(1, 400))}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        agent(
          g,
          'info',
          'cache',
          T`generated new workload certificate\tlatency=${v(`${g.float(20, 400, 6)}ms`)} ttl=${v(`23h59m${g.int(10, 59)}.${g.int(100000, 999999)}s`)}`
        ),
    },
    {
      w: 3,
      make: (g) =>
        agent(
          g,
          'info',
          'ads',
          T`SDS: PUSH request for node:${v(`${podName(g, g.pick(SERVICES))}.${g.pick(K8S_NAMESPACES)}`)} resources:${v(1)} size:${v(`${g.float(1, 4.5, 1)}kB`)} resource:${v(g.pick(['default', 'ROOTCA']))}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        agent(
          g,
          'warning',
          'envoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:152',
          T`StreamAggregatedResources gRPC config stream to xds-grpc closed since ${v(g.int(30, 3600))}s ago: ${v(14)}, connection error: desc = "${v(g.pick(['transport: Error while dialing: dial tcp 10.96.0.18:15012: connect: connection refused', 'transport: Error while dialing: dial tcp 10.96.0.18:15012: i/o timeout', 'error reading from server: EOF']))}"\tthread=${v(g.int(14, 30))}`
        ),
    },
    {
      w: 2,
      make: (g) => {
        const ip = podIp(g);
        return agent(
          g,
          'error',
          null,
          T`Request to probe app failed: Get "${v(`http://${ip}:${g.pick([8080, 9080])}/${g.pick(['healthz', 'ready'])}`)}": ${v(g.pick([`dial tcp 127.0.0.6:0->${ip}:8080: connect: connection refused`, 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)', 'EOF']))}, original URL path = ${v(`/app-health/${g.pick(SERVICES)}/${g.pick(['livez', 'readyz'])}`)}`
        );
      },
    },
    { w: 0.3, make: (g) => agent(g, 'info', null, T`Envoy proxy is ready`) },
    {
      w: 0.3,
      make: (g) => agent(g, 'info', null, T`Readiness succeeded in ${v(`${g.float(0.8, 9, 6)}s`)}`),
    },
    { w: 0.5, make: (g) => agent(g, 'info', 'cache', T`Root cert has changed, start rotating root cert`) },
    {
      w: 0.3,
      make: (g) =>
        agent(
          g,
          'warning',
          'envoy main external/envoy/source/server/server.cc:932',
          T`There is no configured limit to the number of allowed active downstream connections. Configure a limit in \`envoy.resource_monitors.downstream_connections\` resource monitor.\tthread=${v(g.int(14, 30))}`
        ),
    },
    {
      w: 1,
      make: (g) =>
        agent(
          g,
          'info',
          'xdsproxy',
          T`Envoy ADS stream closed: ${v(g.pick(['rpc error: code = Canceled desc = context canceled', 'EOF']))}`
        ),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 17. Elasticsearch 8 server log (ECS JSON layout, as written to stdout in a container)

interface EsNode {
  name: string;
  id: string;
}
const ES_NODES: EsNode[] = [
  { name: 'es-data-0', id: 'q3Yc0fTRRkiqH4vN0u6Kkw' },
  { name: 'es-data-1', id: 'B7mR1p0eT2yXo9dLbG1w8A' },
  { name: 'es-data-2', id: 'x0ZPc2VqQ5aD3nq7hKc1vA' },
];
const ES_CLUSTER_UUID = 'Kp1b3nVYQ0m5vJ8hT2c6ZA';

function esThread(g: Gen, node: string, pool: string): string {
  return `elasticsearch[${node}][${pool}][T#${g.int(1, 8)}]`;
}

/**
 * One ECS line: `{"@timestamp":..., "log.level": ..., "message":..., "ecs.version": "1.2.0",...}`
 * with the layout's own mixed spacing; `joined` false: before the node joined a cluster (no
 * cluster uuid, no node id); `error`: exception fields.
 */
function es(
  g: Gen,
  level: string,
  logger: string,
  pool: string,
  msg: Made,
  opts: { joined?: boolean; error?: [string, string] } = {}
): Made {
  const node = g.pick(ES_NODES);
  const joined = opts.joined ?? true;
  const tail: Array<[string, unknown]> = [
    ['service.name', 'ES_ECS'],
    ['event.dataset', 'elasticsearch.server'],
    ['process.thread.name', pool === 'main' ? 'main' : esThread(g, node.name, pool)],
    ['log.logger', logger],
    ...(joined
      ? ([
          ['elasticsearch.cluster.uuid', ES_CLUSTER_UUID],
          ['elasticsearch.node.id', node.id],
        ] as Array<[string, unknown]>)
      : []),
    ['elasticsearch.node.name', node.name],
    ['elasticsearch.cluster.name', 'logs-prod'],
  ];
  if (opts.error) {
    tail.push(
      ['error.type', opts.error[0]],
      ['error.message', opts.error[1]],
      [
        'error.stack_trace',
        `${opts.error[0]}: ${opts.error[1]}\n\tat org.elasticsearch.server@8.13.4/org.elasticsearch.action.support.TransportAction$1.onFailure(TransportAction.java:${g.int(80, 120)})\n\tat org.elasticsearch.server@8.13.4/org.elasticsearch.action.ActionListener$2.onFailure(ActionListener.java:${g.int(150, 200)})`,
      ]
    );
  }
  const enc = (x: unknown) => JSON.stringify(x);
  const ts = g.iso();
  const msgLine = enc(msg.line);
  const msgTruth = enc(msg.template);
  const tailLine = tail.map(([k, x]) => `${enc(k)}:${enc(x)}`).join(',');
  const tailTruth = tail.map(([k]) => `${enc(k)}:<*>`).join(',');
  return {
    line: `{"@timestamp":${enc(ts)}, "log.level": ${enc(level)}, "message":${msgLine}, "ecs.version": "1.2.0",${tailLine}}`,
    template: `{"@timestamp":<*>, "log.level": <*>, "message":${msgTruth}, "ecs.version": <*>,${tailTruth}}`,
  };
}

function esIndex(g: Gen): string {
  return `${g.pick(['logs-app', 'logs-nginx', 'metrics-node'])}-2024.06.${g.int(10, 12)}`;
}
function esDataStreamIndex(g: Gen): string {
  return `.ds-${g.pick(['logs-app-default', 'logs-nginx-default', 'metrics-system-default'])}-2024.06.${p2(g.int(1, 12))}-${String(g.int(1, 40)).padStart(6, '0')}`;
}
function esNodeDesc(g: Gen, n: EsNode): string {
  return `{${n.name}}{${n.id}}{${g.alnum(22, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}}{${n.name}}{10.0.3.${ES_NODES.indexOf(n) + 11}}{10.0.3.${ES_NODES.indexOf(n) + 11}:9300}{cdfhilmrstw}{8.13.4}{7000099-8505000}`;
}
const ILM_STEPS = [
  '{"phase":"hot","action":"rollover","name":"check-rollover-ready"}',
  '{"phase":"hot","action":"rollover","name":"attempt-rollover"}',
  '{"phase":"hot","action":"complete","name":"complete"}',
  '{"phase":"warm","action":"forcemerge","name":"forcemerge"}',
  '{"phase":"delete","action":"delete","name":"delete"}',
];

const elasticsearch: FormatSpec = {
  name: 'elasticsearch-json',
  split: 'tuned',
  description: 'Elasticsearch 8 server log, ECS JSON layout (three data nodes), with exception fields on failures',
  templates: [
    {
      w: 10,
      make: (g) =>
        es(
          g,
          g.pickSkewed(['INFO', 'INFO', 'WARN']),
          'org.elasticsearch.monitor.jvm.JvmGcMonitorService',
          'scheduler',
          T`[gc][${v(g.int(10000, 999999))}] overhead, spent [${v(`${g.int(100, 2000)}ms`)}] collecting in the last [${v(g.pick(['1s', '1.1s', '1.2s']))}]`
        ),
    },
    {
      w: 6,
      make: (g) =>
        es(
          g,
          'INFO',
          'org.elasticsearch.cluster.metadata.MetadataCreateIndexService',
          'masterService#updateTask',
          T`[${v(esIndex(g))}] creating index, cause [${v(g.pick(['auto(bulk api)', 'api', 'rollover_data_stream']))}], templates [${v(g.pick(['logs-app', 'logs', 'metrics']))}], shards [${v(1)}]/[${v(1)}]`
        ),
    },
    {
      w: 10,
      make: (g) =>
        es(
          g,
          'INFO',
          'org.elasticsearch.cluster.metadata.MetadataMappingService',
          'masterService#updateTask',
          T`[${v(`${esDataStreamIndex(g)}/${g.alnum(22, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-')}`)}] update_mapping [${v('_doc')}]`
        ),
    },
    {
      w: 4,
      make: (g) => {
        const [from, to] = g.pick([
          ['YELLOW', 'GREEN'],
          ['RED', 'YELLOW'],
          ['GREEN', 'YELLOW'],
        ]);
        return es(
          g,
          'INFO',
          'org.elasticsearch.cluster.routing.allocation.AllocationService',
          'masterService#updateTask',
          T`Cluster health status changed from [${v(from)}] to [${v(to)}] (reason: [${v(g.pick([`shards started [[${esIndex(g)}][0]]`, `index [${esIndex(g)}] created`, `{${g.pick(ES_NODES).name}}{${g.pick(ES_NODES).id}} reason: disconnected`]))}]).`
        );
      },
    },
    {
      w: 5,
      make: (g) => {
        const n = g.pick(ES_NODES);
        return es(
          g,
          'INFO',
          'org.elasticsearch.cluster.routing.allocation.DiskThresholdMonitor',
          'management',
          T`low disk watermark [${v('85%')}] exceeded on [${v(n.id)}][${v(n.name)}][${v('/usr/share/elasticsearch/data')}] free: ${v(`${g.float(10, 30, 1)}gb`)}[${v(`${g.float(10, 15, 1)}%`)}], replicas will not be assigned to this node`
        );
      },
    },
    {
      w: 1.5,
      make: (g) => {
        const n = g.pick(ES_NODES);
        return es(
          g,
          'WARN',
          'org.elasticsearch.cluster.routing.allocation.DiskThresholdMonitor',
          'management',
          T`high disk watermark [${v('90%')}] exceeded on [${v(n.id)}][${v(n.name)}][${v('/usr/share/elasticsearch/data')}] free: ${v(`${g.float(3, 9.9, 1)}gb`)}[${v(`${g.float(5, 9.9, 1)}%`)}], shards will be relocated away from this node; currently relocating away shards totalling [${v(g.int(0, 9e9))}] bytes; the node is expected to continue to exceed the high disk watermark when these relocations are complete`
        );
      },
    },
    {
      w: 8,
      make: (g) => {
        const i = g.int(0, ILM_STEPS.length - 2);
        return es(
          g,
          'INFO',
          'org.elasticsearch.xpack.ilm.IndexLifecycleTransition',
          'management',
          T`moving index [${v(esDataStreamIndex(g))}] from [${v(ILM_STEPS[i])}] to [${v(ILM_STEPS[i + 1])}] in policy [${v(g.pick(['logs', 'metrics', '30-days-default']))}]`
        );
      },
    },
    {
      w: 3,
      make: (g) =>
        es(
          g,
          'INFO',
          'org.elasticsearch.xpack.core.ilm.DeleteStep',
          'management',
          T`[${v(esDataStreamIndex(g))}] deleting index`
        ),
    },
    {
      w: 3,
      make: (g) => {
        const n = g.pick(ES_NODES);
        return es(
          g,
          'WARN',
          'org.elasticsearch.transport.TransportService',
          'management',
          T`Received response for a request that has timed out, sent [${v(`${g.float(15, 90, 1)}s/${g.int(15000, 90000)}ms`)}] ago, timed out [${v(`${g.float(1, 60, 1)}s/${g.int(1000, 60000)}ms`)}] ago, action [${v(g.pick(['indices:monitor/stats[n]', 'cluster:monitor/nodes/stats[n]', 'internal:coordination/fault_detection/follower_check']))}], node [${v(esNodeDesc(g, n))}], id [${v(g.int(100000, 9999999))}]`
        );
      },
    },
    {
      w: 2,
      make: (g) => {
        const n = g.pick(ES_NODES);
        return es(
          g,
          'WARN',
          'org.elasticsearch.cluster.coordination.LagDetector',
          'generic',
          T`node [${v(esNodeDesc(g, n))}] is lagging at cluster state version [${v(g.int(1000, 9999))}], although publication of cluster state version [${v(g.int(1000, 9999))}] completed [${v('1.5m')}] ago`
        );
      },
    },
    {
      w: 2,
      make: (g) =>
        es(
          g,
          'WARN',
          'org.elasticsearch.rest.RestResponse',
          'write',
          T`path: ${v(g.pick(['/_bulk', `/${esIndex(g)}/_bulk`]))}, params: ${v(g.pick(['{}', `{index=${esIndex(g)}}`]))}, status: ${v(429)}`,
          {
            error: [
              'org.elasticsearch.common.util.concurrent.EsRejectedExecutionException',
              `rejected execution of coordinating operation [coordinating_and_primary_bytes=${g.int(1e8, 9e8)}, replica_bytes=0, all_bytes=${g.int(1e8, 9e8)}, coordinating_operation_bytes=${g.int(1e6, 9e7)}, max_coordinating_and_primary_bytes=${g.int(1e8, 9e8)}]`,
            ],
          }
        ),
    },
    {
      w: 2,
      make: (g) =>
        es(
          g,
          'WARN',
          'org.elasticsearch.xpack.security.authc.RealmsAuthenticator',
          'transport_worker',
          T`Authentication of [${v(g.pick(['elastic', 'kibana_system', 'fluent-bit', 'beats_system']))}] was terminated by realm [${v(g.pick(['reserved', 'native1']))}] - failed to authenticate user [${v(g.pick(['elastic', 'kibana_system', 'fluent-bit', 'beats_system']))}]`
        ),
    },
    {
      w: 1,
      make: (g) =>
        es(
          g,
          'INFO',
          'org.elasticsearch.cluster.service.MasterService',
          'masterService#updateTask',
          T`node-join[${v(esNodeDesc(g, g.pick(ES_NODES)))} ${v(g.pick(['joining', 'rejoining after restart, removed [1.2m] ago with reason [disconnected]']))}], term: ${v(g.int(3, 9))}, version: ${v(g.int(1000, 9999))}, delta: added {${v(esNodeDesc(g, g.pick(ES_NODES)))}}`
        ),
    },
    {
      w: 1,
      make: (g) =>
        es(
          g,
          'INFO',
          'org.elasticsearch.cluster.service.ClusterApplierService',
          'clusterApplierService#updateTask',
          T`removed {${v(esNodeDesc(g, g.pick(ES_NODES)))}}, term: ${v(g.int(3, 9))}, version: ${v(g.int(1000, 9999))}, reason: ${v(`Publication{term=${g.int(3, 9)}, version=${g.int(1000, 9999)}}`)}`
        ),
    },
    {
      w: 1,
      make: (g) =>
        es(
          g,
          'ERROR',
          'org.elasticsearch.xpack.ilm.IndexLifecycleRunner',
          'management',
          T`policy [${v(g.pick(['logs', 'metrics']))}] for index [${v(esDataStreamIndex(g))}] failed on step [${v(ILM_STEPS[1])}]. Moving to ERROR step`,
          {
            error: [
              'java.lang.IllegalArgumentException',
              `index.lifecycle.rollover_alias [${g.pick(['logs-app', 'metrics'])}] does not point to index [${esDataStreamIndex(g)}]`,
            ],
          }
        ),
    },
    {
      w: 0.3,
      make: (g) =>
        es(
          g,
          'INFO',
          'org.elasticsearch.node.Node',
          'main',
          T`version[${v('8.13.4')}], pid[${v(g.int(7, 99))}], build[${v('docker/da95df118650b55a500dcc181889ac35c6d8da7c/2024-05-06T22:04:45.107454559Z')}], OS[${v('Linux/5.15.0-105-generic/amd64')}], JVM[${v('Oracle Corporation/OpenJDK 64-Bit Server VM/22.0.1/22.0.1+8-16')}]`,
          { joined: false }
        ),
    },
    {
      w: 0.3,
      make: (g) =>
        es(
          g,
          'INFO',
          'org.elasticsearch.node.Node',
          'main',
          T`JVM home [${v('/usr/share/elasticsearch/jdk')}], using bundled JDK [${v('true')}]`,
          { joined: false }
        ),
    },
    {
      w: 0.3,
      make: (g) =>
        es(g, 'INFO', 'org.elasticsearch.node.Node', 'main', T`started {${v(esNodeDesc(g, g.pick(ES_NODES)))}}`),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 18. HashiCorp hclog: a Consul server agent and a Vault server (`time [LEVEL]  name: message:
// key=value ...`)

function hclogTime(g: Gen): string {
  return g.iso();
}
const HC_LEVEL: Record<string, string> = {
  TRACE: '[TRACE]',
  DEBUG: '[DEBUG]',
  INFO: '[INFO] ',
  WARN: '[WARN] ',
  ERROR: '[ERROR]',
};
function hc(g: Gen, level: string, name: string, msg: Made): Made {
  return cat(T`${v(hclogTime(g))} ${HC_LEVEL[level]} ${name}: `, msg);
}
const CONSUL_CLIENTS = [
  'consul-client-1',
  'consul-client-2',
  'consul-client-3',
  'ip-10-0-2-17',
  'ip-10-0-2-41',
  'ip-10-0-2-58',
];
function consulService(g: Gen): string {
  return `${g.pick(SERVICES)}-${g.pick(['sidecar-proxy', ''])}`.replace(/-$/, '') + `-${g.hex(6)}`;
}

const hclog: FormatSpec = {
  name: 'hashicorp-hclog',
  split: 'tuned',
  description:
    'HashiCorp hclog text: Consul server agent (serf, raft, http, checks) and Vault server (core, expiration, auth)',
  templates: [
    { w: 6, make: (g) => hc(g, 'INFO', 'agent', T`Synced node info`) },
    { w: 5, make: (g) => hc(g, 'INFO', 'agent', T`Synced service: service=${v(consulService(g))}`) },
    { w: 2, make: (g) => hc(g, 'INFO', 'agent', T`Deregistered service: service=${v(consulService(g))}`) },
    {
      w: 6,
      make: (g) =>
        hc(
          g,
          'DEBUG',
          'agent',
          T`Check status updated: check=${v(`service:${consulService(g)}${g.pick(['', ':1', ':2'])}`)} status=${v(g.pickSkewed(['passing', 'passing', 'warning', 'critical']))}`
        ),
    },
    {
      w: 3,
      make: (g) =>
        hc(
          g,
          'WARN',
          'agent',
          T`Check is now critical: check=${v(`service:${consulService(g)}${g.pick(['', ':1'])}`)}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        hc(
          g,
          'WARN',
          'agent',
          T`Check socket connection failed: check=${v(`service:${consulService(g)}`)} error=${v(`"dial tcp ${g.privateIp()}:${g.pick([8080, 6379, 5432])}: connect: ${g.pick(['connection refused', 'no route to host'])}"`)}`
        ),
    },
    {
      w: 14,
      make: (g) =>
        hc(
          g,
          'DEBUG',
          'agent.http',
          T`Request finished: method=${v(g.pickSkewed(['GET', 'GET', 'PUT']))} url=${v(g.pickSkewed([`/v1/health/service/${g.pick(SERVICES)}?index=${g.int(1000, 999999)}&passing=1&wait=60000ms`, '/v1/agent/self', `/v1/kv/config/${g.pick(SERVICES)}?index=${g.int(1000, 999999)}`, '/v1/status/leader', '/v1/agent/services', `/v1/catalog/service/${g.pick(SERVICES)}`]))} from=${v(`${g.pick(['127.0.0.1', g.privateIp()])}:${g.int(30000, 60999)}`)} latency=${v(g.pick([`${g.float(0.05, 9, 3)}ms`, `${g.float(10, 300, 3)}µs`, `${g.float(1, 60, 6)}s`]))}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        hc(
          g,
          'ERROR',
          'agent.http',
          T`Request error: method=${v(g.pick(['GET', 'PUT']))} url=${v(`/v1/kv/${g.pick(['config', 'locks', 'vault'])}/${g.pick(SERVICES)}`)} from=${v(`${g.privateIp()}:${g.int(30000, 60999)}`)} error=${v(g.pick(['"Permission denied"', '"rpc error making call: ACL not found"', '"Missing node registration"']))}`
        ),
    },
    {
      w: 3,
      make: (g) =>
        hc(
          g,
          'INFO',
          'agent.server.serf.lan',
          T`serf: EventMemberJoin: ${v(g.pick(CONSUL_CLIENTS))} ${v(g.privateIp())}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        hc(
          g,
          'INFO',
          'agent.server.serf.lan',
          T`serf: EventMemberFailed: ${v(g.pick(CONSUL_CLIENTS))} ${v(g.privateIp())}`
        ),
    },
    {
      w: 1,
      make: (g) =>
        hc(
          g,
          'INFO',
          'agent.server.serf.lan',
          T`serf: EventMemberLeave: ${v(g.pick(CONSUL_CLIENTS))} ${v(g.privateIp())}`
        ),
    },
    {
      w: 3,
      make: (g) =>
        hc(
          g,
          'INFO',
          'agent.server',
          T`member joined, marking health alive: member=${v(g.pick(CONSUL_CLIENTS))} partition=${v('default')}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        hc(
          g,
          'INFO',
          'agent.server',
          T`member failed, marking health critical: member=${v(g.pick(CONSUL_CLIENTS))} partition=${v('default')}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        hc(
          g,
          'INFO',
          'agent.server.memberlist.lan',
          T`memberlist: Suspect ${v(g.pick(CONSUL_CLIENTS))} has failed, no acks received`
        ),
    },
    {
      w: 1,
      make: (g) =>
        hc(
          g,
          'WARN',
          'agent.server.memberlist.lan',
          T`memberlist: Was able to connect to ${v(g.pick(CONSUL_CLIENTS))} over TCP but UDP probes failed, network may be misconfigured`
        ),
    },
    { w: 2, make: (g) => hc(g, 'INFO', 'agent.server.raft', T`starting snapshot up to: index=${v(g.int(1e5, 9e6))}`) },
    { w: 2, make: (g) => hc(g, 'INFO', 'agent.server.raft', T`snapshot complete up to: index=${v(g.int(1e5, 9e6))}`) },
    {
      w: 2,
      make: (g) => {
        const to = g.int(1e5, 9e6);
        return hc(g, 'INFO', 'agent.server.raft', T`compacting logs: from=${v(to - 10240)} to=${v(to)}`);
      },
    },
    {
      w: 2,
      make: (g) => hc(g, 'INFO', 'agent.server.fsm', T`snapshot created: duration=${v(`${g.float(0.1, 90, 3)}ms`)}`),
    },
    {
      w: 1,
      make: (g) =>
        hc(
          g,
          'ERROR',
          'agent.client',
          T`RPC failed to server: method=${v(g.pick(['Catalog.NodeServices', 'Health.ServiceNodes', 'KVS.Get']))} server=${v(`${g.privateIp()}:8300`)} error=${v(g.pick(['"rpc error making call: EOF"', '"rpc error getting client: failed to get conn: dial tcp <nil>->10.0.1.12:8300: i/o timeout"', '"rpc error making call: No cluster leader"']))}`
        ),
    },
    // Vault
    {
      w: 6,
      make: (g) =>
        hc(
          g,
          'INFO',
          'expiration',
          T`revoked lease: lease_id=${v(`${g.pick(['auth/kubernetes/login', 'database/creds/app', 'aws/creds/deploy'])}/${g.alnum(24, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`)}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        hc(
          g,
          'ERROR',
          'auth.kubernetes.auth_kubernetes_5e4f1c2a',
          T`login unauthorized: err=${v(g.pick(['"lookup failed: service account unauthorized; this could mean it has been deleted or recreated with a new token"', '"service account name not authorized"', '"namespace not authorized"']))}`
        ),
    },
    {
      w: 1,
      make: (g) =>
        hc(
          g,
          'ERROR',
          'secrets.database.database_8a1d2f3b',
          T`error creating user: error=${v(g.pick(['"failed to verify connection: dial tcp 10.0.4.20:5432: connect: connection refused"', '"pq: role \\"v-kubernet-app-3f2b\\" already exists"']))}`
        ),
    },
    {
      w: 0.4,
      make: (g) =>
        hc(
          g,
          'INFO',
          'core',
          T`successful mount: namespace=${v('""')} path=${v(g.pick(['secret/', 'database/', 'aws/', 'pki/']))} type=${v(g.pick(['kv', 'database', 'aws', 'pki']))} version=${v('""')}`
        ),
    },
    { w: 0.3, make: (g) => hc(g, 'INFO', 'core', T`post-unseal setup complete`) },
    { w: 0.3, make: (g) => hc(g, 'WARN', 'core', T`leadership lost, stopping active operation`) },
    {
      w: 1,
      make: (g) =>
        hc(
          g,
          'ERROR',
          'core',
          T`error during forwarded RPC request: error=${v(g.pick(['"rpc error: code = Canceled desc = context canceled"', '"rpc error: code = Unavailable desc = connection error"']))}`
        ),
    },
    {
      w: 1,
      make: (g) => hc(g, 'INFO', 'storage.raft', T`snapshot complete up to: index=${v(g.int(1e5, 9e6))}`),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 19. Apache Kafka 3.x broker, log4j `[%d] %p %m (%c)%n` (server.log of three brokers)

function kafkaTime(g: Gen): string {
  const d = new Date(g.now);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())},${p3(d.getUTCMilliseconds())}`;
}
function kf(g: Gen, level: string, msg: Made, logger: string): Made {
  return cat(T`[${v(kafkaTime(g))}] ${level} `, msg, T` (${logger})`);
}
const KAFKA_TOPICS = ['orders', 'payments', 'inventory-events', 'clickstream', '__consumer_offsets'];
const KAFKA_GROUPS = ['order-processor', 'payment-service', 'analytics-sink', 'search-indexer'];
function topicPartition(g: Gen): string {
  const t = g.pickSkewed(KAFKA_TOPICS);
  return `${t}-${g.int(0, t === '__consumer_offsets' ? 49 : 11)}`;
}
function brokerId(g: Gen): number {
  return g.int(1, 3);
}
function memberId(g: Gen, group: string): string {
  return `consumer-${group}-${g.int(1, 4)}-${g.uuid()}`;
}
const KAFKA_DIR = '/var/lib/kafka/data';
function isr(g: Gen): string {
  return g.pick(['1,2,3', '2,3,1', '3,1,2', '1,2', '2,3', '1,3']);
}

const kafka: FormatSpec = {
  name: 'kafka-broker',
  split: 'tuned',
  description:
    'Apache Kafka 3.x broker server.log (log4j): group coordinator, partitions, log segments, replica fetchers',
  templates: [
    {
      w: 6,
      make: (g) => {
        const grp = g.pick(KAFKA_GROUPS);
        const reason = g.pickSkewed([
          `Adding new member ${memberId(g, grp)} with group instance id None; client reason: rebalance failed due to MemberIdRequiredException`,
          `Leader ${memberId(g, grp)} re-joining group during Stable; client reason: triggered followup rebalance scheduled for 0`,
          `removing member ${memberId(g, grp)} on LeaveGroup; client reason: the consumer is being closed`,
          `Removing member ${memberId(g, grp)} on heartbeat expiration`,
        ]);
        return kf(
          g,
          'INFO',
          T`[GroupCoordinator ${v(brokerId(g))}]: Preparing to rebalance group ${v(grp)} in state PreparingRebalance with old generation ${v(g.int(1, 900))} (${v(`__consumer_offsets-${g.int(0, 49)}`)}) (reason: ${v(reason)})`,
          'kafka.coordinator.group.GroupCoordinator'
        );
      },
    },
    {
      w: 6,
      make: (g) =>
        kf(
          g,
          'INFO',
          T`[GroupCoordinator ${v(brokerId(g))}]: Stabilized group ${v(g.pick(KAFKA_GROUPS))} generation ${v(g.int(1, 900))} (${v(`__consumer_offsets-${g.int(0, 49)}`)}) with ${v(g.int(1, 12))} members`,
          'kafka.coordinator.group.GroupCoordinator'
        ),
    },
    {
      w: 6,
      make: (g) => {
        const grp = g.pick(KAFKA_GROUPS);
        return kf(
          g,
          'INFO',
          T`[GroupCoordinator ${v(brokerId(g))}]: Assignment received from leader ${v(memberId(g, grp))} for group ${v(grp)} for generation ${v(g.int(1, 900))}. The group has ${v(g.int(1, 12))} members, ${v(0)} of which are static.`,
          'kafka.coordinator.group.GroupCoordinator'
        );
      },
    },
    {
      w: 2,
      make: (g) => {
        const grp = g.pick(KAFKA_GROUPS);
        return kf(
          g,
          'INFO',
          T`[GroupCoordinator ${v(brokerId(g))}]: Member ${v(memberId(g, grp))} in group ${v(grp)} has failed, removing it from the group`,
          'kafka.coordinator.group.GroupCoordinator'
        );
      },
    },
    {
      w: 14,
      make: (g) =>
        kf(
          g,
          'INFO',
          T`[GroupMetadataManager brokerId=${v(brokerId(g))}] Removed ${v(g.pickSkewed([0, 0, 0, 1, 3, 12]))} expired offsets in ${v(g.pickSkewed([0, 1, 1, 2, 5]))} milliseconds.`,
          'kafka.coordinator.group.GroupMetadataManager'
        ),
    },
    {
      w: 8,
      make: (g) =>
        kf(
          g,
          'INFO',
          T`[LocalLog partition=${v(topicPartition(g))}, dir=${v(KAFKA_DIR)}] Rolled new log segment at offset ${v(g.int(1e5, 9e8))} in ${v(g.int(0, 12))} ms.`,
          'kafka.log.LocalLog'
        ),
    },
    {
      w: 8,
      make: (g) =>
        kf(
          g,
          'INFO',
          T`[ProducerStateManager partition=${v(topicPartition(g))}] Wrote producer snapshot at offset ${v(g.int(1e5, 9e8))} with ${v(g.pickSkewed([0, 0, 1, 2, 14]))} producer ids in ${v(g.int(0, 9))} ms.`,
          'kafka.log.ProducerStateManager'
        ),
    },
    {
      w: 5,
      make: (g) => {
        const base = g.int(1e5, 9e8);
        const ts = g.int(1717000000000, 1718000000000);
        return kf(
          g,
          'INFO',
          T`[UnifiedLog partition=${v(topicPartition(g))}, dir=${v(KAFKA_DIR)}] Deleting segment ${v(`LogSegment(baseOffset=${base}, size=${g.int(1e6, 1073741824)}, lastModifiedTime=${ts + 1234}, largestRecordTimestamp=Some(${ts}))`)} due to retention time ${v('604800000ms')} breach based on the largest record timestamp in the segment`,
          'kafka.log.UnifiedLog'
        );
      },
    },
    {
      w: 5,
      make: (g) =>
        kf(
          g,
          'INFO',
          T`[UnifiedLog partition=${v(topicPartition(g))}, dir=${v(KAFKA_DIR)}] Incremented log start offset to ${v(g.int(1e5, 9e8))} due to ${v(g.pick(['SegmentDeletion', 'LeaderOffsetIncremented']))}`,
          'kafka.log.UnifiedLog'
        ),
    },
    {
      w: 4,
      make: (g) => {
        const b = brokerId(g);
        return kf(
          g,
          'INFO',
          T`[Partition ${v(topicPartition(g))} broker=${v(b)}] ISR updated to ${v(isr(g))} and version updated to ${v(g.int(1, 400))}`,
          'kafka.cluster.Partition'
        );
      },
    },
    {
      w: 2,
      make: (g) => {
        const hw = g.int(1e5, 9e8);
        return kf(
          g,
          'INFO',
          T`[Partition ${v(topicPartition(g))} broker=${v(brokerId(g))}] Shrinking ISR from ${v('1,2,3')} to ${v(g.pick(['1,2', '1,3']))}. Leader: (highWatermark: ${v(hw)}, endOffset: ${v(hw + g.int(0, 900))}). Out of sync replicas: ${v(`(brokerId: ${g.pick([2, 3])}, endOffset: ${hw - g.int(0, 900)}, lastCaughtUpTimeMs: ${g.int(1717000000000, 1718000000000)})`)}.`,
          'kafka.cluster.Partition'
        );
      },
    },
    {
      w: 2,
      make: (g) =>
        kf(
          g,
          'INFO',
          T`[Partition ${v(topicPartition(g))} broker=${v(brokerId(g))}] Log loaded for partition ${v(topicPartition(g))} with initial high watermark ${v(g.int(0, 9e8))}`,
          'kafka.cluster.Partition'
        ),
    },
    {
      w: 2,
      make: (g) => {
        const me = brokerId(g);
        return kf(
          g,
          'INFO',
          T`[ReplicaFetcher replicaId=${v(me)}, leaderId=${v((me % 3) + 1)}, fetcherId=${v(g.int(0, 1))}] Error sending fetch request (sessionId=${v(g.int(1e8, 2e9))}, epoch=${v(g.int(1, 99999))}) to node ${v((me % 3) + 1)}:`,
          'org.apache.kafka.clients.FetchSessionHandler'
        );
      },
    },
    {
      w: 1,
      make: (g) => {
        const me = brokerId(g);
        return kf(
          g,
          'WARN',
          T`[ReplicaFetcher replicaId=${v(me)}, leaderId=${v((me % 3) + 1)}, fetcherId=${v(g.int(0, 1))}] Received ${v(g.pick(['NOT_LEADER_OR_FOLLOWER', 'UNKNOWN_TOPIC_OR_PARTITION', 'FENCED_LEADER_EPOCH']))} from the leader for partition ${v(topicPartition(g))}. This error may be returned transiently when the partition is being created or deleted, but it is not expected to persist.`,
          'kafka.server.ReplicaFetcherThread'
        );
      },
    },
    {
      w: 2,
      make: (g) => {
        const ip = g.privateIp();
        return kf(
          g,
          'INFO',
          T`[SocketServer listenerType=${v('ZK_BROKER')}, nodeId=${v(brokerId(g))}] Failed authentication with ${v(`/${ip}`)} (channelId=${v(`10.0.5.${g.int(11, 13)}:9093-${ip}:${g.int(30000, 60999)}-${g.int(1, 999)}`)}) (${v(g.pick(['SSL handshake failed', 'Unexpected Kafka request of type METADATA during SASL handshake.', 'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512']))})`,
          'org.apache.kafka.common.network.Selector'
        );
      },
    },
    {
      w: 1,
      make: (g) =>
        kf(
          g,
          'INFO',
          T`[Controller id=${v(brokerId(g))}] Processing automatic preferred replica leader election`,
          'kafka.controller.KafkaController'
        ),
    },
    {
      w: 1,
      make: (g) =>
        kf(
          g,
          'INFO',
          T`[TransactionCoordinator id=${v(brokerId(g))}] Initialized transactionalId ${v(`${g.pick(['order-processor', 'payment-service'])}-tx-${g.int(0, 11)}`)} with producerId ${v(g.int(1000, 99999))} and producer epoch ${v(g.int(0, 90))} on partition ${v(`__transaction_state-${g.int(0, 49)}`)}`,
          'kafka.coordinator.transaction.TransactionCoordinator'
        ),
    },
    {
      w: 0.5,
      make: (g) =>
        kf(
          g,
          'WARN',
          T`[Controller id=${v(brokerId(g))}, targetBrokerId=${v(brokerId(g))}] Connection to node ${v(brokerId(g))} (${v(`kafka-${g.int(0, 2)}.kafka-headless.kafka.svc.cluster.local/10.0.5.${g.int(11, 13)}:9092`)}) could not be established. Broker may not be available.`,
          'org.apache.kafka.clients.NetworkClient'
        ),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 20. MongoDB 6/7 structured log (one JSON object per line: t, s, c, id, ctx, msg, attr, tags)

function mongoTime(g: Gen): string {
  return new Date(g.now).toISOString().replace('Z', '+00:00');
}
function padTo(s: string, width: number): string {
  return s + ' '.repeat(Math.max(1, width - s.length));
}

/** A mongod line with its real alignment padding after `s`, `c` and `id`. */
function mongo(
  g: Gen,
  sev: string,
  comp: string,
  id: number,
  ctx: string,
  msg: Made,
  attr?: Record<string, unknown>,
  tags?: string[]
): Made {
  const enc = (x: unknown) => JSON.stringify(x);
  const sPart = padTo(`"s":${enc(sev)},`, 10);
  const cPart = padTo(`"c":${enc(comp)},`, 16);
  const idPart = padTo(`"id":${id},`, 14);
  const rest = (m: string) =>
    `"ctx":${enc(ctx)},"msg":${enc(m)}${attr ? `,"attr":${enc(attr)}` : ''}${tags ? `,"tags":${enc(tags)}` : ''}}`;
  const restTruth = (m: string) => `"ctx":<*>,"msg":${enc(m)}${attr ? ',"attr":<*>' : ''}${tags ? ',"tags":<*>' : ''}}`;
  // the separators after each value are kept in the truth (the padding is part of the line's shape)
  const sep = (part: string) => part.slice(part.indexOf(',') + 1);
  return {
    line: `{"t":{"$date":${enc(mongoTime(g))}},${sPart}${cPart}${idPart}${rest(msg.line)}`,
    template: `{"t":<*>,"s":<*>,${sep(sPart)}"c":<*>,${sep(cPart)}"id":<*>,${sep(idPart)}${restTruth(msg.template)}`,
  };
}

function mongoConn(g: Gen): string {
  return `conn${g.int(1000, 99999)}`;
}
function mongoUuid(g: Gen): Record<string, unknown> {
  return { uuid: { $uuid: g.uuid() } };
}
const MONGO_NS = ['shop.orders', 'shop.carts', 'shop.products', 'auth.sessions', 'analytics.events'];
const MONGO_DRIVERS: Array<Record<string, unknown>> = [
  { driver: { name: 'nodejs', version: '6.6.2' }, platform: 'Node.js v20.14.0, LE (unified)' },
  { driver: { name: 'mongo-go-driver', version: 'v1.15.0' }, platform: 'go1.22.4' },
  { driver: { name: 'PyMongo', version: '4.7.3' }, platform: 'CPython 3.12.3.final.0' },
];

const mongodb: FormatSpec = {
  name: 'mongodb-json',
  split: 'tuned',
  description:
    'MongoDB 7 structured JSON log (replica set member): network, access, slow queries, WiredTiger, replication',
  templates: [
    {
      w: 16,
      make: (g) =>
        mongo(g, 'I', 'NETWORK', 22943, 'listener', T`Connection accepted`, {
          remote: `${g.privateIp()}:${g.int(30000, 60999)}`,
          isLoadBalanced: false,
          uuid: mongoUuid(g),
          connectionId: g.int(1000, 99999),
          connectionCount: g.int(20, 400),
        }),
    },
    {
      w: 15,
      make: (g) =>
        mongo(g, 'I', 'NETWORK', 22944, mongoConn(g), T`Connection ended`, {
          remote: `${g.privateIp()}:${g.int(30000, 60999)}`,
          isLoadBalanced: false,
          uuid: mongoUuid(g),
          connectionId: g.int(1000, 99999),
          connectionCount: g.int(20, 400),
        }),
    },
    {
      w: 10,
      make: (g) => {
        const c = mongoConn(g);
        const d = g.pick(MONGO_DRIVERS);
        return mongo(g, 'I', 'NETWORK', 51800, c, T`client metadata`, {
          remote: `${g.privateIp()}:${g.int(30000, 60999)}`,
          client: c,
          negotiatedCompressors: [],
          doc: {
            ...(g.chance(0.5) ? { application: { name: g.pick(SERVICES) } } : {}),
            driver: d.driver,
            os: { type: 'Linux', name: 'linux', architecture: 'x64', version: '5.15.0-105-generic' },
            platform: d.platform,
          },
        });
      },
    },
    {
      w: 8,
      make: (g) =>
        mongo(
          g,
          'I',
          'NETWORK',
          6788700,
          mongoConn(g),
          T`Received first command on ingress connection since session start or auth handshake`,
          {
            elapsedMillis: g.int(0, 40),
          }
        ),
    },
    {
      w: 8,
      make: (g) => {
        const c = mongoConn(g);
        return mongo(g, 'I', 'ACCESS', 5286306, c, T`Successfully authenticated`, {
          client: `${g.privateIp()}:${g.int(30000, 60999)}`,
          isSpeculative: g.chance(0.8),
          isClusterMember: false,
          mechanism: 'SCRAM-SHA-256',
          user: g.pick(['app', 'analytics', 'backup']),
          db: 'admin',
          result: 0,
          metrics: {
            conversation_duration: {
              micros: g.int(2000, 90000),
              summary: {
                '0': { step: 1, step_total: 2, duration_micros: g.int(100, 900) },
                '1': { step: 2, step_total: 2, duration_micros: g.int(10, 90) },
              },
            },
          },
          extraInfo: {},
        });
      },
    },
    {
      w: 2,
      make: (g) =>
        mongo(g, 'I', 'ACCESS', 5286307, mongoConn(g), T`Failed to authenticate`, {
          client: `${g.privateIp()}:${g.int(30000, 60999)}`,
          isSpeculative: false,
          isClusterMember: false,
          mechanism: 'SCRAM-SHA-256',
          user: g.pick(['app', 'admin', 'root']),
          db: 'admin',
          error: g.pick([
            'AuthenticationFailed: SCRAM authentication failed, storedKey mismatch',
            'UserNotFound: Could not find user "root" for db "admin"',
          ]),
          result: g.pick([18, 11]),
          metrics: { conversation_duration: { micros: g.int(2000, 90000) } },
          extraInfo: {},
        }),
    },
    {
      w: 6,
      make: (g) => {
        const ns = g.pick(MONGO_NS);
        const coll = ns.split('.')[1];
        const docs = g.int(1000, 900000);
        return mongo(g, 'I', 'COMMAND', 51803, mongoConn(g), T`Slow query`, {
          type: 'command',
          isFromUserConnection: true,
          ns,
          collectionType: 'normal',
          appName: g.pick(SERVICES),
          command: {
            find: coll,
            filter: g.pick([
              { status: 'pending' },
              { userId: g.int(1, 99999) },
              { createdAt: { $gte: { $date: g.iso() } } },
            ]),
            limit: g.pick([20, 100]),
            lsid: { id: mongoUuid(g).uuid },
            $db: ns.split('.')[0],
          },
          planSummary: g.pick(['COLLSCAN', 'IXSCAN { userId: 1 }', 'IXSCAN { status: 1, createdAt: -1 }']),
          planningTimeMicros: g.int(50, 5000),
          keysExamined: g.int(0, docs),
          docsExamined: docs,
          nreturned: g.int(0, 100),
          queryHash: g.hex(8).toUpperCase(),
          planCacheKey: g.hex(8).toUpperCase(),
          queryFramework: 'classic',
          reslen: g.int(100, 90000),
          locks: { FeatureCompatibilityVersion: { acquireCount: { r: 1 } }, Global: { acquireCount: { r: 1 } } },
          readConcern: { level: 'local', provenance: 'implicitDefault' },
          storage: { data: { bytesRead: g.int(0, 9e7), timeReadingMicros: g.int(0, 9e5) } },
          remote: `${g.privateIp()}:${g.int(30000, 60999)}`,
          protocol: 'op_msg',
          durationMillis: g.int(100, 9000),
        });
      },
    },
    {
      w: 8,
      make: (g) =>
        mongo(g, 'I', 'WTCHKPT', 22430, 'Checkpointer', T`WiredTiger message`, {
          message: {
            ts_sec: Math.floor(g.now / 1000),
            ts_usec: g.int(0, 999999),
            thread: `1:0x7f${g.hex(10)}`,
            session_name: 'WT_SESSION.checkpoint',
            category: 'WT_VERB_CHECKPOINT_PROGRESS',
            category_id: 6,
            verbose_level: 'DEBUG_1',
            verbose_level_id: 1,
            msg: `saving checkpoint snapshot min: ${g.int(1e4, 9e6)}, snapshot max: ${g.int(1e4, 9e6)} snapshot count: 0, oldest timestamp: (${Math.floor(g.now / 1000) - 300}, 1) , meta checkpoint timestamp: (${Math.floor(g.now / 1000)}, 1) base write gen: ${g.int(1e4, 9e6)}`,
          },
        }),
    },
    {
      w: 2,
      make: (g) =>
        mongo(g, 'I', 'COMMAND', 20883, mongoConn(g), T`Interrupted operation as its client disconnected`, {
          opId: g.int(1e6, 9e8),
        }),
    },
    {
      w: 2,
      make: (g) =>
        mongo(g, 'I', 'REPL', 21215, 'ReplCoord-' + g.int(0, 40), T`Member is in new state`, {
          hostAndPort: `mongo-${g.int(0, 2)}.mongo.db.svc.cluster.local:27017`,
          newState: g.pick(['SECONDARY', 'PRIMARY', 'RECOVERING', 'STARTUP2']),
        }),
    },
    {
      w: 2,
      make: (g) =>
        mongo(g, 'I', 'REPL_HB', 23974, 'ReplCoord-' + g.int(0, 40), T`Heartbeat failed after max retries`, {
          target: `mongo-${g.int(0, 2)}.mongo.db.svc.cluster.local:27017`,
          maxHeartbeatRetries: 2,
          error: {
            code: g.pick([6, 89]),
            codeName: g.pick(['HostUnreachable', 'NetworkTimeout']),
            errmsg: g.pick([
              'Error connecting to mongo-2.mongo.db.svc.cluster.local:27017 :: caused by :: Connection refused',
              "Couldn't get a connection within the time limit",
            ]),
          },
        }),
    },
    {
      w: 1,
      make: (g) =>
        mongo(g, 'I', 'STORAGE', 20320, mongoConn(g), T`createCollection`, {
          namespace: `${g.pick(['analytics', 'shop'])}.${g.pick(['events_2024_06', 'tmp_export', 'audit'])}`,
          uuidDisposition: 'generated',
          uuid: mongoUuid(g),
          options: {},
        }),
    },
    {
      w: 1,
      make: (g) =>
        mongo(g, 'I', 'INDEX', 20345, 'IndexBuildsCoordinatorMongod-' + g.int(0, 9), T`Index build: done building`, {
          buildUUID: null,
          collectionUUID: mongoUuid(g),
          namespace: g.pick(MONGO_NS),
          index: g.pick(['userId_1', 'status_1_createdAt_-1', '_id_']),
          ident: `index-${g.int(10, 900)}-${g.int(1e17, 9e17)}`,
          collectionIdent: `collection-${g.int(10, 900)}-${g.int(1e17, 9e17)}`,
          commitTimestamp: null,
        }),
    },
    {
      w: 0.3,
      make: (g) =>
        mongo(
          g,
          'W',
          'CONTROL',
          22120,
          'initandlisten',
          T`Access control is not enabled for the database. Read and write access to data and configuration is unrestricted`,
          undefined,
          ['startupWarnings']
        ),
    },
    {
      w: 0.3,
      make: (g) =>
        mongo(g, 'I', 'CONTROL', 4615611, 'initandlisten', T`MongoDB starting`, {
          pid: g.int(1, 99),
          port: 27017,
          dbPath: '/data/db',
          architecture: '64-bit',
          host: `mongo-${g.int(0, 2)}`,
        }),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 21. CoreDNS (kube-system): the `log` plugin's query lines, `errors` plugin lines, reloads

function dnsName(g: Gen): [string, string] {
  const svc = g.pick([...SERVICES, 'postgres', 'redis', 'kafka-headless']);
  const ns = g.pick([...K8S_NAMESPACES, 'db', 'cache', 'kafka']);
  const full = `${svc}.${ns}.svc.cluster.local.`;
  return g.pickSkewed([
    [full, 'NOERROR'],
    [full, 'NOERROR'],
    [`${svc}.${ns}.svc.cluster.local.${ns}.svc.cluster.local.`, 'NXDOMAIN'],
    [`${g.pick(['api.stripe.com', 'hooks.slack.com', 'registry-1.docker.io', 'sts.amazonaws.com'])}.`, 'NOERROR'],
    [`${g.pick(['api.stripe.com', 'hooks.slack.com'])}.${ns}.svc.cluster.local.`, 'NXDOMAIN'],
    [`${g.pick(['api.stripe.com', 'sts.amazonaws.com'])}.`, 'SERVFAIL'],
  ]);
}

const coredns: FormatSpec = {
  name: 'coredns',
  split: 'tuned',
  description: 'CoreDNS in kube-system: log plugin query lines, errors plugin lines, reload and readiness lines',
  templates: [
    {
      w: 85,
      make: (g) => {
        const [name, rcode] = dnsName(g);
        const qtype = g.pickSkewed(['A', 'AAAA', 'A', 'AAAA', 'SRV', 'PTR', 'TXT']);
        const proto = g.chance(0.95) ? 'udp' : 'tcp';
        const flags = rcode === 'SERVFAIL' ? 'qr,rd' : name.endsWith('cluster.local.') ? 'qr,aa,rd' : 'qr,rd,ra';
        return T`[INFO] ${v(`${podIp(g)}:${g.int(1024, 65535)}`)} - ${v(g.int(1, 65535))} "${v(qtype)} ${v('IN')} ${v(name)} ${v(proto)} ${v(g.int(30, 90))} ${v(g.pick(['false', 'true']))} ${v(g.pick([512, 1232, 4096]))}" ${v(rcode)} ${v(flags)} ${v(g.int(30, 600))} ${v(`${g.float(0.00003, 0.2, 6)}s`)}`;
      },
    },
    {
      w: 6,
      make: (g) => {
        const [name] = dnsName(g);
        return T`[ERROR] plugin/errors: ${v(2)} ${v(name)} ${v(g.pick(['A', 'AAAA']))}: ${v(g.pick([`read udp ${podIp(g)}:${g.int(30000, 60999)}->${g.pick(['10.0.0.2', '169.254.169.253'])}:53: i/o timeout`, `dial tcp ${g.pick(['10.0.0.2', '169.254.169.253'])}:53: connect: connection refused`]))}`;
      },
    },
    {
      w: 1,
      make: (g) => T`[INFO] plugin/reload: Running configuration SHA512 = ${v(g.hex(128))}`,
    },
    { w: 0.5, make: () => T`[INFO] Reloading` },
    { w: 0.5, make: () => T`[INFO] Reloading complete` },
    {
      w: 0.5,
      make: (g) => T`[INFO] plugin/ready: Still waiting on: "${v(g.pick(['kubernetes', 'kubernetes,forward']))}"`,
    },
    {
      w: 0.3,
      make: () => T`[WARNING] plugin/kubernetes: starting server with unsynced Kubernetes API`,
    },
    {
      w: 1,
      make: (g) =>
        T`[ERROR] plugin/kubernetes: Failed to watch ${v(g.pick(['*v1.Namespace', '*v1.Service', '*v1.EndpointSlice']))}: failed to list ${v(g.pick(['*v1.Namespace', '*v1.Service', '*v1.EndpointSlice']))}: Get "${v(`https://10.96.0.1:443/api/v1/${g.pick(['namespaces', 'services'])}?limit=500&resourceVersion=0`)}": dial tcp 10.96.0.1:443: i/o timeout`,
    },
  ],
};

export const INFRA_FORMATS: readonly FormatSpec[] = [
  haproxy,
  istioProxy,
  elasticsearch,
  hclog,
  kafka,
  mongodb,
  coredns,
];
