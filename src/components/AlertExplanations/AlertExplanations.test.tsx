import React from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SidecarClient } from '../../api/sidecarClient';
import { AlertExplanations } from './AlertExplanations';
import type { AlertAnnotation } from '../../api/alerts';
import { askResponse, jsonResponse, seriesFixture } from '../../test-utils/responses';
import { installFakeCanvas } from '../../test-utils/canvas';

beforeAll(() => installFakeCanvas());

const ALERT: AlertAnnotation = {
  id: 11,
  alertId: 3,
  newState: 'Alerting',
  prevState: 'Normal',
  time: Date.parse('2024-05-14T14:06:00Z'),
  timeEnd: Date.parse('2024-05-14T14:06:00Z'),
  text: 'Checkout errors {job=checkout} - B=12.000000',
};

it('lists alert annotations and shows the explanation beside the one explained', async () => {
  const bodies: unknown[] = [];
  const client = new SidecarClient({
    baseUrl: '/api/plugin-proxy/loglens-loglens-app/sidecar',
    fetch: async (_url, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      return jsonResponse(askResponse({ series: seriesFixture(2) }));
    },
  });
  const loads: Array<[number, number]> = [];
  render(
    <AlertExplanations
      client={client}
      loadAlerts={async (from, to) => {
        loads.push([from, to]);
        return [ALERT];
      }}
      fromMs={1}
      toMs={2}
      explore={{ datasourceUid: 'loki', contextMs: 60_000 }}
    />
  );
  const row = await screen.findByTestId('loglens-alert');
  expect(loads).toEqual([[1, 2]]);
  expect(within(row).getByText('Checkout errors')).toBeInTheDocument();
  await userEvent.click(within(row).getByRole('button', { name: 'Explain' }));
  expect(await within(row).findByTestId('loglens-answer-text')).toHaveTextContent('payment gateway timed out');
  expect(within(row).getAllByTestId('loglens-citation')).toHaveLength(2);
  // The same picture as the panel: the timeline of the cited lines, the cause before the symptom.
  const chart = await within(row).findByTestId('loglens-chart');
  expect(chart).toHaveAttribute('data-drawn-series', '2');
  expect(
    within(row)
      .getAllByTestId('loglens-series-item')
      .map((i) => i.getAttribute('data-role'))
  ).toEqual(['cause', 'symptom']);
  expect(bodies[0]).toMatchObject({
    labels: { alertname: 'Checkout errors', job: 'checkout' },
    startsAt: '2024-05-14T14:06:00.000Z',
  });
});

it('says when there are no alerts, and when listing fails', async () => {
  const client = new SidecarClient({ baseUrl: '/x', fetch: async () => jsonResponse({}) });
  const { unmount } = render(
    <AlertExplanations client={client} loadAlerts={async () => []} fromMs={1} toMs={2} explore={{ contextMs: 1 }} />
  );
  expect(await screen.findByTestId('loglens-no-alerts')).toBeInTheDocument();
  unmount();
  render(
    <AlertExplanations
      client={client}
      loadAlerts={async () => Promise.reject({ status: 403, data: { message: 'annotations:read required' } })}
      fromMs={1}
      toMs={2}
      explore={{ contextMs: 1 }}
    />
  );
  expect(await screen.findByText(/HTTP 403: annotations:read required/)).toBeInTheDocument();
});
