import type { Estimate } from './estimators.js';

/** How a simulated estimate relates to the analytic value. */
export type Verdict = 'agrees' | 'differs' | 'not-comparable';

/** One metric measured by simulation next to its analytic expectation. */
export interface Comparison {
  /** Metric name, e.g. `availability`, `mttff`, `point_availability(36000s)`. */
  metric: string;
  /** `probability` (a fraction in [0, 1]) or `seconds`. */
  unit: 'probability' | 'seconds';
  measured: Estimate;
  analytic: number;
  /** (measured - analytic) / analytic; null when analytic is 0 or nothing was measured. */
  relativeDifference: number | null;
  verdict: Verdict;
  /** Human explanation of the verdict, naming the violated assumptions when the values differ. */
  explanation: string;
}

/**
 * Compares one estimate with an analytic value: "agrees" when the exact value lies inside the 95% CI.
 * When it does not, the explanation names the analytic assumptions the scenario violates, or says that no
 * assumption is violated (then about 1 comparison in 20 is expected to fall outside by chance).
 */
export function compareMetric(
  metric: string,
  unit: Comparison['unit'],
  measured: Estimate,
  analytic: number,
  violations: string[],
): Comparison {
  const rel = measured.estimate === null || analytic === 0 ? null : (measured.estimate - analytic) / analytic;
  const base = { metric, unit, measured, analytic, relativeDifference: rel };
  if (measured.ci95 === null || measured.estimate === null) {
    return { ...base, verdict: 'not-comparable', explanation: 'too few observations for a confidence interval' };
  }
  const [lo, hi] = measured.ci95;
  const approx = violations.length > 0 ? ` (the formula is approximate here: ${violations.length} assumption(s) violated)` : '';
  if (analytic >= lo && analytic <= hi) {
    return { ...base, verdict: 'agrees', explanation: `analytic value inside the simulated 95% CI${approx}` };
  }
  if (violations.length > 0) {
    return { ...base, verdict: 'differs', explanation: `differs because the scenario breaks the formula's assumptions: ${violations.join('; ')}` };
  }
  return {
    ...base,
    verdict: 'differs',
    explanation:
      'outside the 95% CI although no assumption of the formula is violated: about 1 exact comparison in 20 falls ' +
      'outside by chance; if it persists with more replications (or a longer horizon, for start-up transients), it is a bug',
  };
}
