import { alertAnnotationsUrl, explainRequestFor, parseAlertText } from './alerts';

describe('parseAlertText', () => {
  it('reads title and labels from unified-alerting history text', () => {
    expect(
      parseAlertText('Checkout errors {__alert_rule_uid__=abc, job=checkout, severity=page} - B=93.000000, C=1.000000')
    ).toEqual({
      title: 'Checkout errors',
      labels: { job: 'checkout', severity: 'page' },
    });
  });

  it('copes with text without labels', () => {
    expect(parseAlertText('Disk full - Error')).toEqual({ title: 'Disk full', labels: {} });
  });
});

describe('explainRequestFor', () => {
  it('builds the explain-alert body with alertname, times and tag labels', () => {
    const req = explainRequestFor({
      id: 1,
      alertId: 7,
      newState: 'Alerting',
      time: Date.parse('2024-05-14T14:05:00Z'),
      timeEnd: Date.parse('2024-05-14T14:05:00Z'),
      text: 'Checkout errors {job=checkout} - B=93.000000',
      tags: ['env:prod', 'not a label'],
    });
    expect(req).toEqual({
      labels: { alertname: 'Checkout errors', job: 'checkout', env: 'prod' },
      annotations: { summary: 'Checkout errors {job=checkout} - B=93.000000', state: 'Alerting' },
      startsAt: '2024-05-14T14:05:00.000Z',
    });
  });

  it('sends endsAt only for a real interval', () => {
    const req = explainRequestFor({ id: 2, time: 1000, timeEnd: 61_000, text: 'X' });
    expect(req.endsAt).toBe(new Date(61_000).toISOString());
  });
});

it('alertAnnotationsUrl asks for alert annotations in epoch ms', () => {
  const url = new URL(alertAnnotationsUrl(1, 2, 50), 'http://g');
  expect(url.pathname).toBe('/api/annotations');
  expect(Object.fromEntries(url.searchParams)).toEqual({ type: 'alert', from: '1', to: '2', limit: '50' });
});
