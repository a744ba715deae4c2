/**
 * Raw traffic keys -> `TrafficScenario`: resolves services to their hosts, checks references (instances,
 * calls, entry, balancer nodes, zones, fault endpoints), applies Envoy's defaults and expands the traffic
 * fault kinds of `faults`. Errors are reported through `add` with the scenario path (file/line/column come
 * from the caller's locator).
 */
import { didYouMean, formatPath, type PathSegment } from '../scenario/errors.js';
import type { LocateAt, SourceLocator } from '../scenario/errors.js';
import { toDistribution } from '../scenario/schema-laws.js';
import type { RawDistribution, RawScenario } from '../core/schema.js';
import { isTrafficFault, type RawService, type RawTrafficFault, type RawTrafficKeys } from './schema.js';
import type { InstanceSpec } from '../core/types.js';
import {
  linkKey,
  type DeploySpec,
  type EndpointSet,
  type NetworkFaultSpec,
  type OutlierSpec,
  type RetrySpec,
  type ServiceSpec,
  type TrafficScenario,
} from './types.js';

/** Envoy defaults: route timeout 15 s, unhealthy/healthy threshold (we use 3 and 2, HAProxy's fall/rise defaults are 3/2). */
export const DEFAULT_TIMEOUT = 15;
export const DEFAULT_UNHEALTHY_THRESHOLD = 3;
export const DEFAULT_HEALTHY_THRESHOLD = 2;
/**
 * Envoy outlier detection defaults (cluster.v3.OutlierDetection): consecutive_5xx 5, interval 10 s,
 * base_ejection_time 30 s, max_ejection_time 300 s, max_ejection_percent 10%.
 */
export const DEFAULT_OUTLIER = { consecutive5xx: 5, interval: 10, baseEjectionTime: 30, maxEjectionTime: 300, maxEjectionPercent: 0.1 };
/** Envoy least_request default active_request_bias 1.0; route RetryPolicy default host_selection_retry_max_attempts 1. */
export const DEFAULT_ACTIVE_REQUEST_BIAS = 1;
export const DEFAULT_HOST_SELECTION_RETRY_MAX_ATTEMPTS = 1;
/** Envoy retry budget defaults: budget_percent 20%, min_retry_concurrency 3. */
export const DEFAULT_BUDGET = { budgetPercent: 0.2, minRetryConcurrency: 3 };

/** Exact mode simulates every request: refuse more than this many per replication (use fluid mode). */
export const MAX_EXACT_REQUESTS = 1e8;

type Add = (path: PathSegment[], problem: string, expected: string, at?: LocateAt) => void;

/**
 * One-way link latencies by zone pair (`linkKey`), checked: two zones per link, zones in use, and every
 * pair of zones declared unless `default_latency` is given (a missing link is an error at `network.links`:
 * a silent 0 ms would make cross-zone calls free).
 */
function zoneLinks(
  network: RawTrafficKeys['network'],
  zones: Set<string>,
  zoneCheck: (z: string, path: PathSegment[]) => void,
  add: Add,
): Record<string, number> {
  const links: Record<string, number> = {};
  for (const [i, l] of (network?.links ?? []).entries()) {
    if (l.between.length !== 2) add(['network', 'links', i, 'between'], `${l.between.length} zones given`, 'exactly two zone names');
    l.between.forEach((z, j) => zoneCheck(z, ['network', 'links', i, 'between', j]));
    links[linkKey(l.between[0], l.between[1] ?? l.between[0])] = l.latency;
  }
  if (!network || network.default_latency !== undefined) return links;
  const zs = [...zones].sort();
  const missing = zs.flatMap((a, i) => zs.slice(i + 1).filter((b) => links[linkKey(a, b)] === undefined).map((b) => `[${a}, ${b}]`));
  if (missing.length > 0) {
    add(
      network.links ? ['network', 'links'] : ['network'],
      `no link between zones ${missing.join(', ')}`,
      'a link { between: [zone, zone], latency } for every pair of zones, or network.default_latency for the pairs left out',
    );
  }
  return links;
}

