import React from 'react';
import { render, screen, within } from '@testing-library/react';
import type { Citation } from '../../api/types';
import { CHECKOUT_CITATIONS } from '../../test-utils/responses';
import { AnswerView } from './AnswerView';
import { CitationList, groupCitations } from './CitationList';

const EXPLORE = { datasourceUid: 'loki-1', orgId: 1, contextMs: 60_000 };

// Block 1 quotes two lines of one chunk (same n), block 2 one line: what the API sends for a
// chunk whose error line and its repeat both back the answer.
const [GATEWAY, POOL] = CHECKOUT_CITATIONS;
const RETRY: Citation = {
  ...GATEWAY,
  labels: { job: 'checkout', env: 'prod', pod: 'checkout-7d9' },
  ts: '2024-05-14T14:05:09.500000000Z',
  tsNs: '1715695509500000000',
  line: 'WARN retrying payment authorization order=8812 attempt=2',
  count: 3,
};
const CITATIONS: Citation[] = [GATEWAY, RETRY, POOL];

function blocks() {
  return screen.getAllByTestId('loglens-citation-block');
}

function exploreRange(line: HTMLElement) {
  const href = within(line).getByTestId('loglens-explore-link').getAttribute('href')!;
  const pane = Object.values(JSON.parse(new URL(href, 'http://grafana.local').searchParams.get('panes')!))[0] as {
    queries: Array<{ expr: string }>;
    range: { from: string; to: string };
  };
  return { expr: pane.queries[0].expr, from: Number(pane.range.from), to: Number(pane.range.to) };
}

describe('CitationList', () => {
  it('says when the sidecar cut a long line, and that Explore has the whole of it', () => {
    const cut: Citation = { ...GATEWAY, line: 'x'.repeat(4096), truncated: true, lineBytes: 70_000 };
    render(<CitationList citations={[cut, POOL]} explore={EXPLORE} />);
    const notes = screen.getAllByTestId('loglens-line-cut');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toHaveTextContent('line cut here (69 KiB in all); the whole line is in Explore');
  });

  it('shows a block number once, with each of its lines under it', () => {
    render(<CitationList citations={CITATIONS} explore={EXPLORE} />);

    expect(blocks()).toHaveLength(2);
    expect(screen.getAllByText('[1]')).toHaveLength(1);
    expect(screen.getAllByText('[2]')).toHaveLength(1);

    const [first, second] = blocks();
    expect(within(first).getByTestId('loglens-citation-marker')).toHaveTextContent('[1]');
    const lines = within(first).getAllByTestId('loglens-citation');
    expect(lines).toHaveLength(2);
    expect(within(second).getAllByTestId('loglens-citation')).toHaveLength(1);
    expect(within(second).getByText(POOL.line)).toBeInTheDocument();

    // Each line keeps its own time, labels, count and Explore link.
    expect(within(lines[0]).getByText(GATEWAY.line)).toBeInTheDocument();
    expect(within(lines[0]).getByText('2024-05-14 14:05:02Z')).toBeInTheDocument();
    expect(within(lines[0]).getByText('×12')).toBeInTheDocument();
    expect(within(lines[0]).queryByText('pod=checkout-7d9')).not.toBeInTheDocument();
    expect(within(lines[1]).getByText(RETRY.line)).toBeInTheDocument();
    expect(within(lines[1]).getByText('2024-05-14 14:05:09Z')).toBeInTheDocument();
    expect(within(lines[1]).getByText('×3')).toBeInTheDocument();
    expect(within(lines[1]).getByText('pod=checkout-7d9')).toBeInTheDocument();

    const at = (c: Citation) => Number(BigInt(c.tsNs) / BigInt(1_000_000));
    expect(exploreRange(lines[0])).toEqual({
      expr: '{env="prod", job="checkout"}',
      from: at(GATEWAY) - 60_000,
      to: at(GATEWAY) + 60_000,
    });
    expect(exploreRange(lines[1])).toEqual({
      expr: '{env="prod", job="checkout", pod="checkout-7d9"}',
      from: at(RETRY) - 60_000,
      to: at(RETRY) + 60_000,
    });
  });

  it('keeps blocks in order of first appearance and lines in the API order', () => {
    const c = (n: number, line: string): Citation => ({ ...POOL, n, line });
    const grouped = groupCitations([c(2, 'a'), c(1, 'b'), c(2, 'c'), c(3, 'd'), c(1, 'e')]);
    expect(grouped.map((b) => [b.n, b.lines.map((l) => l.line)])).toEqual([
      [2, ['a', 'c']],
      [1, ['b', 'e']],
      [3, ['d']],
    ]);
  });
});

describe('AnswerView', () => {
  it('lists evidence blocks once under the answer, lines grouped by number', () => {
    render(
      <AnswerView
        text="Checkout failed because the gateway timed out and was retried [1] after the pool ran dry [2]."
        answer={{ mode: 'llm', text: 'Checkout failed [1] [2].' }}
        citations={CITATIONS}
        streaming={false}
        explore={EXPLORE}
      />
    );
    const list = screen.getByRole('list', { name: 'Citations' });
    expect(within(list).getAllByText('[1]')).toHaveLength(1);
    expect(
      within(list)
        .getAllByTestId('loglens-citation-block')
        .map((b) => within(b).getAllByTestId('loglens-citation').length)
    ).toEqual([2, 1]);
    expect(screen.getAllByTestId('loglens-citation')).toHaveLength(CITATIONS.length);
  });
});
