/**
 * One rare-event study of a scenario: the importance-sampling estimate of the steady-state unavailability
 * (regenerative.ts), the exact value of the same CTMC when it is small enough to solve, and their
 * comparison (src/results/comparison.ts). The document is plain JSON ('faultline.rare/v1'), deterministic
 * for a scenario, seed and options (no wall-clock times in it).
 */
import { steadyState } from '../analytic/ctmc.js';
import type { SystemEstimates } from '../results/aggregate.js';
import { compareMetric, type Comparison } from '../results/comparison.js';
import type { Estimate } from '../results/estimators.js';
import { checkSlos, type SloCheck } from '../results/slo.js';
import type { PathSegment } from '../scenario/errors.js';
import type { Scenario } from '../scenario/types.js';
import { rareEventModel } from './markov-model.js';
import { estimateUnavailability, type RareEventEstimate, type RareEventOptions } from './regenerative.js';

/** Options of {@link runRareEvent}. */
export interface RareRunOptions extends Omit<RareEventOptions, 'seed'> {
  /** Master seed (default: the scenario's). */
  seed?: number;
  /** Largest CTMC solved exactly for the comparison (default 200 000 states). */
  exactMaxStates?: number;
  /** State cap of the chain simulated (default 500 000). */
  maxStates?: number;
}

/** The rare-event results document. */
export interface RareDocument {
  schema: 'faultline.rare/v1';
  scenario: { name: string; file: string };
  states: number;
  /** Failure transitions (biased) and repair transitions in the chain. */
  transitions: { failure: number; repair: number };
  estimate: RareEventEstimate;
  /** Availability = 1 - U, with the CI mirrored. */
  availability: { estimate: number | null; ci95: [number, number] | null };
  /** Exact steady-state unavailability of the CTMC (GTH / Gauss-Seidel), null when not solved. */
  exact: { unavailability: number; solver: string } | null;
  /** Why `exact` is null. */
  exactNote: string | null;
  /** Importance-sampling estimate vs exact value (null without exact value). */
  comparison: Comparison | null;
  /**
   * The scenario's availability SLO checked against the IS estimate (same rule as `faultline run`,
   * src/results/slo.ts: pass when the estimate meets the target, `confident` when the whole 95% CI is
   * on that side); null when the scenario sets no availability SLO.
   */
  slo: SloCheck | null;
  /** Caveats on this run (efficiency, reliability of the CI), as sentences; empty when none. */
  notes: string[];
}

/** The availability SLO check of a study (see {@link RareDocument.slo}). */
function availabilitySlo(scenario: Scenario, est: RareEventEstimate): SloCheck | null {
  if (scenario.slo.availability === undefined) return null;
  const u = est.unavailability;
  const availability: Estimate = {
    estimate: u.estimate === null ? null : 1 - u.estimate,
    ci95: u.ci95 ? [1 - u.ci95[1], 1 - u.ci95[0]] : null,
    halfWidth: u.halfWidth,
    n: u.n,
  };
  // checkSlos reads only `availability` for this objective.
  const [check] = checkSlos({ availability: scenario.slo.availability }, { availability } as SystemEstimates);
  return check.confident || check.status === 'not-evaluated'
    ? check
    : { ...check, note: 'the 95% CI straddles the target: lower --relative-precision to be sure' };
}

/** The model of a study, built once (see {@link prepareRareEvent}). */
export type PreparedRare = ReturnType<typeof rareEventModel>;

/**
 * Builds the labelled CTMC of a scenario for {@link runRareEvent} (`locate`: scenario path -> source
 * position, for error messages).
 * @throws ScenarioError for non-Markovian scenarios or unrepairable units (see rareEventModel);
 *   StateSpaceTooLargeError beyond `maxStates`.
 */
export function prepareRareEvent(
  scenario: Scenario,
  options: Pick<RareRunOptions, 'maxStates'> = {},
  locate?: (path: PathSegment[]) => { line: number; column: number },
): PreparedRare {
  return rareEventModel(scenario, options.maxStates, locate);
}

/**
 * Runs a rare-event study: importance-sampling estimate, exact CTMC value (when at most `exactMaxStates`
 * states) and their comparison.
 * @param prepared the model from {@link prepareRareEvent} (built here when omitted).
 * @param estimate a ready estimate of `prepared.model` (computed here when omitted), so that a caller can
 *   time the simulation alone.
 * @throws ScenarioError for non-Markovian scenarios or unrepairable units (see rareEventModel);
 *   StateSpaceTooLargeError beyond `maxStates`; RangeError on bad options.
 */
export function runRareEvent(scenario: Scenario, options: RareRunOptions = {}, prepared?: PreparedRare, estimate?: RareEventEstimate): RareDocument {
  const { model, ctmc } = prepared ?? prepareRareEvent(scenario, options);
  const est = estimate ?? estimateUnavailability(model, { ...options, seed: options.seed ?? scenario.seed });
  const exactMax = options.exactMaxStates ?? 200_000;
  let exact: RareDocument['exact'] = null;
  let exactNote: string | null = null;
  if (model.n <= exactMax) {
    const ss = steadyState(ctmc.chain);
    let u = 0;
    for (let s = 0; s < model.n; s++) if (!ctmc.up[s]) u += ss.pi[s];
    exact = { unavailability: u, solver: ss.method };
  } else exactNote = `${model.n} states: above the exact-solution limit of ${exactMax}`;
  const comparison = exact === null ? null : compareMetric('unavailability', 'probability', est.unavailability, exact.unavailability, []);
  const u = est.unavailability;
  let failure = 0;
  for (let e = 0; e < model.outFailure.length; e++) failure += model.outFailure[e];
  const notes: string[] = [];
  if (model.otherAllUpStates > 0) {
    notes.push(
      `${model.otherAllUpStates} all-up state(s) besides the regeneration state (e.g. a non-revertive standby with the spare active): ` +
        'biasing stops when a cycle reaches one, so importance sampling gains little on this model',
    );
  }
  if (est.speedupInSteps !== null && est.speedupInSteps < 1) {
    notes.push(`importance sampling is less efficient than plain Monte Carlo here (speed-up x${est.speedupInSteps.toPrecision(2)}): the system is not in the rare-failure regime balanced failure biasing is made for`);
  }
  if (est.largestCycleShare !== null && est.largestCycleShare > 0.05) {
    notes.push(`one cycle carries ${(est.largestCycleShare * 100).toFixed(0)}% of the estimate: the estimate rests on few heavily weighted cycles and the CI may be too narrow; run more cycles (--relative-precision, --max-cycles)`);
  }
  return {
    schema: 'faultline.rare/v1',
    scenario: { name: scenario.name, file: scenario.file },
    states: model.n,
    transitions: { failure, repair: model.outFailure.length - failure },
    estimate: est,
    availability: { estimate: u.estimate === null ? null : 1 - u.estimate, ci95: u.ci95 ? [1 - u.ci95[1], 1 - u.ci95[0]] : null },
    exact,
    exactNote,
    comparison,
    slo: availabilitySlo(scenario, est),
    notes,
  };
}
