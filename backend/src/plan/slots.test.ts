import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEpochSlot, joinedKeys, joinedNames, tailNames } from './slots.js';

test('slot names: two typed words as one key, a compound key ending in the noun, aliases, epoch clocks', () => {
  assert.ok(joinedNames('applicablestate', ['applicable', 'state', 'package']));
  assert.ok(joinedNames('user_agent', ['top', 'user', 'agent']));
  assert.ok(!joinedNames('state', ['applicable', 'state']), 'one word is the plain key rule, not this one');
  assert.ok(tailNames('totalAltitude', 'altitude'));
  assert.ok(!tailNames('step_extsdm', 'extsdm'), 'a snake key is split, not read as a compound');
  assert.ok(!tailNames('maxid', 'id'), 'too short a tail names too many keys');
  assert.ok(joinedKeys(['user', 'agent']).includes('user_agent'));
  assert.ok(joinedKeys(['client', 'software', 'sent']).includes('user_agent'), 'the combined log format calls client software its user agent');
  assert.ok(isEpochSlot('int', '1072633140', '1143214291'));
  assert.ok(!isEpochSlot('int', '1077804742', '5'), 'a small number beside it: not a clock');
  assert.ok(!isEpochSlot('size', '1072633140', '1143214291'));
});
