import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, render } from './mask.js';
import { TemplateMiner, alignable } from './miner.js';
import { defaultLoghubDir, loadDataset, loghubAvailable } from '../../eval/templates-data.js';

const masked = (line: string) => {
  const t = tokenize(line);
  return render(t.tokens, t.post);
};

test('masking: addresses, ids, times, paths, numbers, quantities', () => {
  const cases: Array<[string, string]> = [
    ['Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106', 'Receiving block blk_<*> src: /<*>:<*>'],
    ['connect to 192.168.0.1 failed', 'connect to <*> failed'],
    ['peer fe80::1:2:3 gone', 'peer <*> gone'],
    ['req 3f2b1c9e-1a2b-4c3d-8e9f-0123456789ab done', 'req <*> done'],
    ['mac 00:1a:2b:3c:4d:5e up', 'mac <*> up'],
    ['at 2024-05-01T12:00:03.123Z ok', 'at <*> ok'],
    ['connection from 1.2.3.4 () at Fri Jun 17 07:07:00 2005', 'connection from <*> (<*>) at <*>'],
    ['opened /var/log/app/server.log for writing', 'opened <*> for writing'],
    ['GET /v2/abc/servers/detail?all=True&x=1 HTTP/1.1', 'GET <*>'],
    ['dest: /10.0.0.1:50010 ok', 'dest: /<*>:<*> ok'],
    // `<` is a separator: the former `[<>~]?` prefix for Proxifier's `<1 sec` is not needed
    ['took 1.98 KB and lifetime <1 sec', 'took <*> and lifetime <<*>'],
    ['slept 250ms then 3s', 'slept <*> then <*>'],
    ['addr 0x7fa823a04400 mask=ffffffff', 'addr <*> mask=<*>'],
    ['uid=0 euid=0 tty=ssh ruser= rhost=host.example.com', 'uid=<*> euid=<*> tty=ssh ruser= rhost=host.example.com'],
    ['IRQs 3 4 5 6 7 10 11 12 set', 'IRQs <*> set'],
    ['Rect(0, 0 - 720, 1280)', 'Rect(<*>, <*> - <*>, <*>)'],
    ['illegal instruction......0', 'illegal instruction......<*>'],
    // names with a small index are constants
    ['Link Up on awdl0 via ssh2', 'Link Up on awdl0 via ssh2'],
  ];
  for (const [line, want] of cases) assert.equal(masked(line), want, line);
});

test('masking: adjacent list values fold into one variable token', () => {
  const a = tokenize('IRQs 3 4 5 set').tokens;
  const b = tokenize('IRQs 3 4 5 6 7 set').tokens;
  assert.equal(a.length, 3);
  assert.equal(b.length, 3);
  assert.equal(tokenize('from 10.0.0.1,10.0.0.2 ok').tokens.length, 3);
  // a list of indexed names is a value list too
  assert.equal(masked('cannot resolve an14 an15 an16 an17'), 'cannot resolve <*>');
  assert.equal(masked('cannot resolve an14 an15'), 'cannot resolve an14 an15');
  // separated by brackets or ':' they stay apart (host and port are two values)
  assert.equal(tokenize('to 10.0.0.1:80 ok').tokens.length, 4);
});

test('lines differing only in values share a template', () => {
  const m = new TemplateMiner();
  const a = m.add('Failed password for root from 10.0.0.1 port 22 ssh2');
  const b = m.add('Failed password for root from 10.0.0.2 port 2201 ssh2');
  assert.equal(a.templateId, b.templateId);
  assert.equal(b.template, 'Failed password for root from <*> port <*> ssh2');
  assert.equal(a.changed, true);
});

test('a word position becomes a variable after enough distinct values, and ids merge', () => {
  const m = new TemplateMiner();
  const users = ['root', 'admin', 'oracle', 'guest', 'test'];
  const ids = users.map((u) => m.add(`session opened for user ${u} by uid 0`).templateId);
  // below the threshold the words are kept apart (they could be an enum)
  assert.notEqual(ids[0], ids[1]);
  // afterwards every earlier id resolves to one template
  const live = new Set(ids.map((id) => m.resolve(id)));
  assert.equal(live.size, 1);
  assert.equal(m.template(ids[0]), 'session opened for user <*> by uid <*>');
  assert.equal(m.templates().length, 1);
  assert.equal(m.templates()[0].count, 5);
});

