import type { AnalyzeOptions } from '../analytic/expectations.js';

/**
 * Analytic budget per candidate: a grid has up to `max_candidates` points, so the screening uses a smaller
 * CTMC cap than the CLI's single-scenario budget (src/cli/analytic-budget.ts: 20 000 states), and skips the
 * transient solutions (only the steady state is used) and the phase-type fits of non-exponential laws
 * (exponential laws with the same means: one chain per candidate instead of up to four). Larger CTMCs fall back to the flagged
 * independent-components approximation; simulation confirms the candidates that matter.
 * The independent-module decomposition is off (modules: false): the screening's values stay those of the
 * whole chain or the flagged fallback.
 * A module of its own (type imports only) so the CLI's help text can name the default without loading the planner.
 */
export const PLAN_ANALYTIC_BUDGET: Required<AnalyzeOptions> = { maxStates: 5000, maxWork: 1e6, maxPhaseOrder: 1, modules: false };
