/**
 * Closed-form availability, reliability and capacity formulas.
 *
 * Units: times in seconds, rates per second, availabilities and probabilities as fractions in [0, 1]
 * (any consistent time unit works, since every formula is homogeneous in time).
 * Every function validates its inputs and throws a RangeError naming the offending argument.
 */

import { SECONDS_PER_YEAR } from '../scenario/duration.js';

/** Seconds in a year of 365 days (8760 h), the convention of "downtime per year" (one definition: scenario/duration.ts). */
export { SECONDS_PER_YEAR };

function requirePositive(name: string, x: number): void {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be a finite positive number, got ${x}`);
}
function requireNonNegative(name: string, x: number): void {
  if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be a finite non-negative number, got ${x}`);
}
function requireProbability(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be a probability in [0, 1], got ${p}`);
}
function requireUnitCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer >= 1, got ${n}`);
}
function requireProbabilities(name: string, ps: readonly number[]): void {
  ps.forEach((p, i) => requireProbability(`${name}[${i}]`, p));
}

/**
 * Steady-state availability of a single repairable unit: A = MTTF / (MTTF + MTTR).
 * Valid for any failure and repair laws (alternating renewal process: key renewal theorem), as long as
 * the unit is as good as new after repair.
 * @param mttf mean time to failure, s (> 0; may be Infinity for a unit that never fails: A = 1)
 * @param mttr mean time to repair, s (>= 0)
 * @throws RangeError on a non-positive MTTF or a negative/non-finite MTTR.
 * Source: Barlow & Proschan, "Statistical Theory of Reliability and Life Testing" (1975), ch. 7
 * (alternating renewal processes); Rausand & Høyland, "System Reliability Theory", 2nd ed. (2004).
 */
export function singleUnitAvailability(mttf: number, mttr: number): number {
  if (mttf === Infinity) return 1;
  requirePositive('mttf', mttf);
  requireNonNegative('mttr', mttr);
  return mttf / (mttf + mttr);
}

/**
 * Point availability A(t) = P(up at t) of a single unit with exponential failure (rate lambda) and
 * repair (rate mu) laws, up at t = 0: A(t) = mu/(l+mu) + l/(l+mu) e^{-(l+mu) t}.
 * @param lambda failure rate, 1/s (>= 0)
 * @param mu repair rate, 1/s (>= 0; 0 = never repaired, then A(t) = e^{-l t})
 * @param t time, s (>= 0)
 * @throws RangeError on negative or non-finite arguments.
 * Source: Trivedi, "Probability and Statistics with Reliability, Queuing and Computer Science
 * Applications", 2nd ed. (2016), two-state CTMC (availability of a single repairable system).
 */
export function pointAvailabilityExponential(lambda: number, mu: number, t: number): number {
  requireNonNegative('lambda', lambda);
  requireNonNegative('mu', mu);
  requireNonNegative('t', t);
  const s = lambda + mu;
  if (s === 0) return 1;
  return Math.min(1, mu / s + (lambda / s) * Math.exp(-s * t));
}

/**
 * Interval (time-averaged) availability (1/T) integral_0^T A(t) dt of a single exponential unit up at 0:
 * mu/(l+mu) + l/(l+mu)^2 (1 - e^{-(l+mu)T}) / T. With `from` > 0, the average over [from, T] instead:
 * mu/(l+mu) + l/(l+mu)^2 (e^{-(l+mu) from} - e^{-(l+mu) T}) / (T - from).
 * @param lambda failure rate, 1/s (>= 0)
 * @param mu repair rate, 1/s (>= 0)
 * @param T end of the interval, s (> from)
 * @param from start of the interval, s (default 0)
 * @throws RangeError on negative rates or an empty interval.
 * Source: Trivedi (2016), interval availability of the two-state CTMC; Rausand & Høyland (2004).
 */
export function intervalAvailabilityExponential(lambda: number, mu: number, T: number, from = 0): number {
  requireNonNegative('lambda', lambda);
  requireNonNegative('mu', mu);
  requireNonNegative('from', from);
  if (!(T > from) || !Number.isFinite(T)) throw new RangeError(`interval [${from}, ${T}] is empty or infinite`);
  const s = lambda + mu;
  if (s === 0) return 1;
  // e^{-s from} - e^{-s T} = e^{-s from} (1 - e^{-s (T - from)}), computed with expm1 for small s T.
  const decay = Math.exp(-s * from) * -Math.expm1(-s * (T - from));
  return Math.min(1, mu / s + (lambda / (s * s)) * (decay / (T - from)));
}

