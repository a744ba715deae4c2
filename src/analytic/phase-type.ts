/**
 * Acyclic phase-type (APH) distributions in Coxian form, and the raw moments of the scenario's duration
 * laws (the targets of the fits in phase-type-fit.ts).
 *
 * Coxian form: the clock always starts in phase 0; phase k is left at rate `rates[k]`, and then the
 * distribution ends (absorption) with probability `exit[k]`, else phase k + 1 starts; `exit` of the last
 * phase is 1. Every APH has such a representation (Cumani, "On the canonical representation of homogeneous
 * Markov processes modelling failure-time distributions", Microelectron. Reliab. 22(3) (1982)): a canonical
 * form CF1 with initial vector a and rates l_1 <= ... <= l_n is, by commutativity of sums of independent
 * exponentials, the Coxian that visits l_n, l_{n-1}, ..., l_i and ends there with probability a_i. A single
 * start phase keeps one initial state in the CTMC (every clock restarts in phase 0 when a unit fails, is
 * repaired, or a fault ends).
 *
 * Moments: E[X^k] = k! alpha (-T)^{-k} 1 (Neuts, "Matrix-Geometric Solutions in Stochastic Models" (1981),
 * sec. 2.2), by back substitution on the bidiagonal T.
 * Units: seconds, rates per second.
 */
import type { DistributionSpec } from '../scenario/types.js';
import { logGamma, normalUpperTail } from '../scenario/laws.js';

/** An acyclic phase-type distribution in Coxian form (see the module documentation). */
export interface Coxian {
  /** Rate of leaving each phase, 1/s (> 0). */
  rates: number[];
  /** Probability of ending after each phase (last = 1). */
  exit: number[];
}

/** The exponential law with the given mean (s), as a one-phase Coxian. */
export function exponentialCoxian(mean: number): Coxian {
  return { rates: [1 / mean], exit: [1] };
}

/**
 * The first `count` raw moments E[X^k] (k = 1..count) of a Coxian, s^k: k! alpha (-T)^{-k} 1 with
 * alpha = e_1, T_kk = -rates[k], T_k,k+1 = rates[k] (1 - exit[k]).
 */
export function coxianMoments(c: Coxian, count = 3): number[] {
  const n = c.rates.length;
  const out: number[] = [];
  let v = new Array<number>(n).fill(1);
  let factorial = 1;
  for (let k = 1; k <= count; k++) {
    // Solve (-T) x = v by back substitution: r_i x_i - r_i (1 - e_i) x_{i+1} = v_i.
    const x = new Array<number>(n);
    for (let i = n - 1; i >= 0; i--) x[i] = v[i] / c.rates[i] + (i + 1 < n ? (1 - c.exit[i]) * x[i + 1] : 0);
    v = x;
    factorial *= k;
    out.push(factorial * x[0]);
  }
  return out;
}

/** Squared coefficient of variation m2/m1^2 - 1 of raw moments. */
export function cv2Of(m: readonly number[]): number {
  return m[1] / (m[0] * m[0]) - 1;
}

/**
 * The raw moments E[X], E[X^2], E[X^3] of a duration law, s^k, in closed form:
 * exponential k! m^k; Weibull s^k Gamma(1 + k/shape); lognormal exp(k mu + k^2 sigma^2 / 2); normal
 * truncated to (0, inf) from the moments of the truncated standard normal, E[Z^k] = (k-1) E[Z^(k-2)] +
 * a^(k-1) phi(a)/Q(a) with a = -m/sd; uniform (b^(k+1) - a^(k+1))/((k+1)(b-a)); fixed v^k; empirical:
 * the sample moments (the simulator resamples the samples uniformly).
 * Source: Johnson, Kotz & Balakrishnan, "Continuous Univariate Distributions", vol. 1, 2nd ed. (1994):
 * ch. 21 (Weibull), ch. 14 (lognormal), ch. 13 sec. 10.1 (truncated normal), ch. 26 (uniform).
 * @throws RangeError when a moment is not finite (e.g. a lognormal with a huge sigma).
 */
export function lawMoments(spec: DistributionSpec): [number, number, number] {
  const ks = [1, 2, 3];
  let m: number[];
  switch (spec.kind) {
    case 'exponential':
      m = [spec.mean, 2 * spec.mean ** 2, 6 * spec.mean ** 3];
      break;
    case 'weibull':
      m = ks.map((k) => spec.scale ** k * Math.exp(logGamma(1 + k / spec.shape)));
      break;
    case 'lognormal':
      m = ks.map((k) => Math.exp(k * spec.mu + (k * k * spec.sigma * spec.sigma) / 2));
      break;
    case 'normal':
      m = truncatedNormalMoments(spec.mean, spec.sd);
      break;
    case 'uniform': {
      const { min: a, max: b } = spec;
      m = ks.map((k) => (b > a ? (b ** (k + 1) - a ** (k + 1)) / ((k + 1) * (b - a)) : a ** k));
      break;
    }
    case 'fixed':
      m = ks.map((k) => spec.value ** k);
      break;
    case 'empirical':
      if (spec.samples.length === 0) throw new RangeError('empirical law with no samples');
      m = ks.map((k) => spec.samples.reduce((s, x) => s + x ** k, 0) / spec.samples.length);
      break;
  }
  if (!m.every((x) => Number.isFinite(x) && x >= 0)) throw new RangeError(`law ${spec.kind}: moments not finite`);
  return [m[0], m[1], m[2]];
}

function truncatedNormalMoments(mean: number, sd: number): number[] {
  if (sd === 0) return [mean, mean ** 2, mean ** 3];
  const a = -mean / sd;
  const h = Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI) / normalUpperTail(a);
  const z = [1, h, 1 + a * h, 2 * h + a * a * h]; // E[Z^0..3] of Z truncated to (a, inf)
  const binom = [[1], [1, 1], [1, 2, 1], [1, 3, 3, 1]];
  return [1, 2, 3].map((k) => binom[k].reduce((s, c, j) => s + c * mean ** (k - j) * sd ** j * z[j], 0));
}
