/**
 * Worker-thread entry of the replication pool (src/run/pool.ts); loaded by tinypool from the compiled
 * dist/run/worker.js. Each task runs a contiguous chunk of replications of one scenario and returns their
 * ReplicationStats packed by src/run/stats-codec.ts (the core statistics as one Float64Array; the areas'
 * entries structured-cloned, so fields added by other model areas travel too).
 *
 * The compiled model is cached per run id: the main thread sends the scenario only when a worker says it
 * does not have it yet ({ missing: true }), so a run pays the scenario clone once per worker.
 */
import { compileModel, type CompiledModel } from '../model/compiled-model.js';
import type { Scenario } from '../scenario/types.js';
import { InputError } from '../scenario/errors.js';
import { runReplication, type ReplicationOutput } from './replication.js';
import { packOutputs, type PackedOutputs } from './stats-codec.js';

/** One chunk of work: replications [start, end) of run `runId`. */
export interface ChunkTask {
  runId: string;
  /** The scenario (with overrides applied); sent only after the worker answered `missing`. */
  scenario?: Scenario;
  start: number;
  end: number;
  /** Replication whose timeline is recorded (-1: none). */
  timelineReplication: number;
}

/** A worker's answer: the outputs in replication order (packed), an input error's message, or a request for the scenario. */
export type ChunkResult = { missing: true } | { missing?: false; packed: PackedOutputs } | { missing?: false; inputError: string };

/** Compiled models kept per worker (the most recent runs; a pool normally serves one run at a time). */
const CACHE_SIZE = 4;
const cache = new Map<string, CompiledModel>();

function modelFor(task: ChunkTask): CompiledModel | null {
  let model = cache.get(task.runId);
  if (model) return model;
  if (!task.scenario) return null;
  model = compileModel(task.scenario);
  cache.set(task.runId, model);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return model;
}

/** Runs one chunk (tinypool calls the default export). Deterministic: depends only on (scenario, seed, replication). */
export default function runChunk(task: ChunkTask): ChunkResult {
  const model = modelFor(task);
  if (!model) return { missing: true };
  const outputs: ReplicationOutput[] = [];
  try {
    for (let r = task.start; r < task.end; r++) outputs.push(runReplication(model, r, r === task.timelineReplication));
  } catch (e) {
    // Errors cross the thread boundary as plain Errors: keep "bad input" (exit 2) recognisable.
    if (e instanceof InputError) return { inputError: e.message };
    throw e;
  }
  return { packed: packOutputs(outputs) };
}

/** The next turn of this thread's event loop (a macrotask). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * What the pool calls (ReplicationPool sets tinypool's `name` to this): `runChunk` after one turn of the
 * event loop. A worker holds TASKS_PER_WORKER tasks at once; tinypool starts them all in the same turn and
 * posts a task's answer only after its promise settles, so with a synchronous handler the queued task would
 * run before the first one's answer leaves (answers in pairs, then the worker idles until the main thread
 * sends more: 15-25% of its time on the e-commerce model). Starting each task in its own turn lets every
 * answer leave as soon as its chunk is done, while the next queued chunk runs.
 */
export async function runChunkInTurn(task: ChunkTask): Promise<ChunkResult> {
  await nextTurn();
  return runChunk(task);
}
