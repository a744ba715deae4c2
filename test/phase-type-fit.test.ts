/**
 * Phase-type fits (src/analytic/phase-type-fit.ts, phase-type.ts): every fit reproduces the moments it
 * claims, checked with the reference E[X^k] = k! alpha (-T)^{-k} 1 on a dense generator
 * (test/reference/aph-moments.ts); the law moments match numerical integration of the survival function
 * E[X^k] = int_0^inf k t^(k-1) S(t) dt (laws.ts, independent code); the orders follow the published bounds
 * (cv^2 >= 1/n for APH(n): Aldous & Shepp, "The least variable phase type distribution is Erlang",
 * Stochastic Models 3(3) (1987)).
 */
import { describe, expect, it } from 'vitest';
import { aphThirdMomentBounds, fitAph } from '../src/analytic/phase-type-fit.js';
import { lawMoments } from '../src/analytic/phase-type.js';
import { lawSurvival } from '../src/scenario/laws.js';
import type { DistributionSpec } from '../src/scenario/types.js';
import { coxianReferenceMoments } from './reference/aph-moments.js';

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Checks that the first `fit.matched` moments equal the target by the reference computation. */
function expectClaimsHold(fit: ReturnType<typeof fitAph>): void {
  const ref = coxianReferenceMoments(fit.coxian, 3);
  for (let k = 0; k < fit.matched; k++) expect(relErr(ref[k], fit.target[k])).toBeLessThan(1e-6);
  // Whatever is claimed about the fitted moments is what the reference gives.
  fit.fitted.forEach((x, k) => expect(relErr(x, ref[k])).toBeLessThan(1e-9));
  expect(fit.matched).toBeGreaterThanOrEqual(1); // the mean is always kept
  expect(fit.coxian.exit.at(-1)).toBe(1);
  for (const r of fit.coxian.rates) expect(r).toBeGreaterThan(0);
  for (const e of fit.coxian.exit) expect(e >= 0 && e <= 1).toBe(true);
}

/** Raw moments from normalized ones: m1, n2 = m2/m1^2, n3 = m3/(m1 m2). */
const fromNormalized = (m1: number, n2: number, n3: number): [number, number, number] => [m1, n2 * m1 * m1, n3 * m1 * n2 * m1 * m1];

