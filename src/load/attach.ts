/**
 * Wires the load area into one replication: per load service an exact client + host pool (exact mode) or a
 * fluid integrator (fluid mode), host up/down from the core's instances, and the latency-spike triggers.
 */
import type { Simulator } from '../engine/simulator.js';
import type { Instance } from '../model/instance.js';
import type { SystemModel } from '../model/system-model.js';
import type { Scenario } from '../scenario/types.js';
import type { LoadDriver } from './driver.js';
import { ExactLoadClient } from './exact.js';
import { FluidLoad } from './fluid.js';
import { Buckets } from './series.js';
import { SpikeInjector } from './spikes.js';
import { emptyServiceStats, type LoadReplicationStats } from './stats.js';


/** @throws Error when the scenario has no load section. */
export function attachLoad(sim: Simulator, system: SystemModel, sc: Scenario, replication: number, modeOverride?: 'exact' | 'fluid') {
  const spec = sc.load;
  if (!spec) throw new Error('attachLoad: the scenario has no load section');
  const mode = modeOverride ?? spec.mode;
  const buckets = new Buckets(sc.warmup, sc.horizon, spec.bucket);
  const byId = new Map(system.instances.map((x) => [x.id, x]));
  const stats: LoadReplicationStats = { mode, window: sc.horizon - sc.warmup, bucket: spec.bucket, healthyRatio: spec.healthyRatio, services: [] };
  const drivers: LoadDriver[] = [];
  const hostsOf: Instance[][] = [];
  for (const s of spec.services) {
    const out = emptyServiceStats(s.hosts.length, buckets);
    stats.services.push(out);
    const driver: LoadDriver =
      mode === 'exact' ? exactDriver(new ExactLoadClient(sim, s, out, buckets, sc.horizon, sc.seed, replication)) : new FluidLoad(sim, s, out, buckets, sc.horizon);
    drivers.push(driver);
    const hosts = s.hosts.map((id) => byId.get(id) as Instance);
    hostsOf.push(hosts);
    hosts.forEach((inst, h) => inst.addListener({ onInstanceChange: (_i, up) => driver.setHostUp(h, up) }));
  }
  const spikes = spec.spikes.map((sp, i) => {
    const k = spec.services.findIndex((s) => s.name === sp.service);
    return new SpikeInjector(sim, sp, i, sc.horizon, sc.seed, replication, (c) => drivers[k].scaleServiceTime(c), (t) => {
      if (t >= sc.warmup) stats.services[k].triggerEnds.push(t);
    });
  });
  return {
    start() {
      drivers.forEach((d, k) => {
        hostsOf[k].forEach((inst, h) => {
          if (!inst.up) d.setHostUp(h, false);
        });
        d.start();
      });
      for (const s of spikes) s.start();
    },
    finish(): LoadReplicationStats {
      for (const d of drivers) d.finish();
      return stats;
    },
  };
}

function exactDriver(client: ExactLoadClient): LoadDriver {
  return {
    start: () => client.start(),
    setHostUp: (h, up) => client.pool.setUp(h, up),
    scaleServiceTime: (c) => {
      client.pool.factor *= c;
    },
    finish: () => client.finish(),
  };
}
