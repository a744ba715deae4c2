import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  availabilityMeasures,
  closedClasses,
  compileCtmc,
  meanTimeToAbsorption,
  steadyState,
  type CtmcTransition,
  type SparseCtmc,
} from '../src/analytic/ctmc.js';
import { intervalAvailabilityExponential, pointAvailabilityExponential } from '../src/analytic/formulas.js';
import { poissonWeights, poissonWindow, transientAnalysis, UniformizationBudgetError } from '../src/analytic/uniformization.js';

const sig6 = (x: number) => Number(x.toPrecision(6));
const l = 0.01;
const mu = 0.1;

/** 2 units in parallel sharing one repairer: state = number of units down. */
const oneCrew: SparseCtmc = {
  states: 3,
  transitions: [
    { from: 0, to: 1, rate: 2 * l },
    { from: 1, to: 2, rate: l },
    { from: 1, to: 0, rate: mu },
    { from: 2, to: 1, rate: mu },
  ],
};
const upOneCrew = [true, true, false];

/**
 * Random irreducible chain: a ring plus random extra transitions. `spread` bounds the rates: wide spreads
 * give nearly decomposable chains, on which Gauss-Seidel is (legitimately) very slow.
 */
const randomChain = (minRate: number, maxRate: number) => fc
  .record({
    n: fc.integer({ min: 2, max: 25 }),
    seed: fc.array(fc.tuple(fc.nat(1000), fc.nat(1000), fc.double({ min: minRate, max: maxRate, noNaN: true })), { maxLength: 80 }),
    ring: fc.array(fc.double({ min: minRate, max: maxRate, noNaN: true }), { minLength: 25, maxLength: 25 }),
  })
  .map(({ n, seed, ring }) => {
    const transitions: CtmcTransition[] = [];
    for (let i = 0; i < n; i++) transitions.push({ from: i, to: (i + 1) % n, rate: ring[i] });
    for (const [a, b, r] of seed) transitions.push({ from: a % n, to: b % n, rate: r });
    return { states: n, transitions } as SparseCtmc;
  });
const irreducibleChain = randomChain(0.05, 20);
const stiffChain = randomChain(1e-6, 1e4);

