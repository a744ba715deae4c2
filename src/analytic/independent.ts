/**
 * Analytic values of a system of independent components with independent repair: closed forms (single
 * unit, series, parallel, k-out-of-n) and the structure function over per-instance availabilities in
 * general, with Ross's failure-frequency formula for MTBF/MUT/MDT. Also the series system with no ageing
 * while the system is down (Barlow & Proschan's closed form).
 *
 * Steady-state values need only the means (alternating renewal: exact for any failure and repair laws
 * with independent components). Transient values (A(t), R(t), MTTFF) use closed forms for exponential
 * laws, the product form h(S_i(t)) for systems without repair, and the (small) system CTMC otherwise.
 * Units: seconds, rates per second.
 */
import type { Scenario } from '../scenario/types.js';
import type { FaultSpec, StructureNode } from '../core/types.js';
import {
  ageingAssumption,
  faultOnOff,
  latticeInstances,
  nonExponentialLaws,
  rateFaults,
  rateFaultViolation,
  slowestTimeConstant,
  steadyStateAssumption,
  type InstanceInfo,
  injectedFaultsAssumption,
} from './assumptions.js';
import { formatDuration, lawMean, lawSurvival } from '../scenario/laws.js';
import { intervalAvailabilityExponential, pointAvailabilityExponential, SECONDS_PER_YEAR } from './formulas.js';
import {
  leafInstances,
  structureAvailability,
  structureFailureFrequency,
  structureShape,
  structureUnavailability,
  type StructureInputs,
} from './structure.js';
import { analyzeSystemCtmc } from './system-measures.js';
import type { AnalyticResult } from './types.js';

/** Options of {@link analyzeIndependent}. */
export interface IndependentOptions {
  /** State cap of the CTMC used for MTTFF / R(t). */
  maxStates?: number;
  /** Work budget of the transient solver. */
  maxWork?: number;
  /**
   * Use the independent-components formulas even where they do not hold (shared crews, standby blocks as
   * hot parallel units, frozen ageing ignored): the fallback when the CTMC is too large. The caller
   * reports the violation.
   */
  force?: boolean;
}

const SRC_RENEWAL = 'Barlow & Proschan, "Statistical Theory of Reliability and Life Testing" (1975), alternating renewal processes';
const SRC_RH = 'Rausand & Høyland, "System Reliability Theory", 2nd ed. (2004)';
const SRC_TRIVEDI = 'Trivedi, "Probability and Statistics with Reliability, Queuing and Computer Science Applications", 2nd ed. (2016)';
const SRC_ROSS = 'Ross, "On the calculation of asymptotic system reliability characteristics", in Reliability and Fault Tree Analysis, SIAM (1975) (failure frequency sum I_B(i) nu_i)';
const SRC_BH = 'Barlow & Heidtmann, "Computing k-out-of-n system reliability", IEEE Trans. Reliability R-33(4) (1984)';

/**
 * Analytic values of a scenario whose components are independent with independent repair (no limited
 * crew, no standby block; with `ageingWhileSystemDown = false` only a series structure). Rate faults are
 * virtual on/off components (approximate); scheduled faults are left to the caller.
 * @returns an AnalyticResult whose `approximate` flag the caller finalizes.
 * @throws Error / RangeError on an inconsistent scenario (unknown instance, invalid law).
 */
export function analyzeIndependent(scenario: Scenario, infos: Map<string, InstanceInfo>, options: IndependentOptions = {}): AnalyticResult {
  const ctx = independentContext(scenario, infos, options);
  const { availability, unavailability, mtbf, mut, mdt } = steadyState(ctx);
  const instances = instanceAvailabilities(ctx, availability);
  const pointFn = pointAvailabilityFunction(ctx);
  const { mttff, reliability, ctmcStates } = firstFailure(ctx);
  const { from, to, pointAvailability, interval } = pointAndInterval(ctx, pointFn);
  const { method, formula, source, assumptions, violations } = methodAndAssumptions(ctx);
  const notes = ctx.notes;
  return {
    method,
    formula,
    source,
    assumptions,
    approximate: false,
    violations,
    notes,
    stateCount: ctmcStates,
    system: {
      availability,
      unavailability,
      downtimePerYear: unavailability === null ? null : unavailability * SECONDS_PER_YEAR,
      mttff,
      mtbf,
      mut,
      mdt,
      intervalAvailability: { from, to, value: interval },
      pointAvailability,
      reliability,
    },
    instances,
  };

}

