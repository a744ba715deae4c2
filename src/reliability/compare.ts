/**
 * The reliability metrics `faultline compare` pairs between variants: planned and unplanned system down time
 * per year. Shown for every variant as soon as one variant of the comparison uses the reliability area (a
 * variant without it has no planned downtime: all its downtime is unplanned); a comparison where none does
 * keeps its rows unchanged.
 */
import type { AreaMetrics } from '../compare/metric.js';
import { SECONDS_PER_YEAR } from '../scenario/duration.js';
import type { ReplicationStats } from '../observe/replication-stats.js';
import './stats.js';

const used = (reps: readonly ReplicationStats[]) => reps.length > 0 && reps.every((r) => r.reliability !== undefined);

export const reliabilityMetrics: AreaMetrics = {
  after: 'downtime_per_year',
  metrics: [
    { metric: 'planned_downtime_per_year', unit: 'seconds', better: 'lower', applicable: used, everyVariant: true, value: (r) => ((r.reliability?.plannedDowntime ?? 0) / r.window) * SECONDS_PER_YEAR },
    {
      metric: 'unplanned_downtime_per_year',
      unit: 'seconds',
      better: 'lower',
      applicable: used,
      everyVariant: true,
      value: (r) => ((r.downtime - (r.reliability?.plannedDowntime ?? 0)) / r.window) * SECONDS_PER_YEAR,
    },
  ],
};
