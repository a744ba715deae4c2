/**
 * Request hedging (Envoy route hedge_policy) and Envoy's admission control filter in the load area, against
 * independent references: closed forms for hedged exponential tries (the response time of a request hedged once
 * at the per-try timeout T is min(X_0, T + X_1), X_i independent Exp(mu)), and test/reference/admission-control.ts
 * written from Envoy's documented rejection probability. Fixed seeds chosen before running.
 *
 * Simulation checks use the reported 95% CIs (Student t over replications); where one test makes k checks the
 * half-width is widened by the ratio of the Bonferroni quantile t_{n-1}(1 - 0.025 / k) to t_{n-1}(0.975).
 */
import { describe, expect, it } from 'vitest';
import { AdmissionWindow, fluidRejection, rejectionProbability } from '../src/load/admission-control.js';
import type { LoadResults } from '../src/load/results.js';
import type { Estimate } from '../src/results/estimators.js';
import { buildResults } from '../src/results/build.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import { ReferenceWindow, referenceReject, type ReferenceAdmission } from './reference/admission-control.js';

function run(text: string, mode?: 'exact' | 'fluid'): LoadResults {
  const sc = parseScenario(text);
  return buildResults(runScenario(mode ? { ...sc, load: { ...sc.load!, mode } } : sc), null).load!;
}

/** |estimate - exact| within the CI half-width times `widen`. */
function within(e: Estimate | undefined, exact: number, widen: number, what: string): void {
  expect(e, what).toBeDefined();
  const est = e!.estimate as number;
  expect(Math.abs(est - exact), `${what}: ${est} +- ${e!.halfWidth} vs ${exact}`).toBeLessThanOrEqual((e!.halfWidth as number) * widen);
}

/** A scenario with one host serving load service `api`: header lines `head`, service keys `service` (6-space indent). */
const oneHost = (head: string, service: string) => `
name: t
${head}
components: { web: { failure: none, repair: none } }
system: web
load:
  services:
    api:
      instances: web
${service}`;

const ENVOY_DEFAULTS: ReferenceAdmission = { samplingWindow: 30, aggression: 1, srThreshold: 0.95, rpsThreshold: 0, maxRejectionProbability: 0.8 };

describe('admission control: Envoy rejection probability', () => {
  it('matches the reference formula on scripted counts (clamps, aggression, rps_threshold)', () => {
    const configs: ReferenceAdmission[] = [
      ENVOY_DEFAULTS,
      { samplingWindow: 10, aggression: 2, srThreshold: 0.9, rpsThreshold: 5, maxRejectionProbability: 0.95 },
      { samplingWindow: 60, aggression: 1.5, srThreshold: 0.99, rpsThreshold: 0, maxRejectionProbability: 0.5 },
    ];
    let nonZero = 0, capped = 0;
    for (const a of configs) {
      for (const total of [0, 1, 10, 49, 50, 100, 1000]) {
        for (const rate of [0, 0.1, 0.5, 0.8, 0.9, 0.95, 1]) {
          const success = Math.round(total * rate);
          const ref = referenceReject(a, total, success);
          expect(rejectionProbability(a, total, success), `${JSON.stringify(a)} ${total}/${success}`).toBeCloseTo(ref, 14);
          if (ref > 0) nonZero++;
          if (ref === a.maxRejectionProbability) capped++;
        }
      }
    }
    expect(nonZero).toBeGreaterThan(20);
    expect(capped).toBeGreaterThan(3);
    // A worked value: 100 requests, 50 successes, threshold 95%: (100 - 52.63) / 101 = 0.469.
    expect(rejectionProbability(ENVOY_DEFAULTS, 100, 50)).toBeCloseTo((100 - 50 / 0.95) / 101, 14);
  });

  it('the sliding window counts the last sampling_window whole seconds (scripted outcomes)', () => {
    const a: ReferenceAdmission = { samplingWindow: 5, aggression: 1, srThreshold: 0.95, rpsThreshold: 1, maxRejectionProbability: 0.9 };
    const w = new AdmissionWindow(a);
    const ref = new ReferenceWindow(a);
    // A scripted day: bursts of failures and quiet gaps longer than the window.
    let t = 0;
    let step = 0;
    while (t < 60) {
      step++;
      t += step % 17 === 0 ? 7.3 : 0.05 + (step % 7) * 0.04;
      const ok = !(t > 10 && t < 20) && step % 5 !== 0;
      expect(w.probability(t)).toBeCloseTo(ref.reject(t), 14);
      w.record(t, ok);
      ref.record(t, ok);
    }
    expect(step).toBeGreaterThan(80);
  });

  it('fluid: the stationary rejection probability is the fixed point of the formula', () => {
    // Admitted rate x = lambda (1 - P) meeting a success ratio g(x) = 1 - x / 400: solve P = f(P) by brute force.
    const lambda = 300;
    const g = (x: number) => Math.max(0, 1 - x / 400);
    const p = fluidRejection(ENVOY_DEFAULTS, lambda, g);
    let best = 0, err = Infinity;
    for (let i = 0; i <= 80_000; i++) {
      const q = i / 100_000;
      const n = lambda * (1 - q) * 30;
      const e = Math.abs(q - referenceReject(ENVOY_DEFAULTS, n, n * g(lambda * (1 - q))));
      if (e < err) [best, err] = [q, e];
    }
    expect(err).toBeLessThan(1e-4);
    expect(p).toBeCloseTo(best, 4);
    expect(p).toBeGreaterThan(0.1);
  });
});

