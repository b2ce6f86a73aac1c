import type { ReadyzResponse } from './types';

export type ReadinessLevel = 'ok' | 'warning' | 'error';

export interface ReadinessReport {
  level: ReadinessLevel;
  title: string;
  details: string[];
}

function stateOf(check: unknown): string | undefined {
  const s = (check as { state?: unknown } | undefined)?.state;
  return typeof s === 'string' ? s : undefined;
}

function detailOf(check: unknown): string {
  const c = check as { error?: unknown; message?: unknown; reason?: unknown } | undefined;
  const d = c?.error ?? c?.message ?? c?.reason;
  return typeof d === 'string' && d ? ` (${d})` : '';
}

/** Names each unhealthy component of a /readyz body in words an admin can act on. */
function describeChecks(body: ReadyzResponse): string[] {
  const out: string[] = [];
  const { store, index, llm } = body.checks ?? {};
  const storeState = stateOf(store);
  if (store && storeState && !['ok', 'ready'].includes(storeState)) {
    out.push(`Log store: ${storeState}${detailOf(store)}.`);
  }
  const indexState = stateOf(index);
  if (indexState && !['ok', 'ready'].includes(indexState)) {
    out.push(
      `Vector index is ${indexState}${detailOf(index)}: answers use keyword (BM25) retrieval only until it is ready.`
    );
  }
  const llmState = stateOf(llm);
  if (llmState && !['ok', 'ready'].includes(llmState)) {
    out.push(
      `LLM (Ollama) is ${llmState}${detailOf(llm)}: answers fall back to extractive mode (quoted log lines, no prose).`
    );
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
  const grafanaMessage = typeof (body as { message?: unknown })?.message === 'string' ? (body as { message: string }).message : '';
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
      details: ['The key saved here does not match the sidecar\'s LOGLENS_API_KEY. Reset it and enter the right one.'],
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
