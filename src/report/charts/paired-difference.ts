import type { TopLevelSpec } from 'vega-lite';
import type { ComparisonDifference } from '../../compare/document.js';
import { CHART_CONFIG, CHART_WIDTH, COLORS, percentDigits, timeUnit } from './common.js';

/**
 * Paired differences of one metric (variant - baseline, computed replication by replication with common
 * random numbers): the difference with its 95% CI per variant, a line at zero, coloured by verdict
 * (better / worse / no significant difference).
 * @param rows the differences of ONE metric (same unit).
 */
export function pairedDifferenceChart(metric: string, rows: readonly ComparisonDifference[], baseline: string): TopLevelSpec {
  const unit = rows[0]?.unit ?? 'ratio';
  const maxAbs = Math.max(0, ...rows.flatMap((r) => [r.difference.estimate, ...(r.difference.ci95 ?? [])]).filter((x): x is number => x !== null).map(Math.abs));
  const display = unit === 'seconds' ? timeUnit(maxAbs) : { factor: 1, label: unit === 'per-year' ? 'per year' : '' };
  const f = (x: number | null | undefined) => (x === null || x === undefined ? null : x / display.factor);
  const values = rows.map((r, order) => ({
    order,
    variant: r.variant,
    estimate: f(r.difference.estimate),
    lo: f(r.difference.ci95?.[0] ?? r.difference.estimate),
    hi: f(r.difference.ci95?.[1] ?? r.difference.estimate),
    verdict: r.verdict,
    better: r.better,
  }));
  const widths = rows.map((r) => r.difference.halfWidth).filter((w): w is number => w !== null && w > 0);
  const format = unit === 'probability' ? `.${percentDigits(widths.length ? Math.min(...widths) : null)}%` : '.4~g';
  const title = unit === 'probability' ? 'difference (percentage points)' : `difference${display.label ? ` (${display.label})` : ''}`;
  const y = { field: 'variant', type: 'nominal' as const, title: null, sort: { field: 'order', op: 'min' as const } };
  const x = { type: 'quantitative' as const, axis: { format, title } };
  const color = {
    field: 'verdict',
    type: 'nominal' as const,
    title: 'verdict',
    scale: { domain: ['better', 'worse', 'no-significant-difference'], range: [COLORS.up, COLORS.down, COLORS.target] },
  };
  return {
    title: { text: `${metric}: difference from baseline "${baseline}"`, subtitle: `paired (common random numbers), 95% CI; ${rows[0]?.better ?? 'higher'} is better` },
    width: CHART_WIDTH,
    height: { step: 28 },
    data: { values },
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#444' }, encoding: { x: { field: 'zero', ...x } } },
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { field: 'lo', ...x }, x2: { field: 'hi' }, color } },
      {
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          y,
          x: { field: 'estimate', ...x },
          color,
          tooltip: [
            { field: 'variant', title: 'variant' },
            { field: 'estimate', format, title: 'difference' },
            { field: 'lo', format, title: '95% CI low' },
            { field: 'hi', format, title: '95% CI high' },
            { field: 'verdict', title: 'verdict' },
          ],
        },
      },
    ],
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
