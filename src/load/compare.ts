/**
 * The load area's metrics compared between variants (`faultline compare`): goodput ratio, tries per request
 * (retry amplification), hedged tries per request, the fraction of requests rejected by admission control and the
 * fraction of the window spent overloaded, summed over the load services.
 */
import type { AreaMetrics } from '../compare/metric.js';
import type { ReplicationStats } from '../observe/replication-stats.js';

const total = (r: ReplicationStats, f: (s: NonNullable<ReplicationStats['load']>['services'][number]) => number) =>
  r.load ? r.load.services.reduce((a, s) => a + f(s), 0) : NaN;

/** Buckets (any service) whose goodput ratio is below the healthy ratio, as a fraction of all buckets. */
function overloaded(r: ReplicationStats, healthy: number): number {
  if (!r.load) return NaN;
  let bad = 0, all = 0;
  for (const s of r.load.services) {
    s.series.requests.forEach((q, i) => {
      all++;
      if (q > 0 && s.series.successes[i] / q < healthy) bad++;
    });
  }
  return all > 0 ? bad / all : 0;
}

const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** Autoscaling metrics apply when every replication has an autoscaled load service. */
const scaled = (reps: readonly ReplicationStats[]) => reps.every((r) => r.load?.services.some((s) => s.autoscaling !== undefined));

const applicable = (reps: readonly ReplicationStats[]) => reps.every((r) => r.load !== undefined);

export const loadMetrics: AreaMetrics = {
  metrics: [
    { metric: 'goodput_ratio', unit: 'probability', better: 'higher', ratio: { num: (r) => total(r, (s) => s.successes), den: (r) => total(r, (s) => s.requests) }, applicable },
    { metric: 'tries_per_request', unit: 'ratio', better: 'lower', ratio: { num: (r) => total(r, (s) => s.tries), den: (r) => total(r, (s) => s.requests) }, applicable },
    { metric: 'hedged_tries_per_request', unit: 'ratio', better: 'lower', ratio: { num: (r) => total(r, (s) => s.hedges ?? 0), den: (r) => total(r, (s) => s.requests) }, applicable },
    { metric: 'admission_rejected', unit: 'probability', better: 'lower', ratio: { num: (r) => total(r, (s) => s.admissionRejected ?? 0), den: (r) => total(r, (s) => s.requests) }, applicable },
    { metric: 'time_overloaded', unit: 'probability', better: 'lower', value: (r) => overloaded(r, r.load?.healthyRatio ?? 0.9), applicable },
    { metric: 'replicas_mean', unit: 'ratio', better: 'lower', value: (r) => total(r, (s) => sumOf(s.autoscaling?.replicas ?? []) / r.load!.window), applicable: scaled },
    { metric: 'time_under_provisioned', unit: 'probability', better: 'lower', value: (r) => total(r, (s) => (s.autoscaling ? s.autoscaling.underProvisioned / r.load!.window : 0)), applicable: scaled },
  ],
};
