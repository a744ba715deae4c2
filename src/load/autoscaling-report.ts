/**
 * Report rows of the autoscaling results and the static-stability check of a load service (shared by the
 * terminal, Markdown and HTML sections of report.ts).
 */
import { formatNumberEstimate, formatPercentEstimate, formatSeconds } from '../report/format.js';
import type { LoadServiceResults } from './results.js';

/** [metric, value] rows of the HPA results (none for a static service). */
export function autoscalingRows(s: LoadServiceResults): string[][] {
  const a = s.autoscaling;
  if (!a) return [];
  return [
    [`replicas, mean (HPA ${a.minReplicas}-${a.maxReplicas}, target ${(a.targetUtilization * 100).toFixed(0)}%)`, formatNumberEstimate(a.meanReplicas)],
    ['replicas serving, mean', formatNumberEstimate(a.meanServing)],
    ['HPA steady state at mean / peak rate (analytic)', `${a.analytic.replicasAtMeanRate} / ${a.analytic.replicasAtPeakRate}`],
    ['scale-ups per day', formatNumberEstimate(a.scaleUpsPerDay)],
    ['scale-downs per day', formatNumberEstimate(a.scaleDownsPerDay)],
    ['time at max_replicas', formatPercentEstimate(a.atMaxFraction)],
    ['time under-provisioned (below target capacity)', formatPercentEstimate(a.underProvisionedFraction)],
    ...((a.failedScaleActions.estimate ?? 0) > 0 ? [['failed scale-up actions per replication', formatNumberEstimate(a.failedScaleActions)]] : []),
    ...((a.failedStarts.estimate ?? 0) > 0 ? [['replicas failing to start per replication', formatNumberEstimate(a.failedStarts)]] : []),
  ];
}

/** The static-stability verdict as a text line (none without `static_stability`). */
export function staticStabilityLines(s: LoadServiceResults): string[] {
  const t = s.staticStability;
  if (!t) return [];
  const zones = t.replicasPerZone.map((z) => `${z.zone || '(none)'}: ${z.replicas}`).join(', ');
  const rho = t.utilisation === null ? 'no replica left' : `utilisation ${(t.utilisation * 100).toFixed(1)}%`;
  const wait = t.erlangCWait !== null ? `, M/M/c wait ${formatSeconds(t.erlangCWait)}` : '';
  const verdict = t.stable ? 'statically stable' : 'NOT statically stable (needs scaling)';
  return [
    `static stability: losing ${t.zonesLost} zone(s) (${t.lostZones.join(', ')}) at peak ${t.peakRate.toFixed(1)} requests/s (${t.offeredSlots.toFixed(2)} busy slots) with replicas per zone ${zones}: ${t.survivingReplicas} left, ${rho}${wait} - ${verdict} (threshold ${(t.maxUtilization * 100).toFixed(0)}%)`,
  ];
}
