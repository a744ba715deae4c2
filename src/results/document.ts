import { readFileSync } from 'node:fs';
import type { AnalyticResult } from '../analytic/types.js';
import type { RunOutput } from '../run/runner.js';
import type { TimelineEntry } from '../observe/timeline.js';
import type { InstanceEstimate, SystemEstimates } from './aggregate.js';
import { compareMetric, type Comparison } from './comparison.js';
import { summarizeDistribution, type DistributionSummary } from './distribution.js';
import { checkSlos, type SloCheck } from './slo.js';
import { availabilityConvergence, type ConvergencePoint } from './convergence.js';
import { buildDataResults, rpoForSlo, type DataResults } from '../data/results.js';
import { trafficComparisons, trafficDistributions, trafficResults, trafficSloChecks, type TrafficResults } from '../traffic/results.js';

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
  /** Data durability (RPO/RTO, backups, replication, streams); absent when the scenario models no data. */
  data?: DataResults;
  /** Request-level results (scenarios with services; docs/results-format.md "traffic"); absent otherwise. */
  traffic?: TrafficResults;
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

let cachedVersion: string | null = null;
/** faultline's version from package.json. */
export function toolVersion(): string {
  if (cachedVersion === null) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    cachedVersion = pkg.version;
  }
  return cachedVersion;
}

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

/** Builds the results document from a run and (optionally) the analytic expectations of its scenario. */
export function buildResults(run: RunOutput, analytic: AnalyticResult | null, unavailable: Unavailable[] = []): ResultsDocument {
  const sc = run.scenario;
  const acc = run.accumulator;
  const system = acc.system();
  const instances = acc.instances();
  const notes = [...unavailable];
  const data = available('data section', notes, () => buildDataResults(sc, acc.replications(), notes));
  const traffic = available('request (traffic) section', notes, () => trafficResults(sc, acc.replications(), system.availability));
  const doc: ResultsDocument = {
    schema: RESULTS_SCHEMA,
    tool: { name: 'faultline', version: toolVersion() },
    scenario: {
      name: sc.name,
      description: sc.description,
      file: sc.file,
      horizon: sc.horizon,
      warmup: sc.warmup,
      seed: sc.seed,
      plannedReplications: sc.plan.replications,
      targetHalfWidth: sc.plan.targetHalfWidth,
    },
    run: { replications: acc.count, stoppedBy: run.stoppedBy, events: acc.events(), replay: replayCommand(run) },
    system,
    instances,
    analytic,
    comparison: (analytic && available('comparison with the analytic model', notes, () => compareWithAnalytic(system, instances, analytic))) || [],
    slo: checkSlos(sc.slo, system, rpoForSlo(data?.data)),
    timeline: run.timeline,
    distributions: { ...systemDistributions(run), ...data?.distributions },
    convergence: availabilityConvergence(acc.replications(), system.availability),
  };
  if (data) doc.data = data.data;
  if (traffic) {
    doc.traffic = traffic;
    doc.comparison.push(...(available('request comparisons with the analytic model', notes, () => trafficComparisons(sc, acc.replications(), traffic)) ?? []));
    doc.slo.push(...trafficSloChecks(sc, traffic));
    Object.assign(doc.distributions, available('request distributions', notes, () => trafficDistributions(acc.replications())) ?? {});
  }
  if (notes.length) doc.unavailable = notes;
  return doc;
}

/** Distributions of the system-level quantities, pooled over replications. */
function systemDistributions(run: RunOutput): Record<string, DistributionSummary> {
  const reps = run.accumulator.replications();
  return {
    'system.downtime': summarizeDistribution('System down time per replication', 'seconds', reps.map((r) => r.downtime)),
    'system.outage_duration': summarizeDistribution('System outage duration', 'seconds', reps.flatMap((r) => r.outageDurations)),
  };
}

/** Every metric with both a simulated estimate and an analytic value. */
function compareWithAnalytic(sys: SystemEstimates, instances: InstanceEstimate[], an: AnalyticResult): Comparison[] {
  const v = an.violations;
  const out: Comparison[] = [];
  const add = (metric: string, unit: Comparison['unit'], measured: Comparison['measured'], value: number | null | undefined) => {
    if (value !== null && value !== undefined && Number.isFinite(value)) out.push(compareMetric(metric, unit, measured, value, v));
  };
  // The simulation estimates the time average over [warmup, horizon] from an all-up start: compare it with
  // the analytic interval availability when the method could compute it, else with the steady state.
  const interval = an.system.intervalAvailability.value;
  add('availability', 'probability', sys.availability, interval ?? an.system.availability);
  add('mttff', 'seconds', sys.mttff, an.system.mttff);
  add('mtbf', 'seconds', sys.mtbf, an.system.mtbf);
  add('mut', 'seconds', sys.mut, an.system.mut);
  add('mdt', 'seconds', sys.mdt, an.system.mdt);
  for (const p of sys.pointAvailability) {
    add(`point_availability(${p.t}s)`, 'probability', p.estimate, an.system.pointAvailability.find((x) => x.t === p.t)?.value);
  }
  for (const p of sys.reliability) {
    add(`reliability(${p.t}s)`, 'probability', p.estimate, an.system.reliability.find((x) => x.t === p.t)?.value);
  }
  for (const inst of instances) {
    add(`availability[${inst.instance}]`, 'probability', inst.availability, an.instances.find((x) => x.instance === inst.instance)?.availability);
  }
  return out;
}
