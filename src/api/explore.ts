import type { Citation } from './types';

/** Loki label names are Prometheus-style; anything else can't appear in a stream selector. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Labels that identify a stream poorly or are added by the sidecar rather than Loki. */
const NON_STREAM_LABELS = new Set(['__tenant__', 'tenant', 'level', 'detected_level']);

function quoteLabelValue(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Builds `{a="x", b="y"}` from citation labels, sorted for stable URLs. */
export function selectorFromLabels(labels: Record<string, string>): string {
  const parts = Object.keys(labels)
    .filter((k) => LABEL_NAME.test(k) && !k.startsWith('__') && !NON_STREAM_LABELS.has(k) && labels[k] !== '')
    .sort()
    .map((k) => `${k}=${quoteLabelValue(labels[k])}`);
  return `{${parts.join(', ')}}`;
}

/** Citation timestamp in epoch ms; tsNs is exact, ts is the fallback. */
export function citationTimeMs(c: Pick<Citation, 'ts' | 'tsNs'>): number {
  if (c.tsNs && /^\d+$/.test(c.tsNs)) {
    // BigInt keeps the 19-digit nanosecond value exact before scaling down.
    return Number(BigInt(c.tsNs) / BigInt(1_000_000));
  }
  const ms = Date.parse(c.ts);
  if (Number.isNaN(ms)) {
    throw new Error(`citation has no usable timestamp: ${c.ts}`);
  }
  return ms;
}

export interface ExploreLinkOptions {
  datasourceUid: string;
  /** Grafana's sub-path when served below the domain root (config.appSubUrl), e.g. "/grafana". */
  appSubUrl?: string;
  orgId?: number;
  /** How much log context to show on each side of the cited line. */
  contextMs: number;
}

/**
 * Explore URL in the `schemaVersion=1&panes=` format (Grafana >= 10.2), opening the cited
 * stream around the cited line.
 */
export function buildExploreUrl(citation: Pick<Citation, 'labels' | 'ts' | 'tsNs'>, opts: ExploreLinkOptions): string {
  const at = citationTimeMs(citation);
  return buildQueryExploreUrl(
    selectorFromLabels(citation.labels),
    'log',
    { fromMs: at - opts.contextMs, toMs: at + opts.contextMs },
    opts
  );
}

/** Panel-built link when a Loki datasource is known; otherwise whatever the sidecar offered. */
export function exploreLinkFor(
  citation: Citation,
  opts: Partial<ExploreLinkOptions> & { contextMs: number }
): string | undefined {
  if (opts.datasourceUid) {
    return buildExploreUrl(citation, { ...opts, datasourceUid: opts.datasourceUid });
  }
  return citation.exploreUrl || undefined;
}

/**
 * Explore URL running a LogQL query over a window: a log query as a range query, a metric query
 * (an exact answer's count or aggregate) as an instant query at the window's end, a `series`
 * (a metric query per `$__interval`, the answer's timeline) as a range query drawn as a graph.
 */
export function buildQueryExploreUrl(
  expr: string,
  kind: 'log' | 'metric' | 'series',
  range: { fromMs: number; toMs: number },
  opts: Pick<ExploreLinkOptions, 'datasourceUid' | 'appSubUrl' | 'orgId'>
): string {
  const panes = {
    ll: {
      datasource: opts.datasourceUid,
      queries: [
        {
          refId: 'A',
          expr,
          queryType: kind === 'metric' ? 'instant' : 'range',
          editorMode: 'code',
          datasource: { type: 'loki', uid: opts.datasourceUid },
        },
      ],
      range: { from: String(range.fromMs), to: String(range.toMs) },
    },
  };
  const params = new URLSearchParams();
  params.set('schemaVersion', '1');
  if (opts.orgId !== undefined) {
    params.set('orgId', String(opts.orgId));
  }
  params.set('panes', JSON.stringify(panes));
  return `${opts.appSubUrl ?? ''}/explore?${params.toString()}`;
}
