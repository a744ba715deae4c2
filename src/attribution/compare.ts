/**
 * The attribution metrics compared between variants (`faultline compare`): system downtime per year of the
 * outages started by instances' own failures and by injected faults, and the downtime per year spent in
 * switchovers (system down while the static structure is up), paired over common random numbers. Applicable
 * when every replication of both variants carries attribution statistics.
 */
import type { AreaMetrics, MetricDefinition } from '../compare/metric.js';
import type { ReplicationStats } from '../observe/replication-stats.js';
import { SECONDS_PER_YEAR } from '../scenario/duration.js';

function downtimeStartedBy(r: ReplicationStats, pick: (key: string) => boolean): number {
  let s = 0;
  for (const [k, c] of Object.entries(r.attribution?.causes ?? {})) if (pick(k)) s += c[1];
  return (s / r.window) * SECONDS_PER_YEAR;
}

const applicable = (reps: readonly ReplicationStats[]) => reps.length > 0 && reps.every((r) => r.attribution !== undefined);

const metric = (name: string, pick: (key: string) => boolean): MetricDefinition => ({
  metric: name,
  unit: 'seconds',
  better: 'lower',
  value: (r) => downtimeStartedBy(r, pick),
  applicable,
});

export const attributionMetrics: AreaMetrics = {
  after: 'downtime_per_year',
  metrics: [
    metric('downtime_per_year_from_failures', (k) => k.endsWith(':f')),
    metric('downtime_per_year_from_faults', (k) => k !== 's' && !k.endsWith(':f')),
    {
      metric: 'downtime_per_year_in_switchovers',
      unit: 'seconds',
      better: 'lower',
      value: (r) => (Math.max(0, r.downtime - (r.attribution?.staticDowntime ?? 0)) / r.window) * SECONDS_PER_YEAR,
      applicable,
    },
  ],
};
