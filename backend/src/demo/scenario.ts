import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../lib/random.js';

// A small shop's logs over 90 minutes with one incident. Deterministic (seeded PRNG, fixed date),
// so tests can assert on it. The root cause (a reconcile job locking payment's database, which
// exhausts payment's connection pool) lives in other services than the symptom the user sees
// (checkout failing, frontend 502s), and ordinary noise and unrelated errors surround it.

export const SCENARIO_DATE = '2026-11-24';
const START = Date.parse(`${SCENARIO_DATE}T13:00:00Z`);
const END = Date.parse(`${SCENARIO_DATE}T14:30:00Z`);
/** The reconcile job takes its lock here; the first symptom follows ~25 s later, at 14:05. */
const LOCK_AT = Date.parse(`${SCENARIO_DATE}T14:04:38Z`);
const POOL_EXHAUSTED_AT = Date.parse(`${SCENARIO_DATE}T14:04:51Z`);
const SYMPTOM_AT = Date.parse(`${SCENARIO_DATE}T14:05:00Z`);
const RECOVERED_AT = Date.parse(`${SCENARIO_DATE}T14:21:30Z`);

export const SERVICES = ['frontend', 'checkout', 'payment', 'payment-db', 'inventory'] as const;
export type Service = (typeof SERVICES)[number];

export interface GroundTruth {
  date: string;
  incidentStart: string;
  question: string;
  /** Lines that show the cause: a citation matching one of these is a root-cause citation. */
  rootCause: { job: Service; pattern: string }[];
  symptoms: { job: Service; pattern: string }[];
  /** Unrelated errors planted as distractors. */
  distractors: { job: Service; pattern: string }[];
}

export const GROUND_TRUTH: GroundTruth = {
  date: SCENARIO_DATE,
  incidentStart: `${SCENARIO_DATE}T14:05:00Z`,
  question: 'why did checkout start failing at 14:05?',
  rootCause: [
    { job: 'payment-db', pattern: 'still waiting for ShareLock|too many clients|application_name=ledger-reconcile' },
    { job: 'payment', pattern: 'Connection is not available|HikariPool-1 - Pool stats .*waiting=[1-9]' },
  ],
  symptoms: [
    { job: 'checkout', pattern: 'payment authorization failed' },
    { job: 'frontend', pattern: 'POST /api/checkout HTTP/1.1" 502' },
  ],
  distractors: [
    { job: 'inventory', pattern: 'supplier feed refresh failed' },
    { job: 'checkout', pattern: 'order confirmation email' },
  ],
};

interface Line {
  t: number;
  text: string;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}
