/**
 * Paired comparison of two variants run with common random numbers (CRN).
 *
 * Both variants run replications 0..n-1 with the same seed; faultline's random streams are keyed by
 * (seed, replication, element, purpose) (src/engine/rng.ts), so replication r of each variant sees the same
 * random numbers for every element they share. The replications are therefore paired: d_r = x_r(variant) -
 * x_r(baseline) are i.i.d. across r, and the paired-t interval
 *     mean(d) +- t_{n-1, 0.975} * s_d / sqrt(n)
 * is valid whatever the correlation between the two variants (Law, "Simulation Modeling and Analysis", 5th
 * ed., 2015, sec. 10.2.1). CRN makes the correlation positive, so Var(d) = Var(a) + Var(b) - 2 Cov(a, b) is
 * smaller than with independent streams (Law 2015, sec. 11.2); `crn` reports that reduction against the
 * Welch interval two independent runs of the same size would give (Law 2015, sec. 10.2.2).
 *
 * Ratio metrics (e.g. mean outage duration = total completed outage time / completed outages) use the delta
 * method: each replication's linearised residual z_r = (x_r - R y_r) / mean(y) (Cochran, "Sampling
 * Techniques", 3rd ed., 1977, sec. 6.4); the paired difference of two ratios has the per-replication
 * influence d_r = z_r(variant) - z_r(baseline), and the same paired-t interval on d (delta method for a
 * smooth function of paired means).
 */
import jStat from 'jstat';
import { AREAS, CORE } from '../areas.js';
import type { ReplicationStats } from '../observe/replication-stats.js';
import type { Scenario } from '../scenario/types.js';
import { meanEstimate, ratioEstimate, tCritical, type Estimate } from '../results/estimators.js';
import { metricSupport, type MetricDefinition } from './metric.js';
import { FAMILY_ALPHA } from '../results/comparison.js';

export type { MetricDefinition, MetricUnit } from './metric.js';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/**
 * The compared metrics, in report order: the core's (src/core/compare.ts), then each registered area's
 * (`ModelArea.comparisonMetrics`), each placed after the metric it names.
 */
export const METRICS: readonly MetricDefinition[] = [CORE, ...AREAS].reduce<MetricDefinition[]>((list, area) => {
  const part = area.comparisonMetrics;
  if (!part) return list;
  const at = part.after === undefined ? list.length : list.findIndex((m) => m.metric === part.after) + 1;
  if (part.after !== undefined && at === 0) throw new Error(`comparison metrics of ${area.key}: no metric ${part.after} to place them after`);
  return [...list.slice(0, at), ...part.metrics, ...list.slice(at)];
}, []);

/**
 * The metrics compared between two variants: METRICS, plus point availability A(t) and reliability R(t) at
 * the scenario's `observe` times when both variants observe the same times (per replication 0/1, so the
 * paired-t interval applies to the difference of proportions).
 * Another model area adds metrics with its `comparisonMetrics` over its per-replication statistics (see
 * src/traffic/compare.ts, src/data/compare.ts).
 */
export function metricsFor(a: Scenario, b: Scenario): MetricDefinition[] {
  const out = [...METRICS];
  const same = (x: number[], y: number[]) => x.length === y.length && x.every((t, i) => t === y[i]);
  if (same(a.observe.pointAvailabilityAt, b.observe.pointAvailabilityAt)) {
    a.observe.pointAvailabilityAt.forEach((t, i) => {
      out.push({ metric: `point_availability(${t}s)`, unit: 'probability', better: 'higher', value: (r) => (r.upAtProbe[i] ? 1 : 0) });
    });
  }
  if (same(a.observe.reliabilityAt, b.observe.reliabilityAt)) {
    for (const t of a.observe.reliabilityAt) {
      out.push({ metric: `reliability(${t}s)`, unit: 'probability', better: 'higher', value: (r) => (r.firstFailure === null || r.firstFailure > t ? 1 : 0) });
    }
  }
  return out;
}

/** How much CRN helped for one metric. */
export interface CrnEffect {
  /** Sample variance of the paired differences d_r. */
  pairedVariance: number;
  /** Var(a) + Var(b): the variance of a difference of independent runs. */
  independentVariance: number;
  /** 1 - pairedVariance / independentVariance (0 = no gain, 1 = perfectly correlated); null when both are 0. */
  varianceReduction: number | null;
  /** 95% half-width two independent runs of the same size would give (Welch). */
  independentHalfWidth: number | null;
}

/** Baseline, variant and paired difference of one metric. */
export interface PairedResult {
  baseline: Estimate;
  value: Estimate;
  /** variant - baseline, paired over replications. */
  difference: Estimate;
  /**
   * Two-sided p-value of H0 "no difference" by the paired t-test: t = mean(d) / (s_d / sqrt(n)) with n - 1
   * degrees of freedom (Law 2015, sec. 10.2.1); null with fewer than 2 replications. Below 0.05 exactly when
   * the 95% CI excludes 0.
   */
  pValue: number | null;
  crn: CrnEffect;
}

