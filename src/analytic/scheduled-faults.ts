/**
 * The contribution of scheduled faults (`at` t for d) to interval availability, by transient analysis of
 * the system CTMC.
 *
 * For a fault at time a holding its targets down for d: the system is taken in steady state pi at a (the
 * fault time is assumed past the relaxation time of the chain; the note says so); the fault starts (the
 * targets go down, standby blocks react as in the simulator), the chain evolves for d with the targets held
 * down (transient solution by uniformization), the fault ends, and the chain relaxes back to pi. The
 * expected extra system downtime is
 *     dD = A d - int_0^d up . p(s) ds - up . y,   y Q = pi - p(a + d),  sum(y) = 0
 * (the last term is the cumulative deviation after the fault, ctmc-deviation.ts). The fault is added to
 * the chain as a rate fault with a negligible rate (1e-15/s) so that its held-down states exist; its
 * transitions are then used only to map the distribution at the fault's start and end. A random duration
 * law is replaced by its mean (noted).
 *
 * Sources: Trivedi (2016), sec. 8.5 (transient and interval availability); Jensen (1953) and Fox & Glynn
 * (1988) (uniformization); Kemeny & Snell (1960), ch. 4 (fundamental matrix).
 */
import type { Scenario } from '../scenario/types.js';
import type { FaultSpec } from '../core/types.js';
import { steadyState } from './ctmc.js';
import { compileCtmcArrays } from './ctmc-sparse.js';
import { solveDeviation } from './ctmc-deviation.js';
import { buildSystemCtmc, TRANSITION_CAUSES, type SystemCtmc } from './system-ctmc.js';
import { transientAnalysis, type UniformizationOptions } from './uniformization.js';
import { lawMean } from '../scenario/laws.js';
import type { PhaseTypeChoice } from './ctmc-phases.js';

/** Rate of the probe fault that makes a scheduled fault's held-down states part of the chain, 1/s. */
export const PROBE_RATE = 1e-15;
const EPS = PROBE_RATE;

/** Options of {@link scheduledFaultEffects}. */
export interface ScheduledFaultOptions {
  maxStates?: number;
  uniformization?: UniformizationOptions;
  /** Phase-type clocks of the chain (as in the steady-state analysis). */
  phases?: PhaseTypeChoice;
}

/** Expected extra system downtime caused by one scheduled fault, s. */
export interface ScheduledFaultEffect {
  fault: FaultSpec;
  /** Expected extra downtime (may be negative when the fault renews units), s. */
  downtime: number;
}

/**
 * Extra expected downtime of each scheduled fault of the scenario.
 * @throws StateSpaceTooLargeError beyond `maxStates`; UniformizationBudgetError over the work budget;
 *   ConvergenceError or Error when a solve fails.
 */
export function scheduledFaultEffects(scenario: Scenario, options: ScheduledFaultOptions = {}): ScheduledFaultEffect[] {
  const rate = scenario.faults.filter((f) => f.schedule.type === 'rate');
  return scenario.faults
    .filter((f) => f.schedule.type === 'at')
    .map((fault) => {
      // The probe's own clock is one phase: its duration is applied by the transient solution below.
      const probe: FaultSpec = { ...fault, schedule: { type: 'rate', rate: EPS }, duration: { kind: 'exponential', mean: lawMean(fault.duration) } };
      const sc: Scenario = { ...scenario, faults: [...rate, probe] };
      return { fault, downtime: extraDowntime(sc, rate.length, lawMean(fault.duration), options) };
    });
}

/**
 * Expected extra downtime of a scheduled fault probed as the rate fault `idx` of `sc` (see
 * {@link scheduledFaultEffects}), weighing each state by `reward` (default: 1 where the system is up; the
 * module decomposition passes the probability that the system is up given the module's state).
 */
export function extraDowntime(sc: Scenario, idx: number, d: number, options: ScheduledFaultOptions & { lump?: boolean; reward?: (m: SystemCtmc) => ArrayLike<number> }): number {
  const m = buildSystemCtmc(sc, { maxStates: options.maxStates, phases: options.phases, lump: options.lump });
  const up = options.reward ? options.reward(m) : m.up;
  const n = m.chain.n;
  const { pi } = steadyState(m.chain);
  const list = m.transitionList;
  const START = TRANSITION_CAUSES.indexOf('fault-start');
  const END = TRANSITION_CAUSES.indexOf('fault-end');
  // Distribution right after the fault starts, from pi; the chain without the probe fault's transitions.
  const p0 = new Float64Array(n);
  const endRate = new Float64Array(n);
  const keep = new Uint8Array(list.length);
  for (let k = 0; k < list.length; k++) {
    if (list.fault[k] !== idx) keep[k] = 1;
    else if (list.cause[k] === START) p0[list.to[k]] += pi[list.from[k]] * (list.rate[k] / EPS);
    else if (list.cause[k] === END) endRate[list.from[k]] += list.rate[k];
  }
  const during = compileCtmcArrays(n, list.from.filter((_, k) => keep[k]), list.to.filter((_, k) => keep[k]), list.rate.filter((_, k) => keep[k]));
  const [pd] = transientAnalysis(during, p0, [d], options.uniformization ?? {});
  let upDuring = 0;
  let A = 0;
  for (let i = 0; i < n; i++) {
    upDuring += up[i] * pd.occupation[i];
    A += up[i] * pi[i];
  }
  // Distribution right after the fault ends: every state with the fault on takes its fault-end branches.
  const after = new Float64Array(n);
  for (let k = 0; k < list.length; k++) {
    if (list.fault[k] === idx && list.cause[k] === END) after[list.to[k]] += pd.distribution[list.from[k]] * (list.rate[k] / endRate[list.from[k]]);
  }
  for (let i = 0; i < n; i++) if (endRate[i] === 0) after[i] += pd.distribution[i];
  const y = solveDeviation(m.chain, pi, Float64Array.from(pi, (x, i) => x - after[i]));
  if (!y) throw new Error('the recovery after a scheduled fault did not converge');
  let upY = 0;
  for (let i = 0; i < n; i++) upY += up[i] * y[i];
  return A * d - upDuring - upY;
}
