/**
 * Fluid mode, one service in one state (hosts up, client rate, service-time factor): the operating point of
 * the retry-load equation
 *   Lambda = lambda x sum_{i=0}^{N} r(Lambda)^i,
 * Lambda the try rate, lambda the client request rate, N num_retries and r(Lambda) the probability that a try
 * fails retryably (timeout, queue rejection, no host) and its retry is admitted (retry budget, max_retries).
 * Per try (rates per second, loads in erlangs by Little's law, L = lambda W):
 * - the client rate limit refuses max(0, 1 - rate / Lambda) (a fluid token bucket: the burst is ignored);
 * - the breakers shed the Erlang loss fraction B(min(max_connections + max_pending_requests, max_requests), A),
 *   A the dispatched-try load (an approximation: pending tries are counted as connections);
 * - tries are split evenly over the k up hosts (Envoy `random`: each host sees a Poisson stream Lambda_d / k)
 *   and meet host-model.ts;
 * - a retry is admitted with probability a = a_budget (1 - B(max_retries, A_r)), a_budget the fluid retry
 *   budget of src/traffic/retry-budget.ts, A_r the retry load (back-off + try time).
 * G(Lambda) = lambda sum r(Lambda)^i is increasing in Lambda, so iterating Lambda <- G(Lambda) from a start
 * converges monotonically to the nearest fixed point in the direction of the first step: started from the
 * previous state's amplification, the mode keeps a high (metastable) fixed point while it exists, which is
 * how the fluid mode shows hysteresis. `fixedPoints` lists every fixed point with its stability (G' < 1).
 * With a hedge policy G(Lambda) = lambda x (tries per request of fluid-hedge.ts) and the request succeeds with the
 * probability given there.
 */
import { admittedFraction } from '../traffic/retry-budget.js';
import { meanBackoff } from './backoff.js';
import { hedgedRequest, type HedgedRequest } from './fluid-hedge.js';
import { hostPoint, type HostPoint, type ServiceLaw } from './host-model.js';
import { erlangB } from './queueing.js';
import type { LoadServiceSpec } from './types.js';

/** The fluid operating point of one service (rates per second). */
export interface OperatingPoint {
  tryRate: number;
  goodput: number;
  retryRate: number;
  retriesRefused: number;
  /** Hedged tries per second (tries sent while another try of the request is outstanding). */
  hedges: number;
  outcomes: { timeout: number; rejected: number; shed: number; rateLimited: number; noHost: number };
  /** Tries starting service per second, their mean wait (Infinity in overload), busy slots over all hosts. */
  served: number;
  wait: number;
  busy: number;
  overloaded: boolean;
}

/** One evaluation of the try-level probabilities at try rate `L`. */
function evaluate(spec: LoadServiceSpec, law: ServiceLaw, factor: number, up: number, lambda: number, L: number) {
  const rl = spec.rateLimit;
  const fRL = rl && L > rl.rate ? 1 - rl.rate / L : 0;
  const afterRL = L * (1 - fRL);
  let host: HostPoint | null = null;
  let fShed = 0;
  if (up > 0) {
    const offered = afterRL / up;
    host = hostPoint(spec.capacity, law, factor, offered, spec.timeout);
    const duration = Math.min(host.sojourn, spec.timeout);
    const b = spec.breakers;
    if (b) fShed = erlangB(Math.min(b.maxConnections + b.maxPendingRequests, b.maxRequests), afterRL * duration);
    // The host sees the tries that passed the breakers (the same point when none is shed: hostPoint is pure).
    const passed = (afterRL * (1 - fShed)) / up;
    if (passed !== offered) host = hostPoint(spec.capacity, law, factor, passed, spec.timeout);
  }
  const dispatched = afterRL * (1 - fShed);
  const fNoHost = up === 0 ? 1 : 0;
  const pReject = host ? host.reject : 0;
  const pTimeout = host ? (1 - pReject) * host.timeout : 0;
  const retryable = (1 - fRL) * (fNoHost + (1 - fNoHost) * (1 - fShed) * (pReject + pTimeout));
  const tryTime = host ? (1 - pReject) * Math.min(host.sojourn, spec.timeout) : 0;
  const rp = spec.retry;
  let admit = 1;
  if (rp.numRetries > 0) {
    const retryRate = Math.max(0, L - lambda);
    const retryLoad = retryRate * (tryTime + meanBackoff(rp, 1));
    if (rp.budget) admit *= admittedFraction(rp.budget, lambda * tryTime, retryLoad);
    if (spec.breakers) admit *= 1 - erlangB(spec.breakers.maxRetries, retryLoad);
  }
  const q = (1 - fRL) * (1 - fNoHost) * (1 - fShed) * (1 - pReject);
  const hostRate = up > 0 ? dispatched / up : 0;
  const hedged = spec.hedge ? hedgedRequest(spec, q, admit, (x) => (x <= 0 ? 1 : hostPoint(spec.capacity, law, factor, hostRate, x).timeout)) : null;
  return { fRL, fShed, fNoHost, pReject, pTimeout, retryable, admit, host, dispatched, hedged };
}

