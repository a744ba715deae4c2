/**
 * The batch schedule and precision stopping rule of a run, shared by every way of running replications
 * (worker pool, shard merge). `runScenario` (runner.ts) uses the same two functions: replications are taken in
 * order in batches of BATCH_SIZE and the rule is checked only at batch boundaries, so the replication a
 * run stops at depends only on (scenario, seed, plan), never on threads, chunking or shards.
 */
import type { Accumulator } from '../results/aggregate.js';
import type { Scenario } from '../scenario/types.js';
import type { ReplicationOutput } from './replication.js';
import { BATCH_SIZE, type RunOutput, type StopReason } from './run-output.js';

/** Half-open replication range [start, end). */
export interface Range {
  start: number;
  end: number;
}

/** The batches of a run of `replications`: [0, 50), [50, 100), ... (the last one may be shorter). */
export function batchRanges(replications: number): Range[] {
  const out: Range[] = [];
  for (let start = 0; start < replications; start += BATCH_SIZE) out.push({ start, end: Math.min(start + BATCH_SIZE, replications) });
  return out;
}

/**
 * The precision rule after a batch ending at `end` (replications done): true when a target half-width is
 * set, at least `minReplications` are done, more were planned, and the availability 95% CI half-width is at
 * most the target.
 */
export function precisionReached(acc: Accumulator, end: number, plan: Scenario['plan']): boolean {
  const { replications, targetHalfWidth, minReplications } = plan;
  if (targetHalfWidth === null || end < minReplications || end >= replications) return false;
  const hw = acc.availability().halfWidth;
  return hw !== null && hw <= targetHalfWidth;
}

/** Supplies the outputs of replications [start, end) in replication order (from a pool, a shard file...). */
export type BatchSource = (batch: Range) => Promise<ReplicationOutput[]> | ReplicationOutput[];

/**
 * Feeds batches to `acc` in replication order and applies the stopping rule after each batch.
 * @returns why the run stopped, the replications consumed and the recorded timeline (if its replication ran).
 */
export async function driveBatches(
  scenario: Scenario,
  acc: Accumulator,
  source: BatchSource,
  onProgress?: (done: number, total: number) => void,
): Promise<{ stoppedBy: StopReason; done: number; timeline: RunOutput['timeline'] }> {
  const { replications } = scenario.plan;
  let timeline: RunOutput['timeline'] = null;
  let stoppedBy: StopReason = 'replications';
  let done = 0;
  for (const batch of batchRanges(replications)) {
    const outputs = await source(batch);
    if (outputs.length !== batch.end - batch.start) throw new Error(`batch [${batch.start}, ${batch.end}) got ${outputs.length} replications`);
    for (let i = 0; i < outputs.length; i++) {
      const out = outputs[i];
      if (out.stats.replication !== batch.start + i) throw new Error(`expected replication ${batch.start + i}, got ${out.stats.replication}`);
      acc.add(out.stats);
      if (out.timeline) timeline = { replication: out.stats.replication, ...out.timeline };
    }
    done = batch.end;
    onProgress?.(done, replications);
    if (precisionReached(acc, done, scenario.plan)) {
      stoppedBy = 'precision';
      break;
    }
  }
  return { stoppedBy, done, timeline };
}