test('a small enum at one position stays separate (Up/Down, Failed/Accepted)', () => {
  const m = new TemplateMiner();
  const up = m.add('AirPort: Link Up on en0');
  const down = m.add('AirPort: Link Down on en0');
  const f = m.add('Failed password for alice from 1.1.1.1 port 1 ssh2');
  const acc = m.add('Accepted password for alice from 1.1.1.1 port 1 ssh2');
  assert.notEqual(m.resolve(up.templateId), m.resolve(down.templateId));
  assert.notEqual(m.resolve(f.templateId), m.resolve(acc.templateId));
  // and repeated lines keep their ids
  assert.equal(m.add('AirPort: Link Up on en0').templateId, up.templateId);
});

test('host names vary after two distinct values', () => {
  const m = new TemplateMiner();
  const a = m.add('a.example.com:80 open through proxy p.example.com:5070 HTTPS');
  const b = m.add('b.example.org:443 open through proxy p.example.com:5070 HTTPS');
  assert.equal(m.resolve(a.templateId), m.resolve(b.templateId));
});

test('different messages of one length stay apart', () => {
  const m = new TemplateMiner();
  const a = m.add('Starting job scheduler service now');
  const b = m.add('Disk quota exceeded for volume');
  assert.notEqual(a.templateId, b.templateId);
  assert.equal(m.templates().length, 2);
});

test('an optional value links templates of different lengths', () => {
  const m = new TemplateMiner();
  const a = m.add('h.example.com:80 close, 0 bytes sent, 0 bytes received, lifetime 00:01');
  const b = m.add('h.example.com:80 close, 1190 bytes (1.16 KB) sent, 12 bytes received, lifetime <1 sec');
  assert.equal(m.resolve(a.templateId), m.resolve(b.templateId));
  const c = m.add('synchronized to 10.0.0.1, stratum 3');
  const d = m.add('synchronized to LOCAL(0), stratum 10');
  assert.equal(m.resolve(c.templateId), m.resolve(d.templateId));
  // but extra words that are not glued to a value mark another message
  const e = m.add('Failed password for bob from 1.2.3.4 port 5 ssh2');
  const f = m.add('Failed password for invalid user bob from 1.2.3.4 port 5 ssh2');
  assert.notEqual(m.resolve(e.templateId), m.resolve(f.templateId));
});

test('alignable: explains gaps only with variables', () => {
  const t = (s: string) => tokenize(s).tokens;
  assert.equal(alignable(t('a b 1 c d'), t('a b c d'), 0.7), true);
  assert.equal(alignable(t('a b x c d'), t('a b c d'), 0.7), false);
  assert.equal(alignable(t('a 5 b'), t('x y z'), 0.7), false);
});

test('deterministic: same input, same ids, templates and state', () => {
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) {
    lines.push(`user u${i % 7}x logged in from 10.0.${i % 5}.${i % 250} after ${i} ms`);
    lines.push(
      `job ${['alpha', 'beta', 'gamma', 'delta', 'eps'][i % 5]} finished in ${i}s status ${i % 3 === 0 ? 'OK' : 'FAILED'}`
    );
  }
  const run = () => {
    const m = new TemplateMiner();
    const ids = lines.map((l) => m.add(l).templateId);
    return { ids: ids.map((id) => m.resolve(id)), state: JSON.stringify(m.toJSON()) };
  };
  const a = run();
  const b = run();
  assert.deepEqual(a.ids, b.ids);
  assert.equal(a.state, b.state);
});

test('toJSON/fromJSON: a restored miner continues exactly like the original', () => {
  const first = ['disk /dev/sda1 at 91% full', 'disk /dev/sdb2 at 95% full', 'cache miss for key k1 in 3 ms'];
  const more = ['disk /dev/sdc3 at 99% full', 'cache miss for key k9 in 12 ms', 'new message type here'];
  const a = new TemplateMiner();
  for (const l of first) a.add(l);
  const b = TemplateMiner.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  assert.deepEqual(b.templates(), a.templates());
  for (const l of more) assert.deepEqual(b.add(l), a.add(l));
  assert.deepEqual(b.toJSON(), a.toJSON());
});

