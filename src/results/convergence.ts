import type { ReplicationStats } from '../observe/replication-stats.js';
import { BATCH_SIZE } from '../run/run-output.js';
import { tCritical, zeroEventBound, type Estimate } from './estimators.js';

/** The availability estimate after the first `replications` replications (a point of the convergence chart). */
export interface ConvergencePoint {
  replications: number;
  estimate: number | null;
  ci95: [number, number] | null;
}

/**
 * Running availability estimate with its Student-t 95% CI after every BATCH_SIZE replications and after the
 * last one (how the CI narrows as replications are added; Law, "Simulation Modeling and Analysis", 5th ed.,
 * 2015, sec. 9.4.1). Uses Welford's single-pass mean/variance update (Welford, Technometrics 4(3), 1962) over
 * the per-replication availabilities uptime/window, in replication order: O(n), no runner change.
 * Intervals respect [0, 1] as the final estimate does (fractionMeanEstimate: clipped t-interval, or the
 * one-sided zero-event bound when every replication so far was up, or down, throughout).
 * The last point is the final estimate `final` itself (the same numbers as `system.availability`).
 * @param reps replication statistics in replication order.
 * @param final the run's availability estimate over all `reps`.
 */
export function availabilityConvergence(reps: readonly ReplicationStats[], final: Estimate): ConvergencePoint[] {
  const out: ConvergencePoint[] = [];
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < reps.length; i++) {
    const x = reps[i].uptime / reps[i].window;
    const n = i + 1;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
    if (n % BATCH_SIZE === 0 && n < reps.length) {
      out.push({ replications: n, estimate: mean, ci95: runningInterval(mean, m2, n) });
    }
  }
  if (reps.length > 0) out.push({ replications: reps.length, estimate: final.estimate, ci95: final.ci95 });
  return out;
}

function runningInterval(mean: number, m2: number, n: number): [number, number] {
  if (m2 === 0 && (mean === 1 || mean === 0)) return mean === 1 ? [1 - zeroEventBound(n), 1] : [0, zeroEventBound(n)];
  const half = tCritical(n - 1) * Math.sqrt(m2 / (n - 1) / n);
  return [Math.max(0, mean - half), Math.min(1, mean + half)];
}
