/**
 * Generic continuous-time Markov chain (CTMC) utilities: steady state, mean time to absorption and the
 * frequency-and-duration measures of availability models.
 *
 * Units: rates per second, times in seconds (any consistent unit works).
 * Input format: a sparse transition list `{ states: n, transitions: [{ from, to, rate }] }` with states
 * numbered 0..n-1; parallel transitions add up, self-loops and zero rates are ignored.
 *
 * Sources: W. J. Stewart, "Introduction to the Numerical Solution of Markov Chains", Princeton (1994);
 * W. K. Grassmann, M. I. Taksar, D. P. Heyman, "Regenerative analysis and steady state distributions for
 * Markov chains", Operations Research 33(5) (1985) (the GTH algorithm); Trivedi, "Probability and
 * Statistics with Reliability, Queuing and Computer Science Applications", 2nd ed. (2016) (CTMC
 * availability and mean time to absorption); Billinton & Allan, "Reliability Evaluation of Engineering
 * Systems", 2nd ed. (1992) (frequency and duration).
 */
import { Matrix, solve } from 'ml-matrix';
import { closedClasses, compileCtmc, compileCtmcArrays, restrict, type CompiledCtmc, type SparseCtmc } from './ctmc-sparse.js';

export { closedClasses, compileCtmc, type CompiledCtmc, type CtmcTransition, type SparseCtmc } from './ctmc-sparse.js';

/** Options of {@link steadyState}. */
export interface SteadyStateOptions {
  /**
   * 'auto' (default): GTH elimination up to `denseLimit` states in the recurrent class, Gauss-Seidel above
   * (power iteration if Gauss-Seidel fails). 'lu' solves the dense system with ml-matrix's LU (cross-check).
   */
  method?: 'auto' | 'gth' | 'lu' | 'gauss-seidel' | 'power';
  /** Largest recurrent class solved densely (default 500: GTH costs n^3/3 operations, Gauss-Seidel agrees to rounding above). */
  denseLimit?: number;
  /** Convergence tolerance of the iterative methods: estimated max relative error per state (default 1e-12). */
  tolerance?: number;
  /** Iteration budget of the iterative methods (sweeps; default about 1e9 / (states + transitions), at least 1000). */
  maxIterations?: number;
}

/** A steady-state solution. */
export interface SteadyStateResult {
  /** Stationary probabilities, length n (0 on transient states). */
  pi: Float64Array;
  method: 'GTH' | 'LU' | 'Gauss-Seidel' | 'power';
  /** Iterations used (0 for direct methods). */
  iterations: number;
  /** ||pi Q||_1 / (sum_i pi_i q_i): relative balance residual. */
  residual: number;
}

/** Error thrown when an iterative steady-state or absorption solver does not converge. */
export class ConvergenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConvergenceError';
  }
}

/**
 * Steady-state distribution pi of a CTMC: pi Q = 0, sum pi = 1.
 * Transient states get 0; the chain must have exactly one closed class (a single-state class is fine).
 * Direct method: GTH (Grassmann-Taksar-Heyman) state elimination, a subtraction-free Gaussian elimination
 * whose result has small componentwise relative error even for stiff availability chains (tiny
 * probabilities of multiple-failure states stay accurate). Large chains: Gauss-Seidel on pi Q = 0 with an
 * a-posteriori error estimate from the contraction ratio, power iteration on the uniformized chain as
 * fallback.
 * @throws Error if the chain has several closed classes (no unique steady state);
 *   ConvergenceError if the iterative methods do not reach the tolerance within the budget.
 * Source: Grassmann, Taksar & Heyman (1985); Stewart (1994), ch. 2-3.
 */
export function steadyState(chain: SparseCtmc | CompiledCtmc, options: SteadyStateOptions = {}): SteadyStateResult {
  const full = 'exit' in chain ? chain : compileCtmc(chain);
  const classes = closedClasses(full);
  if (classes.length !== 1) {
    throw new Error(
      `CTMC has ${classes.length} closed classes (e.g. absorbing states ${classes
        .slice(0, 3)
        .map((c) => c[0])
        .join(', ')}): no unique steady state`,
    );
  }
  const cls = classes[0];
  const pi = new Float64Array(full.n);
  if (cls.length === 1) {
    pi[cls[0]] = 1;
    return { pi, method: 'GTH', iterations: 0, residual: 0 };
  }
  const sub = cls.length === full.n ? full : restrict(full, cls);
  const method = options.method ?? 'auto';
  const denseLimit = options.denseLimit ?? 500;
  let res: { x: Float64Array; method: SteadyStateResult['method']; iterations: number };
  if (method === 'gth' || (method === 'auto' && sub.n <= denseLimit)) res = { x: gth(sub), method: 'GTH', iterations: 0 };
  else if (method === 'lu') res = { x: denseLu(sub), method: 'LU', iterations: 0 };
  else if (method === 'power') res = iterate(sub, 'power', options);
  else {
    try {
      res = iterate(sub, 'gauss-seidel', options);
    } catch (err) {
      if (method !== 'auto' || !(err instanceof ConvergenceError)) throw err;
      res = iterate(sub, 'power', options);
    }
  }
  cls.forEach((s, i) => (pi[s] = res.x[i]));
  return { pi, method: res.method, iterations: res.iterations, residual: balanceResidual(sub, res.x) };
}

