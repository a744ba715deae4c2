/**
 * The attribution area ("where the downtime comes from"): for every system outage the instance change that
 * started it and the one that ended it, shares of downtime and outages by component, fault kind and zone,
 * BlockSim-style criticality indices, minimal cut sets and importance measures, simulated next to analytic.
 * Opt-in with `attribution: true` (docs/attribution.md); absent, it adds nothing to a replication or to
 * results.json.
 */
import type { ModelArea } from '../area.js';
import { attributionRuntime } from './area-runtime.js';
import { attributionMetrics } from './compare.js';
import { attributionTables, renderAttributionMarkdown, renderAttributionTerminal } from './report.js';
import { buildAttributionResults } from './results.js';
import { attributionSchema, type RawAttribution } from './schema.js';

/** The `attribution:` key of the raw document (module augmentation: the core's schema names no area). */
declare module '../core/schema.js' {
  interface RawScenario {
    attribution?: RawAttribution;
  }
}

export const attributionArea: ModelArea = {
  ...attributionRuntime,
  title: 'Downtime attribution',
  schema: () => ({ keys: () => ({ after: 'observe', shape: { attribution: attributionSchema().optional() } }) }),
  normalize: ({ raw }) => raw.attribution ?? null,
  results: ({ scenario, replications }) => {
    const section = buildAttributionResults(scenario, replications);
    return section ? { section } : {};
  },
  report: {
    placement: 'end',
    terminal: (doc) => (doc.attribution ? renderAttributionTerminal(doc.attribution) : []),
    markdown: (doc) => (doc.attribution ? renderAttributionMarkdown(doc.attribution) : []),
    html: (doc) =>
      doc.attribution
        ? {
            id: 'attribution',
            heading: 'Where the downtime comes from',
            introHtml: `${doc.attribution.outages} system outages over every replication; shares with 95% CIs across replications.`,
            tables: attributionTables(doc.attribution),
          }
        : null,
    charts: (doc) =>
      doc.attribution && doc.attribution.byComponent.length
        ? [
            {
              id: 'attribution-downtime',
              title: 'Share of system downtime by component that started the outage',
              axisTitle: 'share of system downtime (95% CI)',
              groupTitle: 'started by',
              countTitle: 'outages',
              bars: doc.attribution.byComponent.map((r) => ({
                name: r.name,
                estimate: r.downtimeShare.estimate ?? 0,
                lo: r.downtimeShare.ci95?.[0] ?? r.downtimeShare.estimate ?? 0,
                hi: r.downtimeShare.ci95?.[1] ?? r.downtimeShare.estimate ?? 0,
                count: r.outages,
              })),
            },
          ]
        : [],
  },
  comparisonMetrics: attributionMetrics,
};
