/**
 * Latency-spike triggers: each `latency-spike` fault multiplies the service times of its service by `factor`
 * while it lasts (scheduled once at `at`, or as a Poisson process of rate `rate`; overlapping spikes multiply).
 * The end of each spike inside the window is recorded as a trigger end (recovery times are measured from it).
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import { rngStream, type Uniform } from '../engine/rng.js';
import type { EventHandler, Simulator } from '../engine/simulator.js';
import type { LatencySpikeSpec } from './types.js';

const BEGIN = 0, END = 1;

export class SpikeInjector implements EventHandler {
  private readonly arrival: Uniform;
  private readonly durationRng: Uniform;
  private readonly duration: Sampler;

  /**
   * @param apply called with the service's new multiplier at every change
   * @param ended called with the end time of each spike
   */
  constructor(
    private readonly sim: Simulator,
    private readonly spec: LatencySpikeSpec,
    index: number,
    private readonly horizon: number,
    seed: number,
    replication: number,
    private readonly apply: (factorChange: number) => void,
    private readonly ended: (t: number) => void,
  ) {
    this.arrival = rngStream(seed, replication, `load.faults[${index}]`, 'arrival');
    this.durationRng = rngStream(seed, replication, `load.faults[${index}]`, 'duration');
    this.duration = makeSampler(spec.duration);
  }

  start(): void {
    const s = this.spec.schedule;
    if (s.type === 'at') {
      if (s.at <= this.horizon) this.sim.scheduleAt(s.at, this, BEGIN);
    } else this.scheduleNext();
  }

  private scheduleNext(): void {
    const s = this.spec.schedule;
    if (s.type !== 'rate') return;
    const gap = -Math.log(1 - this.arrival()) / s.rate;
    if (this.sim.now + gap <= this.horizon) this.sim.schedule(gap, this, BEGIN);
  }

  handleEvent(kind: number): void {
    if (kind === BEGIN) {
      this.apply(this.spec.factor);
      const d = this.duration.sample(this.durationRng);
      if (this.sim.now + d <= this.horizon) this.sim.schedule(d, this, END);
      this.scheduleNext();
      return;
    }
    this.apply(1 / this.spec.factor);
    this.ended(this.sim.now);
  }
}
