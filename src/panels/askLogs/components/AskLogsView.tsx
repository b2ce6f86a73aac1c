import React, { useCallback, useEffect, useRef, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Input, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import type { SidecarClient } from '../../../api/sidecarClient';
import { SidecarError } from '../../../api/errors';
import type { Answer, AskRequest, AskResponse, Citation, RetrievalInfo } from '../../../api/types';
import type { ExploreLinkOptions } from '../../../api/explore';
import { AnswerView } from '../../../components/AnswerView/AnswerView';
import type { QuestionHistory } from '../history';

/** The sidecar's limit on question length (its API rejects longer ones with 400). */
export const MAX_QUESTION_CHARS = 2000;

export interface AskContext {
  start: string;
  end: string;
  selector?: string;
  labels?: Record<string, string>;
  limit?: number;
}

export interface AskLogsViewProps {
  client: SidecarClient;
  context: AskContext;
  explore: Partial<ExploreLinkOptions> & { contextMs: number };
  history: QuestionHistory;
  /** Rendered under the answer (the alert list when enabled). */
  footer?: React.ReactNode;
  /** The dashboard's time zone, for the answer's timeline. */
  timeZone?: string;
}

type Phase = 'idle' | 'searching' | 'answering' | 'done' | 'error';

interface State {
  phase: Phase;
  question?: string;
  text: string;
  citations?: Citation[];
  retrieval?: RetrievalInfo;
  response?: AskResponse;
  answer?: Answer;
  /** The extractive answer shown while the LLM writes its own. */
  draft?: Answer;
  error?: SidecarError;
}

const IDLE: State = { phase: 'idle', text: '' };

export function AskLogsView({ client, context, explore, history, footer, timeZone }: AskLogsViewProps) {
  const s = useStyles2(getStyles);
  const [question, setQuestion] = useState('');
  const [recent, setRecent] = useState<string[]>(() => history.load());
  const [state, setState] = useState<State>(IDLE);
  const inflight = useRef<AbortController | null>(null);

  useEffect(() => () => inflight.current?.abort(), []);

  const ask = useCallback(
    async (q: string) => {
      const trimmed = q.trim();
      if (!trimmed || trimmed.length > MAX_QUESTION_CHARS) {
        return;
      }
      inflight.current?.abort();
      const ctrl = new AbortController();
      inflight.current = ctrl;
      setRecent((cur) => history.add(trimmed, cur));
      setState({ phase: 'searching', question: trimmed, text: '' });

      const req: AskRequest = { question: trimmed, start: context.start, end: context.end };
      if (context.selector) {
        req.selector = context.selector;
      }
      if (context.labels && Object.keys(context.labels).length > 0) {
        req.labels = context.labels;
      }
      if (context.limit) {
        req.limit = context.limit;
      }
      try {
        await client.askStream(
          req,
          {
            onEvent: (ev) => {
              if (ctrl.signal.aborted) {
                return;
              }
              setState((cur) => {
                switch (ev.type) {
                  case 'retrieval':
                    return { ...cur, retrieval: ev.retrieval };
                  case 'evidence':
                    return { ...cur, phase: 'answering', citations: ev.citations };
                  case 'extractive':
                    return { ...cur, phase: 'answering', draft: ev.answer };
                  case 'token':
                    return { ...cur, phase: 'answering', text: cur.text + ev.text };
                  case 'answer':
                    return {
                      ...cur,
                      phase: 'done',
                      answer: ev.response.answer,
                      // The final text wins: token streams may be trimmed or post-processed by the sidecar.
                      text: ev.response.answer.text,
                      citations: ev.response.citations,
                      retrieval: ev.response.retrieval,
                      response: ev.response,
                    };
                }
              });
            },
          },
          ctrl.signal
        );
      } catch (err) {
        if (ctrl.signal.aborted) {
          return;
        }
        const error =
          err instanceof SidecarError
            ? err
            : new SidecarError('server', err instanceof Error ? err.message : 'Unknown error');
        setState((cur) => ({ ...cur, phase: 'error', error }));
      }
    },
    [client, context, history]
  );

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      ask(question);
    }
  };

  const tooLong = question.length > MAX_QUESTION_CHARS;
  const busy = state.phase === 'searching' || state.phase === 'answering';

  return (
    <div className={s.wrap}>
      <Stack direction="row" gap={1}>
        <div className={s.grow}>
          <Input
            aria-label="Question about the logs"
            placeholder="Ask about the logs in this time range, e.g. why did checkout start failing?"
            value={question}
            onChange={(e) => setQuestion(e.currentTarget.value)}
            onKeyDown={onKeyDown}
            invalid={tooLong}
            data-testid="loglens-question"
          />
        </div>
        <Button
          icon={busy ? 'fa fa-spinner' : 'search'}
          onClick={() => ask(question)}
          disabled={!question.trim() || tooLong}
          data-testid="loglens-ask"
        >
          Ask
        </Button>
      </Stack>
      {tooLong ? (
        <Text color="error" variant="bodySmall">
          Questions are limited to {MAX_QUESTION_CHARS} characters ({question.length} now).
        </Text>
      ) : null}
      {recent.length > 0 ? (
        <div className={s.recent} aria-label="Recent questions">
          <Text variant="bodySmall" color="secondary">
            Recent:
          </Text>
          {recent.map((q) => (
            <Button
              key={q}
              size="sm"
              variant="secondary"
              fill="text"
              onClick={() => {
                setQuestion(q);
                ask(q);
              }}
              tooltip={q}
            >
              {q.length > 60 ? `${q.slice(0, 57)}…` : q}
            </Button>
          ))}
        </div>
      ) : null}

      <div className={s.body}>
        {state.phase === 'idle' ? (
          <Text color="secondary" data-testid="loglens-idle">
            Ask a question; the answer cites the log lines it is based on, from {context.start} to {context.end}.
          </Text>
        ) : null}
        {state.phase === 'searching' ? (
          <LoadingPlaceholder text="Searching the logs…" data-testid="loglens-loading" />
        ) : null}
        {state.phase === 'error' && state.error ? (
          <Alert severity="error" title={errorTitle(state.error)} data-testid="loglens-error">
            {state.error.message}
          </Alert>
        ) : null}
        {state.phase === 'answering' || state.phase === 'done' || (state.phase === 'error' && state.citations) ? (
          <AnswerView
            text={state.text}
            answer={state.answer}
            draft={state.draft}
            citations={state.citations}
            retrieval={state.retrieval}
            streaming={state.phase === 'answering'}
            explore={explore}
            plan={state.response?.plan}
            result={state.response?.result}
            range={windowMs(state.response, context.start, context.end)}
            series={state.response?.series}
            timeZone={timeZone}
          />
        ) : null}
        {footer}
      </div>
    </div>
  );
}

function errorTitle(e: SidecarError): string {
  switch (e.kind) {
    case 'unreachable':
      return 'LogLens sidecar is down';
    case 'not_configured':
      return 'LogLens is not set up';
    case 'unauthorized':
      return 'LogLens API key rejected';
    case 'forbidden':
      return 'Not allowed';
    case 'invalid':
      return 'The sidecar could not use this question';
    case 'rate_limited':
      return 'Busy';
    default:
      return 'Could not answer';
  }
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    height: '100%',
    minHeight: 0,
  }),
  grow: css({ flexGrow: 1 }),
  recent: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  }),
  body: css({
    flexGrow: 1,
    overflowY: 'auto',
    minHeight: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  }),
});

/** The window the answer covered: the one the sidecar read from the question, else the dashboard's. */
function windowMs(
  r: AskResponse | undefined,
  start?: string,
  end?: string
): { fromMs: number; toMs: number } | undefined {
  const from = Date.parse(r?.query.window?.start ?? start ?? '');
  const to = Date.parse(r?.query.window?.end ?? end ?? '');
  return Number.isFinite(from) && Number.isFinite(to) ? { fromMs: from, toMs: to } : undefined;
}
