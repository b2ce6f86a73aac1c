// A real OpenSearch cluster (1 or 2 nodes on loopback) for tests and benchmarks, from the home that
// scripts/opensearch/install.sh assembles. Each node gets its own config dir (opensearch.yml,
// jvm.options, log4j2.properties), data, logs and tmp dirs in one temp dir, free ports found at run
// time, a 512 MiB heap, and runs in its own process group: as `nobody` when we are root (OpenSearch
// refuses to run as root), through setpriv, with a parent-death SIGKILL so a test process that dies
// hard does not leave JVMs behind. stop() kills every node's process group and removes the temp dir;
// an exit hook does the same for whatever a failed test left running.
//
// Plain fetch, not @opensearch-project/opensearch: the harness polls a server that is not up yet,
// where each attempt must be one bounded request (2 s) and a refused connection is the normal answer;
// the client's retries, sniffing and dead-node bookkeeping would only sit in the way. Tests use the
// client against the running cluster (that is the code the backend will run).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from './ports.js';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface OpenSearchInstall {
  home: string;
  javaHome: string;
}

/**
 * The installed OpenSearch named by LOGLENS_OPENSEARCH_HOME, or why there is none. Never installs:
 * the set-up step does (bash scripts/opensearch/install.sh prints the home on its last line).
 */
export function findOpenSearch(env: NodeJS.ProcessEnv = process.env): OpenSearchInstall | { missing: string } {
  const home = env.LOGLENS_OPENSEARCH_HOME;
  if (!home) return { missing: 'LOGLENS_OPENSEARCH_HOME is not set (install: bash scripts/opensearch/install.sh; it prints the home dir)' };
  if (!existsSync(join(home, 'bin/opensearch')) || !existsSync(join(home, '.loglens-install'))) {
    return { missing: `no OpenSearch installed at LOGLENS_OPENSEARCH_HOME=${home} (run bash scripts/opensearch/install.sh)` };
  }
  let javaHome = env.OPENSEARCH_JAVA_HOME || env.JAVA_HOME;
  if (!javaHome) {
    const which = spawnSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' });
    const java = which.stdout.trim();
    if (which.status !== 0 || !java) return { missing: 'no java on PATH (OpenSearch needs Java 17+; set OPENSEARCH_JAVA_HOME)' };
    javaHome = dirname(dirname(realpathSync(java)));
  }
  return { home, javaHome };
}

export interface OpenSearchNode {
  readonly name: string;
  /** The node's JVM (also its process group id); undefined while it is down. */
  readonly pid: number | undefined;
  readonly url: string;
  readonly httpPort: number;
  readonly transportPort: number;
  /** SIGKILL to the node's process group (a crash, the OOM killer); resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts the node again with the same config, ports and data (after kill()); resolves when its HTTP answers. */
  restart(): Promise<void>;
  /** Resident memory of the node's JVM in MiB (from /proc), or undefined while it is down. */
  rssMiB(): number | undefined;
  /** The last 64 KiB the node printed (its log4j console output). */
  log(): string;
}

export interface OpenSearchCluster {
  /** The first node's HTTP URL. */
  readonly url: string;
  readonly urls: string[];
  readonly nodes: OpenSearchNode[];
  readonly clusterName: string;
  /** Milliseconds from the first spawn to green health with every node joined. */
  readonly startMs: number;
  /**
   * Polls _cluster/health (through any node that answers) until `status` (or better) and exactly
   * `nodes` nodes, or throws at the deadline with the nodes' last log lines.
   */
  waitForHealth(opts: { status: 'green' | 'yellow'; nodes: number; timeoutMs?: number }): Promise<HealthResponse>;
  /** Kills every node's process group and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

export interface HealthResponse {
  status: 'green' | 'yellow' | 'red';
  number_of_nodes: number;
  active_shards: number;
  unassigned_shards: number;
  [k: string]: unknown;
}

export interface StartOptions {
  nodes: 1 | 2;
  install?: OpenSearchInstall;
  /** -Xms/-Xmx of each node; default 512m. */
  heap?: string;
  /** Deadline for green health with every node joined; default 240 s (2 shared cores, 2 JVMs). */
  startTimeoutMs?: number;
  /** Extra opensearch.yml lines for every node. */
  settings?: Record<string, string | number | boolean>;
}

const RUNNING = new Set<NodeProcess>();
const TEMP_DIRS = new Set<string>();
let exitHookInstalled = false;

/** On any exit (a failed assertion, --test-force-exit, an uncaught error): kill what is left, synchronously. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const n of RUNNING) n.killSync();
    for (const d of TEMP_DIRS) rmSync(d, { recursive: true, force: true });
  });
}

/**
 * Temp dirs left by a test process that was itself SIGKILLed (its nodes died with it, through the
 * parent-death signal, but nothing removed their data): the dir name carries the owner's pid.
 */
function sweepStaleDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    const m = /^loglens-opensearch-(\d+)-/.exec(name);
    if (!m) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}


