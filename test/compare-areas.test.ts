/**
 * Paired comparison of the data-durability and traffic metrics (METRICS entries over ReplicationStats.data
 * and .traffic): present only when both variants model that area, and the paired difference of mean RPO
 * covers its closed form.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateComparison } from '../src/compare/run.js';
import { planComparison } from '../src/compare/variants.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-compare-areas-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const simulate = (file: string, replications: number) =>
  simulateComparison(planComparison([file]), { baseline: 'baseline', seed: 7, replications, replay: 'test', analytic: null, resultsDir: (i) => `v${i}` });

describe('paired differences of the data metrics', () => {
  it('hourly vs 4-hourly backups: the mean RPO difference covers (4 h - 1 h) / 2 and is "worse"', () => {
    // Backups take 0.6 s (60 GB at 100 GB/s) in both variants, operator errors are detected at once and
    // restored in D = 0.06 s: the data lost is the live writes since the last backup, Y ~ U(0, T) (Poisson
    // incidents see time averages), but at most those since the previous restore, X ~ Exp(lambda)
    // (memoryless), so E[RPO] = E[min(Y, (X - D)+)] = e^(-lambda D) (1 - (1 - e^(-lambda T)) / (lambda T)) / lambda
    // (T/2 when lambda T is small): 1750 s hourly, 6462 s four-hourly at 2/d; difference 4712 s (5400 s if
    // incidents were rare).
    const file = write('backups.yaml', `
name: backup interval
horizon: 30d
replications: 100
seed: 7
components:
  db: { failure: none, repair: none }
datastores:
  main: { primary: db, write_rate: 1MB/s, size: 60GB }
backups:
  periodic: { datastore: main, type: full, schedule: { every: 1h }, throughput: 100GB/s, restore_throughput: 1TB/s }
faults:
  - { kind: operator-error, datastore: main, rate: 2/d }
variants:
  - name: four-hourly
    set: { backups.periodic.schedule.every: 4h }
`);
    const { doc } = simulate(file, 100);
    const rpo = doc.differences.find((d) => d.variant === 'four-hourly' && d.metric === 'mean_rpo');
    expect(rpo).toBeDefined();
    const [lo, hi] = rpo!.difference.ci95 as [number, number];
    const lambda = 2 / 86400;
    const mean = (T: number) => (Math.exp(-lambda * 0.06) * (1 - (1 - Math.exp(-lambda * T)) / (lambda * T))) / lambda;
    const exact = mean(4 * 3600) - mean(3600);
    expect(exact).toBeGreaterThanOrEqual(lo);
    expect(exact).toBeLessThanOrEqual(hi);
    expect(rpo!.verdict).toBe('worse');
    const bytes = doc.differences.find((d) => d.variant === 'four-hourly' && d.metric === 'bytes_lost_per_year');
    expect(bytes?.verdict).toBe('worse');
  });

  it('scenarios without data or services compare no data or traffic metrics', () => {
    const file = write('plain.yaml', `
name: plain
horizon: 30d
replications: 50
components:
  web: { count: 2, failure: { exponential: { mtbf: 100h } }, repair: { exponential: { mttr: 5h } } }
system: { parallel: [web] }
variants:
  - name: faster
    set: { components.web.repair: { exponential: { mttr: 2h } } }
`);
    const { doc } = simulate(file, 50);
    const metrics = new Set(doc.differences.map((d) => d.metric));
    expect(metrics.has('availability')).toBe(true);
    for (const m of ['request_success_ratio', 'mean_rpo', 'bytes_lost_per_year']) expect(metrics.has(m)).toBe(false);
  });
});

describe('planned / unplanned downtime split (reliability area)', () => {
  it('maintenance vs none: the split is shown for both, the variant without maintenance has zero planned downtime', () => {
    // A unit that never fails; the variant adds a weekly 2 h window (Sundays 03:00; day 0 is a Monday, so
    // 4 windows in 28 d): planned downtime 4 x 2 h per 28 d, by hand; no unplanned downtime in either.
    const file = write('maintenance.yaml', `
name: maintenance or not
horizon: 28d
replications: 3
components:
  db: { failure: none, repair: { fixed: 1h } }
system: db
variants:
  - name: maintenance
    set: { maintenance: { windows: [{ name: weekly, cron: "0 3 * * SUN", duration: 2h, target: db }] } }
`);
    const { doc } = simulate(file, 3);
    const row = (m: string) => doc.differences.find((d) => d.variant === 'maintenance' && d.metric === m);
    const planned = row('planned_downtime_per_year');
    expect(planned, 'planned row').toBeDefined();
    expect(planned!.baseline.estimate).toBe(0);
    const perYear = ((4 * 2 * 3600) / (28 * 86400)) * 365 * 86400;
    expect(planned!.value.estimate).toBeCloseTo(perYear, 3);
    const unplanned = row('unplanned_downtime_per_year');
    expect(unplanned!.baseline.estimate).toBe(0);
    expect(unplanned!.value.estimate).toBe(0);
    expect(doc.differences.find((d) => d.metric === 'downtime_per_year')!.value.estimate).toBeCloseTo(perYear, 3);
  });
});
