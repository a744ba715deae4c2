/**
 * Produces the outputs of planned replication ranges, in order, either on this thread or on a worker pool
 * dispatching chunks ahead of the consumer. Which one is used changes only the speed: every replication's
 * numbers depend only on (scenario, seed, replication).
 */
import { compileModel, type CompiledModel } from '../model/compiled-model.js';
import type { Scenario } from '../scenario/types.js';
import type { Range } from './batches.js';
import { BATCH_SIZE } from './runner.js';
import { machineParallelism, ReplicationPool, TASKS_PER_WORKER } from './pool.js';
import { runReplication, type ReplicationOutput } from './replication.js';

/** How replications are spread over threads. */
export interface WorkerOptions {
  /**
   * Threads computing replications: 1 = this thread only (no pool); n > 1 = this thread plus a pool of
   * n - 1 workers; 'auto' (default) starts on this thread and, once the speed is measured (after 0.5 s of CPU),
   * adds min(available parallelism, chunks left + 1) - 1 workers only if the rest would take longer than
   * AUTO_POOL_MIN_SECONDS on one thread (a worker costs start-up and JIT warm-up, ~0.3-0.8 s of CPU); the
   * decision is taken after each slice of replications, also within the first batch.
   */
  workers?: number | 'auto';
  /**
   * Replications per pool task. Default: adaptive, about TARGET_CHUNK_SECONDS of work per task from the
   * replication time measured on this thread (re-measured on every task it computes), 1..MAX_CHUNK_SIZE
   * (cheap replications amortise messaging, expensive ones balance the load), and at most 1/(2 x threads) of
   * the replications left, so that the threads finish together. Larger amortises messaging, smaller balances load. Tasks may span
   * several batches of the stopping rule.
   */
  chunkSize?: number;
  /** Use this pool instead of starting one (it is not destroyed at the end). */
  pool?: ReplicationPool;
  /**
   * Called with the number of replications just computed (1 on this thread, a chunk's size from a worker),
   * as they finish, possibly ahead of the batch being consumed: lets a progress bar move between batches.
   */
  onComputed?: (replications: number) => void;
  /** 'auto' thresholds (tests and benchmarks): CPU seconds measured before deciding, and of work left to start a pool. */
  auto?: { measureSeconds?: number; minSeconds?: number };
}

/**
 * Replications per pool task before the replication time is measured, and the granularity that bounds the
 * threads an explicit worker count starts for a short run (one thread per CHUNK_SIZE replications at most).
 */
export const CHUNK_SIZE = 25;
/**
 * Largest adaptive task: cheap replications (a few us) are sent in tasks of thousands, since messaging a task
 * costs about 0.1-0.4 ms of CPU on each side whatever it carries.
 */
export const MAX_CHUNK_SIZE = 5000;
/** Work per pool task the adaptive chunk size aims at, seconds: far above the messaging cost, small enough to balance. */
export const TARGET_CHUNK_SECONDS = 0.02;
/** Replication time this thread measures before sizing chunks (explicit worker counts), seconds. */
const SIZING_SECONDS = 0.05;
/**
 * 'auto' starts worker threads only for more than this much estimated single-thread work left, seconds. A
 * worker costs its start-up (~0.1-0.2 s of CPU: it loads only the runtime modules, src/area-runtimes.ts) and
 * its JIT warm-up (0.3-0.6 s of CPU for the bundled scenarios), c <= ~0.8 s; while it starts this thread keeps
 * computing, so on 2 free cores the run gains once the work left W exceeds c ((W + c) / 2 < W). 1.5 s keeps
 * a margin of about 2c (the flagship `npm start` run, ~2.5 s of work, uses both cores).
 */
export const AUTO_POOL_MIN_SECONDS = 1.5;
/** 'auto' runs this much CPU time (seconds) on this thread before deciding, so the JIT has settled. */
export const AUTO_MEASURE_SECONDS = 0.5;
/** Chunks dispatched ahead of the one being consumed, per thread (keeps workers busy; bounds wasted work after a precision stop). */
const LOOKAHEAD_PER_THREAD = 8;

/** The replications of consecutive ranges as one range (empty when there are none). */
function span(ranges: Range[]): Range {
  return ranges.length ? { start: ranges[0].start, end: ranges[ranges.length - 1].end } : { start: 0, end: 0 };
}

interface Chunk extends Range {
  /** Set once computed (on this thread or by a worker). */
  outputs?: ReplicationOutput[];
  /** Set while a worker computes it. */
  promise?: Promise<ReplicationOutput[]>;
  error?: unknown;
}

