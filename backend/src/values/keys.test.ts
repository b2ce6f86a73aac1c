// Slot keys that name the entity the same way in every kind of line (round 5 of issue #12).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { IngestPipeline } from '../ingest/pipeline.js';
import { Store } from '../store/store.js';
import { TemplateRepo, templatesMigration } from '../templates/index.js';
import { extractValues } from './extract.js';
import { valuesKeysMigration, valuesMigration } from './migration.js';
import { ValueWriter } from './store.js';

const keys = (line: string, template?: string) => extractValues(line, template).map((v) => `${v.key}=${v.kind}:${v.text}`);

test('the host of a syslog header is `host`, whatever word sits beside it, also where the template keeps it constant', () => {
  assert.ok(keys('Jul  1 09:00:55 calvisitor-10-105-160-95 kernel[0]: en0: Supported channels 1 2 3').includes('host=id:calvisitor-10-105-160-95'));
  assert.ok(keys('Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for root from 173.234.31.186 port 38926 ssh2').includes('host=word:LabSZ'));
  // behind a relay's own prefix, and written host/relay
  assert.ok(keys('- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root').includes('host=id:dn228'));
  assert.ok(keys('- 1131566461 2005.11.09 eadmin1 Nov 9 12:01:01 src@eadmin1 crond(pam_unix)[4307]: session closed for user root').includes('host=word:eadmin1'));
  // not a header: a clock inside the message names no host
  assert.ok(!keys('job started Jul 1 09:00:55 worker-3 then stopped').some((k) => k.startsWith('host=')));
});

test('an address written "/ip:port" is named by the word before the slash, as "ip:port" is', () => {
  assert.deepEqual(keys('Receiving block blk_-160899 src: /10.250.19.102:54106 dest: /10.250.19.102:50010').slice(1), ['src=ipport:10.250.19.102:54106', 'dest=ipport:10.250.19.102:50010']);
  assert.ok(keys('Closed socket connection for client /10.10.34.12:33342 which had sessionid 0x14ed93111f2002b').includes('client=ipport:10.10.34.12:33342'));
  assert.ok(keys('Closed socket connection for client /10.10.34.12:33342 (no session established for client)').includes('client=ipport:10.10.34.12:33342'));
  // a slash inside a token is the token's ("host/ip:port"): no key taken from past it
  assert.ok(!keys('Connecting to ResourceManager at msra-sa-41/10.190.173.170:8030').includes('at=ipport:10.190.173.170:8030'));
});

test('a value restated in brackets takes the key of the value it restates; host names with digits are one host', () => {
  assert.deepEqual(keys('connection from 24.54.76.216 (24-54-76-216.bflony.adelphia.net) at Fri Jun 17 07:07:00 2005'), ['from=ip:24.54.76.216', 'from=host:24-54-76-216.bflony.adelphia.net', '=int:2005']);
  assert.deepEqual(keys('Authentication failed from host.example.org (10.1.2.3): Software caused connection abort'), ['from=host:host.example.org', 'from=ip:10.1.2.3']);
});

test('a store written with the old keys is read again by the keys migration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-keys-'));
  const store = Store.open(join(dir, 'x.db'), { migrations: [templatesMigration, valuesMigration] });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  const p = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60_000_000_000n }, { tagger });
  const lines = ['Closed socket connection for client /10.10.34.12:33342 which had sessionid 0x14ed93111f2002b', 'Jul  1 09:00:55 mac-7 kernel[0]: wake'];
  p.ingest('test', lines.map((line, i) => ({ tenant: 't', labels: { job: 'x' }, tsNs: 1_000_000_000n * BigInt(i + 1), line })));
  // what a store written before the migration holds: the old keys
  store.db.prepare("UPDATE value_slots SET key = 'which' WHERE key = 'client'").run();
  store.db.prepare("UPDATE value_slots SET key = 'kernel' WHERE key = 'host'").run();
  const read = () => store.db.prepare('SELECT key, text FROM entry_values ORDER BY entry_id, pos').all().map((r) => `${(r as { key: string }).key}=${(r as { text: string }).text}`);
  assert.ok(read().includes('which=10.10.34.12:33342'));
  store.close();
  const again = Store.open(join(dir, 'x.db'), { migrations: [templatesMigration, valuesMigration, valuesKeysMigration] });
  const now = again.db.prepare('SELECT key, text FROM entry_values ORDER BY entry_id, pos').all().map((r) => `${(r as { key: string }).key}=${(r as { text: string }).text}`);
  assert.ok(now.includes('client=10.10.34.12:33342'), now.join(' '));
  assert.ok(now.includes('host=mac-7'), now.join(' '));
  assert.ok(!now.some((k) => k.startsWith('which=') || k.startsWith('kernel=mac')), now.join(' '));
  again.close();
});
