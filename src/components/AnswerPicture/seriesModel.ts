// The answer's series as the panel draws them: at most MAX_DRAWN lines (past that the smallest
// fold into one "others" line), one data frame for Grafana's time series, onset markers, and the
// citations a selected series filters the evidence list to.
import { createDataFrame, FieldColorModeId, FieldType, type DataFrame, type GrafanaTheme2 } from '@grafana/data';
// Enums through @grafana/ui (shared by Grafana at runtime) rather than bundling @grafana/schema.
import { AxisPlacement, DrawStyle, LineInterpolation, PointVisibility } from '@grafana/ui';
import type { AnswerSeries, AnswerSeriesItem, AskResult, SeriesRole } from '../../api/types';

/** Lines drawn at most; with more series, the first MAX_DRAWN - 1 and one "others" line. */
export const MAX_DRAWN = 10;
export const OTHERS_ID = '__others__';

/** A line on the chart: a series of the answer, or the sum of the ones folded into "others". */
export interface DrawnSeries {
  id: string;
  name: string;
  role: SeriesRole | 'others';
  counts: number[];
  total: number;
  onsetMs?: number;
  citations: number[];
  /** The answer's series behind it (one, or the folded ones for "others"). */
  items: AnswerSeriesItem[];
  color: string;
}

const ROLE_RANK: Record<SeriesRole, number> = { cause: 0, symptom: 1, change: 2, match: 3 };

export const ROLE_LABEL: Record<DrawnSeries['role'], string> = {
  cause: 'cause candidate',
  symptom: 'symptom',
  change: 'change',
  match: 'match',
  others: 'others',
};

