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
export function percentPm(e: Estimate): string {
  if (e.estimate === null) return 'n/a';
  const d = e.halfWidth && e.halfWidth > 0 ? Math.min(8, Math.max(2, Math.ceil(-Math.log10(e.halfWidth * 100)) + 1)) : 4;
  return e.halfWidth === null ? formatPercent(e.estimate, d) : `${formatPercent(e.estimate, d)} ±${formatPercent(e.halfWidth, d)}`;
}

const VERDICT_SHORT: Record<string, string> = { 'no-significant-difference': 'n.s.' };

/** The variant's name as shown in the first column. */
const variantLabel = (doc: ComparisonDocument, name: string) => (name === doc.baseline && name !== 'baseline' ? `${name} (baseline)` : name);

/** One table row per variant: `cells(name)` gives the cells after the name ([] for the baseline's blanks). */
function variantTable(doc: ComparisonDocument, head: string[], cells: (name: string) => string[]): string[][] {
  return [head, ...doc.variants.map((v) => [variantLabel(doc, v.name), ...cells(v.name)])];
}

/** `difference ±half-width` and its short verdict of one paired metric, or blanks for the baseline. */
function pairedCells(doc: ComparisonDocument, variant: string, metric: string, withVerdict: boolean): string[] {
  if (variant === doc.baseline) return withVerdict ? ['', ''] : [''];
  const d = doc.differences.find((x) => x.variant === variant && x.metric === metric);
  const diff = d ? formatDifferenceCompact(d.unit, d.difference) : 'n/a';
  return withVerdict ? [diff, d ? VERDICT_SHORT[d.verdict] ?? d.verdict : ''] : [diff];
}

/**
 * Renders the comparison summary for the terminal: the availability table, then, when the variants model
 * requests, the request success table (two tables keep each within TERMINAL_WIDTH with the names whole).
 */
export function renderComparisonTerminal(doc: ComparisonDocument): string {
  const byName = new Map(doc.variants.map((v) => [v.name, v]));
  const sloOf = (name: string) => {
    const v = byName.get(name)!;
    return v.results.slo.length === 0 ? '-' : v.meetsSlos ? 'met' : 'VIOLATED';
  };
  const availability = variantTable(doc, ['variant', 'availability ±95% CI', 'Δ availability', 'verdict', 'Δ downtime/year', 'SLOs'], (name) => [
    percentPm(byName.get(name)!.results.system.availability),
    ...pairedCells(doc, name, 'availability', true),
    ...pairedCells(doc, name, 'downtime_per_year', false),
    sloOf(name),
  ]);
  const tables = [availability];
  if (doc.variants.some((v) => v.results.traffic !== undefined)) {
    tables.push(variantTable(doc, ['variant', 'request success ±95% CI', 'Δ request success', 'verdict'], (name) => {
      const t = byName.get(name)!.results.traffic;
      return [t ? percentPm(t.requestSuccessRatio) : '-', ...pairedCells(doc, name, 'request_success_ratio', true)];
    }));
  }
  const out = [
    clip(`comparison of ${doc.variants.length} variants: ${doc.replications} replications each, seed ${doc.seed}, common random numbers (paired differences)`, TERMINAL_WIDTH),
  ];
  for (const rows of tables) out.push('', alignColumns(fitColumns(rows, TERMINAL_WIDTH)));
  if (tables.some((rows) => rows.slice(1).some((r) => r.includes('n.s.')))) out.push('n.s.: no significant difference (the 95% CI of the paired difference contains 0)');
  out.push('', 'changes:');
  for (const v of doc.variants) out.push(clip(`  ${v.name}: ${describeOverrides(v.overrides)}`, TERMINAL_WIDTH));
  if (doc.variants.some((v) => v.results.slo.length > 0)) {
    const ok = doc.variants.filter((v) => v.meetsSlos).map((v) => v.name);
    out.push('', ok.length ? clip(`meet all their SLOs: ${ok.join(', ')}`, TERMINAL_WIDTH) : 'no variant meets all of its SLOs');
  }
  out.push('', `replay: ${doc.replay}`);
  return out.join('\n');
}
