// Incident "cache-ttl" (a config value change). A catalog service reloads its config every ten
// minutes: `cache_ttl 300s, config_version 2.3.0`. At 14:02:10 the reload carries `cache_ttl 0s,
// config_version 2.3.1`: Redis refuses the zero expiry, every product read misses the cache and goes
// to MySQL, MySQL runs out of connections, catalog queries fail and the gateway answers 504.
// Formats: JSON lines (catalog, search, recommendations), nginx access log (gateway), Redis server
// log, MySQL 8 error log. Red herrings: an unrelated search error burst before the change, a deploy
// of recommendations (also behind the gateway), MySQL's long-recurring DNS warning, and a one-off
// feature-flag error in catalog just before the change.
import { at, clf, iso, mysqlTime, redisTime, rng, sorted, type IncidentScenario, type IncidentTruth, type Line } from './lib.js';

const DATE = '2026-10-06';
const START = at(DATE, '12:30:00');
const END = at(DATE, '14:40:00');
const CHANGE_AT = at(DATE, '14:02:10');
/** MySQL runs out of connections once every read misses the cache for ~2 minutes. */
const DB_SATURATED_AT = at(DATE, '14:04:20');
const QUERY_ERRORS_AT = at(DATE, '14:04:35');
const GATEWAY_504_AT = at(DATE, '14:05:10');
const WINDOW = { start: `${DATE}T13:40:00Z`, end: `${DATE}T14:40:00Z` };

export const truth: IncidentTruth = {
  id: 'cache-ttl',
  title: 'catalog config reload sets cache_ttl to 0s',
  story:
    'catalog reloads its config with cache_ttl 0s (was 300s, config_version 2.3.0 -> 2.3.1) at 14:02:10; Redis refuses the zero expiry, every read misses, MySQL runs out of connections, catalog queries fail and the gateway returns 504 from 14:05.',
  kind: 'config',
  incidentStart: `${DATE}T14:05:10Z`,
  cause: {
    lines: [{ job: 'catalog', pattern: '"msg":"config reloaded".*"cache_ttl":"0s"' }],
    services: ['catalog'],
    value: String.raw`(?<![\w.])0s\b|2\.3\.1`,
  },
  firstFailure: { job: 'catalog', pattern: 'cache set failed' },
  symptom: { job: 'gateway', pattern: '"GET /api/products/\\d+ HTTP/1.1" 504' },
  path: ['catalog', 'mysql', 'gateway'],
  redHerrings: [
    { job: 'search', pattern: 'index refresh failed', kind: 'unrelated-burst' },
    { job: 'recommendations', pattern: '"version":"4.1.0"', kind: 'unrelated-deploy' },
    { job: 'mysql', pattern: 'could not be resolved', kind: 'recurring-error' },
    { job: 'catalog', pattern: 'feature flag refresh failed', kind: 'one-off-error' },
  ],
  questions: [
    { id: 'cache-ttl/why', phrasing: 'why', question: 'why did the gateway start failing around 14:05?', window: WINDOW },
    { id: 'cache-ttl/changed', phrasing: 'changed', question: 'what changed before the errors?', window: WINDOW },
    { id: 'cache-ttl/first', phrasing: 'first', question: 'which component failed first?', window: WINDOW },
  ],
};

