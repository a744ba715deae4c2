import type { AnalyzeOptions } from '../analytic/expectations.js';

/**
 * Budget of the analytic model on the command line, so that the comparison never costs more than about a
 * second: CTMCs above 20 000 states fall back to the (flagged) independent-components approximation, and
 * transient solutions (A(t), interval availability) above 2e8 operations are skipped with a note.
 */
export const CLI_ANALYTIC_BUDGET: AnalyzeOptions = { maxStates: 20_000, maxWork: 2e8 };

/**
 * The CLI budget with the `--max-states` option applied.
 * @param maxStates state cap from the command line (integer >= 1), or undefined for the default
 */
export function analyticBudget(maxStates?: number): AnalyzeOptions {
  return maxStates === undefined ? CLI_ANALYTIC_BUDGET : { ...CLI_ANALYTIC_BUDGET, maxStates };
}
