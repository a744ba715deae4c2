/**
 * N-k load capacity (Erlang C, M/M/c) against textbook values: exact small cases (Kleinrock 1975, sec. 3.5:
 * M/M/1 P(wait) = rho; M/M/2 C = 2 rho^2 / (1 + rho)), the Erlang C table values for 10 Erlangs, and an
 * independent computation of C(c, a) by the direct sum formula (not the Erlang B recursion the code uses).
 */
import { describe, expect, it } from 'vitest';
import { minimumServers, nkAnalysis, queueMeasures, waitExceedance, waitQuantile } from '../src/plan/erlang-nk.js';

/** C(c, a) by the direct formula: (a^c/c! * c/(c-a)) / (sum_{j<c} a^j/j! + a^c/c! * c/(c-a)). */
function erlangCDirect(c: number, a: number): number {
  let term = 1;
  let sum = 0;
  for (let j = 0; j < c; j++) {
    sum += term;
    term *= a / (j + 1);
  }
  const top = term * (c / (c - a));
  return top / (sum + top);
}

describe('Erlang C waiting measures', () => {
  it('M/M/1: P(wait) = rho, mean wait = rho / (mu - lambda), P(W > t) = rho e^{-(mu - lambda) t}', () => {
    const m = queueMeasures(8, 10, 1, {});
    expect(m.probabilityOfWaiting).toBeCloseTo(0.8, 12);
    expect(m.meanWait).toBeCloseTo(0.8 / 2, 12);
    expect(waitExceedance(8, 10, 1, 0.5)).toBeCloseTo(0.8 * Math.exp(-2 * 0.5), 12);
    // p99: 0.8 e^{-2 t} = 0.01 -> t = ln(80) / 2
    expect(waitQuantile(8, 10, 1, 0.99)).toBeCloseTo(Math.log(80) / 2, 12);
  });

  it('M/M/2: C = 2 rho^2 / (1 + rho); exact table values C(2, 1) = 1/3 and C(3, 2) = 4/9', () => {
    const rho = 0.7;
    expect(queueMeasures(2 * rho, 1, 2, {}).probabilityOfWaiting).toBeCloseTo((2 * rho * rho) / (1 + rho), 12);
    expect(queueMeasures(1, 1, 2, {}).probabilityOfWaiting).toBeCloseTo(1 / 3, 12);
    expect(queueMeasures(2, 1, 3, {}).probabilityOfWaiting).toBeCloseTo(4 / 9, 12);
  });

  it('matches the Erlang C table for 10 Erlangs (0.6821 with 11 servers, 0.4494 with 12, 0.2853 with 13)', () => {
    expect(queueMeasures(10, 1, 11, {}).probabilityOfWaiting).toBeCloseTo(0.6821, 4);
    expect(queueMeasures(10, 1, 12, {}).probabilityOfWaiting).toBeCloseTo(0.4494, 4);
    expect(queueMeasures(10, 1, 13, {}).probabilityOfWaiting).toBeCloseTo(0.2853, 4);
  });

  it('agrees with the direct sum formula over a range of loads', () => {
    for (const [a, c] of [[0.5, 1], [3.6, 4], [3.6, 5], [20, 25], [48, 55], [90, 100]]) {
      expect(queueMeasures(a * 250, 250, c, {}).probabilityOfWaiting).toBeCloseTo(erlangCDirect(c, a), 10);
    }
  });

  it('reports an unstable queue instead of throwing', () => {
    const m = queueMeasures(1000, 250, 4, { waitP99: 1 });
    expect(m.stable).toBe(false);
    expect(m.meetsSlo).toBe(false);
    expect(m.meanWait).toBeNull();
    expect(queueMeasures(1, 1, 0, {}).stable).toBe(false);
  });
});

describe('N-k capacity', () => {
  const load = { component: 'web', arrivalRate: 900, serviceRatePerInstance: 250, latencySlo: { waitP99: 0.05 }, maxDown: 2 };

  it('c* is the smallest c whose p99 wait C e^{-(c mu - lambda) t} <= 1% at t = 50 ms', () => {
    const ok = (c: number) => c * 250 > 900 && erlangCDirect(c, 3.6) * Math.exp(-(c * 250 - 900) * 0.05) <= 0.01;
    const expected = [1, 2, 3, 4, 5, 6].find(ok);
    expect(minimumServers(900, 250, { waitP99: 0.05 })).toBe(expected);
    expect(ok((expected as number) - 1)).toBe(false);
  });

  it('the table for k = 0..max_down uses N - k servers and the minimum N is c* + k', () => {
    const nk = nkAnalysis(load, 5);
    const cStar = minimumServers(900, 250, { waitP99: 0.05 });
    expect(nk.rows.map((r) => r.servers)).toEqual([5, 4, 3]);
    expect(nk.rows.map((r) => r.minimumInstances)).toEqual([cStar, cStar + 1, cStar + 2]);
    expect(nk.rows.map((r) => r.meetsSlo)).toEqual([5, 4, 3].map((c) => c >= cStar));
    expect(nk.toleratedDown).toBe(5 - cStar);
    expect(nk.meetsNk).toBe(5 - 2 >= cStar);
  });

  it('mean-wait and utilisation objectives', () => {
    // M/M/1 with rho = 0.8: Wq = 0.4 s; a 0.5 s mean-wait objective holds with 1 server, utilisation 70% needs 2.
    expect(minimumServers(8, 10, { waitMean: 0.5 })).toBe(1);
    expect(minimumServers(8, 10, { waitMean: 0.5, maxUtilisation: 0.7 })).toBe(2);
  });
});
