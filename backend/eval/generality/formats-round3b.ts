// Generality set, round 3 (part 2 of 4; see formats-round3.ts): a Postfix mail server through
// rsyslog and a Celery worker (Python, with tracebacks line by line). Written
// from the formats' documentation and real output before any miner change of round 3; untouched in round 3, tuned from round 4 on.
import { Gen, T, v, MONTHS, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

// ---------------------------------------------------------------------------------------------
// 26. Postfix 3.7 (+ OpenDKIM) through rsyslog's traditional format: smtpd, postscreen, cleanup,
// qmgr, smtp, bounce, anvil. The delivery status line is one statement (`status=%s (%s)`); a
// reject line's queue id (`NOQUEUE`) and SMTP command are its parameters, as in Postfix's source.

function mailTime(g: Gen): string {
  const d = new Date(g.now);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}
/** Long-running daemons keep their pid; smtpd, cleanup and smtp processes come and go. */
const DAEMON_PIDS: Record<string, number[]> = {
  'postfix/qmgr': [1187],
  'postfix/pickup': [30412, 31877],
  'postfix/anvil': [2201, 5872],
  'postfix/postscreen': [1190],
  opendkim: [811],
};
function pf(
  g: Gen,
  proc: string,
  msg: Made,
  pid = DAEMON_PIDS[proc] ? g.pick(DAEMON_PIDS[proc]) : g.int(1000, 65000)
): Made {
  return cat(T`${v(mailTime(g))} ${v('mx-01')} ${proc}[${v(pid)}]: `, msg);
}
const qid = (g: Gen) => g.alnum(g.pick([10, 11]), '0123456789ABCDEF');
const REMOTES: Array<[string, () => string]> = [
  ['mail-wr1-f54.google.com', () => '209.85.221.54'],
  ['mail-ej1-f45.google.com', () => '209.85.218.45'],
  ['EUR05-AM6-obe.outbound.protection.outlook.com', () => '40.107.22.73'],
  ['mta-07.mailchimpapp.net', () => '198.2.139.7'],
];
function remote(g: Gen): [string, string] {
  if (g.chance(0.35)) return ['unknown', g.publicIp()];
  const [h, ip] = g.pickSkewed(REMOTES);
  return [h, ip()];
}
const LOCAL_USERS = ['alice', 'bob', 'carol', 'orders', 'support', 'billing'];
const rcpt = (g: Gen) => `${g.pick(LOCAL_USERS)}@example.org`;
const sender = (g: Gen) =>
  g.pickSkewed([
    `noreply@${g.pick(['github.com', 'mail.stripe.com', 'accounts.google.com'])}`,
    `${g.pick(['jane', 'tom', 'li.wei', 'sales'])}@${g.pick(['gmail.com', 'outlook.com', 'acme-corp.de'])}`,
    `bounce-${g.int(1000, 99999)}@mailchimpapp.net`,
  ]);

function delivery(g: Gen): Made[] {
  const [h, ip] = remote(g);
  const id = qid(g);
  const smtpd = g.int(1000, 65000);
  const to = rcpt(g);
  const out: Made[] = [
    pf(g, 'postfix/smtpd', T`connect from ${v(h)}[${v(ip)}]`, smtpd),
    pf(g, 'postfix/smtpd', T`${v(id)}: client=${v(h)}[${v(ip)}]`, smtpd),
    pf(
      g,
      'postfix/cleanup',
      T`${v(id)}: message-id=<${v(`${g.alnum(16)}@${h === 'unknown' ? 'mail.example.net' : h}`)}>`
    ),
  ];
  if (g.chance(0.3)) out.push(pf(g, 'opendkim', T`${v(id)}: ${v(`${h}[${ip}]`)} not internal`));
  out.push(
    pf(
      g,
      'postfix/qmgr',
      T`${v(id)}: from=<${v(sender(g))}>, size=${v(g.int(900, 900000))}, nrcpt=${v(1)} (queue active)`
    ),
    pf(
      g,
      'postfix/smtpd',
      T`disconnect from ${v(h)}[${v(ip)}] ${v(`ehlo=1 mail=1 rcpt=1 ${g.chance(0.1) ? 'bdat=1' : 'data=1'} quit=1 commands=5`)}`,
      smtpd
    ),
    pf(
      g,
      'postfix/lmtp',
      T`${v(id)}: to=<${v(to)}>, relay=${v('mail.example.org[private/dovecot-lmtp]')}, delay=${v(g.float(0.1, 3, 2))}, delays=${v(`${g.float(0, 1, 2)}/0.01/0.01/${g.float(0, 1, 2)}`)}, dsn=${v('2.0.0')}, status=${v('sent')} (${v(`250 2.0.0 <${to}> ${g.alnum(22, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/')} Saved`)})`
    ),
    pf(g, 'postfix/qmgr', T`${v(id)}: removed`)
  );
  return out;
}

function outbound(g: Gen): Made[] {
  const id = qid(g);
  const to = `${g.pick(['jane', 'tom', 'customer', 'accounts'])}@${g.pick(['gmail.com', 'outlook.com', 'acme-corp.de', 'example.net'])}`;
  const mx = to.endsWith('gmail.com')
    ? 'gmail-smtp-in.l.google.com'
    : to.endsWith('outlook.com')
      ? 'outlook-com.olc.protection.outlook.com'
      : `mx.${to.split('@')[1]}`;
  const outcome = g.pickSkewed(['sent', 'sent', 'sent', 'sent', 'deferred', 'bounced']);
  const text =
    outcome === 'sent'
      ? `250 2.0.0 OK  ${g.int(1.7e9, 1.8e9)} ${g.alnum(20)} - gsmtp`
      : outcome === 'deferred'
        ? g.pick([
            `connect to ${mx}[${g.publicIp()}]:25: Connection timed out`,
            `host ${mx}[${g.publicIp()}] said: 451 4.7.1 Greylisting in action, please come back later (in reply to RCPT TO command)`,
          ])
        : `host ${mx}[${g.publicIp()}] said: 550 5.1.1 <${to}>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)`;
  const out: Made[] = [
    pf(g, 'postfix/pickup', T`${v(id)}: uid=${v(g.pick([33, 1000]))} from=<${v(g.pick(['www-data', 'orders']))}>`),
    pf(g, 'postfix/cleanup', T`${v(id)}: message-id=<${v(`${g.int(1.7e9, 1.8e9)}.${g.alnum(8)}@shop.example.org`)}>`),
    pf(g, 'opendkim', T`${v(id)}: DKIM-Signature field added (s=${v('mail')}, d=${v('example.org')})`),
    pf(
      g,
      'postfix/qmgr',
      T`${v(id)}: from=<${v('orders@example.org')}>, size=${v(g.int(900, 90000))}, nrcpt=${v(1)} (queue active)`
    ),
    pf(
      g,
      'postfix/smtp',
      T`${v(id)}: to=<${v(to)}>, relay=${v(`${mx}[${g.publicIp()}]:25`)}, delay=${v(g.float(0.2, 30, 1))}, delays=${v(`0.02/0.01/${g.float(0, 9, 2)}/${g.float(0, 9, 2)}`)}, dsn=${v(outcome === 'sent' ? '2.0.0' : outcome === 'deferred' ? '4.4.1' : '5.1.1')}, status=${v(outcome)} (${v(text)})`
    ),
  ];
  if (outcome === 'bounced')
    out.push(pf(g, 'postfix/bounce', T`${v(id)}: sender non-delivery notification: ${v(qid(g))}`));
  if (outcome !== 'deferred') out.push(pf(g, 'postfix/qmgr', T`${v(id)}: removed`));
  return out;
}

const postfix: FormatSpec = {
  name: 'postfix',
  split: 'tuned',
  description:
    'Postfix 3.7 + OpenDKIM mail server via rsyslog: deliveries, relaying, rejects, postscreen, SASL failures',
  tickMs: 400,
  templates: [
    { w: 14, make: delivery },
    { w: 10, make: outbound },
    {
      w: 10,
      make: (g) => {
        const ip = g.publicIp();
        const port = g.int(1024, 65535);
        const out = [
          pf(g, 'postfix/postscreen', T`CONNECT from [${v(ip)}]:${v(port)} to [${v('198.51.100.25')}]:${v(25)}`),
        ];
        if (g.chance(0.5)) out.push(pf(g, 'postfix/postscreen', T`PASS OLD [${v(ip)}]:${v(port)}`));
        else if (g.chance(0.5))
          out.push(
            pf(g, 'postfix/postscreen', T`DNSBL rank ${v(g.int(1, 6))} for [${v(ip)}]:${v(port)}`),
            pf(g, 'postfix/postscreen', T`DISCONNECT [${v(ip)}]:${v(port)}`)
          );
        else
          out.push(
            pf(
              g,
              'postfix/postscreen',
              T`PREGREET ${v(g.int(11, 40))} after ${v(g.float(0, 0.5, 2))} from [${v(ip)}]:${v(port)}: ${v('EHLO User\\r\\n')}`
            )
          );
        return out;
      },
    },
    {
      w: 6,
      make: (g) => {
        const [h, ip] = remote(g);
        const [code, text] = g.pickSkewed([
          ['554 5.7.1', `<${rcpt(g).replace('example.org', 'relay-test.net')}>: Relay access denied`],
          ['450 4.1.8', `<${sender(g)}>: Sender address rejected: Domain not found`],
          [
            '550 5.1.1',
            `<${g.pick(['info', 'admin', 'webmaster'])}@example.org>: Recipient address rejected: User unknown in virtual mailbox table`,
          ],
          [
            '554 5.7.1',
            `Service unavailable; Client host [${ip}] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/${ip}`,
          ],
        ]);
        const smtpd = g.int(1000, 65000);
        return [
          pf(g, 'postfix/smtpd', T`connect from ${v(h)}[${v(ip)}]`, smtpd),
          pf(
            g,
            'postfix/smtpd',
            T`${v('NOQUEUE')}: reject: ${v('RCPT')} from ${v(h)}[${v(ip)}]: ${v(`${code} ${text}`)}; from=<${v(sender(g))}> to=<${v(rcpt(g))}> proto=${v(g.pick(['ESMTP', 'SMTP']))} helo=<${v(g.pick(['localhost', 'User', h === 'unknown' ? g.alnum(8) + '.net' : h]))}>`,
            smtpd
          ),
          pf(
            g,
            'postfix/smtpd',
            T`disconnect from ${v(h)}[${v(ip)}] ${v(g.pick(['ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4', 'ehlo=1 mail=1 rcpt=0/1 data=0/1 rset=1 quit=1 commands=4/6', 'ehlo=1 mail=1 rcpt=0/2 quit=1 commands=3/5']))}`,
            smtpd
          ),
        ];
      },
    },
    {
      w: 5,
      make: (g) => {
        const ip = g.publicIp();
        return [
          pf(
            g,
            'postfix/submission/smtpd',
            T`warning: unknown[${v(ip)}]: SASL ${v(g.pick(['LOGIN', 'PLAIN']))} authentication failed: ${v(g.pick(['UGFzc3dvcmQ6', 'authentication failure']))}`
          ),
          pf(
            g,
            'postfix/submission/smtpd',
            T`lost connection after ${v(g.pick(['AUTH', 'EHLO', 'CONNECT']))} from ${v('unknown')}[${v(ip)}]`
          ),
        ];
      },
    },
    {
      w: 4,
      make: (g) => {
        const ip = g.publicIp();
        const h = `${ip.replace(/\./g, '-')}.${g.pick(['static.example-isp.net', 'dyn.broadband.example'])}`;
        return pf(
          g,
          'postfix/smtpd',
          T`warning: hostname ${v(h)} does not resolve to address ${v(ip)}: ${v(g.pick(['Name or service not known', 'Temporary failure in name resolution']))}`
        );
      },
    },
    {
      w: 3,
      make: (g) => {
        const [h, ip] = remote(g);
        return pf(
          g,
          'postfix/smtpd',
          T`Anonymous TLS connection established from ${v(h)}[${v(ip)}]: ${v('TLSv1.3')} with cipher ${v(g.pick(['TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256']))} (${v('256/256')} bits) key-exchange ${v('X25519')} server-signature ${v('RSA-PSS')} (${v(2048)} bits) server-digest ${v('SHA256')}`
        );
      },
    },
    {
      w: 2,
      make: (g) =>
        pf(
          g,
          'postfix/smtpd',
          T`warning: TLS library problem: ${v(`error:0A000126:SSL routines::unexpected eof while reading:../ssl/record/rec_layer_s3.c:${g.pick([303, 650])}:`)}`
        ),
    },
    {
      w: 2,
      make: (g) =>
        pf(
          g,
          'postfix/anvil',
          T`statistics: max connection rate ${v(`${g.int(1, 30)}/60s`)} for (${v(`smtp:${g.publicIp()}`)}) at ${v(mailTime(g))}`
        ),
    },
    {
      w: 2,
      make: (g) => pf(g, 'postfix/anvil', T`statistics: max cache size ${v(g.int(1, 40))} at ${v(mailTime(g))}`),
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 27. Celery 5.4 worker (Python 3.12) with an embedded beat: `[%(asctime)s: %(levelname)s/
// %(processName)s] %(message)s`, task loggers with `%(task_name)s[%(task_id)s]: `, and
// tracebacks line by line (the traceback module's statements: the header, `  File "<*>", line
// <*>, in <*>`, the source line, the exception line).

function celeryTime(g: Gen): string {
  const d = new Date(g.now);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())},${p3(d.getUTCMilliseconds())}`;
}
function cel(g: Gen, level: string, proc: string, msg: Made): Made {
  return cat(T`[${v(celeryTime(g))}: ${level}/${v(proc)}] `, msg);
}
const worker = (g: Gen) => `ForkPoolWorker-${g.int(1, 8)}`;
const TASKS = [
  'shop.tasks.send_order_confirmation',
  'shop.tasks.sync_inventory',
  'shop.tasks.charge_card',
  'shop.tasks.rebuild_search_index',
  'shop.tasks.generate_invoice_pdf',
];
const taskId = (g: Gen) => g.uuid();

function traceback(g: Gen, exc: string): Made[] {
  const frames: Array<[string, number, string, string]> = [
    [
      '/usr/local/lib/python3.12/site-packages/celery/app/trace.py',
      453,
      'trace_task',
      'R = retval = fun(*args, **kwargs)',
    ],
    [
      '/usr/local/lib/python3.12/site-packages/celery/app/trace.py',
      736,
      '__protected_call__',
      'return self.run(*args, **kwargs)',
    ],
    [
      '/app/shop/tasks.py',
      g.int(20, 300),
      g.pick(['sync_inventory', 'charge_card', 'generate_invoice_pdf']),
      g.pick(['resp = session.get(url, timeout=10)', 'stock = erp.fetch_stock(sku)', 'pdf = render_invoice(order)']),
    ],
    [
      '/usr/local/lib/python3.12/site-packages/requests/sessions.py',
      703,
      'send',
      'r = adapter.send(request, **kwargs)',
    ],
    [
      '/usr/local/lib/python3.12/site-packages/requests/adapters.py',
      519,
      'send',
      'raise ConnectionError(e, request=request)',
    ],
  ];
  const n = g.int(3, frames.length);
  const out: Made[] = [T`Traceback (most recent call last):`];
  for (const [file, line, fn, src] of frames.slice(0, n)) {
    out.push(T`  File "${v(file)}", line ${v(line)}, in ${v(fn)}`, T`    ${v(src)}`);
  }
  const i = exc.indexOf(': ');
  out.push(T`${v(exc.slice(0, i))}: ${v(exc.slice(i + 2))}`);
  return out;
}
const EXCEPTIONS = (g: Gen) =>
  g.pick([
    `requests.exceptions.ConnectionError: HTTPSConnectionPool(host='erp.example.com', port=443): Max retries exceeded with url: /api/stock/${g.pick(['SKU-1042', 'SKU-2210'])} (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f${g.hex(10)}>: Failed to establish a new connection: [Errno 111] Connection refused'))`,
    `requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.stripe.com', port=443): Read timed out. (read timeout=10)`,
    `KeyError: '${g.pick(['billing_address', 'tax_id'])}'`,
  ]);

const celery: FormatSpec = {
  name: 'celery-worker',
  split: 'tuned',
  description:
    'Celery 5.4 worker with embedded beat (Python 3.12): task received/succeeded/retry/failed, task loggers, tracebacks',
  templates: [
    {
      w: 30,
      make: (g) => {
        const t = g.pickSkewed(TASKS);
        const id = taskId(g);
        const w = worker(g);
        const ret = t.endsWith('send_order_confirmation')
          ? 'None'
          : t.endsWith('sync_inventory')
            ? `{'updated': ${g.int(0, 400)}}`
            : t.endsWith('charge_card')
              ? `'${g.pick(['succeeded', 'requires_action'])}'`
              : t.endsWith('generate_invoice_pdf')
                ? `'s3://invoices/${g.int(2024000, 2024999)}.pdf'`
                : 'None';
        const out: Made[] = [cel(g, 'INFO', 'MainProcess', T`Task ${v(t)}[${v(id)}] received`)];
        if (t.endsWith('send_order_confirmation'))
          out.push(
            cel(
              g,
              'INFO',
              w,
              T`${v(t)}[${v(id)}]: Sent confirmation for order ${v(g.int(100000, 999999))} to ${v(`${g.pick(['a', 'j', 'm', 't'])}***@${g.pick(['gmail.com', 'outlook.com', 'web.de'])}`)}`
            )
          );
        if (t.endsWith('rebuild_search_index'))
          out.push(
            cel(
              g,
              'WARNING',
              w,
              T`${v(t)}[${v(id)}]: Index ${v(`shop-products-v${g.int(3, 5)}`)} is ${v(g.int(6, 90))} minutes stale, rebuilding ${v(g.int(100, 9000))} documents`
            )
          );
        out.push(
          cel(
            g,
            'INFO',
            w,
            T`Task ${v(t)}[${v(id)}] succeeded in ${v(`${g.float(0.01, 30, g.pick([3, 4, 6]))}s`)}: ${v(ret)}`
          )
        );
        return out;
      },
    },
    {
      w: 4,
      make: (g) => {
        const t = g.pick(['shop.tasks.charge_card', 'shop.tasks.sync_inventory']);
        const id = taskId(g);
        return [
          cel(g, 'INFO', 'MainProcess', T`Task ${v(t)}[${v(id)}] received`),
          cel(
            g,
            'INFO',
            worker(g),
            T`Task ${v(t)}[${v(id)}] retry: ${v(`Retry in ${g.pick([10, 30, 60, 120])}s: ${g.pick(['ReadTimeout(ReadTimeoutError("HTTPSConnectionPool(host=\'api.stripe.com\', port=443): Read timed out. (read timeout=10)"))', "TimeoutError('timed out')", 'ConnectionError(MaxRetryError("HTTPSConnectionPool(host=\'erp.example.com\', port=443): Max retries exceeded"))'])}`)}`
          ),
        ];
      },
    },
    {
      w: 3,
      make: (g) => {
        const t = g.pick(['shop.tasks.sync_inventory', 'shop.tasks.generate_invoice_pdf']);
        const id = taskId(g);
        const exc = EXCEPTIONS(g);
        // the task's exception as repr() writes it: `ReadTimeout("HTTPSConnectionPool(...)")`
        const i = exc.indexOf(': ');
        const cls = exc.slice(0, i).split('.').pop()!;
        const short =
          cls === 'KeyError' ? `KeyError(${exc.slice(i + 2)})` : `${cls}(${JSON.stringify(exc.slice(i + 2))})`;
        return [
          cel(g, 'INFO', 'MainProcess', T`Task ${v(t)}[${v(id)}] received`),
          cel(g, 'ERROR', worker(g), T`Task ${v(t)}[${v(id)}] raised unexpected: ${v(short)}`),
          ...traceback(g, exc),
        ];
      },
    },
    {
      w: 6,
      make: (g) => {
        const [name, task] = g.pick([
          ['cleanup-expired-carts', 'shop.tasks.cleanup_expired_carts'],
          ['sync-inventory-every-5m', 'shop.tasks.sync_inventory'],
          ['nightly-invoices', 'shop.tasks.generate_invoice_pdf'],
        ]);
        return cel(g, 'INFO', 'Beat', T`Scheduler: Sending due task ${v(name)} (${v(task)})`);
      },
    },
    {
      w: 2,
      make: (g) => [
        cel(
          g,
          'WARNING',
          'MainProcess',
          T`consumer: Connection to broker lost. Trying to re-establish the connection...`
        ),
        cel(
          g,
          'ERROR',
          'MainProcess',
          T`consumer: Cannot connect to ${v('redis://redis:6379/0')}: ${v('Error 111 connecting to redis:6379. Connection refused.')}.`
        ),
        T`Trying again in ${v(g.pick(['2.00', '4.00', '6.00']))} seconds... (${v(g.int(1, 5))}/100)`,
        T``,
        cel(g, 'INFO', 'MainProcess', T`Connected to ${v('redis://redis:6379/0')}`),
      ],
    },
    {
      w: 1,
      make: (g) => [
        cel(
          g,
          'ERROR',
          'MainProcess',
          T`Process '${v(worker(g))}' pid:${v(g.int(20, 900))} exited with 'signal 9 (SIGKILL)'`
        ),
        cel(
          g,
          'ERROR',
          'MainProcess',
          T`Task handler raised error: ${v(`WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL) Job: ${g.int(1, 9000)}.')`)}`
        ),
      ],
    },
    {
      w: 1,
      make: (g) => {
        const host = `celery@worker-${g.alnum(9)}-${g.alnum(5)}`;
        return [
          cel(g, 'INFO', 'MainProcess', T`Connected to ${v('redis://redis:6379/0')}`),
          cel(g, 'INFO', 'MainProcess', T`mingle: searching for neighbors`),
          g.chance(0.5)
            ? cel(g, 'INFO', 'MainProcess', T`mingle: all alone`)
            : cel(g, 'INFO', 'MainProcess', T`mingle: sync with ${v(g.int(1, 3))} nodes`),
          cel(g, 'INFO', 'MainProcess', T`${v(host)} ready.`),
          cel(g, 'INFO', 'Beat', T`beat: Starting...`),
          cel(g, 'INFO', 'MainProcess', T`Events of group {${v('task')}} enabled by remote.`),
        ];
      },
    },
  ],
};

export const ROUND3_FORMATS_B: readonly FormatSpec[] = [postfix, celery];
