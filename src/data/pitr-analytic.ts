/**
 * Closed forms of point-in-time recovery (continuous archiving, wal-archive.ts), for incidents restored from
 * backups (Poisson, independent of the backup schedule and of the archiver), derived in docs/data.md
 * ("Point-in-time recovery"):
 * - the archiver alternates up periods (failure law F) and outages (repair law R): it is stopped a fraction
 *   pi_d = E[R] / (E[F] + E[R]) of the time, and an incident meeting an outage finds it stopped since an
 *   age a with the equilibrium density S_R(a) / E[R], mean E[R^2] / (2 E[R]) (alternating renewal process,
 *   length-biased sampling, PASTA; Ross, Stochastic Processes, 2nd ed., 1996, sec. 3.4 and 3.6);
 * - when the damage is noticed after delta (detection), the restore replays up to the incident if the
 *   archive has reached it: RPO = (X - delta)+, X = L (archiver up, L the archive lag) or a + L (stopped);
 *   immediate detection: E[RPO] = E[L] + pi_d E[a] = E[L] + E[R^2] / (2 (E[F] + E[R]));
 * - replay covers the log between the base backup's point and the recovery point: with A the age of the
 *   newest usable backup at the incident (T/2 + T q/(1-q) + E[(d - delta)+] for one full policy, Young
 *   1974; Sum g^2 / (2 P) over the gaps g between the backup starts of a cycle P for several policies),
 *   E[RTO] = E[delta] + E[base restore] + (E[A] - E[RPO]) x wal_rate / replay_rate (linearity of expectation).
 * Exact under the stated assumptions when the archive lag and the archiver outages stay shorter than the
 * newest backup's age (the backup is never older than one backup duration d, so L + a <= d suffices);
 * otherwise the recovery point is the backup's and the formula is an upper bound, flagged as a violation.
 */
import { makeSampler } from '../engine/distributions.js';
import { formatDuration, lawMean, lawSurvival } from '../scenario/laws.js';
import type { DistributionSpec } from '../scenario/primitives.js';
import type { ArchiveSpec, BackupSpec, DataFaultSpec, DatastoreSpec } from './types.js';
import { ageDeficit, type BackupAgeLaw } from './backup-age.js';

/** Where the formulas come from. */
export const PITR_SOURCE =
  'PostgreSQL docs, Continuous Archiving and Point-in-Time Recovery; alternating renewal process, Ross, Stochastic Processes (1996) 3.4, 3.6; Young 1974 (backup age)';

/** Points of the midpoint rules below. */
const GRID = 160;

/**
 * The equilibrium (age) law of an outage of law R as weighted points: density S_R(a) / E[R] on [0, x_max]
 * with S_R(x_max) < 1e-9 (midpoint rule, 2 x GRID points). Mean E[R^2] / (2 E[R]).
 */
function outageAge(repair: DistributionSpec): { at: number[]; weight: number[] } {
  const mean = lawMean(repair);
  let top = Math.max(mean, 1e-9);
  while (lawSurvival(repair, top) > 1e-9 && top < 1e6 * Math.max(mean, 1)) top *= 2;
  const n = 2 * GRID;
  const at: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = ((i + 0.5) / n) * top;
    at.push(x);
    weight.push((lawSurvival(repair, x) * top) / n / mean);
  }
  const total = weight.reduce((s, w) => s + w, 0);
  return { at, weight: weight.map((w) => w / total) };
}

/** Quantiles of a law at the midpoints of GRID equal-probability cells (inverse transform). */
function quantiles(spec: DistributionSpec): number[] {
  const s = makeSampler(spec);
  return Array.from({ length: GRID }, (_, i) => s.sample(() => (i + 0.5) / GRID));
}

/**
 * E[(c + L - delta)+] = c + E[L] - E[delta] + E[(delta - c - L)+]; E[delta] and the last term (bounded by
 * delta) by the midpoint rule over the quantiles of L and delta, E[L] exact. delta = null: c + E[L].
 */
