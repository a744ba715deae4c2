import { makeSampler } from '../engine/distributions.js';
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
  /** System listeners kept by `reset` (those registered before `sealListeners`). */
  private coreListeners = 0;
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
    const crews = new Map(
      sc.crews.map((c) => {
        const element = `crews.${c.name}`;
        const callOut = c.callOut ? { sampler: makeSampler(c.callOut), rng: rng(element, 'call-out'), sim } : null;
        const random = c.discipline === 'random' || c.discipline === 'random-component';
        const options = { discipline: c.discipline, priority: c.priority, choiceRng: random ? rng(element, 'choice') : undefined, callOut };
        return [c.name, new RepairCrew(c.name, c.count, options)];
      }),
    );
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
   * streams of that replication, and no listener or hook added after construction (or after `sealListeners`).
   */
  reset(replication: number): void {
    this.replication = replication;
    const seed = this.compiled.scenario.seed;
    for (const s of this.streams) s.reset(seed, replication);
    for (const inst of this.instances) inst.reset();
    for (const c of this.crews) c.reset();
    for (const f of this.faults) f.reset();
    this.root.reset();
    this.listeners.length = this.coreListeners;
  }

  /**
   * Makes the listeners registered so far on the system and on every instance permanent: `reset` keeps
   * them (observers reused across replications) and drops only those added later.
   */
  sealListeners(): void {
    this.coreListeners = this.listeners.length;
    for (const inst of this.instances) inst.sealListeners();
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
