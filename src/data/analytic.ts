/**
 * Closed-form expectations for the data layer, compared side by side with the simulation:
 * - periodic full backups every T, each lost (failed or found corrupt) with probability q, incidents as a
 *   Poisson process independent of the schedule: with immediate detection, the exact mean including the
 *   writes an earlier restore already removed (backupLossBetweenRestores); else E[RPO] = T/2 + T q/(1-q) (analytic/formulas.ts,
 *   periodicBackupExpectedLoss: Young 1974; geometric failed-backup count, Trivedi 2016), plus
 *   E[(d - delta)+] for a backup of duration d that is not usable until it completes (delta = detection
 *   delay, during which the running backup may finish), mixed over the faults by their rates (Poisson
 *   superposition); hourly/daily/weekly cron schedules count as periodic;
 * - restore chain time: full + k incrementals vs full + the last differential, with k distributed over the
 *   schedule (renewal-reward: the time average over one full-backup cycle; Trivedi 2016, ch. on renewal
 *   processes);
 * - async promotion loses E[lag] (Kleppmann 2017, ch. 5); sync loses 0;
 * - stream checkpoints every I taking D: the last completed snapshot at a Poisson failure is I/2 + D old
 *   (the failure falls uniformly in the cycle; with probability D/I the newest checkpoint is still running,
 *   one interval more); replay = rate (I/2 + D) duplicates under at-least-once (lost under at-most-once);
 *   recovery = restart + state restore + catch-up, catch-up = backlog / (capacity - rate)
 *   (Carbone et al. 2015; Flink docs, "Checkpointing").
 */
import { periodicBackupExpectedLoss } from '../analytic/formulas.js';
import { makeSampler } from '../engine/distributions.js';
import { quorumMissProbability } from './quorum.js';
import { PITR_SOURCE, pitrExpectations } from './pitr-analytic.js';
import { backupAgeLaw, type BackupAgeLaw, type BackupStart } from './backup-age.js';
import { lawMean, lawSurvival } from '../scenario/laws.js';
import { parseCron } from '../scenario/cron.js';
import type { BackupSchedule, BackupSpec, DataFaultSpec, DatastoreSpec, StreamSpec } from './types.js';
import type { Scenario } from '../scenario/types.js';

export interface DataExpectation {
  /** e.g. `rpo_backup_mean[orders]`. */
  metric: string;
  unit: 'seconds' | 'records' | 'probability';
  value: number;
  formula: string;
  source: string;
  /** Assumptions of the formula this scenario breaks (the comparison is then approximate). */
  violations: string[];
}

const YOUNG = 'Young, Commun. ACM 17(9), 1974 (T/2); Trivedi 2016 (geometric count of lost backups)';
const RENEWAL = 'renewal-reward time average over one full-backup cycle (Trivedi 2016)';
const DDIA = 'Kleppmann, Designing Data-Intensive Applications, 2017, ch. 5';
const FLINK = 'Carbone et al. 2015, Lightweight Asynchronous Snapshots; Apache Flink docs, Checkpointing';

/**
 * The Poisson data faults whose recovery uses this datastore's backups (operator errors always; the other
 * kinds only without replicas), with their rates as mixture weights.
 */
function backupFaults(sc: Scenario, d: DatastoreSpec): { faults: DataFaultSpec[]; weights: number[] } {
  const members = new Set([d.primary, ...d.replicas]);
  const zones = new Set(sc.instances.filter((i) => members.has(i.id)).map((i) => i.zone));
  const faults = sc.data!.faults.filter(
    (f) =>
      f.schedule.type === 'rate' &&
      (f.kind === 'operator-error' ? f.datastore === d.name
        : d.replicas.length > 0 ? false
        : f.datastore === d.name || f.targets.some((t) => members.has(t)) || (f.kind === 'site-disaster' && zones.has(f.zone))),
  );
  return { faults, weights: faults.map((f) => (f.schedule as { rate: number }).rate) };
}

/** Rate-weighted mean over the faults of g(detection law or null). */
function mixture(faults: DataFaultSpec[], weights: number[], g: (f: DataFaultSpec) => number): number {
  const total = weights.reduce((a, b) => a + b, 0);
  return faults.reduce((s, f, i) => s + weights[i] * g(f), 0) / total;
}

