/**
 * The normalized, validated scenario: what `loadScenario` returns and what the model builder and the
 * analytic module consume. Every time is in seconds (float64), every rate is per second, every
 * probability is in [0, 1]. The YAML/JSON syntax users write is documented in docs/scenario-format.md;
 * this file is the in-memory contract after parsing, unit conversion and validation.
 */


export type { DistributionSpec, FaultSchedule, Seconds, SourceRef } from './primitives.js';
import type { DistributionSpec, FaultSchedule, Seconds, SourceRef } from './primitives.js';

/** One component type as declared in the scenario (may stand for `count` identical instances). */
export interface ComponentSpec {
  name: string;
  count: number;
  /** Time-to-failure law while operating; null means the component never fails on its own. */
  failure: DistributionSpec | null;
  /** Repair-time law (active repair, excluding waiting for a crew); null means never repaired. */
  repair: DistributionSpec | null;
  /** Shared repair crew name, or null for independent repair (an unlimited number of repairers). */
  crew: string | null;
  /** Zone of each instance (length = count), null where no zone was given. */
  zones: (string | null)[];
}

/**
 * One instance of a component: the unit the simulator fails and repairs.
 * Ids are the component name when count = 1, else `name[i]` with i from 1 to count.
 */
export interface InstanceSpec {
  id: string;
  component: string;
  /** 1-based index within the component. */
  index: number;
  zone: string | null;
}

/** A shared repair crew: `count` repairers serving failed instances first-come first-served. */
export interface CrewSpec {
  name: string;
  count: number;
}

/** Standby redundancy mode: cold spares do not age, warm spares age at `dormancy` x rate, hot age fully. */
export type StandbyMode = 'cold' | 'warm' | 'hot';

/**
 * The structure function (reliability block diagram) saying when the system is up.
 * Group references in the source are expanded to instance leaves.
 */
export type StructureNode =
  | { type: 'component'; instance: string }
  | { type: 'series'; children: StructureNode[] }
  | { type: 'parallel'; children: StructureNode[] }
  | { type: 'k_of_n'; k: number; children: StructureNode[] }
  | {
      type: 'standby';
      mode: StandbyMode;
      /** Ageing factor of a unit while it is a spare: 0 for cold, 1 for hot, in (0,1) for warm. */
      dormancy: number;
      /** Instance ids; units[0] is the initial active (primary), the rest are spares in order. */
      units: string[];
      /** Time to switch to a spare after the active unit fails; the block is down meanwhile. */
      switchover: Seconds;
      /** Probability that a switch to a spare succeeds; on failure the block stays down until a unit is repaired. */
      switchSuccess: number;
    };

/**
 * An injected fault (Chaos Mesh vocabulary). While active, every target instance is down and does not age;
 * an instance already failed stays failed until both its repair and the fault are over.
 */
export interface FaultSpec {
  kind: 'crash' | 'zone-outage';
  /** Instance ids the fault takes down (for a zone outage: every instance in the zone). */
  targets: string[];
  /** For zone outages, the zone name; null otherwise. */
  zone: string | null;
  schedule: FaultSchedule;
  /** How long the fault lasts. */
  duration: DistributionSpec;
  /** Where the fault was declared, e.g. `faults[2]`. */
  source: SourceRef;
}

/** Service-level objectives the results are checked against (all optional). */
export interface SloSpec {
  /** Minimum availability as a fraction (99.95% -> 0.9995). */
  availability?: number;
  /**
   * Maximum 99th percentile of the system outage duration (time from the system going down to it being up
   * again), seconds: scenario key `slo.outage_duration_p99` (alias `rto_p99`, its former name). Not the data
   * section's RTO (time to restore a datastore), which the data results report separately.
   */
  outageDurationP99?: Seconds;
  /**
   * Largest acceptable data loss of any one incident, seconds (checked once data durability is modelled):
   * the objective is met when no incident loses more (an unrecoverable loss always does).
   */
  rpoMax?: Seconds;
  /**
   * Accepted probability per year that some incident loses more than `rpoMax` (a fraction); absent = none
   * accepted: the objective fails on any such incident and a pass is never conclusive.
   */
  rpoMaxProbability?: number;
}

/** How many replications to run. */
export interface ReplicationPlan {
  /** Replications to run, or the maximum when `targetHalfWidth` is set. */
  replications: number;
  /** Stop early once the 95% CI half-width of availability is at most this (absolute); null = run all. */
  targetHalfWidth: number | null;
  /** Minimum replications before the precision rule may stop the run. */
  minReplications: number;
}

/**
 * A fully validated scenario: the shared settings and the components + structure core. Every other
 * modelling area adds its own optional section to this interface by module augmentation in its types
 * file (`declare module '../scenario/types.js' { interface Scenario { ... } }`; see docs/architecture.md),
 * so this file names none of them.
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
  components: ComponentSpec[];
  instances: InstanceSpec[];
  crews: CrewSpec[];
  system: StructureNode;
  /**
   * Whether operating components keep ageing (can fail) while the system is down.
   * true: failures continue (product-of-availabilities semantics); false: every failure clock is frozen
   * while the system is down (Barlow & Proschan's "no failure while system down" semantics).
   */
  ageingWhileSystemDown: boolean;
  faults: FaultSpec[];
  observe: {
    /** Times at which to estimate point availability A(t) = P(system up at t). */
    pointAvailabilityAt: Seconds[];
    /** Times at which to estimate reliability R(t) = P(no system failure in [0, t]). */
    reliabilityAt: Seconds[];
  };
  slo: SloSpec;
  /** The scenario file the scenario came from (absolute or as given), or '<inline>'. */
  file: string;
}
