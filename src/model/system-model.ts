import { makeSampler } from '../engine/distributions.js';
import { rngStream } from '../engine/rng.js';
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
 * The runtime elements of one replication: instances, crews, the block tree and fault injectors, wired to
 * one simulator. Random streams are keyed by (seed, replication, element id, purpose).
 * With `ageingWhileSystemDown = false`, every instance's failure clock is frozen while the system is down.
 */
export class SystemModel implements BlockParent {
  readonly instances: Instance[];
  readonly root: Block;
  readonly faults: FaultInjector[];
  private readonly listeners: SystemListener[] = [];

  constructor(private readonly sim: Simulator, readonly compiled: CompiledModel, replication: number) {
    const sc = compiled.scenario;
    const rng = (element: string, purpose: string) => rngStream(sc.seed, replication, element, purpose);
    const crews = new Map(
      sc.crews.map((c) => {
        const element = `crews.${c.name}`;
        const callOut = c.callOut ? { sampler: makeSampler(c.callOut), rng: rng(element, 'call-out'), sim } : null;
        const options = { discipline: c.discipline, priority: c.priority, choiceRng: rng(element, 'choice'), callOut };
        return [c.name, new RepairCrew(c.name, c.count, options)];
      }),
    );
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
