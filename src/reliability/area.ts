/**
 * The reliability-engineering area (latent failures and proof tests, common-cause failures, planned
 * maintenance, phases, minimal replaceable units): its scenario keys and normalization, its attachment to a
 * replication, results and report sections, behind the modelling-area contract (src/area.ts).
 * docs/reliability.md describes the model, formulas and sources.
 */
import type { ModelArea } from '../area.js';
import { reliabilityRuntime } from './area-runtime.js';
import { reliabilityMetrics } from './compare.js';
import { reliabilityComparisons } from './comparisons.js';
import { buildReliability } from './normalize.js';
import { renderReliabilityMarkdown, renderReliabilityTerminal, reliabilityTables } from './report.js';
import { buildReliabilityResults } from './results.js';
import type { RawCommonCause, RawLatent, RawMaintenance, RawPhase, RawReplaceableUnit } from './schema.js';
import { reliabilityKeys } from './schema.js';

/** The reliability keys of the raw document (module augmentation: the core's schema names no area). */
declare module '../core/schema.js' {
  interface RawScenario {
    latent_failures?: Record<string, RawLatent>;
    common_cause?: Record<string, RawCommonCause>;
    maintenance?: RawMaintenance;
    phases?: RawPhase[];
    replaceable_units?: Record<string, RawReplaceableUnit>;
  }
}

export const reliabilityArea: ModelArea = {
  ...reliabilityRuntime,
  title: 'Reliability engineering',
  schema: () => ({ keys: () => ({ shape: reliabilityKeys }) }),
  normalize: ({ raw, instances, add }) => buildReliability(raw, instances, (path, problem, expected) => add(path, problem, expected)),
  results: ({ scenario, replications, unavailable }) => {
    const section = buildReliabilityResults(scenario, replications, unavailable);
    return section ? { section, comparisons: reliabilityComparisons(section.closedForms) } : {};
  },
  report: {
    placement: 'main',
    terminal: (doc) => (doc.reliability ? renderReliabilityTerminal(doc.reliability) : []),
    markdown: (doc) => (doc.reliability ? renderReliabilityMarkdown(doc.reliability) : []),
    html: (doc) => (doc.reliability ? { id: 'reliability', heading: 'Reliability engineering', tables: reliabilityTables(doc.reliability) } : null),
  },
  comparisonMetrics: reliabilityMetrics,
};
