import { EventBudgetError, Simulator } from '../engine/simulator.js';
import { InputError } from '../scenario/errors.js';
import type { CompiledModel } from '../model/compiled-model.js';
import { SystemModel } from '../model/system-model.js';
import { InstanceObserver } from '../observe/instance-observer.js';
import type { ReplicationStats } from '../observe/replication-stats.js';
import { SystemObserver } from '../observe/system-observer.js';
import { TimelineRecorder, type TimelineEntry } from '../observe/timeline.js';
import type { AttachedArea, ReplicationContext } from '../area.js';
import { AREA_RUNTIMES } from '../area-runtimes.js';

/** One replication's statistics and, when asked, its timeline of state changes. */
export interface ReplicationOutput {
  stats: ReplicationStats;
  timeline?: { entries: TimelineEntry[]; truncated: boolean };
}

/**
 * The simulator, core model and core observers of a compiled model on this thread, reused by its
 * replications (each reset between two replications; the observers' output arrays are fresh each time).
 */
interface Runtime {
  model: CompiledModel;
  sim: Simulator;
  system: SystemModel;
  observer: SystemObserver;
  instObs: InstanceObserver;
}

const runtimes = new WeakMap<CompiledModel, Runtime>();
/** The runtime used last (a run calls with the same model over and over: spares the WeakMap lookup). */
let lastRuntime: Runtime | null = null;

function buildRuntime(model: CompiledModel): Runtime {
  const sc = model.scenario;
  const sim = new Simulator();
  const system = new SystemModel(sim, model);
  const observer = new SystemObserver(sim, sc.warmup, sc.horizon, sc.observe.pointAvailabilityAt);
  const instObs = new InstanceObserver(sim, system.instances.length, sc.warmup, sc.horizon);
  for (const inst of system.instances) inst.addListener(instObs);
  system.addListener(observer);
  system.sealListeners();
  return { model, sim, system, observer, instObs };
}

/** This thread's runtime of `model`, reset for `replication` (built at the model's first replication). */
function runtimeFor(model: CompiledModel, replication: number): Runtime {
  let rt = lastRuntime?.model === model ? lastRuntime : runtimes.get(model);
  if (!rt) {
    rt = buildRuntime(model);
    runtimes.set(model, rt);
  } else {
    rt.sim.reset();
    rt.observer.reset();
    rt.instObs.reset();
  }
  lastRuntime = rt;
  rt.system.reset(replication);
  return rt;
}

/**
 * Runs replication `replication` of a compiled scenario from t = 0 (everything up and as good as new) to
 * the horizon. Deterministic: the result depends only on (scenario, seed, replication), not on which
 * replications ran before on this thread (the core model and observers are built once per compiled model
 * and reset between replications; layers and the timeline recorder are attached afresh).
 */
export function runReplication(model: CompiledModel, replication: number, withTimeline = false, trafficMode?: 'fluid' | 'exact'): ReplicationOutput {
  const sc = model.scenario;
  const { sim, system, observer, instObs } = runtimeFor(model, replication);
  const timeline = withTimeline ? new TimelineRecorder(sim) : null;
  if (timeline) {
    for (const inst of system.instances) inst.addListener(timeline);
    system.addListener(timeline);
  }
  // A plain loop: Array.prototype.flatMap costs about 0.5 us here, a sizeable part of a small model's replication.
  const context: ReplicationContext = { sim, system, scenario: sc, replication, trafficMode };
  const attached: { key: string; area: AttachedArea }[] = [];
  for (const area of AREA_RUNTIMES) {
    const a = area.attach?.(context);
    if (a) attached.push({ key: area.key, area: a });
  }
  system.start();
  for (const a of attached) a.area.start();
  observer.start(system.root.up);
  try {
    sim.run(sc.horizon, sc.plan.eventBudget ?? Infinity);
  } catch (e) {
    if (!(e instanceof EventBudgetError)) throw e;
    throw new InputError(
      `replication ${replication} fired more than ${e.budget.toExponential(2)} kernel events (fluid traffic evaluations counted as work) by t = ${(e.time / sc.horizon * 100).toFixed(1)}% of the horizon ` +
        `(4 x its share of --max-events): the scenario generates far more events than the guard estimated before the run ` +
        `(for example outlier-detection ejection cycles or retries of a failing service); raise --max-events or shorten the horizon (docs/limits.md)`,
    );
  }
  observer.finish();
  instObs.finish();
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
  };
  for (const a of attached) (stats as unknown as Record<string, unknown>)[a.key] = a.area.finish();
  return timeline ? { stats, timeline: { entries: timeline.entries, truncated: timeline.truncated } } : { stats };
}
