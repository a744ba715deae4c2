/**
 * Schema and normalization of a load service's `autoscaling` (Kubernetes HorizontalPodAutoscaler autoscaling/v2
 * fields in snake_case: min_replicas, max_replicas, behavior.scale_up / scale_down with stabilization_window,
 * select_policy and policies of type Pods / Percent per period) and `static_stability`. Defaults are Kubernetes'
 * (docs "Horizontal Pod Autoscaling", "Default Behavior"; kube-controller-manager flags for the sync period and
 * the tolerance). Syntax: docs/load.md "Autoscaling".
 */
import type { AddProblem } from '../scenario/errors.js';
import type { PathSegment } from '../scenario/errors.js';
import { toDistribution, type RawDistribution, type SchemaKit } from '../scenario/schema-laws.js';
import type { AutoscalingSpec, ScalingRules, StaticStabilitySpec } from './autoscaling-types.js';

/** --horizontal-pod-autoscaler-sync-period default, seconds. */
export const DEFAULT_SYNC_PERIOD = 15;
/** --horizontal-pod-autoscaler-tolerance default. */
export const DEFAULT_TOLERANCE = 0.1;
/** DefaultTolerationSeconds admission plugin: not-ready / unreachable pods are evicted after 300 s. */
export const DEFAULT_EVICTION_TIMEOUT = 300;
/** Kubernetes "Default Behavior": scale-up 0 s window, max of (100% and 4 pods) per 15 s. */
export const DEFAULT_SCALE_UP: ScalingRules = {
  stabilizationWindow: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Percent', value: 1, period: 15 },
    { type: 'Pods', value: 4, period: 15 },
  ],
};
/** Kubernetes "Default Behavior": scale-down 300 s window, 100% per 15 s. */
export const DEFAULT_SCALE_DOWN: ScalingRules = { stabilizationWindow: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 1, period: 15 }] };

export function makeAutoscalingSchemas(p: SchemaKit) {
  const policy = p.obj(
    { type: p.word(['Pods', 'Percent'] as const), value: p.integer(1, { value: 1_000_000, why: 'pods, or percent of the replicas' }), period: p.duration(true) },
    'a scaling policy { type: Pods | Percent, value, period }',
  );
  const rules = p.obj(
    {
      stabilization_window: p.duration().optional(),
      select_policy: p.word(['Max', 'Min', 'Disabled'] as const).optional(),
      policies: p.list(policy, 'a non-empty list of scaling policies', 1).optional(),
    },
    'scaling rules { stabilization_window?, select_policy?, policies? }',
  );
  const autoscaling = p.obj(
    {
      min_replicas: p.integer(1).optional(),
      max_replicas: p.integer(1),
      target_utilization: p.probability(),
      sync_period: p.duration(true).optional(),
      tolerance: p.number('a tolerance >= 0').optional(),
      behavior: p.obj({ scale_up: rules.optional(), scale_down: rules.optional() }, 'behavior { scale_up?, scale_down? }').optional(),
      startup_time: p.faultDuration.optional(),
      startup_failure: p.probability().optional(),
      scale_failure: p.probability().optional(),
      retry_after: p.duration().optional(),
      eviction_timeout: p.duration().optional(),
    },
    'autoscaling { max_replicas, target_utilization, min_replicas?, sync_period?, tolerance?, behavior?, startup_time?, startup_failure?, scale_failure?, retry_after?, eviction_timeout? }',
  );
  const staticStability = p.obj(
    { zones_lost: p.integer(1, { value: 1000, why: 'zones lost at once' }).optional(), max_utilization: p.probability().optional() },
    'static_stability { zones_lost?, max_utilization? }',
  );
  return { autoscaling, staticStability };
}

interface RawRules {
  stabilization_window?: number;
  select_policy?: 'Max' | 'Min' | 'Disabled';
  policies?: { type: 'Pods' | 'Percent'; value: number; period: number }[];
}

export interface RawAutoscaling {
  min_replicas?: number;
  max_replicas: number;
  target_utilization: number;
  sync_period?: number;
  tolerance?: number;
  behavior?: { scale_up?: RawRules; scale_down?: RawRules };
  startup_time?: unknown;
  startup_failure?: number;
  scale_failure?: number;
  retry_after?: number;
  eviction_timeout?: number;
}

export interface RawStaticStability {
  zones_lost?: number;
  max_utilization?: number;
}

/** Most HPA syncs per replication (window / sync_period; docs/limits.md). */
export const MAX_HPA_SYNCS = 10_000_000;

/** @param hosts the number of instances of the service's component (the replica slots) */
export function normalizeAutoscaling(a: RawAutoscaling, hosts: number, horizon: number, path: PathSegment[], add: AddProblem): AutoscalingSpec {
  const min = a.min_replicas ?? 1;
  const sync = a.sync_period ?? DEFAULT_SYNC_PERIOD;
  if (horizon / sync > MAX_HPA_SYNCS) add([...path, 'sync_period'], `${Math.ceil(horizon / sync)} syncs per replication`, `at most ${MAX_HPA_SYNCS.toLocaleString('en-US')} (a sync period of at least ${horizon / MAX_HPA_SYNCS} s)`);
  if (a.max_replicas > hosts) add([...path, 'max_replicas'], `max_replicas ${a.max_replicas} but the component has ${hosts} instances`, `at most ${hosts}: each replica is one instance of the component (raise its count)`);
  if (min > a.max_replicas) add([...path, 'min_replicas'], `min_replicas ${min} is above max_replicas ${a.max_replicas}`, 'min_replicas <= max_replicas');
  if (a.target_utilization === 0) add([...path, 'target_utilization'], 'a zero target', 'a target utilisation in (0, 100%]');
  if (a.tolerance !== undefined && a.tolerance < 0) add([...path, 'tolerance'], `${a.tolerance} is negative`, 'a tolerance >= 0 (Kubernetes default 0.1)');
  return {
    minReplicas: min,
    maxReplicas: a.max_replicas,
    targetUtilization: a.target_utilization,
    syncPeriod: sync,
    tolerance: a.tolerance ?? DEFAULT_TOLERANCE,
    scaleUp: rules(a.behavior?.scale_up, DEFAULT_SCALE_UP),
    scaleDown: rules(a.behavior?.scale_down, DEFAULT_SCALE_DOWN),
    startupTime: a.startup_time !== undefined ? toDistribution(a.startup_time as RawDistribution) : { kind: 'fixed', value: 0 },
    startupFailure: a.startup_failure ?? 0,
    scaleFailure: a.scale_failure ?? 0,
    retryAfter: a.retry_after ?? DEFAULT_SYNC_PERIOD,
    evictionTimeout: a.eviction_timeout ?? DEFAULT_EVICTION_TIMEOUT,
  };
}

/** Kubernetes merges a partial behavior field by field with the defaults of its direction. */
function rules(r: RawRules | undefined, d: ScalingRules): ScalingRules {
  if (!r) return d;
  return {
    stabilizationWindow: r.stabilization_window ?? d.stabilizationWindow,
    selectPolicy: r.select_policy ?? d.selectPolicy,
    policies: r.policies ? r.policies.map((x) => ({ type: x.type, value: x.type === 'Percent' ? x.value / 100 : x.value, period: x.period })) : d.policies,
  };
}

export function normalizeStaticStability(s: RawStaticStability | undefined): StaticStabilitySpec | null {
  if (!s) return null;
  return { zonesLost: s.zones_lost ?? 1, maxUtilization: s.max_utilization ?? 1 };
}