/**
 * Outputs of the ranges in `plan` (consecutive, in replication order). Call `get` with the ranges of
 * `plan` in order (stopping early is fine), then `close()`. Pool tasks (chunks) split the replications
 * left regardless of the ranges: a chunk may cover parts of several ranges.
 *
 * With n threads the work is shared by n - 1 pool workers and this thread: workers get the next chunks in
 * order (a bounded number ahead), and this thread computes the next unassigned chunk itself whenever the
 * chunk it needs is still being computed elsewhere. This thread is already warm (JIT) from the first range,
 * so on small machines it saves a worker's start-up and warm-up.
 */
export class ReplicationSource {
  private model: CompiledModel | null = null;
  private pool: ReplicationPool | null = null;
  private ownsPool = false;
  private readonly runId = ReplicationPool.newRunId();
  private chunks: Chunk[] = [];
  /** Replications cut into chunks so far end here; the pool's share of the plan ends at `planEnd`. */
  private cut = 0;
  private planEnd = 0;
  /** Next chunk not yet assigned to a worker or this thread. */
  private next = 0;
  /** Next chunk to hand to the consumer (its replications before `consumedUpTo` were handed already). */
  private consumed = 0;
  private consumedUpTo = 0;
  private inFlight = 0;
  private planIndex = 0;
  private closed = false;
  /** 'auto': fastest CPU time per replication measured on this thread, seconds. */
  private fastestPerRep = Infinity;
  /** 'auto': CPU time spent on this thread so far, seconds. */
  private measuredSeconds = 0;
  /** 'auto': replications per measured slice on this thread (1, 1, 2, 4, ... up to BATCH_SIZE), and slices run. */
  private sliceSize = 1;
  private slices = 0;
  /** Threads computing replications (this one included; 1 = this thread only). */
  threads = 1;
  /** Replications per pool task, once chosen (adaptive unless options.chunkSize is given). */
  private taskSize: number;
  /** A pool was given or started but its chunks are not planned yet (waiting for a speed measurement). */
  private unplanned = false;

