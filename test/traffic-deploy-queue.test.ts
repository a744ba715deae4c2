/**
 * Issue 11 item 8: deploys arriving during a canary bake wait instead of being dropped. References: with
 * good deploys only, a canary rollout occupies the pipeline for exactly the bake time D, so deploys
 * arriving as a Poisson process of rate l form an M/D/1 queue; Pollaczek-Khinchine gives the mean wait
 * Wq = l E[S^2] / (2 (1 - rho)) = rho D / (2 (1 - rho)) (Kleinrock, "Queueing Systems", vol. 1, 1975,
 * sec. 5.6). Every arrival is accounted for: started + still waiting = arrivals, whose mean is l x window.
 */
import { describe, expect, it } from 'vitest';
import { buildResults } from '../src/results/build.js';
import { meanEstimate } from '../src/results/estimators.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import type { TrafficReplicationStats } from '../src/traffic/stats.js';

const H = 3600;

describe('deploys queue behind a rollout (item 8)', () => {
  const sc = parseScenario(`
name: canary queue
horizon: 10d
replications: 40
seed: 8
components:
  api: { count: 10, failure: none, repair: none }
services:
  api:
    instances: api
    service_time: { fixed: 10ms }
    timeout: 1s
    balancer: { policy: round_robin }
traffic: { entry: api, rate: 1/s }
faults:
  - { kind: bad-deploy, service: api, rate: 1/h, strategy: canary, canary_percent: 10%, bake_time: 30m, bad_probability: 0%, error_rate: 30%, error_rate_threshold: 1%, detection_window: 2m, rollback_time: 5m }
`);
  const run = runScenario(sc);
  const doc = buildResults(run, null);
  const reps = run.accumulator.replications().map((r) => r.traffic as TrafficReplicationStats);

  it('no deploy is dropped: started + still waiting has mean l x window = 240 per replication', () => {
    const d = doc.traffic!.deploys!;
    expect(d.queued).toBeGreaterThan(0);
    const offered = meanEstimate(reps.map((t) => t.deploys.total + t.deploys.queued - t.deploys.dequeued));
    const [lo, hi] = offered.ci95 as [number, number];
    expect(240).toBeGreaterThanOrEqual(lo);
    expect(240).toBeLessThanOrEqual(hi);
    expect(d.total + d.pendingAtHorizon).toBe(reps.reduce((a, t) => a + t.deploys.total + t.deploys.queued - t.deploys.dequeued, 0));
  });

  it('the mean wait matches the M/D/1 Pollaczek-Khinchine value rho D / (2 (1 - rho)) = 15 min', () => {
    const rho = 0.5, D = 0.5 * H;
    const wq = (rho * D) / (2 * (1 - rho));
    const perRep = meanEstimate(reps.map((t) => t.deploys.waitTime.reduce((a, x) => a + x, 0) / t.deploys.waitTime.length));
    const [lo, hi] = perRep.ci95 as [number, number];
    expect(wq, `Wq ${wq} s outside [${lo}, ${hi}]`).toBeGreaterThanOrEqual(lo);
    expect(wq, `Wq ${wq} s outside [${lo}, ${hi}]`).toBeLessThanOrEqual(hi);
  });
});
