/**
 * The attribution chart (Vega-Lite): share of system downtime by component that started the outages (bars),
 * with the 95% CI (rules), largest first.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, CHART_WIDTH, COLORS } from '../report/charts/common.js';
import type { ShareRow } from './results.js';

/** Bars of downtime share per group (at most 20, largest first), CI as a rule. */
export function downtimeShareChart(rows: readonly ShareRow[], title: string): TopLevelSpec {
  const values = rows.slice(0, 20).map((r, order) => ({
    order,
    name: r.name,
    share: r.downtimeShare.estimate ?? 0,
    lo: r.downtimeShare.ci95?.[0] ?? r.downtimeShare.estimate ?? 0,
    hi: r.downtimeShare.ci95?.[1] ?? r.downtimeShare.estimate ?? 0,
    outages: r.outages,
  }));
  const y = { field: 'name', type: 'nominal' as const, sort: values.map((v) => v.name), title: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: CHART_WIDTH - 200,
    height: { step: 22 },
    config: CHART_CONFIG,
    data: { values },
    encoding: { y },
    layer: [
      {
        mark: { type: 'bar', color: COLORS.estimate },
        encoding: {
          x: { field: 'share', type: 'quantitative', axis: { format: '.0%' }, scale: { domain: [0, 1] }, title: 'share of system downtime (95% CI)' },
          tooltip: [
            { field: 'name', title: 'started by' },
            { field: 'share', format: '.2%', title: 'downtime share' },
            { field: 'lo', format: '.2%', title: 'CI low' },
            { field: 'hi', format: '.2%', title: 'CI high' },
            { field: 'outages', title: 'outages' },
          ],
        },
      },
      { mark: { type: 'rule', color: COLORS.target }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
    ],
  } as TopLevelSpec;
}
