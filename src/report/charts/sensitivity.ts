import type { TopLevelSpec } from 'vega-lite';
import type { Estimate } from '../../results/estimators.js';
import { tryParseDuration } from '../../scenario/duration.js';
import { CHART_CONFIG, CHART_WIDTH, COLORS, UNAVAILABILITY_FORMAT, percentDigits, timeUnit, unavailabilityAxis, type DisplayUnit } from './common.js';

/** One point of a sweep: the swept parameter's value and the metric measured there. */
export interface SensitivityPoint {
  /** Variant name (tooltip). */
  name: string;
  /** The parameter value: numbers and durations ("5m") give a quantitative axis, anything else an ordinal one (in order). */
  value: unknown;
  estimate: Estimate;
  analytic: number | null;
}

/** A quantitative axis spanning at least this ratio (max / min, all values > 0) is drawn on a log scale. */
export const LOG_AXIS_RATIO = 10;

/** Renders a sweep value for labels and tooltips. */
function valueLabel(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
}

/**
 * The x axis of a sweep: numbers as they are, durations in seconds shown in one readable unit (`timeUnit`),
 * both quantitative and on a log scale when they span a factor of LOG_AXIS_RATIO or more (a 15m..1d sweep is
 * not evenly spaced); other values ordinal, in the order written.
 */
function sweepAxis(parameter: string, points: readonly SensitivityPoint[]): { x: object; position: (i: number) => number | string } {
  const numbers = points.every((p) => typeof p.value === 'number' && Number.isFinite(p.value)) ? points.map((p) => p.value as number) : null;
  const parsed = points.map((p) => (typeof p.value === 'string' ? tryParseDuration(p.value) : null));
  const seconds = !numbers && parsed.every((r) => r?.ok) ? parsed.map((r) => (r?.ok ? r.value : 0)) : null;
  const raw = numbers ?? seconds;
  if (!raw) return { x: { field: 'x', type: 'ordinal', title: parameter, sort: { field: 'order', op: 'min' } }, position: (i) => valueLabel(points[i].value) };
  const unit: DisplayUnit = seconds ? timeUnit(Math.max(...seconds)) : { factor: 1, label: '' };
  const shown = raw.map((v) => v / unit.factor);
  const log = shown.every((v) => v > 0) && Math.max(...shown) / Math.min(...shown) >= LOG_AXIS_RATIO;
  return {
    x: {
      field: 'x',
      type: 'quantitative',
      title: `${parameter}${unit.label ? ` (${unit.label}${log ? ', log scale' : ''})` : log ? ' (log scale)' : ''}`,
      scale: log ? { type: 'log' } : { zero: false },
      axis: { format: '~g' },
    },
    position: (i) => shown[i],
  };
}

/**
 * Sensitivity curve of a parameter sweep: the metric's estimate (line) with its 95% CI band per value of
 * the swept parameter, the analytic value per point (red diamonds) and an optional target line. The x axis
 * is numeric for numbers and durations (log scale over a wide range, see `sweepAxis`). Availability at or
 * above 99% is drawn as unavailability 1 - A on a log y axis (`unavailabilityAxis`).
 * @param metric `{ label, probability }`: probabilities are shown as percentages, other values divided by `unit.factor`.
 */
export function sensitivityChart(
  parameter: string,
  metric: { label: string; probability: boolean; unit?: DisplayUnit },
  points: readonly SensitivityPoint[],
  target: number | null,
): TopLevelSpec {
  const axis = sweepAxis(parameter, points);
  const log = metric.probability ? unavailabilityAxis(points.flatMap((p) => [p.estimate.estimate, ...(p.estimate.ci95 ?? []), p.analytic]).concat(target)) : null;
  const f = metric.probability ? 1 : metric.unit?.factor ?? 1;
  // With the log unavailability axis, the CI [lo, hi] of A is [1 - hi, 1 - lo] in U.
  const scaled = (x: number | null | undefined) => (x === null || x === undefined ? null : log ? log.u(x) : x / f);
  const values = points.map((p, i) => ({
    order: i,
    name: p.name,
    label: valueLabel(p.value),
    x: axis.position(i),
    estimate: scaled(p.estimate.estimate),
    lo: scaled(log ? p.estimate.ci95?.[1] : p.estimate.ci95?.[0]),
    hi: scaled(log ? p.estimate.ci95?.[0] : p.estimate.ci95?.[1]),
    analytic: scaled(p.analytic),
  }));
  const widths = points.map((p) => (p.estimate.ci95 ? p.estimate.ci95[1] - p.estimate.ci95[0] : null)).filter((w): w is number => w !== null && w > 0);
  const format = log ? UNAVAILABILITY_FORMAT : metric.probability ? `.${percentDigits(widths.length ? Math.min(...widths) / 2 : null)}%` : '.4~g';
  const x = axis.x;
  const label = log ? `un${metric.label}` : metric.label;
  const yTitle = log ? `${label} 1 - A (log scale; lower is better)` : metric.probability || !metric.unit ? metric.label : `${metric.label} (${metric.unit.label})`;
  const y = log
    ? { type: 'quantitative' as const, scale: { type: 'log' as const }, axis: { format, title: yTitle } }
    : { type: 'quantitative' as const, scale: { zero: false }, axis: { format, title: yTitle } };
  const layer: object[] = [
    { transform: [{ filter: 'isValid(datum.lo)' }], mark: { type: 'area', opacity: 0.25, color: COLORS.estimate }, encoding: { x, y: { field: 'lo', ...y }, y2: { field: 'hi' } } },
    { transform: [{ filter: 'isValid(datum.lo)' }], mark: { type: 'rule', color: COLORS.estimate }, encoding: { x, y: { field: 'lo', ...y }, y2: { field: 'hi' } } },
    {
      mark: { type: 'line', point: { filled: true, size: 50 }, color: COLORS.estimate },
      encoding: {
        x,
        y: { field: 'estimate', ...y },
        tooltip: [
          { field: 'name', title: 'variant' },
          { field: 'label', title: 'value' },
          { field: 'estimate', format, title: label },
          { field: 'lo', format, title: '95% CI low' },
          { field: 'hi', format, title: '95% CI high' },
        ],
      },
    },
    {
      transform: [{ filter: 'isValid(datum.analytic)' }],
      mark: { type: 'point', shape: 'diamond', filled: true, size: 60, color: COLORS.analytic },
      encoding: { x, y: { field: 'analytic', ...y }, tooltip: [{ field: 'analytic', format, title: 'analytic' }] },
    },
  ];
  if (target !== null) {
    layer.push({ data: { values: [{ target: scaled(target) }] }, mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.target }, encoding: { y: { field: 'target', ...y } } });
  }
  return {
    title: {
      text: `Sensitivity of ${metric.label} to ${parameter}`,
      subtitle: ['estimate with 95% CI band', ...(values.some((v) => v.analytic !== null) ? ['red: analytic'] : []), ...(target !== null ? ['dashed: SLO target'] : [])].join('; '),
    },
    width: CHART_WIDTH,
    height: 240,
    data: { values },
    layer,
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
