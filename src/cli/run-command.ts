import { basename, extname, join } from 'node:path';
import { analyze } from '../analytic/expectations.js';
import { analyticBudget } from './analytic-budget.js';
import type { AnalyticResult } from '../analytic/types.js';
import { renderTerminal } from '../report/terminal.js';
import { writeFileAtomic, writeReportSet } from '../report/write-atomic.js';
import { buildResults } from '../results/build.js';
import { available, type Unavailable } from '../results/document.js';
import { sloGateFails } from '../results/slo.js';
import { runScenarioParallel } from '../run/parallel-runner.js';
import { machineParallelism } from '../run/pool.js';
import type { RunOutput } from '../run/runner.js';
import { loadScenario } from '../scenario-document/load.js';
import { EXIT_SLO_VIOLATED, reportError } from './errors.js';
import { createProgress } from './progress.js';
import { variantsNote } from '../compare/variants.js';
import { writeReports } from './report-command.js';
import type { ChartFormat } from '../report/write-charts.js';
import { guardRun, type GuardOptions } from './guard-options.js';
import { say, sayStatuses, warn } from './terminal-text.js';

export interface RunCommandOptions extends GuardOptions {
  seed?: number;
  replications?: number;
  targetHalfWidth?: number;
  out?: string;
  json?: boolean;
  progress?: boolean;
  analytic?: boolean;
  debug?: boolean;
  /** Worker threads (`--workers`): a count or 'auto' (default). */
  workers?: number | 'auto';
  /** `--shard i/n`: run only shard i of n and write a shard file (src/cli/shard-command.ts). */
  shard?: { index: number; count: number };
  /** Also render the charts as images (charts/*.svg, *.png) and link them from report.md. */
  charts?: ChartFormat[];
  /** `--strict`: exit 3 for any failing SLO point estimate, not only for a conclusive failure. */
  strict?: boolean;
  /** `--quiet`: print nothing but errors and warnings (no table, no progress); --json output still prints. */
  quiet?: boolean;
  /** `--max-states`: state cap of the analytic CTMC (default: CLI_ANALYTIC_BUDGET). */
  maxStates?: number;
}

/**
 * `--workers n` capped at the threads this machine offers (more threads than cores only add start-up cost and
 * memory: 400 workers on 2 cores took 4 GB), with a note on stderr.
 */
export function capWorkers(workers: number | 'auto' | undefined): number | 'auto' | undefined {
  const max = machineParallelism();
  if (typeof workers !== 'number' || workers <= max) return workers;
  warn(`note: --workers ${workers} capped at ${max}, the threads available on this machine\n`);
  return max;
}

/** Default output directory for a scenario file: reports/<file name without extension>. */
export function defaultOutDir(file: string): string {
  return join('reports', basename(file, extname(file)));
}

/**
 * `faultline run` (without --shard: src/cli/main.ts sends those to `runShardCommand`): load, simulate, compare with the analytic model, write results.json, report.md and
 * report.html (atomically; chart images too with `charts`) and print the summary (or the JSON with --json).
 * @returns the exit code: 0, 2 for bad input, 3 when an SLO fails conclusively (any failure with `strict`; see
 *   `sloGateFails`), 1 for internal errors.
 */
export async function runCommand(file: string, opts: RunCommandOptions): Promise<number> {
  try {
    const scenario = loadScenario(file);
    guardRun(scenario, opts, opts.replications ?? scenario.plan.replications);
    const note = variantsNote(file);
    if (note) warn(note + '\n');
    const progress = createProgress(opts.progress !== false && !opts.quiet);
    const started = Date.now();
    const total = opts.replications ?? scenario.plan.replications;
    let run;
    try {
      run = await runScenarioParallel(scenario, {
        seed: opts.seed,
        replications: opts.replications,
        targetHalfWidth: opts.targetHalfWidth,
        onProgress: progress.update,
        onComputed: (n) => progress.computed(n, total),
        workers: capWorkers(opts.workers),
      });
    } finally {
      progress.stop();
    }
    const wall = (Date.now() - started) / 1000;
    return await writeRunResults(file, run, opts, wall);
  } catch (err) {
    return reportError(err, Boolean(opts.debug));
  }
}

/**
 * Compares a finished run with the analytic model, writes results.json, report.md and report.html (atomically) and
 * prints the summary (or the JSON). Shared by `run` and `merge`, so both write the same bytes.
 * @returns 0, or 3 when an SLO fails conclusively (any failure with `strict`).
 */
export async function writeRunResults(file: string, run: RunOutput, opts: RunCommandOptions, wall: number): Promise<number> {
  {
    const unavailable: Unavailable[] = [];
    const analytic: AnalyticResult | null = opts.analytic === false ? null : available('analytic expectations', unavailable, () => analyze(run.scenario, analyticBudget(opts.maxStates)));
    const doc = buildResults(run, analytic, unavailable);
    const outDir = opts.out ?? defaultOutDir(file);
    const json = JSON.stringify(doc, null, 2) + '\n';
    const written = await writeReportSet(outDir, async () => {
      writeFileAtomic(join(outDir, 'results.json'), json);
      return writeReports({ kind: 'results', doc }, outDir, ['md', 'html', ...(opts.charts ?? [])]);
    });
    if (opts.json) process.stdout.write(json);
    else if (!opts.quiet) {
      sayStatuses(renderTerminal(doc) + '\n');
      const images = written.filter((f) => /\.(svg|png)$/.test(f)).length;
      const reports = written.filter((f) => !/\.(svg|png)$/.test(f));
      say(`wrote ${[join(outDir, 'results.json'), ...reports].join(', ')}${images ? ` and ${images} chart images in ${join(outDir, 'charts')}` : ''} (${wall.toFixed(1)} s, ${Math.round(doc.run.events / Math.max(wall, 1e-3)).toLocaleString('en-US')} events/s)\n`);
    }
    return sloGateFails(doc.slo, Boolean(opts.strict)) ? EXIT_SLO_VIOLATED : 0;
  }
}
