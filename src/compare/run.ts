/**
 * Simulates every variant of a comparison plan with common random numbers: the same seed and the same
 * replications 0..n-1 for every variant, no precision early stop (replication r pairs with replication r),
 * then builds the comparison document. No file is written here (see src/cli/compare-command.ts).
 */
import { analyze } from '../analytic/expectations.js';
import type { AnalyzeOptions } from '../analytic/expectations.js';
import type { AnalyticResult } from '../analytic/types.js';
import { buildResults } from '../results/document.js';
import { runScenario } from '../run/runner.js';
import { buildComparison, type ComparisonDocument, type VariantRun } from './document.js';
import type { ComparisonPlan } from './variants.js';

export interface SimulateOptions {
  /** Name of the baseline variant (must be in the plan). */
  baseline: string;
  seed: number;
  replications: number;
  /** Command reproducing the comparison (stored in the document and in each variant's results). */
  replay: string;
  /** Analytic budget, or null to skip the analytic expectations. */
  analytic: AnalyzeOptions | null;
  /** Directory name (relative to the comparison) of each variant's results, by index. */
  resultsDir: (index: number, name: string) => string;
  onProgress?: (variant: string, done: number, total: number) => void;
  onWarning?: (message: string) => void;
}

/** Runs every variant and builds the comparison document (with each variant's results). */
export function simulateComparison(plan: ComparisonPlan, opts: SimulateOptions): { doc: ComparisonDocument; runs: VariantRun[] } {
  const runs: VariantRun[] = plan.variants.map((spec, i) => {
    const run = runScenario(spec.scenario, {
      seed: opts.seed,
      replications: opts.replications,
      targetHalfWidth: null,
      onProgress: opts.onProgress ? (d, t) => opts.onProgress?.(spec.name, d, t) : undefined,
    });
    let an: AnalyticResult | null = null;
    if (opts.analytic) {
      try {
        an = analyze(run.scenario, opts.analytic);
      } catch (err) {
        opts.onWarning?.(`variant ${spec.name}: no analytic expectation: ${(err as Error).message}`);
      }
    }
    const results = buildResults(run, an);
    results.run.replay = opts.replay;
    return { spec, results, replications: run.accumulator.replications(), resultsPath: `${opts.resultsDir(i, spec.name)}/results.json` };
  });
  const doc = buildComparison({ runs, baseline: opts.baseline, seed: opts.seed, replications: opts.replications, sweep: plan.sweep, replay: opts.replay });
  return { doc, runs };
}
