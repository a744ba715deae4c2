/**
 * Per-replication data statistics -> data estimates with 95% CIs (results `data` section). Incident
 * quantities are pooled over replications for quantiles (Conover order-statistic CIs) and estimated as
 * ratios sum / count over replications for means (delta method), since incidents per replication vary.
 * Rates are per year (365 d) of observation window. Start-up losses (a backup was needed before the
 * datastore had any) are counted apart and left out of the RPO, unrecoverable-loss and objective measures.
 */
import jStat from 'jstat';
import type { ReplicationStats } from '../observe/replication-stats.js';
import { meanEstimate, NON_NEGATIVE, proportionEstimate, quantileEstimate, ratioEstimate, UNIT_INTERVAL, type Estimate } from '../results/estimators.js';
import { SECONDS_PER_YEAR } from '../scenario/duration.js';
import type { Scenario } from '../scenario/types.js';
import type { DataIncident, DatastoreReplicationStats, IncidentCause, RecoverySource } from './stats.js';

/** Incident causes in report order. */
export const INCIDENT_CAUSES: readonly IncidentCause[] = ['failover', 'disk-loss', 'site-disaster', 'corruption', 'operator-error'];

/** Mean and quantiles of a pooled quantity, with 95% CIs. */
export interface QuantileSummary {
  count: number;
  mean: Estimate;
  p50: Estimate;
  p95: Estimate;
  p99: Estimate;
  max: number | null;
}

/** The data loss of the incidents of one cause. */
export interface CauseLoss {
  cause: IncidentCause;
  /** Incidents of this cause (start-up losses excluded). */
  incidents: number;
  unrecoverable: number;
  /** Data-loss window of the recoverable ones, s. */
  rpo: QuantileSummary;
  /** Incidents that lost more than the rpo_max objective (unrecoverable ones included); null without the objective. */
  exceedances: number | null;
}

/**
 * The rpo_max objective of one datastore: no incident may lose more than `target` seconds of writes (an
 * unrecoverable loss always exceeds it). Counts with exact CIs: the yearly rate of exceeding incidents
 * (Garwood), the probability of at least one in a year (1 - exp(-rate)), and the fraction of incidents
 * exceeding (Clopper-Pearson; incidents pooled over replications).
 */
export interface RpoObjective {
  target: number;
  incidents: number;
  exceedances: number;
  exposureYears: number;
  perYear: Estimate;
  probabilityPerYear: Estimate;
  perIncident: Estimate;
}

export interface DatastoreEstimates {
  name: string;
  incidents: number;
  incidentsPerYear: Estimate;
  /** Incidents by cause and by recovery source. */
  byCause: Partial<Record<IncidentCause, number>>;
  bySource: Record<RecoverySource, number>;
  /** Data-loss window of recoverable incidents, s. */
  rpo: QuantileSummary;
  /** RPO of incidents recovered by promotion / from a backup, s. */
  rpoReplica: QuantileSummary;
  rpoBackup: QuantileSummary;
  /** Incident -> data available again, s (recoverable incidents). */
  rto: QuantileSummary;
  rtoBackup: QuantileSummary;
  /** Data loss by cause (causes that occurred, in INCIDENT_CAUSES order). */
  rpoByCause: CauseLoss[];
  /** Largest data-loss window of a recoverable incident, s (null when none). */
  worstLoss: number | null;
  /** The rpo_max objective; null when the scenario sets none. */
  rpoObjective: RpoObjective | null;
  /** Start-up losses (a backup was needed before any existed: initial_backup false), and the fraction of replications with one. */
  startupLosses: number;
  startupLossInWindow: Estimate;
  /** Unrecoverable losses per year (exact Poisson CI), and the probability of at least one in a year (1 - exp(-rate x 1 y)). */
  unrecoverablePerYear: Estimate;
  probabilityUnrecoverablePerYear: Estimate;
  /** Fraction of replications with at least one unrecoverable loss in the window. */
  unrecoverableInWindow: Estimate;
  bytesLostPerYear: Estimate;
  /** Fraction of the window during which writes were accepted. */
  writeAvailability: Estimate;
  /** Time-average fraction of reads that could be served (see datastore.ts, computeReadUp). */
  readAvailability: Estimate;
  /** Fraction of reads returning stale data; null without read splitting. */
  staleReadFraction: Estimate | null;
  backups: { started: number; failed: number; skipped: number; corruptFoundAtRestore: number };
  /**
   * Point-in-time recovery (datastores with continuous archiving only): the log replay time of the restores
   * (their RPO and RTO are rpoBackup and rtoBackup), archiver failures and the archiver's availability.
   */
  pitr?: PitrEstimates;
}

/** Point-in-time recovery estimates of a datastore with continuous archiving. */
export interface PitrEstimates {
  /** Restores (base backup + log replay). */
  restores: number;
  /** Log replay time per restore, s. */
  replay: QuantileSummary;
  archiverFailures: number;
  archiverFailuresPerYear: Estimate;
  /** Fraction of the window during which the archiver ran. */
  archiverAvailability: Estimate;
}

