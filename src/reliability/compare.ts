/**
 * The reliability metrics `faultline compare` pairs between variants: planned and unplanned system down time
 * per year. Compared only when both the baseline and the variant use the reliability area (a comparison
 * without it keeps its rows unchanged).
 */
import type { AreaMetrics } from '../compare/metric.js';
import { SECONDS_PER_YEAR } from '../scenario/duration.js';
import type { ReplicationStats } from '../observe/replication-stats.js';
import './stats.js';

const used = (reps: readonly ReplicationStats[]) => reps.length > 0 && reps.every((r) => r.reliability !== undefined);

export const reliabilityMetrics: AreaMetrics = {
  after: 'downtime_per_year',
  metrics: [
    { metric: 'planned_downtime_per_year', unit: 'seconds', better: 'lower', applicable: used, value: (r) => ((r.reliability?.plannedDowntime ?? 0) / r.window) * SECONDS_PER_YEAR },
    {
      metric: 'unplanned_downtime_per_year',
      unit: 'seconds',
      better: 'lower',
      applicable: used,
      value: (r) => ((r.downtime - (r.reliability?.plannedDowntime ?? 0)) / r.window) * SECONDS_PER_YEAR,
    },
  ],
};
