// Incident "image-bump" (a version / image bump that changes behaviour). At 14:10 the payments
// deployment rolls out image registry.internal/shop/payments:1.9.0 (was 1.8.2), one pod at a time.
// Version 1.9.0 throws a NullPointerException for non-EUR charges (an FX rate is null), so a growing
// share of charges fail with 500 and orders logs "payment failed" for them.
// Formats: Kubernetes events (kube-events), Spring Boot text logs with Java stack traces
// (payments, reporting), logfmt (orders). Red herrings: a reporting error burst (disk full) before
// the rollout, a notifications rollout at 14:03 (the same event templates, another image), an old
// exporter pod in back-off all along, orders' metrics-flush error recurring all along, and a
// one-off webhook error in orders just before the rollout.
import { at, isoSeconds, iso, log4j, rng, sorted, springTime, type IncidentScenario, type IncidentTruth, type Line } from './lib.js';

const DATE = '2026-09-15';
const START = at(DATE, '12:30:00');
const END = at(DATE, '14:40:00');
const ROLLOUT_AT = at(DATE, '14:10:00');
const WINDOW = { start: `${DATE}T13:40:00Z`, end: `${DATE}T14:40:00Z` };

export const truth: IncidentTruth = {
  id: 'image-bump',
  title: 'payments rolls out image 1.9.0, which throws NullPointerException on non-EUR charges',
  story:
    'deployment/payments rolls out registry.internal/shop/payments:1.9.0 (was 1.8.2) from 14:10:00; the new pods start v1.9.0, whose FX conversion throws NullPointerException for non-EUR charges; orders logs "payment failed" (payments responded 500) from ~14:10:50.',
  kind: 'version',
  incidentStart: `${DATE}T14:10:50Z`,
  cause: {
    lines: [
      { job: 'kube-events', pattern: 'payments:1\\.9\\.0|deployment/payments Scaled up replica set payments-7c5d8f9b6' },
      { job: 'payments', pattern: 'Starting PaymentsApplication v1\\.9\\.0' },
    ],
    services: ['payments'],
    value: String.raw`1\.9\.0`,
  },
  firstFailure: { job: 'payments', pattern: 'NullPointerException' },
  symptom: { job: 'orders', pattern: 'msg="payment failed"' },
  path: ['payments', 'orders'],
  redHerrings: [
    { job: 'reporting', pattern: 'export failed|No space left on device', kind: 'unrelated-burst' },
    { job: 'kube-events', pattern: 'notifications', kind: 'unrelated-deploy' },
    { job: 'kube-events', pattern: 'legacy-exporter', kind: 'recurring-error' },
    { job: 'orders', pattern: 'failed to flush metrics', kind: 'recurring-error' },
    { job: 'orders', pattern: 'webhook delivery failed', kind: 'one-off-error' },
  ],
  questions: [
    { id: 'image-bump/why', phrasing: 'why', question: 'why did orders start failing around 14:11?', window: WINDOW },
    { id: 'image-bump/changed', phrasing: 'changed', question: 'what changed shortly before the errors began?', window: WINDOW },
    { id: 'image-bump/first', phrasing: 'first', question: 'which service failed first?', window: WINDOW },
  ],
};

const NPE_TRACE = [
  'java.lang.NullPointerException: Cannot invoke "com.shop.payments.fx.FxRate.getRate()" because "rate" is null',
  '\tat com.shop.payments.fx.FxConverter.convert(FxConverter.java:42)',
  '\tat com.shop.payments.charge.ChargeService.capture(ChargeService.java:118)',
  '\tat com.shop.payments.charge.ChargeController.charge(ChargeController.java:57)',
  '\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)',
  '\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)',
  '\t... 48 common frames omitted',
];

