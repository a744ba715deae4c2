/**
 * What a finished run is (shared by the single-thread runner, the worker pool and shard merging) and the
 * batch size of the precision rule. A leaf of src/run/, so runner.ts and batches.ts both import it.
 */
import type { TimelineEntry } from '../observe/timeline.js';
import type { Accumulator } from '../results/aggregate.js';
import type { Scenario } from '../scenario/types.js';

/** Why the run stopped. */
export type StopReason = 'replications' | 'precision';

/** A finished run: the accumulated replications plus what is needed to reproduce it. */
export interface RunOutput {
  scenario: Scenario;
  accumulator: Accumulator;
  stoppedBy: StopReason;
  timeline: { replication: number; entries: TimelineEntry[]; truncated: boolean } | null;
}

/**
 * The precision rule is checked only after whole batches, so the number of replications a run stops at
 * does not depend on how replications are scheduled (a worker pool finishing in another order stops at the
 * same batch boundary).
 */
export const BATCH_SIZE = 50;
