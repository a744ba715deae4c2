/**
 * The system CTMC of a scenario: instances with exponential failure and repair laws, shared FIFO repair
 * crews, standby blocks (dormant ageing, switchover, imperfect switching, non-revertive), frozen failure
 * clocks while the system is down, and injected faults with a rate as on/off virtual processes.
 *
 * State (one integer vector):
 * - per instance: 0 = up; -1 = down and in repair by its own repairer (or never repaired);
 *   k >= 1 = down at position k of its crew's FIFO queue (positions 1..count are in repair). Among the
 *   instances in repair the order is irrelevant, so they are stored sorted by instance (exact lumping);
 *   crews with at least as many repairers as repairable members are treated as independent repair.
 * - per standby block: the active unit `a` and a mode `m` (0 = normal; j+1 = switching to unit j;
 *   -1 = failed switch: down until a unit comes back up, which becomes active).
 * - per rate fault: 0 = inactive, 1 = active.
 * Standby logic mirrors the simulator (src/model/structure.ts): on the active unit going down, switch to
 * the next unit up in cyclic order after the active one; during a switchover other changes are ignored and
 * the target is re-checked at its end; a unit coming up while the block is down (failed switch, or no
 * unit was up) becomes active directly. The active unit ages at its full rate, the others at dormancy x
 * rate; with `ageingWhileSystemDown = false` no failure clock runs while the system is down. An instance
 * held down by a fault neither ages nor counts as up; its repair (if failed) continues.
 * Reachable states are generated breadth-first from "all up" (state 0), up to a cap.
 *
 * Approximations (reported, never silent): non-exponential failure/repair laws are replaced by exponential
 * laws with the same mean; a switchover time by an exponential with the same mean; a rate fault by an
 * alternating on/off process whose held-down periods are the busy periods of the overlapping occurrences
 * (M/G/infinity), exponential with their exact mean (e^{r d} - 1)/r. Faults at a fixed time are not part of a steady-state model and are ignored here.
 *
 * Sources: Trivedi, "Probability and Statistics with Reliability, Queuing and Computer Science
 * Applications", 2nd ed. (2016) (CTMC availability models, shared repair, standby with imperfect
 * switching); Rausand & Høyland, "System Reliability Theory", 2nd ed. (2004) (Markov models); Barlow &
 * Proschan (1975) (limited repair facilities).
 */
import type { Scenario, StructureNode } from '../scenario/types.js';
import { compileCtmc, type CompiledCtmc, type CtmcTransition } from './ctmc.js';
import { describeLaw, formatDuration, isExponential, lawMean } from '../scenario/laws.js';
import { standbyBlocks } from './structure.js';

/** Options of {@link buildSystemCtmc}. */
export interface SystemCtmcOptions {
  /** State cap (default 200 000). */
  maxStates?: number;
  /** Do not expand system-down states (absorbing): the smaller chain needed for MTTFF and reliability. */
  absorbDown?: boolean;
  /** Model faults with a rate as on/off virtual processes (default true). */
  includeRateFaults?: boolean;
}

/** A built system CTMC. */
export interface SystemCtmc {
  chain: CompiledCtmc;
  /** 1 where the system is up. */
  up: Uint8Array;
  /** instanceUp[i][s] = 1 where instance i is up (not failed, not held down by a fault) in state s. */
  instanceUp: Uint8Array[];
  instanceIds: string[];
  /** The initial state (every unit up, primaries active, no fault): always 0. */
  initial: 0;
  /** True when some instance can fail but is never repaired: no steady-state availability. */
  absorbing: boolean;
  /** Each approximation made, as a sentence (empty: the chain is exact for the scenario's laws). */
  approximations: string[];
  /** Human description of a state, for debugging. */
  describeState(state: number): string;
  /**
   * Every generated transition (the same list `chain` was compiled from, in generation order) with the
   * event that causes it: `failure` (a unit fails; includes the switch branches it triggers), `repair`,
   * `switchover` (a switchover completes), `fault-start`, `fault-end`. Used by the rare-event estimators
   * (src/rare/), which bias failures against repairs.
   */
  transitions: LabelledTransition[];
}

/** Event causing a system-CTMC transition (see {@link SystemCtmc.transitions}). */
export type TransitionCause = 'failure' | 'repair' | 'switchover' | 'fault-start' | 'fault-end';

