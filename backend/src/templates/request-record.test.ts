import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';

test('REQUEST_LINE_RECORD: an access record is one template per method, whatever its last field', () => {
  const m = new TemplateMiner();
  const mimes = ['text/html', 'application/ocsp-response', 'text/plain', 'application/octet-stream', '-'];
  const ids = new Map<string, Set<number>>();
  for (let i = 0; i < 40; i++) {
    const method = i % 4 === 0 ? 'POST' : 'GET';
    const line = `1718186400.${100 + i}   ${50 + i * 7} 10.1.${i}.128 TCP_MISS/200 ${1800 + i * 31} ${method} http://example${i % 3}.com/p/${i} - HIER_DIRECT/81.240.${i}.214 ${mimes[i % mimes.length]}`;
    const id = m.add(line).templateId;
    (ids.get(method) ?? ids.set(method, new Set()).get(method)!).add(id);
  }
  const get = new Set([...ids.get('GET')!].map((x) => m.resolve(x)));
  const post = new Set([...ids.get('POST')!].map((x) => m.resolve(x)));
  assert.equal(get.size, 1, [...get].map((x) => m.template(x)).join('\n'));
  assert.equal(post.size, 1);
  assert.notDeepEqual(get, post, 'the method names the statement');
});