function onsetMs(i: AnswerSeriesItem): number | undefined {
  const ms = i.onset ? Date.parse(i.onset) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The lines to draw: causes, symptoms and changes ahead of matches (the sidecar's order within a
 * role: by onset, then size); past MAX_DRAWN, the rest are summed into "others".
 */
export function drawnSeries(series: AnswerSeries | undefined, theme: GrafanaTheme2): DrawnSeries[] {
  const items = [...(series?.items ?? [])]
    .map((item, order) => ({ item, order }))
    .sort((a, b) => ROLE_RANK[a.item.role] - ROLE_RANK[b.item.role] || a.order - b.order)
    .map((x) => x.item);
  const palette = theme.visualization.palette;
  const one = (i: AnswerSeriesItem, k: number): DrawnSeries => ({
    id: i.id,
    name: i.name,
    role: i.role,
    counts: i.counts,
    total: i.total,
    onsetMs: onsetMs(i),
    citations: i.citations,
    items: [i],
    color: theme.visualization.getColorByName(palette[k % palette.length]),
  });
  if (items.length <= MAX_DRAWN) {
    return items.map(one);
  }
  const kept = items.slice(0, MAX_DRAWN - 1);
  const folded = items.slice(MAX_DRAWN - 1);
  const len = Math.max(0, ...folded.map((i) => i.counts.length));
  const counts = Array.from({ length: len }, (_, b) => folded.reduce((sum, i) => sum + (i.counts[b] ?? 0), 0));
  return [
    ...kept.map(one),
    {
      id: OTHERS_ID,
      name: `others (${folded.length} series)`,
      role: 'others',
      counts,
      total: folded.reduce((sum, i) => sum + i.total, 0),
      citations: [...new Set(folded.flatMap((i) => i.citations))].sort((a, b) => a - b),
      items: folded,
      color: theme.colors.text.secondary,
    },
  ];
}

/** Bucket start times (ms) of a series window. */
export function bucketTimes(series: AnswerSeries, buckets: number): number[] {
  const start = series.window ? Date.parse(series.window.start) : NaN;
  return Array.from({ length: buckets }, (_, i) => start + i * series.stepMs);
}

/**
 * One frame, a time field and a number field per drawn line, named by series id (shown by its
 * display name): Grafana's time series reads it as a panel's query result. A selected line keeps
 * its color; the others fade so the selection stands out while the context stays.
 */
export function seriesFrame(
  series: AnswerSeries,
  drawn: DrawnSeries[],
  selected: string | undefined,
  theme: GrafanaTheme2
): DataFrame {
  const buckets = Math.max(0, ...drawn.map((d) => d.counts.length));
  return createDataFrame({
    refId: 'loglens',
    fields: [
      { name: 'Time', type: FieldType.time, values: bucketTimes(series, buckets), config: {} },
      ...drawn.map((d) => ({
        name: d.id,
        type: FieldType.number,
        values: d.counts,
        config: {
          displayName: d.name,
          unit: 'short',
          decimals: 0,
          min: 0,
          color: {
            mode: FieldColorModeId.Fixed,
            fixedColor: selected && selected !== d.id ? theme.colors.text.disabled : d.color,
          },
          custom: {
            drawStyle: DrawStyle.Line,
            lineInterpolation: LineInterpolation.StepAfter,
            lineWidth: selected === d.id ? 2 : 1,
            fillOpacity: selected && selected !== d.id ? 0 : 12,
            showPoints: PointVisibility.Never,
            spanNulls: true,
            axisPlacement: AxisPlacement.Auto,
            axisSoftMin: 0,
          },
        },
      })),
    ],
  });
}

/** Onset markers: one per drawn series that has an onset, earliest first. */
export function onsetMarkers(
  drawn: DrawnSeries[]
): Array<{ id: string; name: string; role: DrawnSeries['role']; timeMs: number; color: string }> {
  return drawn
    .filter((d) => d.onsetMs !== undefined)
    .map((d) => ({ id: d.id, name: d.name, role: d.role, timeMs: d.onsetMs!, color: d.color }))
    .sort((a, b) => a.timeMs - b.timeMs);
}

/** Citation numbers a selected line stands for (undefined: no selection, show them all). */
export function citationsOf(series: AnswerSeries | undefined, selected: string | undefined): Set<number> | undefined {
  if (!selected || !series) {
    return undefined;
  }
  if (selected === OTHERS_ID) {
    // Folding depends only on roles and order, not on the theme's colors.
    const ordered = [...series.items]
      .map((item, order) => ({ item, order }))
      .sort((a, b) => ROLE_RANK[a.item.role] - ROLE_RANK[b.item.role] || a.order - b.order);
    return new Set(ordered.slice(MAX_DRAWN - 1).flatMap((x) => x.item.citations));
  }
  const item = series.items.find((i) => i.id === selected);
  return item ? new Set(item.citations) : undefined;
}

/** Intents whose result is one number: shown as a stat. */
const NUMBER_INTENTS = new Set<AskResult['intent']>(['count', 'sum', 'min', 'max', 'avg', 'rate', 'lookup']);

export type ResultView =
  | { kind: 'stat'; value: number; unit?: string; title: string }
  | { kind: 'table'; rows: Array<{ key: string; value: number }>; title: string };

const STAT_TITLE: Partial<Record<AskResult['intent'], string>> = {
  count: 'Lines',
  sum: 'Total',
  min: 'Smallest',
  max: 'Largest',
  avg: 'Average',
  rate: 'Rate',
  lookup: 'Value',
};

/** How an exact result is shown: a stat for one number, a table for a top-k; nothing otherwise. */
export function resultView(result: AskResult | undefined, slotName?: string): ResultView | undefined {
  if (!result) {
    return undefined;
  }
  if (result.intent === 'topk' && result.top && result.top.length > 0) {
    return { kind: 'table', rows: result.top, title: slotName || 'value' };
  }
  if (NUMBER_INTENTS.has(result.intent) && typeof result.value === 'number' && Number.isFinite(result.value)) {
    return {
      kind: 'stat',
      value: result.value,
      unit: result.unit,
      title: `${STAT_TITLE[result.intent] ?? 'Result'}${result.partial ? ' (at least)' : ''}`,
    };
  }
  return undefined;
}