/** A CTMC transition labelled with its cause. */
export interface LabelledTransition extends CtmcTransition {
  cause: TransitionCause;
}

/** Thrown when the reachable state space exceeds the cap. */
export class StateSpaceTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`state space too large: more than ${limit} reachable states`);
    this.name = 'StateSpaceTooLargeError';
  }
}

interface Block {
  units: number[];
  dormancy: number;
  switchRate: number; // 1/switchover, Infinity when instantaneous
  p: number;
}
interface Fault {
  targets: number[];
  on: number;
  off: number;
}
type Branch = { state: number[]; p: number };

/**
 * Builds the reachable system CTMC of a scenario.
 * @throws StateSpaceTooLargeError beyond `maxStates`; Error when the structure refers to an unknown
 *   instance or crew, or an instance is a unit of two standby blocks; RangeError on a law with a zero or
 *   infinite mean where a rate is needed.
 */
export function buildSystemCtmc(scenario: Scenario, options: SystemCtmcOptions = {}): SystemCtmc {
  const maxStates = options.maxStates ?? 200_000;
  const approximations: string[] = [];
  const units = ctmcUnits(scenario, approximations);
  const { ids, lookup, N } = units;
  const standby = ctmcStandbyBlocks(scenario, ids, lookup, N, approximations);
  const { blocks } = standby;
  const rateFaults = ctmcRateFaults(scenario, options, ids, lookup, approximations);
  const { faults } = rateFaults;
  const B = blocks.length;
  const F = faults.length;
  const OFF_B = N;
  const OFF_F = N + 2 * B;

  const model = { scenario, ...units, ...standby, ...rateFaults, B, F, OFF_B, OFF_F };
  const { states, transitions, upFlags, instFlags } = generateStates(model, stateLogic(model), options, maxStates);
  const { lambda, mu } = units;
  const n = states.length;
  const instanceUp = ids.map((_, i) => Uint8Array.from(instFlags, (e) => e[i]));
  const absorbing = scenario.instances.some((_, i) => lambda[i] > 0 && mu[i] === 0);
  return {
    chain: compileCtmc({ states: n, transitions }),
    up: Uint8Array.from(upFlags),
    instanceUp,
    instanceIds: ids,
    initial: 0,
    absorbing,
    approximations,
    transitions,
    describeState(state: number): string {
      const s = states[state];
      const parts = ids.map((id, i) => `${id}:${s[i] === 0 ? 'up' : s[i] < 0 ? 'down' : `queue${s[i]}`}`);
      blocks.forEach((blk, b) => {
        const a = s[OFF_B + 2 * b];
        const m = s[OFF_B + 2 * b + 1];
        const mode = m === 0 ? 'active' : m < 0 ? 'failed-switch' : `switching->${ids[blk.units[m - 1]]}`;
        parts.push(`standby[${ids[blk.units[a]]} ${mode}]`);
      });
      faults.forEach((_, f) => parts.push(`fault${f}:${s[OFF_F + f] ? 'on' : 'off'}`));
      return `${parts.join(' ')} (system ${upFlags[state] ? 'up' : 'down'})`;
    },
  };
}

/** The instances as CTMC units: failure and repair rates, and the limited crews they queue for. */
function ctmcUnits(scenario: Scenario, approximations: string[]) {
  const ids = scenario.instances.map((i) => i.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const lookup = (id: string) => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`structure refers to unknown instance ${id}`);
    return i;
  };
  const N = ids.length;
  const lambda = new Float64Array(N);
  const mu = new Float64Array(N); // 0 = never repaired
  const crewOf = new Int32Array(N).fill(-1);
  const comps = new Map(scenario.components.map((c) => [c.name, c]));
  for (const c of scenario.components) {
    for (const [what, law] of [['failure', c.failure], ['repair', c.repair]] as const) {
      if (law && !isExponential(law)) {
        approximations.push(`non-exponential ${what} law on component ${c.name}: ${describeLaw(law)} (modelled as exponential with mean ${formatDuration(lawMean(law))})`);
      }
    }
  }
  scenario.instances.forEach((inst, i) => {
    const c = comps.get(inst.component);
    if (!c) throw new Error(`instance ${inst.id} refers to unknown component ${inst.component}`);
    lambda[i] = c.failure ? rateOf(c.failure, `failure of ${c.name}`) : 0;
    mu[i] = c.repair ? rateOf(c.repair, `repair of ${c.name}`) : 0;
  });
  // Limited crews only (fewer repairers than repairable members that can fail).
  const crewCount: number[] = [];
  const crewMembers: number[][] = [];
  for (const crew of scenario.crews) {
    const members = scenario.instances
      .map((inst, i) => ({ inst, i }))
      .filter(({ inst }) => comps.get(inst.component)?.crew === crew.name)
      .map(({ i }) => i)
      .filter((i) => lambda[i] > 0 && mu[i] > 0);
    if (members.length <= crew.count) continue;
    for (const i of members) crewOf[i] = crewCount.length;
    crewCount.push(crew.count);
    crewMembers.push(members);
  }
  for (const c of scenario.components) {
    if (c.crew && !scenario.crews.some((k) => k.name === c.crew)) throw new Error(`component ${c.name} refers to unknown crew ${c.crew}`);
  }

  return { ids, index, lookup, N, lambda, mu, crewOf, crewCount, crewMembers };
}

