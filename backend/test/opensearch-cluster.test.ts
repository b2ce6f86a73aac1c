// What the OpenSearch backend (issue #20) will rely on, proved against a real 2-node OpenSearch
// 2.19.1 cluster on loopback (backend/testkit/opensearch.ts, installed by scripts/opensearch/install.sh):
// per-tenant indices from an index template with a log analyzer that keeps identifiers whole, BM25,
// k-NN (lucene HNSW, 384 dims) with filters, exact composite aggregations, bulk writes with
// deterministic ids (a replay overwrites), optimistic concurrency on a lease document, and a node
// SIGKILLed and restarted with no loss. Every expectation is computed from the generated data.
//
// Skipped, with the reason, when LOGLENS_OPENSEARCH_HOME does not name an installed OpenSearch.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Client, errors } from '@opensearch-project/opensearch';
import { seededRandom } from '../src/lib/random.js';
import { findOpenSearch, startOpenSearch, type OpenSearchCluster } from '../testkit/opensearch.js';

const install = findOpenSearch();
// scripts/test.sh installs it and sets LOGLENS_REQUIRE_OPENSEARCH: there a missing install fails.
if ('missing' in install && process.env.LOGLENS_REQUIRE_OPENSEARCH === '1') {
  test('OpenSearch is installed (LOGLENS_REQUIRE_OPENSEARCH=1)', () => {
    throw new Error(install.missing);
  });
}
const skip = 'missing' in install ? `OpenSearch not installed, skipping: ${install.missing}` : false;

// ---- the layout the backend will create --------------------------------------------------------

const TEMPLATE = 'loglens-logs';
const DIM = 384;
/** One index per tenant per day; the pattern the template applies to. */
const indexName = (tenant: string, day: string) => `loglens-logs-${tenant}-${day}`;

/**
 * Tokens are runs of letters, digits and `_` joined by `. : @ / -`, starting and ending on a letter,
 * digit or `_`: `/10.251.110.8:50010,` gives `10.251.110.8:50010`, `blk_-1608999687919862906` and
 * uuids stay whole, `src:` gives `src`. At index time a host:port also yields its host, so a search
 * for an IP finds the lines that name it with a port; the search analyzer does not split, so a
 * search for host:port stays exact.
 */
const LOG_TOKEN = '[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_.:@/\\-]*[\\p{L}\\p{N}_])?';
/** The index-time analyzer, in JS: the expectations of the search tests are computed with it. */
const logTokens = (text: string) =>
  (text.match(new RegExp(LOG_TOKEN, 'gu')) ?? []).map((t) => t.toLowerCase()).flatMap((t) => {
    const hp = /^(.+):\d{1,5}$/.exec(t);
    return hp ? [t, hp[1]!] : [t];
  });
const templateBody = {
  index_patterns: ['loglens-logs-*'],
  priority: 10,
  template: {
    settings: {
      number_of_shards: 3,
      number_of_replicas: 1,
      'index.knn': true,
      analysis: {
        tokenizer: { log_token: { type: 'pattern', pattern: LOG_TOKEN, group: 0 } },
        filter: { host_of_host_port: { type: 'pattern_capture', preserve_original: true, patterns: ['^(.+):\\d{1,5}$'] } },
        analyzer: {
          log: { type: 'custom', tokenizer: 'log_token', filter: ['lowercase', 'host_of_host_port'] },
          log_search: { type: 'custom', tokenizer: 'log_token', filter: ['lowercase'] },
        },
      },
    },
    mappings: {
      dynamic: 'strict',
      properties: {
        ts: { type: 'date', format: 'epoch_millis' },
        stream: { type: 'keyword' },
        service: { type: 'keyword' },
        level: { type: 'keyword' },
        template_id: { type: 'keyword' },
        line_hash: { type: 'keyword' },
        seq: { type: 'long' },
        bytes: { type: 'long' },
        latency_ms: { type: 'long' },
        // `words`: the same text split at every non-alphanumeric, for natural-language questions.
        message: { type: 'text', analyzer: 'log', search_analyzer: 'log_search', fields: { words: { type: 'text', analyzer: 'standard' } } },
        vec: { type: 'knn_vector', dimension: DIM, method: { name: 'hnsw', engine: 'lucene', space_type: 'cosinesimil' } },
      },
    },
  },
};