/** E[min(T, (d - delta)^+)] = integral over [0, min(T, d)] of P(delta <= d - u) du (midpoint rule, 400 steps). */
function incompleteBackupLoss(f: DataFaultSpec, d: number, T: number): number {
  const det = f.detection;
  if (det === null) return Math.min(T, d);
  if (det.kind === 'fixed') return Math.max(0, Math.min(T, d - det.value));
  const top = Math.min(T, d);
  const n = 400;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const u = ((i + 0.5) / n) * top;
    sum += 1 - lawSurvival(det, d - u);
  }
  return (sum / n) * top;
}

/**
 * A schedule as a period and offset: `every` as given; the cron forms "m * * * *" (hourly), "m h * * *"
 * (daily) and "m h * * D" (weekly, t = 0 is a Monday); null for other cron expressions.
 */
export function asPeriodic(s: BackupSchedule): { every: number; offset: number } | null {
  if (s.type === 'every') return s;
  const c = parseCron(s.expression);
  if (!c.ok || c.value.minutes.length !== 1 || c.value.dayRestricted || c.value.months.size !== 12) return null;
  const m = c.value.minutes[0] * 60;
  const hours = c.value.hours;
  if (!c.value.weekdayRestricted) {
    if (hours.length === 24) return { every: 3600, offset: m };
    if (hours.length === 1) return { every: 86400, offset: hours[0] * 3600 + m };
    return null;
  }
  if (hours.length !== 1 || c.value.weekdays.size !== 1) return null;
  const dow = [...c.value.weekdays][0];
  return { every: 7 * 86400, offset: ((dow + 6) % 7) * 86400 + hours[0] * 3600 + m };
}

/**
 * E[RPO] of periodic full backups when every incident is restored at once (no detection delay) and a
 * restore removes the writes back to its recovery point, so an incident loses only the live writes: those
 * since the newest usable backup, and at most those since the previous restore ended.
 * Y = U + T (G + 1[U < d]) is the age of the newest usable backup (U ~ U(0, T) the phase, G ~ Geometric
 * failures before a usable backup, each lost with probability q; a backup is usable d <= T after its
 * start); Z = (X - D)+ with X ~ Exp(lambda) the time since the previous incident (Poisson, memoryless) and
 * D the restore time. loss = min(Y, Z); for Z independent of Y, E[min(Y, Z)] = E[int_0^Y P(Z > s) ds]
 * = e^(-lambda D) (1 - E[e^(-lambda Y)]) / lambda, with E[e^(-lambda Y)] = (e^(-lambda T) (1 - e^(-lambda d))
 * + e^(-lambda d) - e^(-lambda T)) / (lambda T) x (1 - q) / (1 - q e^(-lambda T)) (Laplace transforms of
 * the uniform and geometric parts). As lambda -> 0 it tends to T/2 + T q/(1 - q) + d (Young 1974).
 * @param T period, s; @param q backup loss probability in [0, 1); @param d backup duration, s (capped at
 *   T); @param lambda incident rate, /s (> 0); @param D restore time, s.
 */
export function backupLossBetweenRestores(T: number, q: number, d: number, lambda: number, D: number): number {
  const dd = Math.min(d, T);
  const x = lambda * T;
  if (x < 1e-7) return periodicBackupExpectedLoss(T, q) + dd;
  const eT = Math.exp(-x), ed = Math.exp(-lambda * dd);
  const laplaceY = ((eT * (1 - ed) + ed - eT) / x) * ((1 - q) / (1 - q * eT));
  return (Math.exp(-lambda * D) * (1 - laplaceY)) / lambda;
}

/** P(a backup is unusable at restore): visible failure, or corruption (caught by checksum or at restore). */
const lossProbability = (b: BackupSpec) => 1 - (1 - b.failureProbability) * (1 - b.silentCorruptionProbability);

/**
 * E[restore time] of a full every Tf + incremental or differential every Ti (Tf = m Ti), phase phi in
 * (0, Ti) after each full. Pieces since the full at a random time: 0 with probability phi/Tf, j = 1..m-1
 * with Ti/Tf each, m with (Ti - phi)/Tf. The k-th incremental after a full holds w phi (k = 1) or w Ti
 * bytes; the k-th differential w (phi + (k-1) Ti); each capped at the data set size.
 */
