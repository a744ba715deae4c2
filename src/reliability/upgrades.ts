/**
 * Rolling upgrades (patching): at each firing of its schedule a round starts and upgrades the target's
 * instances one batch at a time (one instance, or every instance of one zone), as a Kubernetes rolling
 * update with maxUnavailable = one batch does. Each instance of a batch is held down (planned work) for a
 * draw of `duration`; with probability `failure_probability` its upgrade fails and is rolled back, holding it
 * down a draw of `rollback` longer. The next batch starts when every instance of the batch is back; after a
 * failed upgrade the round stops (`on_failure: stop`, the default) or goes on (`continue`). A firing while a
 * round is still going on is skipped (counted). Upgrades do not renew the units (their failure clocks
 * continue: the software changes, not the hardware).
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { Uniform } from '../engine/rng.js';
import type { EventHandler } from '../engine/simulator.js';
import type { LayerContext } from './context.js';
import { scheduleCursor } from './schedule.js';
import type { UpgradeSpec } from './types.js';

const ROUND = 0;
const DONE = 1;

/** One rolling upgrade on one replication. */
export class RollingUpgrade implements EventHandler {
  private readonly next: () => number | null;
  private readonly duration: Sampler;
  private readonly rollback: Sampler;
  private readonly rng: Uniform;
  private batch = -1;
  private pending = 0;
  private failedInBatch = false;

  constructor(
    private readonly ctx: LayerContext,
    private readonly spec: UpgradeSpec,
    private readonly entry: number,
  ) {
    this.next = scheduleCursor(spec.schedule, ctx.scenario.horizon);
    this.duration = makeSampler(spec.duration);
    this.rollback = makeSampler(spec.rollback);
    this.rng = ctx.rng(`maintenance.rolling_upgrades.${spec.name}`, 'upgrade');
  }

  private get stats() {
    return this.ctx.stats.upgrades[this.entry];
  }

  start(): void {
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const t = this.next();
    if (t !== null) this.ctx.sim.scheduleAt(Math.max(t, this.ctx.sim.now), this, ROUND);
  }

  handleEvent(kind: number, id: number): void {
    if (kind === ROUND) {
      this.scheduleNext();
      if (this.batch >= 0) {
        if (this.ctx.inWindow()) this.stats.skipped++;
        return;
      }
      if (this.ctx.inWindow()) this.stats.rounds++;
      this.startBatch(0);
      return;
    }
    this.ctx.planned.release(this.ctx.system.instances[id]);
    if (--this.pending > 0) return;
    const stop = this.failedInBatch && this.spec.onFailure === 'stop';
    if (stop && this.ctx.inWindow()) this.stats.stopped++;
    if (stop || this.batch + 1 >= this.spec.batches.length) this.batch = -1;
    else this.startBatch(this.batch + 1);
  }

  private startBatch(b: number): void {
    this.batch = b;
    this.failedInBatch = false;
    const ids = this.spec.batches[b];
    this.pending = ids.length;
    for (const id of ids) {
      const inst = this.ctx.byId.get(id) as NonNullable<ReturnType<LayerContext['byId']['get']>>;
      const failed = this.spec.failureProbability > 0 && this.rng() < this.spec.failureProbability;
      let d = this.duration.sample(this.rng);
      if (failed) {
        d += this.rollback.sample(this.rng);
        this.failedInBatch = true;
      }
      if (this.ctx.inWindow()) {
        this.stats.instances++;
        if (failed) this.stats.failed++;
      }
      this.ctx.planned.hold(inst);
      this.ctx.sim.schedule(d, this, DONE, inst.index);
    }
  }
}
