import { describeReadiness } from './readiness';

describe('describeReadiness', () => {
  it('ready', () => {
    const r = describeReadiness(200, {
      status: 'ready',
      checks: { store: { state: 'ok' }, index: { state: 'ready' }, llm: { state: 'ready' } },
    });
    expect(r).toEqual({ level: 'ok', title: 'Sidecar is ready', details: [] });
  });

  it('degraded index and missing Ollama are named', () => {
    // The sidecar's shape: `status` is the health, `state` the specific condition.
    const r = describeReadiness(200, {
      status: 'degraded',
      checks: {
        store: { status: 'ok', entries: 10, chunks: 2 },
        index: { status: 'degraded', state: 'disabled', serving: 'bm25' },
        llm: { status: 'degraded', state: 'model_missing', model: 'llama3.2:3b', serving: 'extractive' },
      },
    });
    expect(r.level).toBe('warning');
    expect(r.details).toHaveLength(2);
    expect(r.details[0]).toMatch(/Vector index is disabled.*BM25/);
    expect(r.details[1]).toMatch(/Ollama, model llama3.2:3b\) is model missing.*extractive/);
  });

  it('accepts checks that only carry a state, with an error detail', () => {
    const r = describeReadiness(200, {
      status: 'degraded',
      checks: { store: { state: 'ok' }, llm: { state: 'unavailable', error: 'connect ECONNREFUSED' } },
    });
    expect(r.details).toEqual([
      'LLM (Ollama) is unavailable (connect ECONNREFUSED): answers fall back to extractive mode (quoted log lines, no prose).',
    ]);
  });

  it('not_ready with 503 body is an error with details', () => {
    const r = describeReadiness(503, {
      status: 'not_ready',
      checks: { store: { status: 'down', error: 'disk full' } },
    });
    expect(r.level).toBe('error');
    expect(r.details).toEqual(['Log store is down (disk full).']);
  });

  it('401 says the key is wrong', () => {
    expect(describeReadiness(401, { error: { code: 'unauthorized', message: 'x' } }).title).toMatch(/API key/);
  });

  it('502 from the proxy says unreachable from the server', () => {
    const r = describeReadiness(502, { message: 'Bad Gateway' });
    expect(r.title).toBe('Sidecar unreachable');
    expect(r.details[0]).toMatch(/Grafana server reach/);
  });

  it('no HTTP answer at all', () => {
    expect(describeReadiness(undefined, undefined, 'offline').details).toEqual(['offline']);
  });
});
