/**
 * Structure-function (reliability block diagram) evaluation over independent basic events.
 *
 * A leaf of the structure is an instance; it is up when all its basic events are up (the instance itself
 * and, for injected faults modelled as virtual on/off components, every fault targeting it). Basic
 * events are independent. A basic event appearing in several leaves (a repeated instance, a zone outage
 * hitting several instances) breaks the independence of the leaves: the evaluation then conditions on the
 * states of the shared events (pivotal decomposition / factoring) and sums over their 2^m combinations,
 * which is exact.
 *
 * Sources: Barlow & Proschan, "Statistical Theory of Reliability and Life Testing" (1975), ch. 1-2
 * (coherent structures, pivotal decomposition); Rausand & Høyland, "System Reliability Theory", 2nd ed.
 * (2004) (reliability block diagrams, Birnbaum importance); S. M. Ross, "On the calculation of
 * asymptotic system reliability characteristics", in Barlow, Fussell & Singpurwalla (eds.), "Reliability
 * and Fault Tree Analysis", SIAM (1975) (system failure frequency sum_i I_B(i) nu_i).
 */
import type { StructureNode } from '../core/types.js';
import { kOutOfN } from './formulas.js';

/** Inputs of a structure evaluation. */
export interface StructureInputs {
  /** Probability that each basic event is up (instance ids and any virtual events), in [0, 1]. */
  probability: ReadonlyMap<string, number>;
  /** The basic events whose conjunction makes a leaf instance up; default: the instance alone. */
  leafEvents?: (instance: string) => readonly string[];
  /**
   * Standby blocks: 'parallel' evaluates a standby block as its units in parallel (hot spares, perfect
   * and instant switching: an approximation); 'error' (default) throws.
   */
  standby?: 'parallel' | 'error';
}

/** Most shared basic events the factoring enumerates (2^20 combinations). */
export const MAX_SHARED_EVENTS = 20;
/**
 * Most leaf evaluations one factoring may take (2^shared x leaves): a structure function is evaluated dozens
 * of times per analysis (Birnbaum importance per event, failure frequency), so 19 shared events over 40
 * leaves (2e7 per evaluation) took minutes; above this the caller reports the analysis as not available.
 */
export const MAX_FACTORING_WORK = 4e6;

/** Every leaf instance id of a structure, in order, with repetitions (standby units included). */
export function leafInstances(node: StructureNode): string[] {
  switch (node.type) {
    case 'component':
      return [node.instance];
    case 'standby':
      return [...node.units];
    default:
      return node.children.flatMap(leafInstances);
  }
}

/** Every standby block of a structure, depth-first. */
export function standbyBlocks(node: StructureNode): Extract<StructureNode, { type: 'standby' }>[] {
  if (node.type === 'standby') return [node];
  if (node.type === 'component') return [];
  return node.children.flatMap(standbyBlocks);
}

/** Shape of a structure, for choosing and naming closed forms. */
export type StructureShape =
  | { kind: 'single'; instance: string }
  | { kind: 'series'; instances: string[] }
  | { kind: 'parallel'; instances: string[] }
  | { kind: 'k_of_n'; k: number; instances: string[] }
  | { kind: 'standby'; node: Extract<StructureNode, { type: 'standby' }> }
  | { kind: 'general' };

/**
 * Classifies a structure: one leaf, a (possibly nested) series of leaves, a parallel or k-out-of-n gate
 * over leaves, a lone standby block, or anything else ('general'). Gates with one child are unwrapped.
 */
export function structureShape(node: StructureNode): StructureShape {
  const n = unwrap(node);
  if (n.type === 'component') return { kind: 'single', instance: n.instance };
  if (n.type === 'standby') return { kind: 'standby', node: n };
  if (n.type === 'series') {
    const flat = flattenSeries(n);
    if (flat && flat.length === 1) return { kind: 'single', instance: flat[0] };
    return flat ? { kind: 'series', instances: flat } : { kind: 'general' };
  }
  const kids = n.children.map(unwrap);
  if (!kids.every((c) => c.type === 'component')) return { kind: 'general' };
  const ids = kids.map((c) => (c as { instance: string }).instance);
  if (n.type === 'parallel') return { kind: 'parallel', instances: ids };
  if (n.k === ids.length) return { kind: 'series', instances: ids };
  if (n.k === 1) return { kind: 'parallel', instances: ids };
  return { kind: 'k_of_n', k: n.k, instances: ids };
}

