/**
 * Maintenance windows and age-based preventive replacement (planned work, planned-work.ts).
 *
 * A window holds its instances down from each firing of its schedule for a draw of its duration law
 * (occurrences that overlap nest); with `renew`, the work leaves them as good as new.
 * Age replacement (Barlow & Proschan, "Mathematical Theory of Reliability" (1965), ch. 4 sec. 2): a unit is
 * replaced preventively when its operating age reaches `age` without a failure; the replacement holds it
 * down for a draw of `duration`, then the unit is as good as new. A failure before that age is repaired as
 * usual and also renews the unit (so the age counts from the last failure or replacement).
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { Uniform } from '../engine/rng.js';
import type { EventHandler } from '../engine/simulator.js';
import type { Instance } from '../model/instance.js';
import type { LayerContext } from './context.js';
import { scheduleCursor } from './schedule.js';
import type { AgeReplacementSpec, WindowSpec } from './types.js';

const OPEN = 0;
const CLOSE = 1;

/** One maintenance window on one replication. */
export class MaintenanceWindow implements EventHandler {
  private readonly next: () => number | null;
  private readonly duration: Sampler;
  private readonly rng: Uniform;

  constructor(
    private readonly ctx: LayerContext,
    private readonly spec: WindowSpec,
    private readonly entry: number,
    private readonly instances: Instance[],
  ) {
    this.next = scheduleCursor(spec.schedule, ctx.scenario.horizon);
    this.duration = makeSampler(spec.duration);
    this.rng = ctx.rng(`maintenance.windows.${spec.name}`, 'duration');
  }

  start(): void {
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const t = this.next();
    if (t !== null) this.ctx.sim.scheduleAt(Math.max(t, this.ctx.sim.now), this, OPEN);
  }

  handleEvent(kind: number): void {
    if (kind === OPEN) {
      if (this.ctx.inWindow()) this.ctx.stats.windows[this.entry]++;
      for (const inst of this.instances) this.ctx.planned.hold(inst);
      this.ctx.sim.schedule(this.duration.sample(this.rng), this, CLOSE);
      this.scheduleNext();
    } else {
      for (const inst of this.instances) {
        if (this.spec.renew && !inst.failed) inst.renew();
        this.ctx.planned.release(inst);
      }
    }
  }
}

/** Age replacement of one component's instances on one replication. */
export class AgeReplacement implements EventHandler {
  private readonly duration: Sampler;
  private readonly rng: Uniform;

  constructor(
    private readonly ctx: LayerContext,
    private readonly spec: AgeReplacementSpec,
    private readonly entry: number,
    private readonly instances: Instance[],
  ) {
    this.duration = makeSampler(spec.duration);
    this.rng = ctx.rng(`maintenance.age_replacement.${spec.component}`, 'duration');
    instances.forEach((inst, j) => {
      inst.onAgeLimit = () => this.replace(j);
      inst.setAgeLimit(spec.age);
    });
  }

  private replace(j: number): void {
    if (this.ctx.inWindow()) this.ctx.stats.ageReplacements[this.entry]++;
    this.ctx.planned.hold(this.instances[j]);
    this.ctx.sim.schedule(this.duration.sample(this.rng), this, 0, j);
  }

  handleEvent(_kind: number, j: number): void {
    const inst = this.instances[j];
    if (!inst.failed) inst.renew();
    this.ctx.planned.release(inst);
  }
}