describe('steady state', () => {
  it('2-unit parallel, 1 crew: A = 0.983607 (= 60/61), MTBF 610 h, MUT 600 h, MDT 10 h', () => {
    const { pi } = steadyState(oneCrew);
    expect(pi[0]).toBeCloseTo(50 / 61, 14);
    expect(pi[1]).toBeCloseTo(10 / 61, 14);
    expect(pi[2]).toBeCloseTo(1 / 61, 14);
    const m = availabilityMeasures(oneCrew, pi, upOneCrew);
    expect(sig6(m.availability)).toBe(0.983607);
    expect(m.availability).toBeCloseTo((mu * mu + 2 * l * mu) / (mu * mu + 2 * l * mu + 2 * l * l), 14);
    expect(m.mtbf).toBeCloseTo(610, 9);
    expect(m.mut).toBeCloseTo(600, 9);
    expect(m.mdt).toBeCloseTo(10, 9);
  });

  it('GTH, LU, Gauss-Seidel and power iteration agree on random irreducible chains', () => {
    fc.assert(
      fc.property(irreducibleChain, (chain) => {
        const g = steadyState(chain, { method: 'gth' });
        const lu = steadyState(chain, { method: 'lu' });
        const gs = steadyState(chain, { denseLimit: 0, maxIterations: 200000 });
        expect(g.residual).toBeLessThan(1e-12);
        let sum = 0;
        for (let i = 0; i < chain.states; i++) {
          sum += g.pi[i];
          expect(g.pi[i]).toBeGreaterThan(0);
          expect(Math.abs(lu.pi[i] - g.pi[i])).toBeLessThan(1e-9);
          expect(Math.abs(gs.pi[i] - g.pi[i])).toBeLessThan(1e-9 * Math.max(1, g.pi[i]));
        }
        expect(sum).toBeCloseTo(1, 14);
      }),
      { numRuns: 60 },
    );
  });

  it('GTH and LU agree on stiff random chains (rates spanning 10 orders of magnitude)', () => {
    fc.assert(
      fc.property(stiffChain, (chain) => {
        const g = steadyState(chain, { method: 'gth' });
        const lu = steadyState(chain, { method: 'lu' });
        expect(g.residual).toBeLessThan(1e-12);
        // LU's forward error grows with the condition number kappa ~ max rate / min rate = 1e10 here: a
        // backward-stable solve gives |error| <= c n kappa eps (Higham, "Accuracy and Stability of Numerical
        // Algorithms", 2nd ed., 2002, thm. 9.4 with sec. 7.1). GTH's residual stays at rounding level.
        const bound = chain.states * (1e4 / 1e-6) * Number.EPSILON;
        for (let i = 0; i < chain.states; i++) expect(Math.abs(lu.pi[i] - g.pi[i])).toBeLessThan(bound);
      }),
      { numRuns: 60 },
    );
  });

  it('power iteration on a small chain', () => {
    const r = steadyState(oneCrew, { method: 'power' });
    expect(r.method).toBe('power');
    expect(r.pi[2]).toBeCloseTo(1 / 61, 10);
  });

  it('GTH keeps tiny probabilities accurate (stiff birth-death chain)', () => {
    // Birth-death: up rate 1e-6, down rate 1: pi_k proportional to 1e-6^k.
    const n = 6;
    const transitions: CtmcTransition[] = [];
    for (let k = 0; k + 1 < n; k++) {
      transitions.push({ from: k, to: k + 1, rate: 1e-6 }, { from: k + 1, to: k, rate: 1 });
    }
    const { pi } = steadyState({ states: n, transitions });
    const z = (1 - 1e-36) / (1 - 1e-6);
    for (let k = 0; k < n; k++) expect(pi[k] / (1e-6 ** k / z)).toBeCloseTo(1, 12);
  });

  it('large chains use Gauss-Seidel: 14 independent repairable units (16384 states)', () => {
    const n = 14;
    const lam = Array.from({ length: n }, (_, i) => 1e-4 * (1 + i));
    const rep = Array.from({ length: n }, (_, i) => 0.1 / (1 + (i % 3)));
    const transitions: CtmcTransition[] = [];
    for (let s = 0; s < 1 << n; s++) {
      for (let i = 0; i < n; i++) {
        const t = s ^ (1 << i);
        transitions.push({ from: s, to: t, rate: s & (1 << i) ? rep[i] : lam[i] });
      }
    }
    const r = steadyState({ states: 1 << n, transitions });
    expect(r.method).toBe('Gauss-Seidel');
    // Product form: P(all up) = prod mu/(l+mu); P(only unit 3 down) = that x l3/mu3.
    const allUp = lam.reduce((p, x, i) => p * (rep[i] / (x + rep[i])), 1);
    expect(r.pi[0] / allUp).toBeCloseTo(1, 10);
    expect(r.pi[1 << 3] / ((allUp * lam[3]) / rep[3])).toBeCloseTo(1, 10);
  });

  it('iterative solvers fail with a clear error when out of budget', () => {
    const n = 3000;
    const transitions: CtmcTransition[] = [];
    for (let k = 0; k + 1 < n; k++) transitions.push({ from: k, to: k + 1, rate: 0.99 }, { from: k + 1, to: k, rate: 1 });
    expect(() => steadyState({ states: n, transitions }, { method: 'gauss-seidel', maxIterations: 50 })).toThrow(/did not converge in 50 iterations on 3000 states/);
  });

  it('ignores transient states and rejects several closed classes', () => {
    const chain: SparseCtmc = {
      states: 4,
      transitions: [
        { from: 0, to: 1, rate: 1 },
        { from: 1, to: 2, rate: 2 },
        { from: 2, to: 1, rate: 1 },
        { from: 3, to: 0, rate: 5 },
      ],
    };
    const { pi } = steadyState(chain);
    expect(pi[0]).toBe(0);
    expect(pi[3]).toBe(0);
    expect(pi[1]).toBeCloseTo(1 / 3, 14);
    expect(closedClasses(compileCtmc(chain))).toEqual([[1, 2]]);
    const two: SparseCtmc = { states: 3, transitions: [{ from: 0, to: 1, rate: 1 }, { from: 0, to: 2, rate: 1 }] };
    expect(() => steadyState(two)).toThrow(/2 closed classes/);
  });

  it('validates input', () => {
    expect(() => compileCtmc({ states: 2, transitions: [{ from: 0, to: 2, rate: 1 }] })).toThrow(RangeError);
    expect(() => compileCtmc({ states: 2, transitions: [{ from: 0, to: 1, rate: -1 }] })).toThrow(RangeError);
    expect(() => compileCtmc({ states: 0, transitions: [] })).toThrow(RangeError);
  });
});

