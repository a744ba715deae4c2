import { toolVersion } from '../version.js';
import type { AnalyticResult } from '../analytic/types.js';
import type { RunOutput } from '../run/run-output.js';
import type { TimelineEntry } from '../observe/timeline.js';
import type { InstanceEstimate, SystemEstimates } from './aggregate.js';
import type { Comparison } from './comparison.js';
import type { DistributionSummary } from './distribution.js';
import type { SloCheck } from './slo.js';
import type { ConvergencePoint } from './convergence.js';

/** Identifier of the results JSON format; bumped on any incompatible change (see docs/results-format.md). */
export const RESULTS_SCHEMA = 'faultline.results/v1';

/**
 * The results JSON: the contract every report is rendered from. Plain JSON (no Infinity/NaN: null
 * instead), times in seconds, probabilities as fractions. Contains nothing that depends on the machine or
 * the wall clock, so the same scenario and seed give byte-identical files.
 */
export interface ResultsDocument {
  schema: typeof RESULTS_SCHEMA;
  tool: { name: 'faultline'; version: string };
  scenario: {
    name: string;
    description: string;
    file: string;
    horizon: number;
    warmup: number;
    seed: number;
    plannedReplications: number;
    targetHalfWidth: number | null;
  };
  run: {
    replications: number;
    stoppedBy: RunOutput['stoppedBy'];
    events: number;
    /** Command that reproduces this file exactly. */
    replay: string;
  };
  system: SystemEstimates;
  instances: InstanceEstimate[];
  analytic: AnalyticResult | null;
  comparison: Comparison[];
  slo: SloCheck[];
  timeline: { replication: number; entries: TimelineEntry[]; truncated: boolean } | null;
  /**
   * Empirical distributions for charts, keyed `<area>.<metric>` (e.g. `system.outage_duration`). Every
   * model area adds its own entries; reports draw one ECDF per entry.
   */
  distributions: Record<string, DistributionSummary>;
  /**
   * Availability estimate and 95% CI after every 50 (BATCH_SIZE) replications and at the end, in
   * replication order (convergence chart); the last point equals `system.availability`.
   */
  convergence: ConvergencePoint[];
  // Each modelling area adds its own optional section (under its key, e.g. `data`, `traffic`) by module
  // augmentation next to its results code (src/area.ts).
  /**
   * Analyses that could not be computed for this scenario, each with the reason ("not available because
   * ..."); everything else in the document is still computed. Absent when every analysis was computed.
   */
  unavailable?: Unavailable[];
}

/** An analysis left out of a results document, and why. */
export interface Unavailable {
  /** What is missing, e.g. "analytic expectations" or "data section". */
  analysis: string;
  reason: string;
}

/**
 * Runs one analysis of a finished run; when it throws, records it in `unavailable` and returns null, so a
 * value the schema accepts (an infinite-mean law, a degenerate chain...) never loses the simulation.
 */
export function available<T>(analysis: string, unavailable: Unavailable[], compute: () => T): T | null {
  try {
    return compute();
  } catch (err) {
    unavailable.push({ analysis, reason: err instanceof Error ? err.message : String(err) });
    return null;
  }
}

export { toolVersion };

/**
 * Quotes one word for a POSIX shell (IEEE Std 1003.1, Shell Command Language, 2.2 Quoting): words made only of
 * letters, digits, space and `_/.,:=@%+-` keep the familiar double quotes (nothing in them is special there);
 * any other word is single-quoted, with each `'` written as `'\''`, so pasting the command never expands
 * `$(...)`, backquotes, `$VAR` or `!`.
 */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9 _/.,:=@%+-]+$/.test(word)) return `"${word}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line that reproduces a run. */
export function replayCommand(run: RunOutput): string {
  const sc = run.scenario;
  const parts = ['npx faultline run', shellQuote(sc.file), `--seed ${sc.seed}`, `--replications ${sc.plan.replications}`];
  if (sc.plan.targetHalfWidth !== null) parts.push(`--target-half-width ${sc.plan.targetHalfWidth}`);
  return parts.join(' ');
}
