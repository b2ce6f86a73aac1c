// A standalone follower process: opens the SQLite store at --db and follows Loki sources into it,
// printing one JSON status line per --status-ms on stdout. The fault test SIGKILLs it mid-ingest;
// the bench and the demo can run it as is.
//
//   node --import tsx src/ingest/loki/follow-worker.ts --db data/x.db --loki http://127.0.0.1:3100 \
//     --sources '[{"id":"a","tenant":"t1","selector":"{env=\"prod\"}","backfillSeconds":3600}]' \
//     [--options '{"settleMs":1000}'] [--status-ms 500]
// Credentials come from the environment, never argv: LOKI_USERNAME + LOKI_PASSWORD, or LOKI_BEARER_TOKEN.

import { parseArgs } from 'node:util';
import { Store } from '../../store/store.js';
import type { LokiAuth } from './client.js';
import type { LokiSourceConfig } from './follower.js';
import { createLokiIngest, type FollowerTuning } from './ingest.js';

const { values: a } = parseArgs({
  options: {
    db: { type: 'string' },
    loki: { type: 'string' },
    sources: { type: 'string' },
    options: { type: 'string', default: '{}' },
    'status-ms': { type: 'string', default: '500' },
  },
});
if (!a.db || !a.loki || !a.sources) {
  process.stderr.write('usage: follow-worker --db PATH --loki URL --sources JSON [--options JSON] [--status-ms N]\n');
  process.exit(2);
}

const env = process.env;
const auth: LokiAuth | undefined = env.LOKI_BEARER_TOKEN
  ? { kind: 'bearer', token: env.LOKI_BEARER_TOKEN }
  : env.LOKI_USERNAME
    ? { kind: 'basic', username: env.LOKI_USERNAME, password: env.LOKI_PASSWORD ?? '' }
    : undefined;

const sources = JSON.parse(a.sources) as LokiSourceConfig[];
const tuning = JSON.parse(a.options) as FollowerTuning;
const store = Store.open(a.db);
const ingest = createLokiIngest(store, { url: a.loki, auth, timeoutMs: 10_000, sources, tuning }, {
  log: (level, msg, fields) => process.stderr.write(`${JSON.stringify({ level, msg, ...fields })}\n`),
});
ingest.start();

const report = () => process.stdout.write(`${JSON.stringify({ t: Date.now(), pid: process.pid, followers: ingest.status() })}\n`);
const timer = setInterval(report, Number(a['status-ms']));
report();

const shutdown = async () => {
  clearInterval(timer);
  await ingest.stop();
  report();
  store.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
