/**
 * Issue 11 item 12 (confidence intervals respect the support; zero outages give a one-sided bound) and
 * item 23 (MTTFF with censored replications). References: the Clopper-Pearson bound for 0 events in n
 * trials as the Beta(1, n) quantile (Clopper & Pearson, Biometrika 26, 1934; rule of three, Hanley &
 * Lippman-Hand, JAMA 249, 1983) computed with jStat; the k-out-of-n reliability without repair
 * R(t) = sum_{i>=k} C(n,i) e^{-i l t} (1 - e^{-l t})^{n-i} and MTTF = (1/l) sum_{i=k}^{n} 1/i (Rausand &
 * Høyland, "System Reliability Theory", 2nd ed., 2004, sec. 6.x, k-out-of-n structures), integrated here.
 */
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analytic/expectations.js';
import { buildResults } from '../src/results/build.js';
import { fractionMeanEstimate, meanEstimate, NON_NEGATIVE, UNIT_INTERVAL } from '../src/results/estimators.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import { yaml } from './helpers/data.js';

const YEAR = 365 * 86400;

describe('CIs inside the support (item 12)', () => {
  it('availability with no outage in any of 200 replications: one-sided bound 1 - Beta(0.95; 1, 200)', () => {
    const run = runScenario(parseScenario(yaml(`
      name: never down
      horizon: 30d
      replications: 200
      seed: 5
      components:
        a: { failure: { exponential: { mttf: 1000y } }, repair: { exponential: { mttr: 1h } } }
        b: { failure: { exponential: { mttf: 1000y } }, repair: { exponential: { mttr: 1h } } }
      system: { parallel: [a, b] }
    `)));
    const sys = run.accumulator.system();
    expect(sys.outagesPerYear.estimate).toBe(0);
    const upper = jStat.beta.inv(0.95, 1, 200); // Clopper-Pearson, 0 of 200, one-sided 95%
    expect(upper).toBeCloseTo(3 / 200, 3); // rule of three
    expect(sys.availability.estimate).toBe(1);
    expect(sys.availability.ci95?.[1]).toBe(1);
    expect(sys.availability.ci95?.[0]).toBeCloseTo(1 - upper, 12);
    expect(sys.availability.interval).toBe('one-sided');
    expect(sys.unavailability.ci95?.[0]).toBe(0);
    expect(sys.unavailability.ci95?.[1]).toBeCloseTo(upper, 12);
  });

  it('availability of rare long outages with few replications stays inside [0, 1]', () => {
    // One replication of 20 down for half its window: the t-interval would pass 100%.
    const xs = [...new Array(19).fill(1), 0.5];
    const raw = meanEstimate(xs);
    expect((raw.ci95 as [number, number])[1]).toBeGreaterThan(1);
    const e = fractionMeanEstimate(xs);
    expect(e.ci95?.[1]).toBe(1);
    expect(e.ci95?.[0]).toBe(raw.ci95?.[0]);
  });

  it('durations and ratios are clipped to their support', () => {
    const d = meanEstimate([0, 0, 0, 0, 10], NON_NEGATIVE);
    expect(d.ci95?.[0]).toBe(0);
    const r = meanEstimate([1, 1, 1, 0.2], UNIT_INTERVAL);
    expect(r.ci95?.[1]).toBe(1);
  });
});

describe('MTTFF with censored replications (item 23)', () => {
  // 2-of-4, no repair, exponential units with MTTF 15 y: exact MTTF = 15 y (1/2 + 1/3 + 1/4) = 16.25 y.
  const l = 1 / (15 * YEAR);
  const R = (t: number) => {
    const p = Math.exp(-l * t);
    return 6 * p * p * (1 - p) ** 2 + 4 * p ** 3 * (1 - p) + p ** 4;
  };
  /** Restricted mean integral_0^T R(t) dt, composite Simpson with 2000 panels. */
  const restricted = (T: number) => {
    const n = 2000, h = T / n;
    let s = R(0) + R(T);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * R(i * h);
    return (s * h) / 3;
  };
  const scenario = () =>
    parseScenario(yaml(`
      name: 2-of-4 without repair
      horizon: 10y
      replications: 2000
      seed: 23
      components:
        u: { count: 4, failure: { exponential: { mttf: 15y } }, repair: none }
      system: { k_of_n: { k: 2, of: [u] } }
    `));

  it('exact MTTF 16.25 y (closed form) is what analyze prints', () => {
    const exact = 15 * YEAR * (1 / 2 + 1 / 3 + 1 / 4);
    expect(exact / YEAR).toBeCloseTo(16.25, 12);
    expect(analyze(scenario()).system.mttff).toBeCloseTo(exact, -2);
  });

  it('the simulated value is the restricted mean E[min(T, 10 y)] with a CI containing the exact one', () => {
    const sc = scenario();
    const run = runScenario(sc);
    const doc = buildResults(run, analyze(sc));
    const m = doc.system.mttff;
    expect(m.censored).toBeGreaterThan(0);
    expect(m.method).toBe('restricted-mean');
    expect(m.restrictedTo).toBe(10 * YEAR);
    const exact = restricted(10 * YEAR);
    const [lo, hi] = m.ci95 as [number, number];
    expect(exact).toBeGreaterThanOrEqual(lo);
    expect(exact).toBeLessThanOrEqual(hi);
    // Never above the true MTTF, unlike the constant-rate (total time on test) estimate of 980 y.
    expect(hi).toBeLessThan(16.25 * YEAR);
    const c = doc.comparison.find((x) => x.metric === 'mttff');
    expect(c?.verdict).toBe('agrees');
    expect(c?.explanation).toMatch(/lower bound/);
  });
});
