/**
 * `analyze`: the analytic expectation of a scenario, by the best applicable method, with its formula,
 * source, assumptions and the precise list of assumptions the scenario breaks.
 *
 * Method choice (first that applies):
 * 1. cold standby without repair (identical exponential units, instant switching): closed form;
 * 2. independent components with independent repair (no limited crew, no standby; with no ageing while
 *    down only a series structure): closed forms (single unit, series, parallel, k-out-of-n, series with
 *    no ageing while down) or the structure function, valid for any laws in steady state;
 * 3. otherwise the system CTMC (shared crews, standby blocks, no ageing with redundancy, or faults with
 *    a rate when every law is exponential), exact for exponential laws, approximate (means) otherwise;
 * 4. if the CTMC exceeds the state cap: independent modules (module-analysis.ts: the product chain is not
 *    built; exact, or with faults on independent units decoupled and the effect estimated);
 * 5. if a module is still over the cap: the independent-components approximation, flagged.
 * Units: seconds, rates per second.
 */
import type { Scenario } from '../scenario/types.js';
import {
  ageingAssumption,
  horizonViolation,
  instanceInfo,
  latticeInstances,
  latticeViolation,
  limitedCrews,
  rateFaults,
  scheduledFaultViolation,
  slowestTimeConstant,
  steadyStateAssumption,
  type InstanceInfo,
  injectedFaultsAssumption,
} from './assumptions.js';
import {
  coldStandbyIntervalAvailability,
  coldStandbyMttf,
  coldStandbyReliability,
  SECONDS_PER_YEAR,
} from './formulas.js';
import { ConvergenceError } from './ctmc.js';
import { formatDuration } from '../scenario/laws.js';
import { analyzeIndependent } from './independent.js';
import { reliabilityViolations } from './reliability-assumptions.js';
import { leafInstances, standbyBlocks, structureShape } from './structure.js';
import { DEFAULT_MAX_STATES, type SystemCtmcAnalysis, type SystemCtmcTooLarge } from './system-measures.js';
import { scheduledFaultEffects, type ScheduledFaultEffect } from './scheduled-faults.js';
import type { AnalyticPhaseType, AnalyticResult } from './types.js';
import { analyzeByModules, MODULES_METHOD } from './module-analysis.js';
import { analyzeWithPhaseTypes, type PhaseTypeAnalysis } from './phase-type-analysis.js';
import type { PhaseTypeChoice } from './ctmc-phases.js';

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  /** CTMC state cap (default 200 000). */
  maxStates?: number;
  /** Work budget of each transient solution, scalar operations (default 1e9). */
  maxWork?: number;
  /**
   * Cap of the order of the phase-type fits of non-exponential laws in the CTMC (default 4; 1 = replace
   * them by exponential laws with the same means). See phase-type-analysis.ts.
   */
  maxPhaseOrder?: number;
  /** Try the independent-module decomposition over the cap (default true; false for cross-checks). */
  modules?: boolean;
}

const SRC_TRIVEDI = 'Trivedi, "Probability and Statistics with Reliability, Queuing and Computer Science Applications", 2nd ed. (2016)';
const SRC_RH = 'Rausand & Høyland, "System Reliability Theory", 2nd ed. (2004)';
const SRC_BA = 'Billinton & Allan, "Reliability Evaluation of Engineering Systems", 2nd ed. (1992)';
const SRC_NUM =
  'Grassmann, Taksar & Heyman, Operations Research 33(5) (1985) (GTH steady state); Stewart, "Introduction to the Numerical Solution of Markov Chains" (1994); ' +
  'Jensen (1953) and Fox & Glynn, Commun. ACM 31(4) (1988) (uniformization)';

/**
 * The analytic expectation of a scenario (see the module documentation for the method choice).
 * Never returns Infinity or NaN: what is not computable is null, with a note saying why.
 * @throws Error when the structure refers to an unknown instance or crew or an instance is in two standby
 *   blocks; RangeError on laws without a finite positive mean where one is needed.
 * Sources: per method, in the result's `source`.
 */
