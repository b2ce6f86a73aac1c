import { SidecarClient, type FetchLike } from './sidecarClient';
import { SidecarError } from './errors';
import type { AskStreamEvent } from './types';
import { askResponse, askStreamChunks, jsonResponse, sseEvent, sseResponse } from '../test-utils/responses';

interface Call {
  url: string;
  init?: RequestInit;
}

function recordingFetch(respond: (call: Call) => Promise<Response> | Response): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      const call = { url, init };
      calls.push(call);
      return respond(call);
    },
  };
}

const BASE = '/api/plugin-proxy/loglens-loglens-app/sidecar';

describe('SidecarClient.askStream', () => {
  it('parses events split across reads, in order, and resolves with the final answer', async () => {
    const resp = askResponse();
    const { fetch, calls } = recordingFetch(() => sseResponse(askStreamChunks(resp, ['Checkout ', 'failed ', '[1].'])));
    const client = new SidecarClient({ fetch, baseUrl: BASE, orgId: 2 });
    const events: AskStreamEvent[] = [];
    const final = await client.askStream({ question: 'why?' }, { onEvent: (e) => events.push(e) });

    expect(events.map((e) => e.type)).toEqual(['retrieval', 'evidence', 'token', 'token', 'token', 'answer']);
    expect(
      events
        .filter((e) => e.type === 'token')
        .map((e) => (e as { text: string }).text)
        .join('')
    ).toBe('Checkout failed [1].');
    expect(final).toEqual(resp);
    expect(calls[0].url).toBe(`${BASE}/api/v1/ask`);
    const headers = calls[0].init?.headers as Record<string, string>;
    expect(headers.Accept).toBe('text/event-stream');
    expect(headers['X-Grafana-Org-Id']).toBe('2');
    expect(headers.Authorization).toBeUndefined();
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({ question: 'why?' });
  });

  it('passes on the extractive answer the sidecar sends ahead of the LLM tokens', async () => {
    const resp = askResponse();
    const draft = { mode: 'extractive', text: 'Earliest change: gateway timeout [1].' };
    const { fetch } = recordingFetch(() =>
      sseResponse([
        sseEvent('retrieval', { query: resp.query, retrieval: resp.retrieval }) +
          sseEvent('evidence', { citations: resp.citations }),
        sseEvent('extractive', { answer: draft }) + sseEvent('token', { text: 'x' }) + sseEvent('answer', resp),
      ])
    );
    const events: AskStreamEvent[] = [];
    await new SidecarClient({ fetch, baseUrl: BASE, orgId: 1 }).askStream(
      { question: 'why?' },
      { onEvent: (e) => events.push(e) }
    );
    expect(events.map((e) => e.type)).toEqual(['retrieval', 'evidence', 'extractive', 'token', 'answer']);
    expect(events[2]).toEqual({ type: 'extractive', answer: draft });
  });

  it('turns an error event into a SidecarError with the sidecar message', async () => {
    const { fetch } = recordingFetch(() =>
      sseResponse([
        sseEvent('retrieval', { query: askResponse().query, retrieval: askResponse().retrieval }),
        sseEvent('error', { error: { code: 'loki_unavailable', message: 'Loki query failed: 502' } }),
      ])
    );
    const client = new SidecarClient({ fetch, baseUrl: BASE });
    await expect(client.askStream({ question: 'q' }, { onEvent: () => undefined })).rejects.toMatchObject({
      name: 'SidecarError',
      kind: 'server',
      code: 'loki_unavailable',
      message: 'Loki query failed: 502',
    });
  });

  it('rejects when the stream ends without an answer event', async () => {
    const { fetch } = recordingFetch(() => sseResponse([sseEvent('evidence', { citations: [] })]));
    const client = new SidecarClient({ fetch, baseUrl: BASE });
    await expect(client.askStream({ question: 'q' }, { onEvent: () => undefined })).rejects.toThrow(
      /ended before the sidecar sent its answer/
    );
  });

  it('accepts a plain JSON answer when a proxy dropped the event stream', async () => {
    const resp = askResponse();
    const { fetch } = recordingFetch(() => jsonResponse(resp));
    const client = new SidecarClient({ fetch, baseUrl: BASE });
    const types: string[] = [];
    await expect(client.askStream({ question: 'q' }, { onEvent: (e) => types.push(e.type) })).resolves.toEqual(resp);
    expect(types).toEqual(['retrieval', 'evidence', 'answer']);
  });

  it.each([
    [502, { message: 'Bad Gateway' }, 'unreachable', /unreachable \(HTTP 502/],
    [504, undefined, 'unreachable', /unreachable/],
    [404, { message: 'plugin route match not found' }, 'not_configured', /enabled in this organization/],
    [403, { message: 'plugin proxy route access denied' }, 'forbidden', /role is too low/],
    [401, { error: { code: 'unauthorized', message: 'bad api key' } }, 'unauthorized', /rejected the API key/],
    [
      400,
      { error: { code: 'bad_request', message: 'too long', field: 'question' } },
      'invalid',
      /^question: too long$/,
    ],
    [500, { message: 'Could not interpolate plugin route url' }, 'not_configured', /sidecar URL and API key/],
  ])('maps HTTP %s to %s', async (status, body, kind, message) => {
    const { fetch } = recordingFetch(() => jsonResponse(body, { status }));
    const client = new SidecarClient({ fetch, baseUrl: BASE });
    const err = await client.askStream({ question: 'q' }, { onEvent: () => undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SidecarError);
    expect(err).toMatchObject({ kind, status });
    expect((err as Error).message).toMatch(message);
  });

  it('reports a network failure as unreachable', async () => {
    const client = new SidecarClient({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      baseUrl: BASE,
    });
    await expect(client.askStream({ question: 'q' }, { onEvent: () => undefined })).rejects.toMatchObject({
      kind: 'unreachable',
    });
  });
});

describe('SidecarClient.explainAlert', () => {
  it('posts to explain-alert and returns the JSON answer', async () => {
    const resp = askResponse({ answer: { mode: 'extractive', text: 'x', fallbackReason: 'llm_unavailable' } });
    const { fetch, calls } = recordingFetch(() => jsonResponse(resp));
    const client = new SidecarClient({ fetch, baseUrl: BASE });
    const req = { labels: { alertname: 'CheckoutErrors' }, startsAt: '2024-05-14T14:05:00.000Z' };
    await expect(client.explainAlert(req)).resolves.toEqual(resp);
    expect(calls[0].url).toBe(`${BASE}/api/v1/explain-alert`);
    expect(JSON.parse(String(calls[0].init?.body))).toEqual(req);
  });
});
