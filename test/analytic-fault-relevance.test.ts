/**
 * Issue 11 item 25: a rate fault counts in the analytic failure frequency (MTBF) only as far as it can
 * take the system down. Reference: the frequency-duration method for independent two-state units
 * (Billinton & Allan, "Reliability Evaluation of Engineering Systems", 2nd ed., 1992, ch. 11):
 * series of X, Y: f = f_X A_Y + f_Y A_X; parallel of X, Y: f = f_X Q_Y + f_Y Q_X; a unit of MTTF m and
 * MTTR r has f = 1/(m + r), A = m/(m + r). A fault arriving at rate r_f with duration d holds its target
 * down with probability 1 - e^{-r_f d} and starts (from idle) with frequency r_f e^{-r_f d} (M/G/infinity
 * occupancy; Ross, "Stochastic Processes", 2nd ed., 1996). Computed by hand here, not by src/analytic.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { instanceInfo } from '../src/analytic/assumptions.js';
import { analyze } from '../src/analytic/expectations.js';
import { analyzeIndependent } from '../src/analytic/independent.js';
import { loadScenario } from '../src/scenario-document/load.js';
import { component, fault, H, parallel, scenario, YEAR } from './helpers/scenario-builders.js';
import { ROOT } from './helpers/cli.js';

describe('rate faults in the independent-components MTBF (item 25)', () => {
  // a: MTTF 1000 h, lognormal repair of mean 10 h (non-exponential: the steady-state structure function
  // path); b: MTTF 2000 h, MTTR 5 h. A zone outage of a's zone at 2/y for 4 h (fixed).
  const lognormal = { kind: 'lognormal' as const, mu: Math.log(10 * H) - 0.5 * 0.25, sigma: 0.5 };
  const sc = scenario({
    components: [component('a', { failure: 1000 * H, repair: lognormal, zones: ['z'] }), component('b', { failure: 2000 * H, repair: 5 * H })],
    system: parallel('a', 'b'),
    faults: [fault(['a'], { kind: 'zone-outage', zone: 'z', rate: 2 / YEAR, duration: 4 * H })],
  });

  it('parallel(a + zone fault, b): MTBF from the frequency-duration method', () => {
    const rf = 2 / YEAR, d = 4 * H;
    const Pf = Math.exp(-rf * d), ff = rf * Math.exp(-rf * d);
    const [ma, ra, mb, rb] = [1000 * H, 10 * H, 2000 * H, 5 * H];
    const Aa = ma / (ma + ra), fa = 1 / (ma + ra);
    const Ab = mb / (mb + rb), fb = 1 / (mb + rb);
    // Leaf X = a AND fault inactive (series); system = X parallel b.
    const AX = Aa * Pf, fX = fa * Pf + ff * Aa;
    const nu = fX * (1 - Ab) + fb * (1 - AX);
    const r = analyzeIndependent(sc, instanceInfo(sc));
    expect(r.system.mtbf).not.toBeNull();
    expect((r.system.mtbf as number) / (1 / nu)).toBeCloseTo(1, 9);
    // Counting the fault at its own rate (the old result) would give MTBF below 1/ff = 0.5 y.
    expect(r.system.mtbf as number).toBeGreaterThan(10 * YEAR);
    expect(r.notes.some((n) => /zone-outage of zone z cannot take the system down by itself/.test(n))).toBe(true);
  });

  it('api-multi-zone: the zone-c outage cannot take the 2-of-6 group down; MTBF is not its 2 y period', () => {
    // The independent-components method is the fallback over the state cap (the CTMC takes rate faults;
    // the module decomposition is turned off to reach it).
    const r = analyze(loadScenario(join(ROOT, 'scenarios/api-multi-zone.yaml')), { maxStates: 2, modules: false });
    // Without the fault: the series of parallel(lb x2), 2-of-6 api, parallel(db x2) fails far less
    // often than once in 100 years (each block needs two or five coincident failures of minutes to hours).
    expect(r.system.mtbf as number).toBeGreaterThan(100 * YEAR);
    expect(r.notes.some((n) => /zone-outage of zone c cannot take the system down by itself/.test(n))).toBe(true);
  });
});