/** The standby blocks: their units, dormancy, switchover rate and switch success probability. */
function ctmcStandbyBlocks(scenario: Scenario, ids: string[], lookup: (id: string) => number, N: number, approximations: string[]) {
  const blockNodes = standbyBlocks(scenario.system);
  const blockIndex = new Map<StructureNode, number>(blockNodes.map((b, i) => [b, i]));
  const blockOf = new Int32Array(N).fill(-1);
  const unitOf = new Int32Array(N).fill(-1);
  const blocks: Block[] = blockNodes.map((b, bi) => {
    const units = b.units.map(lookup);
    units.forEach((u, k) => {
      if (blockOf[u] !== -1) throw new Error(`instance ${ids[u]} is a unit of two standby blocks`);
      blockOf[u] = bi;
      unitOf[u] = k;
    });
    if (b.switchover > 0) {
      approximations.push(`switchover ${formatDuration(b.switchover)} of standby block [${b.units.join(', ')}] modelled as exponential with that mean`);
    }
    const dormancy = b.mode === 'cold' ? 0 : b.mode === 'hot' ? 1 : b.dormancy;
    return { units, dormancy, switchRate: b.switchover > 0 ? 1 / b.switchover : Infinity, p: b.switchSuccess };
  });

  return { blockIndex, blockOf, unitOf, blocks };
}

/** Rate faults as on/off processes (exponential gaps and busy periods of exact mean). */
function ctmcRateFaults(scenario: Scenario, options: SystemCtmcOptions, ids: string[], lookup: (id: string) => number, approximations: string[]) {
  const faults: Fault[] = [];
  const faultsOf: number[][] = ids.map(() => []);
  if (options.includeRateFaults ?? true) {
    for (const f of scenario.faults) {
      if (f.schedule.type !== 'rate') continue;
      const d = lawMean(f.duration);
      if (!(d > 0)) throw new RangeError(`fault ${f.source.path} has a zero mean duration`);
      const fi = faults.length;
      // Busy periods of the occurrences (M/G/infinity): exact mean (e^{r d} - 1)/r, see faultOnOff.
      faults.push({ targets: f.targets.map(lookup), on: f.schedule.rate, off: f.schedule.rate / Math.expm1(f.schedule.rate * d) });
      for (const t of new Set(f.targets.map(lookup))) faultsOf[t].push(fi);
      approximations.push(
        `${f.kind} fault ${f.source.path} (rate ${formatRate(f.schedule.rate)}, mean duration ${formatDuration(d)}) modelled as an on/off process: exponential gaps, exponential busy periods of exact mean (e^(r d) - 1)/r`,
      );
    }
  }
  return { faults, faultsOf };
}

/** Units, crews, standby blocks and faults of the chain, and the layout of a state vector. */
type CtmcModel = ReturnType<typeof ctmcUnits> & ReturnType<typeof ctmcStandbyBlocks> & ReturnType<typeof ctmcRateFaults> & {
  scenario: Scenario;
  B: number;
  F: number;
  OFF_B: number;
  OFF_F: number;
};

