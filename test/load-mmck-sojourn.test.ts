/**
 * The closed-form M/M/c/K FCFS sojourn tail (src/load/queueing.ts mmcKSojournTail) against a brute-force
 * numerical integration written from the model (test/reference/mmck-sojourn.ts), the M/M/1/K identity
 * (sojourn of an arrival finding n = Erlang(n + 1, mu)) and the M/M/c limit K -> infinity (mmcSojournTail's
 * closed form, Gross & Harris).
 */
import { describe, expect, it } from 'vitest';
import { mmcKDistribution, mmcKSojournTail, mmcSojournTail } from '../src/load/queueing.js';
import { refMmcKSojournTail } from './reference/mmck-sojourn.js';

const tail = (lambda: number, mu: number, c: number, K: number, t: number) => mmcKSojournTail(mmcKDistribution(lambda, mu, c, K), mu, c, K, t);

describe('M/M/c/K sojourn tail P(W + S > t) of an accepted arrival', () => {
  const cases: [number, number, number, number, number][] = [
    // lambda, mu, c, K, t
    [50, 20, 4, 200, 1], // the bundled scenarios' host: 4 slots x 50 ms, 1 s timeout, rho 0.625
    [78, 20, 4, 200, 1], // near saturation
    [120, 20, 4, 50, 1], // overloaded: the queue limit binds
    [5, 1, 2, 3, 2.5],
    [0.9, 1, 1, 10, 4],
    [30, 2, 8, 20, 3],
  ];
  for (const [lambda, mu, c, K, t] of cases) {
    it(`lambda ${lambda}, mu ${mu}, c ${c}, K ${K}, t ${t}: equals the numerical integration to 1e-9`, () => {
      const ref = refMmcKSojournTail(lambda, mu, c, K, t);
      expect(Math.abs(tail(lambda, mu, c, K, t) - ref)).toBeLessThan(1e-9 * Math.max(ref, 1e-6));
    });
  }

  it('M/M/1/K: sum over the arrival states of pi_n P(Erlang(n + 1, mu) > t) / (1 - pi_K)', () => {
    const lambda = 3, mu = 4, K = 6, t = 1.3;
    const pi = mmcKDistribution(lambda, mu, 1, K);
    let expected = 0;
    for (let n = 0; n <= K; n++) {
      let s = 0, term = Math.exp(-mu * t);
      for (let j = 0; j <= n; j++) {
        if (j > 0) term *= (mu * t) / j;
        s += term;
      }
      expected += (pi[n] * s) / (1 - pi[K + 1]);
    }
    expect(tail(lambda, mu, 1, K, t)).toBeCloseTo(expected, 14);
  });

  it('K -> infinity: the M/M/c closed form (rho 0.7, c 4, K 2000)', () => {
    for (const t of [0.05, 0.2, 1]) expect(tail(56, 20, 4, 2000, t)).toBeCloseTo(mmcSojournTail(56, 20, 4, t), 12);
  });

  it('t <= 0 is certain; K = 0 (loss system) leaves only the service time', () => {
    expect(tail(10, 1, 3, 5, 0)).toBe(1);
    expect(tail(10, 1, 3, 0, 0.7)).toBeCloseTo(Math.exp(-0.7), 14);
  });
});
