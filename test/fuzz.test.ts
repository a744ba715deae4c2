/**
 * Mutation fuzzing of every bundled scenario (issue 12, item 11): hostile values must give exit 0 or exit 2 with
 * a located message, never an internal error (exit 1), a stack trace, an abort or a run over the time limit.
 * The default suite runs FUZZ_RUNS mutants in-process plus a few through the CLI (fixed fast-check seed from
 * test/setup-fast-check.ts); `npm run fuzz` runs 10,000 and prints the counts per outcome (docs/limits.md).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultline } from './helpers/cli.js';
import { FUZZ_TIME_LIMIT, loadBundled, mutate, mutationArbitrary, runMutant, type Outcome } from './helpers/fuzz-harness.js';

const RUNS = Number(process.env.FAULTLINE_FUZZ_RUNS ?? 120);
const CLI_RUNS = Number(process.env.FAULTLINE_FUZZ_CLI_RUNS ?? 4);

describe('fuzz: mutated bundled scenarios', () => {
  const bundled = loadBundled();

  it(`${RUNS} mutants in-process: ok or rejected with a located message, never a crash or over ${FUZZ_TIME_LIMIT} s`, () => {
    const counts: Record<Outcome, number> = { ok: 0, rejected: 0, crash: 0, slow: 0 };
    const failures: string[] = [];
    fc.assert(
      fc.property(mutationArbitrary(bundled.length), (m) => {
        const { file, text } = bundled[m.file];
        const mutant = mutate(text, m);
        // Long campaigns: the mutant being run is kept on disk, so an abort (which no catch can see) names it.
        if (process.env.FAULTLINE_FUZZ_TRACE) writeFileSync(process.env.FAULTLINE_FUZZ_TRACE, `${file} ${JSON.stringify(m)}\n${mutant}`);
        const r = runMutant(mutant, file);
        counts[r.outcome]++;
        // Long campaigns: the counts so far, so an interrupted campaign still has figures.
        const done = Object.values(counts).reduce((a, b) => a + b, 0);
        if (process.env.FAULTLINE_FUZZ_PROGRESS && done % 250 === 0) {
          writeFileSync(process.env.FAULTLINE_FUZZ_PROGRESS, `${done} mutants: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}\n${failures.join('\n')}\n`);
        }
        if (r.outcome === 'crash' || r.outcome === 'slow') failures.push(`${file} ${JSON.stringify(m)}: ${r.outcome} ${r.message ?? ''} (${r.seconds.toFixed(1)} s)`);
        return true;
      }),
      { numRuns: RUNS },
    );
    process.stdout.write(`fuzz: ${RUNS} mutants: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    expect(failures.slice(0, 5)).toEqual([]);
    // The mutations must exercise both paths, or the test proves nothing.
    expect(counts.ok).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThan(0);
  }, 600_000 * Math.max(1, RUNS / 120));

  it(`${CLI_RUNS} mutants through the CLI exit 0, 2 or 3, without an internal error or a stack trace`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-fuzz-'));
    try {
      const samples = fc.sample(mutationArbitrary(bundled.length), { numRuns: CLI_RUNS, seed: 12 });
      for (const [i, m] of samples.entries()) {
        const file = join(dir, `mutant-${i}.yaml`);
        writeFileSync(file, mutate(bundled[m.file].text, m));
        const r = faultline(['run', file, '--replications', '2', '--max-events', '3e6', '--workers', '1', '--no-progress', '--out', join(dir, `out-${i}`)]);
        expect([0, 2, 3], `${bundled[m.file].file} ${JSON.stringify(m)}: ${r.stderr}`).toContain(r.code);
        expect(r.stderr).not.toMatch(/internal error|\n\s+at .*\(.*:\d+:\d+\)/);
        if (r.code === 2) expect(r.stderr.trim().length).toBeGreaterThan(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
