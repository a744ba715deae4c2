/**
 * What one replication contributes to the estimates: sufficient statistics over the observation window
 * [warmup, horizon]. Times in seconds. Plain data, so replications can be merged in any grouping.
 * Each modelling area adds its own optional entry (under its key) by module augmentation (src/area.ts).
 */
export interface ReplicationStats {
  /** Replication index (0-based). */
  replication: number;
  /** Length of the observation window, seconds (horizon - warmup). */
  window: number;
  /** System up time and down time inside the window, seconds (they add up to `window`). */
  uptime: number;
  downtime: number;
  /** System failures (up -> down transitions) inside the window. */
  outages: number;
  /** Durations of the outages that started and ended inside the window, seconds, in order. */
  outageDurations: number[];
  /** Outages that started inside the window and were still going on at the horizon. */
  censoredOutages: number;
  /** Time of the first system failure from t = 0 (all up), seconds, or null if none before the horizon. */
  firstFailure: number | null;
  /** For each `observe.pointAvailabilityAt` time: was the system up then. */
  upAtProbe: boolean[];
  /** Down time of each instance inside the window, seconds (same order as Scenario.instances). */
  instanceDowntime: number[];
  /** Events the kernel fired in this replication. */
  events: number;
}