/** GTH elimination on a dense copy of an irreducible chain. */
function gth(c: CompiledCtmc): Float64Array {
  const n = c.n;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let e = c.outStart[i]; e < c.outStart[i + 1]; e++) a[i * n + c.outTo[e]] += c.outRate[e];
  }
  for (let k = n - 1; k >= 1; k--) {
    const rowK = k * n;
    let s = 0;
    for (let j = 0; j < k; j++) s += a[rowK + j];
    if (!(s > 0)) throw new Error(`GTH elimination: state ${k} cannot reach lower states (chain not irreducible)`);
    for (let i = 0; i < k; i++) {
      const rowI = i * n;
      const f = a[rowI + k];
      if (f === 0) continue;
      const g = f / s;
      a[rowI + k] = g;
      for (let j = 0; j < k; j++) a[rowI + j] += g * a[rowK + j];
    }
  }
  const x = new Float64Array(n);
  x[0] = 1;
  let total = 1;
  for (let j = 1; j < n; j++) {
    let v = 0;
    for (let i = 0; i < j; i++) v += x[i] * a[i * n + j];
    x[j] = v;
    total += v;
  }
  for (let j = 0; j < n; j++) x[j] /= total;
  return x;
}

/** Dense LU solve (ml-matrix) of Q^T pi = 0 with the last equation replaced by sum pi = 1. */
function denseLu(c: CompiledCtmc): Float64Array {
  const n = c.n;
  const m = Matrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    m.set(i, i, m.get(i, i) - c.exit[i]);
    for (let e = c.outStart[i]; e < c.outStart[i + 1]; e++) m.set(c.outTo[e], i, m.get(c.outTo[e], i) + c.outRate[e]);
  }
  for (let j = 0; j < n; j++) m.set(n - 1, j, 1);
  const b = Matrix.zeros(n, 1);
  b.set(n - 1, 0, 1);
  const x = solve(m, b).getColumn(0);
  return Float64Array.from(x, (v) => Math.max(0, v));
}

/** Gauss-Seidel or power iteration on an irreducible chain. */
function iterate(c: CompiledCtmc, kind: 'gauss-seidel' | 'power', options: SteadyStateOptions): { x: Float64Array; method: SteadyStateResult['method']; iterations: number } {
  const n = c.n;
  const tol = options.tolerance ?? 1e-12;
  // Default budget: about 1e9 multiply-adds, at least 1000 sweeps.
  const maxIt = options.maxIterations ?? Math.max(1000, Math.min(100000, Math.floor(1e9 / (n + c.inFrom.length))));
  const { exit, inStart, inFrom, inRate } = c;
  let lambda = 0;
  for (let i = 0; i < n; i++) lambda = Math.max(lambda, exit[i]);
  lambda *= 1.05; // strictly larger than every exit rate: an aperiodic uniformized chain
  let x = new Float64Array(n).fill(1 / n);
  const prev = new Float64Array(n);
  let lastChange = Infinity;
  let best = Infinity;
  let sinceBest = 0;
  for (let it = 1; it <= maxIt; it++) {
    prev.set(x);
    if (kind === 'gauss-seidel') {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let e = inStart[j]; e < inStart[j + 1]; e++) s += x[inFrom[e]] * inRate[e];
        x[j] = s / exit[j];
      }
    } else {
      const y = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        let s = prev[j] * (1 - exit[j] / lambda);
        for (let e = inStart[j]; e < inStart[j + 1]; e++) s += (prev[inFrom[e]] * inRate[e]) / lambda;
        y[j] = s;
      }
      x = y;
    }
    let total = 0;
    for (let j = 0; j < n; j++) total += x[j];
    if (!(total > 0) || !Number.isFinite(total)) throw new ConvergenceError(`${kind} iteration broke down (sum ${total})`);
    let change = 0;
    for (let j = 0; j < n; j++) {
      x[j] /= total;
      if (x[j] > 0) change = Math.max(change, Math.abs(x[j] - prev[j]) / x[j]);
      else if (prev[j] > 0) change = Math.max(change, 1);
    }
    // A-posteriori error estimate for a geometrically converging iteration: change * r / (1 - r).
    const r = change / lastChange;
    const estimate = r < 0.999 ? (change * r) / (1 - r) : change * 1000;
    lastChange = change;
    // Stagnation: no 10% improvement of the change for 50 sweeps means rounding noise, not convergence.
    if (change < 0.9 * best) {
      best = change;
      sinceBest = 0;
    } else sinceBest++;
    // Converged: the estimated error is below tol, or the iterates only move at rounding level.
    if (it > 2 && change <= tol && (estimate <= tol || sinceBest >= 50)) {
      return { x, method: kind === 'power' ? 'power' : 'Gauss-Seidel', iterations: it };
    }
    if (sinceBest >= 2000) {
      throw new ConvergenceError(`${kind} steady-state iteration stagnated after ${it} iterations on ${n} states (max relative change ${change.toExponential(2)}, tolerance ${tol})`);
    }
  }
  throw new ConvergenceError(
    `${kind} steady-state iteration did not converge in ${maxIt} iterations on ${n} states (last max relative change ${lastChange.toExponential(2)}, tolerance ${tol})`,
  );
}

