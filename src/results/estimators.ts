import jStat from 'jstat';
import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';

/** A point estimate with its 95% confidence interval. `ci95` and `halfWidth` are null when n is too small. */
export interface Estimate {
  estimate: number | null;
  ci95: [number, number] | null;
  halfWidth: number | null;
  /** Number of observations the estimate rests on. */
  n: number;
  /**
   * Present when `ci95` is not the two-sided Student-t / delta-method interval: 'one-sided' means every
   * observation sat on the edge of the support (e.g. no outage in any replication) and `ci95` is the
   * one-sided 95% Clopper-Pearson bound with the estimate as its other end (see {@link fractionMeanEstimate}).
   */
  interval?: 'one-sided';
}

const CONFIDENCE = 0.95;
const EMPTY: Estimate = { estimate: null, ci95: null, halfWidth: null, n: 0 };

/** Two-sided Student-t critical value for 95% with `dof` degrees of freedom. */
export function tCritical(dof: number): number {
  return jStat.studentt.inv(1 - (1 - CONFIDENCE) / 2, dof);
}

/**
 * Mean of independent replications with a Student-t 95% CI (Law, "Simulation Modeling and Analysis",
 * 5th ed., 2015, sec. 9.4.1), intersected with `support` when given. Needs n >= 2 for an interval.
 */
export function meanEstimate(xs: ArrayLike<number>, support?: Support): Estimate {
  const n = xs.length;
  if (n === 0) return EMPTY;
  const arr = Array.from(xs);
  const m = mean(arr);
  if (n < 2) return { estimate: m, ci95: null, halfWidth: null, n };
  const half = (tCritical(n - 1) * sampleStandardDeviation(arr)) / Math.sqrt(n);
  const e: Estimate = { estimate: m, ci95: [m - half, m + half], halfWidth: half, n };
  return support ? withinSupport(e, support[0], support[1]) : e;
}

/** The values a quantity can take, for {@link withinSupport}. */
export type Support = readonly [number, number];
/** Durations, counts and rates. */
export const NON_NEGATIVE: Support = [0, Infinity];
/** Probabilities, availabilities and ratios of a part to its whole. */
export const UNIT_INTERVAL: Support = [0, 1];

/**
 * Intersects an estimate's CI with the support of the quantity (e.g. [0, 1] for availabilities and
 * ratios, [0, Infinity) for durations): the true value lies in the support, so the intersection covers
 * it at least as often as the interval did. The point estimate (a mean of values in the support) is
 * already inside it.
 */
export function withinSupport(e: Estimate, lo: number, hi: number): Estimate {
  if (e.ci95 === null || e.estimate === null) return e;
  const ci: [number, number] = [Math.min(hi, Math.max(lo, e.ci95[0])), Math.min(hi, Math.max(lo, e.ci95[1]))];
  if (ci[0] === e.ci95[0] && ci[1] === e.ci95[1]) return e;
  return { ...e, ci95: ci, halfWidth: Math.max(e.estimate - ci[0], ci[1] - e.estimate) };
}

/**
 * Mean of per-replication fractions in [0, 1] (time-average availability, a ratio of counts), Student-t
 * CI intersected with [0, 1]. When every replication sits at the same edge (all 1: no down time in any
 * replication; or all 0), the t-interval degenerates to a point; instead the one-sided 95% bound of
 * Clopper-Pearson for 0 events in n trials is given, 1 - 0.05^(1/n) (about 3/n, the "rule of three"):
 * with U_i uniform in replication i's window, the indicators "down at U_i" are independent Bernoulli
 * with mean the expected unavailability, and all n are 0.
 * Sources: Clopper & Pearson, Biometrika 26 (1934); J. A. Hanley, A. Lippman-Hand, "If nothing goes
 * wrong, is everything all right?", JAMA 249(13) (1983) (rule of three).
 */
export function fractionMeanEstimate(xs: ArrayLike<number>): Estimate {
  const e = meanEstimate(xs);
  const n = e.n;
  if (n === 0 || e.estimate === null) return e;
  let allOne = true;
  let allZero = true;
  for (let i = 0; i < n; i++) {
    if (xs[i] !== 1) allOne = false;
    if (xs[i] !== 0) allZero = false;
  }
  if (allOne || allZero) {
    const bound = zeroEventBound(n);
    const ci: [number, number] = allOne ? [1 - bound, 1] : [0, bound];
    return { estimate: allOne ? 1 : 0, ci95: ci, halfWidth: bound, n, interval: 'one-sided' };
  }
  return withinSupport(e, 0, 1);
}

