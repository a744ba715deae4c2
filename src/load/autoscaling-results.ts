/**
 * Autoscaling estimates of a load service over replications: mean replicas (all, and serving), scale actions
 * per day, failed scale actions and starts, the fractions of the window at max_replicas and under-provisioned,
 * the replicas over time (bucket means), the first replication's scale events, and the analytic steady state
 * of the HPA at the mean and peak rates (static-stability.ts replicasAtRate).
 */
import { meanEstimate, NON_NEGATIVE, UNIT_INTERVAL, type Estimate } from '../results/estimators.js';
import type { AutoscalingStats } from './autoscaling-stats.js';
import { replicasAtRate } from './static-stability.js';
import type { LoadServiceSpec } from './types.js';

export interface AutoscalingResults {
  minReplicas: number;
  maxReplicas: number;
  targetUtilization: number;
  /** Time-mean replica count (starting or ready) and serving count (ready, instance up). */
  meanReplicas: Estimate;
  meanServing: Estimate;
  scaleUpsPerDay: Estimate;
  scaleDownsPerDay: Estimate;
  failedScaleActions: Estimate;
  failedStarts: Estimate;
  /** Fractions of the window at max_replicas, and with fewer serving replicas than the rate needs at the target. */
  atMaxFraction: Estimate;
  underProvisionedFraction: Estimate;
  /** Bucket means over replications (same buckets as the load series). */
  series: { replicas: number[]; serving: number[] };
  /** The first replication's scale actions: time (s) and replica count after it (first 1,000). */
  events: { t: number; replicas: number }[];
  /** The HPA's steady state (ratio 1) at the mean and at the peak client rate, clamped to min/max replicas. */
  analytic: { replicasAtMeanRate: number; replicasAtPeakRate: number };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function autoscalingResults(s: LoadServiceSpec, st: (AutoscalingStats | undefined)[], window: number, width: number): AutoscalingResults | null {
  const a = s.autoscaling;
  const xs = st.filter((x): x is AutoscalingStats => x !== undefined);
  if (!a || xs.length === 0) return null;
  const days = window / 86400;
  const col = (f: (x: AutoscalingStats) => number, support = NON_NEGATIVE) => meanEstimate(xs.map(f), support);
  const n = xs[0].replicas.length;
  const bucketMean = (k: 'replicas' | 'serving') => Array.from({ length: n }, (_, i) => sum(xs.map((x) => x[k][i])) / xs.length / width);
  const peak = s.rate * (s.dailyProfile ? Math.max(...s.dailyProfile) : 1);
  return {
    minReplicas: a.minReplicas,
    maxReplicas: a.maxReplicas,
    targetUtilization: a.targetUtilization,
    meanReplicas: col((x) => sum(x.replicas) / window),
    meanServing: col((x) => sum(x.serving) / window),
    scaleUpsPerDay: col((x) => x.scaleUps / days),
    scaleDownsPerDay: col((x) => x.scaleDowns / days),
    failedScaleActions: col((x) => x.failedScaleActions),
    failedStarts: col((x) => x.failedStarts),
    atMaxFraction: col((x) => x.atMax / window, UNIT_INTERVAL),
    underProvisionedFraction: col((x) => x.underProvisioned / window, UNIT_INTERVAL),
    series: { replicas: bucketMean('replicas'), serving: bucketMean('serving') },
    events: xs[0].events,
    analytic: { replicasAtMeanRate: replicasAtRate(s, s.rate), replicasAtPeakRate: replicasAtRate(s, peak) },
  };
}
