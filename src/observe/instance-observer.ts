import type { Simulator } from '../engine/simulator.js';
import type { Instance, InstanceListener } from '../model/instance.js';

/** Accumulates each instance's down time inside the window [warmup, horizon], seconds. */
export class InstanceObserver implements InstanceListener {
  /** Down time per instance index, seconds (a plain array: it goes into the replication's statistics as is). */
  downtime: number[];
  private readonly downSince: number[];

  constructor(private readonly sim: Simulator, private readonly count: number, private readonly warmup: number, private readonly horizon: number) {
    // Plain arrays: `downtime` is allocated every replication (it goes into its statistics), and typed
    // arrays above 64 bytes need an off-heap buffer each.
    this.downtime = new Array<number>(count).fill(0);
    this.downSince = new Array<number>(count).fill(-1);
  }

  /** Back to the state as constructed, for the next replication (a fresh `downtime` array). */
  reset(): void {
    this.downtime = new Array<number>(this.count).fill(0);
    this.downSince.fill(-1);
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