export function analyze(scenario: Scenario, options: AnalyzeOptions = {}): AnalyticResult {
  const infos = instanceInfo(scenario);
  for (const id of leafInstances(scenario.system)) if (!infos.has(id)) throw new Error(`structure refers to unknown instance ${id}`);
  for (const f of scenario.faults) for (const t of f.targets) if (!infos.has(t)) throw new Error(`fault ${f.source.path} targets unknown instance ${t}`);

  const structIds = [...new Set(leafInstances(scenario.system))];
  const structInfos = structIds.map((id) => infos.get(id) as InstanceInfo);
  const shape = structureShape(scenario.system);
  const crews = limitedCrews(scenario);
  const hasStandby = standbyBlocks(scenario.system).length > 0;

  let result: AnalyticResult;
  let phases: PhaseTypeChoice | undefined;
  const ccf = scenario.reliability?.commonCause ?? [];
  const cold = shape.kind === 'standby' && ccf.length === 0 ? coldStandbyClosedForm(scenario, infos) : null;
  if (cold) {
    result = cold;
  } else {
    const needs: string[] = [];
    if (hasStandby) needs.push('standby switching and dormant spares');
    if (ccf.length) needs.push(`common-cause failure groups (${ccf.map((g) => g.name).join(', ')})`);
    if (crews.length) needs.push(`shared repair crews (${crews.map((c) => `${c.name}: ${c.count} repairer${c.count > 1 ? 's' : ''} for ${c.members} units`).join(', ')})`);
    if (!scenario.ageingWhileSystemDown) {
      const series = shape.kind === 'single' || shape.kind === 'series';
      const failing = [...infos.values()].filter((i) => i.lambda > 0);
      const outside = failing.some((i) => !structIds.includes(i.id));
      if (!series || outside || rateFaults(scenario).length > 0) needs.push('no ageing while the system is down (failure clocks depend on the system state)');
    }
    // Rate faults: the CTMC captures that held-down targets do not age, and carries the fault durations
    // and non-exponential laws as phase-type clocks (the structure function with faults as independent
    // virtual components does neither).
    if (needs.length === 0 && rateFaults(scenario).length > 0) needs.push('rate faults (targets held down do not age)');
    if (needs.length === 0) result = analyzeIndependent(scenario, infos, options);
    else [result, phases] = analyzeByCtmc(scenario, infos, structInfos, options, needs);
  }

  // The start-up transient is judged on the interval availability before the scheduled faults' downtime
  // is subtracted: that difference is theirs, and their violation says so.
  // (The module decomposition has no start-up transient and subtracts its scheduled faults itself: its
  // steady-state availability is the value before them.)
  const withoutScheduled = result.method.startsWith(MODULES_METHOD) ? result.system.availability : result.system.intervalAvailability.value;
  const at = scheduledFaultViolation(scenario);
  // The module decomposition includes the scheduled faults itself (module-scheduled.ts).
  if (at && !result.method.startsWith(MODULES_METHOD)) result.violations.push(includeScheduledFaults(scenario, result, options, phases) ?? at);
  const s = result.system;
  // Lattice (fixed-law) units: no time constant describes them (A(t) never converges); they get their own
  // violation, and the start-up transient is judged on the other units.
  const lattice = latticeInstances(structInfos);
  const lv = latticeViolation(structInfos);
  if (lv) result.violations.push(lv);
  const mixing = structInfos.filter((i) => !lattice.includes(i));
  const hv = horizonViolation(scenario, s.availability, s.unavailability, withoutScheduled, slowestTimeConstant(mixing, scenario));
  if (hv) result.violations.push(hv);
  if (scenario.traffic?.monitoring) {
    result.violations.push('repairs start only after detection, alerting and response (monitoring), which the analytic model does not include: it assumes repair starts at failure');
  }
  result.violations.push(...reliabilityViolations(scenario));
  result.approximate = result.violations.length > 0;
  return sanitize(result);
}

