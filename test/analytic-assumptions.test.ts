/**
 * Issue 11 items 22 and 26: what the analytic step says about fixed (lattice) laws and start-up
 * transients. References: a deterministic schedule worked by hand (five units of 900 h up / 100 h down
 * started together are up and down together: up 8 x 900 h + 760 h of 8760 h); the interval availability
 * of a two-state Markov unit, (1/T) integral_0^T A(t) dt = mu/(l+mu) + l/((l+mu)^2 T) (1 - e^{-(l+mu)T})
 * (Trivedi, "Probability and Statistics with Reliability, Queuing and Computer Science Applications",
 * 2nd ed., 2016, interval availability).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analytic/expectations.js';
import { buildResults } from '../src/results/build.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import { yaml } from './helpers/data.js';

describe('fixed (lattice) laws started together (item 22)', () => {
  const sc = () =>
    parseScenario(yaml(`
      name: five fixed units in series
      horizon: 1y
      replications: 20
      seed: 3
      components:
        u: { count: 5, failure: { fixed: 900h }, repair: { fixed: 100h } }
      system: { series: [u] }
    `));

  it('the units stay in phase: simulated 7960/8760, and the product 0.9^5 is flagged, not called a bug', () => {
    const s = sc();
    const an = analyze(s);
    expect(an.system.availability).toBeCloseTo(0.9 ** 5, 12); // what independence would give
    expect(an.approximate).toBe(true);
    expect(an.violations.some((v) => /stay in phase/.test(v) && /independence/.test(v))).toBe(true);
    expect(an.notes.some((n) => /steady-state values exact/.test(n))).toBe(false);
    expect(an.violations.some((v) => /1\/\(lambda\+mu\)/.test(v))).toBe(false);
    const doc = buildResults(runScenario(s), an);
    expect(doc.system.availability.estimate).toBeCloseTo(7960 / 8760, 12);
    const c = doc.comparison.find((x) => x.metric === 'availability');
    expect(c?.verdict).toBe('differs');
    expect(c?.explanation).toMatch(/stay in phase/);
    expect(doc.comparison.every((x) => !/it is a bug/.test(x.explanation))).toBe(true);
  });
});

describe('start-up transient text (item 26)', () => {
  it('horizon 300 h at 32 time constants of 9.231 h: states the bias with the interval value, not "is not >>"', () => {
    const an = analyze(parseScenario(yaml(`
      name: one unit
      horizon: 300h
      replications: 10
      seed: 1
      components:
        u: { failure: { exponential: { mttf: 120h } }, repair: { exponential: { mttr: 10h } } }
      system: u
    `)));
    const l = 1 / 120, mu = 1 / 10, T = 300;
    const interval = mu / (l + mu) + (l / ((l + mu) ** 2 * T)) * (1 - Math.exp(-(l + mu) * T));
    const v = an.violations.find((x) => /start-up transient/.test(x));
    expect(v).toBeDefined();
    expect(v).not.toMatch(/is not >>/);
    expect(v).toContain(interval.toFixed(6));
    expect(v).toMatch(/3[23] slowest time constants 1\/\(lambda\+mu\) = 9\.231h/);
  });
});