/** PITR estimates from the datastore's per-replication statistics and incidents (start-up losses left out). */
function pitrEstimates(reps: ReplicationStats[], stats: DatastoreReplicationStats[], inc: DataIncident[][], perYear: (r: ReplicationStats, x: number) => number): PitrEstimates {
  const replays = inc.map((l) => l.filter((x) => x.source === 'backup').map((x) => x.replay ?? 0));
  const failures = stats.map((s) => s.archive?.failures ?? 0);
  return {
    restores: replays.reduce((s, l) => s + l.length, 0),
    replay: summarize(replays),
    archiverFailures: failures.reduce((a, b) => a + b, 0),
    archiverFailuresPerYear: meanEstimate(reps.map((r, k) => perYear(r, failures[k])), NON_NEGATIVE),
    archiverAvailability: meanEstimate(reps.map((r, k) => 1 - (stats[k].archive?.downtime ?? 0) / r.window), UNIT_INTERVAL),
  };
}

export interface StreamEstimates {
  name: string;
  failures: number;
  failuresPerYear: Estimate;
  /** Failure -> caught up, s. */
  recoveryTime: QuantileSummary;
  /** Lag right after a restart, s of input. */
  peakLag: QuantileSummary;
  /** Time-average processing lag, s. */
  meanLag: Estimate;
  duplicatesPerFailure: Estimate;
  lostPerFailure: Estimate;
  duplicatesPerYear: Estimate;
  lostPerYear: Estimate;
}

/** Summary of pooled values with CIs. `perRep` gives the per-replication sums and counts for the mean. */
export function summarize(perRep: number[][]): QuantileSummary {
  const all = perRep.flat().sort((a, b) => a - b);
  return {
    count: all.length,
    mean: ratioEstimate(perRep.map((v) => v.reduce((s, x) => s + x, 0)), perRep.map((v) => v.length), NON_NEGATIVE),
    p50: quantileEstimate(all, 0.5),
    p95: quantileEstimate(all, 0.95),
    p99: quantileEstimate(all, 0.99),
    max: all.length ? all[all.length - 1] : null,
  };
}

/** 1 - exp(-x) applied to an estimate of a yearly rate (monotone, so the CI maps through). */
export function atLeastOnce(e: Estimate): Estimate {
  const f = (x: number) => 1 - Math.exp(-x);
  if (e.estimate === null) return e;
  const ci: [number, number] | null = e.ci95 ? [f(Math.max(0, e.ci95[0])), f(e.ci95[1])] : null;
  const est = f(e.estimate);
  return { estimate: est, ci95: ci, halfWidth: ci ? Math.max(est - ci[0], ci[1] - est) : null, n: e.n };
}

/**
 * Rate of rare events per year from a total count over a total exposure, with the exact Poisson (Garwood)
 * 95% CI: [chi2(0.025; 2k) / 2, chi2(0.975; 2k + 2) / 2] / exposure (Garwood, Biometrika 28, 1936). Gives a
 * useful upper bound when no event was seen (about 3.69 / exposure years), where a t interval collapses.
 */
export function poissonRateEstimate(count: number, exposureYears: number, n: number): Estimate {
  if (exposureYears <= 0) return { estimate: null, ci95: null, halfWidth: null, n };
  const lo = count === 0 ? 0 : jStat.chisquare.inv(0.025, 2 * count) / 2;
  const hi = jStat.chisquare.inv(0.975, 2 * count + 2) / 2;
  const est = count / exposureYears;
  const ci: [number, number] = [lo / exposureYears, hi / exposureYears];
  return { estimate: est, ci95: ci, halfWidth: Math.max(est - ci[0], ci[1] - est), n };
}

