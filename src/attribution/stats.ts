/**
 * Per-replication statistics of the attribution observer (plain JSON, summed over replications: shards merge
 * exactly). Times in seconds, inside the observation window [warmup, horizon].
 */

/** Cause key: `<instance index>:f` (its own failure), `<instance index>:<fault index>` (an injected fault), or `s` (the structure: a switchover, no instance change). */
export type CauseKey = string;

export interface AttributionReplicationStats {
  /** Per cause of system outages: [outages it started inside the window, system downtime of those outages inside the window]. */
  causes: Record<CauseKey, [number, number]>;
  /** Per instance index (as text) or `s`: outages ended by that instance coming back up. */
  restored: Record<string, number>;
  /** Per instance (Scenario.instances order): time critical and up / critical and down ("holding the system down"). */
  criticalUp: number[];
  criticalDown: number[];
  /** Per instance: time during which some minimal cut set containing it was entirely down; null when cut sets were not enumerated. */
  cutSetDown: number[] | null;
  /** Time the static structure (standby blocks as parallel) was down. */
  staticDowntime: number;
}

declare module '../observe/replication-stats.js' {
  interface ReplicationStats {
    /** Downtime attribution; absent unless the scenario asks for it (`attribution:`). */
    attribution?: AttributionReplicationStats;
  }
}
