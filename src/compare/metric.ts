/**
 * A metric compared between variants (`faultline compare`, src/compare/paired.ts). The core and each area
 * contribute theirs through the area contract (`ModelArea.comparisonMetrics`, src/area.ts).
 */
import type { ReplicationStats } from '../observe/replication-stats.js';
import { NON_NEGATIVE, UNIT_INTERVAL, type Support } from '../results/estimators.js';

/** Units of compared metrics (as in the comparison document). */
export type MetricUnit = 'probability' | 'seconds' | 'per-year' | 'ratio';

/**
 * One compared metric. Exactly one of `value` (mean of a per-replication value) or `ratio` (sum of
 * numerators / sum of denominators) is given.
 */
export interface MetricDefinition {
  metric: string;
  unit: MetricUnit;
  better: 'higher' | 'lower';
  value?: (r: ReplicationStats) => number;
  ratio?: { num: (r: ReplicationStats) => number; den: (r: ReplicationStats) => number };
  /** False when the metric cannot be estimated from these replications (e.g. censored MTTFF). Default: true. */
  applicable?: (reps: readonly ReplicationStats[]) => boolean;
  /**
   * True: when `applicable` holds for at least one variant of the comparison, the metric is paired for
   * every variant (`value` must then handle replications without the area, e.g. zero planned downtime).
   */
  everyVariant?: boolean;
  /** Values the metric can take (each variant's CI is intersected with it). Default: by unit, see `metricSupport`. */
  support?: Support;
}

/**
 * The support of a compared metric: `support` when given, else [0, 1] for probabilities and [0, inf) for
 * durations, rates per year and ratios (every such metric today is non-negative), as run's estimates are
 * clipped (src/results/estimators.ts `withinSupport`).
 */
export function metricSupport(def: MetricDefinition): Support {
  return def.support ?? (def.unit === 'probability' ? UNIT_INTERVAL : NON_NEGATIVE);
}

/**
 * An area's comparison metrics, placed right after the metric named `after` of the list composed so far (the
 * core's first, then each area in registry order), or at the end without `after`. The order is the order of
 * the rows in comparison.json and the comparison reports.
 */
export interface AreaMetrics {
  after?: string;
  metrics: readonly MetricDefinition[];
}
