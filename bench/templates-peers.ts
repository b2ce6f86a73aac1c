// Template miners side by side, one scorer: our miner, Drain3 (PyPI `drain3`, its defaults plus IP
// and number masks) and LOGPAI's Drain and Brain (PyPI `logparser3`, the settings of their own
// LogHub benchmark scripts), on LogHub-2k (message content, as LogHub's truth covers) and on the
// generality set (backend/eval/generality/, whole lines). Every tool gets the same lines in memory;
// its per-line clusters are scored by backend/eval/templates-score.ts.
//
// Throughput: lines/s on one core (each tool pinned to one CPU with taskset when there is one),
// mining only (no file reading or CSV writing), over all LogHub lines; tools alternate in every
// round, 3 rounds, the median is reported, and as a ratio to our miner.
//
// The Python tools are installed by this script into their own venv, outside the repository:
// $LOGLENS_PY_BENCH or ~/.cache/loglens/py-bench (pinned versions; reused when already there).
//
// Run: cd backend && npx tsx ../bench/templates-peers.ts [--rounds 3] [--skip-python] [--untouched]
// Needs ../shared/data/loghub-2k. Writes bench/results/templates-peers.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TemplateMiner } from '../backend/src/templates/miner.js';
import { LOGHUB_DATASETS, loadDataset, loghubAvailable } from '../backend/eval/templates-data.js';
import { score, type ScoredLine } from '../backend/eval/templates-score.js';
import { FORMATS, generateFormat } from '../backend/eval/generality/generate.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'skip-python': { type: 'boolean', default: false },
    // the untouched formats are scored only with --untouched: once, after the last miner change
    // (eval/generality/README.md)
    untouched: { type: 'boolean', default: false },
  },
});
const rounds = Math.max(1, Number(args.rounds));

/** Pinned peers: the versions these numbers were measured with. */
const PY_REQUIREMENTS = ['drain3==0.9.11', 'logparser3==1.0.4'];
const PY_TOOLS = ['drain3', 'drain', 'brain'] as const;
type Tool = 'ours' | (typeof PY_TOOLS)[number];
const TOOL_NAMES: Record<Tool, string> = {
  ours: 'LogLens miner',
  drain3: 'Drain3 0.9.11 (defaults + IP, number masks)',
  drain: 'Drain (logparser3 1.0.4, benchmark settings)',
  brain: 'Brain (logparser3 1.0.4, benchmark settings)',
};

if (!loghubAvailable()) {
  console.error('LogHub-2k not found at ../shared/data/loghub-2k (from the repo root); nothing to measure');
  process.exit(2);
}

interface BenchSet {
  name: string;
  kind: 'loghub' | 'tuned' | 'untouched';
  lines: string[];
  truth: string[];
}
const sets: BenchSet[] = [
  ...LOGHUB_DATASETS.map((name) => {
    const d = loadDataset(name);
    return { name, kind: 'loghub' as const, lines: d.map((l) => l.content), truth: d.map((l) => l.eventTemplate) };
  }),
  ...FORMATS.filter((f) => f.split === 'tuned' || args.untouched).map((f) => {
    const d = generateFormat(f);
    return { name: f.name, kind: f.split, lines: d.map((l) => l.content), truth: d.map((l) => l.eventTemplate) };
  }),
];

// ---------------------------------------------------------------------------------------------
// Python side

