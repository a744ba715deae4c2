/**
 * Steady-state unavailability of a highly available Markovian system by the regenerative method with
 * balanced failure biasing (importance sampling), following Goyal, Shahabuddin, Heidelberger, Nicola &
 * Glynn, "A unified framework for simulating Markovian models of highly dependable systems", IEEE Trans.
 * Computers 41(1), 1992, sec. 3 ("measure-specific" importance sampling with separate runs):
 *
 *   U = E[D] / E[T],  D = time the system is down in a regenerative cycle, T = cycle length,
 *
 * regeneration state 0 = all units up (see balanced-failure-biasing.ts for the cycles).
 * - The numerator E[D] (a rare-event quantity) is estimated from n1 cycles under balanced failure
 *   biasing: Z_i = D_i L_i, mean(Z) is unbiased for E[D].
 * - The denominator E[T] (not rare: it is dominated by the all-up sojourn) is estimated from n2
 *   independent cycles under the ORIGINAL probabilities: mean(T) is unbiased for E[T].
 * - U_hat = mean(Z) / mean(T) is consistent (a ratio of two independent unbiased estimators; its bias is
 *   O(1/n2), negligible next to the CI), with the delta-method variance for independent samples
 *   Var(U_hat) ~ (s_Z^2 / n1 + U_hat^2 s_T^2 / n2) / mean(T)^2 and a normal 95% CI.
 * Here n1 = n2 (one batch of each per step), the two sets drawn from
 * rngStream(seed, batch, 'rare', 'importance-sampling') and rngStream(seed, batch, 'rare', 'plain-cycles').
 *
 * Stopping rule: batches of `batchCycles` cycles until the relative half-width (half-width / estimate)
 * is at most `relativePrecision` with at least `minCycles` biased cycles, or `maxCycles` is reached.
 * The result depends only on the model, the seed and the options (deterministic).
 *
 * Plain-MC effort for comparison: plain regenerative simulation would need
 * n_plain = (z sigma / (r U E[T]))^2 cycles for a relative half-width r, with
 * sigma^2 = Var_P(D - U T) = E_P[D^2] - 2 U E_P[D T] + U^2 E_P[T^2]. E_P[D^2] and E_P[D T] are rare-event
 * quantities: they are estimated without bias from the biased cycles as mean(D^2 L) and mean(D T L);
 * E_P[T^2] from the plain cycles. Work is counted in jumps (deterministic) and, by the caller, in seconds.
 *
 * Units: seconds throughout.
 */
import { rngStream } from '../engine/rng.js';
import type { Estimate } from '../results/estimators.js';
import { simulateCycle, type CycleOutcome } from './balanced-failure-biasing.js';
import type { RareEventModel } from './markov-model.js';
import { DEFAULT_BATCH_CYCLES, PlainCycleSums, Z95 } from './plain-mc.js';

/** Options of {@link estimateUnavailability}. */
export interface RareEventOptions {
  seed: number;
  /** Target relative 95% half-width (default 0.1 = +-10%). */
  relativePrecision?: number;
  /** Cap on biased cycles (default 10 000 000). */
  maxCycles?: number;
  /** Biased cycles before the stopping rule may stop (default 1 000). */
  minCycles?: number;
  /** Cycles per batch and per random stream (default 1 000). */
  batchCycles?: number;
  /** Total failure probability p_bias in states with repairs pending, in (0, 1) (default 0.5). */
  bias?: number;
  /**
   * Keep biasing after the system first goes down in a cycle (default false: from the first down state on,
   * the cycle continues under the original probabilities, which keeps the likelihood ratio of the rest of
   * the cycle at 1 and the variance much lower; see balanced-failure-biasing.ts).
   */
  biasAfterDown?: boolean;
  /** Called after each batch (progress display); must not influence the result. */
  onBatch?: (p: { cycles: number; relativeHalfWidth: number | null }) => void;
}

