/**
 * `faultline plan`: the cheapest configuration meeting the scenario's SLOs.
 *
 * 1. Grid: every combination of the `planning.search` values (at most `max_candidates`), each written into
 *    the scenario document and validated; invalid candidates are kept with their errors.
 * 2. Analytic screening: `analyze()` (CLI budget) gives the long-run availability; expected monthly cost =
 *    instances + crews + knob options + (1 - A) x 43 800 min x price per minute. Feasible when the analytic
 *    steady-state availability (interval availability when the steady state is undefined) is at least
 *    `slo.availability` and, with a `load` section, N - max_down instances meet the latency SLO (Erlang C).
 *    `outage_duration_p99` has no analytic counterpart and is checked by simulation only.
 * 3. Ranking by expected total cost (ties: grid order); Pareto frontier of (total cost, availability).
 * 4. Confirmation: the `confirm` cheapest feasible candidates are simulated (the scenario's replication plan).
 *    A candidate is confirmed when the whole 95% CI of availability is at or above the target (CI lower
 *    bound >= target: the careful reading, a point estimate just above the target is not enough), every
 *    other simulated SLO check passes (outage_duration_p99: point estimate of the p99 outage duration <= target) and
 *    the N-k rule holds. The chosen configuration is the confirmed one with the lowest simulated expected
 *    total cost (ties: analytic rank). Without confirmation, the analytic rank 1 is chosen (flagged).
 *    Every confirmation run uses the same master seed, so the candidates share random numbers (common
 *    random numbers: the same failure and repair draws for the same element and replication), which makes
 *    the differences between candidates far more precise than their individual CIs.
 */
import { DEFAULT_LIMITS, guardedRun, type WorkLimits } from '../run/work-guard.js';
import { checkZoneLoss, type ZoneLossCheck } from './zone-loss.js';
import { analyze } from '../analytic/expectations.js';
import { PLAN_ANALYTIC_BUDGET } from './budget.js';
import { kOutOfN } from '../analytic/formulas.js';
import type { AnalyzeOptions } from '../analytic/expectations.js';
import type { Estimate } from '../results/estimators.js';
import { buildResults } from '../results/build.js';
import type { SloCheck } from '../results/slo.js';
import { runScenario } from '../run/runner.js';
import type { Scenario } from '../scenario/types.js';
import { formatDuration } from '../scenario/duration.js';
import type { PlanningSpec } from './types.js';
import { buildCandidate, enumerateGrid, type BaseDocument } from './candidates.js';
import { billedInstances } from './billing.js';
import { monthlyCost, type CostBreakdown } from './cost.js';
import { nkAnalysis, type NkAnalysis } from './erlang-nk.js';
import { simulateNk, type NkSimulation } from './nk-simulation.js';

/** Analytic screening of one candidate. */
export interface CandidateAnalytic {
  method: string;
  /** Steady-state availability (interval availability when undefined), as used for feasibility. */
  availability: number | null;
  unavailability: number | null;
  downtimePerYear: number | null;
  mdt: number | null;
  approximate: boolean;
  violations: string[];
}

/** Simulation of one confirmed candidate. */
export interface CandidateSimulation {
  replications: number;
  availability: Estimate;
  /** p99 outage (recovery) duration estimate, s. */
  outageDurationP99: Estimate;
  slo: SloCheck[];
  /** Monthly cost with the simulated unavailability (point estimate) and its 95% CI (from the availability CI). */
  cost: CostBreakdown;
  totalCi95: [number, number] | null;
  /** The candidate simulated losing its worst zone(s) at peak (planning.zone_loss_at_peak), or null. */
  zoneLoss: ZoneLossCheck | null;
  confirmed: boolean;
  /** Why the candidate is not confirmed (empty when confirmed). */
  reasons: string[];
}

/** One candidate of the plan. */
export interface CandidateResult {
  id: string;
  /** Knob path -> value written. */
  settings: Record<string, unknown>;
  status: 'invalid' | 'analytic-error' | 'evaluated';
  /** Scenario errors (file:line:col messages) of an invalid candidate, or the analytic error. */
  errors: string[];
  analytic: CandidateAnalytic | null;
  /** N-k capacity of the load component, with P(at least c* instances up) from the instance availabilities. */
  capacity: (Pick<NkAnalysis, 'instances' | 'minimumServing' | 'toleratedDown' | 'meetsNk'> & { probabilityEnoughCapacity: number | null }) | null;
  cost: CostBreakdown | null;
  feasible: boolean;
  /** Why the candidate is analytically infeasible (empty when feasible). */
  infeasible: string[];
  /** 1-based rank among the feasible candidates by expected total cost, or null. */
  rank: number | null;
  /** On the Pareto frontier of (expected total cost, analytic availability). */
  pareto: boolean;
  simulation: CandidateSimulation | null;
}

