/**
 * The system CTMC with non-exponential laws as phase-type clocks: the fits used, the fallback when the
 * expanded chain exceeds the state budget, and the sensitivity of the values to the order of the fits.
 *
 * Order ladder: three-moment APH fits of minimal order (capped, phase-type-fit.ts); if that chain exceeds
 * the state cap, order-2 fits; then exponential laws with the same means (the chain without phases);
 * each step down is reported. A rung whose state count, estimated from the chain without phases
 * (estimatePhasedStates: each state times the phase combinations of the clocks it holds), is over the cap is
 * skipped without building it, with the estimate as the reason. Sensitivity: the same chain solved (steady state only) with the next lower
 * order, always a smaller chain: order-2 fits when some fit used a higher order, else exponential laws with
 * the same means (the difference is then what the shapes of the laws contribute, e.g. "MDT +1.8% with
 * phase-type order 2 of the lognormal repair"). Renewal theory makes the steady state of a unit insensitive to its laws beyond their
 * means (A = MTTF/(MTTF+MTTR)); shared crews, standby switching, frozen ageing and faults make it
 * sensitive, which this comparison quantifies.
 * Units: seconds.
 */
import type { DistributionSpec, Scenario } from '../scenario/types.js';
import { isExponential } from '../scenario/laws.js';
import { estimatePhasedStates, type SystemCtmc } from './system-ctmc.js';
import { analyzeSystemCtmc, DEFAULT_MAX_STATES, type SystemCtmcAnalysis, type SystemCtmcAnalysisOptions, type SystemCtmcTooLarge } from './system-measures.js';
import { describeFit, lawClock, type LawPhaseFit, type PhaseTypeChoice } from './ctmc-phases.js';
import { DEFAULT_MAX_ORDER } from './phase-type-fit.js';
import type { AnalyticPhaseType, AnalyticPhaseTypeFit } from './types.js';

/** Options of {@link analyzeWithPhaseTypes}. */
export interface PhaseTypeAnalysisOptions extends SystemCtmcAnalysisOptions {
  /** Cap of the minimal fit order (default 4); 1 = exponential laws (no phases). */
  maxPhaseOrder?: number;
  /**
   * State cap of the chain without phases (default `maxStates`): above it the result is `too-large`
   * without trying the phase-type chains (the caller may prefer the module decomposition).
   */
  baseMaxStates?: number;
}

/** The CTMC analysis, its phase-type section (null when every law is exponential) and the order used. */
export interface PhaseTypeAnalysis {
  analysis: SystemCtmcAnalysis | SystemCtmcTooLarge;
  phaseType: AnalyticPhaseType | null;
  /** The choice the values were computed with (undefined: exponential laws). */
  choice: PhaseTypeChoice | undefined;
}

/** True when a law the CTMC uses is not exponential (component failure/repair, rate-fault durations). */
export function hasNonExponentialLaws(scenario: Scenario): boolean {
  const laws: Array<DistributionSpec | null> = scenario.components.flatMap((c) => [c.failure, c.repair]);
  for (const f of scenario.faults) if (f.schedule.type === 'rate') laws.push(f.duration);
  return laws.some((l) => !isExponential(l));
}

const label = (c: PhaseTypeChoice | undefined) =>
  c === undefined ? 'exponential laws (means only)' : c.order === 'minimal' ? `minimal-order three-moment fits (order at most ${c.maxOrder})` : `order-${c.order} fits`;

/**
 * Solves the system CTMC with phase-type clocks, stepping down the order ladder when over the state cap,
 * and measures the sensitivity to the order (module documentation).
 * @returns `analysis.status === 'too-large'` only when even the exponential chain is over the cap.
 * @throws as {@link analyzeSystemCtmc}.
 */
