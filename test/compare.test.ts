/**
 * Paired comparison with common random numbers: exact zero for identical variants, CRN variance reduction,
 * coverage of a closed-form difference, verdict directions.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analytic/expectations.js';
import { METRICS, pairedDifference, verdictOf, welchHalfWidth } from '../src/compare/paired.js';
import { simulateComparison } from '../src/compare/run.js';
import { planComparison, type VariantSpec } from '../src/compare/variants.js';
import type { ReplicationStats } from '../src/observe/replication-stats.js';
import { runScenario } from '../src/run/runner.js';

const fixture = (name: string) => `test/fixtures/compare/${name}`;
const simulate = (file: string, replications: number, baseline = 'baseline') =>
  simulateComparison(planComparison([file]), { baseline, seed: 11, replications, replay: 'test', analytic: null, resultsDir: (i) => `v${i}` });
const variant = (specs: VariantSpec[], name: string) => specs.find((v) => v.name === name) as VariantSpec;

describe('paired differences', () => {
  it('identical variants differ by exactly 0 with a zero-width interval, for every metric', () => {
    const { doc } = simulate(fixture('crew.yaml'), 60);
    const same = doc.differences.filter((d) => d.variant === 'same');
    // Every metric of the table that is estimable here is present (MTTFF only when uncensored).
    expect(same.map((d) => d.metric)).toEqual(expect.arrayContaining(['availability', 'unavailability', 'downtime_per_year', 'outages_per_year', 'mean_outage_duration', 'mtbf']));
    for (const d of same) {
      expect(d.difference.estimate).toBe(0);
      expect(d.difference.halfWidth).toBe(0);
      expect(d.difference.ci95).toEqual([0, 0]);
      expect(d.verdict).toBe('no-significant-difference');
      expect(d.value).toEqual(d.baseline);
    }
    // The sweep value equal to the scenario as written (mttr 10h) is also identical to the baseline.
    for (const d of doc.differences.filter((x) => x.variant === 'mttr=10h')) expect(d.difference.halfWidth).toBe(0);
  });

  it('CRN makes the paired CI narrower than independent runs of the same size', () => {
    const plan = planComparison([fixture('crew.yaml')]);
    const n = 200;
    const base = runScenario(variant(plan.variants, 'baseline').scenario, { seed: 11, replications: n, targetHalfWidth: null });
    const two = runScenario(variant(plan.variants, 'two-repairmen').scenario, { seed: 11, replications: n, targetHalfWidth: null });
    // Independent streams for the variant: another seed.
    const indep = runScenario(variant(plan.variants, 'two-repairmen').scenario, { seed: 12, replications: n, targetHalfWidth: null });
    const def = METRICS.find((m) => m.metric === 'availability')!;
    const paired = pairedDifference(def, base.accumulator.replications(), two.accumulator.replications())!;
    const unpaired = pairedDifference(def, base.accumulator.replications(), indep.accumulator.replications())!;
    const va = variance(base.accumulator.replications().map((r) => r.uptime / r.window));
    const vb = variance(indep.accumulator.replications().map((r) => r.uptime / r.window));
    const independentHalfWidth = welchHalfWidth(va, vb, n)!;
    expect(paired.difference.halfWidth!).toBeLessThan(independentHalfWidth);
    expect(paired.difference.halfWidth!).toBeLessThan(paired.crn.independentHalfWidth!);
    expect(paired.crn.varianceReduction!).toBeGreaterThan(0);
    // Without common random numbers the reduction is not there (the variance of the "paired" differences of
    // independent runs estimates Var(a) + Var(b); its ratio is within sampling error of 1, far from CRN's).
    expect(unpaired.crn.varianceReduction!).toBeLessThan(paired.crn.varianceReduction!);
  });

  it('the paired CI covers the closed-form difference (single unit vs 1-of-2 parallel)', () => {
    const { doc, runs } = simulate(fixture('closed-form.yaml'), 300);
    const analyticA = runs.map((r) => analyze(r.spec.scenario).system);
    const truth = (analyticA[1].intervalAvailability.value as number) - (analyticA[0].intervalAvailability.value as number);
    const a = doc.differences.find((d) => d.variant === 'parallel' && d.metric === 'availability')!;
    expect(Math.abs((a.difference.estimate as number) - truth)).toBeLessThanOrEqual(a.difference.halfWidth as number);
    expect(a.verdict).toBe('better');
    // Mean outage duration (paired delta method on a ratio): MDT = 1/mu = 10 h for one unit, 1/(2 mu) = 5 h
    // for two independent units in parallel (Rausand & Hoyland 2004, ch. 8: both must be down; the first
    // repair ends the outage).
    const m = doc.differences.find((d) => d.variant === 'parallel' && d.metric === 'mean_outage_duration')!;
    expect(Math.abs((m.difference.estimate as number) - -5 * 3600)).toBeLessThanOrEqual(m.difference.halfWidth as number);
    expect(m.verdict).toBe('better');
    // Reliability at 10 d (paired 0/1 per replication): covers the analytic R(t) difference (CTMC transient).
    const r = doc.differences.find((d) => d.variant === 'parallel' && d.metric === 'reliability(864000s)')!;
    const rTruth = (analyticA[1].reliability[0].value as number) - (analyticA[0].reliability[0].value as number);
    expect(Math.abs((r.difference.estimate as number) - rTruth)).toBeLessThanOrEqual(r.difference.halfWidth as number);
  });

  it('verdicts follow the preferred direction and need the CI to exclude 0', () => {
    const e = (lo: number, hi: number) => ({ estimate: (lo + hi) / 2, ci95: [lo, hi] as [number, number], halfWidth: (hi - lo) / 2, n: 10 });
    expect(verdictOf(e(0.1, 0.3), 'higher')).toBe('better');
    expect(verdictOf(e(0.1, 0.3), 'lower')).toBe('worse');
    expect(verdictOf(e(-0.3, -0.1), 'lower')).toBe('better');
    expect(verdictOf(e(-0.3, 0.1), 'higher')).toBe('no-significant-difference');
    expect(verdictOf({ estimate: 1, ci95: null, halfWidth: null, n: 1 }, 'higher')).toBe('no-significant-difference');
  });

  it('runs each variant exactly as `faultline run` would with the same seed and replications', () => {
    const plan = planComparison([fixture('crew.yaml')]);
    const { runs } = simulateComparison(plan, { baseline: 'baseline', seed: 5, replications: 70, replay: 'r', analytic: null, resultsDir: (i) => `v${i}` });
    for (const [i, spec] of plan.variants.entries()) {
      const alone = runScenario(spec.scenario, { seed: 5, replications: 70, targetHalfWidth: null });
      expect(runs[i].replications).toEqual(alone.accumulator.replications());
    }
  });

  it('with a target, stops every variant at the same batch once each paired availability CI is narrow enough', () => {
    const plan = planComparison([fixture('crew.yaml')]);
    const target = 2e-3;
    const { doc, runs } = simulateComparison(plan, { baseline: 'baseline', seed: 5, replications: 2000, targetHalfWidth: target, replay: 'r', analytic: null, resultsDir: (i) => `v${i}` });
    const n = doc.replications;
    expect(n).toBeLessThan(2000);
    expect(n % 50).toBe(0);
    expect(n).toBeGreaterThanOrEqual(100);
    for (const r of runs) {
      expect(r.replications).toHaveLength(n);
      expect(r.results.run.stoppedBy).toBe('precision');
    }
    for (const d of doc.differences.filter((x) => x.metric === 'availability')) expect(d.difference.halfWidth!).toBeLessThanOrEqual(target);
  });

  it("clips each variant's CI to the metric's support, as run does (a mean downtime's t-interval stays >= 0)", () => {
    // Downtime per replication 0, 0, 0, 0, 10 s: mean 2, s = sqrt(80 / 4) = 4.4721, t_{4, 0.975} = 2.7764
    // (Student t table), half-width 5.5527: the raw interval [-3.5527, 7.5527] is clipped to [0, 7.5527]
    // (src/results/estimators.ts withinSupport); a probability's to [0, 1].
    const reps = [0, 0, 0, 0, 10].map((x, replication) => ({ replication, downtime: x, window: 20 }) as unknown as ReplicationStats);
    const seconds = pairedDifference({ metric: 'downtime', unit: 'seconds', better: 'lower', value: (r) => r.downtime }, reps, reps)!;
    expect(seconds.baseline.ci95![0]).toBe(0);
    expect(seconds.baseline.ci95![1]).toBeCloseTo(2 + (2.7764 * Math.sqrt(20)) / Math.sqrt(5), 3);
    expect(seconds.difference.estimate).toBe(0);
    const share = pairedDifference({ metric: 'down share', unit: 'probability', better: 'lower', value: (r) => r.downtime / r.window }, reps, reps)!;
    expect(share.value.ci95![0]).toBe(0);
    const dev = pairedDifference({ metric: 'signed', unit: 'seconds', better: 'lower', value: (r) => r.downtime, support: [-Infinity, Infinity] }, reps, reps)!;
    expect(dev.value.ci95![0]).toBeLessThan(-3.5);
  });

  it('refuses replications that do not pair up', () => {
    const plan = planComparison([fixture('crew.yaml')]);
    const a = runScenario(plan.variants[0].scenario, { seed: 1, replications: 5, targetHalfWidth: null }).accumulator.replications();
    const b = runScenario(plan.variants[1].scenario, { seed: 1, replications: 6, targetHalfWidth: null }).accumulator.replications();
    expect(() => pairedDifference(METRICS[0], a, b)).toThrow(/same replications/);
  });
});

function variance(xs: number[]): number {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}
