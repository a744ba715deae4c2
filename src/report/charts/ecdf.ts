import type { TopLevelSpec } from 'vega-lite';
import { DISTRIBUTION_POINTS, type DistributionSummary } from '../../results/distribution.js';
import { CHART_CONFIG, CHART_WIDTH, COLORS, displayUnit } from './common.js';

/**
 * Empirical CDF of one distribution from its 101 stored quantiles: the step curve through
 * (quantile(p), p), p = 0, 0.01, ..., 1, with the mean as a dashed line. Values are shown in a readable
 * unit (seconds become minutes/hours/days, bytes KiB/MiB/...). A distribution with no observation gives
 * a chart that says so (every distribution gets a chart).
 */
export function ecdfChart(summary: DistributionSummary): TopLevelSpec {
  const title = { text: summary.label, subtitle: `empirical CDF, n = ${summary.count}` };
  if (summary.count === 0 || summary.quantiles.length === 0) {
    return {
      title,
      width: CHART_WIDTH,
      height: 60,
      data: { values: [{ text: 'no observations' }] },
      mark: { type: 'text', fontSize: 13, color: '#666' },
      encoding: { text: { field: 'text', type: 'nominal' } },
      config: CHART_CONFIG,
    } as TopLevelSpec;
  }
  const q = summary.quantiles;
  const unit = displayUnit(summary.unit, q[q.length - 1]);
  const values = q.map((v, i) => ({ x: v / unit.factor, p: i / (DISTRIBUTION_POINTS - 1) }));
  const x = { field: 'x', type: 'quantitative' as const, title: unit.label };
  const layer: object[] = [
    {
      mark: { type: 'line', interpolate: 'step-after', color: COLORS.estimate, strokeWidth: 2 },
      encoding: {
        x,
        y: { field: 'p', type: 'quantitative', title: 'fraction ≤ value', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
        tooltip: [
          { field: 'p', format: '.0%', title: 'quantile' },
          { field: 'x', format: '.4~g', title: unit.label },
        ],
      },
    },
  ];
  if (summary.mean !== null) {
    layer.push({
      data: { values: [{ mean: summary.mean / unit.factor }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.target },
      encoding: { x: { field: 'mean', type: 'quantitative' }, tooltip: [{ field: 'mean', format: '.4~g', title: `mean (${unit.label})` }] },
    });
  }
  return { title, width: CHART_WIDTH, height: 220, data: { values }, layer, config: CHART_CONFIG } as TopLevelSpec;
}
