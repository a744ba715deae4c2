/**
 * Schedules network faults (Chaos Mesh NetworkChaos: once at `at`, or as a Poisson process of rate `rate`,
 * each occurrence lasting a draw from its duration law) and tells the traffic model when the network changed.
 */
import { makeSampler, type Sampler } from '../../engine/distributions.js';
import { rngStream, type Uniform } from '../../engine/rng.js';
import type { EventHandler, Simulator } from '../../engine/simulator.js';
import type { NetworkState } from './network.js';

const BEGIN = 0;
const END = 1;

export class NetworkFaultInjector implements EventHandler {
  private readonly durations: Sampler[];
  private readonly arrivalRng: Uniform[];
  private readonly durationRng: Uniform[];

  /**
   * @param onChange called after every fault start or end.
   * Random streams: element `traffic:<fault path>`, purposes `arrival` and `duration`.
   */
  constructor(
    private readonly sim: Simulator,
    private readonly network: NetworkState,
    private readonly horizon: number,
    seed: number,
    replication: number,
    private readonly onChange: () => void,
  ) {
    const faults = network.faults;
    this.durations = faults.map((f) => makeSampler(f.duration));
    this.arrivalRng = faults.map((f) => rngStream(seed, replication, `traffic:${f.source.path}`, 'arrival'));
    this.durationRng = faults.map((f) => rngStream(seed, replication, `traffic:${f.source.path}`, 'duration'));
  }

  start(): void {
    this.network.faults.forEach((f, i) => {
      if (f.schedule.type === 'at') this.sim.scheduleAt(f.schedule.at, this, BEGIN, i);
      else this.next(i, f.schedule.rate);
    });
  }

  handleEvent(kind: number, i: number): void {
    if (kind === BEGIN) {
      this.network.begin(i);
      this.sim.schedule(this.durations[i].sample(this.durationRng[i]), this, END, i);
      const s = this.network.faults[i].schedule;
      if (s.type === 'rate') this.next(i, s.rate);
    } else {
      this.network.end(i);
    }
    this.onChange();
  }

  private next(i: number, rate: number): void {
    const gap = -Math.log(1 - this.arrivalRng[i]()) / rate;
    if (this.sim.now + gap <= this.horizon) this.sim.schedule(gap, this, BEGIN, i);
  }
}
