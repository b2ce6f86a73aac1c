import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/load.js';

// docker-compose.yml cannot run here (no Docker engine), so this checks what it can: every service
// is defined by an image or a build that exists, every host path it mounts exists in the repo (or
// is the plugin build output), ports are well-formed, and every LOGLENS_* setting it passes is one
// the sidecar's config accepts, with the default profile (embedded) and the opensearch one.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string } | string;
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  depends_on?: string[] | Record<string, { condition?: string; required?: boolean }>;
  secrets?: string[];
  profiles?: string[];
  ulimits?: Record<string, unknown>;
}

/** depends_on in either form, as (service, required) pairs (Compose's default: required). */
function dependencies(s: Service): { name: string; required: boolean }[] {
  const d = s.depends_on ?? [];
  return Array.isArray(d) ? d.map((name) => ({ name, required: true })) : Object.entries(d).map(([name, o]) => ({ name, required: o.required !== false }));
}

/**
 * Compose's interpolation of what the tests use: ${VAR}, ${VAR:-default}, ${VAR:?message}
 * (a set variable's value, else the default; an unset :? fails like `docker compose config`).
 */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, op: string | undefined, arg: string) => {
    if (env[name] !== undefined && env[name] !== '') return env[name]!;
    if (op === '-') return arg;
    throw new Error(`${name} is not set${op === '?' ? `: ${arg}` : ''}`);
  });
}

/** The services `docker compose up` starts with these profiles on (a service without profiles always). */
function servicesUnder(profiles: string[]): string[] {
  return Object.entries(compose.services)
    .filter(([, s]) => !s.profiles || s.profiles.some((p) => profiles.includes(p)))
    .map(([name]) => name)
    .sort();
}

/** The sidecar's config as compose would start it, under these host variables. */
function sidecarConfig(host: Record<string, string>) {
  const env = compose.services.loglens.environment ?? {};
  const resolved: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) resolved[k] = interpolate(String(v), host);
  return loadConfig(resolved);
}
const HOST = { LOGLENS_API_KEY: 'x'.repeat(24) };
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
};

test('the stack has Grafana, Loki, Ollama, Prometheus and the sidecar; OpenSearch only under its profile', () => {
  assert.deepEqual(servicesUnder([]), ['grafana', 'loglens', 'loki', 'ollama', 'prometheus']);
  assert.deepEqual(servicesUnder(['opensearch']), ['grafana', 'loglens', 'loki', 'ollama', 'opensearch', 'prometheus']);
});

test('every service has an image or a build whose Dockerfile exists', () => {
  for (const [name, s] of Object.entries(compose.services)) {
    if (s.build) {
      const b = typeof s.build === 'string' ? { context: s.build } : s.build;
      assert.ok(existsSync(join(ROOT, b.context)), `${name}: build context ${b.context}`);
      assert.ok(existsSync(join(ROOT, b.context, b.dockerfile ?? 'Dockerfile')), `${name}: dockerfile`);
    } else {
      assert.match(s.image ?? '', /^[\w./-]+:[\w.-]+$/, `${name}: image with a tag`);
    }
  }
});

test('every mounted host path exists in the repo; named volumes and secrets are declared', () => {
  const pluginOut = readFileSync(join(ROOT, '.config/webpack/webpack.config.ts'), 'utf8');
  for (const [name, s] of Object.entries(compose.services)) {
    for (const v of s.volumes ?? []) {
      const [host] = v.split(':');
      if (host.startsWith('./')) {
        if (host === './dist') {
          // The plugin build output: produced by `npm run build` (create-plugin writes to dist/).
          assert.match(pluginOut, /DIST_DIR|dist/, 'webpack builds into dist/');
          continue;
        }
        assert.ok(existsSync(join(ROOT, host)), `${name}: ${host} missing`);
      } else {
        assert.ok(compose.volumes && host in compose.volumes, `${name}: named volume ${host} not declared`);
      }
    }
    for (const sec of s.secrets ?? []) assert.ok(compose.secrets && sec in compose.secrets, `${name}: secret ${sec}`);
    for (const dep of dependencies(s)) {
      assert.ok(dep.name in compose.services, `${name}: depends on ${dep.name}`);
      // A service that always runs may need one that only runs under a profile only as optional:
      // a required one makes the default `docker compose up` fail.
      const depProfiles = compose.services[dep.name]!.profiles;
      if (depProfiles && !s.profiles) assert.equal(dep.required, false, `${name}: depends on ${dep.name} (profiles ${depProfiles.join(',')}) without required: false`);
    }
  }
});

test('ports are host:container pairs without clashes', () => {
  const hostPorts = new Set<string>();
  for (const [name, s] of Object.entries(compose.services)) {
    for (const p of s.ports ?? []) {
      assert.match(p, /^\d{2,5}:\d{2,5}$/, `${name}: ${p}`);
      const host = p.split(':')[0];
      assert.ok(!hostPorts.has(host), `host port ${host} used twice`);
      hostPorts.add(host);
    }
  }
});

test("the sidecar's settings are ones its config accepts; by default its backend is embedded", () => {
  const env = compose.services.loglens.environment ?? {};
  const cfg = sidecarConfig(HOST);
  assert.equal(cfg.loki.url, 'http://loki:3100');
  assert.equal(cfg.ollama.url, 'http://ollama:11434');
  assert.ok(cfg.loki.sources.length > 0, 'the sidecar follows something in Loki');
  assert.equal(cfg.backend.kind, 'embedded');
  for (const k of Object.keys(env)) assert.match(k, /^(LOGLENS_|OTEL_)/, k);
  assert.throws(() => sidecarConfig({}), /LOGLENS_API_KEY is not set/);
});

test('the opensearch profile: a pinned single-node OpenSearch with its security settings stated, and the sidecar pointed at it', () => {
  const os = compose.services.opensearch!;
  assert.deepEqual(os.profiles, ['opensearch']);
  assert.equal(os.image, 'opensearchproject/opensearch:2.19.1');
  const env = os.environment ?? {};
  assert.equal(env['discovery.type'], 'single-node');
  // Security off is only acceptable while the node is reachable from the compose network alone.
  assert.equal(env.DISABLE_SECURITY_PLUGIN, 'true');
  assert.equal(os.ports, undefined, 'an OpenSearch without security must not publish a port');
  assert.match(env.OPENSEARCH_JAVA_OPTS ?? '', /-Xms(\d+[mg]) -Xmx\1/, 'a fixed heap');
  assert.ok((os.volumes ?? []).some((v) => v.endsWith(':/usr/share/opensearch/data')), 'data on a volume');

  const cfg = sidecarConfig({ ...HOST, LOGLENS_BACKEND: 'opensearch' });
  assert.equal(cfg.backend.kind, 'opensearch');
  assert.deepEqual(cfg.backend.opensearch.urls, ['http://opensearch:9200']);
  // One node: a replica could never be placed.
  assert.equal(cfg.backend.opensearch.replicas, 0);
  assert.deepEqual(dependencies(compose.services.loglens).find((d) => d.name === 'opensearch'), { name: 'opensearch', required: false });
});

test("Prometheus scrapes the sidecar's service and port", () => {
  const prom = parse(readFileSync(join(ROOT, 'provisioning/prometheus/prometheus.yml'), 'utf8')) as {
    scrape_configs: { static_configs: { targets: string[] }[] }[];
  };
  const targets = prom.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
  assert.ok(targets.includes('loglens:8787'), targets.join(','));
});
