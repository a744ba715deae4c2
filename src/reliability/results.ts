/**
 * The reliability section of the results document: planned vs unplanned down time, latent failures and
 * proof tests, common-cause events, planned work, phases and replaceable units, each with its 95% CI, and
 * the closed-form rows (comparisons.ts). A pure function of the replications in replication order.
 */
import type { ReplicationStats } from '../observe/replication-stats.js';
import { meanEstimate, NON_NEGATIVE, ratioEstimate, UNIT_INTERVAL, type Estimate } from '../results/estimators.js';
import { SECONDS_PER_YEAR } from '../scenario/duration.js';
import type { Scenario } from '../scenario/types.js';
import { mglEventRates } from './ccf-model.js';
import { closedFormRows, type ClosedFormRow } from './comparisons.js';
import type { ReliabilityReplicationStats } from './stats.js';
import type { ReliabilitySpec } from './types.js';

export interface ReliabilityResults {
  /** System down time per year (seconds) caused by planned work and by failures/faults. */
  downtime: { plannedPerYear: Estimate; unplannedPerYear: Estimate };
  latent: { component: string; hiddenPerYear: Estimate; detectedAtOncePerYear: Estimate; revealedByTestPerYear: Estimate; revealedByOverhaulPerYear: Estimate; meanHiddenTime: Estimate; testsPerYear: Estimate }[];
  commonCause: { name: string; units: number; beta: number; gamma: number; delta: number; eventsPerYear: { k: number; measured: Estimate; analytic: number }[] }[];
  windows: { name: string; occurrencesPerYear: Estimate }[];
  upgrades: { name: string; roundsPerYear: Estimate; failedUpgradeFraction: Estimate; stoppedRoundsPerYear: Estimate; skippedRoundsPerYear: Estimate }[];
  ageReplacement: { component: string; replacementsPerYear: Estimate }[];
  phases: { name: string; timeShare: Estimate; failuresPerYearInPhase: Estimate }[];
  replaceableUnits: { name: string; units: number; replacementsPerYear: Estimate }[];
  /** Closed forms next to the simulated values (the comparisons appended to the document use the same rows). */
  closedForms: ClosedFormRow[];
}

declare module '../results/document.js' {
  interface ResultsDocument {
    reliability?: ReliabilityResults;
  }
}

const perYear = (reps: ReplicationStats[], f: (s: ReliabilityReplicationStats) => number): Estimate =>
  meanEstimate(reps.map((r) => (f(r.reliability as ReliabilityReplicationStats) / r.window) * SECONDS_PER_YEAR), NON_NEGATIVE);

function latentResults(reps: ReplicationStats[], spec: ReliabilitySpec): ReliabilityResults['latent'] {
  return spec.latent.map((l, i) => {
    const at = (r: ReplicationStats) => (r.reliability as ReliabilityReplicationStats).latent[i];
    return {
      component: l.component,
      hiddenPerYear: perYear(reps, (s) => s.latent[i].hidden),
      detectedAtOncePerYear: perYear(reps, (s) => s.latent[i].detectedAtOnce),
      revealedByTestPerYear: perYear(reps, (s) => s.latent[i].revealedByTest),
      revealedByOverhaulPerYear: perYear(reps, (s) => s.latent[i].revealedByOverhaul),
      meanHiddenTime: ratioEstimate(reps.map((r) => at(r).hiddenTime), reps.map((r) => at(r).revealedByTest + at(r).revealedByOverhaul), NON_NEGATIVE),
      testsPerYear: perYear(reps, (s) => s.latent[i].tests),
    };
  });
}

function commonCauseResults(sc: Scenario, reps: ReplicationStats[], spec: ReliabilitySpec): ReliabilityResults['commonCause'] {
  return spec.commonCause.map((g, i) => {
    const m = g.instances.length;
    const rates = mglEventRates({ m, beta: g.beta, gamma: g.gamma, delta: g.delta }, g.unitRate);
    return {
      name: g.name, units: m, beta: g.beta, gamma: g.gamma, delta: g.delta,
      eventsPerYear: rates.map((rate, j) => ({ k: j + 2, measured: perYear(reps, (s) => s.commonCause[i][j]), analytic: rate * SECONDS_PER_YEAR })),
    };
  });
}

function upgradeResults(reps: ReplicationStats[], spec: ReliabilitySpec): ReliabilityResults['upgrades'] {
  return spec.upgrades.map((u, i) => {
    const at = (r: ReplicationStats) => (r.reliability as ReliabilityReplicationStats).upgrades[i];
    return {
      name: u.name,
      roundsPerYear: perYear(reps, (s) => s.upgrades[i].rounds),
      failedUpgradeFraction: ratioEstimate(reps.map((r) => at(r).failed), reps.map((r) => at(r).instances), UNIT_INTERVAL),
      stoppedRoundsPerYear: perYear(reps, (s) => s.upgrades[i].stopped),
      skippedRoundsPerYear: perYear(reps, (s) => s.upgrades[i].skipped),
    };
  });
}

function phaseResults(reps: ReplicationStats[], spec: ReliabilitySpec): ReliabilityResults['phases'] {
  return spec.phases.map((p, i) => {
    const at = (r: ReplicationStats) => (r.reliability as ReliabilityReplicationStats).phases[i];
    return {
      name: p.name,
      timeShare: meanEstimate(reps.map((r) => at(r).time / r.window), UNIT_INTERVAL),
      failuresPerYearInPhase: ratioEstimate(reps.map((r) => at(r).failures * SECONDS_PER_YEAR), reps.map((r) => at(r).time), NON_NEGATIVE),
    };
  });
}

/** The reliability section, or null when the scenario does not use the area. */
export function buildReliabilityResults(sc: Scenario, reps: ReplicationStats[], unavailable?: { analysis: string; reason: string }[]): ReliabilityResults | null {
  const spec = sc.reliability;
  if (!spec) return null;
  const planned = perYear(reps, (s) => s.plannedDowntime);
  const unplanned = meanEstimate(reps.map((r) => ((r.downtime - (r.reliability as ReliabilityReplicationStats).plannedDowntime) / r.window) * SECONDS_PER_YEAR), NON_NEGATIVE);
  return {
    downtime: { plannedPerYear: planned, unplannedPerYear: unplanned },
    latent: latentResults(reps, spec),
    commonCause: commonCauseResults(sc, reps, spec),
    windows: spec.windows.map((w, i) => ({ name: w.name, occurrencesPerYear: perYear(reps, (s) => s.windows[i]) })),
    upgrades: upgradeResults(reps, spec),
    ageReplacement: spec.ageReplacement.map((a, i) => ({ component: a.component, replacementsPerYear: perYear(reps, (s) => s.ageReplacements[i]) })),
    phases: phaseResults(reps, spec),
    replaceableUnits: spec.replaceableUnits.map((u, i) => ({ name: u.name, units: u.units.length, replacementsPerYear: perYear(reps, (s) => s.replacements[i]) })),
    closedForms: closedFormRows(sc, reps, unavailable),
  };
}
