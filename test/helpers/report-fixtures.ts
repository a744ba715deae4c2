/**
 * Documents for report tests: small real runs (results), results with hostile strings, and a comparison
 * document in the `faultline.comparison/v1` shape built from real paired runs (common random numbers).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReplicationStats } from '../../src/observe/replication-stats.js';
import { analyze } from '../../src/analytic/expectations.js';
import { buildResults, type ResultsDocument } from '../../src/results/document.js';
import { meanEstimate, type Estimate } from '../../src/results/estimators.js';
import { summarizeDistribution } from '../../src/results/distribution.js';
import { COMPARISON_SCHEMA, type ComparisonDocument } from '../../src/report/comparison-document.js';
import { runScenario, type RunOutput } from '../../src/run/runner.js';
import { parseScenario } from '../../src/scenario/load.js';

export const PARALLEL = fileURLToPath(new URL('../../scenarios/validation/parallel-1-crew.yaml', import.meta.url));
export const INJECTION = fileURLToPath(new URL('../fixtures/report/injection.yaml', import.meta.url));

/** A hostile string: closes the script, opens a new one, opens a comment, JS line terminators. */
export const PAYLOAD = '</script><script>alert("x")</script><!-- \u2028\u2029 & <b>bold</b>';

/** Runs a scenario file (optionally edited) and builds its results with the analytic expectations. */
export function runResults(file: string, replications: number, edit: (text: string) => string = (t) => t): { run: RunOutput; doc: ResultsDocument } {
  const scenario = parseScenario(edit(readFileSync(file, 'utf8')), file);
  const run = runScenario(scenario, { replications });
  let analytic = null;
  try {
    analytic = analyze(run.scenario);
  } catch {
    analytic = null;
  }
  return { run, doc: buildResults(run, analytic) };
}

/**
 * A results document whose every free string a report shows carries PAYLOAD: scenario name/description/file,
 * instance names and zones, timeline elements, SLO notes, comparison metrics, analytic texts, and extra
 * distributions (RPO-like, empty, and one whose key and label are hostile).
 */
export function hostileResults(base: ResultsDocument): ResultsDocument {
  const doc: ResultsDocument = structuredClone(base);
  doc.scenario.name = `name ${PAYLOAD}`;
  doc.scenario.description = `description ${PAYLOAD}`;
  doc.scenario.file = `file ${PAYLOAD}.yaml`;
  doc.run.replay = `npx faultline run ${PAYLOAD}`;
  const renamed = new Map(doc.instances.map((i, k) => [i.instance, `inst${k} ${PAYLOAD}`]));
  for (const i of doc.instances) {
    i.instance = renamed.get(i.instance)!;
    i.zone = `zone ${PAYLOAD}`;
  }
  if (doc.timeline) for (const e of doc.timeline.entries) e.element = renamed.get(e.element) ?? e.element;
  for (const s of doc.slo) s.note = `note ${PAYLOAD}`;
  for (const c of doc.comparison) c.explanation = `explanation ${PAYLOAD}`;
  if (doc.analytic) doc.analytic.assumptions = [...doc.analytic.assumptions, `assumption ${PAYLOAD}`];
  doc.distributions['data.rpo'] = summarizeDistribution('RPO (data loss window)', 'seconds', [60, 120, 300, 900, 30, 45]);
  doc.distributions['traffic.failed_requests'] = summarizeDistribution('Failed requests per replication', 'requests', []);
  doc.distributions[`evil.${PAYLOAD}`] = summarizeDistribution(`label ${PAYLOAD}`, 'bytes', [1e6, 2e6, 5e7]);
  return doc;
}

function paired(a: RunOutput, b: RunOutput, f: (r: ReplicationStats) => number): Estimate {
  const ra = a.accumulator.replications(), rb = b.accumulator.replications();
  return meanEstimate(rb.map((r, i) => f(r) - f(ra[i])));
}

/**
 * A sweep comparison: parallel-1-crew with MTTR 5 h, 10 h (baseline) and 20 h, same seed and replications
 * (so replication i of every variant uses the same random streams), with paired differences of availability
 * and MDT. `names` lets a test give variants hostile names.
 */
export function sweepComparison(replications = 100, names = ['mttr-5h', 'mttr-10h', 'mttr-20h']): ComparisonDocument {
  const values = ['5h', '10h', '20h'];
  const runs = values.map((v) => runResults(PARALLEL, replications, (t) => t.replace('mttr: 10h', `mttr: ${v}`)));
  const baseIdx = 1;
  const base = runs[baseIdx];
  const differences: ComparisonDocument['differences'] = [];
  runs.forEach((r, i) => {
    if (i === baseIdx) return;
    const avail = paired(base.run, r.run, (x) => x.uptime / x.window);
    const mdt = paired(base.run, r.run, (x) => (x.outages ? x.downtime / x.outages : 0));
    const verdict = (d: Estimate, better: 'higher' | 'lower') =>
      d.ci95 === null || (d.ci95[0] <= 0 && d.ci95[1] >= 0) ? 'no-significant-difference' : (d.ci95[0] > 0) === (better === 'higher') ? 'better' : 'worse';
    differences.push(
      { variant: names[i], metric: 'availability', unit: 'probability', better: 'higher', baseline: base.doc.system.availability, value: r.doc.system.availability, difference: avail, verdict: verdict(avail, 'higher') },
      { variant: names[i], metric: 'mdt', unit: 'seconds', better: 'lower', baseline: base.doc.system.mdt, value: r.doc.system.mdt, difference: mdt, verdict: verdict(mdt, 'lower') },
    );
  });
  return {
    schema: COMPARISON_SCHEMA,
    tool: { name: 'faultline', version: base.doc.tool.version },
    seed: base.doc.scenario.seed,
    replications,
    baseline: names[baseIdx],
    variants: runs.map((r, i) => ({ name: names[i], file: PARALLEL, overrides: { 'components.unit.repair.exponential.mttr': values[i] }, sweepValue: [5, 10, 20][i], results: r.doc })),
    differences,
    sweep: { parameter: 'components.unit.repair.exponential.mttr (h)', values: [5, 10, 20] },
    replay: 'npx faultline compare scenarios/validation/parallel-1-crew.yaml --sweep components.unit.repair.exponential.mttr=5h,10h,20h',
  };
}