/** G(L): the try rate the client generates when tries meet the state at try rate L. */
export function retryLoad(spec: LoadServiceSpec, law: ServiceLaw, factor: number, up: number, lambda: number, L: number): number {
  const e = evaluate(spec, law, factor, up, lambda, L);
  if (e.hedged) return lambda * e.hedged.tries;
  return lambda * geometric(e.retryable * e.admit, spec.retry.numRetries);
}

/** sum_{i=0}^{n} r^i */
function geometric(r: number, n: number): number {
  if (r >= 1 - 1e-12) return n + 1;
  return (1 - r ** (n + 1)) / (1 - r);
}

/**
 * The operating point reached from amplification `start` (previous try rate / client rate; 1 from scratch).
 * @returns the point and its amplification (to start the next state from)
 */
export function operatingPoint(spec: LoadServiceSpec, law: ServiceLaw, factor: number, up: number, lambda: number, start: number): { point: OperatingPoint; amplification: number } {
  let L = lambda * Math.max(1, start);
  for (let i = 0; i < 500; i++) {
    const next = retryLoad(spec, law, factor, up, lambda, L);
    if (Math.abs(next - L) <= 1e-10 * Math.max(1, L)) {
      L = next;
      break;
    }
    L = next;
  }
  const e = evaluate(spec, law, factor, up, lambda, L);
  const n = spec.retry.numRetries;
  const r = e.retryable * e.admit;
  // Tries that fail retryably with retries left: sum_{i<N} of the i-th try rate lambda r^i.
  const withRetriesLeft = n > 0 ? lambda * geometric(r, n - 1) : 0;
  const success = (1 - e.fRL) * (1 - e.fNoHost) * (1 - e.fShed) * (1 - e.pReject - e.pTimeout);
  const served = e.dispatched * (1 - e.pReject);
  const hd: HedgedRequest | null = e.hedged;
  const point: OperatingPoint = {
    tryRate: L,
    goodput: hd ? lambda * hd.success : L * success,
    retryRate: hd ? lambda * hd.retries : L - lambda,
    retriesRefused: hd ? lambda * hd.retriesRefused : withRetriesLeft * e.retryable * (1 - e.admit),
    hedges: hd ? lambda * hd.hedges : 0,
    outcomes: {
      timeout: hd ? lambda * hd.timeouts : L * (1 - e.fRL) * (1 - e.fShed) * (1 - e.fNoHost) * e.pTimeout,
      rejected: L * (1 - e.fRL) * (1 - e.fShed) * (1 - e.fNoHost) * e.pReject,
      shed: L * (1 - e.fRL) * e.fShed * (1 - e.fNoHost),
      rateLimited: L * e.fRL,
      noHost: L * (1 - e.fRL) * e.fNoHost,
    },
    served,
    wait: e.host ? e.host.wait : 0,
    busy: e.host ? e.host.busy * up : 0,
    overloaded: e.host ? e.host.overloaded : false,
  };
  return { point, amplification: lambda > 0 ? L / lambda : 1 };
}