/** Everything the phases of `analyzeIndependent` share: basic events (instances and rate faults) and the shape. */
type IndependentContext = ReturnType<typeof independentContext>;

function independentContext(scenario: Scenario, infos: Map<string, InstanceInfo>, options: IndependentOptions) {
  const sys = scenario.system;
  const structIds = [...new Set(leafInstances(sys))];
  const structInfos = structIds.map((id) => infos.get(id) as InstanceInfo);
  const shape = structureShape(sys);
  const faults = rateFaults(scenario);
  const ageing = scenario.ageingWhileSystemDown || options.force === true;
  const notes: string[] = [];

  // Basic events: instances, and rate faults as virtual on/off components ("fault#k").
  const faultEvents = faults.map((f, k) => {
    const m = faultOnOff(f.schedule.type === 'rate' ? f.schedule.rate : 0, lawMean(f.duration));
    return { id: `fault#${k}`, targets: new Set(f.targets), ...m };
  });
  const leafEvents = (id: string) => [id, ...faultEvents.filter((f) => f.targets.has(id)).map((f) => f.id)];
  const up = new Map<string, number>();
  const down = new Map<string, number>();
  for (const [id, i] of infos) {
    const u = i.unrepairable ? 1 : i.lambda === 0 ? 0 : (i.mttr as number) / (i.mttf + (i.mttr as number));
    up.set(id, i.unrepairable ? 0 : i.lambda === 0 ? 1 : i.mttf / (i.mttf + (i.mttr as number)));
    down.set(id, u);
  }
  for (const f of faultEvents) {
    up.set(f.id, f.pInactive);
    down.set(f.id, f.pActive);
  }
  const inputs: StructureInputs & { unavailability: Map<string, number> } = {
    probability: up,
    unavailability: down,
    leafEvents,
    standby: options.force ? 'parallel' : 'error',
  };
  const repairable = !structInfos.some((i) => i.unrepairable);
  const noRepairAtAll = structInfos.every((i) => i.lambda === 0 || i.unrepairable);
  const allExp = structInfos.every((i) => i.exponential);
  const hasFaults = faultEvents.length > 0;
  const onlySeries = shape.kind === 'single' || shape.kind === 'series';
  const noAgeingSeries = !ageing && onlySeries;
  return { scenario, infos, options, sys, structIds, structInfos, shape, ageing, faultEvents, up, down, inputs, repairable, noRepairAtAll, allExp, hasFaults, onlySeries, noAgeingSeries, notes };
}

/** Steady-state availability, MTBF, MUT and MDT (null without repair). */
function steadyState(ctx: IndependentContext) {
  const { sys, structInfos, faultEvents, inputs, repairable, noAgeingSeries, notes } = ctx;
  // --- steady state ---
  let availability: number | null = null;
  let unavailability: number | null = null;
  let mtbf: number | null = null;
  let mut: number | null = null;
  let mdt: number | null = null;
  if (repairable) {
    let nu: number;
    if (noAgeingSeries) {
      let ratio = 0;
      let rate = 0;
      for (const i of structInfos) {
        if (i.lambda === 0) continue;
        ratio += (i.mttr as number) / i.mttf;
        rate += 1 / i.mttf;
      }
      availability = 1 / (1 + ratio);
      unavailability = ratio / (1 + ratio);
      nu = availability * rate; // operating time accrues at rate A; failures of i per operating time 1/MTTF_i
    } else {
      availability = structureAvailability(sys, inputs);
      unavailability = structureUnavailability(sys, inputs);
      const freq = new Map<string, number>();
      for (const i of structInfos) if (i.lambda > 0) freq.set(i.id, 1 / (i.mttf + (i.mttr as number)));
      for (const f of faultEvents) freq.set(f.id, f.on * f.pInactive);
      nu = structureFailureFrequency(sys, inputs, freq);
    }
    if (nu > 0) [mtbf, mut, mdt] = [1 / nu, availability / nu, unavailability / nu];
  } else {
    notes.push(`components never repaired (${structInfos.filter((i) => i.unrepairable).map((i) => i.id).join(', ')}): no steady-state availability; MTTF and reliability only`);
  }
  return { availability, unavailability, mtbf, mut, mdt };
}

