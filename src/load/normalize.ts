/**
 * Raw `load` key and `latency-spike` faults -> the load section (types.ts), with Envoy's defaults; semantic
 * problems are reported through `add` with their scenario path (never thrown).
 */
import type { AddProblem } from '../scenario/errors.js';
import { didYouMean, formatPath, type PathSegment } from '../scenario/errors.js';
import type { SourceLocator } from '../scenario/errors.js';
import { toDistribution, type RawDistribution } from '../scenario/schema-laws.js';
import type { InstanceSpec } from '../core/types.js';
import { normalizeAutoscaling, normalizeStaticStability } from './autoscaling-schema.js';
import { DEFAULT_BASE_INTERVAL } from './backoff.js';
import type { RawLatencySpike, RawLoad, RawLoadService } from './schema.js';
import type { AdmissionSpec, BreakerSpec, HedgeSpec, LatencySpikeSpec, LoadScenario, LoadServiceSpec } from './types.js';

/** Envoy's route timeout default (config.route.v3.RouteAction.timeout), seconds. */
export const DEFAULT_LOAD_TIMEOUT = 15;
/** Envoy's default circuit-breaker thresholds (Envoy docs "Circuit breaking"; config.cluster.v3.CircuitBreakers). */
export const DEFAULT_BREAKERS: BreakerSpec = { maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3 };
/** Envoy's retry budget defaults: budget_percent 20%, min_retry_concurrency 3. */
const DEFAULT_BUDGET = { budgetPercent: 0.2, minRetryConcurrency: 3 };
/** Exact mode simulates every try: refuse more than this many client requests per replication (use fluid). */
export const MAX_EXACT_LOAD_REQUESTS = 1e8;
/** Most time buckets of the over-time series per replication (docs/limits.md). */
export const MAX_LOAD_BUCKETS = 10_000;
/** Default number of time buckets over the window. */
const DEFAULT_BUCKETS = 240;

interface RawDoc {
  horizon: number;
  warmup?: number;
  load?: RawLoad;
  faults?: { kind: string }[];
  slo?: { goodput_ratio?: number; recovery_time_max?: number; under_provisioned_max?: number; admission_rejected_max?: number; hedged_tries_max?: number };
}

/** @returns the load section, or null when the document has no `load` key. */
export function normalizeLoad(rawDoc: unknown, instances: InstanceSpec[], add: AddProblem, source: SourceLocator): LoadScenario | null {
  const raw = rawDoc as RawDoc;
  const spikesRaw = (raw.faults ?? []).map((f, i) => [f, i] as const).filter((x): x is [RawLatencySpike, number] => x[0].kind === 'latency-spike');
  if (!raw.load) {
    for (const [, i] of spikesRaw) add(['faults', i, 'kind'], 'a latency-spike fault needs a load section', 'a top-level load mapping');
    return null;
  }
  const l = raw.load;
  const window = raw.horizon - (raw.warmup ?? 0);
  const mode = l.mode ?? 'fluid';
  const services = Object.entries(l.services).map(([name, s]) => normalizeService(name, s, instances, mode, window, raw.horizon, add));
  const names = services.map((s) => s.name);
  const spikes: LatencySpikeSpec[] = spikesRaw.map(([f, i]) => {
    const path: PathSegment[] = ['faults', i];
    if (!names.includes(f.service)) add([...path, 'service'], `unknown load service ${JSON.stringify(f.service)}${didYouMean(f.service, names)}`, `one of the load services: ${names.join(', ')}`);
    if (f.at !== undefined && f.at >= raw.horizon) add([...path, 'at'], 'at is not before the horizon', 'a time before the horizon');
    return {
      service: f.service,
      factor: f.factor,
      schedule: f.at !== undefined ? { type: 'at', at: f.at } : { type: 'rate', rate: f.rate as number },
      duration: toDistribution(f.duration as RawDistribution),
      source: { path: formatPath(path), ...source.locate(path) },
    };
  });
  const bucket = l.bucket ?? window / DEFAULT_BUCKETS;
  if (window / bucket > MAX_LOAD_BUCKETS) add(['load', 'bucket'], `${Math.ceil(window / bucket)} buckets over the window`, `at most ${MAX_LOAD_BUCKETS} buckets (a bucket of at least ${window / MAX_LOAD_BUCKETS} s)`);
  const slo: LoadScenario['slo'] = {};
  if (raw.slo?.goodput_ratio !== undefined) slo.goodputRatio = raw.slo.goodput_ratio;
  if (raw.slo?.recovery_time_max !== undefined) slo.recoveryTimeMax = raw.slo.recovery_time_max;
  if (raw.slo?.admission_rejected_max !== undefined) slo.admissionRejectedMax = raw.slo.admission_rejected_max;
  if (raw.slo?.hedged_tries_max !== undefined) {
    if (raw.slo.hedged_tries_max < 0) add(['slo', 'hedged_tries_max'], `${raw.slo.hedged_tries_max} is negative`, 'hedged tries per request >= 0');
    slo.hedgedTriesMax = raw.slo.hedged_tries_max;
  }
  if (raw.slo?.under_provisioned_max !== undefined) {
    slo.underProvisionedMax = raw.slo.under_provisioned_max;
    if (!services.some((s) => s.autoscaling)) add(['slo', 'under_provisioned_max'], 'no load service has autoscaling', 'an autoscaling section on a load service');
  }
  return { mode, services, spikes, bucket, healthyRatio: l.healthy_ratio ?? 0.9, slo };
}

