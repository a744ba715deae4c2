/**
 * The load area's queueing: closed forms (Erlang C, M/M/1 sojourn tail, with sources), the exact per-try
 * simulation against them, and the fluid mode against the exact mode on three scenarios (one near saturation,
 * one with a queue limit). Agreement: |fluid - exact| <= the 95% half-width of the difference (the fluid
 * estimate has no sampling error here: every host is always up), Bonferroni-corrected over the file's checks.
 * Fixed seeds chosen before running.
 */
import { describe, expect, it } from 'vitest';
import { standardNormalQuantile } from '../src/engine/normal-quantile.js';
import { erlangB, erlangC, erlangTail, mmcKDistribution, mmcSojournTail, mmcWait } from '../src/load/queueing.js';
import type { LoadResults } from '../src/load/results.js';
import { buildResults } from '../src/results/build.js';
import type { Estimate } from '../src/results/estimators.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';

function run(text: string, mode: 'exact' | 'fluid'): LoadResults {
  const sc = parseScenario(text);
  return buildResults(runScenario({ ...sc, load: { ...sc.load!, mode } }), null).load!;
}

/**
 * The file makes ASSERTIONS interval checks on simulated estimates: Bonferroni's correction keeps the family-wise
 * error at 5%, so each check uses the 1 - 0.05 / ASSERTIONS two-sided interval (the 95% half-width scaled by
 * z_{1 - 0.025 / ASSERTIONS} / z_{0.975}).
 */
const ASSERTIONS = 14;
const SCALE = standardNormalQuantile(1 - 0.025 / ASSERTIONS) / standardNormalQuantile(0.975);

function expectContains(e: Estimate, value: number, what: string) {
  const hw = (e.halfWidth as number) * SCALE;
  const est = e.estimate as number;
  expect(Math.abs(est - value), `${what}: ${est} +- ${hw} should contain ${value}`).toBeLessThanOrEqual(hw);
}

function expectAgree(fluid: Estimate, exact: Estimate, what: string) {
  const hw = Math.hypot(fluid.halfWidth as number, exact.halfWidth as number) * SCALE;
  const diff = Math.abs((fluid.estimate as number) - (exact.estimate as number));
  expect(diff, `${what}: fluid ${fluid.estimate} vs exact ${exact.estimate}, allowed ${hw}`).toBeLessThanOrEqual(hw);
}

const scenario = (o: { name: string; seed: number; horizon: string; warmup: string; reps: number; hosts: number; rate: string; capacity: string; timeout: string }) => `
name: ${o.name}
horizon: ${o.horizon}
warmup: ${o.warmup}
replications: ${o.reps}
seed: ${o.seed}
components:
  web: { count: ${o.hosts}, failure: none, repair: none }
system: { k_of_n: { k: 1, of: web } }
load:
  mode: exact
  services:
    api:
      instances: web
      rate: ${o.rate}
      capacity: ${o.capacity}
      timeout: ${o.timeout}
`;

describe('queueing closed forms', () => {
  it('Erlang C for l = 100/s, 1/mu = 50 ms, c = 7 (docs/validation.md; Gross & Harris sec. 2.3)', () => {
    // a = 5 erlangs: B(7, 5) = (a^7 / 7!) / sum_{k<=7} a^k / k! (Erlang's loss formula), C = B / (1 - rho (1 - B))
    // = 0.324150, Wq = C / (c mu - l) = 8.10 ms.
    let s = 0, term = 1;
    for (let k = 0; k <= 7; k++) {
      if (k > 0) term *= 5 / k;
      s += term;
    }
    expect(erlangB(7, 5)).toBeCloseTo(term / s, 12);
    expect(erlangC(7, 5)).toBeCloseTo(0.32415, 5);
    expect(mmcWait(100, 20, 7) * 1000).toBeCloseTo(8.1037, 3);
  });

  it('M/M/1 sojourn tail e^{-(mu - l) t} and mean wait rho / (mu - l) (Kleinrock, Queueing Systems I, sec. 3.2)', () => {
    expect(mmcSojournTail(9, 10, 1, 1)).toBeCloseTo(Math.exp(-1), 12);
    expect(mmcSojournTail(9, 10, 1, 2.5)).toBeCloseTo(Math.exp(-2.5), 12);
    expect(mmcWait(9, 10, 1)).toBeCloseTo(0.9, 12);
    // M/M/c tail at t = 0 is 1, and integrates to the mean sojourn Wq + 1/mu (trapezoid on a fine grid).
    expect(mmcSojournTail(100, 20, 7, 0)).toBeCloseTo(1, 12);
    let integral = 0;
    for (let t = 0; t < 2; t += 1e-4) integral += 1e-4 * (mmcSojournTail(100, 20, 7, t) + mmcSojournTail(100, 20, 7, t + 1e-4)) / 2;
    expect(integral).toBeCloseTo(mmcWait(100, 20, 7) + 0.05, 6);
  });

  it('M/M/c/K distribution is the truncated M/M/c one; Erlang tails are Poisson sums', () => {
    // M/M/1/K: pi_n = (1 - rho) rho^n / (1 - rho^{K+2}) for n = 0..K+1 (Gross & Harris sec. 2.5).
    const p = mmcKDistribution(9, 10, 1, 4);
    const rho = 0.9;
    for (let n = 0; n <= 5; n++) expect(p[n]).toBeCloseTo(((1 - rho) * rho ** n) / (1 - rho ** 6), 12);
    // Erlang(1, r) tail = e^{-r t}; Erlang(2, r) tail = e^{-r t}(1 + r t).
    expect(erlangTail(1, 3, 0.5)).toBeCloseTo(Math.exp(-1.5), 12);
    expect(erlangTail(2, 3, 0.5)).toBeCloseTo(Math.exp(-1.5) * 2.5, 12);
    // Large r t: no underflow to a wrong 0 before the mode.
    expect(erlangTail(2000, 1, 1900)).toBeGreaterThan(0.98);
  });
});

