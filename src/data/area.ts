/**
 * The data area (datastores, backups, streams, data-loss faults): its scenario keys and normalization, its
 * attachment to a replication, results and report sections, behind the modelling-area contract (src/area.ts).
 */
import type { ModelArea } from '../area.js';
import { dataRuntime } from './area-runtime.js';
import { schemaKit } from '../scenario/schema-laws.js';
import { dictionary } from '../scenario/schema-kit.js';
import { dataMetrics } from './compare.js';
import { buildData } from './normalize.js';
import { makeDataSchemas, type RawBackup, type RawDataFault, type RawDatastore, type RawStream } from './schema.js';
import { DATA_FAULT_KINDS } from './types.js';
import { renderDataMarkdown, renderDataTerminal, dataTables } from './report.js';
import { buildDataResults, rpoForSlo } from './results.js';

/** The data keys of the raw document (module augmentation: the core's schema names no area). */
declare module '../core/schema.js' {
  interface RawScenario {
    datastores?: Record<string, RawDatastore>;
    backups?: Record<string, RawBackup>;
    streams?: Record<string, RawStream>;
  }
  interface RawFaultsByArea {
    data: RawDataFault;
  }
}

export const dataArea: ModelArea = {
  ...dataRuntime,
  title: 'Data durability',
  schema: () => {
    const data = makeDataSchemas(schemaKit);
    return {
      keys: () => ({
        after: 'faults',
        shape: {
          datastores: dictionary(data.datastore, 'datastore', 'a mapping of datastore names to datastores', false).optional(),
          backups: dictionary(data.backup, 'backup', 'a mapping of backup policy names to backup policies', false).optional(),
          streams: dictionary(data.stream, 'stream', 'a mapping of stream names to stream processors', false).optional(),
        },
      }),
      faults: { kinds: DATA_FAULT_KINDS, schema: data.dataFault },
    };
  },
  normalize: ({ raw, instances, add, source }) => buildData(raw, instances, (path, problem, expected) => add(path, problem, expected), source),
  injectedFaults: (sc) => [...new Set((sc.data?.faults ?? []).map((f) => f.kind as string))],
  results: ({ scenario, replications, unavailable }) => {
    const built = buildDataResults(scenario, replications, unavailable);
    return built
      ? { section: built.data, distributions: built.distributions, rpo: rpoForSlo(built.data), sectionComparisons: built.data.comparison }
      : { rpo: null };
  },
  report: {
    placement: 'end',
    terminal: (doc) => (doc.data ? renderDataTerminal(doc.data) : []),
    markdown: (doc) => (doc.data ? renderDataMarkdown(doc.data) : []),
    html: (doc) => (doc.data ? { id: 'data', heading: 'Data durability', tables: dataTables(doc.data) } : null),
  },
  comparisonMetrics: dataMetrics,
};
