/**
 * Per-replication statistics of the reliability area (plain JSON, stored under `ReplicationStats.reliability`;
 * shards carry them). Times in seconds; events are counted inside the window [warmup, horizon].
 */
export interface ReliabilityReplicationStats {
  /** System down time inside the window caused by planned work (docs/reliability.md "Planned and unplanned downtime"). */
  plannedDowntime: number;
  /** Latent failures, per entry of `latent_failures` (same order). */
  latent: { hidden: number; detectedAtOnce: number; revealedByTest: number; revealedByOverhaul: number; hiddenTime: number; tests: number }[];
  /** Common-cause events per group (same order), by the number of units they failed (index k - 2). */
  commonCause: number[][];
  /** Occurrences per maintenance window (same order). */
  windows: number[];
  /** Per rolling upgrade (same order): rounds started, instances upgraded, failed upgrades, rounds stopped, rounds skipped (one still running). */
  upgrades: { rounds: number; instances: number; failed: number; stopped: number; skipped: number }[];
  /** Preventive (age) replacements per entry of `age_replacement` (same order). */
  ageReplacements: number[];
  /** Per phase (same order): time spent inside the window, and failures of the instances during it. */
  phases: { time: number; failures: number }[];
  /** Replacements per replaceable unit spec (same order). */
  replacements: number[];
}

declare module '../observe/replication-stats.js' {
  interface ReplicationStats {
    reliability?: ReliabilityReplicationStats;
  }
}

/** The statistics of a replication before any event. */
export function emptyReliabilityStats(counts: { latent: number; groups: number[]; windows: number; upgrades: number; age: number; phases: number; units: number }): ReliabilityReplicationStats {
  return {
    plannedDowntime: 0,
    latent: Array.from({ length: counts.latent }, () => ({ hidden: 0, detectedAtOnce: 0, revealedByTest: 0, revealedByOverhaul: 0, hiddenTime: 0, tests: 0 })),
    commonCause: counts.groups.map((m) => new Array<number>(Math.max(0, m - 1)).fill(0)),
    windows: new Array<number>(counts.windows).fill(0),
    upgrades: Array.from({ length: counts.upgrades }, () => ({ rounds: 0, instances: 0, failed: 0, stopped: 0, skipped: 0 })),
    ageReplacements: new Array<number>(counts.age).fill(0),
    phases: Array.from({ length: counts.phases }, () => ({ time: 0, failures: 0 })),
    replacements: new Array<number>(counts.units).fill(0),
  };
}
