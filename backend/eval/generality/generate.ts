// The generality set: deterministic lines with ground truth, generated from formats.ts.
//
//   npx tsx eval/generality/generate.ts [--out DIR] [--lines N] [--seed S]
//
// writes, per format, `<name>.log` (the lines) and `<name>_structured.csv` (LineId, Content,
// EventId, EventTemplate: LogHub's layout, so any LogHub tool can read it) and prints a digest of
// everything it generated (the same for a seed on every machine).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Gen } from './gen-lib.js';
import { FORMATS, type FormatSpec, type Split } from './formats.js';

export { FORMATS };
export type { FormatSpec, Split };

export const DEFAULT_SEED = 20240612;
export const DEFAULT_LINES = 2000;

export interface GeneratedLine {
  content: string;
  eventId: string;
  eventTemplate: string;
}

/** A format's seed: the set's seed mixed with the format's name (formats do not share draws). */
function formatSeed(seed: number, name: string): number {
  let h = seed >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** `lines` lines of one format, in time order, with their truth templates (weights pick the statement). */
export function generateFormat(spec: FormatSpec, lines = DEFAULT_LINES, seed = DEFAULT_SEED): GeneratedLine[] {
  const g = new Gen(formatSeed(seed, spec.name));
  const total = spec.templates.reduce((s, t) => s + t.w, 0);
  const out: GeneratedLine[] = [];
  const ids = new Map<string, string>();
  while (out.length < lines) {
    g.tick(spec.tickMs);
    let x = g.r() * total;
    let t = spec.templates[spec.templates.length - 1];
    for (const c of spec.templates) {
      if ((x -= c.w) < 0) {
        t = c;
        break;
      }
    }
    const made = t.make(g);
    for (const m of Array.isArray(made) ? made : [made]) {
      if (out.length >= lines) break;
      if (m.line.includes('\n')) throw new Error(`${spec.name}: a generated line holds a newline`);
      let id = ids.get(m.template);
      if (!id) ids.set(m.template, (id = `E${ids.size + 1}`));
      out.push({ content: m.line, eventId: id, eventTemplate: m.template });
    }
  }
  return out;
}

export function formatByName(name: string): FormatSpec {
  const f = FORMATS.find((x) => x.name === name);
  if (!f) throw new Error(`unknown generality format ${name}; known: ${FORMATS.map((x) => x.name).join(', ')}`);
  return f;
}

/** sha256 over every format's lines and truth, in order: what determinism is checked against. */
export function digest(lines = DEFAULT_LINES, seed = DEFAULT_SEED): string {
  const h = createHash('sha256');
  for (const f of FORMATS) {
    h.update(`#${f.name}\n`);
    for (const l of generateFormat(f, lines, seed)) h.update(`${l.content}\t${l.eventTemplate}\n`);
  }
  return h.digest('hex');
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeFormat(dir: string, spec: FormatSpec, lines = DEFAULT_LINES, seed = DEFAULT_SEED): void {
  const data = generateFormat(spec, lines, seed);
  writeFileSync(join(dir, `${spec.name}.log`), data.map((l) => l.content).join('\n') + '\n');
  writeFileSync(
    join(dir, `${spec.name}_structured.csv`),
    'LineId,Content,EventId,EventTemplate\n' +
      data
        .map((l, i) => [String(i + 1), csvCell(l.content), l.eventId, csvCell(l.eventTemplate)].join(','))
        .join('\n') +
      '\n'
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, lines: { type: 'string' }, seed: { type: 'string' } },
  });
  const lines = values.lines ? Number(values.lines) : DEFAULT_LINES;
  const seed = values.seed ? Number(values.seed) : DEFAULT_SEED;
  if (values.out) {
    mkdirSync(values.out, { recursive: true });
    for (const f of FORMATS) writeFormat(values.out, f, lines, seed);
    console.log(`wrote ${FORMATS.length} formats x ${lines} lines to ${values.out}`);
  }
  for (const f of FORMATS) {
    const data = generateFormat(f, lines, seed);
    console.log(
      `${f.split.padEnd(9)} ${f.name.padEnd(22)} ${data.length} lines, ${new Set(data.map((l) => l.eventTemplate)).size} templates`
    );
  }
  console.log(`digest ${digest(lines, seed)}`);
}
