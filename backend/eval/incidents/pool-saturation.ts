// Incident "pool-saturation" (a resource saturating). Held out: not tuned on (see README.md).
// From 13:52 the accounts service (Node.js, pino JSON) leaks a PostgreSQL client on an error path:
// its pool climbs from ~8 to its maximum of 50 clients and stays there from ~14:13:30; requests
// then wait for a client and fail with "timeout exceeded when trying to connect", and the web tier
// (nginx) answers 503 for /v1/accounts.
// Formats: JSON lines (accounts, billing; pino), PostgreSQL server log (postgres), nginx access log
// with upstream fields (web). Red herrings: a billing webhook error burst (13:55-13:58), a billing
// deploy (3.2.9 -> 3.3.0) at 14:06, a duplicate-key error in PostgreSQL recurring all along, and a
// one-off "connection reset by peer" in PostgreSQL at 14:11:50.
import { at, clf, pgTime, rng, sorted, type IncidentScenario, type IncidentTruth, type Line } from './lib.js';

const DATE = '2026-08-20';
const START = at(DATE, '12:30:00');
const END = at(DATE, '14:45:00');
const LEAK_FROM = at(DATE, '13:52:00');
const POOL_MAX = 50;
/** Leaked clients per minute once the leak starts. */
const LEAK_PER_MIN = 2;
const WINDOW = { start: `${DATE}T13:45:00Z`, end: `${DATE}T14:45:00Z` };

export const truth: IncidentTruth = {
  id: 'pool-saturation',
  title: 'accounts leaks PostgreSQL clients until its pool is at 50/50',
  story:
    'from 13:52 accounts leaks a pg client per failed request path: its pool (totalCount) climbs to the max of 50 at ~14:13:30 with idleCount 0 and requests waiting; requests then time out acquiring a client and web returns 503 for /v1/accounts.',
  kind: 'saturation',
  incidentStart: `${DATE}T14:13:45Z`,
  cause: {
    lines: [{ job: 'accounts', pattern: '"msg":"pg pool (stats|exhausted)[^"]*".*"totalCount":50' }],
    services: ['accounts'],
    value: String.raw`\b50\b`,
  },
  firstFailure: { job: 'accounts', pattern: 'timeout exceeded when trying to connect' },
  symptom: { job: 'web', pattern: '"GET /v1/accounts/\\S+ HTTP/1.1" 503' },
  path: ['accounts', 'web'],
  redHerrings: [
    { job: 'billing', pattern: 'webhook signature verification failed', kind: 'unrelated-burst' },
    { job: 'billing', pattern: '"version":"3.3.0"', kind: 'unrelated-deploy' },
    { job: 'postgres', pattern: 'duplicate key value violates unique constraint', kind: 'recurring-error' },
    { job: 'postgres', pattern: 'could not receive data from client', kind: 'one-off-error' },
  ],
  questions: [
    { id: 'pool-saturation/why', phrasing: 'why', question: 'why did web start failing around 14:14?', window: WINDOW },
    { id: 'pool-saturation/changed', phrasing: 'changed', question: 'what changed before the errors started?', window: WINDOW },
    { id: 'pool-saturation/first', phrasing: 'first', question: 'which component failed first?', window: WINDOW },
  ],
};

