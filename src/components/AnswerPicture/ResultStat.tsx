import React, { useMemo } from 'react';
import { applyFieldOverrides, createDataFrame, FieldType, type GrafanaTheme2 } from '@grafana/data';
import {
  BigValue,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  Table,
} from '@grafana/ui';
import type { ResultView } from './seriesModel';

export interface ResultStatProps {
  view: ResultView;
  width: number;
  theme: GrafanaTheme2;
  timeZone: string;
  /** Counts per bucket (bucket start ms) drawn behind the number, in the series' color. */
  sparkline?: { times: number[]; counts: number[]; color: string };
}

/** Rows of a top-k table shown before it scrolls. */
const TABLE_ROWS = 6;
const ROW_PX = 36;

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));
}

/** An exact answer's number as Grafana's stat (BigValue), or its top-k as Grafana's table. */
export function ResultStat({ view, width, theme, timeZone, sparkline }: ResultStatProps) {
  const table = useMemo(() => {
    if (view.kind !== 'table') {
      return undefined;
    }
    const frame = createDataFrame({
      fields: [
        { name: view.title, type: FieldType.string, values: view.rows.map((r) => r.key), config: {} },
        { name: 'lines', type: FieldType.number, values: view.rows.map((r) => r.value), config: { decimals: 0 } },
      ],
    });
    return applyFieldOverrides({
      data: [frame],
      fieldConfig: { defaults: {}, overrides: [] },
      replaceVariables: (v) => v,
      theme,
      timeZone,
    })[0];
  }, [view, theme, timeZone]);
  if (view.kind === 'table' && table) {
    const height = Math.min(view.rows.length, TABLE_ROWS) * ROW_PX + ROW_PX + 2;
    return (
      <div data-testid="loglens-result-table" aria-label={`Top ${view.rows.length} by ${view.title}`}>
        <Table data={table} width={width} height={height} ariaLabel={`Top ${view.rows.length} by ${view.title}`} />
      </div>
    );
  }
  if (view.kind !== 'stat') {
    return null;
  }
  const suffix = view.unit ? (view.unit === '%' ? '%' : ` ${view.unit}`) : undefined;
  return (
    <div data-testid="loglens-result-stat" data-value={view.value}>
      <BigValue
        theme={theme}
        width={Math.min(width, 360)}
        height={88}
        value={{
          numeric: view.value,
          text: fmt(view.value),
          suffix,
          title: view.title,
          color: sparkline?.color ?? theme.colors.text.primary,
        }}
        colorMode={sparkline ? BigValueColorMode.Value : BigValueColorMode.None}
        graphMode={sparkline ? BigValueGraphMode.Area : BigValueGraphMode.None}
        justifyMode={BigValueJustifyMode.Auto}
        textMode={BigValueTextMode.ValueAndName}
        sparkline={
          sparkline
            ? {
                x: { name: 'time', type: FieldType.time, values: sparkline.times, config: {} },
                y: {
                  name: 'lines',
                  type: FieldType.number,
                  values: sparkline.counts,
                  config: { color: { mode: 'fixed', fixedColor: sparkline.color } },
                  // The sparkline's y scale reads the field's range, as the stat panel computes it.
                  state: {
                    range: { min: 0, max: Math.max(1, ...sparkline.counts), delta: Math.max(1, ...sparkline.counts) },
                  },
                },
              }
            : undefined
        }
      />
    </div>
  );
}
