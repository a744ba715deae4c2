/**
 * `analyze` by independent modules (ctmc-modules.ts) when the system CTMC is over the state cap: the exact
 * partition first, then the decoupled one (rate faults acting only on independent units become
 * independent on/off events; the effect is estimated and reported). The result states per module its size
 * and how its laws were represented, and the sensitivity to the phase-type order.
 * Units: seconds.
 */
import type { Scenario } from '../scenario/types.js';
import { formatDuration } from '../scenario/laws.js';
import { SECONDS_PER_YEAR } from './formulas.js';
import { StateSpaceTooLargeError } from './system-ctmc.js';
import { standbyBlocks } from './structure.js';
import { moduleAvailability, type AtomTree, type ModuleLaw } from './module-structure.js';
import { moduleScheduledEffects, type ModuleScheduledEffect } from './module-scheduled.js';
import { atomTree, decouplingEffect, instanceLeaf, moduleMeasures, moduleParts, rateFaultsOf, solveModule, type ModulePart, type SolvedModule } from './ctmc-modules.js';
import type { AnalyticResult } from './types.js';

const SRC =
  'Barlow & Proschan, "Statistical Theory of Reliability and Life Testing" (1975), ch. 1-2 (modules, pivotal decomposition); ' +
  'Rausand & Høyland, "System Reliability Theory", 2nd ed. (2004) (frequency of system failures, Birnbaum importance); ' +
  'Singh & Billinton, "System Reliability Modelling and Evaluation" (1977) (frequency balance); Ross, "Stochastic Processes" (1996) (M/G/infinity); ' +
  'Trivedi (2016) (CTMC availability models)';

/** Prefix of the method of a result by independent modules. */
export const MODULES_METHOD = 'independent modules';

/** State cap of one module's chain (or the analysis cap when smaller). */
export const MODULE_MAX_STATES = 20_000;

/** Options of {@link analyzeByModules}. */
export interface ModuleAnalysisOptions {
  maxStates?: number;
  maxPhaseOrder?: number;
  /** Work budget of each transient solution (scheduled faults), scalar operations (default 2e8). */
  maxWork?: number;
}

/**
 * The analytic result by independent modules, or null when the scenario does not split (one module) or a
 * module is over the cap in both partitions. `why` says why the whole chain was not solved.
 * @throws as buildSystemCtmc on an inconsistent scenario.
 */
export function analyzeByModules(scenario: Scenario, options: ModuleAnalysisOptions, why: string): AnalyticResult | null {
  // Each module within the smaller of the cap and MODULE_MAX_STATES: modules are meant to be cheap (a
  // module's phase-type chain over it steps down the order ladder, and the report says so).
  const maxStates = Math.min(options.maxStates ?? 200_000, MODULE_MAX_STATES);
  const tried: string[] = [];
  for (const mode of ['exact', 'decoupled'] as const) {
    const parts = moduleParts(scenario, mode);
    if (!parts || parts.length < 2) continue;
    let solved: SolvedModule[];
    try {
      solved = parts.map((p) => solveModule(scenario, p, { maxStates, maxPhaseOrder: options.maxPhaseOrder }));
    } catch (err) {
      if (!(err instanceof StateSpaceTooLargeError)) throw err;
      tried.push(`${mode} partition into ${parts.length} modules: a module is over the cap of ${maxStates} states`);
      continue;
    }
    try {
      const result = moduleResult(scenario, parts, solved, mode, why, options.maxWork ?? 2e8);
      result.notes.push(...tried.map((t) => `not used: the ${t}`));
      return result;
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      tried.push(`${mode} partition: ${err.message}`);
    }
  }
  return null;
}

