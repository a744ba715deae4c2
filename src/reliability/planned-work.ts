/**
 * Planned work on instances (proof tests that take a unit out of service, maintenance windows, rolling
 * upgrades, preventive replacements) and the system down time it causes.
 *
 * An instance held by planned work is down like one held by an injected fault. The system's down time is
 * planned while some planned work is going on and the system would be up without it: the structure function
 * evaluated with every instance that is down only because of planned work counted as up (standby blocks as
 * "any unit up", without switchover). Otherwise it is unplanned (failures and faults suffice to take the
 * system down). This is the counterfactual reading of "planned downtime" used by BlockSim's downtime
 * breakdown (maintenance vs failure); docs/reliability.md.
 */
import type { Simulator } from '../engine/simulator.js';
import type { Instance, InstanceListener } from '../model/instance.js';
import type { SystemListener, SystemModel } from '../model/system-model.js';
import type { StructureNode } from '../core/types.js';

/** A structure function over instance indices, for the counterfactual. */
type Evaluator = (upOf: (i: number) => boolean) => boolean;

function compile(node: StructureNode, index: Map<string, number>): Evaluator {
  switch (node.type) {
    case 'component': {
      const i = index.get(node.instance) as number;
      return (up) => up(i);
    }
    case 'series': {
      const cs = node.children.map((c) => compile(c, index));
      return (up) => cs.every((c) => c(up));
    }
    case 'parallel': {
      const cs = node.children.map((c) => compile(c, index));
      return (up) => cs.some((c) => c(up));
    }
    case 'k_of_n': {
      const cs = node.children.map((c) => compile(c, index));
      const k = node.k;
      return (up) => {
        let n = 0;
        for (const c of cs) if (c(up) && ++n >= k) return true;
        return false;
      };
    }
    case 'standby': {
      const ids = node.units.map((u) => index.get(u) as number);
      return (up) => ids.some((i) => up(i));
    }
  }
}

export class PlannedWork implements InstanceListener, SystemListener {
  /** Planned holds per instance index. */
  private readonly holds: Int32Array;
  private active = 0;
  private plannedDown = false;
  private since = 0;
  downtime = 0;
  private readonly evaluate: Evaluator;

  constructor(
    private readonly sim: Simulator,
    private readonly system: SystemModel,
    private readonly warmup: number,
    private readonly horizon: number,
  ) {
    const instances = system.instances;
    this.holds = new Int32Array(instances.length);
    this.evaluate = compile(system.compiled.scenario.system, new Map(instances.map((x) => [x.id, x.index])));
  }

  /** Listens to every instance and the system (only when the scenario has planned work). */
  install(): void {
    for (const inst of this.system.instances) inst.addListener(this);
    this.system.addListener(this);
  }

  /** Planned work starts holding `inst` down. */
  hold(inst: Instance): void {
    this.holds[inst.index]++;
    this.active++;
    inst.faultBegin();
    this.update();
  }

  /** Planned work on `inst` ends. */
  release(inst: Instance): void {
    this.holds[inst.index]--;
    this.active--;
    inst.faultEnd();
    this.update();
  }

  /** Is `inst` held by planned work now. */
  isHeld(inst: Instance): boolean {
    return this.holds[inst.index] > 0;
  }

  onInstanceChange(): void {
    this.update();
  }

  systemChanged(): void {
    this.update();
  }

  /** Closes the window at the horizon. */
  finish(): void {
    this.accumulate(this.horizon);
  }

  private update(): void {
    const now = this.sim.now;
    const planned = this.active > 0 && !this.system.root.up && this.evaluate((i) => this.unplannedUp(i));
    if (planned === this.plannedDown) return;
    this.accumulate(now);
    this.plannedDown = planned;
  }

  private unplannedUp(i: number): boolean {
    const inst = this.system.instances[i];
    return !inst.failed && inst.faultCount === this.holds[i];
  }

  private accumulate(until: number): void {
    if (this.plannedDown) {
      const from = Math.max(this.since, this.warmup);
      const to = Math.min(until, this.horizon);
      if (to > from) this.downtime += to - from;
    }
    this.since = until;
  }
}
