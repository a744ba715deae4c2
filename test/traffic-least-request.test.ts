/**
 * least_request in fluid mode models the load effect (issue 11 item 5): hosts whose tries last longer hold
 * more active requests and get fewer picks; hosts that fail fast (refused at once) attract more. The fluid
 * estimate (mean-field fixed point, src/traffic/least-request-fluid.ts) must agree with the exact mode,
 * whose picker follows Envoy's documented rule (tested against closed forms in traffic-policies.test.ts),
 * within the two-sample 95% half-width. The static equal-share law (the old fluid rule) must not.
 */
import { describe, expect, it } from 'vitest';
import { buildResults } from '../src/results/build.js';
import type { Estimate } from '../src/results/estimators.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';

const scenario = (mode: 'exact' | 'fluid', fault: string, weights = '') => `
name: least-request
horizon: 10m
warmup: 30s
replications: ${mode === 'exact' ? 8 : 30}
seed: 1105
components:
  api: { count: 4, failure: none, repair: none }
services:
  api:
    instances: api
    service_time: { exponential: { mean: 50ms } }
    timeout: 250ms
    balancer: { policy: least_request${weights} }
faults:
  - ${fault}
traffic: { entry: api, rate: 100/s, mode: ${mode} }
`;

function agree(fault: string, weights = ''): { fluid: Estimate; exact: Estimate } {
  const run = (mode: 'exact' | 'fluid') => buildResults(runScenario(parseScenario(scenario(mode, fault, weights))), null).traffic!.requestSuccessRatio;
  const fluid = run('fluid');
  const exact = run('exact');
  const hw = Math.sqrt(fluid.halfWidth! ** 2 + exact.halfWidth! ** 2);
  expect(Math.abs(fluid.estimate! - exact.estimate!), `fluid ${fluid.estimate} [${fluid.halfWidth}] vs exact ${exact.estimate} [${exact.halfWidth}]`).toBeLessThanOrEqual(hw);
  return { fluid, exact };
}

describe('fluid least_request agrees with exact on heterogeneous hosts', () => {
  it('a slow host (its tries time out after 250 ms) gets fewer picks than 1/4', () => {
    const { exact } = agree('{ kind: latency, target: "api[2]", latency: 400ms, at: 0s, duration: 1000h }');
    expect(1 - exact.estimate!).toBeLessThan(0.25 - 4 * exact.halfWidth!); // equal shares would lose 1/4
  });

  it('a crashed host (refused at once, never active) gets more picks than 1/4', () => {
    const { exact } = agree('{ kind: crash, target: "api[2]", at: 0s, duration: 1000h }');
    expect(1 - exact.estimate!).toBeGreaterThan(0.25 + 4 * exact.halfWidth!);
  });

  it('unequal weights (EDF with weight / (active + 1)): a slow weight-2 host', () => {
    agree('{ kind: latency, target: "api[1]", latency: 400ms, at: 0s, duration: 1000h }', ', weights: [2, 1, 1, 1]');
  });
});
