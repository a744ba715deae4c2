/**
 * Documents for report tests: small real runs (results), results with hostile strings, and a comparison
 * document (`faultline.comparison/v1`) built by src/compare from real paired runs (common random numbers).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/analytic/expectations.js';
import { buildResults } from '../../src/results/build.js';
import type { ResultsDocument } from '../../src/results/document.js';
import { summarizeDistribution } from '../../src/results/distribution.js';
import { buildComparison, type ComparisonDocument, type VariantRun } from '../../src/compare/document.js';
import type { VariantSpec } from '../../src/compare/variants.js';
import { runScenario, type RunOutput } from '../../src/run/runner.js';
import { parseScenario } from '../../src/scenario-document/load.js';

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

/**
 * A sweep comparison built the way `faultline compare` builds it (src/compare/document.ts `buildComparison`
 * over real runs): parallel-1-crew with MTTR 5 h, 10 h (baseline) and 20 h, same seed and replications (so
 * replication i of every variant uses the same random streams), with every paired metric of
 * src/compare/paired.ts. `names` lets a test give variants hostile names.
 */
export function sweepComparison(replications = 100, names = ['mttr-5h', 'mttr-10h', 'mttr-20h']): ComparisonDocument {
  const parameter = 'components.unit.repair.exponential.mttr';
  const values = ['5h', '10h', '20h'];
  const replay = `npx faultline compare scenarios/validation/parallel-1-crew.yaml --sweep ${parameter}=5h,10h,20h`;
  const runs: VariantRun[] = values.map((v, i) => {
    const { run, doc } = runResults(PARALLEL, replications, (t) => t.replace('mttr: 10h', `mttr: ${v}`));
    doc.run.replay = replay;
    const spec: VariantSpec = {
      name: names[i],
      description: `${parameter} = ${v}`,
      file: PARALLEL,
      overrides: { [parameter]: v },
      sweepValue: v,
      scenario: run.scenario,
    };
    return { spec, results: doc, replications: run.accumulator.replications(), resultsPath: `variants/${names[i].replace(/[^A-Za-z0-9_.-]/g, '_')}/results.json` };
  });
  return buildComparison({
    runs,
    baseline: names[1],
    seed: runs[1].results.scenario.seed,
    replications,
    sweep: { parameter, values, parameters: [parameter] },
    replay,
  });
}
