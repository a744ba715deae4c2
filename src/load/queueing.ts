/**
 * Queueing results for one host with c worker slots, Poisson arrivals of rate lambda (per second) and mean
 * service time 1/mu (seconds): the pure functions the fluid mode and the analytic columns use.
 *
 * - Erlang B and Erlang C: B(c, a) by the recursion B(k) = a B(k-1) / (k + a B(k-1)); C = B / (1 - rho (1 - B)),
 *   rho = a / c, a = lambda / mu (Erlang 1917; Gross & Harris, Fundamentals of Queueing Theory, 4th ed., 2008,
 *   sec. 2.3 and 2.5).
 * - M/M/c mean wait Wq = C / (c mu - lambda) and sojourn tail, FCFS (Gross & Harris sec. 2.3, the waiting-time
 *   distribution of M/M/c): P(T > t) = e^{-mu t} [1 + C mu / (c mu - lambda - mu) (1 - e^{-(c mu - lambda - mu) t})],
 *   and C mu t e^{-mu t} + e^{-mu t} when c mu - lambda = mu; for c = 1 it is e^{-(mu - lambda) t}.
 * - M/G/c mean wait by the Allen-Cunneen approximation Wq ~ C(c, a) / (c mu - lambda) x (1 + cs^2) / 2
 *   (Allen, Probability, Statistics and Queueing Theory, 2nd ed., 1990, sec. 6.3), cs^2 the squared coefficient of
 *   variation of the service time; the wait given that it is positive is taken as exponential with mean Wq / C.
 * - M/M/c/K (a queue limit): the birth-death chain pi_n ~ a^n / n! (n <= c), pi_c rho^{n-c} (n > c), n <= c + K
 *   (Gross & Harris sec. 2.5); an arrival finding c + K in the system is rejected (PASTA); a waiting arrival that
 *   finds n >= c waits an Erlang(n - c + 1, c mu) time.
 * - Processor sharing with c slots (rate min(n, c) / n per try) is a symmetric queue (Kelly 1979): the number in
 *   system is insensitive and that of M/M/c, so the mean sojourn is the M/M/c one; a try of size x takes
 *   x W / E[S] on average (Kleinrock, Queueing Systems II, 1976, sec. 4.4 for c = 1), which is used as its sojourn.
 */

/** Erlang B, the loss probability of M/G/c/c with offered load a erlangs. */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) {
    b = (a * b) / (k + a * b);
    // B decreases in k once k > a: below 1e-300 it is 0 in double precision from here on.
    if (b < 1e-300 && k > a) return 0;
  }
  return b;
}

