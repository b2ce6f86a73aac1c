// Generality set, round 18: formats written from their own documentation and real output before
// any miner change of round 18, and UNTOUCHED: their per-format scores are printed only by
// `eval:templates --untouched` (README.md). None of them is in LogHub or in rounds 1-17: Certbot's
// letsencrypt.log, SSSD's debug logs, CouchDB's couch.log, Synapse's homeserver.log (this file),
// Trino's server.log, supervisord's own log and AWS VPC Flow Logs (formats-round18b.ts).
//
// Truth conventions are README.md's: a template is one log statement, its parameters variables
// however few values they take; header fields are variables; a logger, function, level or source
// line written in a text header is part of the statement; request lines one template per method;
// a record's field names are the statement and its values variables; lines a printer writes over
// several lines one statement each.
import { Gen, T, v, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';
import { cat } from './formats-round3.js';

/** Python logging's default asctime: `2024-06-12 10:15:32,123`. */
const pyTime = (g: Gen) => g.sqlTime().replace('.', ',');

// ---------------------------------------------------------------------------------------------
// 121. Certbot 2.11 `/var/log/letsencrypt/letsencrypt.log` on a web host renewing a dozen
// certificates from its systemd timer, from the log lines pasted in certbot, NginxProxyManager and
// Vesta issues (`%(asctime)s:%(levelname)s:%(name)s:%(message)s`). Level and logger are part of the
// statement. acme.client logs a whole HTTP response as one message over several lines: `HTTP
// <status>`, one `Name: value` line per header (the header name is the key, so constant; its value
// a parameter), a blank line and the JSON body pretty-printed one key per line (key constant, value
// a parameter; braces constant). `Notifying user: %s` is one statement whatever it notifies (its
// text one parameter), and a failed renewal's traceback comes line by line.

/** One line; the clock moves a little (a run's lines are milliseconds apart, ACME round trips longer). */
const cb = (g: Gen, level: string, logger: string, msg: Made): Made => {
  g.tick(logger === 'urllib3.connectionpool' ? 400 : 15);
  return cat(T`${v(pyTime(g))}:${level}:${logger}:`, msg);
};
const CB_DOMAINS = ['example.com', 'shop.example.com', 'mail.example.org', 'git.example.net', 'grafana.example.com', 'wiki.example.org', 'api.example.com', 'status.example.net', 'cloud.example.org', 'blog.example.com', 'vpn.example.net', 'chat.example.org'];
const ACME = 'https://acme-v02.api.letsencrypt.org';
const httpDate = (g: Gen) => new Date(g.now).toUTCString();

function cbResponse(g: Gen, status: number, body: Array<[string, string]>, nonce = true): Made[] {
  const out: Made[] = [cb(g, 'DEBUG', 'acme.client', T`Received response:`), T`HTTP ${v(status)}`];
  out.push(T`Server: ${v('nginx')}`, T`Date: ${v(httpDate(g))}`, T`Content-Type: ${v(status >= 400 ? 'application/problem+json' : 'application/json')}`);
  out.push(T`Content-Length: ${v(g.int(180, 1400))}`, T`Connection: ${v('keep-alive')}`, T`Cache-Control: ${v('public, max-age=0, no-cache')}`);
  if (nonce) out.push(T`Link: ${v(`<${ACME}/directory>;rel="index"`)}`, T`Replay-Nonce: ${v(g.alnum(44, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'))}`);
  out.push(T`X-Frame-Options: ${v('DENY')}`, T`Strict-Transport-Security: ${v('max-age=604800')}`, T``, T`{`);
  body.forEach(([k, val], i) => out.push(T`  "${k}": ${v(val)}${i < body.length - 1 ? ',' : ''}`));
  out.push(T`}`);
  return out;
}

const certbot: FormatSpec = {
  name: 'certbot',
  split: 'untouched',
  description: 'Certbot 2.11 letsencrypt.log (`time:LEVEL:logger:message`): timer runs over a dozen renewal configs, not-due checks, renewals with ACME requests and multi-line responses (headers, JSON body), webroot challenges, failed renewals with tracebacks',
  tickMs: 4000,
  templates: [
    {
      w: 1,
      make: (g) => [
        cb(g, 'DEBUG', 'certbot._internal.main', T`certbot version: ${v('2.11.0')}`),
        cb(g, 'DEBUG', 'certbot._internal.main', T`Location of certbot entry point: ${v('/usr/bin/certbot')}`),
        cb(g, 'DEBUG', 'certbot._internal.main', T`Arguments: ${v(g.pick(["['-q']", "['-q', '--deploy-hook', 'systemctl reload nginx']", '[]']))}`),
        cb(g, 'DEBUG', 'certbot._internal.main', T`Discovered plugins: ${v('PluginsRegistry(PluginEntryPoint#manual,PluginEntryPoint#nginx,PluginEntryPoint#null,PluginEntryPoint#standalone,PluginEntryPoint#webroot)')}`),
        cb(g, 'DEBUG', 'certbot._internal.log', T`Root logging level set at ${v(g.pick([30, 20]))}`),
      ],
    },
    {
      w: 8,
      make: (g) => {
        const d = g.pick(CB_DOMAINS);
        return [
          cb(g, 'DEBUG', 'certbot._internal.display.obj', T`Notifying user: ${v(`Processing /etc/letsencrypt/renewal/${d}.conf`)}`),
          cb(g, 'DEBUG', 'certbot._internal.plugins.selection', T`Requested authenticator ${v(g.pick(['webroot', 'nginx']))} and installer ${v(g.pick(['None', 'nginx']))}`),
          cb(g, 'DEBUG', 'certbot._internal.display.obj', T`Notifying user: ${v('Certificate not yet due for renewal')}`),
        ];
      },
    },
    {
      w: 1.2,
      make: (g) => {
        const d = g.pick(CB_DOMAINS);
        const acct = g.int(100000000, 1999999999);
        const order = `${ACME}/acme/order/${acct}/${g.int(100000000000, 299999999999)}`;
        const authz = `${ACME}/acme/authz-v3/${g.int(300000000000, 399999999999)}`;
        const token = g.alnum(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-');
        const exp = new Date(g.now + g.int(1, 29) * 86400000).toISOString().replace('T', ' ').slice(0, 19);
        const out: Made[] = [
          cb(g, 'DEBUG', 'certbot._internal.display.obj', T`Notifying user: ${v(`Processing /etc/letsencrypt/renewal/${d}.conf`)}`),
          cb(g, 'DEBUG', 'certbot._internal.storage', T`Should renew, less than 30 days before certificate expiry ${v(exp)} UTC.`),
          cb(g, 'INFO', 'certbot._internal.renewal', T`Certificate is due for renewal, auto-renewing...`),
          cb(g, 'INFO', 'certbot._internal.plugins.selection', T`Plugins selected: Authenticator ${v('webroot')}, Installer ${v('None')}`),
          cb(g, 'DEBUG', 'acme.client', T`Sending GET request to ${v(`${ACME}/directory`)}.`),
          cb(g, 'DEBUG', 'urllib3.connectionpool', T`Starting new HTTPS connection (${v(1)}): ${v('acme-v02.api.letsencrypt.org:443')}`),
          cb(g, 'DEBUG', 'urllib3.connectionpool', T`${v('https://acme-v02.api.letsencrypt.org:443')} "GET ${v('/directory')} HTTP/1.1" ${v(200)} ${v(746)}`),
          ...cbResponse(g, 200, [['keyChange', `"${ACME}/acme/key-change"`], ['newAccount', `"${ACME}/acme/new-acct"`], ['newNonce', `"${ACME}/acme/new-nonce"`], ['newOrder', `"${ACME}/acme/new-order"`], ['revokeCert', `"${ACME}/acme/revoke-cert"`]], false),
          cb(g, 'DEBUG', 'certbot._internal.display.obj', T`Notifying user: ${v(`Renewing an existing certificate for ${d}`)}`),
          cb(g, 'DEBUG', 'acme.client', T`Requesting fresh nonce`),
          cb(g, 'DEBUG', 'urllib3.connectionpool', T`${v('https://acme-v02.api.letsencrypt.org:443')} "POST ${v('/acme/new-order')} HTTP/1.1" ${v(201)} ${v(g.int(340, 520))}`),
          ...cbResponse(g, 201, [['status', '"pending"'], ['expires', `"${new Date(g.now + 7 * 86400000).toISOString().slice(0, 19)}Z"`], ['identifiers', `[{"type": "dns", "value": "${d}"}]`], ['authorizations', `["${authz}"]`], ['finalize', `"${ACME}/acme/finalize/${acct}/${order.split('/').pop()}"`]]),
          cb(g, 'DEBUG', 'urllib3.connectionpool', T`${v('https://acme-v02.api.letsencrypt.org:443')} "POST ${v(authz.slice(ACME.length))} HTTP/1.1" ${v(200)} ${v(g.int(780, 820))}`),
          cb(g, 'INFO', 'certbot._internal.auth_handler', T`Performing the following challenges:`),
          cb(g, 'INFO', 'certbot._internal.auth_handler', T`${v('http-01')} challenge for ${v(d)}`),
          cb(g, 'DEBUG', 'certbot._internal.plugins.webroot', T`Creating root challenges validation dir at ${v(`/var/www/${d}/.well-known/acme-challenge`)}`),
          cb(g, 'DEBUG', 'certbot._internal.plugins.webroot', T`Attempting to save validation to ${v(`/var/www/${d}/.well-known/acme-challenge/${token}`)}`),
          cb(g, 'INFO', 'certbot._internal.auth_handler', T`Waiting for verification...`),
        ];
        if (g.chance(0.75)) {
          out.push(cb(g, 'DEBUG', 'urllib3.connectionpool', T`${v('https://acme-v02.api.letsencrypt.org:443')} "POST ${v(authz.slice(ACME.length))} HTTP/1.1" ${v(200)} ${v(g.int(780, 820))}`));
          out.push(cb(g, 'INFO', 'certbot._internal.auth_handler', T`Cleaning up challenges`));
          out.push(cb(g, 'DEBUG', 'certbot._internal.plugins.webroot', T`Removing ${v(`/var/www/${d}/.well-known/acme-challenge/${token}`)}`));
          out.push(cb(g, 'DEBUG', 'certbot._internal.client', T`CSR: ${v(`CSR(file='/etc/letsencrypt/csr/${String(g.int(1, 999)).padStart(4, '0')}_csr-certbot.pem', data=b'-----BEGIN CERTIFICATE REQUEST-----\\nMIIBFTCBvAIBADAAMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE${g.alnum(20, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}\\n-----END CERTIFICATE REQUEST-----\\n', form='pem')`)}`));
          out.push(cb(g, 'DEBUG', 'certbot._internal.storage', T`Writing new private key to ${v(`/etc/letsencrypt/archive/${d}/privkey${g.int(2, 30)}.pem`)}.`));
          out.push(cb(g, 'DEBUG', 'certbot._internal.storage', T`Writing certificate to ${v(`/etc/letsencrypt/archive/${d}/cert${g.int(2, 30)}.pem`)}.`));
          out.push(cb(g, 'DEBUG', 'certbot._internal.display.obj', T`Notifying user: ${v('Congratulations, all renewals succeeded: ')}`));
          out.push(cb(g, 'DEBUG', 'certbot._internal.display.obj', T`Notifying user: ${v(`  /etc/letsencrypt/live/${d}/fullchain.pem (success)`)}`));
        } else {
          const detail = g.pick([`${d}: Invalid response from http://${d}/.well-known/acme-challenge/${token}: 404`, `${d}: Fetching http://${d}/.well-known/acme-challenge/${token}: Timeout during connect (likely firewall problem)`, `${d}: DNS problem: NXDOMAIN looking up A for ${d} - check that a DNS record exists for this domain`]);
          out.push(cb(g, 'INFO', 'certbot._internal.auth_handler', T`Challenge failed for domain ${v(d)}`));
          out.push(cb(g, 'INFO', 'certbot._internal.auth_handler', T`${v('http-01')} challenge for ${v(d)}`));
          out.push(cb(g, 'DEBUG', 'certbot._internal.display.obj', T`Notifying user: ${v(`Certbot failed to authenticate some domains (authenticator: webroot). The Certificate Authority reported these problems:  Domain: ${d}  Type: unauthorized  Detail: ${detail}`)}`));
          out.push(cb(g, 'DEBUG', 'certbot._internal.error_handler', T`Encountered exception:`), T`Traceback (most recent call last):`);
          for (const [f, l, fn, src] of CB_TB) out.push(T`  File "${v(f)}", line ${v(l)}, in ${v(fn)}`, T`    ${v(src)}`);
          out.push(T`${v('certbot.errors.AuthorizationError')}: ${v('Some challenges have failed.')}`);
          out.push(cb(g, 'DEBUG', 'certbot._internal.error_handler', T`Calling registered functions`));
          out.push(cb(g, 'INFO', 'certbot._internal.auth_handler', T`Cleaning up challenges`));
          out.push(cb(g, 'ERROR', 'certbot._internal.renewal', T`Failed to renew certificate ${v(d)} with error: ${v('Some challenges have failed.')}`));
        }
        return out;
      },
    },
    {
      w: 0.9,
      make: (g) => {
        const fails = g.int(0, 2);
        const out: Made[] = [];
        if (fails === 0) out.push(cb(g, 'DEBUG', 'certbot._internal.display.obj', T`Notifying user: ${v('The following certificates are not due for renewal yet:')}`));
        else out.push(cb(g, 'ERROR', 'certbot._internal.renewal', T`All renewals failed. The following certificates could not be renewed:`), cb(g, 'ERROR', 'certbot._internal.renewal', T`  ${v(`/etc/letsencrypt/live/${g.pick(CB_DOMAINS)}/fullchain.pem`)} (failure)`));
        out.push(cb(g, 'DEBUG', 'certbot._internal.display.obj', T`Notifying user: ${v(`  /etc/letsencrypt/live/${g.pick(CB_DOMAINS)}/fullchain.pem expires on ${new Date(g.now + g.int(31, 89) * 86400000).toISOString().slice(0, 10)} (skipped)`)}`));
        out.push(cb(g, 'DEBUG', 'certbot._internal.display.obj', T`Notifying user: ${v('No renewals were attempted.')}`));
        if (fails > 0) out.push(cb(g, 'ERROR', 'certbot._internal.renewal', T`${v(fails)} renew failure(s), ${v(0)} parse failure(s)`), cb(g, 'DEBUG', 'certbot._internal.log', T`Exiting abnormally:`), T`Traceback (most recent call last):`, T`  File "${v('/usr/bin/certbot')}", line ${v(33)}, in ${v('<module>')}`, T`    ${v("sys.exit(load_entry_point('certbot==2.11.0', 'console_scripts', 'certbot')())")}`, T`${v('certbot.errors.Error')}: ${v(`${fails} renew failure(s), 0 parse failure(s)`)}`);
        return out;
      },
    },
  ],
};

const CB_TB: Array<[string, number, string, string]> = [
  ['/usr/lib/python3/dist-packages/certbot/_internal/auth_handler.py', 108, 'handle_authorizations', 'self._poll_authorizations(authzrs, max_retries, max_time_mins, best_effort)'],
  ['/usr/lib/python3/dist-packages/certbot/_internal/auth_handler.py', 212, '_poll_authorizations', "raise errors.AuthorizationError('Some challenges have failed.')"],
];

// ---------------------------------------------------------------------------------------------
// 122. SSSD 2.9 debug logs (`debug_level = 6`) of an AD-joined host, `sssd_corp.example.com.log`,
// `sssd_pam.log` and `sssd_nss.log` shipped together, from the lines pasted in SSSD issues
// (`(date): [component] [function] (0xlevel): [RID#n] message`; responders tag `[CID#n]`). The
// component (`be[domain]`, `pam`, `nss`) is a header value, the function and the debug level (as a
// logger and a level) part of the statement; the request id a variable. pam_print_data writes one
// statement per field (`command: ...`, `user: ...`). An op failure dumps the preceding messages
// from the ring buffer: a banner line, each earlier message reprinted after `   *  ` (its own
// statement behind the printer's prefix), and a closing banner.

const SSSD_DOM = 'corp.example.com';
const SSSD_USERS = ['jdoe', 'asmith', 'mbrown', 'kwilson', 'svc_backup', 'lgarcia', 'tnguyen', 'rpatel'];
const ssTime = (g: Gen) => `(${g.sqlTime().slice(0, 19)})`;
const ss = (g: Gen, comp: string, fn: string, lvl: string, id: string, msg: Made): Made => {
  g.tick(3);
  return cat(T`${v(ssTime(g))}: [${v(comp)}] [${fn}] (${lvl}): `, id ? T`[${v(id)}] ` : T``, msg);
};
const reqId = (g: Gen, kind: 'RID' | 'CID') => `${kind}#${g.int(1, 9000)}`;

function pamData(g: Gen, comp: string, id: string, cmd: string, user: string, service: string, rhost: string): Made[] {
  const f = (label: string, val: string | number) => ss(g, comp, 'pam_print_data', '0x0100', id, cat(T`${label}: `, T`${v(val)}`));
  return [
    f('command', cmd), f('domain', comp === 'pam' ? 'not set' : SSSD_DOM), f('user', comp === 'pam' ? user : `${user}@${SSSD_DOM}`), f('service', service),
    f('tty', service === 'sshd' ? 'ssh' : g.pick([':0', '/dev/pts/1'])), f('ruser', comp === 'pam' ? 'not set' : ''), f('rhost', rhost || (comp === 'pam' ? 'not set' : '')),
    f('authtok type', cmd === 'SSS_PAM_AUTHENTICATE' ? '1 (Password)' : '0 (No authentication token available)'),
    f('newauthtok type', '0 (No authentication token available)'), f('priv', g.pick([0, 1])), f('cli_pid', g.int(1000, 4000000)), f('child_pid', 0),
  ];
}

const sssd: FormatSpec = {
  name: 'sssd',
  split: 'untouched',
  description: 'SSSD 2.9 debug logs of an AD-joined host (`(date): [be[domain]|pam|nss] [function] (0xlevel): [RID#n|CID#n] message`): PAM requests with pam_print_data field lines, DP requests, periodic tasks, LDAP/Kerberos failures, offline cache lookups, backtrace dumps of earlier messages',
  tickMs: 1200,
  templates: [
    {
      w: 5,
      make: (g) => {
        const user = g.pick(SSSD_USERS);
        const service = g.pickSkewed(['sshd', 'sudo', 'gdm-password', 'login', 'crond']);
        const cid = reqId(g, 'CID');
        const rid = reqId(g, 'RID');
        const be = `be[${SSSD_DOM}]`;
        const cmd = service === 'crond' ? 'SSS_PAM_ACCT_MGMT' : g.pick(['SSS_PAM_AUTHENTICATE', 'SSS_PAM_ACCT_MGMT', 'SSS_PAM_PREAUTH']);
        const ok = g.chance(0.85);
        const rhost = service === 'sshd' ? g.privateIp() : '';
        const n = g.int(10, 9999);
        const reqName = cmd === 'SSS_PAM_ACCT_MGMT' ? 'Account' : 'PAM Authenticate';
        return [
          ...pamData(g, 'pam', cid, cmd, user, service, rhost),
          ss(g, be, 'dp_attach_req', '0x0400', rid, T`DP Request [${v(reqName)} #${v(n)}]: REQ_TRACE: New request. [${v('sssd.pam')} CID #${v(cid.slice(4))}] Flags [${v('0000')}].`),
          ss(g, be, 'dp_pam_handler_send', '0x0100', rid, T`Got request with the following data`),
          ...pamData(g, be, rid, cmd, user, service, rhost),
          ...(cmd === 'SSS_PAM_AUTHENTICATE' ? [ss(g, be, 'child_sig_handler', '0x0100', rid, ok ? T`child [${v(g.int(1000, 400000))}] finished successfully.` : T`child [${v(g.int(1000, 400000))}] failed with status [${v(1)}].`)] : []),
          ss(g, be, 'dp_req_done', '0x0400', rid, T`DP Request [${v(reqName)} #${v(n)}]: Request handler finished [${v(ok ? 0 : 17)}]: ${v(ok ? 'Success' : 'File exists')}`),
          ss(g, 'pam', 'pam_dp_process_reply', '0x0200', cid, T`received: [${v(ok ? '0 (Success)' : '7 (Authentication failure)')}][${v(SSSD_DOM)}]`),
          ss(g, 'pam', 'pam_reply', '0x0200', cid, T`pam_reply called with result [${v(ok ? 0 : 7)}]: ${v(ok ? 'Success' : 'Authentication failure')}.`),
          ss(g, 'pam', 'pam_reply', '0x0200', cid, T`blen: ${v(g.pick([24, 32, 40]))}`),
        ];
      },
    },
    {
      w: 3,
      make: (g) => {
        const task = g.pick(['Check if online (periodic)', 'Refresh Records', 'Cleanup of ' + SSSD_DOM, 'AD machine account password renewal', 'Dyndns update']);
        return [
          ss(g, `be[${SSSD_DOM}]`, 'be_ptask_execute', '0x0400', '', T`Task [${v(task)}]: executing task, timeout ${v(g.pick([60, 6, 900]))} seconds`),
          ss(g, `be[${SSSD_DOM}]`, 'be_ptask_done', '0x0400', '', T`Task [${v(task)}]: finished successfully`),
          ss(g, `be[${SSSD_DOM}]`, 'be_ptask_schedule', '0x0400', '', T`Task [${v(task)}]: scheduling task ${v(g.pick([60, 1800, 10800, 86400]))} seconds from last execution time [${v(Math.floor(g.now / 1000) + g.int(60, 86400))}]`),
        ];
      },
    },
    {
      w: 2.5,
      make: (g) => {
        const user = g.pick(SSSD_USERS);
        const cid = reqId(g, 'CID');
        const cr = g.int(1, 9999);
        return [
          ss(g, 'nss', 'cache_req_set_plugin', '0x0400', cid, T`CR #${v(cr)}: Setting "${v(g.pick(['User by name', 'Initgroups by name', 'Group by ID', 'User by ID']))}" plugin`),
          ss(g, 'nss', 'cache_req_search_send', '0x0400', cid, T`CR #${v(cr)}: Looking up ${v(`${user}@${SSSD_DOM}`)}`),
          g.chance(0.7)
            ? ss(g, 'nss', 'cache_req_search_cache', '0x0400', cid, T`CR #${v(cr)}: Returning [${v(`${user}@${SSSD_DOM}`)}] from cache`)
            : ss(g, 'nss', 'cache_req_search_dp', '0x0400', cid, T`CR #${v(cr)}: Looking up [${v(`${user}@${SSSD_DOM}`)}] in data provider`),
          ss(g, 'nss', 'cache_req_done', '0x0400', cid, T`CR #${v(cr)}: Finished: ${v('Success')}`),
        ];
      },
    },
    {
      w: 1.2,
      make: (g) => {
        const rid = reqId(g, 'RID');
        const be = `be[${SSSD_DOM}]`;
        const dc = `dc${g.int(1, 4)}.${SSSD_DOM}`;
        const earlier = [
          ss(g, be, 'sdap_connect_host_send', '0x0400', rid, T`Resolving host ${v(dc)}`),
          ss(g, be, 'fo_resolve_service_send', '0x0100', rid, T`Trying to resolve service '${v('AD')}'`),
          ss(g, be, 'sdap_connect_host_resolv_done', '0x0400', rid, T`Connecting to ${v(`ldap://${dc}:389`)}`),
        ];
        const err = ss(g, be, 'sdap_async_sys_connect_done', '0x0020', rid, T`connect failed [${v(110)}][${v('Connection timed out')}].`);
        return [
          err,
          T`********************** PREVIOUS MESSAGE WAS TRIGGERED BY THE FOLLOWING BACKTRACE:`,
          ...earlier.map((m) => cat(T`   *  `, m)),
          cat(T`   *  `, err),
          T`********************** BACKTRACE DUMP ENDS HERE *********************************`,
          ss(g, be, 'fo_set_port_status', '0x0100', rid, T`Marking port ${v(389)} of server '${v(dc)}' as '${v('not working')}'`),
          ...(g.chance(0.4) ? [ss(g, be, 'be_mark_offline', '0x0040', '', T`Going offline!`), ss(g, be, 'be_run_offline_cb', '0x0080', '', T`Going offline. Running callbacks.`)] : []),
        ];
      },
    },
    {
      w: 0.8,
      make: (g) => {
        const rid = reqId(g, 'RID');
        const user = g.pick(SSSD_USERS);
        const be = `be[${SSSD_DOM}]`;
        return [
          ss(g, be, 'get_and_save_tgt', '0x0020', rid, T`${v(1720)}: [${v(-1765328360)}][${v('Preauthentication failed')}]`),
          ss(g, be, 'map_krb5_error', '0x0020', rid, T`${v(1849)}: [${v(-1765328360)}][${v('Preauthentication failed')}]`),
          ss(g, be, 'krb5_auth_done', '0x0040', rid, T`The krb5_child process returned an error. Please inspect the krb5_child.log file or the journal for more information`),
          ss(g, be, 'krb5_auth_send', '0x0100', rid, T`Kerberos authentication for user [${v(`${user}@${SSSD_DOM}`)}] failed: [${v('Invalid credentials')}]`),
        ];
      },
    },
    {
      w: 0.7,
      make: (g) => [
        ss(g, 'nss', 'cache_req_common_process_dp_reply', '0x3f7c0', reqId(g, 'CID'), T`CR #${v(g.int(1, 9999))}: Could not get account info [${v(1432158212)}]: ${v('SSSD is offline')}`),
      ],
    },
    {
      w: 0.5,
      make: (g) => [
        ss(g, `be[${SSSD_DOM}]`, 'be_reset_offline', '0x0400', '', T`Going online!`),
        ss(g, `be[${SSSD_DOM}]`, 'ad_subdomains_refresh_done', '0x0400', reqId(g, 'RID'), T`Subdomains refreshed.`),
      ],
    },
    {
      w: 0.3,
      make: (g) => [
        ss(g, `be[${SSSD_DOM}]`, 'ad_gpo_access_send', '0x0400', reqId(g, 'RID'), T`service ${v(g.pick(['sshd', 'sudo', 'gdm-password']))} maps to ${v(g.pick(['RemoteInteractive', 'Interactive']))}`),
        ss(g, `be[${SSSD_DOM}]`, 'ad_gpo_access_check', '0x0040', reqId(g, 'RID'), T`access denied for user ${v(`${g.pick(SSSD_USERS)}@${SSSD_DOM}`)} by GPO [${v(`{${g.uuid().toUpperCase()}}`)}]`),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 123. Apache CouchDB 3.3 three-node cluster, `couch.log` of one node, from the lines pasted in
// CouchDB and docker-library issues and the couch_log/chttpd formats (`[level] time node pid
// reqid message`, `--------` when no request). The level is part of the statement; node, Erlang
// pid and request id header values. chttpd's request line (`host peer user METHOD path code
// status ms`) is one template per method. req_err lines carry the stack on the next line (4
// spaces, an Erlang list: one parameter). rexi and replicator errors print Erlang terms (one
// parameter each).

const CDB_NODES = ['couchdb@couchdb-0.couchdb.db.svc.cluster.local', 'couchdb@couchdb-1.couchdb.db.svc.cluster.local', 'couchdb@couchdb-2.couchdb.db.svc.cluster.local'];
const CDB_DBS = ['orders', 'customers', 'sessions', 'inventory', 'audit_log', '_users', '_replicator'];
const erlPid = (g: Gen) => `<0.${g.int(200, 99999)}.${g.pick([0, 0, 0, 1, 2])}>`;
const cdbTime = (g: Gen) => g.isoMicro();
const cdb = (g: Gen, level: string, msg: Made, req = false): Made => cat(T`[${level}] ${v(cdbTime(g))} ${v(CDB_NODES[0])} ${v(erlPid(g))} ${v(req ? g.hex(10) : '--------')} `, msg);
const shard = (g: Gen, db: string) => `shards/${g.pick(['00000000-7fffffff', '80000000-ffffffff'])}/${db}.${1718000000 + g.int(0, 99999)}`;

function cdbRequest(g: Gen): Made {
  const db = g.pickSkewed(CDB_DBS);
  const m = g.pickSkewed(['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'COPY']);
  const doc = `/${db}/${g.pick(['order', 'cust', 'sess', 'item'])}:${g.hex(12)}`;
  const path =
    m === 'POST' ? g.pick([`/${db}/_find`, `/${db}/_bulk_docs`, `/${db}/_all_docs`, '/_session', `/${db}`]) :
    m === 'PUT' ? doc :
    m === 'HEAD' ? g.pick([doc, `/${db}`]) :
    m === 'DELETE' ? `${doc}?rev=${g.int(1, 40)}-${g.hex(32)}` :
    m === 'COPY' ? doc :
    g.pick([`/${db}/_design/by_customer/_view/totals?group=true&limit=${g.int(10, 100)}`, doc, `/${db}/_changes?feed=longpoll&since=${g.int(100, 99999)}-g1AAAA${g.alnum(12)}&timeout=60000`, '/_up', '/_up', `/${db}`, '/_active_tasks']);
  const code = path === '/_up' ? 200 : g.chance(0.88) ? (m === 'PUT' || m === 'COPY' || (m === 'POST' && path.endsWith('_bulk_docs')) ? 201 : 200) : g.pick([404, 409, 401, 400]);
  const user = path === '/_up' ? 'undefined' : g.pick(['app', 'app', 'replicator', 'admin', 'undefined']);
  const peer = path === '/_up' ? `10.2.${g.int(0, 3)}.${g.int(2, 254)}` : g.privateIp();
  const host = g.pick([`couchdb-0.couchdb.db.svc.cluster.local:5984`, 'couchdb.db.svc.cluster.local:5984', `${peer.split('.').slice(0, 2).join('.')}.0.12:5984`]);
  const tail = T`${v(path)} ${v(code)} ${v(code < 400 ? 'ok' : 'error')} ${v(path.includes('longpoll') ? g.int(100, 60000) : g.int(0, 180))}`;
  return cdb(g, 'notice', cat(T`${v(host)} ${v(peer)} ${v(user)} ${m} `, tail), true);
}

const couchdb: FormatSpec = {
  name: 'couchdb',
  split: 'untouched',
  description: "CouchDB 3.3 cluster node `couch.log` (`[level] time node <pid> reqid message`): chttpd request lines per method, req_err lines with an Erlang stack continuation line, replications starting and failing, compactions, index updates, rexi timeouts, node up/down, the _users notice",
  tickMs: 700,
  templates: [
    { w: 30, make: (g) => cdbRequest(g) },
    {
      w: 1.5,
      make: (g) => {
        const kind = g.pick([['not_found', 'missing'], ['conflict', 'Document update conflict.'], ['bad_request', 'Invalid rev format'], ['unauthorized', 'Name or password is incorrect.']]);
        return [
          cdb(g, 'error', T`req_err(${v(g.int(100000000, 4294967295))}) ${v(kind[0])} : ${v(kind[1])}`, true),
          T`    ${v(`[<<"chttpd_db:db_doc_req/3 L${g.int(1000, 1200)}">>,<<"chttpd:handle_req_after_auth/2 L${g.int(400, 430)}">>,<<"chttpd:process_request/1 L${g.int(380, 410)}">>,<<"chttpd:handle_request_int/1 L${g.int(320, 360)}">>,<<"mochiweb_http:headers/6 L${g.int(130, 140)}">>,<<"proc_lib:init_p_do_apply/3 L${g.int(220, 260)}">>]`)}`,
        ];
      },
    },
    {
      w: 1.5,
      make: (g) => {
        const db = g.pick(CDB_DBS.slice(0, 5));
        const sh = shard(g, db);
        return [
          cdb(g, 'info', T`Starting index update for db: ${v(sh)} idx: ${v(g.pick(['_design/by_customer', '_design/reports', '_design/stock']))}`),
          cdb(g, 'info', T`Index update finished for db: ${v(sh)} idx: ${v(g.pick(['_design/by_customer', '_design/reports', '_design/stock']))}`),
        ];
      },
    },
    {
      w: 0.8,
      make: (g) => {
        const sh = shard(g, g.pick(CDB_DBS.slice(0, 5)));
        return [
          cdb(g, 'info', T`Starting compaction for db "${v(sh)}" at ${v(g.int(1000, 900000))}`),
          cdb(g, 'notice', T`Compaction swap for db: ${v(`/opt/couchdb/data/${sh}.couch`)} ${v(g.int(100000, 90000000))} ${v(g.int(100000, 90000000))}`),
          cdb(g, 'info', T`Compaction for db "${v(sh)}" completed.`),
        ];
      },
    },
    {
      w: 1,
      make: (g) => {
        const rep = `${g.hex(32)}+continuous`;
        const src = `https://replicator:*****@couch-dr.example.net/${g.pick(CDB_DBS.slice(0, 5))}/`;
        const tgt = `http://127.0.0.1:5984/${g.pick(CDB_DBS.slice(0, 5))}/`;
        if (g.chance(0.5)) return cdb(g, 'notice', T`Starting replication ${v(rep)} (${v(src)} -> ${v(tgt)}) from doc ${v('_replicator')}:${v(g.pick(['dr-orders', 'dr-customers', 'dr-inventory']))} worker_procesess:${v(4)} worker_batch_size:${v(500)} session_id:${v(g.hex(32))}`);
        return [
          cdb(g, 'error', T`Replicator, request ${v('GET')} to "${v(`${src}_changes?feed=normal&style=all_docs&since=${g.int(100, 9999)}-g1AAAA${g.alnum(10)}&timeout=10000`)}" failed due to error ${v(g.pick(['{conn_failed,{error,econnrefused}}', '{error,req_timedout}', '{conn_failed,{error,nxdomain}}']))}`),
          cdb(g, 'notice', T`Retrying ${v('GET')} to ${v(`${src}_changes`)} in ${v(g.pick(['0.25', '0.5', '1.0', '2.0']))} seconds due to error ${v(g.pick(['{code,503}', 'req_timedout', 'econnrefused']))}`),
        ];
      },
    },
    {
      w: 0.7,
      make: (g) => cdb(g, 'error', T`rexi_server: from: ${v(`${g.pick(CDB_NODES.slice(1))}(${erlPid(g)})`)} mfa: ${v(g.pick(['fabric_rpc:map_view/5', 'fabric_rpc:all_docs/3', 'fabric_rpc:changes/3']))} exit:${v('timeout')} ${v(`[{rexi,init_stream,1,[{file,"src/rexi.erl"},{line,265}]},{rexi,stream2,3,[{file,"src/rexi.erl"},{line,205}]},{fabric_rpc,view_cb,2,[{file,"src/fabric_rpc.erl"},{line,${g.int(480, 520)}}]},{couch_mrview,map_fold,3,[{file,"src/couch_mrview.erl"},{line,${g.int(520, 560)}}]}]`)}`),
    },
    {
      w: 0.6,
      make: (g) => cdb(g, 'notice', T`chttpd_auth_cache changes listener died because the _users database does not exist. Create the database to silence this notice.`),
    },
    {
      w: 0.3,
      make: (g) => {
        const n = g.pick(CDB_NODES.slice(1));
        return [
          cdb(g, 'warning', T`${v('mem3_distribution')} : node ${v(n)} down, reason: ${v(g.pick(['net_tick_timeout', 'connection_closed']))}`),
          cdb(g, 'notice', T`${v('mem3_distribution')} : node ${v(n)} up`),
        ];
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// 124. Synapse 1.110 Matrix homeserver `homeserver.log` (the default log config: `%(asctime)s -
// %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s`), from Synapse's request-log
// guide (docs/request_log.md) and the lines pasted in Synapse and Element issues. Logger, line
// number and level are part of the statement; the request context (`GET-1234`, `sentinel`, a
// background process) a header value. The `Processed request` line is an access line: one template
// per method (the quoted request's method), `{requester}` and the leading `!` of an unfinished
// response parameters. Tracebacks after `Failed handle request` come line by line.

const syn = (g: Gen, logger: string, line: number, level: string, ctx: string, msg: Made): Made => cat(T`${v(pyTime(g))} - ${logger} - ${line} - ${level} - ${v(ctx)} - `, msg);
const SYN_USERS = ['@alice:example.org', '@bob:example.org', '@carol:example.org', '@dave:example.org', '@ops-bot:example.org'];
const SYN_REMOTES = ['matrix.org', 'mozilla.org', 'kde.org', 'fosdem.org', 'tchncs.de', 'envs.net'];
const sec = (g: Gen, hi: number) => `${g.float(0, hi, 3)}sec`;

function synAccess(g: Gen): Made {
  const fed = g.chance(0.25);
  const m = fed ? g.pick(['PUT', 'GET']) : g.pickSkewed(['GET', 'POST', 'PUT', 'OPTIONS']);
  const n = g.int(1000, 999999);
  const path = fed
    ? m === 'PUT' ? `/_matrix/federation/v1/send/${g.now - g.int(0, 9e6)}` : `/_matrix/federation/v1/event/$${g.alnum(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')}`
    : m === 'GET' ? g.pick([`/_matrix/client/v3/sync?filter=${g.int(0, 9)}&timeout=30000&since=s${g.int(1000, 99999)}_${g.int(1, 999)}_${g.int(0, 99)}`, '/_matrix/client/versions', `/_matrix/client/v3/pushrules/`, `/_matrix/media/v3/thumbnail/example.org/${g.alnum(24)}?width=96&height=96&method=crop`])
    : m === 'POST' ? g.pick([`/_matrix/client/v3/keys/query`, `/_matrix/client/v3/rooms/!${g.alnum(18)}:example.org/receipt/m.read/$${g.alnum(43)}`, '/_matrix/client/v3/login', `/_matrix/client/v3/user/${SYN_USERS[0]}/filter`])
    : m === 'PUT' ? `/_matrix/client/v3/rooms/!${g.alnum(18)}:example.org/send/m.room.message/m${g.now}.${g.int(0, 9)}`
    : g.pick(['/_matrix/client/v3/sync', '/_matrix/client/versions', '/_matrix/client/v3/keys/upload', `/_matrix/client/v3/rooms/!${g.alnum(18)}:example.org/messages?dir=b&limit=30`]);
  const sync = path.includes('/sync?');
  // a CORS preflight carries no access token
  const requester = fed ? `{${g.pick(SYN_REMOTES)}}` : m === 'OPTIONS' || path.endsWith('/versions') || path.endsWith('/login') ? '{None}' : `{${g.pick(SYN_USERS)}}`;
  const status = `${g.chance(0.02) ? '!' : ''}${g.chance(0.93) ? 200 : g.pick([401, 403, 404, 429])}`;
  const ua = fed ? `Synapse/${g.pick(['1.109.0', '1.110.0', '1.98.0'])}` : g.pick(['Element/1.11.67 (Linux; Electron)', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36', 'Element X/1.6.5 (iPhone15,3; iOS 17.5; Scale/3.00)', 'mautrix-telegram/0.15.1']);
  const total = sync ? g.float(0, 30, 3) : g.float(0, 0.4, 3);
  return syn(g, 'synapse.access.http.8008', 465, 'INFO', `${m}-${n}`, cat(
    T`${v(fed ? '10.0.0.1' : g.publicIp())} - ${v(8008)} - ${v(requester)} Processed request: ${v(`${total}sec`)}/${v(`-${g.float(0, 0.01, 3)}sec`)} (${v(sec(g, 0.05))}, ${v(sec(g, 0.01))}) (${v(sec(g, 0.02))}/${v(sec(g, 0.2))}/${v(g.int(0, 12))}) ${v(`${g.int(2, 40000)}B`)} ${v(status)} "${m} `,
    T`${v(path)} HTTP/1.1" "${v(ua)}" [${v(g.int(0, 20))} dbevts]`
  ));
}

const SYN_TB: Array<[string, number, string, string]> = [
  ['/usr/local/lib/python3.11/site-packages/synapse/http/server.py', 332, '_async_render_wrapper', 'callback_return = await self._async_render(request)'],
  ['/usr/local/lib/python3.11/site-packages/synapse/http/server.py', 544, '_async_render', 'callback_return = await raw_callback_return'],
  ['/usr/local/lib/python3.11/site-packages/synapse/rest/client/sync.py', 226, 'on_GET', 'sync_result = await self.sync_handler.wait_for_sync_for_user('],
  ['/usr/local/lib/python3.11/site-packages/synapse/storage/database.py', 932, 'runInteraction', 'return await delay_cancellation(_runInteraction())'],
];

const synapse: FormatSpec = {
  name: 'synapse',
  split: 'untouched',
  description: 'Synapse 1.110 Matrix homeserver `homeserver.log` (`time - logger - lineno - LEVEL - request - message`): `Processed request` access lines per method (timings, requester, `!` statuses, dbevts), federation transactions received and failing, GC and cache lines, failed logins, request handler failures with tracebacks line by line',
  tickMs: 500,
  templates: [
    { w: 26, make: (g) => synAccess(g) },
    {
      w: 3,
      make: (g) => syn(g, 'synapse.federation.transport.server.federation', 109, 'INFO', `PUT-${g.int(1000, 999999)}`, T`Received txn ${v(g.now - g.int(0, 9e6))} from ${v(g.pick(SYN_REMOTES))}. (PDUs: ${v(g.int(0, 5))}, EDUs: ${v(g.int(0, 20))})`),
    },
    { w: 2, make: (g) => syn(g, 'synapse.metrics._gc', 127, 'INFO', 'sentinel', T`Collecting gc ${v(g.pick([1, 1, 1, 2]))}`) },
    { w: 1, make: (g) => syn(g, 'synapse.util.caches.lrucache', 154, 'INFO', `LruCache._expire_old_entries-${g.int(1, 9999)}`, T`Dropped ${v(g.int(1, 4000))} items from caches`) },
    {
      w: 1.5,
      make: (g) => {
        const dest = g.pick(SYN_REMOTES.concat(['matrix.deadserver.net', 'chat.old-example.com']));
        const n = g.int(1, 99999);
        return [
          syn(g, 'synapse.http.matrixfederationclient', 717, 'INFO', `federation_transaction_transmission_loop-${n}`, T`{${v(`PUT-O-${g.int(1, 99999)}`)}} [${v(dest)}] Request failed: ${v(`PUT matrix-federation://${dest}/_matrix/federation/v1/send/${g.now}`)}: ${v(g.pick([`DNSLookupError("Couldn't find the host '${dest}'")`, 'ConnectingCancelledError(IPv4Address(type=\'TCP\', host=\'203.0.113.7\', port=8448))', 'ResponseNeverReceived:[CancelledError()]']))}`),
          syn(g, 'synapse.federation.sender.per_destination_queue', 366, 'WARNING', `federation_transaction_transmission_loop-${n}`, T`TX [${v(dest)}] Failed to send transaction: ${v(g.pick(['Failed to send request: TimeoutError: User timeout caused connection failure.', `Failed to send request: DNSLookupError: DNS lookup failed: Couldn't find the host '${dest}'.`]))}`),
        ];
      },
    },
    {
      w: 0.6,
      make: (g) => syn(g, 'synapse.handlers.auth', 1449, 'INFO', `POST-${g.int(1000, 999999)}`, T`Failed password login for user ${v(g.pick(SYN_USERS))}`),
    },
    {
      w: 0.8,
      make: (g) => syn(g, 'synapse.handlers.presence', 1138, 'INFO', `PUT-${g.int(1000, 999999)}`, T`Ignoring presence update from ${v(g.pick(SYN_REMOTES))} for ${v('@someone:' + g.pick(SYN_REMOTES))}: not in a shared room`),
    },
    {
      w: 0.35,
      make: (g) => {
        const n = g.int(1000, 999999);
        const out = [
          syn(g, 'synapse.http.server', 130, 'ERROR', `GET-${n}`, T`Failed handle request via '${v('SyncRestServlet')}': ${v(`<XForwardedForRequest at 0x7f${g.hex(10)} method='GET' uri='/_matrix/client/v3/sync?timeout=30000&since=s${g.int(1000, 99999)}_${g.int(1, 999)}' clientproto='HTTP/1.1' site='8008'>`)}`),
          T`Traceback (most recent call last):`,
        ];
        for (const [f, l, fn, src] of SYN_TB) out.push(T`  File "${v(f)}", line ${v(l)}, in ${v(fn)}`, T`    ${v(src)}`);
        out.push(T`${v('psycopg2.errors.QueryCanceled')}: ${v('canceling statement due to statement timeout')}`);
        return out;
      },
    },
  ],
};

export const ROUND18_FORMATS_A: readonly FormatSpec[] = [certbot, sssd, couchdb, synapse];