/** The estimate and the bookkeeping of a rare-event run (plain JSON; times in seconds). */
export interface RareEventEstimate {
  method: 'regenerative, balanced failure biasing (importance sampling)';
  seed: number;
  bias: number;
  biasAfterDown: boolean;
  /** Steady-state unavailability U with its 95% CI (n = biased cycles). */
  unavailability: Estimate;
  /** Half-width / estimate (null when the estimate is 0 or no CI). */
  relativeHalfWidth: number | null;
  targetRelativePrecision: number;
  /** True when the relative half-width reached the target. */
  converged: boolean;
  /** Why the run stopped. */
  stoppedBy: 'precision' | 'max-cycles' | 'exact';
  /** Expected down time per cycle E[D] (importance sampling) and cycle length E[T] (plain), s. */
  meanDownPerCycle: Estimate;
  meanCycleLength: Estimate;
  cycles: {
    importanceSampling: number;
    plain: number;
    /** Biased cycles that visited a down state. */
    importanceSamplingHittingDown: number;
    /** Plain cycles that visited a down state. */
    plainHittingDown: number;
    /** Jumps simulated in all (work measure). */
    steps: number;
  };
  /** n1 Var(U_hat) / U_hat^2 of this run (n1 = n2): relative variance per pair of cycles. */
  relativeVariancePerCycle: number | null;
  /**
   * Largest single-cycle share of sum(D L): an importance-sampling diagnostic. Well above 1/hits (e.g.
   * > 5%) means the estimate rests on a few heavily weighted cycles and the CI may be too narrow.
   */
  largestCycleShare: number | null;
  /** What plain regenerative simulation would need for the same relative precision. */
  plainMonteCarlo: {
    /** sigma^2 / (U E[T])^2 per cycle, estimated as in the module docstring. */
    relativeVariancePerCycle: number | null;
    /** Cycles for the target relative half-width. */
    cyclesNeeded: number | null;
    /** Jumps for the target (cycles x mean jumps per plain cycle). */
    stepsNeeded: number | null;
    /** The plain estimate from the denominator cycles alone (often 0: the event is rare). */
    unavailability: Estimate;
  };
  /**
   * Work-normalised speed-up over plain simulation at equal precision: (relative variance per cycle x
   * jumps per cycle) of plain MC over the same product for this estimator (one biased + one plain cycle
   * per pair); the ratio of the jumps each needs for any given small relative half-width (Glynn & Whitt,
   * "The asymptotic efficiency of simulation estimators", Operations Research 40(3), 1992). Null when unknown.
   */
  speedupInSteps: number | null;
}

/**
 * Estimates the steady-state unavailability of `model` (see the module docstring).
 * When no state is down the exact value 0 is returned without simulation.
 * @throws RangeError on bias outside (0, 1), a non-positive precision or cycle counts < 1.
 */