/** Erlang C, P(an arrival waits) in M/M/c with offered load a < c; 1 when a >= c. */
export function erlangC(c: number, a: number): number {
  if (a >= c) return 1;
  const b = erlangB(c, a);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/** M/M/c mean wait in queue, seconds (Infinity when lambda >= c mu). */
export function mmcWait(lambda: number, mu: number, c: number): number {
  if (lambda >= c * mu) return Infinity;
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/** M/M/c FCFS sojourn tail P(wait + service > t). */
export function mmcSojournTail(lambda: number, mu: number, c: number, t: number): number {
  if (lambda >= c * mu) return 1;
  const C = erlangC(c, lambda / mu);
  const d = c * mu - lambda - mu;
  const e = Math.exp(-mu * t);
  if (Math.abs(d) < 1e-12 * mu) return e * (1 + C * mu * t);
  return Math.min(1, e * (1 + ((C * mu) / d) * (1 - Math.exp(-d * t))));
}

/** Allen-Cunneen approximate M/G/c mean wait, seconds; exact for exponential service (cs2 = 1). */
export function allenCunneenWait(lambda: number, meanService: number, cs2: number, c: number): number {
  return mmcWait(lambda, 1 / meanService, c) * ((1 + cs2) / 2);
}

/** Stationary distribution of M/M/c/K (K waiting places; n = 0..c + K), as a Float64Array summing to 1. */
export function mmcKDistribution(lambda: number, mu: number, c: number, K: number): Float64Array {
  const n = c + K;
  const p = new Float64Array(n + 1);
  // Computed in ratios from the mode to avoid overflow: p[k] / p[k-1] = lambda / (min(k, c) mu).
  p[0] = 1;
  let max = 1;
  for (let k = 1; k <= n; k++) {
    p[k] = (p[k - 1] * lambda) / (Math.min(k, c) * mu);
    if (p[k] > max) max = p[k];
    if (max > 1e250) {
      for (let j = 0; j <= k; j++) p[j] /= max;
      max = 1;
    }
  }
  let s = 0;
  for (let k = 0; k <= n; k++) s += p[k];
  for (let k = 0; k <= n; k++) p[k] /= s;
  return p;
}

/** P(X > t) for X ~ Erlang(j, r) (j >= 1): the Poisson(r t) probability of fewer than j events (log-space terms). */
export function erlangTail(j: number, r: number, t: number): number {
  if (t <= 0) return 1;
  const x = r * t;
  const lx = Math.log(x);
  let logTerm = -x;
  let sum = 0;
  for (let k = 0; k < j; k++) {
    if (k > 0) logTerm += lx - Math.log(k);
    const term = Math.exp(logTerm);
    sum += term;
    if (k > x && term < 1e-17 * sum) break;
  }
  return Math.min(1, sum);
}

/**
 * M/M/c/K FCFS: P(wait + service > t) for an accepted arrival, from the stationary distribution `pi` of
 * mmcKDistribution (length c + K + 1; service rate mu per slot). An arrival finding n < c busy slots is served at
 * once (P(S > t) = e^(-mu t)); one finding n >= c waits W ~ Erlang(k = n - c + 1, r = c mu) (Kleinrock 1975,
 * Vol. 1, section 3.6; Gross & Harris, Fundamentals of Queueing Theory, M/M/c/K waiting times), so
 *   P(W + S > t) = P(W > t) + integral_0^t f_W(x) e^(-mu (t - x)) dx = sum_(j<k) P_j + I_k,
 *   I_k = sum_(j>=k) P_j q^(j-k),  P_j = Poisson(j; r t),  q = (c - 1) / c,
 * the integral written out with (r / (r - mu))^k (r - mu)^j = r^j q^(j - k) (for c = 1: I_k = P_k, the
 * Erlang(k + 1, mu) tail). I_k = P_k + q I_(k+1) is summed backwards from where the Poisson terms vanish
 * (positive terms only: no cancellation). Cost O(K + r t).
 * @returns a probability in [0, 1]; 1 when t <= 0
 */
export function mmcKSojournTail(pi: Float64Array, mu: number, c: number, K: number, t: number): number {
  if (t <= 0) return 1;
  const r = c * mu;
  const x = r * t;
  const q = (c - 1) / c;
  // Poisson terms P_0..P_J, J past both K and the point where the terms stop mattering (log space: no underflow).
  const J = Math.max(K, Math.ceil(x + 40 * Math.sqrt(x) + 40));
  const P = new Float64Array(J + 2);
  const lx = Math.log(x);
  let logP = -x;
  for (let j = 0; j <= J; j++) {
    if (j > 0) logP += lx - Math.log(j);
    P[j] = Math.exp(logP);
  }
  const I = new Float64Array(J + 2);
  for (let j = J; j >= 1; j--) I[j] = P[j] + q * I[j + 1];
  const acc = 1 - pi[c + K];
  let served = 0;
  for (let n = 0; n < c; n++) served += pi[n];
  let tail = served * Math.exp(-mu * t);
  let below = 0; // sum_(j<k) P_j
  for (let n = c, k = 1; n < c + K; n++, k++) {
    below += P[k - 1];
    tail += pi[n] * Math.min(1, below + I[k]);
  }
  return acc > 0 ? Math.min(1, tail / acc) : 1;
}
