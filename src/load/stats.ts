/**
 * Per-replication load statistics (plain JSON: worker threads and shard files clone them). Counts are actual
 * counts in exact mode and expected counts in fluid mode, over the window [warmup, horizon].
 */
import type { AutoscalingStats } from './autoscaling-stats.js';
import { Buckets, emptySeries, type LoadSeries } from './series.js';

/** Why a client request ended without success (the cause of its last try). */
export const FAILURE_CAUSES = ['timeout', 'rejected', 'shed', 'rateLimited', 'noHost', 'reset'] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];

/** What one service contributes in one replication. */
export interface LoadServiceStats {
  requests: number;
  successes: number;
  tries: number;
  retries: number;
  /**
   * Tries by outcome other than success: timed out at the client, rejected by a full host queue (queue limit),
   * shed by a circuit breaker (overflow), refused by the client rate limit, no host up, reset by a host failing.
   */
  outcomes: Record<FailureCause, number>;
  /** Retries refused by the retry budget or the max_retries breaker. */
  retriesRefused: number;
  /** Hedged tries: tries sent while another try of the same request was outstanding (hedge_policy). */
  hedges: number;
  /** Client requests rejected by admission control before any try (shed; not retried). */
  admissionRejected: number;
  /** Tries that waited (queueing delay > 0) before service, exact mode only (0 in fluid mode). */
  waited: number;
  /** Queueing delays of the tries that started service, exact mode only (src/load/wait-histogram.ts; empty in fluid mode). */
  waitHistogram: number[];
  /** Sum of successful requests' latencies (first try start to success), seconds. */
  latencySum: number;
  /** Per host: busy slot-seconds and available slot-seconds (while up). */
  hostBusy: number[];
  hostCapacity: number[];
  series: LoadSeries;
  /** Trigger (latency spike) end times inside the window, seconds. */
  triggerEnds: number[];
  /** Replicas and scale events, for a service with `autoscaling` (absent otherwise). */
  autoscaling?: AutoscalingStats;
}

export interface LoadReplicationStats {
  mode: 'exact' | 'fluid';
  window: number;
  bucket: number;
  /** The scenario's healthy goodput ratio of a bucket (for the compare metric time_overloaded). */
  healthyRatio: number;
  services: LoadServiceStats[];
}

export function emptyServiceStats(hosts: number, buckets: Buckets): LoadServiceStats {
  return {
    requests: 0,
    successes: 0,
    tries: 0,
    retries: 0,
    outcomes: { timeout: 0, rejected: 0, shed: 0, rateLimited: 0, noHost: 0, reset: 0 },
    retriesRefused: 0,
    hedges: 0,
    admissionRejected: 0,
    waited: 0,
    waitHistogram: [],
    latencySum: 0,
    hostBusy: new Array<number>(hosts).fill(0),
    hostCapacity: new Array<number>(hosts).fill(0),
    series: emptySeries(buckets.count),
    triggerEnds: [],
  };
}

/** The load area's entry of ReplicationStats (module augmentation). */
declare module '../observe/replication-stats.js' {
  interface ReplicationStats {
    load?: LoadReplicationStats;
  }
}
