/**
 * Fluid mode, one host: what a Poisson stream of tries (rate lambda per host) meets on a host with c slots, per
 * queueing.ts: the fraction rejected by the queue limit, the mean wait of the served tries, the busy slots and
 * P(wait + service > timeout) (the client times out), for the service-time law scaled by `factor`.
 *
 * - unbounded FCFS: Erlang C with the Allen-Cunneen mean wait; the positive wait taken as exponential (exact
 *   for M/M/c); exponential service uses the closed-form M/M/c sojourn tail; lambda E[S] >= c is overload
 *   (the queue grows without bound: every try times out, every slot is busy);
 * - a queue limit K: the M/M/c/K chain with the mean service time (exact for exponential service, an
 *   approximation otherwise); an accepted arrival finding n >= c waits Erlang(n - c + 1, c mu); exponential
 *   service uses the closed-form M/M/c/K sojourn tail (queueing.ts), other laws the midpoint rule below;
 * - processor sharing: the M/M/c (or M/M/c/K) number in system (insensitive), a try of size x lasting
 *   x E[T] / E[S], E[T] from Little's law.
 * E[f(S)] for an f that is 1 for S >= timeout and smooth below: P(S >= timeout) + a 64-point midpoint rule in
 * probability on the quantiles of S restricted to [0, timeout) (the jump at the timeout is integrated exactly).
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { DistributionSpec } from '../scenario/primitives.js';
import { allenCunneenWait, erlangC, mmcKDistribution, mmcKSojournTail, mmcSojournTail } from './queueing.js';
import type { CapacitySpec } from './types.js';

const GRID = 64;

/** Math.log(k) of small integers, computed once (the same values). */
let logs = new Float64Array(0);
function logOf(k: number): number {
  if (k >= logs.length) {
    const n = Math.max(2 * logs.length, k + 1, 1024);
    logs = new Float64Array(n);
    for (let i = 0; i < n; i++) logs[i] = Math.log(i);
  }
  return logs[k];
}

/** A service-time law: its quantile function, mean and squared coefficient of variation. */
export interface ServiceLaw {
  spec: DistributionSpec;
  /** Quantile at probability u (inverse transform, as the exact mode samples). */
  quantile(u: number): number;
  mean: number;
  cs2: number;
}

export function serviceLaw(spec: DistributionSpec): ServiceLaw {
  const s: Sampler = makeSampler(spec);
  const quantile = (u: number) => s.sample(() => u);
  const grid = new Float64Array(4 * GRID);
  for (let i = 0; i < grid.length; i++) grid[i] = quantile((i + 0.5) / grid.length);
  const { mean, variance } = moments(spec, grid);
  return { spec, quantile, mean, cs2: variance / (mean * mean) };
}

/** P(S <= x) by bisection on the quantile function (monotone). */
function cdf(law: ServiceLaw, x: number): number {
  let lo = 0, hi = 1;
  for (let i = 0; i < 50; i++) {
    const m = (lo + hi) / 2;
    if (law.quantile(m) <= x) lo = m;
    else hi = m;
  }
  return lo;
}

function moments(spec: DistributionSpec, q: Float64Array): { mean: number; variance: number } {
  switch (spec.kind) {
    case 'exponential':
      return { mean: spec.mean, variance: spec.mean ** 2 };
    case 'fixed':
      return { mean: spec.value, variance: 0 };
    case 'uniform':
      return { mean: (spec.min + spec.max) / 2, variance: (spec.max - spec.min) ** 2 / 12 };
    case 'lognormal': {
      const m = Math.exp(spec.mu + spec.sigma ** 2 / 2);
      return { mean: m, variance: (Math.exp(spec.sigma ** 2) - 1) * m * m };
    }
    default: {
      let s = 0, s2 = 0;
      for (const x of q) {
        s += x;
        s2 += x * x;
      }
      const mean = s / q.length;
      return { mean, variance: Math.max(0, s2 / q.length - mean * mean) };
    }
  }
}

/** What a host does with its tries (per host). */
export interface HostPoint {
  /** Fraction of arriving tries rejected by the queue limit. */
  reject: number;
  /** P(wait + service > timeout) for an accepted try. */
  timeout: number;
  /** Mean wait of accepted tries, seconds (Infinity in overload). */
  wait: number;
  /** Mean busy slots. */
  busy: number;
  /** Mean time at the host of an accepted try, seconds (capped at the timeout in overload). */
  sojourn: number;
  overloaded: boolean;
}

