import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const node = process.execPath;

/** The metric names the sidecar exports (agreed with the backend); histograms appear as their series. */
const SIDECAR_METRICS = [
  'loglens_answers_total',
  'loglens_ask_duration_seconds_bucket',
  'loglens_ask_duration_seconds_count',
  'loglens_chunks_indexed_total',
  'loglens_index_state',
  'loglens_ingest_bytes_total',
  'loglens_ingest_lag_seconds',
  'loglens_ingest_lines_total',
  'loglens_llm_errors_total',
  'loglens_llm_tokens_total',
  'loglens_loki_requests_total',
  'loglens_vectors_indexed',
];

function metricsOf(...files: string[]): string[] {
  const out = execFileSync(node, [join(ROOT, 'scripts', 'dashboard-metrics.mjs'), ...files], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

describe('dashboard metrics', () => {
  it('the provisioned dashboards use exactly the sidecar metrics', () => {
    expect(metricsOf()).toEqual(SIDECAR_METRICS);
  });

  it('finds names in nested panels, through Grafana variables and __name__ matchers, and ignores Loki queries', () => {
    const dir = tempDir();
    const file = join(dir, 'd.json');
    const prom = { type: 'prometheus', uid: 'p' };
    writeFileSync(
      file,
      JSON.stringify({
        panels: [
          {
            type: 'row',
            panels: [{ datasource: prom, targets: [{ expr: 'rate(a_total{job="$job"}[$__rate_interval])' }] }],
          },
          { datasource: prom, targets: [{ expr: 'sum by (x) ({__name__="b_gauge", x=~"${x}"}) / on() c' }] },
          { datasource: { type: 'loki', uid: 'l' }, targets: [{ expr: 'count_over_time({job="z"}[5m])' }] },
        ],
      })
    );
    expect(metricsOf(file)).toEqual(['a_total', 'b_gauge', 'c']);
  });

  it('fails loudly on a PromQL syntax error instead of missing names', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ panels: [{ datasource: { type: 'prometheus' }, targets: [{ expr: 'sum(rate(x[5m])' }] }] })
    );
    const r = spawnSync(node, [join(ROOT, 'scripts', 'dashboard-metrics.mjs'), file], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/PromQL syntax error/);
  });
});

describe('dashboards against Grafana dashboard schema', () => {
  it('validate against the schema generated from @grafana/schema Dashboard', () => {
    const r = spawnSync(node, [join(ROOT, 'scripts', 'validate-plugin.mjs'), '--no-dist'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);

  it('every panel type is one Grafana or this plugin provides, with unique ids', () => {
    const dir = join(ROOT, 'provisioning', 'dashboards', 'json');
    for (const f of readdirSync(dir)) {
      const d = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      const ids = d.panels.map((p: { id: number }) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of d.panels) {
        expect(['row', 'timeseries', 'stat', 'logs', 'alertlist', 'loglens-asklogs-panel']).toContain(p.type);
      }
    }
  });
});

describe('plugin.json sources', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'scripts', 'schemas', 'plugin-json.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const app = JSON.parse(readFileSync(join(ROOT, 'src', 'plugin.json'), 'utf8'));
  const panel = JSON.parse(readFileSync(join(ROOT, 'src', 'panels', 'askLogs', 'plugin.json'), 'utf8'));

  it.each([
    ['src/plugin.json', app],
    ['src/panels/askLogs/plugin.json', panel],
  ])('%s matches the plugin.json schema', (_name, json) => {
    expect(validate(json) ? [] : validate.errors).toEqual([]);
  });

  it('routes: Viewer may ask, only Admin reaches readiness, the key comes from secureJsonData', () => {
    const byPath = Object.fromEntries(app.routes.map((r: { path: string }) => [r.path, r]));
    expect(byPath['sidecar/api/v1/ask']).toMatchObject({ method: 'POST', reqRole: 'Viewer' });
    expect(byPath['sidecar/api/v1/explain-alert']).toMatchObject({ method: 'POST', reqRole: 'Viewer' });
    expect(byPath['sidecar/readyz']).toMatchObject({ method: 'GET', reqRole: 'Admin' });
    for (const r of app.routes) {
      expect(r.url.startsWith('{{ .JsonData.sidecarUrl }}/')).toBe(true);
      expect(r.headers).toContainEqual({ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.apiKey }}' });
    }
  });

  it('the app includes the bundled panel by its name', () => {
    expect(app.includes).toContainEqual({ type: 'panel', name: panel.name });
  });
});

describe('provisioning', () => {
  it('app.yaml takes the API key from the environment, never literally', () => {
    const doc = parse(readFileSync(join(ROOT, 'provisioning', 'plugins', 'app.yaml'), 'utf8'));
    const app = doc.apps[0];
    expect(app.type).toBe(JSON.parse(readFileSync(join(ROOT, 'src', 'plugin.json'), 'utf8')).id);
    expect(app.secureJsonData.apiKey).toMatch(/^(\$LOGLENS_API_KEY|\$\{LOGLENS_API_KEY\}|\$__env\{LOGLENS_API_KEY\})$/);
    expect(app.jsonData.sidecarUrl).toMatch(/^https?:\/\/[^/]+$/);
  });

  it('datasources provide the uids the dashboards and app use', () => {
    const ds = parse(readFileSync(join(ROOT, 'provisioning', 'datasources', 'datasources.yaml'), 'utf8')).datasources;
    const uids = ds.map((d: { uid: string }) => d.uid);
    const app = parse(readFileSync(join(ROOT, 'provisioning', 'plugins', 'app.yaml'), 'utf8')).apps[0];
    expect(uids).toContain(app.jsonData.defaultLokiUid);
    const dir = join(ROOT, 'provisioning', 'dashboards', 'json');
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/"uid": "(loglens-[a-z]+)"/g)) {
        if (!f.startsWith(m[1])) {
          expect(uids).toContain(m[1]);
        }
      }
    }
  });
});

/** Temporary dashboard files of the tests above, removed when the file's tests end. */
const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-dash-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});