  /**
   * @param mayStopEarly whether the consumer may stop before the end of `plan` (a precision target): then
   *   chunks are computed at most a bounded number ahead of the one consumed, to bound the work wasted after
   *   the stop; otherwise every replication of the plan is needed and this thread computes ahead without
   *   limit while a worker is busy with (or still starting for) the chunk to consume next.
   */
  constructor(
    private readonly scenario: Scenario,
    private readonly plan: Range[],
    private readonly timelineReplication: number,
    private readonly options: WorkerOptions = {},
    private readonly mayStopEarly = true,
  ) {
    const workers = options.workers ?? 'auto';
    if (workers !== 'auto' && (!Number.isInteger(workers) || workers < 1)) throw new RangeError(`workers must be an integer >= 1 or 'auto', got ${workers}`);
    const chunk = options.chunkSize ?? CHUNK_SIZE;
    if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`chunkSize must be an integer >= 1, got ${chunk}`);
    for (let i = 1; i < plan.length; i++) if (plan[i].start !== plan[i - 1].end) throw new Error('the plan of a replication source must be consecutive ranges');
    this.taskSize = chunk;
    // With an explicit worker count the pool starts now (its threads boot while this one works) and its
    // chunks are planned once this thread has measured how long a replication takes (first range).
    if (options.pool) this.attachPool(options.pool, false);
    else if (typeof workers === 'number' && workers > 1) {
      const threads = Math.min(workers, Math.ceil(this.left(0) / CHUNK_SIZE));
      if (threads > 1) this.attachPool(new ReplicationPool(threads - 1), true);
    }
  }

  private get chunkSize(): number {
    return this.taskSize;
  }

  /** Adaptive task size: about TARGET_CHUNK_SECONDS of work at `perRep` seconds per replication, 1..MAX_CHUNK_SIZE. */
  private sizeTasks(perRep: number): void {
    if (this.options.chunkSize !== undefined || !(perRep > 0)) return;
    this.taskSize = Math.max(1, Math.min(MAX_CHUNK_SIZE, Math.ceil(TARGET_CHUNK_SECONDS / perRep)));
  }

  private attachPool(pool: ReplicationPool, owns: boolean): void {
    this.pool = pool;
    this.ownsPool = owns;
    this.threads = pool.threads + 1;
    this.unplanned = true;
  }

  /** Replications of the plan from range `fromPlan` on. */
  private left(fromPlan: number): number {
    const r = span(this.plan.slice(fromPlan));
    return r.end - r.start;
  }

  /**
   * Chunks that may be assigned ahead of the consumer: all of them when the run cannot stop early; else
   * enough to keep every thread busy and to let this thread run on while a worker is still starting (two
   * batches), few enough to bound the work wasted after a precision stop.
   */
  private get horizon(): number {
    if (!this.mayStopEarly) return Infinity;
    return this.consumed + Math.max(this.threads * LOOKAHEAD_PER_THREAD, 2 * Math.ceil(BATCH_SIZE / this.chunkSize));
  }

  /**
   * Whether chunk `i` may be assigned now: within the horizon and in the plan. Chunks are cut lazily, each
   * at the task size of the moment (re-measured as this thread computes chunks), and shorter towards the
   * end of the plan (an adaptive size at most 1/(2 x threads) of what is left) so that the threads finish
   * together. Which replications a chunk holds never changes a number.
   */
  private assignable(i: number): boolean {
    if (i >= this.horizon) return false;
    while (this.chunks.length <= i && this.cut < this.planEnd) {
      const left = this.planEnd - this.cut;
      const size = this.options.chunkSize ?? Math.max(1, Math.min(this.taskSize, Math.ceil(left / (2 * this.threads))));
      const start = this.cut;
      this.cut = Math.min(this.planEnd, start + size);
      this.chunks.push({ start, end: this.cut });
    }
    return i < this.chunks.length;
  }

  /** Keeps every worker busy with up to TASKS_PER_WORKER chunks. */
  private fill(): void {
    const pool = this.pool as ReplicationPool;
    while (!this.closed && this.inFlight < pool.threads * TASKS_PER_WORKER && this.assignable(this.next)) {
      const c = this.chunks[this.next++];
      this.inFlight++;
      c.promise = pool.runChunk(this.runId, this.scenario, c.start, c.end, this.timelineReplication);
      c.promise.then(
        (outputs) => { c.outputs = outputs; c.promise = undefined; this.inFlight--; this.options.onComputed?.(outputs.length); this.fill(); },
        (err: unknown) => { c.error = err ?? new Error('worker task failed'); this.inFlight--; },
      );
    }
  }

  /** Computes chunk `c` here and re-sizes the tasks cut from now on from the time it took. */
  private runChunkHere(c: Chunk): ReplicationOutput[] {
    const t0 = performance.now();
    c.outputs = this.runHere(c);
    this.sizeTasks((performance.now() - t0) / 1000 / (c.end - c.start));
    return c.outputs;
  }

  private runHere(range: Range): ReplicationOutput[] {
    this.model ??= compileModel(this.scenario);
    const out: ReplicationOutput[] = [];
    for (let r = range.start; r < range.end; r++) {
      out.push(runReplication(this.model, r, r === this.timelineReplication));
      this.options.onComputed?.(1);
    }
    return out;
  }

  /**
   * 'auto' without a pool yet: runs `range` here in slices (1, 1, 2, 4, ... replications, up to BATCH_SIZE;
   * one CPU-time reading per slice) and after each slice decides whether to start a pool (`poolThreads`). When
   * it does, the replications computed here become the first chunk and the rest of the plan is split into
   * tasks, so the pool takes over within the range (a run of one batch, such as `npm start`, uses it too).
   */
  private runAuto(range: Range): ReplicationOutput[] | null {
    this.model ??= compileModel(this.scenario);
    const outputs: ReplicationOutput[] = [];
    let r = range.start;
    while (r < range.end) {
      const end = Math.min(range.end, r + this.sliceSize);
      // CPU time, not wall time: on a busy machine the wall clock would overstate the work left.
      const c0 = process.cpuUsage();
      for (let i = r; i < end; i++) {
        outputs.push(runReplication(this.model, i, i === this.timelineReplication));
        this.options.onComputed?.(1);
      }
      const c = process.cpuUsage(c0);
      const threads = this.poolThreads((c.user + c.system) / 1e6, end - r, end);
      r = end;
      if (this.slices > 1) this.sliceSize = Math.min(BATCH_SIZE, 2 * this.sliceSize);
      if (threads > 1) {
        this.attachPool(new ReplicationPool(threads - 1), true);
        this.planChunks(range.start, r, outputs);
        return null;
      }
    }
    return outputs;
  }

  /**
   * 'auto': after a slice of `reps` replications that took `seconds` of CPU here, ending at replication `at`:
   * once AUTO_MEASURE_SECONDS of CPU were spent here (the JIT has settled), the threads to use for the rest of
   * the plan: more than 1 if it would take more than AUTO_POOL_MIN_SECONDS of CPU at the fastest speed
   * measured so far, the first slice (the first replication: most of the JIT warm-up) excluded.
   */
  private poolThreads(seconds: number, reps: number, at: number): number {
    this.measuredSeconds += seconds;
    if (++this.slices < 2) return 1;
    this.fastestPerRep = Math.min(this.fastestPerRep, seconds / reps);
    if (this.measuredSeconds < (this.options.auto?.measureSeconds ?? AUTO_MEASURE_SECONDS)) return 1; // the JIT is still settling: keep measuring
    const left = span(this.plan).end - at;
    if (left <= 0) return 1;
    this.sizeTasks(this.fastestPerRep);
    const threads = Math.min(machineParallelism(), Math.ceil(left / this.chunkSize) + 1);
    return this.fastestPerRep * left > (this.options.auto?.minSeconds ?? AUTO_POOL_MIN_SECONDS) ? threads : 1;
  }

  /** The outputs of the next chunk, computed here or awaited from its worker. */
  private async take(c: Chunk): Promise<ReplicationOutput[]> {
    for (;;) {
      if (c.outputs) return c.outputs;
      if (c.error !== undefined) throw c.error;
      if (!c.promise) {
        // Not assigned: it is the next one (chunks are assigned in order), compute it here.
        this.next++;
        return this.runChunkHere(c);
      }
      if (this.assignable(this.next)) {
        // Its worker is still busy: compute a later chunk here meanwhile, then let worker messages in.
        this.runChunkHere(this.chunks[this.next++]);
        this.fill();
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else {
        await c.promise.catch(() => undefined);
      }
    }
  }

  /** The outputs of the next range of the plan, in replication order. */
  async get(range: Range): Promise<ReplicationOutput[]> {
    const expected = this.plan[this.planIndex];
    if (!expected || expected.start !== range.start || expected.end !== range.end) throw new Error(`range [${range.start}, ${range.end}) requested out of plan order`);
    this.planIndex++;
    if (!this.pool) {
      if ((this.options.workers ?? 'auto') !== 'auto') return this.runHere(range);
      const here = this.runAuto(range);
      if (here) return here;
    }
    if (this.unplanned) this.planAfterMeasuring(range);
    const out: ReplicationOutput[] = [];
    let r = range.start;
    while (r < range.end) {
      const c = this.assignable(this.consumed) ? this.chunks[this.consumed] : undefined;
      if (!c || r !== this.consumedUpTo || r < c.start || r >= c.end) throw new Error(`chunk plan does not match range [${range.start}, ${range.end})`);
      const outputs = await this.take(c);
      const to = Math.min(range.end, c.end);
      for (let i = r; i < to; i++) out.push(outputs[i - c.start]);
      r = this.consumedUpTo = to;
      if (to === c.end) {
        this.chunks[this.consumed] = { start: c.start, end: c.end }; // free the outputs
        this.consumed++;
        this.fill();
      }
    }
    return out;
  }

  /**
   * First range with a pool whose chunks are not planned: runs replications of `range` here, one at a time,
   * until SIZING_SECONDS of work (or the range) is done, sizes the tasks from the median replication time
   * (robust to the first replication's JIT warm-up), then plans the rest of `range` and of the plan as
   * chunks, the measured part as one computed chunk.
   */
  private planAfterMeasuring(range: Range): void {
    this.unplanned = false;
    this.model ??= compileModel(this.scenario);
    const outputs: ReplicationOutput[] = [];
    const times: number[] = [];
    let spent = 0;
    let r = range.start;
    while (r < range.end && spent < SIZING_SECONDS) {
      const t0 = performance.now();
      outputs.push(runReplication(this.model, r, r === this.timelineReplication));
      this.options.onComputed?.(1);
      const dt = (performance.now() - t0) / 1000;
      times.push(dt);
      spent += dt;
      r++;
    }
    times.sort((a, b) => a - b);
    this.sizeTasks(times[Math.floor(times.length / 2)]);
    this.planChunks(range.start, r, outputs);
  }

  /**
   * Plans the pool's work from the current range on: replications [start, end) already computed here (their
   * `outputs`) as the first chunk, the rest of the plan split into tasks; then hands tasks to the workers.
   */
  private planChunks(start: number, end: number, outputs: ReplicationOutput[]): void {
    this.unplanned = false;
    this.chunks = [{ start, end, outputs }];
    this.cut = end;
    this.planEnd = span(this.plan.slice(this.planIndex - 1)).end;
    this.next = 1;
    this.consumed = 0;
    this.consumedUpTo = start;
    this.fill();
  }

  /** Stops the pool if this source started it. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.pool && this.ownsPool) await this.pool.destroy();
  }
}
