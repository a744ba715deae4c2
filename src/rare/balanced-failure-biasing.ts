/**
 * Regenerative cycles of a Markovian dependability model on its embedded jump chain, simulated either
 * under the original transition probabilities (plain Monte Carlo) or under balanced failure biasing
 * (importance sampling), with the likelihood ratio of the path.
 *
 * A cycle starts in the regeneration state 0 (all up) and ends at the first return to 0. In each visited
 * state x the chain contributes its expected holding time 1/q(x) (q(x) = total exit rate) to the cycle
 * length T and, when the system is down in x, to the down time D ("discrete-time conversion": replacing
 * the exponential holding times by their means keeps E[D] and E[T] and can only reduce the variance;
 * Hordijk, Iglehart & Schassberger, "Discrete time methods for simulating continuous time Markov chains",
 * Adv. Appl. Prob. 8 (1976); Fox & Glynn, "Discrete-time conversion for simulating semi-Markov processes",
 * Oper. Res. Letters 5 (1986)).
 *
 * Balanced failure biasing (Shahabuddin, "Importance sampling for the simulation of highly reliable
 * Markovian systems", Management Science 40(3), 1994; Goyal, Shahabuddin, Heidelberger, Nicola & Glynn,
 * "A unified framework for simulating Markovian models of highly dependable systems", IEEE Trans. Computers
 * 41(1), 1992), with P(x, y) = q(x, y) / q(x) the original jump probabilities:
 * - in a state with both failure and repair transitions, the failures get total probability `bias`
 *   (p_bias, typically 0.5), split EQUALLY among the failure transitions (so that every failure path,
 *   however unlikely originally, is sampled often), and the repairs share 1 - bias in proportion to their
 *   original rates;
 * - in a state with failures only (state 0, all up), every failure transition has probability 1 / #failures;
 * - in a state with repairs only, the original probabilities are kept.
 * The likelihood ratio of a path x_0 .. x_tau is L = prod P(x_k, x_{k+1}) / P'(x_k, x_{k+1}).
 * By default biasing stops at the first system-down state of the cycle: the rest of the cycle (the down
 * period and the way back to all-up) is simulated under P. Changing the measure along the path ("dynamic"
 * importance sampling) is reviewed by Heidelberger, "Fast simulation of rare events in queueing and
 * reliability models", ACM TOMACS 5(1), 1995, and Nicola, Shahabuddin & Nakayama, "Techniques for fast
 * simulation of models of highly dependable systems", IEEE Trans. Reliability 50(3), 2001. The measure
 * used at each jump depends only on the path so far (whether the down set was entered), so the product
 * of the per-jump ratios is still the likelihood ratio of the path and the estimator stays unbiased;
 * continuing to bias after that only multiplies the remaining down time by
 * a noisy likelihood ratio (measured on scenarios/rare-five-nines.yaml: relative variance per cycle 25
 * with biasing throughout, 3 when biasing stops at the first system failure).
 * Biasing also stops when the cycle reaches an all-up state other than 0 (no repair pending: e.g. after a
 * non-revertive standby failover and repair, the spare stays active). BFB assumes state 0 is the only
 * such state; otherwise every excursion from it ends with biased repairs (likelihood factor ~1/(1-bias)
 * each) and the ratio compounds over the excursions of a long cycle (measured: relative variance 2,000
 * versus 160 for plain MC on a non-revertive standby). Stopping there bounds the ratio, at the price of
 * plain-MC efficiency for the rest of that cycle: BFB gains little on such models (the run reports it).
 *
 * Unbiasedness: P' gives positive probability to every transition P does (0 < bias < 1), so for any
 * function f of the cycle path, E_P[f] = E_P'[f L] (change of measure on the finite-length paths of the
 * cycle, which ends with probability 1 under P' too because the chain is finite and every state reaches 0).
 * Hence the mean of D L over independent biased cycles is an unbiased estimator of E_P[D]. Balanced failure
 * biasing has bounded relative error as failure rates tend to 0 (Shahabuddin 1994), which is why it works
 * for five nines and beyond; plain simulation's relative error grows like 1 / sqrt(P(system fails in a cycle)).
 */
import type { Uniform } from '../engine/rng.js';
import type { RareEventModel } from './markov-model.js';

/** What one regenerative cycle produced. Times in seconds. */
export interface CycleOutcome {
  /** Expected time spent in system-down states during the cycle (sum of 1/q(x) over down states visited). */
  down: number;
  /** Expected cycle length (sum of 1/q(x) over the states visited). */
  length: number;
  /** Likelihood ratio of the sampled path (exactly 1 under plain simulation). */
  likelihoodRatio: number;
  /** Jumps in the cycle. */
  steps: number;
}

