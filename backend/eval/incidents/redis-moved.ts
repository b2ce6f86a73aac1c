// Incident "redis-moved" (a dependency moved to another host). Held out: not tuned on (see README.md).
// inventory (Spring, Lettuce Redis client) reaches Redis as redis.cache.internal. Idle connections
// are reset and re-established every ~20 minutes, always to 10.4.1.12:6379. At 14:20:05 the DNS
// record points at 10.4.2.40, a read-only replica: the client reconnects there, every stock
// reservation (a write) fails with READONLY, and the storefront's cart adds return 500.
// Formats: Java text logs with stack traces (inventory), Redis server log (redis), nginx access log
// with upstream fields (storefront), logfmt (recs). Red herrings: a recs model-refresh error burst
// (13:58-14:01), a recs rollout (2.6.4 -> 2.7.0) at 14:14, a supplier sync error every 5 minutes
// all along in inventory, and a one-off price lookup timeout in inventory at 14:18:30.
import { at, clf, iso, log4j, redisTime, rng, sorted, type IncidentScenario, type IncidentTruth, type Line } from './lib.js';

const DATE = '2026-07-08';
const START = at(DATE, '12:45:00');
const END = at(DATE, '14:50:00');
const MOVED_AT = at(DATE, '14:20:05');
const OLD_IP = '10.4.1.12';
const NEW_IP = '10.4.2.40';
const WINDOW = { start: `${DATE}T13:50:00Z`, end: `${DATE}T14:50:00Z` };

export const truth: IncidentTruth = {
  id: 'redis-moved',
  title: "inventory's Redis moves to a read-only replica at 10.4.2.40",
  story:
    'at 14:20:05 inventory reconnects to redis.cache.internal at 10.4.2.40:6379 (always 10.4.1.12:6379 before), a read-only replica; stock reservations fail with READONLY and the storefront returns 500 for POST /api/cart/items.',
  kind: 'moved',
  incidentStart: `${DATE}T14:20:06Z`,
  cause: {
    lines: [{ job: 'inventory', pattern: `Reconnected to redis\\.cache\\.internal/${NEW_IP.replace(/\./g, '\\.')}:6379` }],
    services: ['inventory'],
    value: NEW_IP.replace(/\./g, '\\.'),
  },
  firstFailure: { job: 'inventory', pattern: 'READONLY' },
  symptom: { job: 'storefront', pattern: '"POST /api/cart/items HTTP/1.1" 500' },
  path: ['inventory', 'storefront'],
  redHerrings: [
    { job: 'recs', pattern: 'model refresh failed', kind: 'unrelated-burst' },
    { job: 'recs', pattern: 'rollout finished.*2\\.7\\.0', kind: 'unrelated-deploy' },
    { job: 'inventory', pattern: 'supplier sync failed', kind: 'recurring-error' },
    { job: 'inventory', pattern: 'price lookup failed|SocketTimeoutException', kind: 'one-off-error' },
  ],
  questions: [
    { id: 'redis-moved/why', phrasing: 'why', question: 'why did storefront start failing around 14:20?', window: WINDOW },
    { id: 'redis-moved/changed', phrasing: 'changed', question: 'what changed right before the errors?', window: WINDOW },
    { id: 'redis-moved/first', phrasing: 'first', question: 'which component failed first?', window: WINDOW },
  ],
};