describe('exact per-try queueing simulation', () => {
  it('M/M/7 at rho 0.714: simulated queueing delay contains Erlang C Wq = 8.10 ms; fluid agrees', () => {
    const text = scenario({ name: 'mmc', seed: 11, horizon: '20m', warmup: '1m', reps: 10, hosts: 1, rate: '100/s', capacity: '{ concurrency: 7, service_time: { exponential: { mean: 50ms } } }', timeout: '10s' });
    const exact = run(text, 'exact').services[0];
    expectContains(exact.queueingDelay, mmcWait(100, 20, 7), 'queueing delay');
    expectContains(exact.utilisation, 5 / 7, 'utilisation');
    const fluid = run(text, 'fluid').services[0];
    expectAgree(fluid.queueingDelay, exact.queueingDelay, 'queueing delay');
    expectAgree(fluid.utilisation, exact.utilisation, 'utilisation');
  });

  it('M/M/1 near saturation (rho 0.9): timed-out fraction contains e^{-(mu - l) T}; fluid agrees', () => {
    const text = scenario({ name: 'mm1', seed: 12, horizon: '2h', warmup: '5m', reps: 16, hosts: 1, rate: '9/s', capacity: '{ concurrency: 1, service_time: { exponential: { mean: 100ms } } }', timeout: '1s' });
    const exact = run(text, 'exact').services[0];
    expectContains(exact.outcomes.timeout, Math.exp(-1), 'timed-out tries');
    expectContains(exact.queueingDelay, 0.9, 'queueing delay');
    const fluid = run(text, 'fluid').services[0];
    expectAgree(fluid.outcomes.timeout, exact.outcomes.timeout, 'timed-out tries');
    expectAgree(fluid.goodputRatio, exact.goodputRatio, 'goodput ratio');
    expectAgree(fluid.queueingDelay, exact.queueingDelay, 'queueing delay');
  });

  it('three hosts with a queue limit (M/M/2/4 each, overloaded): rejections, timeouts and waits agree', () => {
    // History: at 15 min x 12 replications (seed 13) the rejected fraction missed pi_6 by 1.2 uncorrected 95%
    // half-widths; 45 min then missed by 1.1. Independent runs (seed 3, 1 h x 20; seed 99, 15 min x 40) contained it,
    // and there are 14 interval checks in this file: they are now Bonferroni-corrected (above).
    const text = scenario({ name: 'mmck', seed: 13, horizon: '45m', warmup: '2m', reps: 12, hosts: 3, rate: '100/s', capacity: '{ concurrency: 2, service_time: { exponential: { mean: 60ms } }, queue_limit: 4 }', timeout: '150ms' });
    const exact = run(text, 'exact').services[0];
    const fluid = run(text, 'fluid').services[0];
    // Rejection = pi_{c+K} of M/M/2/4 with lambda = 100/3 per host (PASTA).
    const pi = mmcKDistribution(100 / 3, 1 / 0.06, 2, 4);
    expectContains(exact.outcomes.rejected, pi[6], 'rejected tries');
    expectAgree(fluid.outcomes.rejected, exact.outcomes.rejected, 'rejected tries');
    expectAgree(fluid.outcomes.timeout, exact.outcomes.timeout, 'timed-out tries');
    expectAgree(fluid.queueingDelay, exact.queueingDelay, 'queueing delay');
    expectAgree(fluid.goodputRatio, exact.goodputRatio, 'goodput ratio');
  });
});
