// Round 5 of issue #12: an address's port asked by its kind, and a slot that holds one value in
// every line asked about (a single-host log's header host) never answers "which host".
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { IngestPipeline } from '../ingest/pipeline.js';
import { Store } from '../store/store.js';
import { TemplateRepo, templatesMigration } from '../templates/index.js';
import { valuesMigration } from '../values/migration.js';
import { ValueWriter } from '../values/store.js';
import { executePlan } from './execute.js';
import { Planner } from './planner.js';

const SEC = 1_000_000_000n;
const T0 = BigInt(Date.UTC(2026, 10, 24, 14, 0, 0)) * 1_000_000n;

function fixture(lines: string[]) {
  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-plan5-')), 'x.db'), { migrations: [templatesMigration, valuesMigration] });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  const p = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger });
  p.ingest('test', lines.map((line, i) => ({ tenant: 't', labels: { job: 'zk' }, tsNs: T0 + BigInt(i) * SEC, line })));
  const streamIds = store.streams('t').map((s) => s.id);
  const planner = new Planner(store.db);
  return async (question: string) => {
    const plan = await planner.plan({ tenant: 't', question, streamIds, asksForCause: false });
    return { plan, result: plan.route === 'exact' ? executePlan(store.db, plan) : undefined };
  };
}

test('"lowest port from <ip>", "which client port": the port of the ip:port slot, not another number of the line', async () => {
  const lines: string[] = [];
  const ports = [40061, 38211, 52139, 36934, 47001, 39120];
  ports.forEach((port, i) => lines.push(`INFO [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxnFactory@197] - Accepted socket connection from /10.10.34.${11 + (i % 2)}:${port}`));
  ['0x14ed93111f2002b', '0x14ed93111f2007c', '0x24ede63a01b000a'].forEach((s, i) =>
    lines.push(`INFO [CommitProcessor:1:NIOServerCnxn@617] - Established session ${s} with negotiated timeout ${10000 + i * 5000} for client /10.10.34.${20 + i}:${45000 + i}`),
  );
  const ask = fixture(lines);
  const low = await ask('lowest port a socket connection from 10.10.34.12 was accepted on?');
  assert.equal(low.plan.slot?.part, 'port', low.plan.reason);
  assert.equal(low.result?.value, 36934);
  const high = await ask('highest port of an accepted socket connection from 10.10.34.11?');
  assert.equal(high.result?.value, 52139, high.plan.reason);
  const port = await ask('which client port did session 0x14ed93111f2007c get?');
  assert.equal(port.result?.value, 45001, port.plan.reason);
  // "ip:port" asks for the address as written
  const whole = await ask('client ip:port for session 0x24ede63a01b000a?');
  assert.equal(whole.result?.value, '10.10.34.22:45002', whole.plan.reason);
});

test('a header host that is the same in every line asked about does not answer "which host"; the host the lines name does', async () => {
  const lines: string[] = [];
  const conns: [string, string][] = [
    ['24.54.76.216', '24-54-76-216.bflony.adelphia.net'],
    ['82.83.227.67', 'dsl-082-083-227-067.arcor-ip.net'],
    ['207.30.238.8', 'host8.topspot.net'],
    ['82.83.227.67', 'dsl-082-083-227-067.arcor-ip.net'],
    ['63.197.98.106', 'adsl-63-197-98-106.dsl.mtry01.pacbell.net'],
  ];
  conns.forEach(([ip, host], i) => lines.push(`Jun 17 07:07:0${i} combo ftpd[${29500 + i}]: connection from ${ip} (${host}) at Fri Jun 17 07:07:0${i} 2005`));
  const ask = fixture(lines);
  const host = await ask('which host name did the ftp connection from 207.30.238.8 resolve to?');
  assert.equal(host.result?.value, 'host8.topspot.net', host.plan.reason);
  const ip = await ask('what IP address does ftp client host dsl-082-083-227-067.arcor-ip.net have?');
  assert.equal(ip.result?.value, '82.83.227.67', ip.plan.reason);
  const top = await ask('which host opened the most ftp connections?');
  assert.equal(top.result?.value, 'dsl-082-083-227-067.arcor-ip.net', top.plan.reason);
});
