import { createRequire } from 'node:module';
import type JStat from 'jstat';
import type { DistributionSpec } from '../scenario/types.js';
import { standardNormalQuantile } from './normal-quantile.js';
import type { Uniform } from './rng.js';

/**
 * jStat, loaded at the first truncated normal law: it is the largest module a worker thread would load
 * otherwise (~130 KB of CommonJS to parse at every worker's start-up) and only `normal` uses it.
 */
let jStatModule: typeof JStat | null = null;
const jStat = (): typeof JStat => (jStatModule ??= createRequire(import.meta.url)('jstat') as typeof JStat);

/**
 * A sampler for a positive duration law. Every sampler consumes exactly one uniform per draw (inverse
 * transform), except `normal` which also uses one (truncated inverse transform), so streams stay aligned
 * across variants (common random numbers).
 */
export interface Sampler {
  /** Draws one value, seconds. */
  sample(u: Uniform): number;
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
  switch (spec.kind) {
    case 'exponential': {
      const m = spec.mean;
      return { spec, sample: (u) => -m * Math.log(open(u)) };
    }
    case 'weibull': {
      const { shape, scale } = spec;
      const inv = 1 / shape;
      return { spec, sample: (u) => scale * Math.pow(-Math.log(open(u)), inv) };
    }
    case 'lognormal': {
      const { mu, sigma } = spec;
      return { spec, sample: (u) => Math.exp(mu + sigma * standardNormalQuantile(open(u))) };
    }
    case 'normal': {
      // Truncated to (0, inf): u' = F(0) + u (1 - F(0)), x = F^-1(u').
      const { mean: m, sd } = spec;
      const f0 = jStat().normal.cdf(0, m, sd);
      return {
        spec,
        sample: (u) => {
          const p = Math.min(f0 + u() * (1 - f0), 1 - 1e-16);
          return Math.max(m + sd * standardNormalQuantile(p), Number.MIN_VALUE);
        },
      };
    }
    case 'uniform': {
      const { min, max } = spec;
      return { spec, sample: (u) => min + (max - min) * u() };
    }
    case 'fixed': {
      const v = spec.value;
      return { spec, sample: () => v };
    }
    case 'empirical': {
      const xs = spec.samples;
      return { spec, sample: (u) => xs[Math.floor(u() * xs.length)] };
    }
  }
}

