import type { ReadyzResponse } from './types';

export type ReadinessLevel = 'ok' | 'warning' | 'error';

export interface ReadinessReport {
  level: ReadinessLevel;
  title: string;
  details: string[];
}

/** Check values that mean "fine"; the sidecar reports `status` (ok/degraded/down) plus a detail `state`. */
const HEALTHY = new Set(['ok', 'up', 'ready']);

interface CheckBody {
  status?: unknown;
  state?: unknown;
  model?: unknown;
  error?: unknown;
  message?: unknown;
  reason?: unknown;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** Overall health of one check, and the most specific word for what is wrong with it. */
function assess(check: unknown): { healthy: boolean; what: string } | undefined {
  const c = check as CheckBody | undefined;
  if (!c || typeof c !== 'object') {
    return undefined;
  }
  const health = str(c.status) ?? str(c.state);
  if (!health) {
    return undefined;
  }
  const specific = str(c.state) ?? health;
  const extra = str(c.error) ?? str(c.message) ?? str(c.reason);
  const what = `${specific.replace(/_/g, ' ')}${extra ? ` (${extra})` : ''}`;
  return { healthy: HEALTHY.has(health), what };
}

/** Names each unhealthy component of a /readyz body in words an admin can act on. */
function describeChecks(body: ReadyzResponse): string[] {
  const out: string[] = [];
  for (const [name, check] of Object.entries(body.checks ?? {})) {
    const a = assess(check);
    if (!a || a.healthy) {
      continue;
    }
    if (name === 'index') {
      out.push(`Vector index is ${a.what}: answers use keyword (BM25) retrieval only until it is ready.`);
    } else if (name === 'llm') {
      const model = str((check as CheckBody).model);
      out.push(
        `LLM (Ollama${model ? `, model ${model}` : ''}) is ${a.what}: answers fall back to extractive mode (quoted log lines, no prose).`
      );
    } else if (name === 'store') {
      out.push(`Log store is ${a.what}.`);
    } else {
      out.push(`${name}: ${a.what}.`);
    }
  }
  return out;
}

/**
 * Turns the outcome of `GET <plugin-proxy>/sidecar/readyz` into a message for the config page.
 * `status` undefined means the request never got an HTTP answer.
 */
export function describeReadiness(status: number | undefined, body: unknown, networkError?: string): ReadinessReport {
  if (status === undefined) {
    return {
      level: 'error',
      title: 'Grafana could not be reached',
      details: [networkError ?? 'The request to the plugin proxy failed before any answer came back.'],
    };
  }
  const grafanaMessage =
    typeof (body as { message?: unknown })?.message === 'string' ? (body as { message: string }).message : '';
  const ready = body as ReadyzResponse | undefined;
  const hasReadyBody = typeof ready?.status === 'string';

  if (hasReadyBody && (status === 200 || status === 503)) {
    const details = describeChecks(ready!);
    if (ready!.status === 'ready') {
      return { level: 'ok', title: 'Sidecar is ready', details };
    }
    if (ready!.status === 'degraded') {
      return { level: 'warning', title: 'Sidecar is up but degraded', details };
    }
    return {
      level: 'error',
      title: 'Sidecar is not ready',
      details: details.length ? details : ['The sidecar reported not_ready without details; check its logs.'],
    };
  }
  if (status === 401) {
    return {
      level: 'error',
      title: 'Sidecar rejected the API key',
      details: ["The key saved here does not match the sidecar's LOGLENS_API_KEY. Reset it and enter the right one."],
    };
  }
  if (status === 403) {
    return {
      level: 'error',
      title: 'Not allowed',
      details: [`Grafana refused the test${grafanaMessage ? ` (${grafanaMessage})` : ''}; it needs the Admin role.`],
    };
  }
  if (status === 404) {
    return {
      level: 'error',
      title: 'No route to the sidecar',
      details: [
        `Grafana answered 404${grafanaMessage ? ` (${grafanaMessage})` : ''}: the app may be disabled, or the sidecar URL points at something that is not LogLens.`,
      ],
    };
  }
  if (status === 500 && /interpolate|decrypt/i.test(grafanaMessage)) {
    return {
      level: 'error',
      title: 'Grafana could not build the sidecar request',
      details: [`${grafanaMessage}. Check the sidecar URL and re-enter the API key.`],
    };
  }
  if (status === 502 || status === 504 || status === 499) {
    return {
      level: 'error',
      title: 'Sidecar unreachable',
      details: [
        `Grafana's proxy got no answer from the sidecar (HTTP ${status}). Is it running, and can the Grafana server reach the sidecar URL (from the server, not your browser)?`,
      ],
    };
  }
  return {
    level: 'error',
    title: `Unexpected answer (HTTP ${status})`,
    details: [grafanaMessage || 'The sidecar URL may point at something that is not the LogLens sidecar.'],
  };
}
