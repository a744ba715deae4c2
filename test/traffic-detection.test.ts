/**
 * Health-check detection time against its analytic mean (src/traffic/health-check.ts):
 * E[D] = E[X^2]/(2E[X]) + (k-1)(tau + I + j/2) + tau. The simulated mean's 95% CI (t interval over
 * independent detections) must contain the exact value: for the fluid sampler, and for the exact mode's
 * real probe process (refused probes of a crashed host; timed-out probes of a blackholed host).
 */
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { rngStream } from '../src/engine/rng.js';
import { meanEstimate, type Estimate } from '../src/results/estimators.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import type { HealthCheckSpec } from '../src/traffic/types.js';
import { expectedDetectDelay, sampleDetectDelay } from '../src/traffic/health-check.js';

function expectInside(e: Estimate, exact: number, what: string) {
  const [lo, hi] = e.ci95 as [number, number];
  expect(exact, `${what}: ${exact} outside [${lo}, ${hi}] (n = ${e.n})`).toBeGreaterThanOrEqual(lo);
  expect(exact, `${what}: ${exact} outside [${lo}, ${hi}] (n = ${e.n})`).toBeLessThanOrEqual(hi);
}

const hc = (o: Partial<HealthCheckSpec>): HealthCheckSpec => ({ interval: 5, timeout: 1, unhealthyThreshold: 3, healthyThreshold: 2, intervalJitter: 0, ...o });

describe('health-check detection time', () => {
  it('closed form: I/2 + (k-1) I without jitter or timeouts', () => {
    expect(expectedDetectDelay(hc({}), false)).toBeCloseTo(2.5 + 10, 12);
    expect(expectedDetectDelay(hc({}), true)).toBeCloseTo(2.5 + 2 * 6 + 1, 12);
    // With jitter j: E[X] = I + j/2, E[X^2] = I^2 + I j + j^2/3.
    const I = 10, j = 4;
    expect(expectedDetectDelay(hc({ interval: I, intervalJitter: j, unhealthyThreshold: 2 }), false)).toBeCloseTo((I * I + I * j + (j * j) / 3) / (2 * (I + j / 2)) + (I + j / 2), 12);
  });

  it('the fluid sampler has the analytic mean (jitter and timeouts), three cases at family-wise 95%', () => {
    // Three intervals at once: each at the Bonferroni level 1 - 0.05/3 (z = 2.39), as in
    // test/validation.test.ts, so that the three together fail by chance with probability at most 5%
    // (three plain 95% intervals would fail together about 14% of the time; over seeds 1-200 the z-scores
    // of the three means are N(0, 1): mean 0.01-0.05, sd 1.04-1.07).
    const z = jStat.normal.inv(1 - 0.05 / 6, 0, 1);
    for (const [spec, timesOut] of [
      [hc({}), false],
      [hc({ intervalJitter: 2, unhealthyThreshold: 2 }), true],
      [hc({ interval: 10, intervalJitter: 5, timeout: 2, unhealthyThreshold: 5 }), true],
    ] as const) {
      const u = rngStream(7, 0, 'test', JSON.stringify(spec));
      const xs = Array.from({ length: 20_000 }, () => sampleDetectDelay(spec, timesOut, u));
      const e = meanEstimate(xs);
      const half = ((e.halfWidth as number) * z) / jStat.normal.inv(0.975, 0, 1);
      const exact = expectedDetectDelay(spec, timesOut);
      expect(Math.abs((e.estimate as number) - exact), `${JSON.stringify(spec)}: mean ${e.estimate} vs exact ${exact} (+-${half})`).toBeLessThanOrEqual(half);
    }
  });

  const scenario = (fault: string) => `
name: detection
horizon: 12h
replications: 20
seed: 5
components:
  api: { count: 4, failure: { exponential: { mtbf: 2h } }, repair: { fixed: 30m } }
services:
  api:
    instances: api
    service_time: 10ms
    balancer:
      health_check: { interval: 5s, timeout: 2s, unhealthy_threshold: 3, healthy_threshold: 2, interval_jitter: 1s }
traffic: { entry: api, rate: 1/s, mode: exact }
${fault}`;

  it('exact mode, crashed hosts (refused probes): mean detection time matches', () => {
    const sc = parseScenario(scenario(''));
    const reps = runScenario(sc).accumulator.replications();
    const d = reps.flatMap((r) => r.traffic!.detection);
    expect(d.length).toBeGreaterThan(200);
    expectInside(meanEstimate(d), expectedDetectDelay(sc.traffic!.services[0].balancer.healthCheck!, false), 'refused');
  });

  it('exact mode, blackholed hosts (timed-out probes): mean detection time matches', () => {
    const text = scenario('faults:\n  - { kind: blackhole, target: api, rate: 1/20m, duration: 3m }').replace('mtbf: 2h', 'mtbf: 1000y');
    const sc = parseScenario(text);
    const reps = runScenario(sc).accumulator.replications();
    const d = reps.flatMap((r) => r.traffic!.detection);
    expect(d.length).toBeGreaterThan(200);
    expectInside(meanEstimate(d), expectedDetectDelay(sc.traffic!.services[0].balancer.healthCheck!, true), 'timeout');
  });
});
