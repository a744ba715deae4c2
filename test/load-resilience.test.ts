/**
 * The load area's client behaviours: Envoy's retry back-off (router filter docs, "x-envoy-max-retries": fully
 * jittered exponential back-off, interval of retry N uniform in [0, (2^N - 1) base_interval], capped at
 * max_interval, default 10 x base_interval), circuit breakers as loss systems (Erlang's loss formula, insensitive
 * to the service law), and the metastable retry storm in exact mode against the fixed points of the retry-load
 * equation. Fixed seeds chosen before running.
 */
import { describe, expect, it } from 'vitest';
import { rngStream } from '../src/engine/rng.js';
import { backoffInterval, meanBackoff } from '../src/load/backoff.js';
import { serviceLaw } from '../src/load/host-model.js';
import { fixedPoints } from '../src/load/fluid-point.js';
import { erlangB } from '../src/load/queueing.js';
import type { LoadResults } from '../src/load/results.js';
import { buildResults } from '../src/results/build.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';

function run(text: string, mode?: 'exact' | 'fluid'): LoadResults {
  const sc = parseScenario(text);
  return buildResults(runScenario(mode ? { ...sc, load: { ...sc.load!, mode } } : sc), null).load!;
}

describe('Envoy retry back-off', () => {
  it('retry N waits U[0, (2^N - 1) base] capped at max_interval; sample means match the closed form', () => {
    const retry = { baseInterval: 0.025, maxInterval: 0.25 };
    const u = rngStream(7, 0, 'test', 'backoff');
    for (let n = 1; n <= 6; n++) {
      const upper = Math.min((2 ** n - 1) * 0.025, 0.25);
      const xs = Array.from({ length: 20000 }, () => backoffInterval(retry, n, u));
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...xs)).toBeLessThanOrEqual(upper);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
      // E[min(U a, m)] = a / 2 when a <= m, else m - m^2 / (2 a).
      const a = (2 ** n - 1) * 0.025;
      const exact = a <= 0.25 ? a / 2 : 0.25 - 0.25 ** 2 / (2 * a);
      expect(meanBackoff(retry, n)).toBeCloseTo(exact, 15);
      expect(Math.abs(mean - exact)).toBeLessThanOrEqual((2.87 * sd) / Math.sqrt(xs.length)); // 6 checks, Bonferroni
    }
  });

  it("max_interval defaults to 10 x base_interval, base_interval to Envoy's 25 ms", () => {
    const sc = parseScenario(`
name: b
horizon: 1h
components: { web: { failure: none, repair: none } }
system: web
load:
  services:
    a: { instances: web, rate: 1/s, capacity: { concurrency: 1, service_time: 10ms }, retry_policy: { retry_back_off: { base_interval: 100ms } } }
    b: { instances: web, rate: 1/s, capacity: { concurrency: 1, service_time: 10ms }, retry_policy: {} }
`);
    const [a, b] = sc.load!.services;
    expect(a.retry).toMatchObject({ numRetries: 1, baseInterval: 0.1, maxInterval: 1 });
    expect(b.retry).toMatchObject({ baseInterval: 0.025, maxInterval: 0.25 });
    expect(b.breakers).toEqual({ maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3 });
  });
});

describe('circuit breakers', () => {
  it('max_connections 2 and no pending queue in front of 2 slots: the shed fraction is Erlang B(2, a)', () => {
    // With every connection one try and no pending queue, dispatched tries form an M/G/2/2 loss system: a try is
    // shed with probability B(2, lambda E[S]) (PASTA; Erlang's formula is insensitive to the service law).
    const r = run(`
name: breaker
horizon: 30m
warmup: 1m
replications: 10
seed: 21
components: { web: { failure: none, repair: none } }
system: web
load:
  mode: exact
  services:
    api:
      instances: web
      rate: 30/s
      capacity: { concurrency: 2, service_time: { lognormal: { median: 40ms, p95: 120ms } } }
      timeout: 30s
      circuit_breakers: { max_connections: 2, max_pending_requests: 0 }
`).services[0];
    const mean = Math.exp(Math.log(0.04) + (Math.log(3) / 1.6448536269514722) ** 2 / 2);
    const b = erlangB(2, 30 * mean);
    const e = r.outcomes.shed;
    expect(Math.abs((e.estimate as number) - b), `shed ${e.estimate} +- ${e.halfWidth} vs B = ${b}`).toBeLessThanOrEqual(e.halfWidth as number);
    expect(r.outcomes.timeout.estimate).toBe(0);
  });

  it('max_retries 0 refuses every retry; a token bucket caps the admitted rate at its refill rate', () => {
    const r = run(`
name: refuse
horizon: 10m
replications: 4
seed: 22
components: { web: { failure: none, repair: none } }
system: web
load:
  mode: exact
  services:
    api:
      instances: web
      rate: 200/s
      capacity: { concurrency: 1, service_time: { exponential: { mean: 10ms } }, queue_limit: 0 }
      timeout: 1s
      retry_policy: { num_retries: 3 }
      circuit_breakers: { max_retries: 0 }
      rate_limit: { rate: 50/s, burst: 5 }
`).services[0];
    expect(r.tryAmplification.estimate).toBeCloseTo(1, 4); // requests in flight at the horizon leave the count
    expect(r.retriesRefusedPerRequest.estimate).toBeGreaterThan(0);
    // Admitted tries per second <= refill rate + burst / window; rejected + served <= that.
    const admitted = 1 - (r.outcomes.rateLimited.estimate as number);
    expect(admitted * 200).toBeLessThanOrEqual(50 + 5 / 600);
    expect(admitted * 200).toBeGreaterThan(45);
  });
});