export function expectedChainRestore(full: BackupSpec, chained: BackupSpec, size: number, writeRate: number): number | null {
  const fs = asPeriodic(full.schedule), cs = asPeriodic(chained.schedule);
  if (fs === null || cs === null) return null;
  const Tf = fs.every, Ti = cs.every;
  const m = Math.round(Tf / Ti);
  if (m < 1 || Math.abs(m * Ti - Tf) > 1e-9 * Tf) return null;
  const phi = (((cs.offset - fs.offset) % Ti) + Ti) % Ti;
  if (phi === 0) return null;
  const fullTime = size / full.restoreThroughput + full.restoreOverhead;
  let e = 0;
  for (let k = 0; k <= m; k++) {
    const p = k === 0 ? phi / Tf : k < m ? Ti / Tf : (Ti - phi) / Tf;
    const bytes =
      k === 0 ? 0
      : chained.type === 'incremental' ? Math.min(size, writeRate * phi) + (k - 1) * Math.min(size, writeRate * Ti)
      : Math.min(size, writeRate * (phi + (k - 1) * Ti));
    const pieces = k === 0 ? 0 : chained.type === 'incremental' ? k : 1;
    e += p * (fullTime + (k === 0 ? 0 : bytes / chained.restoreThroughput + pieces * chained.restoreOverhead));
  }
  return e;
}

/**
 * P(L > G) for the lag law L and the read-after-write gap law G (G = 0 when absent):
 * E[S_L(G)] = integral over u in (0, 1) of S_L(Q_G(u)), midpoint rule with 4000 points (Q_G by the
 * inverse-transform sampler fed deterministic uniforms).
 */
export function staleProbability(d: DatastoreSpec): number {
  if (d.lag === null) return 0;
  if (d.reads?.readAfterWrite == null) return lawSurvival(d.lag, 0);
  const q = makeSampler(d.reads.readAfterWrite);
  const n = 4000;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const u = (i + 0.5) / n;
    sum += lawSurvival(d.lag, q.sample(() => u));
  }
  return sum / n;
}

/**
 * A restore makes the datastore busy and backup runs falling in it are skipped (datastore.ts), while the
 * T/2 closed form assumes a backup every period: a violation when restores (fault rates `weights`, 1/s,
 * each restoring for `restore` s) occupy more than 0.1% of the time; none otherwise.
 */
function restoreSkipViolation(weights: number[], restore: number, effect = 'the closed form assumes one every period'): string[] {
  const busy = weights.reduce((a, w) => a + w, 0) * restore;
  if (busy <= 1e-3) return [];
  return [`backup runs are skipped while a restore is in progress (about ${(Math.min(1, busy) * 100).toPrecision(2)}% of the time here); ${effect}`];
}

/**
 * E[RPO] of one periodic full backup policy (period T) against the rate-weighted Poisson faults restored
 * from it: the exact mean with restores that rewind the database when every fault is noticed at once
 * (backupLossBetweenRestores), else Young's T/2 + T q/(1-q) + E[(d - detection)+].
 */
function periodicRpoExpectation(d: DatastoreSpec, b: BackupSpec, T: number, faults: DataFaultSpec[], weights: number[], common: string[]): DataExpectation {
  const q = lossProbability(b);
  const d0 = d.size / b.throughput;
  const lambda = weights.reduce((a, w) => a + w, 0);
  const immediate = faults.every((f) => f.detection === null || (f.detection.kind === 'fixed' && f.detection.value === 0));
  if (immediate) {
    return {
      metric: `rpo_backup_mean[${d.name}]`,
      unit: 'seconds',
      value: backupLossBetweenRestores(T, q, d0, lambda, d.size / b.restoreThroughput + b.restoreOverhead),
      formula: 'E[min(Y, (X - D)+)], Y = U + T (G + 1[U < d]) backup age, X ~ Exp(lambda) time since the previous restore, D restore time',
      source: `${YOUNG}; memoryless Poisson incidents`,
      violations: [...common],
    };
  }
  const frequent = lambda * T > 0.01
    ? [`incidents are not rare against the backup period (lambda T = ${(lambda * T).toPrecision(2)}): a restore discards the writes and backups after its recovery point, so a later incident may lose less`]
    : [];
  return {
    metric: `rpo_backup_mean[${d.name}]`,
    unit: 'seconds',
    value: periodicBackupExpectedLoss(T, q) + mixture(faults, weights, (f) => incompleteBackupLoss(f, d0, T)),
    formula: 'T/2 + T q/(1-q) + E[(backup duration - detection)+], q = 1 - (1 - failure)(1 - corruption)',
    source: YOUNG,
    violations: [...common, ...frequent, ...restoreSkipViolation(weights, d.size / b.restoreThroughput + b.restoreOverhead)],
  };
}