type RawTrafficDocument = RawTrafficKeys & { faults?: { kind: string }[]; slo?: { request_success_ratio?: number; latency_p99?: number } };

/** What the service and fault normalizers look names up in: instances by component, zones, service names. */
interface TrafficNames {
  instances: InstanceSpec[];
  byComponent: Map<string, InstanceSpec[]>;
  components: string[];
  serviceNames: string[];
  zones: Set<string>;
}

/** Without `services`, the other traffic keys, traffic faults and request-level SLOs are errors. */
function reportOrphanTrafficKeys(raw: RawTrafficDocument, trafficFaults: [RawTrafficFault, number][], add: Add): void {
  const orphan = (['traffic', 'network', 'monitoring'] as const).find((k) => raw[k] !== undefined);
  if (orphan) add([orphan], `${orphan} is given but no services are declared`, 'a top-level services mapping', 'key');
  for (const [f, i] of trafficFaults) add(['faults', i, 'kind'], `a ${f.kind} fault needs services`, 'a top-level services mapping');
  if (raw.slo?.request_success_ratio !== undefined || raw.slo?.latency_p99 !== undefined) {
    add(['slo'], 'request-level SLOs are given but no services are declared', 'a top-level services mapping');
  }
}

/** Checks a service's balancer keys against its policy and hosts (keys a policy ignores are errors). */
function checkBalancerKeys(name: string, s: RawService, hosts: InstanceSpec[], names: TrafficNames, add: Add): void {
  const path: PathSegment[] = ['services', name];
  const b = s.balancer ?? {};
  if (b.weights && hosts.length > 0 && b.weights.length !== hosts.length) {
    add([...path, 'balancer', 'weights'], `${b.weights.length} weights for ${hosts.length} hosts`, `one weight per instance of ${s.instances} (${hosts.length})`);
  }
  if (b.weights && b.policy !== 'weighted_round_robin' && b.policy !== 'least_request') {
    add([...path, 'balancer', 'weights'], `weights are ignored by policy ${b.policy ?? 'round_robin'}`, 'policy weighted_round_robin or least_request', 'key');
  }
  if (b.nodes !== undefined && !names.byComponent.has(b.nodes)) {
    add([...path, 'balancer', 'nodes'], `unknown component ${JSON.stringify(b.nodes)}${didYouMean(b.nodes, names.components)}`, `one of the components: ${names.components.join(', ')}`);
  }
  if (b.choice_count !== undefined && b.policy !== 'least_request') {
    add([...path, 'balancer', 'choice_count'], 'choice_count is only used by least_request', 'policy: least_request', 'key');
  }
  if (b.active_request_bias !== undefined && b.policy !== 'least_request') {
    add([...path, 'balancer', 'active_request_bias'], 'active_request_bias is only used by least_request', 'policy: least_request', 'key');
  }
  const rpHost = b.retry_policy?.host_selection_retry_max_attempts;
  if (rpHost !== undefined && !b.retry_policy?.retry_host_predicate?.length) {
    add([...path, 'balancer', 'retry_policy', 'host_selection_retry_max_attempts'], 'host_selection_retry_max_attempts without a retry host predicate', 'retry_host_predicate: [previous_hosts]', 'key');
  }
}

