import { AREAS } from '../../areas.js';
import type { ResultsDocument } from '../../results/document.js';
import type { Estimate } from '../../results/estimators.js';
import type { ComparisonDocument, ComparisonDifference } from '../../compare/document.js';
import { metricLabel } from '../comparison-format.js';
import { availabilityChart } from './availability.js';
import { slug, timeUnit, type ReportChart } from './common.js';
import { convergenceChart } from './convergence.js';
import { ecdfChart } from './ecdf.js';
import { pairedDifferenceChart } from './paired-difference.js';
import { sensitivityChart } from './sensitivity.js';
import { shareBarsChart } from './share-bars.js';
import { timelineChart } from './timeline.js';

export type { ReportChart } from './common.js';

/** The analytic value the simulated availability is compared with (interval, else steady state), or null. */
export function analyticAvailability(doc: ResultsDocument): number | null {
  const c = doc.comparison.find((x) => x.metric === 'availability');
  if (c) return c.analytic;
  return doc.analytic?.system.availability ?? null;
}

/** The scenario's availability SLO target, or null. */
export function availabilityTarget(doc: ResultsDocument): number | null {
  return doc.slo.find((s) => s.objective === 'availability')?.target ?? null;
}

/**
 * Every chart of a single-run report, in page order: availability vs analytic, convergence, one ECDF per
 * entry of `doc.distributions` (in key order, so areas that add distributions get charts automatically),
 * and the timeline of one replication when recorded.
 */
export function singleRunCharts(doc: ResultsDocument): ReportChart[] {
  const charts: ReportChart[] = [];
  const analytic = analyticAvailability(doc);
  const target = availabilityTarget(doc);
  charts.push({
    id: 'availability',
    kind: 'availability',
    title: 'Availability with 95% CI vs analytic',
    spec: availabilityChart([{ name: doc.scenario.name, availability: doc.system.availability, analytic }], target),
  });
  const convergence = doc.convergence ?? [];
  if (convergence.length > 0) {
    charts.push({ id: 'convergence', kind: 'convergence', title: 'Convergence of the availability estimate', spec: convergenceChart(convergence, analytic, target) });
  }
  for (const key of Object.keys(doc.distributions).sort()) {
    const d = doc.distributions[key];
    charts.push({ id: `ecdf-${slug(key)}`, kind: 'ecdf', title: d.label, spec: ecdfChart(d) });
  }
  if (doc.timeline) {
    const elements = ['system', ...doc.instances.map((i) => i.instance)];
    charts.push({
      id: 'timeline',
      kind: 'timeline',
      title: `Timeline of replication ${doc.timeline.replication}`,
      spec: timelineChart(doc.timeline, elements, doc.scenario.horizon, doc.scenario.warmup),
    });
  }
  for (const area of AREAS) {
    for (const c of area.report?.charts?.(doc) ?? []) charts.push({ id: c.id, kind: 'share-bars', title: c.title, spec: shareBarsChart(c) });
  }
  return uniqueIds(charts);
}

/**
 * Every chart of a comparison report: availability of all variants vs analytic, sensitivity curves
 * (availability, down time per year, MDT) when the comparison is a sweep, and one paired-difference chart
 * per metric.
 */
export function comparisonCharts(doc: ComparisonDocument): ReportChart[] {
  const charts: ReportChart[] = [];
  const baseTarget = doc.variants.find((v) => v.name === doc.baseline)?.results ?? doc.variants[0]?.results;
  const target = baseTarget ? availabilityTarget(baseTarget) : null;
  charts.push({
    id: 'availability',
    kind: 'availability',
    title: 'Availability per variant with 95% CI vs analytic',
    spec: availabilityChart(
      doc.variants.map((v) => ({ name: v.name, availability: v.results.system.availability, analytic: analyticAvailability(v.results) })),
      target,
      'Availability per variant with 95% CI vs analytic',
    ),
  });
  if (doc.sweep) {
    const param = doc.sweep.parameter;
    // only the sweep points: a comparison may also hold the baseline and named variants (sweepValue null)
    const points = doc.variants.filter((v) => v.sweepValue !== null);
    const pts = (pick: (r: ResultsDocument) => Estimate, analytic: (r: ResultsDocument) => number | null) =>
      points.map((v) => ({ name: v.name, value: v.sweepValue, estimate: pick(v.results), analytic: analytic(v.results) }));
    charts.push({
      id: 'sensitivity-availability',
      kind: 'sensitivity',
      title: `Sensitivity of availability to ${param}`,
      spec: sensitivityChart(param, { label: 'availability', probability: true }, pts((r) => r.system.availability, analyticAvailability), target),
    });
    const maxDown = Math.max(0, ...points.map((v) => v.results.system.downtimePerYear.ci95?.[1] ?? v.results.system.downtimePerYear.estimate ?? 0));
    charts.push({
      id: 'sensitivity-downtime',
      kind: 'sensitivity',
      title: `Sensitivity of down time per year to ${param}`,
      spec: sensitivityChart(param, { label: 'down time per year', probability: false, unit: timeUnit(maxDown) }, pts((r) => r.system.downtimePerYear, () => null), null),
    });
    const maxMdt = Math.max(0, ...points.map((v) => v.results.system.mdt.estimate ?? 0));
    charts.push({
      id: 'sensitivity-mdt',
      kind: 'sensitivity',
      title: `Sensitivity of MDT to ${param}`,
      spec: sensitivityChart(param, { label: 'MDT', probability: false, unit: timeUnit(maxMdt) }, pts((r) => r.system.mdt, () => null), null),
    });
  }
  const byMetric = new Map<string, ComparisonDifference[]>();
  for (const d of doc.differences) {
    const list = byMetric.get(d.metric) ?? [];
    list.push(d);
    byMetric.set(d.metric, list);
  }
  for (const [metric, rows] of byMetric) {
    charts.push({ id: `difference-${slug(metric)}`, kind: 'paired-difference', title: `${metricLabel(metric)}: paired difference from the baseline`, spec: pairedDifferenceChart(metricLabel(metric), rows, doc.baseline) });
  }
  return uniqueIds(charts);
}

/** Makes chart ids unique (two keys may slug to the same id) by appending -2, -3, ... */
function uniqueIds(charts: ReportChart[]): ReportChart[] {
  const seen = new Set<string>();
  for (const c of charts) {
    let id = c.id;
    for (let i = 2; seen.has(id); i++) id = `${c.id}-${i}`;
    seen.add(id);
    c.id = id;
  }
  return charts;
}
