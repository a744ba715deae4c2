/**
 * PRISM's workstation cluster (prism-examples/ctmcs/cluster/cluster.sm): the bundled scenario
 * scenarios/validation/prism-cluster.yaml (crew discipline random-component with a 6-minute exponential
 * call-out race, shared leaves in the "premium" structure) against a command-by-command transcription of
 * the PRISM model (test/reference/prism-cluster.ts), analytically and by simulation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analytic/expectations.js';
import { steadyState } from '../src/analytic/ctmc.js';
import { buildSystemCtmc } from '../src/analytic/system-ctmc.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import { ROOT } from './helpers/cli.js';
import { prismCluster } from './reference/prism-cluster.js';

const file = join(ROOT, 'scenarios/validation/prism-cluster.yaml');
const text = readFileSync(file, 'utf8');
/** The bundled scenario with N workstations per side. */
const withN = (n: number) => parseScenario(text.replaceAll('count: 8', `count: ${n}`).replace('k: 8', `k: ${n}`), file);

/** S=? [ "premium" ] of the reference model. */
function premium(n: number): number {
  const ref = prismCluster(n);
  const { pi } = steadyState({ states: ref.states, transitions: ref.transitions });
  return ref.premium.reduce((s, p, i) => (p ? s + pi[i] : s), 0);
}

describe('PRISM workstation cluster', () => {
  it('analytic premium availability equals the transcribed PRISM model (N = 1, 2, 4)', () => {
    for (const n of [1, 2, 4]) {
      const r = analyze(withN(n));
      expect(r.method).toMatch(/^CTMC/);
      expect(r.approximate).toBe(false);
      expect((r.system.unavailability as number) / (1 - premium(n))).toBeCloseTo(1, 8);
    }
  });

  it('bundled N = 8: analytic equals the reference, and the simulated 95% CI contains it', () => {
    const sc = parseScenario(text, file);
    const exact = premium(8);
    const r = analyze(sc);
    expect((r.system.availability as number)).toBeCloseTo(exact, 12);
    const e = runScenario(sc).accumulator.system().availability;
    const [lo, hi] = e.ci95 as [number, number];
    expect(exact).toBeGreaterThanOrEqual(lo);
    expect(exact).toBeLessThanOrEqual(hi);
  });

  it('counting identical workstations gives exactly PRISM\'s (counted) state space', () => {
    // PRISM's model counts operational workstations (left_n); the lumped chain has the same states, where
    // enumerating each workstation's state (lump: false) gives a much larger chain.
    const sc = withN(3);
    const lumped = buildSystemCtmc(sc).chain.n;
    expect(lumped).toBe(prismCluster(3).states);
    expect(buildSystemCtmc(sc, { lump: false }).chain.n).toBeGreaterThan(5 * lumped);
  });
});