test('empty and whitespace lines are handled', () => {
  const m = new TemplateMiner();
  const a = m.add('');
  const b = m.add('   ');
  assert.equal(a.templateId, b.templateId);
  assert.equal(a.template, '');
});

test('very long lines are cut to maxTokens, the tail one variable', () => {
  const m = new TemplateMiner({ maxTokens: 8 });
  const long = (k: string) =>
    `dump of ${k} follows ` +
    Array.from({ length: 5000 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}`).join(' ');
  const a = m.add(long('alpha'));
  assert.equal(a.template, 'dump of alpha follows wa wb wc <*>');
  const b = m.add('dump of alpha follows wa wb wc something else entirely here');
  assert.equal(b.templateId, a.templateId);
});

test('a state saved before known values and round-2 span kinds loads; stored ids keep their templates', async () => {
  const { readFileSync } = await import('node:fs');
  const fx = JSON.parse(readFileSync(new URL('./fixtures/miner-state-round1.json', import.meta.url), 'utf8')) as {
    lines: string[];
    ids: number[];
    templates: string[];
    state: Parameters<typeof TemplateMiner.fromJSON>[0];
  };
  assert.equal(fx.state.version, 3);
  assert.equal('knownValues' in fx.state, false);
  const m = TemplateMiner.fromJSON(fx.state);
  fx.ids.forEach((id, i) => assert.equal(m.template(id), fx.templates[i], `id ${id}`));
  // the same lines after the restart come back to the templates they had
  fx.lines.forEach((line, i) => assert.equal(m.resolve(m.add(line).templateId), m.resolve(fx.ids[i]), line));
  // and the state it writes now round-trips, known values included
  const again = TemplateMiner.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.deepEqual(again.toJSON(), m.toJSON());
});

test('known values learned from one statement survive a restart and decide a later one', () => {
  const a = new TemplateMiner();
  for (const u of ['deploy', 'ubuntu', 'root']) a.add(`host logind[8]: New session 4 of user ${u}.`);
  const b = TemplateMiner.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  for (const m of [a, b]) {
    const x = m.add('host sudo[9]: deploy : TTY=pts/0 ; USER=root');
    const y = m.add('host sudo[9]: ubuntu : TTY=pts/0 ; USER=root');
    assert.equal(m.resolve(x.templateId), m.resolve(y.templateId));
  }
  assert.deepEqual(b.toJSON(), a.toJSON());
});

test('structureVersion moves with every change of the saved state but a line count (LogHub-2k, JSON and logfmt lines)', { skip: loghubAvailable() ? false : `LogHub-2k not found at ${defaultLoghubDir()}` }, () => {
  // What a state without its counts says: TemplateRepo skips the write when the version stands still.
  const withoutCounts = (m: TemplateMiner) =>
    JSON.stringify(m.toJSON(), (k, v) => (k === 'count' ? undefined : (v as unknown)));
  const structured = Array.from({ length: 300 }, (_, i) =>
    i % 2
      ? JSON.stringify({ level: i % 7 ? 'info' : 'error', msg: `request ${i % 5 ? 'served' : 'failed'} in ${i} ms`, user: `u${i % 13}` })
      : `level=${i % 3 ? 'info' : 'warn'} msg="cache ${i % 4 ? 'hit' : 'miss'}" key=k${i} took=${i}ms`,
  );
  let still = 0;
  let moved = 0;
  for (const lines of [...['HDFS', 'Apache', 'OpenSSH', 'Zookeeper'].map((d) => loadDataset(d).map((l) => l.content)), structured]) {
    const m = new TemplateMiner({ structured: true });
    let version = m.structureVersion;
    let before = withoutCounts(m);
    for (const line of lines) {
      m.add(line);
      const after = withoutCounts(m);
      if (m.structureVersion === version) {
        assert.equal(after, before, `state changed beyond counts without a new version at ${JSON.stringify(line)}`);
        still++;
      } else moved++;
      version = m.structureVersion;
      before = after;
    }
  }
  assert.ok(still > 10 * moved, `most lines only count (${still} still, ${moved} moved)`);
});
