import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { ControlledCollapse, Text, useStyles2, useTheme2 } from '@grafana/ui';
import type { AnswerSeries, AskPlan, AskResult } from '../../api/types';
import { buildQueryExploreUrl, type ExploreLinkOptions } from '../../api/explore';
import { AnswerChart } from './AnswerChart';
import { ResultStat } from './ResultStat';
import { SeriesLegend } from './SeriesLegend';
import { bucketTimes, drawnSeries, resultView, type DrawnSeries } from './seriesModel';
import { useWidth } from './useWidth';

export interface AnswerPictureProps {
  series?: AnswerSeries;
  result?: AskResult;
  plan?: AskPlan;
  /** Selected series id: the evidence list shows its citations only. */
  selected?: string;
  onSelect: (id: string | undefined) => void;
  /** The dashboard's time zone; the browser's when absent. */
  timeZone?: string;
  explore: Partial<ExploreLinkOptions>;
}

/** Below this width (a 6-column panel) the legend folds away and the chart is shorter. */
export const COMPACT_WIDTH = 480;

/**
 * The answer as a picture, drawn with Grafana's own visualisations: a stat for a single number,
 * a table for a top-k, and a time series of the cited kinds of line with their onsets marked.
 */
export default function AnswerPicture({
  series,
  result,
  plan,
  selected,
  onSelect,
  timeZone,
  explore,
}: AnswerPictureProps) {
  const s = useStyles2(getStyles);
  const theme = useTheme2();
  const [ref, width] = useWidth<HTMLElement>();
  const drawn = useMemo(() => drawnSeries(series, theme), [series, theme]);
  const view = useMemo(() => resultView(result, plan?.slot?.key), [result, plan]);
  const compact = width < COMPACT_WIDTH;
  const tz = timeZone || 'browser';
  const hasChart = Boolean(series?.window) && drawn.length > 0;
  const range = series?.window
    ? { fromMs: Date.parse(series.window.start), toMs: Date.parse(series.window.end) }
    : undefined;
  const exploreHref = (d: DrawnSeries): string | undefined => {
    if (d.role === 'others' || d.items.length !== 1) {
      return undefined;
    }
    const item = d.items[0];
    // The panel's own Loki data source when it has one (the user's Grafana), else the sidecar's link.
    if (explore.datasourceUid && range) {
      return buildQueryExploreUrl(item.logql, 'series', range, {
        datasourceUid: explore.datasourceUid,
        appSubUrl: explore.appSubUrl,
        orgId: explore.orgId,
      });
    }
    return item.exploreUrl;
  };
  const sparkline =
    view?.kind === 'stat' && series?.window && series.items.length === 1
      ? {
          times: bucketTimes(series, series.items[0].counts.length),
          counts: series.items[0].counts,
          color: drawn[0]?.color ?? theme.colors.primary.main,
        }
      : undefined;
  if (!view && !hasChart) {
    return null;
  }
  const legend = (
    <SeriesLegend
      drawn={drawn}
      selected={selected}
      onSelect={onSelect}
      exploreHref={exploreHref}
      timeZone={tz}
      compact={compact}
    />
  );
  return (
    <section ref={ref} className={s.wrap} aria-label="The answer as a picture" data-testid="loglens-picture">
      {view ? <ResultStat view={view} width={width} theme={theme} timeZone={tz} sparkline={sparkline} /> : null}
      {hasChart && series ? (
        <>
          <AnswerChart
            series={series}
            drawn={drawn}
            selected={selected}
            onSelect={onSelect}
            width={width}
            height={compact ? 150 : 200}
            timeZone={tz}
            theme={theme}
          />
          {compact ? (
            <ControlledCollapse label={`${drawn.length} series`} isOpen={false} className={s.collapse}>
              {legend}
            </ControlledCollapse>
          ) : (
            legend
          )}
          {series.partial ? (
            <Text variant="bodySmall" color="secondary" italic>
              Counting stopped at the row limit: the counts are lower bounds.
            </Text>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    minWidth: 0,
  }),
  collapse: css({ marginBottom: 0 }),
});
