/**
 * Operating phases (AvailSim4's phases; operating modes): a cycle of phases, each lasting a draw of its
 * duration law, during which every instance's failure rate is multiplied by the phase's factor for its
 * component (accelerated life: the failure clock runs f times as fast, exact for exponential laws where the
 * rate becomes f x lambda; f = 0 stops ageing). The cycle starts with the first phase at t = 0 and repeats.
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { Uniform } from '../engine/rng.js';
import type { EventHandler } from '../engine/simulator.js';
import type { Instance, InstanceListener } from '../model/instance.js';
import type { CommonCauseGroup } from './common-cause.js';
import type { LayerContext } from './context.js';

export class PhaseCycle implements EventHandler, InstanceListener {
  private readonly durations: Sampler[];
  private readonly rng: Uniform;
  private current = 0;
  private since = 0;

  constructor(
    private readonly ctx: LayerContext,
    private readonly groups: { group: CommonCauseGroup; component: string }[],
  ) {
    this.durations = ctx.spec.phases.map((p) => makeSampler(p.duration));
    this.rng = ctx.rng('phases', 'duration');
    for (const inst of ctx.system.instances) inst.addListener(this);
  }

  start(): void {
    this.enter(0);
  }

  private factor(phase: number, component: string): number {
    const p = this.ctx.spec.phases[phase];
    return p.factors[component] ?? p.defaultFactor;
  }

  private enter(phase: number): void {
    const { sim, system, stress, scenario } = this.ctx;
    this.account();
    this.current = phase;
    for (const inst of system.instances) {
      stress.phase[inst.index] = this.factor(phase, inst.component);
      stress.apply(inst.index);
    }
    for (const g of this.groups) g.group.setFactor(this.factor(phase, g.component));
    const d = this.durations[phase].sample(this.rng);
    if (sim.now + d <= scenario.horizon) sim.schedule(d, this, 0);
  }

  handleEvent(): void {
    this.enter((this.current + 1) % this.ctx.spec.phases.length);
  }

  onInstanceChange(inst: Instance, up: boolean): void {
    if (!up && inst.failed && this.ctx.inWindow()) this.ctx.stats.phases[this.current].failures++;
  }

  /** Adds the time spent in the current phase inside the window (call at phase changes and at the end). */
  account(until = this.ctx.sim.now): void {
    const { warmup, horizon } = this.ctx.scenario;
    const from = Math.max(this.since, warmup);
    const to = Math.min(until, horizon);
    if (to > from) this.ctx.stats.phases[this.current].time += to - from;
    this.since = until;
  }
}
