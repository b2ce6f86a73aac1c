// Stand-in for the part of Grafana's frontend runtime that a panel plugin touches: it provides the real
// @grafana/* packages as AMD modules, loads the *built* panel (dist/panels/askLogs/module.js) the way
// Grafana does (AMD define + `module` uri for the public path), and renders its panel component with
// PanelProps built from the page's query string. Bundled for the browser by the harness server (esbuild).
import React from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as emotionCss from '@emotion/css';
import * as rxjs from 'rxjs';
import * as grafanaData from '@grafana/data';
import * as grafanaUi from '@grafana/ui';
import * as grafanaRuntime from '@grafana/runtime';
import type { PanelPlugin, PanelProps } from '@grafana/data';

type Factory = (...deps: unknown[]) => unknown;
interface HarnessWindow extends Window {
  define?: ((deps: string[], factory: Factory) => void) & { amd?: object };
  __harness?: { ready: boolean; error?: string; hovers?: number[] };
}
const w = window as unknown as HarnessWindow;
w.__harness = { ready: false };

const params = new URLSearchParams(location.search);
const PANEL_BASE = '/public/plugins/loglens-asklogs-panel/';

/** Loads one AMD module by script tag, resolving its dependencies from `shared` (what Grafana exposes). */
function loadAmd(url: string, shared: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const define = (deps: string[], factory: Factory) => {
      try {
        const resolved = deps.map((d) => {
          if (d === 'module') {
            return { uri: url };
          }
          if (!(d in shared)) {
            throw new Error(`module.js needs "${d}", which this Grafana stand-in does not provide`);
          }
          return shared[d];
        });
        resolve(factory(...resolved) as Record<string, unknown>);
      } catch (e) {
        reject(e);
      }
    };
    define.amd = {};
    w.define = define;
    const script = document.createElement('script');
    script.src = url;
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(script);
  });
}

function num(name: string, dflt: number): number {
  const v = params.get(name);
  return v === null ? dflt : Number(v);
}

async function main() {
  const mode = params.get('theme') === 'light' ? 'light' : 'dark';
  const theme = grafanaData.createTheme({ colors: { mode } });
  document.body.style.background = theme.colors.background.canvas;
  document.body.style.color = theme.colors.text.primary;
  document.body.style.fontFamily = theme.typography.fontFamily;
  document.body.style.fontSize = `${theme.typography.fontSize}px`;

  // Template variables of the "dashboard"; single values become label hints.
  const variables = JSON.parse(params.get('vars') ?? '[]');
  grafanaRuntime.setTemplateSrv({
    getVariables: () => variables,
    replace: (s?: string) => s ?? '',
    containsTemplate: () => false,
    updateTimeRange: () => undefined,
  } as unknown as grafanaRuntime.TemplateSrv);

  const shared: Record<string, unknown> = {
    react: React,
    'react-dom': ReactDOM,
    '@emotion/css': emotionCss,
    rxjs,
    '@grafana/data': grafanaData,
    '@grafana/ui': grafanaUi,
    '@grafana/runtime': grafanaRuntime,
  };
  const exports = await loadAmd(`${PANEL_BASE}module.js`, shared);
  const plugin = exports.plugin as PanelPlugin;
  if (!plugin?.panel) {
    throw new Error('module.js did not export a PanelPlugin as "plugin"');
  }
  // Option defaults as the panel's option builder declares them (Grafana's own builder), overridden by ?options=.
  // Grafana core registers its option editors at boot; the builder only needs them to exist here.
  grafanaData.standardEditorsRegistry.setInit(() =>
    ['text', 'boolean', 'number', 'radio', 'select', 'multiSelect', 'color', 'slider', 'unit'].map((id) => ({
      id,
      name: id,
      editor: () => null,
    }))
  );
  const builder = new grafanaData.PanelOptionsEditorBuilder<Record<string, unknown>>();
  plugin.getPanelOptionsSupplier()(builder, { data: [] });
  const defaults: Record<string, unknown> = {};
  for (const item of builder.getItems()) {
    defaults[item.path] = item.defaultValue;
  }
  const options = { ...defaults, ...JSON.parse(params.get('options') ?? '{}') };

  const to = grafanaData.dateTime(num('to', Date.now()));
  const from = grafanaData.dateTime(num('from', to.valueOf() - 3_600_000));
  const timeRange = { from, to, raw: { from, to } };
  const width = num('width', 900);
  const height = num('height', 640);
  const Panel = plugin.panel as React.ComponentType<PanelProps>;
  // The dashboard's event bus and cursor sync, as Grafana's panel chrome provides them: a panel
  // sharing its crosshair publishes DataHoverEvents here (recorded for the tests).
  const eventBus = new grafanaData.EventBusSrv();
  const hovers: number[] = [];
  eventBus.getStream(grafanaData.DataHoverEvent).subscribe((e) => {
    const t = e.payload?.point?.time;
    if (typeof t === 'number') {
      hovers.push(t);
    }
  });
  const panelContext = {
    eventsScope: 'global',
    eventBus,
    sync: () => grafanaData.DashboardCursorSync.Crosshair,
  };
  const props = {
    id: 1,
    data: { state: grafanaData.LoadingState.Done, series: [], timeRange },
    timeRange,
    timeZone: params.get('tz') ?? 'utc',
    options,
    fieldConfig: { defaults: {}, overrides: [] },
    transparent: false,
    width,
    height,
    renderCounter: 0,
    title: 'Ask logs',
    eventBus,
    replaceVariables: (s: string) => s,
    onOptionsChange: () => undefined,
    onFieldConfigChange: () => undefined,
    onChangeTimeRange: () => undefined,
  } as unknown as PanelProps;

  const root = document.getElementById('panel')!;
  root.style.width = `${width}px`;
  root.style.height = `${height}px`;
  root.style.background = theme.colors.background.primary;
  root.style.border = `1px solid ${theme.colors.border.weak}`;
  createRoot(root).render(
    <grafanaUi.ThemeContext.Provider value={theme}>
      <grafanaUi.PanelContextProvider value={panelContext}>
        <Panel {...props} />
      </grafanaUi.PanelContextProvider>
    </grafanaUi.ThemeContext.Provider>
  );
  w.__harness = { ready: true, hovers };
}

main().catch((e: unknown) => {
  w.__harness = { ready: false, error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) };
  document.body.textContent = `harness error: ${String(e)}`;
});