const PEERS_PY = String.raw`
import ast, json, os, re, sys, time
import logparser
from logparser.Drain import Drain as drain_mod
from logparser.Brain import Brain as brain_mod
from drain3 import TemplateMiner
from drain3.template_miner_config import TemplateMinerConfig
from drain3.masking import MaskingInstruction
import pandas as pd

def settings(module_dir):
    # the benchmark_settings dict of the package's own benchmark script, read without running it
    src = open(os.path.join(module_dir, 'benchmark.py')).read()
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', '') == 'benchmark_settings':
            return ast.literal_eval(node.value)
    return {}

PKG = os.path.dirname(logparser.__file__)
DRAIN_SETTINGS = settings(os.path.join(PKG, 'Drain'))
BRAIN_SETTINGS = settings(os.path.join(PKG, 'Brain'))
# formats without a benchmark setting (the generality set): the tools' defaults, and the same IP
# and number masks Drain3 gets
GENERIC_REX = [r'(\d+\.){3}\d+(:\d+)?', r'(?<=[^A-Za-z0-9])(\-?\+?\d+)(?=[^A-Za-z0-9])|[0-9]+$']

def frame(lines):
    return pd.DataFrame({'LineId': list(range(1, len(lines) + 1)), 'Content': lines})

def run_drain(name, lines, loghub):
    s = DRAIN_SETTINGS.get(name) if loghub else None
    p = drain_mod.LogParser(log_format='<Content>', indir='.', outdir='.', depth=s['depth'] if s else 4,
                            st=s['st'] if s else 0.4, rex=s['regex'] if s else GENERIC_REX, keep_para=False)
    got = {}
    p.load_data = lambda: setattr(p, 'df_log', frame(lines))
    p.outputResult = lambda clusters: got.setdefault('clusters', clusters)
    t0 = time.perf_counter()
    c0 = time.process_time()
    p.parse(name)
    dt = (time.perf_counter() - t0, time.process_time() - c0)
    # LOGPAI's own output names a line's event by its template text (EventId = md5 of it), so
    # clusters that end with one text are one event, as their evaluator scores them
    ids = [0] * len(lines)
    tpl = [''] * len(lines)
    by_text = {}
    for c in got['clusters']:
        text = ' '.join(c.logTemplate)
        eid = by_text.setdefault(text, len(by_text))
        for lid in c.logIDL:
            ids[lid - 1] = eid
            tpl[lid - 1] = text
    return ids, tpl, dt

def run_brain(name, lines, loghub):
    s = BRAIN_SETTINGS.get(name) if loghub else None
    p = brain_mod.LogParser(logname=name, log_format='<Content>', indir='.', outdir='.',
                            threshold=s['theshold'] if s else 2, delimeter=s['delimiter'] if s else [],
                            rex=s['regex'] if s else GENERIC_REX)
    got = {}
    p.load_data = lambda: setattr(p, 'df_log', frame(lines))
    p.generateresult = lambda template_set, sentences: got.setdefault('t', template_set)
    t0 = time.perf_counter()
    c0 = time.process_time()
    p.parse(name)
    dt = (time.perf_counter() - t0, time.process_time() - c0)
    ids = [0] * len(lines)
    tpl = [''] * len(lines)
    for i, (k, members) in enumerate(got['t'].items()):
        for m in members:
            ids[m] = i
            tpl[m] = ' '.join(k)
    return ids, tpl, dt

def run_drain3(name, lines, loghub):
    cfg = TemplateMinerConfig()
    cfg.profiling_enabled = False
    cfg.masking_instructions = [
        MaskingInstruction(r'((?<=[^A-Za-z0-9])|^)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})((?=[^A-Za-z0-9])|$)', 'IP'),
        MaskingInstruction(r'((?<=[^A-Za-z0-9])|^)([\-\+]?\d+)((?=[^A-Za-z0-9])|$)', 'NUM'),
    ]
    m = TemplateMiner(config=cfg)
    t0 = time.perf_counter()
    c0 = time.process_time()
    ids = [m.add_log_message(l)['cluster_id'] for l in lines]
    dt = (time.perf_counter() - t0, time.process_time() - c0)
    tpl_of = {c.cluster_id: c.get_template() for c in m.drain.clusters}
    return ids, [re.sub(r'<(IP|NUM)>', '<*>', tpl_of[i]) for i in ids], dt

RUN = {'drain': run_drain, 'brain': run_brain, 'drain3': run_drain3}

def main():
    job = json.load(open(sys.argv[1]))
    tool = sys.argv[2]
    out = {}
    devnull = open(os.devnull, 'w')
    for s in job['sets']:
        real = sys.stdout
        sys.stdout = devnull  # the parsers print progress
        try:
            ids, tpl, dt = RUN[tool](s['name'], s['lines'], s['kind'] == 'loghub')
        finally:
            sys.stdout = real
        out[s['name']] = {'ids': ids, 'templates': tpl, 'seconds': dt[0], 'cpuSeconds': dt[1]}
    json.dump(out, open(sys.argv[3], 'w'))

main()
`;

function venvDir(): string {
  return process.env.LOGLENS_PY_BENCH ?? join(homedir(), '.cache', 'loglens', 'py-bench');
}