/**
 * E[age of the newest backup] at a random time for several periodic policies whose periods divide the
 * longest one P: Sum g^2 / (2 P) over the gaps g between consecutive starts of one cycle (renewal-reward;
 * backup durations neglected); null when a schedule is not periodic or the periods do not nest.
 */
export function newestBackupAge(pols: BackupSpec[]): number | null {
  const cycle = backupCycle(pols);
  if (cycle === null) return null;
  const starts = [...new Set(cycle.starts.map((s) => s.at))].sort((a, b) => a - b);
  const P = cycle.period;
  let sum = 0;
  starts.forEach((t, i) => {
    const g = (i + 1 < starts.length ? starts[i + 1] : starts[0] + P) - t;
    sum += g * g;
  });
  return sum / (2 * P);
}

/**
 * The run starts of one cycle P (the longest period) of periodic policies whose periods divide P, with
 * each run's loss probability; null when a schedule is not periodic or the periods do not nest.
 * @param unusable per policy, E[(d - delta)+] (0: durations neglected)
 */
function backupCycle(pols: BackupSpec[], unusable: (b: BackupSpec) => number = () => 0): { period: number; starts: BackupStart[] } | null {
  const per = pols.map((b) => asPeriodic(b.schedule));
  if (per.some((x) => x === null)) return null;
  const ps = per as { every: number; offset: number }[];
  const P = Math.max(...ps.map((x) => x.every));
  if (ps.some((x) => Math.abs(Math.round(P / x.every) * x.every - P) > 1e-9 * P)) return null;
  const starts = ps.flatMap((x, i) =>
    Array.from({ length: Math.round(P / x.every) }, (_, k) => ({ at: (((x.offset + k * x.every) % P) + P) % P, loss: lossProbability(pols[i]), unusable: unusable(pols[i]) })),
  );
  return { period: P, starts };
}

/**
 * Point-in-time recovery rows of a datastore with continuous archiving (pitr-analytic.ts): E[RPO] always;
 * E[replay] and E[RTO] for one periodic full policy (exact backup age, Young 1974) or a full + one chained
 * policy (renewal-reward age and chain restore time, backup durations neglected).
 */
function pitrRows(d: DatastoreSpec, pols: BackupSpec[], faults: DataFaultSpec[], weights: number[], common: string[]): DataExpectation[] {
  const fulls = pols.filter((b) => b.type === 'full');
  const chained = pols.filter((b) => b.type !== 'full');
  const a = d.archive as NonNullable<DatastoreSpec['archive']>;
  const lambda = weights.reduce((x, w) => x + w, 0);
  let age: ((f: DataFaultSpec) => number) | null = null;
  let cap: ((f: DataFaultSpec) => BackupAgeLaw | null) | null = null;
  let base: number | null = null;
  const extra: string[] = [];
  const overlap: string[] = [];
  const period = fulls.length === 1 ? asPeriodic(fulls[0].schedule) : null;
  if (pols.length === 1 && period !== null && lossProbability(fulls[0]) < 1) {
    const b = fulls[0];
    const d0 = d.size / b.throughput;
    age = (f) => periodicBackupExpectedLoss(period.every, lossProbability(b)) + incompleteBackupLoss(f, d0, period.every);
    cap = (f) => {
      const cycle = backupCycle([b], () => incompleteBackupLoss(f, d0, period.every));
      return cycle && backupAgeLaw(cycle.starts, cycle.period);
    };
    base = d.size / b.restoreThroughput + b.restoreOverhead;
    // A restore aborts the run in progress and skips the runs starting during it (datastore.ts).
    const hit = lambda * (d0 + base + ((period.every / 2 + d0) * a.walRate) / a.replayRate);
    if (hit > 1e-3) extra.push(`a restore aborts the backup run in progress and skips those starting while it lasts (about ${(Math.min(1, hit) * 100).toPrecision(2)}% of runs here); the backup age assumes none`);
  } else if (fulls.length === 1 && chained.length === 1 && pols.length === 2) {
    const e = expectedChainRestore(fulls[0], chained[0], d.size, d.writeRate);
    const cycle = backupCycle(pols);
    const law = cycle && backupAgeLaw(cycle.starts, cycle.period);
    if (e !== null && law !== null) {
      // Renewal-reward age with the geometric count of lost runs (Sum g^2 / (2P) without losses).
      age = () => law.mean;
      cap = () => law;
      base = e;
      extra.push('backup durations are neglected (a piece counts from its start)');
      if (pols.some((b) => lossProbability(b) > 0)) extra.push('backups fail or are corrupt: chains are shorter or fall back');
    }
  }
  // Incidents during a restore (base + replay) meet a rewound, not a running, database.
  const busy = base === null || age === null ? 0 : lambda * (base + (mixture(faults, weights, age) * a.walRate) / a.replayRate);
  if (busy > 1e-3) overlap.push(`restores (base backup + replay) are in progress about ${(Math.min(1, busy) * 100).toPrecision(2)}% of the time: incidents meeting one are not independent of it`);
  return pitrExpectations(d, pols, faults, weights, [...common, ...overlap], age, base, extra, cap).map((r) => ({ ...r, unit: 'seconds' as const, source: PITR_SOURCE }));
}

