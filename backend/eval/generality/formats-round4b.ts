// Generality set, round 4 (part 3 of 3; see formats-round4.ts): a Go service on the standard
// library's `log` package and dockerd's logrus text log. Written from the formats' documentation
// and real output before any miner change of round 4; untouched in round 4, tuned from round 5 on.
import { Gen, T, v, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p6 = (n: number) => String(n).padStart(6, '0');

// ---------------------------------------------------------------------------------------------
// 33. A Go service on the standard library's `log` (flags LstdFlags | Lmicroseconds |
// Lshortfile): `2024/06/12 10:00:00.123456 file.go:87: message`, printf-style messages and
// net/http's own server errors.

function goTime(g: Gen): string {
  const d = new Date(g.now);
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p6(d.getUTCMilliseconds() * 1000 + g.int(0, 999))}`;
}

function golog(g: Gen, file: string, msg: Made): Made {
  return cat(T`${v(goTime(g))} ${file}: `, msg);
}

const GO_ROUTES = ['/api/v1/items', '/api/v1/items/{id}', '/api/v1/cart', '/healthz'];
const goDur = (g: Gen) =>
  g.pickSkewed([`${g.float(0.05, 999, 3)}µs`, `${g.float(1, 999, 3)}ms`, `${g.float(1, 9, 6)}s`]);

const goStdlib: FormatSpec = {
  name: 'go-stdlib-log',
  split: 'tuned',
  description:
    'Go service on the standard log package (LstdFlags|Lmicroseconds|Lshortfile): requests, workers, cache, db, net/http errors',
  tickMs: 400,
  templates: [
    {
      w: 30,
      make: (g) => {
        const route = g.pickSkewed(GO_ROUTES);
        const path = route.replace('{id}', String(g.int(1, 99999)));
        // the method is constant text (README, access logs: one template per method), as in
        // every other format's request line; written as a parameter until round 5
        const method = g.pickSkewed(['GET', 'GET', 'POST', 'DELETE']);
        return golog(
          g,
          'middleware.go:41',
          T`${method} ${v(path)} ${v(g.pickSkewed([200, 200, 201, 404, 500]))} ${v(goDur(g))} ${v(g.privateIp())}`
        );
      },
    },
    {
      w: 10,
      make: (g) =>
        golog(
          g,
          'worker.go:88',
          T`worker ${v(g.int(1, 8))}: processed job ${v(g.int(10000, 999999))} (${v(g.pick(['resize-image', 'send-email', 'sync-stock']))}) in ${v(goDur(g))}`
        ),
    },
    {
      w: 4,
      make: (g) =>
        golog(
          g,
          'worker.go:95',
          T`worker ${v(g.int(1, 8))}: job ${v(g.int(10000, 999999))} failed, retry ${v(g.int(1, 5))}/${v(5)} in ${v(`${g.int(1, 60)}s`)}: ${v(g.pick(['smtp: 421 4.7.0 Try again later', `Get "https://stock.example.com/v2/levels?sku=${g.int(1000, 9999)}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, 'image: unknown format']))}`
        ),
    },
    {
      w: 6,
      make: (g) =>
        golog(g, 'cache.go:63', T`cache: evicted ${v(g.int(1, 500))} entries (size ${v(g.int(100, 4096))}/${v(4096)})`),
    },
    {
      w: 5,
      make: (g) =>
        golog(
          g,
          'db.go:112',
          T`db stats: open=${v(g.int(1, 25))} idle=${v(g.int(0, 10))} inUse=${v(g.int(0, 25))} waitCount=${v(g.int(0, 900))} waitDuration=${v(goDur(g))}`
        ),
    },
    {
      w: 5,
      make: (g) =>
        golog(
          g,
          'server.go:3411',
          T`http: TLS handshake error from ${v(`${g.publicIp()}:${g.int(1024, 65535)}`)}: ${v(g.pick(['EOF', 'remote error: tls: bad certificate', 'tls: client offered only unsupported versions: [301]', 'read tcp 10.0.1.5:8443->' + g.publicIp() + ':' + g.int(1024, 65535) + ': read: connection reset by peer']))}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        golog(
          g,
          'server.go:3226',
          T`http: superfluous response.WriteHeader call from ${v(g.pick(['main.(*handler).serveItem', 'main.writeJSON']))} (${v(g.pick(['handlers.go:77', 'respond.go:21']))})`
        ),
    },
    {
      w: 2,
      make: (g) =>
        golog(
          g,
          'server.go:3226',
          T`http: panic serving ${v(`${g.privateIp()}:${g.int(1024, 65535)}`)}: ${v(g.pick(['runtime error: invalid memory address or nil pointer dereference', 'runtime error: index out of range [3] with length 3']))}`
        ),
    },
    {
      w: 3,
      make: (g) =>
        golog(
          g,
          'stock.go:54',
          T`stock sync: ${v(g.int(0, 900))} items updated, ${v(g.int(0, 40))} unchanged, ${v(g.int(0, 5))} errors`
        ),
    },
    {
      w: 1,
      make: (g) => [
        golog(
          g,
          'main.go:38',
          T`config loaded: ${v(`{Addr::8443 DBURL:postgres://shop@db:5432/shop Workers:${g.int(2, 8)} CacheSize:4096}`)}`
        ),
        golog(g, 'main.go:52', T`listening on ${v(':8443')}`),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 34. dockerd 26 (logrus TextFormatter, as `journalctl -u docker -o cat` prints it): `time="..."
// level=info msg="..." key=value`: container lifecycle, containerd shim events, pulls, errors.

function dockerTime(g: Gen): string {
  return new Date(g.now)
    .toISOString()
    .replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(g.int(0, 999999)).padStart(6, '0')}Z`);
}

/** A logrus text line: `time=... level=... msg="..."` and fields, quoted when they need it. */
function dockerd(g: Gen, level: string, msg: Made, fields: Array<[string, string]> = []): Made {
  const q = (s: string) => (/[^A-Za-z0-9\-._/@^+]/.test(s) || s === '' ? JSON.stringify(s) : s);
  const m = /[^A-Za-z0-9\-._/@^+]/.test(msg.line)
    ? { line: JSON.stringify(msg.line), template: `"${msg.template.replace(/"/g, '\\"')}"` }
    : msg;
  return cat(
    T`time="${v(dockerTime(g))}" level=${level} msg=`,
    m,
    ...fields.map(([k, val]) => ({ line: ` ${k}=${q(val)}`, template: ` ${k}=<*>` }))
  );
}

const cid = (g: Gen) => g.hex(64);

const docker: FormatSpec = {
  name: 'dockerd',
  split: 'tuned',
  description:
    'dockerd 26 logrus text via journald: container lifecycle, containerd shim events, image pulls, API errors',
  tickMs: 1200,
  templates: [
    {
      w: 14,
      make: (g) => {
        const id = cid(g);
        return [
          dockerd(g, 'info', T`ignoring event`, [
            ['container', id],
            ['module', 'libcontainerd'],
            ['namespace', 'moby'],
            ['topic', '/tasks/delete'],
            ['type', '*events.TaskDelete'],
          ]),
          dockerd(g, 'info', T`shim disconnected`, [
            ['id', id],
            ['namespace', 'moby'],
          ]),
          dockerd(g, 'warning', T`cleaning up after shim disconnected`, [
            ['id', id],
            ['namespace', 'moby'],
          ]),
          dockerd(g, 'info', T`cleaning up dead shim`, [['namespace', 'moby']]),
        ];
      },
    },
    {
      w: 8,
      make: (g) => {
        const id = cid(g);
        return [
          dockerd(g, 'info', T`loading plugin "${v('io.containerd.event.v1.publisher')}"...`, [
            ['runtime', 'io.containerd.runc.v2'],
            ['type', 'io.containerd.event.v1'],
          ]),
          dockerd(g, 'info', T`loading plugin "${v('io.containerd.internal.v1.shutdown')}"...`, [
            ['runtime', 'io.containerd.runc.v2'],
            ['type', 'io.containerd.internal.v1'],
          ]),
          dockerd(g, 'info', T`loading plugin "${v('io.containerd.ttrpc.v1.task')}"...`, [
            ['runtime', 'io.containerd.runc.v2'],
            ['type', 'io.containerd.ttrpc.v1'],
          ]),
          dockerd(g, 'info', T`starting signal loop`, [
            ['namespace', 'moby'],
            ['path', `/run/containerd/io.containerd.runtime.v2.task/moby/${id}`],
            ['pid', String(g.int(1000, 99999))],
            ['runtime', 'io.containerd.runc.v2'],
          ]),
        ];
      },
    },
    {
      w: 5,
      make: (g) =>
        dockerd(
          g,
          'info',
          T`Container failed to exit within ${v(g.pick(['10s', '30s']))} of signal ${v(15)} - using the force`,
          [['container', cid(g)]]
        ),
    },
    {
      w: 5,
      make: (g) =>
        dockerd(
          g,
          'warning',
          T`Health check for container ${v(cid(g))} error: ${v(g.pick(['context deadline exceeded', 'OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown']))}`
        ),
    },
    {
      w: 4,
      make: (g) => {
        const port = g.pick([8080, 5432, 6379, 443]);
        return dockerd(
          g,
          'error',
          T`Handler for ${v('POST')} ${v(`/v1.45/containers/${g.hex(12)}/start`)} returned error: ${v(`driver failed programming external connectivity on endpoint ${g.pick(['web', 'db', 'cache'])} (${g.hex(64)}): Bind for 0.0.0.0:${port} failed: port is already allocated`)}`
        );
      },
    },
    {
      w: 4,
      make: (g) => {
        const img = g.pick([
          'registry.example.com/shop/api',
          'registry.example.com/shop/web',
          'docker.io/library/redis',
        ]);
        return [
          dockerd(
            g,
            'info',
            T`Attempting next endpoint for pull after error: ${v(`manifest for ${img}:${g.pick(['v1.4.2', 'latest', '7.2'])} not found: manifest unknown: manifest unknown`)}`
          ),
          dockerd(
            g,
            'info',
            T`Download failed, retrying (${v(g.int(1, 5))}/${v(5)}): ${v(`read tcp 10.0.1.5:${g.int(30000, 60000)}->${g.publicIp()}:443: read: connection reset by peer`)}`
          ),
        ];
      },
    },
    {
      w: 3,
      make: (g) => dockerd(g, 'info', T`Layer ${v(`sha256:${g.hex(64)}`)} cleaned up`),
    },
    {
      w: 3,
      make: (g) =>
        dockerd(
          g,
          'error',
          T`stream copy error: ${v(g.pick(['reading from a closed fifo', 'io: read/write on closed pipe']))}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        dockerd(
          g,
          'warning',
          T`Your kernel does not support ${v(g.pick(['cgroup blkio weight', 'cgroup blkio weight_device', 'swap limit capabilities']))}`
        ),
    },
    {
      w: 1,
      make: (g) => [
        dockerd(g, 'info', T`Processing signal '${v('terminated')}'`),
        dockerd(g, 'info', T`Daemon shutdown complete`),
        dockerd(g, 'info', T`Starting up`),
        dockerd(g, 'info', T`Loading containers: start.`),
        dockerd(g, 'info', T`Loading containers: done.`),
        dockerd(g, 'info', T`Docker daemon`, [
          ['commit', '8e96db1'],
          ['containerd-snapshotter', 'false'],
          ['storage-driver', 'overlay2'],
          ['version', '26.1.4'],
        ]),
        dockerd(g, 'info', T`API listen on ${v('/run/docker.sock')}`),
      ],
    },
  ],
};

export const ROUND4_FORMATS_B: readonly FormatSpec[] = [goStdlib, docker];
