import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Button, ControlledCollapse, Stack, Text, useStyles2 } from '@grafana/ui';
import type { Answer, AnswerSeries, AskPlan, AskResult, Citation, RetrievalInfo } from '../../api/types';
import { citationsOf, LazyAnswerPicture } from '../AnswerPicture';
import { AnswerPlan } from '../AnswerPlan/AnswerPlan';
import type { ExploreLinkOptions } from '../../api/explore';
import { CitationList } from './CitationList';
import { describeFallbackReason } from './fallbackReasons';

export interface AnswerViewProps {
  /** Text so far; grows while tokens stream in. */
  text: string;
  /** Set once the final answer event arrived. */
  answer?: Answer;
  /**
   * The extractive answer the sidecar sends at once when an LLM answers after it: shown (marked) while
   * the model streams, and kept under a disclosure when the model's answer is the final one.
   */
  draft?: Answer;
  citations?: Citation[];
  retrieval?: RetrievalInfo;
  streaming: boolean;
  explore: Partial<ExploreLinkOptions> & { contextMs: number };
  /** How the question was answered (planner route, LogQL); shown in a disclosure under the answer. */
  plan?: AskPlan;
  result?: AskResult;
  range?: { fromMs: number; toMs: number };
  /** The answer's timeline (counts per bucket of each cited kind of line); drawn under the answer. */
  series?: AnswerSeries;
  /** The dashboard's time zone, for the timeline. */
  timeZone?: string;
}

export function AnswerView({
  text,
  answer,
  draft,
  citations,
  retrieval,
  streaming,
  explore,
  plan,
  result,
  range,
  series,
  timeZone,
}: AnswerViewProps) {
  const s = useStyles2(getStyles);
  const reason = describeFallbackReason(answer?.fallbackReason);
  // A series picked on the timeline filters the evidence to its citations; a new answer clears it.
  const [pick, setPick] = useState<{ series?: AnswerSeries; id?: string }>({});
  const selected = pick.series === series ? pick.id : undefined;
  const setSelected = (id: string | undefined) => setPick({ series, id });
  const only = citationsOf(series, selected);
  const shown = only && citations ? citations.filter((c) => only.has(c.n)) : citations;
  const selectedName = selected
    ? (series?.items.find((i) => i.id === selected)?.name ?? 'the other series')
    : undefined;
  return (
    <div className={s.wrap} data-testid="loglens-answer">
      {retrieval?.degraded ? (
        <Alert severity="warning" title="Degraded retrieval" data-testid="loglens-degraded">
          Semantic search is unavailable right now; these results come from keyword (BM25) search only and may miss
          lines worded differently from your question.
        </Alert>
      ) : null}
      {retrieval?.searched ? (
        <Alert severity="info" title="Newest data searched" data-testid="loglens-searched">
          The question gave no time, so the newest logs were searched ({retrieval.searched.start} to{' '}
          {retrieval.searched.end}); older logs were not. Set the dashboard time range or name a time to search them.
        </Alert>
      ) : null}
      {answer ? (
        <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
          {retrieval?.mode === 'exact' ? (
            <Badge
              color="green"
              icon="calculator-alt"
              text="Exact answer"
              tooltip="Computed over every stored line in scope"
              data-testid="loglens-mode"
            />
          ) : answer.mode === 'llm' ? (
            <Badge color="blue" icon="ai-sparkle" text="LLM answer" data-testid="loglens-mode" />
          ) : (
            <Badge
              color="orange"
              icon="document-info"
              text="Extractive answer"
              tooltip="Quoted from the log lines without an LLM"
              data-testid="loglens-mode"
            />
          )}
          {answer.mode === 'extractive' && reason && retrieval?.mode !== 'exact' ? (
            <Text variant="bodySmall" color="secondary" data-testid="loglens-fallback-reason">
              because {reason}
            </Text>
          ) : null}
          {retrieval && retrieval.mode !== 'exact' ? (
            <Text variant="bodySmall" color="secondary">
              retrieval: {retrieval.mode === 'hybrid' ? 'hybrid (keyword + semantic)' : 'keyword only'}
            </Text>
          ) : null}
        </Stack>
      ) : null}
      {streaming && draft ? (
        <>
          <Badge
            color="orange"
            icon="document-info"
            text="From the log lines"
            tooltip="The extractive answer, shown while the model reads the evidence"
            data-testid="loglens-draft-mode"
          />
          <div className={s.text} data-testid="loglens-draft-text">
            {draft.text}
          </div>
          <Badge
            color="blue"
            icon="ai-sparkle"
            text={text ? 'LLM answer, writing (citations checked when it ends)' : 'LLM reading the evidence…'}
            data-testid="loglens-llm-pending"
          />
        </>
      ) : null}
      <div className={s.text} aria-live="polite" data-testid="loglens-answer-text">
        {text}
        {streaming ? <span className={s.cursor} aria-hidden="true" /> : null}
      </div>
      {!streaming && answer?.mode === 'llm' && draft && draft.text !== answer.text ? (
        <div data-testid="loglens-draft-final">
          <ControlledCollapse label="Answer from the log lines alone (extractive)" isOpen={false}>
            <div className={s.text}>{draft.text}</div>
          </ControlledCollapse>
        </div>
      ) : null}
      {answer && (series?.items.length || result) ? (
        <LazyAnswerPicture
          series={series}
          result={result}
          plan={plan}
          selected={selected}
          onSelect={setSelected}
          timeZone={timeZone}
          explore={explore}
        />
      ) : null}
      {plan && answer ? <AnswerPlan plan={plan} result={result} range={range} explore={explore} /> : null}
      {answer?.flaggedSentences?.length ? (
        <Alert severity="info" title="Unsupported statements">
          These sentences were not backed by a cited line and should be checked: {answer.flaggedSentences.join(' ')}
        </Alert>
      ) : null}
      {citations && citations.length > 0 ? (
        <section>
          <Text element="h6" weight="medium">
            Evidence
          </Text>
          {only ? (
            <div className={s.filter} data-testid="loglens-citation-filter">
              <Text variant="bodySmall" color="secondary">
                {shown?.length ?? 0} of {citations.length} cited lines, of {selectedName}
              </Text>
              <Button size="sm" variant="secondary" fill="text" icon="times" onClick={() => setSelected(undefined)}>
                Show all
              </Button>
            </div>
          ) : null}
          <CitationList citations={shown ?? citations} explore={explore} />
        </section>
      ) : null}
      {citations && citations.length === 0 && !streaming ? (
        <Text color="secondary" italic data-testid="loglens-no-evidence">
          No log lines in this time range matched the question. Widen the time range or loosen the stream selector.
        </Text>
      ) : null}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  filter: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap' }),
  text: css({
    whiteSpace: 'pre-wrap',
    lineHeight: theme.typography.body.lineHeight,
  }),
  cursor: css({
    display: 'inline-block',
    width: '0.5em',
    height: '1em',
    marginLeft: 2,
    verticalAlign: 'text-bottom',
    background: theme.colors.text.secondary,
    [theme.transitions.handleMotion('no-preference')]: {
      animation: 'loglens-blink 1s steps(2, start) infinite',
    },
    '@keyframes loglens-blink': { to: { visibility: 'hidden' } },
  }),
});
