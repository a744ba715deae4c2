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
}

export { toolVersion };

/** The command line that reproduces a run. */
export function replayCommand(run: RunOutput): string {
  const sc = run.scenario;
  const parts = ['npx faultline run', JSON.stringify(sc.file), `--seed ${sc.seed}`, `--replications ${sc.plan.replications}`];
  if (sc.plan.targetHalfWidth !== null) parts.push(`--target-half-width ${sc.plan.targetHalfWidth}`);
  return parts.join(' ');
}
