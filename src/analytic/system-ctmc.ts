/**
 * The system CTMC of a scenario: instances with exponential failure and repair laws, shared repair crews
 * (fifo, priority, random, random-component, optional call-out delay: ctmc-crew.ts), standby blocks
 * (dormant ageing, switchover, imperfect switching, non-revertive: ctmc-standby.ts), frozen failure clocks
 * while the system is down, and injected faults with a rate as on/off processes. Interchangeable instances
 * are counted, not enumerated (symmetry lumping: ctmc-lumping.ts).
 *
 * State (one integer vector):
 * - per instance: 0 = up; -1 = down and in repair by its own repairer (or never repaired); for a member of
 *   a limited crew: 1 = in repair, 2 + p = waiting at queue position p (see ctmc-crew.ts). Crews with at
 *   least as many repairers as repairable members and no call-out delay are independent repair.
 * - per standby block: the active unit and a mode (see ctmc-standby.ts).
 * - per rate fault: 0 = inactive, 1 = active.
 * Common-cause failure groups (beta factor, multiple Greek letters: ctmc-ccf.ts) thin their members' own
 * failure clocks and add shocks that fail several up members at once (labelled `failure`).
 * The active unit ages at its full rate, the others at dormancy x rate; with `ageingWhileSystemDown =
 * false` no failure clock runs while the system is down. An instance held down by a fault neither ages nor
 * counts as up; its repair (if failed) continues. The structure function may read the same instance in
 * several places (shared leaves): it is evaluated on the instances' states, so nothing is counted twice.
 * Reachable states are generated breadth-first from "all up" (state 0), up to a cap.
 *
 * Approximations (reported, never silent): non-exponential failure/repair laws are replaced by exponential
 * laws with the same mean; a switchover time and a call-out delay by exponentials with the same mean; a
 * rate fault by an alternating on/off process whose held-down periods are the busy periods of the
 * overlapping occurrences (M/G/infinity), exponential with their exact mean (e^{r d} - 1)/r. Faults at a
 * fixed time are not part of a steady-state model and are ignored here.
 *
 * Sources: Trivedi, "Probability and Statistics with Reliability, Queuing and Computer Science
 * Applications", 2nd ed. (2016) (CTMC availability models, shared repair, standby with imperfect
 * switching); Rausand & Høyland, "System Reliability Theory", 2nd ed. (2004) (Markov models); Barlow &
 * Proschan (1975) (limited repair facilities); Buchholz (1994) (lumpability).
 */
import type { Scenario } from '../scenario/types.js';
import type { StructureNode } from '../core/types.js';
import { type CompiledCtmc, type CtmcTransition } from './ctmc.js';
import { StateStore, TransitionList } from './ctmc-store.js';

export { StateSpaceTooLargeError } from './ctmc-store.js';
import { describeLaw, formatDuration, isExponential, lawMean } from '../scenario/laws.js';
import { standbyBlocks } from './structure.js';
import { canonicalize, NO_LUMPING, symmetryLumping, type Lumping, type LumpingInput } from './ctmc-lumping.js';
import { crewCallOuts, crewFailure, crewRepairDone, type CtmcCrew } from './ctmc-crew.js';
import { standbyLogic, type Branch, type CtmcBlock, type StandbyLogic } from './ctmc-standby.js';
import { busyPeriodClock, describeFit, lawApproximation, lawClock, lumpingWithPhases, phaseRates, type LawPhaseFit, type PhaseTypeChoice } from './ctmc-phases.js';
import type { Coxian } from './phase-type.js';
import { ccfShocks, compileCcf, type CtmcCcf } from './ctmc-ccf.js';

const DEFAULT_MAX_STATES = 200_000;

/** Options of {@link buildSystemCtmc}. */
export interface SystemCtmcOptions {
  /** State cap (default 200 000). */
  maxStates?: number;
  /** Do not expand system-down states (absorbing): the smaller chain needed for MTTFF and reliability. */
  absorbDown?: boolean;
  /** Model faults with a rate as on/off virtual processes (default true). */
  includeRateFaults?: boolean;
  /** Count interchangeable instances instead of enumerating them (default true; false for cross-checks). */
  lump?: boolean;
  /**
   * Non-exponential laws as phase-type clocks (ctmc-phases.ts); absent: exponential laws with the same
   * means (flagged).
   */
  phases?: PhaseTypeChoice;
}