/** M/M/1/N blocking probability (N in the system), Gross & Harris sec. 2.5. */
const mm1nBlocking = (rho: number, N: number) => ((1 - rho) * rho ** N) / (1 - rho ** (N + 1));

describe('admission control in a stationary overload', () => {
  // One host, one slot, 10 ms exponential service, 5 waiting places, 200 requests/s (rho = 2), no retries: a request
  // fails exactly when the host's queue is full (M/M/1/6 blocking at the admitted rate). The rejected fraction P
  // solves P = P_reject(n, n (1 - B(lambda (1 - P) / mu))), n = lambda (1 - P) x 30 s (reference formula).
  const scenario = oneHost(
    'horizon: 20m\nwarmup: 2m\nreplications: 6\nseed: 41',
    `      rate: 200/s
      capacity: { concurrency: 1, service_time: { exponential: { mean: 10ms } }, queue_limit: 5 }
      timeout: 10s
      admission_control: {}
`,
  );
  const lambda = 200, mu = 100;
  let fixed = 0, err = Infinity;
  for (let i = 0; i <= 80_000; i++) {
    const q = i / 100_000;
    const x = lambda * (1 - q);
    const n = x * 30;
    const e = Math.abs(q - referenceReject(ENVOY_DEFAULTS, n, n * (1 - mm1nBlocking(x / mu, 6))));
    if (e < err) [fixed, err] = [q, e];
  }

  it('the reference fixed point exists and is well inside (0, max_rejection_probability)', () => {
    expect(err).toBeLessThan(1e-4);
    expect(fixed).toBeGreaterThan(0.2);
    expect(fixed).toBeLessThan(0.8);
  });

  it('fluid mode: the rejected fraction is the fixed point; goodput = (1 - P)(1 - B)', () => {
    const r = run(scenario, 'fluid').services[0];
    expect(r.admissionRejected!.estimate).toBeCloseTo(fixed, 4);
    const x = lambda * (1 - fixed);
    expect(r.goodputRatio.estimate).toBeCloseTo((1 - fixed) * (1 - mm1nBlocking(x / mu, 6)), 4);
  });

  it('exact mode: the simulated rejected fraction matches the fixed point within its CI', () => {
    const r = run(scenario, 'exact').services[0];
    // 2 checks, 6 replications: t_5(0.99375) / t_5(0.975) = 3.16 / 2.57.
    const widen = 3.16 / 2.57;
    within(r.admissionRejected, fixed, widen, 'rejected by admission control');
    within(r.outcomes.rejected, mm1nBlocking((lambda * (1 - fixed)) / mu, 6), widen, 'tries rejected by the full queue');
  });
});

