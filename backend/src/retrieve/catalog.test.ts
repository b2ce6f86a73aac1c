import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../store/store.js';
import { StreamCatalog, type TenantCatalog } from './catalog.js';
import { Retriever } from './retriever.js';
import { compileSelector, compileSelectorAsync, SelectorError } from './selector.js';
import { SPAN_PAGE_IDS, streamSpanAsync } from './span.js';

/** Three tenants whose stream ids interleave: `big` holds every third id past the first 30. */
function fixture(bigStreams: number): Store {
  const store = Store.open(':memory:');
  store.atomically(() => {
    for (let i = 0; i < 10; i++) for (const t of ['a', 'b', 'big']) store.streamId(t, { job: `${t}-${i}`, env: i % 2 ? 'prod' : 'dev' });
    for (let i = 0; i < bigStreams; i++) {
      store.streamId('big', { pod: `pod-${i}`, job: `svc-${i % 7}` });
      if (i % 3 === 0) store.streamId('a', { pod: `a-${i}` });
      if (i % 5 === 0) store.streamId('b', { pod: `b-${i}` });
    }
  });
  return store;
}

/** What a catalog holds, for comparing two of them. */
function contents(c: TenantCatalog) {
  return {
    ids: [...c.ids],
    streams: c.streams.map((s) => [s.id, s.tenant, s.labels]),
    index: [...c.index].map(([k, vs]) => [k, [...vs].map(([v, p]) => [v, [...p]])]),
    labelValues: [...c.labelValues].map(([k, vs]) => [k, [...vs].sort()]),
  };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

test('getAsync reads the same catalog as get, in slices, for tenants whose ids interleave', async () => {
  const store = fixture(12_000);
  for (const tenant of ['big', 'a', 'b', 'none']) {
    const sync = new StreamCatalog(store.db).get(tenant);
    const catalog = new StreamCatalog(store.db);
    // The event loop turns while the streams are read (12k streams are well over one slice).
    let turns = 0;
    let reading = true;
    const ticker = (async () => {
      while (reading) {
        await turn();
        turns++;
      }
    })();
    const got = await catalog.getAsync(tenant);
    reading = false;
    await ticker;
    assert.deepEqual(contents(got), contents(sync), tenant);
    if (tenant === 'big') assert.ok(turns >= 2, `${turns} turns while 12k streams were read`);
    // Nothing new: the same catalog object, from one count query.
    assert.equal(await catalog.getAsync(tenant), got);
    assert.equal(catalog.get(tenant), got);
  }
  store.close();
});

test('getAsync reads only streams added since, and starts over when streams went away', async () => {
  const store = fixture(600);
  const catalog = new StreamCatalog(store.db);
  const first = await catalog.getAsync('big');
  const n = first.ids.length;
  store.atomically(() => {
    for (let i = 0; i < 700; i++) store.streamId('big', { pod: `late-${i}` });
    store.streamId('a', { pod: 'a-late' });
  });
  const grown = await catalog.getAsync('big');
  assert.equal(grown.ids.length, n + 700);
  assert.deepEqual(contents(grown), contents(new StreamCatalog(store.db).get('big')));
  // A stream gone (as retention may remove one): read again from scratch.
  store.db.prepare("DELETE FROM streams WHERE tenant = 'big' AND labels_json LIKE '%late-699%'").run();
  const shrunk = await catalog.getAsync('big');
  assert.equal(shrunk.ids.length, n + 699);
  assert.deepEqual(contents(shrunk), contents(new StreamCatalog(store.db).get('big')));
  store.close();
});

test('concurrent getAsync calls and a synchronous get meanwhile hold each stream once', async () => {
  const store = fixture(8000);
  const catalog = new StreamCatalog(store.db);
  const a = catalog.getAsync('big');
  const b = catalog.getAsync('big');
  await turn();
  await turn();
  // A synchronous reader in the middle of the slices reads the rest at once.
  const mid = catalog.get('big');
  const [ra, rb] = await Promise.all([a, b]);
  const expected = contents(new StreamCatalog(store.db).get('big'));
  for (const c of [mid, ra, rb]) assert.deepEqual(contents(c), expected);
  assert.equal(new Set(ra.ids).size, ra.ids.length);
  store.close();
});

test('selectAsync matches as select does; a malformed selector fails before the streams are read', async () => {
  const store = fixture(3000);
  const sync = new StreamCatalog(store.db);
  const catalog = new StreamCatalog(store.db);
  for (const sel of ['{job="svc-3"}', '{job=~"svc-[12]", pod!~"pod-1.*"}', '{env="prod"}', '{pod=~"pod-.*|.*"}', '{nothere="x"}']) {
    assert.deepEqual([...(await catalog.selectAsync('big', sel))], [...sync.select('big', sel)], sel);
  }
  const fresh = new StreamCatalog(store.db);
  await assert.rejects(fresh.selectAsync('big', '{job=~"("}'), SelectorError);
  await assert.rejects(fresh.selectAsync('big', '{job="x'), SelectorError);
  store.close();
});

test('compileSelectorAsync compiles as compileSelector does, and refuses the same selectors', async () => {
  const many = `{${Array.from({ length: 200 }, (_, i) => `l${i}=~"v${i}|w.*"`).join(',')}}`;
  for (const text of ['{a="1"}', '{a=~"x|y", b!~"z.*", c!="3"}', many]) {
    const s = await compileSelectorAsync(`${text} `, 0);
    const c = compileSelector(`${text}  `);
    assert.deepEqual(
      s.matchers.map((m) => [m.name, m.op, m.value, m.weight, m.test('x'), m.test('v1'), m.test('w2')]),
      c.matchers.map((m) => [m.name, m.op, m.value, m.weight, m.test('x'), m.test('v1'), m.test('w2')]),
    );
  }
  for (const bad of ['{a=~"("}', '{}', 'a="1"', '{a="\\q"}']) {
    assert.throws(() => compileSelector(bad), SelectorError, bad);
    await assert.rejects(compileSelectorAsync(bad, 0), SelectorError, bad);
  }
});

test('streamSpanAsync reads the span Store.timeRange reads, in pages', async () => {
  const store = fixture(9000);
  // Spans on some streams only (the rest have no entries: null), the earliest and latest far apart.
  store.db.prepare("UPDATE streams SET first_ts_ns = 1000000 + id * 10, last_ts_ns = 2000000 + id * 10 WHERE id % 7 = 0").run();
  store.db.prepare("UPDATE streams SET first_ts_ns = 5, last_ts_ns = 9007199254740993 WHERE id = (SELECT max(id) FROM streams WHERE tenant = 'big' AND id % 7 = 3)").run();
  const ids = new StreamCatalog(store.db).get('big').ids;
  assert.ok(ids.length > 2 * SPAN_PAGE_IDS);
  assert.deepEqual(await streamSpanAsync(store.db, 'big', ids), store.timeRange('big'));
  for (const part of [ids.slice(0, SPAN_PAGE_IDS + 1), ids.filter((id) => id % 2 === 0), ids.slice(-3), ids.filter((id) => id % 7 === 1), []]) {
    assert.deepEqual(await streamSpanAsync(store.db, 'big', part), store.timeRange('big', part));
  }
  // Another tenant's ids in the list count for nothing, as in Store.timeRange.
  const other = new StreamCatalog(store.db).get('a').ids;
  assert.deepEqual(await streamSpanAsync(store.db, 'big', other), store.timeRange('big', other));
  store.close();
});

test('scopeAsync reads a clock time against the span of many streams in slices, as scope() reads it at once', async () => {
  const store = fixture(3000);
  const t0 = BigInt(Date.UTC(2026, 10, 24, 12, 0, 0)) * 1_000_000n;
  store.db.prepare("UPDATE streams SET first_ts_ns = ?, last_ts_ns = ? + id * 1000000000 WHERE tenant = 'big' AND id % 5 = 0").run(t0, t0);
  const retriever = new Retriever(store, { candidates: 10, clockWindowMinutes: 15 });
  const lists: number[] = [];
  const timeRange = store.timeRange.bind(store);
  store.timeRange = (tenant, ids) => {
    lists.push(ids?.length ?? -1);
    return timeRange(tenant, ids);
  };
  const catalog = new StreamCatalog(store.db);
  const most = catalog.select('big', '{pod!~"pod-1.*"}');
  assert.ok(most.length > SPAN_PAGE_IDS);
  for (const question of ['what failed at 14:05?', 'since 9am', 'connection refused', 'what failed at 14:05 in svc-3?']) {
    for (const sel of [{}, { selector: '{pod!~"pod-1.*"}', selectedStreamIds: most }]) {
      const req = { tenant: 'big', question, nowNs: t0 + 86_400_000_000_000n, ...sel };
      lists.length = 0;
      const slices = await retriever.scopeAsync(req);
      // No list longer than a page, and not the whole tenant, was read in one query.
      assert.ok(lists.every((n) => n !== -1 && n <= SPAN_PAGE_IDS), `${question}: ${lists}`);
      const once = retriever.scope(req);
      assert.deepEqual(slices.parsed, once.parsed, question);
      assert.deepEqual(slices.window, once.window, question);
      assert.deepEqual(await slices.rangeAsync!(slices.scopedStreamIds), once.range);
    }
  }
  store.close();
});
