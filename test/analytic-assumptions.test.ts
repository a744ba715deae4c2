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
import { join } from 'node:path';
import { loadScenario, parseScenario } from '../src/scenario-document/load.js';
import { ROOT } from './helpers/cli.js';
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
    expect(v).toMatch(/3[23] slowest time constants 1\/\(lambda\+mu\) = 9\.23 h/);
  });
});

describe('injected faults owned by areas (not "no injected faults")', () => {
  it('a latency spike (load area) and a blackhole (traffic area, titled Requests) are named as outside the availability model', () => {
    const spike = analyze(loadScenario(join(ROOT, 'scenarios/metastable.yaml')));
    expect(spike.assumptions).not.toContain('no injected faults');
    expect(spike.assumptions.join('\n')).toMatch(/no injected crash or zone-outage faults; the scenario's other injected faults, latency-spike \(Load\), act on their area/);
    const blackhole = analyze(
      parseScenario(yaml(`
        name: blackhole
        horizon: 30m
        components:
          api: { count: 4, failure: { exponential: { mtbf: 1h } }, repair: { exponential: { mttr: 10m } } }
        services:
          api: { instances: api, service_time: { fixed: 30ms } }
        faults:
          - { kind: blackhole, target: "api[2]", rate: 1/15m, duration: 2m }
        traffic: { entry: api, rate: 20/s }
      `)),
    );
    expect(blackhole.assumptions.join('\n')).toMatch(/other injected faults, blackhole \(Requests\),/);
    // Without any injected fault the assumption stays as it was.
    const none = analyze(parseScenario(yaml(`
      name: none
      horizon: 30m
      components:
        api: { count: 4, failure: { exponential: { mtbf: 1h } }, repair: { exponential: { mttr: 10m } } }
    `)));
    expect(none.assumptions).toContain('no injected faults');
  });
});
