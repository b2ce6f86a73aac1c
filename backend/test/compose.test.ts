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
// the sidecar's config accepts.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string } | string;
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  depends_on?: string[];
  secrets?: string[];
}
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
};

test('the stack has Grafana, Loki, Ollama, Prometheus and the sidecar', () => {
  assert.deepEqual(Object.keys(compose.services).sort(), ['grafana', 'loglens', 'loki', 'ollama', 'prometheus']);
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
    for (const dep of s.depends_on ?? []) assert.ok(dep in compose.services, `${name}: depends on ${dep}`);
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

test("the sidecar's settings are ones its config accepts", () => {
  const env = compose.services.loglens.environment ?? {};
  const resolved: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) resolved[k] = String(v).replace(/\$\{[^}]+\}/g, 'x'.repeat(24));
  const cfg = loadConfig(resolved);
  assert.equal(cfg.loki.url, 'http://loki:3100');
  assert.equal(cfg.ollama.url, 'http://ollama:11434');
  assert.ok(cfg.loki.sources.length > 0, 'the sidecar follows something in Loki');
  for (const k of Object.keys(env)) assert.match(k, /^(LOGLENS_|OTEL_)/, k);
});

test("Prometheus scrapes the sidecar's service and port", () => {
  const prom = parse(readFileSync(join(ROOT, 'provisioning/prometheus/prometheus.yml'), 'utf8')) as {
    scrape_configs: { static_configs: { targets: string[] }[] }[];
  };
  const targets = prom.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
  assert.ok(targets.includes('loglens:8787'), targets.join(','));
});
