import type { SloSpec } from '../scenario/types.js';
import type { SystemEstimates } from './aggregate.js';
import type { Estimate } from './estimators.js';

/** Outcome of one SLO check. `confident` means the whole 95% CI is on the same side of the target. */
export interface SloCheck {
  objective: 'availability' | 'outage_duration_p99' | 'rpo_max' | 'request_success_ratio' | 'latency_p99';
  /** Target: a fraction for availability, seconds otherwise. */
  target: number;
  measured: number | null;
  status: 'pass' | 'fail' | 'not-evaluated';
  confident: boolean;
  note: string;
}

/**
 * Checks the scenario's SLOs against the estimates: availability >= target, p99 outage (recovery) duration
 * <= outage_duration_p99, p99 of the data-loss window (RPO) <= rpo_max when the scenario models data (`rpo`: the worst
 * datastore's p99 and the number of unrecoverable losses, which fail the objective outright); otherwise
 * rpo_max is reported as not evaluated.
 */
export function checkSlos(slo: SloSpec, sys: SystemEstimates, rpo: { p99: Estimate; unrecoverable: number } | null = null): SloCheck[] {
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
    const p = rpo.p99;
    const pass = rpo.unrecoverable === 0 && (p.estimate === null || p.estimate <= slo.rpoMax);
    const confident = rpo.unrecoverable > 0 || p.estimate === null || (p.ci95 !== null && (pass ? p.ci95[1] <= slo.rpoMax : p.ci95[0] > slo.rpoMax));
    checks.push({
      objective: 'rpo_max',
      target: slo.rpoMax,
      measured: p.estimate,
      status: pass ? 'pass' : 'fail',
      confident,
      note:
        rpo.unrecoverable > 0
          ? `${rpo.unrecoverable} unrecoverable data loss(es): no bounded RPO`
          : p.estimate === null
            ? 'no data incident observed'
            : `p99 of the data-loss window; ${confident ? 'the whole 95% CI is on this side of the target' : 'the 95% CI straddles the target'}`,
    });
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
