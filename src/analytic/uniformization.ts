/**
 * Transient analysis of a CTMC by uniformization (Jensen's method): the distribution p(t) and the
 * cumulative occupation integral_0^t p(u) du from an initial distribution.
 *
 * With Lambda >= max exit rate and P = I + Q/Lambda,
 *   p(t) = sum_k Pois(k; Lambda t) p0 P^k,
 *   integral_0^t p(u) du = (1/Lambda) sum_k P(N(Lambda t) > k) p0 P^k.
 * The Poisson weights are computed from the mode outwards with rigorous geometric tail bounds (the idea
 * of Fox & Glynn), so nothing underflows even for Lambda t = 1e9. Lambda is taken 2% above the largest
 * exit rate so the uniformized chain is aperiodic, which makes steady-state detection work: when the
 * limiting distribution pi is supplied and ||p0 P^k - pi||_1 <= epsilon, every later iterate is within
 * epsilon of pi too (P is an L1 contraction), so the remaining terms use pi. For absorbing chains the
 * same holds once the non-absorbed mass is below epsilon/2.
 *
 * Error bound: ||p(t) - computed||_1 <= 2 epsilon (Poisson truncation + detection); the cumulative
 * integral is within 2 epsilon t.
 *
 * Units: rates per second, times in seconds.
 * Sources: A. Jensen, "Markoff chains as an aid in the study of Markoff processes", Skand. Aktuarietidskr.
 * 36 (1953); B. L. Fox, P. W. Glynn, "Computing Poisson probabilities", Commun. ACM 31(4) (1988);
 * A. Reibman, K. S. Trivedi, "Numerical transient analysis of Markov models", Computers & Operations
 * Research 15(1) (1988); M. Malhotra, J. K. Muppala, K. S. Trivedi, "Stiffness-tolerant methods for
 * transient analysis of stiff Markov chains", Microelectronics Reliability 34(11) (1994) (steady-state
 * detection).
 */
import { compileCtmc, type CompiledCtmc, type SparseCtmc } from './ctmc.js';

/** Options of {@link transientAnalysis}. */
export interface UniformizationOptions {
  /** Truncation/detection error bound epsilon (L1), default 1e-11. */
  epsilon?: number;
  /** The chain's limiting distribution (e.g. its steady state), enabling steady-state detection. */
  limit?: ArrayLike<number>;
  /** Absorbing-state flags (states without exits): enables early stop once the remaining mass is absorbed. */
  absorbing?: ArrayLike<boolean>;
  /** Work budget in scalar multiply-adds (iterations x (states + transitions)); default 1e9 (a few seconds). */
  maxWork?: number;
}

/** Thrown when the transient solution would exceed the work budget (stiff chain, long time). */
export class UniformizationBudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UniformizationBudgetError';
  }
}

/** Normalized Poisson(lambda) probabilities on [left, right]; the mass outside is at most epsilon. */
export interface PoissonWeights {
  left: number;
  right: number;
  /** weights[k - left] = P(N = k), renormalized to sum to 1 over [left, right]. */
  weights: Float64Array;
}

/**
 * Poisson(lambda) probabilities truncated to [left, right] with at most `epsilon` mass left out, computed
 * by ratios from the mode (w_{k+1} = w_k lambda/(k+1), w_{k-1} = w_k k/lambda), stopping where the
 * geometric bound on each remaining tail falls below epsilon/2.
 * @param lambda mean (>= 0, finite); @param epsilon in (0, 1)
 * @throws RangeError on invalid arguments.
 * Source: Fox & Glynn (1988).
 */
export function poissonWeights(lambda: number, epsilon: number): PoissonWeights {
  return foxGlynn(lambda, epsilon, true) as PoissonWeights;
}

/**
 * The truncation window [left, right] of poissonWeights alone, in O(1) memory (the same arithmetic: the
 * weights computed later for that window are the same numbers).
 */
