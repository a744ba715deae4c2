import { SECONDS_PER_YEAR } from '../scenario/duration.js';
import type { Scenario } from '../scenario/types.js';
import type { ReplicationStats } from '../observe/replication-stats.js';
import {
  complementEstimate,
  meanEstimate,
  proportionEstimate,
  quantileEstimate,
  ratioEstimate,
  scaleEstimate,
  type Estimate,
} from './estimators.js';

/** Summary of the system's outage (recovery) durations, seconds. */
export interface OutageDurationSummary {
  /** Completed outages observed (pooled over replications). */
  count: number;
  /** Outages still going on at the horizon (not in the quantiles). */
  censored: number;
  mean: Estimate;
  p50: Estimate;
  p95: Estimate;
  p99: Estimate;
  max: number | null;
}

/** Time to first system failure from t = 0 (all units up and new), seconds. */
export interface MttffEstimate extends Estimate {
  /** Replications with no failure before the horizon. */
  censored: number;
  /** `mean` when every replication failed; `total-time-on-test` (exponential MLE) when some were censored. */
  method: 'mean' | 'total-time-on-test';
}

/** Every simulated system-level estimate; times in seconds, rates per year. */
export interface SystemEstimates {
  availability: Estimate;
  unavailability: Estimate;
  /** Expected down time per year (365 d), seconds. */
  downtimePerYear: Estimate;
  /** System failures per year. */
  outagesPerYear: Estimate;
  mttff: MttffEstimate;
  /** Mean time between failures = window / failures (= MUT + MDT). */
  mtbf: Estimate;
  /** Mean up time = up time / failures. */
  mut: Estimate;
  /** Mean down time = down time / failures. */
  mdt: Estimate;
  outageDuration: OutageDurationSummary;
  pointAvailability: { t: number; estimate: Estimate }[];
  reliability: { t: number; estimate: Estimate }[];
}

/** Per-instance availability. */
export interface InstanceEstimate {
  instance: string;
  component: string;
  zone: string | null;
  availability: Estimate;
}

/**
 * Collects replication statistics and turns them into estimates. Replications are kept by index, so the
 * estimates do not depend on the order they arrived in (workers, shards): they are computed in replication
 * order, which makes results byte-identical however the work was split.
 */
export class Accumulator {
  private readonly reps: ReplicationStats[] = [];
  private sorted = true;

  constructor(readonly scenario: Scenario) {}

  get count(): number {
    return this.reps.length;
  }

  /** Adds one replication. */
  add(stats: ReplicationStats): void {
    const last = this.reps[this.reps.length - 1];
    if (last && last.replication > stats.replication) this.sorted = false;
    this.reps.push(stats);
  }

  /** Replication statistics in replication order. */
  replications(): ReplicationStats[] {
    if (!this.sorted) {
      this.reps.sort((a, b) => a.replication - b.replication);
      this.sorted = true;
    }
    return this.reps;
  }

  /** Availability estimate alone (cheap; used by the precision stopping rule). */
  availability(): Estimate {
    return meanEstimate(this.replications().map((r) => r.uptime / r.window));
  }

  /** Total kernel events over all replications. */
  events(): number {
    return this.reps.reduce((s, r) => s + r.events, 0);
  }

  /** System-level estimates. */
  system(): SystemEstimates {
    const reps = this.replications();
    const sc = this.scenario;
    const availability = meanEstimate(reps.map((r) => r.uptime / r.window));
    const unavailability = complementEstimate(availability);
    const outages = reps.map((r) => r.outages);
    const durations = reps.flatMap((r) => r.outageDurations).sort((a, b) => a - b);
    return {
      availability,
      unavailability,
      downtimePerYear: scaleEstimate(unavailability, SECONDS_PER_YEAR),
      outagesPerYear: meanEstimate(reps.map((r) => (r.outages / r.window) * SECONDS_PER_YEAR)),
      mttff: this.mttff(reps),
      mtbf: ratioEstimate(reps.map((r) => r.window), outages),
      mut: ratioEstimate(reps.map((r) => r.uptime), outages),
      mdt: ratioEstimate(reps.map((r) => r.downtime), outages),
      outageDuration: {
        count: durations.length,
        censored: reps.reduce((s, r) => s + r.censoredOutages, 0),
        mean: meanEstimate(durations),
        p50: quantileEstimate(durations, 0.5),
        p95: quantileEstimate(durations, 0.95),
        p99: quantileEstimate(durations, 0.99),
        max: durations.length ? durations[durations.length - 1] : null,
      },
      pointAvailability: sc.observe.pointAvailabilityAt.map((t, i) => ({
        t,
        estimate: proportionEstimate(reps.filter((r) => r.upAtProbe[i]).length, reps.length),
      })),
      reliability: sc.observe.reliabilityAt.map((t) => ({
        t,
        estimate: proportionEstimate(reps.filter((r) => r.firstFailure === null || r.firstFailure > t).length, reps.length),
      })),
    };
  }

  /** Per-instance availability, in Scenario.instances order. */
  instances(): InstanceEstimate[] {
    const reps = this.replications();
    return this.scenario.instances.map((inst, i) => ({
      instance: inst.id,
      component: inst.component,
      zone: inst.zone,
      availability: meanEstimate(reps.map((r) => 1 - r.instanceDowntime[i] / r.window)),
    }));
  }

  private mttff(reps: ReplicationStats[]): MttffEstimate {
    const horizon = this.scenario.horizon;
    const censored = reps.filter((r) => r.firstFailure === null).length;
    if (censored === 0) return { ...meanEstimate(reps.map((r) => r.firstFailure as number)), censored, method: 'mean' };
    const exposure = reps.map((r) => r.firstFailure ?? horizon);
    const failed = reps.map((r) => (r.firstFailure === null ? 0 : 1));
    return { ...ratioEstimate(exposure, failed), censored, method: 'total-time-on-test' };
  }
}
