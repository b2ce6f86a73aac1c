import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';

test('RUBY_HASH_ARROW: a Ruby Hash after whitespace is one bracketed value, not a key= record', () => {
  const m = new TemplateMiner();
  const hashes = [
    '{"id"=>"9412"}',
    '{"page"=>"2", "category"=>"bags"}',
    '{"authenticity_token"=>"[FILTERED]", "cart_item"=>{"product_id"=>"77", "quantity"=>"1"}}',
    '{"authenticity_token"=>"[FILTERED]", "address"=>{"city"=>"Lyon"}, "id"=>"12"}',
    '{"page"=>"5", "category"=>"hats"}',
    '{"q"=>"red dress"}',
    '{"id"=>"31", "format"=>"json"}',
    '{"authenticity_token"=>"[FILTERED]", "address"=>{"city"=>"Porto"}, "id"=>"77"}',
  ];
  const ids = hashes.map((h, i) => m.add(`I, [2024-06-12T10:00:0${i}.277429 #9]  INFO -- : [28a5a34b-c73d-471e-89c6-59210d30df0${i}]   Parameters: ${h}`).templateId);
  const roots = new Set(ids.map((x) => m.resolve(x)));
  assert.equal(roots.size, 1, [...roots].map((x) => m.template(x)).join('\n'));
});