/** Effective up flags, the structure function and the standby logic on a draft state (as the simulator's listeners). */
function stateLogic(model: CtmcModel) {
  const { scenario, lookup, N, crewCount, crewMembers, blocks, blockIndex, blockOf, unitOf, faultsOf, OFF_B, OFF_F } = model;
  const effOf = (s: number[]): Uint8Array => {
    const eff = new Uint8Array(N);
    for (let i = 0; i < N; i++) eff[i] = s[i] === 0 && faultsOf[i].every((f) => s[OFF_F + f] === 0) ? 1 : 0;
    return eff;
  };
  const blockUp = (s: number[], eff: Uint8Array, b: number) => s[OFF_B + 2 * b + 1] === 0 && eff[blocks[b].units[s[OFF_B + 2 * b]]] === 1;
  const systemUp = (s: number[], eff: Uint8Array): boolean => {
    const ev = (node: StructureNode): boolean => {
      switch (node.type) {
        case 'component':
          return eff[lookup(node.instance)] === 1;
        case 'series':
          return node.children.every(ev);
        case 'parallel':
          return node.children.some(ev);
        case 'k_of_n': {
          let up = 0;
          for (const c of node.children) if (ev(c) && ++up >= node.k) return true;
          return node.k <= 0;
        }
        case 'standby':
          return blockUp(s, eff, blockIndex.get(node) as number);
      }
    };
    return ev(scenario.system);
  };

  // --- standby logic on a draft state, given the current effective up flags ---
  const setBlock = (s: number[], b: number, a: number, m: number) => {
    s[OFF_B + 2 * b] = a;
    s[OFF_B + 2 * b + 1] = m;
  };
  const completeSwitch = (s: number[], eff: Uint8Array, b: number, target: number): Branch[] => {
    const blk = blocks[b];
    const a = s[OFF_B + 2 * b];
    setBlock(s, b, a, 0);
    if (!eff[blk.units[target]]) return eff[blk.units[a]] ? [{ state: s, p: 1 }] : failover(s, eff, b);
    const out: Branch[] = [];
    if (blk.p > 0) {
      const ok = s.slice();
      setBlock(ok, b, target, 0);
      out.push({ state: ok, p: blk.p });
    }
    if (blk.p < 1) {
      // As in the simulator: a failed switch holds the block down only while the active unit is down.
      const bad = s.slice();
      setBlock(bad, b, a, eff[blk.units[a]] ? 0 : -1);
      out.push({ state: bad, p: 1 - blk.p });
    }
    return out;
  };
  const failover = (s: number[], eff: Uint8Array, b: number): Branch[] => {
    const blk = blocks[b];
    const a = s[OFF_B + 2 * b];
    const n = blk.units.length;
    for (let step = 1; step < n; step++) {
      const j = (a + step) % n;
      if (!eff[blk.units[j]]) continue;
      if (blk.switchRate < Infinity) {
        setBlock(s, b, a, j + 1);
        return [{ state: s, p: 1 }];
      }
      return completeSwitch(s, eff, b, j);
    }
    return [{ state: s, p: 1 }];
  };
  const onChange = (s: number[], eff: Uint8Array, inst: number, up: boolean): Branch[] => {
    const b = blockOf[inst];
    if (b < 0) return [{ state: s, p: 1 }];
    const a = s[OFF_B + 2 * b];
    const m = s[OFF_B + 2 * b + 1];
    if (m >= 1) return [{ state: s, p: 1 }];
    if (up) {
      if (m === -1 || !eff[blocks[b].units[a]]) setBlock(s, b, unitOf[inst], 0);
      return [{ state: s, p: 1 }];
    }
    if (unitOf[inst] === a && m !== -1) return failover(s, eff, b);
    return [{ state: s, p: 1 }];
  };
  /** Applies a sequence of effective up/down changes one at a time, as the simulator's listeners do. */
  const propagate = (s: number[], eff0: Uint8Array, changes: Array<[number, boolean]>): Branch[] => {
    let branches: Branch[] = [{ state: s, p: 1 }];
    const eff = eff0.slice();
    for (const [inst, up] of changes) {
      eff[inst] = up ? 1 : 0;
      branches = branches.flatMap((br) => onChange(br.state, eff, inst, up).map((x) => ({ state: x.state, p: x.p * br.p })));
    }
    return branches;
  };
  const canonicalCrews = (s: number[]) => {
    crewMembers.forEach((members, c) => {
      const queued = members.filter((i) => s[i] > 0).sort((x, y) => s[x] - s[y]);
      const inService = queued.slice(0, crewCount[c]).sort((x, y) => x - y);
      [...inService, ...queued.slice(crewCount[c])].forEach((i, k) => (s[i] = k + 1));
    });
  };
  return { effOf, systemUp, completeSwitch, propagate, canonicalCrews };
}

