import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { IngestPipeline } from '../ingest/pipeline.js';
import { TemplateRepo, templatesMigration } from '../templates/index.js';
import { Store } from '../store/store.js';
import type { LogEntry } from '../types.js';
import { Bm25Retriever, ftsQuery } from './bm25.js';
import { parseQuestion } from './query.js';
import { Retriever } from './retriever.js';
import { matchesLabels, parseSelector, SelectorError } from './selector.js';

const MIN = 60_000_000_000n;
const T0 = BigInt(Date.UTC(2026, 10, 24, 14, 0, 0)) * 1_000_000n;

function fixture() {
  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-ret-')), 'x.db'), { migrations: [templatesMigration] });
  const p = new IngestPipeline(store, { maxTokens: 40, maxGapNs: 30n * 1_000_000_000n }, { tagger: new TemplateRepo(store.db) });
  const push = (tenant: string, job: string, at: bigint, line: string): LogEntry => ({ tenant, labels: { job }, tsNs: at, line });
  p.ingest('test', [
    push('t1', 'api', T0, 'GET /health 200'),
    push('t1', 'api', T0 + 10n * MIN, 'connection refused to db:5432'),
    push('t1', 'db', T0 + 11n * MIN, 'FATAL: too many clients already'),
    push('t1', 'api', T0 + 40n * MIN, 'connection refused to cache:6379'),
    push('t2', 'api', T0 + 10n * MIN, 'connection refused secret-tenant-2'),
  ]);
  return { store, bm25: new Bm25Retriever(store) };
}

test('FTS5 operators and quotes in questions are plain words, never syntax errors', () => {
  const { bm25 } = fixture();
  for (const q of ['"foo" OR NEAR(', 'a AND', '*', '^x', 'col:val', '"', 'NOT', '(((', 'x"y', '\u0000', 'refused" OR "x']) {
    assert.doesNotThrow(() => bm25.search(q.split(/\s+/), { tenant: 't1' }, 10), q);
  }
  assert.equal(ftsQuery(['say "hi"']), '"say ""hi"""');
  assert.equal(ftsQuery(['...', '']), undefined);
});

test('search is scoped to the tenant, the streams and the window', () => {
  const { store, bm25 } = fixture();
  const all = bm25.search(['refused'], { tenant: 't1' }, 10);
  const texts = store.chunks(all.map((c) => c.chunkId)).map((c) => c.text);
  assert.ok(texts.some((t) => t.includes('db:5432')) && texts.some((t) => t.includes('cache:6379')));
  assert.ok(!texts.some((t) => t.includes('secret-tenant-2')), 'another tenant leaked');
  const windowed = bm25.search(['refused'], { tenant: 't1', window: { startNs: T0 + 5n * MIN, endNs: T0 + 20n * MIN } }, 10);
  assert.deepEqual(store.chunks(windowed.map((c) => c.chunkId)).map((c) => c.text), ['connection refused to db:5432']);
  const dbOnly = bm25.search(['refused', 'clients'], { tenant: 't1', streamIds: [store.streamId('t1', { job: 'db' })] }, 10);
  assert.equal(dbOnly.length, 1);
});

test('porter stemming: "failing" finds "failed"; coordination ranks chunks holding more words first', () => {
  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-ret-')), 'x.db'));
  const p = new IngestPipeline(store, { maxTokens: 20, maxGapNs: 1n });
  const lines = ['checkpoint starting', 'checkout payment failed', 'checkout ok', 'checkout ok again'];
  p.ingest('t', lines.map((line, i) => ({ tenant: 't', labels: { job: 'x' }, tsNs: T0 + BigInt(i) * MIN, line })));
  const r = new Bm25Retriever(store).search(['checkout', 'start', 'failing'], { tenant: 't' }, 4);
  assert.equal(store.chunk(r[0].chunkId)!.text, 'checkout payment failed');
});

test('LogQL selectors parse and match; bad ones are SelectorErrors', () => {
  const m = parseSelector('{job="api", env!="dev", pod=~"api-.*", zone!~`eu|us`}');
  assert.equal(m.length, 4);
  assert.ok(matchesLabels({ job: 'api', env: 'prod', pod: 'api-7', zone: 'ap' }, m));
  assert.ok(!matchesLabels({ job: 'api', env: 'prod', pod: 'web-1', zone: 'ap' }, m));
  for (const bad of ['job="x"', '{}', '{job=x}', '{job="x" env="y"}', '{job=~"("}', `{a=~"${'x'.repeat(600)}"}`]) {
    assert.throws(() => parseSelector(bad), SelectorError, bad);
  }
});

