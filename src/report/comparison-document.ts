import type { Estimate } from '../results/estimators.js';
import type { ResultsDocument } from '../results/document.js';

/** Identifier of the comparison JSON format written by `faultline compare`. */
export const COMPARISON_SCHEMA = 'faultline.comparison/v1';

/**
 * The comparison JSON (`faultline compare`: variants of a scenario, or a parameter sweep, run with common
 * random numbers), as the report renderers read it. Structural: the compare command's own type (same
 * fields) is assignable to it.
 */
export interface ComparisonDocument {
  schema: typeof COMPARISON_SCHEMA;
  tool: { name: 'faultline'; version: string };
  seed: number;
  replications: number;
  /** Name of the baseline variant. */
  baseline: string;
  variants: {
    name: string;
    file: string;
    overrides: Record<string, unknown> | null;
    /** The swept parameter's value for this variant (sweeps only). */
    sweepValue: unknown | null;
    results: ResultsDocument;
  }[];
  /** Paired differences (variant - baseline, same random numbers) per variant and metric. */
  differences: {
    variant: string;
    metric: string;
    unit: 'probability' | 'seconds' | 'per-year' | 'ratio';
    better: 'higher' | 'lower';
    baseline: Estimate;
    value: Estimate;
    difference: Estimate;
    verdict: 'better' | 'worse' | 'no-significant-difference';
  }[];
  sweep: { parameter: string; values: unknown[] } | null;
  /** Command that reproduces the comparison. */
  replay: string;
}

/** A difference entry of a comparison. */
export type ComparisonDifference = ComparisonDocument['differences'][number];
