/**
 * Moments, survival functions and descriptions of the duration laws of a scenario: facts about a
 * DistributionSpec, used by the analytic module and for messages.
 *
 * Independent of the simulator's samplers (src/engine/distributions.ts) on purpose: the analytic module
 * is the reference the simulation is checked against, so sampling must not share code paths with it.
 * All durations are in seconds.
 */
import type { DistributionSpec } from './types.js';
import { formatDuration } from './duration.js';

const LANCZOS_G = 7;
const LANCZOS_COEF = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * Natural logarithm of the gamma function for x > 0 (Lanczos approximation, g = 7, 9 terms; relative
 * error below 1e-14). Source: C. Lanczos, "A precision approximation of the gamma function", SIAM J.
 * Numer. Anal. B 1 (1964); coefficients as in Press et al., "Numerical Recipes", 3rd ed. (2007), sec. 6.1.
 * @throws RangeError if x <= 0 or is not finite.
 */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`logGamma: x must be a finite positive number, got ${x}`);
  if (x < 0.5) {
    // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS_COEF[0];
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS_G + 2; i++) a += LANCZOS_COEF[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Complementary error function erfc(x) = 2/sqrt(pi) * integral_x^inf e^{-u^2} du, with relative error
 * about 1e-14: for |x| < 3 the everywhere-convergent positive series
 * erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1)) (Abramowitz & Stegun 7.1.6),
 * beyond it Laplace's continued fraction (A&S 7.1.14) evaluated by the modified Lentz method.
 * Source: M. Abramowitz, I. A. Stegun, "Handbook of Mathematical Functions" (1964), ch. 7.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  if (x > 27) return 0;
  // erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))).
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + an / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Standard normal upper tail Q(z) = P(Z > z) = erfc(z / sqrt 2) / 2. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Standard normal density. */
function normalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/**
 * Expected value of a duration law, seconds.
 * Weibull: scale Gamma(1 + 1/shape); lognormal: exp(mu + sigma^2/2); normal truncated to (0, inf):
 * m + sd phi(a)/Q(a) with a = -m/sd; uniform: (min+max)/2; empirical: the sample mean.
 * Source: N. L. Johnson, S. Kotz, N. Balakrishnan, "Continuous Univariate Distributions", vol. 1, 2nd ed.
 * (1994): ch. 21 (Weibull), ch. 14 (lognormal), ch. 13 sec. 10.1 (truncated normal).
 * @throws RangeError for an empty empirical sample or non-finite parameters.
 */
export function lawMean(spec: DistributionSpec): number {
  let m: number;
  switch (spec.kind) {
    case 'exponential':
      m = spec.mean;
      break;
    case 'weibull':
      m = spec.scale * Math.exp(logGamma(1 + 1 / spec.shape));
      break;
    case 'lognormal':
      m = Math.exp(spec.mu + (spec.sigma * spec.sigma) / 2);
      break;
    case 'normal': {
      const a = -spec.mean / spec.sd;
      m = spec.mean + (spec.sd * normalDensity(a)) / normalUpperTail(a);
      break;
    }
    case 'uniform':
      m = (spec.min + spec.max) / 2;
      break;
    case 'fixed':
      m = spec.value;
      break;
    case 'empirical':
      if (spec.samples.length === 0) throw new RangeError('empirical law with no samples');
      m = spec.samples.reduce((s, x) => s + x, 0) / spec.samples.length;
      break;
  }
  if (!Number.isFinite(m) || m < 0) throw new RangeError(`law ${describeLaw(spec)} has no finite non-negative mean`);
  return m;
}

/**
 * Survival function S(t) = P(T > t) of a duration law at t seconds (t >= 0).
 * Same sources as {@link lawMean}. For `normal`, the law truncated to (0, inf) as the simulator samples it.
 */
export function lawSurvival(spec: DistributionSpec, t: number): number {
  if (t < 0) return 1;
  switch (spec.kind) {
    case 'exponential':
      return Math.exp(-t / spec.mean);
    case 'weibull':
      return Math.exp(-Math.pow(t / spec.scale, spec.shape));
    case 'lognormal':
      return t === 0 ? 1 : normalUpperTail((Math.log(t) - spec.mu) / spec.sigma);
    case 'normal':
      return normalUpperTail((t - spec.mean) / spec.sd) / normalUpperTail(-spec.mean / spec.sd);
    case 'uniform':
      if (t < spec.min) return 1;
      if (t >= spec.max) return 0;
      return (spec.max - t) / (spec.max - spec.min);
    case 'fixed':
      return t < spec.value ? 1 : 0;
    case 'empirical':
      return spec.samples.filter((x) => x > t).length / spec.samples.length;
  }
}

/** True when the law is exponential (memoryless), the assumption of every CTMC model. */
export function isExponential(spec: DistributionSpec | null): boolean {
  return spec === null || spec.kind === 'exponential';
}

/** Compact human description of a law, e.g. `weibull shape 1.2 scale 4000h`. */
export function describeLaw(spec: DistributionSpec): string {
  switch (spec.kind) {
    case 'exponential':
      return `exponential mean ${formatDuration(spec.mean)}`;
    case 'weibull':
      return `weibull shape ${fmt(spec.shape)} scale ${formatDuration(spec.scale)}`;
    case 'lognormal':
      return `lognormal median ${formatDuration(Math.exp(spec.mu))} sigma ${fmt(spec.sigma)}`;
    case 'normal':
      return `normal mean ${formatDuration(spec.mean)} sd ${formatDuration(spec.sd)}`;
    case 'uniform':
      return `uniform ${formatDuration(spec.min)}..${formatDuration(spec.max)}`;
    case 'fixed':
      return `fixed ${formatDuration(spec.value)}`;
    case 'empirical':
      return `empirical (${spec.samples.length} samples)`;
  }
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/** The one duration format of the project (src/scenario/duration.ts), re-exported for the analytic texts. */
export { formatDuration };