/** One service: its hosts (the instances of its component), calls checked, balancer with Envoy's defaults. */
function normalizeService(name: string, s: RawService, names: TrafficNames, add: Add): ServiceSpec {
  const path: PathSegment[] = ['services', name];
  const { byComponent, components, serviceNames } = names;
  const hosts = byComponent.get(s.instances) ?? [];
  if (hosts.length === 0) add([...path, 'instances'], `unknown component ${JSON.stringify(s.instances)}${didYouMean(s.instances, components)}`, `one of the components: ${components.join(', ')}`);
  for (const [j, c] of (s.calls ?? []).entries()) {
    if (!serviceNames.includes(c)) add([...path, 'calls', j], `unknown service ${JSON.stringify(c)}${didYouMean(c, serviceNames)}`, `one of the services: ${serviceNames.join(', ')}`);
    if (c === name) add([...path, 'calls', j], `service ${name} calls itself`, 'another service');
  }
  const b = s.balancer ?? {};
  const weights = b.weights ?? hosts.map(() => 1);
  checkBalancerKeys(name, s, hosts, names, add);
  const hc = b.health_check;
  const od = b.outlier_detection;
  const timeout = s.timeout ?? DEFAULT_TIMEOUT;
  return {
    name,
    component: s.instances,
    hosts: hosts.map((h) => h.id),
    hostZones: hosts.map((h) => h.zone),
    serviceTime: toDistribution(s.service_time as RawDistribution),
    calls: [...(s.calls ?? [])],
    timeout,
    errorRate: s.error_rate ?? 0,
    balancer: {
      policy: b.policy ?? 'round_robin',
      choiceCount: b.choice_count ?? 2,
      activeRequestBias: b.active_request_bias ?? DEFAULT_ACTIVE_REQUEST_BIAS,
      weights,
      nodes: b.nodes ?? null,
      failoverTime: b.failover_time ?? 0,
      failoverSuccess: b.failover_success ?? 1,
      healthCheck: hc
        ? {
            interval: hc.interval,
            timeout: hc.timeout,
            unhealthyThreshold: hc.unhealthy_threshold ?? DEFAULT_UNHEALTHY_THRESHOLD,
            healthyThreshold: hc.healthy_threshold ?? DEFAULT_HEALTHY_THRESHOLD,
            intervalJitter: hc.interval_jitter ?? 0,
          }
        : null,
      outlier: od ? normalizeOutlier(od) : null,
      retry: normalizeRetry(b.retry_policy),
    },
  };
}

/** Fault endpoints: component names, instance ids, zones or "clients", resolved to instance ids. */
function resolveEndpoints(names: TrafficNames, add: Add) {
  const { byComponent, instances, zones, components } = names;
  return (list: string[], path: PathSegment[]): EndpointSet => {
    const set: EndpointSet = { instances: [], clients: false };
    list.forEach((n, j) => {
      if (n === 'clients') set.clients = true;
      else if (byComponent.has(n)) set.instances.push(...(byComponent.get(n) ?? []).map((x) => x.id));
      else if (instances.some((x) => x.id === n)) set.instances.push(n);
      else if (zones.has(n)) set.instances.push(...instances.filter((x) => x.zone === n).map((x) => x.id));
      else add([...path, j], `unknown endpoint ${JSON.stringify(n)}${didYouMean(n, [...components, ...zones, 'clients'])}`, 'a component, instance id, zone or "clients"');
    });
    return set;
  };
}

