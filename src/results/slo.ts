import { formatDuration } from '../scenario/duration.js';
import type { SloSpec } from '../core/types.js';
import type { SystemEstimates } from './aggregate.js';
import type { Estimate } from './estimators.js';

/** Outcome of one SLO check. `confident` means the whole 95% CI is on the same side of the target. */
export interface SloCheck {
  objective: 'availability' | 'outage_duration_p99' | 'rpo_max' | 'request_success_ratio' | 'latency_p99' | 'goodput_ratio' | 'recovery_time_max' | 'under_provisioned_max' | 'admission_rejected_max' | 'hedged_tries_max';
  /** Target: a fraction for availability, seconds otherwise. */
  target: number;
  measured: number | null;
  status: 'pass' | 'fail' | 'not-evaluated';
  confident: boolean;
  note: string;
}

/**
 * The check of an objective measured by an estimate: pass when the estimate is on the right side of the target
 * (within a relative `tolerance` for a "lower is better" objective, e.g. a sketch's known relative error);
 * confident when the whole 95% CI is on the same side.
 */
export function estimateSloCheck(objective: SloCheck['objective'], target: number, e: Estimate, higherIsBetter: boolean, tolerance = 0): SloCheck {
  const pass = e.estimate !== null && (higherIsBetter ? e.estimate >= target : e.estimate <= target * (1 + tolerance));
  const conf = e.ci95 !== null && (pass ? (higherIsBetter ? e.ci95[0] >= target : e.ci95[1] <= target) : higherIsBetter ? e.ci95[1] < target : e.ci95[0] > target);
  return {
    objective,
    target,
    measured: e.estimate,
    status: e.estimate === null ? 'not-evaluated' : pass ? 'pass' : 'fail',
    confident: conf,
    note: conf ? 'the whole 95% CI is on this side of the target' : 'the 95% CI straddles the target: run more replications to be sure',
  };
}

/** What the rpo_max objective is checked against, over all datastores (see data/results.ts, rpoForSlo). */
export interface RpoSloInput {
  /** Largest data-loss window of a recoverable incident, s (null when none). */
  worst: number | null;
  /** Unrecoverable losses (start-up losses excluded). */
  unrecoverable: number;
  /** Incidents that lost more than rpo_max (unrecoverable ones included), out of `incidents`. */
  exceedances: number;
  incidents: number;
  /** Probability that some incident of some datastore loses more than rpo_max in a year (Garwood CI through 1 - exp(-rate)). */
  probabilityPerYear: Estimate;
  /** Start-up losses, reported apart. */
  startup: number;
}

const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toPrecision(3)}%`);

/**
 * rpo_max: no incident may lose more than the target (the largest loss per incident, as users mean an RPO).
 * With rpo_max_probability p: pass when P(some incident exceeds it in a year) <= p, conclusive when its 95%
 * CI is on one side of p. Without: fail (conclusive) on any exceeding incident; a pass is never conclusive
 * (no finite simulation shows "never"), and the note gives the 95% upper bound on that yearly probability.
 */
function rpoCheck(slo: SloSpec, rpo: RpoSloInput): SloCheck {
  const target = slo.rpoMax as number;
  const P = rpo.probabilityPerYear;
  const measured = rpo.unrecoverable > 0 ? null : rpo.worst;
  const what = `P(some incident loses more than ${formatDuration(target)} in a year) = ${pct(P.estimate)}${P.ci95 ? ` [${pct(P.ci95[0])}, ${pct(P.ci95[1])}]` : ''}`;
  const counts = `${rpo.exceedances} of ${rpo.incidents} incidents exceed it${rpo.unrecoverable ? ` (${rpo.unrecoverable} unrecoverable)` : ''}`;
  const startup = rpo.startup > 0 ? `; ${rpo.startup} start-up loss(es) before the first backup are reported apart` : '';
  const allowed = slo.rpoMaxProbability;
  if (allowed !== undefined) {
    const pass = P.estimate !== null && P.estimate <= allowed;
    const confident = P.ci95 !== null && (pass ? P.ci95[1] <= allowed : P.ci95[0] > allowed);
    return {
      objective: 'rpo_max',
      target,
      measured,
      status: P.estimate === null ? 'not-evaluated' : pass ? 'pass' : 'fail',
      confident,
      note: `${what} vs ${pct(allowed)} accepted; ${counts}${startup}`,
    };
  }
  const pass = rpo.exceedances === 0;
  return {
    objective: 'rpo_max',
    target,
    measured,
    status: pass ? 'pass' : 'fail',
    confident: !pass,
    note: pass
      ? `no incident lost more (largest ${rpo.worst === null ? 'none' : formatDuration(rpo.worst)}); 95% upper bound of P(some incident exceeds it in a year): ${pct(P.ci95?.[1] ?? null)}; set slo.rpo_max_probability to accept a risk${startup}`
      : `${counts}; ${what}${startup}`,
  };
}

/**
 * Checks the scenario's SLOs against the estimates: availability >= target, p99 outage (recovery) duration
 * <= outage_duration_p99, and rpo_max (largest data loss per incident, see rpoCheck) when the scenario models data;
 * otherwise rpo_max is reported as not evaluated.
 */
export function checkSlos(slo: SloSpec, sys: SystemEstimates, rpo: RpoSloInput | null = null): SloCheck[] {
  const checks: SloCheck[] = [];
  if (slo.availability !== undefined) {
    const a = sys.availability;
    const pass = a.estimate !== null && a.estimate >= slo.availability;
    const confident = a.ci95 !== null && (pass ? a.ci95[0] >= slo.availability : a.ci95[1] < slo.availability);
    checks.push({
      objective: 'availability',
      target: slo.availability,
      measured: a.estimate,
      status: a.estimate === null ? 'not-evaluated' : pass ? 'pass' : 'fail',
      confident,
      note: confident ? 'the whole 95% CI is on this side of the target' : 'the 95% CI straddles the target: run more replications to be sure',
    });
  }
  if (slo.outageDurationP99 !== undefined) {
    const p = sys.outageDuration.p99;
    const pass = p.estimate === null || p.estimate <= slo.outageDurationP99;
    const confident = p.ci95 !== null && (pass ? p.ci95[1] <= slo.outageDurationP99 : p.ci95[0] > slo.outageDurationP99);
    checks.push({
      objective: 'outage_duration_p99',
      target: slo.outageDurationP99,
      measured: p.estimate,
      status: pass ? 'pass' : 'fail',
      confident: p.estimate === null ? true : confident,
      note: p.estimate === null ? 'no outage observed' : confident ? 'the whole 95% CI is on this side of the target' : 'the 95% CI straddles the target',
    });
  }
  if (slo.rpoMax !== undefined && rpo !== null) {
    checks.push(rpoCheck(slo, rpo));
  } else if (slo.rpoMax !== undefined) {
    checks.push({
      objective: 'rpo_max',
      target: slo.rpoMax,
      measured: null,
      status: 'not-evaluated',
      confident: false,
      note: 'data loss (RPO) is not modelled by this scenario',
    });
  }
  return checks;
}

/**
 * The CI gate of `run`, `merge` and `compare` (exit code 3): true when some check fails conclusively, i.e. its
 * point estimate misses the target AND its 95% CI lies wholly on the wrong side (`confident`), so the verdict
 * does not flip with the seed. With `strict`, any failing point estimate counts ("FAIL (not conclusive)" too).
 * Not-evaluated checks never count.
 */
export function sloGateFails(checks: readonly SloCheck[], strict = false): boolean {
  return checks.some((c) => c.status === 'fail' && (strict || c.confident));
}
