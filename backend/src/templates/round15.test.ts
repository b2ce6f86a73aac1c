// Round 15's rule (README.md of eval/generality): two words that alternate at one position, all
// else equal, in SPREAD_STATEMENTS groups, one of them an identifier, are values of a shared
// parameter (VALUES_ACROSS_STATEMENTS, value-spread.ts). Each test but the reload one fails with
// its constant off (SPREAD_STATEMENTS at 2, IDENTIFIER_PAIRS false).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';

const ha = (n: number, level: string, logger: string, msg: string) =>
  `2024-06-12 10:00:0${n % 10}.${100 + n} ${level} (MainThread) [${logger}] ${msg}`;

const addr = (ip: string) =>
  `[AddrInfo(family=<AddressFamily.AF_INET: 2>, type=<SocketKind.SOCK_STREAM: 1>, proto=6, sockaddr=IPv4Sockaddr(address='${ip}', port=6053))]`;

/** Home Assistant's ESPHome lines: two devices (below variableAfter), three statements. */
function devices(): string[] {
  const lines: string[] = [];
  for (let round = 0; round < 2; round++) {
    ['garage-door', 'bedroom-climate'].forEach((d, i) => {
      const ip = `192.168.1.${64 + 3 * i}`;
      const n = round * 2 + i;
      lines.push(ha(n, 'INFO', 'homeassistant.components.esphome.manager', `Successfully connected to ${d} @ ${ip} in 0.${500 + n}s`));
      lines.push(ha(n, 'WARNING', 'aioesphomeapi.reconnect_logic', `Can't connect to ESPHome API for ${d} @ ${ip}: Timeout while connecting to ${addr(ip)} (SocketAPIError)`));
      lines.push(ha(n, 'WARNING', 'aioesphomeapi.reconnect_logic', `Can't connect to ESPHome API for ${d} @ ${ip}: Error connecting to ${addr(ip)}: [Errno 113] Connect call failed ('${ip}', 6053) (TimeoutAPIError)`));
    });
  }
  return lines;
}

/** Each line's template once the whole stream is mined (a rule may decide only at its end). */
function count(miner: TemplateMiner, lines: readonly string[]): Set<number> {
  for (const l of lines) miner.add(l);
  return new Set(lines.map((l) => miner.resolve(miner.add(l).templateId)));
}

test('VALUES_ACROSS_STATEMENTS: two devices alternating in three statements are values of each', () => {
  const miner = new TemplateMiner();
  const lines = devices();
  const ids = count(miner, lines);
  assert.equal(ids.size, 3, 'one template per statement, the device a variable');
  const t = miner.template(miner.resolve(miner.add(lines[0]).templateId))!;
  assert.match(t, /Successfully connected to <\*> @ <\*>/);
});

test('SPREAD_STATEMENTS: a pair alternating in two groups only stays words', () => {
  const lines = devices().filter((_, i) => i % 3 !== 2);
  const ids = count(new TemplateMiner(), lines);
  assert.equal(ids.size, 4, 'two statements, each split by device');
});

test('IDENTIFIER_PAIRS: plain words alternating in three groups stay words (ceph dispatch | finished)', () => {
  const plain = devices().map((l) => l.replaceAll('garage-door', 'dispatch').replaceAll('bedroom-climate', 'finished'));
  const ids = count(new TemplateMiner(), plain);
  assert.equal(ids.size, 6, 'no word of the pair is written as an identifier');
  // an all-caps word is no identifier either (BGL's levels INFO | FATAL)
  const caps = devices().map((l) => l.replaceAll('garage-door', 'INFO').replaceAll('bedroom-climate', 'FATAL'));
  assert.equal(count(new TemplateMiner(), caps).size, 6, 'INFO and FATAL stay words');
});

test('VALUES_ACROSS_STATEMENTS: a miner saved and reloaded mid-stream ends as one that stayed in memory', () => {
  const lines = devices();
  const whole = new TemplateMiner();
  for (const l of lines) whole.add(l);
  for (const cut of [1, 2, 3, 4, 5]) {
    let m = new TemplateMiner();
    lines.slice(0, cut).forEach((l) => m.add(l));
    m = TemplateMiner.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    lines.slice(cut).forEach((l) => m.add(l));
    const a = lines.map((l) => whole.template(whole.resolve(whole.add(l).templateId)));
    const b = lines.map((l) => m.template(m.resolve(m.add(l).templateId)));
    assert.deepEqual(b, a, `cut at ${cut}`);
  }
});

test('COVARYING_PAIRS: a location whose file and function change together is one value (gitea handlers)', () => {
  const handlers = [
    'repo/view.go:1042(repo.Home)',
    'repo/githttp.go:532(repo.GetInfoRefs)',
    'repo/pull.go:1180(repo.ViewPullFiles)',
    'auth/auth.go:168(auth.SignIn)',
    'repo/issue.go:1377(repo.ViewIssue)',
  ];
  const lines = handlers.flatMap((h, i) =>
    [0, 1].map(
      (k) =>
        `2024/06/12 10:00:0${i} ...eb/routing/logger.go:102:func1() [I] router: completed GET /web/page${i}${k} for 10.0.1.${40 + i}:0, 200 OK in ${10 + i}.${k}ms @ ${h}`
    )
  );
  const miner = new TemplateMiner();
  const ids = count(miner, lines);
  assert.equal(ids.size, 1, 'one statement, the handler a value');
  assert.match(miner.template([...ids][0])!, / @ <\*>/);
});

test('ECHOED_VALUES: a user written twice in a line is one parameter (jupyterhub failed spawns)', () => {
  const users = ['dmitri', 'alice', 'guo', 'erin', 'farah'];
  const lines = users.map(
    (u, i) =>
      `[E 2024-06-12 10:0${i}:24.489 JupyterHub user:884] Unhandled error starting ${u}'s server: pod jhub/jupyter-${u} did not start in 300 seconds!`
  );
  const miner = new TemplateMiner();
  const ids = count(miner, lines);
  assert.equal(ids.size, 1, 'one statement whatever the user');
  assert.match(miner.template([...ids][0])!, /starting <\*>'s server: pod jhub\/jupyter-<\*> did not start/);
});
