/**
 * The analytic expectation of a scenario, as stored in the versioned results JSON.
 * Plain JSON data only: numbers are finite, anything not computable is null (never Infinity or NaN).
 * Times are in seconds, availabilities and probabilities are fractions in [0, 1].
 */

/** A time-indexed value (point availability A(t) or reliability R(t)). */
export interface AnalyticTimePoint {
  /** Time since the start (every unit up), s. */
  t: number;
  /** The value at t, or null when the method cannot compute it. */
  value: number | null;
}

/** System-level analytic values. */
export interface AnalyticSystem {
  /** Steady-state (long-run) availability; null when not defined (units never repaired) or not computable. */
  availability: number | null;
  /** 1 - availability, computed directly where possible (keeps relative precision for tiny values). */
  unavailability: number | null;
  /** Expected downtime per year of 365 days, s: unavailability x 31 536 000. */
  downtimePerYear: number | null;
  /** Mean time to first system failure, starting with every unit up (as new), s; null if not computable or infinite. */
  mttff: number | null;
  /** Mean time between system failures in steady state (1 / failure frequency), s. */
  mtbf: number | null;
  /** Mean system up time per failure cycle in steady state (A / frequency), s. */
  mut: number | null;
  /** Mean system down time per failure cycle in steady state ((1 - A) / frequency), s. */
  mdt: number | null;
  /**
   * Mean availability over the statistics window [warmup, horizon] starting all-up at 0: what a
   * simulation's time-average estimates (differs from `availability` when the horizon is short).
   */
  intervalAvailability: { from: number; to: number; value: number | null };
  /** P(system up at t) at each `observe.pointAvailabilityAt` time, starting all-up. */
  pointAvailability: AnalyticTimePoint[];
  /** P(no system failure in [0, t]) at each `observe.reliabilityAt` time, starting all-up. */
  reliability: AnalyticTimePoint[];
}

/** Steady-state availability of one instance (up = not failed and not held down by a fault). */
export interface AnalyticInstance {
  /** Instance id, as in Scenario.instances. */
  instance: string;
  availability: number | null;
}

/** The analytic expectation of a scenario: values, how they were obtained, and how far to trust them. */
export interface AnalyticResult {
  /**
   * The method used, e.g. 'closed-form: series (no ageing while system down)', 'CTMC (243 states)',
   * 'structure function over independent components'.
   */
  method: string;
  /** The formula in human-readable text. */
  formula: string;
  /** Bibliographic source(s) of the formula or method. */
  source: string;
  /** Assumptions under which the values are exact. */
  assumptions: string[];
  /** True when the scenario breaks an assumption (then `violations` says which): values are approximate. */
  approximate: boolean;
  /**
   * Each assumption the scenario breaks, precisely (e.g. 'non-exponential failure law on component web:
   * weibull shape 1.2 scale 4000h (modelled as exponential with mean 3762h)'). Empty when exact.
   */
  violations: string[];
  /** Informational remarks: values not computed and why, solver details. */
  notes: string[];
  /** Number of CTMC states when a CTMC was solved, else null. */
  stateCount: number | null;
  /**
   * How the CTMC represented non-exponential laws (phase-type fits, src/analytic/phase-type-analysis.ts);
   * absent or null when no CTMC with such laws was solved.
   */
  phaseType?: AnalyticPhaseType | null;
  system: AnalyticSystem;
  /** Per-instance steady-state availability, in Scenario.instances order. */
  instances: AnalyticInstance[];
}

/** One law fitted by an acyclic phase-type distribution for the CTMC. */
export interface AnalyticPhaseTypeFit {
  /** Which law, e.g. `repair law on component db`, `duration of zone-outage fault faults[1]`. */
  what: string;
  /** The law, e.g. `lognormal median 20m sigma 1.2`. */
  law: string;
  /** Number of phases. */
  order: number;
  /** Leading raw moments reproduced (relative error < 1e-6): 1 = mean, 2 = + second, 3 = + third. */
  momentsMatched: number;
  /** Construction and what it matches. */
  method: string;
  /** E[X], E[X^2], E[X^3] of the law, s, s^2, s^3 (null: not finite in floating point). */
  targetMoments: Array<number | null>;
  /** The same moments of the fitted distribution. */
  fittedMoments: Array<number | null>;
}

/** The phase-type representation of the analytic CTMC and the sensitivity of its values to the order. */
export interface AnalyticPhaseType {
  /** The fits the values were computed with, in words (e.g. `minimal-order three-moment fits (order at most 4)`). */
  used: string;
  fits: AnalyticPhaseTypeFit[];
  /** Why a lower order was used (state budget), or null. */
  fallback: string | null;
  /** The steady-state values with another order (null when not applicable). */
  sensitivity: {
    /** The other fits, in words. */
    with: string;
    stateCount: number | null;
    availability: number | null;
    mtbf: number | null;
    mut: number | null;
    mdt: number | null;
    /** The relative differences in words (or why not computed). */
    note: string;
  } | null;
}
