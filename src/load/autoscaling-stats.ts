/**
 * Per-replication statistics of an autoscaled load service (plain JSON): replica-seconds per bucket, scale
 * events, failed actions and starts, and the time at max_replicas and under-provisioned, over the window
 * [warmup, horizon].
 */
export interface AutoscalingStats {
  /** Per bucket: replica-seconds of the replicas (starting or ready, the HPA's currentReplicas). */
  replicas: number[];
  /** Per bucket: replica-seconds of the serving replicas (ready and their instance up). */
  serving: number[];
  /** Scale actions that changed the replica count, and the replicas they added / removed. */
  scaleUps: number;
  scaleDowns: number;
  replicasAdded: number;
  replicasRemoved: number;
  /** Scale-up actions that failed (no capacity / quota), and replicas that failed to start. */
  failedScaleActions: number;
  failedStarts: number;
  /** Seconds with currentReplicas = max_replicas. */
  atMax: number;
  /**
   * Seconds (sampled at each sync) with fewer serving replicas than ceil(rate x E[S] / (slots x target x (1 +
   * tolerance))): the first tries at the current client rate would load them above the HPA's tolerance band.
   */
  underProvisioned: number;
  /** Replication 0 only (empty in the others): times of the scale actions in the window (first 1,000), and the replica count after each. */
  events: { t: number; replicas: number }[];
}

/** Scale events kept per replication in `events` (the counts above are complete). */
export const MAX_SCALE_EVENTS = 1000;

export function emptyAutoscalingStats(buckets: number): AutoscalingStats {
  const z = () => new Array<number>(buckets).fill(0);
  return { replicas: z(), serving: z(), scaleUps: 0, scaleDowns: 0, replicasAdded: 0, replicasRemoved: 0, failedScaleActions: 0, failedStarts: 0, atMax: 0, underProvisioned: 0, events: [] };
}
