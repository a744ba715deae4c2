/**
 * The normalized autoscaling settings of a load service: a Kubernetes HorizontalPodAutoscaler (autoscaling/v2)
 * on a CPU-like utilisation metric, with the instance start-up law and scale actions that can fail, and the
 * static-stability check per zone. Times in seconds, fractions in [0, 1]. Syntax: docs/load.md "Autoscaling".
 */
import type { DistributionSpec, Seconds } from '../scenario/primitives.js';

/** One HPA scaling policy (autoscaling/v2 HPAScalingPolicy): `type` Pods or Percent, per `period` seconds. */
export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  /** Pods: replicas; Percent: a fraction (100% = 1). */
  value: number;
  period: Seconds;
}

/** autoscaling/v2 HPAScalingRules: stabilization window, policies and their selection. */
export interface ScalingRules {
  stabilizationWindow: Seconds;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: ScalingPolicy[];
}

export interface AutoscalingSpec {
  minReplicas: number;
  maxReplicas: number;
  /** Target mean utilisation (busy worker slots / slots) of the ready replicas, in (0, 1]. */
  targetUtilization: number;
  /** kube-controller-manager --horizontal-pod-autoscaler-sync-period (default 15 s). */
  syncPeriod: Seconds;
  /** --horizontal-pod-autoscaler-tolerance (default 0.1). */
  tolerance: number;
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
  /** Time from a replica's creation to its readiness (it serves only after it). */
  startupTime: DistributionSpec;
  /** Probability that a new replica fails to start (it is removed at the end of its start-up time). */
  startupFailure: number;
  /** Probability that a scale-up action fails as a whole (no capacity in the zone, quota). */
  scaleFailure: number;
  /** After a failed scale-up action, no scale-up is attempted for this long. */
  retryAfter: Seconds;
  /**
   * A replica whose instance has been down this long is evicted and recreated on an off slot with an up instance
   * (Kubernetes taint-based eviction: the default tolerationSeconds of node.kubernetes.io/not-ready and
   * unreachable is 300 s).
   */
  evictionTimeout: Seconds;
}

/** `static_stability`: can the service lose `zonesLost` zones at peak load and stay below `maxUtilization`? */
export interface StaticStabilitySpec {
  zonesLost: number;
  maxUtilization: number;
}
