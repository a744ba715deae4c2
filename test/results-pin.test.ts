/**
 * Behaviour pin: the SHA-256 of results.json for every bundled scenario (scenarios/*.yaml and
 * scenarios/validation/*.yaml; for files with `variants`, the baseline run) at a fixed seed and a small
 * replication count, as `faultline run --seed 20261202 --replications 2` writes it (same analytic budget,
 * same JSON text). A refactor must leave every hash unchanged.
 *
 * A change that intentionally alters numbers (or the results format) regenerates the pins with
 *
 *     FAULTLINE_UPDATE_PINS=1 npx vitest run test/results-pin.test.ts
 *
 * and says in its commit message which scenarios changed and why. The pins were first taken before the
 * one-folder-per-area refactor (issue 10).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analytic/expectations.js';
import { CLI_ANALYTIC_BUDGET } from '../src/cli/analytic-budget.js';
import type { AnalyticResult } from '../src/analytic/types.js';
import { buildResults } from '../src/results/build.js';
import { runScenario } from '../src/run/runner.js';
import { loadScenario } from '../src/scenario-document/load.js';
import { ROOT } from './helpers/cli.js';

const SEED = 20261202;
const REPLICATIONS = 2;
const PIN_FILE = join(ROOT, 'test/pins/results-sha256.json');
const UPDATE = process.env.FAULTLINE_UPDATE_PINS === '1';

/** Bundled scenario files, relative to the repository root (the path is part of results.json). */
function bundledScenarios(): string[] {
  const list = (dir: string) => readdirSync(join(ROOT, dir)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `${dir}/${f}`);
  return [...list('scenarios'), ...list('scenarios/validation')];
}

/** results.json text of a run, exactly as `faultline run` writes it (src/cli/run-command.ts). */
function resultsJson(file: string): string {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const run = runScenario(loadScenario(file), { seed: SEED, replications: REPLICATIONS });
    let analytic: AnalyticResult | null = null;
    try {
      analytic = analyze(run.scenario, CLI_ANALYTIC_BUDGET);
    } catch {
      analytic = null;
    }
    return JSON.stringify(buildResults(run, analytic), null, 2) + '\n';
  } finally {
    process.chdir(cwd);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('results.json pins (behaviour unchanged)', () => {
  const files = bundledScenarios();
  const pins: Record<string, string> = UPDATE ? {} : (JSON.parse(readFileSync(PIN_FILE, 'utf8')) as Record<string, string>);
  const actual: Record<string, string> = {};

  it('pins every bundled scenario and nothing else', () => {
    if (UPDATE) return;
    expect(Object.keys(pins).sort()).toEqual([...files].sort());
  });

  for (const file of files) {
    it(file, () => {
      actual[file] = sha256(resultsJson(file));
      if (!UPDATE) expect(actual[file], `${file}: results.json changed (see this file's header to regenerate on purpose)`).toBe(pins[file]);
    });
  }

  it.runIf(UPDATE)('writes the pin file', () => {
    writeFileSync(PIN_FILE, JSON.stringify(actual, null, 2) + '\n');
  });
});