test('question understanding: clock times, relative windows, label hints, terms', () => {
  const ref = T0 + 90n * MIN; // 15:30 on the same day
  const ctx = { nowNs: ref, referenceNs: ref, clockWindowMinutes: 15, labelValues: new Map([['job', new Set(['checkout', 'payment'])]]) };
  const q = parseQuestion('why did checkout start failing at 14:05?', ctx);
  assert.equal(q.window!.startNs, T0 + 5n * MIN - 15n * MIN);
  assert.equal(q.window!.endNs, T0 + 5n * MIN + 15n * MIN);
  assert.deepEqual(q.selectorHints, { job: 'checkout' });
  assert.ok(q.asksForCause);
  assert.deepEqual(q.terms, ['checkout', 'start', 'failing']);
  assert.equal(parseQuestion('errors in the last 30 minutes', ctx).window!.startNs, ref - 30n * MIN);
  assert.equal(parseQuestion('what happened since 2pm', ctx).window!.startNs, T0);
  const late = parseQuestion('what broke at 16:00', ctx); // later than the reference: the day before
  assert.equal(late.window!.startNs, T0 + 120n * MIN - 24n * 60n * MIN - 15n * MIN);
  assert.equal(parseQuestion('show 502 errors', ctx).window, undefined, 'a status code is not a time');
});

test('question understanding: a date written with the clock names the day; a bare number before the clock does not hide it', () => {
  const ref = BigInt(Date.UTC(2026, 11, 2, 9, 0)) * 1_000_000n;
  // Data at 17:41 on every day: without the date the clock alone would take the latest one.
  const ctx = { nowNs: ref, referenceNs: ref, hasData: () => true, clockWindowMinutes: 15, labelValues: new Map([['job', new Set(['sshd'])]]) };
  const at = (y: number, mo: number, d: number) => BigInt(Date.UTC(y, mo, d, 17, 41)) * 1_000_000n;
  const q = parseQuestion('what did sshd log on july 29 at 17:41?', ctx);
  assert.equal(q.focusNs, at(2026, 6, 29), 'the latest July 29 before the reference');
  assert.equal(q.window!.startNs, at(2026, 6, 29) - 15n * MIN);
  assert.ok(q.timeHint!.includes('2026-07-29'), q.timeHint);
  assert.deepEqual(q.terms, ['sshd']);
  assert.equal(parseQuestion('errors on 2015-07-29 at 17:41', ctx).focusNs, at(2015, 6, 29));
  assert.equal(parseQuestion('errors at 5:41pm on 29 Jul 2015', ctx).focusNs, at(2015, 6, 29));
  assert.equal(parseQuestion('what failed on dec 5 at 17:41', ctx).focusNs, at(2025, 11, 5), 'not yet this year: the year before');
  // No date: the clock's latest day with data, as before; a status code before it is no clock.
  assert.equal(parseQuestion('502 errors at 17:41', ctx).focusNs, at(2026, 11, 1));
  assert.equal(parseQuestion('on feb 30 at 17:41', ctx).focusNs, at(2026, 11, 1), 'no such day: the clock alone');
  // A date without a clock: its whole day, the date taken out of the search terms
  const day = (y: number, mo: number, d: number) => BigInt(Date.UTC(y, mo, d)) * 1_000_000n;
  const allDay = parseQuestion('errors on july 29', ctx);
  assert.deepEqual(allDay.window, { startNs: day(2026, 6, 29), endNs: day(2026, 6, 30) });
  assert.ok(allDay.timeHint!.includes('2026-07-29'), allDay.timeHint);
  assert.deepEqual(allDay.terms, ['errors']);
  assert.deepEqual(parseQuestion('how many sshd errors on 2015-07-29?', ctx).window, { startNs: day(2015, 6, 29), endNs: day(2015, 6, 30) });
  assert.equal(parseQuestion('errors on feb 30', ctx).window, undefined, 'no such day: no window');
});

test('retriever: cause questions bring change evidence from other streams', async () => {
  const { store } = fixture();
  const r = await new Retriever(store, { candidates: 10, clockWindowMinutes: 15 }).retrieve({
    tenant: 't1',
    question: 'why did the api fail at 14:10?',
    limit: 5,
  });
  assert.ok(r.changes.some((c) => c.template.includes('too many clients')));
  assert.ok(r.changes.every((c) => store.stream(c.streamId)!.tenant === 't1'));
});

const DAY = 24n * 60n * MIN;

