import type { Sampler } from '../engine/distributions.js';
import type { Uniform } from '../engine/rng.js';
import type { EventHandler, Simulator } from '../engine/simulator.js';
import type { FaultSpec } from '../core/types.js';
import type { Instance } from './instance.js';

const ARRIVE = 0;
const END = 1;

/**
 * Injects one declared fault (Chaos Mesh's PodChaos/NodeChaos "pod-kill for a duration", or a whole zone):
 * at its scheduled time, or at the arrivals of a Poisson process, it holds every target instance down for a
 * duration drawn from its law. Overlapping occurrences nest (each holds its targets until it ends).
 */
export class FaultInjector implements EventHandler {
  /** Occurrences started so far. */
  occurrences = 0;
  /** Occurrences holding their targets down now. */
  active = 0;
  /** Start time of the latest occurrence, seconds (-1 before the first): observers tell which fault took a unit down. */
  lastArrival = -1;

  constructor(
    private readonly sim: Simulator,
    private readonly spec: FaultSpec,
    private readonly targets: Instance[],
    private readonly duration: Sampler,
    private readonly arrivalRng: Uniform,
    private readonly durationRng: Uniform,
    private readonly horizon: number,
  ) {}

  /** Forgets the previous replication's occurrences (its events went with the simulator's reset). */
  reset(): void {
    this.occurrences = 0;
    this.active = 0;
    this.lastArrival = -1;
  }

  /** Schedules the first occurrence. */
  start(): void {
    const s = this.spec.schedule;
    if (s.type === 'at') {
      if (s.at <= this.horizon) this.sim.scheduleAt(s.at, this, ARRIVE);
    } else {
      this.scheduleNextArrival(s.rate);
    }
  }

  handleEvent(kind: number): void {
    if (kind === ARRIVE) {
      this.occurrences++;
      this.active++;
      this.lastArrival = this.sim.now;
      for (const t of this.targets) t.faultBegin();
      this.sim.schedule(this.duration.sample(this.durationRng), this, END);
      const s = this.spec.schedule;
      if (s.type === 'rate') this.scheduleNextArrival(s.rate);
    } else {
      this.active--;
      for (const t of this.targets) t.faultEnd();
    }
  }

  private scheduleNextArrival(rate: number): void {
    const gap = -Math.log(1 - this.arrivalRng()) / rate;
    if (this.sim.now + gap <= this.horizon) this.sim.schedule(gap, this, ARRIVE);
  }
}
