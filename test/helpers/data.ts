/** Helpers for the data-durability tests: inline YAML scenarios, runs and CI assertions. */
import { expect } from 'vitest';
import { buildResults } from '../../src/results/build.js';
import type { DataResults } from '../../src/data/results.js';
import type { Estimate } from '../../src/results/estimators.js';
import { runScenario } from '../../src/run/runner.js';
import { parseScenario } from '../../src/scenario-document/load.js';

/** Removes the common indentation of a template literal (line 1 = first line after the opening newline). */
export function yaml(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** Runs an inline scenario and returns its data results. */
export function runData(text: string): DataResults {
  const run = runScenario(parseScenario(yaml(text)));
  return buildResults(run, null).data as DataResults;
}

/** Asserts that the exact value lies inside the estimate's 95% CI. */
export function expectInside(e: Estimate, exact: number, what: string): void {
  expect(e.ci95, `${what}: no interval`).not.toBeNull();
  const [lo, hi] = e.ci95 as [number, number];
  expect(exact, `${what}: ${exact} outside [${lo}, ${hi}] (estimate ${e.estimate})`).toBeGreaterThanOrEqual(lo);
  expect(exact, `${what}: ${exact} outside [${lo}, ${hi}] (estimate ${e.estimate})`).toBeLessThanOrEqual(hi);
}
