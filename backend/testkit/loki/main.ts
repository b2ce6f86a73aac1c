// CLI: tsx backend/testkit/loki/main.ts --port 3100 [--no-auth] [--host 0.0.0.0] [--seed N]
//   [--error-rate 0.05] [--error-status 503] [--rate-limit-rate 0.02] [--retry-after 1]
//   [--latency-ms 20] [--latency-jitter-ms 30] [--reset-rate 0.01] [--truncate-rate 0.01]
//   [--fault-routes query,meta,tail] [--accept-old]

import { parseArgs } from 'node:util';
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
  },
});

const srv = await startLokiServer({
  port: Number(a.port),
  host: a.host,
  authEnabled: !a['no-auth'],
  seed: Number(a.seed),
  limits: a['accept-old'] ? { rejectOldSamplesMaxAgeMs: null } : {},
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

const shutdown = () => {
  srv.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
