/**
 * Phase-type clocks of the system CTMC: how a scenario's laws become chains of exponential phases
 * (phase-type-fit.ts), and how the phases enter the state vector.
 *
 * Each instance carries one phase variable: the phase of whichever clock runs for it (the failure clock
 * while it is up, the repair clock while it is in repair; 0 while it waits for a crew). Every clock is in
 * Coxian form and starts in phase 0, so a phase is reset to 0 whenever the instance changes status, and
 * the exponential case (one phase) leaves the variable at 0: the chain is then the exponential one. A
 * clock stopped by the model (frozen ageing while the system is down, a unit held down by a fault) keeps
 * its phase, i.e. its accumulated age, as the simulator keeps the remaining time. A dormant spare ages at
 * dormancy x rate in every phase (a time-scaled clock).
 *
 * Rate faults: the held-down periods are the busy periods of the overlapping occurrences (M/G/infinity,
 * Takács 1962), whose mean is exactly (e^{r d} - 1)/r. The fault's variable is 0 when inactive, 1 + k when
 * active in phase k of a busy-period clock: the phase-type fit of the duration law, stretched in time to
 * the exact busy-period mean. This keeps the exact probability of being active (1 - e^{-r d}) and outage
 * frequency (r e^{-r d}), and the exact shape of the held-down periods when occurrences do not overlap
 * (an overlap has probability about r d).
 *
 * Lumping (ctmc-lumping.ts): the phase is part of each instance's state, so a symmetry moves an instance's
 * phase variable with it (lumpingWithPhases) and representatives sort (status, phase) tuples.
 */
import type { DistributionSpec } from '../scenario/types.js';
import { describeLaw, formatDuration, isExponential, lawMean } from '../scenario/laws.js';
import type { Lumping } from './ctmc-lumping.js';
import { DEFAULT_MAX_ORDER, fitAph, type AphFit } from './phase-type-fit.js';
import { lawMoments, type Coxian } from './phase-type.js';

/** How the system CTMC represents non-exponential laws. */
export interface PhaseTypeChoice {
  /** `minimal`: three-moment APH of minimal order (capped by maxOrder); a number: that order for every law. */
  order: 'minimal' | number;
  /** Cap of the minimal order (default 4). */
  maxOrder?: number;
}

/** One law fitted for the chain, for reports. */
export interface LawPhaseFit {
  /** What the law is, e.g. `repair of db-primary`, `duration of faults[1]`. */
  what: string;
  law: string;
  fit: AphFit;
}

/**
 * The Coxian clock of a law: exponential (one phase, same mean) without a choice or for an exponential
 * law, else the phase-type fit of its three moments.
 * @throws RangeError when the law's mean is not finite and positive.
 */
export function lawClock(law: DistributionSpec, choice: PhaseTypeChoice | undefined, what: string, fits: LawPhaseFit[]): Coxian {
  const mean = lawMean(law);
  if (!(mean > 0) || !Number.isFinite(mean)) throw new RangeError(`${what}: mean ${mean} s gives no finite positive rate`);
  if (!choice || isExponential(law)) return { rates: [1 / mean], exit: [1] };
  const options = { order: choice.order === 'minimal' ? undefined : choice.order, maxOrder: choice.maxOrder ?? DEFAULT_MAX_ORDER };
  let fit: AphFit;
  try {
    fit = fitAph(lawMoments(law), options);
  } catch {
    // Higher moments beyond floating point (e.g. lognormal sigma 10): keep the mean, one phase.
    fit = fitAph([mean, 2 * mean * mean, 6 * mean ** 3], { order: 1 });
    fit = { ...fit, target: [mean, Infinity, Infinity], matched: 1, method: 'exponential (the law\'s higher moments are not finite in floating point)' };
  }
  fits.push({ what, law: describeLaw(law), fit });
  return fit.coxian;
}

/**
 * The busy-period clock of a rate fault (arrivals `rate`/s, durations `law`): its phases stretched so the
 * mean is the exact busy-period mean (e^{r d} - 1)/r.
 */
export function busyPeriodClock(rate: number, law: DistributionSpec, choice: PhaseTypeChoice | undefined, what: string, fits: LawPhaseFit[]): Coxian {
  const d = lawMean(law);
  if (!(d > 0)) throw new RangeError(`${what}: zero mean duration`);
  const c = lawClock(law, choice, what, fits);
  if (c.rates.length === 1) return { rates: [rate / Math.expm1(rate * d)], exit: [1] };
  const stretch = Math.expm1(rate * d) / (rate * d);
  return { rates: c.rates.map((x) => x / stretch), exit: c.exit };
}

/** Sentence for the approximation list: how a non-exponential law is represented. */
export function lawApproximation(what: string, law: DistributionSpec, fits: readonly LawPhaseFit[]): string {
  const f = fits.find((x) => x.what === what);
  if (!f) return `non-exponential ${what}: ${describeLaw(law)} (modelled as exponential with mean ${formatDuration(lawMean(law))})`;
  return `non-exponential ${what}: ${describeLaw(law)} (modelled as ${describeFit(f.fit)})`;
}

/** E.g. `phase-type of order 3 matching the mean, cv^2 and third moment`. */
export function describeFit(fit: AphFit): string {
  const names = ['the mean', 'the mean and cv^2', 'the mean, cv^2 and third moment'];
  return `phase-type of order ${fit.order} matching ${names[fit.matched - 1] ?? 'no moment'}`;
}

/**
 * The symmetry lumping extended to the per-instance phase variables: every element of a class (a tuple of
 * state positions permuted together) also carries the phase variable of each instance in it, so a
 * permutation moves an instance's phase with its status and the representative sorts (status, ..., phase)
 * tuples. Instances are positions 0 .. n-1; instance i's phase is at `offset + i`.
 */
export function lumpingWithPhases(lumping: Lumping, n: number, offset: number): Lumping {
  const classes = lumping.classes.map((cls) => cls.map((el) => [...el, ...el.filter((v) => v < n).map((v) => offset + v)]));
  return { classes, orbits: lumping.orbits };
}

/** Total rate out of phase k of a clock, split into [completion, advance to phase k + 1]. */
export function phaseRates(c: Coxian, k: number, factor = 1): [number, number] {
  const r = c.rates[k] * factor;
  return [r * c.exit[k], r * (1 - c.exit[k])];
}
