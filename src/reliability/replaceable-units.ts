/**
 * Minimal replaceable units (AvailSim4's MRUs; a line-replaceable unit): a repair of any member replaces the
 * whole unit (e.g. a server when one of its disks fails). The first member whose repair is requested leads
 * the replacement: it waits for its crew as any repair does; while the replacement runs (a draw of the
 * unit's `replacement` law, else of the leader's own repair law) every other member is held down (unplanned:
 * the unit is out for a corrective action); at its end every member is as good as new. Members that fail
 * while a replacement is requested or running do not request repairs of their own: the replacement renews
 * them.
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { Uniform } from '../engine/rng.js';
import type { Instance } from '../model/instance.js';
import type { LayerContext } from './context.js';
import type { ReplaceableUnitSpec } from './types.js';

/** One replaceable unit (one block of instances) on one replication. */
class Unit {
  busy = false;
  leader: Instance | null = null;
  constructor(readonly members: Instance[]) {}
}

/** Every unit of one `replaceable_units` entry on one replication. */
export class ReplaceableUnits {
  private readonly replacement: Sampler | null;
  private readonly rng: Uniform;

  constructor(
    private readonly ctx: LayerContext,
    private readonly spec: ReplaceableUnitSpec,
    private readonly entry: number,
  ) {
    this.replacement = spec.replacement ? makeSampler(spec.replacement) : null;
    this.rng = ctx.rng(`replaceable_units.${spec.name}`, 'replacement');
    for (const ids of spec.units) {
      const unit = new Unit(ids.map((id) => ctx.byId.get(id) as Instance));
      for (const inst of unit.members) this.wire(unit, inst);
    }
  }

  private wire(unit: Unit, inst: Instance): void {
    const ownRepair = this.ctx.system.compiled.repair.get(inst.component) ?? null;
    const done = inst.onRepairDone;
    inst.repairRequest = (i) => {
      if (unit.busy) return; // the running or requested replacement renews it
      unit.busy = true;
      unit.leader = i;
      i.dispatchRepair();
    };
    inst.repairDuration = (i) => {
      for (const m of unit.members) if (m !== i) m.faultBegin();
      if (this.ctx.inWindow()) this.ctx.stats.replacements[this.entry]++;
      const law = this.replacement ?? ownRepair;
      return law ? law.sample(this.rng) : 0;
    };
    inst.onRepairDone = (i) => {
      done?.(i);
      for (const m of unit.members) {
        if (m === i) continue;
        m.renew();
        m.faultEnd();
      }
      unit.busy = false;
      unit.leader = null;
    };
  }
}
