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
  const all = q.map((v, i) => ({ x: v / unit.factor, p: i / (DISTRIBUTION_POINTS - 1) }));
  // Heavy tails (outage durations, down time) squeeze the body of the curve against the axis: use a log
  // axis when the positive values span more than two decades; values <= 0 cannot be drawn on it.
  const positive = all.filter((v) => v.x > 0);
  const log = positive.length >= 2 && positive[positive.length - 1].x / positive[0].x > 100;
  const values = log ? positive : all;
  const zeros = log ? all.length - positive.length : 0;
  if (log) title.subtitle += `; log scale${zeros ? ' (values ≤ 0 not drawn: the curve starts at their share)' : ''}`;
  const x = { field: 'x', type: 'quantitative' as const, title: unit.label, scale: log ? { type: 'log' as const } : { zero: true } };
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
      encoding: { x: { field: 'mean', type: 'quantitative', scale: x.scale }, tooltip: [{ field: 'mean', format: '.4~g', title: `mean (${unit.label})` }] },
    });
  }
  return { title, width: CHART_WIDTH, height: 220, data: { values }, layer, config: CHART_CONFIG } as TopLevelSpec;
}