/** log4j / Python logging: "2026-11-24 14:05:01,123" */
function log4j(t: number): string {
  return iso(t).replace('T', ' ').replace('.', ',').slice(0, 23);
}
/** PostgreSQL log_line_prefix '%m [%p] ': "2026-11-24 14:05:01.123 UTC [4412] " */
function pg(t: number): string {
  return `${iso(t).replace('T', ' ').slice(0, 23)} UTC`;
}
/** nginx combined log time: "24/Nov/2026:14:05:01 +0000" */
function clf(t: number): string {
  const d = new Date(t);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${mon}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export function generateScenario(seed = 1405): Record<Service, string[]> {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const ip = () => `10.0.${Math.floor(r() * 8)}.${1 + Math.floor(r() * 250)}`;
  const out: Record<Service, Line[]> = { frontend: [], checkout: [], payment: [], 'payment-db': [], inventory: [] };
  const incident = (t: number) => t >= POOL_EXHAUSTED_AT && t < RECOVERED_AT;
  const agents = ['Mozilla/5.0 (X11; Linux x86_64)', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1)', 'curl/8.4.0'];
  const products = Array.from({ length: 40 }, (_, i) => 100 + i * 7);

  // frontend: nginx access log, ~2.5 req/s; checkout POSTs fail with 502 during the incident.
  for (let t = START; t < END; t += 200 + Math.floor(r() * 400)) {
    const roll = r();
    let req: string;
    let status = 200;
    let bytes = 1000 + Math.floor(r() * 9000);
    let rt = 0.005 + r() * 0.05;
    if (roll < 0.08) {
      req = 'POST /api/checkout HTTP/1.1';
      rt = 0.15 + r() * 0.2;
      if (incident(t) && t >= SYMPTOM_AT + 2000) {
        status = 502;
        bytes = 157;
        rt = 5.0 + r() * 0.02;
      }
    } else if (roll < 0.1) {
      req = `GET /static/img/p${pick(products)}.webp HTTP/1.1`;
      if (r() < 0.1) status = 404;
    } else if (roll < 0.5) {
      req = `GET /products/${pick(products)} HTTP/1.1`;
    } else if (roll < 0.75) {
      req = `GET /api/cart HTTP/1.1`;
    } else {
      req = `GET /api/inventory/${pick(products)} HTTP/1.1`;
    }
    out.frontend.push({
      t,
      text: `${ip()} - - [${clf(t)}] "${req}" ${status} ${bytes} "-" "${pick(agents)}" rt=${rt.toFixed(3)}`,
    });
  }

  // checkout: JSON lines. Orders succeed; during the incident payment authorisation times out.
  for (let t = START + 700; t < END; t += 1500 + Math.floor(r() * 2500)) {
    const order = `ord-${hex(6)}`;
    const trace = hex(16);
    if (incident(t) && t >= SYMPTOM_AT) {
      out.checkout.push({
        t,
        text: JSON.stringify({
          ts: iso(t),
          level: 'error',
          service: 'checkout',
          msg: 'payment authorization failed',
          order_id: order,
          error: 'upstream payment-svc responded 503 after 5001ms: Service Unavailable',
          trace_id: trace,
        }),
      });
      out.checkout.push({
        t: t + 3,
        text: JSON.stringify({ ts: iso(t + 3), level: 'warn', service: 'checkout', msg: 'returning 502 to client', order_id: order, trace_id: trace }),
      });
    } else {
      const amount = (10 + r() * 190).toFixed(2);
      out.checkout.push({
        t,
        text: JSON.stringify({ ts: iso(t), level: 'info', service: 'checkout', msg: 'order placed', order_id: order, amount: Number(amount), trace_id: trace }),
      });
    }
    if (r() < 0.05) {
      out.checkout.push({ t: t + 40, text: JSON.stringify({ ts: iso(t + 40), level: 'info', service: 'checkout', msg: 'cart abandoned reminder scheduled', order_id: order }) });
    }
  }
  // A one-off unrelated error inside the window, before the cause: a distractor.
  const mailAt = Date.parse(`${SCENARIO_DATE}T14:02:13.412Z`);
  out.checkout.push({
    t: mailAt,
    text: JSON.stringify({ ts: iso(mailAt), level: 'error', service: 'checkout', msg: 'failed to send order confirmation email', error: 'SMTP 421 4.7.0 try again later' }),
  });

  // payment: log4j text with Java stack traces when the pool is exhausted.
  let exec = 1;
  for (let t = START + 300; t < END; t += 1400 + Math.floor(r() * 2600)) {
    const thread = `http-nio-8080-exec-${(exec++ % 10) + 1}`;
    const pay = `pay-${hex(8)}`;
    if (incident(t)) {
      out.payment.push({ t, text: `${log4j(t)} ERROR [${thread}] c.s.payment.AuthorizeController - authorization failed for ${pay}` });
      const trace = [
        'java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 5000ms.',
        '\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)',
        '\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:197)',
        '\tat com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:100)',
        '\tat com.shop.payment.repo.PaymentRepository.save(PaymentRepository.java:41)',
        '\tat com.shop.payment.AuthorizeController.authorize(AuthorizeController.java:73)',
        '\t... 42 common frames omitted',
      ];
      trace.forEach((l) => out.payment.push({ t, text: l }));
    } else {
      out.payment.push({
        t,
        text: `${log4j(t)} INFO  [${thread}] c.s.payment.AuthorizeController - authorized ${pay} amount=${(10 + r() * 190).toFixed(2)} in ${40 + Math.floor(r() * 90)}ms`,
      });
    }
  }
  for (let t = START + 15_000; t < END; t += 30_000) {
    const waiting = incident(t) ? 5 + Math.floor(r() * 30) : 0;
    const active = incident(t) ? 20 : 1 + Math.floor(r() * 5);
    out.payment.push({
      t,
      text: `${log4j(t)} ${waiting ? 'WARN ' : 'DEBUG'} [HikariPool-1 housekeeper] com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Pool stats (total=20, active=${active}, idle=${20 - active}, waiting=${waiting})`,
    });
  }
  out.payment.push({
    t: POOL_EXHAUSTED_AT,
    text: `${log4j(POOL_EXHAUSTED_AT)} WARN  [HikariPool-1 housekeeper] com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Pool stats (total=20, active=20, idle=0, waiting=7)`,
  });

  // payment-db: PostgreSQL. A reconcile job takes a lock at 14:04:38; sessions pile up behind it.
  let pid = 4100;
  for (let t = START + 5000; t < END; t += 60_000) {
    out['payment-db'].push({ t, text: `${pg(t)} [2231] LOG:  checkpoint starting: time` });
    out['payment-db'].push({
      t: t + 2100,
      text: `${pg(t + 2100)} [2231] LOG:  checkpoint complete: wrote ${20 + Math.floor(r() * 200)} buffers (0.${Math.floor(r() * 9)}%); write=${(r() * 3).toFixed(3)} s`,
    });
  }
  for (let t = START + 9000; t < END; t += 20_000 + Math.floor(r() * 20_000)) {
    out['payment-db'].push({ t, text: `${pg(t)} [${pid++}] LOG:  connection authorized: user=payment database=payments application_name=payment-svc` });
  }
  out['payment-db'].push({ t: LOCK_AT, text: `${pg(LOCK_AT)} [5120] LOG:  connection authorized: user=reconcile database=payments application_name=ledger-reconcile` });
  for (let t = LOCK_AT + 3000; t < RECOVERED_AT; t += 800 + Math.floor(r() * 1500)) {
    const p = pid++;
    out['payment-db'].push({ t, text: `${pg(t)} [${p}] LOG:  process ${p} still waiting for ShareLock on transaction 918273 after ${(1000 + r()).toFixed(3)} ms` });
    if (t >= POOL_EXHAUSTED_AT + 4000 && r() < 0.4) {
      out['payment-db'].push({ t: t + 5, text: `${pg(t + 5)} [${pid++}] FATAL:  sorry, too many clients already` });
    }
  }
  out['payment-db'].push({ t: RECOVERED_AT - 500, text: `${pg(RECOVERED_AT - 500)} [5120] FATAL:  terminating connection due to administrator command` });

  // inventory: Python logging, periodic sync, a noisy cache warning, and a supplier feed that
  // fails every 15 minutes all along (an old, unrelated error, present in the baseline too).
  for (let t = START + 1200; t < END; t += 4000 + Math.floor(r() * 3000)) {
    out.inventory.push({ t, text: `${log4j(t)} INFO inventory.sync: stock level synced sku=SKU-${1000 + Math.floor(r() * 500)} qty=${Math.floor(r() * 60)}` });
    if (r() < 0.08) out.inventory.push({ t: t + 10, text: `${log4j(t + 10)} WARNING inventory.cache: cache miss ratio high (${(0.3 + r() * 0.2).toFixed(2)})` });
  }
  for (let t = START + 61_000; t < END; t += 15 * 60_000) {
    out.inventory.push({ t, text: `${log4j(t)} ERROR inventory.supplier: supplier feed refresh failed` });
    [
      'Traceback (most recent call last):',
      '  File "/app/inventory/supplier.py", line 88, in refresh',
      '    resp = client.get(url, timeout=10)',
      '  File "/app/inventory/http.py", line 41, in get',
      '    raise TimeoutError(f"GET {url} timed out")',
      'TimeoutError: GET https://feeds.supplier.invalid/stock timed out',
    ].forEach((l) => out.inventory.push({ t, text: l }));
  }

  const result = {} as Record<Service, string[]>;
  for (const s of SERVICES) {
    // Stable sort keeps a stack trace's lines behind their head line.
    result[s] = out[s].map((l, i) => ({ ...l, i })).sort((a, b) => a.t - b.t || a.i - b.i).map((l) => l.text);
  }
  return result;
}

/** Writes `<dir>/<service>.log` and `<dir>/ground-truth.json`; returns the file paths. */
export function writeScenario(dir: string, seed?: number): { files: Record<Service, string>; groundTruth: string } {
  mkdirSync(dir, { recursive: true });
  const logs = generateScenario(seed);
  const files = {} as Record<Service, string>;
  for (const s of SERVICES) {
    files[s] = join(dir, `${s}.log`);
    writeFileSync(files[s], logs[s].join('\n') + '\n');
  }
  const groundTruth = join(dir, 'ground-truth.json');
  writeFileSync(groundTruth, JSON.stringify(GROUND_TRUTH, null, 2) + '\n');
  return { files, groundTruth };
}
