/**
 * The analytic side of attribution for a scenario: the basic events (every instance of the structure, and
 * every fault with a rate as a virtual on/off event, as the analytic availability model treats them), their
 * long-run down probabilities, the minimal cut sets and the importance measures (importance.ts).
 *
 * Down probability of an instance's own failures: MTTR / (MTTF + MTTR) (alternating renewal, any laws;
 * Barlow & Proschan 1975); never failing: 0; failing but never repaired: the mean of F(t) = 1 - S(t) over
 * the observation window (trapezoid rule, 512 steps). A rate fault: 1 - e^(-r d) (the probability that a
 * Poisson(r) fault with mean duration d is active, as src/analytic/assumptions.ts faultOnOff). Faults at
 * fixed times are not stationary and are left out (noted).
 */
import { faultOnOff } from '../analytic/assumptions.js';
import { leafInstances } from '../analytic/structure.js';
import { lawMean, lawSurvival } from '../scenario/laws.js';
import type { Scenario } from '../scenario/types.js';
import { CutSetLimitError, minimalCutSets, type CutSetResult } from './cut-sets.js';
import { importanceAnalysis, type ImportanceAnalysis } from './importance.js';
import type { AttributionSpec } from './types.js';

/** Name of the basic event of the fault at index k of `scenario.faults`. */
export const faultEvent = (k: number): string => `faults[${k}]`;

export interface AttributionAnalytic {
  cutSets: CutSetResult;
  importance: ImportanceAnalysis | null;
  /** Why the analytic values are approximate or partial. */
  notes: string[];
}

/** Down probability of each basic event (instances of the structure, faults with a rate). */
export function eventDownProbabilities(scenario: Scenario): { q: Map<string, number>; leafEvents: (id: string) => string[]; notes: string[] } {
  const comps = new Map(scenario.components.map((c) => [c.name, c]));
  const byId = new Map(scenario.instances.map((i) => [i.id, i]));
  const notes: string[] = [];
  const q = new Map<string, number>();
  for (const id of new Set(leafInstances(scenario.system))) {
    const c = comps.get((byId.get(id) as { component: string }).component);
    if (!c?.failure) q.set(id, 0);
    else if (c.repair) {
      const mttf = lawMean(c.failure);
      const mttr = lawMean(c.repair);
      q.set(id, mttr / (mttf + mttr));
    } else {
      q.set(id, windowAverageDown(c.failure, scenario.warmup, scenario.horizon));
      notes.push(`${id} is never repaired: its down probability is the window average of its failure CDF`);
    }
  }
  const faultsOf = new Map<string, string[]>();
  scenario.faults.forEach((f, k) => {
    if (f.schedule.type !== 'rate') {
      notes.push(`${faultEvent(k)} (${f.kind} at a fixed time) is not a stationary event: left out of the analytic measures`);
      return;
    }
    q.set(faultEvent(k), faultOnOff(f.schedule.rate, lawMean(f.duration)).pActive);
    for (const t of f.targets) faultsOf.set(t, [...(faultsOf.get(t) ?? []), faultEvent(k)]);
  });
  return { q, leafEvents: (id) => [id, ...(faultsOf.get(id) ?? [])], notes };
}

function windowAverageDown(law: NonNullable<Scenario['components'][number]['failure']>, from: number, to: number): number {
  if (!(to > from)) return 1 - lawSurvival(law, from);
  const n = 512;
  const h = (to - from) / n;
  let s = 0;
  for (let i = 0; i <= n; i++) s += (i === 0 || i === n ? 0.5 : 1) * (1 - lawSurvival(law, from + i * h));
  return (s * h) / (to - from);
}

/** Modelling choices that make the independent-events values approximate for this scenario. */
function approximationNotes(scenario: Scenario): string[] {
  const out: string[] = [];
  const hasStandby = JSON.stringify(scenario.system).includes('"standby"');
  if (hasStandby) out.push('standby blocks are taken as their units in parallel (switchovers and dormancy are not in the static structure)');
  if (scenario.crews.length > 0) out.push('shared repair crews make instances dependent: the independent-events measures are approximate');
  if (!scenario.ageingWhileSystemDown) out.push('failure clocks frozen while the system is down make instances dependent: the measures are approximate');
  return out;
}

/**
 * Minimal cut sets and analytic importance measures of a scenario.
 * @throws CutSetLimitError when the structure has too many minimal cut sets for the limits of `spec`.
 */
export function analyzeAttribution(scenario: Scenario, spec: AttributionSpec): AttributionAnalytic {
  const { q, leafEvents, notes } = eventDownProbabilities(scenario);
  const cutSets = minimalCutSets(scenario.system, { maxOrder: spec.maxCutSetOrder, maxSets: spec.maxCutSets, leafEvents: (id) => leafEvents(id).filter((e) => q.has(e)) });
  if (cutSets.truncated) notes.push(`cut sets of more than ${spec.maxCutSetOrder} events left out (attribution.max_cut_set_order): the rare-event sum and Fussell-Vesely are lower bounds`);
  const importance = importanceAnalysis({ node: scenario.system, q, leafEvents: (id) => leafEvents(id).filter((e) => q.has(e)), cutSets: cutSets.cutSets });
  if (importance.unavailability === null) notes.push('the structure could not be factored exactly (too many shared events): Q and the measures use the rare-event approximation');
  return { cutSets, importance, notes: [...approximationNotes(scenario), ...notes] };
}

export { CutSetLimitError };
