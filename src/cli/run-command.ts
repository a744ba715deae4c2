import { basename, extname, join } from 'node:path';
import { analyze } from '../analytic/expectations.js';
import { CLI_ANALYTIC_BUDGET } from './analytic-budget.js';
import type { AnalyticResult } from '../analytic/types.js';
import { renderTerminal } from '../report/terminal.js';
import { writeFileAtomic } from '../report/write-atomic.js';
import { buildResults } from '../results/build.js';
import { sloGateFails } from '../results/slo.js';
import { runScenarioParallel } from '../run/parallel-runner.js';
import type { RunOutput } from '../run/runner.js';
import { loadScenario } from '../scenario-document/load.js';
import { EXIT_SLO_VIOLATED, reportError } from './errors.js';
import { createProgress } from './progress.js';
import { colourStatuses, colourWanted } from './colour.js';
import { variantsNote } from '../compare/variants.js';
import { writeReports } from './report-command.js';
import type { ChartFormat } from '../report/write-charts.js';

export interface RunCommandOptions {
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
    const note = variantsNote(file);
    if (note) process.stderr.write(note + '\n');
    const progress = createProgress(opts.progress !== false && !opts.quiet);
    const started = Date.now();
    let run;
    try {
      run = await runScenarioParallel(scenario, {
        seed: opts.seed,
        replications: opts.replications,
        targetHalfWidth: opts.targetHalfWidth,
        onProgress: progress.update,
        workers: opts.workers,
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
    let analytic: AnalyticResult | null = null;
    if (opts.analytic !== false) {
      try {
        analytic = analyze(run.scenario, CLI_ANALYTIC_BUDGET);
      } catch (err) {
        process.stderr.write(`warning: no analytic expectation: ${(err as Error).message}\n`);
      }
    }
    const doc = buildResults(run, analytic);
    const outDir = opts.out ?? defaultOutDir(file);
    const json = JSON.stringify(doc, null, 2) + '\n';
    writeFileAtomic(join(outDir, 'results.json'), json);
    const written = await writeReports({ kind: 'results', doc }, outDir, ['md', 'html', ...(opts.charts ?? [])]);
    if (opts.json) process.stdout.write(json);
    else if (!opts.quiet) {
      process.stdout.write(colourStatuses(renderTerminal(doc), colourWanted(process.stdout)) + '\n');
      const images = written.filter((f) => /\.(svg|png)$/.test(f)).length;
      const reports = written.filter((f) => !/\.(svg|png)$/.test(f));
      process.stdout.write(`wrote ${[join(outDir, 'results.json'), ...reports].join(', ')}${images ? ` and ${images} chart images in ${join(outDir, 'charts')}` : ''} (${wall.toFixed(1)} s, ${Math.round(doc.run.events / Math.max(wall, 1e-3)).toLocaleString('en-US')} events/s)\n`);
    }
    return sloGateFails(doc.slo, Boolean(opts.strict)) ? EXIT_SLO_VIOLATED : 0;
  }
}
