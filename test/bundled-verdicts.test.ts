/**
 * Issue 13 item 6: on every bundled scenario (scenarios/*.yaml, scenarios/validation/*.yaml) the analytic
 * availability agrees with the simulated one, or the report attributes the difference to the assumptions
 * the scenario breaks. The verdict is the report's own (src/results/comparison.ts): Holm-adjusted p-value of
 * the simulated 95% CI against the analytic value and a practical-equivalence margin; "differs" without a
 * violated assumption is what the report calls a bug, and must not happen.
 *
 * Fixed seed 20261202 (the results-pin seed, chosen before looking), each scenario's own replication count,
 * the command line's analytic budget. The default suite runs the scenarios whose simulation takes a few
 * seconds; `npm run verdicts` (FAULTLINE_VERDICTS=all) runs every bundled scenario (several minutes: the
 * traffic scenarios simulate requests).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analytic/expectations.js';
import { CLI_ANALYTIC_BUDGET } from '../src/cli/analytic-budget.js';
import { buildResults } from '../src/results/build.js';
import { runScenario } from '../src/run/runner.js';
import { loadScenario } from '../src/scenario-document/load.js';
import { ROOT } from './helpers/cli.js';

const SEED = 20261202;
const ALL = process.env.FAULTLINE_VERDICTS === 'all';
/** Scenarios simulated in a few seconds (the rest run with FAULTLINE_VERDICTS=all). */
const FAST = new Set([
  'scenarios/dns-anycast.yaml',
  'scenarios/multi-az.yaml',
  'scenarios/rare-five-nines.yaml',
  'scenarios/repair-time-sweep.yaml',
  'scenarios/single-az.yaml',
  'scenarios/validation/ccf-1oo2-beta.yaml',
  'scenarios/validation/cold-standby-no-repair.yaml',
  'scenarios/validation/k-of-n-2oo3.yaml',
  'scenarios/validation/parallel-1-crew.yaml',
  'scenarios/validation/parallel-2-crews.yaml',
  'scenarios/validation/series-ageing.yaml',
  'scenarios/validation/series-no-ageing.yaml',
  'scenarios/validation/single-repairable.yaml',
]);

function bundled(): string[] {
  const list = (dir: string) => readdirSync(join(ROOT, dir)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `${dir}/${f}`);
  return [...list('scenarios'), ...list('scenarios/validation')];
}

describe('analytic availability vs simulation on every bundled scenario', () => {
  for (const file of bundled()) {
    it.runIf(ALL || FAST.has(file))(file, { timeout: 600_000 }, () => {
      const cwd = process.cwd();
      process.chdir(ROOT);
      try {
        const run = runScenario(loadScenario(file), { seed: SEED });
        const analytic = analyze(run.scenario, CLI_ANALYTIC_BUDGET);
        const doc = buildResults(run, analytic);
        const row = doc.comparison.find((c) => c.metric === 'availability');
        if (!row || row.verdict === 'not-comparable') return;
        if (row.verdict === 'differs') {
          // Attributed: the analytic result names what the scenario breaks.
          expect(analytic.violations.length, `${file}: ${row.explanation}`).toBeGreaterThan(0);
          expect(row.explanation).not.toMatch(/it is a bug/);
        } else {
          expect(row.verdict).toBe('agrees');
        }
      } finally {
        process.chdir(cwd);
      }
    });
  }
});
