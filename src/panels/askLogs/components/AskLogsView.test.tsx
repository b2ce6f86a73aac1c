import React from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SidecarClient, type FetchLike } from '../../../api/sidecarClient';
import { QuestionHistory } from '../history';
import { AskLogsView, type AskContext } from './AskLogsView';
import {
  askResponse,
  askStreamChunks,
  jsonResponse,
  seriesFixture,
  sseEvent,
  sseResponse,
} from '../../../test-utils/responses';
import { installFakeCanvas } from '../../../test-utils/canvas';

beforeAll(() => installFakeCanvas());

const CONTEXT: AskContext = {
  start: '2024-05-14T13:00:00.000Z',
  end: '2024-05-14T15:00:00.000Z',
  selector: '{env="prod"}',
  labels: { job: 'checkout' },
  limit: 8,
};
const EXPLORE = { datasourceUid: 'loki-1', orgId: 1, contextMs: 300_000 };

function memoryStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

function setup(fetch: FetchLike) {
  const client = new SidecarClient({ fetch, baseUrl: '/api/plugin-proxy/loglens-loglens-app/sidecar', orgId: 1 });
  const history = new QuestionHistory(memoryStore(), 'h');
  render(<AskLogsView client={client} context={CONTEXT} explore={EXPLORE} history={history} />);
  return { user: userEvent.setup() };
}

async function ask(user: ReturnType<typeof userEvent.setup>, q: string) {
  await user.type(screen.getByTestId('loglens-question'), `${q}{Enter}`);
}

