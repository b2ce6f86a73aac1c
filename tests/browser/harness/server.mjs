// Test harness HTTP server: a page standing in for Grafana's frontend (host.tsx, bundled with esbuild)
// that loads the built panel from dist/, plus a stand-in for Grafana's plugin proxy that forwards
// /api/plugin-proxy/<app-id>/<route> to the sidecar following the routes in dist/plugin.json, adding
// their headers (API key from "secureJsonData") on the server side as Grafana does.
import { createServer, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { createParser } from 'eventsource-parser';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..', '..');

/** Grafana role order for `reqRole`. */
const ROLE_RANK = { Viewer: 1, Editor: 2, Admin: 3 };

/** Request headers Grafana's proxy drops or rewrites before forwarding (see reference §2). */
const DROPPED_REQUEST_HEADERS = [
  'cookie',
  'origin',
  'referer',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
  'host',
  'connection',
];

const MIME = {
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.css': 'text/css',
  '.map': 'application/json',
  '.png': 'image/png',
};

export async function bundleHost() {
  const result = await build({
    entryPoints: [join(HERE, 'host.tsx')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    outdir: '/harness',
    minify: true,
    sourcemap: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl' },
  });
  const files = {};
  for (const f of result.outputFiles) {
    files[`/harness/${f.path.split('/').pop()}`] = f.contents;
  }
  return files;
}

const ICONS_PREFIX = '/public/build/img/icons/';
const require = createRequire(import.meta.url);
const uiIconsDir = join(
  dirname(require.resolve('@grafana/ui/package.json', { paths: [ROOT] })),
  'dist',
  'public',
  'img',
  'icons'
);

/** The slice of window.grafanaBootData that @grafana/runtime's config reads for a panel. */
function bootData(role) {
  return {
    settings: {
      appSubUrl: '',
      buildInfo: { version: '12.4.2', edition: 'Open Source' },
      datasources: {},
      featureToggles: {},
    },
    user: { id: 1, login: 'harness', orgId: 1, orgRole: role, isSignedIn: true, theme: 'dark', timezone: 'utc' },
    navTree: [],
  };
}

function renderTemplate(tpl, ctx) {
  // The subset of Go text/template that plugin routes use: {{ .JsonData.key }} / {{ .SecureJsonData.key }}.
  return tpl.replace(/\{\{\s*\.(JsonData|SecureJsonData)\.([A-Za-z0-9_]+)\s*\}\}/g, (_m, scope, key) => {
    const v = ctx[scope]?.[key];
    return v === undefined || v === null ? '' : String(v);
  });
}

function matchRoute(routes, method, subPath) {
  for (const r of routes) {
    if (r.method && r.method !== '*' && r.method.toUpperCase() !== method) {
      continue;
    }
    if (r.path.endsWith('/*')) {
      const prefix = r.path.slice(0, -2);
      if (subPath === prefix || subPath.startsWith(`${prefix}/`)) {
        return { route: r, rest: subPath.slice(prefix.length) };
      }
    } else if (subPath === r.path) {
      return { route: r, rest: '' };
    }
  }
  return undefined;
}

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * @param {object} opts
 * @param {string} opts.sidecarUrl   jsonData.sidecarUrl
 * @param {string} opts.apiKey       secureJsonData.apiKey (only this process sees it)
 * @param {string} [opts.distDir]    built plugin (default <repo>/dist)
 * @param {string} [opts.role]       org role of the simulated user (Viewer)
 * @param {object} [opts.jsonData]   extra jsonData (tenant, ...)
 */
export async function startHarness(opts) {
  const distDir = opts.distDir ?? join(ROOT, 'dist');
  const appJson = JSON.parse(readFileSync(join(distDir, 'plugin.json'), 'utf8'));
  const panelDir = join(distDir, 'panels', 'askLogs');
  const panelJson = JSON.parse(readFileSync(join(panelDir, 'plugin.json'), 'utf8'));
  const host = await bundleHost();
  const ctx = {
    JsonData: { sidecarUrl: opts.sidecarUrl, ...(opts.jsonData ?? {}) },
    SecureJsonData: { apiKey: opts.apiKey },
  };
  const role = opts.role ?? 'Viewer';
  /** Every request the page made to this server, as received (before any header is added). */
  const requests = [];
  /** Final `answer` payloads seen on proxied ask / explain-alert responses. */
  const answers = [];
  /** Files loaded from the app's folder (lazy chunks). */
  const appAssets = [];

  const page = `<!doctype html><html><head><meta charset="utf-8"><title>LogLens panel harness</title>
${host['/harness/host.css'] ? '<link rel="stylesheet" href="/harness/host.css">' : ''}</head>
<body style="margin:16px"><div id="panel"></div>
<script>window.grafanaBootData = ${JSON.stringify(bootData(role))};</script>
<script src="/harness/host.js"></script></body></html>`;

  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://harness');
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method, url: req.url, headers: { ...req.headers }, body: body.toString('utf8') });
      try {
        route(req, res, url, body);
      } catch (e) {
        sendJson(res, 500, { message: String(e) });
      }
    });
  });

  function route(req, res, url, body) {
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page);
    }
    if (host[url.pathname]) {
      res.writeHead(200, { 'content-type': MIME[extname(url.pathname)] ?? 'application/octet-stream' });
      return res.end(host[url.pathname]);
    }
    if (url.pathname.startsWith(ICONS_PREFIX)) {
      // @grafana/ui fetches its SVG icons from Grafana's public build folder.
      const file = join(uiIconsDir, normalize(url.pathname.slice(ICONS_PREFIX.length)).replace(/^(\.\.(\/|$))+/, ''));
      if (file.startsWith(uiIconsDir) && existsSync(file)) {
        res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' });
        return res.end(readFileSync(file));
      }
      return sendJson(res, 404, { message: 'Not found' });
    }
    // Grafana serves each plugin's own folder: the app's is dist/ (where webpack writes the lazy
    // chunks both bundles load), the nested panel's is dist/panels/askLogs.
    const appPrefix = `/public/plugins/${appJson.id}/`;
    if (url.pathname.startsWith(appPrefix)) {
      const rel = normalize(url.pathname.slice(appPrefix.length)).replace(/^(\.\.(\/|$))+/, '');
      const file = join(distDir, rel);
      if (!file.startsWith(distDir) || !existsSync(file) || !/\.js(\.map)?$/.test(file)) {
        return sendJson(res, 404, { message: 'Not found' });
      }
      appAssets.push(url.pathname);
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      return res.end(readFileSync(file));
    }
    const panelPrefix = `/public/plugins/${panelJson.id}/`;
    if (url.pathname.startsWith(panelPrefix)) {
      const rel = normalize(url.pathname.slice(panelPrefix.length)).replace(/^(\.\.(\/|$))+/, '');
      const file = join(panelDir, rel);
      if (!file.startsWith(panelDir) || !existsSync(file)) {
        return sendJson(res, 404, { message: 'Not found' });
      }
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      return res.end(readFileSync(file));
    }
    const proxyPrefix = '/api/plugin-proxy/';
    if (url.pathname.startsWith(proxyPrefix)) {
      return proxy(req, res, url, body);
    }
    sendJson(res, 404, { message: 'Not found' });
  }

  function proxy(req, res, url, body) {
    const [pluginId, ...restParts] = url.pathname.slice('/api/plugin-proxy/'.length).split('/');
    if (pluginId !== appJson.id) {
      return sendJson(res, 404, { message: 'Plugin not found' });
    }
    const match = matchRoute(appJson.routes ?? [], req.method, restParts.join('/'));
    if (!match) {
      return sendJson(res, 404, { message: 'plugin route match not found' });
    }
    const { route: r, rest } = match;
    if (r.reqRole && ROLE_RANK[role] < ROLE_RANK[r.reqRole]) {
      return sendJson(res, 403, { message: 'plugin proxy route access denied' });
    }
    let target;
    try {
      const base = new URL(renderTemplate(r.url, ctx));
      target = new URL(base.toString());
      target.pathname = `${base.pathname.replace(/\/$/, '')}${rest}`.replace(/^$/, '/');
      target.search = url.search;
    } catch {
      return sendJson(res, 500, { message: 'Could not interpolate plugin route url' });
    }
    const headers = { ...req.headers };
    for (const h of DROPPED_REQUEST_HEADERS) {
      delete headers[h];
    }
    if (req.headers.referer) {
      headers['x-grafana-referer'] = req.headers.referer;
    }
    for (const h of r.headers ?? []) {
      headers[h.name.toLowerCase()] = renderTemplate(h.content, ctx);
    }
    headers['content-length'] = String(body.length);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = send(target, { method: req.method, headers }, (up) => {
      const out = { ...up.headers };
      delete out['set-cookie'];
      out['content-security-policy'] = 'sandbox';
      res.writeHead(up.statusCode ?? 502, out);
      const isStream = String(up.headers['content-type'] ?? '').includes('text/event-stream');
      const parser = isStream
        ? createParser({
            onEvent: (ev) => {
              if (ev.event === 'answer') {
                answers.push(JSON.parse(ev.data));
              }
            },
          })
        : undefined;
      const jsonChunks = [];
      up.on('data', (c) => {
        // Forward each piece as it arrives: SSE must not be buffered.
        res.write(c);
        if (parser) {
          parser.feed(c.toString('utf8'));
        } else {
          jsonChunks.push(c);
        }
      });
      up.on('end', () => {
        res.end();
        if (!parser && up.statusCode === 200 && /api\/v1\/(ask|explain-alert)$/.test(target.pathname)) {
          try {
            answers.push(JSON.parse(Buffer.concat(jsonChunks).toString('utf8')));
          } catch {
            // not JSON; nothing to record
          }
        }
      });
    });
    upstream.on('error', (err) => {
      if (process.env.HARNESS_DEBUG) {
        console.error('proxy upstream error', target.toString(), err);
      }
      if (!res.headersSent) {
        sendJson(res, 502, { message: 'Bad Gateway' });
      } else {
        res.destroy();
      }
    });
    // The page went away mid-answer (new question, closed tab): stop the upstream request too.
    // (Not req 'close': that fires as soon as the request body has been read.)
    res.on('close', () => {
      if (!res.writableEnded) {
        upstream.destroy();
      }
    });
    upstream.end(body);
  }

  await new Promise((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    appId: appJson.id,
    requests,
    answers,
    appAssets,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// `node tests/browser/harness/server.mjs` serves the harness for manual use against LOGLENS_SIDECAR_URL.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sidecarUrl = process.env.LOGLENS_SIDECAR_URL;
  const apiKey = process.env.LOGLENS_API_KEY;
  if (!sidecarUrl || !apiKey) {
    console.error('set LOGLENS_SIDECAR_URL and LOGLENS_API_KEY');
    process.exit(2);
  }
  const h = await startHarness({ sidecarUrl, apiKey, port: Number(process.env.PORT ?? 0) });
  console.log(`harness at ${h.url}/?theme=dark`);
}
