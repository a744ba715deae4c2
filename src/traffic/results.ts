/**
 * Traffic estimates over replications: request success ratio (request-based availability) next to the
 * time-based availability, latency percentiles, detection and failover times, MTTR by parts, error-budget
 * burn, per-service figures, deploy outcomes; the `traffic.*` distributions; comparisons with the analytic
 * expectations (detection delay, balancer pair availability); and the request-level SLO checks.
 */
import { compareMetric, type Comparison } from '../results/comparison.js';
import { summarizeDistribution, DISTRIBUTION_POINTS, type DistributionSummary } from '../results/distribution.js';
import { meanEstimate, NON_NEGATIVE, ratioEstimate, scaleEstimate, UNIT_INTERVAL, type Estimate } from '../results/estimators.js';
import { estimateSloCheck, type SloCheck } from '../results/slo.js';
import type { ReplicationStats } from '../observe/replication-stats.js';
import { SECONDS_PER_YEAR } from '../scenario/duration.js';
import type { Scenario } from '../scenario/types.js';
import { BALANCER_PAIR_ASSUMPTIONS, REQUEST_SUCCESS_ASSUMPTIONS, balancerPairExpectation, requestSuccessExpectation } from './analytic.js';
import { DETECTION_ASSUMPTIONS, expectedDetectDelay } from './health-check.js';
import type { TrafficReplicationStats } from './stats.js';
import { LATENCY_RELATIVE_ACCURACY, mergeSketches, sketchCount, sketchQuantile, sketchQuantiles } from './latency-sketch.js';

/** Request-level results (`ResultsDocument.traffic`). Times in seconds, ratios as fractions. */
export interface TrafficResults {
  mode: 'fluid' | 'exact';
  entry: string;
  /** Mean client requests per replication (expected counts in fluid mode). */
  requestsPerReplication: number;
  /** Successful / all client requests (ratio estimator over replications). */
  requestSuccessRatio: Estimate;
  /** Time-based availability of the structure function (= system.availability), for comparison. */
  timeAvailability: Estimate;
  /**
   * Per-replication latency percentiles (from each replication's DDSketch) averaged over replications;
   * the CI includes the sketch's relative error (`relativeAccuracy`).
   */
  latency: { p50: Estimate; p95: Estimate; p99: Estimate; relativeAccuracy: number };
  /** Health-check detection delay (host failing -> marked unhealthy). */
  detection: { count: number; mean: Estimate };
  /** Host failing -> out of rotation (health check or ejection), and balancer failovers. */
  failover: { count: number; mean: Estimate };
  hostFailuresPerYear: Estimate;
  ejectionsPerYear: Estimate;
  /** MTTR = detect + respond + repair (with `monitoring`), means per repaired failure. */
  mttr: { count: number; detect: Estimate; respond: Estimate; repair: Estimate; total: Estimate } | null;
  /** Burn rate = measured request failure ratio / (1 - target); 1 spends the budget exactly. */
  errorBudget: { target: number; source: 'request_success_ratio' | 'availability'; burnRate: Estimate } | null;
  services: {
    name: string;
    policy: string;
    /** Failed tries / tries to the service's hosts. */
    tryFailureRatio: Estimate;
    /** Fraction of the window the service's balancer was up (services with balancer nodes). */
    balancerAvailability: Estimate | null;
  }[];
  /**
   * Deploys started (`total`), bad, rolled back, caught in canary; `queued`: arrived during a rollout and
   * waited (FIFO), `pendingAtHorizon`: still waiting at the horizon, `waitTime`: mean wait per started deploy.
   */
  deploys: {
    total: number;
    bad: number;
    rolledBack: number;
    caughtInCanary: number;
    badVersionTime: Estimate;
    queued: number;
    pendingAtHorizon: number;
    waitTime: Estimate;
  } | null;
}

const traffic = (reps: ReplicationStats[]) => reps.map((r) => r.traffic as TrafficReplicationStats);