function unwrap(node: StructureNode): StructureNode {
  let n = node;
  while ((n.type === 'series' || n.type === 'parallel') && n.children.length === 1) n = n.children[0];
  while (n.type === 'k_of_n' && n.children.length === 1 && n.k === 1) n = n.children[0];
  return n;
}

function flattenSeries(node: StructureNode): string[] | null {
  const n = unwrap(node);
  if (n.type === 'component') return [n.instance];
  if (n.type === 'series' || (n.type === 'k_of_n' && n.k === n.children.length)) {
    const out: string[] = [];
    for (const c of n.children) {
      const f = flattenSeries(c);
      if (!f) return null;
      out.push(...f);
    }
    return out;
  }
  return null;
}

/**
 * Probability that the system is up, given independent basic events (exact, by factoring on the basic
 * events shared between leaves). Series: product; parallel: 1 - prod(1 - p); k-out-of-n: Poisson-binomial
 * tail (Barlow & Heidtmann 1984).
 * @throws RangeError when a basic event has no probability or one outside [0, 1], when more than
 *   {@link MAX_SHARED_EVENTS} events are shared, or on a standby block with `standby: 'error'`.
 * Source: Barlow & Proschan (1975), ch. 2 (pivotal decomposition); Rausand & Høyland (2004).
 */
export function structureAvailability(node: StructureNode, inputs: StructureInputs): number {
  return factor(node, inputs, false);
}

/**
 * Probability that the system is down, computed on the dual structure (series <-> parallel,
 * k-of-n <-> (n-k+1)-of-n) from the basic events' down probabilities, so that tiny unavailabilities keep
 * their relative precision (1 - A would cancel). `unavailability` gives the down probability of each
 * event (default 1 - probability).
 * @throws as {@link structureAvailability}.
 * Source: Barlow & Proschan (1975), ch. 1 (dual structure function).
 */
export function structureUnavailability(node: StructureNode, inputs: StructureInputs & { unavailability?: ReadonlyMap<string, number> }): number {
  return factor(node, inputs, true);
}

function factor(node: StructureNode, inputs: StructureInputs & { unavailability?: ReadonlyMap<string, number> }, down: boolean): number {
  const events = inputs.leafEvents ?? ((id: string) => [id]);
  const leaves = leafInstances(node);
  const count = new Map<string, number>();
  for (const leaf of leaves) {
    for (const e of new Set(events(leaf))) {
      const p = inputs.probability.get(e);
      if (p === undefined) throw new RangeError(`no availability for basic event ${e}`);
      if (!(p >= 0 && p <= 1)) throw new RangeError(`availability of ${e} must be in [0, 1], got ${p}`);
      count.set(e, (count.get(e) ?? 0) + 1);
    }
  }
  const shared = [...count].filter(([, c]) => c > 1).map(([e]) => e);
  if (shared.length > MAX_SHARED_EVENTS) {
    throw new RangeError(`${shared.length} basic events are shared between leaves (at most ${MAX_SHARED_EVENTS} can be factored)`);
  }
  if (2 ** shared.length * leaves.length > MAX_FACTORING_WORK) {
    throw new RangeError(
      `${shared.length} basic events are shared between leaves: factoring them takes 2^${shared.length} x ${leaves.length} leaf evaluations per structure evaluation (at most ${MAX_FACTORING_WORK.toExponential(0)})`,
    );
  }
  const pUp = (e: string) => inputs.probability.get(e) as number;
  // The separate down-probabilities serve the dual (down) evaluation only: an up evaluation with another
  // probability map (A(t), R(t), Birnbaum's conditioning) must weigh a shared event by 1 - its own p.
  const pDown = (e: string) => (down ? inputs.unavailability?.get(e) : undefined) ?? 1 - pUp(e);
  const fixed = new Map<string, number>();
  let total = 0;
  const combos = 1 << shared.length;
  for (let mask = 0; mask < combos; mask++) {
    let weight = 1;
    shared.forEach((e, i) => {
      const up = (mask >> i) & 1;
      fixed.set(e, up);
      weight *= up ? pUp(e) : pDown(e);
    });
    if (weight === 0) continue;
    const uniq = (id: string) => [...new Set(events(id))];
    if (down) {
      // Leaf down = 1 - prod(1 - q_e), via log1p/expm1 to keep precision.
      const leafQ = (id: string) => {
        let s = 0;
        for (const e of uniq(id)) {
          const f = fixed.get(e);
          const q = f === undefined ? pDown(e) : 1 - f;
          if (q >= 1) return 1;
          s += Math.log1p(-q);
        }
        return -Math.expm1(s);
      };
      total += weight * evaluateDown(node, leafQ, inputs.standby ?? 'error');
    } else {
      const leafP = (id: string) => uniq(id).reduce((p, e) => p * (fixed.get(e) ?? pUp(e)), 1);
      total += weight * evaluate(node, leafP, inputs.standby ?? 'error');
    }
  }
  return Math.min(1, Math.max(0, total));
}

