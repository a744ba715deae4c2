/**
 * Terminal summary of a comparison: one line per variant with its availability, the paired difference in
 * availability and downtime against the baseline (95% CI) and verdict, and, when the variants model
 * requests, the request success ratio with its paired difference and verdict (as in the Markdown and
 * JSON), and whether its SLOs are met.
 */
import type { ComparisonDocument } from '../compare/document.js';
import { formatPercentEstimate } from './format.js';
import { alignColumns } from './terminal.js';
import { describeOverrides, formatDifference, formatReduction } from './comparison-format.js';

const clip = (s: string, max = 48) => (s.length <= max ? s : `${s.slice(0, max - 3)}...`);

/** Renders the comparison summary for the terminal. */
export function renderComparisonTerminal(doc: ComparisonDocument): string {
  const requests = doc.variants.some((v) => v.results.traffic !== undefined);
  const head = ['variant', 'changes', 'availability (95% CI)', 'Δ availability (paired)', 'verdict', 'Δ downtime/year', 'CRN var. red.'];
  if (requests) head.push('request success (95% CI)', 'Δ request success (paired)', 'verdict');
  const rows: string[][] = [[...head, 'SLOs']];
  for (const v of doc.variants) {
    const slo = v.results.slo.length === 0 ? '-' : v.meetsSlos ? 'met' : 'VIOLATED';
    const avail = formatPercentEstimate(v.results.system.availability);
    const success = v.results.traffic ? formatPercentEstimate(v.results.traffic.requestSuccessRatio) : '-';
    if (v.name === doc.baseline) {
      const row = [v.name === 'baseline' ? v.name : `${v.name} (baseline)`, clip(describeOverrides(v.overrides)), avail, '', '', '', ''];
      if (requests) row.push(success, '', '');
      rows.push([...row, slo]);
      continue;
    }
    const a = doc.differences.find((d) => d.variant === v.name && d.metric === 'availability');
    const dt = doc.differences.find((d) => d.variant === v.name && d.metric === 'downtime_per_year');
    const row = [
      v.name,
      clip(describeOverrides(v.overrides)),
      avail,
      a ? formatDifference(a.unit, a.difference) : 'n/a',
      a?.verdict ?? '',
      dt ? formatDifference(dt.unit, dt.difference) : 'n/a',
      a ? formatReduction(a.crn.varianceReduction) : '',
    ];
    if (requests) {
      const rs = doc.differences.find((d) => d.variant === v.name && d.metric === 'request_success_ratio');
      row.push(success, rs ? formatDifference(rs.unit, rs.difference) : 'n/a', rs?.verdict ?? '');
    }
    rows.push([...row, slo]);
  }
  const out = [`comparison of ${doc.variants.length} variants: ${doc.replications} replications each, seed ${doc.seed}, common random numbers`, '', alignColumns(rows)];
  if (doc.variants.some((v) => v.results.slo.length > 0)) {
    const ok = doc.variants.filter((v) => v.meetsSlos).map((v) => v.name);
    out.push('', ok.length ? `meet all their SLOs: ${ok.join(', ')}` : 'no variant meets all of its SLOs');
  }
  out.push('', `replay: ${doc.replay}`);
  return out.join('\n');
}
