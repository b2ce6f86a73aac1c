// Generality set, round 16: formats written from their own documentation and real output before
// any miner change of round 16, and UNTOUCHED: their per-format scores are printed only by
// `eval:templates --untouched` (README.md). None of them is in LogHub or in rounds 1-15: a Kafka
// Connect distributed worker, ScyllaDB in a container, a Phoenix (Elixir) application, GitLab
// Runner under systemd, FreeRADIUS' radius.log, Wazuh's alerts.log and Puppet agents via rsyslog.
//
// Truth conventions are README.md's: a template is one log statement, its parameters variables
// however few values they take; header fields are variables; a logger, program, source location
// or level written in a text line is part of the statement; `key=value` fields after a message
// follow the structured rule (keys constant, values variables); request lines one template per
// method; lines a printer writes over several lines (frames, exception lines) one statement each.
import { Gen, T, v, jsonLine, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
const hms = (d: Date) => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
const ms3 = (g: Gen) => p3(new Date(g.now).getUTCMilliseconds());
const clf = (g: Gen) => g.clf();

/** Java frames as the printer writes them, one statement each (`\tat <*>`). */
const frames = (xs: string[]): Made[] => xs.map((f) => T`\tat ${v(f)}`);

// ---------------------------------------------------------------------------------------------
// 107. Apache Kafka Connect 3.7 distributed worker (Confluent image, `connect-log4j.properties`
// with KIP-449's `[%d] %p %X{connector.context}%m (%c:%L)%n`), from the Kafka docs and issue
// threads with pasted worker logs. The connector context MDC (`[pg-orders-source|task-0] `,
// `...|task-0|offsets] `, `...|worker] `) is a header value, written only on connector threads;
// the logger and line at the end are part of the statement, as the level; a Kafka client's log
// context (`[Consumer clientId=.., groupId=..] `) is part of its message with its values
// variables. REST requests are logged by RestServer in NCSA form: one template per method.

const KC_SOURCES = ['pg-orders-source', 'mysql-inventory-source'];
const KC_SINKS = ['s3-sink-events', 'es-sink-orders', 'jdbc-sink-billing'];
const kcTime = (g: Gen) => `${ymd(new Date(g.now))} ${hms(new Date(g.now))},${ms3(g)}`;
function kc(g: Gen, lvl: string, ctx: string | null, msg: Made, logger: string): Made {
  return cat(T`[${v(kcTime(g))}] ${lvl} `, ctx === null ? T`` : T`[${v(ctx)}] `, msg, T` (${logger})`);
}
const kcTask = (g: Gen, names: string[]) => {
  const name = g.pick(names);
  const task = g.int(0, 2);
  return { name, task, id: `${name}-${task}`, ctx: `${name}|task-${task}` };
};
const consumerCtx = (name: string, task: number) => T`[Consumer clientId=${v(`connector-consumer-${name}-${task}`)}, groupId=${v(`connect-${name}`)}] `;
const WORKER_CTX = () => T`[Worker clientId=${v('connect-1')}, groupId=${v('connect-cluster')}] `;
const kcTopicFor = (name: string) => (name.startsWith('s3') ? 'events' : name.startsWith('es') ? 'orders.public.orders' : 'billing.invoices');
function kcRest(g: Gen, method: string, path: string, status: number, bytes: number, agent: string): Made {
  return kc(
    g,
    'INFO',
    null,
    T`${v(`10.0.${g.int(0, 3)}.${g.int(2, 250)}`)} - - [${v(clf(g))}] "${method} ${v(path)} HTTP/1.1" ${v(status)} ${v(bytes)} "-" "${v(agent)}" ${v(g.int(1, 240))}`,
    'org.apache.kafka.connect.runtime.rest.RestServer:62'
  );
}
const kafkaConnect: FormatSpec = {
  name: 'kafka-connect',
  split: 'tuned',
  description: 'Apache Kafka Connect 3.7 distributed worker (`[%d] %p %X{connector.context}%m (%c:%L)`): source offset commits, sink commits, Debezium and S3/Elasticsearch/JDBC connector lines, client log contexts, rebalances, REST requests per method, task failures with frames line by line',
  tickMs: 1500,
  templates: [
    {
      w: 14,
      make: (g) => {
        const t = kcTask(g, KC_SOURCES);
        return kc(g, 'INFO', `${t.ctx}|offsets`, T`WorkerSourceTask{id=${v(t.id)}} Committing offsets for ${v(g.int(1, 4000))} acknowledged messages`, 'org.apache.kafka.connect.runtime.WorkerSourceTask:233');
      },
    },
    {
      w: 5,
      make: (g) => {
        const t = kcTask(g, KC_SOURCES);
        return kc(g, 'INFO', `${t.ctx}|offsets`, T`WorkerSourceTask{id=${v(t.id)}} Either no records were produced by the task since the last offset commit, or every record has been filtered out by a transformation or dropped due to transformation or conversion errors.`, 'org.apache.kafka.connect.runtime.WorkerSourceTask:220');
      },
    },
    {
      w: 9,
      make: (g) => {
        const t = kcTask(g, KC_SOURCES);
        const lsn = g.int(380000000, 399999999);
        const offset = t.name.startsWith('pg')
          ? `{transaction_id=null, lsn_proc=${lsn}, messageType=${g.pick(['INSERT', 'UPDATE', 'UPDATE', 'DELETE'])}, lsn_commit=${lsn - g.int(0, 400)}, lsn=${lsn}, txId=${g.int(812000, 899999)}, ts_usec=${g.now}${g.int(100, 999)}}`
          : `{transaction_id=null, ts_sec=${Math.floor(g.now / 1000)}, file=mysql-bin.${String(g.int(120, 140)).padStart(6, '0')}, pos=${g.int(4, 99999999)}, row=1, server_id=${g.int(1, 3)}, event=${g.int(1, 9)}}`;
        const server = t.name.startsWith('pg') ? 'orders' : 'inventory';
        return kc(g, 'INFO', t.ctx, T`${v(g.int(1, 5000))} records sent during previous ${v(`00:0${g.int(0, 1)}:${p2(g.int(0, 59))}.${g.int(100, 999)}`)}, last recorded offset of {server=${v(server)}} partition is ${v(offset)}`, 'io.debezium.connector.common.BaseSourceTask:213');
      },
    },
    {
      w: 9,
      make: (g) => {
        const t = kcTask(g, KC_SINKS);
        const topic = kcTopicFor(t.name);
        const parts = Array.from({ length: g.int(1, 3) }, () => `${topic}-${g.int(0, 11)}=OffsetAndMetadata{offset=${g.int(100000, 9999999)}, leaderEpoch=null, metadata=''}`);
        return kc(g, 'INFO', t.ctx, T`WorkerSinkTask{id=${v(t.id)}} Committing offsets asynchronously using sequence number ${v(g.int(1, 9000))}: ${v(`{${parts.join(', ')}}`)}`, 'org.apache.kafka.connect.runtime.WorkerSinkTask:353');
      },
    },
    {
      w: 7,
      make: (g) => {
        const task = g.int(0, 2);
        const part = g.int(0, 11);
        const off = g.int(100000, 9999999);
        return [
          kc(g, 'INFO', `s3-sink-events|task-${task}`, T`Starting commit and rotation for topic partition ${v(`events-${part}`)} with start offset ${v(`{partition=${part}=${off}}`)}`, 'io.confluent.connect.s3.TopicPartitionWriter:384'),
          kc(g, 'INFO', `s3-sink-events|task-${task}`, T`Files committed to S3. Target commit offset for ${v(`events-${part}`)} is ${v(off + g.int(100, 5000))}`, 'io.confluent.connect.s3.TopicPartitionWriter:660'),
        ];
      },
    },
    {
      w: 2,
      make: (g) => {
        const t = kcTask(g, KC_SINKS);
        const part = g.int(0, 11);
        return kc(
          g,
          'INFO',
          t.ctx,
          cat(consumerCtx(t.name, t.task), T`Resetting offset for partition ${v(`${kcTopicFor(t.name)}-${part}`)} to position ${v(`FetchPosition{offset=${g.int(1000, 9999999)}, offsetEpoch=Optional.empty, currentLeader=LeaderAndEpoch{leader=Optional[kafka-${g.int(0, 2)}.kafka-headless:9092 (id: ${g.int(0, 2)} rack: null)], epoch=${g.int(3, 40)}}}`)}.`),
          'org.apache.kafka.clients.consumer.internals.SubscriptionState:398'
        );
      },
    },
    {
      w: 2.5,
      make: (g) => {
        const task = g.int(0, 2);
        const err = g.pick([
          "'java.net.SocketTimeoutException: 30,000 milliseconds timeout on connection http-outgoing-" + g.int(0, 40) + " [ACTIVE]'",
          "'java.net.ConnectException: Timeout connecting to [elasticsearch-master/10.0.2." + g.int(2, 250) + ":9200]'",
          "'org.elasticsearch.client.ResponseException: method [POST], host [https://elasticsearch-master:9200], URI [/_bulk?timeout=1m], status line [HTTP/1.1 429 Too Many Requests]'",
        ]);
        const attempt = g.int(1, 5);
        return kc(g, 'WARN', `es-sink-orders|task-${task}`, T`Failed to execute bulk request due to ${v(err)}. Retrying attempt (${v(`${attempt}/6`)}) after backoff of ${v(g.int(50, 4000))} ms`, 'io.confluent.connect.elasticsearch.RetryUtil:171');
      },
    },
    {
      w: 1.2,
      make: (g) => {
        const t = kcTask(g, KC_SOURCES);
        const topic = t.name.startsWith('pg') ? 'orders.public.orders' : 'inventory.inventory.stock';
        return kc(
          g,
          'WARN',
          t.ctx,
          T`[Producer clientId=${v(`connector-producer-${t.id}`)}] Got error produce response with correlation id ${v(g.int(1000, 99999))} on topic-partition ${v(`${topic}-${g.int(0, 5)}`)}, retrying (${v(2147483647 - g.int(1, 5))} attempts left). Error: ${v(g.pick(['NOT_LEADER_OR_FOLLOWER', 'NOT_LEADER_OR_FOLLOWER', 'REQUEST_TIMED_OUT', 'NETWORK_EXCEPTION']))}`,
          'org.apache.kafka.clients.producer.internals.Sender:665'
        );
      },
    },
    {
      w: 0.6,
      make: (g) => {
        const t = kcTask(g, KC_SINKS);
        return kc(
          g,
          'WARN',
          t.ctx,
          cat(consumerCtx(t.name, t.task), T`consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.`),
          'org.apache.kafka.clients.consumer.internals.ConsumerCoordinator:1128'
        );
      },
    },
    { w: 2.5, make: (g) => kc(g, 'INFO', null, T`[AdminClient clientId=${v(g.pick(['connect-1-shared-admin', 'connect-cluster--shared-admin']))}] Node ${v(g.pick(['-1', '0', '1', '2']))} disconnected.`, 'org.apache.kafka.clients.NetworkClient:977') },
    {
      w: 1,
      make: (g) => kc(g, 'INFO', null, cat(WORKER_CTX(), T`Resetting the last seen epoch of partition ${v(`${g.pick(['connect-offsets', 'connect-status', 'connect-configs', 'events'])}-${g.int(0, 24)}`)} to ${v(g.int(0, 30))} since the associated topicId changed from null to ${v(`${g.alnum(10, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz0123456789')}-${g.alnum(11, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz0123456789_')}`)}`), 'org.apache.kafka.clients.Metadata:402'),
    },
    {
      w: 1.3,
      make: (g) => {
        const gen = g.int(40, 90);
        const member = `connect-1-${g.uuid()}`;
        const off = g.int(300, 900);
        const all = [...KC_SOURCES, ...KC_SINKS];
        return [
          kc(g, 'INFO', null, cat(WORKER_CTX(), T`Rebalance started`), 'org.apache.kafka.connect.runtime.distributed.WorkerCoordinator:231'),
          kc(g, 'INFO', null, cat(WORKER_CTX(), T`(Re-)joining group`), 'org.apache.kafka.clients.consumer.internals.AbstractCoordinator:576'),
          kc(g, 'INFO', null, cat(WORKER_CTX(), T`Successfully joined group with generation ${v(`Generation{generationId=${gen}, memberId='${member}', protocol='sessioned'}`)}`), 'org.apache.kafka.clients.consumer.internals.AbstractCoordinator:637'),
          kc(g, 'INFO', null, cat(WORKER_CTX(), T`Successfully synced group in generation ${v(`Generation{generationId=${gen}, memberId='${member}', protocol='sessioned'}`)}`), 'org.apache.kafka.clients.consumer.internals.AbstractCoordinator:812'),
          kc(
            g,
            'INFO',
            null,
            cat(WORKER_CTX(), T`Joined group at generation ${v(gen)} with protocol version ${v(2)} and got assignment: ${v(`Assignment{error=0, leader='${member}', leaderUrl='http://10.0.1.${g.int(2, 250)}:8083/', offset=${off}, connectorIds=[${all.slice(0, g.int(1, 5)).join(', ')}], taskIds=[${all.slice(0, 3).map((c) => `${c}-0`).join(', ')}], revokedConnectorIds=[], revokedTaskIds=[], delay=0}`)} with rebalance delay: ${v(0)}`),
            'org.apache.kafka.connect.runtime.distributed.DistributedHerder:2369'
          ),
          kc(g, 'INFO', null, cat(WORKER_CTX(), T`Starting connectors and tasks using config offset ${v(off)}`), 'org.apache.kafka.connect.runtime.distributed.DistributedHerder:1864'),
          kc(g, 'INFO', null, cat(WORKER_CTX(), T`Finished starting connectors and tasks`), 'org.apache.kafka.connect.runtime.distributed.DistributedHerder:1893'),
        ];
      },
    },
    {
      w: 12,
      make: (g) => {
        const c = g.pick([...KC_SOURCES, ...KC_SINKS]);
        const path = g.pick([`/connectors/${c}/status`, `/connectors/${c}/status`, '/connectors', `/connectors/${c}/tasks/0/status`, '/', '/connectors?expand=status']);
        return kcRest(g, 'GET', path, 200, g.int(2, 1800), g.pick(['kube-probe/1.29', 'kafka-connect-exporter/0.4', 'curl/8.5.0', 'Go-http-client/1.1']));
      },
    },
    { w: 0.6, make: (g) => kcRest(g, 'PUT', `/connectors/${g.pick([...KC_SOURCES, ...KC_SINKS])}/config`, g.pick([200, 200, 201, 400]), g.int(300, 2400), g.pick(['curl/8.5.0', 'python-requests/2.31.0'])) },
    { w: 0.6, make: (g) => kcRest(g, 'POST', `/connectors/${g.pick([...KC_SOURCES, ...KC_SINKS])}/${g.pick(['restart?includeTasks=true&onlyFailed=true', 'tasks/0/restart', 'restart'])}`, g.pick([202, 204, 409]), g.int(0, 900), g.pick(['curl/8.5.0', 'python-requests/2.31.0'])) },
    { w: 0.2, make: (g) => kcRest(g, 'DELETE', `/connectors/${g.pick([...KC_SOURCES, ...KC_SINKS])}`, 204, 0, 'curl/8.5.0') },
    {
      w: 1.2,
      make: (g) => [
        kc(g, 'INFO', `jdbc-sink-billing|task-${g.int(0, 2)}`, T`Attempting to open connection #${v(g.int(1, 3))} to ${v('PostgreSql')}`, 'io.confluent.connect.jdbc.util.CachedConnectionProvider:79'),
        kc(g, 'INFO', `jdbc-sink-billing|task-${g.int(0, 2)}`, T`JdbcDbWriter Connected`, 'io.confluent.connect.jdbc.sink.JdbcDbWriter:56'),
      ],
    },
    {
      w: 0.9,
      make: (g) => {
        const task = g.int(0, 2);
        const id = 10000 + g.int(0, 99999);
        return [
          kc(g, 'WARN', `jdbc-sink-billing|task-${task}`, T`Write of ${v(g.int(1, 500))} records failed, remainingRetries=${v(g.int(0, 9))}`, 'io.confluent.connect.jdbc.sink.JdbcSinkTask:101'),
          T`${v('java.sql.BatchUpdateException')}: ${v(`Batch entry 0 INSERT INTO "invoices" ("id","customer_id","amount","currency","issued_at") VALUES (${id},${g.int(1, 90000)},${g.float(5, 900, 2)},'EUR','${ymd(new Date(g.now))} ${hms(new Date(g.now))}+00') ON CONFLICT DO NOTHING was aborted: ERROR: ${g.pick(['could not serialize access due to concurrent update', 'canceling statement due to lock timeout', 'deadlock detected'])}  Call getNextException to see other errors in the batch.`)}`,
          ...frames(['org.postgresql.jdbc.BatchResultHandler.handleError(BatchResultHandler.java:165)', 'org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2402)', 'org.postgresql.jdbc.PgStatement.executeBatch(PgStatement.java:889)', 'io.confluent.connect.jdbc.sink.BufferedRecords.executeUpdates(BufferedRecords.java:196)', 'io.confluent.connect.jdbc.sink.JdbcSinkTask.put(JdbcSinkTask.java:84)']),
          T`\t... ${v(g.int(10, 14))} more`,
        ];
      },
    },
    {
      w: 0.35,
      make: (g) => {
        const t = kcTask(g, KC_SINKS);
        const kind = t.name.startsWith('es') ? 'org.apache.kafka.connect.errors.ConnectException' : 'org.apache.kafka.connect.errors.DataException';
        const cause = t.name.startsWith('es')
          ? `Indexing record failed -> Response status: 'BAD_REQUEST', Index: 'orders', Document Id: 'orders+${g.int(0, 11)}+${g.int(10000, 99999)}'`
          : `Failed to deserialize data for topic ${kcTopicFor(t.name)} to Avro: Unknown magic byte!`;
        return [
          kc(g, 'ERROR', t.ctx, T`WorkerSinkTask{id=${v(t.id)}} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted`, 'org.apache.kafka.connect.runtime.WorkerTask:212'),
          T`${v('org.apache.kafka.connect.errors.ConnectException')}: ${v('Exiting WorkerSinkTask due to unrecoverable exception.')}`,
          ...frames(['org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages(WorkerSinkTask.java:632)', 'org.apache.kafka.connect.runtime.WorkerSinkTask.poll(WorkerSinkTask.java:350)', 'org.apache.kafka.connect.runtime.WorkerSinkTask.iteration(WorkerSinkTask.java:250)', 'org.apache.kafka.connect.runtime.WorkerSinkTask.execute(WorkerSinkTask.java:219)', 'org.apache.kafka.connect.runtime.WorkerTask.doRun(WorkerTask.java:204)', 'org.apache.kafka.connect.runtime.WorkerTask.run(WorkerTask.java:259)', 'java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)', 'java.base/java.lang.Thread.run(Thread.java:840)']),
          T`Caused by: ${v(kind)}: ${v(cause)}`,
          ...frames([t.name.startsWith('es') ? 'io.confluent.connect.elasticsearch.ElasticsearchClient.handleResponse(ElasticsearchClient.java:632)' : 'io.confluent.connect.avro.AvroConverter.toConnectData(AvroConverter.java:148)', 'org.apache.kafka.connect.runtime.WorkerSinkTask.convertAndTransformRecord(WorkerSinkTask.java:528)']),
          T`\t... ${v(g.int(12, 16))} more`,
          kc(g, 'INFO', t.ctx, cat(consumerCtx(t.name, t.task), T`Revoke previously assigned partitions ${v(`${kcTopicFor(t.name)}-${g.int(0, 5)}, ${kcTopicFor(t.name)}-${g.int(6, 11)}`)}`), 'org.apache.kafka.clients.consumer.internals.ConsumerRebalanceListenerInvoker:80'),
          kc(g, 'INFO', t.ctx, cat(consumerCtx(t.name, t.task), T`Member ${v(`connector-consumer-${t.id}-${g.uuid()}`)} sending LeaveGroup request to coordinator ${v(`kafka-${g.int(0, 2)}.kafka-headless:9092 (id: ${2147483647 - g.int(0, 2)} rack: null)`)} due to ${v('the consumer is being closed')}`), 'org.apache.kafka.clients.consumer.internals.ConsumerCoordinator:1131'),
        ];
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 108. ScyllaDB 6.0 in its Docker image (scylla-operator pod, `kubectl logs`), from scylladb
// issues with pasted logs: `LEVEL  date time,ms [shard  N:group] logger - message` (level padded
// to five, shard number to the width of the shard count, the scheduling group to four: `comp`,
// ` gms`). Shard and group are header
// values; the logger is part of the statement; the compaction tag `[Compact ks.table uuid]` holds
// two parameters. Seastar's stall detector writes `Reactor stalled ...` with no header, and the
// reader semaphore's diagnostics dump is a header line, a tab-separated table and a blank line.

const SC_TABLES = ['shop.orders', 'shop.orders_by_customer', 'shop.carts', 'shop.sessions', 'system.batchlog', 'analytics.events_by_day'];
const scGroup = ['main', 'comp', 'comp', 'comp', 'stmt', 'stmt', 'strm', 'mt', 'gms'];
function sc(g: Gen, lvl: string, logger: string, msg: Made, group?: string, shardNo?: number): Made {
  const d = new Date(g.now);
  const shard = String(shardNo ?? g.int(0, 13)).padStart(2, ' ');
  return cat(T`${lvl.padEnd(5)} ${v(`${ymd(d)} ${hms(d)},${ms3(g)}`)} [shard ${v(shard)}:${v((group ?? g.pick(scGroup)).padStart(4, ' '))}] ${logger} - `, msg);
}
/** A table's directory id: fixed per table, as Scylla names the directory once at creation. */
const tableDirId = (table: string) => {
  let h = 0x811c9dc5;
  let out = '';
  for (let i = 0; out.length < 32; i++) {
    h = Math.imul(h ^ table.charCodeAt(i % table.length) ^ i, 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 32);
};
const sstable = (g: Gen, table: string) => {
  const [ks, t] = table.split('.');
  return `/var/lib/scylla/data/${ks}/${t}-${tableDirId(table)}/me-3ggh_${g.alnum(4, 'abcdefghijklmnopqrstuvwxyz0123456789')}_${g.alnum(5, 'abcdefghijklmnopqrstuvwxyz0123456789')}${g.alnum(13, 'abcdefghijklmnopqrstuvwxyz0123456789')}-big-Data.db`;
};
const sizeUnit = (n: number) => (n >= 1e9 ? `${Math.round(n / 1e9)}GB` : n >= 1e6 ? `${Math.round(n / 1e6)}MB` : `${Math.round(n / 1e3)}kB`);
const SC_PEERS = ['10.0.4.11', '10.0.4.12', '10.0.4.13', '10.0.5.21', '10.0.5.22', '10.0.5.23'];
const backtrace = (g: Gen) => Array.from({ length: g.int(8, 18) }, () => `0x${g.pick(['', '', '7f'])}${g.hex(g.pick([6, 7]))}`).join(' ');
const scylla: FormatSpec = {
  name: 'scylladb',
  split: 'tuned',
  description: 'ScyllaDB 6.0 container log (`LEVEL  date [shard  N:group] logger - message`): compactions started and finished with their sstables, large partition warnings, reader semaphore timeouts with their diagnostics table, gossip UP/DOWN, storage_proxy and rpc errors, CQL connection errors, oversized allocations, reactor stalls with backtraces, start-up lines',
  tickMs: 1600,
  templates: [
    {
      w: 18,
      make: (g) => {
        const table = g.pickSkewed(SC_TABLES);
        const id = g.uuid().replace(/-4/, '-1');
        const n = g.int(2, 6);
        const inputs = Array.from({ length: n }, () => `${sstable(g, table)}:level=0:origin=${g.pick(['memtable', 'compaction', 'memtable'])}`).join(',');
        const before = g.int(20e3, 4e9);
        const after = Math.floor(before * (0.5 + g.r() * 0.5));
        const shard = String(g.int(0, 13)).padStart(2, ' ');
        const head = (lvlMsg: Made) => {
          const d = new Date(g.now);
          return cat(T`INFO  ${v(`${ymd(d)} ${hms(d)},${ms3(g)}`)} [shard ${v(shard)}:${v('comp')}] compaction - [Compact ${v(table)} ${v(id)}] `, lvlMsg);
        };
        const first = head(T`Compacting [${v(inputs)}]`);
        g.tick(4000);
        const ms = g.int(40, 200000);
        const parts = g.int(10, 90000);
        return [
          first,
          head(T`Compacted ${v(n)} sstables to [${v(`${sstable(g, table)}:level=0`)}]. ${v(sizeUnit(before))} to ${v(sizeUnit(after))} (~${v(Math.round((after / before) * 100))}% of original) in ${v(ms)}ms = ${v(sizeUnit(Math.floor((after / ms) * 1000)) + '/s')}. ~${v(parts)} total partitions merged to ${v(Math.floor(parts * (0.6 + g.r() * 0.4)))}.`),
        ];
      },
    },
    {
      w: 3,
      make: (g) => {
        const table = g.pick(['shop.orders_by_customer', 'analytics.events_by_day']);
        return sc(g, 'WARN', 'large_data', T`Writing large partition ${v(table.replace('.', '/'))}: ${v(`(${g.int(1, 99999)})`)} (${v(g.int(100e6, 3e9))} bytes) to ${v(sstable(g, table).split('/').pop() ?? '')}`, 'comp');
      },
    },
    {
      w: 4,
      make: (g) => T`Reactor stalled for ${v(g.pick([25, 33, 41, 52, 67, 88, 120, 254, 512]))} ms on shard ${v(g.int(0, 13))}, in scheduling group ${v(g.pick(['sl:default', 'compaction', 'statement', 'memtable', 'streaming']))}. Backtrace: ${v(backtrace(g))}`,
    },
    {
      w: 1.5,
      make: (g) => sc(g, 'WARN', 'seastar_memory', T`oversized allocation: ${v(g.pick([262144, 524288, 1310720, 2097152]))} bytes. This is non-fatal, but could lead to latency and/or fragmentation issues. Please report: at ${v(backtrace(g))}`),
    },
    {
      w: 0.6,
      make: (g) => {
        const table = g.pick(SC_TABLES.slice(0, 4));
        const rows = Array.from({ length: g.int(2, 4) }, () => {
          const n = g.int(1, 60);
          return T`${v(n)}\t${v(n)}\t${v(`${g.int(100, 9000)}K`)}\t${v(`${g.pick([table, table, 'shop.sessions'])}/${g.pick(['data-query', 'mutation-query', 'shard-reader'])}/${g.pick(['active/used', 'active/await', 'waiting_for_admission', 'inactive'])}`)}`;
        });
        return [
          sc(g, 'INFO', 'reader_concurrency_semaphore', T`Semaphore ${v('_read_concurrency_sem')} with ${v(`100/100`)} count and ${v(`${g.int(1e6, 155e6)}/${155254865}`)} memory resources: timed out, dumping permit diagnostics:`, 'stmt'),
          T`permits\tcount\tmemory\ttable/operation/state`,
          ...rows,
          { line: '', template: '' },
          T`${v(g.int(80, 300))}\t${v(100)}\t${v(`${g.int(10, 150)}M`)}\ttotal`,
          { line: '', template: '' },
          T`Total: ${v(g.int(80, 300))} permits with ${v(100)} count and ${v(`${g.int(10, 150)}M`)} memory resources`,
        ];
      },
    },
    {
      w: 1.2,
      make: (g) => {
        const ip = g.pick(SC_PEERS);
        return [
          sc(g, 'INFO', 'gossip', T`InetAddress ${v(ip)} is now DOWN, status = ${v(g.pick(['NORMAL', 'NORMAL', 'shutdown']))}`, 'gms', 0),
          ((g.now += g.int(4000, 90000)), sc(g, 'INFO', 'gossip', T`InetAddress ${v(ip)} is now UP, status = ${v('NORMAL')}`, 'gms', 0)),
        ];
      },
    },
    {
      w: 3,
      make: (g) => {
        const table = g.pick(SC_TABLES.slice(0, 4));
        const op = g.pick(['read', 'write']);
        const cls = op === 'read' ? 'exceptions::read_timeout_exception' : 'exceptions::mutation_write_timeout_exception';
        return sc(g, 'WARN', 'storage_proxy', T`Exception when communicating with ${v(g.pick(SC_PEERS))}, to ${v(op)} from ${v(table)}: ${v(`${cls} (Operation timed out for ${table} - received only ${g.int(0, 1)} responses from 2 CL=${g.pick(['QUORUM', 'LOCAL_QUORUM'])}.)`)}`, 'stmt');
      },
    },
    {
      w: 2.5,
      make: (g) => sc(g, 'INFO', 'cql_server', T`exception while processing connection: ${v(g.pick(['std::system_error (error system:104, read: Connection reset by peer)', 'std::system_error (error system:32, sendmsg: Broken pipe)', 'seastar::tls::verification_error (peer certificate has expired)']))}`, 'stmt'),
    },
    { w: 1.5, make: (g) => sc(g, 'INFO', 'rpc', T`client ${v(`${g.pick(SC_PEERS)}:7000`)}: fail to connect: ${v(g.pick(['Connection refused', 'Connection timed out', 'No route to host']))}`, 'main') },
    { w: 1, make: (g) => sc(g, 'INFO', 'rpc', T`client ${v(`${g.pick(SC_PEERS)}:${g.int(32768, 60999)}`)}: server connection dropped: ${v(g.pick(['read: Connection reset by peer', 'Semaphore timed out', 'connection is closed']))}`, 'main') },
    { w: 0.8, make: (g) => sc(g, 'INFO', 'schema_tables', T`Schema version changed to ${v(g.uuid())}`, 'main') },
    { w: 1.2, make: (g) => sc(g, 'INFO', 'hints_manager', T`Hints for ${v(g.uuid())} sent: ${v(g.int(1, 4000))} hints were replayed`, 'strm') },
    {
      w: 0.15,
      make: (g) => [
        sc(g, 'INFO', 'init', T`installing SIGHUP handler`, 'main'),
        sc(g, 'INFO', 'init', T`Scylla version ${v('6.0.1-0.20240612.f8eb41a3c1ad')} with build-id ${v(g.hex(40))} starting ...`, 'main'),
        sc(g, 'INFO', 'init', T`starting tablet allocator`, 'main'),
        sc(g, 'INFO', 'init', T`Scylla version ${v('6.0.1-0.20240612.f8eb41a3c1ad')} initialization completed.`, 'main'),
        sc(g, 'INFO', 'init', T`serving`, 'main'),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 109. A Phoenix 1.7 application (Elixir 1.16, Bandit 1.5, Oban 2.17, libcluster) in Kubernetes,
// `kubectl logs`, with the generator's console format `$time $metadata[$level] $message` and
// `metadata: [:request_id]`, from Phoenix and Bandit issues with pasted logs. Time and request id
// are header values (lines outside a request have no metadata); request lines are one template
// per method; `Sent <*> in <*>` one statement; Oban's default logger writes a JSON object as the
// message (its keys are the statement, the round-6 rule); crashes print the banner, the
// exception line `** (<*>) <*>` and each stack entry `    (<*>) <*>: <*>` as lines of their own,
// as LiveView's `CONNECTED TO` block writes its indented lines.

const exTime = (g: Gen) => `${hms(new Date(g.now))}.${ms3(g)}`;
const reqId = (g: Gen) => `F${g.alnum(19, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')}`;
const ex = (g: Gen, level: string, msg: Made, rid?: string) => cat(T`${v(exTime(g))} `, rid ? T`request_id=${v(rid)} ` : T``, T`[${level}] `, msg);
const took = (g: Gen) => (g.chance(0.2) ? `${g.int(180, 999)}µs` : `${g.int(1, 480)}ms`);
function phxPath(g: Gen, method: string): string {
  if (method === 'GET')
    return g.pick([
      `/products/${g.int(1, 4000)}`,
      '/products',
      `/api/orders/${g.int(10000, 99999)}`,
      '/cart',
      '/health',
      `/search?q=${g.pick(['shoes', 'jacket', 'usb-c+cable', 'lamp'])}`,
      `/api/products/${g.int(1, 4000)}/stock`,
      '/',
    ]);
  if (method === 'POST') return g.pick(['/cart/items', '/checkout', '/api/orders', '/users/log_in', '/webhooks/stripe']);
  if (method === 'PATCH') return g.pick([`/api/orders/${g.int(10000, 99999)}`, `/cart/items/${g.int(1, 900)}`]);
  return `/cart/items/${g.int(1, 900)}`;
}
const STACKS: Array<[string, string, string[]]> = [
  ['KeyError', 'key :sku not found in: %{id: 1842, name: "Trail Runner", price: #Decimal<89.90>}', ['(shop 0.9.3) lib/shop/catalog/pricing.ex:41: Shop.Catalog.Pricing.line_total/2', '(elixir 1.16.2) lib/enum.ex:1700: Enum."-map/2-lists^map/1-1-"/2', '(shop 0.9.3) lib/shop_web/controllers/cart_controller.ex:22: ShopWeb.CartController.show/2']],
  ['FunctionClauseError', 'no function clause matching in ShopWeb.CheckoutController.create/2', ['(shop 0.9.3) lib/shop_web/controllers/checkout_controller.ex:14: ShopWeb.CheckoutController.create/2', '(shop 0.9.3) lib/shop_web/controllers/checkout_controller.ex:1: ShopWeb.CheckoutController.action/2']],
  ['Ecto.StaleEntryError', 'attempted to update a stale struct:\\n\\n%Shop.Orders.Order{}', ['(ecto 3.11.2) lib/ecto/repo/schema.ex:775: Ecto.Repo.Schema.apply/4', '(ecto 3.11.2) lib/ecto/repo/schema.ex:377: anonymous fn/15 in Ecto.Repo.Schema.do_insert/4', '(shop 0.9.3) lib/shop/orders.ex:118: Shop.Orders.mark_paid/2']],
  ['Bandit.HTTPError', 'closed', ['(bandit 1.5.2) lib/bandit/http1/socket.ex:418: Bandit.HTTPTransport.Bandit.HTTP1.Socket.request_error!/2', '(bandit 1.5.2) lib/bandit/http1/socket.ex:355: Bandit.HTTPTransport.Bandit.HTTP1.Socket.send_data/3', '(plug 1.16.0) lib/plug/conn.ex:444: Plug.Conn.send_resp/1']],
];
const TAIL_FRAMES = ['(shop 0.9.3) lib/shop_web/controllers/cart_controller.ex:1: ShopWeb.CartController.action/2', '(phoenix 1.7.12) lib/phoenix/router.ex:484: Phoenix.Router.__call__/5', '(shop 0.9.3) lib/shop_web/endpoint.ex:1: ShopWeb.Endpoint.plug_builder_call/2', '(bandit 1.5.2) lib/bandit/pipeline.ex:124: Bandit.Pipeline.call_plug!/2', '(bandit 1.5.2) lib/bandit/pipeline.ex:36: Bandit.Pipeline.run/4'];
const exFrame = (f: string): Made => {
  const m = /^\((.+?)\) (\S+): (.+)$/.exec(f);
  if (!m) throw new Error(`bad frame ${f}`);
  return T`    (${v(m[1])}) ${v(m[2])}: ${v(m[3])}`;
};
const pid = (g: Gen) => `#PID<0.${g.int(1000, 99999)}.0>`;
function oban(g: Gen, state: 'success' | 'failure'): Made {
  const worker = g.pickSkewed(['Shop.Workers.OrderMailer', 'Shop.Workers.SyncInventory', 'Shop.Workers.WebhookDelivery', 'Shop.Workers.PruneCarts']);
  const queue = worker.endsWith('Mailer') ? 'mailers' : worker.endsWith('Delivery') ? 'webhooks' : 'default';
  const args = worker.endsWith('Mailer') ? { order_id: g.int(10000, 99999), template: g.pick(['confirmation', 'shipped']) } : worker.endsWith('Delivery') ? { endpoint_id: g.int(1, 40), event: g.pick(['order.paid', 'order.shipped']) } : {};
  const common: Array<[string, unknown]> = [
    ['args', args],
    ['attempt', state === 'success' ? g.pickSkewed([1, 1, 1, 2, 3]) : g.int(1, 20)],
    ['duration', g.int(800, 9000000)],
  ];
  const rest: Array<[string, unknown]> = [
    ['id', g.int(100000, 999999)],
    ['max_attempts', 20],
    ['meta', {}],
    ['queue', queue],
    ['queued_time', g.int(1000, 90000000)],
    ['source', 'oban'],
    ['state', state === 'success' ? 'success' : g.pick(['failure', 'failure', 'discard'])],
    ['tags', []],
    ['worker', worker],
  ];
  const fields: Array<[string, unknown]> =
    state === 'success'
      ? [...common, ['event', 'job:stop'], ...rest]
      : [...common, ['error', `** (${g.pick(['Mint.TransportError) :timeout', 'RuntimeError) webhook endpoint returned 500', 'DBConnection.ConnectionError) connection not available and request was dropped from queue after 2000ms'])}`], ['event', 'job:exception'], ...rest];
  return ex(g, state === 'success' ? 'info' : 'error', jsonLine(fields, null));
}
const phoenix: FormatSpec = {
  name: 'phoenix-elixir',
  split: 'tuned',
  description: 'Phoenix 1.7 application on Elixir 1.16 + Bandit, `kubectl logs` (`time request_id=.. [level] message`): request lines per method and `Sent <status> in <time>`, Oban job JSON lines (stop / exception), LiveView CONNECTED blocks, Postgrex disconnects, libcluster, app lines, crashes with `** (Exception)` and stack entries line by line',
  tickMs: 700,
  templates: [
    ...(['GET', 'POST', 'PATCH', 'DELETE'] as const).map((method, i) => ({
      w: [34, 9, 2, 1][i],
      make: (g: Gen) => {
        const rid = reqId(g);
        const path = phxPath(g, method);
        const status = method === 'GET' ? g.pick([200, 200, 200, 200, 304, 404]) : method === 'POST' ? g.pick([200, 201, 302, 302, 422]) : g.pick([200, 204]);
        const out: Made[] = [ex(g, 'info', T`${method} ${v(path)}`, rid)];
        if (method === 'POST' && path === '/checkout' && g.chance(0.6))
          out.push(ex(g, 'info', T`Payment intent ${v(`pi_3P${g.alnum(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`)} ${v(g.pick(['created', 'created', 'requires_action']))} for order ${v(g.int(10000, 99999))}`, rid));
        if (method === 'GET' && path.endsWith('/stock') && g.chance(0.3))
          out.push(ex(g, 'warning', T`Inventory low for SKU ${v(`${g.pick(['TSHIRT', 'HOODIE', 'CAP'])}-${g.pick(['BLK', 'WHT', 'NVY'])}-${g.pick(['S', 'M', 'L', 'XL'])}`)}: ${v(g.int(0, 4))} left`, rid));
        g.tick(300);
        out.push(ex(g, 'info', T`Sent ${v(status)} in ${v(took(g))}`, rid));
        return out;
      },
    })),
    { w: 9, make: (g) => oban(g, 'success') },
    { w: 1.2, make: (g) => oban(g, 'failure') },
    {
      w: 5,
      make: (g) => [
        ex(g, 'info', T`CONNECTED TO Phoenix.LiveView.Socket in ${v(took(g))}`),
        T`  Transport: ${v(':websocket')}`,
        T`  Serializer: ${v('Phoenix.Socket.V2.JSONSerializer')}`,
        T`  Parameters: ${v(`%{"_csrf_token" => "${g.alnum(28, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}", "_live_referer" => "undefined", "_mounts" => "${g.int(0, 3)}", "_track_static" => %{"0" => "https://shop.example.com/assets/app-${g.hex(32)}.css?vsn=d", "1" => "https://shop.example.com/assets/app-${g.hex(32)}.js?vsn=d"}, "vsn" => "2.0.0"}`)}`,
      ],
    },
    { w: 1, make: (g) => ex(g, 'error', T`Postgrex.Protocol (${v(pid(g))}) disconnected: ** (${v('DBConnection.ConnectionError')}) ${v(g.pick(['tcp recv (idle): closed', 'tcp recv: closed', `client ${pid(g)} exited`, 'ssl recv (idle): closed']))}`) },
    { w: 0.4, make: (g) => ex(g, 'error', T`Postgrex.Protocol (${v(pid(g))}) failed to connect: ** (${v('DBConnection.ConnectionError')}) ${v(g.pick(['tcp connect (shop-db-rw.shop.svc:5432): connection refused - :econnrefused', 'tcp connect (shop-db-rw.shop.svc:5432): timeout']))}`) },
    { w: 1.2, make: (g) => ex(g, 'info', T`[libcluster:k8s] connected to ${v(`:"shop@10.2.${g.int(0, 3)}.${g.int(2, 250)}"`)}`) },
    { w: 0.6, make: (g) => ex(g, 'warning', T`[libcluster:k8s] unable to connect to ${v(`:"shop@10.2.${g.int(0, 3)}.${g.int(2, 250)}"`)}`) },
    {
      w: 1.2,
      make: (g) => {
        const [cls, msg, fr] = g.pick(STACKS);
        const rid = reqId(g);
        const out: Made[] = [ex(g, 'info', T`GET ${v(phxPath(g, 'GET'))}`, rid), ex(g, 'error', T`GenServer ${v(pid(g))} terminating`, rid), T`** (${v(cls)}) ${v(msg)}`, ...fr.map(exFrame)];
        for (const f of TAIL_FRAMES.slice(0, g.int(2, 5))) out.push(exFrame(f));
        return out;
      },
    },
    {
      w: 0.5,
      make: (g) => [
        ex(g, 'error', T`GenServer ${v(pid(g))} terminating`),
        T`** (${v('ArithmeticError')}) ${v('bad argument in arithmetic expression')}`,
        exFrame('(shop 0.9.3) lib/shop_web/live/cart_live.ex:88: ShopWeb.CartLive.handle_event/3'),
        exFrame('(phoenix_live_view 0.20.14) lib/phoenix_live_view/channel.ex:487: anonymous fn/3 in Phoenix.LiveView.Channel.view_handle_event/3'),
        exFrame('(telemetry 1.2.1) src/telemetry.erl:321: :telemetry.span/3'),
        T`Last message: ${v(`%Phoenix.Socket.Message{topic: "lv:phx-F${g.alnum(15, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}", event: "event", payload: %{"event" => "inc", "type" => "click", "value" => %{"id" => "${g.int(1, 900)}"}}, ref: "${g.int(2, 40)}", join_ref: "${g.int(1, 9)}"}`)}`,
        T`State: ${v(`%{components: {%{}, %{}, 1}, join_ref: "${g.int(1, 9)}", serializer: Phoenix.Socket.V2.JSONSerializer, socket: #Phoenix.LiveView.Socket<id: "phx-F${g.alnum(15)}", endpoint: ShopWeb.Endpoint, view: ShopWeb.CartLive, ...>, topic: "lv:phx-F${g.alnum(15)}", upload_names: %{}, upload_pids: %{}}`)}`,
      ],
    },
    {
      w: 0.1,
      make: (g) => [
        ex(g, 'info', T`Running ShopWeb.Endpoint with Bandit ${v('1.5.2')} at ${v(':::4000')} (${v('http')})`),
        ex(g, 'info', T`Access ShopWeb.Endpoint at ${v('https://shop.example.com')}`),
      ],
    },
  ],
};

export const ROUND16_FORMATS_A: readonly FormatSpec[] = [kafkaConnect, scylla, phoenix];
