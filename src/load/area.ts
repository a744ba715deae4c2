/**
 * The load area (capacity per host, queueing, retries with back-off and budgets, circuit breakers, rate
 * limits, latency-spike triggers; exact per-try simulation or fluid queueing results) behind the
 * modelling-area contract (src/area.ts). Inert unless a scenario has a `load` key.
 */
import type { ModelArea } from '../area.js';
import { loadRuntime } from './area-runtime.js';
import { alignColumns } from '../report/format.js';
import { escapeHtml as esc } from '../report/html-escape.js';
import { duration, number, probability } from '../scenario/schema-kit.js';
import { schemaKit } from '../scenario/schema-laws.js';
import { loadSeriesChart } from './chart.js';
import { loadMetrics } from './compare.js';
import { normalizeLoad } from './normalize.js';
import { loadMarkdown, loadTables, loadTerminal } from './report.js';
import { loadComparisons, loadResults, loadSloChecks } from './results.js';
import { LOAD_FAULT_KINDS, makeLoadSchemas, type RawLatencySpike, type RawLoad } from './schema.js';

/** The load keys of the raw document (module augmentation: the core's schema names no area). */
declare module '../core/schema.js' {
  interface RawScenario {
    load?: RawLoad;
  }
  interface RawSlo {
    goodput_ratio?: number;
    recovery_time_max?: number;
    admission_rejected_max?: number;
    hedged_tries_max?: number;
    under_provisioned_max?: number;
  }
  interface RawFaultsByArea {
    load: RawLatencySpike;
  }
}

export const loadArea: ModelArea = {
  ...loadRuntime,
  title: 'Load',
  schema: () => {
    const s = makeLoadSchemas(schemaKit);
    return {
      keys: () => ({ after: 'monitoring', shape: { load: s.load.optional() } }),
      slo: {
        goodput_ratio: probability().optional(),
        recovery_time_max: duration().optional(),
        admission_rejected_max: probability().optional(),
        hedged_tries_max: number('hedged tries per request (a number >= 0)').optional(),
        under_provisioned_max: probability().optional(),
      },
      faults: { kinds: LOAD_FAULT_KINDS, schema: s.spike },
    };
  },
  normalize: ({ raw, instances, add, source }) => normalizeLoad(raw, instances, add, source),
  injectedFaults: (sc) => (sc.load?.spikes.length ? ['latency-spike'] : []),
  results: ({ scenario, replications }) => {
    const r = loadResults(scenario, replications);
    if (!r) return {};
    return { section: r, comparisons: loadComparisons(scenario, r), slo: loadSloChecks(scenario, r) };
  },
  report: {
    placement: 'main',
    terminal: (doc) => loadTerminal(doc, alignColumns),
    markdown: (doc) => loadMarkdown(doc),
    html: (doc) => {
      const l = doc.load;
      if (!l) return null;
      return {
        id: 'load',
        heading: 'Load',
        introHtml: `${esc(l.mode)} mode; a bucket is ${esc(String(l.bucket))} s; a bucket is overloaded when its goodput ratio is below ${esc((l.healthyRatio * 100).toFixed(1))}%.`,
        tables: loadTables(doc),
        charts: l.services.map((s) => ({
          id: `load-${s.name}`,
          title: `${s.name} over time`,
          spec: loadSeriesChart(s),
          caption: `Goodput ratio and utilisation (top) and mean queueing delay (bottom) per ${l.bucket} s bucket, means over replications.`,
        })),
      };
    },
  },
  comparisonMetrics: loadMetrics,
};