/** Replay and recovery expectations of a stream processor (Carbone et al. 2015; Flink docs). */
function streamExpectations(s: StreamSpec): DataExpectation[] {
  const out: DataExpectation[] = [];
  const age = s.checkpointInterval / 2 + s.checkpointDuration;
  const restart = lawMean(s.restart) + s.stateSize / s.stateRestoreThroughput;
  const backlog = s.inputRate * ((s.delivery === 'at_most_once' ? 0 : age) + restart);
  const violations = ['failures are assumed rare: none during a recovery or before the first checkpoint after a restart'];
  if (s.instances.length > s.spareInstances) {
    violations.push(`full capacity at restart needs at most ${s.spareInstances} of its ${s.instances.length} instances down (spare_instances); overlapping failures or zone outages slow the catch-up`);
  }
  if (s.delivery !== 'exactly_once') {
    out.push({
      metric: `${s.delivery === 'at_least_once' ? 'duplicates' : 'lost'}_per_failure[${s.name}]`,
      unit: 'records',
      value: s.inputRate * age,
      formula: 'input rate x (I/2 + D)',
      source: FLINK,
      violations,
    });
  }
  out.push({
    metric: `recovery_time_mean[${s.name}]`,
    unit: 'seconds',
    value: restart + backlog / (s.capacity - s.inputRate),
    formula: 'E[restart] + state/throughput + backlog / (capacity - rate), backlog = rate x (I/2 + D + restart)',
    source: FLINK,
    violations,
  });
  return out;
}