export function generate(seed = 708): Record<string, Line[]> {
  const { r, pick, int, hex } = rng(seed);
  const out: Record<string, Line[]> = { inventory: [], redis: [], storefront: [], recs: [] };
  const moved = (t: number) => t >= MOVED_AT;
  const j = (t: number, level: string, thread: string, logger: string, msg: string) => `${log4j(t)} ${level.padEnd(5)} [${thread}] ${logger} - ${msg}`;
  const skus = Array.from({ length: 80 }, (_, i) => `SKU-${1000 + i * 7}`);
  const ip = () => `10.9.${int(0, 15)}.${int(2, 254)}`;
  const ua = () => pick(['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)', 'Mozilla/5.0 (Linux; Android 14)', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)']);

  // inventory: reservations (writes) from cart adds, lookups (reads) from product pages.
  for (let t = START + 300; t < END; t += 600 + int(0, 900)) {
    const thread = `http-nio-8080-exec-${int(1, 12)}`;
    const sku = pick(skus);
    if (r() < 0.45) {
      const cart = `cart-${hex(6)}`;
      if (moved(t) && t > MOVED_AT + 300) {
        out.inventory.push({ t, text: j(t, 'ERROR', thread, 'c.s.inventory.StockController', `reservation failed for cart=${cart} sku=${sku}`) });
        for (const l of [
          "org.springframework.data.redis.RedisSystemException: Error in execution; nested exception is io.lettuce.core.RedisReadOnlyException: READONLY You can't write against a read only replica.",
          '\tat org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter.convert(LettuceExceptionConverter.java:54)',
          '\tat org.springframework.data.redis.connection.lettuce.LettuceConnection.execute(LettuceConnection.java:329)',
          '\tat com.shop.inventory.stock.StockRepository.reserve(StockRepository.java:88)',
          '\tat com.shop.inventory.StockController.reserve(StockController.java:61)',
          "Caused by: io.lettuce.core.RedisReadOnlyException: READONLY You can't write against a read only replica.",
          '\tat io.lettuce.core.internal.ExceptionFactory.createExecutionException(ExceptionFactory.java:143)',
          '\t... 52 common frames omitted',
        ])
          out.inventory.push({ t, text: l });
        out.storefront.push({ t: t + 8, text: `${ip()} - - [${clf(t + 8)}] "POST /api/cart/items HTTP/1.1" 500 112 "-" "${ua()}" rt=0.021 upstream=inventory:8080 upstream_status=500 urt=0.020` });
      } else {
        const ms = int(4, 25);
        out.inventory.push({ t, text: j(t, 'INFO', thread, 'c.s.inventory.StockController', `reserved sku=${sku} qty=${int(1, 3)} cart=${cart} in ${ms}ms`) });
        out.storefront.push({ t: t + ms + 2, text: `${ip()} - - [${clf(t + ms + 2)}] "POST /api/cart/items HTTP/1.1" 201 88 "-" "${ua()}" rt=${((ms + 3) / 1000).toFixed(3)} upstream=inventory:8080 upstream_status=201 urt=${((ms + 2) / 1000).toFixed(3)}` });
      }
    } else {
      const ms = int(1, 6);
      out.inventory.push({ t, text: j(t, 'DEBUG', thread, 'c.s.inventory.StockController', `stock lookup sku=${sku} available=${int(0, 300)} in ${ms}ms`) });
      out.storefront.push({ t: t + ms + 1, text: `${ip()} - - [${clf(t + ms + 1)}] "GET /api/stock/${sku} HTTP/1.1" 200 ${int(90, 140)} "-" "${ua()}" rt=${((ms + 2) / 1000).toFixed(3)} upstream=inventory:8080 upstream_status=200 urt=${((ms + 1) / 1000).toFixed(3)}` });
    }
  }
  // Idle connection resets and reconnects (~20 min), then the one that lands on the replica.
  const reconnects = [at(DATE, '12:58:41'), at(DATE, '13:19:02'), at(DATE, '13:38:57'), at(DATE, '13:59:30'), MOVED_AT - 2100];
  reconnects.forEach((t0, i) => {
    const last = i === reconnects.length - 1;
    out.inventory.push({ t: t0, text: j(t0, 'WARN', 'lettuce-nioEventLoop-4-1', 'i.l.core.protocol.CommandHandler', `null Unexpected exception during request: java.io.IOException: Connection reset by peer`) });
    out.inventory.push({ t: t0 + 3, text: j(t0 + 3, 'INFO', 'lettuce-eventExecutorLoop-1-2', 'i.l.core.protocol.ConnectionWatchdog', `Reconnecting, last destination was redis.cache.internal/${OLD_IP}:6379`) });
    const t1 = last ? MOVED_AT : t0 + 2100;
    out.inventory.push({ t: t1, text: j(t1, 'INFO', 'lettuce-nioEventLoop-4-2', 'i.l.core.protocol.ReconnectionHandler', `Reconnected to redis.cache.internal/${last ? NEW_IP : OLD_IP}:6379`) });
  });
  for (let t = START + 100_000; t < END; t += 300_000) {
    out.inventory.push({ t, text: j(t, 'ERROR', 'scheduling-1', 'c.s.inventory.SupplierSync', 'supplier sync failed supplier=acme status=429 retry_in=300s') });
  }
  const slowAt = at(DATE, '14:18:30');
  out.inventory.push({ t: slowAt, text: j(slowAt, 'ERROR', 'http-nio-8080-exec-3', 'c.s.inventory.PriceClient', 'price lookup failed sku=SKU-1001') });
  for (const l of ['java.net.SocketTimeoutException: Read timed out', '\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)', '\tat com.shop.inventory.PriceClient.lookup(PriceClient.java:40)'])
    out.inventory.push({ t: slowAt, text: l });

  // redis: the primary's save cycle (its writes stop once inventory writes elsewhere).
  for (let t = START + 25_000; t < END; t += 300_000) {
    const pid = int(40_000, 49_999);
    out.redis.push({ t, text: `1:M ${redisTime(t)} * ${moved(t) ? int(0, 2) : int(300, 1200)} changes in 300 seconds. Saving...` });
    out.redis.push({ t: t + 3, text: `1:M ${redisTime(t + 3)} * Background saving started by pid ${pid}` });
    out.redis.push({ t: t + 150, text: `${pid}:C ${redisTime(t + 150)} * DB saved on disk` });
    out.redis.push({ t: t + 210, text: `1:M ${redisTime(t + 210)} * Background saving terminated with success` });
  }
  for (let t = START + 200_000; t < END; t += 1_800_000) {
    out.redis.push({ t, text: `1:M ${redisTime(t)} * Synchronization with replica ${NEW_IP}:6379 succeeded` });
  }

  // storefront: product pages and assets too (catalog is another upstream, healthy).
  for (let t = START + 100; t < END; t += 400 + int(0, 600)) {
    const page = r() < 0.7;
    out.storefront.push({
      t,
      text: page
        ? `${ip()} - - [${clf(t)}] "GET /products/${pick(skus).toLowerCase()} HTTP/1.1" 200 ${int(9000, 30000)} "-" "${ua()}" rt=0.0${int(10, 60)} upstream=catalog:8080 upstream_status=200 urt=0.0${int(10, 59)}`
        : `${ip()} - - [${clf(t)}] "GET /static/css/site.${hex(8)}.css HTTP/1.1" 200 ${int(4000, 9000)} "-" "${ua()}" rt=0.000 upstream=- upstream_status=- urt=-`,
    });
  }

  // recs: logfmt; a burst of model refresh errors, then a rollout, both unrelated.
  for (let t = START + 700; t < END; t += 1500 + int(0, 2000)) {
    out.recs.push({ t, text: `ts=${iso(t)} level=info msg="recommendations served" user=u-${int(1000, 9999)} items=${int(4, 12)} duration=${int(20, 90)}ms` });
  }
  for (let t = at(DATE, '13:58:03'); t < at(DATE, '14:01:00'); t += 2500 + int(0, 2500)) {
    out.recs.push({ t, text: `ts=${iso(t)} level=error msg="model refresh failed" bucket=ml-models key=recs/latest.onnx err="s3: AccessDenied: Access Denied"` });
  }
  for (const [hms, image] of [
    ['13:05:00', 'registry.internal/recs:2.6.4'],
    ['14:14:00', 'registry.internal/recs:2.7.0'],
  ] as const) {
    const t = at(DATE, hms);
    out.recs.push({ t: t - 40_000, text: `ts=${iso(t - 40_000)} level=info msg="rollout started" deployment=recs image=${image} replicas=3` });
    out.recs.push({ t, text: `ts=${iso(t)} level=info msg="rollout finished" deployment=recs image=${image} replicas=3` });
  }
  return sorted(out);
}

export const scenario: IncidentScenario = { truth, generate };