export function estimateUnavailability(model: RareEventModel, options: RareEventOptions): RareEventEstimate {
  const bias = options.bias ?? 0.5;
  const biasAfterDown = options.biasAfterDown ?? false;
  const target = options.relativePrecision ?? 0.1;
  const maxCycles = options.maxCycles ?? 10_000_000;
  const batch = options.batchCycles ?? DEFAULT_BATCH_CYCLES;
  const minCycles = Math.min(options.minCycles ?? 1_000, maxCycles);
  if (!(bias > 0 && bias < 1)) throw new RangeError(`bias must be in (0, 1), got ${bias}`);
  if (!(target > 0)) throw new RangeError(`relative precision must be > 0, got ${target}`);
  if (!(maxCycles >= 1) || !(batch >= 1)) throw new RangeError('maxCycles and batchCycles must be >= 1');
  const seed = options.seed;

  const plain = new PlainCycleSums();
  let n1 = 0, sumZ = 0, sumZ2 = 0, sumD2L = 0, sumDTL = 0, hits = 0, isSteps = 0, maxZ = 0;
  const c: CycleOutcome = { down: 0, length: 0, likelihoodRatio: 1, steps: 0 };

  const summarize = (stoppedBy: RareEventEstimate['stoppedBy']): RareEventEstimate => {
    const n2 = plain.n;
    const mZ = n1 > 0 ? sumZ / n1 : 0;
    const mT = n2 > 0 ? plain.sumT / n2 : 0;
    const varZ = n1 > 1 ? Math.max(0, (sumZ2 - n1 * mZ * mZ) / (n1 - 1)) : NaN;
    const varT = n2 > 1 ? Math.max(0, (plain.sumT2 - n2 * mT * mT) / (n2 - 1)) : NaN;
    const u = mT > 0 ? mZ / mT : null;
    let uEst: Estimate = { estimate: u, ci95: null, halfWidth: null, n: n1 };
    let relVar: number | null = null;
    if (u !== null && Number.isFinite(varZ) && Number.isFinite(varT)) {
      const varU = (varZ / n1 + (u * u * varT) / n2) / (mT * mT);
      const half = Z95 * Math.sqrt(varU);
      uEst = { estimate: u, ci95: [u - half, u + half], halfWidth: half, n: n1 };
      relVar = u > 0 ? (n1 * varU) / (u * u) : null;
    }
    const rel = u && uEst.halfWidth !== null ? uEst.halfWidth / u : null;
    // Plain-MC variance per cycle, from the biased cycles (rare moments) and the plain ones (E[T^2]).
    let plainRel: number | null = null;
    if (u !== null && u > 0 && n1 > 0 && n2 > 0) {
      const sigma2 = Math.max(0, sumD2L / n1 - 2 * u * (sumDTL / n1) + u * u * (plain.sumT2 / n2));
      plainRel = sigma2 / (u * mT) ** 2;
    }
    const cyclesNeeded = plainRel === null ? null : Math.ceil((Z95 / target) ** 2 * plainRel);
    const stepsNeeded = cyclesNeeded === null || n2 === 0 ? null : cyclesNeeded * (plain.steps / n2);
    const steps = isSteps + plain.steps;
    const estimateOf = (m: number, v: number, n: number): Estimate => {
      if (n === 0) return { estimate: null, ci95: null, halfWidth: null, n };
      if (!Number.isFinite(v)) return { estimate: m, ci95: null, halfWidth: null, n };
      const h = Z95 * Math.sqrt(v / n);
      return { estimate: m, ci95: [m - h, m + h], halfWidth: h, n };
    };
    return {
      method: 'regenerative, balanced failure biasing (importance sampling)',
      seed,
      bias,
      biasAfterDown,
      unavailability: uEst,
      relativeHalfWidth: rel,
      targetRelativePrecision: target,
      converged: rel !== null && rel <= target,
      stoppedBy,
      meanDownPerCycle: estimateOf(mZ, varZ, n1),
      meanCycleLength: estimateOf(mT, varT, n2),
      cycles: { importanceSampling: n1, plain: n2, importanceSamplingHittingDown: hits, plainHittingDown: plain.hits, steps },
      relativeVariancePerCycle: relVar,
      largestCycleShare: sumZ > 0 ? maxZ / sumZ : null,
      plainMonteCarlo: { relativeVariancePerCycle: plainRel, cyclesNeeded, stepsNeeded, unavailability: plain.ratio() },
      speedupInSteps:
        plainRel === null || relVar === null || relVar === 0 || n1 === 0 || n2 === 0
          ? null
          : (plainRel * (plain.steps / n2)) / (relVar * (steps / n1)),
    };
  };

  if (!model.down.some((d) => d === 1)) {
    const exact = model.down[0] ? 1 : 0;
    return { ...summarize('exact'), unavailability: { estimate: exact, ci95: [exact, exact], halfWidth: 0, n: 0 }, converged: true };
  }

  for (let b = 0; n1 < maxCycles; b++) {
    const isRng = rngStream(seed, b, 'rare', 'importance-sampling');
    const plainRng = rngStream(seed, b, 'rare', 'plain-cycles');
    const m = Math.min(batch, maxCycles - n1);
    for (let i = 0; i < m; i++) {
      simulateCycle(model, isRng, bias, c, biasAfterDown);
      const z = c.down * c.likelihoodRatio;
      sumZ += z;
      sumZ2 += z * z;
      if (z > maxZ) maxZ = z;
      sumD2L += c.down * c.down * c.likelihoodRatio;
      sumDTL += c.down * c.length * c.likelihoodRatio;
      if (c.down > 0) hits++;
      isSteps += c.steps;
      n1++;
      plain.add(simulateCycle(model, plainRng, null, c));
    }
    const s = summarize('precision');
    options.onBatch?.({ cycles: n1, relativeHalfWidth: s.relativeHalfWidth });
    if (n1 >= minCycles && s.converged) return s;
  }
  return summarize('max-cycles');
}
