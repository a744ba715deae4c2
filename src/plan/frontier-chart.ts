/**
 * The cost vs availability chart of a capacity plan: every evaluated candidate as a point (expected monthly
 * cost, analytic availability in "nines" = -log10(1 - A)), the Pareto frontier as a line, the availability
 * SLO as a rule and the chosen configuration highlighted. Every point (or cluster of candidates at nearly the same
 * point) is labelled with its candidate ids, so coinciding candidates are told apart. A Vega-Lite spec (frontier.vl.json), rendered to
 * SVG (frontier.svg) by the shared headless renderer (src/report/render-chart.ts).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PlanDocument } from './document.js';

/** "Nines" of an availability: -log10(1 - A) (99.9% -> 3); capped at 12 for A = 1. */
export function nines(a: number): number {
  return a >= 1 ? 12 : Math.min(12, -Math.log10(1 - a));
}

/** The Vega-Lite spec of the frontier chart (data inlined; deterministic). */
export function frontierChartSpec(doc: PlanDocument): TopLevelSpec {
  const cur = doc.costModel.currency;
  const values = doc.candidates
    .filter((c) => c.cost?.total != null && c.analytic?.availability != null)
    .map((c) => ({
      id: c.id,
      cost: Math.round((c.cost?.total as number) * 100) / 100,
      nines: Math.round(nines(c.analytic?.availability as number) * 10000) / 10000,
      availability: `${((c.analytic?.availability as number) * 100).toFixed(4)}%`,
      settings: Object.entries(c.settings).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', '),
      status: c.id === doc.chosen ? 'chosen' : c.pareto ? 'frontier' : c.feasible ? 'feasible' : 'infeasible',
      pareto: c.pareto,
    }));
  // Candidates at (nearly) the same cost and availability would sit on top of each other: candidates within
  // 2% of the cost range and 0.03 nines of a cluster's cheapest member join it, labelled once with its ids ("c2, c5, c7 +3").
  const costs = values.map((v) => v.cost);
  const near = Math.max(1e-9, (Math.max(...costs) - Math.min(...costs)) / 50);
  const clusters: (typeof values)[] = [];
  for (const v of [...values].sort((a, b) => a.cost - b.cost || a.nines - b.nines)) {
    const c = clusters.find((m) => Math.abs(m[0].cost - v.cost) <= near && Math.abs(m[0].nines - v.nines) <= 0.03);
    if (c) c.push(v);
    else clusters.push([v]);
  }
  const labels = clusters.map((members) => {
    const ids = members.map((m) => m.id);
    return { cost: members[0].cost, nines: members[0].nines, label: ids.length > 4 ? `${ids.slice(0, 3).join(', ')} +${ids.length - 3}` : ids.join(', ') };
  });
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [
    {
      transform: [{ filter: 'datum.pareto' }],
      mark: { type: 'line', color: '#888', strokeDash: [4, 3] },
      encoding: { x: { field: 'cost', type: 'quantitative' }, y: { field: 'nines', type: 'quantitative' }, order: { field: 'cost' } },
    },
    {
      mark: { type: 'point', filled: true, size: 70 },
      encoding: {
        x: { field: 'cost', type: 'quantitative', title: `expected total cost per month (${cur})`, scale: { zero: false } },
        y: { field: 'nines', type: 'quantitative', title: 'availability (nines: -log10(1 - A))', scale: { zero: false } },
        color: {
          field: 'status',
          type: 'nominal',
          title: 'candidate',
          scale: { domain: ['chosen', 'frontier', 'feasible', 'infeasible'], range: ['#d62728', '#1f77b4', '#2ca02c', '#aaaaaa'] },
        },
        shape: { field: 'status', type: 'nominal', scale: { domain: ['chosen', 'frontier', 'feasible', 'infeasible'], range: ['diamond', 'circle', 'circle', 'cross'] } },
        tooltip: [
          { field: 'id' },
          { field: 'settings' },
          { field: 'availability' },
          { field: 'cost', title: `cost (${cur}/month)` },
        ],
      },
    },
    {
      data: { values: labels },
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 8, fontSize: 10, color: '#444' },
      encoding: { x: { field: 'cost', type: 'quantitative' }, y: { field: 'nines', type: 'quantitative' }, text: { field: 'label' } },
    },
    {
      transform: [{ filter: "datum.status === 'chosen'" }],
      layer: [
        { mark: { type: 'point', shape: 'diamond', filled: true, size: 220, color: '#d62728' }, encoding: { x: { field: 'cost', type: 'quantitative' }, y: { field: 'nines', type: 'quantitative' } } },
        {
          transform: [{ calculate: "'chosen: ' + datum.id", as: 'chosenLabel' }],
          mark: { type: 'text', align: 'left', dx: 10, dy: 14, color: '#d62728', fontWeight: 'bold' },
          encoding: { x: { field: 'cost', type: 'quantitative' }, y: { field: 'nines', type: 'quantitative' }, text: { field: 'chosenLabel' } },
        },
      ],
    },
  ];
  // Simulated candidates: the simulated availability (95% CI as an error bar) at the simulated expected cost.
  const r4 = (x: number) => Math.round(x * 10000) / 10000;
  const simulated = doc.candidates
    .filter((c) => c.simulation?.availability.estimate != null && c.simulation.cost.total !== null)
    .map((c) => {
      const sim = c.simulation as NonNullable<typeof c.simulation>;
      const ci = sim.availability.ci95 ?? [sim.availability.estimate as number, sim.availability.estimate as number];
      return {
        id: c.id,
        cost: Math.round((sim.cost.total as number) * 100) / 100,
        nines: r4(nines(sim.availability.estimate as number)),
        lo: r4(nines(Math.max(0, ci[0]))),
        hi: r4(nines(Math.min(1, ci[1]))),
        confirmed: sim.confirmed ? 'simulated (confirmed)' : 'simulated (not confirmed)',
      };
    });
  if (simulated.length > 0) {
    layers.push({
      data: { values: simulated },
      layer: [
        { mark: { type: 'rule', color: '#ff7f0e' }, encoding: { x: { field: 'cost', type: 'quantitative' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
        {
          mark: { type: 'point', shape: 'triangle-up', filled: false, size: 90, color: '#ff7f0e' },
          encoding: {
            x: { field: 'cost', type: 'quantitative' },
            y: { field: 'nines', type: 'quantitative' },
            tooltip: [{ field: 'id' }, { field: 'confirmed', title: 'simulation' }, { field: 'cost', title: `simulated cost (${cur}/month)` }],
          },
        },
      ],
    });
  }
  if (doc.slo.availability !== null) {
    layers.push({
      data: { values: [{ slo: Math.round(nines(doc.slo.availability) * 10000) / 10000, label: `SLO ${(doc.slo.availability * 100).toFixed(3)}%` }] },
      layer: [
        { mark: { type: 'rule', color: '#d62728', strokeDash: [6, 4] }, encoding: { y: { field: 'slo', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#d62728' }, encoding: { y: { field: 'slo', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' } } },
      ],
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `Cost vs availability: ${doc.scenario.name}`, subtitle: ['points: candidates (analytic values), labelled with their ids (nearby candidates share a label)', 'orange triangles: simulated, with 95% CI; dashed line: Pareto frontier (analytic)'] },
    width: 600,
    height: 380,
    data: { values },
    layer: layers,
  } as TopLevelSpec;
}