/** Closed form for a lone cold standby block of identical exponential units without repair, or null. */
function coldStandbyClosedForm(scenario: Scenario, infos: Map<string, InstanceInfo>): AnalyticResult | null {
  const node = scenario.system;
  if (node.type !== 'standby') return null;
  const units = node.units.map((u) => infos.get(u) as InstanceInfo);
  const dormancy = node.mode === 'cold' ? 0 : node.mode === 'hot' ? 1 : node.dormancy;
  const law = units[0].component.failure;
  const ok =
    dormancy === 0 &&
    node.switchover === 0 &&
    law !== null &&
    law.kind === 'exponential' &&
    units.every((u) => u.component.failure?.kind === 'exponential' && u.mttf === units[0].mttf && u.component.repair === null) &&
    !rateFaults(scenario).some((f) => f.targets.some((t) => node.units.includes(t)));
  if (!ok) return null;
  const lambda = units[0].lambda;
  const p = node.switchSuccess;
  const n = units.length;
  const { warmup: from, horizon: to } = scenario;
  const integral = (T: number) => (T === 0 ? 0 : T * coldStandbyIntervalAvailability(lambda, p, T, n));
  return {
    method: 'closed-form: cold standby without repair',
    formula: `R(t) = e^-lt sum_{j<n} (p l t)^j/j! (n = 2: e^-lt (1 + p l t)); MTTF = (1/l) sum_{j<n} p^j (n = 2: (1+p)/l); A(t) = R(t)`,
    source: `${SRC_TRIVEDI} (standby redundancy with imperfect switching); ${SRC_RH} (cold standby, imperfect switching); ${SRC_BA}`,
    assumptions: [
      `${n} identical units with exponential failure law (mean ${formatDuration(units[0].mttf)})`,
      'cold spares (no ageing while dormant)',
      'instant switchover; each switch succeeds independently with probability p, a failed switch fails the system',
      'no repair',
      ...[injectedFaultsAssumption(scenario)].filter((x): x is string => x !== null),
    ],
    approximate: false,
    violations: [],
    notes: ['no repair: the system fails once and stays down; MTBF/MUT/MDT and steady-state availability are undefined'],
    stateCount: null,
    system: {
      availability: null,
      unavailability: null,
      downtimePerYear: null,
      mttff: coldStandbyMttf(lambda, p, n),
      mtbf: null,
      mut: null,
      mdt: null,
      intervalAvailability: { from, to, value: to > from ? (integral(to) - integral(from)) / (to - from) : null },
      pointAvailability: scenario.observe.pointAvailabilityAt.map((t) => ({ t, value: coldStandbyReliability(lambda, p, t, n) })),
      reliability: scenario.observe.reliabilityAt.map((t) => ({ t, value: coldStandbyReliability(lambda, p, t, n) })),
    },
    instances: scenario.instances.map(({ id }) => {
      const i = infos.get(id) as InstanceInfo;
      return { instance: id, availability: i.unrepairable ? null : i.lambda === 0 ? 1 : i.mttf / (i.mttf + (i.mttr as number)) };
    }),
  };
}

