import { quantileSorted } from 'simple-statistics';

/** Unit of a distribution's values. */
export type DistributionUnit = 'seconds' | 'bytes' | 'requests' | 'records' | 'probability' | 'count';

/** Number of evenly spaced quantiles kept per distribution (p = 0, 0.01, ..., 1). */
export const DISTRIBUTION_POINTS = 101;

/**
 * Empirical distribution of one simulated quantity (outage durations, RPO windows, latencies...), kept in
 * the results JSON so reports can draw an ECDF or histogram without the raw samples.
 * `quantiles[i]` is the empirical quantile at p = i / 100 (type 7 interpolation, as R's default and
 * simple-statistics' `quantileSorted`), ascending; empty when `count` is 0.
 */
export interface DistributionSummary {
  /** Human-readable name, e.g. "System outage duration". */
  label: string;
  unit: DistributionUnit;
  /** Number of observations (after pooling over replications). */
  count: number;
  /** Sample mean, or null when count is 0. */
  mean: number | null;
  quantiles: number[];
}

/**
 * Summarises observations into a DistributionSummary. Does not modify `values`.
 * @param values observations in any order (finite numbers).
 * @throws RangeError when a value is not finite.
 */
export function summarizeDistribution(label: string, unit: DistributionUnit, values: ArrayLike<number>): DistributionSummary {
  const sorted = Float64Array.from(values).sort();
  for (const v of sorted) if (!Number.isFinite(v)) throw new RangeError(`distribution "${label}": non-finite value ${v}`);
  const count = sorted.length;
  if (count === 0) return { label, unit, count, mean: null, quantiles: [] };
  const arr = Array.from(sorted);
  let sum = 0;
  for (const v of arr) sum += v;
  const quantiles: number[] = [];
  for (let i = 0; i < DISTRIBUTION_POINTS; i++) quantiles.push(quantileSorted(arr, i / (DISTRIBUTION_POINTS - 1)));
  return { label, unit, count, mean: sum / count, quantiles };
}