export function generate(seed = 1006): Record<string, Line[]> {
  const { r, pick, int, hex } = rng(seed);
  const out: Record<string, Line[]> = { gateway: [], catalog: [], search: [], recommendations: [], redis: [], mysql: [] };
  const changed = (t: number) => t >= CHANGE_AT;
  const products = Array.from({ length: 60 }, (_, i) => 1000 + i * 13);
  const agents = ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)', 'Mozilla/5.0 (Linux; Android 14)', 'okhttp/4.12.0'];
  const clientIp = () => `10.1.${int(0, 7)}.${int(1, 250)}`;
  const cj = (t: number, level: string, msg: string, extra: Record<string, unknown>) =>
    JSON.stringify({ ts: iso(t), level, logger: 'catalog', msg, ...extra });

  // catalog: JSON. Product reads hit the cache ~90% of the time; after the change they all miss,
  // and from DB_SATURATED_AT a growing share of the database reads fail.
  for (let t = START + 250; t < END; t += 500 + int(0, 700)) {
    const id = pick(products);
    const trace = hex(16);
    if (!changed(t)) {
      const hit = r() < 0.9;
      out.catalog.push({ t, text: cj(t, 'info', 'product served', { product_id: id, cache: hit ? 'hit' : 'miss', duration_ms: hit ? int(2, 9) : int(35, 80), trace_id: trace }) });
      continue;
    }
    out.catalog.push({ t, text: cj(t, 'warn', 'cache set failed', { product_id: id, key: `product:${id}`, error: "ERR invalid expire time in 'setex' command", trace_id: trace }) });
    const failShare = t < QUERY_ERRORS_AT ? 0 : Math.min(0.85, 0.3 + (t - QUERY_ERRORS_AT) / 240_000);
    if (r() < failShare) {
      const err = r() < 0.6 ? 'Error 1040: Too many connections' : 'context deadline exceeded';
      out.catalog.push({ t: t + 3000, text: cj(t + 3000, 'error', 'product query failed', { product_id: id, db: 'mysql-primary:3306', error: err, duration_ms: 3000, trace_id: trace }) });
    } else {
      out.catalog.push({ t: t + 60, text: cj(t + 60, 'info', 'product served', { product_id: id, cache: 'miss', duration_ms: t < DB_SATURATED_AT ? int(60, 140) : int(400, 2800), trace_id: trace }) });
    }
  }
  // The config reload: every ten minutes, the same values, until the one at CHANGE_AT.
  for (let t = START + 300_000; t < END; t += 600_000) {
    out.catalog.push({ t, text: cj(t, 'info', 'config reloaded', { source: 'configmap/catalog-config', cache_ttl: '300s', pool_size: 20, config_version: '2.3.0' }) });
  }
  out.catalog.push({ t: CHANGE_AT, text: cj(CHANGE_AT, 'info', 'config reloaded', { source: 'configmap/catalog-config', cache_ttl: '0s', pool_size: 20, config_version: '2.3.1' }) });
  for (let t = CHANGE_AT + 600_000; t < END; t += 600_000) {
    out.catalog.push({ t, text: cj(t, 'info', 'config reloaded', { source: 'configmap/catalog-config', cache_ttl: '0s', pool_size: 20, config_version: '2.3.1' }) });
  }
  // Drop the periodic reloads that fell after the change with the old values.
  out.catalog = out.catalog.filter((l) => !(l.t > CHANGE_AT && l.text.includes('"config reloaded"') && l.text.includes('"300s"')));
  // A one-off unrelated error just before the change.
  const flagAt = at(DATE, '14:01:41');
  out.catalog.push({ t: flagAt, text: cj(flagAt, 'error', 'feature flag refresh failed', { error: 'GET http://flags:4242/api/client/features: context deadline exceeded' }) });
  for (let t = START + 30_000; t < END; t += 60_000) {
    out.catalog.push({ t, text: cj(t, 'debug', 'db pool', { open: changed(t) ? Math.min(20, 4 + Math.floor((t - CHANGE_AT) / 8000)) : int(2, 5), max: 20 }) });
  }

  // gateway: nginx access log with upstream fields. Products go to catalog, search to search,
  // recommendations to recommendations. Product reads time out (504) once catalog's queries fail.
  for (let t = START; t < END; t += 300 + int(0, 600)) {
    const roll = r();
    let path: string;
    let upstream: string;
    let status = 200;
    let urt = 0.004 + r() * 0.02;
    let bytes = int(800, 6000);
    if (roll < 0.5) {
      path = `/api/products/${pick(products)}`;
      upstream = 'catalog:8080';
      if (changed(t)) urt = 0.08 + r() * 0.1;
      if (t >= GATEWAY_504_AT && r() < Math.min(0.8, 0.3 + (t - GATEWAY_504_AT) / 240_000)) {
        status = 504;
        urt = 3.0;
        bytes = 167;
      }
    } else if (roll < 0.75) {
      path = `/api/search?q=${pick(['boots', 'jacket', 'socks', 'hat', 'scarf'])}`;
      upstream = 'search:8080';
    } else if (roll < 0.9) {
      path = `/api/recs/${pick(products)}`;
      upstream = 'recommendations:8080';
    } else {
      path = `/static/js/app.${hex(8)}.js`;
      upstream = '-';
      urt = 0;
    }
    const method = 'GET';
    const urtText = upstream === '-' ? '-' : urt.toFixed(3);
    out.gateway.push({
      t,
      text: `${clientIp()} - - [${clf(t)}] "${method} ${path} HTTP/1.1" ${status} ${bytes} "-" "${pick(agents)}" rt=${(urt + 0.001).toFixed(3)} upstream=${upstream} upstream_status=${upstream === '-' ? '-' : status} urt=${urtText}`,
    });
  }

  // search: JSON. An unrelated burst of index refresh errors (13:50-13:53:30), before anything else.
  for (let t = START + 800; t < END; t += 800 + int(0, 900)) {
    out.search.push({ t, text: JSON.stringify({ ts: iso(t), level: 'info', logger: 'search', msg: 'query served', hits: int(0, 400), took_ms: int(3, 40) }) });
  }
  for (let t = at(DATE, '13:50:02'); t < at(DATE, '13:53:30'); t += 1500 + int(0, 1500)) {
    out.search.push({
      t,
      text: JSON.stringify({ ts: iso(t), level: 'error', logger: 'search', msg: 'index refresh failed', index: 'products-v7', error: 'es_rejected_execution_exception: rejected execution of coordinating operation' }),
    });
  }

  // recommendations: JSON. Restarted at 12:50 on 4.0.3 and deployed at 13:57:30 with 4.1.0 (unrelated).
  for (let t = START + 1500; t < END; t += 1500 + int(0, 2000)) {
    out.recommendations.push({ t, text: JSON.stringify({ ts: iso(t), level: 'info', service: 'recommendations', msg: 'recommendations computed', items: int(4, 12), took_ms: int(8, 60) }) });
  }
  for (const [hms, version, commit] of [
    ['12:50:05', '4.0.3', 'c41d9e0'],
    ['13:57:30', '4.1.0', '9f3e2ab'],
  ] as const) {
    const t = at(DATE, hms);
    out.recommendations.push({ t: t - 2000, text: JSON.stringify({ ts: iso(t - 2000), level: 'info', service: 'recommendations', msg: 'shutting down', reason: 'SIGTERM' }) });
    out.recommendations.push({ t, text: JSON.stringify({ ts: iso(t), level: 'info', service: 'recommendations', msg: 'starting service', version, commit, port: 8080 }) });
    out.recommendations.push({ t: t + 900, text: JSON.stringify({ ts: iso(t + 900), level: 'info', service: 'recommendations', msg: 'model loaded', model: 'als-2026-10-01', took_ms: 850 }) });
  }

  // redis: server log. Periodic RDB saves; fewer changes once nothing can be cached.
  for (let t = START + 40_000; t < END; t += 300_000) {
    const changes = changed(t) ? int(0, 3) : int(900, 2400);
    const pid = int(20000, 29999);
    out.redis.push({ t, text: `1:M ${redisTime(t)} * ${changes} changes in 300 seconds. Saving...` });
    out.redis.push({ t: t + 2, text: `1:M ${redisTime(t + 2)} * Background saving started by pid ${pid}` });
    out.redis.push({ t: t + 180, text: `${pid}:C ${redisTime(t + 180)} * DB saved on disk` });
    out.redis.push({ t: t + 181, text: `${pid}:C ${redisTime(t + 181)} * Fork CoW for RDB: current 1 MB, peak 1 MB, average 1 MB` });
    out.redis.push({ t: t + 260, text: `1:M ${redisTime(t + 260)} * Background saving terminated with success` });
  }

  // mysql: error log. A DNS warning recurring all along; aborted connections once it saturates.
  for (let t = START + 50_000; t < END; t += 150_000 + int(0, 60_000)) {
    out.mysql.push({ t, text: `${mysqlTime(t)} ${int(100, 999)} [Warning] [MY-010055] [Server] IP address '10.2.5.${int(10, 90)}' could not be resolved: Name or service not known` });
  }
  for (let t = START + 200_000; t < END; t += 900_000) {
    out.mysql.push({ t, text: `${mysqlTime(t)} 0 [Note] [MY-011953] [InnoDB] Page cleaner took ${int(4000, 4900)}ms to flush ${int(100, 400)} and evict 0 pages` });
  }
  let conn = 52_000;
  for (let t = DB_SATURATED_AT; t < END; t += 700 + int(0, 2200)) {
    out.mysql.push({
      t,
      text: `${mysqlTime(t)} ${conn++} [Note] [MY-010914] [Server] Aborted connection ${conn} to db: 'catalog' user: 'catalog' host: '10.2.0.${int(30, 38)}' (Got timeout reading communication packets).`,
    });
  }
  return sorted(out);
}

export const scenario: IncidentScenario = { truth, generate };