/** Sample variance (n - 1 denominator); 0 for n < 2. */
function variance(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const m = sum(xs) / n;
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return ss / (n - 1);
}

/**
 * Per-replication observations whose mean is the metric (ratio: the linearised residuals plus R), and the
 * metric's estimate with its CI intersected with the metric's support (`metricSupport`: a mean downtime's
 * t-interval no longer goes below 0). The paired difference below uses the unclipped observations.
 */
function observations(def: MetricDefinition, reps: readonly ReplicationStats[], force: boolean): { estimate: Estimate; obs: number[] } | null {
  if (!force && def.applicable && !def.applicable(reps)) return null;
  if (def.value) {
    const xs = reps.map(def.value);
    return { estimate: meanEstimate(xs, metricSupport(def)), obs: xs };
  }
  const { num, den } = def.ratio as NonNullable<MetricDefinition['ratio']>;
  const xs = reps.map(num);
  const ys = reps.map(den);
  const est = ratioEstimate(xs, ys, metricSupport(def));
  if (est.estimate === null) return null;
  const r = est.estimate;
  const ybar = sum(ys) / ys.length;
  // z_r + R has mean R and the delta-method variance of R.
  return { estimate: est, obs: xs.map((x, i) => r + (x - r * ys[i]) / ybar) };
}

/**
 * Paired difference (variant - baseline) of one metric.
 * @param baseline, variant replication statistics of the same replications 0..n-1, in replication order.
 * @param applies true: the metric applies to this pair whatever `def.applicable` says of each side (see
 *   `MetricDefinition.everyVariant`).
 * @returns null when the metric cannot be estimated for either variant.
 * @throws Error when the replications do not pair up (different counts or indices).
 */
export function pairedDifference(def: MetricDefinition, baseline: readonly ReplicationStats[], variant: readonly ReplicationStats[], applies = false): PairedResult | null {
  if (baseline.length !== variant.length || baseline.some((r, i) => r.replication !== variant[i].replication)) {
    throw new Error(`paired comparison needs the same replications in both variants (got ${baseline.length} and ${variant.length})`);
  }
  const a = observations(def, baseline, applies);
  const b = observations(def, variant, applies);
  if (!a || !b) return null;
  const n = a.obs.length;
  const d = b.obs.map((x, i) => x - a.obs[i]);
  const diff = (b.estimate.estimate as number) - (a.estimate.estimate as number);
  let difference: Estimate;
  let pValue: number | null = null;
  if (n < 2) difference = { estimate: diff, ci95: null, halfWidth: null, n };
  else {
    const se = Math.sqrt(variance(d)) / Math.sqrt(n);
    const half = tCritical(n - 1) * se;
    difference = { estimate: diff, ci95: [diff - half, diff + half], halfWidth: half, n };
    pValue = se > 0 ? 2 * (1 - jStat.studentt.cdf(Math.abs(diff) / se, n - 1)) : diff === 0 ? 1 : 0;
  }
  const va = variance(a.obs);
  const vb = variance(b.obs);
  const pairedVariance = variance(d);
  const independentVariance = va + vb;
  return {
    baseline: a.estimate,
    value: b.estimate,
    difference,
    pValue,
    crn: {
      pairedVariance,
      independentVariance,
      varianceReduction: independentVariance > 0 ? 1 - pairedVariance / independentVariance : null,
      independentHalfWidth: welchHalfWidth(va, vb, n),
    },
  };
}

/**
 * 95% half-width of a difference of means of two independent samples of size n (Welch's approximate t;
 * Law 2015, sec. 10.2.2): t_{f, 0.975} sqrt((va + vb) / n), f = (va + vb)^2 / ((va^2 + vb^2) / (n - 1)).
 */
export function welchHalfWidth(va: number, vb: number, n: number): number | null {
  if (n < 2) return null;
  const s = va + vb;
  if (s === 0) return 0;
  const f = (s * s) / ((va * va + vb * vb) / (n - 1));
  return jStat.studentt.inv(0.975, f) * Math.sqrt(s / n);
}

/**
 * The verdict on a paired difference: `better`/`worse` when its 95% CI excludes 0 (in the direction the
 * metric prefers) and, when the difference is one of a family (every variant x metric of a comparison), its
 * Holm-adjusted p-value is below 0.05 (src/results/holm.ts); else `no-significant-difference` (also when
 * there is no interval).
 * @param adjustedP Holm-adjusted p-value over the family, or undefined for a single comparison
 */
export function verdictOf(difference: Estimate, better: 'higher' | 'lower', adjustedP?: number | null): 'better' | 'worse' | 'no-significant-difference' {
  if (!difference.ci95) return 'no-significant-difference';
  if (adjustedP !== undefined && adjustedP !== null && !(adjustedP < FAMILY_ALPHA)) return 'no-significant-difference';
  const [lo, hi] = difference.ci95;
  const up = lo > 0;
  const down = hi < 0;
  if (!up && !down) return 'no-significant-difference';
  return up === (better === 'higher') ? 'better' : 'worse';
}
