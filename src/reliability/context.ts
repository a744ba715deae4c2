/** What the reliability area's runtime elements share on one replication. */
import type { Uniform } from '../engine/rng.js';
import type { Simulator } from '../engine/simulator.js';
import type { Instance } from '../model/instance.js';
import type { SystemModel } from '../model/system-model.js';
import type { Scenario } from '../scenario/types.js';
import type { PlannedWork } from './planned-work.js';
import type { ReliabilityReplicationStats } from './stats.js';
import type { ReliabilitySpec } from './types.js';

export interface LayerContext {
  sim: Simulator;
  system: SystemModel;
  scenario: Scenario;
  spec: ReliabilitySpec;
  byId: Map<string, Instance>;
  stats: ReliabilityReplicationStats;
  planned: PlannedWork;
  /** The random stream of (seed, replication, element, purpose). */
  rng(element: string, purpose: string): Uniform;
  /** Is now inside the observation window [warmup, horizon]. */
  inWindow(): boolean;
  /** Sets the stress factor of `inst` from its CCF thinning and the current phase. */
  stress: StressTable;
}

/** Per-instance ageing-rate factors: common-cause thinning (1 - beta) times the current phase's factor. */
export class StressTable {
  readonly base: Float64Array;
  readonly phase: Float64Array;
  constructor(private readonly instances: Instance[]) {
    this.base = new Float64Array(instances.length).fill(1);
    this.phase = new Float64Array(instances.length).fill(1);
  }

  apply(i: number): void {
    this.instances[i].setStress(this.base[i] * this.phase[i]);
  }
}