/** Cycle length cap, in jumps: a cycle still running after this many jumps signals a broken model. */
export const MAX_STEPS_PER_CYCLE = 50_000_000;

/**
 * Probability of transition `e` (an index into model.outTo) out of state `x` under balanced failure
 * biasing with total failure probability `bias` in states with repairs pending (see the module docstring).
 */
export function biasedProbability(model: RareEventModel, x: number, e: number, bias: number): number {
  const F = model.failureCount[x];
  const rr = model.repairRate[x];
  if (F === 0) return model.outRate[e] / model.exit[x];
  if (rr === 0) return model.outFailure[e] ? 1 / F : 0;
  return model.outFailure[e] ? bias / F : ((1 - bias) * model.outRate[e]) / rr;
}

/** Per-transition biased probabilities P' and likelihood-ratio factors P / P' for one bias. */
export interface BiasTables {
  probability: Float64Array;
  ratio: Float64Array;
}

const tableCache = new WeakMap<RareEventModel, Map<number, BiasTables>>();

/**
 * The balanced-failure-biasing probabilities of every transition and the factor P/P' it contributes to
 * the likelihood ratio (computed once per model and bias, then cached).
 * @throws RangeError on bias outside (0, 1).
 */
export function biasTables(model: RareEventModel, bias: number): BiasTables {
  if (!(bias > 0 && bias < 1)) throw new RangeError(`bias must be in (0, 1), got ${bias}`);
  let byBias = tableCache.get(model);
  if (!byBias) tableCache.set(model, (byBias = new Map()));
  let t = byBias.get(bias);
  if (!t) {
    const m = model.outTo.length;
    t = { probability: new Float64Array(m), ratio: new Float64Array(m) };
    for (let x = 0; x < model.n; x++) {
      for (let e = model.outStart[x]; e < model.outStart[x + 1]; e++) {
        const p = biasedProbability(model, x, e, bias);
        t.probability[e] = p;
        t.ratio[e] = model.outRate[e] / model.exit[x] / p;
      }
    }
    byBias.set(bias, t);
  }
  return t;
}

/**
 * Simulates one regenerative cycle from state 0.
 * @param bias null for plain simulation (original probabilities, L = 1), else p_bias in (0, 1) for
 *   balanced failure biasing.
 * @param out optional object to fill (avoids an allocation per cycle).
 * @param biasAfterDown keep biasing after the first system-down state of the cycle (default false, as
 *   in the estimator of regenerative.ts).
 * @throws Error when a cycle exceeds {@link MAX_STEPS_PER_CYCLE} jumps.
 */
export function simulateCycle(model: RareEventModel, uniform: Uniform, bias: number | null, out?: CycleOutcome, biasAfterDown = false): CycleOutcome {
  const { exit, outStart, outTo, outRate, repairRate, down: isDown } = model;
  const tables = bias === null ? null : biasTables(model, bias);
  let x = 0;
  let down = 0;
  let length = 0;
  let lr = 1;
  let steps = 0;
  let biased = tables !== null;
  do {
    const q = exit[x];
    const hold = 1 / q;
    length += hold;
    if (isDown[x]) {
      down += hold;
      if (!biasAfterDown) biased = false;
    } else if (biased && x !== 0 && repairRate[x] === 0) biased = false; // another all-up state: see above
    const start = outStart[x];
    const end = outStart[x + 1];
    const u = uniform();
    // Rounding can leave u above the last cumulative value: `chosen` then stays the last transition
    // (positive probability under both measures).
    let chosen = end - 1;
    if (!biased) {
      // Original jump probabilities q(x, y) / q(x).
      const target = u * q;
      let cum = 0;
      for (let e = start; e < end; e++) {
        cum += outRate[e];
        if (target < cum) {
          chosen = e;
          break;
        }
      }
    } else {
      const { probability, ratio } = tables as BiasTables;
      let cum = 0;
      for (let e = start; e < end; e++) {
        cum += probability[e];
        if (u < cum) {
          chosen = e;
          break;
        }
      }
      lr *= ratio[chosen];
    }
    x = outTo[chosen];
    if (++steps > MAX_STEPS_PER_CYCLE) throw new Error(`regenerative cycle longer than ${MAX_STEPS_PER_CYCLE} jumps: state 0 is not reached again`);
  } while (x !== 0);
  const o = out ?? { down: 0, length: 0, likelihoodRatio: 1, steps: 0 };
  o.down = down;
  o.length = length;
  o.likelihoodRatio = lr;
  o.steps = steps;
  return o;
}
