// Helpers shared by the hardening tests (isolation, fuzz) and bench/load.ts: the demo scenario as
// parsed log entries, Loki push bodies, and a raw HTTP client that sends bytes and headers exactly
// as given (fetch re-encodes bodies and refuses odd headers).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeScenario } from '../src/demo/scenario.js';
import { readLogFile } from '../src/ingest/file.js';
import type { LogEntry } from '../src/types.js';

/** The demo scenario's five service logs, parsed as the file source parses them (tenant left blank). */
export async function scenarioEntries(seed?: number): Promise<LogEntry[]> {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-hardening-scenario-'));
  try {
    const { files } = writeScenario(dir, seed);
    const out: LogEntry[] = [];
    for (const f of Object.values(files)) {
      await readLogFile(f, { tenant: '', labels: { job: basename(f, '.log'), env: 'demo' }, defaultYear: 2026 }, (b) => {
        out.push(...b);
      });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PushBody {
  streams: { stream: Record<string, string>; values: [string, string][] }[];
}

/**
 * Loki push bodies of at most `perBody` lines. The push API carries no `seq`, so a line repeated
 * at the same instant is sent once per occurrence and stored once: callers compare against that.
 */
export function pushBodies(entries: readonly LogEntry[], perBody: number): PushBody[] {
  const bodies: PushBody[] = [];
  for (let i = 0; i < entries.length; i += perBody) {
    const byStream = new Map<string, PushBody['streams'][number]>();
    for (const e of entries.slice(i, i + perBody)) {
      const k = JSON.stringify(e.labels);
      let s = byStream.get(k);
      if (!s) byStream.set(k, (s = { stream: e.labels, values: [] }));
      s.values.push([e.tsNs.toString(), e.line]);
    }
    bodies.push({ streams: [...byStream.values()] });
  }
  return bodies;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request over loopback with exactly these headers and body bytes. */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string | number>,
  body?: Buffer | string,
  timeoutMs = 30_000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const u = new URL(base);
    // Framed explicitly: node sends a DELETE/OPTIONS body unframed otherwise, and the server then
    // reads those bytes as the next request on the kept-alive socket.
    const framed = body === undefined ? headers : { 'content-length': Buffer.byteLength(body), ...headers };
    const req = httpRequest(
      { host: u.hostname, port: u.port, path, method, headers: framed, timeout: timeoutMs },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The JSON payloads of a server-sent event stream, with their event names. */
export function sseEvents(text: string): { event: string; data: unknown }[] {
  const out: { event: string; data: unknown }[] = [];
  for (const block of text.split('\n\n')) {
    const ev = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (ev !== undefined && data !== undefined) out.push({ event: ev, data: JSON.parse(data) });
  }
  return out;
}

/**
 * Starts the sidecar (test/serve-app.ts, the production composition) in its own process, so a
 * test sees its stalls and its memory apart from its own. Resolves once it listens. `nodeArgs`
 * go before the script (preloads, profilers); `ipc` opens a message channel. Stdout lines before
 * the URL (logs, when LOGLENS_SERVE_APP_LOG is set) go to stderr.
 */
export function spawnServeApp(
  config: unknown,
  opts: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv; ipc?: boolean; /** another checkout's backend/ (an A/B bench's baseline) */ backendDir?: string } = {},
): Promise<{ url: string; pid: number; child: ChildProcess }> {
  const backend = opts.backendDir ?? join(dirname(fileURLToPath(import.meta.url)), '..');
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', join(backend, 'test', 'serve-app.ts'), '--config', JSON.stringify(config)], {
    cwd: backend,
    stdio: ['ignore', 'pipe', 'inherit', ...(opts.ipc ? (['ipc'] as const) : [])],
    env: opts.env ?? process.env,
  });
  return new Promise((resolve, reject) => {
    let buf = '';
    let started = false;
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!started && line.startsWith('{"url"')) {
          started = true;
          const { url, pid } = JSON.parse(line) as { url: string; pid: number };
          resolve({ url, pid, child });
        } else process.stderr.write(`${line}\n`);
      }
    });
    child.once('exit', (code, signal) => {
      if (!started) reject(new Error(`server exited ${code ?? signal} before listening`));
    });
  });
}

/**
 * Loaded into the server process: its event-loop delay (perf_hooks, sampled every 5 ms: values are
 * that interval plus the delay) and, on Linux, the CPU its main thread used between two turns of a
 * 5 ms timer (/proc schedstat): the longest stretch of work without a turn, which the load on the
 * machine does not stretch. Reset and read over the IPC channel. Round trips measured from here
 * also hold this process's and the OS's scheduling.
 */
export const EVENT_LOOP_PROBE = `data:text/javascript,${encodeURIComponent(`
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
const h = monitorEventLoopDelay({ resolution: 5 });
h.enable();
const stat = '/proc/self/task/' + process.pid + '/schedstat';
const cpuNs = () => { try { return Number(readFileSync(stat, 'utf8').split(' ')[0]); } catch { return NaN; } };
let last = cpuNs();
let maxCpu = 0;
setInterval(() => { const now = cpuNs(); maxCpu = Math.max(maxCpu, now - last); last = now; }, 5).unref();
process.on('message', (m) => {
  if (m === 'eld:reset') { h.reset(); maxCpu = 0; last = cpuNs(); }
  if (m === 'eld:reset' || m === 'eld:read') process.send({ p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6, maxCpu: maxCpu / 1e6, n: h.count });
});`)}`;

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  /** Most main-thread CPU between two timer turns (ms); NaN where /proc is not there. */
  maxCpu: number | null;
  n: number;
}

/** The server's event-loop delay since the last reset (ms), and a reset. */
export function loopDelay(child: ChildProcess, cmd: 'eld:reset' | 'eld:read'): Promise<LoopDelay> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as LoopDelay));
    child.send(cmd);
  });
}