export function poissonWindow(lambda: number, epsilon: number): { left: number; right: number } {
  return foxGlynn(lambda, epsilon, false);
}

function foxGlynn(lambda: number, epsilon: number, store: boolean): { left: number; right: number; weights?: Float64Array } {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`Poisson mean must be finite and >= 0, got ${lambda}`);
  if (!(epsilon > 0 && epsilon < 1)) throw new RangeError(`epsilon must be in (0, 1), got ${epsilon}`);
  if (lambda === 0) return store ? { left: 0, right: 0, weights: Float64Array.of(1) } : { left: 0, right: 0 };
  const mode = Math.floor(lambda);
  // Unnormalized weights from the mode outwards (in growable typed arrays when stored: millions of terms for
  // Lambda t ~ 1e10).
  const right = new Grow(store);
  right.push(1);
  let sum = 1;
  let wk = 1;
  for (let k = mode; ; k++) {
    const r = lambda / (k + 1); // < 1 for k >= mode
    if ((wk * r) / (1 - r) <= (epsilon / 2) * sum) break;
    wk *= r;
    right.push(wk);
    sum += wk;
  }
  const left = new Grow(store);
  let w = 1;
  for (let k = mode; k > 0; k--) {
    const r = k / lambda; // w_{k-1} = w_k r
    if (r < 1 && (w * r) / (1 - r) <= (epsilon / 2) * sum) break;
    w *= r;
    left.push(w);
    sum += w;
  }
  const nl = left.length, nr = right.length;
  if (!store) return { left: mode - nl, right: mode + nr - 1 };
  const weights = new Float64Array(nl + nr);
  for (let i = 0; i < nl; i++) weights[i] = left.at(nl - 1 - i) / sum;
  for (let i = 0; i < nr; i++) weights[nl + i] = right.at(i) / sum;
  return { left: mode - nl, right: mode + nr - 1, weights };
}

/** A Float64Array that grows by doubling (or only counts, when not storing). */
class Grow {
  private a: Float64Array;
  length = 0;
  constructor(private readonly store: boolean) {
    this.a = new Float64Array(store ? 1024 : 0);
  }
  push(x: number): void {
    if (!this.store) {
      this.length++;
      return;
    }
    if (this.length === this.a.length) {
      const b = new Float64Array(2 * this.a.length);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = x;
  }
  at(i: number): number {
    return this.a[i];
  }
}

const EMPTY: Float64Array = new Float64Array(0);

/** Result of {@link transientAnalysis} for one time point. */
export interface TransientPoint {
  t: number;
  /** P(state at t), length n. */
  distribution: Float64Array;
  /** integral_0^t P(state at u) du, length n (seconds). */
  occupation: Float64Array;
}

/**
 * The Fox-Glynn weights of each time point span about 2 z sqrt(Lambda t) terms (z ~ 7 standard deviations for
 * epsilon 1e-12; 16 sqrt(Lambda t) is an upper estimate): refuses before they are allocated when that window
 * alone is over the budget (a repair time of 1e-300 s gives Lambda t ~ 1e307 and aborted V8). Anything smaller
 * goes on to the iteration, whose steady-state detection or convergence-rate prediction decides.
 * @returns `lambda`, the uniformization rate, when the windows fit.
 * @throws UniformizationBudgetError
 */
function refuseHugeWindows(lambda: number, times: readonly number[], count: number, maxWork: number): number {
  const maxLambdaT = lambda * Math.max(0, ...times);
  const window = 16 * Math.sqrt(maxLambdaT) * count;
  if (window > maxWork) {
    throw new UniformizationBudgetError(
      `transient solution needs Fox-Glynn windows of about ${window.toExponential(2)} Poisson weights (Lambda t = ${maxLambdaT.toExponential(2)}), over the budget of ${maxWork.toExponential(1)} operations`,
    );
  }
  return lambda;
}

/**
 * Checks the inputs of `transientAnalysis`.
 * @throws RangeError when the initial distribution, times, limit or absorbing flags do not fit the chain.
 */
function checkTransientInputs(c: CompiledCtmc, initial: ArrayLike<number>, times: readonly number[], options: UniformizationOptions): void {
  const n = c.n;
  if (initial.length !== n) throw new RangeError(`initial distribution has length ${initial.length}, expected ${n}`);
  let mass = 0;
  for (let i = 0; i < n; i++) {
    if (!(initial[i] >= 0)) throw new RangeError(`initial distribution has a negative entry at ${i}`);
    mass += initial[i];
  }
  if (Math.abs(mass - 1) > 1e-9) throw new RangeError(`initial distribution sums to ${mass}, expected 1`);
  for (const t of times) if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`time must be finite and >= 0, got ${t}`);
  const { limit, absorbing } = options;
  if (limit && limit.length !== n) throw new RangeError(`limit has length ${limit.length}, expected ${n}`);
  if (absorbing) {
    if (absorbing.length !== n) throw new RangeError(`absorbing flags have length ${absorbing.length}, expected ${n}`);
    for (let i = 0; i < n; i++) if (absorbing[i] && c.exit[i] > 0) throw new RangeError(`state ${i} is flagged absorbing but has exits`);
  }
}

