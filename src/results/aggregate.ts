import { SECONDS_PER_YEAR } from '../scenario/duration.js';
import type { Scenario } from '../scenario/types.js';
import type { ReplicationStats } from '../observe/replication-stats.js';
import {
  complementEstimate,
  fractionMeanEstimate,
  meanEstimate,
  NON_NEGATIVE,
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
  /**
   * `mean` when every replication failed (the MTTFF itself); `restricted-mean` when some were censored at
   * the horizon: the Kaplan-Meier restricted mean E[min(T, horizon)], a lower bound of the MTTFF.
   */
  method: 'mean' | 'restricted-mean';
  /** The horizon the restricted mean is restricted to, s (`restricted-mean` only). */
  restrictedTo?: number;
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
    return fractionMeanEstimate(this.replications().map((r) => r.uptime / r.window));
  }

  /** Total kernel events over all replications. */
  events(): number {
    return this.reps.reduce((s, r) => s + r.events, 0);
  }

  /** System-level estimates. */
  system(): SystemEstimates {
    const reps = this.replications();
    const sc = this.scenario;
    const availability = fractionMeanEstimate(reps.map((r) => r.uptime / r.window));
    const unavailability = complementEstimate(availability);
    const outages = reps.map((r) => r.outages);
    const durations = reps.flatMap((r) => r.outageDurations).sort((a, b) => a - b);
    return {
      availability,
      unavailability,
      downtimePerYear: scaleEstimate(unavailability, SECONDS_PER_YEAR),
      outagesPerYear: meanEstimate(reps.map((r) => (r.outages / r.window) * SECONDS_PER_YEAR), NON_NEGATIVE),
      mttff: this.mttff(reps),
      mtbf: ratioEstimate(reps.map((r) => r.window), outages, NON_NEGATIVE),
      mut: ratioEstimate(reps.map((r) => r.uptime), outages, NON_NEGATIVE),
      mdt: ratioEstimate(reps.map((r) => r.downtime), outages, NON_NEGATIVE),
      outageDuration: {
        count: durations.length,
        censored: reps.reduce((s, r) => s + r.censoredOutages, 0),
        mean: meanEstimate(durations, NON_NEGATIVE),
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
      availability: fractionMeanEstimate(reps.map((r) => 1 - r.instanceDowntime[i] / r.window)),
    }));
  }

  /**
   * MTTFF from t = 0. With replications censored at the horizon (no failure before it), the mean of
   * the observed times is biased low and the total-time-on-test estimator assumes a constant failure
   * rate (for a 2-of-4 group without repair it gave 980 y where the exact MTTFF is 16.25 y). Every
   * replication is censored at the same time (the horizon), so the Kaplan-Meier estimate of the survival
   * function is the empirical one on [0, horizon] and its restricted mean, the area under it up to the
   * horizon, is the sample mean of min(T_i, horizon), with the Student-t CI of a mean: a censoring-correct
   * estimate of E[min(T, horizon)], which is a lower bound of the MTTFF (the report says so).
   * Sources: E. L. Kaplan, P. Meier, "Nonparametric estimation from incomplete observations", JASA 53
   * (1958); P. Royston, M. K. B. Parmar, "Restricted mean survival time ...", BMC Med. Res. Methodol. 13
   * (2013) 152 (restricted mean survival time).
   */
  private mttff(reps: ReplicationStats[]): MttffEstimate {
    const horizon = this.scenario.horizon;
    const censored = reps.filter((r) => r.firstFailure === null).length;
    if (censored === 0) return { ...meanEstimate(reps.map((r) => r.firstFailure as number), NON_NEGATIVE), censored, method: 'mean' };
    const restricted = meanEstimate(reps.map((r) => Math.min(r.firstFailure ?? horizon, horizon)), [0, horizon]);
    return { ...restricted, censored, method: 'restricted-mean', restrictedTo: horizon };
  }
}
