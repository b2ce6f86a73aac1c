// Drawing a held-in set's rows (dev-extra3, dev-extra4) from its families: the same freshness
// order, rendering and refusals for every set after dev-extra2, each with its own PRNG streams.
import { writeFileSync } from 'node:fs';
import { Builder, candidateKey, KINDS, render, rng, shuffled, withSplit, type Family, type Generated, type QaRow } from './generate.js';

/** The signature a test question's answer has: a set that shares it asks what that test question asks. */
export const answerKey = (r: Pick<QaRow, 'kind' | 'dataset' | 'answer' | 'expected_lines'>) => `${r.kind}|${r.dataset}|${JSON.stringify(r.answer)}|${r.expected_lines.join(',')}`;

/** Each system's families, named `<family>@<suffix>` so they never collide with another set's. */
export function familiesOf(defs: readonly [string, (b: Builder) => void][], suffix: string): Family[] {
  return defs.flatMap(([name, make]) => {
    const b = new Builder(name);
    make(b);
    return b.families.map((f) => ({ ...f, name: `${f.name}@${suffix}` }));
  });
}

export interface DrawSpec {
  /** PRNG stream prefix ('extra3'): its own, so no other file changes. */
  stream: string;
  /** Row id prefix ('qz'). */
  idPrefix: string;
  families: Family[];
  /** New phrasings of existing families (by family name), drawn after the new families. */
  phrasings?: Record<string, string[]>;
  /** Questions per re-phrased family. */
  rephraseCap?: number;
  /** Questions per re-phrased family, by family (overrides rephraseCap and the family's own cap). */
  capOf?: (fam: Family) => number;
  /**
   * Only candidates no earlier question asks about: not a dev candidate, and no dev, dev-extra or
   * earlier row with the same kind, system, answer and lines (an entity may come back in another family).
   */
  freshOnly?: boolean;
  /**
   * With freshOnly, kinds whose families may re-ask a dev candidate (never a test one) in another of the
   * family's own templates: generate.ts's whole-log families have one candidate each, asked by dev or test.
   */
  reaskDevKinds?: readonly string[];
}

/**
 * A set's rows and JSONL text. `earlier`: rows of the held-in sets before it (their questions are
 * not asked again, their entities come last). Throws rather than write a set that asks a question
 * again or asks what a test question asks.
 */