export function analyzeWithPhaseTypes(scenario: Scenario, options: PhaseTypeAnalysisOptions = {}): PhaseTypeAnalysis {
  const maxOrder = options.maxPhaseOrder ?? DEFAULT_MAX_ORDER;
  const baseCap = Math.min(options.baseMaxStates ?? Infinity, options.maxStates ?? DEFAULT_MAX_STATES);
  if (maxOrder <= 1 || !hasNonExponentialLaws(scenario)) return { analysis: analyzeSystemCtmc(scenario, { ...options, maxStates: baseCap }), phaseType: null, choice: undefined };
  // The chain with exponential laws first, steady state only: when it is over the cap every phase-type
  // chain is too (each of its states expands into one or more), and it is the sensitivity baseline.
  let baseChain: SystemCtmc | null = null;
  const base = analyzeSystemCtmc(scenario, { maxStates: baseCap, lump: options.lump, keepChain: (c) => (baseChain = c) });
  if (base.status !== 'ok') return { analysis: base, phaseType: null, choice: undefined };
  // The order-2 rung only when the minimal fits use more phases (else it is the same chain).
  const minimal: PhaseTypeChoice = { order: 'minimal', maxOrder };
  const ladder: Array<PhaseTypeChoice | undefined> = [minimal, ...(maxFitOrder(scenario, minimal) > 2 ? [{ order: 2 }] : []), undefined];
  const skipped: string[] = [];
  let analysis: SystemCtmcAnalysis | SystemCtmcTooLarge = base;
  let choice: PhaseTypeChoice | undefined;
  const cap = options.maxStates ?? DEFAULT_MAX_STATES;
  for (choice of ladder) {
    // Skip a rung whose estimated size is over the cap (building it up to the cap costs about as much as
    // solving a chain that size).
    const estimate = choice && baseChain ? estimatePhasedStates(scenario, baseChain, { phases: choice, lump: options.lump }) : 0;
    if (estimate > cap) {
      skipped.push(`${label(choice)}: estimated ${Math.round(estimate)} states (from the ${base.stateCount}-state chain without phases) over the cap of ${cap}`);
      continue;
    }
    analysis = analyzeSystemCtmc(scenario, { ...options, phases: choice });
    if (analysis.status === 'ok') break;
    skipped.push(`${label(choice)}: ${analysis.message}`);
  }
  if (analysis.status !== 'ok') return { analysis, phaseType: null, choice: undefined };
  const fits = analysis.phaseFits;
  const fallback = skipped.length ? `phase-type expansion over the state budget (${skipped.join('; ')}): values with ${label(choice)}` : null;
  const alt = alternative(choice, fits);
  return {
    analysis,
    choice,
    phaseType: {
      used: label(choice),
      fits: fits.map(toJson),
      fallback,
      sensitivity: alt !== null ? sensitivity(scenario, analysis, alt === undefined ? base : alt, options) : null,
    },
  };
}

/** The largest order of the fits of the laws the CTMC uses (the fits are cheap; no chain is built). */
function maxFitOrder(scenario: Scenario, choice: PhaseTypeChoice): number {
  const fits: LawPhaseFit[] = [];
  for (const c of scenario.components) for (const law of [c.failure, c.repair]) if (law) lawClock(law, choice, c.name, fits);
  for (const f of scenario.faults) if (f.schedule.type === 'rate') lawClock(f.duration, choice, f.source.path, fits);
  return Math.max(1, ...fits.map((f) => f.fit.order));
}

function alternative(choice: PhaseTypeChoice | undefined, fits: readonly LawPhaseFit[]): PhaseTypeChoice | undefined | null {
  if (choice === undefined) return null;
  if (choice.order !== 'minimal') return undefined;
  if (fits.every((f) => f.fit.order <= 1)) return null;
  return fits.some((f) => f.fit.order > 2) ? { order: 2 } : undefined;
}

/** `alt`: the other order, or its solved chain (the exponential baseline). */
function sensitivity(
  scenario: Scenario,
  base: SystemCtmcAnalysis,
  alt: PhaseTypeChoice | SystemCtmcAnalysis,
  options: PhaseTypeAnalysisOptions,
): AnalyticPhaseType['sensitivity'] {
  const solved = 'status' in alt;
  const a = solved ? alt : analyzeSystemCtmc(scenario, { maxStates: options.maxStates, phases: alt, lump: options.lump });
  const with_ = label(solved ? undefined : alt);
  if (a.status !== 'ok') return { with: with_, stateCount: null, availability: null, mtbf: null, mut: null, mdt: null, note: `not computed: ${a.message}` };
  const rel = (x: number | null, y: number | null) => (x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y) || y === 0 ? null : (x - y) / y);
  const parts = [
    ['unavailability', rel(a.unavailability, base.unavailability)],
    ['MTBF', rel(a.mtbf, base.mtbf)],
    ['MDT', rel(a.mdt, base.mdt)],
  ].filter((p): p is [string, number] => p[1] !== null);
  const note = parts.length === 0 ? `with ${with_}: no steady-state value to compare` : `with ${with_}: ${parts.map(([k, v]) => `${k} ${v >= 0 ? '+' : ''}${(v * 100).toPrecision(2)}%`).join(', ')} relative to the values shown`;
  const v = (x: number | null) => (x === null ? null : finite(x));
  return { with: with_, stateCount: a.stateCount, availability: v(a.availability), mtbf: v(a.mtbf), mut: v(a.mut), mdt: v(a.mdt), note };
}

function toJson(f: LawPhaseFit): AnalyticPhaseTypeFit {
  return {
    what: f.what,
    law: f.law,
    order: f.fit.order,
    momentsMatched: f.fit.matched,
    method: `${f.fit.method}; ${describeFit(f.fit)}`,
    targetMoments: f.fit.target.map(finite),
    fittedMoments: f.fit.fitted.map(finite),
  };
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);
