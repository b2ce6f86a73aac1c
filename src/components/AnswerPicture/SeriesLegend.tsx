import React from 'react';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Badge, LinkButton, SeriesIcon, Text, useStyles2, type BadgeColor } from '@grafana/ui';
import { ROLE_LABEL, type DrawnSeries } from './seriesModel';

export interface SeriesLegendProps {
  drawn: DrawnSeries[];
  selected?: string;
  onSelect: (id: string | undefined) => void;
  /** Explore link of a series (undefined: none, e.g. for "others"). */
  exploreHref: (d: DrawnSeries) => string | undefined;
  timeZone: string;
  /** One line per series, names cut (small panels). */
  compact: boolean;
}

const ROLE_COLOR: Record<DrawnSeries['role'], BadgeColor> = {
  cause: 'red',
  symptom: 'orange',
  change: 'purple',
  match: 'blue',
  others: 'darkgrey',
};

/**
 * The chart's legend: each series with its role, when it started and how many lines, a toggle that
 * filters the evidence to its citations (aria-pressed), and "Open in Explore" with its metric query.
 */
export function SeriesLegend({ drawn, selected, onSelect, exploreHref, timeZone, compact }: SeriesLegendProps) {
  const s = useStyles2(getStyles);
  return (
    <ul className={s.list} aria-label="Series" data-testid="loglens-series-legend">
      {drawn.map((d) => {
        const href = exploreHref(d);
        const pressed = selected === d.id;
        return (
          <li
            key={d.id}
            className={cx(s.row, selected && !pressed && s.faded)}
            data-testid="loglens-series-item"
            data-series-id={d.id}
            data-role={d.role}
            data-onset={d.onsetMs ?? ''}
          >
            <SeriesIcon color={d.color} />
            <button
              type="button"
              className={cx(s.name, compact && s.nameCompact, pressed && s.pressed)}
              aria-pressed={pressed}
              title={pressed ? 'Show every citation' : `Show only the citations of ${d.name}`}
              onClick={() => onSelect(pressed ? undefined : d.id)}
              data-testid="loglens-series-toggle"
            >
              {d.name}
            </button>
            <Badge color={ROLE_COLOR[d.role]} text={ROLE_LABEL[d.role]} />
            {d.onsetMs !== undefined ? (
              <Text variant="bodySmall" color="secondary">
                from{' '}
                <time dateTime={new Date(d.onsetMs).toISOString()}>
                  {dateTimeFormat(d.onsetMs, { timeZone, format: 'HH:mm:ss' })}
                </time>
              </Text>
            ) : null}
            <Text variant="bodySmall" color="secondary">
              {d.total} {d.total === 1 ? 'line' : 'lines'}
            </Text>
            {d.items.length === 1 && d.items[0].approximate ? (
              <Text variant="bodySmall" color="secondary" italic>
                (query counts every line of the stream: this kind has no constant text to filter on)
              </Text>
            ) : null}
            {href ? (
              <LinkButton
                href={href}
                size="sm"
                fill="text"
                icon="compass"
                data-testid="loglens-series-explore"
                aria-label={`Open ${d.name} in Explore`}
                tooltip={d.items[0]?.logql}
              >
                {compact ? 'Explore' : 'Open in Explore'}
              </LinkButton>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.25),
  }),
  row: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: theme.spacing(1),
    minWidth: 0,
  }),
  faded: css({ opacity: 0.6 }),
  name: css({
    all: 'unset',
    cursor: 'pointer',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.primary,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    maxWidth: '60ch',
    borderRadius: theme.shape.radius.default,
    '&:hover': { color: theme.colors.text.link, textDecoration: 'underline' },
    '&:focus-visible': {
      outline: `2px solid ${theme.colors.primary.main}`,
      outlineOffset: 1,
    },
  }),
  nameCompact: css({ maxWidth: '28ch' }),
  pressed: css({ fontWeight: theme.typography.fontWeightMedium, color: theme.colors.text.link }),
});