/** A built system CTMC. */
export interface SystemCtmc {
  chain: CompiledCtmc;
  /** 1 where the system is up. */
  up: Uint8Array;
  /** instanceUp[i][s] = 1 where instance i is up (not failed, not held down by a fault) in state s. */
  instanceUp: Uint8Array[];
  instanceIds: string[];
  /**
   * Orbits of interchangeable instances (instance indices) under the symmetry lumping: `instanceUp`
   * describes an orbit's representative, so per-instance measures must be averaged over each orbit (they
   * are equal by symmetry).
   */
  classes: number[][];
  /** The initial state (every unit up, primaries active, no fault): always 0. */
  initial: 0;
  /** True when some instance can fail but is never repaired: no steady-state availability. */
  absorbing: boolean;
  /** Each approximation made, as a sentence (empty: the chain is exact for the scenario's laws). */
  approximations: string[];
  /** The phase-type fits of the non-exponential laws (empty without `phases`). */
  phaseFits: LawPhaseFit[];
  /** Human description of a state, for debugging. */
  describeState(state: number): string;
  /**
   * Every generated transition (the same list `chain` was compiled from, in generation order) with the
   * event that causes it: `failure` (a unit fails; includes the switch branches it triggers), `repair`,
   * `call-out` (a repairer's call-out delay ends and a repair starts), `switchover` (a switchover
   * completes), `fault-start`, `fault-end`, `phase` (a phase-type clock moves to its next phase; with
   * `fault` set for a fault's busy-period clock). Used by the rare-event estimators
   * (src/rare/), which bias failures against repairs.
   */
  transitions: LabelledTransition[];
  /** The same transitions in typed arrays (cause: index into {@link TRANSITION_CAUSES}; fault: -1 when none). */
  transitionList: TransitionList;
  /** The state vector of a state (see the module documentation for its layout). */
  stateVector(state: number): number[];
  /**
   * blockUp[b][s] = 1 where standby block b (in the order of `standbyBlocks(scenario.system)`) is up in
   * state s; faultOn[f][s] = 1 where the f-th rate fault is active (built on first use; ctmc-modules.ts).
   */
  readonly blockUp: Uint8Array[];
  readonly faultOn: Uint8Array[];
}

/** Event causing a system-CTMC transition (see {@link SystemCtmc.transitions}). */
export type TransitionCause = 'failure' | 'repair' | 'call-out' | 'switchover' | 'fault-start' | 'fault-end' | 'phase';

/** A CTMC transition labelled with its cause. */
export interface LabelledTransition extends CtmcTransition {
  cause: TransitionCause;
  /** For fault-start / fault-end: the index of the fault among the scenario's rate faults. */
  fault?: number;
}

interface Fault {
  targets: number[];
  on: number;
  /** Busy-period clock (one phase of rate (r / (e^{r d} - 1)) without phase types). */
  clock: Coxian;
}

/** The scenario reduced to what the generator needs. */
interface Model {
  ids: string[];
  lambda: Float64Array;
  /** Repair rate; 0 = never repaired. */
  mu: Float64Array;
  /** Phase-type clocks of each instance's failure and repair laws (one phase when exponential). */
  failClock: Coxian[];
  repairClock: Coxian[];
  /** Largest phase index of an instance's clock (0: no per-instance phase variables). */
  maxPhase: number;
  phaseFits: LawPhaseFit[];
  crewOf: Int32Array;
  crews: CtmcCrew[];
  blocks: CtmcBlock[];
  blockOf: Int32Array;
  unitOf: Int32Array;
  faults: Fault[];
  faultsOf: number[][];
  ccf: CtmcCcf;
  lumping: Lumping;
  /** Structure function over the effective up flags and the state (standby blocks). */
  systemUp: (s: readonly number[], eff: Uint8Array) => boolean;
  logic: StandbyLogic;
  approximations: string[];
}

