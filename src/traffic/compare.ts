/**
 * The traffic area's metric compared between variants (`faultline compare`, src/compare/paired.ts):
 * request-based availability, from the per-replication request counts (src/traffic/stats.ts).
 */
import type { AreaMetrics } from '../compare/metric.js';

export const trafficMetrics: AreaMetrics = {
  after: 'mtbf',
  metrics: [
    {
      metric: 'request_success_ratio',
      unit: 'probability',
      better: 'higher',
      ratio: { num: (r) => r.traffic?.successes ?? NaN, den: (r) => r.traffic?.requests ?? NaN },
      applicable: (reps) => reps.every((r) => r.traffic !== undefined),
    },
  ],
};
