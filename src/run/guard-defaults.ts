/**
 * Default limits of the work guard (src/run/work-guard.ts; docs/limits.md), in a module without imports so the
 * CLI can print them in its help text without loading the guard.
 */

/** Default refusal threshold for events: about half an hour of one thread at the slowest measured event rate. */
export const DEFAULT_MAX_EVENTS = 2e9;
/** Default refusal threshold for retained results, bytes (1 GiB; Node's default heap is 2-4 GiB). */
export const DEFAULT_MAX_MEMORY = 1024 ** 3;