describe('request hedging (Envoy hedge_policy)', () => {
  // Exponential service, mean 1/mu = 100 ms, and enough slots that tries almost never wait (10 slots per host at
  // 1.4 erlangs: Erlang C below 1e-5), so tries are independent Exp(mu). Per-try timeout T = 100 ms, one retry with
  // a 1 us back-off and max_retries high enough never to refuse it: the request's response time is
  // D = min(X_0, T + X_1), P(D > t) = e^{-mu t} e^{-mu (t - T)^+}.
  //   tries per request = 1 + e^{-mu T};  E[D] = (1 - e^{-mu T}) / mu + e^{-mu T} / (2 mu);
  //   per-try timeouts per request: X_0 > T, plus the hedge's own at 2T when X_0 > 2T and X_1 > T: e^{-mu T} + e^{-3 mu T};
  //   utilisation = lambda E[S] (1 + e^{-mu T}) / slots (the losing try is served too);
  //   with a route timeout R: goodput = 1 - e^{-mu R} e^{-mu (R - T)}.
  const mu = 10, T = 0.1, lambda = 20, slots = 20;
  /** Two hosts of 10 slots, Exp(mu) service, `lambda` requests/s, and the service keys `extra` (6-space indent). */
  const twoHosts = (seed: number, extra: string) => `
name: hedge
horizon: 30m
warmup: 1m
replications: 8
seed: ${seed}
components: { web: { count: 2, failure: none, repair: none } }
system: { k_of_n: { k: 1, of: web } }
load:
  services:
    api:
      instances: web
      rate: ${lambda}/s
      capacity: { concurrency: 10, service_time: { exponential: { mean: 100ms } } }
${extra}`;
  const hedged = (route: string) =>
    twoHosts(
      42,
      `      timeout: 100ms
      retry_policy: { num_retries: 1, retry_back_off: { base_interval: 0.001ms } }
      hedge_policy: { hedge_on_per_try_timeout: true }
      route_timeout: ${route}
      circuit_breakers: { max_retries: 1000 }
`,
    );
  const e = Math.exp(-mu * T);
  const tries = 1 + e;
  const meanD = (1 - e) / mu + e / (2 * mu);
  const R = 0.2;
  const goodputR = 1 - Math.exp(-mu * R) * Math.exp(-mu * (R - T));

  it('exact mode: tries, hedged tries, latency and utilisation match min(X_0, T + X_1)', () => {
    const r = run(hedged('10s'), 'exact').services[0];
    // 5 checks, 8 replications: t_7(0.995) / t_7(0.975) = 3.50 / 2.36.
    const widen = 3.5 / 2.36;
    within(r.tryAmplification, tries, widen, 'tries per request');
    within(r.hedgesPerRequest, e, widen, 'hedged tries per request');
    within(r.latencyMean!, meanD, widen, 'mean latency');
    within(r.utilisation, (lambda * (1 / mu) * tries) / slots, widen, 'utilisation');
    within(r.outcomes.timeout, (e + e ** 3) / tries, widen, 'tries past their per-try timeout');
    expect(r.goodputRatio.estimate).toBeGreaterThan(0.99999);
  });

  it('exact mode: the route timeout fails requests with P(D > R)', () => {
    const r = run(hedged('200ms'), 'exact').services[0];
    within(r.goodputRatio, goodputR, 1, 'goodput with a 200 ms route timeout');
  });

  it('fluid mode: the closed forms per state', () => {
    const r = run(hedged('10s'), 'fluid').services[0];
    expect(r.tryAmplification.estimate).toBeCloseTo(tries, 4);
    expect(r.hedgesPerRequest!.estimate).toBeCloseTo(e, 4);
    expect(r.utilisation.estimate).toBeCloseTo((lambda * (1 / mu) * tries) / slots, 4);
    expect(r.outcomes.timeout.estimate).toBeCloseTo((e + e ** 3) / tries, 4);
    const g = run(hedged('200ms'), 'fluid').services[0];
    expect(g.goodputRatio.estimate).toBeCloseTo(goodputR, 4);
  });

  it('initial_requests 2: two tries at once, the first answer wins (mean 1 / (2 mu))', () => {
    const text = twoHosts(43, '      hedge_policy: { initial_requests: 2 }\n');
    const r = run(text, 'exact').services[0];
    expect(r.tryAmplification.estimate).toBeCloseTo(2, 3);
    within(r.latencyMean!, 1 / (2 * mu), 1, 'mean latency of min(X_0, X_1)');
    const f = run(text, 'fluid').services[0];
    expect(f.tryAmplification.estimate).toBeCloseTo(2, 6);
    expect(f.hedgesPerRequest!.estimate).toBeCloseTo(1, 6);
  });
});