describe('three-moment APH fits (Bobbio, Horváth & Telek 2005)', () => {
  it('match three moments on a grid of cv^2 and normalized third moments inside the APH(n) regions, boundaries included', () => {
    let checked = 0;
    for (const n of [2, 3, 4, 5, 6]) {
      for (const n2 of [(n + 1) / n + 1e-3, (n + 1) / n + 0.05, 1.5, 1.9, 2, 2.5, 5, 40]) {
        if (n2 < (n + 1) / n) continue;
        const [lo, hi] = aphThirdMomentBounds(n, n2);
        const top = Number.isFinite(hi) ? hi : lo * 4;
        for (const t of [1e-4, 0.25, 0.5, 0.75, 1 - 1e-4]) {
          const n3 = lo + t * (top - lo);
          const fit = fitAph(fromNormalized(3600, n2, n3), { maxOrder: 6 });
          expectClaimsHold(fit);
          expect(fit.order).toBeLessThanOrEqual(n);
          expect(fit.matched).toBe(3);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('the minimal order of a hypoexponential with close rates is its own number of phases (cv^2 < 1/(n-1))', () => {
    for (const n of [2, 3, 4, 5]) {
      const rates = Array.from({ length: n }, (_, i) => 1 + 0.05 * i);
      const target = coxianReferenceMoments({ rates, exit: rates.map((_, i) => (i === n - 1 ? 1 : 0)) }, 3) as [number, number, number];
      expect(target[1] / target[0] ** 2 - 1).toBeLessThan(1 / (n - 1));
      const fit = fitAph(target, { maxOrder: 8 });
      expect(fit.order).toBe(n);
      expect(fit.matched).toBe(3);
      expectClaimsHold(fit);
    }
  });

  it('Erlang moments give the Erlang; exponential moments one phase; below 1/n the mean is kept with cv^2 = 1/n', () => {
    for (const n of [2, 3, 5]) {
      const m1 = 10;
      const target: [number, number, number] = [m1, (m1 * m1 * (n + 1)) / n, (m1 ** 3 * (n + 1) * (n + 2)) / (n * n)];
      const fit = fitAph(target, { maxOrder: 8 });
      expect(fit.order).toBe(n);
      expect(fit.matched).toBe(3);
      expectClaimsHold(fit);
    }
    const e = fitAph([5, 50, 750]);
    expect(e.order).toBe(1);
    expect(e.matched).toBe(3);
    // Deterministic 1: cv^2 = 0 is out of reach of any APH; with the cap 4 the least variable APH(4), Erlang(4).
    const d = fitAph([1, 1, 1], { maxOrder: 4 });
    expect(d.order).toBe(4);
    expect(d.matched).toBe(1);
    const ref = coxianReferenceMoments(d.coxian, 2);
    expect(ref[1] / ref[0] ** 2 - 1).toBeCloseTo(1 / 4, 12);
  });

  it('a fixed order keeps the mean and matches what the order allows (order-2 region of Telek & Heindl 2003)', () => {
    // Lognormal sigma 1: cv^2 = e - 1 > 1, inside the APH(2) region: three moments at order 2 and 4.
    const ln = lawMoments({ kind: 'lognormal', mu: Math.log(1200), sigma: 1 });
    for (const order of [2, 4]) {
      const f = fitAph(ln, { order });
      expect(f.order).toBe(order);
      expect(f.matched).toBe(3);
      expectClaimsHold(f);
    }
    // Uniform(0, 10): cv^2 = 1/3 < 1/2: order 2 can only keep the mean.
    const u = fitAph(lawMoments({ kind: 'uniform', min: 0, max: 10 }), { order: 2 });
    expect(u.order).toBe(2);
    expect(u.matched).toBe(1);
    expectClaimsHold(u);
  });

  it('every law of the scenario format: the fit holds the moments it claims', () => {
    const H = 3600;
    const laws: DistributionSpec[] = [
      { kind: 'weibull', shape: 1.2, scale: 4000 * H },
      { kind: 'weibull', shape: 0.6, scale: 100 * H },
      { kind: 'weibull', shape: 3.5, scale: 10 * H },
      { kind: 'lognormal', mu: Math.log(1200), sigma: 1.2 },
      { kind: 'lognormal', mu: Math.log(600), sigma: 2.5 },
      { kind: 'normal', mean: 10 * H, sd: 6 * H },
      { kind: 'normal', mean: H, sd: 3 * H },
      { kind: 'uniform', min: 0, max: 2 * H },
      { kind: 'fixed', value: 1800 },
      { kind: 'empirical', samples: [600, 1500, 3600, 36000] },
    ];
    for (const law of laws) {
      for (const opts of [{}, { maxOrder: 8 }, { order: 2 }]) expectClaimsHold(fitAph(lawMoments(law), opts));
    }
  });
});

describe('law moments in closed form', () => {
  /** E[X^k] = int_0^inf k t^(k-1) S(t) dt, composite Simpson on [0, upper] with n panels. */
  const integrated = (law: DistributionSpec, k: number, upper: number, n = 200_000) => {
    const h = upper / n;
    const f = (t: number) => k * t ** (k - 1) * lawSurvival(law, t);
    let s = f(0) + f(upper);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(i * h);
    return (s * h) / 3;
  };
  const cases: Array<[DistributionSpec, number]> = [
    [{ kind: 'weibull', shape: 1.7, scale: 10 }, 80],
    [{ kind: 'weibull', shape: 0.8, scale: 10 }, 900],
    [{ kind: 'lognormal', mu: 1, sigma: 0.5 }, 200],
    [{ kind: 'normal', mean: 5, sd: 2 }, 40],
    [{ kind: 'normal', mean: 1, sd: 3 }, 40],
    [{ kind: 'uniform', min: 2, max: 7 }, 7],
  ];
  it.each(cases)('%o: E[X], E[X^2], E[X^3] equal the integrals of the survival function', (law, upper) => {
    const m = lawMoments(law);
    for (let k = 1; k <= 3; k++) expect(relErr(m[k - 1], integrated(law, k, upper))).toBeLessThan(1e-6);
  });
  it('fixed and empirical laws: powers and sample moments', () => {
    expect(lawMoments({ kind: 'fixed', value: 3 })).toEqual([3, 9, 27]);
    expect(lawMoments({ kind: 'empirical', samples: [1, 2, 3] })).toEqual([2, 14 / 3, 12]);
  });
});
