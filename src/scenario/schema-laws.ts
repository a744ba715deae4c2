/**
 * The zod schemas of the duration laws of the scenario language (`failure:`, `repair:`, fault `duration:`),
 * and `schemaKit`: the building blocks every area's schema fragment is made of (containers with positioned
 * errors, unit-converting leaves, references, laws). Shared language: names no modelling area.
 */
import * as z from 'zod';
import type { DistributionSpec } from './primitives.js';
import { describeValue, formatDuration } from './duration.js';
import { type Tagged, bad, boolean, componentRef, dictionary, duration, fail, failKey, integer, isMapping, leaf, list, nested, number, obj, ok, oneOf, probability, rate, text, word, zoneName } from './schema-kit.js';

// ---------------------------------------------------------------- distributions

const DIST_EXPECTED =
  'a distribution: one of { exponential: {...} }, { weibull: {...} }, { lognormal: {...} }, { normal: {...} }, ' +
  '{ uniform: {...} }, { fixed: <duration> }, { empirical: [<durations>] }';

const EXPONENTIAL_EXPECTED = 'exactly one of mean, mtbf, mttf, mttr (durations) or rate';
const meanTime = () => duration(true).optional();
const exponential = obj({ mean: meanTime(), mtbf: meanTime(), mttf: meanTime(), mttr: meanTime(), rate: rate().optional() }, EXPONENTIAL_EXPECTED)
  .superRefine((v, ctx) => {
    const given = Object.keys(v).filter((k) => v[k as keyof typeof v] !== undefined);
    if (given.length === 0) fail(ctx, { problem: 'no parameter given', expected: EXPONENTIAL_EXPECTED });
    if (given.length > 1) failKey(ctx, given[1], `several parameters given (${given.join(', ')})`, EXPONENTIAL_EXPECTED);
  });

const LOGNORMAL_EXPECTED = 'either median and p95 (durations, p95 > median) or mu and sigma (of ln seconds, sigma > 0)';
const lognormal = obj(
  {
    median: duration(true).optional(),
    p95: duration(true).optional(),
    mu: number('a finite number (mean of ln seconds)').optional(),
    sigma: number('a number > 0 (sd of ln seconds)', { positive: true }).optional(),
  },
  LOGNORMAL_EXPECTED,
).superRefine((v, ctx) => {
  const quantiles = v.median !== undefined || v.p95 !== undefined;
  const params = v.mu !== undefined || v.sigma !== undefined;
  if (quantiles && params) return failKey(ctx, v.mu !== undefined ? 'mu' : 'sigma', 'mixes median/p95 with mu/sigma', LOGNORMAL_EXPECTED);
  if (!quantiles && !params) return fail(ctx, { problem: 'no parameter given', expected: LOGNORMAL_EXPECTED });
  for (const k of quantiles ? (['median', 'p95'] as const) : (['mu', 'sigma'] as const)) {
    if (v[k] === undefined) fail(ctx, { missing: true, expected: LOGNORMAL_EXPECTED }, [k]);
  }
  if (v.median !== undefined && v.p95 !== undefined && v.p95 <= v.median) {
    const problem = `p95 (${formatDuration(v.p95)}) is not greater than median (${formatDuration(v.median)})`;
    fail(ctx, { problem, expected: 'p95 greater than median' }, ['p95']);
  }
});

const uniform = obj({ min: duration(), max: duration(true) }, 'uniform parameters { min, max } (durations)').superRefine((v, ctx) => {
  const problem = `max (${formatDuration(v.max)}) is not greater than min (${formatDuration(v.min)})`;
  if (v.max <= v.min) fail(ctx, { problem, expected: 'max greater than min' }, ['max']);
});

const distributionVariants = {
  exponential,
  weibull: obj({ shape: number('a number > 0', { positive: true }), scale: duration(true) }, 'weibull parameters { shape, scale }'),
  lognormal,
  normal: obj({ mean: duration(), sd: duration(true) }, 'normal parameters { mean, sd } (durations)'),
  uniform,
  fixed: duration(true),
  empirical: list(duration(true), 'a non-empty list of durations', 1),
};

/** A distribution as written in the file (values already in seconds / per second). */
export type RawDistribution = Tagged<typeof distributionVariants>;

/** `failure:` / `repair:` — a distribution or the word `none` (null). */
export const distributionOrNone = oneOf(
  'distribution',
  `${DIST_EXPECTED}, or none`,
  distributionVariants,
  leaf(`${DIST_EXPECTED}, or none`, (v) => (v === 'none' ? ok(null) : bad(`got ${describeValue(v)}`)), { const: 'none' }),
);

/** A fault `duration`: a duration (fixed) or a distribution. */
export const faultDuration = oneOf(
  'distribution',
  `a duration or ${DIST_EXPECTED}`,
  distributionVariants,
  duration(true).transform((value): RawDistribution => ({ kind: 'fixed', value })),
);

/**
 * Building blocks for the section schemas kept in their own files (schema-data.ts, schema-planning.ts, ...):
 * leaf/obj/list/dictionary containers with positioned errors, unit-converting leaves, references.
 */
export const schemaKit = {
  fail, failKey, leaf, duration, rate, probability, integer, number, text, word, boolean, obj, list, dictionary, isMapping, nested,
  oneOf, componentRef, faultDuration, zoneName,
};
/** The type of `schemaKit`. */
export type SchemaKit = typeof schemaKit;

/** z such that P(Z <= z) = 0.95 for a standard normal Z; lognormal sigma = ln(p95 / median) / Z95. */
export const Z95 = 1.6448536269514722;
/**
 * Converts a distribution as written (already in seconds) to a `DistributionSpec`.
 * Exponential: mean from mean/mtbf/mttf/mttr, or 1/rate. Lognormal from median m and p95 q:
 * mu = ln m, sigma = ln(q/m) / Z95 (the schema guarantees q > m).
 */
export function toDistribution(d: RawDistribution): DistributionSpec {
  switch (d.kind) {
    case 'exponential': {
      const v = d.value;
      const mean = v.mean ?? v.mtbf ?? v.mttf ?? v.mttr ?? 1 / (v.rate as number);
      return { kind: 'exponential', mean };
    }
    case 'weibull':
      return { kind: 'weibull', shape: d.value.shape, scale: d.value.scale };
    case 'lognormal': {
      const v = d.value;
      if (v.median !== undefined && v.p95 !== undefined) {
        return { kind: 'lognormal', mu: Math.log(v.median), sigma: Math.log(v.p95 / v.median) / Z95 };
      }
      return { kind: 'lognormal', mu: v.mu as number, sigma: v.sigma as number };
    }
    case 'normal':
      return { kind: 'normal', mean: d.value.mean, sd: d.value.sd };
    case 'uniform':
      return { kind: 'uniform', min: d.value.min, max: d.value.max };
    case 'fixed':
      return { kind: 'fixed', value: d.value };
    case 'empirical':
      return { kind: 'empirical', samples: [...d.value] };
  }
}