/** Builds the traffic results; null when the scenario has no services. */
export function trafficResults(sc: Scenario, reps: ReplicationStats[], timeAvailability: Estimate): TrafficResults | null {
  const spec = sc.traffic;
  if (!spec || reps.length === 0 || !reps[0].traffic) return null;
  const t = traffic(reps);
  const perYear = (xs: number[]) => meanEstimate(t.map((x, i) => (xs[i] / x.window) * SECONDS_PER_YEAR), NON_NEGATIVE);
  const success = ratioEstimate(t.map((x) => x.successes), t.map((x) => x.requests), UNIT_INTERVAL);
  const q = (p: number) => withSketchError(meanEstimate(t.map((x) => sketchQuantile(x.latency, p)).filter((v): v is number => v !== null), NON_NEGATIVE));
  const pooled = (f: (x: TrafficReplicationStats) => number[]) => t.flatMap(f);
  const m = pooled((x) => x.mttr.detect);
  const target = spec.slo.requestSuccessRatio ?? sc.slo.availability;
  const failure = success.estimate === null ? null : { ...success, estimate: 1 - success.estimate, ci95: success.ci95 ? ([1 - success.ci95[1], 1 - success.ci95[0]] as [number, number]) : null };
  const deploysTotal = t.reduce((a, x) => a + x.deploys.total, 0);
  return {
    mode: t[0].mode,
    entry: spec.entry,
    requestsPerReplication: t.reduce((a, x) => a + x.requests, 0) / t.length,
    requestSuccessRatio: success,
    timeAvailability,
    latency: { p50: q(0.5), p95: q(0.95), p99: q(0.99), relativeAccuracy: LATENCY_RELATIVE_ACCURACY },
    detection: { count: pooled((x) => x.detection).length, mean: meanEstimate(pooled((x) => x.detection), NON_NEGATIVE) },
    failover: { count: pooled((x) => x.failover).length, mean: meanEstimate(pooled((x) => x.failover), NON_NEGATIVE) },
    hostFailuresPerYear: perYear(t.map((x) => x.hostFailures)),
    ejectionsPerYear: perYear(t.map((x) => x.ejections)),
    mttr: spec.monitoring
      ? {
          count: m.length,
          detect: meanEstimate(m, NON_NEGATIVE),
          respond: meanEstimate(pooled((x) => x.mttr.respond), NON_NEGATIVE),
          repair: meanEstimate(pooled((x) => x.mttr.repair), NON_NEGATIVE),
          total: meanEstimate(t.flatMap((x) => x.mttr.detect.map((d, i) => d + x.mttr.respond[i] + x.mttr.repair[i])), NON_NEGATIVE),
        }
      : null,
    errorBudget:
      target !== undefined && target < 1 && failure
        ? { target, source: spec.slo.requestSuccessRatio !== undefined ? 'request_success_ratio' : 'availability', burnRate: scaleEstimate(failure, 1 / (1 - target)) }
        : null,
    services: spec.services.map((s, k) => ({
      name: s.name,
      policy: s.balancer.policy,
      tryFailureRatio: ratioEstimate(t.map((x) => x.services[k].failures), t.map((x) => x.services[k].tries), UNIT_INTERVAL),
      balancerAvailability: s.balancer.nodes ? meanEstimate(t.map((x) => x.balancerUptime[k] / x.window), UNIT_INTERVAL) : null,
    })),
    deploys:
      spec.deploys.length > 0
        ? {
            total: deploysTotal,
            bad: t.reduce((a, x) => a + x.deploys.bad, 0),
            rolledBack: t.reduce((a, x) => a + x.deploys.rolledBack, 0),
            caughtInCanary: t.reduce((a, x) => a + x.deploys.caughtInCanary, 0),
            badVersionTime: meanEstimate(pooled((x) => x.deploys.badVersionTime), NON_NEGATIVE),
            queued: t.reduce((a, x) => a + x.deploys.queued, 0),
            pendingAtHorizon: t.reduce((a, x) => a + x.deploys.queued - x.deploys.dequeued, 0),
            waitTime: meanEstimate(pooled((x) => x.deploys.waitTime), NON_NEGATIVE),
          }
        : null,
  };
}

/**
 * Widens a mean of sketch quantiles by the sketch's relative accuracy alpha: each replication's reported
 * quantile v' is within alpha v of its exact value v, so v lies in [v'/(1 + alpha), v'/(1 - alpha)], and
 * so does the mean; the CI of the exact mean is the t-interval with its ends moved out accordingly.
 * Source: Masson, Rim & Lee, PVLDB 12(12) (2019), the alpha-accuracy guarantee of DDSketch.
 */
function withSketchError(e: Estimate): Estimate {
  if (e.ci95 === null || e.estimate === null) return e;
  const a = LATENCY_RELATIVE_ACCURACY;
  const ci: [number, number] = [e.ci95[0] / (1 + a), e.ci95[1] / (1 - a)];
  return { ...e, ci95: ci, halfWidth: Math.max(e.estimate - ci[0], ci[1] - e.estimate) };
}

