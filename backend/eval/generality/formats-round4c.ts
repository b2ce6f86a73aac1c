// Generality set, round 4 (part 2 of 3; see formats-round4.ts): Cassandra's system.log and an
// Airflow task log. Written from the formats' documentation and real output before any miner
// change of round 4; untouched in round 4, tuned from round 5 on.
import { Gen, T, v, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------------------------
// 31. Cassandra 4.1 `system.log` (logback: `%-5level [%thread] %date{ISO8601} %F:%L - %msg%n`):
// compactions, memtable flushes, gossip, GC pauses, tombstone and batch warnings.

function cassTime(g: Gen): string {
  return new Date(g.now).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
}

function cass(g: Gen, level: string, thread: string, src: string, msg: Made): Made {
  return cat(T`${level.padEnd(5, ' ')} [${v(thread)}] ${v(cassTime(g))} ${src} - `, msg);
}

const CASS_TABLES = ['orders', 'carts', 'sessions', 'products'];
const cassDir = (g: Gen, ks: string, t: string) => `/var/lib/cassandra/data/${ks}/${t}-${g.hex(32)}`;
const mib = (g: Gen, lo: number, hi: number) => `${g.float(lo, hi, 3)}MiB`;
const thousands = (n: number) => n.toLocaleString('en-US');

function cassCompaction(g: Gen): Made[] {
  const t = g.pick(CASS_TABLES);
  const dir = cassDir(g, 'shop', t);
  const id = `${g.hex(8)}-28a6-11ef-${g.hex(4)}-${g.hex(12)}`;
  const n = g.int(2, 4);
  const gen = g.int(10, 900);
  const thread = `CompactionExecutor:${g.int(1, 8)}`;
  const files = Array.from({ length: n }, (_, i) => `${dir}/nb-${gen + i}-big-Data.db:level=0`).join(', ');
  const parts = g.int(1000, 90000);
  return [
    cass(g, 'INFO', thread, 'CompactionTask.java:167', T`Compacting (${v(id)}) [${v(files)}, ]`),
    cass(
      g,
      'INFO',
      thread,
      'CompactionTask.java:253',
      T`Compacted (${v(id)}) ${v(n)} sstables to [${v(`${dir}/nb-${gen + n}-big`)},] to level=${v(0)}.  ${v(mib(g, 1, 900))} to ${v(mib(g, 1, 900))} (~${v(g.int(40, 99))}% of original) in ${v(thousands(g.int(50, 90000)))}ms.  Read Throughput = ${v(mib(g, 1, 90))}/s, Write Throughput = ${v(mib(g, 1, 90))}/s, Row Throughput = ~${v(thousands(g.int(100, 90000)))}/s.  ${v(thousands(parts))} total partitions merged to ${v(thousands(parts - g.int(0, 900)))}.  Partition merge counts were {${v(`1:${g.int(900, 9000)}, 2:${g.int(1, 900)}, `)}}. Time spent writing keys = ${v(thousands(g.int(10, 9000)))}ms`
    ),
  ];
}

function cassFlush(g: Gen): Made[] {
  const t = g.pick(CASS_TABLES);
  const thread = `MemtableFlushWriter:${g.int(1, 4)}`;
  return [
    cass(
      g,
      'INFO',
      `NativePoolCleaner`,
      'ColumnFamilyStore.java:1044',
      T`Enqueuing flush of ${v(`shop.${t}`)}, Reason: ${v(g.pickSkewed(['MEMTABLE_LIMIT', 'COMMITLOG_DIRTY', 'SNAPSHOT']))}, Usage: ${v(mib(g, 1, 90))} (${v(g.int(0, 30))}%) on-heap, ${v('0.000KiB')} (${v(0)}%) off-heap`
    ),
    cass(
      g,
      'INFO',
      thread,
      'Flushing.java:153',
      T`Writing Memtable-${v(t)}@${v(g.int(1e8, 2e9))}(${v(mib(g, 1, 90))} serialized bytes, ${v(g.int(10, 90000))} ops, ${v(g.int(0, 30))}%/${v(0)}% of on/off-heap limit), flushed range = (min(-9223372036854775808), max(9223372036854775807)]`
    ),
    cass(
      g,
      'INFO',
      thread,
      'Flushing.java:179',
      T`Completed flushing ${v(`${cassDir(g, 'shop', t)}/nb-${g.int(10, 900)}-big-Data.db`)} (${v(`${g.float(1, 900, 3)}KiB`)}) for commitlog position CommitLogPosition(segmentId=${v(g.int(1.718e12, 1.719e12))}, position=${v(g.int(100, 9e6))})`
    ),
  ];
}

const cassandra: FormatSpec = {
  name: 'cassandra',
  split: 'tuned',
  description:
    'Cassandra 4.1 system.log (logback, %-5level [%thread] %date %F:%L): compactions, flushes, gossip, GC, warnings',
  tickMs: 900,
  templates: [
    { w: 14, make: cassCompaction },
    { w: 10, make: cassFlush },
    {
      w: 10,
      make: (g) =>
        cass(
          g,
          'INFO',
          'Service Thread',
          'GCInspector.java:294',
          T`${v('G1 Young Generation')} GC in ${v(g.int(200, 900))}ms.  ${v(`G1 Eden Space: ${g.int(1e8, 9e8)} -> 0; G1 Old Gen: ${g.int(1e8, 9e8)} -> ${g.int(1e8, 9e8)}; G1 Survivor Space: ${g.int(1e6, 9e7)} -> ${g.int(1e6, 9e7)}; `)}`
        ),
    },
    {
      w: 6,
      make: (g) => {
        const ep = `/10.0.${g.int(1, 3)}.${g.int(10, 40)}:7000`;
        const t = `GossipStage:${g.int(1, 2)}`;
        return g.chance(0.5)
          ? [cass(g, 'INFO', t, 'Gossiper.java:1364', T`InetAddress ${v(ep)} is now DOWN`)]
          : [
              cass(g, 'INFO', t, 'Gossiper.java:1289', T`Node ${v(ep)} has restarted, now UP`),
              cass(g, 'INFO', t, 'StorageService.java:3080', T`Node ${v(ep)} state jump to NORMAL`),
              cass(g, 'INFO', t, 'Gossiper.java:1342', T`InetAddress ${v(ep)} is now UP`),
            ];
      },
    },
    {
      w: 6,
      make: (g) =>
        cass(
          g,
          'WARN',
          `ReadStage-${g.int(1, 32)}`,
          'ReadCommand.java:586',
          T`Read ${v(g.int(1, 5000))} live rows and ${v(g.int(1001, 90000))} tombstone cells for query ${v(`SELECT * FROM shop.${g.pick(['carts', 'sessions'])} WHERE user_id = ${g.int(1, 99999)} LIMIT 5000 ALLOW FILTERING`)}; token ${v(g.int(-9e18, 9e18))} (see tombstone_warn_threshold)`
        ),
    },
    {
      w: 5,
      make: (g) =>
        cass(
          g,
          'WARN',
          `Native-Transport-Requests-${g.int(1, 128)}`,
          'NoSpamLogger.java:108',
          T`Unlogged batch covering ${v(g.int(2, 90))} partitions detected against table [${v(`shop.${g.pick(CASS_TABLES)}`)}]. You should use a logged batch for atomicity, or asynchronous writes for performance.`
        ),
    },
    {
      w: 3,
      make: (g) =>
        cass(
          g,
          'WARN',
          `ScheduledTasks:1`,
          'NoSpamLogger.java:108',
          T`Some operations were slow, details available at debug level (debug.log)`
        ),
    },
    {
      w: 3,
      make: (g) =>
        cass(
          g,
          'INFO',
          `IndexSummaryManager:1`,
          'IndexSummaryRedistribution.java:78',
          T`Redistributing index summaries`
        ),
    },
    {
      w: 2,
      make: (g) =>
        cass(
          g,
          'ERROR',
          `Native-Transport-Requests-${g.int(1, 128)}`,
          'ErrorMessage.java:457',
          T`Unexpected exception during request; channel = [id: 0x${v(g.hex(8))}, L:/${v(`10.0.1.${g.int(10, 40)}:9042`)} ! R:/${v(`${g.privateIp()}:${g.int(30000, 60000)}`)}]`
        ),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 32. Apache Airflow 2.9 task log (FileTaskHandler): `[%(asctime)s] {%(filename)s:%(lineno)d}
// %(levelname)s - %(message)s`, a task's run from dependency checks to its end, user code lines,
// and a failure's traceback line by line.

function afTime(g: Gen): string {
  const d = new Date(g.now);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}, ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC`;
}

function af(g: Gen, src: string, level: string, msg: Made): Made {
  return cat(T`[${v(afTime(g))}] {${src}} ${level} - `, msg);
}

const AF_TASKS: Array<[string, string, string]> = [
  ['etl_orders', 'extract', 'PythonOperator'],
  ['etl_orders', 'load_warehouse', 'SQLExecuteQueryOperator'],
  ['sync_inventory', 'fetch_stock', 'PythonOperator'],
  ['reports_daily', 'render_report', 'BashOperator'],
];

function afRun(g: Gen): Made[] {
  const [dag, task, op] = g.pick(AF_TASKS);
  const d = new Date(g.now - 3600_000);
  const logical = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:00:00+00:00`;
  const run = `scheduled__${logical}`;
  const job = g.int(1000, 99999);
  const tries = g.int(1, 3);
  const fail = g.chance(0.15);
  const out: Made[] = [
    af(
      g,
      'taskinstance.py:2076',
      'INFO',
      T`Dependencies all met for dep_context=${v('non-requeueable deps')} ti=<TaskInstance: ${v(`${dag}.${task}`)} ${v(run)} [${v('queued')}]>`
    ),
    af(g, 'taskinstance.py:2306', 'INFO', T`Starting attempt ${v(tries)} of ${v(3)}`),
    af(g, 'taskinstance.py:2330', 'INFO', T`Executing <Task(${v(op)}): ${v(task)}> on ${v(logical.replace('T', ' '))}`),
    af(g, 'standard_task_runner.py:63', 'INFO', T`Started process ${v(g.int(100, 99999))} to run task`),
    af(
      g,
      'standard_task_runner.py:90',
      'INFO',
      T`Running: ${v(`['airflow', 'tasks', 'run', '${dag}', '${task}', '${run}', '--job-id', '${job}', '--raw', '--subdir', 'DAGS_FOLDER/${dag}.py', '--cfg-path', '/tmp/tmp${g.alnum(8, 'abcdefghijklmnopqrstuvwxyz0123456789_')}']`)}`
    ),
    af(g, 'standard_task_runner.py:91', 'INFO', T`Job ${v(job)}: Subtask ${v(task)}`),
    af(
      g,
      'task_command.py:426',
      'INFO',
      T`Running <TaskInstance: ${v(`${dag}.${task}`)} ${v(run)} [${v('running')}]> on host ${v(`airflow-worker-${g.int(0, 2)}.airflow-worker.airflow.svc.cluster.local`)}`
    ),
    af(
      g,
      'taskinstance.py:2648',
      'INFO',
      T`Exporting env vars: ${v(`AIRFLOW_CTX_DAG_OWNER='data-eng' AIRFLOW_CTX_DAG_ID='${dag}' AIRFLOW_CTX_TASK_ID='${task}' AIRFLOW_CTX_EXECUTION_DATE='${logical}' AIRFLOW_CTX_TRY_NUMBER='${tries}' AIRFLOW_CTX_DAG_RUN_ID='${run}'`)}`
    ),
  ];
  if (op === 'SQLExecuteQueryOperator') {
    out.push(
      af(g, 'base.py:84', 'INFO', T`Using connection ID '${v('warehouse_pg')}' for task execution.`),
      af(
        g,
        'sql.py:470',
        'INFO',
        T`Running statement: ${v(`INSERT INTO dw.orders_daily SELECT * FROM staging.orders WHERE day = '${logical.slice(0, 10)}'`)}, parameters: ${v('None')}`
      ),
      af(g, 'sql.py:479', 'INFO', T`Rows affected: ${v(g.int(0, 90000))}`)
    );
  } else if (op === 'BashOperator') {
    out.push(
      af(g, 'subprocess.py:63', 'INFO', T`Tmp dir root location: ${v('/tmp')}`),
      af(
        g,
        'subprocess.py:75',
        'INFO',
        T`Running command: ${v(`['/usr/bin/bash', '-c', 'python /opt/reports/render.py --day ${logical.slice(0, 10)}']`)}`
      ),
      af(g, 'subprocess.py:86', 'INFO', T`Output:`),
      af(
        g,
        'subprocess.py:93',
        'INFO',
        T`${v(`rendered ${g.int(3, 40)} pages to /data/reports/${logical.slice(0, 10)}.pdf`)}`
      ),
      af(g, 'subprocess.py:97', 'INFO', T`Command exited with return code ${v(0)}`)
    );
  } else {
    out.push(
      af(
        g,
        `${dag}.py:${task === 'extract' ? 42 : 57}`,
        'INFO',
        task === 'extract'
          ? T`Extracted ${v(g.int(0, 90000))} rows from ${v('orders')} since ${v(`${logical.slice(0, 10)} ${p2(g.int(0, 23))}:00:00`)}`
          : T`Fetched stock for ${v(g.int(1, 9000))} SKUs from ${v(g.pick(['warehouse-eu', 'warehouse-us']))}`
      )
    );
  }
  if (fail) {
    const file = `/opt/airflow/dags/${dag}.py`;
    const exc = g.pick([
      [
        'requests.exceptions.HTTPError',
        '503 Server Error: Service Unavailable for url: https://stock.example.com/api/v2/levels',
      ],
      [
        'psycopg2.OperationalError',
        'connection to server at "pg.internal" (10.0.3.7), port 5432 failed: timeout expired',
      ],
    ]);
    out.push(
      af(g, 'taskinstance.py:2905', 'ERROR', T`Task failed with exception`),
      T`Traceback (most recent call last):`,
      T`  File "${v('/home/airflow/.local/lib/python3.11/site-packages/airflow/models/taskinstance.py')}", line ${v(465)}, in ${v('_execute_task')}`,
      T`    ${v('result = _execute_callable(context=context, **execute_callable_kwargs)')}`,
      T`  File "${v(file)}", line ${v(g.int(20, 90))}, in ${v(task)}`,
      T`    ${v(exc[0].startsWith('requests') ? 'resp.raise_for_status()' : 'conn = psycopg2.connect(dsn, connect_timeout=10)')}`,
      T`${v(exc[0])}: ${v(exc[1])}`,
      af(
        g,
        'taskinstance.py:1206',
        'INFO',
        T`Marking task as ${v(tries < 3 ? 'UP_FOR_RETRY' : 'FAILED')}. dag_id=${v(dag)}, task_id=${v(task)}, run_id=${v(run)}, execution_date=${v(logical.slice(0, 13).replace(/-/g, '') + '0000')}, start_date=${v('20240612T' + p2(g.int(0, 23)) + '0000')}, end_date=${v('20240612T' + p2(g.int(0, 23)) + '0005')}`
      ),
      af(
        g,
        'standard_task_runner.py:110',
        'ERROR',
        T`Failed to execute job ${v(job)} for task ${v(task)} (${v(exc[1].split(':')[0])}; ${v(g.int(100, 99999))})`
      ),
      af(g, 'local_task_job_runner.py:240', 'INFO', T`Task exited with return code ${v(1)}`)
    );
  } else {
    out.push(
      af(g, 'python.py:237', 'INFO', T`Done. Returned value was: ${v(g.pick(['None', String(g.int(0, 90000))]))}`),
      af(
        g,
        'taskinstance.py:1206',
        'INFO',
        T`Marking task as ${v('SUCCESS')}. dag_id=${v(dag)}, task_id=${v(task)}, run_id=${v(run)}, execution_date=${v(logical.slice(0, 13).replace(/-/g, '') + '0000')}, start_date=${v('20240612T' + p2(g.int(0, 23)) + '0000')}, end_date=${v('20240612T' + p2(g.int(0, 23)) + '0005')}`
      ),
      af(g, 'local_task_job_runner.py:240', 'INFO', T`Task exited with return code ${v(0)}`),
      af(
        g,
        'taskinstance.py:3498',
        'INFO',
        T`${v(g.int(0, 3))} downstream tasks scheduled from follow-on schedule check`
      )
    );
  }
  return out;
}

const airflow: FormatSpec = {
  name: 'airflow-task',
  split: 'tuned',
  description:
    'Airflow 2.9 task logs: dependency checks, runner, operators (Python, SQL, Bash), user code, tracebacks line by line',
  tickMs: 1500,
  templates: [{ w: 1, make: afRun }],
};

export const ROUND4_FORMATS_C: readonly FormatSpec[] = [cassandra, airflow];
