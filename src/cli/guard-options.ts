/**
 * The work-guard flags shared by run, compare, plan and validate (`--max-events`, `--max-memory`) and the
 * check every simulating command makes before its first replication (src/run/work-guard.ts; docs/limits.md).
 */
import { InvalidArgumentError } from 'commander';
import { DEFAULT_MAX_EVENTS, DEFAULT_MAX_MEMORY, guardedRun, type WorkLimits } from '../run/work-guard.js';
import { tryParseSize } from '../scenario/size.js';
import type { Scenario } from '../scenario/types.js';
import { warn } from './terminal-text.js';

/** Options carrying the guard limits. */
export interface GuardOptions {
  maxEvents?: number;
  maxMemory?: number;
}

function eventCount(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?(e\+?\d+)?$/i.test(value.trim()) || !(n >= 1) || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number of events >= 1 such as 5e9, got "${value}"`);
  return n;
}

function memorySize(value: string): number {
  const r = tryParseSize(value);
  if (!r.ok || !(r.value >= 1)) throw new InvalidArgumentError(`expected a size such as 4GiB or 800MB, got "${value}"`);
  return r.value;
}

/**
 * Parses the --max-events and --max-memory values in place (src/cli/main.ts declares the flags as strings and
 * calls this before the command runs, so start-up loads no guard code).
 * @throws InvalidArgumentError naming the flag, the value and what was expected (a usage error, exit 2).
 */
export function parseGuardFlags(opts: Record<string, unknown>): void {
  for (const [key, flag, parse] of [['maxEvents', '--max-events <n>', eventCount], ['maxMemory', '--max-memory <size>', memorySize]] as const) {
    const value = opts[key];
    if (typeof value !== 'string') continue;
    try {
      opts[key] = parse(value);
    } catch (e) {
      throw new InvalidArgumentError(`option '${flag}' argument '${value}' is invalid. ${(e as Error).message}`);
    }
  }
}

/** The limits given by the flags, defaults elsewhere. */
export function limitsFrom(opts: GuardOptions): WorkLimits {
  return { maxEvents: opts.maxEvents ?? DEFAULT_MAX_EVENTS, maxMemory: opts.maxMemory ?? DEFAULT_MAX_MEMORY };
}

/**
 * Checks a run before it starts and prints the guard's warnings on stderr; sets the scenario's per-replication
 * event budget (`plan.eventBudget`, see eventBudget in src/run/work-guard.ts).
 * @throws InputError (exit 2) when the estimate is over a limit.
 */
export function guardRun(sc: Scenario, opts: GuardOptions, replications: number, what?: string): void {
  // The estimate cannot foresee every dynamic (ejection cycles, retry storms): each replication may fire at
  // most 4 x its share of the limit, so a runaway replication stops with exit 2 instead of running for hours.
  sc.plan.eventBudget = guardedRun(sc, limitsFrom(opts), replications, what, (w) => warn(w + '\n')).plan.eventBudget;
}
