/**
 * Reference model of the Kubernetes HorizontalPodAutoscaler's decision, written from the documentation only
 * (https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/, not from src/load):
 *
 * "Algorithm details": desiredReplicas = ceil[currentReplicas * (currentMetricValue / desiredMetricValue)];
 * "if the ratio is sufficiently close to 1.0 (within a globally-configurable tolerance, 0.1 by default)" the
 * controller skips scaling. Pods not yet ready and pods with missing metrics are set aside; the base ratio uses
 * the remaining pods; then "if there were any missing metrics, the control plane recomputes the average more
 * conservatively, assuming those pods were consuming 100% of the desired value in case of a scale down, and 0%
 * in case of a scale up"; "if any not-yet-ready pods were present, and the workload would have scaled up
 * without factoring in missing metrics or not-yet-ready pods, the controller conservatively assumes that the
 * not-yet-ready pods are consuming 0% of the desired metric"; "after factoring in the not-yet-ready pods and
 * missing metrics, the controller recalculates the usage ratio. If the new ratio reverses the scale direction,
 * or is within the tolerance, the controller doesn't take any scaling action."
 *
 * "Stabilization window": "all desired states from the past [window] are considered", the highest for scale
 * down, the lowest for scale up (the current recommendation included). "Scaling policies": Pods or Percent
 * changes per periodSeconds, selectPolicy Max (the policy allowing the highest change, the default), Min or
 * Disabled; min/max replicas bound the result. "Default Behavior": scale-down window 300 s, Percent 100 per
 * 15 s; scale-up window 0, Percent 100 and Pods 4 per 15 s, Max.
 *
 * Written as a per-pod computation over explicit pod lists and a full history (no pruning), so that it shares no
 * structure with the code under test.
 */

export type Pod = { state: 'ready'; utilization: number } | { state: 'unready' } | { state: 'missing' };

export interface RefPolicy {
  type: 'Pods' | 'Percent';
  /** Pods: count; Percent: percent (100 = double). */
  value: number;
  periodSeconds: number;
}

export interface RefRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: RefPolicy[];
}

export interface RefHpa {
  minReplicas: number;
  maxReplicas: number;
  target: number;
  tolerance: number;
  scaleUp: RefRules;
  scaleDown: RefRules;
}

/** "Algorithm details": the metric's proposal for pods `pods` (current = pods.length). */
export function refProposal(pods: Pod[], target: number, tolerance: number): number | null {
  const current = pods.length;
  const withMetric = pods.filter((p): p is { state: 'ready'; utilization: number } => p.state === 'ready');
  if (withMetric.length === 0) return null;
  const avg = withMetric.reduce((a, p) => a + p.utilization, 0) / withMetric.length;
  const ratio = avg / target;
  const hasUnready = pods.some((p) => p.state === 'unready');
  const hasMissing = pods.some((p) => p.state === 'missing');
  const up = ratio > 1;
  if (!(hasUnready && up) && !hasMissing) {
    if (Math.abs(ratio - 1) <= tolerance) return current;
    return Math.ceil(withMetric.length * ratio);
  }
  const values: number[] = withMetric.map((p) => p.utilization);
  for (const p of pods) {
    if (p.state === 'missing') values.push(up ? 0 : Math.max(1, target));
    if (p.state === 'unready' && up) values.push(0);
  }
  const ratio2 = values.reduce((a, b) => a + b, 0) / values.length / target;
  if (Math.abs(ratio2 - 1) <= tolerance) return current;
  if ((ratio < 1 && ratio2 > 1) || (ratio > 1 && ratio2 < 1)) return current;
  const proposal = Math.ceil(values.length * ratio2);
  if ((ratio2 < 1 && proposal > current) || (ratio2 > 1 && proposal < current)) return current;
  return proposal;
}

/** The controller over a scripted series of syncs; returns the replica count after each sync. */
export function refController(hpa: RefHpa, initial: number, syncs: { t: number; pods: (replicas: number) => Pod[] }[]): number[] {
  const history: { t: number; rec: number }[] = [];
  const scales: { t: number; delta: number }[] = [];
  let replicas = initial;
  const out: number[] = [];
  for (const s of syncs) {
    let next = replicas;
    if (replicas > hpa.maxReplicas) next = hpa.maxReplicas;
    else if (replicas < hpa.minReplicas) next = hpa.minReplicas;
    else {
      const proposal = refProposal(s.pods(replicas), hpa.target, hpa.tolerance);
      if (proposal !== null) {
        if (history.length === 0) history.push({ t: s.t, rec: replicas });
        const inUp = history.filter((h) => h.t > s.t - hpa.scaleUp.stabilizationWindowSeconds).map((h) => h.rec);
        const inDown = history.filter((h) => h.t > s.t - hpa.scaleDown.stabilizationWindowSeconds).map((h) => h.rec);
        const lowestUp = Math.min(proposal, ...inUp);
        const highestDown = Math.max(proposal, ...inDown);
        history.push({ t: s.t, rec: proposal });
        let stable = replicas;
        if (stable < lowestUp) stable = lowestUp;
        if (stable > highestDown) stable = highestDown;
        next = applyPolicies(hpa, replicas, stable, s.t, scales);
      }
    }
    if (next !== replicas) scales.push({ t: s.t, delta: next - replicas });
    replicas = next;
    out.push(replicas);
  }
  return out;
}

function applyPolicies(hpa: RefHpa, replicas: number, stable: number, t: number, scales: { t: number; delta: number }[]): number {
  if (stable === replicas) return stable;
  const up = stable > replicas;
  const rules = up ? hpa.scaleUp : hpa.scaleDown;
  const limits = rules.policies.map((p) => {
    const recent = scales.filter((e) => e.t > t - p.periodSeconds);
    const added = recent.filter((e) => e.delta > 0).reduce((a, e) => a + e.delta, 0);
    const removed = recent.filter((e) => e.delta < 0).reduce((a, e) => a - e.delta, 0);
    const startOfPeriod = replicas - added + removed;
    if (p.type === 'Pods') return up ? startOfPeriod + p.value : startOfPeriod - p.value;
    return up ? Math.ceil(startOfPeriod * (1 + p.value / 100)) : Math.floor(startOfPeriod * (1 - p.value / 100));
  });
  if (up) {
    let limit = rules.selectPolicy === 'Disabled' ? replicas : rules.selectPolicy === 'Max' ? Math.max(...limits) : Math.min(...limits);
    if (limit < replicas) limit = replicas;
    return Math.min(stable, hpa.maxReplicas, limit);
  }
  let limit = rules.selectPolicy === 'Disabled' ? replicas : rules.selectPolicy === 'Max' ? Math.min(...limits) : Math.max(...limits);
  if (limit > replicas) limit = replicas;
  return Math.max(stable, hpa.minReplicas, limit);
}
