// A sidecar process that only follows Loki sources into OpenSearch (no HTTP API, no local store),
// sharing them with any other such process, or with full sidecars on backend.kind opensearch,
// through leases (follow.ts). Configuration is the sidecar's own (config/schema.ts: `loki`,
// `backend`, `embedding`, `chunking`), from the same LOGLENS_* variables or LOGLENS_CONFIG_FILE; one
// JSON status line on stdout every backend.opensearch.statusIntervalMs, logs as JSON on stderr.
// SIGTERM/SIGINT stop the followers and release the leases; a SIGKILL leaves them to expire.
//
//   LOGLENS_BACKEND=opensearch LOGLENS_OPENSEARCH_URL=https://os1:9200,https://os2:9200 \
//   LOGLENS_OPENSEARCH_USERNAME=... LOGLENS_OPENSEARCH_PASSWORD=... \
//   LOGLENS_LOKI_URL=http://loki:3100 LOGLENS_LOKI_SOURCES='[{"id":"a","tenant":"t1","selector":"{env=\"prod\"}"}]' \
//   node --import tsx src/backend/follow-main.ts
import { buildEmbedder } from '../app.js';
import { OpenSearchFollow } from './opensearch-follow.js';
import { ConfigError, loadConfig, redactConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';

const log = (level: string, msg: string, fields?: Record<string, unknown>) => process.stderr.write(`${JSON.stringify({ t: Date.now(), level, msg, ...fields })}\n`);

let config: Config;
try {
  config = loadConfig(process.env);
  if (config.backend.kind !== 'opensearch') throw new ConfigError(['backend.kind: follow-main follows into OpenSearch only (LOGLENS_BACKEND=opensearch)']);
  if (!config.loki.url || config.loki.sources.length === 0) throw new ConfigError(['loki.url and loki.sources: required (LOGLENS_LOKI_URL, LOGLENS_LOKI_SOURCES)']);
} catch (e) {
  log('error', 'bad configuration', { error: (e as Error).message });
  process.exit(2);
}
const shown = redactConfig(config) as Pick<Config, 'backend' | 'loki'>;
log('info', 'starting', { backend: shown.backend, loki: new URL(config.loki.url).origin, sources: config.loki.sources.map((s) => s.id), embedding: config.embedding.enabled });
const embedder = buildEmbedder(config);
const follow = new OpenSearchFollow(config, { embedder, log });
follow.start();

const report = () => process.stdout.write(`${JSON.stringify({ t: Date.now(), pid: process.pid, owner: follow.owner, ...follow.status().follow })}\n`);
const timer = setInterval(report, config.backend.opensearch.statusIntervalMs);
report();

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  await follow.stop();
  report();
  await embedder?.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
