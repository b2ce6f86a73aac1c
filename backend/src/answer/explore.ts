import type { Labels } from '../types.js';
import { selectorFor } from '../retrieve/selector.js';

/** Explore opens this much either side of a cited line: enough to see what led up to it. */
const EXPLORE_HALF_WINDOW_MS = 5 * 60_000;

export interface ExploreTarget {
  grafanaUrl: string;
  datasourceUid: string;
  orgId: number;
}

/** Grafana Explore URL (schemaVersion 1 panes format) for a stream around an instant. */
export function exploreUrl(target: ExploreTarget, labels: Labels, tsNs: bigint): string {
  const half = BigInt(EXPLORE_HALF_WINDOW_MS) * 1_000_000n;
  return exploreQueryUrl(target, selectorFor(labels), { startNs: tsNs - half, endNs: tsNs + half }, 'log');
}

/** Explore URL running a LogQL query (log or instant metric) over a window. */
export function exploreQueryUrl(target: ExploreTarget, expr: string, window: { startNs: bigint; endNs: bigint } | undefined, kind: 'log' | 'metric'): string {
  const panes = {
    loglens: {
      datasource: target.datasourceUid,
      queries: [{ refId: 'A', expr, queryType: kind === 'metric' ? 'instant' : 'range', datasource: { type: 'loki', uid: target.datasourceUid } }],
      range: window ? { from: String(Number(window.startNs / 1_000_000n)), to: String(Number(window.endNs / 1_000_000n)) } : { from: 'now-1h', to: 'now' },
    },
  };
  const url = new URL('explore', target.grafanaUrl.endsWith('/') ? target.grafanaUrl : `${target.grafanaUrl}/`);
  url.searchParams.set('schemaVersion', '1');
  url.searchParams.set('orgId', String(target.orgId));
  url.searchParams.set('panes', JSON.stringify(panes));
  return url.toString();
}