/**
 * Builds the reachable system CTMC of a scenario.
 * @throws StateSpaceTooLargeError beyond `maxStates`; Error when the structure refers to an unknown
 *   instance or crew, or an instance is a unit of two standby blocks; RangeError on a law with a zero or
 *   infinite mean where a rate is needed.
 */
export function buildSystemCtmc(scenario: Scenario, options: SystemCtmcOptions = {}): SystemCtmc {
  const m = compileSystem(scenario, options);
  return generate(scenario, m, options);
}

function compileSystem(scenario: Scenario, options: SystemCtmcOptions): Model {
  const approximations: string[] = [];
  const ids = scenario.instances.map((i) => i.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const lookup = (id: string) => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`structure refers to unknown instance ${id}`);
    return i;
  };
  const N = ids.length;
  const lambda = new Float64Array(N);
  const mu = new Float64Array(N);
  const comps = new Map(scenario.components.map((c) => [c.name, c]));
  const phaseFits: LawPhaseFit[] = [];
  const clocks = new Map<string, [Coxian, Coxian]>();
  const none: Coxian = { rates: [0], exit: [1] };
  for (const c of scenario.components) {
    const laws = [['failure', c.failure], ['repair', c.repair]] as const;
    const [fail, repair] = laws.map(([what, law]) => (law ? lawClock(law, options.phases, `${what} law on component ${c.name}`, phaseFits) : none));
    clocks.set(c.name, [fail, repair]);
    for (const [what, law] of laws) if (law && !isExponential(law)) approximations.push(lawApproximation(`${what} law on component ${c.name}`, law, phaseFits));
    if (c.crew && !scenario.crews.some((k) => k.name === c.crew)) throw new Error(`component ${c.name} refers to unknown crew ${c.crew}`);
  }
  const failClock: Coxian[] = [];
  const repairClock: Coxian[] = [];
  scenario.instances.forEach((inst, i) => {
    const c = comps.get(inst.component);
    if (!c) throw new Error(`instance ${inst.id} refers to unknown component ${inst.component}`);
    lambda[i] = c.failure ? rateOf(c.failure, `failure of ${c.name}`) : 0;
    mu[i] = c.repair ? rateOf(c.repair, `repair of ${c.name}`) : 0;
    [failClock[i], repairClock[i]] = clocks.get(c.name) as [Coxian, Coxian];
  });
  const { crews, crewOf } = compileCrews(scenario, lambda, mu, approximations);
  const { blocks, blockOf, unitOf } = compileBlocks(scenario, N, lookup, approximations);
  const faults: Fault[] = [];
  const faultsOf: number[][] = ids.map(() => []);
  if (options.includeRateFaults ?? true) {
    for (const f of scenario.faults) {
      if (f.schedule.type !== 'rate') continue;
      const d = lawMean(f.duration);
      if (!(d > 0)) throw new RangeError(`fault ${f.source.path} has a zero mean duration`);
      const fi = faults.length;
      // Busy periods of the occurrences (M/G/infinity): exact mean (e^{r d} - 1)/r, see faultOnOff.
      const what = `duration of ${f.kind} fault ${f.source.path}`;
      faults.push({ targets: f.targets.map(lookup), on: f.schedule.rate, clock: busyPeriodClock(f.schedule.rate, f.duration, options.phases, what, phaseFits) });
      for (const t of new Set(f.targets.map(lookup))) faultsOf[t].push(fi);
      const fit = phaseFits.find((x) => x.what === what);
      const busy = fit
        ? `busy periods of exact mean (e^(r d) - 1)/r shaped as the duration law (${describeLaw(f.duration)}, ${describeFit(fit.fit)}; exact when occurrences do not overlap)`
        : 'exponential busy periods of exact mean (e^(r d) - 1)/r';
      approximations.push(`${f.kind} fault ${f.source.path} (rate ${formatRate(f.schedule.rate)}, mean duration ${formatDuration(d)}) modelled as an on/off process: exponential gaps, ${busy}`);
    }
  }
  const maxPhase = Math.max(0, ...[...failClock, ...repairClock].map((c) => c.rates.length - 1));
  const ccf = compileCcf(scenario, lookup, options.maxStates ?? DEFAULT_MAX_STATES);
  const symmetry = options.lump === false ? NO_LUMPING : symmetryLumping(scenario, lumpingInput(scenario, faults, crews, crewOf, blockOf, ccf.groupOf));
  // Each instance's phase variable moves with it (after the faults' variables).
  const lumping = maxPhase > 0 ? lumpingWithPhases(symmetry, N, N + 2 * blocks.length + faults.length) : symmetry;
  const logic = standbyLogic(blocks, blockOf, unitOf, N);
  const blockIndex = new Map<StructureNode, number>(standbyBlocks(scenario.system).map((b, i) => [b, i]));
  const compile = (node: StructureNode): ((s: readonly number[], eff: Uint8Array) => boolean) => {
    switch (node.type) {
      case 'component': {
        const i = lookup(node.instance);
        return (_s, eff) => eff[i] === 1;
      }
      case 'series':
      case 'parallel':
      case 'k_of_n': {
        const kids = node.children.map(compile);
        const k = node.type === 'series' ? kids.length : node.type === 'parallel' ? 1 : node.k;
        return (s, eff) => {
          if (k <= 0) return true;
          let up = 0;
          for (const c of kids) if (c(s, eff) && ++up >= k) return true;
          return false;
        };
      }
      case 'standby': {
        const b = blockIndex.get(node) as number;
        return (s, eff) => logic.blockUp(s, eff, b);
      }
    }
  };
  const systemUp = compile(scenario.system);
  return { ids, lambda, mu, failClock, repairClock, maxPhase, phaseFits, crewOf, crews, blocks, blockOf, unitOf, faults, faultsOf, ccf, lumping, systemUp, logic, approximations };
}