function evaluate(node: StructureNode, leafP: (id: string) => number, standby: 'parallel' | 'error'): number {
  switch (node.type) {
    case 'component':
      return leafP(node.instance);
    case 'series':
      return node.children.reduce((p, c) => p * evaluate(c, leafP, standby), 1);
    case 'parallel':
      return 1 - node.children.reduce((q, c) => q * (1 - evaluate(c, leafP, standby)), 1);
    case 'k_of_n':
      return kOutOfN(node.k, node.children.map((c) => evaluate(c, leafP, standby)));
    case 'standby':
      if (standby === 'error') throw standbyError(node);
      return 1 - node.units.reduce((q, u) => q * (1 - leafP(u)), 1);
  }
}

function evaluateDown(node: StructureNode, leafQ: (id: string) => number, standby: 'parallel' | 'error'): number {
  const seriesDown = (qs: number[]) => -Math.expm1(qs.reduce((s, q) => (q >= 1 ? -Infinity : s + Math.log1p(-q)), 0));
  switch (node.type) {
    case 'component':
      return leafQ(node.instance);
    case 'series':
      return seriesDown(node.children.map((c) => evaluateDown(c, leafQ, standby)));
    case 'parallel':
      return node.children.reduce((q, c) => q * evaluateDown(c, leafQ, standby), 1);
    case 'k_of_n': {
      const n = node.children.length;
      if (node.k <= 0) return 0;
      if (node.k > n) return 1;
      return kOutOfN(n - node.k + 1, node.children.map((c) => evaluateDown(c, leafQ, standby)));
    }
    case 'standby':
      if (standby === 'error') throw standbyError(node);
      return node.units.reduce((q, u) => q * leafQ(u), 1);
  }
}

function standbyError(node: Extract<StructureNode, { type: 'standby' }>): RangeError {
  return new RangeError(`standby block [${node.units.join(', ')}] has no structure-function value (its units are not independent)`);
}

/**
 * Birnbaum importance of a basic event: I_B(e) = A_sys(e up) - A_sys(e down) = dA_sys/dp_e.
 * @throws as {@link structureAvailability}.
 * Source: Z. W. Birnbaum, "On the importance of different components in a multicomponent system", in
 * Multivariate Analysis II, Academic Press (1969); Rausand & Høyland (2004).
 */
export function birnbaumImportance(node: StructureNode, inputs: StructureInputs, event: string): number {
  const withP = (p: number) => {
    const m = new Map(inputs.probability);
    m.set(event, p);
    // Only the up-probabilities: a down-probability map the caller may carry (structureUnavailability's
    // input) would still give the event its old down weight when it is shared and factored.
    return structureAvailability(node, { probability: m, leafEvents: inputs.leafEvents, standby: inputs.standby });
  };
  return withP(1) - withP(0);
}

/**
 * Steady-state system failure frequency of a coherent system of independent alternating-renewal basic
 * events: nu_sys = sum_e I_B(e) nu_e, where nu_e = 1/(MTTF_e + MTTR_e) is the failure frequency of event e
 * (a system failure is a failure of an event while it is critical). Valid for any up/down laws.
 * @param frequency failure frequency of each basic event, 1/s (events absent from the map count as 0)
 * @returns failures per second
 * @throws as {@link structureAvailability}.
 * Source: Ross (1975); Rausand & Høyland (2004), frequency of system failures.
 */
export function structureFailureFrequency(node: StructureNode, inputs: StructureInputs, frequency: ReadonlyMap<string, number>): number {
  let nu = 0;
  for (const [e, f] of frequency) {
    if (f === 0 || !inputs.probability.has(e)) continue;
    nu += birnbaumImportance(node, inputs, e) * f;
  }
  return nu;
}