/** ||pi Q||_1 / sum_i pi_i q_i. */
function balanceResidual(c: CompiledCtmc, x: Float64Array): number {
  let flow = 0;
  let res = 0;
  for (let j = 0; j < c.n; j++) {
    let inflow = 0;
    for (let e = c.inStart[j]; e < c.inStart[j + 1]; e++) inflow += x[c.inFrom[e]] * c.inRate[e];
    const out = x[j] * c.exit[j];
    flow += out;
    res += Math.abs(inflow - out);
  }
  return flow > 0 ? res / flow : 0;
}

/** Options of {@link meanTimeToAbsorption}. */
export interface AbsorptionOptions extends SteadyStateOptions {
  /**
   * 'regenerative' (default): solve the chain in which absorption restarts the process at `start`;
   * by the renewal-reward theorem the mean time to absorption is 1 / (rate of absorptions).
   * 'lu': solve (-Q_TT) m = 1 over the transient states with ml-matrix's dense LU (cross-check, small chains).
   */
  absorptionMethod?: 'regenerative' | 'lu';
}

/**
 * Mean time to absorption from `start`: the expected time until the chain first enters a state for
 * which `absorbing` is true (e.g. MTTFF from "all up" with the system-down states absorbing).
 * Returns Infinity when absorption is not certain from `start` (the chain can stay forever in
 * non-absorbing states), 0 if `start` itself is absorbing.
 * Default method: states reachable from `start` without absorption are kept and every transition into
 * the absorbing set is redirected to `start`; the resulting chain is irreducible and its stationary
 * absorption rate nu = sum_i pi_i q_{i,A} gives E[T] = 1/nu (renewal-reward theorem), solved with the
 * accurate GTH elimination (or Gauss-Seidel for large chains).
 * @param absorbing per-state flags, length n
 * @throws RangeError if `start` is out of range or `absorbing` has the wrong length; ConvergenceError
 *   from the iterative solver on very large chains.
 * Source: Trivedi (2016), mean time to absorption of a CTMC ((-Q_TT) m = 1); S. M. Ross, "Stochastic
 * Processes", 2nd ed. (1996), renewal-reward theorem; Grassmann, Taksar & Heyman (1985).
 */
