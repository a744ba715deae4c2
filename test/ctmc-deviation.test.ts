/**
 * Interval availability by the cumulative deviation from steady state (src/analytic/ctmc-deviation.ts)
 * against the closed form of a single repairable exponential unit (Trivedi 2016, interval availability):
 * A_I(T) = mu/(l+mu) + l/((l+mu)^2 T) (1 - e^-(l+mu)T).
 */
import { describe, expect, it } from 'vitest';
import { compileCtmc, steadyState } from '../src/analytic/ctmc.js';
import { intervalByDeviation } from '../src/analytic/ctmc-deviation.js';
import { scheduledFaultEffects } from '../src/analytic/scheduled-faults.js';
import { analyze } from '../src/analytic/expectations.js';
import { component, fault, parallel, scenario } from './helpers/scenario-builders.js';

describe('interval availability by cumulative deviation', () => {
  it('single repairable unit: equals the closed form when T >> 1/(l+mu), declines when T is short', () => {
    const l = 1 / 1000, mu = 1 / 10; // per hour
    const chain = compileCtmc({ states: 2, transitions: [{ from: 0, to: 1, rate: l }, { from: 1, to: 0, rate: mu }] });
    const { pi } = steadyState(chain);
    const p0 = Float64Array.from([1, 0]);
    const up = Uint8Array.from([1, 0]);
    const exact = (T: number) => mu / (l + mu) + (l / ((l + mu) ** 2 * T)) * (1 - Math.exp(-(l + mu) * T));
    const T = 8760;
    const r = intervalByDeviation(chain, pi, up, p0, T);
    expect(r).not.toBeNull();
    expect((1 - (r as { value: number }).value) / (1 - exact(T))).toBeCloseTo(1, 8);
    expect((r as { tau: number }).tau).toBeCloseTo(1 / (l + mu), 6);
    // 100 h is only 10 relaxation times, but Markov's bound on the neglected tail (|up.y| tau / T, about
    // 0.0097 h) is under 1% of the expected downtime (0.0099 h): accepted, and within that bound.
    const short = intervalByDeviation(chain, pi, up, p0, 100) as { value: number; tailBound: number };
    expect(short).not.toBeNull();
    expect(short.tailBound).toBeCloseTo((l / (l + mu) ** 2) * (1 / (l + mu)) / 100, 6);
    expect(Math.abs(short.value - exact(100)) * 100).toBeLessThanOrEqual(short.tailBound);
    // 20 h: the bound (0.049 h) is far above 1% of the downtime (0.002 h): left to the transient solver.
    expect(intervalByDeviation(chain, pi, up, p0, 20)).toBeNull();
  });
});

describe('scheduled faults by transient analysis', () => {
  it('single repairable unit crashed at t for d: dD = A d - (1 - A)(1 - e^-mu d)/(l + mu)', () => {
    // Held down for d: no ageing, a failed unit keeps being repaired; after d the unit relaxes to A.
    const H = 3600;
    const l = 1 / (1000 * H), mu = 1 / (10 * H), d = 2 * H;
    const sc = scenario({ components: [component('u', { failure: 1000 * H, repair: 10 * H })], horizon: 8760 * H });
    sc.faults = [fault(['u'], { at: 100 * H, duration: d })];
    const [e] = scheduledFaultEffects(sc);
    const A = mu / (l + mu);
    const exact = A * d - ((1 - A) * (1 - Math.exp(-mu * d))) / (l + mu);
    expect(e.downtime / exact).toBeCloseTo(1, 6);
  });
});

describe('scheduled faults in the analytic verdict', () => {
  it('their downtime is named as theirs, not as a start-up transient', () => {
    // Two units, one repairer (a CTMC): both crashed for a week at day 100. The extra downtime (about a week,
    // far above 1% of the steady-state downtime) moves the interval availability away from the steady state.
    const H = 3600;
    const sc = scenario({ components: [component('u', { count: 2, failure: 1000 * H, repair: 10 * H, crew: 'ops' })], crews: { ops: 1 }, system: parallel('u[1]', 'u[2]'), horizon: 8760 * H });
    sc.faults = [fault(['u[1]', 'u[2]'], { at: 2400 * H, duration: 168 * H })];
    const r = analyze(sc);
    expect(r.method).toMatch(/^CTMC/);
    expect(r.violations.some((v) => v.startsWith('scheduled faults present ('))).toBe(true);
    expect(r.violations.filter((v) => v.startsWith('start-up transient'))).toEqual([]);
    expect(1 - (r.system.intervalAvailability.value as number)).toBeGreaterThan((168 / 8760) * 0.99);
  });
});

