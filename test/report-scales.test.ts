/**
 * Chart scales (issue 16): high availabilities on a log unavailability axis, swept durations on a numeric
 * (log when wide) axis. The expected positions are 1 - A and the durations in the axis unit, computed here
 * from the inputs.
 */
import { describe, expect, it } from 'vitest';
import { availabilityChart } from '../src/report/charts/availability.js';
import { sensitivityChart } from '../src/report/charts/sensitivity.js';
import { meanEstimate, type Estimate } from '../src/results/estimators.js';
import { formatDuration } from '../src/scenario/duration.js';

type Layer = { encoding: { x?: { field?: string; type?: string; title?: string; scale?: { type?: string }; axis?: { title?: string } }; y?: { field?: string; scale?: { type?: string }; axis?: { title?: string } } }; data?: { values: Record<string, number>[] } };
type Spec = { data: { values: Record<string, number | string | null>[] }; layer: Layer[] };

const est = (estimate: number, lo: number, hi: number): Estimate => ({ estimate, ci95: [lo, hi], halfWidth: (hi - lo) / 2, n: 100 });

describe('availability chart', () => {
  it('above 99% plots unavailability 1 - A on a log axis, CI bounds swapped, the target at 1 - target', () => {
    const spec = availabilityChart(
      [
        { name: 'a', availability: est(0.99999, 0.99998, 1), analytic: 0.999991 },
        { name: 'b', availability: est(0.9995, 0.9994, 0.9996), analytic: null },
      ],
      0.9995,
    ) as unknown as Spec;
    const x = spec.layer[1].encoding.x!;
    expect(x.scale?.type).toBe('log');
    expect(x.axis?.title).toMatch(/^unavailability/);
    const [a, b] = spec.data.values;
    expect(a.pos).toBeCloseTo(1e-5, 12);
    expect(a.posHi).toBeCloseTo(2e-5, 12);
    // the CI reaches 100%: U = 0 is drawn at a tenth of the smallest positive unavailability (9e-6 / 10)
    expect(a.posLo).toBeCloseTo(9e-7, 12);
    expect(a.posAnalytic).toBeCloseTo(9e-6, 12);
    expect(b.pos).toBeCloseTo(5e-4, 12);
    expect(spec.layer[3].data!.values[0].pos).toBeCloseTo(5e-4, 12);
    // the SLO line no longer sets the origin: both estimates are at least a decade apart on the axis
    expect(Math.log10(b.pos as number) - Math.log10(a.pos as number)).toBeGreaterThan(1);
  });

  it('below 99% keeps a linear availability axis', () => {
    const spec = availabilityChart([{ name: 'a', availability: est(0.95, 0.94, 0.96), analytic: 0.951 }], 0.99) as unknown as Spec;
    const x = spec.layer[1].encoding.x!;
    expect(x.scale?.type).toBeUndefined();
    expect(x.axis?.title).toBe('availability');
    expect(spec.data.values[0].pos).toBe(0.95);
  });
});

describe('sensitivity chart x axis', () => {
  const e = meanEstimate([0.9, 0.91, 0.89]);
  const sweep = (values: unknown[]) =>
    sensitivityChart('repair', { label: 'availability', probability: true }, values.map((value, i) => ({ name: `v${i}`, value, estimate: e, analytic: null })), null) as unknown as Spec;

  it('durations are numeric, in one unit, on a log scale when they span 15m..1d', () => {
    const spec = sweep(['15m', '1h', '4h', '1d']);
    const x = spec.layer[2].encoding.x!;
    expect(x.type).toBe('quantitative');
    expect(x.scale?.type).toBe('log');
    expect(x.title).toBe('repair (hours, log scale)');
    expect(spec.data.values.map((v) => v.x)).toEqual([0.25, 1, 4, 24]);
    expect(spec.data.values.map((v) => v.label)).toEqual(['15m', '1h', '4h', '1d']);
  });

  it('a narrow numeric sweep stays linear', () => {
    const spec = sweep([2, 3, 4]);
    const x = spec.layer[2].encoding.x!;
    expect(x.type).toBe('quantitative');
    expect(x.scale?.type).toBeUndefined();
    expect(spec.data.values.map((v) => v.x)).toEqual([2, 3, 4]);
  });

  it('high availabilities go on a log unavailability y axis', () => {
    const hi = meanEstimate([0.9999, 0.99995, 0.99985]);
    const spec = sensitivityChart('n', { label: 'availability', probability: true }, [{ name: 'a', value: 1, estimate: hi, analytic: null }, { name: 'b', value: 2, estimate: hi, analytic: null }], null) as unknown as Spec;
    expect(spec.layer[2].encoding.y!.scale?.type).toBe('log');
    expect(spec.data.values[0].estimate).toBeCloseTo(1e-4, 12);
  });
});

describe('summary line', () => {
  it('leads with availability, down time, request success, data loss and the SLO status', async () => {
    const { summaryParts } = await import('../src/report/summary.js');
    const { runResults } = await import('./helpers/report-fixtures.js');
    const { doc } = runResults('scenarios/async-replica.yaml', 20);
    const labels = summaryParts(doc).map((p) => p.label);
    expect(labels).toEqual(['availability', 'down time per year', 'data loss', 'SLOs']);
    const loss = summaryParts(doc).find((p) => p.label === 'data loss')!.value;
    const d = doc.data!.datastores[0];
    expect(loss).toContain(`RPO p99 ${formatDuration(d.rpo.p99.estimate!)}`);
  });
});
