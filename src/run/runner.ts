import { compileModel } from '../model/compiled-model.js';
import { Accumulator } from '../results/aggregate.js';
import type { Scenario } from '../scenario/types.js';
import { batchRanges, precisionReached } from './batches.js';
import { runReplication } from './replication.js';

/** Overrides and hooks for a simulation run. */
export interface RunOptions {
  /** Master seed; defaults to the scenario's. */
  seed?: number;
  /** Number of replications (the maximum with a precision target); defaults to the scenario's. */
  replications?: number;
  /** Stop once the availability 95% CI half-width is at most this; defaults to the scenario's (or none). */
  targetHalfWidth?: number | null;
  /** Called after each batch with (replications done, maximum). */
  onProgress?: (done: number, total: number) => void;
  /** Replication whose timeline is recorded (default 0); -1 records none. */
  timelineReplication?: number;
}

export { BATCH_SIZE, type RunOutput, type StopReason } from './run-output.js';
import { type RunOutput, type StopReason } from './run-output.js';

/** Applies CLI/API overrides to a scenario (returns a copy; the input is not modified). */
export function applyOverrides(scenario: Scenario, options: RunOptions): Scenario {
  return {
    ...scenario,
    seed: options.seed ?? scenario.seed,
    plan: {
      ...scenario.plan,
      replications: options.replications ?? scenario.plan.replications,
      targetHalfWidth: options.targetHalfWidth === undefined ? scenario.plan.targetHalfWidth : options.targetHalfWidth,
    },
  };
}

/**
 * Runs independent replications of a scenario on this thread, in replication order, until the planned
 * number or until the availability CI is narrow enough (checked every BATCH_SIZE replications, never
 * before `plan.minReplications`).
 * @throws RangeError when replications < 1 or the seed is not a non-negative integer.
 */
export function runScenario(input: Scenario, options: RunOptions = {}): RunOutput {
  const scenario = applyOverrides(input, options);
  const { replications } = scenario.plan;
  if (!Number.isInteger(replications) || replications < 1) throw new RangeError(`replications must be an integer >= 1, got ${replications}`);
  if (!Number.isInteger(scenario.seed) || scenario.seed < 0) throw new RangeError(`seed must be an integer >= 0, got ${scenario.seed}`);
  const model = compileModel(scenario);
  const acc = new Accumulator(scenario);
  const timelineRep = options.timelineReplication ?? 0;
  let timeline: RunOutput['timeline'] = null;
  let stoppedBy: StopReason = 'replications';
  for (const batch of batchRanges(replications)) {
    for (let r = batch.start; r < batch.end; r++) {
      const out = runReplication(model, r, r === timelineRep);
      acc.add(out.stats);
      if (out.timeline) timeline = { replication: r, ...out.timeline };
    }
    options.onProgress?.(batch.end, replications);
    if (precisionReached(acc, batch.end, scenario.plan)) {
      stoppedBy = 'precision';
      break;
    }
  }
  return { scenario, accumulator: acc, stoppedBy, timeline };
}