export function meanTimeToAbsorption(
  chain: SparseCtmc | CompiledCtmc,
  start: number,
  absorbing: ArrayLike<boolean>,
  options: AbsorptionOptions = {},
): number {
  const c = 'exit' in chain ? chain : compileCtmc(chain);
  const n = c.n;
  if (!Number.isInteger(start) || start < 0 || start >= n) throw new RangeError(`start state ${start} outside 0..${n - 1}`);
  if (absorbing.length !== n) throw new RangeError(`absorbing flags have length ${absorbing.length}, expected ${n}`);
  if (absorbing[start]) return 0;
  // Transient states reachable from start.
  const map = new Int32Array(n).fill(-1);
  const order: number[] = [start];
  map[start] = 0;
  let reachesAbsorbing = false;
  for (let h = 0; h < order.length; h++) {
    const v = order[h];
    for (let e = c.outStart[v]; e < c.outStart[v + 1]; e++) {
      const w = c.outTo[e];
      if (absorbing[w]) reachesAbsorbing = true;
      else if (map[w] === -1) {
        map[w] = order.length;
        order.push(w);
      }
    }
  }
  if (!reachesAbsorbing) return Infinity;
  // Every kept state must be able to reach the absorbing set, else absorption is not certain.
  const m = order.length;
  const canAbsorb = new Uint8Array(m);
  const queue: number[] = [];
  const absorbRate = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const v = order[i];
    for (let e = c.outStart[v]; e < c.outStart[v + 1]; e++) if (absorbing[c.outTo[e]]) absorbRate[i] += c.outRate[e];
    if (absorbRate[i] > 0) {
      canAbsorb[i] = 1;
      queue.push(i);
    }
  }
  for (let h = 0; h < queue.length; h++) {
    const v = order[queue[h]];
    for (let e = c.inStart[v]; e < c.inStart[v + 1]; e++) {
      const u = map[c.inFrom[e]];
      if (u >= 0 && !canAbsorb[u]) {
        canAbsorb[u] = 1;
        queue.push(u);
      }
    }
  }
  if (queue.length < m) return Infinity;
  if (options.absorptionMethod === 'lu') return absorptionLu(c, order, map);
  let edges = 0;
  for (let i = 0; i < m; i++) edges += c.outStart[order[i] + 1] - c.outStart[order[i]];
  const from = new Int32Array(edges);
  const to = new Int32Array(edges);
  const rate = new Float64Array(edges);
  let k = 0;
  for (let i = 0; i < m; i++) {
    const v = order[i];
    for (let e = c.outStart[v]; e < c.outStart[v + 1]; e++, k++) {
      const w = c.outTo[e];
      from[k] = i;
      to[k] = absorbing[w] ? 0 : map[w];
      rate[k] = c.outRate[e];
    }
  }
  const { pi } = steadyState(compileCtmcArrays(m, from, to, rate), options);
  let nu = 0;
  for (let i = 0; i < m; i++) nu += pi[i] * absorbRate[i];
  return 1 / nu;
}

/** Dense solve of (-Q_TT) m = 1 over the transient states `order` (start = order[0]). */
function absorptionLu(c: CompiledCtmc, order: number[], map: Int32Array): number {
  const m = order.length;
  const a = Matrix.zeros(m, m);
  for (let i = 0; i < m; i++) {
    const v = order[i];
    a.set(i, i, c.exit[v]);
    for (let e = c.outStart[v]; e < c.outStart[v + 1]; e++) {
      const j = map[c.outTo[e]];
      if (j >= 0) a.set(i, j, a.get(i, j) - c.outRate[e]);
    }
  }
  const ones = Matrix.ones(m, 1);
  return solve(a, ones).get(0, 0);
}

/** Steady-state availability measures of a CTMC with a partition into up and down states. */
export interface AvailabilityMeasures {
  /** sum of pi over up states. */
  availability: number;
  unavailability: number;
  /** System failure frequency nu = sum_{i up, j down} pi_i q_ij, per second. */
  frequency: number;
  /** Mean time between failures 1/nu, s (null if nu = 0). */
  mtbf: number | null;
  /** Mean up time A/nu, s (null if nu = 0). */
  mut: number | null;
  /** Mean down time (1-A)/nu, s (null if nu = 0). */
  mdt: number | null;
}

/**
 * Availability, failure frequency and MTBF/MUT/MDT from a stationary distribution:
 * nu = sum over up states i and down states j of pi_i q_ij, MTBF = 1/nu, MUT = A/nu, MDT = (1-A)/nu.
 * Unavailability is summed over the down states directly (not 1 - A), keeping its relative accuracy.
 * @param pi stationary distribution (length n); @param up per-state flags (length n)
 * @throws RangeError on length mismatches.
 * Source: Billinton & Allan (1992), frequency and duration techniques; Rausand & Høyland (2004), Markov
 * availability models.
 */
export function availabilityMeasures(chain: SparseCtmc | CompiledCtmc, pi: ArrayLike<number>, up: ArrayLike<boolean>): AvailabilityMeasures {
  const c = 'exit' in chain ? chain : compileCtmc(chain);
  if (pi.length !== c.n || up.length !== c.n) throw new RangeError(`pi (${pi.length}) and up (${up.length}) must have length ${c.n}`);
  let a = 0;
  let u = 0;
  let nu = 0;
  for (let i = 0; i < c.n; i++) {
    if (!up[i]) {
      u += pi[i];
      continue;
    }
    a += pi[i];
    for (let e = c.outStart[i]; e < c.outStart[i + 1]; e++) if (!up[c.outTo[e]]) nu += pi[i] * c.outRate[e];
  }
  const total = a + u;
  a /= total;
  u /= total;
  nu /= total;
  if (nu === 0) return { availability: a, unavailability: u, frequency: 0, mtbf: null, mut: null, mdt: null };
  return { availability: a, unavailability: u, frequency: nu, mtbf: 1 / nu, mut: a / nu, mdt: u / nu };
}
