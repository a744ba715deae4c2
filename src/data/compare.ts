/**
 * The data area's metrics compared between variants (`faultline compare`, src/compare/paired.ts): RPO per
 * recoverable incident and bytes lost per year, from the per-replication incidents (src/data/stats.ts).
 */
import type { AreaMetrics } from '../compare/metric.js';
import type { ReplicationStats } from '../observe/replication-stats.js';
import { SECONDS_PER_YEAR } from '../scenario/duration.js';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/** Every datastore incident of a replication but start-up losses, reported apart (none without data modelling). */
function dataIncidents(r: ReplicationStats) {
  return (r.data?.datastores ?? []).flatMap((d) => d.incidents.filter((i) => !i.startup));
}

export const dataMetrics: AreaMetrics = {
  // After the core's metrics (the traffic area's request_success_ratio, placed after mtbf too, comes first).
  after: 'mtbf',
  metrics: [
    {
      metric: 'mean_rpo',
      unit: 'seconds',
      better: 'lower',
      ratio: { num: (r) => sum(dataIncidents(r).map((i) => i.rpo ?? 0)), den: (r) => dataIncidents(r).filter((i) => i.rpo !== null).length },
      applicable: (reps) => reps.every((r) => r.data !== undefined && r.data.datastores.length > 0),
    },
    {
      metric: 'bytes_lost_per_year',
      unit: 'per-year',
      better: 'lower',
      value: (r) => (sum(dataIncidents(r).map((i) => i.bytesLost)) / r.window) * SECONDS_PER_YEAR,
      applicable: (reps) => reps.every((r) => r.data !== undefined && r.data.datastores.length > 0),
    },
  ],
};