/** What the symmetry lumping needs: each instance's behaviour as a key, standby membership, the faults. */
function lumpingInput(scenario: Scenario, faults: Fault[], crews: CtmcCrew[], crewOf: Int32Array, blockOf: Int32Array, ccfGroupOf: Int32Array): LumpingInput {
  const comps = new Map(scenario.components.map((c) => [c.name, c]));
  const typeOf = scenario.instances.map((inst, i) => {
    const c = comps.get(inst.component);
    const crew = crewOf[i] >= 0 ? crews[crewOf[i]] : null;
    // Laws (as the scenario states them), crew and priority rank, common-cause group; the component itself
    // only where a crew's choice depends on it.
    const key = [c?.failure ?? null, c?.repair ?? null, crewOf[i], crew?.rank.get(i) ?? null, crew?.discipline === 'random-component' ? inst.component : null];
    return JSON.stringify(ccfGroupOf[i] >= 0 ? [...key, ccfGroupOf[i]] : key);
  });
  return {
    typeOf,
    inStandby: Array.from(blockOf, (b) => b >= 0),
    faults: faults.map((f) => ({ targets: f.targets, law: `${f.on}/${f.clock.rates.join(',')}/${f.clock.exit.join(',')}` })),
    faultOffset: scenario.instances.length + 2 * standbyBlocks(scenario.system).length,
  };
}

/** Limited crews (fewer repairers than repairable members, or a call-out delay); others repair independently. */
function compileCrews(scenario: Scenario, lambda: Float64Array, mu: Float64Array, approximations: string[]): { crews: CtmcCrew[]; crewOf: Int32Array } {
  const crewOf = new Int32Array(lambda.length).fill(-1);
  const crews: CtmcCrew[] = [];
  const compIndex = new Map(scenario.components.map((c, i) => [c.name, i]));
  const compOf = scenario.instances.map((inst) => scenario.components[compIndex.get(inst.component) as number]);
  for (const crew of scenario.crews) {
    const members = scenario.instances.map((_, i) => i).filter((i) => compOf[i].crew === crew.name && lambda[i] > 0 && mu[i] > 0);
    const callOutRate = crew.callOut ? 1 / lawMean(crew.callOut) : Infinity;
    if (!(callOutRate > 0)) throw new RangeError(`crew ${crew.name}: call-out delay with no finite positive mean`);
    if (members.length <= crew.count && callOutRate === Infinity) continue;
    if (crew.callOut && !isExponential(crew.callOut)) {
      approximations.push(`call-out delay of crew ${crew.name}: ${describeLaw(crew.callOut)} (modelled as exponential with mean ${formatDuration(lawMean(crew.callOut))})`);
    }
    const prio = crew.priority ?? [];
    const rank = new Map(members.map((i) => [i, prio.includes(compOf[i].name) ? prio.indexOf(compOf[i].name) : prio.length]));
    const component = new Map(members.map((i) => [i, compIndex.get(compOf[i].name) as number]));
    for (const i of members) crewOf[i] = crews.length;
    crews.push({ count: crew.count, members, discipline: crew.discipline ?? 'fifo', rank, component, callOutRate });
  }
  return { crews, crewOf };
}