/**
 * Series system whose components keep ageing (may fail) while the system is down: with independent
 * components (each with its own repairer), A = prod A_i. Valid for any laws in steady state.
 * @param availabilities per-component availabilities in [0, 1]
 * @throws RangeError if one is outside [0, 1].
 * Source: Barlow & Proschan (1975), ch. 7; Rausand & Høyland (2004), system availability of independent
 * components.
 */
export function seriesAvailability(availabilities: readonly number[]): number {
  requireProbabilities('availabilities', availabilities);
  return availabilities.reduce((p, a) => p * a, 1);
}

/**
 * Series system in which no component can fail while the system is down (failure clocks frozen), each
 * failed component repaired independently: A = 1 / (1 + sum_i MTTR_i / MTTF_i)
 * (= 1/(1 + sum lambda_i/mu_i) for exponential laws). Valid for any failure and repair laws.
 * @param mttfs mean times to failure, s (> 0, Infinity allowed)
 * @param mttrs mean times to repair, s (>= 0), same length
 * @throws RangeError on mismatched lengths or invalid means.
 * Source: Barlow & Proschan (1975), ch. 7 (series system with components that cannot fail while the
 * system is down).
 */
export function seriesAvailabilityNoAgeingWhileDown(mttfs: readonly number[], mttrs: readonly number[]): number {
  if (mttfs.length !== mttrs.length) throw new RangeError(`mttfs (${mttfs.length}) and mttrs (${mttrs.length}) differ in length`);
  let sum = 0;
  mttfs.forEach((mttf, i) => {
    if (mttf === Infinity) return;
    requirePositive(`mttfs[${i}]`, mttf);
    requireNonNegative(`mttrs[${i}]`, mttrs[i]);
    sum += mttrs[i] / mttf;
  });
  return 1 / (1 + sum);
}

/**
 * Parallel system of independent components (up when at least one is): A = 1 - prod (1 - A_i).
 * @param availabilities per-component availabilities in [0, 1]
 * @throws RangeError if one is outside [0, 1].
 * Source: Rausand & Høyland (2004), parallel structure; Barlow & Proschan (1975), ch. 2.
 */
export function parallelAvailability(availabilities: readonly number[]): number {
  requireProbabilities('availabilities', availabilities);
  return 1 - availabilities.reduce((p, a) => p * (1 - a), 1);
}

/**
 * k-out-of-n system of n independent identical components, each up with probability a:
 * sum_{i=k}^{n} C(n,i) a^i (1-a)^{n-i}. Binomial terms are built by the ratio recursion (no factorials).
 * @param k minimum number of components up (integer, 0 <= k; k > n gives 0)
 * @param n number of components (integer >= 0)
 * @param a availability of one component
 * @throws RangeError on non-integer k/n or a outside [0, 1].
 * Source: Barlow & Proschan (1975), ch. 2 (k-out-of-n structures); Rausand & Høyland (2004).
 */
export function kOutOfNIdentical(k: number, n: number, a: number): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0) throw new RangeError(`k and n must be non-negative integers, got k=${k}, n=${n}`);
  requireProbability('a', a);
  return kOutOfN(k, new Array<number>(n).fill(a));
}

/**
 * k-out-of-n system of independent, possibly non-identical components (Poisson-binomial tail):
 * P(at least k of n up), by the O(n k) dynamic programme over "exactly j up among the first i".
 * Numerically stable (a convex combination at every step, no subtraction).
 * @param k minimum number up (integer >= 0; k = 0 gives 1, k > n gives 0)
 * @param availabilities per-component availabilities in [0, 1]
 * @throws RangeError on a non-integer k or an availability outside [0, 1].
 * Source: R. E. Barlow, K. D. Heidtmann, "Computing k-out-of-n system reliability", IEEE Trans.
 * Reliability R-33(4) (1984).
 */
export function kOutOfN(k: number, availabilities: readonly number[]): number {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
  requireProbabilities('availabilities', availabilities);
  const n = availabilities.length;
  if (k === 0) return 1;
  if (k > n) return 0;
  // q[j] = P(exactly j up) for j < k; P(>= k up) accumulated separately in `atLeast`.
  const q = new Float64Array(k);
  q[0] = 1;
  let atLeast = 0;
  for (const a of availabilities) {
    // Once at least k are up it stays so; "exactly k-1 up" moves to ">= k up" when this one is up.
    atLeast += a * q[k - 1];
    for (let j = k - 1; j >= 1; j--) q[j] = q[j] * (1 - a) + q[j - 1] * a;
    q[0] *= 1 - a;
  }
  return Math.min(1, atLeast);
}

