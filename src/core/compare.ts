/**
 * The core's metrics compared between variants (`faultline compare`, src/compare/paired.ts): system
 * availability, downtime, outage frequency and durations, MTTFF, MTBF, from the core's per-replication
 * statistics (src/observe/replication-stats.ts).
 */
import type { AreaMetrics } from '../compare/metric.js';
import { SECONDS_PER_YEAR } from '../scenario/duration.js';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

export const coreMetrics: AreaMetrics = {
  metrics: [
    { metric: 'availability', unit: 'probability', better: 'higher', value: (r) => r.uptime / r.window },
    { metric: 'unavailability', unit: 'probability', better: 'lower', value: (r) => r.downtime / r.window },
    { metric: 'downtime_per_year', unit: 'seconds', better: 'lower', value: (r) => (r.downtime / r.window) * SECONDS_PER_YEAR },
    { metric: 'outages_per_year', unit: 'per-year', better: 'lower', value: (r) => (r.outages / r.window) * SECONDS_PER_YEAR },
    // Time to first failure from all-up: a plain mean only when no replication is censored at the horizon.
    { metric: 'mttff', unit: 'seconds', better: 'higher', value: (r) => r.firstFailure ?? NaN, applicable: (reps) => reps.every((r) => r.firstFailure !== null) },
    {
      metric: 'mean_outage_duration',
      unit: 'seconds',
      better: 'lower',
      ratio: { num: (r) => sum(r.outageDurations), den: (r) => r.outageDurations.length },
    },
    { metric: 'mtbf', unit: 'seconds', better: 'higher', ratio: { num: (r) => r.window, den: (r) => r.outages } },
  ],
};