/** E[f(S x factor)] for f = 1 on [timeout, inf), smooth on [0, timeout). */
function overService(law: ServiceLaw, factor: number, timeout: number, f: (s: number) => number): number {
  const F = cdf(law, timeout / factor);
  let sum = 0;
  for (let i = 0; i < GRID; i++) sum += f(law.quantile((F * (i + 0.5)) / GRID) * factor);
  return 1 - F + (F * sum) / GRID;
}

/** The host's operating point for arrival rate `lambda` (tries per second to this host). */
export function hostPoint(cap: CapacitySpec, law: ServiceLaw, factor: number, lambda: number, timeout: number): HostPoint {
  const c = cap.concurrency;
  const es = law.mean * factor;
  const mu = 1 / es;
  if (cap.queueLimit === null) {
    if (lambda * es >= c) return { reject: 0, timeout: 1, wait: Infinity, busy: c, sojourn: timeout, overloaded: true };
    if (cap.discipline === 'processor_sharing') {
      const T = es + erlangC(c, lambda * es) / (c * mu - lambda);
      return { reject: 0, timeout: 1 - cdf(law, (timeout * es) / (T * factor)), wait: T - es, busy: lambda * es, sojourn: T, overloaded: false };
    }
    const C = erlangC(c, lambda * es);
    const wq = allenCunneenWait(lambda, es, law.cs2, c);
    const p =
      law.spec.kind === 'exponential'
        ? mmcSojournTail(lambda, mu, c, timeout)
        : overService(law, factor, timeout, (s) => (s >= timeout ? 1 : C > 0 && wq > 0 ? C * Math.exp(-(timeout - s) * (C / wq)) : 0));
    return { reject: 0, timeout: p, wait: wq, busy: lambda * es, sojourn: wq + es, overloaded: false };
  }
  return limitedHost(cap, law, factor, lambda, timeout);
}

function limitedHost(cap: CapacitySpec, law: ServiceLaw, factor: number, lambda: number, timeout: number): HostPoint {
  const c = cap.concurrency;
  const K = cap.queueLimit as number;
  const es = law.mean * factor;
  const pi = mmcKDistribution(lambda, 1 / es, c, K);
  const reject = pi[c + K];
  const acc = 1 - reject;
  let L = 0;
  for (let n = 0; n <= c + K; n++) L += n * pi[n];
  const busy = lambda * acc * es;
  const T = acc > 0 && lambda > 0 ? L / (lambda * acc) : es;
  if (cap.discipline === 'processor_sharing') {
    return { reject, timeout: 1 - cdf(law, (timeout * es) / (T * factor)), wait: T - es, busy, sojourn: T, overloaded: reject > 0.5 };
  }
  let wait = 0;
  for (let n = c; n < c + K; n++) wait += (pi[n] * (n - c + 1) * es) / c;
  wait /= acc;
  if (law.spec.kind === 'exponential') return { reject, timeout: mmcKSojournTail(pi, 1 / es, c, K, timeout), wait, busy, sojourn: wait + es, overloaded: reject > 0.5 };
  const r = c / es;
  const p = overService(law, factor, timeout, (s) => {
    if (s >= timeout) return 1;
    // sum_{n=c}^{c+K-1} pi_n P(Erlang(n - c + 1, r) > w), w = timeout - s: the Erlang tails are the cumulative
    // Poisson(r w) probabilities, accumulated term by term (log-space terms: no underflow for large r w).
    // Once a term past the mode (k > x + 1: terms decrease from there) leaves the sum unchanged, every later one
    // does too (rounding is monotone): the remaining terms are skipped, with the same result.
    const x = r * (timeout - s);
    const lx = Math.log(x);
    let logTerm = -x;
    let cumulative = 0;
    let settled = false;
    let tail = 0;
    for (let n = c, k = 0; n < c + K; n++, k++) {
      if (!settled) {
        if (k > 0) logTerm += lx - logOf(k);
        const sum = cumulative + Math.exp(logTerm);
        settled = sum === cumulative && k > x + 1;
        cumulative = sum;
      }
      tail += pi[n] * Math.min(1, cumulative);
    }
    return tail / acc;
  });
  return { reject, timeout: p, wait, busy, sojourn: wait + es, overloaded: reject > 0.5 };
}