export function generate(seed = 915): Record<string, Line[]> {
  const { r, pick, int, alnum } = rng(seed);
  const out: Record<string, Line[]> = { 'kube-events': [], payments: [], orders: [], reporting: [] };
  const ev = (t: number, type: string, reason: string, obj: string, msg: string) => out['kube-events'].push({ t, text: `${isoSeconds(t)} ${type} ${reason} ${obj} ${msg}` });

  // kube-events: a rollout is the same sequence of events for any deployment.
  const rollout = (t0: number, app: string, image: string, newRs: string, oldRs: string, pods: number, step: number) => {
    for (let i = 0; i < pods; i++) {
      const t = t0 + i * step;
      const pod = `${app}-${newRs}-${alnum(5)}`;
      ev(t, 'Normal', 'ScalingReplicaSet', `deployment/${app}`, `Scaled up replica set ${app}-${newRs} to ${i + 1}`);
      ev(t + 40, 'Normal', 'Scheduled', `pod/${pod}`, `Successfully assigned shop/${pod} to node-${int(1, 6)}`);
      ev(t + 1000, 'Normal', 'Pulling', `pod/${pod}`, `Pulling image "${image}"`);
      ev(t + 3300, 'Normal', 'Pulled', `pod/${pod}`, `Successfully pulled image "${image}" in ${(1.5 + r() * 2).toFixed(3)}s`);
      ev(t + 3400, 'Normal', 'Created', `pod/${pod}`, `Created container ${app}`);
      ev(t + 3600, 'Normal', 'Started', `pod/${pod}`, `Started container ${app}`);
      ev(t + 30_000, 'Normal', 'ScalingReplicaSet', `deployment/${app}`, `Scaled down replica set ${app}-${oldRs} to ${pods - i - 1}`);
      ev(t + 30_100, 'Normal', 'Killing', `pod/${app}-${oldRs}-${alnum(5)}`, `Stopping container ${app}`);
    }
  };
  rollout(at(DATE, '12:45:00'), 'notifications', 'registry.internal/shop/notifications:2.4.0', '6d8b7c5f4', '5f9c8d7b6', 2, 40_000);
  rollout(at(DATE, '14:03:00'), 'notifications', 'registry.internal/shop/notifications:2.4.1', '8c7d6b5a9', '6d8b7c5f4', 2, 40_000);
  rollout(ROLLOUT_AT, 'payments', 'registry.internal/shop/payments:1.9.0', '7c5d8f9b6', '58b7d6c4f', 3, 70_000);
  for (let t = START + 20_000; t < END; t += 300_000) {
    ev(t, 'Warning', 'BackOff', 'pod/legacy-exporter-5d4c3b2a1-x7k2p', 'Back-off restarting failed container exporter in pod legacy-exporter-5d4c3b2a1-x7k2p_monitoring');
  }
  for (let t = START + 90_000; t < END; t += 600_000) {
    const job = `report-builder-${28_765_000 + Math.floor(t / 600_000) % 1000}`;
    ev(t, 'Normal', 'SuccessfulCreate', `job/${job}`, `Created pod: ${job}-${alnum(5)}`);
    ev(t + 45_000, 'Normal', 'Completed', `job/${job}`, 'Job completed');
  }
  for (let t = START + 400_000; t < END; t += 900_000 + int(0, 300_000)) {
    ev(t, 'Normal', 'SuccessfulRescale', 'horizontalpodautoscaler/web', `New size: ${int(3, 6)}; reason: cpu resource utilization (percentage of request) above target`);
  }

  // Share of payments traffic on 1.9.0 pods: each new pod takes a third once started.
  const onNew = (t: number) => {
    if (t < ROLLOUT_AT + 40_000) return 0;
    return Math.min(1, (1 + Math.floor((t - ROLLOUT_AT - 40_000) / 70_000)) / 3);
  };
  const sp = (t: number, level: string, thread: string, logger: string, msg: string) =>
    `${springTime(t)} ${level.padStart(5)} 1 --- [${thread.padStart(15)}] ${logger.padEnd(40)} : ${msg}`;
  // payments: Spring Boot. Startup lines (a liveness restart at 12:50 on 1.8.2; the new pods on 1.9.0).
  const startup = (t: number, version: string) => {
    out.payments.push({ t, text: sp(t, 'INFO', 'main', 'c.s.payments.PaymentsApplication', `Starting PaymentsApplication v${version} using Java 17.0.8 with PID 1 (/app/payments.jar started by app in /app)`) });
    out.payments.push({ t: t + 20, text: sp(t + 20, 'INFO', 'main', 'c.s.payments.PaymentsApplication', 'No active profile set, falling back to 1 default profile: "default"') });
    out.payments.push({ t: t + 5200, text: sp(t + 5200, 'INFO', 'main', 'o.s.b.w.embedded.tomcat.TomcatWebServer', "Tomcat started on port 8080 (http) with context path ''") });
    out.payments.push({ t: t + 5300, text: sp(t + 5300, 'INFO', 'main', 'c.s.payments.PaymentsApplication', `Started PaymentsApplication in ${(6 + r() * 2).toFixed(3)} seconds (process running for ${(7 + r() * 2).toFixed(1)})`) });
  };
  startup(at(DATE, '12:50:12'), '1.8.2');
  for (let i = 0; i < 3; i++) startup(ROLLOUT_AT + i * 70_000 + 4000, '1.9.0');

  // Charges and the orders that asked for them (shared charge ids).
  let order = 48_000;
  for (let t = START + 400; t < END; t += 700 + int(0, 900)) {
    const charge = `ch_${alnum(10)}`;
    const currency = r() < 0.55 ? 'EUR' : pick(['USD', 'GBP', 'CHF']);
    const amount = (5 + r() * 250).toFixed(2);
    const thread = `http-nio-8080-exec-${int(1, 10)}`;
    const fails = currency !== 'EUR' && r() < onNew(t);
    const o = `o-${order++}`;
    if (fails) {
      out.payments.push({ t, text: sp(t, 'ERROR', thread, 'o.a.c.c.C.[.[.[/].[dispatcherServlet]', 'Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: java.lang.NullPointerException: Cannot invoke "com.shop.payments.fx.FxRate.getRate()" because "rate" is null] with root cause') });
      for (const l of NPE_TRACE) out.payments.push({ t, text: l });
      out.orders.push({ t: t + 15, text: `ts=${iso(t + 15)} level=error msg="payment failed" order_id=${o} charge=${charge} upstream=payments:8080 status=500 err="payments responded 500 Internal Server Error" duration=${int(20, 60)}ms` });
    } else {
      const ms = int(40, 140);
      out.payments.push({ t, text: sp(t, 'INFO', thread, 'c.s.payments.charge.ChargeController', `charge ${charge} captured amount=${amount} currency=${currency} in ${ms}ms`) });
      out.orders.push({ t: t + ms + 10, text: `ts=${iso(t + ms + 10)} level=info msg="order placed" order_id=${o} charge=${charge} total=${amount} currency=${currency} duration=${ms + int(20, 60)}ms` });
    }
    if (r() < 0.15) out.orders.push({ t: t + 300, text: `ts=${iso(t + 300)} level=info msg="order shipped" order_id=o-${order - int(50, 500)} carrier=${pick(['dhl', 'ups', 'gls'])}` });
  }
  for (let t = START + 10_000; t < END; t += 60_000) {
    out.payments.push({ t, text: sp(t, 'DEBUG', 'HikariPool-1 housekeeper', 'com.zaxxer.hikari.pool.HikariPool', `HikariPool-1 - Pool stats (total=10, active=${int(0, 3)}, idle=${int(7, 10)}, waiting=0)`) });
  }
  // orders: a metrics flush error every two minutes all along; a one-off webhook failure.
  for (let t = START + 45_000; t < END; t += 120_000) {
    out.orders.push({ t, text: `ts=${iso(t)} level=error msg="failed to flush metrics" err="dial udp statsd:8125: connect: connection refused"` });
  }
  const hookAt = at(DATE, '14:09:21');
  out.orders.push({ t: hookAt, text: `ts=${iso(hookAt)} level=error msg="webhook delivery failed" target=https://hooks.partner.example/orders status=410 attempt=1` });

  // reporting: log4j with an unrelated burst of export failures (disk full) 13:52-13:55.
  for (let t = START + 5000; t < END; t += 20_000 + int(0, 20_000)) {
    out.reporting.push({ t, text: `${log4j(t)} INFO  [pool-2-thread-${int(1, 4)}] c.s.reporting.ExportJob - exported report=${pick(['daily-sales', 'stock', 'returns'])} rows=${int(100, 9000)} in ${int(200, 3000)}ms` });
  }
  for (let t = at(DATE, '13:52:10'); t < at(DATE, '13:55:00'); t += 4000 + int(0, 4000)) {
    out.reporting.push({ t, text: `${log4j(t)} ERROR [pool-2-thread-${int(1, 4)}] c.s.reporting.ExportJob - export failed for report=${pick(['daily-sales', 'stock', 'returns'])}` });
    for (const l of [
      'java.io.IOException: No space left on device',
      '\tat java.base/java.io.FileOutputStream.writeBytes(Native Method)',
      '\tat java.base/java.io.FileOutputStream.write(FileOutputStream.java:349)',
      '\tat com.shop.reporting.CsvWriter.flush(CsvWriter.java:77)',
      '\tat com.shop.reporting.ExportJob.run(ExportJob.java:64)',
    ])
      out.reporting.push({ t, text: l });
  }
  return sorted(out);
}

export const scenario: IncidentScenario = { truth, generate };
