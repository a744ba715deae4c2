/**
 * Wires the data layer of one replication: a DatastoreRuntime per datastore, a StreamRuntime per stream
 * and a DataFaultInjector per data fault, all on the replication's simulator and observing its instances.
 * Random streams are keyed `datastores.<name>` / `streams.<name>` / `faults[i]` with their own purposes, so
 * they never shift the core model's streams (common random numbers).
 */
import { rngStream } from '../engine/rng.js';
import type { Simulator } from '../engine/simulator.js';
import type { Instance } from '../model/instance.js';
import type { Scenario } from '../scenario/types.js';
import { compileData } from './compile.js';
import { DataFaultInjector } from './data-faults.js';
import { DatastoreRuntime } from './datastore.js';
import type { DataReplicationStats } from './stats.js';
import { StreamRuntime } from './stream.js';

export class DataLayer {
  private readonly stores: DatastoreRuntime[];
  private readonly streams: StreamRuntime[];
  private readonly faults: DataFaultInjector[];

  /** @throws Error when the scenario has no data part (callers check `scenario.data`). */
  constructor(sim: Simulator, sc: Scenario, instances: Instance[], replication: number) {
    const c = compileData(sc);
    if (!c) throw new Error('the scenario has no data part');
    const rng = (element: string, purpose: string) => rngStream(sc.seed, replication, element, purpose);
    const byId = new Map(instances.map((i) => [i.id, i]));
    this.stores = c.spec.datastores.map((d, i) => {
      const el = `datastores.${d.name}`;
      return new DatastoreRuntime(sim, d, i, c, byId, {
        lag: rng(el, 'lag'),
        promotion: rng(el, 'promotion'),
        backup: rng(el, 'backup'),
        stale: rng(el, 'stale-read'),
        ...(d.archive ? { archive: { lag: rng(el, 'archive-lag'), failure: rng(el, 'archiver') } } : {}),
      }, sc.warmup, sc.horizon);
    });
    this.streams = c.spec.streams.map((s, i) => new StreamRuntime(sim, s, i, c, byId, rng(`streams.${s.name}`, 'restart'), sc.warmup, sc.horizon));
    const zoneOf = new Map(sc.instances.map((i) => [i.id, i.zone]));
    const names = c.spec.datastores.map((d) => d.name);
    this.faults = c.spec.faults.map((f, i) =>
      new DataFaultInjector(sim, f, this.stores, names, zoneOf, c.faults[i].detection, rng(f.source.path, 'data-arrival'), rng(f.source.path, 'detection'), sc.horizon),
    );
  }

  /** Schedules backups, checkpoints and data faults (call after the core model started). */
  start(): void {
    for (const s of this.stores) s.start();
    for (const s of this.streams) s.start();
    for (const f of this.faults) f.start();
  }

  /** Statistics of the replication (call once, after the run). */
  finish(): DataReplicationStats {
    return { datastores: this.stores.map((s) => s.finish()), streams: this.streams.map((s) => s.finish()) };
  }
}
