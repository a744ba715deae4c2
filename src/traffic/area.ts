/**
 * The traffic area (services, balancers, health checks, outlier detection, network faults, deploys,
 * monitoring): its attachment to a replication, results and report sections, behind the modelling-area
 * contract (src/area.ts).
 */
import type { ModelArea } from '../area.js';
import { escapeHtml as esc } from '../report/html-escape.js';
import { alignColumns } from '../report/format.js';
import { attachTraffic } from './attach.js';
import { trafficMarkdown, trafficRows, trafficTerminal } from './report.js';
import { trafficComparisons, trafficDistributions, trafficResults, trafficSloChecks } from './results.js';

export const trafficArea: ModelArea = {
  key: 'traffic',
  title: 'Requests',
  attach: ({ sim, system, scenario, replication, trafficMode }) => (scenario.traffic ? attachTraffic(sim, system, scenario, replication, trafficMode) : null),
  results: ({ scenario, replications, system }) => {
    const traffic = trafficResults(scenario, replications, system.availability);
    if (!traffic) return {};
    return {
      section: traffic,
      comparisons: trafficComparisons(scenario, replications, traffic),
      slo: trafficSloChecks(scenario, traffic),
      distributions: trafficDistributions(replications),
    };
  },
  report: {
    placement: 'main',
    terminal: (doc) => trafficTerminal(doc, alignColumns),
    markdown: (doc) => (doc.traffic ? [trafficMarkdown(doc)] : []),
    html: (doc) => {
      const t = doc.traffic;
      if (!t) return null;
      return {
        id: 'traffic',
        heading: 'Requests',
        introHtml: `${esc(t.mode)} mode, entry service <code>${esc(t.entry)}</code>, about ${Math.round(t.requestsPerReplication)} client requests per replication.`,
        tables: [{ title: null, headers: ['metric', 'simulated (95% CI)'], rows: trafficRows(doc), notes: [] }],
      };
    },
  },
};
