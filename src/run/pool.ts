/**
 * A pool of worker threads running chunks of replications (tinypool). The pool knows nothing about
 * stopping rules or aggregation: it turns (scenario, [start, end)) into ReplicationOutputs, which are the
 * same numbers the main thread would compute (same code, same seed streams, same floating point).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { Scenario } from '../scenario/types.js';
import { InputError } from '../scenario/errors.js';
import type { ReplicationOutput } from './replication.js';
import { unpackOutputs } from './stats-codec.js';
import type { ChunkResult, ChunkTask } from './worker.js';

/**
 * The compiled worker entry. Resolved relative to this module: from dist/run/ and from src/run/ (tests)
 * both lead to <package>/dist/run/worker.js, so the workers always run compiled JavaScript.
 */
export const WORKER_FILE = fileURLToPath(new URL('../../dist/run/worker.js', import.meta.url));

/** Threads the machine offers to this process (os.availableParallelism, at least 1). */
export function machineParallelism(): number {
  return Math.max(1, availableParallelism());
}

/** Tasks sent to each worker at once (one running, the rest queued in the worker). */
export const TASKS_PER_WORKER = 3;

let runCounter = 0;

/** Worker threads running replication chunks. Create once, use for one or more runs, then `destroy()`. */
export class ReplicationPool {
  private readonly pool: Tinypool;
  private destroyed = false;
  /** Tasks sent with the scenario, by run id (the first tasks of a run carry it). */
  private readonly sentScenario = new Map<string, number>();

  /**
   * @param threads worker threads (>= 1); they start lazily with the first tasks and stay until destroy().
   * @throws Error when dist/run/worker.js is missing (run `npm run build`).
   */
  constructor(readonly threads: number) {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`worker threads must be an integer >= 1, got ${threads}`);
    if (!existsSync(WORKER_FILE)) throw new Error(`worker entry ${WORKER_FILE} not found: build faultline first (npm run build)`);
    // TASKS_PER_WORKER tasks per worker: the others wait in the worker, which answers each one as soon as it
    // is done (runChunkInTurn), so a worker never idles while the main thread is busy computing a chunk of
    // its own (it hands out tasks only between chunks, about TARGET_CHUNK_SECONDS apart).
    this.pool = new Tinypool({
      filename: WORKER_FILE,
      name: 'runChunkInTurn',
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      concurrentTasksPerWorker: TASKS_PER_WORKER,
    });
  }

  /** A fresh id for a run: workers cache the compiled model under it. */
  static newRunId(): string {
    return `${process.pid}-${++runCounter}`;
  }

  /**
   * Runs replications [start, end) of `scenario` on some worker and resolves with their outputs in
   * replication order. The first tasks of a run (one per task slot of the pool) carry the scenario, so that a
   * worker starting on a run compiles it at once; later ones carry it only when a worker answers that it has
   * not compiled `runId` (one more round trip).
   */
  async runChunk(runId: string, scenario: Scenario, start: number, end: number, timelineReplication: number): Promise<ReplicationOutput[]> {
    const task: ChunkTask = { runId, start, end, timelineReplication };
    const sent = this.sentScenario.get(runId) ?? 0;
    if (sent < this.threads * TASKS_PER_WORKER) {
      this.sentScenario.set(runId, sent + 1);
      // A pool may serve many runs: forget the oldest (a worker without the model asks for it anyway).
      if (this.sentScenario.size > 64) this.sentScenario.delete(this.sentScenario.keys().next().value as string);
      task.scenario = scenario;
    }
    let result = (await this.pool.run(task)) as ChunkResult;
    if (result.missing) result = (await this.pool.run({ ...task, scenario })) as ChunkResult;
    if (result.missing) throw new Error('worker did not accept the scenario');
    if ('inputError' in result) throw new InputError(result.inputError);
    return unpackOutputs(result.packed);
  }

  /** Stops the worker threads (pending tasks are rejected). Idempotent. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.pool.destroy();
  }
}
