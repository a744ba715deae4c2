/**
 * Per-replication traffic statistics (plain JSON: worker threads and shard files clone them) and the
 * collector that fills them during a replication. Request counts are expected counts in fluid mode (reals)
 * and actual counts in exact mode. Latency is the client-observed time to a response (success or error),
 * kept as a DDSketch (latency-sketch.ts, relative accuracy 0.5%) so a year of traffic costs a bounded
 * amount of memory.
 */
import type { Simulator } from '../engine/simulator.js';
import { emptySketch, type LatencySketch } from './latency-sketch.js';

/** What one replication contributes to the traffic estimates. */
export interface TrafficReplicationStats {
  mode: 'fluid' | 'exact';
  /** Client requests and successful ones inside [warmup, horizon]. */
  requests: number;
  successes: number;
  /** Latency sketch of the client requests (weights are expected counts in fluid mode). */
  latency: LatencySketch;
  /** Health-check detection delays (host failing -> marked unhealthy), seconds. */
  detection: number[];
  /** Host failing -> out of rotation (health check or outlier ejection), and balancer failovers, seconds. */
  failover: number[];
  /** Hosts that started failing (down or unreachable from the balancer). */
  hostFailures: number;
  ejections: number;
  /** MTTR by parts (with monitoring): per repaired instance failure, seconds. */
  mttr: { detect: number[]; respond: number[]; repair: number[] };
  /**
   * Deploys started (`total`), bad ones, rolled back, caught in canary; `queued`: arrived while a rollout
   * was in progress (they wait, FIFO), `dequeued`: queued ones started since; `waitTime`: each started
   * deploy's wait, s (0 when none).
   */
  deploys: { total: number; bad: number; rolledBack: number; caughtInCanary: number; badVersionTime: number[]; queued: number; dequeued: number; waitTime: number[] };
  /** Per service (scenario order): time its balancer was up (a live active node, not failing over) in the window, seconds. */
  balancerUptime: number[];
  /** Length of the observation window, seconds. */
  window: number;
  /** Per service (scenario order): tries sent to its hosts and failed tries. */
  services: { tries: number; failures: number }[];
}

/** Fills a TrafficReplicationStats during one replication. */
export class TrafficCollector {
  readonly stats: TrafficReplicationStats;
  private lbDownSince = -1;
  private readonly lbSince: number[];

  constructor(private readonly sim: Simulator, mode: 'fluid' | 'exact', serviceCount: number, private readonly warmup: number, private readonly horizon: number) {
    this.lbSince = new Array(serviceCount).fill(0);
    this.stats = {
      mode,
      requests: 0,
      successes: 0,
      latency: emptySketch(),
      detection: [],
      failover: [],
      hostFailures: 0,
      ejections: 0,
      mttr: { detect: [], respond: [], repair: [] },
      deploys: { total: 0, bad: 0, rolledBack: 0, caughtInCanary: 0, badVersionTime: [], queued: 0, dequeued: 0, waitTime: [] },
      balancerUptime: new Array(serviceCount).fill(0),
      window: horizon - warmup,
      services: Array.from({ length: serviceCount }, () => ({ tries: 0, failures: 0 })),
    };
  }

  /** Balancer of service k went up (true) or down (false) now. */
  balancerState(k: number, up: boolean): void {
    if (up) this.lbSince[k] = this.sim.now;
    else this.addLbUptime(k, this.sim.now);
    if (!up) this.lbSince[k] = -1;
  }

  /** Closes the balancer uptime at the horizon. */
  close(): void {
    this.lbSince.forEach((since, k) => {
      if (since >= 0) this.addLbUptime(k, this.horizon);
    });
  }

  private addLbUptime(k: number, until: number): void {
    const from = Math.max(this.lbSince[k], this.warmup);
    const to = Math.min(until, this.horizon);
    if (this.lbSince[k] >= 0 && to > from) this.stats.balancerUptime[k] += to - from;
  }

  get inWindow(): boolean {
    return this.sim.now >= this.warmup;
  }

  hostFailure(): void {
    if (this.inWindow) this.stats.hostFailures++;
  }
  /** A health-check detection after d seconds; `failover`: it took the host out of rotation (not already ejected). */
  detection(d: number, failover: boolean): void {
    if (this.inWindow) {
      this.stats.detection.push(d);
      if (failover) this.stats.failover.push(d);
    }
  }
  failover(d: number): void {
    if (this.inWindow) this.stats.failover.push(d);
  }
  ejection(): void {
    if (this.inWindow) this.stats.ejections++;
  }
  lbFailoverStart(now: number): void {
    if (this.lbDownSince < 0) this.lbDownSince = now;
  }
  lbFailoverEnd(now: number): void {
    if (this.lbDownSince >= 0 && this.inWindow) this.stats.failover.push(now - this.lbDownSince);
    this.lbDownSince = -1;
  }
}

declare module '../observe/replication-stats.js' {
  interface ReplicationStats {
    /** Request-level statistics (scenarios with services; see src/traffic/stats.ts). */
    traffic?: TrafficReplicationStats;
  }
}
