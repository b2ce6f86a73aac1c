import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AnswerPlan } from './AnswerPlan';
import type { AskPlan } from '../../api/types';

const plan: AskPlan = {
  route: 'exact',
  intent: 'count',
  reason: 'count over 1 kind(s) of line with "10.0.0.1"',
  filters: [{ text: '10.0.0.1', match: 'value' }],
  targets: [{ template: 'Failed password for <*> from <*> port <*> ssh2', stream: '{job="sshd"}', score: 1 }],
  alternatives: [{ template: 'Accepted password for <*> from <*>', stream: '{job="sshd"}', score: 0.5 }],
  logql: {
    expr: 'sum(count_over_time({job="sshd"} |= "Failed password for" |= "10.0.0.1" [2h]))',
    kind: 'metric',
    exploreUrl: 'http://sidecar-grafana/explore?x',
  },
};

describe('AnswerPlan', () => {
  it('is collapsed at first and shows the plan, the LogQL and an Explore link that runs it when opened', async () => {
    render(
      <AnswerPlan
        plan={plan}
        result={{ intent: 'count', value: 3, matched: 3 }}
        range={{ fromMs: 1000, toMs: 9000 }}
        explore={{ datasourceUid: 'loki-uid', appSubUrl: '/grafana' }}
      />
    );
    expect(screen.queryByTestId('loglens-plan-logql')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /how this was answered/i }));
    expect(screen.getByTestId('loglens-plan-route')).toHaveTextContent(
      'Computed over the stored lines: count over 1 kind(s)'
    );
    expect(screen.getByTestId('loglens-plan-logql')).toHaveTextContent(plan.logql!.expr);
    expect(screen.getByText('Failed password for <*> from <*> port <*> ssh2')).toBeInTheDocument();
    expect(screen.getByTestId('loglens-plan-alternatives')).toHaveTextContent('Accepted password');
    const href = screen.getByTestId('loglens-plan-explore').getAttribute('href')!;
    expect(href.startsWith('/grafana/explore?')).toBe(true);
    const panes = JSON.parse(new URLSearchParams(href.split('?')[1]).get('panes')!);
    const pane = Object.values(panes)[0] as {
      queries: Array<{ expr: string; queryType: string }>;
      range: { from: string; to: string };
    };
    expect(pane.queries[0]).toMatchObject({ expr: plan.logql!.expr, queryType: 'instant' });
    expect(pane.range).toEqual({ from: '1000', to: '9000' });
  });

  it('falls back to the sidecar link without a Loki datasource, and says when a result is a lower bound', async () => {
    render(
      <AnswerPlan
        plan={plan}
        result={{ intent: 'count', value: 200000, matched: 200000, partial: true }}
        explore={{}}
      />
    );
    await userEvent.click(screen.getByRole('button', { name: /how this was answered/i }));
    expect(screen.getByTestId('loglens-plan-explore')).toHaveAttribute('href', 'http://sidecar-grafana/explore?x');
    expect(screen.getByTestId('loglens-plan-route')).toHaveTextContent('lower bound');
  });

  it('a search plan has no LogQL and no Explore button', async () => {
    render(
      <AnswerPlan plan={{ ...plan, route: 'search', logql: undefined, targets: [], alternatives: [] }} explore={{}} />
    );
    await userEvent.click(screen.getByRole('button', { name: /how this was answered/i }));
    expect(screen.getByTestId('loglens-plan-route')).toHaveTextContent('Search');
    expect(screen.queryByTestId('loglens-plan-explore')).not.toBeInTheDocument();
  });
});