/** The system CTMC, or the flagged independent approximation when it is too large. */
function analyzeByCtmc(
  scenario: Scenario,
  infos: Map<string, InstanceInfo>,
  structInfos: InstanceInfo[],
  options: AnalyzeOptions,
  needs: string[],
): [AnalyticResult, PhaseTypeChoice | undefined] {
  const { warmup: from, horizon: to } = scenario;
  const solved = solveCtmc(scenario, options);
  const { ph } = solved;
  const c = solved.c;
  if (c.status === 'too-large') {
    if (solved.modules) return [solved.modules, undefined];
    const approx = analyzeIndependent(scenario, infos, { ...options, force: true });
    approx.method = `${approx.method} (approximation: CTMC state space too large)`;
    approx.violations.unshift(
      `${c.message}: values from the independent-components approximation, which ignores ${needs.join(' and ')}` +
        (needs.some((x) => x.startsWith('standby')) ? ' (standby blocks evaluated as hot parallel units with perfect, instant switching)' : ''),
    );
    return [approx, undefined];
  }
  const phaseType = ph?.phaseType ?? null;
  const blocks = standbyBlocks(scenario.system);
  const crews = limitedCrews(scenario);
  const allExp = structInfos.every((i) => i.exponential);
  const assumptions = [
    phaseType && ph?.choice ? 'failure and repair laws as fitted acyclic phase-type distributions (exact for exponential laws)' : 'exponential failure and repair laws',
    crews.length
      ? `shared repair crews served first-come first-served (${crews.map((k) => `${k.name}: ${k.count}`).join(', ')}); other units repaired independently`
      : 'independent repair (a repairer per failed unit)',
    ageingAssumption(scenario),
    'repair restores a unit as good as new',
  ];
  for (const g of scenario.reliability?.commonCause ?? []) {
    const model = g.gamma === 1 && g.delta === 1 ? `beta-factor model (beta ${g.beta}; IEC 61508-6 Annex D)` : `multiple Greek letter model (beta ${g.beta}, gamma ${g.gamma}, delta ${g.delta}; NUREG/CR-5485)`;
    assumptions.push(`common-cause group ${g.name}: ${model}, shocks fail the members that are up`);
  }
  for (const b of blocks) {
    const mode = b.mode === 'warm' ? `warm (dormancy ${b.dormancy})` : b.mode;
    const sw =
      b.switchover === 0 && b.switchSuccess === 1
        ? 'instant, perfect switchover'
        : `switchover ${b.switchover === 0 ? 'instant' : `${formatDuration(b.switchover)} (exponential)`}, success probability ${b.switchSuccess} (a failed switch leaves the block down until a unit is repaired)`;
    assumptions.push(`standby [${b.units.join(', ')}]: ${mode} spares, ${sw}, non-revertive`);
  }
  if (c.availability !== null) assumptions.push(steadyStateAssumption(slowestTimeConstant(structInfos, scenario)));
  const injected = injectedFaultsAssumption(scenario);
  if (injected) assumptions.push(injected);
  const notes = [...c.notes];
  if (c.solver) notes.push(`steady state by ${c.solver} on ${c.stateCount} states; CTMC needed for ${needs.join(' and ')}`);
  if (c.availability === null) notes.push('some units are never repaired: no steady-state availability; MTTFF, reliability and transient availability only');
  if (phaseType) notes.push(...phaseTypeNotes(phaseType));
  else if (!allExp) notes.push('laws replaced by exponential ones with the same means (see violations)');
  const result: AnalyticResult = {
    method: `CTMC (${c.stateCount} states)`,
    formula:
      'pi Q = 0, sum pi = 1; A = sum_{up} pi_i; nu = sum_{i up, j down} pi_i q_ij; MTBF = 1/nu, MUT = A/nu, MDT = (1-A)/nu; ' +
      'MTTFF = mean time to absorption from all-up with down states absorbing; A(t), R(t) by uniformization',
    source: `${SRC_TRIVEDI} (CTMC availability models, shared repair, standby); ${SRC_RH} (Markov models); ${SRC_BA} (frequency and duration); ${SRC_NUM}`,
    assumptions,
    approximate: false,
    violations: [...c.approximations],
    notes,
    stateCount: c.stateCount,
    ...(phaseType ? { phaseType } : {}),
    system: {
      availability: c.availability,
      unavailability: c.unavailability,
      downtimePerYear: c.unavailability === null ? null : c.unavailability * SECONDS_PER_YEAR,
      mttff: c.mttff,
      mtbf: c.mtbf,
      mut: c.mut,
      mdt: c.mdt,
      intervalAvailability: { from, to, value: c.intervalAvailability },
      pointAvailability: c.pointAvailability,
      reliability: c.reliability,
    },
    instances: c.instances,
  };
  return [result, ph?.choice];
}

/**
 * Above this many states of the chain without phases, the independent-module decomposition is tried before
 * the whole chain (module-analysis.ts): solving a product chain of that size costs seconds, its modules
 * milliseconds.
 */
export const MODULES_FIRST_ABOVE = 20_000;

/**
 * The whole system CTMC (phase-type ladder), or the module decomposition when the chain without phases is
 * over {@link MODULES_FIRST_ABOVE} states (or the cap) and the scenario splits; the whole chain up to the
 * cap when it does not.
 */