test('a clock time takes the latest day on which the question\'s streams have data then, and says which', () => {
  const ref = T0 + 3n * DAY + 90n * MIN; // three days after the incident, 15:30
  const labelValues = new Map([['job', new Set(['checkout', 'live'])]]);
  // checkout has data around 14:05 on the incident day and the day before; nothing since.
  const has = (hints: Readonly<Record<string, string>>, w: { startNs: bigint; endNs: bigint }) =>
    hints.job === 'checkout' && [T0, T0 - DAY].some((d) => w.startNs < d + 30n * MIN && w.endNs > d);
  const q = parseQuestion('why did checkout start failing at 14:05?', { nowNs: ref, referenceNs: ref, hasData: has, clockWindowMinutes: 15, labelValues });
  assert.equal(q.window!.startNs, T0 + 5n * MIN - 15n * MIN);
  assert.match(q.timeHint!, /on 2026-11-24 \(the latest of 2 days with data then\)/);
  // No day of the look-back has data: the reference's day, and the hint says so.
  const none = parseQuestion('what broke at 14:05 in live?', { nowNs: ref, referenceNs: ref, hasData: () => false, clockWindowMinutes: 15, labelValues });
  assert.equal(none.window!.startNs, T0 + 3n * DAY + 5n * MIN - 15n * MIN);
  assert.match(none.timeHint!, /no data at that time/);
  // The reference can depend on the streams named: a function of the hints.
  const byHint = parseQuestion('errors in checkout since 14:00', {
    nowNs: ref,
    referenceNs: (h) => (h.job === 'checkout' ? T0 + 30n * MIN : ref),
    clockWindowMinutes: 15,
    labelValues,
  });
  assert.equal(byHint.window!.startNs, T0);
  assert.equal(byHint.window!.endNs, T0 + 30n * MIN + 1n);
});

test('retriever: lines stamped today in another stream do not move an incident\'s clock time to today', async () => {
  const { store } = fixture();
  const today = T0 + 8n * DAY; // any later day: the test must not depend on the calendar
  new IngestPipeline(store, { maxTokens: 40, maxGapNs: 30n * 1_000_000_000n }, { tagger: new TemplateRepo(store.db) }).ingest('test', [
    { tenant: 't1', labels: { job: 'live' }, tsNs: today, line: 'level=info msg="still alive"' },
  ]);
  const retriever = new Retriever(store, { candidates: 10, clockWindowMinutes: 15 });
  const r = await retriever.retrieve({ tenant: 't1', question: 'why did the db fail at 14:10?', nowNs: today });
  assert.equal(r.window!.startNs, T0 - 5n * MIN, r.parsed.timeHint);
  assert.match(r.parsed.timeHint!, /on 2026-11-24/);
  assert.ok(r.changes.some((c) => c.template.includes('too many clients')));
  // Without a hint the whole tenant is the scope: the latest day with data at 14:10 is still the incident's.
  const all = await retriever.retrieve({ tenant: 't1', question: 'what happened at 14:10?', nowNs: today });
  assert.equal(all.window!.startNs, T0 - 5n * MIN, all.parsed.timeHint);
});

test('the stream catalog matches selectors exactly as label-by-label matching does, as streams come', async () => {
  const fc = (await import('fast-check')).default;
  const { StreamCatalog } = await import('./catalog.js');
  const value = fc.constantFrom('', 'a', 'b', 'ab', 'api', 'api-1', 'db', 'x.y');
  const labels = fc.dictionary(fc.constantFrom('job', 'env', 'pod'), value, { maxKeys: 3 });
  const matcher = fc.tuple(fc.constantFrom('job', 'env', 'pod', 'none'), fc.constantFrom('=', '!=', '=~', '!~'), fc.constantFrom('', 'a', 'ab', 'api.*', 'a|b', '.*', '.+', 'x\\.y', 'db'));
  fc.assert(
    fc.property(fc.array(labels, { maxLength: 30 }), fc.array(labels, { maxLength: 10 }), fc.array(matcher, { minLength: 1, maxLength: 4 }), (first, later, ms) => {
      const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-cat-')), 'x.db'));
      try {
        const catalog = new StreamCatalog(store.db);
        const selector = `{${ms.map(([n, op, v]) => `${n}${op}${JSON.stringify(v)}`).join(',')}}`;
        const check = () => {
          const want = store.streams('t').filter((s) => matchesLabels(s.labels, parseSelector(selector))).map((s) => s.id);
          assert.deepEqual([...catalog.select('t', selector)], want, selector);
        };
        for (const l of first) store.streamId('t', l);
        store.streamId('other', { job: 'api' });
        check();
        // Streams added after the catalog was read are seen on the next read (the selection is redone).
        for (const l of later) store.streamId('t', l);
        check();
      } finally {
        store.close();
      }
    }),
    { seed: 15, numRuns: 80 },
  );
});