/**
 * Transient distribution and cumulative occupation times at several times, sharing the iterates p0 P^k.
 * @param chain the CTMC; @param initial initial distribution (length n, sums to 1)
 * @param times non-negative finite times, s (any order)
 * @throws RangeError on invalid arguments; UniformizationBudgetError when the work budget is exceeded.
 * Source: see the module documentation (Jensen 1953; Fox & Glynn 1988; Reibman & Trivedi 1988).
 */
export function transientAnalysis(
  chain: SparseCtmc | CompiledCtmc,
  initial: ArrayLike<number>,
  times: readonly number[],
  options: UniformizationOptions = {},
): TransientPoint[] {
  const c = 'exit' in chain ? chain : compileCtmc(chain);
  const n = c.n;
  const eps = options.epsilon ?? 1e-11;
  const maxWork = options.maxWork ?? 1e9;
  checkTransientInputs(c, initial, times, options);
  const limit = options.limit;
  const absorbing = options.absorbing;

  let maxExit = 0;
  for (let i = 0; i < n; i++) maxExit = Math.max(maxExit, c.exit[i]);
  const points = times.map((t) => ({ t, distribution: new Float64Array(n), occupation: new Float64Array(n) }));
  if (maxExit === 0) {
    for (const p of points) for (let i = 0; i < n; i++) {
      p.distribution[i] = initial[i];
      p.occupation[i] = initial[i] * p.t;
    }
    return points;
  }
  const lambda = refuseHugeWindows(maxExit * 1.02, times, points.length, maxWork);
  // Each point's window [left, right] now; its weights only once the iteration reaches `left` (steady-state
  // detection usually stops long before the window of a long time: no memory for it).
  const plans = points.map((p) => ({ ...poissonWindow(lambda * p.t, eps), mean: lambda * p.t, weights: EMPTY, tail: EMPTY, pointDone: 0, cumDone: 0, finished: p.t === 0 }));
  const materialize = (plan: (typeof plans)[number]) => {
    const pw = poissonWeights(plan.mean, eps);
    // tail[k - left] = P(N > k) for k in [left, right] (suffix sums: no cancellation).
    const tail = new Float64Array(pw.weights.length);
    let s = 0;
    for (let i = pw.weights.length - 1; i >= 0; i--) {
      tail[i] = s;
      s += pw.weights[i];
    }
    plan.weights = pw.weights;
    plan.tail = tail;
  };
  for (const p of points) if (p.t === 0) for (let i = 0; i < n; i++) p.distribution[i] = initial[i];

  let v = Float64Array.from(initial);
  let w = new Float64Array(n);
  const cost = n + c.inFrom.length;
  const maxRight = Math.max(0, ...plans.map((p) => p.right));
  const budgetSteps = Math.floor(maxWork / cost);
  let previousDistance = 0;
  for (let k = 0; k <= maxRight; k++) {
    // Steady-state / absorption detection: replace every remaining iterate by the limit.
    let converged: ArrayLike<number> | null = null;
    let distance = Infinity; // detection metric, non-increasing in k
    if (limit) {
      distance = 0;
      for (let i = 0; i < n; i++) distance += Math.abs(v[i] - limit[i]);
      if (distance <= eps) converged = limit;
    } else if (absorbing) {
      distance = 0;
      for (let i = 0; i < n; i++) if (!absorbing[i]) distance += v[i];
      if (distance <= eps / 2) converged = v;
    }
    // Fail fast: once the slowest mode dominates, the metric decays geometrically; if at that rate neither
    // detection nor the end of the series comes within the budget, stop now instead of at the budget.
    if (!converged && Number.isFinite(distance) && maxRight > budgetSteps && k % 200 === 0) {
      if (k >= Math.max(1000, budgetSteps / 20) && previousDistance > 0 && distance > 0) {
        const rate = Math.log(distance / previousDistance) / 200;
        const needed = rate < 0 ? k + Math.log(eps / 2 / distance) / rate : Infinity;
        if (Math.min(needed, maxRight) > 1.5 * budgetSteps) {
          throw new UniformizationBudgetError(
            `transient solution needs about ${Math.round(Math.min(needed, maxRight))} steps of ${cost} operations (Lambda t = ${(lambda * Math.max(...times)).toExponential(2)}; ` +
              `predicted from the convergence rate after ${k} steps), over the budget of ${maxWork.toExponential(1)}`,
          );
        }
      }
      previousDistance = distance;
    }
    for (const [j, plan] of plans.entries()) {
      if (plan.finished) continue;
      const p = points[j];
      if (k >= plan.left && plan.weights === EMPTY) materialize(plan);
      const weight = k < plan.left ? 0 : k > plan.right ? 0 : plan.weights[k - plan.left];
      const tailK = k < plan.left ? 1 : k > plan.right ? 0 : plan.tail[k - plan.left];
      if (converged) {
        // Remaining point weight sum_{j>=k} w_j and occupation (1/Lambda) sum_{j>=k} P(N > j) = t - done.
        const restPoint = Math.max(0, 1 - plan.pointDone);
        const restCum = Math.max(0, p.t - plan.cumDone / lambda);
        for (let i = 0; i < n; i++) {
          p.distribution[i] += restPoint * converged[i];
          p.occupation[i] += restCum * converged[i];
        }
        plan.finished = true;
        continue;
      }
      if (weight > 0) for (let i = 0; i < n; i++) p.distribution[i] += weight * v[i];
      if (tailK > 0) for (let i = 0; i < n; i++) p.occupation[i] += (tailK / lambda) * v[i];
      plan.pointDone += weight;
      plan.cumDone += tailK;
      if (k >= plan.right) plan.finished = true;
    }
    if (converged || plans.every((p) => p.finished)) break;
    if ((k + 1) * cost > maxWork) {
      throw new UniformizationBudgetError(
        `transient solution needs about ${maxRight} steps of ${cost} operations (Lambda t = ${(lambda * Math.max(...times)).toExponential(2)}), over the budget of ${maxWork.toExponential(1)}`,
      );
    }
    // w = v P, P = I + Q / Lambda.
    for (let i = 0; i < n; i++) w[i] = v[i] * (1 - c.exit[i] / lambda);
    for (let i = 0; i < n; i++) {
      const vi = v[i];
      if (vi === 0) continue;
      for (let e = c.outStart[i]; e < c.outStart[i + 1]; e++) w[c.outTo[e]] += (vi * c.outRate[e]) / lambda;
    }
    [v, w] = [w, v];
  }
  return points;
}