function solveCtmc(scenario: Scenario, options: AnalyzeOptions): { c: SystemCtmcAnalysis | SystemCtmcTooLarge; ph: PhaseTypeAnalysis | null; modules?: AnalyticResult } {
  const { warmup: from, horizon: to } = scenario;
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const attempt = (baseMaxStates: number) => {
    try {
      const ph = analyzeWithPhaseTypes(scenario, {
        maxStates,
        baseMaxStates,
        maxPhaseOrder: options.maxPhaseOrder,
        pointAvailabilityAt: scenario.observe.pointAvailabilityAt,
        reliabilityAt: scenario.observe.reliabilityAt,
        interval: to > from ? [from, to] : null,
        uniformization: { maxWork: options.maxWork },
      });
      return { c: ph.analysis, ph };
    } catch (err) {
      if (!(err instanceof ConvergenceError)) throw err;
      return { c: { status: 'too-large', limit: 0, message: `CTMC steady state not solved (${err.message})` } as SystemCtmcTooLarge, ph: null };
    }
  };
  const first = attempt(Math.min(maxStates, MODULES_FIRST_ABOVE));
  if (first.c.status === 'ok') return first;
  const modules = options.modules === false ? undefined : (analyzeByModules(scenario, options, first.c.message) ?? undefined);
  if (modules || maxStates <= MODULES_FIRST_ABOVE) return { ...first, modules };
  return attempt(maxStates);
}

/** Notes on the phase-type representation: fits, fallback, sensitivity to the order. */
function phaseTypeNotes(p: AnalyticPhaseType): string[] {
  const out = [`non-exponential laws as phase-type clocks: ${p.used}`];
  if (p.fallback) out.push(p.fallback);
  if (p.sensitivity) out.push(`sensitivity to the phase-type order: ${p.sensitivity.note}`);
  return out;
}

/**
 * Subtracts the expected extra downtime of the scheduled faults inside the statistics window from the
 * interval availability (scheduled-faults.ts), when the CTMC with the fault is within the state cap.
 * Only after a CTMC method: above the cap (fallback) the cost would be wasted.
 * @returns the violation text saying what was included, or null when not quantified (a note says why).
 */
function includeScheduledFaults(scenario: Scenario, result: AnalyticResult, options: AnalyzeOptions, phases: PhaseTypeChoice | undefined): string | null {
  const iv = result.system.intervalAvailability;
  if (iv.value === null || !result.method.startsWith('CTMC')) return null;
  let effects: ScheduledFaultEffect[];
  try {
    // The fault adds one on/off variable: twice the state cap for its chain.
    effects = scheduledFaultEffects(scenario, { maxStates: 2 * (options.maxStates ?? 200_000), uniformization: { maxWork: options.maxWork }, phases });
  } catch (err) {
    result.notes.push(`scheduled faults not quantified: ${(err as Error).message}`);
    return null;
  }
  const inside = effects.filter((e) => e.fault.schedule.type === 'at' && e.fault.schedule.at >= iv.from && e.fault.schedule.at < iv.to);
  const total = inside.reduce((sum, e) => sum + e.downtime, 0);
  iv.value = Math.min(1, Math.max(0, iv.value - total / (iv.to - iv.from)));
  const list = effects.map((e) => `${e.fault.source.path}: ${formatDuration(Math.abs(e.downtime))} ${e.downtime >= 0 ? 'more' : 'less'} downtime`).join('; ');
  return (
    `scheduled faults present (${list}, by transient analysis of the CTMC from steady state at the fault time): ` +
    'included in the interval availability; the steady-state values (availability, MTBF, MUT, MDT) leave them out'
  );
}

/** Replaces any non-finite number by null (the result goes into JSON). */
function sanitize(r: AnalyticResult): AnalyticResult {
  const fin = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);
  const s = r.system;
  for (const k of ['availability', 'unavailability', 'downtimePerYear', 'mttff', 'mtbf', 'mut', 'mdt'] as const) s[k] = fin(s[k]);
  s.intervalAvailability.value = fin(s.intervalAvailability.value);
  s.pointAvailability = s.pointAvailability.map((p) => ({ t: p.t, value: fin(p.value) }));
  s.reliability = s.reliability.map((p) => ({ t: p.t, value: fin(p.value) }));
  r.instances = r.instances.map((i) => ({ instance: i.instance, availability: fin(i.availability) }));
  return r;
}