function compileBlocks(scenario: Scenario, N: number, lookup: (id: string) => number, approximations: string[]) {
  const blockOf = new Int32Array(N).fill(-1);
  const unitOf = new Int32Array(N).fill(-1);
  const blocks: CtmcBlock[] = standbyBlocks(scenario.system).map((b, bi) => {
    const units = b.units.map(lookup);
    units.forEach((u, k) => {
      if (blockOf[u] !== -1) throw new Error(`instance ${scenario.instances[u].id} is a unit of two standby blocks`);
      blockOf[u] = bi;
      unitOf[u] = k;
    });
    if (b.switchover > 0) {
      approximations.push(`switchover ${formatDuration(b.switchover)} of standby block [${b.units.join(', ')}] modelled as exponential with that mean`);
    }
    const dormancy = b.mode === 'cold' ? 0 : b.mode === 'hot' ? 1 : b.dormancy;
    return { units, dormancy, switchRate: b.switchover > 0 ? 1 / b.switchover : Infinity, p: b.switchSuccess };
  });
  return { blocks, blockOf, unitOf };
}

/** Smallest value and number of values of each state variable (instances, standby blocks, faults, phases). */
function variableRanges(m: Model): { low: number[]; radix: number[] } {
  const low: number[] = [];
  const radix: number[] = [];
  m.ids.forEach((_, i) => {
    low.push(-1);
    // -1 down, 0 up, 1 in repair, 2 + p waiting at queue position p < members.
    radix.push(3 + (m.crewOf[i] >= 0 ? m.crews[m.crewOf[i]].members.length : 0));
  });
  for (const b of m.blocks) {
    low.push(0, -1);
    radix.push(b.units.length, b.units.length + 2);
  }
  for (const f of m.faults) {
    // 0 inactive, 1 + k active in phase k of the busy-period clock.
    low.push(0);
    radix.push(1 + f.clock.rates.length);
  }
  if (m.maxPhase > 0) {
    // Per-instance phase of the running clock (ctmc-phases.ts).
    m.ids.forEach((_, i) => {
      low.push(0);
      radix.push(Math.max(m.failClock[i].rates.length, m.repairClock[i].rates.length));
    });
  }
  return { low, radix };
}

/** The transition causes, in the order of their indices in {@link SystemCtmc.transitionList}. */
export const TRANSITION_CAUSES: readonly TransitionCause[] = ['failure', 'repair', 'call-out', 'switchover', 'fault-start', 'fault-end', 'phase'];
const CAUSES = TRANSITION_CAUSES;
const CAUSE_INDEX = new Map(CAUSES.map((c, i) => [c, i]));

