import { PanelPlugin } from '@grafana/data';
import { DEFAULT_OPTIONS, type AskLogsOptions } from './types';
import { AskLogsPanel } from './components/AskLogsPanel';
import { LokiPicker } from './components/LokiPicker';

export const plugin = new PanelPlugin<AskLogsOptions>(AskLogsPanel).setPanelOptions((builder) =>
  builder
    .addCustomEditor({
      id: 'datasourceUid',
      path: 'datasourceUid',
      name: 'Loki data source',
      description: 'Used for "Open in Explore" links. Empty: the default Loki data source.',
      editor: LokiPicker,
      defaultValue: DEFAULT_OPTIONS.datasourceUid,
    })
    .addTextInput({
      path: 'selector',
      name: 'Stream selector',
      description: 'Optional LogQL stream selector that scopes every question, e.g. {namespace="$namespace"}.',
      defaultValue: DEFAULT_OPTIONS.selector,
    })
    .addBooleanSwitch({
      path: 'variablesAsHints',
      name: 'Dashboard variables as label hints',
      description: 'Send single-valued dashboard variables as label hints.',
      defaultValue: DEFAULT_OPTIONS.variablesAsHints,
    })
    .addNumberInput({
      path: 'limit',
      name: 'Citations',
      description: 'Maximum number of cited log lines.',
      defaultValue: DEFAULT_OPTIONS.limit,
      settings: { min: 1, max: 50, integer: true },
    })
    .addNumberInput({
      path: 'exploreContextMinutes',
      name: 'Explore context (minutes)',
      description: 'Minutes shown on each side of a cited line in Explore.',
      defaultValue: DEFAULT_OPTIONS.exploreContextMinutes,
      settings: { min: 1, integer: true },
    })
    .addBooleanSwitch({
      path: 'showAlerts',
      name: 'Alert explanations',
      description: "List alert state changes in the dashboard's time range with an Explain button.",
      defaultValue: DEFAULT_OPTIONS.showAlerts,
    })
);
