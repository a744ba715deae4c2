/**
 * Outlier detection, consecutive 5xx (issue 11 item 6): both modes against test/reference/outlier-detection.ts,
 * a small separate simulation written from Envoy's documented ejection algorithm (multiplier growing at
 * each ejection and decaying at each sweep while the host stays in service, returns at `interval` sweeps,
 * max_ejection_percent). Two failing hosts at max_ejection_percent 40% of 5: the fluid mode used to restart
 * its ejection countdown at every state change. Two-sample z test at 5%; seeds fixed before looking.
 */
import { describe, expect, it } from 'vitest';
import { buildResults } from '../src/results/build.js';
import { meanEstimate } from '../src/results/estimators.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import { referenceOutlier } from './reference/outlier-detection.js';

const scenario = (mode: 'exact' | 'fluid') => `
name: outlier
horizon: 1h
warmup: 5m
replications: ${mode === 'exact' ? 12 : 40}
seed: 1106
components:
  api: { count: 5, failure: none, repair: none }
services:
  api:
    instances: api
    service_time: 10ms
    timeout: 200ms
    balancer:
      policy: random
      outlier_detection: { consecutive_5xx: 3, interval: 10s, base_ejection_time: 30s, max_ejection_percent: 40% }
faults:
  - { kind: loss, target: ["api[1]", "api[2]"], loss: 60%, at: 0s, duration: 1000h }
traffic: { entry: api, rate: 20/s, mode: ${mode} }
`;

describe('outlier detection follows Envoy (consecutive 5xx, multiplier, sweeps, max_ejection_percent)', () => {
  const ref = meanEstimate(
    Array.from({ length: 24 }, (_, i) =>
      referenceOutlier(
        { rate: 20, failure: [0.6, 0.6, 0, 0, 0], consecutive5xx: 3, interval: 10, baseEjectionTime: 30, maxEjectionTime: 300, maxEjectionPercent: 0.4, warmup: 300, horizon: 3600 },
        `od-${i}`,
      ),
    ),
  );

  it.each(['exact', 'fluid'] as const)('%s mode agrees with the reference model', (mode) => {
    const sim = buildResults(runScenario(parseScenario(scenario(mode))), null).traffic!.requestSuccessRatio;
    // Without ejection 1 - 2/5 x 0.6 = 0.76; ejection must matter here.
    expect(ref.estimate!).toBeGreaterThan(0.8);
    const hw = Math.sqrt(sim.halfWidth! ** 2 + ref.halfWidth! ** 2);
    expect(Math.abs(sim.estimate! - ref.estimate!), `${mode} ${sim.estimate} [hw ${sim.halfWidth}] vs reference ${ref.estimate} [hw ${ref.halfWidth}]`).toBeLessThanOrEqual(hw);
  });
});
