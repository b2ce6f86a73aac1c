import { lastValueFrom } from 'rxjs';
import type { BackendSrv } from '@grafana/runtime';
import { describeReadiness, type ReadinessReport } from '../../api/readiness';

/** The app's jsonData (readable by every user of the org; no secrets here). */
export interface LogLensJsonData {
  /** Sidecar base URL as the Grafana *server* reaches it, e.g. http://loglens:8080. */
  sidecarUrl?: string;
  /** Loki data source uid for Explore links when a panel names none. */
  defaultLokiUid?: string;
  /** Sent as X-Scope-OrgID on every sidecar request (plugin routes can't read the org, so it is fixed here). */
  tenant?: string;
}

/** secureJsonData keys; values are write-only, Grafana only reports which are set. */
export interface LogLensSecureJsonData {
  apiKey?: string;
}

export interface SettingsForm {
  sidecarUrl: string;
  defaultLokiUid: string;
  tenant: string;
  /** What the admin typed; empty means "leave the stored key alone" unless `apiKeyReset`. */
  apiKey: string;
  /** A key is stored (from secureJsonFields) and was not reset in this form. */
  apiKeyConfigured: boolean;
  /** The admin pressed Reset on a stored key. */
  apiKeyReset: boolean;
}

export interface SettingsBody {
  enabled: boolean;
  pinned: boolean;
  jsonData: LogLensJsonData;
  secureJsonData?: LogLensSecureJsonData;
}

export function validateSidecarUrl(url: string): string | undefined {
  if (!url.trim()) {
    return 'Required: the URL the Grafana server uses to reach the LogLens sidecar.';
  }
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'Not a URL. Example: http://loglens:8080';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return 'Use an http:// or https:// URL.';
  }
  if (parsed.search || parsed.hash) {
    return 'Leave out query strings and fragments; the routes append paths to this URL.';
  }
  return undefined;
}

/**
 * Settings POST body. Grafana replaces jsonData wholesale but merges secureJsonData keys, so
 * the key is sent only when typed (set) or reset (cleared with an empty string).
 */
export function buildSettingsBody(
  form: SettingsForm,
  previous: Record<string, unknown> | undefined,
  pinned: boolean
): SettingsBody {
  const jsonData: LogLensJsonData = {
    ...(previous ?? {}),
    // Routes append `/api/v1/...`: a trailing slash would double it.
    sidecarUrl: form.sidecarUrl.trim().replace(/\/+$/, ''),
    defaultLokiUid: form.defaultLokiUid.trim(),
    tenant: form.tenant.trim(),
  };
  const body: SettingsBody = { enabled: true, pinned, jsonData };
  const typed = form.apiKey.trim();
  if (typed) {
    body.secureJsonData = { apiKey: typed };
  } else if (form.apiKeyReset) {
    body.secureJsonData = { apiKey: '' };
  }
  return body;
}

export async function saveSettings(srv: BackendSrv, pluginId: string, body: SettingsBody): Promise<void> {
  await lastValueFrom(
    srv.fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data: body, showErrorAlert: false })
  );
}

/** Calls the sidecar's /readyz through the plugin route, exactly as panels will reach it. */
export async function testSidecar(srv: BackendSrv, proxyBase: string): Promise<ReadinessReport> {
  try {
    const res = await lastValueFrom(
      srv.fetch<unknown>({ url: `${proxyBase}/readyz`, method: 'GET', showErrorAlert: false, showSuccessAlert: false })
    );
    return describeReadiness(res.status, res.data);
  } catch (err) {
    const e = err as { status?: number; data?: unknown; message?: string };
    if (typeof e?.status === 'number' && e.status > 0) {
      return describeReadiness(e.status, e.data);
    }
    return describeReadiness(undefined, undefined, e?.message);
  }
}
