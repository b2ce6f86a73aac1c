// Generality set, round 5 (part 1 of 2; formats-round5b.ts holds the rest): formats written from
// their own documentation and real output before any miner change of round 5, untouched in round 5 and tuned from round 6 on (their
// scores were printed only with `--untouched` then). None of them is
// in LogHub or in rounds 1-4: a Jenkins controller log, a Rails production log, GitLab's Sidekiq
// JSON log, Keycloak's Quarkus console log, Squid's access and cache logs, etcd's zap JSON log.
//
// Truth conventions are README.md's (round 5 section included): a template is one log statement,
// its parameters variables however few values they take; header fields are variables; text
// request lines are one template per method; structured lines are their message template plus
// their key set; a stack-trace or backtrace line is one statement of its printer.
import { Gen, T, v, jsonLine, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';
import { ROUND5_FORMATS_B } from './formats-round5b.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');
const p6 = (n: number) => String(n).padStart(6, '0');

// ---------------------------------------------------------------------------------------------
// 35. Jenkins 2.452 LTS controller (`docker logs jenkins`): java.util.logging through Jenkins'
// SupportLogFormatter, `2024-06-12 10:00:00.123+0000 [id=45]\tINFO\tlogger#method: message`,
// the logger abbreviated (`o.j.p.w.job.WorkflowRun`); exceptions follow the line, one frame a line.

