/**
 * The normalized `planning:` section of a scenario (capacity planning, `faultline plan`): the cost model,
 * the configuration knobs to search, how many candidates to confirm by simulation and the optional N-k load
 * capacity check. Money is in `cost.currency` per month unless stated; times in seconds, rates per second.
 * The YAML syntax is documented in docs/scenario-format.md ("Capacity planning").
 */
import type { PathSegment } from '../scenario/errors.js';
import type { SourceRef } from '../scenario/primitives.js';

/** Monthly cost model. A month is 1/12 of a 365-day year (43 800 minutes). */
export interface CostModel {
  /** Currency label used in reports (no conversion is done), e.g. `USD`. */
  currency: string;
  /** Cost of one instance of a component per month, by component name (unlisted components cost 0). */
  instancePerMonth: Record<string, number>;
  /** Cost of one crew member (repairer) per month, by crew name (unlisted crews cost 0). */
  crewMemberPerMonth: Record<string, number>;
  /** Cost of one minute of system downtime. */
  downtimePerMinute: number;
  /** Cost of one GB of data lost (applied only when the scenario models data loss). */
  perGbLost: number;
}

/** One search knob: a scenario path and the candidate values written there (as YAML values, before validation). */
export interface SearchKnob {
  /** The path as written, e.g. `components.web.count`. */
  path: string;
  segments: PathSegment[];
  /** Candidate values, as raw document values (e.g. 3, "10m", { fixed: "5m" }). */
  values: unknown[];
  /** Extra monthly cost of each value (e.g. a support contract that shortens repairs), or null (0). */
  costPerMonth: number[] | null;
  /** Where the knob is declared (`planning.search[i]`). */
  source: SourceRef;
}

/** Latency objective of the N-k check (M/M/c waiting time, i.e. time queued before service starts). */
export interface LatencySlo {
  /** Maximum mean waiting time Wq, s. */
  waitMean?: number;
  /** Maximum 95th percentile of the waiting time, s. */
  waitP95?: number;
  /** Maximum 99th percentile of the waiting time, s. */
  waitP99?: number;
  /** Maximum server utilisation rho = lambda / (c mu), as a fraction. */
  maxUtilisation?: number;
}

/** N-k load capacity: Poisson arrivals served by the instances of one component (M/M/c, Erlang C). */
export interface LoadSpec {
  /** Component whose instances serve the load. */
  component: string;
  /** Arrival rate lambda, requests per second. */
  arrivalRate: number;
  /** Service rate mu of one instance, requests per second (exponential service times). */
  serviceRatePerInstance: number;
  latencySlo: LatencySlo;
  /** Instances that may be down at once while the latency SLO still holds (the N-k design rule); reports k = 0..maxDown. */
  maxDown: number;
}

/** Settings of the simulated N-k table (`planning.n_minus_k_at_peak`, src/plan/nk-simulation.ts). */
export interface NkSimSpec {
  /** Largest k simulated (hosts of each load service down at once). */
  maxDown: number;
  /** Measured window per k, s. */
  window: number;
  /** Replications per k. */
  replications: number;
}

/** The normalized `planning:` section. */
export interface PlanningSpec {
  cost: CostModel;
  search: SearchKnob[];
  /** Number of cheapest analytically feasible candidates confirmed by simulation. */
  confirm: number;
  /** Maximum grid size (product of the knobs' value counts). */
  maxCandidates: number;
  load: LoadSpec | null;
  /** Simulate each confirmed candidate losing its worst zone(s) at peak (src/plan/zone-loss.ts), or null. */
  zoneLoss: { duration: number; zonesLost: number } | null;
  /** Simulated N-k table at peak (src/plan/nk-simulation.ts), or null. */
  nkSimulation: NkSimSpec | null;
}

/** The planning area's section of the normalized scenario (module augmentation: src/scenario/types.ts names no area). */
declare module '../scenario/types.js' {
  interface Scenario {
    /** Capacity planning section (`faultline plan`), when the file has one. */
    planning?: PlanningSpec;
  }
}
