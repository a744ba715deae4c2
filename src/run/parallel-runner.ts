/**
 * Runs a scenario's replications on worker threads with results byte-identical to `runScenario`: the
 * pool computes replications ahead in chunks, the main thread folds them into the Accumulator in
 * replication order, batch by batch, and applies the same precision rule at the same batch boundaries
 * (replications computed past the stop point are discarded).
 */
import { Accumulator } from '../results/aggregate.js';
import type { Scenario } from '../scenario/types.js';
import { batchRanges, driveBatches, type Range } from './batches.js';
import type { ReplicationOutput } from './replication.js';
import { ReplicationSource, type WorkerOptions } from './replication-source.js';
import { applyOverrides, type RunOptions, type RunOutput } from './runner.js';

/** Options of a pooled run: the run overrides plus how to spread the work over threads. */
export interface ParallelRunOptions extends RunOptions, WorkerOptions {}

/** A finished run and the number of threads that computed it (1 = this thread only). */
export interface ParallelRunOutput extends RunOutput {
  threads: number;
}

/** Checks the plan like runScenario does. @throws RangeError on bad replications or seed. */
export function checkPlan(scenario: Scenario): void {
  const { replications } = scenario.plan;
  if (!Number.isInteger(replications) || replications < 1) throw new RangeError(`replications must be an integer >= 1, got ${replications}`);
  if (!Number.isInteger(scenario.seed) || scenario.seed < 0) throw new RangeError(`seed must be an integer >= 0, got ${scenario.seed}`);
}

/**
 * Like `runScenario` (same overrides, same stopping rule, byte-identical results) but replications may run
 * on worker threads (`workers`, default 'auto').
 * @throws RangeError when replications < 1, the seed is not a non-negative integer or workers is invalid.
 */
export async function runScenarioParallel(input: Scenario, options: ParallelRunOptions = {}): Promise<ParallelRunOutput> {
  const scenario = applyOverrides(input, options);
  checkPlan(scenario);
  const acc = new Accumulator(scenario);
  const mayStopEarly = scenario.plan.targetHalfWidth !== null;
  const source = new ReplicationSource(scenario, batchRanges(scenario.plan.replications), options.timelineReplication ?? 0, options, mayStopEarly);
  try {
    const { stoppedBy, timeline } = await driveBatches(scenario, acc, (b) => source.get(b), options.onProgress);
    return { scenario, accumulator: acc, stoppedBy, timeline, threads: source.threads };
  } finally {
    await source.close();
  }
}

/**
 * Runs every replication in [range.start, range.end) of a scenario (overrides already applied), no stopping
 * rule: the building block of a shard. Returns the outputs in replication order.
 */
export async function runReplicationRange(
  scenario: Scenario,
  range: Range,
  options: WorkerOptions & { timelineReplication?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ outputs: ReplicationOutput[]; threads: number }> {
  checkPlan(scenario);
  const pieces: Range[] = [];
  for (let s = range.start; s < range.end; s += 50) pieces.push({ start: s, end: Math.min(s + 50, range.end) });
  const source = new ReplicationSource(scenario, pieces, options.timelineReplication ?? 0, options, false);
  try {
    const outputs: ReplicationOutput[] = [];
    for (const p of pieces) {
      outputs.push(...(await source.get(p)));
      options.onProgress?.(p.end - range.start, range.end - range.start);
    }
    return { outputs, threads: source.threads };
  } finally {
    await source.close();
  }
}
