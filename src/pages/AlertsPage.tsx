import React, { useMemo, useState } from 'react';
import { config, PluginPage } from '@grafana/runtime';
import { RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { AlertExplanations } from '../components/AlertExplanations/AlertExplanations';
import { defaultLokiUid, grafanaSidecarClient, loadAlertAnnotations } from '../grafana';

const HOUR_MS = 3_600_000;
const RANGES = [
  { label: 'Last hour', value: HOUR_MS },
  { label: '6 hours', value: 6 * HOUR_MS },
  { label: '24 hours', value: 24 * HOUR_MS },
  { label: '7 days', value: 7 * 24 * HOUR_MS },
];
/** Explore context around cited lines on this page, where there is no panel option. */
const EXPLORE_CONTEXT_MS = 5 * 60_000;

function AlertsPage() {
  // The range end is fixed when the span is picked, so the list does not refetch on every render.
  const [range, setRange] = useState(() => ({ span: 24 * HOUR_MS, toMs: Date.now() }));
  const { span, toMs } = range;
  const fromMs = toMs - span;
  const setSpan = (next: number) => setRange({ span: next, toMs: Date.now() });
  const client = useMemo(() => grafanaSidecarClient(), []);
  const explore = useMemo(
    () => ({
      datasourceUid: defaultLokiUid(),
      appSubUrl: config.appSubUrl,
      orgId: config.bootData?.user?.orgId,
      contextMs: EXPLORE_CONTEXT_MS,
    }),
    []
  );
  return (
    <PluginPage>
      <Stack direction="column" gap={2}>
        <Stack direction="row" gap={2} alignItems="center">
          <Text color="secondary">Alert state changes recorded by Grafana alerting; explain one from its logs.</Text>
          <RadioButtonGroup options={RANGES} value={span} onChange={setSpan} size="sm" />
        </Stack>
        <AlertExplanations
          client={client}
          loadAlerts={loadAlertAnnotations}
          fromMs={fromMs}
          toMs={toMs}
          explore={explore}
          timeZone={config.bootData?.user?.timezone}
        />
      </Stack>
    </PluginPage>
  );
}

export default AlertsPage;
