import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { config, getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, SecretInput, Stack, useStyles2 } from '@grafana/ui';
import { sidecarProxyBase } from '../../constants';
import type { ReadinessReport } from '../../api/readiness';
import {
  buildSettingsBody,
  saveSettings,
  testSidecar,
  validateSidecarUrl,
  type LogLensJsonData,
  type SettingsForm,
} from './settings';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<LogLensJsonData>> {}

type Status =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saveFailed'; message: string }
  | { state: 'tested'; report: ReadinessReport };

const AppConfig = ({ plugin }: AppConfigProps) => {
  const s = useStyles2(getStyles);
  const { pinned, jsonData, secureJsonFields } = plugin.meta;
  const [form, setForm] = useState<SettingsForm>({
    sidecarUrl: jsonData?.sidecarUrl ?? '',
    defaultLokiUid: jsonData?.defaultLokiUid ?? '',
    tenant: jsonData?.tenant ?? '',
    apiKey: '',
    apiKeyConfigured: Boolean(secureJsonFields?.apiKey),
    apiKeyReset: false,
  });
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const urlError = form.sidecarUrl ? validateSidecarUrl(form.sidecarUrl) : undefined;
  const missingKey = !form.apiKeyConfigured && !form.apiKey.trim();

  const onSave = async (e: React.FormEvent) => {
    e.preventDefault();
    if (validateSidecarUrl(form.sidecarUrl)) {
      return;
    }
    setStatus({ state: 'saving' });
    const srv = getBackendSrv();
    const body = buildSettingsBody(form, jsonData as Record<string, unknown> | undefined, pinned ?? true);
    try {
      await saveSettings(srv, plugin.meta.id, body);
    } catch (err) {
      const ex = err as { status?: number; data?: { message?: string }; message?: string };
      setStatus({
        state: 'saveFailed',
        message: ex?.data?.message ?? ex?.message ?? `Grafana answered HTTP ${ex?.status ?? '?'}`,
      });
      return;
    }
    // The typed key has been handed to Grafana; drop it from page state.
    setForm((f) => ({
      ...f,
      apiKey: '',
      apiKeyConfigured: Boolean(body.secureJsonData?.apiKey) || (f.apiKeyConfigured && !f.apiKeyReset),
      apiKeyReset: false,
    }));
    const report = await testSidecar(srv, sidecarProxyBase(config.appSubUrl));
    setStatus({ state: 'tested', report });
  };

  return (
    <form onSubmit={onSave} className={s.form} aria-label="LogLens settings">
      <FieldSet label="Sidecar">
        <Field
          label="Sidecar URL"
          description="How the Grafana server (not your browser) reaches the LogLens sidecar, e.g. http://loglens:8080."
          invalid={Boolean(urlError)}
          error={urlError}
          required
        >
          <Input
            width={60}
            id="loglens-sidecar-url"
            name="sidecarUrl"
            value={form.sidecarUrl}
            placeholder="http://loglens:8080"
            onChange={(e) => setForm({ ...form, sidecarUrl: e.currentTarget.value })}
          />
        </Field>
        <Field
          label="API key"
          description="The sidecar's LOGLENS_API_KEY. Stored encrypted by Grafana and added to proxied requests on the server; browsers never see it."
          required
        >
          <SecretInput
            width={60}
            id="loglens-api-key"
            name="apiKey"
            value={form.apiKey}
            isConfigured={form.apiKeyConfigured}
            placeholder="sidecar API key"
            onChange={(e) => setForm({ ...form, apiKey: e.currentTarget.value })}
            onReset={() => setForm({ ...form, apiKey: '', apiKeyConfigured: false, apiKeyReset: true })}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Defaults">
        <Field
          label="Default Loki data source uid"
          description="Used for Explore links where a panel names no Loki data source."
        >
          <Input
            width={40}
            id="loglens-loki-uid"
            name="defaultLokiUid"
            value={form.defaultLokiUid}
            onChange={(e) => setForm({ ...form, defaultLokiUid: e.currentTarget.value })}
          />
        </Field>
        <Field
          label="Tenant"
          description="Sent as X-Scope-OrgID on every sidecar request. Empty: the sidecar's default tenant."
        >
          <Input
            width={40}
            id="loglens-tenant"
            name="tenant"
            value={form.tenant}
            onChange={(e) => setForm({ ...form, tenant: e.currentTarget.value })}
          />
        </Field>
      </FieldSet>
      <Stack direction="row" gap={1} alignItems="center">
        <Button
          type="submit"
          disabled={status.state === 'saving' || !form.sidecarUrl || Boolean(urlError)}
          icon={status.state === 'saving' ? 'fa fa-spinner' : undefined}
        >
          Save &amp; test
        </Button>
        {missingKey ? <span className={s.hint}>No API key set: the sidecar will answer 401.</span> : null}
      </Stack>
      {status.state === 'saveFailed' ? (
        <Alert severity="error" title="Settings were not saved" className={s.result}>
          {status.message}
        </Alert>
      ) : null}
      {status.state === 'tested' ? (
        <Alert
          severity={status.report.level === 'ok' ? 'success' : status.report.level === 'warning' ? 'warning' : 'error'}
          title={status.report.title}
          className={s.result}
          data-testid="loglens-test-result"
        >
          {status.report.details.length ? (
            <ul>
              {status.report.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : (
            'Settings saved; the sidecar answered through the Grafana plugin proxy.'
          )}
        </Alert>
      ) : null}
    </form>
  );
};

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ maxWidth: theme.breakpoints.values.md }),
  hint: css({ color: theme.colors.warning.text, fontSize: theme.typography.bodySmall.fontSize }),
  result: css({ marginTop: theme.spacing(2) }),
});
