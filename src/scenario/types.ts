/**
 * The normalized, validated scenario: what `loadScenario` returns and what the model builder and the
 * analytic module consume. Every time is in seconds (float64), every rate is per second, every
 * probability is in [0, 1]. The YAML/JSON syntax users write is documented in docs/scenario-format.md;
 * this file is the in-memory contract after parsing, unit conversion and validation: the shared settings
 * only. The core (components, crews, structure, faults, SLOs: src/core/types.ts) and every other modelling
 * area add their sections by module augmentation.
 */

export type { DistributionSpec, FaultSchedule, Seconds, SourceRef } from './primitives.js';
import type { Seconds } from './primitives.js';

/** How many replications to run. */
export interface ReplicationPlan {
  /** Replications to run, or the maximum when `targetHalfWidth` is set. */
  replications: number;
  /** Stop early once the 95% CI half-width of availability is at most this (absolute); null = run all. */
  targetHalfWidth: number | null;
  /** Minimum replications before the precision rule may stop the run. */
  minReplications: number;
  /**
   * Most kernel events one replication may fire before the run stops with exit 2 (set by the CLI's work guard
   * from --max-events: src/cli/guard-options.ts); absent = no limit. Not part of the results.
   */
  eventBudget?: number;
}

/**
 * A fully validated scenario: the shared settings. The core adds its components + structure sections
 * (src/core/types.ts) and every other modelling area its own optional section, each by module augmentation
 * in its types file (`declare module '../scenario/types.js' { interface Scenario { ... } }`; see
 * docs/architecture.md), so this file names none of them.
 */
export interface Scenario {
  name: string;
  description: string;
  /** Simulated time per replication, seconds. */
  horizon: Seconds;
  /** Initial period excluded from the statistics, seconds (0 = none). */
  warmup: Seconds;
  seed: number;
  plan: ReplicationPlan;
  /** The scenario file the scenario came from (absolute or as given), or '<inline>'. */
  file: string;
}
