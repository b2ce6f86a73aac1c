import React from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AskResult, Citation } from '../../api/types';
import { installFakeCanvas } from '../../test-utils/canvas';
import { CHECKOUT_CITATIONS, seriesFixture, SERIES_WINDOW } from '../../test-utils/responses';
import { AnswerView } from '../AnswerView/AnswerView';
import { LazyAnswerPicture } from './index';
import { MAX_DRAWN, OTHERS_ID } from './seriesModel';

const EXPLORE = { datasourceUid: 'loki-1', orgId: 1, contextMs: 60_000 };

beforeAll(() => installFakeCanvas());

function pane(href: string) {
  const url = new URL(href, 'http://grafana.local');
  expect(url.pathname).toBe('/explore');
  expect(url.searchParams.get('schemaVersion')).toBe('1');
  return Object.values(JSON.parse(url.searchParams.get('panes')!))[0] as {
    datasource: string;
    queries: Array<{ expr: string; queryType: string; datasource: { type: string; uid: string } }>;
    range: { from: string; to: string };
  };
}

/** Citations numbered 1..n, one line each. */
function citations(n: number): Citation[] {
  return Array.from({ length: n }, (_, k) => ({
    ...CHECKOUT_CITATIONS[k % 2],
    n: k + 1,
    chunkId: 100 + k,
    line: `cited line of block ${k + 1}`,
  }));
}

describe('AnswerPicture', () => {
  it('shows a loading placeholder while the chart code loads, then the chart', async () => {
    render(<LazyAnswerPicture series={seriesFixture(2)} onSelect={() => undefined} timeZone="utc" explore={EXPLORE} />);
    expect(screen.getByText('Drawing the timeline…')).toBeInTheDocument();
    expect(await screen.findByTestId('loglens-chart')).toBeInTheDocument();
    expect(screen.queryByText('Drawing the timeline…')).not.toBeInTheDocument();
  });

  it('draws nothing for an empty series', async () => {
    const { container } = render(
      <LazyAnswerPicture
        series={{ window: SERIES_WINDOW, stepMs: 15_000, items: [] }}
        onSelect={() => undefined}
        timeZone="utc"
        explore={EXPLORE}
      />
    );
    // Once the lazy chunk has loaded (the placeholder is gone), the picture renders nothing at all.
    await waitFor(() => expect(screen.queryByText('Drawing the timeline…')).not.toBeInTheDocument());
    expect(screen.queryByTestId('loglens-chart')).not.toBeInTheDocument();
    expect(screen.queryByTestId('loglens-picture')).not.toBeInTheDocument();
    expect(container.querySelector('[data-testid="loglens-series-item"]')).toBeNull();
  });

  it('one series: the chart, its legend entry with role, onset in the time zone, and Explore with its metric query', async () => {
    const series = seriesFixture(1);
    render(<LazyAnswerPicture series={series} onSelect={() => undefined} timeZone="utc" explore={EXPLORE} />);
    const chart = await screen.findByTestId('loglens-chart');
    expect(chart).toHaveAttribute('data-drawn-series', '1');
    const [item] = screen.getAllByTestId('loglens-series-item');
    expect(item).toHaveAttribute('data-role', 'cause');
    expect(within(item).getByText('cause candidate')).toBeInTheDocument();
    expect(within(item).getByText('14:04:30')).toBeInTheDocument();
    const p = pane(within(item).getByTestId('loglens-series-explore').getAttribute('href')!);
    expect(p.datasource).toBe('loki-1');
    expect(p.queries[0]).toMatchObject({
      expr: series.items[0].logql,
      queryType: 'range',
      datasource: { type: 'loki', uid: 'loki-1' },
    });
    expect(Number(p.range.from)).toBe(Date.parse(SERIES_WINDOW.start));
    expect(Number(p.range.to)).toBe(Date.parse(SERIES_WINDOW.end));
  });

  it('follows the dashboard time zone', async () => {
    render(
      <LazyAnswerPicture series={seriesFixture(1)} onSelect={() => undefined} timeZone="Asia/Tokyo" explore={EXPLORE} />
    );
    const [item] = await screen.findAllByTestId('loglens-series-item');
    expect(within(item).getByText('23:04:30')).toBeInTheDocument();
  });

  it('without a panel data source, Explore links are the sidecar’s', async () => {
    render(<LazyAnswerPicture series={seriesFixture(1)} onSelect={() => undefined} timeZone="utc" explore={{}} />);
    const link = await screen.findByTestId('loglens-series-explore');
    expect(link).toHaveAttribute('href', 'http://sidecar-grafana/explore?k=0');
  });

  it(`more than ${MAX_DRAWN} series: the rest fold into one "others" line`, async () => {
    const series = seriesFixture(14);
    render(<LazyAnswerPicture series={series} onSelect={() => undefined} timeZone="utc" explore={EXPLORE} />);
    const chart = await screen.findByTestId('loglens-chart');
    expect(chart).toHaveAttribute('data-drawn-series', String(MAX_DRAWN));
    const items = screen.getAllByTestId('loglens-series-item');
    expect(items).toHaveLength(MAX_DRAWN);
    const others = items[MAX_DRAWN - 1];
    expect(others).toHaveAttribute('data-series-id', OTHERS_ID);
    expect(within(others).getByText(`others (${14 - (MAX_DRAWN - 1)} series)`)).toBeInTheDocument();
    // Its total is the folded series' total; it has no single query to open.
    const folded = series.items.slice(MAX_DRAWN - 1).reduce((a, i) => a + i.total, 0);
    expect(within(others).getByText(`${folded} lines`)).toBeInTheDocument();
    expect(within(others).queryByTestId('loglens-series-explore')).toBeNull();
    // Cause and symptom come first, each drawn line has its own Explore link.
    expect(items.slice(0, 2).map((i) => i.getAttribute('data-role'))).toEqual(['cause', 'symptom']);
    expect(screen.getAllByTestId('loglens-series-explore')).toHaveLength(MAX_DRAWN - 1);
  });

  it('a single-number answer is a stat', async () => {
    const result: AskResult = { intent: 'count', value: 354, matched: 354 };
    render(
      <LazyAnswerPicture
        series={seriesFixture(1)}
        result={result}
        onSelect={() => undefined}
        timeZone="utc"
        explore={EXPLORE}
      />
    );
    const stat = await screen.findByTestId('loglens-result-stat');
    expect(stat).toHaveAttribute('data-value', '354');
    expect(within(stat).getByText('354')).toBeInTheDocument();
    expect(within(stat).getByText('Lines')).toBeInTheDocument();
    expect(screen.queryByTestId('loglens-result-table')).toBeNull();
  });

  it('a top-k answer is a table of its groups', async () => {
    const result: AskResult = {
      intent: 'topk',
      value: '173.234.31.186',
      top: [
        { key: '173.234.31.186', value: 12 },
        { key: '10.0.0.7', value: 5 },
        { key: '10.0.0.9', value: 2 },
      ],
      matched: 19,
    };
    render(
      <LazyAnswerPicture
        result={result}
        plan={{
          route: 'exact',
          intent: 'topk',
          reason: 'top 3',
          filters: [],
          targets: [],
          alternatives: [],
          slot: { key: 'ip', kind: 'ip' },
        }}
        onSelect={() => undefined}
        timeZone="utc"
        explore={EXPLORE}
      />
    );
    const table = await screen.findByTestId('loglens-result-table');
    expect(within(table).getByText('ip')).toBeInTheDocument();
    for (const row of result.top!) {
      expect(within(table).getByText(row.key)).toBeInTheDocument();
      expect(within(table).getByText(String(row.value))).toBeInTheDocument();
    }
    expect(screen.queryByTestId('loglens-result-stat')).toBeNull();
    expect(screen.queryByTestId('loglens-chart')).toBeNull();
  });
});

