/**
 * The plan JSON ('faultline.plan/v1'): the outcome of `faultline plan`, from which plan.md and the frontier
 * chart are rendered. Plain JSON (null instead of Infinity/NaN), times in seconds, availabilities as
 * fractions, money per month in `costModel.currency`. Contains nothing that depends on the machine or the
 * wall clock: the same scenario, seed and options give byte-identical files.
 */
import { toolVersion } from '../results/document.js';
import type { Scenario } from '../scenario/types.js';
import type { CostModel, LoadSpec } from './types.js';
import { MINUTES_PER_MONTH, unpriced } from './cost.js';
import type { NkAnalysis } from './erlang-nk.js';
import type { NkSimulation } from './nk-simulation.js';
import { PLAN_ANALYTIC_BUDGET, type CandidateResult, type PlanOutcome } from './search.js';

/** Identifier of the plan JSON format. */
export const PLAN_SCHEMA = 'faultline.plan/v1';

export interface PlanDocument {
  schema: typeof PLAN_SCHEMA;
  tool: { name: 'faultline'; version: string };
  scenario: { name: string; file: string; seed: number; replications: number; horizon: number };
  slo: { availability: number | null; outageDurationP99: number | null; rpoMax: number | null };
  costModel: CostModel & { minutesPerMonth: number; unpriced: string[] };
  knobs: { path: string; values: unknown[]; costPerMonth: number[] | null }[];
  /** The rules applied, in words (what "feasible", "confirmed" and "chosen" mean). */
  rules: { feasibility: string; confirmation: string; choice: string; analyticBudget: { maxStates: number; maxWork: number } };
  summary: { candidates: number; invalid: number; analyticErrors: number; feasible: number; simulated: number; confirmed: number };
  chosen: string | null;
  chosenBy: PlanOutcome['chosenBy'];
  /** Candidate ids on the Pareto frontier of (expected total cost, analytic availability), by increasing cost. */
  frontier: string[];
  /** Candidate ids simulated, by analytic rank. */
  simulated: string[];
  load: (LoadSpec & { nk: NkAnalysis | null }) | null;
  /** Simulated N-k table at peak (planning.n_minus_k_at_peak), non-finite numbers as null; null without it. */
  nkSimulation: NkSimulation | null;
  candidates: CandidateResult[];
  notes: string[];
  /** Command that reproduces this file. */
  replay: string;
}

export const FEASIBILITY_RULE =
  'analytic steady-state availability (interval availability when the steady state is undefined) >= slo.availability, ' +
  'and with a load section N - max_down instances meet the latency SLO (Erlang C); outage_duration_p99 and rpo_max have no analytic check';
export const CONFIRMATION_RULE =
  'simulated with the scenario replication plan: the whole 95% CI of availability >= slo.availability (CI lower bound), ' +
  'p99 outage duration estimate <= slo.outage_duration_p99, and the N-k rule';
export const CHOICE_RULE =
  'the confirmed candidate with the lowest simulated expected monthly cost (ties: analytic rank); ' +
  'without simulation, the feasible candidate with the lowest analytic expected monthly cost';

/** Options that change the document, for the replay command. */
export interface PlanRunInfo {
  seed: number;
  replications: number;
  confirm: boolean;
  maxStates?: number;
}

/** Builds the plan document. */
export function buildPlanDocument(scenario: Scenario, outcome: PlanOutcome, info: PlanRunInfo): PlanDocument {
  const p = outcome.planning;
  const cands = outcome.candidates;
  const replay = ['npx faultline plan', JSON.stringify(scenario.file), `--seed ${info.seed}`, `--replications ${info.replications}`];
  if (!info.confirm) replay.push('--no-confirm');
  if (info.maxStates !== undefined) replay.push(`--max-states ${info.maxStates}`);
  return {
    schema: PLAN_SCHEMA,
    tool: { name: 'faultline', version: toolVersion() },
    scenario: { name: scenario.name, file: scenario.file, seed: info.seed, replications: info.replications, horizon: scenario.horizon },
    slo: { availability: scenario.slo.availability ?? null, outageDurationP99: scenario.slo.outageDurationP99 ?? null, rpoMax: scenario.slo.rpoMax ?? null },
    costModel: { ...p.cost, minutesPerMonth: MINUTES_PER_MONTH, unpriced: unpriced(scenario, p.cost) },
    knobs: p.search.map((k) => ({ path: k.path, values: k.values, costPerMonth: k.costPerMonth })),
    rules: {
      feasibility: FEASIBILITY_RULE,
      confirmation: CONFIRMATION_RULE,
      choice: CHOICE_RULE,
      analyticBudget: { ...PLAN_ANALYTIC_BUDGET, ...(info.maxStates !== undefined ? { maxStates: info.maxStates } : {}) },
    },
    summary: {
      candidates: cands.length,
      invalid: cands.filter((c) => c.status === 'invalid').length,
      analyticErrors: cands.filter((c) => c.status === 'analytic-error').length,
      feasible: cands.filter((c) => c.feasible).length,
      simulated: outcome.confirmed.length,
      confirmed: cands.filter((c) => c.simulation?.confirmed).length,
    },
    chosen: outcome.chosen,
    chosenBy: outcome.chosenBy,
    frontier: outcome.frontier,
    simulated: outcome.confirmed,
    load: p.load ? { ...p.load, nk: outcome.nk } : null,
    nkSimulation: outcome.nkSimulation ? sanitize(outcome.nkSimulation) : null,
    candidates: cands.map(sanitizeCandidate),
    notes: outcome.notes,
    replay: replay.join(' '),
  };
}

/** Replaces non-finite numbers by null everywhere in a candidate (the document is JSON). */
function sanitize<T>(c: T): T {
  return JSON.parse(JSON.stringify(c, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as T;
}
const sanitizeCandidate = (c: CandidateResult): CandidateResult => sanitize(c);