function normalizeService(name: string, s: RawLoadService, instances: InstanceSpec[], mode: 'exact' | 'fluid', window: number, horizon: number, add: AddProblem): LoadServiceSpec {
  const path: PathSegment[] = ['load', 'services', name];
  const hostSpecs = instances.filter((x) => x.component === s.instances);
  const hosts = hostSpecs.map((x) => x.id);
  if (hosts.length === 0) {
    const components = [...new Set(instances.map((x) => x.component))];
    add([...path, 'instances'], `unknown component ${JSON.stringify(s.instances)}${didYouMean(s.instances, components)}`, 'a component declared under components');
  }
  if (s.static_stability && hostSpecs.some((x) => x.zone === null)) {
    add([...path, 'static_stability'], `component ${JSON.stringify(s.instances)} gives no zones`, `zones on component ${s.instances} (static stability is checked per zone)`);
  }
  const d = s.daily_profile;
  if (d && (d.length !== 24 || d.some((x) => x < 0) || !d.some((x) => x > 0))) {
    add([...path, 'daily_profile'], `${d.length} multipliers, ${d.filter((x) => x < 0).length} negative`, 'exactly 24 hourly multipliers >= 0, at least one > 0');
  }
  const cap = s.capacity;
  const discipline = cap.discipline ?? 'fcfs';
  if (discipline === 'processor_sharing' && mode === 'exact') {
    add([...path, 'capacity', 'discipline'], 'processor_sharing is modelled in fluid mode only', 'fcfs, or load.mode: fluid');
  }
  const rp = s.retry_policy;
  const base = rp?.retry_back_off?.base_interval ?? DEFAULT_BASE_INTERVAL;
  const max = rp?.retry_back_off?.max_interval ?? 10 * base;
  if (max < base) add([...path, 'retry_policy', 'retry_back_off', 'max_interval'], 'max_interval is less than base_interval', 'max_interval >= base_interval (Envoy)');
  const numRetries = rp ? (rp.num_retries ?? 1) : 0;
  const peak = s.rate * (d ? Math.max(...d) : 1);
  // Tries per request at most: the initial tries (hedge_policy: initial_requests, +1 with additional_request_chance) and the retries.
  const h = s.hedge_policy;
  const initial = h ? (h.initial_requests ?? 1) + ((h.additional_request_chance ?? 0) > 0 ? 1 : 0) : 1;
  if (mode === 'exact' && peak * window * (initial + numRetries) > MAX_EXACT_LOAD_REQUESTS) {
    add([...path, 'rate'], `about ${(peak * window).toExponential(2)} requests per replication in exact mode`, `at most ${MAX_EXACT_LOAD_REQUESTS.toExponential(0)} tries per replication (use load.mode: fluid, or a shorter horizon)`);
  }
  const b = s.circuit_breakers;
  const budget = rp?.retry_budget;
  return {
    name,
    component: s.instances,
    hosts,
    zones: hostSpecs.map((x) => x.zone),
    rate: s.rate,
    dailyProfile: d ?? null,
    capacity: { concurrency: cap.concurrency, serviceTime: toDistribution(cap.service_time as RawDistribution), queueLimit: cap.queue_limit ?? null, discipline },
    timeout: s.timeout ?? DEFAULT_LOAD_TIMEOUT,
    retry: {
      numRetries,
      baseInterval: base,
      maxInterval: max,
      budget: budget ? { budgetPercent: budget.budget_percent ?? DEFAULT_BUDGET.budgetPercent, minRetryConcurrency: budget.min_retry_concurrency ?? DEFAULT_BUDGET.minRetryConcurrency } : null,
    },
    breakers: {
      maxConnections: b?.max_connections ?? DEFAULT_BREAKERS.maxConnections,
      maxPendingRequests: b?.max_pending_requests ?? DEFAULT_BREAKERS.maxPendingRequests,
      maxRequests: b?.max_requests ?? DEFAULT_BREAKERS.maxRequests,
      maxRetries: b?.max_retries ?? DEFAULT_BREAKERS.maxRetries,
    },
    rateLimit: s.rate_limit ? { rate: s.rate_limit.rate, burst: s.rate_limit.burst ?? Math.max(1, Math.ceil(s.rate_limit.rate)) } : null,
    hedge: normalizeHedge(s, path, add),
    admission: normalizeAdmission(s, path, add),
    autoscaling: s.autoscaling && hosts.length > 0 ? normalizeAutoscaling(s.autoscaling, hosts.length, horizon, [...path, 'autoscaling'], add) : null,
    staticStability: normalizeStaticStability(s.static_stability),
  };
}

