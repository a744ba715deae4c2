/**
 * How ReplicationSource (src/run/replication-source.ts) shares a plan between this thread and a pool, seen
 * through a stand-in pool that records the tasks it is given and answers only when the test lets it: tasks
 * are contiguous and cover the plan once, the adaptive ones shrink towards the end (at most 1/(2 x threads)
 * of the replications left, as documented), the main thread keeps computing while a worker holds the next
 * chunk (without limit when the run cannot stop early, a bounded number of chunks ahead otherwise), and the
 * outputs come back in replication order equal to a single-threaded run's.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/model/compiled-model.js';
import { batchRanges, type Range } from '../src/run/batches.js';
import type { ReplicationPool } from '../src/run/pool.js';
import { runReplication, type ReplicationOutput } from '../src/run/replication.js';
import { ReplicationSource } from '../src/run/replication-source.js';
import { loadScenario } from '../src/scenario-document/load.js';

const scenario = loadScenario('scenarios/validation/parallel-1-crew.yaml');

/** A pool of one "worker" computing on this thread, answering a task only once `release()` was called. */
function standInPool() {
  const model = compileModel(scenario);
  const tasks: Range[] = [];
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const pool = {
    threads: 1,
    async runChunk(_runId: string, _sc: unknown, start: number, end: number): Promise<ReplicationOutput[]> {
      tasks.push({ start, end });
      await gate;
      const out: ReplicationOutput[] = [];
      for (let r = start; r < end; r++) out.push(runReplication(model, r));
      return out;
    },
    async destroy() {},
  };
  return { pool: pool as unknown as ReplicationPool, tasks, release: () => open() };
}

/** Resolves once `count()` has not changed for 50 ms (the source is waiting for the stand-in worker). */
async function settled(count: () => number): Promise<void> {
  let last = -1;
  while (count() !== last) {
    last = count();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function consume(source: ReplicationSource, plan: Range[]): Promise<number[]> {
  const seen: number[] = [];
  for (const b of plan) for (const o of await source.get(b)) seen.push(o.stats.replication);
  await source.close();
  return seen;
}

describe('ReplicationSource with a pool', () => {
  it('without a precision target computes everything else here while the worker holds its chunks', async () => {
    const plan = batchRanges(500);
    const { pool, tasks, release } = standInPool();
    let here = 0;
    const source = new ReplicationSource(scenario, plan, -1, { pool, chunkSize: 10, onComputed: (n) => (here += n) }, false);
    const done = consume(source, plan);
    await settled(() => here);
    // The worker holds 3 tasks (TASKS_PER_WORKER) and never answered: this thread did all the rest.
    expect(tasks.length).toBe(3);
    expect(here).toBe(500 - 30);
    release();
    expect(await done).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('with a precision target computes at most LOOKAHEAD_PER_THREAD x threads chunks ahead of the one consumed', async () => {
    const plan = batchRanges(500);
    const { pool, tasks, release } = standInPool();
    let here = 0;
    const source = new ReplicationSource(scenario, plan, -1, { pool, chunkSize: 10, onComputed: (n) => (here += n) }, true);
    const done = consume(source, plan);
    await settled(() => here);
    // The first range is measured here as one chunk; chunks 1-3 went to the worker; the consumer waits for
    // chunk 1 and this thread may run up to chunk 1 + 8 x 2 threads (exclusive): chunks 4..16, 10 each.
    const first = tasks[0].start;
    expect(here).toBe(first + (17 - 4) * 10);
    release();
    expect(await done).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('cuts adaptive tasks contiguously, each at most 1/(2 x threads) of the replications left', async () => {
    const plan = batchRanges(3000);
    const { pool, tasks, release } = standInPool();
    release();
    const source = new ReplicationSource(scenario, plan, -1, { pool }, false);
    expect(await consume(source, plan)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) expect(t.end - t.start).toBeLessThanOrEqual(Math.ceil((3000 - t.start) / 4));
    for (let i = 1; i < tasks.length; i++) expect(tasks[i].start).toBeGreaterThanOrEqual(tasks[i - 1].end);
    expect(tasks[tasks.length - 1].end).toBeLessThanOrEqual(3000);
  });
});