function excessAfterDetection(c: number, lag: DistributionSpec, lagQ: number[], det: DistributionSpec | null, detQ: number[] | null): number {
  if (det === null || detQ === null) return c + lawMean(lag);
  let under = 0;
  for (const d of detQ) for (const l of lagQ) under += Math.max(0, d - c - l);
  // E[delta] from the same grid: the pair (E[delta], E[(delta - c - L)+]) then covers the same part of delta's law.
  const meanDet = detQ.reduce((s, d) => s + d, 0) / detQ.length;
  return Math.max(0, c + lawMean(lag) - meanDet + under / (detQ.length * lagQ.length));
}

/** E[RPO] split by the archiver's state at the incident: pi_d, E[loss | up], E[loss | stopped]. */
export interface PitrLossTerms {
  down: number;
  up: number;
  stopped: number;
}

/**
 * E[RPO] of a point-in-time restore noticed after `detection` (null = at once): pi_u E[(L - delta)+] +
 * pi_d E[(a + L - delta)+], a the outage age; with the newest backup's age law `cap`, each loss Y is
 * min(Y, A) (the restore stops at the backup when the archive reaches back no further), E[min(Y, A)] =
 * E[Y] - E[D(Y)] (backup-age.ts).
 */
export function pitrExpectedLoss(a: ArchiveSpec, detection: DistributionSpec | null, cap: BackupAgeLaw | null = null): number {
  const t = pitrLossTerms(a, detection, cap);
  return (1 - t.down) * t.up + t.down * t.stopped;
}

/** The terms of {@link pitrExpectedLoss}. */
export function pitrLossTerms(a: ArchiveSpec, detection: DistributionSpec | null, cap: BackupAgeLaw | null = null): PitrLossTerms {
  const immediate = detection === null || (detection.kind === 'fixed' && detection.value === 0);
  const det = immediate ? null : detection;
  const lagQ = det || cap ? quantiles(a.lag) : [];
  const detQ = det ? quantiles(det) : null;
  const z = cap ? lagMinusDetection(lagQ, detQ) : [];
  const deficit = (c: number) => (cap ? z.reduce((s, x) => s + ageDeficit(cap, Math.max(0, c + x)), 0) / z.length : 0);
  const up = excessAfterDetection(0, a.lag, lagQ, det, detQ) - deficit(0);
  if (a.failure === null || a.repair === null) return { down: 0, up, stopped: 0 };
  const mr = lawMean(a.repair);
  const down = mr / (lawMean(a.failure) + mr);
  const age = outageAge(a.repair);
  let stopped = 0;
  age.at.forEach((x, i) => (stopped += age.weight[i] * (excessAfterDetection(x, a.lag, lagQ, det, detQ) - deficit(x))));
  return { down, up, stopped };
}

/**
 * Equal-weight points of L - delta: the lag quantiles, or the GRID x GRID pairs with the detection
 * quantiles sorted and averaged in groups of GRID / 4 (D is convex, so a group's mean is a slight lower
 * bound of its D; the groups span narrow quantile ranges).
 */
function lagMinusDetection(lagQ: number[], detQ: number[] | null): number[] {
  if (detQ === null) return lagQ;
  const pairs: number[] = [];
  for (const d of detQ) for (const l of lagQ) pairs.push(l - d);
  pairs.sort((x, y) => x - y);
  const size = GRID / 4;
  const out: number[] = [];
  for (let i = 0; i < pairs.length; i += size) {
    let s = 0;
    for (let k = i; k < i + size; k++) s += pairs[k];
    out.push(s / size);
  }
  return out;
}

/**
 * When most of E[RPO] comes from incidents meeting an archiver outage (probability pi_d each), a run with
 * far fewer than 1/pi_d restores almost never sees that term and its simulated mean falls short: the share
 * and the number of restores needed to see it (3/pi_d: P(none) = e^-3 = 5%) are stated with the row.
 */
function rareOutageTerm(rpo: number, fromOutages: number, terms: PitrLossTerms[], faults: DataFaultSpec[], weights: number[]): string[] {
  if (!(rpo > 0) || fromOutages < 0.5 * rpo) return [];
  const pid = mixture(faults, weights, (f) => terms[faults.indexOf(f)].down);
  if (!(pid > 0) || pid > 0.05) return [];
  const each = fromOutages / pid;
  return [
    `${formatDuration(fromOutages)} of the ${formatDuration(rpo)} come from incidents meeting an archiver outage (${(pid * 100).toPrecision(2)}% of the incidents, each losing ${formatDuration(each)} on average): a run sees that term only with about 3/pi_d = ${Math.ceil(3 / pid).toLocaleString('en-US')} restores or more, so with fewer the simulated mean stays near ${formatDuration(rpo - fromOutages)}`,
  ];
}

