import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { generateScenario, GROUND_TRUTH, writeScenario } from '../src/demo/scenario.js';
import { readLogFile } from '../src/ingest/file.js';
import { createLogger } from '../src/telemetry/logger.js';

test('the scenario is deterministic', () => {
  assert.deepEqual(generateScenario(), generateScenario());
  assert.notDeepEqual(generateScenario(1), generateScenario(2));
});

test('demo: the 14:05 question is answered with root-cause lines from other services, ahead of the symptoms', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-demo-'));
  const { files } = writeScenario(join(dir, 'scenario'));
  const app = createApp(loadConfig({}, { dataDir: dir, auth: { disabled: true } }), { logger: createLogger('silent'), processMetrics: false });
  for (const f of Object.values(files)) {
    await readLogFile(f, { tenant: 'default', labels: { job: basename(f, '.log'), env: 'demo' } }, (b) => {
      app.pipeline.ingest('file', b, { final: false });
    });
  }
  app.pipeline.chunkPending(true);
  const r = await app.ask.ask({ tenant: 'default', question: GROUND_TRUTH.question, limit: 8 });
  const matches = (set: typeof GROUND_TRUTH.rootCause, c: (typeof r.citations)[number]) =>
    set.some((g) => g.job === c.labels.job && new RegExp(g.pattern).test(c.line));
  const roots = r.citations.filter((c) => matches(GROUND_TRUTH.rootCause, c));
  assert.ok(roots.length >= 2, `root-cause citations: ${roots.length}`);
  assert.ok(new Set(roots.map((c) => c.labels.job)).size >= 1);
  assert.ok(roots.every((c) => c.labels.job !== 'checkout'), 'root cause is in another service');
  // The answer's first claim is a root-cause line, and it precedes the first symptom cited.
  const first = r.citations.find((c) => c.n === 1)!;
  assert.ok(matches(GROUND_TRUTH.rootCause, first), `first citation: ${first.line}`);
  const symptom = r.citations.find((c) => matches(GROUND_TRUTH.symptoms, c));
  assert.ok(symptom, 'the checkout symptom is cited too');
  assert.ok(BigInt(first.tsNs) < BigInt(symptom.tsNs));
  // The distractors (an old recurring error, a one-off email failure) are not presented as the cause.
  assert.ok(!matches(GROUND_TRUTH.distractors, first));
  assert.match(r.answer.text, /Earliest change: payment/);
  assert.equal(r.query.timeHint?.startsWith('at 14:05 UTC'), true);

  // A broad question naming a service is a search over its lines, not a look-up of one value whose
  // id merely abbreviates the service's name ("pay-00cdf4a5" for "payment").
  const broad = await app.ask.ask({ tenant: 'default', question: 'what errors did payment log?' });
  assert.notEqual(broad.retrieval.mode, 'exact', broad.answer.text);
  assert.equal(broad.plan?.route, 'search');

  // The patterns endpoint: 14:00-14:15 against 13:00-14:00 lists the root cause as new or surging,
  // with its first-seen time, and the checkout symptom after it.
  const key = 'demo-patterns-key-0123456789';
  const served = createApp(loadConfig({}, { dataDir: dir, server: { port: 0 }, auth: { apiKeys: [key] } }), { logger: createLogger('silent'), processMetrics: false });
  const { url } = await served.listen();
  const res = await fetch(`${url}/api/v1/patterns`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ start: '2026-11-24T14:00:00Z', end: '2026-11-24T14:15:00Z', baselineStart: '2026-11-24T13:00:00Z', baselineEnd: '2026-11-24T14:00:00Z' }),
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { changes: { stream: { job: string }; template: string; kind: string; firstSeen: string | null; examples: { line: string }[] }[] };
  const isRootChange = (c: (typeof body.changes)[number]) =>
    c.kind !== 'dropped' && c.examples.some((e) => GROUND_TRUTH.rootCause.some((g) => g.job === c.stream.job && new RegExp(g.pattern).test(e.line)));
  const isSymptomChange = (c: (typeof body.changes)[number]) =>
    c.kind !== 'dropped' && c.examples.some((e) => GROUND_TRUTH.symptoms.some((g) => g.job === c.stream.job && new RegExp(g.pattern).test(e.line)));
  const rootAt = body.changes.findIndex(isRootChange);
  const symptomAt = body.changes.findIndex(isSymptomChange);
  assert.ok(rootAt >= 0, "root cause template listed");
  assert.ok(symptomAt > rootAt, `symptom (${symptomAt}) listed after the root cause (${rootAt})`);
  const rc = body.changes[rootAt];
  assert.ok(['new', 'surging'].includes(rc.kind));
  assert.ok(rc.firstSeen && rc.firstSeen >= '2026-11-24T14:04' && rc.firstSeen < '2026-11-24T14:05', rc.firstSeen ?? 'none');
  assert.ok(body.changes[symptomAt].firstSeen! > rc.firstSeen);

  // A Grafana alert on the symptom (still firing: Go's zero endsAt) is explained by the cause.
  const alert = await fetch(`${url}/api/v1/explain-alert`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      labels: { alertname: 'CheckoutErrorRate', job: 'checkout', severity: 'critical' },
      annotations: { summary: 'checkout 5xx ratio above 5%' },
      startsAt: '2026-11-24T14:06:00Z',
      endsAt: '0001-01-01T00:00:00Z',
    }),
  });
  assert.equal(alert.status, 200);
  const explained = await alert.json();
  assert.deepEqual(explained.query.selectorHints, { job: 'checkout' });
  assert.ok(explained.query.window.start.startsWith('2026-11-24T13:51'));
  const firstCited = explained.citations.find((c: { n: number }) => c.n === 1);
  assert.ok(matches(GROUND_TRUTH.rootCause, firstCited), firstCited.line);
  assert.ok(explained.citations.some((c: (typeof r.citations)[number]) => matches(GROUND_TRUTH.symptoms, c)));
  await served.close();
  await app.close();
});