export function generate(seed = 820): Record<string, Line[]> {
  const { r, pick, int, hex } = rng(seed);
  const out: Record<string, Line[]> = { accounts: [], billing: [], postgres: [], web: [] };
  const pino = (t: number, level: number, host: string, msg: string, extra: Record<string, unknown>) =>
    JSON.stringify({ level, time: t, pid: 7, hostname: host, msg, ...extra });
  const leaked = (t: number) => (t < LEAK_FROM ? 0 : Math.floor(((t - LEAK_FROM) / 60_000) * LEAK_PER_MIN));
  const inUse = (t: number) => Math.min(POOL_MAX, 6 + int(0, 4) + leaked(t));
  const saturated = (t: number) => 8 + leaked(t) >= POOL_MAX;
  const accountsHost = 'accounts-5f7c9d8b6-q2w8e';
  let pgPid = 31_000;

  // accounts: requests; when the pool is full a share of them time out waiting for a client.
  for (let t = START + 300; t < END; t += 450 + int(0, 500)) {
    const reqId = `req-${hex(6)}`;
    const id = `acc_${hex(8)}`;
    const route = pick(['/v1/accounts/:id', '/v1/accounts/:id/settings', '/v1/accounts/:id/sessions']);
    const status = saturated(t) && r() < 0.7 ? 503 : 200;
    if (status === 503) {
      out.accounts.push({
        t: t + 5000,
        text: pino(t + 5000, 50, accountsHost, 'request failed', {
          reqId,
          route,
          accountId: id,
          statusCode: 503,
          err: { type: 'Error', message: 'timeout exceeded when trying to connect', stack: 'Error: timeout exceeded when trying to connect\n    at Timeout._onTimeout (/app/node_modules/pg-pool/index.js:195:27)\n    at listOnTimeout (node:internal/timers:573:17)' },
        }),
      });
      out.web.push({ t: t + 5001, text: webLine(t + 5001, 'GET', `/v1/accounts/${id}`, 503, 5.002, 'accounts:3000') });
    } else {
      const rt = saturated(t) ? 400 + r() * 3000 : 8 + r() * 40;
      out.accounts.push({ t: t + Math.round(rt), text: pino(t + Math.round(rt), 30, accountsHost, 'request completed', { reqId, route, accountId: id, statusCode: 200, responseTime: Number(rt.toFixed(1)) }) });
      out.web.push({ t: t + Math.round(rt) + 1, text: webLine(t + Math.round(rt) + 1, 'GET', `/v1/accounts/${id}`, 200, rt / 1000 + 0.002, 'accounts:3000') });
    }
  }
  function webLine(t: number, method: string, path: string, status: number, rt: number, upstream: string): string {
    const ua = pick(['okhttp/4.12.0', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)']);
    return `10.8.${int(0, 15)}.${int(2, 254)} - - [${clf(t)}] "${method} ${path} HTTP/1.1" ${status} ${status === 200 ? int(300, 4000) : 162} "-" "${ua}" rt=${rt.toFixed(3)} upstream=${upstream} urt=${(rt - 0.001).toFixed(3)}`;
  }
  // Pool stats every 30 s; a warning each time a request has to wait once it is full.
  for (let t = START + 15_000; t < END; t += 30_000) {
    const total = inUse(t);
    const idle = saturated(t) ? 0 : Math.max(0, Math.min(total - leaked(t), int(2, 6)));
    const waiting = saturated(t) ? int(3, 25) : 0;
    out.accounts.push({ t, text: pino(t, 30, accountsHost, 'pg pool stats', { totalCount: total, idleCount: idle, waitingCount: waiting, max: POOL_MAX }) });
    if (saturated(t)) out.accounts.push({ t: t + 5, text: pino(t + 5, 40, accountsHost, 'pg pool exhausted, request waiting for a client', { totalCount: total, idleCount: 0, waitingCount: waiting, max: POOL_MAX }) });
  }
  // Every new client of the pool is a new PostgreSQL session.
  let opened = 8;
  for (let t = START + 2000; t < END; t += 20_000) {
    const want = Math.min(POOL_MAX, 8 + leaked(t)) + (r() < 0.3 ? 1 : 0);
    while (opened < want) {
      out.postgres.push({ t: t + opened, text: `${pgTime(t + opened)} [${pgPid++}] LOG:  connection authorized: user=accounts database=accounts application_name=accounts-api` });
      opened++;
    }
    if (r() < 0.2) {
      // routine churn: a client closed and reopened
      const p = pgPid++;
      out.postgres.push({ t: t + 500, text: `${pgTime(t + 500)} [${p - int(100, 900)}] LOG:  disconnection: session time: 0:${String(int(10, 59)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}.${int(100, 999)} user=accounts database=accounts host=10.8.3.21 port=${int(40000, 60000)}` });
      out.postgres.push({ t: t + 520, text: `${pgTime(t + 520)} [${p}] LOG:  connection authorized: user=accounts database=accounts application_name=accounts-api` });
    }
  }
  // postgres: checkpoints, autovacuum, a duplicate-key error every ~2 minutes all along.
  for (let t = START + 60_000; t < END; t += 300_000) {
    out.postgres.push({ t, text: `${pgTime(t)} [88] LOG:  checkpoint starting: time` });
    out.postgres.push({ t: t + 2400, text: `${pgTime(t + 2400)} [88] LOG:  checkpoint complete: wrote ${int(30, 400)} buffers (${(r() * 2).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${int(0, 2)} recycled; write=${(r() * 3).toFixed(3)} s, sync=0.00${int(1, 9)} s, total=${(2 + r()).toFixed(3)} s` });
  }
  for (let t = START + 30_000; t < END; t += 110_000 + int(0, 30_000)) {
    const p = int(31_000, 31_900);
    out.postgres.push({ t, text: `${pgTime(t)} [${p}] ERROR:  duplicate key value violates unique constraint "sessions_pkey"` });
    out.postgres.push({ t, text: `${pgTime(t)} [${p}] DETAIL:  Key (id)=(${hex(12)}) already exists.` });
    out.postgres.push({ t, text: `${pgTime(t)} [${p}] STATEMENT:  INSERT INTO sessions (id, account_id, created_at) VALUES ($1, $2, now())` });
  }
  for (let t = START + 400_000; t < END; t += 1_200_000) {
    out.postgres.push({ t, text: `${pgTime(t)} [${pgPid++}] LOG:  automatic vacuum of table "accounts.public.sessions": index scans: 1` });
  }
  const resetAt = at(DATE, '14:11:50');
  out.postgres.push({ t: resetAt, text: `${pgTime(resetAt)} [${int(31_000, 31_900)}] LOG:  could not receive data from client: Connection reset by peer` });

  // billing: pino JSON, behind the same web tier.
  const billingHost = (v: string) => (v === '3.2.9' ? 'billing-7b6c5d4e3-k9j8h' : 'billing-6a5b4c3d2-m3n4b');
  let billingVersion = '3.2.9';
  for (let t = START + 900; t < END; t += 1800 + int(0, 2400)) {
    if (t >= at(DATE, '14:06:00')) billingVersion = '3.3.0';
    const id = `inv_${hex(8)}`;
    const rt = 12 + r() * 60;
    out.billing.push({ t, text: pino(t, 30, billingHost(billingVersion), 'invoice rendered', { invoiceId: id, pages: int(1, 4), responseTime: Number(rt.toFixed(1)) }) });
    out.web.push({ t: t + 1, text: webLine(t + 1, 'GET', `/v1/billing/invoices/${id}`, 200, rt / 1000, 'billing:8080') });
  }
  for (const [hms, version] of [
    ['12:40:00', '3.2.9'],
    ['14:06:00', '3.3.0'],
  ] as const) {
    const t = at(DATE, hms);
    out.billing.push({ t: t - 1500, text: pino(t - 1500, 30, billingHost(version === '3.3.0' ? '3.2.9' : 'x'), 'received SIGTERM, shutting down gracefully', {}) });
    out.billing.push({ t, text: pino(t, 30, billingHost(version), 'server listening', { version, port: 8080, node: 'v20.15.1' }) });
  }
  for (let t = at(DATE, '13:55:04'); t < at(DATE, '13:58:00'); t += 2000 + int(0, 3000)) {
    out.billing.push({ t, text: pino(t, 50, billingHost('3.2.9'), 'stripe webhook signature verification failed', { err: { type: 'StripeSignatureVerificationError', message: 'No signatures found matching the expected signature for payload' }, eventId: `evt_${hex(12)}` }) });
  }
  // web: static assets too.
  for (let t = START + 200; t < END; t += 900 + int(0, 1200)) {
    out.web.push({ t, text: `10.8.${int(0, 15)}.${int(2, 254)} - - [${clf(t)}] "GET /assets/app.${hex(8)}.js HTTP/1.1" 200 ${int(20_000, 90_000)} "-" "Mozilla/5.0 (X11; Linux x86_64)" rt=0.001 upstream=- urt=-` });
  }
  return sorted(out);
}

export const scenario: IncidentScenario = { truth, generate };
