import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultLoghubDir, loghubAvailable } from '../../eval/templates-data.js';
import { stem } from './question.js';
import { hasStem, templateStems, templateWords, TemplateStems, TemplateStemsCache } from './words.js';

const dir = defaultLoghubDir();
const skip = loghubAvailable(dir) ? false : `LogHub-2k not found at ${dir}`;

/** Every LogHub-2k ground-truth template text (the EventTemplate column). */
function loghubTemplates(): string[] {
  return readdirSync(dir).flatMap((sys) => {
    const file = join(dir, sys, `${sys}_2k.log_templates.csv`);
    if (!existsSync(file)) return [];
    const text = readFileSync(file, 'utf8');
    return text.split('\n').slice(1).filter(Boolean).map((l) => l.slice(l.indexOf(',') + 1).replace(/^"|"$/g, ''));
  });
}

describe('TemplateStems', { skip }, () => {
  it('answers has() exactly as hasStem() over the stem set, for LogHub templates and words near theirs', () => {
    const templates = loghubTemplates();
    assert.ok(templates.length > 1000, `${templates.length} templates`);
    // Question words: each template word, one or two letters short, extended, its vowels dropped
    // (the abbreviation rule's side), and some the logs abbreviate.
    const words = new Set(['blk', 'msg', 'pkt', 'ssh', 'ftp', 'block', 'message', 'packet', 'ab', 'x']);
    for (const t of templates.slice(0, 400)) {
      for (const w of t.toLowerCase().match(/[a-z]+/g) ?? []) {
        for (const v of [w, w.slice(0, -1), w.slice(0, -2), `${w}s`, `${w}ed`, w[0] + w.slice(1).replace(/[aeiou]/g, '')]) if (v) words.add(stem(v));
      }
    }
    let checked = 0;
    let held = 0;
    for (const t of templates) {
      const fast = new TemplateStems(t);
      const stems = templateStems(templateWords(t), t);
      assert.deepEqual(fast.words, templateWords(t));
      assert.deepEqual(fast.stems, stems);
      for (const q of words) {
        const want = hasStem(stems, q);
        assert.equal(fast.has(q), want, `${JSON.stringify(q)} in ${JSON.stringify(t)}`);
        checked++;
        if (want) held++;
      }
    }
    // Both outcomes are exercised, and the rules beyond exact equality too.
    assert.ok(checked > 1_000_000 && held > 10_000, `${checked} checked, ${held} held`);
    const hdfs = new TemplateStems('Receiving block <*> src: <*> dest: <*>');
    assert.equal(hdfs.has('blk'), false, 'a question word never abbreviates a template word');
    assert.equal(new TemplateStems('BLK <*> freed').has(stem('block')), true, 'a template abbreviation meets the word');
    assert.equal(new TemplateStems('sshd started').has('ssh'), true, 'a template word one letter longer meets it');
  });

  it('the cache hands back the same object per text and starts over when full', () => {
    const cache = new TemplateStemsCache(2);
    const a = cache.of('a <*> b');
    assert.equal(cache.of('a <*> b'), a);
    cache.of('c <*>');
    cache.of('d <*>'); // full: starts over
    assert.notEqual(cache.of('a <*> b'), a);
  });
});