describe('hedge_policy and admission_control keys', () => {
  const base = (extra: string) => oneHost('horizon: 1h', `      rate: 1/s\n      capacity: { concurrency: 1, service_time: 10ms }\n${extra}`);

  it("Envoy's defaults", () => {
    const s = parseScenario(base('      hedge_policy: {}\n      admission_control: {}\n')).load!.services[0];
    expect(s.hedge).toEqual({ initialRequests: 1, additionalRequestChance: 0, onPerTryTimeout: false, routeTimeout: 15 });
    expect(s.admission).toEqual({ samplingWindow: 30, aggression: 1, srThreshold: 0.95, rpsThreshold: 0, maxRejectionProbability: 0.8 });
    const t = parseScenario(base('      admission_control: { aggression: 0.5, sampling_window: 2.4s }\n')).load!.services[0];
    expect(t.admission).toMatchObject({ aggression: 1, samplingWindow: 2 });
  });

  it('clear errors: route_timeout without hedge_policy, a route timeout not above the per-try timeout, sr_threshold 0', () => {
    expect(() => parseScenario(base('      route_timeout: 2s\n'))).toThrow(/route_timeout is given without hedge_policy/);
    expect(() => parseScenario(base('      timeout: 2s\n      route_timeout: 2s\n      hedge_policy: { hedge_on_per_try_timeout: true }\n'))).toThrow(/not longer than the per-try timeout/);
    expect(() => parseScenario(base('      admission_control: { sr_threshold: 0 }\n'))).toThrow(/sr_threshold is 0/);
  });
});

/**
 * Hosts failing (MTBF / MTTR given) behind a client with a queue limit and retries, in exact mode: tries fail at
 * once (no host, queue full) while others of the same request are in flight. `extra` adds service keys.
 */
function failingHosts(name: string, replications: number, mtbf: string, mttr: string, extra: string): string {
  return `
name: ${name}
horizon: 20m
replications: ${replications}
seed: 5
components:
  api: { count: 3, failure: { exponential: { mtbf: ${mtbf} } }, repair: { exponential: { mttr: ${mttr} } } }
system: { k_of_n: { k: 1, of: api } }
load:
  services:
    api:
      instances: api
      rate: 150/s
      capacity: { concurrency: 2, service_time: { lognormal: { median: 20ms, p95: 200ms } }, queue_limit: 20 }
      timeout: 100ms
      retry_policy: { num_retries: 3 }
${extra}`;
}

describe('exact mode: a pending try whose dispatch fails', () => {
  it('cancels its per-try timeout (it used to fire on a freed try: internal error)', () => {
    // Breakers with a small pending queue in front of hosts with a queue limit, hosts failing: tries leave the
    // pending queue to find a full queue or no host. Regression for a crash on any such scenario.
    const breakers = '      circuit_breakers: { max_connections: 8, max_pending_requests: 5, max_requests: 12, max_retries: 4 }\n';
    const r = run(failingHosts('pending', 1, '10m', '2m', breakers), 'exact').services[0];
    expect(r.outcomes.rejected.estimate).toBeGreaterThan(0);
    expect(r.outcomes.shed.estimate).toBeGreaterThan(0);
    expect(r.tryAmplification.estimate).toBeGreaterThanOrEqual(1);
  });
});

describe('exact mode: hedged requests with failing hosts, a pending queue and admission control', () => {
  it('runs (a hedged request whose initial try fails at once used to draw a negative back-off) and keeps the counts consistent', () => {
    // Hosts failing every few minutes, a small pending queue in front of hosts with a queue limit: initial tries
    // fail at once (no host, queue full, overflow) while other tries of the same request are outstanding.
    const text = (extra: string) => failingHosts('hedged-stress', 2, '5m', '1m', extra);
    for (const extra of [
      '      route_timeout: 400ms\n      hedge_policy: { hedge_on_per_try_timeout: true, initial_requests: 2, additional_request_chance: 0.5 }\n      circuit_breakers: { max_connections: 8, max_pending_requests: 5, max_requests: 12, max_retries: 4 }\n      admission_control: { sampling_window: 5s }\n',
      '      route_timeout: 250ms\n      hedge_policy: { hedge_on_per_try_timeout: true }\n      circuit_breakers: { max_connections: 4, max_pending_requests: 50, max_requests: 60, max_retries: 40 }\n      admission_control: { sampling_window: 5s, aggression: 2 }\n',
    ]) {
      const r = run(text(extra), 'exact').services[0];
      const admitted = 1 - (r.admissionRejected!.estimate as number);
      expect(r.admissionRejected!.estimate).toBeGreaterThan(0);
      expect(r.hedgesPerRequest!.estimate).toBeGreaterThan(0);
      // Each admitted request's first try is not a hedge: hedged tries <= tries - admitted requests.
      expect(r.hedgesPerRequest!.estimate).toBeLessThanOrEqual((r.tryAmplification.estimate as number) - admitted + 1e-12);
      expect(r.goodputRatio.estimate).toBeLessThanOrEqual(admitted + 1e-12);
    }
  });
});
