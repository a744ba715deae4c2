/**
 * Independent-module decomposition of the system CTMC: instances (and rate faults) that share no limited
 * repair crew, no standby block, no common-cause group and no fault evolve independently, so the chain of
 * the whole system is the product of the chains of these modules and never needs to be built. Each module's
 * chain (system-ctmc.ts on the module's instances and faults) gives its steady-state law over the patterns
 * of the basic events it decides (an instance up, a standby block up, a fault inactive) and the flows
 * between them; the system availability and failure frequency follow exactly from the structure function
 * over independent modules (module-structure.ts), and MTBF = 1/nu, MUT = A/nu, MDT = (1 - A)/nu.
 * Requires failure clocks that run while the system is down (`ageingWhileSystemDown`: else every unit
 * depends on the whole system's state).
 *
 * Two partitions:
 * - `exact`: a rate fault joins the module of every target it acts on (held-down targets do not age; a
 *   standby block switches when its active unit is held down). The decomposition is then exact.
 * - `decoupled`: a rate fault joins only the modules of targets that are in a standby block or in a
 *   multi-instance module (limited crew, common-cause group); for the other targets it is an independent
 *   on/off event that holds the target down in the structure function, but the target keeps ageing while
 *   held down (the full chain freezes it). The report estimates the effect to first order: each such
 *   target i loses the fraction h_i (probability that one of its faults is active) of its failures, which
 *   changes the system unavailability by about sum_i I_B(i) h_i U_i and the frequency by about
 *   sum_i I_B(i) h_i nu_i (I_B: Birnbaum importance).
 *
 * A module that is one rate fault alone is the fault's on/off process: the probability that some occurrence
 * is active is 1 - e^{-r d} and busy periods start at rate r e^{-r d} (M/G/infinity with Poisson arrivals
 * at rate r and mean duration d, any duration law). A module that is one unit with no fault is insensitive
 * to its laws beyond their means (alternating renewal: A = MTTF / (MTTF + MTTR), nu = 1 / (MTTF + MTTR)),
 * so it is solved with exponential laws; other modules use the phase-type ladder of phase-type-analysis.ts
 * (minimal-order fits, then order 2, then exponential laws, each rung skipped when its estimated size is
 * over the cap). MTTFF, R(t) and A(t) are first-passage and transient measures of the whole system: the
 * decomposition does not give them (null, with a note).
 *
 * Sources: Barlow & Proschan (1975), ch. 1-2 (modular decomposition of coherent systems); Rausand & Høyland,
 * "System Reliability Theory", 2nd ed. (2004) (frequency of system failures, Birnbaum importance);
 * Takács (1962) / Ross, "Stochastic Processes" (1996), sec. 2.3 (M/G/infinity busy periods).
 */
import type { Scenario } from '../scenario/types.js';
import type { FaultSpec, StructureNode } from '../core/types.js';
import { isExponential, lawMean } from '../scenario/laws.js';
import { steadyState } from './ctmc.js';
import { buildSystemCtmc, estimatePhasedStates, StateSpaceTooLargeError, type SystemCtmc } from './system-ctmc.js';
import { standbyBlocks } from './structure.js';
import { moduleAvailability, moduleBirnbaum, moduleFailureFrequency, type AtomTree, type ModuleLaw } from './module-structure.js';
import type { PhaseTypeChoice } from './ctmc-phases.js';
import { DEFAULT_MAX_ORDER } from './phase-type-fit.js';

/** A module: instance indices and rate-fault indices (among the scenario's rate faults). */
export interface ModulePart {
  instances: number[];
  faults: number[];
}

/** The rate faults of a scenario, in the order the system CTMC numbers them. */
export function rateFaultsOf(scenario: Scenario): FaultSpec[] {
  return scenario.faults.filter((f) => f.schedule.type === 'rate');
}

/**
 * The independent modules of a scenario (module documentation), or null when failure clocks stop while
 * the system is down (then nothing is independent).
 */