describe('AskLogsView', () => {
  it('starts idle and says what it will search', () => {
    setup(async () => jsonResponse({}));
    expect(screen.getByTestId('loglens-idle')).toHaveTextContent('2024-05-14T13:00:00.000Z');
  });

  it('shows loading while the sidecar searches', async () => {
    // A stream that never sends anything keeps the panel in its searching state.
    const { user } = setup(async () => sseResponse([], { hangAfter: true }));
    await ask(user, 'why?');
    expect(await screen.findByText('Searching the logs…')).toBeInTheDocument();
  });

  it('shows the extractive answer at once, marked, while the LLM writes; keeps it under a disclosure after', async () => {
    const resp = askResponse();
    const draft = { mode: 'extractive' as const, text: 'Earliest change: payment gateway timeout at 14:04:41 [1].' };
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const { user } = setup(async () =>
      sseResponse(
        [
          sseEvent('retrieval', { query: resp.query, retrieval: resp.retrieval }),
          sseEvent('evidence', { citations: resp.citations }),
          sseEvent('extractive', { answer: draft }),
          sseEvent('token', { text: 'Checkout failed ' }),
          sseEvent('answer', resp),
        ],
        { holdBefore: 4, hold: gate }
      )
    );
    await ask(user, 'why did checkout start failing at 14:05?');
    // Mid-stream: both shown, each marked.
    expect(await screen.findByTestId('loglens-draft-text')).toHaveTextContent(draft.text);
    expect(screen.getByTestId('loglens-draft-mode')).toHaveTextContent('From the log lines');
    await waitFor(() => expect(screen.getByTestId('loglens-llm-pending')).toHaveTextContent(/LLM answer, writing/));
    expect(screen.getByTestId('loglens-answer-text')).toHaveTextContent('Checkout failed');
    release();
    // Done: the model's answer is the answer; the extractive one stays one click away.
    await waitFor(() => expect(screen.getByTestId('loglens-mode')).toHaveTextContent('LLM answer'));
    expect(screen.queryByTestId('loglens-draft-text')).not.toBeInTheDocument();
    expect(screen.queryByTestId('loglens-llm-pending')).not.toBeInTheDocument();
    expect(screen.getByTestId('loglens-answer-text')).toHaveTextContent(resp.answer.text);
    const kept = screen.getByTestId('loglens-draft-final');
    expect(kept).toHaveTextContent('Answer from the log lines alone (extractive)');
    await user.click(within(kept).getByText('Answer from the log lines alone (extractive)'));
    expect(kept).toHaveTextContent(draft.text);
  });

  it('when the LLM answer is refused, the extractive answer is the answer, once', async () => {
    const fallback = {
      mode: 'extractive' as const,
      text: 'Earliest change: payment gateway timeout [1].',
      fallbackReason: 'no_valid_citation',
    };
    const resp = askResponse({ answer: fallback });
    const { user } = setup(async () =>
      sseResponse([
        sseEvent('retrieval', { query: resp.query, retrieval: resp.retrieval }) +
          sseEvent('evidence', { citations: resp.citations }) +
          sseEvent('extractive', { answer: { mode: 'extractive', text: fallback.text } }) +
          sseEvent('token', { text: 'nonsense without citations' }) +
          sseEvent('answer', resp),
      ])
    );
    await ask(user, 'why?');
    await waitFor(() => expect(screen.getByTestId('loglens-mode')).toHaveTextContent('Extractive answer'));
    expect(screen.getByTestId('loglens-answer-text')).toHaveTextContent(fallback.text);
    expect(screen.queryByTestId('loglens-draft-final')).not.toBeInTheDocument();
    expect(screen.getByTestId('loglens-fallback-reason')).toBeInTheDocument();
  });

  it('streams the answer, sends window, selector and hints, and lists citations with Explore links', async () => {
    const bodies: unknown[] = [];
    const resp = askResponse();
    const { user } = setup(async (_url, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      return sseResponse(askStreamChunks(resp, ['Checkout failed ', 'because ', 'the gateway timed out [1].']));
    });
    await ask(user, 'why did checkout start failing at 14:05?');

    await waitFor(() => expect(screen.getByTestId('loglens-answer-text')).toHaveTextContent(resp.answer.text));
    expect(bodies[0]).toEqual({
      question: 'why did checkout start failing at 14:05?',
      start: CONTEXT.start,
      end: CONTEXT.end,
      selector: '{env="prod"}',
      labels: { job: 'checkout' },
      limit: 8,
    });
    expect(screen.getByTestId('loglens-mode')).toHaveTextContent('LLM answer');
    const items = screen.getAllByTestId('loglens-citation');
    expect(items).toHaveLength(2);
    expect(within(items[0]).getByText(/payment gateway timeout/)).toBeInTheDocument();
    const href = within(items[0]).getByTestId('loglens-explore-link').getAttribute('href')!;
    const url = new URL(href, 'http://grafana.local');
    const pane = Object.values(JSON.parse(url.searchParams.get('panes')!))[0] as {
      datasource: string;
      queries: Array<{ expr: string }>;
      range: { from: string; to: string };
    };
    expect(url.pathname).toBe('/explore');
    expect(pane.datasource).toBe('loki-1');
    expect(pane.queries[0].expr).toBe('{env="prod", job="checkout"}');
    expect(Number(pane.range.to) - Number(pane.range.from)).toBe(600_000);
    // The question joins the history.
    expect(screen.getByRole('button', { name: 'why did checkout start failing at 14:05?' })).toBeInTheDocument();
  });

  it('an exact answer: the result first, an "Exact answer" badge, and how it was answered with the LogQL and Open in Explore', async () => {
    const base = askResponse();
    const resp = {
      ...base,
      answer: {
        mode: 'extractive' as const,
        text: '3 "Failed password for <*>" lines with 10.0.0.1 in sshd [1][2][3].',
      },
      retrieval: { mode: 'exact' as const, degraded: false },
      result: { intent: 'count' as const, value: 3, matched: 3 },
      series: seriesFixture(1),
      plan: {
        route: 'exact' as const,
        intent: 'count' as const,
        reason: 'count over 1 kind(s) of line with "10.0.0.1"',
        filters: [{ text: '10.0.0.1', match: 'value' as const }],
        targets: [{ template: 'Failed password for <*> from <*> port <*> ssh2', stream: '{job="sshd"}', score: 1 }],
        alternatives: [],
        logql: {
          expr: 'sum(count_over_time({job="sshd"} |= "10.0.0.1" [2h]))',
          kind: 'metric' as const,
          exploreUrl: 'http://x/explore',
        },
      },
    };
    const { user } = setup(async () => sseResponse(askStreamChunks(resp, [])));
    await ask(user, 'how many failed passwords came from 10.0.0.1?');
    await waitFor(() => expect(screen.getByTestId('loglens-answer-text')).toHaveTextContent(/^3 "Failed password/));
    expect(screen.getByTestId('loglens-mode')).toHaveTextContent('Exact answer');
    // The number as a stat, and the counted lines as a timeline.
    expect(await screen.findByTestId('loglens-result-stat')).toHaveAttribute('data-value', '3');
    expect(await screen.findByTestId('loglens-chart')).toHaveAttribute('data-drawn-series', '1');
    await user.click(screen.getByRole('button', { name: /how this was answered/i }));
    expect(screen.getByTestId('loglens-plan-logql')).toHaveTextContent('count_over_time');
    const href = screen.getByTestId('loglens-plan-explore').getAttribute('href')!;
    const pane = Object.values(JSON.parse(new URLSearchParams(href.split('?')[1]).get('panes')!))[0] as {
      datasource: string;
      range: { from: string };
    };
    // the panel's own Loki datasource, over the window the sidecar read
    expect(pane.datasource).toBe('loki-1');
    expect(pane.range.from).toBe(String(Date.parse(resp.query.window!.start)));
  });

  it('shows partial tokens before the final answer arrives', async () => {
    const resp = askResponse();
    const partial = [
      sseEvent('retrieval', { query: resp.query, retrieval: resp.retrieval }),
      sseEvent('evidence', { citations: resp.citations }),
      sseEvent('token', { text: 'Checkout failed' }),
    ];
    const { user } = setup(async () => sseResponse(partial, { hangAfter: true }));
    await ask(user, 'why?');
    await waitFor(() => expect(screen.getByTestId('loglens-answer-text')).toHaveTextContent('Checkout failed'));
    expect(screen.queryByTestId('loglens-mode')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('loglens-citation')).toHaveLength(2);
  });

  it('says so when no log line matched', async () => {
    const resp = askResponse({
      citations: [],
      answer: { mode: 'extractive', text: 'No matching log lines.', fallbackReason: 'no_evidence' },
    });
    const { user } = setup(async () => sseResponse(askStreamChunks(resp, [])));
    await ask(user, 'anything broken?');
    expect(await screen.findByTestId('loglens-no-evidence')).toBeInTheDocument();
    expect(screen.getByTestId('loglens-mode')).toHaveTextContent('Extractive answer');
    expect(screen.getByTestId('loglens-fallback-reason')).toHaveTextContent('no log lines matched');
  });

  it('explains extractive fallback and degraded retrieval', async () => {
    const resp = askResponse({
      answer: { mode: 'extractive', text: 'ERROR payment gateway timeout [1]', fallbackReason: 'ollama_down' },
      retrieval: { mode: 'bm25', degraded: true },
    });
    const { user } = setup(async () => sseResponse(askStreamChunks(resp, [])));
    await ask(user, 'why?');
    expect(await screen.findByTestId('loglens-degraded')).toHaveTextContent(/keyword \(BM25\) search only/);
    expect(screen.getByTestId('loglens-fallback-reason')).toHaveTextContent('because Ollama could not be reached');
  });

  it('says which period was searched when only the newest data was', async () => {
    const resp = askResponse({
      retrieval: { mode: 'hybrid', degraded: false, searched: { start: '2026-06-02T10:00:00Z', end: '2026-06-02T14:00:00Z', olderChunks: 9000 } },
    });
    const { user } = setup(async () => sseResponse(askStreamChunks(resp, [])));
    await ask(user, 'why?');
    const note = await screen.findByTestId('loglens-searched');
    expect(note).toHaveTextContent('2026-06-02T10:00:00Z to 2026-06-02T14:00:00Z');
    expect(note).toHaveTextContent(/older logs were not/);
    expect(screen.queryByTestId('loglens-degraded')).not.toBeInTheDocument();
  });

  it('shows the sidecar-down state when the plugin proxy answers 502', async () => {
    const { user } = setup(async () => jsonResponse({ message: 'Bad Gateway' }, { status: 502 }));
    await ask(user, 'why?');
    const alert = await screen.findByTestId('loglens-error');
    expect(alert).toHaveTextContent('LogLens sidecar is down');
    expect(alert).toHaveTextContent(/HTTP 502/);
  });

  it('shows the key problem when the sidecar answers 401', async () => {
    const { user } = setup(async () =>
      jsonResponse({ error: { code: 'unauthorized', message: 'missing bearer token' } }, { status: 401 })
    );
    await ask(user, 'why?');
    expect(await screen.findByTestId('loglens-error')).toHaveTextContent('LogLens API key rejected');
  });

  it('refuses questions over the sidecar limit without calling it', async () => {
    const calls: string[] = [];
    const { user } = setup(async (url) => {
      calls.push(url);
      return jsonResponse({});
    });
    const input = screen.getByTestId('loglens-question');
    await user.click(input);
    await user.paste('x'.repeat(2001));
    await user.keyboard('{Enter}');
    expect(screen.getByText(/limited to 2000 characters/)).toBeInTheDocument();
    expect(screen.getByTestId('loglens-ask')).toBeDisabled();
    expect(calls).toEqual([]);
  });
});