/** The `traffic.*` distributions (latency from the merged sketches, the others from pooled samples). */
export function trafficDistributions(reps: ReplicationStats[]): Record<string, DistributionSummary> {
  if (reps.length === 0 || !reps[0].traffic) return {};
  const t = traffic(reps);
  const merged = mergeSketches(t.map((x) => x.latency));
  const count = sketchCount(merged);
  const quantiles = count > 0 ? (sketchQuantiles(merged, Array.from({ length: DISTRIBUTION_POINTS }, (_, i) => i / (DISTRIBUTION_POINTS - 1))) as number[]) : [];
  const mean = count > 0 ? quantiles.reduce((a, x) => a + x, 0) / quantiles.length : null;
  const out: Record<string, DistributionSummary> = {
    'traffic.latency': { label: 'Client request latency (from the merged latency sketches, relative accuracy 0.5%; mean approximated from its quantiles)', unit: 'seconds', count: Math.round(count), mean, quantiles },
    'traffic.detection_time': summarizeDistribution('Health-check detection time', 'seconds', t.flatMap((x) => x.detection)),
    'traffic.failover_time': summarizeDistribution('Failover time (host out of rotation, balancer failover)', 'seconds', t.flatMap((x) => x.failover)),
  };
  if (t.some((x) => x.mttr.detect.length > 0)) {
    out['traffic.mttr'] = summarizeDistribution('Time to repair (detect + respond + repair)', 'seconds', t.flatMap((x) => x.mttr.detect.map((d, i) => d + x.mttr.respond[i] + x.mttr.repair[i])));
  }
  return out;
}

/**
 * Simulated vs analytic: the mean detection delay of each health-checked service whose detections all
 * came from refused probes (host down) or all from timed-out probes (unreachable) is compared with
 * `expectedDetectDelay`; the balancer pair availability with `balancerPairAvailability`.
 */
export function trafficComparisons(sc: Scenario, reps: ReplicationStats[], results: TrafficResults): Comparison[] {
  const spec = sc.traffic;
  if (!spec) return [];
  const out: Comparison[] = [];
  const t = traffic(reps);
  const detections = t.flatMap((x) => x.detection);
  const hcServices = spec.services.filter((s) => s.balancer.healthCheck);
  // Detections are pooled over services: compare only when one service is health-checked and no network
  // fault can make probes time out (then every detection is of a down host with refused probes).
  if (hcServices.length === 1 && spec.networkFaults.every((f) => f.kind === 'latency' || f.kind === 'loss') && detections.length >= 2) {
    const hc = hcServices[0].balancer.healthCheck!;
    const violations: string[] = [];
    out.push(compareMetric(`detection_time[${hcServices[0].name}]`, 'seconds', meanEstimate(detections), expectedDetectDelay(hc, false), violations));
  }
  const rs = requestSuccessExpectation(sc);
  if (rs) out.push(compareMetric('request_success_ratio', 'probability', results.requestSuccessRatio, rs.value, rs.violations));
  results.services.forEach((r, k) => {
    const s = spec.services[k];
    const a = balancerPairExpectation(sc, s);
    if (a !== null && r.balancerAvailability) out.push(compareMetric(`balancer_availability[${s.name}]`, 'probability', r.balancerAvailability, a, []));
  });
  return out;
}

/** Assumptions behind the traffic analytic values (for reports). */
export const TRAFFIC_ANALYTIC_ASSUMPTIONS = { detection: DETECTION_ASSUMPTIONS, balancerPair: BALANCER_PAIR_ASSUMPTIONS, requestSuccess: REQUEST_SUCCESS_ASSUMPTIONS };

/** Request-level SLOs: request_success_ratio >= target, latency p99 <= target. */
export function trafficSloChecks(sc: Scenario, r: TrafficResults | null): SloCheck[] {
  const slo = sc.traffic?.slo;
  if (!slo || !r) return [];
  const checks: SloCheck[] = [];
  // tolerance: a relative error the estimate is known to carry (the latency sketch's), so that a p99 sitting
  // exactly at its target (e.g. a timeout) is not failed by the sketch's rounding.
  const check = (objective: SloCheck['objective'], target: number, e: Estimate, higherIsBetter: boolean, tolerance = 0) => {
    checks.push(estimateSloCheck(objective, target, e, higherIsBetter, tolerance));
  };
  if (slo.requestSuccessRatio !== undefined) check('request_success_ratio', slo.requestSuccessRatio, r.requestSuccessRatio, true);
  if (slo.latencyP99 !== undefined) check('latency_p99', slo.latencyP99, r.latency.p99, false, r.latency.relativeAccuracy ?? 0);
  return checks;
}

declare module '../results/document.js' {
  interface ResultsDocument {
    /** Request-level results (scenarios with services; docs/results-format.md "traffic"); absent otherwise. */
    traffic?: TrafficResults;
  }
}