/** Breadth-first generation of the reachable (lumped) chain from "all up". */
function generate(scenario: Scenario, m: Model, options: SystemCtmcOptions): SystemCtmc {
  const { ids, lambda, mu, crewOf, crews, blocks, blockOf, faults, faultsOf, logic, failClock, repairClock } = m;
  const N = ids.length;
  const B = blocks.length;
  const OFF_B = N;
  const OFF_F = N + 2 * B;
  // Per-instance phase variables after the faults' (ctmc-phases.ts), only when some clock has phases.
  const OFF_P = OFF_F + faults.length;
  const phased = m.maxPhase > 0;
  const phaseOf = (s: readonly number[], i: number) => (phased ? s[OFF_P + i] : 0);
  const resetPhase = (s: number[], i: number) => {
    if (phased) s[OFF_P + i] = 0;
    return s;
  };
  const ageing = scenario.ageingWhileSystemDown;
  const absorbDown = options.absorbDown ?? false;
  const effOf = (s: readonly number[], eff: Uint8Array): Uint8Array => {
    for (let i = 0; i < N; i++) {
      let up = s[i] === 0;
      if (up) for (const f of faultsOf[i]) if (s[OFF_F + f] !== 0) up = false;
      eff[i] = up ? 1 : 0;
    }
    return eff;
  };
  const { low, radix } = variableRanges(m);
  const store = new StateStore(low, radix, options.maxStates ?? DEFAULT_MAX_STATES);
  store.intern(new Array<number>(low.length).fill(0));
  const transitions = new TransitionList();
  const upFlags: number[] = [];
  let instFlags = new Uint8Array(1024 * Math.max(1, N));
  const s = new Array<number>(store.width);
  for (let si = 0; si < store.size; si++) {
    store.read(si, s);
    if ((si + 1) * N > instFlags.length) {
      const grown = new Uint8Array(instFlags.length * 2);
      grown.set(instFlags);
      instFlags = grown;
    }
    const eff = effOf(s, instFlags.subarray(si * N, (si + 1) * N));
    const sysUp = m.systemUp(s, eff);
    upFlags.push(sysUp ? 1 : 0);
    if (absorbDown && !sysUp) continue;
    const emit = (rate: number, branches: Branch[], cause: TransitionCause, fault = -1) => {
      for (const br of branches) {
        if (!(rate * br.p > 0)) continue;
        canonicalize(br.state, m.lumping.classes);
        transitions.push(si, store.intern(br.state), rate * br.p, CAUSE_INDEX.get(cause) as number, fault);
      }
    };
    if (ageing || sysUp) {
      for (let i = 0; i < N; i++) {
        if (lambda[i] === 0 || !eff[i]) continue;
        const b = blockOf[i];
        const factor = (b >= 0 && blocks[b].units[s[OFF_B + 2 * b]] !== i ? blocks[b].dormancy : 1) * m.ccf.thin[i];
        if (factor === 0) continue;
        const k = phaseOf(s, i);
        const [done, advance] = phaseRates(failClock[i], k, factor);
        const next = resetPhase(s.slice(), i);
        if (crewOf[i] >= 0) crewFailure(next, crews[crewOf[i]], i);
        else next[i] = -1;
        emit(done, logic.propagate(next, eff, [[i, false]]), 'failure');
        if (advance > 0) emit(advance, [{ state: withValue(s, OFF_P + i, k + 1), p: 1 }], 'phase');
      }
    }
    for (const shock of ccfShocks(m.ccf, eff)) {
      const next = s.slice();
      for (const i of shock.failing) {
        resetPhase(next, i);
        if (crewOf[i] >= 0) crewFailure(next, crews[crewOf[i]], i);
        else next[i] = -1;
      }
      emit(shock.rate, logic.propagate(next, eff, shock.failing.map((i) => [i, false])), 'failure');
    }
    for (let i = 0; i < N; i++) {
      if (s[i] === 0 || mu[i] === 0) continue;
      const c = crewOf[i];
      if (c >= 0 && s[i] !== 1) continue;
      const comesUp = faultsOf[i].every((f) => s[OFF_F + f] === 0);
      const k = phaseOf(s, i);
      const [done, advance] = phaseRates(repairClock[i], k);
      const nexts: Branch[] = c >= 0 ? crewRepairDone(s, crews[c], i) : [{ state: withValue(s, i, 0), p: 1 }];
      for (const nx of nexts) {
        resetPhase(nx.state, i);
        emit(done * nx.p, comesUp ? logic.propagate(nx.state, eff, [[i, true]]) : [{ state: nx.state, p: 1 }], 'repair');
      }
      if (advance > 0) emit(advance, [{ state: withValue(s, OFF_P + i, k + 1), p: 1 }], 'phase');
    }
    for (const crew of crews) for (const [next, rate] of crewCallOuts(s, crew)) emit(rate, [{ state: next, p: 1 }], 'call-out');
    for (let b = 0; b < B; b++) {
      const mode = s[OFF_B + 2 * b + 1];
      if (mode >= 1) emit(blocks[b].switchRate, logic.completeSwitch(s.slice(), eff, b, mode - 1), 'switchover');
    }
    for (let f = 0; f < faults.length; f++) {
      const next = s.slice();
      const starting = s[OFF_F + f] === 0;
      // Active in phase k of the busy-period clock: value 1 + k.
      const [ends, advance] = starting ? [faults[f].on, 0] : phaseRates(faults[f].clock, s[OFF_F + f] - 1);
      if (advance > 0) emit(advance, [{ state: withValue(s, OFF_F + f, s[OFF_F + f] + 1), p: 1 }], 'phase', f);
      next[OFF_F + f] = starting ? 1 : 0;
      const after = effOf(next, new Uint8Array(N));
      const changes: Array<[number, boolean]> = [];
      for (const t of faults[f].targets) {
        if (eff[t] !== after[t] && !changes.some(([x]) => x === t)) changes.push([t, after[t] === 1]);
      }
      emit(ends, logic.propagate(next, eff, changes), starting ? 'fault-start' : 'fault-end', f);
    }
  }
  return assemble(scenario, m, store, transitions, upFlags, instFlags);
}

