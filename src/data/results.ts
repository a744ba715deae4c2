/**
 * The `data` section of the results document: estimates per datastore and stream, the closed-form
 * expectations and their comparison with the simulation, and the data distributions for charts
 * (`data.rpo[<datastore>]`, `data.rto[<datastore>]`, `stream.recovery_time[<stream>]`, `stream.peak_lag[<stream>]`).
 */
import type { ReplicationStats } from '../observe/replication-stats.js';
import { compareMetric, type Comparison } from '../results/comparison.js';
import { summarizeDistribution, type DistributionSummary } from '../results/distribution.js';
import type { Estimate } from '../results/estimators.js';
import type { Scenario } from '../scenario/types.js';
import type { RpoSloInput } from '../results/slo.js';
import { aggregateData, atLeastOnce, poissonRateEstimate, type DatastoreEstimates, type StreamEstimates } from './aggregate.js';
import { dataExpectations, type DataExpectation } from './analytic.js';

/** A comparison whose unit may also be records. */
export type DataComparison = Omit<Comparison, 'unit'> & { unit: 'seconds' | 'records' | 'probability' };

export interface DataResults {
  datastores: DatastoreEstimates[];
  streams: StreamEstimates[];
  expectations: DataExpectation[];
  comparison: DataComparison[];
}

/** The simulated estimate matching an expectation's metric name. */
function measuredFor(metric: string, ds: DatastoreEstimates[], st: StreamEstimates[]): Estimate | null {
  const m = /^([a-z_]+)\[(.+)\]$/.exec(metric);
  if (!m) return null;
  const d = ds.find((x) => x.name === m[2]);
  const s = st.find((x) => x.name === m[2]);
  switch (m[1]) {
    case 'rpo_backup_mean': return d?.rpoBackup.mean ?? null;
    case 'rto_backup_mean': return d?.rtoBackup.mean ?? null;
    case 'rpo_pitr_mean': return d?.rpoBackup.mean ?? null;
    case 'rto_pitr_mean': return d?.rtoBackup.mean ?? null;
    case 'replay_mean': return d?.pitr?.replay.mean ?? null;
    case 'rpo_replica_mean': return d?.rpoReplica.mean ?? null;
    case 'duplicates_per_failure': return s?.duplicatesPerFailure ?? null;
    case 'lost_per_failure': return s?.lostPerFailure ?? null;
    case 'recovery_time_mean': return s?.recoveryTime.mean ?? null;
    case 'stale_read_fraction': return d?.staleReadFraction ?? null;
    default: return null;
  }
}

/** Builds the data section and its distributions; null when the scenario models no data. */
export function buildDataResults(
  sc: Scenario,
  reps: ReplicationStats[],
  unavailable: { analysis: string; reason: string }[] = [],
): { data: DataResults; distributions: Record<string, DistributionSummary> } | null {
  const agg = aggregateData(sc, reps);
  if (!agg) return null;
  let expectations: DataExpectation[] = [];
  try {
    expectations = dataExpectations(sc);
  } catch (err) {
    unavailable.push({ analysis: 'data expectations (closed forms)', reason: (err as Error).message });
  }
  const comparison: DataComparison[] = [];
  for (const e of expectations) {
    const measured = measuredFor(e.metric, agg.datastores, agg.streams);
    if (measured && measured.n > 0) comparison.push(Object.assign(compareMetric(e.metric, 'seconds', measured, e.value, e.violations), { unit: e.unit }));
  }
  const distributions: Record<string, DistributionSummary> = {};
  // A distribution with non-finite values (e.g. a restore that never ends) is left out and said so.
  const add = (key: string, label: string, values: number[]) => {
    try {
      distributions[key] = summarizeDistribution(label, 'seconds', values);
    } catch (err) {
      unavailable.push({ analysis: `distribution ${key}`, reason: (err as Error).message });
    }
  };
  sc.data!.datastores.forEach((d, i) => {
    const inc = reps.flatMap((r) => r.data!.datastores[i].incidents).filter((x) => x.source !== 'none');
    add(`data.rpo[${d.name}]`, `RPO (data-loss window) of ${d.name}`, inc.map((x) => x.rpo as number));
    add(`data.rto[${d.name}]`, `RTO (time to data restored) of ${d.name}`, inc.map((x) => x.rto as number));
  });
  sc.data!.streams.forEach((s, i) => {
    add(`stream.recovery_time[${s.name}]`, `Recovery time of stream ${s.name}`, reps.flatMap((r) => r.data!.streams[i].recoveryTimes));
    add(`stream.peak_lag[${s.name}]`, `Processing lag after restart of ${s.name}`, reps.flatMap((r) => r.data!.streams[i].peakLags));
  });
  return { data: { ...agg, expectations, comparison }, distributions };
}

/**
 * What the `rpo_max` SLO is checked against: the per-incident losses of every datastore (largest loss,
 * exceeding incidents and the yearly probability of one, Garwood CI over the common exposure); null
 * without datastores or without the objective.
 */
export function rpoForSlo(data: DataResults | undefined): RpoSloInput | null {
  const ds = data?.datastores ?? [];
  const objectives = ds.map((d) => d.rpoObjective);
  if (ds.length === 0 || objectives.some((o) => o === null)) return null;
  const sum = (f: (d: DatastoreEstimates) => number) => ds.reduce((s, d) => s + f(d), 0);
  const exceedances = sum((d) => d.rpoObjective!.exceedances);
  const worsts = ds.map((d) => d.worstLoss).filter((x): x is number => x !== null);
  const first = objectives[0]!;
  return {
    worst: worsts.length ? Math.max(...worsts) : null,
    unrecoverable: sum((d) => d.rpoByCause.reduce((s, c) => s + c.unrecoverable, 0)),
    exceedances,
    incidents: sum((d) => d.rpoObjective!.incidents),
    probabilityPerYear: atLeastOnce(poissonRateEstimate(exceedances, first.exposureYears, first.perYear.n)),
    startup: sum((d) => d.startupLosses),
  };
}

declare module '../results/document.js' {
  interface ResultsDocument {
    /** Data durability (RPO/RTO, backups, replication, streams); absent when the scenario models no data. */
    data?: DataResults;
  }
}
