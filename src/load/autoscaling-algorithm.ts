/**
 * The Kubernetes HorizontalPodAutoscaler's decision, as a pure state machine (no engine): the replica count
 * recommended from a utilisation metric and the `behavior` normalisation (stabilization windows, then scaling
 * policies). Sources, followed exactly unless noted:
 * - Kubernetes docs, "Horizontal Pod Autoscaling", section "Algorithm details":
 *   desiredReplicas = ceil[currentReplicas x currentMetricValue / desiredMetricValue], skipped when the ratio is
 *   within the tolerance (0.1); not-yet-ready pods and pods with missing metrics are set aside, then, when the
 *   ratio points to a scale-up, counted at 0% (not-yet-ready and missing), on a scale-down missing ones at 100%;
 *   the scale is skipped if the recomputed ratio reverses the direction or falls within the tolerance. As in the
 *   controller (pkg/controller/podautoscaler/replica_calculator.go), the first ratio multiplies the count of
 *   ready pods and the recomputed one the count of pods with a metric (ready + set aside).
 * - same page, "Configurable scaling behavior": "Stabilization window" (the recommendation is the highest one
 *   over the scale-down window and the lowest over the scale-up window, the current one included), "Scaling
 *   policies" (Pods / Percent per periodSeconds; selectPolicy Max, Min or Disabled; Percent rounds up on
 *   scale-up and down on scale-down, from the replica count at the start of the period) and "Default Behavior".
 *   Order as in the controller (horizontal.go normalizeDesiredReplicasWithBehaviors): stabilise, then bound the
 *   change by the policies and min/max replicas.
 * Times in seconds.
 */
import type { AutoscalingSpec, ScalingRules } from './autoscaling-types.js';

/** The metric of one sync: per pod its state and, when ready, its utilisation (busy slots / slots). */
export interface HpaSample {
  /** Mean utilisation of the ready pods (their busy slot-seconds / slot-seconds over the sync period). */
  readyUtilization: number;
  /** Ready pods with a metric. */
  ready: number;
  /** Pods not yet ready (starting). */
  unready: number;
  /** Pods without a metric (their instance is down). */
  missing: number;
}

/**
 * Kubernetes "Algorithm details" (resource metric, target utilisation): the unbounded desired replica count,
 * or null when no pod has a metric (the HPA reports an error and does not scale).
 */
export function desiredFromMetric(current: number, s: HpaSample, target: number, tolerance: number): number | null {
  if (s.ready === 0) return null;
  const usage = s.readyUtilization / target;
  const scaleUpWithUnready = s.unready > 0 && usage > 1;
  if (!scaleUpWithUnready && s.missing === 0) {
    if (Math.abs(1 - usage) <= tolerance) return current;
    return Math.ceil(usage * s.ready);
  }
  // Fill in the set-aside pods: missing ones at 100% (or the target if above) on a scale-down, 0% on a
  // scale-up; not-yet-ready ones at 0% on a scale-up.
  let busy = s.readyUtilization * s.ready;
  let pods = s.ready;
  if (s.missing > 0) {
    if (usage < 1) busy += Math.max(1, target) * s.missing;
    pods += s.missing;
  }
  if (scaleUpWithUnready) pods += s.unready;
  const recomputed = busy / pods / target;
  if (Math.abs(1 - recomputed) <= tolerance || (usage < 1 && recomputed > 1) || (usage > 1 && recomputed < 1)) return current;
  const next = Math.ceil(recomputed * pods);
  if ((recomputed < 1 && next > current) || (recomputed > 1 && next < current)) return current;
  return next;
}

/** A past recommendation or scale event. */
interface Stamped {
  at: number;
  value: number;
}

/** The HPA controller's memory for one target: recommendations and scale events with their times. */
export class HpaState {
  private readonly recommendations: Stamped[] = [];
  private readonly upEvents: Stamped[] = [];
  private readonly downEvents: Stamped[] = [];

  constructor(private readonly spec: AutoscalingSpec) {}

  /**
   * One sync: the replica count to scale to (equal to `current` for no change).
   * @param desired the metric's recommendation (desiredFromMetric), or null when it had no metric
   */
  decide(now: number, current: number, desired: number | null): number {
    const sp = this.spec;
    if (current > sp.maxReplicas) return sp.maxReplicas;
    if (current < sp.minReplicas) return sp.minReplicas;
    if (desired === null) return current;
    if (this.recommendations.length === 0) this.recommendations.push({ at: now, value: current });
    const stabilised = this.stabilize(now, current, desired);
    return this.bound(now, current, stabilised);
  }

