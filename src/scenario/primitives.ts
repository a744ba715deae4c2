/**
 * The shared vocabulary types of the scenario language, used by every modelling area: durations in
 * seconds, duration laws, fault schedules and source references. A leaf module (imports nothing), so any
 * area's types can use it without importing the composed `Scenario` (src/scenario/types.ts).
 */

/** Time in seconds. */
export type Seconds = number;

/**
 * A probability law for a positive duration (time to failure, repair time, fault duration...).
 * Parameters are in seconds unless stated otherwise.
 */
export type DistributionSpec =
  /** Exponential with the given mean (MTBF/MTTR); rate = 1/mean. */
  | { kind: 'exponential'; mean: Seconds }
  /** Weibull: P(T > t) = exp(-(t/scale)^shape). */
  | { kind: 'weibull'; shape: number; scale: Seconds }
  /** Lognormal: ln(T / 1 s) ~ Normal(mu, sigma). (median m, p95 q give mu = ln m, sigma = ln(q/m)/1.6449.) */
  | { kind: 'lognormal'; mu: number; sigma: number }
  /** Normal(mean, sd) truncated to (0, inf) by rejection. */
  | { kind: 'normal'; mean: Seconds; sd: Seconds }
  /** Uniform on [min, max]. */
  | { kind: 'uniform'; min: Seconds; max: Seconds }
  /** Deterministic value. */
  | { kind: 'fixed'; value: Seconds }
  /** Resampled uniformly from the given observations. */
  | { kind: 'empirical'; samples: Seconds[] };

/** A location in the scenario source file, for messages. `line` and `column` are 1-based. */
export interface SourceRef {
  /** Path in the scenario, e.g. `components.web.failure`. */
  path: string;
  line?: number;
  column?: number;
}

/** When an injected fault happens. */
export type FaultSchedule =
  /** Once, at an absolute simulation time. */
  | { type: 'at'; at: Seconds }
  /** Repeatedly, as a Poisson process with the given rate (per second). */
  | { type: 'rate'; rate: number };
