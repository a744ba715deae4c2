/**
 * Plain (unbiased, no importance sampling) regenerative Monte Carlo of the steady-state unavailability of
 * a Markovian model, on the same embedded chain and cycles as the importance-sampling estimator, for
 * comparison: U = E[D] / E[T] estimated by sum(D) / sum(T) over independent cycles, with the delta-method
 * 95% CI of the classical regenerative ratio estimator (Crane & Iglehart, "Simulating stable stochastic
 * systems: I. General multiserver queues", J. ACM 21(1), 1974; Law, "Simulation Modeling and Analysis",
 * 5th ed., 2015, sec. 9.5.2).
 *
 * Units: seconds. Random numbers: rngStream(seed, batch, 'rare', 'plain-cycles'), batches of
 * `batchCycles` cycles, so the result depends only on the seed and the number of cycles.
 */
import { rngStream } from '../engine/rng.js';
import type { Estimate } from '../results/estimators.js';
import { simulateCycle, type CycleOutcome } from './balanced-failure-biasing.js';
import type { RareEventModel } from './markov-model.js';

/** Normal 97.5% quantile: the CIs rest on many thousands of cycles. */
export const Z95 = 1.959963984540054;

/** Default cycles per random-number batch. */
export const DEFAULT_BATCH_CYCLES = 1_000;

/** Running sums over plain cycles (D down time, T length, both in seconds). */
export class PlainCycleSums {
  n = 0;
  sumD = 0;
  sumD2 = 0;
  sumDT = 0;
  sumT = 0;
  sumT2 = 0;
  /** Cycles with some down time. */
  hits = 0;
  steps = 0;

  add(c: CycleOutcome): void {
    this.n++;
    this.sumD += c.down;
    this.sumD2 += c.down * c.down;
    this.sumDT += c.down * c.length;
    this.sumT += c.length;
    this.sumT2 += c.length * c.length;
    if (c.down > 0) this.hits++;
    this.steps += c.steps;
  }

  /**
   * The regenerative ratio estimate of U = E[D]/E[T] with its delta-method 95% CI:
   * se = sqrt(sum (D - U T)^2 / (n (n - 1))) / mean(T). Null estimate when n = 0; null CI when n < 2.
   */
  ratio(): Estimate {
    const n = this.n;
    if (n === 0 || this.sumT === 0) return { estimate: null, ci95: null, halfWidth: null, n };
    const r = this.sumD / this.sumT;
    if (n < 2) return { estimate: r, ci95: null, halfWidth: null, n };
    const ss = Math.max(0, this.sumD2 - 2 * r * this.sumDT + r * r * this.sumT2);
    const half = (Z95 * Math.sqrt(ss / (n * (n - 1)))) / (this.sumT / n);
    return { estimate: r, ci95: [r - half, r + half], halfWidth: half, n };
  }

  /** Relative variance per cycle of the ratio estimator, n Var(U_hat) / U_hat^2 (null without a hit). */
  relativeVariancePerCycle(): number | null {
    const e = this.ratio();
    if (e.estimate === null || e.halfWidth === null || e.estimate === 0) return null;
    return this.n * (e.halfWidth / Z95 / e.estimate) ** 2;
  }
}

/** Result of {@link plainRegenerative}. */
export interface PlainRegenerativeResult {
  unavailability: Estimate;
  /** Half-width / estimate (null without a down cycle). */
  relativeHalfWidth: number | null;
  /** n Var(U_hat) / U^2: cycles needed for a relative half-width r are about (1.96 / r)^2 times this. */
  relativeVariancePerCycle: number | null;
  cycles: number;
  /** Cycles that visited a system-down state. */
  cyclesHittingDown: number;
  steps: number;
}

/**
 * Plain regenerative simulation in batches until the relative 95% half-width is at most
 * `relativePrecision` with at least `minCycles` cycles and `minHits` cycles that reached a down state (so
 * that the variance estimate rests on some rare events), or `maxCycles` cycles.
 * @throws RangeError on a non-positive precision or maxCycles < 1.
 */
export function plainRegenerativeToPrecision(
  model: RareEventModel,
  seed: number,
  relativePrecision: number,
  maxCycles: number,
  options: { minCycles?: number; minHits?: number; batchCycles?: number } = {},
): PlainRegenerativeResult & { converged: boolean } {
  if (!(relativePrecision > 0)) throw new RangeError(`relative precision must be > 0, got ${relativePrecision}`);
  if (!(maxCycles >= 1)) throw new RangeError(`maxCycles must be >= 1, got ${maxCycles}`);
  const batch = options.batchCycles ?? DEFAULT_BATCH_CYCLES;
  const minCycles = options.minCycles ?? 1_000;
  const minHits = options.minHits ?? 30;
  const sums = new PlainCycleSums();
  const c: CycleOutcome = { down: 0, length: 0, likelihoodRatio: 1, steps: 0 };
  let converged = false;
  for (let b = 0; sums.n < maxCycles && !converged; b++) {
    const rng = rngStream(seed, b, 'rare', 'plain-cycles');
    const m = Math.min(batch, maxCycles - sums.n);
    for (let i = 0; i < m; i++) sums.add(simulateCycle(model, rng, null, c));
    const u = sums.ratio();
    converged = sums.n >= minCycles && sums.hits >= minHits && !!u.estimate && u.halfWidth !== null && u.halfWidth / u.estimate <= relativePrecision;
  }
  const u = sums.ratio();
  return {
    unavailability: u,
    relativeHalfWidth: u.estimate && u.halfWidth !== null ? u.halfWidth / u.estimate : null,
    relativeVariancePerCycle: sums.relativeVariancePerCycle(),
    cycles: sums.n,
    cyclesHittingDown: sums.hits,
    steps: sums.steps,
    converged,
  };
}

/**
 * Plain regenerative simulation of `cycles` cycles (rounded up to whole batches is NOT done: exactly
 * `cycles` are run, the last batch partially).
 * @throws RangeError when cycles < 1.
 */
export function plainRegenerative(model: RareEventModel, seed: number, cycles: number, batchCycles = DEFAULT_BATCH_CYCLES): PlainRegenerativeResult {
  if (!(cycles >= 1)) throw new RangeError(`cycles must be >= 1, got ${cycles}`);
  // A precision no estimate reaches: exactly `cycles` cycles, drawn from the same streams.
  const { converged: _converged, ...result } = plainRegenerativeToPrecision(model, seed, Number.MIN_VALUE, cycles, { minCycles: cycles, batchCycles });
  return result;
}
