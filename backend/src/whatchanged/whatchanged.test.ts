import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createApp } from '../app.js';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../telemetry/logger.js';
import type { LogEntry } from '../types.js';
import { analyzeWhatChanged, storyAnswer, storyPhrasing, whatChangedWire } from './index.js';
import type { WhatChanged } from './types.js';

// A small synthetic incident, times fixed (no wall clock): baseline 09:00-10:00, window 10:00-11:00.
// api reloads its config every 10 minutes (ttl=300s version=2.3.0) until 10:10, when ttl=0s
// version=2.3.1 arrives; from 10:12 api queries to postgres time out and their duration shifts, its pool
// reads used=20 max=20; web (access log, upstream=api:8080) answers 502 from 10:13. Around it: a
// recurring certificate warning in web, a one-off postgres error at 10:05, and an unrelated mailer
// deploy (version 5.0.0 -> 5.1.0) at 10:08 that nothing links to the failures.
const T0 = Date.parse('2026-03-02T09:00:00Z');
const MIN = 60_000;
const at = (m: number, s = 0) => T0 + m * MIN + s * 1000;
const ns = (t: number) => BigInt(t) * 1_000_000n;
const WINDOW = { startNs: ns(at(60)), endNs: ns(at(120)) };
const iso = (t: number) => new Date(t).toISOString();

function lines(): Record<string, { t: number; line: string }[]> {
  const out: Record<string, { t: number; line: string }[]> = { api: [], web: [], postgres: [], mailer: [] };
  for (let m = 0; m < 120; m += 10) {
    const changed = m >= 70;
    out.api.push({ t: at(m, 7), line: `ts=${iso(at(m, 7))} level=info msg="config loaded" ttl=${changed ? '0s' : '300s'} version=${changed ? '2.3.1' : '2.3.0'}` });
  }
  for (let i = 0; i < 120 * 6; i++) {
    const t = T0 + i * 10_000 + 1234;
    const m = (t - T0) / MIN;
    const failing = m >= 72;
    const ms = failing ? 400 + (i % 50) : 10 + (i % 7);
    out.api.push({ t, line: `ts=${iso(t)} level=${failing && i % 2 ? 'error' : 'info'} msg="${failing && i % 2 ? 'query failed' : 'query served'}" upstream=postgres:5432 duration=${ms}ms req=r${i}` });
    const status = m >= 73 && i % 2 ? 502 : 200;
    out.web.push({ t: t + 5, line: `10.0.0.${i % 200} - - [02/Mar/2026:09:00:00 +0000] "GET /api/items/${i % 40} HTTP/1.1" ${status} 512 "-" "curl/8.0" rt=0.020 upstream=api:8080` });
  }
  for (let m = 1; m < 120; m += 1) {
    const used = m >= 72 ? 20 : 2 + (m % 3);
    out.api.push({ t: at(m, 30), line: `ts=${iso(at(m, 30))} level=debug msg="pool stats" used=${used} max=20` });
    out.postgres.push({ t: at(m, 45), line: `${iso(at(m, 45))} LOG: checkpoint complete: wrote ${10 + (m % 9)} buffers` });
  }
  for (let m = 2; m < 120; m += 5) out.web.push({ t: at(m, 50), line: `${iso(at(m, 50))} WARN certificate for shop.example.com expires in 9 days, renewal failed` });
  out.postgres.push({ t: at(65, 3), line: `${iso(at(65, 3))} ERROR: could not write to file "pg_stat_tmp/global.tmp": No space left on device` });
  for (const [m, v] of [
    [30, '5.0.0'],
    [68, '5.1.0'],
  ] as const)
    out.mailer.push({ t: at(m), line: `ts=${iso(at(m))} level=info msg="deploy finished" version=${v}` });
  for (let m = 0; m < 120; m += 2) out.mailer.push({ t: at(m, 20), line: `ts=${iso(at(m, 20))} level=info msg="mail sent" to=user${m}@example.com` });
  return out;
}

