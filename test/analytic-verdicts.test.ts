/**
 * Issue 11 items 21 and 24: verdicts of simulated-vs-analytic comparisons. References: Holm's step-down
 * procedure as defined in S. Holm, Scand. J. Statist. 6(2) (1979) 65-70 (adjusted p-values computed by
 * hand below); the normal two-sided p-value 2(1 - Phi(|z|)) from jStat; the stated 1% practical-equivalence
 * margin and the floating-point tolerance of docs/validation.md.
 */
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { compareMetric, decideVerdicts, type Comparison } from '../src/results/comparison.js';
import type { Estimate } from '../src/results/estimators.js';
import { runData } from './helpers/data.js';

const Z95 = jStat.normal.inv(0.975, 0, 1);

/** An estimate whose 95% CI is estimate +- 1.96 sigma. */
function normalEstimate(estimate: number, sigma: number): Estimate {
  return { estimate, ci95: [estimate - Z95 * sigma, estimate + Z95 * sigma], halfWidth: Z95 * sigma, n: 1000 };
}

/** A comparison whose two-sided p-value is p: the estimate lies z(p) sigmas above the analytic value. */
function withP(p: number, analytic = 100, sigma = 1, violations: string[] = []): Comparison {
  const z = jStat.normal.inv(1 - p / 2, 0, 1);
  return compareMetric('mtbf', 'seconds', normalEstimate(analytic + z * sigma, sigma), analytic, violations);
}

describe('floating-point noise is not a difference (item 21)', () => {
  it('600.0010000000005 vs 600.001 with a degenerate CI agrees', () => {
    const x = 600.0010000000005;
    const c = decideVerdicts([compareMetric('mdt', 'seconds', { estimate: x, ci95: [x, x], halfWidth: 0, n: 200 }, 600.001, [])])[0];
    expect(c.verdict).toBe('agrees');
    expect(c.explanation).not.toMatch(/bug/);
  });

  it('a real difference with a degenerate CI still differs', () => {
    const c = decideVerdicts([compareMetric('mdt', 'seconds', { estimate: 610, ci95: [610, 610], halfWidth: 0, n: 200 }, 600, [])])[0];
    expect(c.verdict).toBe('differs');
    expect(c.explanation).toMatch(/it is a bug/);
  });
});

describe('Holm correction and practical-equivalence margin (item 24)', () => {
  it('adjusted p-values follow Holm (1979): p = .01, .04, .03, .005 -> .03, .06, .06, .02', () => {
    // Sorted: .005 x 4 = .02; .01 x 3 = .03; .03 x 2 = .06; .04 x 1 = .04 -> running max .06.
    const list = decideVerdicts([withP(0.01), withP(0.04), withP(0.03), withP(0.005)]);
    const expected = [0.03, 0.06, 0.06, 0.02];
    list.forEach((c, i) => expect(c.adjustedP).toBeCloseTo(expected[i], 9));
  });

  it('one p = 0.0278 alone differs, fifteen of them do not (chance across a report)', () => {
    const alone = decideVerdicts([withP(0.0278)]);
    expect(alone[0].verdict).toBe('differs');
    const family = decideVerdicts(Array.from({ length: 15 }, () => withP(0.0278)));
    // Holm: the smallest adjusted p is 15 x 0.0278 = 0.417 > 0.05.
    expect(family.every((c) => c.verdict === 'agrees')).toBe(true);
    expect(family[0].adjustedP).toBeCloseTo(Math.min(1, 15 * 0.0278), 9);
  });

  it('significant but inside the 1% margin agrees', () => {
    // 0.5% above the analytic value with a tiny sigma: p ~ 0 but |d| = 0.5 < margin 1.
    const c = decideVerdicts([compareMetric('mtbf', 'seconds', normalEstimate(100.5, 0.01), 100, [])])[0];
    expect(c.pValue).toBeLessThan(1e-6);
    expect(c.margin).toBeCloseTo(1, 12);
    expect(c.verdict).toBe('agrees');
  });

  it('probabilities are judged on the rarer outcome: 99.99% vs 99.98% is far outside the margin', () => {
    const c = decideVerdicts([compareMetric('availability', 'probability', normalEstimate(0.9998, 1e-6), 0.9999, [])])[0];
    expect(c.margin).toBeCloseTo(0.01 * 1e-4, 12);
    expect(c.verdict).toBe('differs');
  });

  it('"it is a bug" only without violated assumptions', () => {
    const [withViolation] = decideVerdicts([withP(1e-8, 100, 1, ['non-exponential repair law'])]);
    expect(withViolation.verdict).toBe('differs');
    expect(withViolation.explanation).not.toMatch(/bug/);
    expect(withViolation.explanation).toMatch(/non-exponential repair law/);
    const [clean] = decideVerdicts([withP(1e-8)]);
    expect(clean.explanation).toMatch(/it is a bug/);
  });

  it('a lower bound (restricted mean) below the analytic value is not a difference', () => {
    const c = decideVerdicts([compareMetric('mttff', 'seconds', normalEstimate(50, 0.1), 100, [], { measuredIs: 'lower-bound' })])[0];
    expect(c.pValue).toBe(1);
    expect(c.verdict).toBe('agrees');
  });

  it('a copied comparison cannot be decided (its context is lost)', () => {
    expect(() => decideVerdicts([{ ...withP(0.5) }])).toThrow(/compareMetric/);
  });
});

describe('backups skipped during a restore are a violated assumption (item 21)', () => {
  it('restores of 10 000 s against an hourly backup: listed, and never "a bug"', () => {
    // Operator errors 2/d, noticed after 10 min; each restore of 1 GB at 100 kB/s takes 1e4 s, so about 23%
    // of the time is spent restoring and the backup runs that fall in it are skipped. (With errors noticed at
    // once the exact E[min(Y, (X-D)+)] applies, which models the restores, so no assumption is violated.)
    const d = runData(`
      name: slow restores
      horizon: 30d
      replications: 40
      seed: 11
      components:
        db: { failure: none, repair: none }
      datastores:
        main: { primary: db, write_rate: 1MB/s, size: 1GB }
      backups:
        hourly: { datastore: main, type: full, schedule: { every: 1h }, throughput: 1TB/s, restore_throughput: 100kB/s }
      faults:
        - { kind: operator-error, datastore: main, rate: 2/d, detection: 10m }
    `);
    expect(d.datastores[0].backups.skipped).toBeGreaterThan(0);
    const rpo = d.expectations.find((e) => e.metric === 'rpo_backup_mean[main]');
    expect(rpo?.violations.some((v) => /skipped while a restore is in progress/.test(v))).toBe(true);
    for (const c of d.comparison) expect(c.explanation).not.toMatch(/bug/);
  });
});
