import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import type { Citation } from '../../api/types';
import { exploreLinkFor, type ExploreLinkOptions } from '../../api/explore';

export interface CitationListProps {
  citations: Citation[];
  explore: Partial<ExploreLinkOptions> & { contextMs: number };
}

/** Labels worth showing next to a line; the full set is in the Explore link. */
const MAX_LABELS_SHOWN = 4;

/** One evidence block: its number and the lines quoted from it, in the API's order. */
export interface CitationBlock {
  n: number;
  lines: Citation[];
}

/** Groups citations by block number, blocks in order of first appearance (the API sends them adjacent). */
export function groupCitations(citations: Citation[]): CitationBlock[] {
  const byN = new Map<number, CitationBlock>();
  for (const c of citations) {
    const block = byN.get(c.n);
    if (block) {
      block.lines.push(c);
    } else {
      byN.set(c.n, { n: c.n, lines: [c] });
    }
  }
  return [...byN.values()];
}

export function CitationList({ citations, explore }: CitationListProps) {
  const s = useStyles2(getStyles);
  return (
    <ol className={s.list} aria-label="Citations">
      {groupCitations(citations).map((block) => (
        <li key={block.n} className={s.item} data-testid="loglens-citation-block">
          <span className={s.marker} data-testid="loglens-citation-marker">
            [{block.n}]
          </span>
          <ul className={s.lines} aria-label={`Lines of evidence block ${block.n}`}>
            {block.lines.map((c, i) => (
              <CitedLine key={`${c.chunkId}-${c.tsNs}-${i}`} c={c} explore={explore} />
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function CitedLine({ c, explore }: { c: Citation; explore: CitationListProps['explore'] }) {
  const s = useStyles2(getStyles);
  const href = exploreLinkFor(c, explore);
  const labels = Object.entries(c.labels).slice(0, MAX_LABELS_SHOWN);
  return (
    <li data-testid="loglens-citation">
      <Stack direction="row" gap={1} alignItems="baseline" wrap="wrap">
        <Text variant="bodySmall" color="secondary">
          <time dateTime={c.ts}>{formatTs(c.ts)}</time>
        </Text>
        {labels.map(([k, v]) => (
          <span key={k} className={s.label}>
            {k}={v}
          </span>
        ))}
        {c.count && c.count > 1 ? (
          <Text variant="bodySmall" color="secondary">
            ×{c.count}
          </Text>
        ) : null}
        {href ? (
          // A plain anchor: Grafana routes internal links itself, and panels may render outside a Router.
          <LinkButton href={href} size="sm" fill="text" icon="compass" data-testid="loglens-explore-link">
            Open in Explore
          </LinkButton>
        ) : (
          <Text variant="bodySmall" color="secondary">
            <Icon name="info-circle" size="sm" /> set a Loki data source in the panel options to link to Explore
          </Text>
        )}
      </Stack>
      <pre className={s.line}>{c.line}</pre>
      {c.truncated ? (
        <Text variant="bodySmall" color="secondary" italic data-testid="loglens-line-cut">
          line cut here{c.lineBytes ? ` (${Math.ceil(c.lineBytes / 1024)} KiB in all)` : ''}; the whole line is in
          Explore
        </Text>
      ) : null}
    </li>
  );
}

function formatTs(ts: string): string {
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) {
    return ts;
  }
  // ISO-like and seconds-precise: log readers compare times across lines.
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  item: css({
    borderLeft: `2px solid ${theme.colors.border.medium}`,
    paddingLeft: theme.spacing(1),
  }),
  lines: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  }),
  marker: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    color: theme.colors.text.link,
  }),
  label: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0, 0.5),
  }),
  line: css({
    margin: theme.spacing(0.5, 0, 0, 0),
    padding: theme.spacing(0.5, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.weak}`,
  }),
});
