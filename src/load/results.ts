/**
 * Load estimates over replications (`ResultsDocument.load`): per service goodput ratio, try amplification,
 * try outcomes, utilisation (per service and host), queueing delay, time overloaded, recovery time after the
 * triggers, the over-time series (means over replications per bucket), and the analytic columns: M/M/c
 * (Erlang C) waiting time with every host up, and the fixed points of the retry-load equation at peak rate.
 */
import type { ReplicationStats } from '../observe/replication-stats.js';
import { compareMetric, type Comparison } from '../results/comparison.js';
import { meanEstimate, NON_NEGATIVE, ratioEstimate, UNIT_INTERVAL, type Estimate } from '../results/estimators.js';
import { estimateSloCheck, type SloCheck } from '../results/slo.js';
import type { Scenario } from '../scenario/types.js';
import { autoscalingResults, type AutoscalingResults } from './autoscaling-results.js';
import { serviceLaw } from './host-model.js';
import { fixedPoints, type FixedPoint } from './fluid-point.js';
import { mmcWait } from './queueing.js';
import { replicasAtRate, staticStability, type StaticStabilityResults } from './static-stability.js';
import type { LoadSeries } from './series.js';
import { FAILURE_CAUSES, type FailureCause, type LoadReplicationStats, type LoadServiceStats } from './stats.js';
import type { LoadScenario, LoadServiceSpec } from './types.js';

export interface LoadServiceResults {
  name: string;
  requestsPerReplication: number;
  goodputRatio: Estimate;
  /** Tries per client request (1 = no retry). */
  tryAmplification: Estimate;
  /** Per failure cause: tries ending so / tries. */
  outcomes: Record<FailureCause, Estimate>;
  retriesRefusedPerRequest: Estimate;
  /** Hedged tries (sent while another try of the request was outstanding) per client request; with a hedge_policy only. */
  hedgesPerRequest?: Estimate;
  /** Client requests rejected by admission control / client requests (shed before any try); with admission_control only. */
  admissionRejected?: Estimate;
  utilisation: Estimate;
  hostUtilisation: { host: string; utilisation: Estimate }[];
  /** Mean wait for a slot of the tries served, seconds. */
  queueingDelay: Estimate;
  /** Mean latency of successful requests (exact mode only), seconds. */
  latencyMean: Estimate | null;
  /** Fraction of the window in buckets whose goodput ratio is below the healthy ratio. */
  overloadedFraction: Estimate;
  /** Per trigger end: time to the first healthy bucket (not recovered by the horizon: horizon - end, a lower bound). */
  recovery: { triggers: number; recovered: number; meanTime: Estimate };
  /** Means over replications, per bucket. */
  series: { t: number[]; goodputRatio: (number | null)[]; utilisation: (number | null)[]; queueingDelay: (number | null)[]; requestRate: number[]; tryRate: number[] };
  analytic: { erlangCWait: number | null; assumptions: string[]; fixedPoints: FixedPoint[] | null; fixedPointRate: number };
  /** Kubernetes HPA results (services with `autoscaling`; docs/load.md "Autoscaling"); absent otherwise. */
  autoscaling?: AutoscalingResults;
  /** The static-stability check per zone (services with `static_stability`); absent otherwise. */
  staticStability?: StaticStabilityResults;
}

export interface LoadResults {
  mode: 'exact' | 'fluid';
  bucket: number;
  healthyRatio: number;
  services: LoadServiceResults[];
}

/** A service without the mechanism rejects / hedges nothing. */
const ZERO: Estimate = { estimate: 0, ci95: [0, 0], halfWidth: 0, n: 0 };
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function loadResults(sc: Scenario, reps: ReplicationStats[]): LoadResults | null {
  const spec = sc.load;
  const stats = reps.map((r) => r.load).filter((x): x is LoadReplicationStats => x !== undefined);
  if (!spec || stats.length === 0) return null;
  return { mode: stats[0].mode, bucket: spec.bucket, healthyRatio: spec.healthyRatio, services: spec.services.map((s, k) => serviceResults(sc, spec, s, stats.map((r) => r.services[k]))) };
}

