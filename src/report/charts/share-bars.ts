/**
 * Share bars (Vega-Lite): one horizontal bar per group with its 95% CI as a rule, in the given order (at most
 * 20), on a 0-100% axis. Used for the areas' share charts (src/area.ts AreaChart), e.g. the share of system
 * downtime by the component that started the outages (docs/attribution.md).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { AreaChart } from '../../area.js';
import { CHART_CONFIG, CHART_WIDTH, COLORS } from './common.js';

/** The chart of an area's share bars. */
export function shareBarsChart(chart: AreaChart): TopLevelSpec {
  const title = chart.title;
  const values = chart.bars.slice(0, 20).map((b, order) => ({ order, name: b.name, share: b.estimate, lo: b.lo, hi: b.hi, count: b.count }));
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
          x: { field: 'share', type: 'quantitative', axis: { format: '.0%' }, scale: { domain: [0, 1] }, title: chart.axisTitle },
          tooltip: [
            { field: 'name', title: chart.groupTitle },
            { field: 'share', format: '.2%', title: 'share' },
            { field: 'lo', format: '.2%', title: 'CI low' },
            { field: 'hi', format: '.2%', title: 'CI high' },
            { field: 'count', title: chart.countTitle },
          ],
        },
      },
      { mark: { type: 'rule', color: COLORS.target }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
    ],
  } as TopLevelSpec;
}
