/**
 * The normalized load section of a scenario (key `load`, and the `latency-spike` fault kind): services with a
 * capacity per host (worker slots, service-time law, queue limit), client traffic, Envoy retry policy with
 * back-off and retry budget, Envoy circuit breakers, a client-side token-bucket rate limit and latency-spike
 * triggers. Times in seconds, rates per second, probabilities in [0, 1]. Syntax: docs/load.md.
 */
import type { DistributionSpec, FaultSchedule, Seconds, SourceRef } from '../scenario/primitives.js';
import type { AutoscalingSpec, StaticStabilitySpec } from './autoscaling-types.js';

/** Capacity of one host (docs/load.md "Capacity"). */
export interface CapacitySpec {
  /** Worker slots per host (c of M/M/c). */
  concurrency: number;
  /** Service time of one try on a worker slot. */
  serviceTime: DistributionSpec;
  /** Tries waiting for a slot per host beyond the slots; null = unbounded. A try finding it full is rejected (shed). */
  queueLimit: number | null;
  /** `fcfs`: slots serve waiting tries in arrival order; `processor_sharing`: fluid mode only (docs/load.md). */
  discipline: 'fcfs' | 'processor_sharing';
}

/** Envoy retry policy (config.route.v3.RetryPolicy) with its back-off and the cluster's retry budget. */
export interface LoadRetrySpec {
  numRetries: number;
  /** Envoy retry_back_off: interval of retry N drawn uniformly in [0, (2^N - 1) base] and capped at max. */
  baseInterval: Seconds;
  maxInterval: Seconds;
  /** Active retries may not exceed max(minRetryConcurrency, budgetPercent x active requests); null = none. */
  budget: { budgetPercent: number; minRetryConcurrency: number } | null;
}

/** Envoy circuit-breaker thresholds of the upstream cluster (config.cluster.v3.CircuitBreakers.Thresholds). */
export interface BreakerSpec {
  maxConnections: number;
  maxPendingRequests: number;
  maxRequests: number;
  maxRetries: number;
}

/** A client-side token bucket: `rate` tokens per second, at most `burst` stored; each try takes one. */
export interface RateLimitSpec {
  rate: number;
  burst: number;
}

/**
 * Envoy route hedge_policy (config.route.v3.HedgePolicy): `initialRequests` tries at once (plus one with
 * probability `additionalRequestChance`), and with `onPerTryTimeout` a per-try timeout sends the next retry
 * without cancelling the timed-out try (the first success wins). docs/load.md "Hedging".
 */
export interface HedgeSpec {
  initialRequests: number;
  additionalRequestChance: number;
  onPerTryTimeout: boolean;
  /** Envoy's route timeout (RouteAction.timeout) bounding a hedged request from its arrival, seconds. */
  routeTimeout: Seconds;
}

/**
 * Envoy's admission control filter (extensions.filters.http.admission_control.v3.AdmissionControl) in front of
 * the client's router: a request is rejected (a local 503, counted as shed, not retried) with probability
 * min(maxRejectionProbability, max(0, (n_total - n_success / srThreshold) / (n_total + 1))^(1 / aggression)),
 * the counts over the last `samplingWindow` seconds (admission-control.ts).
 */
export interface AdmissionSpec {
  samplingWindow: Seconds;
  aggression: number;
  srThreshold: number;
  /** Below this mean rate (recorded requests / window) nothing is rejected. */
  rpsThreshold: number;
  maxRejectionProbability: number;
}

/** A service under load: the instances of one component serve it (only up ones take tries). */
export interface LoadServiceSpec {
  name: string;
  component: string;
  /** Instance ids of the hosts, in order. */
  hosts: string[];
  /** Zone of each host (null where the component gives none). */
  zones: (string | null)[];
  /** Mean client request rate, per second. */
  rate: number;
  /** 24 hourly multipliers of the rate, or null for a flat rate. */
  dailyProfile: number[] | null;
  capacity: CapacitySpec;
  /** Per-try timeout seen by the client (the server keeps working on a timed-out try). */
  timeout: Seconds;
  retry: LoadRetrySpec;
  breakers: BreakerSpec | null;
  rateLimit: RateLimitSpec | null;
  /** Request hedging (null: none). */
  hedge: HedgeSpec | null;
  /** Admission control (null: none). */
  admission: AdmissionSpec | null;
  /** Kubernetes HPA on the service's hosts (docs/load.md "Autoscaling"), or null: every host serves. */
  autoscaling: AutoscalingSpec | null;
  /** The static-stability check per zone, or null. */
  staticStability: StaticStabilitySpec | null;
}

/** A latency spike: service times on a service multiplied by `factor` while it lasts (a trigger). */
export interface LatencySpikeSpec {
  service: string;
  factor: number;
  schedule: FaultSchedule;
  duration: DistributionSpec;
  source: SourceRef;
}

/** The load model of a scenario. */
export interface LoadScenario {
  /** `exact`: one event per try (queues, timeouts, retries); `fluid`: queueing results per state. */
  mode: 'exact' | 'fluid';
  services: LoadServiceSpec[];
  spikes: LatencySpikeSpec[];
  /** Width of the time buckets of the over-time series, seconds. */
  bucket: Seconds;
  /** A bucket whose goodput ratio is below this counts as overloaded (recovery ends at the first bucket above). */
  healthyRatio: number;
  /** SLO keys (fractions / seconds). */
  slo: { goodputRatio?: number; recoveryTimeMax?: Seconds; underProvisionedMax?: number; admissionRejectedMax?: number; hedgedTriesMax?: number };
}

/** The load area's section of the normalized scenario (module augmentation: src/scenario/types.ts names no area). */
declare module '../scenario/types.js' {
  interface Scenario {
    /** Capacity, queueing, retries, breakers (src/load/types.ts); absent when the file has no `load` key. */
    load?: LoadScenario;
  }
}
