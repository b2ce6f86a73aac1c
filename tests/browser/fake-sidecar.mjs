// HARNESS SELF-CHECK ONLY: a tiny stand-in for the LogLens sidecar speaking its HTTP contract
// (bearer auth, POST /api/v1/ask as SSE or JSON, GET /readyz), used to verify the browser harness
// itself when no real sidecar is available. It is not a model of the sidecar's retrieval.
import { createServer } from 'node:http';

/** Delay between streamed tokens, so they arrive as separate reads. */
const TOKEN_DELAY_MS = 20;

export const FAKE_CITATIONS = [
  {
    n: 1,
    chunkId: 101,
    tenant: 'default',
    labels: { job: 'checkout', env: 'prod', pod: 'checkout-7d9f' },
    ts: '2024-05-14T14:05:02.123456789Z',
    tsNs: '1715695502123456789',
    line: 'ERROR POST /api/checkout 503 upstream payment-gateway timeout after 30000ms order=8812',
    count: 37,
  },
  {
    // A second line of evidence block 1: the panel shows [1] once with both lines under it.
    n: 1,
    chunkId: 101,
    tenant: 'default',
    labels: { job: 'checkout', env: 'prod', pod: 'checkout-7d9f' },
    ts: '2024-05-14T14:05:03.004000000Z',
    tsNs: '1715695503004000000',
    line: 'WARN payment-gateway circuit half-open, retrying order=8812',
  },
  {
    n: 2,
    chunkId: 102,
    tenant: 'default',
    labels: { job: 'payments', env: 'prod' },
    ts: '2024-05-14T14:04:51.000000000Z',
    tsNs: '1715695491000000000',
    line: 'WARN db pool exhausted: 50/50 connections in use, waiting=112 "primary"',
  },
  {
    n: 3,
    chunkId: 103,
    tenant: 'default',
    labels: { job: 'payments', env: 'prod', container: 'gw "edge"' },
    ts: '2024-05-14T14:04:40.500000000Z',
    tsNs: '1715695480500000000',
    line: 'INFO deploy payments v2.14.0 rolled out (pool size 100 -> 50)',
  },
];

const ANSWER_TOKENS = [
  'Checkout ',
  'started failing at 14:05 ',
  'because the payment gateway timed out [1]; ',
  'the payments database pool was exhausted [2] ',
  'right after deploy v2.14.0 halved the pool size [3].',
];
export const FAKE_ANSWER_TEXT = ANSWER_TOKENS.join('');

/**
 * holdAnswer: each streamed ask stops after its tokens until releaseAnswer() is called, so a test
 * can look at the page mid-stream without racing the stream (one release per ask, in order).
 */
export async function startFakeSidecar({ apiKey, holdAnswer = false }) {
  const requests = [];
  const waiting = [];
  let released = 0;
  const gate = () => {
    if (!holdAnswer) {
      return Promise.resolve();
    }
    if (released > 0) {
      released--;
      return Promise.resolve();
    }
    return new Promise((r) => waiting.push(r));
  };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method, url: req.url, headers: { ...req.headers }, body });
      const json = (status, obj) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        return json(401, { error: { code: 'unauthorized', message: 'missing or invalid API key' } });
      }
      if (req.method === 'GET' && req.url === '/readyz') {
        return json(200, {
          status: 'ready',
          checks: { store: { status: 'ok' }, index: { status: 'ok' }, llm: { status: 'ok' } },
        });
      }
      if (req.method !== 'POST' || req.url !== '/api/v1/ask') {
        return json(404, { error: { code: 'not_found', message: 'no such route' } });
      }
      const ask = JSON.parse(body);
      const full = {
        answer: { mode: 'llm', text: FAKE_ANSWER_TEXT },
        citations: FAKE_CITATIONS,
        query: { window: { start: ask.start, end: ask.end }, selectorHints: ask.labels ?? {}, timeHint: '14:05' },
        retrieval: { mode: 'hybrid', degraded: false },
        timings: { retrieve: 12, generate: 300, total: 320 },
      };
      if (!String(req.headers.accept).includes('text/event-stream')) {
        return json(200, full);
      }
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      const send = (event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      send('retrieval', { query: full.query, retrieval: full.retrieval });
      send('evidence', { citations: full.citations });
      for (const t of ANSWER_TOKENS) {
        await new Promise((r) => setTimeout(r, TOKEN_DELAY_MS));
        send('token', { text: t });
      }
      await gate();
      send('answer', full);
      res.end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    releaseAnswer: () => (waiting.length ? waiting.shift()() : released++),
    close: () => new Promise((r) => (server.closeAllConnections?.(), server.close(() => r()))),
  };
}