function serviceResults(sc: Scenario, spec: LoadScenario, s: LoadServiceSpec, st: LoadServiceStats[]): LoadServiceResults {
  const col = (f: (x: LoadServiceStats) => number) => st.map(f);
  const requests = col((x) => x.requests);
  const tries = col((x) => x.tries);
  const outcomes = Object.fromEntries(FAILURE_CAUSES.map((c) => [c, ratioEstimate(col((x) => x.outcomes[c]), tries, UNIT_INTERVAL)])) as Record<FailureCause, Estimate>;
  const health = st.map((x) => bucketHealth(x.series, spec.healthyRatio));
  const width = spec.bucket;
  const window = sc.horizon - sc.warmup;
  const recoveries = st.map((x, i) => recoveryTimes(x.triggerEnds, health[i], sc.warmup, width, sc.horizon));
  const times = recoveries.flatMap((r) => r.times);
  const exact = st.length > 0 && st[0].latencySum > 0;
  const scaling = autoscalingResults(s, st.map((x) => x.autoscaling), window, width);
  const stability = staticStability(s);
  return {
    name: s.name,
    requestsPerReplication: sum(requests) / Math.max(1, st.length),
    goodputRatio: ratioEstimate(col((x) => x.successes), requests, UNIT_INTERVAL),
    tryAmplification: ratioEstimate(tries, requests, [1, Infinity]),
    outcomes,
    retriesRefusedPerRequest: ratioEstimate(col((x) => x.retriesRefused), requests, NON_NEGATIVE),
    ...(s.hedge ? { hedgesPerRequest: ratioEstimate(col((x) => x.hedges), requests, NON_NEGATIVE) } : {}),
    ...(s.admission ? { admissionRejected: ratioEstimate(col((x) => x.admissionRejected), requests, UNIT_INTERVAL) } : {}),
    utilisation: ratioEstimate(col((x) => sum(x.series.busy)), col((x) => sum(x.series.capacity)), UNIT_INTERVAL),
    hostUtilisation: s.hosts.map((host, h) => ({ host, utilisation: ratioEstimate(col((x) => x.hostBusy[h]), col((x) => x.hostCapacity[h]), UNIT_INTERVAL) })),
    queueingDelay: ratioEstimate(col((x) => sum(x.series.waitSum)), col((x) => sum(x.series.waitCount)), NON_NEGATIVE),
    latencyMean: exact ? ratioEstimate(col((x) => x.latencySum), col((x) => x.successes), NON_NEGATIVE) : null,
    overloadedFraction: meanEstimate(health.map((h) => (h.filter((x) => x === false).length * width) / window), UNIT_INTERVAL),
    recovery: { triggers: sum(recoveries.map((r) => r.triggers)), recovered: sum(recoveries.map((r) => r.recovered)), meanTime: meanEstimate(times, NON_NEGATIVE) },
    series: meanSeries(st, sc.warmup, width),
    analytic: analyticColumns(s),
    ...(scaling ? { autoscaling: scaling } : {}),
    ...(stability ? { staticStability: stability } : {}),
  };
}

/** Per bucket: true (healthy), false (goodput ratio below the healthy ratio) or null (no request). */
function bucketHealth(se: LoadSeries, healthy: number): (boolean | null)[] {
  return se.requests.map((r, i) => (r > 0 ? se.successes[i] / r >= healthy : null));
}

/**
 * Time from each trigger end to the start of the first healthy bucket starting at or after it; a trigger not
 * followed by a healthy bucket counts horizon - end (censored: a lower bound) and not as recovered.
 */
function recoveryTimes(ends: number[], health: (boolean | null)[], start: number, width: number, horizon: number): { triggers: number; recovered: number; times: number[] } {
  const times: number[] = [];
  let recovered = 0;
  for (const t of ends) {
    let i = Math.ceil((t - start) / width - 1e-9);
    while (i < health.length && health[i] === false) i++;
    const at = start + i * width;
    if (i < health.length && at <= horizon) {
      recovered++;
      times.push(Math.max(0, at - t));
    } else times.push(Math.max(0, horizon - t));
  }
  return { triggers: ends.length, recovered, times };
}

