/**
 * The comparison JSON (`faultline.comparison/v1`, docs/results-format.md): every variant's results document,
 * the paired differences of each variant against the baseline, and the command that reproduces it. Like
 * the results document it holds nothing that depends on the machine or the wall clock.
 */
import type { ReplicationStats } from '../observe/replication-stats.js';
import type { ResultsDocument } from '../results/document.js';
import { toolVersion } from '../results/document.js';
import type { Estimate } from '../results/estimators.js';
import { metricsFor, pairedDifference, verdictOf, type CrnEffect, type MetricUnit } from './paired.js';
import type { VariantSpec } from './variants.js';
import { holmAdjust } from '../results/holm.js';

/** Identifier of the comparison JSON format. */
export const COMPARISON_SCHEMA = 'faultline.comparison/v1';

/** One variant of the comparison. */
export interface ComparisonVariant {
  name: string;
  file: string;
  overrides: Record<string, unknown> | null;
  sweepValue: unknown | null;
  results: ResultsDocument;
  /** Extra: what the variant changes, in words. */
  description: string;
  /** Extra: its results.json relative to the comparison directory. */
  resultsPath: string;
  /** Extra: no SLO of the variant fails (SLOs that cannot be evaluated do not count). */
  meetsSlos: boolean;
}

/** One metric of one variant against the baseline. */
export interface ComparisonDifference {
  variant: string;
  metric: string;
  unit: MetricUnit;
  better: 'higher' | 'lower';
  baseline: Estimate;
  value: Estimate;
  /** Paired over replications with common random numbers: variant - baseline. */
  difference: Estimate;
  /** Extra: two-sided paired-t p-value of "no difference" (null with fewer than 2 replications). */
  pValue: number | null;
  /** Extra: Holm-adjusted p-value over every difference of the comparison (the family). */
  adjustedP: number | null;
  /** `better`/`worse` only when the 95% CI excludes 0 and the Holm-adjusted p-value is below 0.05. */
  verdict: 'better' | 'worse' | 'no-significant-difference';
  /** Extra: the variance reduction CRN gave for this difference. */
  crn: CrnEffect;
}

/** The comparison document (the contract the Markdown and HTML comparison reports are rendered from). */
export interface ComparisonDocument {
  schema: typeof COMPARISON_SCHEMA;
  tool: { name: 'faultline'; version: string };
  seed: number;
  replications: number;
  /** Name of the baseline variant. */
  baseline: string;
  variants: ComparisonVariant[];
  differences: ComparisonDifference[];
  /** The sweep; extra: `parameters` lists the swept paths (`parameter` joins them with ", "). */
  sweep: { parameter: string; values: unknown[]; parameters: string[] } | null;
  /** Command reproducing this comparison exactly. */
  replay: string;
  /** Extra: how the differences were computed. */
  method: { pairing: string; interval: string; confidence: number; sources: string[] };
}

/** A simulated variant: its spec, results document and per-replication statistics. */
export interface VariantRun {
  spec: VariantSpec;
  results: ResultsDocument;
  replications: readonly ReplicationStats[];
  resultsPath: string;
}

/** True when no SLO of the results fails. */
export function meetsSlos(results: ResultsDocument): boolean {
  return results.slo.every((c) => c.status !== 'fail');
}

/**
 * Builds the comparison document.
 * @param runs every variant, in plan order (baseline included).
 * @param baseline the name of the baseline variant (one of `runs`).
 * @throws Error when `baseline` is not among the runs, or the runs do not share seed and replications.
 */
export function buildComparison(input: {
  runs: readonly VariantRun[];
  baseline: string;
  seed: number;
  replications: number;
  sweep: ComparisonDocument['sweep'];
  replay: string;
}): ComparisonDocument {
  const base = input.runs.find((r) => r.spec.name === input.baseline);
  if (!base) throw new Error(`no variant named ${input.baseline}`);
  for (const r of input.runs) {
    if (r.results.scenario.seed !== input.seed || r.replications.length !== input.replications) {
      throw new Error(`variant ${r.spec.name} did not run with seed ${input.seed} and ${input.replications} replications`);
    }
  }
  const differences: ComparisonDifference[] = [];
  for (const run of input.runs) {
    if (run === base) continue;
    for (const def of metricsFor(base.spec.scenario, run.spec.scenario)) {
      const applies = def.everyVariant === true && input.runs.some((r) => !def.applicable || def.applicable(r.replications));
      const p = pairedDifference(def, base.replications, run.replications, applies);
      if (!p) continue;
      differences.push({
        variant: run.spec.name,
        metric: def.metric,
        unit: def.unit,
        better: def.better,
        baseline: p.baseline,
        value: p.value,
        difference: p.difference,
        pValue: p.pValue,
        adjustedP: null,
        verdict: 'no-significant-difference',
        crn: p.crn,
      });
    }
  }
  // Holm over the whole comparison: with many variants and metrics some 95% CIs exclude 0 by chance alone.
  const adjusted = holmAdjust(differences.map((d) => d.pValue));
  differences.forEach((d, i) => {
    d.adjustedP = adjusted[i];
    d.verdict = verdictOf(d.difference, d.better, adjusted[i]);
  });
  return {
    schema: COMPARISON_SCHEMA,
    tool: { name: 'faultline', version: toolVersion() },
    seed: input.seed,
    replications: input.replications,
    baseline: input.baseline,
    variants: input.runs.map((r) => ({
      name: r.spec.name,
      file: r.spec.file,
      overrides: r.spec.overrides,
      sweepValue: r.spec.sweepValue,
      results: r.results,
      description: r.spec.description,
      resultsPath: r.resultsPath,
      meetsSlos: meetsSlos(r.results),
    })),
    differences,
    sweep: input.sweep,
    replay: input.replay,
    method: {
      pairing: 'common random numbers: same seed and replication indices; streams keyed by (seed, replication, element, purpose)',
      interval: 'paired-t on per-replication differences; ratio metrics linearised by the delta method',
      confidence: 0.95,
      sources: [
        'Law, Simulation Modeling and Analysis, 5th ed., 2015, sec. 10.2.1 (paired-t) and 11.2 (common random numbers)',
        'Cochran, Sampling Techniques, 3rd ed., 1977, sec. 6.4 (ratio estimator, delta method)',
      ],
    },
  };
}
