/**
 * The traffic area (services, balancers, health checks, outlier detection, network faults, deploys,
 * monitoring): its scenario keys, request-level objectives and normalization, its attachment to a replication,
 * results and report sections, behind the modelling-area contract (src/area.ts).
 */
import type { ModelArea } from '../area.js';
import { trafficRuntime } from './area-runtime.js';
import { faultDuration, schemaKit } from '../scenario/schema-laws.js';
import { duration, probability } from '../scenario/schema-kit.js';
import { escapeHtml as esc } from '../report/html-escape.js';
import { alignColumns } from '../report/format.js';
import { trafficMetrics } from './compare.js';
import { normalizeTraffic } from './normalize.js';
import { TRAFFIC_FAULT_KINDS, makeTrafficSchemas, type RawTrafficFault, type RawTrafficKeys } from './schema.js';
import { trafficMarkdown, trafficRows, trafficTerminal } from './report.js';
import { trafficComparisons, trafficDistributions, trafficResults, trafficSloChecks } from './results.js';

/** The traffic keys of the raw document (module augmentation: the core's schema names no area). */
declare module '../core/schema.js' {
  interface RawScenario {
    services?: RawTrafficKeys['services'];
    traffic?: RawTrafficKeys['traffic'];
    network?: RawTrafficKeys['network'];
    monitoring?: RawTrafficKeys['monitoring'];
  }
  interface RawSlo {
    request_success_ratio?: number;
    latency_p99?: number;
  }
  interface RawFaultsByArea {
    traffic: RawTrafficFault;
  }
}

export const trafficArea: ModelArea = {
  ...trafficRuntime,
  title: 'Requests',
  schema: () => {
    const traffic = makeTrafficSchemas({ ...schemaKit, law: faultDuration });
    return {
      keys: () => ({
        after: 'sweep',
        shape: {
          services: traffic.services.optional(),
          traffic: traffic.traffic.optional(),
          network: traffic.network.optional(),
          monitoring: traffic.monitoring.optional(),
        },
      }),
      slo: { request_success_ratio: probability().optional(), latency_p99: duration(true).optional() },
      faults: { kinds: TRAFFIC_FAULT_KINDS, schema: traffic.trafficFault },
    };
  },
  normalize: ({ raw, instances, add, source }) => normalizeTraffic(raw, instances, add, source),
  injectedFaults: (sc) => [...new Set([...(sc.traffic?.networkFaults ?? []).map((f) => f.kind as string), ...(sc.traffic?.deploys.length ? ['bad-deploy'] : [])])],
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
  comparisonMetrics: trafficMetrics,
};
