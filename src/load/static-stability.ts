/**
 * Static stability per zone (analytic): with the replicas a service runs at peak load, does losing any
 * `zones_lost` zones leave enough capacity WITHOUT scaling? The survivors' utilisation is
 *   rho = lambda_peak x E[S] / (c x surviving replicas)
 * (offered load in busy slots over the slots left; Envoy `random` spreads the tries over the up hosts), checked
 * against `max_utilization` (default 100%: rho < 1 is the stability condition of M/M/c, Kleinrock 1975 vol. 1
 * section 3.5), with the M/M/c Erlang C mean wait of the survivors where rho < 1.
 *
 * Replicas at peak: a static service runs all its instances; an autoscaled one the HPA's steady state at the
 * peak rate, clamp(ceil(lambda_peak E[S] / (c x target)), min_replicas, max_replicas) (Kubernetes "Algorithm
 * details" at ratio 1), spread over the zones as the autoscaler places them (fewest replicas first, in instance
 * order). The zones lost are the ones holding the most replicas (the worst case). First tries only: retries
 * and latency spikes are not in the offered load (the simulation shows them).
 */
import { serviceLaw } from './host-model.js';
import { mmcWait } from './queueing.js';
import type { LoadServiceSpec } from './types.js';

export interface StaticStabilityResults {
  zonesLost: number;
  maxUtilization: number;
  /** Peak client rate (requests/s) and offered load there (busy slots = rate x mean service time). */
  peakRate: number;
  offeredSlots: number;
  /** Replicas per zone at peak (before the loss). */
  replicasPerZone: { zone: string; replicas: number }[];
  /** The zones lost (the worst case: most replicas). */
  lostZones: string[];
  survivingReplicas: number;
  /** Utilisation of the survivors; null when no replica survives. */
  utilisation: number | null;
  /** M/M/c mean wait of the survivors at peak (null when rho >= 1 or no replica survives). */
  erlangCWait: number | null;
  /** utilisation < maxUtilization. */
  stable: boolean;
}

/** The replicas an HPA settles on at a rate (ratio 1), or every instance for a static service. */
export function replicasAtRate(s: LoadServiceSpec, rate: number): number {
  const a = s.autoscaling;
  if (!a) return s.hosts.length;
  const offered = rate * serviceLaw(s.capacity.serviceTime).mean;
  const need = Math.ceil(offered / (s.capacity.concurrency * a.targetUtilization) - 1e-9);
  return Math.min(a.maxReplicas, Math.max(a.minReplicas, need));
}

/** Replicas per zone when `n` replicas are placed fewest-first over the zones, in instance order. */
export function placeReplicas(zones: string[], n: number): Map<string, number> {
  const capacity = new Map<string, number>();
  for (const z of zones) capacity.set(z, (capacity.get(z) ?? 0) + 1);
  const placed = new Map<string, number>([...capacity.keys()].map((z) => [z, 0]));
  for (let k = 0; k < n; k++) {
    let best: string | null = null;
    for (const z of zones) {
      const p = placed.get(z) as number;
      if (p >= (capacity.get(z) as number)) continue;
      if (best === null || p < (placed.get(best) as number)) best = z;
    }
    if (best === null) break;
    placed.set(best, (placed.get(best) as number) + 1);
  }
  return placed;
}

export function staticStability(s: LoadServiceSpec): StaticStabilityResults | null {
  const ss = s.staticStability;
  if (!ss) return null;
  const peakRate = s.rate * (s.dailyProfile ? Math.max(...s.dailyProfile) : 1);
  const law = serviceLaw(s.capacity.serviceTime);
  const offeredSlots = peakRate * law.mean;
  const placed = placeReplicas(s.zones.map((z) => z ?? ''), replicasAtRate(s, peakRate));
  const perZone = [...placed].map(([zone, replicas]) => ({ zone, replicas }));
  const worst = [...perZone].sort((a, b) => b.replicas - a.replicas || (a.zone < b.zone ? -1 : 1)).slice(0, ss.zonesLost);
  const total = perZone.reduce((a, z) => a + z.replicas, 0);
  const surviving = total - worst.reduce((a, z) => a + z.replicas, 0);
  const c = s.capacity.concurrency;
  const utilisation = surviving > 0 ? offeredSlots / (c * surviving) : null;
  const w = surviving > 0 ? mmcWait(peakRate / surviving, 1 / law.mean, c) : Infinity;
  return {
    zonesLost: ss.zonesLost,
    maxUtilization: ss.maxUtilization,
    peakRate,
    offeredSlots,
    replicasPerZone: perZone,
    lostZones: worst.map((z) => z.zone),
    survivingReplicas: surviving,
    utilisation,
    erlangCWait: Number.isFinite(w) ? w : null,
    stable: utilisation !== null && utilisation < ss.maxUtilization,
  };
}
