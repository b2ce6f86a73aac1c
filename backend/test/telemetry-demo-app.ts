// The sidecar as the telemetry tests see it: the demo scenario ingested through the real pipeline,
// the HTTP API on a loopback port with an API key, the Ollama stand-in as its LLM.
import { accessSync, constants, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TracerProvider } from '@opentelemetry/api';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { GROUND_TRUTH, writeScenario } from '../src/demo/scenario.js';
import { readLogFile } from '../src/ingest/file.js';
import { createLogger } from '../src/telemetry/logger.js';
import { startOllamaServer, type OllamaServerHandle } from '../testkit/ollama/server.js';

export const DEMO_KEY = 'telemetry-test-key-5f1c0a9e';
const MODEL = 'llama3.2:3b';
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DASHBOARD_DIR = join(REPO_ROOT, 'provisioning', 'dashboards', 'json');

export interface DemoApp {
  app: App;
  url: string;
  /** Host:port of the API, for a scrape target. */
  hostPort: string;
  ollama: OllamaServerHandle;
  /** Every line of the scenario's log files (to prove none leaks into telemetry). */
  lines: string[];
  close(): Promise<void>;
}

export async function startDemoApp(opts: { tracerProvider?: TracerProvider; processMetrics?: boolean } = {}): Promise<DemoApp> {
  const ollama = await startOllamaServer({ port: 0, script: { behaviour: 'grounded', models: [MODEL] } });
  const dir = mkdtempSync(join(tmpdir(), 'loglens-telemetry-'));
  try {
    return await startOn(ollama, dir, opts);
  } catch (err) {
    // A half-built fixture must not keep the test process alive.
    await ollama.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function startOn(
  ollama: OllamaServerHandle,
  dir: string,
  opts: { tracerProvider?: TracerProvider; processMetrics?: boolean },
): Promise<DemoApp> {
  const { files } = writeScenario(join(dir, 'scenario'));
  const app = createApp(
    loadConfig(
      {},
      {
        dataDir: dir,
        server: { host: '127.0.0.1', port: 0 },
        auth: { apiKeys: [DEMO_KEY] },
        ollama: { url: ollama.url, model: MODEL, firstTokenTimeoutMs: 3000, totalTimeoutMs: 10_000 },
      },
    ),
    { logger: createLogger('silent'), processMetrics: opts.processMetrics ?? false, tracerProvider: opts.tracerProvider },
  );
  const lines: string[] = [];
  for (const f of Object.values(files)) {
    lines.push(...readFileSync(f, 'utf8').split('\n').filter((l) => l !== ''));
    await readLogFile(f, { tenant: 'default', labels: { job: basename(f, '.log'), env: 'demo' } }, (b) => {
      app.pipeline.ingest('file', b, { final: false });
    });
  }
  app.pipeline.chunkPending(true);
  const { url } = await app.listen().catch(async (err) => {
    await app.close();
    throw err;
  });
  return {
    app,
    url,
    hostPort: new URL(url).host,
    ollama,
    lines,
    async close() {
      await app.close();
      await ollama.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const auth = { authorization: `Bearer ${DEMO_KEY}` };

export async function askOverHttp(url: string, question: string = GROUND_TRUTH.question, accept = 'application/json'): Promise<any> {
  const r = await fetch(`${url}/api/v1/ask`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json', accept },
    body: JSON.stringify({ question }),
    signal: AbortSignal.timeout(15_000),
  });
  if (r.status !== 200) throw new Error(`ask: HTTP ${r.status}: ${await r.text()}`);
  return accept === 'application/json' ? r.json() : r.text();
}

/**
 * Pushed lines are stamped just after the scenario (not the wall clock): the tenant's data stays on
 * the incident's day whatever today is, so "at 14:05" means the same in every run.
 */
export const PUSH_AT_MS = Date.parse(`${GROUND_TRUTH.date}T14:31:00Z`);
let pushes = 0;

/** Pushes lines through the push API (source "push"), Loki-style: [ns timestamp, line]; each call a second after the last. */
export async function pushOverHttp(url: string, labels: Record<string, string>, lines: string[], atMs = PUSH_AT_MS + 1000 * pushes++): Promise<any> {
  const base = BigInt(atMs) * 1_000_000n;
  const r = await fetch(`${url}/api/v1/ingest`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ streams: [{ stream: labels, values: lines.map((l, i) => [String(base + BigInt(i)), l]) }] }),
    signal: AbortSignal.timeout(15_000),
  });
  if (r.status !== 200) throw new Error(`ingest: HTTP ${r.status}: ${await r.text()}`);
  return r.json();
}

export async function scrape(url: string): Promise<string> {
  const r = await fetch(`${url}/metrics`, { headers: auth, signal: AbortSignal.timeout(10_000) });
  if (r.status !== 200) throw new Error(`/metrics: HTTP ${r.status}`);
  return r.text();
}

/** The binary's path, or a reason to skip when it is not installed. */
export function binary(name: string): { path: string } | { skip: string } {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return { path };
    } catch {
      // not in this directory
    }
  }
  return { skip: `${name} not on PATH (Debian: apt-get install -y prometheus); skipping` };
}

/** One PromQL query of a provisioned dashboard panel. */
export interface PanelQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

/** Every Prometheus query of the provisioned dashboards, as written (Grafana variables included). */
export function dashboardQueries(dir = DASHBOARD_DIR): PanelQuery[] {
  const out: PanelQuery[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const d = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const visit = (panels: any[] | undefined) => {
      for (const p of panels ?? []) {
        for (const t of p.targets ?? []) {
          const ds = t.datasource ?? p.datasource;
          if (typeof t.expr === 'string' && ds?.type === 'prometheus') out.push({ dashboard: file, panel: p.title, expr: t.expr });
        }
        visit(p.panels);
      }
    };
    visit(d.panels);
  }
  return out;
}
