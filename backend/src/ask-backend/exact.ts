// Exact answers on a LogBackend (issue #20): the question planned by plan/planner.ts over the
// tenant's planning copy (plan-copy.ts), executed on the backend (execute.ts), and composed by the
// answer stage's own exactAnswer / askPlan / askResult and plan/logql.ts planLogql, as
// answer/ask.ts composes them on the embedded path. The answer's series is empty on this path.
import { askPlan, askResult, exactAnswer } from '../answer/exact.js';
import type { AskResponse } from '../answer/ask.js';
import { exploreQueryUrl, type ExploreTarget } from '../answer/explore.js';
import { citationsFor } from '../answer/extractive.js';
import type { Evidence } from '../answer/types.js';
import type { LogBackend, Scope } from '../backend/types.js';
import { rfc3339Nano } from '../lib/time.js';
import { planLogql } from '../plan/logql.js';
import { Planner } from '../plan/planner.js';
import type { Plan } from '../plan/types.js';
import type { ParsedQuestion } from '../retrieve/query.js';
import { matchesLabels, selectorFor } from '../retrieve/selector.js';
import type { LabelMatcher, TimeWindow } from '../types.js';
import { storyPhrasing } from '../whatchanged/index.js';
import { executeOnBackend } from './execute.js';
import type { PlanningCopy } from './plan-copy.js';

export interface ExactInput {
  tenant: string;
  question: string;
  parsed: ParsedQuestion;
  window?: TimeWindow;
  /** The request's selector (the streams in scope). */
  selector: readonly LabelMatcher[];
  explore: ExploreTarget;
}

/** What the planner made of the question, when it is not answered exactly here. */
export type ExactOutcome = { answered: AskResponse } | { route: 'search' } | { route: 'cause'; reason: string };

const planners = new WeakMap<PlanningCopy, Planner>();

export async function answerExactly(backend: LogBackend, copy: PlanningCopy, input: ExactInput): Promise<ExactOutcome> {
  const t0 = performance.now();
  const inScope = copy.streams().filter((s) => matchesLabels(s.labels, input.selector));
  // The streams a question is about: the scoped ones narrowed to the label values it names, when any
  // stream has them (answer/ask.ts scope.about); the same narrowing as the selector the backend reads.
  const hints = Object.entries(input.parsed.selectorHints);
  const named = inScope.filter((s) => hints.every(([k, v]) => (Object.hasOwn(s.labels, k) ? s.labels[k]! : '').toLowerCase() === v.toLowerCase()));
  const about = hints.length > 0 && named.length > 0 ? named : inScope;
  let planner = planners.get(copy);
  if (!planner) planners.set(copy, (planner = new Planner(copy.store.db)));
  let plan: Plan = await planner.plan({
    tenant: input.tenant,
    question: input.question,
    streamIds: about.map((s) => s.id),
    window: input.window,
    asksForCause: input.parsed.asksForCause,
    usedWords: Object.values(input.parsed.selectorHints),
  });
  const planMs = performance.now() - t0;
  // "which component failed first?" is the story's, not a first-occurrence look-up (answer/ask.ts).
  if (plan.route === 'exact' && storyPhrasing(input.question) === 'first') plan = { ...plan, route: 'cause', reason: 'which failed first: answered from change evidence and onsets' };
  if (plan.route === 'cause') return { route: 'cause', reason: plan.reason };
  if (plan.route !== 'exact') return { route: 'search' };

  // The backend reads the streams of `about` by their labels: equalities on each named label as the streams spell it.
  const matchers: LabelMatcher[] = [...input.selector];
  if (about !== inScope) {
    for (const [name] of hints) {
      const spellings = new Set(about.map((s) => s.labels[name]).filter((v): v is string => v !== undefined));
      if (spellings.size === 1) matchers.push({ name, op: '=', value: [...spellings][0]! });
    }
  }
  const scope: Omit<Scope, 'window'> = { tenant: input.tenant, ...(matchers.length > 0 ? { selector: matchers } : {}) };
  const tExec = performance.now();
  const { result, lines } = await executeOnBackend(backend, plan, scope);
  // Zero is an answer to "how many", not to "which": the question goes to search (answer/ask.ts).
  if (result.matched === 0 && plan.intent !== 'count') return { route: 'search' };
  const executeMs = performance.now() - tExec;
  const evidence: Evidence[] = result.entryIds.map((id, i) => {
    const e = lines[id - 1]!;
    return { n: i + 1, chunkId: 0, tenant: input.tenant, labels: e.labels, startNs: e.tsNs, endNs: e.tsNs, reason: 'match', lines: [{ entryId: id, tsNs: e.tsNs, line: e.line }] };
  });
  const labelsOf = (id: number) => copy.labels(id);
  const streamSelector = (id: number) => selectorFor(copy.labels(id) ?? {});
  const citations = citationsFor(evidence, input.explore);
  const query = planLogql(plan, result, labelsOf);
  const logql = { ...query, exploreUrl: exploreQueryUrl(input.explore, query.expr, query.window, query.kind) };
  const answer = exactAnswer(plan, result, evidence, (id) => copy.labels(id)?.job ?? streamSelector(id));
  return {
    answered: {
      answer,
      citations,
      result: askResult(result),
      plan: askPlan(plan, streamSelector, logql),
      series: { window: null, stepMs: 0, items: [] },
      query: {
        window: input.window ? { start: rfc3339Nano(input.window.startNs), end: rfc3339Nano(input.window.endNs) } : null,
        selectorHints: input.parsed.selectorHints,
        ...(input.parsed.timeHint ? { timeHint: input.parsed.timeHint } : {}),
        terms: input.parsed.terms,
      },
      retrieval: { mode: 'exact', degraded: false, candidates: 0 },
      timings: { planMs, executeMs, totalMs: performance.now() - t0 },
    },
  };
}
