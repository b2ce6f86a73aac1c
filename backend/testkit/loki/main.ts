// CLI: tsx backend/testkit/loki/main.ts --port 3100 [--no-auth] [--host 0.0.0.0] [--seed N]
//   [--error-rate 0.05] [--error-status 503] [--rate-limit-rate 0.02] [--retry-after 1]
//   [--latency-ms 20] [--latency-jitter-ms 30] [--reset-rate 0.01] [--truncate-rate 0.01]
//   [--fault-routes query,meta,tail] [--accept-old] [--demo-scenario DIR [--tenant T]]
//
// --demo-scenario writes the shop incident (src/demo/scenario.ts) to DIR, pushes it, and prints the
// LOGLENS_LOKI_URL / LOGLENS_LOKI_SOURCES with which a sidecar follows it through the Loki API.

import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { writeScenario } from '../../src/demo/scenario.js';
import { readLogFile } from '../../src/ingest/file.js';
import { startLokiServer } from './server.js';
import type { FaultRoute } from './faults.js';

const { values: a } = parseArgs({
  options: {
    port: { type: 'string', default: '3100' },
    host: { type: 'string', default: '127.0.0.1' },
    'no-auth': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    'error-rate': { type: 'string', default: '0' },
    'error-status': { type: 'string', default: '500' },
    'rate-limit-rate': { type: 'string', default: '0' },
    'retry-after': { type: 'string' },
    'latency-ms': { type: 'string', default: '0' },
    'latency-jitter-ms': { type: 'string', default: '0' },
    'reset-rate': { type: 'string', default: '0' },
    'truncate-rate': { type: 'string', default: '0' },
    'fault-routes': { type: 'string', default: 'query,meta,tail' },
    'accept-old': { type: 'boolean', default: false },
    'demo-scenario': { type: 'string' },
    tenant: { type: 'string', default: 'default' },
  },
});

const srv = await startLokiServer({
  port: Number(a.port),
  host: a.host,
  authEnabled: !a['no-auth'],
  seed: Number(a.seed),
  // The demo incident is dated 2026-11-24: older than Loki's default sample age.
  limits: a['accept-old'] || a['demo-scenario'] ? { rejectOldSamplesMaxAgeMs: null } : {},
  faults: {
    errorRate: Number(a['error-rate']),
    errorStatus: Number(a['error-status']),
    rateLimitRate: Number(a['rate-limit-rate']),
    retryAfterSeconds: a['retry-after'] === undefined ? null : Number(a['retry-after']),
    latencyMs: Number(a['latency-ms']),
    latencyJitterMs: Number(a['latency-jitter-ms']),
    resetRate: Number(a['reset-rate']),
    truncateRate: Number(a['truncate-rate']),
    routes: a['fault-routes'].split(',').filter(Boolean) as FaultRoute[],
  },
});
process.stdout.write(`loki stand-in listening on ${srv.url} (auth ${a['no-auth'] ? 'off, tenant "fake"' : 'on, X-Scope-OrgID required'})\n`);

if (a['demo-scenario']) {
  const { files } = writeScenario(a['demo-scenario']);
  let lines = 0;
  let earliest: bigint | undefined;
  for (const f of Object.values(files)) {
    const values: [string, string][] = [];
    await readLogFile(f, { tenant: a.tenant, labels: {} }, (batch) => {
      for (const e of batch) {
        values.push([e.tsNs.toString(), e.line]);
        if (earliest === undefined || e.tsNs < earliest) earliest = e.tsNs;
      }
    });
    const r = srv.push(a.tenant, [{ stream: { job: basename(f, '.log'), env: 'demo' }, values }]);
    if (r.errors.length) throw new Error(`the stand-in refused demo lines: ${r.errors[0]}`);
    lines += r.accepted;
  }
  // Backfill from before the incident, so a follower started now reads all of it.
  const backfillSeconds = Math.ceil((Date.now() - Number(earliest! / 1_000_000n)) / 1000) + 60;
  const source = [{ id: 'demo-loki', tenant: a.tenant, selector: '{env="demo"}', backfillSeconds }];
  process.stdout.write(
    `pushed ${lines} demo lines for tenant ${a.tenant}; follow them with:\n` +
      `  LOGLENS_LOKI_URL=${srv.url} LOGLENS_LOKI_SOURCES='${JSON.stringify(source)}' npm run -w backend loglens -- serve\n`,
  );
}

const shutdown = () => {
  srv.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