async function withIncident(fn: (app: ReturnType<typeof createApp>, wc: WhatChanged) => Promise<void> | void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-whatchanged-'));
  const app = createApp(loadConfig({}, { dataDir: dir, auth: { disabled: true }, embedding: { enabled: false } }), { logger: createLogger('silent'), processMetrics: false });
  try {
    for (const [job, ls] of Object.entries(lines())) {
      ls.sort((a, b) => a.t - b.t);
      const batch: LogEntry[] = ls.map((l) => ({ tenant: 't', labels: { job }, tsNs: ns(l.t), line: l.line }));
      app.pipeline.ingest('push', batch, { final: false });
    }
    app.pipeline.chunkPending(true);
    const wc = analyzeWhatChanged(app.store.db, { tenant: 't', window: WINDOW });
    await fn(app, wc);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('value changes, onsets, links and the story of a config change', async () => {
  await withIncident((app, wc) => {
    const job = (id: number) => app.store.stream(id)?.labels.job;
    // new values of category slots, with the value they replaced and the first line holding them
    const ttl = wc.valueChanges.find((v) => v.kind === 'new-value' && v.key === 'ttl');
    assert.ok(ttl, JSON.stringify(wc.valueChanges.map((v) => [v.kind, v.key, v.values])));
    assert.deepEqual([job(ttl.streamId), ttl.values, ttl.before, ttl.firstNs], ['api', ['0s'], ['300s'], ns(at(70, 7))]);
    assert.ok(wc.valueChanges.some((v) => v.kind === 'new-value' && v.key === 'version' && v.values[0] === '2.3.1'), 'version 2.3.1');
    // a numeric shift (query duration) and a saturation (used = max in the same line)
    const shift = wc.valueChanges.find((v) => v.kind === 'shift' && v.key === 'duration');
    assert.ok(shift && shift.windowStats!.median > 3 * shift.baselineStats!.median, 'duration shifted');
    assert.ok(shift.firstNs >= ns(at(72)) && shift.firstNs < ns(at(73)), `shift onset ${shift.firstNs}`);
    const sat = wc.valueChanges.find((v) => v.kind === 'saturation');
    assert.ok(sat && sat.key === 'used' && sat.max === 20 && sat.firstNs === ns(at(72, 30)), 'pool saturated at 10:12:30');
    // failure onsets: api's query failures, web's 502 as an error value of the status slot
    const apiFail = wc.onsets.find((o) => job(o.streamId) === 'api' && o.errorLike && o.template.includes('query failed'));
    assert.ok(apiFail && apiFail.onsetNs >= ns(at(72)) && apiFail.onsetNs < ns(at(72, 20)), 'api failure onset');
    const web502 = wc.onsets.find((o) => job(o.streamId) === 'web' && o.kind === 'value' && o.value === '502');
    assert.ok(web502 && web502.onsetNs >= ns(at(73)) && web502.onsetNs < ns(at(73, 20)), 'web 502 onset');
    // links read from the lines: web's failing lines name api, api's name postgres
    assert.ok(wc.links.some((l) => job(l.from) === 'web' && job(l.to) === 'api' && l.onFailure), 'web names api');
    assert.ok(wc.links.some((l) => job(l.from) === 'api' && job(l.to) === 'postgres'), 'api names postgres');
    // the story: config change -> api fails -> web; the mailer deploy, the certificate warning and the postgres one-off are not causes
    const s = wc.story;
    assert.equal(job(s.change!.streamId), 'api');
    assert.equal(s.change!.tsNs, ns(at(70, 7)));
    assert.equal(job(s.failure!.streamId), 'api');
    assert.equal(job(s.symptom!.streamId), 'web');
    assert.deepEqual(s.path.map(job), ['api', 'web']);
    assert.ok(s.setAside.some((a) => a.reason === 'recurring' && job(a.streamId) === 'web'), 'recurring warning set aside');
    assert.ok(s.setAside.some((a) => a.reason === 'one-off' && job(a.streamId) === 'postgres'), 'one-off set aside');
    assert.ok(wc.valueChanges.some((v) => job(v.streamId) === 'mailer' && v.values[0] === '5.1.0'), 'the mailer deploy is seen');
    assert.equal(wc.partial, false);
  });
});

test('the story leads the answer: the change, the first failure and the path, each cited', async () => {
  await withIncident((app, wc) => {
    const cause = storyAnswer(app.store, wc, 'cause');
    assert.match(cause.lead[0], /^Earliest change: api config loaded, ttl 300s -> 0s, version 2\.3\.0 -> 2\.3\.1 at 10:10:07 UTC \[1\]/);
    assert.match(cause.lead[1], /^First failure: api "query failed" from 10:12:\d\d UTC \[2\]/);
    assert.match(cause.lead[2], /^Path to web: api -> web; web .* 502 .* \[3\] \(its failing lines name api: upstream=api:8080\)/);
    assert.match(cause.lead.join(' '), /Not presented as causes: .*could not write.*a single line.*certificate.*recurring/);
    assert.deepEqual(cause.evidence.map((e) => [e.n, e.labels.job]), [
      [1, 'api'],
      [2, 'api'],
      [3, 'web'],
    ]);
    assert.match(cause.evidence[0].lines[0].line, /ttl=0s version=2\.3\.1/);
    const first = storyAnswer(app.store, wc, 'first');
    assert.match(first.lead[0], /^api failed first, from 10:12:\d\d UTC \[2\], right after api changed: config loaded, ttl 300s -> 0s/);
    // a question about a line the story set aside does not get the story
    assert.equal(storyAnswer(app.store, wc, 'cause', ['why', 'certificate', 'renewal', 'failed']).lead.length, 0);
    const wire = whatChangedWire(app.store, wc);
    assert.equal(wire.story.change?.service, 'api');
    assert.deepEqual(wire.story.path, ['api', 'web']);
    assert.ok(wire.valueChanges.every((v) => typeof v.firstSeen === 'string' && v.example?.line), 'wire value changes have times and examples');
  });
});

test('asked through the ask path with a dashboard window: "which component failed first?" is answered from the story', async () => {
  await withIncident(async (app) => {
    const r = await app.ask.ask({ tenant: 't', question: 'which component failed first?', window: WINDOW, limit: 6 });
    assert.match(r.answer.text, /^api failed first/);
    const one = r.citations.filter((c) => c.n === 1);
    assert.match(one[0].line, /ttl=0s/);
    assert.equal(r.plan?.route, 'cause');
    assert.equal(r.whatChanged?.story.failure?.service, 'api');
    const why = await app.ask.ask({ tenant: 't', question: 'why did web start failing?', window: WINDOW, limit: 6 });
    assert.match(why.answer.text, /^Earliest change: api .*0s/);
    assert.equal(why.whatChanged?.story.symptom?.service, 'web');
  });
});

test('which questions get the story', () => {
  assert.equal(storyPhrasing('which component failed first?'), 'first');
  assert.equal(storyPhrasing('What failed first?'), 'first');
  assert.equal(storyPhrasing('what changed before the errors?'), 'cause');
  assert.equal(storyPhrasing('why did checkout start failing around 14:05?'), 'cause');
  assert.equal(storyPhrasing('when did the datanode first fail?'), undefined);
  assert.equal(storyPhrasing('which user failed most often?'), undefined);
  assert.equal(storyPhrasing('how many failed passwords came from 10.0.0.1?'), undefined);
});