/** Per-instance availability. */
function instanceAvailabilities(ctx: IndependentContext, availability: number | null) {
  const { scenario, infos, structIds, faultEvents, up, noAgeingSeries } = ctx;
  // --- per-instance availability ---
  const sysA = availability;
  const instances = scenario.instances.map(({ id }) => {
    const i = infos.get(id) as InstanceInfo;
    if (i.unrepairable) return { instance: id, availability: null };
    let a: number;
    if (noAgeingSeries && sysA !== null && structIds.includes(id)) a = i.lambda === 0 ? 1 : 1 - (sysA * (i.mttr as number)) / i.mttf;
    else a = up.get(id) as number;
    for (const f of faultEvents) if (f.targets.has(id)) a *= up.get(f.id) as number;
    return { instance: id, availability: a };
  });
  return instances;
}

/** A(t) as a function where available (exact product form), else null. */
function pointAvailabilityFunction(ctx: IndependentContext): ((t: number) => number) | null {
  const { infos, options, sys, faultEvents, inputs, noRepairAtAll, allExp, hasFaults, noAgeingSeries } = ctx;
  // --- transient: A(t) as a function where available (exact product form) ---
  let pointFn: ((t: number) => number) | null = null;
  if (!noAgeingSeries && allExp && !(options.force && hasStandby(sys))) {
    pointFn = (t) => {
      const p = new Map<string, number>();
      for (const [id, i] of infos) p.set(id, pointAvailabilityExponential(i.lambda, i.mu, t));
      for (const f of faultEvents) p.set(f.id, pointAvailabilityExponential(f.on, f.off, t));
      return structureAvailability(sys, { ...inputs, probability: p });
    };
  } else if (noRepairAtAll && !hasFaults && !hasStandby(sys)) {
    pointFn = (t) => structureAvailability(sys, { ...inputs, probability: survivalMap(infos, t) });
  }
  return pointFn;
}

/** MTTFF and R(t): closed forms for a single unit or an exponential series, else the absorbing CTMC. */
function firstFailure(ctx: IndependentContext) {
  const { scenario, infos, options, sys, structInfos, shape, noRepairAtAll, allExp, hasFaults, onlySeries, inputs, notes } = ctx;
  // --- MTTFF and R(t) ---
  let mttff: number | null = null;
  let reliability = scenario.observe.reliabilityAt.map((t) => ({ t, value: null as number | null }));
  let ctmcStates: number | null = null;
  const single = shape.kind === 'single' ? (infos.get(shape.instance) as InstanceInfo) : null;
  const seriesLambda = onlySeries && allExp && !hasFaults ? structInfos.reduce((s, i) => s + i.lambda, 0) : null;
  if (single && !hasFaults) {
    mttff = Number.isFinite(single.mttf) ? single.mttf : null;
    const law = single.component.failure;
    reliability = reliability.map(({ t }) => ({ t, value: law ? lawSurvival(law, t) : 1 }));
  } else if (seriesLambda !== null) {
    mttff = seriesLambda > 0 ? 1 / seriesLambda : null;
    reliability = reliability.map(({ t }) => ({ t, value: Math.exp(-seriesLambda * t) }));
  } else if (allExp || (noRepairAtAll && !hasFaults)) {
    if (noRepairAtAll && !hasFaults && !hasStandby(sys)) {
      reliability = reliability.map(({ t }) => ({ t, value: structureAvailability(sys, { ...inputs, probability: survivalMap(infos, t) }) }));
    }
    if (allExp) {
      const abs = analyzeSystemCtmc(scenario, {
        absorbDown: true,
        maxStates: options.maxStates,
        reliabilityAt: scenario.observe.reliabilityAt,
        uniformization: { maxWork: options.maxWork },
      });
      if (abs.status === 'ok') {
        ctmcStates = abs.stateCount;
        mttff = abs.mttff;
        if (!noRepairAtAll || hasStandby(sys)) reliability = abs.reliability;
        notes.push(`MTTFF${reliability.length ? ' and R(t)' : ''} from the CTMC with system-down states absorbing (${abs.stateCount} states)`, ...abs.notes);
      } else notes.push(`MTTFF not computed: ${abs.message}`);
    } else notes.push('MTTFF not computed: needs exponential laws (reliability from the product of survival functions)');
  } else {
    notes.push(`MTTFF and R(t) not computed: they need exponential laws (${nonExponentialLaws(structInfos.map((i) => i.component)).join('; ')})`);
  }
  return { mttff, reliability, ctmcStates };
}

