// Log-flavoured paraphrase pairs (same event, different words) with, for each, a log sentence
// about something unrelated. Used by the embedder test; kept apart so the benchmark can reuse it.
export interface ParaphraseCase {
  a: string;
  b: string;
  unrelated: string;
}

export const PARAPHRASE_CASES: readonly ParaphraseCase[] = [
  { a: 'Failed password for root from 1.2.3.4 port 22 ssh2', b: 'authentication failure for user root', unrelated: 'disk quota exceeded on volume /data' },
  { a: 'connection pool exhausted', b: 'no free database connections available', unrelated: 'user logged out of the web console' },
  { a: 'java.lang.OutOfMemoryError: Java heap space', b: 'the JVM ran out of heap memory', unrelated: 'TLS certificate will expire in 10 days' },
  { a: 'No space left on device', b: 'the disk is full', unrelated: 'received SIGHUP, reloading configuration' },
  { a: 'upstream timed out while reading response header from upstream', b: 'the backend server took too long to respond', unrelated: 'cron job backup completed successfully' },
  { a: 'Connection refused when connecting to 10.0.0.5:5432', b: 'could not connect to the postgres server, it rejected the connection', unrelated: 'cache hit ratio is 97 percent' },
  { a: 'certificate has expired', b: 'the TLS cert is no longer valid because its validity period ended', unrelated: 'garbage collection paused for 120ms' },
  { a: 'Killed process 4242 (java) total-vm:8GB, anon-rss:6GB', b: 'the kernel OOM killer terminated the java process', unrelated: 'new user account created for alice' },
  { a: 'DNS resolution failed for api.example.com', b: 'could not resolve hostname api.example.com', unrelated: 'scheduled index rebuild finished' },
  { a: 'Permission denied while opening /var/log/app.log', b: 'access to the log file was forbidden due to insufficient rights', unrelated: 'HTTP server listening on port 8080' },
  { a: 'service nginx restarted', b: 'the nginx daemon was stopped and started again', unrelated: 'invalid JSON payload in request body' },
  { a: 'Too many open files', b: 'the process hit its file descriptor limit', unrelated: 'password changed for user bob' },
  { a: 'deadlock detected while updating table orders', b: 'two transactions were waiting on each other for locks on the orders table', unrelated: 'metrics exporter started successfully' },
  { a: 'rate limit exceeded for client 42', b: 'the client sent too many requests and was throttled', unrelated: 'kernel: eth0 link is up at 1000 Mbps' },
  { a: 'CPU usage above 95% for 10 minutes', b: 'the processor has been saturated for a long time', unrelated: 'the config file was saved by admin' },
  { a: 'segmentation fault (core dumped)', b: 'the program crashed with an invalid memory access', unrelated: 'daily report emailed to the finance team' },
  { a: 'replica lag is 300 seconds behind primary', b: 'the database follower is far out of sync with the leader', unrelated: 'login page rendered in 40ms' },
  { a: 'Kafka consumer group rebalancing', b: 'partitions are being reassigned among the consumers', unrelated: 'SSL handshake completed with the client' },
  { a: 'health check failed for pod checkout-7d9f', b: 'the readiness probe of the checkout pod is failing', unrelated: 'user uploaded a profile picture' },
  { a: 'session expired, please log in again', b: 'the user authentication token timed out', unrelated: 'compaction of segment files finished' },
  { a: 'packet loss of 30% on interface eth1', b: 'many network packets are being dropped on eth1', unrelated: 'invoice generated for order 1001' },
  { a: 'write operation timed out after 30000 ms', b: 'the storage write took too long and was aborted', unrelated: 'welcome email sent to new subscriber' },
  { a: 'NullPointerException in PaymentService.process', b: 'payment processing crashed because an object reference was null', unrelated: 'NTP clock synchronised with time server' },
  { a: 'block replication failed, 1 of 3 replicas written', b: 'the data block could not be copied to enough datanodes', unrelated: 'the user changed the UI theme to dark' },
];