/** A fixed point of the retry-load equation and whether it is stable (G'(L) < 1 there). */
export interface FixedPoint {
  tryRate: number;
  amplification: number;
  stable: boolean;
}

/**
 * Every fixed point of L = G(L) on [lambda, lambda (N + 1)], found as sign changes of G(L) - L on a grid of
 * `steps` points refined by bisection; stability from the slope of G (finite difference).
 */
export function fixedPoints(spec: LoadServiceSpec, law: ServiceLaw, factor: number, up: number, lambda: number, steps = 400): FixedPoint[] {
  const h = spec.hedge;
  const hi = lambda * (spec.retry.numRetries + (h ? h.initialRequests + (h.additionalRequestChance > 0 ? 1 : 0) : 1));
  const g = (L: number) => retryLoad(spec, law, factor, up, lambda, L) - L;
  const out: FixedPoint[] = [];
  if (hi <= lambda) return [{ tryRate: lambda, amplification: 1, stable: true }];
  let a = lambda;
  let ga = g(a);
  if (Math.abs(ga) < 1e-12 * lambda) out.push(classify(a));
  for (let i = 1; i <= steps; i++) {
    const b = lambda + ((hi - lambda) * i) / steps;
    const gb = g(b);
    if (Math.abs(gb) < 1e-12 * lambda) out.push(classify(b));
    else if (ga * gb < 0 && Math.abs(ga) >= 1e-12 * lambda) {
      let lo = a, up2 = b;
      for (let k = 0; k < 60; k++) {
        const m = (lo + up2) / 2;
        if (g(m) * ga > 0) lo = m;
        else up2 = m;
      }
      out.push(classify((lo + up2) / 2));
    }
    a = b;
    ga = gb;
  }
  return out;

  function classify(L: number): FixedPoint {
    const h = 1e-4 * Math.max(L, 1e-9);
    const slope = (retryLoad(spec, law, factor, up, lambda, L + h) - retryLoad(spec, law, factor, up, lambda, Math.max(lambda, L - h))) / (L + h - Math.max(lambda, L - h));
    return { tryRate: L, amplification: L / lambda, stable: slope < 1 };
  }
}

/** Operating points already computed, per service spec (shared by the replications of a thread). */
type Solved = { point: OperatingPoint; amplification: number };
const cache = new WeakMap<LoadServiceSpec, { size: number; byUp: Map<number, Map<number, Map<number, Map<number, Solved>>>> }>();

/** The map below `key` in `m`, created empty when missing. */
function child<K, V>(m: Map<K, V>, key: K, make: () => V): V {
  let v = m.get(key);
  if (v === undefined) m.set(key, (v = make()));
  return v;
}

/**
 * `operatingPoint`, memoized on (hosts up, factor, client rate, start amplification): nested maps keyed by the
 * numbers themselves (no string keys), at most 100,000 points per spec.
 */
export function cachedOperatingPoint(spec: LoadServiceSpec, law: ServiceLaw, factor: number, up: number, lambda: number, start: number): Solved {
  let c = cache.get(spec);
  if (!c) cache.set(spec, (c = { size: 0, byUp: new Map() }));
  const byStart = child(child(child(c.byUp, up, () => new Map()), factor, () => new Map()), lambda, () => new Map<number, Solved>());
  let r = byStart.get(start);
  if (!r) {
    r = operatingPoint(spec, law, factor, up, lambda, start);
    if (c.size < 100_000) {
      byStart.set(start, r);
      c.size++;
    }
  }
  return r;
}