/** The traffic fault kinds of `faults`: bad deploys (Envoy-style canary or all at once) and network faults. */
function normalizeTrafficFaults(
  trafficFaults: [RawTrafficFault, number][],
  horizon: number,
  names: TrafficNames,
  add: Add,
  source: SourceLocator,
): { networkFaults: NetworkFaultSpec[]; deploys: DeploySpec[] } {
  const { serviceNames } = names;
  const endpoints = resolveEndpoints(names, add);
  const networkFaults: NetworkFaultSpec[] = [];
  const deploys: DeploySpec[] = [];
  for (const [f, i] of trafficFaults) {
    const path: PathSegment[] = ['faults', i];
    const schedule = f.at !== undefined ? { type: 'at' as const, at: f.at } : { type: 'rate' as const, rate: f.rate as number };
    if (f.at !== undefined && f.at >= horizon) add([...path, 'at'], 'at is not before the horizon', 'a time before the horizon');
    const src = { path: formatPath(path), ...source.locate(path) };
    if (f.kind === 'bad-deploy') {
      const svc = f.service as string;
      if (!serviceNames.includes(svc)) add([...path, 'service'], `unknown service ${JSON.stringify(svc)}${didYouMean(svc, serviceNames)}`, `one of the services: ${serviceNames.join(', ')}`);
      deploys.push({
        service: svc,
        strategy: f.strategy ?? 'all-at-once',
        canaryPercent: f.canary_percent ?? 0.1,
        bakeTime: f.bake_time ?? 1800,
        badProbability: f.bad_probability ?? 0.05,
        errorRate: f.error_rate ?? 1,
        errorRateThreshold: f.error_rate_threshold ?? 0.01,
        detectionWindow: f.detection_window ?? 120,
        rollbackTime: f.rollback_time ?? 600,
        schedule,
        source: src,
      });
      continue;
    }
    const partition = f.kind === 'partition';
    networkFaults.push({
      kind: f.kind,
      from: endpoints((partition ? f.from : f.target) ?? [], [...path, partition ? 'from' : 'target']),
      to: partition ? endpoints(f.to ?? [], [...path, 'to']) : null,
      direction: f.direction ?? 'both',
      latency: f.latency ?? 0,
      jitter: f.jitter ?? 0,
      loss: f.loss ?? 0,
      schedule,
      duration: toDistribution(f.duration as RawDistribution),
      source: src,
    });
  }
  return { networkFaults, deploys };
}

/**
 * Builds the traffic model of a scenario, or null when it declares no `services`.
 * Keys `traffic`, `network`, `monitoring` or traffic faults without `services` are errors.
 */
export function normalizeTraffic(rawScenario: RawScenario, instances: InstanceSpec[], add: Add, source: SourceLocator): TrafficScenario | null {
  const raw = rawScenario as unknown as RawTrafficDocument;
  const trafficFaults = (raw.faults ?? []).map((f, i) => [f, i] as const).filter((x): x is [RawTrafficFault, number] => isTrafficFault(x[0]));
  if (!raw.services) {
    reportOrphanTrafficKeys(raw, trafficFaults, add);
    return null;
  }
  const byComponent = new Map<string, InstanceSpec[]>();
  for (const inst of instances) byComponent.set(inst.component, [...(byComponent.get(inst.component) ?? []), inst]);
  const serviceNames = Object.keys(raw.services);
  const zones = new Set(instances.map((i) => i.zone).filter((z): z is string => z !== null));
  const names: TrafficNames = { instances, byComponent, components: [...byComponent.keys()], serviceNames, zones };

  const services = Object.entries(raw.services).map(([name, s]) => normalizeService(name, s, names, add));
  checkCallCycles(services, add);

  const t = raw.traffic;
  if (!t) add(['services'], 'services are declared but no client traffic', 'a top-level traffic { entry, rate } mapping', 'key');
  const entry = t?.entry ?? serviceNames[0];
  if (t && !serviceNames.includes(t.entry)) add(['traffic', 'entry'], `unknown service ${JSON.stringify(t.entry)}${didYouMean(t.entry, serviceNames)}`, `one of the services: ${serviceNames.join(', ')}`);
  if (t?.mode === 'exact' && t.rate * rawScenario.horizon > MAX_EXACT_REQUESTS) {
    const n = t.rate * rawScenario.horizon;
    add(['traffic', 'mode'], `exact mode would simulate about ${n.toExponential(1)} requests per replication`, `mode: fluid (integrates traffic between state changes), or at most ${MAX_EXACT_REQUESTS.toExponential(0)} requests per replication (rate x horizon)`);
  }
  const zoneCheck = (z: string, path: PathSegment[]) => {
    if (!zones.has(z)) add(path, `zone ${JSON.stringify(z)} is not used by any component${didYouMean(z, [...zones])}`, `one of the zones: ${[...zones].join(', ') || '(none declared)'}`);
  };
  if (t?.client_zone !== undefined) zoneCheck(t.client_zone, ['traffic', 'client_zone']);
  const links = zoneLinks(raw.network, zones, zoneCheck, add);
  const { networkFaults, deploys } = normalizeTrafficFaults(trafficFaults, rawScenario.horizon, names, add, source);
  const m = raw.monitoring;
  const slo: TrafficScenario['slo'] = {};
  if (raw.slo?.request_success_ratio !== undefined) slo.requestSuccessRatio = raw.slo.request_success_ratio;
  if (raw.slo?.latency_p99 !== undefined) slo.latencyP99 = raw.slo.latency_p99;
  return {
    services,
    entry,
    rate: t?.rate ?? 1,
    dailyProfile: t?.daily_profile ? [...t.daily_profile] : null,
    mode: t?.mode ?? 'fluid',
    clientZone: t?.client_zone ?? null,
    links,
    intraZoneLatency: raw.network?.intra_zone_latency ?? 0,
    defaultLatency: raw.network?.default_latency ?? 0,
    networkFaults,
    deploys,
    monitoring: m ? { alertingDelay: m.alerting_delay ?? 0, response: m.response ? toDistribution(m.response as RawDistribution) : null } : null,
    slo,
  };
}