/**
 * Reliability of a cold standby system of n identical units without repair: one active unit with
 * exponential failure rate lambda, spares that do not age, each switch to a spare succeeding
 * independently with probability p (a failed switch fails the system). The system survives t if at most
 * n-1 failures happen in [0, t] and every switch succeeded:
 * R(t) = e^{-l t} sum_{j=0}^{n-1} (p l t)^j / j!   (n = 2: e^{-l t}(1 + p l t)).
 * @param lambda failure rate of the active unit, 1/s (>= 0)
 * @param p switch success probability in [0, 1]
 * @param t mission time, s (>= 0)
 * @param n number of units (integer >= 1, default 2)
 * @throws RangeError on invalid arguments.
 * Source: Trivedi (2016), standby redundancy with imperfect switching; Rausand & Høyland (2004),
 * cold standby with imperfect switching; Billinton & Allan, "Reliability Evaluation of Engineering
 * Systems", 2nd ed. (1992), standby redundancy.
 */
export function coldStandbyReliability(lambda: number, p: number, t: number, n = 2): number {
  requireNonNegative('lambda', lambda);
  requireProbability('p', p);
  requireNonNegative('t', t);
  requireUnitCount(n);
  const x = lambda * t;
  let term = 1;
  let sum = 1;
  for (let j = 1; j < n; j++) {
    term *= (p * x) / j;
    sum += term;
  }
  return Math.exp(-x) * sum;
}

/**
 * Mean time to failure of the cold standby system of {@link coldStandbyReliability}:
 * MTTF = integral_0^inf R(t) dt = (1/l) sum_{j=0}^{n-1} p^j   (n = 2: (1 + p)/l).
 * @param lambda failure rate, 1/s (> 0)
 * @param p switch success probability in [0, 1]
 * @param n number of units (integer >= 1, default 2)
 * @returns MTTF, s
 * @throws RangeError on invalid arguments.
 * Source: as {@link coldStandbyReliability}.
 */
export function coldStandbyMttf(lambda: number, p: number, n = 2): number {
  requirePositive('lambda', lambda);
  requireProbability('p', p);
  requireUnitCount(n);
  let sum = 0;
  let pj = 1;
  for (let j = 0; j < n; j++) {
    sum += pj;
    pj *= p;
  }
  return sum / lambda;
}

/**
 * Mean availability over [0, T] of the cold standby system without repair (it never comes back once
 * down, so A(t) = R(t)): (1/T) integral_0^T R(t) dt
 * = (1/(l T)) sum_{j=0}^{n-1} p^j P(Poisson(l T) >= j + 1).
 * @param lambda failure rate, 1/s (> 0); @param p switch success probability; @param T horizon, s (> 0)
 * @param n number of units (default 2)
 * @throws RangeError on invalid arguments.
 * Source: integral of {@link coldStandbyReliability} (incomplete gamma identity
 * integral_0^T e^{-l t}(l t)^j/j! l dt = P(Poisson(l T) >= j+1)).
 */
export function coldStandbyIntervalAvailability(lambda: number, p: number, T: number, n = 2): number {
  requirePositive('lambda', lambda);
  requirePositive('T', T);
  requireProbability('p', p);
  requireUnitCount(n);
  const x = lambda * T;
  // P(Poisson(x) >= j + 1) = 1 - sum_{i<=j} e^{-x} x^i / i!
  let pmf = Math.exp(-x);
  let cdf = pmf;
  let sum = 0;
  let pj = 1;
  for (let j = 0; j < n; j++) {
    sum += pj * Math.max(0, 1 - cdf);
    pj *= p;
    pmf *= x / (j + 1);
    cdf += pmf;
  }
  return sum / x;
}

/**
 * Erlang B blocking probability B(c, a) of an M/M/c/c loss system with offered load a = lambda/mu
 * Erlangs, by the stable recursion B(0) = 1, B(j) = a B(j-1) / (j + a B(j-1)).
 * @param servers c (integer >= 0)
 * @param offeredLoad a = lambda / mu, Erlangs (>= 0)
 * @throws RangeError on invalid arguments.
 * Source: L. Kleinrock, "Queueing Systems, Vol. 1: Theory" (1975), sec. 3.6 (M/M/m/m); D. L. Jagerman,
 * "Some properties of the Erlang loss function", Bell Syst. Tech. J. 53 (1974) (recursion).
 */
export function erlangB(servers: number, offeredLoad: number): number {
  if (!Number.isInteger(servers) || servers < 0) throw new RangeError(`servers must be a non-negative integer, got ${servers}`);
  requireNonNegative('offeredLoad', offeredLoad);
  let b = 1;
  for (let j = 1; j <= servers; j++) b = (offeredLoad * b) / (j + offeredLoad * b);
  return b;
}