/** Point availability at the observation times and interval availability over [warmup, horizon]. */
function pointAndInterval(ctx: IndependentContext, pointFn: ((t: number) => number) | null) {
  const { scenario, infos, options, shape, faultEvents, allExp, hasFaults, noAgeingSeries, notes } = ctx;
  const single = shape.kind === 'single' ? (infos.get(shape.instance) as InstanceInfo) : null;
  // --- point and interval availability ---
  const from = scenario.warmup;
  const to = scenario.horizon;
  let pointAvailability = scenario.observe.pointAvailabilityAt.map((t) => ({ t, value: pointFn ? pointFn(t) : null }));
  let interval: number | null = null;
  if (single && allExp && !hasFaults && to > from) {
    interval = intervalAvailabilityExponential(single.lambda, single.mu, to, from);
  } else if (pointFn && to > from) {
    const rates = [...infos.values()].flatMap((i) => [i.lambda + i.mu]).concat(faultEvents.map((f) => f.on + f.off));
    interval = averageOver(pointFn, from, to, rates.filter((r) => r > 0 && Number.isFinite(r)));
  } else if (noAgeingSeries && allExp && to > from) {
    const c = analyzeSystemCtmc(scenario, {
      maxStates: options.maxStates,
      pointAvailabilityAt: scenario.observe.pointAvailabilityAt,
      interval: [from, to],
      uniformization: { maxWork: options.maxWork },
    });
    if (c.status === 'ok') {
      interval = c.intervalAvailability;
      pointAvailability = c.pointAvailability;
      notes.push(`A(t) and interval availability from the system CTMC (${c.stateCount} states)`);
    }
  }
  if (pointAvailability.some((p) => p.value === null)) notes.push('point availability not computed: needs exponential laws or a system without repair');
  return { from, to, pointAvailability, interval };
}