export function moduleParts(scenario: Scenario, mode: 'exact' | 'decoupled'): ModulePart[] | null {
  if (!scenario.ageingWhileSystemDown) return null;
  const N = scenario.instances.length;
  const faults = rateFaultsOf(scenario);
  const index = new Map(scenario.instances.map((inst, i) => [inst.id, i]));
  const parent = Array.from({ length: N + faults.length }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const union = (a: number, b: number) => (parent[find(a)] = find(b));
  const at = (id: string) => index.get(id) ?? -1;
  const comps = new Map(scenario.components.map((c) => [c.name, c]));
  const compOf = scenario.instances.map((inst) => comps.get(inst.component));
  for (const crew of scenario.crews) {
    const members = scenario.instances.map((_, i) => i).filter((i) => compOf[i]?.crew === crew.name && compOf[i]?.failure && compOf[i]?.repair);
    if (members.length > crew.count || crew.callOut) for (const i of members) union(i, members[0]);
  }
  const inBlock = new Uint8Array(N);
  for (const b of standbyBlocks(scenario.system)) {
    const units = b.units.map(at).filter((i) => i >= 0);
    for (const u of units) {
      inBlock[u] = 1;
      union(u, units[0]);
    }
  }
  for (const g of scenario.reliability?.commonCause ?? []) {
    const members = g.instances.map(at).filter((i) => i >= 0);
    for (const i of members) union(i, members[0]);
  }
  // Module sizes before the faults join (decoupled mode: a fault joins only multi-instance modules).
  const size = new Map<number, number>();
  for (let i = 0; i < N; i++) size.set(find(i), (size.get(find(i)) ?? 0) + 1);
  faults.forEach((f, k) => {
    for (const t of new Set(f.targets.map(at))) {
      if (t < 0) continue;
      const acts = mode === 'exact' ? (compOf[t]?.failure ?? null) !== null || inBlock[t] === 1 : inBlock[t] === 1 || (size.get(find(t)) as number) > 1;
      if (acts) union(N + k, t);
    }
  });
  const parts = new Map<number, ModulePart>();
  const part = (r: number) => parts.get(r) ?? (parts.set(r, { instances: [], faults: [] }), parts.get(r) as ModulePart);
  for (let i = 0; i < N; i++) part(find(i)).instances.push(i);
  faults.forEach((_, k) => part(find(N + k)).faults.push(k));
  return [...parts.values()];
}

/** A module's solved law, with what it took. */
export interface SolvedModule {
  part: ModulePart;
  law: ModuleLaw;
  /** The same module with the next lower phase-type order (null: no phases used). */
  lower: ModuleLaw | null;
  stateCount: number;
  /** How the module's laws were represented, e.g. 'exponential laws (insensitive)'. */
  laws: string;
  approximations: string[];
}

const atomOfInstance = (id: string) => `i:${id}`;
const atomOfBlock = (b: number) => `b:${b}`;
const atomOfFault = (k: number) => `f:${k}`;

/**
 * The structure as a tree over atoms: a leaf instance is up when its own atom and the atoms of the faults
 * targeting it from another module are up; a standby block is its block atom.
 */
export function atomTree(scenario: Scenario, parts: readonly ModulePart[]): AtomTree {
  const moduleOfInstance = new Map<string, number>();
  const moduleOfFault = new Map<number, number>();
  parts.forEach((p, m) => {
    for (const i of p.instances) moduleOfInstance.set(scenario.instances[i].id, m);
    for (const k of p.faults) moduleOfFault.set(k, m);
  });
  const faults = rateFaultsOf(scenario);
  const blocks = standbyBlocks(scenario.system);
  const leaf = (id: string): string[] => [
    atomOfInstance(id),
    ...faults.flatMap((f, k) => (f.targets.includes(id) && moduleOfFault.get(k) !== moduleOfInstance.get(id) ? [atomOfFault(k)] : [])),
  ];
  const walk = (node: StructureNode): AtomTree => {
    switch (node.type) {
      case 'component':
        return { type: 'atoms', atoms: leaf(node.instance) };
      case 'standby':
        return { type: 'atoms', atoms: [atomOfBlock(blocks.indexOf(node))] };
      case 'k_of_n':
        return { type: 'k_of_n', k: node.k, children: node.children.map(walk) };
      default:
        return { type: node.type, children: node.children.map(walk) };
    }
  };
  return walk(scenario.system);
}

/** Leaf of one instance (its availability including the faults holding it down). */
export function instanceLeaf(scenario: Scenario, parts: readonly ModulePart[], id: string): AtomTree {
  return atomTree({ ...scenario, system: { type: 'component', instance: id } }, parts);
}

/**
 * Solves one module.
 * @throws StateSpaceTooLargeError when even its chain with exponential laws is over `maxStates`.
 */
export function solveModule(scenario: Scenario, part: ModulePart, options: { maxStates: number; maxPhaseOrder?: number }): SolvedModule {
  const faults = rateFaultsOf(scenario);
  if (part.instances.length === 0) return faultModule(faults[part.faults[0]], part);
  const sub = moduleScenario(scenario, part);
  const subBlocks = standbyBlocks(sub.system);
  const globalBlocks = standbyBlocks(scenario.system);
  const atoms = [
    ...part.instances.map((i) => atomOfInstance(scenario.instances[i].id)),
    ...subBlocks.map((b) => atomOfBlock(globalBlocks.indexOf(b))),
    ...part.faults.map(atomOfFault),
  ];
  const lawOf = (chain: SystemCtmc): ModuleLaw => moduleLaw(chain, atoms, part.instances.length, subBlocks.length);
  const base = buildSystemCtmc(sub, { maxStates: options.maxStates, lump: false });
  const maxOrder = options.maxPhaseOrder ?? DEFAULT_MAX_ORDER;
  const sensitive = part.instances.length > 1 || part.faults.length > 0;
  const laws = [...sub.components.flatMap((c) => [c.failure, c.repair]), ...sub.faults.map((f) => f.duration)];
  if (!sensitive || maxOrder <= 1 || laws.every((l) => l === null || isExponential(l))) {
    const how = sensitive ? 'exponential laws' : 'one unit, no fault: insensitive to its laws beyond their means';
    return { part, law: lawOf(base), lower: null, stateCount: base.chain.n, laws: how, approximations: sensitive ? base.approximations : [] };
  }
  const ladder: Array<[PhaseTypeChoice, string]> = [
    [{ order: 'minimal', maxOrder }, `minimal-order three-moment fits (order at most ${maxOrder})`],
    [{ order: 2 }, 'order-2 fits'],
  ];
  for (let r = 0; r < ladder.length; r++) {
    const [choice, label] = ladder[r];
    if (estimatePhasedStates(sub, base, { phases: choice, lump: false }) > options.maxStates) continue;
    let chain: SystemCtmc;
    try {
      chain = buildSystemCtmc(sub, { maxStates: options.maxStates, lump: false, phases: choice });
    } catch (err) {
      if (err instanceof StateSpaceTooLargeError) continue;
      throw err;
    }
    const higher = chain.phaseFits.some((f) => f.fit.order > 2);
    const lowerChain = r === 0 && higher ? tryBuild(sub, options.maxStates, { order: 2 }) : null;
    return { part, law: lawOf(chain), lower: lawOf(lowerChain ?? base), stateCount: chain.chain.n, laws: label, approximations: chain.approximations };
  }
  return { part, law: lawOf(base), lower: null, stateCount: base.chain.n, laws: 'exponential laws (phase-type chains over the cap)', approximations: base.approximations };
}

function tryBuild(sub: Scenario, maxStates: number, phases: PhaseTypeChoice): SystemCtmc | null {
  try {
    return buildSystemCtmc(sub, { maxStates, lump: false, phases });
  } catch (err) {
    if (err instanceof StateSpaceTooLargeError) return null;
    throw err;
  }
}

/** The scenario restricted to a module: its instances, their components, its rate faults. */
export function moduleScenario(scenario: Scenario, part: ModulePart): Scenario {
  const ids = new Set(part.instances.map((i) => scenario.instances[i].id));
  const instances = part.instances.map((i) => scenario.instances[i]);
  const used = new Set(instances.map((i) => i.component));
  const faults = rateFaultsOf(scenario);
  const blocks = standbyBlocks(scenario.system).filter((b) => b.units.some((u) => ids.has(u)));
  const children: StructureNode[] = [...blocks, ...instances.map((i): StructureNode => ({ type: 'component', instance: i.id }))];
  return {
    ...scenario,
    instances,
    components: scenario.components.filter((c) => used.has(c.name)),
    faults: part.faults.map((k) => ({ ...faults[k], targets: faults[k].targets.filter((t) => ids.has(t)) })),
    system: { type: 'series', children },
  };
}

/** Steady state of a module's chain, projected on its atoms. */
function moduleLaw(chain: SystemCtmc, atoms: string[], nInst: number, nBlocks: number): ModuleLaw {
  const { pi } = steadyState(chain.chain);
  const n = chain.chain.n;
  const index = new Map<string, number>();
  const patterns: Uint8Array[] = [];
  const p: number[] = [];
  const of = new Int32Array(n);
  const x = new Uint8Array(atoms.length);
  for (let s = 0; s < n; s++) {
    atomValues(chain, s, nInst, nBlocks, x);
    const key = x.join('');
    let k = index.get(key);
    if (k === undefined) {
      k = patterns.length;
      index.set(key, k);
      patterns.push(x.slice());
      p.push(0);
    }
    of[s] = k;
    p[k] += pi[s];
  }
  const flows = new Map<number, { from: number; to: number; rate: number }>();
  const { outStart, outTo, outRate } = chain.chain;
  for (let s = 0; s < n; s++) {
    for (let e = outStart[s]; e < outStart[s + 1]; e++) {
      const a = of[s];
      const b = of[outTo[e]];
      if (a === b || pi[s] === 0) continue;
      const key = a * patterns.length + b;
      const f = flows.get(key);
      if (f) f.rate += pi[s] * outRate[e];
      else flows.set(key, { from: a, to: b, rate: pi[s] * outRate[e] });
    }
  }
  return { atoms, patterns, p, flows: [...flows.values()] };
}

/**
 * The values of a module's atoms in state s of its chain (instances, then standby blocks, then faults, in
 * the order of the module's scenario; `out.length` atoms).
 */
export function atomValues(chain: SystemCtmc, s: number, nInst: number, nBlocks: number, out: Uint8Array): Uint8Array {
  for (let a = 0; a < out.length; a++) {
    out[a] = a < nInst ? chain.instanceUp[a][s] : a < nInst + nBlocks ? chain.blockUp[a - nInst][s] : 1 - chain.faultOn[a - nInst - nBlocks][s];
  }
  return out;
}

/** A rate fault alone: M/G/infinity busy periods (module documentation). */
function faultModule(f: FaultSpec, part: ModulePart): SolvedModule {
  const r = f.schedule.type === 'rate' ? f.schedule.rate : 0;
  const d = lawMean(f.duration);
  const off = Math.exp(-r * d);
  const start = r * off;
  const law: ModuleLaw = {
    atoms: [atomOfFault(part.faults[0])],
    patterns: [Uint8Array.of(1), Uint8Array.of(0)],
    p: [off, -Math.expm1(-r * d)],
    flows: [
      { from: 0, to: 1, rate: start },
      { from: 1, to: 0, rate: start },
    ],
  };
  return { part, law, lower: null, stateCount: 2, laws: 'M/G/infinity busy periods (exact for any duration law)', approximations: [] };
}

/** System measures over solved modules. */
export interface ModuleMeasures {
  availability: number;
  unavailability: number;
  /** Failure frequency, 1/s. */
  frequency: number;
}

/** Availability, unavailability and failure frequency of the structure over the modules' laws. */
export function moduleMeasures(tree: AtomTree, laws: readonly ModuleLaw[]): ModuleMeasures {
  const { up, down } = moduleAvailability(tree, laws);
  return { availability: up, unavailability: down, frequency: moduleFailureFrequency(tree, laws) };
}

/**
 * First-order effect of letting decoupled fault targets age while held down (module documentation):
 * relative changes of the unavailability and of the failure frequency if those failures did not happen.
 */
export function decouplingEffect(scenario: Scenario, parts: readonly ModulePart[], tree: AtomTree, laws: readonly ModuleLaw[], m: ModuleMeasures): { unavailability: number; frequency: number; targets: string[] } {
  // P(fault inactive), from whichever module decides the fault (alone, or with the units it acts on).
  const faultOff = new Map<string, number>();
  for (const l of laws) {
    l.atoms.forEach((a, k) => {
      if (a.startsWith('f:')) faultOff.set(a, l.patterns.reduce((s, x, j) => (x[k] ? s + l.p[j] : s), 0));
    });
  }
  let dU = 0;
  let dNu = 0;
  const targets: string[] = [];
  scenario.instances.forEach(({ id }) => {
    const leaf = instanceLeaf(scenario, parts, id);
    const outside = leaf.type === 'atoms' ? leaf.atoms.filter((a) => a.startsWith('f:')) : [];
    if (outside.length === 0) return;
    const own = laws.find((l) => l.atoms.length === 1 && l.atoms[0] === atomOfInstance(id));
    if (!own) return;
    const h = 1 - outside.reduce((q, a) => q * (faultOff.get(a) ?? 1), 1);
    const ib = moduleBirnbaum(tree, laws, atomOfInstance(id));
    const down = own.patterns.reduce((s, x, k) => (x[0] ? s : s + own.p[k]), 0);
    const nu = own.flows.reduce((s, f) => (own.patterns[f.from][0] === 1 && own.patterns[f.to][0] === 0 ? s + f.rate : s), 0);
    dU += ib * h * down;
    dNu += ib * h * nu;
    targets.push(id);
  });
  return { unavailability: m.unavailability > 0 ? -dU / m.unavailability : 0, frequency: m.frequency > 0 ? -dNu / m.frequency : 0, targets };
}
