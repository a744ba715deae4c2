/**
 * Builds the results JSON (results/document.ts) from a finished run: core estimates plus every registered
 * modelling area's part (src/area.ts), in registry order, so the same run always gives the same bytes.
 */
import type { AnalyticResult } from '../analytic/types.js';
import { AREAS } from '../areas.js';
import type { RunOutput } from '../run/run-output.js';
import type { InstanceEstimate, SystemEstimates } from './aggregate.js';
import { compareMetric, decideVerdicts, type Comparison } from './comparison.js';
import { availabilityConvergence } from './convergence.js';
import { summarizeDistribution, type DistributionSummary } from './distribution.js';
import { RESULTS_SCHEMA, replayCommand, toolVersion, type ResultsDocument } from './document.js';
import { checkSlos } from './slo.js';

/**
 * Builds the results document from a run and (optionally) the analytic expectations of its scenario: the
 * core estimates, then each registered area's section, distributions, comparison rows and SLO checks, in
 * registry order (src/areas.ts).
 */
export function buildResults(run: RunOutput, analytic: AnalyticResult | null): ResultsDocument {
  const sc = run.scenario;
  const acc = run.accumulator;
  const system = acc.system();
  const instances = acc.instances();
  const replications = acc.replications();
  const parts = AREAS.map((area) => ({ area, part: area.results?.({ scenario: sc, replications, system }) ?? {} }));
  const rpo = parts.find((p) => p.part.rpo !== undefined)?.part.rpo ?? null;
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
    comparison: analytic ? compareWithAnalytic(system, instances, analytic) : [],
    slo: checkSlos(sc.slo, system, rpo),
    timeline: run.timeline,
    distributions: systemDistributions(run),
    convergence: availabilityConvergence(replications, system.availability),
  };
  for (const { area, part } of parts) {
    if (part.section !== undefined) (doc as unknown as Record<string, unknown>)[area.key] = part.section;
    if (part.comparisons) doc.comparison.push(...part.comparisons);
    if (part.slo) doc.slo.push(...part.slo);
    if (part.distributions) Object.assign(doc.distributions, part.distributions);
  }
  // One family of tests per report: Holm's correction over every simulated-vs-analytic comparison.
  decideVerdicts([...doc.comparison, ...parts.flatMap(({ part }) => part.sectionComparisons ?? [])]);
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
  const add = (metric: string, unit: Comparison['unit'], measured: Comparison['measured'], value: number | null | undefined, lowerBound = false) => {
    if (value !== null && value !== undefined && Number.isFinite(value)) {
      out.push(compareMetric(metric, unit, measured, value, v, { measuredIs: lowerBound ? 'lower-bound' : 'estimate' }));
    }
  };
  // The simulation estimates the time average over [warmup, horizon] from an all-up start: compare it with
  // the analytic interval availability when the method could compute it, else with the steady state.
  const interval = an.system.intervalAvailability.value;
  add('availability', 'probability', sys.availability, interval ?? an.system.availability);
  // With censored replications the simulated MTTFF is the mean restricted to the horizon: a lower bound.
  add('mttff', 'seconds', sys.mttff, an.system.mttff, sys.mttff.method === 'restricted-mean');
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
