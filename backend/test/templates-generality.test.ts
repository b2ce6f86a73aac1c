// The generality set (eval/generality/): deterministic, large enough, split as its README says, and
// its ground truth consistent with its lines. Scores are printed by `npm run eval:templates`; this
// test checks the set itself and that every format is read as its kind of line, not the scores.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FORMATS, DEFAULT_LINES, digest, generateFormat } from '../eval/generality/generate.js';
import { parseStructured } from '../src/templates/structured.js';

/** Changing the generator changes the ground truth: update this only on purpose (README.md). */
const DIGEST = '123021f3ae4059537ba4923a445039171ef439f28eee0745eeea2a66feaf57d4';

test('generality set: 20+ formats, 2,000+ lines each, 5+ untouched, the same lines for the same seed', () => {
  assert.ok(FORMATS.length >= 20);
  assert.ok(FORMATS.filter((f) => f.split === 'untouched').length >= 5);
  assert.equal(new Set(FORMATS.map((f) => f.name)).size, FORMATS.length);
  assert.ok(DEFAULT_LINES >= 2000);
  assert.equal(digest(), DIGEST);
});

test('generality set: every line matches its truth template; structured formats parse by field', () => {
  const structured = new Set([
    'go-zap-json',
    'go-zerolog-json',
    'python-structlog-json',
    'logfmt',
    'k8s-events',
    'aws-audit-json',
    'node-pino-json',
    'apache-combined',
    'elasticsearch-json',
    'mongodb-json',
    'traefik-json',
    'serilog-clef',
    'caddy-json',
    'dockerd',
    'gitlab-sidekiq-json',
    'etcd',
    'log4j2-json',
    'grafana-logfmt',
    'nomad-json',
    'python-json-logger',
    'k8s-audit',
    'suricata-eve',
    'fortigate-kv',
    'vault-audit',
    'gcp-logging-json',
    'prometheus-server',
    'minio-json',
    'loki-logfmt',
    'nextcloud-json',
    'cilium-agent',
  ]);
  for (const f of FORMATS) {
    const lines = generateFormat(f, 300);
    assert.equal(lines.length, 300);
    for (const l of lines) {
      // the truth is the line with its parameters as <*>: every constant part is in the line, in order
      const parts = l.eventTemplate.split('<*>');
      let at = 0;
      for (const p of parts) {
        const i = l.content.indexOf(p, at);
        assert.ok(i >= 0, `${f.name}: "${p}" of ${l.eventTemplate} not in ${l.content}`);
        at = i + p.length;
      }
    }
    const parsed = lines.filter((l) => parseStructured(l.content) !== undefined).length;
    if (structured.has(f.name)) assert.ok(parsed >= 0.9 * lines.length, `${f.name}: ${parsed}/300 read by field`);
  }
});
