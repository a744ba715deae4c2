/**
 * Rare-event estimation (src/rare/): regenerative importance sampling with balanced failure biasing.
 * Exact values come from closed-form birth-death chains computed here (not from a simulation); the
 * statistical checks use the estimator's own 95% CI at the fixed seeds of the scenarios (seed 1 of the
 * test scenario builder, 42 of the bundled scenario), never a tuned seed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rngStream } from '../src/engine/rng.js';
import {
  biasedProbability,
  estimateUnavailability,
  plainRegenerative,
  rareEventModel,
  runRareEvent,
  simulateCycle,
} from '../src/rare/index.js';
import { ScenarioError } from '../src/scenario/errors.js';
import type { Estimate } from '../src/results/estimators.js';
import { faultline } from './helpers/cli.js';
import { component, fault, H, kOfN, parallel, scenario, series, standby } from './helpers/scenario-builders.js';

/**
 * Steady-state unavailability of n identical units, system up iff at least k are up, exponential
 * failures (rate lam, every up unit keeps ageing) and repairs (rate mu) by `crew` repairers FIFO:
 * birth-death chain on the number j of failed units, birth (n - j) lam, death min(j, crew) mu
 * (Trivedi 2016, shared repair). Returns U and the exact mean regenerative cycle 1 / (q_0 pi_0).
 */
function kOfNShared(n: number, k: number, lam: number, mu: number, crew: number): { u: number; cycle: number } {
  const w = [1];
  for (let j = 1; j <= n; j++) w.push((w[j - 1] * (n - j + 1) * lam) / (Math.min(j, crew) * mu));
  const z = w.reduce((a, b) => a + b, 0);
  let u = 0;
  for (let j = n - k + 1; j <= n; j++) u += w[j] / z;
  return { u, cycle: 1 / (n * lam * (w[0] / z)) };
}

function expectInside(e: Estimate, exact: number, what: string) {
  expect(e.ci95, `${what}: no interval`).not.toBeNull();
  const [lo, hi] = e.ci95 as [number, number];
  expect(exact, `${what}: ${exact} outside [${lo}, ${hi}]`).toBeGreaterThanOrEqual(lo);
  expect(exact, `${what}: ${exact} outside [${lo}, ${hi}]`).toBeLessThanOrEqual(hi);
}

const oneOfTwo = (mtbf: number, mttr: number) =>
  scenario({
    components: [component('unit', { count: 2, failure: mtbf, repair: mttr, crew: 'repair' })],
    crews: { repair: 1 },
    system: parallel('unit[1]', 'unit[2]'),
  });
const twoOfThree = (mtbf: number, mttr: number) =>
  scenario({
    components: [component('unit', { count: 3, failure: mtbf, repair: mttr, crew: 'repair' })],
    crews: { repair: 1 },
    system: kOfN(2, 'unit[1]', 'unit[2]', 'unit[3]'),
  });

describe('importance sampling agrees with the exact CTMC', () => {
  it('1-of-2 with one repair crew: the 95% CI covers the exact unavailability', () => {
    const sc = oneOfTwo(1000 * H, 10 * H);
    const exact = kOfNShared(2, 1, 1 / (1000 * H), 1 / (10 * H), 1);
    const doc = runRareEvent(sc, { relativePrecision: 0.05 });
    expect(doc.exact?.unavailability).toBeCloseTo(exact.u, 15);
    expect(Math.abs((doc.exact!.unavailability - exact.u) / exact.u)).toBeLessThan(1e-9);
    expect(doc.estimate.converged).toBe(true);
    expect(doc.estimate.relativeHalfWidth).toBeLessThanOrEqual(0.05);
    expectInside(doc.estimate.unavailability, exact.u, '1-of-2 U');
    expect(doc.comparison?.verdict).toBe('agrees');
  });

  it('2-of-3 with a shared crew: U and the mean cycle length E[T] = 1/(q0 pi0) inside their 95% CIs', () => {
    const sc = twoOfThree(2000 * H, 24 * H);
    const exact = kOfNShared(3, 2, 1 / (2000 * H), 1 / (24 * H), 1);
    const doc = runRareEvent(sc, { relativePrecision: 0.05 });
    expect(Math.abs((doc.exact!.unavailability - exact.u) / exact.u)).toBeLessThan(1e-9);
    expectInside(doc.estimate.unavailability, exact.u, '2-of-3 U');
    expectInside(doc.estimate.meanCycleLength, exact.cycle, '2-of-3 E[T]');
  });

  it('non-revertive standby with imperfect switching and a 2-of-3 pool: the CI covers the GTH solution of the chain', () => {
    // A richer chain (switch-failure branches, two crews, several all-up states because the spare stays
    // active after a failover): the exact value is the chain's own steady state (GTH), so this checks
    // the estimator's unbiasedness and CI, not the chain builder (tested in analytic-ctmc). A fixed budget:
    // BFB gains little on such a model (the run says so in its notes).
    const sc = scenario({
      components: [
        component('db', { count: 2, failure: 8760 * H, repair: 4 * H, crew: 'dba' }),
        component('app', { count: 3, failure: 8760 * H, repair: 4 * H, crew: 'ops' }),
      ],
      crews: { dba: 1, ops: 1 },
      system: series(standby(['db[1]', 'db[2]'], { mode: 'warm', dormancy: 0.5, switchSuccess: 0.99 }), kOfN(2, 'app[1]', 'app[2]', 'app[3]')),
    });
    const doc = runRareEvent(sc, { minCycles: 100_000, maxCycles: 100_000 });
    expect(doc.exact).not.toBeNull();
    expectInside(doc.estimate.unavailability, doc.exact!.unavailability, 'standby + 2-of-3 U');
    expect(doc.notes.some((n) => /all-up state/.test(n))).toBe(true);
  });

  it('reports a run stopped by the cycle cap before the precision target', () => {
    const doc = runRareEvent(twoOfThree(2000 * H, 24 * H), { relativePrecision: 0.001, maxCycles: 3000 });
    expect(doc.estimate.converged).toBe(false);
    expect(doc.estimate.stoppedBy).toBe('max-cycles');
    expect(doc.estimate.cycles.importanceSampling).toBe(3000);
    expect(doc.estimate.relativeHalfWidth).toBeGreaterThan(0.001);
  });

  it('plain regenerative MC on a non-rare system covers the exact value too', () => {
    const sc = twoOfThree(100 * H, 10 * H);
    const exact = kOfNShared(3, 2, 1 / (100 * H), 1 / (10 * H), 1);
    const { model } = rareEventModel(sc);
    const r = plainRegenerative(model, 1, 50_000);
    expectInside(r.unavailability, exact.u, 'plain 2-of-3 U');
  });
});

