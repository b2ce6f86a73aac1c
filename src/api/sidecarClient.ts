import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { problemFromHttp, problemFromNetwork, problemFromStreamError, SidecarError } from './errors';
import type {
  Answer,
  AskRequest,
  AskResponse,
  AskStreamEvent,
  Citation,
  ExplainAlertRequest,
  QueryInfo,
  RetrievalInfo,
} from './types';

/** The slice of `window.fetch` the client needs; injected so tests and the browser harness can supply their own. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface SidecarClientOptions {
  fetch: FetchLike;
  /** e.g. `/grafana/api/plugin-proxy/loglens-loglens-app/sidecar` (no trailing slash) */
  baseUrl: string;
  /** Grafana org of the signed-in user; Grafana's own frontend sends it on every API call. */
  orgId?: number;
}

export interface StreamHandlers {
  onEvent: (event: AskStreamEvent) => void;
}

/**
 * Talks to the sidecar only through Grafana's plugin proxy: the browser never holds the API key,
 * Grafana adds it from the app's secureJsonData on the server side.
 */
export class SidecarClient {
  constructor(private readonly opts: SidecarClientOptions) {}

  private headers(accept: string): Record<string, string> {
    const h: Record<string, string> = { 'Content-Type': 'application/json', Accept: accept };
    if (this.opts.orgId !== undefined) {
      h['X-Grafana-Org-Id'] = String(this.opts.orgId);
    }
    return h;
  }

  private async post(path: string, body: unknown, accept: string, signal?: AbortSignal): Promise<Response> {
    let res: Response;
    try {
      res = await this.opts.fetch(`${this.opts.baseUrl}${path}`, {
        method: 'POST',
        headers: this.headers(accept),
        body: JSON.stringify(body),
        credentials: 'same-origin',
        signal,
      });
    } catch (err) {
      if (signal?.aborted) {
        throw err;
      }
      throw problemFromNetwork(err);
    }
    if (!res.ok) {
      throw problemFromHttp(res.status, await readJsonSafely(res));
    }
    return res;
  }

  /** Non-streaming ask; resolves with the full response. */
  async ask(req: AskRequest, signal?: AbortSignal): Promise<AskResponse> {
    const res = await this.post('/api/v1/ask', req, 'application/json', signal);
    return (await res.json()) as AskResponse;
  }

  async explainAlert(req: ExplainAlertRequest, signal?: AbortSignal): Promise<AskResponse> {
    const res = await this.post('/api/v1/explain-alert', req, 'application/json', signal);
    return (await res.json()) as AskResponse;
  }

  /**
   * Streams an answer over SSE (`fetch` + ReadableStream; EventSource cannot POST).
   * Resolves with the final response; rejects with a SidecarError on any failure.
   * Falls back to plain JSON when a proxy in between drops the event-stream content type.
   */
  async askStream(req: AskRequest, handlers: StreamHandlers, signal?: AbortSignal): Promise<AskResponse> {
    const res = await this.post('/api/v1/ask', req, 'text/event-stream', signal);
    const contentType = res.headers.get('content-type') ?? '';
    if (!contentType.includes('text/event-stream') || !res.body) {
      const full = (await res.json()) as AskResponse;
      emitFromFull(full, handlers);
      return full;
    }

    let final: AskResponse | undefined;
    let failure: SidecarError | undefined;
    const parser = createParser({
      onEvent: (msg: EventSourceMessage) => {
        if (failure || final) {
          return;
        }
        let data: unknown;
        try {
          data = JSON.parse(msg.data);
        } catch {
          failure = new SidecarError('server', `The sidecar sent an unreadable "${msg.event ?? 'message'}" event.`);
          return;
        }
        switch (msg.event) {
          case 'retrieval': {
            const d = data as { query: QueryInfo; retrieval: RetrievalInfo };
            handlers.onEvent({ type: 'retrieval', query: d.query, retrieval: d.retrieval });
            break;
          }
          case 'evidence':
            handlers.onEvent({ type: 'evidence', citations: (data as { citations: Citation[] }).citations ?? [] });
            break;
          case 'extractive':
            handlers.onEvent({ type: 'extractive', answer: (data as { answer: Answer }).answer });
            break;
          case 'token':
            handlers.onEvent({ type: 'token', text: (data as { text: string }).text ?? '' });
            break;
          case 'answer':
            final = data as AskResponse;
            handlers.onEvent({ type: 'answer', response: final });
            break;
          case 'error':
            failure = problemFromStreamError(data);
            break;
          default:
            // Unknown events are ignored so the sidecar can add new ones without breaking old panels.
            break;
        }
      },
    });

    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        parser.feed(decoder.decode(value, { stream: true }));
        if (failure || final) {
          break;
        }
      }
    } catch (err) {
      if (signal?.aborted) {
        throw err;
      }
      throw new SidecarError(
        'unreachable',
        `The answer stream broke off (${err instanceof Error ? err.message : String(err)}).`
      );
    } finally {
      reader.cancel().catch(() => undefined);
    }
    if (failure) {
      throw failure;
    }
    if (!final) {
      throw new SidecarError('server', 'The answer stream ended before the sidecar sent its answer.');
    }
    return final;
  }
}

function emitFromFull(full: AskResponse, handlers: StreamHandlers): void {
  handlers.onEvent({ type: 'retrieval', query: full.query, retrieval: full.retrieval });
  handlers.onEvent({ type: 'evidence', citations: full.citations });
  handlers.onEvent({ type: 'answer', response: full });
}

async function readJsonSafely(res: Response): Promise<unknown> {
  try {
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