/** Method, formula, sources, assumptions and violated assumptions. */
function methodAndAssumptions(ctx: IndependentContext) {
  const { scenario, infos, structInfos, shape, up, repairable, allExp, hasFaults, noAgeingSeries, notes, sys, inputs, faultEvents } = ctx;
  const assumptions: string[] = [];
  const violations: string[] = [];
  // --- method, formula, sources, assumptions ---
  const { method, formula, source } = describeMethod(shape, noAgeingSeries, infos, hasFaults, repairable);
  const lattice = latticeInstances(structInfos);
  const tau = slowestTimeConstant(structInfos.filter((i) => !lattice.includes(i)), scenario);
  assumptions.push('independent components (failure and repair processes of different units are independent)');
  assumptions.push('independent repair (a repairer per failed unit)');
  assumptions.push(ageingAssumption(scenario));
  assumptions.push('repair restores a unit as good as new');
  assumptions.push(
    allExp
      ? 'exponential failure and repair laws'
      : 'any failure and repair laws for steady-state values (alternating renewal: only the means matter); transient values only where noted',
  );
  if (repairable) assumptions.push(steadyStateAssumption(tau));
  if (repairable && !allExp) assumptions.push('non-lattice up/down cycles (no fixed failure and repair laws): A(t) converges and units started together drift out of phase');
  const injected = injectedFaultsAssumption(scenario);
  if (injected) assumptions.push(injected);
  const rf = rateFaultViolation(scenario);
  if (rf) violations.push(rf);
  notes.push(...faultsThatCannotFailTheSystem(sys, inputs, rateFaults(scenario), faultEvents.map((f) => f.id)));
  if (!allExp) {
    const fixed = new Set(lattice.map((i) => i.component.name));
    const laws = nonExponentialLaws(structInfos.filter((i) => !fixed.has(i.component.name)).map((i) => i.component));
    notes.push(...laws.map((s) => `${s}: steady-state values exact, transient ones need exponential laws`));
  }
  return { method, formula, source, assumptions, violations };

  function describeMethod(
    sh: ReturnType<typeof structureShape>,
    noAgeing: boolean,
    inf: Map<string, InstanceInfo>,
    faulty: boolean,
    rep: boolean,
  ): { method: string; formula: string; source: string } {
    const withFaults = faulty ? ' with rate faults as virtual components (conditioned on their states)' : '';
    if (!rep) {
      return {
        method: `closed-form: system without repair${withFaults}`,
        formula: 'R(t) = h(S_1(t), ..., S_n(t)) (structure function of the units\' survival functions); MTTF = integral of R',
        source: `${SRC_RH}; Barlow & Proschan (1975), ch. 2`,
      };
    }
    if (noAgeing) {
      return {
        method: 'closed-form: series (no ageing while system down)',
        formula: 'A = 1/(1 + sum MTTR_i/MTTF_i) (= 1/(1 + sum lambda_i/mu_i)); nu = A sum 1/MTTF_i; MTBF = 1/nu, MUT = A/nu, MDT = (1-A)/nu',
        source: `${SRC_RENEWAL} (series system whose components cannot fail while the system is down)`,
      };
    }
    const freqText = '; nu = sum_i I_B(i)/(MTTF_i + MTTR_i), MTBF = 1/nu, MUT = A/nu, MDT = (1-A)/nu';
    if (!faulty && sh.kind === 'single') {
      const i = inf.get(sh.instance) as InstanceInfo;
      return {
        method: 'closed-form: single repairable unit',
        formula:
          `A = MTTF/(MTTF+MTTR) = ${formatDuration(i.mttf)}/(${formatDuration(i.mttf)}+${formatDuration(i.mttr as number)}); ` +
          'A(t) = mu/(l+mu) + l/(l+mu) e^-(l+mu)t; MTBF = MTTF + MTTR',
        source: `${SRC_RENEWAL}; ${SRC_TRIVEDI} (point and interval availability)`,
      };
    }
    if (!faulty && sh.kind === 'series') {
      return { method: 'closed-form: series (components keep ageing)', formula: `A = prod A_i, A_i = MTTF_i/(MTTF_i+MTTR_i)${freqText}`, source: `${SRC_RENEWAL}; ${SRC_RH}; ${SRC_ROSS}` };
    }
    if (!faulty && sh.kind === 'parallel') {
      return { method: 'closed-form: parallel of independent units', formula: `A = 1 - prod (1 - A_i)${freqText}`, source: `${SRC_RH}; ${SRC_ROSS}` };
    }
    if (!faulty && sh.kind === 'k_of_n') {
      const as = sh.instances.map((id) => up.get(id) as number);
      const identical = as.every((a) => a === as[0]);
      return identical
        ? { method: 'closed-form: k-out-of-n (binomial)', formula: `A = sum_{i>=k} C(n,i) a^i (1-a)^(n-i)${freqText}`, source: `${SRC_RH}; ${SRC_ROSS}` }
        : { method: 'closed-form: k-out-of-n (Poisson-binomial)', formula: `A = P(at least k of n independent units up), dynamic programming${freqText}`, source: `${SRC_BH}; ${SRC_ROSS}` };
    }
    return {
      method: `structure function over independent components${withFaults}`,
      formula: `A = h(A_1, ..., A_n), series = product, parallel = 1 - prod(1 - A_i), k-of-n = Poisson-binomial tail${freqText}`,
      source: `Barlow & Proschan (1975), ch. 2 (structure functions, pivotal decomposition); ${SRC_RH}; ${SRC_ROSS}`,
    };
  }
}

