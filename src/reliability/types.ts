/**
 * The normalized reliability section of a scenario (docs/reliability.md): latent failures with proof tests,
 * common-cause failure groups, planned maintenance (windows, rolling upgrades, age replacement), operating
 * phases and minimal replaceable units. Times in seconds, probabilities and factors as fractions.
 */
import type { DistributionSpec, Seconds } from '../scenario/primitives.js';

/** A schedule of planned work: every `every` seconds from `offset`, or at the times of a cron expression. */
export type WorkSchedule = { type: 'every'; every: Seconds; offset: Seconds } | { type: 'cron'; expression: string };

/** A periodic proof test (inspection) of a component's instances. */
export interface ProofTestSpec {
  /** Test interval T1 (seconds). */
  every: Seconds;
  /** Time of the first test (seconds; default `every`). */
  offset: Seconds;
  /** Duration of the test (null = instant). */
  duration: DistributionSpec | null;
  /** The test takes the instance out of service for its duration (planned downtime). */
  offline: boolean;
  /** Proof-test coverage PTC: fraction of the latent failures a test can reveal (IEC 61508-6 B.3.2.5). */
  coverage: number;
  /** Staggered testing: instance i of n is tested at offset + (i - 1) * every / n. */
  stagger: boolean;
}

/** Latent ("blind", dangerous undetected) failures of one component's instances. */
export interface LatentSpec {
  component: string;
  /** Diagnostic coverage DC: probability a failure is detected at once (lambda_DD / lambda_D). */
  coverage: number;
  proofTest: ProofTestSpec | null;
  /**
   * Overhaul (renewal) interval that reveals every failure still hidden (those a proof test cannot find);
   * null = never within the horizon.
   */
  overhaul: Seconds | null;
}

/** A common-cause failure group of identical units (multiple Greek letter model; beta-factor when gamma = delta = 1). */
export interface CommonCauseSpec {
  name: string;
  /** Instance ids of the group (m = instances.length >= 2). */
  instances: string[];
  beta: number;
  gamma: number;
  delta: number;
  /** Total failure rate of one unit, 1/MTTF of the members' law (per second). */
  unitRate: number;
}

/** A maintenance window: planned work on some instances at scheduled times. */
export interface WindowSpec {
  name: string;
  schedule: WorkSchedule;
  duration: DistributionSpec;
  instances: string[];
  /** The work leaves the instances as good as new. */
  renew: boolean;
}

/** A rolling upgrade (patching): batches of instances taken down one batch after the other. */
export interface UpgradeSpec {
  name: string;
  schedule: WorkSchedule;
  /** Batches of instance ids, in upgrade order (one instance, or one zone, at a time). */
  batches: string[][];
  duration: DistributionSpec;
  /** Probability that the upgrade of one instance fails and must be rolled back. */
  failureProbability: number;
  /** Duration of a rollback (after the failed upgrade's duration). */
  rollback: DistributionSpec;
  /** After a failed upgrade: continue with the next batch, or stop this round. */
  onFailure: 'continue' | 'stop';
}

/** Age-based preventive replacement (Barlow & Proschan's age replacement policy). */
export interface AgeReplacementSpec {
  component: string;
  /** Operating age at which a unit is replaced if it has not failed before (seconds). */
  age: Seconds;
  /** Duration of a preventive replacement (planned downtime). */
  duration: DistributionSpec;
}

/** An operating phase (mode) of a cycle of phases. */
export interface PhaseSpec {
  name: string;
  duration: DistributionSpec;
  /** Failure-rate factor per component (components not listed: `defaultFactor`). */
  factors: Record<string, number>;
  defaultFactor: number;
}

/** A minimal replaceable unit: a repair of any member replaces the whole unit. */
export interface ReplaceableUnitSpec {
  name: string;
  /** Instance ids of each unit (unit i holds block i of every member component). */
  units: string[][];
  /** Replacement duration law; null = the failed member's own repair law. */
  replacement: DistributionSpec | null;
}

export interface ReliabilitySpec {
  latent: LatentSpec[];
  commonCause: CommonCauseSpec[];
  windows: WindowSpec[];
  upgrades: UpgradeSpec[];
  ageReplacement: AgeReplacementSpec[];
  phases: PhaseSpec[];
  replaceableUnits: ReplaceableUnitSpec[];
}

declare module '../scenario/types.js' {
  interface Scenario {
    /** Reliability engineering (src/reliability/); absent when the scenario uses none of its keys. */
    reliability?: ReliabilitySpec;
  }
}