test('a selector whose regex work over the tenant exceeds the budget is refused before it runs', async () => {
  const { StreamCatalog } = await import('./catalog.js');
  const { SelectorBudgetError } = await import('./selector.js');
  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-cat-')), 'x.db'));
  store.atomically(() => {
    for (let i = 0; i < 5000; i++) store.streamId('t', { pod: `pod-${i}-${'x'.repeat(200)}`, job: `j${i % 5}` });
  });
  const catalog = new StreamCatalog(store.db);
  const many = `{${Array.from({ length: 60 }, (_, i) => `pod!~"q${i}"`).join(',')}}`;
  assert.throws(() => catalog.select('t', many), (e: unknown) => e instanceof SelectorBudgetError && e.code === 'selector_too_costly');
  await assert.rejects(catalog.selectAsync('t', many), SelectorBudgetError);
  // The same number of regexes over a label with five values is cheap, and answered.
  const cheap = `{${Array.from({ length: 60 }, (_, i) => `job!~"q${i}"`).join(',')}}`;
  assert.equal(catalog.select('t', cheap).length, 5000);
  assert.equal((await catalog.selectAsync('t', '{pod=~"pod-1-.*"}')).length, 1);
  store.close();
});

test('the reference time (the newest data of the streams asked about) is read only for a clock time', () => {
  const cases: [string, boolean][] = [
    ['connection refused', false],
    ['why did checkout start failing?', false],
    ['errors in the last 30 minutes', false],
    ['502 errors from payments', false],
    ['what failed at 14:05?', true],
    ['since 9am', true],
    ['between 13:00 and 14:30 what broke', true],
    ['around 2 pm', true],
  ];
  for (const [q, reads] of cases) {
    let read = 0;
    parseQuestion(q, {
      nowNs: T0,
      referenceNs: () => {
        read++;
        return T0;
      },
      clockWindowMinutes: 15,
      labelValues: new Map(),
    });
    assert.equal(read, reads ? 1 : 0, q);
  }
});

test('a search restricted to most streams, put as the few left out, finds the same chunks in the same order', () => {
  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-ret-')), 'x.db'), { migrations: [templatesMigration] });
  const p = new IngestPipeline(store, { maxTokens: 40, maxGapNs: 30n * 1_000_000_000n }, { tagger: new TemplateRepo(store.db) });
  const lines: LogEntry[] = [];
  for (let s = 0; s < 30; s++) {
    for (let i = 0; i < 12; i++) {
      const word = ['refused', 'timeout', 'failed', 'ok'][(s + i) % 4];
      lines.push({ tenant: 't1', labels: { job: `svc-${s % 5}`, pod: `pod-${s}` }, tsNs: T0 + BigInt(i) * MIN, line: `request ${i} ${word} upstream=db-${s % 3} took ${s * i} ms` });
    }
  }
  lines.push({ tenant: 't2', labels: { job: 'svc-1', pod: 'pod-x' }, tsNs: T0, line: 'request 1 refused upstream=db-1' });
  p.ingest('test', lines);
  const bm25 = new Bm25Retriever(store);
  const ids = store.streams('t1').map((s) => s.id);
  const other = store.streams('t2').map((s) => s.id);
  const left = ids.filter((_, i) => i % 7 === 3);
  const kept = ids.filter((id) => !left.includes(id));
  for (const terms of [['refused'], ['request', 'failed', 'db'], ['timeout', 'upstream', 'took']]) {
    for (const window of [undefined, { startNs: T0 + 3n * MIN, endNs: T0 + 9n * MIN }]) {
      const inList = bm25.search(terms, { tenant: 't1', streamIds: kept, window }, 50);
      assert.ok(inList.length > 0);
      assert.deepEqual(bm25.search(terms, { tenant: 't1', allBut: { streamIds: left, upTo: Math.max(...ids) }, window }, 50), inList, terms.join(' '));
    }
  }
  // Streams past `upTo` (made after the selection) stay out, as they are not in the list.
  const upTo = Math.max(...ids.slice(0, 20));
  assert.deepEqual(
    bm25.search(['request'], { tenant: 't1', allBut: { streamIds: left.filter((id) => id <= upTo), upTo }, window: undefined }, 200),
    bm25.search(['request'], { tenant: 't1', streamIds: kept.filter((id) => id <= upTo) }, 200),
  );
  assert.ok(other.length === 1);
});