export function drawExtra(g: Generated, earlier: readonly QaRow[], spec: DrawSpec): { rows: QaRow[]; text: string } {
  const out: QaRow[] = [];
  const seen = new Set([...g.seen, ...earlier.map((r) => r.question.toLowerCase())]);
  const testAnswers = new Set(g.rows.filter((r) => r.split === 'test').map(answerKey));
  const askedText = [...g.rows, ...g.extraRows, ...earlier].map((r) => r.question).join('\n');
  const earlierAnswers = new Set([...g.rows.filter((r) => r.split === 'dev'), ...g.extraRows, ...earlier].map(answerKey));
  const take = (fam: Family, say: string[] | undefined, cap: number, skipKeys: ReadonlySet<string>) => {
    const pool = shuffled(fam.candidates, rng(`${spec.stream}:sample:${fam.name}`)).filter((c) => !g.testKeys.has(candidateKey(c)) && !testAnswers.has(answerKey({ kind: c.kind, dataset: c.dataset, answer: c.computed.answer, expected_lines: c.computed.lines })));
    // entities no earlier question names first (a fresh block, IP, instance), then the others
    const fresh = (c: (typeof pool)[number]) => !skipKeys.has(candidateKey(c)) && !Object.values(c.vars).some((v) => askedText.includes(v));
    const unasked = (c: (typeof pool)[number]) => !skipKeys.has(candidateKey(c)) && !earlierAnswers.has(answerKey({ kind: c.kind, dataset: c.dataset, answer: c.computed.answer, expected_lines: c.computed.lines }));
    const reask = (c: (typeof pool)[number]) => !unasked(c) && (spec.reaskDevKinds ?? []).includes(c.kind);
    const ordered = spec.freshOnly ? [...pool.filter((c) => unasked(c) && fresh(c)), ...pool.filter((c) => unasked(c) && !fresh(c)), ...pool.filter(reask)] : [...pool.filter(fresh), ...pool.filter((c) => !fresh(c))];
    let n = 0;
    for (const c of ordered) {
      if (n >= cap) break;
      const foreign = (v: string) => [...g.texts.entries()].some(([name, t]) => name !== c.dataset && t.includes(v));
      const q = render({ ...c, say: say ?? c.say }, foreign, `${spec.stream}:render`);
      if (seen.has(q.question.toLowerCase())) continue;
      seen.add(q.question.toLowerCase());
      n++;
      const id = `${spec.idPrefix}-${String(out.length + 1).padStart(4, '0')}`;
      out.push(withSplit({ id, kind: c.kind, dataset: c.dataset, ...(c.file ? { file: c.file } : {}), question: q.question, answer: c.computed.answer, expected_lines: c.computed.lines, ...(c.window ? { window: c.window } : {}) }, 'dev'));
    }
  };
  for (const fam of spec.families) take(fam, undefined, fam.cap, new Set());
  if (spec.phrasings) {
    for (const fam of g.families) {
      const say = spec.phrasings[fam.name];
      if (say) take(fam, say, spec.capOf ? spec.capOf(fam) : Math.min(fam.cap, spec.rephraseCap ?? fam.cap), g.devKeys);
    }
  }
  const asked = new Set([...g.rows, ...g.extraRows, ...earlier].map((r) => r.question.toLowerCase()));
  for (const r of out) {
    if (asked.has(r.question.toLowerCase())) throw new Error(`${r.id} repeats an earlier question: ${r.question}`);
    if (testAnswers.has(answerKey(r))) throw new Error(`${r.id} asks what a test question asks`);
  }
  return { rows: out, text: out.map((r) => JSON.stringify(r)).join('\n') + '\n' };
}

/** A stable hash of a row id (FNV-1a), for the holdout split. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * A held-in set's rows split into dev (tune) and holdout (scored once): within each kind, rows
 * ordered by a seeded hash of `<stream>:split:<id>`, every `every`-th to the holdout.
 */
export function splitHoldout(rows: QaRow[], stream: string, every: number): { dev: QaRow[]; holdout: QaRow[]; text: string; holdoutText: string } {
  const held = new Set<string>();
  for (const kind of KINDS) {
    const ofKind = rows.filter((r) => r.kind === kind).sort((a, b) => hash(`${stream}:split:${a.id}`) - hash(`${stream}:split:${b.id}`) || a.id.localeCompare(b.id));
    ofKind.forEach((r, i) => {
      if (i % every === every - 1) held.add(r.id);
    });
  }
  const dev = rows.filter((r) => !held.has(r.id)).map((r) => withSplit(r, 'dev'));
  const holdout = rows.filter((r) => held.has(r.id)).map((r) => withSplit(r, 'dev'));
  const jsonl = (rs: QaRow[]) => rs.map((r) => JSON.stringify(r)).join('\n') + '\n';
  return { dev, holdout, text: jsonl(dev), holdoutText: jsonl(holdout) };
}

/** Writes a round's dev and holdout files and prints what each holds (per kind, per system). */
export function writeSet(name: string, devFile: string, holdoutFile: string, x: { rows: QaRow[]; dev: QaRow[]; holdout: QaRow[]; text: string; holdoutText: string }): void {
  writeFileSync(devFile, x.text);
  writeFileSync(holdoutFile, x.holdoutText);
  const counts = (rs: QaRow[]) => KINDS.map((k) => `${k} ${rs.filter((r) => r.kind === k).length}`).join(', ');
  console.log(`${name}: ${x.dev.length} questions (${counts(x.dev)})`);
  console.log(`${name}-holdout: ${x.holdout.length} questions (${counts(x.holdout)})`);
  const systems = new Map<string, number>();
  for (const r of x.rows) systems.set(r.dataset, (systems.get(r.dataset) ?? 0) + 1);
  console.log([...systems].map(([s, n]) => `${s} ${n}`).join(', '));
}
