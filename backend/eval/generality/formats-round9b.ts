// Generality set, round 9 (part 2 of 2): an OpenVPN server, uWSGI serving a Flask app, and the
// Mosquitto MQTT broker. Written before any round-9 miner change; untouched in round 9, tuned from
// round 10 on (see formats-round9.ts).
import { Gen, T, v, MONTHS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------------------------
// 62. OpenVPN 2.6 server with `--log` (each line `%Y-%m-%d %H:%M:%S ` then the message; a
// client's messages are prefixed by its address `ip:port`, or `cn/ip:port` once its certificate is
// verified: a header value). Handshakes, peer info, pool addresses, pushes, ping restarts, TLS
// errors, expired certificates, failed password checks.

const ovTime = (g: Gen) => new Date(g.now).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
const VPN_USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'laptop-ops-07', 'phone-alice'];
interface Peer {
  user: string;
  addr: string;
  vip: string;
}
const peer = (g: Gen): Peer => ({ user: g.pick(VPN_USERS), addr: `${g.publicIp()}:${g.int(1024, 65535)}`, vip: `10.8.0.${g.int(2, 250)}` });
const ov = (g: Gen, prefix: string | null, msg: Made) => (prefix === null ? cat(T`${v(ovTime(g))} `, msg) : cat(T`${v(ovTime(g))} ${v(prefix)} `, msg));
const PEER_INFO = ['IV_VER=2.6.8', 'IV_PLAT=win', 'IV_PLAT=mac', 'IV_PROTO=990', 'IV_CIPHERS=AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305', 'IV_GUI_VER=OCmacOS_3.4.9-4400', 'IV_SSO=webauth,openurl,crtext', 'IV_TCPNL=1'];

function connect(g: Gen): Made[] {
  const p = peer(g);
  const full = `${p.user}/${p.addr}`;
  const out: Made[] = [
    ov(g, p.addr, T`TLS: Initial packet from [AF_INET]${v(p.addr)}, sid=${v(g.hex(8))} ${v(g.hex(8))}`),
    ov(g, p.addr, T`VERIFY OK: depth=${v(1)}, CN=${v('Acme VPN CA')}`),
    ov(g, p.addr, T`VERIFY OK: depth=${v(0)}, CN=${v(p.user)}`),
  ];
  for (let i = g.int(1, 4); i > 0; i--) out.push(ov(g, p.addr, T`peer info: ${v(g.pick(PEER_INFO))}`));
  out.push(
    ov(g, p.addr, T`Control Channel: ${v(g.pick(['TLSv1.3', 'TLSv1.2']))}, cipher ${v(g.pick(['TLSv1.3', 'TLSv1.2']))} ${v(g.pick(['TLS_AES_256_GCM_SHA384', 'ECDHE-RSA-AES256-GCM-SHA384']))}, peer certificate: ${v(g.pick([2048, 4096, 256]))} bits ${v(g.pick(['RSA', 'ECsecp256r1']))}, signature: ${v(g.pick(['RSA-SHA256', 'ecdsa-with-SHA256']))}, peer temporary key: ${v(253)} bits ${v('X25519')}`),
    ov(g, p.addr, T`[${v(p.user)}] Peer Connection Initiated with [AF_INET]${v(p.addr)}`),
    ov(g, full, T`MULTI_sva: pool returned IPv4=${v(p.vip)}, IPv6=${v('(Not enabled)')}`),
    ov(g, full, T`MULTI: Learn: ${v(p.vip)} -> ${v(full)}`),
    ov(g, full, T`MULTI: primary virtual IP for ${v(full)}: ${v(p.vip)}`),
    ov(g, full, T`SENT CONTROL [${v(p.user)}]: '${v(`PUSH_REPLY,route 10.0.0.0 255.255.0.0,dhcp-option DNS 10.0.0.2,route-gateway 10.8.0.1,topology subnet,ping 10,ping-restart 120,ifconfig ${p.vip} 255.255.255.0,peer-id ${g.int(0, 40)},cipher AES-256-GCM`)}' (status=${v(1)})`),
    ov(g, full, T`Data Channel: cipher '${v('AES-256-GCM')}', peer-id: ${v(g.int(0, 40))}`)
  );
  return out;
}