/**
 * One-sided 95% Clopper-Pearson upper bound on a probability after 0 events in n trials: 1 - 0.05^(1/n)
 * (about 3/n, the rule of three). Sources: Clopper & Pearson (1934); Hanley & Lippman-Hand (1983).
 */
export function zeroEventBound(n: number): number {
  return -Math.expm1(Math.log(1 - CONFIDENCE) / n);
}

/**
 * Ratio estimator R = sum(x) / sum(y) over replications (e.g. MDT = total down time / outages), with the
 * delta-method 95% CI: se = sqrt(sum (x_i - R y_i)^2 / (n (n - 1))) / mean(y)
 * (Cochran, "Sampling Techniques", 3rd ed., 1977, sec. 6.4; Law 2015, sec. 9.5.2 for regenerative ratios).
 * Estimate is null when sum(y) = 0. The CI is intersected with `support` when given.
 */
export function ratioEstimate(xs: ArrayLike<number>, ys: ArrayLike<number>, support?: Support): Estimate {
  const n = xs.length;
  let sx = 0, sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i];
    sy += ys[i];
  }
  if (n === 0 || sy === 0) return { ...EMPTY, n };
  const r = sx / sy;
  if (n < 2) return { estimate: r, ci95: null, halfWidth: null, n };
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - r * ys[i];
    ss += d * d;
  }
  const se = Math.sqrt(ss / (n * (n - 1))) / (sy / n);
  const half = tCritical(n - 1) * se;
  const e: Estimate = { estimate: r, ci95: [r - half, r + half], halfWidth: half, n };
  return support ? withinSupport(e, support[0], support[1]) : e;
}

/**
 * Proportion of successes with the exact Clopper-Pearson 95% interval (Clopper & Pearson, Biometrika 26,
 * 1934), e.g. point availability = fraction of replications up at t.
 */
export function proportionEstimate(successes: number, n: number): Estimate {
  if (n === 0) return EMPTY;
  const p = successes / n;
  const a = (1 - CONFIDENCE) / 2;
  const lo = successes === 0 ? 0 : jStat.beta.inv(a, successes, n - successes + 1);
  const hi = successes === n ? 1 : jStat.beta.inv(1 - a, successes + 1, n - successes);
  return { estimate: p, ci95: [lo, hi], halfWidth: Math.max(p - lo, hi - p), n };
}

/**
 * Sample quantile (simple-statistics' quantileSorted: the order statistic at rank ceil(n p), or the mean
 * of two neighbours when n p is a whole number) with a distribution-free 95% CI from order statistics, using the normal approximation of the
 * binomial ranks (Conover, "Practical Nonparametric Statistics", 3rd ed., 1999, sec. 3.2).
 * @param sorted ascending values.
 */
export function quantileEstimate(sorted: number[], p: number): Estimate {
  const n = sorted.length;
  if (n === 0) return EMPTY;
  const q = quantileSorted(sorted, p);
  const z = jStat.normal.inv(1 - (1 - CONFIDENCE) / 2, 0, 1);
  const spread = z * Math.sqrt(n * p * (1 - p));
  const lo = Math.floor(n * p - spread);
  const hi = Math.ceil(n * p + spread);
  if (lo < 1 || hi > n) return { estimate: q, ci95: null, halfWidth: null, n };
  const ci: [number, number] = [sorted[lo - 1], sorted[hi - 1]];
  return { estimate: q, ci95: ci, halfWidth: Math.max(q - ci[0], ci[1] - q), n };
}

/** Multiplies an estimate (and its interval) by a positive constant, e.g. seconds -> per year. */
export function scaleEstimate(e: Estimate, factor: number): Estimate {
  return {
    ...e,
    estimate: e.estimate === null ? null : e.estimate * factor,
    ci95: e.ci95 ? [e.ci95[0] * factor, e.ci95[1] * factor] : null,
    halfWidth: e.halfWidth === null ? null : e.halfWidth * factor,
    n: e.n,
  };
}

/** 1 - estimate, with the interval mirrored (availability <-> unavailability). */
export function complementEstimate(e: Estimate): Estimate {
  return {
    ...e,
    estimate: e.estimate === null ? null : 1 - e.estimate,
    ci95: e.ci95 ? [1 - e.ci95[1], 1 - e.ci95[0]] : null,
    halfWidth: e.halfWidth,
    n: e.n,
  };
}
