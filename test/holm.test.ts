/**
 * Holm's step-down adjustment against the procedure as published (Holm 1979) and worked by hand, and the
 * comparison verdicts that use it.
 */
import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../src/results/holm.js';
import { verdictOf } from '../src/compare/paired.js';

describe('holmAdjust (Holm 1979)', () => {
  it('adjusts sorted p-values by (m - rank) and keeps them monotone, in input order', () => {
    // m = 4: sorted 0.01, 0.02, 0.03, 0.04 -> 4*0.01 = 0.04, 3*0.02 = 0.06, 2*0.03 = 0.06, 1*0.04 = 0.04 -> max so far 0.06.
    const adj = holmAdjust([0.03, 0.01, 0.04, 0.02]);
    expect(adj[1]).toBeCloseTo(0.04, 12);
    expect(adj[3]).toBeCloseTo(0.06, 12);
    expect(adj[0]).toBeCloseTo(0.06, 12);
    expect(adj[2]).toBeCloseTo(0.06, 12);
  });
  it('caps at 1 and leaves untested entries null without counting them', () => {
    expect(holmAdjust([0.5, null, 0.6])).toEqual([1, null, 1]);
    expect(holmAdjust([0.01, null])).toEqual([0.01, null]);
  });
});

describe('comparison verdicts with a family', () => {
  const ci = { estimate: 0.002, ci95: [0.0005, 0.0035] as [number, number], halfWidth: 0.0015, n: 30 };
  it('a CI excluding 0 is better/worse on its own', () => {
    expect(verdictOf(ci, 'higher')).toBe('better');
    expect(verdictOf(ci, 'lower')).toBe('worse');
  });
  it('is no-significant-difference when the Holm-adjusted p-value is not below 0.05', () => {
    expect(verdictOf(ci, 'higher', 0.2)).toBe('no-significant-difference');
    expect(verdictOf(ci, 'higher', 0.01)).toBe('better');
  });
});
