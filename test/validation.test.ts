/**
 * The closed-form cases of shared/VALIDATION.md covered by the component model: the simulated 95% CI of
 * each primary value must contain the exact value (fixed seed = the scenario file's seed). Secondary
 * metrics (MTTFF, MTBF, MUT, MDT) are checked jointly at family-wise 95%: each at the Bonferroni level
 * 1 - 0.05/m, the interval rescaled from the 95% one by the ratio of normal critical values (the t
 * quantiles at these n are within 0.2% of the normal ones). Exact values are computed from the formulas
 * here, not copied from a simulation.
 */
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../src/run/runner.js';
import type { Estimate } from '../src/results/estimators.js';
import { loadScenario } from '../src/scenario-document/load.js';
import { join } from 'node:path';
import { ROOT } from './helpers/cli.js';

const H = 3600;
const dir = join(ROOT, 'scenarios/validation');
const run = (file: string) => runScenario(loadScenario(join(dir, file))).accumulator;

function expectInside(e: Estimate, exact: number, what: string) {
  expect(e.ci95, `${what}: no interval`).not.toBeNull();
  const [lo, hi] = e.ci95 as [number, number];
  expect(exact, `${what}: ${exact} outside [${lo}, ${hi}]`).toBeGreaterThanOrEqual(lo);
  expect(exact, `${what}: ${exact} outside [${lo}, ${hi}]`).toBeLessThanOrEqual(hi);
}

// Secondary comparisons: [file, metric, exact seconds].
const l = 0.01, mu = 0.1; // per hour
const secondary: [string, 'mttff' | 'mtbf' | 'mut' | 'mdt', number][] = [
  ['single-repairable.yaml', 'mttff', 1000 * H],
  ['single-repairable.yaml', 'mtbf', 1010 * H],
  ['single-repairable.yaml', 'mut', 1000 * H],
  ['single-repairable.yaml', 'mdt', 10 * H],
  // Series of two: failures at rate 2l from all-up; with no ageing while down MDT = 1/mu, MUT = 1/(2l).
  ['series-no-ageing.yaml', 'mttff', (1 / (2 * l)) * H],
  ['series-no-ageing.yaml', 'mut', (1 / (2 * l)) * H],
  ['series-no-ageing.yaml', 'mdt', (1 / mu) * H],
  ['series-ageing.yaml', 'mttff', (1 / (2 * l)) * H],
  // With ageing the system is back up only when both units are: MUT = 1/(2l), MDT = U / (A 2l).
  ['series-ageing.yaml', 'mut', (1 / (2 * l)) * H],
  ['series-ageing.yaml', 'mdt', ((1 - (mu / (l + mu)) ** 2) / ((mu / (l + mu)) ** 2 * 2 * l)) * H],
  // 2-unit parallel, one crew (CTMC on 2, 1, 0 units up).
  ['parallel-1-crew.yaml', 'mttff', 650 * H],
  ['parallel-1-crew.yaml', 'mtbf', 610 * H],
  ['parallel-1-crew.yaml', 'mut', 600 * H],
  ['parallel-1-crew.yaml', 'mdt', 10 * H],
  // 2-unit parallel, two crews: both down -> repaired at 2 mu, MDT = 1/(2 mu) = 5 h.
  ['parallel-2-crews.yaml', 'mttff', 650 * H],
  ['parallel-2-crews.yaml', 'mdt', (1 / (2 * mu)) * H],
  ['cold-standby-no-repair.yaml', 'mttff', ((1 + 0.9) / 1e-3) * H],
];

describe('VALIDATION.md closed forms reproduced by simulation (95% CI)', () => {
  it('single repairable unit: A = MTTF/(MTTF+MTTR) = 1000/1010', () => {
    expectInside(run('single-repairable.yaml').system().availability, 1000 / 1010, 'A');
  });

  it('point availability A(10 h) = mu/(l+mu) + l/(l+mu) e^-(l+mu)t', () => {
    const lam = 1 / 1000, m = 1 / 10, t = 10;
    const exact = m / (lam + m) + (lam / (lam + m)) * Math.exp(-(lam + m) * t);
    const sys = run('point-availability.yaml').system();
    expect(sys.pointAvailability[0].t).toBe(10 * H);
    expectInside(sys.pointAvailability[0].estimate, exact, 'A(10h)');
  });

  it('series, components keep ageing: prod A_i', () => {
    expectInside(run('series-ageing.yaml').system().availability, (mu / (l + mu)) ** 2, 'A');
  });

  it('series, no ageing while the system is down: 1/(1 + sum l_i/mu_i)', () => {
    expectInside(run('series-no-ageing.yaml').system().availability, 1 / (1 + 2 * (l / mu)), 'A');
  });

  it('2-unit parallel, 2 crews: 1 - (1-a)^2', () => {
    const a = mu / (l + mu);
    expectInside(run('parallel-2-crews.yaml').system().availability, 1 - (1 - a) ** 2, 'A');
  });

  it('2-unit parallel, 1 crew (CTMC): (mu^2 + 2 l mu)/(mu^2 + 2 l mu + 2 l^2)', () => {
    const exact = (mu * mu + 2 * l * mu) / (mu * mu + 2 * l * mu + 2 * l * l);
    expectInside(run('parallel-1-crew.yaml').system().availability, exact, 'A');
  });

  it('2-out-of-3, independent repair, a = 0.99: sum_{i>=2} C(3,i) a^i (1-a)^(3-i)', () => {
    const a = 0.99;
    expectInside(run('k-of-n-2oo3.yaml').system().availability, 3 * a * a * (1 - a) + a ** 3, 'A');
  });

  it('cold standby without repair: R(1000 h) = e^-lt (1 + p l t)', () => {
    const lt = 1e-3 * 1000;
    const sys = run('cold-standby-no-repair.yaml').system();
    expect(sys.reliability[0].t).toBe(1000 * H);
    expectInside(sys.reliability[0].estimate, Math.exp(-lt) * (1 + 0.9 * lt), 'R(1000h)');
  });

  it(`secondary metrics (MTTFF, MTBF, MUT, MDT) at family-wise 95% over ${secondary.length} comparisons`, () => {
    const m = secondary.length;
    const widen = jStat.normal.inv(1 - 0.05 / (2 * m), 0, 1) / jStat.normal.inv(0.975, 0, 1);
    const cache = new Map<string, ReturnType<ReturnType<typeof run>['system']>>();
    for (const [file, metric, exact] of secondary) {
      if (!cache.has(file)) cache.set(file, run(file).system());
      const e = (cache.get(file) as NonNullable<ReturnType<typeof cache.get>>)[metric];
      expect(e.estimate, `${file} ${metric}`).not.toBeNull();
      const half = (e.halfWidth as number) * widen;
      const est = e.estimate as number;
      expect(Math.abs(est - exact), `${file} ${metric}: ${est / H} h vs exact ${exact / H} h (+-${half / H} h)`).toBeLessThanOrEqual(half);
    }
  });
});
