// Runs the sidecar app (createApp, the production composition) in its own process for tests and
// benchmarks that must survive the server hanging or dying: prints one JSON line {"url": ...} once
// listening, then serves until killed.
//
//   node --import tsx test/serve-app.ts --config '{"dataDir":"/tmp/x","auth":{"apiKeys":["..."]}}'

import { parseArgs } from 'node:util';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/telemetry/logger.js';

const { values: a } = parseArgs({ options: { config: { type: 'string' } } });
if (!a.config) {
  process.stderr.write('usage: serve-app --config JSON\n');
  process.exit(2);
}
// Silent (stdout carries the URL line) unless LOGLENS_SERVE_APP_LOG names a level, for a test being debugged.
const level = (process.env.LOGLENS_SERVE_APP_LOG ?? 'silent') as Parameters<typeof createLogger>[0];
// As the sidecar's serve entry (src/main.ts): ingest on the writer thread.
const app = createApp(loadConfig({}, JSON.parse(a.config)), { logger: createLogger(level), ingestThread: true });
await app.start();
const { url } = await app.listen();
process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);
const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
