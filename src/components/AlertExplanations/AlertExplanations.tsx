import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Button, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import type { SidecarClient } from '../../api/sidecarClient';
import { SidecarError } from '../../api/errors';
import type { AskResponse } from '../../api/types';
import { explainRequestFor, parseAlertText, type AlertAnnotation } from '../../api/alerts';
import type { ExploreLinkOptions } from '../../api/explore';
import { AnswerView } from '../AnswerView/AnswerView';

export type LoadAlerts = (fromMs: number, toMs: number) => Promise<AlertAnnotation[]>;

export interface AlertExplanationsProps {
  client: SidecarClient;
  loadAlerts: LoadAlerts;
  fromMs: number;
  toMs: number;
  explore: Partial<ExploreLinkOptions> & { contextMs: number };
  /** The dashboard's time zone for the timelines (the browser's when absent). */
  timeZone?: string;
}

type Explanation =
  { state: 'loading' } | { state: 'done'; response: AskResponse } | { state: 'error'; message: string };

/** States worth explaining; recoveries ("Normal") are listed but rarely need logs. */
function stateColor(state: string | undefined): 'red' | 'orange' | 'green' | 'blue' {
  const s = (state ?? '').toLowerCase();
  if (s.startsWith('alerting') || s.startsWith('error')) {
    return 'red';
  }
  if (s.startsWith('pending') || s.startsWith('nodata')) {
    return 'orange';
  }
  if (s.startsWith('normal')) {
    return 'green';
  }
  return 'blue';
}

export function AlertExplanations({ client, loadAlerts, fromMs, toMs, explore, timeZone }: AlertExplanationsProps) {
  const s = useStyles2(getStyles);
  // Results are tagged with the range they belong to, so a new range shows "loading" until its own answer.
  const rangeKey = `${fromMs}-${toMs}`;
  const [loaded, setLoaded] = useState<{ key: string; alerts?: AlertAnnotation[]; error?: string }>({ key: '' });
  const [explanations, setExplanations] = useState<Record<number, Explanation>>({});

  useEffect(() => {
    let cancelled = false;
    loadAlerts(fromMs, toMs).then(
      (list) => !cancelled && setLoaded({ key: rangeKey, alerts: list }),
      (err: unknown) =>
        !cancelled && setLoaded({ key: rangeKey, error: err instanceof Error ? err.message : describeFetchError(err) })
    );
    return () => {
      cancelled = true;
    };
  }, [loadAlerts, fromMs, toMs, rangeKey]);
  const current = loaded.key === rangeKey ? loaded : undefined;
  const alerts = current?.alerts;
  const loadError = current?.error;

  const explain = async (a: AlertAnnotation) => {
    setExplanations((cur) => ({ ...cur, [a.id]: { state: 'loading' } }));
    try {
      const response = await client.explainAlert(explainRequestFor(a));
      setExplanations((cur) => ({ ...cur, [a.id]: { state: 'done', response } }));
    } catch (err) {
      const message = err instanceof SidecarError || err instanceof Error ? err.message : String(err);
      setExplanations((cur) => ({ ...cur, [a.id]: { state: 'error', message } }));
    }
  };

  if (loadError) {
    return (
      <Alert severity="warning" title="Could not list alerts">
        {loadError}
      </Alert>
    );
  }
  if (!alerts) {
    return <LoadingPlaceholder text="Loading alert annotations…" />;
  }
  if (alerts.length === 0) {
    return (
      <Text color="secondary" data-testid="loglens-no-alerts">
        No alert state changes in this time range.
      </Text>
    );
  }
  return (
    <ul className={s.list} aria-label="Alert annotations">
      {alerts.map((a) => {
        const { title, labels } = parseAlertText(a.text ?? '');
        const ex = explanations[a.id];
        return (
          <li key={a.id} className={s.row} data-testid="loglens-alert">
            <div className={s.alert}>
              <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
                <Badge color={stateColor(a.newState)} text={a.newState ?? 'alert'} />
                <Text weight="medium">{a.alertName || title || `Alert ${a.alertId ?? a.id}`}</Text>
                <Text variant="bodySmall" color="secondary">
                  <time dateTime={new Date(a.time).toISOString()}>{new Date(a.time).toISOString()}</time>
                </Text>
              </Stack>
              <Text variant="bodySmall" color="secondary">
                {Object.entries(labels)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}
              </Text>
              <div>
                <Button
                  size="sm"
                  variant="secondary"
                  icon="question-circle"
                  onClick={() => explain(a)}
                  disabled={ex?.state === 'loading'}
                >
                  {ex?.state === 'done' ? 'Explain again' : 'Explain'}
                </Button>
              </div>
            </div>
            <div className={s.explanation}>
              {ex?.state === 'loading' ? <LoadingPlaceholder text="Reading the logs around this alert…" /> : null}
              {ex?.state === 'error' ? (
                <Alert severity="error" title="No explanation">
                  {ex.message}
                </Alert>
              ) : null}
              {ex?.state === 'done' ? (
                <AnswerView
                  text={ex.response.answer.text}
                  answer={ex.response.answer}
                  citations={ex.response.citations}
                  retrieval={ex.response.retrieval}
                  streaming={false}
                  explore={explore}
                  plan={ex.response.plan}
                  result={ex.response.result}
                  series={ex.response.series}
                  timeZone={timeZone}
                />
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function describeFetchError(err: unknown): string {
  const e = err as { status?: number; data?: { message?: string } };
  if (e?.status) {
    return `Grafana answered HTTP ${e.status}${e.data?.message ? `: ${e.data.message}` : ''}.`;
  }
  return 'Grafana did not answer.';
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  row: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(220px, 1fr) 2fr',
    gap: theme.spacing(2),
    padding: theme.spacing(1),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
    [theme.breakpoints.down('md')]: { gridTemplateColumns: '1fr' },
  }),
  alert: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  }),
  explanation: css({ minWidth: 0 }),
});
