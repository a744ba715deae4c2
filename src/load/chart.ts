/**
 * The load section's chart (Vega-Lite): goodput ratio and utilisation (top) and queueing delay (bottom) over
 * time, bucket means over the replications, for one load service.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { LoadServiceResults } from './results.js';

const WIDTH = 640;

export function loadSeriesChart(s: LoadServiceResults): TopLevelSpec {
  const hours = s.series.t.map((t) => t / 3600);
  const ratios: { h: number; metric: string; value: number }[] = [];
  const delays: { h: number; value: number }[] = [];
  hours.forEach((h, i) => {
    const g = s.series.goodputRatio[i];
    const u = s.series.utilisation[i];
    const q = s.series.queueingDelay[i];
    if (g !== null) ratios.push({ h, metric: 'goodput ratio', value: g });
    if (u !== null) ratios.push({ h, metric: 'utilisation', value: u });
    if (q !== null) delays.push({ h, value: q });
  });
  const x = { field: 'h', type: 'quantitative' as const, title: 'time (hours)' };
  return {
    title: { text: `${s.name}: goodput, utilisation and queueing over time`, subtitle: 'bucket means over replications' },
    vconcat: [
      {
        width: WIDTH,
        height: 180,
        data: { values: ratios },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: 'fraction', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
          color: { field: 'metric', type: 'nominal', title: null },
          tooltip: [{ field: 'h', format: '.2f', title: 'hour' }, { field: 'metric' }, { field: 'value', format: '.2%' }],
        },
      },
      {
        width: WIDTH,
        height: 120,
        data: { values: delays },
        mark: { type: 'line', interpolate: 'step-after', color: '#8c564b' },
        encoding: { x, y: { field: 'value', type: 'quantitative', title: 'queueing delay (s)' }, tooltip: [{ field: 'h', format: '.2f', title: 'hour' }, { field: 'value', format: '.3~g', title: 'seconds' }] },
      },
      ...replicaPanel(s, hours, x),
    ],
  } as TopLevelSpec;
}

/** Replicas (all and serving) over time, for an autoscaled service. */
function replicaPanel(s: LoadServiceResults, hours: number[], x: object): object[] {
  const a = s.autoscaling;
  if (!a) return [];
  const values = hours.flatMap((h, i) => [
    { h, metric: 'replicas', value: a.series.replicas[i] },
    { h, metric: 'serving', value: a.series.serving[i] },
  ]);
  return [
    {
      width: WIDTH,
      height: 120,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x,
        y: { field: 'value', type: 'quantitative', title: `replicas (HPA ${a.minReplicas}-${a.maxReplicas})` },
        color: { field: 'metric', type: 'nominal', title: null },
        tooltip: [{ field: 'h', format: '.2f', title: 'hour' }, { field: 'metric' }, { field: 'value', format: '.2f' }],
      },
    },
  ];
}
