/**
 * The normalized traffic / network part of a scenario (keys `services`, `traffic`, `network`, `monitoring`
 * and the traffic fault kinds of `faults`). Times in seconds, rates per second, probabilities in [0, 1].
 * The YAML syntax is documented in docs/scenario-format.md ("Traffic and network").
 */
import type { DistributionSpec, FaultSchedule, Seconds, SourceRef } from '../scenario/primitives.js';

/** Load-balancing policies (Envoy's names; `primary_backup` is HAProxy's `backup` servers / Envoy priorities). */
export type BalancerPolicy = 'round_robin' | 'random' | 'weighted_round_robin' | 'least_request' | 'primary_backup';
export const BALANCER_POLICIES: readonly BalancerPolicy[] = ['round_robin', 'random', 'weighted_round_robin', 'least_request', 'primary_backup'];

/** Envoy active health checking (config.core.v3.HealthCheck). */
export interface HealthCheckSpec {
  interval: Seconds;
  /** A probe with no answer after `timeout` fails. */
  timeout: Seconds;
  /** Consecutive failed probes before a healthy host is marked unhealthy. */
  unhealthyThreshold: number;
  /** Consecutive successful probes before an unhealthy host is marked healthy again. */
  healthyThreshold: number;
  /** Each interval is lengthened by a uniform draw in [0, interval_jitter]. */
  intervalJitter: Seconds;
}

/** Envoy passive outlier detection (consecutive 5xx; cluster.v3.OutlierDetection). */
export interface OutlierSpec {
  consecutive5xx: number;
  /** Time between ejection analysis sweeps (unejections happen at sweeps; the multiplier decays at sweeps). */
  interval: Seconds;
  /** Ejection time = base_ejection_time x the host's ejection multiplier, capped at max_ejection_time. */
  baseEjectionTime: Seconds;
  maxEjectionTime: Seconds;
  /** A host is ejected only while the ejected fraction is below this (or none is ejected). */
  maxEjectionPercent: number;
}

/** Envoy retry policy with a retry budget (circuit breaker `retry_budget`). */
export interface RetrySpec {
  numRetries: number;
  /** Timeout of each try; null = only the request timeout applies. */
  perTryTimeout: Seconds | null;
  /** Active retries may not exceed max(minRetryConcurrency, budgetPercent x active requests); null = no budget. */
  budget: { budgetPercent: number; minRetryConcurrency: number } | null;
  /** Retry host predicate `previous_hosts`: a retry avoids the hosts this call already tried. */
  previousHosts: boolean;
  /** Re-picks allowed by the host predicate before the last pick stands (Envoy default 1). */
  hostSelectionRetryMaxAttempts: number;
}

export interface BalancerSpec {
  policy: BalancerPolicy;
  /** least_request: hosts sampled per pick (2 = power of two choices). */
  choiceCount: number;
  /** least_request with unequal weights: effective weight = weight / (active + 1)^bias (Envoy default 1). */
  activeRequestBias: number;
  /** Weight per host (same order as the service's hosts); all 1 unless given. */
  weights: number[];
  /** Component whose instances are the balancer nodes (redundant, active/passive); null = an ideal balancer. */
  nodes: string | null;
  /** Time to fail over to another balancer node when the active one fails. */
  failoverTime: Seconds;
  /** Probability that a balancer failover succeeds (imperfect coverage); a failed one waits for a repair. */
  failoverSuccess: number;
  healthCheck: HealthCheckSpec | null;
  outlier: OutlierSpec | null;
  retry: RetrySpec;
}

/** A service: a set of hosts (the instances of one component) behind a balancer. */
export interface ServiceSpec {
  name: string;
  /** Component whose instances serve the service. */
  component: string;
  /** Instance ids of the hosts, in order. */
  hosts: string[];
  /** Zone of each host (null when none). */
  hostZones: (string | null)[];
  /** Service time of one request on a healthy host (excluding calls to other services). */
  serviceTime: DistributionSpec;
  /** Services called (sequentially) while serving each request. */
  calls: string[];
  /** Overall request timeout (Envoy route timeout). */
  timeout: Seconds;
  /** Probability that a healthy host answers with an error anyway (baseline error rate). */
  errorRate: number;
  balancer: BalancerSpec;
}