/** Every closed-form expectation the scenario's data part admits. */
export function dataExpectations(sc: Scenario): DataExpectation[] {
  if (!sc.data) return [];
  const out: DataExpectation[] = [];
  const siteFaults = sc.data.faults.some((f) => f.kind === 'site-disaster');
  for (const d of sc.data.datastores) {
    const pols = sc.data.backups.filter((b) => b.datastore === d.name);
    const { faults, weights } = backupFaults(sc, d);
    const meanDetection = faults.length ? mixture(faults, weights, (f) => (f.detection ? lawMean(f.detection) : 0)) : 0;
    const common: string[] = [];
    if (sc.data.faults.some((f) => f.schedule.type === 'at')) common.push('some data faults happen at fixed times, not as a Poisson process');
    if (pols.some((b) => b.retentionCount !== null && b.retentionCount < 3)) {
      common.push('retention keeps fewer than 3 backups: older fallbacks may be missing');
    }
    if (siteFaults && pols.some((b) => b.target === 'local')) common.push('site disasters destroy local-only backups');
    const members = new Set([d.primary, ...d.replicas]);
    const canFail = sc.instances.some((i) => members.has(i.id) && sc.components.find((c) => c.name === i.component)?.failure !== null) ||
      sc.faults.some((f) => f.targets.some((t) => members.has(t)));
    if (canFail) common.push('backup runs are skipped while no copy of the data is up, and fail when the copy they read goes down');
    const zonesOf = new Set(sc.instances.filter((i) => members.has(i.id)).map((i) => i.zone));
    const fallsBack = sc.data.faults.some(
      (f) => f.kind !== 'operator-error' && (f.datastore === d.name || f.targets.some((t) => members.has(t)) || (f.kind === 'site-disaster' && zonesOf.has(f.zone))),
    );
    if (d.replicas.length > 0 && fallsBack) common.push('losses of the primary fall back to backups when no replica is valid and up (not in the mixture)');
    const fulls = pols.filter((b) => b.type === 'full');
    const period = fulls.length === 1 ? asPeriodic(fulls[0].schedule) : null;
    if (d.archive && faults.length > 0 && pols.length > 0) out.push(...pitrRows(d, pols, faults, weights, common));
    else if (pols.length === 1 && period !== null && faults.length > 0) {
      const b = fulls[0];
      if (lossProbability(b) < 1) {
        out.push(periodicRpoExpectation(d, b, period.every, faults, weights, common));
        out.push({
          metric: `rto_backup_mean[${d.name}]`,
          unit: 'seconds',
          value: meanDetection + d.size / b.restoreThroughput + b.restoreOverhead,
          formula: 'E[detection] + size / restore throughput + overhead',
          source: 'chain of one full backup',
          violations: [...common, ...(b.silentCorruptionProbability > 0 && b.verification === 'none' ? ['restore attempts on corrupt backups add time'] : [])],
        });
      }
    }
    const chained = pols.filter((b) => b.type !== 'full');
    if (!d.archive && fulls.length === 1 && chained.length === 1 && pols.length === 2 && faults.length > 0) {
      const e = expectedChainRestore(fulls[0], chained[0], d.size, d.writeRate);
      const lossy = pols.some((b) => lossProbability(b) > 0);
      if (e !== null) {
        out.push({
          metric: `rto_backup_mean[${d.name}]`,
          unit: 'seconds',
          value: meanDetection + e,
          formula: chained[0].type === 'incremental' ? 'E[detection] + E[full + k incrementals]' : 'E[detection] + E[full + last differential]',
          source: RENEWAL,
          violations: [
            ...common,
            'backup durations are neglected (a piece counts from its start)',
            ...(lossy ? ['backups fail or are corrupt: chains are shorter or fall back'] : []),
            // A restore (about e s) skips the runs starting meanwhile: a skipped full makes the next chain
            // longer by a whole cycle of incrementals (or a larger differential).
            ...restoreSkipViolation(weights, e, 'a skipped full lengthens the next chain, which the closed form does not count'),
          ],
        });
      }
    }
    if ((d.mode === 'async' || d.mode === 'sync') && d.replicas.length > 0) {
      out.push({
        metric: `rpo_replica_mean[${d.name}]`,
        unit: 'seconds',
        value: d.mode === 'async' ? lawMean(d.lag!) : 0,
        formula: d.mode === 'async' ? 'E[replication lag]' : 'synchronous replication loses nothing',
        source: DDIA,
        violations: [],
      });
    }
  }
  for (const d of sc.data.datastores) {
    if (!d.reads || d.mode === 'none') continue;
    const members = new Set(d.replicas);
    const replicasFail =
      sc.instances.some((i) => members.has(i.id) && sc.components.find((c) => c.name === i.component)?.failure !== null) ||
      sc.faults.some((f) => f.targets.some((t) => members.has(t))) ||
      sc.data.faults.length > 0;
    const pStale = d.mode === 'sync' ? 0 : staleProbability(d) * (d.mode === 'quorum' ? quorumMissProbability(d.quorum!) : 1);
    out.push({
      metric: `stale_read_fraction[${d.name}]`,
      unit: 'probability',
      value: d.reads.replicaFraction * pStale,
      formula: 'replica_fraction x P(lag > read-after-write gap)' + (d.mode === 'quorum' ? ' x C(N-W, R) / C(N, R)' : ''),
      source: `${DDIA}; Bailis et al., PVLDB 5(8), 2012`,
      violations: replicasFail ? ['replicas are sometimes down or being re-seeded (reads then go to the primary)'] : [],
    });
  }
  for (const s of sc.data.streams) out.push(...streamExpectations(s));
  return out;
}