/** Options of {@link planCapacity}. */
export interface PlanOptions {
  /** Master seed for the confirmation runs (default: the scenario's). */
  seed?: number;
  /** Replications of each confirmation run (default: the scenario's plan). */
  replications?: number;
  /** Skip the simulation step. */
  confirm?: boolean;
  /** CTMC state cap of the analytic screening (default PLAN_ANALYTIC_BUDGET.maxStates). */
  maxStates?: number;
  /**
   * Work-guard limits for every simulation the plan makes (confirmations, zone loss and N-k at peak): each run is
   * checked before it starts and gets a per-replication event budget (default: the guard's defaults).
   */
  limits?: WorkLimits;
  /** Called before each confirmation run with (candidate id, i, n). */
  onConfirm?: (id: string, i: number, n: number) => void;
  /**
   * Progress: after each candidate's analytic screening (phase 'screening', candidates done / all) and after
   * each batch of a confirmation run (phase 'confirming', replications done / all confirmation replications).
   */
  onProgress?: (phase: PlanPhase, done: number, total: number) => void;
}

/** The two phases of a capacity plan, as reported to `PlanOptions.onProgress`. */
export type PlanPhase = 'screening' | 'confirming';

/** The outcome of the search. */
export interface PlanOutcome {
  planning: PlanningSpec;
  candidates: CandidateResult[];
  /** Ids on the Pareto frontier, by increasing cost. */
  frontier: string[];
  /** Ids simulated, in analytic rank order. */
  confirmed: string[];
  chosen: string | null;
  chosenBy: 'simulation' | 'analytic' | null;
  /** N-k table of the chosen configuration (or of the base scenario when none is chosen). */
  nk: NkAnalysis | null;
  /** Simulated N-k table at peak of the chosen configuration (or of the base scenario), with planning.n_minus_k_at_peak. */
  nkSimulation: NkSimulation | null;
  notes: string[];
}

export { PLAN_ANALYTIC_BUDGET };

function screen(scenario: Scenario, planning: PlanningSpec, choice: number[], budget: AnalyzeOptions): Omit<CandidateResult, 'id' | 'settings' | 'rank' | 'pareto' | 'simulation'> {
  let an;
  try {
    an = analyze(scenario, budget);
  } catch (e) {
    return { status: 'analytic-error', errors: [(e as Error).message], analytic: null, capacity: null, cost: null, feasible: false, infeasible: ['no analytic model'] };
  }
  const s = an.system;
  const availability = s.availability ?? s.intervalAvailability.value;
  const unavailability = s.availability !== null ? s.unavailability : availability === null ? null : 1 - availability;
  const analytic: CandidateAnalytic = {
    method: an.method,
    availability,
    unavailability,
    downtimePerYear: s.downtimePerYear,
    mdt: s.mdt,
    approximate: an.approximate,
    violations: an.violations,
  };
  const cost = monthlyCost(scenario, planning.cost, planning.search, choice, unavailability, null, billedInstances(scenario));
  const infeasible: string[] = [];
  const target = scenario.slo.availability;
  if (target !== undefined) {
    if (availability === null) infeasible.push('analytic availability not computable');
    else if (availability < target) infeasible.push(`availability ${availability} < target ${target}`);
  }
  let capacity: CandidateResult['capacity'] = null;
  if (planning.load) {
    const comp = scenario.components.find((c) => c.name === planning.load?.component);
    const n = comp?.count ?? 0;
    const nk = nkAnalysis(planning.load, n);
    const avail = an.instances.filter((i) => scenario.instances.find((x) => x.id === i.instance)?.component === planning.load?.component).map((i) => i.availability);
    const probabilityEnoughCapacity = avail.length === n && avail.every((a): a is number => a !== null) ? kOutOfN(nk.minimumServing, avail) : null;
    capacity = { instances: n, minimumServing: nk.minimumServing, toleratedDown: nk.toleratedDown, meetsNk: nk.meetsNk, probabilityEnoughCapacity };
    if (!nk.meetsNk) infeasible.push(`N-k: with ${planning.load.maxDown} of ${n} ${planning.load.component} instances down, ${n - planning.load.maxDown} serve, fewer than the ${nk.minimumServing} the latency SLO needs`);
  }
  return { status: 'evaluated', errors: [], analytic, capacity, cost, feasible: infeasible.length === 0, infeasible };
}