describe('AnswerView with a timeline', () => {
  it('picking a series filters the evidence to its citations; picking it again (or Show all) shows them all', async () => {
    const user = userEvent.setup();
    const series = seriesFixture(3);
    render(
      <AnswerView
        text="x [1][2][3]"
        answer={{ mode: 'extractive', text: 'x [1][2][3]' }}
        citations={citations(3)}
        streaming={false}
        explore={EXPLORE}
        series={series}
        timeZone="utc"
      />
    );
    await screen.findByTestId('loglens-chart');
    expect(screen.getAllByTestId('loglens-citation-block')).toHaveLength(3);
    const toggles = screen.getAllByTestId('loglens-series-toggle');
    await user.click(toggles[1]);
    expect(toggles[1]).toHaveAttribute('aria-pressed', 'true');
    let blocks = screen.getAllByTestId('loglens-citation-block');
    expect(blocks).toHaveLength(1);
    expect(within(blocks[0]).getByTestId('loglens-citation-marker')).toHaveTextContent('[2]');
    expect(screen.getByTestId('loglens-citation-filter')).toHaveTextContent('1 of 3 cited lines, of checkout: kind 1');
    await user.click(toggles[1]);
    expect(screen.getAllByTestId('loglens-citation-block')).toHaveLength(3);
    // Keyboard: the toggles are buttons in the tab order.
    toggles[0].focus();
    await user.keyboard('{Enter}');
    blocks = screen.getAllByTestId('loglens-citation-block');
    expect(blocks).toHaveLength(1);
    expect(within(blocks[0]).getByTestId('loglens-citation-marker')).toHaveTextContent('[1]');
    await user.click(screen.getByRole('button', { name: /show all/i }));
    expect(screen.getAllByTestId('loglens-citation-block')).toHaveLength(3);
    expect(screen.queryByTestId('loglens-citation-filter')).toBeNull();
  });

  it('while the answer streams there is no picture yet', () => {
    render(
      <AnswerView
        text="Checkout"
        citations={citations(1)}
        streaming={true}
        explore={EXPLORE}
        series={seriesFixture(1)}
      />
    );
    expect(screen.queryByTestId('loglens-picture')).toBeNull();
    expect(screen.queryByText('Drawing the timeline…')).toBeNull();
  });

  it('on a small panel the legend folds into a disclosure', async () => {
    const spy = jest.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
      width: 320,
      height: 200,
      top: 0,
      left: 0,
      bottom: 200,
      right: 320,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    });
    try {
      const user = userEvent.setup();
      render(
        <LazyAnswerPicture series={seriesFixture(4)} onSelect={() => undefined} timeZone="utc" explore={EXPLORE} />
      );
      await screen.findByTestId('loglens-chart');
      expect(screen.queryByTestId('loglens-series-legend')).toBeNull();
      await user.click(screen.getByRole('button', { name: /4 series/ }));
      expect(screen.getAllByTestId('loglens-series-item')).toHaveLength(4);
    } finally {
      spy.mockRestore();
    }
  });
});
