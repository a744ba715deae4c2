/**
 * Importance measures of the basic events of a coherent structure with independent basic events, from
 * their down probabilities q_e (Rausand & Høyland, "System Reliability Theory", 2nd ed. (2004), ch. 5
 * "Component importance"; Q = system unavailability, Q(1_i) / Q(0_i) with event i certainly down / up):
 * - Birnbaum I_B(i) = Q(1_i) - Q(0_i) = dQ/dq_i (Birnbaum 1969);
 * - criticality importance I_CR(i) = I_B(i) q_i / Q: probability that i is critical and down given the
 *   system is down;
 * - Fussell-Vesely I_FV(i) = P(some minimal cut set containing i is down) / Q, here by the rare-event
 *   approximation of the numerator, sum over cut sets K with i in K of prod_{j in K} q_j (R&H sec. 5.5);
 * - risk achievement worth RAW(i) = Q(1_i) / Q and risk reduction worth RRW(i) = Q / Q(0_i)
 *   (infinite, reported null, when Q(0_i) = 0).
 * Q is exact (structure function by factoring, src/analytic/structure.ts) and also given by the rare-event
 * approximation sum_K prod_{j in K} q_j, an upper bound for coherent systems (Esary-Proschan; R&H sec. 4.6).
 */
import { structureUnavailability } from '../analytic/structure.js';
import type { StructureNode } from '../core/types.js';

/** Importance of one basic event (dimensionless; null where undefined, e.g. Q = 0). */
export interface EventImportance {
  event: string;
  /** Down probability of the event. */
  q: number;
  birnbaum: number | null;
  criticality: number | null;
  fussellVesely: number | null;
  raw: number | null;
  rrw: number | null;
}

/** One minimal cut set with its probability of being down (product of its events' q) and its share. */
export interface CutSetContribution {
  events: string[];
  probability: number;
  /** probability / rare-event sum (share of the system unavailability by the rare-event approximation). */
  share: number | null;
}

export interface ImportanceAnalysis {
  /** Exact system unavailability, or null when the structure cannot be factored (then see `rareEvent`). */
  unavailability: number | null;
  /** Rare-event approximation sum over the cut sets of prod q (upper bound). */
  rareEvent: number;
  cutSets: CutSetContribution[];
  events: EventImportance[];
}

/** What the measures are computed from. */
export interface ImportanceInputs {
  node: StructureNode;
  /** Down probability of every basic event. */
  q: ReadonlyMap<string, number>;
  leafEvents?: (instance: string) => readonly string[];
  /** Minimal cut sets of `node` over the same events (src/attribution/cut-sets.ts). */
  cutSets: readonly string[][];
}

/** Exact unavailability with the given down probabilities, or null when it cannot be computed. */
function exactQ(inputs: ImportanceInputs, q: ReadonlyMap<string, number>): number | null {
  const probability = new Map([...q].map(([e, v]) => [e, 1 - v]));
  try {
    return structureUnavailability(inputs.node, { probability, unavailability: q, leafEvents: inputs.leafEvents, standby: 'parallel' });
  } catch {
    return null;
  }
}

/** Importance measures of every event of `inputs.q` and the contributions of the cut sets. */
export function importanceAnalysis(inputs: ImportanceInputs): ImportanceAnalysis {
  const prob = (cut: readonly string[]) => cut.reduce((p, e) => p * (inputs.q.get(e) ?? 0), 1);
  const cutProbs = inputs.cutSets.map(prob);
  const rareEvent = cutProbs.reduce((s, p) => s + p, 0);
  const exact = exactQ(inputs, inputs.q);
  const Q = exact ?? rareEvent;
  const cutSets = inputs.cutSets.map((events, i) => ({ events: [...events], probability: cutProbs[i], share: rareEvent > 0 ? cutProbs[i] / rareEvent : null }));
  const events = [...inputs.q.keys()].map((event) => eventImportance(inputs, event, Q, exact !== null, cutProbs));
  return { unavailability: exact, rareEvent, cutSets, events };
}

function eventImportance(inputs: ImportanceInputs, event: string, Q: number, exact: boolean, cutProbs: number[]): EventImportance {
  const q = inputs.q.get(event) as number;
  const withQ = (v: number) => {
    const m = new Map(inputs.q);
    m.set(event, v);
    if (exact) return exactQ(inputs, m) as number;
    return inputs.cutSets.reduce((s, cut) => s + cut.reduce((p, e) => p * (m.get(e) ?? 0), 1), 0);
  };
  const q1 = withQ(1);
  const q0 = withQ(0);
  const birnbaum = q1 - q0;
  let fvNum = 0;
  inputs.cutSets.forEach((cut, i) => {
    if (cut.includes(event)) fvNum += cutProbs[i];
  });
  return {
    event,
    q,
    birnbaum,
    criticality: Q > 0 ? (birnbaum * q) / Q : null,
    fussellVesely: Q > 0 ? Math.min(1, fvNum / Q) : null,
    raw: Q > 0 ? q1 / Q : null,
    rrw: q0 > 0 ? Q / q0 : null,
  };
}
