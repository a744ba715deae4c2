import type { TopLevelSpec } from 'vega-lite';
import type { Estimate } from '../../results/estimators.js';
import { CHART_CONFIG, CHART_WIDTH, COLORS, percentDigits } from './common.js';

/** One variant's simulated availability and (optionally) its analytic value. */
export interface AvailabilityRow {
  /** Variant name (the scenario name for a single run). */
  name: string;
  availability: Estimate;
  /** Analytic availability of the same variant, or null. */
  analytic: number | null;
}

/**
 * Availability per variant: the simulated estimate with its 95% CI (error bar) next to the analytic value
 * (diamond), and the SLO availability target as a dashed line when given. One row per variant, in order.
 */
export function availabilityChart(rows: readonly AvailabilityRow[], target: number | null, title = 'Availability with 95% CI vs analytic'): TopLevelSpec {
  const values = rows.map((r, order) => ({
    order,
    name: r.name,
    estimate: r.availability.estimate,
    lo: r.availability.ci95?.[0] ?? r.availability.estimate,
    hi: r.availability.ci95?.[1] ?? r.availability.estimate,
    analytic: r.analytic,
  }));
  const all = values.flatMap((v) => [v.lo, v.hi, v.analytic]).concat(target).filter((x): x is number => x !== null);
  const spread = all.length ? Math.max(...all) - Math.min(...all) : null;
  const format = `.${percentDigits(spread === null || spread === 0 ? null : spread / 4)}%`;
  const y = { field: 'name', type: 'nominal' as const, title: null, sort: { field: 'order', op: 'min' as const } };
  const x = { type: 'quantitative' as const, scale: { zero: false }, axis: { format, title: 'availability' } };
  const layer: object[] = [
    { mark: { type: 'rule', strokeWidth: 2, color: COLORS.estimate }, encoding: { y, x: { field: 'lo', ...x }, x2: { field: 'hi' } } },
    {
      mark: { type: 'point', filled: true, size: 70, color: COLORS.estimate },
      encoding: {
        y,
        x: { field: 'estimate', ...x },
        tooltip: [
          { field: 'name', title: 'variant' },
          { field: 'estimate', format, title: 'simulated' },
          { field: 'lo', format, title: '95% CI low' },
          { field: 'hi', format, title: '95% CI high' },
        ],
      },
    },
    {
      transform: [{ filter: 'isValid(datum.analytic)' }],
      mark: { type: 'point', shape: 'diamond', filled: true, size: 90, color: COLORS.analytic },
      encoding: { y, x: { field: 'analytic', ...x }, tooltip: [{ field: 'analytic', format, title: 'analytic' }] },
    },
  ];
  if (target !== null) {
    layer.push({
      data: { values: [{ target }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.target },
      encoding: { x: { field: 'target', ...x }, tooltip: [{ field: 'target', format, title: 'SLO target' }] },
    });
  }
  return {
    title: { text: title, subtitle: 'blue: simulated estimate with 95% CI; red diamond: analytic value; dashed: SLO target' },
    width: CHART_WIDTH,
    height: { step: 28 },
    data: { values },
    layer,
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
