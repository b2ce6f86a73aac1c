#!/usr/bin/env node
// Prints every Prometheus metric name used by the provisioned dashboards' PromQL, one per line, sorted.
// Names are printed as written in the queries (histograms as `<name>_bucket` / `_count`), i.e. as the
// sample names on the sidecar's /metrics page. Usage: node scripts/dashboard-metrics.mjs [dashboard.json ...]
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parser } from '@prometheus-io/lezer-promql';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DASHBOARD_DIR = join(ROOT, 'provisioning', 'dashboards', 'json');

/** Grafana macros and variables are not PromQL; give them a value that parses in their position. */
export function substituteGrafanaVariables(expr) {
  return expr
    .replace(/\$__(rate_interval|interval|range|auto)(_ms|_s)?\b/g, '5m')
    .replace(/\$\{[^}]+\}|\[\[[^\]]+\]\]|\$[A-Za-z_][A-Za-z0-9_]*/g, 'x');
}

/** Metric names in one PromQL expression; throws on a syntax error so a broken query cannot hide a name. */
export function metricNamesFromExpr(expr) {
  const src = substituteGrafanaVariables(expr);
  const tree = parser.parse(src);
  const names = new Set();
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) {
      throw new Error(`PromQL syntax error at ${cursor.from} in: ${expr}`);
    }
    if (cursor.name === 'VectorSelector') {
      const node = cursor.node;
      const id = node.getChild('Identifier');
      if (id) {
        names.add(src.slice(id.from, id.to));
      }
      // {__name__="metric"} selects by name without an identifier.
      for (const m of node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
        const label = m.getChild('LabelName');
        const value = m.getChild('StringLiteral');
        if (label && value && src.slice(label.from, label.to) === '__name__') {
          names.add(JSON.parse(src.slice(value.from, value.to).replace(/^'|'$/g, '"')));
        }
      }
    }
  } while (cursor.next());
  return [...names];
}

/** Every `expr` of a Prometheus-typed target in a dashboard (rows and nested panels included). */
export function promExprsFromDashboard(dashboard) {
  const exprs = [];
  const visit = (panels) => {
    for (const p of panels ?? []) {
      for (const t of p.targets ?? []) {
        const ds = t.datasource ?? p.datasource;
        const type = typeof ds === 'object' && ds ? ds.type : undefined;
        if (typeof t.expr === 'string' && type === 'prometheus') {
          exprs.push(t.expr);
        }
      }
      visit(p.panels);
    }
  };
  visit(dashboard.panels);
  return exprs;
}

export function metricNamesFromDashboards(files) {
  const names = new Set();
  for (const f of files) {
    const dashboard = JSON.parse(readFileSync(f, 'utf8'));
    for (const expr of promExprsFromDashboard(dashboard)) {
      metricNamesFromExpr(expr).forEach((n) => names.add(n));
    }
  }
  return [...names].sort();
}

export function dashboardFiles(dir = DASHBOARD_DIR) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = process.argv.length > 2 ? process.argv.slice(2) : dashboardFiles();
  process.stdout.write(metricNamesFromDashboards(files).join('\n') + '\n');
}
