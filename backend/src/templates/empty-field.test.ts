// EMPTY_FIELD (align.ts, miner.ts linkAcrossLengths): a positional record writes an empty field as
// nothing between two separators (`10.0.0.5 -  12/Jun/...` against `10.0.0.5 - admin 12/Jun/...`):
// one statement. Fails on the round-7 code (two templates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './mask.js';
import { alignable } from './align.js';
import { TemplateMiner } from './miner.js';

const access = (ip: string, user: string, sec: number, path: string) =>
  `${ip} - ${user} 12/Jun/2024:10:00:${String(sec).padStart(2, '0')} +0000 "GET ${path}" 200`;

test('EMPTY_FIELD: an empty field (two separators, nothing between) aligns with a word there', () => {
  const empty = tokenize(access('10.2.47.86', '', 1, '/var/www/html/public/index.php')).tokens;
  const user = tokenize(access('10.2.76.77', 'admin', 2, '/var/www/html/cron.php')).tokens;
  assert.equal(alignable(empty, user, 0.7), true);
  assert.equal(alignable(user, empty, 0.7), true);
  // a word where the other side has one space is not an empty field
  const other = tokenize('10.2.47.86 - 12/Jun/2024:10:00:03 +0000 "GET /var/www/html/x.php" 200').tokens;
  assert.equal(alignable(other, user, 0.7), false);
  // nor an optional field at the line's end (LogHub OpenSSH keeps `rhost=<*>  user=root` apart)
  const a = tokenize('authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.188.10.180').tokens;
  const b = tokenize('authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.188.10.180  user=root').tokens;
  assert.equal(alignable(a, b, 0.7), false);
});

test('EMPTY_FIELD: access lines with and without a user are one template', () => {
  const m = new TemplateMiner();
  const ids = [
    m.add(access('10.2.47.86', '', 1, '/var/www/html/public/index.php')).templateId,
    m.add(access('10.2.47.87', '', 2, '/var/www/html/public/index.php?page=2')).templateId,
    m.add(access('10.2.76.77', 'admin', 3, '/var/www/html/wp-admin/admin-ajax.php')).templateId,
    m.add(access('10.2.76.78', 'admin', 4, '/var/www/html/cron.php')).templateId,
  ];
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1, JSON.stringify(m.templates()));
});
