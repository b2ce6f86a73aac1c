// Generality set, round 7 (part 1 of 2; formats-round7b.ts holds the rest): formats written from
// their own documentation and real output before any miner change of round 7, untouched in round 7
// (scored once, README.md) and TUNED from round 8 on: round 8 reads their misses and tunes on them. None of them is
// in LogHub or in rounds 1-6: the JVM's unified GC log (G1), HashiCorp Nomad's JSON log, an AWS
// Application Load Balancer's access log, SQL Server's ERRORLOG.
//
// Truth conventions are README.md's: a template is one log statement, its parameters variables
// however few values they take; header fields are variables; text request lines are one template
// per method; structured lines are their message template plus their key set.
import { Gen, T, v, jsonLine, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';
import { ROUND7_FORMATS_B } from './formats-round7b.js';

// ---------------------------------------------------------------------------------------------
// 46. JDK 21 unified logging, `-Xlog:gc*,safepoint:file=gc.log:time,uptime,level,tags` with G1:
// `[time][uptime][level][tags padded] GC(n) ...`. The tag set is part of the statement (one call
// logs with one tag set). Each phase or region line (`Eden regions:`, `Pre Evacuate Collection
// Set:`) is its own statement: the JDK prints each with its own label, a reader reads them as
// different measurements. The pause's young-GC kind (`Normal`, `Concurrent Start`, `Prepare
// Mixed`, `Mixed`) and its cause (`G1 Evacuation Pause`, ...) are parameters of one statement,
// as is the safepoint's VM operation name.

/** The generator's clock start (gen-lib's Gen) less the JVM's 3.2 s of start-up before the first line. */
const JVM_START_MS = Date.UTC(2024, 5, 12, 10, 0, 0) - 3200;
/** The JVM's GC counter and uptime, per generator (a run of the generator starts a fresh JVM). */
const jvmState = new WeakMap<Gen, { gc: number; uptimeMs: number }>();
function jvm(g: Gen): { gc: number; uptimeMs: number } {
  let s = jvmState.get(g);
  if (!s) jvmState.set(g, (s = { gc: 0, uptimeMs: 0 }));
  return s;
}
const nextGc = (g: Gen) => ++jvm(g).gc;
const lastGc = (g: Gen) => jvm(g).gc;
function gcHead(g: Gen, level: string, tags: string): Made {
  const s = jvm(g);
  // uptime follows the clock (the JVM started 3.2 s before the first line); lines of one pause
  // are a few hundred microseconds apart
  s.uptimeMs = Math.max(s.uptimeMs + g.int(0, 2), g.now - JVM_START_MS);
  const off = new Date(g.now).toISOString().replace('Z', '+0000');
  return T`[${v(off)}][${v(`${(s.uptimeMs / 1000).toFixed(3)}s`)}][${level}][${tags.padEnd(12)}] `;
}
const gcLine = (g: Gen, level: string, tags: string, msg: Made): Made => cat(gcHead(g, level, tags), msg);
const gcN = (id: number) => v(id);
const MB = (g: Gen, lo: number, hi: number) => g.int(lo, hi);
const ms = (g: Gen, lo: number, hi: number) => g.float(lo, hi, 3);

const YOUNG_KINDS = ['Normal', 'Normal', 'Normal', 'Concurrent Start', 'Prepare Mixed', 'Mixed'];
const GC_CAUSES = ['G1 Evacuation Pause', 'G1 Evacuation Pause', 'G1 Humongous Allocation', 'Metadata GC Threshold', 'G1 Preventive Collection'];

function youngPause(g: Gen): Made[] {
  const id = nextGc(g);
  const kind = g.pickSkewed(YOUNG_KINDS);
  const cause = g.pickSkewed(GC_CAUSES);
  const heap = g.pick([256, 512, 1024, 2048]);
  const before = MB(g, heap / 4, heap - 8);
  const out: Made[] = [
    gcLine(g, 'info', 'gc,start', T`GC(${gcN(id)}) Pause Young (${v(kind)}) (${v(cause)})`),
    gcLine(g, 'info', 'gc,task', T`GC(${gcN(id)}) Using ${v(g.pick([2, 4, 8]))} workers of ${v(g.pick([4, 8]))} for evacuation`),
    gcLine(g, 'info', 'gc,phases', T`GC(${gcN(id)})   Pre Evacuate Collection Set: ${v(ms(g, 0, 0.5))}ms`),
    gcLine(g, 'info', 'gc,phases', T`GC(${gcN(id)})   Merge Heap Roots: ${v(ms(g, 0, 0.8))}ms`),
    gcLine(g, 'info', 'gc,phases', T`GC(${gcN(id)})   Evacuate Collection Set: ${v(ms(g, 0.5, 40))}ms`),
    gcLine(g, 'info', 'gc,phases', T`GC(${gcN(id)})   Post Evacuate Collection Set: ${v(ms(g, 0.1, 3))}ms`),
    gcLine(g, 'info', 'gc,phases', T`GC(${gcN(id)})   Other: ${v(ms(g, 0.1, 2))}ms`),
    gcLine(g, 'info', 'gc,heap', T`GC(${gcN(id)}) Eden regions: ${v(g.int(4, 200))}->${v(0)}(${v(g.int(4, 200))})`),
    gcLine(g, 'info', 'gc,heap', T`GC(${gcN(id)}) Survivor regions: ${v(g.int(0, 12))}->${v(g.int(1, 12))}(${v(g.int(2, 26))})`),
    gcLine(g, 'info', 'gc,heap', T`GC(${gcN(id)}) Old regions: ${v(g.int(10, 400))}->${v(g.int(10, 400))}`),
    gcLine(g, 'info', 'gc,heap', T`GC(${gcN(id)}) Humongous regions: ${v(g.int(0, 30))}->${v(g.int(0, 30))}`),
    gcLine(
      g,
      'info',
      'gc,metaspace',
      T`GC(${gcN(id)}) Metaspace: ${v(`${g.int(60000, 90000)}K(${g.int(90000, 95000)}K)`)}->${v(`${g.int(60000, 90000)}K(${g.int(90000, 95000)}K)`)} NonClass: ${v(`${g.int(50000, 70000)}K(${g.int(70000, 80000)}K)`)}->${v(`${g.int(50000, 70000)}K(${g.int(70000, 80000)}K)`)} Class: ${v(`${g.int(8000, 12000)}K(${g.int(12000, 15000)}K)`)}->${v(`${g.int(8000, 12000)}K(${g.int(12000, 15000)}K)`)}`
    ),
    gcLine(
      g,
      'info',
      'gc',
      T`GC(${gcN(id)}) Pause Young (${v(kind)}) (${v(cause)}) ${v(before)}M->${v(MB(g, 8, before))}M(${v(heap)}M) ${v(ms(g, 1, 60))}ms`
    ),
    gcLine(g, 'info', 'gc,cpu', T`GC(${gcN(id)}) User=${v(g.float(0, 0.2, 2))}s Sys=${v(g.float(0, 0.05, 2))}s Real=${v(g.float(0, 0.06, 2))}s`),
  ];
  // unified logging prints a subset when some tags are off in the selection (-Xlog:gc only): real
  // files mix full and short pauses
  return g.chance(0.4) ? [out[0], out[12], out[13]] : out;
}

function concurrentCycle(g: Gen): Made[] {
  const id = nextGc(g);
  const heap = g.pick([256, 512, 1024, 2048]);
  const a = MB(g, heap / 3, heap - 8);
  return [
    gcLine(g, 'info', 'gc', T`GC(${gcN(id)}) Concurrent Mark Cycle`),
    gcLine(g, 'info', 'gc,marking', T`GC(${gcN(id)}) Concurrent Clear Claimed Marks`),
    gcLine(g, 'info', 'gc,marking', T`GC(${gcN(id)}) Concurrent Clear Claimed Marks ${v(ms(g, 0, 0.2))}ms`),
    gcLine(g, 'info', 'gc,marking', T`GC(${gcN(id)}) Concurrent Scan Root Regions`),
    gcLine(g, 'info', 'gc,marking', T`GC(${gcN(id)}) Concurrent Scan Root Regions ${v(ms(g, 0.1, 9))}ms`),
    gcLine(g, 'info', 'gc,marking', T`GC(${gcN(id)}) Concurrent Mark`),
    gcLine(g, 'info', 'gc,marking', T`GC(${gcN(id)}) Concurrent Mark From Roots`),
    gcLine(g, 'info', 'gc,task', T`GC(${gcN(id)}) Using ${v(g.pick([1, 2]))} workers of ${v(g.pick([2, 4]))} for marking`),
    gcLine(g, 'info', 'gc,marking', T`GC(${gcN(id)}) Concurrent Mark From Roots ${v(ms(g, 5, 300))}ms`),
    gcLine(g, 'info', 'gc', T`GC(${gcN(id)}) Pause Remark ${v(a)}M->${v(MB(g, 8, a))}M(${v(heap)}M) ${v(ms(g, 1, 20))}ms`),
    gcLine(g, 'info', 'gc,cpu', T`GC(${gcN(id)}) User=${v(g.float(0, 0.05, 2))}s Sys=${v(g.float(0, 0.02, 2))}s Real=${v(g.float(0, 0.02, 2))}s`),
    gcLine(g, 'info', 'gc', T`GC(${gcN(id)}) Pause Cleanup ${v(a)}M->${v(a)}M(${v(heap)}M) ${v(ms(g, 0.05, 2))}ms`),
    gcLine(g, 'info', 'gc', T`GC(${gcN(id)}) Concurrent Mark Cycle ${v(ms(g, 20, 600))}ms`),
  ];
}

const SAFEPOINT_OPS = ['G1CollectForAllocation', 'G1CollectForAllocation', 'G1PauseRemark', 'G1PauseCleanup', 'ICBufferFull', 'HandshakeAllThreads', 'Cleanup'];

const jvmGc: FormatSpec = {
  name: 'jvm-gc-unified',
  split: 'tuned',
  description:
    'JDK 21 unified logging (-Xlog:gc*,safepoint with time,uptime,level,tags decorators), G1: young pauses with phases and regions, concurrent mark cycles, safepoints, humongous and to-space warnings',
  tickMs: 400,
  templates: [
    { w: 30, make: youngPause },
    { w: 6, make: concurrentCycle },
    {
      w: 40,
      make: (g) =>
        gcLine(
          g,
          'info',
          'safepoint',
          T`Safepoint "${v(g.pickSkewed(SAFEPOINT_OPS))}", Time since last: ${v(g.int(1000, 900000000))} ns, Reaching safepoint: ${v(g.int(1000, 900000))} ns, Cleanup: ${v(g.int(1000, 90000))} ns, At safepoint: ${v(g.int(1000, 90000000))} ns, Total: ${v(g.int(10000, 90000000))} ns`
        ),
    },
    {
      w: 3,
      make: (g) => {
        const id = nextGc(g);
        const heap = g.pick([256, 512, 1024]);
        return [
          gcLine(g, 'info', 'gc,start', T`GC(${gcN(id)}) Pause Full (${v(g.pick(['System.gc()', 'G1 Compaction Pause', 'Heap Dump Initiated GC']))})`),
          gcLine(g, 'info', 'gc,phases,start', T`GC(${gcN(id)}) Phase 1: Mark live objects`),
          gcLine(g, 'info', 'gc,phases', T`GC(${gcN(id)}) Phase 1: Mark live objects ${v(ms(g, 5, 200))}ms`),
          gcLine(g, 'info', 'gc,phases,start', T`GC(${gcN(id)}) Phase 2: Prepare for compaction`),
          gcLine(g, 'info', 'gc,phases', T`GC(${gcN(id)}) Phase 2: Prepare for compaction ${v(ms(g, 1, 50))}ms`),
          gcLine(g, 'info', 'gc,phases,start', T`GC(${gcN(id)}) Phase 3: Adjust pointers`),
          gcLine(g, 'info', 'gc,phases', T`GC(${gcN(id)}) Phase 3: Adjust pointers ${v(ms(g, 1, 80))}ms`),
          gcLine(g, 'info', 'gc,phases,start', T`GC(${gcN(id)}) Phase 4: Compact heap`),
          gcLine(g, 'info', 'gc,phases', T`GC(${gcN(id)}) Phase 4: Compact heap ${v(ms(g, 1, 120))}ms`),
          gcLine(g, 'info', 'gc', T`GC(${gcN(id)}) Pause Full (${v('System.gc()')}) ${v(g.int(100, heap))}M->${v(g.int(20, 100))}M(${v(heap)}M) ${v(ms(g, 20, 900))}ms`),
        ];
      },
    },
    {
      w: 4,
      make: (g) =>
        gcLine(
          g,
          'info',
          'gc,humongous',
          T`GC(${gcN(lastGc(g))}) Humongous object ${v(g.int(1, 2000))} size ${v(g.int(1048576, 33554432))} start ${v(`0x00000000${g.hex(8)}`)}  with remset ${v(g.int(0, 9))} code roots ${v(g.int(0, 3))} is marked ${v(g.int(0, 1))} reclaim candidate ${v(g.int(0, 1))} type array ${v(g.int(0, 1))}`
        ),
    },
    {
      w: 2,
      make: (g) => gcLine(g, 'info', 'gc,ergo', T`GC(${gcN(lastGc(g))}) Attempting maximal full compaction clearing soft references`),
    },
    {
      w: 2,
      make: (g) =>
        gcLine(
          g,
          'warning',
          'gc,alloc',
          T`${v(g.pick(['http-nio-8080-exec-3', 'kafka-producer-network-thread | producer-1', 'pool-2-thread-7', 'main']))} GC(${gcN(lastGc(g))}) Allocation Failure`
        ),
    },
    {
      w: 2,
      make: (g) =>
        gcLine(g, 'info', 'gc,heap,exit', T`Heap`),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 47. HashiCorp Nomad 1.7 client + server agent with `log_json = true`: hclog's JSON writer, keys
// sorted (`@level`, `@message`, `@module`, `@timestamp`, then the call's fields). The message is
// `@message`; the module is a field like any other (structured rule), the key set is part of the
// statement. consul-template's runner messages embed their parameters in the text.

function nomad(g: Gen, level: string, module: string, msg: Made, fields: Array<[string, unknown]>): Made {
  const all: Array<[string, unknown]> = [
    ['@level', level],
    ['@message', null],
    ['@module', module],
    ['@timestamp', new Date(g.now).toISOString().replace('Z', `${String(g.int(0, 999)).padStart(3, '0')}Z`)],
    ...[...fields].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
  ];
  return jsonLine(all, '@message', msg);
}
const TASKS = ['web', 'api', 'worker', 'redis', 'envoy-sidecar'];
const JOBS = ['shop-web', 'shop-api', 'payments', 'batch-reports', 'cache'];
const allocId = (g: Gen) => g.uuid();
const TASK_EVENTS: Array<[string, string]> = [
  ['Received', 'Task received by client'],
  ['Task Setup', 'Building Task Directory'],
  ['Driver', 'Downloading image'],
  ['Started', 'Task started by client'],
  ['Terminated', 'Exit Code: 0'],
  ['Killing', 'Sent interrupt. Waiting 5s before force killing'],
  ['Restarting', 'Task restarting in 16.841s'],
  ['Not Restarting', 'Exceeded allowed attempts 2 in interval 30m0s and mode is "fail"'],
];

const nomadJson: FormatSpec = {
  name: 'nomad-json',
  split: 'tuned',
  description:
    "HashiCorp Nomad 1.7 agent with log_json (hclog JSON, sorted keys): task events, Docker driver, scheduler workers, plans, heartbeats, RPC errors, consul-template renders, GC",
  tickMs: 700,
  templates: [
    {
      w: 18,
      make: (g) => {
        const [type, msg] = g.pickSkewed(TASK_EVENTS);
        return nomad(g, 'info', 'client.alloc_runner.task_runner', T`Task event`, [
          ['alloc_id', allocId(g)],
          ['failed', type === 'Not Restarting'],
          ['msg', msg],
          ['task', g.pick(TASKS)],
          ['type', type],
        ]);
      },
    },
    {
      w: 10,
      make: (g) =>
        nomad(g, 'info', 'client.driver_mgr.docker', T`created container`, [
          ['container_id', g.hex(64)],
          ['driver', 'docker'],
        ]),
    },
    {
      w: 10,
      make: (g) =>
        nomad(g, 'info', 'client.driver_mgr.docker', T`started container`, [
          ['container_id', g.hex(64)],
          ['driver', 'docker'],
        ]),
    },
    {
      w: 4,
      make: (g) =>
        nomad(g, 'error', 'client.driver_mgr.docker', T`failed pulling container`, [
          ['driver', 'docker'],
          ['error', g.pick(['API error (404): manifest unknown', 'context deadline exceeded', 'API error (500): Get "https://registry.example.com/v2/": dial tcp 10.0.8.3:443: i/o timeout'])],
          ['image_ref', `registry.example.com/shop/${g.pick(JOBS)}:${g.pick(['v1.42.0', 'v1.42.1', 'latest', `sha-${g.hex(7)}`])}`],
        ]),
    },
    {
      w: 14,
      make: (g) =>
        nomad(g, 'debug', `worker.${g.pick(['service', 'batch'])}_sched`, T`reconciled current state with desired state`, [
          ['eval_id', g.uuid()],
          ['job_id', g.pick(JOBS)],
          ['namespace', g.pick(['default', 'prod'])],
          ['worker_id', g.uuid()],
          [
            'results',
            `Total changes: (place ${g.int(0, 3)}) (destructive 0) (inplace 0) (stop ${g.int(0, 2)}) (disconnect 0) (reconnect 0)\nDesired Changes for "${g.pick(TASKS)}": (place ${g.int(0, 3)}) (inplace 0) (destructive 0) (stop 0) (migrate 0) (ignore ${g.int(0, 5)}) (canary 0)`,
          ],
        ]),
    },
    {
      w: 8,
      make: (g) =>
        nomad(g, 'debug', 'worker', T`dequeued evaluation`, [
          ['eval_id', g.uuid()],
          ['type', g.pick(['service', 'batch', 'system'])],
          ['namespace', g.pick(['default', 'prod'])],
          ['job_id', g.pick(JOBS)],
          ['node_id', g.chance(0.5) ? '' : g.uuid()],
          ['triggered_by', g.pick(['job-register', 'node-update', 'alloc-failure', 'deployment-watcher'])],
          ['worker_id', g.uuid()],
        ]),
    },
    {
      w: 6,
      make: (g) =>
        nomad(g, 'debug', 'worker', T`setting eval status`, [
          ['eval_id', g.uuid()],
          ['job_id', g.pick(JOBS)],
          ['namespace', g.pick(['default', 'prod'])],
          ['status', g.pick(['complete', 'complete', 'blocked', 'failed'])],
          ['type', g.pick(['service', 'batch', 'system'])],
          ['worker_id', g.uuid()],
        ]),
    },
    {
      w: 12,
      make: (g) =>
        nomad(g, 'debug', 'http', T`request complete`, [
          ['duration', `${g.float(0.1, 900, 3)}${g.pick(['µs', 'ms'])}`],
          ['method', g.pickSkewed(['GET', 'GET', 'PUT', 'POST', 'DELETE'])],
          [
            'path',
            g.pick([
              `/v1/job/${g.pick(JOBS)}/allocations?index=${g.int(1000, 99999)}`,
              '/v1/jobs?namespace=*',
              `/v1/allocation/${g.uuid()}`,
              `/v1/client/fs/logs/${g.uuid()}?follow=true&task=${g.pick(TASKS)}&type=stderr`,
              '/v1/agent/health?type=client',
            ]),
          ],
        ]),
    },
    {
      w: 8,
      make: (g) =>
        nomad(
          g,
          'info',
          'agent',
          T`(runner) rendered "${v(g.pick(['(dynamic)', '/local/nginx.conf.tpl', '/local/app.env.tpl']))}" => "${v(`/opt/nomad/data/alloc/${g.uuid()}/${g.pick(TASKS)}/${g.pick(['secrets/env.vars', 'local/nginx.conf', 'local/app.env'])}`)}"`,
          []
        ),
    },
    {
      w: 6,
      make: (g) =>
        nomad(g, 'error', 'client.rpc', T`error performing RPC to server`, [
          ['error', g.pick(['rpc error: EOF', 'rpc error: failed to get conn: dial tcp 10.0.1.5:4647: i/o timeout', 'rpc error: No cluster leader'])],
          ['rpc', g.pick(['Node.UpdateAlloc', 'Node.GetClientAllocs', 'Node.UpdateStatus'])],
          ['server', `${g.pick(['10.0.1.5', '10.0.1.6', '10.0.1.7'])}:4647`],
        ]),
    },
    {
      w: 5,
      make: (g) =>
        nomad(g, 'info', 'client.gc', T`marking allocation for GC`, [['alloc_id', allocId(g)]]),
    },
    {
      w: 4,
      make: (g) =>
        nomad(g, 'info', 'client.gc', T`garbage collecting allocation`, [
          ['alloc_id', allocId(g)],
          ['reason', g.pick(['forced collection', 'new allocations and over max (50)', 'disk usage of 87 is over gc threshold of 80'])],
        ]),
    },
    {
      w: 4,
      make: (g) =>
        nomad(g, 'warn', 'nomad.heartbeat', T`node TTL expired`, [
          ['node_id', g.uuid()],
        ]),
    },
    {
      w: 3,
      make: (g) =>
        nomad(g, 'info', 'client.alloc_runner.task_runner.task_hook.logmon', T`plugin process exited`, [
          ['alloc_id', allocId(g)],
          ['path', '/usr/local/bin/nomad'],
          ['pid', g.int(1000, 99999)],
          ['task', g.pick(TASKS)],
        ]),
    },
    {
      w: 3,
      make: (g) =>
        nomad(g, 'warn', 'client.alloc_runner.task_runner', T`failed to kill task`, [
          ['alloc_id', allocId(g)],
          ['error', 'Failed to stop container: context deadline exceeded'],
          ['task', g.pick(TASKS)],
        ]),
    },
    {
      w: 3,
      make: (g) =>
        nomad(g, 'warn', 'nomad.raft', T`failed to contact`, [
          ['server-id', g.uuid()],
          ['time', `${g.float(0.5, 9, 6)}s`],
        ]),
    },
    {
      w: 2,
      make: (g) =>
        nomad(g, 'info', 'nomad.fsm', g.chance(0.7) ? T`deployment watcher: deployment ${v(g.uuid())} successful` : T`deployment watcher: deployment ${v(g.uuid())} failed due to progress deadline`, [
          ['namespace', g.pick(['default', 'prod'])],
        ]),
    },
  ],
};

export const ROUND7_FORMATS: readonly FormatSpec[] = [jvmGc, nomadJson, ...ROUND7_FORMATS_B];
