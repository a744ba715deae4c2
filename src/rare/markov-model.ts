/**
 * The Markovian dependability model the rare-event estimators simulate: the system CTMC of a scenario
 * (src/analytic/system-ctmc.ts) in compressed-sparse-row form, with every transition classified as a
 * failure (the rare events: a unit fails, or an injected fault starts) or a repair (everything else:
 * repairs, switchover completions, fault ends) and every state as system up or down.
 *
 * Only scenarios whose system CTMC is exact are accepted: exponential failure and repair laws, instantaneous
 * switchovers, no injected faults. Balanced failure biasing as published (Shahabuddin 1994; Goyal et al.
 * 1992) is defined for Markovian models; on anything else the system CTMC is an approximation and an
 * "unbiased" estimate of the approximation would be misleading, so such scenarios are rejected.
 *
 * Units: rates per second, times in seconds.
 */
import { buildSystemCtmc, type SystemCtmc } from '../analytic/system-ctmc.js';
import { describeLaw, formatDuration, isExponential } from '../scenario/laws.js';
import { formatPath, ScenarioError, type PathSegment } from '../scenario/errors.js';
import { standbyBlocks } from '../analytic/structure.js';
import type { Scenario } from '../scenario/types.js';

/** A finite CTMC with failure/repair labels, ready for cycle simulation. State 0 is "all up". */
export interface RareEventModel {
  /** Number of states. */
  n: number;
  /** Total exit rate q(x) of each state, per second. */
  exit: Float64Array;
  /** Outgoing transitions of state x: indices outStart[x] .. outStart[x + 1] - 1. */
  outStart: Int32Array;
  outTo: Int32Array;
  outRate: Float64Array;
  /** 1 where the transition is a failure (biased by failure biasing), 0 for a repair. */
  outFailure: Uint8Array;
  /** Per state: number of failure transitions, their total rate and the total repair rate. */
  failureCount: Int32Array;
  failureRate: Float64Array;
  repairRate: Float64Array;
  /** 1 where the system is down. */
  down: Uint8Array;
  /** Instance ids, for messages. */
  instanceIds: string[];
  /**
   * States other than 0 where the system is up and no repair is pending (e.g. a non-revertive standby
   * with the spare active): balanced failure biasing assumes there are none (see balanced-failure-biasing.ts).
   */
  otherAllUpStates: number;
}

/**
 * Builds the labelled CTMC from a list of transitions (self-loops and zero rates are dropped: they do
 * not change the law of the chain).
 * @param n number of states; state 0 must be the regeneration state (all up).
 * @param down 1 where the system is down.
 * @throws RangeError on an out-of-range state, a negative or non-finite rate, or (when n > 1) a state
 *   without exit (absorbing: no regenerative cycle through it would end).
 */
export function labelledModel(
  n: number,
  transitions: ReadonlyArray<{ from: number; to: number; rate: number; failure: boolean }>,
  down: ArrayLike<number>,
  instanceIds: string[] = [],
): RareEventModel {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`state count must be an integer >= 1, got ${n}`);
  const kept = transitions.filter((t) => {
    if (!Number.isInteger(t.from) || !Number.isInteger(t.to) || t.from < 0 || t.to < 0 || t.from >= n || t.to >= n) {
      throw new RangeError(`transition ${t.from} -> ${t.to} refers to a state outside 0..${n - 1}`);
    }
    if (!(t.rate >= 0) || !Number.isFinite(t.rate)) throw new RangeError(`transition ${t.from} -> ${t.to} has invalid rate ${t.rate}`);
    return t.rate > 0 && t.from !== t.to;
  });
  const outStart = new Int32Array(n + 1);
  for (const t of kept) outStart[t.from + 1]++;
  for (let i = 0; i < n; i++) outStart[i + 1] += outStart[i];
  const m = kept.length;
  const outTo = new Int32Array(m);
  const outRate = new Float64Array(m);
  const outFailure = new Uint8Array(m);
  const exit = new Float64Array(n);
  const failureCount = new Int32Array(n);
  const failureRate = new Float64Array(n);
  const repairRate = new Float64Array(n);
  const pos = outStart.slice(0, n);
  for (const t of kept) {
    const e = pos[t.from]++;
    outTo[e] = t.to;
    outRate[e] = t.rate;
    outFailure[e] = t.failure ? 1 : 0;
    exit[t.from] += t.rate;
    if (t.failure) {
      failureCount[t.from]++;
      failureRate[t.from] += t.rate;
    } else repairRate[t.from] += t.rate;
  }
  for (let x = 0; x < n && n > 1; x++) {
    if (!(exit[x] > 0)) throw new RangeError(`state ${x} has no outgoing transition (absorbing): no regenerative cycle through it ends`);
  }
  const isDown = Uint8Array.from(down);
  let otherAllUpStates = 0;
  for (let x = 1; x < n; x++) if (!isDown[x] && repairRate[x] === 0) otherAllUpStates++;
  return { n, exit, outStart, outTo, outRate, outFailure, failureCount, failureRate, repairRate, down: isDown, instanceIds, otherAllUpStates };
}

