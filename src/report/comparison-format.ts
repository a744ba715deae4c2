import type { Estimate } from '../results/estimators.js';
import type { ResultsDocument } from '../results/document.js';
import type { ComparisonDifference, ComparisonDocument } from './comparison-document.js';
import { formatDurationEstimate, formatNumberEstimate, formatPercentEstimate } from './format.js';

/** Formats an estimate of a comparison metric in its unit; with `difference`, probabilities are in percentage points (pp). */
export function formatInUnit(unit: ComparisonDifference['unit'], e: Estimate, difference = false): string {
  if (unit === 'probability') return difference ? formatPercentEstimate(e).replace(/%/g, ' pp') : formatPercentEstimate(e);
  if (unit === 'seconds') return formatDurationEstimate(e);
  return formatNumberEstimate(e, 4) + (unit === 'per-year' ? ' /y' : '');
}

/** A sweep value or overrides object as short text. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '-';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** "pass"/"fail"/... summary of a variant's SLO checks, e.g. `availability: pass, rto_p99: fail`. */
export function sloSummary(r: ResultsDocument): string {
  return r.slo.length ? r.slo.map((c) => `${c.objective}: ${c.status}`).join(', ') : 'no SLOs';
}

/** Heading of a comparison report. */
export function comparisonHeading(doc: ComparisonDocument): string {
  const base = doc.variants.find((v) => v.name === doc.baseline) ?? doc.variants[0];
  const what = doc.sweep ? `sweep of ${doc.sweep.parameter}` : `${doc.variants.length} variants`;
  return `faultline comparison: ${base?.results.scenario.name ?? doc.baseline} (${what})`;
}