describe('mean time to absorption', () => {
  it('2-unit parallel MTTF from all-up is 650 h (both methods)', () => {
    const absorbing = [false, false, true];
    expect(meanTimeToAbsorption(oneCrew, 0, absorbing)).toBeCloseTo(650, 9);
    expect(meanTimeToAbsorption(oneCrew, 0, absorbing, { absorptionMethod: 'lu' })).toBeCloseTo(650, 9);
    expect(meanTimeToAbsorption(oneCrew, 1, absorbing)).toBeCloseTo(600, 9);
    expect(meanTimeToAbsorption(oneCrew, 2, absorbing)).toBe(0);
  });

  it('regenerative and LU methods agree on random chains', () => {
    fc.assert(
      fc.property(irreducibleChain, fc.nat(), (chain, pick) => {
        const n = chain.states;
        const absorbing = Array.from({ length: n }, (_, i) => i === n - 1 || (n > 3 && i === 1 + (pick % (n - 2))));
        const a = meanTimeToAbsorption(chain, 0, absorbing);
        const b = meanTimeToAbsorption(chain, 0, absorbing, { absorptionMethod: 'lu' });
        expect(a / b).toBeCloseTo(1, 8);
        const stiff = meanTimeToAbsorption(chain, 0, absorbing, { method: 'gth' });
        expect(stiff / b).toBeCloseTo(1, 8);
        // The iterative path (Gauss-Seidel, power iteration if Gauss-Seidel stagnates).
        const gs = meanTimeToAbsorption(chain, 0, absorbing, { denseLimit: 0, maxIterations: 200000 });
        expect(gs / b).toBeCloseTo(1, 7);
      }),
      { numRuns: 60 },
    );
  });

  it('Infinity when absorption is not certain or impossible', () => {
    const chain: SparseCtmc = { states: 3, transitions: [{ from: 0, to: 1, rate: 1 }, { from: 0, to: 2, rate: 1 }] };
    expect(meanTimeToAbsorption(chain, 0, [false, false, true])).toBe(Infinity);
    expect(meanTimeToAbsorption({ states: 2, transitions: [{ from: 0, to: 1, rate: 1 }, { from: 1, to: 0, rate: 1 }] }, 0, [false, false])).toBe(Infinity);
  });

  it('pure death chain: sum of holding times', () => {
    const chain: SparseCtmc = { states: 3, transitions: [{ from: 0, to: 1, rate: 2 }, { from: 1, to: 2, rate: 4 }] };
    expect(meanTimeToAbsorption(chain, 0, [false, false, true])).toBeCloseTo(0.75, 14);
  });
});

