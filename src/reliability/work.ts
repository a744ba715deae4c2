/**
 * Expected kernel events of the reliability area in one replication, for the work guard (src/run/work-guard.ts;
 * a first-order expectation as the guard's other terms): proof tests (start and end) per instance, overhauls,
 * common-cause events, maintenance windows (open, close), rolling-upgrade rounds (one event per round and
 * per instance), age replacements, phase changes, and the extra failure cycles of phases that raise failure
 * rates.
 */
import { parseCron } from '../scenario/cron.js';
import { SECONDS_PER_DAY } from '../scenario/duration.js';
import { lawMean } from '../scenario/laws.js';
import type { DistributionSpec, Scenario } from '../scenario/types.js';
import type { WorkSchedule } from './types.js';

const mean = (law: DistributionSpec | null): number => {
  if (!law) return Infinity;
  try {
    return lawMean(law);
  } catch {
    return Infinity;
  }
};
const per = (T: number, period: number) => (period > 0 ? T / period : Infinity);

/** Firings of a schedule over T (cron: an upper bound, every listed minute of every day). */
function firings(s: WorkSchedule, T: number): number {
  if (s.type === 'every') return per(T, s.every);
  const c = parseCron(s.expression);
  return c.ok ? c.value.minutes.length * c.value.hours.length * (T / SECONDS_PER_DAY) + T / SECONDS_PER_DAY / 100 : 0;
}

/** Expected kernel events the reliability section adds to one replication of `sc` (0 without one). */
export function reliabilityEvents(sc: Scenario): number {
  const r = sc.reliability;
  if (!r) return 0;
  const T = sc.horizon;
  const count = (component: string) => sc.instances.filter((i) => i.component === component).length;
  let events = 0;
  for (const l of r.latent) {
    if (l.proofTest) events += 2 * count(l.component) * per(T, l.proofTest.every);
    if (l.overhaul !== null) events += per(T, l.overhaul);
  }
  for (const g of r.commonCause) events += (1 + g.instances.length) * g.unitRate * g.instances.length * T;
  for (const w of r.windows) events += 2 * firings(w.schedule, T);
  for (const u of r.upgrades) events += firings(u.schedule, T) * (1 + u.batches.flat().length);
  for (const a of r.ageReplacement) events += 2 * count(a.component) * per(T, a.age + mean(a.duration));
  if (r.phases.length) {
    events += per(T, r.phases.reduce((s, p) => s + mean(p.duration), 0) / r.phases.length);
    for (const c of sc.components) {
      const f = Math.max(...r.phases.map((p) => p.factors[c.name] ?? p.defaultFactor));
      if (f > 1) events += 2 * c.count * per(T, mean(c.failure) / f + (c.repair ? mean(c.repair) : 0));
    }
  }
  return events;
}
