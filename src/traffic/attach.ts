/**
 * Wires the traffic layer into one replication: traffic model (services, balancers, health checks,
 * outlier detection), network faults, bad deploys, monitoring, and the fluid or exact request driver.
 * Called by run/replication.ts only when the scenario declares services.
 */
import { makeSampler } from '../engine/distributions.js';
import type { Simulator } from '../engine/simulator.js';
import type { SystemModel } from '../model/system-model.js';
import { NetworkFaultInjector } from './network/fault-injector.js';
import type { Scenario } from '../scenario/types.js';
import { DeployRunner } from './deploy.js';
import { ExactGenerator } from './exact.js';
import { FluidIntegrator } from './fluid.js';
import { Monitoring } from './monitoring.js';
import { TrafficCollector, type TrafficReplicationStats } from './stats.js';
import { TrafficModel } from './traffic-model.js';

export interface AttachedTraffic {
  /** Call after system.start(), before sim.run. */
  start(): void;
  /** Call after sim.run(horizon); returns the replication's traffic statistics. */
  finish(): TrafficReplicationStats;
}

/**
 * @param mode overrides the scenario's traffic mode (tests compare both on one scenario).
 * @throws Error when the scenario has no traffic section.
 */
export function attachTraffic(sim: Simulator, system: SystemModel, sc: Scenario, replication: number, mode?: 'fluid' | 'exact'): AttachedTraffic {
  const spec = sc.traffic;
  if (!spec) throw new Error('attachTraffic: the scenario declares no services');
  const m = mode ?? spec.mode;
  const out = new TrafficCollector(sim, m, spec.services.length, sc.warmup, sc.horizon);
  const model = new TrafficModel(sim, spec, system.instances, out, sc.seed, replication);
  const samplers = spec.services.map((s) => makeSampler(s.serviceTime));
  const driver =
    m === 'fluid'
      ? new FluidIntegrator(sim, model, out, samplers, sc.warmup, sc.horizon, sc.seed, replication)
      : new ExactGenerator(sim, model, out, samplers, sc.warmup, sc.horizon, sc.seed, replication);
  model.driver = driver;
  const injector = new NetworkFaultInjector(sim, model.network, sc.horizon, sc.seed, replication, () => model.networkChanged());
  const deploys = new DeployRunner(sim, model, out, sc.horizon, sc.seed, replication);
  if (spec.monitoring) new Monitoring(sim, model, system.instances, out, sc.seed, replication).install();
  return {
    start() {
      model.startProbes();
      driver.start();
      injector.start();
      deploys.start();
    },
    finish() {
      driver.finish();
      out.close();
      return out.stats;
    },
  };
}
