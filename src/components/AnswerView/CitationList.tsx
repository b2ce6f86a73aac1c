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

export function CitationList({ citations, explore }: CitationListProps) {
  const s = useStyles2(getStyles);
  return (
    <ol className={s.list} aria-label="Citations">
      {citations.map((c) => {
        const href = exploreLinkFor(c, explore);
        const labels = Object.entries(c.labels).slice(0, MAX_LABELS_SHOWN);
        return (
          <li key={`${c.n}-${c.chunkId}`} className={s.item} data-testid="loglens-citation">
            <Stack direction="row" gap={1} alignItems="baseline" wrap="wrap">
              <span className={s.marker}>[{c.n}]</span>
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
          </li>
        );
      })}
    </ol>
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
