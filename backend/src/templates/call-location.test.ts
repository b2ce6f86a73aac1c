// CALL_AT_LOCATION (mask.ts): a line that is a call and the source location it runs at (PHP-FPM's
// slow log) is one frame statement whatever the function. Fails on the round-7 code, which kept
// each function a word of its own template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, render } from './mask.js';
import { TemplateMiner } from './miner.js';

const masked = (line: string) => {
  const t = tokenize(line);
  return render(t.tokens, t.post);
};

test('CALL_AT_LOCATION: a frame line (address, call, file:line) masks to one value', () => {
  assert.equal(masked('[0x00007f3a2c01b2a8] curl_exec() /var/www/vendor/guzzle/src/Handler/CurlHandler.php:44'), '[<*>] <*>');
  assert.equal(masked('[0x00007f3a2c01b2a8] PDOStatement->execute() /var/www/src/Repo.php:120'), '[<*>] <*>');
  // not a frame: words around the call, or a location that is not a source file
  assert.equal(masked('Order 5 created (id 7) in file.go:12'), 'Order <*> created (id <*>) in file.go:<*>');
  assert.equal(masked('connect() host.example:5432'), 'connect() host.example:<*>');
});

test('CALL_AT_LOCATION: frames of different functions are one template', () => {
  const m = new TemplateMiner();
  const fns = ['curl_exec()', 'PDOStatement->execute()', 'GuzzleHttp\\Handler\\CurlHandler->__invoke()', 'sleep()', 'file_get_contents()'];
  const ids = fns.map((f, i) => m.add(`[0x00007f3a2c01b2${i}8] ${f} /var/www/html/src/File${i}.php:${40 + i}`).templateId);
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
});

test('RUBY_FRAME_LINE: Ruby backtrace lines are one frame statement whatever file, line or method', () => {
  const m = new TemplateMiner();
  const ids = [
    "app/controllers/checkouts_controller.rb:19:in `create'",
    "app/services/payment_service.rb:33:in `charge!'",
    "app/models/cart.rb:27:in `cached_total'",
    "/usr/local/bundle/gems/actionpack-7.1.3/lib/action_controller/metal/basic_implicit_render.rb:6:in `send_action'",
    "app/controllers/carts_controller.rb:8:in `block in show'",
    "app/models/cart.rb:12:in 'Cart#total'",
  ].map((l) => m.add(l).templateId);
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
});