/**
 * Why a scenario is not Markovian (each reason names the component, fault or block), empty when it is.
 * Non-Markovian: a failure or repair law other than exponential, a switchover that takes time (the
 * simulator holds it for a fixed time), any injected fault (faults at a fixed time are not stationary;
 * faults with a rate hold their targets down for a non-exponential busy period).
 */
export function nonMarkovianReasons(scenario: Scenario): Array<{ path: PathSegment[]; problem: string }> {
  const out: Array<{ path: PathSegment[]; problem: string }> = [];
  for (const c of scenario.components) {
    for (const [what, law] of [['failure', c.failure], ['repair', c.repair]] as const) {
      if (law && !isExponential(law)) out.push({ path: ['components', c.name, what], problem: `non-exponential ${what} law ${describeLaw(law)} on component ${c.name}` });
    }
  }
  for (const b of standbyBlocks(scenario.system)) {
    if (b.switchover > 0) {
      // The normalized structure does not keep its source position: point at `system`.
      out.push({ path: ['system'], problem: `standby block [${b.units.join(', ')}] has a fixed switchover of ${formatDuration(b.switchover)}` });
    }
  }
  for (const f of scenario.faults) {
    const m = /^faults\[(\d+)\]$/.exec(f.source.path);
    out.push({
      path: m ? ['faults', Number(m[1])] : [f.source.path],
      problem:
        f.schedule.type === 'at'
          ? `${f.kind} fault scheduled at a fixed time (not a stationary Markov process)`
          : `${f.kind} fault with a rate (its targets are held down for non-exponential busy periods)`,
    });
  }
  return out;
}

/**
 * Builds the rare-event model of a scenario from its system CTMC.
 * Failure transitions: cause `failure` or `fault-start`; all others are repairs.
 * @param maxStates state cap of the CTMC builder (default 500 000).
 * @param locate maps a scenario path to its line and column in the source file (for messages).
 * @throws ScenarioError (exit 2 on the command line) when the scenario is not Markovian (see
 *   {@link nonMarkovianReasons}) or some instance can fail but is never repaired (no steady state);
 *   StateSpaceTooLargeError beyond `maxStates`.
 */
export function rareEventModel(
  scenario: Scenario,
  maxStates = 500_000,
  locate?: (path: PathSegment[]) => { line: number; column: number },
): { model: RareEventModel; ctmc: SystemCtmc } {
  const reasons = nonMarkovianReasons(scenario);
  if (reasons.length > 0) {
    throw ScenarioError.of(
      reasons.map(
        (r) =>
          new ScenarioError({
            file: scenario.file,
            ...locate?.(r.path),
            path: formatPath(r.path),
            problem: `${r.problem}: rare-event simulation (balanced failure biasing) needs a Markovian model`,
            expected: 'exponential failure and repair laws, instantaneous switchovers and no injected faults (use `faultline run` for this scenario)',
          }),
      ),
    );
  }
  const ctmc = buildSystemCtmc(scenario, { maxStates });
  if (ctmc.absorbing) {
    const c = scenario.components.find((x) => x.failure && !x.repair);
    const path = c ? ['components', c.name, 'repair'] : ['components'];
    throw new ScenarioError({
      file: scenario.file,
      ...locate?.(path),
      path: formatPath(path),
      problem: `component ${c?.name ?? '?'} can fail but is never repaired: the system has no steady-state unavailability`,
      expected: 'a repair law on every component that can fail',
    });
  }
  const model = labelledModel(
    ctmc.chain.n,
    ctmc.transitions.map((t) => ({ from: t.from, to: t.to, rate: t.rate, failure: t.cause === 'failure' || t.cause === 'fault-start' })),
    Uint8Array.from(ctmc.up, (u) => 1 - u),
    ctmc.instanceIds,
  );
  return { model, ctmc };
}
