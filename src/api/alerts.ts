import type { ExplainAlertRequest } from './types';

/** The fields of Grafana's `GET /api/annotations` items that the alert list uses. */
export interface AlertAnnotation {
  id: number;
  alertId?: number;
  alertName?: string;
  dashboardUID?: string;
  panelId?: number;
  newState?: string;
  prevState?: string;
  time: number;
  timeEnd?: number;
  text?: string;
  tags?: string[];
  data?: { values?: Record<string, number>; error?: string; noData?: boolean };
}

/** Private labels Grafana keeps on rules that say nothing about the logs. */
const PRIVATE_LABEL = /^__.*__$/;

/**
 * Unified-alerting history text is `<rule title> {<labels>} - <refId>=<value>, ...`.
 * Returns the title and labels; labels inside the braces are `k=v` joined by ", ".
 */
export function parseAlertText(text: string): { title: string; labels: Record<string, string> } {
  const open = text.indexOf('{');
  const close = open >= 0 ? text.indexOf('}', open) : -1;
  if (open < 0 || close < 0) {
    const title = text.split(' - ')[0].trim();
    return { title, labels: {} };
  }
  const title = text.slice(0, open).trim();
  const labels: Record<string, string> = {};
  for (const pair of text.slice(open + 1, close).split(/,\s*/)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      continue;
    }
    const k = pair.slice(0, eq).trim();
    const v = pair.slice(eq + 1).trim();
    if (k && !PRIVATE_LABEL.test(k)) {
      labels[k] = v;
    }
  }
  return { title, labels };
}

/** Tags of the form `key:value` or `key=value` (newer Grafana copies rule labels into tags). */
function labelsFromTags(tags: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)[:=](.+)$/.exec(t);
    if (m && !PRIVATE_LABEL.test(m[1])) {
      out[m[1]] = m[2];
    }
  }
  return out;
}

export function explainRequestFor(a: AlertAnnotation): ExplainAlertRequest {
  const { title, labels } = parseAlertText(a.text ?? '');
  const merged: Record<string, string> = { ...labelsFromTags(a.tags), ...labels };
  const alertname = merged.alertname || a.alertName || title;
  if (alertname) {
    merged.alertname = alertname;
  }
  const annotations: Record<string, string> = {};
  if (a.text) {
    annotations.summary = a.text;
  }
  if (a.newState) {
    annotations.state = a.newState;
  }
  const req: ExplainAlertRequest = {
    labels: merged,
    annotations,
    startsAt: new Date(a.time).toISOString(),
  };
  if (a.timeEnd && a.timeEnd > a.time) {
    req.endsAt = new Date(a.timeEnd).toISOString();
  }
  return req;
}

export function alertAnnotationsUrl(fromMs: number, toMs: number, limit: number): string {
  const p = new URLSearchParams({ type: 'alert', from: String(fromMs), to: String(toMs), limit: String(limit) });
  return `/api/annotations?${p.toString()}`;
}
