/**
 * Instances billed per component in a plan's cost: a component's `count`, except where its instances host an
 * autoscaled load service, whose replicas are what runs (and is paid for):
 * - screening (no simulation): the HPA's steady state hour by hour over the daily profile, averaged over the 24
 *   hours (static-stability.ts replicasAtRate: clamp(ceil(rate x E[S] / (slots x target)), min, max); without a
 *   profile, at the mean rate). Start-up transients, failures and the tolerance band are ignored.
 * - confirmation (simulated): the simulated time-mean replica count (starting + ready; results
 *   load.services[].autoscaling.meanReplicas).
 * A component hosting several autoscaled services is billed for the largest of them (their replicas share it).
 */
import type { LoadResults } from '../load/results.js';
import { replicasAtRate } from '../load/static-stability.js';
import type { Scenario } from '../scenario/types.js';

/** Billed instances of each component with autoscaled load services (others: their count). */
export function billedInstances(scenario: Scenario, simulated: LoadResults | null = null): Map<string, number> {
  const billed = new Map<string, number>();
  for (const s of scenario.load?.services ?? []) {
    if (!s.autoscaling) continue;
    let n: number;
    if (simulated) {
      const r = simulated.services.find((x) => x.name === s.name)?.autoscaling;
      if (!r || r.meanReplicas.estimate === null) continue;
      n = r.meanReplicas.estimate;
    } else {
      const hours = s.dailyProfile ?? [1];
      n = hours.reduce((sum, m) => sum + replicasAtRate(s, s.rate * m), 0) / hours.length;
    }
    billed.set(s.component, Math.max(billed.get(s.component) ?? 0, n));
  }
  return billed;
}