function moduleResult(scenario: Scenario, parts: ModulePart[], solved: SolvedModule[], mode: 'exact' | 'decoupled', why: string, maxWork: number): AnalyticResult {
  const tree = atomTree(scenario, parts);
  const laws = solved.map((s) => s.law);
  const m = moduleMeasures(tree, laws);
  const nu = m.frequency;
  const states = solved.reduce((s, x) => s + x.stateCount, 0);
  const violations = [...new Set(solved.flatMap((s) => s.approximations))];
  const notes = [
    `${why}: solved as ${parts.length} independent modules (${states} states in all; the whole chain is their product and is not built)`,
    ...solved.filter((s) => s.part.instances.length > 1 || s.stateCount > 2).map((s) => `module ${describePart(scenario, s.part)}: ${s.stateCount} states, ${s.laws}`),
    'MTTFF, R(t) and A(t) are not given by the module decomposition (first-passage and transient measures of the whole system)',
    'interval availability: the steady-state availability less the scheduled faults\' downtime (the start-up transient from all-up, a few relaxation times, is left out)',
  ];
  const sens = sensitivity(tree, solved, m);
  if (sens) notes.push(`sensitivity to the phase-type order: ${sens}`);
  if (mode === 'decoupled') {
    const e = decouplingEffect(scenario, parts, tree, laws, m);
    const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toPrecision(2)}%`;
    violations.push(
      `rate faults acting on independent units (${e.targets.join(', ')}) treated as independent on/off events: those units keep ageing while held down ` +
        `(the full CTMC freezes them); first-order estimate of the difference: unavailability ${pct(e.unavailability)}, failure frequency ${pct(e.frequency)}`,
    );
  }
  const A = m.availability;
  const { warmup: from, horizon: to } = scenario;
  const interval = to > from ? A - scheduledDowntime(scenario, parts, tree, laws, violations, notes, maxWork) / (to - from) : null;
  return {
    method: `${MODULES_METHOD} (${parts.length} modules, ${states} CTMC states${mode === 'decoupled' ? ', faults decoupled' : ''})`,
    formula:
      'A = sum over the modules\' joint patterns of prod_m P_m(x_m) phi(x); nu = sum_m sum_{x -> x\'} F_m(x -> x\') P(phi(x, Y) = 1, phi(x\', Y) = 0) ' +
      '(one binary module each: nu = sum_m I_B(m) nu_m); MTBF = 1/nu, MUT = A/nu, MDT = (1-A)/nu; each module: pi Q = 0 of its CTMC',
    source: SRC,
    assumptions: [
      'modules share no limited repair crew, standby block, common-cause group' + (mode === 'exact' ? ' or injected fault' : ''),
      'components keep ageing while the system is down',
      'repair restores a unit as good as new',
      `steady state (the window ${formatDuration(from)} to ${formatDuration(to)} is long compared with the relaxation times)`,
    ],
    approximate: false,
    violations,
    notes,
    stateCount: states,
    system: {
      availability: A,
      unavailability: m.unavailability,
      downtimePerYear: m.unavailability * SECONDS_PER_YEAR,
      mttff: null,
      mtbf: nu > 0 ? 1 / nu : null,
      mut: nu > 0 ? A / nu : null,
      mdt: nu > 0 ? m.unavailability / nu : null,
      intervalAvailability: { from, to, value: interval === null ? null : Math.min(1, Math.max(0, interval)) },
      pointAvailability: scenario.observe.pointAvailabilityAt.map((t) => ({ t, value: null })),
      reliability: scenario.observe.reliabilityAt.map((t) => ({ t, value: null })),
    },
    instances: scenario.instances.map(({ id }) => ({ instance: id, availability: moduleAvailability(instanceLeaf(scenario, parts, id), laws).up })),
  };
}

/**
 * Expected extra downtime of the scheduled faults inside the statistics window (module-scheduled.ts); adds
 * the violation saying what was included, or a note when not quantified.
 */
function scheduledDowntime(scenario: Scenario, parts: ModulePart[], tree: AtomTree, laws: ModuleLaw[], violations: string[], notes: string[], maxWork: number): number {
  if (!scenario.faults.some((f) => f.schedule.type === 'at')) return 0;
  let effects: ModuleScheduledEffect[];
  try {
    effects = moduleScheduledEffects(scenario, parts, tree, laws, { maxStates: 2 * MODULE_MAX_STATES, uniformization: { maxWork } });
  } catch (err) {
    notes.push(`scheduled faults not quantified: ${(err as Error).message}`);
    violations.push(`scheduled faults present (${scenario.faults.filter((f) => f.schedule.type === 'at').length}): their downtime is not in the values`);
    return 0;
  }
  const inside = (f: ModuleScheduledEffect['fault']) => f.schedule.type === 'at' && f.schedule.at >= scenario.warmup && f.schedule.at < scenario.horizon;
  const list = effects.map((e) => (e.downtime === null ? `${e.fault.source.path}: not quantified (${e.reason})` : `${e.fault.source.path}: ${formatDuration(Math.abs(e.downtime))} ${e.downtime >= 0 ? 'more' : 'less'} downtime`));
  violations.push(
    `scheduled faults present (${list.join('; ')}, by transient analysis of the fault's module from steady state at the fault time, the other modules stationary): ` +
      'included in the interval availability; the steady-state values (availability, MTBF, MUT, MDT) leave them out' +
      (standbyBlocks(scenario.system).length
        ? ' (a non-revertive standby block relaxes slowly: early in the horizon its primary is more likely active than in steady state, which this leaves out)'
        : ''),
  );
  return effects.reduce((sum, e) => sum + (e.downtime !== null && inside(e.fault) ? e.downtime : 0), 0);
}

/** The system values with each phase-type module at the next lower order, relative to those shown. */
function sensitivity(tree: ReturnType<typeof atomTree>, solved: SolvedModule[], m: ReturnType<typeof moduleMeasures>): string | null {
  if (!solved.some((s) => s.lower)) return null;
  const alt = moduleMeasures(
    tree,
    solved.map((s) => s.lower ?? s.law),
  );
  const rel = (x: number, y: number) => (y === 0 ? 0 : (x - y) / y);
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toPrecision(2)}%`;
  const mdt = (x: typeof m) => x.unavailability / x.frequency;
  return (
    `with the next lower order in each module with phases (order 2, or exponential laws): unavailability ${pct(rel(alt.unavailability, m.unavailability))}, ` +
    `MTBF ${pct(rel(1 / alt.frequency, 1 / m.frequency))}, MDT ${pct(rel(mdt(alt), mdt(m)))} relative to the values shown`
  );
}

function describePart(scenario: Scenario, p: ModulePart): string {
  const faults = rateFaultsOf(scenario);
  return `[${[...p.instances.map((i) => scenario.instances[i].id), ...p.faults.map((k) => faults[k].source.path)].join(', ')}]`;
}
