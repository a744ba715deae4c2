/**
 * Wires the load area into one replication: per load service an exact client + host pool (exact mode) or a
 * fluid integrator (fluid mode), host up/down from the core's instances, and the latency-spike triggers.
 */
import type { Simulator } from '../engine/simulator.js';
import type { Instance } from '../model/instance.js';
import type { SystemModel } from '../model/system-model.js';
import type { Scenario } from '../scenario/types.js';
import { Autoscaler } from './autoscaling.js';
import { emptyAutoscalingStats } from './autoscaling-stats.js';
import type { LoadDriver } from './driver.js';
import { ExactLoadClient } from './exact.js';
import { FluidLoad } from './fluid.js';
import { serviceLaw } from './host-model.js';
import { Buckets } from './series.js';
import { SpikeInjector } from './spikes.js';
import { emptyServiceStats, type LoadReplicationStats, type LoadServiceStats } from './stats.js';
import type { AutoscalingSpec } from './autoscaling-types.js';
import type { LoadServiceSpec } from './types.js';


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
  const scalers: (Autoscaler | null)[] = [];
  for (const s of spec.services) {
    const out = emptyServiceStats(s.hosts.length, buckets);
    stats.services.push(out);
    const driver: LoadDriver =
      mode === 'exact' ? exactDriver(new ExactLoadClient(sim, s, out, buckets, sc.horizon, sc.seed, replication)) : new FluidLoad(sim, s, out, buckets, sc.horizon);
    drivers.push(driver);
    const hosts = s.hosts.map((id) => byId.get(id) as Instance);
    hostsOf.push(hosts);
    const scaler = s.autoscaling ? autoscaler(sim, s, driver, out, buckets, sc, replication) : null;
    scalers.push(scaler);
    hosts.forEach((inst, h) => inst.addListener({ onInstanceChange: (_i, up) => (scaler ? scaler.instanceChange(h, up) : driver.setHostUp(h, up)) }));
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
        const scaler = scalers[k];
        if (scaler) scaler.start(hostsOf[k].map((inst) => inst.up));
        else {
          hostsOf[k].forEach((inst, h) => {
            if (!inst.up) d.setHostUp(h, false);
          });
        }
        d.start();
      });
      for (const s of spikes) s.start();
    },
    finish(): LoadReplicationStats {
      for (const a of scalers) a?.finish();
      for (const d of drivers) d.finish();
      return stats;
    },
  };
}

function autoscaler(sim: Simulator, s: LoadServiceSpec, driver: LoadDriver, out: LoadServiceStats, buckets: Buckets, sc: Scenario, replication: number): Autoscaler {
  const as = s.autoscaling as AutoscalingSpec;
  out.autoscaling = emptyAutoscalingStats(buckets.count);
  return new Autoscaler(sim, s, as, s.zones, driver, out.autoscaling, buckets, sc.horizon, serviceLaw(s.capacity.serviceTime).mean, sc.seed, replication);
}

function exactDriver(client: ExactLoadClient): LoadDriver {
  return {
    start: () => client.start(),
    setHostUp: (h, up) => client.pool.setUp(h, up),
    scaleServiceTime: (c) => {
      client.pool.factor *= c;
    },
    integrals: () => client.pool.integrals(),
    finish: () => client.finish(),
  };
}