/** Result of {@link erlangC}. */
export interface ErlangCResult {
  /** Probability that an arriving request waits (all c servers busy). */
  probabilityOfWaiting: number;
  /** Mean waiting time in queue Wq = C / (c mu - lambda), s. */
  meanWait: number;
  /** Mean response time W = Wq + 1/mu, s. */
  meanResponse: number;
  /** Server utilisation rho = lambda / (c mu). */
  utilisation: number;
}

/**
 * Erlang C (M/M/c queue): probability of waiting C = B / (1 - rho (1 - B)) with B = Erlang B(c, lambda/mu)
 * and rho = lambda/(c mu), mean wait Wq = C / (c mu - lambda).
 * @param lambda arrival rate, 1/s (>= 0)
 * @param mu service rate of one server, 1/s (> 0)
 * @param servers c (integer >= 1)
 * @throws RangeError on invalid arguments or an unstable queue (lambda >= c mu).
 * Source: Kleinrock (1975), sec. 3.5 (M/M/m); Trivedi (2016), M/M/m queue.
 */
export function erlangC(lambda: number, mu: number, servers: number): ErlangCResult {
  requireNonNegative('lambda', lambda);
  requirePositive('mu', mu);
  if (!Number.isInteger(servers) || servers < 1) throw new RangeError(`servers must be an integer >= 1, got ${servers}`);
  const rho = lambda / (servers * mu);
  if (rho >= 1) throw new RangeError(`unstable queue: lambda = ${lambda} >= c mu = ${servers * mu}`);
  const b = erlangB(servers, lambda / mu);
  const c = b / (1 - rho * (1 - b));
  const meanWait = c / (servers * mu - lambda);
  return { probabilityOfWaiting: c, meanWait, meanResponse: meanWait + 1 / mu, utilisation: rho };
}

/**
 * Expected data loss (time since the last good backup) when a failure strikes, with backups every T
 * seconds and failures arriving as a Poisson process independent of the schedule: by PASTA the failure
 * falls uniformly within the backup period, so E[loss] = T/2. If each backup independently fails with
 * probability q, the number of failed backups since the last good one is geometric with mean q/(1-q),
 * each adding T: E[loss] = T/2 + T q/(1-q).
 * @param period backup period T, s (> 0)
 * @param backupFailureProbability q in [0, 1) (default 0)
 * @returns expected loss, s
 * @throws RangeError on a non-positive period or q outside [0, 1).
 * Source: J. W. Young, "A first order approximation to the optimum checkpoint interval", Commun. ACM
 * 17(9) (1974) (T/2 expected lost work); geometric failed-backup count: Trivedi (2016), geometric law.
 */
export function periodicBackupExpectedLoss(period: number, backupFailureProbability = 0): number {
  requirePositive('period', period);
  const q = backupFailureProbability;
  if (!(q >= 0 && q < 1)) throw new RangeError(`backupFailureProbability must be in [0, 1), got ${q}`);
  return period / 2 + (period * q) / (1 - q);
}

/**
 * Expected downtime per year, s: (1 - A) x 365 x 86400.
 * @param availability in [0, 1]
 * @throws RangeError if availability is outside [0, 1].
 */
export function downtimePerYear(availability: number): number {
  requireProbability('availability', availability);
  return (1 - availability) * SECONDS_PER_YEAR;
}

/**
 * Availability from a downtime budget per year: 1 - downtime / (365 x 86400).
 * @param downtime seconds per year, in [0, 365 x 86400]
 * @throws RangeError outside that range.
 */
export function availabilityFromDowntimePerYear(downtime: number): number {
  if (!(downtime >= 0 && downtime <= SECONDS_PER_YEAR)) throw new RangeError(`downtime must be in [0, ${SECONDS_PER_YEAR}] s, got ${downtime}`);
  return 1 - downtime / SECONDS_PER_YEAR;
}

/**
 * Steady-state frequency-and-duration measures from an availability and a failure frequency:
 * MTBF = 1/nu, MUT = A/nu, MDT = (1-A)/nu (null when nu = 0: the system never fails).
 * @param availability steady-state availability
 * @param frequency system failure frequency nu, 1/s (>= 0)
 * Source: Billinton & Allan (1992), frequency and duration techniques; Rausand & Høyland (2004).
 */
export function frequencyDuration(availability: number, frequency: number): { mtbf: number | null; mut: number | null; mdt: number | null } {
  requireProbability('availability', availability);
  requireNonNegative('frequency', frequency);
  if (frequency === 0) return { mtbf: null, mut: null, mdt: null };
  return { mtbf: 1 / frequency, mut: availability / frequency, mdt: (1 - availability) / frequency };
}
