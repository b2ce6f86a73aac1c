// Builders for fetch Responses in jsdom tests (jsdom has no Response); only what SidecarClient reads.
import { ReadableStream } from 'stream/web';
import type { AnswerSeries, AnswerSeriesItem, AskResponse, Citation, SeriesRole } from '../api/types';

export interface FakeResponseInit {
  status?: number;
  headers?: Record<string, string>;
}

function headersOf(h: Record<string, string>) {
  const lower = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name: string) => lower[name.toLowerCase()] ?? null };
}

export function jsonResponse(body: unknown, init: FakeResponseInit = {}): Response {
  const text = JSON.stringify(body);
  const status = init.status ?? 200;
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: headersOf({ 'content-type': 'application/json', ...(init.headers ?? {}) }),
    body: null,
    json: async () => JSON.parse(text),
    text: async () => text,
  } as unknown as Response;
}

/**
 * A streaming text/event-stream response delivering `chunks` one read at a time. `holdBefore`:
 * chunk index whose delivery waits for `hold` (to look at the panel mid-stream).
 */
export function sseResponse(
  chunks: string[],
  opts: { hangAfter?: boolean; holdBefore?: number; hold?: Promise<void> } = {}
): Response {
  const enc = new TextEncoder();
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i === opts.holdBefore && opts.hold) {
        await opts.hold;
      }
      if (i < chunks.length) {
        controller.enqueue(enc.encode(chunks[i++]));
      } else if (!opts.hangAfter) {
        controller.close();
      }
    },
  });
  return {
    ok: true,
    status: 200,
    headers: headersOf({ 'content-type': 'text/event-stream; charset=utf-8' }),
    body,
    json: async () => {
      throw new Error('not json');
    },
    text: async () => chunks.join(''),
  } as unknown as Response;
}

export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const CHECKOUT_CITATIONS: Citation[] = [
  {
    n: 1,
    chunkId: 41,
    tenant: 'default',
    labels: { job: 'checkout', env: 'prod' },
    ts: '2024-05-14T14:05:02.123456789Z',
    tsNs: '1715695502123456789',
    line: 'ERROR payment gateway timeout after 30s order=8812',
    count: 12,
  },
  {
    n: 2,
    chunkId: 42,
    tenant: 'default',
    labels: { job: 'payments', env: 'prod' },
    ts: '2024-05-14T14:04:58.000000000Z',
    tsNs: '1715695498000000000',
    line: 'WARN connection pool exhausted (50/50)',
  },
];

export function askResponse(overrides: Partial<AskResponse> = {}): AskResponse {
  return {
    answer: {
      mode: 'llm',
      text: 'Checkout failed because the payment gateway timed out [1] after its pool ran dry [2].',
    },
    citations: CHECKOUT_CITATIONS,
    query: {
      window: { start: '2024-05-14T14:00:00Z', end: '2024-05-14T14:10:00Z' },
      selectorHints: { job: 'checkout' },
    },
    retrieval: { mode: 'hybrid', degraded: false },
    timings: { total: 120 },
    ...overrides,
  };
}

/** The full SSE conversation for one answer, split at awkward places like a real network would. */
export function askStreamChunks(resp: AskResponse, tokens: string[]): string[] {
  const whole =
    sseEvent('retrieval', { query: resp.query, retrieval: resp.retrieval }) +
    sseEvent('evidence', { citations: resp.citations }) +
    tokens.map((t) => sseEvent('token', { text: t })).join('') +
    sseEvent('answer', resp);
  // Cut into 7 uneven pieces so events and even UTF-8/JSON straddle read boundaries.
  const cuts = [13, 97, 180, 333, 520, 700].filter((c) => c < whole.length);
  const out: string[] = [];
  let prev = 0;
  for (const c of cuts) {
    out.push(whole.slice(prev, c));
    prev = c;
  }
  out.push(whole.slice(prev));
  return out;
}

/** Buckets of the fixture series: 14:00-14:10 in 15 s steps. */
export const SERIES_WINDOW = { start: '2024-05-14T14:00:00.000000000Z', end: '2024-05-14T14:10:00.000000000Z' };
export const SERIES_STEP_MS = 15_000;

/**
 * An answer's series as the sidecar sends them: `n` kinds of line, the first a cause candidate
 * starting at bucket 18 (14:04:30), the second the symptom starting at bucket 20 (14:05:00), the
 * rest matches; series k cites block k + 1.
 */
export function seriesFixture(n: number): AnswerSeries {
  const buckets = 40;
  const roles: SeriesRole[] = ['cause', 'symptom'];
  return {
    window: SERIES_WINDOW,
    stepMs: SERIES_STEP_MS,
    items: Array.from({ length: n }, (_, k): AnswerSeriesItem => {
      const from = k === 0 ? 18 : k === 1 ? 20 : 2 + k;
      const counts = Array.from({ length: buckets }, (_, b) => (b >= from ? 1 + ((b + k) % 4) : 0));
      const job = k === 0 ? 'payments-db' : k === 1 ? 'checkout' : `svc-${k}`;
      const onset = k < 2 ? new Date(Date.parse(SERIES_WINDOW.start) + from * SERIES_STEP_MS).toISOString() : undefined;
      const logql = `sum by (job) (count_over_time({job="${job}"} |= "kind ${k}" [$__interval]))`;
      return {
        id: `${k + 1}:${100 + k}`,
        name: `${job}: kind ${k}`,
        role: roles[k] ?? 'match',
        ...(k < 2 ? { change: 'new' as const, onset } : {}),
        stream: `{job="${job}"}`,
        labels: { job },
        template: `<*> kind ${k} <*>`,
        counts,
        total: counts.reduce((a, b) => a + b, 0),
        citations: [k + 1],
        logql,
        exploreUrl: `http://sidecar-grafana/explore?k=${k}`,
      };
    }),
  };
}
