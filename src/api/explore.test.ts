import { buildExploreUrl, citationTimeMs, exploreLinkFor, selectorFromLabels } from './explore';
import { CHECKOUT_CITATIONS } from '../test-utils/responses';

function parseExplore(href: string) {
  const url = new URL(href, 'http://grafana.local');
  const panes = JSON.parse(url.searchParams.get('panes') ?? 'null');
  const pane = Object.values(panes)[0] as {
    datasource: string;
    queries: Array<{ expr: string; refId: string; datasource: { type: string; uid: string } }>;
    range: { from: string; to: string };
  };
  return { url, pane, paneCount: Object.keys(panes).length };
}

describe('selectorFromLabels', () => {
  it('sorts labels and escapes quotes, backslashes and newlines', () => {
    expect(selectorFromLabels({ job: 'checkout', app: 'a"b\\c\nd' })).toBe('{app="a\\"b\\\\c\\nd", job="checkout"}');
  });

  it('drops labels that cannot be stream selectors', () => {
    expect(selectorFromLabels({ job: 'x', 'bad-name': 'y', __tenant__: 't', empty: '' })).toBe('{job="x"}');
  });
});

describe('citationTimeMs', () => {
  it('uses the exact nanosecond string', () => {
    expect(citationTimeMs({ ts: 'garbage', tsNs: '1715695502123456789' })).toBe(1715695502123);
  });

  it('falls back to the RFC3339 timestamp', () => {
    expect(citationTimeMs({ ts: '2024-05-14T14:05:02.5Z', tsNs: '' })).toBe(Date.parse('2024-05-14T14:05:02.5Z'));
  });
});

describe('buildExploreUrl', () => {
  it('builds a schemaVersion=1 panes URL for the cited stream around the line', () => {
    const href = buildExploreUrl(CHECKOUT_CITATIONS[0], {
      datasourceUid: 'loki-uid',
      appSubUrl: '/grafana',
      orgId: 3,
      contextMs: 300_000,
    });
    const { url, pane, paneCount } = parseExplore(href);
    expect(url.pathname).toBe('/grafana/explore');
    expect(url.searchParams.get('schemaVersion')).toBe('1');
    expect(url.searchParams.get('orgId')).toBe('3');
    expect(paneCount).toBe(1);
    expect(pane.datasource).toBe('loki-uid');
    expect(pane.queries[0]).toMatchObject({
      refId: 'A',
      expr: '{env="prod", job="checkout"}',
      datasource: { type: 'loki', uid: 'loki-uid' },
    });
    expect(Number(pane.range.from)).toBe(1715695502123 - 300_000);
    expect(Number(pane.range.to)).toBe(1715695502123 + 300_000);
  });

  it('prefers the panel data source over the sidecar link, and falls back to it', () => {
    const c = { ...CHECKOUT_CITATIONS[0], exploreUrl: '/explore?from-sidecar=1' };
    expect(exploreLinkFor(c, { datasourceUid: 'p', contextMs: 1000 })).toContain('panes=');
    expect(exploreLinkFor(c, { contextMs: 1000 })).toBe('/explore?from-sidecar=1');
    expect(exploreLinkFor(CHECKOUT_CITATIONS[0], { contextMs: 1000 })).toBeUndefined();
  });
});