function withValue(s: readonly number[], i: number, v: number): number[] {
  const t = s.slice();
  t[i] = v;
  return t;
}

/** The labelled transitions as objects (built on first use: most callers need only the compiled chain). */
function labelled(list: TransitionList): LabelledTransition[] {
  const out: LabelledTransition[] = new Array(list.length);
  for (let k = 0; k < list.length; k++) {
    const t: LabelledTransition = { from: list.from[k], to: list.to[k], rate: list.rate[k], cause: CAUSES[list.cause[k]] };
    if (list.fault[k] >= 0) t.fault = list.fault[k];
    out[k] = t;
  }
  return out;
}

function assemble(scenario: Scenario, m: Model, store: StateStore, list: TransitionList, upFlags: number[], instFlags: Uint8Array): SystemCtmc {
  const { ids, lambda, mu, blocks, faults } = m;
  const N = ids.length;
  const OFF_B = N;
  const OFF_F = N + 2 * blocks.length;
  const n = store.size;
  let transitions: LabelledTransition[] | null = null;
  let flags: { blockUp: Uint8Array[]; faultOn: Uint8Array[] } | null = null;
  const stateFlags = () => (flags ??= blockAndFaultFlags(m, store, instFlags));
  return {
    chain: list.compile(n),
    up: Uint8Array.from(upFlags),
    instanceUp: ids.map((_, i) => {
      const flags = new Uint8Array(n);
      for (let s = 0; s < n; s++) flags[s] = instFlags[s * N + i];
      return flags;
    }),
    instanceIds: ids,
    classes: m.lumping.orbits,
    initial: 0,
    absorbing: scenario.instances.some((_, i) => lambda[i] > 0 && mu[i] === 0),
    approximations: m.approximations,
    phaseFits: m.phaseFits,
    transitionList: list,
    get transitions(): LabelledTransition[] {
      transitions ??= labelled(list);
      return transitions;
    },
    stateVector: (state: number) => store.get(state),
    get blockUp(): Uint8Array[] {
      return stateFlags().blockUp;
    },
    get faultOn(): Uint8Array[] {
      return stateFlags().faultOn;
    },
    describeState(state: number): string {
      const s = store.get(state);
      const OFF_P = OFF_F + faults.length;
      const phase = (i: number) => (m.maxPhase > 0 && (s[i] <= 1) ? `@${s[OFF_P + i]}` : '');
      const parts = ids.map((id, i) => `${id}:${s[i] === 0 ? 'up' : s[i] < 0 ? 'down' : s[i] === 1 ? 'repair' : `queue${s[i] - 1}`}${phase(i)}`);
      blocks.forEach((blk, b) => {
        const a = s[OFF_B + 2 * b];
        const mode = s[OFF_B + 2 * b + 1];
        const txt = mode === 0 ? 'active' : mode < 0 ? 'failed-switch' : `switching->${ids[blk.units[mode - 1]]}`;
        parts.push(`standby[${ids[blk.units[a]]} ${txt}]`);
      });
      const on = (f: number) => (faults[f].clock.rates.length > 1 ? `on@${s[OFF_F + f] - 1}` : 'on');
      faults.forEach((_, f) => parts.push(`fault${f}:${s[OFF_F + f] ? on(f) : 'off'}`));
      return `${parts.join(' ')} (system ${upFlags[state] ? 'up' : 'down'})`;
    },
  };
}

