/**
 * Injects the data-loss faults (Chaos Mesh-like names: `disk-loss` as in a DiskChaos/IOChaos that wipes a
 * volume, `corruption`, `operator-error`, `site-disaster`) at their scheduled time or at Poisson arrivals,
 * and hands each occurrence to the datastores it hits. Data faults change no instance state.
 */
import type { Uniform } from '../engine/rng.js';
import type { EventHandler, Simulator } from '../engine/simulator.js';
import type { DataFaultSpec } from './types.js';
import type { Sampler } from '../engine/distributions.js';
import type { DatastoreRuntime } from './datastore.js';

export class DataFaultInjector implements EventHandler {
  constructor(
    private readonly sim: Simulator,
    private readonly spec: DataFaultSpec,
    private readonly stores: DatastoreRuntime[],
    private readonly storeNames: string[],
    private readonly zoneOf: Map<string, string | null>,
    private readonly detection: Sampler | null,
    private readonly arrivalRng: Uniform,
    private readonly detectionRng: Uniform,
    private readonly horizon: number,
  ) {}

  start(): void {
    const s = this.spec.schedule;
    if (s.type === 'at') this.sim.scheduleAt(s.at, this, 0);
    else this.next(s.rate);
  }

  private next(rate: number): void {
    const gap = -Math.log(1 - this.arrivalRng()) / rate;
    if (this.sim.now + gap <= this.horizon) this.sim.schedule(gap, this, 0);
  }

  handleEvent(): void {
    const f = this.spec;
    if (f.schedule.type === 'rate') this.next(f.schedule.rate);
    switch (f.kind) {
      case 'disk-loss':
        for (const s of this.stores) s.destroy(f.targets, 'disk-loss');
        return;
      case 'site-disaster': {
        const ids = [...this.zoneOf].filter(([, z]) => z === f.zone).map(([id]) => id);
        for (const s of this.stores) {
          s.destroyLocalBackups(f.zone as string);
          s.destroy(ids, 'site-disaster');
        }
        return;
      }
      case 'corruption':
      case 'operator-error': {
        const d = this.detection ? this.detection.sample(this.detectionRng) : 0;
        this.stores[this.storeNames.indexOf(f.datastore as string)].damage(f.kind, d);
        return;
      }
    }
  }
}
