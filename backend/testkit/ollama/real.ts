// A real `ollama serve`, built from its Go module by scripts/provision-ollama.sh, started for a test
// or a benchmark on its own port with its own OLLAMA_MODELS and HOME, and stopped after. Models are
// registered through Ollama's documented API (POST /api/blobs/:digest, then POST /api/create with
// `files`), exactly what `ollama create -f Modelfile` does.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { freePort } from '../ports.js';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PROVISION = join(REPO, 'scripts/provision-ollama.sh');

/** The two small models the provisioning script verifies (name -> file, sha256). */
export const REAL_MODELS = {
  'smollm2-135m': { file: 'SmolLM2-135M-Instruct.Q4_1.gguf', sha256: 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53' },
  'gemma3-270m': { file: 'gemma-3-270m-q4_k_m.gguf', sha256: 'a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818' },
} as const;
export type RealModel = keyof typeof REAL_MODELS;

export interface RealOllamaInstall {
  bin: string;
  modelsDir: string;
}

/**
 * Where the provisioned server and models are, or why they are not there. Never builds: building
 * takes ~10 minutes, so tests ask the set-up step (scripts/test.sh) to have done it.
 */
export function findRealOllama(): RealOllamaInstall | { missing: string } {
  const r = spawnSync('bash', [PROVISION, '--check'], { encoding: 'utf8' });
  if (r.status !== 0) return { missing: `real Ollama not provisioned: run bash scripts/provision-ollama.sh (about 10 minutes, once)` };
  const cache = join(process.env.LOGLENS_CACHE ?? join(process.env.HOME ?? '/root', '.cache/loglens'), 'ollama');
  const build = readdirSync(cache).find((d) => existsSync(join(cache, d, 'bin/ollama')));
  if (!build) return { missing: `no ollama binary under ${cache}` };
  return { bin: join(cache, build, 'bin/ollama'), modelsDir: join(cache, 'models') };
}


export interface RealOllamaOptions {
  /** Models to register, by our short names. */
  models?: RealModel[];
  /** Extra server environment (OLLAMA_* settings). */
  env?: Record<string, string>;
  /** How long to wait for the server to answer; generous, a loaded 2-core machine is slow. */
  startTimeoutMs?: number;
}

export class RealOllama {
  readonly url: string;
  private child: ChildProcess | undefined;
  private log = '';
  private readonly home: string;

  private constructor(
    private readonly install: RealOllamaInstall,
    readonly port: number,
    private readonly opts: RealOllamaOptions,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.home = mkdtempSync(join(tmpdir(), 'loglens-ollama-'));
  }

  static async start(install: RealOllamaInstall, opts: RealOllamaOptions = {}): Promise<RealOllama> {
    const o = new RealOllama(install, await freePort(), opts);
    await o.spawn();
    for (const m of opts.models ?? []) await o.register(m);
    return o;
  }

  /** Everything the server wrote to stdout/stderr since it started (all restarts included). */
  get serverLog(): string {
    return this.log;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private async spawn(): Promise<void> {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.home,
      OLLAMA_HOST: `127.0.0.1:${this.port}`,
      OLLAMA_MODELS: join(this.home, 'models'),
      // One request at a time and one model loaded: what a CPU install runs, and it keeps the
      // runner's CPU time attributable to the request a test is looking at.
      OLLAMA_NUM_PARALLEL: '1',
      OLLAMA_MAX_LOADED_MODELS: '1',
      OLLAMA_NOPRUNE: '1',
      GIN_MODE: 'release',
      ...this.opts.env,
    };
    const child = spawn(this.install.bin, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const onData = (b: Buffer) => {
      this.log += b.toString('utf8');
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    const deadline = performance.now() + (this.opts.startTimeoutMs ?? 60_000);
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`ollama serve exited (${child.exitCode ?? child.signalCode}):\n${this.log.slice(-2000)}`);
      try {
        const r = await fetch(`${this.url}/api/version`, { signal: AbortSignal.timeout(2_000) });
        if (r.ok) return;
      } catch {
        /* not listening yet */
      }
      if (performance.now() > deadline) throw new Error(`ollama serve did not answer within ${this.opts.startTimeoutMs ?? 60_000} ms:\n${this.log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Registers one provisioned GGUF as `name` (Ollama's create-from-GGUF API). */
  async register(name: RealModel): Promise<void> {
    const { file, sha256 } = REAL_MODELS[name];
    const path = join(this.install.modelsDir, file);
    const digest = `sha256:${sha256}`;
    const head = await fetch(`${this.url}/api/blobs/${digest}`, { method: 'HEAD' });
    if (head.status !== 200) {
      const up = await fetch(`${this.url}/api/blobs/${digest}`, {
        method: 'POST',
        body: Readable.toWeb(createReadStream(path)) as ReadableStream,
        headers: { 'content-length': String(statSync(path).size) },
        duplex: 'half',
      } as RequestInit);
      if (up.status !== 201 && up.status !== 200) throw new Error(`blob upload for ${name}: ${up.status} ${await up.text()}`);
    }
    const r = await fetch(`${this.url}/api/create`, {
      method: 'POST',
      body: JSON.stringify({ model: name, files: { [file]: digest }, stream: false }),
    });
    const text = await r.text();
    if (!r.ok || !/"success"/.test(text)) throw new Error(`create ${name}: ${r.status} ${text}`);
  }

  /** SIGKILL the server and its runners, as a crash or the OOM killer would. */
  kill(): void {
    for (const pid of this.runnerPids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    this.child?.kill('SIGKILL');
  }

  /** Starts it again on the same port and models (after kill()). */
  async restart(): Promise<void> {
    await this.waitExit();
    await this.spawn();
  }

  private async waitExit(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((r) => c.once('exit', () => r()));
  }

  /** The model runner processes (`ollama runner ...`) this server started, with their CPU seconds. */
  private runners(): { pid: number; cpuSeconds: number }[] {
    const parent = this.child?.pid;
    if (!parent) return [];
    const out: { pid: number; cpuSeconds: number }[] = [];
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      const f = procStat(Number(d));
      // ppid is field 4; utime and stime fields 14 and 15, in USER_HZ ticks (100 on Linux).
      if (f && Number(f[1]) === parent) out.push({ pid: Number(d), cpuSeconds: (Number(f[11]) + Number(f[12])) / 100 });
    }
    return out;
  }

  runnerPids(): number[] {
    return this.runners().map((r) => r.pid);
  }

  /** CPU seconds (user + system) the runners have used so far. */
  runnerCpuSeconds(): number {
    return this.runners().reduce((sum, r) => sum + r.cpuSeconds, 0);
  }

  async close(): Promise<void> {
    for (const pid of this.runnerPids()) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    this.child?.kill('SIGTERM');
    const exited = this.waitExit();
    const timer = setTimeout(() => this.kill(), 10_000);
    await exited;
    clearTimeout(timer);
    rmSync(this.home, { recursive: true, force: true });
  }
}

/** /proc/PID/stat fields from field 3 on (after the parenthesised name, which may hold spaces). */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // exited meanwhile
  }
}
