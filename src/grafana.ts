import { lastValueFrom } from 'rxjs';
import { config, getBackendSrv } from '@grafana/runtime';
import { SidecarClient } from './api/sidecarClient';
import { alertAnnotationsUrl, type AlertAnnotation } from './api/alerts';
import { sidecarProxyBase } from './constants';

/** A client bound to this Grafana's plugin proxy and the signed-in user's org. */
export function grafanaSidecarClient(): SidecarClient {
  return new SidecarClient({
    fetch: (input, init) => window.fetch(input, init),
    baseUrl: sidecarProxyBase(config.appSubUrl),
    orgId: config.bootData?.user?.orgId,
  });
}

/** How many alert state changes one list shows; the newest come first. */
const ALERT_LIST_LIMIT = 50;

export async function loadAlertAnnotations(fromMs: number, toMs: number): Promise<AlertAnnotation[]> {
  const res = await lastValueFrom(
    getBackendSrv().fetch<AlertAnnotation[]>({
      url: alertAnnotationsUrl(fromMs, toMs, ALERT_LIST_LIMIT),
      method: 'GET',
      showErrorAlert: false,
    })
  );
  return res.data;
}

/** First Loki data source Grafana knows, for Explore links when the panel names none. */
export function defaultLokiUid(): string | undefined {
  const all = Object.values(config.datasources ?? {});
  const loki = all.find((d) => d.type === 'loki' && d.isDefault) ?? all.find((d) => d.type === 'loki');
  return loki?.uid;
}
