/**
 * Capacity planning by simulation (issue 14 item 7): a candidate with load services is also simulated losing,
 * at the peak hour of its daily profile, the zone(s) that hold the most replicas of each load service (the
 * static-stability worst case, src/load/static-stability.ts), as one `zone-outage` fault of the planned duration
 * per zone. The candidate is confirmed only if every load service keeps the scenario's `goodput_ratio` objective
 * (when it has one) through the loss. Knobs such as `components.<c>.count` (instances, spread over the zones
 * round-robin) and `load.services.<s>.autoscaling.min_replicas` / `max_replicas` are searched like any other.
 * Times in seconds.
 */
import { DEFAULT_LIMITS, guardedRun, type WorkLimits } from '../run/work-guard.js';
import type { FaultSpec } from '../core/types.js';
import type { LoadResults } from '../load/results.js';
import { staticStability, type StaticStabilityResults } from '../load/static-stability.js';
import type { LoadServiceSpec } from '../load/types.js';
import { buildResults } from '../results/build.js';
import type { Estimate } from '../results/estimators.js';
import type { SloCheck } from '../results/slo.js';
import { runScenario } from '../run/runner.js';
import type { Scenario } from '../scenario/types.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

export interface ZoneLossService {
  service: string;
  zones: string[];
  goodputRatio: Estimate;
  overloadedFraction: Estimate;
  /** The analytic verdict with the same zones lost (zones_lost = the planned count). */
  staticStability: StaticStabilityResults | null;
}

export interface ZoneLossCheck {
  /** Start of the loss (the first peak hour inside the window), seconds, and its duration. */
  at: number;
  duration: number;
  services: ZoneLossService[];
  slo: SloCheck[];
  /** Why the candidate fails the check (empty when it passes). */
  reasons: string[];
}

/** The first start of the peak hour of the service's daily profile with [t, t + duration] inside the window. */
export function peakTime(s: LoadServiceSpec, warmup: number, horizon: number, duration: number): number {
  const p = s.dailyProfile;
  if (!p) return warmup + Math.max(0, (horizon - warmup - duration) / 2);
  const hour = p.indexOf(Math.max(...p));
  for (let day = 0; day * DAY < horizon; day++) {
    const t = day * DAY + hour * HOUR;
    if (t >= warmup && t + duration <= horizon) return t;
  }
  return warmup;
}

/** The scenario with the zone-outage faults of the check, or null when no load service has zones. */
export function zoneLossScenario(sc: Scenario, duration: number, zonesLost: number): { scenario: Scenario; at: number; lost: Map<string, string[]> } | null {
  const services = (sc.load?.services ?? []).filter((s) => s.zones.every((z) => z !== null));
  if (services.length === 0) return null;
  const at = peakTime(services[0], sc.warmup, sc.horizon, duration);
  const lost = new Map<string, string[]>();
  const zones = new Set<string>();
  for (const s of services) {
    const check = staticStability({ ...s, staticStability: { zonesLost, maxUtilization: 1 } });
    const z = check?.lostZones ?? [];
    lost.set(s.name, z);
    for (const x of z) zones.add(x);
  }
  const faults: FaultSpec[] = [...zones].map((zone) => ({
    kind: 'zone-outage',
    targets: sc.instances.filter((i) => i.zone === zone).map((i) => i.id),
    zone,
    schedule: { type: 'at', at },
    duration: { kind: 'fixed', value: duration },
    source: { path: 'planning.zone_loss_at_peak' },
  }));
  return { scenario: { ...sc, faults: [...sc.faults, ...faults] }, at, lost };
}

/**
 * Simulates the candidate losing its worst zone(s) at peak, under the work guard's limits.
 * @param warn receives the work guard's warnings
 * @returns null when the scenario has no load service with zones
 * @throws InputError when the run's estimate is over a limit
 */
export function checkZoneLoss(
  sc: Scenario,
  duration: number,
  zonesLost: number,
  seed: number | undefined,
  replications: number | undefined,
  limits: WorkLimits = DEFAULT_LIMITS,
  warn: (w: string) => void = () => {},
): ZoneLossCheck | null {
  const built = zoneLossScenario(sc, duration, zonesLost);
  if (!built) return null;
  const reps = replications ?? sc.plan.replications;
  const run = runScenario(guardedRun(built.scenario, limits, reps, 'plan: zone loss at peak', warn), { seed, replications: reps, timelineReplication: -1 });
  const doc = buildResults(run, null);
  const load = doc.load as LoadResults;
  const specs = (sc.load?.services ?? []) as LoadServiceSpec[];
  const services: ZoneLossService[] = load.services
    .filter((r) => built.lost.has(r.name))
    .map((r) => {
      const s = specs.find((x) => x.name === r.name) as LoadServiceSpec;
      return {
        service: r.name,
        zones: built.lost.get(r.name) as string[],
        goodputRatio: r.goodputRatio,
        overloadedFraction: r.overloadedFraction,
        staticStability: staticStability({ ...s, staticStability: { zonesLost, maxUtilization: s.staticStability?.maxUtilization ?? 1 } }),
      };
    });
  const slo = doc.slo.filter((c) => c.objective === 'goodput_ratio');
  const reasons = slo.filter((c) => c.status === 'fail').map((c) => `zone loss at peak: goodput_ratio ${c.measured === null ? 'n/a' : (c.measured * 100).toFixed(3) + '%'} below ${(c.target * 100).toFixed(3)}%`);
  return { at: built.at, duration, services, slo, reasons };
}