/** Rate-weighted mean over the faults. */
function mixture(faults: DataFaultSpec[], weights: number[], g: (f: DataFaultSpec) => number): number {
  const total = weights.reduce((a, b) => a + b, 0);
  return faults.reduce((s, f, i) => s + weights[i] * g(f), 0) / total;
}

/** What the PITR formulas assume that this datastore's scenario breaks. */
function pitrViolations(d: DatastoreSpec, a: ArchiveSpec, pols: BackupSpec[], capped: boolean): string[] {
  const out: string[] = [];
  const d0 = Math.min(...pols.map((b) => d.size / b.throughput));
  const longest = (s: DistributionSpec) => lawSurvival(s, d0) > 1e-6;
  if (!capped && (longest(a.lag) || (a.repair !== null && a.failure !== null && longest(a.repair)))) {
    out.push('the archive lag or an archiver outage can exceed the age of the newest backup (the restore then stops at the backup; the mean counts the whole gap)');
  }
  if (a.storage === 'local') out.push('a local archive dies with the primary\'s disk: losses of the primary restore to the backup only (not in the formula)');
  return out;
}

/**
 * The PITR expectations of one datastore: E[RPO] (rpo_pitr_mean), and, when the backup age is known
 * (`age`: E[A] for the mixture of faults, `baseRestore`: E[base restore], s), E[replay] and E[RTO].
 */
export function pitrExpectations(
  d: DatastoreSpec,
  pols: BackupSpec[],
  faults: DataFaultSpec[],
  weights: number[],
  common: string[],
  backupAge: ((f: DataFaultSpec) => number) | null,
  baseRestore: number | null,
  extra: string[],
  cap: ((f: DataFaultSpec) => BackupAgeLaw | null) | null = null,
): { metric: string; value: number; formula: string; violations: string[] }[] {
  const a = d.archive as ArchiveSpec;
  const violations = [...common, ...pitrViolations(d, a, pols, cap !== null)];
  const terms = faults.map((f) => pitrLossTerms(a, f.detection, cap?.(f) ?? null));
  const rpo = mixture(faults, weights, (f) => {
    const t = terms[faults.indexOf(f)];
    return (1 - t.down) * t.up + t.down * t.stopped;
  });
  const fromOutages = mixture(faults, weights, (f) => terms[faults.indexOf(f)].down * terms[faults.indexOf(f)].stopped);
  const capped = cap !== null ? 'min(Y, A) for each loss Y, A = age of the newest usable backup (E[Y] - E[int_0^Y P(A <= t) dt]): ' : '';
  const out = [{
    metric: `rpo_pitr_mean[${d.name}]`,
    value: rpo,
    formula: `${capped}pi_u E[(L - delta)+] + pi_d E[(a + L - delta)+], pi_d = E[R]/(E[F] + E[R]), a ~ S_R(a)/E[R] (no detection delay: E[L] + E[R^2]/(2(E[F] + E[R])))`,
    violations: [...violations, ...rareOutageTerm(rpo, fromOutages, terms, faults, weights)],
  }];
  if (backupAge === null || baseRestore === null) return out;
  const replay = ((mixture(faults, weights, backupAge) - rpo) * a.walRate) / a.replayRate;
  const detection = mixture(faults, weights, (f) => (f.detection ? lawMean(f.detection) : 0));
  out.push({
    metric: `replay_mean[${d.name}]`,
    value: replay,
    formula: '(E[A] - E[RPO]) x wal_rate / replay_rate, A = age of the newest usable backup',
    violations: [...violations, ...extra],
  });
  out.push({
    metric: `rto_pitr_mean[${d.name}]`,
    value: detection + baseRestore + replay,
    formula: 'E[detection] + E[base restore] + E[replay]',
    violations: [...violations, ...extra],
  });
  return out;
}
