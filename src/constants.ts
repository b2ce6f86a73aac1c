import pluginJson from './plugin.json';

export const APP_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${APP_ID}`;

/** Grafana plugin-proxy prefix of the sidecar routes declared in plugin.json. */
export function sidecarProxyBase(appSubUrl = ''): string {
  return `${appSubUrl}/api/plugin-proxy/${APP_ID}/sidecar`;
}

export enum ROUTES {
  Alerts = 'alerts',
}
