/**
 * `faultline compare <scenario...>`: runs every variant of a comparison (src/compare/variants.ts) with the
 * same seed and the same replications (common random numbers; with --target-half-width all variants stop at
 * the same batch, see src/compare/run.ts), writes
 *   <out>/comparison.json, <out>/comparison.{md,html} and <out>/variants/<variant>/{results.json,report.md,report.html}
 * atomically (the reports through `writeReports`, from the JSON as written, so `faultline report` on either JSON
 * re-renders the same bytes), and prints a summary (or the comparison JSON with --json).
 * Exit codes: 0; 3 when every variant fails an SLO conclusively (with --strict: when no variant meets all of its
 * SLOs); 2 bad input (scenario, variant or option); 1 internal.
 */
import { basename, extname, join } from 'node:path';
import { simulateComparison } from '../compare/run.js';
import { planComparison, type ComparisonPlan } from '../compare/variants.js';
import { renderComparisonTerminal } from '../report/compare-terminal.js';
import { writeFileAtomic } from '../report/write-atomic.js';
import { sloGateFails } from '../results/slo.js';
import { ScenarioError } from '../scenario/errors.js';
import { CLI_ANALYTIC_BUDGET } from './analytic-budget.js';
import { EXIT_SLO_VIOLATED, reportError } from './errors.js';
import { createProgress } from './progress.js';
import { colourStatuses, colourWanted } from './colour.js';
import { writeReports } from './report-command.js';
import type { RunCommandOptions } from './run-command.js';

/** `faultline compare` options: those `run` shares with it, plus the baseline variant's name. */
export interface CompareCommandOptions
  extends Pick<RunCommandOptions, 'seed' | 'replications' | 'targetHalfWidth' | 'out' | 'json' | 'progress' | 'analytic' | 'debug' | 'strict' | 'quiet'> {
  baseline?: string;
}

/** Default output directory: reports/<first file name without extension>-compare. */
export function defaultCompareOutDir(files: readonly string[]): string {
  return join('reports', `${basename(files[0], extname(files[0]))}-compare`);
}

/** A directory name for a variant: its name with unsafe characters replaced, unique among `taken`. */
function variantDir(name: string, taken: Set<string>): string {
  const stem = name.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_') || 'variant';
  let dir = stem;
  for (let i = 2; taken.has(dir.toLowerCase()); i++) dir = `${stem}-${i}`;
  taken.add(dir.toLowerCase());
  return dir;
}

/** The command that reproduces a comparison. */
export function compareReplay(files: readonly string[], baseline: string, seed: number, replications: number, analytic: boolean, targetHalfWidth?: number): string {
  const parts = ['npx faultline compare', ...files.map((f) => JSON.stringify(f)), `--baseline ${JSON.stringify(baseline)}`, `--seed ${seed}`, `--replications ${replications}`];
  if (targetHalfWidth !== undefined) parts.push(`--target-half-width ${targetHalfWidth}`);
  if (!analytic) parts.push('--no-analytic');
  return parts.join(' ');
}

/** Chooses the baseline variant: --baseline, else the first one. */
function chooseBaseline(plan: ComparisonPlan, files: readonly string[], wanted: string | undefined): string {
  if (wanted === undefined) return plan.variants[0].name;
  if (plan.variants.some((v) => v.name === wanted)) return wanted;
  throw new ScenarioError({
    file: files.length === 1 ? files[0] : '<command line>',
    path: '--baseline',
    problem: `no variant named ${JSON.stringify(wanted)}`,
    expected: `one of ${plan.variants.map((v) => v.name).join(', ')}`,
  });
}

/**
 * Runs the comparison and writes its files.
 * @returns the exit code (see the module docstring).
 */
export async function compareCommand(files: readonly string[], opts: CompareCommandOptions): Promise<number> {
  try {
    const plan = planComparison(files);
    const baseline = chooseBaseline(plan, files, opts.baseline);
    const baseSpec = plan.variants.find((v) => v.name === baseline)!;
    const seed = opts.seed ?? baseSpec.scenario.seed;
    const replications = opts.replications ?? baseSpec.scenario.plan.replications;
    const analytic = opts.analytic !== false;
    const replay = compareReplay(files, baseline, seed, replications, analytic, opts.targetHalfWidth);
    const outDir = opts.out ?? defaultCompareOutDir(files);
    const taken = new Set<string>();
    const dirs = plan.variants.map((v) => `variants/${variantDir(v.name, taken)}`);
    const started = Date.now();
    const progress = createProgress(opts.progress !== false && !opts.quiet);
    const total = plan.variants.length * replications;
    let doc, runs;
    try {
      ({ doc, runs } = simulateComparison(plan, {
        baseline,
        seed,
        replications,
        replay,
        analytic: analytic ? CLI_ANALYTIC_BUDGET : null,
        resultsDir: (i) => dirs[i],
        targetHalfWidth: opts.targetHalfWidth ?? null,
        onProgress: (done) => progress.update(done * plan.variants.length, total),
        onWarning: (m) => process.stderr.write(`warning: ${m}\n`),
      }));
    } finally {
      progress.stop();
    }
    // Reports are rendered from the JSON as written (parsed back), exactly what `faultline report` reads.
    for (const [i, r] of runs.entries()) {
      const dir = join(outDir, dirs[i]);
      const text = JSON.stringify(r.results, null, 2) + '\n';
      writeFileAtomic(join(dir, 'results.json'), text);
      await writeReports({ kind: 'results', doc: JSON.parse(text) }, dir, ['md', 'html']);
    }
    const json = JSON.stringify(doc, null, 2) + '\n';
    writeFileAtomic(join(outDir, 'comparison.json'), json);
    const reports = await writeReports({ kind: 'comparison', doc: JSON.parse(json) }, outDir, ['md', 'html']);
    if (opts.json) process.stdout.write(json);
    else if (!opts.quiet) {
      const wall = (Date.now() - started) / 1000;
      process.stdout.write(colourStatuses(renderComparisonTerminal(doc), colourWanted(process.stdout)) + '\n');
      process.stdout.write(`wrote ${[join(outDir, 'comparison.json'), ...reports].join(', ')} and ${runs.length} variant reports (${wall.toFixed(1)} s)\n`);
    }
    // Exit 3 when every variant fails an SLO conclusively (with --strict: when no variant meets all of its SLOs).
    const anySlo = runs.some((r) => r.results.slo.length > 0);
    return anySlo && runs.every((r) => sloGateFails(r.results.slo, Boolean(opts.strict))) ? EXIT_SLO_VIOLATED : 0;
  } catch (err) {
    return reportError(err, Boolean(opts.debug));
  }
}
