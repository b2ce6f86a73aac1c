#!/usr/bin/env node
// Validates the built plugin (dist/**/plugin.json, module.js beside each) and the provisioned dashboards.
//  - plugin.json: against scripts/schemas/plugin-json.schema.json (see its $comment), plus checks the
//    schema cannot express (no unreplaced %VARS%, nested panels reachable, routes never leak secrets to jsonData).
//  - dashboards: against a JSON schema generated from @grafana/schema's `Dashboard` type (the TypeScript
//    model Grafana publishes for dashboard JSON), with ts-json-schema-generator.
// Usage: node scripts/validate-plugin.mjs [--dist DIR | --no-dist] [--no-dashboards]; exit 1 with reasons on failure.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { createGenerator } from 'ts-json-schema-generator';
import { dashboardFiles } from './dashboard-metrics.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function findPluginJsons(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) {
      out.push(...findPluginJsons(p));
    } else if (entry === 'plugin.json') {
      out.push(p);
    }
  }
  return out;
}

export function validatePluginDist(distDir) {
  const errors = [];
  const schema = JSON.parse(readFileSync(join(ROOT, 'scripts', 'schemas', 'plugin-json.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const files = findPluginJsons(distDir);
  if (!files.some((f) => dirname(f) === distDir)) {
    errors.push(`${distDir}: no top-level plugin.json (run npm run build)`);
  }
  for (const f of files) {
    const rel = relative(distDir, f) || f;
    const raw = readFileSync(f, 'utf8');
    const json = JSON.parse(raw);
    if (!validate(json)) {
      for (const e of validate.errors) {
        errors.push(`${rel}${e.instancePath}: ${e.message}`);
      }
    }
    const leftover = raw.match(/%[A-Z_]+%/g);
    if (leftover) {
      errors.push(`${rel}: unreplaced build variables ${[...new Set(leftover)].join(', ')}`);
    }
    if (!existsSync(join(dirname(f), 'module.js'))) {
      errors.push(`${rel}: no module.js beside it`);
    }
    for (const logo of Object.values(json.info?.logos ?? {})) {
      if (!existsSync(join(dirname(f), logo))) {
        errors.push(`${rel}: logo ${logo} missing from dist`);
      }
    }
    for (const r of json.routes ?? []) {
      for (const h of r.headers ?? []) {
        if (/\.JsonData\.(apiKey|token|password|secret)/i.test(h.content)) {
          errors.push(`${rel}: route ${r.path} reads a secret from jsonData (use SecureJsonData)`);
        }
      }
    }
  }
  return { files: files.map((f) => relative(distDir, f)), errors };
}

/** JSON schema of Grafana's dashboard model, from the `Dashboard` interface @grafana/schema ships. */
export function grafanaDashboardSchema() {
  // The package's exports map hides dist/types; locate the package, then the file inside it.
  const pkgDir = dirname(require.resolve('@grafana/schema/package.json', { paths: [ROOT] }));
  const typesFile = join(pkgDir, 'dist', 'types', 'raw', 'dashboard', 'x', 'types.gen.d.ts');
  return createGenerator({
    path: typesFile,
    type: 'Dashboard',
    skipTypeCheck: true,
    // The file re-declares imported names (DataSourceRef); keep only what Dashboard reaches.
    expose: 'none',
    topRef: false,
  }).createSchema('Dashboard');
}

export function validateDashboards(files, schema = grafanaDashboardSchema()) {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const errors = [];
  for (const f of files) {
    const dashboard = JSON.parse(readFileSync(f, 'utf8'));
    if (!validate(dashboard)) {
      for (const e of validate.errors) {
        errors.push(
          `${relative(ROOT, f)}${e.instancePath}: ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`
        );
      }
    }
  }
  return errors;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const distIdx = args.indexOf('--dist');
  const dist = distIdx >= 0 ? args[distIdx + 1] : join(ROOT, 'dist');
  const errors = [];
  if (args.includes('--no-dist')) {
    // dashboards only
  } else if (!existsSync(dist)) {
    errors.push(`${dist} does not exist (run npm run build first)`);
  } else {
    const r = validatePluginDist(dist);
    console.log(`plugin.json files: ${r.files.join(', ')}`);
    errors.push(...r.errors);
  }
  if (!args.includes('--no-dashboards')) {
    const files = dashboardFiles();
    errors.push(...validateDashboards(files));
    console.log(`dashboards: ${files.map((f) => relative(ROOT, f)).join(', ')}`);
  }
  if (errors.length) {
    console.error(errors.map((e) => `  ${e}`).join('\n'));
    console.error(`${errors.length} problem(s)`);
    process.exit(1);
  }
  console.log('plugin and dashboards valid');
}
