/**
 * Attaches the attribution observer to one replication. The plan (flat structure, instance-level minimal cut
 * sets, faults per instance) is built once per scenario object and shared by its replications.
 */
import type { AttachedArea, ReplicationContext } from '../area.js';
import type { Scenario } from '../scenario/types.js';
import { CutSetLimitError, minimalCutSets } from './cut-sets.js';
import { AttributionObserver, type AttributionPlan } from './observer.js';
import { StaticStructure } from './static-structure.js';
import type { AttributionSpec } from './types.js';

const plans = new WeakMap<Scenario, AttributionPlan>();

/** The scenario's observer plan (cut sets null when the structure has more than the limits allow). */
export function attributionPlan(scenario: Scenario, spec: AttributionSpec): AttributionPlan {
  let plan = plans.get(scenario);
  if (plan) return plan;
  const index = new Map(scenario.instances.map((x, i) => [x.id, i]));
  const indexOf = (id: string) => index.get(id) as number;
  let cutSets: number[][] | null = null;
  try {
    cutSets = minimalCutSets(scenario.system, { maxOrder: spec.maxCutSetOrder, maxSets: spec.maxCutSets }).cutSets.map((c) => c.map(indexOf));
  } catch (e) {
    if (!(e instanceof CutSetLimitError)) throw e;
  }
  const faultsOf: number[][] = scenario.instances.map(() => []);
  scenario.faults.forEach((f, k) => f.targets.forEach((t) => faultsOf[indexOf(t)].push(k)));
  plan = { structure: new StaticStructure(scenario.system, indexOf), cutSets, faultsOf };
  plans.set(scenario, plan);
  return plan;
}

/** The observer on one replication, or null when the scenario does not ask for attribution. */
export function attachAttribution(ctx: ReplicationContext): AttachedArea | null {
  const spec = ctx.scenario.attribution;
  if (!spec) return null;
  const sc = ctx.scenario;
  const observer = new AttributionObserver(ctx.sim, ctx.system, attributionPlan(sc, spec), sc.warmup, sc.horizon);
  return { start: () => observer.start(), finish: () => observer.finish() };
}
