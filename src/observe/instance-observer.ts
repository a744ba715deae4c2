import type { Simulator } from '../engine/simulator.js';
import type { Instance, InstanceListener } from '../model/instance.js';

/** Accumulates each instance's down time inside the window [warmup, horizon], seconds. */
export class InstanceObserver implements InstanceListener {
  readonly downtime: Float64Array;
  private readonly downSince: Float64Array;

  constructor(private readonly sim: Simulator, count: number, private readonly warmup: number, private readonly horizon: number) {
    this.downtime = new Float64Array(count);
    this.downSince = new Float64Array(count).fill(-1);
  }

  onInstanceChange(instance: Instance, up: boolean): void {
    const i = instance.index;
    if (!up) this.downSince[i] = this.sim.now;
    else {
      this.add(i, this.sim.now);
      this.downSince[i] = -1;
    }
  }

  /** Closes the window at the horizon. */
  finish(): void {
    for (let i = 0; i < this.downSince.length; i++) if (this.downSince[i] >= 0) this.add(i, this.horizon);
  }

  private add(i: number, until: number): void {
    const from = Math.max(this.downSince[i], this.warmup);
    const to = Math.min(until, this.horizon);
    if (to > from) this.downtime[i] += to - from;
  }
}