/**
 * Number of states of the chain with the phase-type clocks `phases`, estimated from the chain without
 * phases (`base`, built from the same scenario with the same `lump`) without building it: every base state
 * expands into the combinations of the phases of the clocks it holds (an up unit's failure clock, a
 * unit in repair's repair clock, an active fault's busy-period clock); the phases of interchangeable
 * instances in the same local state count as a multiset, C(c + k - 1, k - 1) for c instances with
 * k-phase clocks (the symmetry lumping). Exact when every phase combination is reachable; it counts a
 * cold spare's failure clock as running, so it may overestimate (never underestimate) a chain with cold
 * spares. Cost: one pass over the base states.
 * @throws as {@link buildSystemCtmc} on an inconsistent scenario.
 */
export function estimatePhasedStates(scenario: Scenario, base: SystemCtmc, options: Pick<SystemCtmcOptions, 'phases' | 'lump' | 'includeRateFaults'>): number {
  const m = compileSystem(scenario, options);
  const N = m.ids.length;
  const OFF_F = N + 2 * m.blocks.length;
  const inOrbit = new Set(m.lumping.orbits.flat());
  const orbits = [...m.lumping.orbits, ...m.ids.map((_, i) => [i]).filter(([i]) => !inOrbit.has(i))];
  const order = (i: number, v: number) => (v === 0 ? m.failClock[i].rates.length : v === -1 || v === 1 ? m.repairClock[i].rates.length : 1);
  let total = 0;
  for (let st = 0; st < base.chain.n; st++) {
    const s = base.stateVector(st);
    let count = 1;
    for (const orbit of orbits) {
      const byValue = new Map<number, number>();
      for (const i of orbit) byValue.set(s[i], (byValue.get(s[i]) ?? 0) + 1);
      for (const [v, c] of byValue) count *= multisets(c, order(orbit[0], v));
    }
    m.faults.forEach((f, k) => {
      if (s[OFF_F + k] !== 0) count *= f.clock.rates.length;
    });
    total += count;
  }
  return total;
}

/** C(c + k - 1, k - 1): multisets of size c from k kinds. */
function multisets(c: number, k: number): number {
  let r = 1;
  for (let j = 1; j < k; j++) r = (r * (c + j)) / j;
  return Math.round(r);
}

/** Per-state up flags of the standby blocks and active flags of the rate faults (see SystemCtmc). */
function blockAndFaultFlags(m: Model, store: StateStore, instFlags: Uint8Array): { blockUp: Uint8Array[]; faultOn: Uint8Array[] } {
  const N = m.ids.length;
  const n = store.size;
  const OFF_F = N + 2 * m.blocks.length;
  const blockUp = m.blocks.map(() => new Uint8Array(n));
  const faultOn = m.faults.map(() => new Uint8Array(n));
  const s = new Array<number>(store.width);
  for (let st = 0; st < n; st++) {
    store.read(st, s);
    const eff = instFlags.subarray(st * N, (st + 1) * N);
    for (let b = 0; b < blockUp.length; b++) blockUp[b][st] = m.logic.blockUp(s, eff, b) ? 1 : 0;
    for (let f = 0; f < faultOn.length; f++) faultOn[f][st] = s[OFF_F + f] !== 0 ? 1 : 0;
  }
  return { blockUp, faultOn };
}

function rateOf(law: NonNullable<Scenario['components'][number]['failure']>, what: string): number {
  const m = lawMean(law);
  if (!(m > 0) || !Number.isFinite(m)) throw new RangeError(`${what}: mean ${m} s gives no finite positive rate`);
  return 1 / m;
}

function formatRate(r: number): string {
  return `1/${formatDuration(1 / r)}`;
}
