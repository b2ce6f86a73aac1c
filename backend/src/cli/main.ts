import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp, type App } from '../app.js';
import { ConfigError, loadConfig, redactConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { GROUND_TRUTH, SERVICES, writeScenario } from '../demo/scenario.js';
import { readLogFile } from '../ingest/file.js';
import { jsonSafe } from '../api/server.js';
import { serve } from '../main.js';
import { formatAnswer } from './format.js';

const USAGE = `loglens <command> [options]

  serve                         run the sidecar HTTP API (config from LOGLENS_* env / LOGLENS_CONFIG_FILE)
  ingest FILE... [--job NAME] [--label k=v]... [--tenant T]
                                store log files (one stream per file; job defaults to the file name)
  ask "QUESTION" [--selector '{job="x"}'] [--tenant T] [--json]
                                answer from the local store, with citations
  demo [--serve] [--urls]     generate the sample shop incident, ingest it, ask why checkout
                                started failing at 14:05, print the cited answer; --serve keeps serving
                                (to follow the same incident through Loki's HTTP API, see
                                backend/testkit/loki/README.md: the stand-in can serve it)
  config                        print the effective configuration (secrets redacted)
`;

function labelsFrom(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list ?? []) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new Error(`--label expects k=v, got "${kv}"`);
    out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

async function ingestFiles(
  app: App,
  files: string[],
  tenant: string,
  labels: (file: string) => Record<string, string>,
  opts: { quiet?: boolean } = {},
): Promise<number> {
  let total = 0;
  for (const f of files) {
    let inserted = 0;
    const { lines } = await readLogFile(resolve(f), { tenant, labels: labels(f) }, (batch) => {
      inserted += app.pipeline.ingest(`file`, batch, { final: false }).inserted;
    });
    app.pipeline.chunkPending(true);
    total += inserted;
    if (!opts.quiet) process.stderr.write(`ingested ${f}: ${lines} lines, ${inserted} new\n`);
  }
  return total;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === 'serve') {
    await serve();
    return -1; // keeps running
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      job: { type: 'string' },
      label: { type: 'string', multiple: true },
      tenant: { type: 'string' },
      selector: { type: 'string' },
      json: { type: 'boolean', default: false },
      serve: { type: 'boolean', default: false },
      urls: { type: 'boolean', default: false },
    },
  });
  let config: Config;
  try {
    // The demo's reader wants the answer, not the sidecar's info logs: warn unless asked otherwise.
    // Its incident is dated 2026-11-24 whatever today is, so the demo keeps it (no age limit).
    config = loadConfig(
      process.env,
      cmd === 'demo'
        ? { auth: { disabled: process.env.LOGLENS_API_KEYS ? false : true }, retention: { maxAgeHours: 0 }, ...(process.env.LOGLENS_LOG_LEVEL ? {} : { log: { level: 'warn' } }) }
        : {},
    );
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (cmd === 'config') {
    process.stdout.write(JSON.stringify(redactConfig(config), null, 2) + '\n');
    return 0;
  }
  const tenant = values.tenant ?? config.defaultTenant;
  const app = createApp(config, { logger: undefined });
  try {
    switch (cmd) {
      case 'ingest': {
        if (positionals.length === 0) throw new Error('ingest needs at least one file');
        const extra = labelsFrom(values.label);
        await ingestFiles(app, positionals, tenant, (f) => ({ job: values.job ?? basename(f, extname(f)), ...extra }));
        return 0;
      }
      case 'ask': {
        const question = positionals.join(' ').trim();
        if (!question) throw new Error('ask needs a question');
        const r = await app.ask.ask({ tenant, question, selector: values.selector, limit: config.retrieval.evidenceChunks });
        process.stdout.write(values.json ? JSON.stringify(jsonSafe(r), null, 2) + '\n' : formatAnswer(r, { showUrls: values.urls }) + '\n');
        return 0;
      }
      case 'demo': {
        const dir = join(config.dataDir, 'demo-scenario');
        const { files } = writeScenario(dir);
        process.stderr.write(`demo: wrote the sample shop logs (${SERVICES.join(', ')}) to ${dir}\n`);
        await ingestFiles(app, Object.values(files), tenant, (f) => ({ job: basename(f, '.log'), env: 'demo' }), { quiet: true });
        const c = app.store.counts();
        const tIndex = Date.now();
        await app.vectors?.idle();
        const vec = app.vectors?.status().reduce((n, s) => n + s.vectors, 0);
        process.stderr.write(
          `demo: store holds ${c.entries} entries in ${c.chunks} chunks; ` +
            (app.vectors ? `${vec} chunk vectors indexed (${app.vectors.state()}) in ${((Date.now() - tIndex) / 1000).toFixed(1)} s\n\n` : 'vector index off: BM25 only\n\n'),
        );
        const q = GROUND_TRUTH.question;
        if (app.llm) {
          const ready = await app.llm.readiness();
          process.stdout.write(
            ready.ok
              ? `LLM: Ollama at ${config.ollama.url} answers with model ${ready.model}; using it.\n`
              : `LLM: Ollama at ${config.ollama.url} not usable (${ready.reason}); answering extractively.\n`,
          );
        } else {
          process.stdout.write('LLM: LOGLENS_OLLAMA_URL not set; answering extractively (evidence only, no LLM).\n');
        }
        process.stdout.write(`Q: ${q}\n\n`);
        const r = await app.ask.ask({ tenant, question: q, limit: config.retrieval.evidenceChunks });
        const isRoot = (job: string | undefined, line: string) =>
          GROUND_TRUTH.rootCause.some((g) => g.job === job && new RegExp(g.pattern).test(line));
        process.stdout.write(
          formatAnswer(r, { showUrls: values.urls, mark: (cit) => (isRoot(cit.labels.job, cit.line) ? ' (root cause)' : '') }) + '\n',
        );
        const roots = r.citations.filter((cit) => isRoot(cit.labels.job, cit.line)).length;
        const blocks = new Set(r.citations.filter((cit) => isRoot(cit.labels.job, cit.line)).map((cit) => cit.n));
        process.stdout.write(
          `\n${blocks.size} of ${new Set(r.citations.map((cit) => cit.n)).size} cited blocks hold root-cause lines of the scenario (ground truth: ${join(dir, 'ground-truth.json')}).\n`,
        );
        // An exact question on the same store: a number computed over every stored line, with its LogQL.
        const exactQ = 'how many payment authorizations failed in checkout?';
        const exact = await app.ask.ask({ tenant, question: exactQ, limit: config.retrieval.evidenceChunks });
        process.stdout.write(`\nQ: ${exactQ}\n\n${formatAnswer(exact, { showUrls: false })}\n`);
        if (!values.serve) {
          process.stdout.write(
            [
              '',
              'Try next:',
              '  bash scripts/demo.sh --serve            keep the API up on http://127.0.0.1:8787 (POST /api/v1/ask)',
              `  LOGLENS_DATA_DIR=${config.dataDir} npm run -w backend loglens -- ask "how many 502s did the frontend return?"`,
              '  docker compose up                        Grafana + Loki + the plugin, with this sidecar (docker-compose.yml)',
              '  LOGLENS_OLLAMA_URL=http://127.0.0.1:11434 bash scripts/demo.sh    answer with a local Ollama model',
              '',
            ].join('\n'),
          );
        }
        if (values.serve) {
          const { url } = await app.listen();
          process.stdout.write(`\nserving the demo store at ${url} (Ctrl-C to stop)\n`);
          await new Promise<void>((res) => {
            process.once('SIGINT', res);
            process.once('SIGTERM', res);
          });
        }
        return roots > 0 ? 0 : 1;
      }
      default:
        process.stderr.write(`unknown command "${cmd}"\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await app.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`error: ${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
