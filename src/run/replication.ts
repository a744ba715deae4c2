import { Simulator } from '../engine/simulator.js';
import type { CompiledModel } from '../model/compiled-model.js';
import { SystemModel } from '../model/system-model.js';
import { InstanceObserver } from '../observe/instance-observer.js';
import type { ReplicationStats } from '../observe/replication-stats.js';
import { SystemObserver } from '../observe/system-observer.js';
import { TimelineRecorder, type TimelineEntry } from '../observe/timeline.js';
import { DataLayer } from '../data/data-layer.js';
import { attachTraffic } from '../traffic/attach.js';

/** One replication's statistics and, when asked, its timeline of state changes. */
export interface ReplicationOutput {
  stats: ReplicationStats;
  timeline?: { entries: TimelineEntry[]; truncated: boolean };
}

/** The simulator and core model of a compiled model on this thread, reused by its replications. */
interface Runtime {
  sim: Simulator;
  system: SystemModel;
}

const runtimes = new WeakMap<CompiledModel, Runtime>();

/** This thread's runtime of `model`, reset for `replication` (built at the model's first replication). */
function runtimeFor(model: CompiledModel, replication: number): Runtime {
  let rt = runtimes.get(model);
  if (!rt) {
    const sim = new Simulator();
    rt = { sim, system: new SystemModel(sim, model) };
    runtimes.set(model, rt);
  } else {
    rt.sim.reset();
  }
  rt.system.reset(replication);
  return rt;
}

/**
 * Runs replication `replication` of a compiled scenario from t = 0 (everything up and as good as new) to
 * the horizon. Deterministic: the result depends only on (scenario, seed, replication), not on which
 * replications ran before on this thread (the core model is built once per compiled model and reset
 * between replications; layers and observers are attached afresh).
 */
export function runReplication(model: CompiledModel, replication: number, withTimeline = false, trafficMode?: 'fluid' | 'exact'): ReplicationOutput {
  const sc = model.scenario;
  const { sim, system } = runtimeFor(model, replication);
  const observer = new SystemObserver(sim, sc.warmup, sc.horizon, sc.observe.pointAvailabilityAt);
  const instObs = new InstanceObserver(sim, system.instances.length, sc.warmup, sc.horizon);
  const timeline = withTimeline ? new TimelineRecorder(sim) : null;
  for (const inst of system.instances) {
    inst.addListener(instObs);
    if (timeline) inst.addListener(timeline);
  }
  system.addListener(observer);
  if (timeline) system.addListener(timeline);
  const data = sc.data ? new DataLayer(sim, sc, system.instances, replication) : null;
  const traffic = sc.traffic ? attachTraffic(sim, system, sc, replication, trafficMode) : null;
  system.start();
  data?.start();
  traffic?.start();
  observer.start(system.root.up);
  sim.run(sc.horizon);
  observer.finish();
  instObs.finish();
  const trafficStats = traffic?.finish();
  const stats: ReplicationStats = {
    replication,
    window: sc.horizon - sc.warmup,
    uptime: observer.uptime,
    downtime: observer.downtime,
    outages: observer.outages,
    outageDurations: observer.outageDurations,
    censoredOutages: observer.censoredOutages,
    firstFailure: observer.firstFailure,
    upAtProbe: observer.upAtProbe,
    instanceDowntime: instObs.downtime,
    events: sim.eventsFired,
    ...(trafficStats ? { traffic: trafficStats } : {}),
  };
  if (data) stats.data = data.finish();
  return timeline ? { stats, timeline: { entries: timeline.entries, truncated: timeline.truncated } } : { stats };
}
