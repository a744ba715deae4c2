/**
 * Fluid mode vs exact per-request mode on three short scenarios: the two estimates of the request success
 * ratio (and of latency p50/p99 where stated) come from independent runs, so their difference must lie
 * within the 95% half-width of the difference, sqrt(hw_fluid^2 + hw_exact^2) (a two-sample z test at the
 * 5% level). Fixed seeds; nothing is hard-coded from a simulation.
 */
import { describe, expect, it } from 'vitest';
import { buildResults } from '../src/results/build.js';
import type { Estimate } from '../src/results/estimators.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import type { TrafficResults } from '../src/traffic/results.js';

function both(text: string): { fluid: TrafficResults; exact: TrafficResults } {
  const sc = parseScenario(text);
  const run = (mode: 'fluid' | 'exact') => buildResults(runScenario({ ...sc, traffic: { ...sc.traffic!, mode } }), null).traffic!;
  return { fluid: run('fluid'), exact: run('exact') };
}

function expectAgree(a: Estimate, b: Estimate, what: string) {
  const hw = Math.sqrt((a.halfWidth as number) ** 2 + (b.halfWidth as number) ** 2);
  const diff = Math.abs((a.estimate as number) - (b.estimate as number));
  expect(diff, `${what}: fluid ${a.estimate} vs exact ${b.estimate}, allowed ${hw}`).toBeLessThanOrEqual(hw);
}

const header = (name: string, seed: number) => `
name: ${name}
horizon: 30m
replications: 30
seed: ${seed}
`;

describe('fluid mode agrees with the exact per-request mode', () => {
  it('round robin over crashing hosts with health checks (no retries)', () => {
    const { fluid, exact } = both(`${header('rr-crash', 21)}
components:
  api: { count: 3, failure: { exponential: { mtbf: 30m } }, repair: { exponential: { mttr: 5m } } }
services:
  api:
    instances: api
    service_time: { lognormal: { median: 20ms, p95: 60ms } }
    timeout: 1s
    balancer:
      policy: round_robin
      health_check: { interval: 5s, timeout: 1s, unhealthy_threshold: 2, healthy_threshold: 2 }
traffic: { entry: api, rate: 20/s }
`);
    expect(exact.requestSuccessRatio.estimate).toBeLessThan(0.9995); // failures are visible
    expectAgree(fluid.requestSuccessRatio, exact.requestSuccessRatio, 'success ratio');
    expectAgree(fluid.latency.p50, exact.latency.p50, 'latency p50');
  });

  // A retry decided after an ejection made during its first try picks among the hosts then in rotation:
  // the fluid mode corrects the requests straddling each state change (src/traffic/fluid-boundary.ts);
  // without it the fluid success ratio came out about 3e-5 below the exact one (1.06 to 1.19 combined
  // half-widths at four seeds out of four).
  it('random policy with retries, a blackhole and outlier detection (retries see ejections made during the first try)', () => {
    const { fluid, exact } = both(`${header('random-blackhole', 22)}
components:
  api: { count: 4, failure: { exponential: { mtbf: 1h } }, repair: { exponential: { mttr: 10m } } }
services:
  api:
    instances: api
    service_time: { exponential: { mean: 30ms } }
    timeout: 2s
    balancer:
      policy: random
      health_check: { interval: 10s, timeout: 1s, unhealthy_threshold: 3 }
      outlier_detection: { consecutive_5xx: 5, base_ejection_time: 30s, max_ejection_percent: 50% }
      retry_policy: { num_retries: 1, per_try_timeout: 250ms }
faults:
  - { kind: blackhole, target: "api[2]", rate: 1/15m, duration: 2m }
traffic: { entry: api, rate: 20/s }
`);
    // Failures are visible (the comparison is not between two runs without failures). The success ratio
    // is about 0.99991 here (a fixed 0.9999 threshold held for some seeds only, e.g. 3 of seeds 1-12).
    expect(exact.requestSuccessRatio.estimate).toBeLessThan(1);
    expectAgree(fluid.requestSuccessRatio, exact.requestSuccessRatio, 'success ratio');
    expectAgree(fluid.latency.p99, exact.latency.p99, 'latency p99');
  });

  it('weighted round robin calling a primary/backup database, with a latency fault and per-try timeouts', () => {
    const { fluid, exact } = both(`${header('wrr-db-latency', 23)}
components:
  web: { count: 3, zones: [a, b, c], failure: { exponential: { mtbf: 2h } }, repair: { exponential: { mttr: 5m } } }
  db: { count: 2, zones: [a, b], failure: { exponential: { mtbf: 1h } }, repair: { exponential: { mttr: 5m } } }
services:
  web:
    instances: web
    service_time: { uniform: { min: 5ms, max: 25ms } }
    calls: [db]
    timeout: 1s
    balancer:
      policy: weighted_round_robin
      weights: [2, 1, 1]
      health_check: { interval: 5s, timeout: 1s }
      retry_policy: { num_retries: 2, per_try_timeout: 150ms }
  db:
    instances: db
    service_time: { lognormal: { median: 5ms, p95: 30ms } }
    timeout: 500ms
    balancer: { policy: primary_backup, health_check: { interval: 2s, timeout: 500ms } }
network: { intra_zone_latency: 0.5ms, links: [ { between: [a, b], latency: 2ms }, { between: [a, c], latency: 3ms }, { between: [b, c], latency: 2ms } ] }
faults:
  - { kind: latency, target: db, latency: 120ms, jitter: 40ms, rate: 1/10m, duration: 2m }
traffic: { entry: web, rate: 20/s, client_zone: a }
`);
    expect(exact.requestSuccessRatio.estimate).toBeLessThan(0.9999);
    expectAgree(fluid.requestSuccessRatio, exact.requestSuccessRatio, 'success ratio');
    expectAgree(fluid.latency.p50, exact.latency.p50, 'latency p50');
  });
});
