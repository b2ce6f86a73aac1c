import type { SidecarErrorBody } from './types';

/** What kind of trouble the user is in; drives the panel's error state and wording. */
export type ProblemKind =
  | 'unreachable' // network failure, Grafana proxy 502/504, sidecar 503
  | 'not_configured' // app disabled, route missing, sidecar URL not set
  | 'unauthorized' // sidecar rejected the API key
  | 'forbidden' // Grafana role too low for the route
  | 'invalid' // sidecar said the request was wrong (400/422)
  | 'rate_limited'
  | 'server'; // anything else

export class SidecarError extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
    readonly field?: string
  ) {
    super(message);
    this.name = 'SidecarError';
  }
}

function isSidecarErrorBody(body: unknown): body is SidecarErrorBody {
  const e = (body as SidecarErrorBody | undefined)?.error;
  return typeof e === 'object' && e !== null && typeof e.message === 'string';
}

/** Grafana's own errors look like {"message": "..."}; the sidecar's like {"error": {...}}. */
export function problemFromHttp(status: number, body: unknown): SidecarError {
  const grafanaMessage =
    typeof (body as { message?: unknown })?.message === 'string' ? (body as { message: string }).message : undefined;
  if (isSidecarErrorBody(body)) {
    const { code, message, field } = body.error;
    if (status === 401) {
      return new SidecarError(
        'unauthorized',
        `The LogLens sidecar rejected the API key (${message}). Ask an admin to set the key on the LogLens app configuration page.`,
        status,
        code
      );
    }
    if (status === 400 || status === 422) {
      return new SidecarError('invalid', field ? `${field}: ${message}` : message, status, code, field);
    }
    if (status === 429) {
      return new SidecarError('rate_limited', `Too many questions at once: ${message}`, status, code);
    }
    if (status === 503) {
      return new SidecarError('unreachable', `The LogLens sidecar is not ready: ${message}`, status, code);
    }
    return new SidecarError('server', `The LogLens sidecar failed (${code}): ${message}`, status, code);
  }
  if (status === 401) {
    return new SidecarError(
      'unauthorized',
      'The LogLens sidecar rejected the API key. Ask an admin to set the key on the LogLens app configuration page.',
      status
    );
  }
  if (status === 403) {
    return new SidecarError(
      'forbidden',
      `Grafana refused the request${grafanaMessage ? ` (${grafanaMessage})` : ''}: your role is too low for this LogLens action.`,
      status
    );
  }
  if (status === 404) {
    return new SidecarError(
      'not_configured',
      `Grafana has no LogLens route for this request${
        grafanaMessage ? ` (${grafanaMessage})` : ''
      }. Is the LogLens app installed and enabled in this organization?`,
      status
    );
  }
  if (status === 500 && grafanaMessage && /interpolate|decrypt/i.test(grafanaMessage)) {
    return new SidecarError(
      'not_configured',
      `Grafana could not build the sidecar request (${grafanaMessage}). Check the sidecar URL and API key on the LogLens app configuration page.`,
      status
    );
  }
  if (status === 502 || status === 504 || status === 503 || status === 499) {
    return new SidecarError(
      'unreachable',
      `The LogLens sidecar is unreachable (HTTP ${status} from the Grafana plugin proxy). Is it running, and is the sidecar URL on the app configuration page right?`,
      status
    );
  }
  if (status === 429) {
    return new SidecarError('rate_limited', 'Too many questions at once; try again in a moment.', status);
  }
  return new SidecarError(
    'server',
    `The LogLens sidecar answered HTTP ${status}${grafanaMessage ? `: ${grafanaMessage}` : ''}.`,
    status
  );
}

export function problemFromNetwork(err: unknown): SidecarError {
  const detail = err instanceof Error ? err.message : String(err);
  return new SidecarError('unreachable', `Could not reach Grafana's plugin proxy for LogLens (${detail}).`);
}

export function problemFromStreamError(body: unknown): SidecarError {
  if (isSidecarErrorBody(body)) {
    const { code, message, field } = body.error;
    const kind = code === 'unauthorized' ? 'unauthorized' : code === 'bad_request' ? 'invalid' : 'server';
    return new SidecarError(kind, message, undefined, code, field);
  }
  return new SidecarError('server', 'The LogLens sidecar reported an error while answering.');
}
