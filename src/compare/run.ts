/**
 * Simulates every variant of a comparison plan with common random numbers: the same seed and the same
 * replications 0..n-1 for every variant, so replication r of one variant pairs with replication r of
 * another, then builds the comparison document. No file is written here (see src/cli/compare-command.ts).
 *
 * Replications run in batches of BATCH_SIZE, every variant doing the same batch before the next. Without a
 * target every variant runs all planned replications; with `targetHalfWidth` ALL variants stop together at
 * the first batch boundary (never before `minReplications`) where the paired 95% CI of the availability
 * difference of every variant against the baseline has a half-width <= the target (a sequential rule in
 * the spirit of Law 2015, sec. 9.4.1, applied to the paired differences of sec. 10.2.1).
 */
import { analyze } from '../analytic/expectations.js';
import type { AnalyzeOptions } from '../analytic/expectations.js';
import type { AnalyticResult } from '../analytic/types.js';
import { compileModel } from '../model/compiled-model.js';
import { Accumulator } from '../results/aggregate.js';
import { buildResults } from '../results/build.js';
import { runReplication } from '../run/replication.js';
import { BATCH_SIZE, applyOverrides, type RunOutput } from '../run/runner.js';
import { buildComparison, type ComparisonDocument, type VariantRun } from './document.js';
import { METRICS, pairedDifference } from './paired.js';
import type { ComparisonPlan } from './variants.js';

/** Default minimum replications before the precision rule may stop a comparison. */
export const DEFAULT_COMPARE_MIN_REPLICATIONS = 100;

export interface SimulateOptions {
  /** Name of the baseline variant (must be in the plan). */
  baseline: string;
  seed: number;
  /** Replications of every variant (the maximum with a target). */
  replications: number;
  /** Stop all variants once every paired availability difference has a 95% half-width <= this. */
  targetHalfWidth?: number | null;
  /** Never stop before this many replications (default DEFAULT_COMPARE_MIN_REPLICATIONS, capped by replications). */
  minReplications?: number;
  /** Command reproducing the comparison (stored in the document and in each variant's results). */
  replay: string;
  /** Analytic budget, or null to skip the analytic expectations. */
  analytic: AnalyzeOptions | null;
  /** Directory name (relative to the comparison) of each variant's results, by index. */
  resultsDir: (index: number, name: string) => string;
  /** Called after each batch with (replications done per variant, maximum). */
  onProgress?: (done: number, total: number) => void;
  onWarning?: (message: string) => void;
}

const AVAILABILITY = METRICS.find((m) => m.metric === 'availability')!;

/**
 * Runs every variant in lockstep batches and builds the comparison document (with each variant's results).
 * @throws RangeError for replications < 1 or a bad seed; Error when the baseline is not in the plan.
 */
export function simulateComparison(plan: ComparisonPlan, opts: SimulateOptions): { doc: ComparisonDocument; runs: VariantRun[] } {
  const { seed, replications } = opts;
  if (!Number.isInteger(replications) || replications < 1) throw new RangeError(`replications must be an integer >= 1, got ${replications}`);
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer >= 0, got ${seed}`);
  const baseIndex = plan.variants.findIndex((v) => v.name === opts.baseline);
  if (baseIndex < 0) throw new Error(`no variant named ${opts.baseline}`);
  const target = opts.targetHalfWidth ?? null;
  const minReps = Math.min(opts.minReplications ?? DEFAULT_COMPARE_MIN_REPLICATIONS, replications);
  const states = plan.variants.map((spec) => {
    // The per-variant availability target does not apply: the comparison has its own rule (below).
    const scenario = applyOverrides(spec.scenario, { seed, replications, targetHalfWidth: null });
    return { spec, scenario, model: compileModel(scenario), acc: new Accumulator(scenario), timeline: null as RunOutput['timeline'] };
  });
  let stoppedBy: RunOutput['stoppedBy'] = 'replications';
  for (let start = 0; start < replications; start += BATCH_SIZE) {
    const end = Math.min(start + BATCH_SIZE, replications);
    for (const st of states) {
      for (let r = start; r < end; r++) {
        const out = runReplication(st.model, r, r === 0);
        st.acc.add(out.stats);
        if (out.timeline) st.timeline = { replication: r, ...out.timeline };
      }
    }
    opts.onProgress?.(end, replications);
    if (target !== null && end >= minReps && end < replications && preciseEnough(states.map((s) => s.acc), baseIndex, target)) {
      stoppedBy = 'precision';
      break;
    }
  }
  const runs: VariantRun[] = states.map((st, i) => {
    const run: RunOutput = { scenario: st.scenario, accumulator: st.acc, stoppedBy, timeline: st.timeline };
    let an: AnalyticResult | null = null;
    if (opts.analytic) {
      try {
        an = analyze(run.scenario, opts.analytic);
      } catch (err) {
        opts.onWarning?.(`variant ${st.spec.name}: no analytic expectation: ${(err as Error).message}`);
      }
    }
    const results = buildResults(run, an);
    results.run.replay = opts.replay;
    return { spec: st.spec, results, replications: st.acc.replications(), resultsPath: `${opts.resultsDir(i, st.spec.name)}/results.json` };
  });
  const done = states[0].acc.count;
  const doc = buildComparison({ runs, baseline: opts.baseline, seed, replications: done, sweep: plan.sweep, replay: opts.replay });
  return { doc, runs };
}

/** True when every variant's paired availability difference against the baseline is within the target. */
function preciseEnough(accs: Accumulator[], baseIndex: number, target: number): boolean {
  const base = accs[baseIndex].replications();
  return accs.every((acc, i) => {
    if (i === baseIndex) return true;
    const hw = pairedDifference(AVAILABILITY, base, acc.replications())?.difference.halfWidth ?? null;
    return hw !== null && hw <= target;
  });
}
