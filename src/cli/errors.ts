import { InputError, ScenarioError } from '../scenario/errors.js';
import { warn } from './terminal-text.js';

/** Exit code for bad input (scenario errors) and command-line usage errors. */
export const EXIT_USAGE = 2;
/** Exit code when the run worked but an SLO is violated (for CI gating). */
export const EXIT_SLO_VIOLATED = 3;
/** Exit code for an unexpected internal error. */
export const EXIT_INTERNAL = 1;

/**
 * Prints an error on stderr and returns its exit code: scenario errors print their file:line:col messages
 * and give 2; anything else prints one line (the stack only with --debug) and gives 1.
 */
export function reportError(err: unknown, debug: boolean): number {
  if (err instanceof ScenarioError) { // ScenarioErrors (several at once) is a ScenarioError too
    warn(`${err.message}\n`);
    if (debug && err.stack) warn(`${err.stack}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof InputError) {
    warn(`faultline: ${err.message}\n`);
    if (debug && err.stack) warn(`${err.stack}\n`);
    return EXIT_USAGE;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  warn(`faultline: internal error: ${e.message}\n`);
  warn(debug && e.stack ? `${e.stack}\n` : 'run again with --debug for the stack trace\n');
  return EXIT_INTERNAL;
}