/** n distinct free ports (each found free at run time, then released for the node to bind). */
async function freePorts(n: number): Promise<number[]> {
  const out = new Set<number>();
  while (out.size < n) out.add(await freePort());
  return [...out];
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
/** uid/gid of nobody:nogroup, from the passwd and group files. */
function nobodyIds(): { uid: number; gid: number } {
  const uid = Number(/^nobody:[^:]*:(\d+):/m.exec(readFileSync('/etc/passwd', 'utf8'))?.[1] ?? 65534);
  const gid = Number(/^nogroup:[^:]*:(\d+):/m.exec(readFileSync('/etc/group', 'utf8'))?.[1] ?? 65534);
  return { uid, gid };
}

function chownTree(paths: string[]): void {
  if (!asRoot) return;
  const { uid, gid } = nobodyIds();
  for (const p of paths) chownSync(p, uid, gid);
}

const LOG_KEEP = 64 * 1024;

class NodeProcess implements OpenSearchNode {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private out = '';

  constructor(
    readonly name: string,
    readonly httpPort: number,
    readonly transportPort: number,
    private readonly dir: string,
    private readonly install: OpenSearchInstall,
    private readonly heap: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get pid(): number | undefined {
    const c = this.child;
    return c && c.exitCode === null && c.signalCode === null ? c.pid : undefined;
  }

  get alive(): boolean {
    return this.pid !== undefined;
  }

  log(): string {
    return this.out;
  }

  /** The reason the node is down, for error messages. */
  deathNote(): string {
    const c = this.child;
    return c ? `exit ${c.exitCode ?? c.signalCode}` : 'never started';
  }

  spawn(): void {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      OPENSEARCH_PATH_CONF: join(this.dir, 'config'),
      OPENSEARCH_JAVA_HOME: this.install.javaHome,
      OPENSEARCH_TMPDIR: join(this.dir, 'tmp'),
      OPENSEARCH_JAVA_OPTS: `-Xms${this.heap} -Xmx${this.heap}`,
    };
    const bin = join(this.install.home, 'bin/opensearch');
    // setpriv: the user switch for root, and in both cases a parent-death SIGKILL (it survives the
    // credential change because setpriv sets it last, and bin/opensearch execs java in place).
    const args = ['--pdeathsig', 'SIGKILL', ...(asRoot ? ['--reuid=nobody', '--regid=nogroup', '--clear-groups'] : []), bin];
    // detached: a new session, so the node is its own process group and kill(-pid) reaches all of it.
    const child = spawn('setpriv', args, { env, cwd: this.dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise<void>((r) => child.once('exit', () => r()));
    RUNNING.add(this);
    const onData = (b: Buffer) => {
      this.out += b.toString('utf8');
      if (this.out.length > 2 * LOG_KEEP) this.out = this.out.slice(-LOG_KEEP);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => RUNNING.delete(this));
  }

  /** Polls the node's own HTTP port until it answers (any status), or the process dies, or the deadline. */
  async waitHttp(deadline: number): Promise<void> {
    for (;;) {
      if (!this.alive) throw new Error(`OpenSearch node ${this.name} exited (${this.deathNote()}) before answering HTTP:\n${this.out.slice(-3000)}`);
      try {
        await fetch(this.url, { signal: AbortSignal.timeout(2_000) });
        return;
      } catch {
        /* not listening yet */
      }
      if (performance.now() > deadline) throw new Error(`OpenSearch node ${this.name} did not answer HTTP in time:\n${this.out.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  killSync(): void {
    const pid = this.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }

  async kill(): Promise<void> {
    this.killSync();
    await this.exited;
  }

  async restart(timeoutMs = 180_000): Promise<void> {
    await this.kill();
    this.spawn();
    await this.waitHttp(performance.now() + timeoutMs);
  }

  rssMiB(): number | undefined {
    const pid = this.pid;
    if (pid === undefined) return undefined;
    try {
      const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Math.round(Number(m[1]) / 1024) : undefined;
    } catch {
      return undefined;
    }
  }
}

function yamlValue(v: string | number | boolean | string[]): string {
  return Array.isArray(v) ? `[${v.map((s) => JSON.stringify(s)).join(', ')}]` : typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/**
 * jvm.options for one node: the distribution's, minus the heap (OPENSEARCH_JAVA_OPTS sets it) and with
 * the paths it writes relative to the working dir (GC log, heap dump, error file) moved into the
 * node's own dirs.
 */
function jvmOptions(home: string, nodeDir: string): string {
  return readFileSync(join(home, 'config/jvm.options'), 'utf8')
    .split('\n')
    .filter((l) => !/^\s*-Xm[sx]/.test(l))
    .map((l) => l.replace('HeapDumpPath=data', `HeapDumpPath=${join(nodeDir, 'data')}`).replace(/(file=|ErrorFile=|Xloggc:)logs\//g, `$1${join(nodeDir, 'logs')}/`))
    .join('\n');
}

export async function startOpenSearch(opts: StartOptions): Promise<OpenSearchCluster> {
  const found = opts.install ?? findOpenSearch();
  if ('missing' in found) throw new Error(found.missing);
  const install = found;
  installExitHook();
  sweepStaleDirs();
  const root = mkdtempSync(join(tmpdir(), `loglens-opensearch-${process.pid}-`));
  TEMP_DIRS.add(root);
  chmodSync(root, 0o755);
  const clusterName = `loglens-test-${process.pid}-${Date.now().toString(36)}`;
  const ports = await freePorts(opts.nodes * 2);
  const names = Array.from({ length: opts.nodes }, (_, i) => `os${i}`);
  const nodes: NodeProcess[] = names.map((name, i) => {
    const dir = join(root, name);
    const sub = ['config', 'data', 'logs', 'tmp'].map((d) => join(dir, d));
    for (const d of [dir, ...sub]) mkdirSync(d, { recursive: true });
    const http = ports[2 * i]!;
    const transport = ports[2 * i + 1]!;
    const yml: Record<string, string | number | boolean | string[]> = {
      'cluster.name': clusterName,
      'node.name': name,
      'network.host': '127.0.0.1',
      'http.port': http,
      'transport.port': transport,
      'path.data': join(dir, 'data'),
      'path.logs': join(dir, 'logs'),
      // A nearly full CI disk must not leave replicas unassigned (the cluster would never turn green).
      'cluster.routing.allocation.disk.threshold_enabled': false,
      ...(opts.nodes === 1
        ? { 'discovery.type': 'single-node' }
        : {
            'discovery.seed_hosts': names.map((_, j) => `127.0.0.1:${ports[2 * j + 1]}`),
            'cluster.initial_cluster_manager_nodes': names,
          }),
      ...opts.settings,
    };
    writeFileSync(join(dir, 'config/opensearch.yml'), Object.entries(yml).map(([k, v]) => `${k}: ${yamlValue(v)}`).join('\n') + '\n');
    writeFileSync(join(dir, 'config/jvm.options'), jvmOptions(install.home, dir));
    writeFileSync(join(dir, 'config/log4j2.properties'), readFileSync(join(install.home, 'config/log4j2.properties')));
    chownTree([dir, ...sub, ...['opensearch.yml', 'jvm.options', 'log4j2.properties'].map((f) => join(dir, 'config', f))]);
    return new NodeProcess(name, http, transport, dir, install, opts.heap ?? '512m');
  });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.all(nodes.map((n) => n.kill()));
    rmSync(root, { recursive: true, force: true });
    TEMP_DIRS.delete(root);
  };

  const waitForHealth: OpenSearchCluster['waitForHealth'] = async ({ status, nodes: want, timeoutMs = 180_000 }) => {
    const deadline = performance.now() + timeoutMs;
    const rank = { red: 0, yellow: 1, green: 2 } as const;
    let last = 'no answer yet';
    for (;;) {
      for (const n of nodes) {
        if (!n.alive) continue;
        try {
          // Server-side wait of at most 1 s per request; the loop is the real deadline.
          const r = await fetch(`${n.url}/_cluster/health?wait_for_status=${status}&wait_for_nodes=${want}&timeout=1s`, { signal: AbortSignal.timeout(5_000) });
          const h = (await r.json()) as HealthResponse;
          last = `${n.name}: ${h.status}, ${h.number_of_nodes} node(s), ${h.unassigned_shards} unassigned`;
          if (rank[h.status] >= rank[status] && h.number_of_nodes === want) return h;
          break; // one node's view per round is enough
        } catch (e) {
          last = `${n.name}: ${(e as Error).message}`;
        }
      }
      if (!nodes.some((n) => n.alive)) throw new Error(`every OpenSearch node is down (${nodes.map((n) => `${n.name}: ${n.deathNote()}`).join(', ')}):\n${nodes.map((n) => n.log().slice(-2000)).join('\n')}`);
      if (performance.now() > deadline) {
        throw new Error(`OpenSearch cluster not ${status} with ${want} node(s) within ${timeoutMs} ms (last: ${last}):\n${nodes.map((n) => `--- ${n.name}\n${n.log().slice(-2000)}`).join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const t0 = performance.now();
  try {
    for (const n of nodes) n.spawn();
    const deadline = t0 + (opts.startTimeoutMs ?? 240_000);
    await Promise.all(nodes.map((n) => n.waitHttp(deadline)));
    await waitForHealth({ status: 'green', nodes: opts.nodes, timeoutMs: Math.max(1_000, deadline - performance.now()) });
  } catch (e) {
    await stop();
    throw e;
  }
  const startMs = performance.now() - t0;
  return {
    url: nodes[0]!.url,
    urls: nodes.map((n) => n.url),
    nodes,
    clusterName,
    startMs,
    waitForHealth,
    stop,
  };
}
