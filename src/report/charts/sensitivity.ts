import type { TopLevelSpec } from 'vega-lite';
import type { Estimate } from '../../results/estimators.js';
import { tryParseDuration } from '../../scenario/duration.js';
import { CHART_CONFIG, CHART_WIDTH, COLORS, percentDigits, type DisplayUnit } from './common.js';

/** One point of a sweep: the swept parameter's value and the metric measured there. */
export interface SensitivityPoint {
  /** Variant name (tooltip). */
  name: string;
  /** The parameter value: numbers give a quantitative axis, durations ("5m") an ordinal one sorted by length, anything else an ordinal one (in order). */
  value: unknown;
  estimate: Estimate;
  analytic: number | null;
}

/** Renders a sweep value for an ordinal axis. */
function valueLabel(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
}

/**
 * Sensitivity curve of a parameter sweep: the metric's estimate (line) with its 95% CI band per value of
 * the swept parameter, the analytic value per point (red diamonds) and an optional target line.
 * @param metric `{ label, probability }`: probabilities are shown as percentages, other values divided by `unit.factor`.
 */
export function sensitivityChart(
  parameter: string,
  metric: { label: string; probability: boolean; unit?: DisplayUnit },
  points: readonly SensitivityPoint[],
  target: number | null,
): TopLevelSpec {
  const numeric = points.every((p) => typeof p.value === 'number' && Number.isFinite(p.value));
  // Durations written as text ("5m", "1h", "20h") keep their labels but are ordered by their length.
  const seconds = points.map((p) => tryParseDuration(p.value));
  const rank = seconds.every((r) => r.ok) ? seconds.map((r) => (r.ok ? r.value : 0)) : null;
  const f = metric.probability ? 1 : metric.unit?.factor ?? 1;
  const scaled = (x: number | null | undefined) => (x === null || x === undefined ? null : x / f);
  const values = points.map((p, i) => ({
    order: rank ? rank[i] : i,
    name: p.name,
    x: numeric ? (p.value as number) : valueLabel(p.value),
    estimate: scaled(p.estimate.estimate),
    lo: scaled(p.estimate.ci95?.[0]),
    hi: scaled(p.estimate.ci95?.[1]),
    analytic: scaled(p.analytic),
  }));
  const widths = points.map((p) => (p.estimate.ci95 ? p.estimate.ci95[1] - p.estimate.ci95[0] : null)).filter((w): w is number => w !== null && w > 0);
  const format = metric.probability ? `.${percentDigits(widths.length ? Math.min(...widths) / 2 : null)}%` : '.4~g';
  const x = numeric
    ? { field: 'x', type: 'quantitative' as const, title: parameter, scale: { zero: false } }
    : { field: 'x', type: 'ordinal' as const, title: parameter, sort: { field: 'order', op: 'min' as const } };
  const yTitle = metric.probability || !metric.unit ? metric.label : `${metric.label} (${metric.unit.label})`;
  const y = { type: 'quantitative' as const, scale: { zero: false }, axis: { format, title: yTitle } };
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
          { field: 'x', title: 'value' },
          { field: 'estimate', format, title: 'estimate' },
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
