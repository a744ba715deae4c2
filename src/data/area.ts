/**
 * The data area (datastores, backups, streams, data-loss faults): its attachment to a replication, results
 * and report sections, behind the modelling-area contract (src/area.ts).
 */
import type { ModelArea } from '../area.js';
import { DataLayer } from './data-layer.js';
import { renderDataMarkdown, renderDataTerminal, dataTables } from './report.js';
import { buildDataResults, rpoForSlo } from './results.js';

export const dataArea: ModelArea = {
  key: 'data',
  title: 'Data durability',
  attach: ({ sim, system, scenario, replication }) => (scenario.data ? new DataLayer(sim, scenario, system.instances, replication) : null),
  results: ({ scenario, replications }) => {
    const built = buildDataResults(scenario, replications);
    return built ? { section: built.data, distributions: built.distributions, rpo: rpoForSlo(built.data) } : { rpo: null };
  },
  report: {
    placement: 'end',
    terminal: (doc) => (doc.data ? renderDataTerminal(doc.data) : []),
    markdown: (doc) => (doc.data ? renderDataMarkdown(doc.data) : []),
    html: (doc) => (doc.data ? { id: 'data', heading: 'Data durability', tables: dataTables(doc.data) } : null),
  },
};