/** Creates (once) the venv with the pinned peers; returns its python. */
function ensureVenv(): string {
  const dir = venvDir();
  const py = join(dir, 'bin', 'python');
  const stamp = join(dir, 'loglens-requirements.txt');
  const want = PY_REQUIREMENTS.join('\n') + '\n';
  if (existsSync(py) && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return py;
  console.log(`installing ${PY_REQUIREMENTS.join(', ')} into ${dir} (once)`);
  mkdirSync(dirname(dir), { recursive: true });
  execFileSync('python3', ['-m', 'venv', dir], { stdio: 'inherit' });
  execFileSync(py, ['-m', 'pip', 'install', '--quiet', ...PY_REQUIREMENTS], { stdio: 'inherit' });
  writeFileSync(stamp, want);
  return py;
}

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

interface ToolResult {
  ids: Record<string, Array<number | string>>;
  templates: Record<string, string[]>;
  /** Mining seconds per set (wall). */
  seconds: Record<string, number>;
  /** Mining seconds per set: the process's CPU time (what other processes on the core do not count in). */
  cpuSeconds: Record<string, number>;
}

function runPython(py: string, work: string, tool: string, only: readonly BenchSet[]): ToolResult {
  const job = join(work, `job-${only.length}.json`);
  if (!existsSync(job))
    writeFileSync(job, JSON.stringify({ sets: only.map((s) => ({ name: s.name, kind: s.kind, lines: s.lines })) }));
  const out = join(work, `out-${tool}.json`);
  const argv = [join(work, 'peers.py'), job, tool, out];
  const r = hasTaskset
    ? spawnSync('taskset', ['-c', '0', py, ...argv], { stdio: 'inherit' })
    : spawnSync(py, argv, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${tool} failed (exit ${r.status})`);
  const res = JSON.parse(readFileSync(out, 'utf8')) as Record<
    string,
    { ids: Array<number | string>; templates: string[]; seconds: number; cpuSeconds: number }
  >;
  return {
    ids: Object.fromEntries(Object.entries(res).map(([k, v]) => [k, v.ids])),
    templates: Object.fromEntries(Object.entries(res).map(([k, v]) => [k, v.templates])),
    seconds: Object.fromEntries(Object.entries(res).map(([k, v]) => [k, v.seconds])),
    cpuSeconds: Object.fromEntries(Object.entries(res).map(([k, v]) => [k, v.cpuSeconds])),
  };
}

/** Our miner, in this process (pinned to one CPU when taskset is there). */
function runOurs(only: readonly BenchSet[]): ToolResult {
  const res: ToolResult = { ids: {}, templates: {}, seconds: {}, cpuSeconds: {} };
  for (const s of only) {
    const m = new TemplateMiner();
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const ids = s.lines.map((l) => m.add(l).templateId);
    const c = process.cpuUsage(c0);
    res.seconds[s.name] = Number(process.hrtime.bigint() - t0) / 1e9;
    res.cpuSeconds[s.name] = (c.user + c.system) / 1e6;
    const live = ids.map((id) => m.resolve(id));
    res.ids[s.name] = live;
    res.templates[s.name] = live.map((id) => m.template(id)!);
  }
  return res;
}

if (hasTaskset) spawnSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });

const tools: Tool[] = args['skip-python'] ? ['ours'] : ['ours', ...PY_TOOLS];
const work = mkdtempSync(join(tmpdir(), 'loglens-peers-'));
let py = '';
if (!args['skip-python']) {
  py = ensureVenv();
  writeFileSync(join(work, 'peers.py'), PEERS_PY);
}

// accuracy: one run of every tool on every set
const results = new Map<Tool, ToolResult>();
for (const t of tools) results.set(t, t === 'ours' ? runOurs(sets) : runPython(py, work, t, sets));

// throughput: LogHub lines, tools alternating, `rounds` rounds (the order rotates each round)
const loghub = sets.filter((s) => s.kind === 'loghub');
const loghubLines = loghub.reduce((n, s) => n + s.lines.length, 0);
const timings = new Map<Tool, number[]>(tools.map((t) => [t, []]));
const cpuTimings = new Map<Tool, number[]>(tools.map((t) => [t, []]));
runOurs(loghub); // warm-up (JIT)
for (let r = 0; r < rounds; r++) {
  const order = tools.map((_, i) => tools[(i + r) % tools.length]);
  for (const t of order) {
    const res = t === 'ours' ? runOurs(loghub) : runPython(py, work, t, loghub);
    timings.get(t)!.push(Object.values(res.seconds).reduce((a, b) => a + b, 0));
    cpuTimings.get(t)!.push(Object.values(res.cpuSeconds).reduce((a, b) => a + b, 0));
  }
}
rmSync(work, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (t: Tool) => Math.round(loghubLines / median(timings.get(t)!));
const cpuRate = (t: Tool) => Math.round(loghubLines / median(cpuTimings.get(t)!));

function scoreOf(t: Tool, s: BenchSet): { ga: number; pa: number } {
  const r = results.get(t)!;
  const ids = r.ids[s.name];
  const lines: ScoredLine[] = s.lines.map((_, i) => ({
    truth: s.truth[i],
    truthTemplate: s.truth[i],
    predicted: typeof ids[i] === 'number' ? (ids[i] as number) : Number.parseInt(String(ids[i]), 36),
    predictedTemplate: r.templates[s.name][i],
  }));
  const sc = score(lines);
  return { ga: sc.groupingAccuracy, pa: sc.parsingAccuracy };
}

const f3 = (x: number) => x.toFixed(3);
const table: Array<{ set: string; kind: string; scores: Record<string, { ga: number; pa: number }> }> = [];
for (const kind of ['loghub', 'tuned', 'untouched'] as const) {
  const part = sets.filter((s) => s.kind === kind);
  console.log(
    `\n## GA, ${kind === 'loghub' ? 'LogHub-2k (message content)' : `generality set, ${kind} formats (whole lines)`}\n`
  );
  if (kind === 'untouched' && !args.untouched) {
    console.log('(not scored: pass --untouched, once, after the last miner change)');
    continue;
  }
  console.log(`| ${kind === 'loghub' ? 'Dataset' : 'Format'} | ${tools.map((t) => TOOL_NAMES[t]).join(' | ')} |`);
  console.log(`|---|${tools.map(() => '---').join('|')}|`);
  const sums = new Map<Tool, number>(tools.map((t) => [t, 0]));
  for (const s of part) {
    const scores = Object.fromEntries(tools.map((t) => [t, scoreOf(t, s)]));
    table.push({ set: s.name, kind, scores });
    for (const t of tools) sums.set(t, sums.get(t)! + scores[t].ga);
    console.log(`| ${s.name} | ${tools.map((t) => f3(scores[t].ga)).join(' | ')} |`);
  }
  console.log(`| **Average** | ${tools.map((t) => `**${f3(sums.get(t)! / part.length)}**`).join(' | ')} |`);
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, node ${process.version}, load ${loadavg()[0].toFixed(2)}`;
console.log(
  `\n## Throughput: ${loghubLines} LogHub lines, mining only, one core${hasTaskset ? ' (taskset -c 0)' : ''}, median of ${rounds} alternating rounds (${machine})\n`
);
console.log('| Tool | lines/s (wall) | ours / tool | lines/s (own CPU time) | ours / tool |');
console.log('|---|---|---|---|---|');
for (const t of tools) {
  const ratio = (a: number, b: number) => (t === 'ours' ? '1' : (a / b).toFixed(1));
  console.log(
    `| ${TOOL_NAMES[t]} | ${rate(t)} | ${ratio(rate('ours'), rate(t))} | ${cpuRate(t)} | ${ratio(cpuRate('ours'), cpuRate(t))} |`
  );
}
console.log(
  '\nWall time counts what other processes took from the core; CPU time does not (on a quiet machine they agree).'
);

const out = join(
  dirname(fileURLToPath(import.meta.url)),
  'results',
  args.untouched ? 'templates-peers.json' : 'templates-peers-tuned.json'
);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model,
        cores: cpus().length,
        node: process.version,
        load1: loadavg()[0],
        taskset: hasTaskset,
      },
      tools: Object.fromEntries(tools.map((t) => [t, TOOL_NAMES[t]])),
      requirements: PY_REQUIREMENTS,
      groupingAccuracy: table,
      throughput: {
        lines: loghubLines,
        rounds,
        linesPerSecond: Object.fromEntries(tools.map((t) => [t, rate(t)])),
        linesPerCpuSecond: Object.fromEntries(tools.map((t) => [t, cpuRate(t)])),
        seconds: Object.fromEntries([...timings].map(([t, xs]) => [t, xs])),
        cpuSeconds: Object.fromEntries([...cpuTimings].map(([t, xs]) => [t, xs])),
      },
    },
    null,
    2
  ) + '\n'
);
console.log(`\nwrote ${out}`);