const storm = (maxRetries: number) => `
name: storm
horizon: 30m
replications: 2
seed: 23
components: { api: { count: 3, failure: none, repair: none } }
system: { k_of_n: { k: 1, of: api } }
load:
  mode: exact
  bucket: 1m
  services:
    api:
      instances: api
      rate: 140/s
      capacity: { concurrency: 4, service_time: { exponential: { mean: 50ms } }, queue_limit: 500 }
      timeout: 1s
      retry_policy: { num_retries: 3 }
      circuit_breakers: { max_connections: 10000, max_pending_requests: 10000, max_requests: 10000, max_retries: ${maxRetries} }
faults:
  - { kind: latency-spike, service: api, factor: 3, at: 10m, duration: 5m }
`;

describe('metastable retry storm (Bronson et al., HotOS 2021)', () => {
  it('the retry-load equation has two stable fixed points at 140 requests/s (58% utilisation)', () => {
    const sc = parseScenario(storm(1000));
    const s = sc.load!.services[0];
    const fps = fixedPoints(s, serviceLaw(s.capacity.serviceTime), 1, 3, 140);
    const stable = fps.filter((f) => f.stable);
    expect(stable.length).toBe(2);
    expect(stable[0].amplification).toBeLessThan(1.01);
    expect(stable[1].amplification).toBeCloseTo(4, 3);
    expect(fps.some((f) => !f.stable && f.amplification > 1 && f.amplification < 4)).toBe(true);
  });

  it('exact mode: the storm outlives the 5-minute spike with raised breakers; max_retries 3 cuts it', () => {
    const stormy = run(storm(1000)).services[0];
    const after = (r: typeof stormy) => r.series.goodputRatio.slice(17, 30) as number[]; // 17-30 min: after the spike (10-15 min)
    expect(Math.max(...after(stormy))).toBeLessThan(0.5);
    expect(stormy.recovery.recovered).toBe(0);
    const cut = run(storm(3)).services[0];
    expect(Math.min(...after(cut))).toBeGreaterThan(0.99);
    expect(cut.recovery.recovered).toBe(cut.recovery.triggers);
  });
});

describe('exact mode: every try ends once', () => {
  it('pending tries rejected at dispatch (queue limit, hosts down) end once: tries = successes + failures + in flight', () => {
    // Regression: a try dispatched from the breakers' pending queue and rejected by a full host queue (or finding
    // no host up) kept its scheduled timeout; the timeout later fired on a freed (or reused) try. Conservation of
    // tries: each try ends in exactly one outcome (a request's success ends its last try), except the tries still in
    // flight at the horizon, at most max_requests (dispatched + pending) -- and nothing may throw.
    const sc = parseScenario(`
name: pending-rejected
horizon: 20m
replications: 3
seed: 31
components: { web: { count: 3, zones: [a, b, c], failure: { exponential: { mtbf: 5m } }, repair: { exponential: { mttr: 1m } } } }
system: { k_of_n: { k: 1, of: web } }
load:
  mode: exact
  services:
    api:
      instances: web
      rate: 150/s
      capacity: { concurrency: 4, service_time: { lognormal: { median: 40ms, p95: 120ms } }, queue_limit: 2 }
      timeout: 300ms
      retry_policy: { num_retries: 3 }
      circuit_breakers: { max_connections: 8, max_pending_requests: 20, max_requests: 30, max_retries: 5 }
`);
    for (const rep of runScenario(sc).accumulator.replications()) {
      const s = rep.load!.services[0];
      const failures = Object.values(s.outcomes).reduce((a, b) => a + b, 0);
      expect(s.outcomes.rejected).toBeGreaterThan(0);
      expect(s.tries - s.successes - failures).toBeGreaterThanOrEqual(0);
      expect(s.tries - s.successes - failures).toBeLessThanOrEqual(30);
    }
  });
});