/** Breadth-first generation of the reachable states and their labelled transitions. */
function generateStates(model: CtmcModel, logic: ReturnType<typeof stateLogic>, options: SystemCtmcOptions, maxStates: number) {
  const { scenario, N, lambda, mu, crewOf, crewCount, crewMembers, blocks, blockOf, faults, faultsOf, B, F, OFF_B, OFF_F } = model;
  const { effOf, systemUp, completeSwitch, propagate, canonicalCrews } = logic;
  const ageing = scenario.ageingWhileSystemDown;
  const absorbDown = options.absorbDown ?? false;
  // --- breadth-first generation ---
  const W = N + 2 * B + F;
  const start = new Array<number>(W).fill(0);
  const states: number[][] = [start];
  const keys = new Map<string, number>([[start.join(','), 0]]);
  const transitions: LabelledTransition[] = [];
  const upFlags: number[] = [];
  const instFlags: Uint8Array[] = [];
  const intern = (s: number[]): number => {
    canonicalCrews(s);
    const key = s.join(',');
    let id = keys.get(key);
    if (id === undefined) {
      if (states.length >= maxStates) throw new StateSpaceTooLargeError(maxStates);
      id = states.length;
      keys.set(key, id);
      states.push(s);
    }
    return id;
  };
  for (let si = 0; si < states.length; si++) {
    const s = states[si];
    const eff = effOf(s);
    const sysUp = systemUp(s, eff);
    upFlags.push(sysUp ? 1 : 0);
    instFlags.push(eff);
    if (absorbDown && !sysUp) continue;
    const emit = (rate: number, branches: Branch[], cause: TransitionCause) => {
      for (const br of branches) if (rate * br.p > 0) transitions.push({ from: si, to: intern(br.state), rate: rate * br.p, cause });
    };
    // Failures.
    if (ageing || sysUp) {
      for (let i = 0; i < N; i++) {
        if (lambda[i] === 0 || !eff[i]) continue;
        const b = blockOf[i];
        const factor = b >= 0 && blocks[b].units[s[OFF_B + 2 * b]] !== i ? blocks[b].dormancy : 1;
        if (factor === 0) continue;
        const next = s.slice();
        next[i] = crewOf[i] >= 0 ? 1 + crewMembers[crewOf[i]].filter((j) => s[j] > 0).length : -1;
        emit(lambda[i] * factor, propagate(next, eff, [[i, false]]), 'failure');
      }
    }
    // Repairs.
    for (let i = 0; i < N; i++) {
      if (s[i] === 0 || mu[i] === 0) continue;
      const c = crewOf[i];
      if (c >= 0 && s[i] > crewCount[c]) continue;
      const next = s.slice();
      if (c >= 0) for (const j of crewMembers[c]) if (next[j] > s[i]) next[j]--;
      next[i] = 0;
      const comesUp = faultsOf[i].every((f) => s[OFF_F + f] === 0);
      emit(mu[i], comesUp ? propagate(next, eff, [[i, true]]) : [{ state: next, p: 1 }], 'repair');
    }
    // Switchover completions.
    for (let b = 0; b < B; b++) {
      const m = s[OFF_B + 2 * b + 1];
      if (m < 1) continue;
      const next = s.slice();
      emit(blocks[b].switchRate, completeSwitch(next, eff, b, m - 1), 'switchover');
    }
    // Fault arrivals and ends.
    for (let f = 0; f < F; f++) {
      const next = s.slice();
      const starting = s[OFF_F + f] === 0;
      next[OFF_F + f] = starting ? 1 : 0;
      const after = effOf(next);
      const changes: Array<[number, boolean]> = [];
      for (const t of faults[f].targets) {
        if (eff[t] !== after[t] && !changes.some(([x]) => x === t)) changes.push([t, after[t] === 1]);
      }
      emit(starting ? faults[f].on : faults[f].off, propagate(next, eff, changes), starting ? 'fault-start' : 'fault-end');
    }
  }
  return { states, transitions, upFlags, instFlags };
}

function rateOf(law: NonNullable<Scenario['components'][number]['failure']>, what: string): number {
  const m = lawMean(law);
  if (!(m > 0) || !Number.isFinite(m)) throw new RangeError(`${what}: mean ${m} s gives no finite positive rate`);
  return 1 / m;
}

function formatRate(r: number): string {
  return `1/${formatDuration(1 / r)}`;
}