/** Network fault kinds (Chaos Mesh NetworkChaos actions). */
export type NetworkFaultKind = 'partition' | 'latency' | 'loss' | 'blackhole';
/** Packet direction of a NetworkChaos: `to` from -> to, `from` to -> from, `both`. */
export type Direction = 'to' | 'from' | 'both';

/**
 * A set of network endpoints: instance ids, plus `clients` (the external callers and the balancers' health
 * checkers, located in `traffic.client_zone`).
 */
export interface EndpointSet {
  instances: string[];
  clients: boolean;
}

export interface NetworkFaultSpec {
  kind: NetworkFaultKind;
  /** Source group (for latency/loss/blackhole: the affected endpoints). */
  from: EndpointSet;
  /** Destination group; null = every destination. */
  to: EndpointSet | null;
  direction: Direction;
  /** latency: added delay and uniform jitter (+/-) per exchange. */
  latency: Seconds;
  jitter: Seconds;
  /** loss: probability that a request attempt through the fault is lost (times out). */
  loss: number;
  schedule: FaultSchedule;
  duration: DistributionSpec;
  source: SourceRef;
}

/** A version rollout that may be bad (a deploy as a fault). */
export interface DeploySpec {
  service: string;
  strategy: 'all-at-once' | 'canary';
  /** Fraction of hosts getting the new version first (canary). */
  canaryPercent: number;
  /** Canary bake time before promotion to all hosts. */
  bakeTime: Seconds;
  /** Probability that the new version is bad. */
  badProbability: number;
  /** Error probability of a request on a host running a bad version. */
  errorRate: number;
  /** Rollback starts when the service's error ratio exceeds this... */
  errorRateThreshold: number;
  /** ...for this long (the alert's evaluation window). */
  detectionWindow: Seconds;
  /** Time from the rollback decision until every host runs the old version. */
  rollbackTime: Seconds;
  schedule: FaultSchedule;
  source: SourceRef;
}

/** The traffic and network model of a scenario. */
export interface TrafficScenario {
  services: ServiceSpec[];
  /** Service the clients call. */
  entry: string;
  /** Mean client request rate, per second. */
  rate: number;
  /** 24 hourly multipliers of the rate (mean need not be 1), or null for a flat rate. */
  dailyProfile: number[] | null;
  /** `fluid`: integrate traffic between state changes; `exact`: one event per request. */
  mode: 'fluid' | 'exact';
  /** Zone of the clients and the balancers (null: no link latency to the hosts). */
  clientZone: string | null;
  /** One-way latency between zones (key `a|b` with a < b); same-zone latency is `intraZoneLatency`. */
  links: Record<string, Seconds>;
  intraZoneLatency: Seconds;
  /**
   * One-way latency of a zone pair without a link (`network.default_latency`). With a `network` section
   * every pair of zones needs a link unless this is given; without one, latency is not modelled (0).
   */
  defaultLatency: Seconds;
  networkFaults: NetworkFaultSpec[];
  deploys: DeploySpec[];
  /** Monitoring: failures are detected, then alerted, then responded to before repair starts. */
  monitoring: { alertingDelay: Seconds; response: DistributionSpec | null } | null;
  /** Request success ratio SLO (fraction) and latency p99 SLO (seconds). */
  slo: { requestSuccessRatio?: number; latencyP99?: Seconds };
}

/** Key of a link between two zones. */
export const linkKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The traffic area's section of the normalized scenario (module augmentation: src/scenario/types.ts names no area). */
declare module '../scenario/types.js' {
  interface Scenario {
    /** Services, client traffic, network and monitoring (src/traffic/types.ts); absent when the file declares no services. */
    traffic?: TrafficScenario;
  }
}