/** Service calls must form a DAG (a request cannot recurse forever). */
type RawBalancer = NonNullable<RawService['balancer']>;

/** Envoy outlier detection with its defaults (max_ejection_time is at least base_ejection_time, as Envoy). */
function normalizeOutlier(od: NonNullable<RawBalancer['outlier_detection']>): OutlierSpec {
  const base = od.base_ejection_time ?? DEFAULT_OUTLIER.baseEjectionTime;
  return {
    consecutive5xx: od.consecutive_5xx ?? DEFAULT_OUTLIER.consecutive5xx,
    interval: od.interval ?? DEFAULT_OUTLIER.interval,
    baseEjectionTime: base,
    maxEjectionTime: Math.max(od.max_ejection_time ?? DEFAULT_OUTLIER.maxEjectionTime, base),
    maxEjectionPercent: od.max_ejection_percent ?? DEFAULT_OUTLIER.maxEjectionPercent,
  };
}

/** Envoy route retry policy (and the cluster's retry budget) with their defaults. */
function normalizeRetry(rp: RawBalancer['retry_policy']): RetrySpec {
  return {
    numRetries: rp?.num_retries ?? 0,
    perTryTimeout: rp?.per_try_timeout ?? null,
    budget: rp?.retry_budget
      ? {
          budgetPercent: rp.retry_budget.budget_percent ?? DEFAULT_BUDGET.budgetPercent,
          minRetryConcurrency: rp.retry_budget.min_retry_concurrency ?? DEFAULT_BUDGET.minRetryConcurrency,
        }
      : null,
    previousHosts: rp?.retry_host_predicate?.includes('previous_hosts') ?? false,
    hostSelectionRetryMaxAttempts: rp?.host_selection_retry_max_attempts ?? DEFAULT_HOST_SELECTION_RETRY_MAX_ATTEMPTS,
  };
}

function checkCallCycles(services: ServiceSpec[], add: Add): void {
  const byName = new Map(services.map((s) => [s.name, s]));
  const state = new Map<string, 1 | 2>();
  const visit = (s: ServiceSpec, stack: string[]): void => {
    state.set(s.name, 1);
    for (const c of s.calls) {
      const callee = byName.get(c);
      if (!callee || c === s.name) continue;
      if (state.get(c) === 1) add(['services', s.name, 'calls'], `call cycle ${[...stack, s.name, c].join(' -> ')}`, 'calls without cycles');
      else if (!state.has(c)) visit(callee, [...stack, s.name]);
    }
    state.set(s.name, 2);
  };
  for (const s of services) if (!state.has(s.name)) visit(s, []);
}