function jenkinsTime(g: Gen): string {
  const d = new Date(g.now);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p3(d.getUTCMilliseconds())}+0000`;
}

function jenkins(g: Gen, level: string, source: string, msg: Made): Made {
  return cat(T`${v(jenkinsTime(g))} [id=${v(g.int(20, 400))}]\t${level}\t${source}: `, msg);
}

const JOBS = [
  'shop/api/main',
  'shop/web/main',
  'shop/api/PR-412',
  'infra/terraform/main',
  'nightly-e2e',
  'shop/payments/release%2F2.4',
];
const jobDisplay = (job: string) =>
  job
    .split('/')
    .map((x) => decodeURIComponent(x))
    .join(' » ');
const AGENT = (g: Gen) =>
  `${g.pick(['shop-api-main', 'shop-web-main', 'nightly-e2e', 'infra-terraform-main'])}-${g.int(1, 2400)}-${g.alnum(5)}-${g.alnum(5)}`;
const RESULTS = ['SUCCESS', 'SUCCESS', 'SUCCESS', 'FAILURE', 'ABORTED', 'UNSTABLE'];

const JENKINS_FRAMES = [
  'org.jenkinsci.remoting.protocol.impl.ChannelApplicationLayer.onReadClosed(ChannelApplicationLayer.java:241)',
  'org.jenkinsci.remoting.protocol.ApplicationLayer.onRecvClosed(ApplicationLayer.java:221)',
  'org.jenkinsci.remoting.protocol.ProtocolStack$Ptr.onRecvClosed(ProtocolStack.java:825)',
  'org.jenkinsci.remoting.protocol.FilterLayer.onRecvClosed(FilterLayer.java:288)',
  'org.jenkinsci.remoting.protocol.impl.SSLEngineFilterLayer.onRecvClosed(SSLEngineFilterLayer.java:170)',
  'java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)',
  'java.base/java.lang.Thread.run(Thread.java:840)',
];

const jenkinsFmt: FormatSpec = {
  name: 'jenkins',
  split: 'tuned',
  description:
    'Jenkins 2.452 controller log (SupportLogFormatter): builds, Kubernetes agents, remoting, periodic work, CSRF, exceptions',
  tickMs: 1500,
  templates: [
    {
      w: 36,
      make: (g) => {
        const job = g.pickSkewed(JOBS);
        return jenkins(
          g,
          'INFO',
          'o.j.p.w.job.WorkflowRun#finish',
          T`${v(`${jobDisplay(job)} #${g.int(1, 3000)}`)} completed: ${v(g.pickSkewed(RESULTS))}`
        );
      },
    },
    {
      w: 30,
      make: (g) => {
        const agent = AGENT(g);
        return [
          jenkins(
            g,
            'INFO',
            'o.c.j.p.k.KubernetesCloud#provision',
            T`Excess workload after pending Kubernetes agents: ${v(g.int(1, 6))}`
          ),
          jenkins(
            g,
            'INFO',
            'o.c.j.p.k.KubernetesLauncher#launch',
            T`Created Pod: ${v('kubernetes')} ${v(`jenkins/${agent}`)}`
          ),
          jenkins(
            g,
            'INFO',
            'h.TcpSlaveAgentListener$ConnectionHandler#run',
            T`Accepted JNLP4-connect connection #${v(g.int(1, 9000))} from ${v(`/${g.privateIp()}:${g.int(30000, 60999)}`)}`
          ),
          jenkins(
            g,
            'INFO',
            'hudson.slaves.NodeProvisioner#update',
            T`${v(agent)} provisioning successfully completed. We have now ${v(g.int(2, 14))} computer(s)`
          ),
        ];
      },
    },
    {
      w: 24,
      make: (g) => {
        const agent = AGENT(g);
        return [
          jenkins(
            g,
            'INFO',
            'o.c.j.p.k.KubernetesSlave#_terminate',
            T`Terminating Kubernetes instance for agent ${v(agent)}`
          ),
          jenkins(
            g,
            'INFO',
            'o.c.j.p.k.KubernetesSlave#deleteSlavePod',
            T`Terminated Kubernetes instance for agent ${v(`jenkins/${agent}`)}`
          ),
          jenkins(g, 'INFO', 'o.c.j.p.k.KubernetesSlave#_terminate', T`Disconnected computer ${v(agent)}`),
        ];
      },
    },
    {
      w: 18,
      make: (g) => {
        const work = g.pick([
          'Download metadata',
          'Fingerprint cleanup',
          'Workspace clean-up',
          'Periodic background build discarder',
          'Connection Activity monitoring to agents',
        ]);
        return [
          jenkins(g, 'INFO', 'hudson.model.AsyncPeriodicWork#lambda$doRun$1', T`Started ${v(work)}`),
          jenkins(
            g,
            'INFO',
            'hudson.model.AsyncPeriodicWork#lambda$doRun$1',
            T`Finished ${v(work)}. ${v(g.int(1, 90000).toLocaleString('en-US'))} ms`
          ),
        ];
      },
    },
    {
      w: 12,
      make: (g) =>
        jenkins(
          g,
          'WARNING',
          'hudson.security.csrf.CrumbFilter#doFilter',
          T`Found invalid crumb ${v(g.hex(64))}. If you are calling this URL with a script, please use the API Token instead. More information: https://www.jenkins.io/redirect/crumb-cannot-be-used-for-script`
        ),
    },
    {
      w: 9,
      make: (g) =>
        jenkins(
          g,
          'WARNING',
          'hudson.security.csrf.CrumbFilter#doFilter',
          T`No valid crumb was included in request for ${v(g.pick(['/job/shop/job/api/job/main/build', '/job/nightly-e2e/buildWithParameters', '/scriptText', '/job/infra/job/terraform/job/main/build']))} by ${v(g.pick(['deploy-bot', 'anonymous', 'alice', 'ci-trigger']))}. Returning 403.`
        ),
    },
    {
      w: 12,
      make: (g) => {
        const agent = AGENT(g);
        const out: Made[] = [
          jenkins(
            g,
            'WARNING',
            'h.r.SynchronousCommandTransport$ReaderThread#run',
            T`I/O error in channel ${v(agent)}`
          ),
          T`${v(g.pick(['java.nio.channels.ClosedChannelException', 'java.io.EOFException']))}`,
        ];
        const start = g.int(0, 2);
        for (const f of JENKINS_FRAMES.slice(start, start + g.int(3, 5))) out.push(T`\tat ${v(f)}`);
        return out;
      },
    },
    {
      w: 9,
      make: (g) =>
        jenkins(
          g,
          'INFO',
          'hudson.slaves.ChannelPinger$1#onDead',
          T`Ping failed. Terminating the channel ${v(AGENT(g))}.`
        ),
    },
    {
      w: 9,
      make: (g) =>
        jenkins(
          g,
          'INFO',
          'jenkins.branch.MultiBranchProject$BranchIndexing#run',
          T`${v(g.pick(['shop/api', 'shop/web', 'shop/payments', 'infra/terraform']))} #${v(g.int(1, 900))} branch indexing action completed: ${v(g.pickSkewed(RESULTS))}`
        ),
    },
    {
      w: 6,
      make: (g) =>
        jenkins(
          g,
          'WARNING',
          'o.c.j.p.k.KubernetesLauncher#launch',
          T`Error in provisioning; agent=${v(AGENT(g))}, template=${v(`PodTemplate{id='${g.hex(40)}', name='${g.pick(['shop-api', 'nightly-e2e'])}', namespace='jenkins', label='${g.pick(['linux', 'maven'])}'}`)}`
        ),
    },
    {
      w: 1,
      make: (g) => [
        jenkins(g, 'INFO', 'jenkins.InitReactorRunner$1#onAttained', T`Started initialization`),
        jenkins(g, 'INFO', 'jenkins.InitReactorRunner$1#onAttained', T`Listed all plugins`),
        jenkins(g, 'INFO', 'jenkins.InitReactorRunner$1#onAttained', T`Prepared all plugins`),
        jenkins(g, 'INFO', 'jenkins.InitReactorRunner$1#onAttained', T`Started all plugins`),
        jenkins(g, 'INFO', 'jenkins.InitReactorRunner$1#onAttained', T`Loaded all jobs`),
        jenkins(g, 'INFO', 'jenkins.InitReactorRunner$1#onAttained', T`Completed initialization`),
        jenkins(g, 'INFO', 'hudson.lifecycle.Lifecycle#onReady', T`Jenkins is fully up and running`),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 36. Rails 7.1 production log (Ruby Logger's default formatter, request id tag): `I,
// [2024-06-12T10:00:00.123456 #7]  INFO -- : [uuid] message`; requests (Started / Processing /
// Parameters / Rendered / Completed), CSRF warnings, and a FATAL error whose exception and
// backtrace lines follow the header line without a header (the tagged logger joins them).

function rubyTime(g: Gen): string {
  const d = new Date(g.now);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p6(d.getUTCMilliseconds() * 1000 + g.int(0, 999))}`;
}

function rails(g: Gen, level: string, reqId: string, msg: Made): Made {
  return cat(
    T`${level[0]}, [${v(rubyTime(g))} #${v(g.pick([7, 9, 12, 15]))}] ${level.padStart(5, ' ')} -- : [${v(reqId)}] `,
    msg
  );
}

const RAILS_ROUTES: Array<{ m: string; path: (g: Gen) => string; action: string; params: (g: Gen) => string }> = [
  {
    m: 'GET',
    path: (g) => `/products/${g.int(1, 9999)}`,
    action: 'ProductsController#show',
    params: (g) => `{"id"=>"${g.int(1, 9999)}"}`,
  },
  {
    m: 'GET',
    path: (g) => `/products?page=${g.int(1, 40)}&category=${g.pick(['shoes', 'bags', 'hats'])}`,
    action: 'ProductsController#index',
    params: (g) => `{"page"=>"${g.int(1, 40)}", "category"=>"${g.pick(['shoes', 'bags', 'hats'])}"}`,
  },
  {
    m: 'POST',
    path: () => '/cart/items',
    action: 'CartItemsController#create',
    params: (g) =>
      `{"authenticity_token"=>"[FILTERED]", "cart_item"=>{"product_id"=>"${g.int(1, 9999)}", "quantity"=>"${g.int(1, 5)}"}}`,
  },
  {
    m: 'PATCH',
    path: (g) => `/account/addresses/${g.int(1, 900)}`,
    action: 'Account::AddressesController#update',
    params: (g) =>
      `{"authenticity_token"=>"[FILTERED]", "address"=>{"city"=>"${g.pick(['Berlin', 'Lyon', 'Porto'])}"}, "id"=>"${g.int(1, 900)}"}`,
  },
  {
    m: 'DELETE',
    path: (g) => `/cart/items/${g.int(1, 99999)}`,
    action: 'CartItemsController#destroy',
    params: (g) => `{"id"=>"${g.int(1, 99999)}"}`,
  },
];
const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  302: 'Found',
  404: 'Not Found',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};

const railsFmt: FormatSpec = {
  name: 'rails',
  split: 'tuned',
  description:
    'Rails 7.1 production log (Ruby Logger, request-id tags): request lifecycle, renders, redirects, CSRF, FATAL errors with backtraces',
  tickMs: 300,
  templates: [
    {
      w: 30,
      make: (g) => {
        const id = g.uuid();
        const r = g.pickSkewed(RAILS_ROUTES);
        const fmt = r.m === 'GET' ? g.pick(['HTML', 'HTML', 'JSON', 'TURBO_STREAM']) : g.pick(['HTML', 'TURBO_STREAM']);
        const status = r.m === 'GET' ? g.pickSkewed([200, 200, 200, 404]) : g.pickSkewed([302, 302, 200, 422]);
        const t = new Date(g.now)
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d+Z$/, ' +0000');
        const out: Made[] = [
          rails(g, 'INFO', id, cat(T`Started ${r.m} "${v(r.path(g))}" for ${v(g.publicIp())} at ${v(t)}`)),
          rails(g, 'INFO', id, T`Processing by ${v(r.action)} as ${v(fmt)}`),
          rails(g, 'INFO', id, T`  Parameters: ${v(r.params(g))}`),
        ];
        if (status === 302) {
          out.push(
            rails(
              g,
              'INFO',
              id,
              T`Redirected to ${v(`https://shop.example.com${g.pick(['/cart', '/account/addresses', '/checkout', '/products'])}`)}`
            )
          );
        } else if (r.m === 'GET' && status === 200) {
          const view = r.action === 'ProductsController#show' ? 'products/show' : 'products/index';
          out.push(
            rails(
              g,
              'INFO',
              id,
              T`  Rendered ${v(`${view}.html.erb`)} within ${v('layouts/application')} (Duration: ${v(g.float(0.5, 80, 1))}ms | Allocations: ${v(g.int(300, 90000))})`
            ),
            rails(
              g,
              'INFO',
              id,
              T`  Rendered layout ${v('layouts/application.html.erb')} (Duration: ${v(g.float(1, 120, 1))}ms | Allocations: ${v(g.int(800, 120000))})`
            )
          );
        }
        const adds =
          status === 200 && r.m === 'GET'
            ? `Views: ${g.float(1, 120, 1)}ms | ActiveRecord: ${g.float(0.2, 60, 1)}ms (${g.int(1, 30)} queries, ${g.int(0, 12)} cached) | GC: ${g.float(0, 9, 1)}ms`
            : `ActiveRecord: ${g.float(0.2, 60, 1)}ms (${g.int(1, 30)} queries, ${g.int(0, 12)} cached) | GC: ${g.float(0, 9, 1)}ms`;
        out.push(
          rails(
            g,
            'INFO',
            id,
            T`Completed ${v(`${status} ${STATUS_TEXT[status]}`)} in ${v(g.int(2, 900))}ms (${v(adds)})`
          )
        );
        return out;
      },
    },
    {
      w: 3,
      make: (g) => {
        const id = g.uuid();
        return [
          rails(
            g,
            'INFO',
            id,
            T`Started POST "${v(g.pick(['/cart/items', '/checkout', '/users/sign_in']))}" for ${v(g.publicIp())} at ${v(
              new Date(g.now)
                .toISOString()
                .replace('T', ' ')
                .replace(/\.\d+Z$/, ' +0000')
            )}`
          ),
          rails(g, 'WARN', id, T`Can't verify CSRF token authenticity.`),
          rails(
            g,
            'INFO',
            id,
            T`Completed ${v('422 Unprocessable Entity')} in ${v(g.int(1, 30))}ms (${v(`ActiveRecord: 0.0ms (0 queries, 0 cached) | GC: ${g.float(0, 2, 1)}ms`)})`
          ),
        ];
      },
    },
    {
      w: 3,
      make: (g) => {
        const id = g.uuid();
        const [exc, msg, frames] = g.pick([
          [
            'ActiveRecord::RecordNotFound',
            `Couldn't find Product with 'id'=${g.int(10000, 99999)}`,
            ["app/controllers/products_controller.rb:71:in `set_product'"],
          ],
          [
            'ActionController::ParameterMissing',
            'param is missing or the value is empty: cart_item',
            [
              "app/controllers/cart_items_controller.rb:48:in `cart_item_params'",
              "app/controllers/cart_items_controller.rb:12:in `create'",
            ],
          ],
          [
            'Stripe::CardError',
            'Your card was declined.',
            [
              "app/services/payment_service.rb:33:in `charge!'",
              "app/controllers/checkouts_controller.rb:19:in `create'",
            ],
          ],
          [
            'Redis::CannotConnectError',
            `Error connecting to Redis on redis.internal:6379 (Errno::ECONNREFUSED)`,
            ["app/models/cart.rb:27:in `cached_total'", "app/controllers/carts_controller.rb:8:in `show'"],
          ],
        ] as const);
        const out: Made[] = [
          rails(
            g,
            'INFO',
            id,
            T`Started GET "${v(`/products/${g.int(1, 99999)}`)}" for ${v(g.publicIp())} at ${v(
              new Date(g.now)
                .toISOString()
                .replace('T', ' ')
                .replace(/\.\d+Z$/, ' +0000')
            )}`
          ),
          rails(
            g,
            'INFO',
            id,
            T`Completed ${v('500 Internal Server Error')} in ${v(g.int(2, 900))}ms (${v(`ActiveRecord: ${g.float(0.2, 60, 1)}ms (${g.int(1, 9)} queries, 0 cached) | GC: ${g.float(0, 2, 1)}ms`)})`
          ),
          rails(g, 'FATAL', id, T`  `),
          T`${v(exc)} (${v(msg)}):`,
        ];
        for (const f of frames) {
          const m = /^(.*):(\d+):in `(.*)'$/.exec(f)!;
          out.push(T`${v(m[1])}:${v(m[2])}:in \`${v(m[3])}'`);
        }
        return out;
      },
    },
    {
      w: 2,
      make: (g) =>
        rails(
          g,
          'INFO',
          g.uuid(),
          T`[ActiveJob] Enqueued ${v(g.pick(['OrderMailer::DeliveryJob', 'ActionMailer::MailDeliveryJob', 'SyncStockJob']))} (Job ID: ${v(g.uuid())}) to ${v('Sidekiq')}(${v(g.pick(['default', 'mailers']))}) with arguments: ${v(g.pick([`"OrderMailer", "confirmation", "deliver_now", {:args=>[#<GlobalID:0x000${g.hex(13)} @uri=#<URI::GID gid://shop/Order/${g.int(1, 99999)}>>]}`, `${g.int(1, 9999)}`, `"${g.pick(['shoes', 'bags'])}", ${g.int(1, 99)}`]))}`
        ),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 37. GitLab 17 `sidekiq/current` (Sidekiq JSON log, one object a line): job start / done / fail
// with GitLab's metadata fields (`meta.*`), the worker's class in the message.

const PROJECT_WORKERS = [
  ['BuildFinishedWorker', 'pipeline_processing:build_finished'],
  ['PipelineProcessWorker', 'pipeline_processing:pipeline_process'],
  ['PostReceive', 'default'],
  ['MergeRequests::UpdateHeadPipelineWorker', 'pipeline_default:merge_requests_update_head_pipeline'],
  ['ProjectCacheWorker', 'project_cache'],
  ['Ci::BuildFinishedWorker', 'pipeline_processing:ci_build_finished'],
];
const CRON_WORKERS = [
  ['Ci::ScheduleDeleteObjectsCronWorker', 'cronjob:ci_schedule_delete_objects_cron'],
  ['StuckCiJobsWorker', 'cronjob:stuck_ci_jobs'],
  ['UserStatusCleanup::BatchWorker', 'cronjob:user_status_cleanup_batch'],
  ['PruneOldEventsWorker', 'cronjob:prune_old_events'],
];
const GL_PROJECTS = ['shop/api', 'shop/web', 'platform/infra', 'data/etl', 'gitlab-org/gitlab-runner'];

function sidekiqFields(
  g: Gen,
  cls: string,
  queue: string,
  project: string | null,
  jid: string,
  status: string,
  extra: Array<[string, unknown]>
): Array<[string, unknown]> {
  const f: Array<[string, unknown]> = [
    ['severity', status === 'fail' ? 'WARN' : 'INFO'],
    ['time', g.iso()],
    ['retry', project ? 3 : 0],
    ['queue', queue],
    ['version', 0],
    ['queue_namespace', queue.includes(':') ? queue.split(':')[0] : queue],
    ['args', project ? [String(g.int(1, 9999999))] : []],
    ['class', cls],
    ['jid', jid],
    ['created_at', new Date(g.now - g.int(10, 9000)).toISOString()],
    ['correlation_id', g.hex(26).toUpperCase()],
  ];
  if (project) {
    f.push(
      ['meta.project', project],
      ['meta.root_namespace', project.split('/')[0]],
      ['meta.caller_id', g.pick(['POST /api/:version/jobs/request', 'Ci::BuildFinishedWorker', 'PostReceive'])]
    );
  } else {
    f.push(['meta.caller_id', `${cls}`]);
  }
  f.push(
    ['worker_data_consistency', g.pick(['always', 'sticky', 'delayed'])],
    ['enqueued_at', new Date(g.now - g.int(5, 5000)).toISOString()],
    ['job_size_bytes', g.int(2, 400)],
    ['pid', g.pick([1412, 1420, 2033])],
    ['message', ''],
    ['job_status', status]
  );
  f.push(...extra);
  return f;
}

const sidekiqFmt: FormatSpec = {
  name: 'gitlab-sidekiq-json',
  split: 'tuned',
  description:
    "GitLab 17 sidekiq/current: Sidekiq JSON job lines (start, done, fail) with GitLab's meta.* fields, cron and project workers",
  tickMs: 250,
  templates: [
    {
      w: 30,
      make: (g) => {
        const proj = g.chance(0.75);
        const [cls, queue] = proj ? g.pickSkewed(PROJECT_WORKERS) : g.pick(CRON_WORKERS);
        const project = proj ? g.pickSkewed(GL_PROJECTS) : null;
        const jid = g.hex(24);
        const start = jsonLine(
          sidekiqFields(g, cls, queue, project, jid, 'start', [['scheduling_latency_s', Number(g.float(0, 2, 6))]]),
          'message',
          T`${v(cls)} JID-${v(jid)}: start`
        );
        const dur = g.float(0.01, 40, 6);
        const fail = g.chance(0.1);
        const end = fail
          ? jsonLine(
              sidekiqFields(g, cls, queue, project, jid, 'fail', [
                ['duration_s', Number(dur)],
                ['cpu_s', Number(g.float(0.001, 5, 6))],
                ['db_count', g.int(0, 400)],
                [
                  'error_message',
                  g.pick([
                    'PG::QueryCanceled: ERROR:  canceling statement due to statement timeout',
                    'Gitlab::ExclusiveLeaseHelpers::FailedToObtainLockError',
                    'Net::ReadTimeout with #<TCPSocket:(closed)>',
                    `Couldn't find Ci::Build with 'id'=${g.int(1, 9999999)}`,
                  ]),
                ],
                [
                  'error_class',
                  g.pick([
                    'ActiveRecord::QueryCanceled',
                    'Gitlab::ExclusiveLeaseHelpers::FailedToObtainLockError',
                    'Net::ReadTimeout',
                    'ActiveRecord::RecordNotFound',
                  ]),
                ],
                [
                  'error_backtrace',
                  [
                    `app/workers/${cls.toLowerCase().replace(/::/g, '/')}.rb:${g.int(10, 90)}:in 'perform'`,
                    `lib/gitlab/sidekiq_middleware/server_metrics.rb:${g.int(60, 90)}:in 'block in call'`,
                  ],
                ],
              ]),
              'message',
              T`${v(cls)} JID-${v(jid)}: fail: ${v(dur)} sec`
            )
          : jsonLine(
              sidekiqFields(g, cls, queue, project, jid, 'done', [
                ['duration_s', Number(dur)],
                ['cpu_s', Number(g.float(0.001, 5, 6))],
                ['db_count', g.int(0, 400)],
                ['db_write_count', g.int(0, 40)],
                ['redis_calls', g.int(0, 90)],
                ['completed_at', g.iso()],
              ]),
              'message',
              T`${v(cls)} JID-${v(jid)}: done: ${v(dur)} sec`
            );
        return [start, end];
      },
    },
    {
      w: 3,
      make: (g) =>
        jsonLine(
          [
            ['severity', 'INFO'],
            ['time', g.iso()],
            ['message', ''],
            ['class', g.pick(CRON_WORKERS)[0]],
            [
              'cron_job_name',
              g.pick(['stuck_ci_jobs_worker', 'prune_old_events_worker', 'ci_schedule_delete_objects_worker']),
            ],
            ['job_status', 'enqueued'],
          ],
          'message',
          T`${v(g.pick(['Ci::ScheduleDeleteObjectsCronWorker', 'StuckCiJobsWorker', 'PruneOldEventsWorker']))} JID-${v(g.hex(24))}: enqueued`
        ),
    },
    {
      w: 2,
      make: (g) =>
        jsonLine(
          [
            ['severity', 'WARN'],
            ['time', g.iso()],
            ['message', ''],
            ['class', 'Gitlab::SidekiqDaemon::MemoryKiller'],
            ['pid', g.pick([1412, 1420, 2033])],
            ['rss', g.int(2000000, 3000000)],
            ['soft_limit_rss', 2000000],
            ['hard_limit_rss', 3000000],
            ['reason', 'rss_exceeds_soft_limit'],
            ['running_jobs', [{ jid: g.hex(24), worker_class: g.pick(PROJECT_WORKERS)[0] }]],
          ],
          'message',
          T`Sidekiq worker RSS out of range`
        ),
    },
    {
      w: 1,
      make: (g) =>
        jsonLine(
          [
            ['severity', 'INFO'],
            ['time', g.iso()],
            ['message', ''],
            ['pid', g.pick([1412, 1420, 2033])],
          ],
          'message',
          g.chance(0.5)
            ? T`Shutting down`
            : T`Booting Sidekiq ${v('7.1.6')} with Sidekiq::RedisConnection::RedisAdapter options ${v('{:url=>"redis://gitlab-redis-master:6379", :size=>22}')}`
        ),
    },
  ],
};

export const ROUND5_FORMATS: readonly FormatSpec[] = [jenkinsFmt, railsFmt, sidekiqFmt, ...ROUND5_FORMATS_B];
