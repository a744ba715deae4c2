/**
 * Formatting of comparison values, shared by the Markdown, HTML and terminal comparison reports: metric
 * labels, estimates in the unit of their metric, signed paired differences, CRN variance reduction,
 * overrides and sweep values, and the report heading.
 */
import type { ComparisonDocument } from '../compare/document.js';
import type { MetricUnit } from '../compare/paired.js';
import type { Estimate } from '../results/estimators.js';
import { formatDurationEstimate, formatNumberEstimate, formatPercentEstimate, formatSeconds } from './format.js';

/** Human label of a compared metric. */
const METRIC_LABELS: Record<string, string> = {
  availability: 'availability',
  unavailability: 'unavailability',
  downtime_per_year: 'downtime per year',
  outages_per_year: 'outages per year',
  mttff: 'MTTFF',
  mean_outage_duration: 'mean outage duration',
  mtbf: 'MTBF',
  request_success_ratio: 'request success ratio',
  mean_rpo: 'mean RPO',
  bytes_lost_per_year: 'bytes lost per year',
};

/** `point_availability(2592000s)` -> `A(30d)`, `reliability(...)` -> `R(...)`, else the label or the name. */
export function metricLabel(metric: string): string {
  const probe = /^(point_availability|reliability)\((\d+(?:\.\d+)?)s\)$/.exec(metric);
  if (probe) return `${probe[1] === 'reliability' ? 'R' : 'A'}(${formatSeconds(Number(probe[2]))})`;
  return METRIC_LABELS[metric] ?? metric.replace(/_/g, ' ');
}

/** An estimate with its CI in the metric's unit (probabilities in %, seconds as durations, else numbers). */
export function formatValue(unit: MetricUnit, e: Estimate): string {
  if (unit === 'probability') return formatPercentEstimate(e);
  if (unit === 'seconds') return formatDurationEstimate(e);
  return formatNumberEstimate(e);
}

/** Significant digits for a difference so that its CI is visible. */
function digitsFor(e: Estimate, scale: number): number {
  if (e.halfWidth === null || e.halfWidth === 0 || e.estimate === null) return 3;
  const hw = e.halfWidth * scale;
  const mag = Math.max(Math.abs(e.estimate * scale), hw);
  return Math.min(8, Math.max(2, Math.ceil(Math.log10(mag / hw)) + 2));
}

function signed(unit: MetricUnit, x: number, digits: number): string {
  const sign = x > 0 ? '+' : x < 0 ? '-' : '±';
  const a = Math.abs(x);
  if (unit === 'probability') return `${sign}${Number((a * 100).toPrecision(digits))} pp`;
  if (unit === 'seconds') return x === 0 ? '0 s' : `${sign}${formatSeconds(a)}`;
  return `${sign}${Number(a.toPrecision(digits))}`;
}

/**
 * A paired difference with its CI: `+0.0213 pp [+0.0101, +0.0325]` (probabilities in percentage points),
 * `-1.2 h [-1.5 h, -54 min]`, `-0.31 [-0.4, -0.22]`.
 */
export function formatDifference(unit: MetricUnit, e: Estimate): string {
  if (e.estimate === null) return 'n/a';
  const d = digitsFor(e, unit === 'probability' ? 100 : 1);
  const head = signed(unit, e.estimate, d);
  if (!e.ci95) return head;
  return `${head} [${signed(unit, e.ci95[0], d)}, ${signed(unit, e.ci95[1], d)}]`;
}

/**
 * A paired difference as `estimate ±half-width` (the 95% CI), for narrow tables: `-0.00281 ±0.00233 pp`,
 * `+14.8 min ±12.2 min`, `-0.31 ±0.09`.
 */
export function formatDifferenceCompact(unit: MetricUnit, e: Estimate): string {
  if (e.estimate === null) return 'n/a';
  const d = digitsFor(e, unit === 'probability' ? 100 : 1);
  const head = signed(unit, e.estimate, d);
  if (e.halfWidth === null) return head;
  const hw = unit === 'probability' ? `${Number((e.halfWidth * 100).toPrecision(Math.min(d, 3)))} pp` : unit === 'seconds' ? formatSeconds(e.halfWidth) : `${Number(e.halfWidth.toPrecision(Math.min(d, 3)))}`;
  return `${unit === 'probability' ? head.replace(/ pp$/, '') : head} ±${hw}`;
}

/** Variance reduction as a percentage, or `-`. */
export function formatReduction(r: number | null): string {
  return r === null ? '-' : `${Number((r * 100).toPrecision(4))}%`;
}

/** A setting of unknown type (a sweep value, an override value) as short text: strings as written, else JSON; `-` for none. */
export function formatSetting(v: unknown): string {
  if (v === null || v === undefined) return '-';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Overrides as `path = value; ...`, or `as written`. */
export function describeOverrides(o: Record<string, unknown> | null): string {
  if (o === null) return 'as written';
  return Object.entries(o).map(([k, v]) => `${k} = ${formatSetting(v)}`).join('; ');
}

/** Heading of a comparison report: `faultline comparison: <baseline scenario> (<n> variants | sweep of <parameter>)`. */
export function comparisonHeading(doc: ComparisonDocument): string {
  const base = doc.variants.find((v) => v.name === doc.baseline) ?? doc.variants[0];
  const what = doc.sweep ? `sweep of ${doc.sweep.parameter}` : `${doc.variants.length} variants`;
  return `faultline comparison: ${base?.results.scenario.name ?? doc.baseline} (${what})`;
}
