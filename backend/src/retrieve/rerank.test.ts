import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReranker, orderByScore, relevanceFromLogits } from './rerank.js';

test('off by default, with one log line that says why', async () => {
  const lines: string[] = [];
  const r = await createReranker({}, (m) => lines.push(m));
  assert.equal(r, null);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^rerank: off \(no cross-encoder model/);
});

test('enabled without a usable model is an error, not a silent fallback', async () => {
  await assert.rejects(createReranker({ enabled: true }, () => {}), /modelDir/);
  await assert.rejects(createReranker({ enabled: true, modelDir: '/nonexistent' }, () => {}), /cross-encoder files missing/);
});

test('logits: [n,1] is the score, [n,2] ranks by relevant minus not-relevant', () => {
  assert.deepEqual(relevanceFromLogits(new Float32Array([2, -1]), [2, 1]), [2, -1]);
  assert.deepEqual(relevanceFromLogits(new Float32Array([0, 3, 1, -1]), [2, 2]), [3, -2]);
  assert.throws(() => relevanceFromLogits(new Float32Array(6), [2, 3]), /not classifier logits/);
});

test('orderByScore sorts best first and keeps input order on ties', () => {
  const ordered = orderByScore(['a', 'b', 'c'], [0.1, 0.9, 0.1]);
  assert.deepEqual(ordered.map((o) => o.item), ['b', 'a', 'c']);
  assert.deepEqual(ordered.map((o) => o.index), [1, 0, 2]);
});

// A real model is only reachable where someone has placed one (none can be provisioned here).
const modelDir = process.env.LOGLENS_RERANK_MODEL_DIR;
test('relevant passages outscore irrelevant ones', { skip: modelDir ? false : 'no cross-encoder model: set LOGLENS_RERANK_MODEL_DIR to a dir with model.onnx + tokenizer.json' }, async () => {
  const r = await createReranker({ enabled: true, modelDir }, () => {});
  assert.ok(r);
  try {
    const cases: Array<[string, string, string]> = [
      ['why are ssh logins failing', 'Failed password for invalid user admin from 10.0.0.1 port 22 ssh2', 'nginx: GET /index.html 200 512 bytes'],
      ['database connection errors', 'FATAL: remaining connection slots are reserved, too many clients already', 'user alice uploaded avatar.png'],
      ['out of memory', 'Killed process 4242 (java) total-vm:8GB anon-rss:6GB, OOM killer', 'cron: backup job completed in 12s'],
      ['disk is full', 'write failed: No space left on device (/var/lib/data)', 'TLS handshake completed with 10.2.3.4'],
    ];
    for (const [q, relevant, irrelevant] of cases) {
      const [s1, s2] = await r.rerank(q, [relevant, irrelevant]);
      assert.ok(s1 > s2, `${q}: ${s1} <= ${s2}`);
    }
  } finally {
    await r.close();
  }
});
