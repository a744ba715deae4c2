/**
 * The work-guard flags shared by run, compare, plan and validate (`--max-events`, `--max-memory`) and the
 * check every simulating command makes before its first replication (src/run/work-guard.ts; docs/limits.md).
 */
import { InvalidArgumentError, Option } from 'commander';
import { checkWork, DEFAULT_MAX_EVENTS, DEFAULT_MAX_MEMORY, type WorkLimits } from '../run/work-guard.js';
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

/** The --max-events and --max-memory options (new objects for each command). */
export function guardOptions(): Option[] {
  return [
    new Option('--max-events <n>', `refuse runs estimated above n kernel events (default ${DEFAULT_MAX_EVENTS.toPrecision(2)}; docs/limits.md)`).argParser(eventCount),
    new Option('--max-memory <size>', `refuse runs whose per-replication results are estimated above size (default ${DEFAULT_MAX_MEMORY / 1024 ** 3}GiB)`).argParser(memorySize),
  ];
}

/** The limits given by the flags, defaults elsewhere. */
export function limitsFrom(opts: GuardOptions): WorkLimits {
  return { maxEvents: opts.maxEvents ?? DEFAULT_MAX_EVENTS, maxMemory: opts.maxMemory ?? DEFAULT_MAX_MEMORY };
}

/**
 * Checks a run before it starts and prints the guard's warnings on stderr.
 * @throws InputError (exit 2) when the estimate is over a limit.
 */
export function guardRun(sc: Scenario, opts: GuardOptions, replications: number, what?: string): void {
  for (const w of checkWork(sc, limitsFrom(opts), replications, what)) warn(w + '\n');
}