/**
 * Notes for rate faults that cannot take the system down by themselves (the instances they hold down
 * leave the structure function true with everything else up): they count in the failure frequency only
 * while other failures make them critical (Birnbaum importance), not at their own rate.
 */
function faultsThatCannotFailTheSystem(sys: StructureNode, inputs: StructureInputs, faults: FaultSpec[], ids: string[]): string[] {
  const out: string[] = [];
  ids.forEach((id, k) => {
    const alone = new Map([...inputs.probability.keys()].map((e) => [e, e === id ? 0 : 1]));
    if (structureAvailability(sys, { probability: alone, leafEvents: inputs.leafEvents, standby: inputs.standby }) === 1) {
      const f = faults[k];
      const what = f.kind === 'zone-outage' ? `zone ${f.zone}` : f.targets.join(', ');
      out.push(`${f.kind} of ${what} cannot take the system down by itself: it counts in MTBF only when other failures make it critical`);
    }
  });
  return out;
}

function hasStandby(node: StructureNode): boolean {
  return node.type === 'standby' || (node.type !== 'component' && node.children.some(hasStandby));
}

function survivalMap(infos: Map<string, InstanceInfo>, t: number): Map<string, number> {
  const m = new Map<string, number>();
  for (const [id, i] of infos) m.set(id, i.component.failure ? lawSurvival(i.component.failure, t) : 1);
  return m;
}

/**
 * Mean of f over [a, b] by adaptive Simpson quadrature on panels whose edges grow geometrically from the
 * smallest time constant (the start-up transient is resolved, the long flat tail costs little).
 * Source: W. M. McKeeman, "Algorithm 145: Adaptive numerical integration by Simpson's rule", Commun. ACM
 * 5(12) (1962).
 */
export function averageOver(f: (t: number) => number, a: number, b: number, rates: number[]): number {
  const scale = rates.length ? 1 / Math.max(...rates) : (b - a) / 16;
  const edges = [a];
  for (let x = scale; x < b; x *= 4) if (x > a) edges.push(x);
  edges.push(b);
  let total = 0;
  for (let k = 0; k + 1 < edges.length; k++) {
    const [x0, x1] = [edges[k], edges[k + 1]];
    const [f0, f1, fm] = [f(x0), f(x1), f((x0 + x1) / 2)];
    total += simpson(f, x0, x1, f0, fm, f1, ((x1 - x0) / 6) * (f0 + 4 * fm + f1), 1e-12 * (x1 - x0), 40);
  }
  return total / (b - a);
}

function simpson(f: (t: number) => number, a: number, b: number, fa: number, fm: number, fb: number, whole: number, tol: number, depth: number): number {
  const m = (a + b) / 2;
  const [lm, rm] = [f((a + m) / 2), f((m + b) / 2)];
  const left = ((m - a) / 6) * (fa + 4 * lm + fm);
  const right = ((b - m) / 6) * (fm + 4 * rm + fb);
  if (depth <= 0 || Math.abs(left + right - whole) <= 15 * tol) return left + right + (left + right - whole) / 15;
  return simpson(f, a, m, fa, lm, fm, left, tol / 2, depth - 1) + simpson(f, m, b, fm, rm, fb, right, tol / 2, depth - 1);
}
