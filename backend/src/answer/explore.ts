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
  const ms = Number(tsNs / 1_000_000n);
  const panes = {
    loglens: {
      datasource: target.datasourceUid,
      queries: [
        {
          refId: 'A',
          expr: selectorFor(labels),
          queryType: 'range',
          datasource: { type: 'loki', uid: target.datasourceUid },
        },
      ],
      range: { from: String(ms - EXPLORE_HALF_WINDOW_MS), to: String(ms + EXPLORE_HALF_WINDOW_MS) },
    },
  };
  const url = new URL('explore', target.grafanaUrl.endsWith('/') ? target.grafanaUrl : `${target.grafanaUrl}/`);
  url.searchParams.set('schemaVersion', '1');
  url.searchParams.set('orgId', String(target.orgId));
  url.searchParams.set('panes', JSON.stringify(panes));
  return url.toString();
}
