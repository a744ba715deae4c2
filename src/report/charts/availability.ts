import type { TopLevelSpec } from 'vega-lite';
import type { Estimate } from '../../results/estimators.js';
import { CHART_CONFIG, CHART_WIDTH, COLORS, UNAVAILABILITY_FORMAT, percentDigits, unavailabilityAxis } from './common.js';

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
 * When every value is at least 99% the x axis is unavailability 1 - A on a log scale (`unavailabilityAxis`):
 * each nine gets the same width and no mark is squeezed against the target; tooltips still give availability.
 */
export function availabilityChart(rows: readonly AvailabilityRow[], target: number | null, title = 'Availability with 95% CI vs analytic'): TopLevelSpec {
  const raw = rows.map((r, order) => ({
    order,
    name: r.name,
    estimate: r.availability.estimate,
    lo: r.availability.ci95?.[0] ?? r.availability.estimate,
    hi: r.availability.ci95?.[1] ?? r.availability.estimate,
    analytic: r.analytic,
  }));
  const all = raw.flatMap((v) => [v.lo, v.hi, v.analytic]).concat(target).filter((x): x is number => x !== null);
  const spread = all.length ? Math.max(...all) - Math.min(...all) : null;
  const format = `.${percentDigits(spread === null || spread === 0 ? null : spread / 4)}%`;
  const log = unavailabilityAxis(all);
  // Positions: availability (linear), or unavailability (log; the CI of A = [lo, hi] is U = [1 - hi, 1 - lo]).
  const values = raw.map((v) => ({
    ...v,
    pos: log ? log.u(v.estimate) : v.estimate,
    posLo: log ? log.u(v.hi) : v.lo,
    posHi: log ? log.u(v.lo) : v.hi,
    posAnalytic: log ? log.u(v.analytic) : v.analytic,
  }));
  const y = { field: 'name', type: 'nominal' as const, title: null, sort: { field: 'order', op: 'min' as const } };
  const x = log
    ? { type: 'quantitative' as const, scale: { type: 'log' as const }, axis: { format: UNAVAILABILITY_FORMAT, title: 'unavailability 1 - A (log scale; left is better)' } }
    : { type: 'quantitative' as const, scale: { zero: false }, axis: { format, title: 'availability' } };
  const layer: object[] = [
    { mark: { type: 'rule', strokeWidth: 2, color: COLORS.estimate }, encoding: { y, x: { field: 'posLo', ...x }, x2: { field: 'posHi' } } },
    {
      mark: { type: 'point', filled: true, size: 70, color: COLORS.estimate },
      encoding: {
        y,
        x: { field: 'pos', ...x },
        tooltip: [
          { field: 'name', title: 'variant' },
          { field: 'estimate', format, title: 'simulated availability' },
          { field: 'lo', format, title: '95% CI low' },
          { field: 'hi', format, title: '95% CI high' },
        ],
      },
    },
    {
      transform: [{ filter: 'isValid(datum.analytic)' }],
      mark: { type: 'point', shape: 'diamond', filled: true, size: 90, color: COLORS.analytic },
      encoding: { y, x: { field: 'posAnalytic', ...x }, tooltip: [{ field: 'analytic', format, title: 'analytic availability' }] },
    },
  ];
  if (target !== null) {
    layer.push({
      data: { values: [{ target, pos: log ? log.u(target) : target }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.target },
      encoding: { x: { field: 'pos', ...x }, tooltip: [{ field: 'target', format, title: 'SLO target (availability)' }] },
    });
  }
  const legend = 'blue: simulated estimate with 95% CI; red diamond: analytic value; dashed: SLO target';
  return {
    title: { text: title, subtitle: log && all.some((a) => a >= 1) ? [legend, `unavailability 0 is drawn at ${(log.floor * 100).toPrecision(2)}% (log axis)`] : legend },
    width: CHART_WIDTH,
    height: { step: 28 },
    data: { values },
    layer,
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