describe('uniformization', () => {
  const single: SparseCtmc = { states: 2, transitions: [{ from: 0, to: 1, rate: l }, { from: 1, to: 0, rate: mu }] };
  const e0 = Float64Array.of(1, 0);

  it('Poisson weights: small and huge means, mass and mode', () => {
    for (const lambda of [0, 1e-3, 0.7, 5, 30, 1234.5, 1e6]) {
      const w = poissonWeights(lambda, 1e-12);
      const total = w.weights.reduce((s, x) => s + x, 0);
      expect(total).toBeCloseTo(1, 12);
      if (lambda > 0 && lambda < 50) {
        // Compare with the explicit pmf.
        for (let k = w.left; k <= w.right; k++) {
          let logp = -lambda + k * Math.log(lambda);
          for (let j = 2; j <= k; j++) logp -= Math.log(j);
          expect(w.weights[k - w.left]).toBeCloseTo(Math.exp(logp), 12);
        }
      }
      if (lambda === 1e6) {
        expect(w.left).toBeGreaterThan(1e6 - 10000);
        expect(w.right).toBeLessThan(1e6 + 10000);
      }
      // The window alone (transientAnalysis allocates a point's weights only when the iteration reaches it).
      expect(poissonWindow(lambda, 1e-12)).toEqual({ left: w.left, right: w.right });
      expect(w.weights.length).toBe(w.right - w.left + 1);
    }
  });

  it('single-unit point availability equals the closed form (MTTF 1000 h, MTTR 10 h, t = 10 h -> 0.993705)', () => {
    const times = [0, 1, 10, 50, 200];
    const pts = transientAnalysis(single, e0, times);
    times.forEach((t, k) => expect(pts[k].distribution[0]).toBeCloseTo(pointAvailabilityExponential(l, mu, t), 10));
    const validation: SparseCtmc = { states: 2, transitions: [{ from: 0, to: 1, rate: 1e-3 }, { from: 1, to: 0, rate: 0.1 }] };
    const [v] = transientAnalysis(validation, e0, [10]);
    expect(sig6(v.distribution[0])).toBe(0.993705);
    // Occupation: interval availability.
    expect(pts[3].occupation[0] / 50).toBeCloseTo(intervalAvailabilityExponential(l, mu, 50), 10);
  });

  it('tends to the steady state at large t (with and without steady-state detection)', () => {
    const { pi } = steadyState(single);
    const t = 1e7;
    const [p] = transientAnalysis(single, e0, [t], { limit: pi });
    expect(p.distribution[0]).toBeCloseTo(pi[0], 12);
    expect(p.occupation[0] / t).toBeCloseTo(intervalAvailabilityExponential(l, mu, t), 10);
    const [q] = transientAnalysis(single, e0, [5000]);
    expect(q.distribution[0]).toBeCloseTo(pi[0], 10);
  });

  it('absorbing chains: reliability of the 2-unit parallel with one crew matches the MTTF by integration', () => {
    const abs: SparseCtmc = { states: 3, transitions: oneCrew.transitions.filter((x) => x.from !== 2) };
    const times = Array.from({ length: 400 }, (_, i) => (i + 0.5) * 25);
    const pts = transientAnalysis(abs, Float64Array.of(1, 0, 0), times, { absorbing: [false, false, true] });
    const integral = pts.reduce((s, p) => s + (1 - p.distribution[2]) * 25, 0);
    expect(integral / 650).toBeCloseTo(1, 4);
    // R(t) decreases.
    for (let k = 1; k < pts.length; k++) expect(pts[k].distribution[2]).toBeGreaterThanOrEqual(pts[k - 1].distribution[2] - 1e-15);
  });

  it('stiff chains: fails fast, predicting from the convergence rate that the budget cannot suffice', () => {
    // A slow pair (rates 1e-6) next to a fast state (rates 1): Lambda ~ 2, relaxation ~ 5e5 s.
    const stiff: SparseCtmc = {
      states: 3,
      transitions: [
        { from: 0, to: 1, rate: 1e-6 },
        { from: 1, to: 0, rate: 1e-6 },
        { from: 0, to: 2, rate: 1 },
        { from: 2, to: 0, rate: 1 },
      ],
    };
    const { pi } = steadyState(stiff);
    const start = performance.now();
    expect(() => transientAnalysis(stiff, Float64Array.of(1, 0, 0), [1e8], { limit: pi, maxWork: 1e7 })).toThrow(/predicted from the convergence rate/);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('enforces the work budget and validates input', () => {
    expect(() => transientAnalysis(single, e0, [1e9], { maxWork: 1e4 })).toThrow(UniformizationBudgetError);
    expect(() => transientAnalysis(single, Float64Array.of(0.5, 0.2), [1])).toThrow(RangeError);
    expect(() => transientAnalysis(single, e0, [-1])).toThrow(RangeError);
  });
});
