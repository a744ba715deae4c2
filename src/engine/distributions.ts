import jStat from 'jstat';
import type { DistributionSpec } from '../scenario/types.js';
import type { Uniform } from './rng.js';

/**
 * A sampler for a positive duration law. Every sampler consumes exactly one uniform per draw (inverse
 * transform), except `normal` which also uses one (truncated inverse transform), so streams stay aligned
 * across variants (common random numbers).
 */
export interface Sampler {
  /** Draws one value, seconds. */
  sample(u: Uniform): number;
  /** Expected value, seconds. */
  readonly mean: number;
  readonly spec: DistributionSpec;
}

/** u in (0, 1]: avoids log(0). */
const open = (u: Uniform) => 1 - u();

/**
 * Builds the sampler of a distribution spec (inverse-transform sampling; Devroye, "Non-Uniform Random
 * Variate Generation", 1986, ch. II).
 * @throws RangeError for parameters no law accepts (e.g. a non-positive mean), which the scenario schema
 *   already rejects.
 */
export function makeSampler(spec: DistributionSpec): Sampler {
  const mean = distributionMean(spec);
  switch (spec.kind) {
    case 'exponential': {
      const m = spec.mean;
      return { spec, mean, sample: (u) => -m * Math.log(open(u)) };
    }
    case 'weibull': {
      const { shape, scale } = spec;
      const inv = 1 / shape;
      return { spec, mean, sample: (u) => scale * Math.pow(-Math.log(open(u)), inv) };
    }
    case 'lognormal': {
      const { mu, sigma } = spec;
      return { spec, mean, sample: (u) => Math.exp(mu + sigma * standardNormalQuantile(open(u))) };
    }
    case 'normal': {
      // Truncated to (0, inf): u' = F(0) + u (1 - F(0)), x = F^-1(u').
      const { mean: m, sd } = spec;
      const f0 = jStat.normal.cdf(0, m, sd);
      return {
        spec,
        mean,
        sample: (u) => {
          const p = Math.min(f0 + u() * (1 - f0), 1 - 1e-16);
          return Math.max(m + sd * standardNormalQuantile(p), Number.MIN_VALUE);
        },
      };
    }
    case 'uniform': {
      const { min, max } = spec;
      return { spec, mean, sample: (u) => min + (max - min) * u() };
    }
    case 'fixed': {
      const v = spec.value;
      return { spec, mean, sample: () => v };
    }
    case 'empirical': {
      const xs = spec.samples;
      return { spec, mean, sample: (u) => xs[Math.floor(u() * xs.length)] };
    }
  }
}

/**
 * Expected value of a law, seconds. Weibull: scale * Gamma(1 + 1/shape); lognormal: exp(mu + sigma^2/2);
 * normal truncated at 0: m + sd * phi(a)/(1 - Phi(a)) with a = -m/sd (Johnson, Kotz & Balakrishnan,
 * "Continuous Univariate Distributions", vol. 1, 2nd ed., 1994, sec. 10.1).
 */
export function distributionMean(spec: DistributionSpec): number {
  switch (spec.kind) {
    case 'exponential':
      return spec.mean;
    case 'weibull':
      return spec.scale * jStat.gammafn(1 + 1 / spec.shape);
    case 'lognormal':
      return Math.exp(spec.mu + (spec.sigma * spec.sigma) / 2);
    case 'normal': {
      const a = -spec.mean / spec.sd;
      const tail = 1 - jStat.normal.cdf(a, 0, 1);
      return spec.mean + (spec.sd * jStat.normal.pdf(a, 0, 1)) / tail;
    }
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'fixed':
      return spec.value;
    case 'empirical':
      return spec.samples.reduce((s, x) => s + x, 0) / spec.samples.length;
  }
}

/** Standard normal quantile (jStat's erfc inverse with Newton refinement). */
function standardNormalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/** Short human description of a law, e.g. `exponential(mean 100 h)`. */
export function describeDistribution(spec: DistributionSpec): string {
  const h = (s: number) => `${+(s / 3600).toPrecision(4)} h`;
  switch (spec.kind) {
    case 'exponential':
      return `exponential(mean ${h(spec.mean)})`;
    case 'weibull':
      return `weibull(shape ${spec.shape}, scale ${h(spec.scale)})`;
    case 'lognormal':
      return `lognormal(median ${h(Math.exp(spec.mu))}, sigma ${+spec.sigma.toPrecision(4)})`;
    case 'normal':
      return `normal(mean ${h(spec.mean)}, sd ${h(spec.sd)}, truncated at 0)`;
    case 'uniform':
      return `uniform(${h(spec.min)}, ${h(spec.max)})`;
    case 'fixed':
      return `fixed(${h(spec.value)})`;
    case 'empirical':
      return `empirical(${spec.samples.length} samples)`;
  }
}