/** Ids on the Pareto frontier of (lower total cost, higher availability), by increasing cost. */
export function paretoFrontier(cands: readonly CandidateResult[]): string[] {
  const pts = cands
    .filter((c) => c.cost?.total != null && c.analytic?.availability != null)
    .map((c, order) => ({ id: c.id, cost: c.cost?.total as number, a: c.analytic?.availability as number, order }))
    .sort((x, y) => x.cost - y.cost || y.a - x.a || x.order - y.order);
  const out: string[] = [];
  let best = -Infinity;
  for (const p of pts) {
    if (p.a > best) {
      out.push(p.id);
      best = p.a;
    }
  }
  return out;
}

/** Expected GB lost per month from the simulated bytes lost per year of each datastore (null without data). */
function dataLossGbPerMonth(perYear: (number | null)[] | undefined): number | null {
  if (!perYear || perYear.length === 0) return null;
  return perYear.reduce<number>((s, b) => s + (b ?? 0), 0) / 1e9 / 12;
}

/**
 * Why a failing SLO rejects a candidate, in words: the measured value against the target in the objective's
 * unit (availability as a percentage, the others as durations), or the check's note when nothing single was
 * measured (rpo_max with unrecoverable losses, a probability objective).
 */
export function sloFailureReason(check: SloCheck): string {
  if (check.measured === null) return `${check.objective}: ${check.note}`;
  const fmt = (x: number) => (check.objective === 'availability' || check.objective === 'request_success_ratio' || check.objective === 'goodput_ratio' || check.objective === 'under_provisioned_max' ? `${(x * 100).toPrecision(6)}%` : formatDuration(x));
  return `${check.objective}: simulated ${fmt(check.measured)} misses the target ${fmt(check.target)}`;
}

function simulate(c: CandidateResult, scenario: Scenario, planning: PlanningSpec, choice: number[], opts: PlanOptions, warn: (w: string) => void, onProgress?: (done: number) => void): CandidateSimulation {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const reps = opts.replications ?? scenario.plan.replications;
  const run = runScenario(guardedRun(scenario, limits, reps, `plan: candidate ${c.id}`, warn), { seed: opts.seed, replications: reps, timelineReplication: -1, onProgress });
  // The full results (no analytic part): every SLO the scenario states (availability, outage_duration_p99, rpo_max,
  // request-level objectives) and, when it models data, the bytes lost per year.
  const doc = buildResults(run, null);
  const sys = doc.system;
  const slo = doc.slo;
  const u = sys.unavailability;
  const lostGb = dataLossGbPerMonth(doc.data?.datastores.map((d) => d.bytesLostPerYear.estimate));
  const billed = billedInstances(scenario, doc.load ?? null);
  const cost = monthlyCost(scenario, planning.cost, planning.search, choice, u.estimate, lostGb, billed);
  const totalAt = (x: number) => monthlyCost(scenario, planning.cost, planning.search, choice, x, lostGb, billed).total as number;
  const totalCi95: [number, number] | null = u.ci95 ? [totalAt(Math.max(0, u.ci95[0])), totalAt(Math.min(1, u.ci95[1]))] : null;
  const reasons: string[] = [];
  for (const check of slo) {
    if (check.status === 'fail') reasons.push(sloFailureReason(check));
    else if (check.objective === 'availability' && check.status === 'pass' && !check.confident) {
      reasons.push(`availability: the 95% CI [${sys.availability.ci95?.join(', ')}] reaches below the target ${check.target}`);
    } else if (check.objective === 'availability' && check.status === 'not-evaluated') reasons.push('availability: not estimated');
  }
  if (c.capacity && !c.capacity.meetsNk) reasons.push('N-k latency rule not met');
  const zl = planning.zoneLoss ? checkZoneLoss(scenario, planning.zoneLoss.duration, planning.zoneLoss.zonesLost, opts.seed, opts.replications, limits, warn) : null;
  if (zl) reasons.push(...zl.reasons);
  return { replications: run.accumulator.count, availability: sys.availability, outageDurationP99: sys.outageDuration.p99, slo, cost, totalCi95, zoneLoss: zl, confirmed: reasons.length === 0, reasons };
}

/**
 * Runs the capacity plan of a scenario file (see the module documentation for the rules).
 * @param base the loaded scenario document (loadBaseDocument); must have a planning section.
 * @throws Error when the base scenario has no planning section; errors of the simulator propagate.
 */
