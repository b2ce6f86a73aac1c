// A sidecar process that follows Loki sources into OpenSearch, sharing them with any other such
// process through leases (follow.ts). Configuration from the environment only (followConfigFromEnv);
// one JSON status line on stdout every LOGLENS_STATUS_MS (default 1000), logs as JSON on stderr.
// SIGTERM/SIGINT stop the followers and release the leases; a SIGKILL leaves them to expire.
//
//   LOGLENS_LOKI_URL=http://loki:3100 LOGLENS_LOKI_SOURCES='[{"id":"a","tenant":"t1","selector":"{env=\"prod\"}","backfillSeconds":3600}]' \
//   LOGLENS_OPENSEARCH_URLS=https://os1:9200,https://os2:9200 LOGLENS_OPENSEARCH_USERNAME=... LOGLENS_OPENSEARCH_PASSWORD=... \
//   node --import tsx src/backend/follow-main.ts
import { OpenSearchBackend } from '../opensearch/backend.js';
import { describeFollowConfig, followConfigFromEnv, startBackendFollow } from './follow.js';

const log = (level: string, msg: string, fields?: Record<string, unknown>) => process.stderr.write(`${JSON.stringify({ t: Date.now(), level, msg, ...fields })}\n`);

let cfg;
try {
  cfg = followConfigFromEnv(process.env);
} catch (e) {
  log('error', 'bad configuration', { error: (e as Error).message });
  process.exit(2);
}
log('info', 'starting', describeFollowConfig(cfg));
const backend = await OpenSearchBackend.open(cfg.openSearch);
const follow = startBackendFollow({
  backend,
  loki: { url: cfg.lokiUrl, auth: cfg.lokiAuth, timeoutMs: 10_000 },
  sources: cfg.sources,
  owner: cfg.owner,
  leaseTtlMs: cfg.leaseTtlMs,
  tuning: cfg.tuning,
  log,
});
follow.start();

const report = () => process.stdout.write(`${JSON.stringify({ t: Date.now(), pid: process.pid, owner: follow.owner, ...follow.status() })}\n`);
const timer = setInterval(report, Number(process.env.LOGLENS_STATUS_MS) || 1000);
report();

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  await follow.stop();
  report();
  await backend.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
