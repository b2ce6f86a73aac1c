import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { of, throwError, type Observable } from 'rxjs';
import { PluginType, type AppPluginMeta, type PluginMeta } from '@grafana/data';
import { setBackendSrv, type BackendSrv, type BackendSrvRequest } from '@grafana/runtime';
import AppConfig, { type AppConfigProps } from './AppConfig';
import type { LogLensJsonData } from './settings';

type Reply = { status: number; data: unknown } | { error: { status: number; data: unknown } };

/** Stand-in for Grafana's backend service: records requests, answers per URL. */
function fakeBackend(replies: Record<string, Reply>) {
  const requests: BackendSrvRequest[] = [];
  const srv = {
    fetch: (req: BackendSrvRequest): Observable<unknown> => {
      requests.push(req);
      const reply = Object.entries(replies).find(([suffix]) => req.url.endsWith(suffix))?.[1];
      if (!reply) {
        return throwError(() => ({ status: 404, data: { message: 'not found' } }));
      }
      if ('error' in reply) {
        return throwError(() => reply.error);
      }
      return of({
        ...reply,
        ok: true,
        headers: new Headers(),
        redirected: false,
        type: 'basic',
        url: req.url,
        config: req,
      });
    },
  };
  setBackendSrv(srv as unknown as BackendSrv);
  return requests;
}

function props(jsonData: LogLensJsonData, secureJsonFields: Record<string, boolean>): AppConfigProps {
  const meta = {
    id: 'loglens-loglens-app',
    name: 'LogLens',
    type: PluginType.app,
    info: {} as PluginMeta['info'],
    module: '',
    baseUrl: '',
    enabled: true,
    pinned: true,
    jsonData,
    secureJsonFields,
  } as unknown as AppPluginMeta<LogLensJsonData>;
  return { plugin: { meta } as AppConfigProps['plugin'], query: {} as AppConfigProps['query'] };
}

const READY = {
  status: 200,
  data: { status: 'ready', checks: { store: { state: 'ok' }, index: { state: 'ready' }, llm: { state: 'ready' } } },
};

describe('AppConfig', () => {
  it('shows a stored key as configured without its value, and leaves it alone on save', async () => {
    const requests = fakeBackend({ '/settings': { status: 200, data: {} }, '/sidecar/readyz': READY });
    render(<AppConfig {...props({ sidecarUrl: 'http://loglens:8080' }, { apiKey: true })} />);
    const key = screen.getByPlaceholderText('sidecar API key') as HTMLInputElement;
    expect(key).toBeDisabled();
    expect(key.value).toBe('configured');
    expect(screen.getByRole('button', { name: 'Reset' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /Save & test/ }));
    expect(await screen.findByTestId('loglens-test-result')).toHaveTextContent('Sidecar is ready');
    const save = requests.find((r) => r.url.endsWith('/settings'))!;
    expect(save.method).toBe('POST');
    expect(save.data).toEqual({
      enabled: true,
      pinned: true,
      jsonData: { sidecarUrl: 'http://loglens:8080', defaultLokiUid: '', tenant: '' },
    });
    expect(requests.map((r) => r.url)).toEqual([
      '/api/plugins/loglens-loglens-app/settings',
      '/api/plugin-proxy/loglens-loglens-app/sidecar/readyz',
    ]);
  });

  it('Reset clears the stored key with an empty secret', async () => {
    const requests = fakeBackend({
      '/settings': { status: 200, data: {} },
      '/sidecar/readyz': { error: { status: 401, data: { error: { code: 'unauthorized', message: 'no key' } } } },
    });
    render(<AppConfig {...props({ sidecarUrl: 'http://loglens:8080' }, { apiKey: true })} />);
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(screen.getByPlaceholderText('sidecar API key')).toBeEnabled();
    await userEvent.click(screen.getByRole('button', { name: /Save & test/ }));
    expect(await screen.findByTestId('loglens-test-result')).toHaveTextContent('Sidecar rejected the API key');
    expect(requests[0].data).toMatchObject({ secureJsonData: { apiKey: '' } });
  });

  it('sends a typed key once, then forgets it and shows it as configured', async () => {
    const secret = 's3cret-key-123';
    const requests = fakeBackend({
      '/settings': { status: 200, data: {} },
      '/sidecar/readyz': {
        status: 200,
        data: {
          status: 'degraded',
          checks: { store: { state: 'ok' }, index: { state: 'ready' }, llm: { state: 'unavailable' } },
        },
      },
    });
    render(<AppConfig {...props({}, {})} />);
    await userEvent.type(screen.getByPlaceholderText('http://loglens:8080'), 'http://loglens:8080/');
    await userEvent.type(screen.getByPlaceholderText('sidecar API key'), secret);
    await userEvent.click(screen.getByRole('button', { name: /Save & test/ }));

    const result = await screen.findByTestId('loglens-test-result');
    expect(result).toHaveTextContent('Sidecar is up but degraded');
    expect(result).toHaveTextContent(/Ollama\) is unavailable.*extractive/);
    expect(requests[0].data).toEqual({
      enabled: true,
      pinned: true,
      jsonData: { sidecarUrl: 'http://loglens:8080', defaultLokiUid: '', tenant: '' },
      secureJsonData: { apiKey: secret },
    });
    await waitFor(() =>
      expect((screen.getByPlaceholderText('sidecar API key') as HTMLInputElement).value).toBe('configured')
    );
    expect(document.body.innerHTML).not.toContain(secret);
  });

  it('says the sidecar is unreachable when the proxy answers 502', async () => {
    fakeBackend({
      '/settings': { status: 200, data: {} },
      '/sidecar/readyz': { error: { status: 502, data: { message: 'Bad Gateway' } } },
    });
    render(<AppConfig {...props({ sidecarUrl: 'http://nowhere:1' }, { apiKey: true })} />);
    await userEvent.click(screen.getByRole('button', { name: /Save & test/ }));
    expect(await screen.findByTestId('loglens-test-result')).toHaveTextContent('Sidecar unreachable');
  });

  it('refuses a URL that is not http(s)', async () => {
    fakeBackend({});
    render(<AppConfig {...props({}, {})} />);
    await userEvent.type(screen.getByPlaceholderText('http://loglens:8080'), 'loglens:8080');
    expect(screen.getByText('Use an http:// or https:// URL.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Save & test/ })).toBeDisabled();
  });
});
