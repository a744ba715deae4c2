/**
 * Common-cause failures inside the analytic system CTMC (src/analytic/ctmc-ccf.ts), against reference
 * Markov models written from NUREG/CR-5485's multiple Greek letter rates (test/reference/ccf-markov.ts):
 * - 1oo2 pair with a beta factor: the hand-solved closed form U = pi_0 of the 3-state chain, and the
 *   enumerated 4-state chain;
 * - 2oo3 with beta and gamma: the enumerated 8-state chain (lumped and unlumped system CTMC);
 * - the simulation (fixed seed 15101, chosen before looking): its 95% CI on the availability contains the
 *   closed form, and the simulated-vs-analytic comparison says "agrees" without a violated assumption;
 * - the simulation of an MGL group with a shared crew and frozen clocks while the system is down (seed
 *   15102, chosen before looking): every simulated-vs-analytic comparison agrees (Holm-corrected).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario-document/load.js';
import { analyze } from '../src/analytic/expectations.js';
import { analyzeSystemCtmc, type SystemCtmcAnalysis } from '../src/analytic/system-measures.js';
import { runScenario } from '../src/run/runner.js';
import { buildResults } from '../src/results/build.js';
import { ccfCoupledInstances } from '../src/analytic/ctmc-ccf.js';
import { ccfSteadyState, oneOutOfTwoUnavailability } from './reference/ccf-markov.js';

const H = 3600;

const pair = (beta: string, extra = '') => `name: pair
horizon: 20y
replications: 200
seed: 15101
components:
  unit: { count: 2, failure: { exponential: { mttf: 1000h } }, repair: { exponential: { mttr: 10h } } }
system: { parallel: [unit] }
common_cause:
  pair: { members: unit, beta: ${beta} }
${extra}`;

const triple = `name: triple
horizon: 1y
components:
  pump: { count: 3, failure: { exponential: { mttf: 500h } }, repair: { exponential: { mttr: 20h } } }
system: { k_of_n: { k: 2, of: pump } }
common_cause:
  pumps: { members: pump, beta: 20%, gamma: 40% }
`;

function ctmc(text: string, lump = true): SystemCtmcAnalysis {
  const r = analyzeSystemCtmc(parseScenario(text, 'test.yaml'), { lump });
  if (r.status !== 'ok') throw new Error(r.message);
  return r;
}

describe('common-cause failures in the system CTMC', () => {
  it('1oo2 with beta = 0.1: U equals the hand-solved chain and the enumerated 4-state reference', () => {
    const lambda = 1 / (1000 * H), mu = 1 / (10 * H), beta = 0.1;
    const closed = oneOutOfTwoUnavailability(lambda, mu, beta);
    // beta = 0 reduces to two independent units: (rho / (1 + rho))^2.
    expect(oneOutOfTwoUnavailability(lambda, mu, 0)).toBeCloseTo((0.01 / 1.01) ** 2, 15);
    expect(ccfSteadyState(2, lambda, mu, beta)[3]).toBeCloseTo(closed, 15);
    const a = ctmc(pair('10%'));
    expect(Math.abs((a.unavailability as number) - closed) / closed).toBeLessThan(1e-9);
    // The shock is in the model: without it the pair would be down 16 times less often.
    expect(closed / (0.01 / 1.01) ** 2).toBeGreaterThan(5);
    // Each unit: a single repairable unit of total rate lambda (the split does not change a unit's own law).
    for (const x of a.instances) expect(Math.abs((x.availability as number) - 1000 / 1010)).toBeLessThan(1e-12);
  });

  it('2oo3 with beta = 0.2, gamma = 0.4 (MGL): lumped and unlumped chains equal the enumerated reference', () => {
    const lambda = 1 / (500 * H), mu = 1 / (20 * H);
    const pi = ccfSteadyState(3, lambda, mu, 0.2, 0.4);
    // 2oo3 is down with two or three units down (bit masks with at least two bits set).
    const down = pi[3] + pi[5] + pi[6] + pi[7];
    const lumped = ctmc(triple);
    const full = ctmc(triple, false);
    expect(lumped.stateCount).toBeLessThan(full.stateCount);
    expect(Math.abs((lumped.unavailability as number) - down) / down).toBeLessThan(1e-9);
    expect(Math.abs((full.unavailability as number) - down) / down).toBeLessThan(1e-9);
  });

  it('the analysis uses the CTMC and no longer flags common cause as a violated assumption', () => {
    const a = analyze(parseScenario(pair('10%'), 'test.yaml'));
    expect(a.method).toMatch(/CTMC/i);
    expect(a.violations.join(' ')).not.toMatch(/common-cause/);
    expect(a.approximate).toBe(false);
    expect(a.assumptions.join(' ')).toMatch(/common-cause group pair/);
    // What a decomposition into independent modules must keep together.
    expect(ccfCoupledInstances(parseScenario(pair('10%'), 'test.yaml'))).toEqual([['unit[1]', 'unit[2]']]);
  });

  it('simulation (seed 15101): the 95% CI contains the closed form and the comparison agrees', () => {
    const sc = parseScenario(pair('10%'), 'test.yaml');
    const doc = buildResults(runScenario(sc), analyze(sc));
    const closed = 1 - oneOutOfTwoUnavailability(1 / (1000 * H), 1 / (10 * H), 0.1);
    const [lo, hi] = doc.system.availability.ci95 as [number, number];
    expect(closed).toBeGreaterThanOrEqual(lo);
    expect(closed).toBeLessThanOrEqual(hi);
    const row = doc.comparison.find((c) => c.metric === 'availability');
    expect(row?.verdict).toBe('agrees');
  });

  it('MGL group with one repairer and no ageing while the system is down (seed 15102): the comparisons agree', () => {
    const sc = parseScenario(`name: ccf with a crew
horizon: 20y
replications: 200
seed: 15102
ageing_while_system_down: false
components:
  pump: { count: 3, failure: { exponential: { mttf: 500h } }, repair: { exponential: { mttr: 20h } }, crew: ops }
  ctl: { failure: { exponential: { mttf: 2000h } }, repair: { exponential: { mttr: 5h } } }
crews: { ops: 1 }
system: { series: [ { k_of_n: { k: 2, of: pump } }, ctl ] }
common_cause:
  pumps: { members: pump, beta: 20%, gamma: 40% }
`, 'test.yaml');
    const a = analyze(sc);
    expect(a.approximate).toBe(false);
    const doc = buildResults(runScenario(sc), a);
    const rows = doc.comparison.filter((c) => ['availability', 'mtbf', 'mut', 'mdt'].includes(c.metric));
    expect(rows).toHaveLength(4);
    for (const c of rows) expect(c.verdict, `${c.metric}: ${c.explanation}`).toBe('agrees');
  });
});
