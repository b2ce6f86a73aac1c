import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { config, getTemplateSrv } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import type { AskLogsOptions } from '../types';
import { labelHintsFromVariables, type VariableLike } from '../hints';
import { QuestionHistory } from '../history';
import { AskLogsView, type AskContext } from './AskLogsView';
import { AlertExplanations } from '../../../components/AlertExplanations/AlertExplanations';
import { defaultLokiUid, grafanaSidecarClient, loadAlertAnnotations } from '../../../grafana';

const MS_PER_MINUTE = 60_000;

function dashboardVariables(): VariableLike[] {
  try {
    return getTemplateSrv().getVariables() as unknown as VariableLike[];
  } catch {
    // Outside a dashboard (panel editor preview in some versions) there is no template service.
    return [];
  }
}

export function AskLogsPanel({
  options,
  timeRange,
  timeZone,
  replaceVariables,
  width,
  height,
  id,
}: PanelProps<AskLogsOptions>) {
  const s = useStyles2(getStyles);
  const client = useMemo(() => grafanaSidecarClient(), []);
  const history = useMemo(
    () => new QuestionHistory(typeof window !== 'undefined' ? window.localStorage : undefined, `loglens.asklogs.${id}`),
    [id]
  );
  const start = timeRange.from.toISOString();
  const end = timeRange.to.toISOString();
  const selector = options.selector ? replaceVariables(options.selector) : '';

  const context: AskContext = useMemo(
    () => ({
      start,
      end,
      selector: selector || undefined,
      labels: options.variablesAsHints ? labelHintsFromVariables(dashboardVariables()) : undefined,
      limit: options.limit,
    }),
    [start, end, selector, options.variablesAsHints, options.limit]
  );
  const explore = useMemo(
    () => ({
      datasourceUid: options.datasourceUid || defaultLokiUid(),
      appSubUrl: config.appSubUrl,
      orgId: config.bootData?.user?.orgId,
      contextMs: (options.exploreContextMinutes || 5) * MS_PER_MINUTE,
    }),
    [options.datasourceUid, options.exploreContextMinutes]
  );

  return (
    <div className={s.root} style={{ width, height }}>
      <AskLogsView
        client={client}
        context={context}
        explore={explore}
        history={history}
        timeZone={timeZone}
        footer={
          options.showAlerts ? (
            <AlertExplanations
              client={client}
              loadAlerts={loadAlertAnnotations}
              fromMs={timeRange.from.valueOf()}
              toMs={timeRange.to.valueOf()}
              explore={explore}
              timeZone={timeZone}
            />
          ) : null
        }
      />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ overflow: 'hidden', padding: theme.spacing(0.5), boxSizing: 'border-box' }),
});