const openvpn: FormatSpec = {
  name: 'openvpn-server',
  split: 'tuned',
  description:
    'OpenVPN 2.6 server (--log): TLS handshakes with peer info, certificate verification, pool addresses and pushes, ping restarts, TLS negotiation failures, expired certificates, failed password checks, duplicate-cn warnings',
  tickMs: 4000,
  templates: [
    { w: 10, make: (g) => connect(g) },
    {
      w: 10,
      make: (g) => {
        const p = peer(g);
        return ov(g, `${p.user}/${p.addr}`, T`SIGUSR1[${v(g.pick(['soft,ping-restart', 'soft,connection-reset', 'soft,remote-exit']))}] received, client-instance restarting`);
      },
    },
    {
      w: 6,
      make: (g) => {
        const p = peer(g);
        return ov(g, `${p.user}/${p.addr}`, T`[${v(p.user)}] Inactivity timeout (--ping-restart), restarting`);
      },
    },
    {
      w: 5,
      make: (g) => {
        const a = `${g.publicIp()}:${g.int(1024, 65535)}`;
        return [
          ov(g, a, T`TLS Error: TLS key negotiation failed to occur within ${v(60)} seconds (check your network connectivity)`),
          ov(g, a, T`TLS Error: TLS handshake failed`),
          ov(g, a, T`SIGUSR1[${v('soft,tls-error')}] received, client-instance restarting`),
        ];
      },
    },
    {
      w: 3,
      make: (g) => {
        const p = peer(g);
        return [
          ov(g, p.addr, T`VERIFY ERROR: depth=${v(0)}, error=${v('certificate has expired')}: CN=${v(p.user)}, serial=${v(g.int(2, 400))}`),
          ov(g, p.addr, T`OpenSSL: error:${v('0A000086')}:SSL routines::${v('certificate verify failed')}:`),
          ov(g, p.addr, T`TLS_ERROR: BIO read tls_read_plaintext error`),
        ];
      },
    },
    {
      w: 3,
      make: (g) => {
        const p = peer(g);
        return [
          ov(g, p.addr, T`PLUGIN_CALL: POST ${v('/usr/lib/openvpn/openvpn-plugin-auth-pam.so')}/PLUGIN_AUTH_USER_PASS_VERIFY status=${v(1)}`),
          ov(g, p.addr, T`PLUGIN_CALL: plugin function PLUGIN_AUTH_USER_PASS_VERIFY failed with status ${v(1)}: ${v('/usr/lib/openvpn/openvpn-plugin-auth-pam.so')}`),
          ov(g, p.addr, T`TLS Auth Error: Auth Username/Password verification failed for peer`),
        ];
      },
    },
    {
      w: 2,
      make: (g) =>
        ov(g, null, T`MULTI: new connection by client '${v(g.pick(VPN_USERS))}' will cause previous active sessions by this client to be dropped.  Remember to use the --duplicate-cn option if you want multiple clients using the same certificate or username to concurrently connect.`),
    },
    {
      w: 2,
      make: (g) => {
        const p = peer(g);
        return ov(g, `${p.user}/${p.addr}`, T`WARNING: '${v('link-mtu')}' is used inconsistently, local='${v('link-mtu 1559')}', remote='${v('link-mtu 1557')}'`);
      },
    },
    {
      w: 1,
      make: (g) => {
        const p = peer(g);
        return ov(g, `${p.user}/${p.addr}`, T`MULTI: bad source address from client [${v(`${g.privateIp()}`)}], packet dropped`);
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 63. uWSGI 2.0.26 serving a Flask app (`--master --processes 4 --harakiri 30`), stdout and stderr
// in one stream: its default request log line (`[pid: N|app: 0|req: N/N] ip () {N vars in N bytes}
// [ctime] METHOD uri => generated N bytes in N msecs (HTTP/1.1 status) N headers in N bytes (N
// switches on core N)`, one template per method), worker lifecycle, harakiri, broken pipes, a full
// listen queue, and the app's own lines (Flask's default formatter `[asctime] LEVEL in module:`).

function ctime(g: Gen): string {
  const d = new Date(g.now);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  return `${day} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}
const URIS = (g: Gen) =>
  g.pickSkewed([`/api/v1/orders/${g.int(1, 99999)}`, '/api/v1/cart', `/api/v1/products?page=${g.int(1, 30)}`, '/healthz', '/login', `/static/js/main.${g.hex(8)}.js`, `/api/v1/export?from=2024-06-0${g.int(1, 9)}`]);
const workerPid = (g: Gen) => g.pick([41, 42, 43, 44, 57, 63, 71]);
function uwsgiReq(g: Gen, method: string): Made {
  const status = g.pickSkewed([200, 200, 200, 201, 302, 304, 400, 404, 500]);
  const req = g.int(1, 9000);
  return T`[pid: ${v(workerPid(g))}|app: ${v(0)}|req: ${v(req)}/${v(req + g.int(0, 30000))}] ${v(g.privateIp())} () {${v(g.int(30, 52))} vars in ${v(g.int(500, 1400))} bytes} [${v(ctime(g))}] ${method} ${v(URIS(g))} => generated ${v(g.int(0, 90000))} bytes in ${v(g.int(1, 4000))} msecs (${v(g.pickSkewed(['HTTP/1.1', 'HTTP/1.0']))} ${v(status)}) ${v(g.int(2, 9))} headers in ${v(g.int(80, 400))} bytes (${v(1)} switches on core ${v(0)})`;
}
const flaskTime = (g: Gen) => new Date(g.now).toISOString().replace('T', ' ').replace('Z', '').replace(/\.(\d{3})$/, ',$1');
const flask = (g: Gen, level: string, module: string, msg: Made) => cat(T`[${v(flaskTime(g))}] ${level} in ${module}: `, msg);

const uwsgi: FormatSpec = {
  name: 'uwsgi',
  split: 'tuned',
  description:
    "uWSGI 2.0.26 with a Flask app: default request log lines, worker spawn/respawn/kill, harakiri, broken pipes and SIGPIPE, a full listen queue, Flask's own log lines",
  tickMs: 600,
  templates: [
    { w: 40, make: (g) => uwsgiReq(g, 'GET') },
    { w: 12, make: (g) => uwsgiReq(g, 'POST') },
    { w: 3, make: (g) => uwsgiReq(g, 'PUT') },
    { w: 2, make: (g) => uwsgiReq(g, 'DELETE') },
    { w: 2, make: (g) => uwsgiReq(g, 'HEAD') },
    {
      w: 3,
      make: (g) => {
        const n = g.int(1, 4);
        const old = workerPid(g);
        const pid = g.int(100, 9000);
        return [
          T`HARAKIRI ON WORKER ${v(n)} (pid: ${v(old)}, try: ${v(1)})`,
          T`HARAKIRI !!! worker ${v(n)} status !!!`,
          T`HARAKIRI [core ${v(0)}] ${v(g.privateIp())} - ${'GET'} ${v(`/api/v1/export?from=2024-06-0${g.int(1, 9)}`)} since ${v(Math.floor(g.now / 1000) - 31)}`,
          T`HARAKIRI !!! end of worker ${v(n)} status !!!`,
          T`DAMN ! worker ${v(n)} (pid: ${v(old)}) died, killed by signal ${v(9)} :( trying respawn ...`,
          T`Respawned uWSGI worker ${v(n)} (new pid: ${v(pid)})`,
        ];
      },
    },
    {
      w: 4,
      make: (g) => {
        const uri = `/api/v1/export?from=2024-06-0${g.int(1, 9)}`;
        const ip = g.privateIp();
        return [
          T`uwsgi_response_writev_headers_and_body_do(): ${v('Broken pipe')} [${v('core/writer.c')} line ${v(306)}] during ${'GET'} ${v(uri)} (${v(ip)})`,
          T`OSError: ${v('write error')}`,
        ];
      },
    },
    {
      w: 3,
      make: (g) =>
        T`SIGPIPE: writing to a closed pipe/socket/fd (probably the client disconnected) on request ${v(URIS(g))} (ip ${v(g.privateIp())}) !!!`,
    },
    {
      w: 2,
      make: (g) => T`*** uWSGI listen queue of socket "${v('127.0.0.1:8000')}" (fd: ${v(3)}) full !!! (${v(g.int(101, 140))}/${v(100)}) ***`,
    },
    {
      w: 2,
      make: (g) => {
        const n = g.int(1, 4);
        const pid = workerPid(g);
        return [
          T`Gracefully killing worker ${v(n)} (pid: ${v(pid)})...`,
          T`worker ${v(n)} killed successfully (pid: ${v(pid)})`,
          T`Respawned uWSGI worker ${v(n)} (new pid: ${v(g.int(100, 9000))})`,
        ];
      },
    },
    { w: 1, make: (g) => T`...The work of process ${v(workerPid(g))} is done. Seeya!` },
    { w: 1, make: (g) => T`spawned uWSGI worker ${v(g.int(1, 4))} (pid: ${v(g.int(40, 9000))}, cores: ${v(1)})` },
    {
      w: 1,
      make: (g) => T`WSGI app ${v(0)} (mountpoint='${v('')}') ready in ${v(g.int(1, 4))} seconds on interpreter ${v(`0x55${g.hex(10)}`)} pid: ${v(g.int(7, 40))} (default app)`,
    },
    {
      w: 5,
      make: (g) => flask(g, 'WARNING', 'views', T`Slow cart render for user ${v(g.int(1, 90000))}: ${v(g.int(800, 9000))} ms`),
    },
    {
      w: 4,
      make: (g) => flask(g, 'INFO', 'orders', T`Order ${v(g.int(100000, 999999))} placed by user ${v(g.int(1, 90000))} (${v(g.int(1, 12))} items, total ${v(g.float(3, 900, 2))})`),
    },
    {
      w: 3,
      make: (g) => flask(g, 'ERROR', 'app', T`Exception on ${v(g.pick(['/api/v1/cart', '/api/v1/orders']))} [${v(g.pick(['POST', 'GET']))}]`),
    },
    {
      w: 2,
      make: (g) => flask(g, 'ERROR', 'payments', T`Payment gateway error for order ${v(g.int(100000, 999999))}: ${v(g.pick(['card_declined', 'HTTPSConnectionPool(host=\'api.stripe.com\', port=443): Read timed out. (read timeout=10)', 'insufficient_funds']))}`),
    },
    {
      w: 1,
      make: (g) => T`[uwsgi-http key: ${v(g.pick(['api.example.com', 'shop.example.com']))} client_addr: ${v(g.publicIp())} client_port: ${v(g.int(1024, 65535))}] hr_read(): ${v('Connection reset by peer')} [${v('plugins/http/http.c')} line ${v(917)}]`,
    },
    { w: 0.5, make: (g) => T`*** Starting uWSGI ${v('2.0.26')} (64bit) on [${v(ctime(g))}] ***` },
    { w: 0.2, make: () => T`announcing my loyalty to the Emperor...` },
  ],
};

// ---------------------------------------------------------------------------------------------
// 64. Eclipse Mosquitto 2.0.18 broker (`log_type all`, default `log_timestamp` as Unix seconds):
// connections (with and without a username, separate statements in the broker), disconnects of
// each kind, protocol errors, persistence saves, and the debug PUBLISH/PUBACK/PING traffic.

const mq = (g: Gen, msg: Made) => cat(T`${v(Math.floor(g.now / 1000))}: `, msg);
const clientId = (g: Gen) =>
  g.pickSkewed([`sensor-${String(g.int(1, 300)).padStart(4, '0')}`, `mqttjs_${g.hex(8)}`, `paho-go-${g.hex(6)}`, 'homeassistant', `esp32-${g.hex(6).toUpperCase()}`, `auto-${g.uuid().toUpperCase()}`]);
const ROOMS = ['kitchen', 'garage', 'lab', 'office-2', 'server-room'];

const mosquitto: FormatSpec = {
  name: 'mosquitto',
  split: 'tuned',
  description:
    'Eclipse Mosquitto 2.0.18 broker (log_type all, Unix-time stamps): new connections and clients with/without username, disconnects (clean, timeout, socket error, not authorised, protocol error, takeover), persistence, PUBLISH/PUBACK/PING debug lines',
  tickMs: 700,
  templates: [
    {
      w: 8,
      make: (g) => {
        const ip = g.privateIp();
        const port = g.int(1024, 65535);
        const c = clientId(g);
        return [
          mq(g, T`New connection from ${v(ip)}:${v(port)} on port ${v(g.pick([1883, 8883]))}.`),
          g.chance(0.6)
            ? mq(g, T`New client connected from ${v(ip)}:${v(port)} as ${v(c)} (p${v(g.pick([2, 5]))}, c${v(g.pick([0, 1]))}, k${v(g.pick([60, 30, 15]))}, u'${v(g.pick(['iot', 'homeassistant', 'telegraf']))}').`)
            : mq(g, T`New client connected from ${v(ip)}:${v(port)} as ${v(c)} (p${v(g.pick([2, 5]))}, c${v(g.pick([0, 1]))}, k${v(g.pick([60, 30, 15]))}).`),
        ];
      },
    },
    {
      w: 20,
      make: (g) => {
        const c = clientId(g);
        const m = g.int(1, 65000);
        return [
          mq(g, T`Received PUBLISH from ${v(c)} (d${v(0)}, q${v(g.pick([0, 1]))}, r${v(g.pick([0, 0, 1]))}, m${v(m)}, '${v(`sensors/${g.pick(ROOMS)}/${g.pick(['temp', 'humidity', 'co2'])}`)}', ... (${v(g.int(1, 64))} bytes))`),
          mq(g, T`Sending PUBACK to ${v(c)} (m${v(m)}, rc${v(0)})`),
        ];
      },
    },
    {
      w: 12,
      make: (g) => {
        const c = clientId(g);
        return [mq(g, T`Received PINGREQ from ${v(c)}`), mq(g, T`Sending PINGRESP to ${v(c)}`)];
      },
    },
    {
      w: 6,
      make: (g) => mq(g, T`Sending PUBLISH to ${v(clientId(g))} (d${v(0)}, q${v(g.pick([0, 1]))}, r${v(0)}, m${v(g.int(1, 65000))}, '${v(`cmd/${g.pick(ROOMS)}/${g.pick(['light', 'fan', 'heater'])}`)}', ... (${v(g.int(1, 12))} bytes))`),
    },
    { w: 5, make: (g) => mq(g, T`Client ${v(clientId(g))} disconnected.`) },
    { w: 3, make: (g) => mq(g, T`Client ${v(clientId(g))} closed its connection.`) },
    { w: 3, make: (g) => mq(g, T`Client ${v(clientId(g))} has exceeded timeout, disconnecting.`) },
    { w: 2, make: (g) => mq(g, T`Socket error on client ${v(clientId(g))}, disconnecting.`) },
    { w: 2, make: (g) => mq(g, T`Client ${v(clientId(g))} disconnected, not authorised.`) },
    { w: 2, make: (g) => mq(g, T`Client ${v(g.pick(['<unknown>', clientId(g)]))} disconnected due to protocol error.`) },
    { w: 1, make: (g) => mq(g, T`Client ${v(clientId(g))} already connected, closing old connection.`) },
    { w: 1, make: (g) => mq(g, T`Outgoing messages are being dropped for client ${v(clientId(g))}.`) },
    { w: 1, make: (g) => mq(g, T`Saving in-memory database to ${v('/mosquitto/data/mosquitto.db')}.`) },
    {
      w: 0.3,
      make: (g) => [
        mq(g, T`mosquitto version ${v('2.0.18')} starting`),
        mq(g, T`Config loaded from ${v('/mosquitto/config/mosquitto.conf')}.`),
        mq(g, T`Opening ${v('ipv4')} listen socket on port ${v(1883)}.`),
        mq(g, T`mosquitto version ${v('2.0.18')} running`),
      ],
    },
  ],
};

export const ROUND9_FORMATS_B: readonly FormatSpec[] = [openvpn, uwsgi, mosquitto];