/** Envoy HedgePolicy defaults: initial_requests 1, additional_request_chance 0, hedge_on_per_try_timeout false. */
function normalizeHedge(s: RawLoadService, path: PathSegment[], add: AddProblem): HedgeSpec | null {
  const h = s.hedge_policy;
  if (!h) {
    if (s.route_timeout !== undefined) add([...path, 'route_timeout'], 'route_timeout is given without hedge_policy', 'route_timeout only with a hedge_policy (it bounds hedged requests; docs/load.md "Hedging")');
    return null;
  }
  const routeTimeout = s.route_timeout ?? DEFAULT_LOAD_TIMEOUT;
  const perTry = s.timeout ?? DEFAULT_LOAD_TIMEOUT;
  if (h.hedge_on_per_try_timeout && perTry >= routeTimeout) {
    add([...path, 'route_timeout'], `the route timeout (${routeTimeout} s) is not longer than the per-try timeout (${perTry} s)`, 'route_timeout > timeout, so that a per-try timeout can send a hedged try');
  }
  return { initialRequests: h.initial_requests ?? 1, additionalRequestChance: h.additional_request_chance ?? 0, onPerTryTimeout: h.hedge_on_per_try_timeout ?? false, routeTimeout };
}

/** Envoy AdmissionControl defaults: sampling_window 30 s, aggression 1, sr_threshold 95%, rps_threshold 0, max_rejection_probability 80%. */
function normalizeAdmission(s: RawLoadService, path: PathSegment[], add: AddProblem): AdmissionSpec | null {
  const a = s.admission_control;
  if (!a) return null;
  const at = [...path, 'admission_control'];
  if (a.sr_threshold === 0) add([...at, 'sr_threshold'], 'sr_threshold is 0', 'a success rate in (0, 100%]');
  if (a.rps_threshold !== undefined && a.rps_threshold < 0) add([...at, 'rps_threshold'], `${a.rps_threshold} is negative`, 'a rate >= 0');
  return {
    // Envoy rounds the window to the nearest second (at least 1 s here).
    samplingWindow: Math.max(1, Math.round(a.sampling_window ?? 30)),
    // Envoy: "Any values less than 1.0, will be set to 1.0".
    aggression: Math.max(1, a.aggression ?? 1),
    srThreshold: a.sr_threshold ?? 0.95,
    rpsThreshold: a.rps_threshold ?? 0,
    maxRejectionProbability: a.max_rejection_probability ?? 0.8,
  };
}