/** Data estimates of a run; null when the scenario models no data. */
export function aggregateData(sc: Scenario, reps: ReplicationStats[]): { datastores: DatastoreEstimates[]; streams: StreamEstimates[] } | null {
  if (!sc.data) return null;
  const perYear = (r: ReplicationStats, x: number) => (x / r.window) * SECONDS_PER_YEAR;
  const datastores = sc.data.datastores.map((d, i): DatastoreEstimates => {
    const stats = reps.map((r) => r.data!.datastores[i]);
    const all = stats.map((s) => s.incidents);
    const inc = all.map((l) => l.filter((x) => !x.startup));
    const ok = (x: DataIncident) => x.source !== 'none';
    const pick = (f: (x: DataIncident) => boolean, v: (x: DataIncident) => number | null) => inc.map((l) => l.filter(f).map((x) => v(x) as number));
    const byCause: Partial<Record<IncidentCause, number>> = {};
    const bySource: Record<RecoverySource, number> = { replica: 0, backup: 0, none: 0 };
    for (const x of all.flat()) {
      byCause[x.cause] = (byCause[x.cause] ?? 0) + 1;
      bySource[x.source]++;
    }
    const exposure = reps.reduce((sum, r) => sum + r.window, 0) / SECONDS_PER_YEAR;
    const target = sc.slo.rpoMax;
    const exceeds = (x: DataIncident) => target !== undefined && (x.rpo === null || x.rpo > target);
    const flat = inc.flat();
    const recoverable = flat.filter(ok);
    const rpoByCause = INCIDENT_CAUSES.filter((c) => flat.some((x) => x.cause === c)).map((cause): CauseLoss => {
      const mine = flat.filter((x) => x.cause === cause);
      return {
        cause,
        incidents: mine.length,
        unrecoverable: mine.filter((x) => !ok(x)).length,
        rpo: summarize(pick((x) => x.cause === cause && ok(x), (x) => x.rpo)),
        exceedances: target === undefined ? null : mine.filter(exceeds).length,
      };
    });
    let rpoObjective: RpoObjective | null = null;
    if (target !== undefined) {
      const exceedances = flat.filter(exceeds).length;
      const perYear = poissonRateEstimate(exceedances, exposure, reps.length);
      rpoObjective = { target, incidents: flat.length, exceedances, exposureYears: exposure, perYear, probabilityPerYear: atLeastOnce(perYear), perIncident: proportionEstimate(exceedances, flat.length) };
    }
    const startup = all.map((l) => l.filter((x) => x.startup).length);
    const unrecoverablePerYear = poissonRateEstimate(inc.reduce((sum, l) => sum + l.filter((x) => !ok(x)).length, 0), exposure, reps.length);
    const stale = stats.map((s) => s.staleReadFraction);
    return {
      name: d.name,
      incidents: inc.flat().length,
      incidentsPerYear: meanEstimate(reps.map((r, k) => perYear(r, inc[k].length))),
      byCause,
      bySource,
      rpo: summarize(pick(ok, (x) => x.rpo)),
      rpoReplica: summarize(pick((x) => x.source === 'replica', (x) => x.rpo)),
      rpoBackup: summarize(pick((x) => x.source === 'backup', (x) => x.rpo)),
      rto: summarize(pick(ok, (x) => x.rto)),
      rtoBackup: summarize(pick((x) => x.source === 'backup', (x) => x.rto)),
      rpoByCause,
      worstLoss: recoverable.length ? recoverable.reduce((m, x) => Math.max(m, x.rpo as number), 0) : null,
      rpoObjective,
      startupLosses: startup.reduce((a, b) => a + b, 0),
      startupLossInWindow: proportionEstimate(startup.filter((n) => n > 0).length, reps.length),
      unrecoverablePerYear,
      probabilityUnrecoverablePerYear: atLeastOnce(unrecoverablePerYear),
      unrecoverableInWindow: proportionEstimate(inc.filter((l) => l.some((x) => !ok(x))).length, reps.length),
      bytesLostPerYear: meanEstimate(reps.map((r, k) => perYear(r, inc[k].reduce((s, x) => s + x.bytesLost, 0))), NON_NEGATIVE),
      writeAvailability: meanEstimate(reps.map((r, k) => 1 - stats[k].writeDowntime / r.window), UNIT_INTERVAL),
      readAvailability: meanEstimate(reps.map((r, k) => 1 - stats[k].readDowntime / r.window), UNIT_INTERVAL),
      staleReadFraction: d.reads ? meanEstimate(stale.map((x) => x ?? 0), UNIT_INTERVAL) : null,
      backups: {
        started: stats.reduce((s, x) => s + x.backupsStarted, 0),
        failed: stats.reduce((s, x) => s + x.backupsFailed, 0),
        skipped: stats.reduce((s, x) => s + x.backupsSkipped, 0),
        corruptFoundAtRestore: inc.flat().reduce((s, x) => s + x.fallbacks, 0),
      },
      ...(d.archive ? { pitr: pitrEstimates(reps, stats, inc, perYear) } : {}),
    };
  });
  const streams = sc.data.streams.map((s, i): StreamEstimates => {
    const st = reps.map((r) => r.data!.streams[i]);
    const failures = st.map((x) => x.failures);
    return {
      name: s.name,
      failures: failures.reduce((a, b) => a + b, 0),
      failuresPerYear: meanEstimate(reps.map((r, k) => perYear(r, failures[k]))),
      recoveryTime: summarize(st.map((x) => x.recoveryTimes)),
      peakLag: summarize(st.map((x) => x.peakLags)),
      meanLag: meanEstimate(reps.map((r, k) => st[k].lagArea / r.window), NON_NEGATIVE),
      duplicatesPerFailure: ratioEstimate(st.map((x) => x.duplicates), failures, NON_NEGATIVE),
      lostPerFailure: ratioEstimate(st.map((x) => x.lost), failures, NON_NEGATIVE),
      duplicatesPerYear: meanEstimate(reps.map((r, k) => perYear(r, st[k].duplicates))),
      lostPerYear: meanEstimate(reps.map((r, k) => perYear(r, st[k].lost))),
    };
  });
  return { datastores, streams };
}
