/**
 * Common-cause failures of a group of identical units (multiple Greek letter model, ccf-model.ts).
 *
 * Each unit keeps its own failure law, its ageing rate thinned by (1 - beta) (accelerated life: exact for
 * exponential laws, where the independent rate becomes Q_1 = (1 - beta) Q_t). Common-cause events arrive as
 * a Poisson process of rate sum_k C(m, k) Q_k (k = 2..m, Q_t = 1/MTTF); an event fails k units chosen
 * uniformly among the m (k drawn in proportion to C(m, k) Q_k). Units that are down at that moment (failed,
 * or out of service) are not affected. In a phase with failure factor f (phases.ts) the event rate is
 * multiplied by f, as the units' own rates are.
 */
import type { Uniform } from '../engine/rng.js';
import type { EventHandle, EventHandler } from '../engine/simulator.js';
import { NO_EVENT } from '../engine/simulator.js';
import type { Instance } from '../model/instance.js';
import { mglEventRates } from './ccf-model.js';
import type { LayerContext } from './context.js';
import type { CommonCauseSpec } from './types.js';

/** One common-cause group on one replication. */
export class CommonCauseGroup implements EventHandler {
  private readonly rates: number[];
  private readonly total: number;
  private readonly rng: Uniform;
  private factor = 1;
  /** Remaining time to the next event in nominal (factor 1) time units. */
  private remaining = 0;
  private since = 0;
  private event: EventHandle = NO_EVENT;

  constructor(
    private readonly ctx: LayerContext,
    private readonly spec: CommonCauseSpec,
    private readonly entry: number,
    private readonly members: Instance[],
  ) {
    const m = members.length;
    this.rates = mglEventRates({ m, beta: spec.beta, gamma: spec.gamma, delta: spec.delta }, spec.unitRate);
    this.total = this.rates.reduce((a, b) => a + b, 0);
    this.rng = ctx.rng(`common_cause.${spec.name}`, 'shock');
    for (const inst of members) ctx.stress.base[inst.index] *= 1 - spec.beta;
  }

  start(): void {
    if (this.total <= 0) return;
    this.remaining = -Math.log(1 - this.rng()) / this.total;
    this.schedule();
  }

  /** The phase's failure factor of the group changes (phases.ts). */
  setFactor(f: number): void {
    if (f === this.factor) return;
    const now = this.ctx.sim.now;
    if (this.total > 0 && this.factor > 0) this.remaining = Math.max(0, this.remaining - (now - this.since) * this.factor);
    this.factor = f;
    this.schedule();
  }

  private schedule(): void {
    const { sim } = this.ctx;
    sim.cancel(this.event);
    this.event = NO_EVENT;
    this.since = sim.now;
    if (this.total > 0 && this.factor > 0 && sim.now + this.remaining / this.factor <= this.ctx.scenario.horizon) {
      this.event = sim.schedule(this.remaining / this.factor, this, 0);
    }
  }

  handleEvent(): void {
    this.event = NO_EVENT;
    let u = this.rng() * this.total;
    let k = 2;
    while (k - 2 < this.rates.length - 1 && u >= this.rates[k - 2]) u -= this.rates[k++ - 2];
    // k of the m members, uniformly (partial Fisher-Yates shuffle).
    const order = this.members.map((_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.rng() * (order.length - i));
      [order[i], order[j]] = [order[j], order[i]];
    }
    if (this.ctx.inWindow()) this.ctx.stats.commonCause[this.entry][k - 2]++;
    for (let i = 0; i < k; i++) {
      const inst = this.members[order[i]];
      if (inst.up) inst.failNow();
    }
    this.remaining = -Math.log(1 - this.rng()) / this.total;
    this.schedule();
  }
}