describe('variance reduction', () => {
  it('at a fixed budget of cycles, IS has at least 10x less variance than plain MC on a rare 1-of-2', () => {
    // lambda/mu = 1e-3: a plain cycle reaches the down state with p = lambda/(lambda+mu) ~ 1e-3, and its
    // down time is positive only then, so the plain relative variance per cycle is at least
    // (1-p)/p ~ 1000. Under balanced failure biasing the down state is reached in half the cycles with
    // likelihood ratio 2p and an almost deterministic down time 1/mu (conditional holding times), so the
    // IS relative variance is ~1 per (biased + plain) pair, ~2 per cycle of budget: a ratio near 500
    // (bounded relative error, Shahabuddin 1994). 10x leaves a wide margin for the noise of the plain
    // estimate (about 50 down cycles).
    const sc = oneOfTwo(1000 * H, 1 * H);
    const { model } = rareEventModel(sc);
    const budget = 50_000;
    const plain = plainRegenerative(model, 1, budget);
    const is = estimateUnavailability(model, { seed: 1, minCycles: budget / 2, maxCycles: budget / 2 });
    expect(plain.cyclesHittingDown).toBeGreaterThan(10);
    const relVarPlain = (plain.unavailability.halfWidth! / plain.unavailability.estimate!) ** 2;
    const relVarIs = (is.unavailability.halfWidth! / is.unavailability.estimate!) ** 2;
    expect(relVarPlain / relVarIs).toBeGreaterThanOrEqual(10);
    // The plain-MC variance predicted from the biased cycles is an estimate of the same quantity.
    expect(is.plainMonteCarlo.relativeVariancePerCycle).toBeGreaterThan(100);
  });
});

describe('change of measure', () => {
  it('the likelihood ratio is exactly 1 when the bias reproduces the original probabilities', () => {
    // lambda = mu: with one unit down, failure and repair are equally likely (0.5 = p_bias); from all-up
    // the two failures are equally likely (as balanced biasing makes them); with both down only repairs.
    const { model } = rareEventModel(oneOfTwo(10 * H, 10 * H));
    for (const biasAfterDown of [false, true]) {
      const rng = rngStream(7, 0, 'test', String(biasAfterDown));
      for (let i = 0; i < 2000; i++) expect(simulateCycle(model, rng, 0.5, undefined, biasAfterDown).likelihoodRatio).toBe(1);
    }
    // A different bias changes the measure: some path then has a ratio other than 1.
    const rng = rngStream(7, 0, 'test', 'other');
    let other = 0;
    for (let i = 0; i < 200; i++) if (simulateCycle(model, rng, 0.3, undefined, true).likelihoodRatio !== 1) other++;
    expect(other).toBeGreaterThan(0);
  });

  it('biased probabilities form a distribution, positive wherever the original ones are (absolute continuity)', () => {
    const { model } = rareEventModel(twoOfThree(2000 * H, 24 * H));
    for (const bias of [0.2, 0.5, 0.8]) {
      for (let x = 0; x < model.n; x++) {
        let sum = 0;
        let failures = 0;
        for (let e = model.outStart[x]; e < model.outStart[x + 1]; e++) {
          const p = biasedProbability(model, x, e, bias);
          expect(p).toBeGreaterThan(0);
          sum += p;
          if (model.outFailure[e]) failures += p;
        }
        expect(sum).toBeCloseTo(1, 12);
        // Balanced: total failure probability = bias where repairs are pending, 1 in the all-up state.
        if (model.failureCount[x] > 0 && model.repairRate[x] > 0) expect(failures).toBeCloseTo(bias, 12);
        if (x === 0) expect(failures).toBeCloseTo(1, 12);
      }
    }
  });
});

