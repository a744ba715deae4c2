import { LazyStream, streamKey } from '../engine/rng.js';
import type { Simulator } from '../engine/simulator.js';
import type { CompiledModel } from './compiled-model.js';
import { RepairCrew } from './crew.js';
import { FaultInjector } from './faults.js';
import { Instance } from './instance.js';
import { buildBlock, type Block, type BlockParent } from './structure.js';

/** Told when the whole system goes down or comes back up. */
export interface SystemListener {
  systemChanged(up: boolean): void;
}

/**
 * The runtime elements of the replications: instances, crews, the block tree and fault injectors, wired to
 * one simulator. Built once per compiled model and thread; `reset(replication)` prepares the next
 * replication (same state as a freshly built model), so a replication allocates only what it uses.
 * Random streams are keyed by (seed, replication, element id, purpose); their keys are hashed once here and
 * each stream's generator is created at its first draw in a replication.
 * With `ageingWhileSystemDown = false`, every instance's failure clock is frozen while the system is down.
 */
export class SystemModel implements BlockParent {
  readonly instances: Instance[];
  readonly root: Block;
  readonly faults: FaultInjector[];
  private readonly crews: RepairCrew[];
  private readonly streams: LazyStream[] = [];
  private readonly listeners: SystemListener[] = [];
  private replication = 0;

  /** Builds the model for replication 0 (call `reset` for another one). */
  constructor(private readonly sim: Simulator, readonly compiled: CompiledModel) {
    const sc = compiled.scenario;
    const rng = (element: string, purpose: string) => {
      const s = new LazyStream(streamKey(element, purpose));
      s.reset(sc.seed, 0);
      this.streams.push(s);
      return s.uniform;
    };
    const crews = new Map(sc.crews.map((c) => [c.name, new RepairCrew(c.name, c.count)]));
    this.crews = [...crews.values()];
    this.instances = sc.instances.map((spec, i) => {
      const crewName = compiled.crewOf.get(spec.component) ?? null;
      return new Instance(
        spec,
        i,
        sim,
        compiled.failure.get(spec.component) ?? null,
        compiled.repair.get(spec.component) ?? null,
        crewName ? (crews.get(crewName) as RepairCrew) : null,
        rng(spec.id, 'failure'),
        rng(spec.id, 'repair'),
      );
    });
    const byId = new Map(this.instances.map((x) => [x.id, x]));
    const lookup = (id: string) => {
      const inst = byId.get(id);
      if (!inst) throw new Error(`structure refers to unknown instance ${id}`);
      return inst;
    };
    this.root = buildBlock(sc.system, sim, lookup, (element) => rng(element, 'switch'));
    this.root.parent = this;
    for (const inst of this.instances) inst.sealListeners();
    this.faults = sc.faults.map(
      (f, i) =>
        new FaultInjector(
          sim,
          f,
          f.targets.map(lookup),
          compiled.faultDurations[i],
          rng(`faults[${i}]`, 'arrival'),
          rng(`faults[${i}]`, 'duration'),
          sc.horizon,
        ),
    );
  }

  /** The replication the model is prepared for. */
  get currentReplication(): number {
    return this.replication;
  }

  /**
   * Prepares replication `replication` on the (already reset) simulator: every element as built, the
   * streams of that replication, and no listener or hook added after construction.
   */
  reset(replication: number): void {
    this.replication = replication;
    const seed = this.compiled.scenario.seed;
    for (const s of this.streams) s.reset(seed, replication);
    for (const inst of this.instances) inst.reset();
    for (const c of this.crews) c.reset();
    for (const f of this.faults) f.reset();
    this.root.reset();
    this.listeners.length = 0;
  }

  addListener(listener: SystemListener): void {
    this.listeners.push(listener);
  }

  /** Starts every instance and fault at t = 0. */
  start(): void {
    for (const inst of this.instances) inst.start();
    for (const f of this.faults) f.start();
  }

  childChanged(up: boolean): void {
    if (!this.compiled.scenario.ageingWhileSystemDown) {
      for (const inst of this.instances) inst.setFrozen(!up);
    }
    for (const l of this.listeners) l.systemChanged(up);
  }
}
