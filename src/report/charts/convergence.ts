import type { TopLevelSpec } from 'vega-lite';
import type { ConvergencePoint } from '../../results/convergence.js';
import { CHART_CONFIG, CHART_WIDTH, COLORS, percentDigits } from './common.js';

/**
 * Convergence of the availability estimate with replications: the running estimate (line) inside its 95%
 * CI band, with the analytic value (red) and the SLO target (dashed) when known. A band that keeps
 * narrowing around a stable line shows the run used enough replications.
 */
export function convergenceChart(points: readonly ConvergencePoint[], analytic: number | null, target: number | null): TopLevelSpec {
  const values = points.map((p) => ({ n: p.replications, estimate: p.estimate, lo: p.ci95?.[0] ?? null, hi: p.ci95?.[1] ?? null }));
  // axis labels: enough digits to tell ticks apart over the span drawn (band, analytic value, target)
  const shown = values.flatMap((v) => [v.lo ?? v.estimate, v.hi ?? v.estimate]).concat(analytic, target).filter((x): x is number => x !== null);
  const span = shown.length ? Math.max(...shown) - Math.min(...shown) : 0;
  const format = `.${percentDigits(span > 0 ? span / 5 : null)}%`;
  const x = { field: 'n', type: 'quantitative' as const, title: 'replications', scale: { zero: false } };
  const y = { type: 'quantitative' as const, scale: { zero: false }, axis: { format, title: 'availability' } };
  const layer: object[] = [
    {
      transform: [{ filter: 'isValid(datum.lo)' }],
      mark: { type: 'area', opacity: 0.25, color: COLORS.estimate },
      encoding: { x, y: { field: 'lo', ...y }, y2: { field: 'hi' } },
    },
    {
      mark: { type: 'line', point: values.length < 40, color: COLORS.estimate },
      encoding: {
        x,
        y: { field: 'estimate', ...y },
        tooltip: [
          { field: 'n', title: 'replications' },
          { field: 'estimate', format, title: 'estimate' },
          { field: 'lo', format, title: '95% CI low' },
          { field: 'hi', format, title: '95% CI high' },
        ],
      },
    },
  ];
  const rule = (value: number, color: string, dash: number[], label: string) => ({
    data: { values: [{ value, label }] },
    mark: { type: 'rule', color, strokeDash: dash },
    encoding: { y: { field: 'value', ...y }, tooltip: [{ field: 'label', title: 'line' }, { field: 'value', format, title: 'value' }] },
  });
  if (analytic !== null) layer.push(rule(analytic, COLORS.analytic, [], 'analytic'));
  if (target !== null) layer.push(rule(target, COLORS.target, [4, 4], 'SLO target'));
  return {
    title: { text: 'Convergence of the availability estimate', subtitle: 'running estimate and 95% CI; red: analytic; dashed: SLO target' },
    width: CHART_WIDTH,
    height: 220,
    data: { values },
    layer,
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
