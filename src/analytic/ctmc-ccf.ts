/**
 * Common-cause failure groups in the system CTMC (the reliability area's `common_cause`, multiple Greek
 * letter model of src/reliability/ccf-model.ts, of which the beta-factor model is gamma = delta = 1).
 *
 * Model (as the simulator's src/reliability/common-cause.ts): a group of m identical units, each with total
 * failure rate Q_t = 1/MTTF.
 * - Each unit's own failure clock runs at (1 - beta) times its rate: the independent rate
 *   Q_1 = rho_1 (1 - rho_2) Q_t = (1 - beta) Q_t of NUREG/CR-5485 (1998), MGL model (Table 5-1 of the
 *   parametric models; Mosleh et al., NUREG/CR-4780 vol. 1 (1988), eq. 3.19), per unit.
 * - A common-cause basic event failing one given set of k units (k = 2..m) occurs at rate
 *   Q_k = (1 / C(m-1, k-1)) rho_1 ... rho_k (1 - rho_{k+1}) Q_t, per set (rho_2 = beta, rho_3 = gamma,
 *   rho_4 = delta); there are C(m, k) such sets, so events of multiplicity k arrive at the group rate
 *   C(m, k) Q_k. An event fails the units of its set that are up at that moment (failed units and units held
 *   down by a fault are not affected), at any system state: the simulator's shocks are not frozen while the
 *   system is down, only the units' own clocks are.
 * In a state where u of the m units are up (set U), the event's set hits a given non-empty subset J of U
 * (|J| = j) and no other unit of U in C(m - u, k - j) of its C(m, k) choices, so J fails together at rate
 * r(j, u) = sum_{k >= 2} C(m - u, k - j) Q_k. Summed over the C(u, j) subsets and over j this is the rate of
 * the events that hit some up unit; an event hitting none is a self-loop and is left out. The symmetry
 * lumping (ctmc-lumping.ts) keeps the members of a group interchangeable only among themselves.
 *
 * With m = 2 and beta: state (both up) -> (both down) at beta Q_t, (one up) -> (none up) at
 * beta Q_t + (1 - beta) Q_t = Q_t, the textbook 1oo2 beta-factor chain (Rausand & Høyland, "System
 * Reliability Theory", 2nd ed. (2004), sec. 8.8 (Markov models with common-cause failures); IEC 61508-6:2010
 * Annex D).
 */
import type { Scenario } from '../scenario/types.js';
import { binomial, mglSetRates } from '../reliability/ccf-model.js';
import { StateSpaceTooLargeError } from './ctmc-store.js';

/** Largest group enumerated subset by subset (2^m transitions per state). */
const MAX_MEMBERS = 16;

/** One CCF group as the CTMC sees it. */
export interface CtmcCcfGroup {
  name: string;
  /** Instance indices of the members. */
  members: number[];
  /** Q_k per set, k = 1..m (index k - 1), per second. */
  setRates: number[];
}

/** The CCF groups of a scenario, compiled. */
export interface CtmcCcf {
  groups: CtmcCcfGroup[];
  /** Per instance: the factor of its own failure clock (1 - beta in a group, else 1). */
  thin: Float64Array;
  /** Per instance: its group index, -1 when none. */
  groupOf: Int32Array;
}

/** A common-cause transition from one state: the members that fail together, and its rate. */
export interface CcfShock {
  failing: number[];
  rate: number;
}

/**
 * Compiles the scenario's common-cause groups.
 * @param lookup instance id -> index (throws on an unknown id)
 * @throws Error when an instance is a member of two groups; StateSpaceTooLargeError (with `maxStates`) for
 *   a group of more than 16 members (2^m common-cause transitions per state)
 */
export function compileCcf(scenario: Scenario, lookup: (id: string) => number, maxStates: number): CtmcCcf {
  const n = scenario.instances.length;
  const thin = new Float64Array(n).fill(1);
  const groupOf = new Int32Array(n).fill(-1);
  const groups: CtmcCcfGroup[] = [];
  for (const g of scenario.reliability?.commonCause ?? []) {
    const members = g.instances.map(lookup);
    if (members.length > MAX_MEMBERS) throw new StateSpaceTooLargeError(maxStates);
    for (const i of members) {
      if (groupOf[i] >= 0) throw new Error(`instance ${scenario.instances[i].id} is a member of two common-cause groups`);
      groupOf[i] = groups.length;
      thin[i] = 1 - g.beta;
    }
    groups.push({ name: g.name, members, setRates: mglSetRates({ m: members.length, beta: g.beta, gamma: g.gamma, delta: g.delta }, g.unitRate) });
  }
  return { groups, thin, groupOf };
}

/**
 * The common-cause transitions out of a state (see the module documentation).
 * @param eff effective up flag of each instance in the state (1 = up and not held down)
 */
export function ccfShocks(ccf: CtmcCcf, eff: Uint8Array): CcfShock[] {
  const out: CcfShock[] = [];
  for (const g of ccf.groups) {
    const m = g.members.length;
    const up = g.members.filter((i) => eff[i] === 1);
    const u = up.length;
    if (u === 0) continue;
    const perSubset = [0];
    for (let j = 1; j <= u; j++) {
      let r = 0;
      for (let k = Math.max(2, j); k <= m; k++) r += binomial(m - u, k - j) * g.setRates[k - 1];
      perSubset.push(r);
    }
    // Every non-empty subset J of the up members (bit mask over `up`).
    for (let mask = 1; mask < 1 << u; mask++) {
      const failing = up.filter((_, b) => (mask >> b) & 1);
      const rate = perSubset[failing.length];
      if (rate > 0) out.push({ failing, rate });
    }
  }
  return out;
}

/**
 * Instance ids coupled by common-cause failures, one list per group: a decomposition of the system into
 * independent modules must keep each group inside one module (its shocks fail members together).
 */
export function ccfCoupledInstances(scenario: Scenario): string[][] {
  return (scenario.reliability?.commonCause ?? []).map((g) => [...g.instances]);
}
