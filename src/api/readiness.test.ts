import { describeReadiness } from './readiness';

describe('describeReadiness', () => {
  it('ready', () => {
    const r = describeReadiness(200, { status: 'ready', checks: { store: { state: 'ok' }, index: { state: 'ready' }, llm: { state: 'ready' } } });
    expect(r).toEqual({ level: 'ok', title: 'Sidecar is ready', details: [] });
  });

  it('degraded index and missing Ollama are named', () => {
    const r = describeReadiness(200, {
      status: 'degraded',
      checks: { store: { state: 'ok' }, index: { state: 'building' }, llm: { state: 'unavailable', error: 'connect ECONNREFUSED' } },
    });
    expect(r.level).toBe('warning');
    expect(r.details.join('\n')).toMatch(/Vector index is building.*BM25/);
    expect(r.details.join('\n')).toMatch(/Ollama\) is unavailable \(connect ECONNREFUSED\).*extractive/);
  });

  it('not_ready with 503 body is an error with details', () => {
    const r = describeReadiness(503, { status: 'not_ready', checks: { store: { state: 'error', error: 'disk full' } } });
    expect(r.level).toBe('error');
    expect(r.details).toEqual(['Log store: error (disk full).']);
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
