/**
 * Envoy retry budget (item 1 of issue 11): the exact mode against test/reference/retry-budget.ts, a small
 * separate simulation written from Envoy's documented rule (cluster.v3.CircuitBreakers.Thresholds.RetryBudget).
 * Case from the issue: 1000 req/s, every try 100 ms, failure 0.5, one retry, budget 20%, min 3, where
 * Envoy's rule gives 0.6227; and 2 of 6 hosts blackholed (no other failure), 0.8217.
 * The two estimates are independent: their difference must lie within sqrt(hw_sim^2 + hw_ref^2)
 * (two-sample z test at the 5% level); seeds fixed before looking.
 */
import { describe, expect, it } from 'vitest';
import { buildResults } from '../src/results/build.js';
import { meanEstimate } from '../src/results/estimators.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import { referenceRetryBudget, type RetryBudgetCase } from './reference/retry-budget.js';

const scenario = (errorRate: string, blackhole: boolean, mode: 'exact' | 'fluid') => `
name: retry-budget
horizon: 40s
warmup: 5s
replications: ${mode === 'exact' ? 8 : 200}
seed: 1101
components:
  api: { count: 6, failure: none, repair: none }
services:
  api:
    instances: api
    service_time: 100ms
    error_rate: ${errorRate}
    timeout: 1s
    balancer:
      policy: random
      retry_policy: { num_retries: 1, per_try_timeout: 100ms, retry_budget: { budget_percent: 20%, min_retry_concurrency: 3 } }
${blackhole ? 'faults:\n  - { kind: blackhole, target: ["api[1]", "api[2]"], at: 0s, duration: 1h }' : ''}
traffic: { entry: api, rate: 1000/s, mode: ${mode} }
`;

function reference(c: Omit<RetryBudgetCase, 'warmup' | 'horizon'>) {
  const xs = Array.from({ length: 8 }, (_, i) => referenceRetryBudget({ ...c, warmup: 5, horizon: 40 }, `ref-${i}`));
  return meanEstimate(xs);
}

function simulate(errorRate: string, blackhole: boolean, mode: 'exact' | 'fluid' = 'exact') {
  return buildResults(runScenario(parseScenario(scenario(errorRate, blackhole, mode))), null).traffic!.requestSuccessRatio;
}

/** Stated accuracy of the fluid retry budget (quasi-static Erlang loss), absolute on the success ratio. */
const FLUID_BUDGET_ACCURACY = 0.002;

const base = { rate: 1000, tryTime: 0.1, hosts: 6, budgetPercent: 0.2, minRetryConcurrency: 3 };

describe('retry budget (Envoy): a retry counts only while it is in flight', () => {
  it.each([
    ['failure 0.5', '50%', false, { ...base, errorRate: 0.5, blackholed: 0 }, 0.6227],
    ['2 of 6 hosts blackholed', '0%', true, { ...base, errorRate: 0, blackholed: 2 }, 0.8217],
  ] as const)('exact mode, %s, agrees with the reference model', (_name, err, bh, c, envoy) => {
    const ref = reference(c);
    // The reference reproduces the value quoted in the issue for Envoy's rule.
    expect(Math.abs(ref.estimate! - envoy)).toBeLessThanOrEqual(ref.halfWidth! + 0.0005);
    const sim = simulate(err, bh);
    const hw = Math.sqrt(sim.halfWidth! ** 2 + ref.halfWidth! ** 2);
    expect(Math.abs(sim.estimate! - ref.estimate!), `simulated ${sim.estimate} [hw ${sim.halfWidth}] vs reference ${ref.estimate}`).toBeLessThanOrEqual(hw);
  });

  // Item 2: the fluid mode solves the fixed point of the admitted fraction (Erlang loss with the budget as
  // servers, src/traffic/retry-budget.ts) instead of one correction pass (which gave 0.65 here, 0.03 off).
  // The fluid budget is an approximation (the budget's servers follow the active requests quasi-statically)
  // whose stated accuracy is FLUID_BUDGET_ACCURACY on the success ratio (docs/traffic.md); the tolerance
  // is that accuracy plus the combined 95% half-width.
  it.each([
    ['failure 0.5', '50%', false, { ...base, errorRate: 0.5, blackholed: 0 }],
    ['2 of 6 hosts blackholed', '0%', true, { ...base, errorRate: 0, blackholed: 2 }],
  ] as const)('fluid mode, %s, agrees with the reference model', (_name, err, bh, c) => {
    const ref = reference(c);
    const sim = simulate(err, bh, 'fluid');
    const hw = Math.sqrt(sim.halfWidth! ** 2 + ref.halfWidth! ** 2) + FLUID_BUDGET_ACCURACY;
    expect(Math.abs(sim.estimate! - ref.estimate!), `fluid ${sim.estimate} [hw ${sim.halfWidth}] vs reference ${ref.estimate}`).toBeLessThanOrEqual(hw);
  });
});
