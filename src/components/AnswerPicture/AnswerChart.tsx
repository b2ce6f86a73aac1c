import React, { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import type uPlot from 'uplot';
import {
  applyFieldOverrides,
  dateTime,
  dateTimeFormat,
  type DataFrame,
  type GrafanaTheme2,
  type TimeRange,
} from '@grafana/data';
import type { SortOrder } from '@grafana/schema';
import {
  EventBusPlugin,
  KeyboardPlugin,
  LegendDisplayMode,
  PanelContextProvider,
  TimeSeries,
  TooltipDisplayMode,
  TooltipPlugin,
  usePanelContext,
  useStyles2,
  XYCanvas,
  type UPlotConfigBuilder,
} from '@grafana/ui';
import type { AnswerSeries } from '../../api/types';
import { onsetMarkers, ROLE_LABEL, seriesFrame, type DrawnSeries } from './seriesModel';

export interface AnswerChartProps {
  series: AnswerSeries;
  drawn: DrawnSeries[];
  selected?: string;
  onSelect: (id: string | undefined) => void;
  width: number;
  height: number;
  /** The dashboard's time zone ("utc", "browser", an IANA name). */
  timeZone: string;
  theme: GrafanaTheme2;
}

/** The legend is the series list under the chart (roles, onsets, Explore links). */
const LEGEND = { showLegend: false, displayMode: LegendDisplayMode.List, placement: 'bottom' as const, calcs: [] };

/** Pixels from the cursor within which a click picks a line. */
const PICK_PX = 16;

/**
 * The answer's series drawn by Grafana's time series (uPlot), in the dashboard's time zone, its
 * crosshair shared with the dashboard through the panel context's event bus, onset markers on top.
 * Clicking a line selects it (the evidence list filters to its citations); clicking it again clears.
 */
export function AnswerChart({ series, drawn, selected, onSelect, width, height, timeZone, theme }: AnswerChartProps) {
  const outer = usePanelContext();
  // Field display processors (axis ticks, tooltip values and times in the time zone), as a panel's
  // query result gets them from Grafana before it reaches a visualisation.
  const frames = useMemo(
    () =>
      applyFieldOverrides({
        data: [seriesFrame(series, drawn, selected, theme)],
        fieldConfig: { defaults: {}, overrides: [] },
        replaceVariables: (v) => v,
        theme,
        timeZone,
      }),
    [series, drawn, selected, theme, timeZone]
  );
  const frame = frames[0];
  const timeRange: TimeRange = useMemo(() => {
    const times = frame.fields[0].values as number[];
    const from = dateTime(times[0]);
    const to = dateTime(series.window ? Date.parse(series.window.end) : times[times.length - 1] + series.stepMs);
    return { from, to, raw: { from, to } };
  }, [frame, series]);
  // The dashboard's event bus and cursor sync (shared crosshair) pass through; legend clicks would
  // change the host panel's field config, so they are not forwarded (this chart has no legend).
  const context = useMemo(() => ({ ...outer, onToggleSeriesVisibility: undefined }), [outer]);
  const markers = useMemo(() => onsetMarkers(drawn), [drawn]);
  return (
    <div
      data-testid="loglens-chart"
      data-drawn-series={drawn.length}
      aria-label="Timeline of the cited lines"
      role="figure"
    >
      <PanelContextProvider value={context}>
        <TimeSeries
          frames={frames}
          width={width}
          height={height}
          timeRange={timeRange}
          timeZone={timeZone}
          legend={LEGEND}
        >
          {(config: UPlotConfigBuilder, alignedFrame: DataFrame) => (
            <>
              <PlotPadding config={config} />
              <KeyboardPlugin config={config} />
              <TooltipPlugin
                config={config}
                data={alignedFrame}
                frames={frames}
                timeZone={timeZone}
                mode={TooltipDisplayMode.Multi}
                sortOrder={'desc' as SortOrder}
              />
              {outer.eventBus ? (
                <EventBusPlugin config={config} eventBus={outer.eventBus} frame={alignedFrame} />
              ) : null}
              <ClickToSelect config={config} alignedFrame={alignedFrame} selected={selected} onSelect={onSelect} />
              <OnsetMarkers config={config} markers={markers} timeZone={timeZone} />
              <FrameProbe frame={alignedFrame} />
            </>
          )}
        </TimeSeries>
      </PanelContextProvider>
    </div>
  );
}

/**
 * Room above the plot for the onset flags and right of it for the last time label (the window's
 * end is often a round time whose label would be cut at the edge).
 */
function PlotPadding({ config }: { config: UPlotConfigBuilder }) {
  useLayoutEffect(() => {
    config.setPadding([10, 24, 0, 0]);
  }, [config]);
  return null;
}

/**
 * The frame the plot was drawn from, as data attributes: its series ids and how many there are
 * (what a test or a curious reader can check against the answer, rather than the input).
 */
function FrameProbe({ frame }: { frame: DataFrame }) {
  const ids = frame.fields.slice(1).map((f) => f.name);
  return (
    <span
      hidden
      data-testid="loglens-chart-frame"
      data-series={ids.length}
      data-ids={JSON.stringify(ids)}
      data-points={frame.length}
    />
  );
}

/** The line nearest the cursor at a click (within PICK_PX), by the series id its field is named with. */
function ClickToSelect({
  config,
  alignedFrame,
  selected,
  onSelect,
}: {
  config: UPlotConfigBuilder;
  alignedFrame: DataFrame;
  selected?: string;
  onSelect: (id: string | undefined) => void;
}) {
  // The click handler lives as long as the plot; it reads the latest frame and selection here.
  const latest = useRef({ frame: alignedFrame, selected, onSelect });
  useLayoutEffect(() => {
    latest.current = { frame: alignedFrame, selected, onSelect };
  });
  useLayoutEffect(() => {
    config.addHook('init', (u: uPlot) => {
      u.over.addEventListener('click', (e: MouseEvent) => {
        // From the click itself: a plot redrawn under a still mouse has no cursor position yet.
        const rect = u.over.getBoundingClientRect();
        const left = e.clientX - rect.left;
        const top = e.clientY - rect.top;
        const idx = u.posToIdx(left);
        if (idx == null || idx < 0 || top < 0) {
          return;
        }
        let best: { i: number; d: number } | undefined;
        for (let i = 1; i < u.series.length; i++) {
          const v = u.data[i]?.[idx];
          if (v == null || u.series[i].show === false) {
            continue;
          }
          const y = u.valToPos(v as number, u.series[i].scale ?? 'y');
          const d = Math.abs(y - top);
          if (d <= PICK_PX && (!best || d < best.d)) {
            best = { i, d };
          }
        }
        if (!best) {
          return;
        }
        const { frame, selected: current, onSelect: select } = latest.current;
        const id = frame.fields[best.i]?.name;
        select(id === current ? undefined : id);
      });
    });
  }, [config]);
  return null;
}

/** A vertical line and a flag where each series started, positioned by the plot's own x scale. */
function OnsetMarkers({
  config,
  markers,
  timeZone,
}: {
  config: UPlotConfigBuilder;
  markers: ReturnType<typeof onsetMarkers>;
  timeZone: string;
}) {
  const s = useStyles2(getStyles);
  // The plot's geometry after each draw (state, so a redraw re-renders the markers).
  const [geom, setGeom] = useState<{
    left: number;
    top: number;
    width: number;
    height: number;
    toX: (t: number) => number;
  }>();
  useLayoutEffect(() => {
    let mounted = true;
    config.addHook('draw', (u: uPlot) => {
      if (!mounted) {
        return;
      }
      const ratio = window.devicePixelRatio || 1;
      setGeom({
        left: u.bbox.left / ratio,
        top: u.bbox.top / ratio,
        width: u.bbox.width / ratio,
        height: u.bbox.height / ratio,
        toX: (t) => u.valToPos(t, 'x'),
      });
    });
    return () => {
      mounted = false;
    };
  }, [config]);
  if (!geom || markers.length === 0) {
    return null;
  }
  return (
    <XYCanvas left={geom.left} top={geom.top}>
      {markers.map((m) => {
        const x = geom.toX(m.timeMs);
        if (!Number.isFinite(x) || x < 0 || x > geom.width) {
          return null;
        }
        const at = dateTimeFormat(m.timeMs, { timeZone, format: 'HH:mm:ss' });
        return (
          <div
            key={m.id}
            className={s.marker}
            style={{ left: x, height: geom.height, borderColor: m.color }}
            data-testid="loglens-onset-marker"
            data-series-id={m.id}
            data-role={m.role}
            data-time={m.timeMs}
            title={`${ROLE_LABEL[m.role]} starts ${at}: ${m.name}`}
          >
            <span className={m.role === 'cause' ? s.flagCause : s.flag} style={{ borderTopColor: m.color }} />
          </div>
        );
      })}
    </XYCanvas>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  marker: css({
    position: 'absolute',
    top: 0,
    width: 0,
    borderLeft: '1px dashed',
    pointerEvents: 'none',
  }),
  // A downward triangle at the top of the line, in the series' color; a cause's is larger.
  flag: css({
    position: 'absolute',
    top: -1,
    left: -4,
    width: 0,
    height: 0,
    borderLeft: '4px solid transparent',
    borderRight: '4px solid transparent',
    borderTop: '6px solid',
  }),
  flagCause: css({
    position: 'absolute',
    top: -1,
    left: -6,
    width: 0,
    height: 0,
    borderLeft: '6px solid transparent',
    borderRight: '6px solid transparent',
    borderTop: `9px solid`,
    filter: `drop-shadow(0 0 1px ${theme.colors.background.primary})`,
  }),
});
