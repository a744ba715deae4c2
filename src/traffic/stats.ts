/**
 * Per-replication traffic statistics (plain JSON: worker threads and shard files clone them) and the
 * collector that fills them during a replication. Request counts are expected counts in fluid mode (reals)
 * and actual counts in exact mode. Latency is the client-observed time to a response (success or error),
 * kept as a histogram on log-spaced bins so a year of traffic costs a fixed amount of memory.
 */
import type { Simulator } from '../engine/simulator.js';

/** Latency histogram: bin 0 holds latencies below LAT_MIN; bin i >= 1 covers [LAT_MIN 10^((i-1)/PER_DECADE), LAT_MIN 10^(i/PER_DECADE)). */
export const LAT_MIN = 1e-5;
export const PER_DECADE = 40;
export const LAT_BINS = 1 + 8 * PER_DECADE; // up to 1000 s

/** Bin index of a latency (seconds). */
export function latencyBin(x: number): number {
  if (x < LAT_MIN) return 0;
  return Math.min(LAT_BINS - 1, 1 + Math.floor(Math.log10(x / LAT_MIN) * PER_DECADE));
}

/** Quantile p of a histogram (geometric interpolation within the bin); null when empty. */
export function histogramQuantile(hist: ArrayLike<number>, p: number): number | null {
  let total = 0;
  for (let i = 0; i < hist.length; i++) total += hist[i];
  if (total <= 0) return null;
  const target = p * total;
  let acc = 0;
  for (let i = 0; i < hist.length; i++) {
    if (hist[i] <= 0) continue;
    if (acc + hist[i] >= target) {
      if (i === 0) return 0;
      const frac = (target - acc) / hist[i];
      return LAT_MIN * 10 ** ((i - 1 + frac) / PER_DECADE);
    }
    acc += hist[i];
  }
  return LAT_MIN * 10 ** ((hist.length - 1) / PER_DECADE);
}

/** What one replication contributes to the traffic estimates. */
export interface TrafficReplicationStats {
  mode: 'fluid' | 'exact';
  /** Client requests and successful ones inside [warmup, horizon]. */
  requests: number;
  successes: number;
  /** Latency histogram of the client requests (LAT_BINS bins, see latencyBin). */
  latency: number[];
  /** Health-check detection delays (host failing -> marked unhealthy), seconds. */
  detection: number[];
  /** Host failing -> out of rotation (health check or outlier ejection), and balancer failovers, seconds. */
  failover: number[];
  /** Hosts that started failing (down or unreachable from the balancer). */
  hostFailures: number;
  ejections: number;
  /** MTTR by parts (with monitoring): per repaired instance failure, seconds. */
  mttr: { detect: number[]; respond: number[]; repair: number[] };
  deploys: { total: number; bad: number; rolledBack: number; caughtInCanary: number; badVersionTime: number[] };
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
      latency: new Array(LAT_BINS).fill(0),
      detection: [],
      failover: [],
      hostFailures: 0,
      ejections: 0,
      mttr: { detect: [], respond: [], repair: [] },
      deploys: { total: 0, bad: 0, rolledBack: 0, caughtInCanary: 0, badVersionTime: [] },
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