// ---- deterministic data ------------------------------------------------------------------------

const rng = seededRandom;

interface Doc {
  id: string;
  index: string;
  tenant: string;
  ts: number;
  stream: string;
  service: string;
  level: string;
  template_id: string;
  line_hash: string;
  seq: number;
  bytes: number;
  latency_ms: number;
  message: string;
  vec: number[];
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
/** The document id: a pure function of (stream, timestamp, line hash, seq), so a replay overwrites. */
const docId = (stream: string, ts: number, lineHash: string, seq: number) => sha(`${stream}\u0000${ts}\u0000${lineHash}\u0000${seq}`);

const SERVICES = ['checkout', 'cart', 'payments', 'hdfs'];
const DAY0 = Date.UTC(2026, 11, 2);
const DAY_MS = 86_400_000;
const dayOf = (ts: number) => new Date(ts).toISOString().slice(0, 10).replace(/-/g, '.');

function unit(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** Embeddings of similar lines cluster: each template has a centroid, each line is near it. */
function makeCentroids(r: () => number, n: number): number[][] {
  return Array.from({ length: n }, () => unit(Array.from({ length: DIM }, () => r() - 0.5)));
}

const SPECIAL = {
  ip: '10.251.110.8',
  ipTwins: ['10.251.110.80', '110.251.110.8', '10.251.110.81'],
  blk: 'blk_-1608999687919862906',
  blkTwins: ['blk_1608999687919862906', 'blk_-16089996879198629060'],
  uuid: 'c0a8e2f4-1b2c-4d5e-9f00-aabbccddeeff',
  uuidTwin: 'c0a8e2f4-1b2c-4d5e-9f00-aabbccddeef0',
};

function generate(tenant: string, n: number, seed: number): Doc[] {
  const r = rng(seed);
  const centroids = makeCentroids(r, 6);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const ip = () => `10.${int(0, 9)}.${int(0, 200)}.${int(1, 254)}`; // never 10.251.x.x
  const uuid = () => sha(`${tenant}${r()}`).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');
  const docs: Doc[] = [];
  for (let i = 0; i < n; i++) {
    const service = SERVICES[i % SERVICES.length]!;
    const tpl = int(0, 5);
    const blk = `blk_${r() < 0.5 ? '-' : ''}${int(1e9, 9e9)}${int(1e8, 9e8)}`;
    const messages = [
      () => `Receiving block ${blk} src: /${ip()}:50010 dest: /${ip()}:50010`,
      () => `PacketResponder ${int(0, 2)} for block ${blk} terminating`,
      () => `payment authorization failed for order ${uuid()} code=${int(400, 599)}`,
      () => `GET /api/cart/${int(1, 999)} 200 ${int(1, 900)}ms`,
      () => `connection reset by peer ${ip()}:${int(1024, 65535)} retrying`,
      () => `${tenant} user session ${uuid()} expired after ${int(1, 60)}m`,
    ];
    let message = messages[tpl]!();
    // The identifiers the search tests look for, and their look-alikes, at known places.
    if (tenant === 'acme') {
      if (i === 10) message = `Receiving block ${SPECIAL.blk} src: /${SPECIAL.ip}:50010 dest: /10.0.0.1:50010`;
      if (i === 11) message = `PacketResponder 1 for block ${SPECIAL.blk} terminating`;
      if (i === 12) message = `Receiving block ${SPECIAL.blkTwins[0]} src: /${SPECIAL.ipTwins[0]}:50010 dest: /${SPECIAL.ipTwins[1]}:50010`;
      if (i === 13) message = `PacketResponder 2 for block ${SPECIAL.blkTwins[1]} terminating`;
      if (i === 14) message = `connection reset by peer ${SPECIAL.ip}:41234 retrying`;
      if (i === 15) message = `heartbeat from ${SPECIAL.ip} ok; neighbour ${SPECIAL.ipTwins[2]} ok`;
      if (i === 16) message = `payment authorization failed for order ${SPECIAL.uuid} code=502`;
      if (i === 17) message = `payment authorization failed for order ${SPECIAL.uuidTwin} code=502`;
      if (i >= 20 && i < 26) message = `checkout payment authorization failed for order ${uuid()} code=503`;
    }
    const ts = DAY0 + Math.floor((i / n) * 2 * DAY_MS); // two days: two dated indices
    const stream = `{service="${service}",tenant="${tenant}"}`;
    const lineHash = sha(message).slice(0, 16);
    const seq = 0;
    const c = centroids[tpl]!;
    const vec = unit(c.map((x) => x + (r() - 0.5) * 0.08));
    docs.push({
      id: docId(stream, ts, lineHash, seq),
      index: indexName(tenant, dayOf(ts)),
      tenant,
      ts,
      stream,
      service,
      level: tpl === 2 || tpl === 4 ? 'error' : 'info',
      template_id: `t${tpl}`,
      line_hash: lineHash,
      seq,
      bytes: int(100, 50_000),
      latency_ms: int(1, 5_000),
      message,
      vec: vec.map((x) => Math.fround(x)),
    });
  }
  return docs;
}

const source = (d: Doc) => {
  const { id: _id, index: _index, tenant: _tenant, ...s } = d;
  return s;
};
const bulkBody = (docs: Doc[]) => docs.flatMap((d) => [{ index: { _index: d.index, _id: d.id } }, source(d)]);

// ---- the test ------------------------------------------------------------------------------------

describe('OpenSearch 2-node cluster: what the backend relies on', { skip }, () => {
  let cluster: OpenSearchCluster;
  let client: Client;
  const acme = generate('acme', 1200, 1);
  const globex = generate('globex', 300, 2);
  const ACME = 'loglens-logs-acme-*';
  const GLOBEX = 'loglens-logs-globex-*';

  before(async () => {
    cluster = await startOpenSearch({ nodes: 2 });
    client = new Client({ nodes: cluster.urls, maxRetries: 5, requestTimeout: 60_000 });
  });
  after(async () => {
    await client?.close();
    await cluster?.stop();
  });

  const count = async (index: string, preference?: string) => (await client.count({ index, preference })).body.count;
  const ids = (hits: { _id?: string }[]) => hits.map((h) => h._id!).sort();

  test('cluster: 2 nodes, green, modules and k-NN loaded', async (t) => {
    t.diagnostic(`2-node cluster green in ${(cluster.startMs / 1000).toFixed(1)} s; RSS ${cluster.nodes.map((n) => n.rssMiB()).join(' + ')} MiB`);
    const h = await client.cluster.health();
    assert.equal(h.body.status, 'green');
    assert.equal(h.body.number_of_nodes, 2);
    const plugins = await client.transport.request({ method: 'GET', path: '/_nodes/plugins', querystring: { filter_path: 'nodes.*.plugins.name,nodes.*.modules.name' } });
    for (const n of Object.values((plugins.body as { nodes: Record<string, { plugins: { name: string }[]; modules: { name: string }[] }> }).nodes)) {
      assert.deepEqual(n.plugins.map((p) => p.name), ['opensearch-knn']);
      assert.deepEqual(n.modules.map((m) => m.name).sort(), ['analysis-common', 'lang-painless', 'transport-netty4']);
    }
  });

  test('index template gives each tenant-day index its settings and mapping; bulk with deterministic ids; a replay overwrites', async (t) => {
    await client.indices.putIndexTemplate({ name: TEMPLATE, body: templateBody as never });
    const all = [...acme, ...globex];
    // The day indices are created explicitly (what a backend rolling to the next day does ahead of
    // time); the template applies either way. The refresh test below creates one by its first write.
    let t0 = performance.now();
    for (const index of new Set(all.map((d) => d.index))) await client.indices.create({ index });
    await cluster.waitForHealth({ status: 'green', nodes: 2 });
    const createMs = performance.now() - t0;
    t0 = performance.now();
    const first = await client.bulk({ body: bulkBody(all), refresh: 'wait_for' });
    const firstMs = performance.now() - t0;
    assert.equal(first.body.errors, false, JSON.stringify(first.body.items.find((i) => Object.values(i)[0]?.error)));
    assert.ok(first.body.items.every((i) => i.index?.result === 'created'));
    t.diagnostic(`4 indices (3 shards, 1 replica) created and green: ${createMs.toFixed(0)} ms; bulk of ${all.length} docs with 384-d vectors (refresh=wait_for): ${firstMs.toFixed(0)} ms`);

    const indices = (await client.cat.indices({ index: 'loglens-logs-*', format: 'json', h: ['index'] })).body as { index: string }[];
    assert.deepEqual(
      indices.map((i) => i.index).sort(),
      [...new Set(all.map((d) => d.index))].sort(),
    );
    assert.equal(new Set(all.map((d) => d.index)).size, 4, 'two tenants x two days');
    // The settings and mapping came from the template.
    const idx = acme[0]!.index;
    const settings = (await client.indices.getSettings({ index: idx })).body[idx]!.settings!.index!;
    assert.equal(String(settings.number_of_shards), '3');
    assert.equal(String(settings.number_of_replicas), '1');
    assert.equal(String(settings.knn), 'true');
    const mapping = (await client.indices.getMapping({ index: idx })).body[idx]!.mappings!.properties!;
    assert.equal((mapping.vec as { type: string }).type, 'knn_vector');
    assert.equal((mapping.message as { analyzer: string }).analyzer, 'log');

    assert.equal(await count(ACME), acme.length);
    assert.equal(await count(GLOBEX), globex.length);

    // The same batch again (a sidecar that crashed before committing its cursor): same ids, overwritten.
    const replay = await client.bulk({ body: bulkBody(all), refresh: 'wait_for' });
    assert.equal(replay.body.errors, false);
    assert.ok(replay.body.items.every((i) => i.index?.result === 'updated' && i.index?._version === 2));
    assert.equal(await count(ACME), acme.length);
    assert.equal(await count(GLOBEX), globex.length);
    // A strict mapping refuses a field the backend did not declare (a typo cannot create a mapping).
    const bad = await client.bulk({ body: [{ index: { _index: idx, _id: 'x' } }, { ...source(acme[0]!), mesage: 'typo' }], refresh: 'wait_for' });
    assert.equal(bad.body.errors, true);
    assert.equal(bad.body.items[0]!.index!.error!.type, 'strict_dynamic_mapping_exception');
  });

  test('refresh policy: wait_for makes a bulk visible when it returns; false does not promise it', async (t) => {
    const extra = generate('acme', 400, 3).map((d) => ({ ...d, id: `r-${d.id}`, index: 'loglens-logs-refresh-2026.12.02' }));
    const a = extra.slice(0, 200);
    const b = extra.slice(200);
    // Created by its first write, from the template.
    let t0 = performance.now();
    await client.bulk({ body: bulkBody(a.slice(0, 1)), refresh: 'false' });
    const autoCreateMs = performance.now() - t0;
    assert.equal(String((await client.indices.getSettings({ index: a[0]!.index })).body[a[0]!.index]!.settings!.index!.number_of_shards), '3');
    await cluster.waitForHealth({ status: 'green', nodes: 2 });
    t0 = performance.now();
    await client.bulk({ body: bulkBody(a), refresh: 'false' });
    const falseMs = performance.now() - t0;
    const seenAtOnce = await count('loglens-logs-refresh-*');
    t0 = performance.now();
    await client.indices.refresh({ index: 'loglens-logs-refresh-*' });
    const refreshMs = performance.now() - t0;
    assert.equal(await count('loglens-logs-refresh-*'), 200);
    t0 = performance.now();
    await client.bulk({ body: bulkBody(b), refresh: 'wait_for' });
    const waitMs = performance.now() - t0;
    assert.equal(await count('loglens-logs-refresh-*'), 400);
    t.diagnostic(`index auto-created by a 1-doc bulk: ${autoCreateMs.toFixed(0)} ms; 200 docs: refresh=false ${falseMs.toFixed(0)} ms (visible at once: ${seenAtOnce}), explicit _refresh ${refreshMs.toFixed(0)} ms; refresh=wait_for ${waitMs.toFixed(0)} ms`);
    await client.indices.delete({ index: 'loglens-logs-refresh-*' });
  });

  test('log analyzer keeps identifiers whole: IPs, host:port, block ids, uuids', async () => {
    const analyze = async (analyzer: string, text: string) =>
      ((await client.indices.analyze({ index: acme[0]!.index, body: { analyzer, text } })).body.tokens ?? []).map((x) => x.token);
    assert.deepEqual(await analyze('log', `Receiving block ${SPECIAL.blk} src: /${SPECIAL.ip}:50010, req ${SPECIAL.uuid}.`), [
      'receiving', 'block', SPECIAL.blk, 'src', `${SPECIAL.ip}:50010`, SPECIAL.ip, 'req', SPECIAL.uuid,
    ]);
    // Why not the default: the standard analyzer cuts the block id in two, so its negative and
    // positive ids would match each other.
    assert.notDeepEqual(await analyze('standard', SPECIAL.blk), [SPECIAL.blk]);

    const search = async (q: string, field = 'message') =>
      (await client.search({ index: ACME, size: 100, body: { query: { match: { [field]: { query: q, operator: 'and' } } } } })).body.hits.hits;
    const expect = (pred: (m: string) => boolean) => acme.filter((d) => pred(d.message)).map((d) => d.id).sort();

    const ipHits = await search(SPECIAL.ip);
    assert.deepEqual(ids(ipHits), expect((m) => logTokens(m).includes(SPECIAL.ip)));
    assert.equal(ipHits.length, 3, 'the IP alone, with port 50010 and with port 41234; not 10.251.110.80/81 or 110.251.110.8');
    const hostPort = await search(`${SPECIAL.ip}:50010`);
    assert.equal(hostPort.length, 1);
    assert.match(hostPort[0]!._source!.message as string, /\/10\.251\.110\.8:50010 /);

    const blkHits = await search(SPECIAL.blk);
    assert.deepEqual(ids(blkHits), expect((m) => logTokens(m).includes(SPECIAL.blk)));
    assert.equal(blkHits.length, 2);
    assert.ok(blkHits.every((h) => (h._source!.message as string).includes(`${SPECIAL.blk} `)));

    const uuidHits = await search(SPECIAL.uuid);
    assert.equal(uuidHits.length, 1);
    assert.ok((uuidHits[0]!._source!.message as string).includes(SPECIAL.uuid));
    // Tenant isolation is by index: the other tenant's index has none of it.
    assert.equal((await client.search({ index: GLOBEX, body: { query: { match: { message: SPECIAL.blk } } } })).body.hits.hits.length, 0);
  });

  test('BM25: lines with every word of the question rank above lines with some', async () => {
    const q = 'checkout payment authorization failed';
    const all = acme.filter((d) => /checkout payment authorization failed/.test(d.message)).map((d) => d.id).sort();
    assert.equal(all.length, 6);
    const r = await client.search({
      index: ACME,
      // dfs: index-wide term statistics; with plain query_then_fetch each of the 6 shards scores
      // with its own IDF.
      search_type: 'dfs_query_then_fetch',
      size: 20,
      body: { query: { match: { message: { query: q } } } },
    });
    const hits = r.body.hits.hits;
    assert.ok(typeof r.body.hits.total === 'object' && r.body.hits.total.value > 6, 'lines with some of the words match too');
    assert.deepEqual(ids(hits.slice(0, 6)), all);
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1]!._score! >= hits[i]!._score!);
    assert.ok(hits[5]!._score! > hits[6]!._score!);
  });

  test('k-NN (lucene HNSW, 384 dims) with filters', async (t) => {
    const r = rng(99);
    const target = acme.find((d) => d.service === 'checkout' && d.template_id === 't3')!;
    const query = unit(target.vec.map((x) => x + (r() - 0.5) * 0.01));
    const knn = async (filter: object, k: number) =>
      (await client.search({ index: ACME, size: k, body: { query: { knn: { vec: { vector: query, k, filter } } } } as never })).body.hits.hits;
    const bruteForce = (pred: (d: Doc) => boolean, k: number) =>
      acme.filter(pred).map((d) => ({ id: d.id, s: dot(d.vec, query) })).sort((a, b) => b.s - a.s).slice(0, k).map((x) => x.id);

    // A broad filter (one service, a time window): the nearest is the line itself; every hit passes the filter.
    const window = { gte: DAY0, lt: DAY0 + DAY_MS };
    const inWindow = (d: Doc) => d.ts >= window.gte && d.ts < window.lt;
    assert.ok(inWindow(target));
    const broad = await knn({ bool: { filter: [{ term: { service: 'checkout' } }, { range: { ts: window } }] } }, 10);
    assert.equal(broad.length, 10);
    assert.equal(broad[0]!._id, target.id);
    for (const h of broad) {
      assert.equal(h._source!.service, 'checkout');
      assert.ok(inWindow({ ts: h._source!.ts } as Doc));
    }
    const truth = bruteForce((d) => d.service === 'checkout' && inWindow(d), 10);
    const recall = broad.filter((h) => truth.includes(h._id!)).length / 10;
    t.diagnostic(`k-NN recall@10 with a service+window filter against brute force: ${recall}`);

    // A filter that excludes the target's service: never returned.
    const other = await knn({ bool: { must_not: [{ term: { service: 'checkout' } }] } }, 10);
    assert.equal(other.length, 10);
    assert.ok(other.every((h) => h._source!.service !== 'checkout' && h._id !== target.id));

    // A narrow filter (one stream and template, ~50 docs): Lucene searches exactly; equal to brute force.
    const narrowPred = (d: Doc) => d.stream === target.stream && d.template_id === 't3';
    const narrow = await knn({ bool: { filter: [{ term: { stream: target.stream } }, { term: { template_id: 't3' } }] } }, 5);
    assert.deepEqual(narrow.map((h) => h._id), bruteForce(narrowPred, 5));
  });

  test('composite aggregation (terms + sum/max) is exact across shards and indices, paged', async (t) => {
    const window = { gte: DAY0 + 6 * 3_600_000, lt: DAY0 + 40 * 3_600_000 }; // spans both day indices
    const truth = new Map<string, { n: number; sum: number; max: number }>();
    for (const d of acme) {
      if (d.ts < window.gte || d.ts >= window.lt || d.level !== 'error') continue;
      const k = `${d.service}|${d.template_id}`;
      const e = truth.get(k) ?? { n: 0, sum: 0, max: 0 };
      e.n++;
      e.sum += d.bytes;
      e.max = Math.max(e.max, d.latency_ms);
      truth.set(k, e);
    }
    const got = new Map<string, { n: number; sum: number; max: number }>();
    let after: Record<string, string> | undefined;
    let pages = 0;
    for (;;) {
      const r = await client.search({
        index: ACME,
        size: 0,
        body: {
          query: { bool: { filter: [{ range: { ts: window } }, { term: { level: 'error' } }] } },
          aggs: {
            by: {
              composite: { size: 3, sources: [{ service: { terms: { field: 'service' } } }, { tpl: { terms: { field: 'template_id' } } }], ...(after ? { after } : {}) },
              aggs: { bytes: { sum: { field: 'bytes' } }, slowest: { max: { field: 'latency_ms' } } },
            },
          },
        } as never,
      });
      const by = (r.body.aggregations as Record<string, { buckets: { key: Record<string, string>; doc_count: number; bytes: { value: number }; slowest: { value: number } }[]; after_key?: Record<string, string> }>).by;
      pages++;
      for (const b of by.buckets) got.set(`${b.key.service}|${b.key.tpl}`, { n: b.doc_count, sum: b.bytes.value, max: b.slowest.value });
      if (by.buckets.length === 0 || !by.after_key) break;
      after = by.after_key;
    }
    assert.ok(truth.size >= 6, 'enough groups to need several pages');
    assert.deepEqual(Object.fromEntries([...got].sort()), Object.fromEntries([...truth].sort()));
    t.diagnostic(`${truth.size} groups in ${pages} pages of 3`);
  });

  test('lease document: optimistic concurrency, the second writer gets 409', async () => {
    const LEASES = 'loglens-leases';
    await client.indices.create({ index: LEASES, body: { settings: { number_of_shards: 1, number_of_replicas: 1 } } });
    const id = 'source:loki-a';
    const status = async (p: Promise<unknown>) => {
      try {
        await p;
        return 200;
      } catch (e) {
        if (e instanceof errors.ResponseError) return e.statusCode;
        throw e;
      }
    };
    const now = DAY0;
    assert.equal(await status(client.index({ index: LEASES, id, op_type: 'create', body: { owner: 'sidecar-a', expires: now + 30_000 }, refresh: 'wait_for' })), 200);
    assert.equal(await status(client.index({ index: LEASES, id, op_type: 'create', body: { owner: 'sidecar-b', expires: now + 30_000 } })), 409);

    const read = async () => {
      const g = await client.get({ index: LEASES, id });
      return { seq: g.body._seq_no!, term: g.body._primary_term!, owner: (g.body._source as { owner: string }).owner };
    };
    const seen = await read(); // both sidecars read the same version
    assert.equal(seen.owner, 'sidecar-a');
    const renewA = client.index({ index: LEASES, id, if_seq_no: seen.seq, if_primary_term: seen.term, body: { owner: 'sidecar-a', expires: now + 60_000 } });
    assert.equal(await status(renewA), 200);
    const takeB = client.index({ index: LEASES, id, if_seq_no: seen.seq, if_primary_term: seen.term, body: { owner: 'sidecar-b', expires: now + 60_000 } });
    assert.equal(await status(takeB), 409);
    assert.equal((await read()).owner, 'sidecar-a');
    // After expiry B takes over with the current version, and A's renewal with its stale one fails.
    const cur = await read();
    assert.equal(await status(client.index({ index: LEASES, id, if_seq_no: cur.seq, if_primary_term: cur.term, body: { owner: 'sidecar-b', expires: now + 120_000 } })), 200);
    assert.equal(await status(client.index({ index: LEASES, id, if_seq_no: cur.seq, if_primary_term: cur.term, body: { owner: 'sidecar-a', expires: now + 120_000 } })), 409);
    assert.equal((await read()).owner, 'sidecar-b');
  });

  test('a node SIGKILLed: the cluster answers with every line; writes go on; restarted, green and complete again', async (t) => {
    // With 2 cluster-manager-eligible nodes the voting configuration holds one of them; losing that
    // one stops the cluster (a third eligible node is needed to survive it). Kill the other one.
    const manager = ((await client.cat.clusterManager({ format: 'json' })).body as { node: string }[])[0]!.node;
    const victim = cluster.nodes.find((n) => n.name !== manager)!;
    const survivor = cluster.nodes.find((n) => n.name === manager)!;
    const victimId = ((await client.cat.nodes({ format: 'json', full_id: true, h: ['id', 'name'] })).body as { id: string; name: string }[]).find((n) => n.name === victim.name)!.id;
    await victim.kill();
    assert.equal(victim.pid, undefined);
    const h = await cluster.waitForHealth({ status: 'yellow', nodes: 1 });
    assert.equal(h.status, 'yellow', 'replicas of the dead node are unassigned');

    // The client still lists both nodes; it must route around the dead one.
    assert.equal(await count(ACME), acme.length);
    assert.equal(await count(GLOBEX), globex.length);
    const blk = await client.search({ index: ACME, body: { query: { match: { message: SPECIAL.blk } } } });
    assert.equal(blk.body.hits.hits.length, 2);

    const more = generate('acme', 60, 4).map((d, i) => ({ ...d, id: `late-${i}-${d.id}` }));
    const w = await client.bulk({ body: bulkBody(more), refresh: 'wait_for' });
    assert.equal(w.body.errors, false);
    assert.equal(await count(ACME), acme.length + more.length);

    const t0 = performance.now();
    await victim.restart();
    const httpS = (performance.now() - t0) / 1000;
    await cluster.waitForHealth({ status: 'yellow', nodes: 2 });
    const joinedS = (performance.now() - t0) / 1000;
    await cluster.waitForHealth({ status: 'green', nodes: 2 });
    t.diagnostic(`restarted node: HTTP after ${httpS.toFixed(1)} s, joined after ${joinedS.toFixed(1)} s, green after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const rec = ((await client.cat.recovery({ format: 'json', h: ['index', 'shard', 'type', 'time', 'target_node', 'files_total', 'translog_ops'] })).body as Record<string, string>[]).filter(
      (r) => r.target_node === victim.name && r.type === 'peer',
    );
    t.diagnostic(`peer recoveries onto it: ${rec.length} (${rec.map((r) => `${r.index.replace('loglens-', '')}/${r.shard} ${r.time} ${r.files_total} files ${r.translog_ops} ops`).join('; ')})`);
    t.diagnostic(`RSS after the run: ${cluster.nodes.map((n) => `${n.name} ${n.rssMiB()} MiB`).join(', ')}`);
    assert.notEqual(victim.pid, undefined);
    // The restarted node's own copies hold everything, the writes it missed included.
    assert.equal(await count(ACME, `_only_nodes:${victimId}`), acme.length + more.length);
    assert.equal(await count(GLOBEX, `_only_nodes:${victimId}`), globex.length);
    assert.equal(await count(ACME, `_only_nodes:${survivor.name}`), acme.length + more.length);
  });
});