  /**
   * After decide(now, current, desired) returned `current`: the earliest time after `now` at which a sync with the
   * same `current` and `desired` could decide otherwise (Infinity when none). Recommendations are only added (equal
   * to `desired`) and leave their windows, so the stabilised value changes only when the last recommendation holding
   * the lowest value in the scale-up window (if below `desired`) or the highest in the scale-down window (if above)
   * leaves it; the policy limits change when a scale event leaves a policy period. Until then every such sync
   * returns `current` too (the autoscaler sleeps through them: autoscaling.ts).
   */
  nextChange(now: number, desired: number | null): number {
    if (desired === null) return Infinity;
    const sp = this.spec;
    const wUp = sp.scaleUp.stabilizationWindow, wDown = sp.scaleDown.stabilizationWindow;
    let lo = desired, loLast = -Infinity, hi = desired, hiLast = -Infinity;
    for (const r of this.recommendations) {
      if (r.at > now - wUp && r.value <= lo && r.value < desired) {
        loLast = r.value < lo ? r.at : Math.max(loLast, r.at);
        lo = r.value;
      }
      if (r.at > now - wDown && r.value >= hi && r.value > desired) {
        hiLast = r.value > hi ? r.at : Math.max(hiLast, r.at);
        hi = r.value;
      }
    }
    let t = Infinity;
    const consider = (at: number) => {
      if (at > now && at < t) t = at;
    };
    if (lo < desired) consider(loLast + wUp);
    if (hi > desired) consider(hiLast + wDown);
    for (const rules of [sp.scaleUp, sp.scaleDown]) {
      for (const p of rules.policies) {
        for (const e of this.upEvents) consider(e.at + p.period);
        for (const e of this.downEvents) consider(e.at + p.period);
      }
    }
    return t;
  }

  /** Records a scale that happened (the policies count the change in their periods). */
  recordScale(now: number, from: number, to: number): void {
    const keep = Math.max(...this.spec.scaleUp.policies.map((p) => p.period), ...this.spec.scaleDown.policies.map((p) => p.period), 0);
    for (const list of [this.upEvents, this.downEvents]) {
      while (list.length > 0 && list[0].at <= now - keep) list.shift();
    }
    if (to > from) this.upEvents.push({ at: now, value: to - from });
    else if (to < from) this.downEvents.push({ at: now, value: from - to });
  }

  /** Stabilization windows: the lowest recommendation over the scale-up window, the highest over the scale-down one. */
  private stabilize(now: number, current: number, desired: number): number {
    const upCut = now - this.spec.scaleUp.stabilizationWindow;
    const downCut = now - this.spec.scaleDown.stabilizationWindow;
    let up = desired;
    let down = desired;
    for (const r of this.recommendations) {
      if (r.at > upCut) up = Math.min(up, r.value);
      if (r.at > downCut) down = Math.max(down, r.value);
    }
    const oldest = Math.min(upCut, downCut);
    for (let i = this.recommendations.length - 1; i >= 0; i--) if (this.recommendations[i].at < oldest) this.recommendations.splice(i, 1);
    this.recommendations.push({ at: now, value: desired });
    return Math.min(Math.max(current, up), down);
  }

  /** Scaling policies and min/max replicas (convertDesiredReplicasWithBehaviorRate). */
  private bound(now: number, current: number, desired: number): number {
    const sp = this.spec;
    if (desired > current) {
      const limit = Math.max(current, this.policyLimit(now, current, sp.scaleUp, true));
      return Math.min(desired, sp.maxReplicas, limit);
    }
    if (desired < current) {
      const limit = Math.min(current, this.policyLimit(now, current, sp.scaleDown, false));
      return Math.max(desired, sp.minReplicas, limit);
    }
    return desired;
  }

  /** calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors. */
  private policyLimit(now: number, current: number, rules: ScalingRules, up: boolean): number {
    if (rules.selectPolicy === 'Disabled') return current;
    // Max picks the largest change, Min the smallest: on a scale-up the largest limit, on a scale-down the smallest.
    const wantLargest = (rules.selectPolicy === 'Max') === up;
    let result = wantLargest ? -Infinity : Infinity;
    for (const p of rules.policies) {
      const added = changeSince(this.upEvents, now - p.period);
      const deleted = changeSince(this.downEvents, now - p.period);
      const start = current - added + deleted;
      let proposed: number;
      if (p.type === 'Pods') proposed = up ? start + p.value : start - p.value;
      else proposed = up ? Math.ceil(start * (1 + p.value)) : Math.floor(start * (1 - p.value));
      result = wantLargest ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return result;
  }
}

function changeSince(events: Stamped[], cutoff: number): number {
  let n = 0;
  for (const e of events) if (e.at > cutoff) n += e.value;
  return n;
}
