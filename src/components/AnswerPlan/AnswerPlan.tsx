import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { ControlledCollapse, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import type { AskPlan, AskResult } from '../../api/types';
import { buildQueryExploreUrl, type ExploreLinkOptions } from '../../api/explore';

export interface AnswerPlanProps {
  plan: AskPlan;
  result?: AskResult;
  /** The window the question covered (dashboard range or the time in the question). */
  range?: { fromMs: number; toMs: number };
  explore: Partial<ExploreLinkOptions>;
}

const ROUTE: Record<AskPlan['route'], string> = {
  exact: 'Computed over the stored lines',
  cause: 'Change evidence (what is new or surging)',
  search: 'Search (keyword + semantic)',
};

/** "How this was answered": the plan in words, the kinds of line used, the LogQL and a way to run it in Explore. */
export function AnswerPlan({ plan, result, range, explore }: AnswerPlanProps) {
  const s = useStyles2(getStyles);
  const expr = plan.logql?.expr;
  // The panel's own Loki datasource when it has one (the user's Grafana), else the sidecar's link.
  const href =
    expr && explore.datasourceUid && range
      ? buildQueryExploreUrl(expr, plan.logql!.kind, range, {
          datasourceUid: explore.datasourceUid,
          appSubUrl: explore.appSubUrl,
          orgId: explore.orgId,
        })
      : plan.logql?.exploreUrl;
  return (
    <ControlledCollapse label="How this was answered" isOpen={false} className={s.collapse}>
      <Stack direction="column" gap={1}>
        <Text variant="bodySmall" data-testid="loglens-plan-route">
          {ROUTE[plan.route]}: {plan.reason}
          {result?.partial ? ' (stopped at the row limit: the result is a lower bound)' : ''}
        </Text>
        {plan.targets.length > 0 ? (
          <ul className={s.list} aria-label="Kinds of line used">
            {plan.targets.map((t) => (
              <li key={`${t.stream}${t.template}`}>
                <code>{t.template}</code> <Text color="secondary">in {t.stream}</Text>
              </li>
            ))}
          </ul>
        ) : null}
        {plan.alternatives.length > 0 ? (
          <Text variant="bodySmall" color="secondary" data-testid="loglens-plan-alternatives">
            Also fitted, not used: {plan.alternatives.map((a) => a.template).join('; ')}
          </Text>
        ) : null}
        {expr ? (
          <>
            <pre className={s.code} data-testid="loglens-plan-logql">
              {expr}
            </pre>
            {href ? (
              <div>
                <LinkButton href={href} size="sm" variant="secondary" icon="compass" data-testid="loglens-plan-explore">
                  Open in Explore
                </LinkButton>
              </div>
            ) : null}
          </>
        ) : null}
      </Stack>
    </ControlledCollapse>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  collapse: css({ marginBottom: 0 }),
  list: css({ margin: 0, paddingLeft: theme.spacing(2), fontSize: theme.typography.bodySmall.fontSize }),
  code: css({
    margin: 0,
    padding: theme.spacing(1),
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
});