function meanSeries(st: LoadServiceStats[], start: number, width: number): LoadServiceResults['series'] {
  const n = st[0]?.series.requests.length ?? 0;
  const total = (k: keyof LoadSeries, i: number) => sum(st.map((x) => x.series[k][i]));
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  const reps = Math.max(1, st.length);
  const idx = Array.from({ length: n }, (_, i) => i);
  return {
    t: idx.map((i) => start + i * width),
    goodputRatio: idx.map((i) => ratio(total('successes', i), total('requests', i))),
    utilisation: idx.map((i) => ratio(total('busy', i), total('capacity', i))),
    queueingDelay: idx.map((i) => ratio(total('waitSum', i), total('waitCount', i))),
    requestRate: idx.map((i) => total('requests', i) / reps / width),
    tryRate: idx.map((i) => total('tries', i) / reps / width),
  };
}

/** Assumptions of the Erlang C column. */
export const ERLANG_C_ASSUMPTIONS = [
  'Poisson arrivals at the mean rate (no daily profile), split evenly over every host up (Envoy random)',
  'exponential service times, FCFS, no queue limit, no retries, no host failure',
];

function analyticColumns(s: LoadServiceSpec): LoadServiceResults['analytic'] {
  const law = serviceLaw(s.capacity.serviceTime);
  const peak = s.rate * (s.dailyProfile ? Math.max(...s.dailyProfile) : 1);
  // An autoscaled service: the fixed points with the HPA's replicas at peak; no Erlang C row (replicas vary).
  const k = s.autoscaling ? replicasAtRate(s, peak) : s.hosts.length;
  const applicable = !s.autoscaling && s.capacity.serviceTime.kind === 'exponential' && s.capacity.queueLimit === null && s.capacity.discipline === 'fcfs';
  const w = applicable ? mmcWait(s.rate / k, 1 / law.mean, s.capacity.concurrency) : null;
  return {
    erlangCWait: w !== null && Number.isFinite(w) ? w : null,
    assumptions: ERLANG_C_ASSUMPTIONS,
    fixedPoints: s.retry.numRetries > 0 ? fixedPoints(s, law, 1, k, peak) : null,
    fixedPointRate: peak,
  };
}

/** Queueing delay vs Erlang C, where the scenario meets its assumptions (flat rate, no retries). */
export function loadComparisons(sc: Scenario, r: LoadResults): Comparison[] {
  const out: Comparison[] = [];
  (sc.load as LoadScenario).services.forEach((s, k) => {
    const res = r.services[k];
    const w = res.analytic.erlangCWait;
    if (w === null || s.dailyProfile || s.retry.numRetries > 0) return;
    const violations = sc.components.find((c) => c.name === s.component)?.failure ? ['hosts fail (the Erlang C value assumes every host up)'] : [];
    out.push(compareMetric(`load.${s.name}.queueing_delay`, 'seconds', res.queueingDelay, w, violations));
  });
  return out;
}

/**
 * goodput_ratio >= target (every load service), recovery_time_max >= the mean recovery time,
 * admission_rejected_max >= the fraction of requests rejected by admission control, hedged_tries_max >= hedged
 * tries per request, under_provisioned_max >= the autoscaled services' under-provisioned fraction.
 */
export function loadSloChecks(sc: Scenario, r: LoadResults): SloCheck[] {
  const slo = sc.load?.slo;
  if (!slo) return [];
  const checks: SloCheck[] = [];
  const check = (objective: SloCheck['objective'], target: number, e: Estimate, higherIsBetter: boolean) => {
    checks.push(estimateSloCheck(objective, target, e, higherIsBetter));
  };
  for (const s of r.services) {
    if (slo.goodputRatio !== undefined) check('goodput_ratio', slo.goodputRatio, s.goodputRatio, true);
    if (slo.recoveryTimeMax !== undefined && s.recovery.triggers > 0) {
      check('recovery_time_max', slo.recoveryTimeMax, s.recovery.meanTime, false);
    }
    if (slo.admissionRejectedMax !== undefined) check('admission_rejected_max', slo.admissionRejectedMax, s.admissionRejected ?? ZERO, false);
    if (slo.hedgedTriesMax !== undefined) check('hedged_tries_max', slo.hedgedTriesMax, s.hedgesPerRequest ?? ZERO, false);
    if (slo.underProvisionedMax !== undefined && s.autoscaling) check('under_provisioned_max', slo.underProvisionedMax, s.autoscaling.underProvisionedFraction, false);
  }
  return checks;
}

declare module '../results/document.js' {
  interface ResultsDocument {
    /** Load results (scenarios with a load section; docs/load.md); absent otherwise. */
    load?: LoadResults;
  }
}