export function planCapacity(base: BaseDocument, opts: PlanOptions = {}): PlanOutcome {
  const planning = base.scenario.planning;
  if (!planning) throw new Error('the scenario has no planning section');
  const notes: string[] = [];
  // The work guard's warnings, once each, as notes.
  const warn = (w: string) => {
    if (!notes.includes(w)) notes.push(w);
  };
  const grid = enumerateGrid(planning.search);
  const built = grid.map((g) => buildCandidate(base, g, planning.search));
  const scenarios = new Map<string, Scenario>();
  const candidates: CandidateResult[] = built.map((b, i) => {
    const head = { id: b.id, settings: b.settings, rank: null, pareto: false, simulation: null };
    opts.onProgress?.('screening', i, built.length);
    if (!b.ok) return { ...head, status: 'invalid', errors: b.errors, analytic: null, capacity: null, cost: null, feasible: false, infeasible: ['invalid scenario'] };
    scenarios.set(b.id, b.scenario);
    return { ...head, ...screen(b.scenario, planning, b.choice, { ...PLAN_ANALYTIC_BUDGET, ...(opts.maxStates ? { maxStates: opts.maxStates } : {}) }) };
  });
  opts.onProgress?.('screening', built.length, built.length);
  const feasible = candidates
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.feasible)
    .sort((x, y) => (x.c.cost?.total ?? Infinity) - (y.c.cost?.total ?? Infinity) || x.i - y.i);
  feasible.forEach(({ c }, r) => (c.rank = r + 1));
  const frontier = paretoFrontier(candidates);
  for (const c of candidates) c.pareto = frontier.includes(c.id);

  const toConfirm = opts.confirm === false ? [] : feasible.slice(0, planning.confirm);
  const perRun = (id: string) => opts.replications ?? (scenarios.get(id) as Scenario).plan.replications;
  const confirmTotal = toConfirm.reduce((n, { c }) => n + perRun(c.id), 0);
  let confirmDone = 0;
  toConfirm.forEach(({ c, i }, j) => {
    opts.onConfirm?.(c.id, j + 1, toConfirm.length);
    const before = confirmDone;
    c.simulation = simulate(c, scenarios.get(c.id) as Scenario, planning, built[i].choice, opts, warn, (done) => opts.onProgress?.('confirming', before + done, confirmTotal));
    confirmDone = before + perRun(c.id);
    opts.onProgress?.('confirming', confirmDone, confirmTotal);
  });
  let chosen: CandidateResult | null = null;
  let chosenBy: PlanOutcome['chosenBy'] = null;
  if (toConfirm.length > 0) {
    const ok = toConfirm.filter(({ c }) => c.simulation?.confirmed);
    ok.sort((x, y) => (x.c.simulation?.cost.total ?? Infinity) - (y.c.simulation?.cost.total ?? Infinity) || (x.c.rank ?? 0) - (y.c.rank ?? 0));
    if (ok.length > 0) {
      chosen = ok[0].c;
      chosenBy = 'simulation';
    } else notes.push(`none of the ${toConfirm.length} cheapest analytically feasible candidates is confirmed by simulation: raise planning.confirm or revisit the search`);
  } else if (feasible.length > 0) {
    chosen = feasible[0].c;
    chosenBy = 'analytic';
    notes.push('chosen on the analytic screening alone (no simulation confirmation)');
  }
  if (feasible.length === 0) notes.push('no candidate is analytically feasible');
  const modelsData = (base.scenario.data?.datastores.length ?? 0) > 0;
  if (planning.cost.perGbLost > 0 && !modelsData) notes.push('per_gb_lost is set but this scenario does not model data loss: the data-loss cost is 0');
  if (planning.cost.perGbLost > 0 && modelsData) notes.push('the data-loss cost (simulated bytes lost x per_gb_lost) enters the simulated costs only: the analytic screening ranks without it');
  if (base.scenario.slo.outageDurationP99 !== undefined) notes.push('outage_duration_p99 has no analytic counterpart: it is checked on the simulated candidates only');
  if (base.scenario.slo.rpoMax !== undefined) {
    notes.push(modelsData ? 'rpo_max has no analytic counterpart: it is checked on the simulated candidates only' : 'rpo_max is not modelled by this scenario and is not checked');
  }
  const approx = candidates.filter((c) => c.analytic?.approximate).length;
  if (approx > 0) notes.push(`${approx} of ${candidates.length} candidates have approximate analytic values (see their violations)`);
  let nk: NkAnalysis | null = null;
  if (planning.load) {
    const sc = (chosen && scenarios.get(chosen.id)) || base.scenario;
    nk = nkAnalysis(planning.load, sc.components.find((c) => c.name === planning.load?.component)?.count ?? 0);
  }
  const nkSimulation =
    planning.nkSimulation && opts.confirm !== false ? simulateNk((chosen && scenarios.get(chosen.id)) || base.scenario, planning.nkSimulation, opts.seed, chosen?.id ?? null, opts.limits, warn) : null;
  return { planning, candidates, frontier, confirmed: toConfirm.map(({ c }) => c.id), chosen: chosen?.id ?? null, chosenBy, nk, nkSimulation, notes };
}
