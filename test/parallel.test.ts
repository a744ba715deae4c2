/**
 * Worker threads must not change a single byte of the results: every replication depends only on
 * (scenario, seed, replication) and the pool's outputs are folded in replication order with the same
 * batch stopping rule as the single-threaded runner.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildResults } from '../src/results/build.js';
import { runScenarioParallel } from '../src/run/parallel-runner.js';
import { machineParallelism, ReplicationPool } from '../src/run/pool.js';
import { runScenario } from '../src/run/runner.js';
import { loadScenario, parseScenario } from '../src/scenario-document/load.js';
import { faultline } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-parallel-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Two units in parallel sharing a crew, with a precision target that stops well before the planned 1000. */
export const PRECISION_SCENARIO = `${readFileSync('scenarios/validation/parallel-1-crew.yaml', 'utf8')}
precision: { availability_half_width: 0.0007, min_replications: 100 }
`;

const bytes = (run: Parameters<typeof buildResults>[0]) => JSON.stringify(buildResults(run, null), null, 2);

describe('runScenarioParallel', () => {
  it('gives byte-identical results with 1, 2 and 3 threads (e-commerce strategies scenario, 300 replications)', async () => {
    // The components-only e-commerce architecture (the flagship adds requests and data, ~40 ms per replication).
    const sc = loadScenario('scenarios/ecommerce-strategies.yaml');
    const reference = bytes(runScenario(sc, { replications: 300 }));
    for (const workers of [1, 2, 3]) {
      const run = await runScenarioParallel(sc, { replications: 300, workers });
      expect(run.threads).toBe(workers);
      expect(run.accumulator.count).toBe(300);
      expect(bytes(run)).toBe(reference);
    }
  });

  it('stops at the same batch as the single-threaded run under a precision target, and records the same timeline', async () => {
    const sc = parseScenario(PRECISION_SCENARIO, 'precision.yaml');
    const single = runScenario(sc, { replications: 1000 });
    expect(single.stoppedBy).toBe('precision');
    expect(single.accumulator.count).toBeLessThan(1000);
    expect(single.timeline?.replication).toBe(0);
    const reference = bytes(single);
    // Tasks of 7 straddle batch boundaries; tasks of 120 span several batches (the stop falls inside one).
    for (const [workers, chunkSize] of [[2, 7], [3, 7], [2, 120]]) {
      const run = await runScenarioParallel(sc, { replications: 1000, workers, chunkSize });
      expect(run.stoppedBy).toBe('precision');
      expect(run.accumulator.count).toBe(single.accumulator.count);
      expect(bytes(run)).toBe(reference);
    }
  });

  it('auto mode: starting the pool in the middle of a run changes nothing', async () => {
    const sc = loadScenario('scenarios/multi-az.yaml');
    const auto = { measureSeconds: 0, minSeconds: 0 }; // decide after the second batch, always start the pool
    const run = await runScenarioParallel(sc, { replications: 400, seed: 3, auto });
    // Threads: one per task of the 300 replications left, at most the machine's (tasks are sized from the speed).
    expect(run.threads).toBeGreaterThanOrEqual(Math.min(machineParallelism(), 2));
    expect(run.threads).toBeLessThanOrEqual(machineParallelism());
    expect(bytes(run)).toBe(bytes(runScenario(sc, { replications: 400, seed: 3 })));
    const stay = await runScenarioParallel(sc, { replications: 400, seed: 3, auto: { measureSeconds: 0, minSeconds: 1e9 } });
    expect(stay.threads).toBe(1);
  });

  it('auto mode: a run of one batch starts the pool inside it, keeping what this thread computed', async () => {
    const sc = loadScenario('scenarios/multi-az.yaml');
    const auto = { measureSeconds: 0, minSeconds: 0 }; // decide after the second slice (replication 1)
    const run = await runScenarioParallel(sc, { replications: 40, seed: 5, auto, timelineReplication: 0 });
    expect(run.threads).toBe(Math.min(machineParallelism(), 2));
    expect(bytes(run)).toBe(bytes(runScenario(sc, { replications: 40, seed: 5, timelineReplication: 0 })));
  });

  it('records the timeline of a late replication wherever it is computed', async () => {
    const sc = loadScenario('scenarios/multi-az.yaml');
    const single = runScenario(sc, { replications: 120, timelineReplication: 117 });
    const run = await runScenarioParallel(sc, { replications: 120, timelineReplication: 117, workers: 3 });
    expect(run.timeline?.replication).toBe(117);
    expect(bytes(run)).toBe(bytes(single));
  });

  it('reuses a caller-owned pool across runs of different scenarios (models cached per run)', async () => {
    const pool = new ReplicationPool(2);
    try {
      for (const file of ['scenarios/multi-az.yaml', 'scenarios/single-az.yaml', 'scenarios/multi-az.yaml']) {
        const sc = loadScenario(file);
        const run = await runScenarioParallel(sc, { replications: 100, seed: 5, pool });
        expect(run.threads).toBe(3);
        expect(bytes(run)).toBe(bytes(runScenario(sc, { replications: 100, seed: 5 })));
      }
    } finally {
      await pool.destroy();
    }
  });

  it('rejects a bad worker count', async () => {
    const sc = loadScenario('scenarios/multi-az.yaml');
    await expect(runScenarioParallel(sc, { replications: 10, workers: 0 })).rejects.toThrow(/workers must be an integer >= 1/);
  });
});

describe('faultline run --workers', () => {
  it('writes byte-identical results.json and report.md with --workers 1, 2 and 3', () => {
    const file = join(tmp, 'precision.yaml');
    writeFileSync(file, PRECISION_SCENARIO);
    const outs = [1, 2, 3].map((w) => {
      const out = join(tmp, `w${w}`);
      const r = faultline(['run', file, '--replications', '1000', '--workers', String(w), '--out', out, '--no-progress']);
      // Nothing on stderr but, on a machine with fewer threads than w, issue 12's note that --workers is capped.
      expect(r.stderr.replace(/^note: --workers \d+ capped at \d+, the threads available on this machine\n/, '')).toBe('');
      expect([0, 3]).toContain(r.code);
      return { json: readFileSync(join(out, 'results.json'), 'utf8'), md: readFileSync(join(out, 'report.md'), 'utf8') };
    });
    expect(JSON.parse(outs[0].json).run.stoppedBy).toBe('precision');
    for (const o of outs.slice(1)) {
      expect(o.json).toBe(outs[0].json);
      expect(o.md).toBe(outs[0].md);
    }
  });

  it.each(['0', '-1', 'two', '1.5'])('rejects --workers %s with exit 2', (w) => {
    const r = faultline(['run', 'scenarios/multi-az.yaml', '--workers', w, '--out', join(tmp, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected "auto" or an integer >= 1');
  });
});
