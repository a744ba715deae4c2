/**
 * The core area's part of the scenario: components and their instances, repair crews, the structure
 * function, injected node faults (crash, zone outage), observation times and the core SLOs. Added to
 * `Scenario` by module augmentation (docs/architecture.md); built by src/core/normalize.ts.
 */
import type { DistributionSpec, FaultSchedule, Seconds, SourceRef } from '../scenario/primitives.js';

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

/**
 * Order in which a crew's free repairer takes the failed units waiting for it:
 * - `fifo`: the longest-waiting unit (first come, first served);
 * - `priority`: the longest-waiting unit of the highest-priority component (non-preemptive);
 * - `random`: a waiting unit chosen uniformly at random;
 * - `random-component`: a component chosen uniformly among those with waiting units, then its
 *   longest-waiting unit (the repair unit of PRISM's workstation-cluster benchmark).
 */
export type CrewDiscipline = 'fifo' | 'priority' | 'random' | 'random-component';

/** A shared repair crew: `count` repairers serving the failed instances of its components. */
export interface CrewSpec {
  name: string;
  count: number;
  /** Repair order (absent: fifo). */
  discipline?: CrewDiscipline;
  /** Components by decreasing priority (discipline `priority`; unlisted components come last). */
  priority?: string[];
  /**
   * Call-out delay before a repair starts, or null (repair starts when a repairer is free). While a
   * repairer is free, each unit the discipline may take next (`fifo`/`priority`: the next ones in order,
   * one per free repairer; `random`: every waiting unit; `random-component`: the longest-waiting unit of
   * each component) runs its own call-out delay; the first to end takes the repairer (a race, as the
   * "inspect" actions of PRISM's cluster model). A unit stops its call-out when it stops being a candidate.
   * Absent: none.
   */
  callOut?: DistributionSpec | null;
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

declare module '../scenario/types.js' {
  interface Scenario {
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
    /**
     * The injected faults declared for the areas (not the core's `faults`): per area with any, its title and
     * fault kinds (`ModelArea.injectedFaults`), in registry order; filled by scenario-document/normalize.ts,
     * absent on scenarios built by hand (read as none).
     */
    areaFaults?: { area: string; kinds: string[] }[];
    observe: {
      /** Times at which to estimate point availability A(t) = P(system up at t). */
      pointAvailabilityAt: Seconds[];
      /** Times at which to estimate reliability R(t) = P(no system failure in [0, t]). */
      reliabilityAt: Seconds[];
    };
    slo: SloSpec;
  }
}