describe('input checks', () => {
  it('rejects non-exponential laws and injected faults, naming them', () => {
    const weibull = scenario({
      components: [component('disk', { count: 2, failure: { kind: 'weibull', shape: 1.3, scale: 1000 * H }, repair: 10 * H })],
      system: parallel('disk[1]', 'disk[2]'),
    });
    expect(() => rareEventModel(weibull)).toThrow(ScenarioError);
    expect(() => rareEventModel(weibull)).toThrow(/components\.disk\.failure.*weibull.*Markovian/);
    const withFault = scenario({
      components: [component('unit', { count: 2, failure: 1000 * H, repair: 10 * H })],
      system: parallel('unit[1]', 'unit[2]'),
      faults: [fault(['unit[1]'], { rate: 1 / (1000 * H) })],
    });
    expect(() => rareEventModel(withFault)).toThrow(/faults\[0\].*fault with a rate/);
  });

  it('a system that can never be down has U = 0 exactly, without simulation', () => {
    const sc = scenario({ components: [component('unit', { failure: null })] });
    const doc = runRareEvent(sc);
    expect(doc.estimate.unavailability.estimate).toBe(0);
    expect(doc.estimate.stoppedBy).toBe('exact');
    expect(doc.estimate.cycles.steps).toBe(0);
  });

  it('CLI: non-Markovian scenario exits 2 with the offending component', () => {
    const r = faultline(['rare', 'scenarios/storage-cluster.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/storage-cluster\.yaml:\d+:\d+: at components\.disk\.failure: non-exponential failure law weibull/);
    expect(r.stderr).toMatch(/Markovian/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(faultline(['rare', 'scenarios/rare-five-nines.yaml', '--bias', '1']).code).toBe(2);
  });
});

describe('determinism and the CLI', () => {
  it('same seed, same document; another seed, another estimate', () => {
    const sc = twoOfThree(2000 * H, 24 * H);
    const a = JSON.stringify(runRareEvent(sc, { seed: 3 }));
    expect(JSON.stringify(runRareEvent(sc, { seed: 3 }))).toBe(a);
    expect(JSON.stringify(runRareEvent(sc, { seed: 4 }))).not.toBe(a);
  });

  it('faultline rare on the five-nines scenario: +-10%, agrees with the CTMC, byte-identical rare.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-rare-'));
    const r1 = faultline(['rare', 'scenarios/rare-five-nines.yaml', '--out', join(dir, 'a')]);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stdout).toMatch(/U \(IS\)/);
    expect(r1.stdout).toMatch(/plain MC\s+would need/);
    const r2 = faultline(['rare', 'scenarios/rare-five-nines.yaml', '--out', join(dir, 'b')]);
    expect(r2.code).toBe(0);
    const a = readFileSync(join(dir, 'a', 'rare.json'), 'utf8');
    expect(readFileSync(join(dir, 'b', 'rare.json'), 'utf8')).toBe(a);
    // rare.md and rare.html are written next to it, and faultline report re-renders them byte for byte
    const re = faultline(['report', join(dir, 'a', 'rare.json'), '--out', join(dir, 'r')]);
    expect(re.code, re.stderr).toBe(0);
    for (const f of ['rare.md', 'rare.html']) expect(readFileSync(join(dir, 'r', f), 'utf8'), f).toBe(readFileSync(join(dir, 'a', f), 'utf8'));
    expect(readFileSync(join(dir, 'a', 'rare.md'), 'utf8')).toMatch(/^# Rare-event study: /);
    const doc = JSON.parse(a);
    expect(doc.schema).toBe('faultline.rare/v1');
    expect(doc.estimate.converged).toBe(true);
    expect(doc.estimate.relativeHalfWidth).toBeLessThanOrEqual(0.1);
    // Exact U of the 3-of-5 pool with one repairer (closed form, see the scenario file).
    const exact = kOfNShared(5, 3, 1 / (8760 * H), 1 / (48 * H), 1).u;
    expect(Math.abs(doc.exact.unavailability - exact) / exact).toBeLessThan(1e-9);
    expectInside(doc.estimate.unavailability, exact, 'five-nines U');
    expect(doc.comparison.verdict).toBe('agrees');
    // The scenario's availability SLO (99.999%) is checked against the estimate.
    expect(doc.slo.objective).toBe('availability');
    expect(doc.slo.target).toBe(0.99999);
    expect(doc.slo.measured).toBeCloseTo(1 - doc.estimate.unavailability.estimate, 15);
    expect(r1.stdout).toMatch(/SLO\s+availability >= 99\.9990%/);
  });
});
