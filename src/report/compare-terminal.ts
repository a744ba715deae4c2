/**
 * Terminal summary of a comparison, at most TERMINAL_WIDTH (120) columns: one line per variant with its
 * availability (estimate ±95% CI half-width), the paired difference in availability and down time per year
 * against the baseline (±95% CI half-width) with its verdict, when the variants model requests the request
 * success ratio with its paired difference and verdict (as in the Markdown and JSON), and whether its SLOs are met; then what each
 * variant changes, one line each. Wider tables give up width from the variant-name column first (`fitColumns`).
 */
import type { ComparisonDocument } from '../compare/document.js';
import { formatPercent } from './format.js';
import { alignColumns } from './terminal.js';
import { describeOverrides, formatDifferenceCompact } from './comparison-format.js';
import type { Estimate } from '../results/estimators.js';

/** The widest line the comparison summary prints. */
export const TERMINAL_WIDTH = 120;

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, Math.max(1, max - 3))}...`);

/**
 * Clips the cells of column `shrink` so that the table laid out by `alignColumns` (two spaces between columns)
 * fits in `maxWidth` columns; the column keeps at least `minWidth` characters.
 */
export function fitColumns(rows: string[][], maxWidth: number, shrink = 0, minWidth = 10): string[][] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const total = widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1);
  if (total <= maxWidth) return rows;
  const allowed = Math.max(minWidth, widths[shrink] - (total - maxWidth));
  return rows.map((r) => r.map((c, i) => (i === shrink ? clip(c, allowed) : c)));
}

/** `99.99933% ±0.00033%`: digits so that the half-width shows. */
function percentPm(e: Estimate): string {
  if (e.estimate === null) return 'n/a';
  const d = e.halfWidth && e.halfWidth > 0 ? Math.min(8, Math.max(2, Math.ceil(-Math.log10(e.halfWidth * 100)) + 1)) : 4;
  return e.halfWidth === null ? formatPercent(e.estimate, d) : `${formatPercent(e.estimate, d)} ±${formatPercent(e.halfWidth, d)}`;
}

const VERDICT_SHORT: Record<string, string> = { 'no-significant-difference': 'n.s.' };

/** Renders the comparison summary for the terminal. */
export function renderComparisonTerminal(doc: ComparisonDocument): string {
  const requests = doc.variants.some((v) => v.results.traffic !== undefined);
  const head = ['variant', 'availability ±95% CI', 'Δ availability', 'verdict', 'Δ downtime/year'];
  if (requests) head.push('request success ±95% CI', 'Δ request success', 'verdict');
  const rows: string[][] = [[...head, 'SLOs']];
  for (const v of doc.variants) {
    const slo = v.results.slo.length === 0 ? '-' : v.meetsSlos ? 'met' : 'VIOLATED';
    const avail = percentPm(v.results.system.availability);
    const success = v.results.traffic ? percentPm(v.results.traffic.requestSuccessRatio) : '-';
    if (v.name === doc.baseline) {
      const row = [v.name === 'baseline' ? v.name : `${v.name} (baseline)`, avail, '', '', ''];
      if (requests) row.push(success, '', '');
      rows.push([...row, slo]);
      continue;
    }
    const a = doc.differences.find((d) => d.variant === v.name && d.metric === 'availability');
    const dt = doc.differences.find((d) => d.variant === v.name && d.metric === 'downtime_per_year');
    const row = [
      v.name,
      avail,
      a ? formatDifferenceCompact(a.unit, a.difference) : 'n/a',
      a ? VERDICT_SHORT[a.verdict] ?? a.verdict : '',
      dt ? formatDifferenceCompact(dt.unit, dt.difference) : 'n/a',
    ];
    if (requests) {
      const rs = doc.differences.find((d) => d.variant === v.name && d.metric === 'request_success_ratio');
      row.push(success, rs ? formatDifferenceCompact(rs.unit, rs.difference) : 'n/a', rs ? VERDICT_SHORT[rs.verdict] ?? rs.verdict : '');
    }
    rows.push([...row, slo]);
  }
  const out = [
    clip(`comparison of ${doc.variants.length} variants: ${doc.replications} replications each, seed ${doc.seed}, common random numbers (paired differences)`, TERMINAL_WIDTH),
    '',
    alignColumns(fitColumns(rows, TERMINAL_WIDTH)),
  ];
  if (rows.slice(1).some((r) => r.includes('n.s.'))) out.push('n.s.: no significant difference (the 95% CI of the paired difference contains 0)');
  out.push('', 'changes:');
  for (const v of doc.variants) out.push(clip(`  ${v.name}: ${describeOverrides(v.overrides)}`, TERMINAL_WIDTH));
  if (doc.variants.some((v) => v.results.slo.length > 0)) {
    const ok = doc.variants.filter((v) => v.meetsSlos).map((v) => v.name);
    out.push('', ok.length ? clip(`meet all their SLOs: ${ok.join(', ')}`, TERMINAL_WIDTH) : 'no variant meets all of its SLOs');
  }
  out.push('', `replay: ${doc.replay}`);
  return out.join('\n');
}
